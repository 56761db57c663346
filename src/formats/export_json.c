/*
 * export_json.c: the schedule as c3voc schedule JSON (data/schemas/schema.json), the JSON twin of
 * frab's schedule.xml that pretalx and frab publish and the c3voc tools read. The output
 * validates against that schema: every event carries all the keys it requires (some deprecated,
 * such as "start" and "duration", which readers still use), persons are frab-style
 * {id, public_name} objects, and rooms have UUIDs.
 *
 * The same identifiers as the frab export (export.h), so the two files describe one programme.
 * Unscheduled sessions are left out: the format has no place for them.
 */
#include "formats/export.h"

#include <stdlib.h>
#include <string.h>

#define SALLE_GENERATOR_VERSION "0.1.0"
#define SALLE_C3VOC_SCHEMA "https://c3voc.de/schedule/schema.json"

/* json_string, with the UTF-8 checked by salle__utf8_valid, which is several times cheaper than
 * jansson's own check (a third of this export's strings are abstracts and descriptions). */
static json_t *jstr(const char *s)
{
    size_t n = strlen(s), bad;
    return salle__utf8_valid(s, n, &bad) ? json_stringn_nocheck(s, n) : json_string(s);
}

static json_t *str(const char *s)
{
    char *clean = salle__export_clean(s);
    json_t *j = jstr(clean);
    free(clean);
    /* jansson refuses invalid UTF-8; the parsers only let valid text in, but never crash on it. */
    return j ? j : jstr("");
}

static json_t *str_or_null(const char *s)
{
    return s ? str(s) : json_null();
}

/* A URI for the event's required "url": the session's page, the event's, or its guid as a URN,
 * which is a valid URI that names the session when neither page exists. */
static json_t *event_url(const salle_instance *inst, const salle_session *ss, const char *guid)
{
    /* resolved against the event's address when relative, so that it is a URI (issue 8) */
    char *u = salle__export_url(inst, ss->url);
    if (u) {
        json_t *j = str(u);
        free(u);
        return j;
    }
    if (salle__export_url_ok(inst->event.url))
        return str(inst->event.url);
    char *urn = salle__xasprintf("urn:uuid:%s", guid);
    json_t *j = jstr(urn);
    free(urn);
    return j;
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

static json_t *links_json(const salle_instance *inst, const salle_session *ss, int attachments)
{
    json_t *a = json_array();
    for (int k = 0; k < ss->nlinks; k++) {
        const salle_link *l = &ss->links[k];
        char *url = l->attachment == attachments ? salle__export_url(inst, l->url) : NULL;
        if (!url) /* the schema wants a URI: a link that cannot be one stays in the instance */
            continue;
        json_t *o = json_object();
        const char *rt = reference_type(l->type);
        if (rt)
            json_object_set_new(o, "type", jstr(rt));
        json_object_set_new(o, "url", str(url));
        free(url);
        char *t = salle__link_text(l);
        json_object_set_new(o, "title", str(t));
        free(t);
        json_array_append_new(a, o);
    }
    return a;
}

static json_t *person_json(const salle__export *x, int p)
{
    const salle_person *pe = &x->inst->people[p];
    json_t *po = json_object();
    json_object_set_new(po, "guid", jstr(salle__export_person_guid(x, p)));
    json_object_set_new(po, "id", json_integer(x->person_num[p]));
    json_object_set_new(po, "public_name", str(pe->name ? pe->name : pe->id));
    return po;
}

/* A talk (issue 12.6) as an event of its own, as export_frab.c writes it. */
static json_t *talk_event_json(const salle__export *x, int i)
{
    const salle_instance *inst = x->inst;
    const salle__talk_event *te = &x->talk_ev[i];
    const salle_talk *k = &inst->talks->talks[te->talk];
    const salle_talk_track *tr = &inst->talks->tracks[k->track];
    char buf[64];
    json_t *ev = json_object();
    const char *guid = x->talk_guid[te->talk];
    json_object_set_new(ev, "guid", jstr(guid));
    json_object_set_new(ev, "id", json_integer(x->talk_num[te->talk]));
    json_object_set_new(ev, "date", jstr(salle__export_datetime(x, te->start, te->day, buf)));
    int mod = (te->start - inst->event.day_offset[te->day]) % SALLE_MINUTES_PER_DAY;
    json_object_set_new(ev, "start", jstr(salle__export_hhmm(mod, buf)));
    json_object_set_new(ev, "duration", jstr(salle__export_hhmm(te->end - te->start, buf)));
    json_object_set_new(ev, "room", str(x->room_name[te->room]));
    char *slug = salle__export_talk_slug(x, te->talk);
    json_object_set_new(ev, "slug", jstr(slug));
    free(slug);
    char *urn = salle__xasprintf("urn:uuid:%s", guid);
    json_object_set_new(ev, "url", salle__export_url_ok(inst->event.url) ? str(inst->event.url)
                                                                         : jstr(urn));
    free(urn);
    json_object_set_new(ev, "title", str(k->title));
    json_object_set_new(ev, "subtitle", jstr(""));
    json_object_set_new(ev, "track", str(tr->name));
    json_object_set_new(ev, "type", jstr("talk"));
    json_object_set_new(ev, "language", json_null());
    json_object_set_new(ev, "abstract", str(k->abstract ? k->abstract : ""));
    char *d = salle__export_talk_block_text(x, i);
    json_object_set_new(ev, "description", str(d));
    free(d);
    json_object_set_new(ev, "recording_license", jstr(""));
    json_object_set_new(ev, "do_not_record", json_false());
    json_t *persons = json_array();
    for (int p = 0; p < k->presenters.n; p++)
        json_array_append_new(persons, person_json(x, k->presenters.v[p]));
    json_object_set_new(ev, "persons", persons);
    json_object_set_new(ev, "links", json_array());
    json_object_set_new(ev, "attachments", json_array());
    return ev;
}

static json_t *event_json(const salle__export *x, int i)
{
    const salle_instance *inst = x->inst;
    const salle_assignment *a = x->a[i];
    const salle_session *ss = &inst->sessions[a->session];
    char buf[64];
    json_t *ev = json_object();
    const char *guid = x->guid[a->session];
    json_object_set_new(ev, "guid", jstr(guid));
    json_object_set_new(ev, "id", json_integer(x->session_num[a->session]));
    json_object_set_new(ev, "date", jstr(salle__export_datetime(x, a->start, x->day[i], buf)));
    int mod = (a->start - inst->event.day_offset[x->day[i]]) % SALLE_MINUTES_PER_DAY;
    json_object_set_new(ev, "start", jstr(salle__export_hhmm(mod, buf)));
    json_object_set_new(ev, "duration", jstr(salle__export_hhmm(ss->duration, buf)));
    json_object_set_new(ev, "room", str(x->room_name[a->room]));
    json_object_set_new(ev, "slug", jstr(x->slug[a->session]));
    json_object_set_new(ev, "url", event_url(inst, ss, guid));
    char *fb = salle__export_url(inst, ss->feedback_url);
    if (fb)
        json_object_set_new(ev, "feedback_url", str(fb));
    free(fb);
    json_object_set_new(ev, "title", str(ss->title ? ss->title : ss->id));
    json_object_set_new(ev, "subtitle", str(ss->subtitle ? ss->subtitle : ""));
    json_object_set_new(ev, "track",
                        ss->tracks.n ? str(inst->track_names[ss->tracks.v[0]]) : json_null());
    json_object_set_new(ev, "type", str(ss->format ? ss->format : "session"));
    json_object_set_new(ev, "language", str_or_null(ss->language));
    json_object_set_new(ev, "abstract", str(ss->abstract ? ss->abstract : ""));
    json_object_set_new(ev, "description", str(ss->description ? ss->description : ""));
    json_object_set_new(ev, "recording_license", jstr(""));
    json_object_set_new(ev, "do_not_record", json_boolean(ss->do_not_record));
    /* Frab-style persons: {id, public_name} matches exactly one branch of the schema's oneOf
     * (adding "name" would match the pretalx branch as well and fail). */
    json_t *persons = json_array();
    for (int pass = 0; pass < 2; pass++) {
        const salle_ids *ids = pass == 0 ? &ss->speakers : &ss->organizers;
        for (int k = 0; k < ids->n; k++) {
            int p = ids->v[k];
            if (pass == 1 && salle__ids_has(&ss->speakers, p))
                continue;
            json_array_append_new(persons, person_json(x, p));
        }
    }
    json_object_set_new(ev, "persons", persons);
    json_object_set_new(ev, "links", links_json(inst, ss, 0));
    json_object_set_new(ev, "attachments", links_json(inst, ss, 1));
    return ev;
}

char *salle_export_json(const salle_instance *inst, const salle_schedule *s, salle_diag *err)
{
    salle__export x;
    if (salle__export_begin(&x, inst, s, err) < 0)
        return NULL;
    const salle_event *e = &inst->event;
    char buf[64];

    json_t *root = json_object();
    json_object_set_new(root, "$schema", jstr(SALLE_C3VOC_SCHEMA));
    json_t *gen = json_object();
    json_object_set_new(gen, "name", jstr("salle"));
    json_object_set_new(gen, "version", jstr(SALLE_GENERATOR_VERSION));
    json_object_set_new(root, "generator", gen);
    json_t *sched = json_object();
    json_object_set_new(root, "schedule", sched);
    json_object_set_new(sched, "version", jstr(x.version));
    if (salle__export_url_ok(e->url))
        json_object_set_new(sched, "base_url", str(e->url));

    json_t *conf = json_object();
    json_object_set_new(sched, "conference", conf);
    json_object_set_new(conf, "acronym", jstr(x.acronym));
    json_object_set_new(conf, "title", str(e->name ? e->name : x.acronym));
    json_object_set_new(conf, "start", jstr(e->days[0]));
    json_object_set_new(conf, "end", jstr(e->days[e->ndays - 1]));
    json_object_set_new(conf, "daysCount", json_integer(e->ndays));
    json_object_set_new(conf, "timeslot_duration",
                        jstr(salle__export_hhmm(e->grid > 0 ? e->grid : 5, buf)));
    /* The key is optional and its pattern narrow (no "Etc/GMT+1"); the offsets in every date
     * still say the local time exactly when the name has to be left out. */
    if (tz_name_fits(e->timezone))
        json_object_set_new(conf, "time_zone_name", str(e->timezone));
    if (salle__export_url_ok(e->url))
        json_object_set_new(conf, "url", str(e->url));

    json_t *rooms = json_array();
    for (int r = 0; r < inst->nrooms; r++) {
        json_t *ro = json_object();
        json_object_set_new(ro, "name", str(x.room_name[r]));
        char *rg = salle__export_uuid(inst, "room", inst->rooms[r].id);
        json_object_set_new(ro, "guid", jstr(rg));
        free(rg);
        /* unknown stays unknown (issue 8) */
        json_object_set_new(ro, "capacity", inst->rooms[r].capacity_unknown
                                                ? json_null()
                                                : json_integer(inst->rooms[r].capacity));
        json_array_append_new(rooms, ro);
    }
    json_object_set_new(conf, "rooms", rooms);

    json_t *days = json_array();
    int i = 0;
    for (int d = 0; d < e->ndays; d++) {
        int first = i, last, ds, de;
        salle__export_day_span(&x, d, first, &last, &ds, &de);
        salle__export_talks_span(&x, d, &ds, &de);
        json_t *day = json_object();
        json_object_set_new(day, "index", json_integer(d + 1));
        json_object_set_new(day, "date", jstr(e->days[d]));
        json_object_set_new(day, "day_start", jstr(salle__export_datetime(&x, ds, d, buf)));
        json_object_set_new(day, "day_end", jstr(salle__export_datetime(&x, de, d, buf)));
        /* One array per room, in the instance's room order, empty rooms included. */
        json_t *byroom = json_object();
        json_t **arr = salle__xcalloc((size_t)inst->nrooms + 1, sizeof *arr);
        for (int r = 0; r < inst->nrooms; r++) {
            arr[r] = json_array();
            if (json_object_set_new(byroom, x.room_name[r], arr[r]) < 0)
                arr[r] = NULL; /* not UTF-8: cannot be a key (the parsers never let that in) */
        }
        for (int k = first; k < last; k++)
            if (arr[x.a[k]->room])
                json_array_append_new(arr[x.a[k]->room], event_json(&x, k));
        for (int k = 0; k < x.ntalk_ev; k++)
            if (x.talk_ev[k].day == d && arr[x.talk_ev[k].room])
                json_array_append_new(arr[x.talk_ev[k].room], talk_event_json(&x, k));
        free(arr);
        json_object_set_new(day, "rooms", byroom);
        json_array_append_new(days, day);
        i = last;
    }
    json_object_set_new(conf, "days", days);

    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    salle__export_done(&x);
    if (!text) {
        salle__diag(err, "", 0, 0, "could not serialise the schedule as JSON");
        return NULL;
    }
    size_t n = strlen(text);
    text = salle__xrealloc(text, n + 2);
    text[n] = '\n';
    text[n + 1] = 0;
    return text;
}
