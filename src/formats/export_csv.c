/*
 * export_csv.c: the schedule as a spreadsheet, one row per placed session, for the people who run
 * an event from a shared sheet. Columns:
 *
 *   id,title,format,track,day,start,end,room,speakers,organizers,attendance,needs
 *
 * day is the date ("2018-11-13"), start and end the local clock ("11:00"), room the room's name;
 * lists (tracks, speakers, organizers, needs) are joined with "; ". Quoting follows RFC 4180:
 * a field with a comma, a double quote, CR or LF is enclosed in double quotes and its quotes are
 * doubled; lines end in CRLF. A cell that a spreadsheet would run as a formula (it starts with
 * =, +, -, @, tab or CR) starts with an apostrophe. Writing this needs no library; reading it back (src/import_*.c)
 * uses libcsv, which accepts exactly this.
 */
#include "formats/export.h"

#include <stdlib.h>
#include <string.h>

typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

static void put(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        while (b->n + n + 1 > b->cap)
            b->cap = b->cap ? b->cap * 2 : 4096;
        b->s = salle__xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}

static void put_str(buf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* 1 if a spreadsheet would take a cell starting like s for a formula ("=HYPERLINK(...)",
 * "+1", "-2+3", "@SUM"), or a tab or CR would hide what follows: such a cell is written with a
 * leading apostrophe, which spreadsheets show as text, and which salle import drops again. */
static int formula_like(const char *s)
{
    return s[0] && strchr("=+-@\t\r", s[0]) != NULL;
}

/* One field, quoted only when it has to be. A leading separator is the caller's job. */
static void field(buf *b, const char *s)
{
    if (!s)
        return;
    int guard = formula_like(s);
    if (!strpbrk(s, ",\"\r\n")) {
        if (guard)
            put(b, "'", 1);
        put_str(b, s);
        return;
    }
    put(b, "\"", 1);
    if (guard)
        put(b, "'", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            put(b, "\"\"", 2);
        else
            put(b, p, 1);
    }
    put(b, "\"", 1);
}

/* names[ids] joined with "; " into a new string (caller frees). */
static char *join_names(const salle_instance *inst, const salle_ids *ids, char **table, int people)
{
    buf b = {0};
    put_str(&b, "");
    for (int k = 0; k < ids->n; k++) {
        if (k)
            put_str(&b, "; ");
        if (people) {
            const salle_person *p = &inst->people[ids->v[k]];
            put_str(&b, p->name ? p->name : p->id);
        } else {
            put_str(&b, table[ids->v[k]]);
        }
    }
    return b.s;
}

char *salle_export_csv(const salle_instance *inst, const salle_schedule *s, salle_diag *err)
{
    (void)err; /* nothing here can fail on a loaded schedule */
    salle__export x;
    salle__export_init(&x, inst, s);
    buf b = {0};
    put_str(&b, "id,title,format,track,day,start,end,room,speakers,organizers,attendance,needs\r\n");
    for (int i = 0; i < x.n; i++) {
        const salle_assignment *a = x.a[i];
        const salle_session *ss = &inst->sessions[a->session];
        char date[16], clk[32], num[32];
        field(&b, ss->id);
        put(&b, ",", 1);
        field(&b, ss->title ? ss->title : ss->id);
        put(&b, ",", 1);
        field(&b, ss->format);
        put(&b, ",", 1);
        char *t = join_names(inst, &ss->tracks, inst->track_names, 0);
        field(&b, t);
        free(t);
        put(&b, ",", 1);
        field(&b, salle__export_date(&x, a->start, x.day[i], date));
        put(&b, ",", 1);
        int mod = (a->start - inst->event.day_offset[x.day[i]]) % SALLE_MINUTES_PER_DAY;
        field(&b, salle__export_hhmm(mod, clk));
        put(&b, ",", 1);
        /* The end clock wraps after midnight; "24:00" reads better than "00:00" for a midnight end. */
        int end = mod + ss->duration;
        field(&b, end == SALLE_MINUTES_PER_DAY ? "24:00"
                                                : salle__export_hhmm(end % SALLE_MINUTES_PER_DAY, clk));
        put(&b, ",", 1);
        field(&b, x.room_name[a->room]);
        put(&b, ",", 1);
        char *sp = join_names(inst, &ss->speakers, NULL, 1);
        field(&b, sp);
        free(sp);
        put(&b, ",", 1);
        char *org = join_names(inst, &ss->organizers, NULL, 1);
        field(&b, org);
        free(org);
        put(&b, ",", 1);
        snprintf(num, sizeof num, "%d", ss->attendance);
        field(&b, num);
        put(&b, ",", 1);
        char *nd = join_names(inst, &ss->needs, inst->feature_names, 0);
        field(&b, nd);
        free(nd);
        put_str(&b, "\r\n");
    }
    salle__export_done(&x);
    return b.s;
}
