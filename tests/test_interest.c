/*
 * test_interest.c: attendee interest feeds the plan (src/model/interest.c, src/formats/ballots.c;
 * docs/interest.md). A constructed collection of 400 ballots holds four pairs, each built to meet
 * all but at most one part of the significance test:
 *   A-B  8 people, lift 32            passes
 *   C-D  4 people, lift 64            fails on the count (fewer than 5 people)
 *   E-F  120 people, lift 1.2         fails on the lift (q is tiny)
 *   G-H  9 people, lift 2.25, p 0.011 passes the raw p < 0.05 but fails Benjamini-Hochberg (q 0.098)
 * The expected p and q were computed independently, with exact rational arithmetic in Python
 * (fractions.Fraction over math.comb, BH over the 36 testable pairs of the 9 named sessions), not
 * by this code. Then expected attendance and interest sets in the applied instance, the JSON
 * rewrite (re-applying starts from the organizers' figure), and the ballot readers' errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Nine sessions, A..H and Z (Z fills the ballots that would otherwise be empty). A is given an
 * attendance of 30 (above its 10 marks), E of 50 (below its 200 marks). */
static const char INSTANCE[] =
    "{\"salle\":1,\"event\":{\"name\":\"T\",\"timezone\":\"Europe/Paris\",\"days\":[\"2018-11-12\"]},\n"
    "\"rooms\":[{\"id\":\"r\",\"capacity\":500}],\n"
    "\"sessions\":[\n"
    "{\"id\":\"A\",\"duration\":60,\"attendance\":30},\n"
    "{\"id\":\"B\",\"duration\":60},{\"id\":\"C\",\"duration\":60},{\"id\":\"D\",\"duration\":60},\n"
    "{\"id\":\"E\",\"duration\":60,\"attendance\":50,\"x-note\":\"kept as written\"},\n"
    "{\"id\":\"F\",\"duration\":60},{\"id\":\"G\",\"duration\":60},\n"
    "{\"id\":\"H\",\"duration\":60},{\"id\":\"Z\",\"duration\":60}],\n"
    "\"interest\":[[\"A\",\"Z\"]]}\n";

enum { NB = 400 };

static void mark(char sets[NB][10], int *len, char s, int from, int to)
{
    for (int i = from; i < to; i++)
        sets[i][len[i]++] = s;
}

/* The ballots as JSON text, built from the ranges in the file comment. */
static char *ballots_json(void)
{
    static char sets[NB][10];
    int len[NB] = {0};
    memset(sets, 0, sizeof sets);
    mark(sets, len, 'A', 0, 10);
    mark(sets, len, 'B', 0, 8);
    mark(sets, len, 'B', 10, 12);
    mark(sets, len, 'C', 12, 17);
    mark(sets, len, 'D', 12, 16);
    mark(sets, len, 'D', 17, 18);
    mark(sets, len, 'G', 20, 60);
    mark(sets, len, 'H', 20, 29);
    mark(sets, len, 'H', 60, 91);
    mark(sets, len, 'E', 200, 400);
    mark(sets, len, 'F', 200, 320);
    mark(sets, len, 'F', 120, 200);
    for (int i = 0; i < NB; i++)
        if (!len[i])
            sets[i][len[i]++] = 'Z';
    salle__buf b = {0};
    salle__buf_printf(&b, "{\"ballots\": [\n");
    for (int i = 0; i < NB; i++) {
        salle__buf_printf(&b, "  [");
        for (int k = 0; k < len[i]; k++)
            salle__buf_printf(&b, "%s\"%c\"", k ? ", " : "", sets[i][k]);
        salle__buf_printf(&b, "]%s\n", i + 1 < NB ? "," : "");
    }
    salle__buf_printf(&b, "]}\n");
    return b.s;
}

static salle_instance *parse(void)
{
    salle_diag err = {0};
    salle_instance *inst = salle_instance_parse(INSTANCE, strlen(INSTANCE), "t.json", &err);
    if (!inst)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
    return inst;
}

static salle_ballots *ballots(const salle_instance *inst)
{
    char *j = ballots_json();
    salle_diag err = {0};
    salle_ballots *b = salle_ballots_parse(j, strlen(j), "b.json", inst, &err);
    if (!b)
        fail_msg("%s:%d:%d: %s", err.file, err.line, err.col, err.msg);
    free(j);
    return b;
}

static const salle_interest_pair *find(const salle_instance *inst, const salle_interest_summary *s,
                                       const char *a, const char *b)
{
    int x = salle_instance_session(inst, a), y = salle_instance_session(inst, b);
    for (int i = 0; i < s->npairs; i++)
        if (s->pairs[i].a == x && s->pairs[i].b == y)
            return &s->pairs[i];
    return NULL;
}

static void assert_rel(double got, double want)
{
    if (!(fabs(got - want) <= 1e-9 * fabs(want)))
        fail_msg("got %.17g, expected %.17g", got, want);
}

static void test_significance(void **state)
{
    (void)state;
    salle_instance *inst = parse();
    salle_ballots *b = ballots(inst);
    assert_int_equal(b->n, NB);
    salle_interest_summary *s = salle_interest_summary_new(inst, b, NULL);
    assert_int_equal(s->nballots, 400);
    assert_int_equal(s->tested, 36);
    /* the four constructed pairs are the only ones any ballot shares */
    assert_int_equal(s->npairs, 4);
    struct {
        const char *a, *b;
        int count;
        double lift, p, q;
        int significant;
    } want[] = {
        {"E", "F", 120, 1.2, 4.582541553441359e-05, 0.0005499049864129631, 0},
        {"G", "H", 9, 2.25, 0.010853167390427276, 0.09767850651384548, 0},
        {"A", "B", 8, 32.0, 1.3246631464455152e-13, 4.768787327203855e-12, 1},
        {"C", "D", 4, 64.0, 2.3744691668694554e-08, 4.2740445003650196e-07, 0},
    };
    for (int i = 0; i < 4; i++) {
        const salle_interest_pair *p = find(inst, s, want[i].a, want[i].b);
        assert_non_null(p);
        /* strongest first: by shared people */
        assert_ptr_equal(p, &s->pairs[i]);
        assert_int_equal(p->count, want[i].count);
        assert_rel(p->lift, want[i].lift);
        assert_rel(p->p, want[i].p);
        assert_rel(p->q, want[i].q);
        assert_int_equal(p->significant, want[i].significant);
    }
    /* each failing pair fails on exactly the part it was built to fail */
    const salle_interest_pair *cd = find(inst, s, "C", "D"), *ef = find(inst, s, "E", "F"),
                              *gh = find(inst, s, "G", "H");
    assert_true(cd->count < 5 && cd->lift >= 1.5 && cd->q <= 0.05);
    assert_true(ef->count >= 5 && ef->lift < 1.5 && ef->q <= 0.05);
    assert_true(gh->count >= 5 && gh->lift >= 1.5 && gh->p <= 0.05 && gh->q > 0.05);
    assert_int_equal(s->nsignificant, 1);
    assert_int_equal(s->count[salle_instance_session(inst, "E")], 200);
    assert_int_equal(s->count[salle_instance_session(inst, "Z")], 31);
    salle_interest_summary_free(s);

    /* the thresholds are options: with 4 people enough, C-D passes too */
    salle_interest_options o;
    salle_interest_options_default(&o);
    o.min_count = 4;
    s = salle_interest_summary_new(inst, b, &o);
    assert_int_equal(find(inst, s, "C", "D")->significant, 1);
    assert_int_equal(s->nsignificant, 2);
    salle_interest_summary_free(s);
    salle_ballots_free(b);
    salle_instance_free(inst);
}

static int att(const salle_instance *inst, const char *id)
{
    return inst->sessions[salle_instance_session(inst, id)].attendance;
}

static void test_apply(void **state)
{
    (void)state;
    salle_instance *inst = parse();
    salle_ballots *b = ballots(inst);
    salle_interest_options o;
    salle_interest_options_default(&o);
    o.turnout = 0.7;
    salle_diag err = {0};
    assert_int_equal(salle_interest_apply(inst, b, &o, &err), 0);
    assert_int_equal(att(inst, "A"), 30);  /* given 30 > ceil(10 x 0.7) = 7: never below the given */
    assert_int_equal(att(inst, "E"), 140); /* ceil(200 x 0.7) = 140 > given 50 */
    assert_int_equal(att(inst, "C"), 4);   /* ceil(5 x 0.7) = ceil(3.5) */
    assert_int_equal(att(inst, "B"), 7);   /* 10 x 0.7 is 7, not 8, despite floating point */
    assert_int_equal(att(inst, "Z"), 22);  /* ceil(31 x 0.7) = ceil(21.7) */
    /* every ballot became an interest set, replacing the instance's own */
    assert_int_equal(inst->ninterest, 400);
    salle_instance_free(inst);

    inst = parse();
    o.significant = 1;
    assert_int_equal(salle_interest_apply(inst, b, &o, &err), 0);
    /* only A-B survives: its 8 people, as 8 two-session sets, and nothing else */
    assert_int_equal(inst->ninterest, 8);
    for (int k = 0; k < inst->ninterest; k++) {
        assert_int_equal(inst->interest[k].n, 2);
        assert_int_equal(inst->interest[k].v[0], salle_instance_session(inst, "A"));
        assert_int_equal(inst->interest[k].v[1], salle_instance_session(inst, "B"));
    }
    assert_int_equal(att(inst, "E"), 140); /* attendance does not depend on --significant */

    o.turnout = 0;
    assert_int_equal(salle_interest_apply(inst, b, &o, &err), -1);
    assert_non_null(strstr(err.msg, "turnout"));
    salle_ballots_free(b);
    salle_instance_free(inst);
}

static void test_apply_json(void **state)
{
    (void)state;
    salle_instance *inst = parse();
    salle_ballots *b = ballots(inst);
    salle_diag err = {0};
    char *text = salle_interest_apply_json(INSTANCE, strlen(INSTANCE), "t.json", b, NULL, &err);
    assert_non_null(text);
    salle_instance *now = salle_instance_parse(text, strlen(text), "t2.json", &err);
    assert_non_null(now);
    assert_int_equal(att(now, "A"), 30);
    assert_int_equal(att(now, "E"), 200);
    assert_int_equal(att(now, "F"), 200);
    assert_int_equal(now->ninterest, 400);
    assert_non_null(strstr(text, "\"x-note\": \"kept as written\""));
    /* Applied again with the A-B ballots only: E falls back to its given 50 and F to 0 (it was
     * never given one), instead of staying at 200 from the last run. */
    salle_ballots few = {0};
    few.n = 8;
    few.sets = salle__xcalloc(8, sizeof *few.sets);
    for (int k = 0; k < 8; k++) {
        few.sets[k].n = 2;
        few.sets[k].v = salle__xmalloc(2 * sizeof(int));
        few.sets[k].v[0] = salle_instance_session(now, "A");
        few.sets[k].v[1] = salle_instance_session(now, "B");
    }
    char *again = salle_interest_apply_json(text, strlen(text), "t2.json", &few, NULL, &err);
    assert_non_null(again);
    salle_instance *later = salle_instance_parse(again, strlen(again), "t3.json", &err);
    assert_non_null(later);
    assert_int_equal(att(later, "E"), 50);
    assert_int_equal(att(later, "F"), 0);
    assert_int_equal(att(later, "A"), 30);
    assert_int_equal(att(later, "B"), 8);
    assert_int_equal(later->ninterest, 8);
    for (int k = 0; k < 8; k++)
        free(few.sets[k].v);
    free(few.sets);
    salle_instance_free(later);
    free(again);
    salle_instance_free(now);
    free(text);
    salle_ballots_free(b);
    salle_instance_free(inst);
}

/* The summary for the server's admin API parses back, with counts and the top pairs. */
static void test_summary_json(void **state)
{
    (void)state;
    salle_instance *inst = parse();
    salle_ballots *b = ballots(inst);
    salle_interest_summary *s = salle_interest_summary_new(inst, b, NULL);
    char *j = salle_interest_summary_json(inst, s, 2);
    json_error_t je;
    json_t *root = json_loads(j, 0, &je);
    assert_non_null(root);
    assert_int_equal(json_integer_value(json_object_get(root, "ballots")), 400);
    assert_int_equal(json_integer_value(json_object_get(root, "significant")), 1);
    json_t *ses = json_object_get(root, "sessions");
    assert_int_equal(json_array_size(ses), 9);
    /* most marked first: E and F (200 each), in instance order */
    assert_string_equal(json_string_value(json_object_get(json_array_get(ses, 0), "id")), "E");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(ses, 0), "count")), 200);
    json_t *pairs = json_object_get(root, "pairs");
    assert_int_equal(json_array_size(pairs), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(pairs, 1), "a")), "G");
    assert_false(json_is_true(json_object_get(json_array_get(pairs, 1), "significant")));
    json_decref(root);
    free(j);
    salle_interest_summary_free(s);
    salle_ballots_free(b);
    salle_instance_free(inst);
}

static void test_csv(void **state)
{
    (void)state;
    salle_instance *inst = parse();
    const char *csv = "ballot,session\n"
                      "t1,A\n"
                      "t2, B \n"
                      "t1,B\n"
                      "\n"
                      "t1,A\n"; /* a mark twice is one mark */
    salle_diag err = {0};
    salle_ballots *b = salle_ballots_parse(csv, strlen(csv), "b.csv", inst, &err);
    assert_non_null(b);
    assert_int_equal(b->n, 2);
    assert_int_equal(b->sets[0].n, 2); /* t1: A, B */
    assert_int_equal(b->sets[1].n, 1); /* t2: B */
    salle_ballots_free(b);

    const char *bad = "ballot,session\nt1,A\nt2,WS-99\n";
    assert_null(salle_ballots_parse(bad, strlen(bad), "b.csv", inst, &err));
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 4); /* the cell WS-99 starts at the 4th character of "t2,WS-99" */
    assert_string_equal(err.msg,
                        "row 3, column 2 (\"session\"): unknown session \"WS-99\"; no session of t.json has this id");
    const char *hdr = "token,sessions\nt1,A\n";
    assert_null(salle_ballots_parse(hdr, strlen(hdr), "b.csv", inst, &err));
    assert_int_equal(err.line, 1);
    assert_non_null(strstr(err.msg, "unknown column \"token\""));
    salle_instance_free(inst);
}

static void test_json_errors(void **state)
{
    (void)state;
    salle_instance *inst = parse();
    salle_diag err = {0};
    const char *unk = "{\"ballots\": [[\"A\"],\n  [\"B\", \"Q\"]]}";
    assert_null(salle_ballots_parse(unk, strlen(unk), "b.json", inst, &err));
    assert_int_equal(err.line, 2);
    assert_int_equal(err.col, 9);
    assert_string_equal(err.msg, "unknown session \"Q\" in a ballot; no session of t.json has this id");
    const char *num = "{\"ballots\": [[1]]}";
    assert_null(salle_ballots_parse(num, strlen(num), "b.json", inst, &err));
    assert_int_equal(err.col, 15);
    assert_string_equal(err.msg, "a ballot lists session ids as strings, not a number");
    /* the server's own shape, token and all; the token is not kept */
    const char *obj = "{\"ballots\": [{\"token\": \"x\", \"sessions\": [\"A\", \"A\", \"C\"]}]}";
    salle_ballots *b = salle_ballots_parse(obj, strlen(obj), "b.json", inst, &err);
    assert_non_null(b);
    assert_int_equal(b->n, 1);
    assert_int_equal(b->sets[0].n, 2);
    salle_ballots_free(b);
    const char *miss = "{\"votes\": []}";
    assert_null(salle_ballots_parse(miss, strlen(miss), "b.json", inst, &err));
    assert_string_equal(err.msg, "unknown key \"votes\" in the ballots file; expected \"ballots\"");
    salle_instance_free(inst);
}

/* Independent marks: 60 sessions, 3,000 ballots, each session on each ballot with probability
 * 0.13 (a fixed splitmix64 stream, so the case is the same on every machine; one ballot comes out
 * empty, so N = 2,999). Chance alone shares nearly every pair, and exact arithmetic in Python finds
 * 81 pairs below a raw p of 0.05 (the smallest 0.00025, so q >= 0.44): the test must let none of
 * them through. One pair planted on top (120 more ballots naming both, lift about 2) must be the
 * only one that passes. */
static void test_noise(void **state)
{
    (void)state;
    salle__buf j = {0};
    salle__buf_printf(&j, "{\"salle\":1,\"event\":{\"name\":\"T\",\"timezone\":\"Europe/Paris\","
                          "\"days\":[\"2018-11-12\"]},\"rooms\":[{\"id\":\"r\",\"capacity\":500}],\"sessions\":[");
    for (int i = 0; i < 60; i++)
        salle__buf_printf(&j, "%s{\"id\":\"S%d\",\"duration\":60}", i ? "," : "", i);
    salle__buf_printf(&j, "]}");
    salle_diag err = {0};
    salle_instance *inst = salle_instance_parse(j.s, strlen(j.s), "n.json", &err);
    assert_non_null(inst);
    free(j.s);
    salle_ballots b = {0};
    b.sets = salle__xcalloc(3120, sizeof *b.sets);
    unsigned long long x = 12345;
    for (int k = 0; k < 3000; k++) {
        salle_ids *set = &b.sets[b.n++];
        set->v = salle__xmalloc(60 * sizeof(int));
        for (int m = 0; m < 60; m++) { /* splitmix64; each session marked with probability 0.13 */
            unsigned long long z = (x += 0x9E3779B97F4A7C15ull);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
            z ^= z >> 31;
            if ((z >> 11) % 1000 < 130)
                set->v[set->n++] = m;
        }
    }
    salle_interest_summary *s = salle_interest_summary_new(inst, &b, NULL);
    assert_int_equal(s->nballots, 2999);
    assert_int_equal(s->tested, 60 * 59 / 2);
    assert_true(s->npairs > 1700); /* nearly every pair is shared by someone */
    assert_true(s->pairs[0].count >= 5); /* and the strongest by many */
    int raw = 0;
    for (int i = 0; i < s->npairs; i++)
        raw += s->pairs[i].p < 0.05;
    assert_int_equal(raw, 81); /* about 5% of 1,770 pairs, by chance alone */
    assert_int_equal(s->nsignificant, 0);
    salle_interest_summary_free(s);
    for (int k = 0; k < 120; k++) {
        salle_ids *set = &b.sets[b.n++];
        set->v = salle__xmalloc(2 * sizeof(int));
        set->v[set->n++] = 7;
        set->v[set->n++] = 31;
    }
    s = salle_interest_summary_new(inst, &b, NULL);
    assert_int_equal(s->nsignificant, 1);
    assert_int_equal(s->pairs[0].a, 7);
    assert_int_equal(s->pairs[0].b, 31);
    assert_true(s->pairs[0].significant);
    salle_interest_summary_free(s);
    for (int k = 0; k < b.n; k++)
        free(b.sets[k].v);
    free(b.sets);
    salle_instance_free(inst);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_significance), cmocka_unit_test(test_apply),
        cmocka_unit_test(test_apply_json),   cmocka_unit_test(test_summary_json),
        cmocka_unit_test(test_csv),          cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_noise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
