/*
 * store_db_sqlite.c: the SQLite driver beneath the store (store_db.h, docs/store.md): one file,
 * WAL journal (readers never wait for the writer), foreign keys on, synchronous=FULL so that an
 * answer that got its success response survives a power cut or SIGKILL, a busy timeout of 10 s.
 * Migrations are numbered; PRAGMA user_version records the last one applied.
 *
 * Each connection keeps the statements it finished, reset, in a small cache keyed by their SQL
 * text: store.c prepares the same few dozen statements over and over (every request of the server
 * runs several), and compiling one costs more than running it on a small table.
 */
#include "server/store_db.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    /* 3: attendee interest: one row per mark; the ballot is its token's keyed hash, in hex */
    "CREATE TABLE interest (ballot TEXT NOT NULL, session TEXT NOT NULL,"
    "  PRIMARY KEY (ballot, session));",
    /* 4: which process claimed a job or is sending a message (store_db.h, worker) */
    "ALTER TABLE jobs ADD COLUMN worker INTEGER NOT NULL DEFAULT 0;"
    "ALTER TABLE outbox ADD COLUMN worker INTEGER NOT NULL DEFAULT 0;",
    /* 5: the language each person's mail is written in: the one they last chose or signed in
     * with; and the language of each message, for the review page's lang attribute */
    "CREATE TABLE langs (person TEXT PRIMARY KEY, lang TEXT NOT NULL);"
    "ALTER TABLE outbox ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';",
    /* 6: the re-planner's reason of a move request as a code and its arguments (a JSON array,
     * server/reason.h), to say it in the reader's language; older rows keep their English words */
    "ALTER TABLE requests ADD COLUMN reason_code TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE requests ADD COLUMN reason_args TEXT NOT NULL DEFAULT '[]';",
};
#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

struct salle__dbq {
    sqlite3_stmt *s;
    sqlite3 *db;
    struct lite *owner;
    long long changes;
};

/* A connection: the handle and the statements not in use, most recently finished last. */
#define LITE_CACHE 48
typedef struct lite {
    sqlite3 *db;
    int ncached;
    salle__dbq *cached[LITE_CACHE];
} lite;

static sqlite3 *h(void *db) { return ((lite *)db)->db; }

static void *lite_open(const char *path, char *err, size_t errlen)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                        SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
        snprintf(err, errlen, "%s: cannot open the database: %s", path,
                 db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 10000);
    /* Settings, not schema: they hold for this connection. */
    static const char *const pragmas[] = {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON",
                                          "PRAGMA synchronous=FULL"};
    for (size_t i = 0; i < sizeof pragmas / sizeof pragmas[0]; i++) {
        sqlite3_stmt *s = NULL;
        int rc = sqlite3_prepare_v2(db, pragmas[i], -1, &s, NULL) == SQLITE_OK ? sqlite3_step(s)
                                                                                : SQLITE_ERROR;
        sqlite3_finalize(s);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
            snprintf(err, errlen, "%s: %s", path, sqlite3_errmsg(db));
            sqlite3_close(db);
            return NULL;
        }
    }
    lite *c = calloc(1, sizeof *c);
    if (!c) {
        snprintf(err, errlen, "%s: out of memory", path);
        sqlite3_close(db);
        return NULL;
    }
    c->db = db;
    return c;
}

static void lite_close(void *db)
{
    lite *c = db;
    if (!c)
        return;
    for (int i = 0; i < c->ncached; i++) {
        sqlite3_finalize(c->cached[i]->s);
        free(c->cached[i]);
    }
    sqlite3_close(c->db);
    free(c);
}

static const char *lite_errmsg(void *db) { return sqlite3_errmsg(h(db)); }

/* One process owns a SQLite file's migrations: BEGIN IMMEDIATE in each is enough. */
static int lite_schema_lock(void *db, int on)
{
    (void)db;
    (void)on;
    return 0;
}

static salle__dbq *lite_prepare(void *db, const char *sql)
{
    lite *c = db;
    for (int i = c->ncached - 1; i >= 0; i--)
        if (strcmp(sqlite3_sql(c->cached[i]->s), sql) == 0) {
            salle__dbq *q = c->cached[i];
            memmove(&c->cached[i], &c->cached[i + 1], (size_t)(c->ncached - 1 - i) * sizeof q);
            c->ncached--;
            q->changes = 0;
            return q;
        }
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
        return NULL;
    salle__dbq *q = calloc(1, sizeof *q);
    if (!q) {
        sqlite3_finalize(s);
        return NULL;
    }
    q->s = s;
    q->db = c->db;
    q->owner = c;
    return q;
}

static int lite_bind_text(salle__dbq *q, int i, const char *v)
{
    int rc = v ? sqlite3_bind_text(q->s, i, v, -1, SQLITE_TRANSIENT) : sqlite3_bind_null(q->s, i);
    return rc == SQLITE_OK ? 0 : -1;
}

static int lite_bind_int(salle__dbq *q, int i, long long v)
{
    return sqlite3_bind_int64(q->s, i, v) == SQLITE_OK ? 0 : -1;
}

static int lite_bind_blob(salle__dbq *q, int i, const void *p, int n)
{
    return sqlite3_bind_blob(q->s, i, p, n, SQLITE_TRANSIENT) == SQLITE_OK ? 0 : -1;
}

static int lite_step(salle__dbq *q)
{
    int rc = sqlite3_step(q->s);
    if (rc == SQLITE_ROW)
        return 1;
    if (rc == SQLITE_DONE) {
        q->changes = sqlite3_stmt_readonly(q->s) ? 0 : sqlite3_changes(q->db);
        return 0;
    }
    return -1;
}

static const char *lite_col_text(salle__dbq *q, int i)
{
    return (const char *)sqlite3_column_text(q->s, i);
}

static long long lite_col_int(salle__dbq *q, int i) { return sqlite3_column_int64(q->s, i); }

static const void *lite_col_blob(salle__dbq *q, int i, int *n)
{
    const void *p = sqlite3_column_blob(q->s, i);
    *n = sqlite3_column_bytes(q->s, i);
    return p;
}

static long long lite_changes(salle__dbq *q) { return q->changes; }

/* Back into the cache, reset (so that it holds no read transaction open) and unbound; the least
 * recently used one leaves when the cache is full. */
static void lite_finalize(salle__dbq *q)
{
    if (!q)
        return;
    lite *c = q->owner;
    sqlite3_reset(q->s);
    sqlite3_clear_bindings(q->s);
    if (c->ncached == LITE_CACHE) {
        sqlite3_finalize(c->cached[0]->s);
        free(c->cached[0]);
        memmove(&c->cached[0], &c->cached[1], (LITE_CACHE - 1) * sizeof q);
        c->ncached--;
    }
    c->cached[c->ncached++] = q;
}

static int lite_exec(void *db, const char *sql)
{
    return sqlite3_exec(h(db), sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static int lite_schema_version(void *db)
{
    sqlite3_stmt *s = NULL;
    int v = sqlite3_prepare_v2(h(db), "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK &&
                    sqlite3_step(s) == SQLITE_ROW
                ? sqlite3_column_int(s, 0)
                : -1;
    sqlite3_finalize(s);
    return v;
}

static int lite_migrate(void *conn, int to, char *err, size_t errlen)
{
    sqlite3 *db = h(conn);
    /* A migration is many statements: sqlite3_exec runs a fixed text, never user input. */
    char *msg = NULL, setv[64];
    snprintf(setv, sizeof setv, "PRAGMA user_version=%d", to);
    if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, migrations[to - 1], NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, setv, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(db, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
        snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db));
        sqlite3_free(msg);
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    return 0;
}

static int lite_begin(void *db) { return lite_exec(db, "BEGIN IMMEDIATE"); }
static int lite_commit(void *db) { return lite_exec(db, "COMMIT"); }
static int lite_rollback(void *db) { return lite_exec(db, "ROLLBACK"); }

static int lite_set_durable(void *db, int durable)
{
    static const char *const modes[] = {"PRAGMA synchronous=OFF", "PRAGMA synchronous=FULL",
                                        "PRAGMA synchronous=NORMAL"};
    return lite_exec(db, modes[durable]);
}

const salle__db_driver salle__db_sqlite = {
    .name = "SQLite",
    .open = lite_open,
    .close = lite_close,
    .errmsg = lite_errmsg,
    .nmigrations = NMIGRATIONS,
    .schema_lock = lite_schema_lock,
    .schema_version = lite_schema_version,
    .migrate = lite_migrate,
    .prepare = lite_prepare,
    .bind_text = lite_bind_text,
    .bind_int = lite_bind_int,
    .bind_blob = lite_bind_blob,
    .step = lite_step,
    .col_text = lite_col_text,
    .col_int = lite_col_int,
    .col_blob = lite_col_blob,
    .changes = lite_changes,
    .finalize = lite_finalize,
    .begin = lite_begin,
    .commit = lite_commit,
    .rollback = lite_rollback,
    .shared_generation = NULL, /* this process is the only writer */
    .set_durable = lite_set_durable,
    .skip_locked = "",
    .worker = "0",
    .worker_gone = "1 = 1",
};
