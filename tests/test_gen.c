/*
 * test_gen.c: the generator is deterministic, its output always parses, it has the shape promised
 * in docs/gen.md, and the witness schedule it embeds ("x-witness") passes the checker with no hard
 * violation, which proves every generated instance feasible.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/internal.h"

#include <stdlib.h>
#include <string.h>

static void test_deterministic(void **state)
{
    (void)state;
    salle_gen_options a = {170, 42}, b = {170, 43};
    char *x = salle_gen_json(&a), *y = salle_gen_json(&a), *z = salle_gen_json(&b);
    assert_string_equal(x, y);
    assert_true(strcmp(x, z) != 0);
    free(x);
    free(y);
    free(z);
}

static void check_witness(int n, unsigned long long seed)
{
    salle_gen_options o = {n, seed};
    char *text = salle_gen_json(&o);
    salle_diag err = {0};
    salle_instance *inst = salle_instance_parse(text, strlen(text), "gen.json", &err);
    if (!inst)
        fail_msg("N=%d: %d:%d: %s", n, err.line, err.col, err.msg);
    assert_int_equal(inst->nsessions, n);
    json_error_t je;
    json_t *root = json_loads(text, 0, &je);
    assert_non_null(root);
    json_t *w = json_object_get(root, "x-witness");
    assert_non_null(w);
    char *wtext = json_dumps(w, 0);
    salle_schedule *s = salle_schedule_parse(wtext, strlen(wtext), "witness", inst, &err);
    if (!s)
        fail_msg("witness N=%d: %d:%d: %s", n, err.line, err.col, err.msg);
    assert_int_equal(s->nassign, n);
    salle_report *rep = salle_check(inst, s);
    if (rep->score.hard) {
        salle_report_print(rep, stderr, 1);
        fail_msg("the witness of N=%d seed=%llu breaks %ld hard rules", n, seed, rep->score.hard);
    }
    salle_report_free(rep);
    salle_schedule_free(s);
    free(wtext);
    json_decref(root);
    salle_instance_free(inst);
    free(text);
}

static void test_witness_is_feasible(void **state)
{
    (void)state;
    check_witness(1, 1);
    check_witness(30, 2);
    check_witness(170, 1);
    check_witness(300, 3);
    check_witness(1000, 4);
}

static void test_igf_shape(void **state)
{
    (void)state;
    /* about the size of IGF 2018: 3 days, about 12 rooms, a main hall with interpretation,
     * interpreter teams, tracks and remote speakers */
    salle_gen_options o = {170, 1};
    char *text = salle_gen_json(&o);
    salle_diag err = {0};
    salle_instance *inst = salle_instance_parse(text, strlen(text), "gen.json", &err);
    assert_non_null(inst);
    assert_int_equal(inst->event.ndays, 3);
    assert_in_range(inst->nrooms, 10, 14);
    assert_int_equal(inst->ntracks, 8);
    int remote = 0, late = 0, maxcap = 0;
    for (int i = 0; i < inst->npeople; i++) {
        remote += inst->people[i].remote;
        late += !inst->people[i].available.any && inst->people[i].available.n &&
                inst->people[i].available.w[0].start >= inst->event.day_offset[1];
    }
    for (int i = 0; i < inst->nrooms; i++)
        if (inst->rooms[i].capacity > maxcap)
            maxcap = inst->rooms[i].capacity;
    assert_true(remote > 0);
    assert_true(late > 0);
    assert_true(maxcap >= 1000);
    assert_true(inst->nresources >= 2);
    assert_true(inst->ninterest > inst->nsessions);
    salle_instance_free(inst);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_witness_is_feasible),
        cmocka_unit_test(test_igf_shape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
