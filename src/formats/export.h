/*
 * export.h: what the exporters (src/export_*.c) and the diff share and nothing else needs: the
 * published timetable in reading order, identifiers that readers of frab/c3voc formats insist on
 * (integer ids, slugs, UUIDs, strict acronyms), and local times with their UTC offset.
 *
 * Every exporter writes the same identifiers for the same session, so a frab file, a c3voc JSON
 * file and an iCalendar feed of one schedule can be matched by any of them, across versions.
 */
#ifndef SALLE_EXPORT_H
#define SALLE_EXPORT_H

#include "base/internal.h"

/* What every exporter needs, computed once per export. Free with salle__export_done. */
typedef struct salle__export {
    const salle_instance *inst;
    int n;                    /* placed sessions, in order of start, room, session id */
    const salle_assignment **a;
    int *day;                 /* per assignment: event day index it belongs to (never -1) */
    int *utc_offset;          /* per event day: UTC offset in minutes of the event's zone at
                                 noon (times use salle_time_utc_offset, per instant) */
    int *day_date;            /* per event day: its date, days since 1970-01-01, read once */
    int tz_known;             /* 0: the zone is unknown to the tz database; offsets are 0 */
    char **room_name;         /* per room: display name, made unique across rooms */
    int *session_num;         /* per session: positive integer id, stable across versions */
    int *person_num;          /* per person: positive integer id, stable across versions */
    char acronym[64];         /* [a-z0-9_]{4,}: valid for both the XSD and schema.json */
    char version[32];         /* changes whenever the placement changes */
    /* round trips (issue 8) */
    char **guid;              /* per session: its guid, unique across sessions (a later session
                                 with an earlier one's guid gets one derived from it and its id) */
    char **slug;              /* per session: the source's slug when it fits both schemas and is
                                 unique, else NULL (salle__export_slug makes one) */
    /* per session, made on first use: the iCal DESCRIPTION, its abstract rendered to plain text
     * (issue 8.6). The site writes a calendar per room and person from one x, and rendering an
     * HTML abstract is a parse: once per session, not once per calendar. */
    char **ics_description;
    /* the VTIMEZONE every calendar of x carries (an icalcomponent *, libical's, in slot 0; slot 1
     * non-NULL once made, even when the zone has none): truncating the zone's rules cost half of
     * a site's calendars when each room's and person's made its own. export_ics.c frees it. */
    void **ics_vtimezone;
    /* per person, made on first use: the guid frab and JSON give them (a name-based UUID is a
     * SHA-1: once per person, not once per session they speak in) */
    char **person_guid;
    /* The language of the calendar's own words (DESCRIPTION's labels, link kinds): NULL or "en"
     * English, else a catalog's (base/tr.h); the server's mail sets it to the recipient's. Set it
     * before the first calendar: descriptions are kept once made. */
    const char *lang;
    /* 1: one calendar only from this x (salle_export_ics): each description is freed once
     * libical has its copy, rather than kept for calendars that never come */
    int ics_once;
    /* talks (issue 12.6, src/formats/export_talks.c): every placed talk an event of its own */
    int ntalk_ev;
    struct salle__talk_event *talk_ev; /* in order of start, room, talk id */
    int *talk_num;            /* per talk: positive integer id, distinct from every session's */
    char **talk_guid;         /* per talk: a UUID from the event and the talk id */
} salle__export;

/* Prepares x for s (assignments with an unknown session or room are skipped). */
void salle__export_init(salle__export *x, const salle_instance *inst, const salle_schedule *s);
void salle__export_done(salle__export *x);
/* Person p's guid: their own, else a UUID from the event and their id. Owned by x. */
const char *salle__export_person_guid(const salle__export *x, int p);
/* salle__export_init for the formats that write times with UTC offsets: fails, with *err set and
 * nothing to free, when the event's zone is not in the tz database. Returns 0 or -1. */
int salle__export_begin(salle__export *x, const salle_instance *inst, const salle_schedule *s,
                        salle_diag *err);

/* salle_export_ics on a prepared x: the site writes a calendar per room and per person, and
 * preparing x (sorting, numbering) once instead of a thousand times is most of its speed. */
char *salle__export_ics_with(const salle__export *x, int room, int person, salle_diag *err);
/* Frees what export_ics.c keeps in x (the VTIMEZONE); salle__export_done calls it. */
void salle__export_ics_done(salle__export *x);

/* "2018-11-13T11:00:00+01:00" for minute t (buf >= 40 bytes); times past midnight roll over to the
 * next date. day is the event day t is counted from, or -1 to find it. Returns buf. */
char *salle__export_datetime(const salle__export *x, int t, int day, char *buf);
/* What that text says, as numbers: the date (year modulo 10000), the minute of the day, and the
 * UTC offset in minutes (calendars need them apart, not printed and read back). */
void salle__export_datetime_parts(const salle__export *x, int t, int day, int *y, int *m, int *d,
                                  int *mod, int *off);
/* Day d's sessions in timetable order are x->a[first .. *last - 1]; the day spans the opening
 * hours, stretched to any of its sessions that lies outside them: [*start, *end) in minutes.
 * frab's <day start end> and c3voc JSON's day_start/day_end both say this. */
void salle__export_day_span(const salle__export *x, int d, int first, int *last, int *start,
                            int *end);
/* "YYYY-MM-DD" of minute t (buf >= 16 bytes), counted from event day day (-1: find it). */
char *salle__export_date(const salle__export *x, int t, int day, char *buf);
/* Minutes as "HH:MM" (durations may exceed 24 h: "25:30"); buf >= 16 bytes. */
char *salle__export_hhmm(int minutes, char *buf);
/* The event day minute t belongs to: the last day that starts at or before t (0 if none). */
int salle__export_day_of(const salle_instance *inst, int t);

/* "<acronym>-<num>-<title-slug>", lower case [a-z0-9_-], ending in a letter or digit (caller
 * frees). Unique per session because num is. */
char *salle__export_slug(const salle__export *x, int session);
/* The same for any title and number; kind stands in for a title without letters or digits. */
char *salle__export_slug_for(const salle__export *x, const char *title, int num, const char *kind);
/* A stable UUID for a room or a person (kind "room" or "person"); caller frees. */
char *salle__export_uuid(const salle_instance *inst, const char *kind, const char *id);
/* The session's guid when it is a UUID, else one derived from it (caller frees). */
char *salle__export_guid(const salle_instance *inst, int session);

/* Round trips (issue 8). The absolute http(s) address of url: as it is, or resolved against the
 * event's url when relative ("/2019/schedule/event/x/"); NULL when neither gives one. Caller
 * frees. */
char *salle__export_url(const salle_instance *inst, const char *url);
/* The label of one of salle's link types ("remote" -> "Remote participation"), NULL for others.
 * Exports whose link types are a closed list (c3voc JSON) write it before the title, and the
 * importers take it back from there. */
const char *salle__link_label(const char *type);
/* The salle link type whose label begins title ("Recording: Day 1" -> "recording"), with *rest
 * set to what follows the label and its colon; NULL when none. */
const char *salle__link_type_of_title(const char *title, const char **rest);
/* "Label: title - note" for apps that show one line per link (caller frees). */
char *salle__link_text(const salle_link *l);
/* The same with the link kind's name in lang (NULL: English). */
char *salle__link_text_in(const salle_link *l, const char *lang);
/* The one URL policy of every export and page (issue 8): 1 if url may be published as a link,
 * that is an absolute http:// or https:// address (any case) without white space or control
 * characters. javascript:, vbscript:, data: and every other scheme are left out, since a calendar
 * app or a web page may follow them. */
int salle__export_url_ok(const char *url);

/* A copy of s without the control characters XML 1.0 forbids (caller frees); NULL gives "". */
char *salle__export_clean(const char *s);

/* One placed talk as the exports publish it (src/formats/export_talks.c): its block and room
 * (the session block it belongs to), its own start and end in minutes and its event day. */
typedef struct salle__talk_event {
    int talk, block, room, start, end, day;
    int prev, next;           /* the talks before and after it in its cell (ev indices), or -1 */
} salle__talk_event;
/* Fills x's talk fields from s's talk plan (nothing when the instance has no talks), and folds
 * the talk placement into x->version. Called by salle__export_init; freed by _done. */
void salle__export_talks_init(salle__export *x, const salle_schedule *s);
void salle__export_talks_done(salle__export *x);
/* Widens a day's [*start, *end) to the talks of event day d. */
void salle__export_talks_span(const salle__export *x, int d, int *start, int *end);
/* The talk's slug, "<acronym>-<num>-<title-slug>" like a session's (caller frees). */
char *salle__export_talk_slug(const salle__export *x, int talk);
/* "Session block Wed1, Machine Learning; chair: Bo Li": what frab and c3voc JSON have no field
 * for, written into a talk's description (caller frees). */
char *salle__export_talk_block_text(const salle__export *x, int ev);
/* A calendar of one talk (ev index into x->talk_ev): its own entry for the site. */
char *salle__export_ics_talk(const salle__export *x, int ev, salle_diag *err);

/* Comparison of assignments by start, room, session id; ctx is the instance. */
int salle__export_cmp(const void *a, const void *b, void *ctx);

/* The frab export's escape of text content for libxml2's xmlSaveSetEscape: the bytes of
 * libxml2's own xmlEscapeContent, faster (export_frab.c). */
int salle__frab_escape(unsigned char *out, int *outlen, const unsigned char *in, int *inlen);
/* A libxml2 document as xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1) writes it,
 * escaping text with salle__frab_escape (caller frees; NULL if libxml2 fails). Sets the
 * document's encoding to UTF-8. */
struct _xmlDoc;
char *salle__frab_save(struct _xmlDoc *doc);

#endif
