/*
 * solve.c: salle_solve(): builds a programme in three steps (docs/solver.md):
 *   1. candidates: for every session the rooms and grid starts that break none of the rules that
 *      depend on the session alone; a session with none is reported unscheduled, with the one
 *      constraint that rules it out in words;
 *   2. construction: fixed sessions first, then most-constrained first, each at the candidate
 *      with the least (hard, soft) increase;
 *   3. late-acceptance hill climbing over relocate, shift and swap moves, scored incrementally
 *      by solve_eval.c, stopped by a deterministic iteration budget (the wall-clock limit is a
 *      safety cap only).
 * Sessions that still break a hard rule at the end are taken out and reported with why.
 */
#include "solve.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>

/* Moves tried per movable session: the search's deterministic budget. */
#define ITERATIONS_PER_SESSION 15000
/* ...but never fewer than this, nor more than this, which keeps even a FOSDEM-size instance
 * (900 sessions) well inside the default 10-second limit, so that default runs are
 * reproducible (docs/solver.md) */
#define MIN_ITERATIONS 200000L
#define MAX_ITERATIONS 3000000L

/* ---------------------------------------------------------------- randomness */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static void rng_seed(rng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *r) /* xoshiro256** */
{
    uint64_t *s = r->s;
    uint64_t res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return res;
}

static int rng_below(rng *r, int n)
{
    return n <= 1 ? 0 : (int)(rng_next(r) % (uint64_t)n);
}

/* ---------------------------------------------------------------- the solver */

typedef salle__sv_cost cost;

static int lt(cost a, cost b)
{
    return a.hard < b.hard || (a.hard == b.hard && a.soft < b.soft);
}

typedef struct solver {
    const salle_instance *inst;
    const salle_solve_options *opt;
    salle__sv_model m;
    salle__sv_state st;
    rng rng;
    int n;
    int *fixed_room, *fixed_start; /* where a fixed session stays; -1 when it may move */
    int *nrok, *rok;               /* n x nrooms: rooms that suit the session */
    int *nstarts, **starts;        /* grid starts that suit the session in some suitable room */
    unsigned char *sok;            /* n x nslots: session-level rules hold at this start */
    long *options;                 /* candidate (room, start) pairs */
    char **reason;                 /* why a session is unscheduled; NULL when placed */
    int *movable, nmovable;
    double t0;
    double last_progress;
} solver;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The rules that depend on the session and its start alone (not the room). */
static int session_time_ok(const solver *sv, int s, int t)
{
    const salle_instance *inst = sv->inst;
    const salle_session *ss = &inst->sessions[s];
    int b = t + ss->duration;
    if (ss->pinned_start >= 0 && ss->pinned_start != t)
        return 0;
    if (salle__sv_day(&sv->m, t) < 0)
        return 0;
    if (!salle__windows_contain(&ss->allowed, t, b))
        return 0;
    for (int k = 0; k < ss->people.n; k++)
        if (!salle__windows_contain(&inst->people[ss->people.v[k]].available, t, b))
            return 0;
    for (int k = 0; k < ss->resources.n; k++)
        if (!salle__windows_contain(&inst->resources[ss->resources.v[k]].shifts, t, b))
            return 0;
    return 1;
}

/* Can s go in room r at t without breaking a rule that depends on s alone? */
static int static_ok(const solver *sv, int s, int r, int t)
{
    const salle__sv_model *m = &sv->m;
    if (t < 0 || t / m->g >= m->nslots || !m->room_ok[(size_t)s * m->nrooms + r])
        return 0;
    if (!sv->sok[(size_t)s * m->nslots + t / m->g])
        return 0;
    return salle__windows_contain(&sv->inst->rooms[r].available, t,
                                  t + sv->inst->sessions[s].duration);
}

static void build_candidates(solver *sv)
{
    const salle_instance *inst = sv->inst;
    const salle_event *e = &inst->event;
    const salle__sv_model *m = &sv->m;
    int n = sv->n, R = m->nrooms, grid = e->grid > 0 ? e->grid : 5;
    sv->nrok = salle__xcalloc((size_t)n + 1, sizeof *sv->nrok);
    sv->rok = salle__xmalloc(((size_t)n * R + 1) * sizeof *sv->rok);
    sv->nstarts = salle__xcalloc((size_t)n + 1, sizeof *sv->nstarts);
    sv->starts = salle__xcalloc((size_t)n + 1, sizeof *sv->starts);
    sv->sok = salle__xcalloc((size_t)n * m->nslots + 1, 1);
    sv->options = salle__xcalloc((size_t)n + 1, sizeof *sv->options);
    int per_day = (SALLE_MINUTES_PER_DAY + grid - 1) / grid;
    for (int s = 0; s < n; s++) {
        const salle_session *ss = &inst->sessions[s];
        int *rk = sv->rok + (size_t)s * R;
        for (int r = 0; r < R; r++)
            if (m->room_ok[(size_t)s * R + r])
                rk[sv->nrok[s]++] = r;
        sv->starts[s] = salle__xmalloc(((size_t)e->ndays * per_day + 1) * sizeof(int));
        for (int d = 0; d < e->ndays; d++) {
            for (int mm = 0; mm < SALLE_MINUTES_PER_DAY; mm += grid) {
                int t = e->day_offset[d] + mm;
                if (t / m->g >= m->nslots || !session_time_ok(sv, s, t))
                    continue;
                int nr = 0;
                for (int k = 0; k < sv->nrok[s]; k++)
                    if (salle__windows_contain(&inst->rooms[rk[k]].available, t, t + ss->duration))
                        nr++;
                if (!nr)
                    continue;
                sv->sok[(size_t)s * m->nslots + t / m->g] = 1;
                sv->starts[s][sv->nstarts[s]++] = t;
                sv->options[s] += nr;
            }
        }
    }
}

/* ---------------------------------------------------------------- why a session cannot go */

static char *join_features(const salle_instance *inst, const salle_session *ss, int only_missing)
{
    size_t cap = 64;
    char *out = salle__xmalloc(cap);
    out[0] = 0;
    int k = 0, cnt = 0;
    for (int i = 0; i < ss->needs.n; i++) {
        int f = ss->needs.v[i];
        if (only_missing) {
            int any = 0;
            for (int r = 0; r < inst->nrooms; r++)
                if (salle__ids_has(&inst->rooms[r].features, f))
                    any = 1;
            if (any)
                continue;
        }
        cnt++;
    }
    for (int i = 0; i < ss->needs.n; i++) {
        int f = ss->needs.v[i];
        if (only_missing) {
            int any = 0;
            for (int r = 0; r < inst->nrooms; r++)
                if (salle__ids_has(&inst->rooms[r].features, f))
                    any = 1;
            if (any)
                continue;
        }
        const char *name = inst->feature_names[f];
        size_t need = strlen(out) + strlen(name) + 8;
        if (need > cap) {
            cap = need * 2;
            out = salle__xrealloc(out, cap);
        }
        if (k)
            strcat(out, k == cnt - 1 ? " and " : ", ");
        strcat(out, name);
        k++;
    }
    return out;
}

enum { C_ALLOWED = 1, C_PEOPLE = 2, C_RES = 4, C_PIN = 8 };

/* Is there a start on the grid in a suitable room's hours that satisfies the selected rules?
 * person/res choose one person or resource (or -1 for all when the bit is set). */
static int fits(const solver *sv, int s, int which, int person, int res)
{
    const salle_instance *inst = sv->inst;
    const salle_event *e = &inst->event;
    const salle_session *ss = &inst->sessions[s];
    int grid = e->grid > 0 ? e->grid : 5, R = inst->nrooms;
    for (int d = 0; d < e->ndays; d++)
        for (int mm = 0; mm < SALLE_MINUTES_PER_DAY; mm += grid) {
            int t = e->day_offset[d] + mm, b = t + ss->duration;
            if ((which & C_PIN) && ss->pinned_start >= 0 && ss->pinned_start != t)
                continue;
            if ((which & C_ALLOWED) && !salle__windows_contain(&ss->allowed, t, b))
                continue;
            int ok = 1;
            for (int k = 0; ok && (which & C_PEOPLE) && k < ss->people.n; k++)
                if ((person < 0 || ss->people.v[k] == person) &&
                    !salle__windows_contain(&inst->people[ss->people.v[k]].available, t, b))
                    ok = 0;
            for (int k = 0; ok && (which & C_RES) && k < ss->resources.n; k++)
                if ((res < 0 || ss->resources.v[k] == res) &&
                    !salle__windows_contain(&inst->resources[ss->resources.v[k]].shifts, t, b))
                    ok = 0;
            if (!ok)
                continue;
            for (int r = 0; r < R; r++)
                if (sv->m.room_ok[(size_t)s * R + r] &&
                    salle__windows_contain(&inst->rooms[r].available, t, b))
                    return 1;
        }
    return 0;
}

/* Names the constraint that leaves session s no room and time at all. */
static char *why_unplaceable(const solver *sv, int s)
{
    const salle_instance *inst = sv->inst;
    const salle_session *ss = &inst->sessions[s];
    const salle__sv_model *m = &sv->m;
    int R = inst->nrooms, anyfeat = 0, anycap = 0, anyboth = 0, anyok = 0, big = -1;
    for (int r = 0; r < R; r++) {
        int f = m->feat_ok[(size_t)s * R + r], c = ss->attendance <= inst->rooms[r].capacity;
        anyfeat |= f;
        anycap |= c;
        anyboth |= f && c;
        anyok |= m->room_ok[(size_t)s * R + r];
        if (big < 0 || inst->rooms[r].capacity > inst->rooms[big].capacity)
            big = r;
    }
    if (R == 0)
        return salle__xasprintf("%s has no room to go to: the instance has no rooms", ss->id);
    char *feats = join_features(inst, ss, 0), *msg;
    if (!anyfeat) {
        char *missing = join_features(inst, ss, 1);
        if (missing[0])
            msg = salle__xasprintf("%s needs %s; no room has %s", ss->id, missing,
                                   strstr(missing, " and ") ? "them" : "it");
        else
            msg = salle__xasprintf("%s needs %s; no room has all of them", ss->id, feats);
        free(missing);
    } else if (!anycap) {
        msg = salle__xasprintf("%s expects %d attendees; the largest room, %s, holds %d", ss->id,
                               ss->attendance, big >= 0 ? inst->rooms[big].id : "?",
                               big >= 0 ? inst->rooms[big].capacity : 0);
    } else if (!anyboth) {
        msg = salle__xasprintf("%s needs %s and %d seats; no room has both", ss->id, feats,
                               ss->attendance);
    } else if (!anyok) {
        if (ss->pinned_room >= 0) {
            const salle_room *pr = &inst->rooms[ss->pinned_room];
            if (!m->feat_ok[(size_t)s * R + ss->pinned_room])
                msg = salle__xasprintf("%s is pinned to room %s, which lacks %s", ss->id, pr->id,
                                       feats);
            else if (ss->attendance > pr->capacity)
                msg = salle__xasprintf("%s is pinned to room %s, which holds %d of its %d expected attendees",
                                       ss->id, pr->id, pr->capacity, ss->attendance);
            else
                msg = salle__xasprintf("%s is pinned to room %s, which is not in its allowed rooms",
                                       ss->id, pr->id);
        } else if (ss->needs.n) {
            msg = salle__xasprintf("%s may only use certain rooms, and none of them has %s and %d seats",
                                   ss->id, feats, ss->attendance);
        } else {
            msg = salle__xasprintf("%s may only use certain rooms, and none of them holds its %d expected attendees",
                                   ss->id, ss->attendance);
        }
    } else if (!fits(sv, s, 0, -1, -1)) {
        msg = salle__xasprintf("%s lasts %d minutes; no room that suits it is open that long",
                               ss->id, ss->duration);
    } else if (!fits(sv, s, C_ALLOWED, -1, -1)) {
        msg = salle__xasprintf("%s must lie in its allowed times, but none of them holds its %d minutes while a room that suits it is open",
                               ss->id, ss->duration);
    } else if (!fits(sv, s, C_PIN, -1, -1)) {
        char buf[32];
        msg = salle__xasprintf("%s is pinned to start at %s, when no room that suits it is open for %d minutes",
                               ss->id, salle_time_human(inst, ss->pinned_start, buf), ss->duration);
    } else {
        msg = NULL;
        for (int k = 0; !msg && k < ss->people.n; k++) {
            int p = ss->people.v[k];
            if (!fits(sv, s, C_PEOPLE, p, -1))
                msg = salle__xasprintf("%s: %s is available at no time that holds its %d minutes while a room that suits it is open",
                                       ss->id, inst->people[p].name, ss->duration);
        }
        for (int k = 0; !msg && k < ss->resources.n; k++) {
            int q = ss->resources.v[k];
            if (!fits(sv, s, C_RES, -1, q))
                msg = salle__xasprintf("%s needs %s, but no shift of it holds its %d minutes while a room that suits it is open",
                                       ss->id, inst->resources[q].name, ss->duration);
        }
        if (!msg && !fits(sv, s, C_ALLOWED | C_PEOPLE, -1, -1))
            msg = salle__xasprintf("%s has no time within its allowed windows when all of its people are available",
                                   ss->id);
        if (!msg)
            msg = salle__xasprintf("%s has no time when a room that suits it is open, its allowed windows hold, all of its people are available and its resources are on shift",
                                   ss->id);
    }
    free(feats);
    return msg;
}

/* ---------------------------------------------------------------- construction */

/* Pricing many places for one unplaced session: the first place inserts it, every other one
 * is priced as a move from there (much cheaper than insert + remove). probe_done takes it out
 * again. */
typedef struct probe {
    int in;
    int r0, t0;
    cost base;
} probe;

static cost probe_at(solver *sv, probe *pb, int s, int r, int t)
{
    if (!pb->in) {
        pb->in = 1;
        pb->r0 = r;
        pb->t0 = t;
        pb->base = salle__sv_insert(&sv->st, s, r, t);
        return pb->base;
    }
    if (r == pb->r0 && t == pb->t0)
        return pb->base;
    cost d = salle__sv_move_delta(&sv->st, s, r, t);
    return (cost){pb->base.hard + d.hard, pb->base.soft + d.soft};
}

static void probe_done(solver *sv, probe *pb, int s)
{
    if (pb->in)
        salle__sv_remove(&sv->st, s);
    pb->in = 0;
}

static int round_up(int x, int g)
{
    return (x % g) ? x + g - (x % g) : x;
}

/* The best candidate of s at the coarse step, published placement and packing starts. */
static int best_place(solver *sv, int s, int step, int *br, int *bt, cost *bc)
{
    const salle_instance *inst = sv->inst;
    const salle_session *ss = &inst->sessions[s];
    int grid = inst->event.grid > 0 ? inst->event.grid : 5, found = 0;
    int *rk = sv->rok + (size_t)s * sv->m.nrooms;
    probe pb = {0};
#define CONSIDER(r_, t_)                                                                           \
    do {                                                                                           \
        int r__ = (r_), t__ = (t_);                                                                \
        if (static_ok(sv, s, r__, t__)) {                                                          \
            cost c__ = probe_at(sv, &pb, s, r__, t__);                                             \
            if (!found || lt(c__, *bc)) {                                                          \
                found = 1;                                                                         \
                *bc = c__;                                                                         \
                *br = r__;                                                                         \
                *bt = t__;                                                                         \
            }                                                                                      \
        }                                                                                          \
    } while (0)
    if (ss->published_room >= 0)
        CONSIDER(ss->published_room, ss->published_start);
    for (int k = 0; k < sv->nrok[s]; k++) {
        int r = rk[k];
        for (int i = 0; i < sv->nstarts[s]; i++) {
            int t = sv->starts[s][i];
            int d = salle__sv_day(&sv->m, t);
            if ((t - inst->event.day_offset[d]) % step == 0)
                CONSIDER(r, t);
        }
        /* right after or right before each session already in the room */
        int co = inst->rooms[r].changeover;
        for (int i = 0; i < sv->st.rlen[r]; i++) {
            int o = sv->st.rlist[r][i], ao = sv->st.start[o];
            int bo = ao + inst->sessions[o].duration;
            if (o == s)
                continue;
            int t1 = round_up(bo + co, grid);
            int t2 = ao - co - ss->duration;
            t2 -= ((t2 % grid) + grid) % grid;
            if (t1 % step)
                CONSIDER(r, t1);
            if (t2 % step)
                CONSIDER(r, t2);
        }
    }
#undef CONSIDER
    probe_done(sv, &pb, s);
    return found;
}

static const long *sort_options;
static const salle_instance *sort_inst;

static int cmp_order(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    const salle_session *sa = &sort_inst->sessions[a], *sb = &sort_inst->sessions[b];
    int pa = sa->published_room >= 0, pb = sb->published_room >= 0;
    if (pa != pb)
        return pb - pa;
    if (sort_options[a] != sort_options[b])
        return sort_options[a] < sort_options[b] ? -1 : 1;
    if (sa->duration != sb->duration)
        return sb->duration - sa->duration;
    if (sa->people.n != sb->people.n)
        return sb->people.n - sa->people.n;
    if (sa->attendance != sb->attendance)
        return sb->attendance - sa->attendance;
    return a - b;
}

static void construct(solver *sv)
{
    const salle_instance *inst = sv->inst;
    int n = sv->n, grid = inst->event.grid > 0 ? inst->event.grid : 5;
    /* fixed sessions stay where they were put, even against a rule: the organizers said so */
    for (int s = 0; s < n; s++)
        if (sv->fixed_room[s] >= 0)
            salle__sv_insert(&sv->st, s, sv->fixed_room[s], sv->fixed_start[s]);
    int *order = salle__xmalloc(((size_t)n + 1) * sizeof *order), k = 0;
    long total = 0;
    for (int s = 0; s < n; s++)
        if (sv->fixed_room[s] < 0 && !sv->reason[s]) {
            order[k++] = s;
            total += sv->options[s];
        }
    sort_options = sv->options;
    sort_inst = inst;
    qsort(order, (size_t)k, sizeof *order, cmp_order);
    /* a coarser step for big instances keeps construction to a few million evaluations */
    int step = grid;
    while (step < 15 || (total / (step / grid) > 2000000 && step < 60))
        step += grid;
    for (int i = 0; i < k; i++) {
        int s = order[i], r, t;
        cost c;
        /* few candidates (a pinned start, narrow windows): look at every one of them */
        int own = (long)sv->nstarts[s] * sv->nrok[s] <= 300 ? grid : step;
        if (best_place(sv, s, own, &r, &t, &c) || best_place(sv, s, grid, &r, &t, &c))
            salle__sv_insert(&sv->st, s, r, t);
    }
    free(order);
}

/* ---------------------------------------------------------------- local search */

static void progress(solver *sv, int force)
{
    if (!sv->opt || !sv->opt->progress)
        return;
    double t = now();
    if (!force && t - sv->last_progress < 1.0)
        return;
    sv->last_progress = t;
    int nun = 0;
    for (int s = 0; s < sv->n; s++)
        nun += sv->reason[s] != NULL;
    fprintf(sv->opt->progress, "%6.1fs  placed %d/%d  hard %ld  soft %ld\n", t - sv->t0,
            sv->st.nplaced, sv->n, sv->st.cost.hard + nun, sv->st.cost.soft);
    fflush(sv->opt->progress);
}

static void audit(solver *sv, const char *when)
{
    cost full = salle__sv_full(&sv->m, sv->st.room, sv->st.start);
    if (full.hard != sv->st.cost.hard || full.soft != sv->st.cost.soft) {
        fprintf(stderr,
                "salle: solver bookkeeping is wrong %s: incremental (hard %ld, soft %ld), from scratch (hard %ld, soft %ld)\n",
                when, sv->st.cost.hard, sv->st.cost.soft, full.hard, full.soft);
        abort();
    }
}

/* Sessions that take part in a hard violation now. */
static int hot_sessions(solver *sv, int *hot)
{
    int k = 0;
    for (int i = 0; i < sv->nmovable; i++) {
        int s = sv->movable[i], r = sv->st.room[s], t = sv->st.start[s];
        if (r < 0)
            continue;
        cost c = salle__sv_remove(&sv->st, s);
        salle__sv_insert(&sv->st, s, r, t);
        if (c.hard < 0)
            hot[k++] = s;
    }
    return k;
}

/* A candidate move: s from (r0, t0) to (r, t); with s2 >= 0 also s2 from (r20, t20) to
 * (r2, t2) (a swap). */
typedef struct move {
    int s, r, t, r0, t0;
    int s2, r2, t2, r20, t20;
    cost d1, d2; /* of a swap: the change of moving s, then of moving s2 */
} move;

static int propose(solver *sv, const int *hot, int nhot, move *mv)
{
    const salle__sv_state *st = &sv->st;
    int grid = sv->inst->event.grid > 0 ? sv->inst->event.grid : 5;
    int s = nhot && (rng_next(&sv->rng) & 1) ? hot[rng_below(&sv->rng, nhot)]
                                             : sv->movable[rng_below(&sv->rng, sv->nmovable)];
    int r0 = st->room[s], t0 = st->start[s];
    if (r0 < 0)
        return 0;
    int kind = rng_below(&sv->rng, 100);
    int r = r0, t = t0;
    mv->s2 = -1;
    if (kind < 45) { /* anywhere */
        r = sv->rok[(size_t)s * sv->m.nrooms + rng_below(&sv->rng, sv->nrok[s])];
        t = sv->starts[s][rng_below(&sv->rng, sv->nstarts[s])];
    } else if (kind < 70) { /* a little earlier or later */
        int k = 1 + rng_below(&sv->rng, 6);
        t = t0 + (rng_next(&sv->rng) & 1 ? k : -k) * grid;
    } else if (kind < 82) { /* another room, same time */
        r = sv->rok[(size_t)s * sv->m.nrooms + rng_below(&sv->rng, sv->nrok[s])];
    } else { /* trade places, or trade times and keep the rooms */
        int s2 = sv->movable[rng_below(&sv->rng, sv->nmovable)];
        int r20 = st->room[s2], t20 = st->start[s2];
        if (s2 == s || r20 < 0)
            return 0;
        int r2 = r0, t2 = t0;
        if (kind < 91) {
            r = r20;
            t = t20;
        } else {
            t = t20;
            r2 = r20;
        }
        if ((r2 == r20 && t2 == t20) || !static_ok(sv, s2, r2, t2))
            return 0;
        mv->s2 = s2;
        mv->r2 = r2;
        mv->t2 = t2;
        mv->r20 = r20;
        mv->t20 = t20;
    }
    if ((r == r0 && t == t0) || !static_ok(sv, s, r, t))
        return 0;
    mv->s = s;
    mv->r = r;
    mv->t = t;
    mv->r0 = r0;
    mv->t0 = t0;
    return 1;
}

/* The cost after mv. A relocation is priced without touching the state; a swap is priced as
 * two relocations in a row, the first one carried out (undo takes it back). */
static cost price(solver *sv, move *mv)
{
    salle__sv_state *st = &sv->st;
    if (mv->s2 < 0) {
        cost d = salle__sv_move_delta(st, mv->s, mv->r, mv->t);
        return (cost){st->cost.hard + d.hard, st->cost.soft + d.soft};
    }
    mv->d1 = salle__sv_move_delta(st, mv->s, mv->r, mv->t);
    salle__sv_move_apply(st, mv->s, mv->r, mv->t, mv->d1);
    mv->d2 = salle__sv_move_delta(st, mv->s2, mv->r2, mv->t2);
    return (cost){st->cost.hard + mv->d2.hard, st->cost.soft + mv->d2.soft};
}

/* Carries out mv, priced at predicted (debug_check audits the running total every 1000
 * moves against a from-scratch evaluation, which catches any wrong delta). */
static void commit(solver *sv, const move *mv, cost predicted)
{
    salle__sv_state *st = &sv->st;
    if (mv->s2 >= 0) {
        salle__sv_move_apply(st, mv->s2, mv->r2, mv->t2, mv->d2);
        return;
    }
    cost d = {predicted.hard - st->cost.hard, predicted.soft - st->cost.soft};
    salle__sv_move_apply(st, mv->s, mv->r, mv->t, d);
}

static void undo(solver *sv, const move *mv)
{
    if (mv->s2 < 0)
        return;
    salle__sv_move_apply(&sv->st, mv->s, mv->r0, mv->t0, (cost){-mv->d1.hard, -mv->d1.soft});
}

/* Hard violations weigh more than any soft change a single move can make, so annealing never
 * trades one for soft gains; the best schedule is kept by the lexicographic order anyway. */
#define HARD_WEIGHT 1000000.0

static double energy_delta(cost a, cost b)
{
    return (double)(b.hard - a.hard) * HARD_WEIGHT + (double)(b.soft - a.soft);
}

/* Starting temperature: the mean soft worsening of a sample of random moves. */
static double initial_temperature(solver *sv)
{
    double sum = 0;
    int cnt = 0;
    for (int i = 0; i < 400; i++) {
        move mv;
        if (!propose(sv, NULL, 0, &mv))
            continue;
        cost cur = sv->st.cost, c = price(sv, &mv);
        undo(sv, &mv);
        if (c.hard == cur.hard && c.soft > cur.soft) {
            sum += (double)(c.soft - cur.soft);
            cnt++;
        }
    }
    /* a tenth of the mean worsening: hotter starts only scramble the construction */
    double t = cnt ? 0.1 * sum / cnt : 1.0;
    return t < 1.0 ? 1.0 : t;
}

static void search(solver *sv)
{
    salle__sv_state *st = &sv->st;
    int n = sv->n;
    if (sv->nmovable == 0)
        return;
    double limit = sv->opt && sv->opt->time_limit > 0 ? sv->opt->time_limit : 10.0;
    /* the budget: a fixed number of moves per movable session, so that the same instance and
     * seed always make the same moves (see docs/solver.md) */
    long max_it = (long)sv->nmovable * ITERATIONS_PER_SESSION;
    if (max_it < MIN_ITERATIONS)
        max_it = MIN_ITERATIONS;
    if (max_it > MAX_ITERATIONS)
        max_it = MAX_ITERATIONS;
    double T0 = initial_temperature(sv), T1 = 0.3;
    if (T1 > T0)
        T1 = T0;
    double T = T0, cool = pow(T1 / T0, 1024.0 / (double)max_it);
    cost cur = st->cost, best = cur;
    int *best_room = salle__xmalloc(((size_t)n + 1) * sizeof *best_room);
    int *best_start = salle__xmalloc(((size_t)n + 1) * sizeof *best_start);
    memcpy(best_room, st->room, (size_t)n * sizeof *best_room);
    memcpy(best_start, st->start, (size_t)n * sizeof *best_start);
    int *hot = salle__xmalloc(((size_t)n + 1) * sizeof *hot), nhot = 0;
    int debug = sv->opt && sv->opt->debug_check;
    for (long it = 0; it < max_it; it++) {
        if ((it & 1023) == 0) {
            if (it) {
                T *= cool;
                if (now() - sv->t0 > limit)
                    break;
            }
            progress(sv, 0);
            nhot = cur.hard > 0 ? hot_sessions(sv, hot) : 0;
        }
        move mv;
        if (!propose(sv, hot, nhot, &mv))
            continue;
        cost c = price(sv, &mv);
        double de = energy_delta(cur, c);
        int accept = de <= 0;
        if (!accept && de < 30.0 * T) {
            double u = (double)(rng_next(&sv->rng) >> 11) * (1.0 / 9007199254740992.0);
            accept = u < exp(-de / T);
        }
        if (accept) {
            commit(sv, &mv, c);
            cur = c;
            if (lt(cur, best)) {
                best = cur;
                memcpy(best_room, st->room, (size_t)n * sizeof *best_room);
                memcpy(best_start, st->start, (size_t)n * sizeof *best_start);
            }
        } else {
            undo(sv, &mv);
        }
        if (debug && (it % 1000) == 999)
            audit(sv, "during the search");
    }
    /* back to the best placement seen */
    for (int s = 0; s < n; s++)
        if (st->start[s] >= 0)
            salle__sv_remove(st, s);
    for (int s = 0; s < n; s++)
        if (best_start[s] >= 0)
            salle__sv_insert(st, s, best_room[s], best_start[s]);
    free(best_room);
    free(best_start);
    free(hot);
}

/* ---------------------------------------------------------------- the end game */

/* Puts s at its best candidate over the full grid if that breaks no hard rule; otherwise leaves
 * it out and says why. */
static void place_or_explain(solver *sv, int s)
{
    const salle_instance *inst = sv->inst;
    const salle_session *ss = &inst->sessions[s];
    int br = -1, bt = -1, found = 0;
    cost bc = {0, 0};
    int *rk = sv->rok + (size_t)s * sv->m.nrooms;
    probe pb = {0};
    for (int k = 0; k < sv->nrok[s]; k++)
        for (int i = 0; i < sv->nstarts[s]; i++) {
            int r = rk[k], t = sv->starts[s][i];
            if (!static_ok(sv, s, r, t))
                continue;
            cost c = probe_at(sv, &pb, s, r, t);
            if (!found || lt(c, bc)) {
                found = 1;
                bc = c;
                br = r;
                bt = t;
            }
        }
    probe_done(sv, &pb, s);
    if (found && bc.hard <= 0) {
        salle__sv_insert(&sv->st, s, br, bt);
        return;
    }
    if (!found) {
        sv->reason[s] = why_unplaceable(sv, s);
        return;
    }
    long by[SALLE_HARD_COUNT] = {0};
    sv->st.by_rule = by;
    salle__sv_insert(&sv->st, s, br, bt);
    sv->st.by_rule = NULL;
    salle__sv_remove(&sv->st, s);
    char what[512] = "", buf[32];
    static const char *const words[SALLE_HARD_COUNT] = {
        "", "", "room clashes", "people in two places", "", "", "", "over-used resources",
        "broken after/not_with relations", ""};
    for (int k = 1; k < SALLE_HARD_COUNT; k++) {
        if (by[k] <= 0 || !words[k][0])
            continue;
        size_t len = strlen(what);
        snprintf(what + len, sizeof what - len, "%s%s (%ld)", len ? ", " : "", words[k], by[k]);
    }
    sv->reason[s] = salle__xasprintf(
        "%s has no room and time left that keeps every hard rule: %d rooms suit it, but every free "
        "time clashes with sessions already placed; the least bad place, %s at %s, would still break %s",
        ss->id, sv->nrok[s], inst->rooms[br].id, salle_time_human(inst, bt, buf),
        what[0] ? what : "a hard rule");
}

/* Takes out each movable session that still breaks a hard rule, then puts back those that fit
 * without one. */
static void settle(solver *sv)
{
    if (sv->st.cost.hard <= 0)
        return;
    int n = sv->n, k = 0;
    int *out = salle__xmalloc(((size_t)n + 1) * sizeof *out);
    for (int i = 0; i < sv->nmovable; i++) {
        int s = sv->movable[i], r = sv->st.room[s], t = sv->st.start[s];
        if (r < 0)
            continue;
        cost c = salle__sv_remove(&sv->st, s);
        if (c.hard < 0)
            out[k++] = s;
        else
            salle__sv_insert(&sv->st, s, r, t);
    }
    for (int i = 0; i < k; i++)
        place_or_explain(sv, out[i]);
    free(out);
}

salle_schedule *salle_solve(const salle_instance *inst, const salle_solve_options *opt,
                            salle_score *score)
{
    solver sv;
    memset(&sv, 0, sizeof sv);
    sv.inst = inst;
    sv.opt = opt;
    sv.t0 = now();
    sv.last_progress = sv.t0;
    sv.n = inst->nsessions;
    int n = sv.n;
    salle__sv_model_init(&sv.m, inst);
    salle__sv_state_init(&sv.st, &sv.m);
    rng_seed(&sv.rng, opt ? opt->seed : 0);
    sv.fixed_room = salle__xmalloc(((size_t)n + 1) * sizeof *sv.fixed_room);
    sv.fixed_start = salle__xmalloc(((size_t)n + 1) * sizeof *sv.fixed_start);
    sv.reason = salle__xcalloc((size_t)n + 1, sizeof *sv.reason);
    sv.movable = salle__xmalloc(((size_t)n + 1) * sizeof *sv.movable);
    for (int s = 0; s < n; s++) {
        const salle_session *ss = &inst->sessions[s];
        sv.fixed_room[s] = sv.fixed_start[s] = -1;
        if (ss->pinned_room >= 0 && ss->pinned_start >= 0) {
            sv.fixed_room[s] = ss->pinned_room;
            sv.fixed_start[s] = ss->pinned_start;
        } else if (ss->published_room >= 0 && ss->move != SALLE_MOVE_CONFIRMED) {
            sv.fixed_room[s] = ss->published_room;
            sv.fixed_start[s] = ss->published_start;
        }
    }
    build_candidates(&sv);
    for (int s = 0; s < n; s++) {
        if (sv.fixed_room[s] >= 0)
            continue;
        if (sv.options[s] == 0)
            sv.reason[s] = why_unplaceable(&sv, s);
        else
            sv.movable[sv.nmovable++] = s;
    }
    int debug = opt && opt->debug_check;
    construct(&sv);
    if (debug)
        audit(&sv, "after construction");
    search(&sv);
    if (debug)
        audit(&sv, "after the search");
    settle(&sv);
    for (int i = 0; i < sv.nmovable; i++) /* nothing movable is left out without a look */
        if (sv.st.start[sv.movable[i]] < 0 && !sv.reason[sv.movable[i]])
            place_or_explain(&sv, sv.movable[i]);
    if (debug)
        audit(&sv, "after settling");

    salle_schedule *out = salle_schedule_new();
    long nun = 0;
    for (int s = 0; s < n; s++) {
        if (sv.st.start[s] >= 0) {
            salle_schedule_add(out, s, sv.st.room[s], sv.st.start[s]);
        } else {
            if (!sv.reason[s])
                sv.reason[s] = why_unplaceable(&sv, s);
            salle_schedule_add_unscheduled(out, s, sv.reason[s]);
            nun++;
        }
    }
    if (score) {
        score->hard = sv.st.cost.hard + nun;
        score->soft = sv.st.cost.soft;
    }
    progress(&sv, 1);

    for (int s = 0; s < n; s++) {
        free(sv.reason[s]);
        free(sv.starts[s]);
    }
    free(sv.reason);
    free(sv.starts);
    free(sv.nstarts);
    free(sv.nrok);
    free(sv.rok);
    free(sv.sok);
    free(sv.options);
    free(sv.fixed_room);
    free(sv.fixed_start);
    free(sv.movable);
    salle__sv_state_free(&sv.st);
    salle__sv_model_free(&sv.m);
    return out;
}
