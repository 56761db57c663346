/*
 * store.c: the server's store (store.h, docs/store.md): every store function's logic and SQL,
 * once, over the tiny driver of store_db.h: SQLite for a file path (store_db_sqlite.c),
 * PostgreSQL for a postgresql:// or postgres:// URL (store_db_pg.c). The SQL here is the part
 * both dialects share; where they differ (a claim's FOR UPDATE SKIP LOCKED, which process holds a
 * job) the driver hands over the fragment.
 *
 * One connection under one recursive lock per process. Every write is one transaction: inside
 * salle__store_begin it joins that one, otherwise it makes its own, so that on PostgreSQL it also
 * takes the one-writer lock (store_db.h). Only the claims of a job or an e-mail run without it:
 * one UPDATE each whose row is chosen with FOR UPDATE SKIP LOCKED, so that several processes
 * never take the same one.
 */
#include "server/store.h"
#include "server/store_db.h"
#include "base/internal.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct salle__store {
    const salle__db_driver *d;
    void *db;
    pthread_mutex_t lock;
    int in_tx; /* inside a transaction (salle__store_begin, or a write's own) */
    char err[512];
    unsigned long long generation; /* bumped by every statement that changed something */
    unsigned long long draft_generation; /* bumped by every change of the draft (and rollback) */
    /* PostgreSQL: a second connection, opened on first use, that only reads what other
     * processes committed (shared_generation), under its own lock, so that a request checking
     * its caches does not wait for the store's lock while a commit is in flight. */
    char *target;
    pthread_mutex_t gen_lock;
    pthread_cond_t gen_read;
    void *gen_db;
    int gen_failed; /* it could not be opened: the store's own connection reads the counter */
    int gen_reading; /* a read is in flight */
    unsigned long long gen_started, gen_done, gen_value; /* reads begun, the last one ended, its count */
};

static void lock(salle__store *st) { pthread_mutex_lock(&st->lock); }
static void unlock(salle__store *st) { pthread_mutex_unlock(&st->lock); }

static int fail(salle__store *st)
{
    snprintf(st->err, sizeof st->err, "%s", st->d->errmsg(st->db));
    return -1;
}

static void bump(salle__store *st) { __atomic_add_fetch(&st->generation, 1, __ATOMIC_SEQ_CST); }

/* Prepares sql, binding the arguments described by types: 't' text, 'i' int64, 'b' blob (pointer,
 * then length as int). The caller steps and finalizes. */
static salle__dbq *vprep(salle__store *st, const char *sql, const char *types, va_list ap)
{
    salle__dbq *s = st->d->prepare(st->db, sql);
    if (!s) {
        fail(st);
        return NULL;
    }
    for (int i = 0; types && types[i]; i++) {
        int rc;
        if (types[i] == 't') {
            rc = st->d->bind_text(s, i + 1, va_arg(ap, const char *));
        } else if (types[i] == 'i') {
            rc = st->d->bind_int(s, i + 1, va_arg(ap, long long));
        } else {
            const void *p = va_arg(ap, const void *);
            int n = va_arg(ap, int);
            rc = st->d->bind_blob(s, i + 1, p, n);
        }
        if (rc < 0) {
            fail(st);
            st->d->finalize(s);
            return NULL;
        }
    }
    return s;
}

static salle__dbq *prep(salle__store *st, const char *sql, const char *types, ...)
{
    va_list ap;
    va_start(ap, types);
    salle__dbq *s = vprep(st, sql, types, ap);
    va_end(ap);
    return s;
}

static int row(salle__store *st, salle__dbq *s)
{
    int rc = st->d->step(s);
    if (rc < 0)
        fail(st);
    return rc == 1;
}

static int done(salle__store *st, salle__dbq *s)
{
    int rc = st->d->step(s);
    if (rc < 0)
        fail(st);
    if (rc == 0 && st->d->changes(s) > 0)
        bump(st);
    return rc == 0;
}

static void fin(salle__store *st, salle__dbq *s)
{
    if (s)
        st->d->finalize(s);
}

/* The rows the finished statement changed. */
static long long changes(salle__store *st, salle__dbq *s) { return st->d->changes(s); }

/* Runs a statement that returns no rows. */
static int exec_stmt(salle__store *st, salle__dbq *s)
{
    if (!s)
        return -1;
    int ok = done(st, s);
    fin(st, s);
    return ok ? 0 : -1;
}

/* Runs an INSERT ... RETURNING id; the new id or -1. */
static long long insert_id(salle__store *st, salle__dbq *s)
{
    long long id = -1;
    if (s && row(st, s)) {
        id = st->d->col_int(s, 0);
        if (!done(st, s))
            id = -1;
        bump(st);
    }
    fin(st, s);
    return id;
}

static long long col_int(salle__store *st, salle__dbq *s, int i) { return st->d->col_int(s, i); }

static char *col_text(salle__store *st, salle__dbq *s, int i)
{
    const char *t = st->d->col_text(s, i);
    return t ? strdup(t) : NULL;
}

static void col_copy(salle__store *st, salle__dbq *s, int i, char *buf, size_t cap)
{
    const char *t = st->d->col_text(s, i);
    snprintf(buf, cap, "%s", t ? t : "");
}

/* Every write is one transaction (see the top): wbegin returns 1 when it began one, 0 when it
 * joins salle__store_begin's, -1 on error (then the lock is not held). */
static int wbegin(salle__store *st)
{
    lock(st);
    if (st->in_tx)
        return 0;
    if (st->d->begin(st->db) < 0) {
        fail(st);
        unlock(st);
        return -1;
    }
    st->in_tx = 1;
    return 1;
}

/* Ends what wbegin began: commits when ok, else rolls back. Returns ok, or 0 when the commit failed. */
static int wend(salle__store *st, int own, int ok)
{
    if (own == 1) {
        st->in_tx = 0;
        if (ok && st->d->commit(st->db) < 0) {
            fail(st);
            st->d->rollback(st->db);
            ok = 0;
        } else if (!ok) {
            st->d->rollback(st->db);
            bump(st);
        }
    }
    unlock(st);
    return ok;
}

/* Runs one statement that writes, as its own transaction or inside the caller's: the rows it
 * changed, or -1. */
static long long write1(salle__store *st, const char *sql, const char *types, ...)
{
    int own = wbegin(st);
    if (own < 0)
        return -1;
    va_list ap;
    va_start(ap, types);
    salle__dbq *s = vprep(st, sql, types, ap);
    va_end(ap);
    long long n = s && done(st, s) ? changes(st, s) : -1;
    fin(st, s);
    return wend(st, own, n >= 0) ? n : -1;
}

static int is_pg_url(const char *target)
{
    return strncmp(target, "postgresql://", 13) == 0 || strncmp(target, "postgres://", 11) == 0;
}

void salle__store_label(const char *target, char *buf, size_t cap)
{
    if (is_pg_url(target))
        salle__db_pg_redact(target, buf, cap);
    else
        snprintf(buf, cap, "%s", target);
}

salle__store *salle__store_open(const char *path, char *err, size_t errlen)
{
    salle__store *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    st->d = is_pg_url(path) ? &salle__db_pg : &salle__db_sqlite;
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&st->lock, &a);
    pthread_mutexattr_destroy(&a);
    pthread_mutex_init(&st->gen_lock, NULL);
    pthread_cond_init(&st->gen_read, NULL);
    st->target = salle__xstrdup(path);
    st->db = st->d->open(path, err, errlen);
    if (!st->db) {
        salle__store_close(st);
        return NULL;
    }
    /* A PostgreSQL URL may carry a password: name it without. */
    char name[300];
    salle__store_label(path, name, sizeof name);
    int rc = st->d->schema_lock(st->db, 1);
    int v = rc < 0 ? -1 : st->d->schema_version(st->db);
    if (v < 0) {
        snprintf(err, errlen, "%s: cannot read the schema version: %s", name,
                 st->d->errmsg(st->db));
    } else if (v > st->d->nmigrations) {
        snprintf(err, errlen, "%s: the database is at schema version %d, newer than this salle "
                 "knows (%d); use a newer salle", name, v, st->d->nmigrations);
        v = -1;
    }
    for (; v >= 0 && v < st->d->nmigrations; v++) {
        char msg[400] = "";
        if (st->d->migrate(st->db, v + 1, msg, sizeof msg) < 0) {
            snprintf(err, errlen, "%s: migration to schema version %d failed: %s", name, v + 1, msg);
            v = -1;
        }
    }
    if (rc == 0)
        st->d->schema_lock(st->db, 0);
    if (v < 0) {
        salle__store_close(st);
        return NULL;
    }
    return st;
}

void salle__store_close(salle__store *st)
{
    if (!st)
        return;
    if (st->db)
        st->d->close(st->db);
    if (st->gen_db)
        st->d->close(st->gen_db);
    pthread_mutex_destroy(&st->lock);
    pthread_mutex_destroy(&st->gen_lock);
    pthread_cond_destroy(&st->gen_read);
    free(st->target);
    free(st);
}

int salle__store_schema_version(salle__store *st)
{
    lock(st);
    int v = st->d->schema_version(st->db);
    unlock(st);
    return v;
}

const char *salle__store_error(salle__store *st) { return st->err; }

/* What other processes committed (PostgreSQL), read on the second connection (gen_db); 0 when
 * the driver has no shared counter (SQLite: this process is the only writer). Either way a
 * request checking its caches never queues behind a commit's fsync on the store's lock. The
 * second connection sees only committed counts, this process's own too once committed: caches
 * are then rebuilt more often than needed, never less (the local counters move at once).
 * Callers that arrive together share one read, as writes share a commit: a caller takes the
 * count of the first read that began after it arrived, which is as fresh as one of its own. */
static unsigned long long shared_generation(salle__store *st)
{
    if (!st->d->shared_generation)
        return 0;
    pthread_mutex_lock(&st->gen_lock);
    unsigned long long need = st->gen_started + 1;
    while (st->gen_done < need) {
        if (st->gen_reading) {
            pthread_cond_wait(&st->gen_read, &st->gen_lock);
            continue;
        }
        st->gen_reading = 1;
        unsigned long long k = ++st->gen_started;
        if (!st->gen_db && !st->gen_failed) {
            char err[256];
            st->gen_db = st->d->open(st->target, err, sizeof err);
            st->gen_failed = !st->gen_db;
        }
        pthread_mutex_unlock(&st->gen_lock);
        unsigned long long n;
        if (st->gen_db) {
            n = st->d->shared_generation(st->gen_db);
        } else {
            lock(st);
            n = st->d->shared_generation(st->db);
            unlock(st);
        }
        pthread_mutex_lock(&st->gen_lock);
        if (n > st->gen_value)
            st->gen_value = n;
        st->gen_done = k;
        st->gen_reading = 0;
        pthread_cond_broadcast(&st->gen_read);
    }
    unsigned long long shared = st->gen_value;
    pthread_mutex_unlock(&st->gen_lock);
    return shared;
}

unsigned long long salle__store_generation(salle__store *st)
{
    /* Others' commits count too (PostgreSQL): both numbers only grow, so their sum changes
     * whenever either does. */
    unsigned long long shared = shared_generation(st);
    return __atomic_load_n(&st->generation, __ATOMIC_SEQ_CST) + shared;
}

unsigned long long salle__store_draft_generation(salle__store *st)
{
    /* Another process's change of the draft shows only in the shared counter (PostgreSQL), which
     * others' answers move too: the draft's derivations are then rebuilt more often than needed,
     * never less. */
    unsigned long long shared = shared_generation(st);
    return __atomic_load_n(&st->draft_generation, __ATOMIC_SEQ_CST) + shared;
}

int salle__store_set_durable(salle__store *st, int durable)
{
    lock(st);
    int rc = durable < 0 || durable > 2 ? -1 : st->d->set_durable(st->db, durable);
    if (rc < 0 && durable >= 0 && durable <= 2)
        fail(st);
    unlock(st);
    return rc;
}

int salle__store_begin(salle__store *st)
{
    lock(st);
    if (st->d->begin(st->db) < 0) {
        fail(st);
        unlock(st);
        return -1;
    }
    st->in_tx = 1;
    return 0;
}

int salle__store_commit(salle__store *st)
{
    int rc = st->d->commit(st->db);
    if (rc < 0) {
        fail(st);
        st->d->rollback(st->db);
    }
    st->in_tx = 0;
    unlock(st);
    return rc;
}

void salle__store_rollback(salle__store *st)
{
    bump(st); /* what was read inside may be gone */
    __atomic_add_fetch(&st->draft_generation, 1, __ATOMIC_SEQ_CST);
    st->d->rollback(st->db);
    st->in_tx = 0;
    unlock(st);
}

/* ---------------------------------------------------------------- meta */

int salle__store_meta_get(salle__store *st, const char *key, void *buf, size_t cap)
{
    lock(st);
    salle__dbq *s = prep(st, "SELECT value FROM meta WHERE key = ?", "t", key);
    int n = -1;
    if (s && row(st, s)) {
        const void *p = st->d->col_blob(s, 0, &n);
        if ((size_t)n > cap)
            n = (int)cap;
        memcpy(buf, p, (size_t)n);
    }
    fin(st, s);
    unlock(st);
    return n;
}

int salle__store_meta_set(salle__store *st, const char *key, const void *v, size_t len)
{
    return write1(st, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) "
                  "DO UPDATE SET value = excluded.value", "tb", key, v, (int)len) < 0 ? -1 : 0;
}

int salle__store_meta_init(salle__store *st, const char *key, const void *v, size_t len)
{
    return write1(st, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) "
                  "DO NOTHING", "tb", key, v, (int)len) < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- draft */

int salle__store_draft_get(salle__store *st, char **instance, char **schedule)
{
    lock(st);
    salle__dbq *s = prep(st, "SELECT instance, schedule FROM draft WHERE id = 1", NULL);
    int rc = -1;
    if (s && row(st, s)) {
        *instance = col_text(st, s, 0);
        if (schedule)
            *schedule = col_text(st, s, 1);
        rc = 0;
    }
    fin(st, s);
    unlock(st);
    return rc;
}

int salle__store_draft_set(salle__store *st, const char *instance, const char *schedule)
{
    int rc = write1(st, "INSERT INTO draft (id, instance, schedule) VALUES (1, ?, ?) "
                    "ON CONFLICT(id) DO UPDATE SET instance = excluded.instance, "
                    "schedule = excluded.schedule", "tt", instance, schedule) < 0 ? -1 : 0;
    __atomic_add_fetch(&st->draft_generation, 1, __ATOMIC_SEQ_CST);
    return rc;
}

/* ---------------------------------------------------------------- versions */

int salle__store_version_get(salle__store *st, int number, salle__version *v)
{
    memset(v, 0, sizeof *v);
    lock(st);
    const char *cols = "SELECT number, instance, schedule, hard, soft, hash, who, at, note FROM versions ";
    char sql[256];
    snprintf(sql, sizeof sql, "%s%s", cols,
             number > 0 ? "WHERE number = ?" : "ORDER BY number DESC LIMIT 1");
    salle__dbq *s = number > 0 ? prep(st, sql, "i", (long long)number) : prep(st, sql, NULL);
    int rc = -1;
    if (s && row(st, s)) {
        v->number = (int)col_int(st, s, 0);
        v->instance = col_text(st, s, 1);
        v->schedule = col_text(st, s, 2);
        v->hard = (long)col_int(st, s, 3);
        v->soft = (long)col_int(st, s, 4);
        v->hash = col_text(st, s, 5);
        v->who = col_text(st, s, 6);
        v->at = col_int(st, s, 7);
        v->note = col_text(st, s, 8);
        rc = 0;
    }
    fin(st, s);
    unlock(st);
    return rc;
}

void salle__store_version_clear(salle__version *v)
{
    free(v->instance);
    free(v->schedule);
    free(v->hash);
    free(v->who);
    free(v->note);
    memset(v, 0, sizeof *v);
}

int salle__store_version_add(salle__store *st, const salle__version *v)
{
    int own = wbegin(st);
    if (own < 0)
        return -1;
    int n = -1;
    salle__dbq *s = prep(st, "SELECT COALESCE(MAX(number), 0) + 1 FROM versions", NULL);
    if (s && row(st, s))
        n = (int)col_int(st, s, 0);
    fin(st, s);
    if (n > 0 && exec_stmt(st, prep(st, "INSERT INTO versions (number, instance, schedule, hard, "
                                        "soft, hash, who, at, note) VALUES (?,?,?,?,?,?,?,?,?)",
                                    "ittiittit", (long long)n, v->instance, v->schedule,
                                    (long long)v->hard, (long long)v->soft, v->hash, v->who,
                                    v->at, v->note ? v->note : "")) < 0)
        n = -1;
    return wend(st, own, n > 0) ? n : -1;
}

/* ---------------------------------------------------------------- audit */

int salle__store_audit(salle__store *st, const char *who, const char *what, const char *before,
                       const char *after)
{
    return write1(st, "INSERT INTO audit (at, who, what, before, after) VALUES "
                  "(?, ?, ?, ?, ?)", "itttt", (long long)time(NULL), who, what,
                  before, after) < 0 ? -1 : 0;
}

int salle__store_audit_count(salle__store *st, const char *what)
{
    lock(st);
    salle__dbq *s = prep(st, "SELECT COUNT(*) FROM audit WHERE what = ?", "t", what);
    int n = s && row(st, s) ? (int)col_int(st, s, 0) : -1;
    fin(st, s);
    unlock(st);
    return n;
}

/* ---------------------------------------------------------------- tokens */

long long salle__store_token_add(salle__store *st, const salle__token *t)
{
    int own = wbegin(st);
    if (own < 0)
        return -1;
    long long id = -1;
    if (t->kind == SALLE_TOKEN_LINK &&
        exec_stmt(st, prep(st, "UPDATE tokens SET superseded = 1 WHERE kind = ? AND role = ? AND "
                               "person = ? AND used = 0", "itt", (long long)t->kind, t->role,
                           t->person)) < 0)
        goto out;
    id = insert_id(st, prep(st, "INSERT INTO tokens (kind, hash, role, person, created, expires) "
                                "VALUES (?, ?, ?, ?, ?, ?) RETURNING id", "ibttii",
                            (long long)t->kind, t->hash, 32, t->role, t->person, t->created,
                            t->expires));
out:
    return wend(st, own, id > 0) ? id : -1;
}

int salle__store_token_find(salle__store *st, const unsigned char hash[32], salle__token *t)
{
    memset(t, 0, sizeof *t);
    lock(st);
    salle__dbq *s = prep(st, "SELECT id, kind, hash, role, person, created, expires, used, "
                               "superseded FROM tokens WHERE hash = ?", "b", hash, 32);
    int rc = -1;
    int hn = 0;
    const void *h = s && row(st, s) ? st->d->col_blob(s, 2, &hn) : NULL;
    if (h && hn == 32) {
        t->id = col_int(st, s, 0);
        t->kind = (int)col_int(st, s, 1);
        memcpy(t->hash, h, 32);
        col_copy(st, s, 3, t->role, sizeof t->role);
        col_copy(st, s, 4, t->person, sizeof t->person);
        t->created = col_int(st, s, 5);
        t->expires = col_int(st, s, 6);
        t->used = col_int(st, s, 7);
        t->superseded = (int)col_int(st, s, 8);
        rc = 0;
    }
    fin(st, s);
    unlock(st);
    return rc;
}

int salle__store_token_use(salle__store *st, long long id, long long at)
{
    /* Only an unused token becomes used: two answers racing with one link cannot both win. */
    return write1(st, "UPDATE tokens SET used = ? WHERE id = ? AND used = 0", "ii", at, id) == 1
                  ? 0 : -1;
}

int salle__store_token_revoke(salle__store *st, long long id)
{
    return write1(st, "DELETE FROM tokens WHERE id = ?", "i", id) < 0 ? -1 : 0;
}

/* ---------------------------------------------------------------- jobs */

long long salle__store_job_add(salle__store *st, const char *kind, const char *input, long long at)
{
    int own = wbegin(st);
    if (own < 0)
        return -1;
    long long id = insert_id(st, prep(st, "INSERT INTO jobs (kind, state, input, created, updated) "
                                          "VALUES (?, 'queued', ?, ?, ?) RETURNING id", "ttii",
                                      kind, input, at, at));
    return wend(st, own, id > 0) ? id : -1;
}

static int job_row(salle__store *st, salle__dbq *s, salle__job *j)
{
    memset(j, 0, sizeof *j);
    if (!s || !row(st, s))
        return -1;
    j->id = col_int(st, s, 0);
    col_copy(st, s, 1, j->kind, sizeof j->kind);
    col_copy(st, s, 2, j->state, sizeof j->state);
    j->input = col_text(st, s, 3);
    j->result = col_text(st, s, 4);
    j->progress = (int)col_int(st, s, 5);
    j->created = col_int(st, s, 6);
    j->updated = col_int(st, s, 7);
    return 0;
}

#define JOB_COLS "SELECT id, kind, state, input, result, progress, created, updated FROM jobs "

int salle__store_job_get(salle__store *st, long long id, salle__job *j)
{
    lock(st);
    salle__dbq *s = prep(st, JOB_COLS "WHERE id = ?", "i", id);
    int rc = job_row(st, s, j);
    fin(st, s);
    unlock(st);
    return rc;
}

int salle__store_job_next(salle__store *st, salle__job *j)
{
    /* One statement claims the job: with several processes on one PostgreSQL, SKIP LOCKED lets
     * each take a different one and never two the same. */
    char sql[512];
    snprintf(sql, sizeof sql, "UPDATE jobs SET state = 'running', progress = 0, worker = %s, "
             "updated = ? WHERE id = (SELECT id FROM jobs WHERE state = 'queued' ORDER BY id "
             "LIMIT 1%s) RETURNING id, kind, state, input, result, progress, created, updated",
             st->d->worker, st->d->skip_locked);
    lock(st);
    salle__dbq *s = prep(st, sql, "i", (long long)time(NULL));
    int rc = job_row(st, s, j);
    if (rc == 0 && !done(st, s))
        rc = -1;
    fin(st, s);
    unlock(st);
    if (rc == 0)
        bump(st);
    return rc;
}

int salle__store_job_set(salle__store *st, long long id, const char *state, int progress,
                         const char *result, long long at)
{
    return write1(st, "UPDATE jobs SET state = ?, progress = ?, result = ?, "
                  "updated = ? WHERE id = ?", "titii", state,
                  (long long)progress, result, at, id) < 0 ? -1 : 0;
}

int salle__store_job_requeue(salle__store *st)
{
    char sql[256];
    snprintf(sql, sizeof sql, "UPDATE jobs SET state = 'queued', progress = 0 WHERE state = "
             "'running' AND %s", st->d->worker_gone);
    return write1(st, sql, NULL) < 0 ? -1 : 0;
}

void salle__store_job_clear(salle__job *j)
{
    free(j->input);
    free(j->result);
    j->input = j->result = NULL;
}

/* ---------------------------------------------------------------- proposals and requests */

long long salle__store_proposal_add(salle__store *st, const char *schedule, const char *report,
                                    const char *who, long long at)
{
    int own = wbegin(st);
    if (own < 0)
        return -1;
    long long id = insert_id(st, prep(st, "INSERT INTO proposals (schedule, report, who, at) "
                                          "VALUES (?, ?, ?, ?) RETURNING id", "ttti", schedule,
                                      report, who, at));
    return wend(st, own, id > 0) ? id : -1;
}

long long salle__store_request_add(salle__store *st, const salle__request *r)
{
    int own = wbegin(st);
    if (own < 0)
        return -1;
    long long id = insert_id(st, prep(st, "INSERT INTO requests (proposal, session, state, "
                                          "from_room, from_start, to_room, to_start, reason, "
                                          "reason_code, reason_args) "
                                          "VALUES (?,?,'pending',?,?,?,?,?,?,?) RETURNING id",
                                      "itttttttt", r->proposal, r->session, r->from_room,
                                      r->from_start, r->to_room, r->to_start,
                                      r->reason ? r->reason : "", r->reason_code,
                                      r->reason_args ? r->reason_args : "[]"));
    return wend(st, own, id > 0) ? id : -1;
}

#define REQ_COLS "SELECT id, proposal, session, state, from_room, from_start, to_room, to_start, " \
                 "reason, got_room, got_start, answered_by, on_behalf, note, answered, published, " \
                 "reason_code, reason_args " \
                 "FROM requests "

static void request_row(salle__store *st, salle__dbq *s, salle__request *r)
{
    memset(r, 0, sizeof *r);
    r->id = col_int(st, s, 0);
    r->proposal = col_int(st, s, 1);
    col_copy(st, s, 2, r->session, sizeof r->session);
    col_copy(st, s, 3, r->state, sizeof r->state);
    col_copy(st, s, 4, r->from_room, sizeof r->from_room);
    col_copy(st, s, 5, r->from_start, sizeof r->from_start);
    col_copy(st, s, 6, r->to_room, sizeof r->to_room);
    col_copy(st, s, 7, r->to_start, sizeof r->to_start);
    r->reason = col_text(st, s, 8);
    col_copy(st, s, 9, r->got_room, sizeof r->got_room);
    col_copy(st, s, 10, r->got_start, sizeof r->got_start);
    col_copy(st, s, 11, r->answered_by, sizeof r->answered_by);
    r->on_behalf = (int)col_int(st, s, 12);
    r->note = col_text(st, s, 13);
    r->answered = col_int(st, s, 14);
    r->published = (int)col_int(st, s, 15);
    col_copy(st, s, 16, r->reason_code, sizeof r->reason_code);
    r->reason_args = col_text(st, s, 17);
}

int salle__store_request_get(salle__store *st, long long id, salle__request *r)
{
    lock(st);
    salle__dbq *s = prep(st, REQ_COLS "WHERE id = ?", "i", id);
    int rc = -1;
    if (s && row(st, s)) {
        request_row(st, s, r);
        rc = 0;
    }
    fin(st, s);
    unlock(st);
    return rc;
}

int salle__store_request_list(salle__store *st, const char *filter, salle__request **out)
{
    lock(st);
    salle__dbq *s = filter ? prep(st, REQ_COLS "WHERE state = ? ORDER BY id", "t", filter)
                             : prep(st, REQ_COLS "ORDER BY id", NULL);
    int n = 0, cap = 0;
    salle__request *v = NULL;
    while (s && row(st, s)) {
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            salle__request *nv = realloc(v, (size_t)cap * sizeof *v);
            if (!nv) {
                fprintf(stderr, "salle: out of memory\n");
                abort();
            }
            v = nv;
        }
        request_row(st, s, &v[n++]);
    }
    fin(st, s);
    unlock(st);
    *out = v;
    return n;
}

int salle__store_request_answer(salle__store *st, const salle__request *r)
{
    /* Only a pending request takes an answer: the state moves once, whoever answers first. */
    return write1(st, "UPDATE requests SET state = ?, got_room = ?, got_start = ?, "
                  "answered_by = ?, on_behalf = ?, note = ?, answered = ? "
                  "WHERE id = ? AND state = 'pending'", "ttttitii", r->state,
                  r->got_room, r->got_start, r->answered_by, (long long)r->on_behalf,
                  r->note ? r->note : "", r->answered, r->id) == 1 ? 0 : -1;
}

int salle__store_request_close_pending(salle__store *st, const char *session, const char *state)
{
    long long n = session ? write1(st, "UPDATE requests SET state = ? WHERE state = "
                                       "'pending' AND session = ?", "tt", state, session)
                          : write1(st, "UPDATE requests SET state = ? WHERE state = "
                                       "'pending'", "t", state);
    return n < 0 ? -1 : 0;
}

int salle__store_request_mark_published(salle__store *st, int version)
{
    return write1(st, "UPDATE requests SET published = ? WHERE state = 'accepted' "
                  "AND published = 0", "i", (long long)version) < 0 ? -1 : 0;
}

void salle__store_request_clear(salle__request *r)
{
    free(r->reason);
    free(r->note);
    free(r->reason_args);
    r->reason = r->note = r->reason_args = NULL;
}

void salle__store_request_list_free(salle__request *v, int n)
{
    for (int i = 0; i < n; i++)
        salle__store_request_clear(&v[i]);
    free(v);
}

/* ---------------------------------------------------------------- declined, e-mail */

int salle__store_declined_set(salle__store *st, const char *session, int declined)
{
    long long n = declined ? write1(st, "INSERT INTO declined (session) VALUES (?) "
                                        "ON CONFLICT (session) DO NOTHING", "t", session)
                           : write1(st, "DELETE FROM declined WHERE session = ?", "t", session);
    return n < 0 ? -1 : 0;
}

int salle__store_declined_get(salle__store *st, const char *session)
{
    lock(st);
    salle__dbq *s = prep(st, "SELECT 1 FROM declined WHERE session = ?", "t", session);
    int d = s && row(st, s);
    fin(st, s);
    unlock(st);
    return d;
}

int salle__store_email_set(salle__store *st, const char *person, const char *email)
{
    return write1(st, "INSERT INTO emails (person, email) VALUES (?, ?) ON "
                  "CONFLICT(person) DO UPDATE SET email = excluded.email", "tt",
                  person, email) < 0 ? -1 : 0;
}

/* The one text column that sql (with one text parameter, key) selects, copied into buf: 0, or -1
 * when there is no such row. */
static int get_text(salle__store *st, const char *sql, const char *key, char *buf, size_t cap)
{
    lock(st);
    salle__dbq *s = prep(st, sql, "t", key);
    int rc = -1;
    if (s && row(st, s)) {
        col_copy(st, s, 0, buf, cap);
        rc = 0;
    }
    fin(st, s);
    unlock(st);
    return rc;
}

int salle__store_email_get(salle__store *st, const char *person, char *buf, size_t cap)
{
    return get_text(st, "SELECT email FROM emails WHERE person = ?", person, buf, cap);
}

int salle__store_lang_set(salle__store *st, const char *person, const char *lang)
{
    return write1(st, "INSERT INTO langs (person, lang) VALUES (?, ?) ON "
                  "CONFLICT(person) DO UPDATE SET lang = excluded.lang", "tt",
                  person, lang) < 0 ? -1 : 0;
}

int salle__store_lang_get(salle__store *st, const char *person, char *buf, size_t cap)
{
    return get_text(st, "SELECT lang FROM langs WHERE person = ?", person, buf, cap);
}

/* ---------------------------------------------------------------- outbox */

long long salle__store_outbox_add(salle__store *st, const salle__mail *m)
{
    int own = wbegin(st);
    if (own < 0)
        return -1;
    long long id = -1;
    /* a newer proposal's message replaces the person's older ones not yet sent */
    if (exec_stmt(st, prep(st, "UPDATE outbox SET state = 'replaced' WHERE person = ? AND state IN "
                               "('draft', 'approved')", "t", m->person)) == 0)
        id = insert_id(st, prep(st, "INSERT INTO outbox (proposal, person, email, subject, body, "
                                    "ics, state, created, lang) VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?) "
                                    "RETURNING id", "itttttit", m->proposal, m->person, m->email,
                                m->subject, m->body, m->ics, m->created, m->lang[0] ? m->lang : "en"));
    return wend(st, own, id > 0) ? id : -1;
}

#define MAIL_LIST "id, proposal, person, email, subject, body, ics, state, attempts, " \
                  "next_attempt, error, created, sent, lang"
#define MAIL_COLS "SELECT " MAIL_LIST " FROM outbox "

static void mail_row(salle__store *st, salle__dbq *s, salle__mail *m)
{
    memset(m, 0, sizeof *m);
    m->id = col_int(st, s, 0);
    m->proposal = col_int(st, s, 1);
    col_copy(st, s, 2, m->person, sizeof m->person);
    col_copy(st, s, 3, m->email, sizeof m->email);
    m->subject = col_text(st, s, 4);
    m->body = col_text(st, s, 5);
    m->ics = col_text(st, s, 6);
    col_copy(st, s, 7, m->state, sizeof m->state);
    m->attempts = (int)col_int(st, s, 8);
    m->next_attempt = col_int(st, s, 9);
    col_copy(st, s, 10, m->error, sizeof m->error);
    m->created = col_int(st, s, 11);
    m->sent = col_int(st, s, 12);
    col_copy(st, s, 13, m->lang, sizeof m->lang);
}

int salle__store_outbox_list(salle__store *st, salle__mail **out)
{
    lock(st);
    salle__dbq *s = prep(st, MAIL_COLS "WHERE state != 'replaced' ORDER BY id", NULL);
    int n = 0, cap = 0;
    salle__mail *v = NULL;
    while (s && row(st, s)) {
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            salle__mail *nv = realloc(v, (size_t)cap * sizeof *v);
            if (!nv)
                abort();
            v = nv;
        }
        mail_row(st, s, &v[n++]);
    }
    fin(st, s);
    unlock(st);
    *out = v;
    return n;
}

int salle__store_outbox_claim(salle__store *st, long long now, salle__mail *m)
{
    /* 'sending' is written before the message goes out: a crash mid-send never sends it again.
     * One statement claims it; SKIP LOCKED keeps two processes from claiming the same one. */
    char sql[512];
    snprintf(sql, sizeof sql, "UPDATE outbox SET state = 'sending', attempts = attempts + 1, "
             "worker = %s WHERE id = (SELECT id FROM outbox WHERE state = 'approved' AND "
             "next_attempt <= ? ORDER BY id LIMIT 1%s) RETURNING " MAIL_LIST, st->d->worker,
             st->d->skip_locked);
    lock(st);
    int rc = -1;
    salle__dbq *s = prep(st, sql, "i", now);
    if (s && row(st, s)) {
        mail_row(st, s, m);
        rc = done(st, s) ? 0 : -1;
    }
    fin(st, s);
    unlock(st);
    if (rc == 0)
        bump(st);
    return rc;
}

int salle__store_outbox_set(salle__store *st, long long id, const char *state, long long next,
                            const char *error, long long sent)
{
    return write1(st, "UPDATE outbox SET state = ?, next_attempt = ?, error = ?, sent = ? "
                  "WHERE id = ?", "titii", state, next, error ? error : "", sent, id) < 0
                  ? -1 : 0;
}

int salle__store_outbox_approve(salle__store *st)
{
    return (int)write1(st, "UPDATE outbox SET state = 'approved' WHERE state = 'draft' AND "
                           "email != ''", NULL);
}

int salle__store_outbox_interrupted(salle__store *st)
{
    /* Only the messages of a process that stopped: the others may be on their way now. */
    char sql[512];
    snprintf(sql, sizeof sql, "UPDATE outbox SET state = 'failed', error = 'the server stopped "
             "while sending it; it may or may not have arrived, so it is not sent again' WHERE "
             "state = 'sending' AND %s", st->d->worker_gone);
    return write1(st, sql, NULL) < 0 ? -1 : 0;
}

void salle__store_mail_clear(salle__mail *m)
{
    free(m->subject);
    free(m->body);
    free(m->ics);
    m->subject = m->body = m->ics = NULL;
}

void salle__store_mail_list_free(salle__mail *v, int n)
{
    for (int i = 0; i < n; i++)
        salle__store_mail_clear(&v[i]);
    free(v);
}

/* ---------------------------------------------------------------- attendee interest */

/* Interest writes do not change the generation: nothing memo.c derives reads them, and at a
 * collection's peak they would otherwise throw those answers away thousands of times a second.
 * (On PostgreSQL the interest table has no change-counter trigger, for the same reason.) */
static int exec_quiet(salle__store *st, salle__dbq *s)
{
    if (!s)
        return -1;
    int rc = st->d->step(s);
    if (rc < 0)
        fail(st);
    fin(st, s);
    return rc == 0 ? 0 : -1;
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Only the difference is written: a toggle's set differs from the stored one by one mark, so a
 * write is one INSERT or DELETE rather than the whole set again. */
int salle__store_interest_set(salle__store *st, const char *ballot, const char *const *sessions,
                              int n)
{
    lock(st);
    int rc = 0, nw = 0, nh = 0, caph = 32;
    const char **want = salle__xmalloc(((size_t)n + 1) * sizeof *want);
    char **have = salle__xmalloc((size_t)caph * sizeof *have);
    for (int i = 0; i < n; i++)
        want[i] = sessions[i];
    qsort(want, (size_t)n, sizeof *want, cmp_cstr);
    for (int i = 0; i < n; i++) /* once each */
        if (nw == 0 || strcmp(want[nw - 1], want[i]) != 0)
            want[nw++] = want[i];
    salle__dbq *q = prep(st, "SELECT session FROM interest WHERE ballot = ?", "t", ballot);
    int step = q ? 1 : -1;
    while (q && (step = st->d->step(q)) == 1) {
        if (nh == caph)
            have = salle__xrealloc(have, (size_t)(caph *= 2) * sizeof *have);
        have[nh++] = salle__xstrdup(st->d->col_text(q, 0));
    }
    if (step != 0)
        rc = fail(st);
    fin(st, q);
    qsort(have, (size_t)nh, sizeof *have, cmp_cstr);
    for (int i = 0, k = 0; rc == 0 && (i < nw || k < nh);) {
        int c = i >= nw ? 1 : k >= nh ? -1 : strcmp(want[i], have[k]);
        if (c < 0)
            rc = exec_quiet(st, prep(st, "INSERT INTO interest (ballot, session) VALUES (?, ?)",
                                     "tt", ballot, want[i]));
        else if (c > 0)
            rc = exec_quiet(st, prep(st, "DELETE FROM interest WHERE ballot = ? AND session = ?",
                                     "tt", ballot, have[k]));
        i += c <= 0;
        k += c >= 0;
    }
    for (int k = 0; k < nh; k++)
        free(have[k]);
    free(have);
    free(want);
    unlock(st);
    return rc;
}

int salle__store_interest_mark(salle__store *st, const char *ballot, const char *session, int on)
{
    lock(st);
    int rc = exec_quiet(st, prep(st, "DELETE FROM interest WHERE ballot = ? AND session = ?", "tt",
                                 ballot, session));
    if (rc == 0 && on)
        rc = exec_quiet(st, prep(st, "INSERT INTO interest (ballot, session) VALUES (?, ?)", "tt",
                                 ballot, session));
    unlock(st);
    return rc;
}

int salle__store_interest_each(salle__store *st, const char *ballot,
                               void (*cb)(void *arg, const char *ballot, const char *session),
                               void *arg)
{
    lock(st);
    salle__dbq *s = ballot ? prep(st, "SELECT ballot, session FROM interest WHERE ballot = ? "
                                      "ORDER BY ballot, session", "t", ballot)
                           : prep(st, "SELECT ballot, session FROM interest ORDER BY ballot, "
                                      "session", NULL);
    int n = s ? 0 : -1, rc = 0;
    while (s && (rc = st->d->step(s)) == 1) {
        cb(arg, st->d->col_text(s, 0), st->d->col_text(s, 1));
        n++;
    }
    if (s && rc != 0)
        n = fail(st);
    fin(st, s);
    unlock(st);
    return n;
}
