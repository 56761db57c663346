/*
 * pages.c: the server-rendered pages (no JavaScript; the CSP forbids script): sign-in by magic
 * link, an organizer's sessions and move requests with the answer form, and the admin's overview
 * (the editing pages are pages_edit.c).
 * GOV.UK patterns: one question per page, an error summary that takes focus, big targets, a focus
 * ring that is never hidden. A link's GET only shows a page; only POSTs act, and every form
 * carries a CSRF token tied to the signed-in session (or, on the sign-in page, to the link).
 */
#include "server/pages.h"
#include "base/internal.h"
#include "engine/explain.h"
#include "server/edit.h"
#include "server/reason.h"

#include <curl/curl.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char STYLE[] =
    "*{box-sizing:border-box}body{margin:0;font:19px/1.4 system-ui,-apple-system,'Segoe UI',"
    "Roboto,Arial,sans-serif;color:#0b0c0c;background:#fff}"
    "header{background:#0b0c0c;color:#fff;padding:12px 20px;display:flex;flex-wrap:wrap;align-items:center;"
    "justify-content:space-between;gap:8px 20px}header a{color:#fff}"
    ".langs ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 16px}"
    ".langs a{display:inline-block;min-height:24px;padding:2px 0}.langs a[aria-current]{font-weight:700}"
    "main{max-width:46em;margin:0 auto;padding:20px}h1{font-size:2rem;line-height:1.2}"
    "a{color:#1d70b8}a:visited{color:#4c2c92}"
    "a:focus,button:focus,input:focus,select:focus,textarea:focus,[tabindex]:focus{outline:3px solid #fd0;outline-offset:0;"
    "box-shadow:0 0 0 6px #0b0c0c;background:#fd0;color:#0b0c0c}"
    "button{font:inherit;min-height:44px;min-width:44px;padding:8px 16px;border:0;"
    "background:#00703c;color:#fff;box-shadow:0 2px 0 #002d18;cursor:pointer;margin:8px 0}"
    "button.secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191}"
    "fieldset{border:0;padding:0;margin:0 0 20px}legend{font-weight:700;font-size:1.3rem;margin-bottom:10px}"
    ".radio{display:flex;align-items:center;margin:10px 0;min-height:44px}"
    ".radio input{width:32px;height:32px;margin:0;margin-inline-end:12px;flex:none}"
    "dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:6px 20px}dt{font-weight:700}dd{margin:0}"
    ".error-summary{border:5px solid #d4351c;padding:15px;margin-bottom:20px}"
    ".error-summary:focus{background:#fff;color:#0b0c0c;outline:3px solid #fd0;box-shadow:none}"
    ".error-summary a{color:#d4351c;font-weight:700}.error-summary a:focus{color:#0b0c0c}"
    ".error-summary h2{margin-top:0}.tag{display:inline-block;padding:2px 8px;background:#dbe2ee;"
    "font-weight:700}.tag.pending{background:#fff7bf}.tag.accepted{background:#cce2d8}"
    ".tag.declined{background:#f6d7d2}table{border-collapse:collapse;width:100%;table-layout:fixed}"
    "th,td{overflow-wrap:anywhere;text-align:start;border-bottom:1px solid #b1b4b6;padding-block:8px;padding-inline:0 10px}"
    ".hint{color:#505a5f}input[type=text]{font:inherit;min-height:44px;width:100%;max-width:30em;"
    "border:2px solid #0b0c0c;padding:5px}"
    "textarea,select{font:inherit;min-height:44px;width:100%;max-width:30em;border:2px solid #0b0c0c;"
    "padding:5px;background:#fff;color:#0b0c0c}pre.mail{white-space:pre-wrap;background:#f3f2f1;padding:15px;"
    "font-size:1rem}.grid-wrap{overflow-x:auto;margin-bottom:20px}table.grid{min-width:40em;table-layout:auto}"
    "table.grid td{vertical-align:top}td a,li a{display:inline-block;min-height:24px;padding:2px 0}"
    "main:has(.grid-wrap){max-width:none}.when{display:block;font-size:1rem;color:#505a5f}.field-error{border-inline-start:5px solid #d4351c;"
    "padding-inline-start:15px}.error-message{color:#d4351c;font-weight:700}.field-error input,.field-error "
    "textarea,.field-error select{border-color:#d4351c}.visually-hidden{position:absolute;width:1px;"
    "height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
    "@media print{header,form{display:none}}\n";

/* ---------------------------------------------------------------- the visitor's language */

#define LANG_COOKIE "__Host-salle-lang"

/* The request's interface language and where the switcher's links go, per thread: a request is
 * answered on one thread from its start to its page (the same as render_html.c's page_lang), so
 * the helpers that write text without the request (salle__page_message, field) find it too. */
static _Thread_local const char *cur_lang;
static _Thread_local char switch_to[160];

const char *salle__page_lang(void)
{
    return cur_lang ? cur_lang : "en";
}

/* The switcher's target: the page itself (a relative "?lang=", so the links hold under any path
 * prefix), or for a POST, whose address shows nothing on a GET, the page the form belongs to. */
static void switch_target(const salle__ctx *x)
{
    switch_to[0] = 0;
    if (strcmp(x->method, "POST") != 0)
        return;
    const char *u = x->url;
    int same = strncmp(u, "/requests/", 10) == 0 || strncmp(u, "/me/sessions/", 13) == 0 ||
               strncmp(u, "/admin/sessions/", 16) == 0 || strncmp(u, "/interest/", 10) == 0;
    for (const char *c = u; same && *c; c++)
        same = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./", *c) != NULL;
    if (same && strlen(u) < sizeof switch_to)
        snprintf(switch_to, sizeof switch_to, "%s", u);
    else
        snprintf(switch_to, sizeof switch_to, "%s", strncmp(u, "/admin", 6) == 0 ? "/admin"
                                                   : strncmp(u, "/interest", 9) == 0 ? "/interest" : "/me");
}

void salle__page_lang_pick(salle__ctx *x, salle__resp *r)
{
    if (strncmp(x->url, "/api/", 5) == 0) { /* the API speaks English (docs/api.md) */
        x->lang = cur_lang = "en";
        return;
    }
    const char *asked = MHD_lookup_connection_value(x->c, MHD_GET_ARGUMENT_KIND, "lang");
    const char *l = salle__tr_lang(asked);
    if (l) /* the visitor's choice, kept for a year: a language, nothing about the person */
        snprintf(r->lang_cookie, sizeof r->lang_cookie, LANG_COOKIE "=%s; Path=/; SameSite=Lax; Secure; "
                                                                    "Max-Age=31536000", l);
    else
        l = salle__tr_lang(MHD_lookup_connection_value(x->c, MHD_COOKIE_KIND, LANG_COOKIE));
    const char *accept = MHD_lookup_connection_value(x->c, MHD_HEADER_KIND, "Accept-Language");
    x->lang_said = l || accept;
    if (!l)
        l = salle__tr_negotiate(accept);
    x->lang = cur_lang = l;
    switch_target(x);
}

const char *salle__page_en_attrs(void)
{
    return strcmp(salle__page_lang(), "en") == 0 ? "" : " lang=\"en\" dir=\"ltr\"";
}

void salle__page_en(salle__html_buf *b, const char *text)
{
    const char *a = salle__page_en_attrs();
    if (*a)
        salle__html_printf(b, "<span%s>", a);
    salle__html_esc(b, text);
    if (*a)
        salle__html_put(b, "</span>");
}

void salle__page_content(salle__html_buf *b, const char *text, const char *lang)
{
    const char *page = salle__page_lang();
    size_t n = lang ? strcspn(lang, "-_") : 0;
    int own = n == strlen(page) && strncasecmp(lang, page, n) == 0;
    if (n && !own) {
        salle__html_put(b, "<span lang=\"");
        salle__html_esc(b, lang);
        salle__html_put(b, salle__tr_rtl(lang) ? "\" dir=\"rtl\">" : salle__tr_rtl(page) ? "\" dir=\"ltr\">" : "\">");
    } else if (!n && salle__tr_rtl(page))
        salle__html_put(b, "<span dir=\"auto\">");
    salle__html_esc(b, text);
    if ((n && !own) || (!n && salle__tr_rtl(page)))
        salle__html_put(b, "</span>");
}

/* Every interface language, each named in itself, the current one marked (a link still, so the
 * list reads the same with the keyboard and a screen reader). */
static void lang_switcher(salle__html_buf *b)
{
    static const char *const langs[] = {"en", "fr", "es", "ar"};
    salle__html_printf(b, "<nav class=\"langs\" aria-label=\"%s\"><ul>", TR("Language"));
    for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
        if (!salle__tr_has(langs[i]))
            continue;
        salle__html_printf(b, "<li><a href=\"%s?lang=%s\" hreflang=\"%s\" lang=\"%s\" dir=\"%s\"%s>%s</a></li>", switch_to,
                           langs[i], langs[i], langs[i], salle__tr_rtl(langs[i]) ? "rtl" : "ltr",
                           strcmp(langs[i], salle__page_lang()) == 0 ? " aria-current=\"true\"" : "",
                           salle__tr_name(langs[i]));
    }
    salle__html_put(b, "</ul></nav>");
}

void salle__page_head(salle__html_buf *b, const char *title)
{
    salle__html_printf(b, "<!doctype html>\n<html lang=\"%s\"%s>\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                          "<title>", salle__page_lang(), salle__tr_rtl(salle__page_lang()) ? " dir=\"rtl\"" : "");
    salle__html_esc(b, title);
    salle__html_printf(b, " \xe2\x80\x93 salle</title>\n<link rel=\"stylesheet\" href=\"/_salle/style.css\">\n"
                          "</head>\n<body>\n<header><a href=\"/\">%s</a>", TR("Programme"));
    lang_switcher(b);
    salle__html_put(b, "</header>\n<main id=\"main\">\n");
}

char *salle__page_finish(salle__html_buf *b)
{
    salle__html_put(b, "</main>\n</body>\n</html>\n");
    return b->s;
}

/* The summary of what went wrong: msg in the page's language, then, when detail is not NULL, the
 * English words salle has only in English (a file's diagnostic), marked so. */
static void error_summary_en(salle__html_buf *b, const char *msg, const char *field, const char *detail)
{
    /* autofocus on the summary itself: the first thing a screen reader says is what went wrong */
    salle__html_put(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus "
                       "aria-labelledby=\"error-title\">\n<h2 id=\"error-title\">");
    salle__html_esc(b, TR("There is a problem"));
    salle__html_put(b, "</h2>\n<p>");
    if (field)
        salle__html_printf(b, "<a href=\"#%s\">", field);
    salle__html_esc(b, msg);
    if (detail) {
        salle__html_put(b, " ");
        salle__page_en(b, detail);
    }
    salle__html_put(b, field ? "</a></p>\n</div>\n" : "</p>\n</div>\n");
}

static void error_summary(salle__html_buf *b, const char *msg, const char *field)
{
    error_summary_en(b, msg, field, NULL);
}

void salle__page_message(salle__resp *r, int status, const char *title, const char *msg)
{
    salle__html_buf b = {0};
    salle__page_head(&b, title);
    salle__html_put(&b, "<h1>");
    salle__html_esc(&b, title);
    salle__html_put(&b, "</h1>\n<p>");
    salle__html_esc(&b, msg);
    salle__html_put(&b, "</p>\n");
    salle__resp_html(r, status, salle__page_finish(&b));
}

void salle__page_csrf(salle__html_buf *b, const salle__ctx *x, const unsigned char hash[32])
{
    char c[SALLE_TOKEN_TEXT];
    salle__auth_csrf(&x->s->auth, hash, c);
    salle__html_printf(b, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n", c);
}

/* A POST from a page: same origin and the right form token, or a 403 page. */
static int post_ok(salle__ctx *x, salle__resp *r, const salle__form *f, const unsigned char hash[32])
{
    if (!salle__same_origin(x)) {
        salle__page_message(r, 403, TR("Not allowed"), TR("This form was sent from another site. Open the page "
                                            "again from the link you were given and send it from there."));
        return 0;
    }
    if (!salle__auth_csrf_ok(&x->s->auth, hash, salle__form_get(f, "csrf"))) {
        salle__page_message(r, 403, TR("The form has expired"), TR("Go back, reload the page and send the form again."));
        return 0;
    }
    return 1;
}

/* A signed-in user's form POST: parsed, from this site, with the session's CSRF token. 1 when the
 * handler may act (then it frees f); otherwise r holds the refusal and f is freed. */
int salle__page_form_post(salle__ctx *x, salle__resp *r, salle__form *f)
{
    if (salle__form_parse(x, f) < 0) {
        salle__form_free(f);
        salle__page_message(r, 400, TR("The form could not be read"), TR("Go back and send it again."));
        return 0;
    }
    if (!post_ok(x, r, f, x->tok.hash)) {
        salle__form_free(f);
        return 0;
    }
    return 1;
}

/* ---------------------------------------------------------------- sign-in */

static void signin_get(salle__ctx *x, salle__resp *r, const char *token)
{
    if (salle__rate_limited(x)) {
        salle__page_message(r, 429, TR("Too many attempts"), TR("Too many sign-in links that do not work were "
                                                   "tried from your address. Wait a minute and try again."));
        return;
    }
    salle__token t;
    int res = salle__auth_check(&x->s->auth, SALLE_TOKEN_LINK, token, salle__now(), &t);
    if (res != SALLE_AUTH_OK) {
        salle__rate_fail(x);
        salle__page_message(r, res == SALLE_AUTH_UNKNOWN || res == SALLE_AUTH_MALFORMED ? 404 : 410,
                     TR("This link does not work"), TR(salle__auth_why(res)));
        return;
    }
    /* Showing the page changes nothing: mail scanners that follow links confirm nothing. */
    salle__html_buf b = {0};
    salle__page_head(&b, TR("Sign in"));
    salle__html_printf(&b, "<h1>%s</h1>\n<p>", TR("Sign in"));
    if (strcmp(t.role, "admin") == 0)
        salle__html_put(&b, TR("You are signing in as the programme's administrator."));
    else {
        /* the person's name, as the programme writes it; the id only when it has none */
        char *name = salle__edit_person_name(x->s->st, t.person);
        /* TRANSLATORS: %s is the person's name, in bold */
        const char *as = TR("You are signing in as %s to answer for the sessions you organize."), *at = strstr(as, "%s");
        salle__html_putn(&b, as, at ? (size_t)(at - as) : strlen(as));
        salle__html_put(&b, "<strong>");
        salle__html_esc(&b, name ? name : t.person);
        salle__html_put(&b, "</strong>");
        salle__html_put(&b, at ? at + 2 : "");
        free(name);
    }
    salle__html_printf(&b, " %s</p>\n<form method=\"post\" action=\"/signin\">\n", TR("This link works once."));
    salle__html_put(&b, "<input type=\"hidden\" name=\"token\" value=\"");
    salle__html_esc(&b, token);
    salle__html_put(&b, "\">\n");
    salle__page_csrf(&b, x, t.hash);
    salle__html_printf(&b, "<button type=\"submit\">%s</button>\n</form>\n", TR("Continue"));
    salle__resp_html(r, 200, salle__page_finish(&b));
}

static void signin_post(salle__ctx *x, salle__resp *r)
{
    salle__form f;
    if (salle__form_parse(x, &f) < 0) {
        salle__page_message(r, 400, TR("The form could not be read"), TR("Open the sign-in link again."));
        return;
    }
    if (salle__rate_limited(x)) {
        salle__page_message(r, 429, TR("Too many attempts"), TR("Wait a minute and try again."));
        goto out;
    }
    salle__token t;
    const char *token = salle__form_get(&f, "token");
    int res = salle__auth_check(&x->s->auth, SALLE_TOKEN_LINK, token, salle__now(), &t);
    if (res != SALLE_AUTH_OK) {
        salle__rate_fail(x);
        salle__page_message(r, res == SALLE_AUTH_UNKNOWN || res == SALLE_AUTH_MALFORMED ? 404 : 410,
                     TR("This link does not work"), TR(salle__auth_why(res)));
        goto out;
    }
    if (!post_ok(x, r, &f, t.hash))
        goto out;
    /* using the link, the new session and the audit entry: one transaction */
    char tok[SALLE_TOKEN_TEXT];
    if (salle__store_begin(x->s->st) < 0) {
        salle__page_message(r, 500, TR("Sign-in failed"), TR("The server could not record the sign-in; try again."));
        goto out;
    }
    if (salle__store_token_use(x->s->st, t.id, salle__now()) < 0) {
        salle__store_rollback(x->s->st);
        salle__page_message(r, 410, TR("This link does not work"), TR(salle__auth_why(SALLE_AUTH_USED)));
        goto out;
    }
    int rc = salle__auth_issue(&x->s->auth, SALLE_TOKEN_SESSION, t.role, t.person,
                               SALLE_SESSION_TTL, salle__now(), tok) < 0 ||
             salle__store_audit(x->s->st, t.person[0] ? t.person : "admin", "sign in", NULL, t.role) < 0 ||
             /* the language they sign in with is the one their mail is written in from now on */
             (t.person[0] && x->lang_said && salle__store_lang_set(x->s->st, t.person, x->lang) < 0)
                 ? -1 : 0;
    if (rc < 0)
        salle__store_rollback(x->s->st);
    else
        rc = salle__store_commit(x->s->st); /* rolls back itself when it fails */
    if (rc < 0) {
        salle__page_message(r, 500, TR("Sign-in failed"), TR("The server could not record the sign-in; try again."));
        goto out;
    }
    /* __Host-: only this host, path /, Secure (browsers accept it on http://127.0.0.1 too). */
    snprintf(r->cookie, sizeof r->cookie, "%s=%s; Path=/; HttpOnly; SameSite=Lax; "
                                          "Secure; Max-Age=%lld", x->s->cookie, tok, SALLE_SESSION_TTL);
    salle__resp_redirect(r, strcmp(t.role, "admin") == 0 ? "/admin" : "/me");
out:
    salle__form_free(&f);
}

/* ---------------------------------------------------------------- an organizer's pages */

/* A request's, job's or message's state in words of the page's language (the tag's class keeps
 * the stored name). */
static const char *state_word(const char *state)
{
    static const char *const words[] = {N_("pending"), N_("accepted"), N_("declined"), N_("superseded"),
                                        N_("withdrawn"), N_("queued"), N_("running"), N_("done"),
                                        N_("failed"), N_("draft"), N_("approved"), N_("sending"),
                                        N_("sent"), N_("replaced")};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (state && strcmp(state, words[i]) == 0)
            return TR(words[i]);
    return state ? state : "";
}

/* A place as a person reads it: the room's name, then the day and time in the page's language
 * ("Salle III, mardi 13 novembre, 14:00"); the room's id when the draft no longer has it. */
static void place_text(salle__html_buf *b, const salle__ctx *x, const char *room, const char *start)
{
    char name[256], when[128];
    salle__memo_room_name(x->s, room, name, sizeof name);
    salle__html_esc(b, name);
    salle__html_put(b, ", ");
    salle__html_esc(b, salle__when(salle__page_lang(), start, NULL, when, sizeof when));
}

/* A path segment for an href: session ids may hold any character (libcurl escapes it). */
void salle__page_href_id(salle__html_buf *b, const char *id)
{
    char *esc = curl_easy_escape(NULL, id, 0);
    salle__html_esc(b, esc ? esc : "");
    curl_free(esc);
}

static void me_page(salle__ctx *x, salle__resp *r)
{
    json_t *mine = salle__memo_sessions_of(x->s, x->tok.person);
    salle__html_buf b = {0};
    salle__page_head(&b, TR("Your sessions"));
    salle__html_printf(&b, "<h1>%s</h1>\n", TR("Your sessions"));
    salle__request *rq;
    int n = salle__store_request_list(x->s->st, NULL, &rq);
    size_t i;
    json_t *sid;
    salle__html_printf(&b, "<table>\n<caption class=\"visually-hidden\">%s"
                        "</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s"
                        "</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                       TR("Move requests for your sessions"), TR("Session"), TR("Request"), TR("State"));
    int any = 0;
    json_array_foreach(mine, i, sid) {
        for (int k = 0; k < n; k++) {
            if (strcmp(rq[k].session, json_string_value(sid)) != 0 ||
                strcmp(rq[k].state, "superseded") == 0 || strcmp(rq[k].state, "withdrawn") == 0)
                continue;
            any = 1;
            salle__html_put(&b, "<tr><td>");
            salle__html_esc(&b, rq[k].session);
            salle__html_printf(&b, "</td><td><a href=\"/requests/%lld\">%s ", rq[k].id, TR("Move from"));
            place_text(&b, x, rq[k].from_room, rq[k].from_start);
            salle__html_printf(&b, "</a></td><td><span class=\"tag %s\">%s</span></td></tr>\n",
                               rq[k].state, state_word(rq[k].state));
        }
    }
    salle__html_put(&b, "</tbody>\n</table>\n");
    if (!any)
        salle__html_printf(&b, "<p>%s</p>\n", TR("Nothing to answer: none of your sessions is asked to move."));
    salle__html_printf(&b, "<h2>%s</h2>\n<p>%s</p>\n<ul>\n", TR("Your sessions' links"), TR("Add the shared document, the report and the "
                        "remote participation link of a session you organize."));
    json_array_foreach(mine, i, sid) {
        salle__html_put(&b, "<li><a href=\"/me/sessions/");
        salle__page_href_id(&b, json_string_value(sid));
        salle__html_printf(&b, "\">%s ", TR("Links for"));
        salle__html_esc(&b, json_string_value(sid));
        salle__html_put(&b, "</a></li>\n");
    }
    salle__html_put(&b, "</ul>\n");
    salle__interest_me_html(x, &b, mine);
    salle__html_put(&b, "<form method=\"post\" action=\"/signout\">\n");
    salle__page_csrf(&b, x, x->tok.hash);
    salle__html_printf(&b, "<button type=\"submit\" class=\"secondary\">%s</button>\n</form>\n", TR("Sign out"));
    salle__store_request_list_free(rq, n);
    json_decref(mine);
    salle__resp_html(r, 200, salle__page_finish(&b));
}

/* A move request's reason in the page's language from its code and arguments (server/reason.h);
 * a request stored before codes were keeps its English words, marked as English. */
static void reason_html(salle__html_buf *b, const char *code, const json_t *args, const char *english)
{
    char *said = salle__reason_say(salle__page_lang(), code, args);
    if (said)
        salle__html_esc(b, said);
    else
        salle__page_en(b, english ? english : "");
    free(said);
}

static void request_page(salle__ctx *x, salle__resp *r, long long id, const char *error)
{
    salle__wf_err e = {0};
    json_t *j = salle__memo_request(x->s, id, &e);
    salle__wf_err_clear(&e);
    const char *session = json_string_value(json_object_get(j, "session"));
    if (!j || (x->role == SALLE_ROLE_ORGANIZER && !salle__memo_is_organizer(x->s, session, x->tok.person))) {
        /* Another session's request looks exactly like one that does not exist. */
        json_decref(j);
        salle__page_message(r, 404, TR("Page not found"), TR("There is no such move request among your sessions."));
        return;
    }
    const char *state = json_string_value(json_object_get(j, "state"));
    json_t *from = json_object_get(j, "from"), *to = json_object_get(j, "to");
    salle__html_buf b = {0};
    salle__page_head(&b, TR("Move request"));
    if (error)
        error_summary(&b, error, "answer-accept");
    /* TRANSLATORS: %s is the session's id */
    const char *can = TR("Can %s move?"), *cs = strstr(can, "%s");
    salle__html_put(&b, "<h1>");
    salle__html_putn(&b, can, cs ? (size_t)(cs - can) : strlen(can));
    salle__html_esc(&b, session);
    salle__html_printf(&b, "%s</h1>\n<dl class=\"summary\">\n<dt>%s</dt><dd>", cs ? cs + 2 : "", TR("Now"));
    place_text(&b, x, json_string_value(json_object_get(from, "room")), json_string_value(json_object_get(from, "start")));
    salle__html_printf(&b, "</dd>\n<dt>%s</dt><dd>", TR("Proposed"));
    place_text(&b, x, json_string_value(json_object_get(to, "room")), json_string_value(json_object_get(to, "start")));
    salle__html_printf(&b, "</dd>\n<dt>%s</dt><dd>", TR("Why"));
    reason_html(&b, json_string_value(json_object_get(j, "reason_code")), json_object_get(j, "reason_args"),
                json_string_value(json_object_get(j, "reason")));
    salle__html_printf(&b, "</dd>\n<dt>%s</dt><dd><span class=\"tag %s\">%s</span></dd>\n</dl>\n",
                       TR("State"), state, state_word(state));
    if (strcmp(state, "pending") == 0) {
        salle__html_printf(&b, "<form method=\"post\" action=\"/requests/%lld\" novalidate>\n", id);
        salle__page_csrf(&b, x, x->tok.hash);
        salle__html_printf(&b, "<fieldset>\n<legend>%s</legend>\n"
                            "<div class=\"radio\"><input type=\"radio\" id=\"answer-accept\" name=\"answer\" "
                            "value=\"accept\"><label for=\"answer-accept\">%s</label></div>\n", TR("Your answer"), TR("Yes, move it to the proposed place"));
        size_t i;
        json_t *alt;
        json_array_foreach(json_object_get(j, "alternatives"), i, alt) {
            salle__html_printf(&b, "<div class=\"radio\"><input type=\"radio\" id=\"answer-alt-%zu\" "
                                   "name=\"answer\" value=\"alt:", i);
            salle__html_esc(&b, json_string_value(json_object_get(alt, "room")));
            salle__html_put(&b, "@");
            salle__html_esc(&b, json_string_value(json_object_get(alt, "start")));
            /* TRANSLATORS: %s is a place: a room and a start time */
            const char *mi = TR("Move it to %s instead"), *ms = strstr(mi, "%s");
            salle__html_printf(&b, "\"><label for=\"answer-alt-%zu\">%.*s", i, ms ? (int)(ms - mi) : (int)strlen(mi), mi);
            place_text(&b, x, json_string_value(json_object_get(alt, "room")), json_string_value(json_object_get(alt, "start")));
            salle__html_printf(&b, "%s</label></div>\n", ms ? ms + 2 : "");
        }
        salle__html_printf(&b, "<div class=\"radio\"><input type=\"radio\" id=\"answer-decline\" name=\"answer\" "
                            "value=\"decline\"><label for=\"answer-decline\">%s</label></div>\n"
                            "</fieldset>\n<button type=\"submit\">%s</button>\n</form>\n", TR("No, keep it where it is"), TR("Send answer"));
    } else {
        const char *by = json_string_value(json_object_get(j, "answered_by"));
        /* TRANSLATORS: %s is who answered (a person's id, or "admin") */
        const char *aw = by ? TR("This request was answered by %s.") : TR("This request was answered."), *as = strstr(aw, "%s");
        salle__html_put(&b, "<p>");
        salle__html_putn(&b, aw, as ? (size_t)(as - aw) : strlen(aw));
        if (by && as) {
            salle__html_esc(&b, by);
            salle__html_put(&b, as + 2);
        }
        salle__html_printf(&b, " %s</p>\n", TR("Every organizer of the session sees the same answer."));
    }
    salle__html_printf(&b, "<p><a href=\"/me\">%s</a></p>\n", TR("Back to your sessions"));
    json_decref(j);
    salle__resp_html(r, error ? 400 : 200, salle__page_finish(&b));
}

/* Check your answer (GOV.UK): what will happen, with a way back, before anything is recorded. */
static void check_page(salle__ctx *x, salle__resp *r, long long id, int ans, const char *value,
                       const char *room, const char *start)
{
    salle__html_buf b = {0};
    salle__page_head(&b, TR("Check your answer"));
    salle__html_printf(&b, "<h1>%s</h1>\n<dl class=\"summary\">\n<dt>%s</dt><dd>", TR("Check your answer"), TR("Your answer"));
    if (ans == SALLE_ANSWER_ACCEPT)
        salle__html_put(&b, TR("Yes, move it to the proposed place"));
    else if (ans == SALLE_ANSWER_DECLINE)
        salle__html_put(&b, TR("No, keep it where it is"));
    else {
        /* TRANSLATORS: %s is a place: a room and a start time */
        const char *mt = TR("Move it to %s"), *ms = strstr(mt, "%s");
        salle__html_putn(&b, mt, ms ? (size_t)(ms - mt) : strlen(mt));
        place_text(&b, x, room, start);
        salle__html_put(&b, ms ? ms + 2 : "");
    }
    salle__html_printf(&b, "</dd>\n<dd><a href=\"/requests/%lld\">%s</a></dd>\n</dl>\n"
                           "<p>%s</p>\n", id, TR("Change your answer"), TR("All organizers of the session will see this answer."));
    salle__html_printf(&b, "<form method=\"post\" action=\"/requests/%lld\">\n", id);
    salle__page_csrf(&b, x, x->tok.hash);
    salle__html_put(&b, "<input type=\"hidden\" name=\"answer\" value=\"");
    salle__html_esc(&b, value);
    salle__html_printf(&b, "\">\n<input type=\"hidden\" name=\"confirm\" value=\"yes\">\n"
                        "<button type=\"submit\">%s</button>\n</form>\n", TR("Confirm and send"));
    salle__resp_html(r, 200, salle__page_finish(&b));
}

static void answer_post(salle__ctx *x, salle__resp *r, long long id)
{
    salle__form f;
    if (!salle__page_form_post(x, r, &f))
        return;
    salle__request rq = {0};
    if (salle__store_request_get(x->s->st, id, &rq) < 0 ||
        !salle__memo_is_organizer(x->s, rq.session, x->tok.person)) {
        if (rq.id)
            salle__store_request_clear(&rq);
        salle__page_message(r, 404, TR("Page not found"), TR("There is no such move request among your sessions."));
        goto out;
    }
    salle__store_request_clear(&rq);
    const char *a = salle__form_get(&f, "answer");
    int ans;
    char room[128] = "", start[32] = "";
    if (!a) {
        request_page(x, r, id, TR("Choose an answer: yes, another place, or no"));
        goto out;
    } else if (strcmp(a, "accept") == 0)
        ans = SALLE_ANSWER_ACCEPT;
    else if (strcmp(a, "decline") == 0)
        ans = SALLE_ANSWER_DECLINE;
    else if (strncmp(a, "alt:", 4) == 0 && strrchr(a, '@')) {
        const char *at = strrchr(a, '@');
        snprintf(room, sizeof room, "%.*s", (int)(at - a - 4), a + 4);
        snprintf(start, sizeof start, "%s", at + 1);
        ans = SALLE_ANSWER_PICK;
    } else {
        request_page(x, r, id, TR("Choose one of the answers listed"));
        goto out;
    }
    const char *confirm = salle__form_get(&f, "confirm");
    if (!confirm || strcmp(confirm, "yes") != 0) {
        check_page(x, r, id, ans, a, room, start);
        goto out;
    }
    salle__wf_err e = {0};
    json_t *done = salle__wf_answer(x->s->st, id, ans, room, start, x->tok.person, 0, NULL, &e);
    if (!done) {
        if (e.status == 409)
            request_page(x, r, id, salle__wf_said(&e));
        else
            salle__page_message(r, e.status ? e.status : 500, TR("The answer was not recorded"), salle__wf_said(&e));
        salle__wf_err_clear(&e);
        goto out;
    }
    json_decref(done);
    char to[64];
    snprintf(to, sizeof to, "/requests/%lld", id);
    salle__resp_redirect(r, to);
out:
    salle__form_free(&f);
}

/* ---------------------------------------------------------------- the admin's pages */

void salle__page_form_open(salle__html_buf *b, const salle__ctx *x, const char *action, const char *enctype)
{
    salle__html_printf(b, "<form method=\"post\" action=\"%s\"%s%s%s novalidate>\n", action,
                       enctype ? " enctype=\"" : "", enctype ? enctype : "", enctype ? "\"" : "");
    salle__page_csrf(b, x, x->tok.hash);
}

static void field(salle__html_buf *b, const char *id, const char *label, const char *hint)
{
    salle__html_printf(b, "<p><label for=\"%s\">%s</label><br>", id, label);
    if (hint)
        salle__html_printf(b, "<span id=\"%s-hint\" class=\"hint\">%s</span><br>", id, hint);
    salle__html_printf(b, "<input type=\"text\" id=\"%s\" name=\"%s\"%s%s%s></p>\n", id, id,
                       hint ? " aria-describedby=\"" : "", hint ? id : "", hint ? "-hint\"" : "");
}

/* The notice after "Re-plan", in the page's language, from the proposal's moves (their kinds,
 * places and reason codes) rather than the command line's English summary: what the re-plan
 * proposes, counted, then one item per move with its reason (reason.c). Appends to b. */
/* A room's name in inst (its id when it has none, or when inst does not know it). */
static const char *room_name(const salle_instance *inst, const char *id)
{
    int r = inst && id ? salle_instance_room(inst, id) : -1;
    return r >= 0 && inst->rooms[r].name && inst->rooms[r].name[0] ? inst->rooms[r].name : id;
}

/* One side of a change ("Tuesday 13 November, 11:00-12:00, Salle I") in the page's language into
 * buf. */
static const char *change_side(const json_t *side, char *buf, size_t cap)
{
    const char *start = json_string_value(json_object_get(side, "start"));
    const char *end = json_string_value(json_object_get(side, "end"));
    char when[160];
    salle__when(salle__page_lang(), start, end && strlen(end) == 16 ? end + 11 : NULL, when, sizeof when);
    snprintf(buf, cap, "%s, %s", when, json_string_value(json_object_get(side, "room_name")) ?
                                          json_string_value(json_object_get(side, "room_name")) : "?");
    return buf;
}

/* One change against the published version (salle__wf_changes_json) as a list item: what, the
 * session (its id, its title as written), and the places in the page's words. */
static void change_html(salle__html_buf *b, const json_t *c)
{
    const char *kind = json_string_value(json_object_get(c, "kind"));
    const char *cause = json_string_value(json_object_get(c, "cause"));
    kind = kind ? kind : "";
    char was[256], now[256], line[600];
    change_side(json_object_get(c, "old"), was, sizeof was);
    change_side(json_object_get(c, "new"), now, sizeof now);
    const char *word = strcmp(kind, "new") == 0 ? TR("New") : strcmp(kind, "moved") == 0 ? TR("Moved")
                       : strcmp(kind, "resized") == 0 ? TR("New length") : TR("Cancelled");
    if (strcmp(kind, "new") == 0)
        /* TRANSLATORS: a new session's day, time and room, against the published version */
        snprintf(line, sizeof line, TR("now %1$s"), now);
    else if (strcmp(kind, "moved") == 0 || strcmp(kind, "resized") == 0)
        /* TRANSLATORS: a session's day, time and room in the published version, then now */
        snprintf(line, sizeof line, TR("was %1$s, now %2$s"), was, now);
    else if (cause && strcmp(cause, "marked") == 0)
        snprintf(line, sizeof line, TR("was %1$s; cancelled by the publisher"), was);
    else if (cause && strcmp(cause, "removed") == 0)
        snprintf(line, sizeof line, TR("was %1$s; no longer in the programme"), was);
    else
        snprintf(line, sizeof line, TR("was %1$s; no longer placed"), was);
    salle__html_printf(b, "<li><strong>%s</strong> ", word);
    salle__html_esc(b, json_string_value(json_object_get(c, "session")));
    salle__html_put(b, ", ");
    salle__page_content(b, json_string_value(json_object_get(c, "title")), NULL);
    salle__html_put(b, ": ");
    salle__html_esc(b, line);
    salle__html_put(b, "</li>\n");
}

/* The reason of an unplaced session id in the page's language: the re-planner's part from its code
 * (docs/replan.md "Reason codes"), then the solver's own words, which the English gives after
 * "; ", said again from their parts (salle__unplaced_reason_lang, with inst the draft's). Newly
 * malloc'd; NULL when a part cannot be said again (the caller then shows what it can). */
static char *unplaced_said(const salle_instance *inst, const char *id, const char *code,
                           const json_t *args, const char *english)
{
    int s = inst && id ? salle_instance_session(inst, id) : -1;
    if (s < 0 || !english)
        return NULL;
    const char *lang = salle__page_lang();
    if (!code || !*code) /* the solver's words alone */
        return salle__unplaced_reason_lang(inst, s, english, lang);
    char *mine = salle__reason_say(lang, code, args);
    if (!mine || !strstr(english, "; "))
        return mine; /* no solver's words: the code says it all */
    for (const char *p = strstr(english, "; "); p; p = strstr(p + 2, "; ")) {
        char *solver = salle__unplaced_reason_lang(inst, s, p + 2, lang);
        if (solver) {
            /* TRANSLATORS: why a session lost its place (the re-planner's words), then why the
             * solver found no other place for it */
            char *both = salle__xasprintf(TR("%1$s; %2$s"), mine, solver);
            free(solver);
            free(mine);
            return both;
        }
    }
    free(mine);
    return NULL;
}

/* The admin's notice after a re-plan, rooms by their names in inst (the draft's; may be NULL). */
static void replan_notice(salle__html_buf *b, const json_t *res, const salle_instance *inst)
{
    int n[5] = {0}; /* moved, unplaced, stuck, new, cancelled */
    static const char *const kinds[] = {"moved", "unplaced", "stuck", "new", "cancelled"};
    const json_t *moves = json_object_get(res, "moves"), *m;
    size_t i;
    json_array_foreach(moves, i, m) {
        const char *k = json_string_value(json_object_get(m, "kind"));
        for (int j = 0; k && j < 5; j++)
            n[j] += strcmp(k, kinds[j]) == 0;
    }
    salle__html_put(b, "<div role=\"status\"><p><strong>");
    if (json_array_size(moves) == 0)
        salle__html_put(b, TR("The re-plan changes nothing: every published session keeps its place."));
    else {
        salle__html_printf(b, TRN("The re-plan proposes %d move.", "The re-plan proposes %d moves.", n[0]), n[0]);
        if (n[1])
            salle__html_put(b, " ");
        if (n[1])
            salle__html_printf(b, TRN("%d session has no place left.", "%d sessions have no place left.", n[1]), n[1]);
        if (n[2])
            salle__html_put(b, " ");
        if (n[2])
            salle__html_printf(b, TRN("%d session cannot move, as its organizers declined, and still breaks a rule.",
                                      "%d sessions cannot move, as their organizers declined, and still break a rule.",
                                      n[2]), n[2]);
        if (n[3])
            salle__html_put(b, " ");
        if (n[3])
            salle__html_printf(b, TRN("%d new session is placed.", "%d new sessions are placed.", n[3]), n[3]);
        if (n[4])
            salle__html_put(b, " ");
        if (n[4])
            salle__html_printf(b, TRN("%d cancelled session leaves the programme.",
                                      "%d cancelled sessions leave the programme.", n[4]), n[4]);
    }
    salle__html_put(b, "</strong></p>\n");
    if (json_array_size(moves) == 0) {
        salle__html_put(b, "</div>\n");
        return;
    }
    salle__html_put(b, "<ul>\n");
    json_array_foreach(moves, i, m) {
        const char *k = json_string_value(json_object_get(m, "kind"));
        const char *id = json_string_value(json_object_get(m, "session"));
        const json_t *to = json_object_get(m, "to"), *from = json_object_get(m, "from");
        const json_t *at = json_is_object(to) ? to : from;
        const char *room = room_name(inst, json_string_value(json_object_get(at, "room")));
        char when[96];
        salle__when(salle__page_lang(), json_string_value(json_object_get(at, "start")), NULL, when, sizeof when);
        char line[512];
        k = k ? k : "";
        if (strcmp(k, "moved") == 0)
            /* TRANSLATORS: a session's id, then the room's name and the day and time it moves to */
            snprintf(line, sizeof line, TR("%s moves to %s, %s"), id ? id : "", room ? room : "", when);
        else if (strcmp(k, "unplaced") == 0)
            snprintf(line, sizeof line, TR("%s loses its place"), id ? id : "");
        else if (strcmp(k, "stuck") == 0)
            /* TRANSLATORS: a session's id, then the room's name and the day and time it stays at */
            snprintf(line, sizeof line, TR("%s stays at %s, %s"), id ? id : "", room ? room : "", when);
        else if (strcmp(k, "new") == 0)
            /* TRANSLATORS: a session's id, then the room's name and the day and time it is placed at */
            snprintf(line, sizeof line, TR("%s is placed at %s, %s"), id ? id : "", room ? room : "", when);
        else
            snprintf(line, sizeof line, TR("%s is cancelled"), id ? id : "");
        salle__html_put(b, "<li><bdi>");
        json_int_t rq = json_integer_value(json_object_get(m, "request"));
        if (rq > 0)
            salle__html_printf(b, "<a href=\"/requests/%lld\">", (long long)rq);
        salle__html_esc(b, line);
        salle__html_put(b, rq > 0 ? "</a></bdi>" : "</bdi>");
        const char *code = json_string_value(json_object_get(m, "code"));
        const char *english = json_string_value(json_object_get(m, "reason"));
        if ((code && *code) || (english && *english)) {
            salle__html_put(b, "<br>");
            char *said = strcmp(k, "unplaced") == 0 ? unplaced_said(inst, id, code, json_object_get(m, "args"), english)
                                                    : NULL;
            if (said)
                salle__html_esc(b, said);
            else
                reason_html(b, code ? code : "", json_object_get(m, "args"), english);
            free(said);
        }
        salle__html_put(b, "</li>\n");
    }
    salle__html_put(b, "</ul>\n</div>\n");
}

/* The administration page; notice (plain text) or, after a re-plan, replan (its result) says
 * what the last action did. */
/* The admin's page, with an error summary (error, then the English words error_en), a notice, a
 * re-plan's notice and an upload's warnings (salle__wf_import_mem's array, in the page's
 * language) as given; each may be NULL. */
static void admin_page_with(salle__ctx *x, salle__resp *r, const char *error, const char *error_en, const char *notice,
                            const json_t *replan, const json_t *warnings)
{
    salle__html_buf b = {0};
    salle__page_head(&b, TR("Programme administration"));
    if (error)
        error_summary_en(&b, error, NULL, error_en);
    salle__html_printf(&b, "<h1>%s</h1>\n", TR("Programme administration"));
    if (notice) {
        salle__html_put(&b, "<p role=\"status\"><strong>");
        salle__html_esc(&b, notice);
        salle__html_put(&b, "</strong></p>\n");
    }
    if (json_array_size(warnings)) {
        size_t n = json_array_size(warnings), i;
        json_t *w;
        salle__html_printf(&b, "<section aria-labelledby=\"import-warnings\">\n<h2 id=\"import-warnings\">%s</h2>\n<p>",
                           TR("What the import skipped or guessed"));
        salle__html_printf(&b, TRN("The importer says %zu thing about the file; check it in the draft.",
                                   "The importer says %zu things about the file; check them in the draft.", (long)n), n);
        salle__html_put(&b, "</p>\n<ul>\n");
        json_array_foreach(warnings, i, w) {
            /* the file's name and line isolated (bdi), so that an Arabic page keeps them whole */
            salle__html_put(&b, "<li><bdi>");
            salle__html_esc(&b, json_string_value(json_object_get(w, "at")));
            salle__html_put(&b, "</bdi>: ");
            salle__html_esc(&b, json_string_value(json_object_get(w, "text")));
            salle__html_put(&b, "</li>\n");
        }
        salle__html_put(&b, "</ul>\n</section>\n");
    }
    if (replan) {
        salle__wf_err ie = {0};
        salle_instance *inst = salle__wf_draft_instance(x->s->st, &ie);
        replan_notice(&b, replan, inst);
        salle_instance_free(inst);
        salle__wf_err_clear(&ie);
    }
    char *have = NULL;
    if (salle__store_draft_get(x->s->st, &have, NULL) < 0) {
        salle__html_printf(&b, "<h2>%s</h2>\n<p>%s</p>\n", TR("Upload a programme"), TR("A native instance (docs/format.md), a "
                            "frab schedule.xml, a c3voc schedule JSON or a CSV spreadsheet."));
        salle__page_form_open(&b, x, "/admin/upload", "multipart/form-data");
        salle__html_printf(&b, "<p><label for=\"programme\">%s</label><br><input type=\"file\" "
                            "id=\"programme\" name=\"programme\"></p>\n<button type=\"submit\">%s</button>\n</form>\n", TR("Programme file"), TR("Upload"));
        salle__resp_html(r, error ? 400 : 200, salle__page_finish(&b));
        return;
    }
    free(have);
    salle__version v;
    int published = salle__store_version_get(x->s->st, 0, &v) == 0;
    if (published) {
        salle__html_put(&b, "<p>");
        salle__html_printf(&b, TR("Published: version %d (hard %ld, soft %ld)."), v.number, v.hard, v.soft);
        salle__html_printf(&b, " <a href=\"/\">%s</a></p>\n", TR("The public programme"));
        salle__store_version_clear(&v);
    } else
        salle__html_printf(&b, "<p>%s</p>\n", TR("Nothing is published yet."));

    salle__html_printf(&b, "<p><a href=\"/admin/draft\">%s</a></p>\n", TR("The draft as a grid, with its score and every "
                        "violation; edit its sessions"));
    salle__html_printf(&b, "<h2>%s</h2>\n", TR("The programme to publish"));
    long hard = 0;
    salle__wf_err e = {0};
    json_t *viol = NULL;
    char *t = salle__wf_target(x->s->st, &hard, &viol, &e);
    if (t) {
        salle__html_put(&b, "<p>");
        salle__html_printf(&b, TRN("It breaks %ld hard rule.", "It breaks %ld hard rules.", hard), hard);
        salle__html_put(&b, "</p>\n");
        if (json_array_size(viol)) {
            salle__html_put(&b, "<ul>\n");
            size_t i;
            json_t *vt;
            json_array_foreach(viol, i, vt) { /* the checker's words, in the page's language */
                salle__html_put(&b, "<li>");
                salle__html_esc(&b, json_string_value(vt));
                salle__html_put(&b, "</li>\n");
            }
            salle__html_put(&b, "</ul>\n");
        }
        json_t *sj = json_loads(t, 0, NULL);
        salle__html_printf(&b, "<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">"
                            "%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                           TR("Every placed session"), TR("Start"), TR("Room"), TR("Session"));
        size_t i;
        json_t *as;
        json_array_foreach(json_object_get(sj, "assignments"), i, as) {
            salle__html_put(&b, "<tr><td>");
            salle__html_esc(&b, json_string_value(json_object_get(as, "start")));
            salle__html_put(&b, "</td><td>");
            salle__html_esc(&b, json_string_value(json_object_get(as, "room")));
            salle__html_put(&b, "</td><td>");
            salle__html_esc(&b, json_string_value(json_object_get(as, "session")));
            salle__html_put(&b, "</td></tr>\n");
        }
        salle__html_put(&b, "</tbody>\n</table>\n");
        json_decref(sj);
    } else {
        salle__html_put(&b, "<p>");
        if (e.said[0])
            salle__html_esc(&b, e.said);
        else
            salle__page_en(&b, e.msg);
        salle__html_put(&b, "</p>\n");
    }
    json_decref(viol);
    free(t);
    salle__wf_err_clear(&e);
    json_t *changes = published ? salle__wf_changes_json(x->s->st, &e) : NULL;
    if (changes) {
        /* the comparison with the published version, in words, one line per session */
        salle__html_printf(&b, "<h3>%s</h3>\n", TR("Compared with the published version"));
        if (json_array_size(changes)) {
            salle__html_put(&b, "<ul>\n");
            size_t i;
            json_t *c;
            json_array_foreach(changes, i, c)
                change_html(&b, c);
            salle__html_put(&b, "</ul>\n");
        } else
            salle__html_printf(&b, "<p>%s</p>\n", TR("Nothing has changed: every session is where it was."));
    }
    json_decref(changes);
    salle__wf_err_clear(&e);

    salle__html_printf(&b, "<h2>%s</h2>\n<p>%s</p>\n", TR("Solve"), TR("Builds a new draft in the background; published sessions stay."));
    salle__page_form_open(&b, x, "/admin/solve", NULL);
    salle__html_printf(&b, "<button type=\"submit\">%s</button>\n</form>\n", TR("Solve the draft"));

    salle__html_printf(&b, "<h2>%s</h2>\n", TR("Record a disruption"));
    salle__page_form_open(&b, x, "/admin/disruption", NULL);
    salle__html_printf(&b, "<fieldset>\n<legend>%s</legend>\n", TR("What happened"));
    static const char *const kinds[][2] = {{"room_closed", N_("A room is closed")},
                                           {"person_unavailable", N_("A person is unavailable")},
                                           {"session_lengthened", N_("A session is lengthened")},
                                           {"session_cancelled", N_("A session is cancelled")}};
    for (int k = 0; k < 4; k++)
        salle__html_printf(&b, "<div class=\"radio\"><input type=\"radio\" id=\"kind-%d\" name=\"kind\" "
                               "value=\"%s\"%s><label for=\"kind-%d\">%s</label></div>\n", k, kinds[k][0],
                           k == 0 ? " checked" : "", k, TR(kinds[k][1]));
    salle__html_put(&b, "</fieldset>\n");
    field(&b, "id", TR("Room, person or session id"), NULL);
    field(&b, "from", TR("From"), TR("Event time, such as 2018-11-13T14:00"));
    field(&b, "to", TR("To"), TR("Event time, such as 2018-11-13T18:00"));
    field(&b, "duration", TR("New length in minutes"), TR("Only for a lengthened session"));
    salle__html_printf(&b, "<button type=\"submit\">%s</button>\n</form>\n", TR("Record it"));

    salle__html_printf(&b, "<h2>%s</h2>\n<p>%s</p>\n", TR("Re-plan"), TR("Moves as few published sessions as possible and asks "
                        "their organizers."));
    salle__page_form_open(&b, x, "/admin/replan", NULL);
    salle__html_printf(&b, "<button type=\"submit\">%s</button>\n</form>\n", TR("Re-plan with minimal change"));

    salle__request *rq;
    int n = salle__store_request_list(x->s->st, NULL, &rq);
    salle__html_printf(&b, "<h2>%s</h2>\n<table>\n<thead><tr><th scope=\"col\">%s</th>"
                        "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                        "</tr></thead>\n<tbody>\n",
                       TR("Move requests"), TR("Request"), TR("Session"), TR("State"), TR("Why"));
    for (int i = 0; i < n; i++) {
        salle__html_printf(&b, "<tr><td><a href=\"/requests/%lld\">%lld</a></td><td>", rq[i].id, rq[i].id);
        salle__html_esc(&b, rq[i].session);
        salle__html_printf(&b, "</td><td><span class=\"tag %s\">%s</span></td><td>", rq[i].state,
                           state_word(rq[i].state));
        json_t *args = rq[i].reason_code[0] && rq[i].reason_args ? json_loads(rq[i].reason_args, 0, NULL) : NULL;
        reason_html(&b, rq[i].reason_code, args, rq[i].reason);
        json_decref(args);
        salle__html_put(&b, "</td></tr>\n");
    }
    salle__html_put(&b, "</tbody>\n</table>\n");
    salle__store_request_list_free(rq, n);

    salle__mail *mv;
    int nm = salle__store_outbox_list(x->s->st, &mv), drafts = 0;
    salle__html_printf(&b, "<h2>%s</h2>\n<table>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">"
                        "%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                       TR("Outbox"), TR("To"), TR("State"), TR("Attempts"));
    for (int i = 0; i < nm; i++) {
        drafts += strcmp(mv[i].state, "draft") == 0;
        salle__html_put(&b, "<tr><td><bdi>");
        salle__html_esc(&b, mv[i].person);
        salle__html_put(&b, " &lt;");
        salle__html_esc(&b, mv[i].email[0] ? mv[i].email : TR("no address"));
        salle__html_printf(&b, "&gt;</bdi></td><td>%s</td><td>%d</td></tr>\n", state_word(mv[i].state), mv[i].attempts);
    }
    salle__html_put(&b, "</tbody>\n</table>\n");
    salle__store_mail_list_free(mv, nm);
    if (drafts) {
        salle__html_put(&b, "<p><a href=\"/admin/outbox\">");
        salle__html_printf(&b, TRN("Review the %d message waiting, then send it",
                                   "Review the %d messages waiting, then send them", drafts), drafts);
        salle__html_put(&b, "</a></p>\n");
    }

    salle__interest_admin_html(x, &b);

    salle__html_printf(&b, "<h2>%s</h2>\n", TR("Publish"));
    salle__page_form_open(&b, x, "/admin/publish", NULL);
    field(&b, "note", TR("Public note"), TR("Shown with the version, such as \"Room III closed on Tuesday\""));
    salle__html_printf(&b, "<button type=\"submit\">%s</button>\n</form>\n", TR("Publish the next version"));

    salle__html_put(&b, "<form method=\"post\" action=\"/signout\">\n");
    salle__page_csrf(&b, x, x->tok.hash);
    salle__html_printf(&b, "<button type=\"submit\" class=\"secondary\">%s</button>\n</form>\n", TR("Sign out"));
    salle__resp_html(r, error ? 400 : 200, salle__page_finish(&b));
}

static void admin_page(salle__ctx *x, salle__resp *r, const char *error, const char *notice)
{
    admin_page_with(x, r, error, NULL, notice, NULL, NULL);
}

/* A solve job's result (its stored JSON: {"hard", "soft", "placed", "sessions"}, or {"error",
 * "code", "args"} when it failed) in the page's language: a failure with a code is said from it
 * (salle__wf_say); one without (the store's own words) stays the workflow's English, marked so. */
static void job_result_html(salle__html_buf *b, const char *result)
{
    json_t *o = json_loads(result, 0, NULL);
    const json_t *err = json_object_get(o, "error"), *hard = json_object_get(o, "hard");
    if (json_is_string(err)) {
        char *said = salle__wf_say(salle__page_lang(), json_string_value(json_object_get(o, "code")),
                                   json_object_get(o, "args"));
        salle__html_printf(b, "<p>%s ", TR("The solve failed:"));
        if (said)
            salle__html_esc(b, said);
        else
            salle__page_en(b, json_string_value(err));
        free(said);
        salle__html_put(b, "</p>\n");
    } else if (json_is_integer(hard)) {
        int placed = (int)json_integer_value(json_object_get(o, "placed"));
        int n = (int)json_integer_value(json_object_get(o, "sessions"));
        long h = (long)json_integer_value(hard), soft = (long)json_integer_value(json_object_get(o, "soft"));
        salle__html_put(b, "<p>");
        salle__html_printf(b, TRN("The new draft places %d of its %d session.",
                                  "The new draft places %d of its %d sessions.", n), placed, n);
        salle__html_put(b, " ");
        if (h)
            salle__html_printf(b, TRN("It breaks %ld hard rule.", "It breaks %ld hard rules.", h), h);
        else
            salle__html_put(b, TR("It breaks no hard rule."));
        salle__html_put(b, " ");
        /* TRANSLATORS: the soft score: the sum of the penalties of the goals missed */
        salle__html_printf(b, TR("Its soft score is %ld (lower is better)."), soft);
        salle__html_put(b, "</p>\n");
    } else {
        salle__html_put(b, "<p>");
        salle__page_en(b, result);
        salle__html_put(b, "</p>\n");
    }
    json_decref(o);
}

static void job_page(salle__ctx *x, salle__resp *r, long long id)
{
    salle__job j;
    if (salle__store_job_get(x->s->st, id, &j) < 0) {
        salle__page_message(r, 404, TR("Page not found"), TR("There is no such job."));
        return;
    }
    int live = strcmp(j.state, "queued") == 0 || strcmp(j.state, "running") == 0;
    salle__html_buf b = {0};
    salle__page_head(&b, TR("Solving"));
    salle__html_put(&b, "<h1>");
    salle__html_printf(&b, TR("Solve job %lld"), j.id);
    salle__html_printf(&b, "</h1>\n<p><label for=\"progress\">%s</label><br><progress "
                           "id=\"progress\" max=\"100\" value=\"%d\">%d%%</progress></p>\n", state_word(j.state),
                       strcmp(j.state, "done") == 0 ? 100 : j.progress, j.progress);
    if (j.result)
        job_result_html(&b, j.result);
    /* No automatic refresh (WCAG 2.2.1): the page says so and offers the link. */
    if (live)
        salle__html_printf(&b, "<p>%s <a href=\"/admin/jobs/%lld\">"
                               "%s</a></p>\n", TR("This page does not refresh by itself."), j.id, TR("Check the progress again"));
    salle__html_printf(&b, "<p><a href=\"/admin\">%s</a></p>\n", TR("Back to the administration"));
    salle__store_job_clear(&j);
    salle__resp_html(r, 200, salle__page_finish(&b));
}

static void admin_post(salle__ctx *x, salle__resp *r, const char *what)
{
    salle__form f;
    if (!salle__page_form_post(x, r, &f))
        return;
    char who[64];
    snprintf(who, sizeof who, "admin (session %lld)", x->tok.id);
    salle__wf_err e = {0};
    if (strcmp(what, "upload") == 0) {
        const char *data = salle__form_get(&f, "programme");
        if (!data || !*data)
            admin_page(x, r, TR("Choose a programme file to upload"), NULL);
        else {
            json_t *warned = NULL;
            /* messages name the file as the admin knows it ("sessions.csv:3: ..."), or
             * "upload" when the browser sent no name */
            const char *fname = salle__form_file(&f, "programme");
            int rc = salle__wf_import_mem(x->s->st, data, strlen(data), fname ? fname : "upload", who,
                                          &warned, &e);
            if (rc < 0 && e.status == 400) {
                /* the file's own diagnostic ("upload:3:7: ..."), worded in the page's language by
                 * the parsers (salle_diag.lang); a library's own words it ends with (libxml2's)
                 * stay English, marked so */
                size_t n = strlen(e.msg), d = strlen(e.detail);
                const char *detail = d && d <= n && strcmp(e.msg + n - d, e.detail) == 0 ? e.detail : NULL;
                for (n -= detail ? d : 0; detail && n > 0 && e.msg[n - 1] == ' '; n--)
                    ; /* the summary puts one space before the detail */
                e.msg[n] = 0;
                char *said = salle__xasprintf("%s %s", TR("The file could not be imported. What salle found in it:"), e.msg);
                admin_page_with(x, r, said, detail, NULL, NULL, warned);
                free(said);
            } else if (rc < 0 && e.status)
                admin_page(x, r, salle__wf_said(&e), NULL);
            else if (json_array_size(warned)) /* imported: what the importer skipped or guessed */
                admin_page_with(x, r, NULL, NULL, TR("The programme is imported."), NULL, warned);
            else
                salle__resp_redirect(r, "/admin");
            json_decref(warned);
        }
    } else if (strcmp(what, "solve") == 0) {
        long long job = salle__store_job_add(x->s->st, "solve", "{}", salle__now());
        pthread_mutex_lock(&x->s->jobs_lock);
        pthread_cond_broadcast(&x->s->jobs_cond);
        pthread_mutex_unlock(&x->s->jobs_lock);
        char to[64];
        snprintf(to, sizeof to, "/admin/jobs/%lld", job);
        salle__resp_redirect(r, to);
    } else if (strcmp(what, "disruption") == 0) {
        const char *kind = salle__form_get(&f, "kind");
        const char *id = salle__form_get(&f, "id");
        json_t *body = json_pack("{ss}", "kind", kind ? kind : "");
        const char *key = kind && strncmp(kind, "room", 4) == 0 ? "room"
                          : kind && strncmp(kind, "person", 6) == 0 ? "person" : "session";
        json_object_set_new(body, key, json_string(id ? id : ""));
        const char *fr = salle__form_get(&f, "from"), *to = salle__form_get(&f, "to");
        const char *du = salle__form_get(&f, "duration");
        if (fr && *fr)
            json_object_set_new(body, "from", json_string(fr));
        if (to && *to)
            json_object_set_new(body, "to", json_string(to));
        if (du && *du)
            json_object_set_new(body, "duration", json_integer(atoi(du)));
        json_t *res = salle__wf_disruption(x->s->st, body, who, &e);
        if (res) {
            /* what was recorded, in the page's language (the API says "recorded" in English) */
            char msg[512], w1[96], w2[96];
            const char *k = kind ? kind : "", *subject = id ? id : "";
            if (strcmp(k, "room_closed") == 0)
                snprintf(msg, sizeof msg, TR("Recorded: room %s is closed from %s to %s. Re-plan to move its sessions."),
                         subject, salle__when(salle__page_lang(), fr, NULL, w1, sizeof w1),
                         salle__when(salle__page_lang(), to, NULL, w2, sizeof w2));
            else if (strcmp(k, "person_unavailable") == 0)
                snprintf(msg, sizeof msg, TR("Recorded: %s is unavailable from %s to %s. Re-plan to move their sessions."),
                         subject, salle__when(salle__page_lang(), fr, NULL, w1, sizeof w1),
                         salle__when(salle__page_lang(), to, NULL, w2, sizeof w2));
            else if (strcmp(k, "session_lengthened") == 0)
                snprintf(msg, sizeof msg, TRN("Recorded: session %s now lasts %d minute. Re-plan to give it the time.",
                                              "Recorded: session %s now lasts %d minutes. Re-plan to give it the time.",
                                              du ? atoi(du) : 0), subject, du ? atoi(du) : 0);
            else
                snprintf(msg, sizeof msg, TR("Recorded: session %s is cancelled."), subject);
            admin_page(x, r, NULL, msg);
        } else
            admin_page(x, r, salle__wf_said(&e), NULL);
        json_decref(res);
        json_decref(body);
    } else if (strcmp(what, "replan") == 0) {
        json_t *res = salle__wf_replan(x->s->st, NULL, who, &e);
        if (res)
            admin_page_with(x, r, NULL, NULL, NULL, res, NULL);
        else
            admin_page(x, r, salle__wf_said(&e), NULL);
        json_decref(res);
    } else if (strcmp(what, "outbox/send") == 0) {
        /* the approval and its audit entry: one transaction */
        int n = salle__store_begin(x->s->st) < 0 ? -1 : salle__store_outbox_approve(x->s->st);
        if (n >= 0 && salle__store_audit(x->s->st, who, "approve outbox", NULL, NULL) < 0) {
            salle__store_rollback(x->s->st);
            n = -1;
        } else if (n >= 0 && salle__store_commit(x->s->st) < 0)
            n = -1;
        if (n < 0) {
            admin_page(x, r, TR("The messages were not approved: the store failed; try again"), NULL);
            goto out;
        }
        pthread_mutex_lock(&x->s->jobs_lock);
        pthread_cond_broadcast(&x->s->jobs_cond);
        pthread_mutex_unlock(&x->s->jobs_lock);
        char msg[256];
        snprintf(msg, sizeof msg, TRN("%d message approved for sending", "%d messages approved for sending", n), n);
        admin_page(x, r, NULL, msg);
    } else if (strcmp(what, "publish") == 0) {
        int v = salle__wf_publish_at(x->s->st, salle__form_get(&f, "note"), who, x->s->public_dir,
                                     x->s->prefix, &e);
        if (v < 0) {
            char msg[1400];
            size_t i;
            json_t *rs;
            snprintf(msg, sizeof msg, "%s", salle__wf_said(&e));
            json_array_foreach(e.reasons, i, rs) /* the first, the checker's words in the page's language */
                if (i < 3) {
                    /* TRANSLATORS: before the first reason publishing is refused for, then before each further one */
                    strncat(msg, i == 0 ? TR(": ") : TR("; "), sizeof msg - strlen(msg) - 1);
                    strncat(msg, json_string_value(rs), sizeof msg - strlen(msg) - 1);
                }
            admin_page(x, r, msg, NULL);
        } else {
            char msg[256];
            snprintf(msg, sizeof msg, TR("Version %d is published"), v);
            admin_page(x, r, NULL, msg);
        }
    } else
        salle__page_message(r, 404, TR("Page not found"), TR("There is no such form."));
out:
    salle__wf_err_clear(&e);
    salle__form_free(&f);
}

/* ---------------------------------------------------------------- routing */

int salle__pages_route(salle__ctx *x, salle__resp *r)
{
    const char *u = x->url;
    int get = strcmp(x->method, "GET") == 0, post = strcmp(x->method, "POST") == 0;
    if (strcmp(u, "/_salle/style.css") == 0 && get) {
        r->status = 200;
        r->body = strdup(STYLE);
        r->len = strlen(STYLE);
        r->ctype = "text/css; charset=utf-8";
        r->cache = "public, max-age=3600";
        return 1;
    }
    if (strncmp(u, "/signin/", 8) == 0 && get) {
        signin_get(x, r, u + 8);
        return 1;
    }
    if (strcmp(u, "/signin") == 0 && post) {
        signin_post(x, r);
        return 1;
    }
    int mine = strcmp(u, "/me") == 0 || strncmp(u, "/me/", 4) == 0 || strcmp(u, "/admin") == 0 ||
               strcmp(u, "/signout") == 0 ||
               strncmp(u, "/requests/", 10) == 0 || strncmp(u, "/admin/", 7) == 0;
    if (!mine)
        return 0;
    salle__who(x, 0);
    if (x->limited) {
        salle__page_message(r, 429, TR("Too many attempts"), TR("Wait a minute and try again."));
        return 1;
    }
    /* an organizer who picks a language gets their mail in it too (a failure here only costs that) */
    if (x->role == SALLE_ROLE_ORGANIZER && r->lang_cookie[0] && x->tok.person[0])
        salle__store_lang_set(x->s->st, x->tok.person, x->lang);
    if (x->role == SALLE_ROLE_PUBLIC) {
        salle__page_message(r, 401, TR("Sign in first"), TR("Open the sign-in link you were sent by e-mail. "
                                              "If it has expired, ask the secretariat for a new one."));
        return 1;
    }
    if (strcmp(u, "/signout") == 0 && post) {
        salle__form f;
        if (salle__page_form_post(x, r, &f)) {
            salle__store_token_revoke(x->s->st, x->tok.id);
            snprintf(r->cookie, sizeof r->cookie, "%s=; Path=/; HttpOnly; SameSite=Lax; "
                                                  "Secure; Max-Age=0", x->s->cookie);
            salle__page_message(r, 200, TR("Signed out"), TR("You are signed out."));
            salle__form_free(&f);
        }
        return 1;
    }
    if (strcmp(u, "/me") == 0 && get) {
        if (x->role != SALLE_ROLE_ORGANIZER)
            salle__resp_redirect(r, "/admin");
        else
            me_page(x, r);
        return 1;
    }
    if (strcmp(u, "/admin") == 0 && get) {
        if (x->role != SALLE_ROLE_ADMIN)
            salle__page_message(r, 403, TR("Not allowed"), TR("This page is for the programme's administrators."));
        else
            admin_page(x, r, NULL, NULL);
        return 1;
    }
    if (strncmp(u, "/admin/", 7) == 0) {
        if (x->role != SALLE_ROLE_ADMIN)
            salle__page_message(r, 403, TR("Not allowed"), TR("This page is for the programme's administrators."));
        else if (get && strncmp(u, "/admin/jobs/", 12) == 0)
            job_page(x, r, atoll(u + 12));
        else if (get && strcmp(u, "/admin/draft") == 0)
            salle__page_draft(x, r);
        else if (get && strcmp(u, "/admin/outbox") == 0)
            salle__page_outbox(x, r);
        else if (strncmp(u, "/admin/sessions/", 16) == 0 && u[16] && (get || post)) {
            if (get)
                salle__page_session_form(x, r, u + 16, 0);
            else
                salle__page_session_form_post(x, r, u + 16, 0);
        }
        else if (post)
            admin_post(x, r, u + 7);
        else
            return 0;
        return 1;
    }
    if (strncmp(u, "/me/sessions/", 13) == 0 && u[13] && (get || post)) {
        if (x->role != SALLE_ROLE_ORGANIZER)
            salle__page_message(r, 403, TR("Not allowed"), TR("This page is for the session's organizers; admins "
                                                "edit every link on the session's admin page."));
        else if (get)
            salle__page_session_form(x, r, u + 13, 1);
        else
            salle__page_session_form_post(x, r, u + 13, 1);
        return 1;
    }
    if (strncmp(u, "/requests/", 10) == 0) {
        char *end;
        long long id = strtoll(u + 10, &end, 10);
        if (end == u + 10 || *end)
            return 0;
        if (get)
            request_page(x, r, id, NULL);
        else if (post && x->role == SALLE_ROLE_ORGANIZER)
            answer_post(x, r, id);
        else if (post)
            salle__page_message(r, 403, TR("Not allowed"), TR("Admins answer on an organizer's behalf through "
                                                "the API, with a note (docs/api.md)."));
        else
            return 0;
        return 1;
    }
    return 0;
}

/* ---------------------------------------------------------------- the frame for interest.c */

int salle__page_post_ok(salle__ctx *x, salle__resp *r, const salle__form *f, const unsigned char hash[32])
{
    return post_ok(x, r, f, hash);
}
