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
#include "server/edit.h"

#include <curl/curl.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char STYLE[] =
    "*{box-sizing:border-box}body{margin:0;font:19px/1.4 system-ui,-apple-system,'Segoe UI',"
    "Roboto,Arial,sans-serif;color:#0b0c0c;background:#fff}"
    "header{background:#0b0c0c;color:#fff;padding:12px 20px}header a{color:#fff}"
    "main{max-width:46em;margin:0 auto;padding:20px}h1{font-size:2rem;line-height:1.2}"
    "a{color:#1d70b8}a:visited{color:#4c2c92}"
    "a:focus,button:focus,input:focus,select:focus,textarea:focus,[tabindex]:focus{outline:3px solid #fd0;outline-offset:0;"
    "box-shadow:0 0 0 6px #0b0c0c;background:#fd0;color:#0b0c0c}"
    "button{font:inherit;min-height:44px;min-width:44px;padding:8px 16px;border:0;"
    "background:#00703c;color:#fff;box-shadow:0 2px 0 #002d18;cursor:pointer;margin:8px 0}"
    "button.secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191}"
    "fieldset{border:0;padding:0;margin:0 0 20px}legend{font-weight:700;font-size:1.3rem;margin-bottom:10px}"
    ".radio{display:flex;align-items:center;margin:10px 0;min-height:44px}"
    ".radio input{width:32px;height:32px;margin:0 12px 0 0;flex:none}"
    "dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:6px 20px}dt{font-weight:700}dd{margin:0}"
    ".error-summary{border:5px solid #d4351c;padding:15px;margin-bottom:20px}"
    ".error-summary:focus{background:#fff;color:#0b0c0c;outline:3px solid #fd0;box-shadow:none}"
    ".error-summary a{color:#d4351c;font-weight:700}.error-summary a:focus{color:#0b0c0c}"
    ".error-summary h2{margin-top:0}.tag{display:inline-block;padding:2px 8px;background:#dbe2ee;"
    "font-weight:700}.tag.pending{background:#fff7bf}.tag.accepted{background:#cce2d8}"
    ".tag.declined{background:#f6d7d2}table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;border-bottom:1px solid #b1b4b6;padding:8px 10px 8px 0}"
    ".hint{color:#505a5f}input[type=text]{font:inherit;min-height:44px;width:100%;max-width:30em;"
    "border:2px solid #0b0c0c;padding:5px}"
    "textarea,select{font:inherit;min-height:44px;width:100%;max-width:30em;border:2px solid #0b0c0c;"
    "padding:5px;background:#fff;color:#0b0c0c}pre.mail{white-space:pre-wrap;background:#f3f2f1;padding:15px;"
    "font-size:1rem}.grid-wrap{overflow-x:auto;margin-bottom:20px}table.grid{min-width:40em}"
    "table.grid td{vertical-align:top}td a,li a{display:inline-block;min-height:24px;padding:2px 0}"
    "main:has(.grid-wrap){max-width:none}.when{display:block;font-size:1rem;color:#505a5f}.field-error{border-left:5px solid #d4351c;"
    "padding-left:15px}.error-message{color:#d4351c;font-weight:700}.field-error input,.field-error "
    "textarea,.field-error select{border-color:#d4351c}.visually-hidden{position:absolute;width:1px;"
    "height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
    "@media print{header,form{display:none}}\n";

void salle__page_head(salle__html_buf *b, const char *title)
{
    salle__html_put(b, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<title>");
    salle__html_esc(b, title);
    salle__html_put(b, " \xe2\x80\x93 salle</title>\n<link rel=\"stylesheet\" href=\"/_salle/style.css\">\n"
                       "</head>\n<body>\n<header><a href=\"/\">Programme</a></header>\n"
                       "<main id=\"main\">\n");
}

char *salle__page_finish(salle__html_buf *b)
{
    salle__html_put(b, "</main>\n</body>\n</html>\n");
    return b->s;
}

static void error_summary(salle__html_buf *b, const char *msg, const char *field)
{
    /* autofocus on the summary itself: the first thing a screen reader says is what went wrong */
    salle__html_put(b, "<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" autofocus "
                       "aria-labelledby=\"error-title\">\n<h2 id=\"error-title\">There is a problem</h2>\n<p>");
    if (field)
        salle__html_printf(b, "<a href=\"#%s\">", field);
    salle__html_esc(b, msg);
    salle__html_put(b, field ? "</a></p>\n</div>\n" : "</p>\n</div>\n");
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
        salle__page_message(r, 403, "Not allowed", "This form was sent from another site. Open the page "
                                            "again from the link you were given and send it from there.");
        return 0;
    }
    if (!salle__auth_csrf_ok(&x->s->auth, hash, salle__form_get(f, "csrf"))) {
        salle__page_message(r, 403, "The form has expired", "Go back, reload the page and send the form again.");
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
        salle__page_message(r, 400, "The form could not be read", "Go back and send it again.");
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
        salle__page_message(r, 429, "Too many attempts", "Too many sign-in links that do not work were "
                                                   "tried from your address. Wait a minute and try again.");
        return;
    }
    salle__token t;
    int res = salle__auth_check(&x->s->auth, SALLE_TOKEN_LINK, token, salle__now(), &t);
    if (res != SALLE_AUTH_OK) {
        salle__rate_fail(x);
        salle__page_message(r, res == SALLE_AUTH_UNKNOWN || res == SALLE_AUTH_MALFORMED ? 404 : 410,
                     "This link does not work", salle__auth_why(res));
        return;
    }
    /* Showing the page changes nothing: mail scanners that follow links confirm nothing. */
    salle__html_buf b = {0};
    salle__page_head(&b, "Sign in");
    salle__html_put(&b, "<h1>Sign in</h1>\n<p>");
    if (strcmp(t.role, "admin") == 0)
        salle__html_put(&b, "You are signing in as the programme's administrator.");
    else {
        /* the person's name, as the programme writes it; the id only when it has none */
        char *name = salle__edit_person_name(x->s->st, t.person);
        salle__html_put(&b, "You are signing in as <strong>");
        salle__html_esc(&b, name ? name : t.person);
        salle__html_put(&b, "</strong> to answer for the sessions you organize.");
        free(name);
    }
    salle__html_put(&b, " This link works once.</p>\n<form method=\"post\" action=\"/signin\">\n");
    salle__html_put(&b, "<input type=\"hidden\" name=\"token\" value=\"");
    salle__html_esc(&b, token);
    salle__html_put(&b, "\">\n");
    salle__page_csrf(&b, x, t.hash);
    salle__html_put(&b, "<button type=\"submit\">Continue</button>\n</form>\n");
    salle__resp_html(r, 200, salle__page_finish(&b));
}

static void signin_post(salle__ctx *x, salle__resp *r)
{
    salle__form f;
    if (salle__form_parse(x, &f) < 0) {
        salle__page_message(r, 400, "The form could not be read", "Open the sign-in link again.");
        return;
    }
    if (salle__rate_limited(x)) {
        salle__page_message(r, 429, "Too many attempts", "Wait a minute and try again.");
        goto out;
    }
    salle__token t;
    const char *token = salle__form_get(&f, "token");
    int res = salle__auth_check(&x->s->auth, SALLE_TOKEN_LINK, token, salle__now(), &t);
    if (res != SALLE_AUTH_OK) {
        salle__rate_fail(x);
        salle__page_message(r, res == SALLE_AUTH_UNKNOWN || res == SALLE_AUTH_MALFORMED ? 404 : 410,
                     "This link does not work", salle__auth_why(res));
        goto out;
    }
    if (!post_ok(x, r, &f, t.hash))
        goto out;
    /* using the link, the new session and the audit entry: one transaction */
    char tok[SALLE_TOKEN_TEXT];
    if (salle__store_begin(x->s->st) < 0) {
        salle__page_message(r, 500, "Sign-in failed", "The server could not record the sign-in; try again.");
        goto out;
    }
    if (salle__store_token_use(x->s->st, t.id, salle__now()) < 0) {
        salle__store_rollback(x->s->st);
        salle__page_message(r, 410, "This link does not work", salle__auth_why(SALLE_AUTH_USED));
        goto out;
    }
    int rc = salle__auth_issue(&x->s->auth, SALLE_TOKEN_SESSION, t.role, t.person,
                               SALLE_SESSION_TTL, salle__now(), tok) < 0 ||
             salle__store_audit(x->s->st, t.person[0] ? t.person : "admin", "sign in", NULL, t.role) < 0
                 ? -1 : 0;
    if (rc < 0)
        salle__store_rollback(x->s->st);
    else
        rc = salle__store_commit(x->s->st); /* rolls back itself when it fails */
    if (rc < 0) {
        salle__page_message(r, 500, "Sign-in failed", "The server could not record the sign-in; try again.");
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

static void place_text(salle__html_buf *b, const char *room, const char *start)
{
    salle__html_esc(b, room);
    salle__html_put(b, ", ");
    salle__html_esc(b, start);
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
    salle__page_head(&b, "Your sessions");
    salle__html_put(&b, "<h1>Your sessions</h1>\n");
    salle__request *rq;
    int n = salle__store_request_list(x->s->st, NULL, &rq);
    size_t i;
    json_t *sid;
    salle__html_put(&b, "<table>\n<caption class=\"visually-hidden\">Move requests for your sessions"
                        "</caption>\n<thead><tr><th scope=\"col\">Session</th><th scope=\"col\">Request"
                        "</th><th scope=\"col\">State</th></tr></thead>\n<tbody>\n");
    int any = 0;
    json_array_foreach(mine, i, sid) {
        for (int k = 0; k < n; k++) {
            if (strcmp(rq[k].session, json_string_value(sid)) != 0 ||
                strcmp(rq[k].state, "superseded") == 0 || strcmp(rq[k].state, "withdrawn") == 0)
                continue;
            any = 1;
            salle__html_put(&b, "<tr><td>");
            salle__html_esc(&b, rq[k].session);
            salle__html_printf(&b, "</td><td><a href=\"/requests/%lld\">Move from ", rq[k].id);
            place_text(&b, rq[k].from_room, rq[k].from_start);
            salle__html_printf(&b, "</a></td><td><span class=\"tag %s\">%s</span></td></tr>\n",
                               rq[k].state, rq[k].state);
        }
    }
    salle__html_put(&b, "</tbody>\n</table>\n");
    if (!any)
        salle__html_put(&b, "<p>Nothing to answer: none of your sessions is asked to move.</p>\n");
    salle__html_put(&b, "<h2>Your sessions' links</h2>\n<p>Add the shared document, the report and the "
                        "remote participation link of a session you organize.</p>\n<ul>\n");
    json_array_foreach(mine, i, sid) {
        salle__html_put(&b, "<li><a href=\"/me/sessions/");
        salle__page_href_id(&b, json_string_value(sid));
        salle__html_put(&b, "\">Links for ");
        salle__html_esc(&b, json_string_value(sid));
        salle__html_put(&b, "</a></li>\n");
    }
    salle__html_put(&b, "</ul>\n");
    salle__interest_me_html(x, &b, mine);
    salle__html_put(&b, "<form method=\"post\" action=\"/signout\">\n");
    salle__page_csrf(&b, x, x->tok.hash);
    salle__html_put(&b, "<button type=\"submit\" class=\"secondary\">Sign out</button>\n</form>\n");
    salle__store_request_list_free(rq, n);
    json_decref(mine);
    salle__resp_html(r, 200, salle__page_finish(&b));
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
        salle__page_message(r, 404, "Page not found", "There is no such move request among your sessions.");
        return;
    }
    const char *state = json_string_value(json_object_get(j, "state"));
    json_t *from = json_object_get(j, "from"), *to = json_object_get(j, "to");
    salle__html_buf b = {0};
    salle__page_head(&b, "Move request");
    if (error)
        error_summary(&b, error, "answer-accept");
    salle__html_put(&b, "<h1>Can ");
    salle__html_esc(&b, session);
    salle__html_put(&b, " move?</h1>\n<dl class=\"summary\">\n<dt>Now</dt><dd>");
    place_text(&b, json_string_value(json_object_get(from, "room")), json_string_value(json_object_get(from, "start")));
    salle__html_put(&b, "</dd>\n<dt>Proposed</dt><dd>");
    place_text(&b, json_string_value(json_object_get(to, "room")), json_string_value(json_object_get(to, "start")));
    salle__html_put(&b, "</dd>\n<dt>Why</dt><dd>");
    salle__html_esc(&b, json_string_value(json_object_get(j, "reason")));
    salle__html_printf(&b, "</dd>\n<dt>State</dt><dd><span class=\"tag %s\">%s</span></dd>\n</dl>\n",
                       state, state);
    if (strcmp(state, "pending") == 0) {
        salle__html_printf(&b, "<form method=\"post\" action=\"/requests/%lld\" novalidate>\n", id);
        salle__page_csrf(&b, x, x->tok.hash);
        salle__html_put(&b, "<fieldset>\n<legend>Your answer</legend>\n"
                            "<div class=\"radio\"><input type=\"radio\" id=\"answer-accept\" name=\"answer\" "
                            "value=\"accept\"><label for=\"answer-accept\">Yes, move it to the proposed place</label></div>\n");
        size_t i;
        json_t *alt;
        json_array_foreach(json_object_get(j, "alternatives"), i, alt) {
            salle__html_printf(&b, "<div class=\"radio\"><input type=\"radio\" id=\"answer-alt-%zu\" "
                                   "name=\"answer\" value=\"alt:", i);
            salle__html_esc(&b, json_string_value(json_object_get(alt, "room")));
            salle__html_put(&b, "@");
            salle__html_esc(&b, json_string_value(json_object_get(alt, "start")));
            salle__html_printf(&b, "\"><label for=\"answer-alt-%zu\">Move it to ", i);
            place_text(&b, json_string_value(json_object_get(alt, "room")), json_string_value(json_object_get(alt, "start")));
            salle__html_put(&b, " instead</label></div>\n");
        }
        salle__html_put(&b, "<div class=\"radio\"><input type=\"radio\" id=\"answer-decline\" name=\"answer\" "
                            "value=\"decline\"><label for=\"answer-decline\">No, keep it where it is</label></div>\n"
                            "</fieldset>\n<button type=\"submit\">Send answer</button>\n</form>\n");
    } else {
        salle__html_put(&b, "<p>This request was answered");
        const char *by = json_string_value(json_object_get(j, "answered_by"));
        if (by) {
            salle__html_put(&b, " by ");
            salle__html_esc(&b, by);
        }
        salle__html_put(&b, ". Every organizer of the session sees the same answer.</p>\n");
    }
    salle__html_put(&b, "<p><a href=\"/me\">Back to your sessions</a></p>\n");
    json_decref(j);
    salle__resp_html(r, error ? 400 : 200, salle__page_finish(&b));
}

/* Check your answer (GOV.UK): what will happen, with a way back, before anything is recorded. */
static void check_page(salle__ctx *x, salle__resp *r, long long id, int ans, const char *value,
                       const char *room, const char *start)
{
    salle__html_buf b = {0};
    salle__page_head(&b, "Check your answer");
    salle__html_put(&b, "<h1>Check your answer</h1>\n<dl class=\"summary\">\n<dt>Your answer</dt><dd>");
    if (ans == SALLE_ANSWER_ACCEPT)
        salle__html_put(&b, "Yes, move it to the proposed place");
    else if (ans == SALLE_ANSWER_DECLINE)
        salle__html_put(&b, "No, keep it where it is");
    else {
        salle__html_put(&b, "Move it to ");
        place_text(&b, room, start);
    }
    salle__html_printf(&b, "</dd>\n<dd><a href=\"/requests/%lld\">Change your answer</a></dd>\n</dl>\n"
                           "<p>All organizers of the session will see this answer.</p>\n", id);
    salle__html_printf(&b, "<form method=\"post\" action=\"/requests/%lld\">\n", id);
    salle__page_csrf(&b, x, x->tok.hash);
    salle__html_put(&b, "<input type=\"hidden\" name=\"answer\" value=\"");
    salle__html_esc(&b, value);
    salle__html_put(&b, "\">\n<input type=\"hidden\" name=\"confirm\" value=\"yes\">\n"
                        "<button type=\"submit\">Confirm and send</button>\n</form>\n");
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
        salle__page_message(r, 404, "Page not found", "There is no such move request among your sessions.");
        goto out;
    }
    salle__store_request_clear(&rq);
    const char *a = salle__form_get(&f, "answer");
    int ans;
    char room[128] = "", start[32] = "";
    if (!a) {
        request_page(x, r, id, "Choose an answer: yes, another place, or no");
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
        request_page(x, r, id, "Choose one of the answers listed");
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
            request_page(x, r, id, e.msg);
        else
            salle__page_message(r, e.status ? e.status : 500, "The answer was not recorded", e.msg);
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

static void admin_page(salle__ctx *x, salle__resp *r, const char *error, const char *notice)
{
    salle__html_buf b = {0};
    salle__page_head(&b, "Programme administration");
    if (error)
        error_summary(&b, error, NULL);
    salle__html_put(&b, "<h1>Programme administration</h1>\n");
    if (notice) {
        salle__html_put(&b, "<p role=\"status\"><strong>");
        salle__html_esc(&b, notice);
        salle__html_put(&b, "</strong></p>\n");
    }
    char *have = NULL;
    if (salle__store_draft_get(x->s->st, &have, NULL) < 0) {
        salle__html_put(&b, "<h2>Upload a programme</h2>\n<p>A native instance (docs/format.md), a "
                            "frab schedule.xml, a c3voc schedule JSON or a CSV spreadsheet.</p>\n");
        salle__page_form_open(&b, x, "/admin/upload", "multipart/form-data");
        salle__html_put(&b, "<p><label for=\"programme\">Programme file</label><br><input type=\"file\" "
                            "id=\"programme\" name=\"programme\"></p>\n<button type=\"submit\">Upload</button>\n</form>\n");
        salle__resp_html(r, error ? 400 : 200, salle__page_finish(&b));
        return;
    }
    free(have);
    salle__version v;
    if (salle__store_version_get(x->s->st, 0, &v) == 0) {
        salle__html_printf(&b, "<p>Published: version %d (hard %ld, soft %ld). <a href=\"/\">The "
                               "public programme</a></p>\n", v.number, v.hard, v.soft);
        salle__store_version_clear(&v);
    } else
        salle__html_put(&b, "<p>Nothing is published yet.</p>\n");

    salle__html_put(&b, "<p><a href=\"/admin/draft\">The draft as a grid, with its score and every "
                        "violation; edit its sessions</a></p>\n");
    salle__html_put(&b, "<h2>The programme to publish</h2>\n");
    long hard = 0;
    salle__wf_err e = {0};
    json_t *viol = NULL;
    char *t = salle__wf_target(x->s->st, &hard, &viol, &e);
    if (t) {
        salle__html_printf(&b, "<p>It breaks %ld hard rule%s.</p>\n", hard, hard == 1 ? "" : "s");
        if (json_array_size(viol)) {
            salle__html_put(&b, "<ul>\n");
            size_t i;
            json_t *vt;
            json_array_foreach(viol, i, vt) {
                salle__html_put(&b, "<li>");
                salle__html_esc(&b, json_string_value(vt));
                salle__html_put(&b, "</li>\n");
            }
            salle__html_put(&b, "</ul>\n");
        }
        json_t *sj = json_loads(t, 0, NULL);
        salle__html_put(&b, "<table>\n<caption>Every placed session</caption>\n<thead><tr><th scope=\"col\">"
                            "Start</th><th scope=\"col\">Room</th><th scope=\"col\">Session</th></tr></thead>\n<tbody>\n");
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
        salle__html_esc(&b, e.msg);
        salle__html_put(&b, "</p>\n");
    }
    json_decref(viol);
    free(t);
    salle__wf_err_clear(&e);
    char *changes = salle__wf_changes(x->s->st, &e);
    if (changes && *changes) {
        /* the comparison with the published version, in words, one line per session */
        salle__html_put(&b, "<h3>Compared with the published version</h3>\n<ul>\n");
        for (char *line = changes, *nl; *line; line = nl ? nl + 1 : line + strlen(line)) {
            nl = strchr(line, '\n');
            if (nl)
                *nl = 0;
            salle__html_put(&b, "<li>");
            salle__html_esc(&b, line);
            salle__html_put(&b, "</li>\n");
            if (!nl)
                break;
        }
        salle__html_put(&b, "</ul>\n");
    }
    free(changes);
    salle__wf_err_clear(&e);

    salle__html_put(&b, "<h2>Solve</h2>\n<p>Builds a new draft in the background; published sessions stay.</p>\n");
    salle__page_form_open(&b, x, "/admin/solve", NULL);
    salle__html_put(&b, "<button type=\"submit\">Solve the draft</button>\n</form>\n");

    salle__html_put(&b, "<h2>Record a disruption</h2>\n");
    salle__page_form_open(&b, x, "/admin/disruption", NULL);
    salle__html_put(&b, "<fieldset>\n<legend>What happened</legend>\n");
    static const char *const kinds[][2] = {{"room_closed", "A room is closed"},
                                           {"person_unavailable", "A person is unavailable"},
                                           {"session_lengthened", "A session is lengthened"},
                                           {"session_cancelled", "A session is cancelled"}};
    for (int k = 0; k < 4; k++)
        salle__html_printf(&b, "<div class=\"radio\"><input type=\"radio\" id=\"kind-%d\" name=\"kind\" "
                               "value=\"%s\"%s><label for=\"kind-%d\">%s</label></div>\n", k, kinds[k][0],
                           k == 0 ? " checked" : "", k, kinds[k][1]);
    salle__html_put(&b, "</fieldset>\n");
    field(&b, "id", "Room, person or session id", NULL);
    field(&b, "from", "From", "Event time, such as 2018-11-13T14:00");
    field(&b, "to", "To", "Event time, such as 2018-11-13T18:00");
    field(&b, "duration", "New length in minutes", "Only for a lengthened session");
    salle__html_put(&b, "<button type=\"submit\">Record it</button>\n</form>\n");

    salle__html_put(&b, "<h2>Re-plan</h2>\n<p>Moves as few published sessions as possible and asks "
                        "their organizers.</p>\n");
    salle__page_form_open(&b, x, "/admin/replan", NULL);
    salle__html_put(&b, "<button type=\"submit\">Re-plan with minimal change</button>\n</form>\n");

    salle__request *rq;
    int n = salle__store_request_list(x->s->st, NULL, &rq);
    salle__html_put(&b, "<h2>Move requests</h2>\n<table>\n<thead><tr><th scope=\"col\">Request</th>"
                        "<th scope=\"col\">Session</th><th scope=\"col\">State</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < n; i++) {
        salle__html_printf(&b, "<tr><td><a href=\"/requests/%lld\">%lld</a></td><td>", rq[i].id, rq[i].id);
        salle__html_esc(&b, rq[i].session);
        salle__html_printf(&b, "</td><td><span class=\"tag %s\">%s</span></td></tr>\n", rq[i].state, rq[i].state);
    }
    salle__html_put(&b, "</tbody>\n</table>\n");
    salle__store_request_list_free(rq, n);

    salle__mail *mv;
    int nm = salle__store_outbox_list(x->s->st, &mv), drafts = 0;
    salle__html_put(&b, "<h2>Outbox</h2>\n<table>\n<thead><tr><th scope=\"col\">To</th><th scope=\"col\">"
                        "State</th><th scope=\"col\">Attempts</th></tr></thead>\n<tbody>\n");
    for (int i = 0; i < nm; i++) {
        drafts += strcmp(mv[i].state, "draft") == 0;
        salle__html_put(&b, "<tr><td>");
        salle__html_esc(&b, mv[i].person);
        salle__html_put(&b, " &lt;");
        salle__html_esc(&b, mv[i].email[0] ? mv[i].email : "no address");
        salle__html_printf(&b, "&gt;</td><td>%s</td><td>%d</td></tr>\n", mv[i].state, mv[i].attempts);
    }
    salle__html_put(&b, "</tbody>\n</table>\n");
    salle__store_mail_list_free(mv, nm);
    if (drafts)
        salle__html_printf(&b, "<p><a href=\"/admin/outbox\">Review the %d message%s waiting, then send "
                               "them</a></p>\n", drafts, drafts == 1 ? "" : "s");

    salle__interest_admin_html(x, &b);

    salle__html_put(&b, "<h2>Publish</h2>\n");
    salle__page_form_open(&b, x, "/admin/publish", NULL);
    field(&b, "note", "Public note", "Shown with the version, such as \"Room III closed on Tuesday\"");
    salle__html_put(&b, "<button type=\"submit\">Publish the next version</button>\n</form>\n");

    salle__html_put(&b, "<form method=\"post\" action=\"/signout\">\n");
    salle__page_csrf(&b, x, x->tok.hash);
    salle__html_put(&b, "<button type=\"submit\" class=\"secondary\">Sign out</button>\n</form>\n");
    salle__resp_html(r, error ? 400 : 200, salle__page_finish(&b));
}

static void job_page(salle__ctx *x, salle__resp *r, long long id)
{
    salle__job j;
    if (salle__store_job_get(x->s->st, id, &j) < 0) {
        salle__page_message(r, 404, "Page not found", "There is no such job.");
        return;
    }
    int live = strcmp(j.state, "queued") == 0 || strcmp(j.state, "running") == 0;
    salle__html_buf b = {0};
    salle__page_head(&b, "Solving");
    salle__html_printf(&b, "<h1>Solve job %lld</h1>\n<p><label for=\"progress\">%s</label><br><progress "
                           "id=\"progress\" max=\"100\" value=\"%d\">%d%%</progress></p>\n", j.id, j.state,
                       strcmp(j.state, "done") == 0 ? 100 : j.progress, j.progress);
    if (j.result) {
        salle__html_put(&b, "<p>");
        salle__html_esc(&b, j.result);
        salle__html_put(&b, "</p>\n");
    }
    /* No automatic refresh (WCAG 2.2.1): the page says so and offers the link. */
    if (live)
        salle__html_printf(&b, "<p>This page does not refresh by itself. <a href=\"/admin/jobs/%lld\">"
                               "Check the progress again</a></p>\n", j.id);
    salle__html_put(&b, "<p><a href=\"/admin\">Back to the administration</a></p>\n");
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
            admin_page(x, r, "Choose a programme file to upload", NULL);
        else if (salle__wf_import_mem(x->s->st, data, strlen(data), "upload", who, &e) < 0)
            admin_page(x, r, e.msg, NULL);
        else
            salle__resp_redirect(r, "/admin");
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
        if (res)
            admin_page(x, r, NULL, json_string_value(json_object_get(res, "recorded")));
        else
            admin_page(x, r, e.msg, NULL);
        json_decref(res);
        json_decref(body);
    } else if (strcmp(what, "replan") == 0) {
        json_t *res = salle__wf_replan(x->s->st, NULL, who, &e);
        if (res)
            admin_page(x, r, NULL, json_string_value(json_object_get(res, "summary")));
        else
            admin_page(x, r, e.msg, NULL);
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
            admin_page(x, r, "The messages were not approved: the store failed; try again", NULL);
            goto out;
        }
        pthread_mutex_lock(&x->s->jobs_lock);
        pthread_cond_broadcast(&x->s->jobs_cond);
        pthread_mutex_unlock(&x->s->jobs_lock);
        char msg[100];
        snprintf(msg, sizeof msg, "%d message%s approved for sending", n, n == 1 ? "" : "s");
        admin_page(x, r, NULL, msg);
    } else if (strcmp(what, "publish") == 0) {
        int v = salle__wf_publish_at(x->s->st, salle__form_get(&f, "note"), who, x->s->public_dir,
                                     x->s->prefix, &e);
        if (v < 0) {
            char msg[1400];
            size_t i;
            json_t *rs;
            snprintf(msg, sizeof msg, "%s", e.msg);
            json_array_foreach(e.reasons, i, rs)
                if (i < 3)
                    snprintf(msg + strlen(msg), sizeof msg - strlen(msg), "%s %s", i ? ";" : ":",
                             json_string_value(rs));
            admin_page(x, r, msg, NULL);
        } else {
            char msg[64];
            snprintf(msg, sizeof msg, "Version %d is published", v);
            admin_page(x, r, NULL, msg);
        }
    } else
        salle__page_message(r, 404, "Page not found", "There is no such form.");
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
        salle__page_message(r, 429, "Too many attempts", "Wait a minute and try again.");
        return 1;
    }
    if (x->role == SALLE_ROLE_PUBLIC) {
        salle__page_message(r, 401, "Sign in first", "Open the sign-in link you were sent by e-mail. "
                                              "If it has expired, ask the secretariat for a new one.");
        return 1;
    }
    if (strcmp(u, "/signout") == 0 && post) {
        salle__form f;
        if (salle__page_form_post(x, r, &f)) {
            salle__store_token_revoke(x->s->st, x->tok.id);
            snprintf(r->cookie, sizeof r->cookie, "%s=; Path=/; HttpOnly; SameSite=Lax; "
                                                  "Secure; Max-Age=0", x->s->cookie);
            salle__page_message(r, 200, "Signed out", "You are signed out.");
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
            salle__page_message(r, 403, "Not allowed", "This page is for the programme's administrators.");
        else
            admin_page(x, r, NULL, NULL);
        return 1;
    }
    if (strncmp(u, "/admin/", 7) == 0) {
        if (x->role != SALLE_ROLE_ADMIN)
            salle__page_message(r, 403, "Not allowed", "This page is for the programme's administrators.");
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
            salle__page_message(r, 403, "Not allowed", "This page is for the session's organizers; admins "
                                                "edit every link on the session's admin page.");
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
            salle__page_message(r, 403, "Not allowed", "Admins answer on an organizer's behalf through "
                                                "the API, with a note (docs/api.md).");
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
