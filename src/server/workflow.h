/*
 * workflow.h: confirm before move (docs/workflow.md), on top of the store. The HTTP layer and the
 * model-based test call these; nothing here knows about HTTP.
 *
 * The programme of record is built from three things in the store: the working draft's instance
 * (disruptions applied), the latest published version's places, and the answers to move requests.
 * Two views of it:
 *   - the programme to publish: every published session at its published place, unless one of its
 *     organizers (or an admin on their behalf) accepted a move, then at the accepted place; new
 *     sessions where the draft puts them. Its instance marks those accepted as `move: confirmed`,
 *     declined ones `declined`, others `ask`, so the checker's hard rule 9 is the guard;
 *   - the re-planning view: every published session anchored at the place it has agreed to (the
 *     accepted one, else the published one), declined ones never to move.
 */
#ifndef SALLE_SERVER_WORKFLOW_H
#define SALLE_SERVER_WORKFLOW_H

#include "salle/salle.h"
#include "server/store.h"

#include <jansson.h>

/* What went wrong, for an HTTP status and a message a person can act on. */
typedef struct salle__wf_err {
    int status;            /* 400 bad input, 404 unknown, 409 conflict, 500 store */
    char msg[1024];
    json_t *reasons;       /* 409 of publish: the checker's words, one string each; or NULL */
    char said[1024];       /* the message in the page's language (salle__page_lang), for a page;
                              "" when only the English msg exists (the API always uses msg) */
    char code[32];         /* for a refusal a page shows later than it was made (a solve job's,
                              read in its reader's language): its code, said by salle__wf_say with
                              its arguments; "" when it has none */
    char arg[2][512];      /* code's string arguments, nargs of them (no heap: callers that never
                              clear e leak nothing) */
    int nargs;
    char detail[512];      /* a library's own English words that msg ends with (salle_diag.detail:
                              libxml2's about malformed XML), for a page to mark lang="en"; "" */
} salle__wf_err;
void salle__wf_err_clear(salle__wf_err *e);
/* What a page shows of e: its words in the page's language when there are some, else msg. */
const char *salle__wf_said(const salle__wf_err *e);
/* A refusal with a code (e->code, e->args) in language lang: newly malloc'd text, or NULL when
 * the code is unknown or args do not fit it. */
char *salle__wf_say(const char *lang, const char *code, const json_t *args);
/* e's code arguments as a JSON array of strings (caller decrefs), to store with its code. */
json_t *salle__wf_args(const salle__wf_err *e);
/* Fills e with status and the formatted message (forgetting any earlier words); returns -1. */
int salle__wf_fail(salle__wf_err *e, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The object of arr whose "id" is id (its index in *at when at is not NULL), or NULL. */
json_t *salle__wf_find_by_id(json_t *arr, const char *id, size_t *at);

/* Loads a programme (native instance JSON, or anything salle_import reads) into an empty store.
 * When warnings is not NULL it receives a new array of the importer's warnings, each an object
 * {"at": "FILE:LINE", "text": message} (freed by the caller, also on failure). */
int salle__wf_import(salle__store *st, const char *path, const char *who, json_t **warnings,
                     salle__wf_err *e);
/* The same from memory (an upload); name is used in messages, which are worded in the page's
 * language (salle__page_lang), the importer's warnings too: when warnings is not NULL it receives
 * them, a new JSON array (caller decrefs) of {"at": "NAME:LINE", "text": message} objects
 * (":LINE" left out when a warning has no line), also when the import fails; nothing is imported
 * then. */
int salle__wf_import_mem(salle__store *st, const char *buf, size_t len, const char *name,
                         const char *who, json_t **warnings, salle__wf_err *e);

/* Checks solve and re-plan options ({"seed", "iterations", "time_limit", "note"}); NULL is fine. */
int salle__wf_check_options(const json_t *o, salle__wf_err *e);

/* Runs a solve of the draft (options from job input: seed, iterations, time_limit) and stores the
 * result as the draft's schedule. Returns the result JSON text (caller frees) or NULL with e. */
char *salle__wf_solve(salle__store *st, const char *input, const char *who, salle__wf_err *e);

/* Records a disruption ({"kind": "room_closed" | "person_unavailable" | "session_cancelled" |
 * "session_lengthened", ...}) in the draft. Returns a JSON summary (caller decrefs) or NULL. */
json_t *salle__wf_disruption(salle__store *st, const json_t *body, const char *who,
                             salle__wf_err *e);

/* Re-plans the draft with minimal change into a proposal; every move of a published session
 * becomes a pending request (older pending requests are superseded). opts: {"seed", "iterations",
 * "time_limit"}, may be NULL. Returns the proposal as JSON (caller decrefs) or NULL. */
json_t *salle__wf_replan(salle__store *st, const json_t *opts, const char *who, salle__wf_err *e);

/* A request as JSON, with its alternatives (up to three places where the session adds no hard
 * violation now) when it is pending and with_alternatives is set. NULL with e (404) when unknown. */
json_t *salle__wf_request(salle__store *st, long long id, int with_alternatives, salle__wf_err *e);

/* For tests (tests/test_alternatives.c): request id's first limit candidate places (those in an
 * open room), each judged both ways: by the solver's incremental score, which the request's
 * alternatives use, and by a checker run on the whole programme to publish. Returns how many
 * verdicts differ (-1 with e when the request cannot be judged); *tried candidates, *ok of them
 * free by the checker. */
int salle__wf_alternatives_agree(salle__store *st, long long id, int limit, int *tried, int *ok,
                                 salle__wf_err *e);

enum salle__answer { SALLE_ANSWER_ACCEPT, SALLE_ANSWER_DECLINE, SALLE_ANSWER_PICK };
/* Answers a pending request. who: the organizer's person id, or "admin:..." with on_behalf = 1
 * (then note is required). PICK takes room and start of one of the alternatives, checked again
 * now. Returns the request as answered (caller decrefs) or NULL with e (409 when not pending). */
json_t *salle__wf_answer(salle__store *st, long long id, int answer, const char *room,
                         const char *start, const char *who, int on_behalf, const char *note,
                         salle__wf_err *e);

/* 1 when person is one of the session's organizers (its speakers when it has none). */
int salle__wf_is_organizer(salle__store *st, const char *session, const char *person);
/* The sessions person answers for, as a JSON array of ids (caller decrefs). */
json_t *salle__wf_sessions_of(salle__store *st, const char *person);

/* Publishes the programme to publish as the next version when it breaks no hard rule, and writes
 * the public files into public_dir (may be NULL: store only). Returns the version number, or -1
 * with e (409 with e->reasons: the checker's words). */
int salle__wf_publish(salle__store *st, const char *note, const char *who, const char *public_dir,
                      salle__wf_err *e);
/* The same for an event under /SLUG/ of a server with several (prefix "/SLUG"; "": at /), whose
 * published pages link its own ballot pages. */
int salle__wf_publish_at(salle__store *st, const char *note, const char *who, const char *public_dir,
                         const char *prefix, salle__wf_err *e);

/* The latest published version in salle's schedule format plus "version", "published_at",
 * "note"; NULL (e: 404) when nothing is published yet. Newly malloc'd text. */
char *salle__wf_programme(salle__store *st, salle__wf_err *e);

/* The programme to publish now: a JSON schedule text (caller frees), its checker's hard count and,
 * when violations is not NULL, the hard violations in the checker's words (caller decrefs); for
 * the admin's pages and the API. */
char *salle__wf_target(salle__store *st, long *hard, json_t **violations, salle__wf_err *e);

/* What publishing now would change against the latest version, in words (salle_diff_text: one
 * line per new, moved or cancelled session, then a summary); "" before the first version. */
char *salle__wf_changes(salle__store *st, salle__wf_err *e);
/* The same as salle_diff_json's "changes" array (kind, session, title, old/new {room, room_name,
 * start, end, duration}, cause), for a page to say in its language; [] before the first version.
 * Caller decrefs; NULL with e. */
json_t *salle__wf_changes_json(salle__store *st, salle__wf_err *e);

/* The draft's instance as the re-planning view sees it (published places anchored, declined
 * sessions marked), parsed; for scoring the draft. Caller frees; NULL with e. */
salle_instance *salle__wf_draft_instance(salle__store *st, salle__wf_err *e);

#endif
