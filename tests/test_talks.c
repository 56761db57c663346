/*
 * test_talks.c: the talk model of academic conferences (src/model/talks.c), its checker
 * (src/engine/talk_check.c) and its solver (src/engine/talk_solve.c).
 *
 * A small conference written here: two blocks (Wed 10:00-11:00 in 3 slots of 20 minutes, Wed
 * 11:20-12:00 in 2), two rooms, three tracks. Counts are worked out by hand from docs/scoring.md
 * "Talks"; the comparison with CoSPLib's own scoring on the real workbooks is tests/cosplib.sh.
 * Instances use single quotes; parse() turns them into double ones.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/internal.h"
#include "check_langs.h"
#include "model/talks.h"

#include <stdlib.h>
#include <string.h>

static char *quotes(const char *json)
{
    char *buf = salle__xstrdup(json);
    for (char *p = buf; *p; p++)
        if (*p == '\'')
            *p = '"';
    return buf;
}

static salle_instance *parse(const char *json)
{
    char *buf = quotes(json);
    salle_diag err = {0};
    salle_instance *inst = salle_instance_parse(buf, strlen(buf), "t.json", &err);
    if (!inst)
        fail_msg("%s:%d:%d: %s\n%s", err.file, err.line, err.col, err.msg, buf);
    free(buf);
    return inst;
}

/* The error message of a bad instance in language lang ("": English), "LINE:COL: MSG". */
static char *parse_error_in(const char *lang, const char *json)
{
    char *buf = quotes(json);
    salle_diag err = {0};
    snprintf(err.lang, sizeof err.lang, "%s", lang);
    salle_instance *inst = salle_instance_parse(buf, strlen(buf), "t.json", &err);
    free(buf);
    assert_null(inst);
    return salle__xasprintf("%d:%d: %s", err.line, err.col, err.msg);
}

static char *parse_error(const char *json)
{
    return parse_error_in("", json);
}

#define HEAD                                                                                     \
    "{'salle': 1, 'event': {'name': 'ECAI', 'timezone': 'Europe/Lisbon', 'days': ['2026-06-17']},"  \
    " 'rooms': [{'id': 'A', 'name': 'Room A', 'capacity': 50}, {'id': 'B', 'name': 'Room B', 'capacity': 50}],"  \
    " 'people': [{'id': 'ana', 'name': 'Ana Silva'}, {'id': 'bo', 'name': 'Bo Li'}, {'id': 'cy', 'name': 'Cy Ode'}],"  \
    " 'sessions': [],"                                                                          \
    " 'blocks': [{'id': 'W1', 'day': '2026-06-17', 'start': '10:00', 'end': '11:00', 'slots': 3},"  \
    "            {'id': 'W2', 'day': '2026-06-17', 'start': '11:20', 'end': '12:00', 'slots': 2,"  \
    "             'room_penalties': {'B': 4}}],"

static const char *conf =
    HEAD
    " 'talk_tracks': [{'id': 'ML', 'chairs': ['cy'], 'block_penalties': {'W2': 7}, 'similar': {'NLP': 3}},"
    "                 {'id': 'NLP', 'room_penalties': {'A': 2}}, {'id': 'KR', 'chairs': ['cy']}],"
    " 'talks': [{'id': 'T1', 'track': 'ML', 'presenters': ['ana'], 'order': 1},"
    "           {'id': 'T2', 'track': 'ML', 'presenters': ['bo'], 'order': 2, 'slots': 2},"
    "           {'id': 'T3', 'track': 'NLP', 'presenters': ['ana'], 'block_penalties': {'W1': 5}},"
    "           {'id': 'T4', 'track': 'NLP', 'attendees': ['bo']},"
    "           {'id': 'T5', 'track': 'KR', 'timezone': 'America/Los_Angeles'}],"
    " 'talk_weights': {'presenter_slot_conflict': 100, 'presenter_block_conflict': 0}}";

static void place_track(salle_talk_plan *p, const salle_instance *inst, const char *block,
                        const char *room, const char *track)
{
    const salle_talks *t = inst->talks;
    int b = -1, k = -1, r = salle_instance_room(inst, room);
    for (int i = 0; i < t->nblocks; i++)
        if (strcmp(t->blocks[i].id, block) == 0)
            b = i;
    for (int i = 0; i < t->ntracks; i++)
        if (strcmp(t->tracks[i].id, track) == 0)
            k = i;
    assert_true(b >= 0 && k >= 0 && r >= 0);
    p->cell_track[b * inst->nrooms + r] = k;
}

static void place_talk(salle_talk_plan *p, const salle_instance *inst, const char *talk,
                       const char *block, const char *room, int slot)
{
    const salle_talks *t = inst->talks;
    int b = -1, i = -1;
    for (int x = 0; x < t->nblocks; x++)
        if (strcmp(t->blocks[x].id, block) == 0)
            b = x;
    for (int x = 0; x < t->ntalks; x++)
        if (strcmp(t->talks[x].id, talk) == 0)
            i = x;
    assert_true(b >= 0 && i >= 0);
    p->talk_block[i] = b, p->talk_room[i] = salle_instance_room(inst, room), p->talk_slot[i] = slot - 1;
}

static int has_text(const salle_report *r, const char *want)
{
    for (int i = 0; i < r->nviolations; i++)
        if (strcmp(r->violations[i].text, want) == 0)
            return 1;
    for (int i = 0; i < r->ninfo; i++)
        if (strcmp(r->info[i], want) == 0)
            return 1;
    fprintf(stderr, "no violation or note reads: %s\nthe report has:\n", want);
    salle_report_print(r, stderr, 1);
    return 0;
}

/* ---------------------------------------------------------------- the texts in other languages */

/* Which talk rules and goals check() saw worded in each of check_langs. */
static int seen_rule[3][SALLE_TALK_RULE_COUNT], seen_goal[3][SALLE_TALK_GOAL_COUNT];

static void seen_in(void *ctx, int l, const salle_report *r)
{
    (void)ctx;
    for (int i = 0; i < r->nviolations; i++) {
        const salle_violation *v = &r->violations[i];
        if (v->rule >= SALLE_TALK_GOAL_BASE)
            seen_goal[l][v->rule - SALLE_TALK_GOAL_BASE]++;
        else if (v->rule >= SALLE_TALK_RULE_BASE)
            seen_rule[l][v->rule - SALLE_TALK_RULE_BASE]++;
    }
}

/* salle_check, and again in every interface language (issue 11 point 6; check_langs.h). */
static salle_report *check(const salle_instance *inst, const salle_schedule *s)
{
    salle_report *en = salle_check(inst, s);
    check_in_every_language(inst, s, en, seen_in, NULL);
    return en;
}

/* Talk texts in French and Arabic: block times with their weekday, a plural, a track-room penalty. */
static void test_languages(void **state)
{
    (void)state;
    /* T3 also pays 6 a slot in Room A */
    char *src = salle__xstrdup(conf), *at = strstr(src, "'block_penalties': {'W1': 5}}");
    assert_non_null(at);
    char *with = salle__xasprintf("%.*s'block_penalties': {'W1': 5}, 'room_penalties': {'A': 6}}%s",
                                  (int)(at - src), src, at + strlen("'block_penalties': {'W1': 5}}"));
    char *w0 = strstr(with, "'presenter_block_conflict': 0");
    assert_non_null(w0);
    w0[strlen("'presenter_block_conflict': ")] = '9'; /* and Ana presents twice in W1 */
    salle_instance *inst = parse(with);
    free(with);
    free(src);
    salle_schedule *s = salle_schedule_new();
    s->talk_plan = salle_talk_plan_new(inst);
    place_track(s->talk_plan, inst, "W1", "A", "NLP");
    place_talk(s->talk_plan, inst, "T3", "W1", "A", 1);
    place_talk(s->talk_plan, inst, "T2", "W1", "A", 2);
    place_track(s->talk_plan, inst, "W1", "B", "ML");
    place_talk(s->talk_plan, inst, "T1", "W1", "B", 2);
    salle_report *en = check(inst, s);
    assert_true(has_text(en, "Ana Silva presents T3 (Room A) and T1 (Room B), both in W1 (Wed 10:00-11:00)"));
    assert_true(has_text(en, "track NLP in Room A (penalty 2 for this room), W1 (Wed 10:00-11:00)"));
    salle_report *r = salle_check_lang(inst, s, "fr");
    assert_true(has_text(r, "thème NLP dans Room A (pénalité 2 pour cette salle), W1 (mer. 10:00-11:00)"));
    assert_true(has_text(r, "l’exposé T2 du thème ML est dans W1 (mer. 10:00-11:00), Room A, qui accueille le thème NLP"));
    assert_true(has_text(r, "l’exposé T4 (NLP) n’est pas programmé"));
    assert_true(has_text(r, "exposé T3 dans Room A (pénalité 6 x 1 créneau)"));
    assert_true(has_text(r, "Ana Silva présente T3 (Room A) et T1 (Room B), tous deux pendant W1 (mer. 10:00-11:00)"));
    salle_report_free(r);
    r = salle_check_lang(inst, s, "ar");
    assert_true(has_text(r, "المحور NLP في Room A (جزاء 2 لهذه القاعة)، W1 (الأربعاء 10:00-11:00)"));
    salle_report_free(r);
    salle_report_free(en);
    salle_schedule_free(s);
    salle_instance_free(inst);
}

/* Runs last: every talk rule and goal was worded in each language by some test above. */
static void test_every_kind_translated(void **state)
{
    (void)state;
    int missing = 0;
    for (int l = 0; l < 3; l++) {
        for (int k = 1; k < SALLE_TALK_RULE_COUNT; k++)
            if (!seen_rule[l][k] && ++missing)
                fprintf(stderr, "no test saw talk rule %s in %s\n", salle_talk_rule_name(k), check_langs[l]);
        for (int g = 0; g < SALLE_TALK_GOAL_COUNT; g++)
            if (!seen_goal[l][g] && ++missing)
                fprintf(stderr, "no test saw talk goal %s in %s\n", salle_talk_goal_name(g), check_langs[l]);
    }
    assert_int_equal(missing, 0);
}

/* W1: ML in A (T1 slot 1, T2 slots 2-3), NLP in B (T3 slot 1, T4 slot 2); W2: KR in A (T5). */
static salle_schedule *good(const salle_instance *inst)
{
    salle_schedule *s = salle_schedule_new();
    s->talk_plan = salle_talk_plan_new(inst);
    place_track(s->talk_plan, inst, "W1", "A", "ML");
    place_track(s->talk_plan, inst, "W1", "B", "NLP");
    place_track(s->talk_plan, inst, "W2", "A", "KR");
    place_talk(s->talk_plan, inst, "T1", "W1", "A", 1);
    place_talk(s->talk_plan, inst, "T2", "W1", "A", 2);
    place_talk(s->talk_plan, inst, "T3", "W1", "B", 1);
    place_talk(s->talk_plan, inst, "T4", "W1", "B", 2);
    place_talk(s->talk_plan, inst, "T5", "W2", "A", 1);
    return s;
}

static void test_parse(void **state)
{
    (void)state;
    salle_instance *inst = parse(conf);
    const salle_talks *t = inst->talks;
    assert_non_null(t);
    assert_int_equal(t->nblocks, 2);
    assert_int_equal(t->ntracks, 3);
    assert_int_equal(t->ntalks, 5);
    assert_int_equal(t->blocks[1].start, 11 * 60 + 20);
    assert_int_equal(t->blocks[1].room_penalty[1], 4);
    assert_int_equal(t->similar[0 * 3 + 1], 3); /* symmetric */
    assert_int_equal(t->similar[1 * 3 + 0], 3);
    assert_int_equal(t->talks[1].slots, 2);
    assert_int_equal(t->weights[SALLE_TALK_PRESENTER_SLOT], 100);
    /* presenters: T1 and T3 share Ana; attendee Bo (T4) meets presenter Bo (T2) */
    assert_int_equal(t->presenter_clash[0 * 5 + 2], 1);
    assert_int_equal(t->attendee_clash[3 * 5 + 1], 1);
    assert_int_equal(t->attendee_clash[0 * 5 + 1], 0);
    assert_int_equal(t->chair_clash[0 * 3 + 2], 1); /* ML and KR share chair Cy */
    /* Los Angeles is 8 hours behind Lisbon in June: W1 is 02:00-03:00 there, W2 03:20-04:00 */
    assert_int_equal(t->talks[4].hours_penalty[0], 10);
    assert_int_equal(t->talks[0].hours_penalty[0], 0);
    char buf[80];
    assert_string_equal(salle_talk_slot_time(inst, 0, 1, 2, buf), "Wed 10:20-11:00");
    salle_instance_free(inst);
}

static void test_parse_errors(void **state)
{
    (void)state;
    char *e = parse_error(HEAD " 'talk_tracks': [{'id': 'ML'}], 'talks': [{'id': 'T1', 'track': 'XX'}]}");
    assert_non_null(strstr(e, "\"track\" of talk \"T1\" must be the id of one of \"talk_tracks\""));
    assert_int_equal(strncmp(e, "1:", 2), 0);
    free(e);
    e = parse_error(HEAD " 'talk_tracks': [{'id': 'ML'}], 'talks': [{'id': 'T1', 'track': 'ML', 'presenters': ['zoe']}]}");
    assert_non_null(strstr(e, "unknown person \"zoe\" in \"presenters\" of talk \"T1\"; add it to \"people\""));
    free(e);
    e = parse_error(HEAD " 'talk_tracks': [{'id': 'ML', 'similar': {'NLP': 1}}, {'id': 'NLP', 'similar': {'ML': 2}}], 'talks': []}");
    assert_non_null(strstr(e, "two different similarity penalties (1 and 2)"));
    free(e);
    e = parse_error(HEAD " 'talk_tracks': [], 'talks': [], 'talk_weights': {'presenter': 1}}");
    assert_non_null(strstr(e, "unknown talk weight \"presenter\"; expected one of: track_block,"));
    free(e);
    e = parse_error("{'salle': 1, 'event': {'name': 'E', 'timezone': 'UTC', 'days': ['2026-06-17']},"
                    " 'rooms': [{'id': 'A', 'capacity': 5}], 'sessions': [],"
                    " 'blocks': [{'id': 'W1', 'day': '2026-06-17', 'start': '10:00', 'end': '11:00', 'slots': 3},"
                    " {'id': 'W2', 'day': '2026-06-17', 'start': '10:30', 'end': '12:00', 'slots': 2}],"
                    " 'talk_tracks': [], 'talks': []}");
    assert_non_null(strstr(e, "block \"W2\" starts before block \"W1\" ends; list blocks in time order"));
    free(e);
    e = parse_error("{'salle': 1, 'event': {'name': 'E', 'timezone': 'UTC', 'days': ['2026-06-17']},"
                    " 'rooms': [{'id': 'A', 'capacity': 5}], 'sessions': [], 'talks': []}");
    assert_non_null(strstr(e, "needs all of \"blocks\", \"talk_tracks\" and \"talks\""));
    free(e);
}

/* The same messages in the diag's language (salle_diag.lang, issue 11 point 6): the sentence,
 * the description of the talk, block or track and the type words translated, ids and keys as the
 * file has them, at the same line and column; a kind is never an English word in the sentence. */
static void expect_in(const char *lang, const char *json, const char *want)
{
    char *en = parse_error(json), *e = parse_error_in(lang, json);
    size_t at = (size_t)(strchr(en, ' ') - en) + 1; /* after "LINE:COL: " */
    if (strncmp(e, en, at) != 0 || strcmp(e + at, want) != 0)
        fail_msg("in %s:\n got  %s\n want %.*s%s\n (English: %s)", lang, e, (int)at, en, want, en);
    free(en);
    free(e);
}

static void test_parse_errors_in_languages(void **state)
{
    (void)state;
    const char *bad_track = HEAD " 'talk_tracks': [{'id': 'ML'}], 'talks': [{'id': 'T1', 'track': 'XX'}]}";
    expect_in("fr", bad_track, "l’exposé \"T1\" : \"track\" doit être l’id d’un des \"talk_tracks\"");
    expect_in("es", bad_track, "la ponencia \"T1\": \"track\" debe ser el id de uno de \"talk_tracks\"");
    expect_in("ar", bad_track, "العرض \"T1\": يجب أن يكون \"track\" معرِّف أحد \"talk_tracks\"");
    /* the kind of list: a talk, a block and a track number each in its own words */
    expect_in("fr", HEAD " 'talk_tracks': [{'id': 'ML'}], 'talks': ['T1']}",
              "exposé n° 1 doit être un objet, pas une chaîne");
    expect_in("fr", HEAD " 'talk_tracks': [{'id': 'ML'}, {'id': 'ML'}], 'talks': []}",
              "id de thème \"ML\" en double ; le thème n° 1 l’a déjà");
    expect_in("ar", HEAD " 'talk_tracks': [{'name': 'ML'}], 'talks': []}",
              "محور رقم 1: لا يوجد \"id\"؛ المتوقع سلسلة نصية غير فارغة");
    /* a penalty map names its kind: a room here */
    expect_in("es", HEAD " 'talk_tracks': [{'id': 'ML', 'room_penalties': {'Z': 1}}], 'talks': []}",
              "el eje temático \"ML\": sala \"Z\" desconocida en \"room_penalties\"");
    expect_in("fr", HEAD " 'talk_tracks': [{'id': 'ML'}], 'talks': [{'id': 'T1', 'track': 'ML', 'slots': 5000}]}",
              "l’exposé \"T1\" : \"slots\" doit être un entier de 1 à 1000, pas 5000");
}

/* A schedule's talk part ("cells", "talks") is read in the diag's language too. */
static void test_schedule_errors_in_languages(void **state)
{
    (void)state;
    salle_instance *inst = parse(conf);
    static const struct {
        const char *lang, *json, *want;
    } cases[] = {
        {"fr", "{'assignments': [], 'cells': [{'block': 'W1', 'room': 'A', 'track': 'ZZ'}]}",
         "cellule n° 1 : thème \"ZZ\" inconnu"},
        {"ar", "{'assignments': [], 'cells': [{'block': 'W9', 'room': 'A', 'track': 'ML'}]}",
         "خلية رقم 1: كتلة غير معروفة \"W9\""},
        {"fr", "{'assignments': [], 'talks': [{'talk': 'T1', 'block': 'W2', 'room': 'A', 'slot': 3}]}",
         "placement d’exposé n° 1 : \"slot\" doit être le numéro de son premier créneau, de 1 à 2 dans le bloc \"W2\""},
        {"es", "{'assignments': [], 'talks': [{'block': 'W2', 'room': 'A', 'slot': 1}]}",
         "ubicación de ponencia n.º 1: falta \"talk\"; se espera un id de ponencia"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *buf = quotes(cases[i].json);
        salle_diag en = {0}, err = {0};
        snprintf(err.lang, sizeof err.lang, "%s", cases[i].lang);
        assert_null(salle_schedule_parse(buf, strlen(buf), "s.json", inst, &en));
        assert_null(salle_schedule_parse(buf, strlen(buf), "s.json", inst, &err));
        if (strcmp(err.msg, cases[i].want) != 0)
            fail_msg("in %s:\n got  %s\n want %s\n (English: %s)", cases[i].lang, err.msg, cases[i].want, en.msg);
        assert_int_equal(err.line, en.line);
        assert_int_equal(err.col, en.col);
        free(buf);
    }
    salle_instance_free(inst);
}

static void test_check_good(void **state)
{
    (void)state;
    salle_instance *inst = parse(conf);
    salle_schedule *s = good(inst);
    salle_report *r = check(inst, s);
    assert_int_equal(r->score.hard, 0);
    /* NLP in A? no: B. Costs: similar ML/NLP in W1 = 3; T3 in W1 = 5 per slot; T5 from Los
     * Angeles in W2 = 10 (big); KR in one room; order fine (T1 first, T2 second) */
    assert_int_equal(r->talk_soft_by_goal[SALLE_TALK_SIMILAR_TRACKS], 3);
    assert_int_equal(r->talk_soft_by_goal[SALLE_TALK_BLOCK], 5);
    assert_int_equal(r->talk_soft_by_goal[SALLE_TALK_HOURS], 10);
    /* Ana presents T1 and T3, both in slot 1: a real clash, weight 100 */
    assert_int_equal(r->talk_soft_by_goal[SALLE_TALK_PRESENTER_SLOT], 100);
    assert_true(has_text(r, "Ana Silva presents T1 (Room A) and T3 (Room B), both at Wed 10:00-10:20"));
    /* Bo attends T4 (slot 2) while presenting T2 (slots 2-3): block and slot level */
    assert_int_equal(r->talk_soft_by_goal[SALLE_TALK_ATTENDEE_BLOCK], 1);
    assert_int_equal(r->talk_soft_by_goal[SALLE_TALK_ATTENDEE_SLOT], 1);
    assert_true(has_text(r, "Bo Li presents T2 and attends T4, both at Wed 10:20-10:40 (Room A and Room B)"));
    assert_int_equal(r->score.soft, 3 + 5 + 10 + 100 + 1 + 1);
    salle_report_free(r);
    salle_schedule_free(s);
    salle_instance_free(inst);
}

static void test_check_bad(void **state)
{
    (void)state;
    salle_instance *inst = parse(conf);
    salle_schedule *s = good(inst);
    salle_talk_plan *p = s->talk_plan;
    /* T5 into the ML cell, T2 starting at slot 2 of W2 (needs 2, has 1 left), T4 unplaced */
    place_talk(p, inst, "T5", "W1", "A", 1);
    place_track(p, inst, "W2", "B", "ML");
    place_talk(p, inst, "T2", "W2", "B", 2);
    p->talk_block[3] = -1;
    /* ML in W1 (A) and W2 (B): two rooms; W2 costs 7 for ML and 4 for room B */
    salle_report *r = check(inst, s);
    assert_int_equal(r->talk_hard_by_rule[SALLE_TALK_RULE_PLACEMENT], 1);
    assert_int_equal(r->talk_hard_by_rule[SALLE_TALK_RULE_TRACK], 1);
    assert_int_equal(r->talk_hard_by_rule[SALLE_TALK_RULE_SLOTS], 1);
    assert_int_equal(r->talk_hard_by_rule[SALLE_TALK_RULE_OVERLAP], 1);
    assert_int_equal(r->score.hard, 4);
    assert_true(has_text(r, "talk T4 (NLP) is not placed"));
    assert_true(has_text(r, "talk T5 of track KR is in W1 (Wed 10:00-11:00), Room A, which holds track ML"));
    assert_true(has_text(r, "talk T2 needs 2 slots from slot 2 of W2 (Wed 11:20-12:00), which has 2"));
    assert_true(has_text(r, "talks T1 and T5 share Room A, Wed 10:00-10:20"));
    assert_int_equal(r->talk_soft_by_goal[SALLE_TALK_TRACK_ROOMS], 1);
    assert_int_equal(r->talk_soft_by_goal[SALLE_TALK_TRACK_BLOCK], 7);
    assert_int_equal(r->talk_soft_by_goal[SALLE_TALK_BLOCK_ROOM], 4);
    assert_true(has_text(r, "track ML uses 2 rooms (Room A, Room B); one would do"));
    salle_report_free(r);
    salle_schedule_free(s);
    salle_instance_free(inst);
}

static void test_schedule_file(void **state)
{
    (void)state;
    salle_instance *inst = parse(conf);
    salle_schedule *s = good(inst);
    char *text = salle__schedule_json(inst, s, NULL);
    assert_non_null(strstr(text, "\"talk\":\"T2\",\n   \"block\":\"W1\",\n   \"room\":\"A\",\n   \"slot\":2,\n   \"start\":\"2026-06-17T10:20\",\n   \"end\":\"2026-06-17T11:00\""));
    salle_diag err = {0};
    salle_schedule *back = salle_schedule_parse(text, strlen(text), "s.json", inst, &err);
    assert_non_null(back);
    assert_memory_equal(back->talk_plan->cell_track, s->talk_plan->cell_track, 4 * sizeof(int));
    assert_memory_equal(back->talk_plan->talk_slot, s->talk_plan->talk_slot, 5 * sizeof(int));
    free(text);
    salle_schedule_free(back);
    const char *twice = "{'assignments': [], 'cells': [], 'talks': [{'talk': 'T1', 'block': 'W1', 'room': 'A', 'slot': 1},\n"
                        " {'talk': 'T1', 'block': 'W2', 'room': 'A', 'slot': 1}]}";
    char *buf = quotes(twice);
    assert_null(salle_schedule_parse(buf, strlen(buf), "s.json", inst, &err));
    assert_int_equal(err.line, 2);
    assert_string_equal(err.msg, "talk placement number 2: talk \"T1\" is placed twice; a talk has one place");
    free(buf);
    buf = quotes("{'assignments': [], 'talks': [{'talk': 'T1', 'block': 'W2', 'room': 'A', 'slot': 3}]}");
    assert_null(salle_schedule_parse(buf, strlen(buf), "s.json", inst, &err));
    assert_string_equal(err.msg, "\"slot\" of talk placement number 1 must be the number of its first time slot, 1 to 2 in block \"W2\"");
    free(buf);
    salle_schedule_free(s);
    salle_instance_free(inst);
}

/* The solver places everything, its own score equals the checker's (debug_check also recomputes
 * the full score after every move and aborts on a difference), and a seed gives one plan. */
static void test_solve(void **state)
{
    (void)state;
    salle_instance *inst = parse(conf);
    salle_solve_options opt = {0};
    opt.seed = 7;
    opt.iterations = 20000;
    opt.debug_check = 1;
    salle_score sc;
    salle_schedule *a = salle_solve(inst, &opt, &sc);
    salle_report *r = salle_check(inst, a);
    assert_int_equal(r->score.hard, 0);
    assert_int_equal(sc.soft, r->score.soft);
    assert_int_equal(salle__talk_state_score(inst, a->talk_plan), r->score.soft);
    /* the best, worked out by hand: ML in W1, NLP in W2 Room B (4), KR in W2 Room A (T5 is at
     * night in Los Angeles in either block: 10); everything else costs more */
    assert_int_equal(r->score.soft, 14);
    salle_report_free(r);
    opt.debug_check = 0;
    salle_schedule *b = salle_solve(inst, &opt, &sc);
    char *ta = salle__schedule_json(inst, a, NULL), *tb = salle__schedule_json(inst, b, NULL);
    assert_string_equal(ta, tb);
    free(ta);
    free(tb);
    /* two threads: two searches from derived seeds, the better plan; the same every time */
    opt.threads = 2;
    salle_schedule *c = salle_solve(inst, &opt, &sc), *d = salle_solve(inst, &opt, &sc);
    ta = salle__schedule_json(inst, c, NULL), tb = salle__schedule_json(inst, d, NULL);
    assert_string_equal(ta, tb);
    assert_true(sc.soft <= 14 && sc.hard == 0);
    free(ta);
    free(tb);
    salle_schedule_free(c);
    salle_schedule_free(d);
    salle_schedule_free(a);
    salle_schedule_free(b);
    salle_instance_free(inst);
}

static uint64_t next(uint64_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    return *x;
}

/* The solver's scoring against the checker on random plans of the imported N2OR workbook
 * (examples/talks/N2OR.json; tests/cosplib.sh keeps it equal to a fresh import): tracks into
 * random cells, talks into free slots of their track's cells. */
static void test_state_score_random(void **state)
{
    (void)state;
    salle_diag err = {0};
    salle_instance *inst = salle_instance_load("examples/talks/N2OR.json", &err);
    if (!inst)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
    const salle_talks *t = inst->talks;
    uint64_t x = 88172645463325252ULL;
    for (int round = 0; round < 200; round++) {
        salle_schedule *s = salle_schedule_new();
        salle_talk_plan *p = s->talk_plan = salle_talk_plan_new(inst);
        int R = inst->nrooms;
        int *used = salle__xcalloc((size_t)t->nblocks * R, sizeof *used);
        for (int i = 0; i < t->ntalks; i++) {
            for (int tries = 0; tries < 40; tries++) {
                int b = (int)(next(&x) % (uint64_t)t->nblocks), r = (int)(next(&x) % (uint64_t)R);
                int c = b * R + r, k = p->cell_track[c];
                if ((k >= 0 && k != t->talks[i].track) || used[c] + t->talks[i].slots > t->blocks[b].slots)
                    continue;
                p->cell_track[c] = t->talks[i].track;
                p->talk_block[i] = b, p->talk_room[i] = r, p->talk_slot[i] = used[c];
                used[c] += t->talks[i].slots;
                break;
            }
        }
        free(used);
        salle_report *rep = check(inst, s);
        long long notes = 0;
        for (int i = 0; i < rep->ninfo; i++)
            notes += strncmp(rep->info[i], "not scored (presenter", 21) == 0;
        long long want = rep->score.soft + 1000000000000LL * rep->talk_hard_by_rule[SALLE_TALK_RULE_PLACEMENT] +
                         1000000000LL * notes;
        assert_int_equal(rep->score.hard, rep->talk_hard_by_rule[SALLE_TALK_RULE_PLACEMENT]);
        assert_true(salle__talk_state_score(inst, p) == want);
        salle_report_free(rep);
        salle_schedule_free(s);
    }
    salle_instance_free(inst);
}

/* A forum with a paper track: a session in a room a track's block holds, and a session's speaker
 * presenting a talk at its time, are hard violations in words; the solver keeps clear of both. */
#define MIXED                                                                                    \
    "{'salle': 1, 'event': {'name': 'ECAI', 'timezone': 'Europe/Lisbon', 'days': ['2026-06-17'],"   \
    "  'hours': {'start': '09:00', 'end': '18:00'}},"                                               \
    " 'rooms': [{'id': 'A', 'name': 'Room A', 'capacity': 50}, {'id': 'B', 'name': 'Room B', 'capacity': 50}],"  \
    " 'people': [{'id': 'ana', 'name': 'Ana Silva'}, {'id': 'bo', 'name': 'Bo Li'}, {'id': 'cy', 'name': 'Cy Ode'}],"  \
    " 'sessions': [{'id': 'WS-1', 'title': 'Policy workshop', 'duration': 60, 'speakers': ['ana']},"  \
    "              {'id': 'WS-2', 'title': 'Open forum', 'duration': 60, 'speakers': ['cy']}],"     \
    " 'blocks': [{'id': 'W1', 'day': '2026-06-17', 'start': '10:00', 'end': '11:00', 'slots': 3},"  \
    "            {'id': 'W2', 'day': '2026-06-17', 'start': '11:20', 'end': '12:00', 'slots': 2}],"  \
    " 'talk_tracks': [{'id': 'ML', 'chairs': ['cy']}, {'id': 'NLP'}],"                             \
    " 'talks': [{'id': 'T1', 'track': 'ML', 'presenters': ['ana']}, {'id': 'T2', 'track': 'ML', 'presenters': ['bo']},"  \
    "           {'id': 'T3', 'track': 'NLP', 'presenters': ['bo']}]}"

static void test_mixed(void **state)
{
    (void)state;
    salle_instance *inst = parse(MIXED);
    int t = 0;
    assert_int_equal(salle_time_parse_iso(inst, "2026-06-17T10:00", &t), 0);
    /* WS-1 (Ana) in Room A at 10:00, where ML holds W1 and Ana presents T1; WS-2 (Cy, ML's chair)
     * in Room B at 11:00-12:00, while NLP holds W2 there */
    salle_schedule *s = salle_schedule_new();
    salle_schedule_add(s, 0, salle_instance_room(inst, "A"), t);
    salle_schedule_add(s, 1, salle_instance_room(inst, "B"), t + 60);
    s->talk_plan = salle_talk_plan_new(inst);
    place_track(s->talk_plan, inst, "W1", "A", "ML");
    place_track(s->talk_plan, inst, "W2", "B", "NLP");
    place_talk(s->talk_plan, inst, "T1", "W1", "A", 1);
    place_talk(s->talk_plan, inst, "T2", "W1", "A", 2);
    place_talk(s->talk_plan, inst, "T3", "W2", "B", 1);
    salle_report *r = check(inst, s);
    assert_true(has_text(r, "session WS-1 (Policy workshop, Wed 10:00) is in Room A while W1 "
                            "(Wed 10:00-11:00) holds track ML there"));
    assert_true(has_text(r, "session WS-2 (Open forum, Wed 11:00) is in Room B while W2 "
                            "(Wed 11:20-12:00) holds track NLP there"));
    assert_true(has_text(r, "Ana Silva is in session WS-1 (Room A, Wed 10:00) and presents talk "
                            "T1 (Room A, Wed 10:00-10:20)"));
    assert_int_equal(r->talk_hard_by_rule[SALLE_TALK_RULE_SESSION_ROOM], 2);
    assert_int_equal(r->talk_hard_by_rule[SALLE_TALK_RULE_SESSION_PERSON], 1);
    salle_report_free(r);
    /* Cy chairs ML: WS-2 moved to 10:00 in Room B clashes with ML's block in Room A */
    s->assign[1].start = t;
    r = check(inst, s);
    assert_true(has_text(r, "Cy Ode is in session WS-2 (Room B, Wed 10:00) and chairs the track "
                            "of talk T1 (Room A, Wed 10:00-10:20)"));
    salle_report_free(r);
    salle_schedule_free(s);
    salle_instance_free(inst);
    /* The solver places the sessions first, then the talks around them. With WS-1 pinned in Room
     * A at 10:00 (Ana, who presents T1) and WS-2 in Room B at 12:00, the only valid plans put ML
     * in W2 and NLP in W1 Room B: every seed must find one. */
    char *pinned = salle__xstrdup(MIXED);
    char *at1 = strstr(pinned, "'speakers': ['ana']}"), *at2 = strstr(pinned, "'speakers': ['cy']}");
    assert_non_null(at1);
    assert_non_null(at2);
    char *src = salle__xasprintf(
        "%.*s'speakers': ['ana'], 'pinned': {'room': 'A', 'start': '2026-06-17T10:00'}}%.*s"
        "'speakers': ['cy'], 'pinned': {'room': 'B', 'start': '2026-06-17T12:00'}}%s",
        (int)(at1 - pinned), pinned, (int)(at2 - (at1 + 20)), at1 + 20, at2 + 19);
    free(pinned);
    inst = parse(src);
    free(src);
    for (uint64_t seed = 1; seed <= 5; seed++) {
        salle_solve_options opt = {0};
        opt.seed = seed;
        opt.iterations = 20000;
        salle_score sc;
        salle_schedule *x = salle_solve(inst, &opt, &sc);
        r = salle_check(inst, x);
        if (r->score.hard)
            salle_report_print(r, stderr, 1);
        assert_int_equal(r->score.hard, 0);
        salle_report_free(r);
        salle_schedule_free(x);
    }
    salle_instance_free(inst);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_errors_in_languages),
        cmocka_unit_test(test_schedule_errors_in_languages),
        cmocka_unit_test(test_check_good),
        cmocka_unit_test(test_check_bad),
        cmocka_unit_test(test_schedule_file),
        cmocka_unit_test(test_solve),
        cmocka_unit_test(test_state_score_random),
        cmocka_unit_test(test_mixed),
        cmocka_unit_test(test_languages),
        cmocka_unit_test(test_every_kind_translated), /* last: it counts what the others saw */
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
