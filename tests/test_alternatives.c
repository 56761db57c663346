/*
 * test_alternatives.c: a move request's alternatives (src/server/workflow.c, docs/workflow.md,
 * *Alternatives*) are judged by the solver's incremental score instead of a checker run on the
 * whole programme per candidate place; here both judge every candidate of every request of real
 * re-plans (rooms closed, a session cancelled, some requests answered, plenary sessions) and must
 * agree on each, free or not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/internal.h"
#include "server/store.h"
#include "server/workflow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void disrupt(salle__store *st, const char *body)
{
    salle__wf_err e = {0};
    json_t *b = json_loads(body, 0, NULL);
    assert_non_null(b);
    json_t *r = salle__wf_disruption(st, b, "test", &e);
    if (!r)
        fail_msg("disruption %s: %s", body, e.msg);
    json_decref(r);
    json_decref(b);
}

/* Every pending request's first 30 candidates, both ways; returns how many were tried, adds to *free_ and
 * *taken. */
static int judge_all(salle__store *st, int *free_, int *taken)
{
    salle__request *rq;
    int n = salle__store_request_list(st, NULL, &rq), tried_all = 0;
    for (int i = 0; i < n; i++) {
        if (strcmp(rq[i].state, "pending") != 0)
            continue;
        salle__wf_err e = {0};
        int tried, ok;
        int bad = salle__wf_alternatives_agree(st, rq[i].id, 30, &tried, &ok, &e);
        if (bad != 0)
            fail_msg("request %lld (%s): %d of %d verdicts differ (%s)", rq[i].id, rq[i].session,
                     bad, tried, e.msg);
        tried_all += tried;
        *free_ += ok;
        *taken += tried - ok;
    }
    salle__store_request_list_free(rq, n);
    return tried_all;
}

static void run(unsigned long long seed, int sessions)
{
    char dir[] = "/tmp/salle-alt-XXXXXX", db[96], err[256];
    assert_non_null(mkdtemp(dir));
    snprintf(db, sizeof db, "%s/db.sqlite", dir);
    salle__store *st = salle__store_open(db, err, sizeof err);
    assert_non_null(st);
    assert_int_equal(salle__store_set_durable(st, 0), 0);
    salle_gen_options g = {sessions, seed};
    char *text = salle_gen_json(&g);
    json_t *doc = json_loads(text, 0, NULL);
    salle__wf_err e = {0};
    assert_int_equal(salle__wf_import_mem(st, text, strlen(text), "gen", "test", NULL, &e), 0);
    free(text);
    char *res = salle__wf_solve(st, "{\"seed\": 1, \"iterations\": 20000}", "test", &e);
    assert_non_null(res);
    free(res);
    assert_int_equal(salle__wf_publish(st, "v1", "test", NULL, &e), 1);
    json_t *days = json_object_get(json_object_get(doc, "event"), "days");
    const char *d0 = json_string_value(json_array_get(days, 0));
    const char *d1 = json_string_value(json_array_get(days, json_array_size(days) - 2));
    char body[400];
    /* the rooms in use, every other one closed on every day but the last */
    char *inst_text = NULL, *sched_text = NULL;
    assert_int_equal(salle__store_draft_get(st, &inst_text, &sched_text), 0);
    json_t *sched = json_loads(sched_text, 0, NULL), *used = json_object(), *a;
    free(inst_text);
    free(sched_text);
    size_t i;
    json_array_foreach(json_object_get(sched, "assignments"), i, a)
        json_object_set_new(used, json_string_value(json_object_get(a, "room")), json_true());
    const char *room;
    json_t *v;
    int k = 0;
    json_object_foreach(used, room, v) {
        if (k++ % 2)
            continue;
        snprintf(body, sizeof body, "{\"kind\": \"room_closed\", \"room\": \"%s\", \"from\": "
                 "\"%sT00:00\", \"to\": \"%sT23:59\"}", room, d0, d1);
        disrupt(st, body);
    }
    json_decref(used);
    json_decref(sched);
    /* a cancelled session keeps its published place in the programme to publish, using nothing */
    snprintf(body, sizeof body, "{\"kind\": \"session_cancelled\", \"session\": \"%s\"}",
             json_string_value(json_object_get(json_array_get(json_object_get(doc, "sessions"), 1), "id")));
    disrupt(st, body);
    json_t *prop = salle__wf_replan(st, NULL, "test", &e);
    if (!prop)
        fail_msg("re-plan: %s", e.msg);
    json_decref(prop);
    /* a few answers: accepted places count in the programme to publish */
    salle__request *rq;
    int n = salle__store_request_list(st, NULL, &rq), answered = 0;
    for (int j = 0; j < n && answered < 3; j++)
        if (strcmp(rq[j].state, "pending") == 0 && j % 2 == 0) {
            json_t *ans = salle__wf_answer(st, rq[j].id, SALLE_ANSWER_ACCEPT, NULL, NULL, "admin", 1, "phone", &e);
            answered += ans != NULL;
            json_decref(ans);
        }
    salle__store_request_list_free(rq, n);
    int free_ = 0, taken = 0;
    int tried = judge_all(st, &free_, &taken);
    print_message("seed %llu, %d sessions: %d requests, %d candidate places judged, %d free, %d not\n",
                  seed, sessions, n, tried, free_, taken);
    /* both verdicts occur, so agreement means something */
    assert_true(free_ > 10);
    assert_true(taken > 10);
    salle__wf_err_clear(&e);
    json_decref(doc);
    salle__store_close(st);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_alternatives_agree_with_checker(void **state)
{
    (void)state;
    run(1, 40);
    run(2, 60);

}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alternatives_agree_with_checker),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
