/*
 * interest.c: attendee interest on the server (interest.h; docs/interest.md, "Collecting on the
 * server"; docs/api.md). Routes: POST /api/v1/interest (public), GET /api/v1/interest/summary and
 * GET/POST /api/v1/interest/settings (admin), the ballot pages /interest and /interest/DAY (one
 * form per day, checkboxes in a per-visitor shuffled order), POST /interest/toggle (the external
 * script's background toggle), /interest/keep/TOKEN (the link to keep) and POST /admin/interest
 * (the admin's settings form). The counting and the significance test are the library's
 * (salle_interest_summary_new, src/model/interest.c), never done twice here.
 */
#include "server/interest.h"
#include "server/http.h"
#include "base/internal.h"
#include "site/render_html.h"
#include "server/pages.h"

#include <math.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------- settings */

static double meta_num(salle__store *st, const char *key, double dflt)
{
    char buf[64];
    int n = salle__store_meta_get(st, key, buf, sizeof buf - 1);
    if (n <= 0)
        return dflt;
    buf[n] = 0;
    char *end;
    double v = strtod(buf, &end);
    return end == buf ? dflt : v;
}

static int meta_num_set(salle__store *st, const char *key, double v)
{
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%.17g", v);
    return salle__store_meta_set(st, key, buf, (size_t)n);
}

void salle__interest_cfg_get(salle__store *st, salle__interest_cfg *c)
{
    c->turnout = meta_num(st, "interest_turnout", SALLE_TURNOUT_DEFAULT);
    if (!(c->turnout > 0 && c->turnout <= 100))
        c->turnout = SALLE_TURNOUT_DEFAULT;
    c->significant = meta_num(st, "interest_significant", 0) != 0;
    c->closes = (long long)meta_num(st, "interest_closes", 0);
    c->close_after = (int)meta_num(st, "interest_close_after", 0);
}

int salle__interest_cfg_set(salle__store *st, const salle__interest_cfg *c)
{
    if (salle__store_begin(st) < 0)
        return -1;
    if (meta_num_set(st, "interest_turnout", c->turnout) < 0 ||
        meta_num_set(st, "interest_significant", c->significant) < 0 ||
        meta_num_set(st, "interest_closes", (double)c->closes) < 0 ||
        meta_num_set(st, "interest_close_after", c->close_after) < 0) {
        salle__store_rollback(st);
        return -1;
    }
    return salle__store_commit(st);
}

static int latest_version(salle__store *st)
{
    salle__version v;
    if (salle__store_version_get(st, 0, &v) < 0)
        return 0;
    int n = v.number;
    salle__store_version_clear(&v);
    return n;
}

/* Open at now under c, when the latest published version is latest? */
static int open_at(const salle__interest_cfg *c, int latest, long long now, char *why, size_t cap)
{
    if (c->closes > 0 && now >= c->closes) {
        char when[32];
        time_t t = (time_t)c->closes;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
        snprintf(why, cap, TR("Collection closed on %s: marks can no longer be changed."), when);
        return 0;
    }
    if (c->close_after > 0 && latest > c->close_after) {
        snprintf(why, cap, TR("Collection closed when version %d was published: marks can no longer "
                           "be changed."), c->close_after + 1);
        return 0;
    }
    return 1;
}

int salle__interest_open(salle__store *st, const salle__interest_cfg *c, long long now, char *why,
                         size_t cap)
{
    return open_at(c, c->close_after > 0 ? latest_version(st) : 0, now, why, cap);
}

/* ---------------------------------------------------------------- ballots for an instance */

typedef struct gather {
    const salle_instance *inst;
    salle_ballots *b;
    char last[80];
    int cap;
} gather;

static int session_index(const salle_instance *inst, const char *id)
{
    for (int i = 0; i < inst->nsessions; i++)
        if (strcmp(inst->sessions[i].id, id) == 0)
            return i;
    return -1;
}

static void gather_mark(void *arg, const char *ballot, const char *session)
{
    gather *g = arg;
    int si = session_index(g->inst, session);
    if (si < 0)
        return; /* a session no longer in the programme */
    if (g->b->n == 0 || strcmp(g->last, ballot) != 0) {
        if (g->b->n == g->cap) {
            g->cap = g->cap ? g->cap * 2 : 256;
            g->b->sets = salle__xrealloc(g->b->sets, (size_t)g->cap * sizeof *g->b->sets);
        }
        g->b->sets[g->b->n].n = 0;
        g->b->sets[g->b->n].v = NULL;
        g->b->n++;
        snprintf(g->last, sizeof g->last, "%s", ballot);
    }
    salle_ids *ids = &g->b->sets[g->b->n - 1];
    ids->v = salle__xrealloc(ids->v, (size_t)(ids->n + 1) * sizeof *ids->v);
    ids->v[ids->n++] = si;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

salle_ballots *salle__interest_ballots(salle__store *st, const salle_instance *inst)
{
    gather g = {inst, salle__xcalloc(1, sizeof(salle_ballots)), "", 0};
    salle__store_interest_each(st, NULL, gather_mark, &g);
    for (int i = 0; i < g.b->n; i++) /* the store orders by id; ballots are sorted indices */
        qsort(g.b->sets[i].v, (size_t)g.b->sets[i].n, sizeof(int), cmp_int);
    return g.b;
}

/* ---------------------------------------------------------------- the published programme */

/* What the group commit did (write_marks), printed when the server stops: where a write's time
 * goes under load (bench/serve.sh prints the line). Times are kept in buckets a quarter of a
 * power of two wide (1.19x), so a percentile is known to within 19%. */
#define GC_BUCKETS 100
typedef struct gc_hist {
    unsigned long long n[GC_BUCKETS];
    double max_ms;
} gc_hist;

typedef struct gc_stats {
    unsigned long long writes, commits, failed;
    int largest;
    gc_hist begin;  /* the store's lock and BEGIN: other users of the store ahead of the batch */
    gc_hist stmts;  /* the batch's statements */
    gc_hist commit; /* COMMIT: the fsync under the default durability */
    gc_hist wait;   /* one write, from its queueing to its answer: the latency the server adds */
} gc_stats;

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void hist_add(gc_hist *h, double ms)
{
    double us = ms * 1e3;
    int i = us < 1 ? 0 : (int)(4 * log2(us));
    h->n[i < 0 ? 0 : i >= GC_BUCKETS ? GC_BUCKETS - 1 : i]++;
    if (ms > h->max_ms)
        h->max_ms = ms;
}

/* The upper bound of the bucket holding the p-th fraction of h's entries, in ms. */
static double hist_at(const gc_hist *h, double p)
{
    unsigned long long all = 0, seen = 0;
    for (int i = 0; i < GC_BUCKETS; i++)
        all += h->n[i];
    for (int i = 0; i < GC_BUCKETS; i++)
        if ((seen += h->n[i]) > 0 && (double)seen >= p * (double)all) {
            double ub = exp2((i + 1) / 4.0) / 1e3;
            return ub < h->max_ms ? ub : h->max_ms;
        }
    return 0;
}

static void hist_print(const char *name, const gc_hist *h)
{
    printf("; %s p50 %.2f p99 %.2f max %.2f ms", name, hist_at(h, 0.5), hist_at(h, 0.99), h->max_ms);
}

/* What the ballot pages and the API check marks against: the latest published version, parsed
 * once per version and kept while the store's generation says nothing changed. */
struct salle__interest_srv {
    pthread_mutex_t lock;
    unsigned long long gen;
    int loaded, version;
    salle_instance *inst;
    salle_schedule *s;
    json_t *index;           /* session id -> assignment index (published, not cancelled) */
    /* the summary with the ballots applied, kept while neither the store nor a mark changed */
    pthread_mutex_t sum_lock;
    unsigned long long marks, sum_gen, sum_marks;
    int sum_ok;
    salle_instance *sum_inst;
    salle_interest_summary *sum;
    salle__interest_cfg sum_cfg;
    /* the settings and the latest version's number, kept while the store's generation holds */
    pthread_mutex_t cfg_lock;
    unsigned long long cfg_gen;
    int cfg_ok, cfg_latest;
    salle__interest_cfg cfg;
    /* group commit of marks: writers queue here; one of them commits the whole queue at once */
    pthread_mutex_t gc_lock;
    struct mark_write *queue;
    int leading;
    gc_stats stats; /* under gc_lock */
    /* writes per client address and minute; addresses are kept in memory only */
    pthread_mutex_t rl_lock;
    struct { char ip[64]; long long minute; int n; } rl[1024];
};

void salle__interest_init(salle__srv *s)
{
    s->interest = salle__xcalloc(1, sizeof *s->interest);
    pthread_mutex_init(&s->interest->lock, NULL);
    pthread_mutex_init(&s->interest->rl_lock, NULL);
    pthread_mutex_init(&s->interest->sum_lock, NULL);
    pthread_mutex_init(&s->interest->gc_lock, NULL);
    pthread_mutex_init(&s->interest->cfg_lock, NULL);
}

static void view_drop(struct salle__interest_srv *v)
{
    salle_schedule_free(v->s);
    salle_instance_free(v->inst);
    json_decref(v->index);
    v->s = NULL;
    v->inst = NULL;
    v->index = NULL;
    v->version = 0;
}

void salle__interest_free(salle__srv *s)
{
    if (!s->interest)
        return;
    const gc_stats *g = &s->interest->stats;
    if (g->writes > 0) {
        printf("salle serve: interest writes: %llu in %llu commits (%.1f a commit, largest %d, "
               "%llu failed)", g->writes, g->commits, (double)g->writes / (double)g->commits,
               g->largest, g->failed);
        hist_print("store lock and BEGIN", &g->begin);
        hist_print("statements", &g->stmts);
        hist_print("COMMIT", &g->commit);
        hist_print("a write queued to answered", &g->wait);
        printf("\n");
        fflush(stdout);
    }
    view_drop(s->interest);
    salle_interest_summary_free(s->interest->sum);
    salle_instance_free(s->interest->sum_inst);
    pthread_mutex_destroy(&s->interest->sum_lock);
    pthread_mutex_destroy(&s->interest->gc_lock);
    pthread_mutex_destroy(&s->interest->cfg_lock);
    pthread_mutex_destroy(&s->interest->lock);
    pthread_mutex_destroy(&s->interest->rl_lock);
    free(s->interest);
    s->interest = NULL;
}

/* Takes the view's lock and brings it up to date; 1 when a version is published (the caller
 * uses v->inst, v->s, v->index, then calls view_unlock), 0 when none is (lock taken too). */
static int view_lock(salle__srv *srv)
{
    struct salle__interest_srv *v = srv->interest;
    pthread_mutex_lock(&v->lock);
    unsigned long long gen = salle__store_generation(srv->st);
    if (v->loaded && gen == v->gen)
        return v->inst != NULL;
    salle__version pv;
    if (salle__store_version_get(srv->st, 0, &pv) < 0) {
        view_drop(v);
    } else if (pv.number != v->version || !v->inst) {
        view_drop(v);
        salle_diag d = {0};
        v->inst = salle_instance_parse(pv.instance, strlen(pv.instance), "published", &d);
        v->s = v->inst ? salle_schedule_parse(pv.schedule, strlen(pv.schedule), "published", v->inst, &d)
                       : NULL;
        if (v->s) {
            v->version = pv.number;
            v->index = json_object();
            for (int a = 0; a < v->s->nassign; a++) {
                const salle_session *se = &v->inst->sessions[v->s->assign[a].session];
                if (!se->cancelled)
                    json_object_set_new(v->index, se->id, json_integer(a));
            }
        } else
            view_drop(v);
    }
    if (pv.number > 0 || pv.instance)
        salle__store_version_clear(&pv);
    v->gen = gen;
    v->loaded = 1;
    return v->inst != NULL;
}

static void view_unlock(salle__srv *srv) { pthread_mutex_unlock(&srv->interest->lock); }

/* The settings (into *c) and whether marks are taken now (else why): read from the store only
 * when it changed, so a write's checks do not queue for the store behind a commit. */
static int open_now(salle__srv *srv, salle__interest_cfg *c, char *why, size_t cap)
{
    struct salle__interest_srv *v = srv->interest;
    pthread_mutex_lock(&v->cfg_lock);
    unsigned long long gen = salle__store_generation(srv->st);
    if (!v->cfg_ok || gen != v->cfg_gen) {
        salle__interest_cfg_get(srv->st, &v->cfg);
        v->cfg_latest = latest_version(srv->st);
        v->cfg_gen = gen;
        v->cfg_ok = 1;
    }
    *c = v->cfg;
    int latest = v->cfg_latest;
    pthread_mutex_unlock(&v->cfg_lock);
    return open_at(c, latest, salle__now(), why, cap);
}

static int day_of(const salle_instance *inst, int start)
{
    int d = 0;
    while (d + 1 < inst->event.ndays && inst->event.day_offset[d + 1] <= start)
        d++;
    return d;
}

/* ---------------------------------------------------------------- limits and tokens */

/* 1 when x's address may write now; else 0 with the seconds to wait. */
static int rate_ok(salle__ctx *x, int *retry)
{
    salle__srv *s = x->s;
    if (s->interest_rate <= 0)
        return 1;
    long long now = salle__now(), minute = now / 60;
    unsigned h = 5381;
    for (const char *p = x->ip; *p; p++)
        h = h * 33 + (unsigned char)*p;
    pthread_mutex_lock(&s->interest->rl_lock);
    __typeof__(s->interest->rl[0]) *e = &s->interest->rl[h % 1024];
    if (strcmp(e->ip, x->ip) != 0 || e->minute != minute) {
        snprintf(e->ip, sizeof e->ip, "%s", x->ip);
        e->minute = minute;
        e->n = 0;
    }
    int ok = ++e->n <= s->interest_rate;
    pthread_mutex_unlock(&s->interest->rl_lock);
    *retry = (int)(60 - now % 60);
    return ok;
}

static void too_many(salle__resp *r, int retry, int json)
{
    char msg[200];
    /* the API's in English; the pages' and the script's (it shows the error) in the page's language */
    snprintf(msg, sizeof msg, TR("too many marks from your address in this minute; wait %d seconds "
                                 "and send again"), retry);
    if (json)
        salle__resp_error(r, 429, msg, NULL);
    else
        salle__page_message(r, 429, TR("Too many marks at once"), msg);
    snprintf(r->retry_after, sizeof r->retry_after, "%d", retry);
}

static void hex_of(const unsigned char h[32], char out[65])
{
    sodium_bin2hex(out, 65, h, 32);
}

/* The ballot's hash (hex, for the store) and raw hash (for CSRF) from its token text. */
static int ballot_of(salle__srv *s, const char *token, char hex[65], unsigned char raw[32])
{
    if (salle__auth_anon_hash(&s->auth, token, raw) < 0)
        return -1;
    hex_of(raw, hex);
    return 0;
}

/* The ballot cookie is x->s->ballot_cookie: __Host-salle-ballot, or with several events on the
 * server __Host-salle-ballot-SLUG, one ballot per event. */
static void set_cookie(salle__ctx *x, salle__resp *r, const char *token)
{
    snprintf(r->cookie, sizeof r->cookie, "%s=%s; Path=/; HttpOnly; SameSite=Lax; Secure; "
                                          "Max-Age=31536000", x->s->ballot_cookie, token);
}

/* ---------------------------------------------------------------- the API */

static int is(const salle__ctx *x, const char *m) { return strcmp(x->method, m) == 0; }

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* One write of marks waiting for its commit: a whole set (ids, n) or one mark (session, on). */
typedef struct mark_write {
    const char *hex;
    const char **ids;
    int n;
    const char *session;
    int on;
    int done, rc;
    pthread_cond_t wake; /* signalled when done, or when it is to lead the next batch */
    struct mark_write *next;
} mark_write;

/* Group commit: with the default durability every commit waits for an fsync, so writes that
 * arrive while one commits are queued and the next commit takes them all (one transaction, one
 * fsync). The writer that finds no commit running leads: it commits the queue as one batch
 * (its own write with it); the others wait for theirs, and one still queued leads next. A
 * failing write fails its whole batch (each is checked before it is queued, so only the store
 * can fail). */
static int write_marks(salle__srv *s, mark_write *w)
{
    struct salle__interest_srv *v = s->interest;
    double t0 = now_ms();
    pthread_cond_init(&w->wake, NULL);
    pthread_mutex_lock(&v->gc_lock);
    w->next = v->queue;
    v->queue = w;
    while (!w->done && v->leading)
        pthread_cond_wait(&w->wake, &v->gc_lock);
    if (!w->done) {
        /* One batch, the one with w, then the lead passes on: a leader that went on while the
         * queue was not empty kept its own answer (and the other connections of its HTTP
         * thread) waiting for as long as writes kept coming, seconds under load (wrk's 2 s
         * timeouts). A writer still queued wakes with no leader and commits the next batch. */
        v->leading = 1;
        mark_write *batch = NULL, *q = v->queue, *nx;
        int size = 0;
        for (; q; q = nx, size++) { /* the queue is newest first; a ballot's writes apply in order */
            nx = q->next;
            q->next = batch;
            batch = q;
        }
        v->queue = NULL;
        pthread_mutex_unlock(&v->gc_lock);
        double t1 = now_ms();
        int rc = salle__store_begin(s->st);
        double t2 = now_ms();
        for (q = batch; rc == 0 && q; q = q->next)
            rc = q->session ? salle__store_interest_mark(s->st, q->hex, q->session, q->on)
                            : salle__store_interest_set(s->st, q->hex, q->ids, q->n);
        double t3 = now_ms();
        if (rc == 0)
            rc = salle__store_commit(s->st);
        else
            salle__store_rollback(s->st);
        double t4 = now_ms();
        if (rc == 0)
            __atomic_add_fetch(&v->marks, 1, __ATOMIC_SEQ_CST);
        pthread_mutex_lock(&v->gc_lock);
        v->stats.commits++;
        v->stats.failed += rc < 0;
        if (size > v->stats.largest)
            v->stats.largest = size;
        hist_add(&v->stats.begin, t2 - t1);
        hist_add(&v->stats.stmts, t3 - t2);
        hist_add(&v->stats.commit, t4 - t3);
        for (q = batch; q; q = nx) {
            nx = q->next; /* q may return and leave once done is set (and gc_lock let go) */
            q->rc = rc;
            q->done = 1;
            if (q != w)
                pthread_cond_signal(&q->wake);
        }
        v->leading = 0;
        /* Each writer sleeps on its own condition, so a commit wakes the writers it answered
         * and one to lead next (the oldest queued), not every HTTP thread waiting. */
        for (q = v->queue; q && q->next; q = q->next)
            ;
        if (q)
            pthread_cond_signal(&q->wake);
    }
    v->stats.writes++;
    hist_add(&v->stats.wait, now_ms() - t0);
    pthread_mutex_unlock(&v->gc_lock);
    pthread_cond_destroy(&w->wake);
    return w->rc;
}

/* Replaces the ballot's marks: 0, or -1 with r holding the error. */
static int store_set(salle__ctx *x, salle__resp *r, const char *hex, const char **ids, int n)
{
    mark_write w = {.hex = hex, .ids = ids, .n = n};
    if (write_marks(x->s, &w) < 0) {
        salle__resp_error(r, 500, salle__store_error(x->s->st), NULL);
        return -1;
    }
    return 0;
}

static void api_post(salle__ctx *x, salle__resp *r)
{
    int retry;
    if (!rate_ok(x, &retry)) {
        too_many(r, retry, 1);
        return;
    }
    if (!salle__same_origin(x)) {
        salle__resp_error(r, 403, "marks are only taken from this site's own pages or from scripts "
                                  "(the request came from another site)", NULL);
        return;
    }
    json_error_t je;
    json_t *body = json_loadb(x->body, x->nbody, 0, &je);
    if (!body || !json_is_object(body)) {
        char msg[400];
        snprintf(msg, sizeof msg, body ? "the request body must be a JSON object {\"token\": T, "
                                         "\"sessions\": [ids]}"
                                       : "the request body is not JSON: line %d, column %d: %s",
                 je.line, je.column, je.text);
        salle__resp_error(r, 400, msg, NULL);
        json_decref(body);
        return;
    }
    const char *key;
    json_t *val;
    json_object_foreach(body, key, val) {
        if (strcmp(key, "token") != 0 && strcmp(key, "sessions") != 0) {
            char msg[200];
            snprintf(msg, sizeof msg, "unknown key \"%.100s\" (expected \"token\" and \"sessions\")", key);
            salle__resp_error(r, 400, msg, NULL);
            json_decref(body);
            return;
        }
    }
    json_t *tokj = json_object_get(body, "token"), *arr = json_object_get(body, "sessions");
    char token[SALLE_TOKEN_TEXT], hex[65];
    unsigned char raw[32];
    int fresh = !tokj || json_is_null(tokj);
    if (fresh)
        salle__auth_anon_new(token);
    else
        snprintf(token, sizeof token, "%s", json_is_string(tokj) ? json_string_value(tokj) : "");
    if (!json_is_array(arr) || json_array_size(arr) > 1000 || ballot_of(x->s, token, hex, raw) < 0) {
        salle__resp_error(r, 400, !json_is_array(arr) ? "\"sessions\" must be an array of session ids"
                                  : json_array_size(arr) > 1000 ? "\"sessions\" names more than 1000 sessions"
                                  : "\"token\" must be the 43-character token this server gave (or "
                                    "leave it out to get a new one)", NULL);
        json_decref(body);
        return;
    }
    salle__interest_cfg cfg;
    char why[200];
    if (!open_now(x->s, &cfg, why, sizeof why)) {
        salle__resp_error(r, 409, why, NULL);
        json_decref(body);
        return;
    }
    size_t n = json_array_size(arr), k = 0;
    const char **ids = salle__xcalloc(n + 1, sizeof *ids);
    int have = view_lock(x->s);
    char msg[300] = "";
    for (size_t i = 0; i < n && !msg[0]; i++) {
        const char *id = json_string_value(json_array_get(arr, i));
        if (!have)
            snprintf(msg, sizeof msg, "nothing is published yet, so there is nothing to mark");
        else if (!id)
            snprintf(msg, sizeof msg, "sessions[%zu] must be a session id (a string)", i);
        else if (!json_object_get(x->s->interest->index, id))
            snprintf(msg, sizeof msg, "sessions[%zu]: there is no session \"%.100s\" in the "
                                      "published programme", i, id);
        else
            ids[k++] = id;
    }
    view_unlock(x->s);
    if (msg[0]) {
        salle__resp_error(r, have ? 400 : 409, msg, NULL);
        free(ids);
        json_decref(body);
        return;
    }
    qsort(ids, k, sizeof *ids, cmp_str);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (u == 0 || strcmp(ids[u - 1], ids[i]) != 0)
            ids[u++] = ids[i];
    if (store_set(x, r, hex, ids, (int)u) == 0) {
        json_t *out = json_array();
        for (size_t i = 0; i < u; i++)
            json_array_append_new(out, json_string(ids[i]));
        salle__resp_json(r, fresh ? 201 : 200, json_pack("{ssso}", "token", token, "sessions", out));
    }
    sodium_memzero(token, sizeof token);
    free(ids);
    json_decref(body);
}

/* The published instance with the collected ballots applied (the admin's settings), and its
 * summary; NULL when nothing is published. */
static salle_instance *summary_build(salle__srv *s, salle_interest_summary **out, salle__interest_cfg *cfg)
{
    salle__version pv;
    *out = NULL;
    if (salle__store_version_get(s->st, 0, &pv) < 0)
        return NULL;
    salle_diag d = {0};
    salle_instance *inst = salle_instance_parse(pv.instance, strlen(pv.instance), "published", &d);
    salle__store_version_clear(&pv);
    if (!inst)
        return NULL;
    salle__interest_cfg_get(s->st, cfg);
    salle_interest_options opt;
    salle_interest_options_default(&opt);
    opt.turnout = cfg->turnout;
    opt.significant = cfg->significant;
    salle_ballots *b = salle__interest_ballots(s->st, inst);
    if (b->n > 0)
        salle_interest_apply(inst, b, &opt, &d);
    *out = salle_interest_summary_new(inst, b, &opt);
    salle_ballots_free(b);
    return inst;
}

/* The summary, built again only when the store or a mark changed: takes sum_lock; the caller
 * reads *out and the returned instance (NULL: nothing published) and calls summary_unlock. */
static salle_instance *summary_of(salle__srv *s, salle_interest_summary **out, salle__interest_cfg *cfg)
{
    struct salle__interest_srv *v = s->interest;
    pthread_mutex_lock(&v->sum_lock);
    unsigned long long gen = salle__store_generation(s->st);
    unsigned long long marks = __atomic_load_n(&v->marks, __ATOMIC_SEQ_CST);
    if (!v->sum_ok || gen != v->sum_gen || marks != v->sum_marks) {
        salle_interest_summary_free(v->sum);
        salle_instance_free(v->sum_inst);
        v->sum_inst = summary_build(s, &v->sum, &v->sum_cfg);
        v->sum_gen = gen;
        v->sum_marks = marks;
        v->sum_ok = 1;
    }
    *out = v->sum;
    *cfg = v->sum_cfg;
    if (!v->sum_inst)
        salle__interest_cfg_get(s->st, cfg);
    return v->sum_inst;
}

static void summary_unlock(salle__srv *s) { pthread_mutex_unlock(&s->interest->sum_lock); }

static json_t *settings_json(salle__srv *s)
{
    salle__interest_cfg c;
    salle__interest_cfg_get(s->st, &c);
    char why[200] = "";
    int open = salle__interest_open(s->st, &c, salle__now(), why, sizeof why);
    return json_pack("{sfsbsIsisbss}", "turnout", c.turnout, "significant", c.significant,
                     "closes", (json_int_t)c.closes, "close_after", c.close_after, "open", open,
                     "why", why);
}

static void api_settings(salle__ctx *x, salle__resp *r)
{
    if (is(x, "GET")) {
        salle__resp_json(r, 200, settings_json(x->s));
        return;
    }
    json_error_t je;
    json_t *body = json_loadb(x->body, x->nbody, 0, &je);
    salle__interest_cfg c;
    salle__interest_cfg_get(x->s->st, &c);
    const char *key, *bad = NULL;
    json_t *v;
    if (!json_is_object(body))
        bad = "the body must be a JSON object such as {\"turnout\": 0.8, \"significant\": true}";
    json_object_foreach(body, key, v) {
        if (bad)
            break;
        if (strcmp(key, "turnout") == 0) {
            if (!json_is_number(v) || !(json_number_value(v) > 0 && json_number_value(v) <= 100))
                bad = "\"turnout\" must be a number above 0 and at most 100";
            else
                c.turnout = json_number_value(v);
        } else if (strcmp(key, "significant") == 0) {
            if (!json_is_boolean(v))
                bad = "\"significant\" must be true or false";
            else
                c.significant = json_is_true(v);
        } else if (strcmp(key, "closes") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 0)
                bad = "\"closes\" must be a Unix time in seconds (0: no date)";
            else
                c.closes = json_integer_value(v);
        } else if (strcmp(key, "close_at_next_publication") == 0) {
            if (!json_is_boolean(v))
                bad = "\"close_at_next_publication\" must be true or false";
            else
                c.close_after = json_is_true(v) ? (latest_version(x->s->st) > 0 ? latest_version(x->s->st) : 0) : 0;
        } else
            bad = "unknown key (expected turnout, significant, closes, close_at_next_publication)";
    }
    json_decref(body);
    if (bad) {
        salle__resp_error(r, 400, bad, NULL);
        return;
    }
    if (salle__interest_cfg_set(x->s->st, &c) < 0) {
        salle__resp_error(r, 500, salle__store_error(x->s->st), NULL);
        return;
    }
    salle__store_audit(x->s->st, "admin", "interest settings", NULL, NULL);
    salle__resp_json(r, 200, settings_json(x->s));
}

static int api_route(salle__ctx *x, salle__resp *r)
{
    const char *p = x->url + 8;
    if (strcmp(p, "interest") == 0) {
        if (!is(x, "POST"))
            salle__resp_error(r, 405, "POST {\"token\": T, \"sessions\": [ids]} (docs/api.md)", NULL);
        else
            api_post(x, r);
        return 1;
    }
    if (strcmp(p, "interest/summary") != 0 && strcmp(p, "interest/settings") != 0)
        return 0;
    salle__who(x, 1);
    if (x->limited) {
        salle__resp_error(r, 429, "too many failed sign-ins from your address; wait a minute", NULL);
        return 1;
    }
    if (x->role != SALLE_ROLE_ADMIN) {
        salle__resp_error(r, 401, "this route needs the admin's API token: send the header "
                                  "'Authorization: Bearer TOKEN' (salle admin-token --db FILE)", NULL);
        return 1;
    }
    if (strcmp(p, "interest/settings") == 0) {
        if (!is(x, "GET") && !is(x, "POST"))
            salle__resp_error(r, 405, "GET or POST (docs/api.md)", NULL);
        else
            api_settings(x, r);
        return 1;
    }
    if (!is(x, "GET")) {
        salle__resp_error(r, 405, "GET (docs/api.md)", NULL);
        return 1;
    }
    const char *t = MHD_lookup_connection_value(x->c, MHD_GET_ARGUMENT_KIND, "top");
    int top = t ? atoi(t) : 20;
    salle_interest_summary *sm;
    salle__interest_cfg cfg;
    salle_instance *inst = summary_of(x->s, &sm, &cfg);
    if (!inst) {
        summary_unlock(x->s);
        salle__resp_error(r, 409, "nothing is published yet, so nothing has been marked", NULL);
        return 1;
    }
    char *text = salle_interest_summary_json(inst, sm, top);
    summary_unlock(x->s);
    json_t *j = json_loads(text, 0, NULL);
    free(text);
    json_object_set_new(j, "settings", settings_json(x->s));
    salle__resp_json(r, 200, j);
    return 1;
}

/* ---------------------------------------------------------------- the ballot pages */

/* The ballot pages load one external script (the toggle); nothing inline runs. */
static const char CSP_BALLOT[] = "default-src 'none'; script-src 'self'; connect-src 'self'; "
                                 "style-src 'self'; img-src 'self'; form-action 'self'; "
                                 "frame-ancestors 'none'; base-uri 'none'";

/* The toggle: each checkbox saves itself in the background and the live region says so. */
static const char SCRIPT[] =
    "'use strict';\n"
    "document.querySelectorAll('form.ballot').forEach(function (form) {\n"
    "  var live = document.getElementById('ballot-live'), d = live.dataset;\n"
    "  var csrf = form.querySelector('input[name=csrf]').value;\n"
    "  var save = form.querySelector('button[type=submit]');\n"
    "  if (save) save.textContent = d.save;\n"
    "  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;\n"
    "  function count(n) {\n"
    "    var c = rules ? rules.select(n) : (n === 1 ? 'one' : 'other');\n"
    "    return (d['count' + c.charAt(0).toUpperCase() + c.slice(1)] || d.countOther).replace('%d', n);\n"
    "  }\n"
    "  form.querySelectorAll('input[type=checkbox][name=s]').forEach(function (box) {\n"
    "    box.addEventListener('change', function () {\n"
    "      var title = document.getElementById(box.id + '-t').textContent;\n"
    "      var body = new URLSearchParams({csrf: csrf, session: box.value, on: box.checked ? '1' : '0'});\n"
    "      fetch(form.action.replace(/[^/]*$/, 'toggle'), {method: 'POST', body: body,\n"
    "                                  credentials: 'same-origin',\n"
    "                                  headers: {'Accept': 'application/json'}})\n"
    "        .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw j; return j; }); })\n"
    "        .then(function (j) {\n"
    "          live.textContent = (j.marked ? d.marked : d.unmarked).replace('%s', title) + ' ' + count(j.count);\n"
    "        })\n"
    "        .catch(function (j) {\n"
    "          box.checked = !box.checked;\n"
    "          live.textContent = d.failed.replace('%s', j && j.error ? j.error : d.unreachable);\n"
    "        });\n"
    "    });\n"
    "  });\n"
    "});\n";

/* The visitor's ballot token from the cookie, or a new one (then the response sets it). */
static void visitor(salle__ctx *x, salle__resp *r, char token[SALLE_TOKEN_TEXT], char hex[65],
                    unsigned char raw[32])
{
    const char *c = MHD_lookup_connection_value(x->c, MHD_COOKIE_KIND, x->s->ballot_cookie);
    if (c && ballot_of(x->s, c, hex, raw) == 0) {
        snprintf(token, SALLE_TOKEN_TEXT, "%s", c);
        return;
    }
    salle__auth_anon_new(token);
    ballot_of(x->s, token, hex, raw);
    set_cookie(x, r, token);
}

static void add_mark(void *arg, const char *ballot, const char *session)
{
    (void)ballot;
    json_object_set_new(arg, session, json_true());
}

/* The ballot's marks as a JSON object id -> true (caller decrefs). */
static json_t *marks_of(salle__srv *s, const char *hex)
{
    json_t *m = json_object();
    salle__store_interest_each(s->st, hex, add_mark, m);
    return m;
}

static void day_name(const salle_instance *inst, int d, char *buf, size_t cap)
{
    static const char *const wd[] = {N_("Sunday"), N_("Monday"), N_("Tuesday"), N_("Wednesday"),
                                     N_("Thursday"), N_("Friday"), N_("Saturday")};
    static const char *const mon[] = {N_("January"), N_("February"), N_("March"), N_("April"),
                                      N_("May"), N_("June"), N_("July"), N_("August"),
                                      N_("September"), N_("October"), N_("November"), N_("December")};
    struct tm tm = {0};
    if (strptime(inst->event.days[d], "%Y-%m-%d", &tm) && timegm(&tm) != -1) /* timegm sets tm_wday */
        snprintf(buf, cap, "%s %d %s", TR(wd[tm.tm_wday % 7]), tm.tm_mday, TR(mon[tm.tm_mon % 12]));
    else
        snprintf(buf, cap, "%s", inst->event.days[d]);
}

static void day_nav(salle__html_buf *b, const salle_instance *inst, int current)
{
    salle__html_printf(b, "<nav aria-label=\"%s\"><ul>\n", TR("Days"));
    for (int d = 0; d < inst->event.ndays; d++) {
        char name[64];
        day_name(inst, d, name, sizeof name);
        salle__html_printf(b, "<li><a href=\"/interest/%s\"%s>", inst->event.days[d],
                           d == current ? " aria-current=\"page\"" : "");
        salle__html_esc(b, name);
        salle__html_put(b, "</a></li>\n");
    }
    salle__html_put(b, "</ul></nav>\n");
}

static void keep_link(salle__html_buf *b, salle__srv *s, const char *token)
{
    salle__html_printf(b, "<h2>%s</h2>\n<p>%s</p>\n<p><a href=\"/interest/keep/", TR("Keep your marks"), TR("Your marks are kept in this browser, with no "
                       "name and no account. To change them from another device, keep this link "
                       "(anyone who has it can change your marks):"));
    salle__html_esc(b, token);
    salle__html_put(b, "\">");
    salle__html_esc(b, s->base);
    salle__html_put(b, "/interest/keep/");
    salle__html_esc(b, token);
    salle__html_put(b, "</a></p>\n");
}

/* The words interest.js says, in the page's language, as data attributes of its live region (the
 * script is one static file for every language). The count has one form per plural category of
 * Intl.PluralRules: for English, French, Spanish and Arabic, gettext's forms at 0, 1, 2, 3, 11
 * and 100 are CLDR's zero, one, two, few, many and other. */
static void live_texts(salle__html_buf *b)
{
    static const char *const cat[] = {"zero", "one", "two", "few", "many", "other"};
    static const long at[] = {0, 1, 2, 3, 11, 100};
    const char *const text[][2] = {{"save", TR("Save all marks for this day")},
                                   /* TRANSLATORS: %s is the session's title */
                                   {"marked", TR("Marked: %s.")},
                                   {"unmarked", TR("Unmarked: %s.")},
                                   /* TRANSLATORS: %s is why, such as the next message */
                                   {"failed", TR("Not saved: %s.")},
                                   {"unreachable", TR("the server could not be reached")}};
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
        salle__html_printf(b, " data-%s=\"", text[i][0]);
        salle__html_esc(b, text[i][1]);
        salle__html_put(b, "\"");
    }
    for (int i = 0; i < 6; i++) {
        salle__html_printf(b, " data-count-%s=\"", cat[i]);
        salle__html_esc(b, TRN("You plan to attend %d session.", "You plan to attend %d sessions.", at[i]));
        salle__html_put(b, "\"");
    }
}

static void page_end(salle__ctx *x, salle__resp *r, salle__html_buf *b, int status)
{
    (void)x;
    salle__html_put(b, "<script src=\"/_salle/interest.js\" defer></script>\n");
    salle__resp_html(r, status, salle__page_finish(b));
    snprintf(r->csp, sizeof r->csp, "%s", CSP_BALLOT);
}

/* Sessions of day d in the order this visitor sees them: shuffled with a seed of their own (the
 * ballot's hash), so that no session is always on top, and the same order on every visit. */
static int day_sessions(const struct salle__interest_srv *v, int d, const unsigned char raw[32],
                        int *out)
{
    int n = 0;
    for (int a = 0; a < v->s->nassign; a++) {
        const salle_assignment *as = &v->s->assign[a];
        if (!v->inst->sessions[as->session].cancelled && day_of(v->inst, as->start) == d)
            out[n++] = a;
    }
    unsigned char seed[randombytes_SEEDBYTES];
    crypto_generichash(seed, sizeof seed, raw, 32, (const unsigned char *)"shuffle", 7);
    uint32_t *rnd = salle__xmalloc(((size_t)n + 1) * sizeof *rnd);
    randombytes_buf_deterministic(rnd, ((size_t)n + 1) * sizeof *rnd, seed);
    for (int i = n - 1; i > 0; i--) { /* Fisher-Yates */
        int j = (int)(rnd[i] % (uint32_t)(i + 1)), t = out[i];
        out[i] = out[j];
        out[j] = t;
    }
    free(rnd);
    return n;
}

static void index_page(salle__ctx *x, salle__resp *r)
{
    char token[SALLE_TOKEN_TEXT], hex[65];
    unsigned char raw[32];
    visitor(x, r, token, hex, raw);
    salle__html_buf b = {0};
    salle__page_head(&b, TR("I plan to attend"));
    salle__html_printf(&b, "<h1>%s</h1>\n", TR("I plan to attend"));
    if (!view_lock(x->s)) {
        view_unlock(x->s);
        salle__html_printf(&b, "<p>%s</p>\n", TR("The programme is not published yet. Come back when it is."));
        page_end(x, r, &b, 200);
        return;
    }
    json_t *m = marks_of(x->s, hex);
    salle__html_printf(&b, "<p>%s ", TR("Mark the sessions you plan to attend, one day at a time. It helps the "
                           "organizers give each session a room big enough and keep sessions that "
                           "share an audience apart."));
    salle__html_printf(&b, TRN("You have marked %zu session.", "You have marked %zu sessions.", (long)json_object_size(m)),
                       json_object_size(m));
    salle__html_put(&b, "</p>\n");
    day_nav(&b, x->s->interest->inst, -1);
    view_unlock(x->s);
    json_decref(m);
    keep_link(&b, x->s, token);
    page_end(x, r, &b, 200);
}

static int find_day(const salle_instance *inst, const char *day)
{
    for (int d = 0; d < inst->event.ndays; d++)
        if (strcmp(inst->event.days[d], day) == 0)
            return d;
    return -1;
}

static void day_page(salle__ctx *x, salle__resp *r, const char *day)
{
    char token[SALLE_TOKEN_TEXT], hex[65];
    unsigned char raw[32];
    visitor(x, r, token, hex, raw);
    if (!view_lock(x->s) || find_day(x->s->interest->inst, day) < 0) {
        view_unlock(x->s);
        salle__page_message(r, 404, TR("Page not found"), TR("There is no such day in the published "
                                                      "programme."));
        return;
    }
    struct salle__interest_srv *v = x->s->interest;
    int d = find_day(v->inst, day);
    salle__interest_cfg cfg;
    char why[200];
    int open = open_now(x->s, &cfg, why, sizeof why);
    json_t *m = marks_of(x->s, hex);
    char name[64], title[100];
    day_name(v->inst, d, name, sizeof name);
    snprintf(title, sizeof title, TR("I plan to attend: %s"), name);
    salle__html_buf b = {0};
    salle__page_head(&b, title);
    salle__html_put(&b, "<h1>");
    salle__html_esc(&b, title);
    salle__html_put(&b, "</h1>\n");
    const char *saved = MHD_lookup_connection_value(x->c, MHD_GET_ARGUMENT_KIND, "saved");
    if (saved) {
        salle__html_put(&b, "<p role=\"status\"><strong>");
        salle__html_printf(&b, TRN("Saved. You plan to attend %zu session in all.",
                                   "Saved. You plan to attend %zu sessions in all.", (long)json_object_size(m)),
                           json_object_size(m));
        salle__html_put(&b, "</strong></p>\n");
    }
    if (!open) {
        salle__html_put(&b, "<p><strong>");
        salle__html_esc(&b, why);
        salle__html_put(&b, "</strong></p>\n");
    }
    salle__html_printf(&b, "<p>%s</p>\n", TR("No account and no name: your marks are anonymous. The sessions are in "
                        "an order shuffled for you, so that none is favoured by being on top."));
    day_nav(&b, v->inst, d);
    int *order = salle__xmalloc(((size_t)v->s->nassign + 1) * sizeof *order);
    int n = day_sessions(v, d, raw, order);
    salle__html_printf(&b, "<form method=\"post\" action=\"/interest/%s\" class=\"ballot\">\n", day);
    char c[SALLE_TOKEN_TEXT];
    salle__auth_csrf(&x->s->auth, raw, c);
    salle__html_printf(&b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", c);
    salle__html_put(&b, "<fieldset>\n<legend>");
    salle__html_esc(&b, name);
    salle__html_printf(&b, "%s</legend>\n", TR(": the sessions I plan to attend"));
    for (int i = 0; i < n; i++) {
        const salle_assignment *as = &v->s->assign[order[i]];
        const salle_session *se = &v->inst->sessions[as->session];
        int mins = as->start - v->inst->event.day_offset[d];
        salle__html_printf(&b, "<div class=\"radio\"><input type=\"checkbox\" id=\"s%d\" name=\"s\" "
                               "value=\"", order[i]);
        salle__html_esc(&b, se->id);
        salle__html_printf(&b, "\"%s%s><label for=\"s%d\"><span id=\"s%d-t\">", json_object_get(m, se->id)
                               ? " checked" : "", open ? "" : " disabled", order[i], order[i]);
        salle__page_content(&b, se->title ? se->title : se->id, se->language);
        salle__html_printf(&b, "</span> <span class=\"hint\">%02d:%02d, ", mins / 60, mins % 60);
        salle__html_esc(&b, v->inst->rooms[as->room].name);
        salle__html_put(&b, "</span></label></div>\n");
    }
    if (n == 0)
        salle__html_printf(&b, "<p>%s</p>\n", TR("No sessions on this day."));
    salle__html_put(&b, "</fieldset>\n<p id=\"ballot-live\" aria-live=\"polite\"");
    live_texts(&b);
    salle__html_put(&b, "></p>\n");
    if (open)
        salle__html_printf(&b, "<button type=\"submit\">%s</button>\n", TR("Save my marks for this day"));
    salle__html_put(&b, "</form>\n");
    free(order);
    view_unlock(x->s);
    json_decref(m);
    keep_link(&b, x->s, token);
    page_end(x, r, &b, 200);
}

/* The day form's fields: csrf and every checked "s" (the shared form parser keeps 32 fields;
 * a day may have more sessions). libmicrohttpd's post processor does the decoding. */
typedef struct ballot_form {
    char csrf[SALLE_TOKEN_TEXT], session[160], on[4];
    json_t *s;
    int bad;
} ballot_form;

static enum MHD_Result ballot_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *filename, const char *ctype, const char *enc,
                                    const char *data, uint64_t off, size_t size)
{
    (void)kind, (void)filename, (void)ctype, (void)enc;
    ballot_form *f = cls;
    if (off > 0 || size >= 160) { /* every value here is short; a long one is not ours */
        f->bad = 1;
        return MHD_NO;
    }
    char v[160];
    memcpy(v, data, size);
    v[size] = 0;
    if (strcmp(key, "csrf") == 0)
        snprintf(f->csrf, sizeof f->csrf, "%.*s", (int)sizeof f->csrf - 1, v);
    else if (strcmp(key, "session") == 0)
        snprintf(f->session, sizeof f->session, "%s", v);
    else if (strcmp(key, "on") == 0)
        snprintf(f->on, sizeof f->on, "%.*s", (int)sizeof f->on - 1, v);
    else if (strcmp(key, "s") == 0)
        json_object_set_new(f->s, v, json_true());
    return MHD_YES;
}

/* A ballot form's POST (day form or toggle): within the rate limit, with the ballot cookie (its
 * hash into hex and raw), parsed into f, from this site, with the cookie's CSRF token. 1 when the
 * handler may act (then it decrefs f->s); else r holds the refusal, as a page or (json) JSON. */
static int ballot_post_ok(salle__ctx *x, salle__resp *r, ballot_form *f, char hex[65],
                          unsigned char raw[32], int json)
{
    memset(f, 0, sizeof *f);
    f->s = json_object();
    int retry;
    if (!rate_ok(x, &retry)) {
        too_many(r, retry, json);
        return 0;
    }
    const char *c = MHD_lookup_connection_value(x->c, MHD_COOKIE_KIND, x->s->ballot_cookie);
    if (!c || ballot_of(x->s, c, hex, raw) < 0) {
        const char *msg = N_("Your browser did not send its ballot cookie. Allow cookies for this "
                          "site, reload the page and send the form again.");
        if (json)
            salle__resp_error(r, 403, TR(msg), NULL);
        else
            salle__page_message(r, 403, TR("Not saved"), TR(msg));
        return 0;
    }
    struct MHD_PostProcessor *pp = x->nbody ? MHD_create_post_processor(x->c, 4096, ballot_field, f)
                                            : NULL;
    if (pp) {
        if (MHD_post_process(pp, x->body, x->nbody) != MHD_YES)
            f->bad = 1;
        MHD_destroy_post_processor(pp);
    }
    const char *msg = NULL;
    int status = 403;
    if (!pp && x->nbody)
        msg = N_("The form could not be read."), status = 400;
    else if (f->bad)
        msg = N_("The form could not be read."), status = 400;
    else if (!salle__same_origin(x))
        msg = N_("This form was sent from another site. Open the page on this site and send it from there.");
    else if (!salle__auth_csrf_ok(&x->s->auth, raw, f->csrf))
        msg = N_("The form has expired. Reload the page and send it again.");
    if (!msg)
        return 1;
    if (json)
        salle__resp_error(r, status, TR(msg), NULL);
    else
        salle__page_message(r, status, TR("Not saved"), TR(msg));
    return 0;
}

/* POST /interest/DAY: this day's marks become the boxes checked; other days' marks stay. */
static void day_post(salle__ctx *x, salle__resp *r, const char *day)
{
    char hex[65];
    unsigned char raw[32];
    ballot_form f;
    if (!ballot_post_ok(x, r, &f, hex, raw, 0)) {
        json_decref(f.s);
        return;
    }
    salle__interest_cfg cfg;
    char why[200];
    if (!open_now(x->s, &cfg, why, sizeof why)) {
        salle__page_message(r, 409, TR("Collection is closed"), why);
        json_decref(f.s);
        return;
    }
    int d;
    if (!view_lock(x->s) || (d = find_day(x->s->interest->inst, day)) < 0) {
        view_unlock(x->s);
        salle__page_message(r, 404, TR("Page not found"), TR("There is no such day in the published programme."));
        json_decref(f.s);
        return;
    }
    struct salle__interest_srv *v = x->s->interest;
    json_t *m = marks_of(x->s, hex);
    const char *bad = NULL;
    const char *key;
    json_t *val;
    void *tmp;
    json_object_foreach_safe(f.s, tmp, key, val) {
        json_t *a = json_object_get(v->index, key);
        if (!a || day_of(v->inst, v->s->assign[json_integer_value(a)].start) != d)
            bad = TR("One of the sessions sent is not on this day of the published programme. Reload the page.");
    }
    json_object_foreach_safe(m, tmp, key, val) { /* drop this day's old marks */
        json_t *a = json_object_get(v->index, key);
        if (a && day_of(v->inst, v->s->assign[json_integer_value(a)].start) == d)
            json_object_del(m, key);
    }
    view_unlock(x->s);
    if (bad) {
        salle__page_message(r, 400, TR("Not saved"), bad);
    } else {
        json_object_update(m, f.s);
        size_t n = json_object_size(m), k = 0;
        const char **ids = salle__xcalloc(n + 1, sizeof *ids);
        json_object_foreach(m, key, val)
            ids[k++] = key;
        if (store_set(x, r, hex, ids, (int)k) == 0) {
            char to[128];
            snprintf(to, sizeof to, "/interest/%s?saved=1", day);
            salle__resp_redirect(r, to);
        }
        free(ids);
    }
    json_decref(m);
    json_decref(f.s);
}

/* POST /interest/toggle (the script): one session on or off; JSON back. */
static void toggle_post(salle__ctx *x, salle__resp *r)
{
    char hex[65];
    unsigned char raw[32];
    ballot_form f;
    if (!ballot_post_ok(x, r, &f, hex, raw, 1)) {
        json_decref(f.s);
        return;
    }
    json_decref(f.s);
    salle__interest_cfg cfg;
    char why[200];
    if (!open_now(x->s, &cfg, why, sizeof why)) {
        salle__resp_error(r, 409, why, NULL);
        return;
    }
    int known = view_lock(x->s) && json_object_get(x->s->interest->index, f.session);
    view_unlock(x->s);
    if (!known) {
        salle__resp_error(r, 400, "there is no such session in the published programme; reload the page", NULL);
        return;
    }
    int on = strcmp(f.on, "1") == 0;
    mark_write w = {.hex = hex, .session = f.session, .on = on};
    if (write_marks(x->s, &w) < 0) {
        salle__resp_error(r, 500, salle__store_error(x->s->st), NULL);
        return;
    }
    json_t *m = marks_of(x->s, hex);
    salle__resp_json(r, 200, json_pack("{sssbsi}", "session", f.session, "marked", on, "count",
                                       (int)json_object_size(m)));
    json_decref(m);
}

/* GET /interest/keep/TOKEN: the link to keep puts that ballot in this browser. */
static void keep_get(salle__ctx *x, salle__resp *r, const char *token)
{
    char hex[65];
    unsigned char raw[32];
    if (ballot_of(x->s, token, hex, raw) < 0) {
        salle__page_message(r, 404, TR("This link does not work"), TR("Check that the whole address was copied."));
        return;
    }
    set_cookie(x, r, token);
    salle__resp_redirect(r, "/interest");
}

/* ---------------------------------------------------------------- the admin's and organizers' pages */

static const char *fullness_words(int att, int cap)
{
    if (cap <= 0 || att <= 0)
        return "";
    return att >= cap ? TR("Full") : att * 10 >= cap * 9 ? TR("Likely full") : "";
}

void salle__interest_admin_html(salle__ctx *x, salle__html_buf *b)
{
    salle__html_printf(b, "<h2 id=\"interest\">%s</h2>\n", TR("Attendee interest"));
    salle_interest_summary *sm;
    salle__interest_cfg cfg;
    salle_instance *inst = summary_of(x->s, &sm, &cfg);
    char why[200] = "";
    int open = salle__interest_open(x->s->st, &cfg, salle__now(), why, sizeof why);
    salle__html_printf(b, "<p>%s ", open ? TR("Collection is open.") : "");
    salle__html_esc(b, why);
    /* TRANSLATORS: %s is the link to the ballot pages */
    const char *at = TR("Attendees mark sessions at %s."), *as = strstr(at, "%s");
    salle__html_printf(b, " %.*s<a href=\"/interest\"><bdi>/interest</bdi></a>%s</p>\n", as ? (int)(as - at) : (int)strlen(at), at, as ? as + 2 : "");
    if (inst && sm) {
        salle__html_put(b, "<p>");
        salle__html_printf(b, TRN("%d ballot names at least one session.", "%d ballots name at least one session.", sm->nballots),
                           sm->nballots);
        salle__html_put(b, "</p>\n");
        int *order = salle__xmalloc(((size_t)inst->nsessions + 1) * sizeof *order), n = 0;
        for (int i = 0; i < inst->nsessions; i++)
            if (sm->count[i] > 0)
                order[n++] = i;
        for (int i = 1; i < n; i++) /* most marked first (insertion sort: stable, small n) */
            for (int j = i; j > 0 && sm->count[order[j]] > sm->count[order[j - 1]]; j--) {
                int t = order[j];
                order[j] = order[j - 1];
                order[j - 1] = t;
            }
        if (n > 0) {
            salle__html_printf(b, "<table>\n<caption>%s</caption>\n"
                               "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                               "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", TR("Marks per session, most marked first"),
                               TR("Session"), TR("Marks"), TR("Expected attendance"));
            for (int k = 0; k < n; k++) {
                const salle_session *se = &inst->sessions[order[k]];
                salle__html_put(b, "<tr><td>");
                salle__html_esc(b, se->id);
                salle__html_put(b, " ");
                salle__page_content(b, se->title ? se->title : "", se->language);
                salle__html_printf(b, "</td><td>%d</td><td>%d</td></tr>\n", sm->count[order[k]],
                                   se->attendance);
            }
            salle__html_put(b, "</tbody>\n</table>\n");
        }
        free(order);
        int np = sm->npairs < 10 ? sm->npairs : 10;
        if (np > 0) {
            salle__html_printf(b, "<table>\n<caption>%s</caption>\n<thead><tr>"
                               "<th scope=\"col\">%s</th><th scope=\"col\">%s"
                               "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr>"
                               "</thead>\n<tbody>\n", TR("The strongest co-interest pairs"), TR("Sessions"),
                               TR("People who marked both"), TR("Lift"), TR("Significant"));
            for (int k = 0; k < np; k++) {
                const salle_interest_pair *p = &sm->pairs[k];
                salle__html_put(b, "<tr><td>");
                salle__html_esc(b, inst->sessions[p->a].id);
                salle__html_printf(b, " %s ", TR("and"));
                salle__html_esc(b, inst->sessions[p->b].id);
                salle__html_printf(b, "</td><td>%d</td><td>%.2f</td><td>%s</td></tr>\n", p->count,
                                   p->lift, p->significant ? TR("yes") : TR("no"));
            }
            salle__html_put(b, "</tbody>\n</table>\n");
        }
    }
    summary_unlock(x->s);
    salle__html_printf(b, "<h3>%s</h3>\n"
                       "<form method=\"post\" action=\"/admin/interest\" novalidate>\n", TR("How interest feeds the next solve and re-plan"));
    char c[SALLE_TOKEN_TEXT];
    salle__auth_csrf(&x->s->auth, x->tok.hash, c);
    salle__html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", c);
    salle__html_printf(b, "<p><label for=\"turnout\">%s</label><br><span id=\"turnout-hint\" "
                          "class=\"hint\">%s</span><br>"
                          "<input type=\"text\" id=\"turnout\" name=\"turnout\" value=\"%g\" "
                          "aria-describedby=\"turnout-hint\"></p>\n", TR("Turnout factor"),
                       TR("Expected attendance is marks times this, never below the "
                          "organizers' own figure (default 1.0, docs/interest.md says why)"), cfg.turnout);
    salle__html_printf(b, "<div class=\"radio\"><input type=\"checkbox\" id=\"significant\" "
                          "name=\"significant\" value=\"1\"%s><label for=\"significant\">%s</label></div>\n",
                       cfg.significant ? " checked" : "", TR("Keep only "
                          "co-interest pairs that pass the significance test (at least 5 people, "
                          "lift 1.5, Benjamini-Hochberg q 0.05)"));
    char when[32] = "";
    if (cfg.closes > 0) {
        time_t t = (time_t)cfg.closes;
        struct tm tm;
        gmtime_r(&t, &tm);
        strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
    }
    salle__html_printf(b, "<p><label for=\"closes\">%s</label><br><span "
                          "id=\"closes-hint\" class=\"hint\">%s"
                          "</span><br><input type=\"text\" id=\"closes\" name=\"closes\" value=\"%s\" "
                          "aria-describedby=\"closes-hint\"></p>\n", TR("Collection closes (UTC)"),
                       TR("Such as 2026-06-01 18:00; empty: no date"), when);
    salle__html_printf(b, "<div class=\"radio\"><input type=\"checkbox\" id=\"close_next\" "
                          "name=\"close_next\" value=\"1\"%s><label for=\"close_next\">%s</label></div>\n",
                       cfg.close_after > 0 ? " checked" : "", TR("Close collection at the next publication"));
    salle__html_printf(b, "<button type=\"submit\">%s</button>\n</form>\n", TR("Save interest settings"));
}

static int session_of_ids(const json_t *mine, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(mine, i, v)
        if (strcmp(json_string_value(v), id) == 0)
            return 1;
    return 0;
}

void salle__interest_me_html(salle__ctx *x, salle__html_buf *b, const json_t *mine)
{
    salle_interest_summary *sm;
    salle__interest_cfg cfg;
    salle_instance *inst = summary_of(x->s, &sm, &cfg);
    if (!inst || !sm) {
        summary_unlock(x->s);
        return;
    }
    int have = view_lock(x->s);
    struct salle__interest_srv *v = x->s->interest;
    salle__html_printf(b, "<h2>%s</h2>\n<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">"
                       "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                       "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", TR("Who plans to attend"),
                       TR("Attendees' marks for your sessions"), TR("Session"), TR("Marks"), TR("Expected"),
                       TR("Room holds"), TR("Room"));
    for (int i = 0; i < inst->nsessions; i++) {
        const salle_session *se = &inst->sessions[i];
        if (!session_of_ids(mine, se->id))
            continue;
        json_t *a = have ? json_object_get(v->index, se->id) : NULL;
        const salle_room *room = a ? &v->inst->rooms[v->s->assign[json_integer_value(a)].room] : NULL;
        salle__html_put(b, "<tr><td>");
        salle__html_esc(b, se->id);
        salle__html_printf(b, "</td><td>%d</td><td>%d</td><td>", sm->count[i], se->attendance);
        if (room)
            salle__html_printf(b, "%d</td><td>", room->capacity);
        else
            salle__html_printf(b, "%s</td><td>", TR("not placed"));
        const char *w = room ? fullness_words(se->attendance, room->capacity) : "";
        if (w[0])
            salle__html_printf(b, "<strong>%s</strong>", w);
        else
            salle__html_put(b, TR("Has room"));
        salle__html_put(b, "</td></tr>\n");
    }
    view_unlock(x->s);
    /* xgettext:no-c-format */
    salle__html_printf(b, "</tbody>\n</table>\n<p class=\"hint\">%s</p>\n", TR("\"Likely full\": at least 90% of the "
                       "room's places are expected; \"Full\": as many people as places or more."));
    summary_unlock(x->s);
}

/* POST /admin/interest: the settings form. */
static void admin_post(salle__ctx *x, salle__resp *r)
{
    salle__form f;
    if (salle__form_parse(x, &f) < 0 || !salle__page_post_ok(x, r, &f, x->tok.hash)) {
        if (!r->body)
            salle__page_message(r, 400, TR("The form could not be read"), TR("Go back and send it again."));
        salle__form_free(&f);
        return;
    }
    salle__interest_cfg c;
    salle__interest_cfg_get(x->s->st, &c);
    const char *t = salle__form_get(&f, "turnout"), *cl = salle__form_get(&f, "closes");
    char *end = NULL;
    double tv = t ? strtod(t, &end) : c.turnout;
    const char *err = NULL;
    if (t && (end == t || *end || !(tv > 0 && tv <= 100)))
        err = TR("The turnout factor must be a number above 0 and at most 100, such as 0.8.");
    struct tm tm = {0};
    long long closes = 0;
    if (!err && cl && cl[0]) {
        const char *e2 = strptime(cl, "%Y-%m-%d %H:%M", &tm);
        if (!e2 || *e2)
            err = TR("The closing time must be written as YYYY-MM-DD HH:MM in UTC, such as 2026-06-01 18:00.");
        else
            closes = (long long)timegm(&tm);
    }
    if (err) {
        salle__page_message(r, 400, TR("Interest settings not saved"), err);
        salle__form_free(&f);
        return;
    }
    c.turnout = tv;
    c.significant = salle__form_get(&f, "significant") != NULL;
    c.closes = closes;
    int latest = latest_version(x->s->st);
    c.close_after = salle__form_get(&f, "close_next") ? (c.close_after > 0 ? c.close_after : latest) : 0;
    salle__form_free(&f);
    if (salle__interest_cfg_set(x->s->st, &c) < 0) {
        salle__page_message(r, 500, TR("Interest settings not saved"), salle__store_error(x->s->st));
        return;
    }
    salle__store_audit(x->s->st, "admin", "interest settings", NULL, NULL);
    salle__resp_redirect(r, "/admin#interest");
}

/* ---------------------------------------------------------------- routing */

int salle__interest_route(salle__ctx *x, salle__resp *r)
{
    const char *u = x->url;
    int get = is(x, "GET") || is(x, "HEAD"), post = is(x, "POST");
    if (strncmp(u, "/api/v1/interest", 16) == 0)
        return api_route(x, r);
    if (strcmp(u, "/_salle/interest.js") == 0 && get) {
        r->status = 200;
        r->body = salle__xstrdup(SCRIPT);
        r->len = strlen(SCRIPT);
        r->ctype = "text/javascript; charset=utf-8";
        r->cache = "public, max-age=3600";
        return 1;
    }
    if (strcmp(u, "/admin/interest") == 0 && post) {
        salle__who(x, 0);
        if (x->role != SALLE_ROLE_ADMIN)
            salle__page_message(r, 403, TR("Not allowed"), TR("This page is for the programme's administrators."));
        else
            admin_post(x, r);
        return 1;
    }
    if (strcmp(u, "/interest") == 0 && get)
        index_page(x, r);
    else if (strcmp(u, "/interest/toggle") == 0 && post)
        toggle_post(x, r);
    else if (strncmp(u, "/interest/keep/", 15) == 0 && get)
        keep_get(x, r, u + 15);
    else if (strncmp(u, "/interest/", 10) == 0 && strlen(u + 10) == 10 && get)
        day_page(x, r, u + 10);
    else if (strncmp(u, "/interest/", 10) == 0 && strlen(u + 10) == 10 && post)
        day_post(x, r, u + 10);
    else
        return 0;
    return 1;
}
