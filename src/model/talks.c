/*
 * talks.c: the talk-level model of academic conferences (docs/format.md "Talks"): parsing the
 * instance keys "talk_hours", "blocks", "talk_tracks", "talks" and "talk_weights", the derived
 * clash tables and local-hours penalties, and the talk part of a schedule file ("cells" and
 * "talks"). parse_instance.c and schedule.c call in here, so the session model stays untouched.
 *
 * Like the rest of the parser, the first error stops it, with file, line, column and what was
 * expected, worded in the diag's language (salle_diag.lang) as parse_instance.c words its own:
 * each format given to terr() (and to salle__diag here, marked N_) is its own msgid; so are the
 * descriptions of what is wrong ("block \"W1\"", "talk number 3"), looked up once per file (or
 * once per list) and never spliced from English kind words: a sentence about a block and one about
 * a talk are two msgids, since French, Spanish and Arabic do not build them alike.
 */
#include "base/internal.h"
#include "base/tr.h"
#include "model/model.h"
#include "model/talks.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define TRY_T(x)           \
    do {                   \
        if ((x) < 0)       \
            return -1;     \
    } while (0)

static const char *const goal_names[SALLE_TALK_GOAL_COUNT] = {
    "track_block",  "track_room",  "block_room", "similar_tracks",
    "track_rooms",  "track_parallel", "track_consecutive", "talk_hours",
    "talk_order",   "talk_block",  "talk_room",  "presenter_block_conflict",
    "attendee_block_conflict", "chair_conflict", "presenter_slot_conflict",
    "attendee_slot_conflict"};

/* Defaults (docs/scoring.md "Talks"): clashes of people weigh most, penalties given per item count
 * once each. */
static const long goal_defaults[SALLE_TALK_GOAL_COUNT] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                                         1000, 1, 1000, 1000, 1};

static const char *const rule_names[SALLE_TALK_RULE_COUNT] = {
    "", "talk_placement", "talk_track", "talk_slots", "talk_overlap", "talk_session_room",
    "talk_session_person"};

const char *salle_talk_goal_name(int g)
{
    return g >= 0 && g < SALLE_TALK_GOAL_COUNT ? goal_names[g] : "?";
}

long salle__talk_goal_default(int g)
{
    return g >= 0 && g < SALLE_TALK_GOAL_COUNT ? goal_defaults[g] : 0;
}

const char *salle_talk_rule_name(int r)
{
    return r >= 1 && r < SALLE_TALK_RULE_COUNT ? rule_names[r] : "?";
}

/* ------------------------------------------------------------------ reading helpers */

typedef struct trd {
    salle__jdoc *doc;
    const char *name;
    salle_diag *err;
    salle_instance *inst;
    salle_talks *t;
    salle__strmap blocks, tracks, talks;
    /* the descriptions made for every item, whether or not it has an error: looked up once */
    const char *f_block, *f_track, *f_talk;
} trd;

/* a JSON value's type, and a word, in the diag's language */
#define tname(v) salle__json_type_word(r->err, v)
#define W(s) salle__diag_tr(r->err, s)

/* An error at member key of obj (at obj itself when key is NULL); fmt is a msgid. Returns -1. */
static int terr(trd *r, const json_t *obj, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int terr(trd *r, const json_t *obj, const char *key, const char *fmt, ...)
{
    int line, col;
    if (key)
        salle__jdoc_member_pos(r->doc, obj, key, &line, &col);
    else
        salle__jdoc_pos(r->doc, obj, &line, &col);
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, salle__diag_tr(r->err, fmt), ap);
    va_end(ap);
    return salle__diag_str(r->err, r->name, line, col, msg);
}

static int keys_only(trd *r, const json_t *obj, const char *const *allowed, const char *what)
{
    return salle__jdoc_check_keys(r->doc, r->err, obj, allowed, what);
}

/* An integer member in [lo, hi]; absent leaves *out alone. */
static int tint(trd *r, const json_t *o, const char *key, const char *what, long lo, long hi,
                long *out)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    if (!json_is_integer(v))
        return terr(r, o, key, "\"%s\" of %s must be an integer from %ld to %ld, not %s", key, what,
                    lo, hi, tname(v));
    if (json_integer_value(v) < lo || json_integer_value(v) > hi)
        return terr(r, o, key, "\"%s\" of %s must be an integer from %ld to %ld, not %lld", key, what,
                    lo, hi, (long long)json_integer_value(v));
    *out = (long)json_integer_value(v);
    return 0;
}

static int tstr(trd *r, const json_t *o, const char *key, const char *what, int required,
                char **out)
{
    json_t *v = json_object_get(o, key);
    if (!v) {
        if (required)
            return terr(r, o, NULL, "%s has no \"%s\"; expected %s", what, key, salle__diag_tr(r->err, "a string"));
        return 0;
    }
    if (!json_is_string(v) || !json_string_length(v))
        return terr(r, o, key, "\"%s\" of %s must be a non-empty string, not %s", key, what,
                    json_is_string(v) ? salle__diag_tr(r->err, "an empty string") : tname(v));
    *out = salle__xstrdup(json_string_value(v));
    return 0;
}

static int tclock(trd *r, const json_t *o, const char *key, const char *what, int *out)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return terr(r, o, NULL, "%s has no \"%s\"; expected a time of day such as \"09:30\"", what, key);
    int m = json_is_string(v) ? salle__parse_clock(json_string_value(v)) : -1;
    if (m < 0)
        return terr(r, o, key, "\"%s\" of %s must be a time of day \"HH:MM\" such as \"09:30\"", key,
                    what);
    *out = m;
    return 0;
}

/* A list of person ids. */
static int tpeople(trd *r, const json_t *o, const char *key, const char *what, salle_ids *out)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return 0;
    if (!json_is_array(v))
        return terr(r, o, key, "\"%s\" of %s must be an array of person ids, not %s", key, what,
                    tname(v));
    out->v = salle__xmalloc((json_array_size(v) + 1) * sizeof *out->v);
    size_t i;
    json_t *e;
    json_array_foreach(v, i, e) {
        int p = json_is_string(e) ? salle_instance_person(r->inst, json_string_value(e)) : -1;
        if (!json_is_string(e))
            return terr(r, e, NULL, "\"%s\" of %s must list person ids as strings, not %s", key,
                        what, tname(e));
        if (p < 0)
            return terr(r, e, NULL, "unknown person \"%s\" in \"%s\" of %s; add it to \"people\"",
                        json_string_value(e), key, what);
        out->v[out->n++] = p;
    }
    out->n = salle__sort_unique(out->v, out->n);
    return 0;
}

/* A map {ID: penalty} over blocks (kind 0) or rooms (kind 1) into a new array of n longs. */
static int tpenalties(trd *r, const json_t *o, const char *key, const char *what, int kind,
                      long **out)
{
    int n = kind ? r->inst->nrooms : r->t->nblocks;
    *out = salle__xcalloc((size_t)n + 1, sizeof **out);
    json_t *m = json_object_get(o, key);
    if (!m)
        return 0;
    if (!json_is_object(m))
        return terr(r, o, key, kind ? N_("\"%s\" of %s must be an object {room id: penalty}, not %s")
                                    : N_("\"%s\" of %s must be an object {block id: penalty}, not %s"),
                    key, what, tname(m));
    const char *id;
    json_t *v;
    json_object_foreach(m, id, v) {
        int x = kind ? salle_instance_room(r->inst, id) : salle__strmap_get(&r->blocks, id);
        if (x < 0) {
            int line, col;
            salle__jdoc_key_pos(r->doc, m, id, &line, &col);
            return salle__diag(r->err, r->name, line, col,
                               kind ? N_("unknown room \"%s\" in \"%s\" of %s") : N_("unknown block \"%s\" in \"%s\" of %s"),
                               id, key, what);
        }
        TRY_T(tint(r, m, id, what, 0, 1000000000L, &(*out)[x]));
    }
    return 0;
}

/* ------------------------------------------------------------------ the instance keys */

static int read_hours(trd *r, const json_t *root)
{
    salle_talks *t = r->t;
    t->suitable_start = 9 * 60 + 30, t->suitable_end = 21 * 60 + 30;
    t->less_start = 7 * 60, t->less_end = 23 * 60;
    t->small_penalty = 1, t->big_penalty = 10;
    json_t *h = json_object_get(root, "talk_hours");
    if (!h)
        return 0;
    if (!json_is_object(h))
        return terr(r, h, NULL, "\"talk_hours\" must be an object, not %s", tname(h));
    /* TRANSLATORS: %s is "suitable" or "less_suitable", keys of the file */
    const char *of_hours = salle__diag_tr(r->err, "\"%s\" of \"talk_hours\"");
    static const char *const keys[] = {"suitable", "less_suitable", "small_penalty", "big_penalty",
                                       NULL};
    TRY_T(keys_only(r, h, keys, "\"talk_hours\""));
    static const char *const wk[] = {"start", "end", NULL};
    const char *names[2] = {"suitable", "less_suitable"};
    int *dst[2][2] = {{&t->suitable_start, &t->suitable_end}, {&t->less_start, &t->less_end}};
    for (int k = 0; k < 2; k++) {
        json_t *w = json_object_get(h, names[k]);
        if (!w)
            continue;
        char what[64];
        snprintf(what, sizeof what, of_hours, names[k]);
        if (!json_is_object(w))
            return terr(r, h, names[k], "%s must be {\"start\": TIME, \"end\": TIME}", what);
        TRY_T(keys_only(r, w, wk, what));
        TRY_T(tclock(r, w, "start", what, dst[k][0]));
        TRY_T(tclock(r, w, "end", what, dst[k][1]));
    }
    TRY_T(tint(r, h, "small_penalty", "\"talk_hours\"", 0, 1000000000L, &t->small_penalty));
    TRY_T(tint(r, h, "big_penalty", "\"talk_hours\"", 0, 1000000000L, &t->big_penalty));
    return 0;
}

/* The three lists of talk things, for collect's messages: one sentence per kind. */
enum tkind { K_BLOCK, K_TRACK, K_TALK };
static const char *const list_key[] = {"blocks", "talk_tracks", "talks"};
static const char *const list_not_array[] = {N_("\"blocks\" must be an array of blocks, not %s"),
                                             N_("\"talk_tracks\" must be an array of talk tracks, not %s"),
                                             N_("\"talks\" must be an array of talks, not %s")};
static const char *const kind_number[] = {N_("block number %zu"), N_("talk track number %zu"),
                                          N_("talk number %zu")};
static const char *const kind_duplicate[] = {
    N_("duplicate block id \"%s\"; block number %d has it already"),
    N_("duplicate talk track id \"%s\"; talk track number %d has it already"),
    N_("duplicate talk id \"%s\"; talk number %d has it already")};

/* Collects the ids of list kind of root into map; returns the array (or NULL when absent). */
static int collect(trd *r, const json_t *root, enum tkind kind, salle__strmap *m, json_t **out)
{
    const char *key = list_key[kind];
    json_t *arr = json_object_get(root, key);
    *out = arr;
    if (!arr)
        return 0;
    if (!json_is_array(arr))
        return terr(r, root, key, list_not_array[kind], tname(arr));
    const char *number = W(kind_number[kind]);
    size_t i;
    json_t *o;
    char what[64]; /* "talk number 3", written only for a message: most items have none */
#define WHAT() (snprintf(what, sizeof what, number, i + 1), what)
    json_array_foreach(arr, i, o) {
        if (!json_is_object(o))
            return terr(r, o, NULL, "%s must be an object, not %s", WHAT(), tname(o));
        json_t *id = json_object_get(o, "id");
        if (!id)
            return terr(r, o, NULL, "%s has no \"%s\"; expected %s", WHAT(), "id",
                        salle__diag_tr(r->err, "a non-empty string"));
        if (!json_is_string(id) || !json_string_length(id))
            return terr(r, o, "id", "\"id\" of %s must be a non-empty string", WHAT());
        int prev = salle__strmap_put(m, json_string_value(id), (int)i);
        if (prev >= 0)
            return terr(r, o, "id", kind_duplicate[kind], json_string_value(id), prev + 1);
    }
#undef WHAT
    return 0;
}

static int read_blocks(trd *r, const json_t *arr)
{
    salle_talks *t = r->t;
    const salle_event *e = &r->inst->event;
    t->nblocks = (int)json_array_size(arr);
    t->blocks = salle__xcalloc((size_t)t->nblocks + 1, sizeof *t->blocks);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        salle_block *b = &t->blocks[i];
        b->id = salle__xstrdup(json_string_value(json_object_get(o, "id")));
        char what[600];
        snprintf(what, sizeof what, r->f_block, b->id);
        static const char *const keys[] = {"id", "day", "start", "end", "slots", "room_penalties",
                                           NULL};
        TRY_T(keys_only(r, o, keys, what));
        salle__jdoc_pos(r->doc, o, &b->line, &b->col);
        json_t *d = json_object_get(o, "day");
        if (!d)
            return terr(r, o, NULL, "%s has no \"day\"; expected one of the event days (%s to %s)",
                        what, e->days[0], e->days[e->ndays - 1]);
        b->day = -1;
        for (int k = 0; json_is_string(d) && k < e->ndays; k++)
            if (strcmp(e->days[k], json_string_value(d)) == 0)
                b->day = k;
        if (b->day < 0)
            return terr(r, o, "day", "\"day\" of %s must be one of the event days (%s to %s)", what,
                        e->days[0], e->days[e->ndays - 1]);
        int s = 0, en = 0; /* set by tclock on success; initialised for -O2 -Werror */
        TRY_T(tclock(r, o, "start", what, &s));
        TRY_T(tclock(r, o, "end", what, &en));
        if (en <= s)
            return terr(r, o, "end", "%s must end after it starts (%02d:%02d)", what, s / 60, s % 60);
        b->start = e->day_offset[b->day] + s;
        b->end = e->day_offset[b->day] + en;
        long slots = 0;
        TRY_T(tint(r, o, "slots", what, 1, 1000, &slots));
        if (!slots)
            return terr(r, o, NULL, "%s has no \"slots\"; expected the number of time slots (1 or more)",
                        what);
        b->slots = (int)slots;
        if (i > 0 && b->start < t->blocks[i - 1].end)
            return terr(r, o, "start",
                        "%s starts before block \"%s\" ends; list blocks in time order, without overlaps",
                        what, t->blocks[i - 1].id);
        TRY_T(tpenalties(r, o, "room_penalties", what, 1, &b->room_penalty));
    }
    return 0;
}

static int read_tracks(trd *r, const json_t *arr)
{
    salle_talks *t = r->t;
    t->ntracks = (int)json_array_size(arr);
    t->tracks = salle__xcalloc((size_t)t->ntracks + 1, sizeof *t->tracks);
    t->similar = salle__xcalloc((size_t)t->ntracks * (size_t)t->ntracks + 1, sizeof *t->similar);
    unsigned char *given = salle__xcalloc((size_t)t->ntracks * (size_t)t->ntracks + 1, 1);
    size_t i;
    json_t *o;
    int rc = 0;
    json_array_foreach(arr, i, o) {
        salle_talk_track *k = &t->tracks[i];
        k->id = salle__xstrdup(json_string_value(json_object_get(o, "id")));
        char what[600];
        snprintf(what, sizeof what, r->f_track, k->id);
        static const char *const keys[] = {"id", "name", "chairs", "block_penalties",
                                           "room_penalties", "similar", NULL};
        if ((rc = keys_only(r, o, keys, what)) < 0 || (rc = tstr(r, o, "name", what, 0, &k->name)) < 0 ||
            (rc = tpeople(r, o, "chairs", what, &k->chairs)) < 0 ||
            (rc = tpenalties(r, o, "block_penalties", what, 0, &k->block_penalty)) < 0 ||
            (rc = tpenalties(r, o, "room_penalties", what, 1, &k->room_penalty)) < 0)
            break;
        if (!k->name)
            k->name = salle__xstrdup(k->id);
        json_t *sim = json_object_get(o, "similar");
        if (!sim)
            continue;
        if (!json_is_object(sim)) {
            rc = terr(r, o, "similar", "\"similar\" of %s must be an object {track id: penalty}", what);
            break;
        }
        const char *id;
        json_t *v;
        json_object_foreach(sim, id, v) {
            int other = salle__strmap_get(&r->tracks, id);
            int line, col;
            salle__jdoc_key_pos(r->doc, sim, id, &line, &col);
            if (other < 0 || other == (int)i) {
                rc = salle__diag(r->err, r->name, line, col,
                                 other < 0 ? N_("unknown talk track \"%s\" in \"similar\" of %s")
                                           : N_("talk track \"%s\" cannot be similar to itself (in %s)"),
                                 id, what);
                break;
            }
            long pen = 0;
            if ((rc = tint(r, sim, id, "\"similar\"", 0, 1000000000L, &pen)) < 0)
                break;
            size_t ab = (size_t)i * (size_t)t->ntracks + (size_t)other;
            size_t ba = (size_t)other * (size_t)t->ntracks + i;
            if (given[ab] && t->similar[ab] != pen) {
                rc = salle__diag(r->err, r->name, line, col,
                                 N_("%s and \"%s\" are given two different similarity penalties (%ld and %ld); "
                                    "give the pair once"),
                                 what, id, t->similar[ab], pen);
                break;
            }
            given[ab] = given[ba] = 1;
            t->similar[ab] = t->similar[ba] = pen;
        }
        if (rc < 0)
            break;
    }
    free(given);
    return rc;
}

static int read_talks(trd *r, const json_t *arr)
{
    salle_talks *t = r->t;
    t->ntalks = (int)json_array_size(arr);
    t->talks = salle__xcalloc((size_t)t->ntalks + 1, sizeof *t->talks);
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        salle_talk *k = &t->talks[i];
        k->id = salle__xstrdup(json_string_value(json_object_get(o, "id")));
        char what[600];
        snprintf(what, sizeof what, r->f_talk, k->id);
        static const char *const keys[] = {"id", "title", "track", "slots", "order", "presenters",
                                           "attendees", "timezone", "block_penalties",
                                           "room_penalties", "abstract", NULL};
        TRY_T(keys_only(r, o, keys, what));
        salle__jdoc_pos(r->doc, o, &k->line, &k->col);
        TRY_T(tstr(r, o, "title", what, 0, &k->title));
        if (!k->title)
            k->title = salle__xstrdup(k->id);
        TRY_T(tstr(r, o, "abstract", what, 0, &k->abstract));
        json_t *tr = json_object_get(o, "track");
        if (!tr)
            return terr(r, o, NULL, "%s has no \"track\"; expected the id of one of \"talk_tracks\"", what);
        k->track = json_is_string(tr) ? salle__strmap_get(&r->tracks, json_string_value(tr)) : -1;
        if (k->track < 0)
            return terr(r, o, "track", "\"track\" of %s must be the id of one of \"talk_tracks\"", what);
        long slots = 1, order = 0;
        TRY_T(tint(r, o, "slots", what, 1, 1000, &slots));
        TRY_T(tint(r, o, "order", what, 0, 100000, &order));
        k->slots = (int)slots, k->order = (int)order;
        TRY_T(tpeople(r, o, "presenters", what, &k->presenters));
        TRY_T(tpeople(r, o, "attendees", what, &k->attendees));
        TRY_T(tstr(r, o, "timezone", what, 0, &k->timezone));
        if (k->timezone) {
            int ok;
            salle__tz_offset(k->timezone, salle__parse_date(r->inst->event.days[0]), &ok);
            if (!ok)
                return terr(r, o, "timezone", "\"timezone\" of %s: unknown time zone \"%s\"; expected an "
                            "IANA name such as \"Europe/Paris\" or \"Etc/GMT-2\"", what, k->timezone);
        }
        TRY_T(tpenalties(r, o, "block_penalties", what, 0, &k->block_penalty));
        TRY_T(tpenalties(r, o, "room_penalties", what, 1, &k->room_penalty));
        salle_talk_track *track = &t->tracks[k->track];
        track->talks = salle__xrealloc(track->talks, (size_t)(track->ntalks + 1) * sizeof *track->talks);
        track->talks[track->ntalks++] = (int)i;
    }
    return 0;
}

static int read_weights(trd *r, const json_t *root)
{
    memcpy(r->t->weights, goal_defaults, sizeof goal_defaults);
    json_t *w = json_object_get(root, "talk_weights");
    if (!w)
        return 0;
    if (!json_is_object(w))
        return terr(r, w, NULL, "\"talk_weights\" must be an object, not %s", tname(w));
    const char *key;
    json_t *v;
    json_object_foreach(w, key, v) {
        int g;
        for (g = 0; g < SALLE_TALK_GOAL_COUNT && strcmp(key, goal_names[g]) != 0; g++)
            ;
        if (g == SALLE_TALK_GOAL_COUNT) {
            char list[600] = "";
            for (int k = 0; k < SALLE_TALK_GOAL_COUNT; k++) {
                if (k)
                    strncat(list, ", ", sizeof list - strlen(list) - 1);
                strncat(list, goal_names[k], sizeof list - strlen(list) - 1);
            }
            int line, col;
            salle__jdoc_key_pos(r->doc, w, key, &line, &col);
            return salle__diag(r->err, r->name, line, col, N_("unknown talk weight \"%s\"; expected one of: %s"),
                               key, list);
        }
        TRY_T(tint(r, w, key, "\"talk_weights\"", 0, 1000000000L, &r->t->weights[g]));
    }
    return 0;
}

static int shares(const salle_ids *a, const salle_ids *b)
{
    return salle__ids_common(a, b) >= 0;
}

/* The clash tables and local-hours penalties of docs/scoring.md "Talks". */
static void derive(salle_instance *inst, salle_talks *t)
{
    int n = t->ntalks;
    t->attendee_clash = salle__xcalloc((size_t)n * (size_t)n + 1, 1);
    t->presenter_clash = salle__xcalloc((size_t)n * (size_t)n + 1, 1);
    t->chair_clash = salle__xcalloc((size_t)t->ntracks * (size_t)t->ntracks + 1, 1);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            if (i == j)
                continue;
            const salle_talk *a = &t->talks[i], *b = &t->talks[j];
            int clash = shares(&a->attendees, &b->attendees) || shares(&a->attendees, &b->presenters) ||
                        shares(&a->presenters, &b->attendees) ||
                        (a->track != b->track &&
                         (shares(&a->attendees, &t->tracks[b->track].chairs) ||
                          shares(&t->tracks[a->track].chairs, &b->attendees)));
            t->attendee_clash[(size_t)i * n + j] = (unsigned char)clash;
            t->presenter_clash[(size_t)i * n + j] = (unsigned char)shares(&a->presenters, &b->presenters);
        }
    for (int a = 0; a < t->ntracks; a++)
        for (int b = 0; b < t->ntracks; b++)
            if (a != b)
                t->chair_clash[(size_t)a * t->ntracks + b] =
                    (unsigned char)shares(&t->tracks[a].chairs, &t->tracks[b].chairs);
    for (int i = 0; i < n; i++) {
        salle_talk *k = &t->talks[i];
        k->hours_penalty = salle__xcalloc((size_t)t->nblocks + 1, sizeof *k->hours_penalty);
        for (int b = 0; b < t->nblocks; b++) {
            const salle_block *bl = &t->blocks[b];
            int date = salle__parse_date(inst->event.days[bl->day]), ok;
            int shift = 0;
            if (k->timezone)
                shift = salle__tz_offset(k->timezone, date, &ok) -
                        salle__tz_offset(inst->event.timezone, date, &ok);
            int base = inst->event.day_offset[bl->day];
            /* clock times in the presenter's zone, as times of day (a session ending at midnight
             * ends at 00:00), compared exactly as CoSPLib does */
            int s = (((bl->start - base + shift) % 1440) + 1440) % 1440;
            int e = (((bl->end - base + shift) % 1440) + 1440) % 1440;
            if (s < t->less_start || e > t->less_end || e < t->less_start)
                k->hours_penalty[b] = t->big_penalty;
            else if ((s >= t->less_start && s < t->suitable_start) ||
                     (e > t->suitable_end && e <= t->less_end))
                k->hours_penalty[b] = t->small_penalty;
        }
    }
}

static void talks_free(salle_talks *t)
{
    if (!t)
        return;
    for (int i = 0; i < t->nblocks; i++) {
        free(t->blocks[i].id);
        free(t->blocks[i].room_penalty);
    }
    free(t->blocks);
    for (int i = 0; i < t->ntracks; i++) {
        salle_talk_track *k = &t->tracks[i];
        free(k->id);
        free(k->name);
        free(k->chairs.v);
        free(k->block_penalty);
        free(k->room_penalty);
        free(k->talks);
    }
    free(t->tracks);
    free(t->similar);
    for (int i = 0; i < t->ntalks; i++) {
        salle_talk *k = &t->talks[i];
        free(k->id);
        free(k->title);
        free(k->abstract);
        free(k->presenters.v);
        free(k->attendees.v);
        free(k->timezone);
        free(k->block_penalty);
        free(k->room_penalty);
        free(k->hours_penalty);
    }
    free(t->talks);
    free(t->attendee_clash);
    free(t->presenter_clash);
    free(t->chair_clash);
    free(t);
}

void salle__talks_free(salle_instance *inst)
{
    talks_free(inst->talks);
    inst->talks = NULL;
}

int salle__talks_read(salle__jdoc *doc, const char *name, salle_diag *err, salle_instance *inst,
                      const json_t *root)
{
    json_t *ba = json_object_get(root, "blocks"), *ta = json_object_get(root, "talk_tracks"),
           *ka = json_object_get(root, "talks");
    if (!ba && !ta && !ka && !json_object_get(root, "talk_weights") &&
        !json_object_get(root, "talk_hours"))
        return 0;
    trd r = {doc, name, err, inst, salle__xcalloc(1, sizeof(salle_talks)), {0}, {0}, {0},
             salle__diag_tr(err, "block \"%s\""), salle__diag_tr(err, "talk track \"%s\""),
             salle__diag_tr(err, "talk \"%s\"")};
    salle__strmap_init(&r.blocks);
    salle__strmap_init(&r.tracks);
    salle__strmap_init(&r.talks);
    inst->talks = r.t;
    int rc = 0;
    if (!ba || !ta || !ka)
        rc = terr(&r, root, NULL, "an instance with talks needs all of \"blocks\", \"talk_tracks\" and "
                  "\"talks\" (docs/format.md \"Talks\")");
    if (rc == 0)
        rc = read_hours(&r, root);
    if (rc == 0)
        rc = collect(&r, root, K_BLOCK, &r.blocks, &ba);
    if (rc == 0)
        rc = collect(&r, root, K_TRACK, &r.tracks, &ta);
    if (rc == 0)
        rc = collect(&r, root, K_TALK, &r.talks, &ka);
    if (rc == 0)
        rc = read_blocks(&r, ba);
    if (rc == 0)
        rc = read_tracks(&r, ta);
    if (rc == 0)
        rc = read_talks(&r, ka);
    if (rc == 0)
        rc = read_weights(&r, root);
    if (rc == 0)
        derive(inst, r.t);
    salle__strmap_free(&r.blocks);
    salle__strmap_free(&r.tracks);
    salle__strmap_free(&r.talks);
    return rc;
}

/* ------------------------------------------------------------------ plans */

salle_talk_plan *salle_talk_plan_new(const salle_instance *inst)
{
    const salle_talks *t = inst->talks;
    salle_talk_plan *p = salle__xcalloc(1, sizeof *p);
    p->nblocks = t ? t->nblocks : 0;
    p->nrooms = inst->nrooms;
    p->ntalks = t ? t->ntalks : 0;
    size_t cells = (size_t)p->nblocks * (size_t)p->nrooms;
    p->cell_track = salle__xmalloc((cells + 1) * sizeof *p->cell_track);
    for (size_t i = 0; i < cells; i++)
        p->cell_track[i] = -1;
    p->talk_block = salle__xmalloc(((size_t)p->ntalks + 1) * sizeof *p->talk_block);
    p->talk_room = salle__xmalloc(((size_t)p->ntalks + 1) * sizeof *p->talk_room);
    p->talk_slot = salle__xmalloc(((size_t)p->ntalks + 1) * sizeof *p->talk_slot);
    for (int i = 0; i < p->ntalks; i++)
        p->talk_block[i] = p->talk_room[i] = p->talk_slot[i] = -1;
    return p;
}

void salle_talk_plan_free(salle_talk_plan *p)
{
    if (!p)
        return;
    free(p->cell_track);
    free(p->talk_block);
    free(p->talk_room);
    free(p->talk_slot);
    free(p);
}

/* Start of slot k of block b: the block's length shared equally, rounded down to the minute. */
static int slot_start(const salle_block *b, int k)
{
    return b->start + (int)((long)(b->end - b->start) * k / b->slots);
}

char *salle_talk_slot_time(const salle_instance *inst, int b, int slot, int n, char *buf)
{
    const salle_block *bl = &inst->talks->blocks[b];
    char h[32], e[32];
    salle_time_human(inst, slot_start(bl, slot), h);
    salle_time_clock(slot_start(bl, slot + n) - inst->event.day_offset[bl->day], e);
    snprintf(buf, 80, "%.31s-%.31s", h, e);
    return buf;
}

int salle__talk_slot_start(const salle_instance *inst, int b, int slot)
{
    return slot_start(&inst->talks->blocks[b], slot);
}

static int find_id(const char *id, int n, const void *base, size_t size, size_t off)
{
    for (int i = 0; i < n; i++) {
        const char *s = *(char *const *)((const char *)base + (size_t)i * size + off);
        if (strcmp(s, id) == 0)
            return i;
    }
    return -1;
}

/* What a placement refers to, for plan_ref's messages: one sentence per kind. */
enum pkind { P_BLOCK, P_ROOM, P_TRACK, P_TALK };
static const char *const ref_missing[] = {N_("%s has no \"%s\"; expected a block id"),
                                          N_("%s has no \"%s\"; expected a room id"),
                                          N_("%s has no \"%s\"; expected a talk track id"),
                                          N_("%s has no \"%s\"; expected a talk id")};
static const char *const ref_unknown[] = {N_("unknown block \"%s\" in %s"), N_("unknown room \"%s\" in %s"),
                                          N_("unknown talk track \"%s\" in %s"), N_("unknown talk \"%s\" in %s")};
static const char *const ref_not_id[] = {N_("\"%s\" of %s must be a block id"), N_("\"%s\" of %s must be a room id"),
                                         N_("\"%s\" of %s must be a talk track id"),
                                         N_("\"%s\" of %s must be a talk id")};

/* Member key of placement o (described by what, worded) names one of the n things at base; its
 * index in *out. Returns 0, or -1 with *err. */
static int plan_ref(salle__jdoc *doc, salle_diag *err, const json_t *o, const char *key,
                    const char *what, int n, const void *base, size_t size, size_t off,
                    enum pkind kind, int *out)
{
    json_t *v = json_object_get(o, key);
    int line, col;
    if (!v) {
        salle__jdoc_pos(doc, o, &line, &col);
        return salle__diag(err, salle__jdoc_name(doc), line, col, ref_missing[kind], what, key);
    }
    *out = json_is_string(v) ? find_id(json_string_value(v), n, base, size, off) : -1;
    if (*out < 0) {
        salle__jdoc_member_pos(doc, o, key, &line, &col);
        if (json_is_string(v))
            return salle__diag(err, salle__jdoc_name(doc), line, col, ref_unknown[kind], json_string_value(v), what);
        return salle__diag(err, salle__jdoc_name(doc), line, col, ref_not_id[kind], key, what);
    }
    return 0;
}

int salle__talk_plan_read(salle__jdoc *doc, salle_diag *err, const salle_instance *inst,
                          const json_t *root, salle_schedule *s)
{
    const salle_talks *t = inst->talks;
    json_t *cells = json_object_get(root, "cells"), *talks = json_object_get(root, "talks");
    if (!cells && !talks) {
        if (t)
            s->talk_plan = salle_talk_plan_new(inst);
        return 0;
    }
    int line, col;
    if (!t) {
        salle__jdoc_member_pos(doc, root, cells ? "cells" : "talks", &line, &col);
        return salle__diag(err, salle__jdoc_name(doc), line, col,
                           N_("the schedule places talks, but the instance has none"));
    }
    salle_talk_plan *p = s->talk_plan = salle_talk_plan_new(inst);
    const char *nm = salle__jdoc_name(doc);
    size_t i;
    json_t *o;
    if (cells && !json_is_array(cells)) {
        salle__jdoc_member_pos(doc, root, "cells", &line, &col);
        return salle__diag(err, nm, line, col, N_("\"cells\" must be an array of {\"block\", \"room\", \"track\"}"));
    }
    const char *cell_number = salle__diag_tr(err, "cell number %zu");
    json_array_foreach(cells, i, o) {
        char what[64];
        snprintf(what, sizeof what, cell_number, i + 1);
        static const char *const ck[] = {"block", "room", "track", NULL};
        int b, r, k;
        if (!json_is_object(o)) {
            salle__jdoc_pos(doc, o, &line, &col);
            return salle__diag(err, nm, line, col, N_("%s must be an object {\"block\", \"room\", \"track\"}"), what);
        }
        if (salle__jdoc_check_keys(doc, err, o, ck, what) < 0 ||
            plan_ref(doc, err, o, "block", what, t->nblocks, t->blocks, sizeof *t->blocks,
                     offsetof(salle_block, id), P_BLOCK, &b) < 0 ||
            plan_ref(doc, err, o, "room", what, inst->nrooms, inst->rooms, sizeof *inst->rooms,
                     offsetof(salle_room, id), P_ROOM, &r) < 0 ||
            plan_ref(doc, err, o, "track", what, t->ntracks, t->tracks, sizeof *t->tracks,
                     offsetof(salle_talk_track, id), P_TRACK, &k) < 0)
            return -1;
        int *c = &p->cell_track[(size_t)b * inst->nrooms + r];
        if (*c >= 0) {
            salle__jdoc_pos(doc, o, &line, &col);
            return salle__diag(err, nm, line, col, N_("%s: block \"%s\", room \"%s\" is given a track twice; "
                                                      "a cell holds at most one track"), what, t->blocks[b].id, inst->rooms[r].id);
        }
        *c = k;
    }
    if (talks && !json_is_array(talks)) {
        salle__jdoc_member_pos(doc, root, "talks", &line, &col);
        return salle__diag(err, nm, line, col, N_("\"talks\" must be an array of {\"talk\", \"block\", \"room\", \"slot\"}"));
    }
    const char *placement_number = salle__diag_tr(err, "talk placement number %zu");
    json_array_foreach(talks, i, o) {
        char what[64];
        snprintf(what, sizeof what, placement_number, i + 1);
        static const char *const tk[] = {"talk", "block", "room", "slot", "start", "end", NULL};
        int k, b, r;
        if (!json_is_object(o)) {
            salle__jdoc_pos(doc, o, &line, &col);
            return salle__diag(err, nm, line, col, N_("%s must be an object {\"talk\", \"block\", \"room\", \"slot\"}"), what);
        }
        if (salle__jdoc_check_keys(doc, err, o, tk, what) < 0 ||
            plan_ref(doc, err, o, "talk", what, t->ntalks, t->talks, sizeof *t->talks,
                     offsetof(salle_talk, id), P_TALK, &k) < 0 ||
            plan_ref(doc, err, o, "block", what, t->nblocks, t->blocks, sizeof *t->blocks,
                     offsetof(salle_block, id), P_BLOCK, &b) < 0 ||
            plan_ref(doc, err, o, "room", what, inst->nrooms, inst->rooms, sizeof *inst->rooms,
                     offsetof(salle_room, id), P_ROOM, &r) < 0)
            return -1;
        json_t *sl = json_object_get(o, "slot");
        if (!json_is_integer(sl) || json_integer_value(sl) < 1 ||
            json_integer_value(sl) > t->blocks[b].slots) {
            if (sl)
                salle__jdoc_member_pos(doc, o, "slot", &line, &col);
            else
                salle__jdoc_pos(doc, o, &line, &col);
            return salle__diag(err, nm, line, col, N_("\"slot\" of %s must be the number of its first time slot, "
                                                      "1 to %d in block \"%s\""), what, t->blocks[b].slots, t->blocks[b].id);
        }
        if (p->talk_block[k] >= 0) {
            salle__jdoc_pos(doc, o, &line, &col);
            return salle__diag(err, nm, line, col, N_("%s: talk \"%s\" is placed twice; a talk has one place"),
                               what, t->talks[k].id);
        }
        p->talk_block[k] = b, p->talk_room[k] = r;
        p->talk_slot[k] = (int)json_integer_value(sl) - 1;
    }
    return 0;
}

void salle__talk_plan_json(const salle_instance *inst, const salle_schedule *s, json_t *root)
{
    const salle_talks *t = inst->talks;
    const salle_talk_plan *p = s->talk_plan;
    if (!t || !p)
        return;
    json_t *cells = json_array(), *talks = json_array();
    for (int b = 0; b < t->nblocks; b++)
        for (int r = 0; r < inst->nrooms; r++) {
            int k = p->cell_track[(size_t)b * inst->nrooms + r];
            if (k < 0)
                continue;
            json_t *o = json_object();
            json_object_set_new(o, "block", json_string(t->blocks[b].id));
            json_object_set_new(o, "room", json_string(inst->rooms[r].id));
            json_object_set_new(o, "track", json_string(t->tracks[k].id));
            json_array_append_new(cells, o);
            /* the cell's talks, in slot order, so the file reads like the programme */
            for (int sl = 0; sl < t->blocks[b].slots; sl++)
                for (int i = 0; i < t->ntalks; i++) {
                    if (p->talk_block[i] != b || p->talk_room[i] != r || p->talk_slot[i] != sl)
                        continue;
                    char a[32], e[32];
                    json_t *x = json_object();
                    json_object_set_new(x, "talk", json_string(t->talks[i].id));
                    json_object_set_new(x, "block", json_string(t->blocks[b].id));
                    json_object_set_new(x, "room", json_string(inst->rooms[r].id));
                    json_object_set_new(x, "slot", json_integer(sl + 1));
                    json_object_set_new(x, "start", json_string(salle_time_iso(inst, slot_start(&t->blocks[b], sl), a)));
                    int end = sl + t->talks[i].slots;
                    if (end > t->blocks[b].slots)
                        end = t->blocks[b].slots;
                    json_object_set_new(x, "end", json_string(salle_time_iso(inst, slot_start(&t->blocks[b], end), e)));
                    json_array_append_new(talks, x);
                }
        }
    /* talks outside any cell with a track (a broken plan) are still written, so nothing is lost */
    for (int i = 0; i < t->ntalks; i++) {
        int b = p->talk_block[i];
        if (b < 0 || p->cell_track[(size_t)b * inst->nrooms + p->talk_room[i]] >= 0)
            continue;
        json_t *x = json_object();
        json_object_set_new(x, "talk", json_string(t->talks[i].id));
        json_object_set_new(x, "block", json_string(t->blocks[b].id));
        json_object_set_new(x, "room", json_string(inst->rooms[p->talk_room[i]].id));
        json_object_set_new(x, "slot", json_integer(p->talk_slot[i] + 1));
        json_array_append_new(talks, x);
    }
    json_object_set_new(root, "cells", cells);
    json_object_set_new(root, "talks", talks);
}
