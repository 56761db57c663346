/*
 * import_csv.c: reads a programme kept in a spreadsheet, saved as CSV, into the import builder
 * (import.h), using libcsv. The layout is documented in docs/csv.md; in short: one row per
 * session under a header row that names the columns, in any order, with an optional block of
 * facts (event, timezone, days, rooms) above it.
 *
 * A spreadsheet is typed by hand, so this reader recognises the delimiter (comma, semicolon or
 * tab) from the header and ignores columns it does not know (with one warning); but it never
 * loses what a person typed without saying so. A file that is not UTF-8 is converted only when
 * its encoding is named (--encoding; "auto" guesses and says what it guessed), else refused with
 * the guess; a quoted cell that never closes is an error at the row and column where it opens;
 * a cell it cannot read is an error naming row and column, unless the user asks for --lenient,
 * which skips the row (or ignores the cell) with a warning instead. Rows without room or start
 * become sessions still to be placed. Rooms are inferred from the room column; their capacity is
 * the largest "capacity" given for them, else the largest attendance placed in them, else not
 * known ("capacity": null). Typed link columns (issue 8) become the session's links.
 */
#include "formats/import.h"
#include "base/tr.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum col {
    C_ID, C_TITLE, C_DURATION, C_ROOM, C_START, C_DATE, C_TIME, C_TRACK, C_SPEAKERS,
    C_ORGANIZERS, C_ATTENDANCE, C_NEEDS, C_FORMAT, C_ABSTRACT, C_LANGUAGE, C_URL, C_GUID, C_TAGS,
    C_CAPACITY, C_TIMEZONE, C_EVENT,
    /* typed links (issue 8) */
    C_REMOTE_LINK, C_REMOTE_NOTE, C_DOCUMENT, C_REPORT, C_TRANSCRIPT, C_RECORDING,
    /* what the native format can say (issue 8.5) */
    C_END, C_PINNED, C_REMOTE, C_AVAILABLE, C_RESOURCES, C_NOT_WITH, C_AFTER, C_EMAILS, C_DAYS,
    C_COUNT
};

#define ALIASES 5
/* Header names, and the aliases people type; matched case-insensitively after trimming, with
 * spaces and dashes read as underscores ("Not at the same time" is not_at_the_same_time). */
static const char *const col_names[C_COUNT][ALIASES] = {
    [C_ID] = {"id", "code"},
    [C_TITLE] = {"title", "name"},
    [C_DURATION] = {"duration", "length", "minutes"},
    [C_ROOM] = {"room", "location"},
    [C_START] = {"start", "datetime", "begin"},
    [C_DATE] = {"date", "day"},
    [C_TIME] = {"time"},
    [C_TRACK] = {"track", "tracks"},
    [C_SPEAKERS] = {"speakers", "speaker", "persons"},
    [C_ORGANIZERS] = {"organizers", "organiser", "organisers", "organizer"},
    [C_ATTENDANCE] = {"attendance", "expected"},
    [C_NEEDS] = {"needs", "features"},
    [C_FORMAT] = {"format", "type"},
    [C_ABSTRACT] = {"abstract", "description"},
    [C_LANGUAGE] = {"language", "lang"},
    [C_URL] = {"url", "link"},
    [C_GUID] = {"guid", "uuid"},
    [C_TAGS] = {"tags", "tag"},
    [C_CAPACITY] = {"capacity", "seats"},
    [C_TIMEZONE] = {"timezone", "time_zone", "tz"},
    [C_REMOTE_LINK] = {"remote_link", "join_link", "join"},
    [C_REMOTE_NOTE] = {"remote_note", "accessibility", NULL},
    [C_DOCUMENT] = {"document", "shared_document", NULL},
    [C_REPORT] = {"report", "outcomes", NULL},
    [C_TRANSCRIPT] = {"transcript", "captions", NULL},
    [C_RECORDING] = {"recording", "video", NULL},
    [C_EVENT] = {"event", "conference"},
    [C_END] = {"end", "until", "finish"},
    [C_PINNED] = {"pinned", "fixed", "pin"},
    [C_REMOTE] = {"remote", "remote_speakers", "remote_people"},
    [C_AVAILABLE] = {"available", "availability", "allowed", "when"},
    [C_RESOURCES] = {"resources", "resource"},
    [C_NOT_WITH] = {"not_with", "not_at_the_same_time", "clashes_with", "not_together_with"},
    [C_AFTER] = {"after", "precedence", "follows", "after_sessions"},
    [C_EMAILS] = {"organizer_emails", "organiser_emails", "organizers_emails", "emails", "email"},
    [C_DAYS] = {"days", "event_days"},
};

typedef salle__csv_row row;

/* A session's relations to others, checked once every row is read (the others may come later). */
typedef struct rel {
    char *id; /* the session's final id */
    int row;  /* index into rows */
} rel;

typedef struct rdc {
    salle__imp *im;
    const char *name;
    int lenient;
    salle_diag *err;
    int failed;           /* an error is in *err: stop */
    const char *buf;      /* the UTF-8 text being read */
    size_t len;
    salle__ivec line_at;  /* byte offset where each line starts, by line - 1 */
    /* rows as libcsv delivers them */
    int nrows, caprows;
    row *rows;
    row cur;
    int curcap;
    int line; /* physical line being fed to libcsv */
    /* header */
    int head;         /* index of the header row */
    int col[C_COUNT]; /* field index of each column, or -1 */
    unsigned char delim;
    char list_sep;    /* separator inside list cells: ';', or ',' when ';' delimits cells */
    int nrels, caprels;
    rel *rels;
} rdc;

static void on_field(void *s, size_t len, void *data)
{
    rdc *c = data;
    if (c->cur.n == 0)
        c->cur.line = c->line;
    if (c->cur.n == c->curcap) {
        c->curcap = c->curcap ? c->curcap * 2 : 16;
        c->cur.f = salle__xrealloc(c->cur.f, (size_t)c->curcap * sizeof *c->cur.f);
    }
    char *v = salle__xmalloc(len + 1);
    if (len)
        memcpy(v, s, len);
    v[len] = 0;
    if (strlen(v) != len) /* a NUL byte inside a cell: keep what comes before it */
        salle__imp_warn(c->im, c->line, "a cell contains a NUL byte; the rest of the cell is dropped");
    c->cur.f[c->cur.n++] = v;
}

static void on_row(int term, void *data)
{
    (void)term;
    rdc *c = data;
    if (c->nrows == c->caprows) {
        c->caprows = c->caprows ? c->caprows * 2 : 64;
        c->rows = salle__xrealloc(c->rows, (size_t)c->caprows * sizeof *c->rows);
    }
    c->rows[c->nrows++] = c->cur;
    memset(&c->cur, 0, sizeof c->cur);
    c->curcap = 0;
}

static void free_rdc(rdc *c)
{
    for (int i = 0; i < c->nrows; i++) {
        for (int k = 0; k < c->rows[i].n; k++)
            free(c->rows[i].f[k]);
        free(c->rows[i].f);
    }
    free(c->rows);
    for (int k = 0; k < c->cur.n; k++)
        free(c->cur.f[k]);
    free(c->cur.f);
    for (int i = 0; i < c->nrels; i++)
        free(c->rels[i].id);
    free(c->rels);
    salle__ivec_free(&c->line_at);
}

/* The delimiter is whichever of , ; and tab occurs most often outside quotes on the first line. */
static unsigned char sniff_delim(const char *buf, size_t len)
{
    int n[3] = {0, 0, 0}, q = 0;
    for (size_t i = 0; i < len && (q || buf[i] != '\n'); i++) {
        if (buf[i] == '"')
            q = !q;
        else if (!q)
            n[0] += buf[i] == ',', n[1] += buf[i] == ';', n[2] += buf[i] == '\t';
    }
    if (n[1] > n[0] && n[1] >= n[2])
        return ';';
    if (n[2] > n[0] && n[2] > n[1])
        return '\t';
    return ',';
}

/* ---------------------------------------------------------------- positions */

/* The text of line (1-based) and its length without the newline. */
static const char *line_text(const rdc *c, int line, size_t *n)
{
    if (line < 1 || line > c->line_at.n) {
        *n = 0;
        return "";
    }
    const char *s = c->buf + c->line_at.v[line - 1];
    const char *e = memchr(s, '\n', c->len - (size_t)(s - c->buf));
    *n = e ? (size_t)(e - s) : c->len - (size_t)(s - c->buf);
    return s;
}

/* The byte column (1-based) where field k (0-based) of the row starting at line begins, for the
 * caret under an error; 0 when the field is not on that line (a cell before it spans lines). */
static int field_col(const rdc *c, int line, int k)
{
    size_t n;
    const char *s = line_text(c, line, &n);
    int f = 0, q = 0;
    if (k == 0)
        return 1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            q = !q;
        else if (!q && (unsigned char)s[i] == c->delim && ++f == k)
            return (int)i + 2;
    }
    return 0;
}

static int sheet_field_col(const void *c, int line, int k)
{
    return field_col(c, line, k);
}

/* Where on a line a quoted cell opens that the line leaves open: the column of its quote.
 * open_at_start: the line begins inside a quoted cell. */
static int open_quote_col(const rdc *c, int line, int open_at_start)
{
    size_t n;
    const char *s = line_text(c, line, &n);
    int q = open_at_start, start = !q, last = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (q) {
            if (ch == '"') {
                if (i + 1 < n && s[i + 1] == '"')
                    i++;
                else
                    q = 0;
            }
        } else if (start && ch == '"') {
            q = 1;
            start = 0;
            last = (int)i + 1;
        } else if ((unsigned char)ch == c->delim) {
            start = 1;
        } else if (ch != ' ' && ch != '\t') {
            start = 0; /* libcsv allows spaces before a quote */
        }
    }
    return last;
}

/* ---------------------------------------------------------------- cells */

static const char *cell(const rdc *c, const row *r, enum col k)
{
    int i = c->col[k];
    return i >= 0 && i < r->n ? r->f[i] : NULL;
}

/* A trimmed copy of a cell; NULL when absent or blank. */
static char *cell_dup(const rdc *c, const row *r, enum col k)
{
    char *t = salle__imp_trim(cell(c, r, k));
    /* salle export csv (and careful people) write "'=..." so that a spreadsheet shows text
     * rather than running a formula: the apostrophe is not part of the value */
    if (t && t[0] == '\'' && t[1] && strchr("=+-@\t\r", t[1]))
        memmove(t, t + 1, strlen(t));
    return t;
}

/* What becomes of a row when one of its cells cannot be read. */
enum then { SKIP_ROW, IGNORE_CELL };

/* A cell salle cannot read: without --lenient the import stops with an error naming row and
 * column (a typo must not quietly drop a session, or a room with it); with --lenient a warning
 * says what was done instead. Returns -1 when the import stops, else 0. */
/* The words of a cell's message, in the diag's language (salle_diag.lang), whether it stops the
 * import or, with --lenient, is a warning (the importer's warnings are in that language too). */
static const char *cw(const rdc *c, const char *msgid) __attribute__((format_arg(2)));
static const char *cw(const rdc *c, const char *msgid)
{
    return salle__diag_tr(c->err, msgid);
}

/* The format of a message already worded (the catalogs have no "%s"). */
#define WORDED "%s"

static int bad_at(rdc *c, int line, int col, int rowno, int colno, const char *colname,
                  enum then then, const char *fmt, ...) __attribute__((format(printf, 8, 9)));
static int bad_at(rdc *c, int line, int col, int rowno, int colno, const char *colname,
                  enum then then, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, cw(c, fmt), ap);
    va_end(ap);
    if (!c->lenient) {
        salle__diag(c->err, c->name, line, col,
                    N_("row %d, column %d (%s): %s; correct the cell, or import with --lenient to %s"),
                    rowno, colno, colname, msg,
                    then == SKIP_ROW ? cw(c, "skip the row") : cw(c, "ignore the cell"));
        c->failed = 1;
        return -1;
    }
    if (then == SKIP_ROW)
        salle__imp_warn(c->im, line, "row %d, column %d (%s): %s; skipped the row", rowno, colno, colname, msg);
    else
        salle__imp_warn(c->im, line, "row %d, column %d (%s): %s; ignored", rowno, colno, colname, msg);
    return 0;
}

static int bad_cell(rdc *c, const row *r, int rowno, enum col k, enum then then, const char *fmt,
                    const char *v)
{
    char msg[400];
    snprintf(msg, sizeof msg, cw(c, fmt), v ? v : "");
    return bad_at(c, r->line, field_col(c, r->line, c->col[k]), rowno, c->col[k] + 1,
                  col_names[k][0], then, WORDED, msg);
}

/* Splits a list cell at the list separator into trimmed, non-empty items. */
static void split(const rdc *c, const char *s, void (*each)(void *, const char *), void *arg)
{
    if (!s)
        return;
    char *copy = salle__xstrdup(s);
    char *p = copy;
    for (;;) {
        char *end = strchr(p, c->list_sep);
        if (end)
            *end = 0;
        char *t = salle__imp_trim(p);
        if (t && p == copy && t[0] == '\'' && t[1] && strchr("=+-@\t\r", t[1]))
            memmove(t, t + 1, strlen(t)); /* the formula guard of the cell (see cell_dup) */
        if (t)
            each(arg, t);
        free(t);
        if (!end)
            break;
        p = end + 1;
    }
    free(copy);
}

static void add_str(void *l, const char *s)
{
    salle__strs_add(l, s);
}

/* The items of a list cell, in order, repeats kept (for cells matched item by item). */
typedef struct items {
    int n, cap;
    char **v;
} items;

static void add_item(void *a, const char *s)
{
    items *it = a;
    if (it->n == it->cap) {
        it->cap = it->cap ? it->cap * 2 : 4;
        it->v = salle__xrealloc(it->v, (size_t)it->cap * sizeof *it->v);
    }
    it->v[it->n++] = salle__xstrdup(s);
}

/* The typed link columns (issue 8): one address per cell; the remote link takes the note. */
static void add_typed_links(const rdc *c, const row *r, salle__imp_session *s)
{
    static const struct {
        enum col k;
        const char *type;
    } links[] = {{C_REMOTE_LINK, "remote"}, {C_DOCUMENT, "document"}, {C_REPORT, "report"},
                 {C_TRANSCRIPT, "transcript"}, {C_RECORDING, "recording"}};
    for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
        int before = s->nlinks;
        salle__imp_link(s, links[i].type, cell(c, r, links[i].k), NULL, 0);
        if (links[i].k == C_REMOTE_LINK && s->nlinks > before)
            s->links[before].note = cell_dup(c, r, C_REMOTE_NOTE);
    }
}

static void items_free(items *it)
{
    for (int i = 0; i < it->n; i++)
        free(it->v[i]);
    free(it->v);
}

static int parse_int(const char *s, int *out)
{
    char *end;
    long x = strtol(s, &end, 10);
    while (isspace((unsigned char)*end))
        end++;
    if (end == s || *end || x < 0 || x > INT_MAX / 2)
        return -1;
    *out = (int)x;
    return 0;
}

/* "Name (N)": the name, and N in *n (or -1 when there is no number in brackets). Caller frees. */
static char *name_count(const char *s, int *n)
{
    char *t = salle__xstrdup(s);
    *n = -1;
    size_t len = strlen(t);
    char *open = strrchr(t, '(');
    if (len && t[len - 1] == ')' && open) {
        t[len - 1] = 0;
        int x;
        if (parse_int(open + 1, &x) == 0) {
            *n = x;
            *open = 0;
        } else {
            t[len - 1] = ')';
        }
    }
    char *out = salle__imp_trim(t);
    free(t);
    return out ? out : salle__xstrdup(s);
}

/* "Name (Zone)": the name, and the zone in brackets (or NULL). Caller frees both. */
static char *name_zone(const char *s, char **zone)
{
    *zone = NULL;
    size_t len = strlen(s);
    const char *open = strrchr(s, '(');
    if (!len || s[len - 1] != ')' || !open)
        return salle__xstrdup(s);
    char *z = salle__xstrdup(open + 1);
    z[strlen(z) - 1] = 0;
    *zone = salle__imp_trim(z);
    free(z);
    char *n = salle__xmalloc((size_t)(open - s) + 1);
    memcpy(n, s, (size_t)(open - s));
    n[open - s] = 0;
    char *t = salle__imp_trim(n);
    free(n);
    return t ? t : salle__xstrdup(s);
}

static int is_zone(const char *tz)
{
    int ok;
    salle__tz_offset(tz, 0, &ok);
    return ok;
}

/* A date an event can be on: 1900 to 2200 (times are int minutes since 1970). */
static int event_date(const char *s)
{
    int d = salle__parse_date(s);
    return d != INT_MIN && d >= -25567 && d <= 84370 ? d : INT_MIN;
}

/* Event days: "YYYY-MM-DD" items separated by commas, semicolons or spaces, or "FIRST..LAST",
 * between 1900 and 2200. Returns 0, or -1 when malformed. */
static int parse_days(const char *s, salle__ivec *out)
{
    const char *dots = strstr(s, "..");
    if (dots) {
        char a[11] = {0}, b[11] = {0};
        char *x = salle__imp_trim(s);
        int ok = x && strlen(x) == 22 && x[10] == '.' && x[11] == '.';
        if (ok) {
            memcpy(a, x, 10);
            memcpy(b, x + 12, 10);
        }
        free(x);
        int d0 = ok ? event_date(a) : INT_MIN, d1 = ok ? event_date(b) : INT_MIN;
        if (d0 == INT_MIN || d1 == INT_MIN || d1 < d0 || d1 - d0 > 366)
            return -1;
        for (int d = d0; d <= d1; d++)
            salle__ivec_push(out, d);
        return 0;
    }
    int any = 0;
    char *copy = salle__xstrdup(s);
    for (char *tok = strtok(copy, ",; \t"); tok; tok = strtok(NULL, ",; \t")) {
        int d = event_date(tok);
        if (d == INT_MIN) {
            free(copy);
            return -1;
        }
        salle__ivec_push(out, d);
        any = 1;
    }
    free(copy);
    return any ? 0 : -1;
}

/* A window "YYYY-MM-DD HH:MM-HH:MM", "HH:MM-HH:MM" (every event day) or "YYYY-MM-DD" (that whole
 * day), as a triple for salle__imp_session.allowed. Returns 0, or -1 when malformed. */
static int parse_window(const char *s, int out[3])
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", s);
    char *p = buf;
    out[0] = INT_MIN;
    if (strlen(p) >= 10 && p[4] == '-' && p[7] == '-') {
        char d[11];
        memcpy(d, p, 10);
        d[10] = 0;
        if ((out[0] = event_date(d)) == INT_MIN)
            return -1;
        p += 10;
        while (*p == ' ' || *p == 'T')
            p++;
        if (!*p) {
            out[1] = 0;
            out[2] = SALLE_MINUTES_PER_DAY;
            return 0;
        }
    }
    char *dash = strchr(p, '-');
    if (!dash)
        return -1;
    *dash = 0;
    char *a = salle__imp_trim(p), *b = salle__imp_trim(dash + 1);
    out[1] = a ? salle__parse_clock(a) : -1;
    out[2] = b ? salle__parse_clock(b) : -1;
    free(a);
    free(b);
    return out[1] >= 0 && out[2] > out[1] ? 0 : -1;
}

typedef struct people_arg {
    salle__imp *im;
    salle__ivec *v;
} people_arg;

/* A person as a cell names them: "Ana Lima", or "Ana Lima [p-17]" when two people share a name
 * (salle export csv writes the id then, so that namesakes stay apart). */
static int person_ref(salle__imp *im, const char *item)
{
    size_t n = strlen(item);
    const char *open = strrchr(item, '[');
    if (n < 3 || item[n - 1] != ']' || !open || open == item)
        return salle__imp_person(im, NULL, item);
    char *name = salle__xmalloc((size_t)(open - item) + 1), *id = salle__xstrdup(open + 1);
    memcpy(name, item, (size_t)(open - item));
    name[open - item] = 0;
    id[strlen(id) - 1] = 0;
    char *tn = salle__imp_trim(name), *ti = salle__imp_trim(id);
    int p = tn && ti ? salle__imp_person(im, ti, tn) : salle__imp_person(im, NULL, item);
    free(name);
    free(id);
    free(tn);
    free(ti);
    return p;
}

static void add_person(void *a, const char *name)
{
    people_arg *pa = a;
    int p = person_ref(pa->im, name);
    if (p >= 0)
        salle__ivec_push(pa->v, p);
}

/* ---------------------------------------------------------------- a row */

/* The start (one column, or date and time apart) and the duration (or the end). Returns 1 when
 * the row is usable, 0 when it is skipped, -1 when the import stops. */
static int read_times(rdc *c, const row *r, int rowno, int *has_start, int *start, int *duration)
{
    salle__imp *im = c->im;
    char *st = cell_dup(c, r, C_START);
    enum col stcol = C_START;
    if (!st) {
        char *d = cell_dup(c, r, C_DATE), *t = cell_dup(c, r, C_TIME);
        if (d && t)
            st = salle__xasprintf("%sT%s", d, t);
        else if (d || t)
            st = salle__xstrdup(d ? d : t);
        stcol = d ? C_DATE : C_TIME;
        free(d);
        free(t);
    }
    *has_start = 0;
    if (st) {
        if (salle__imp_datetime(im, st, start) < 0) {
            int rc = bad_cell(c, r, rowno, stcol, SKIP_ROW,
                              "\"%.40s\" is not a date and time such as \"2025-02-01T10:30\"", st);
            free(st);
            return rc < 0 ? -1 : 0;
        }
        *has_start = 1;
        free(st);
    }
    char *v = cell_dup(c, r, C_DURATION);
    int dur = v ? salle__imp_duration(v) : 0;
    if (v && (dur <= 0 || dur > SALLE__IMPORT_MAX_DURATION)) {
        int rc = bad_cell(c, r, rowno, C_DURATION, SKIP_ROW,
                          dur > 0 ? "\"%.40s\" is longer than the 100000 minutes salle allows"
                                  : "\"%.40s\" is not a duration above zero such as 90, \"1h30\" or \"01:30\"",
                          v);
        free(v);
        return rc < 0 ? -1 : 0;
    }
    free(v);
    char *e = cell_dup(c, r, C_END);
    if (e && *has_start) {
        /* a clock is on the start's date, or the next one when it is not later */
        int end, clk = salle__parse_clock(e);
        int day0 = (*start >= 0 ? *start : *start - SALLE_MINUTES_PER_DAY + 1) / SALLE_MINUTES_PER_DAY;
        if (clk >= 0) {
            end = day0 * SALLE_MINUTES_PER_DAY + clk;
            if (end <= *start)
                end += SALLE_MINUTES_PER_DAY;
        } else if (salle__imp_datetime(im, e, &end) < 0) {
            int rc = bad_cell(c, r, rowno, C_END, SKIP_ROW,
                              "\"%.40s\" is not a time such as \"11:30\" or \"2025-02-01T11:30\"", e);
            free(e);
            return rc < 0 ? -1 : 0;
        }
        char msg[200];
        if (end <= *start) {
            snprintf(msg, sizeof msg, cw(c, "\"%.40s\" is not after the start"), e);
            free(e);
            return bad_cell(c, r, rowno, C_END, SKIP_ROW, WORDED, msg) < 0 ? -1 : 0;
        }
        if (!dur) {
            dur = end - *start;
        } else if (dur < SALLE_MINUTES_PER_DAY && end - *start != dur) {
            if (*start + dur > end)
                snprintf(msg, sizeof msg, cw(c, "the session ends at %.40s, but its start and duration (%d minutes) end it %d minutes later"),
                         e, dur, abs(*start + dur - end));
            else
                snprintf(msg, sizeof msg, cw(c, "the session ends at %.40s, but its start and duration (%d minutes) end it %d minutes earlier"),
                         e, dur, abs(*start + dur - end));
            free(e);
            return bad_cell(c, r, rowno, C_END, SKIP_ROW, WORDED, msg) < 0 ? -1 : 0;
        }
    } else if (e && bad_cell(c, r, rowno, C_END, IGNORE_CELL, "an end (\"%.40s\") without a start", e) < 0) {
        free(e);
        return -1;
    }
    free(e);
    if (dur <= 0)
        return bad_cell(c, r, rowno, C_DURATION, SKIP_ROW, "%sno duration (and no start and end)",
                        "") < 0 ? -1 : 0;
    *duration = dur;
    return 1;
}

/* What the native format can say beyond a published programme: pins, allowed windows,
 * resources, remote people, organizers' addresses, relations. Returns -1 when the import stops. */
static int read_planning(rdc *c, const row *r, int rowno, salle__imp_session *s)
{
    salle__imp *im = c->im;
    char *v;
    if ((v = cell_dup(c, r, C_PINNED))) {
        for (char *p = v; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        int room = 0, start = 0, known = 1;
        if (!strcmp(v, "yes") || !strcmp(v, "y") || !strcmp(v, "true") || !strcmp(v, "x") ||
            !strcmp(v, "1") || !strcmp(v, "pinned") || !strcmp(v, "both"))
            room = start = 1;
        else if (!strcmp(v, "room"))
            room = 1;
        else if (!strcmp(v, "time") || !strcmp(v, "start"))
            start = 1;
        else if (strcmp(v, "no") && strcmp(v, "n") && strcmp(v, "false") && strcmp(v, "0"))
            known = 0;
        const char *why = !known ? N_("\"%.40s\" is not yes, room, time or no")
                          : room && s->room < 0 && start && !s->has_start ? N_("pinned (\"%.40s\"), but the row has neither a room nor a start")
                          : room && s->room < 0 && !start ? N_("pinned to its room (\"%.40s\"), but the row has no room")
                          : start && !s->has_start && !room ? N_("pinned to its start (\"%.40s\"), but the row has no start")
                                                            : NULL;
        if (why && bad_cell(c, r, rowno, C_PINNED, IGNORE_CELL, why, v) < 0) {
            free(v);
            return -1;
        }
        s->pin_room = room && s->room >= 0;
        s->pin_start = start && s->has_start;
        free(v);
    }
    items it = {0};
    split(c, cell(c, r, C_AVAILABLE), add_item, &it);
    for (int i = 0; i < it.n; i++) {
        int w[3];
        if (parse_window(it.v[i], w) == 0) {
            for (int k = 0; k < 3; k++)
                salle__ivec_push(&s->allowed, w[k]);
        } else if (bad_cell(c, r, rowno, C_AVAILABLE, IGNORE_CELL,
                            "\"%.40s\" is not a time window such as \"2025-06-02 09:00-12:00\" or \"14:00-18:00\"",
                            it.v[i]) < 0) {
            items_free(&it);
            return -1;
        }
    }
    items_free(&it);
    memset(&it, 0, sizeof it);
    split(c, cell(c, r, C_RESOURCES), add_item, &it);
    for (int i = 0; i < it.n; i++) {
        int n;
        char *name = name_count(it.v[i], &n);
        if (n == 0 && bad_cell(c, r, rowno, C_RESOURCES, IGNORE_CELL,
                               "\"%.40s\": a resource for 0 sessions at a time", it.v[i]) < 0) {
            free(name);
            items_free(&it);
            return -1;
        }
        int k = salle__imp_resource(im, name, n);
        free(name);
        int dup = 0;
        for (int j = 0; j < s->resources.n; j++)
            dup |= s->resources.v[j] == k;
        if (k >= 0 && !dup)
            salle__ivec_push(&s->resources, k);
    }
    items_free(&it);
    memset(&it, 0, sizeof it);
    split(c, cell(c, r, C_REMOTE), add_item, &it);
    for (int i = 0; i < it.n; i++) {
        char *zone;
        char *name = name_zone(it.v[i], &zone);
        if (zone && !is_zone(zone)) {
            char msg[200];
            snprintf(msg, sizeof msg, cw(c, "\"%.60s\" is not a time zone such as \"Asia/Shanghai\""), zone);
            free(zone);
            zone = NULL;
            if (bad_cell(c, r, rowno, C_REMOTE, IGNORE_CELL, WORDED, msg) < 0) {
                free(name);
                items_free(&it);
                return -1;
            }
        }
        salle__imp_person_remote(im, person_ref(im, name), zone);
        free(name);
        free(zone);
    }
    items_free(&it);
    memset(&it, 0, sizeof it);
    split(c, cell(c, r, C_EMAILS), add_item, &it);
    if (it.n) {
        items org = {0};
        split(c, cell(c, r, C_ORGANIZERS), add_item, &org);
        char msg[200] = "";
        for (int i = 0; i < it.n && !msg[0]; i++) /* "-": this organizer has none */
            if (!strchr(it.v[i], '@') && strcmp(it.v[i], "-") != 0)
                snprintf(msg, sizeof msg, cw(c, "\"%.60s\" is not an e-mail address"), it.v[i]);
        if (!msg[0] && it.n != org.n) {
            /* each count in its own plural form (Arabic has six), then the sentence around them */
            const char *l = salle__diag_lang(c->err);
            char na[64], no[64];
            snprintf(na, sizeof na, salle__trn(l, "%d address", "%d addresses", it.n), it.n);
            snprintf(no, sizeof no, salle__trn(l, "%d organizer", "%d organizers", org.n), org.n);
            /* TRANSLATORS: "2 addresses" for "1 organizer": the two counts, each in its plural form */
            snprintf(msg, sizeof msg, cw(c, "%1$s for %2$s; give one per organizer, in the same order"), na, no);
        }
        if (msg[0]) {
            items_free(&org);
            items_free(&it);
            return bad_cell(c, r, rowno, C_EMAILS, IGNORE_CELL, WORDED, msg);
        }
        for (int i = 0; i < it.n; i++)
            if (strcmp(it.v[i], "-") != 0)
                salle__imp_person_email(im, person_ref(im, org.v[i]), it.v[i]);
        items_free(&org);
    }
    items_free(&it);
    split(c, cell(c, r, C_AFTER), add_str, &s->after);
    split(c, cell(c, r, C_NOT_WITH), add_str, &s->not_with);
    if (s->after.n || s->not_with.n) {
        if (c->nrels == c->caprels) {
            c->caprels = c->caprels ? c->caprels * 2 : 16;
            c->rels = salle__xrealloc(c->rels, (size_t)c->caprels * sizeof *c->rels);
        }
        c->rels[c->nrels++] = (rel){salle__xstrdup(s->id), (int)(r - c->rows)};
    }
    return 0;
}

/* Returns -1 when the import stops. */
static int read_row(rdc *c, const row *r, int rowno)
{
    salle__imp *im = c->im;
    int blank = 1;
    for (int k = 0; k < r->n; k++)
        for (const char *p = r->f[k]; *p; p++)
            blank &= isspace((unsigned char)*p) != 0;
    if (blank)
        return 0;
    /* the room first: a row that --lenient skips must not take its room with it */
    char *rname = cell_dup(c, r, C_ROOM);
    int room = salle__imp_room(im, rname);
    free(rname);
    int has_start, start = 0, duration = 0;
    int ok = read_times(c, r, rowno, &has_start, &start, &duration);
    if (ok <= 0)
        return ok;
    char *id = cell_dup(c, r, C_ID);
    salle__imp_session *s = salle__imp_session_new(im, id, r->line);
    free(id);
    s->duration = duration;
    s->room = room;
    s->has_start = has_start;
    s->start = start;
    if (has_start && room < 0)
        salle__imp_warn(im, r->line, "row %d: has a start but no room; the session is left to place", rowno);
    else if (!has_start && room >= 0)
        salle__imp_warn(im, r->line, "row %d: has a room but no start; the session is left to place", rowno);
    s->title = cell_dup(c, r, C_TITLE);
    s->format = cell_dup(c, r, C_FORMAT);
    s->abstract = cell_dup(c, r, C_ABSTRACT);
    s->language = cell_dup(c, r, C_LANGUAGE);
    s->url = cell_dup(c, r, C_URL);
    add_typed_links(c, r, s);
    char *g = cell_dup(c, r, C_GUID);
    if (g && !salle__is_uuid(g)) {
        salle__imp_warn(im, r->line, "row %d, column %d (guid): \"%.40s\" is not a UUID; kept as \"x-guid\"",
                        rowno, c->col[C_GUID] + 1, g);
        s->orig_guid = g;
    } else {
        s->guid = g;
    }
    split(c, cell(c, r, C_TRACK), add_str, &s->tracks);
    split(c, cell(c, r, C_TAGS), add_str, &s->tags);
    split(c, cell(c, r, C_NEEDS), add_str, &s->needs);
    people_arg sp = {im, &s->speakers}, org = {im, &s->organizers};
    split(c, cell(c, r, C_SPEAKERS), add_person, &sp);
    split(c, cell(c, r, C_ORGANIZERS), add_person, &org);
    char *v;
    if ((v = cell_dup(c, r, C_ATTENDANCE))) {
        if (parse_int(v, &s->attendance) < 0) {
            s->attendance = -1;
            if (bad_cell(c, r, rowno, C_ATTENDANCE, IGNORE_CELL, "\"%.40s\" is not a whole number", v) < 0) {
                free(v);
                return -1;
            }
        }
        free(v);
    }
    if ((v = cell_dup(c, r, C_CAPACITY))) {
        int cap, rc = 0;
        if (room < 0)
            rc = bad_cell(c, r, rowno, C_CAPACITY, IGNORE_CELL, "capacity \"%.40s\" given without a room", v);
        else if (parse_int(v, &cap) < 0 || cap < 1)
            rc = bad_cell(c, r, rowno, C_CAPACITY, IGNORE_CELL, "\"%.40s\" is not a number of seats", v);
        else
            salle__imp_room_capacity(im, room, cap);
        free(v);
        if (rc < 0)
            return -1;
    }
    return read_planning(c, r, rowno, s);
}

/* after and not_with name sessions that exist, now that every row is read. */
static int check_relations(rdc *c)
{
    for (int i = 0; i < c->nrels; i++) {
        const salle__imp_session *s = salle__imp_session_find(c->im, c->rels[i].id);
        const row *r = &c->rows[c->rels[i].row];
        for (int pass = 0; s && pass < 2; pass++) {
            const salle__strs *l = pass ? &s->not_with : &s->after;
            for (int k = 0; k < l->n; k++) {
                const char *why = !strcmp(l->v[k], s->id) ? N_("\"%.40s\" is this session itself")
                                  : !salle__imp_session_find(c->im, l->v[k]) ? N_("no session has the id \"%.40s\"")
                                                                               : NULL;
                if (why && bad_cell(c, r, c->rels[i].row + 1, pass ? C_NOT_WITH : C_AFTER,
                                    IGNORE_CELL, why, l->v[k]) < 0)
                    return -1;
            }
        }
    }
    return 0;
}

/* ---------------------------------------------------------------- the header */

static int find_col(const char *name)
{
    for (int k = 0; name && k < C_COUNT; k++)
        for (int a = 0; a < ALIASES && col_names[k][a]; a++)
            if (strcmp(name, col_names[k][a]) == 0)
                return k;
    return -1;
}

static int is_blank_row(const row *r)
{
    for (int k = 0; k < r->n; k++)
        for (const char *p = r->f[k]; *p; p++)
            if (!isspace((unsigned char)*p))
                return 0;
    return 1;
}

/* The small block of facts that may stand above the header, one per row ("days", then the value
 * in the next cell, or after a colon in the same cell): event, timezone, days, rooms. Returns the
 * key's index in keys, or -1 when the row is not such a line; *value points into the row. */
static const char *const meta_keys[] = {"event", "timezone", "days", "rooms", NULL};

static int meta_row(const row *r, const char **value)
{
    if (r->n < 1)
        return -1;
    for (int k = 0; k < r->n; k++) { /* a row naming a duration column is the header */
        char *t = salle__imp_norm_name(r->f[k]);
        int col = find_col(t);
        free(t);
        if (col == C_DURATION)
            return -1;
    }
    char *key = salle__xstrdup(r->f[0]);
    const char *inl = NULL;
    char *colon = strchr(key, ':');
    if (colon) {
        *colon = 0;
        inl = r->f[0] + (colon - key) + 1;
    }
    char *t = salle__imp_norm_name(key);
    free(key);
    int found = -1;
    for (int i = 0; t && meta_keys[i]; i++)
        if (strcmp(t, meta_keys[i]) == 0 || (i == 1 && find_col(t) == C_TIMEZONE))
            found = i;
    free(t);
    if (found < 0)
        return -1;
    int inl_blank = 1;
    for (const char *p = inl; p && *p; p++)
        inl_blank &= isspace((unsigned char)*p) != 0;
    *value = inl && !inl_blank ? inl : r->n > 1 ? r->f[1] : "";
    return found;
}

typedef struct room_arg {
    rdc *c;
    int bad;
} room_arg;

static void add_room(void *a, const char *item)
{
    room_arg *ra = a;
    int cap;
    char *name = name_count(item, &cap);
    int r = salle__imp_room(ra->c->im, name);
    if (cap > 0)
        salle__imp_room_capacity(ra->c->im, r, cap);
    ra->bad |= cap == 0;
    free(name);
}

/* Reads the lines above the header. Returns -1 when the import stops. */
static int read_meta(rdc *c, int i, int key, const char *value)
{
    const row *r = &c->rows[i];
    char *v = salle__imp_trim(value);
    int rc = 0;
    if (!v) {
        rc = bad_at(c, r->line, field_col(c, r->line, 1), i + 1, 2, meta_keys[key], IGNORE_CELL,
                    "no value");
    } else if (key == 0) {
        salle__imp_event_name(c->im, v);
    } else if (key == 1) {
        if (is_zone(v))
            salle__imp_event_timezone(c->im, v, r->line);
        else
            rc = bad_at(c, r->line, field_col(c, r->line, 1), i + 1, 2, meta_keys[key], IGNORE_CELL,
                        "\"%.40s\" is not a time zone such as \"Europe/Paris\"", v);
    } else if (key == 2) {
        salle__ivec d = {0};
        if (parse_days(v, &d) < 0)
            rc = bad_at(c, r->line, field_col(c, r->line, 1), i + 1, 2, meta_keys[key], IGNORE_CELL,
                        "\"%.40s\" is not a list of dates (1900 to 2200) such as \"2025-06-02, 2025-06-03\" or \"2025-06-02..2025-06-04\"", v);
        for (int k = 0; k < d.n; k++)
            salle__imp_event_day(c->im, d.v[k]);
        salle__ivec_free(&d);
    } else {
        room_arg ra = {c, 0};
        split(c, v, add_room, &ra);
        if (ra.bad)
            rc = bad_at(c, r->line, field_col(c, r->line, 1), i + 1, 2, meta_keys[key], IGNORE_CELL,
                        "a room with 0 seats in \"%.40s\"", v);
    }
    free(v);
    return rc;
}

/* Finds the header (after blank rows and the lines of facts above it) and maps columns. Returns
 * the header's row index, or -1 with *err set. */
static int read_header(rdc *c)
{
    int h = 0;
    for (; h < c->nrows; h++) { /* leading blank rows and facts are allowed */
        const char *value;
        int key;
        if (is_blank_row(&c->rows[h]))
            continue;
        if ((key = meta_row(&c->rows[h], &value)) < 0)
            break;
        if (read_meta(c, h, key, value) < 0)
            return -1;
    }
    if (h == c->nrows)
        return salle__diag(c->err, c->name, 0, 0, N_("no header row; see docs/csv.md for the columns"));
    const row *r = &c->rows[h];
    for (int k = 0; k < C_COUNT; k++)
        c->col[k] = -1;
    char unknown[400] = "";
    int nunknown = 0;
    for (int i = 0; i < r->n; i++) {
        char *t = salle__imp_norm_name(r->f[i]);
        int found = find_col(t);
        if (found >= 0 && c->col[found] < 0) {
            c->col[found] = i;
        } else if (t) {
            char *shown = salle__imp_trim(r->f[i]);
            nunknown++;
            if (strlen(unknown) + strlen(shown) + 8 < sizeof unknown)
                snprintf(unknown + strlen(unknown), sizeof unknown - strlen(unknown), "%s\"%s\"",
                         unknown[0] ? ", " : "", shown);
            free(shown);
        }
        free(t);
    }
    if (c->col[C_DURATION] < 0 && (c->col[C_END] < 0 || (c->col[C_START] < 0 && c->col[C_TIME] < 0)))
        return salle__diag(c->err, c->name, r->line, 1,
                           N_("row %d: the header has no \"duration\" column (nor \"start\" and \"end\"); expected columns such as id,title,duration,room,start (docs/csv.md)"),
                           h + 1);
    if (c->col[C_ID] < 0 && c->col[C_TITLE] < 0)
        return salle__diag(c->err, c->name, r->line, 1,
                           N_("row %d: the header has neither an \"id\" nor a \"title\" column (docs/csv.md)"),
                           h + 1);
    if (unknown[0])
        salle__imp_warn_n(c->im, r->line, "row %d: unknown column %s ignored (docs/csv.md lists the columns)",
                          "row %d: unknown columns %s ignored (docs/csv.md lists the columns)", nunknown,
                          h + 1, unknown);
    return h;
}

/* ---------------------------------------------------------------- the character set */

/* Offset of the first byte that is not UTF-8 (overlong forms and surrogates included), or len. */
static size_t utf8_bad_at(const unsigned char *p, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned c = p[i];
        size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
                                : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (!n || i + n > len)
            return i;
        for (size_t k = 1; k < n; k++)
            if ((p[i + k] & 0xC0) != 0x80)
                return i;
        if ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] > 0x9F) ||
            (c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] > 0x8F))
            return i;
        i += n;
    }
    return len;
}

static void line_col_of(const char *buf, size_t off, int *line, int *col)
{
    *line = 1;
    size_t start = 0;
    for (size_t i = 0; i < off; i++)
        if (buf[i] == '\n')
            (*line)++, start = i + 1;
    *col = (int)(off - start) + 1;
}

/* What a file that is not UTF-8 most likely is. Excel on Windows saves "CSV" in the machine's
 * ANSI code page, Windows-1252 in western Europe and the Americas; its bytes 0x80-0x9F are
 * letters and quotes, where ISO-8859-1 has only control codes, except five it leaves undefined. */
static const char *guess_charset(const unsigned char *p, size_t len, const char **label)
{
    for (size_t i = 0; i < len; i++)
        if (p[i] == 0x81 || p[i] == 0x8D || p[i] == 0x8F || p[i] == 0x90 || p[i] == 0x9D) {
            *label = "ISO-8859-1 (latin1)";
            return "latin1";
        }
    *label = N_("Windows-1252 (cp1252), which Excel on Windows saves");
    return "cp1252";
}

/* The file as UTF-8 from charset from, through iconv. Returns a new buffer, or NULL with *err. */
static char *convert(const char *in, size_t len, const char *from, const char *name, size_t *outlen,
                     salle_diag *err)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) {
        salle__diag(err, name, 0, 0,
                    N_("unknown encoding \"%s\"; give one iconv knows, such as cp1252, latin1 or utf-16 (iconv -l lists them)"),
                    from);
        return NULL;
    }
    size_t cap = len * 3 + 16;
    char *out = salle__xmalloc(cap);
    char *ip = (char *)in, *op = out;
    size_t il = len, ol = cap - 1;
    while (il) {
        if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
            continue;
        if (errno == E2BIG) {
            size_t used = (size_t)(op - out);
            cap *= 2;
            out = salle__xrealloc(out, cap);
            op = out + used;
            ol = cap - 1 - used;
            continue;
        }
        int line, col;
        size_t at = (size_t)(ip - in);
        line_col_of(in, at, &line, &col);
        salle__diag(err, name, line, col, N_("byte 0x%02X is not a character in %s; check --encoding"),
                    (unsigned char)in[at], from);
        iconv_close(cd);
        free(out);
        return NULL;
    }
    iconv(cd, NULL, NULL, &op, &ol);
    iconv_close(cd);
    *op = 0;
    *outlen = (size_t)(op - out);
    return out;
}

/* The file as UTF-8, per --encoding (docs/csv.md): UTF-8 as it is; UTF-16 with a byte order
 * mark converted; anything else converted when the user names its encoding (or "auto", which
 * guesses and says so), else refused with the guess: a name read in the wrong encoding would be
 * corrupted in every export. Returns a new buffer, or NULL with *err set. */
static char *to_utf8(rdc *c, const char *buf, size_t len, const char *encoding, size_t *outlen)
{
    const unsigned char *u = (const unsigned char *)buf;
    int is_auto = encoding && strcasecmp(encoding, "auto") == 0;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)) &&
        (!encoding || is_auto))
        return convert(buf, len, "UTF-16", c->name, outlen, c->err); /* Excel's "Unicode text" */
    size_t bad = utf8_bad_at(u, len);
    if (encoding && !is_auto) {
        int ascii = 1;
        for (size_t i = 0; i < len && ascii; i++)
            ascii = u[i] < 0x80;
        if (bad == len && !ascii && strncasecmp(encoding, "utf", 3) != 0)
            salle__imp_warn(c->im, 0, "the file is valid UTF-8, yet read as %s as asked; check the accented names",
                            encoding);
        return convert(buf, len, encoding, c->name, outlen, c->err);
    }
    if (bad == len) {
        *outlen = len;
        char *copy = salle__xmalloc(len + 1);
        memcpy(copy, buf, len);
        copy[len] = 0;
        return copy;
    }
    const char *label, *guess = guess_charset(u, len, &label);
    int line, col;
    line_col_of(buf, bad, &line, &col);
    if (is_auto) {
        salle__imp_warn(c->im, line, "the file is not UTF-8 (byte 0x%02X); read it as %s, a guess: check the accented names, or give --encoding",
                        u[bad], salle__imp_tr(c->im, label));
        return convert(buf, len, guess, c->name, outlen, c->err);
    }
    salle__diag(c->err, c->name, line, col,
                N_("the file is not UTF-8 (byte 0x%02X here); it looks like %s: import with --encoding %s (or --encoding auto), or save the sheet as \"CSV UTF-8\""),
                u[bad], salle__diag_tr(c->err, label), guess);
    return NULL;
}

/* ---------------------------------------------------------------- reading */

/* Feeds the text to libcsv a line at a time, so that each row knows the line it starts on, and
 * notes where a quoted cell opens that no later quote closes: libcsv would read every row after
 * it into that cell. Returns 0, or -1 with *err set. */
static int parse_rows(rdc *c)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        return salle__diag(c->err, c->name, 0, 0, N_("cannot start the CSV reader"));
    csv_set_realloc_func(&p, salle__xrealloc);
    csv_set_free_func(&p, free);
    size_t off = 0;
    if (c->len >= 3 && memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0)
        off = 3; /* spreadsheets like to start UTF-8 with a byte order mark */
    c->delim = sniff_delim(c->buf + off, c->len - off);
    csv_set_delim(&p, c->delim);
    c->list_sep = c->delim == ';' ? ',' : ';';
    c->line = 1;
    salle__ivec_push(&c->line_at, 0);
    /* libcsv's state inside a quoted cell: quoted, and the field begun (its FIELD_BEGUN, 2) */
    int open = 0, open_line = 0, open_row = 0, open_field = 0, open_col = 0;
    while (off < c->len) {
        const char *nl = memchr(c->buf + off, '\n', c->len - off);
        size_t n = nl ? (size_t)(nl - (c->buf + off)) + 1 : c->len - off;
        if (csv_parse(&p, c->buf + off, n, on_field, on_row, c) != n) {
            salle__diag_lib(c->err, c->name, c->line, 0,
                            N_("cannot read the CSV, where salle expects rows of cells separated by commas, semicolons or tabs; libcsv says: %s"),
                            csv_strerror(csv_error(&p)));
            csv_free(&p);
            return -1;
        }
        int now = p.quoted && p.pstate == 2;
        if (now && (!open || c->cur.n + 1 != open_field || c->nrows + 1 != open_row)) {
            open_line = c->line;
            open_row = c->nrows + 1;
            open_field = c->cur.n + 1;
            open_col = open_quote_col(c, c->line, open);
        }
        open = now;
        off += n;
        if (off < c->len)
            salle__ivec_push(&c->line_at, (int)off);
        c->line++;
    }
    csv_fini(&p, on_field, on_row, c);
    csv_free(&p);
    if (open) {
        char what[200] = ""; /* the column's name, when the header comes before */
        for (int h = 0; h < c->nrows && h + 1 < open_row; h++) {
            const char *value;
            if (is_blank_row(&c->rows[h]) || meta_row(&c->rows[h], &value) >= 0)
                continue;
            char *t = open_field <= c->rows[h].n ? salle__imp_trim(c->rows[h].f[open_field - 1]) : NULL;
            if (t)
                snprintf(what, sizeof what, " (%.100s)", t);
            free(t);
            break;
        }
        return salle__diag(c->err, c->name, open_line, open_col,
                           N_("row %d, column %d%s: this cell opens a quote (\") that nothing closes, so every row after it would be read into the cell; close the quote, or double it (\"\") to mean a quote mark"),
                           open_row, open_field, what);
    }
    return 0;
}

int salle__import_csv_mem_with(const char *in, size_t inlen, const char *name,
                               const salle_import_options *opt, salle_warn_fn warn, void *ctx,
                               char **instance_json, char **schedule_json, salle_diag *err)
{
    rdc c;
    memset(&c, 0, sizeof c);
    c.im = salle__imp_new(name, err, warn, ctx);
    c.name = name;
    c.err = err;
    c.lenient = opt && opt->lenient;
    size_t len;
    char *buf = to_utf8(&c, in, inlen, opt ? opt->encoding : NULL, &len);
    int rc = -1;
    if (!buf)
        goto out;
    c.buf = buf;
    c.len = len;
    if (parse_rows(&c) < 0)
        goto out;
    salle__csv_sheet sheet = {name, c.nrows, c.rows, c.list_sep, sheet_field_col, &c, warn, ctx};
    if (salle__csv_is_talks(&sheet)) { /* docs/csv.md "Talks": read by import_csv_talks.c */
        if (schedule_json) {
            salle__diag(err, name, 0, 0,
                        N_("a talks sheet holds no placement to write: import it without --schedule and --keep-times, then solve it"));
            goto out;
        }
        rc = salle__import_csv_talks(&sheet, instance_json, err);
        goto out;
    }
    if (opt && opt->days) {
        salle__ivec d = {0};
        if (parse_days(opt->days, &d) < 0) {
            salle__ivec_free(&d);
            salle__diag(err, name, 0, 0,
                        N_("--days \"%s\" is not a list of dates (1900 to 2200) such as 2025-06-02,2025-06-03 or 2025-06-02..2025-06-04"),
                        opt->days);
            goto out;
        }
        for (int k = 0; k < d.n; k++)
            salle__imp_event_day(c.im, d.v[k]);
        salle__ivec_free(&d);
    }
    int h = read_header(&c);
    if (h < 0)
        goto out;
    salle__imp_pad_hours(c.im, 1);
    /* event facts first, so that every start is read in the right time zone */
    for (int i = h + 1; i < c.nrows; i++) {
        char *v;
        if ((v = cell_dup(&c, &c.rows[i], C_TIMEZONE))) {
            int bad = !is_zone(v) && bad_cell(&c, &c.rows[i], i + 1, C_TIMEZONE, IGNORE_CELL,
                                              "\"%.40s\" is not a time zone such as \"Europe/Paris\"", v) < 0;
            salle__imp_event_timezone(c.im, v, c.rows[i].line);
            free(v);
            if (bad)
                goto out;
        }
        if ((v = cell_dup(&c, &c.rows[i], C_EVENT))) {
            salle__imp_event_name(c.im, v);
            free(v);
        }
        if ((v = cell_dup(&c, &c.rows[i], C_DAYS))) {
            salle__ivec d = {0};
            int bad = parse_days(v, &d) < 0 &&
                      bad_cell(&c, &c.rows[i], i + 1, C_DAYS, IGNORE_CELL,
                               "\"%.40s\" is not a list of dates (1900 to 2200) such as \"2025-06-02; 2025-06-03\" or \"2025-06-02..2025-06-04\"", v) < 0;
            for (int k = 0; k < d.n; k++)
                salle__imp_event_day(c.im, d.v[k]);
            salle__ivec_free(&d);
            free(v);
            if (bad)
                goto out;
        }
    }
    { /* without an "event" cell, the file's name without folders and extension */
        const char *base = strrchr(name, '/');
        char *ev = salle__xstrdup(base ? base + 1 : name);
        char *dot = strrchr(ev, '.');
        if (dot && dot != ev)
            *dot = 0;
        salle__imp_event_name(c.im, ev);
        free(ev);
    }
    for (int i = h + 1; i < c.nrows; i++)
        if (read_row(&c, &c.rows[i], i + 1) < 0)
            goto out;
    if (check_relations(&c) < 0)
        goto out;
    rc = salle__imp_finish(c.im, instance_json, schedule_json, err);
out:
    free(buf);
    free_rdc(&c);
    salle__imp_free(c.im);
    return rc;
}

int salle__csv_mem_is_talks(const char *in, size_t inlen, const char *name)
{
    rdc c;
    memset(&c, 0, sizeof c);
    salle_diag err = {0};
    c.im = salle__imp_new(name, &err, NULL, NULL);
    c.name = name;
    c.err = &err;
    size_t len;
    char *buf = to_utf8(&c, in, inlen, NULL, &len);
    int talks = 0;
    if (buf) {
        c.buf = buf;
        c.len = len;
        if (parse_rows(&c) == 0) {
            salle__csv_sheet sheet = {name, c.nrows, c.rows, c.list_sep, sheet_field_col, &c, NULL, NULL};
            talks = salle__csv_is_talks(&sheet);
        }
    }
    free(buf);
    free_rdc(&c);
    salle__imp_free(c.im);
    return talks;
}

int salle__import_csv_mem(const char *buf, size_t len, const char *name, salle_warn_fn warn,
                          void *ctx, char **instance_json, char **schedule_json, salle_diag *err)
{
    return salle__import_csv_mem_with(buf, len, name, NULL, warn, ctx, instance_json, schedule_json,
                                      err);
}
