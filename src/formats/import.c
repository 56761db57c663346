/*
 * import.c: salle_import, which recognises a published programme by its content and hands it to
 * the right reader (import_frab.c, import_json.c, import_csv.c), and the builder those readers
 * share (import.h).
 *
 * The builder turns "what was published" into an instance for which the published placement is
 * a valid schedule: the grid is the coarsest of 5 and 1 minutes that holds every start and
 * duration, the event days are every calendar date a session touches, each room is open over the
 * stretches it is used (from its first session to its last, broken only by nights; written as one
 * window per calendar date, which the instance parser joins again at midnight), rooms need no changeover (published programmes run
 * talks back to back) and have every feature their sessions need. Whatever the builder writes is
 * loaded again with salle_instance_parse and salle_schedule_parse before it is handed out, so an
 * import never yields a file that salle itself would refuse.
 */
#include "formats/import.h"
#include "base/tr.h"
#include "formats/export.h"
#include "model/model.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --timezone and the summary (salle_import_options): set by salle__import_mem_with only for the
 * duration of one import on this thread, so the three readers need no extra argument and
 * parallel imports do not see each other's. */
static _Thread_local const char *forced_tz;
static _Thread_local salle_import_summary *summary_out; /* likewise */

typedef struct imp_room {
    char *name;
    char *id;
    int capacity; /* 0: not given */
} imp_room;

typedef struct imp_person {
    char *key; /* "g:<guid or code>", "i:<outside id>\x1f<name>" or "n:<name>" */
    char *id;
    char *name;
    char *source_id; /* the source's id, or NULL */
    char *guid;      /* the source's UUID, or NULL */
    int line;        /* where it was first named, 0 if unknown */
    /* what a spreadsheet can say (issue 8.5) */
    int remote;
    char *timezone, *email;
} imp_person;

typedef struct imp_resource {
    char *name, *id;
    int capacity;
} imp_resource;

struct salle__imp {
    char *name;
    salle_warn_fn warn;
    void *ctx;
    char *ev_name, *acronym, *url, *tz, *city, *venue;
    int pad;
    int nrooms, caprooms;
    imp_room *rooms;
    salle__strmap room_by_name, room_ids;
    int npeople, cappeople;
    imp_person *people;
    salle__strmap person_by_key, person_ids;
    salle__strmap person_by_xid; /* outside id -> first person with it, for the warning */
    int day_change;              /* stated by the source, minutes; -1 none */
    int ns, caps;
    salle__imp_session *s;
    salle__strmap session_ids;
    int bad_guids, first_bad_guid_line; /* published guids that are not UUIDs */
    int made_ids; /* counter for sessions without an id */
    /* a local time that a daylight-saving change skips or repeats, said with the next session
     * (which has the line number) */
    char dst_note[300];
    salle_diag lang; /* only its lang: the language of the warnings (salle__imp_new's err's) */
    /* what a spreadsheet can say (issue 8.5): resources, and event days given outright */
    int nres, capres;
    imp_resource *res;
    salle__strmap res_by_name, res_ids;
    salle__ivec given_days;
    /* UTC offsets of the event zone by date, because asking the tz database is slow */
    int ncache;
    int cache_day[64], cache_off[64];
};

/* ---------------------------------------------------------------- small helpers */

void salle__strs_add(salle__strs *l, const char *s)
{
    if (!s || !*s)
        return;
    /* a short list is searched, a long one hashed: a cell of a million tags stays linear */
    if (l->seen) {
        if (salle__strmap_get(l->seen, s) >= 0)
            return;
    } else {
        for (int i = 0; i < l->n; i++)
            if (strcmp(l->v[i], s) == 0)
                return;
    }
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 4;
        l->v = salle__xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
    }
    l->v[l->n] = salle__xstrdup(s);
    if (!l->seen && l->n + 1 >= 16) {
        l->seen = salle__xcalloc(1, sizeof *l->seen);
        for (int i = 0; i < l->n; i++)
            salle__strmap_put(l->seen, l->v[i], i);
    }
    if (l->seen)
        salle__strmap_put(l->seen, l->v[l->n], l->n);
    l->n++;
}

void salle__strs_free(salle__strs *l)
{
    for (int i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    if (l->seen) {
        salle__strmap_free(l->seen);
        free(l->seen);
    }
    memset(l, 0, sizeof *l);
}

char *salle__imp_trim(const char *s)
{
    if (!s)
        return NULL;
    while (*s && isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (!n)
        return NULL;
    char *out = salle__xmalloc(n + 1);
    memcpy(out, s, n);
    out[n] = 0;
    return out;
}

char *salle__imp_norm_name(const char *s)
{
    char *t = salle__imp_trim(s);
    if (!t)
        return NULL;
    size_t n = strlen(t);
    if (n && t[n - 1] == ':')
        t[--n] = 0;
    for (char *p = t; *p; p++)
        *p = *p == ' ' || *p == '-' ? '_' : (char)tolower((unsigned char)*p);
    return t;
}

/* A lower-case slug: ASCII letters and digits kept, other ASCII turned into single dashes, and
 * bytes of multi-byte UTF-8 characters kept, so that "José" and "Jörg" stay readable ids. */
static char *slug(const char *prefix, const char *name)
{
    size_t pn = strlen(prefix), n = strlen(name);
    char *out = salle__xmalloc(pn + n + 2);
    memcpy(out, prefix, pn);
    size_t k = pn;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        unsigned char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
            out[k++] = (char)c;
        else if (k > pn && out[k - 1] != '-')
            out[k++] = '-';
    }
    while (k > pn && out[k - 1] == '-')
        k--;
    if (k == pn)
        out[k++] = 'x';
    out[k] = 0;
    return out;
}

char *salle__imp_slug(const char *prefix, const char *name)
{
    return slug(prefix, name);
}

/* Makes id unique in m by appending -2, -3, ...; takes ownership of id, returns the result. */
static char *unique_id(salle__strmap *m, char *id)
{
    if (salle__strmap_get(m, id) < 0)
        return id;
    for (int k = 2;; k++) {
        char *alt = salle__xasprintf("%s-%d", id, k);
        if (salle__strmap_get(m, alt) < 0) {
            free(id);
            return alt;
        }
        free(alt);
    }
}

/* JSON strings must be UTF-8; a source in Latin-1 or with broken bytes would make jansson refuse
 * the string, so each invalid byte becomes U+FFFD (salle__utf8_valid follows jansson's rules:
 * overlong forms and surrogates are invalid too). */
static json_t *jstr(const char *s)
{
    size_t n = strlen(s), bad;
    if (salle__utf8_valid(s, n, &bad)) {
        /* checked just above: jansson need not check the UTF-8 again */
        json_t *j = json_stringn_nocheck(s, n);
        return j ? j : json_string("?");
    }
    salle__buf out = {0};
    salle__buf_printf(&out, "%s", "");
    for (size_t i = 0; i < n;) {
        if (salle__utf8_valid(s + i, n - i, &bad)) {
            salle__buf_printf(&out, "%s", s + i);
            break;
        }
        salle__buf_printf(&out, "%.*s\xEF\xBF\xBD", (int)bad, s + i);
        i += bad + 1;
    }
    json_t *j = json_string(out.s);
    free(out.s);
    return j ? j : json_string("?");
}

static void set_str(json_t *o, const char *key, const char *v)
{
    if (v && *v)
        json_object_set_new(o, key, jstr(v));
}


/* out holds 32 bytes; a year outside 0-9999 gives a string the instance parser refuses */
static void format_date(int days, char *out)
{
    int y, m, d;
    salle__civil_from_days(days, &y, &m, &d);
    snprintf(out, 32, "%04d-%02d-%02d", y, m, d);
}

/* Times are int minutes since 1970: dates beyond about the year 4700 would overflow them, and no
 * programme to import lies there. */
#define SALLE__IMPORT_MAX_DAYS 1000000
#define SALLE__IMPORT_MIN_DAYS (-719000) /* about the year 1: earlier dates cannot be written */

static int floor_div(int a, int b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int salle__imp_date(const char *s, int *out)
{
    char buf[11];
    if (!s || strlen(s) < 10)
        return -1;
    memcpy(buf, s, 10);
    buf[10] = 0;
    int d = salle__parse_date(buf);
    if (d == INT_MIN || s[10] || d < SALLE__IMPORT_MIN_DAYS || d > SALLE__IMPORT_MAX_DAYS)
        return -1;
    *out = d * SALLE_MINUTES_PER_DAY;
    return 0;
}

int salle__imp_duration(const char *s)
{
    if (!s)
        return -1;
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '-' || *s == '+')
        return -1; /* sscanf would read "-00:30" as 0 hours 30 minutes */
    int a, b, c, n = 0;
    if (sscanf(s, "%4d:%2d:%2d%n", &a, &b, &c, &n) == 3 && !s[n] && a >= 0 && b >= 0 && b < 24 &&
        c >= 0 && c < 60)
        return a * 1440 + b * 60 + c;
    n = 0;
    if (sscanf(s, "%4d:%2d%n", &a, &b, &n) == 2 && !s[n] && a >= 0 && b >= 0 && b < 60)
        return a * 60 + b;
    int m = salle__parse_duration(s);
    return m;
}

static int is_zone(const char *tz)
{
    int ok;
    salle__tz_offset(tz, 0, &ok);
    return ok;
}

/* Conference cities that the tz database does not name (it names one city per zone) and names in
 * the local language, as venues write them: "ULB (Université Libre de Bruxelles)". */
static const char *const city_alias[][2] = {
    {"Bruxelles", "Europe/Brussels"}, {"Brussel", "Europe/Brussels"},
    {"Hamburg", "Europe/Berlin"},     {"Leipzig", "Europe/Berlin"},
    {"München", "Europe/Berlin"},     {"Munich", "Europe/Berlin"},
    {"Köln", "Europe/Berlin"},        {"Cologne", "Europe/Berlin"},
    {"Frankfurt", "Europe/Berlin"},   {"Karlsruhe", "Europe/Berlin"},
    {"Wien", "Europe/Vienna"},        {"Genève", "Europe/Zurich"},
    {"Geneva", "Europe/Zurich"},      {"Roma", "Europe/Rome"},
    {"Lisboa", "Europe/Lisbon"},      {"Praha", "Europe/Prague"},
    {"Warszawa", "Europe/Warsaw"},    {"Milano", "Europe/Rome"},
    {"Milan", "Europe/Rome"},         {"Barcelona", "Europe/Madrid"},
    {"Lyon", "Europe/Paris"},         {"Den Haag", "Europe/Amsterdam"},
    {"Kyoto", "Asia/Tokyo"},          {"Addis Ababa", "Africa/Addis_Ababa"},
};

/* 1 when word occurs in text as a whole word, ignoring ASCII case. */
static int has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = text; *p; p++) {
        if (strncasecmp(p, word, n) != 0)
            continue;
        int before = p == text || !isalnum((unsigned char)p[-1]);
        int after = !isalnum((unsigned char)p[n]);
        if (before && after && !((unsigned char)p[n] >= 0x80))
            return 1;
    }
    return 0;
}

/* Finds a city of the tz database's list of zones ("Brussels" -> "Europe/Brussels"), or one of the
 * aliases above, as a word in text ("Brussels, Belgium", "ULB Bruxelles"). */
static char *zone_of_city(const char *text)
{
    for (size_t i = 0; i < sizeof city_alias / sizeof *city_alias; i++)
        if (has_word(text, city_alias[i][0]))
            return salle__xstrdup(city_alias[i][1]);
    FILE *f = fopen("/usr/share/zoneinfo/zone.tab", "r");
    if (!f)
        return NULL;
    char line[512];
    char *found = NULL;
    while (!found && fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        char *zone = strtok(line, "\t\n");
        for (int i = 0; zone && i < 2; i++)
            zone = strtok(NULL, "\t\n");
        if (!zone)
            continue;
        const char *last = strrchr(zone, '/');
        if (!last)
            continue;
        char city[200];
        snprintf(city, sizeof city, "%s", last + 1);
        for (char *p = city; *p; p++)
            if (*p == '_')
                *p = ' ';
        if (has_word(text, city))
            found = salle__xstrdup(zone);
    }
    fclose(f);
    return found;
}

/* Settles the event's time zone when nobody named one: from the city, else from the first UTC
 * offset seen (hint, minutes; INT_MIN if none), else UTC. Says what it guessed. */
static void ensure_tz(salle__imp *im, int hint)
{
    if (im->tz)
        return;
    char *z = im->city ? zone_of_city(im->city) : NULL;
    char *zv = !z && im->venue ? zone_of_city(im->venue) : NULL;
    if (z) {
        salle__imp_warn(im, 0, "no time zone given; taking %s from the city \"%s\" (say --timezone ZONE if that is wrong)",
                        z, im->city);
    } else if (zv) {
        z = zv;
        salle__imp_warn(im, 0, "no time zone given; taking %s from the venue \"%s\" (say --timezone ZONE if that is wrong)",
                        z, im->venue);
    } else if (hint != INT_MIN && hint % 60 == 0 && hint >= -12 * 60 && hint <= 14 * 60) {
        /* POSIX sign: Etc/GMT-1 is one hour ahead of UTC */
        z = hint == 0 ? salle__xstrdup("UTC") : salle__xasprintf("Etc/GMT%+d", -hint / 60);
        salle__imp_warn(im, 0, "no time zone given; taking %s from the UTC offset of the first start time (say --timezone ZONE for the zone's own name)",
                        z);
    } else {
        z = salle__xstrdup("UTC");
        salle__imp_warn(im, 0, "no time zone given and none to guess from; taking UTC (say --timezone ZONE for the event's zone)");
    }
    im->tz = z;
}

int salle__imp_datetime(salle__imp *im, const char *s, int *out)
{
    if (!s)
        return -1;
    while (isspace((unsigned char)*s))
        s++;
    int day;
    char date[11];
    if (strlen(s) < 16 || (s[10] != 'T' && s[10] != ' '))
        return -1;
    memcpy(date, s, 10);
    date[10] = 0;
    if ((day = salle__parse_date(date)) == INT_MIN || day < SALLE__IMPORT_MIN_DAYS ||
        day > SALLE__IMPORT_MAX_DAYS)
        return -1;
    const char *p = s + 11;
    if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]) || p[2] != ':' ||
        !isdigit((unsigned char)p[3]) || !isdigit((unsigned char)p[4]))
        return -1;
    int hh = (p[0] - '0') * 10 + (p[1] - '0'), mm = (p[3] - '0') * 10 + (p[4] - '0');
    if (hh > 23 || mm > 59)
        return -1;
    p += 5;
    if (p[0] == ':' && isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2])) {
        p += 3; /* seconds are below the grid: dropped */
        if (*p == '.')
            for (p++; isdigit((unsigned char)*p); p++)
                ;
    }
    int off = INT_MIN;
    if (*p == 'Z') {
        off = 0;
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1, oh, om = 0;
        p++;
        if (!isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1]))
            return -1;
        oh = (p[0] - '0') * 10 + (p[1] - '0');
        p += 2;
        if (*p == ':')
            p++;
        if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1])) {
            om = (p[0] - '0') * 10 + (p[1] - '0');
            p += 2;
        }
        if (oh > 14 || om > 59)
            return -1;
        off = sign * (oh * 60 + om);
    }
    while (isspace((unsigned char)*p))
        p++;
    if (*p)
        return -1;
    ensure_tz(im, off);
    int t = day * SALLE_MINUTES_PER_DAY + hh * 60 + mm, ok, kind;
    if (off != INT_MIN) {
        /* through UTC into the event's zone, with the offset of that very instant: on the
         * autumn change day 00:30+02:00 in Berlin is still summer time */
        long long utc = (long long)t - off;
        t = (int)(utc + salle__tz_offset_utc(im->tz, utc, &ok));
    } else {
        int before = salle__tz_offset_local(im->tz, day, hh * 60 + mm, &ok, &kind);
        if (ok && kind == SALLE_TIME_MISSING && !im->dst_note[0]) { /* said with the next session */
            long long utc = (long long)t - before;
            t = (int)(utc + salle__tz_offset_utc(im->tz, utc, &ok)); /* the clocks' own time */
            int wall = ((t % 1440) + 1440) % 1440;
            snprintf(im->dst_note, sizeof im->dst_note, salle__imp_tr(im,
                     "%.16s does not exist in %s (the clocks skip it when they go forward); read "
                     "as %02d:%02d after the change; give a UTC offset to say otherwise"),
                     s, im->tz, wall / 60, wall % 60);
        } else if (ok && kind == SALLE_TIME_AMBIGUOUS && !im->dst_note[0]) {
            snprintf(im->dst_note, sizeof im->dst_note, salle__imp_tr(im,
                     "%.16s happens twice in %s (the clocks go back); read as the first, before "
                     "the change; give a UTC offset to say otherwise"),
                     s, im->tz);
        }
    }
    *out = t;
    return 0;
}

/* ---------------------------------------------------------------- the builder */

salle__imp *salle__imp_new(const char *name, const salle_diag *err, salle_warn_fn warn, void *ctx)
{
    salle__imp *im = salle__xcalloc(1, sizeof *im);
    const char *l = salle__diag_lang(err);
    if (l)
        snprintf(im->lang.lang, sizeof im->lang.lang, "%s", l);
    im->name = salle__xstrdup(name ? name : "");
    im->warn = warn;
    im->ctx = ctx;
    salle__strmap_init(&im->room_by_name);
    salle__strmap_init(&im->room_ids);
    salle__strmap_init(&im->person_by_key);
    salle__strmap_init(&im->person_ids);
    salle__strmap_init(&im->person_by_xid);
    salle__strmap_init(&im->session_ids);
    im->day_change = -1;
    if (forced_tz) /* --timezone: wins over the file and over any guess */
        im->tz = salle__xstrdup(forced_tz);
    salle__strmap_init(&im->res_by_name);
    salle__strmap_init(&im->res_ids);
    return im;
}

static void session_free(salle__imp_session *s)
{
    free(s->id);
    free(s->title);
    free(s->format);
    free(s->guid);
    free(s->abstract);
    free(s->language);
    free(s->url);
    free(s->orig_guid);
    free(s->subtitle);
    free(s->description);
    free(s->slug);
    free(s->feedback_url);
    salle__links_free(s->links, s->nlinks);
    salle__strs_free(&s->tracks);
    salle__strs_free(&s->tags);
    salle__strs_free(&s->needs);
    salle__ivec_free(&s->speakers);
    salle__ivec_free(&s->organizers);
    salle__ivec_free(&s->allowed);
    salle__ivec_free(&s->resources);
    salle__strs_free(&s->after);
    salle__strs_free(&s->not_with);
}

void salle__imp_free(salle__imp *im)
{
    if (!im)
        return;
    for (int i = 0; i < im->nrooms; i++) {
        free(im->rooms[i].name);
        free(im->rooms[i].id);
    }
    free(im->rooms);
    for (int i = 0; i < im->npeople; i++) {
        free(im->people[i].key);
        free(im->people[i].id);
        free(im->people[i].name);
        free(im->people[i].source_id);
        free(im->people[i].guid);
        free(im->people[i].timezone);
        free(im->people[i].email);
    }
    free(im->people);
    for (int i = 0; i < im->nres; i++) {
        free(im->res[i].name);
        free(im->res[i].id);
    }
    free(im->res);
    salle__strmap_free(&im->res_by_name);
    salle__strmap_free(&im->res_ids);
    salle__ivec_free(&im->given_days);
    for (int i = 0; i < im->ns; i++)
        session_free(&im->s[i]);
    free(im->s);
    salle__strmap_free(&im->room_by_name);
    salle__strmap_free(&im->room_ids);
    salle__strmap_free(&im->person_by_key);
    salle__strmap_free(&im->person_ids);
    salle__strmap_free(&im->person_by_xid);
    salle__strmap_free(&im->session_ids);
    free(im->name);
    free(im->ev_name);
    free(im->acronym);
    free(im->url);
    free(im->tz);
    free(im->city);
    free(im->venue);
    free(im);
}

const char *salle__imp_name(const salle__imp *im)
{
    return im->name;
}

const char *salle__imp_tr(const salle__imp *im, const char *msgid)
{
    return salle__diag_tr(&im->lang, msgid);
}

/* A warning already worded in the builder's language. */
static void warn_str(salle__imp *im, int line, const char *msg)
{
    if (!im->warn)
        return;
    salle_diag w = {0};
    memset(&w, 0, sizeof w);
    snprintf(w.file, sizeof w.file, "%s", im->name);
    w.line = line;
    snprintf(w.msg, sizeof w.msg, "%s", msg);
    memcpy(w.lang, im->lang.lang, sizeof w.lang);
    im->warn(im->ctx, &w);
}

static void warn_v(salle__imp *im, int line, const char *worded_fmt, va_list ap)
{
    char msg[sizeof ((salle_diag *)0)->msg];
    vsnprintf(msg, sizeof msg, worded_fmt, ap);
    warn_str(im, line, msg);
}

void salle__imp_warn(salle__imp *im, int line, const char *fmt, ...)
{
    if (!im->warn)
        return;
    va_list ap;
    va_start(ap, fmt);
    warn_v(im, line, salle__imp_tr(im, fmt), ap);
    va_end(ap);
}

void salle__imp_warn_n(salle__imp *im, int line, const char *one, const char *many, long n, ...)
{
    if (!im->warn)
        return;
    const char *l = salle__diag_lang(&im->lang);
    va_list ap;
    va_start(ap, n);
    warn_v(im, line, l ? salle__trn(l, one, many, n) : n == 1 ? one : many, ap);
    va_end(ap);
}

void salle__imp_warn_duration(salle__imp *im, int line, const char *what, const char *dur, int duration)
{
    /* one sentence per case: the reason is not a word to splice into another language's sentence */
    if (duration == 0)
        salle__imp_warn(im, line, "skipped %s: duration \"%.40s\" is zero", what, dur);
    else if (duration > 0)
        salle__imp_warn(im, line, "skipped %s: duration \"%.40s\" is longer than the 100000 minutes salle allows",
                        what, dur);
    else
        salle__imp_warn(im, line, "skipped %s: duration \"%.40s\" is not HH:MM or DDD:HH:MM", what, dur);
}

static void set_once(char **field, const char *v)
{
    if (*field)
        return;
    *field = salle__imp_trim(v);
}

void salle__imp_event_name(salle__imp *im, const char *name) { set_once(&im->ev_name, name); }
void salle__imp_event_acronym(salle__imp *im, const char *a) { set_once(&im->acronym, a); }
void salle__imp_event_url(salle__imp *im, const char *url) { set_once(&im->url, url); }
void salle__imp_event_city(salle__imp *im, const char *city) { set_once(&im->city, city); }
void salle__imp_event_venue(salle__imp *im, const char *venue) { set_once(&im->venue, venue); }
void salle__imp_pad_hours(salle__imp *im, int pad) { im->pad = pad; }

void salle__imp_event_timezone(salle__imp *im, const char *tz, int line)
{
    char *t = salle__imp_trim(tz);
    if (t && forced_tz && strcmp(t, forced_tz) != 0)
        salle__imp_warn(im, line, "the file names the time zone \"%s\"; using %s as --timezone asks",
                        t, forced_tz);
    if (!t || im->tz) {
        free(t);
        return;
    }
    if (!is_zone(t)) {
        salle__imp_warn(im, line, "unknown time zone \"%s\" ignored", t);
        free(t);
        return;
    }
    im->tz = t;
}

int salle__imp_room(salle__imp *im, const char *name)
{
    char *n = salle__imp_trim(name);
    if (!n)
        return -1;
    int r = salle__strmap_get(&im->room_by_name, n);
    if (r >= 0) {
        free(n);
        return r;
    }
    if (im->nrooms == im->caprooms) {
        im->caprooms = im->caprooms ? im->caprooms * 2 : 16;
        im->rooms = salle__xrealloc(im->rooms, (size_t)im->caprooms * sizeof *im->rooms);
    }
    imp_room *rm = &im->rooms[im->nrooms];
    rm->name = n;
    rm->id = unique_id(&im->room_ids, slug("", n));
    rm->capacity = 0;
    salle__strmap_put(&im->room_by_name, rm->name, im->nrooms);
    salle__strmap_put(&im->room_ids, rm->id, im->nrooms);
    return im->nrooms++;
}

void salle__imp_room_capacity(salle__imp *im, int room, int cap)
{
    if (room >= 0 && room < im->nrooms && cap > im->rooms[room].capacity)
        im->rooms[room].capacity = cap;
}

int salle__imp_person(salle__imp *im, const char *ext_id, const char *name)
{
    return salle__imp_person_from(im, ext_id, NULL, name, 0);
}

int salle__imp_person_from(salle__imp *im, const char *ext_id, const char *key_id,
                           const char *name, int line)
{
    char *xid = salle__imp_trim(ext_id);
    char *kid = salle__imp_trim(key_id);
    char *nm = salle__imp_trim(name);
    if (xid && strcmp(xid, "0") == 0) { /* frab writes 0 for "no id" */
        free(xid);
        xid = NULL;
    }
    if (!xid && !kid && !nm)
        return -1;
    char *key = kid   ? salle__xasprintf("g:%s", kid)
                : xid ? salle__xasprintf("i:%s\x1f%s", xid, nm ? nm : "")
                      : salle__xasprintf("n:%s", nm);
    int p = salle__strmap_get(&im->person_by_key, key);
    if (p >= 0) {
        free(key);
        free(xid);
        free(kid);
        free(nm);
        return p;
    }
    if (im->npeople == im->cappeople) {
        im->cappeople = im->cappeople ? im->cappeople * 2 : 64;
        im->people = salle__xrealloc(im->people, (size_t)im->cappeople * sizeof *im->people);
    }
    /* the source's id: frab's number, else a pretalx code (a guid is kept as the guid) */
    const char *src = xid ? xid : kid && !salle__is_uuid(kid) ? kid : NULL;
    imp_person *pp = &im->people[im->npeople];
    memset(pp, 0, sizeof *pp);
    pp->key = key;
    pp->id = unique_id(&im->person_ids, src ? slug("p-", src) : slug("p-", nm));
    pp->name = nm ? nm : salle__xstrdup(src);
    pp->source_id = src ? salle__xstrdup(src) : NULL;
    pp->guid = kid && salle__is_uuid(kid) ? salle__xstrdup(kid) : NULL;
    pp->line = line;
    if (xid && !kid) {
        /* the same outside id under another name: another person, but say so */
        int q = salle__strmap_get(&im->person_by_xid, pp->source_id);
        if (q >= 0)
            salle__imp_warn(im, line,
                            "person id %s names \"%s\" (line %d) and \"%s\" (line %d); kept as two people, \"%s\" and \"%s\"",
                            xid, im->people[q].name, im->people[q].line, pp->name, line,
                            im->people[q].id, pp->id);
        else
            salle__strmap_put(&im->person_by_xid, pp->source_id, im->npeople);
    }
    free(xid);
    free(kid);
    salle__strmap_put(&im->person_by_key, pp->key, im->npeople);
    salle__strmap_put(&im->person_ids, pp->id, im->npeople);
    return im->npeople++;
}

void salle__imp_link(salle__imp_session *s, const char *type, const char *url, const char *title,
                     int attachment)
{
    char *u = salle__imp_trim(url);
    if (!u)
        return;
    if (s->nlinks == s->caplinks) {
        s->caplinks = s->caplinks ? s->caplinks * 2 : 4;
        s->links = salle__xrealloc(s->links, (size_t)s->caplinks * sizeof *s->links);
    }
    salle_link *l = &s->links[s->nlinks++];
    memset(l, 0, sizeof *l);
    l->url = u;
    l->attachment = attachment;
    char *t = salle__imp_trim(title);
    const char *rest = t;
    const char *known = t ? salle__link_type_of_title(t, &rest) : NULL;
    char *ty = salle__imp_trim(type);
    if (ty && salle__link_label(ty)) { /* one of salle's own: the title may repeat its label */
        l->type = ty;
        if (known && strcmp(known, ty) == 0)
            l->title = salle__imp_trim(rest);
        else
            l->title = t ? salle__xstrdup(t) : NULL;
    } else if (known) { /* c3voc JSON's closed list of types: salle's type is in the label */
        free(ty);
        l->type = salle__xstrdup(known);
        l->title = salle__imp_trim(rest);
    } else {
        l->type = ty;
        l->title = t ? salle__xstrdup(t) : NULL;
    }
    free(t);
}

void salle__imp_day_end(salle__imp *im, int day_date, const char *end)
{
    int t;
    if (end && day_date >= 0 && salle__imp_datetime(im, end, &t) == 0 &&
        t > day_date + SALLE_MINUTES_PER_DAY)
        salle__imp_day_change(im, t - day_date - SALLE_MINUTES_PER_DAY); /* 04:00 at CCC */
}

int salle__imp_stated_day_change(const salle__imp *im)
{
    return im->day_change;
}

void salle__imp_day_change(salle__imp *im, int minutes)
{
    if (im->day_change < 0 && minutes >= 0 && minutes <= 12 * 60)
        im->day_change = minutes;
}

void salle__imp_person_remote(salle__imp *im, int p, const char *tz)
{
    if (p < 0 || p >= im->npeople)
        return;
    im->people[p].remote = 1;
    set_once(&im->people[p].timezone, tz);
}

void salle__imp_person_email(salle__imp *im, int p, const char *email)
{
    if (p >= 0 && p < im->npeople)
        set_once(&im->people[p].email, email);
}

int salle__imp_resource(salle__imp *im, const char *name, int cap)
{
    char *n = salle__imp_trim(name);
    if (!n)
        return -1;
    int r = salle__strmap_get(&im->res_by_name, n);
    if (r < 0) {
        if (im->nres == im->capres) {
            im->capres = im->capres ? im->capres * 2 : 8;
            im->res = salle__xrealloc(im->res, (size_t)im->capres * sizeof *im->res);
        }
        imp_resource *rs = &im->res[im->nres];
        rs->name = n;
        rs->id = unique_id(&im->res_ids, slug("", n));
        rs->capacity = 1;
        salle__strmap_put(&im->res_by_name, rs->name, im->nres);
        salle__strmap_put(&im->res_ids, rs->id, im->nres);
        r = im->nres++;
    } else {
        free(n);
    }
    if (cap > im->res[r].capacity)
        im->res[r].capacity = cap;
    return r;
}

void salle__imp_event_day(salle__imp *im, int days)
{
    salle__ivec_push(&im->given_days, days);
}

const salle__imp_session *salle__imp_session_find(const salle__imp *im, const char *id)
{
    int i = id ? salle__strmap_get(&im->session_ids, id) : -1;
    return i >= 0 ? &im->s[i] : NULL;
}

salle__imp_session *salle__imp_session_new(salle__imp *im, const char *id, int line)
{
    char *sid = salle__imp_trim(id);
    if (!sid)
        sid = salle__xasprintf("s-%d", ++im->made_ids);
    if (salle__strmap_get(&im->session_ids, sid) >= 0) {
        char *u = unique_id(&im->session_ids, salle__xstrdup(sid));
        salle__imp_warn(im, line, "duplicate session id \"%s\"; this one becomes \"%s\"", sid, u);
        free(sid);
        sid = u;
    }
    if (im->ns == im->caps) {
        im->caps = im->caps ? im->caps * 2 : 64;
        im->s = salle__xrealloc(im->s, (size_t)im->caps * sizeof *im->s);
        /* the map holds pointers to the ids, not to the array, so it survives the move */
    }
    if (im->dst_note[0]) {
        warn_str(im, line, im->dst_note);
        im->dst_note[0] = 0;
    }
    salle__imp_session *s = &im->s[im->ns];
    memset(s, 0, sizeof *s);
    s->id = sid;
    s->attendance = -1;
    s->room = -1;
    s->line = line;
    s->day_date = -1;
    salle__strmap_put(&im->session_ids, s->id, im->ns++);
    return s;
}

salle__imp_session *salle__imp_session_placed(salle__imp *im, const char *id, char *guid,
                                              int line, int room, int start, int duration)
{
    /* without an id the guid is the next best stable name */
    salle__imp_session *s = salle__imp_session_new(im, id ? id : guid, line);
    s->room = room;
    s->has_start = 1;
    s->start = start;
    s->duration = duration;
    if (guid && salle__is_uuid(guid)) {
        s->guid = guid;
    } else if (guid) {
        if (!im->bad_guids++)
            im->first_bad_guid_line = line;
        s->orig_guid = guid;
    }
    return s;
}

void salle__imp_warn_bad_guids(salle__imp *im)
{
    if (im->bad_guids)
        salle__imp_warn_n(im, im->first_bad_guid_line,
                          "%d event guid is not a UUID; kept as \"x-guid\", and salle derives new ones",
                          "%d event guids are not UUIDs; kept as \"x-guid\", and salle derives new ones",
                          im->bad_guids, im->bad_guids);
}

int salle__imp_nsessions(const salle__imp *im)
{
    return im->ns;
}

/* ---------------------------------------------------------------- finishing */

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int placed(const salle__imp_session *s)
{
    return s->room >= 0 && s->has_start;
}

static char *clock_str(int m, char *out /* 32 bytes */)
{
    snprintf(out, 32, "%02d:%02d", m / 60, m % 60);
    return out;
}

static char *datetime_str(int t, char *out /* 64 bytes */)
{
    char d[32];
    int day = floor_div(t, SALLE_MINUTES_PER_DAY), m = t - day * SALLE_MINUTES_PER_DAY;
    format_date(day, d);
    snprintf(out, 64, "%sT%02d:%02d", d, m / 60, m % 60);
    return out;
}

/* The ids of people v, each once, in order of first mention. stamp (one int per person, shared
 * by all calls, tag distinct per call) marks who is already listed: linear in v, where comparing
 * with every earlier entry made a session of a million speakers never finish. */
static json_t *person_list(const salle__imp *im, const salle__ivec *v, int *stamp, int tag)
{
    json_t *a = json_array();
    for (int i = 0; i < v->n; i++) {
        if (stamp[v->v[i]] == tag)
            continue;
        stamp[v->v[i]] = tag;
        json_array_append_new(a, jstr(im->people[v->v[i]].id));
    }
    return a;
}

static json_t *str_list(const salle__strs *l)
{
    json_t *a = json_array();
    for (int i = 0; i < l->n; i++)
        json_array_append_new(a, jstr(l->v[i]));
    return a;
}

/* A room is open in stretches: the times of its sessions (and, with pad, the opening hours of
 * every event day), joined where less than this many minutes lie between them. A night breaks a
 * stretch, a lunch break does not; so a congress room used 11:00 to 02:00 is open 11:00-02:00,
 * not all day. */
#define NIGHT_GAP 360

typedef struct interval {
    int room, a, b;
} interval;

static int cmp_interval(const void *x, const void *y)
{
    const interval *p = x, *q = y;
    if (p->room != q->room)
        return (p->room > q->room) - (p->room < q->room);
    return (p->a > q->a) - (p->a < q->a);
}

/* The times each room is used (and, with pad, its opening hours), sorted by room and start. */
static interval *intervals(const salle__imp *im, const int *days, int ndays, int *n)
{
    int niv = 0;
    interval *iv = salle__xmalloc((size_t)(im->ns + (im->pad ? im->nrooms * ndays : 0) + 1) *
                                  sizeof *iv);
    for (int i = 0; i < im->ns; i++)
        if (placed(&im->s[i]))
            iv[niv++] = (interval){im->s[i].room, im->s[i].start, im->s[i].start + im->s[i].duration};
    for (int r = 0; im->pad && r < im->nrooms; r++)
        for (int d = 0; d < ndays; d++)
            iv[niv++] = (interval){r, days[d] * SALLE_MINUTES_PER_DAY + 9 * 60,
                                   days[d] * SALLE_MINUTES_PER_DAY + 18 * 60};
    qsort(iv, (size_t)niv, sizeof *iv, cmp_interval);
    *n = niv;
    return iv;
}

/* The longest stretch any room is open: an unplaced session longer than that fits nowhere, and
 * the instance parser refuses it. */
static int longest_stretch(const salle__imp *im, const int *days, int ndays)
{
    int niv, best = 0, k = 0;
    interval *iv = intervals(im, days, ndays, &niv);
    for (int r = 0; r < im->nrooms; r++) {
        if (k == niv || iv[k].room != r)
            best = best > 9 * 60 ? best : 9 * 60; /* unused: the default opening hours */
        while (k < niv && iv[k].room == r) {
            int a = iv[k].a, b = iv[k].b;
            for (k++; k < niv && iv[k].room == r && iv[k].a - b < NIGHT_GAP; k++)
                if (iv[k].b > b)
                    b = iv[k].b;
            if (b - a > best)
                best = b - a;
        }
    }
    free(iv);
    return best;
}

/* Appends [a, b) to av as one window per calendar date ({"day", "start", "end"}); the instance
 * parser joins the pieces again at midnight. */
static void add_stretch(json_t *av, int a, int b)
{
    while (a < b) {
        int day = floor_div(a, SALLE_MINUTES_PER_DAY), base = day * SALLE_MINUTES_PER_DAY;
        int e = b < base + SALLE_MINUTES_PER_DAY ? b : base + SALLE_MINUTES_PER_DAY;
        char date[32], x[32], y[32];
        format_date(day, date);
        json_t *w = json_object();
        json_object_set_new(w, "day", json_string(date));
        json_object_set_new(w, "start", json_string(clock_str(a - base, x)));
        json_object_set_new(w, "end", json_string(clock_str(e - base, y)));
        json_array_append_new(av, w);
        a = e;
    }
}

/* What the publisher wrote that salle itself does not use, as native keys (issue 8). */
static void add_round_trip(json_t *o, const salle__imp_session *s)
{
    if (s->do_not_record)
        json_object_set_new(o, "do_not_record", json_true());
    set_str(o, "subtitle", s->subtitle);
    set_str(o, "description", s->description);
    set_str(o, "slug", s->slug);
    set_str(o, "feedback_url", s->feedback_url);
    if (!s->nlinks)
        return;
    json_t *a = json_array();
    for (int k = 0; k < s->nlinks; k++) {
        const salle_link *l = &s->links[k];
        json_t *lo = json_object();
        set_str(lo, "type", l->type);
        set_str(lo, "url", l->url);
        set_str(lo, "title", l->title);
        set_str(lo, "note", l->note);
        if (l->attachment)
            json_object_set_new(lo, "attachment", json_true());
        json_array_append_new(a, lo);
    }
    json_object_set_new(o, "links", a);
}

/* Session ids of l that name another session still in the instance (the reader has said what it
 * dropped). */
static json_t *session_refs(const salle__imp *im, const salle__strs *l, const salle__imp_session *self)
{
    json_t *a = json_array();
    for (int i = 0; i < l->n; i++) {
        const salle__imp_session *t = salle__imp_session_find(im, l->v[i]);
        if (t && !t->dropped && t != self)
            json_array_append_new(a, jstr(t->id));
    }
    return a;
}

/* What a spreadsheet can say beyond a published programme (issue 8.5): pins, allowed windows,
 * resources and relations between sessions. */
static void add_planning(const salle__imp *im, json_t *o, const salle__imp_session *s)
{
    char buf[64];
    if (s->resources.n) {
        json_t *a = json_array();
        for (int k = 0; k < s->resources.n; k++)
            json_array_append_new(a, jstr(im->res[s->resources.v[k]].id));
        json_object_set_new(o, "resources", a);
    }
    if (s->allowed.n) {
        json_t *a = json_array();
        for (int k = 0; k + 2 < s->allowed.n; k += 3) {
            json_t *w = json_object();
            if (s->allowed.v[k] != INT_MIN) {
                format_date(s->allowed.v[k], buf);
                json_object_set_new(w, "day", json_string(buf));
            }
            json_object_set_new(w, "start", json_string(clock_str(s->allowed.v[k + 1], buf)));
            json_object_set_new(w, "end", json_string(clock_str(s->allowed.v[k + 2], buf)));
            json_array_append_new(a, w);
        }
        json_object_set_new(o, "allowed", a);
    }
    if (s->after.n)
        json_object_set_new(o, "after", session_refs(im, &s->after, s));
    if (s->not_with.n)
        json_object_set_new(o, "not_with", session_refs(im, &s->not_with, s));
    if ((s->pin_room && s->room >= 0) || (s->pin_start && s->has_start)) {
        json_t *p = json_object();
        if (s->pin_room && s->room >= 0)
            set_str(p, "room", im->rooms[s->room].id);
        if (s->pin_start && s->has_start)
            json_object_set_new(p, "start", json_string(datetime_str(s->start, buf)));
        json_object_set_new(o, "pinned", p);
    }
}

static json_t *build_instance(salle__imp *im, const int *days, int ndays, int grid, int dc)
{
    json_t *root = json_object();
    json_object_set_new(root, "salle", json_integer(SALLE_FORMAT_VERSION));
    json_t *ev = json_object();
    set_str(ev, "name", im->ev_name ? im->ev_name : im->acronym ? im->acronym : "Imported programme");
    set_str(ev, "acronym", im->acronym);
    set_str(ev, "url", im->url);
    set_str(ev, "timezone", im->tz);
    json_t *jd = json_array();
    for (int d = 0; d < ndays; d++) {
        char buf[32];
        format_date(days[d], buf);
        json_array_append_new(jd, json_string(buf));
    }
    json_object_set_new(ev, "days", jd);
    json_object_set_new(ev, "grid", json_integer(grid));
    json_object_set_new(ev, "changeover", json_integer(0));
    if (dc > 0) {
        char buf[32];
        json_object_set_new(ev, "day_change", json_string(clock_str(dc, buf)));
    }
    json_object_set_new(root, "event", ev);

    /* stretches of use, capacities and features per room */
    int niv;
    interval *iv = intervals(im, days, ndays, &niv);
    int *cap = salle__xcalloc((size_t)im->nrooms + 1, sizeof *cap);
    salle__strs *feat = salle__xcalloc((size_t)im->nrooms + 1, sizeof *feat);
    for (int i = 0; i < im->nrooms; i++)
        cap[i] = im->rooms[i].capacity;
    for (int i = 0; i < im->ns; i++) {
        const salle__imp_session *s = &im->s[i];
        if (!placed(s))
            continue;
        if (s->attendance > cap[s->room])
            cap[s->room] = s->attendance;
        for (int k = 0; k < s->needs.n; k++)
            salle__strs_add(&feat[s->room], s->needs.v[k]);
    }
    json_t *rooms = json_array();
    int k = 0;
    for (int r = 0; r < im->nrooms; r++) {
        json_t *o = json_object();
        set_str(o, "id", im->rooms[r].id);
        if (strcmp(im->rooms[r].id, im->rooms[r].name) != 0)
            set_str(o, "name", im->rooms[r].name);
        /* unknown stays unknown (issue 8): no export or page invents a number of seats */
        json_object_set_new(o, "capacity", cap[r] > 0 ? json_integer(cap[r]) : json_null());
        if (feat[r].n)
            json_object_set_new(o, "features", str_list(&feat[r]));
        json_t *av = json_array();
        while (k < niv && iv[k].room == r) {
            int a = iv[k].a, b = iv[k].b;
            for (k++; k < niv && iv[k].room == r && iv[k].a - b < NIGHT_GAP; k++)
                if (iv[k].b > b)
                    b = iv[k].b;
            add_stretch(av, a, b);
        }
        if (json_array_size(av)) /* unused: the event's opening hours */
            json_object_set_new(o, "available", av);
        else
            json_decref(av);
        json_array_append_new(rooms, o);
        salle__strs_free(&feat[r]);
    }
    free(feat);
    free(cap);
    free(iv);
    json_object_set_new(root, "rooms", rooms);

    json_t *people = json_array();
    for (int p = 0; p < im->npeople; p++) {
        json_t *o = json_object();
        set_str(o, "id", im->people[p].id);
        set_str(o, "name", im->people[p].name);
        set_str(o, "guid", im->people[p].guid);
        set_str(o, "source_id", im->people[p].source_id);
        if (im->people[p].remote)
            json_object_set_new(o, "remote", json_true());
        set_str(o, "timezone", im->people[p].timezone);
        set_str(o, "email", im->people[p].email);
        json_array_append_new(people, o);
    }
    json_object_set_new(root, "people", people);
    if (im->nres) {
        json_t *res = json_array();
        for (int r = 0; r < im->nres; r++) {
            json_t *o = json_object();
            set_str(o, "id", im->res[r].id);
            if (strcmp(im->res[r].id, im->res[r].name) != 0)
                set_str(o, "name", im->res[r].name);
            json_object_set_new(o, "capacity", json_integer(im->res[r].capacity));
            json_array_append_new(res, o);
        }
        json_object_set_new(root, "resources", res);
    }

    json_t *sessions = json_array();
    int *stamp = salle__xcalloc((size_t)im->npeople + 1, sizeof *stamp), tag = 0;
    for (int i = 0; i < im->ns; i++) {
        const salle__imp_session *s = &im->s[i];
        if (s->dropped)
            continue;
        json_t *o = json_object();
        set_str(o, "id", s->id);
        set_str(o, "title", s->title);
        set_str(o, "format", s->format);
        if (s->guid && salle__is_uuid(s->guid))
            set_str(o, "guid", s->guid);
        set_str(o, "abstract", s->abstract);
        if (s->abstract && s->abstract_format != SALLE_TEXT_PLAIN)
            set_str(o, "abstract_format", salle__text_format_name(s->abstract_format));
        set_str(o, "language", s->language);
        set_str(o, "url", s->url);
        json_object_set_new(o, "duration", json_integer(s->duration));
        if (s->organizers.n)
            json_object_set_new(o, "organizers", person_list(im, &s->organizers, stamp, ++tag));
        if (s->speakers.n)
            json_object_set_new(o, "speakers", person_list(im, &s->speakers, stamp, ++tag));
        if (s->attendance >= 0)
            json_object_set_new(o, "attendance", json_integer(s->attendance));
        if (s->needs.n)
            json_object_set_new(o, "needs", str_list(&s->needs));
        if (s->tracks.n)
            json_object_set_new(o, "tracks", str_list(&s->tracks));
        if (s->tags.n)
            json_object_set_new(o, "tags", str_list(&s->tags));
        set_str(o, "x-guid", s->orig_guid);
        add_round_trip(o, s);
        add_planning(im, o, s);
        json_array_append_new(sessions, o);
    }
    free(stamp);
    json_object_set_new(root, "sessions", sessions);
    return root;
}

static json_t *build_schedule(const salle__imp *im)
{
    json_t *root = json_object();
    json_object_set_new(root, "salle_schedule", json_integer(1));
    json_t *as = json_array(), *un = json_array();
    for (int i = 0; i < im->ns; i++) {
        const salle__imp_session *s = &im->s[i];
        if (s->dropped)
            continue;
        json_t *o = json_object();
        set_str(o, "session", s->id);
        if (placed(s)) {
            char buf[64];
            set_str(o, "room", im->rooms[s->room].id);
            json_object_set_new(o, "start", json_string(datetime_str(s->start, buf)));
            json_array_append_new(as, o);
        } else {
            json_object_set_new(o, "reason", json_string("not placed in the imported programme"));
            json_array_append_new(un, o);
        }
    }
    json_object_set_new(root, "assignments", as);
    if (json_array_size(un))
        json_object_set_new(root, "unscheduled", un);
    else
        json_decref(un);
    return root;
}


/* Every session its own guid (issue 8): a repeated event renamed to "1268-2" comes with the
 * original's guid, and two equal guids fail the c3voc XSD and make calendars drop one of the two
 * events. The copy gets one derived from the guid and its new id, the same on every import. */
static void unique_guids(salle__imp *im)
{
    salle__strmap seen;
    salle__strmap_init(&seen);
    for (int i = 0; i < im->ns; i++) {
        salle__imp_session *s = &im->s[i];
        if (!s->guid)
            continue;
        int first = salle__strmap_get(&seen, s->guid);
        if (first >= 0) {
            char *g = salle__uuid_for(s->guid, s->id);
            while (salle__strmap_get(&seen, g) >= 0) {
                char *again = salle__uuid_for(g, s->id);
                free(g);
                g = again;
            }
            salle__imp_warn(im, s->line,
                            "session \"%s\" has the guid %s of session \"%s\" (line %d); it gets its own, %s",
                            s->id, s->guid, im->s[first].id, im->s[first].line, g);
            free(s->guid);
            s->guid = g;
        }
        salle__strmap_put(&seen, s->guid, i);
    }
    salle__strmap_free(&seen);
}

/* The conference day change (issue 8), in minutes of the day: sessions that the source lists
 * under a day but that start after midnight belong to that day, so the day change lies after
 * every such start and at or before every start on a day's own date. The source's own value
 * (frab <day_change>) when it fits, else the next full hour after the latest night start.
 * 0 when no session runs past midnight. */
static int settle_day_change(salle__imp *im)
{
    int night = -1, early = SALLE_MINUTES_PER_DAY, night_line = 0;
    for (int i = 0; i < im->ns; i++) {
        const salle__imp_session *s = &im->s[i];
        if (!placed(s) || s->day_date < 0)
            continue;
        int date = floor_div(s->start, SALLE_MINUTES_PER_DAY) * SALLE_MINUTES_PER_DAY;
        int clock = s->start - date;
        if (date == s->day_date + SALLE_MINUTES_PER_DAY && clock > night) {
            night = clock;
            night_line = s->line;
        } else if (date == s->day_date && clock < early) {
            early = clock;
        }
    }
    /* A night is before the stated day change, or before 06:00 when none is stated; a later
     * start on the next date is a day listed by its UTC date (DebConf), not a night. */
    int limit = im->day_change > 0 ? im->day_change : 6 * 60;
    if (night < 0 || night >= limit)
        return 0;
    if (night >= early) {
        salle__imp_warn(im, night_line,
                        "a session listed under the previous day starts at %02d:%02d, no earlier than the day's own sessions; days are counted from midnight",
                        night / 60, night % 60);
        return 0;
    }
    int dc = im->day_change;
    if (dc > night && dc <= early)
        return dc;
    dc = (night / 60 + 1) * 60;
    return dc < early ? dc : early;
}

int salle__imp_finish(salle__imp *im, char **inst_out, char **sched_out, salle_diag *err)
{
    if (im->dst_note[0]) /* read, but no session followed */
        warn_str(im, 0, im->dst_note);
    if (im->ns == 0)
        return salle__diag(err, im->name, 0, 0, N_("no usable sessions found; nothing to import"));
    ensure_tz(im, INT_MIN);
    unique_guids(im);
    int dc = settle_day_change(im);
    for (int i = 0; i < im->ns; i++) {
        const salle__imp_session *s = &im->s[i];
        const struct {
            const char *what;
            int n;
        } sizes[] = {{N_("people (organizers and speakers)"), s->organizers.n + s->speakers.n},
                     {N_("tracks"), s->tracks.n}, {N_("tags"), s->tags.n}, {N_("needs"), s->needs.n}};
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
            if (sizes[k].n > SALLE__IMPORT_MAX_PER_SESSION)
                return salle__diag(err, im->name, s->line, s->line ? 1 : 0,
                                   N_("session \"%s\" has %d %s; salle takes at most %d per session "
                                      "(is a long list in the wrong column?)"),
                                   s->id, sizes[k].n, salle__diag_tr(err, sizes[k].what), SALLE__IMPORT_MAX_PER_SESSION);
    }
    /* the grid: 5 minutes unless a start or a duration needs 1 */
    int grid = 5;
    for (int i = 0; i < im->ns; i++) {
        const salle__imp_session *s = &im->s[i];
        if (s->duration % 5 || (placed(s) && ((s->start % 5) + 5) % 5))
            grid = 1;
    }
    /* the event days: every conference day a placed session touches (a calendar date when the
     * day changes at midnight) */
    salle__ivec dv = {0};
    for (int i = 0; i < im->given_days.n; i++)
        salle__ivec_push(&dv, im->given_days.v[i]);
    for (int i = 0; i < im->ns; i++) {
        const salle__imp_session *s = &im->s[i];
        if (!placed(s))
            continue;
        int d0 = floor_div(s->start - dc, SALLE_MINUTES_PER_DAY);
        int d1 = floor_div(s->start + s->duration - 1 - dc, SALLE_MINUTES_PER_DAY);
        for (int d = d0; d <= d1; d++)
            salle__ivec_push(&dv, d);
    }
    if (dv.n == 0)
        return salle__diag(err, im->name, 0, 0,
                           N_("no session has both a room and a start time, so the event days are unknown; place at least one, or give the days (CSV: --days or a \"days\" line above the header, docs/csv.md)"));
    qsort(dv.v, (size_t)dv.n, sizeof *dv.v, cmp_int);
    int ndays = salle__sort_unique(dv.v, dv.n);
    for (int i = 0; i < im->ns; i++) { /* a window on a date that is not an event day */
        const salle__imp_session *s = &im->s[i];
        for (int k = 0; k + 2 < s->allowed.n; k += 3) {
            int d = s->allowed.v[k], found = d == INT_MIN;
            for (int j = 0; j < ndays && !found; j++)
                found = dv.v[j] == d;
            if (!found) {
                char a[32], b[32], c[32];
                format_date(d, a);
                format_date(dv.v[0], b);
                format_date(dv.v[ndays - 1], c);
                salle__ivec_free(&dv);
                return salle__diag(err, im->name, s->line, 1,
                                   N_("session \"%s\" may only run on %s, which is not an event day (the days are %s to %s)"),
                                   s->id, a, b, c);
            }
        }
    }
    if (im->nrooms == 0) {
        salle__ivec_free(&dv);
        return salle__diag(err, im->name, 0, 0, N_("no rooms found; nothing to import"));
    }
    int longest = longest_stretch(im, dv.v, ndays);
    for (int i = 0; i < im->ns; i++) {
        salle__imp_session *s = &im->s[i];
        if (!placed(s) && s->duration > longest) {
            s->dropped = 1;
            salle__imp_warn(im, s->line,
                            "skipped session \"%s\": it is not placed and lasts %d minutes, longer than any room is open (%d minutes)",
                            s->id, s->duration, longest);
        }
    }
    json_t *ji = build_instance(im, dv.v, ndays, grid, dc);
    salle__ivec_free(&dv);
    char *inst = salle__json_text(ji, JSON_INDENT(2));
    json_decref(ji);
    /* Load what was written, as any salle command will: an import that salle cannot read back is
     * a bug to report here, not in the user's next command. */
    char *iname = salle__xasprintf("%s (imported instance)", im->name);
    salle_diag d = {0};
    salle_instance *loaded = salle_instance_parse(inst, strlen(inst), iname, &d);
    free(iname);
    if (!loaded) {
        free(inst);
        return salle__diag(err, im->name, 0, 0, "the imported instance does not load (line %d: %s)",
                           d.line, d.msg);
    }
    char *sched = NULL;
    if (sched_out) {
        json_t *js = build_schedule(im);
        sched = salle__json_text(js, JSON_INDENT(2));
        json_decref(js);
        salle_schedule *s = salle_schedule_parse(sched, strlen(sched), "imported schedule", loaded, &d);
        if (!s) {
            salle_instance_free(loaded);
            free(inst);
            free(sched);
            return salle__diag(err, im->name, 0, 0,
                               "the imported schedule does not load (line %d: %s)", d.line, d.msg);
        }
        salle_schedule_free(s);
    }
    if (summary_out)
        *summary_out = (salle_import_summary){loaded->nsessions, loaded->nrooms, loaded->npeople,
                                              loaded->event.ndays,
                                              loaded->talks ? loaded->talks->ntalks : 0};
    salle_instance_free(loaded);
    *inst_out = inst;
    if (sched_out)
        *sched_out = sched;
    return 0;
}

int salle__imp_load_check(const char *inst, const char *name, salle_diag *err)
{
    char *iname = salle__xasprintf("%s (imported instance)", name);
    salle_diag d = {0};
    salle_instance *loaded = salle_instance_parse(inst, strlen(inst), iname, &d);
    free(iname);
    if (!loaded)
        return salle__diag(err, name, 0, 0, "the imported instance does not load (line %d: %s)",
                           d.line, d.msg);
    if (summary_out)
        *summary_out = (salle_import_summary){loaded->nsessions, loaded->nrooms, loaded->npeople,
                                              loaded->event.ndays,
                                              loaded->talks ? loaded->talks->ntalks : 0};
    salle_instance_free(loaded);
    return 0;
}

/* ---------------------------------------------------------------- recognising the format */

/* Case-insensitive prefix test on a buffer that is not NUL-terminated. */
static int starts_with_ci(const char *p, size_t n, const char *word)
{
    size_t k = strlen(word);
    return n >= k && strncasecmp(p, word, k) == 0;
}

/* 1 if p (starting at '<') is an HTML document: a doctype or root element "html", perhaps after
 * comments and an XML declaration (XHTML). */
static int is_html(const char *p, size_t n)
{
    size_t i = 0;
    for (int guard = 0; guard < 16 && i < n; guard++) {
        while (i < n && isspace((unsigned char)p[i]))
            i++;
        if (starts_with_ci(p + i, n - i, "<!doctype html") || starts_with_ci(p + i, n - i, "<html"))
            return 1;
        const char *end = NULL;
        if (starts_with_ci(p + i, n - i, "<?") )
            end = memmem(p + i, n - i, "?>", 2);
        else if (starts_with_ci(p + i, n - i, "<!--"))
            end = memmem(p + i, n - i, "-->", 3);
        if (!end)
            return 0;
        i = (size_t)(end - p) + 2;
    }
    return 0;
}

/* The text of the page's <title>, white space collapsed and cut to fit out; "" if none. */
static void html_title(const char *p, size_t n, char *out, size_t cap)
{
    out[0] = 0;
    size_t lim = n < 65536 ? n : 65536, i = 0;
    while (i < lim && !starts_with_ci(p + i, lim - i, "<title"))
        i++;
    while (i < lim && p[i] != '>')
        i++;
    size_t k = 0;
    for (i++; i < lim && p[i] != '<' && k + 4 < cap; i++) {
        unsigned char c = (unsigned char)p[i];
        if (isspace(c)) {
            if (k && out[k - 1] != ' ')
                out[k++] = ' ';
        } else if (c >= 0x20 && c != '"') {
            out[k++] = (char)c;
        }
    }
    while (k && out[k - 1] == ' ')
        k--;
    out[k] = 0;
    size_t bad; /* never cut a character in two */
    while (k && !salle__utf8_valid(out, k, &bad))
        out[k = bad] = 0;
}

/* --keep-times: each placed session's published room and start become its "published" key, so
 * that `salle solve` keeps them (hard rule 9) unless a move is confirmed. Done on the finished
 * texts, so that it means the same for every format. Returns 0, or -1 with *err set. */
static int keep_times(char **inst, const char *sched, const char *name, salle_diag *err)
{
    json_error_t je;
    json_t *ji = json_loads(*inst, 0, &je), *js = json_loads(sched, 0, &je);
    if (!ji || !js) {
        json_decref(ji);
        json_decref(js);
        return salle__diag(err, name, 0, 0, "the imported instance does not load (--keep-times)");
    }
    json_t *sessions = json_object_get(ji, "sessions"), *as = json_object_get(js, "assignments");
    salle__strmap ids;
    salle__strmap_init(&ids);
    size_t i;
    json_t *o;
    json_array_foreach(sessions, i, o)
        salle__strmap_put(&ids, json_string_value(json_object_get(o, "id")), (int)i);
    json_array_foreach(as, i, o) {
        int k = salle__strmap_get(&ids, json_string_value(json_object_get(o, "session")));
        if (k < 0)
            continue;
        json_t *pub = json_object();
        json_object_set(pub, "room", json_object_get(o, "room"));
        json_object_set(pub, "start", json_object_get(o, "start"));
        json_object_set_new(json_array_get(sessions, (size_t)k), "published", pub);
    }
    salle__strmap_free(&ids);
    free(*inst);
    *inst = salle__json_text(ji, JSON_INDENT(2));
    json_decref(ji);
    json_decref(js);
    return 0;
}

static int import_mem(const char *buf, size_t len, const char *name,
                      const salle_import_options *opt, salle_warn_fn warn, void *ctx,
                      char **instance_json, char **schedule_json, salle_diag *err)
{
    size_t i = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && isspace((unsigned char)buf[i]))
        i++;
    if (i == len)
        return salle__diag(err, name, 0, 0, N_("the file is empty"));
    if (buf[i] == '<' && is_html(buf + i, len - i)) {
        /* a server's error page or a programme's web page saved instead of its schedule file */
        char title[120];
        int line = 1;
        for (size_t k = 0; k < i; k++)
            line += buf[k] == '\n';
        html_title(buf + i, len - i, title, sizeof title);
        if (title[0])
            return salle__diag(err, name, line, 1,
                               N_("this is an HTML page, not a schedule (its title: \"%s\"); download the "
                                  "schedule.xml or schedule.json file itself (for frab and pretalx: "
                                  "the \"XML\" or \"JSON\" export link of the schedule)"),
                               title);
        return salle__diag(err, name, line, 1,
                           N_("this is an HTML page, not a schedule; download the "
                              "schedule.xml or schedule.json file itself (for frab and pretalx: "
                              "the \"XML\" or \"JSON\" export link of the schedule)"));
    }
    int keep = opt && opt->keep_times;
    char *sched = NULL, **sp = keep || schedule_json ? &sched : NULL;
    int rc;
    if (buf[i] == '<')
        rc = salle__import_frab_mem(buf, len, name, warn, ctx, instance_json, sp, err);
    else if (buf[i] == '{' || buf[i] == '[')
        rc = salle__import_json_mem(buf, len, name, warn, ctx, instance_json, sp, err);
    else if (len - i >= 15 && strncmp(buf + i, "BEGIN:VCALENDAR", 15) == 0)
        return salle__diag(err, name, 1, 1,
                           N_("iCalendar cannot be imported (it has no rooms or people to rely on); import the frab schedule.xml or the schedule JSON instead"));
    else
        rc = salle__import_csv_mem_with(buf, len, name, opt, warn, ctx, instance_json, sp, err);
    if (rc == 0 && keep && keep_times(instance_json, sched, name, err) < 0) {
        free(*instance_json);
        *instance_json = NULL;
        rc = -1;
    }
    if (rc == 0 && schedule_json)
        *schedule_json = sched;
    else
        free(sched);
    return rc;
}

int salle__import_mem_with(const char *buf, size_t len, const char *name,
                           const salle_import_options *opt, salle_warn_fn warn, void *ctx,
                           char **instance_json, char **schedule_json, salle_diag *err)
{
    const char *tz = opt ? opt->timezone : NULL;
    if (tz && !is_zone(tz))
        return salle__diag(err, name, 0, 0,
                           N_("unknown time zone \"%s\" for --timezone; expected an IANA name such as \"Europe/Brussels\""),
                           tz);
    const char *was = forced_tz;
    salle_import_summary *was_summary = summary_out;
    forced_tz = tz;
    summary_out = opt ? opt->summary : NULL;
    int rc = import_mem(buf, len, name, opt, warn, ctx, instance_json, schedule_json, err);
    forced_tz = was;
    summary_out = was_summary;
    return rc;
}

int salle_import_tz(const char *path, const char *timezone, salle_import_summary *summary,
                    salle_warn_fn warn, void *ctx, char **instance_json, char **schedule_json,
                    salle_diag *err)
{
    salle_import_options opt = {0};
    opt.timezone = timezone;
    opt.summary = summary;
    return salle_import_with(path, &opt, warn, ctx, instance_json, schedule_json, err);
}

int salle__import_mem(const char *buf, size_t len, const char *name, salle_warn_fn warn, void *ctx,
                      char **instance_json, char **schedule_json, salle_diag *err)
{
    return salle__import_mem_with(buf, len, name, NULL, warn, ctx, instance_json, schedule_json,
                                  err);
}

int salle_import_with(const char *path, const salle_import_options *opt, salle_warn_fn warn,
                      void *ctx, char **instance_json, char **schedule_json, salle_diag *err)
{
    size_t len;
    char *buf = salle__read_file(path, &len, err);
    if (!buf)
        return -1;
    int rc = salle__import_mem_with(buf, len, path, opt, warn, ctx, instance_json, schedule_json,
                                    err);
    free(buf);
    return rc;
}

int salle_import(const char *path, salle_warn_fn warn, void *ctx, char **instance_json,
                 char **schedule_json, salle_diag *err)
{
    return salle_import_with(path, NULL, warn, ctx, instance_json, schedule_json, err);
}
