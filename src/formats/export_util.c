/*
 * export_util.c: the groundwork every exporter shares (see export.h): the timetable in reading
 * order, local date-times with the zone's UTC offset, and the identifiers that frab and c3voc
 * readers require. Keeping them in one place is what makes a session carry the same integer id,
 * slug and guid in schedule.xml, schedule.json and the iCalendar feed, version after version.
 */
#include "formats/export.h"
#include "base/tr.h"
#include "model/model.h"

#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


static unsigned long long fnv64(const char *s, unsigned long long h)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

int salle__export_cmp(const void *a, const void *b, void *ctx)
{
    const salle_assignment *x = *(const salle_assignment *const *)a;
    const salle_assignment *y = *(const salle_assignment *const *)b;
    const salle_instance *inst = ctx;
    if (x->start != y->start)
        return (x->start > y->start) - (x->start < y->start);
    if (x->room != y->room)
        return (x->room > y->room) - (x->room < y->room);
    return strcmp(inst->sessions[x->session].id, inst->sessions[y->session].id);
}

int salle__export_day_of(const salle_instance *inst, int t)
{
    int cd = salle_time_day(inst, t); /* the conference day, after frab's day change */
    if (cd >= 0)
        return cd;
    for (int d = inst->event.ndays - 1; d > 0; d--)
        if (t >= inst->event.day_offset[d])
            return d;
    return 0;
}

/* A positive integer that fits the XSD's xs:positiveInteger and every reader's int: the id
 * itself when it is a plain number (imported frab ids survive the round trip), else a hash. */
static int number_for(const char *id, const char *salt)
{
    size_t n = strlen(id);
    if (n > 0 && n <= 9 && id[0] != '0' && strspn(id, "0123456789") == n)
        return atoi(id);
    return (int)(fnv64(id, fnv64(salt, 1469598103934665603ULL)) % 1000000000ULL) + 1000000000;
}

/* Fills num[i] for n ids, distinct: plain numbers claim theirs first, hashes probe upwards. The
 * table is open addressing over a power of two; n is at most a few thousand. */
static void unique_numbers(int *num, int n, const char *const *ids, const char *salt)
{
    size_t cap = 16;
    while (cap < (size_t)n * 2 + 2)
        cap *= 2;
    int *tab = salle__xcalloc(cap, sizeof *tab); /* 0 = empty */
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < n; i++) {
            size_t len = strlen(ids[i]);
            int plain = len > 0 && len <= 9 && ids[i][0] != '0' &&
                        strspn(ids[i], "0123456789") == len;
            if (plain != (pass == 0))
                continue;
            int v = number_for(ids[i], salt);
            for (;;) {
                size_t h = ((size_t)v * 2654435761u) & (cap - 1);
                while (tab[h] && tab[h] != v)
                    h = (h + 1) & (cap - 1);
                if (!tab[h]) {
                    tab[h] = v;
                    break;
                }
                v = v == INT_MAX ? 1 : v + 1; /* taken: try the next number */
            }
            num[i] = v;
        }
    }
    free(tab);
}

static void make_acronym(salle__export *x)
{
    const salle_event *e = &x->inst->event;
    const char *src = e->acronym && e->acronym[0] ? e->acronym : e->name ? e->name : "";
    size_t k = 0;
    for (const char *p = src; *p && k < 40; p++) {
        unsigned char c = (unsigned char)*p;
        if (isalnum(c) && c < 128)
            x->acronym[k++] = (char)tolower(c);
        else if (k > 0 && x->acronym[k - 1] != '_')
            x->acronym[k++] = '_'; /* '-' too: schema.json allows it only in one spot */
    }
    while (k > 0 && x->acronym[k - 1] == '_')
        k--;
    /* Both schemas want at least four characters; the year keeps a short acronym meaningful. */
    if (k < 4 && e->ndays > 0)
        for (int i = 0; i < 4; i++)
            x->acronym[k++] = e->days[0][i];
    while (k < 4)
        x->acronym[k++] = '_';
    x->acronym[k] = 0;
}

/* The source's slug fits the XSD's voc-slug-new and schema.json's slug pattern. */
static int slug_fits(const char *s)
{
    const char *dash = strchr(s, '-');
    if (!dash || dash - s < 4)
        return 0;
    for (const char *p = s; p < dash; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return 0;
    size_t n = strlen(dash + 1);
    if (n < 4 || strspn(dash + 1, "abcdefghijklmnopqrstuvwxyz0123456789-_") != n)
        return 0;
    char last = s[strlen(s) - 1];
    return (last >= 'a' && last <= 'z') || (last >= '0' && last <= '9');
}

/* x->guid and x->slug (issue 8): every export must name each session once, or the frab XSD fails
 * (guid_unique, slug_unique) and calendars keep one of two events with the same UID. */
static void unique_guids_and_slugs(salle__export *x)
{
    const salle_instance *inst = x->inst;
    int n = inst->nsessions;
    x->guid = salle__xcalloc((size_t)n + 1, sizeof *x->guid);
    x->slug = salle__xcalloc((size_t)n + 1, sizeof *x->slug);
    salle__strmap guids, slugs;
    salle__strmap_init(&guids);
    salle__strmap_init(&slugs);
    for (int i = 0; i < n; i++) {
        char *g = salle__export_guid(inst, i);
        while (salle__strmap_get(&guids, g) >= 0) {
            char *again = salle__uuid_for(g, inst->sessions[i].id);
            free(g);
            g = again;
        }
        x->guid[i] = g;
        salle__strmap_put(&guids, g, i);
    }
    /* a generated slug has the session's number in it, so only the kept ones can collide */
    for (int i = 0; i < n; i++) {
        const char *sl = inst->sessions[i].slug;
        if (sl && slug_fits(sl) && salle__strmap_get(&slugs, sl) < 0) {
            x->slug[i] = salle__xstrdup(sl);
            salle__strmap_put(&slugs, x->slug[i], i);
        }
    }
    for (int i = 0; i < n; i++) { /* nor may a generated one equal a kept one */
        if (x->slug[i])
            continue;
        char *gen = salle__export_slug(x, i);
        if (salle__strmap_get(&slugs, gen) >= 0) {
            char *alt = salle__xasprintf("%s-%d", gen, i + 1);
            free(gen);
            gen = alt;
        }
        x->slug[i] = gen;
    }
    salle__strmap_free(&guids);
    salle__strmap_free(&slugs);
}

void salle__export_init(salle__export *x, const salle_instance *inst, const salle_schedule *s)
{
    memset(x, 0, sizeof *x);
    x->inst = inst;
    x->ics_description = salle__xcalloc((size_t)inst->nsessions + 1, sizeof *x->ics_description);
    x->ics_vtimezone = salle__xcalloc(2, sizeof *x->ics_vtimezone);
    x->person_guid = salle__xcalloc((size_t)inst->npeople + 1, sizeof *x->person_guid);
    x->a = salle__xmalloc((size_t)(s->nassign + 1) * sizeof *x->a);
    for (int i = 0; i < s->nassign; i++) {
        const salle_assignment *a = &s->assign[i];
        if (a->session >= 0 && a->session < inst->nsessions && a->room >= 0 &&
            a->room < inst->nrooms)
            x->a[x->n++] = a;
    }
    qsort_r(x->a, (size_t)x->n, sizeof *x->a, salle__export_cmp, (void *)inst);
    x->day = salle__xmalloc((size_t)(x->n + 1) * sizeof *x->day);
    for (int i = 0; i < x->n; i++)
        x->day[i] = salle__export_day_of(inst, x->a[i]->start);

    /* One tz lookup per day, not per session: salle__tz_offset reloads the zone each time. */
    int nd = inst->event.ndays;
    x->utc_offset = salle__xcalloc((size_t)nd + 1, sizeof *x->utc_offset);
    x->day_date = salle__xcalloc((size_t)nd + 1, sizeof *x->day_date);
    x->tz_known = 1;
    for (int d = 0; d < nd; d++) {
        int ok;
        x->day_date[d] = salle__parse_date(inst->event.days[d]);
        x->utc_offset[d] = salle__tz_offset(inst->event.timezone ? inst->event.timezone : "",
                                            x->day_date[d], &ok);
        if (!ok)
            x->tz_known = 0;
    }

    /* Readers key rooms by name (c3voc JSON even uses it as an object key): make names unique.
     * A shared name gets the room's id, "Hall (h2)"; should that too be some room's name, a
     * number follows, "Hall (h2) 2", until no other room has it. */
    x->room_name = salle__xcalloc((size_t)inst->nrooms + 1, sizeof *x->room_name);
    for (int r = 0; r < inst->nrooms; r++) {
        const char *name = inst->rooms[r].name ? inst->rooms[r].name : inst->rooms[r].id;
        int dup = 0;
        for (int q = 0; q < inst->nrooms && !dup; q++) {
            const char *other = inst->rooms[q].name ? inst->rooms[q].name : inst->rooms[q].id;
            dup = q != r && strcmp(name, other) == 0;
        }
        char *raw = dup ? salle__xasprintf("%s (%s)", name, inst->rooms[r].id)
                        : salle__xstrdup(name);
        char *clean = salle__export_clean(raw);
        for (int k = 2; dup; k++) {
            int taken = 0;
            for (int q = 0; q < inst->nrooms && !taken; q++) {
                const char *other = inst->rooms[q].name ? inst->rooms[q].name : inst->rooms[q].id;
                taken = q != r && (strcmp(clean, other) == 0 ||
                                   (q < r && strcmp(clean, x->room_name[q]) == 0));
            }
            if (!taken)
                break;
            free(clean);
            char *numbered = salle__xasprintf("%s %d", raw, k);
            clean = salle__export_clean(numbered);
            free(numbered);
        }
        x->room_name[r] = clean;
        free(raw);
    }

    const char **ids = salle__xmalloc((size_t)(inst->nsessions + inst->npeople + 1) * sizeof *ids);
    x->session_num = salle__xcalloc((size_t)inst->nsessions + 1, sizeof *x->session_num);
    for (int i = 0; i < inst->nsessions; i++)
        ids[i] = inst->sessions[i].id;
    unique_numbers(x->session_num, inst->nsessions, ids, "session");
    x->person_num = salle__xcalloc((size_t)inst->npeople + 1, sizeof *x->person_num);
    for (int i = 0; i < inst->npeople; i++) /* the source's own number survives (issue 8) */
        ids[i] = inst->people[i].source_id ? inst->people[i].source_id : inst->people[i].id;
    unique_numbers(x->person_num, inst->npeople, ids, "person");
    /* A source's own person number is kept even where merged schedules gave it to two people
     * (issue 8): the people differ by guid, and no reader needs person ids to be unique. Hashes
     * are at least 10^9, so they never meet a number of up to nine digits. */
    for (int i = 0; i < inst->npeople; i++) {
        const char *src = inst->people[i].source_id;
        size_t len = src ? strlen(src) : 0;
        if (len > 0 && len <= 9 && src[0] != '0' && strspn(src, "0123456789") == len)
            x->person_num[i] = atoi(src);
    }
    free(ids);

    make_acronym(x);
    unique_guids_and_slugs(x);

    unsigned long long h = 1469598103934665603ULL;
    for (int i = 0; i < x->n; i++) {
        char buf[64], *e = buf + sizeof buf; /* "\x1f%d\x1f", written backwards */
        long long v = x->a[i]->start;
        unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
        *--e = 0;
        *--e = '\x1f';
        do
            *--e = (char)('0' + u % 10);
        while (u /= 10);
        if (v < 0)
            *--e = '-';
        *--e = '\x1f';
        h = fnv64(inst->rooms[x->a[i]->room].id,
                  fnv64(e, fnv64(inst->sessions[x->a[i]->session].id, h)));
    }
    snprintf(x->version, sizeof x->version, "salle-%08llx", h >> 32);
    salle__export_talks_init(x, s);
}

void salle__export_done(salle__export *x)
{
    if (!x)
        return;
    if (x->room_name)
        for (int r = 0; r < x->inst->nrooms; r++)
            free(x->room_name[r]);
    free(x->room_name);
    free(x->a);
    free(x->day);
    free(x->utc_offset);
    free(x->day_date);
    free(x->session_num);
    free(x->person_num);
    for (int i = 0; x->guid && i < x->inst->nsessions; i++) {
        free(x->guid[i]);
        free(x->slug[i]);
    }
    free(x->guid);
    free(x->slug);
    if (x->ics_description)
        for (int i = 0; i < x->inst->nsessions; i++)
            free(x->ics_description[i]);
    free(x->ics_description);
    salle__export_ics_done(x);
    if (x->person_guid)
        for (int i = 0; i < x->inst->npeople; i++)
            free(x->person_guid[i]);
    free(x->person_guid);
    salle__export_talks_done(x);
    memset(x, 0, sizeof *x);
}

/* Splits minute t into the calendar date and the minute of that date. */
static void local_parts(const salle__export *x, int t, int day, int *y, int *m, int *d, int *mod)
{
    const salle_event *e = &x->inst->event;
    if (day < 0)
        day = salle__export_day_of(x->inst, t);
    int rel = t - e->day_offset[day];
    int shift = rel >= 0 ? rel / SALLE_MINUTES_PER_DAY : -((-rel + SALLE_MINUTES_PER_DAY - 1) /
                                                            SALLE_MINUTES_PER_DAY);
    salle__civil_from_days((x->day_date ? x->day_date[day] : salle__parse_date(e->days[day])) + shift,
                           y, m, d);
    *mod = rel - shift * SALLE_MINUTES_PER_DAY;
}

/* Two digits of v (0-99) at p; what "%02d" writes, without printf's thousand instructions, as
 * every export writes several dates and clocks per session. */
static char *two(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
    return p + 2;
}

/* "%04d-%02d-%02d" of a date whose parts are in range, else NULL: printf says the rest. */
static char *date_fast(char *p, int y, int m, int d)
{
    if (y < 0 || y > 9999 || m < 0 || m > 99 || d < 0 || d > 99)
        return NULL;
    p = two(two(p, y / 100), y % 100);
    *p++ = '-';
    p = two(p, m);
    *p++ = '-';
    return two(p, d);
}

char *salle__export_date(const salle__export *x, int t, int day, char *buf)
{
    int y, m, d, mod;
    local_parts(x, t, day, &y, &m, &d, &mod);
    char *e = date_fast(buf, y % 10000, m, d);
    if (e)
        *e = 0;
    else
        snprintf(buf, 16, "%04d-%02d-%02d", y % 10000, m, d);
    return buf;
}

int salle_time_utc_offset(const salle_instance *inst, int t, int *kind)
{
    const salle_event *e = &inst->event;
    if (kind)
        *kind = SALLE_TIME_NORMAL;
    if (!e->ndays || !e->timezone)
        return 0;
    int day = salle__export_day_of(inst, t), ok;
    /* the wall time of the day's own date; salle__tz_offset_local rolls 24:00 and later over */
    int off = salle__tz_offset_local(e->timezone, salle__parse_date(e->days[day]),
                                     t - e->day_offset[day], &ok, kind);
    return ok ? off : 0;
}

void salle__export_datetime_parts(const salle__export *x, int t, int day, int *y, int *m, int *d,
                                  int *mod, int *off)
{
    if (day < 0)
        day = salle__export_day_of(x->inst, t);
    local_parts(x, t, day, y, m, d, mod);
    *y %= 10000;
    /* each instant its own offset: on a daylight-saving change day 01:30 and 04:00 differ */
    *off = x->tz_known ? salle_time_utc_offset(x->inst, t, NULL) : 0;
    int a = *off < 0 ? -*off : *off;
    a = (a / 60) % 100 * 60 + a % 60; /* as "+hh:mm" reads */
    *off = *off < 0 ? -a : a;
}

char *salle__export_datetime(const salle__export *x, int t, int day, char *buf)
{
    int y, m, d, mod, off;
    salle__export_datetime_parts(x, t, day, &y, &m, &d, &mod, &off);
    int a = off < 0 ? -off : off;
    char *e = mod >= 0 && mod / 60 < 100 && a / 60 < 100 ? date_fast(buf, y, m, d) : NULL;
    if (e) {
        *e++ = 'T';
        e = two(e, mod / 60);
        *e++ = ':';
        e = two(e, mod % 60);
        memcpy(e, ":00", 3);
        e += 3;
        *e++ = off < 0 ? '-' : '+';
        e = two(e, a / 60);
        *e++ = ':';
        e = two(e, a % 60);
        *e = 0;
    } else {
        snprintf(buf, 40, "%04d-%02d-%02dT%02d:%02d:00%c%02d:%02d", y, m, d, mod / 60, mod % 60,
                 off < 0 ? '-' : '+', a / 60, a % 60);
    }
    return buf;
}

char *salle__export_hhmm(int minutes, char *buf)
{
    if (minutes < 0)
        minutes = 0;
    if (minutes / 60 < 100) {
        char *e = two(buf, minutes / 60);
        *e++ = ':';
        *two(e, minutes % 60) = 0;
    } else {
        snprintf(buf, 16, "%02d:%02d", (minutes / 60) % 100000, minutes % 60);
    }
    return buf;
}

char *salle__export_slug(const salle__export *x, int session)
{
    return salle__export_slug_for(x, x->inst->sessions[session].title, x->session_num[session],
                                  "session");
}

char *salle__export_slug_for(const salle__export *x, const char *title, int num, const char *kind)
{
    char part[64];
    size_t k = 0;
    for (const char *p = title ? title : ""; *p && k < 48; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 128 && isalnum(c))
            part[k++] = (char)tolower(c);
        else if (k > 0 && part[k - 1] != '-')
            part[k++] = '-';
    }
    while (k > 0 && part[k - 1] == '-')
        k--;
    part[k] = 0;
    return salle__xasprintf("%s-%d-%s", x->acronym, num, k ? part : kind);
}

char *salle__export_uuid(const salle_instance *inst, const char *kind, const char *id)
{
    char *key = salle__xasprintf("%s:%s", kind, id);
    char *u = salle__uuid_for(inst->event.name ? inst->event.name : "", key);
    free(key);
    return u;
}

const char *salle__export_person_guid(const salle__export *x, int p)
{
    if (!x->person_guid[p]) {
        const salle_person *pe = &x->inst->people[p];
        x->person_guid[p] = pe->guid ? salle__xstrdup(pe->guid)
                                     : salle__export_uuid(x->inst, "person", pe->id);
    }
    return x->person_guid[p];
}

char *salle__export_guid(const salle_instance *inst, int session)
{
    const salle_session *ss = &inst->sessions[session];
    if (ss->guid && salle__is_uuid(ss->guid))
        return salle__xstrdup(ss->guid);
    /* The parser fills guid; this only guards against a hand-built instance without one. */
    return salle__uuid_for(inst->event.name ? inst->event.name : "",
                           ss->guid ? ss->guid : ss->id);
}

static const char *const link_types[][2] = {
    {"remote", "Remote participation"}, {"document", "Shared document"},
    {"report", "Report and outcomes"},  {"transcript", "Transcript or captions"},
    {"recording", "Recording"},
};

const char *salle__link_label(const char *type)
{
    for (size_t i = 0; type && i < sizeof link_types / sizeof *link_types; i++)
        if (strcmp(type, link_types[i][0]) == 0)
            return link_types[i][1];
    return NULL;
}

const char *salle__link_type_of_title(const char *title, const char **rest)
{
    for (size_t i = 0; i < sizeof link_types / sizeof *link_types; i++) {
        size_t n = strlen(link_types[i][1]);
        if (strncasecmp(title, link_types[i][1], n) == 0 && (title[n] == ':' || !title[n])) {
            const char *r = title + n + (title[n] == ':');
            while (*r == ' ')
                r++;
            *rest = r;
            return link_types[i][0];
        }
    }
    return NULL;
}

char *salle__link_text(const salle_link *l)
{
    return salle__link_text_in(l, NULL);
}

char *salle__link_text_in(const salle_link *l, const char *lang)
{
    const char *label = salle__link_label(l->type);
    if (label && lang)
        label = salle__tr(lang, label);
    const char *t = l->title && l->title[0] ? l->title : NULL;
    char *head = label && t   ? salle__xasprintf("%s: %s", label, t)
                 : label      ? salle__xstrdup(label)
                 : t          ? salle__xstrdup(t)
                              : salle__xstrdup(l->url);
    if (!l->note || !l->note[0])
        return head;
    char *out = salle__xasprintf("%s - %s", head, l->note);
    free(head);
    return out;
}

/* Writes u into a new string with what RFC 3986 does not allow percent-encoded: bytes beyond
 * ASCII (an IRI's letters), spaces and the delimiters no URI may hold raw, brackets after the
 * host, a second '#', and a '%' that starts no escape. */
static unsigned char uri_class[256];

static void uri_classes(void)
{
    for (int c = 0; c < 256; c++)
        uri_class[c] = c >= 0x80 || c <= 0x20 || strchr("\"<>\\^`{|}", c) ? 1
                       : c == '[' || c == ']' || c == '#' || c == '%'      ? 2
                                                                           : 0;
}

static char *uri_encode(const char *u)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(u);
    char *out = salle__xmalloc(n * 3 + 1);
    size_t k = 0;
    const char *auth = strstr(u, "://");
    const char *path = auth ? strchr(auth + 3, '/') : u;
    int hashes = 0;
    /* 1: always encoded (beyond ASCII, controls, space, "<>\^`{|}); 2: depends on where
     * ([ ], #, %). A table: every byte of every link of every session goes through here, and a
     * strchr per byte was 9M instructions of FOSDEM 2025's calendar. */
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, uri_classes);
    for (const char *p = u; *p; p++) {
        unsigned char c = (unsigned char)*p;
        int bad = uri_class[c] == 1;
        if (uri_class[c] == 2) {
            int after_host = path && p >= path;
            bad = (after_host && (c == '[' || c == ']')) || (c == '#' && hashes++) ||
                  (c == '%' && !(isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])));
        }
        if (bad) {
            out[k++] = '%';
            out[k++] = hex[c >> 4];
            out[k++] = hex[c & 15];
        } else {
            out[k++] = (char)c;
        }
    }
    out[k] = 0;
    return out;
}

static int is_http_prefix(const char *u)
{
    return strncasecmp(u, "http://", 7) == 0 || strncasecmp(u, "https://", 8) == 0;
}

/* "www.example.org" or "example.org/x": a host without its scheme, as people type them. */
static int bare_host(const char *u)
{
    size_t seg = strcspn(u, "/?#");
    const char *dot = memchr(u, '.', seg);
    if (!dot || u[0] == '.' || u[0] == '-' || seg < 4)
        return 0;
    for (size_t i = 0; i < seg; i++)
        if (!isalnum((unsigned char)u[i]) && u[i] != '.' && u[i] != '-')
            return 0;
    const char *tld = u + seg;
    while (tld > u && tld[-1] != '.')
        tld--;
    /* "a.html" is a file next to the base, not a host */
    static const char *const files[] = {"html", "htm", "php", "asp", "aspx", "jsp", "pdf",
                                        "txt", "png", "jpg", "jpeg", "gif", "svg", "zip",
                                        "md", "ics", "xml", "json"};
    size_t tn = (size_t)(u + seg - tld);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        if (strlen(files[i]) == tn && strncasecmp(tld, files[i], tn) == 0)
            return 0;
    return isalpha((unsigned char)tld[0]) && tn >= 2;
}

char *salle__export_url(const salle_instance *inst, const char *url)
{ /* resolved, then held to salle__export_url_ok like every other address */
    if (!url || !url[0])
        return NULL;
    const char *base = inst->event.url;
    int base_ok = base && is_http_prefix(base) && !strpbrk(base, " \t\r\n");
    char *abs = NULL;
    if (is_http_prefix(url)) {
        abs = salle__xstrdup(url);
    } else if (strncmp(url, "//", 2) == 0) { /* scheme-relative */
        abs = salle__xasprintf("%s%s", base_ok && strncasecmp(base, "http:", 5) == 0 ? "http:" : "https:", url);
    } else if (url[strspn(url, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")] == ':') {
        return NULL; /* another scheme (mailto:, ...): not for an http-only field */
    } else if (bare_host(url)) {
        abs = salle__xasprintf("http://%s", url);
    } else if (base_ok) {
        const char *host = strstr(base, "://") + 3;
        const char *path = strchr(host, '/');
        size_t root = path ? (size_t)(path - base) : strlen(base);
        if (url[0] == '/') { /* from the host's root */
            abs = salle__xasprintf("%.*s%s", (int)root, base, url);
        } else { /* relative to the base's folder */
            const char *slash = strrchr(base + root, '/');
            size_t dir = slash ? (size_t)(slash - base) : root;
            abs = salle__xasprintf("%.*s/%s", (int)dir, base, url);
        }
    } else {
        return NULL;
    }
    char *out = uri_encode(abs);
    free(abs);
    if (!salle__export_url_ok(out)) { /* the one URL policy (issue 8): "http://" and nothing else */
        free(out);
        return NULL;
    }
    return out;
}

int salle__export_url_ok(const char *url)
{
    if (!url || !(strncasecmp(url, "https://", 8) == 0 || strncasecmp(url, "http://", 7) == 0))
        return 0;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= 0x20 || *p == 0x7f)
            return 0;
    return url[strncasecmp(url, "https://", 8) == 0 ? 8 : 7] != 0; /* a host must follow */
}

char *salle__export_clean(const char *s)
{
    if (!s)
        return salle__xstrdup("");
    size_t n = strlen(s), k = 0;
    char *out = salle__xmalloc(n + 1);
    for (size_t i = 0; i < n; i++) {
        /* eight bytes at a time while none is below 0x20 (abstracts are most of the bytes) */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL)
                break;
            memcpy(out + k, &w, 8);
            i += 8;
            k += 8;
        }
        if (i == n)
            break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
            out[k++] = (char)c;
    }
    out[k] = 0;
    return out;
}

int salle__export_begin(salle__export *x, const salle_instance *inst, const salle_schedule *s,
                        salle_diag *err)
{
    salle__export_init(x, inst, s);
    if (x->tz_known)
        return 0;
    salle__diag(err, inst->path ? inst->path : "", 0, 0,
                "time zone '%s' is not in the tz database; cannot write UTC offsets",
                inst->event.timezone ? inst->event.timezone : "");
    salle__export_done(x);
    return -1;
}

void salle__export_day_span(const salle__export *x, int d, int first, int *last, int *start,
                            int *end)
{
    const salle_event *e = &x->inst->event;
    int l = first;
    while (l < x->n && x->day[l] == d)
        l++;
    int ds = e->day_offset[d] + e->hours_start, de = e->day_offset[d] + e->hours_end;
    for (int k = first; k < l; k++) {
        int st = x->a[k]->start, en = st + x->inst->sessions[x->a[k]->session].duration;
        if (st < ds)
            ds = st;
        if (en > de)
            de = en;
    }
    *last = l;
    *start = ds;
    *end = de;
}
