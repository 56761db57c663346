/*
 * store.h: the server's store behind one narrow interface (docs/store.md), so that a second
 * backend could follow by a driver alone: store.c implements them once over store_db.h, for
 * SQLite (store_db_sqlite.c) and PostgreSQL (store_db_pg.c, `postgresql://` URLs).
 *
 * Every write happens between salle__store_begin and salle__store_commit (or _rollback), or is its
 * own transaction: one transaction per action, so a crash leaves either all of it or none. One
 * connection per process, one writer at a time across processes:
 * the store serialises callers with a recursive lock taken by begin and released by commit or
 * rollback; single reads outside a transaction take it for their own duration.
 *
 * Strings returned are newly malloc'd (caller frees). Times are Unix seconds (UTC). Places are
 * written as the schedule format writes them: room id and "YYYY-MM-DDTHH:MM" in event time.
 */
#ifndef SALLE_SERVER_STORE_H
#define SALLE_SERVER_STORE_H

#include <stddef.h>
#include <stdint.h>

typedef struct salle__store salle__store;

/* Opens (creating when absent) and migrates the store at path: a file (SQLite), or a
 * postgresql:// or postgres:// URL (PostgreSQL). NULL with err filled on failure. */
salle__store *salle__store_open(const char *path, char *err, size_t errlen);
void salle__store_close(salle__store *st);
/* What to call the store at target in messages: the path, or the URL without its password. */
void salle__store_label(const char *target, char *buf, size_t cap);
/* The schema version the store is at after migration (docs/store.md). */
int salle__store_schema_version(salle__store *st);

/* A number that changes whenever the store changed: what was derived from the store at
 * generation g is still true while the generation is g. It counts this process's writes and,
 * with PostgreSQL, other processes' commits to the tables a cache derives from (docs/store.md).
 * Read it before reading what is derived. */
unsigned long long salle__store_generation(salle__store *st);
/* The same for the draft alone: changes whenever this process set the draft (or rolled back a
 * transaction, which may have set it). What was derived from the draft's instance (who organizes
 * what) is still true while it stays; answers to requests leave it as it is. */
unsigned long long salle__store_draft_generation(salle__store *st);

/* 1 (the default): a commit has reached the disk when it returns (synchronous=FULL), so it
 * survives a power cut; 2: it survives the process being killed but the last commits may be lost
 * in a power cut (synchronous=NORMAL, no fsync per commit in WAL mode); 0: neither (tests of
 * logic only). */
int salle__store_set_durable(salle__store *st, int durable);

int salle__store_begin(salle__store *st);    /* 0 or -1 */
int salle__store_commit(salle__store *st);   /* 0 or -1 (then rolled back) */
void salle__store_rollback(salle__store *st);
/* The last error's text, for logs and 500 responses. */
const char *salle__store_error(salle__store *st);

/* ---- meta: small named values (the server's hashing key, the base URL) ---- */
/* Returns the length read (<= cap) or -1 when absent. */
int salle__store_meta_get(salle__store *st, const char *key, void *buf, size_t cap);
int salle__store_meta_set(salle__store *st, const char *key, const void *v, size_t len);
/* Sets key only when it is absent: several processes starting at once agree on the first value. */
int salle__store_meta_init(salle__store *st, const char *key, const void *v, size_t len);

/* ---- the working draft: one instance (native JSON) and one schedule (schedule JSON) ---- */
/* 0 with both set (schedule may be NULL), or -1 when there is no draft yet. */
int salle__store_draft_get(salle__store *st, char **instance, char **schedule);
int salle__store_draft_set(salle__store *st, const char *instance, const char *schedule);

/* ---- published versions: numbered, immutable ---- */
typedef struct salle__version {
    int number;
    char *instance, *schedule;
    long hard, soft;
    char *hash;      /* hex SHA-256 of instance and schedule */
    char *who;
    long long at;
    char *note;
} salle__version;
/* number <= 0: the latest. 0 when found, -1 when there is none. */
int salle__store_version_get(salle__store *st, int number, salle__version *v);
void salle__store_version_clear(salle__version *v);
/* Adds the next version; returns its number or -1. */
int salle__store_version_add(salle__store *st, const salle__version *v);

/* ---- the audit log: who, when, what, before and after ---- */
int salle__store_audit(salle__store *st, const char *who, const char *what, const char *before,
                       const char *after);
/* How many entries mention what (exactly); for tests and the admin's page. */
int salle__store_audit_count(salle__store *st, const char *what);

/* ---- tokens: magic links, sessions and API tokens, stored only as keyed hashes ---- */
enum salle__token_kind { SALLE_TOKEN_LINK = 1, SALLE_TOKEN_SESSION = 2, SALLE_TOKEN_API = 3 };
typedef struct salle__token {
    long long id;
    int kind;
    unsigned char hash[32];
    char role[16];       /* "admin" or "organizer" */
    char person[128];    /* organizer's person id; "" for admins */
    long long created, expires; /* expires 0: never */
    long long used;      /* 0: never used */
    int superseded;
} salle__token;
/* Adds a token; a new link supersedes every older unused link of the same role and person. */
long long salle__store_token_add(salle__store *st, const salle__token *t);
/* Looks up by hash (an index look-up; the caller compares in constant time). 0 found, -1 not. */
int salle__store_token_find(salle__store *st, const unsigned char hash[32], salle__token *t);
int salle__store_token_use(salle__store *st, long long id, long long at);
int salle__store_token_revoke(salle__store *st, long long id);

/* ---- background jobs (solve): they survive a restart ---- */
typedef struct salle__job {
    long long id;
    char kind[16];
    char state[16];      /* queued, running, done, failed */
    char *input, *result; /* JSON texts; result NULL until done */
    int progress;        /* percent */
    long long created, updated;
} salle__job;
long long salle__store_job_add(salle__store *st, const char *kind, const char *input, long long at);
int salle__store_job_get(salle__store *st, long long id, salle__job *j);
/* Claims the oldest queued job for this process (it is then 'running'); 0 found, -1 none. */
int salle__store_job_next(salle__store *st, salle__job *j);
int salle__store_job_set(salle__store *st, long long id, const char *state, int progress,
                         const char *result, long long at);
/* Running jobs of a process that stopped go back to the queue (with PostgreSQL: only those of
 * processes whose connection is gone). */
int salle__store_job_requeue(salle__store *st);
void salle__store_job_clear(salle__job *j);

/* ---- proposals and their move requests (docs/workflow.md) ---- */
long long salle__store_proposal_add(salle__store *st, const char *schedule, const char *report,
                                    const char *who, long long at);
typedef struct salle__request {
    long long id;
    long long proposal;
    char session[128];
    char state[16];      /* pending, accepted, declined, superseded, withdrawn */
    char from_room[128], from_start[20];
    char to_room[128], to_start[20];   /* the place asked for */
    char *reason;        /* the re-planner's words, in English */
    char reason_code[32]; /* the same as a code (salle_replan_move.code; "" for older rows) */
    char *reason_args;   /* and its arguments, a JSON array (server/reason.h) */
    char got_room[128], got_start[20]; /* the place accepted (asked for, or an alternative) */
    char answered_by[160];
    int on_behalf;       /* 1: an admin answered for the organizers */
    char *note;
    long long answered;
    int published;       /* version that made an accepted move public; 0: not yet */
} salle__request;
long long salle__store_request_add(salle__store *st, const salle__request *r);
int salle__store_request_get(salle__store *st, long long id, salle__request *r);
/* Every request (filter NULL) or those in state filter, oldest first; *out newly malloc'd. */
int salle__store_request_list(salle__store *st, const char *filter, salle__request **out);
int salle__store_request_answer(salle__store *st, const salle__request *r);
/* Pending requests of a session (session NULL: all) go to state (superseded, withdrawn). */
int salle__store_request_close_pending(salle__store *st, const char *session, const char *state);
int salle__store_request_mark_published(salle__store *st, int version);
void salle__store_request_clear(salle__request *r);
void salle__store_request_list_free(salle__request *v, int n);

/* ---- sessions whose organizers declined a move: they stay (hard rule 9) ---- */
int salle__store_declined_set(salle__store *st, const char *session, int declined);
int salle__store_declined_get(salle__store *st, const char *session);

/* ---- organizers' e-mail addresses ---- */
int salle__store_email_set(salle__store *st, const char *person, const char *email);
/* 0 with buf filled, -1 when unknown. */
int salle__store_email_get(salle__store *st, const char *person, char *buf, size_t cap);

/* ---- the language a person's mail is written in (the one they last chose or signed in with) ---- */
int salle__store_lang_set(salle__store *st, const char *person, const char *lang);
/* 0 with buf filled, -1 when they never chose one. */
int salle__store_lang_get(salle__store *st, const char *person, char *buf, size_t cap);

/* ---- the outbox: one message per organizer per proposal (docs/workflow.md, Reaching organizers) ---- */
typedef struct salle__mail {
    long long id, proposal;
    char person[128], email[256];
    char lang[16];       /* the language subject, body and calendar are written in ("en", "fr") */
    char *subject, *body, *ics;  /* body holds {{link}} where the sender puts a fresh sign-in link */
    char state[16];      /* draft, approved, sending, sent, failed, replaced */
    int attempts;
    long long next_attempt, created, sent;
    char error[512];
} salle__mail;
/* Adds a draft; the person's older unsent messages become 'replaced'. */
long long salle__store_outbox_add(salle__store *st, const salle__mail *m);
/* Every message but the replaced ones, oldest first. */
int salle__store_outbox_list(salle__store *st, salle__mail **out);
/* The admin reviewed the drafts: those with an address are approved for sending. Returns how many. */
int salle__store_outbox_approve(salle__store *st);
/* Takes the oldest approved message due at now and marks it 'sending' (attempts + 1). 0 or -1. */
int salle__store_outbox_claim(salle__store *st, long long now, salle__mail *m);
int salle__store_outbox_set(salle__store *st, long long id, const char *state, long long next,
                            const char *error, long long sent);
/* At start: messages a stopped process was sending are marked failed, never sent twice. */
int salle__store_outbox_interrupted(salle__store *st);
void salle__store_mail_clear(salle__mail *m);
void salle__store_mail_list_free(salle__mail *v, int n);

/* ---- attendee interest: anonymous ballots (docs/interest.md, "Collecting on the server") ----
 * A ballot is named by the hex keyed hash of its token (never the token, never an address). */
/* Replaces the ballot's marks with sessions[0..n) (n 0: the ballot is gone). Inside a
 * transaction. 0 or -1. */
int salle__store_interest_set(salle__store *st, const char *ballot, const char *const *sessions,
                              int n);
/* Marks (on 1) or unmarks (on 0) one session on a ballot. Inside a transaction. 0 or -1. */
int salle__store_interest_mark(salle__store *st, const char *ballot, const char *session, int on);
/* Calls cb for every mark of ballot (NULL: of every ballot), ordered by ballot then session.
 * Returns the number of marks or -1. */
int salle__store_interest_each(salle__store *st, const char *ballot,
                               void (*cb)(void *arg, const char *ballot, const char *session),
                               void *arg);

#endif
