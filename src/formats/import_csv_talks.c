/*
 * import_csv_talks.c: the talks sheet of a CSV file (docs/csv.md "Talks"): an academic
 * conference's papers, kept by a programme chair in one spreadsheet, into the native instance's
 * talk keys (docs/format.md "Talks").
 *
 * A spreadsheet program saves one sheet as one CSV file, so the sheet holds three small tables
 * one under the other, each under its own header row: the session blocks (header starting with
 * "block"), optionally the tracks (header starting with "track": chairs, penalties, similar
 * tracks) and the talks (a header naming "presenters" or "slots"). Facts above the first table
 * (event, timezone, rooms, the presenters' hours, weights) say what no row can. Rows were read
 * by libcsv in import_csv.c; this file only interprets cells.
 *
 * Unlike a sessions sheet, every cell it cannot read stops the import (--lenient does not apply):
 * a dropped talk or penalty would silently change the objective the chair is optimising. The
 * output is canonical (zero penalties, default weights and a talk's time zone equal to the
 * event's are left out; a similar pair is written once, on the earlier track), so that
 * import -> salle export csv -> import gives the same instance.
 *
 * Its messages are worded in the diag's language (salle_diag.lang), warnings too: the formats
 * given to bad(), fact_err() and twarn() are msgids (po/README.md), and so are those given to
 * salle__diag (marked N_). A table's kind is never a word spliced into a sentence: each kind has
 * its own sentence.
 */
#include "formats/import.h"
#include "base/tr.h"
#include "model/talks.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum table { T_NONE, T_BLOCKS, T_TRACKS, T_TALKS };

/* Columns of each table; the first name is the one salle writes, the others aliases. */
enum tcol {
    B_ID, B_DAY, B_START, B_END, B_SLOTS, B_ROOM_PEN,
    R_ID, R_NAME, R_CHAIRS, R_BLOCK_PEN, R_ROOM_PEN, R_SIMILAR,
    K_ID, K_TITLE, K_TRACK, K_ORDER, K_SLOTS, K_PRESENTERS, K_ATTENDEES, K_TIMEZONE, K_BLOCK_PEN,
    K_ROOM_PEN, K_ABSTRACT,
    TC_COUNT
};

static const struct {
    enum table t;
    const char *names[4];
} tcols[TC_COUNT] = {
    [B_ID] = {T_BLOCKS, {"block", "block_id"}},
    [B_DAY] = {T_BLOCKS, {"day", "date"}},
    [B_START] = {T_BLOCKS, {"start", "begin"}},
    [B_END] = {T_BLOCKS, {"end", "until", "finish"}},
    [B_SLOTS] = {T_BLOCKS, {"slots", "time_slots"}},
    [B_ROOM_PEN] = {T_BLOCKS, {"room_penalties", "avoid_rooms"}},
    [R_ID] = {T_TRACKS, {"track", "track_id"}},
    [R_NAME] = {T_TRACKS, {"name", "track_name"}},
    [R_CHAIRS] = {T_TRACKS, {"chairs", "chair", "track_chairs"}},
    [R_BLOCK_PEN] = {T_TRACKS, {"block_penalties", "avoid_blocks"}},
    [R_ROOM_PEN] = {T_TRACKS, {"room_penalties", "avoid_rooms"}},
    [R_SIMILAR] = {T_TRACKS, {"similar_tracks", "similar", "not_in_parallel_with"}},
    [K_ID] = {T_TALKS, {"id", "paper", "paper_id", "code"}},
    [K_TITLE] = {T_TALKS, {"title", "name"}},
    [K_TRACK] = {T_TALKS, {"track"}},
    [K_ORDER] = {T_TALKS, {"order", "position"}},
    [K_SLOTS] = {T_TALKS, {"slots", "time_slots"}},
    [K_PRESENTERS] = {T_TALKS, {"presenters", "presenter"}}, /* not "speakers": a sessions column */
    [K_ATTENDEES] = {T_TALKS, {"attendees", "audience"}},
    [K_TIMEZONE] = {T_TALKS, {"timezone", "time_zone", "tz"}},
    [K_BLOCK_PEN] = {T_TALKS, {"block_penalties", "avoid_blocks"}},
    [K_ROOM_PEN] = {T_TALKS, {"room_penalties", "avoid_rooms"}},
    [K_ABSTRACT] = {T_TALKS, {"abstract", "description"}},
};

/* The facts above the first table. */
enum fact { F_EVENT, F_TIMEZONE, F_ROOMS, F_SUITABLE, F_LESS, F_PENALTIES, F_WEIGHTS, F_COUNT };
static const char *const fact_names[F_COUNT][3] = {
    [F_EVENT] = {"event", "conference"},
    [F_TIMEZONE] = {"timezone", "time_zone", "tz"},
    [F_ROOMS] = {"rooms"},
    [F_SUITABLE] = {"suitable_hours"},
    [F_LESS] = {"less_suitable_hours"},
    [F_PENALTIES] = {"hour_penalties"},
    [F_WEIGHTS] = {"weights", "talk_weights"},
};

typedef struct tbl {
    int head;          /* row index of the header, or -1 */
    int end;           /* one past its last row */
    int col[TC_COUNT]; /* field index, or -1 */
} tbl;

typedef struct trd {
    const salle__csv_sheet *sh;
    int *rowno;        /* per record: its row in the spreadsheet, blank lines counted */
    salle_diag *err;
    tbl t[4];
    json_t *rooms, *people, *blocks, *tracks, *talks; /* arrays, in sheet order */
    json_t *room_ix, *person_ix, *block_ix, *track_ix, *talk_ix; /* id -> index; names too */
    json_t *room_name_ix, *track_name_ix;
    char *tz;
    long *similar; /* ntracks x ntracks, -1: not given */
    int *sim_row;
    int nsim;
} trd;

static int find_tcol(enum table t, const char *name)
{
    for (int k = 0; name && k < TC_COUNT; k++)
        for (int a = 0; tcols[k].t == t && a < 4 && tcols[k].names[a]; a++)
            if (strcmp(name, tcols[k].names[a]) == 0)
                return k;
    return -1;
}

static int is_blank(const salle__csv_row *r)
{
    for (int k = 0; k < r->n; k++)
        for (const char *p = r->f[k]; *p; p++)
            if (!isspace((unsigned char)*p))
                return 0;
    return 1;
}

/* Which table a row is the header of, or T_NONE. */
static enum table header_of(const salle__csv_row *r)
{
    if (r->n < 2)
        return T_NONE;
    char *first = salle__imp_norm_name(r->f[0]);
    enum table t = T_NONE;
    if (first && find_tcol(T_BLOCKS, first) == B_ID)
        t = T_BLOCKS;
    for (int k = 0; t == T_NONE && k < r->n; k++) {
        char *c = salle__imp_norm_name(r->f[k]);
        int tc = find_tcol(T_TALKS, c);
        if (tc == K_PRESENTERS || tc == K_SLOTS)
            t = T_TALKS;
        free(c);
    }
    if (t == T_NONE && first && find_tcol(T_TRACKS, first) == R_ID)
        t = T_TRACKS;
    free(first);
    return t;
}

/* Only the first rows are looked at: the block table, which a talks sheet must have, comes right
 * after the few facts, and a long sessions sheet costs nothing more to read. */
int salle__csv_is_talks(const salle__csv_sheet *sh)
{
    for (int i = 0; i < sh->nrows && i < 32; i++) {
        enum table t = header_of(&sh->rows[i]);
        if (t == T_BLOCKS || t == T_TALKS)
            return 1;
    }
    return 0;
}

/* ---------------------------------------------------------------- errors */

static int col_of(const trd *r, const salle__csv_row *row, int k)
{
    return r->sh->field_col ? r->sh->field_col(r->sh->col_ctx, row->line, k) : 0;
}

/* An error at the cell of column c in row i: "row R, column K (name): ...". Returns -1. */
static int bad(trd *r, enum table t, int i, enum tcol c, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int bad(trd *r, enum table t, int i, enum tcol c, const char *fmt, ...)
{
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, salle__diag_tr(r->err, fmt), ap);
    va_end(ap);
    const salle__csv_row *row = &r->sh->rows[i];
    int k = r->t[t].col[c];
    const salle__csv_row *head = &r->sh->rows[r->t[t].head];
    char *cname = k < head->n ? salle__imp_trim(head->f[k]) : NULL; /* as the chair wrote it */
    salle__diag(r->err, r->sh->name, row->line, col_of(r, row, k), N_("row %d, column %d (%.60s): %s"),
                r->rowno[i], k + 1, cname ? cname : tcols[c].names[0], msg);
    free(cname);
    return -1;
}

static void twarn(trd *r, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void twarn(trd *r, int line, const char *fmt, ...)
{
    if (!r->sh->warn)
        return;
    salle_diag w = {0};
    memset(&w, 0, sizeof w);
    snprintf(w.file, sizeof w.file, "%s", r->sh->name);
    w.line = line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w.msg, sizeof w.msg, salle__diag_tr(r->err, fmt), ap);
    va_end(ap);
    if (salle__diag_lang(r->err))
        snprintf(w.lang, sizeof w.lang, "%s", salle__diag_lang(r->err));
    r->sh->warn(r->sh->warn_ctx, &w);
}

/* ---------------------------------------------------------------- cells */

/* A trimmed copy of column c of row i (the formula guard "'=" dropped); NULL when blank. */
static char *get(const trd *r, enum table t, int i, enum tcol c)
{
    int k = r->t[t].col[c];
    const salle__csv_row *row = &r->sh->rows[i];
    char *v = k >= 0 && k < row->n ? salle__imp_trim(row->f[k]) : NULL;
    if (v && v[0] == '\'' && v[1] && strchr("=+-@\t\r", v[1]))
        memmove(v, v + 1, strlen(v));
    return v;
}

/* A whole number in [lo, hi]; -1 when s is not one. */
static int whole(const char *s, long lo, long hi, long *out)
{
    if (!s || !*s)
        return -1;
    for (const char *p = s; *p; p++)
        if (!isdigit((unsigned char)*p))
            return -1;
    if (strlen(s) > 10)
        return -1;
    long v = strtol(s, NULL, 10);
    if (v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

/* Items of a list cell, trimmed; empty items kept as "" so that "Ana;;Bo" can be refused. Returns
 * a new array of strings (json), or NULL for a blank cell. */
static json_t *items(const trd *r, const char *cell)
{
    if (!cell)
        return NULL;
    json_t *a = json_array();
    const char *p = cell;
    for (;;) {
        const char *e = strchr(p, r->sh->list_sep);
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *raw = salle__xmalloc(n + 1);
        memcpy(raw, p, n);
        raw[n] = 0;
        char *t = salle__imp_trim(raw);
        json_array_append_new(a, json_string(t ? t : ""));
        free(raw);
        free(t);
        if (!e)
            break;
        p = e + 1;
    }
    return a;
}

/* "Name [id]": the name and the id in brackets (NULL when none). -1 when the brackets do not
 * pair up or a part is empty. */
static int name_id(const char *item, char **name, char **id)
{
    *name = *id = NULL;
    const char *open = strchr(item, '['), *close = strchr(item, ']');
    size_t n = strlen(item);
    if (!open && !close) {
        *name = salle__imp_trim(item);
        return *name ? 0 : -1;
    }
    if (!open || !close || close != item + n - 1 || close < open || strchr(open + 1, '[') ||
        open == item)
        return -1;
    char *nm = salle__xmalloc((size_t)(open - item) + 1);
    memcpy(nm, item, (size_t)(open - item));
    nm[open - item] = 0;
    char *ib = salle__xmalloc((size_t)(close - open));
    memcpy(ib, open + 1, (size_t)(close - open - 1));
    ib[close - open - 1] = 0;
    *name = salle__imp_trim(nm);
    *id = salle__imp_trim(ib);
    free(nm);
    free(ib);
    if (!*name || !*id) {
        free(*name);
        free(*id);
        *name = *id = NULL;
        return -1;
    }
    return 0;
}

/* "Name (N)": the name, and N (a whole number >= 0) in *n; -1 when malformed. */
static int name_num(const char *item, char **name, long *n)
{
    *name = NULL;
    size_t len = strlen(item);
    const char *open = strrchr(item, '(');
    if (!len || item[len - 1] != ')' || !open || open == item)
        return -1;
    char *num = salle__xmalloc(len);
    memcpy(num, open + 1, (size_t)(item + len - 1 - open - 1));
    num[item + len - 1 - open - 1] = 0;
    char *tn = salle__imp_trim(num);
    free(num);
    int ok = whole(tn, 0, 1000000000L, n);
    free(tn);
    if (ok < 0)
        return -1;
    char *nm = salle__xmalloc((size_t)(open - item) + 1);
    memcpy(nm, item, (size_t)(open - item));
    nm[open - item] = 0;
    *name = salle__imp_trim(nm);
    free(nm);
    return *name ? 0 : -1;
}

static int ix(const json_t *map, const char *key)
{
    json_t *v = key ? json_object_get(map, key) : NULL;
    return v ? (int)json_integer_value(v) : -1;
}

/* A person named in a list cell: interned by id, "p-" plus a slug of the name unless "[id]".
 * Returns the person's index. */
static int person(trd *r, const char *name, const char *id)
{
    char *pid = id ? salle__xstrdup(id) : salle__imp_slug("p-", name);
    int p = ix(r->person_ix, pid);
    if (p < 0) {
        p = (int)json_array_size(r->people);
        json_array_append_new(r->people, json_pack("{s:s, s:s}", "id", pid, "name", name));
        json_object_set_new(r->person_ix, pid, json_integer(p));
    }
    free(pid);
    return p;
}

static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* A list of people (presenters, attendees, chairs) into an array of person ids, or NULL when
 * the cell is blank. -1 on a list that does not parse. */
static int people(trd *r, enum table t, int i, enum tcol c, json_t **out)
{
    *out = NULL;
    char *v = get(r, t, i, c);
    json_t *it = items(r, v);
    free(v);
    if (!it)
        return 0;
    /* in the order people were first named in the sheet, as salle's model keeps them, so that
     * a sheet salle exported is read back into the same lists */
    int *pix = salle__xmalloc(json_array_size(it) * sizeof *pix), np = 0;
    size_t k;
    json_t *x;
    json_array_foreach(it, k, x) {
        char *name, *id;
        const char *s = json_string_value(x);
        if (name_id(s, &name, &id) < 0) {
            bad(r, t, i, c,
                "\"%.80s\" is not a name, or a name with its id in brackets (\"Ana Lima [ana]\"); names are separated by \"%c\"",
                s, r->sh->list_sep);
            json_decref(it);
            free(pix);
            return -1;
        }
        pix[np++] = person(r, name, id);
        free(name);
        free(id);
    }
    json_decref(it);
    qsort(pix, (size_t)np, sizeof *pix, by_int);
    json_t *ids = json_array();
    for (int q = 0; q < np; q++)
        if (q == 0 || pix[q] != pix[q - 1])
            json_array_append(ids, json_object_get(json_array_get(r->people, (size_t)pix[q]), "id"));
    free(pix);
    *out = ids;
    return 0;
}

/* What a penalty list names, for its messages: one sentence per kind. */
enum pen_kind { PEN_ROOM, PEN_BLOCK };
static const char *const pen_not_pair[] = {
    N_("\"%.80s\" is not a room with its penalty in brackets, such as \"Room B (4)\""),
    N_("\"%.80s\" is not a block with its penalty in brackets, such as \"Wed2 (4)\"")};
static const char *const pen_unknown[] = {N_("unknown room \"%.80s\"; expected one of the rooms line"),
                                          N_("unknown block \"%.80s\"; expected one of the block table")};
static const char *const pen_twice[] = {N_("room \"%.80s\" is given twice"), N_("block \"%.80s\" is given twice")};

/* A penalty list "Name (N); ..." naming ids (or names) in map into {id: N}; zeros left out.
 * *out is NULL when nothing remains. */
static int penalties(trd *r, enum table t, int i, enum tcol c, const json_t *map,
                     const json_t *names, const json_t *objs, enum pen_kind what, json_t **out)
{
    *out = NULL;
    char *v = get(r, t, i, c);
    json_t *it = items(r, v);
    free(v);
    if (!it)
        return 0;
    json_t *o = json_object();
    size_t k;
    json_t *x;
    int rc = 0;
    json_array_foreach(it, k, x) {
        const char *s = json_string_value(x);
        char *name;
        long n;
        if (name_num(s, &name, &n) < 0) {
            rc = bad(r, t, i, c, pen_not_pair[what], s);
            break;
        }
        int q = ix(map, name);
        if (q < 0 && names)
            q = ix(names, name);
        if (q < 0) {
            rc = bad(r, t, i, c, pen_unknown[what], name);
            free(name);
            break;
        }
        const char *id = json_string_value(json_object_get(json_array_get(objs, (size_t)q), "id"));
        if (json_object_get(o, id)) {
            rc = bad(r, t, i, c, pen_twice[what], name);
            free(name);
            break;
        }
        free(name);
        if (n > 0)
            json_object_set_new(o, id, json_integer(n));
    }
    json_decref(it);
    if (rc < 0 || json_object_size(o) == 0) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return 0;
}

/* ---------------------------------------------------------------- facts */

static int fact_of(const salle__csv_row *row, const char **value, int *vk)
{
    if (row->n < 1)
        return -1;
    char *key = salle__xstrdup(row->f[0]);
    const char *inl = NULL;
    char *colon = strchr(key, ':');
    if (colon) {
        *colon = 0;
        inl = row->f[0] + (colon - key) + 1;
    }
    char *t = salle__imp_norm_name(key);
    free(key);
    int found = -1;
    for (int f = 0; t && f < F_COUNT; f++)
        for (int a = 0; a < 3 && fact_names[f][a]; a++)
            if (strcmp(t, fact_names[f][a]) == 0)
                found = f;
    free(t);
    if (found < 0)
        return -1;
    char *ti = salle__imp_trim(inl);
    *vk = ti ? 0 : 1;
    *value = ti ? inl : row->n > 1 ? row->f[1] : "";
    free(ti);
    return found;
}

/* "HH:MM-HH:MM" into minutes of the day; -1 when malformed or not increasing. */
static int hours(const char *s, int *a, int *b)
{
    char *t = salle__imp_trim(s);
    char *dash = t ? strchr(t, '-') : NULL;
    int rc = -1;
    if (dash) {
        *dash = 0;
        char *x = salle__imp_trim(t), *y = salle__imp_trim(dash + 1);
        *a = x ? salle__parse_clock(x) : -1;
        *b = y ? salle__parse_clock(y) : -1;
        rc = *a >= 0 && *b > *a ? 0 : -1;
        free(x);
        free(y);
    }
    free(t);
    return rc;
}

static char *hhmm(int m, char out[16])
{
    snprintf(out, 16, "%02d:%02d", m / 60, m % 60);
    return out;
}

static int fact_err(trd *r, int i, int vk, const char *fmt, const char *v)
    __attribute__((format(printf, 4, 0)));
static int fact_err(trd *r, int i, int vk, const char *fmt, const char *v)
{
    char msg[600];
    snprintf(msg, sizeof msg, salle__diag_tr(r->err, fmt), v);
    const salle__csv_row *row = &r->sh->rows[i];
    return salle__diag(r->err, r->sh->name, row->line, col_of(r, row, vk), N_("row %d, column %d: %s"),
                       r->rowno[i], vk + 1, msg);
}

static int read_facts(trd *r, int first, json_t *event, json_t *hrs, json_t *weights)
{
    int sa = 9 * 60 + 30, sb = 21 * 60 + 30, la = 7 * 60, lb = 23 * 60;
    long small = 1, big = 10;
    for (int i = 0; i < first; i++) {
        const salle__csv_row *row = &r->sh->rows[i];
        const char *v;
        int vk;
        if (is_blank(row))
            continue;
        int f = fact_of(row, &v, &vk);
        if (f < 0)
            return salle__diag(r->err, r->sh->name, row->line, 1,
                               N_("row %d: \"%.60s\" is neither a fact (event, timezone, rooms, suitable hours, less suitable hours, hour penalties, weights) nor a table's header row (block, track, or talks with presenters)"),
                               r->rowno[i], row->n ? row->f[0] : "");
        char *t = salle__imp_trim(v);
        if (f == F_EVENT && t && !json_object_get(event, "name")) {
            json_object_set_new(event, "name", json_string(t));
        } else if (f == F_TIMEZONE && t) {
            int ok;
            salle__tz_offset(t, 0, &ok);
            if (!ok) {
                fact_err(r, i, vk, "\"%.60s\" is not a time zone such as \"Europe/Paris\"", t);
                free(t);
                return -1;
            }
            free(r->tz);
            r->tz = salle__xstrdup(t);
        } else if (f == F_ROOMS && t) {
            json_t *it = items(r, t);
            size_t k;
            json_t *x;
            json_array_foreach(it, k, x) {
                const char *s = json_string_value(x);
                char *nm = NULL, *name, *id;
                long cap = -1;
                char *rest = salle__xstrdup(s);
                if (name_num(s, &nm, &cap) == 0) {
                    free(rest);
                    rest = nm;
                } else if (strchr(s, '(')) {
                    free(rest);
                    json_decref(it);
                    fact_err(r, i, vk, "\"%.80s\" is not a room with its seats in brackets, such as \"Room A (120)\"", s);
                    free(t);
                    return -1;
                }
                if (name_id(rest, &name, &id) < 0) {
                    free(rest);
                    json_decref(it);
                    fact_err(r, i, vk, "\"%.80s\" is not a room name, or a name with its id in brackets (\"Room A [A]\")", s);
                    free(t);
                    return -1;
                }
                free(rest);
                const char *rid = id ? id : name;
                if (ix(r->room_ix, rid) >= 0) {
                    fact_err(r, i, vk, "room \"%.80s\" is listed twice", rid);
                    free(name);
                    free(id);
                    json_decref(it);
                    free(t);
                    return -1;
                }
                json_t *o = json_pack("{s:s}", "id", rid);
                if (strcmp(rid, name) != 0)
                    json_object_set_new(o, "name", json_string(name));
                json_object_set_new(o, "capacity", cap >= 0 ? json_integer(cap) : json_null());
                json_object_set_new(r->room_ix, rid, json_integer((long)json_array_size(r->rooms)));
                json_object_set_new(r->room_name_ix, name, json_integer((long)json_array_size(r->rooms)));
                json_array_append_new(r->rooms, o);
                free(name);
                free(id);
            }
            json_decref(it);
        } else if ((f == F_SUITABLE || f == F_LESS) && t) {
            int a, b;
            if (hours(t, &a, &b) < 0) {
                fact_err(r, i, vk, "\"%.60s\" is not local hours such as \"09:30-21:30\"", t);
                free(t);
                return -1;
            }
            if (f == F_SUITABLE)
                sa = a, sb = b;
            else
                la = a, lb = b;
        } else if (f == F_PENALTIES && t) {
            json_t *it = items(r, t);
            long a, b;
            int ok = json_array_size(it) == 2 &&
                     whole(json_string_value(json_array_get(it, 0)), 0, 1000000000L, &a) == 0 &&
                     whole(json_string_value(json_array_get(it, 1)), 0, 1000000000L, &b) == 0;
            json_decref(it);
            if (!ok) {
                fact_err(r, i, vk, "\"%.60s\" is not two whole numbers, the penalty of a slot in less suitable hours and outside them, such as \"1; 10\"", t);
                free(t);
                return -1;
            }
            small = a, big = b;
        } else if (f == F_WEIGHTS && t) {
            json_t *it = items(r, t);
            size_t k;
            json_t *x;
            json_array_foreach(it, k, x) {
                char *g;
                long w;
                int known = -1;
                if (name_num(json_string_value(x), &g, &w) == 0) {
                    char *ng = salle__imp_norm_name(g);
                    for (int q = 0; q < SALLE_TALK_GOAL_COUNT; q++)
                        if (strcmp(ng, salle_talk_goal_name(q)) == 0)
                            known = q;
                    free(ng);
                    free(g);
                }
                if (known < 0) {
                    fact_err(r, i, vk, "\"%.80s\" is not a goal of docs/scoring.md \"Talks\" with its weight in brackets, such as \"talk_order (5)\"",
                             json_string_value(x));
                    json_decref(it);
                    free(t);
                    return -1;
                }
                if (w != salle__talk_goal_default(known))
                    json_object_set_new(weights, salle_talk_goal_name(known), json_integer(w));
            }
            json_decref(it);
        }
        free(t);
    }
    if (lb < la || sa < la || sb > lb)
        twarn(r, 0, "the suitable hours are not inside the less suitable ones");
    char x[16], y[16];
    json_object_set_new(hrs, "suitable", json_pack("{s:s, s:s}", "start", hhmm(sa, x), "end", hhmm(sb, y)));
    json_object_set_new(hrs, "less_suitable", json_pack("{s:s, s:s}", "start", hhmm(la, x), "end", hhmm(lb, y)));
    json_object_set_new(hrs, "small_penalty", json_integer(small));
    json_object_set_new(hrs, "big_penalty", json_integer(big));
    return 0;
}

/* ---------------------------------------------------------------- tables */

static int read_header(trd *r, enum table t, int h)
{
    const salle__csv_row *row = &r->sh->rows[h];
    tbl *b = &r->t[t];
    static const char *const second[] = {
        "", N_("row %d: a second block table (the first has its header on row %d); one sheet holds one table of each"),
        N_("row %d: a second track table (the first has its header on row %d); one sheet holds one table of each"),
        N_("row %d: a second talk table (the first has its header on row %d); one sheet holds one table of each")};
    static const char *const not_col[] = {
        "", N_("row %d, column %d: \"%.60s\" is not a column of a block table; ignored"),
        N_("row %d, column %d: \"%.60s\" is not a column of a track table; ignored"),
        N_("row %d, column %d: \"%.60s\" is not a column of a talk table; ignored")};
    if (b->head >= 0)
        return salle__diag(r->err, r->sh->name, row->line, 1, second[t], r->rowno[h], r->rowno[b->head]);
    b->head = h;
    for (int k = 0; k < TC_COUNT; k++)
        b->col[k] = -1;
    for (int k = 0; k < row->n; k++) {
        char *n = salle__imp_norm_name(row->f[k]);
        int c = find_tcol(t, n);
        if (c >= 0 && b->col[c] < 0)
            b->col[c] = k;
        else if (n)
            twarn(r, row->line, not_col[t], r->rowno[h], k + 1, row->f[k]);
        free(n);
    }
    static const enum tcol need_b[] = {B_ID, B_DAY, B_START, B_END, B_SLOTS};
    static const enum tcol need_k[] = {K_ID, K_TRACK};
    const enum tcol *need = t == T_BLOCKS ? need_b : t == T_TALKS ? need_k : NULL;
    int nneed = t == T_BLOCKS ? 5 : t == T_TALKS ? 2 : 0;
    for (int q = 0; q < nneed; q++)
        if (b->col[need[q]] < 0)
            return salle__diag(r->err, r->sh->name, row->line, 1,
                               t == T_BLOCKS ? N_("row %d: the block table has no \"%s\" column")
                                             : N_("row %d: the talk table has no \"%s\" column"),
                               r->rowno[h], tcols[need[q]].names[0]);
    return 0;
}

static int read_blocks(trd *r)
{
    const tbl *b = &r->t[T_BLOCKS];
    int prev_end = INT_MIN, prev = -1;
    for (int i = b->head + 1; i < b->end; i++) {
        if (is_blank(&r->sh->rows[i]))
            continue;
        char *id = get(r, T_BLOCKS, i, B_ID), *day = get(r, T_BLOCKS, i, B_DAY);
        char *st = get(r, T_BLOCKS, i, B_START), *en = get(r, T_BLOCKS, i, B_END);
        char *sl = get(r, T_BLOCKS, i, B_SLOTS);
        int rc = 0, d = day ? salle__parse_date(day) : INT_MIN;
        int s = st ? salle__parse_clock(st) : -1, e = en ? salle__parse_clock(en) : -1;
        long slots = 0;
        if (!id)
            rc = bad(r, T_BLOCKS, i, B_ID, "a block needs an id, such as \"Wed1\"");
        else if (ix(r->block_ix, id) >= 0)
            rc = bad(r, T_BLOCKS, i, B_ID, "block \"%.60s\" is listed twice", id);
        else if (d == INT_MIN)
            rc = bad(r, T_BLOCKS, i, B_DAY, "\"%.40s\" is not a date such as 2026-06-17", day ? day : "");
        else if (s < 0)
            rc = bad(r, T_BLOCKS, i, B_START, "\"%.40s\" is not a time of day such as 10:00", st ? st : "");
        else if (e < 0)
            rc = bad(r, T_BLOCKS, i, B_END, "\"%.40s\" is not a time of day such as 11:00", en ? en : "");
        else if (e <= s)
            rc = bad(r, T_BLOCKS, i, B_END, "the block ends at %s, not after its start %s", en, st);
        else if (whole(sl, 1, 10000, &slots) < 0)
            rc = bad(r, T_BLOCKS, i, B_SLOTS, "\"%.40s\" is not a number of time slots, a whole number from 1", sl ? sl : "");
        else if ((long long)d * 1440 + s < prev_end)
            rc = bad(r, T_BLOCKS, i, B_START, "the block starts before the block above it (row %d) ends; list blocks in time order, without overlaps", r->rowno[prev]);
        json_t *pen = NULL;
        if (rc == 0)
            rc = penalties(r, T_BLOCKS, i, B_ROOM_PEN, r->room_ix, r->room_name_ix, r->rooms, PEN_ROOM, &pen);
        if (rc == 0) {
            json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:i}", "id", id, "day", day, "start", st,
                                  "end", en, "slots", (int)slots);
            char x[16];
            json_object_set_new(o, "start", json_string(hhmm(s, x)));
            json_object_set_new(o, "end", json_string(hhmm(e, x)));
            if (pen)
                json_object_set_new(o, "room_penalties", pen);
            json_object_set_new(r->block_ix, id, json_integer((long)json_array_size(r->blocks)));
            json_array_append_new(r->blocks, o);
            prev_end = (int)((long long)d * 1440 + e);
            prev = i;
        }
        free(id), free(day), free(st), free(en), free(sl);
        if (rc < 0)
            return -1;
    }
    if (json_array_size(r->blocks) == 0)
        return salle__diag(r->err, r->sh->name, r->sh->rows[b->head].line, 1,
                           N_("row %d: the block table has no blocks"), r->rowno[b->head]);
    return 0;
}

static void add_track(trd *r, const char *id, const char *name)
{
    json_t *o = json_pack("{s:s}", "id", id);
    if (name && strcmp(name, id) != 0) {
        json_object_set_new(o, "name", json_string(name));
        json_object_set_new(r->track_name_ix, name, json_integer((long)json_array_size(r->tracks)));
    }
    json_object_set_new(r->track_ix, id, json_integer((long)json_array_size(r->tracks)));
    json_array_append_new(r->tracks, o);
}

static int read_tracks(trd *r)
{
    const tbl *b = &r->t[T_TRACKS];
    for (int i = b->head + 1; i < b->end; i++) {
        if (is_blank(&r->sh->rows[i]))
            continue;
        char *id = get(r, T_TRACKS, i, R_ID), *name = get(r, T_TRACKS, i, R_NAME);
        int rc = 0;
        if (!id)
            rc = bad(r, T_TRACKS, i, R_ID, "a track needs an id, such as \"ML\"");
        else if (ix(r->track_ix, id) >= 0)
            rc = bad(r, T_TRACKS, i, R_ID, "track \"%.60s\" is listed twice", id);
        if (rc == 0)
            add_track(r, id, name);
        free(id);
        free(name);
        if (rc < 0)
            return -1;
    }
    /* then what may name other tracks */
    int n = (int)json_array_size(r->tracks);
    r->similar = salle__xmalloc((size_t)(n ? n : 1) * (size_t)(n ? n : 1) * sizeof *r->similar);
    r->sim_row = salle__xcalloc((size_t)(n ? n : 1) * (size_t)(n ? n : 1), sizeof *r->sim_row);
    for (int q = 0; q < n * n; q++)
        r->similar[q] = -1;
    r->nsim = n;
    int j = 0;
    for (int i = b->head + 1; i < b->end; i++) {
        if (is_blank(&r->sh->rows[i]))
            continue;
        json_t *o = json_array_get(r->tracks, (size_t)j);
        json_t *ch, *bp, *rp;
        if (people(r, T_TRACKS, i, R_CHAIRS, &ch) < 0)
            return -1;
        if (ch)
            json_object_set_new(o, "chairs", ch);
        if (penalties(r, T_TRACKS, i, R_BLOCK_PEN, r->block_ix, NULL, r->blocks, PEN_BLOCK, &bp) < 0)
            return -1;
        if (bp)
            json_object_set_new(o, "block_penalties", bp);
        if (penalties(r, T_TRACKS, i, R_ROOM_PEN, r->room_ix, r->room_name_ix, r->rooms, PEN_ROOM, &rp) < 0)
            return -1;
        if (rp)
            json_object_set_new(o, "room_penalties", rp);
        /* similar tracks: a 0 is kept here, to compare both sides; left out when written */
        char *v = get(r, T_TRACKS, i, R_SIMILAR);
        json_t *it = items(r, v);
        free(v);
        size_t k;
        json_t *x;
        json_array_foreach(it, k, x) {
            char *nm;
            long w;
            int q = -1;
            if (name_num(json_string_value(x), &nm, &w) < 0) {
                bad(r, T_TRACKS, i, R_SIMILAR, "\"%.80s\" is not a track with its penalty in brackets, such as \"NLP (1)\"",
                    json_string_value(x));
                json_decref(it);
                return -1;
            }
            q = ix(r->track_ix, nm);
            if (q < 0)
                q = ix(r->track_name_ix, nm);
            if (q < 0 || q == j) {
                bad(r, T_TRACKS, i, R_SIMILAR, q < 0 ? N_("unknown track \"%.80s\"; expected one of the track table")
                                                   : N_("track \"%.80s\" is the row's own track"), nm);
                free(nm);
                json_decref(it);
                return -1;
            }
            free(nm);
            long *a = &r->similar[j * n + q], *c = &r->similar[q * n + j];
            if ((*a >= 0 && *a != w) || (*c >= 0 && *c != w)) {
                bad(r, T_TRACKS, i, R_SIMILAR, "the penalty of \"%.80s\" with this track is %ld here and %ld on row %d; give one value",
                    json_string_value(x), w, *a >= 0 ? *a : *c, r->rowno[r->sim_row[q * n + j]]);
                json_decref(it);
                return -1;
            }
            *a = *c = w;
            r->sim_row[j * n + q] = i;
        }
        json_decref(it);
        j++;
    }
    return 0;
}

static int read_talks(trd *r)
{
    const tbl *b = &r->t[T_TALKS];
    int own_tracks = r->t[T_TRACKS].head < 0; /* no track table: tracks as the talks name them */
    json_t *orders = json_object(); /* "track\norder" -> row */
    int rc = 0;
    for (int i = b->head + 1; rc == 0 && i < b->end; i++) {
        if (is_blank(&r->sh->rows[i]))
            continue;
        char *id = get(r, T_TALKS, i, K_ID), *tr = get(r, T_TALKS, i, K_TRACK);
        char *sl = get(r, T_TALKS, i, K_SLOTS), *or = get(r, T_TALKS, i, K_ORDER);
        char *tz = get(r, T_TALKS, i, K_TIMEZONE);
        long slots = 1, order = 0;
        int t = -1;
        if (!id)
            rc = bad(r, T_TALKS, i, K_ID, "a talk needs an id, such as \"ML-1\"");
        else if (ix(r->talk_ix, id) >= 0)
            rc = bad(r, T_TALKS, i, K_ID, "talk \"%.60s\" is listed twice (first on row %d)", id,
                     r->rowno[ix(r->talk_ix, id)]);
        else if (!tr)
            rc = bad(r, T_TALKS, i, K_TRACK, "a talk needs a track");
        if (rc == 0) {
            t = ix(r->track_ix, tr);
            if (t < 0)
                t = ix(r->track_name_ix, tr);
            if (t < 0 && own_tracks) {
                add_track(r, tr, NULL);
                t = ix(r->track_ix, tr);
            }
            if (t < 0)
                rc = bad(r, T_TALKS, i, K_TRACK, "unknown track \"%.60s\"; expected one of the track table", tr);
        }
        if (rc == 0 && sl && whole(sl, 1, 10000, &slots) < 0)
            rc = bad(r, T_TALKS, i, K_SLOTS, "\"%.40s\" is not a number of time slots, a whole number from 1", sl);
        if (rc == 0 && or && whole(or, 0, 1000000, &order) < 0)
            rc = bad(r, T_TALKS, i, K_ORDER, "\"%.40s\" is not a position in the track, a whole number from 1 (blank or 0: anywhere)", or);
        const char *tid = t >= 0 ? json_string_value(json_object_get(json_array_get(r->tracks, (size_t)t), "id")) : NULL;
        if (rc == 0 && order > 0) {
            char key[64];
            snprintf(key, sizeof key, "%d\n%ld", t, order);
            int prev = ix(orders, key);
            if (prev >= 0)
                rc = bad(r, T_TALKS, i, K_ORDER, "track \"%.60s\" already has a talk at position %ld (row %d)", tid, order, r->rowno[prev]);
            else
                json_object_set_new(orders, key, json_integer(i));
        }
        if (rc == 0 && tz) {
            int ok;
            salle__tz_offset(tz, 0, &ok);
            if (!ok)
                rc = bad(r, T_TALKS, i, K_TIMEZONE, "\"%.60s\" is not a time zone such as \"Europe/Paris\"", tz);
        }
        json_t *o = NULL, *pr = NULL, *at = NULL, *bp = NULL, *rp = NULL;
        if (rc == 0) {
            o = json_pack("{s:s}", "id", id);
            char *title = get(r, T_TALKS, i, K_TITLE), *ab = get(r, T_TALKS, i, K_ABSTRACT);
            if (title && strcmp(title, id) != 0)
                json_object_set_new(o, "title", json_string(title));
            if (ab)
                json_object_set_new(o, "abstract", json_string(ab));
            free(title);
            free(ab);
            json_object_set_new(o, "track", json_string(tid));
            json_object_set_new(o, "slots", json_integer(slots));
            if (order > 0)
                json_object_set_new(o, "order", json_integer(order));
            rc = people(r, T_TALKS, i, K_PRESENTERS, &pr);
        }
        if (rc == 0)
            rc = people(r, T_TALKS, i, K_ATTENDEES, &at);
        if (rc == 0)
            rc = penalties(r, T_TALKS, i, K_BLOCK_PEN, r->block_ix, NULL, r->blocks, PEN_BLOCK, &bp);
        if (rc == 0)
            rc = penalties(r, T_TALKS, i, K_ROOM_PEN, r->room_ix, r->room_name_ix, r->rooms, PEN_ROOM, &rp);
        if (rc == 0) {
            if (pr)
                json_object_set_new(o, "presenters", pr), pr = NULL;
            if (at)
                json_object_set_new(o, "attendees", at), at = NULL;
            if (tz && strcmp(tz, r->tz) != 0)
                json_object_set_new(o, "timezone", json_string(tz));
            if (bp)
                json_object_set_new(o, "block_penalties", bp), bp = NULL;
            if (rp)
                json_object_set_new(o, "room_penalties", rp), rp = NULL;
            json_object_set_new(r->talk_ix, id, json_integer(i));
            json_array_append_new(r->talks, o);
            o = NULL;
        }
        json_decref(o), json_decref(pr), json_decref(at), json_decref(bp), json_decref(rp);
        free(id), free(tr), free(sl), free(or), free(tz);
    }
    json_decref(orders);
    if (rc == 0 && json_array_size(r->talks) == 0)
        rc = salle__diag(r->err, r->sh->name, r->sh->rows[b->head].line, 1,
                         N_("row %d: the talk table has no talks"), r->rowno[b->head]);
    return rc;
}

int salle__import_csv_talks(const salle__csv_sheet *sh, char **instance_json, salle_diag *err)
{
    trd r;
    memset(&r, 0, sizeof r);
    r.sh = sh;
    r.err = err;
    for (int t = 0; t < 4; t++)
        r.t[t].head = -1;
    r.rooms = json_array(), r.people = json_array(), r.blocks = json_array();
    r.tracks = json_array(), r.talks = json_array();
    r.room_ix = json_object(), r.person_ix = json_object(), r.block_ix = json_object();
    r.track_ix = json_object(), r.talk_ix = json_object();
    r.room_name_ix = json_object(), r.track_name_ix = json_object();
    r.tz = NULL;
    /* libcsv skips blank lines, a spreadsheet counts them: row of record i = its line, less the
     * line breaks inside the cells of the records above */
    r.rowno = salle__xmalloc((size_t)(sh->nrows ? sh->nrows : 1) * sizeof *r.rowno);
    for (int i = 0, inside = 0; i < sh->nrows; i++) {
        r.rowno[i] = sh->rows[i].line - inside;
        for (int k = 0; k < sh->rows[i].n; k++)
            for (const char *p = sh->rows[i].f[k]; *p; p++)
                inside += *p == '\n';
    }
    json_t *event = json_object(), *hrs = json_object(), *weights = json_object();
    int rc = -1, first = -1;
    /* find the tables: each runs from its header to the next header */
    enum table cur = T_NONE;
    for (int i = 0; i < sh->nrows; i++) {
        enum table t = header_of(&sh->rows[i]);
        if (t == T_NONE)
            continue;
        if (cur != T_NONE)
            r.t[cur].end = i;
        if (first < 0)
            first = i;
        if (read_header(&r, t, i) < 0)
            goto out;
        cur = t;
    }
    if (cur != T_NONE)
        r.t[cur].end = sh->nrows;
    if (r.t[T_TALKS].head < 0 || r.t[T_BLOCKS].head < 0) {
        salle__diag(err, sh->name, 0, 0,
                    N_("a talks sheet needs a block table (a header row starting with \"block\") and a talk table (a header row naming \"presenters\" or \"slots\"); docs/csv.md \"Talks\""));
        goto out;
    }
    if (read_facts(&r, first, event, hrs, weights) < 0)
        goto out;
    if (!r.tz) {
        twarn(&r, 0, "no timezone line; the talks are read in UTC");
        r.tz = salle__xstrdup("UTC");
    }
    if (json_array_size(r.rooms) == 0) {
        salle__diag(err, sh->name, 0, 0,
                    N_("a talks sheet needs a rooms line above its tables, such as \"rooms,Room A (120); Room B (60)\""));
        goto out;
    }
    if (read_blocks(&r) < 0 || (r.t[T_TRACKS].head >= 0 && read_tracks(&r) < 0) ||
        read_talks(&r) < 0)
        goto out;
    if (!json_object_get(event, "name")) {
        const char *base = strrchr(sh->name, '/');
        char *ev = salle__xstrdup(base ? base + 1 : sh->name);
        char *dot = strrchr(ev, '.');
        if (dot && dot != ev)
            *dot = 0;
        json_object_set_new(event, "name", json_string(ev));
        free(ev);
    }
    json_object_set_new(event, "timezone", json_string(r.tz));
    json_t *days = json_array();
    size_t k;
    json_t *x;
    json_array_foreach(r.blocks, k, x) {
        const char *d = json_string_value(json_object_get(x, "day"));
        size_t n = json_array_size(days);
        if (!n || strcmp(json_string_value(json_array_get(days, n - 1)), d) != 0)
            json_array_append_new(days, json_string(d));
    }
    json_object_set_new(event, "days", days);
    /* similar pairs, once, on the earlier track */
    for (int i = 0; i < r.nsim; i++) {
        json_t *sim = NULL;
        for (int j = i + 1; j < r.nsim; j++)
            if (r.similar[i * r.nsim + j] > 0) {
                if (!sim)
                    sim = json_object();
                json_object_set_new(sim, json_string_value(json_object_get(json_array_get(r.tracks, (size_t)j), "id")),
                                    json_integer(r.similar[i * r.nsim + j]));
            }
        if (sim)
            json_object_set_new(json_array_get(r.tracks, (size_t)i), "similar", sim);
    }
    json_t *root = json_pack("{s:i, s:O, s:O, s:O, s:[], s:O, s:O, s:O, s:O}", "salle", 1, "event",
                             event, "rooms", r.rooms, "people", r.people, "sessions",
                             "talk_hours", hrs, "blocks", r.blocks, "talk_tracks", r.tracks,
                             "talks", r.talks);
    if (json_object_size(weights))
        json_object_set(root, "talk_weights", weights);
    char *text = salle__json_text(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (salle__imp_load_check(text, sh->name, err) < 0) {
        free(text);
        goto out;
    }
    *instance_json = text;
    rc = 0;
out:
    json_decref(event), json_decref(hrs), json_decref(weights);
    json_decref(r.rooms), json_decref(r.people), json_decref(r.blocks), json_decref(r.tracks);
    json_decref(r.talks), json_decref(r.room_ix), json_decref(r.person_ix);
    json_decref(r.block_ix), json_decref(r.track_ix), json_decref(r.talk_ix);
    json_decref(r.room_name_ix), json_decref(r.track_name_ix);
    free(r.tz);
    free(r.rowno);
    free(r.similar);
    free(r.sim_row);
    return rc;
}
