/*
 * api.c: the JSON API for scripts (docs/api.md). Everything but GET /api/v1/programme needs the
 * admin's API token (Authorization: Bearer TOKEN, from `salle admin-token`). Errors are JSON
 * {"status", "error"} with a message a person can act on. The /api/v1/interest routes (the POST
 * is public) are interest.c's.
 */
#include "server/http.h"
#include "base/internal.h"

#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is(const salle__ctx *x, const char *method) { return strcmp(x->method, method) == 0; }

/* "/requests/12/accept" with prefix "requests/": 12 and the rest "/accept"; -1 when no id. */
static long long id_after(const char *p, const char *prefix, const char **rest)
{
    size_t n = strlen(prefix);
    if (strncmp(p, prefix, n) != 0)
        return -1;
    p += n;
    if (*p < '0' || *p > '9')
        return -1;
    char *end;
    long long id = strtoll(p, &end, 10);
    *rest = end;
    return id;
}

static void wf_fail(salle__resp *r, salle__wf_err *e)
{
    salle__resp_error(r, e->status ? e->status : 500, e->msg[0] ? e->msg : "internal error",
                      e->reasons);
    salle__wf_err_clear(e);
}

static void done(salle__resp *r, int status, json_t *j, salle__wf_err *e)
{
    if (j)
        salle__resp_json(r, status, j);
    else
        wf_fail(r, e);
}

static json_t *job_json(const salle__job *j)
{
    json_t *o = json_pack("{sIsssssisIsI}", "id", (json_int_t)j->id, "kind", j->kind, "state",
                          j->state, "progress", j->progress, "created", (json_int_t)j->created,
                          "updated", (json_int_t)j->updated);
    json_t *res = j->result ? json_loads(j->result, 0, NULL) : NULL;
    if (res)
        json_object_set_new(o, "result", res);
    return o;
}

int salle__api_route(salle__ctx *x, salle__resp *r)
{
    if (strncmp(x->url, "/api/v1/", 8) != 0)
        return 0;
    const char *p = x->url + 8, *rest = NULL;
    salle__wf_err e = {0};
    json_t *body = NULL;
    if (strcmp(p, "programme") == 0) {
        if (!is(x, "GET"))
            goto method;
        char *text = salle__memo_programme(x->s, &e);
        if (!text) {
            wf_fail(r, &e);
            return 1;
        }
        r->status = 200;
        r->body = text;
        r->len = strlen(text);
        r->ctype = "application/json; charset=utf-8";
        r->cache = "public, max-age=10";
        return 1;
    }
    salle__who(x, 1);
    if (x->limited) {
        salle__resp_error(r, 429, "too many failed sign-ins from your address; wait a minute and "
                                  "check the token", NULL);
        return 1;
    }
    if (x->role != SALLE_ROLE_ADMIN) {
        salle__resp_error(r, 401, "this route needs the admin's API token: send the header "
                                  "'Authorization: Bearer TOKEN' (make one with: salle admin-token "
                                  "--db FILE)", NULL);
        return 1;
    }
    if (x->nbody > 0) {
        json_error_t je;
        body = json_loadb(x->body, x->nbody, 0, &je);
        if (!body) {
            char msg[400];
            snprintf(msg, sizeof msg, "the request body is not JSON: line %d, column %d: %s",
                     je.line, je.column, je.text);
            salle__resp_error(r, 400, msg, NULL);
            return 1;
        }
        if (!json_is_object(body)) {
            json_decref(body);
            salle__resp_error(r, 400, "the request body must be a JSON object, e.g. {\"note\": \"...\"}", NULL);
            return 1;
        }
    }
    char who[64];
    snprintf(who, sizeof who, "admin (API token %lld)", x->tok.id);
    long long id;
    if (strcmp(p, "solve") == 0) {
        if (!is(x, "POST"))
            goto method;
        if (salle__wf_check_options(body, &e) < 0) {
            wf_fail(r, &e);
            goto out;
        }
        char *input = body ? json_dumps(body, JSON_COMPACT) : salle__xstrdup("{}");
        long long job = salle__store_job_add(x->s->st, "solve", input, salle__now());
        free(input);
        if (job < 0) {
            salle__resp_error(r, 500, salle__store_error(x->s->st), NULL);
            goto out;
        }
        pthread_mutex_lock(&x->s->jobs_lock);
        pthread_cond_broadcast(&x->s->jobs_cond);
        pthread_mutex_unlock(&x->s->jobs_lock);
        char url[128];
        snprintf(url, sizeof url, "%s/api/v1/jobs/%lld", x->s->prefix, job);
        salle__resp_json(r, 202, json_pack("{sIssss}", "job", (json_int_t)job, "state", "queued", "url", url));
    } else if ((id = id_after(p, "jobs/", &rest)) >= 0 && !*rest) {
        if (!is(x, "GET"))
            goto method;
        salle__job j;
        if (salle__store_job_get(x->s->st, id, &j) < 0)
            salle__resp_error(r, 404, "there is no such job", NULL);
        else {
            salle__resp_json(r, 200, job_json(&j));
            salle__store_job_clear(&j);
        }
    } else if (strcmp(p, "disruptions") == 0) {
        if (!is(x, "POST"))
            goto method;
        done(r, 201, salle__wf_disruption(x->s->st, body, who, &e), &e);
    } else if (strcmp(p, "replan") == 0) {
        if (!is(x, "POST"))
            goto method;
        done(r, 200, salle__wf_replan(x->s->st, body, who, &e), &e);
    } else if (strcmp(p, "requests") == 0) {
        if (!is(x, "GET"))
            goto method;
        const char *state = MHD_lookup_connection_value(x->c, MHD_GET_ARGUMENT_KIND, "state");
        salle__request *rq;
        int n = salle__store_request_list(x->s->st, state, &rq);
        json_t *arr = json_array();
        for (int i = 0; i < n; i++)
            json_array_append_new(arr, salle__wf_request(x->s->st, rq[i].id, 0, &e));
        salle__store_request_list_free(rq, n);
        salle__resp_json(r, 200, json_pack("{so}", "requests", arr));
    } else if ((id = id_after(p, "requests/", &rest)) >= 0) {
        if (!*rest) {
            if (!is(x, "GET"))
                goto method;
            done(r, 200, salle__wf_request(x->s->st, id, 1, &e), &e);
        } else if (strcmp(rest, "/accept") == 0 || strcmp(rest, "/decline") == 0) {
            if (!is(x, "POST"))
                goto method;
            const char *note = json_string_value(json_object_get(body, "note"));
            const char *room = json_string_value(json_object_get(body, "room"));
            const char *start = json_string_value(json_object_get(body, "start"));
            int ans = rest[1] == 'd' ? SALLE_ANSWER_DECLINE
                                     : room || start ? SALLE_ANSWER_PICK : SALLE_ANSWER_ACCEPT;
            done(r, 200, salle__wf_answer(x->s->st, id, ans, room, start, who, 1, note, &e), &e);
        } else
            goto missing;
    } else if (strcmp(p, "publish") == 0) {
        if (!is(x, "POST"))
            goto method;
        const char *note = json_string_value(json_object_get(body, "note"));
        int v = salle__wf_publish_at(x->s->st, note, who, x->s->public_dir, x->s->prefix, &e);
        if (v < 0)
            wf_fail(r, &e);
        else
            salle__resp_json(r, 201, json_pack("{si}", "version", v));
    } else if (strcmp(p, "outbox") == 0) {
        if (!is(x, "GET"))
            goto method;
        salle__mail *mv;
        int n = salle__store_outbox_list(x->s->st, &mv);
        json_t *arr = json_array();
        for (int i = 0; i < n; i++) {
            const char *at = strstr(mv[i].body, "{{link}}");
            char *shown = at ? salle__xasprintf("%.*s[a sign-in link, made when it is sent]%s",
                                                (int)(at - mv[i].body), mv[i].body, at + 8)
                             : salle__xstrdup(mv[i].body);
            json_array_append_new(arr, json_pack("{sIsIsssssssssssisssIss}", "id", (json_int_t)mv[i].id,
                                                 "proposal", (json_int_t)mv[i].proposal, "person",
                                                 mv[i].person, "email", mv[i].email, "subject",
                                                 mv[i].subject, "body", shown, "state", mv[i].state,
                                                 "attempts", mv[i].attempts, "error", mv[i].error,
                                                 "sent", (json_int_t)mv[i].sent, "lang",
                                                 mv[i].lang[0] ? mv[i].lang : "en"));
            free(shown);
        }
        salle__store_mail_list_free(mv, n);
        salle__resp_json(r, 200, json_pack("{so}", "messages", arr));
    } else if (strcmp(p, "outbox/send") == 0) {
        if (!is(x, "POST"))
            goto method;
        int n = salle__store_outbox_approve(x->s->st);
        if (n < 0) {
            salle__resp_error(r, 500, salle__store_error(x->s->st), NULL);
            goto out;
        }
        salle__store_audit(x->s->st, who, "approve outbox", NULL, NULL);
        pthread_mutex_lock(&x->s->jobs_lock);
        pthread_cond_broadcast(&x->s->jobs_cond);
        pthread_mutex_unlock(&x->s->jobs_lock);
        salle__resp_json(r, 200, json_pack("{sisb}", "approved", n, "smtp", x->s->mail.smtp_url != NULL));
    } else if (strcmp(p, "draft") == 0) {
        if (!is(x, "GET"))
            goto method;
        long hard = 0;
        json_t *viol = NULL;
        char *t = salle__wf_target(x->s->st, &hard, &viol, &e);
        json_t *sj = t ? json_loads(t, 0, NULL) : NULL;
        free(t);
        char *changes = sj ? salle__wf_changes(x->s->st, &e) : NULL;
        done(r, 200, sj ? json_pack("{sosIsoss}", "to_publish", sj, "hard", (json_int_t)hard,
                                    "violations", viol, "changes", changes ? changes : "") : NULL, &e);
        free(changes);
    } else if (strncmp(p, "people/", 7) == 0 && strchr(p + 7, '/')) {
        char person[128];
        const char *slash = strchr(p + 7, '/');
        snprintf(person, sizeof person, "%.*s", (int)(slash - (p + 7)), p + 7);
        if (strcmp(slash, "/link") == 0) {
            if (!is(x, "POST"))
                goto method;
            json_t *mine = salle__wf_sessions_of(x->s->st, person);
            if (json_array_size(mine) == 0) {
                json_decref(mine);
                salle__resp_error(r, 404, "this person organizes no session (nor speaks at one "
                                          "without organizers), so has nothing to answer", NULL);
                goto out;
            }
            char tok[SALLE_TOKEN_TEXT];
            /* the link and its audit entry: one transaction */
            int rc = salle__store_begin(x->s->st);
            if (rc == 0 && (salle__auth_issue(&x->s->auth, SALLE_TOKEN_LINK, "organizer", person,
                                              SALLE_LINK_TTL, salle__now(), tok) < 0 ||
                            salle__store_audit(x->s->st, who, "issue link", NULL, person) < 0)) {
                salle__store_rollback(x->s->st);
                rc = -1;
            } else if (rc == 0)
                rc = salle__store_commit(x->s->st);
            if (rc < 0) {
                json_decref(mine);
                salle__resp_error(r, 500, salle__store_error(x->s->st), NULL);
                goto out;
            }
            char link[700];
            snprintf(link, sizeof link, "%s/signin/%s", x->s->base, tok);
            salle__resp_json(r, 201, json_pack("{sssosI}", "link", link, "sessions", mine,
                                               "expires", (json_int_t)(salle__now() + SALLE_LINK_TTL)));
        } else if (strcmp(slash, "/email") == 0) {
            if (!is(x, "POST"))
                goto method;
            const char *mail = json_string_value(json_object_get(body, "email"));
            if (!mail || !strchr(mail, '@')) {
                salle__resp_error(r, 400, "\"email\" must be an e-mail address such as "
                                          "\"ana@example.org\"", NULL);
                goto out;
            }
            int rc = salle__store_begin(x->s->st);
            if (rc == 0 && (salle__store_email_set(x->s->st, person, mail) < 0 ||
                            salle__store_audit(x->s->st, who, "set email", person, mail) < 0)) {
                salle__store_rollback(x->s->st);
                rc = -1;
            } else if (rc == 0)
                rc = salle__store_commit(x->s->st);
            if (rc < 0)
                salle__resp_error(r, 500, salle__store_error(x->s->st), NULL);
            else
                salle__resp_json(r, 200, json_pack("{ssss}", "person", person, "email", mail));
        } else
            goto missing;
    } else
        goto missing;
out:
    json_decref(body);
    return 1;
method:
    json_decref(body);
    salle__resp_error(r, 405, "this route does not take that method; see docs/api.md", NULL);
    return 1;
missing:
    json_decref(body);
    salle__resp_error(r, 404, "no such API route; the routes are in docs/api.md", NULL);
    return 1;
}
