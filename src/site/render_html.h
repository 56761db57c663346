/*
 * render_html.h: what the two halves of the static web site share. render_html.c knows how a page
 * looks (escaping, the page shell, the style sheet, session items, grid tables); render_site.c
 * knows which pages exist and writes them (indexes, slugs, files, the folder swap). Nothing here is
 * public: the only entry point is salle_export_site() in salle.h. render_changes.c writes the
 * changelog page and feed.
 */
#ifndef SALLE_RENDER_HTML_H
#define SALLE_RENDER_HTML_H

#include "base/internal.h"
#include "base/tr.h"

/* Interface text in the page's language (base/tr.h); site is the page's salle__site. xgettext
 * finds these by keyword (tests/i18n.sh). */
#define TR(s) salle__tr(site->lang, s)
#define TRN(one, many, n) salle__trn(site->lang, one, many, n)

/* A growable text buffer. Starts zeroed ({0}); s is NUL-terminated once anything is put. */
typedef struct salle__html_buf {
    char *s;
    size_t n, cap;
} salle__html_buf;

void salle__html_put(salle__html_buf *b, const char *s);
void salle__html_putn(salle__html_buf *b, const char *s, size_t n);
void salle__html_printf(salle__html_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Puts s with &, <, >, " and ' escaped: safe in text and in quoted attribute values. NULL puts
 * nothing. Also drops bytes that are not allowed in HTML or XML text (C0 controls but tab, CR, LF). */
void salle__html_esc(salle__html_buf *b, const char *s);
void salle__html_buf_free(salle__html_buf *b);
/* 1 if url may become a link: http or https only. An imported programme is someone else's text,
 * and a "javascript:" address in it must not run in our readers' browsers. */
int salle__html_safe_url(const char *url);

/* Which navigation entry a page belongs to, so that the link carries aria-current="page". Day d is
 * SALLE__NAV_DAY + d. */
enum { SALLE__NAV_NONE = -1, SALLE__NAV_HOME = 0, SALLE__NAV_ROOMS, SALLE__NAV_TRACKS,
       SALLE__NAV_PEOPLE, SALLE__NAV_CHANGES, SALLE__NAV_DAY = 100 };

/* Everything a page needs to know about the programme, computed once by render_site.c. Lists of
 * assignments are indices into s->assign, sorted by start time, then room, then title. */
typedef struct salle__site {
    const salle_instance *inst;
    const salle_schedule *s;
    int *sess_assign;        /* per session: its first assignment, or -1 when not placed */
    int norder;
    int *order;              /* the valid assignments, sorted */
    int *assign_day;         /* per assignment: event day, or -1 */
    char **sess_slug, **room_slug, **person_slug, **track_slug; /* file names, unique per kind */
    int *day_offset;         /* per day: UTC offset of the event zone in minutes */
    int has_changes;         /* changes.html and changes.atom exist */
    int feat_captioning, feat_interpretation, feat_step_free, feat_hybrid; /* feature index or -1 */
    /* issue 8: which version this is, and what changed since the previous one */
    const salle_instance *prev_inst; /* the previous version's instance (may be inst), or NULL */
    int nchanges;
    salle_change *changes;   /* from salle_diff_versions, in timetable order */
    int *sess_change;        /* per session of inst: its index in changes, or -1 */
    char **cancel_slug;      /* per change: the cancelled page's file name (s/NAME.html), or NULL */
    char version[80];        /* the label every page shows */
    char published[64];      /* "2 December 2026, 01:00 UTC" */
    char published_iso[32];  /* "2026-12-02T01:00:00Z" */
    /* issue 11: the interface language, the other languages' sites, full rooms */
    const char *lang;        /* the pages' language ("en", "fr", "ar"...); NULL: English */
    const char *const *langs; /* every language written, each in its own folder; NULL: only one */
    int nlangs;
    int langs_below;          /* the other languages are in LANG/ below this site, which is the
                                 English one (salle_site_options.switch_to), not beside it */
    /* issue 12.6: talks (render_talks.c); NULL when the instance places none */
    struct salle__export *tx;  /* the placed talks, numbered as the exports number them */
    char **talk_slug;          /* per talk: t/NAME.html and ics/t-NAME.ics */
    char **cell_slug;          /* per block x room cell (block * nrooms + room): b/NAME.html */
    const char *interest_url; /* "I plan to attend" pages (salle_site_options), or NULL */
} salle__site;

/* The language switcher (a nav linking the same page in each other language), when the site is
 * written in several. The page's own path is not known yet when its header is written, so the
 * links end in SALLE__HTML_PAGE_MARK, which render_site.c replaces with it as it writes the file. */
#define SALLE__HTML_PAGE_MARK "\x01page\x01"
void salle__html_languages(salle__html_buf *b, const salle__site *site, const char *root);
/* The link to day d's "I plan to attend" page on the server, when the site has one. */
void salle__html_interest(salle__html_buf *b, const salle__site *site, int d, int session);
/* How full assignment a's room is expected to be: 2 full (expected attendance >= capacity), 1
 * likely full (>= 90%), 0 otherwise or when attendance or capacity is unknown (0). */
int salle__html_fullness(const salle__site *site, int a);
/* "Likely full" / "Full" as a text mark (never colour alone): compact in lists and grid cells, a
 * sentence with the numbers on the session page. Nothing when salle__html_fullness is 0. */
void salle__html_full(salle__html_buf *b, const salle__site *site, int a, int compact);

/* "Saturday 1 February 2025" / "Sat 1 Feb" for event day d. buf holds 64 bytes. */
const char *salle__html_day_long(const salle__site *site, int d, char *buf);
const char *salle__html_day_short(const salle__site *site, int d, char *buf);
/* "UTC+01:00". buf holds 16 bytes. */
const char *salle__html_utc(int offset, char *buf);
/* Puts "Europe/Paris (UTC+01:00)" for day d, or for the whole event when d < 0 (all distinct
 * offsets when daylight saving changes during the event). */
void salle__html_zone(salle__html_buf *b, const salle__site *site, int d);
/* Puts <time datetime="2025-02-01T10:35+01:00">10:35</time> for minute t. */
void salle__html_time(salle__html_buf *b, const salle__site *site, int t);

/* The page shell. root is the way back to the site's top ("" or "../"). title is plain text;
 * head_extra (may be NULL) is raw markup for <head>. */
void salle__html_begin(salle__html_buf *b, const salle__site *site, const char *root,
                       const char *title, int nav, const char *head_extra);
/* Closes main, writes the footer; script (may be NULL) is the name of a script file at root
 * ("filter.js"), loaded before </body>: the site has no inline script. */
void salle__html_end(salle__html_buf *b, const salle__site *site, const char *root,
                     const char *script);

/* The accessibility and participation badges of assignment a: text, never colour alone. compact
 * shows the short form with the full words visually hidden. */
void salle__html_badges(salle__html_buf *b, const salle__site *site, int a, int compact);
/* One <li> for assignment a: title link, time, room, tracks, speakers, badges. show_day adds the
 * day to the time (lists that span days but are not grouped by them). */
void salle__html_session_item(salle__html_buf *b, const salle__site *site, int a,
                              const char *root, int show_day);
/* Sessions grouped under a heading per start time (level h), as sections. n assignments in v. */
void salle__html_by_time(salle__html_buf *b, const salle__site *site, const int *v, int n,
                         const char *root, int h, const char *idprefix);
/* Sessions grouped under a heading per day (level h); p >= 0: with the times in person p's own
 * zone too (see salle__html_session_item_for). */
void salle__html_by_day(salle__html_buf *b, const salle__site *site, const int *v, int n,
                        const char *root, int h, int p);
/* "New", "Moved", "New length" or "Cancelled" for session se of inst, as a text mark (never
 * colour alone); nothing when it did not change. compact: the short form used in lists and grid
 * cells, else a sentence for the session page, with the old time and room. */
void salle__html_mark(salle__html_buf *b, const salle__site *site, int se, int compact);
/* lang="..." (and dir="rtl" for right-to-left scripts) for text in language lang, with a leading
 * space; nothing when lang is NULL, English (the pages' own language) or not a language tag. */
void salle__html_lang(salle__html_buf *b, const char *lang);
/* "Tue 13 Nov 11:00" for minute t of inst (any version's instance). buf holds 96 bytes. */
const char *salle__html_when(const salle_instance *inst, int t, char *buf);
/* The day's grid: tables of at most SALLE__GRID_ROOMS rooms each, a row per start time of the day
 * (the first table's rows carry ids "at-<minute>" for jump links), each session spanning every row
 * that starts before it ends (rowspan), in focusable labelled scroll regions. v: the day's n
 * assignments. */
#define SALLE__GRID_ROOMS 8
void salle__html_grid(salle__html_buf *b, const salle__site *site, int d, const int *v, int n,
                      const char *root);
/* The session page of assignment a. */
void salle__html_session_page(salle__html_buf *b, const salle__site *site, int a);
/* The page of cancelled change c (sessions[c.session] of inst, or of prev_inst when only the old
 * version has it): it stays, so that calendar links and bookmarks keep working, and says so. */
void salle__html_cancelled_page(salle__html_buf *b, const salle__site *site, const salle_change *c);
/* One <li> like salle__html_session_item, plus the times in person p's own zone (remote
 * speakers) when p >= 0 has one. */
void salle__html_session_item_for(salle__html_buf *b, const salle__site *site, int a,
                                  const char *root, int show_day, int p);
/* The changelog page and Atom feed of n changes from salle_diff (render_changes.c). */
void salle__html_changes_page(salle__html_buf *b, const salle__site *site, const salle_change *c,
                              int n);
void salle__html_changes_atom(salle__html_buf *b, const salle__site *site, const salle_change *c,
                              int n);
/* Links to the person pages of who, with "(remote)" marks, separated by commas. */
void salle__html_person_links(salle__html_buf *b, const salle__site *site, const salle_ids *who,
                              const char *root);
/* The end of a page one level down that lists ways to follow it: the calendars of room and of
 * the whole programme, then the list and the page closed. */
void salle__html_follow_end(salle__html_buf *b, const salle__site *site, int room);
/* Talks (render_talks.c, issue 12.6). The track of cell (block * nrooms + room), or -1. */
int salle__site_cell_track(const salle__site *site, int cell);
/* The page of a session block (a used cell): its track, time, room, chairs, talks in order. */
void salle__html_block_page(salle__html_buf *b, const salle__site *site, int cell);
/* The page of talk ev (an index into site->tx->talk_ev). */
void salle__html_talk_page(salle__html_buf *b, const salle__site *site, int ev);
/* Day d's session blocks with their talks under a heading of level h; returns how many (b NULL:
 * only counts them). */
int salle__html_day_blocks(salle__html_buf *b, const salle__site *site, int d, const char *root,
                           int h);
/* The same for the blocks held in room, every day (the day shown with each). */
int salle__html_room_blocks(salle__html_buf *b, const salle__site *site, int room,
                            const char *root, int h);
/* ", 7 talks in 3 session blocks" of event day d (the whole event when d < 0); nothing when it
 * has no talks. */
void salle__html_talk_counts(salle__html_buf *b, const salle__site *site, int d);
/* How many talks person p presents plus blocks they chair. */
int salle__site_person_talks(const salle__site *site, int p);
/* Person p's talks and chaired blocks, under headings of level h (nothing when none). */
void salle__html_person_talks(salle__html_buf *b, const salle__site *site, int p, const char *root,
                              int h);
/* The shared style sheet. */
const char *salle__html_css(void);
/* The progressive-enhancement filter for list pages; it filters the element with id "sessions". */
const char *salle__html_filter_script(void);

#endif
