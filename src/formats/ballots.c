/*
 * ballots.c: reads collected attendee interest (issue 11, point 2; docs/interest.md) as JSON
 * {"ballots": [[ids], {"sessions": [ids]}, ...]} or as CSV with "ballot" and "session" columns,
 * one row per mark (what a database export of the server's store gives). Strict, like the
 * instance parser: ballots decide room sizes, so an unknown session id is an error with its
 * position rather than a silent drop.
 */
#include "formats/csv_rows.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

void salle_ballots_free(salle_ballots *b)
{
    if (!b)
        return;
    for (int i = 0; i < b->n; i++)
        free(b->sets[i].v);
    free(b->sets);
    free(b);
}

static salle_ids *add_ballot(salle_ballots *b, int *cap)
{
    if (b->n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        b->sets = salle__xrealloc(b->sets, (size_t)*cap * sizeof *b->sets);
    }
    salle_ids *s = &b->sets[b->n++];
    memset(s, 0, sizeof *s);
    return s;
}

static void ids_push(salle_ids *s, int *cap, int x)
{
    if (s->n == *cap) {
        *cap = *cap ? *cap * 2 : 8;
        s->v = salle__xrealloc(s->v, (size_t)*cap * sizeof *s->v);
    }
    s->v[s->n++] = x;
}

static const char *kind(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: case JSON_REAL: return "a number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

static int err_at(salle_diag *err, const salle__jdoc *doc, const json_t *v, const char *fmt,
                  const char *a, const char *b2)
{
    int line, col;
    salle__jdoc_pos(doc, v, &line, &col);
    char msg[900];
    snprintf(msg, sizeof msg, fmt, a, b2);
    return salle__diag(err, salle__jdoc_name(doc), line, col, "%s", msg);
}

static int read_json(const char *buf, size_t len, const char *name, const salle_instance *inst,
                     salle_ballots *b, salle_diag *err)
{
    salle__jdoc *doc = salle__jdoc_parse(buf, len, name, err);
    if (!doc)
        return -1;
    int rc = -1, cap = 0;
    const json_t *root = salle__jdoc_root(doc);
    const json_t *arr = json_object_get(root, "ballots");
    const char *key;
    json_t *v;
    if (!json_is_object(root)) {
        err_at(err, doc, root, "the ballots file must be an object {\"ballots\": [...]}, not %s%s",
               kind(root), "");
        goto done;
    }
    json_object_foreach((json_t *)root, key, v) {
        if (strcmp(key, "ballots") != 0 && strncmp(key, "x-", 2) != 0) {
            err_at(err, doc, v, "unknown key \"%s\" in the ballots file; expected \"ballots\"%s", key, "");
            goto done;
        }
    }
    if (!json_is_array(arr)) {
        err_at(err, doc, arr ? arr : root, "\"ballots\" must be an array of ballots, %s%s",
               arr ? "not " : "and is missing", arr ? kind(arr) : "");
        goto done;
    }
    size_t i;
    json_t *ballot;
    json_array_foreach(arr, i, ballot) {
        const json_t *ids = ballot;
        if (json_is_object(ballot)) {
            /* the server's own shape, {"token": T, "sessions": [...]}; the token is not kept */
            json_object_foreach(ballot, key, v) {
                if (strcmp(key, "sessions") != 0 && strcmp(key, "token") != 0 &&
                    strncmp(key, "x-", 2) != 0) {
                    err_at(err, doc, v, "unknown key \"%s\" in a ballot; expected \"sessions\" (and \"token\")%s",
                           key, "");
                    goto done;
                }
            }
            ids = json_object_get(ballot, "sessions");
            if (!ids) {
                err_at(err, doc, ballot, "a ballot object needs \"sessions\": [session ids]%s%s", "", "");
                goto done;
            }
        }
        if (!json_is_array(ids)) {
            err_at(err, doc, ids, "a ballot must be an array of session ids, not %s%s", kind(ids), "");
            goto done;
        }
        salle_ids *set = add_ballot(b, &cap);
        int scap = 0;
        size_t k;
        json_array_foreach(ids, k, v) {
            if (!json_is_string(v)) {
                err_at(err, doc, v, "a ballot lists session ids as strings, not %s%s", kind(v), "");
                goto done;
            }
            int x = salle_instance_session(inst, json_string_value(v));
            if (x < 0) {
                err_at(err, doc, v, "unknown session \"%s\" in a ballot; no session of %s has this id",
                       json_string_value(v), inst->path ? inst->path : "the instance");
                goto done;
            }
            ids_push(set, &scap, x);
        }
        set->n = salle__sort_unique(set->v, set->n);
    }
    rc = 0;
done:
    salle__jdoc_free(doc);
    return rc;
}

/* ---- CSV ---- */

typedef salle__csv_row crow;

/* A cell without the spaces around it (spreadsheets pad them); points into the cell. */
static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = 0;
    return s;
}

static int blank_row(const crow *r)
{
    for (int k = 0; k < r->n; k++)
        if (trim(r->f[k])[0])
            return 0;
    return 1;
}

/* Ballot labels to ballot numbers: a sorted copy of the labels, searched. */
typedef struct label {
    const char *s;
    int row;
} label;

static int cmp_label(const void *x, const void *y)
{
    const label *a = x, *b = y;
    int c = strcmp(a->s, b->s);
    return c ? c : a->row - b->row;
}

/* The 1-based character column where field k of the row starting on line `line` begins, found by
 * walking the raw text (quotes respected), so a CSV error points at its cell like a JSON one. */
static int cell_col(const char *buf, size_t len, int line, int k)
{
    size_t i = 0;
    for (int l = 1; l < line && i < len; i++)
        if (buf[i] == '\n')
            l++;
    size_t start = i;
    int q = 0;
    for (; i < len && k > 0 && (q || buf[i] != '\n'); i++) {
        if (buf[i] == '"')
            q = !q;
        else if (!q && buf[i] == ',')
            k--;
    }
    return (int)(i - start) + 1;
}

static void note_nul(void *ctx, int line)
{
    int *first = ctx;
    if (!*first)
        *first = line;
}

static int read_csv(const char *buf, size_t len, const char *name, const salle_instance *inst,
                    salle_ballots *b, salle_diag *err)
{
    salle__csv_rows c = {0};
    int nul_line = 0;
    if (salle__csv_rows_read(buf, len, ',', name, note_nul, &nul_line, &c, err) < 0)
        return -1;
    int rc = -1;
    if (nul_line) { /* a session id cut at a NUL byte could name another session: refuse it */
        salle__diag(err, name, nul_line, 0, "a cell contains a NUL byte; expected text");
        goto done;
    }
    int h = 0;
    while (h < c.n && blank_row(&c.rows[h]))
        h++;
    if (h == c.n) {
        salle__diag(err, name, 0, 0, "no header row; expected the columns ballot,session (docs/interest.md)");
        goto done;
    }
    int cb = -1, cs = -1;
    for (int k = 0; k < c.rows[h].n; k++) {
        const char *t = trim(c.rows[h].f[k]);
        if (strcasecmp(t, "ballot") == 0 && cb < 0)
            cb = k;
        else if (strcasecmp(t, "session") == 0 && cs < 0)
            cs = k;
        else {
            salle__diag(err, name, c.rows[h].line, cell_col(buf, len, c.rows[h].line, k),
                        "row %d, column %d: unknown column \"%.60s\"; expected the columns ballot,session (docs/interest.md)",
                        h + 1, k + 1, t);
            goto done;
        }
    }
    if (cb < 0 || cs < 0) {
        salle__diag(err, name, c.rows[h].line, 1, "row %d: the header has no \"%s\" column; expected the columns ballot,session (docs/interest.md)",
                    h + 1, cb < 0 ? "ballot" : "session");
        goto done;
    }
    /* check every row first, then group the marks by ballot label (ballots come out in label
     * order; the order of ballots changes nothing they are used for) */
    int nmarks = 0;
    label *lab = salle__xmalloc(((size_t)c.n + 1) * sizeof *lab);
    int *sess = salle__xmalloc(((size_t)c.n + 1) * sizeof *sess);
    for (int i = h + 1; i < c.n; i++) {
        crow *r = &c.rows[i];
        if (blank_row(r))
            continue;
        const char *bl = cb < r->n ? trim(r->f[cb]) : "";
        const char *sl = cs < r->n ? trim(r->f[cs]) : "";
        if (!bl[0] || !sl[0]) {
            int col = !bl[0] ? cb : cs;
            salle__diag(err, name, r->line, cell_col(buf, len, r->line, col),
                        "row %d, column %d (\"%s\"): expected %s, found an empty cell",
                        i + 1, col + 1, col == cb ? "ballot" : "session",
                        col == cb ? "the ballot's label" : "a session id");
            free(lab);
            free(sess);
            goto done;
        }
        int x = salle_instance_session(inst, sl);
        if (x < 0) {
            salle__diag(err, name, r->line, cell_col(buf, len, r->line, cs),
                        "row %d, column %d (\"session\"): unknown session \"%.100s\"; no session of %s has this id",
                        i + 1, cs + 1, sl, inst->path ? inst->path : "the instance");
            free(lab);
            free(sess);
            goto done;
        }
        lab[nmarks] = (label){bl, nmarks};
        sess[nmarks++] = x;
    }
    qsort(lab, (size_t)nmarks, sizeof *lab, cmp_label);
    int cap = 0, scap = 0;
    salle_ids *set = NULL;
    for (int i = 0; i < nmarks; i++) {
        if (i == 0 || strcmp(lab[i].s, lab[i - 1].s) != 0) {
            if (set)
                set->n = salle__sort_unique(set->v, set->n);
            set = add_ballot(b, &cap);
            scap = 0;
        }
        ids_push(set, &scap, sess[lab[i].row]);
    }
    if (set)
        set->n = salle__sort_unique(set->v, set->n);
    free(lab);
    free(sess);
    rc = 0;
done:
    salle__csv_rows_free(&c);
    return rc;
}

salle_ballots *salle_ballots_parse(const char *buf, size_t len, const char *name,
                                   const salle_instance *inst, salle_diag *err)
{
    salle_ballots *b = salle__xcalloc(1, sizeof *b);
    size_t i = 0;
    while (i < len && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' || buf[i] == '\r'))
        i++;
    /* JSON when it opens an object, CSV otherwise (a CSV header starts with a column name) */
    int rc = i < len && buf[i] == '{' ? read_json(buf, len, name, inst, b, err)
                                      : read_csv(buf, len, name, inst, b, err);
    if (rc < 0) {
        salle_ballots_free(b);
        return NULL;
    }
    return b;
}

salle_ballots *salle_ballots_load(const char *path, const salle_instance *inst, salle_diag *err)
{
    size_t len;
    char *buf = salle__read_file(path, &len, err);
    if (!buf)
        return NULL;
    salle_ballots *b = salle_ballots_parse(buf, len, path, inst, err);
    free(buf);
    return b;
}
