/*
 * export_csv.c: the schedule as a spreadsheet, one row per placed session, for the people who run
 * an event from a shared sheet, in the layout `salle import` reads (docs/csv.md), so that a sheet
 * exported, edited and imported again loses nothing the layout can say. Columns:
 *
 *   id,title,format,track,day,start,end,duration,room,speakers,organizers,attendance,needs,
 *   abstract,language,url,guid,tags,capacity,pinned,available,resources,after,not_with,remote,
 *   organizer_emails,timezone,event,days,remote_link,remote_note,document,report,transcript,
 *   recording
 *
 * day is the date ("2018-11-13"), start the local date and time ("2018-11-13T11:00"), end the
 * local clock ("12:30"), duration minutes, room the room's name, capacity its seats; lists are
 * joined with "; "; people are named, and two people with one name "Name [id]"; the abstract is plain text (formats/text.h); timezone and event repeat on
 * every row, so that a sorted or filtered sheet still says them, and so do the event's days
 * ("2018-11-12..2018-11-14"), which sessions to place later may need. The last six columns are
 * the session's typed links (issue 8), the first of each type, through the one URL policy
 * (formats/export.h); remote_note is the remote link's note. Quoting follows RFC 4180: a
 * field with a comma, a double quote, CR or LF is enclosed in double quotes and its quotes are
 * doubled; lines end in CRLF. A cell that a spreadsheet would run as a formula (it starts with
 * =, +, -, @, tab or CR) starts with an apostrophe, which the importer drops again. Writing this
 * needs no library; reading it back
 * (src/formats/import_csv.c) uses libcsv, which accepts exactly this.
 */
#include "formats/export.h"
#include "formats/import.h"
#include "formats/text.h"
#include "model/talks.h"

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
    for (const char *p = s;;) { /* runs between quotes at once: abstracts are long */
        const char *q = strchr(p, '"');
        put(b, p, q ? (size_t)(q - p) : strlen(p));
        if (!q)
            break;
        put(b, "\"\"", 2);
        p = q + 1;
    }
    put(b, "\"", 1);
}

static const char *person_name(const salle_person *p)
{
    return p->name ? p->name : p->id;
}

static int cmp_by_name(const void *a, const void *b, void *ctx)
{
    const salle_instance *inst = ctx;
    return strcmp(person_name(&inst->people[*(const int *)a]), person_name(&inst->people[*(const int *)b]));
}

/* Per person: 1 when another person has the same name. The importer knows people by name, so
 * namesakes are written "Name [id]" to stay apart. Caller frees. */
static char *namesakes(const salle_instance *inst)
{
    char *same = salle__xcalloc((size_t)inst->npeople + 1, 1);
    int *ix = salle__xmalloc(((size_t)inst->npeople + 1) * sizeof *ix);
    for (int i = 0; i < inst->npeople; i++)
        ix[i] = i;
    qsort_r(ix, (size_t)inst->npeople, sizeof *ix, cmp_by_name, (void *)inst);
    for (int i = 1; i < inst->npeople; i++)
        if (cmp_by_name(&ix[i - 1], &ix[i], (void *)inst) == 0)
            same[ix[i - 1]] = same[ix[i]] = 1;
    free(ix);
    return same;
}

static void put_person(buf *b, const salle_instance *inst, int p, const char *same)
{
    put_str(b, person_name(&inst->people[p]));
    if (same && same[p]) {
        put_str(b, " [");
        put_str(b, inst->people[p].id);
        put_str(b, "]");
    }
}

/* names[ids] joined with "; " into l, emptied first (one scratch buffer for every cell of the
 * sheet, not a new one per cell); people (table NULL) by name, and id where same says they have
 * a namesake. Returns l's text. */
static const char *join_names(buf *l, const salle_instance *inst, const salle_ids *ids,
                              char **table, const char *same)
{
    l->n = 0;
    put(l, "", 0);
    for (int k = 0; k < ids->n; k++) {
        if (k)
            put(l, "; ", 2);
        if (!table) {
            put_person(l, inst, ids->v[k], same);
        } else {
            put_str(l, table[ids->v[k]]);
        }
    }
    return l->s;
}

/* What "%d" writes of v, into out (at least 24 bytes); printf's thousand instructions were a
 * tenth of the sheet's own time. */
static const char *int_text(long v, char out[24])
{
    char *e = out + 23;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    *e = 0;
    do
        *--e = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--e = '-';
    return e;
}

/* The session's allowed windows, as the importer reads them: "2018-11-13 09:00-12:00", one per
 * calendar date. */
static const char *windows_text(buf *l, const salle__export *x, const salle_windows *ws)
{
    const salle_instance *inst = x->inst;
    buf b = *l;
    b.n = 0;
    put_str(&b, "");
    for (int k = 0; !ws->any && k < ws->n; k++) {
        for (int t = ws->w[k].start; t < ws->w[k].end;) {
            int d = salle__export_day_of(inst, t);
            int base = inst->event.day_offset[d] +
                       (t - inst->event.day_offset[d]) / SALLE_MINUTES_PER_DAY * SALLE_MINUTES_PER_DAY;
            int e = ws->w[k].end < base + SALLE_MINUTES_PER_DAY ? ws->w[k].end : base + SALLE_MINUTES_PER_DAY;
            char date[16], c1[16], c2[16];
            if (b.n)
                put_str(&b, "; ");
            put_str(&b, salle__export_date(x, t, d, date));
            put_str(&b, " ");
            put_str(&b, salle__export_hhmm(t - base, c1));
            put_str(&b, "-");
            put_str(&b, salle__export_hhmm(e - base, c2));
            t = e;
        }
    }
    *l = b;
    return b.s;
}

/* The event days: "FIRST..LAST" when they follow each other, else "D1; D2; ...". */
static char *days_text(const salle_instance *inst)
{
    const salle_event *e = &inst->event;
    int straight = 1;
    for (int d = 1; d < e->ndays; d++)
        straight &= e->day_offset[d] - e->day_offset[d - 1] == SALLE_MINUTES_PER_DAY;
    if (straight && e->ndays > 1)
        return salle__xasprintf("%s..%s", e->days[0], e->days[e->ndays - 1]);
    buf b = {0};
    put_str(&b, "");
    for (int d = 0; d < e->ndays; d++) {
        put_str(&b, d ? "; " : "");
        put_str(&b, e->days[d]);
    }
    return b.s;
}

/* The columns the native format has and a published programme does not (issue 8.5). */
static void planning_fields(buf *b, buf *scratch, const salle__export *x, const salle_session *ss,
                            const char *same)
{
    const salle_instance *inst = x->inst;
    put(b, ",", 1);
    field(b, ss->pinned_room >= 0 && ss->pinned_start >= 0 ? "yes"
             : ss->pinned_room >= 0                        ? "room"
             : ss->pinned_start >= 0                       ? "time"
                                                           : "");
    put(b, ",", 1);
    field(b, windows_text(scratch, x, &ss->allowed));
    buf l = *scratch; /* handed back below */
    l.n = 0;
    put(b, ",", 1);
    put_str(&l, "");
    for (int k = 0; k < ss->resources.n; k++) {
        const salle_resource *r = &inst->resources[ss->resources.v[k]];
        char num[24];
        put_str(&l, k ? "; " : "");
        put_str(&l, r->name ? r->name : r->id);
        put_str(&l, " (");
        put_str(&l, int_text(r->capacity, num));
        put_str(&l, ")");
    }
    field(b, l.s);
    for (int pass = 0; pass < 2; pass++) {
        const salle_ids *ids = pass ? &ss->not_with : &ss->after;
        l.n = 0;
        l.s[0] = 0;
        for (int k = 0; k < ids->n; k++) {
            put_str(&l, k ? "; " : "");
            put_str(&l, inst->sessions[ids->v[k]].id);
        }
        put(b, ",", 1);
        field(b, l.s);
    }
    l.n = 0;
    l.s[0] = 0;
    for (int k = 0; k < ss->people.n; k++) {
        const salle_person *p = &inst->people[ss->people.v[k]];
        if (!p->remote)
            continue;
        put_str(&l, l.n ? "; " : "");
        put_person(&l, inst, ss->people.v[k], same);
        if (p->timezone) {
            put_str(&l, " (");
            put_str(&l, p->timezone);
            put_str(&l, ")");
        }
    }
    put(b, ",", 1);
    field(b, l.s);
    /* one address per organizer, in order; "-" for an organizer without one */
    l.n = 0;
    l.s[0] = 0;
    int any = 0;
    for (int k = 0; k < ss->organizers.n; k++) {
        const salle_person *p = &inst->people[ss->organizers.v[k]];
        put_str(&l, k ? "; " : "");
        put_str(&l, p->email ? p->email : "-");
        any |= p->email != NULL;
    }
    put(b, ",", 1);
    field(b, any ? l.s : "");
    *scratch = l;
}

/* The typed link columns (issue 8), in the names import_csv.c reads: the first link of each of
 * salle's types, and the remote link's note. */
static void link_fields(buf *b, const salle_instance *inst, const salle_session *ss)
{
    static const char *const types[] = {"remote", NULL, "document", "report", "transcript",
                                        "recording"};
    const salle_link *remote = NULL;
    for (size_t t = 0; t < sizeof types / sizeof *types; t++) {
        put(b, ",", 1);
        if (!types[t]) { /* remote_note */
            field(b, remote ? remote->note : NULL);
            continue;
        }
        for (int k = 0; k < ss->nlinks; k++) {
            const salle_link *l = &ss->links[k];
            if (!l->type || strcmp(l->type, types[t]) != 0)
                continue;
            char *url = salle__export_url(inst, l->url); /* NULL unless http(s) */
            if (!url)
                continue;
            field(b, url);
            free(url);
            if (t == 0)
                remote = l;
            break;
        }
    }
}

/* ---------------------------------------------------------------- the talks sheet */

/* A fact line above the tables: "key,value". */
static void fact(buf *b, const char *key, const char *value)
{
    field(b, key);
    put(b, ",", 1);
    field(b, value);
    put_str(b, "\r\n");
}

/* A person as the talks sheet names them: "Name", or "Name [id]" when the id is not the one
 * salle import would give the name. */
static void person_ref(buf *l, const salle_person *p)
{
    const char *name = p->name ? p->name : p->id;
    char *def = salle__imp_slug("p-", name);
    put_str(l, name);
    if (strcmp(def, p->id) != 0) {
        put_str(l, " [");
        put_str(l, p->id);
        put_str(l, "]");
    }
    free(def);
}

static void people_cell(buf *b, const salle_instance *inst, const salle_ids *ids)
{
    buf l = {0};
    for (int k = 0; k < ids->n; k++) {
        if (k)
            put_str(&l, "; ");
        person_ref(&l, &inst->people[ids->v[k]]);
    }
    field(b, l.s);
    free(l.s);
}

/* "id (N); ..." of the nonzero penalties in pen (n entries named by ids). */
static void penalty_cell(buf *b, const long *pen, int n, const char *(*id)(const salle_instance *, int),
                         const salle_instance *inst)
{
    buf l = {0};
    char num[32];
    for (int k = 0; pen && k < n; k++) {
        if (!pen[k])
            continue;
        if (l.n)
            put_str(&l, "; ");
        put_str(&l, id(inst, k));
        snprintf(num, sizeof num, " (%ld)", pen[k]);
        put_str(&l, num);
    }
    field(b, l.s);
    free(l.s);
}

static const char *room_id(const salle_instance *inst, int k) { return inst->rooms[k].id; }
static const char *block_id(const salle_instance *inst, int k) { return inst->talks->blocks[k].id; }
static const char *track_id(const salle_instance *inst, int k) { return inst->talks->tracks[k].id; }

static void clock_of(const salle_instance *inst, int day, int m, char out[16])
{
    m -= inst->event.day_offset[day];
    snprintf(out, 16, "%02d:%02d", m / 60, m % 60);
}

/* docs/csv.md "Talks": the facts, then the block, track and talk tables, one under the other,
 * which salle import reads back into the same instance. */
static char *talks_sheet(const salle_instance *inst)
{
    const salle_talks *t = inst->talks;
    buf b = {0}, l = {0};
    char num[64], x[16], y[16];
    fact(&b, "event", inst->event.name);
    fact(&b, "timezone", inst->event.timezone);
    for (int r = 0; r < inst->nrooms; r++) {
        const salle_room *rm = &inst->rooms[r];
        const char *name = rm->name ? rm->name : rm->id;
        if (r)
            put_str(&l, "; ");
        put_str(&l, name);
        if (strcmp(name, rm->id) != 0) {
            put_str(&l, " [");
            put_str(&l, rm->id);
            put_str(&l, "]");
        }
        if (!rm->capacity_unknown) {
            snprintf(num, sizeof num, " (%d)", rm->capacity);
            put_str(&l, num);
        }
    }
    fact(&b, "rooms", l.s);
    free(l.s);
    snprintf(num, sizeof num, "%02d:%02d-%02d:%02d", t->suitable_start / 60, t->suitable_start % 60,
             t->suitable_end / 60, t->suitable_end % 60);
    fact(&b, "suitable hours", num);
    snprintf(num, sizeof num, "%02d:%02d-%02d:%02d", t->less_start / 60, t->less_start % 60,
             t->less_end / 60, t->less_end % 60);
    fact(&b, "less suitable hours", num);
    snprintf(num, sizeof num, "%ld; %ld", t->small_penalty, t->big_penalty);
    fact(&b, "hour penalties", num);
    l = (buf){0};
    for (int g = 0; g < SALLE_TALK_GOAL_COUNT; g++) {
        if (t->weights[g] == salle__talk_goal_default(g))
            continue;
        if (l.n)
            put_str(&l, "; ");
        snprintf(num, sizeof num, "%s (%ld)", salle_talk_goal_name(g), t->weights[g]);
        put_str(&l, num);
    }
    if (l.n)
        fact(&b, "weights", l.s);
    free(l.s);

    put_str(&b, "\r\nblock,day,start,end,slots,room penalties\r\n");
    for (int k = 0; k < t->nblocks; k++) {
        const salle_block *bl = &t->blocks[k];
        field(&b, bl->id);
        put(&b, ",", 1);
        field(&b, inst->event.days[bl->day]);
        clock_of(inst, bl->day, bl->start, x);
        clock_of(inst, bl->day, bl->end, y);
        snprintf(num, sizeof num, ",%s,%s,%d,", x, y, bl->slots);
        put_str(&b, num);
        penalty_cell(&b, bl->room_penalty, inst->nrooms, room_id, inst);
        put_str(&b, "\r\n");
    }

    put_str(&b, "\r\ntrack,name,chairs,block penalties,room penalties,similar tracks\r\n");
    for (int k = 0; k < t->ntracks; k++) {
        const salle_talk_track *tr = &t->tracks[k];
        field(&b, tr->id);
        put(&b, ",", 1);
        field(&b, tr->name && strcmp(tr->name, tr->id) != 0 ? tr->name : "");
        put(&b, ",", 1);
        people_cell(&b, inst, &tr->chairs);
        put(&b, ",", 1);
        penalty_cell(&b, tr->block_penalty, t->nblocks, block_id, inst);
        put(&b, ",", 1);
        penalty_cell(&b, tr->room_penalty, inst->nrooms, room_id, inst);
        put(&b, ",", 1);
        long *later = salle__xcalloc((size_t)t->ntracks, sizeof *later); /* each pair once */
        for (int j = k + 1; j < t->ntracks; j++)
            later[j] = t->similar[k * t->ntracks + j];
        penalty_cell(&b, later, t->ntracks, track_id, inst);
        free(later);
        put_str(&b, "\r\n");
    }

    put_str(&b, "\r\nid,title,track,order,slots,presenters,attendees,timezone,block penalties,"
                "room penalties,abstract\r\n");
    for (int k = 0; k < t->ntalks; k++) {
        const salle_talk *tk = &t->talks[k];
        field(&b, tk->id);
        put(&b, ",", 1);
        field(&b, tk->title && strcmp(tk->title, tk->id) != 0 ? tk->title : ""); /* blank: the id */
        put(&b, ",", 1);
        field(&b, t->tracks[tk->track].id);
        put(&b, ",", 1);
        if (tk->order > 0) {
            snprintf(num, sizeof num, "%d", tk->order);
            put_str(&b, num);
        }
        snprintf(num, sizeof num, ",%d,", tk->slots);
        put_str(&b, num);
        people_cell(&b, inst, &tk->presenters);
        put(&b, ",", 1);
        people_cell(&b, inst, &tk->attendees);
        put(&b, ",", 1);
        if (tk->timezone && strcmp(tk->timezone, inst->event.timezone) != 0)
            field(&b, tk->timezone);
        put(&b, ",", 1);
        penalty_cell(&b, tk->block_penalty, t->nblocks, block_id, inst);
        put(&b, ",", 1);
        penalty_cell(&b, tk->room_penalty, inst->nrooms, room_id, inst);
        put(&b, ",", 1);
        field(&b, tk->abstract);
        put_str(&b, "\r\n");
    }
    return b.s;
}

char *salle_export_csv(const salle_instance *inst, const salle_schedule *s, salle_diag *err)
{
    (void)err; /* nothing here can fail on a loaded schedule */
    if (inst->talks && inst->nsessions == 0)
        return talks_sheet(inst); /* a conference of talks only: the talks sheet */
    salle__export x;
    salle__export_init(&x, inst, s);
    /* room for the whole sheet at once, about: growing it by doubling copied it ten times */
    size_t est = 65536;
    for (int i = 0; i < inst->nsessions; i++)
        est += 1024 + (inst->sessions[i].abstract ? strlen(inst->sessions[i].abstract) : 0);
    buf b = {salle__xmalloc(est), 0, est};
    put_str(&b, "id,title,format,track,day,start,end,duration,room,speakers,organizers,attendance,"
                "needs,abstract,language,url,guid,tags,capacity,pinned,available,resources,after,"
                "not_with,remote,organizer_emails,timezone,event,days,remote_link,remote_note,"
                "document,report,transcript,recording\r\n");
    char *days = days_text(inst);
    char *same = namesakes(inst);
    buf l = {0}; /* each cell's scratch */
    for (int i = 0; i < x.n; i++) {
        const salle_assignment *a = x.a[i];
        const salle_session *ss = &inst->sessions[a->session];
        char date[16], clk[32], num[24], start[48];
        field(&b, ss->id);
        put(&b, ",", 1);
        field(&b, ss->title ? ss->title : ss->id);
        put(&b, ",", 1);
        field(&b, ss->format);
        put(&b, ",", 1);
        field(&b, join_names(&l, inst, &ss->tracks, inst->track_names, NULL));
        put(&b, ",", 1);
        field(&b, salle__export_date(&x, a->start, x.day[i], date));
        put(&b, ",", 1);
        int mod = (a->start - inst->event.day_offset[x.day[i]]) % SALLE_MINUTES_PER_DAY;
        size_t dl = strlen(date); /* "%sT%s" */
        salle__export_hhmm(mod, clk);
        memcpy(start, date, dl);
        start[dl] = 'T';
        memcpy(start + dl + 1, clk, strlen(clk) + 1);
        field(&b, start);
        put(&b, ",", 1);
        /* The end clock wraps after midnight; "24:00" reads better than "00:00" for a midnight end. */
        int end = mod + ss->duration;
        field(&b, end == SALLE_MINUTES_PER_DAY ? "24:00"
                                                : salle__export_hhmm(end % SALLE_MINUTES_PER_DAY, clk));
        put(&b, ",", 1);
        field(&b, int_text(ss->duration, num));
        put(&b, ",", 1);
        field(&b, x.room_name[a->room]);
        put(&b, ",", 1);
        field(&b, join_names(&l, inst, &ss->speakers, NULL, same));
        put(&b, ",", 1);
        field(&b, join_names(&l, inst, &ss->organizers, NULL, same));
        put(&b, ",", 1);
        field(&b, int_text(ss->attendance, num));
        put(&b, ",", 1);
        field(&b, join_names(&l, inst, &ss->needs, inst->feature_names, NULL));
        put(&b, ",", 1);
        char *ab = salle__text_plain(ss->abstract, ss->abstract_format); /* a sheet holds text */
        field(&b, ab);
        free(ab);
        put(&b, ",", 1);
        field(&b, ss->language);
        put(&b, ",", 1);
        field(&b, salle__export_url_ok(ss->url) ? ss->url : ""); /* one URL policy */
        put(&b, ",", 1);
        field(&b, ss->guid);
        put(&b, ",", 1);
        field(&b, join_names(&l, inst, &ss->tags, inst->tag_names, NULL));
        put(&b, ",", 1);
        if (inst->rooms[a->room].capacity_unknown) { /* "capacity": null: no invented number */
            field(&b, "");
        } else {
            field(&b, int_text(inst->rooms[a->room].capacity, num));
        }
        planning_fields(&b, &l, &x, ss, same);
        put(&b, ",", 1);
        field(&b, inst->event.timezone);
        put(&b, ",", 1);
        field(&b, inst->event.name);
        put(&b, ",", 1);
        field(&b, days);
        link_fields(&b, inst, ss);
        put_str(&b, "\r\n");
    }
    free(days);
    free(same);
    free(l.s);
    salle__export_done(&x);
    return b.s;
}
