/*
 * import.h: the builder the importers share (src/formats/import.c), private to src/import_*.c.
 *
 * Every importer reads its format into the same small model, a salle__imp: event facts, rooms
 * and people interned by name or outside id, and sessions with an optional published placement
 * in local minutes since 1970-01-01 (event time zone). salle__imp_finish then does the work that
 * is the same for every format: it picks the grid, the event days and each room's availability
 * windows so that the published programme is a valid schedule, and writes the native instance
 * and schedule JSON (docs/format.md). Keeping that in one place means frab, c3voc JSON and CSV
 * cannot drift apart in what "a published programme" means.
 */
#ifndef SALLE_IMPORT_H
#define SALLE_IMPORT_H

#include "base/internal.h"

/* The longest session the instance format takes (minutes, about 69 days); longer ones are skipped
 * with a warning. */
#define SALLE__IMPORT_MAX_DURATION 100000

/* The most people (organizers plus speakers) and list items (tracks, tags, needs) one imported
 * session may have (docs/csv.md, Limits): far beyond any real programme, and low enough that an
 * absurd file gets a clear message instead of minutes of work. */
#define SALLE__IMPORT_MAX_PER_SESSION 100000

/* A list of owned strings. */
typedef struct salle__strs {
    int n, cap;
    char **v;
    struct salle__strmap *seen; /* from 16 items on: the items, so that adding stays O(1) */
} salle__strs;
/* Appends a copy of s unless it is already there or empty. */
void salle__strs_add(salle__strs *l, const char *s);
void salle__strs_free(salle__strs *l);

typedef struct salle__imp_session {
    char *id;
    char *title, *format, *guid, *abstract, *language, *url;
    char *orig_guid;      /* the source's guid when it is not a UUID: kept as "x-guid" */
    salle__strs tracks, tags, needs;
    salle__ivec speakers, organizers; /* person indices */
    int attendance;       /* -1: not given */
    int duration;         /* minutes, > 0 */
    int room;             /* room index, or -1: not placed */
    int has_start;
    int start;            /* local minutes since 1970-01-01 when has_start */
    int line;             /* where the source defines it */
    int dropped;          /* set by salle__imp_finish: left out (said in a warning) */
    /* round trips (issue 8): what the publisher wrote, kept as native keys */
    int do_not_record;
    char *subtitle, *description, *slug, *feedback_url;
    int nlinks, caplinks;
    salle_link *links;    /* owned */
    int day_date;         /* midnight (local minutes) of the day the source lists it under, or -1 */
    /* abstracts as the publisher meant them (issue 8.6) */
    int abstract_format;  /* enum salle_text_format */
    /* what a spreadsheet can say beyond a published programme (issue 8.5) */
    int pin_room, pin_start;      /* pin the session's room / start */
    salle__ivec allowed;          /* windows as triples: date (days since 1970, or INT_MIN: every
                                     event day), start and end (minutes of that day) */
    salle__ivec resources;        /* resource indices */
    salle__strs after, not_with;  /* session ids */
} salle__imp_session;

typedef struct salle__imp salle__imp;

/* A new builder for source file name (used in messages); warn may be NULL. The warnings are
 * worded in err's language (salle_diag.lang; err may be NULL: English), as its errors are. Free
 * with salle__imp_free. */
salle__imp *salle__imp_new(const char *name, const salle_diag *err, salle_warn_fn warn, void *ctx);
void salle__imp_free(salle__imp *im);
const char *salle__imp_name(const salle__imp *im);
/* Reports something skipped or guessed at line (0 if unknown). fmt is a msgid (po/README.md):
 * the warning is worded in the builder's language, and carries that language in its lang. */
void salle__imp_warn(salle__imp *im, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same for a count n: one or many, as n's plural form in the builder's language asks. */
void salle__imp_warn_n(salle__imp *im, int line, const char *one, const char *many, long n, ...)
    __attribute__((format(printf, 4, 6)));
/* "skipped WHAT: duration "DUR" is zero" (or too long, or unreadable: duration is
 * salle__imp_duration's of dur), what a worded description of the event. */
void salle__imp_warn_duration(salle__imp *im, int line, const char *what, const char *dur, int duration);
/* An interface string (a word, a format) in the builder's language; msgid itself for English. */
const char *salle__imp_tr(const salle__imp *im, const char *msgid) __attribute__((format_arg(2)));

/* Event facts; the first non-empty value of each wins. The city helps guess a missing time
 * zone (FOSDEM's old files give only "Brussels"). */
void salle__imp_event_name(salle__imp *im, const char *name);
void salle__imp_event_acronym(salle__imp *im, const char *acronym);
void salle__imp_event_url(salle__imp *im, const char *url);
void salle__imp_event_timezone(salle__imp *im, const char *tz, int line);
void salle__imp_event_city(salle__imp *im, const char *city);
/* The venue helps too when the city does not ("ULB (Université Libre de Bruxelles)"). */
void salle__imp_event_venue(salle__imp *im, const char *venue);
/* Rooms without any placed session get the event's opening hours, and with pad set every room
 * is also open 09:00-18:00 each event day (CSV: there may be sessions left to place). */
void salle__imp_pad_hours(salle__imp *im, int pad);

/* Interns a room by name (trimmed); returns its index, or -1 for an empty name. */
int salle__imp_room(salle__imp *im, const char *name);
/* Raises the room's capacity to at least cap. */
void salle__imp_room_capacity(salle__imp *im, int room, int cap);
/* Interns a person: salle__imp_person_from without a stable key or line. */
int salle__imp_person(salle__imp *im, const char *ext_id, const char *name);
/* Interns a person as the source identifies them (issue 8): by key (a pretalx/c3voc guid or
 * pretalx code) when given, else by outside id (ext_id, not "0") together with the name, since
 * merged schedules reuse one frab id for several people; else by name. One id with two names
 * gives two people and a warning naming both lines. The outside id and a UUID key are kept
 * (person "source_id", "guid"). Returns the index, or -1 when id, key and name are all empty. */
int salle__imp_person_from(salle__imp *im, const char *ext_id, const char *key, const char *name,
                           int line);

/* Adds a session with the source's id (NULL or empty: one is made up; a duplicate gets a
 * suffix, with a warning). Importers call it only once a session is known to be usable. The
 * returned pointer is valid until the next call; the caller fills the fields. */
salle__imp_session *salle__imp_session_new(salle__imp *im, const char *id, int line);
/* A session as a published programme places it: room, start and duration set. guid (owned, may
 * be NULL) is kept as the session's guid when it is a UUID, else as "x-guid" and counted for
 * salle__imp_warn_bad_guids, which says once how many were not. */
salle__imp_session *salle__imp_session_placed(salle__imp *im, const char *id, char *guid,
                                              int line, int room, int start, int duration);
void salle__imp_warn_bad_guids(salle__imp *im);
/* Appends a link to s (issue 8). type may be NULL: then a title that starts with one of salle's
 * labels ("Remote participation: ...", see export.h) gives the type and loses the label. */
void salle__imp_link(salle__imp_session *s, const char *type, const char *url, const char *title,
                     int attachment);
/* The day change the source states (frab <day_change>, or the clock of a day's end after
 * midnight), minutes of the day; the first value given counts, and only when it agrees with the
 * days the sessions are listed under. */
void salle__imp_day_change(salle__imp *im, int minutes);
/* A day's end (frab <day end>, c3voc "day_end") after the midnight of its date day_date (local
 * minutes): its clock is the day change unless the source stated one. */
void salle__imp_day_end(salle__imp *im, int day_date, const char *end);
/* The day change given so far, or -1. */
int salle__imp_stated_day_change(const salle__imp *im);
int salle__imp_nsessions(const salle__imp *im);

/* Times. Parses "YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM|-HH:MM]" (a space may replace the T) into local
 * minutes in the event's zone; an offset other than the zone's is converted. Returns 0, or -1 if
 * malformed. The first offset seen settles a time zone nobody named. */
int salle__imp_datetime(salle__imp *im, const char *s, int *out);
/* "YYYY-MM-DD" to minutes of that midnight; -1 if malformed. */
int salle__imp_date(const char *s, int *out);
/* Durations: "HH:MM", "DDD:HH:MM" (frab writes days beyond 99 hours), or anything
 * salle__parse_duration reads ("90", "1h30", "45m"). Returns minutes, or -1. */
int salle__imp_duration(const char *s);
/* Copies s without leading and trailing white space; NULL for NULL or all-blank. Caller frees. */
char *salle__imp_trim(const char *s);
/* A spreadsheet header or key as matched: trimmed, lower case, spaces and dashes as underscores,
 * a trailing colon dropped; NULL for NULL or all-blank. Caller frees. */
char *salle__imp_norm_name(const char *s);

/* ---- what a spreadsheet can say beyond a published programme (issue 8.5) ---- */
/* Person p takes part remotely, from time zone tz (may be NULL; the first zone given wins). */
void salle__imp_person_remote(salle__imp *im, int p, const char *tz);
/* Person p's e-mail address; the first one given wins. */
void salle__imp_person_email(salle__imp *im, int p, const char *email);
/* Interns a shared resource by name (trimmed), raising its capacity to at least cap (default 1).
 * Returns its index, or -1 for an empty name. */
int salle__imp_resource(salle__imp *im, const char *name, int cap);
/* Makes date (days since 1970) an event day even when no session is placed on it. */
void salle__imp_event_day(salle__imp *im, int days);
/* The session called id (its final id, after any renaming), or NULL. */
const salle__imp_session *salle__imp_session_find(const salle__imp *im, const char *id);

/* Builds the outputs (see the top of this file). Returns 0, or -1 with *err set and nothing
 * allocated. sched may be NULL. */
int salle__imp_finish(salle__imp *im, char **inst, char **sched, salle_diag *err);

/* The slug ids importers give what has only a name: prefix, then the name in lower case with
 * other ASCII as single dashes ("Ana Lima" -> "p-ana-lima"); caller frees. */
char *salle__imp_slug(const char *prefix, const char *name);

/* Loads an importer's instance JSON as every salle command will (an import salle cannot read back
 * is a bug to report at once) and fills the import summary. Returns 0, or -1 with *err. */
int salle__imp_load_check(const char *instance_json, const char *name, salle_diag *err);

/* ---- the talks sheet of a CSV file (src/formats/import_csv_talks.c, docs/csv.md "Talks") ----
 * import_csv.c reads the cells with libcsv; a sheet whose tables name talk columns (a "block"
 * table, or "presenters" or "slots") is then read here instead of as sessions. */
typedef struct salle__csv_row {
    int line; /* physical line where the row starts */
    int n;
    char **f;
} salle__csv_row;

typedef struct salle__csv_sheet {
    const char *name;              /* file name, for messages */
    int nrows;
    const salle__csv_row *rows;
    char list_sep;                 /* separator inside list cells */
    /* the byte column (1-based) where field k (0-based) of the row at line begins, or 0 */
    int (*field_col)(const void *ctx, int line, int k);
    const void *col_ctx;
    salle_warn_fn warn;
    void *warn_ctx;
} salle__csv_sheet;

/* 1 when the sheet is a talks sheet. */
int salle__csv_is_talks(const salle__csv_sheet *sh);
/* Reads a talks sheet into the native instance JSON (*instance_json, caller frees). Returns 0,
 * or -1 with *err naming file, line, column, row and what was expected; nothing is written then. */
int salle__import_csv_talks(const salle__csv_sheet *sh, char **instance_json, salle_diag *err);

#endif
