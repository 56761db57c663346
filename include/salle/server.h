/*
 * server.h: the public API of `salle serve`, the secretariat's and organizers' server
 * (docs/api.md, docs/workflow.md, docs/store.md). The command in cli/cmd_serve.c is a thin front
 * end over these.
 */
#ifndef SALLE_SERVER_H
#define SALLE_SERVER_H

#include "salle/salle.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One of several events on one server (docs/deploy.md, "A hosted service"): its own store, so
 * its admins, organizers, tokens, ballots and audit are its own, served under /SLUG/. */
typedef struct salle_serve_event {
    const char *slug;        /* [a-z0-9-], 1 to 40 characters, not starting with '-' */
    const char *db;          /* its store (SQLite file or postgresql:// URL), created when absent */
} salle_serve_event;

typedef struct salle_serve_options {
    const char *db;          /* the store (SQLite file), created when absent; NULL with events */
    const salle_serve_event *events; /* several events instead of db: event i's public programme
                                        is public_dir/SLUG, its pages and API under /SLUG/, an
                                        index of the events at / */
    int nevents;
    const char *listen;      /* "HOST:PORT"; default "127.0.0.1:8080" */
    const char *public_dir;  /* where publishing writes the static programme, served at / */
    const char *import;      /* a programme to load into an empty store, or NULL (db only) */
    const char *base_url;    /* how people reach the server (links in pages and mail); default
                                "http://" + listen; an event's is this + "/SLUG" */
    int threads;             /* HTTP worker threads; <= 0: 4 */
    int behind_tls;          /* 1: a TLS proxy is in front (docs/deploy.md): https origins */
    size_t max_body;         /* request body limit in bytes; 0: 1 MiB (uploads: 16 times that) */
    FILE *log;               /* one line per event, or NULL */
    const char *smtp_url;    /* the outbox's SMTP server (smtp://host:port), or NULL: not sent */
    const char *mail_from;   /* sender address; default "salle@localhost" */
    const char *language;    /* the events' mail language for people who never chose one
                                (en, fr, es, ar; kept in the store); NULL: as last set, else en */
    const char *languages;   /* "en,fr,es,ar": each publication also writes the programme in
                                each of these under /LANG/ (English stays at /); NULL: as last
                                set (kept in the store), else English alone */
    int crash_safe_only;     /* 1: commits survive SIGKILL but not a power cut (SQLite
                                synchronous=NORMAL: no fsync per commit, many more writes/s);
                                0: they survive both (synchronous=FULL) */
    int interest_rate;       /* "I plan to attend" writes per client address and minute before
                                429 (docs/interest.md); 0: 120; < 0: no limit */
} salle_serve_options;

/* Opens the store (importing o->import when it is empty), serves until SIGINT or SIGTERM, then
 * stops cleanly (requests in flight finish, the store is closed). Returns 0, or -1 with *err. */
int salle_serve(const salle_serve_options *o, salle_diag *err);

/* A one-time admin sign-in link (expires in 14 days, superseded by the next one); *link newly
 * malloc'd. base_url NULL: the one `salle serve` last ran with. 0 or -1 with *err. */
int salle_admin_link(const char *db, const char *base_url, char **link, salle_diag *err);
/* A new API token for the admin's scripts (Authorization: Bearer TOKEN); *token newly malloc'd. */
int salle_admin_token(const char *db, char **token, salle_diag *err);
/* A sign-in link for the organizer person_id (one of a session's organizers, or its speaker when
 * it has none); supersedes that person's older links. */
int salle_organizer_link(const char *db, const char *person_id, const char *base_url, char **link,
                         salle_diag *err);

#ifdef __cplusplus
}
#endif
#endif
