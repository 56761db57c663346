/*
 * import_csv.c: reads a programme kept in a spreadsheet, saved as CSV, into the import builder
 * (import.h), using libcsv. The layout is documented in docs/csv.md; in short: one row per
 * session under a header row that names the columns, in any order.
 *
 * A spreadsheet is typed by hand, so this reader is the most forgiving one: it recognises the
 * delimiter (comma, semicolon or tab) from the header, ignores columns it does not know (with one
 * warning), and skips a row whose duration or start it cannot read, naming the row, the line and
 * the column. Rows without room or start become sessions still to be placed. Only a missing
 * header or a missing "duration" column is fatal. Rooms are inferred from the room column; their
 * capacity is the largest "capacity" given for them, else the largest attendance placed in them,
 * else SALLE__IMPORT_DEFAULT_CAPACITY.
 */
#include "formats/csv_rows.h"
#include "formats/import.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum col {
    C_ID, C_TITLE, C_DURATION, C_ROOM, C_START, C_DATE, C_TIME, C_TRACK, C_SPEAKERS,
    C_ORGANIZERS, C_ATTENDANCE, C_NEEDS, C_FORMAT, C_ABSTRACT, C_LANGUAGE, C_URL, C_GUID, C_TAGS,
    C_CAPACITY, C_TIMEZONE, C_EVENT, C_COUNT
};

/* Header names, and the aliases people type; matched case-insensitively after trimming. */
static const char *const col_names[C_COUNT][3] = {
    [C_ID] = {"id", "code", NULL},
    [C_TITLE] = {"title", "name", NULL},
    [C_DURATION] = {"duration", "length", "minutes"},
    [C_ROOM] = {"room", "location", NULL},
    [C_START] = {"start", "datetime", "begin"},
    [C_DATE] = {"date", "day", NULL},
    [C_TIME] = {"time", NULL, NULL},
    [C_TRACK] = {"track", "tracks", NULL},
    [C_SPEAKERS] = {"speakers", "speaker", "persons"},
    [C_ORGANIZERS] = {"organizers", "organiser", "organisers"},
    [C_ATTENDANCE] = {"attendance", "expected", NULL},
    [C_NEEDS] = {"needs", NULL, NULL},
    [C_FORMAT] = {"format", "type", NULL},
    [C_ABSTRACT] = {"abstract", "description", NULL},
    [C_LANGUAGE] = {"language", "lang", NULL},
    [C_URL] = {"url", "link", NULL},
    [C_GUID] = {"guid", "uuid", NULL},
    [C_TAGS] = {"tags", "tag", NULL},
    [C_CAPACITY] = {"capacity", "seats", NULL},
    [C_TIMEZONE] = {"timezone", "time_zone", "tz"},
    [C_EVENT] = {"event", "conference", NULL},
};

typedef salle__csv_row row; /* a row and the line it starts on (csv_rows.h) */

typedef struct rdc {
    salle__imp *im;
    /* rows as libcsv delivers them (csv_rows.c); nrows and rows alias csv's */
    salle__csv_rows csv;
    int nrows;
    row *rows;
    /* header */
    int col[C_COUNT]; /* field index of each column, or -1 */
    char list_sep;    /* separator inside list cells: ';', or ',' when ';' delimits cells */
} rdc;

static void warn_nul(void *ctx, int line)
{
    rdc *c = ctx;
    salle__imp_warn(c->im, line, "a cell contains a NUL byte; the rest of the cell is dropped");
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

static const char *cell(const rdc *c, const row *r, enum col k)
{
    int i = c->col[k];
    return i >= 0 && i < r->n ? r->f[i] : NULL;
}

/* A trimmed copy of a cell; NULL when absent or blank. */
static char *cell_dup(const rdc *c, const row *r, enum col k)
{
    return salle__imp_trim(cell(c, r, k));
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

typedef struct people_arg {
    salle__imp *im;
    salle__ivec *v;
} people_arg;

static void add_person(void *a, const char *name)
{
    people_arg *pa = a;
    int p = salle__imp_person(pa->im, NULL, name);
    if (p >= 0)
        salle__ivec_push(pa->v, p);
}

static void warn_cell(rdc *c, const row *r, int rowno, enum col k, const char *fmt, const char *v,
                      const char *then)
{
    char msg[300];
    snprintf(msg, sizeof msg, fmt, v);
    salle__imp_warn(c->im, r->line, "row %d, column %d (%s): %s; %s", rowno, c->col[k] + 1,
                    col_names[k][0], msg, then);
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

static void read_row(rdc *c, const row *r, int rowno)
{
    salle__imp *im = c->im;
    int blank = 1;
    for (int k = 0; k < r->n; k++)
        for (const char *p = r->f[k]; *p; p++)
            blank &= isspace((unsigned char)*p) != 0;
    if (blank)
        return;
    char *v = cell_dup(c, r, C_DURATION);
    int duration = salle__imp_duration(v);
    if (duration <= 0 || duration > SALLE__IMPORT_MAX_DURATION) {
        warn_cell(c, r, rowno, C_DURATION,
                  !v ? "%sno duration"
                  : duration > 0 ? "\"%.40s\" is longer than the 100000 minutes salle allows"
                                 : "\"%.40s\" is not a duration above zero such as 90, \"1h30\" or \"01:30\"",
                  v ? v : "", "skipped the row");
        free(v);
        return;
    }
    free(v);
    /* start: one column, or date and time apart */
    int start = 0, has_start = 0;
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
    if (st) {
        if (salle__imp_datetime(im, st, &start) < 0) {
            warn_cell(c, r, rowno, stcol,
                      "\"%.40s\" is not a date and time such as \"2025-02-01T10:30\"", st,
                      "skipped the row");
            free(st);
            return;
        }
        has_start = 1;
        free(st);
    }
    char *rname = cell_dup(c, r, C_ROOM);
    int room = salle__imp_room(im, rname);
    free(rname);
    char *id = cell_dup(c, r, C_ID);
    salle__imp_session *s = salle__imp_session_new(im, id, r->line);
    free(id);
    s->duration = duration;
    s->room = room;
    s->has_start = has_start;
    s->start = start;
    if (has_start != (room >= 0))
        salle__imp_warn(im, r->line, "row %d: has a %s but no %s; the session is left to place",
                        rowno, has_start ? "start" : "room", has_start ? "room" : "start");
    s->title = cell_dup(c, r, C_TITLE);
    s->format = cell_dup(c, r, C_FORMAT);
    s->abstract = cell_dup(c, r, C_ABSTRACT);
    s->language = cell_dup(c, r, C_LANGUAGE);
    s->url = cell_dup(c, r, C_URL);
    char *g = cell_dup(c, r, C_GUID);
    if (g && !salle__is_uuid(g)) {
        warn_cell(c, r, rowno, C_GUID, "\"%.40s\" is not a UUID", g, "kept as \"x-guid\"");
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
    if ((v = cell_dup(c, r, C_ATTENDANCE))) {
        if (parse_int(v, &s->attendance) < 0) {
            s->attendance = -1;
            warn_cell(c, r, rowno, C_ATTENDANCE, "\"%.40s\" is not a whole number", v, "ignored");
        }
        free(v);
    }
    if ((v = cell_dup(c, r, C_CAPACITY))) {
        int cap;
        if (room < 0)
            warn_cell(c, r, rowno, C_CAPACITY, "capacity \"%.40s\" given without a room", v, "ignored");
        else if (parse_int(v, &cap) < 0 || cap < 1)
            warn_cell(c, r, rowno, C_CAPACITY, "\"%.40s\" is not a number of seats", v, "ignored");
        else
            salle__imp_room_capacity(im, room, cap);
        free(v);
    }
}

/* Finds the header and maps columns. Returns the header's row index, or -1 with *err set. */
static int read_header(rdc *c, const char *name, salle_diag *err)
{
    int h = 0;
    while (h < c->nrows) { /* leading blank rows are allowed */
        int blank = 1;
        for (int k = 0; k < c->rows[h].n; k++)
            blank &= c->rows[h].f[k][0] == 0;
        if (!blank)
            break;
        h++;
    }
    if (h == c->nrows)
        return salle__diag(err, name, 0, 0, "no header row; see docs/csv.md for the columns");
    const row *r = &c->rows[h];
    for (int k = 0; k < C_COUNT; k++)
        c->col[k] = -1;
    char unknown[400] = "";
    for (int i = 0; i < r->n; i++) {
        char *t = salle__imp_trim(r->f[i]);
        int found = -1;
        for (int k = 0; t && k < C_COUNT && found < 0; k++)
            for (int a = 0; a < 3 && col_names[k][a]; a++)
                if (strcasecmp(t, col_names[k][a]) == 0)
                    found = k;
        if (found >= 0 && c->col[found] < 0)
            c->col[found] = i;
        else if (t && strlen(unknown) + strlen(t) + 8 < sizeof unknown)
            snprintf(unknown + strlen(unknown), sizeof unknown - strlen(unknown), "%s\"%s\"",
                     unknown[0] ? ", " : "", t);
        free(t);
    }
    if (c->col[C_DURATION] < 0)
        return salle__diag(err, name, r->line, 1,
                           "row %d: the header has no \"duration\" column; expected columns such as id,title,duration,room,start (docs/csv.md)",
                           h + 1);
    if (c->col[C_ID] < 0 && c->col[C_TITLE] < 0)
        return salle__diag(err, name, r->line, 1,
                           "row %d: the header has neither an \"id\" nor a \"title\" column (docs/csv.md)",
                           h + 1);
    if (unknown[0])
        salle__imp_warn(c->im, r->line, "row %d: unknown column%s %s ignored (docs/csv.md lists the columns)",
                        h + 1, strchr(unknown, ',') ? "s" : "", unknown);
    return h;
}

int salle__import_csv_mem(const char *buf, size_t len, const char *name, salle_warn_fn warn,
                          void *ctx, char **instance_json, char **schedule_json, salle_diag *err)
{
    size_t off = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; /* a byte order mark */
    unsigned char delim = sniff_delim(buf + off, len - off);
    rdc c;
    memset(&c, 0, sizeof c);
    c.im = salle__imp_new(name, warn, ctx);
    c.list_sep = delim == ';' ? ',' : ';';
    if (salle__csv_rows_read(buf, len, delim, name, warn_nul, &c, &c.csv, err) < 0) {
        salle__imp_free(c.im);
        return -1;
    }
    c.nrows = c.csv.n;
    c.rows = c.csv.rows;
    int rc = -1;
    int h = read_header(&c, name, err);
    if (h >= 0) {
        salle__imp_pad_hours(c.im, 1);
        /* event facts first, so that every start is read in the right time zone */
        for (int i = h + 1; i < c.nrows; i++) {
            char *v;
            if ((v = cell_dup(&c, &c.rows[i], C_TIMEZONE))) {
                salle__imp_event_timezone(c.im, v, c.rows[i].line);
                free(v);
            }
            if ((v = cell_dup(&c, &c.rows[i], C_EVENT))) {
                salle__imp_event_name(c.im, v);
                free(v);
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
            read_row(&c, &c.rows[i], i + 1);
        rc = salle__imp_finish(c.im, instance_json, schedule_json, err);
    }
    salle__csv_rows_free(&c.csv);
    salle__imp_free(c.im);
    return rc;
}
