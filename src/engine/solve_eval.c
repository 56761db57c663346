/*
 * solve_eval.c: the solver's own score: a static model of the pairwise relations between
 * sessions, an incremental state that prices inserting and removing one session from the terms
 * it takes part in, and a from-scratch evaluation used to audit the incremental one
 * (salle_solve_options.debug_check). See solve.h for the decomposition, docs/scoring.md for the
 * rules. No code is shared with the checker (check.c); tests compare the two.
 */
#include "engine/solve.h"
#include "engine/room_rows.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int gcd(int a, int b)
{
    if (a < 0)
        a = -a;
    if (b < 0)
        b = -b;
    while (b) {
        int t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static long lmax(long a, long b)
{
    return a > b ? a : b;
}

/* ---------------------------------------------------------------- static model */

enum { K_AUD, K_TRACK, K_TAG, K_PERSON, K_NOTWITH, K_AFTER_ME, K_AFTER_O };

typedef struct rel {
    int a, b, kind;
} rel;

typedef struct relv {
    size_t n, cap;
    rel *v;
} relv;

static void rel_push(relv *r, int a, int b, int kind)
{
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 1024;
        r->v = salle__xrealloc(r->v, r->cap * sizeof *r->v);
    }
    r->v[r->n++] = (rel){a, b, kind};
}

/* Sorts the relations by (a, b), sessions 0 .. n-1: by b, then stably by a, each a counting sort
 * (two passes over the list; qsort's comparisons were more than half of the model's
 * instructions at gen 10,000). The order of relations with the same a and b is of no matter:
 * they are added up into one neighbour. */
static void rel_sort(relv *r, int n)
{
    if (r->n < 2)
        return;
    size_t *at = salle__xmalloc(((size_t)n + 1) * sizeof *at);
    rel *tmp = salle__xmalloc(r->n * sizeof *tmp);
    for (int pass = 0; pass < 2; pass++) {
        const rel *from = pass ? tmp : r->v;
        rel *to = pass ? r->v : tmp;
        memset(at, 0, ((size_t)n + 1) * sizeof *at);
        for (size_t i = 0; i < r->n; i++)
            at[(pass ? from[i].a : from[i].b) + 1]++;
        for (int k = 0; k < n; k++)
            at[k + 1] += at[k];
        for (size_t i = 0; i < r->n; i++)
            to[at[pass ? from[i].a : from[i].b]++] = from[i];
    }
    free(tmp);
    free(at);
}

/* Adds both directions of every pair of a list of distinct sessions. */
static void rel_pairs(relv *r, const int *v, int n, int kind)
{
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (v[i] != v[j]) {
                rel_push(r, v[i], v[j], kind);
                rel_push(r, v[j], v[i], kind);
            }
}

/* salle__sv_room_fit, room by room: the reference (tests/test_solve.c compares the rows
 * model_init sets a word at a time with it) and the look at a single session. */
static void room_fit(salle__sv_model *m, const salle_instance *inst, int s)
{
    const salle_session *ss = &inst->sessions[s];
    int R = m->nrooms;
    for (int r = 0; r < R; r++) {
        const salle_room *rm = &inst->rooms[r];
        int ok = 1;
        for (int k = 0; k < ss->needs.n; k++)
            if (!salle__ids_has(&rm->features, ss->needs.v[k]))
                ok = 0;
        if (ok)
            salle__sv_bit_set(m->feat_ok, (size_t)s * m->rowbits + r);
        if (ss->attendance > rm->capacity)
            ok = 0;
        if (ss->rooms.n && !salle__ids_has(&ss->rooms, r))
            ok = 0;
        if (ss->pinned_room >= 0 && ss->pinned_room != r)
            ok = 0;
        if (ok)
            salle__sv_bit_set(m->room_ok, (size_t)s * m->rowbits + r);
    }
}

void salle__sv_room_fit(salle__sv_model *m, const salle_instance *inst, int s)
{
    room_fit(m, inst, s);
}

void salle__sv_fit_alloc(salle__sv_model *m)
{
    m->rowbits = ((size_t)m->nrooms + 63) / 64 * 64;
    m->feat_ok = salle__xcalloc((size_t)m->n * m->rowbits / 8 + 8, 1);
    m->room_ok = salle__xcalloc((size_t)m->n * m->rowbits / 8 + 8, 1);
}

/* Rows are bytes (salle__sv_bit), read and written here as little-endian words whatever the
 * machine's order. */
static uint64_t row_word(const unsigned char *b, size_t bit)
{
    const unsigned char *p = b + bit / 8;
    uint64_t x = 0;
    for (int j = 7; j >= 0; j--)
        x = x << 8 | p[j];
    return x;
}

static void row_word_set(unsigned char *b, size_t bit, uint64_t x)
{
    unsigned char *p = b + bit / 8;
    for (int j = 0; j < 8; j++, x >>= 8)
        p[j] = (unsigned char)x;
}

uint64_t salle__sv_room_word(const salle__sv_model *m, int s, int w)
{
    return row_word(m->room_ok, (size_t)s * m->rowbits + (size_t)w * 64);
}

/* Session s's rows, set a word at a time (room_rows.c): what room_fit decides room by room. */
static void room_fit_rows(salle__sv_model *m, const salle_instance *inst, int s,
                          salle__room_rows *rows, uint64_t *feat, uint64_t *suit)
{
    salle__room_rows_of(rows, inst, s, feat, suit);
    size_t at = (size_t)s * m->rowbits;
    for (int w = 0; w < rows->W; w++) {
        row_word_set(m->feat_ok, at + (size_t)w * 64, feat[w]);
        row_word_set(m->room_ok, at + (size_t)w * 64, suit[w]);
    }
}

void salle__sv_model_init(salle__sv_model *m, const salle_instance *inst)
{
    const salle_event *e = &inst->event;
    memset(m, 0, sizeof *m);
    m->inst = inst;
    m->n = inst->nsessions;
    m->nrooms = inst->nrooms;
    m->npeople = inst->npeople;
    m->ntracks = inst->ntracks;
    m->nres = inst->nresources;
    m->ndays = e->ndays;
    int n = m->n;

    /* the slot axis: fine enough that every start and end we may see falls on a slot */
    int g = gcd(e->grid > 0 ? e->grid : 5, SALLE_MINUTES_PER_DAY);
    for (int d = 0; d < e->ndays; d++)
        g = gcd(g, e->day_offset[d]);
    for (int s = 0; s < n; s++) {
        const salle_session *ss = &inst->sessions[s];
        g = gcd(g, ss->duration);
        if (ss->pinned_start >= 0)
            g = gcd(g, ss->pinned_start);
        if (ss->published_start >= 0)
            g = gcd(g, ss->published_start);
    }
    m->g = g;
    m->soft_nonneg = 1;
    for (int k = 0; k < SALLE_SOFT_COUNT; k++)
        if (inst->weights[k] < 0)
            m->soft_nonneg = 0;
    m->dur = salle__xmalloc(((size_t)n + 1) * sizeof *m->dur);
    for (int s = 0; s < n; s++)
        m->dur[s] = inst->sessions[s].duration;
    int horizon = (e->ndays ? e->day_offset[e->ndays - 1] : 0) + 2 * SALLE_MINUTES_PER_DAY;
    m->nslots = horizon / g + 1;
    m->slot_day = salle__xmalloc((size_t)m->nslots * sizeof *m->slot_day);
    for (int x = 0; x < m->nslots; x++)
        m->slot_day[x] = salle_time_day(inst, x * g);

    m->holiday = salle__xcalloc((size_t)m->ndays + 1, 1);
    for (int h = 0; h < e->nholidays; h++)
        if (e->holiday_day[h] >= 0 && e->holiday_day[h] < m->ndays)
            m->holiday[e->holiday_day[h]] = 1;

    /* person -> sessions */
    m->ps_start = salle__xcalloc((size_t)m->npeople + 2, sizeof *m->ps_start);
    for (int s = 0; s < n; s++)
        for (int k = 0; k < inst->sessions[s].people.n; k++)
            m->ps_start[inst->sessions[s].people.v[k] + 1]++;
    for (int p = 0; p < m->npeople; p++)
        m->ps_start[p + 1] += m->ps_start[p];
    m->ps = salle__xmalloc(((size_t)m->ps_start[m->npeople] + 1) * sizeof *m->ps);
    {
        int *fill = salle__xmalloc(((size_t)m->npeople + 1) * sizeof *fill);
        memcpy(fill, m->ps_start, (size_t)m->npeople * sizeof *fill);
        for (int s = 0; s < n; s++)
            for (int k = 0; k < inst->sessions[s].people.n; k++)
                m->ps[fill[inst->sessions[s].people.v[k]]++] = s;
        free(fill);
    }

    /* room suitability */
    salle__sv_fit_alloc(m);
    m->speak = salle__xcalloc((size_t)n + 1, sizeof *m->speak);
    salle__room_rows rows;
    salle__room_rows_init(&rows, inst);
    uint64_t *feat = salle__xcalloc(2 * (size_t)rows.W + 1, sizeof *feat), *suit = feat + rows.W;
    for (int s = 0; s < n; s++) {
        const salle_session *ss = &inst->sessions[s];
        room_fit_rows(m, inst, s, &rows, feat, suit);
        if (ss->speakers.n > 0) {
            long per = ss->duration / ss->speakers.n;
            m->speak[s] = inst->weights[SALLE_SOFT_SPEAKING_TIME] * lmax(0, e->min_speaking - per);
        }
    }
    free(feat);
    salle__room_rows_free(&rows);

    /* plenary sessions */
    m->excl = salle__xmalloc(((size_t)n + 1) * sizeof *m->excl);
    for (int s = 0; s < n; s++)
        if (inst->sessions[s].exclusive)
            m->excl[m->nexcl++] = s;

    /* pairwise relations */
    relv rv = {0};
    for (int i = 0; i < inst->ninterest; i++)
        rel_pairs(&rv, inst->interest[i].v, inst->interest[i].n, K_AUD);
    /* track and tag overlap are counted per group (group_overlap), not per pair */
    for (int p = 0; p < m->npeople; p++)
        rel_pairs(&rv, m->ps + m->ps_start[p], m->ps_start[p + 1] - m->ps_start[p], K_PERSON);
    for (int s = 0; s < n; s++) {
        const salle_session *ss = &inst->sessions[s];
        for (int k = 0; k < ss->not_with.n; k++)
            if (ss->not_with.v[k] != s)
                rel_push(&rv, s, ss->not_with.v[k], K_NOTWITH);
        for (int k = 0; k < ss->after.n; k++) {
            int o = ss->after.v[k];
            if (o == s)
                continue;
            rel_push(&rv, s, o, K_AFTER_ME);
            rel_push(&rv, o, s, K_AFTER_O);
        }
    }
    rel_sort(&rv, n);
    m->nb_start = salle__xcalloc((size_t)n + 2, sizeof *m->nb_start);
    m->nb = salle__xmalloc((rv.n + 1) * sizeof *m->nb);
    int nnb = 0;
    const long *w = inst->weights;
    for (size_t i = 0; i < rv.n;) {
        size_t j = i;
        salle__sv_nb x = {rv.v[i].b, 0, 0, 0, 0};
        int shared = 0;
        for (; j < rv.n && rv.v[j].a == rv.v[i].a && rv.v[j].b == rv.v[i].b; j++) {
            switch (rv.v[j].kind) {
            case K_AUD: x.soft += w[SALLE_SOFT_AUDIENCE_OVERLAP]; break;
            case K_TRACK: x.soft += w[SALLE_SOFT_TRACK_OVERLAP]; break;
            case K_TAG: x.soft += w[SALLE_SOFT_TAG_OVERLAP]; break;
            case K_PERSON: shared++; break;
            case K_NOTWITH: x.notwith = 1; break;
            case K_AFTER_ME: x.after |= 1; break;
            case K_AFTER_O: x.after |= 2; break;
            }
        }
        x.shared = (unsigned short)(shared < 65535 ? shared : 65535);
        /* never a session with itself (the soft-only walk relies on it) */
        if ((x.soft || x.shared || x.notwith || x.after) && rv.v[i].a != rv.v[i].b) {
            m->nb[nnb++] = x;
            m->nb_start[rv.v[i].a + 1]++;
        }
        i = j;
    }
    for (int s = 0; s < n; s++)
        m->nb_start[s + 1] += m->nb_start[s];
    free(rv.v);
    /* per session, the neighbours with a hard term first (in their order), then the soft-only */
    m->nb_soft = salle__xmalloc(((size_t)n + 1) * sizeof *m->nb_soft);
    salle__sv_nb *tmp = salle__xmalloc(((size_t)m->nb_start[n] + 1) * sizeof *tmp);
    for (int s = 0; s < n; s++) {
        int h = m->nb_start[s], k = 0;
        for (int i = m->nb_start[s]; i < m->nb_start[s + 1]; i++) {
            salle__sv_nb x = m->nb[i];
            if (x.shared || x.notwith || x.after)
                m->nb[h++] = x;
            else
                tmp[k++] = x;
        }
        memcpy(m->nb + h, tmp, (size_t)k * sizeof *tmp);
        m->nb_soft[s] = h;
    }
    free(tmp);
}

void salle__sv_model_free(salle__sv_model *m)
{
    free(m->slot_day);
    free(m->dur);
    free(m->nb_start);
    free(m->nb_soft);
    free(m->nb);
    free(m->ps_start);
    free(m->ps);
    free(m->feat_ok);
    free(m->room_ok);
    free(m->speak);
    free(m->holiday);
    free(m->excl);
    memset(m, 0, sizeof *m);
}

/* ---------------------------------------------------------------- unary terms */

/* Minutes of [a, b) (event minutes of day d) outside the person's humane local hours. */
static int remote_outside(const salle_instance *inst, const salle_person *p, int d, int a, int b)
{
    const salle_event *e = &inst->event;
    int la = a - e->day_offset[d] + p->local_shift[d], lb = la + (b - a);
    int inside = 0;
    for (int k = -2; k <= 2; k++) {
        int lo = k * SALLE_MINUTES_PER_DAY + e->remote_start;
        int hi = k * SALLE_MINUTES_PER_DAY + e->remote_end;
        int x0 = la > lo ? la : lo, x1 = lb < hi ? lb : hi;
        if (x1 > x0)
            inside += x1 - x0;
    }
    return (b - a) - inside;
}

#define HIT(rule)                                                                                  \
    do {                                                                                           \
        hard++;                                                                                    \
        if (by_rule)                                                                               \
            by_rule[rule]++;                                                                       \
    } while (0)

/* The unary terms that depend on the room (and on the start with it). */
salle__sv_cost salle__sv_unary_room(const salle__sv_model *m, int s, int r, int t, long *by_rule)
{
    const salle_instance *inst = m->inst;
    const salle_session *ss = &inst->sessions[s];
    const salle_room *rm = &inst->rooms[r];
    const long *w = inst->weights;
    int b = t + ss->duration;
    long hard = 0, soft = 0;
    if (!salle__windows_in(&rm->available, t, b))
        HIT(SALLE_HARD_AVAILABILITY);
    if (ss->attendance > rm->capacity)
        HIT(SALLE_HARD_CAPACITY);
    if (!salle__sv_feat_ok(m, s, r))
        HIT(SALLE_HARD_FEATURES);
    if (ss->rooms.n && !salle__ids_has(&ss->rooms, r))
        HIT(SALLE_HARD_RELATIONS);
    if ((ss->pinned_room >= 0 && ss->pinned_room != r) ||
        (ss->pinned_start >= 0 && ss->pinned_start != t))
        HIT(SALLE_HARD_FIXED);
    if (ss->published_room >= 0 && ss->move != SALLE_MOVE_CONFIRMED &&
        (ss->published_room != r || ss->published_start != t))
        HIT(SALLE_HARD_FIXED);

    long margin = (long)ss->attendance - (long)rm->capacity * 9 / 10;
    soft += w[SALLE_SOFT_CAPACITY_MARGIN] * lmax(0, margin);
    long att = ss->attendance > 1 ? ss->attendance : 1;
    if (!rm->capacity_unknown) /* unknown seats: no fit to judge */
        soft += w[SALLE_SOFT_ROOM_FIT] * (lmax(0, rm->capacity - 3 * att) / 10);
    if (ss->preferred_rooms.n && !salle__ids_has(&ss->preferred_rooms, r))
        soft += w[SALLE_SOFT_SESSION_PREFERENCE];
    if (ss->published_room >= 0) {
        long np = 1 + ss->people.n;
        long c = 0;
        if (r != ss->published_room)
            c += np;
        if (t != ss->published_start) {
            long shift = t > ss->published_start ? t - ss->published_start : ss->published_start - t;
            c += np * 2 * (1 + shift / 60);
        }
        soft += w[SALLE_SOFT_STABILITY] * c;
    }
    return (salle__sv_cost){hard, soft};
}

/* The unary terms of s at start t that do not depend on the room. */
salle__sv_cost salle__sv_unary_time(const salle__sv_model *m, int s, int t, long *by_rule)
{
    const salle_instance *inst = m->inst;
    const salle_session *ss = &inst->sessions[s];
    const long *w = inst->weights;
    int b = t + ss->duration;
    long hard = 0;
    long soft = m->speak[s];
    for (int k = 0; k < ss->resources.n; k++)
        if (!salle__windows_in(&inst->resources[ss->resources.v[k]].shifts, t, b))
            HIT(SALLE_HARD_RESOURCES);
    if (!salle__windows_in(&ss->allowed, t, b))
        HIT(SALLE_HARD_RELATIONS);
    if (!ss->preferred.any && !salle__windows_in(&ss->preferred, t, b))
        soft += w[SALLE_SOFT_SESSION_PREFERENCE];
    int d = salle__sv_day(m, t);
    /* the people: availability (hard), preferred hours and remote hours (soft) */
    for (int k = 0; k < ss->people.n; k++) {
        const salle_person *p = &inst->people[ss->people.v[k]];
        if (!salle__windows_in(&p->available, t, b))
            HIT(SALLE_HARD_AVAILABILITY);
        if (!p->preferred.any && !salle__windows_in(&p->preferred, t, b))
            soft += w[SALLE_SOFT_PERSON_PREFERENCE];
        if (p->remote && p->local_shift && d >= 0)
            soft += w[SALLE_SOFT_REMOTE_HOURS] * (remote_outside(inst, p, d, t, b) / 15);
    }
    if (d >= 0 && m->holiday[d])
        soft += w[SALLE_SOFT_HOLIDAY];
    int minute = d >= 0 ? t - inst->event.day_offset[d]
                        : (t % SALLE_MINUTES_PER_DAY + SALLE_MINUTES_PER_DAY) % SALLE_MINUTES_PER_DAY;
    if (minute % 30)
        soft += w[SALLE_SOFT_ROUND_START];
    return (salle__sv_cost){hard, soft};
}
#undef HIT

salle__sv_cost salle__sv_unary(const salle__sv_model *m, int s, int r, int t, long *by_rule)
{
    salle__sv_cost a = salle__sv_unary_room(m, s, r, t, by_rule), b = salle__sv_unary_time(m, s, t, by_rule);
    return (salle__sv_cost){a.hard + b.hard, a.soft + b.soft};
}

/* ---------------------------------------------------------------- pairwise terms */

static inline int travel_between(const salle_instance *inst, int r1, int r2)
{
    int v1 = inst->rooms[r1].venue, v2 = inst->rooms[r2].venue;
    if (v1 < 0 || v2 < 0 || v1 == v2)
        return 0;
    return inst->travel[v1 * inst->nvenues + v2];
}

/* The terms between session s (room rs, [as, bs)) and its neighbour x (room ro, [ao, bo)). */
static inline salle__sv_cost pair_cost(const salle__sv_model *m, const salle__sv_nb *x, int rs, int as,
                                int bs, int ro, int ao, int bo, long *by_rule, int sign)
{
    salle__sv_cost c = {0, 0};
    int ov = as < bo && ao < bs;
    if (ov)
        c.soft += x->soft;
    if (x->shared) {
        int clash = ov;
        if (!ov) {
            int tr = travel_between(m->inst, rs, ro);
            int gap = ao >= bs ? ao - bs : as - bo;
            clash = tr > 0 && gap < tr;
        }
        if (clash) {
            c.hard += x->shared;
            if (by_rule)
                by_rule[SALLE_HARD_PERSON_CONFLICT] += sign * x->shared;
        }
    }
    long nrel = 0;
    if (x->notwith && ov)
        nrel++;
    if ((x->after & 1) && as < bo)
        nrel++;
    if ((x->after & 2) && ao < bs)
        nrel++;
    c.hard += nrel;
    if (by_rule)
        by_rule[SALLE_HARD_RELATIONS] += sign * nrel;
    return c;
}

/* ---------------------------------------------------------------- state */

void salle__sv_state_init(salle__sv_state *st, const salle__sv_model *m)
{
    memset(st, 0, sizeof *st);
    st->m = m;
    size_t n = (size_t)m->n + 1, R = (size_t)m->nrooms + 1;
    st->room = salle__xmalloc(n * sizeof *st->room);
    st->start = salle__xmalloc(n * sizeof *st->start);
    st->oend = salle__xmalloc(n * sizeof *st->oend);
    st->sday = salle__xmalloc(n * sizeof *st->sday);
    for (int s = 0; s < m->n; s++) {
        st->room[s] = st->start[s] = st->sday[s] = -1;
        st->oend[s] = INT_MIN;
    }
    st->rpos = salle__xcalloc(n, sizeof *st->rpos);
    st->unary = salle__xcalloc(n, sizeof *st->unary);
    st->pd = salle__xcalloc((size_t)m->npeople * (size_t)m->ndays + 1, sizeof *st->pd);
    st->rlist = salle__xcalloc(R, sizeof *st->rlist);
    st->rla = salle__xcalloc(R, sizeof *st->rla);
    st->rlb = salle__xcalloc(R, sizeof *st->rlb);
    st->rlen = salle__xcalloc(R, sizeof *st->rlen);
    st->rcap = salle__xcalloc(R, sizeof *st->rcap);
    st->trk_room = salle__xcalloc((size_t)m->ntracks * R + 1, sizeof *st->trk_room);
    st->trk_nrooms = salle__xcalloc((size_t)m->ntracks + 1, sizeof *st->trk_nrooms);
    st->trk_day = salle__xcalloc((size_t)m->ntracks * ((size_t)m->ndays + 1) + 1,
                                 sizeof *st->trk_day);
    st->use = salle__xcalloc((size_t)m->nres * (size_t)m->nslots + 1, sizeof *st->use);
    st->starts = salle__xcalloc((size_t)m->nres * (size_t)m->nslots + 1, sizeof *st->starts);
    size_t ng = (size_t)m->ntracks + (size_t)m->inst->ntags;
    st->grp_a = salle__xcalloc(ng * ((size_t)m->nslots + 2) + 1, sizeof *st->grp_a);
    st->grp_b = salle__xcalloc(ng * ((size_t)m->nslots + 2) + 1, sizeof *st->grp_b);
    if (m->nexcl) {
        st->pl_a = salle__xcalloc(R * ((size_t)m->nslots + 2) + 1, sizeof *st->pl_a);
        st->pl_b = salle__xcalloc(R * ((size_t)m->nslots + 2) + 1, sizeof *st->pl_b);
    }
}

/* Fenwick tree of group k over slots 0 .. nslots (index x + 1). */
static void fw_add(const salle__sv_model *m, int *tree, int k, int x, int v)
{
    int size = m->nslots + 1;
    int *f = tree + (size_t)k * ((size_t)m->nslots + 2);
    for (int i = x + 1; i <= size; i += i & -i)
        f[i] += v;
}

/* Entries of group k at slots < x. */
static int fw_below(const salle__sv_model *m, const int *tree, int k, int x)
{
    const int *f = tree + (size_t)k * ((size_t)m->nslots + 2);
    int c = 0;
    if (x > m->nslots + 1)
        x = m->nslots + 1;
    for (int i = x; i > 0; i -= i & -i)
        c += f[i];
    return c;
}

static int clamp_slot(const salle__sv_model *m, int t);

/* Placed sessions of group k (s itself included if recorded) that overlap [a, b): those that
 * start before b, less those that end by a. */
static int group_overlap(const salle__sv_state *st, int k, int a, int b)
{
    const salle__sv_model *m = st->m;
    return fw_below(m, st->grp_a, k, clamp_slot(m, b)) -
           fw_below(m, st->grp_b, k, clamp_slot(m, a) + 1);
}

static void group_apply(salle__sv_state *st, int k, int a, int b, int dir)
{
    const salle__sv_model *m = st->m;
    fw_add(m, st->grp_a, k, clamp_slot(m, a), dir);
    fw_add(m, st->grp_b, k, clamp_slot(m, b), dir);
}

/* ---- plenary sessions (rule 10) */

/* 1 if s in room rs at [as, bs) and t in room rt at [at, bt) break rule 10: they overlap and one
 * of them is exclusive while the other's room is neither its room nor one of its overflow rooms. */
static int plenary_pair(const salle_instance *inst, int s, int rs, int as, int bs, int t, int rt,
                        int at, int bt)
{
    if (!(as < bt && at < bs) || rs == rt)
        return 0;
    const salle_session *x = &inst->sessions[s], *y = &inst->sessions[t];
    return (x->exclusive && !salle__ids_has(&x->overflow, rt)) ||
           (y->exclusive && !salle__ids_has(&y->overflow, rs));
}

/* Placed sessions that are not exclusive, in room k (k = nrooms: any room), overlapping [a, b). */
static int plenary_count(const salle__sv_state *st, int k, int a, int b)
{
    const salle__sv_model *m = st->m;
    return fw_below(m, st->pl_a, k, clamp_slot(m, b)) -
           fw_below(m, st->pl_b, k, clamp_slot(m, a) + 1);
}

static void plenary_apply(salle__sv_state *st, int s, int r, int a, int dir)
{
    const salle__sv_model *m = st->m;
    if (!st->pl_a || m->inst->sessions[s].exclusive)
        return;
    int b = a + m->dur[s];
    for (int k = 0; k < 2; k++) {
        int room = k ? m->nrooms : r;
        fw_add(m, st->pl_a, room, clamp_slot(m, a), dir);
        fw_add(m, st->pl_b, room, clamp_slot(m, b), dir);
    }
}

/* Rule 10 violations of s placed in room r at [a, a + dur) against every other placed session
 * (s itself is never counted, whether or not it is recorded). */
static long plenary_cost(const salle__sv_state *st, int s, int r, int a)
{
    const salle__sv_model *m = st->m;
    const salle_instance *inst = m->inst;
    if (!m->nexcl)
        return 0;
    const salle_session *x = &inst->sessions[s];
    int b = a + m->dur[s];
    long c = 0;
    if (x->exclusive) {
        /* the sessions beside it that are not exclusive; s is not in the trees */
        c += plenary_count(st, m->nrooms, a, b) - plenary_count(st, r, a, b);
        for (int k = 0; k < x->overflow.n; k++)
            if (x->overflow.v[k] != r)
                c -= plenary_count(st, x->overflow.v[k], a, b);
    }
    for (int i = 0; i < m->nexcl; i++) {
        int e = m->excl[i], ae = st->start[e];
        if (e == s || ae < 0)
            continue;
        c += plenary_pair(inst, s, r, a, b, e, st->room[e], ae, ae + m->dur[e]);
    }
    return c;
}

/* Calls f(k, weight) for each track and tag group of session s. */
#define FOR_GROUPS(m, ss, k, wt, body)                                                             \
    do {                                                                                           \
        for (int gi__ = 0; gi__ < (ss)->tracks.n + (ss)->tags.n; gi__++) {                         \
            int k = gi__ < (ss)->tracks.n ? (ss)->tracks.v[gi__]                                   \
                                          : (m)->ntracks + (ss)->tags.v[gi__ - (ss)->tracks.n];     \
            long wt = (m)->inst->weights[gi__ < (ss)->tracks.n ? SALLE_SOFT_TRACK_OVERLAP          \
                                                               : SALLE_SOFT_TAG_OVERLAP];          \
            body;                                                                                  \
        }                                                                                          \
    } while (0)

void salle__sv_state_free(salle__sv_state *st)
{
    if (!st->m)
        return;
    for (int r = 0; r < st->m->nrooms; r++) {
        free(st->rlist[r]);
        free(st->rla[r]);
        free(st->rlb[r]);
    }
    free(st->rlist);
    free(st->rla);
    free(st->rlb);
    free(st->rlen);
    free(st->rcap);
    free(st->rpos);
    free(st->unary);
    free(st->pd);
    free(st->room);
    free(st->start);
    free(st->oend);
    free(st->sday);
    free(st->trk_room);
    free(st->trk_nrooms);
    free(st->trk_day);
    free(st->use);
    free(st->starts);
    free(st->grp_a);
    free(st->grp_b);
    free(st->pl_a);
    free(st->pl_b);
    memset(st, 0, sizeof *st);
}

/* Back-to-back and load cost of person p on day d, from the placed sessions. */
static long person_day_cost(const salle__sv_state *st, int p, int d)
{
    const salle__sv_model *m = st->m;
    const salle_instance *inst = m->inst;
    int buf[64], *v = buf, k = 0;
    int cnt = m->ps_start[p + 1] - m->ps_start[p];
    if (d < 0 || cnt < 2) /* one session makes no pair and no overload (the limit is >= 1) */
        return 0;
    if (cnt > 64)
        v = salle__xmalloc((size_t)cnt * sizeof *v);
    for (int i = m->ps_start[p]; i < m->ps_start[p + 1]; i++) {
        int s = m->ps[i];
        if (st->sday[s] != d) /* -1 when not placed, and d >= 0 */
            continue;
        /* insertion by (start, session index), as the checker orders them */
        int a = st->start[s];
        int j = k++;
        while (j > 0) {
            int o = v[j - 1], ao = st->start[o];
            if (ao < a || (ao == a && o < s))
                break;
            v[j] = o;
            j--;
        }
        v[j] = s;
    }
    long b2b = 0;
    for (int i = 0; i + 1 < k; i++) {
        int s = v[i], t = v[i + 1];
        int rt = st->room[t];
        if (st->room[s] != rt &&
            st->start[t] - (st->start[s] + m->dur[s]) < inst->rooms[rt].changeover)
            b2b++;
    }
    long over = k - inst->event.max_per_day;
    if (v != buf)
        free(v);
    return inst->weights[SALLE_SOFT_BACK_TO_BACK] * b2b +
           inst->weights[SALLE_SOFT_PERSON_DAY_LOAD] * lmax(0, over);
}

static long track_cost(const salle__sv_state *st, int k)
{
    const salle__sv_model *m = st->m;
    const long *w = m->inst->weights;
    long c = 0;
    if (st->trk_nrooms[k] > 1)
        c += w[SALLE_SOFT_TRACK_ROOMS] * (st->trk_nrooms[k] - 1);
    if (m->ndays > 0) {
        const int *v = st->trk_day + (size_t)k * m->ndays;
        int lo = v[0], hi = v[0];
        for (int d = 1; d < m->ndays; d++) {
            if (v[d] < lo)
                lo = v[d];
            if (v[d] > hi)
                hi = v[d];
        }
        if (hi - lo - 1 > 0)
            c += w[SALLE_SOFT_DAY_SPREAD] * (hi - lo - 1);
    }
    return c;
}

/* Resource starts in slots [x0, x1) where more sessions run than the capacity. */
static long res_viol(const salle__sv_state *st, int res, int x0, int x1)
{
    const salle__sv_model *m = st->m;
    int cap = m->inst->resources[res].capacity;
    const int *use = st->use + (size_t)res * m->nslots, *sts = st->starts + (size_t)res * m->nslots;
    long c = 0;
    for (int x = x0; x < x1; x++)
        if (sts[x] > 0 && use[x] > cap)
            c++;
    return c;
}

static int clamp_slot(const salle__sv_model *m, int t)
{
    int x = t / m->g;
    return x < 0 ? 0 : x > m->nslots ? m->nslots : x;
}

static void res_apply(salle__sv_state *st, int res, int x0, int x1, int dir);
/* Recomputes the cached person-day costs of s's people on days d and d2 (-1: none) from the
 * recorded placements; returns the change. */
static long refresh_days(salle__sv_state *st, int s, int d, int d2)
{
    const salle__sv_model *m = st->m;
    const salle_session *ss = &m->inst->sessions[s];
    long delta = 0;
    for (int k = 0; k < ss->people.n; k++) {
        int p = ss->people.v[k];
        if (m->ps_start[p + 1] - m->ps_start[p] < 2)
            continue;
        for (int i = 0; i < 2; i++) {
            int dd = i ? d2 : d;
            if (dd < 0 || (i && d2 == d))
                continue;
            long *slot = &st->pd[(size_t)p * m->ndays + dd];
            long now = person_day_cost(st, p, dd);
            delta += now - *slot;
            *slot = now;
        }
    }
    return delta;
}

static void track_apply(salle__sv_state *st, int tk, int r, int d, int dir);

/* Everything except the unary and pair terms, which do not need the state to be updated:
 * dir = +1 adds s (already recorded in room/start), -1 takes it away (still recorded). */
static salle__sv_cost shared_terms(salle__sv_state *st, int s, int dir)
{
    const salle__sv_model *m = st->m;
    const salle_instance *inst = m->inst;
    const salle_session *ss = &inst->sessions[s];
    salle__sv_cost c = {0, 0};
    int r = st->room[s], a = st->start[s], b = a + ss->duration;
    int d = salle__sv_day(m, a);

    /* person-day terms: s is recorded now; when it goes, measure the days without it */
    if (dir < 0)
        st->start[s] = st->sday[s] = -1;
    c.soft += refresh_days(st, s, d, -1);
    st->start[s] = a;
    st->sday[s] = d;

    /* tracks */
    for (int k = 0; k < ss->tracks.n; k++) {
        int tk = ss->tracks.v[k];
        long t0 = track_cost(st, tk);
        track_apply(st, tk, r, d, dir);
        c.soft += track_cost(st, tk) - t0;
    }

    /* track and tag overlap: counted without s (added after, taken out before counting) */
    FOR_GROUPS(m, ss, k, wt, {
        if (dir < 0)
            group_apply(st, k, a, b, -1);
        c.soft += dir * wt * group_overlap(st, k, a, b);
        if (dir > 0)
            group_apply(st, k, a, b, 1);
    });

    /* resources */
    int x0 = clamp_slot(m, a), x1 = clamp_slot(m, b);
    for (int k = 0; k < ss->resources.n; k++) {
        int res = ss->resources.v[k];
        long v0 = res_viol(st, res, x0, x1);
        res_apply(st, res, x0, x1, dir);
        long dv = res_viol(st, res, x0, x1) - v0;
        c.hard += dv;
        if (st->by_rule)
            st->by_rule[SALLE_HARD_RESOURCES] += dv;
    }

    /* room conflicts */
    int co = inst->rooms[r].changeover;
    const int *ra = st->rla[r], *rb = st->rlb[r]; /* each one's start, end + changeover */
    for (int i = 0; i < st->rlen[r]; i++) {
        if (st->rlist[r][i] == s)
            continue;
        if (ra[i] < b + co && a < rb[i]) {
            c.hard += dir;
            if (st->by_rule)
                st->by_rule[SALLE_HARD_ROOM_CONFLICT] += dir;
        }
    }

    /* plenary sessions: counted without s in the trees (taken out before, added after) */
    if (dir < 0)
        plenary_apply(st, s, r, a, -1);
    long pv = plenary_cost(st, s, r, a);
    c.hard += dir * pv;
    if (st->by_rule)
        st->by_rule[SALLE_HARD_EXCLUSIVE] += dir * pv;
    if (dir > 0)
        plenary_apply(st, s, r, a, 1);
    return c;
}

/* Unary and pair terms of s at its recorded placement, against the placed sessions. */
static salle__sv_cost own_terms(salle__sv_state *st, int s, int sign)
{
    const salle__sv_model *m = st->m;
    const salle_instance *inst = m->inst;
    int r = st->room[s], a = st->start[s], b = a + inst->sessions[s].duration;
    long tmp[SALLE_HARD_COUNT] = {0};
    salle__sv_cost c;
    if (sign < 0 && !st->by_rule)
        c = st->unary[s];
    else
        c = st->unary[s] = salle__sv_unary(m, s, r, a, st->by_rule ? tmp : NULL);
    for (int i = m->nb_start[s]; i < m->nb_start[s + 1]; i++) {
        const salle__sv_nb *x = &m->nb[i];
        int o = x->o;
        if (st->start[o] < 0 || o == s)
            continue;
        int ao = st->start[o];
        salle__sv_cost p = pair_cost(m, x, r, a, b, st->room[o], ao,
                                     ao + m->dur[o], st->by_rule ? tmp : NULL, 1);
        c.hard += p.hard;
        c.soft += p.soft;
    }
    if (st->by_rule)
        for (int k = 0; k < SALLE_HARD_COUNT; k++)
            st->by_rule[k] += sign * tmp[k];
    return c;
}

/* Room lists: s at the end of room r's list, with its start and its end plus the room's
 * changeover beside it (so the clash scan reads two arrays in order and nothing else). */
static void rl_push(salle__sv_state *st, int r, int s, int t)
{
    if (st->rlen[r] == st->rcap[r]) {
        int cap = st->rcap[r] ? 2 * st->rcap[r] : 16;
        st->rlist[r] = salle__xrealloc(st->rlist[r], (size_t)cap * sizeof **st->rlist);
        st->rla[r] = salle__xrealloc(st->rla[r], (size_t)cap * sizeof **st->rla);
        st->rlb[r] = salle__xrealloc(st->rlb[r], (size_t)cap * sizeof **st->rlb);
        st->rcap[r] = cap;
    }
    int i = st->rlen[r]++;
    st->rpos[s] = i;
    st->rlist[r][i] = s;
    st->rla[r][i] = t;
    st->rlb[r][i] = t + st->m->dur[s] + st->m->inst->rooms[r].changeover;
}

/* Takes s out of room r's list (the last entry fills its place). */
static void rl_drop(salle__sv_state *st, int r, int s)
{
    int i = st->rpos[s], j = --st->rlen[r], last = st->rlist[r][j];
    st->rlist[r][i] = last;
    st->rla[r][i] = st->rla[r][j];
    st->rlb[r][i] = st->rlb[r][j];
    st->rpos[last] = i;
}

salle__sv_cost salle__sv_insert(salle__sv_state *st, int s, int r, int t)
{
    st->room[s] = r;
    st->start[s] = t;
    st->oend[s] = t + st->m->dur[s];
    st->sday[s] = salle__sv_day(st->m, t);
    salle__sv_cost c = own_terms(st, s, 1);
    rl_push(st, r, s, t);
    salle__sv_cost x = shared_terms(st, s, 1);
    c.hard += x.hard;
    c.soft += x.soft;
    st->nplaced++;
    st->cost.hard += c.hard;
    st->cost.soft += c.soft;
    return c;
}

salle__sv_cost salle__sv_remove(salle__sv_state *st, int s)
{
    int r = st->room[s];
    salle__sv_cost x = shared_terms(st, s, -1);
    rl_drop(st, r, s);
    salle__sv_cost c = own_terms(st, s, -1);
    st->room[s] = st->start[s] = st->sday[s] = -1;
    st->oend[s] = INT_MIN;
    c.hard = -c.hard + x.hard;
    c.soft = -c.soft + x.soft;
    st->nplaced--;
    st->cost.hard += c.hard;
    st->cost.soft += c.soft;
    return c;
}

/* Resource violations over the union of slot ranges [a0, a1) and [b0, b1). */
static long res_viol2(const salle__sv_state *st, int res, int a0, int a1, int b0, int b1)
{
    if (a0 < b1 && b0 < a1)
        return res_viol(st, res, a0 < b0 ? a0 : b0, a1 > b1 ? a1 : b1);
    return res_viol(st, res, a0, a1) + res_viol(st, res, b0, b1);
}

static void res_apply(salle__sv_state *st, int res, int x0, int x1, int dir)
{
    const salle__sv_model *m = st->m;
    int *use = st->use + (size_t)res * m->nslots;
    for (int x = x0; x < x1; x++)
        use[x] += dir;
    if (x0 < m->nslots)
        st->starts[(size_t)res * m->nslots + x0] += dir;
}

static void track_apply(salle__sv_state *st, int tk, int r, int d, int dir)
{
    const salle__sv_model *m = st->m;
    int *cr = &st->trk_room[(size_t)tk * m->nrooms + r];
    if (dir > 0 && (*cr)++ == 0)
        st->trk_nrooms[tk]++;
    if (dir < 0 && --(*cr) == 0)
        st->trk_nrooms[tk]--;
    if (d >= 0)
        st->trk_day[(size_t)tk * m->ndays + d] += dir;
}

/* Adds to *now the person-day costs of ss's people on day d (>= 0) from the placements recorded
 * now, and to *cached those kept for them (people with one session are skipped: none). */
static void people_days(const salle__sv_state *st, const salle_session *ss, int d, long *now,
                        long *cached)
{
    const salle__sv_model *m = st->m;
    for (int k = 0; k < ss->people.n; k++) {
        int p = ss->people.v[k];
        if (m->ps_start[p + 1] - m->ps_start[p] < 2)
            continue;
        *now += person_day_cost(st, p, d);
        *cached += st->pd[(size_t)p * m->ndays + d];
    }
}

salle__sv_cost salle__sv_move_delta(salle__sv_state *st, int s, int r1, int t1)
{
    return salle__sv_move_delta_cut(st, s, r1, t1, NULL);
}

/* The hard terms first, then the soft ones, so that from a clean state (no hard violation in the
 * total, where every hard term of the old placement is 0 and every hard part of the delta is at
 * least 0) the pricing can stop at the first hard violation the new placement makes. */
salle__sv_cost salle__sv_move_delta_cut(salle__sv_state *st, int s, int r1, int t1, int *cut)
{
    const salle__sv_model *m = st->m;
    const salle_instance *inst = m->inst;
    const salle_session *ss = &inst->sessions[s];
    int r0 = st->room[s], t0 = st->start[s], dur = ss->duration;
    int b0 = t0 + dur, b1 = t1 + dur;
    /* every hard term is >= 0: with none in the total, s breaks no rule where it is */
    int clean = st->cost.hard == 0;
    int may_cut = cut && *cut && clean && m->soft_nonneg;
    if (cut)
        *cut = 0;
    salle__sv_cost u1 = salle__sv_unary(m, s, r1, t1, NULL), u0 = st->unary[s];
    salle__sv_cost c = {u1.hard - u0.hard, u1.soft - u0.soft};
    if (may_cut && c.hard > 0)
        goto stop;

    /* rooms (none clashes with s where it is when the schedule is clean) */
    int co0 = inst->rooms[r0].changeover, co1 = inst->rooms[r1].changeover;
    for (int i = 0; i < st->rlen[r0] && !clean; i++)
        if (st->rla[r0][i] < b0 + co0 && t0 < st->rlb[r0][i] && st->rlist[r0][i] != s)
            c.hard--;
    {
        /* every entry, s's own too if it stays in the room (taken back after): branch-free over
         * two arrays, which the compiler vectorizes */
        const int *ra = st->rla[r1], *rb = st->rlb[r1];
        int n1 = st->rlen[r1], e1 = b1 + co1, clash = 0;
        for (int i = 0; i < n1; i++)
            clash += (ra[i] < e1) & (t1 < rb[i]);
        if (r1 == r0)
            clash -= t0 < e1 && t1 < b0 + co1;
        c.hard += clash;
    }
    if (may_cut && c.hard > 0)
        goto stop;

    int hard_end = m->nb_soft[s];
    for (int i = m->nb_start[s]; i < hard_end; i++) {
        const salle__sv_nb *x = &m->nb[i];
        int o = x->o, ao = st->start[o];
        if (ao < 0 || o == s)
            continue;
        int ro = st->room[o], bo = ao + m->dur[o];
        salle__sv_cost p1 = pair_cost(m, x, r1, t1, b1, ro, ao, bo, NULL, 1);
        salle__sv_cost p0 = {0, (t0 < bo && ao < b0) * x->soft};
        if (!clean)
            p0 = pair_cost(m, x, r0, t0, b0, ro, ao, bo, NULL, 1);
        c.hard += p1.hard - p0.hard;
        c.soft += p1.soft - p0.soft;
    }
    if (may_cut && c.hard > 0)
        goto stop;

    /* resources */
    int a0 = clamp_slot(m, t0), a1 = clamp_slot(m, b0), n0 = clamp_slot(m, t1), n1 = clamp_slot(m, b1);
    for (int k = 0; k < ss->resources.n; k++) {
        int res = ss->resources.v[k];
        long v0 = res_viol2(st, res, a0, a1, n0, n1);
        res_apply(st, res, a0, a1, -1);
        res_apply(st, res, n0, n1, 1);
        c.hard += res_viol2(st, res, a0, a1, n0, n1) - v0;
        res_apply(st, res, n0, n1, -1);
        res_apply(st, res, a0, a1, 1);
    }

    /* plenary sessions: s's own entry in the trees never counts for s (see plenary_cost) */
    if (m->nexcl)
        c.hard += plenary_cost(st, s, r1, t1) - (clean ? 0 : plenary_cost(st, s, r0, t0));
    if (may_cut && c.hard > 0)
        goto stop;

    /* the common case, only the overlap cost: nothing changes when the start stays */
    if (t1 != t0) {
        long dsoft = 0;
        /* s is never its own neighbour, and an unplaced one ends at INT_MIN: no branch */
        const int *start = st->start, *oend = st->oend;
        for (int i = hard_end; i < m->nb_start[s + 1]; i++) {
            const salle__sv_nb *x = &m->nb[i];
            int ao = start[x->o], bo = oend[x->o];
            dsoft += (long)(((t1 < bo) & (ao < b1)) - ((t0 < bo) & (ao < b0))) * x->soft;
        }
        c.soft += dsoft;
    }

    /* track and tag overlap: s is recorded at [t0, b0) and counts itself there */
    if (t1 != t0) {
        int self1 = t0 < b1 && t1 < b0;
        FOR_GROUPS(m, ss, k, wt, {
            c.soft += wt * ((group_overlap(st, k, t1, b1) - self1) - (group_overlap(st, k, t0, b0) - 1));
        });
    }

    /* people's days */
    int d0 = salle__sv_day(m, t0), d1 = salle__sv_day(m, t1);
    long before = 0, after = 0;
    st->room[s] = r1;
    st->start[s] = t1;
    st->sday[s] = d1;
    if (d0 >= 0)
        people_days(st, ss, d0, &after, &before);
    if (d1 != d0 && d1 >= 0)
        people_days(st, ss, d1, &after, &before);
    st->room[s] = r0;
    st->start[s] = t0;
    st->sday[s] = d0;
    c.soft += after - before;

    /* tracks */
    for (int k = 0; k < ss->tracks.n; k++) {
        int tk = ss->tracks.v[k];
        long x0 = track_cost(st, tk);
        track_apply(st, tk, r0, d0, -1);
        track_apply(st, tk, r1, d1, 1);
        c.soft += track_cost(st, tk) - x0;
        track_apply(st, tk, r1, d1, -1);
        track_apply(st, tk, r0, d0, 1);
    }
    return c;

stop:
    /* the new placement breaks a hard rule; the rest of the delta is not priced */
    *cut = 1;
    c.soft = 0;
    return c;
}

/* Pricing an insertion without making it (construction and the repair price thousands of
 * places for each session they put back). Until branch s8-scale the solver inserted the session
 * at the first place and priced every other one as a move from there; a move prices the old
 * place as well as the new one, and once the schedule held a hard violation it recounted the
 * old place's room, pairs and plenary terms each time: about half of every price. Here only the
 * new place is priced, and with a bound (the caller's best so far) it stops as soon as the
 * place cannot beat it. Every hard term an insertion adds is >= 0, so the hard count so far is
 * a lower bound of the result's. With every soft weight >= 0, so is every soft term but two: a
 * track's day spread (one session more on its emptiest day lowers it by at most one) and a
 * person's back to back count (a session between two others removes at most one pair); so the
 * soft total so far, less those two allowances while they are not priced, is a lower bound of
 * the result's. The place cannot beat the bound once the hard count so far is above the
 * bound's, or equal to it with the soft lower bound at the bound's soft total or above. The
 * terms come cheapest and likeliest to decide first: the unary term, the room, the track and tag
 * overlap, the neighbours with a hard term, resources and plenary sessions, the neighbours with
 * only an overlap cost, tracks, people's days. */
int salle__sv_insert_price(salle__sv_state *st, int s, int r, int t, const salle__sv_cost *ut,
                           const salle__sv_cost *bound, salle__sv_cost *out)
{
    const salle__sv_model *m = st->m;
    const salle_instance *inst = m->inst;
    const salle_session *ss = &inst->sessions[s];
    const long *w = inst->weights;
    int b = t + ss->duration, d = salle__sv_day(m, t);
    int soft_lb = bound && m->soft_nonneg; /* the soft total so far bounds the result's */
    long allow = soft_lb ? ss->tracks.n * w[SALLE_SOFT_DAY_SPREAD] +
                               (d >= 0 ? ss->people.n * w[SALLE_SOFT_BACK_TO_BACK] : 0)
                         : 0;
#define BEATEN_                                                                                    \
    (bound && (c.hard > bound->hard ||                                                             \
               (soft_lb && c.hard == bound->hard && c.soft - allow >= bound->soft)))
    salle__sv_cost c = salle__sv_unary_room(m, s, r, t, NULL);
    {
        salle__sv_cost u = ut ? *ut : salle__sv_unary_time(m, s, t, NULL);
        c.hard += u.hard;
        c.soft += u.soft;
    }
    if (BEATEN_)
        return 0;
    {
        const int *ra = st->rla[r], *rb = st->rlb[r];
        int n = st->rlen[r], e = b + inst->rooms[r].changeover, clash = 0;
        for (int i = 0; i < n; i++)
            clash += (ra[i] < e) & (t < rb[i]);
        c.hard += clash;
    }
    if (BEATEN_)
        return 0;
    /* track and tag overlap (s is not in the trees) */
    FOR_GROUPS(m, ss, k, wt, { c.soft += wt * group_overlap(st, k, t, b); });
    if (BEATEN_)
        return 0;
    int hard_end = m->nb_soft[s];
    for (int i = m->nb_start[s]; i < hard_end; i++) {
        const salle__sv_nb *x = &m->nb[i];
        int o = x->o, ao = st->start[o];
        if (ao < 0)
            continue;
        salle__sv_cost p = pair_cost(m, x, r, t, b, st->room[o], ao, ao + m->dur[o], NULL, 1);
        c.hard += p.hard;
        c.soft += p.soft;
    }
    int x0 = clamp_slot(m, t), x1 = clamp_slot(m, b);
    for (int k = 0; k < ss->resources.n; k++) {
        int res = ss->resources.v[k];
        long v0 = res_viol(st, res, x0, x1);
        res_apply(st, res, x0, x1, 1);
        c.hard += res_viol(st, res, x0, x1) - v0;
        res_apply(st, res, x0, x1, -1);
    }
    c.hard += plenary_cost(st, s, r, t);
    if (BEATEN_)
        return 0;
    /* the neighbours with only an overlap cost (an unplaced one ends at INT_MIN: no branch) */
    {
        const int *start = st->start, *oend = st->oend;
        long dsoft = 0;
        for (int i = hard_end; i < m->nb_start[s + 1]; i++) {
            const salle__sv_nb *x = &m->nb[i];
            dsoft += (long)((t < oend[x->o]) & (start[x->o] < b)) * x->soft;
        }
        c.soft += dsoft;
    }
    if (BEATEN_)
        return 0;
    for (int k = 0; k < ss->tracks.n; k++) {
        int tk = ss->tracks.v[k];
        long t0 = track_cost(st, tk);
        track_apply(st, tk, r, d, 1);
        c.soft += track_cost(st, tk) - t0;
        track_apply(st, tk, r, d, -1);
    }
    if (soft_lb) {
        allow -= ss->tracks.n * w[SALLE_SOFT_DAY_SPREAD];
        if (BEATEN_)
            return 0;
    }
#undef BEATEN_
    /* people's days, with s recorded there for the while */
    if (d >= 0) {
        long now = 0, cached = 0;
        st->room[s] = r;
        st->start[s] = t;
        st->sday[s] = d;
        people_days(st, ss, d, &now, &cached);
        st->room[s] = st->start[s] = st->sday[s] = -1;
        c.soft += now - cached;
    }
    *out = c;
    return 1;
}

int salle__sv_in_hard(const salle__sv_state *st, int s)
{
    const salle__sv_model *m = st->m;
    const salle_session *ss = &m->inst->sessions[s];
    int r = st->room[s], a = st->start[s], b = a + m->dur[s];
    if (a < 0)
        return 0;
    if (st->unary[s].hard > 0)
        return 1;
    int co = m->inst->rooms[r].changeover;
    const int *ra = st->rla[r], *rb = st->rlb[r]; /* each one's start, end + changeover */
    for (int i = 0; i < st->rlen[r]; i++)
        if (ra[i] < b + co && a < rb[i] && st->rlist[r][i] != s)
            return 1;
    for (int i = m->nb_start[s]; i < m->nb_soft[s]; i++) {
        const salle__sv_nb *x = &m->nb[i];
        int o = x->o, ao = st->start[o];
        if (ao < 0 || o == s)
            continue;
        if (pair_cost(m, x, r, a, b, st->room[o], ao, ao + m->dur[o], NULL, 1).hard > 0)
            return 1;
    }
    int x0 = clamp_slot(m, a), x1 = clamp_slot(m, b);
    for (int k = 0; k < ss->resources.n; k++)
        if (res_viol(st, ss->resources.v[k], x0, x1) > 0)
            return 1;
    return plenary_cost(st, s, r, a) > 0;
}

void salle__sv_move_apply(salle__sv_state *st, int s, int r1, int t1, salle__sv_cost delta)
{
    const salle__sv_model *m = st->m;
    const salle_session *ss = &m->inst->sessions[s];
    int r0 = st->room[s], t0 = st->start[s];
    int d0 = salle__sv_day(m, t0), d1 = salle__sv_day(m, t1);
    for (int k = 0; k < ss->tracks.n; k++) {
        track_apply(st, ss->tracks.v[k], r0, d0, -1);
        track_apply(st, ss->tracks.v[k], r1, d1, 1);
    }
    int a0 = clamp_slot(m, t0), a1 = clamp_slot(m, t0 + ss->duration);
    int n0 = clamp_slot(m, t1), n1 = clamp_slot(m, t1 + ss->duration);
    for (int k = 0; k < ss->resources.n; k++) {
        res_apply(st, ss->resources.v[k], a0, a1, -1);
        res_apply(st, ss->resources.v[k], n0, n1, 1);
    }
    if (t1 != t0)
        FOR_GROUPS(m, ss, k, wt, {
            (void)wt;
            group_apply(st, k, t0, t0 + ss->duration, -1);
            group_apply(st, k, t1, t1 + ss->duration, 1);
        });
    plenary_apply(st, s, r0, t0, -1);
    plenary_apply(st, s, r1, t1, 1);
    if (r1 != r0) {
        rl_drop(st, r0, s);
        rl_push(st, r1, s, t1);
    } else {
        int i = st->rpos[s];
        st->rla[r1][i] = t1;
        st->rlb[r1][i] = t1 + m->dur[s] + m->inst->rooms[r1].changeover;
    }
    st->room[s] = r1;
    st->start[s] = t1;
    st->oend[s] = t1 + m->dur[s];
    st->sday[s] = d1;
    st->unary[s] = salle__sv_unary(m, s, r1, t1, NULL);
    refresh_days(st, s, d0, d1);
    st->cost.hard += delta.hard;
    st->cost.soft += delta.soft;
}

/* ---------------------------------------------------------------- from scratch */

static int count_common(const salle_ids *x, const salle_ids *y)
{
    int c = 0;
    for (int i = 0; i < x->n; i++)
        for (int j = 0; j < y->n; j++)
            if (x->v[i] == y->v[j]) {
                c++;
                break;
            }
    return c;
}

/* A person's session and its start, sorted by start then session: the comparator reads its two
 * arguments only (no static state, so that solves and audits may run on any threads). */
typedef struct by_start {
    int start, s;
} by_start;

static int cmp_by_start(const void *x, const void *y)
{
    const by_start *a = x, *b = y;
    if (a->start != b->start)
        return (a->start > b->start) - (a->start < b->start);
    return (a->s > b->s) - (a->s < b->s);
}

salle__sv_cost salle__sv_full(const salle__sv_model *m, const int *room, const int *start)
{
    const salle_instance *inst = m->inst;
    const long *w = inst->weights;
    int n = m->n;
    salle__sv_cost c = {0, 0};
#define END(s) (start[s] + inst->sessions[s].duration)
#define OV(s, t) (start[s] < END(t) && start[t] < END(s))
    for (int s = 0; s < n; s++) {
        if (start[s] < 0)
            continue;
        salle__sv_cost u = salle__sv_unary(m, s, room[s], start[s], NULL);
        c.hard += u.hard;
        c.soft += u.soft;
    }
    /* pairs of sessions */
    for (int s = 0; s < n; s++) {
        if (start[s] < 0)
            continue;
        const salle_session *ss = &inst->sessions[s];
        for (int t = s + 1; t < n; t++) {
            if (start[t] < 0)
                continue;
            const salle_session *tt = &inst->sessions[t];
            int ov = OV(s, t);
            if (room[s] == room[t]) {
                int co = inst->rooms[room[s]].changeover;
                if (start[t] < END(s) + co && start[s] < END(t) + co)
                    c.hard++;
            }
            int shared = count_common(&ss->people, &tt->people);
            if (shared) {
                int tr = travel_between(inst, room[s], room[t]);
                int gap = start[t] >= END(s) ? start[t] - END(s) : start[s] - END(t);
                if (ov || (tr > 0 && gap < tr))
                    c.hard += shared;
            }
            if (ov && salle__ids_has(&ss->not_with, t))
                c.hard++;
            if (plenary_pair(inst, s, room[s], start[s], END(s), t, room[t], start[t], END(t)))
                c.hard++;
            if (ov)
                c.soft += w[SALLE_SOFT_TRACK_OVERLAP] * count_common(&ss->tracks, &tt->tracks) +
                          w[SALLE_SOFT_TAG_OVERLAP] * count_common(&ss->tags, &tt->tags);
        }
        for (int k = 0; k < ss->after.n; k++) {
            int o = ss->after.v[k];
            if (start[o] >= 0 && start[s] < END(o))
                c.hard++;
        }
    }
    for (int i = 0; i < inst->ninterest; i++) {
        const salle_ids *set = &inst->interest[i];
        for (int x = 0; x < set->n; x++)
            for (int y = x + 1; y < set->n; y++) {
                int s = set->v[x], t = set->v[y];
                if (start[s] >= 0 && start[t] >= 0 && OV(s, t))
                    c.soft += w[SALLE_SOFT_AUDIENCE_OVERLAP];
            }
    }
    /* people: back to back and daily load */
    int *v = salle__xmalloc(((size_t)n + 1) * sizeof *v);
    by_start *bs = salle__xmalloc(((size_t)n + 1) * sizeof *bs);
    for (int p = 0; p < inst->npeople; p++) {
        int k = 0;
        for (int s = 0; s < n; s++)
            if (start[s] >= 0 && salle__ids_has(&inst->sessions[s].people, p)) {
                bs[k].start = start[s];
                bs[k++].s = s;
            }
        qsort(bs, (size_t)k, sizeof *bs, cmp_by_start);
        for (int i = 0; i < k; i++)
            v[i] = bs[i].s;
        for (int i = 0; i < k;) {
            int d = salle_time_day(inst, start[v[i]]);
            int j = i;
            while (j < k && salle_time_day(inst, start[v[j]]) == d)
                j++;
            if (d >= 0 && j - i > inst->event.max_per_day)
                c.soft += w[SALLE_SOFT_PERSON_DAY_LOAD] * (j - i - inst->event.max_per_day);
            for (int x = i; d >= 0 && x + 1 < j; x++) {
                int s = v[x], t = v[x + 1];
                if (room[s] != room[t] && start[t] - END(s) < inst->rooms[room[t]].changeover)
                    c.soft += w[SALLE_SOFT_BACK_TO_BACK];
            }
            i = j;
        }
    }
    /* tracks */
    int *days = salle__xcalloc((size_t)m->ndays + 1, sizeof *days);
    unsigned char *used = salle__xcalloc((size_t)m->nrooms + 1, 1);
    for (int k = 0; k < inst->ntracks; k++) {
        memset(days, 0, (size_t)m->ndays * sizeof *days);
        memset(used, 0, (size_t)m->nrooms);
        int nr = 0;
        for (int s = 0; s < n; s++) {
            if (start[s] < 0 || !salle__ids_has(&inst->sessions[s].tracks, k))
                continue;
            if (!used[room[s]]++)
                nr++;
            int d = salle_time_day(inst, start[s]);
            if (d >= 0)
                days[d]++;
        }
        if (nr > 1)
            c.soft += w[SALLE_SOFT_TRACK_ROOMS] * (nr - 1);
        int lo = m->ndays ? days[0] : 0, hi = lo;
        for (int d = 0; d < m->ndays; d++) {
            lo = days[d] < lo ? days[d] : lo;
            hi = days[d] > hi ? days[d] : hi;
        }
        if (hi - lo - 1 > 0)
            c.soft += w[SALLE_SOFT_DAY_SPREAD] * (hi - lo - 1);
    }
    free(days);
    free(used);
    /* resources: at each distinct start of a user, count the users running */
    for (int res = 0; res < inst->nresources; res++) {
        int k = 0;
        for (int s = 0; s < n; s++)
            if (start[s] >= 0 && salle__ids_has(&inst->sessions[s].resources, res))
                v[k++] = s;
        for (int i = 0; i < k; i++) {
            int t = start[v[i]], dup = 0;
            for (int j = 0; j < i; j++)
                if (start[v[j]] == t)
                    dup = 1;
            if (dup)
                continue;
            int running = 0;
            for (int j = 0; j < k; j++)
                if (start[v[j]] <= t && t < END(v[j]))
                    running++;
            if (running > inst->resources[res].capacity)
                c.hard++;
        }
    }
    free(v);
    free(bs);
#undef END
#undef OV
    return c;
}
