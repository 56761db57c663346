/*
 * store_sqlite.c: the SQLite backend of the server's store (store.h, docs/store.md).
 *
 * WAL journal (readers never wait for the writer), foreign keys on, synchronous=FULL so that an
 * answer that got its success response survives a power cut or SIGKILL. One connection under one
 * recursive lock: the server's writes are small and serialising them is what "one writer" means.
 * SQL is only ever prepared statements with bound parameters. Migrations are numbered and run in
 * order inside one transaction each; PRAGMA user_version records the last one applied.
 */
#include "server/store.h"

#include <pthread.h>
#include <stdarg.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct salle__store {
    sqlite3 *db;
    pthread_mutex_t lock;
    char err[512];
    unsigned long long generation; /* bumped by every statement that changed something */
    unsigned long long draft_generation; /* bumped by every change of the draft (and rollback) */
};

/* Each migration takes the store from version i to i + 1. Append; never edit an applied one. */
static const char *const migrations[] = {
    /* 1: the first schema */
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);"
    "CREATE TABLE draft (id INTEGER PRIMARY KEY CHECK (id = 1), instance TEXT NOT NULL,"
    "  schedule TEXT);"
    "CREATE TABLE versions (number INTEGER PRIMARY KEY, instance TEXT NOT NULL,"
    "  schedule TEXT NOT NULL, hard INTEGER NOT NULL, soft INTEGER NOT NULL, hash TEXT NOT NULL,"
    "  who TEXT NOT NULL, at INTEGER NOT NULL, note TEXT NOT NULL DEFAULT '');"
    "CREATE TRIGGER versions_immutable BEFORE UPDATE ON versions"
    "  BEGIN SELECT RAISE(ABORT, 'published versions are immutable'); END;"
    "CREATE TRIGGER versions_kept BEFORE DELETE ON versions"
    "  BEGIN SELECT RAISE(ABORT, 'published versions are immutable'); END;"
    "CREATE TABLE audit (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, who TEXT NOT NULL,"
    "  what TEXT NOT NULL, before TEXT, after TEXT);"
    "CREATE TABLE tokens (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, hash BLOB NOT NULL UNIQUE,"
    "  role TEXT NOT NULL, person TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL,"
    "  expires INTEGER NOT NULL DEFAULT 0, used INTEGER NOT NULL DEFAULT 0,"
    "  superseded INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE jobs (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, state TEXT NOT NULL,"
    "  input TEXT NOT NULL, result TEXT, progress INTEGER NOT NULL DEFAULT 0,"
    "  created INTEGER NOT NULL, updated INTEGER NOT NULL);"
    "CREATE TABLE proposals (id INTEGER PRIMARY KEY, schedule TEXT NOT NULL, report TEXT NOT NULL,"
    "  who TEXT NOT NULL, at INTEGER NOT NULL);"
    "CREATE TABLE requests (id INTEGER PRIMARY KEY,"
    "  proposal INTEGER NOT NULL REFERENCES proposals(id), session TEXT NOT NULL,"
    "  state TEXT NOT NULL CHECK (state IN ('pending','accepted','declined','superseded','withdrawn')),"
    "  from_room TEXT NOT NULL, from_start TEXT NOT NULL, to_room TEXT NOT NULL,"
    "  to_start TEXT NOT NULL, reason TEXT NOT NULL, got_room TEXT NOT NULL DEFAULT '',"
    "  got_start TEXT NOT NULL DEFAULT '', answered_by TEXT NOT NULL DEFAULT '',"
    "  on_behalf INTEGER NOT NULL DEFAULT 0, note TEXT NOT NULL DEFAULT '',"
    "  answered INTEGER NOT NULL DEFAULT 0, published INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX requests_session ON requests(session, state);"
    "CREATE TABLE declined (session TEXT PRIMARY KEY);"
    "CREATE TABLE emails (person TEXT PRIMARY KEY, email TEXT NOT NULL);",
    /* 2: the outbox */
    "CREATE TABLE outbox (id INTEGER PRIMARY KEY, proposal INTEGER NOT NULL REFERENCES proposals(id),"
    "  person TEXT NOT NULL, email TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL,"
    "  ics TEXT NOT NULL DEFAULT '',"
    "  state TEXT NOT NULL CHECK (state IN ('draft','approved','sending','sent','failed','replaced')),"
    "  attempts INTEGER NOT NULL DEFAULT 0, next_attempt INTEGER NOT NULL DEFAULT 0,"
    "  error TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL, sent INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX outbox_state ON outbox(state, next_attempt);",
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

static void lock(salle__store *st) { pthread_mutex_lock(&st->lock); }
static void unlock(salle__store *st) { pthread_mutex_unlock(&st->lock); }

static int fail(salle__store *st)
{
    snprintf(st->err, sizeof st->err, "%s", sqlite3_errmsg(st->db));
    return -1;
}

/* Prepares sql, binding the arguments described by types: 't' text, 'i' int64, 'b' blob (pointer,
 * then length as int). The caller steps and finalizes. */
static sqlite3_stmt *prep(salle__store *st, const char *sql, const char *types, ...)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
        fail(st);
        return NULL;
    }
    va_list ap;
    va_start(ap, types);
    for (int i = 0; types && types[i]; i++) {
        int rc;
        if (types[i] == 't') {
            const char *v = va_arg(ap, const char *);
            rc = v ? sqlite3_bind_text(s, i + 1, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(s, i + 1);
        } else if (types[i] == 'i') {
            rc = sqlite3_bind_int64(s, i + 1, va_arg(ap, long long));
        } else {
            const void *p = va_arg(ap, const void *);
            int n = va_arg(ap, int);
            rc = sqlite3_bind_blob(s, i + 1, p, n, SQLITE_TRANSIENT);
        }
        if (rc != SQLITE_OK) {
            fail(st);
            sqlite3_finalize(s);
            va_end(ap);
            return NULL;
        }
    }
    va_end(ap);
    return s;
}

/* Runs a statement that returns no rows. */
static int exec_stmt(salle__store *st, sqlite3_stmt *s)
{
    if (!s)
        return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE && sqlite3_changes(st->db) > 0)
        __atomic_add_fetch(&st->generation, 1, __ATOMIC_SEQ_CST);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? 0 : fail(st);
}

static char *col_text(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? strdup((const char *)t) : NULL;
}

static void col_copy(sqlite3_stmt *s, int i, char *buf, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    snprintf(buf, cap, "%s", t ? (const char *)t : "");
}

salle__store *salle__store_open(const char *path, char *err, size_t errlen)
{
    salle__store *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&st->lock, &a);
    pthread_mutexattr_destroy(&a);
    if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: cannot open the database: %s", path,
                 st->db ? sqlite3_errmsg(st->db) : "out of memory");
        salle__store_close(st);
        return NULL;
    }
    sqlite3_busy_timeout(st->db, 10000);
    /* Settings, not schema: they hold for this connection. */
    static const char *const pragmas[] = {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON",
                                          "PRAGMA synchronous=FULL"};
    for (size_t i = 0; i < sizeof pragmas / sizeof pragmas[0]; i++) {
        sqlite3_stmt *s = prep(st, pragmas[i], NULL);
        int rc = s ? sqlite3_step(s) : SQLITE_ERROR;
        sqlite3_finalize(s);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(st->db));
            salle__store_close(st);
            return NULL;
        }
    }
    int v = salle__store_schema_version(st);
    if (v > NMIGRATIONS) {
        snprintf(err, errlen, "%s: the database is at schema version %d, newer than this salle "
                 "knows (%d); use a newer salle", path, v, NMIGRATIONS);
        salle__store_close(st);
        return NULL;
    }
    for (; v < NMIGRATIONS; v++) {
        /* A migration is many statements: sqlite3_exec runs a fixed text, never user input. */
        char *msg = NULL, setv[64];
        snprintf(setv, sizeof setv, "PRAGMA user_version=%d", v + 1);
        if (sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(st->db, migrations[v], NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(st->db, setv, NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(st->db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
            snprintf(err, errlen, "%s: migration to schema version %d failed: %s", path, v + 1,
                     msg ? msg : sqlite3_errmsg(st->db));
            sqlite3_free(msg);
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            salle__store_close(st);
            return NULL;
        }
    }
    return st;
}

void salle__store_close(salle__store *st)
{
    if (!st)
        return;
    sqlite3_close(st->db);
    pthread_mutex_destroy(&st->lock);
    free(st);
}

int salle__store_schema_version(salle__store *st)
{
    lock(st);
    sqlite3_stmt *s = prep(st, "PRAGMA user_version", NULL);
    int v = s && sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    unlock(st);
    return v;
}

const char *salle__store_error(salle__store *st) { return st->err; }

unsigned long long salle__store_generation(salle__store *st)
{
    return __atomic_load_n(&st->generation, __ATOMIC_SEQ_CST);
}

unsigned long long salle__store_draft_generation(salle__store *st)
{
    return __atomic_load_n(&st->draft_generation, __ATOMIC_SEQ_CST);
}

int salle__store_set_durable(salle__store *st, int durable)
{
    lock(st);
    static const char *const modes[] = {"PRAGMA synchronous=OFF", "PRAGMA synchronous=FULL",
                                        "PRAGMA synchronous=NORMAL"};
    int rc = durable < 0 || durable > 2 ? -1 : exec_stmt(st, prep(st, modes[durable], NULL));
    unlock(st);
    return rc;
}

int salle__store_begin(salle__store *st)
{
    lock(st);
    if (exec_stmt(st, prep(st, "BEGIN IMMEDIATE", NULL)) < 0) {
        unlock(st);
        return -1;
    }
    return 0;
}

int salle__store_commit(salle__store *st)
{
    int rc = exec_stmt(st, prep(st, "COMMIT", NULL));
    if (rc < 0)
        exec_stmt(st, prep(st, "ROLLBACK", NULL));
    unlock(st);
    return rc;
}

void salle__store_rollback(salle__store *st)
{
    __atomic_add_fetch(&st->generation, 1, __ATOMIC_SEQ_CST); /* what was read inside may be gone */
    __atomic_add_fetch(&st->draft_generation, 1, __ATOMIC_SEQ_CST);
    exec_stmt(st, prep(st, "ROLLBACK", NULL));
    unlock(st);
}

/* ---------------------------------------------------------------- meta */

int salle__store_meta_get(salle__store *st, const char *key, void *buf, size_t cap)
{
    lock(st);
    sqlite3_stmt *s = prep(st, "SELECT value FROM meta WHERE key = ?", "t", key);
    int n = -1;
    if (s && sqlite3_step(s) == SQLITE_ROW) {
        n = sqlite3_column_bytes(s, 0);
        if ((size_t)n > cap)
            n = (int)cap;
        memcpy(buf, sqlite3_column_blob(s, 0), (size_t)n);
    }
    sqlite3_finalize(s);
    unlock(st);
    return n;
}

int salle__store_meta_set(salle__store *st, const char *key, const void *v, size_t len)
{
    lock(st);
    int rc = exec_stmt(st, prep(st, "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) "
                                    "DO UPDATE SET value = excluded.value", "tb", key, v, (int)len));
    unlock(st);
    return rc;
}

/* ---------------------------------------------------------------- draft */

int salle__store_draft_get(salle__store *st, char **instance, char **schedule)
{
    lock(st);
    sqlite3_stmt *s = prep(st, "SELECT instance, schedule FROM draft WHERE id = 1", NULL);
    int rc = -1;
    if (s && sqlite3_step(s) == SQLITE_ROW) {
        *instance = col_text(s, 0);
        if (schedule)
            *schedule = col_text(s, 1);
        rc = 0;
    }
    sqlite3_finalize(s);
    unlock(st);
    return rc;
}

int salle__store_draft_set(salle__store *st, const char *instance, const char *schedule)
{
    lock(st);
    int rc = exec_stmt(st, prep(st, "INSERT INTO draft (id, instance, schedule) VALUES (1, ?, ?) "
                                    "ON CONFLICT(id) DO UPDATE SET instance = excluded.instance, "
                                    "schedule = excluded.schedule", "tt", instance, schedule));
    __atomic_add_fetch(&st->draft_generation, 1, __ATOMIC_SEQ_CST);
    unlock(st);
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
             number > 0 ? "WHERE number = ?" : "WHERE ? = ? ORDER BY number DESC LIMIT 1");
    sqlite3_stmt *s = number > 0 ? prep(st, sql, "i", (long long)number)
                                 : prep(st, sql, "ii", 0LL, 0LL);
    int rc = -1;
    if (s && sqlite3_step(s) == SQLITE_ROW) {
        v->number = sqlite3_column_int(s, 0);
        v->instance = col_text(s, 1);
        v->schedule = col_text(s, 2);
        v->hard = (long)sqlite3_column_int64(s, 3);
        v->soft = (long)sqlite3_column_int64(s, 4);
        v->hash = col_text(s, 5);
        v->who = col_text(s, 6);
        v->at = sqlite3_column_int64(s, 7);
        v->note = col_text(s, 8);
        rc = 0;
    }
    sqlite3_finalize(s);
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
    lock(st);
    int n = -1;
    sqlite3_stmt *s = prep(st, "SELECT COALESCE(MAX(number), 0) + 1 FROM versions", NULL);
    if (s && sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    if (n > 0 && exec_stmt(st, prep(st, "INSERT INTO versions (number, instance, schedule, hard, "
                                        "soft, hash, who, at, note) VALUES (?,?,?,?,?,?,?,?,?)",
                                    "ittiittit", (long long)n, v->instance, v->schedule,
                                    (long long)v->hard, (long long)v->soft, v->hash, v->who,
                                    v->at, v->note ? v->note : "")) < 0)
        n = -1;
    unlock(st);
    return n;
}

/* ---------------------------------------------------------------- audit */

int salle__store_audit(salle__store *st, const char *who, const char *what, const char *before,
                       const char *after)
{
    lock(st);
    int rc = exec_stmt(st, prep(st, "INSERT INTO audit (at, who, what, before, after) VALUES "
                                    "(strftime('%s','now'), ?, ?, ?, ?)", "tttt", who, what,
                                before, after));
    unlock(st);
    return rc;
}

int salle__store_audit_count(salle__store *st, const char *what)
{
    lock(st);
    sqlite3_stmt *s = prep(st, "SELECT COUNT(*) FROM audit WHERE what = ?", "t", what);
    int n = s && sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    unlock(st);
    return n;
}

/* ---------------------------------------------------------------- tokens */

long long salle__store_token_add(salle__store *st, const salle__token *t)
{
    lock(st);
    long long id = -1;
    if (t->kind == SALLE_TOKEN_LINK &&
        exec_stmt(st, prep(st, "UPDATE tokens SET superseded = 1 WHERE kind = ? AND role = ? AND "
                               "person = ? AND used = 0", "itt", (long long)t->kind, t->role,
                           t->person)) < 0)
        goto out;
    if (exec_stmt(st, prep(st, "INSERT INTO tokens (kind, hash, role, person, created, expires) "
                               "VALUES (?, ?, ?, ?, ?, ?)", "ibttii", (long long)t->kind, t->hash,
                           32, t->role, t->person, t->created, t->expires)) == 0)
        id = sqlite3_last_insert_rowid(st->db);
out:
    unlock(st);
    return id;
}

int salle__store_token_find(salle__store *st, const unsigned char hash[32], salle__token *t)
{
    memset(t, 0, sizeof *t);
    lock(st);
    sqlite3_stmt *s = prep(st, "SELECT id, kind, hash, role, person, created, expires, used, "
                               "superseded FROM tokens WHERE hash = ?", "b", hash, 32);
    int rc = -1;
    if (s && sqlite3_step(s) == SQLITE_ROW && sqlite3_column_bytes(s, 2) == 32) {
        t->id = sqlite3_column_int64(s, 0);
        t->kind = sqlite3_column_int(s, 1);
        memcpy(t->hash, sqlite3_column_blob(s, 2), 32);
        col_copy(s, 3, t->role, sizeof t->role);
        col_copy(s, 4, t->person, sizeof t->person);
        t->created = sqlite3_column_int64(s, 5);
        t->expires = sqlite3_column_int64(s, 6);
        t->used = sqlite3_column_int64(s, 7);
        t->superseded = sqlite3_column_int(s, 8);
        rc = 0;
    }
    sqlite3_finalize(s);
    unlock(st);
    return rc;
}

int salle__store_token_use(salle__store *st, long long id, long long at)
{
    lock(st);
    /* Only an unused token becomes used: two answers racing with one link cannot both win. */
    sqlite3_stmt *s = prep(st, "UPDATE tokens SET used = ? WHERE id = ? AND used = 0", "ii", at, id);
    int rc = s && sqlite3_step(s) == SQLITE_DONE && sqlite3_changes(st->db) == 1 ? 0 : -1;
    sqlite3_finalize(s);
    if (rc == 0)
        __atomic_add_fetch(&st->generation, 1, __ATOMIC_SEQ_CST);
    unlock(st);
    return rc;
}

int salle__store_token_revoke(salle__store *st, long long id)
{
    lock(st);
    int rc = exec_stmt(st, prep(st, "DELETE FROM tokens WHERE id = ?", "i", id));
    unlock(st);
    return rc;
}

/* ---------------------------------------------------------------- jobs */

long long salle__store_job_add(salle__store *st, const char *kind, const char *input, long long at)
{
    lock(st);
    long long id = -1;
    if (exec_stmt(st, prep(st, "INSERT INTO jobs (kind, state, input, created, updated) VALUES "
                               "(?, 'queued', ?, ?, ?)", "ttii", kind, input, at, at)) == 0)
        id = sqlite3_last_insert_rowid(st->db);
    unlock(st);
    return id;
}

static int job_row(sqlite3_stmt *s, salle__job *j)
{
    memset(j, 0, sizeof *j);
    if (!s || sqlite3_step(s) != SQLITE_ROW)
        return -1;
    j->id = sqlite3_column_int64(s, 0);
    col_copy(s, 1, j->kind, sizeof j->kind);
    col_copy(s, 2, j->state, sizeof j->state);
    j->input = col_text(s, 3);
    j->result = col_text(s, 4);
    j->progress = sqlite3_column_int(s, 5);
    j->created = sqlite3_column_int64(s, 6);
    j->updated = sqlite3_column_int64(s, 7);
    return 0;
}

#define JOB_COLS "SELECT id, kind, state, input, result, progress, created, updated FROM jobs "

int salle__store_job_get(salle__store *st, long long id, salle__job *j)
{
    lock(st);
    sqlite3_stmt *s = prep(st, JOB_COLS "WHERE id = ?", "i", id);
    int rc = job_row(s, j);
    sqlite3_finalize(s);
    unlock(st);
    return rc;
}

int salle__store_job_next(salle__store *st, salle__job *j)
{
    lock(st);
    sqlite3_stmt *s = prep(st, JOB_COLS "WHERE state = 'queued' ORDER BY id LIMIT 1", NULL);
    int rc = job_row(s, j);
    sqlite3_finalize(s);
    unlock(st);
    return rc;
}

int salle__store_job_set(salle__store *st, long long id, const char *state, int progress,
                         const char *result, long long at)
{
    lock(st);
    int rc = exec_stmt(st, prep(st, "UPDATE jobs SET state = ?, progress = ?, result = ?, "
                                    "updated = ? WHERE id = ?", "titii", state,
                                (long long)progress, result, at, id));
    unlock(st);
    return rc;
}

int salle__store_job_requeue(salle__store *st)
{
    lock(st);
    int rc = exec_stmt(st, prep(st, "UPDATE jobs SET state = 'queued', progress = 0 WHERE state = "
                                    "'running'", NULL));
    unlock(st);
    return rc;
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
    lock(st);
    long long id = -1;
    if (exec_stmt(st, prep(st, "INSERT INTO proposals (schedule, report, who, at) VALUES "
                               "(?, ?, ?, ?)", "ttti", schedule, report, who, at)) == 0)
        id = sqlite3_last_insert_rowid(st->db);
    unlock(st);
    return id;
}

long long salle__store_request_add(salle__store *st, const salle__request *r)
{
    lock(st);
    long long id = -1;
    if (exec_stmt(st, prep(st, "INSERT INTO requests (proposal, session, state, from_room, "
                               "from_start, to_room, to_start, reason) VALUES (?,?,'pending',?,?,?,?,?)",
                           "itttttt", r->proposal, r->session, r->from_room, r->from_start,
                           r->to_room, r->to_start, r->reason ? r->reason : "")) == 0)
        id = sqlite3_last_insert_rowid(st->db);
    unlock(st);
    return id;
}

#define REQ_COLS "SELECT id, proposal, session, state, from_room, from_start, to_room, to_start, " \
                 "reason, got_room, got_start, answered_by, on_behalf, note, answered, published " \
                 "FROM requests "

static void request_row(sqlite3_stmt *s, salle__request *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(s, 0);
    r->proposal = sqlite3_column_int64(s, 1);
    col_copy(s, 2, r->session, sizeof r->session);
    col_copy(s, 3, r->state, sizeof r->state);
    col_copy(s, 4, r->from_room, sizeof r->from_room);
    col_copy(s, 5, r->from_start, sizeof r->from_start);
    col_copy(s, 6, r->to_room, sizeof r->to_room);
    col_copy(s, 7, r->to_start, sizeof r->to_start);
    r->reason = col_text(s, 8);
    col_copy(s, 9, r->got_room, sizeof r->got_room);
    col_copy(s, 10, r->got_start, sizeof r->got_start);
    col_copy(s, 11, r->answered_by, sizeof r->answered_by);
    r->on_behalf = sqlite3_column_int(s, 12);
    r->note = col_text(s, 13);
    r->answered = sqlite3_column_int64(s, 14);
    r->published = sqlite3_column_int(s, 15);
}

int salle__store_request_get(salle__store *st, long long id, salle__request *r)
{
    lock(st);
    sqlite3_stmt *s = prep(st, REQ_COLS "WHERE id = ?", "i", id);
    int rc = -1;
    if (s && sqlite3_step(s) == SQLITE_ROW) {
        request_row(s, r);
        rc = 0;
    }
    sqlite3_finalize(s);
    unlock(st);
    return rc;
}

int salle__store_request_list(salle__store *st, const char *filter, salle__request **out)
{
    lock(st);
    sqlite3_stmt *s = filter ? prep(st, REQ_COLS "WHERE state = ? ORDER BY id", "t", filter)
                             : prep(st, REQ_COLS "ORDER BY id", NULL);
    int n = 0, cap = 0;
    salle__request *v = NULL;
    while (s && sqlite3_step(s) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            salle__request *nv = realloc(v, (size_t)cap * sizeof *v);
            if (!nv) {
                fprintf(stderr, "salle: out of memory\n");
                abort();
            }
            v = nv;
        }
        request_row(s, &v[n++]);
    }
    sqlite3_finalize(s);
    unlock(st);
    *out = v;
    return n;
}

int salle__store_request_answer(salle__store *st, const salle__request *r)
{
    lock(st);
    /* Only a pending request takes an answer: the state moves once, whoever answers first. */
    sqlite3_stmt *s = prep(st, "UPDATE requests SET state = ?, got_room = ?, got_start = ?, "
                               "answered_by = ?, on_behalf = ?, note = ?, answered = ? "
                               "WHERE id = ? AND state = 'pending'", "ttttitii", r->state,
                           r->got_room, r->got_start, r->answered_by, (long long)r->on_behalf,
                           r->note ? r->note : "", r->answered, r->id);
    int rc = s && sqlite3_step(s) == SQLITE_DONE && sqlite3_changes(st->db) == 1 ? 0 : -1;
    if (!s || rc < 0)
        fail(st);
    else
        __atomic_add_fetch(&st->generation, 1, __ATOMIC_SEQ_CST);
    sqlite3_finalize(s);
    unlock(st);
    return rc;
}

int salle__store_request_close_pending(salle__store *st, const char *session, const char *state)
{
    lock(st);
    int rc = session ? exec_stmt(st, prep(st, "UPDATE requests SET state = ? WHERE state = "
                                              "'pending' AND session = ?", "tt", state, session))
                     : exec_stmt(st, prep(st, "UPDATE requests SET state = ? WHERE state = "
                                              "'pending'", "t", state));
    unlock(st);
    return rc;
}

int salle__store_request_mark_published(salle__store *st, int version)
{
    lock(st);
    int rc = exec_stmt(st, prep(st, "UPDATE requests SET published = ? WHERE state = 'accepted' "
                                    "AND published = 0", "i", (long long)version));
    unlock(st);
    return rc;
}

void salle__store_request_clear(salle__request *r)
{
    free(r->reason);
    free(r->note);
    r->reason = r->note = NULL;
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
    lock(st);
    int rc = declined ? exec_stmt(st, prep(st, "INSERT OR IGNORE INTO declined (session) VALUES (?)",
                                           "t", session))
                      : exec_stmt(st, prep(st, "DELETE FROM declined WHERE session = ?", "t", session));
    unlock(st);
    return rc;
}

int salle__store_declined_get(salle__store *st, const char *session)
{
    lock(st);
    sqlite3_stmt *s = prep(st, "SELECT 1 FROM declined WHERE session = ?", "t", session);
    int d = s && sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    unlock(st);
    return d;
}

int salle__store_email_set(salle__store *st, const char *person, const char *email)
{
    lock(st);
    int rc = exec_stmt(st, prep(st, "INSERT INTO emails (person, email) VALUES (?, ?) ON "
                                    "CONFLICT(person) DO UPDATE SET email = excluded.email", "tt",
                                person, email));
    unlock(st);
    return rc;
}

int salle__store_email_get(salle__store *st, const char *person, char *buf, size_t cap)
{
    lock(st);
    sqlite3_stmt *s = prep(st, "SELECT email FROM emails WHERE person = ?", "t", person);
    int rc = -1;
    if (s && sqlite3_step(s) == SQLITE_ROW) {
        col_copy(s, 0, buf, cap);
        rc = 0;
    }
    sqlite3_finalize(s);
    unlock(st);
    return rc;
}

/* ---------------------------------------------------------------- outbox */

long long salle__store_outbox_add(salle__store *st, const salle__mail *m)
{
    lock(st);
    long long id = -1;
    /* a newer proposal's message replaces the person's older ones not yet sent */
    if (exec_stmt(st, prep(st, "UPDATE outbox SET state = 'replaced' WHERE person = ? AND state IN "
                               "('draft', 'approved')", "t", m->person)) == 0 &&
        exec_stmt(st, prep(st, "INSERT INTO outbox (proposal, person, email, subject, body, ics, "
                               "state, created) VALUES (?, ?, ?, ?, ?, ?, 'draft', ?)", "ittttti",
                           m->proposal, m->person, m->email, m->subject, m->body, m->ics,
                           m->created)) == 0)
        id = sqlite3_last_insert_rowid(st->db);
    unlock(st);
    return id;
}

#define MAIL_COLS "SELECT id, proposal, person, email, subject, body, ics, state, attempts, " \
                  "next_attempt, error, created, sent FROM outbox "

static void mail_row(sqlite3_stmt *s, salle__mail *m)
{
    memset(m, 0, sizeof *m);
    m->id = sqlite3_column_int64(s, 0);
    m->proposal = sqlite3_column_int64(s, 1);
    col_copy(s, 2, m->person, sizeof m->person);
    col_copy(s, 3, m->email, sizeof m->email);
    m->subject = col_text(s, 4);
    m->body = col_text(s, 5);
    m->ics = col_text(s, 6);
    col_copy(s, 7, m->state, sizeof m->state);
    m->attempts = sqlite3_column_int(s, 8);
    m->next_attempt = sqlite3_column_int64(s, 9);
    col_copy(s, 10, m->error, sizeof m->error);
    m->created = sqlite3_column_int64(s, 11);
    m->sent = sqlite3_column_int64(s, 12);
}

int salle__store_outbox_list(salle__store *st, salle__mail **out)
{
    lock(st);
    sqlite3_stmt *s = prep(st, MAIL_COLS "WHERE state != 'replaced' ORDER BY id", NULL);
    int n = 0, cap = 0;
    salle__mail *v = NULL;
    while (s && sqlite3_step(s) == SQLITE_ROW) {
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            salle__mail *nv = realloc(v, (size_t)cap * sizeof *v);
            if (!nv)
                abort();
            v = nv;
        }
        mail_row(s, &v[n++]);
    }
    sqlite3_finalize(s);
    unlock(st);
    *out = v;
    return n;
}

int salle__store_outbox_claim(salle__store *st, long long now, salle__mail *m)
{
    lock(st);
    int rc = -1;
    sqlite3_stmt *s = prep(st, MAIL_COLS "WHERE state = 'approved' AND next_attempt <= ? ORDER BY id "
                                         "LIMIT 1", "i", now);
    if (s && sqlite3_step(s) == SQLITE_ROW) {
        mail_row(s, m);
        rc = 0;
    }
    sqlite3_finalize(s);
    /* 'sending' is written before the message goes out: a crash mid-send never sends it again */
    if (rc == 0 && exec_stmt(st, prep(st, "UPDATE outbox SET state = 'sending', attempts = attempts + 1 "
                                          "WHERE id = ?", "i", m->id)) < 0)
        rc = -1;
    if (rc == 0)
        m->attempts++;
    unlock(st);
    return rc;
}

int salle__store_outbox_set(salle__store *st, long long id, const char *state, long long next,
                            const char *error, long long sent)
{
    lock(st);
    int rc = exec_stmt(st, prep(st, "UPDATE outbox SET state = ?, next_attempt = ?, error = ?, sent = ? "
                                    "WHERE id = ?", "titii", state, next, error ? error : "",
                                sent, id));
    unlock(st);
    return rc;
}

int salle__store_outbox_approve(salle__store *st)
{
    lock(st);
    sqlite3_stmt *s = prep(st, "UPDATE outbox SET state = 'approved' WHERE state = 'draft' AND "
                               "email != ''", NULL);
    int n = s && sqlite3_step(s) == SQLITE_DONE ? sqlite3_changes(st->db) : -1;
    if (n > 0)
        __atomic_add_fetch(&st->generation, 1, __ATOMIC_SEQ_CST);
    sqlite3_finalize(s);
    unlock(st);
    return n;
}

int salle__store_outbox_interrupted(salle__store *st)
{
    lock(st);
    int rc = exec_stmt(st, prep(st, "UPDATE outbox SET state = 'failed', error = 'the server stopped "
                                    "while sending it; it may or may not have arrived, so it is not "
                                    "sent again' WHERE state = 'sending'", NULL));
    unlock(st);
    return rc;
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
