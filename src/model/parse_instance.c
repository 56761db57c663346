/*
 * parse_instance.c: reads the native JSON instance format (docs/format.md) into a salle_instance.
 *
 * Every error names the file, line and column of the offending value and says what was expected.
 * The parser stops at the first error: one precise message beats a page of follow-on noise.
 * Work happens in passes: ids of every kind are collected first, so that a session may refer to a
 * session defined after it.
 */
#include "base/internal.h"
#include "base/tr.h"
#include "model/model.h"
#include "model/talks.h"

#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef struct rd {
    salle__jdoc *doc;
    const char *name;
    salle_diag *err;
    salle_instance *inst;
    struct salle__index *ix;
    /* the descriptions made for every item, whether or not it has an error: looked up once */
    const char *f_venue, *f_room, *f_person, *f_resource, *f_session, *f_link, *f_preferred,
        *f_pinned, *f_published, *f_window;
    int *room_longest; /* each room's longest window, then (at nrooms) any room's; NULL until
                          the first session asks (longest_window) */
} rd;

/* A longjmp-free early exit: every helper returns -1 after filling the diagnostic. */
#define TRY(x)             \
    do {                   \
        if ((x) < 0)       \
            return -1;     \
    } while (0)

/* The messages are worded in the diag's language (salle_diag.lang): each format given to err_at and
 * err_member is its own msgid, type names and the descriptions of what is wrong ("room \"a\"",
 * "the event") are words too (W() looks a description up; literal ones are marked N_ or formatted
 * through salle__diag_tr). Keys, ids and values quoted from the file stay as they are. */
#define type_name(v) salle__json_type_word(r->err, v)
#define W(s) salle__diag_tr(r->err, s)

static int err_at(rd *r, const json_t *v, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int err_at(rd *r, const json_t *v, const char *fmt, ...)
{
    int line, col;
    salle__jdoc_pos(r->doc, v, &line, &col);
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, salle__diag_tr(r->err, fmt), ap);
    va_end(ap);
    return salle__diag_str(r->err, r->name, line, col, msg);
}

static int err_member(rd *r, const json_t *obj, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int err_member(rd *r, const json_t *obj, const char *key, const char *fmt, ...)
{
    int line, col;
    salle__jdoc_member_pos(r->doc, obj, key, &line, &col);
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, salle__diag_tr(r->err, fmt), ap);
    va_end(ap);
    return salle__diag_str(r->err, r->name, line, col, msg);
}

/* Rejects keys not in allowed (a typo would otherwise be silently ignored); "x-" keys are free. */
static int check_keys(rd *r, const json_t *obj, const char *const *allowed, const char *what)
{
    return salle__jdoc_check_keys(r->doc, r->err, obj, allowed, what); /* worded there, on an error */
}

static int need_object(rd *r, const json_t *v, const char *what)
{
    if (!json_is_object(v))
        return err_at(r, v, "%s must be an object, not %s", W(what), type_name(v));
    return 0;
}

static int need_array(rd *r, const json_t *obj, const char *key, const char *what, json_t **out)
{
    json_t *v = json_object_get(obj, key);
    *out = v;
    if (!v)
        return 0;
    if (!json_is_array(v))
        return err_member(r, obj, key, "\"%s\" of %s must be an array, not %s", key, W(what),
                          type_name(v));
    return 0;
}

static int missing(rd *r, const json_t *obj, const char *key, const char *what,
                   const char *expected)
{
    return err_at(r, obj, "%s has no \"%s\"; expected %s", W(what), key, W(expected));
}

/* Copies a string member. Returns 1 if present, 0 if absent (and not required), -1 on error. */
static int get_string(rd *r, const json_t *obj, const char *key, int required, const char *what,
                      char **out)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            return missing(r, obj, key, what, N_("a string"));
        return 0;
    }
    if (!json_is_string(v))
        return err_member(r, obj, key, "\"%s\" of %s must be a string, not %s", key, W(what),
                          type_name(v));
    size_t n = json_string_length(v);
    if (memchr(json_string_value(v), 0, n))
        return err_member(r, obj, key, "\"%s\" of %s contains a NUL character", key, W(what));
    *out = salle__xmalloc(n + 1);
    memcpy(*out, json_string_value(v), n + 1);
    return 1;
}

static int get_int(rd *r, const json_t *obj, const char *key, int required, const char *what,
                   long min, long max, int *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            return missing(r, obj, key, what, N_("an integer"));
        return 0;
    }
    if (!json_is_integer(v))
        return err_member(r, obj, key, "\"%s\" of %s must be an integer, not %s", key, W(what),
                          type_name(v));
    json_int_t x = json_integer_value(v);
    if (x < min || x > max) {
        if (max >= INT_MAX / 2)
            return err_member(r, obj, key, "\"%s\" of %s must be at least %ld, not %lld", key,
                              W(what), min, (long long)x);
        return err_member(r, obj, key, "\"%s\" of %s must be between %ld and %ld, not %lld", key,
                          W(what), min, max, (long long)x);
    }
    *out = (int)x;
    return 1;
}

static int get_bool(rd *r, const json_t *obj, const char *key, const char *what, int *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return 0;
    if (!json_is_boolean(v))
        return err_member(r, obj, key, "\"%s\" of %s must be true or false, not %s", key, W(what),
                          type_name(v));
    *out = json_is_true(v);
    return 1;
}

/* A duration: an integer number of minutes or a string like "1h30". */
static int get_duration(rd *r, const json_t *obj, const char *key, int required, const char *what,
                        int *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v) {
        if (required)
            return missing(r, obj, key, what, N_("a duration such as 90 or \"1h30\""));
        return 0;
    }
    int m = -1;
    if (json_is_integer(v)) {
        json_int_t x = json_integer_value(v);
        m = x >= 0 && x <= 100000 ? (int)x : -1;
    } else if (json_is_string(v)) {
        m = salle__parse_duration(json_string_value(v));
    } else {
        return err_member(r, obj, key,
                          "\"%s\" of %s must be a duration such as 90 or \"1h30\", not %s", key,
                          W(what), type_name(v));
    }
    if (m < 0)
        return err_member(r, obj, key,
                          "\"%s\" of %s is not a duration; expected minutes such as 90, or "
                          "\"1h30\", \"1h\", \"45m\", \"1:30\"",
                          key, W(what));
    *out = m;
    return 1;
}

static int get_clock(rd *r, const json_t *obj, const char *key, const char *what, int *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return missing(r, obj, key, what, N_("a time of day such as \"09:30\""));
    if (!json_is_string(v))
        return err_member(r, obj, key, "\"%s\" of %s must be a time such as \"09:30\", not %s",
                          key, W(what), type_name(v));
    int m = salle__parse_clock(json_string_value(v));
    if (m < 0)
        return err_member(r, obj, key,
                          "\"%s\" of %s is not a time of day; expected \"HH:MM\" from 00:00 to "
                          "24:00, such as \"09:30\"",
                          key, W(what));
    *out = m;
    return 0;
}

static int day_index(const salle_event *e, const char *date)
{
    for (int d = 0; d < e->ndays; d++)
        if (strcmp(e->days[d], date) == 0)
            return d;
    return -1;
}

static int cmp_window(const void *a, const void *b)
{
    const salle_window *x = a, *y = b;
    if (x->start != y->start)
        return (x->start > y->start) - (x->start < y->start);
    return (x->end > y->end) - (x->end < y->end);
}

/* Reads an array of windows. Absent: ws->any = 1, or the opening hours of every day if
 * default_hours. */
static int get_windows(rd *r, const json_t *obj, const char *key, const char *what,
                       int default_hours, int merge, salle_windows *ws)
{
    const salle_event *e = &r->inst->event;
    json_t *arr;
    memset(ws, 0, sizeof *ws);
    TRY(need_array(r, obj, key, what, &arr));
    if (!arr) {
        if (!default_hours) {
            ws->any = 1;
            return 0;
        }
        ws->w = salle__xmalloc((size_t)e->ndays * sizeof *ws->w);
        for (int d = 0; d < e->ndays; d++)
            ws->w[ws->n++] = (salle_window){e->day_offset[d] + e->hours_start,
                                            e->day_offset[d] + e->hours_end};
        return 0;
    }
    if (json_array_size(arr) == 0)
        return err_member(r, obj, key, "\"%s\" of %s is an empty list; leave it out for no restriction, or give at least one window",
                          key, W(what));
    size_t i;
    json_t *w;
    char wwhat[300];
    snprintf(wwhat, sizeof wwhat, r->f_window, key, what); /* what: a room's, person's... worded */
    int cap = 0;
    json_array_foreach(arr, i, w) {
        static const char *const keys[] = {"day", "start", "end", NULL};
        TRY(need_object(r, w, wwhat));
        TRY(check_keys(r, w, keys, wwhat));
        int s, en;
        TRY(get_clock(r, w, "start", wwhat, &s));
        TRY(get_clock(r, w, "end", wwhat, &en));
        if (en <= s)
            return err_member(r, w, "end", "a window must end after it starts (%02d:%02d is not after %02d:%02d)",
                              en / 60, en % 60, s / 60, s % 60);
        json_t *day = json_object_get(w, "day");
        int d0 = 0, d1 = e->ndays - 1;
        if (day) {
            if (!json_is_string(day))
                return err_member(r, w, "day", "\"day\" must be a date such as \"%s\", not %s",
                                  e->days[0], type_name(day));
            const char *ds = json_string_value(day);
            if (salle__parse_date(ds) == INT_MIN)
                return err_member(r, w, "day", "\"%s\" is not a date; expected \"YYYY-MM-DD\"", ds);
            int d = day_index(e, ds);
            int morning = d < 0 ? salle__morning_after(e, ds, s) : -1;
            if (d < 0 && morning < 0)
                return err_member(r, w, "day", "day \"%s\" is outside the event; event days are %s to %s",
                                  ds, e->days[0], e->days[e->ndays - 1]);
            if (morning >= 0) { /* before the day change: still the previous conference day */
                s += SALLE_MINUTES_PER_DAY;
                en += SALLE_MINUTES_PER_DAY;
                d = morning;
            }
            d0 = d1 = d;
        }
        if (ws->n + (d1 - d0 + 1) > cap) {
            cap = (cap + d1 - d0 + 1) * 2;
            ws->w = salle__xrealloc(ws->w, (size_t)cap * sizeof *ws->w);
        }
        for (int d = d0; d <= d1; d++)
            ws->w[ws->n++] = (salle_window){e->day_offset[d] + s, e->day_offset[d] + en};
    }
    if (ws->n > 1)
        qsort(ws->w, (size_t)ws->n, sizeof *ws->w, cmp_window);
    if (merge && ws->n > 1) {
        /* Availability is a union: 20:00-24:00 and next day 00:00-02:00 is one evening, and a
         * session may run across midnight. Shifts are not merged: a shift is a team's stint. */
        int k = 0;
        for (int j = 1; j < ws->n; j++) {
            if (ws->w[j].start <= ws->w[k].end) {
                if (ws->w[j].end > ws->w[k].end)
                    ws->w[k].end = ws->w[j].end;
            } else {
                ws->w[++k] = ws->w[j];
            }
        }
        ws->n = k + 1;
    }
    return 0;
}

/* Interns a free-form name (feature, track, tag) into a table; returns its index. */
static int intern(salle__strmap *m, char ***names, int *n, const char *s)
{
    int i = salle__strmap_get(m, s);
    if (i >= 0)
        return i;
    *names = salle__xrealloc(*names, (size_t)(*n + 1) * sizeof **names);
    (*names)[*n] = salle__xstrdup(s);
    salle__strmap_put(m, (*names)[*n], *n);
    return (*n)++;
}

enum kind { K_FEATURE, K_TRACK, K_TAG, K_ROOM, K_PERSON, K_RESOURCE, K_SESSION, K_VENUE };

/* Each kind's messages whole, so that a translation can agree with the kind's gender. */
static const char *const list_not_strings[] = {
    N_("\"%s\" of %s must list feature ids as strings, not %s"),
    N_("\"%s\" of %s must list track ids as strings, not %s"),
    N_("\"%s\" of %s must list tag ids as strings, not %s"),
    N_("\"%s\" of %s must list room ids as strings, not %s"),
    N_("\"%s\" of %s must list person ids as strings, not %s"),
    N_("\"%s\" of %s must list resource ids as strings, not %s"),
    N_("\"%s\" of %s must list session ids as strings, not %s"),
    N_("\"%s\" of %s must list venue ids as strings, not %s"),
};
static const char *const unknown_ref[] = {
    N_("unknown feature \"%s\" in \"%s\" of %s; no feature has this id"),
    N_("unknown track \"%s\" in \"%s\" of %s; no track has this id"),
    N_("unknown tag \"%s\" in \"%s\" of %s; no tag has this id"),
    N_("unknown room \"%s\" in \"%s\" of %s; no room has this id"),
    N_("unknown person \"%s\" in \"%s\" of %s; no person has this id"),
    N_("unknown resource \"%s\" in \"%s\" of %s; no resource has this id"),
    N_("unknown session \"%s\" in \"%s\" of %s; no session has this id"),
    N_("unknown venue \"%s\" in \"%s\" of %s; no venue has this id"),
};
/* collect_ids: "room number 3", a duplicate id, the array the instance lacks */
static const char *const kind_number[] = {
    N_("feature number %zu"), N_("track number %zu"), N_("tag number %zu"), N_("room number %zu"),
    N_("person number %zu"), N_("resource number %zu"), N_("session number %zu"),
    N_("venue number %zu"),
};
static const char *const kind_duplicate[] = {
    N_("duplicate feature id \"%s\"; ids must be unique"),
    N_("duplicate track id \"%s\"; ids must be unique"),
    N_("duplicate tag id \"%s\"; ids must be unique"),
    N_("duplicate room id \"%s\"; ids must be unique"),
    N_("duplicate person id \"%s\"; ids must be unique"),
    N_("duplicate resource id \"%s\"; ids must be unique"),
    N_("duplicate session id \"%s\"; ids must be unique"),
    N_("duplicate venue id \"%s\"; ids must be unique"),
};
static const char *const kind_array[] = {
    N_("an array of features"), N_("an array of tracks"), N_("an array of tags"),
    N_("an array of rooms"), N_("an array of persons"), N_("an array of resources"),
    N_("an array of sessions"), N_("an array of venues"),
};

/* Reads an array of strings into ids: free names are interned, references are looked up and an
 * unknown one is an error. */
static int get_idlist(rd *r, const json_t *obj, const char *key, const char *what, enum kind k,
                      salle_ids *out)
{
    salle_instance *inst = r->inst;
    json_t *arr;
    memset(out, 0, sizeof *out);
    TRY(need_array(r, obj, key, what, &arr));
    if (!arr)
        return 0;
    out->v = salle__xmalloc((json_array_size(arr) + 1) * sizeof *out->v);
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        if (!json_is_string(v))
            return err_at(r, v, list_not_strings[k], key, W(what), type_name(v));
        const char *s = json_string_value(v);
        int x = -1;
        switch (k) {
        case K_FEATURE: x = intern(&r->ix->features, &inst->feature_names, &inst->nfeatures, s); break;
        case K_TRACK: x = intern(&r->ix->tracks, &inst->track_names, &inst->ntracks, s); break;
        case K_TAG: x = intern(&r->ix->tags, &inst->tag_names, &inst->ntags, s); break;
        case K_ROOM: x = salle__strmap_get(&r->ix->rooms, s); break;
        case K_PERSON: x = salle__strmap_get(&r->ix->people, s); break;
        case K_RESOURCE: x = salle__strmap_get(&r->ix->resources, s); break;
        case K_SESSION: x = salle__strmap_get(&r->ix->sessions, s); break;
        case K_VENUE: x = salle__strmap_get(&r->ix->venues, s); break;
        }
        if (x < 0)
            return err_at(r, v, unknown_ref[k], s, key, W(what));
        out->v[out->n++] = x;
    }
    out->n = salle__sort_unique(out->v, out->n);
    return 0;
}

/* Reads a reference to one thing by id. */
static int get_ref(rd *r, const json_t *obj, const char *key, const char *what, enum kind k,
                   int *out)
{
    char *s = NULL;
    int got = get_string(r, obj, key, 0, what, &s);
    if (got <= 0)
        return got;
    salle__strmap *m = k == K_ROOM ? &r->ix->rooms : &r->ix->sessions;
    int x = salle__strmap_get(m, s);
    if (x < 0) {
        err_member(r, obj, key, unknown_ref[k], s, key, W(what));
        free(s);
        return -1;
    }
    free(s);
    *out = x;
    return 1;
}

static int get_datetime(rd *r, const json_t *obj, const char *key, const char *what, int *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return 0;
    const salle_event *e = &r->inst->event;
    if (!json_is_string(v))
        return err_member(r, obj, key, "\"%s\" of %s must be a date and time such as \"%sT09:30\", not %s",
                          key, W(what), e->days[0], type_name(v));
    const char *s = json_string_value(v);
    if (salle_time_parse_iso(r->inst, s, out) < 0) {
        if (strlen(s) == 16 && s[10] == 'T') {
            char date[11];
            memcpy(date, s, 10);
            date[10] = 0;
            if (salle__parse_date(date) != INT_MIN && salle__parse_clock(s + 11) >= 0 &&
                day_index(e, date) < 0)
                return err_member(r, obj, key, "\"%s\" is outside the event; event days are %s to %s",
                                  s, e->days[0], e->days[e->ndays - 1]);
        }
        return err_member(r, obj, key, "\"%s\" of %s is not a date and time; expected \"YYYY-MM-DDTHH:MM\" such as \"%sT09:30\"",
                          key, W(what), e->days[0]);
    }
    if (*out % e->grid != 0)
        return err_member(r, obj, key, "\"%s\" is not on the event's %d-minute grid", s, e->grid);
    return 1;
}

/* Allocates the items of one array of things (rooms, people, ...) of elemsize bytes each, into
 * *items, and fills in each item's id (a char * at offset idoff), rejecting duplicates. *count
 * covers every item that got an id, so that the instance frees them even after an error. Returns
 * the number of items, or -1. */
static int collect_ids(rd *r, const json_t *arr, enum kind kind, salle__strmap *m, void *items,
                       size_t elemsize, size_t idoff, int *count)
{
    size_t n = json_array_size(arr), i;
    char *base = salle__xcalloc(n + 1, elemsize);
    *(void **)items = base;
    json_t *o;
    const char *number = salle__diag_tr(r->err, kind_number[kind]);
    json_array_foreach(arr, i, o) {
        char what[64];
        salle__fmt_num(what, sizeof what, number, i + 1);
        if (need_object(r, o, what) < 0)
            return -1;
        json_t *idv = json_object_get(o, "id");
        if (!idv)
            return missing(r, o, "id", what, N_("a string id"));
        if (!json_is_string(idv) || json_string_length(idv) == 0 ||
            memchr(json_string_value(idv), 0, json_string_length(idv)))
            return err_member(r, o, "id", "\"id\" of %s must be a non-empty string, not %s", W(what),
                              json_is_string(idv) ? salle__diag_tr(r->err, "an empty string") : type_name(idv));
        char *id = salle__xstrdup(json_string_value(idv));
        memcpy(base + i * elemsize + idoff, &id, sizeof id);
        *count = (int)i + 1;
        if (salle__strmap_put(m, id, (int)i) >= 0)
            return err_member(r, o, "id", kind_duplicate[kind], id);
    }
    return (int)n;
}

/* Reads the array member key of root into items via collect_ids; absent is fine unless required. */
#define COLLECT(key, kind, map, field, count, required)                                           \
    json_t *arr;                                                                                  \
    TRY(need_array(r, root, key, N_("the instance"), &arr));                                          \
    if (!arr && (required))                                                                       \
        return missing(r, root, key, N_("the instance"), kind_array[kind]);                   \
    if (!arr)                                                                                     \
        return 0;                                                                                 \
    int n = collect_ids(r, arr, kind, map, &inst->field, sizeof *inst->field,                     \
                        offsetof(__typeof__(*inst->field), id), &inst->count);                   \
    if (n < 0)                                                                                    \
        return -1

/* A lower-case ASCII slug of a name: "IGF 2018" -> "igf-2018". Caller frees. */
static char *slug(const char *name)
{
    size_t n = strlen(name);
    char *out = salle__xmalloc(n + 2);
    size_t k = 0;
    for (const char *p = name; *p; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out[k++] = c;
        else if (k && out[k - 1] != '-')
            out[k++] = '-';
    }
    while (k && out[k - 1] == '-')
        k--;
    if (!k)
        out[k++] = 'e';
    out[k] = 0;
    return out;
}

/* ---------------------------------------------------------------- sections */

static int read_event(rd *r, const json_t *root)
{
    salle_event *e = &r->inst->event;
    json_t *ev = json_object_get(root, "event");
    if (!ev)
        return missing(r, root, "event", N_("the instance"), N_("an object with name, timezone and days"));
    TRY(need_object(r, ev, "\"event\""));
    static const char *const keys[] = {"name", "acronym", "url", "timezone", "days", "hours", "grid", "changeover",
                                       "holidays", "min_speaking_minutes",
                                       "max_sessions_per_person_day", "remote_hours",
                                       "day_change", /* round trips (issue 8) */
                                       NULL};
    TRY(check_keys(r, ev, keys, N_("the event")));
    TRY(get_string(r, ev, "name", 1, N_("the event"), &e->name));
    TRY(get_string(r, ev, "timezone", 1, N_("the event"), &e->timezone));
    TRY(get_string(r, ev, "acronym", 0, N_("the event"), &e->acronym));
    TRY(get_string(r, ev, "url", 0, N_("the event"), &e->url));
    if (!e->acronym)
        e->acronym = slug(e->name);
    int ok;
    json_t *days;
    TRY(need_array(r, ev, "days", N_("the event"), &days));
    if (!days)
        return missing(r, ev, "days", N_("the event"), N_("an array of dates such as [\"2018-11-12\"]"));
    if (json_array_size(days) == 0)
        return err_member(r, ev, "days", "the event has no days; expected at least one date");
    e->ndays = (int)json_array_size(days);
    e->days = salle__xcalloc((size_t)e->ndays, sizeof *e->days);
    e->day_offset = salle__xcalloc((size_t)e->ndays, sizeof *e->day_offset);
    int first = 0, prev = INT_MIN;
    size_t i;
    json_t *v;
    json_array_foreach(days, i, v) {
        if (!json_is_string(v))
            return err_at(r, v, "event days must be dates such as \"2018-11-12\", not %s", type_name(v));
        int dn = salle__parse_date(json_string_value(v));
        if (dn == INT_MIN)
            return err_at(r, v, "\"%s\" is not a date; expected \"YYYY-MM-DD\"", json_string_value(v));
        if (dn <= prev)
            return err_at(r, v, "event days must be in increasing order without repeats; \"%s\" comes after \"%s\"",
                          json_string_value(v), e->days[i - 1]);
        if (i == 0)
            first = dn;
        prev = dn;
        memcpy(e->days[i], json_string_value(v), 11);
        e->day_offset[i] = (dn - first) * SALLE_MINUTES_PER_DAY;
    }
    salle__tz_offset(e->timezone, first, &ok);
    if (!ok)
        return err_member(r, ev, "timezone", "unknown time zone \"%s\"; expected an IANA name such as \"Europe/Paris\"",
                          e->timezone);
    e->hours_start = 9 * 60;
    e->hours_end = 18 * 60;
    json_t *h = json_object_get(ev, "hours");
    if (h) {
        static const char *const hk[] = {"start", "end", NULL};
        TRY(need_object(r, h, N_("\"hours\" of the event")));
        TRY(check_keys(r, h, hk, N_("the event's hours")));
        TRY(get_clock(r, h, "start", N_("the event's hours"), &e->hours_start));
        TRY(get_clock(r, h, "end", N_("the event's hours"), &e->hours_end));
        if (e->hours_end <= e->hours_start)
            return err_member(r, h, "end", "the event's hours must end after they start");
    }
    e->remote_start = 8 * 60;
    e->remote_end = 22 * 60;
    h = json_object_get(ev, "remote_hours");
    if (h) {
        static const char *const hk[] = {"start", "end", NULL};
        TRY(need_object(r, h, N_("\"remote_hours\" of the event")));
        TRY(check_keys(r, h, hk, N_("the event's remote_hours")));
        TRY(get_clock(r, h, "start", N_("the event's remote_hours"), &e->remote_start));
        TRY(get_clock(r, h, "end", N_("the event's remote_hours"), &e->remote_end));
        if (e->remote_end <= e->remote_start)
            return err_member(r, h, "end", "remote_hours must end after they start");
    }
    if (json_object_get(ev, "day_change")) {
        TRY(get_clock(r, ev, "day_change", N_("the event"), &e->day_change));
        if (e->day_change > 12 * 60)
            return err_member(r, ev, "day_change", "\"day_change\" of the event must be at most \"12:00\": a conference day begins between midnight and noon");
    }
    e->grid = 5;
    e->changeover = 10;
    e->min_speaking = 8;
    e->max_per_day = 4;
    TRY(get_int(r, ev, "grid", 0, N_("the event"), 1, 240, &e->grid));
    TRY(get_int(r, ev, "changeover", 0, N_("the event"), 0, 600, &e->changeover));
    TRY(get_int(r, ev, "min_speaking_minutes", 0, N_("the event"), 0, 600, &e->min_speaking));
    TRY(get_int(r, ev, "max_sessions_per_person_day", 0, N_("the event"), 1, 100, &e->max_per_day));
    json_t *hol;
    TRY(need_array(r, ev, "holidays", N_("the event"), &hol));
    if (hol) {
        e->holiday_day = salle__xcalloc(json_array_size(hol) + 1, sizeof *e->holiday_day);
        e->holiday_name = salle__xcalloc(json_array_size(hol) + 1, sizeof *e->holiday_name);
        json_array_foreach(hol, i, v) {
            static const char *const hk[] = {"date", "name", NULL};
            TRY(need_object(r, v, N_("a holiday")));
            TRY(check_keys(r, v, hk, N_("a holiday")));
            char *date = NULL, *name = NULL;
            TRY(get_string(r, v, "date", 1, N_("a holiday"), &date));
            if (get_string(r, v, "name", 1, N_("a holiday"), &name) < 0) {
                free(date);
                return -1;
            }
            int bad = salle__parse_date(date) == INT_MIN;
            int d = day_index(e, date);
            free(date);
            if (bad) {
                free(name);
                return err_member(r, v, "date", "holiday date is not a date; expected \"YYYY-MM-DD\"");
            }
            if (d < 0) { /* a holiday outside the event is no concern of the event */
                free(name);
                continue;
            }
            e->holiday_day[e->nholidays] = d;
            e->holiday_name[e->nholidays++] = name;
        }
    }
    return 0;
}

static int read_venues(rd *r, const json_t *root)
{
    salle_instance *inst = r->inst;
    COLLECT("venues", K_VENUE, &r->ix->venues, venues, nvenues, 0);
    inst->travel = salle__xcalloc((size_t)(n * n) + 1, sizeof *inst->travel);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        static const char *const keys[] = {"id", "name", "travel", NULL};
        char what[300];
        salle__fmt_str(what, sizeof what, r->f_venue, inst->venues[i].id);
        TRY(check_keys(r, o, keys, what));
        TRY(get_string(r, o, "name", 0, what, &inst->venues[i].name));
        if (!inst->venues[i].name)
            inst->venues[i].name = salle__xstrdup(inst->venues[i].id);
        json_t *tr = json_object_get(o, "travel");
        if (!tr)
            continue;
        if (!json_is_object(tr))
            return err_member(r, o, "travel", "\"travel\" of %s must be an object of venue id to minutes, not %s",
                              W(what), type_name(tr));
        const char *key;
        json_t *mv;
        json_object_foreach(tr, key, mv) {
            int j = salle__strmap_get(&r->ix->venues, key);
            if (j < 0)
                return err_member(r, tr, key, "unknown venue \"%s\" in \"travel\" of %s; no venue has this id",
                                  key, W(what));
            int m;
            TRY(get_int(r, tr, key, 1, what, 0, 1440, &m));
            int old = inst->travel[(int)i * n + j];
            if (m > old) { /* either side may give it; the larger wins */
                inst->travel[(int)i * n + j] = m;
                inst->travel[j * n + (int)i] = m;
            }
        }
    }
    return 0;
}

static int read_rooms(rd *r, const json_t *root)
{
    salle_instance *inst = r->inst;
    COLLECT("rooms", K_ROOM, &r->ix->rooms, rooms, nrooms, 1);
    if (n == 0)
        return err_member(r, root, "rooms", "the instance has no rooms; expected at least one");
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        static const char *const keys[] = {"id", "name", "capacity", "features", "available",
                                           "changeover", "venue", NULL};
        salle_room *rm = &inst->rooms[i];
        char what[300];
        salle__fmt_str(what, sizeof what, r->f_room, rm->id);
        rm->venue = -1;
        rm->changeover = inst->event.changeover;
        TRY(check_keys(r, o, keys, what));
        TRY(get_string(r, o, "name", 0, what, &rm->name));
        if (!rm->name)
            rm->name = salle__xstrdup(rm->id);
        if (json_is_null(json_object_get(o, "capacity"))) { /* unknown: no rule can fail on it */
            rm->capacity_unknown = 1;
            rm->capacity = INT_MAX;
        } else {
            TRY(get_int(r, o, "capacity", 1, what, 1, INT_MAX, &rm->capacity));
        }
        TRY(get_idlist(r, o, "features", what, K_FEATURE, &rm->features));
        TRY(get_windows(r, o, "available", what, 1, 1, &rm->available));
        TRY(get_int(r, o, "changeover", 0, what, 0, 600, &rm->changeover));
        char *venue = NULL;
        int got = get_string(r, o, "venue", 0, what, &venue);
        TRY(got);
        if (got) {
            rm->venue = salle__strmap_get(&r->ix->venues, venue);
            free(venue);
            if (rm->venue < 0)
                return err_member(r, o, "venue", "unknown venue in %s; no venue has this id", W(what));
        }
    }
    return 0;
}

static int read_people(rd *r, const json_t *root)
{
    salle_instance *inst = r->inst;
    COLLECT("people", K_PERSON, &r->ix->people, people, npeople, 0);
    const salle_event *e = &inst->event;
    int first = salle__parse_date(e->days[0]);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        static const char *const keys[] = {"id", "name", "available", "preferred", "remote",
                                           "timezone",
                                           "guid", "source_id", /* round trips (issue 8) */
                                           "email", /* issue 8.5 */
                                           NULL};
        salle_person *p = &inst->people[i];
        char what[300];
        salle__fmt_str(what, sizeof what, r->f_person, p->id);
        TRY(check_keys(r, o, keys, what));
        TRY(get_string(r, o, "name", 0, what, &p->name));
        if (!p->name)
            p->name = salle__xstrdup(p->id);
        TRY(get_windows(r, o, "available", what, 0, 1, &p->available));
        TRY(get_windows(r, o, "preferred", what, 0, 1, &p->preferred));
        TRY(get_bool(r, o, "remote", what, &p->remote));
        TRY(get_string(r, o, "timezone", 0, what, &p->timezone));
        TRY(get_string(r, o, "guid", 0, what, &p->guid));
        if (p->guid && !salle__is_uuid(p->guid))
            return err_member(r, o, "guid", "\"guid\" of %s must be a UUID such as \"0f8d3c62-8f3b-5d1e-9a43-2b7c1e9d4a10\"", W(what));
        TRY(get_string(r, o, "source_id", 0, what, &p->source_id));
        TRY(get_string(r, o, "email", 0, what, &p->email));
        if (p->timezone) {
            p->local_shift = salle__xcalloc((size_t)e->ndays, sizeof *p->local_shift);
            for (int d = 0; d < e->ndays; d++) {
                int ok1, ok2;
                int dn = first + e->day_offset[d] / SALLE_MINUTES_PER_DAY;
                int po = salle__tz_offset(p->timezone, dn, &ok1);
                int eo = salle__tz_offset(e->timezone, dn, &ok2);
                if (!ok1)
                    return err_member(r, o, "timezone", "unknown time zone \"%s\" of %s; expected an IANA name such as \"America/Bogota\"",
                                      p->timezone, W(what));
                p->local_shift[d] = po - eo;
            }
        }
    }
    return 0;
}

static int read_resources(rd *r, const json_t *root)
{
    salle_instance *inst = r->inst;
    COLLECT("resources", K_RESOURCE, &r->ix->resources, resources, nresources, 0);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        static const char *const keys[] = {"id", "name", "capacity", "shifts", NULL};
        salle_resource *rs = &inst->resources[i];
        char what[300];
        salle__fmt_str(what, sizeof what, r->f_resource, rs->id);
        TRY(check_keys(r, o, keys, what));
        TRY(get_string(r, o, "name", 0, what, &rs->name));
        if (!rs->name)
            rs->name = salle__xstrdup(rs->id);
        TRY(get_int(r, o, "capacity", 1, what, 1, INT_MAX, &rs->capacity));
        TRY(get_windows(r, o, "shifts", what, 0, 0, &rs->shifts));
    }
    return 0;
}

/* The longest stretch a session could run in: used to reject durations no room can hold. Each
 * room's longest window is found once, not once per session (at 100,000 sessions and 3,695 rooms
 * that look was 1.4 s of a 3.6 s load). */
static int longest_window(rd *r, const salle_session *s)
{
    const salle_instance *inst = r->inst;
    if (!r->room_longest) {
        r->room_longest = salle__xcalloc((size_t)inst->nrooms + 1, sizeof *r->room_longest);
        for (int i = 0; i < inst->nrooms; i++) {
            const salle_windows *ws = &inst->rooms[i].available;
            for (int k = 0; k < ws->n; k++)
                if (ws->w[k].end - ws->w[k].start > r->room_longest[i])
                    r->room_longest[i] = ws->w[k].end - ws->w[k].start;
            if (r->room_longest[i] > r->room_longest[inst->nrooms])
                r->room_longest[inst->nrooms] = r->room_longest[i];
        }
    }
    if (!s->rooms.n)
        return r->room_longest[inst->nrooms];
    int best = 0;
    for (int i = 0; i < s->rooms.n; i++)
        if (s->rooms.v[i] >= 0 && s->rooms.v[i] < inst->nrooms && r->room_longest[s->rooms.v[i]] > best)
            best = r->room_longest[s->rooms.v[i]];
    return best;
}

/* What the publisher wrote that salle keeps for the exports (issue 8): recording opt-out,
 * subtitle, description, slug, feedback address and the session's links. */
static int read_round_trip(rd *r, const json_t *o, const char *what, salle_session *s)
{
    TRY(get_bool(r, o, "do_not_record", what, &s->do_not_record));
    TRY(get_string(r, o, "subtitle", 0, what, &s->subtitle));
    TRY(get_string(r, o, "description", 0, what, &s->description));
    TRY(get_string(r, o, "slug", 0, what, &s->slug));
    TRY(get_string(r, o, "feedback_url", 0, what, &s->feedback_url));
    json_t *links;
    TRY(need_array(r, o, "links", what, &links));
    if (!links)
        return 0;
    s->links = salle__xcalloc(json_array_size(links) + 1, sizeof *s->links);
    size_t i;
    json_t *l;
    char lw[340];
    salle__fmt_str(lw, sizeof lw, r->f_link, what); /* what: the session's, worded */
    json_array_foreach(links, i, l) {
        static const char *const lk[] = {"type", "url", "title", "note", "attachment", NULL};
        TRY(need_object(r, l, lw));
        TRY(check_keys(r, l, lk, lw));
        salle_link *k = &s->links[s->nlinks++];
        TRY(get_string(r, l, "url", 1, lw, &k->url));
        if (!k->url[0])
            return err_member(r, l, "url", "\"url\" of %s is empty", W(lw));
        TRY(get_string(r, l, "type", 0, lw, &k->type));
        TRY(get_string(r, l, "title", 0, lw, &k->title));
        TRY(get_string(r, l, "note", 0, lw, &k->note));
        TRY(get_bool(r, l, "attachment", lw, &k->attachment));
    }
    return 0;
}

static int read_session(rd *r, const json_t *o, salle_session *s)
{
    salle_instance *inst = r->inst;
    static const char *const keys[] = {"id", "title", "format", "guid", "abstract", "language",
                                       "url", "duration", "organizers",
                                       "speakers", "attendance", "needs", "resources", "tracks",
                                       "tags", "allowed", "rooms", "preferred", "after",
                                       "not_with", "pinned", "published", "exclusive",
                                       "overflow", "cancelled", "abstract_format",
                                       /* round trips (issue 8) */
                                       "do_not_record", "subtitle", "description", "slug",
                                       "feedback_url", "links", NULL};
    char what[300];
    salle__fmt_str(what, sizeof what, r->f_session, s->id);
    salle__jdoc_pos(r->doc, o, &s->line, &s->col);
    s->attendance = -1;
    s->pinned_room = s->pinned_start = s->published_room = s->published_start = -1;
    TRY(check_keys(r, o, keys, what));
    TRY(get_string(r, o, "title", 0, what, &s->title));
    if (!s->title)
        s->title = salle__xstrdup(s->id);
    TRY(get_string(r, o, "format", 0, what, &s->format));
    TRY(get_string(r, o, "abstract", 0, what, &s->abstract));
    { /* what the abstract is written in; plain text unless said */
        char *af = NULL;
        TRY(get_string(r, o, "abstract_format", 0, what, &af));
        s->abstract_format = af ? salle__text_format_parse(af) : SALLE_TEXT_PLAIN;
        free(af);
        if (s->abstract_format < 0)
            return err_member(r, o, "abstract_format", "\"abstract_format\" of %s must be \"text\", \"html\" or \"markdown\"", W(what));
    }
    TRY(get_string(r, o, "language", 0, what, &s->language));
    TRY(get_string(r, o, "url", 0, what, &s->url));
    TRY(read_round_trip(r, o, what, s));
    TRY(get_bool(r, o, "cancelled", what, &s->cancelled));
    TRY(get_string(r, o, "guid", 0, what, &s->guid));
    if (s->guid && !salle__is_uuid(s->guid))
        return err_member(r, o, "guid", "\"guid\" of %s must be a UUID such as \"0f8d3c62-8f3b-5d1e-9a43-2b7c1e9d4a10\"", W(what));
    if (!s->guid)
        s->guid = salle__uuid_for(inst->event.name, s->id);
    TRY(get_duration(r, o, "duration", 1, what, &s->duration));
    if (s->duration <= 0)
        return err_member(r, o, "duration", "the duration of %s must be more than 0 minutes", W(what));
    if (s->duration % inst->event.grid)
        return err_member(r, o, "duration", "the duration of %s (%d minutes) is not a multiple of the event's %d-minute grid",
                          W(what), s->duration, inst->event.grid);
    TRY(get_idlist(r, o, "organizers", what, K_PERSON, &s->organizers));
    TRY(get_idlist(r, o, "speakers", what, K_PERSON, &s->speakers));
    s->people.v = salle__xmalloc((size_t)(s->organizers.n + s->speakers.n + 1) * sizeof(int));
    for (int i = 0; i < s->organizers.n; i++)
        s->people.v[s->people.n++] = s->organizers.v[i];
    for (int i = 0; i < s->speakers.n; i++)
        s->people.v[s->people.n++] = s->speakers.v[i];
    s->people.n = salle__sort_unique(s->people.v, s->people.n);
    TRY(get_int(r, o, "attendance", 0, what, 0, INT_MAX, &s->attendance));
    s->attendance_given = s->attendance; /* -1 when absent: then it is counted from interest */
    TRY(get_idlist(r, o, "needs", what, K_FEATURE, &s->needs));
    TRY(get_idlist(r, o, "resources", what, K_RESOURCE, &s->resources));
    TRY(get_idlist(r, o, "tracks", what, K_TRACK, &s->tracks));
    TRY(get_idlist(r, o, "tags", what, K_TAG, &s->tags));
    TRY(get_windows(r, o, "allowed", what, 0, 1, &s->allowed));
    TRY(get_idlist(r, o, "rooms", what, K_ROOM, &s->rooms));
    if (json_is_array(json_object_get(o, "rooms")) && s->rooms.n == 0)
        return err_member(r, o, "rooms", "\"rooms\" of %s is an empty list; leave it out to allow any room", W(what));
    json_t *pref = json_object_get(o, "preferred");
    s->preferred.any = 1;
    if (pref) {
        static const char *const pk[] = {"windows", "rooms", NULL};
        char pw[340];
        salle__fmt_str(pw, sizeof pw, r->f_preferred, what);
        TRY(need_object(r, pref, pw));
        TRY(check_keys(r, pref, pk, pw));
        TRY(get_windows(r, pref, "windows", pw, 0, 1, &s->preferred));
        TRY(get_idlist(r, pref, "rooms", pw, K_ROOM, &s->preferred_rooms));
    }
    TRY(get_idlist(r, o, "after", what, K_SESSION, &s->after));
    TRY(get_idlist(r, o, "not_with", what, K_SESSION, &s->not_with));
    int self = (int)(s - inst->sessions);
    if (salle__ids_has(&s->after, self))
        return err_member(r, o, "after", "%s cannot come after itself", W(what));
    if (salle__ids_has(&s->not_with, self))
        return err_member(r, o, "not_with", "%s cannot be kept apart from itself", W(what));
    json_t *pin = json_object_get(o, "pinned");
    if (pin) {
        static const char *const pk[] = {"room", "start", NULL};
        char pw[340];
        salle__fmt_str(pw, sizeof pw, r->f_pinned, what);
        TRY(need_object(r, pin, pw));
        TRY(check_keys(r, pin, pk, pw));
        TRY(get_ref(r, pin, "room", pw, K_ROOM, &s->pinned_room));
        TRY(get_datetime(r, pin, "start", pw, &s->pinned_start));
        if (s->pinned_room < 0 && s->pinned_start < 0)
            return err_at(r, pin, "%s is empty; expected \"room\", \"start\" or both", W(pw));
    }
    json_t *pub = json_object_get(o, "published");
    if (pub) {
        static const char *const pk[] = {"room", "start", "move", NULL};
        char pw[340];
        salle__fmt_str(pw, sizeof pw, r->f_published, what);
        TRY(need_object(r, pub, pw));
        TRY(check_keys(r, pub, pk, pw));
        if (!json_object_get(pub, "room"))
            return missing(r, pub, "room", pw, N_("a room id"));
        if (!json_object_get(pub, "start"))
            return missing(r, pub, "start", pw, N_("a date and time such as \"2018-11-12T09:30\""));
        TRY(get_ref(r, pub, "room", pw, K_ROOM, &s->published_room));
        TRY(get_datetime(r, pub, "start", pw, &s->published_start));
        char *mv = NULL;
        int got = get_string(r, pub, "move", 0, pw, &mv);
        TRY(got);
        if (got) {
            if (strcmp(mv, "ask") == 0)
                s->move = SALLE_MOVE_ASK;
            else if (strcmp(mv, "confirmed") == 0)
                s->move = SALLE_MOVE_CONFIRMED;
            else if (strcmp(mv, "declined") == 0)
                s->move = SALLE_MOVE_DECLINED;
            else {
                free(mv);
                return err_member(r, pub, "move", "\"move\" of %s must be \"ask\", \"confirmed\" or \"declined\"", W(pw));
            }
            free(mv);
        }
    }
    /* plenary sessions: "exclusive" and the overflow rooms that may be in use beside it */
    TRY(get_bool(r, o, "exclusive", what, &s->exclusive));
    TRY(get_idlist(r, o, "overflow", what, K_ROOM, &s->overflow));
    if (json_object_get(o, "overflow") && !s->exclusive)
        return err_member(r, o, "overflow", "%s lists \"overflow\" rooms but is not exclusive; add \"exclusive\": true, or leave \"overflow\" out", W(what));
    int longest = longest_window(r, s);
    if (s->duration > longest)
        return s->rooms.n
                   ? err_member(r, o, "duration", "%s lasts %d minutes, but the longest time any of its allowed room is open in one stretch is %d minutes; no room window can hold it",
                                W(what), s->duration, longest)
                   : err_member(r, o, "duration", "%s lasts %d minutes, but the longest time any room is open in one stretch is %d minutes; no room window can hold it",
                                W(what), s->duration, longest);
    return 0;
}

static int read_sessions(rd *r, const json_t *root)
{
    salle_instance *inst = r->inst;
    COLLECT("sessions", K_SESSION, &r->ix->sessions, sessions, nsessions, 1);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
        TRY(read_session(r, o, &inst->sessions[i]));
    /* not_with is symmetric: whichever side says it, both know it */
    salle__ivec *nw = salle__xcalloc((size_t)n + 1, sizeof *nw);
    for (int a = 0; a < n; a++)
        for (int k = 0; k < inst->sessions[a].not_with.n; k++) {
            salle__ivec_push(&nw[a], inst->sessions[a].not_with.v[k]);
            salle__ivec_push(&nw[inst->sessions[a].not_with.v[k]], a);
        }
    for (int a = 0; a < n; a++) {
        free(inst->sessions[a].not_with.v);
        inst->sessions[a].not_with.n = salle__sort_unique(nw[a].v, nw[a].n);
        inst->sessions[a].not_with.v = nw[a].v;
    }
    free(nw);
    return 0;
}

static int read_interest(rd *r, const json_t *root)
{
    salle_instance *inst = r->inst;
    json_t *arr;
    TRY(need_array(r, root, "interest", N_("the instance"), &arr));
    if (arr) {
        inst->interest = salle__xcalloc(json_array_size(arr) + 1, sizeof *inst->interest);
        size_t i;
        json_t *set;
        json_array_foreach(arr, i, set) {
            if (!json_is_array(set))
                return err_at(r, set, "each interest set must be an array of session ids, not %s",
                              type_name(set));
            salle_ids *ids = &inst->interest[inst->ninterest++];
            ids->v = salle__xmalloc((json_array_size(set) + 1) * sizeof *ids->v);
            size_t k;
            json_t *v;
            json_array_foreach(set, k, v) {
                if (!json_is_string(v))
                    return err_at(r, v, "interest sets must list session ids as strings, not %s",
                                  type_name(v));
                int x = salle__strmap_get(&r->ix->sessions, json_string_value(v));
                if (x < 0)
                    return err_at(r, v, "unknown session \"%s\" in an interest set; no session has this id",
                                  json_string_value(v));
                ids->v[ids->n++] = x;
            }
            ids->n = salle__sort_unique(ids->v, ids->n);
        }
    }
    /* expected attendance defaults to the number of attendees who said they want to come */
    int *count = salle__xcalloc((size_t)inst->nsessions + 1, sizeof *count);
    for (int i = 0; i < inst->ninterest; i++)
        for (int k = 0; k < inst->interest[i].n; k++)
            count[inst->interest[i].v[k]]++;
    for (int i = 0; i < inst->nsessions; i++)
        if (inst->sessions[i].attendance < 0)
            inst->sessions[i].attendance = count[i];
    free(count);
    return 0;
}

static int read_weights(rd *r, const json_t *root)
{
    salle_weights_default(r->inst->weights);
    json_t *w = json_object_get(root, "weights");
    if (!w)
        return 0;
    TRY(need_object(r, w, "\"weights\""));
    const char *key;
    json_t *v;
    json_object_foreach(w, key, v) {
        int g;
        for (g = 0; g < SALLE_SOFT_COUNT; g++)
            if (strcmp(key, salle_soft_name(g)) == 0)
                break;
        if (g == SALLE_SOFT_COUNT) {
            char list[600] = "";
            for (int k = 0; k < SALLE_SOFT_COUNT; k++) {
                if (k)
                    strncat(list, ", ", sizeof list - strlen(list) - 1);
                strncat(list, salle_soft_name(k), sizeof list - strlen(list) - 1);
            }
            int line, col;
            salle__jdoc_key_pos(r->doc, w, key, &line, &col);
            return salle__diag(r->err, r->name, line, col,
                               N_("unknown weight \"%s\"; expected one of: %s"), key, list);
        }
        int x;
        TRY(get_int(r, w, key, 1, "\"weights\"", 0, 1000000, &x));
        r->inst->weights[g] = x;
    }
    return 0;
}

static int read_instance(rd *r, const json_t *root)
{
    TRY(need_object(r, root, N_("the instance")));
    static const char *const keys[] = {"salle", "event", "venues", "rooms", "people", "resources",
                                       "sessions", "interest", "weights",
                                       /* talks (model/talks.c) */
                                       "talk_hours", "blocks", "talk_tracks", "talks",
                                       "talk_weights", NULL};
    json_t *ver = json_object_get(root, "salle");
    if (!ver)
        return missing(r, root, "salle", N_("the instance"), N_("the format version, \"salle\": 1"));
    if (!json_is_integer(ver) || json_integer_value(ver) != SALLE_FORMAT_VERSION)
        return err_member(r, root, "salle", "unsupported format version; this salle reads \"salle\": %d",
                          SALLE_FORMAT_VERSION);
    TRY(check_keys(r, root, keys, N_("the instance")));
    TRY(read_event(r, root));
    TRY(read_venues(r, root));
    TRY(read_rooms(r, root));
    TRY(read_people(r, root));
    TRY(read_resources(r, root));
    TRY(read_sessions(r, root));
    TRY(read_interest(r, root));
    TRY(read_weights(r, root));
    TRY(salle__talks_read(r->doc, r->name, r->err, r->inst, root));
    return 0;
}

/* The instance of a parsed document; frees doc. */
static salle_instance *instance_of(salle__jdoc *doc, const char *name, salle_diag *err)
{
    salle_instance *inst = salle__xcalloc(1, sizeof *inst);
    inst->path = salle__xstrdup(name);
    inst->index = salle__xcalloc(1, sizeof *inst->index);
    rd r = {doc, name, err, inst, inst->index,
            salle__diag_tr(err, "venue \"%s\""), salle__diag_tr(err, "room \"%s\""),
            salle__diag_tr(err, "person \"%s\""), salle__diag_tr(err, "resource \"%s\""),
            salle__diag_tr(err, "session \"%s\""), salle__diag_tr(err, "a link of %s"),
            salle__diag_tr(err, "\"preferred\" of %s"), salle__diag_tr(err, "\"pinned\" of %s"),
            salle__diag_tr(err, "\"published\" of %s"), salle__diag_tr(err, "a window in \"%s\" of %s")};
    int rc = read_instance(&r, salle__jdoc_root(doc));
    free(r.room_longest);
    salle__jdoc_free(doc);
    if (rc < 0) {
        salle_instance_free(inst);
        return NULL;
    }
    return inst;
}

salle_instance *salle_instance_parse(const char *buf, size_t len, const char *name,
                                     salle_diag *err)
{
    salle_diag scratch = {0};
    if (!err)
        err = &scratch;
    salle__jdoc *doc = salle__jdoc_parse_arena(buf, len, name, err);
    if (!doc)
        return NULL;
    return instance_of(doc, name, err);
}

salle_instance *salle_instance_load(const char *path, salle_diag *err)
{
    salle_diag scratch = {0};
    if (!err)
        err = &scratch;
    size_t len;
    char *buf = salle__read_file(path, &len, err);
    if (!buf)
        return NULL;
    salle__jdoc *doc = salle__jdoc_parse_arena(buf, len, path, err);
    /* the tree holds everything the model needs, so the text goes before the model is built
     * (83 MB at 100,000 sessions, issue 10) */
    free(buf);
    if (!doc)
        return NULL;
    return instance_of(doc, path, err);
}
