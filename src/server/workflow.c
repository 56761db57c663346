/*
 * workflow.c: confirm before move (workflow.h, docs/workflow.md): import, solve, disruptions,
 * re-planning into move requests, answers, alternatives checked by the checker, and publishing.
 *
 * Places are kept as strings (session id -> room id, "YYYY-MM-DDTHH:MM") in jansson objects, so
 * that a published version stays readable after the draft's instance changes (a room closed, a
 * session cancelled); they become a salle_schedule only against the instance being checked.
 */
#include "server/workflow.h"
#include "server/interest.h"
#include "server/outbox.h"
#include "server/publish.h"
#include "server/reason.h"
#include "server/pages.h"
#include "engine/solve.h"
#include "base/internal.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void salle__wf_err_clear(salle__wf_err *e)
{
    if (e->reasons)
        json_decref(e->reasons);
    memset(e, 0, sizeof *e);
}

int salle__wf_fail(salle__wf_err *e, int status, const char *fmt, ...)
{
    e->status = status;
    e->said[0] = e->code[0] = 0; /* the words of an earlier refusal are not this one's */
    e->nargs = 0;
    e->detail[0] = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    return -1;
}
#define werr salle__wf_fail /* its short name in this file */

/* The message just set by werr, again in the page's language (fmt is TR's), for the pages; the
 * API keeps the English msg (docs/api.md). */
static void say(salle__wf_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(salle__wf_err *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->said, sizeof e->said, fmt, ap);
    va_end(ap);
}

const char *salle__wf_said(const salle__wf_err *e)
{
    return e->said[0] ? e->said : e->msg;
}

/* The refusals a page may show after the request that made them: a solve job's (the job page is
 * read later, in its reader's language, so the job keeps the code and its arguments), and those
 * whose English names the API's JSON keys ("from", "time_limit"), which a page's reader never
 * typed. Every argument is a string, put in as written. */
static const struct {
    const char *code, *msgid;
    int nargs;
} codes[] = {
    {"no_programme", N_("There is no programme yet: upload one on the administration page first."), 0},
    /* TRANSLATORS: %1$s the programme's own error, in English: file:line:column: message */
    {"invalid_programme", N_("The programme would not be valid: %1$s"), 1},
    /* TRANSLATORS: %1$s why, in English */
    {"interest", N_("The attendees' interest could not be applied: %1$s"), 1},
    {"options_object", N_("The solve options must be a JSON object, such as {\"seed\": 1}."), 0},
    /* TRANSLATORS: %1$s a solve option's name: seed or iterations */
    {"option_integer", N_("The solve option %1$s must be a whole number, 0 or more."), 1},
    {"option_time_limit", N_("The solve option time_limit must be a number of seconds above 0."), 0},
    /* TRANSLATORS: %1$s the name given; the three options' names stay as they are */
    {"option_unknown", N_("There is no solve option %1$s: the options are seed, iterations and time_limit."), 1},
    {"span_missing", N_("Enter both times, From and To, such as 2018-11-13T14:00."), 0},
    /* TRANSLATORS: %1$s what was entered in the field From */
    {"span_from", N_("From: %1$s is not a time on one of the event's days; write it such as 2018-11-13T14:00."), 1},
    /* TRANSLATORS: %1$s what was entered in the field To */
    {"span_to", N_("To: %1$s is not a time on one of the event's days; write it such as 2018-11-13T18:00."), 1},
    /* TRANSLATORS: %1$s the time entered in To, %2$s the one in From */
    {"span_order", N_("To (%1$s) must be later than From (%2$s)."), 2},
    {"kind_unknown", N_("Choose what happened: a room closed, a person unavailable, a session lengthened or cancelled."), 0},
    /* TRANSLATORS: the field "Room, person or session id" was left empty */
    {"id_missing", N_("Enter the id of the room, the person or the session."), 0},
    /* TRANSLATORS: %1$s the uploaded file's name; "salle import ... solve ..." are commands, keep
     * them as they are */
    {"talks_sheet", N_("%1$s is a talks sheet: an academic conference's talks in session blocks (docs/csv.md, \"Talks\"). This server plans programmes of sessions and has no pages for talks; plan it with the salle command: salle import %1$s -o conference.json, then salle solve conference.json -o schedule.json."), 1},
};

char *salle__wf_say(const char *lang, const char *code, const json_t *args)
{
    if (!code || !*code)
        return NULL;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        if (strcmp(codes[i].code, code) != 0)
            continue;
        int n = codes[i].nargs;
        if ((n && !json_is_array(args)) || (int)json_array_size(args) != n)
            return NULL;
        const char *a[2] = {"", ""};
        for (int k = 0; k < n; k++)
            if (!(a[k] = json_string_value(json_array_get(args, (size_t)k))))
                return NULL;
        const char *f = salle__tr(lang, codes[i].msgid);
        return n == 0 ? salle__xstrdup(f) : n == 1 ? salle__xasprintf(f, a[0]) : salle__xasprintf(f, a[0], a[1]);
    }
    return NULL;
}

/* Gives the refusal werr just made its code, with up to two string arguments (NULL: fewer), and
 * its words in the page's language; returns -1 like werr. */
static int coded(salle__wf_err *e, const char *code, const char *a1, const char *a2)
{
    snprintf(e->code, sizeof e->code, "%s", code);
    e->nargs = 0;
    for (const char *a = a1; a && e->nargs < 2; a = e->nargs == 1 ? a2 : NULL)
        snprintf(e->arg[e->nargs++], sizeof e->arg[0], "%s", a);
    json_t *args = salle__wf_args(e);
    char *t = salle__wf_say(salle__page_lang(), code, args);
    json_decref(args);
    snprintf(e->said, sizeof e->said, "%s", t ? t : "");
    free(t);
    return -1;
}

json_t *salle__wf_args(const salle__wf_err *e)
{
    json_t *a = json_array();
    for (int i = 0; i < e->nargs && i < 2; i++)
        json_array_append_new(a, json_string(e->arg[i]));
    return a;
}

static long long now(void) { return (long long)time(NULL); }

/* ---------------------------------------------------------------- places */

/* session id -> {"room", "start"} from a schedule JSON text (NULL text: empty). */
static json_t *places_of(const char *schedule)
{
    json_t *m = json_object();
    json_t *doc = schedule ? json_loads(schedule, 0, NULL) : NULL;
    json_t *as = json_object_get(doc, "assignments");
    size_t i;
    json_t *a;
    json_array_foreach(as, i, a) {
        const char *s = json_string_value(json_object_get(a, "session"));
        const char *r = json_string_value(json_object_get(a, "room"));
        const char *t = json_string_value(json_object_get(a, "start"));
        if (s && r && t)
            json_object_set_new(m, s, json_pack("{ssss}", "room", r, "start", t));
    }
    json_decref(doc);
    return m;
}

static const char *place_room(const json_t *p) { return json_string_value(json_object_get(p, "room")); }
static const char *place_start(const json_t *p) { return json_string_value(json_object_get(p, "start")); }

/* The schedule of inst that places describes; sessions or rooms unknown to inst are left out. */
static salle_schedule *schedule_of(const salle_instance *inst, const json_t *places)
{
    salle_schedule *s = salle_schedule_new();
    for (int i = 0; i < inst->nsessions; i++) {
        const json_t *p = json_object_get(places, inst->sessions[i].id);
        int r = p ? salle_instance_room(inst, place_room(p)) : -1, t;
        if (r >= 0 && salle_time_parse_iso(inst, place_start(p), &t) == 0)
            salle_schedule_add(s, i, r, t);
    }
    return s;
}

/* ---------------------------------------------------------------- the state of record */

typedef struct state {
    json_t *doc;           /* the draft instance */
    json_t *draft;         /* places of the draft schedule */
    int version;           /* latest published version, 0 when none */
    json_t *pub;           /* places of the latest version */
    json_t *acc;           /* places accepted and not yet published, by session */
    json_t *declined;      /* session id -> true */
} state;

static void state_free(state *w)
{
    json_decref(w->doc);
    json_decref(w->draft);
    json_decref(w->pub);
    json_decref(w->acc);
    json_decref(w->declined);
    memset(w, 0, sizeof *w);
}

static int state_load(salle__store *st, state *w, salle__wf_err *e)
{
    memset(w, 0, sizeof *w);
    char *inst = NULL, *sched = NULL;
    if (salle__store_draft_get(st, &inst, &sched) < 0)
        return werr(e, 409, "there is no programme yet: import one first (salle serve --import "
                            "FILE, or upload it on the admin's page)"),
               coded(e, "no_programme", NULL, NULL);
    json_error_t je;
    w->doc = json_loads(inst, 0, &je);
    free(inst);
    if (!w->doc) {
        free(sched);
        return werr(e, 500, "the stored draft is not JSON: %s", je.text);
    }
    w->draft = places_of(sched);
    free(sched);
    salle__version v;
    if (salle__store_version_get(st, 0, &v) == 0) {
        w->version = v.number;
        w->pub = places_of(v.schedule);
        salle__store_version_clear(&v);
    } else
        w->pub = json_object();
    w->acc = json_object();
    w->declined = json_object();
    salle__request *rq;
    int n = salle__store_request_list(st, NULL, &rq);
    for (int i = 0; i < n; i++) {
        if (strcmp(rq[i].state, "accepted") == 0 && !rq[i].published)
            json_object_set_new(w->acc, rq[i].session,
                                json_pack("{ssss}", "room", rq[i].got_room, "start", rq[i].got_start));
    }
    salle__store_request_list_free(rq, n);
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(w->doc, "sessions"), i, s) {
        const char *id = json_string_value(json_object_get(s, "id"));
        if (id && salle__store_declined_get(st, id))
            json_object_set_new(w->declined, id, json_true());
    }
    return 0;
}

enum view { VIEW_PUBLISH, VIEW_REPLAN };

/* The draft instance with each published session's `published` key for the view; confirm names
 * one session counted as confirmed (an alternative being checked), or NULL. */
static json_t *effective_doc(const state *w, int view, const char *confirm)
{
    json_t *doc = json_deep_copy(w->doc);
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(doc, "sessions"), i, s) {
        const char *id = json_string_value(json_object_get(s, "id"));
        if (!id)
            continue;
        json_t *pub = json_object_get(w->pub, id), *acc = json_object_get(w->acc, id);
        if (json_is_true(json_object_get(s, "cancelled"))) {
            json_object_del(s, "published"); /* it will not take place: nothing to keep */
            continue;
        }
        if (!pub) {
            if (w->version > 0)
                json_object_del(s, "published");
            continue; /* not published yet: the draft's own keys (from an import) stand */
        }
        const char *move = "ask";
        const json_t *anchor = pub;
        if (view == VIEW_PUBLISH) {
            if (acc || (confirm && strcmp(confirm, id) == 0))
                move = "confirmed";
            else if (json_object_get(w->declined, id))
                move = "declined";
        } else {
            if (acc)
                anchor = acc;
            if (json_object_get(w->declined, id))
                move = "declined";
        }
        json_object_set_new(s, "published", json_pack("{ssssss}", "room", place_room(anchor),
                                                      "start", place_start(anchor), "move", move));
    }
    return doc;
}

static salle_instance *instance_of(const json_t *doc, salle__wf_err *e)
{
    char *text = json_dumps(doc, JSON_COMPACT);
    salle_diag d = {0};
    salle_instance *inst = salle_instance_parse(text, strlen(text), "draft", &d);
    free(text);
    if (!inst) {
        werr(e, 400, "the programme would not be valid: %s:%d:%d: %s", d.file, d.line, d.col, d.msg);
        char where[700];
        snprintf(where, sizeof where, "%.100s:%d:%d: %.560s", d.file, d.line, d.col, d.msg);
        coded(e, "invalid_programme", where, NULL);
    }
    return inst;
}

/* The instance of a view (effective_doc), parsed; NULL with e when it is not valid. */
static salle_instance *view_instance(const state *w, int view, const char *confirm, salle__wf_err *e)
{
    json_t *doc = effective_doc(w, view, confirm);
    salle_instance *inst = instance_of(doc, e);
    json_decref(doc);
    return inst;
}

/* The programme to publish, as places. */
static json_t *target_places(const state *w)
{
    json_t *m = json_object();
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(w->doc, "sessions"), i, s) {
        const char *id = json_string_value(json_object_get(s, "id"));
        if (json_is_true(json_object_get(s, "cancelled"))) {
            json_t *p = json_object_get(w->pub, id); /* where it was to be, for the record */
            if (p)
                json_object_set(m, id, p);
            continue;
        }
        json_t *p = json_object_get(w->acc, id);
        if (!p)
            p = json_object_get(w->pub, id);
        if (!p)
            p = json_object_get(w->draft, id);
        if (p)
            json_object_set(m, id, p);
    }
    return m;
}

static char *schedule_text(const salle_instance *inst, const salle_schedule *s, const salle_score *sc)
{
    return salle__schedule_json(inst, s, sc);
}

/* The end of every write: the draft (when inst is given) and the audit entry, then commit; or,
 * when something before failed (rc < 0), roll back. Returns 0 or -1. */
static int commit_with(salle__store *st, int rc, const char *inst, const char *sched,
                       const char *who, const char *what, const char *before, const char *after)
{
    if (rc == 0 && inst)
        rc = salle__store_draft_set(st, inst, sched);
    if (rc == 0)
        rc = salle__store_audit(st, who, what, before, after);
    if (rc == 0)
        return salle__store_commit(st);
    salle__store_rollback(st);
    return -1;
}

/* ---------------------------------------------------------------- import */

static void pick_emails(salle__store *st, const json_t *doc)
{
    /* Organizers' addresses are the people's `email` key (docs/format.md; CSV column
     * organizer_emails), or an older `x-email`; the admin can set them later too. */
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(doc, "people"), i, p) {
        const char *id = json_string_value(json_object_get(p, "id"));
        const char *mail = json_string_value(json_object_get(p, "email"));
        if (!mail)
            mail = json_string_value(json_object_get(p, "x-email"));
        if (id && mail)
            salle__store_email_set(st, id, mail);
    }
}

/* salle_warn_fn: one warning of an import, {"at": "NAME:LINE", "text": message}, appended to
 * the array ctx (apart, so that a right-to-left page can isolate the file's name and line). */
static void keep_warning(void *ctx, const salle_diag *w)
{
    char *at = w->line > 0 ? salle__xasprintf("%s:%d", w->file, w->line) : salle__xstrdup(w->file);
    json_array_append_new(ctx, json_pack("{s:s, s:s}", "at", at, "text", w->msg));
    free(at);
}

/* werr with the file's diagnostic d, "FILE:LINE:COL: message", and the library words it quotes. */
static int werr_diag(salle__wf_err *e, const salle_diag *d)
{
    werr(e, 400, "%s:%d:%d: %s", d->file, d->line, d->col, d->msg);
    snprintf(e->detail, sizeof e->detail, "%s", d->detail);
    return -1;
}

int salle__wf_import_mem(salle__store *st, const char *buf, size_t len, const char *name,
                         const char *who, json_t **warnings, salle__wf_err *e)
{
    char *inst_text = NULL, *sched_text = NULL;
    json_t *warned = json_array();
    if (warnings)
        *warnings = warned;
    salle_diag d = {0};
    /* the file's diagnostic in the page's language (the startup --import's is English) */
    snprintf(d.lang, sizeof d.lang, "%s", salle__page_lang());
    json_t *probe = json_loadb(buf, len, 0, NULL);
    int native = probe && json_object_get(probe, "salle") != NULL;
    json_decref(probe);
    if (native) {
        inst_text = salle__xmalloc(len + 1);
        memcpy(inst_text, buf, len);
        inst_text[len] = 0;
    } else if (salle__import_mem(buf, len, name, keep_warning, warned, &inst_text, &sched_text, &d) < 0) {
        if (!warnings)
            json_decref(warned);
        if (salle__csv_mem_is_talks(buf, len, name)) {
            /* the importer's refusal names the command line's --schedule, which nobody gave here */
            werr(e, 422, "%s is a talks sheet (docs/csv.md \"Talks\"): this server plans sessions; "
                         "plan talks with salle import and salle solve", name);
            return coded(e, "talks_sheet", name, NULL);
        }
        return werr_diag(e, &d);
    }
    if (!warnings)
        json_decref(warned);
    salle_instance *inst = salle_instance_parse(inst_text, strlen(inst_text), name, &d);
    if (!inst) {
        free(inst_text);
        free(sched_text);
        return werr_diag(e, &d);
    }
    salle_instance_free(inst);
    char *have = NULL;
    if (salle__store_begin(st) < 0) {
        free(inst_text);
        free(sched_text);
        return werr(e, 500, "store: %s", salle__store_error(st));
    }
    if (salle__store_draft_get(st, &have, NULL) == 0) {
        free(have);
        salle__store_rollback(st);
        free(inst_text);
        free(sched_text);
        werr(e, 409, "the database already holds a programme; import into a new database "
                     "(a fresh --db FILE)");
        say(e, "%s", TR("The server already holds a programme: the new file was not imported."));
        return -1;
    }
    json_t *doc = json_loads(inst_text, 0, NULL);
    pick_emails(st, doc);
    json_decref(doc);
    int rc = commit_with(st, 0, inst_text, sched_text, who, "import", NULL, name);
    if (rc < 0)
        werr(e, 500, "store: %s", salle__store_error(st));
    free(inst_text);
    free(sched_text);
    return rc;
}

int salle__wf_import(salle__store *st, const char *path, const char *who, json_t **warnings,
                     salle__wf_err *e)
{
    salle_diag d = {0};
    size_t len;
    if (warnings)
        *warnings = NULL;
    char *buf = salle__read_file(path, &len, &d);
    if (!buf)
        return werr(e, 400, "%s: %s", path, d.msg);
    int rc = salle__wf_import_mem(st, buf, len, path, who, warnings, e);
    free(buf);
    return rc;
}

/* ---------------------------------------------------------------- solve */

static void solve_options(const json_t *o, salle_solve_options *opt)
{
    memset(opt, 0, sizeof *opt);
    json_t *v;
    if ((v = json_object_get(o, "seed")) && json_is_integer(v) && json_integer_value(v) >= 0)
        opt->seed = (unsigned long long)json_integer_value(v);
    if ((v = json_object_get(o, "iterations")) && json_is_integer(v) && json_integer_value(v) > 0)
        opt->iterations = (long)json_integer_value(v);
    if ((v = json_object_get(o, "time_limit")) && json_is_number(v) && json_number_value(v) > 0)
        opt->time_limit = json_number_value(v);
}

/* Checks options before a job is queued, so a bad request fails at once and not in the job. */
int salle__wf_check_options(const json_t *o, salle__wf_err *e)
{
    if (!o)
        return 0;
    if (!json_is_object(o))
        return werr(e, 400, "the body must be a JSON object such as {\"seed\": 1}"),
               coded(e, "options_object", NULL, NULL);
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)o, k, v) {
        if (strcmp(k, "seed") == 0 || strcmp(k, "iterations") == 0) {
            if (!json_is_integer(v) || json_integer_value(v) < 0)
                return werr(e, 400, "\"%s\" must be a non-negative integer", k), coded(e, "option_integer", k, NULL);
        } else if (strcmp(k, "time_limit") == 0) {
            if (!json_is_number(v) || json_number_value(v) <= 0)
                return werr(e, 400, "\"time_limit\" must be a number of seconds above 0"),
                       coded(e, "option_time_limit", NULL, NULL);
        } else if (strcmp(k, "note") != 0)
            return werr(e, 400, "unknown key \"%s\" (expected seed, iterations, time_limit)", k),
                   coded(e, "option_unknown", k, NULL);
    }
    return 0;
}

/* The collected "I plan to attend" ballots (interest.c) applied to the draft the way `salle
 * interest` does (salle_interest_apply_json, docs/interest.md): expected attendance from the marks
 * and the admin's turnout factor, never below the organizers' figure, and the audience-overlap
 * sets (only the significant pairs when the admin asked for that). Nothing changes while no
 * ballot names a session. 0, or -1 with e. */
static int with_interest(salle__store *st, state *w, salle__wf_err *e)
{
    salle_instance *inst = instance_of(w->doc, e);
    if (!inst)
        return -1;
    salle_ballots *b = salle__interest_ballots(st, inst);
    salle_instance_free(inst);
    int any = 0;
    for (int i = 0; i < b->n && !any; i++)
        any = b->sets[i].n > 0;
    if (!any) {
        salle_ballots_free(b);
        return 0;
    }
    salle__interest_cfg cfg;
    salle__interest_cfg_get(st, &cfg);
    salle_interest_options opt;
    salle_interest_options_default(&opt);
    opt.turnout = cfg.turnout;
    opt.significant = cfg.significant;
    char *text = json_dumps(w->doc, JSON_COMPACT);
    salle_diag d = {0};
    char *out = salle_interest_apply_json(text, strlen(text), "draft", b, &opt, &d);
    free(text);
    salle_ballots_free(b);
    json_t *doc = out ? json_loads(out, 0, NULL) : NULL;
    free(out);
    if (!doc)
        return werr(e, 400, "attendee interest could not be applied: %s", d.msg), coded(e, "interest", d.msg, NULL);
    json_decref(w->doc);
    w->doc = doc;
    return 0;
}

char *salle__wf_solve(salle__store *st, const char *input, const char *who, salle__wf_err *e)
{
    json_t *o = input ? json_loads(input, 0, NULL) : NULL;
    if (salle__wf_check_options(o, e) < 0) {
        json_decref(o);
        return NULL;
    }
    salle_solve_options opt;
    solve_options(o, &opt);
    json_decref(o);
    state w;
    if (state_load(st, &w, e) < 0)
        return NULL;
    if (with_interest(st, &w, e) < 0) {
        state_free(&w);
        return NULL;
    }
    salle_instance *inst = view_instance(&w, VIEW_REPLAN, NULL, e);
    if (!inst) {
        state_free(&w);
        return NULL;
    }
    salle_score sc;
    salle_schedule *s = salle_solve(inst, &opt, &sc);
    salle_report *rep = salle_check_score(inst, s);
    char *sched = schedule_text(inst, s, &rep->score);
    char *result = salle__xasprintf("{\"hard\": %ld, \"soft\": %ld, \"placed\": %d, \"sessions\": %d}",
                                    rep->score.hard, rep->score.soft, s->nassign, inst->nsessions);
    char *inst_text = json_dumps(w.doc, JSON_COMPACT);
    int rc = salle__store_begin(st);
    if (rc == 0)
        rc = commit_with(st, 0, inst_text, sched, who, "solve", NULL, result);
    if (rc < 0) {
        werr(e, 500, "store: %s", salle__store_error(st));
        free(result);
        result = NULL;
    }
    free(inst_text);
    free(sched);
    salle_report_free(rep);
    salle_schedule_free(s);
    salle_instance_free(inst);
    state_free(&w);
    return result;
}

/* ---------------------------------------------------------------- disruptions */

json_t *salle__wf_find_by_id(json_t *arr, const char *id, size_t *at)
{
    size_t i;
    json_t *x;
    json_array_foreach(arr, i, x) {
        const char *xid = json_string_value(json_object_get(x, "id"));
        if (xid && strcmp(xid, id) == 0) {
            if (at)
                *at = i;
            return x;
        }
    }
    return NULL;
}

/* ws minus [from, to), written as the format's windows {day, start, end}, one day at a time. */
static json_t *windows_minus(const salle_instance *inst, const salle_windows *ws, int from, int to)
{
    json_t *out = json_array();
    for (int d = 0; d < inst->event.ndays; d++) {
        int off = inst->event.day_offset[d];
        int n = ws->any ? 1 : ws->n;
        for (int k = 0; k < n; k++) {
            int a = ws->any ? off : ws->w[k].start, b = ws->any ? off + SALLE_MINUTES_PER_DAY : ws->w[k].end;
            /* the part of the window on day d */
            if (a < off)
                a = off;
            if (b > off + SALLE_MINUTES_PER_DAY)
                b = off + SALLE_MINUTES_PER_DAY;
            int pieces[2][2] = {{a, b < from ? b : from}, {a > to ? a : to, b}};
            for (int p = 0; p < 2; p++) {
                int s = pieces[p][0], t = pieces[p][1];
                if (t <= s)
                    continue;
                char st[16], en[16];
                snprintf(st, sizeof st, "%02d:%02d", (s - off) / 60, (s - off) % 60);
                snprintf(en, sizeof en, "%02d:%02d", (t - off) / 60, (t - off) % 60);
                json_array_append_new(out, json_pack("{ssssss}", "day", inst->event.days[d],
                                                     "start", st, "end", en));
            }
        }
    }
    return out;
}

static int span_of(const salle_instance *inst, const json_t *body, int *from, int *to,
                   salle__wf_err *e)
{
    const char *f = json_string_value(json_object_get(body, "from"));
    const char *t = json_string_value(json_object_get(body, "to"));
    if (!f || !t)
        return werr(e, 400, "\"from\" and \"to\" are required, as event-local \"YYYY-MM-DDTHH:MM\""),
               coded(e, "span_missing", NULL, NULL);
    if (salle_time_parse_iso(inst, f, from) < 0)
        return werr(e, 400, "\"from\": \"%s\" is not an event day's time \"YYYY-MM-DDTHH:MM\"", f),
               coded(e, "span_from", f, NULL);
    if (salle_time_parse_iso(inst, t, to) < 0)
        return werr(e, 400, "\"to\": \"%s\" is not an event day's time \"YYYY-MM-DDTHH:MM\"", t),
               coded(e, "span_to", t, NULL);
    if (*to <= *from)
        return werr(e, 400, "\"to\" (%s) must be after \"from\" (%s)", t, f), coded(e, "span_order", t, f);
    return 0;
}

/* Drops id from every list that may name a session. */
static void forget_session(json_t *doc, const char *id)
{
    size_t i, j;
    json_t *s, *v;
    json_array_foreach(json_object_get(doc, "sessions"), i, s) {
        const char *keys[] = {"after", "not_with"};
        for (int k = 0; k < 2; k++) {
            json_t *arr = json_object_get(s, keys[k]);
            for (j = json_array_size(arr); j-- > 0;)
                if ((v = json_array_get(arr, j)) && json_is_string(v) && strcmp(json_string_value(v), id) == 0)
                    json_array_remove(arr, j);
        }
    }
    json_array_foreach(json_object_get(doc, "interest"), i, s)
        for (j = json_array_size(s); j-- > 0;)
            if ((v = json_array_get(s, j)) && json_is_string(v) && strcmp(json_string_value(v), id) == 0)
                json_array_remove(s, j);
}

json_t *salle__wf_disruption(salle__store *st, const json_t *body, const char *who,
                             salle__wf_err *e)
{
    const char *kind = json_string_value(json_object_get(body, "kind"));
    if (!json_is_object(body) || !kind) {
        werr(e, 400, "a disruption needs \"kind\": room_closed, person_unavailable, "
                     "session_cancelled or session_lengthened");
        coded(e, "kind_unknown", NULL, NULL);
        return NULL;
    }
    state w;
    if (state_load(st, &w, e) < 0)
        return NULL;
    salle_instance *inst = instance_of(w.doc, e);
    json_t *result = NULL, *before = NULL, *after = NULL;
    char what[300] = "";
    const char *cancelled = NULL;
    if (!inst)
        goto out;
    int from, to;
    if (strcmp(kind, "room_closed") == 0 || strcmp(kind, "person_unavailable") == 0) {
        int room = strcmp(kind, "room_closed") == 0;
        const char *key = room ? "room" : "person";
        const char *id = json_string_value(json_object_get(body, key));
        int x = !id ? -1 : room ? salle_instance_room(inst, id) : salle_instance_person(inst, id);
        if (!id || !*id) {
            werr(e, 400, "%s needs \"%s\": the id of the %s", kind, key, key);
            coded(e, "id_missing", NULL, NULL);
            goto out;
        }
        if (x < 0) {
            werr(e, 404, "there is no %s \"%s\" in the programme", key, id);
            if (room)
                say(e, TR("There is no room \"%s\" in the programme."), id);
            else
                say(e, TR("There is no person \"%s\" in the programme."), id);
            goto out;
        }
        if (span_of(inst, body, &from, &to, e) < 0)
            goto out;
        json_t *obj = salle__wf_find_by_id(json_object_get(w.doc, room ? "rooms" : "people"), id, NULL);
        json_t *left = windows_minus(inst, room ? &inst->rooms[x].available : &inst->people[x].available,
                                     from, to);
        if (json_array_size(left) == 0) {
            /* the format has no "never available"; a session can be cancelled instead */
            json_decref(left);
            werr(e, 409, "%s %s would then have no time left in the whole event; cancel or move "
                         "its sessions instead", key, id);
            if (room)
                say(e, TR("Room %s would then have no time left in the whole event: cancel or move its sessions instead."), id);
            else
                say(e, TR("%s would then have no time left in the whole event: cancel or move their sessions instead."), id);
            goto out;
        }
        before = json_deep_copy(obj);
        json_object_set_new(obj, "available", left);
        after = json_deep_copy(obj);
        snprintf(what, sizeof what, "disruption %s %s", kind, id);
    } else if (strcmp(kind, "session_cancelled") == 0 || strcmp(kind, "session_lengthened") == 0) {
        const char *id = json_string_value(json_object_get(body, "session"));
        size_t at;
        json_t *s = id ? salle__wf_find_by_id(json_object_get(w.doc, "sessions"), id, &at) : NULL;
        if (!id || !*id) {
            werr(e, 400, "%s needs \"session\": the id of the session", kind);
            coded(e, "id_missing", NULL, NULL);
            goto out;
        }
        if (!s) {
            werr(e, 404, "there is no session \"%s\" in the programme", id);
            say(e, TR("There is no session \"%s\" in the programme."), id);
            goto out;
        }
        if (json_is_true(json_object_get(s, "cancelled"))) {
            werr(e, 409, "session \"%s\" is already cancelled", id);
            say(e, TR("Session %s is already cancelled."), id);
            goto out;
        }
        before = json_deep_copy(s);
        if (kind[8] == 'c') {
            /* It stays in the programme marked cancelled (docs/format.md), at its published
             * place if it has one: every later version keeps its page, saying so, and the
             * changelog lists it; it uses no room, person or time. */
            json_object_set_new(s, "cancelled", json_true());
            after = json_deep_copy(s);
            forget_session(w.doc, id);
            json_object_del(w.draft, id);
            cancelled = id;
        } else {
            json_t *d = json_object_get(body, "duration");
            if (!json_is_integer(d) || json_integer_value(d) <= 0) {
                werr(e, 400, "session_lengthened needs \"duration\": the new length in minutes");
                say(e, "%s", TR("Enter the session's new length in minutes."));
                goto out;
            }
            json_object_set(s, "duration", d);
            after = json_deep_copy(s);
        }
        snprintf(what, sizeof what, "disruption %s %s", kind, id);
    } else {
        werr(e, 400, "unknown disruption kind \"%s\" (expected room_closed, person_unavailable, "
                     "session_cancelled or session_lengthened)", kind);
        coded(e, "kind_unknown", NULL, NULL);
        goto out;
    }
    /* the changed draft must still be a valid programme; its parse also places the draft */
    salle_instance *now_inst = instance_of(w.doc, e);
    if (!now_inst)
        goto out;
    char *doc_text = json_dumps(w.doc, JSON_COMPACT);
    salle_schedule *ds = schedule_of(now_inst, w.draft);
    char *sched = schedule_text(now_inst, ds, NULL);
    char *b = before ? json_dumps(before, JSON_COMPACT) : NULL;
    char *a = after ? json_dumps(after, JSON_COMPACT) : NULL;
    int rc = salle__store_begin(st);
    if (rc == 0)
        rc = commit_with(st, cancelled ? salle__store_request_close_pending(st, cancelled, "withdrawn") : 0,
                         doc_text, sched, who, what, b, a);
    if (rc < 0)
        werr(e, 500, "store: %s", salle__store_error(st));
    else
        result = json_pack("{sssO}", "recorded", what, "disruption", body);
    free(b);
    free(a);
    free(doc_text);
    free(sched);
    salle_schedule_free(ds);
    salle_instance_free(now_inst);
out:
    json_decref(before);
    json_decref(after);
    salle_instance_free(inst);
    state_free(&w);
    return result;
}

/* ---------------------------------------------------------------- re-planning */

static json_t *place_json(const salle_instance *inst, int room, int start)
{
    char buf[32];
    if (room < 0 || start < 0)
        return json_null();
    return json_pack("{ssss}", "room", inst->rooms[room].id, "start", salle_time_iso(inst, start, buf));
}

json_t *salle__wf_replan(salle__store *st, const json_t *opts, const char *who, salle__wf_err *e)
{
    if (salle__wf_check_options(opts, e) < 0)
        return NULL;
    salle_solve_options opt;
    solve_options(opts, &opt);
    state w;
    if (state_load(st, &w, e) < 0)
        return NULL;
    if (w.version == 0) {
        state_free(&w);
        werr(e, 409, "nothing is published yet, so nothing needs its organizers' consent: solve "
                     "and publish version 1 first");
        say(e, "%s", TR("Nothing is published yet, so no move needs its organizers' consent: solve and publish version 1 first."));
        return NULL;
    }
    if (with_interest(st, &w, e) < 0) {
        state_free(&w);
        return NULL;
    }
    salle_instance *inst = view_instance(&w, VIEW_REPLAN, NULL, e);
    if (!inst) {
        state_free(&w);
        return NULL;
    }
    /* The draft's placement of sessions not yet published is where the re-plan starts them. */
    salle_replan_report rp = {0};
    salle_score sc;
    salle_schedule *s = salle_replan(inst, NULL, &opt, &sc, &rp);
    char *sched = schedule_text(inst, s, &sc);
    json_t *moves = json_array();
    for (int i = 0; i < rp.nmoves; i++) {
        salle_replan_move *m = &rp.moves[i];
        static const char *const kinds[] = {"moved", "unplaced", "stuck", "new", "cancelled"};
        /* the reason as words and as a code with arguments, for each reader's language */
        json_array_append_new(moves, json_pack("{sssssosossssso}", "kind", kinds[m->kind],
                                               "session", m->id,
                                               "from", place_json(inst, m->old_room, m->old_start),
                                               "to", place_json(inst, m->new_room, m->new_start),
                                               "reason", m->reason ? m->reason : "",
                                               "code", m->code ? m->code : "",
                                               "args", salle__reason_args(inst, m)));
    }
    char *text = salle_replan_text(inst, &rp);
    json_t *report = json_pack("{sIsIsssO}", "hard", (json_int_t)sc.hard, "soft", (json_int_t)sc.soft,
                               "summary", text, "moves", moves);
    free(text);
    char *report_text = json_dumps(report, JSON_COMPACT);
    char *doc_text = json_dumps(w.doc, JSON_COMPACT);
    json_t *result = NULL;
    long long pid = -1;
    int rc = salle__store_begin(st);
    if (rc < 0)
        goto fail;
    /* A newer proposal replaces what is still unanswered of the older ones. */
    rc = salle__store_request_close_pending(st, NULL, "superseded");
    if (rc == 0)
        rc = (pid = salle__store_proposal_add(st, sched, report_text, who, now())) < 0 ? -1 : 0;
    size_t i;
    json_t *m;
    json_array_foreach(moves, i, m) {
        if (rc < 0)
            break;
        if (strcmp(json_string_value(json_object_get(m, "kind")), "moved") != 0)
            continue;
        salle__request r = {0};
        r.proposal = pid;
        snprintf(r.session, sizeof r.session, "%s", json_string_value(json_object_get(m, "session")));
        json_t *f = json_object_get(m, "from"), *t = json_object_get(m, "to");
        snprintf(r.from_room, sizeof r.from_room, "%s", place_room(f));
        snprintf(r.from_start, sizeof r.from_start, "%s", place_start(f));
        snprintf(r.to_room, sizeof r.to_room, "%s", place_room(t));
        snprintf(r.to_start, sizeof r.to_start, "%s", place_start(t));
        r.reason = (char *)json_string_value(json_object_get(m, "reason"));
        snprintf(r.reason_code, sizeof r.reason_code, "%s",
                 json_string_value(json_object_get(m, "code")));
        r.reason_args = json_dumps(json_object_get(m, "args"), JSON_COMPACT);
        long long rid = salle__store_request_add(st, &r);
        free(r.reason_args);
        if (rid < 0)
            rc = -1;
        else
            json_object_set_new(m, "request", json_integer(rid));
    }
    if (rc == 0)
        rc = salle__outbox_compose(st, inst, s, pid, moves, now());
    rc = commit_with(st, rc, doc_text, sched, who, "replan", NULL, report_text);
fail:
    if (rc < 0)
        werr(e, 500, "store: %s", salle__store_error(st));
    else {
        json_object_set_new(report, "proposal", json_integer(pid));
        result = json_incref(report);
    }
    json_decref(report);
    json_decref(moves);
    free(report_text);
    free(doc_text);
    free(sched);
    salle_replan_clear(&rp);
    salle_schedule_free(s);
    salle_instance_free(inst);
    state_free(&w);
    return result;
}

/* ---------------------------------------------------------------- requests and answers */

static json_t *request_json(const salle__request *r)
{
    json_t *j = json_pack("{sIsIsssss{ssss}s{ssss}ss}", "id", (json_int_t)r->id, "proposal",
                          (json_int_t)r->proposal, "session", r->session, "state", r->state,
                          "from", "room", r->from_room, "start", r->from_start,
                          "to", "room", r->to_room, "start", r->to_start,
                          "reason", r->reason ? r->reason : "");
    /* the reason's code and arguments (reason.h); a request stored before they were has none */
    json_t *args = r->reason_code[0] && r->reason_args ? json_loads(r->reason_args, 0, NULL) : NULL;
    if (args) {
        json_object_set_new(j, "reason_code", json_string(r->reason_code));
        json_object_set_new(j, "reason_args", args);
    }
    if (strcmp(r->state, "pending") != 0 && r->answered) {
        json_object_set_new(j, "answered_by", json_string(r->answered_by));
        json_object_set_new(j, "on_behalf", json_boolean(r->on_behalf));
        json_object_set_new(j, "note", json_string(r->note ? r->note : ""));
        json_object_set_new(j, "answered_at", json_integer(r->answered));
    }
    if (strcmp(r->state, "accepted") == 0)
        json_object_set_new(j, "place", json_pack("{ssss}", "room", r->got_room, "start", r->got_start));
    if (r->published)
        json_object_set_new(j, "published_in", json_integer(r->published));
    return j;
}

/* Whether session si may be at (room, start) in the programme to publish: the checker, with the
 * session counted as confirmed, finds no hard violation that the placement adds. base is the
 * programme to publish without the session, hard0 its hard count (which includes the session
 * being unplaced). */
static int place_ok(const salle_instance *inst, const salle_schedule *base, long hard0, int si,
                    int room, int start)
{
    const salle_session *ss = &inst->sessions[si];
    if (!salle__windows_contain(&inst->rooms[room].available, start, start + ss->duration))
        return 0; /* closed then: no need to ask the checker */
    salle_schedule *s = salle_schedule_new();
    for (int i = 0; i < base->nassign; i++)
        salle_schedule_add(s, base->assign[i].session, base->assign[i].room, base->assign[i].start);
    salle_schedule_add(s, si, room, start);
    salle_report *rep = salle_check_score(inst, s);
    int ok = rep->score.hard <= hard0 - 1;
    salle_report_free(rep);
    salle_schedule_free(s);
    return ok;
}

/* What the alternatives of one request are checked against: the view with the session counted as
 * confirmed (c->inst), and the programme to publish without the session (c->base), as the
 * checker's hard count (hard0, for place_ok) or as the solver's incremental score (sv_ok). */
typedef struct altctx {
    salle_instance *inst;
    salle_schedule *base;
    long hard0;
    int si;
    int sv_ready; /* m and sv hold base */
    salle__sv_model m;
    salle__sv_state sv;
} altctx;

static void altctx_free(altctx *c)
{
    if (c->sv_ready) {
        salle__sv_state_free(&c->sv);
        salle__sv_model_free(&c->m);
    }
    salle_instance_free(c->inst);
    salle_schedule_free(c->base);
    memset(c, 0, sizeof *c);
}

/* The context for session's alternatives. with_sv: the solver's incremental score of base, for
 * trying many places (sv_ok); otherwise the checker's hard count, for place_ok. */
static int altctx_make(const state *w, const char *session, int with_sv, altctx *c, salle__wf_err *e)
{
    memset(c, 0, sizeof *c);
    c->inst = view_instance(w, VIEW_PUBLISH, session, e);
    if (!c->inst)
        return -1;
    c->si = salle_instance_session(c->inst, session);
    if (c->si < 0) {
        salle_instance_free(c->inst);
        c->inst = NULL;
        return werr(e, 409, "session %s is no longer in the programme", session);
    }
    json_t *tp = target_places(w);
    json_object_del(tp, session);
    c->base = schedule_of(c->inst, tp);
    json_decref(tp);
    if (with_sv) {
        salle__sv_model_init(&c->m, c->inst);
        salle__sv_state_init(&c->sv, &c->m);
        c->sv_ready = 1;
        for (int i = 0; i < c->base->nassign; i++) {
            const salle_assignment *a = &c->base->assign[i];
            if (!c->inst->sessions[a->session].cancelled) /* uses nothing, as for the checker */
                salle__sv_insert(&c->sv, a->session, a->room, a->start);
        }
    } else {
        salle_report *rep = salle_check_score(c->inst, c->base);
        c->hard0 = rep->score.hard;
        salle_report_free(rep);
    }
    return 0;
}

/* place_ok's question answered by the solver's incremental score instead of a checker run over
 * the whole programme: placing the session at (room, start) adds no hard violation. The solver's
 * score of a schedule is the checker's (tests/test_solve.c holds them equal, and the delta of an
 * insert equal to the change of the full score), so the answer is the same; it costs the
 * session's own terms and its neighbours' instead of every session's. The state is left as it
 * was. */
static int sv_ok(altctx *c, int room, int start)
{
    const salle_session *ss = &c->inst->sessions[c->si];
    if (!salle__windows_contain(&c->inst->rooms[room].available, start, start + ss->duration))
        return 0;
    salle__sv_cost d = salle__sv_insert(&c->sv, c->si, room, start);
    salle__sv_remove(&c->sv, c->si);
    return d.hard <= 0;
}

typedef struct cand { int room, start, dist; } cand;
static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->dist != y->dist)
        return x->dist < y->dist ? -1 : 1;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->room - y->room;
}

/* The candidate places of request r, nearest first: every room at the starts the programme
 * already uses (its natural slots) and the two of the request, but for the request's old and
 * asked-for places. Sets *n; the caller frees the array. */
static cand *candidates(const altctx *c, const salle__request *r, int *n)
{
    const salle_instance *inst = c->inst;
    int fr = salle_instance_room(inst, r->from_room), tr = salle_instance_room(inst, r->to_room);
    int ft = -1, tt = -1;
    salle_time_parse_iso(inst, r->from_start, &ft);
    salle_time_parse_iso(inst, r->to_start, &tt);
    salle__ivec starts = {0};
    for (int i = 0; i < c->base->nassign; i++)
        salle__ivec_push(&starts, c->base->assign[i].start);
    if (ft >= 0)
        salle__ivec_push(&starts, ft);
    if (tt >= 0)
        salle__ivec_push(&starts, tt);
    int ns = salle__sort_unique(starts.v, starts.n);
    cand *cs = salle__xmalloc(sizeof *cs * (size_t)(ns * inst->nrooms + 1));
    int k = 0;
    for (int i = 0; i < ns; i++)
        for (int room = 0; room < inst->nrooms; room++) {
            int t = starts.v[i];
            if ((room == fr && t == ft) || (room == tr && t == tt))
                continue;
            int d = abs(t - (ft >= 0 ? ft : tt)) * 2 + (room == fr ? 0 : 1);
            cs[k++] = (cand){room, t, d};
        }
    qsort(cs, (size_t)k, sizeof *cs, cand_cmp);
    salle__ivec_free(&starts);
    *n = k;
    return cs;
}

/* Up to three places other than the request's old and asked-for ones, nearest first. */
static json_t *alternatives(altctx *c, const salle__request *r)
{
    const salle_instance *inst = c->inst;
    int n;
    cand *cs = candidates(c, r, &n);
    json_t *out = json_array();
    int tried = 0;
    for (int i = 0; i < n && json_array_size(out) < 3 && tried < 400; i++) {
        const salle_session *ss = &inst->sessions[c->si];
        if (!salle__windows_contain(&inst->rooms[cs[i].room].available, cs[i].start,
                                    cs[i].start + ss->duration))
            continue;
        tried++;
        if (sv_ok(c, cs[i].room, cs[i].start))
            json_array_append_new(out, place_json(inst, cs[i].room, cs[i].start));
    }
    free(cs);
    return out;
}

int salle__wf_alternatives_agree(salle__store *st, long long id, int limit, int *tried, int *ok,
                                 salle__wf_err *e)
{
    salle__request r;
    if (salle__store_request_get(st, id, &r) < 0)
        return werr(e, 404, "there is no move request %lld", id);
    state w;
    altctx c;
    int disagree = -1;
    *tried = *ok = 0;
    if (state_load(st, &w, e) == 0) {
        if (altctx_make(&w, r.session, 1, &c, e) == 0) {
            salle_report *rep = salle_check_score(c.inst, c.base);
            c.hard0 = rep->score.hard;
            salle_report_free(rep);
            int n;
            cand *cs = candidates(&c, &r, &n);
            disagree = 0;
            for (int i = 0; i < n && *tried < limit; i++) {
                const salle_session *ss = &c.inst->sessions[c.si];
                if (!salle__windows_contain(&c.inst->rooms[cs[i].room].available, cs[i].start,
                                            cs[i].start + ss->duration))
                    continue;
                ++*tried;
                int a = sv_ok(&c, cs[i].room, cs[i].start);
                int b = place_ok(c.inst, c.base, c.hard0, c.si, cs[i].room, cs[i].start);
                *ok += b;
                disagree += a != b;
            }
            free(cs);
            altctx_free(&c);
        }
        state_free(&w);
    }
    salle__store_request_clear(&r);
    return disagree;
}

json_t *salle__wf_request(salle__store *st, long long id, int with_alternatives, salle__wf_err *e)
{
    salle__request r;
    if (salle__store_request_get(st, id, &r) < 0) {
        werr(e, 404, "there is no move request %lld", id);
        return NULL;
    }
    json_t *j = request_json(&r);
    if (with_alternatives && strcmp(r.state, "pending") == 0) {
        state w;
        altctx c;
        if (state_load(st, &w, e) == 0) {
            if (altctx_make(&w, r.session, 1, &c, e) == 0) {
                json_object_set_new(j, "alternatives", alternatives(&c, &r));
                altctx_free(&c);
            }
            state_free(&w);
        }
        if (!json_object_get(j, "alternatives"))
            json_object_set_new(j, "alternatives", json_array());
    }
    salle__store_request_clear(&r);
    return j;
}

static json_t *session_json(const json_t *doc, const char *id)
{
    return salle__wf_find_by_id(json_object_get(doc, "sessions"), id, NULL);
}

int salle__wf_is_organizer(salle__store *st, const char *session, const char *person)
{
    char *inst = NULL;
    if (salle__store_draft_get(st, &inst, NULL) < 0)
        return 0;
    json_t *doc = json_loads(inst, 0, NULL);
    free(inst);
    json_t *s = session_json(doc, session);
    json_t *who = json_object_get(s, "organizers");
    if (json_array_size(who) == 0)
        who = json_object_get(s, "speakers"); /* speakers stand in for missing organizers */
    int yes = 0;
    size_t i;
    json_t *p;
    json_array_foreach(who, i, p)
        if (json_is_string(p) && strcmp(json_string_value(p), person) == 0)
            yes = 1;
    json_decref(doc);
    return yes;
}

json_t *salle__wf_sessions_of(salle__store *st, const char *person)
{
    json_t *out = json_array();
    char *inst = NULL;
    if (salle__store_draft_get(st, &inst, NULL) < 0)
        return out;
    json_t *doc = json_loads(inst, 0, NULL);
    free(inst);
    size_t i, k;
    json_t *s, *p;
    json_array_foreach(json_object_get(doc, "sessions"), i, s) {
        json_t *who = json_object_get(s, "organizers");
        if (json_array_size(who) == 0)
            who = json_object_get(s, "speakers");
        json_array_foreach(who, k, p)
            if (json_is_string(p) && strcmp(json_string_value(p), person) == 0) {
                json_array_append(out, json_object_get(s, "id"));
                break;
            }
    }
    json_decref(doc);
    return out;
}

json_t *salle__wf_answer(salle__store *st, long long id, int answer, const char *room,
                         const char *start, const char *who, int on_behalf, const char *note,
                         salle__wf_err *e)
{
    if (on_behalf && (!note || !*note)) {
        werr(e, 400, "an answer on the organizers' behalf needs a \"note\" saying how they agreed "
                     "(e.g. \"phone call with the organizer, 14:20\")");
        return NULL;
    }
    salle__request r;
    if (salle__store_request_get(st, id, &r) < 0) {
        werr(e, 404, "there is no move request %lld", id);
        return NULL;
    }
    json_t *result = NULL;
    state w = {0};
    altctx c = {0};
    int in_tx = 0; /* a pick checks its place inside its own write transaction */
    if (strcmp(r.state, "pending") != 0) {
        werr(e, 409, "move request %lld is %s%s%s, so it takes no answer now", id, r.state,
             r.answered_by[0] ? " by " : "", r.answered_by);
        say(e, "%s", TR("This move request is no longer open (answered, withdrawn or superseded), so it takes no answer now."));
        goto out;
    }
    /* Accept and decline need nothing but the request: a pending request's session is in the
     * draft (cancelling a session withdraws its requests in the same transaction), and the
     * pending guard in the store decides the race. Only a pick loads the whole state, to check
     * its place against the programme as it is now. */
    if (answer == SALLE_ANSWER_PICK) {
        /* The check and the write are one transaction (the store's writer lock, across
         * processes on PostgreSQL): two picks of one place at once cannot both be told yes. */
        if (salle__store_begin(st) < 0) {
            werr(e, 500, "store: %s", salle__store_error(st));
            goto out;
        }
        in_tx = 1;
        if (state_load(st, &w, e) < 0)
            goto out;
        salle__store_request_clear(&r);
        if (salle__store_request_get(st, id, &r) < 0 || strcmp(r.state, "pending") != 0) {
            werr(e, 409, "move request %lld was answered just before this answer", id);
            say(e, "%s", TR("Someone answered this move request just before you: your answer was not recorded."));
            goto out;
        }
        if (!session_json(w.doc, r.session)) {
            werr(e, 409, "session %s is no longer in the programme", r.session);
            say(e, TR("Session %s is no longer in the programme."), r.session);
            goto out;
        }
    }
    salle__request a = r;
    a.reason = NULL;
    a.note = (char *)(note ? note : "");
    a.on_behalf = on_behalf;
    a.answered = now();
    snprintf(a.answered_by, sizeof a.answered_by, "%s", who);
    if (answer == SALLE_ANSWER_DECLINE) {
        snprintf(a.state, sizeof a.state, "declined");
        a.got_room[0] = a.got_start[0] = 0;
    } else {
        snprintf(a.state, sizeof a.state, "accepted");
        const char *gr = r.to_room, *gs = r.to_start;
        if (answer == SALLE_ANSWER_PICK) {
            if (!room || !start) {
                werr(e, 400, "picking another place needs its \"room\" and \"start\"");
                goto out;
            }
            if (altctx_make(&w, r.session, 0, &c, e) < 0)
                goto out;
            int ri = salle_instance_room(c.inst, room), t;
            if (ri < 0 || salle_time_parse_iso(c.inst, start, &t) < 0) {
                werr(e, 400, "\"%s\" at \"%s\" is not a room and event time of this programme",
                     room, start);
                goto out;
            }
            /* Checked now, against the programme as it is at the moment of answering. */
            if (!place_ok(c.inst, c.base, c.hard0, c.si, ri, t)) {
                werr(e, 409, "%s at %s is no longer free for %s: pick another place, accept the "
                             "proposed one or decline", room, start, r.session);
                char when[96];
                /* TRANSLATORS: a room's id, a day and time, a session's id */
                say(e, TR("%s, %s is no longer free for %s: pick another place, accept the proposed one or decline."),
                    room, salle__when(salle__page_lang(), start, NULL, when, sizeof when), r.session);
                goto out;
            }
            gr = room;
            gs = start;
        }
        snprintf(a.got_room, sizeof a.got_room, "%s", gr);
        snprintf(a.got_start, sizeof a.got_start, "%s", gs);
    }
    /* The draft's schedule is left as the re-plan wrote it: the programme to publish and the
     * re-planning view take an answered session's place from its request (workflow.h), so an
     * answer writes only the request, the decline and the audit entry. */
    json_t *before = request_json(&r);
    char what[200];
    snprintf(what, sizeof what, "answer request %lld%s", id, on_behalf ? " on behalf" : "");
    int rc = in_tx ? 0 : salle__store_begin(st);
    in_tx = 0; /* commit_with ends it, one way or the other */
    if (rc == 0) {
        rc = salle__store_request_answer(st, &a);
        if (rc == 0 && answer == SALLE_ANSWER_DECLINE)
            rc = salle__store_declined_set(st, r.session, 1);
        salle__request done = a;
        json_t *aj = request_json(&done);
        char *b = json_dumps(before, JSON_COMPACT), *af = json_dumps(aj, JSON_COMPACT);
        rc = commit_with(st, rc, NULL, NULL, who, what, b, af);
        if (rc == 0)
            result = json_incref(aj);
        free(b);
        free(af);
        json_decref(aj);
    }
    if (rc < 0 && !result) {
        /* Someone else answered first: say who, from the store's current row. */
        salle__request now_r;
        int got = salle__store_request_get(st, id, &now_r) == 0;
        if (got && strcmp(now_r.state, "pending") != 0) {
            werr(e, 409, "move request %lld was %s by %s just before this answer", id, now_r.state,
                 now_r.answered_by);
            say(e, "%s", TR("Someone answered this move request just before you: your answer was not recorded."));
        } else
            werr(e, 500, "store: %s", salle__store_error(st));
        if (got)
            salle__store_request_clear(&now_r);
    }
    json_decref(before);
out:
    if (in_tx)
        salle__store_rollback(st);
    altctx_free(&c);
    state_free(&w);
    salle__store_request_clear(&r);
    return result;
}

/* ---------------------------------------------------------------- publishing */

char *salle__wf_target(salle__store *st, long *hard, json_t **violations, salle__wf_err *e)
{
    state w;
    if (state_load(st, &w, e) < 0)
        return NULL;
    salle_instance *inst = view_instance(&w, VIEW_PUBLISH, NULL, e);
    char *text = NULL;
    if (inst) {
        json_t *tp = target_places(&w);
        salle_schedule *s = schedule_of(inst, tp);
        salle_report *rep = salle_check_lang(inst, s, salle__page_lang()); /* the API's: English */
        *hard = rep->score.hard;
        if (violations) {
            *violations = json_array();
            for (int i = 0; i < rep->nviolations; i++)
                if (rep->violations[i].hard)
                    json_array_append_new(*violations, json_string(rep->violations[i].text));
        }
        text = schedule_text(inst, s, &rep->score);
        salle_report_free(rep);
        salle_schedule_free(s);
        json_decref(tp);
        salle_instance_free(inst);
    }
    state_free(&w);
    return text;
}

/* The changes from the latest version to the programme to publish, as salle_diff_versions_text
 * (json 0) or _json (json 1) writes them; "" (json: no changes) before the first version. The old
 * side is read in the latest version's own instance: in the draft's, a session cancelled since is
 * placed on neither side, and its cancellation would not show. */
static char *changes_of(salle__store *st, int json, salle__wf_err *e)
{
    state w;
    if (state_load(st, &w, e) < 0)
        return NULL;
    char *text = NULL;
    salle_instance *inst = view_instance(&w, VIEW_PUBLISH, NULL, e);
    if (inst && w.version > 0) {
        salle__version v;
        salle_instance *old_inst = NULL;
        if (salle__store_version_get(st, 0, &v) == 0) {
            salle_diag d = {0};
            old_inst = v.instance ? salle_instance_parse(v.instance, strlen(v.instance), "published", &d) : NULL;
            salle__store_version_clear(&v);
        }
        const salle_instance *oi = old_inst ? old_inst : inst;
        json_t *tp = target_places(&w);
        salle_schedule *old = schedule_of(oi, w.pub), *now_s = schedule_of(inst, tp);
        salle_change *c = NULL;
        int n = salle_diff_versions(oi, old, inst, now_s, &c);
        text = json ? salle_diff_versions_json(oi, inst, c, n) : salle_diff_versions_text(oi, inst, c, n);
        free(c);
        salle_schedule_free(old);
        salle_schedule_free(now_s);
        json_decref(tp);
        salle_instance_free(old_inst);
    } else if (inst)
        text = salle__xstrdup(json ? "{\"changes\": []}" : "");
    salle_instance_free(inst);
    state_free(&w);
    return text;
}

json_t *salle__wf_changes_json(salle__store *st, salle__wf_err *e)
{
    char *text = changes_of(st, 1, e);
    json_t *doc = text ? json_loads(text, 0, NULL) : NULL;
    json_t *out = json_incref(json_object_get(doc, "changes"));
    json_decref(doc);
    if (text && !out)
        out = json_array();
    free(text);
    return out;
}

char *salle__wf_changes(salle__store *st, salle__wf_err *e)
{
    return changes_of(st, 0, e);
}

static void hex_hash(const char *a, const char *b, char out[65])
{
    crypto_hash_sha256_state h;
    unsigned char d[32];
    crypto_hash_sha256_init(&h);
    crypto_hash_sha256_update(&h, (const unsigned char *)a, strlen(a));
    crypto_hash_sha256_update(&h, (const unsigned char *)"\n", 1);
    crypto_hash_sha256_update(&h, (const unsigned char *)b, strlen(b));
    crypto_hash_sha256_final(&h, d);
    sodium_bin2hex(out, 65, d, 32);
}

int salle__wf_publish(salle__store *st, const char *note, const char *who, const char *public_dir,
                      salle__wf_err *e)
{
    return salle__wf_publish_at(st, note, who, public_dir, "", e);
}

int salle__wf_publish_at(salle__store *st, const char *note, const char *who, const char *public_dir,
                         const char *prefix, salle__wf_err *e)
{
    char interest_url[128];
    snprintf(interest_url, sizeof interest_url, "%s/interest", prefix);
    state w;
    if (state_load(st, &w, e) < 0)
        return -1;
    json_t *doc = effective_doc(&w, VIEW_PUBLISH, NULL);
    salle_instance *inst = instance_of(doc, e);
    int number = -1;
    json_t *tp = target_places(&w);
    salle_schedule *s = NULL, *prev = NULL;
    salle_instance *prev_inst = NULL;
    salle_report *rep = NULL;
    char *staged = NULL, *inst_text = NULL, *sched = NULL;
    if (!inst)
        goto out;
    s = schedule_of(inst, tp);
    if (s->nassign == 0) {
        werr(e, 409, "the draft has no schedule yet: solve it first (POST /api/v1/solve)");
        say(e, "%s", TR("The draft has no schedule yet: solve it first."));
        goto out;
    }
    rep = salle_check_lang(inst, s, salle__page_lang()); /* the page's language; the API's: English */
    if (rep->score.hard > 0) {
        e->reasons = json_array();
        for (int i = 0; i < rep->nviolations; i++)
            if (rep->violations[i].hard)
                json_array_append_new(e->reasons, json_string(rep->violations[i].text));
        werr(e, 409, "publishing refused: the programme to publish (old places for pending moves, "
                     "new places for accepted ones) breaks %ld hard rule%s; see \"reasons\"",
             rep->score.hard, rep->score.hard == 1 ? "" : "s");
        say(e, TRN("Publishing refused: the programme to publish (old places for pending moves, new places for "
                   "accepted ones) breaks %ld hard rule",
                   "Publishing refused: the programme to publish (old places for pending moves, new places for "
                   "accepted ones) breaks %ld hard rules", rep->score.hard), rep->score.hard);
        goto out;
    }
    inst_text = json_dumps(doc, JSON_COMPACT);
    sched = schedule_text(inst, s, &rep->score);
    if (w.version > 0) {
        /* the last version against its own instance: a session cancelled since then is in it
         * alone, and keeps its page (saying it is cancelled) and its changelog entry */
        salle__version pv;
        if (salle__store_version_get(st, w.version, &pv) == 0) {
            salle_diag pd = {0};
            prev_inst = salle_instance_parse(pv.instance, strlen(pv.instance), "version", &pd);
            salle__store_version_clear(&pv);
        }
        prev = schedule_of(prev_inst ? prev_inst : inst, w.pub);
    }
    salle_diag d = {0};
    /* The files are built before the store records the version, and swapped in after it did: a
     * failure on either side leaves the public folder as it was. */
    /* the programme again in each language of `salle serve --languages` (under /LANG/) */
    char langs[64];
    int nl = salle__store_meta_get(st, "site_languages", langs, sizeof langs - 1);
    langs[nl > 0 ? nl : 0] = 0;
    if (public_dir && salle__publish_stage(inst, s, prev, prev_inst, public_dir, w.version + 1,
                                           note, interest_url, langs, &staged, &d) < 0) {
        werr(e, 500, "writing the public files failed: %s: %s", d.file, d.msg);
        goto out;
    }
    char hash[65];
    hex_hash(inst_text, sched, hash);
    salle__version v = {0};
    v.instance = inst_text;
    v.schedule = sched;
    v.hard = rep->score.hard;
    v.soft = rep->score.soft;
    v.hash = hash;
    v.who = (char *)who;
    v.at = now();
    v.note = (char *)(note ? note : "");
    char *draft_text = json_dumps(w.doc, JSON_COMPACT);
    int rc = salle__store_begin(st);
    if (rc == 0) {
        number = salle__store_version_add(st, &v);
        rc = number < 0 ? -1 : salle__store_request_mark_published(st, number);
        char after[200];
        snprintf(after, sizeof after, "{\"version\": %d, \"hash\": \"%s\"}", number, hash);
        rc = commit_with(st, rc, draft_text, sched, who, "publish", NULL, after);
    }
    free(draft_text);
    if (rc < 0) {
        number = -1;
        werr(e, 500, "store: %s", salle__store_error(st));
        salle__publish_discard(staged);
    } else if (staged && salle__publish_swap(staged, public_dir, &d) < 0) {
        fprintf(stderr, "salle serve: version %d is published but %s\n", number, d.msg);
    }
out:
    free(staged);
    free(inst_text);
    free(sched);
    salle_report_free(rep);
    salle_schedule_free(s);
    salle_schedule_free(prev);
    salle_instance_free(prev_inst);
    json_decref(tp);
    json_decref(doc);
    salle_instance_free(inst);
    state_free(&w);
    return number;
}

char *salle__wf_programme(salle__store *st, salle__wf_err *e)
{
    salle__version v;
    if (salle__store_version_get(st, 0, &v) < 0) {
        werr(e, 404, "nothing is published yet");
        return NULL;
    }
    json_t *j = json_loads(v.schedule, 0, NULL);
    char *out = NULL;
    if (j) {
        json_object_set_new(j, "version", json_integer(v.number));
        json_object_set_new(j, "published_at", json_integer(v.at));
        json_object_set_new(j, "note", json_string(v.note ? v.note : ""));
        json_object_set_new(j, "hash", json_string(v.hash));
        out = json_dumps(j, JSON_INDENT(1));
        json_decref(j);
    } else
        werr(e, 500, "version %d's schedule is not JSON", v.number);
    salle__store_version_clear(&v);
    return out;
}

salle_instance *salle__wf_draft_instance(salle__store *st, salle__wf_err *e)
{
    state w;
    if (state_load(st, &w, e) < 0)
        return NULL;
    salle_instance *inst = view_instance(&w, VIEW_REPLAN, NULL, e);
    state_free(&w);
    return inst;
}
