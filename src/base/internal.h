/*
 * internal.h: helpers shared by libsalle's modules and not part of the public API.
 * Names start with salle__ (two underscores) so they never collide with the public ones.
 */
#ifndef SALLE_INTERNAL_H
#define SALLE_INTERNAL_H

#include "salle/salle.h"

#include <jansson.h>
#include <stdarg.h>
#include <sys/types.h>

/* Out-of-memory policy: print and abort (see salle.h). These never return NULL. */
void *salle__xmalloc(size_t n);
void *salle__xcalloc(size_t n, size_t size);
void *salle__xrealloc(void *p, size_t n);
char *salle__xstrdup(const char *s);
char *salle__xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Fills d with file, line, col and a printf-style message, its format looked up in d->lang's
 * catalog first (salle__diag_tr). Always returns -1 so that callers can
 * write `return salle__diag(...)`. */
int salle__diag(salle_diag *d, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The same with a message already worded (in d's language): no lookup, no format. */
int salle__diag_str(salle_diag *d, const char *file, int line, int col, const char *msg);
/* The same, saying what salle expected (fmt, whose last conversion is the library's words) and
 * quoting library's own English words, which d->detail keeps too (salle_diag). */
int salle__diag_lib(salle_diag *d, const char *file, int line, int col, const char *fmt,
                    const char *library) __attribute__((format(printf, 5, 0)));
/* d's language (d->lang) when it names one, else NULL (English); NULL for a NULL d. */
const char *salle__diag_lang(const salle_diag *d);
/* An interface string (a message format, a word such as a type's name) in d's language; msgid
 * itself for English. salle__diag passes its format through this: every format given to it is its
 * own msgid (po/README.md lists the files whose messages have translations). */
const char *salle__diag_tr(const salle_diag *d, const char *msgid) __attribute__((format_arg(2)));

/* Reads a whole file into a new NUL-terminated buffer (caller frees). */
char *salle__read_file(const char *path, size_t *len, salle_diag *err);

/* ---- JSON with positions (src/base/jsonpos.c) ----
 * jansson builds the tree; yajl's event parser feeds it, because yajl reports the byte offset of
 * every value and jansson does not. The position map remembers where each json_t came from. */
typedef struct salle__jdoc salle__jdoc;
/* Parses buf; returns NULL with *err set (file, line, column of the syntax error). Duplicate keys
 * in an object are an error too. */
salle__jdoc *salle__jdoc_parse(const char *buf, size_t len, const char *name, salle_diag *err);
/* The same, for a document read whole and dropped whole (the instance, the schedule): its tree lives
 * in one region that salle__jdoc_free releases at once (kept for the next such tree, without
 * access until then). The caller must keep no value of the tree, and change none, after
 * salle__jdoc_free; while it reads, it may not add to the tree. */
salle__jdoc *salle__jdoc_parse_arena(const char *buf, size_t len, const char *name,
                                     salle_diag *err);
/* For tests: regions mapped for arena trees so far, how many trees took the region of one freed
 * before (jsonpos.c keeps one for the next tree), and how many kept regions were trimmed to what
 * stays resident. */
void salle__jdoc_arena_counts(long *mapped, long *reused, long *trimmed);
json_t *salle__jdoc_root(const salle__jdoc *doc);
/* Line and column (1-based) where value v starts; 0, 0 when unknown. For an object member, the
 * key's position is available with salle__jdoc_key_pos. */
void salle__jdoc_pos(const salle__jdoc *doc, const json_t *v, int *line, int *col);
void salle__jdoc_key_pos(const salle__jdoc *doc, const json_t *obj, const char *key, int *line,
                         int *col);
/* Where the value of member key of obj starts (works for true, false and null too). */
void salle__jdoc_member_pos(const salle__jdoc *doc, const json_t *obj, const char *key, int *line,
                            int *col);
const char *salle__jdoc_name(const salle__jdoc *doc);
/* "an object", "a string", ...: the type of v as an error message names it. */
const char *salle__json_type_name(const json_t *v);
/* The same in d's language (salle__diag_tr). */
const char *salle__json_type_word(const salle_diag *d, const json_t *v);
/* Rejects keys of obj not in the NULL-terminated allowed list (keys starting with "x-" are free):
 * returns 0, or -1 with *err naming the key's line and column and the keys expected in what. */
int salle__jdoc_check_keys(const salle__jdoc *doc, salle_diag *err, const json_t *obj,
                           const char *const *allowed, const char *what);
void salle__jdoc_free(salle__jdoc *doc);

/* The schedule as JSON text ending in a newline (caller frees); used by salle_schedule_save. */
char *salle__schedule_json(const salle_instance *inst, const salle_schedule *s,
                           const salle_score *score);

/* ---- growable text ---- */
typedef struct salle__buf {
    char *s;       /* NUL-terminated once anything was written; owned, free() it */
    size_t n, cap;
} salle__buf;
/* Appends printf-style text to b. */
void salle__buf_printf(salle__buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ---- small growable int vector ---- */
typedef struct salle__ivec {
    int n, cap;
    int *v;
} salle__ivec;
void salle__ivec_push(salle__ivec *a, int x);
void salle__ivec_free(salle__ivec *a);

/* Sorts and removes duplicates in place; returns the new length. */
int salle__sort_unique(int *v, int n);
/* The first id in both sorted lists, or -1 when they have none in common. */
int salle__ids_common(const salle_ids *a, const salle_ids *b);
/* 1 if sorted v contains x */
int salle__ids_has(const salle_ids *ids, int x);
/* 1 if [s, e) lies inside one window of ws (or ws->any). */
int salle__windows_contain(const salle_windows *ws, int s, int e);
/* The same, inline, for the solver's inner loops (a call per test was a few percent of a solve
 * at gen 100,000). */
static inline int salle__windows_in(const salle_windows *ws, int s, int e)
{
    if (ws->any)
        return 1;
    for (int i = 0; i < ws->n; i++)
        if (ws->w[i].start <= s && e <= ws->w[i].end)
            return 1;
    return 0;
}

/* Parses "HH:MM" (00:00-24:00) into minutes of the day; -1 if malformed. */
int salle__parse_clock(const char *s);
/* Parses a duration: "90", "1h30", "1h", "45m", "1:30"; -1 if malformed. */
int salle__parse_duration(const char *s);
/* Days since 1970-01-01 of "YYYY-MM-DD", or INT_MIN if malformed or not a real date. */
int salle__parse_date(const char *s);
/* Year, month (1-12) and day of days since 1970-01-01: the inverse of salle__parse_date. */
void salle__civil_from_days(int days, int *y, int *m, int *d);
/* JSON text of v (jansson dump flags) ending in a newline; newly malloc'd. Does not release v. */
char *salle__json_text(const json_t *v, size_t flags);
/* 0=Monday .. 6=Sunday for days since epoch */
int salle__weekday(int days_since_epoch);

/* UTC offset in minutes of IANA zone tz at local noon of date (days since epoch); sets *ok to 0
 * when the zone is unknown to the system's tz database. */
int salle__tz_offset(const char *tz, int days_since_epoch, int *ok);
/* UTC offset of zone tz at one instant (UTC minutes since 1970). */
int salle__tz_offset_utc(const char *tz, long long utc_minute, int *ok);
/* UTC offset of the local wall time minute (of the date days; 24:00 and beyond roll over) in
 * zone tz, and in *kind (may be NULL) whether that wall time is normal, missing (skipped by a
 * spring change: read with the offset before it) or ambiguous (repeated in autumn: its first
 * occurrence). */
int salle__tz_offset_local(const char *tz, int days, int minute, int *ok, int *kind);

/* ---- files (util.c) ---- */
/* The process's umask, without changing it. */
mode_t salle__umask(void);
/* Removes path and everything under it, without following symbolic links. */
void salle__rm_tree(const char *path);
/* fsyncs the folder holding path, so that a rename into it is durable. Returns 0 or -1. */
int salle__fsync_dir_of(const char *path);
/* Removes what an interrupted run of salle left beside path: files named "<path>.tmp-XXXXXX"
 * (and, when marker is not NULL, folders "<path>.tmp-XXXXXX" / "<path>.old-XXXXXX" that hold a
 * file called marker, or nothing) owned by this user. Returns how many it removed. */
int salle__remove_stale_tmp(const char *path, const char *marker);
/* 1 if s[0..n) is valid UTF-8 as JSON wants it (no overlong forms, surrogates or code points
 * beyond U+10FFFF); else 0 with *bad (may be NULL) set to the offset of the first bad byte. */
int salle__utf8_valid(const char *s, size_t n, size_t *bad);

/* snprintf(out, n, fmt, s) and snprintf(out, n, fmt, v) for a format whose one directive is %s,
 * or %zu, besides %% (the descriptions a parse words for every item it reads, "session \"%s\"",
 * in case an error must name it), without printf's machinery; any other format goes to
 * snprintf. They return out. */
char *salle__fmt_str(char *out, size_t n, const char *fmt, const char *s);
char *salle__fmt_num(char *out, size_t n, const char *fmt, size_t v);

/* 1 if s is a UUID in the 8-4-4-4-12 hex form. */
int salle__is_uuid(const char *s);
/* A name-based UUID (version 5 layout over a 64-bit FNV mix, deterministic) from the event name and
 * a session id, so that a session keeps its guid across versions without one being written down.
 * Caller frees. */
char *salle__uuid_for(const char *event, const char *id);

/* ---- import (src/import*.c) ----
 * salle_import from memory: buf holds len bytes of the file called name (used in messages); the
 * other arguments and the result are those of salle_import. The fuzz targets call these so that
 * no file is involved. salle__import_mem recognises the format; the others read one format. */
int salle__import_mem(const char *buf, size_t len, const char *name, salle_warn_fn warn, void *ctx,
                      char **instance_json, char **schedule_json, salle_diag *err);
int salle__import_frab_mem(const char *buf, size_t len, const char *name, salle_warn_fn warn,
                           void *ctx, char **instance_json, char **schedule_json, salle_diag *err);
int salle__import_json_mem(const char *buf, size_t len, const char *name, salle_warn_fn warn,
                           void *ctx, char **instance_json, char **schedule_json, salle_diag *err);
int salle__import_csv_mem(const char *buf, size_t len, const char *name, salle_warn_fn warn,
                          void *ctx, char **instance_json, char **schedule_json, salle_diag *err);
/* 1 if buf is a CSV talks sheet (docs/csv.md "Talks"), which has no placement: the server, which
 * plans sessions, says so instead of the importer's refusal of --schedule. */
int salle__csv_mem_is_talks(const char *buf, size_t len, const char *name);
/* The same with options (salle_import_with; opt may be NULL). */
int salle__import_mem_with(const char *buf, size_t len, const char *name,
                           const salle_import_options *opt, salle_warn_fn warn, void *ctx,
                           char **instance_json, char **schedule_json, salle_diag *err);
int salle__import_csv_mem_with(const char *buf, size_t len, const char *name,
                               const salle_import_options *opt, salle_warn_fn warn, void *ctx,
                               char **instance_json, char **schedule_json, salle_diag *err);

#endif
