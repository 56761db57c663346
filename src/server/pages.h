/*
 * pages.h: what the server's HTML pages share (pages.c: sign-in, an organizer's answers, the
 * admin's overview and the routing; pages_edit.c: the draft grid, the edit forms, the outbox
 * review). Every page is built in a salle__html_buf between salle__page_head and
 * salle__page_finish.
 */
#ifndef SALLE_SERVER_PAGES_H
#define SALLE_SERVER_PAGES_H

#include "server/http.h"
#include "site/render_html.h"

/* The server's interface strings, in the request's language (po/README.md; the site's TR takes
 * the language from its site, these from salle__page_lang_pick). */
#undef TR
#undef TRN
#define TR(s) salle__tr(salle__page_lang(), s)
#define TRN(one, many, n) salle__trn(salle__page_lang(), one, many, n)

/* The page's start: doctype, title (" - salle" added), style sheet, header, <main>. */
void salle__page_head(salle__html_buf *b, const char *title);
/* Closes <main> and the page; returns the text (b's buffer, caller frees). */
char *salle__page_finish(salle__html_buf *b);
/* A whole page of one heading and one sentence, with that status. */
void salle__page_message(salle__resp *r, int status, const char *title, const char *msg);
/* The hidden CSRF field bound to the token with hash (the signed-in session's, or the link's). */
void salle__page_csrf(salle__html_buf *b, const salle__ctx *x, const unsigned char hash[32]);
/* <form method="post" action=...> with the session's CSRF field; enctype may be NULL. */
void salle__page_form_open(salle__html_buf *b, const salle__ctx *x, const char *action, const char *enctype);
/* A signed-in user's form POST: parsed, from this site, with the session's CSRF token. 1 when the
 * handler may act (it then frees f); otherwise r holds the refusal and f is freed. */
int salle__page_form_post(salle__ctx *x, salle__resp *r, salle__form *f);
/* An id as a path segment of an href (percent-encoded by libcurl, then HTML-escaped). */
void salle__page_href_id(salle__html_buf *b, const char *id);

/* Text salle writes only in English (the checker's and the re-planner's words, the e-mails):
 * escaped, and on a page in another language marked lang="en" dir="ltr" so that screen readers
 * say it in English and right-to-left pages keep its punctuation in order. */
void salle__page_en(salle__html_buf *b, const char *text);
/* The attributes that mark an element's content as such English ("" on an English page). */
const char *salle__page_en_attrs(void);

/* A session's own text (its title) in language lang (NULL or "": not given): written as is, in
 * an element marked lang (and dir) when that is not the page's language; without a language, on a
 * right-to-left page, isolated (dir="auto") so that its own direction holds. */
void salle__page_content(salle__html_buf *b, const char *text, const char *lang);

/* pages_edit.c: GET /admin/draft, GET /admin/outbox, and the session forms: the admin's
 * (/admin/sessions/{id}, organizer 0) or an organizer's links (/me/sessions/{id}, organizer 1;
 * the caller has checked the role, these check that the organizer organizes the session). */
void salle__page_draft(salle__ctx *x, salle__resp *r);
void salle__page_outbox(salle__ctx *x, salle__resp *r);
void salle__page_session_form(salle__ctx *x, salle__resp *r, const char *id, int organizer);
void salle__page_session_form_post(salle__ctx *x, salle__resp *r, const char *id, int organizer);

#endif
