/*
 * edit.c: edits of the working draft from the admin's and organizers' pages (edit.h): one
 * session's people, needs, duration, pin and links, validated field by field so that the page's
 * error summary can point at the field, then the whole draft parsed again so that nothing the
 * instance parser refuses is ever stored; and the draft scored by the checker for the grid.
 */
#include "server/edit.h"
#include "base/internal.h"
#include "base/tr.h"
#include "engine/explain.h"
#include "server/http.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const salle__edit_link_types[SALLE_EDIT_NLINKS] = {"remote", "document", "report",
                                                               "transcript", "recording"};
const char *const salle__edit_link_labels[SALLE_EDIT_NLINKS] = {
    N_("Remote participation link"), N_("Shared document"), N_("Report"), N_("Transcript"), N_("Recording")};

/* The form errors in the language of the page that shows them (the API's requests are English). */
#define TR(s) salle__tr(salle__page_lang(), s)

static json_t *by_id(json_t *arr, const char *id) { return salle__wf_find_by_id(arr, id, NULL); }

/* ---------------------------------------------------------------- the draft, scored */

typedef struct placed {
    int start, room, session;
} placed;

static int placed_cmp(const void *a, const void *b)
{
    const placed *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->room - y->room;
}

/* Swaps the schedule's stored reasons with those said in the page's language (where there is one). */
static void swap_reasons(salle_schedule *s, char **said)
{
    for (int i = 0; i < s->nunscheduled; i++)
        if (said[i]) {
            char *x = s->unscheduled[i].reason;
            s->unscheduled[i].reason = said[i];
            said[i] = x;
        }
}

json_t *salle__edit_draft_view(salle__store *st, salle__wf_err *e)
{
    salle_instance *inst = salle__wf_draft_instance(st, e);
    if (!inst)
        return NULL;
    char *itext = NULL, *stext = NULL;
    salle_schedule *s = NULL;
    if (salle__store_draft_get(st, &itext, &stext) == 0 && stext) {
        salle_diag d = {0};
        s = salle_schedule_parse(stext, strlen(stext), "draft schedule", inst, &d);
    }
    free(itext);
    free(stext);
    if (!s)
        s = salle_schedule_new(); /* not solved yet: every session is unplaced */
    /* the solver's reasons in the page's language, where the instance gives them again: the
     * checker's "X is not placed: REASON" quotes them, and the list below shows them */
    char **said = salle__unplaced_lang(inst, s, salle__page_lang());
    swap_reasons(s, said);
    salle_report *rep = salle_check_lang(inst, s, salle__page_lang()); /* the API's: English */
    swap_reasons(s, said); /* back: s has the solver's English, said the page's words */
    json_t *viol = json_array(), *days = json_array(), *rooms = json_array();
    json_t *pl = json_array(), *un = json_array();
    for (int i = 0; i < rep->nviolations; i++)
        json_array_append_new(viol, json_pack("{sbss}", "hard", rep->violations[i].hard, "text",
                                              rep->violations[i].text));
    for (int d = 0; d < inst->event.ndays; d++)
        json_array_append_new(days, json_string(inst->event.days[d]));
    for (int r = 0; r < inst->nrooms; r++)
        json_array_append_new(rooms, json_pack("{ssss}", "id", inst->rooms[r].id, "name",
                                               inst->rooms[r].name ? inst->rooms[r].name : inst->rooms[r].id));
    placed *v = salle__xcalloc((size_t)s->nassign + 1, sizeof *v);
    char *seen = salle__xcalloc((size_t)inst->nsessions + 1, 1);
    for (int i = 0; i < s->nassign; i++) {
        v[i] = (placed){s->assign[i].start, s->assign[i].room, s->assign[i].session};
        seen[s->assign[i].session] = 1;
    }
    qsort(v, (size_t)s->nassign, sizeof *v, placed_cmp);
    for (int i = 0; i < s->nassign; i++) {
        const salle_session *ss = &inst->sessions[v[i].session];
        char a[32], b[32];
        salle_time_iso(inst, v[i].start, a);
        salle_time_iso(inst, v[i].start + ss->duration, b);
        int day = salle_time_day(inst, v[i].start);
        json_array_append_new(pl, json_pack("{ssssssssssss}", "session", ss->id, "title", ss->title,
                                            "room", inst->rooms[v[i].room].id, "day",
                                            day >= 0 ? inst->event.days[day] : "", "start",
                                            strlen(a) > 11 ? a + 11 : a, "end", strlen(b) > 11 ? b + 11 : b));
    }
    for (int i = 0; i < s->nunscheduled; free(said[i++])) {
        const salle_session *ss = &inst->sessions[s->unscheduled[i].session];
        seen[s->unscheduled[i].session] = 1;
        json_array_append_new(un, json_pack("{ssssss ss?}", "session", ss->id, "title", ss->title, "reason",
                                            s->unscheduled[i].reason ? s->unscheduled[i].reason : "", "said", said[i]));
    }
    free(said);
    for (int i = 0; i < inst->nsessions; i++)
        if (!seen[i] && !inst->sessions[i].cancelled)
            json_array_append_new(un, json_pack("{ssssssss}", "session", inst->sessions[i].id, "title",
                                                inst->sessions[i].title, "reason",
                                                "not placed in the draft yet: solve or re-plan", "said",
                                                TR("not placed in the draft yet: solve or re-plan")));
    /* with sessions left out: the counts that prove they cannot all fit, in the page's language */
    char *why = json_array_size(un) ? salle__explain_lang(inst, s, salle__page_lang()) : NULL;
    json_t *out = json_pack("{sI sI so so so so so ss?}", "hard", (json_int_t)rep->score.hard, "soft",
                            (json_int_t)rep->score.soft, "violations", viol, "days", days, "rooms",
                            rooms, "placed", pl, "unplaced", un, "why", why);
    free(why);
    free(seen);
    free(v);
    salle_report_free(rep);
    salle_schedule_free(s);
    salle_instance_free(inst);
    return out;
}

/* ---------------------------------------------------------------- one session */

static json_t *load_doc(salle__store *st, char **sched, salle__wf_err *e)
{
    char *text = NULL;
    if (salle__store_draft_get(st, &text, sched) < 0) {
        salle__wf_fail(e, 409, "there is no programme yet: upload one first");
        snprintf(e->said, sizeof e->said, "%s", TR("There is no programme yet: upload one on the administration page first."));
        return NULL;
    }
    json_t *doc = json_loads(text, 0, NULL);
    free(text);
    if (!doc)
        salle__wf_fail(e, 500, "the stored draft is not JSON");
    return doc;
}

json_t *salle__edit_session_get(salle__store *st, const char *session, salle__wf_err *e)
{
    json_t *doc = load_doc(st, NULL, e);
    if (!doc)
        return NULL;
    json_t *s = by_id(json_object_get(doc, "sessions"), session);
    if (!s) {
        json_decref(doc);
        salle__wf_fail(e, 404, "there is no session \"%s\" in the programme", session);
        snprintf(e->said, sizeof e->said, TR("There is no session \"%s\" in the programme."), session);
        return NULL;
    }
    json_t *out = json_deep_copy(s), *people = json_array(), *rooms = json_array();
    static const char *const roles[2][2] = {{"organizers", "organizer"}, {"speakers", "speaker"}};
    for (int k = 0; k < 2; k++) {
        size_t i;
        json_t *p;
        json_array_foreach(json_object_get(s, roles[k][0]), i, p) {
            const char *id = json_string_value(p);
            if (!id)
                continue;
            json_t *person = by_id(json_object_get(doc, "people"), id);
            const char *name = json_string_value(json_object_get(person, "name"));
            char mail[256] = "";
            if (salle__store_email_get(st, id, mail, sizeof mail) < 0) {
                const char *m = json_string_value(json_object_get(person, "email"));
                snprintf(mail, sizeof mail, "%s", m ? m : "");
            }
            json_array_append_new(people, json_pack("{ssssssss}", "id", id, "name", name ? name : id,
                                                    "email", mail, "role", roles[k][1]));
        }
    }
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(doc, "rooms"), i, r) {
        const char *rid = json_string_value(json_object_get(r, "id"));
        const char *name = json_string_value(json_object_get(r, "name"));
        if (rid)
            json_array_append_new(rooms, json_pack("{ssss}", "id", rid, "name", name ? name : rid));
    }
    json_object_set_new(out, "people", people);
    json_object_set_new(out, "rooms", rooms);
    json_decref(doc);
    return out;
}

static void add_error(json_t *errs, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void add_error(json_t *errs, const char *field, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_array_append_new(errs, json_pack("{ssss}", "field", field, "message", msg));
}

/* An address a person typed: something@something.something, no spaces (the SMTP server is the
 * final judge; this catches typing slips before a message is composed). */
static int email_ok(const char *m)
{
    const char *at = strchr(m, '@');
    return at && at != m && !strchr(at + 1, '@') && strchr(at + 1, '.') && !strpbrk(m, " \t\r\n<>,;") &&
           at[1] != '.' && m[strlen(m) - 1] != '.';
}

static int id_ok(const char *id)
{
    if (!*id || strlen(id) > 100)
        return 0;
    for (const char *p = id; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '/' || *p == '"')
            return 0;
    return 1;
}

static void edit_people(json_t *doc, json_t *s, const json_t *people, json_t *errs)
{
    json_t *org = json_array(), *spk = json_array();
    size_t i;
    json_t *p;
    json_array_foreach(people, i, p) {
        const char *id = json_string_value(json_object_get(p, "id"));
        const char *name = json_string_value(json_object_get(p, "name"));
        const char *mail = json_string_value(json_object_get(p, "email"));
        const char *role = json_string_value(json_object_get(p, "role"));
        if (!id || !id_ok(id)) {
            add_error(errs, "people", TR("Each person needs an id without spaces, such as p-7 (\"%s\" is not one)"),
                      id ? id : "");
            continue;
        }
        if (mail && *mail && !email_ok(mail)) {
            add_error(errs, "people", TR("%s: enter an e-mail address such as name@example.org"), id);
            continue;
        }
        json_t *person = by_id(json_object_get(doc, "people"), id);
        if (!person) {
            if (!json_is_array(json_object_get(doc, "people")))
                json_object_set_new(doc, "people", json_array());
            person = json_pack("{ssss}", "id", id, "name", name && *name ? name : id);
            json_array_append_new(json_object_get(doc, "people"), person);
        } else if (name && *name)
            json_object_set_new(person, "name", json_string(name));
        if (mail && *mail)
            json_object_set_new(person, "email", json_string(mail));
        json_array_append_new(role && strcmp(role, "speaker") == 0 ? spk : org, json_string(id));
    }
    json_object_set_new(s, "organizers", org);
    json_object_set_new(s, "speakers", spk);
}

static void edit_needs(const salle_instance *inst, json_t *s, const json_t *needs, json_t *errs)
{
    size_t i;
    json_t *n;
    json_array_foreach(needs, i, n) {
        const char *f = json_string_value(n);
        int known = 0;
        for (int k = 0; f && k < inst->nfeatures; k++)
            known |= strcmp(inst->feature_names[k], f) == 0;
        if (!known)
            add_error(errs, "needs", TR("No room offers \"%s\": use the features the rooms list"), f ? f : "");
    }
    json_object_set(s, "needs", (json_t *)needs);
}

static void edit_pin(const salle_instance *inst, json_t *s, const json_t *pin, json_t *errs)
{
    if (json_is_null(pin)) {
        json_object_del(s, "pinned");
        return;
    }
    const char *room = json_string_value(json_object_get(pin, "room"));
    const char *start = json_string_value(json_object_get(pin, "start"));
    json_t *out = json_object();
    int t;
    if (room && *room) {
        if (salle_instance_room(inst, room) < 0)
            add_error(errs, "pin-room", TR("There is no room \"%s\": choose one of the rooms listed"), room);
        json_object_set_new(out, "room", json_string(room));
    }
    if (start && *start) {
        if (salle_time_parse_iso(inst, start, &t) < 0)
            add_error(errs, "pin-start", TR("Enter the start as an event day and time such as "
                                         "2018-11-13T14:00 (\"%s\" is not one)"), start);
        json_object_set_new(out, "start", json_string(start));
    }
    if (json_object_size(out))
        json_object_set_new(s, "pinned", out);
    else {
        json_decref(out);
        json_object_del(s, "pinned");
    }
}

static void edit_links(json_t *s, const json_t *links, json_t *errs)
{
    json_t *old = json_object_get(s, "links"), *keep = json_array();
    size_t i;
    json_t *l;
    json_array_foreach(old, i, l) {
        const char *type = json_string_value(json_object_get(l, "type"));
        if (!type || !json_object_get(links, type))
            json_array_append(keep, l); /* types not named: the source's own, kept as they are */
    }
    for (int k = 0; k < SALLE_EDIT_NLINKS; k++) {
        const char *type = salle__edit_link_types[k];
        json_t *nl = json_object_get(links, type);
        const char *url = json_string_value(json_object_get(nl, "url"));
        if (!nl || json_is_null(nl) || !url || !*url)
            continue;
        char field[32];
        snprintf(field, sizeof field, "link-%s", type);
        if ((strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0) || strpbrk(url, " \t\r\n<>\"")) {
            add_error(errs, field, TR("%s: enter a web address starting with https://"), TR(salle__edit_link_labels[k]));
            continue;
        }
        json_t *o = json_pack("{ssss}", "url", url, "type", type);
        const char *title = json_string_value(json_object_get(nl, "title"));
        const char *note = json_string_value(json_object_get(nl, "note"));
        if (title && *title)
            json_object_set_new(o, "title", json_string(title));
        if (note && *note)
            json_object_set_new(o, "note", json_string(note));
        json_array_append_new(keep, o);
    }
    if (json_array_size(keep))
        json_object_set_new(s, "links", keep);
    else {
        json_decref(keep);
        json_object_del(s, "links");
    }
}

int salle__edit_session(salle__store *st, const char *session, const json_t *edit, const char *who,
                        json_t **errors, salle__wf_err *e)
{
    *errors = NULL;
    /* read, change and write under one transaction: no other write comes in between */
    if (salle__store_begin(st) < 0)
        return salle__wf_fail(e, 500, "store: %s", salle__store_error(st));
    char *sched = NULL;
    json_t *doc = load_doc(st, &sched, e), *errs = json_array(), *before = NULL;
    salle_instance *inst = NULL;
    char *text = NULL, *b = NULL, *a = NULL;
    int rc = -1;
    json_t *s = doc ? by_id(json_object_get(doc, "sessions"), session) : NULL;
    if (doc && !s) {
        salle__wf_fail(e, 404, "there is no session \"%s\" in the programme", session);
        snprintf(e->said, sizeof e->said, TR("There is no session \"%s\" in the programme."), session);
    }
    if (!s)
        goto out;
    text = json_dumps(doc, JSON_COMPACT);
    salle_diag d = {0};
    inst = salle_instance_parse(text, strlen(text), "draft", &d);
    free(text);
    text = NULL;
    if (!inst) {
        salle__wf_fail(e, 500, "the stored draft is not a valid programme: %s", d.msg);
        goto out;
    }
    before = json_deep_copy(s);
    json_t *v;
    if ((v = json_object_get(edit, "people")))
        edit_people(doc, s, v, errs);
    if ((v = json_object_get(edit, "needs")))
        edit_needs(inst, s, v, errs);
    if ((v = json_object_get(edit, "duration"))) {
        json_int_t m = json_integer_value(v);
        if (!json_is_integer(v) || m <= 0 || m > 24 * 60)
            add_error(errs, "duration", "%s", TR("Enter the duration in minutes, such as 90, or as 1h30"));
        else if (inst->event.grid > 0 && m % inst->event.grid) {
            add_error(errs, "duration", TR("Enter a duration that is a multiple of the event's %d-minute grid"),
                      inst->event.grid);
        } else
            json_object_set(s, "duration", v);
    }
    if ((v = json_object_get(edit, "pinned")))
        edit_pin(inst, s, v, errs);
    if ((v = json_object_get(edit, "links")))
        edit_links(s, v, errs);
    if (json_array_size(errs) == 0) {
        /* the whole draft again, as the parser reads it: nothing it refuses is stored */
        text = json_dumps(doc, JSON_COMPACT);
        salle_instance *check = salle_instance_parse(text, strlen(text), "draft", &d);
        if (!check)
            add_error(errs, "main", TR("The session would not be valid: %s"), d.msg);
        salle_instance_free(check);
    }
    if (json_array_size(errs)) {
        *errors = errs;
        errs = NULL;
        e->status = 400;
        snprintf(e->msg, sizeof e->msg, "the edit is not valid");
        goto out;
    }
    char what[200];
    snprintf(what, sizeof what, "edit session %s", session);
    b = json_dumps(before, JSON_COMPACT);
    a = json_dumps(s, JSON_COMPACT);
    rc = salle__store_draft_set(st, text, sched);
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(edit, "people"), i, p) {
        const char *id = json_string_value(json_object_get(p, "id"));
        const char *mail = json_string_value(json_object_get(p, "email"));
        if (rc == 0 && id && mail && *mail)
            rc = salle__store_email_set(st, id, mail);
    }
    if (rc == 0)
        rc = salle__store_audit(st, who, what, b, a);
    if (rc == 0) {
        rc = salle__store_commit(st); /* rolls back itself when it fails */
        if (rc < 0)
            salle__wf_fail(e, 500, "store: %s", salle__store_error(st));
        goto done;
    }
    salle__wf_fail(e, 500, "store: %s", salle__store_error(st));
out:
    rc = -1;
    salle__store_rollback(st);
done:
    free(a);
    free(b);
    free(text);
    free(sched);
    json_decref(before);
    json_decref(errs);
    salle_instance_free(inst);
    json_decref(doc);
    return rc;
}

char *salle__edit_person_name(salle__store *st, const char *person)
{
    salle__wf_err e = {0};
    json_t *doc = load_doc(st, NULL, &e);
    const char *name = json_string_value(json_object_get(by_id(json_object_get(doc, "people"), person), "name"));
    char *out = name && *name ? salle__xstrdup(name) : NULL;
    json_decref(doc);
    return out;
}
