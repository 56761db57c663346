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
} salle__site;

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
/* Closes main, writes the footer; script (may be NULL) is an inline script put before </body>. */
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
/* Sessions grouped under a heading per day (level h). */
void salle__html_by_day(salle__html_buf *b, const salle__site *site, const int *v, int n,
                        const char *root, int h);
/* The day's grid: tables of at most SALLE__GRID_ROOMS rooms each, rows by start time, in focusable
 * labelled scroll regions. v: the day's n assignments. */
#define SALLE__GRID_ROOMS 8
void salle__html_grid(salle__html_buf *b, const salle__site *site, int d, const int *v, int n,
                      const char *root);
/* The session page of assignment a. */
void salle__html_session_page(salle__html_buf *b, const salle__site *site, int a);
/* The changelog page and Atom feed of n changes from salle_diff (render_changes.c). */
void salle__html_changes_page(salle__html_buf *b, const salle__site *site, const salle_change *c,
                              int n);
void salle__html_changes_atom(salle__html_buf *b, const salle__site *site, const salle_change *c,
                              int n);
/* The shared style sheet. */
const char *salle__html_css(void);
/* The progressive-enhancement filter for list pages; it filters the element with id "sessions". */
const char *salle__html_filter_script(void);

#endif
