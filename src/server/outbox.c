/*
 * outbox.c: reaching organizers (outbox.h). A re-plan writes one message per organizer with all
 * their sessions' moves and an iCalendar file of where their sessions would be; the admin reviews
 * the drafts and approves them; the sender delivers approved ones over SMTP with libcurl, retrying
 * with backoff. The sign-in link is made when the message is sent, so no usable token is ever
 * stored in clear. A message is marked 'sending' before it goes out and a crash then marks it
 * failed: it is never sent twice.
 */
#include "server/outbox.h"
#include "server/reason.h"
#include "base/internal.h"
#include "base/tr.h"
#include "formats/export.h"

#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LINK_MARK "{{link}}"
#define MAX_ATTEMPTS 8

/* The language person's messages are written in: the one they last chose or signed in with, else
 * the event's (`salle serve --language`, kept in meta "mail_lang"), else English. */
static const char *mail_lang(salle__store *st, const char *person, const char *event_lang)
{
    char l[16];
    const char *got = salle__store_lang_get(st, person, l, sizeof l) == 0 ? salle__tr_lang(l) : NULL;
    return got ? got : event_lang;
}

const char *salle__outbox_event_lang(salle__store *st)
{
    char l[16];
    int n = salle__store_meta_get(st, "mail_lang", l, sizeof l - 1);
    l[n > 0 ? n : 0] = 0;
    const char *got = n > 0 ? salle__tr_lang(l) : NULL;
    return got ? got : "en";
}

/* "Tuesday 3 June, 11:00" in lang, from a schedule's "YYYY-MM-DDTHH:MM" (NULL: "?"). */
static const char *when(const char *lang, const char *iso, char *buf, size_t cap)
{
    return salle__when(lang, iso, NULL, buf, cap);
}

int salle__outbox_compose(salle__store *st, const salle_instance *inst, const salle_schedule *proposal,
                          long long proposal_id, const json_t *moves, long long now)
{
    /* person index -> the moves that concern them, as text in their language */
    salle__buf *per = salle__xcalloc((size_t)inst->npeople + 1, sizeof *per);
    const char **lang = salle__xcalloc((size_t)inst->npeople + 1, sizeof *lang);
    const char *event_lang = salle__outbox_event_lang(st);
    char t1[96], t2[96];
    size_t i;
    json_t *m;
    json_array_foreach((json_t *)moves, i, m) {
        if (strcmp(json_string_value(json_object_get(m, "kind")), "moved") != 0)
            continue;
        int si = salle_instance_session(inst, json_string_value(json_object_get(m, "session")));
        if (si < 0)
            continue;
        const salle_session *s = &inst->sessions[si];
        const salle_ids *who = s->organizers.n ? &s->organizers : &s->speakers;
        json_t *f = json_object_get(m, "from"), *t = json_object_get(m, "to");
        int fr = salle_instance_room(inst, json_string_value(json_object_get(f, "room")));
        int tr = salle_instance_room(inst, json_string_value(json_object_get(t, "room")));
        /* the re-planner's reason in the recipient's language from its code (reason.h); its
         * English words when it has none */
        const char *why = json_string_value(json_object_get(m, "reason"));
        const char *code = json_string_value(json_object_get(m, "code"));
        json_t *args = json_object_get(m, "args");
        for (int k = 0; k < who->n; k++) {
            int p = who->v[k];
            if (!lang[p])
                lang[p] = mail_lang(st, inst->people[p].id, event_lang);
            const char *l = lang[p];
            salle__buf_printf(&per[p], "- %s \"%s\"\n  ", s->id, s->title);
            salle__buf_printf(&per[p], salle__tr(l, "now: %s, %s"),
                              when(l, json_string_value(json_object_get(f, "start")), t1, sizeof t1),
                              fr >= 0 ? inst->rooms[fr].name : "?");
            salle__buf_printf(&per[p], "\n  ");
            salle__buf_printf(&per[p], salle__tr(l, "proposed: %s, %s"),
                              when(l, json_string_value(json_object_get(t, "start")), t2, sizeof t2),
                              tr >= 0 ? inst->rooms[tr].name : "?");
            salle__buf_printf(&per[p], "\n  ");
            char *said = salle__reason_say(l, code, args);
            salle__buf_printf(&per[p], salle__tr(l, "why: %s"), said ? said : why ? why : "");
            free(said);
            salle__buf_printf(&per[p], "\n\n");
        }
    }
    int rc = 0;
    for (int p = 0; p < inst->npeople && rc == 0; p++) {
        if (!per[p].s)
            continue;
        const char *l = lang[p];
        salle__mail mail = {0};
        mail.proposal = proposal_id;
        mail.created = now;
        snprintf(mail.person, sizeof mail.person, "%s", inst->people[p].id);
        snprintf(mail.lang, sizeof mail.lang, "%s", l);
        if (salle__store_email_get(st, inst->people[p].id, mail.email, sizeof mail.email) < 0)
            mail.email[0] = 0; /* listed for the admin, never approved without an address */
        const char *name = inst->event.name ? inst->event.name : "";
        mail.subject = salle__xasprintf(salle__tr(l, "%s: please confirm a change to your session"), name);
        char *hello = salle__xasprintf(salle__tr(l, "Hello %s,"), inst->people[p].name ? inst->people[p].name
                                                                                       : inst->people[p].id);
        char *intro = salle__xasprintf(salle__tr(l, "The programme of %s has to change, and your agreement is "
                                                    "needed before any session of yours moves. Nothing changes "
                                                    "in the public programme until you answer."), name);
        mail.body = salle__xasprintf("%s\n\n%s\n\n%s%s\n%s\n\n%s\n", hello, intro, per[p].s,
                                     salle__tr(l, "To accept, pick another place or decline, open this link:"),
                                     LINK_MARK,
                                     salle__tr(l, "It works once and expires in 14 days. The attached calendar "
                                                  "file shows where your sessions would be."));
        free(hello);
        free(intro);
        salle__export x;
        salle__export_init(&x, inst, proposal);
        x.lang = strcmp(l, "en") == 0 ? NULL : l;
        salle_diag d = {0};
        mail.ics = salle__export_ics_with(&x, -1, p, &d);
        salle__export_done(&x);
        if (!mail.ics)
            mail.ics = salle__xstrdup("");
        if (salle__store_outbox_add(st, &mail) < 0)
            rc = -1;
        free(mail.subject);
        free(mail.body);
        free(mail.ics);
    }
    for (int p = 0; p <= inst->npeople; p++)
        free(per[p].s);
    free(per);
    free(lang);
    return rc;
}

/* RFC 2047 for a subject that may hold any UTF-8. */
static char *encoded_word(const char *s)
{
    size_t n = strlen(s), cap = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
    char *b = salle__xmalloc(cap);
    sodium_bin2base64(b, cap, (const unsigned char *)s, n, sodium_base64_VARIANT_ORIGINAL);
    char *out = salle__xasprintf("=?UTF-8?B?%s?=", b);
    free(b);
    return out;
}

static char *replace_link(const char *body, const char *link)
{
    const char *at = strstr(body, LINK_MARK);
    if (!at)
        return salle__xstrdup(body);
    return salle__xasprintf("%.*s%s%s", (int)(at - body), body, link, at + strlen(LINK_MARK));
}

/* One SMTP delivery; 0, or -1 with err filled. */
static int deliver(const salle__outbox_config *cfg, const salle__mail *m, const char *text,
                   char *err, size_t errlen)
{
    CURL *c = curl_easy_init();
    if (!c) {
        snprintf(err, errlen, "libcurl could not start");
        return -1;
    }
    char from[300], to[300], h_from[400], h_to[400], msgid[200], date[100];
    snprintf(from, sizeof from, "<%s>", cfg->from);
    snprintf(to, sizeof to, "<%s>", m->email);
    snprintf(h_from, sizeof h_from, "From: %s", cfg->from);
    snprintf(h_to, sizeof h_to, "To: %s", m->email);
    /* The same message id on every attempt: a receiving server may drop a duplicate. */
    snprintf(msgid, sizeof msgid, "Message-ID: <salle-outbox-%lld-%lld@salle>", m->id, m->created);
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(date, sizeof date, "Date: %a, %d %b %Y %H:%M:%S +0000", &tmv);
    char *subj = encoded_word(m->subject);
    char *h_subj = salle__xasprintf("Subject: %s", subj);
    free(subj);
    struct curl_slist *rcpt = curl_slist_append(NULL, to);
    struct curl_slist *hdr = curl_slist_append(NULL, h_from);
    hdr = curl_slist_append(hdr, h_to);
    hdr = curl_slist_append(hdr, h_subj);
    hdr = curl_slist_append(hdr, msgid);
    hdr = curl_slist_append(hdr, date);
    curl_mime *mime = curl_mime_init(c);
    curl_mimepart *part = curl_mime_addpart(mime);
    curl_mime_data(part, text, CURL_ZERO_TERMINATED);
    curl_mime_type(part, "text/plain; charset=utf-8");
    curl_mime_encoder(part, "quoted-printable");
    if (m->ics && m->ics[0]) {
        part = curl_mime_addpart(mime);
        curl_mime_data(part, m->ics, CURL_ZERO_TERMINATED);
        curl_mime_type(part, "text/calendar; charset=utf-8");
        curl_mime_filename(part, "sessions.ics");
        curl_mime_encoder(part, "base64");
    }
    curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    CURLcode res = curl_easy_perform(c);
    if (res != CURLE_OK)
        snprintf(err, errlen, "%s", curl_easy_strerror(res));
    curl_mime_free(mime);
    curl_slist_free_all(hdr);
    curl_slist_free_all(rcpt);
    free(h_subj);
    curl_easy_cleanup(c);
    return res == CURLE_OK ? 0 : -1;
}

int salle__outbox_send_due(salle__store *st, salle__auth *auth, const salle__outbox_config *cfg,
                           long long now)
{
    salle__mail m;
    if (!cfg->smtp_url || salle__store_outbox_claim(st, now, &m) < 0)
        return 0;
    char tok[SALLE_TOKEN_TEXT], err[512] = "";
    int rc = -1;
    if (salle__auth_issue(auth, SALLE_TOKEN_LINK, "organizer", m.person, SALLE_LINK_TTL, now, tok) < 0)
        snprintf(err, sizeof err, "could not make a sign-in link: %s", salle__store_error(st));
    else {
        char *link = salle__xasprintf("%s/signin/%s", cfg->base, tok);
        char *text = replace_link(m.body, link);
        rc = deliver(cfg, &m, text, err, sizeof err);
        sodium_memzero(tok, sizeof tok);
        free(link);
        free(text);
    }
    if (rc == 0) {
        salle__store_outbox_set(st, m.id, "sent", 0, NULL, now);
        salle__store_audit(st, "outbox", "mail sent", NULL, m.email);
    } else if (m.attempts >= MAX_ATTEMPTS)
        salle__store_outbox_set(st, m.id, "failed", 0, err, 0);
    else {
        /* back off: 1, 2, 4, ... seconds, at most 10 minutes */
        long long wait = 1LL << (m.attempts - 1 < 10 ? m.attempts - 1 : 10);
        salle__store_outbox_set(st, m.id, "approved", now + (wait > 600 ? 600 : wait), err, 0);
    }
    salle__store_mail_clear(&m);
    return 1;
}
