/*
 * export_json.c: the schedule as c3voc schedule JSON (data/schemas/schema.json), the JSON twin of
 * frab's schedule.xml that pretalx and frab publish and the c3voc tools read. The output
 * validates against that schema: every event carries all the keys it requires (some deprecated,
 * such as "start" and "duration", which readers still use), persons are frab-style
 * {id, public_name} objects, and rooms have UUIDs.
 *
 * The same identifiers as the frab export (export.h), so the two files describe one programme.
 * Unscheduled sessions are left out: the format has no place for them.
 *
 * The text is written straight into one growing buffer, in exactly the layout jansson's
 * json_dumps(JSON_INDENT(2) | JSON_PRESERVE_ORDER) gave when this file built a jansson tree and
 * dumped it (tests/export.sh compares the bytes): two spaces a level, ": " after a key, "{}" and
 * "[]" for empty containers, and jansson's escapes ("\"", "\\", "\n", "\r", "\t", "\b", "\f",
 * "\u00XX"; '/' and non-ASCII as they are). The tree cost twice the time of the rest of the
 * export (a malloc per value, then jansson's dumper decoding every code point of every abstract:
 * 33c3's export read 416 KB and spent 33M instructions in json_dumps alone). yajl_gen, the
 * library that writes JSON events, cannot give these bytes: its pretty printer writes an empty
 * object as "{\n\n}".
 */
#include "formats/export.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SALLE_GENERATOR_VERSION "0.1.0"
#define SALLE_C3VOC_SCHEMA "https://c3voc.de/schedule/schema.json"

/* ---- the writer ---- */

#define JW_MAXDEPTH 32 /* the schedule nests 7 deep */

typedef struct jw {
    char *s;
    size_t n, cap;
    int depth;
    unsigned char first[JW_MAXDEPTH]; /* per open container: nothing written in it yet */
} jw;

static void jw_reserve(jw *w, size_t more)
{
    if (w->n + more + 1 <= w->cap)
        return;
    size_t cap = w->cap ? w->cap : 65536;
    while (w->n + more + 1 > cap)
        cap *= 2;
    w->s = salle__xrealloc(w->s, cap);
    w->cap = cap;
}

static void jw_put(jw *w, const char *s, size_t n)
{
    jw_reserve(w, n);
    memcpy(w->s + w->n, s, n);
    w->n += n;
}

#define JW_LIT(w, lit) jw_put((w), (lit), sizeof(lit) - 1)

/* Before a member or an element: the comma after the previous one, a new line and the indent. */
static void jw_next(jw *w)
{
    int d = w->depth;
    jw_reserve(w, 2 + 2 * (size_t)d);
    if (!w->first[d])
        w->s[w->n++] = ',';
    w->first[d] = 0;
    w->s[w->n++] = '\n';
    memset(w->s + w->n, ' ', 2 * (size_t)d);
    w->n += 2 * (size_t)d;
}

static void jw_open(jw *w, char c)
{
    jw_put(w, &c, 1);
    if (w->depth + 1 >= JW_MAXDEPTH)
        abort(); /* this file nests a fixed 7 levels */
    w->first[++w->depth] = 1;
}

static void jw_close(jw *w, char c)
{
    int empty = w->first[w->depth];
    w->depth--;
    if (!empty) {
        jw_reserve(w, 1 + 2 * (size_t)w->depth);
        w->s[w->n++] = '\n';
        memset(w->s + w->n, ' ', 2 * (size_t)w->depth);
        w->n += 2 * (size_t)w->depth;
    }
    jw_put(w, &c, 1);
}

/* Bytes that cannot stand in a JSON string as they are: the quote, the backslash, and controls. */
static int needs_escape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

/* s[0..n) as a JSON string, escaped as jansson escapes. With clean, the control characters
 * salle__export_clean drops (all but tab, new line and carriage return) are dropped here too. */
static void jw_escaped(jw *w, const char *s, size_t n, int clean)
{
    jw_reserve(w, n + 2);
    w->s[w->n++] = '"';
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        /* eight bytes at a time while none needs a look (abstracts are most of the bytes): no
         * byte below 0x20, none equal to '"' (0x22) or '\\' (0x5C) */
        while (j + 8 <= n) {
            uint64_t v, q, b;
            memcpy(&v, s + j, 8);
            q = v ^ 0x2222222222222222ULL;
            b = v ^ 0x5C5C5C5C5C5C5C5CULL;
            if ((((v - 0x2020202020202020ULL) & ~v) | ((q - 0x0101010101010101ULL) & ~q) |
                 ((b - 0x0101010101010101ULL) & ~b)) & 0x8080808080808080ULL)
                break;
            j += 8;
        }
        while (j < n && !needs_escape((unsigned char)s[j]))
            j++;
        jw_put(w, s + i, j - i);
        if (j == n)
            break;
        unsigned char c = (unsigned char)s[j];
        i = j + 1;
        switch (c) {
        case '"': JW_LIT(w, "\\\""); break;
        case '\\': JW_LIT(w, "\\\\"); break;
        case '\n': JW_LIT(w, "\\n"); break;
        case '\r': JW_LIT(w, "\\r"); break;
        case '\t': JW_LIT(w, "\\t"); break;
        default:
            if (clean)
                break;
            if (c == '\b')
                JW_LIT(w, "\\b");
            else if (c == '\f')
                JW_LIT(w, "\\f");
            else {
                char u[8];
                snprintf(u, sizeof u, "\\u%04X", c);
                jw_put(w, u, 6);
            }
        }
    }
    JW_LIT(w, "\"");
}

/* A member's key (the caller checked it is UTF-8; the keys here are this file's own words, and
 * room names, which day_rooms checks). */
static void jw_key(jw *w, const char *key)
{
    jw_next(w);
    jw_escaped(w, key, strlen(key), 0);
    JW_LIT(w, ": ");
}

/* A value of text that came from the instance: control characters dropped (salle__export_clean),
 * and "" when it is not UTF-8, as jansson refused such a string (the parsers only let valid text
 * in, but never crash on it). */
static void jw_text(jw *w, const char *s)
{
    size_t n = strlen(s), bad;
    /* dropping ASCII controls keeps valid UTF-8 valid, so the common case checks the text once */
    if (salle__utf8_valid(s, n, &bad)) {
        jw_escaped(w, s, n, 1);
        return;
    }
    char *clean = salle__export_clean(s);
    n = strlen(clean);
    if (salle__utf8_valid(clean, n, &bad))
        jw_escaped(w, clean, n, 0);
    else
        JW_LIT(w, "\"\"");
    free(clean);
}

/* Members: key with text (str), with text or null, with salle's own words (jstr: written as
 * they are; one that is not UTF-8 leaves the member out, as json_object_set_new did with the
 * NULL that json_string gave), with a number, true/false, null. */
static void kv_str(jw *w, const char *key, const char *s)
{
    jw_key(w, key);
    jw_text(w, s);
}

static void kv_str_or_null(jw *w, const char *key, const char *s)
{
    jw_key(w, key);
    if (s)
        jw_text(w, s);
    else
        JW_LIT(w, "null");
}

static void kv_raw(jw *w, const char *key, const char *s)
{
    size_t n = strlen(s), bad;
    if (!salle__utf8_valid(s, n, &bad))
        return;
    jw_key(w, key);
    jw_escaped(w, s, n, 0);
}

static void kv_int(jw *w, const char *key, long long v)
{
    char buf[32];
    jw_key(w, key);
    jw_put(w, buf, (size_t)snprintf(buf, sizeof buf, "%lld", v));
}

static void kv_bool(jw *w, const char *key, int v)
{
    jw_key(w, key);
    if (v)
        JW_LIT(w, "true");
    else
        JW_LIT(w, "false");
}

static void kv_null(jw *w, const char *key)
{
    jw_key(w, key);
    JW_LIT(w, "null");
}

/* A member whose value is a container: the key and the opening bracket. */
static void kv_open(jw *w, const char *key, char c)
{
    jw_key(w, key);
    jw_open(w, c);
}

/* ---- the schedule ---- */

/* A URI for the event's required "url": the session's page, the event's, or its guid as a URN,
 * which is a valid URI that names the session when neither page exists. */
static void event_url(jw *w, const salle_instance *inst, const salle_session *ss, const char *guid)
{
    /* resolved against the event's address when relative, so that it is a URI (issue 8) */
    char *u = salle__export_url(inst, ss->url);
    if (u) {
        kv_str(w, "url", u);
        free(u);
        return;
    }
    if (salle__export_url_ok(inst->event.url)) {
        kv_str(w, "url", inst->event.url);
        return;
    }
    char *urn = salle__xasprintf("urn:uuid:%s", guid);
    kv_raw(w, "url", urn);
    free(urn);
}

/* schema.json's time_zone_name pattern, "^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$", read as a search the
 * way JSON Schema applies it: a prefix Area/Place, or ending in UTC. */
static int tz_name_fits(const char *tz)
{
    size_t n = strlen(tz);
    if (n >= 3 && strcmp(tz + n - 3, "UTC") == 0)
        return 1;
    const char *p = tz;
    if (!(*p >= 'A' && *p <= 'Z'))
        return 0;
    p++;
    if (!(*p >= 'a' && *p <= 'z'))
        return 0;
    while (*p >= 'a' && *p <= 'z')
        p++;
    if (*p++ != '/')
        return 0;
    if (!(*p >= 'A' && *p <= 'Z'))
        return 0;
    p++;
    return *p >= 'a' && *p <= 'z';
}

/* schema.json's Reference types, a closed list; salle's own types go into the title's label
 * ("Recording: Day 1"), where the importers find them again. */
static const char *reference_type(const char *type)
{
    static const char *const known[] = {"slides", "paper", "web", "blog", "article", "media",
                                        "related", "activitypub"};
    for (size_t i = 0; type && i < sizeof known / sizeof *known; i++)
        if (strcmp(type, known[i]) == 0)
            return type;
    if (!type)
        return NULL;
    if (strcmp(type, "recording") == 0 || strcmp(type, "transcript") == 0)
        return "media";
    if (strcmp(type, "document") == 0 || strcmp(type, "report") == 0)
        return "paper";
    return strcmp(type, "remote") == 0 ? "web" : NULL;
}

static void links_json(jw *w, const char *key, const salle_instance *inst,
                       const salle_session *ss, int attachments)
{
    kv_open(w, key, '[');
    for (int k = 0; k < ss->nlinks; k++) {
        const salle_link *l = &ss->links[k];
        char *url = l->attachment == attachments ? salle__export_url(inst, l->url) : NULL;
        if (!url) /* the schema wants a URI: a link that cannot be one stays in the instance */
            continue;
        jw_next(w);
        jw_open(w, '{');
        const char *rt = reference_type(l->type);
        if (rt)
            kv_raw(w, "type", rt);
        kv_str(w, "url", url);
        free(url);
        char *t = salle__link_text(l);
        kv_str(w, "title", t);
        free(t);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void person_json(jw *w, const salle__export *x, int p)
{
    const salle_person *pe = &x->inst->people[p];
    jw_next(w);
    jw_open(w, '{');
    kv_raw(w, "guid", salle__export_person_guid(x, p));
    kv_int(w, "id", x->person_num[p]);
    kv_str(w, "public_name", pe->name ? pe->name : pe->id);
    jw_close(w, '}');
}

/* A talk (issue 12.6) as an event of its own, as export_frab.c writes it. */
static void talk_event_json(jw *w, const salle__export *x, int i)
{
    const salle_instance *inst = x->inst;
    const salle__talk_event *te = &x->talk_ev[i];
    const salle_talk *k = &inst->talks->talks[te->talk];
    const salle_talk_track *tr = &inst->talks->tracks[k->track];
    char buf[64];
    jw_next(w);
    jw_open(w, '{');
    const char *guid = x->talk_guid[te->talk];
    kv_raw(w, "guid", guid);
    kv_int(w, "id", x->talk_num[te->talk]);
    kv_raw(w, "date", salle__export_datetime(x, te->start, te->day, buf));
    int mod = (te->start - inst->event.day_offset[te->day]) % SALLE_MINUTES_PER_DAY;
    kv_raw(w, "start", salle__export_hhmm(mod, buf));
    kv_raw(w, "duration", salle__export_hhmm(te->end - te->start, buf));
    kv_str(w, "room", x->room_name[te->room]);
    char *slug = salle__export_talk_slug(x, te->talk);
    kv_raw(w, "slug", slug);
    free(slug);
    if (salle__export_url_ok(inst->event.url)) {
        kv_str(w, "url", inst->event.url);
    } else {
        char *urn = salle__xasprintf("urn:uuid:%s", guid);
        kv_raw(w, "url", urn);
        free(urn);
    }
    kv_str(w, "title", k->title);
    kv_raw(w, "subtitle", "");
    kv_str(w, "track", tr->name);
    kv_raw(w, "type", "talk");
    kv_null(w, "language");
    kv_str(w, "abstract", k->abstract ? k->abstract : "");
    char *d = salle__export_talk_block_text(x, i);
    kv_str(w, "description", d);
    free(d);
    kv_raw(w, "recording_license", "");
    kv_bool(w, "do_not_record", 0);
    kv_open(w, "persons", '[');
    for (int p = 0; p < k->presenters.n; p++)
        person_json(w, x, k->presenters.v[p]);
    jw_close(w, ']');
    kv_open(w, "links", '[');
    jw_close(w, ']');
    kv_open(w, "attachments", '[');
    jw_close(w, ']');
    jw_close(w, '}');
}

static void event_json(jw *w, const salle__export *x, int i)
{
    const salle_instance *inst = x->inst;
    const salle_assignment *a = x->a[i];
    const salle_session *ss = &inst->sessions[a->session];
    char buf[64];
    jw_next(w);
    jw_open(w, '{');
    const char *guid = x->guid[a->session];
    kv_raw(w, "guid", guid);
    kv_int(w, "id", x->session_num[a->session]);
    kv_raw(w, "date", salle__export_datetime(x, a->start, x->day[i], buf));
    int mod = (a->start - inst->event.day_offset[x->day[i]]) % SALLE_MINUTES_PER_DAY;
    kv_raw(w, "start", salle__export_hhmm(mod, buf));
    kv_raw(w, "duration", salle__export_hhmm(ss->duration, buf));
    kv_str(w, "room", x->room_name[a->room]);
    kv_raw(w, "slug", x->slug[a->session]);
    event_url(w, inst, ss, guid);
    char *fb = salle__export_url(inst, ss->feedback_url);
    if (fb)
        kv_str(w, "feedback_url", fb);
    free(fb);
    kv_str(w, "title", ss->title ? ss->title : ss->id);
    kv_str(w, "subtitle", ss->subtitle ? ss->subtitle : "");
    if (ss->tracks.n)
        kv_str(w, "track", inst->track_names[ss->tracks.v[0]]);
    else
        kv_null(w, "track");
    kv_str(w, "type", ss->format ? ss->format : "session");
    kv_str_or_null(w, "language", ss->language);
    kv_str(w, "abstract", ss->abstract ? ss->abstract : "");
    kv_str(w, "description", ss->description ? ss->description : "");
    kv_raw(w, "recording_license", "");
    kv_bool(w, "do_not_record", ss->do_not_record);
    /* Frab-style persons: {id, public_name} matches exactly one branch of the schema's oneOf
     * (adding "name" would match the pretalx branch as well and fail). */
    kv_open(w, "persons", '[');
    for (int pass = 0; pass < 2; pass++) {
        const salle_ids *ids = pass == 0 ? &ss->speakers : &ss->organizers;
        for (int k = 0; k < ids->n; k++) {
            int p = ids->v[k];
            if (pass == 1 && salle__ids_has(&ss->speakers, p))
                continue;
            person_json(w, x, p);
        }
    }
    jw_close(w, ']');
    links_json(w, "links", inst, ss, 0);
    links_json(w, "attachments", inst, ss, 1);
    jw_close(w, '}');
}

char *salle_export_json(const salle_instance *inst, const salle_schedule *s, salle_diag *err)
{
    salle__export x;
    if (salle__export_begin(&x, inst, s, err) < 0)
        return NULL;
    const salle_event *e = &inst->event;
    char buf[64];
    jw w0 = {0}, *w = &w0;
    size_t bad;

    jw_open(w, '{');
    kv_raw(w, "$schema", SALLE_C3VOC_SCHEMA);
    kv_open(w, "generator", '{');
    kv_raw(w, "name", "salle");
    kv_raw(w, "version", SALLE_GENERATOR_VERSION);
    jw_close(w, '}');
    kv_open(w, "schedule", '{');
    kv_raw(w, "version", x.version);
    if (salle__export_url_ok(e->url))
        kv_str(w, "base_url", e->url);

    kv_open(w, "conference", '{');
    kv_raw(w, "acronym", x.acronym);
    kv_str(w, "title", e->name ? e->name : x.acronym);
    kv_raw(w, "start", e->days[0]);
    kv_raw(w, "end", e->days[e->ndays - 1]);
    kv_int(w, "daysCount", e->ndays);
    kv_raw(w, "timeslot_duration", salle__export_hhmm(e->grid > 0 ? e->grid : 5, buf));
    /* The key is optional and its pattern narrow (no "Etc/GMT+1"); the offsets in every date
     * still say the local time exactly when the name has to be left out. */
    if (tz_name_fits(e->timezone))
        kv_str(w, "time_zone_name", e->timezone);
    if (salle__export_url_ok(e->url))
        kv_str(w, "url", e->url);

    kv_open(w, "rooms", '[');
    for (int r = 0; r < inst->nrooms; r++) {
        jw_next(w);
        jw_open(w, '{');
        kv_str(w, "name", x.room_name[r]);
        char *rg = salle__export_uuid(inst, "room", inst->rooms[r].id);
        kv_raw(w, "guid", rg);
        free(rg);
        /* unknown stays unknown (issue 8) */
        if (inst->rooms[r].capacity_unknown)
            kv_null(w, "capacity");
        else
            kv_int(w, "capacity", inst->rooms[r].capacity);
        jw_close(w, '}');
    }
    jw_close(w, ']');

    kv_open(w, "days", '[');
    int i = 0;
    for (int d = 0; d < e->ndays; d++) {
        int first = i, last, ds, de;
        salle__export_day_span(&x, d, first, &last, &ds, &de);
        salle__export_talks_span(&x, d, &ds, &de);
        jw_next(w);
        jw_open(w, '{');
        kv_int(w, "index", d + 1);
        kv_raw(w, "date", e->days[d]);
        kv_raw(w, "day_start", salle__export_datetime(&x, ds, d, buf));
        kv_raw(w, "day_end", salle__export_datetime(&x, de, d, buf));
        /* One array per room, in the instance's room order, empty rooms included; a name that
         * is not UTF-8 cannot be a key (the parsers never let one in): that room is left out. */
        kv_open(w, "rooms", '{');
        for (int r = 0; r < inst->nrooms; r++) {
            if (!salle__utf8_valid(x.room_name[r], strlen(x.room_name[r]), &bad))
                continue;
            kv_open(w, x.room_name[r], '[');
            for (int k = first; k < last; k++)
                if (x.a[k]->room == r)
                    event_json(w, &x, k);
            for (int k = 0; k < x.ntalk_ev; k++)
                if (x.talk_ev[k].day == d && x.talk_ev[k].room == r)
                    talk_event_json(w, &x, k);
            jw_close(w, ']');
        }
        jw_close(w, '}');
        jw_close(w, '}');
        i = last;
    }
    jw_close(w, ']');
    jw_close(w, '}'); /* conference */
    jw_close(w, '}'); /* schedule */
    jw_close(w, '}');
    (void)err;
    salle__export_done(&x);
    JW_LIT(w, "\n");
    w->s[w->n] = 0;
    return w->s;
}
