/*
 * pages_edit.c: the admin's and organizers' editing pages (issue 9, points 5 and 7): the draft as
 * a grid and a list with its score and every violation in the checker's words, a session's edit
 * form (people with e-mail, needs, duration, pin, links), an organizer's form for their own
 * session's links, and the outbox reviewed before sending. Same patterns as pages.c: no script,
 * an error summary that takes focus and names each field, a CSRF token on every form; the edits
 * themselves are edit.c's, one transaction each with its audit entry.
 */
#include "server/pages.h"
#include "base/internal.h"
#include "formats/import.h"
#include "server/edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *title_of(const json_t *s, const char *id)
{
    const char *t = json_string_value(json_object_get(s, "title"));
    return t && *t ? t : id;
}

static void session_link(salle__html_buf *b, const char *id, const char *title)
{
    salle__html_put(b, "<a href=\"/admin/sessions/");
    salle__page_href_id(b, id);
    salle__html_put(b, "\">");
    salle__page_content(b, title && *title ? title : id, NULL);
    salle__html_put(b, "</a>");
}

/* ---------------------------------------------------------------- the draft as a grid */

/* An error summary with every problem of a form, each a link to its field (GOV.UK). */
static void error_list(salle__html_buf *b, const json_t *errs)
{
    salle__html_put(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus "
                       "aria-labelledby=\"error-title\">\n<h2 id=\"error-title\">");
    salle__html_esc(b, TR("There is a problem"));
    salle__html_put(b, "</h2>\n<ul>\n");
    size_t i;
    json_t *er;
    json_array_foreach(errs, i, er) {
        const char *f = json_string_value(json_object_get(er, "field"));
        salle__html_put(b, "<li>");
        if (f && strcmp(f, "main") != 0)
            salle__html_printf(b, "<a href=\"#%s\">", f);
        salle__html_esc(b, json_string_value(json_object_get(er, "message")));
        salle__html_put(b, f && strcmp(f, "main") != 0 ? "</a></li>\n" : "</li>\n");
    }
    salle__html_put(b, "</ul>\n</div>\n");
}

void salle__page_draft(salle__ctx *x, salle__resp *r)
{
    salle__wf_err e = {0};
    json_t *v = salle__edit_draft_view(x->s->st, &e);
    if (!v) {
        salle__page_message(r, e.status ? e.status : 500, TR("No draft"), salle__wf_said(&e));
        return;
    }
    salle__html_buf b = {0};
    salle__page_head(&b, TR("The draft"));
    salle__html_printf(&b, "<h1>%s</h1>\n<p>", TR("The draft"));
    /* TRANSLATORS: the <strong> marks the count of hard violations; keep it around it */
    salle__html_printf(&b, TR("Score: <strong>%lld hard</strong> (rules broken), %lld soft."),
                       (long long)json_integer_value(json_object_get(v, "hard")),
                       (long long)json_integer_value(json_object_get(v, "soft")));
    salle__html_printf(&b, " <a href=\"/admin\">%s</a></p>\n", TR("Back to the administration"));
    json_t *viol = json_object_get(v, "violations"), *rooms = json_object_get(v, "rooms");
    json_t *placed = json_object_get(v, "placed"), *it;
    size_t i, k;
    salle__html_printf(&b, "<h2>%s (%zu)</h2>\n", TR("What the checker says"), json_array_size(viol));
    if (json_array_size(viol)) {
        salle__html_put(&b, "<ul>\n");
        json_array_foreach(viol, i, it) {
            salle__html_printf(&b, json_is_true(json_object_get(it, "hard")) ? "<li><strong>%s</strong> "
                                                                            : "<li>%s ",
                               json_is_true(json_object_get(it, "hard")) ? TR("Hard:") : TR("Soft:"));
            salle__html_esc(&b, json_string_value(json_object_get(it, "text"))); /* in the page's language */
            salle__html_put(&b, "</li>\n");
        }
        salle__html_put(&b, "</ul>\n");
    } else
        salle__html_printf(&b, "<p>%s</p>\n", TR("Nothing: the draft breaks no rule and misses no goal."));
    json_t *day;
    size_t d;
    json_array_foreach(json_object_get(v, "days"), d, day) {
        const char *dn = json_string_value(day);
        /* the day's start times, in order (placed is sorted by start) */
        json_t *starts = json_array();
        json_array_foreach(placed, i, it) {
            const char *st = json_string_value(json_object_get(it, "start"));
            if (strcmp(json_string_value(json_object_get(it, "day")), dn) == 0 &&
                (!json_array_size(starts) ||
                 strcmp(json_string_value(json_array_get(starts, json_array_size(starts) - 1)), st) != 0))
                json_array_append_new(starts, json_string(st));
        }
        salle__html_printf(&b, "<h2 id=\"day-%s\">%s</h2>\n", dn, dn);
        if (!json_array_size(starts)) {
            salle__html_printf(&b, "<p>%s</p>\n", TR("Nothing is placed on this day."));
            json_decref(starts);
            continue;
        }
        salle__html_printf(&b, "<div class=\"grid-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"day-%s\">\n"
                               "<table class=\"grid\">\n<caption>", dn);
        salle__html_printf(&b, TR("Sessions on %s by room and start time"), dn);
        salle__html_printf(&b, "</caption>\n"
                               "<thead><tr><th scope=\"col\">%s</th>", TR("Start"));
        json_array_foreach(rooms, k, it) {
            salle__html_put(&b, "<th scope=\"col\">");
            salle__html_esc(&b, json_string_value(json_object_get(it, "name")));
            salle__html_put(&b, "</th>");
        }
        salle__html_put(&b, "</tr></thead>\n<tbody>\n");
        json_t *st;
        size_t t;
        json_array_foreach(starts, t, st) {
            salle__html_printf(&b, "<tr><th scope=\"row\">%s</th>", json_string_value(st));
            json_t *room;
            json_array_foreach(rooms, k, room) {
                salle__html_put(&b, "<td>");
                json_array_foreach(placed, i, it)
                    if (strcmp(json_string_value(json_object_get(it, "day")), dn) == 0 &&
                        strcmp(json_string_value(json_object_get(it, "start")), json_string_value(st)) == 0 &&
                        strcmp(json_string_value(json_object_get(it, "room")),
                               json_string_value(json_object_get(room, "id"))) == 0) {
                        salle__html_printf(&b, "<span class=\"when\">%s\xe2\x80\x93%s</span> ",
                                           json_string_value(st), json_string_value(json_object_get(it, "end")));
                        session_link(&b, json_string_value(json_object_get(it, "session")),
                                     json_string_value(json_object_get(it, "title")));
                    }
                salle__html_put(&b, "</td>");
            }
            salle__html_put(&b, "</tr>\n");
        }
        salle__html_put(&b, "</tbody>\n</table>\n</div>\n");
        json_decref(starts);
    }
    json_t *un = json_object_get(v, "unplaced");
    if (json_array_size(un)) {
        salle__html_printf(&b, "<h2>%s (%zu)</h2>\n<ul>\n", TR("Not placed"), json_array_size(un));
        json_array_foreach(un, i, it) {
            salle__html_put(&b, "<li>");
            session_link(&b, json_string_value(json_object_get(it, "session")),
                         json_string_value(json_object_get(it, "title")));
            salle__html_put(&b, ": ");
            const char *said = json_string_value(json_object_get(it, "said"));
            if (said) /* in the page's language: the server's words, or the solver's said again */
                salle__html_esc(&b, said);
            else /* a reason the instance no longer gives (it changed since the solve), in English */
                salle__page_en(&b, json_string_value(json_object_get(it, "reason")));
            salle__html_put(&b, "</li>\n");
        }
        salle__html_put(&b, "</ul>\n");
        /* what proves that they cannot all be placed (salle__explain_lang), or that nothing does */
        const char *why = json_string_value(json_object_get(v, "why"));
        salle__html_printf(&b, "<h3>%s</h3>\n", TR("Why they cannot all be placed"));
        if (why && *why) {
            salle__html_put(&b, "<ul>\n");
            for (const char *line = why; *line;) {
                size_t n = strcspn(line, "\n");
                salle__html_put(&b, "<li>");
                char *one = strndup(line, n);
                salle__html_esc(&b, one ? one : "");
                free(one);
                salle__html_put(&b, "</li>\n");
                line += n + (line[n] == '\n');
            }
            salle__html_put(&b, "</ul>\n");
        } else
            salle__html_printf(&b, "<p>%s</p>\n", TR("No simple count proves that the sessions cannot all fit: "
                                                   "the search may have missed a schedule, or the reasons above "
                                                   "depend on how the others are placed."));
    }
    salle__html_printf(&b, "<h2>%s</h2>\n<table>\n<caption>%s"
                        "</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                       TR("The same, as a list"), TR("Every placed session of the draft"), TR("Day"), TR("Time"),
                       TR("Room"), TR("Session"));
    json_array_foreach(placed, i, it) {
        salle__html_put(&b, "<tr><td>");
        salle__html_esc(&b, json_string_value(json_object_get(it, "day")));
        salle__html_put(&b, "</td><td>");
        salle__html_esc(&b, json_string_value(json_object_get(it, "start")));
        salle__html_put(&b, "\xe2\x80\x93");
        salle__html_esc(&b, json_string_value(json_object_get(it, "end")));
        salle__html_put(&b, "</td><td>");
        salle__html_esc(&b, json_string_value(json_object_get(it, "room")));
        salle__html_put(&b, "</td><td>");
        session_link(&b, json_string_value(json_object_get(it, "session")),
                     json_string_value(json_object_get(it, "title")));
        salle__html_put(&b, "</td></tr>\n");
    }
    salle__html_put(&b, "</tbody>\n</table>\n");
    json_decref(v);
    salle__resp_html(r, 200, salle__page_finish(&b));
}

/* ---------------------------------------------------------------- editing a session */

/* What an edit form shows: the stored session, or what was typed when it came back with errors. */
typedef struct edit_values {
    char *organizers, *speakers, *needs, *duration, *pin_room, *pin_start;
    char *link[SALLE_EDIT_NLINKS], *remote_note;
} edit_values;

static void values_free(edit_values *v)
{
    free(v->organizers), free(v->speakers), free(v->needs), free(v->duration);
    free(v->pin_room), free(v->pin_start), free(v->remote_note);
    for (int k = 0; k < SALLE_EDIT_NLINKS; k++)
        free(v->link[k]);
}

static char *dup_or_empty(const char *s) { return salle__xstrdup(s ? s : ""); }

static void values_of_session(const json_t *s, edit_values *v)
{
    memset(v, 0, sizeof *v);
    salle__html_buf org = {0}, spk = {0}, needs = {0};
    salle__html_put(&org, ""), salle__html_put(&spk, ""), salle__html_put(&needs, "");
    size_t i;
    json_t *p;
    json_array_foreach(json_object_get(s, "people"), i, p) {
        salle__html_buf *to = strcmp(json_string_value(json_object_get(p, "role")), "speaker") == 0 ? &spk : &org;
        const char *mail = json_string_value(json_object_get(p, "email"));
        salle__html_printf(to, "%s, %s%s%s\n", json_string_value(json_object_get(p, "id")),
                           json_string_value(json_object_get(p, "name")), *mail ? ", " : "", mail);
    }
    json_array_foreach(json_object_get(s, "needs"), i, p)
        salle__html_printf(&needs, "%s%s", i ? ", " : "", json_string_value(p) ? json_string_value(p) : "");
    v->organizers = org.s, v->speakers = spk.s, v->needs = needs.s;
    json_t *du = json_object_get(s, "duration");
    v->duration = json_is_integer(du) ? salle__xasprintf("%lld", (long long)json_integer_value(du))
                                      : dup_or_empty(json_string_value(du));
    json_t *pin = json_object_get(s, "pinned");
    v->pin_room = dup_or_empty(json_string_value(json_object_get(pin, "room")));
    v->pin_start = dup_or_empty(json_string_value(json_object_get(pin, "start")));
    for (int k = 0; k < SALLE_EDIT_NLINKS; k++) {
        json_array_foreach(json_object_get(s, "links"), i, p) {
            const char *type = json_string_value(json_object_get(p, "type"));
            if (!v->link[k] && type && strcmp(type, salle__edit_link_types[k]) == 0) {
                v->link[k] = dup_or_empty(json_string_value(json_object_get(p, "url")));
                if (k == 0)
                    v->remote_note = dup_or_empty(json_string_value(json_object_get(p, "note")));
            }
        }
        if (!v->link[k])
            v->link[k] = dup_or_empty(NULL);
    }
    if (!v->remote_note)
        v->remote_note = dup_or_empty(NULL);
}

/* A form field's value without the spaces around it; "" when absent. */
static char *field_value(const salle__form *f, const char *key)
{
    char *t = salle__imp_trim(salle__form_get(f, key));
    return t ? t : salle__xstrdup("");
}

static void values_of_form(const salle__form *f, edit_values *v)
{
    memset(v, 0, sizeof *v);
    v->organizers = field_value(f, "people");
    v->speakers = field_value(f, "speakers");
    v->needs = field_value(f, "needs");
    v->duration = field_value(f, "duration");
    v->pin_room = field_value(f, "pin-room");
    v->pin_start = field_value(f, "pin-start");
    v->remote_note = field_value(f, "link-remote-note");
    for (int k = 0; k < SALLE_EDIT_NLINKS; k++) {
        char key[32];
        snprintf(key, sizeof key, "link-%s", salle__edit_link_types[k]);
        v->link[k] = field_value(f, key);
    }
}

/* The first error message errs has for field id, or NULL. */
static const char *error_for(const json_t *errs, const char *id)
{
    size_t i;
    json_t *er;
    json_array_foreach(errs, i, er)
        if (strcmp(json_string_value(json_object_get(er, "field")), id) == 0)
            return json_string_value(json_object_get(er, "message"));
    return NULL;
}

/* A labelled text input (or textarea, rows > 0) with an optional hint, its error message above
 * it (GOV.UK) when errs has one for it, and the value to show. */
static void input(salle__html_buf *b, const json_t *errs, const char *id, const char *label,
                  const char *hint, const char *value, int rows)
{
    const char *err = error_for(errs, id);
    salle__html_printf(b, "<p%s><label for=\"%s\">%s</label><br>", err ? " class=\"field-error\"" : "", id, label);
    if (hint) {
        salle__html_printf(b, "<span id=\"%s-hint\" class=\"hint\">", id);
        salle__html_esc(b, hint);
        salle__html_put(b, "</span><br>");
    }
    if (err) {
        salle__html_printf(b, "<span id=\"%s-error\" class=\"error-message\"><span class=\"visually-hidden\">"
                              "%s </span>", id, TR("Error:"));
        salle__html_esc(b, err);
        salle__html_put(b, "</span><br>");
    }
    if (rows)
        salle__html_printf(b, "<textarea id=\"%s\" name=\"%s\" rows=\"%d\"", id, id, rows);
    else
        salle__html_printf(b, "<input type=\"text\" id=\"%s\" name=\"%s\"", id, id);
    if (hint || err)
        salle__html_printf(b, " aria-describedby=\"%s%s%s%s%s\"", hint ? id : "", hint ? "-hint" : "",
                           hint && err ? " " : "", err ? id : "", err ? "-error" : "");
    if (rows) {
        salle__html_put(b, ">");
        salle__html_esc(b, value);
        salle__html_put(b, "</textarea></p>\n");
    } else {
        salle__html_put(b, " value=\"");
        salle__html_esc(b, value);
        salle__html_put(b, "\"></p>\n");
    }
}

/* The link fields: all five types for the admin, the organizer's three (remote, document,
 * report) on their own page. */
static void link_inputs(salle__html_buf *b, const json_t *errs, const edit_values *v, int organizer)
{
    salle__html_printf(b, "<fieldset>\n<legend>%s</legend>\n<p class=\"hint\">%s</p>\n", TR("Links"), TR("Web addresses starting "
                       "with https://. Leave a field empty to remove that link."));
    for (int k = 0; k < (organizer ? 3 : SALLE_EDIT_NLINKS); k++) {
        char id[32];
        snprintf(id, sizeof id, "link-%s", salle__edit_link_types[k]);
        input(b, errs, id, TR(salle__edit_link_labels[k]), NULL, v->link[k], 0);
        if (k == 0)
            input(b, errs, "link-remote-note", TR("How accessible the remote platform is"),
                  TR("Such as: captions in English, screen reader tested"), v->remote_note, 0);
    }
    salle__html_put(b, "</fieldset>\n");
}

/* The admin's edit form for a session (organizer 0), or an organizer's form for their own
 * session's links (organizer 1: another session's page looks like one that does not exist).
 * typed: what came back with errs, or NULL to show what is stored. */
static void session_form(salle__ctx *x, salle__resp *r, const char *id, int organizer,
                         const edit_values *typed, const json_t *errs, const char *notice)
{
    salle__wf_err e = {0};
    json_t *s = salle__edit_session_get(x->s->st, id, &e);
    if (!s || (organizer && !salle__memo_is_organizer(x->s, id, x->tok.person))) {
        json_decref(s);
        salle__page_message(r, 404, TR("Page not found"), organizer ? TR("There is no such session among yours.") : salle__wf_said(&e));
        return;
    }
    edit_values own;
    const edit_values *v = typed;
    if (!v) {
        values_of_session(s, &own);
        v = &own;
    }
    salle__html_buf b = {0};
    salle__page_head(&b, organizer ? TR("Your session's links") : TR("Edit a session"));
    if (json_array_size(errs))
        error_list(&b, errs);
    /* TRANSLATORS: %s is the session's title */
    const char *h1 = organizer ? TR("Links for %s") : TR("Edit %s"), *hs = strstr(h1, "%s");
    salle__html_put(&b, "<h1>");
    salle__html_putn(&b, h1, hs ? (size_t)(hs - h1) : strlen(h1));
    salle__page_content(&b, title_of(s, id), json_string_value(json_object_get(s, "language")));
    salle__html_printf(&b, "%s</h1>\n", hs ? hs + 2 : "");
    if (notice) {
        salle__html_put(&b, "<p role=\"status\"><strong>");
        salle__html_esc(&b, notice);
        salle__html_put(&b, "</strong></p>\n");
    }
    salle__html_printf(&b, "<p>%s</p>\n", organizer ? TR("The programme shows these links with your session once the "
                                    "secretariat publishes the next version.")
                                  : TR("Changes go into the draft (and the audit log); the public "
                                    "programme changes when a version is published."));
    salle__html_put(&b, organizer ? "<form method=\"post\" action=\"/me/sessions/"
                                  : "<form method=\"post\" action=\"/admin/sessions/");
    salle__page_href_id(&b, id);
    salle__html_put(&b, "\" novalidate>\n");
    salle__page_csrf(&b, x, x->tok.hash);
    if (!organizer) {
        const char *people_hint = TR("One person a line: their id, their name, their e-mail address, "
                                          "separated by commas, such as: p-7, Ana Lima, ana@example.org");
        input(&b, errs, "people", TR("Organizers"), people_hint, v->organizers, 4);
        input(&b, errs, "speakers", TR("Speakers"), people_hint, v->speakers, 4);
        input(&b, errs, "needs", TR("Needs"), TR("Room features, separated by commas, such as: interpretation, "
                                          "webcast"), v->needs, 0);
        input(&b, errs, "duration", TR("Duration"), TR("Minutes, such as 90, or 1h30"), v->duration, 0);
        const char *perr = error_for(errs, "pin-room");
        salle__html_printf(&b, "<fieldset>\n<legend>%s</legend>\n<p%s><label for=\"pin-room\">"
                               "%s</label><br>", TR("Pin (a fixed place)"), perr ? " class=\"field-error\"" : "", TR("Room"));
        if (perr) {
            salle__html_printf(&b, "<span id=\"pin-room-error\" class=\"error-message\"><span "
                                "class=\"visually-hidden\">%s </span>", TR("Error:"));
            salle__html_esc(&b, perr);
            salle__html_put(&b, "</span><br>");
        }
        salle__html_printf(&b, "<select id=\"pin-room\" name=\"pin-room\"%s>\n<option value=\"\">%s"
                               "</option>\n", perr ? " aria-describedby=\"pin-room-error\"" : "", TR("Any room"));
        size_t i;
        json_t *room;
        json_array_foreach(json_object_get(s, "rooms"), i, room) {
            const char *rid = json_string_value(json_object_get(room, "id"));
            salle__html_put(&b, "<option value=\"");
            salle__html_esc(&b, rid);
            salle__html_put(&b, strcmp(rid, v->pin_room) == 0 ? "\" selected>" : "\">");
            salle__html_esc(&b, json_string_value(json_object_get(room, "name")));
            salle__html_put(&b, "</option>\n");
        }
        salle__html_put(&b, "</select></p>\n");
        input(&b, errs, "pin-start", TR("Start"), TR("Event day and time, such as 2018-11-13T14:00; empty: any time"),
              v->pin_start, 0);
        salle__html_put(&b, "</fieldset>\n");
    }
    link_inputs(&b, errs, v, organizer);
    salle__html_printf(&b, organizer ? "<button type=\"submit\">%s</button>\n</form>\n"
                                    "<p><a href=\"/me\">%s</a></p>\n"
                                  : "<button type=\"submit\">%s</button>\n</form>\n"
                                    "<p><a href=\"/admin/draft\">%s</a></p>\n",
                       organizer ? TR("Save links") : TR("Save changes"),
                       organizer ? TR("Back to your sessions") : TR("Back to the draft"));
    if (v == &own)
        values_free(&own);
    json_decref(s);
    salle__resp_html(r, json_array_size(errs) ? 400 : 200, salle__page_finish(&b));
}

void salle__page_session_form(salle__ctx *x, salle__resp *r, const char *id, int organizer)
{
    session_form(x, r, id, organizer, NULL, NULL, NULL);
}

/* "id, name, e-mail" lines into edit's "people" (a piece with an @ is the address). */
static void people_of(json_t *arr, const char *text, const char *role)
{
    char *copy = salle__xstrdup(text), *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        json_t *p = json_pack("{ss}", "role", role);
        char *s2 = NULL;
        int k = 0;
        for (char *part = strtok_r(line, ",", &s2); part; part = strtok_r(NULL, ",", &s2), k++) {
            char *t = salle__imp_trim(part);
            if (t)
                json_object_set_new(p, k == 0 ? "id" : strchr(t, '@') ? "email" : "name", json_string(t));
            free(t);
        }
        if (json_object_get(p, "id"))
            json_array_append_new(arr, p);
        else
            json_decref(p); /* a blank line */
    }
    free(copy);
}

static json_t *links_of(const edit_values *v, int n)
{
    json_t *links = json_object();
    for (int k = 0; k < n; k++)
        json_object_set_new(links, salle__edit_link_types[k],
                            *v->link[k] ? json_pack("{ssss}", "url", v->link[k], "note", k == 0 ? v->remote_note : "")
                                        : json_null());
    return links;
}

/* The POST of session_form: the admin's whole edit, or an organizer's three links. */
void salle__page_session_form_post(salle__ctx *x, salle__resp *r, const char *id, int organizer)
{
    salle__form f;
    if (!salle__page_form_post(x, r, &f))
        return;
    if (organizer && !salle__memo_is_organizer(x->s, id, x->tok.person)) {
        salle__page_message(r, 404, TR("Page not found"), TR("There is no such session among yours."));
        salle__form_free(&f);
        return;
    }
    edit_values v;
    values_of_form(&f, &v);
    json_t *edit = json_object();
    /* an organizer sets the remote link, the document and the report only */
    json_object_set_new(edit, "links", links_of(&v, organizer ? 3 : SALLE_EDIT_NLINKS));
    if (!organizer) {
        json_t *people = json_array(), *needs = json_array();
        people_of(people, v.organizers, "organizer");
        people_of(people, v.speakers, "speaker");
        json_object_set_new(edit, "people", people);
        char *nc = salle__xstrdup(v.needs), *save = NULL;
        for (char *n = strtok_r(nc, ",", &save); n; n = strtok_r(NULL, ",", &save)) {
            char *t = salle__imp_trim(n);
            if (t)
                json_array_append_new(needs, json_string(t));
            free(t);
        }
        free(nc);
        json_object_set_new(edit, "needs", needs);
        json_object_set_new(edit, "duration", json_integer(salle__parse_duration(v.duration)));
        json_object_set_new(edit, "pinned", *v.pin_room || *v.pin_start
                                                ? json_pack("{ssss}", "room", v.pin_room, "start", v.pin_start)
                                                : json_null());
    }
    char who[160];
    if (organizer)
        snprintf(who, sizeof who, "%s", x->tok.person);
    else
        snprintf(who, sizeof who, "admin (session %lld)", x->tok.id);
    json_t *errs = NULL;
    salle__wf_err e = {0};
    if (salle__edit_session(x->s->st, id, edit, who, &errs, &e) == 0)
        session_form(x, r, id, organizer, NULL, NULL, organizer ? TR("Your links are saved") : TR("Saved in the draft"));
    else if (errs)
        session_form(x, r, id, organizer, &v, errs, NULL);
    else
        salle__page_message(r, e.status ? e.status : 500, TR("The change was not saved"), salle__wf_said(&e));
    json_decref(errs);
    json_decref(edit);
    values_free(&v);
    salle__form_free(&f);
}

/* ---------------------------------------------------------------- the outbox, reviewed */

void salle__page_outbox(salle__ctx *x, salle__resp *r)
{
    salle__mail *mv;
    int n = salle__store_outbox_list(x->s->st, &mv), drafts = 0;
    salle__html_buf b = {0};
    salle__page_head(&b, TR("Review the outbox"));
    salle__html_printf(&b, "<h1>%s</h1>\n<p>%s</p>\n", TR("Review the outbox"), TR("Each message below waits for you. Nothing is "
                        "sent until you choose to send them."));
    for (int i = 0; i < n; i++) {
        if (strcmp(mv[i].state, "draft") != 0)
            continue;
        drafts++;
        salle__html_printf(&b, "<section aria-labelledby=\"mail-%lld\">\n<h2 id=\"mail-%lld\">", mv[i].id, mv[i].id);
        salle__html_printf(&b, TR("Message %d"), drafts);
        salle__html_printf(&b, "</h2>\n"
                               "<dl class=\"summary\">\n<dt>%s</dt><dd>", TR("To"));
        char *name = salle__edit_person_name(x->s->st, mv[i].person);
        salle__html_put(&b, "<bdi>");
        salle__html_esc(&b, name ? name : mv[i].person);
        free(name);
        salle__html_put(&b, " &lt;");
        salle__html_esc(&b, mv[i].email[0] ? mv[i].email : TR("no address: it will not be sent"));
        salle__html_put(&b, "&gt;</bdi>");
        salle__html_printf(&b, " (%s ", TR("person"));
        salle__html_esc(&b, mv[i].person);
        /* the message as it will be sent: in its recipient's language, marked as such */
        const char *ml = mv[i].lang[0] ? mv[i].lang : "en";
        const char *mname = salle__tr_name(ml);
        salle__html_printf(&b, ")</dd>\n<dt>%s</dt><dd><span lang=\"%s\">%s</span></dd>\n<dt>%s</dt><dd>",
                           TR("Written in"), ml, mname ? mname : "English", TR("Subject"));
        salle__page_content(&b, mv[i].subject, ml);
        char pre_attrs[64] = "";
        if (strcmp(ml, salle__page_lang()) != 0)
            snprintf(pre_attrs, sizeof pre_attrs, " lang=\"%s\" dir=\"%s\"", ml, salle__tr_rtl(ml) ? "rtl" : "ltr");
        salle__html_printf(&b, "</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n<pre class=\"mail\"%s>", TR("Attached"),
                           mv[i].ics && mv[i].ics[0] ? TR("sessions.ics, an iCalendar file with the places asked for")
                                                     : TR("nothing"), pre_attrs);
        const char *at = strstr(mv[i].body, "{{link}}");
        if (at) {
            char *pre = salle__xasprintf("%.*s", (int)(at - mv[i].body), mv[i].body);
            salle__html_esc(&b, pre);
            free(pre);
            /* in the message's language: it stands where the link will be */
            salle__html_put(&b, salle__tr(ml, "[a sign-in link, made when it is sent]"));
            salle__html_esc(&b, at + 8);
        } else
            salle__html_esc(&b, mv[i].body);
        salle__html_put(&b, "</pre>\n</section>\n");
    }
    if (!drafts)
        salle__html_printf(&b, "<p>%s</p>\n", TR("No message waits for review."));
    else {
        salle__page_form_open(&b, x, "/admin/outbox/send", NULL);
        salle__html_put(&b, "<button type=\"submit\">");
        salle__html_printf(&b, TRN("Send %d reviewed message", "Send %d reviewed messages", drafts), drafts);
        salle__html_put(&b, "</button>\n</form>\n");
    }
    salle__html_printf(&b, "<p><a href=\"/admin\">%s</a></p>\n", TR("Back to the administration"));
    salle__store_mail_list_free(mv, n);
    salle__resp_html(r, 200, salle__page_finish(&b));
}
