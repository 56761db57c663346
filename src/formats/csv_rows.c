/*
 * csv_rows.c: a CSV file as rows of cells with the line each row starts on (csv_rows.h). libcsv
 * does the parsing (quotes, escaped quotes, cells across lines); it is fed a line at a time so
 * that each row knows where it starts, which is what every CSV error message needs.
 */
#include "formats/csv_rows.h"
#include "base/tr.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>

typedef struct feed {
    salle__csv_rows *out;
    salle__csv_row cur;
    int curcap;
    int line; /* physical line being fed */
    void (*on_nul)(void *ctx, int line);
    void *ctx;
} feed;

static void on_field(void *s, size_t len, void *data)
{
    feed *c = data;
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
    if (strlen(v) != len && c->on_nul) /* a NUL byte inside a cell: keep what comes before it */
        c->on_nul(c->ctx, c->line);
    c->cur.f[c->cur.n++] = v;
}

static void on_row(int term, void *data)
{
    (void)term;
    feed *c = data;
    salle__csv_rows *o = c->out;
    if (o->n == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 64;
        o->rows = salle__xrealloc(o->rows, (size_t)o->cap * sizeof *o->rows);
    }
    o->rows[o->n++] = c->cur;
    memset(&c->cur, 0, sizeof c->cur);
    c->curcap = 0;
}

static void free_row(salle__csv_row *r)
{
    for (int k = 0; k < r->n; k++)
        free(r->f[k]);
    free(r->f);
}

void salle__csv_rows_free(salle__csv_rows *r)
{
    for (int i = 0; i < r->n; i++)
        free_row(&r->rows[i]);
    free(r->rows);
    memset(r, 0, sizeof *r);
}

int salle__csv_rows_read(const char *buf, size_t len, unsigned char delim, const char *name,
                         void (*on_nul)(void *ctx, int line), void *ctx, salle__csv_rows *out,
                         salle_diag *err)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        return salle__diag(err, name, 0, 0, N_("cannot start the CSV reader"));
    csv_set_realloc_func(&p, salle__xrealloc);
    csv_set_free_func(&p, free);
    csv_set_delim(&p, delim);
    size_t off = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        off = 3; /* spreadsheets like to start UTF-8 with a byte order mark */
    feed c = {out, {0}, 0, 1, on_nul, ctx};
    while (off < len) {
        const char *nl = memchr(buf + off, '\n', len - off);
        size_t n = nl ? (size_t)(nl - (buf + off)) + 1 : len - off;
        if (csv_parse(&p, buf + off, n, on_field, on_row, &c) != n) {
            salle__diag_lib(err, name, c.line, 0,
                            N_("cannot read the CSV, where salle expects rows of cells separated by commas, semicolons or tabs; libcsv says: %s"),
                            csv_strerror(csv_error(&p)));
            csv_free(&p);
            free_row(&c.cur);
            salle__csv_rows_free(out);
            return -1;
        }
        off += n;
        c.line++;
    }
    csv_fini(&p, on_field, on_row, &c);
    csv_free(&p);
    free_row(&c.cur);
    return 0;
}
