/*
 * http.h: what the server's request handlers share (server.c runs the daemon and dispatches;
 * api.c answers /api/v1/; pages.c renders the organizers' and admins' pages).
 */
#ifndef SALLE_SERVER_HTTP_H
#define SALLE_SERVER_HTTP_H

#include "salle/server.h"
#include "server/auth.h"
#include "server/outbox.h"
#include "server/request.h"
#include "server/store.h"
#include "server/workflow.h"

#include <jansson.h>
#include <pthread.h>

typedef struct salle__srv {
    salle__store *st;
    salle__auth auth;
    char base[512];          /* base URL, no trailing slash (an event's: with /SLUG) */
    /* several events on one server (docs/deploy.md): "/SLUG", the event's URL space, which
     * respond() puts before every root-absolute link of its pages; "" for the single --db form */
    char prefix[64];
    char cookie[96];         /* the session cookie's name: __Host-salle[-SLUG] */
    char ballot_cookie[96];  /* the attendee's ballot cookie: __Host-salle-ballot[-SLUG] */
    char origin[512];        /* scheme://host[:port] of base, for the Origin check */
    char public_dir[1024];
    int behind_tls;
    size_t max_body;
    FILE *log;
    /* the job worker */
    pthread_t worker;
    pthread_mutex_t jobs_lock;
    pthread_cond_t jobs_cond;
    int stopping;
    int started;             /* 1: the worker and the mailer run (server.c) */
    /* the outbox's sender */
    salle__outbox_config mail;
    char smtp_url[512], mail_from[256];
    pthread_t mailer;
    /* memo.c: derived data kept until the store changes */
    pthread_mutex_t memo_lock;
    char *memo_programme;
    unsigned long long memo_programme_gen;
    json_t *memo_people;
    unsigned long long memo_people_gen;
    char *memo_name;                    /* the event's name, for the index of several events */
    unsigned long long memo_name_gen;
    json_t *memo_rooms;                 /* room id -> name, the draft's, for the pages' places */
    unsigned long long memo_rooms_gen;
#define SALLE_MEMO_REQUESTS 64
    struct { long long id; unsigned long long gen; json_t *j; } memo_req[SALLE_MEMO_REQUESTS];
    /* failed token look-ups per client address, for the rate limit */
    pthread_mutex_t rl_lock;
    struct salle__rl { char ip[64]; long long window; int fails; } rl[256];
    /* interest.c: attendee interest (the published view, the write limit per address) */
    struct salle__interest_srv *interest;
    int interest_rate;       /* marks per address and minute; 0: no limit */
} salle__srv;

enum salle__role { SALLE_ROLE_PUBLIC, SALLE_ROLE_ORGANIZER, SALLE_ROLE_ADMIN };

typedef struct salle__ctx {
    salle__srv *s;
    struct MHD_Connection *c;
    const char *method, *url;
    const char *body;
    size_t nbody;
    char ip[64];
    /* who is asking: from the session cookie (pages) or the Bearer token (API) */
    int role;
    salle__token tok;
    int limited;             /* 1: too many failed look-ups from this address */
    const char *lang;        /* the interface language of the pages (salle__page_lang_pick) */
    int lang_said;           /* 1: the visitor said which (?lang=, its cookie, Accept-Language) */
} salle__ctx;

typedef struct salle__resp {
    int status;
    char *body;              /* owned */
    size_t len;
    const char *ctype;
    char location[1024];
    char cookie[256];
    char etag[64];
    const char *cache;       /* Cache-Control; default no-store */
    int is_static;
    char csp[1024];          /* a page's own policy (static pages: their inline scripts' hashes) */
    char retry_after[16];    /* Retry-After of a 429, or "" */
    char lang_cookie[96];    /* Set-Cookie of the visitor's language choice, or "" */
} salle__resp;

/* Responses. */
void salle__resp_json(salle__resp *r, int status, json_t *j); /* steals j */
void salle__resp_error(salle__resp *r, int status, const char *msg, json_t *reasons);
void salle__resp_html(salle__resp *r, int status, char *html);  /* steals html */
void salle__resp_redirect(salle__resp *r, const char *to);

/* Whose request: fills x->role and x->tok from the Bearer header (api = 1) or the cookie. */
void salle__who(salle__ctx *x, int api);
/* A failed token look-up from x's address; returns 1 when it now exceeds the limit. */
int salle__rate_fail(salle__ctx *x);
int salle__rate_limited(salle__ctx *x);
/* A form POST from another site (Origin, Sec-Fetch-Site) is refused: 1 when x may act. */
int salle__same_origin(salle__ctx *x);
/* The request's form body (request.h, salle__form_parse_body). */
int salle__form_parse(salle__ctx *x, salle__form *f);
long long salle__now(void);

/* memo.c: the same answers as salle__wf_programme, salle__wf_sessions_of, salle__wf_is_organizer
 * and salle__wf_request (with alternatives), kept until the store changes. */
void salle__memo_init(salle__srv *s);
void salle__memo_free(salle__srv *s);
char *salle__memo_programme(salle__srv *s, salle__wf_err *e);
json_t *salle__memo_sessions_of(salle__srv *s, const char *person);
int salle__memo_is_organizer(salle__srv *s, const char *session, const char *person);
json_t *salle__memo_request(salle__srv *s, long long id, salle__wf_err *e);
/* The event's name ("event": {"name"} of the latest published version, else of the draft) into
 * buf; "" when the store has neither or the instance names none. */
void salle__memo_event_name(salle__srv *s, char *buf, size_t cap);
/* Room id's name in the draft into buf (id itself when the draft has no such room or no name). */
void salle__memo_room_name(salle__srv *s, const char *id, char *buf, size_t cap);

/* Routers: 1 when they answered the request. */
int salle__api_route(salle__ctx *x, salle__resp *r);
int salle__pages_route(salle__ctx *x, salle__resp *r);
int salle__interest_route(salle__ctx *x, salle__resp *r);

/* pages.c: the interface language of the request's pages: ?lang= (remembered in a cookie that
 * r sets), else the cookie, else the best of Accept-Language, else English. Sets x->lang and the
 * language salle__page_lang() returns on this thread until the next request. */
void salle__page_lang_pick(salle__ctx *x, salle__resp *r);
const char *salle__page_lang(void);

/* pages.c's page frame for the other page makers (interest.c). */
struct salle__html_buf;
void salle__page_head(struct salle__html_buf *b, const char *title);
char *salle__page_finish(struct salle__html_buf *b);
void salle__page_message(salle__resp *r, int status, const char *title, const char *msg);
/* Same origin and f's csrf matches hash: 1; else 0 with r holding the 403 page. */
int salle__page_post_ok(salle__ctx *x, salle__resp *r, const salle__form *f, const unsigned char hash[32]);

/* interest.c: the state it keeps, and its sections of the admin's and an organizer's page. */
void salle__interest_init(salle__srv *s);
void salle__interest_free(salle__srv *s);
void salle__interest_admin_html(salle__ctx *x, struct salle__html_buf *b);
void salle__interest_me_html(salle__ctx *x, struct salle__html_buf *b, const json_t *mine);

#endif
