/*
 * import_json.c: reads c3voc schedule JSON (the JSON twin of frab's schedule.xml, written by
 * frab, pretalx and the c3voc tools) into the import builder (import.h).
 *
 * The shape is {"schedule": {"conference": {"days": [{"date", "rooms": {ROOM: [events]}}]}}}.
 * The text goes through salle's own JSON reader (jsonpos.c) so that every warning can name the
 * line of the event it is about. Like the frab reader it is forgiving: numbers where strings are
 * expected and strings where numbers are expected are both read, unknown members are ignored,
 * and an event that cannot be placed is skipped with a warning. People are known by their guid
 * or pretalx code, else by id and name; links, attachments, do_not_record and the other texts are
 * kept (issue 8).
 */
#include "formats/import.h"
#include "base/tr.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct rdj {
    salle__imp *im;
    salle__jdoc *doc;
} rdj;

static int line_of(const rdj *r, const json_t *v)
{
    int line, col;
    salle__jdoc_pos(r->doc, v, &line, &col);
    return line;
}

/* A member as trimmed text: strings as they are, integers written out; NULL otherwise. */
static char *get(const json_t *obj, const char *key)
{
    json_t *v = json_is_object(obj) ? json_object_get(obj, key) : NULL;
    if (json_is_string(v)) {
        if (memchr(json_string_value(v), 0, json_string_length(v)))
            return NULL; /* "\u0000" inside: not something a C string can carry */
        return salle__imp_trim(json_string_value(v));
    }
    if (json_is_integer(v))
        return salle__xasprintf("%lld", (long long)json_integer_value(v));
    return NULL;
}

static void read_conference(rdj *r, const json_t *sched, const json_t *conf)
{
    salle__imp *im = r->im;
    char *s;
    if ((s = get(conf, "title"))) {
        salle__imp_event_name(im, s);
        free(s);
    }
    if ((s = get(conf, "acronym"))) {
        salle__imp_event_acronym(im, s);
        free(s);
    }
    const json_t *from[] = {conf, conf, sched, sched};
    const char *keys[] = {"url", "base_url", "url", "base_url"};
    for (int i = 0; i < 4; i++)
        if ((s = get(from[i], keys[i]))) {
            salle__imp_event_url(im, s);
            free(s);
        }
    if ((s = get(conf, "time_zone_name"))) {
        salle__imp_event_timezone(im, s, line_of(r, json_object_get(conf, "time_zone_name")));
        free(s);
    }
    if ((s = get(conf, "city"))) {
        salle__imp_event_city(im, s);
        free(s);
    }
    if ((s = get(conf, "venue"))) {
        salle__imp_event_venue(im, s);
        free(s);
    }
    /* pretalx lists the rooms up front, in their intended order */
    json_t *rooms = json_object_get(conf, "rooms");
    size_t i;
    json_t *rm;
    if (json_is_array(rooms))
        json_array_foreach(rooms, i, rm) {
            char *n = get(rm, "name");
            salle__imp_room(im, n);
            free(n);
        }
}

static void add_persons(rdj *r, salle__imp_session *s, const json_t *ev)
{
    json_t *ps = json_object_get(ev, "persons");
    if (!json_is_array(ps))
        return;
    size_t i;
    json_t *p;
    json_array_foreach(ps, i, p) {
        char *name = NULL, *id = NULL, *key = NULL;
        if (json_is_string(p)) { /* some generators list bare names */
            if (!memchr(json_string_value(p), 0, json_string_length(p)))
                name = salle__imp_trim(json_string_value(p));
        } else if (json_is_object(p)) {
            const char *names[] = {"public_name", "full_public_name", "name"};
            for (int k = 0; k < 3 && !name; k++)
                name = get(p, names[k]);
            id = get(p, "id");
            /* the stable identity: a guid, else pretalx's speaker code (issue 8) */
            key = get(p, "guid");
            if (!key)
                key = get(p, "code");
        }
        int k = salle__imp_person_from(r->im, id, key, name, line_of(r, p));
        free(key);
        if (k >= 0)
            salle__ivec_push(&s->speakers, k);
        else
            salle__imp_warn(r->im, line_of(r, p), "skipped a person without id or name");
        free(id);
        free(name);
    }
}

/* "links" and "attachments": [{"url", "title", "type"}]. */
static void add_links(salle__imp_session *s, const json_t *ev, const char *key)
{
    json_t *ls = json_object_get(ev, key);
    size_t i;
    json_t *l;
    if (json_is_array(ls))
        json_array_foreach(ls, i, l) {
            char *url = get(l, "url"), *title = get(l, "title"), *type = get(l, "type");
            salle__imp_link(s, type, url, title, key[0] == 'a');
            free(url);
            free(title);
            free(type);
        }
}

/* What salle keeps for the round trip (issue 8): do_not_record, the texts beside the title and
 * abstract, the slug and feedback address, links and attachments. */
static void read_round_trip(salle__imp_session *s, const json_t *ev)
{
    s->do_not_record = json_is_true(json_object_get(ev, "do_not_record"));
    s->subtitle = get(ev, "subtitle");
    s->description = get(ev, "description");
    s->slug = get(ev, "slug");
    s->feedback_url = get(ev, "feedback_url");
    add_links(s, ev, "links");
    add_links(s, ev, "attachments");
}

static void read_event(rdj *r, const json_t *ev, int day_date, const char *room)
{
    salle__imp *im = r->im;
    int line = line_of(r, ev);
    if (!json_is_object(ev)) {
        salle__imp_warn(im, line, "skipped an event that is not an object");
        return;
    }
    char *id = get(ev, "id");
    char what[120];
    if (id) /* TRANSLATORS: an event of a c3voc schedule JSON, by its id, in a warning */
        snprintf(what, sizeof what, salle__imp_tr(im, "event \"%.40s\""), id);
    else /* TRANSLATORS: an event of a c3voc schedule JSON without an id, in a warning */
        snprintf(what, sizeof what, "%s", salle__imp_tr(im, "event"));
    int start = 0, has_start = 0;
    char *date = get(ev, "date");
    if (date && salle__imp_datetime(im, date, &start) == 0)
        has_start = 1;
    else if (date)
        salle__imp_warn(im, line_of(r, json_object_get(ev, "date")),
                        "%s: \"date\" \"%.60s\" is not a date and time; using \"start\"", what, date);
    free(date);
    if (!has_start && day_date >= 0) {
        char *st = get(ev, "start");
        int c = st && strlen(st) == 5 ? salle__parse_clock(st) : -1;
        free(st);
        if (c >= 0 && c < SALLE_MINUTES_PER_DAY) {
            /* after midnight but before the day begins: the night after the day's date */
            int dc = salle__imp_stated_day_change(im);
            start = day_date + c + (dc > 0 && c < dc ? SALLE_MINUTES_PER_DAY : 0);
            has_start = 1;
        }
    }
    if (!has_start) {
        salle__imp_warn(im, line, "skipped %s without a start time", what);
        free(id);
        return;
    }
    char *dur = get(ev, "duration");
    int duration = salle__imp_duration(dur);
    if (duration <= 0 || duration > SALLE__IMPORT_MAX_DURATION) {
        if (!dur)
            salle__imp_warn(im, line, "skipped %s without a duration", what);
        else
            salle__imp_warn_duration(im, line_of(r, json_object_get(ev, "duration")), what, dur, duration);
        free(dur);
        free(id);
        return;
    }
    free(dur);
    int rm = salle__imp_room(im, room);
    if (rm < 0) {
        char *rn = get(ev, "room");
        rm = salle__imp_room(im, rn);
        free(rn);
    }
    if (rm < 0) {
        salle__imp_warn(im, line, "skipped %s without a room", what);
        free(id);
        return;
    }
    char *guid = get(ev, "guid");
    salle__imp_session *s = salle__imp_session_placed(im, id, guid, line, rm, start, duration);
    free(id);
    s->title = get(ev, "title");
    s->format = get(ev, "type");
    s->language = get(ev, "language");
    s->url = get(ev, "url");
    s->abstract = get(ev, "abstract");
    s->day_date = day_date;
    read_round_trip(s, ev);
    if (!s->abstract)
        s->abstract = get(ev, "description");
    s->abstract_format = SALLE_TEXT_MARKDOWN; /* what pretalx (and so c3voc JSON) writes */
    char *track = get(ev, "track");
    if (!track) { /* pretalx sometimes writes {"name": ...} */
        json_t *t = json_object_get(ev, "track");
        track = json_is_object(t) ? get(t, "name") : NULL;
    }
    salle__strs_add(&s->tracks, track);
    free(track);
    add_persons(r, s, ev);
}

static void read_day(rdj *r, const json_t *day)
{
    salle__imp *im = r->im;
    if (!json_is_object(day)) {
        salle__imp_warn(im, line_of(r, day), "skipped a day that is not an object");
        return;
    }
    char *date = get(day, "date");
    int day_date = -1;
    if (date && salle__imp_date(date, &day_date) < 0) {
        salle__imp_warn(im, line_of(r, json_object_get(day, "date")),
                        "day date \"%.40s\" is not YYYY-MM-DD", date);
        day_date = -1;
    }
    free(date);
    char *en = get(day, "day_end");
    salle__imp_day_end(im, day_date, en);
    free(en);
    json_t *rooms = json_object_get(day, "rooms");
    if (!json_is_object(rooms)) {
        if (rooms)
            salle__imp_warn(im, line_of(r, rooms), "skipped \"rooms\" that is not an object of room name to events");
        return;
    }
    const char *rname;
    json_t *evs;
    json_object_foreach(rooms, rname, evs) {
        salle__imp_room(im, rname); /* an empty room is still a room of the venue */
        if (!json_is_array(evs)) {
            salle__imp_warn(im, line_of(r, evs), "skipped room \"%.60s\": not an array of events", rname);
            continue;
        }
        size_t i;
        json_t *ev;
        json_array_foreach(evs, i, ev)
            read_event(r, ev, day_date, rname);
    }
}

int salle__import_json_mem(const char *buf, size_t len, const char *name, salle_warn_fn warn,
                           void *ctx, char **instance_json, char **schedule_json, salle_diag *err)
{
    salle__jdoc *doc = salle__jdoc_parse(buf, len, name, err);
    if (!doc)
        return -1;
    json_t *root = salle__jdoc_root(doc);
    json_t *sched = json_object_get(root, "schedule");
    if (!sched && json_is_object(root) && json_object_get(root, "conference"))
        sched = root; /* the bare inner object */
    json_t *conf = json_object_get(sched, "conference");
    json_t *days = json_object_get(conf, "days");
    if (!json_is_object(root) || !json_is_object(sched) || !json_is_object(conf) ||
        !json_is_array(days)) {
        int line = 0, col = 0;
        salle__jdoc_pos(doc, root, &line, &col);
        if (json_is_object(root) && json_object_get(root, "salle"))
            salle__diag(err, name, line, col,
                        N_("this is already a salle instance; import reads frab XML, c3voc schedule JSON or CSV"));
        else
            salle__diag(err, name, line, col,
                        N_("not a c3voc schedule: expected {\"schedule\": {\"conference\": {\"days\": [...]}}}"));
        salle__jdoc_free(doc);
        return -1;
    }
    rdj r = {salle__imp_new(name, err, warn, ctx), doc};
    read_conference(&r, sched, conf);
    size_t i;
    json_t *day;
    json_array_foreach(days, i, day)
        read_day(&r, day);
    salle__imp_warn_bad_guids(r.im);
    int rc = salle__imp_finish(r.im, instance_json, schedule_json, err);
    salle__imp_free(r.im);
    salle__jdoc_free(doc);
    return rc;
}
