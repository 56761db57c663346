/*
 * test_solve.c: the solver. Small hand-written instances and generated ones are solved; every
 * result must break no hard rule, the solver's own score must equal the independent checker's
 * (hard and soft), the same seed must give the same schedule, fixed sessions must stay, and a
 * session that no room can hold must be reported unscheduled with a reason naming the cause.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/internal.h"
#include "engine/solve.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static salle_instance *parse(const char *json)
{
    salle_diag err = {0};
    salle_instance *inst = salle_instance_parse(json, strlen(json), "t.json", &err);
    if (!inst)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
    return inst;
}

static salle_schedule *agreed(const salle_instance *inst, salle_schedule *s, const salle_score *sc);

/* Solves with debug_check on (the solver audits its incremental score as it goes) and checks
 * the result against salle_check. */
static salle_schedule *solve(const salle_instance *inst, unsigned long long seed, salle_score *sc)
{
    salle_solve_options opt = {0};
    opt.time_limit = 120; /* a cut search is not reproducible: leave room for a loaded machine */
    opt.seed = seed;
    opt.debug_check = 1;
    return agreed(inst, salle_solve(inst, &opt, sc), sc);
}

/* s is complete and the checker's score, full and score-only, is the solver's sc. */
static salle_schedule *agreed(const salle_instance *inst, salle_schedule *s, const salle_score *sc)
{
    assert_non_null(s);
    assert_int_equal(s->nassign + s->nunscheduled, inst->nsessions);
    salle_report *rep = salle_check(inst, s);
    if (rep->score.hard != sc->hard || rep->score.soft != sc->soft) {
        salle_report_print(rep, stderr, 1);
        fail_msg("solver says (hard %ld, soft %ld), checker says (hard %ld, soft %ld)", sc->hard,
                 sc->soft, rep->score.hard, rep->score.soft);
    }
    /* the checker's score-only pass (what salle solve prints) adds up the same, rule by rule */
    salle_report *quick = salle_check_score(inst, s);
    assert_int_equal(quick->nviolations, 0);
    assert_int_equal(quick->score.hard, rep->score.hard);
    assert_int_equal(quick->score.soft, rep->score.soft);
    assert_memory_equal(quick->hard_by_rule, rep->hard_by_rule, sizeof rep->hard_by_rule);
    assert_memory_equal(quick->soft_by_goal, rep->soft_by_goal, sizeof rep->soft_by_goal);
    salle_report_free(quick);
    salle_report_free(rep);
    return s;
}

static const salle_assignment *find(const salle_schedule *s, int session)
{
    for (int i = 0; i < s->nassign; i++)
        if (s->assign[i].session == session)
            return &s->assign[i];
    return NULL;
}

#define HEAD                                                                                       \
    "{\"salle\":1,\"event\":{\"name\":\"T\",\"timezone\":\"Europe/Paris\","                       \
    "\"days\":[\"2018-11-12\",\"2018-11-13\"],\"hours\":{\"start\":\"09:00\",\"end\":\"13:00\"}},"

/* A tight little forum: two rooms, shared speakers, a feature, a resource, relations. */
static const char *small =
    HEAD
    "\"venues\":[{\"id\":\"main\",\"travel\":{\"annex\":20}},{\"id\":\"annex\"}],"
    "\"rooms\":["
    "{\"id\":\"hall\",\"capacity\":300,\"features\":[\"interpretation\",\"captioning\"],\"venue\":\"main\"},"
    "{\"id\":\"r2\",\"capacity\":60,\"features\":[\"captioning\"],\"venue\":\"main\",\"changeover\":15},"
    "{\"id\":\"r3\",\"capacity\":40,\"venue\":\"annex\"}],"
    "\"people\":["
    "{\"id\":\"anna\",\"available\":[{\"start\":\"09:30\",\"end\":\"13:00\"}]},"
    "{\"id\":\"kofi\",\"remote\":true,\"timezone\":\"America/Los_Angeles\"},"
    "{\"id\":\"li\",\"preferred\":[{\"start\":\"09:00\",\"end\":\"11:00\"}]}],"
    "\"resources\":[{\"id\":\"interp\",\"capacity\":1,\"shifts\":[{\"start\":\"09:00\",\"end\":\"12:00\"}]}],"
    "\"sessions\":["
    "{\"id\":\"MS-1\",\"duration\":\"2h\",\"needs\":[\"interpretation\"],\"resources\":[\"interp\"],"
    "\"attendance\":250,\"speakers\":[\"anna\",\"li\"],\"tracks\":[\"rights\"]},"
    "{\"id\":\"MS-2\",\"duration\":\"1h30\",\"needs\":[\"interpretation\"],\"resources\":[\"interp\"],"
    "\"attendance\":200,\"speakers\":[\"li\"],\"tracks\":[\"access\"]},"
    "{\"id\":\"WS-1\",\"duration\":90,\"organizers\":[\"kofi\"],\"speakers\":[\"anna\"],\"attendance\":50,"
    "\"tracks\":[\"rights\"],\"not_with\":[\"MS-1\"],\"tags\":[\"privacy\"]},"
    "{\"id\":\"WS-2\",\"duration\":60,\"speakers\":[\"kofi\",\"li\"],\"attendance\":30,\"tags\":[\"privacy\"],"
    "\"after\":[\"WS-1\"]},"
    "{\"id\":\"WS-3\",\"duration\":80,\"needs\":[\"captioning\"],\"attendance\":45,\"tracks\":[\"access\"],"
    "\"preferred\":{\"rooms\":[\"r2\"]}},"
    "{\"id\":\"OF-1\",\"duration\":60,\"attendance\":20,\"rooms\":[\"r3\"],"
    "\"allowed\":[{\"day\":\"2018-11-12\",\"start\":\"10:00\",\"end\":\"13:00\"}]},"
    "{\"id\":\"OF-2\",\"duration\":45,\"attendance\":25,\"speakers\":[\"li\"]},"
    "{\"id\":\"LT-1\",\"duration\":30,\"attendance\":10,\"speakers\":[\"kofi\",\"anna\",\"li\"]}],"
    "\"interest\":[[\"MS-1\",\"WS-1\"],[\"WS-1\",\"WS-2\",\"OF-2\"],[\"MS-2\",\"WS-3\"],[\"MS-1\",\"MS-2\"]]}";

/* Plenary sessions (rule 10): an opening with an overflow room, a closing with none, and enough
 * workshops that the morning is tight; nothing is pinned, so the solver must find the times. */
static const char *plenary =
    HEAD
    "\"rooms\":[{\"id\":\"hall\",\"capacity\":300},{\"id\":\"r2\",\"capacity\":100},"
    "{\"id\":\"r3\",\"capacity\":60},{\"id\":\"r4\",\"capacity\":60}],"
    "\"people\":[{\"id\":\"anna\"},{\"id\":\"li\"}],"
    "\"sessions\":["
    "{\"id\":\"OC\",\"duration\":90,\"attendance\":250,\"exclusive\":true,\"overflow\":[\"r2\"],"
    "\"speakers\":[\"anna\"]},"
    "{\"id\":\"SCR\",\"duration\":90,\"attendance\":80,\"rooms\":[\"r2\"]},"
    "{\"id\":\"CC\",\"duration\":60,\"attendance\":200,\"exclusive\":true,\"speakers\":[\"li\"]},"
    "{\"id\":\"WS-1\",\"duration\":90,\"attendance\":50,\"speakers\":[\"li\"]},"
    "{\"id\":\"WS-2\",\"duration\":90,\"attendance\":50},"
    "{\"id\":\"WS-3\",\"duration\":60,\"attendance\":40,\"speakers\":[\"anna\"]},"
    "{\"id\":\"WS-4\",\"duration\":60,\"attendance\":40},"
    "{\"id\":\"WS-5\",\"duration\":90,\"attendance\":30},"
    "{\"id\":\"WS-6\",\"duration\":60,\"attendance\":30},"
    "{\"id\":\"WS-7\",\"duration\":90,\"attendance\":30},"
    "{\"id\":\"WS-8\",\"duration\":60,\"attendance\":30}],"
    "\"interest\":[[\"OC\",\"WS-1\"],[\"WS-1\",\"WS-2\"]]}";

/* The solved schedule keeps every room but the overflow room empty while a plenary runs, and the
 * solver's score (audited move by move) agrees with the checker's. */
static void test_plenary(void **state)
{
    (void)state;
    salle_instance *inst = parse(plenary);
    salle_score sc;
    salle_schedule *s = solve(inst, 3, &sc);
    assert_int_equal(sc.hard, 0);
    assert_int_equal(s->nassign, inst->nsessions);
    salle_report *rep = salle_check(inst, s);
    assert_int_equal(rep->hard_by_rule[SALLE_HARD_EXCLUSIVE], 0);
    salle_report_free(rep);
    int r2 = salle_instance_room(inst, "r2");
    for (int k = 0; k < 2; k++) {
        int p = salle_instance_session(inst, k ? "CC" : "OC");
        const salle_assignment *a = find(s, p);
        assert_non_null(a);
        int b = a->start + inst->sessions[p].duration;
        for (int i = 0; i < s->nassign; i++) {
            const salle_assignment *o = &s->assign[i];
            int ob = o->start + inst->sessions[o->session].duration;
            if (o->session == p || !(o->start < b && a->start < ob))
                continue;
            /* only the overflow room of the opening may be in use beside it */
            assert_int_equal(k, 0);
            assert_int_equal(o->room, r2);
        }
    }
    salle_schedule_free(s);
    salle_instance_free(inst);
}

static void test_small(void **state)
{
    (void)state;
    salle_instance *inst = parse(small);
    salle_score sc;
    salle_schedule *s = solve(inst, 1, &sc);
    assert_int_equal(sc.hard, 0);
    assert_int_equal(s->nassign, inst->nsessions);
    /* WS-2 comes after WS-1 */
    const salle_assignment *a = find(s, salle_instance_session(inst, "WS-1"));
    const salle_assignment *b = find(s, salle_instance_session(inst, "WS-2"));
    assert_non_null(a);
    assert_non_null(b);
    assert_true(b->start >= a->start + 90);
    salle_schedule_free(s);
    salle_instance_free(inst);
}

static void test_deterministic(void **state)
{
    (void)state;
    salle_instance *inst = parse(small);
    salle_gen_options go = {60, 7};
    char *text = salle_gen_json(&go);
    salle_instance *big = parse(text);
    free(text);
    const salle_instance *insts[2] = {inst, big};
    for (int k = 0; k < 2; k++) {
        salle_score s1, s2;
        salle_schedule *x = solve(insts[k], 42, &s1), *y = solve(insts[k], 42, &s2);
        assert_int_equal(s1.hard, s2.hard);
        assert_int_equal(s1.soft, s2.soft);
        assert_int_equal(x->nassign, y->nassign);
        for (int i = 0; i < x->nassign; i++) {
            assert_int_equal(x->assign[i].session, y->assign[i].session);
            assert_int_equal(x->assign[i].room, y->assign[i].room);
            assert_int_equal(x->assign[i].start, y->assign[i].start);
        }
        salle_schedule_free(x);
        salle_schedule_free(y);
    }
    salle_instance_free(inst);
    salle_instance_free(big);
}

static void test_generated(void **state)
{
    (void)state;
    for (unsigned long long seed = 1; seed <= 2; seed++) {
        salle_gen_options go = {70, seed};
        char *text = salle_gen_json(&go);
        salle_instance *inst = parse(text);
        free(text);
        salle_score sc;
        salle_schedule *s = solve(inst, seed, &sc);
        assert_int_equal(sc.hard, 0);
        assert_int_equal(s->nassign, inst->nsessions);
        salle_schedule_free(s);
        salle_instance_free(inst);
    }
}

static void test_fixed_sessions_stay(void **state)
{
    (void)state;
    salle_instance *inst = parse(
        HEAD "\"rooms\":[{\"id\":\"a\",\"capacity\":50},{\"id\":\"b\",\"capacity\":50}],"
             "\"people\":[{\"id\":\"p\"}],"
             "\"sessions\":["
             "{\"id\":\"PIN\",\"duration\":60,\"speakers\":[\"p\"],\"pinned\":{\"room\":\"b\",\"start\":\"2018-11-12T10:00\"}},"
             "{\"id\":\"PUB\",\"duration\":60,\"published\":{\"room\":\"a\",\"start\":\"2018-11-13T11:00\"}},"
             "{\"id\":\"OK\",\"duration\":60,\"speakers\":[\"p\"],\"published\":{\"room\":\"a\",\"start\":\"2018-11-12T10:00\",\"move\":\"confirmed\"}},"
             "{\"id\":\"X\",\"duration\":60,\"speakers\":[\"p\"]}]}");
    salle_score sc;
    salle_schedule *s = solve(inst, 3, &sc);
    assert_int_equal(sc.hard, 0);
    const salle_assignment *pin = find(s, salle_instance_session(inst, "PIN"));
    const salle_assignment *pub = find(s, salle_instance_session(inst, "PUB"));
    const salle_assignment *ok = find(s, salle_instance_session(inst, "OK"));
    assert_non_null(pin);
    assert_non_null(pub);
    assert_non_null(ok);
    assert_int_equal(pin->room, salle_instance_room(inst, "b"));
    assert_int_equal(pin->start, 10 * 60);
    assert_int_equal(pub->room, salle_instance_room(inst, "a"));
    assert_int_equal(pub->start, 1440 + 11 * 60);
    /* OK may move (confirmed) and must, since p is busy with PIN then */
    assert_true(ok->start != 10 * 60);
    salle_schedule_free(s);
    salle_instance_free(inst);
}

static void expect_unscheduled(const char *json, const char *id, const char *const *words, int n)
{
    salle_instance *inst = parse(json);
    salle_score sc;
    salle_schedule *s = solve(inst, 1, &sc);
    int x = salle_instance_session(inst, id);
    assert_null(find(s, x));
    int seen = 0;
    for (int i = 0; i < s->nunscheduled; i++) {
        if (s->unscheduled[i].session != x)
            continue;
        seen = 1;
        for (int k = 0; k < n; k++)
            if (!strstr(s->unscheduled[i].reason, words[k]))
                fail_msg("reason \"%s\" does not mention \"%s\"", s->unscheduled[i].reason,
                         words[k]);
    }
    assert_true(seen);
    assert_int_equal(sc.hard, s->nunscheduled);
    salle_schedule_free(s);
    salle_instance_free(inst);
}

static void test_impossible(void **state)
{
    (void)state;
    const char *rooms = "\"rooms\":[{\"id\":\"hall\",\"capacity\":300,\"features\":[\"interpretation\"]},"
                        "{\"id\":\"small\",\"capacity\":40,\"features\":[\"captioning\"]}],";
    char buf[2048];
    /* a feature no room has */
    snprintf(buf, sizeof buf, HEAD "%s\"sessions\":[{\"id\":\"WS-17\",\"duration\":60,\"needs\":[\"sign-language\"]},"
             "{\"id\":\"WS-1\",\"duration\":60}]}", rooms);
    const char *w1[] = {"WS-17", "sign-language", "no room"};
    expect_unscheduled(buf, "WS-17", w1, 3);
    /* features and seats that no single room has together */
    snprintf(buf, sizeof buf, HEAD "%s\"sessions\":[{\"id\":\"WS-17\",\"duration\":60,\"needs\":[\"captioning\"],\"attendance\":200},"
             "{\"id\":\"WS-1\",\"duration\":60}]}", rooms);
    const char *w2[] = {"WS-17", "captioning", "200 seats", "no room has both"};
    expect_unscheduled(buf, "WS-17", w2, 4);
    /* too many attendees */
    snprintf(buf, sizeof buf, HEAD "%s\"sessions\":[{\"id\":\"WS-17\",\"duration\":60,\"attendance\":500}]}", rooms);
    const char *w3[] = {"500 attendees", "hall", "300"};
    expect_unscheduled(buf, "WS-17", w3, 3);
    /* a speaker who is never there when the room is open */
    snprintf(buf, sizeof buf, HEAD "%s\"people\":[{\"id\":\"zoe\",\"name\":\"Zoe Park\",\"available\":[{\"start\":\"15:00\",\"end\":\"17:00\"}]}],"
             "\"sessions\":[{\"id\":\"WS-17\",\"duration\":60,\"speakers\":[\"zoe\"]}]}", rooms);
    const char *w4[] = {"Zoe Park", "available"};
    expect_unscheduled(buf, "WS-17", w4, 2);
}

/* More sessions than room time: some must be left out, each with a reason, and the rest must
 * break nothing. */
static void test_overfull(void **state)
{
    (void)state;
    char buf[4096];
    int len = snprintf(buf, sizeof buf, HEAD "\"rooms\":[{\"id\":\"only\",\"capacity\":100}],\"sessions\":[");
    for (int i = 0; i < 12; i++)
        len += snprintf(buf + len, sizeof buf - (size_t)len, "%s{\"id\":\"S%d\",\"duration\":90}",
                        i ? "," : "", i);
    snprintf(buf + len, sizeof buf - (size_t)len, "]}");
    salle_instance *inst = parse(buf);
    salle_score sc;
    salle_schedule *s = solve(inst, 5, &sc);
    /* 2 days x 4 hours, 90 minutes + 10 changeover: 2 per day fit */
    assert_int_equal(s->nassign, 4);
    assert_int_equal(sc.hard, 8);
    for (int i = 0; i < s->nunscheduled; i++)
        assert_non_null(strstr(s->unscheduled[i].reason, "clash"));
    salle_schedule_free(s);
    salle_instance_free(inst);
}

/* The checker gives the solver's score for s. */
static void assert_checker_agrees(const salle_instance *inst, const salle_schedule *s,
                                  salle_score sc)
{
    assert_non_null(s);
    assert_int_equal(s->nassign + s->nunscheduled, inst->nsessions);
    salle_report *rep = salle_check(inst, s);
    assert_int_equal(rep->score.hard, sc.hard);
    assert_int_equal(rep->score.soft, sc.soft);
    salle_report_free(rep);
}

/* A solve on `threads` threads with a move budget and debug_check on, checked. */
static salle_schedule *solve_threads(const salle_instance *inst, unsigned long long seed,
                                     int threads, long iterations, salle_score *sc,
                                     salle_solve_stats *st)
{
    salle_solve_options opt = {0};
    opt.seed = seed;
    opt.threads = threads;
    opt.iterations = iterations;
    opt.debug_check = 1;
    opt.stats = st;
    salle_schedule *x = salle_solve(inst, &opt, sc);
    assert_checker_agrees(inst, x, *sc);
    return x;
}

/* Two threads: the same seed twice gives the same schedule, and the statistics are filled. Kempe
 * chains and ruin and recreate run with debug_check on (each compound move is audited). */
static void test_threads_deterministic(void **state)
{
    (void)state;
    salle_gen_options go = {50, 3};
    char *text = salle_gen_json(&go);
    salle_instance *inst = parse(text);
    free(text);
    salle_schedule *x[2];
    salle_score sc[2];
    salle_solve_stats st[2];
    for (int k = 0; k < 2; k++) {
        x[k] = solve_threads(inst, 9, 2, 20000, &sc[k], &st[k]);
        assert_true(st[k].moves >= 20000);
        assert_true(st[k].seconds > 0);
        if (sc[k].hard == 0)
            assert_true(st[k].time_to_zero_hard >= 0 && st[k].time_to_zero_hard <= st[k].seconds);
    }
    assert_int_equal(sc[0].hard, sc[1].hard);
    assert_int_equal(sc[0].soft, sc[1].soft);
    assert_int_equal(x[0]->nassign, x[1]->nassign);
    for (int i = 0; i < x[0]->nassign; i++) {
        assert_int_equal(x[0]->assign[i].session, x[1]->assign[i].session);
        assert_int_equal(x[0]->assign[i].room, x[1]->assign[i].room);
        assert_int_equal(x[0]->assign[i].start, x[1]->assign[i].start);
    }
    salle_schedule_free(x[0]);
    salle_schedule_free(x[1]);
    salle_instance_free(inst);
}

static void assert_same_schedule(const salle_schedule *x, salle_score sx, const salle_schedule *y,
                                 salle_score sy);

/* A clock read by several threads: each reading adds 0.01 s. */
static double atomic_clock(void *ctx)
{
    long *ticks = ctx;
    return 1000.0 + 0.01 * (double)__atomic_add_fetch(ticks, 1, __ATOMIC_RELAXED);
}

/* Threads as a team (docs/solver.md, "Threads"): on a 300-session, 4-day instance the runs
 * meet about 30 times and, between meetings, cut the days into blocks; the same seed and
 * thread count give the same schedule twice, with 2 and 3 threads, and every result is the
 * checker's (debug_check also audits every run's running total). A time limit the clock runs
 * into stops every run at one meeting (no run waits for another that has stopped), and the
 * result is still complete and the checker's. */
static void test_threads_team(void **state)
{
    (void)state;
    salle_gen_options go = {300, 1};
    char *text = salle_gen_json(&go);
    salle_instance *inst = parse(text);
    free(text);
    assert_true(inst->event.ndays >= 3);
    for (int threads = 2; threads <= 3; threads++) {
        salle_schedule *x[2];
        salle_score sc[2];
        salle_solve_stats st;
        for (int k = 0; k < 2; k++)
            x[k] = solve_threads(inst, 4, threads, 40000, &sc[k], &st);
        assert_same_schedule(x[0], sc[0], x[1], sc[1]);
        /* 40,000 moves, a meeting every 1,024; blocks of about as many sessions each (cut
         * into whole days, 3 runs on 4 days had one block 1.5 times an even share) */
        print_message("threads %d: %d meetings, %d on blocks, balance %.3f, long %.3f, idle %.3f "
                      "of %.3f s\n",
                      threads, st.meetings, st.team_splits, st.team_balance, st.team_long_share,
                      st.team_idle, st.team_cpu);
        assert_true(st.meetings >= 39);
        assert_true(st.team_splits >= st.meetings * 3 / 4);
        assert_true(st.team_balance >= 1.0 && st.team_balance <= 1.2);
        /* every eighth period a long one: one block of about 3/4 of the sessions (the runs
         * stayed in their blocks there too: debug_check audits every meeting) */
        assert_true(st.team_long_share >= 0.65 && st.team_long_share <= 0.8);
        assert_true(st.team_cpu > 0 && st.team_idle >= 0);
        salle_schedule_free(x[0]);
        salle_schedule_free(x[1]);
    }
    /* more runs than days: blocks of whole days could not be cut (there were none); blocks of
     * time are, inside days, and the audit and the checker still hold */
    {
        salle_score sc5;
        salle_solve_stats st5;
        salle_schedule *x5 = solve_threads(inst, 4, inst->event.ndays + 1, 40000, &sc5, &st5);
        assert_int_equal(sc5.hard, 0);
        assert_true(st5.team_splits >= st5.meetings * 3 / 4);
        assert_true(st5.team_balance >= 1.0 && st5.team_balance <= 1.3);
        salle_schedule_free(x5);
    }
    long ticks = 0;
    salle_solve_options opt = {0};
    opt.seed = 4;
    opt.threads = 2;
    opt.iterations = 100000000; /* only the clock can end it */
    opt.time_limit = 2; /* about 200 readings */
    opt.clock = atomic_clock;
    opt.clock_ctx = &ticks;
    salle_solve_stats st;
    opt.stats = &st;
    salle_score sc;
    salle_schedule *cut = salle_solve(inst, &opt, &sc);
    assert_checker_agrees(inst, cut, sc);
    assert_true(st.moves < 2L * 100000000);
    assert_true(ticks > 0);
    salle_schedule_free(cut);
    salle_instance_free(inst);
}

/* A clock whose every reading adds 0.01 s, and which makes every thread but the one that
 * called salle_solve sleep 2 ms per reading: under a time limit a run reads the clock every
 * 1,024 moves, so this slows every run but run 0. */
typedef struct lame_clock {
    pthread_t main;
    long ticks;
} lame_clock;

static double lame_clock_read(void *ctx)
{
    lame_clock *c = ctx;
    if (!pthread_equal(pthread_self(), c->main)) {
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
    }
    return 1000.0 + 0.01 * (double)__atomic_add_fetch(&c->ticks, 1, __ATOMIC_RELAXED);
}

/* Under a time limit a run that has made its share of a period goes on moving on its block
 * until the others have made theirs, instead of waiting at the meeting (docs/solver.md,
 * "Threads"), but only while the clock is ahead of the moves, when the search already follows
 * the clock. With a generous limit that the budget ends first, no run goes beyond its share and
 * the schedule is the one without a limit, however the threads run. With a limit that stops the
 * search (run 1 slowed down by the clock above), run 0 makes moves beyond its share
 * (team_extra), and still only on its block (debug_check audits every meeting), and the result
 * is the checker's. */
static void test_threads_elastic(void **state)
{
    (void)state;
    salle_gen_options go = {300, 1};
    char *text = salle_gen_json(&go);
    salle_instance *inst = parse(text);
    free(text);
    lame_clock c = {pthread_self(), 0};
    salle_solve_options opt = {0};
    opt.seed = 4;
    opt.threads = 2;
    opt.iterations = 65536; /* a meeting every 2,048 moves of each run's share */
    opt.time_limit = 100000; /* in the clock's 0.01 s per reading: never reached */
    opt.debug_check = 1;
    opt.clock = lame_clock_read;
    opt.clock_ctx = &c;
    salle_solve_stats st;
    opt.stats = &st;
    salle_score sc;
    salle_schedule *x = salle_solve(inst, &opt, &sc);
    assert_checker_agrees(inst, x, sc);
    assert_int_equal(sc.hard, 0);
    assert_int_equal(st.team_extra, 0);
    assert_true(st.meetings >= 31);
    assert_true(st.team_splits >= st.meetings * 3 / 4);
    /* the same without a limit: the same schedule */
    opt.time_limit = 0;
    salle_score sc0;
    salle_schedule *y = salle_solve(inst, &opt, &sc0);
    assert_checker_agrees(inst, y, sc0);
    assert_int_equal(st.team_extra, 0);
    assert_same_schedule(x, sc, y, sc0);
    salle_schedule_free(x);
    salle_schedule_free(y);
    /* a limit the clock reaches first: moves beyond the share while run 1 is slow */
    c.ticks = 0;
    opt.iterations = 1L << 18;
    opt.time_limit = 3; /* about 300 readings: the clock stops the search after about 11 meetings */
    salle_schedule *z = salle_solve(inst, &opt, &sc);
    assert_checker_agrees(inst, z, sc);
    print_message("elastic: %d meetings, %d on blocks, %ld moves beyond the share, %ld in all\n",
                  st.meetings, st.team_splits, st.team_extra, st.moves);
    assert_int_equal(sc.hard, 0);
    assert_true(st.meetings >= 4);
    assert_true(st.moves < 2 * opt.iterations); /* the clock, not the budget, ended it */
    assert_true(st.team_extra > 0 && st.team_extra % 1024 == 0);
    salle_schedule_free(z);
    salle_instance_free(inst);
}

/* Three sessions forced to start together, one interpreter team: rule 7 counts that start once
 * however far over the capacity it is, so no single session's removal lowers the hard count.
 * Settling must still take out two of them (and no more), each reported with a reason, and leave
 * no resource over-used; FREE, which can go elsewhere, stays. */
static void test_settle_resource_overuse(void **state)
{
    (void)state;
    salle_instance *inst = parse(
        HEAD "\"rooms\":[{\"id\":\"a\",\"capacity\":50},{\"id\":\"b\",\"capacity\":50},"
             "{\"id\":\"c\",\"capacity\":50}],"
             "\"resources\":[{\"id\":\"interp\",\"capacity\":1}],"
             "\"sessions\":["
             "{\"id\":\"S1\",\"duration\":60,\"resources\":[\"interp\"],\"pinned\":{\"start\":\"2018-11-12T10:00\"}},"
             "{\"id\":\"S2\",\"duration\":60,\"resources\":[\"interp\"],\"pinned\":{\"start\":\"2018-11-12T10:00\"}},"
             "{\"id\":\"S3\",\"duration\":60,\"resources\":[\"interp\"],\"pinned\":{\"start\":\"2018-11-12T10:00\"}},"
             "{\"id\":\"FREE\",\"duration\":60,\"resources\":[\"interp\"]}]}");
    salle_score sc;
    salle_schedule *s = solve(inst, 1, &sc);
    salle_report *rep = salle_check(inst, s);
    assert_int_equal(rep->hard_by_rule[SALLE_HARD_RESOURCES], 0);
    assert_int_equal(rep->hard_by_rule[SALLE_HARD_PLACEMENT], 2);
    assert_int_equal(rep->score.hard, 2);
    salle_report_free(rep);
    /* two of S1-S3 out (the fewest possible: one interpreter team, one start), FREE placed */
    assert_int_equal(s->nunscheduled, 2);
    assert_int_equal(s->nassign, 2);
    assert_non_null(find(s, salle_instance_session(inst, "FREE")));
    for (int i = 0; i < s->nunscheduled; i++) {
        assert_true(s->unscheduled[i].session != salle_instance_session(inst, "FREE"));
        assert_non_null(s->unscheduled[i].reason);
        assert_non_null(strstr(s->unscheduled[i].reason, "over-used resources"));
    }
    salle_schedule_free(s);
    salle_instance_free(inst);
}

typedef struct solve_job {
    const salle_instance *inst;
    salle_solve_options opt;
    salle_schedule *out;
    salle_score sc;
} solve_job;

static void *solve_job_run(void *arg)
{
    solve_job *j = arg;
    j->out = salle_solve(j->inst, &j->opt, &j->sc);
    return NULL;
}

static void assert_same_schedule(const salle_schedule *x, salle_score sx, const salle_schedule *y,
                                 salle_score sy)
{
    assert_int_equal(sx.hard, sy.hard);
    assert_int_equal(sx.soft, sy.soft);
    assert_int_equal(x->nassign, y->nassign);
    assert_int_equal(x->nunscheduled, y->nunscheduled);
    for (int i = 0; i < x->nassign; i++) {
        assert_int_equal(x->assign[i].session, y->assign[i].session);
        assert_int_equal(x->assign[i].room, y->assign[i].room);
        assert_int_equal(x->assign[i].start, y->assign[i].start);
    }
    for (int i = 0; i < x->nunscheduled; i++)
        assert_int_equal(x->unscheduled[i].session, y->unscheduled[i].session);
}

/* salle_solve on several threads at once (a server): two solves of one instance and two of
 * another, all at the same time, must each give exactly what a solve alone gives. The solver
 * keeps no state outside its arguments (the construction order used to be sorted through two
 * file-level statics). Run under ASan too (make asan). */
static void test_concurrent_solves(void **state)
{
    (void)state;
    salle_gen_options ga = {40, 3}, gb = {25, 8};
    char *ta = salle_gen_json(&ga), *tb = salle_gen_json(&gb);
    salle_instance *insts[2] = {parse(ta), parse(tb)};
    free(ta);
    free(tb);
    salle_solve_options opt = {0};
    opt.seed = 11;
    opt.iterations = 20000; /* no time limit: the budget alone ends each run */
    salle_schedule *alone[2];
    salle_score alone_sc[2];
    for (int k = 0; k < 2; k++)
        alone[k] = salle_solve(insts[k], &opt, &alone_sc[k]);
    for (int round = 0; round < 2; round++) {
        solve_job jobs[4];
        pthread_t th[4];
        for (int i = 0; i < 4; i++) {
            jobs[i].inst = insts[i % 2];
            jobs[i].opt = opt;
            jobs[i].out = NULL;
            assert_int_equal(pthread_create(&th[i], NULL, solve_job_run, &jobs[i]), 0);
        }
        for (int i = 0; i < 4; i++)
            assert_int_equal(pthread_join(th[i], NULL), 0);
        for (int i = 0; i < 4; i++) {
            assert_non_null(jobs[i].out);
            assert_same_schedule(jobs[i].out, jobs[i].sc, alone[i % 2], alone_sc[i % 2]);
            salle_schedule_free(jobs[i].out);
        }
    }
    for (int k = 0; k < 2; k++) {
        salle_schedule_free(alone[k]);
        salle_instance_free(insts[k]);
    }
}

/* A clock on a machine so slow that 1000 seconds pass each time the solver looks. */
static double slow_clock(void *ctx)
{
    double *t = ctx;
    *t += 1000.0;
    return *t;
}

/* The promise of docs/solver.md: without an explicit time limit, the same instance, seed and
 * thread count give the same schedule however slow the machine. The wall clock is replaced by
 * one that jumps 1000 s at every reading: a default run must still make its whole move budget
 * and give the schedule of a run on the real clock; with an explicit limit the same clock does
 * cut the search (so the test would see a clock that cut the default run). */
static void test_default_run_ignores_clock(void **state)
{
    (void)state;
    salle_gen_options go = {30, 4};
    char *text = salle_gen_json(&go);
    salle_instance *inst = parse(text);
    free(text);
    salle_solve_options opt = {0}; /* default budget, no time limit */
    opt.seed = 5;
    salle_solve_stats st_real, st_slow, st_cut;
    salle_score sc_real, sc_slow, sc_cut;
    opt.stats = &st_real;
    salle_schedule *real = salle_solve(inst, &opt, &sc_real);
    double t = 0;
    opt.stats = &st_slow;
    salle_schedule *slow = salle__solve_clocked(inst, &opt, &sc_slow, slow_clock, &t);
    assert_true(t > 0); /* the solver did read that clock */
    assert_int_equal(st_slow.moves, st_real.moves);
    assert_same_schedule(slow, sc_slow, real, sc_real);
    /* an explicit limit is a limit: the slow clock ends the search at its first look */
    t = 0;
    opt.time_limit = 60;
    opt.stats = &st_cut;
    salle_schedule *cut = salle__solve_clocked(inst, &opt, &sc_cut, slow_clock, &t);
    assert_true(st_cut.moves < st_real.moves);
    salle_schedule_free(real);
    salle_schedule_free(slow);
    salle_schedule_free(cut);
    salle_instance_free(inst);
}

/* A machine as slow as a test likes: each reading of the clock adds dt seconds. The solver
 * reads it at a steady pace of work in every phase (every 16 sessions placed, every 1024 moves,
 * every room looked at while settling), so the time it sees measures the work it did. */
typedef struct fake_clock {
    double t, dt;
    long reads;
} fake_clock;

static double fake_now(void *ctx)
{
    fake_clock *c = ctx;
    c->reads++;
    return c->t += c->dt;
}
/* The repair after construction (docs/solver.md, "Repair"): gen 1,000 seed 2 is one where best
 * fit alone leaves 3 sessions without a place that keeps every hard rule; with a search of one
 * move, the ejection chains must still place every session with no hard violation. */
static void test_repair_after_construction(void **state)
{
    (void)state;
    salle_gen_options go = {1000, 2};
    char *text = salle_gen_json(&go);
    salle_instance *inst = parse(text);
    free(text);
    salle_solve_options opt = {0};
    opt.seed = 1;
    opt.iterations = 1;
    opt.debug_check = 1;
    salle_solve_stats st = {0};
    opt.stats = &st;
    salle_score sc;
    salle_schedule *s = agreed(inst, salle_solve(inst, &opt, &sc), &sc);
    assert_int_equal(sc.hard, 0);
    assert_int_equal(s->nassign, inst->nsessions);
    assert_true(st.moves > 1); /* the repair's moves, beside the search's one */
    salle_schedule_free(s);
    salle_instance_free(inst);
}

/* The targeted ejection of the repair (docs/solver.md, "Repair"): gen 5,000 seed 2 is one where
 * construction leaves 8 sessions in a hard violation and the repair by ruin and recreate alone
 * (before branch s7-scale) stalled with one of them out; with the ejection, construction and
 * repair (a search of one move) place every session with no hard violation, and the checker
 * agrees. */
static void test_repair_ejects(void **state)
{
    (void)state;
    salle_gen_options go = {5000, 2};
    char *text = salle_gen_json(&go);
    salle_instance *inst = parse(text);
    free(text);
    salle_solve_options opt = {0};
    opt.seed = 1;
    opt.iterations = 1;
    salle_solve_stats st = {0};
    opt.stats = &st;
    salle_score sc;
    salle_schedule *s = agreed(inst, salle_solve(inst, &opt, &sc), &sc);
    assert_int_equal(sc.hard, 0);
    assert_int_equal(s->nassign, inst->nsessions);
    assert_true(st.time_to_zero_hard >= 0);
    salle_schedule_free(s);
    salle_instance_free(inst);
}

/* One solve on a fake clock; the result is complete and the checker agrees with its score. */
static salle_schedule *solve_fake(const salle_instance *inst, double limit, double dt, long iters,
                                  volatile sig_atomic_t *stop, salle_score *sc,
                                  salle_solve_stats *st)
{
    fake_clock fc = {1000.0, dt, 0};
    salle_solve_options opt = {0};
    opt.seed = 3;
    opt.time_limit = limit;
    opt.iterations = iters;
    opt.stats = st;
    opt.clock = fake_now;
    opt.clock_ctx = &fc;
    opt.stop = stop;
    salle_schedule *s = salle_solve(inst, &opt, sc);
    assert_int_equal(s->nassign + s->nunscheduled, inst->nsessions);
    salle_report *rep = salle_check(inst, s);
    assert_int_equal(rep->score.hard, sc->hard);
    assert_int_equal(rep->score.soft, sc->soft);
    salle_report_free(rep);
    return s;
}

/* A time limit is a limit (docs/solver.md, "Time limit"), at several sizes, on a machine made
 * slow by a fake clock: the full run (a limit it never meets) takes 100 fake seconds. The plain
 * greedy is a run stopped before it starts (a stop flag raised before the call: everything by
 * first fit, then settling); G is its time. A limit of 0.5 s, below G, must cost no more than
 * the greedy itself; limits of G + 1, G + 10 and G + 50 s (cut early and late in the search)
 * must be kept within 10% + 0.5 s. Every result breaks no more hard rules than the greedy. The
 * instances are tight (the interpreter teams halved), so some hard violations may be
 * unavoidable. */
static void test_time_limit_fake_clock(void **state)
{
    (void)state;
    static const int sizes[] = {100, 300, 1000};
    static const double limits[] = {0.5, 1, 10, 50};
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        salle_gen_options go = {sizes[z], 2};
        char *text = salle_gen_json(&go);
        char *cap = strstr(strstr(text, "\"interpreters\""), "\"capacity\"");
        assert_non_null(cap);
        char *digit = strpbrk(cap, "123456789");
        assert_true(digit[0] >= '2' && !(digit[1] >= '0' && digit[1] <= '9'));
        digit[0] = (char)('0' + (digit[0] - '0') / 2);
        salle_instance *inst = parse(text);
        free(text);
        long iters = 250000; /* about 250 looks at the clock in the search */
        salle_score sc_full, sc_greedy, sc;
        salle_solve_stats st_full = {0}, st = {0};
        /* how many readings the whole run makes, to scale a reading to 100 s for the full run */
        salle_schedule *full = solve_fake(inst, 1e12, 1e-6, iters, NULL, &sc_full, &st_full);
        double dt = 100.0 / (st_full.seconds / 1e-6);

        volatile sig_atomic_t stop = 1;
        salle_schedule *greedy = solve_fake(inst, 1e12, dt, iters, &stop, &sc_greedy, &st);
        assert_true(st.moves == 0); /* stopped before the search */
        assert_true(sc_full.hard <= sc_greedy.hard);
        double greedy_s = st.seconds;
        for (size_t l = 0; l < sizeof limits / sizeof limits[0]; l++) {
            /* below the greedy's own time the greedy is what is left, and it is not slower */
            double limit = l ? greedy_s + limits[l] : limits[l], want = l ? limit : greedy_s;
            salle_schedule *s = solve_fake(inst, limit, dt, iters, NULL, &sc, &st);
            if (st.seconds > 1.1 * want + 0.5)
                fail_msg("%d sessions, limit %.1f s: the solve took %.2f fake seconds", sizes[z],
                         limit, st.seconds);
            if (sc.hard > sc_greedy.hard)
                fail_msg("%d sessions, limit %.1f s: hard %ld, the plain greedy's %ld", sizes[z],
                         limit, sc.hard, sc_greedy.hard);
            assert_true(st.moves < st_full.moves); /* the limit did cut the run */
            salle_schedule_free(s);
        }
        salle_schedule_free(full);
        salle_schedule_free(greedy);
        salle_instance_free(inst);
    }
}

/* A limit too short for a construction of its own after the plain greedy (docs/solver.md, "Time
 * limit"): the time left goes to repairing the greedy's schedule instead of returning it as it
 * is (gen 100,000 with --time-limit 60 stopped after 30 s with 184 sessions left out). On a tight
 * instance (interpreter teams halved) at 1.6 times the greedy's time, the run must make repair
 * moves, end within 1.1 L + 0.5 s, and break fewer hard rules than the greedy. */
static void test_time_limit_repairs_greedy(void **state)
{
    (void)state;
    static const int sizes[] = {1000}; /* greedy 5 hard, repaired 3 (2,000: 24 and 21, slower) */
    long sum_greedy = 0, sum = 0;
    for (size_t z = 0; z < sizeof sizes / sizeof sizes[0]; z++) {
        salle_gen_options go = {sizes[z], 2};
        char *text = salle_gen_json(&go);
        char *cap = strstr(strstr(text, "\"interpreters\""), "\"capacity\"");
        assert_non_null(cap);
        char *digit = strpbrk(cap, "123456789");
        digit[0] = (char)('0' + (digit[0] - '0') / 2);
        salle_instance *inst = parse(text);
        free(text);
        long iters = 250000;
        salle_score sc_full, sc_greedy, sc;
        salle_solve_stats st_full = {0}, st = {0};
        salle_schedule *full = solve_fake(inst, 1e12, 1e-6, iters, NULL, &sc_full, &st_full);
        double dt = 100.0 / (st_full.seconds / 1e-6);
        volatile sig_atomic_t stop = 1;
        salle_schedule *greedy = solve_fake(inst, 1e12, dt, iters, &stop, &sc_greedy, &st);
        double limit = 1.6 * st.seconds;
        salle_schedule *s = solve_fake(inst, limit, dt, iters, NULL, &sc, &st);
        if (getenv("SALLE_TEST_VERBOSE"))
            fprintf(stderr, "%d sessions: greedy hard %ld, limit %.2f s: hard %ld in %.2f s, %ld moves\n",
                    sizes[z], sc_greedy.hard, limit, sc.hard, st.seconds, st.moves);
        if (st.seconds > 1.1 * limit + 0.5)
            fail_msg("%d sessions, limit %.2f s: took %.2f fake seconds", sizes[z], limit, st.seconds);
        if (sc.hard > sc_greedy.hard)
            fail_msg("%d sessions: hard %ld, the plain greedy's %ld", sizes[z], sc.hard, sc_greedy.hard);
        assert_true(st.moves > 0); /* the time left went to the repair */
        sum_greedy += sc_greedy.hard;
        sum += sc.hard;
        salle_schedule_free(s);
        salle_schedule_free(full);
        salle_schedule_free(greedy);
        salle_instance_free(inst);
    }
    assert_true(sum < sum_greedy);
}

static uint64_t lcg(uint64_t *x)
{
    *x = *x * 6364136223846793005ull + 1442695040888963407ull;
    return *x >> 33;
}

/* The incremental score against the from-scratch one over random sequences of inserts, removes
 * and moves (any room, any start on the event days, so hard rules break too): every predicted
 * delta must be the true change, and the running total must equal salle__sv_full. */
static void test_incremental_random(void **state)
{
    (void)state;
    salle_gen_options go = {60, 5};
    char *text = salle_gen_json(&go);
    salle_instance *gen = parse(text);
    free(text);
    salle_instance *insts[3] = {parse(small), gen, parse(plenary)};
    for (int k = 0; k < 3; k++) {
        salle_instance *inst = insts[k];
        salle__sv_model m;
        salle__sv_state st;
        salle__sv_model_init(&m, inst);
        salle__sv_state_init(&st, &m);
        uint64_t x = 12345 + (uint64_t)k;
        int n = inst->nsessions, grid = inst->event.grid > 0 ? inst->event.grid : 5;
        for (int op = 0; op < 3000; op++) {
            int s = (int)(lcg(&x) % (uint64_t)n);
            int r = (int)(lcg(&x) % (uint64_t)inst->nrooms);
            int d = (int)(lcg(&x) % (uint64_t)inst->event.ndays);
            int t = inst->event.day_offset[d] + 8 * 60 + grid * (int)(lcg(&x) % (12 * 60 / grid));
            salle__sv_cost before = st.cost, c;
            if (st.start[s] < 0) {
                c = salle__sv_insert(&st, s, r, t);
            } else if (lcg(&x) % 4 == 0) {
                c = salle__sv_remove(&st, s);
            } else {
                int cut = 1;
                salle__sv_cost cc = salle__sv_move_delta_cut(&st, s, r, t, &cut);
                c = salle__sv_move_delta(&st, s, r, t);
                if (cut) { /* only from a clean state, only for a move that breaks a rule */
                    assert_int_equal(before.hard, 0);
                    assert_true(cc.hard >= 1 && cc.hard <= c.hard);
                } else {
                    assert_int_equal(cc.hard, c.hard);
                    assert_int_equal(cc.soft, c.soft);
                }
                salle__sv_move_apply(&st, s, r, t, c);
            }
            assert_int_equal(st.cost.hard, before.hard + c.hard);
            assert_int_equal(st.cost.soft, before.soft + c.soft);
            if (op % 7 == 0 || op > 2900) {
                salle__sv_cost full = salle__sv_full(&m, st.room, st.start);
                if (full.hard != st.cost.hard || full.soft != st.cost.soft)
                    fail_msg("instance %d, step %d: incremental (%ld, %ld), full (%ld, %ld)", k, op,
                             st.cost.hard, st.cost.soft, full.hard, full.soft);
            }
        }
        salle__sv_state_free(&st);
        salle__sv_model_free(&m);
        salle_instance_free(inst);
    }
}

/* The rooms' suitability that salle__sv_model_init sets a word at a time (seats by a binary
 * search, features and allowed rooms as rows) against salle__sv_room_fit's look at every room:
 * 70 rooms (two words a row) with tied, unknown and exact seat counts, features a room list
 * names, allowed and pinned rooms; and a generated instance. */
static void test_room_rows(void **state)
{
    (void)state;
    salle__buf b = {0};
    salle__buf_printf(&b, "%s\"rooms\":[", HEAD);
    static const char *feats[] = {"interpretation", "captioning", "hybrid", "stage"};
    uint64_t x = 99;
    for (int r = 0; r < 70; r++) {
        int cap = (int)(lcg(&x) % 6);
        salle__buf_printf(&b, "%s{\"id\":\"r%d\",", r ? "," : "", r);
        if (cap == 0)
            salle__buf_printf(&b, "\"capacity\":null,");
        else
            salle__buf_printf(&b, "\"capacity\":%d,", cap * 50);
        salle__buf_printf(&b, "\"features\":[");
        for (int f = 0, k = 0; f < 4; f++)
            if (lcg(&x) % 2)
                salle__buf_printf(&b, "%s\"%s\"", k++ ? "," : "", feats[f]);
        salle__buf_printf(&b, "]}");
    }
    salle__buf_printf(&b, "],\"sessions\":[");
    for (int s = 0; s < 200; s++) {
        salle__buf_printf(&b, "%s{\"id\":\"S-%d\",\"duration\":60,\"attendance\":%d,\"needs\":[", s ? "," : "",
                          s, 1 + (int)(lcg(&x) % 7) * 50 - (int)(lcg(&x) % 2));
        for (int f = 0, k = 0; f < 4; f++)
            if (lcg(&x) % 3 == 0)
                salle__buf_printf(&b, "%s\"%s\"", k++ ? "," : "", feats[f]);
        salle__buf_printf(&b, "]");
        if (s % 5 == 1)
            salle__buf_printf(&b, ",\"rooms\":[\"r%d\",\"r%d\",\"r63\",\"r64\"]", (int)(lcg(&x) % 70),
                              (int)(lcg(&x) % 70));
        if (s % 7 == 2)
            salle__buf_printf(&b, ",\"pinned\":{\"room\":\"r%d\"}", (int)(lcg(&x) % 70));
        salle__buf_printf(&b, "}");
    }
    salle__buf_printf(&b, "]}");
    salle_gen_options go = {300, 7};
    char *text = salle_gen_json(&go);
    salle_instance *insts[2] = {parse(b.s), parse(text)};
    free(b.s);
    free(text);
    for (int k = 0; k < 2; k++) {
        salle_instance *inst = insts[k];
        salle__sv_model m, ref = {0};
        salle__sv_model_init(&m, inst);
        ref.n = inst->nsessions;
        ref.nrooms = inst->nrooms;
        salle__sv_fit_alloc(&ref);
        long suits = 0, fit = 0;
        for (int s = 0; s < inst->nsessions; s++) {
            salle__sv_room_fit(&ref, inst, s);
            for (int r = 0; r < inst->nrooms; r++) {
                if (salle__sv_room_ok(&m, s, r) != salle__sv_room_ok(&ref, s, r) ||
                    salle__sv_feat_ok(&m, s, r) != salle__sv_feat_ok(&ref, s, r))
                    fail_msg("instance %d, session %s, room %s: rows %d/%d, room by room %d/%d", k,
                             inst->sessions[s].id, inst->rooms[r].id, salle__sv_room_ok(&m, s, r),
                             salle__sv_feat_ok(&m, s, r), salle__sv_room_ok(&ref, s, r),
                             salle__sv_feat_ok(&ref, s, r));
                suits += salle__sv_room_ok(&m, s, r);
                fit += salle__sv_feat_ok(&m, s, r);
            }
            for (int w = 0; w < (inst->nrooms + 63) / 64; w++) /* nothing past the last room */
                if (64 * w + 64 > inst->nrooms)
                    assert_int_equal(salle__sv_room_word(&m, s, w) >> (inst->nrooms - 64 * w), 0);
        }
        /* neither all nor none: the case mixes rooms that suit with rooms that do not */
        assert_true(suits > 0 && suits < fit && fit < (long)inst->nsessions * inst->nrooms);
        free(ref.feat_ok);
        free(ref.room_ok);
        salle__sv_model_free(&m);
        salle_instance_free(inst);
    }
}

/* The solver's room sample by seats (docs/solver.md, "2. Construction") where sessions suit
 * more than 64 rooms: 100 rooms, every seventh of unknown seats, tied seat counts, tracks and
 * preferred rooms. With debug_check the solver draws each sample both ways, by seats and by a
 * look at every room, and aborts if the rooms or the random draws differ; once with a budget
 * (best fit, repair, search) and once with a stop flag raised before the call (the plain greedy's
 * first fit, which samples too). */
static void test_room_sample_by_seats(void **state)
{
    (void)state;
    salle__buf b = {0};
    salle__buf_printf(&b, "%s\"rooms\":[", HEAD);
    for (int r = 0; r < 100; r++)
        if (r % 7 == 3)
            salle__buf_printf(&b, "%s{\"id\":\"r%d\",\"capacity\":null}", r ? "," : "", r);
        else
            salle__buf_printf(&b, "%s{\"id\":\"r%d\",\"capacity\":%d}", r ? "," : "", r, 20 + r * 37 % 400 / 20 * 20);
    salle__buf_printf(&b, "],\"sessions\":[");
    uint64_t x = 7;
    for (int s = 0; s < 150; s++) {
        salle__buf_printf(&b, "%s{\"id\":\"S-%d\",\"duration\":60,\"attendance\":%d,\"tracks\":[\"t%d\"]", s ? "," : "",
                          s, (int)(lcg(&x) % 300), s % 5);
        if (s % 4 == 1)
            salle__buf_printf(&b, ",\"preferred\":{\"rooms\":[\"r%d\",\"r%d\"]}", (int)(lcg(&x) % 100),
                              (int)(lcg(&x) % 100));
        salle__buf_printf(&b, "}");
    }
    salle__buf_printf(&b, "]}");
    salle_instance *inst = parse(b.s);
    free(b.s);
    salle__sv_model m;
    salle__sv_model_init(&m, inst);
    int many = 0; /* sessions the sample by seats serves */
    for (int s = 0; s < inst->nsessions; s++) {
        int k = 0;
        for (int r = 0; r < inst->nrooms; r++)
            k += salle__sv_room_ok(&m, s, r);
        many += k > 64;
    }
    salle__sv_model_free(&m);
    assert_true(many > inst->nsessions / 2);
    for (int run = 0; run < 2; run++) {
        volatile sig_atomic_t stop = run == 1;
        salle_solve_options opt = {0};
        opt.seed = 5;
        opt.iterations = 20000;
        opt.debug_check = 1;
        opt.time_limit = run == 1 ? 120 : 0;
        opt.stop = &stop;
        salle_score sc;
        salle_schedule_free(agreed(inst, salle_solve(inst, &opt, &sc), &sc));
    }
    salle_instance_free(inst);
}

/* Pricing from a schedule with no hard violation (where move_delta skips the old room's clash
 * scan and the old plenary count, and a move that keeps the start skips the soft-only
 * neighbours): a solved 60-session instance with plenary sessions, then room changes, shifts and
 * relocations, each priced against a from-scratch evaluation of the placement it would make; a
 * move is carried out when it keeps the schedule free of hard violations, so every move is
 * priced from a clean state (test_incremental_random covers the others). */
static void test_incremental_clean(void **state)
{
    (void)state;
    salle_gen_options go = {60, 7};
    char *text = salle_gen_json(&go);
    salle_instance *inst = parse(text);
    free(text);
    salle_score sc;
    salle_solve_stats stats;
    salle_schedule *sol = solve_threads(inst, 2, 1, 20000, &sc, &stats);
    assert_int_equal(sc.hard, 0);
    salle__sv_model m;
    salle__sv_state st;
    salle__sv_model_init(&m, inst);
    salle__sv_state_init(&st, &m);
    for (int i = 0; i < sol->nassign; i++)
        salle__sv_insert(&st, sol->assign[i].session, sol->assign[i].room, sol->assign[i].start);
    int n = inst->nsessions, grid = inst->event.grid > 0 ? inst->event.grid : 5;
    int *room = malloc((size_t)n * sizeof *room), *start = malloc((size_t)n * sizeof *start);
    uint64_t x = 777;
    int clean = 0, kept = 0, cuts = 0;
    for (int op = 0; op < 3000; op++) {
        int s = (int)(lcg(&x) % (uint64_t)n);
        if (st.start[s] < 0)
            continue;
        int r = st.room[s], t = st.start[s], kind = (int)(lcg(&x) % 3);
        if (kind != 1)
            r = (int)(lcg(&x) % (uint64_t)inst->nrooms);
        if (kind == 1)
            t += grid * (1 + (int)(lcg(&x) % 6)) * (lcg(&x) % 2 ? 1 : -1);
        if (kind == 2) {
            int d = (int)(lcg(&x) % (uint64_t)inst->event.ndays);
            t = inst->event.day_offset[d] + 8 * 60 + grid * (int)(lcg(&x) % (10 * 60 / grid));
        }
        if (r == st.room[s] && t == st.start[s])
            continue;
        clean += st.cost.hard == 0;
        salle__sv_cost before = st.cost, c = salle__sv_move_delta(&st, s, r, t);
        assert_int_equal(st.cost.hard, before.hard);
        assert_int_equal(st.cost.soft, before.soft);
        memcpy(room, st.room, (size_t)n * sizeof *room);
        memcpy(start, st.start, (size_t)n * sizeof *start);
        room[s] = r;
        start[s] = t;
        salle__sv_cost full = salle__sv_full(&m, room, start);
        if (full.hard != before.hard + c.hard || full.soft != before.soft + c.soft)
            fail_msg("step %d: priced (%ld, %ld), full (%ld, %ld)", op, before.hard + c.hard,
                     before.soft + c.soft, full.hard, full.soft);
        /* the pricing that may stop at the first hard violation: exact unless it stops, and it
         * stops only from a clean state, for a move that does break a hard rule */
        int cut = 1;
        salle__sv_cost cc = salle__sv_move_delta_cut(&st, s, r, t, &cut);
        assert_int_equal(st.cost.hard, before.hard);
        assert_int_equal(st.cost.soft, before.soft);
        if (cut) {
            cuts++;
            assert_int_equal(before.hard, 0);
            assert_true(cc.hard >= 1 && cc.hard <= c.hard);
            assert_int_equal(cc.soft, 0);
        } else {
            assert_int_equal(cc.hard, c.hard);
            assert_int_equal(cc.soft, c.soft);
            if (before.hard == 0)
                assert_int_equal(c.hard, 0); /* it finds every hard violation */
        }
        cut = 0; /* not asked: always exact */
        cc = salle__sv_move_delta_cut(&st, s, r, t, &cut);
        assert_int_equal(cut, 0);
        assert_int_equal(cc.hard, c.hard);
        assert_int_equal(cc.soft, c.soft);
        if (full.hard == 0) {
            salle__sv_move_apply(&st, s, r, t, c);
            kept++;
        }
    }
    assert_true(clean > 1000); /* the clean path was taken */
    assert_true(kept > 100);
    assert_true(cuts > 100); /* and the pricing stopped early */
    free(room);
    free(start);
    salle__sv_state_free(&st);
    salle__sv_model_free(&m);
    salle_schedule_free(sol);
    salle_instance_free(inst);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_room_rows),
        cmocka_unit_test(test_room_sample_by_seats),
        cmocka_unit_test(test_plenary),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_generated),
        cmocka_unit_test(test_fixed_sessions_stay),
        cmocka_unit_test(test_impossible),
        cmocka_unit_test(test_overfull),
        cmocka_unit_test(test_threads_deterministic),
        cmocka_unit_test(test_threads_team),
        cmocka_unit_test(test_threads_elastic),
        cmocka_unit_test(test_incremental_random),
        cmocka_unit_test(test_incremental_clean),
        cmocka_unit_test(test_settle_resource_overuse),
        cmocka_unit_test(test_concurrent_solves),
        cmocka_unit_test(test_default_run_ignores_clock),
        cmocka_unit_test(test_time_limit_fake_clock),
        cmocka_unit_test(test_time_limit_repairs_greedy),
        cmocka_unit_test(test_repair_after_construction),
        cmocka_unit_test(test_repair_ejects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
