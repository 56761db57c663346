/*
 * test_check.c: the independent checker (src/engine/check.c). Tiny instances, hand-computed counts for
 * every hard rule (a case that breaks it and a case just inside it) and the amount of every soft
 * goal, plus the wording of a few messages and the printed report.
 *
 * Instances are written with single quotes for readability; parse() turns them into double ones.
 * 2018-11-12 is a Monday, 2018-11-13 a Tuesday. Rooms hold 10 and sessions have no interest, so
 * that no soft goal fires unless a test asks for it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/internal.h"
#include "check_langs.h"

#include <stdlib.h>
#include <string.h>

static salle_instance *parse(const char *json)
{
    char *buf = salle__xstrdup(json);
    for (char *p = buf; *p; p++)
        if (*p == '\'')
            *p = '"';
    salle_diag err = {0};
    salle_instance *inst = salle_instance_parse(buf, strlen(buf), "t.json", &err);
    if (!inst)
        fail_msg("%s:%d:%d: %s\n%s", err.file, err.line, err.col, err.msg, buf);
    free(buf);
    return inst;
}

/* Places session sid in room rid at when ("2018-11-12T11:00"). */
static void put(salle_schedule *s, const salle_instance *inst, const char *sid, const char *rid,
                const char *when)
{
    int t;
    int si = salle_instance_session(inst, sid), ri = salle_instance_room(inst, rid);
    assert_true(si >= 0);
    assert_true(ri >= 0);
    assert_int_equal(salle_time_parse_iso(inst, when, &t), 0);
    salle_schedule_add(s, si, ri, t);
}

static int has_text(const salle_report *r, const char *want)
{
    for (int i = 0; i < r->nviolations; i++)
        if (strcmp(r->violations[i].text, want) == 0)
            return 1;
    fprintf(stderr, "no violation reads: %s\nthe report has:\n", want);
    salle_report_print(r, stderr, 1);
    return 0;
}

static int has_info(const salle_report *r, const char *want)
{
    for (int i = 0; i < r->ninfo; i++)
        if (strcmp(r->info[i], want) == 0)
            return 1;
    return 0;
}

/* Checks that the per-rule counts, per-goal costs and violation list agree with the totals. */
static void consistent(const salle_report *r)
{
    long h = 0, s = 0, vh = 0, vs = 0;
    for (int k = 1; k < SALLE_HARD_COUNT; k++)
        h += r->hard_by_rule[k];
    for (int g = 0; g < SALLE_SOFT_COUNT; g++)
        s += r->soft_by_goal[g];
    for (int i = 0; i < r->nviolations; i++) {
        if (r->violations[i].hard)
            vh += r->violations[i].cost;
        else
            vs += r->violations[i].cost;
    }
    assert_int_equal(h, r->score.hard);
    assert_int_equal(s, r->score.soft);
    assert_int_equal(vh, r->score.hard);
    assert_int_equal(vs, r->score.soft);
}

typedef struct fx {
    salle_instance *inst;
    salle_schedule *s;
    salle_report *r;
} fx;

static char *print(const salle_report *r, int verbose);
static void same_print(const salle_instance *inst, const salle_schedule *s, const salle_report *r);

static void same_in_languages(const salle_instance *inst, const salle_schedule *s, const salle_report *en);
static void same_print_lang(const salle_instance *inst, const salle_schedule *s, const salle_report *r,
                            const char *lang);

static void fx_run(fx *f)
{
    salle_report_free(f->r);
    f->r = salle_check(f->inst, f->s);
    consistent(f->r);
    same_print(f->inst, f->s, f->r);
    same_in_languages(f->inst, f->s, f->r);
}

static void fx_reset(fx *f)
{
    salle_schedule_free(f->s);
    f->s = salle_schedule_new();
}

static void fx_free(fx *f)
{
    salle_report_free(f->r);
    salle_schedule_free(f->s);
    salle_instance_free(f->inst);
}

#define HEAD "{'salle':1,'event':{'name':'E','timezone':'Europe/Paris','days':['2018-11-12','2018-11-13']"
#define HARD(f, rule) ((f)->r->hard_by_rule[rule])
#define SOFT(f, goal) ((f)->r->soft_by_goal[goal])

/* ---------------------------------------------------------------- hard rules */

static void test_placement(void **state)
{
    (void)state;
    fx f = {parse(HEAD "},'rooms':[{'id':'r1','capacity':10},{'id':'r2','capacity':10}],"
                  "'sessions':[{'id':'A','duration':60},{'id':'B','duration':60},"
                  "{'id':'C','duration':60}]}"),
            salle_schedule_new(), NULL};
    /* nothing placed: three violations */
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_PLACEMENT), 3);
    assert_int_equal(f.r->score.hard, 3);
    assert_true(has_text(f.r, "A is not placed (missing from the schedule)"));

    /* A placed three times (2 extra), B unscheduled with a reason, C placed once */
    put(f.s, f.inst, "A", "r1", "2018-11-12T09:00");
    put(f.s, f.inst, "A", "r2", "2018-11-12T09:00");
    put(f.s, f.inst, "A", "r1", "2018-11-12T09:30");
    salle_schedule_add_unscheduled(f.s, salle_instance_session(f.inst, "B"), "no room is free");
    put(f.s, f.inst, "C", "r2", "2018-11-12T11:00");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_PLACEMENT), 3);
    assert_true(has_text(f.r, "B is not placed: no room is free"));
    assert_true(has_text(f.r, "A is placed more than once: again in r2 at Mon 09:00, after r1 at "
                              "Mon 09:00; only the first placement counts"));
    /* only the first placement of A takes part in other rules: no room conflict with itself,
     * no person or resource rules from the extra ones */
    assert_int_equal(HARD(&f, SALLE_HARD_ROOM_CONFLICT), 0);
    assert_int_equal(f.r->score.hard, 3);
    assert_int_equal(f.r->score.soft, 0);

    /* everything placed once */
    fx_reset(&f);
    put(f.s, f.inst, "A", "r1", "2018-11-12T09:00");
    put(f.s, f.inst, "B", "r1", "2018-11-12T10:30");
    put(f.s, f.inst, "C", "r2", "2018-11-12T09:00");
    fx_run(&f);
    assert_int_equal(f.r->score.hard, 0);
    assert_int_equal(f.r->nviolations, 0);
    fx_free(&f);
}

static void test_room_conflict(void **state)
{
    (void)state;
    fx f = {parse(HEAD "},'rooms':[{'id':'r1','name':'Salle I','capacity':10},"
                  "{'id':'r2','capacity':10,'changeover':0}],"
                  "'sessions':[{'id':'WS-3','duration':90},{'id':'WS-9','duration':55},"
                  "{'id':'X','duration':60}]}"),
            salle_schedule_new(), NULL};
    /* 5 minutes short of the 10-minute changeover */
    put(f.s, f.inst, "WS-3", "r1", "2018-11-13T11:00");
    put(f.s, f.inst, "WS-9", "r1", "2018-11-13T12:35");
    put(f.s, f.inst, "X", "r2", "2018-11-13T11:00");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_ROOM_CONFLICT), 1);
    assert_int_equal(f.r->score.hard, 1);
    assert_true(has_text(f.r, "WS-3 (Salle I, Tue 11:00-12:30) and WS-9 (Salle I, Tue "
                              "12:35-13:30) leave 5 minutes in Salle I, which needs 10 minutes "
                              "to change over"));

    /* exactly the changeover: fine */
    fx_reset(&f);
    put(f.s, f.inst, "WS-3", "r1", "2018-11-13T11:00");
    put(f.s, f.inst, "WS-9", "r1", "2018-11-13T12:40");
    put(f.s, f.inst, "X", "r2", "2018-11-13T11:00");
    fx_run(&f);
    assert_int_equal(f.r->score.hard, 0);

    /* overlap, listed in either order; three sessions in one room make three pairs */
    fx_reset(&f);
    put(f.s, f.inst, "WS-9", "r1", "2018-11-13T12:00");
    put(f.s, f.inst, "WS-3", "r1", "2018-11-13T11:00");
    put(f.s, f.inst, "X", "r1", "2018-11-13T11:30");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_ROOM_CONFLICT), 3);
    assert_true(has_text(f.r, "WS-3 (Salle I, Tue 11:00-12:30) and X (Salle I, Tue 11:30-12:30) "
                              "overlap in Salle I"));

    /* a room with no changeover may be used back to back */
    fx_reset(&f);
    put(f.s, f.inst, "WS-3", "r2", "2018-11-13T11:00");
    put(f.s, f.inst, "WS-9", "r2", "2018-11-13T12:30");
    put(f.s, f.inst, "X", "r2", "2018-11-13T13:25");
    fx_run(&f);
    assert_int_equal(f.r->score.hard, 0);
    /* same times on different days do not meet */
    fx_reset(&f);
    put(f.s, f.inst, "WS-3", "r1", "2018-11-12T11:00");
    put(f.s, f.inst, "WS-9", "r1", "2018-11-13T11:00");
    put(f.s, f.inst, "X", "r2", "2018-11-13T11:00");
    fx_run(&f);
    assert_int_equal(f.r->score.hard, 0);
    fx_free(&f);
}

static void test_person_conflict(void **state)
{
    (void)state;
    fx f = {parse(HEAD "},'venues':[{'id':'v1','name':'Hall A','travel':{'v2':30}},"
                  "{'id':'v2','name':'Hall B'}],"
                  "'rooms':[{'id':'r3','name':'Room 3','capacity':10,'venue':'v1'},"
                  "{'id':'r7','name':'Room 7','capacity':10,'venue':'v2'},"
                  "{'id':'r8','name':'Room 8','capacity':10,'venue':'v1'},"
                  "{'id':'r9','name':'Room 9','capacity':10}],"
                  "'people':[{'id':'ar','name':'Anna Ruiz'},{'id':'bo','name':'Bo'}],"
                  "'sessions':[{'id':'WS-12','duration':90,'organizers':['ar'],'speakers':['ar']},"
                  "{'id':'OF-4','duration':60,'speakers':['ar','bo']},"
                  "{'id':'Z','duration':60,'speakers':['bo']}]}"),
            salle_schedule_new(), NULL};
    put(f.s, f.inst, "WS-12", "r3", "2018-11-13T11:00");
    put(f.s, f.inst, "OF-4", "r7", "2018-11-13T12:00");
    put(f.s, f.inst, "Z", "r9", "2018-11-13T12:30");
    fx_run(&f);
    /* Anna in WS-12 and OF-4; Bo in OF-4 and Z */
    assert_int_equal(HARD(&f, SALLE_HARD_PERSON_CONFLICT), 2);
    assert_true(has_text(f.r, "Anna Ruiz is in WS-12 (Room 3, Tue 11:00-12:30) and OF-4 "
                              "(Room 7, Tue 12:00-13:00)"));

    /* 20 minutes between venues that are 30 apart */
    fx_reset(&f);
    put(f.s, f.inst, "WS-12", "r3", "2018-11-13T11:00");
    put(f.s, f.inst, "OF-4", "r7", "2018-11-13T12:50");
    put(f.s, f.inst, "Z", "r9", "2018-11-13T14:00");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_PERSON_CONFLICT), 1);
    assert_true(has_text(f.r, "Anna Ruiz has 20 minutes between WS-12 (Room 3, Tue 11:00-12:30) "
                              "and OF-4 (Room 7, Tue 12:50-13:50) but needs 30 minutes to get "
                              "from Hall A to Hall B"));
    /* exactly the travel time */
    fx_reset(&f);
    put(f.s, f.inst, "WS-12", "r3", "2018-11-13T11:00");
    put(f.s, f.inst, "OF-4", "r7", "2018-11-13T13:00");
    put(f.s, f.inst, "Z", "r9", "2018-11-13T14:00");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_PERSON_CONFLICT), 0);
    /* same venue, or a room without venue: no travel time, touching is fine */
    fx_reset(&f);
    put(f.s, f.inst, "WS-12", "r3", "2018-11-13T11:00");
    put(f.s, f.inst, "OF-4", "r8", "2018-11-13T12:30");
    put(f.s, f.inst, "Z", "r9", "2018-11-13T13:30");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_PERSON_CONFLICT), 0);
    assert_int_equal(f.r->score.hard, 0);
    fx_free(&f);
}

static void test_availability(void **state)
{
    (void)state;
    fx f = {parse(HEAD "},'rooms':[{'id':'r1','name':'Room 1','capacity':10,"
                  "'available':[{'start':'09:00','end':'12:00'}]},{'id':'r2','capacity':10}],"
                  "'people':[{'id':'p','name':'Pat','available':[{'day':'2018-11-13','start':'09:00','end':'18:00'}]},"
                  "{'id':'q','name':'Quinn','available':[{'start':'10:00','end':'11:00'}]}],"
                  "'sessions':[{'id':'A','duration':60,'speakers':['p','q']},"
                  "{'id':'B','duration':60}]}"),
            salle_schedule_new(), NULL};
    /* room closes at 12:00; Pat is there only on Tuesday; Quinn only 10-11 */
    put(f.s, f.inst, "A", "r1", "2018-11-12T11:30");
    put(f.s, f.inst, "B", "r2", "2018-11-12T17:30"); /* past the default opening hours */
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_AVAILABILITY), 4);
    assert_true(has_text(f.r, "A (Room 1, Mon 11:30-12:30) is outside the hours Room 1 is "
                              "available (Mon 09:00-12:00)"));
    assert_true(has_text(f.r, "Pat is not available for A (Room 1, Mon 11:30-12:30) (not at all "
                              "that day)"));
    assert_true(has_text(f.r, "Quinn is not available for A (Room 1, Mon 11:30-12:30) (only Mon "
                              "10:00-11:00)"));
    /* all inside */
    fx_reset(&f);
    put(f.s, f.inst, "A", "r1", "2018-11-13T10:00");
    put(f.s, f.inst, "B", "r2", "2018-11-12T17:00");
    fx_run(&f);
    assert_int_equal(f.r->score.hard, 0);
    fx_free(&f);
}

static void test_capacity_and_features(void **state)
{
    (void)state;
    fx f = {parse(HEAD "},'rooms':[{'id':'r4','name':'Room 4','capacity':120},"
                  "{'id':'r2','name':'Room 2','capacity':400,'features':['interpretation','captioning']}],"
                  "'sessions':[{'id':'WS-17','duration':60,'attendance':300},"
                  "{'id':'WS-5','duration':60,'attendance':100,'needs':['interpretation','captioning','hybrid']},"
                  "{'id':'C','duration':60,'attendance':120}]}"),
            salle_schedule_new(), NULL};
    put(f.s, f.inst, "WS-17", "r4", "2018-11-12T09:00");
    put(f.s, f.inst, "WS-5", "r4", "2018-11-12T11:00");
    put(f.s, f.inst, "C", "r4", "2018-11-12T13:00"); /* exactly full: not a violation */
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_CAPACITY), 1);
    assert_int_equal(HARD(&f, SALLE_HARD_FEATURES), 1);
    assert_true(has_text(f.r, "WS-17 expects 300 people but Room 4 holds 120"));
    assert_true(has_text(f.r, "WS-5 needs interpretation, captioning and hybrid, which Room 4 "
                              "lacks"));
    fx_reset(&f);
    put(f.s, f.inst, "WS-17", "r2", "2018-11-12T09:00");
    put(f.s, f.inst, "WS-5", "r2", "2018-11-12T11:00");
    put(f.s, f.inst, "C", "r4", "2018-11-12T13:00");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_CAPACITY), 0);
    assert_int_equal(HARD(&f, SALLE_HARD_FEATURES), 1); /* still no hybrid kit */
    assert_true(has_text(f.r, "WS-5 needs hybrid, which Room 2 lacks"));
    fx_free(&f);
}

static void test_resources(void **state)
{
    (void)state;
    fx f = {parse(HEAD "},'rooms':[{'id':'r1','capacity':10},{'id':'r2','capacity':10},"
                  "{'id':'r3','capacity':10}],"
                  "'resources':[{'id':'int','name':'Interpreters','capacity':1,"
                  "'shifts':[{'start':'09:00','end':'13:00'},{'start':'13:00','end':'17:00'}]},"
                  "{'id':'cap','name':'Captioners','capacity':2}],"
                  "'sessions':[{'id':'A','duration':60,'resources':['int','cap']},"
                  "{'id':'B','duration':60,'resources':['int','cap']},"
                  "{'id':'C','duration':60,'resources':['int','cap']}]}"),
            salle_schedule_new(), NULL};
    /* touching sessions share a team; each inside a shift */
    put(f.s, f.inst, "A", "r1", "2018-11-12T11:00");
    put(f.s, f.inst, "B", "r2", "2018-11-12T12:00");
    put(f.s, f.inst, "C", "r3", "2018-11-12T13:00");
    fx_run(&f);
    assert_int_equal(f.r->score.hard, 0);
    /* B runs across two shifts (they are not merged): outside every shift */
    fx_reset(&f);
    put(f.s, f.inst, "A", "r1", "2018-11-12T10:00");
    put(f.s, f.inst, "B", "r2", "2018-11-12T12:30");
    put(f.s, f.inst, "C", "r3", "2018-11-12T15:00");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_RESOURCES), 1);
    assert_true(has_text(f.r, "B (r2, Mon 12:30-13:30) uses Interpreters outside its shifts (Mon "
                              "09:00-13:00 and 13:00-17:00)"));
    /* A 11:00-12:00, B 11:30-12:30, C 11:45-12:45: interpreters (1) over at 11:30 and 11:45;
     * captioners (2) over at 11:45 */
    fx_reset(&f);
    put(f.s, f.inst, "A", "r1", "2018-11-12T11:00");
    put(f.s, f.inst, "B", "r2", "2018-11-12T11:30");
    put(f.s, f.inst, "C", "r3", "2018-11-12T11:45");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_RESOURCES), 3);
    assert_true(has_text(f.r, "Interpreters is needed by 3 sessions at once at Mon 11:45 (A, B "
                              "and C) but can serve 1"));
    assert_true(has_text(f.r, "Captioners is needed by 3 sessions at once at Mon 11:45 (A, B and "
                              "C) but can serve 2"));
    /* late in the evening: outside the interpreters' shifts (and the room's hours) */
    fx_reset(&f);
    put(f.s, f.inst, "A", "r1", "2018-11-12T17:30");
    put(f.s, f.inst, "B", "r2", "2018-11-13T09:00");
    put(f.s, f.inst, "C", "r3", "2018-11-13T10:00");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_RESOURCES), 1);
    assert_int_equal(HARD(&f, SALLE_HARD_AVAILABILITY), 1);
    fx_free(&f);
}

static void test_relations(void **state)
{
    (void)state;
    fx f = {parse(HEAD "},'rooms':[{'id':'r1','name':'Room 1','capacity':10},"
                  "{'id':'r2','name':'Room 2','capacity':10},{'id':'r3','name':'Room 3','capacity':10}],"
                  "'sessions':[{'id':'A','duration':60,'allowed':[{'day':'2018-11-12','start':'09:00','end':'12:00'}],"
                  "'rooms':['r1','r3']},"
                  "{'id':'B','duration':60,'after':['A'],'not_with':['C']},"
                  "{'id':'C','duration':60}]}"),
            salle_schedule_new(), NULL};
    /* all fine: B starts exactly when A ends; C touches B */
    put(f.s, f.inst, "A", "r1", "2018-11-12T10:00");
    put(f.s, f.inst, "B", "r2", "2018-11-12T11:00");
    put(f.s, f.inst, "C", "r3", "2018-11-12T12:00");
    fx_run(&f);
    assert_int_equal(f.r->score.hard, 0);
    /* A outside allowed times and in a room it may not use; B before A ends; B with C */
    fx_reset(&f);
    put(f.s, f.inst, "A", "r2", "2018-11-12T11:30");
    put(f.s, f.inst, "B", "r1", "2018-11-12T12:00");
    put(f.s, f.inst, "C", "r3", "2018-11-12T12:55");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_RELATIONS), 4);
    assert_true(has_text(f.r, "A (Room 2, Mon 11:30-12:30) is outside its allowed times (Mon "
                              "09:00-12:00)"));
    assert_true(has_text(f.r, "A is in Room 2, but may only use Room 1 or Room 3"));
    assert_true(has_text(f.r, "B (Room 1, Mon 12:00-13:00) must start after A ends, but A (Room 2, "
                              "Mon 11:30-12:30) ends at Mon 12:30"));
    assert_true(has_text(f.r, "B (Room 1, Mon 12:00-13:00) and C (Room 3, Mon 12:55-13:55) must "
                              "not run at the same time"));
    /* allowed only on Monday: Tuesday is outside */
    fx_reset(&f);
    put(f.s, f.inst, "A", "r1", "2018-11-13T10:00");
    put(f.s, f.inst, "B", "r2", "2018-11-13T11:00");
    put(f.s, f.inst, "C", "r3", "2018-11-12T11:00");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_RELATIONS), 1);
    assert_true(has_text(f.r, "A (Room 1, Tue 10:00-11:00) is on a day it is not allowed"));
    fx_free(&f);
}

static void test_fixed(void **state)
{
    (void)state;
    fx f = {parse(HEAD "},'rooms':[{'id':'r1','name':'Room 1','capacity':10},{'id':'r2','name':'Room 2','capacity':10}],"
                  "'sessions':[{'id':'P','duration':60,'pinned':{'room':'r1','start':'2018-11-12T09:00'}},"
                  "{'id':'Q','duration':60,'pinned':{'start':'2018-11-12T11:00'}},"
                  "{'id':'ASK','duration':60,'published':{'room':'r1','start':'2018-11-13T09:00'}},"
                  "{'id':'OK','duration':60,'published':{'room':'r1','start':'2018-11-13T11:00','move':'confirmed'}},"
                  "{'id':'NO','duration':60,'published':{'room':'r1','start':'2018-11-13T13:00','move':'declined'}}]}"),
            salle_schedule_new(), NULL};
    /* everything where it was */
    put(f.s, f.inst, "P", "r1", "2018-11-12T09:00");
    put(f.s, f.inst, "Q", "r2", "2018-11-12T11:00"); /* only the start is pinned */
    put(f.s, f.inst, "ASK", "r1", "2018-11-13T09:00");
    put(f.s, f.inst, "OK", "r1", "2018-11-13T11:00");
    put(f.s, f.inst, "NO", "r1", "2018-11-13T13:00");
    fx_run(&f);
    assert_int_equal(f.r->score.hard, 0);
    assert_int_equal(f.r->score.soft, 0);
    /* everything moved */
    fx_reset(&f);
    put(f.s, f.inst, "P", "r2", "2018-11-12T09:00");
    put(f.s, f.inst, "Q", "r2", "2018-11-12T12:00");
    put(f.s, f.inst, "ASK", "r2", "2018-11-13T09:00");
    put(f.s, f.inst, "OK", "r2", "2018-11-13T11:00");
    put(f.s, f.inst, "NO", "r1", "2018-11-13T14:00");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_FIXED), 4); /* P, Q, ASK, NO; OK's move is confirmed */
    assert_int_equal(f.r->score.hard, 4);
    assert_true(has_text(f.r, "P is pinned to Room 1 at Mon 09:00 but is in Room 2 at Mon 09:00"));
    assert_true(has_text(f.r, "Q is pinned to Mon 11:00 but is in Room 2 at Mon 12:00"));
    assert_true(has_text(f.r, "ASK was published in Room 1 at Tue 09:00 and is now in Room 2 at "
                              "Tue 09:00, without its organizers' confirmation"));
    assert_true(has_text(f.r, "NO was published in Room 1 at Tue 13:00 and is now in Room 1 at "
                              "Tue 14:00, but its organizers declined the move"));
    /* stability, no people: ASK 1, OK 1, NO 2 x (1 + 60/60) = 4 -> 6 x 50 */
    assert_int_equal(SOFT(&f, SALLE_SOFT_STABILITY), 300);
    /* an unplaced pinned or published session only breaks rule 1 */
    fx_reset(&f);
    put(f.s, f.inst, "P", "r1", "2018-11-12T09:00");
    put(f.s, f.inst, "Q", "r2", "2018-11-12T11:00");
    fx_run(&f);
    assert_int_equal(f.r->score.hard, 3);
    assert_int_equal(HARD(&f, SALLE_HARD_PLACEMENT), 3);
    assert_int_equal(f.r->score.soft, 0);
    fx_free(&f);
}

/* Rule 10: an exclusive session runs with no room in use but its own and its overflow rooms. */
static void test_exclusive(void **state)
{
    (void)state;
    fx f = {parse(HEAD "},'rooms':[{'id':'r1','name':'Salle I','capacity':10},"
                  "{'id':'r2','name':'Salle II','capacity':10},{'id':'r3','name':'Room 3','capacity':10}],"
                  "'sessions':[{'id':'OC','duration':120,'exclusive':true,'overflow':['r2']},"
                  "{'id':'WS-1','duration':60},{'id':'WS-2','duration':60},{'id':'SCR','duration':120},"
                  "{'id':'CC','duration':60,'exclusive':true}]}"),
            salle_schedule_new(), NULL};
    /* WS-1 runs beside the opening in Room 3; WS-2 overlaps it by 30 minutes in Room 3 too; the
     * screening in the overflow room is allowed; the closing overlaps the opening in Room 3 */
    put(f.s, f.inst, "OC", "r1", "2018-11-12T10:00");
    put(f.s, f.inst, "WS-1", "r3", "2018-11-12T09:00");
    put(f.s, f.inst, "WS-2", "r3", "2018-11-12T11:30");
    put(f.s, f.inst, "SCR", "r2", "2018-11-12T10:00");
    put(f.s, f.inst, "CC", "r3", "2018-11-13T10:00");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_EXCLUSIVE), 1);
    assert_int_equal(f.r->score.hard, 1);
    assert_true(has_text(f.r, "WS-2 (Room 3, Mon 11:30-12:30) runs during the exclusive session OC "
                              "(Salle I, Mon 10:00-12:00), while only Salle I and Salle II may be in "
                              "use: move WS-2 outside Mon 10:00-12:00, or add Room 3 to the "
                              "\"overflow\" rooms of OC"));
    /* WS-1 ends at 10:00 when the opening starts: just holds */
    for (int i = 0; i < f.r->nviolations; i++)
        assert_null(strstr(f.r->violations[i].text, "WS-1"));

    /* two exclusive sessions at once count once; an exclusive session beside another session in
     * its own overflow room is fine, but the other exclusive session objects (CC has none) */
    fx_reset(&f);
    put(f.s, f.inst, "OC", "r1", "2018-11-12T10:00");
    put(f.s, f.inst, "CC", "r2", "2018-11-12T11:00");
    put(f.s, f.inst, "WS-1", "r1", "2018-11-12T12:10");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_EXCLUSIVE), 1);
    assert_true(has_text(f.r, "OC (Salle I, Mon 10:00-12:00) runs during the exclusive session CC "
                              "(Salle II, Mon 11:00-12:00), while only Salle II may be in use: move "
                              "OC outside Mon 11:00-12:00, or add Salle I to the \"overflow\" rooms "
                              "of CC"));
    fx_reset(&f);
    put(f.s, f.inst, "OC", "r1", "2018-11-12T10:00");
    put(f.s, f.inst, "CC", "r3", "2018-11-12T11:00");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_EXCLUSIVE), 1); /* both object: still one pair */

    /* in its own room another session is a room conflict (rule 2), not rule 10 */
    fx_reset(&f);
    put(f.s, f.inst, "OC", "r1", "2018-11-12T10:00");
    put(f.s, f.inst, "WS-1", "r1", "2018-11-12T11:00");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_EXCLUSIVE), 0);
    assert_int_equal(HARD(&f, SALLE_HARD_ROOM_CONFLICT), 1);

    /* everything else before and after it: holds */
    fx_reset(&f);
    put(f.s, f.inst, "WS-1", "r3", "2018-11-12T09:00");
    put(f.s, f.inst, "OC", "r1", "2018-11-12T10:00");
    put(f.s, f.inst, "WS-2", "r3", "2018-11-12T12:00");
    put(f.s, f.inst, "SCR", "r2", "2018-11-12T10:00");
    put(f.s, f.inst, "CC", "r1", "2018-11-13T17:00");
    fx_run(&f);
    assert_int_equal(f.r->score.hard, 0);
    assert_int_equal(f.r->nviolations, 0);
    fx_free(&f);
}

/* ---------------------------------------------------------------- soft goals */

/* Starts on the hour or half hour, in event local time. */
static void test_round_start(void **state)
{
    (void)state;
    fx f = {parse(HEAD ",'grid':15},'rooms':[{'id':'r1','capacity':10},{'id':'r2','capacity':10}],"
                  "'sessions':[{'id':'A','duration':60},{'id':'B','duration':45},{'id':'C','duration':30},"
                  "{'id':'D','duration':30}],'weights':{'round_start':3}}"),
            salle_schedule_new(), NULL};
    put(f.s, f.inst, "A", "r1", "2018-11-12T09:00");
    put(f.s, f.inst, "B", "r1", "2018-11-12T10:15");
    put(f.s, f.inst, "C", "r2", "2018-11-13T09:30");
    put(f.s, f.inst, "D", "r2", "2018-11-13T10:45");
    fx_run(&f);
    assert_int_equal(SOFT(&f, SALLE_SOFT_ROUND_START), 2 * 3);
    assert_int_equal(f.r->score.soft, 6);
    assert_true(has_text(f.r, "B starts at Mon 10:15, not on the hour or half hour"));
    assert_true(has_text(f.r, "D starts at Tue 10:45, not on the hour or half hour"));
    fx_free(&f);
}

static void test_overlaps(void **state)
{
    (void)state;
    fx f = {parse(HEAD "},'rooms':[{'id':'r1','capacity':10},{'id':'r2','capacity':10},{'id':'r3','capacity':10}],"
                  "'sessions':[{'id':'WS-1','duration':60,'attendance':0,'tracks':['x','y'],'tags':['a','b']},"
                  "{'id':'WS-2','duration':60,'attendance':0,'tracks':['y','x','z'],'tags':['b','c']},"
                  "{'id':'C','duration':60,'attendance':0,'tracks':['x'],'tags':['a']}],"
                  "'interest':[['WS-1','WS-2'],['WS-2','WS-1'],['WS-1','WS-2','C'],['C'],['WS-1']]}"),
            salle_schedule_new(), NULL};
    put(f.s, f.inst, "WS-1", "r1", "2018-11-12T11:00");
    put(f.s, f.inst, "WS-2", "r2", "2018-11-12T11:30");
    put(f.s, f.inst, "C", "r3", "2018-11-12T12:00"); /* touches WS-1, overlaps WS-2 */
    fx_run(&f);
    /* WS-1 & WS-2: 3 sets, tracks x and y, tag b. WS-2 & C: 1 set, track x, no tag. */
    assert_int_equal(SOFT(&f, SALLE_SOFT_AUDIENCE_OVERLAP), (3 + 1) * 10);
    assert_int_equal(SOFT(&f, SALLE_SOFT_TRACK_OVERLAP), (2 + 1) * 30);
    assert_int_equal(SOFT(&f, SALLE_SOFT_TAG_OVERLAP), 1 * 5);
    assert_true(has_text(f.r, "WS-1 (r1, Mon 11:00-12:00) and WS-2 (r2, Mon 11:30-12:30) run at "
                              "the same time and share 3 interested attendees"));
    assert_true(has_text(f.r, "WS-1 (r1, Mon 11:00-12:00) and WS-2 (r2, Mon 11:30-12:30) run at "
                              "the same time and are both in tracks \"x\" and \"y\""));
    /* three tracks used by sessions in three rooms: track x 3 rooms, y 2, z 1 */
    assert_int_equal(SOFT(&f, SALLE_SOFT_TRACK_ROOMS), (2 + 1) * 15);
    /* two days: x runs 3 on Monday and 0 on Tuesday (2), y 2 and 0 (1), z 1 and 0 (0) */
    assert_int_equal(SOFT(&f, SALLE_SOFT_DAY_SPREAD), (2 + 1) * 10);
    assert_int_equal(f.r->score.soft, 40 + 90 + 5 + 45 + 30);
    assert_int_equal(f.r->score.hard, 0);
    fx_free(&f);

    /* weights from the instance are used */
    f = (fx){parse(HEAD "},'rooms':[{'id':'r1','capacity':10},{'id':'r2','capacity':10}],"
                   "'sessions':[{'id':'A','duration':60,'attendance':0},{'id':'B','duration':60,'attendance':0}],"
                   "'interest':[['A','B'],['A','B']],'weights':{'audience_overlap':7}}"),
             salle_schedule_new(), NULL};
    put(f.s, f.inst, "A", "r1", "2018-11-12T11:00");
    put(f.s, f.inst, "B", "r2", "2018-11-12T11:55");
    fx_run(&f);
    assert_int_equal(SOFT(&f, SALLE_SOFT_AUDIENCE_OVERLAP), 14);
    assert_int_equal(SOFT(&f, SALLE_SOFT_ROUND_START), 2); /* B at 11:55 */
    assert_int_equal(f.r->score.soft, 14 + 2);
    assert_int_equal(f.r->nviolations, 2);
    assert_int_equal(f.r->violations[0].cost, 14);
    fx_free(&f);
}

/* The overlap goals are swept per interest set, track and tag (issue 10); here they must equal
 * the plain count over every overlapping pair, on a generated instance packed into a few starts
 * so that most sessions overlap many others (ties in start included). */
static int shared_ids(const int *a, int na, const int *b, int nb)
{
    int k = 0;
    for (int i = 0; i < na; i++)
        for (int j = 0; j < nb; j++)
            k += a[i] == b[j];
    return k;
}

static void test_overlaps_every_pair(void **state)
{
    (void)state;
    salle_gen_options go = {300, 4};
    char *text = salle_gen_json(&go);
    salle_diag err = {0};
    salle_instance *inst = salle_instance_parse(text, strlen(text), "gen.json", &err);
    free(text);
    assert_non_null(inst);
    int n = inst->nsessions, *start = malloc((size_t)n * sizeof *start);
    salle_schedule *s = salle_schedule_new();
    uint64_t x = 7;
    for (int i = 0; i < n; i++) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        if ((x >> 60) == 0) { /* a few left out */
            start[i] = -1;
            continue;
        }
        int d = (int)((x >> 33) % (uint64_t)inst->event.ndays), k = (int)((x >> 40) % 6);
        start[i] = inst->event.day_offset[d] + 9 * 60 + 30 * k;
        salle_schedule_add(s, i, (int)((x >> 20) % (uint64_t)inst->nrooms), start[i]);
    }
    long aud = 0, tr = 0, tg = 0;
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            if (start[i] < 0 || start[j] < 0 ||
                !(start[i] < start[j] + inst->sessions[j].duration &&
                  start[j] < start[i] + inst->sessions[i].duration))
                continue;
            for (int k = 0; k < inst->ninterest; k++) {
                const salle_ids *v = &inst->interest[k];
                aud += shared_ids(v->v, v->n, &i, 1) && shared_ids(v->v, v->n, &j, 1);
            }
            const salle_session *a = &inst->sessions[i], *b = &inst->sessions[j];
            tr += shared_ids(a->tracks.v, a->tracks.n, b->tracks.v, b->tracks.n);
            tg += shared_ids(a->tags.v, a->tags.n, b->tags.v, b->tags.n);
        }
    assert_true(aud > 100 && tr > 100); /* the case is not empty */
    salle_report *r = salle_check(inst, s), *q = salle_check_score(inst, s);
    consistent(r);
    const long *w = inst->weights;
    assert_int_equal(r->soft_by_goal[SALLE_SOFT_AUDIENCE_OVERLAP], aud * w[SALLE_SOFT_AUDIENCE_OVERLAP]);
    assert_int_equal(r->soft_by_goal[SALLE_SOFT_TRACK_OVERLAP], tr * w[SALLE_SOFT_TRACK_OVERLAP]);
    assert_int_equal(r->soft_by_goal[SALLE_SOFT_TAG_OVERLAP], tg * w[SALLE_SOFT_TAG_OVERLAP]);
    assert_memory_equal(q->soft_by_goal, r->soft_by_goal, sizeof r->soft_by_goal);
    salle_report_free(r);
    salle_report_free(q);
    salle_schedule_free(s);
    salle_instance_free(inst);
    free(start);
}

static void test_room_goals(void **state)
{
    (void)state;
    fx f = {parse(HEAD "},'rooms':[{'id':'r4','name':'Room 4','capacity':120},"
                  "{'id':'big','name':'Plenary','capacity':500}],"
                  "'sessions':[{'id':'A','duration':60,'attendance':115},"
                  "{'id':'B','duration':60,'attendance':20},"
                  "{'id':'C','duration':60,'attendance':0},"
                  "{'id':'D','duration':60,'attendance':108}]}"),
            salle_schedule_new(), NULL};
    put(f.s, f.inst, "A", "r4", "2018-11-12T09:00"); /* 115 - floor(108) = 7 */
    put(f.s, f.inst, "B", "big", "2018-11-12T09:00"); /* (500 - 60) / 10 = 44 */
    put(f.s, f.inst, "C", "big", "2018-11-12T11:00"); /* (500 - 3) / 10 = 49 */
    put(f.s, f.inst, "D", "r4", "2018-11-12T11:00"); /* exactly the margin: 0; 120 - 324 < 0 */
    fx_run(&f);
    assert_int_equal(SOFT(&f, SALLE_SOFT_CAPACITY_MARGIN), 7 * 2);
    assert_int_equal(SOFT(&f, SALLE_SOFT_ROOM_FIT), 44 + 49);
    assert_true(has_text(f.r, "A expects 115 people and Room 4 holds 120: 7 beyond the 90% safety "
                              "margin of 108"));
    assert_int_equal(f.r->score.soft, 14 + 93);
    assert_int_equal(f.r->score.hard, 0);
    fx_free(&f);
}

static void test_preferences(void **state)
{
    (void)state;
    fx f = {parse(HEAD "},'rooms':[{'id':'r1','capacity':10},{'id':'r2','capacity':10}],"
                  "'people':[{'id':'p','name':'Pat','preferred':[{'day':'2018-11-12','start':'09:00','end':'12:00'}]},"
                  "{'id':'q','name':'Quinn'}],"
                  "'sessions':[{'id':'A','duration':60,'speakers':['p','q'],"
                  "'preferred':{'windows':[{'day':'2018-11-13','start':'09:00','end':'18:00'}],'rooms':['r2']}},"
                  "{'id':'B','duration':60,'organizers':['p'],'preferred':{'rooms':['r1','r2']}},"
                  "{'id':'C','duration':60,'organizers':['p'],'preferred':{'windows':[{'start':'09:00','end':'12:00'}]}}]}"),
            salle_schedule_new(), NULL};
    put(f.s, f.inst, "A", "r1", "2018-11-12T09:00"); /* wrong day, wrong room; Pat happy */
    put(f.s, f.inst, "B", "r1", "2018-11-12T11:30"); /* room fine; Pat: ends 12:30, outside */
    put(f.s, f.inst, "C", "r2", "2018-11-13T11:00"); /* fine; Pat: Tuesday, outside */
    fx_run(&f);
    assert_int_equal(SOFT(&f, SALLE_SOFT_SESSION_PREFERENCE), 2 * 20);
    assert_int_equal(SOFT(&f, SALLE_SOFT_PERSON_PREFERENCE), 2 * 10);
    assert_true(has_text(f.r, "A is in r1 but would rather be in r2"));
    assert_true(has_text(f.r, "B (r1, Mon 11:30-12:30) is outside the preferred times of Pat"));
    /* speaking time: A has 2 speakers in 60 minutes, fine */
    assert_true(has_info(f.r, "A: 2 speakers in 60 minutes, 30 minutes each"));
    assert_int_equal(f.r->score.soft, 60);
    fx_free(&f);
}

static void test_stability(void **state)
{
    (void)state;
    fx f = {parse(HEAD "},'rooms':[{'id':'r1','name':'Room 1','capacity':10},{'id':'r2','name':'Room 2','capacity':10}],"
                  "'people':[{'id':'o'},{'id':'s'}],"
                  "'sessions':[{'id':'A','duration':60,'organizers':['o'],'speakers':['s','o'],"
                  "'published':{'room':'r1','start':'2018-11-12T11:00','move':'confirmed'}},"
                  "{'id':'B','duration':60,'organizers':['o'],"
                  "'published':{'room':'r1','start':'2018-11-13T11:00','move':'confirmed'}}]}"),
            salle_schedule_new(), NULL};
    /* A: 2 people (o counted once); room changed: 3; start +150 min: 3 x 2 x (1 + 2) = 18 */
    put(f.s, f.inst, "A", "r2", "2018-11-12T13:30");
    /* B: 1 person; same room, 55 minutes earlier: 2 x 2 x (1 + 0) = 4 */
    put(f.s, f.inst, "B", "r1", "2018-11-13T10:05");
    fx_run(&f);
    assert_int_equal(f.r->score.hard, 0);
    assert_int_equal(SOFT(&f, SALLE_SOFT_STABILITY), (21 + 4) * 50);
    assert_true(has_text(f.r, "A moved from Room 1 at Mon 11:00 to Room 2 at Mon 13:30, which "
                              "affects its 2 organizers and speakers"));
    /* only the room changed: 1 + 1 = 2 */
    fx_reset(&f);
    put(f.s, f.inst, "A", "r1", "2018-11-12T11:00");
    put(f.s, f.inst, "B", "r2", "2018-11-13T11:00");
    fx_run(&f);
    assert_int_equal(SOFT(&f, SALLE_SOFT_STABILITY), 2 * 50);
    fx_free(&f);
}

static void test_person_load(void **state)
{
    (void)state;
    fx f = {parse(HEAD ",'max_sessions_per_person_day':2},"
                  "'rooms':[{'id':'r1','name':'Room 1','capacity':10},{'id':'r2','name':'Room 2','capacity':10},"
                  "{'id':'r3','name':'Room 3','capacity':10,'changeover':20}],"
                  "'people':[{'id':'p','name':'Pat'}],"
                  "'sessions':[{'id':'A','duration':60,'speakers':['p']},{'id':'B','duration':60,'speakers':['p']},"
                  "{'id':'C','duration':60,'speakers':['p']},{'id':'D','duration':60,'speakers':['p']},"
                  "{'id':'E','duration':60,'speakers':['p']}]}"),
            salle_schedule_new(), NULL};
    put(f.s, f.inst, "A", "r1", "2018-11-12T09:00");
    put(f.s, f.inst, "B", "r2", "2018-11-12T10:05"); /* 5 < 10 (r2): 1 */
    put(f.s, f.inst, "C", "r2", "2018-11-12T11:15"); /* same room: 0 */
    put(f.s, f.inst, "D", "r3", "2018-11-12T12:25"); /* 10 < 20 (r3): 1 */
    put(f.s, f.inst, "E", "r1", "2018-11-13T09:00"); /* another day: not consecutive */
    fx_run(&f);
    assert_int_equal(f.r->score.hard, 0);
    assert_int_equal(SOFT(&f, SALLE_SOFT_BACK_TO_BACK), 2 * 5);
    assert_true(has_text(f.r, "Pat has 5 minutes between A (Room 1, Mon 09:00-10:00) and B (Room "
                              "2, Mon 10:05-11:05), less than the 10 minutes Room 2 needs to "
                              "change over"));
    /* 4 sessions on Monday, 2 allowed */
    assert_int_equal(SOFT(&f, SALLE_SOFT_PERSON_DAY_LOAD), 2 * 20);
    assert_true(has_text(f.r, "Pat has 4 sessions on Mon, 2 more than 2"));
    assert_int_equal(SOFT(&f, SALLE_SOFT_ROUND_START), 3 * 2); /* B, C and D start off the half hour */
    assert_int_equal(f.r->score.soft, 50 + 6);
    /* enough time everywhere */
    fx_reset(&f);
    put(f.s, f.inst, "A", "r1", "2018-11-12T09:00");
    put(f.s, f.inst, "B", "r2", "2018-11-12T10:10");
    put(f.s, f.inst, "C", "r3", "2018-11-13T11:00");
    put(f.s, f.inst, "D", "r1", "2018-11-13T12:20");
    put(f.s, f.inst, "E", "r1", "2018-11-13T15:00");
    fx_run(&f);
    assert_int_equal(SOFT(&f, SALLE_SOFT_BACK_TO_BACK), 0);
    assert_int_equal(SOFT(&f, SALLE_SOFT_PERSON_DAY_LOAD), 1 * 20);
    fx_free(&f);
}

static void test_tracks(void **state)
{
    (void)state;
    fx f = {parse("{'salle':1,'event':{'name':'E','timezone':'Europe/Paris','days':['2018-11-12','2018-11-13','2018-11-14']},"
                  "'rooms':[{'id':'r1','capacity':10},{'id':'r2','capacity':10},{'id':'r3','capacity':10}],"
                  "'sessions':[{'id':'A','duration':60,'tracks':['t']},{'id':'B','duration':60,'tracks':['t']},"
                  "{'id':'C','duration':60,'tracks':['t']},{'id':'D','duration':60,'tracks':['t','u']},"
                  "{'id':'E','duration':60,'tracks':['u']}]}"),
            salle_schedule_new(), NULL};
    /* t: 3 on Monday, 0 on Tuesday, 1 on Wednesday; rooms r1, r2, r3. u: r3, r1; Mon 0, Tue 1, Wed 1 */
    put(f.s, f.inst, "A", "r1", "2018-11-12T09:00");
    put(f.s, f.inst, "B", "r2", "2018-11-12T11:00");
    put(f.s, f.inst, "C", "r1", "2018-11-12T13:00");
    put(f.s, f.inst, "D", "r3", "2018-11-14T09:00");
    put(f.s, f.inst, "E", "r1", "2018-11-13T09:00");
    fx_run(&f);
    assert_int_equal(f.r->score.hard, 0);
    assert_int_equal(SOFT(&f, SALLE_SOFT_TRACK_ROOMS), (2 + 1) * 15);
    assert_int_equal(SOFT(&f, SALLE_SOFT_DAY_SPREAD), (3 - 0 - 1) * 10);
    assert_true(has_text(f.r, "track \"t\" uses 3 rooms: r1, r2 and r3"));
    assert_true(has_text(f.r, "track \"t\" has 3 sessions on 2018-11-12 but 0 on 2018-11-13"));
    assert_int_equal(f.r->score.soft, 45 + 20);
    fx_free(&f);
}

static void test_remote_hours(void **state)
{
    (void)state;
    /* Bogota is UTC-5 all year; Paris is UTC+1 in November: 6 hours behind */
    fx f = {parse(HEAD ",'hours':{'start':'08:00','end':'24:00'}},"
                  "'rooms':[{'id':'r1','capacity':10},{'id':'r2','capacity':10},{'id':'r3','capacity':10}],"
                  "'people':[{'id':'m','name':'Maria','remote':true,'timezone':'America/Bogota'},"
                  "{'id':'n','name':'Nadia','timezone':'America/Bogota'}],"
                  "'sessions':[{'id':'A','duration':90,'speakers':['m','n']},"
                  "{'id':'B','duration':60,'speakers':['m']},{'id':'C','duration':60,'speakers':['m']},"
                  "{'id':'D','duration':60,'speakers':['m']}]}"),
            salle_schedule_new(), NULL};
    put(f.s, f.inst, "A", "r1", "2018-11-12T09:00"); /* 03:00-04:30 local: 90 min -> 6 */
    put(f.s, f.inst, "B", "r1", "2018-11-12T14:00"); /* 08:00-09:00: 0 */
    put(f.s, f.inst, "C", "r2", "2018-11-13T13:30"); /* 07:30-08:30: 30 min -> 2 */
    put(f.s, f.inst, "D", "r3", "2018-11-13T23:00"); /* 17:00-18:00: 0 */
    fx_run(&f);
    assert_int_equal(f.r->score.hard, 0);
    assert_int_equal(SOFT(&f, SALLE_SOFT_REMOTE_HOURS), 6 + 2);
    assert_true(has_text(f.r, "A (r1, Mon 09:00-10:30) is 03:00-04:30 for Maria (America/Bogota): "
                              "90 minutes outside 08:00-22:00"));
    fx_free(&f);
}

static void test_speaking_and_holidays(void **state)
{
    (void)state;
    fx f = {parse(HEAD ",'min_speaking_minutes':20,'holidays':[{'date':'2018-11-11','name':'Armistice Day'},"
                  "{'date':'2018-11-12','name':'Armistice Day (observed)'},{'date':'2018-11-12','name':'Other'}]},"
                  "'rooms':[{'id':'r1','capacity':10},{'id':'r2','capacity':10}],"
                  "'people':[{'id':'a'},{'id':'b'},{'id':'c'},{'id':'d'}],"
                  "'sessions':[{'id':'WS-7','duration':60,'speakers':['a','b','c','d']},"
                  "{'id':'B','duration':60,'speakers':['a']},{'id':'C','duration':45,'speakers':['c','d']},"
                  "{'id':'U','duration':30,'speakers':['a','b','c','d']}]}"),
            salle_schedule_new(), NULL};
    put(f.s, f.inst, "WS-7", "r1", "2018-11-12T09:00"); /* 15 each: 20 - 15 = 5 */
    put(f.s, f.inst, "B", "r1", "2018-11-12T11:00");    /* 60: 0 */
    put(f.s, f.inst, "C", "r1", "2018-11-13T11:00");    /* floor(45 / 2) = 22: 0 */
    salle_schedule_add_unscheduled(f.s, salle_instance_session(f.inst, "U"), "");
    fx_run(&f);
    assert_int_equal(HARD(&f, SALLE_HARD_PLACEMENT), 1);
    assert_int_equal(SOFT(&f, SALLE_SOFT_SPEAKING_TIME), 5 * 3);
    assert_true(has_text(f.r, "WS-7 has 4 speakers in 60 minutes: 15 minutes each, less than 20"));
    assert_true(has_info(f.r, "WS-7: 4 speakers in 60 minutes, 15 minutes each"));
    assert_true(has_info(f.r, "C: 2 speakers in 45 minutes, 22 minutes each"));
    /* two sessions on Monday the 12th, a holiday (listed twice, counted once); the 11th is not an
     * event day */
    assert_int_equal(SOFT(&f, SALLE_SOFT_HOLIDAY), 2 * 100);
    assert_true(has_text(f.r, "2 sessions are on 2018-11-12, which is Armistice Day (observed)"));
    assert_true(has_info(f.r, "2018-11-12 (Mon) is Armistice Day (observed)"));
    assert_int_equal(f.r->score.soft, 15 + 200);
    fx_free(&f);
}

/* ---------------------------------------------------------------- the texts in other languages */

/* Which rules and goals fx_run saw worded in each of check_langs (test_every_kind_translated). */
static int seen_hard[3][SALLE_HARD_COUNT], seen_soft[3][SALLE_SOFT_COUNT];

typedef struct seen_ctx {
    const salle_instance *inst;
    const salle_schedule *s;
} seen_ctx;

/* check_in_every_language's each: counts the rules and goals seen, and prints the report as found */
static void seen_in(void *ctx, int l, const salle_report *r)
{
    const seen_ctx *c = ctx;
    for (int i = 0; i < r->nviolations; i++) {
        const salle_violation *v = &r->violations[i];
        if (v->hard)
            seen_hard[l][v->rule]++;
        else
            seen_soft[l][v->rule]++;
    }
    same_print_lang(c->inst, c->s, r, check_langs[l]); /* printed as found, in that language too */
}

/* Every report fx_run makes, again through salle_check_lang (issue 11 point 6; check_langs.h). */
static void same_in_languages(const salle_instance *inst, const salle_schedule *s, const salle_report *en)
{
    seen_ctx c = {inst, s};
    check_in_every_language(inst, s, en, seen_in, &c);
    same_print_lang(inst, s, en, "en");
}

static salle_report *check_in(fx *f, const char *lang)
{
    salle_report_free(f->r);
    f->r = salle_check_lang(f->inst, f->s, lang);
    consistent(f->r);
    return f->r;
}

/* Exact words in French, Spanish and Arabic: weekdays, lists, plurals, reordered arguments. */
static void test_languages(void **state)
{
    (void)state;
    fx f = {parse(HEAD "},'rooms':[{'id':'r1','name':'Salle I','capacity':10},"
                  "{'id':'r4','name':'Room 4','capacity':120},{'id':'r3','name':'Room 3','capacity':10}],"
                  "'sessions':[{'id':'WS-3','duration':90},{'id':'WS-9','duration':55},"
                  "{'id':'WS-5','duration':60,'attendance':100,'needs':['interpretation','captioning','hybrid'],"
                  "'rooms':['r1','r3']}]}"),
            salle_schedule_new(), NULL};
    put(f.s, f.inst, "WS-3", "r1", "2018-11-13T11:00");
    put(f.s, f.inst, "WS-9", "r1", "2018-11-13T12:35");
    put(f.s, f.inst, "WS-5", "r4", "2018-11-12T09:00");
    check_in(&f, "fr");
    assert_true(has_text(f.r, "WS-3 (Salle I, mar. 11:00-12:30) et WS-9 (Salle I, mar. 12:35-13:30) "
                              "laissent 5 minutes dans Salle I, qui demande 10 minutes entre deux "
                              "sessions"));
    assert_true(has_text(f.r, "WS-5 requiert interpretation, captioning et hybrid, que Room 4 n’a pas"));
    assert_true(has_text(f.r, "WS-5 est dans Room 4, mais ne peut utiliser que Salle I ou Room 3"));
    check_in(&f, "es-MX"); /* a region: its language's words */
    assert_true(has_text(f.r, "WS-5 necesita interpretation, captioning y hybrid, que Room 4 no tiene"));
    assert_true(has_text(f.r, "WS-5 está en Room 4, pero solo puede usar Salle I o Room 3"));
    check_in(&f, "ar");
    assert_true(has_text(f.r, "WS-3 (Salle I، الثلاثاء 11:00-12:30) وWS-9 (Salle I، الثلاثاء 12:35-13:30) "
                              "تتركان 5 دقيقة في Salle I، التي تحتاج إلى 10 دقيقة للتبديل بين جلستين"));
    assert_true(has_text(f.r, "تحتاج WS-5 إلى interpretation، captioning و hybrid، وهو ما تفتقر إليه Room 4"));
    fx_free(&f);

    /* plurals: a French count of 1 and of 2; Arabic's dual; a reordered Spanish format */
    fx g = {parse(HEAD "},'rooms':[{'id':'r1','capacity':10},{'id':'r2','capacity':10}],"
                  "'resources':[{'id':'int','name':'Interpreters','capacity':1}],"
                  "'sessions':[{'id':'A','duration':60,'tracks':['t','u'],'tags':['x'],'resources':['int']},"
                  "{'id':'B','duration':60,'tracks':['t','u'],'tags':['x'],'resources':['int']}]}"),
            salle_schedule_new(), NULL};
    put(g.s, g.inst, "A", "r1", "2018-11-12T11:00");
    put(g.s, g.inst, "B", "r2", "2018-11-12T11:00");
    check_in(&g, "fr");
    assert_true(has_text(g.r, "A (r1, lun. 11:00-12:00) et B (r2, lun. 11:00-12:00) ont lieu en même "
                              "temps et partagent l’étiquette « x »"));
    assert_true(has_text(g.r, "A (r1, lun. 11:00-12:00) et B (r2, lun. 11:00-12:00) ont lieu en même "
                              "temps et sont toutes deux dans les thèmes « t » et « u »"));
    check_in(&g, "ar");
    assert_true(has_text(g.r, "A (r1، الاثنين 11:00-12:00) وB (r2، الاثنين 11:00-12:00) تُعقدان في "
                              "الوقت نفسه وكلتاهما في المحورين «t» و «u»"));
    assert_true(has_text(g.r, "A (r1، الاثنين 11:00-12:00) وB (r2، الاثنين 11:00-12:00) تُعقدان في "
                              "الوقت نفسه وتشتركان في الوسم «x»"));
    check_in(&g, "es");
    assert_true(has_text(g.r, "2 sesiones necesitan Interpreters a la vez el lun. 11:00 (A y B), pero "
                              "solo puede atender a 1"));
    fx_free(&g);
}

/* Runs last: every hard rule and every soft goal was worded in each language by some test above
 * (through fx_run), so a new message without its translation check fails here. */
static void test_every_kind_translated(void **state)
{
    (void)state;
    for (int l = 0; l < 3; l++) {
        for (int k = 1; k < SALLE_HARD_COUNT; k++)
            if (!seen_hard[l][k])
                fail_msg("no test saw hard rule %s in %s", salle_hard_name(k), check_langs[l]);
        for (int g = 0; g < SALLE_SOFT_COUNT; g++)
            if (!seen_soft[l][g])
                fail_msg("no test saw soft goal %s in %s", salle_soft_name(g), check_langs[l]);
    }
}

/* ---------------------------------------------------------------- the printed report */

static char *print(const salle_report *r, int verbose)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    salle_report_print(r, f, verbose);
    fclose(f);
    return buf;
}

/* What salle_check_print writes, which must be what salle_report_print writes of salle_check's
 * report, byte for byte, verbose or not; and its score. Every fx_run asks this. */
static void same_print(const salle_instance *inst, const salle_schedule *s, const salle_report *r)
{
    same_print_lang(inst, s, r, NULL);
}

/* salle_check_print_lang(lang) prints what salle_report_print prints of r, made in lang. */
static void same_print_lang(const salle_instance *inst, const salle_schedule *s, const salle_report *r,
                            const char *lang)
{
    for (int verbose = 0; verbose < 2; verbose++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_non_null(f);
        salle_score score = lang ? salle_check_print_lang(inst, s, f, verbose, lang)
                                 : salle_check_print(inst, s, f, verbose);
        fclose(f);
        char *want = print(r, verbose);
        assert_string_equal(buf, want);
        assert_int_equal(score.hard, r->score.hard);
        assert_int_equal(score.soft, r->score.soft);
        free(buf);
        free(want);
    }
}

/* A generated forum with a careless schedule (every session at one of a few starts, rooms in
 * turn, some left out, some twice) breaks most rules and goals at once, several of them from one
 * step of the checker (overlaps, rooms, people): the printed report, written rule by rule as it
 * is found, is the held one. */
static void test_print_streamed(void **state)
{
    (void)state;
    salle_gen_options opt = {300, 7};
    char *json = salle_gen_json(&opt);
    assert_non_null(json);
    salle_diag err = {0};
    salle_instance *inst = salle_instance_parse(json, strlen(json), "g.json", &err);
    assert_non_null(inst);
    free(json);
    salle_schedule *s = salle_schedule_new();
    int t0 = inst->event.day_offset[0] + 9 * 60;
    for (int i = 0; i < inst->nsessions; i++) {
        if (i % 41 == 5)
            continue; /* not placed */
        salle_schedule_add(s, i, i % inst->nrooms, t0 + (i % 7) * 50 + (i % 3) * 5 +
                                                   (i % 4) * SALLE_MINUTES_PER_DAY);
        if (i % 53 == 2)
            salle_schedule_add(s, i, (i + 1) % inst->nrooms, t0); /* twice */
    }
    salle_report *r = salle_check(inst, s);
    consistent(r);
    int hard_rules = 0, soft_goals = 0;
    for (int k = 1; k < SALLE_HARD_COUNT; k++)
        hard_rules += r->hard_by_rule[k] > 0;
    for (int g = 0; g < SALLE_SOFT_COUNT; g++)
        soft_goals += r->soft_by_goal[g] > 0;
    assert_true(hard_rules >= 5);
    assert_true(soft_goals >= 8);
    assert_true(r->soft_by_goal[SALLE_SOFT_AUDIENCE_OVERLAP] > 0);
    assert_true(r->soft_by_goal[SALLE_SOFT_TRACK_OVERLAP] > 0);
    assert_true(r->soft_by_goal[SALLE_SOFT_TAG_OVERLAP] > 0);
    same_print(inst, s, r);
    salle_report_free(r);
    salle_schedule_free(s);
    salle_instance_free(inst);
}

static void test_print(void **state)
{
    (void)state;
    fx f = {parse(HEAD "},'rooms':[{'id':'r1','name':'Salle I','capacity':10}],"
                  "'sessions':[{'id':'A','duration':60,'attendance':0},{'id':'B','duration':60,'attendance':0}],"
                  "'interest':[['A','B']]}"),
            salle_schedule_new(), NULL};
    put(f.s, f.inst, "A", "r1", "2018-11-12T11:00");
    put(f.s, f.inst, "B", "r1", "2018-11-12T11:30");
    fx_run(&f);
    char *quiet = print(f.r, 0);
    const char *head = "hard violations: 1\n"
                       "soft total: 10\n"
                       "hard rules:\n"
                       "  placement          0\n"
                       "  room_conflict      1\n"
                       "  person_conflict    0\n"
                       "  availability       0\n"
                       "  capacity           0\n"
                       "  features           0\n"
                       "  resources          0\n"
                       "  relations          0\n"
                       "  fixed              0\n"
                       "  exclusive          0\n"
                       "soft goals:\n"
                       "  audience_overlap   10\n"
                       "  track_overlap      0\n"
                       "  tag_overlap        0\n"
                       "  capacity_margin    0\n"
                       "  room_fit           0\n"
                       "  session_preference 0\n"
                       "  person_preference  0\n"
                       "  stability          0\n"
                       "  back_to_back       0\n"
                       "  person_day_load    0\n"
                       "  track_rooms        0\n"
                       "  day_spread         0\n"
                       "  remote_hours       0\n"
                       "  speaking_time      0\n"
                       "  holiday            0\n"
                       "  round_start        0\n";
    assert_string_equal(quiet, head);
    char *loud = print(f.r, 1);
    char *want = salle__xasprintf(
        "%sviolations:\n"
        "  [hard room_conflict] A (Salle I, Mon 11:00-12:00) and B (Salle I, Mon 11:30-12:30) "
        "overlap in Salle I\n"
        "  [soft audience_overlap 10] A (Salle I, Mon 11:00-12:00) and B (Salle I, Mon "
        "11:30-12:30) run at the same time and share 1 interested attendee\n",
        head);
    assert_string_equal(loud, want);
    free(quiet);
    free(loud);
    free(want);

    /* a clean schedule says so */
    fx_reset(&f);
    put(f.s, f.inst, "A", "r1", "2018-11-12T11:00");
    put(f.s, f.inst, "B", "r1", "2018-11-12T12:30");
    fx_run(&f);
    loud = print(f.r, 1);
    assert_non_null(strstr(loud, "\nviolations: none\n"));
    free(loud);
    salle_report_free(NULL);
    fx_free(&f);
}

/* Violations come hard first, by rule, then soft by goal. */
static void test_order(void **state)
{
    (void)state;
    fx f = {parse(HEAD "},'rooms':[{'id':'r1','capacity':10}],"
                  "'people':[{'id':'p'}],"
                  "'sessions':[{'id':'A','duration':60,'attendance':50,'speakers':['p'],'tracks':['t']},"
                  "{'id':'B','duration':60,'speakers':['p'],'tracks':['t']},{'id':'C','duration':60}]}"),
            salle_schedule_new(), NULL};
    put(f.s, f.inst, "A", "r1", "2018-11-12T11:00");
    put(f.s, f.inst, "B", "r1", "2018-11-12T11:00");
    fx_run(&f);
    int last_hard = 1, last_rule = 0;
    for (int i = 0; i < f.r->nviolations; i++) {
        const salle_violation *v = &f.r->violations[i];
        if (v->hard != last_hard) {
            assert_int_equal(last_hard, 1);
            last_hard = v->hard;
            last_rule = -1;
        }
        assert_true(v->rule >= last_rule);
        last_rule = v->rule;
    }
    assert_int_equal(HARD(&f, SALLE_HARD_PLACEMENT), 1);
    assert_int_equal(HARD(&f, SALLE_HARD_ROOM_CONFLICT), 1);
    assert_int_equal(HARD(&f, SALLE_HARD_PERSON_CONFLICT), 1);
    assert_int_equal(HARD(&f, SALLE_HARD_CAPACITY), 1);
    fx_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placement),
        cmocka_unit_test(test_room_conflict),
        cmocka_unit_test(test_person_conflict),
        cmocka_unit_test(test_availability),
        cmocka_unit_test(test_capacity_and_features),
        cmocka_unit_test(test_resources),
        cmocka_unit_test(test_relations),
        cmocka_unit_test(test_fixed),
        cmocka_unit_test(test_exclusive),
        cmocka_unit_test(test_round_start),
        cmocka_unit_test(test_overlaps),
        cmocka_unit_test(test_overlaps_every_pair),
        cmocka_unit_test(test_room_goals),
        cmocka_unit_test(test_preferences),
        cmocka_unit_test(test_stability),
        cmocka_unit_test(test_person_load),
        cmocka_unit_test(test_tracks),
        cmocka_unit_test(test_remote_hours),
        cmocka_unit_test(test_speaking_and_holidays),
        cmocka_unit_test(test_print),
        cmocka_unit_test(test_print_streamed),
        cmocka_unit_test(test_order),
        cmocka_unit_test(test_languages),
        cmocka_unit_test(test_every_kind_translated), /* last: it counts what the others saw */
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
