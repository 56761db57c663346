/*
 * render_changes.c: the changelog of the static web programme, as a page (changes.html) and as an
 * Atom feed (changes.atom), from the changes salle_diff_versions() finds between the previous
 * published version and this one (the old side named from the previous version's instance, so a
 * dropped session is listed with its old title, time and room). People who planned their day around the old programme need to learn what
 * moved without comparing two timetables by eye; a feed tells them without their asking.
 *
 * Words carry the meaning ("Was: ... Now: ..."), not <del>/<ins> styling alone, because most
 * screen readers do not announce those elements.
 */
#include "site/render_html.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* "Mon 12 Nov 11:00-12:00, Salle I" of one side of a change, as plain text (the caller escapes):
 * the old side in the previous version's instance, which may name rooms and days differently.
 * buf holds 256 bytes. */
static const char *where_when(const salle_instance *inst, int room, int start, int duration,
                              char *buf)
{
    char when[96], end[32];
    salle__html_when(inst, start, when);
    salle_time_clock(start + duration, end);
    snprintf(buf, 256, "%s\xe2\x80\x93%s, %s", when, end,
             room >= 0 && room < inst->nrooms ? inst->rooms[room].name : "?");
    return buf;
}

static const char *kind_word(const salle__site *site, int kind)
{
    return kind == SALLE_CHANGE_NEW       ? TR("New")
           : kind == SALLE_CHANGE_MOVED   ? TR("Moved")
           : kind == SALLE_CHANGE_RESIZED ? TR("New length")
                                          : TR("Cancelled");
}

static const salle_instance *old_of(const salle__site *site)
{
    return site->prev_inst ? site->prev_inst : site->inst;
}

static const salle_session *session_of(const salle__site *site, const salle_change *c)
{
    return c->session >= 0 ? &site->inst->sessions[c->session]
                           : &old_of(site)->sessions[c->old_session];
}

/* The page of change c's session, relative to the site's top, or NULL when it has none. */
static char *page_of(const salle__site *site, const salle_change *c)
{
    int k = (int)(c - site->changes);
    if (k >= 0 && k < site->nchanges && site->cancel_slug && site->cancel_slug[k])
        return salle__xasprintf("s/%s.html", site->cancel_slug[k]);
    if (c->session >= 0 && site->sess_assign[c->session] >= 0)
        return salle__xasprintf("s/%s.html", site->sess_slug[c->session]);
    return NULL;
}

/* What happened to change c, escaped, in HTML. On the page (feed = 0) it starts with the title,
 * linked to the session page (a cancelled session keeps one); in the feed the entry's title says
 * that. */
static void change_html(salle__html_buf *b, const salle__site *site, const salle_change *c,
                        int feed)
{
    const salle_session *se = session_of(site, c);
    const char *open = feed ? "<p>" : "<span class=\"meta\">";
    const char *close = feed ? "</p>" : "</span>";
    char w[256];
    char *page = feed ? NULL : page_of(site, c);
    if (page) {
        salle__html_printf(b, "<a href=\"%s\"", page);
        salle__html_lang(b, se->language);
        salle__html_put(b, ">");
        salle__html_esc(b, se->title);
        salle__html_put(b, "</a>");
    } else if (!feed) {
        salle__html_esc(b, se->title);
    }
    free(page);
    if (c->kind != SALLE_CHANGE_NEW) {
        salle__html_printf(b, "%s%s <del>", open, TR("Was:"));
        salle__html_esc(b, where_when(old_of(site), c->old_room, c->old_start, c->old_duration, w));
        salle__html_put(b, "</del>");
        if (c->kind == SALLE_CHANGE_CANCELLED)
            salle__html_put(b, c->cause == SALLE_CANCEL_MARKED
                                   ? TR(". Now: cancelled by the publisher.")
                                   : TR(". Now: not in the programme."));
        salle__html_put(b, close);
    }
    if (c->kind != SALLE_CHANGE_CANCELLED) {
        salle__html_printf(b, "%s%s <ins>", open, TR("Now:"));
        salle__html_esc(b, where_when(site->inst, c->new_room, c->new_start, c->new_duration, w));
        salle__html_printf(b, "</ins>%s", close);
    }
}

void salle__html_changes_page(salle__html_buf *b, const salle__site *site, const salle_change *c,
                              int n)
{
    int count[5] = {0};
    for (int i = 0; i < n; i++)
        if (c[i].kind >= 1 && c[i].kind <= 4)
            count[c[i].kind]++;
    salle__html_begin(b, site, "", TR("Changes"), SALLE__NAV_CHANGES, NULL);
    salle__html_printf(b, "<h1>%s</h1>\n", TR("Changes since the previous version"));
    if (n == 0)
        salle__html_printf(b, "<p>%s</p>\n", TR("Nothing has changed: every session is where it was."));
    else
        salle__html_printf(b, TR("<p class=\"lead\">%d moved, %d with a new length, %d new, %d "
                                 "cancelled. Times are local to the event; the newest version is "
                                 "the one on these pages.</p>\n"),
                           count[SALLE_CHANGE_MOVED], count[SALLE_CHANGE_RESIZED],
                           count[SALLE_CHANGE_NEW], count[SALLE_CHANGE_CANCELLED]);
    salle__html_printf(b, "<p><a href=\"changes.atom\">%s</a></p>\n",
                       TR("Follow the changes in a feed reader (Atom)"));
    /* One heading per kind, so that a screen reader user can jump to "Cancelled" directly. */
    static const int order[] = {SALLE_CHANGE_CANCELLED, SALLE_CHANGE_MOVED, SALLE_CHANGE_RESIZED,
                                SALLE_CHANGE_NEW};
    static const char *const heading[] = {NULL, N_("New sessions"), N_("Cancelled sessions"),
                                          N_("Moved sessions"), N_("Sessions with a new length")};
    for (int k = 0; k < 4; k++) {
        int kind = order[k];
        if (count[kind] == 0)
            continue;
        salle__html_printf(b, "<h2>%s (%d)</h2>\n<ul class=\"sessions\">\n", TR(heading[kind]),
                           count[kind]);
        for (int i = 0; i < n; i++) {
            if (c[i].kind != kind)
                continue;
            salle__html_put(b, "<li>");
            change_html(b, site, &c[i], 0);
            salle__html_put(b, "</li>\n");
        }
        salle__html_put(b, "</ul>\n");
    }
    salle__html_end(b, site, "", NULL);
}

void salle__html_changes_atom(salle__html_buf *b, const salle__site *site, const salle_change *c,
                              int n)
{
    const salle_instance *inst = site->inst;
    const char *now = site->published_iso; /* the feed is as new as the version it describes */
    char *feed_id = salle__uuid_for(inst->event.name, "salle changes feed");
    salle__html_put(b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                       "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    salle__html_esc(b, site->lang ? site->lang : "en");
    salle__html_put(b, "\">\n<title>");
    salle__html_esc(b, inst->event.name);
    salle__html_printf(b, "%s</title>\n<id>urn:uuid:%s</id>\n<updated>%s</updated>\n"
                          "<link rel=\"self\" href=\"changes.atom\"/>\n"
                          "<link rel=\"alternate\" type=\"text/html\" href=\"changes.html\"/>\n"
                          "<author><name>", TR(": programme changes"), feed_id, now);
    free(feed_id);
    salle__html_esc(b, inst->event.name);
    salle__html_put(b, "</name></author>\n<generator>salle</generator>\n");
    for (int i = 0; i < n; i++) {
        const salle_session *se = session_of(site, &c[i]);
        /* The same change always gets the same id; the session moving again is a new entry. */
        char *key = salle__xasprintf("change %s %d %d %d %d %d", se->id, c[i].kind, c[i].old_room,
                                     c[i].old_start, c[i].new_room, c[i].new_start);
        if (c[i].kind == SALLE_CHANGE_RESIZED) { /* same place, another length: its own entry */
            char *k2 = salle__xasprintf("%s %d", key, c[i].new_duration);
            free(key);
            key = k2;
        }
        char *id = salle__uuid_for(inst->event.name, key);
        salle__html_put(b, "<entry>\n<title>");
        salle__html_printf(b, "%s: ", kind_word(site, c[i].kind));
        salle__html_esc(b, se->title);
        salle__html_printf(b, "</title>\n<id>urn:uuid:%s</id>\n<updated>%s</updated>\n", id, now);
        char *page = page_of(site, &c[i]);
        if (page)
            salle__html_printf(b, "<link href=\"%s\"/>\n", page);
        free(page);
        /* type="html": the content is escaped HTML, so it is escaped once more here */
        salle__html_buf inner = {0};
        change_html(&inner, site, &c[i], 1);
        salle__html_put(b, "<content type=\"html\">");
        salle__html_esc(b, inner.s);
        salle__html_put(b, "</content>\n</entry>\n");
        salle__html_buf_free(&inner);
        free(id);
        free(key);
    }
    salle__html_put(b, "</feed>\n");
}
