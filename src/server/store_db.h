/*
 * store_db.h: the tiny driver beneath the store (docs/store.md, Backends). store.c holds every
 * store function's logic and SQL once; a driver only prepares a statement, binds text, integer
 * and blob parameters (written `?` in the SQL), steps through rows, and begins and commits
 * transactions. store_db_sqlite.c drives SQLite (a file path), store_db_pg.c PostgreSQL
 * (`postgresql://` or `postgres://`). The schema's DDL differs between the two (column types,
 * triggers), so each driver owns its numbered migrations; their count is the schema version.
 *
 * A driver is not thread-safe: store.c serialises every call under its own lock.
 */
#ifndef SALLE_SERVER_STORE_DB_H
#define SALLE_SERVER_STORE_DB_H

#include <stddef.h>

typedef struct salle__dbq salle__dbq; /* one statement: its parameters, then its rows */

typedef struct salle__db_driver {
    const char *name; /* "SQLite", "PostgreSQL" */
    /* Connects; NULL with err filled on failure. The driver keeps its own error text. */
    void *(*open)(const char *target, char *err, size_t errlen);
    void (*close)(void *db);
    const char *(*errmsg)(void *db);

    /* ---- migrations: store.c runs the loop; each one applies with its version recorded in
     * one transaction. schema_lock keeps two processes from migrating at once. */
    int nmigrations;
    int (*schema_lock)(void *db, int on);
    int (*schema_version)(void *db); /* -1 on error */
    int (*migrate)(void *db, int to, char *err, size_t errlen);

    /* ---- statements. prepare returns NULL on error (errmsg says why). Parameters are numbered
     * from 1; a NULL text binds NULL. step: 1 a row, 0 done, -1 an error. col_text is NULL for
     * NULL and lives until the next step; col_blob likewise, with its length in *n. changes: the
     * rows the finished statement inserted, updated or deleted. */
    salle__dbq *(*prepare)(void *db, const char *sql);
    int (*bind_text)(salle__dbq *q, int i, const char *v);
    int (*bind_int)(salle__dbq *q, int i, long long v);
    int (*bind_blob)(salle__dbq *q, int i, const void *p, int n);
    int (*step)(salle__dbq *q);
    const char *(*col_text)(salle__dbq *q, int i);
    long long (*col_int)(salle__dbq *q, int i);
    const void *(*col_blob)(salle__dbq *q, int i, int *n);
    long long (*changes)(salle__dbq *q);
    void (*finalize)(salle__dbq *q);

    /* ---- transactions. begin(db, 1) makes this process the one writer (SQLite: BEGIN
     * IMMEDIATE; PostgreSQL: BEGIN and a transaction-scoped advisory lock that every writer
     * takes). */
    int (*begin)(void *db);
    int (*commit)(void *db);
    int (*rollback)(void *db);

    /* What other processes changed: a number that grows with every commit of theirs that a
     * cache may depend on. NULL for SQLite, where this process is the only writer: then the
     * store reads no counter and takes no lock for it. */
    unsigned long long (*shared_generation)(void *db);
    int (*set_durable)(void *db, int durable);

    /* SQL fragments where the dialects differ. */
    const char *skip_locked; /* after a claim's SELECT: "" or " FOR UPDATE SKIP LOCKED" */
    const char *worker;      /* an expression naming this process's connection */
    const char *worker_gone; /* a condition on a row's `worker`: its process has stopped */
} salle__db_driver;

/* A PostgreSQL URL as it may appear in messages: without its password (libpq parses it). */
void salle__db_pg_redact(const char *url, char *buf, size_t cap);

extern const salle__db_driver salle__db_sqlite;
extern const salle__db_driver salle__db_pg;

#endif
