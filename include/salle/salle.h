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

/* A diagnostic: where in which file, and what is wrong. line and col are 1-based; 0 when unknown. */
typedef struct salle_diag {
    char file[512];
    int line;
    int col;
    char msg[1024];
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
} salle_person;

typedef struct salle_resource {
    char *id;
    char *name;
    int capacity;
    salle_windows shifts;
} salle_resource;

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
    /* plenary sessions (issue 8, point 8): hard rule 10, docs/scoring.md */
    int exclusive;         /* 1: while it runs, no room but its own and its overflow rooms is in use */
    salle_ids overflow;    /* room indices, sorted: rooms that may be in use while it runs */
    /* versions that add or drop sessions (issue 8) */
    int cancelled;         /* 1: marked cancelled by its publisher; needs no placement, breaks no
                              rule, the solver leaves it out, the site shows it as cancelled */
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
    int hard;              /* 1: a hard rule (rule = 1..10); 0: a soft goal (rule = enum salle_soft) */
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
} salle_report;

/* The independent checker: scores schedule s of inst from scratch, per docs/scoring.md.
 * Returns a new report (free with salle_report_free). It never fails on a loaded schedule. */
salle_report *salle_check(const salle_instance *inst, const salle_schedule *s);
void salle_report_free(salle_report *r);
/* Prints the score, the per-rule breakdown and (when verbose) every violation. */
void salle_report_print(const salle_report *r, FILE *out, int verbose);

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
    /* safety (issue 8): set *stop to non-zero (from a signal handler, say) to end the search
     * early; the best schedule found so far is returned as usual. NULL: never. */
    volatile sig_atomic_t *stop;
} salle_solve_options;

/* What the solver reports about its search (filled when opt->stats is not NULL). */
typedef struct salle_solve_stats {
    double time_to_zero_hard; /* seconds from the start until no hard violation; -1 if never */
    double seconds;           /* wall time of the whole solve */
    long moves;               /* moves evaluated */
} salle_solve_stats;

/* Builds a schedule for inst. Returns a new schedule (free with salle_schedule_free); every
 * session is either assigned or listed as unscheduled with a reason. Deterministic for a given
 * instance, seed, thread count and move budget when no time limit is set, or as long as the
 * time limit is not what stops the search (docs/solver.md). Safe to call from several threads at
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

/* Called once per thing an importer skipped or guessed; w has file, line (0 if unknown), msg. */
typedef void (*salle_warn_fn)(void *ctx, const salle_diag *w);

/* Reads a published programme: frab schedule.xml, c3voc schedule JSON, or a CSV spreadsheet
 * (docs/csv.md), recognised by content. On success returns 0 and sets *instance_json to the text
 * of a native instance (docs/format.md) and, when schedule_json is not NULL, *schedule_json to the
 * published placement as a schedule; both newly malloc'd, caller frees. Lenient: what it skips it
 * reports through warn (which may be NULL). On failure returns -1 with *err set and sets nothing. */
int salle_import(const char *path, salle_warn_fn warn, void *ctx, char **instance_json,
                 char **schedule_json, salle_diag *err);

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

typedef struct salle_replan_move {
    int kind;              /* enum salle_replan_kind */
    int session;           /* session index; -1 for a cancelled session */
    char *id;              /* the session id (for a cancelled one, as written in OLD) */
    int old_room, old_start; /* -1 when not published (or the room no longer exists) */
    int new_room, new_start; /* -1 when not placed */
    char *reason;          /* why, in words ("Room 3 is closed Tue 14:00-18:00") */
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

#ifdef __cplusplus
}
#endif
#endif
