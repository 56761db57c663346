/*
 * salle.h: the public API of libsalle, a programme scheduler for conferences and forums.
 *
 * Read this file as the manual. The flow is:
 *
 *   salle_instance_load()  ->  salle_solve()  ->  salle_schedule_save()
 *                           \-> salle_schedule_load() -> salle_check() -> salle_report_print()
 *
 * Model. An instance (the problem) holds the event, rooms, people, shared resources, sessions and
 * attendee interest, parsed from the native JSON format (docs/format.md). Everything refers to
 * everything else by index into the instance's arrays; ids (strings) exist for people, and only
 * the parser and the renderers translate between the two. Times are integers: minutes since
 * midnight of the first event day, in the event's time zone. A window [start, end) is half-open.
 *
 * Ownership. Every function that returns memory says who frees it. Objects come in pairs
 * (_load/_free, _new/_free); every _free(NULL) does nothing. Out of memory aborts the process with
 * a message (salle__xmalloc): a scheduler that cannot allocate a few bytes has nothing useful left
 * to do, and this keeps every other error path honest.
 *
 * Errors. Functions that can fail on user input return NULL or a negative status and fill a
 * salle_diag with the file, line, column and a message a person can act on.
 */
#ifndef SALLE_H
#define SALLE_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SALLE_FORMAT_VERSION 1
#define SALLE_MINUTES_PER_DAY 1440

/* ---------------------------------------------------------------- diagnostics */

/* A diagnostic: where in which file, and what is wrong. line and col are 1-based; 0 when unknown.
 * lang is the one field a caller sets (zero the rest: `salle_diag d = {0};`): the language the
 * parsers and importers word msg in, a tag such as "fr" ("" = English, as a zeroed diag says).
 * Only the words are translated: the file, the numbers and what msg quotes from the file (keys,
 * ids, values) stay as they are; a language without a catalog, or a parser whose messages have
 * no translation yet, gives the English text. */
typedef struct salle_diag {
    char file[512];
    int line;
    int col;
    char msg[1024];
    char lang[8];
    char detail[512];  /* the words of a library salle reads with (libxml2's about malformed XML,
                          libcsv's) that msg ends with, quoted as the library wrote them, in
                          English whatever lang says: a page marks them so (lang="en"); "" when
                          msg quotes none */
} salle_diag;

/* Prints "file:line:col: error: msg", then the offending source line with a caret under the
 * column when the file can be read again. */
void salle_diag_print(const salle_diag *d, FILE *out);

/* ---------------------------------------------------------------- the model */

/* A half-open time window [start, end) in minutes since the first event day's midnight. */
typedef struct salle_window {
    int start;
    int end;
} salle_window;

/* A set of windows, sorted by start; availability windows are merged where they touch, shifts are not. n == 0 with any == 1 means "no limit". */
typedef struct salle_windows {
    int n;
    int any; /* 1: the key was absent, so no restriction applies */
    salle_window *w;
} salle_windows;

/* An interned string list: indices into one of the instance's name tables. */
typedef struct salle_ids {
    int n;
    int *v;
} salle_ids;

typedef struct salle_event {
    char *name;
    char *acronym;         /* short name for exports; defaults to a slug of the name */
    char *url;             /* NULL when not given */
    char *timezone;        /* IANA name */
    int ndays;
    char (*days)[11];      /* "YYYY-MM-DD" for each event day */
    int *day_offset;       /* minutes from the first day's midnight to each day's midnight */
    int hours_start;       /* opening hours, minutes of the day */
    int hours_end;
    int grid;              /* minutes */
    int changeover;        /* default room changeover, minutes */
    int min_speaking;      /* minutes per speaker below which a session is flagged */
    int max_per_day;       /* sessions per person and day above which the load is penalised */
    int remote_start;      /* humane local hours for remote speakers, minutes of the day */
    int remote_end;
    int nholidays;
    int *holiday_day;      /* event day index of each holiday */
    char **holiday_name;
    /* round trips (issue 8) */
    int day_change;        /* minutes of the day at which a conference day begins (frab's
                              day_change): a session before it belongs to the previous day */
} salle_event;

typedef struct salle_venue {
    char *id;
    char *name;
} salle_venue;

typedef struct salle_room {
    char *id;
    char *name;
    int capacity;
    salle_ids features;    /* indices into instance->feature_names, sorted */
    salle_windows available; /* never "any": defaults to the opening hours of each day */
    int changeover;        /* minutes */
    int venue;             /* index into venues, or -1 */
    /* round trips (issue 8) */
    int capacity_unknown;  /* 1: "capacity": null, the source did not say; capacity is then
                              INT_MAX for the rules and no export or page shows a number */
} salle_room;

typedef struct salle_person {
    char *id;
    char *name;
    salle_windows available;
    salle_windows preferred;
    int remote;
    char *timezone;        /* NULL when not given */
    int *local_shift;      /* per event day: person local time minus event local time, minutes;
                              NULL when no time zone */
    /* round trips (issue 8) */
    char *guid;            /* the source's person UUID (pretalx, c3voc); NULL when not given */
    char *source_id;       /* the source's own id (frab person id, pretalx code); NULL if none */
    /* spreadsheets that say what the native format can (issue 8.5) */
    char *email;           /* NULL when not given */
} salle_person;

typedef struct salle_resource {
    char *id;
    char *name;
    int capacity;
    salle_windows shifts;
} salle_resource;

/* A link a session carries (issue 8). Forum sessions live by five kinds, which salle knows by
 * type: "remote" (remote participation: the join link; note says how accessible the platform
 * is), "document" (shared document for comments), "report" (report and outcomes), "transcript"
 * (transcript or captions), "recording". Any other type is the source's own (frab's "slides"). */
typedef struct salle_link {
    char *type;            /* NULL when not given */
    char *url;
    char *title;           /* NULL when not given */
    char *note;            /* NULL when not given */
    int attachment;        /* 1: the source lists it among attachments, not links */
} salle_link;
/* What an abstract is written in (native key "abstract_format"): the site renders HTML and
 * Markdown safely, iCal and CSV get plain text (src/formats/text.h). */
enum salle_text_format { SALLE_TEXT_PLAIN = 0, SALLE_TEXT_HTML = 1, SALLE_TEXT_MARKDOWN = 2 };

enum salle_move { SALLE_MOVE_ASK = 0, SALLE_MOVE_CONFIRMED = 1, SALLE_MOVE_DECLINED = 2 };

typedef struct salle_session {
    char *id;
    char *title;
    char *format;          /* NULL when not given */
    char *guid;            /* stable UUID across versions: given, or derived from event and id */
    char *abstract;        /* NULL when not given */
    char *language;        /* e.g. "en"; NULL when not given */
    char *url;             /* NULL when not given */
    int duration;          /* minutes */
    salle_ids organizers;  /* person indices */
    salle_ids speakers;    /* person indices */
    salle_ids people;      /* organizers and speakers, deduplicated, sorted */
    int attendance;        /* expected attendance (given, or counted from interest) */
    salle_ids needs;       /* feature indices */
    salle_ids resources;   /* resource indices */
    salle_ids tracks;      /* track indices */
    salle_ids tags;        /* tag indices */
    salle_windows allowed;
    salle_ids rooms;       /* allowed rooms; n == 0: any room */
    salle_windows preferred;
    salle_ids preferred_rooms;
    salle_ids after;       /* session indices that must end before this one starts */
    salle_ids not_with;    /* session indices never at the same time (made symmetric) */
    int pinned_room;       /* room index or -1 */
    int pinned_start;      /* minutes or -1 */
    int published_room;    /* room index or -1 (not published) */
    int published_start;   /* minutes or -1 */
    int move;              /* enum salle_move */
    int line, col;         /* where the session is defined, for messages */
    /* round trips (issue 8): what the publisher wrote, kept for the exports */
    int do_not_record;     /* 1: must not be recorded (frab <optout>, c3voc do_not_record) */
    char *subtitle;        /* NULL when not given (likewise below) */
    char *description;     /* the long text, beside the abstract */
    char *slug;            /* the source's slug */
    char *feedback_url;
    int nlinks;
    salle_link *links;
    /* plenary sessions (issue 8, point 8): hard rule 10, docs/scoring.md */
    int exclusive;         /* 1: while it runs, no room but its own and its overflow rooms is in use */
    salle_ids overflow;    /* room indices, sorted: rooms that may be in use while it runs */
    /* versions that add or drop sessions (issue 8) */
    int cancelled;         /* 1: marked cancelled by its publisher; needs no placement, breaks no
                              rule, the solver leaves it out, the site shows it as cancelled */
    /* abstracts as the publisher meant them (issue 8.6) */
    int abstract_format;   /* enum salle_text_format: how to read abstract */
    /* attendee interest (issue 11, point 2): docs/interest.md */
    int attendance_given;  /* the "attendance" written in the file, or -1 when it was counted */
} salle_session;

/* Soft goals, in the order of docs/scoring.md. */
enum salle_soft {
    SALLE_SOFT_AUDIENCE_OVERLAP,
    SALLE_SOFT_TRACK_OVERLAP,
    SALLE_SOFT_TAG_OVERLAP,
    SALLE_SOFT_CAPACITY_MARGIN,
    SALLE_SOFT_ROOM_FIT,
    SALLE_SOFT_SESSION_PREFERENCE,
    SALLE_SOFT_PERSON_PREFERENCE,
    SALLE_SOFT_STABILITY,
    SALLE_SOFT_BACK_TO_BACK,
    SALLE_SOFT_PERSON_DAY_LOAD,
    SALLE_SOFT_TRACK_ROOMS,
    SALLE_SOFT_DAY_SPREAD,
    SALLE_SOFT_REMOTE_HOURS,
    SALLE_SOFT_SPEAKING_TIME,
    SALLE_SOFT_HOLIDAY,
    SALLE_SOFT_ROUND_START, /* issue 8, point 7: starts on the hour or half hour */
    SALLE_SOFT_COUNT
};

/* Hard rules 1-10 of docs/scoring.md; index 0 is unused so that rule n is at [n]. */
enum salle_hard {
    SALLE_HARD_PLACEMENT = 1,
    SALLE_HARD_ROOM_CONFLICT,
    SALLE_HARD_PERSON_CONFLICT,
    SALLE_HARD_AVAILABILITY,
    SALLE_HARD_CAPACITY,
    SALLE_HARD_FEATURES,
    SALLE_HARD_RESOURCES,
    SALLE_HARD_RELATIONS,
    SALLE_HARD_FIXED,
    SALLE_HARD_EXCLUSIVE, /* issue 8, point 8: plenary sessions run alone */
    SALLE_HARD_COUNT /* = 11 */
};

/* The weights key of soft goal g ("audience_overlap", ...), and of hard rule r ("room_conflict"). */
const char *salle_soft_name(int g);
const char *salle_hard_name(int r);
/* Fills w[SALLE_SOFT_COUNT] with the documented defaults (docs/scoring.md). */
void salle_weights_default(long w[SALLE_SOFT_COUNT]);

typedef struct salle_instance {
    char *path;            /* the file it was loaded from, for messages */
    salle_event event;
    int nvenues;
    salle_venue *venues;
    int *travel;           /* nvenues x nvenues minutes, symmetric, 0 on the diagonal */
    int nrooms;
    salle_room *rooms;
    int npeople;
    salle_person *people;
    int nresources;
    salle_resource *resources;
    int nsessions;
    salle_session *sessions;
    int ninterest;         /* attendee interest sets */
    salle_ids *interest;   /* session indices, sorted, deduplicated */
    long weights[SALLE_SOFT_COUNT];
    /* name tables for the interned strings above */
    int nfeatures;
    char **feature_names;
    int ntracks;
    char **track_names;
    int ntags;
    char **tag_names;
    struct salle__index *index; /* private: id lookups */
    /* talks (academic conferences, docs/format.md "Talks"): NULL when the instance has none */
    struct salle_talks *talks;
} salle_instance;

/* Parses an instance file. Returns a new instance (free with salle_instance_free) or NULL with
 * *err filled in. */
salle_instance *salle_instance_load(const char *path, salle_diag *err);
/* The same from memory; name is used in messages. */
salle_instance *salle_instance_parse(const char *buf, size_t len, const char *name,
                                     salle_diag *err);
void salle_instance_free(salle_instance *inst);

/* Index lookups by id; -1 when absent. */
int salle_instance_session(const salle_instance *inst, const char *id);
int salle_instance_room(const salle_instance *inst, const char *id);
int salle_instance_person(const salle_instance *inst, const char *id);

/* Time formatting in the event's local time. buf must hold at least 32 bytes; returns buf.
 * iso:   "2018-11-13T11:00"
 * human: "Tue 11:00"        (clock: "11:00")                                            */
char *salle_time_iso(const salle_instance *inst, int t, char *buf);
char *salle_time_human(const salle_instance *inst, int t, char *buf);
char *salle_time_clock(int t, char *buf);
/* Event day index of time t, or -1 when t is before the first day or after the last. */
int salle_time_day(const salle_instance *inst, int t);
/* Parses "YYYY-MM-DDTHH:MM" into minutes; returns 0 on success, -1 if malformed or not an event day. */
int salle_time_parse_iso(const salle_instance *inst, const char *s, int *t);

/* ---------------------------------------------------------------- schedules */

typedef struct salle_assignment {
    int session;
    int room;
    int start;
    int line, col;         /* where it was read from, 0 when made by the solver */
} salle_assignment;

typedef struct salle_unscheduled {
    int session;
    char *reason;
} salle_unscheduled;

typedef struct salle_schedule {
    int nassign;
    salle_assignment *assign;
    int nunscheduled;
    salle_unscheduled *unscheduled;
    /* talks: tracks in (block, room) cells and talks in slots; NULL when there are none */
    struct salle_talk_plan *talk_plan;
} salle_schedule;

salle_schedule *salle_schedule_new(void);
void salle_schedule_free(salle_schedule *s);
/* Appends; the schedule copies reason. */
void salle_schedule_add(salle_schedule *s, int session, int room, int start);
void salle_schedule_add_unscheduled(salle_schedule *s, int session, const char *reason);
/* Reads a schedule of inst. Unknown session or room ids and malformed times are errors. */
salle_schedule *salle_schedule_load(const char *path, const salle_instance *inst,
                                    salle_diag *err);
salle_schedule *salle_schedule_parse(const char *buf, size_t len, const char *name,
                                     const salle_instance *inst, salle_diag *err);

typedef struct salle_score {
    long hard;
    long soft;
} salle_score;

/* Writes the schedule as JSON to path atomically (a temporary file, then rename): either the
 * whole new file is there, or the old one is untouched. score may be NULL. Returns 0 or -1. */
int salle_schedule_save(const char *path, const salle_instance *inst, const salle_schedule *s,
                        const salle_score *score, salle_diag *err);

/* ---------------------------------------------------------------- the checker */

typedef struct salle_violation {
    int hard;              /* 1: a hard rule (rule = 1..10); 0: a soft goal (rule = enum salle_soft);
                              talks: rule = SALLE_TALK_RULE_BASE + enum salle_talk_rule, or
                              SALLE_TALK_GOAL_BASE + enum salle_talk_goal */
    int rule;
    long cost;             /* 1 for a hard violation; weight x amount for a soft one */
    char *text;            /* in words a person can act on */
} salle_violation;

typedef struct salle_report {
    salle_score score;
    long hard_by_rule[SALLE_HARD_COUNT];
    long soft_by_goal[SALLE_SOFT_COUNT];
    int nviolations;
    salle_violation *violations;
    int ninfo;             /* notes that are not violations (speaking time per speaker, ...) */
    char **info;
    /* talks (docs/scoring.md "Talks"): 1 when the instance has talks; counts per talk rule and
     * cost per talk goal, already included in score */
    int talks;
    long talk_hard_by_rule[9];
    long talk_soft_by_goal[16];
} salle_report;

/* The independent checker: scores schedule s of inst from scratch, per docs/scoring.md.
 * Returns a new report (free with salle_report_free). It never fails on a loaded schedule. */
salle_report *salle_check(const salle_instance *inst, const salle_schedule *s);
/* salle_check with every violation's text in language lang, a BCP 47 tag of which only the
 * primary subtag counts ("fr", "es-MX", "ar"): the interface languages of po/ (the server's pages
 * call it in their reader's language). Ids, names of rooms, people, tracks and tags, and dates
 * stay as the instance has them; weekdays, lists' "and"/"or" and plurals follow lang. NULL,
 * "en" and a language salle has no catalog for give salle_check's English, byte for byte. The
 * score, the rules and the order of the violations do not depend on lang. The notes (info) are
 * in lang too. Free with salle_report_free. */
salle_report *salle_check_lang(const salle_instance *inst, const salle_schedule *s,
                               const char *lang);
/* The language salle words its interface and the checker's texts in for a BCP 47 tag ("fr-CA" ->
 * "fr", "EN" -> "en"), or NULL when it has no catalog for it (po/); and all of them, "en, fr, es,
 * ar". Both live as long as the program. */
const char *salle_language(const char *tag);
const char *salle_languages(void);
/* The same score, hard_by_rule and soft_by_goal, without the violations' messages (none is
 * listed): several times faster on large schedules, for a caller that needs only the score. */
salle_report *salle_check_score(const salle_instance *inst, const salle_schedule *s);
void salle_report_free(salle_report *r);
/* Prints the score, the per-rule breakdown and (when verbose) every violation. */
void salle_report_print(const salle_report *r, FILE *out, int verbose);
/* Checks s and prints what salle_report_print(salle_check(inst, s), out, verbose) prints, byte for
 * byte, without holding the violations' messages: each is written as it is found, one rule at a
 * time (a 100,000-session schedule has tens of millions of them). Returns the score. */
salle_score salle_check_print(const salle_instance *inst, const salle_schedule *s, FILE *out,
                              int verbose);
/* salle_check_print with the violations and notes in language lang, as salle_check_lang words
 * them (NULL or "en": salle_check_print). */
salle_score salle_check_print_lang(const salle_instance *inst, const salle_schedule *s, FILE *out,
                                   int verbose, const char *lang);

/* ---------------------------------------------------------------- the solver */

typedef struct salle_solve_options {
    double time_limit;     /* seconds of wall time; <= 0: none, the move budget alone ends the
                              search (so the result never depends on the machine's speed) */
    unsigned long long seed;
    FILE *progress;        /* where to print progress lines, or NULL for none */
    int debug_check;       /* 1: recompute the full score after moves and abort on a mismatch */
    int threads;           /* worker threads; <= 1 means one. Results depend on seed and threads */
    long iterations;       /* move budget; <= 0 means the default (docs/solver.md) */
    struct salle_solve_stats *stats; /* where to report how the search went, or NULL */
    /* anytime solving (issue 10): the clock every phase watches, a stop flag, where the limit
     * counts from and what the caller keeps of it (docs/solver.md, "Time limit") */
    double (*clock)(void *ctx); /* seconds on a monotonic clock, or NULL for CLOCK_MONOTONIC;
                                   thread-safe when threads > 1 */
    void *clock_ctx;
    volatile sig_atomic_t *stop; /* when not NULL and set (Ctrl-C, a cancelled job): every phase
                                    ends as at the time limit; the best schedule so far returns */
    double limit_from;     /* > 0: the clock reading the time limit counts from (when the process
                              started, so reading the instance counts); <= 0: the call */
    double reserve;        /* seconds of the limit the caller keeps for its own work after the
                              call (checking, explaining, writing); the solver ends that early */
} salle_solve_options;

/* What the solver reports about its search (filled when opt->stats is not NULL). */
typedef struct salle_solve_stats {
    double time_to_zero_hard; /* seconds from the start until no hard violation; -1 if never */
    double seconds;           /* wall time of the whole solve */
    long moves;               /* moves evaluated */
    /* with threads (docs/solver.md, "Threads"): the runs' meetings, the CPU seconds of their
     * searches, and the seconds of it they would spend waiting at meetings on idle cores (for
     * the slowest run to finish its period, and while one run puts the schedule together) */
    int meetings;
    double team_cpu, team_idle;
    int team_splits;          /* periods the runs spent on blocks of their own */
    double team_balance;      /* the largest block's movable sessions over an even share, at
                                 its worst over those periods but the long ones (1: even; 0: no
                                 blocks) */
    double team_long_share;   /* in the long periods (every eighth, one block of about 3/4 of
                                 the sessions): the largest block's share of the movable
                                 sessions, at its smallest (0: no long period) */
    long team_extra;          /* under a time limit: moves the runs made beyond their share of
                                 a period while the others finished theirs (instead of waiting
                                 at the meeting); 0 without a limit */
} salle_solve_stats;

/* Builds a schedule for inst. Returns a new schedule (free with salle_schedule_free); every
 * session is either assigned or listed as unscheduled with a reason. Deterministic for a given
 * instance, seed, thread count and move budget when no time limit is set, or as long as the
 * clock never runs ahead of the move budget (docs/solver.md, "Determinism"). Safe to call from several threads at
 * once. *score receives the solver's own score. */
salle_schedule *salle_solve(const salle_instance *inst, const salle_solve_options *opt,
                            salle_score *score);

/* ---------------------------------------------------------------- the generator */

typedef struct salle_gen_options {
    int sessions;
    unsigned long long seed;
} salle_gen_options;

/* Returns a newly malloc'd NUL-terminated JSON text of a realistic IGF-like instance (caller
 * frees). The same options always give the same bytes. */
char *salle_gen_json(const salle_gen_options *opt);

/* ---------------------------------------------------------------- import (src/import_*.c) */

/* Called once per thing an importer skipped or guessed; w has file, line (0 if unknown), msg,
 * worded in the language of the import's err (its lang, which w->lang repeats; English when
 * err->lang is empty). */
typedef void (*salle_warn_fn)(void *ctx, const salle_diag *w);

/* Reads a published programme: frab schedule.xml, c3voc schedule JSON, or a CSV spreadsheet
 * (docs/csv.md), recognised by content. On success returns 0 and sets *instance_json to the text
 * of a native instance (docs/format.md) and, when schedule_json is not NULL, *schedule_json to the
 * published placement as a schedule; both newly malloc'd, caller frees. Lenient: what it skips it
 * reports through warn (which may be NULL). On failure returns -1 with *err set and sets nothing. */
int salle_import(const char *path, salle_warn_fn warn, void *ctx, char **instance_json,
                 char **schedule_json, salle_diag *err);
/* What an import made, counted on the instance it loaded to check itself. */
typedef struct salle_import_summary {
    int sessions, rooms, people, days;
    int talks;            /* talks (academic conferences, docs/format.md "Talks") */
} salle_import_summary;
/* salle_import_with with only the options' timezone and summary set (issue 8). */
int salle_import_tz(const char *path, const char *timezone, salle_import_summary *summary,
                    salle_warn_fn warn, void *ctx, char **instance_json, char **schedule_json,
                    salle_diag *err);

/* How salle_import_with reads a file (issue 8.5); zero-initialise, then set what you need. */
typedef struct salle_import_options {
    const char *encoding; /* CSV: the file's character set, any name iconv knows ("cp1252",
                             "latin1", "utf-16"), or "auto": guess, and say what was guessed.
                             NULL: UTF-8 (or UTF-16 with a byte order mark); other bytes are an
                             error that names a guess */
    int lenient;          /* CSV: a cell salle cannot read skips its row (or is ignored) with a
                             warning, instead of stopping the import with an error */
    int keep_times;       /* every placed session gets its published room and start as its
                             "published" key, so that `salle solve` keeps them */
    const char *days;     /* CSV: event days, "YYYY-MM-DD,YYYY-MM-DD,..." or "FIRST..LAST", for a
                             spreadsheet of proposals with nothing placed yet */
    /* round trips (issue 8) */
    const char *timezone; /* `--timezone`: the event's IANA zone; times without a UTC offset are
                             read in it, it wins over the zone the file names and over salle's
                             guess from the city or venue. NULL: the file's, or the guess. An
                             unknown zone is an error */
    salle_import_summary *summary; /* when not NULL, receives the counts of what was imported */
} salle_import_options;
/* salle_import with options; opt may be NULL (salle_import's behaviour). */
int salle_import_with(const char *path, const salle_import_options *opt, salle_warn_fn warn,
                      void *ctx, char **instance_json, char **schedule_json, salle_diag *err);

/* ---------------------------------------------------------------- export (src/export_*.c) */

/* Each returns newly malloc'd text (caller frees), or NULL with *err set.
 * frab: schedule.xml valid against the c3voc XSD; json: c3voc schedule JSON; csv: one row per
 * session. ics: iCalendar of the whole programme, or only of one room (room >= 0) or one person
 * (person >= 0). */
char *salle_export_frab(const salle_instance *inst, const salle_schedule *s, salle_diag *err);
char *salle_export_json(const salle_instance *inst, const salle_schedule *s, salle_diag *err);
char *salle_export_csv(const salle_instance *inst, const salle_schedule *s, salle_diag *err);
char *salle_export_ics(const salle_instance *inst, const salle_schedule *s, int room, int person,
                       salle_diag *err);

/* Writes the accessible static web programme into folder dir (created, or replaced whole: it is
 * built in a temporary folder beside it and renamed). previous may be NULL; when given, the site
 * shows the changes from it (changelog page and Atom feed). Returns 0 or -1 with *err set. */
int salle_export_site(const salle_instance *inst, const salle_schedule *s,
                      const salle_schedule *previous, const char *dir, salle_diag *err);
/* What salle_export_site_with adds (issue 8); zero-initialise. */
typedef struct salle_site_options {
    const salle_schedule *previous;          /* the previous published version, or NULL */
    const salle_instance *previous_instance; /* the instance previous belongs to; NULL: inst. With
                                                it, sessions dropped since then keep their page,
                                                which says they are cancelled */
    const char *version;                     /* the version label every page shows; NULL: a
                                                fingerprint of the schedule */
    long long published;                     /* when it was published, seconds since 1970 (UTC);
                                                0: now, or SOURCE_DATE_EPOCH when set */
    /* issue 11: the interface in several languages */
    const char *const *languages;            /* e.g. {"en", "fr", "es", "ar"}: one site per
                                                language in DIR/LANG/, a chooser in DIR/index.html
                                                that follows the browser's language; NULL: one
                                                site in English, in DIR itself */
    int nlanguages;
    const char *interest_url;                /* issue 11: where attendees mark "I plan to attend"
                                                (salle serve's "/interest"; each day's page is
                                                interest_url/YYYY-MM-DD); NULL: no such links */
    const char *const *switch_to;            /* issue 11, with languages NULL: the languages of
                                                sites in DIR/LANG/ (written by another export)
                                                that the English pages' switcher links, the same
                                                page in each (salle serve's published programme:
                                                English at the top, the others below it); NULL:
                                                no switcher */
    int nswitch_to;
} salle_site_options;
int salle_export_site_with(const salle_instance *inst, const salle_schedule *s,
                           const salle_site_options *opt, const char *dir, salle_diag *err);

/* ---------------------------------------------------------------- lp (src/export_lp.c) */

/* Options of the exact reference; zero-initialise, then set what you need. */
typedef struct salle_lp_options {
    int step;                        /* minutes between candidate starts; <= 0: the event's grid */
    const salle_schedule *published; /* with min_moves: the old schedule */
    int min_moves;                   /* objective: BIG * unplaced + sessions moved from published */
    const salle_schedule *start;     /* its placements are variables too, even off the step, so it
                                        can be CBC's MIP start (salle_lp_start) */
    int compact;                     /* overlap rows through one z variable per session and start
                                        (same optimum; a file several times smaller, for large
                                        instances) */
} salle_lp_options;

/* The exact reference (docs/lp.md): a time-indexed integer programme of inst in CPLEX LP format,
 * for CBC. Starts are the multiples of opt->step minutes (a multiple of the event's grid), so the
 * optimum is over those starts only (plus pinned, published and start-schedule starts). The
 * objective is BIG * (sessions not placed) + soft total, every other hard rule being a
 * constraint; BIG is written in the file's header. opt may be NULL (all defaults). Returns newly
 * malloc'd text, or NULL with *err set when the instance holds something the model cannot
 * express exactly. */
char *salle_export_lp(const salle_instance *inst, const salle_lp_options *opt, salle_diag *err);
/* A MIP start for CBC (`cbc model.lp mipstart FILE solve ...`) that is schedule s: its placements
 * at 1, its unscheduled sessions' u at 1, everything else 0. The LP must have been written with
 * s as opt->start (or s on the step). Returns newly malloc'd text in CBC's solution format. */
char *salle_lp_start(const salle_instance *inst, const salle_schedule *s);
/* Reads the solution file CBC writes (`cbc model.lp solve solu FILE`) of the programme of inst
 * and returns the schedule it describes (caller frees), or NULL with *err set (infeasible, no
 * solution, not this instance's LP). *objective, when not NULL, receives CBC's objective split as
 * (hard, soft) = (unplaced sessions, objective - BIG * unplaced); min_moves must be the value the
 * LP was written with. Whether CBC proved optimality is the first line of the file ("Optimal"). */
salle_schedule *salle_lp_solution(const salle_instance *inst, const char *solution_path,
                                  int min_moves, salle_score *objective, salle_diag *err);

/* ---------------------------------------------------------------- diff (src/model/diff.c) */

/* What happened to a session between two versions of a programme. */
enum salle_change_kind {
    SALLE_CHANGE_NEW = 1,       /* placed now, not before */
    SALLE_CHANGE_CANCELLED = 2, /* placed before, not now (see salle_change.cause) */
    SALLE_CHANGE_MOVED = 3,     /* placed in both, at another time or in another room */
    SALLE_CHANGE_RESIZED = 4    /* same room and start, another duration */
};

/* Why a cancelled session is no longer in the programme. */
enum salle_cancel_cause {
    SALLE_CANCEL_UNPLACED = 0,  /* still in the instance, but the new schedule does not place it */
    SALLE_CANCEL_MARKED = 1,    /* marked cancelled by its publisher ("cancelled": true) */
    SALLE_CANCEL_REMOVED = 2    /* no longer in the new version's instance */
};

/* One change. Rooms are room indices and starts minutes, as in a salle_assignment: the old side
 * of the OLD version's instance, the new side of the new one's; the side that does not exist (old
 * for NEW, new for CANCELLED) is -1. */
typedef struct salle_change {
    int kind;              /* enum salle_change_kind */
    int session;           /* index in the new version's instance; -1 when only the old has it */
    int old_room, old_start;
    int new_room, new_start;
    /* versions that add or drop sessions (issue 8) */
    int old_session;       /* index in the old version's instance; -1 when only the new has it */
    int old_duration, new_duration; /* minutes; -1 on the side that does not exist */
    int cause;             /* enum salle_cancel_cause, for CANCELLED; 0 otherwise */
} salle_change;

/* Compares two versions of a programme: schedule old of instance old_inst, and schedule now of
 * inst (old_inst may be inst). Sessions are matched by id, rooms by id, starts by local date and
 * time, so the two instances may differ: a session in only one of them is new or cancelled. A
 * session marked "cancelled" counts as not placed. Sets *out to a new array of the changes (caller
 * frees with free(); NULL when there are none), in timetable order (new start, or old start for a
 * cancellation, then session id), and returns how many there are. */
int salle_diff_versions(const salle_instance *old_inst, const salle_schedule *old,
                        const salle_instance *inst, const salle_schedule *now, salle_change **out);
/* salle_diff_versions(inst, old, inst, now, out): two schedules of one instance. */
int salle_diff(const salle_instance *inst, const salle_schedule *old, const salle_schedule *now,
               salle_change **out);
/* The changes as text a person reads, one line each plus a summary line:
 *   moved WS-12 "Digital rights": Tue 11:00, Salle I -> Wed 14:00, Room 3
 *   resized WS-3 "Open data": now Tue 10:00-12:00, was Tue 10:00-11:00, Room 3
 *   cancelled WS-7 "Privacy": Tue 14:00, Room 2 (marked cancelled by the publisher)
 *   5 changes: 1 new, 1 cancelled, 2 moved, 1 resized
 * or as JSON {"changes": [{"kind": "moved", "session", "title", "guid", "old": {"room",
 * "room_name", "start", "end", "duration", "human"}, "new": {...}}, {"kind": "cancelled", ...,
 * "cause": "marked" | "removed" | "unplaced"}], "new": N, "cancelled": N, "moved": N,
 * "resized": N}. old_inst names the old side (titles and rooms of cancelled sessions); inst the
 * new. Newly malloc'd; caller frees. */
char *salle_diff_versions_text(const salle_instance *old_inst, const salle_instance *inst,
                               const salle_change *c, int n);
char *salle_diff_versions_json(const salle_instance *old_inst, const salle_instance *inst,
                               const salle_change *c, int n);
/* The same with old_inst = inst. */
char *salle_diff_text(const salle_instance *inst, const salle_change *c, int n);
char *salle_diff_json(const salle_instance *inst, const salle_change *c, int n);
/* The same comparison without an instance, on the raw schedule files: sessions, rooms, starts
 * (and ends, when both files carry them) are the strings written there. Returns newly malloc'd
 * text (json = 0) or JSON (json = 1) in the shapes above minus the instance's names, or NULL with
 * *err set (file:line:col). */
char *salle_diff_files(const char *old_path, const char *new_path, int json, salle_diag *err);

/* ---------------------------------------------------------------- re-planning (src/replan.c) */

/* Re-planning after a disruption (docs/replan.md): the published programme OLD stays where it is
 * unless a hard rule forces a session out of its place; only those sessions move, as little as
 * the score allows (stability, docs/scoring.md: a room change costs less than a time change,
 * weighted by the people affected), and sessions whose organizers declined a move never move. */
enum salle_replan_kind {
    SALLE_REPLAN_MOVED,     /* published, now at another room or time: ask its organizers */
    SALLE_REPLAN_UNPLACED,  /* published, but no place is left for it */
    SALLE_REPLAN_STUCK,     /* declined any move, yet breaks a hard rule where it is */
    SALLE_REPLAN_NEW,       /* not published before, placed now */
    SALLE_REPLAN_CANCELLED  /* in OLD, no longer in the instance */
};

/* One argument of a re-plan reason (salle_replan_move.code). */
enum salle_replan_arg_kind {
    SALLE_ARG_TEXT,  /* text: a room's, person's, resource's or feature's name, or a session id */
    SALLE_ARG_COUNT, /* a: a number (people, sessions) */
    SALLE_ARG_TIME,  /* a: a minute of event time (salle_time_iso, salle_time_human) */
    SALLE_ARG_SPAN   /* [a, b): minutes of event time, within one day (b may be its midnight) */
};
typedef struct salle_replan_arg {
    int kind;              /* enum salle_replan_arg_kind */
    char *text;            /* SALLE_ARG_TEXT: newly malloc'd, freed by salle_replan_clear; else NULL */
    int a, b;
} salle_replan_arg;
#define SALLE_REPLAN_MAXARGS 4

typedef struct salle_replan_move {
    int kind;              /* enum salle_replan_kind */
    int session;           /* session index; -1 for a cancelled session */
    char *id;              /* the session id (for a cancelled one, as written in OLD) */
    int old_room, old_start; /* -1 when not published (or the room no longer exists) */
    int new_room, new_start; /* -1 when not placed */
    char *reason;          /* why, in words ("Room 3 is closed Tue 14:00-18:00") */
    /* The same reason for a front end to put in its own words (the server's pages and e-mails,
     * in the reader's language): code names the wording (docs/replan.md "Reason codes" lists each
     * with its arguments), args its arguments in order; "" with nargs 0 for a new session. For an
     * unplaced session, reason may add the solver's own words after "; ", which the code omits. */
    const char *code;      /* static string, e.g. "room_closed" */
    int nargs;
    salle_replan_arg args[SALLE_REPLAN_MAXARGS];
} salle_replan_move;

typedef struct salle_replan_report {
    int nmoves;
    salle_replan_move *moves;
    int published;         /* sessions with a published place (from OLD or the instance) */
    int kept, moved, time_moved, unplaced, stuck, added, cancelled;
    int ask_people;        /* distinct organizers (or speakers, without organizers) to ask */
} salle_replan_report;

/* Reads the published schedule OLD for inst, leniently: a session id no longer in inst is not an
 * error but recorded in rp as cancelled; a room that no longer exists leaves the session with room
 * -1 (it must move). rp must be zeroed by the caller. Returns a new schedule or NULL with *err. */
salle_schedule *salle_replan_load_old(const char *path, const salle_instance *inst,
                                      salle_replan_report *rp, salle_diag *err);
/* Re-plans inst against its published placements: old (may be NULL: then only the sessions'
 * own `published` keys count) wins over a session's `published` placement; the session keeps its
 * `move`. Returns the new schedule (caller frees); fills rp (moves appended, counts set) and
 * *score with the checker's score of the result, where the moves listed count as confirmed. */
salle_schedule *salle_replan(const salle_instance *inst, const salle_schedule *old,
                             const salle_solve_options *opt, salle_score *score,
                             salle_replan_report *rp);
/* One line per move, then a summary line; newly malloc'd, caller frees:
 *   moved WS-12: Tue 14:00 Room 3 -> Tue 14:00 Salle I: Room 3 is closed Tue 14:00-18:00 */
char *salle_replan_text(const salle_instance *inst, const salle_replan_report *rp);
/* Frees what rp holds and zeroes it. */
void salle_replan_clear(salle_replan_report *rp);

/* ---------------------------------------------------------------- infeasibility (src/explain.c) */

/* Why no schedule can place every session without breaking a hard rule: counting arguments that
 * each prove it on their own (precedence cycles, a resource's shifts, the rooms a group of sessions
 * may use, a person's available time, and unscheduled sessions with no place at all meeting their
 * own rules), one per line ending in '\n', e.g.
 *   14 sessions need interpreter teams; 2 at a time x 3 shifts x 2 days give 12 places: MS-1, ...
 * Returns newly malloc'd text, or NULL when no such argument applies (then the solver may simply
 * have missed a schedule). partial may be NULL: then every session is tried for a place of its
 * own; otherwise only those partial lists as unscheduled. */
char *salle_explain(const salle_instance *inst, const salle_schedule *partial);


/* ---------------------------------------------------------------- talks (src/model/talks.c) */

/* Academic conferences (docs/format.md "Talks", docs/scoring.md "Talks"): talks belong to
 * tracks; a block is a time period (a date, start, end) cut into equal time slots; a schedule gives
 * each (block, room) cell at most one track and each talk consecutive slots of one cell holding
 * its track. The goals are those of the CoSPLib benchmark, with its definitions. */
#define SALLE_TALK_RULE_BASE 100
#define SALLE_TALK_GOAL_BASE 200

/* Hard rules for talks (each violation counts 1 in the hard total). */
enum salle_talk_rule {
    SALLE_TALK_RULE_PLACEMENT = 1, /* a talk not placed */
    SALLE_TALK_RULE_TRACK,         /* a talk in a cell that holds another track, or none */
    SALLE_TALK_RULE_SLOTS,         /* a talk running past the last slot of its block */
    SALLE_TALK_RULE_OVERLAP,       /* two talks sharing a slot of one cell */
    SALLE_TALK_RULE_SESSION_ROOM,  /* a session in a room while a track's block holds it */
    SALLE_TALK_RULE_SESSION_PERSON, /* a session's person presenting or chairing at its time */
    SALLE_TALK_RULE_COUNT          /* = 7; index 0 unused */
};

/* Soft goals for talks, in the order of docs/scoring.md; weights keys are their names. */
enum salle_talk_goal {
    SALLE_TALK_TRACK_BLOCK,        /* track-block penalty of each used cell */
    SALLE_TALK_TRACK_ROOM,         /* track-room penalty of each used cell */
    SALLE_TALK_BLOCK_ROOM,         /* block-room penalty of each used cell */
    SALLE_TALK_SIMILAR_TRACKS,     /* similar tracks in parallel */
    SALLE_TALK_TRACK_ROOMS,        /* a track in more rooms than one */
    SALLE_TALK_TRACK_PARALLEL,     /* a track in parallel with itself */
    SALLE_TALK_TRACK_CONSECUTIVE,  /* a track's blocks not consecutive */
    SALLE_TALK_HOURS,              /* presenters outside suitable local hours */
    SALLE_TALK_ORDER,              /* talks out of their track's order */
    SALLE_TALK_BLOCK,              /* talk-block penalty, per slot */
    SALLE_TALK_ROOM,               /* talk-room penalty, per slot */
    SALLE_TALK_PRESENTER_BLOCK,    /* a presenter in two rooms in one block */
    SALLE_TALK_ATTENDEE_BLOCK,     /* an attendee's talks in two rooms in one block */
    SALLE_TALK_CHAIR,              /* a chair's two tracks in one block */
    SALLE_TALK_PRESENTER_SLOT,     /* a presenter in two rooms in one time slot */
    SALLE_TALK_ATTENDEE_SLOT,      /* an attendee's talks in one time slot */
    SALLE_TALK_GOAL_COUNT          /* = 16 */
};

const char *salle_talk_goal_name(int g);
const char *salle_talk_rule_name(int r);

typedef struct salle_block {
    char *id;
    int day;               /* event day index */
    int start, end;        /* minutes since the first event day's midnight */
    int slots;             /* number of equal time slots */
    long *room_penalty;    /* per room */
    int line, col;
} salle_block;

typedef struct salle_talk_track {
    char *id;
    char *name;
    salle_ids chairs;      /* person indices */
    long *block_penalty;   /* per block */
    long *room_penalty;    /* per room */
    int ntalks;
    int *talks;            /* talk indices in the order listed */
} salle_talk_track;

typedef struct salle_talk {
    char *id;
    char *title;
    char *abstract;        /* plain text, or NULL */
    int track;
    int slots;             /* consecutive time slots it needs */
    int order;             /* 1, 2, ...: position within its track; 0: any */
    salle_ids presenters;  /* person indices */
    salle_ids attendees;   /* person indices */
    char *timezone;        /* where it is presented from (IANA); the event's when not given */
    long *block_penalty;   /* per block */
    long *room_penalty;    /* per room */
    long *hours_penalty;   /* per block: local-hours penalty of one slot there (derived) */
    int line, col;
} salle_talk;

typedef struct salle_talks {
    int nblocks;
    salle_block *blocks;   /* in time order */
    int ntracks;
    salle_talk_track *tracks;
    long *similar;         /* ntracks x ntracks, symmetric, 0 on the diagonal */
    int ntalks;
    salle_talk *talks;
    long weights[SALLE_TALK_GOAL_COUNT];
    int suitable_start, suitable_end;  /* local hours, minutes of the day */
    int less_start, less_end;
    long small_penalty, big_penalty;
    /* derived: which pairs of talks (ntalks x ntalks) and tracks clash, per docs/scoring.md */
    unsigned char *attendee_clash;
    unsigned char *presenter_clash;
    unsigned char *chair_clash;        /* ntracks x ntracks */
} salle_talks;

/* A talk schedule: a track per cell and a place per talk. */
typedef struct salle_talk_plan {
    int nblocks, nrooms, ntalks;
    int *cell_track;       /* nblocks x nrooms: track index or -1 */
    int *talk_block;       /* per talk: block index or -1 (not placed) */
    int *talk_room;
    int *talk_slot;        /* first slot, 0-based */
} salle_talk_plan;

/* A plan of inst with every cell empty and every talk unplaced (free with salle_talk_plan_free). */
salle_talk_plan *salle_talk_plan_new(const salle_instance *inst);
void salle_talk_plan_free(salle_talk_plan *p);
/* "Wed 10:40-11:00": the clock times of slots [slot, slot + n) of block b; buf >= 80 bytes. */
char *salle_talk_slot_time(const salle_instance *inst, int b, int slot, int n, char *buf);
/* ---------------------------------------------------------------- interest (issue 11, point 2) */

/* Attendee interest as collected ("I plan to attend", docs/interest.md): one anonymous ballot per
 * attendee, each the set of sessions they marked. Read by src/formats/ballots.c; counted, tested
 * and applied to an instance by src/model/interest.c. */
typedef struct salle_ballots {
    int n;
    salle_ids *sets;       /* session indices, sorted, deduplicated; a ballot may be empty */
} salle_ballots;

/* Reads ballots of inst: JSON {"ballots": [["WS-1", "OF-2"], {"sessions": [...]}, ...]} or CSV
 * with a header naming the columns "ballot" and "session" (one row per mark), recognised by
 * content (docs/interest.md). An unknown session id is an error naming file, line and column (CSV:
 * line and column of the cell). Returns a new set (free with salle_ballots_free) or NULL. */
salle_ballots *salle_ballots_load(const char *path, const salle_instance *inst, salle_diag *err);
salle_ballots *salle_ballots_parse(const char *buf, size_t len, const char *name,
                                   const salle_instance *inst, salle_diag *err);
void salle_ballots_free(salle_ballots *b);

/* The turnout factor when none is given: expected attendance = marks x 1.0 (docs/interest.md
 * says why). */
#define SALLE_TURNOUT_DEFAULT 1.0

typedef struct salle_interest_options {
    double turnout;        /* > 0: expected attendance = ceil(marks x turnout), at least the given */
    int significant;       /* 1: only pairs that pass the test below become the audience overlap */
    int min_count;         /* the test: at least this many people marked both (default 5) */
    double min_lift;       /* lift >= this (default 1.5) */
    double max_q;          /* Benjamini-Hochberg q <= this (default 0.05) */
} salle_interest_options;
/* Fills o with the documented defaults (turnout 1.0, significant 0, 5, 1.5, 0.05). */
void salle_interest_options_default(salle_interest_options *o);

/* One pair of sessions that at least one ballot names together. */
typedef struct salle_interest_pair {
    int a, b;              /* session indices, a < b */
    int count;             /* n_ab: ballots naming both */
    double lift;           /* n_ab x N / (n_a x n_b) */
    double p;              /* one-sided hypergeometric P(X >= n_ab) */
    double q;              /* Benjamini-Hochberg adjusted p over all tested pairs */
    int significant;       /* count >= min_count, lift >= min_lift and q <= max_q */
} salle_interest_pair;

typedef struct salle_interest_summary {
    int nballots;          /* N: ballots that name at least one session */
    int nsessions;
    int *count;            /* n_a per session index */
    long tested;           /* pairs tested (both sessions named by some ballot): BH's m */
    int npairs;
    salle_interest_pair *pairs; /* pairs with n_ab >= 1, strongest first (count, then lift) */
    int nsignificant;
} salle_interest_summary;

/* Counts per session and co-interest pairs with their test. opt may be NULL (defaults). Returns a
 * new summary (free with salle_interest_summary_free). */
salle_interest_summary *salle_interest_summary_new(const salle_instance *inst,
                                                   const salle_ballots *b,
                                                   const salle_interest_options *opt);
void salle_interest_summary_free(salle_interest_summary *s);
/* The summary for a person (text) or for the server's admin API (JSON: {"ballots", "tested",
 * "significant", "sessions": [{"id", "title", "count", "attendance"}], "pairs": [{"a", "b",
 * "count", "lift", "p", "q", "significant"}]}); sessions most marked first; at most top pairs
 * (top <= 0: all). Newly malloc'd; caller frees. */
char *salle_interest_summary_text(const salle_instance *inst, const salle_interest_summary *s,
                                  int top);
char *salle_interest_summary_json(const salle_instance *inst, const salle_interest_summary *s,
                                  int top);

/* Applies ballots to inst in place: each session's attendance becomes
 * max(attendance_given, ceil(n_a x turnout)), and the interest sets become the ballots or, with
 * opt->significant, n_ab two-session sets for each significant pair (so audience overlap counts
 * exactly n_ab for those pairs and nothing for the rest). Returns 0, or -1 with *err set when an
 * option is out of range. */
int salle_interest_apply(salle_instance *inst, const salle_ballots *b,
                         const salle_interest_options *opt, salle_diag *err);
/* The same on an instance file's text: returns the new instance's JSON text (newly malloc'd), with
 * every other key kept as written, each session's "attendance" set, an "x-salle-interest" record
 * per session ({"given", "marks", "turnout"}, so applying new ballots again starts from the
 * organizers' own figure, not from the last result), and "interest" replaced. NULL with *err set
 * on a bad instance or option. */
char *salle_interest_apply_json(const char *buf, size_t len, const char *name,
                                const salle_ballots *b, const salle_interest_options *opt,
                                salle_diag *err);

/* ---------------------------------------------------------------- files */

/* Writes len bytes to path atomically: a temporary file "<path>.tmp-XXXXXX" in the same folder,
 * fsync, rename, fsync of the folder. The new file keeps the mode of the one it replaces, else
 * gets 0666 less the umask. Temporary files an interrupted earlier run left beside path are
 * removed first. Returns 0, or -1 with *err filled in and every existing file as it was. */
int salle_write_file_atomic(const char *path, const char *data, size_t len, salle_diag *err);
/* The same for n files that belong together (an imported instance and its schedule): all are
 * replaced or none is. Returns 0, or -1 with *err set and every existing file as it was. */
int salle_write_files_atomic(int n, const char *const *paths, const char *const *data,
                             const size_t *len, salle_diag *err);

/* ---------------------------------------------------------------- safety (issue 8) */

/* What a local wall time is on a daylight-saving change day. */
enum salle_time_kind {
    SALLE_TIME_NORMAL = 0,
    SALLE_TIME_MISSING = 1,   /* skipped when clocks go forward (02:30 on the spring day) */
    SALLE_TIME_AMBIGUOUS = 2  /* happens twice when clocks go back: read as the first */
};
/* UTC offset in minutes of the event's zone at event minute t (each instant its own, through
 * the tz database), and in *kind (may be NULL) an enum salle_time_kind. 0 for an unknown zone. */
int salle_time_utc_offset(const salle_instance *inst, int t, int *kind);

/* What a file holds, by its top-level keys: a schedule ("salle_schedule", else "assignments"),
 * an instance ("salle", else "sessions" or "event"), or something else (also when it cannot be
 * read or is not JSON). */
enum salle_file_kind { SALLE_FILE_OTHER = 0, SALLE_FILE_INSTANCE = 1, SALLE_FILE_SCHEDULE = 2 };
int salle_file_kind(const char *path);

/* The re-plan's moves as JSON, each with the people to ask (docs/replan.md, "--report"):
 * {"moves": [{"kind", "session", "title", "old": {...}|null, "new": {...}|null, "reason",
 * "ask": [{"id", "name", "role"}]}], "summary": {...}}. Newly malloc'd; caller frees. */
char *salle_replan_json(const salle_instance *inst, const salle_replan_report *rp);

/* ---------------------------------------------------------------- lower bound (src/engine/bound.c) */

/* issue 10, point 7: a lower bound on salle's objective, docs/lp.md "A lower bound in seconds". */
typedef struct salle_bound_result {
    long hard;      /* sessions with no placement that keeps every hard rule: every schedule has
                       at least this many hard violations */
    long soft;      /* every schedule without hard violations whose starts are on the event's grid
                       (or pinned or published) has a soft score of at least this */
    long placement; /* of soft: the per-placement goals (each session's cheapest placement) */
    long by_goal[SALLE_SOFT_COUNT]; /* of soft: the goals bounded by pair and group arguments */
    long lp_offset; /* salle_bound_lp: subtract from the programme's objective */
} salle_bound_result;

/* Fills *out for inst. Deterministic, no clock: seconds at hundreds of sessions. */
void salle_bound(const salle_instance *inst, salle_bound_result *out);
/* The same; when lp is not NULL and out->hard is 0, also writes to it (CPLEX LP, for CBC) the
 * placement goals and track rooms together as a mixed-integer programme: any lower bound of its
 * optimum, minus out->lp_offset, bounds those two groups (docs/lp.md, "Rooms and tracks
 * together"), and may replace out->placement + out->by_goal[SALLE_SOFT_TRACK_ROOMS] when larger. */
void salle_bound_lp(const salle_instance *inst, salle_bound_result *out, FILE *lp);

#ifdef __cplusplus
}
#endif
#endif
