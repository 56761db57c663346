/*
 * test_property.c: for many seeds, generate an instance, solve it, check that the schedule has no
 * hard violation, then break it on purpose in one way and assert that the checker reports exactly
 * that violation: the rule's count goes up by one, every other hard rule stays as it was, and the
 * words name what was broken.
 *
 * Each corruption is chosen from the model alone (not by asking the checker), so that the checker
 * is tested, not consulted:
 *   room      two sessions in one room at once (move one into the other's room, same time)
 *   speaker   a session outside one of its speaker's availability
 *   capacity  an over-full room
 *   feature   a missing room feature
 *   resource  an over-used shared resource
 *   plenary   a session made exclusive, with every room but one overflow, where exactly one other
 *             session runs beside it in that one room
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/internal.h"

#include <stdlib.h>
#include <string.h>

#define SEEDS 12
#define SESSIONS 60

static salle_instance *gen(unsigned long long seed)
{
    salle_gen_options go = {SESSIONS, seed};
    char *text = salle_gen_json(&go);
    assert_non_null(text);
    salle_diag err = {0};
    salle_instance *inst = salle_instance_parse(text, strlen(text), "gen.json", &err);
    if (!inst)
        fail_msg("generated instance does not parse: %d:%d: %s", err.line, err.col, err.msg);
    free(text);
    return inst;
}

static salle_schedule *solve(const salle_instance *inst, unsigned long long seed)
{
    salle_solve_options opt = {0};
    opt.time_limit = 5;
    opt.seed = seed;
    salle_score sc;
    salle_schedule *s = salle_solve(inst, &opt, &sc);
    assert_non_null(s);
    salle_report *rep = salle_check(inst, s);
    if (rep->score.hard != 0) {
        salle_report_print(rep, stderr, 1);
        fail_msg("seed %llu: the solver left %ld hard violations", seed, rep->score.hard);
    }
    /* the solver's own bookkeeping agrees with the independent checker */
    assert_int_equal(sc.hard, rep->score.hard);
    assert_int_equal(sc.soft, rep->score.soft);
    salle_report_free(rep);
    return s;
}

/* Checks the report against the baseline: rule went up by exactly one, others unchanged, and one
 * violation of that rule mentions every word in needles. */
static void expect_exactly(const salle_report *base, const salle_report *rep, int rule,
                           const char *const *needles, int nneedles)
{
    for (int r = 1; r < SALLE_HARD_COUNT; r++) {
        long want = base->hard_by_rule[r] + (r == rule);
        if (rep->hard_by_rule[r] != want) {
            salle_report_print(rep, stderr, 1);
            fail_msg("rule %s: expected %ld violations, got %ld", salle_hard_name(r), want,
                     rep->hard_by_rule[r]);
        }
    }
    assert_int_equal(rep->score.hard, base->score.hard + 1);
    for (int i = 0; i < rep->nviolations; i++) {
        const salle_violation *v = &rep->violations[i];
        if (!v->hard || v->rule != rule)
            continue;
        int all = 1;
        for (int k = 0; k < nneedles; k++)
            if (!strstr(v->text, needles[k]))
                all = 0;
        if (all)
            return;
    }
    salle_report_print(rep, stderr, 1);
    fail_msg("no %s violation names %s", salle_hard_name(rule), needles[0]);
}

static int overlap(int a0, int a1, int b0, int b1)
{
    return a0 < b1 && b0 < a1;
}

/* Room conflict: find A and B overlapping in time in different rooms, such that B could sit in
 * A's room (capacity, features, allowed rooms, availability) and nothing else in A's room is near
 * B's time; then move B into A's room. */
static int corrupt_room(const salle_instance *inst, salle_schedule *s, const char **ids)
{
    for (int i = 0; i < s->nassign; i++) {
        for (int j = 0; j < s->nassign; j++) {
            const salle_assignment *A = &s->assign[i], *B = &s->assign[j];
            const salle_session *sa = &inst->sessions[A->session], *sb = &inst->sessions[B->session];
            if (i == j || A->room == B->room ||
                !overlap(A->start, A->start + sa->duration, B->start, B->start + sb->duration))
                continue;
            const salle_room *r = &inst->rooms[A->room];
            if (sb->attendance > r->capacity || (sb->rooms.n && !salle__ids_has(&sb->rooms, A->room)) ||
                sb->pinned_room >= 0 || sb->published_room >= 0 ||
                !salle__windows_contain(&r->available, B->start, B->start + sb->duration) ||
                r->venue != inst->rooms[B->room].venue)
                continue;
            int ok = 1;
            for (int k = 0; k < sb->needs.n; k++)
                if (!salle__ids_has(&r->features, sb->needs.v[k]))
                    ok = 0;
            for (int k = 0; ok && k < s->nassign; k++) {
                const salle_assignment *C = &s->assign[k];
                if (k == i || k == j || C->room != A->room)
                    continue;
                int cend = C->start + inst->sessions[C->session].duration;
                if (overlap(C->start - r->changeover, cend + r->changeover, B->start,
                            B->start + sb->duration))
                    ok = 0;
            }
            if (!ok)
                continue;
            s->assign[j].room = A->room;
            ids[0] = sa->id;
            ids[1] = sb->id;
            return 1;
        }
    }
    return 0;
}

static void test_corruptions(void **state)
{
    (void)state;
    int done[6] = {0};
    for (unsigned long long seed = 1; seed <= SEEDS; seed++) {
        salle_instance *inst = gen(seed);
        salle_schedule *s = solve(inst, seed);
        salle_report *base = salle_check(inst, s);
        assert_int_equal(s->nassign, inst->nsessions);
        const salle_assignment *a0 = &s->assign[seed % (unsigned long long)s->nassign];
        salle_session *ss = &inst->sessions[a0->session];
        int start = a0->start, end = a0->start + ss->duration;

        /* 1. two sessions in one room at once */
        {
            salle_schedule *c = salle_schedule_new();
            for (int i = 0; i < s->nassign; i++)
                salle_schedule_add(c, s->assign[i].session, s->assign[i].room, s->assign[i].start);
            const char *ids[2];
            if (corrupt_room(inst, c, ids)) {
                salle_report *rep = salle_check(inst, c);
                expect_exactly(base, rep, SALLE_HARD_ROOM_CONFLICT, ids, 2);
                salle_report_free(rep);
                done[0]++;
            }
            salle_schedule_free(c);
        }
        /* 2. outside a speaker's availability: the speaker is away exactly during this session */
        if (ss->speakers.n) {
            salle_person *p = &inst->people[ss->speakers.v[0]];
            salle_windows saved = p->available;
            salle_window w[2] = {{-100000, start}, {end, 100000}};
            p->available = (salle_windows){2, 0, w};
            salle_report *rep = salle_check(inst, s);
            const char *needles[] = {ss->id, p->name};
            expect_exactly(base, rep, SALLE_HARD_AVAILABILITY, needles, 2);
            salle_report_free(rep);
            p->available = saved;
            done[1]++;
        }
        /* 3. an over-full room */
        {
            int saved = ss->attendance;
            ss->attendance = inst->rooms[a0->room].capacity + 1;
            salle_report *rep = salle_check(inst, s);
            const char *needles[] = {ss->id, inst->rooms[a0->room].name};
            expect_exactly(base, rep, SALLE_HARD_CAPACITY, needles, 2);
            salle_report_free(rep);
            ss->attendance = saved;
            done[2]++;
        }
        /* 4. a feature no room has */
        {
            salle_ids saved = ss->needs;
            int *v = salle__xmalloc((size_t)(saved.n + 1) * sizeof *v);
            if (saved.n)
                memcpy(v, saved.v, (size_t)saved.n * sizeof *v);
            inst->feature_names = salle__xrealloc(inst->feature_names,
                                                  (size_t)(inst->nfeatures + 1) * sizeof(char *));
            inst->feature_names[inst->nfeatures] = salle__xstrdup("sign-language");
            v[saved.n] = inst->nfeatures++;
            ss->needs = (salle_ids){saved.n + 1, v};
            salle_report *rep = salle_check(inst, s);
            const char *needles[] = {ss->id, "sign-language"};
            expect_exactly(base, rep, SALLE_HARD_FEATURES, needles, 2);
            salle_report_free(rep);
            ss->needs = saved;
            free(v);
            done[3]++;
        }
        /* 5. an over-used resource: a new one-team resource used by two overlapping sessions */
        for (int j = 0; j < s->nassign; j++) {
            const salle_assignment *b = &s->assign[j];
            salle_session *sb = &inst->sessions[b->session];
            if (b->session == a0->session || !overlap(start, end, b->start, b->start + sb->duration))
                continue;
            inst->resources = salle__xrealloc(inst->resources,
                                              (size_t)(inst->nresources + 1) * sizeof *inst->resources);
            salle_resource *res = &inst->resources[inst->nresources];
            memset(res, 0, sizeof *res);
            res->id = salle__xstrdup("sign-team");
            res->name = salle__xstrdup("Sign language team");
            res->capacity = 1;
            res->shifts.any = 1;
            int rix = inst->nresources++;
            salle_ids sa_saved = ss->resources, sb_saved = sb->resources;
            int va[64], vb[64];
            assert_true(sa_saved.n < 63 && sb_saved.n < 63);
            if (sa_saved.n)
                memcpy(va, sa_saved.v, (size_t)sa_saved.n * sizeof(int));
            if (sb_saved.n)
                memcpy(vb, sb_saved.v, (size_t)sb_saved.n * sizeof(int));
            va[sa_saved.n] = rix;
            vb[sb_saved.n] = rix;
            ss->resources = (salle_ids){sa_saved.n + 1, va};
            sb->resources = (salle_ids){sb_saved.n + 1, vb};
            salle_report *rep = salle_check(inst, s);
            const char *needles[] = {"Sign language team"};
            expect_exactly(base, rep, SALLE_HARD_RESOURCES, needles, 1);
            salle_report_free(rep);
            ss->resources = sa_saved;
            sb->resources = sb_saved;
            done[4]++;
            break;
        }
        /* 6. a plenary with a session beside it: a0 becomes exclusive, and every room but the
         * room of one session B that overlaps it (and is alone there in a0's time) is overflow */
        for (int j = 0; j < s->nassign && !ss->exclusive; j++) {
            const salle_assignment *b = &s->assign[j];
            const salle_session *sb = &inst->sessions[b->session];
            if (b->session == a0->session || b->room == a0->room ||
                !overlap(start, end, b->start, b->start + sb->duration))
                continue;
            int alone = 1;
            for (int k = 0; k < s->nassign; k++) {
                const salle_assignment *o = &s->assign[k];
                if (k != j && o->session != a0->session && o->room == b->room &&
                    overlap(start, end, o->start, o->start + inst->sessions[o->session].duration))
                    alone = 0;
            }
            if (!alone)
                continue;
            int *v = salle__xmalloc(((size_t)inst->nrooms + 1) * sizeof *v), nv = 0;
            for (int r = 0; r < inst->nrooms; r++)
                if (r != b->room)
                    v[nv++] = r;
            ss->exclusive = 1;
            ss->overflow = (salle_ids){nv, v};
            salle_report *rep = salle_check(inst, s);
            const char *needles[] = {sb->id, ss->id, "exclusive", inst->rooms[b->room].name};
            expect_exactly(base, rep, SALLE_HARD_EXCLUSIVE, needles, 4);
            salle_report_free(rep);
            ss->exclusive = 0;
            ss->overflow = (salle_ids){0, NULL};
            free(v);
            done[5]++;
            break;
        }
        salle_report_free(base);
        salle_schedule_free(s);
        salle_instance_free(inst);
    }
    /* every kind of corruption was exercised on most seeds */
    for (int k = 0; k < 6; k++)
        if (done[k] < SEEDS / 2)
            fail_msg("corruption %d was possible on only %d of %d seeds", k, done[k], SEEDS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corruptions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
