/*
 * model.c: the instance and schedule objects: names of rules and goals, default weights, id
 * lookups, time formatting, and freeing. Parsing lives in parse_instance.c and schedule.c.
 */
#include "base/internal.h"
#include "model/model.h"
#include "model/talks.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

static const char *const soft_names[SALLE_SOFT_COUNT] = {
    "audience_overlap", "track_overlap", "tag_overlap", "capacity_margin", "room_fit",
    "session_preference", "person_preference", "stability", "back_to_back", "person_day_load",
    "track_rooms", "day_spread", "remote_hours", "speaking_time", "holiday",
    "round_start",
};

/* The defaults of docs/scoring.md; tests/test_model.c checks that the two agree. */
static const long soft_defaults[SALLE_SOFT_COUNT] = {
    10, 30, 5, 2, 1, 20, 10, 50, 5, 20, 15, 10, 1, 3, 100, 2,
};

static const char *const hard_names[SALLE_HARD_COUNT] = {
    "", "placement", "room_conflict", "person_conflict", "availability", "capacity",
    "features", "resources", "relations", "fixed", "exclusive",
};

static const char *const text_format_names[] = {"text", "html", "markdown"};

const char *salle__text_format_name(int format)
{
    return format >= 0 && format <= SALLE_TEXT_MARKDOWN ? text_format_names[format] : "text";
}

int salle__text_format_parse(const char *s)
{
    for (int i = 0; s && i <= SALLE_TEXT_MARKDOWN; i++)
        if (strcmp(s, text_format_names[i]) == 0)
            return i;
    return -1;
}

const char *salle_soft_name(int g)
{
    return g >= 0 && g < SALLE_SOFT_COUNT ? soft_names[g] : "?";
}

const char *salle_hard_name(int r)
{
    return r >= 1 && r < SALLE_HARD_COUNT ? hard_names[r] : "?";
}

void salle_weights_default(long w[SALLE_SOFT_COUNT])
{
    memcpy(w, soft_defaults, sizeof soft_defaults);
}

/* ---------------------------------------------------------------- string maps */

static size_t hash_str(const char *s)
{
    size_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

void salle__strmap_init(salle__strmap *m)
{
    memset(m, 0, sizeof *m);
}

static void strmap_grow(salle__strmap *m)
{
    int ncap = m->cap ? m->cap * 2 : 64;
    const char **keys = salle__xcalloc((size_t)ncap, sizeof *keys);
    int *vals = salle__xmalloc((size_t)ncap * sizeof *vals);
    for (int i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = hash_str(m->keys[i]) & (size_t)(ncap - 1);
        while (keys[j])
            j = (j + 1) & (size_t)(ncap - 1);
        keys[j] = m->keys[i];
        vals[j] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = ncap;
}

int salle__strmap_get(const salle__strmap *m, const char *key)
{
    if (!m->cap)
        return -1;
    for (size_t j = hash_str(key) & (size_t)(m->cap - 1); m->keys[j];
         j = (j + 1) & (size_t)(m->cap - 1))
        if (strcmp(m->keys[j], key) == 0)
            return m->vals[j];
    return -1;
}

int salle__strmap_put(salle__strmap *m, const char *key, int val)
{
    if (2 * (m->n + 1) > m->cap)
        strmap_grow(m);
    size_t j = hash_str(key) & (size_t)(m->cap - 1);
    for (; m->keys[j]; j = (j + 1) & (size_t)(m->cap - 1))
        if (strcmp(m->keys[j], key) == 0)
            return m->vals[j];
    m->keys[j] = key;
    m->vals[j] = val;
    m->n++;
    return -1;
}

void salle__strmap_free(salle__strmap *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---------------------------------------------------------------- lookups */

int salle_instance_session(const salle_instance *inst, const char *id)
{
    return inst->index ? salle__strmap_get(&inst->index->sessions, id) : -1;
}

int salle_instance_room(const salle_instance *inst, const char *id)
{
    return inst->index ? salle__strmap_get(&inst->index->rooms, id) : -1;
}

int salle_instance_person(const salle_instance *inst, const char *id)
{
    return inst->index ? salle__strmap_get(&inst->index->people, id) : -1;
}

/* ---------------------------------------------------------------- time */

int salle_time_day(const salle_instance *inst, int t)
{
    /* A conference day runs from its day change to the next day's: with a day change of 04:00,
     * a talk at 01:00 belongs to the evening before (issue 8). */
    const salle_event *e = &inst->event;
    int dc = e->day_change;
    for (int d = e->ndays - 1; d >= 0; d--)
        if (t >= e->day_offset[d] + (d ? dc : 0))
            return t < e->day_offset[d] + SALLE_MINUTES_PER_DAY + dc ? d : -1;
    return -1;
}

int salle__morning_after(const struct salle_event *e, const char *date, int clock)
{
    if (clock >= e->day_change)
        return -1;
    int dn = salle__parse_date(date);
    if (dn == INT_MIN)
        return -1;
    for (int d = 0; d < e->ndays; d++)
        if (strcmp(e->days[d], date) == 0)
            return -1;
    for (int d = 0; d < e->ndays; d++)
        if (salle__parse_date(e->days[d]) + 1 == dn)
            return d;
    return -1;
}

char *salle_time_clock(int t, char *buf)
{
    int m = t % SALLE_MINUTES_PER_DAY;
    if (m < 0)
        m += SALLE_MINUTES_PER_DAY;
    snprintf(buf, 32, "%02d:%02d", m / 60, m % 60);
    return buf;
}

char *salle_time_iso(const salle_instance *inst, int t, char *buf)
{
    int d = salle_time_day(inst, t);
    if (d < 0) {
        snprintf(buf, 32, "(minute %d)", t);
        return buf;
    }
    int m = t - inst->event.day_offset[d];
    if (m >= SALLE_MINUTES_PER_DAY) { /* the night after the day: its own calendar date */
        int y, mo, dd;
        salle__civil_from_days(salle__parse_date(inst->event.days[d]) + 1, &y, &mo, &dd);
        m -= SALLE_MINUTES_PER_DAY;
        snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d", y % 10000, mo, dd, m / 60, m % 60);
        return buf;
    }
    snprintf(buf, 32, "%.10sT%02d:%02d", inst->event.days[d], (m / 60) % 100, m % 60);
    return buf;
}

char *salle_time_human(const salle_instance *inst, int t, char *buf)
{
    static const char *const wd[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    int d = salle_time_day(inst, t);
    if (d < 0) {
        snprintf(buf, 32, "(minute %d)", t);
        return buf;
    }
    int days = salle__parse_date(inst->event.days[d]);
    int m = t - inst->event.day_offset[d];
    if (m >= SALLE_MINUTES_PER_DAY) { /* the night after a conference day */
        days++;
        m -= SALLE_MINUTES_PER_DAY;
    }
    snprintf(buf, 32, "%s %02d:%02d", wd[salle__weekday(days)], (m / 60) % 100, m % 60);
    return buf;
}

int salle_time_parse_iso(const salle_instance *inst, const char *s, int *t)
{
    if (strlen(s) != 16 || s[10] != 'T')
        return -1;
    char date[11];
    memcpy(date, s, 10);
    date[10] = 0;
    int clk = salle__parse_clock(s + 11);
    if (clk < 0 || clk == SALLE_MINUTES_PER_DAY)
        return -1;
    for (int d = 0; d < inst->event.ndays; d++) {
        if (strcmp(inst->event.days[d], date) == 0) {
            *t = inst->event.day_offset[d] + clk;
            return 0;
        }
    }
    int d = salle__morning_after(&inst->event, date, clk);
    if (d >= 0) {
        *t = inst->event.day_offset[d] + SALLE_MINUTES_PER_DAY + clk;
        return 0;
    }
    return -1;
}

/* ---------------------------------------------------------------- freeing */

static void free_names(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void salle__links_free(salle_link *links, int n)
{
    for (int k = 0; k < n; k++) {
        free(links[k].type);
        free(links[k].url);
        free(links[k].title);
        free(links[k].note);
    }
    free(links);
}

void salle_instance_free(salle_instance *inst)
{
    if (!inst)
        return;
    salle__talks_free(inst);
    salle_event *e = &inst->event;
    free(e->name);
    free(e->acronym);
    free(e->url);
    free(e->timezone);
    free(e->days);
    free(e->day_offset);
    free(e->holiday_day);
    free_names(e->holiday_name, e->nholidays);
    for (int i = 0; i < inst->nvenues; i++) {
        free(inst->venues[i].id);
        free(inst->venues[i].name);
    }
    free(inst->venues);
    free(inst->travel);
    for (int i = 0; i < inst->nrooms; i++) {
        salle_room *r = &inst->rooms[i];
        free(r->id);
        free(r->name);
        free(r->features.v);
        free(r->available.w);
    }
    free(inst->rooms);
    for (int i = 0; i < inst->npeople; i++) {
        salle_person *p = &inst->people[i];
        free(p->id);
        free(p->name);
        free(p->available.w);
        free(p->preferred.w);
        free(p->timezone);
        free(p->email);
        free(p->local_shift);
        free(p->guid);
        free(p->source_id);
    }
    free(inst->people);
    for (int i = 0; i < inst->nresources; i++) {
        free(inst->resources[i].id);
        free(inst->resources[i].name);
        free(inst->resources[i].shifts.w);
    }
    free(inst->resources);
    for (int i = 0; i < inst->nsessions; i++) {
        salle_session *s = &inst->sessions[i];
        free(s->id);
        free(s->title);
        free(s->format);
        free(s->guid);
        free(s->abstract);
        free(s->language);
        free(s->url);
        free(s->organizers.v);
        free(s->speakers.v);
        free(s->people.v);
        free(s->needs.v);
        free(s->resources.v);
        free(s->tracks.v);
        free(s->tags.v);
        free(s->allowed.w);
        free(s->rooms.v);
        free(s->preferred.w);
        free(s->preferred_rooms.v);
        free(s->after.v);
        free(s->not_with.v);
        free(s->subtitle);
        free(s->description);
        free(s->slug);
        free(s->feedback_url);
        salle__links_free(s->links, s->nlinks);
        free(s->overflow.v);
    }
    free(inst->sessions);
    for (int i = 0; i < inst->ninterest; i++)
        free(inst->interest[i].v);
    free(inst->interest);
    free_names(inst->feature_names, inst->nfeatures);
    free_names(inst->track_names, inst->ntracks);
    free_names(inst->tag_names, inst->ntags);
    if (inst->index) {
        salle__strmap_free(&inst->index->sessions);
        salle__strmap_free(&inst->index->rooms);
        salle__strmap_free(&inst->index->people);
        salle__strmap_free(&inst->index->resources);
        salle__strmap_free(&inst->index->venues);
        salle__strmap_free(&inst->index->features);
        salle__strmap_free(&inst->index->tracks);
        salle__strmap_free(&inst->index->tags);
        free(inst->index);
    }
    free(inst->path);
    free(inst);
}
