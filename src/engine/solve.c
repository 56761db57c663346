/*
 * solve.c: salle_solve(): builds a programme in three steps (docs/solver.md):
 *   1. candidates: for every session the rooms and grid starts that break none of the rules that
 *      depend on the session alone; a session with none is reported unscheduled, with the one
 *      constraint that rules it out in words;
 *   2. construction: fixed sessions first, then most-constrained first, each at the candidate
 *      with the least (hard, soft) increase;
 *   3. simulated annealing over relocate, shift and swap moves, with Kempe chains in time and
 *      ruin and recreate (repairs while hard violations remain), scored incrementally by
 *      solve_eval.c, stopped by a deterministic move budget (and by the time limit only when one
 *      is given); with threads, independent runs from the same construction, the best one kept.
 * Sessions that still break a hard rule at the end are taken out (first until no resource is
 * over-used) and reported with why. No static state: solves may run on several threads at once.
 */
#include "engine/solve.h"
#include "base/tr.h"
#include "engine/explain.h"
#include "model/talks.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <pthread.h>
#include <time.h>

/* Moves tried per movable session: the search's deterministic budget. Without an explicit time
 * limit it is the only thing that ends the search, so that default runs are reproducible
 * (docs/solver.md). */
#define ITERATIONS_PER_SESSION 15000
/* ...but never fewer than this, nor more than this, which keeps a run's length bounded (a
 * FOSDEM-size instance, 900 sessions, in a few seconds; 10,000 sessions in under a minute) */
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
    int *nrok, *rok;               /* rooms that suit s are rok[rok_at[s] ..] (nrok[s]); sessions
                                      with the same rooms share one list (read only) */
    size_t *rok_at;
    int *rok_cap;                  /* each list of rok again, in order of seats: the rooms whose
                                      seats are known, fewest first (ties by room), then the
                                      others; rok_known[s] of them known (room_sample) */
    int *rok_known;
    int *nstarts, **starts;        /* grid starts that suit the session in some suitable room */
    unsigned char *sok;            /* n x nslots: session-level rules hold at this start */
    long *options;                 /* candidate (room, start) pairs */
    char **reason;                 /* why a session is unscheduled; NULL when placed */
    int *movable, nmovable;
    double t0;
    double last_progress;
    int step;                /* coarse start step of the construction, minutes */
    int rr_every;            /* 1: Kempe chains and ruin and recreate in the annealing */
    int quiet;               /* 1: a worker thread other than the first prints no progress */
    int *rs_start, *rs;      /* CSR: sessions that use resource q */
    int *scratch_rooms;      /* nrooms each, for room_sample */
    long *cap9, *fitcap;     /* per room: 9/10 of its seats; its seats, -1 when unknown */
    long *scratch_keys;
    double (*clock)(void *); /* the wall clock (seconds), or NULL for CLOCK_MONOTONIC */
    void *clock_ctx;
    double zero_at; /* seconds from t0 until no hard violation was left; -1 until then */
    long moves;     /* moves priced by the search */
    int ncancelled;                /* sessions marked cancelled: never placed (issue 8) */
    /* the time limit (docs/solver.md, "Time limit"): every phase watches these */
    int has_limit;     /* 1: a time limit was given */
    double from;       /* clock reading the limit counts from */
    double deadline;   /* when the solve must be over (the limit less the caller's reserve) */
    double search_end; /* when the annealing stops, leaving time for settling */
    int expired;       /* 1 once the deadline has passed or a stop was asked for (sticky) */
    int fast;          /* 1: construction places by first fit, the plain greedy */
    double build_end;  /* when construction should be over */
    int in_floor;      /* 1: building the plain greedy, which never depends on the clock */
    int fit_priced;    /* places first_fit prices at most */
    struct team *team; /* with --threads: the runs that share their best (parallel_search) */
    int tid;           /* this run's index in the team */
    int split;         /* 1: this run moves only its own sessions (movable) within its block */
    int nblk;          /* its block: nblk (1 or 2) spans of time [blo, bhi), in minutes */
    int blo[2], bhi[2];
    int gap;           /* a session of a block ends at least gap minutes before bhi (unless bhi
                          is INT_MAX, the event's end): no hard rule, no overlap and no
                          back-to-back cost links it to a session of the next block */
    double team_cpu, team_idle; /* with threads: for the statistics (parallel_search) */
    double team_balance;
    double team_long_share; /* the largest block's share in a long period, at its smallest */
    int meetings, team_splits;
    long team_extra; /* moves made beyond the run's share while the others finished theirs */
    int eject_last;    /* the session the last kept ejection put in place (-1: none): the next
                          one does not take it out again, so a chain does not turn back */
} solver;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU seconds the calling thread has used: for the statistics of a team only (parallel_search),
 * never for a decision of the search. */
static double thread_cpu(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The solver's wall clock: the real one, or the one a test passed (salle__solve_clocked). */
static double clock_now(const solver *sv)
{
    return sv->clock ? sv->clock(sv->clock_ctx) : now();
}

/* The caller asked to stop (Ctrl-C, a cancelled job): read without the clock, so that a run
 * without a time limit stays deterministic until then. */
static int stop_asked(const solver *sv)
{
    return sv->opt && sv->opt->stop && *sv->opt->stop;
}

/* 1 once the deadline has passed or a stop was asked for; sticky, so the phases after the one
 * that noticed do not look again. Without a limit the clock is not read. */
static int out_of_time(solver *sv)
{
    if (!sv->expired && (stop_asked(sv) || (sv->has_limit && clock_now(sv) >= sv->deadline)))
        sv->expired = 1;
    return sv->expired;
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
    if (!salle__windows_in(&ss->allowed, t, b))
        return 0;
    for (int k = 0; k < ss->people.n; k++)
        if (!salle__windows_in(&inst->people[ss->people.v[k]].available, t, b))
            return 0;
    for (int k = 0; k < ss->resources.n; k++)
        if (!salle__windows_in(&inst->resources[ss->resources.v[k]].shifts, t, b))
            return 0;
    return 1;
}

/* Can s go in room r at t without breaking a rule that depends on s alone? */
static int static_ok(const solver *sv, int s, int r, int t)
{
    const salle__sv_model *m = &sv->m;
    if (t < 0 || t / m->g >= m->nslots || !salle__sv_room_ok(m, s, r))
        return 0;
    if (!sv->sok[(size_t)s * m->nslots + t / m->g])
        return 0;
    return salle__windows_in(&sv->inst->rooms[r].available, t,
                                  t + sv->inst->sessions[s].duration);
}

/* Rooms whose seats are known, fewest seats first, ties by room, then the others by room. */
static int cmp_seats_known(const void *x, const void *y, void *ctx)
{
    const salle_instance *inst = ctx;
    int a = *(const int *)x, b = *(const int *)y;
    const salle_room *ra = &inst->rooms[a], *rb = &inst->rooms[b];
    if (ra->capacity_unknown != rb->capacity_unknown)
        return ra->capacity_unknown - rb->capacity_unknown;
    if (!ra->capacity_unknown && ra->capacity != rb->capacity)
        return ra->capacity < rb->capacity ? -1 : 1;
    return (a > b) - (a < b);
}

static void build_candidates(solver *sv)
{
    const salle_instance *inst = sv->inst;
    const salle_event *e = &inst->event;
    const salle__sv_model *m = &sv->m;
    int n = sv->n, R = m->nrooms, grid = e->grid > 0 ? e->grid : 5;
    /* rooms with the same opening hours form one class, counted together (often all rooms) */
    int *cls = salle__xmalloc(((size_t)R + 1) * sizeof *cls), *rep = salle__xmalloc(((size_t)R + 1) * sizeof *rep);
    int ncls = 0;
    for (int r = 0; r < R; r++) {
        const salle_windows *a = &inst->rooms[r].available;
        int c = 0;
        for (; c < ncls; c++) {
            const salle_windows *b = &inst->rooms[rep[c]].available;
            if (a->n == b->n && a->any == b->any &&
                (a->n == 0 || memcmp(a->w, b->w, (size_t)a->n * sizeof *a->w) == 0))
                break;
        }
        if (c == ncls)
            rep[ncls++] = r;
        cls[r] = c;
    }
    int *ccount = salle__xcalloc((size_t)R + 1, sizeof *ccount);
    sv->nrok = salle__xcalloc((size_t)n + 1, sizeof *sv->nrok);
    /* as many entries as distinct lists of suitable rooms, not sessions x rooms (1.5 GB at
     * 100,000 sessions) nor one list per session (1.2 GB there: most sessions suit most rooms):
     * sessions whose suitable rooms are the same share one list, found by a hash of it */
    sv->rok_at = salle__xmalloc(((size_t)n + 1) * sizeof *sv->rok_at);
    int *lid = salle__xmalloc(((size_t)n + 1) * sizeof *lid), nlists = 0; /* each one's list */
    {
        size_t cap = 1024, total = 0, tab = 16;
        while (tab < 2 * (size_t)n)
            tab *= 2;
        int *first = salle__xmalloc(tab * sizeof *first); /* a session with that list, or -1 */
        int *row = salle__xmalloc(((size_t)R + 1) * sizeof *row);
        for (size_t i = 0; i < tab; i++)
            first[i] = -1;
        sv->rok = salle__xmalloc(cap * sizeof *sv->rok);
        /* a session's row of room_ok is compared with the row of the first session of each
         * list a word at a time, and only a new list is spelt out room by room */
        int W = (R + 63) / 64;
        size_t rowbytes = m->rowbits / 8;
        for (int s = 0; s < n; s++) {
            int k = 0;
            uint64_t h = 1469598103934665603ull; /* FNV-1a over the row's words */
            for (int w = 0; w < W; w++) {
                uint64_t x = salle__sv_room_word(m, s, w);
                k += __builtin_popcountll(x);
                h = (h ^ x) * 1099511628211ull;
            }
            size_t at = (size_t)(h ^ (h >> 29)) & (tab - 1);
            for (; first[at] >= 0; at = (at + 1) & (tab - 1)) {
                int o = first[at];
                if (sv->nrok[o] == k && memcmp(m->room_ok + (size_t)o * rowbytes,
                                               m->room_ok + (size_t)s * rowbytes, rowbytes) == 0)
                    break;
            }
            sv->nrok[s] = k;
            if (first[at] >= 0) {
                sv->rok_at[s] = sv->rok_at[first[at]];
                lid[s] = lid[first[at]];
                continue;
            }
            k = 0;
            for (int w = 0; w < W; w++)
                for (uint64_t x = salle__sv_room_word(m, s, w); x; x &= x - 1)
                    row[k++] = 64 * w + __builtin_ctzll(x);
            first[at] = s;
            lid[s] = nlists++;
            while (total + (size_t)k + 1 > cap)
                cap *= 2;
            sv->rok = salle__xrealloc(sv->rok, cap * sizeof *sv->rok);
            memcpy(sv->rok + total, row, (size_t)k * sizeof *row);
            sv->rok_at[s] = total;
            total += (size_t)k;
        }
        sv->rok = salle__xrealloc(sv->rok, (total + 1) * sizeof *sv->rok);
        free(row);
        free(first);
        /* the same lists in order of seats, for room_sample */
        sv->rok_cap = salle__xmalloc((total + 1) * sizeof *sv->rok_cap);
        memcpy(sv->rok_cap, sv->rok, total * sizeof *sv->rok_cap);
        sv->rok_known = salle__xmalloc(((size_t)n + 1) * sizeof *sv->rok_known);
        int *lknown = salle__xmalloc(((size_t)nlists + 1) * sizeof *lknown);
        for (int l = 0; l < nlists; l++)
            lknown[l] = -1;
        for (int s = 0; s < n; s++) {
            int l = lid[s];
            if (lknown[l] < 0) {
                int *v = sv->rok_cap + sv->rok_at[s], k = sv->nrok[s], known = 0;
                qsort_r(v, (size_t)k, sizeof *v, cmp_seats_known, (void *)inst);
                while (known < k && !inst->rooms[v[known]].capacity_unknown)
                    known++;
                lknown[l] = known;
            }
            sv->rok_known[s] = lknown[l];
        }
        free(lknown);
    }
    sv->nstarts = salle__xcalloc((size_t)n + 1, sizeof *sv->nstarts);
    sv->starts = salle__xcalloc((size_t)n + 1, sizeof *sv->starts);
    sv->sok = salle__xcalloc((size_t)n * m->nslots + 1, 1);
    sv->options = salle__xcalloc((size_t)n + 1, sizeof *sv->options);
    int per_day = (SALLE_MINUTES_PER_DAY + grid - 1) / grid;
    /* the count by class of each list of rooms, for the sessions that share it (a count over
     * 3,695 rooms a session at gen 100,000), when that table is not too large */
    int *lcount = NULL;
    if ((size_t)nlists * (size_t)ncls <= (size_t)4 * n + 1024) {
        lcount = salle__xmalloc(((size_t)nlists * ncls + 1) * sizeof *lcount);
        for (size_t i = 0; i < (size_t)nlists * ncls; i += ncls)
            lcount[i] = -1; /* not counted yet */
    }
    for (int s = 0; s < n; s++) {
        const salle_session *ss = &inst->sessions[s];
        const int *rk = sv->rok + sv->rok_at[s];
        int *lc = lcount ? lcount + (size_t)lid[s] * ncls : NULL;
        if (lc && ncls && lc[0] >= 0) {
            memcpy(ccount, lc, (size_t)ncls * sizeof *ccount);
        } else {
            memset(ccount, 0, (size_t)ncls * sizeof *ccount);
            for (int k = 0; k < sv->nrok[s]; k++)
                ccount[cls[rk[k]]]++;
            if (lc)
                memcpy(lc, ccount, (size_t)ncls * sizeof *ccount);
        }
        sv->starts[s] = salle__xmalloc(((size_t)e->ndays * per_day + 1) * sizeof(int));
        for (int d = 0; d < e->ndays; d++) {
            for (int mm = 0; mm < SALLE_MINUTES_PER_DAY; mm += grid) {
                int t = e->day_offset[d] + mm;
                if (t / m->g >= m->nslots || !session_time_ok(sv, s, t))
                    continue;
                int nr = 0;
                for (int c = 0; c < ncls; c++)
                    if (ccount[c] &&
                        salle__windows_in(&inst->rooms[rep[c]].available, t, t + ss->duration))
                        nr += ccount[c];
                if (!nr)
                    continue;
                sv->sok[(size_t)s * m->nslots + t / m->g] = 1;
                sv->starts[s][sv->nstarts[s]++] = t;
                sv->options[s] += nr;
            }
        }
        /* only the suitable ones are kept: a day has 96 grid starts, a session a few dozen
         * (issue 10: 190 MB at 100,000 sessions before) */
        sv->starts[s] = salle__xrealloc(sv->starts[s], ((size_t)sv->nstarts[s] + 1) * sizeof(int));
    }
    free(lcount);
    free(lid);
    free(cls);
    free(rep);
    free(ccount);
}

/* ---------------------------------------------------------------- why a session cannot go */

/* The features ss needs (only_missing: those no room has), "a, b and c"; in lang when not NULL
 * (the English when NULL); *count says how many. */
static char *join_features(const salle_instance *inst, const salle_session *ss, int only_missing,
                           const char *lang, int *count)
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
    /* TRANSLATORS: the separators of a list of room features: "a projector, a ramp and a loop" */
    const char *comma = lang ? salle__tr(lang, ", ") : ", ";
    char and[64] = " and ";
    if (lang)
        snprintf(and, sizeof and, " %s ", salle__tr(lang, "and"));
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
        size_t need = strlen(out) + strlen(name) + strlen(comma) + strlen(and) + 1;
        if (need > cap) {
            cap = need * 2;
            out = salle__xrealloc(out, cap);
        }
        if (k)
            strcat(out, k == cnt - 1 ? and : comma);
        strcat(out, name);
        k++;
    }
    if (count)
        *count = cnt;
    return out;
}

enum { C_ALLOWED = 1, C_PEOPLE = 2, C_RES = 4, C_PIN = 8 };

/* Is there a start on the grid in a suitable room's hours that satisfies the selected rules?
 * person/res choose one person or resource (or -1 for all when the bit is set). */
static int fits(const salle_instance *inst, const salle__sv_model *m, int s, int which, int person,
                int res)
{
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
                if (salle__sv_room_ok(m, s, r) &&
                    salle__windows_contain(&inst->rooms[r].available, t, b))
                    return 1;
        }
    return 0;
}

/* Names the constraint that leaves session s no room and time at all, in lang (NULL: the English
 * the solver stores and the CLI prints); asked only when no place meets s's own rules. It reads only the instance, so the server's draft page can say it again in its reader's
 * language (salle__unplaced_lang). Each message is a whole sentence in po/. */
static char *unplaceable_said(const salle_instance *inst, const salle__sv_model *m, int s,
                              const char *lang)
{
    const salle_session *ss = &inst->sessions[s];
    int R = inst->nrooms, anyfeat = 0, anycap = 0, anyboth = 0, anyok = 0, big = -1, nf = 0;
    for (int r = 0; r < R; r++) {
        int f = salle__sv_feat_ok(m, s, r), c = ss->attendance <= inst->rooms[r].capacity;
        anyfeat |= f;
        anycap |= c;
        anyboth |= f && c;
        anyok |= salle__sv_room_ok(m, s, r);
        if (big < 0 || inst->rooms[r].capacity > inst->rooms[big].capacity)
            big = r;
    }
    if (R == 0)
        return salle__xasprintf(salle__tr(lang, "%s has no room to go to: the instance has no rooms"), ss->id);
    char *feats = join_features(inst, ss, 0, lang, &nf), *msg;
    if (!anyfeat) {
        int nm = 0;
        char *missing = join_features(inst, ss, 1, lang, &nm);
        if (nm)
            /* TRANSLATORS: a session id; the room features no room has ("it": the one feature) */
            msg = salle__xasprintf(salle__trn(lang, "%s needs %s; no room has it",
                                              "%s needs %s; no room has them", nm),
                                   ss->id, missing);
        else
            /* TRANSLATORS: a session id; the room features it needs, each of which some room has */
            msg = salle__xasprintf(salle__tr(lang, "%s needs %s; no room has all of them"), ss->id, feats);
        free(missing);
    } else if (!anycap) {
        /* TRANSLATORS: a session id; how many people it expects; the largest room; its seats */
        msg = salle__xasprintf(salle__trn(lang, "%s expects %d attendees; the largest room, %s, holds %d",
                                          "%s expects %d attendees; the largest room, %s, holds %d",
                                          ss->attendance),
                               ss->id, ss->attendance, big >= 0 ? inst->rooms[big].id : "?",
                               big >= 0 ? inst->rooms[big].capacity : 0);
    } else if (!anyboth) {
        /* TRANSLATORS: a session id; the room features it needs; the seats it needs */
        msg = salle__xasprintf(salle__trn(lang, "%s needs %s and %d seats; no room has both",
                                          "%s needs %s and %d seats; no room has both", ss->attendance),
                               ss->id, feats, ss->attendance);
    } else if (!anyok) {
        if (ss->pinned_room >= 0) {
            const salle_room *pr = &inst->rooms[ss->pinned_room];
            if (!salle__sv_feat_ok(m, s, ss->pinned_room))
                /* TRANSLATORS: a session id; a room; the room features it needs */
                msg = salle__xasprintf(salle__tr(lang, "%s is pinned to room %s, which lacks %s"), ss->id,
                                       pr->id, feats);
            else if (ss->attendance > pr->capacity)
                /* TRANSLATORS: a session id; a room; its seats; the people the session expects */
                msg = salle__xasprintf(salle__trn(lang, "%s is pinned to room %s, which holds %d of its %d expected attendees",
                                                  "%s is pinned to room %s, which holds %d of its %d expected attendees",
                                                  ss->attendance),
                                       ss->id, pr->id, pr->capacity, ss->attendance);
            else
                /* TRANSLATORS: a session id; a room */
                msg = salle__xasprintf(salle__tr(lang, "%s is pinned to room %s, which is not in its allowed rooms"),
                                       ss->id, pr->id);
        } else if (ss->needs.n) {
            /* TRANSLATORS: a session id; the room features it needs; the seats it needs */
            msg = salle__xasprintf(salle__trn(lang, "%s may only use certain rooms, and none of them has %s and %d seats",
                                              "%s may only use certain rooms, and none of them has %s and %d seats",
                                              ss->attendance),
                                   ss->id, feats, ss->attendance);
        } else {
            /* TRANSLATORS: a session id; the people it expects */
            msg = salle__xasprintf(salle__trn(lang, "%s may only use certain rooms, and none of them holds its %d expected attendees",
                                              "%s may only use certain rooms, and none of them holds its %d expected attendees",
                                              ss->attendance),
                                   ss->id, ss->attendance);
        }
    } else if (!fits(inst, m, s, 0, -1, -1)) {
        /* TRANSLATORS: a session id; its length */
        msg = salle__xasprintf(salle__trn(lang, "%s lasts %d minutes; no room that suits it is open that long",
                                          "%s lasts %d minutes; no room that suits it is open that long",
                                          ss->duration),
                               ss->id, ss->duration);
    } else if (!fits(inst, m, s, C_ALLOWED, -1, -1)) {
        /* TRANSLATORS: a session id; its length */
        msg = salle__xasprintf(salle__trn(lang, "%s must lie in its allowed times, but none of them holds its %d minutes while a room that suits it is open",
                                          "%s must lie in its allowed times, but none of them holds its %d minutes while a room that suits it is open",
                                          ss->duration),
                               ss->id, ss->duration);
    } else if (!fits(inst, m, s, C_PIN, -1, -1)) {
        char buf[SALLE__WHEN_MAX];
        salle_time_human(inst, ss->pinned_start, buf);
        /* TRANSLATORS: a session id; a day and time ("Tuesday 11:00"); its length */
        msg = salle__xasprintf(salle__trn(lang, "%s is pinned to start at %s, when no room that suits it is open for %d minutes",
                                          "%s is pinned to start at %s, when no room that suits it is open for %d minutes",
                                          ss->duration),
                               ss->id, salle__check_when(lang, buf), ss->duration);
    } else {
        msg = NULL;
        for (int k = 0; !msg && k < ss->people.n; k++) {
            int p = ss->people.v[k];
            if (!fits(inst, m, s, C_PEOPLE, p, -1))
                /* TRANSLATORS: a session id; a person; the session's length */
                msg = salle__xasprintf(salle__trn(lang, "%s: %s is available at no time that holds its %d minutes while a room that suits it is open",
                                                  "%s: %s is available at no time that holds its %d minutes while a room that suits it is open",
                                                  ss->duration),
                                       ss->id, inst->people[p].name, ss->duration);
        }
        for (int k = 0; !msg && k < ss->resources.n; k++) {
            int q = ss->resources.v[k];
            if (!fits(inst, m, s, C_RES, -1, q))
                /* TRANSLATORS: a session id; a team or resource (interpreters, say); the session's length */
                msg = salle__xasprintf(salle__trn(lang, "%s needs %s, but no shift of it holds its %d minutes while a room that suits it is open",
                                                  "%s needs %s, but no shift of it holds its %d minutes while a room that suits it is open",
                                                  ss->duration),
                                       ss->id, inst->resources[q].name, ss->duration);
        }
        if (!msg && !fits(inst, m, s, C_ALLOWED | C_PEOPLE, -1, -1))
            /* TRANSLATORS: a session id */
            msg = salle__xasprintf(salle__tr(lang, "%s has no time within its allowed windows when all of its people are available"),
                                   ss->id);
        if (!msg)
            /* TRANSLATORS: a session id */
            msg = salle__xasprintf(salle__tr(lang, "%s has no time when a room that suits it is open, its allowed windows hold, all of its people are available and its resources are on shift"),
                                   ss->id);
    }
    free(feats);
    return msg;
}

/* Names the constraint that leaves session s no room and time at all (the solver's English). */
static char *why_unplaceable(const solver *sv, int s)
{
    return unplaceable_said(sv->inst, &sv->m, s, NULL);
}

/* ---------------------------------------------------------------- construction */

/* First fit is at least this many times faster than best fit; construction switches to it when
 * best fit would overrun. Measured on the CPU clock (branch s8-scale): placing every session by
 * first fit took 0.2, 0.9 and 4.4 s at gen 10,000, 30,000 and 100,000, best fit 0.5, 1.8 and
 * 9.1 s (2.1-2.5x; it was 10 here, from a time when best fit priced far more places). */
#define FAST_GAIN 2.0

/* The change of cost of placing s (not placed) in room r at t, in *c (return 1); or 0 when it
 * cannot be lower than *bound (NULL: always priced), the rest of its pricing skipped
 * (salle__sv_insert_price); ut: its room-independent unary terms at t, or NULL. With debug_check
 * each price is checked by making the insertion. */
static int price_at(solver *sv, int s, int r, int t, const cost *ut, const cost *bound, cost *c)
{
    int exact = salle__sv_insert_price(&sv->st, s, r, t, ut, bound, c);
    if (sv->opt && sv->opt->debug_check) {
        cost real = salle__sv_insert(&sv->st, s, r, t);
        salle__sv_remove(&sv->st, s);
        if (exact ? (real.hard != c->hard || real.soft != c->soft) : lt(real, *bound)) {
            fprintf(stderr, "salle: solver insertion price is wrong for session %d at room %d, minute %d: "
                            "%s (hard %ld, soft %ld), inserted (hard %ld, soft %ld)\n",
                    s, r, t, exact ? "priced" : "skipped below", exact ? c->hard : bound->hard,
                    exact ? c->soft : bound->soft, real.hard, real.soft);
            abort();
        }
    }
    return exact;
}

/* The room-independent unary terms of s at its j-th start, from ut (ns entries, hard < 0 where
 * not yet computed), computed when first asked: a search over rooms prices each start in many. */
static const cost *unary_time_at(solver *sv, cost *ut, int s, int j)
{
    if (ut[j].hard < 0)
        ut[j] = salle__sv_unary_time(&sv->m, s, sv->starts[s][j], NULL);
    return &ut[j];
}

static int round_up(int x, int g)
{
    return (x % g) ? x + g - (x % g) : x;
}

/* Does s at [t, t + duration) in room r clash with another session placed there? */
static int room_clash(const solver *sv, int s, int r, int t)
{
    const salle__sv_state *st = &sv->st;
    int co = sv->inst->rooms[r].changeover, b = t + sv->m.dur[s];
    const int *ra = st->rla[r], *rb = st->rlb[r]; /* each one's start, end + changeover */
    for (int i = 0; i < st->rlen[r]; i++)
        if (ra[i] < b + co && t < rb[i] && st->rlist[r][i] != s)
            return 1;
    return 0;
}

static int lower_start(const int *v, int n, int x) /* first index with v[i] >= x */
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (v[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The starts of a session by slot, so that a search over many rooms finds a start without a
 * binary search (those were a sixth of construction at gen 100,000, where best fit may look at
 * 3,695 rooms): nxt[k] is the first index j with sts[j] >= (lo + k) g, for slots lo .. hi of the
 * first and last start. Every start is a multiple of the slot length g (docs/solver.md); if one
 * is not, or there are none, nxt is NULL and the binary search serves. */
typedef struct start_index {
    const int *sts;
    int ns, g, lo, hi;
    int *nxt;
} start_index;

static void start_index_init(start_index *x, const solver *sv, int s)
{
    x->sts = sv->starts[s];
    x->ns = sv->nstarts[s];
    x->g = sv->m.g;
    x->nxt = NULL;
    if (x->ns == 0)
        return;
    for (int j = 0; j < x->ns; j++)
        if (x->sts[j] < 0 || x->sts[j] % x->g)
            return;
    x->lo = x->sts[0] / x->g;
    x->hi = x->sts[x->ns - 1] / x->g;
    x->nxt = salle__xmalloc(((size_t)(x->hi - x->lo) + 1) * sizeof *x->nxt);
    for (int k = x->lo, j = 0; k <= x->hi; k++) {
        while (x->sts[j] < k * x->g)
            j++;
        x->nxt[k - x->lo] = j;
    }
}

/* The first index j with sts[j] >= v (ns if none). */
static int start_find(const start_index *x, int v)
{
    if (!x->nxt)
        return lower_start(x->sts, x->ns, v);
    if (v <= x->sts[0])
        return 0;
    if (v > x->sts[x->ns - 1])
        return x->ns;
    return x->nxt[(v + x->g - 1) / x->g - x->lo];
}

/* Marks busy[j] = 1 for each suitable start j of s at which one of its people, or a session it
 * may not overlap, is already busy: a place there breaks a hard rule. */
static void mark_people_busy(const solver *sv, int s, unsigned char *busy)
{
    const salle__sv_state *st = &sv->st;
    int ns = sv->nstarts[s], d = sv->m.dur[s];
    const int *sts = sv->starts[s];
    memset(busy, 0, (size_t)ns);
    for (int i = sv->m.nb_start[s]; i < sv->m.nb_start[s + 1]; i++) {
        const salle__sv_nb *x = &sv->m.nb[i];
        int o = x->o, ao = st->start[o], bo = ao + sv->m.dur[o];
        if (ao < 0 || o == s || !(x->shared || x->notwith))
            continue;
        for (int j = lower_start(sts, ns, ao - d + 1); j < ns && sts[j] < bo; j++)
            busy[j] = 1;
    }
}

/* Also marks the starts of s at which room r is taken (with its changeover); ix: the starts of
 * s by slot. */
static void mark_room_busy(const solver *sv, int s, int r, unsigned char *busy, const start_index *ix)
{
    const salle__sv_state *st = &sv->st;
    int ns = sv->nstarts[s], d = sv->m.dur[s], co = sv->inst->rooms[r].changeover;
    const int *sts = sv->starts[s], *ra = st->rla[r], *rb = st->rlb[r];
    /* s at t clashes with o when ao - d - co < t < bo + co; the room list has ao and bo + co
     * beside o (reading o's session was a cache miss per session at gen 100,000) */
    for (int i = 0; i < st->rlen[r]; i++) {
        if (st->rlist[r][i] == s)
            continue;
        for (int j = start_find(ix, ra[i] - d - co + 1); j < ns && sts[j] < rb[i]; j++)
            busy[j] = 1;
    }
}

/* Does session s at start t lie in a span of time [lo, hi), ending gap minutes before hi
 * unless hi is the event's end (INT_MAX)? */
static int in_span(int lo, int hi, int gap, int t, int dur)
{
    return t >= lo && (hi == INT_MAX || (long)t + dur + gap <= hi);
}

/* Does session s at start t lie in the run's block (always, unless the run is one of a team
 * working on blocks: docs/solver.md, "Threads")? A run moves its sessions only within its
 * block, so that what the team's runs do adds up at their meeting. */
static int in_block(const solver *sv, int s, int t)
{
    if (!sv->split)
        return 1;
    for (int j = 0; j < sv->nblk; j++)
        if (in_span(sv->blo[j], sv->bhi[j], sv->gap, t, sv->m.dur[s]))
            return 1;
    return 0;
}

/* The best candidate of s in rooms rk[0 .. nr) at the coarse step, published placement and
 * packing starts. Once a place without a hard violation is known, places where the room, one of
 * the session's people or a session it may not overlap is busy are skipped unpriced (inserting a
 * session never lowers the hard count, and such a place breaks a hard rule): the same place is
 * found as by pricing them all, with far fewer prices at scale (issue 10). */
static int best_place_x(solver *sv, int s, const int *rk, int nr, int step, int free_only,
                        int *br, int *bt, cost *bc)
{
    const salle_instance *inst = sv->inst;
    const salle_session *ss = &inst->sessions[s];
    int grid = inst->event.grid > 0 ? inst->event.grid : 5, found = 0, ns = sv->nstarts[s];
    const int *sts = sv->starts[s];
    unsigned char *busy = salle__xmalloc(2 * (size_t)ns + 1), *pbusy = busy + ns, *mask = NULL;
    /* the indices of the starts on the step, found once for all the rooms looked at */
    int *onstep = salle__xmalloc(((size_t)ns + 1) * sizeof *onstep), nstep = 0;
    cost *ut = salle__xmalloc(((size_t)ns + 1) * sizeof *ut);
    for (int i = 0; i < ns; i++)
        ut[i].hard = -1;
    for (int i = 0; i < ns; i++) {
        int t = sts[i], d = salle__sv_day(&sv->m, t);
        if ((t - inst->event.day_offset[d]) % step == 0)
            onstep[nstep++] = i;
    }
    mark_people_busy(sv, s, pbusy);
    start_index ix;
    start_index_init(&ix, sv, s);
    /* BUSY_ is only evaluated once a place without a hard violation is known (or, with
     * free_only, always: a busy place is then never priced) */
#define BUSY_AT(t_) (mask && (j__ = start_find(&ix, (t_))) < ns && sts[j__] == (t_) && mask[j__])
    /* J_: the index of t_ among the starts, or -1 if not known (a start that is none of them
     * fails static_ok) */
#define CONSIDER(r_, t_, BUSY_, J_)                                                                \
    do {                                                                                           \
        int r__ = (r_), t__ = (t_), j__ = 0;                                                       \
        (void)j__;                                                                                 \
        if (!((free_only || (found && bc->hard == 0)) && (BUSY_)) && in_block(sv, s, t__) &&       \
            static_ok(sv, s, r__, t__)) {                                                          \
            int k__ = (J_) >= 0 ? (J_) : start_find(&ix, t__);                                    \
            const cost *u__ = k__ < ns && sts[k__] == t__ ? unary_time_at(sv, ut, s, k__) : NULL;  \
            cost c__;                                                                              \
            if (price_at(sv, s, r__, t__, u__, found ? bc : NULL, &c__) &&                         \
                (!found || lt(c__, *bc))) {                                                        \
                found = 1;                                                                         \
                *bc = c__;                                                                         \
                *br = r__;                                                                         \
                *bt = t__;                                                                         \
            }                                                                                      \
        }                                                                                          \
    } while (0)
    if (ss->published_room >= 0 && !free_only)
        CONSIDER(ss->published_room, ss->published_start,
                 room_clash(sv, s, ss->published_room, ss->published_start), -1);
    for (int k = 0; k < nr; k++) {
        int r = rk[k];
        memcpy(busy, pbusy, (size_t)ns);
        mark_room_busy(sv, s, r, busy, &ix);
        mask = busy;
        for (int q = 0; q < nstep; q++)
            CONSIDER(r, sts[onstep[q]], busy[onstep[q]], onstep[q]);
        /* right after or right before each session already in the room (its start, and its
         * end + the changeover, from the room list) */
        int co = inst->rooms[r].changeover;
        const int *ra = sv->st.rla[r], *rb = sv->st.rlb[r];
        for (int i = 0; i < sv->st.rlen[r]; i++) {
            if (sv->st.rlist[r][i] == s)
                continue;
            int t1 = round_up(rb[i], grid);
            int t2 = ra[i] - co - ss->duration;
            t2 -= ((t2 % grid) + grid) % grid;
            if (t1 % step)
                CONSIDER(r, t1, BUSY_AT(t1), -1);
            if (t2 % step)
                CONSIDER(r, t2, BUSY_AT(t2), -1);
        }
        mask = NULL;
    }
#undef CONSIDER
#undef BUSY_AT
    free(ix.nxt);
    free(ut);
    free(onstep);
    free(busy);
    return found;
}

static int best_place(solver *sv, int s, const int *rk, int nr, int step, int *br, int *bt,
                      cost *bc)
{
    return best_place_x(sv, s, rk, nr, step, 0, br, bt, bc);
}

/* The plain greedy, for when the time limit leaves no time for best_place: the first place that
 * breaks no hard rule, looking at rooms rk[0 .. nr) (best-fitting first) and at the starts on the
 * step from a random one on, wrapping around (so that sessions spread over the days instead of
 * piling up at the first hour). The starts at which the room is busy are marked first, from the
 * room's sessions (binary search in the sorted starts), and skipped unpriced. If none breaks no
 * hard rule, the least bad of the FIT_PRICED priced; 0 if nothing could be priced. With
 * wrap = 1 the rooms too are looked at from a random one on (every session looking at the same
 * first rooms would find them full); at most maxrooms rooms are looked at. */
#define FIT_PRICED 48
#define SETTLE_PRICED 2000 /* in settling's short look */
#define FIT_ROOMS 32


static int first_fit(solver *sv, int s, const int *rk, int nr, int step, int wrap, int maxrooms,
                     int *br, int *bt, cost *bc)
{
    const salle_instance *inst = sv->inst;
    int ns = sv->nstarts[s], found = 0, priced = 0;
    const int *sts = sv->starts[s];
    if (!ns || !nr)
        return 0;
    int i0 = rng_below(&sv->rng, ns), k0 = wrap ? rng_below(&sv->rng, nr) : 0;
    unsigned char *busy = salle__xmalloc(2 * (size_t)ns), *pbusy = busy + ns;
    /* the starts at which someone of s, or a session it may not overlap, is busy (the pricing
     * then only confirms: travel, after and resources are left to it) */
    mark_people_busy(sv, s, pbusy);
    start_index ix = {sts, ns, 1, 0, 0, NULL}; /* a short look: the binary search */
    for (int k = 0; k < nr && k < maxrooms && !(found && bc->hard == 0) && priced < sv->fit_priced;
         k++) {
        int r = rk[(k0 + k) % nr];
        memcpy(busy, pbusy, (size_t)ns);
        mark_room_busy(sv, s, r, busy, &ix);
        for (int j = 0; j < ns; j++) {
            int x = (i0 + j) % ns, t = sts[x];
            if (busy[x] || (t - inst->event.day_offset[salle__sv_day(&sv->m, t)]) % step ||
                !static_ok(sv, s, r, t))
                continue;
            cost c;
            int exact = price_at(sv, s, r, t, NULL, found ? bc : NULL, &c);
            priced++;
            if (exact && (!found || lt(c, *bc))) {
                found = 1;
                *bc = c;
                *br = r;
                *bt = t;
            }
            if (bc->hard == 0 || priced >= sv->fit_priced)
                break;
        }
    }
    free(busy);
    return found;
}

/* Rooms looked at first when a session suits more than ROOM_SAMPLE of them. */
#define ROOM_SAMPLE 16
#define ROOM_BEST 12

/* A position of room_sample's array of rooms, which is rk but at a few positions (sparse). */
typedef struct sample_arr {
    const int *rk;
    int n, pos[2 * ROOM_SAMPLE + 2], room[2 * ROOM_SAMPLE + 2];
} sample_arr;

static int sample_get(const sample_arr *a, int p)
{
    for (int i = 0; i < a->n; i++)
        if (a->pos[i] == p)
            return a->room[i];
    return a->rk[p];
}

static void sample_put(sample_arr *a, int p, int r)
{
    for (int i = 0; i < a->n; i++)
        if (a->pos[i] == p) {
            a->room[i] = r;
            return;
        }
    a->pos[a->n] = p;
    a->room[a->n++] = r;
}

static void sample_swap(sample_arr *a, int p, int q)
{
    int rp = sample_get(a, p), rq = sample_get(a, q);
    sample_put(a, p, rq);
    sample_put(a, q, rp);
}

/* room_sample's own cost of room r for s, in two parts: seats (margin and fit, which depend on
 * the room's seats alone) and the rest (a room its tracks do not use yet, not a preferred room). */
static long sample_seats_cost(const solver *sv, const salle_session *ss, int r)
{
    const long *w = sv->inst->weights;
    long att = ss->attendance > 1 ? ss->attendance : 1;
    long margin = (long)ss->attendance - sv->cap9[r];
    long c = w[SALLE_SOFT_CAPACITY_MARGIN] * (margin > 0 ? margin : 0);
    long fit = sv->fitcap[r] < 0 ? 0 : sv->fitcap[r] - 3 * att; /* unknown: no fit */
    return c + w[SALLE_SOFT_ROOM_FIT] * ((fit > 0 ? fit : 0) / 10);
}

static long sample_other_cost(const solver *sv, const salle_session *ss, int r)
{
    const long *w = sv->inst->weights;
    long c = 0;
    if (ss->preferred_rooms.n) {
        int pref = 0;
        for (int j = 0; j < ss->preferred_rooms.n && !pref; j++)
            pref = ss->preferred_rooms.v[j] == r;
        c += pref ? 0 : w[SALLE_SOFT_SESSION_PREFERENCE];
    }
    for (int j = 0; j < ss->tracks.n; j++)
        if (!sv->st.trk_room[(size_t)ss->tracks.v[j] * sv->m.nrooms + r])
            c += w[SALLE_SOFT_TRACK_ROOMS];
    return c;
}

/* Keeps room r of cost c among the ROOM_BEST cheapest so far, sorted by cost, then room. */
static void sample_keep(long *tkey, int *troom, int *ntop, long c, int r)
{
    int n = *ntop;
    if (n == ROOM_BEST && !(c < tkey[n - 1] || (c == tkey[n - 1] && r < troom[n - 1])))
        return;
    int j = n < ROOM_BEST ? (*ntop)++ : n - 1;
    for (; j > 0 && (c < tkey[j - 1] || (c == tkey[j - 1] && r < troom[j - 1])); j--) {
        tkey[j] = tkey[j - 1];
        troom[j] = troom[j - 1];
    }
    tkey[j] = c;
    troom[j] = r;
}

/* The first position in lo .. hi - 1 of byc (in order of seats, seats known) whose seats exceed c,
 * or hi: the ends of the plateaus of equal seats that room_sample_by_seats walks. */
static int seats_above(const solver *sv, const int *byc, int lo, int hi, int c)
{
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (sv->fitcap[byc[mid]] <= c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* room_sample when the room list is long and the weights it reads are not negative: the same
 * rooms in the same order, from the list in order of seats instead of a look at every room
 * (13% of a limited run at gen 100,000, where a session suits thousands of rooms). Where
 * seats are short of 10/9 of the attendance the seats' cost grows as seats go down, and
 * elsewhere it grows as they go up, and the rest only adds to it: so from the room where seats
 * first suffice the rooms are taken in order of that cost, outwards in both directions, until it
 * exceeds the ROOM_BEST-th best cost found (every room not taken costs at least that much). Rooms
 * of equal seats cost the same seats, so they are taken a plateau at a time, and a plateau ends
 * early once no later room of it can enter the best (gen 100,000 has 3,695 rooms of 20 sizes).
 * The rooms whose seats are unknown are all looked at. Then the swaps room_sample makes are made
 * on the few positions they touch. */
static int room_sample_by_seats(solver *sv, int s, int *sub)
{
    const salle_session *ss = &sv->inst->sessions[s];
    const int *rk = sv->rok + sv->rok_at[s], *byc = sv->rok_cap + sv->rok_at[s];
    int nr = sv->nrok[s], nk = sv->rok_known[s];
    long tkey[ROOM_BEST];
    int troom[ROOM_BEST], ntop = 0;
    for (int i = nk; i < nr; i++)
        sample_keep(tkey, troom, &ntop, sample_seats_cost(sv, ss, byc[i]) + sample_other_cost(sv, ss, byc[i]), byc[i]);
    int lo = 0, hi = nk; /* the first room with 9/10 of its seats >= the attendance */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (sv->cap9[byc[mid]] >= ss->attendance)
            hi = mid;
        else
            lo = mid + 1;
    }
    /* Rooms of equal seats are one plateau of equal seats' cost, in the order of the rooms:
     * once the ROOM_BEST-th best costs that much, no later room of the plateau can take its
     * place (the rest adds to it, and ties go to the lower room), so the plateau ends there.
     * The walk takes whole plateaus, the cheaper frontier first. */
    int L = lo - 1, R = lo; /* the next position each way (a plateau's last, first) */
    while (L >= 0 || R < nk) {
        long aL = L >= 0 ? sample_seats_cost(sv, ss, byc[L]) : LONG_MAX;
        long aR = R < nk ? sample_seats_cost(sv, ss, byc[R]) : LONG_MAX;
        long a = aL <= aR ? aL : aR;
        if (ntop == ROOM_BEST && a > tkey[ntop - 1])
            break;
        int from, to; /* the plateau, positions from .. to - 1 */
        if (aL <= aR) {
            from = seats_above(sv, byc, 0, L, sv->fitcap[byc[L]] - 1);
            to = L + 1;
            L = from - 1;
        } else {
            from = R;
            to = seats_above(sv, byc, R + 1, nk, sv->fitcap[byc[R]]);
            R = to;
        }
        for (int i = from; i < to; i++) {
            int r = byc[i];
            if (ntop == ROOM_BEST && (a > tkey[ntop - 1] || (a == tkey[ntop - 1] && r > troom[ntop - 1])))
                break;
            sample_keep(tkey, troom, &ntop, a + sample_other_cost(sv, ss, r), r);
        }
    }
    /* the swaps of room_sample, on the positions they touch */
    sample_arr arr = {rk, 0, {0}, {0}};
    int top[ROOM_BEST];
    for (int i = 0; i < ntop; i++)
        top[i] = lower_start(rk, nr, troom[i]);
    for (int i = 0; i < ntop; i++) {
        int b = top[i];
        for (int j = i + 1; j < ntop; j++)
            if (top[j] == i)
                top[j] = b;
        sample_swap(&arr, i, b);
    }
    int ns = ROOM_BEST < nr ? ROOM_BEST : nr;
    for (; ns < ROOM_SAMPLE && ns < nr; ns++)
        sample_swap(&arr, ns, ns + rng_below(&sv->rng, nr - ns));
    for (int i = 0; i < ns; i++)
        sub[i] = sample_get(&arr, i);
    return ns;
}

static int room_sample_scan(solver *sv, int s, int *sub, long *key);

/* Fills sub with the ROOM_BEST suitable rooms of s whose own soft cost (seats, fit, preferred
 * rooms, a room its tracks already use) is lowest, then random others, ROOM_SAMPLE in all. With
 * debug_check, the way by seats is checked against the look at every room (the same rooms and
 * the same random draws), and a difference aborts. */
static int room_sample(solver *sv, int s, int *sub, long *key)
{
    const long *w = sv->inst->weights;
    if (!(sv->nrok[s] > 4 * ROOM_SAMPLE && w[SALLE_SOFT_CAPACITY_MARGIN] >= 0 &&
          w[SALLE_SOFT_ROOM_FIT] >= 0 && w[SALLE_SOFT_SESSION_PREFERENCE] >= 0 &&
          w[SALLE_SOFT_TRACK_ROOMS] >= 0))
        return room_sample_scan(sv, s, sub, key);
    rng before = sv->rng;
    int ns = room_sample_by_seats(sv, s, sub);
    if (sv->opt && sv->opt->debug_check) {
        rng after = sv->rng;
        int *again = salle__xmalloc(((size_t)sv->nrok[s] + 1) * sizeof *again);
        sv->rng = before;
        int ns2 = room_sample_scan(sv, s, again, key);
        if (ns2 != ns || memcmp(again, sub, (size_t)ns * sizeof *sub) != 0 ||
            memcmp(&after, &sv->rng, sizeof after) != 0) {
            fprintf(stderr, "salle: the room sample by seats of %s differs from the look at every room\n",
                    sv->inst->sessions[s].id);
            abort();
        }
        free(again);
    }
    return ns;
}

static int room_sample_scan(solver *sv, int s, int *sub, long *key)
{
    const salle_instance *inst = sv->inst;
    const salle_session *ss = &inst->sessions[s];
    const long *w = inst->weights;
    const int *rk = sv->rok + sv->rok_at[s];
    int nr = sv->nrok[s];
    long att = ss->attendance > 1 ? ss->attendance : 1;
    long wpref = ss->preferred_rooms.n ? w[SALLE_SOFT_SESSION_PREFERENCE] : 0;
    /* the rooms' seats from a compact copy (cap9: 9/10 of them; fitcap: -1 when unknown), every
     * room not preferred at the preference's cost, taken back below from the preferred ones
     * (a look-up in the preferred rooms per room was 8% of the plain greedy at gen 100,000) */
    for (int k = 0; k < nr; k++) {
        int r = rk[k];
        long margin = (long)ss->attendance - sv->cap9[r];
        long c = w[SALLE_SOFT_CAPACITY_MARGIN] * (margin > 0 ? margin : 0);
        long fit = sv->fitcap[r] < 0 ? 0 : sv->fitcap[r] - 3 * att; /* unknown: no fit */
        c += w[SALLE_SOFT_ROOM_FIT] * ((fit > 0 ? fit : 0) / 10) + wpref;
        for (int j = 0; j < ss->tracks.n; j++)
            if (!sv->st.trk_room[(size_t)ss->tracks.v[j] * sv->m.nrooms + r])
                c += w[SALLE_SOFT_TRACK_ROOMS];
        key[k] = c;
        sub[k] = r;
    }
    for (int j = 0; wpref && j < ss->preferred_rooms.n; j++) {
        int p = ss->preferred_rooms.v[j], at = lower_start(rk, nr, p);
        /* once per preferred room, even if listed twice */
        int first = 0;
        while (ss->preferred_rooms.v[first] != p)
            first++;
        if (at < nr && rk[at] == p && first == j)
            key[at] -= wpref;
    }
    /* the ROOM_BEST cheapest first, ties by room order, found in one pass (a sorted list of
     * the best so far), then moved to the front by the swaps a partial selection sort would
     * make, so that the rest is in the same order as after one: a selection sort's twelve
     * passes over 3,695 rooms were 8% of a solve at gen 100,000 */
    int top[ROOM_BEST], ntop = 0;
    for (int k = 0; k < nr; k++) {
        if (ntop == ROOM_BEST &&
            !(key[k] < key[top[ntop - 1]] || (key[k] == key[top[ntop - 1]] && sub[k] < sub[top[ntop - 1]])))
            continue;
        int j = ntop < ROOM_BEST ? ntop++ : ntop - 1;
        for (; j > 0 && (key[k] < key[top[j - 1]] ||
                         (key[k] == key[top[j - 1]] && sub[k] < sub[top[j - 1]]));
             j--)
            top[j] = top[j - 1];
        top[j] = k;
    }
    for (int i = 0; i < ntop; i++) { /* top[i] is where the i-th cheapest is now */
        int b = top[i];
        for (int j = i + 1; j < ntop; j++)
            if (top[j] == i)
                top[j] = b; /* the one at i goes to b */
        long tk = key[i];
        int tr = sub[i];
        key[i] = key[b];
        sub[i] = sub[b];
        key[b] = tk;
        sub[b] = tr;
    }
    int ns = ROOM_BEST < nr ? ROOM_BEST : nr;
    for (; ns < ROOM_SAMPLE && ns < nr; ns++) { /* the rest at random from the remainder */
        int j = ns + rng_below(&sv->rng, nr - ns);
        int tr = sub[ns];
        sub[ns] = sub[j];
        sub[j] = tr;
    }
    return ns;
}

/* The construction order of a session, most constrained first, computed once before sorting:
 * the comparator reads nothing but its two keys (no file-level state, so that salle_solve may run
 * on several threads at once). */
typedef struct order_key {
    int published;  /* 1: published and movable (starts at its published place) */
    int resources;  /* 1: needs a shared resource (interpreters compete for its hours) */
    long options;   /* candidate (room, start) pairs: fewest first */
    int duration, people, attendance; /* longest, most people, largest first */
    int s;          /* session order breaks ties: the order is total */
} order_key;

static int cmp_order(const void *x, const void *y)
{
    const order_key *a = x, *b = y;
    if (a->published != b->published)
        return b->published - a->published;
    if (a->resources != b->resources)
        return b->resources - a->resources;
    if (a->options != b->options)
        return a->options < b->options ? -1 : 1;
    if (a->duration != b->duration)
        return b->duration - a->duration;
    if (a->people != b->people)
        return b->people - a->people;
    if (a->attendance != b->attendance)
        return b->attendance - a->attendance;
    return (a->s > b->s) - (a->s < b->s);
}

static void construct(solver *sv)
{
    const salle_instance *inst = sv->inst;
    int n = sv->n, grid = inst->event.grid > 0 ? inst->event.grid : 5;
    /* fixed sessions stay where they were put, even against a rule: the organizers said so */
    for (int s = 0; s < n; s++)
        if (sv->fixed_room[s] >= 0)
            salle__sv_insert(&sv->st, s, sv->fixed_room[s], sv->fixed_start[s]);
    order_key *keys = salle__xmalloc(((size_t)n + 1) * sizeof *keys);
    int *order = salle__xmalloc(((size_t)n + 1) * sizeof *order), k = 0;
    long total = 0;
    for (int s = 0; s < n; s++)
        if (sv->fixed_room[s] < 0 && !sv->reason[s]) {
            const salle_session *ss = &inst->sessions[s];
            order_key *ky = &keys[k++];
            ky->published = ss->published_room >= 0;
            ky->resources = ss->resources.n > 0;
            ky->options = sv->options[s];
            ky->duration = ss->duration;
            ky->people = ss->people.n;
            ky->attendance = ss->attendance;
            ky->s = s;
            total += sv->options[s];
        }
    qsort(keys, (size_t)k, sizeof *keys, cmp_order);
    for (int i = 0; i < k; i++)
        order[i] = keys[i].s;
    free(keys);
    /* a coarser step for big instances keeps construction to a few million evaluations */
    int step = grid;
    while (step < 15 || (total / (step / grid) > 2000000 && step < 60))
        step += grid;
    sv->step = step;
    int *sub = sv->scratch_rooms;
    long *key = sv->scratch_keys;
    double c0 = sv->has_limit ? clock_now(sv) : 0;
    for (int i = 0; i < k; i++) {
        int s = order[i], r, t;
        cost c;
        int *rk = sv->rok + sv->rok_at[s], nr = sv->nrok[s];
        /* few candidates (a pinned start, narrow windows): look at every one of them */
        int own = (long)sv->nstarts[s] * nr <= 300 ? grid : step;
        if (sv->has_limit && (i & 15) == 0 && i) {
            /* the rest by first fit once best fit, at the pace so far, would not leave the search
             * and settling their share: first fit is at least FAST_GAIN times faster (the clock
             * is read at this pace even then, so that a test's fake clock measures the work) */
            double tn = clock_now(sv), per = (tn - c0) / i;
            if (stop_asked(sv) || tn + (double)(k - i) * per / FAST_GAIN >= sv->build_end)
                sv->fast = 1;
        } else if (!sv->fast && stop_asked(sv))
            sv->fast = 1;
        if (sv->fast) {
            /* the best-fitting rooms, then all from a random one, then every grid start (a full
             * programme leaves gaps off the step), and only then prices the busy places too */
            int ns = nr > ROOM_SAMPLE ? room_sample(sv, s, sub, key) : 0;
            if ((ns && first_fit(sv, s, sub, ns, step, 0, FIT_ROOMS, &r, &t, &c) && c.hard == 0) ||
                (first_fit(sv, s, rk, nr, step, 1, FIT_ROOMS, &r, &t, &c) && c.hard == 0) ||
                (first_fit(sv, s, rk, nr, grid, 1, FIT_ROOMS, &r, &t, &c) && c.hard == 0) ||
                first_fit(sv, s, rk, nr, grid, 1, nr, &r, &t, &c) ||
                best_place(sv, s, ns ? sub : rk, ns ? ns : nr, own, &r, &t, &c))
                salle__sv_insert(&sv->st, s, r, t);
            continue;
        }
        if (nr > ROOM_SAMPLE) {
            /* many rooms: first the best-fitting few and a few at random; all of them only if
             * those leave a hard violation, and then only the places where the room and the
             * session's people are free (any other breaks a hard rule), at the step and then at
             * every grid start: if none of them keeps every rule, the least bad place seen,
             * which the repair takes on. Pricing every place of every room for it (the least
             * bad of all) cost a few hundred thousand prices per such session at gen 100,000,
             * over half of the construction's time there (issue 10) */
            int ns = room_sample(sv, s, sub, key), r2, t2;
            int found = best_place(sv, s, sub, ns, own, &r, &t, &c);
            cost c2;
            if (!(found && c.hard == 0) &&
                (best_place_x(sv, s, rk, nr, own, 1, &r2, &t2, &c2) ||
                 (own != grid && best_place_x(sv, s, rk, nr, grid, 1, &r2, &t2, &c2))) &&
                (!found || lt(c2, c))) {
                found = 1;
                r = r2;
                t = t2;
                c = c2;
            }
            if (found)
                salle__sv_insert(&sv->st, s, r, t);
            continue;
        }
        if (best_place(sv, s, rk, nr, own, &r, &t, &c) || best_place(sv, s, rk, nr, grid, &r, &t, &c))
            salle__sv_insert(&sv->st, s, r, t);
    }
    free(order);
}

/* ---------------------------------------------------------------- local search */

static void progress(solver *sv, int force)
{
    if (!sv->opt || !sv->opt->progress || sv->quiet)
        return;
    double t = clock_now(sv);
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

/* Records the first time the schedule has no hard violation (every session placed). */
static void note_zero(solver *sv)
{
    if (sv->zero_at < 0 && sv->st.cost.hard == 0 &&
        sv->st.nplaced + sv->ncancelled == sv->n)
        sv->zero_at = clock_now(sv) - sv->t0;
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
        int s = sv->movable[i];
        if (salle__sv_in_hard(&sv->st, s))
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
    if (sv->nmovable == 0) /* a run of a team whose block is empty */
        return 0;
    int s = nhot && (rng_next(&sv->rng) & 1) ? hot[rng_below(&sv->rng, nhot)]
                                             : sv->movable[rng_below(&sv->rng, sv->nmovable)];
    int r0 = st->room[s], t0 = st->start[s];
    if (r0 < 0)
        return 0;
    int kind = rng_below(&sv->rng, 100);
    int r = r0, t = t0;
    mv->s2 = -1;
    if (kind < 45) { /* anywhere */
        r = sv->rok[sv->rok_at[s] + rng_below(&sv->rng, sv->nrok[s])];
        if (sv->split) { /* anywhere in the run's block */
            int lo[2], nin[2], tot = 0;
            for (int j = 0; j < sv->nblk; j++) {
                long last = sv->bhi[j] == INT_MAX ? INT_MAX
                                                  : (long)sv->bhi[j] - sv->m.dur[s] - sv->gap + 1;
                lo[j] = lower_start(sv->starts[s], sv->nstarts[s], sv->blo[j]);
                int hi = last <= sv->blo[j] ? lo[j]
                                            : lower_start(sv->starts[s], sv->nstarts[s], (int)last);
                nin[j] = hi > lo[j] ? hi - lo[j] : 0;
                tot += nin[j];
            }
            if (tot == 0)
                return 0;
            int x = rng_below(&sv->rng, tot), j = 0;
            if (x >= nin[0]) {
                x -= nin[0];
                j = 1;
            }
            t = sv->starts[s][lo[j] + x];
        } else {
            t = sv->starts[s][rng_below(&sv->rng, sv->nstarts[s])];
        }
    } else if (kind < 70) { /* a little earlier or later */
        int k = 1 + rng_below(&sv->rng, 6);
        t = t0 + (rng_next(&sv->rng) & 1 ? k : -k) * grid;
    } else if (kind < 82) { /* another room, same time */
        r = sv->rok[sv->rok_at[s] + rng_below(&sv->rng, sv->nrok[s])];
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
        if ((r2 == r20 && t2 == t20) || !static_ok(sv, s2, r2, t2) || !in_block(sv, s2, t2))
            return 0;
        mv->s2 = s2;
        mv->r2 = r2;
        mv->t2 = t2;
        mv->r20 = r20;
        mv->t20 = t20;
    }
    if ((r == r0 && t == t0) || !static_ok(sv, s, r, t) || !in_block(sv, s, t))
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
static cost price(solver *sv, move *mv, int *cut)
{
    salle__sv_state *st = &sv->st;
    if (mv->s2 < 0) {
        cost d = salle__sv_move_delta_cut(st, mv->s, mv->r, mv->t, cut);
        return (cost){st->cost.hard + d.hard, st->cost.soft + d.soft};
    }
    /* the first half is carried out, so it is priced in full (s may clash with s2 until s2
     * moves); only the second may stop early */
    mv->d1 = salle__sv_move_delta(st, mv->s, mv->r, mv->t);
    salle__sv_move_apply(st, mv->s, mv->r, mv->t, mv->d1);
    mv->d2 = salle__sv_move_delta_cut(st, mv->s2, mv->r2, mv->t2, cut);
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
        cost cur = sv->st.cost, c = price(sv, &mv, NULL);
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

/* ---------------------------------------------------------------- compound moves */

#define CLUSTER_MAX 8

static int movable_placed(const solver *sv, int s)
{
    return sv->fixed_room[s] < 0 && !sv->reason[s] && sv->st.start[s] >= 0;
}

static int in_list(const int *v, int k, int x)
{
    for (int i = 0; i < k; i++)
        if (v[i] == x)
            return 1;
    return 0;
}

/* Does placed o clash with s placed at (r, [a, b)): same room, or shared people, not_with or
 * after broken? */
static int clashes(const solver *sv, int s, int r, int a, const salle__sv_nb *x, int o, int ao)
{
    int b = a + sv->m.dur[s], bo = ao + sv->m.dur[o];
    int ro = sv->st.room[o];
    if (ro == r) {
        int co = sv->inst->rooms[r].changeover;
        if (ao < b + co && a < bo + co)
            return 1;
    }
    if (!x)
        return 0;
    if ((x->shared || x->notwith) && a < bo && ao < b)
        return 1;
    return ((x->after & 1) && a < bo) || ((x->after & 2) && ao < b);
}

/* Takes the cluster cl[0 .. k) out of the schedule, keeping where each was in or_ and ot; the
 * sessions after the first are sorted first, stably, by fewest candidates, the order in which
 * they are put back (the most constrained first). Shared by ruin_recreate and eject. */
static void lift_out(solver *sv, int *cl, int k, int *or_, int *ot)
{
    for (int i = 2; i < k; i++)
        for (int j = i; j > 1 && sv->options[cl[j]] < sv->options[cl[j - 1]]; j--) {
            int tmp = cl[j];
            cl[j] = cl[j - 1];
            cl[j - 1] = tmp;
        }
    for (int i = 0; i < k; i++) {
        or_[i] = sv->st.room[cl[i]];
        ot[i] = sv->st.start[cl[i]];
        salle__sv_remove(&sv->st, cl[i]);
    }
}

/* Undoes a rejected cluster move: every session of cl[0 .. k) back where lift_out found it. */
static void put_back(solver *sv, const int *cl, int k, const int *or_, const int *ot)
{
    for (int i = 0; i < k; i++)
        salle__sv_remove(&sv->st, cl[i]);
    for (int i = 0; i < k; i++)
        salle__sv_insert(&sv->st, cl[i], or_[i], ot[i]);
}

/* Ruin and recreate: takes out a cluster around s and puts each session back at its best place
 * in turn (the session itself first, then the others most constrained first). mode 0: s and the
 * sessions it clashes with; 1: sessions in s's room within two hours of it; 2: sessions that
 * share a person with s on its day. Accepted by the annealing rule at temperature T (T = 0:
 * only if not worse); otherwise everything goes back. Returns 1 if the schedule changed. */
static int ruin_recreate(solver *sv, int s, int mode, double T, cost *cur)
{
    salle__sv_state *st = &sv->st;
    const salle__sv_model *m = &sv->m;
    int cl[CLUSTER_MAX], or_[CLUSTER_MAX], ot[CLUSTER_MAX], k = 0;
    int r = st->room[s], a = st->start[s], d = salle__sv_day(m, a), er = -1;
    if (!movable_placed(sv, s))
        return 0;
    cl[k++] = s;
    if (mode == 0 && (rng_next(&sv->rng) & 1)) {
        /* ejection: clear the way at another start of s instead of where it is (the clashes
         * there are what kept it away), in one of its rooms at random: the sessions there go
         * too, and s is offered that room. Without the room, a session whose few suitable rooms
         * were full at every time its people were free (gen 30,000: main sessions in 143 of
         * 1,109 rooms, taken by workshops that suit a thousand) was never let in */
        a = sv->starts[s][rng_below(&sv->rng, sv->nstarts[s])];
        r = er = sv->rok[sv->rok_at[s] + rng_below(&sv->rng, sv->nrok[s])];
    }
    if (mode == 1) {
        for (int i = 0; i < st->rlen[r] && k < CLUSTER_MAX; i++) {
            int o = st->rlist[r][i];
            if (o != s && movable_placed(sv, o) && st->start[o] > a - 120 && st->start[o] < a + 120)
                cl[k++] = o;
        }
    } else {
        for (int i = m->nb_start[s]; i < m->nb_start[s + 1] && k < CLUSTER_MAX; i++) {
            const salle__sv_nb *x = &m->nb[i];
            int o = x->o;
            if (o == s || !movable_placed(sv, o) || in_list(cl, k, o))
                continue;
            if (mode == 0 ? clashes(sv, s, r, a, x, o, st->start[o])
                          : x->shared && salle__sv_day(m, st->start[o]) == d)
                cl[k++] = o;
        }
        /* sessions that use one of s's resources at the same time */
        const salle_session *ss = &sv->inst->sessions[s];
        for (int q = 0; mode == 0 && r >= 0 && q < ss->resources.n; q++) {
            /* from a random one on: a resource shared by a thousand sessions has dozens of users
             * at any time, and always the same first few in the cluster made the repair stall
             * on them (gen 30,000: three main sessions left out, issue 10) */
            int res = ss->resources.v[q], lo = sv->rs_start[res], nq = sv->rs_start[res + 1] - lo;
            int i0 = rng_below(&sv->rng, nq);
            for (int j = 0; j < nq && k < CLUSTER_MAX; j++) {
                int o = sv->rs[lo + (i0 + j) % nq], ao = st->start[o];
                if (o != s && ao >= 0 && movable_placed(sv, o) && !in_list(cl, k, o) &&
                    ao < a + m->dur[s] && a < ao + m->dur[o])
                    cl[k++] = o;
            }
        }
        for (int i = 0; mode == 0 && r >= 0 && i < st->rlen[r] && k < CLUSTER_MAX; i++) {
            int o = st->rlist[r][i];
            if (o != s && movable_placed(sv, o) && !in_list(cl, k, o) &&
                clashes(sv, s, r, a, NULL, o, st->start[o]))
                cl[k++] = o;
        }
    }
    if (mode != 0 && k < 2)
        return 0;
    for (int i = 0; i < k; i++)
        if (!in_block(sv, cl[i], st->start[cl[i]]))
            return 0; /* another run's session, or one in no block (a team's run on its block) */
    /* the others in random order, then stably by fewest candidates */
    for (int i = k - 1; i > 1; i--) {
        int j = 1 + rng_below(&sv->rng, i);
        int tmp = cl[i];
        cl[i] = cl[j];
        cl[j] = tmp;
    }
    cost before = st->cost;
    lift_out(sv, cl, k, or_, ot);
    int *sub = sv->scratch_rooms;
    long *key = sv->scratch_keys;
    for (int i = 0; i < k; i++) {
        int x = cl[i], br = or_[i], bt = ot[i], ns;
        cost bc;
        const int *rk = sv->rok + sv->rok_at[x];
        int nr = sv->nrok[x];
        if (nr > ROOM_SAMPLE) {
            ns = room_sample(sv, x, sub, key);
            if (!in_list(sub, ns, or_[i]))
                sub[ns++] = or_[i];
            if (i == 0 && er >= 0 && !in_list(sub, ns, er))
                sub[ns++] = er;
            rk = sub;
            nr = ns;
        }
        /* a repair looks closer: few candidates at every grid start, others every 15 minutes */
        int grid = sv->inst->event.grid > 0 ? sv->inst->event.grid : 5, step = sv->step;
        if ((long)sv->nstarts[x] * nr <= 300)
            step = grid;
        else if (mode == 0)
            while (step > grid && step - grid >= 15)
                step -= grid;
        best_place(sv, x, rk, nr, step, &br, &bt, &bc);
        salle__sv_insert(st, x, br, bt);
    }
    cost after = st->cost;
    double de = energy_delta(before, after);
    int accept = de <= 0;
    if (!accept && T > 0 && de < 30.0 * T) {
        double u = (double)(rng_next(&sv->rng) >> 11) * (1.0 / 9007199254740992.0);
        accept = u < exp(-de / T);
    }
    if (accept) {
        *cur = after;
        return 1;
    }
    put_back(sv, cl, k, or_, ot);
    *cur = st->cost;
    return 0;
}

/* The best place for x (taken out) the way the repair looks: the room sample and the rooms
 * given (its old room, ...), then, if those leave a hard violation, every suitable room's free
 * places; the least bad of what was priced. Returns 0 if nothing could be priced. */
static int repair_place(solver *sv, int x, const int *extra, int nextra, int step, int *br,
                        int *bt, cost *bc)
{
    int *sub = sv->scratch_rooms;
    long *key = sv->scratch_keys;
    const int *rk = sv->rok + sv->rok_at[x];
    int nr = sv->nrok[x];
    if (nr <= ROOM_SAMPLE)
        return best_place(sv, x, rk, nr, step, br, bt, bc);
    int ns = room_sample(sv, x, sub, key);
    for (int i = 0; i < nextra; i++)
        if (extra[i] >= 0 && !in_list(sub, ns, extra[i]))
            sub[ns++] = extra[i];
    int found = best_place(sv, x, sub, ns, step, br, bt, bc), r2, t2;
    cost c2;
    if (!(found && bc->hard == 0) && best_place_x(sv, x, rk, nr, step, 1, &r2, &t2, &c2) &&
        (!found || lt(c2, *bc))) {
        found = 1;
        *br = r2;
        *bt = t2;
        *bc = c2;
    }
    return found;
}

/* Rooms a targeted ejection looks at for one session: all of them up to this many, else this
 * many from a random one on (and the session's own room). */
#define EJECT_ROOMS 96
#define EJECT_NONE 1000000 /* a place ruled out */

static void eject_add(int *c, int add) /* a count that stays at EJECT_NONE once there */
{
    *c = *c >= EJECT_NONE || add >= EJECT_NONE ? EJECT_NONE : *c + add;
}

/* A targeted ejection for a session s in a hard violation (issue 10: the last sessions out at
 * gen 100,000 were main sessions that suit 470 of 3,695 rooms, taken at every time their people
 * were free). Instead of a random start and room (ruin_recreate's mode 0), it counts, for every
 * start of s and each of its rooms looked at, the movable sessions that stand in the way there
 * (sharing a person or a not_with with s, an after relation it would break, the room's sessions
 * with the changeover, one user of a resource that would be over-used), and rules out the
 * places where a fixed session or an exclusive one does; at one of the places with the fewest
 * (at random among them), it takes those out, puts s there and each of them back at its best
 * place. Kept if the hard count goes down, or stays the same with s itself then clean (the
 * difficulty has moved on to a session that stood in the way, usually one with more places to
 * go: an ejection chain); otherwise everything goes back. Returns 1 if the schedule changed. */
static int eject(solver *sv, int s, cost *cur)
{
    salle__sv_state *st = &sv->st;
    const salle__sv_model *m = &sv->m;
    const salle_instance *inst = sv->inst;
    const salle_session *ss = &inst->sessions[s];
    if (!movable_placed(sv, s) || sv->split || !salle__sv_in_hard(st, s))
        return 0;
    int ns = sv->nstarts[s], d = m->dur[s];
    const int *sts = sv->starts[s];
    if (ns == 0)
        return 0;
    int *cnt = salle__xmalloc(2 * ((size_t)ns + 1) * sizeof *cnt), *rc = cnt + ns + 1;
    for (int j = 0; j < ns; j++)
        cnt[j] = 0;
    /* people, not_with and after */
    for (int i = m->nb_start[s]; i < m->nb_soft[s]; i++) {
        const salle__sv_nb *x = &m->nb[i];
        int o = x->o, ao = st->start[o];
        if (o == s || ao < 0)
            continue;
        int bo = ao + m->dur[o], add = movable_placed(sv, o) && o != sv->eject_last ? 1 : EJECT_NONE;
        if (x->shared || x->notwith)
            for (int j = lower_start(sts, ns, ao - d + 1); j < ns && sts[j] < bo; j++)
                eject_add(&cnt[j], add);
        if (x->after & 1) /* s must start after o ends */
            for (int j = 0; j < ns && sts[j] < bo; j++)
                eject_add(&cnt[j], add);
        if (x->after & 2) /* o must start after s ends */
            for (int j = lower_start(sts, ns, ao - d + 1); j < ns; j++)
                eject_add(&cnt[j], add);
    }
    /* exclusive sessions (s in none of their rooms: checked per room below) */
    /* resources: a start at which one would be over-used needs one of its users out */
    for (int k = 0; k < ss->resources.n; k++) {
        int q = ss->resources.v[k], cap = inst->resources[q].capacity;
        const int *use = st->use + (size_t)q * m->nslots;
        for (int j = 0; j < ns; j++) {
            int x0 = sts[j] / m->g, x1 = (sts[j] + d + m->g - 1) / m->g, over = 0;
            if (x1 > m->nslots)
                x1 = m->nslots;
            for (int x = x0; x < x1 && !over; x++)
                over = use[x] >= cap;
            eject_add(&cnt[j], over);
        }
    }
    const int *rk = sv->rok + sv->rok_at[s];
    int nr = sv->nrok[s], look = nr < EJECT_ROOMS ? nr : EJECT_ROOMS;
    int k0 = nr > look ? rng_below(&sv->rng, nr) : 0;
    int best = EJECT_NONE, br = -1, bt = -1, ties = 0;
    for (int q = 0; q <= look; q++) {
        int r = q < look ? rk[(k0 + q) % nr] : st->room[s];
        if (q == look && nr <= look)
            break;
        int co = inst->rooms[r].changeover;
        for (int j = 0; j < ns; j++)
            rc[j] = cnt[j];
        for (int i = 0; i < st->rlen[r]; i++) {
            int o = st->rlist[r][i], ao = st->start[o], bo = ao + m->dur[o];
            if (o == s)
                continue;
            int add = movable_placed(sv, o) && o != sv->eject_last ? 1 : EJECT_NONE;
            for (int j = lower_start(sts, ns, ao - d - co + 1); j < ns && sts[j] < bo + co; j++)
                eject_add(&rc[j], add);
        }
        for (int i = 0; i < m->nexcl; i++) {
            int e = m->excl[i], ae = st->start[e];
            if (e == s || ae < 0 || st->room[e] == r ||
                salle__ids_has(&inst->sessions[e].overflow, r))
                continue;
            for (int j = lower_start(sts, ns, ae - d + 1); j < ns && sts[j] < ae + m->dur[e]; j++)
                rc[j] = EJECT_NONE;
        }
        for (int j = 0; j < ns; j++) {
            if (rc[j] > best || rc[j] >= EJECT_NONE || (r == st->room[s] && sts[j] == st->start[s]) ||
                !static_ok(sv, s, r, sts[j]))
                continue;
            if (rc[j] < best) {
                best = rc[j];
                ties = 0;
            }
            if (rng_below(&sv->rng, ++ties) == 0) { /* one of the fewest, at random */
                br = r;
                bt = sts[j];
            }
        }
    }
    free(cnt);
    if (br < 0 || best >= CLUSTER_MAX)
        return 0;
    /* the sessions in the way at (br, bt) */
    int cl[CLUSTER_MAX], or_[CLUSTER_MAX], ot[CLUSTER_MAX], k = 0;
    cl[k++] = s;
    for (int i = m->nb_start[s]; i < m->nb_soft[s] && k < CLUSTER_MAX; i++) {
        const salle__sv_nb *x = &m->nb[i];
        int o = x->o;
        if (o != s && st->start[o] >= 0 && !in_list(cl, k, o) &&
            clashes(sv, s, br, bt, x, o, st->start[o]))
            cl[k++] = o;
    }
    for (int i = 0; i < st->rlen[br] && k < CLUSTER_MAX; i++) {
        int o = st->rlist[br][i];
        if (o != s && !in_list(cl, k, o) && clashes(sv, s, br, bt, NULL, o, st->start[o]))
            cl[k++] = o;
    }
    for (int q = 0; q < ss->resources.n && k < CLUSTER_MAX; q++) {
        /* one user at random of a resource that would be over-used */
        int res = ss->resources.v[q], cap = inst->resources[res].capacity;
        const int *use = st->use + (size_t)res * m->nslots;
        int x0 = bt / m->g, x1 = (bt + d + m->g - 1) / m->g, over = 0;
        if (x1 > m->nslots)
            x1 = m->nslots;
        for (int x = x0; x < x1 && !over; x++)
            over = use[x] >= cap;
        int lo = sv->rs_start[res], nq = sv->rs_start[res + 1] - lo;
        for (int j = 0, i0 = rng_below(&sv->rng, nq); over && j < nq; j++) {
            int o = sv->rs[lo + (i0 + j) % nq], ao = st->start[o];
            if (o != s && ao >= 0 && movable_placed(sv, o) && !in_list(cl, k, o) &&
                ao < bt + d && bt < ao + m->dur[o]) {
                cl[k++] = o;
                over = 0;
            }
        }
    }
    for (int i = 1; i < k; i++)
        if (!movable_placed(sv, cl[i]) || cl[i] == sv->eject_last)
            return 0;
    cost before = st->cost;
    lift_out(sv, cl, k, or_, ot); /* the others go back by fewest candidates */
    salle__sv_insert(st, s, br, bt);
    int grid = inst->event.grid > 0 ? inst->event.grid : 5, step = sv->step;
    while (step > grid && step - grid >= 15)
        step -= grid;
    for (int i = 1; i < k; i++) {
        int x = cl[i], xr = or_[i], xt = ot[i];
        cost xc;
        repair_place(sv, x, &or_[i], 1, (long)sv->nstarts[x] * sv->nrok[x] <= 300 ? grid : step,
                     &xr, &xt, &xc);
        salle__sv_insert(st, x, xr, xt);
    }
    cost after = st->cost;
    if (after.hard < before.hard ||
        (after.hard == before.hard && !salle__sv_in_hard(st, s))) {
        *cur = after;
        sv->eject_last = s;
        return 1;
    }
    put_back(sv, cl, k, or_, ot);
    *cur = st->cost;
    return 0;
}

/* A Kempe chain in time: s moves by delta minutes (same room); every session that would then
 * clash with a mover (room, people, not_with, after) moves by -delta, and so on, up to
 * CLUSTER_MAX sessions. Priced by moving the members one after another, and undone if rejected
 * (T as in ruin_recreate). Returns 1 if the schedule changed. */
static int kempe(solver *sv, int s, int delta, double T, cost *cur)
{
    salle__sv_state *st = &sv->st;
    const salle__sv_model *m = &sv->m;
    int cl[CLUSTER_MAX], sh[CLUSTER_MAX], k = 0;
    if (!movable_placed(sv, s) || delta == 0)
        return 0;
    cl[k] = s;
    sh[k++] = delta;
    for (int i = 0; i < k; i++) {
        int x = cl[i], nx = st->start[x] + sh[i], rx = st->room[x];
        for (int j = m->nb_start[x]; j < m->nb_start[x + 1]; j++) {
            const salle__sv_nb *nb = &m->nb[j];
            int o = nb->o;
            if (o == x || st->start[o] < 0 || in_list(cl, k, o))
                continue;
            if (!(nb->shared || nb->notwith || nb->after) ||
                !clashes(sv, x, rx, nx, nb, o, st->start[o]))
                continue;
            if (!movable_placed(sv, o) || k == CLUSTER_MAX)
                return 0;
            cl[k] = o;
            sh[k++] = -sh[i];
        }
        for (int j = 0; j < st->rlen[rx]; j++) {
            int o = st->rlist[rx][j];
            if (o == x || in_list(cl, k, o) || !clashes(sv, x, rx, nx, NULL, o, st->start[o]))
                continue;
            if (!movable_placed(sv, o) || k == CLUSTER_MAX)
                return 0;
            cl[k] = o;
            sh[k++] = -sh[i];
        }
    }
    for (int i = 0; i < k; i++)
        if (!static_ok(sv, cl[i], st->room[cl[i]], st->start[cl[i]] + sh[i]) ||
            !in_block(sv, cl[i], st->start[cl[i]]) ||
            !in_block(sv, cl[i], st->start[cl[i]] + sh[i]))
            return 0;
    cost before = st->cost;
    for (int i = 0; i < k; i++) {
        int x = cl[i], r = st->room[x], t = st->start[x] + sh[i];
        salle__sv_move_apply(st, x, r, t, salle__sv_move_delta(st, x, r, t));
    }
    double de = energy_delta(before, st->cost);
    int accept = de <= 0;
    if (!accept && T > 0 && de < 30.0 * T) {
        double u = (double)(rng_next(&sv->rng) >> 11) * (1.0 / 9007199254740992.0);
        accept = u < exp(-de / T);
    }
    if (!accept)
        for (int i = k - 1; i >= 0; i--) {
            int x = cl[i], r = st->room[x], t = st->start[x] - sh[i];
            salle__sv_move_apply(st, x, r, t, salle__sv_move_delta(st, x, r, t));
        }
    *cur = st->cost;
    return accept;
}

/* ---------------------------------------------------------------- teams of runs */

/* With --threads N the runs work as a team (docs/solver.md, "Threads"). They meet every
 * TEAM_MEETINGS-th of the budget, at fixed move counts, so that the outcome depends on the seed
 * and thread count alone. Between two meetings, when the schedule breaks no hard rule, the
 * event's time is cut into N blocks of about as many sessions each (team_plan) and each run
 * moves only the sessions in its block, within it: the blocks share no room-time, no time
 * overlap, no changeover and no travel, so the runs' work adds up, and at the meeting the
 * schedule is put together from where each run is on its block. Every TEAM_ALL_EVERY-th period
 * is a long one, in which one block holds 3/4 of the sessions; while hard violations remain,
 * each run moves everything and the meeting keeps the best run's best. Under a time limit a run
 * that has made its share of a period goes on until the others have made theirs (elastic).
 * Every run then continues from the schedule of the meeting; the best seen by any is the
 * result. */
#define TEAM_MEETINGS 32
#define TEAM_PERIOD_MAX 262144L
/* every TEAM_ALL_EVERY-th period is a long one: one block of 3/4 of the sessions (0: never) */
#define TEAM_ALL_EVERY 8

typedef struct team {
    int n;                     /* runs */
    pthread_barrier_t bar;
    const int *movable;        /* all movable sessions (the runs' own lists are parts of it) */
    int nmovable;
    salle__sv_cost *best;      /* each run's best, posted at a meeting */
    int **best_room, **best_start;
    int **cur_room, **cur_start; /* each run's schedule now, posted at a meeting */
    int *x_room, *x_start;     /* scratch: the runs' bests put together */
    int *m_room, *m_start;     /* the schedule of the meeting, which every run continues from */
    int *g_room, *g_start;     /* the best seen by any run */
    salle__sv_cost g;
    int split;                 /* 1: the period to come is cut into blocks */
    int *nblk;                 /* run i's block: nblk[i] spans [blo[i][j], bhi[i][j]) */
    int (*blo)[2], (*bhi)[2];
    int gap;                   /* minutes: see solver.gap */
    const int *dur;            /* each session's duration */
    int *order;                /* scratch: nmovable starts, sorted */
    int period;                /* meetings so far */
    /* statistics, in CPU seconds: each run's work since it left the last meeting (mark: when
     * it left), and the time runs would wait on idle cores: for the slowest run's period and
     * for the parts of a meeting one run does alone */
    double *work, *mark, idle;
    double balance;            /* the largest block's sessions over nmovable / n, at its worst */
    double long_share;         /* in a long period: the largest block's sessions over nmovable,
                                  at its smallest (0: no long period yet) */
    int splits;                /* periods on blocks */
    int **changed;             /* scratch of each run: sessions load_changes moves */
    int flag;                  /* a run has to stop (time limit, stop asked): atomic */
    int stop;                  /* the meeting's decision */
    /* under a time limit (elastic): a run that has made its share of the period goes on moving
     * on its block until every run has made its own, instead of waiting at the meeting; arrived
     * counts the runs that have (atomic), and is reset at each meeting */
    int elastic;
    int arrived;
} team;

static long team_epoch(long max_it)
{
    long e = max_it / TEAM_MEETINGS;
    if (e > TEAM_PERIOD_MAX)
        e = TEAM_PERIOD_MAX;
    e &= ~1023L;
    return e < 1024 ? 1024 : e;
}

/* The gap between two blocks, in minutes: the longest changeover of a room and the longest
 * travel between venues, so that no hard rule (rooms 2, people 3) and no back-to-back cost links
 * a session that ends before a cut to one that starts after it. */
static int team_gap(const salle_instance *inst)
{
    int g = inst->event.changeover;
    for (int r = 0; r < inst->nrooms; r++)
        if (inst->rooms[r].changeover > g)
            g = inst->rooms[r].changeover;
    for (int i = 0; i < inst->nvenues * inst->nvenues; i++)
        if (inst->travel && inst->travel[i] > g)
            g = inst->travel[i];
    return g;
}

static void team_flag(team *tm)
{
    __atomic_store_n(&tm->flag, 1, __ATOMIC_RELAXED);
}

static int team_flagged(team *tm)
{
    return __atomic_load_n(&tm->flag, __ATOMIC_RELAXED);
}

/* Loads the placement (room, start) into the state. */
static void load_placement(solver *sv, const int *room, const int *start)
{
    for (int s = 0; s < sv->n; s++)
        if (sv->st.start[s] >= 0)
            salle__sv_remove(&sv->st, s);
    for (int s = 0; s < sv->n; s++)
        if (start[s] >= 0)
            salle__sv_insert(&sv->st, s, room[s], start[s]);
}

/* The run whose block session s at start t lies in, or -1 when it lies in none (it straddles a
 * cut, or ends within the gap before one): nobody moves it in the period to come. */
static int team_owner(const team *tm, int s, int t)
{
    if (!tm->split)
        return -1;
    for (int i = 0; i < tm->n; i++)
        for (int j = 0; j < tm->nblk[i]; j++)
            if (in_span(tm->blo[i][j], tm->bhi[i][j], tm->gap, t, tm->dur[s]))
                return i;
    return -1;
}

static int cmp_int(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

/* Movable sessions that a cut at minute c leaves in no block. */
static int team_straddlers(const team *tm, int c)
{
    int k = 0;
    for (int i = 0; i < tm->nmovable; i++) {
        int s = tm->movable[i], t = tm->m_start[s];
        if (t < c && (long)t + tm->dur[s] + tm->gap > c)
            k++;
    }
    return k;
}

/* Moves the state to the placement (room, start), touching only the sessions placed otherwise:
 * at a meeting a run's schedule differs from the meeting's only where the other runs moved
 * sessions, and reloading every session was most of a meeting's cost (issue 10 point 5). */
static void load_changes(solver *sv, const int *room, const int *start)
{
    salle__sv_state *st = &sv->st;
    int *ch = sv->team->changed[sv->tid], nch = 0;
    for (int s = 0; s < sv->n; s++)
        if (st->start[s] != start[s] || (start[s] >= 0 && st->room[s] != room[s])) {
            ch[nch++] = s;
            if (st->start[s] >= 0)
                salle__sv_remove(st, s);
        }
    for (int j = 0; j < nch; j++)
        if (start[ch[j]] >= 0)
            salle__sv_insert(st, ch[j], room[ch[j]], start[ch[j]]);
}

/* The plan of the next period, from the meeting's schedule (m_start) and whether it breaks a
 * hard rule. The event's time, seen as a circle (its end joined to its start), is cut into N
 * blocks of about as many movable sessions each: the cuts are at the sessions' starts in order,
 * at positions off + i x nmovable / N (mod nmovable), each moved to the start nearby (within a
 * 40th of the sessions) that leaves the fewest sessions across it; the block over the join is
 * two spans, the start and the end of the event. The offset moves by the golden ratio of the
 * sessions every period, so that sessions near a cut are inside a block the next time, and two
 * sessions far apart in time share a block now and then. Blocks share no room-time, no time
 * overlap, no changeover and no travel (solver.gap); a session within the gap of a cut is in no
 * block until the cuts move. In a long period (every TEAM_ALL_EVERY-th) the cuts are at off,
 * off + 3/4 and even parts of the last quarter instead. While hard violations remain (for the
 * repairs), or when there are too few sessions to cut, each run moves everything. */
static void team_plan(team *tm, const solver *sv, long hard)
{
    const salle_event *e = &sv->inst->event;
    int k = tm->n, nm = tm->nmovable;
    /* long: one block of 3/4 of the sessions, so that moves between times that even blocks
     * always part (opposite on the circle) are made now and then, and the others share the
     * rest; every TEAM_ALL_EVERY-th period */
    int longp = TEAM_ALL_EVERY && tm->period % TEAM_ALL_EVERY == TEAM_ALL_EVERY - 1;
    tm->split = hard == 0 && nm >= 8 * k;
    for (int d = 1; d < e->ndays && tm->split; d++)
        if (e->day_offset[d] <= e->day_offset[d - 1])
            tm->split = 0; /* days out of order: no blocks */
    for (int i = 0; i < k; i++) {
        tm->nblk[i] = 1;
        tm->blo[i][0] = tm->blo[i][1] = INT_MIN;
        tm->bhi[i][0] = tm->bhi[i][1] = INT_MAX;
    }
    if (!tm->split)
        return;
    for (int i = 0; i < nm; i++)
        tm->order[i] = tm->m_start[tm->movable[i]];
    qsort(tm->order, (size_t)nm, sizeof *tm->order, cmp_int);
    /* the offset, a fraction of the sessions: 40503 / 65536 is about the golden ratio's 0.618 */
    long off = (long)(((unsigned long)tm->period * 40503u) & 65535u) * nm / 65536;
    /* windows narrow enough that they do not overlap and at most one takes in the join */
    int w = nm / 40 < nm / (4 * k) ? nm / 40 : nm / (4 * k), nc = 0, wrap = 0;
    if (longp && w > nm / (16 * (k - 1)))
        w = nm / (16 * (k - 1));
    int *cut = salle__xmalloc((size_t)k * sizeof *cut);
    for (int i = 0; i < k; i++) {
        long p = (off + (long)i * nm / k) % nm;
        if (longp) /* 0 to 3/4, then k - 1 even parts of the last quarter */
            p = (off + (i ? 3L * nm / 4 + (long)(i - 1) * nm / (4 * (k - 1)) : 0)) % nm;
        if (p <= w || p >= nm - 1 - w) {
            wrap = 1; /* a cut at the join, which needs no time of its own */
            continue;
        }
        int best = tm->order[p], bs = INT_MAX;
        long bdist = 0;
        for (long j = p - w; j <= p + w; j++) {
            int c = tm->order[j];
            if (c == tm->order[j - 1])
                continue; /* the same cut as at j - 1 */
            int x = team_straddlers(tm, c);
            long dist = j > p ? j - p : p - j;
            if (x < bs || (x == bs && dist < bdist)) {
                bs = x;
                best = c;
                bdist = dist;
            }
        }
        cut[nc++] = best;
    }
    qsort(cut, (size_t)nc, sizeof *cut, cmp_int);
    if (wrap) { /* nc == k - 1 cuts: [-inf, c0), [c0, c1), ..., [c(k-2), +inf) */
        for (int i = 0; i < k; i++) {
            tm->blo[i][0] = i == 0 ? INT_MIN : cut[i - 1];
            tm->bhi[i][0] = i == k - 1 ? INT_MAX : cut[i];
        }
    } else { /* k cuts: [c0, c1), ..., and the join's block [-inf, c0) + [c(k-1), +inf) */
        for (int i = 0; i < k - 1; i++) {
            tm->blo[i][0] = cut[i];
            tm->bhi[i][0] = cut[i + 1];
        }
        tm->nblk[k - 1] = 2;
        tm->bhi[k - 1][0] = cut[0];
        tm->blo[k - 1][1] = cut[k - 1];
    }
    free(cut);
    /* for the statistics: how even the blocks are */
    int *own = salle__xcalloc((size_t)k, sizeof *own), most = 0;
    for (int i = 0; i < nm; i++) {
        int o = team_owner(tm, tm->movable[i], tm->m_start[tm->movable[i]]);
        if (o >= 0 && ++own[o] > most)
            most = own[o];
    }
    free(own);
    double bal = (double)most * k / nm;
    if (!longp) /* a long period is uneven on purpose */
        tm->balance = bal > tm->balance ? bal : tm->balance;
    else if (tm->long_share == 0 || (double)most / nm < tm->long_share)
        tm->long_share = (double)most / nm;
    tm->splits++;
}

/* Run sv's own sessions for the period to come: all, or those in its block. */
static void team_take(solver *sv)
{
    team *tm = sv->team;
    int i = sv->tid;
    sv->split = tm->split;
    sv->gap = tm->gap;
    sv->nblk = tm->nblk[i];
    for (int j = 0; j < 2; j++) {
        sv->blo[j] = tm->blo[i][j];
        sv->bhi[j] = tm->bhi[i][j];
    }
    sv->nmovable = 0;
    for (int j = 0; j < tm->nmovable; j++) {
        int s = tm->movable[j];
        if (!tm->split || team_owner(tm, s, sv->st.start[s]) == i)
            sv->movable[sv->nmovable++] = s;
    }
}

/* With debug_check, at a meeting after a period on blocks: no run has moved a session of
 * another run's block or of none, nor one of its own out of its block, in its best or where it
 * is. Either would make the meeting's schedule, put together from the runs' blocks, break hard
 * rules that no run saw (a ruin and recreate that put a session on another run's day once
 * did). */
static void team_audit(const team *tm)
{
    for (int j = 0; j < tm->nmovable; j++) {
        int s = tm->movable[j], t = tm->m_start[s], k = team_owner(tm, s, t);
        for (int q = 0; q < 2 * tm->n; q++) { /* each run's best, then where it is */
            int i = q % tm->n;
            int bt = q < tm->n ? tm->best_start[i][s] : tm->cur_start[i][s];
            int br = q < tm->n ? tm->best_room[i][s] : tm->cur_room[i][s];
            int ok = i == k ? team_owner(tm, s, bt) == k : bt == t && br == tm->m_room[s];
            if (!ok) {
                fprintf(stderr,
                        "salle: run %d of the team moved session %d (block %d) from %d to %d, "
                        "outside its block\n",
                        i, s, k, t, bt);
                abort();
            }
        }
    }
}

/* A meeting of the runs: each posts its best of the period (best_room/start up to date) and
 * where it is. The best of all (g) is kept; the meeting's schedule is put together from where
 * each run is on its block (after a cut period; at the last meeting the runs' bests put together
 * are a candidate for g) or is the best run's best; every run moves to it (load_changes) and
 * run 0 plans the next period. At the
 * last meeting (last, or a stop) every run's best becomes the best of all. Returns 1 when the
 * runs are to stop. */
static int team_sync(solver *sv, cost *cur, cost *best, int *best_room, int *best_start, int last)
{
    team *tm = sv->team;
    int i = sv->tid, n = sv->n;
    size_t sz = (size_t)n * sizeof *best_room;
    tm->work[i] = thread_cpu() - tm->mark[i];
    tm->best[i] = *best;
    tm->best_room[i] = best_room;
    tm->best_start[i] = best_start;
    tm->cur_room[i] = sv->st.room;
    tm->cur_start[i] = sv->st.start;
    if (pthread_barrier_wait(&tm->bar) == PTHREAD_BARRIER_SERIAL_THREAD) {
        double alone = thread_cpu(), slowest = 0;
        __atomic_store_n(&tm->arrived, 0, __ATOMIC_RELAXED); /* every run is here */
        for (int j = 0; j < tm->n; j++)
            slowest = tm->work[j] > slowest ? tm->work[j] : slowest;
        for (int j = 0; j < tm->n; j++)
            tm->idle += slowest - tm->work[j];
        int b = 0;
        for (int j = 1; j < tm->n; j++)
            if (lt(tm->best[j], tm->best[b]))
                b = j;
        if (lt(tm->best[b], tm->g)) {
            tm->g = tm->best[b];
            memcpy(tm->g_room, tm->best_room[b], sz);
            memcpy(tm->g_start, tm->best_start[b], sz);
        }
        if (tm->split && sv->opt && sv->opt->debug_check)
            team_audit(tm);
        if (tm->split) {
            /* each movable session from the run whose block it was on at the last meeting
             * (m_start still holds it); the others do not move. The runs go on from where
             * each was on its block (as one run goes on from where it is, not from its best);
             * the runs' bests put together are a candidate for the best of all. */
            memcpy(tm->x_room, tm->m_room, sz);
            memcpy(tm->x_start, tm->m_start, sz);
            for (int j = 0; j < tm->nmovable; j++) {
                int s = tm->movable[j], k = team_owner(tm, s, tm->m_start[s]);
                if (k < 0)
                    continue; /* in no block: it stayed */
                tm->x_room[s] = tm->best_room[k][s];
                tm->x_start[s] = tm->best_start[k][s];
                tm->m_room[s] = tm->cur_room[k][s];
                tm->m_start[s] = tm->cur_start[k][s];
            }
            /* the runs' bests put together are scored only at the end: the runs go on from
             * where they are, so only the result needs the best of all, and scoring it here
             * made every meeting wait for one run's reload (issue 10 point 5) */
            if (last || team_flagged(tm))
                load_changes(sv, tm->x_room, tm->x_start);
            if ((last || team_flagged(tm)) && lt(sv->st.cost, tm->g)) {
                tm->g = sv->st.cost;
                memcpy(tm->g_room, tm->x_room, sz);
                memcpy(tm->g_start, tm->x_start, sz);
            }
        } else {
            memcpy(tm->m_room, tm->best_room[b], sz);
            memcpy(tm->m_start, tm->best_start[b], sz);
        }
        tm->stop = team_flagged(tm);
        tm->idle += (tm->n - 1) * (thread_cpu() - alone);
    }
    pthread_barrier_wait(&tm->bar);
    int stop = tm->stop;
    load_changes(sv, tm->m_room, tm->m_start);
    *cur = sv->st.cost;
    /* between meetings a run keeps its own best of the period, which differs from the meeting's
     * schedule only on its block (what team_audit checks); the best of all is the team's (g),
     * and is every run's at the end */
    if (!stop && !last) {
        memcpy(best_room, tm->m_room, sz);
        memcpy(best_start, tm->m_start, sz);
        *best = *cur;
    } else if (lt(*cur, tm->g)) {
        memcpy(best_room, tm->m_room, sz);
        memcpy(best_start, tm->m_start, sz);
        *best = *cur;
    } else {
        memcpy(best_room, tm->g_room, sz);
        memcpy(best_start, tm->g_start, sz);
        *best = tm->g;
    }
    pthread_barrier_wait(&tm->bar);
    if (i == 0) { /* the others wait at the next barrier before they read the plan */
        double alone = thread_cpu();
        tm->period++;
        team_plan(tm, sv, cur->hard);
        tm->idle += (tm->n - 1) * (thread_cpu() - alone);
    }
    pthread_barrier_wait(&tm->bar);
    team_take(sv);
    tm->mark[i] = thread_cpu();
    return stop;
}

static void search(solver *sv)
{
    salle__sv_state *st = &sv->st;
    int n = sv->n;
    if (sv->nmovable == 0 && !sv->team)
        return;
    /* an explicit time limit caps the search; without one the move budget alone ends it, so that
     * the same seed and thread count give the same schedule however fast or busy the machine is
     * (docs/solver.md, Determinism) */
    int capped = sv->has_limit;
    /* the budget: a fixed number of moves per movable session, so that the same instance and
     * seed always make the same moves (see docs/solver.md) */
    long max_it = (long)(sv->team ? sv->team->nmovable : sv->nmovable) * ITERATIONS_PER_SESSION;
    if (max_it < MIN_ITERATIONS)
        max_it = MIN_ITERATIONS;
    if (max_it > MAX_ITERATIONS)
        max_it = MAX_ITERATIONS;
    if (sv->opt && sv->opt->iterations > 0)
        max_it = sv->opt->iterations;
    if (!sv->team && (stop_asked(sv) || (capped && clock_now(sv) >= sv->search_end)))
        return; /* construction took the time: the schedule it built is the best so far (a team
                 * looks before it starts: parallel_search) */
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
    int best_dirty = 0; /* the state is the best seen, not yet copied to best_room/start */
    long epoch = sv->team ? team_epoch(max_it) : 0;
    int synced_stop = 0;
    double Tit = T, began = capped ? clock_now(sv) : 0;
    /* with a team under a time limit (team.elastic): beyond is 1 while this run, its share of
     * the period made, goes on by chunks of 1,024 moves until the others have made theirs;
     * extra counts those moves, so that it - extra is the run's share of the budget */
    long extra = 0;
    int beyond = 0;
    for (long it = 0; it - extra < max_it; it++) {
        if ((it & 1023) == 0) {
            if (it) {
                if (beyond)
                    extra += 1024; /* the chunk just made was beyond the share */
                else
                    Tit *= cool; /* the temperature follows the share */
                T = Tit;
                int stop = stop_asked(sv); /* interrupted: keep the best */
                int ahead = 0; /* the clock has cooled the search further than the moves */
                if (capped) {
                    /* under a limit, cool by the time used too, so that a search the clock
                     * stops has cooled all the same (docs/solver.md, "Time limit") */
                    double c = clock_now(sv), span = sv->search_end - began;
                    stop = stop || c >= sv->search_end;
                    double Tt = span > 0 ? T0 * pow(T1 / T0, (c - began) / span) : T1;
                    if (Tt < T)
                        T = Tt;
                    ahead = Tt < Tit;
                }
                if (sv->team) {
                    /* the runs meet at fixed move counts of their share, or as soon as one
                     * has to stop; under a limit, once every run has made its share */
                    team *tm = sv->team;
                    if (stop)
                        team_flag(tm);
                    int due = (it - extra) % epoch == 0;
                    if (due && tm->elastic && !beyond)
                        __atomic_add_fetch(&tm->arrived, 1, __ATOMIC_RELAXED);
                    /* only while the clock is ahead of the moves, when the search already
                     * follows the clock: a run whose budget the limit never catches up with
                     * stays the same schedule as without a limit (docs/solver.md, "Determinism") */
                    beyond = due && tm->elastic && ahead &&
                             __atomic_load_n(&tm->arrived, __ATOMIC_RELAXED) < tm->n;
                    if (stop || team_flagged(tm) || (due && !beyond)) {
                        beyond = 0;
                        if (best_dirty) {
                            memcpy(best_room, st->room, (size_t)n * sizeof *best_room);
                            memcpy(best_start, st->start, (size_t)n * sizeof *best_start);
                            best_dirty = 0;
                        }
                        if (team_sync(sv, &cur, &best, best_room, best_start, 0)) {
                            synced_stop = 1;
                            break;
                        }
                    }
                } else if (stop) {
                    break;
                }
            }
            progress(sv, 0);
            nhot = cur.hard > 0 ? hot_sessions(sv, hot) : 0;
        }
        if ((it & 255) == 128) {
            /* a compound move: repairs while hard violations remain, Kempe chains and ruin and
             * recreate otherwise (docs/solver.md) */
            if (best_dirty) {
                memcpy(best_room, st->room, (size_t)n * sizeof *best_room);
                memcpy(best_start, st->start, (size_t)n * sizeof *best_start);
                best_dirty = 0;
            }
            int x = sv->nmovable ? sv->movable[rng_below(&sv->rng, sv->nmovable)] : -1;
            int kind = rng_below(&sv->rng, 4);
            if (nhot) {
                for (int rep = 0; rep < 2 && cur.hard > 0; rep++) {
                    int h = hot[rng_below(&sv->rng, nhot)];
                    if (rep) /* the repair's two kinds of try (repair, below) */
                        eject(sv, h, &cur);
                    else
                        ruin_recreate(sv, h, 0, 0, &cur);
                }
            } else if (x < 0) {
                /* nothing of its own to move */
            } else if (kind < 2 && sv->rr_every) {
                kempe(sv, x, (1 + rng_below(&sv->rng, 8)) * sv->step * (kind ? 1 : -1), T, &cur);
            } else if ((it & 1023) == 128 && sv->rr_every) {
                ruin_recreate(sv, x, 1 + (kind & 1), T, &cur);
            }
            sv->moves++;
            if (cur.hard == 0 && sv->zero_at < 0)
                note_zero(sv);
            if (lt(cur, best)) {
                best = cur;
                best_dirty = 1;
            }
            if (debug && (it & 4095) == 128) /* the audit every 1000 moves covers the rest */
                audit(sv, "after a compound move");
        }
        move mv;
        if (!propose(sv, hot, nhot, &mv))
            continue;
        /* a move that breaks a hard rule from a schedule that breaks none raises the energy by
         * at least HARD_WEIGHT - cur.soft (no soft total is below 0): when that is 30 T or more
         * it is rejected without drawing a number below, so its pricing may stop at the first
         * hard violation it finds (salle__sv_move_delta_cut); the same moves are taken */
        int cut = cur.hard == 0 && HARD_WEIGHT - (double)cur.soft >= 30.0 * T;
        cost c = price(sv, &mv, &cut);
        sv->moves++;
        double de = cut ? HUGE_VAL : energy_delta(cur, c);
        int accept = de <= 0;
        if (!accept && de < 30.0 * T) {
            double u = (double)(rng_next(&sv->rng) >> 11) * (1.0 / 9007199254740992.0);
            accept = u < exp(-de / T);
        }
        if (accept) {
            if (best_dirty && de > 0) {
                /* leaving the best schedule seen: keep it (a swap has moved s already) */
                memcpy(best_room, st->room, (size_t)n * sizeof *best_room);
                memcpy(best_start, st->start, (size_t)n * sizeof *best_start);
                best_room[mv.s] = mv.r0;
                best_start[mv.s] = mv.t0;
                best_dirty = 0;
            }
            commit(sv, &mv, c);
            cur = c;
            if (cur.hard == 0 && sv->zero_at < 0)
                note_zero(sv);
            if (lt(cur, best)) {
                best = cur;
                best_dirty = 1;
            }
        } else {
            undo(sv, &mv);
        }
        if (debug && (it % 1000) == 999)
            audit(sv, "during the search");
    }
    if (best_dirty) {
        memcpy(best_room, st->room, (size_t)n * sizeof *best_room);
        memcpy(best_start, st->start, (size_t)n * sizeof *best_start);
    }
    if (sv->team && !synced_stop) /* the last meeting, which a run that must stop may wait at */
        team_sync(sv, &cur, &best, best_room, best_start, 1);
    sv->team_extra = extra;
    load_placement(sv, best_room, best_start); /* back to the best placement seen */
    free(best_room);
    free(best_start);
    free(hot);
}

/* ---------------------------------------------------------------- repair */

/* Ejection chains for the few sessions construction could not place without a hard violation
 * (issue 10): half of the tries, a hot session is taken out with the sessions it clashes with,
 * here or at another of its starts, and each is put back at its best place, kept only if the
 * score does not get worse (ruin_recreate); the other half, a targeted ejection (eject).
 * Before the annealing, which at scale spends most of its moves on soft goals: at gen 10,000
 * construction leaves about 15 hard violations and this clears them in a fraction of the
 * construction's time. A bounded number of tries (REPAIR_TRIES per hot session, rounds of
 * REPAIR_ROUND, REPAIR_STALL per hot session without progress), so that a run without a limit
 * stays deterministic; with one, the clock is read every try. */
#define REPAIR_TRIES 200
#define REPAIR_ROUND 32
#define REPAIR_STALL 100

/* refill (only under a time limit): the try budget is renewed for as long as the tries still
 * remove hard violations and the clock allows. */
static void repair(solver *sv, int refill)
{
    refill = refill && sv->has_limit;
    int *hot = salle__xmalloc(((size_t)sv->n + 1) * sizeof *hot);
    cost cur = sv->st.cost;
    long tries = -1, stall = 0, best = cur.hard;
    /* with a limit, repair stops where the search would (the last 5% are kept for settling) */
#define REPAIR_LATE (sv->has_limit && (out_of_time(sv) || clock_now(sv) >= sv->search_end))
    while (cur.hard > 0 && !stop_asked(sv) && !REPAIR_LATE) {
        int nhot = hot_sessions(sv, hot);
        if (tries < 0 || (refill && tries <= 0 && stall <= (long)REPAIR_STALL * nhot))
            tries = (long)REPAIR_TRIES * nhot;
        /* what is left after REPAIR_STALL tries per hot session without progress is left to
         * the annealing (the search's moves, then settling) */
        if (nhot == 0 || tries <= 0 || stall > (long)REPAIR_STALL * nhot)
            break;
        progress(sv, 0);
        for (int i = 0; i < REPAIR_ROUND && cur.hard > 0 && tries > 0; i++, tries--, stall++) {
            if (REPAIR_LATE || stop_asked(sv))
                break;
            int x = hot[rng_below(&sv->rng, nhot)];
            if (rng_next(&sv->rng) & 1)
                eject(sv, x, &cur);
            else
                ruin_recreate(sv, x, 0, 0, &cur);
            sv->moves++;
            if (cur.hard < best) {
                best = cur.hard;
                stall = 0;
            }
        }
    }
#undef REPAIR_LATE
    free(hot);
}

/* ---------------------------------------------------------------- threads */

/* A worker waits at the gate until every thread has been created (or one could not be, and
 * the runs go without a team), then searches. */
typedef struct gate {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int open;
} gate;

typedef struct worker {
    solver *sv;
    gate *g;
} worker;

/* One run of a team, its CPU time counted for the statistics. */
static void team_search(solver *sv)
{
    double c0 = thread_cpu();
    if (sv->team)
        sv->team->mark[sv->tid] = c0;
    search(sv);
    sv->team_cpu = thread_cpu() - c0;
}

static void *search_thread(void *arg)
{
    worker *wk = arg;
    pthread_mutex_lock(&wk->g->mu);
    while (!wk->g->open)
        pthread_cond_wait(&wk->g->cv, &wk->g->mu);
    pthread_mutex_unlock(&wk->g->mu);
    team_search(wk->sv);
    return NULL;
}

/* N annealing runs from the constructed schedule, over the shared read-only model and
 * candidates, each with its own state: run 0 continues the single-thread random stream, run
 * i > 0 is seeded from (seed, i). They share their best at fixed move counts (team_sync); the
 * best result wins, ties to the lowest run: the outcome depends on the seed and the thread count
 * only. */
static void parallel_search(solver *sv, int nthreads)
{
    int n = sv->n;
    if (stop_asked(sv) || (sv->has_limit && clock_now(sv) >= sv->search_end))
        return; /* construction took the time: the schedule it built is the best so far */
    solver *w = salle__xcalloc((size_t)nthreads, sizeof *w);
    worker *wk = salle__xcalloc((size_t)nthreads, sizeof *wk);
    pthread_t *th = salle__xcalloc((size_t)nthreads, sizeof *th);
    int *started = salle__xcalloc((size_t)nthreads, sizeof *started);
    uint64_t seed = sv->opt ? sv->opt->seed : 0;
    size_t sz = ((size_t)n + 1) * sizeof(int);
    team tm = {.n = nthreads, .movable = sv->movable, .nmovable = sv->nmovable, .g = sv->st.cost,
               .elastic = sv->has_limit};
    tm.best = salle__xcalloc((size_t)nthreads, sizeof *tm.best);
    tm.best_room = salle__xcalloc((size_t)nthreads, sizeof *tm.best_room);
    tm.best_start = salle__xcalloc((size_t)nthreads, sizeof *tm.best_start);
    tm.cur_room = salle__xcalloc((size_t)nthreads, sizeof *tm.cur_room);
    tm.cur_start = salle__xcalloc((size_t)nthreads, sizeof *tm.cur_start);
    tm.x_room = salle__xmalloc(sz);
    tm.x_start = salle__xmalloc(sz);
    tm.nblk = salle__xcalloc((size_t)nthreads, sizeof *tm.nblk);
    tm.blo = salle__xcalloc((size_t)nthreads, sizeof *tm.blo);
    tm.bhi = salle__xcalloc((size_t)nthreads, sizeof *tm.bhi);
    tm.order = salle__xmalloc(((size_t)sv->nmovable + 1) * sizeof *tm.order);
    tm.dur = sv->m.dur;
    tm.work = salle__xcalloc((size_t)nthreads, sizeof *tm.work);
    tm.changed = salle__xcalloc((size_t)nthreads, sizeof *tm.changed);
    for (int i = 0; i < nthreads; i++)
        tm.changed[i] = salle__xmalloc(((size_t)n + 1) * sizeof **tm.changed);
    tm.mark = salle__xcalloc((size_t)nthreads, sizeof *tm.mark);
    tm.gap = team_gap(sv->inst);
    tm.m_room = salle__xmalloc(sz);
    tm.m_start = salle__xmalloc(sz);
    tm.g_room = salle__xmalloc(sz);
    tm.g_start = salle__xmalloc(sz);
    memcpy(tm.m_room, sv->st.room, (size_t)n * sizeof(int));
    memcpy(tm.m_start, sv->st.start, (size_t)n * sizeof(int));
    memcpy(tm.g_room, sv->st.room, (size_t)n * sizeof(int));
    memcpy(tm.g_start, sv->st.start, (size_t)n * sizeof(int));
    team_plan(&tm, sv, sv->st.cost.hard);
    int bar_ok = pthread_barrier_init(&tm.bar, NULL, (unsigned)nthreads) == 0, teamed = bar_ok;
    gate g = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};
    for (int i = 0; i < nthreads; i++) {
        solver *x = &w[i];
        *x = *sv;
        x->quiet = i > 0;
        x->moves = 0;
        x->tid = i;
        if (i > 0)
            rng_seed(&x->rng, seed ^ (0xD1B54A32D192ED03ull * (uint64_t)i));
        x->scratch_rooms =
            salle__xmalloc(((size_t)sv->m.nrooms + CLUSTER_MAX + 1) * sizeof *x->scratch_rooms);
        x->scratch_keys = salle__xmalloc(((size_t)sv->m.nrooms + 1) * sizeof *x->scratch_keys);
        salle__sv_state_init(&x->st, &sv->m);
        for (int s = 0; s < n; s++)
            if (sv->st.start[s] >= 0)
                salle__sv_insert(&x->st, s, sv->st.room[s], sv->st.start[s]);
        x->movable = salle__xmalloc(((size_t)sv->nmovable + 1) * sizeof *x->movable);
        memcpy(x->movable, sv->movable, (size_t)sv->nmovable * sizeof *x->movable);
        wk[i] = (worker){x, &g};
    }
    for (int i = 1; i < nthreads; i++) {
        started[i] = pthread_create(&th[i], NULL, search_thread, &wk[i]) == 0;
        teamed = teamed && started[i];
    }
    for (int i = 0; i < nthreads && teamed; i++) { /* no team if a thread is missing: it would
                                                    * wait forever */
        w[i].team = &tm;
        team_take(&w[i]);
    }
    pthread_mutex_lock(&g.mu);
    g.open = 1;
    pthread_cond_broadcast(&g.cv);
    pthread_mutex_unlock(&g.mu);
    team_search(&w[0]);
    for (int i = 1; i < nthreads; i++) {
        if (started[i])
            pthread_join(th[i], NULL);
        else
            team_search(&w[i]); /* no thread to be had: the same run, here */
    }
    int b = 0;
    for (int i = 1; i < nthreads; i++)
        if (lt(w[i].st.cost, w[b].st.cost))
            b = i;
    load_placement(sv, w[b].st.room, w[b].st.start);
    sv->team_idle = tm.idle;
    sv->meetings = tm.period;
    sv->team_splits = tm.splits;
    sv->team_balance = tm.balance;
    sv->team_long_share = tm.long_share;
    for (int i = 0; i < nthreads; i++) {
        sv->moves += w[i].moves;
        sv->team_cpu += w[i].team_cpu;
        sv->team_extra += w[i].team_extra;
        if (w[i].zero_at >= 0 && (sv->zero_at < 0 || w[i].zero_at < sv->zero_at))
            sv->zero_at = w[i].zero_at;
        salle__sv_state_free(&w[i].st);
        free(w[i].scratch_rooms);
        free(w[i].scratch_keys);
        free(w[i].movable);
    }
    sv->rng = w[0].rng;
    if (bar_ok)
        pthread_barrier_destroy(&tm.bar);
    pthread_mutex_destroy(&g.mu);
    pthread_cond_destroy(&g.cv);
    free(tm.best);
    free(tm.best_room);
    free(tm.best_start);
    free(tm.cur_room);
    free(tm.cur_start);
    free(tm.x_room);
    free(tm.x_start);
    free(tm.nblk);
    free(tm.blo);
    free(tm.bhi);
    free(tm.order);
    free(tm.work);
    for (int i = 0; i < nthreads; i++)
        free(tm.changed[i]);
    free(tm.changed);
    free(tm.mark);
    free(tm.m_room);
    free(tm.m_start);
    free(tm.g_room);
    free(tm.g_start);
    free(w);
    free(wk);
    free(th);
    free(started);
}

/* ---------------------------------------------------------------- the end game */

static char *timed_out_said(const salle_session *ss, const char *lang)
{
    /* TRANSLATORS: a session id; the solver ran out of time before it found a place */
    return salle__xasprintf(salle__tr(lang, "%s breaks a hard rule at every place tried in the short look a "
                                      "time limit allows"),
                            ss->id);
}

static char *timed_out(const salle_session *ss)
{
    return timed_out_said(ss, NULL);
}

/* The hard rules a least bad place would still break, with their counts, as the reason says them:
 * each its own msgid (the count in brackets, so that no plural is needed), index = the rule. */
static const char *const break_words[SALLE_HARD_COUNT] = {
    "", "", N_("room clashes (%ld)"), N_("people in two places (%ld)"), "", "", "",
    N_("over-used resources (%ld)"), N_("broken after/not_with relations (%ld)"), "",
    N_("sessions beside an exclusive session (%ld)")};

/* Why session sid got no place when every free time clashes with sessions already placed: nrok
 * rooms suit it, and its least bad place, room at when (salle_time_human's words), would break by[k]
 * of hard rule k. In lang (NULL: the English the solver stores and the CLI prints). Newly
 * malloc'd. */
static char *least_bad_said(const char *sid, int nrok, const char *room, const char *when,
                            const long by[SALLE_HARD_COUNT], const char *lang)
{
    char what[512] = "", wb[SALLE__WHEN_MAX];
    const char *comma = lang ? salle__tr(lang, ", ") : ", ";
    for (int k = 1; k < SALLE_HARD_COUNT; k++) {
        if (by[k] <= 0 || !break_words[k][0])
            continue;
        size_t len = strlen(what);
        snprintf(what + len, sizeof what - len, "%s", len ? comma : "");
        len = strlen(what);
        snprintf(what + len, sizeof what - len, salle__tr(lang, break_words[k]), by[k]);
    }
    snprintf(wb, sizeof wb, "%s", when);
    salle__check_when(lang, wb);
    /* TRANSLATORS: a session id; how many rooms suit it; a room id and a day and time (the least
     * bad place); the hard rules it would break there, with counts ("room clashes (1)") */
    return salle__xasprintf(salle__trn(lang, "%1$s has no room and time left that keeps every hard rule: %2$d room suits it, "
                                             "but every free time clashes with sessions already placed; the least bad place, "
                                             "%3$s at %4$s, would still break %5$s",
                                       "%1$s has no room and time left that keeps every hard rule: %2$d rooms suit it, "
                                       "but every free time clashes with sessions already placed; the least bad place, "
                                       "%3$s at %4$s, would still break %5$s",
                                       nrok),
                            sid, nrok, room, wb, what[0] ? what : salle__tr(lang, "a hard rule"));
}

/* The English reason least_bad_said wrote for session sid read back into its parts (room is one of
 * inst's room ids): 1 when reason is one, else 0. Said again only when least_bad_said gives the
 * stored text back byte for byte, so a reason of another shape is never misread. */
static char *least_bad_again(const salle_instance *inst, const char *sid, const char *reason,
                             const char *lang)
{
    size_t n = strlen(sid);
    static const char head[] = " has no room and time left that keeps every hard rule: ";
    static const char mid[] = "but every free time clashes with sessions already placed; the least bad place, ";
    if (strncmp(reason, sid, n) != 0 || strncmp(reason + n, head, sizeof head - 1) != 0)
        return NULL;
    const char *p = reason + n + sizeof head - 1;
    char *end;
    long nrok = strtol(p, &end, 10);
    if (end == p || nrok < 0 || nrok > INT_MAX || !(p = strstr(end, mid)))
        return NULL;
    p += sizeof mid - 1;
    int room = -1;
    size_t rl = 0;
    for (int r = 0; r < inst->nrooms; r++) { /* the longest room id followed by " at " */
        size_t l = strlen(inst->rooms[r].id);
        if (l > rl && strncmp(p, inst->rooms[r].id, l) == 0 && strncmp(p + l, " at ", 4) == 0)
            room = r, rl = l;
    }
    if (room < 0)
        return NULL;
    p += rl + 4;
    const char *brk = strstr(p, ", would still break ");
    if (!brk || brk - p >= SALLE__WHEN_MAX)
        return NULL;
    char when[SALLE__WHEN_MAX];
    memcpy(when, p, (size_t)(brk - p));
    when[brk - p] = 0;
    long by[SALLE_HARD_COUNT] = {0};
    for (p = brk + 20; *p;) { /* "room clashes (2), people in two places (1)" */
        int k;
        for (k = 1; k < SALLE_HARD_COUNT; k++) {
            const char *open = break_words[k][0] ? strstr(break_words[k], " (") : NULL;
            size_t wl = open ? (size_t)(open - break_words[k]) : 0;
            if (wl && strncmp(p, break_words[k], wl) == 0 && strncmp(p + wl, " (", 2) == 0) {
                by[k] = strtol(p + wl + 2, &end, 10);
                if (*end != ')')
                    return NULL;
                p = end + 1;
                break;
            }
        }
        if (k == SALLE_HARD_COUNT)
            break; /* "a hard rule", or not a reason of this shape: the comparison below decides */
        if (strncmp(p, ", ", 2) == 0)
            p += 2;
    }
    char *en = least_bad_said(sid, (int)nrok, inst->rooms[room].id, when, by, NULL);
    char *said = strcmp(en, reason) == 0 ? least_bad_said(sid, (int)nrok, inst->rooms[room].id, when, by, lang) : NULL;
    free(en);
    return said;
}

/* Puts s at its best candidate over the full grid if that breaks no hard rule; otherwise leaves
 * it out and says why. */
static void place_or_explain(solver *sv, int s)
{
    const salle_instance *inst = sv->inst;
    const salle_session *ss = &inst->sessions[s];
    int br = -1, bt = -1, found = 0, grid = inst->event.grid > 0 ? inst->event.grid : 5;
    cost bc = {0, 0};
    int *rk = sv->rok + sv->rok_at[s];
    if (sv->in_floor || out_of_time(sv)) {
        /* no time for every candidate: the plain greedy's look (pricing more places than in
         * construction: few sessions get here), and no least bad place */
        sv->fit_priced = SETTLE_PRICED;
        int ok = first_fit(sv, s, rk, sv->nrok[s], grid, 1, sv->nrok[s], &br, &bt, &bc);
        sv->fit_priced = FIT_PRICED;
        if (ok && bc.hard <= 0)
            salle__sv_insert(&sv->st, s, br, bt);
        else
            sv->reason[s] = timed_out(ss);
        return;
    }
    /* first the places whose room is free then (a busy room is a hard violation anyway); only
     * if none of them keeps every hard rule, all of them, for the least bad place */
    for (int pass = 0; pass < 2 && !(found && bc.hard <= 0) && !out_of_time(sv); pass++) {
        for (int k = 0; k < sv->nrok[s]; k++) {
            if (out_of_time(sv))
                break;
            for (int i = 0; i < sv->nstarts[s]; i++) {
                int r = rk[k], t = sv->starts[s][i];
                if (!static_ok(sv, s, r, t) || (!pass && room_clash(sv, s, r, t)))
                    continue;
                cost c;
                if (price_at(sv, s, r, t, NULL, found ? &bc : NULL, &c) && (!found || lt(c, bc))) {
                    found = 1;
                    bc = c;
                    br = r;
                    bt = t;
                }
            }
        }
    }
    if (found && bc.hard <= 0) {
        salle__sv_insert(&sv->st, s, br, bt);
        return;
    }
    if (sv->expired) {
        sv->reason[s] = timed_out(ss);
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
    char buf[32];
    sv->reason[s] = least_bad_said(ss->id, sv->nrok[s], inst->rooms[br].id, salle_time_human(inst, bt, buf), by, NULL);
}

/* How much taking placed s out lowers the resource excess: the sum over the starts of each
 * resource's users of max(0, running - capacity). Rule 7 counts a start once however far over
 * the capacity it is, so with two sessions too many at one start no single removal lowers the
 * hard count; the excess goes down by one with each of them. */
static long excess_drop(const solver *sv, int s)
{
    const salle__sv_model *m = &sv->m;
    const salle_session *ss = &sv->inst->sessions[s];
    int t = sv->st.start[s];
    if (t < 0)
        return 0;
    int x0 = t / m->g, x1 = (t + ss->duration) / m->g;
    if (x0 > m->nslots)
        x0 = m->nslots;
    if (x1 > m->nslots)
        x1 = m->nslots;
    long drop = 0;
    for (int k = 0; k < ss->resources.n; k++) {
        int q = ss->resources.v[k], cap = sv->inst->resources[q].capacity;
        const int *use = sv->st.use + (size_t)q * m->nslots;
        const int *sts = sv->st.starts + (size_t)q * m->nslots;
        for (int x = x0; x < x1; x++) {
            int before = sts[x] > 0 && use[x] > cap ? use[x] - cap : 0;
            int sts1 = sts[x] - (x == x0), use1 = use[x] - 1;
            int after = sts1 > 0 && use1 > cap ? use1 - cap : 0;
            drop += before - after;
        }
    }
    return drop;
}

/* Takes out movable sessions until no resource is over-used (or only fixed sessions over-use
 * one), greedily: each time the session whose removal lowers the excess most, ties to the one
 * that leaves the lowest score, then to session order. Appends them to out; returns the new
 * count. */
static int drop_for_resources(solver *sv, int *out, int k)
{
    while (sv->in_floor || !out_of_time(sv)) {
        int best = -1;
        long best_drop = 0;
        cost best_c = {0, 0};
        for (int i = 0; i < sv->nmovable; i++) {
            int s = sv->movable[i];
            if (sv->st.start[s] < 0 || sv->inst->sessions[s].resources.n == 0)
                continue;
            long d = excess_drop(sv, s);
            if (d <= 0 || d < best_drop)
                continue;
            int r = sv->st.room[s], t = sv->st.start[s];
            cost c = salle__sv_remove(&sv->st, s);
            salle__sv_insert(&sv->st, s, r, t);
            if (best < 0 || d > best_drop || lt(c, best_c)) {
                best = s;
                best_drop = d;
                best_c = c;
            }
        }
        if (best < 0)
            return k;
        salle__sv_remove(&sv->st, best);
        out[k++] = best;
    }
    return k;
}

/* Takes out sessions until no resource is over-used, then each movable session that still
 * breaks a hard rule on its own, then puts back those that fit without one. */
static void settle(solver *sv)
{
    if (sv->st.cost.hard <= 0)
        return;
    int n = sv->n, k = 0;
    int *out = salle__xmalloc(((size_t)n + 1) * sizeof *out);
    k = drop_for_resources(sv, out, k);
    for (int i = 0; i < sv->nmovable; i++) {
        int s = sv->movable[i], r = sv->st.room[s], t = sv->st.start[s];
        if (r < 0 || !salle__sv_in_hard(&sv->st, s)) /* removing it could not lower the count */
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

/* Settling, then a look for every movable session still out; returns the hard count with the
 * sessions left out (rule 1) included. */
static long finish(solver *sv)
{
    settle(sv);
    for (int i = 0; i < sv->nmovable; i++) /* nothing movable is left out without a look */
        if (sv->st.start[sv->movable[i]] < 0 && !sv->reason[sv->movable[i]])
            place_or_explain(sv, sv->movable[i]);
    long nun = 0;
    for (int s = 0; s < sv->n; s++)
        nun += sv->st.start[s] < 0;
    return sv->st.cost.hard + nun;
}

/* The plain greedy, kept as a floor when a time limit is given (docs/solver.md, "Time limit"):
 * every session by first fit, then settling, on a random stream of its own (so the main run
 * makes the moves it would make without it). If the main run ends with more hard violations,
 * this is what is returned: a limit never makes the result worse than the plain greedy. */
typedef struct greedy_floor {
    long hard;
    int *room, *start;
    char **reason;
} greedy_floor;

static void greedy_floor_build(solver *sv, greedy_floor *f)
{
    int n = sv->n;
    rng saved = sv->rng;
    rng_seed(&sv->rng, (sv->opt ? sv->opt->seed : 0) ^ 0x6A09E667F3BCC909ull);
    char **before = salle__xcalloc((size_t)n + 1, sizeof *before);
    for (int s = 0; s < n; s++)
        before[s] = sv->reason[s] ? salle__xstrdup(sv->reason[s]) : NULL;
    sv->fast = sv->in_floor = 1;
    construct(sv);
    f->hard = finish(sv);
    sv->in_floor = 0;
    f->room = salle__xmalloc(((size_t)n + 1) * sizeof *f->room);
    f->start = salle__xmalloc(((size_t)n + 1) * sizeof *f->start);
    memcpy(f->room, sv->st.room, (size_t)n * sizeof *f->room);
    memcpy(f->start, sv->st.start, (size_t)n * sizeof *f->start);
    f->reason = sv->reason;
    sv->reason = before;
    for (int s = 0; s < n; s++)
        if (sv->st.start[s] >= 0)
            salle__sv_remove(&sv->st, s);
    sv->fast = 0;
    sv->rng = saved;
}

salle_schedule *salle_solve(const salle_instance *inst, const salle_solve_options *opt,
                            salle_score *score)
{
    if (inst->talks) /* academic conferences (engine/talk_solve.c) */
        return salle__talk_solve_schedule(inst, opt, score);
    return salle__solve_clocked(inst, opt, score, NULL, NULL);
}

salle_schedule *salle__solve_clocked(const salle_instance *inst, const salle_solve_options *opt,
                                     salle_score *score, double (*clock)(void *), void *clock_ctx)
{
    solver sv;
    memset(&sv, 0, sizeof sv);
    sv.inst = inst;
    sv.opt = opt;
    sv.clock = clock ? clock : opt ? opt->clock : NULL;
    sv.clock_ctx = clock ? clock_ctx : opt ? opt->clock_ctx : NULL;
    sv.t0 = clock_now(&sv);
    sv.has_limit = opt && opt->time_limit > 0;
    if (sv.has_limit) {
        sv.from = opt->limit_from > 0 ? opt->limit_from : sv.t0;
        sv.deadline = sv.from + opt->time_limit - (opt->reserve > 0 ? opt->reserve : 0);
    }
    sv.last_progress = sv.t0;
    sv.zero_at = -1;
    sv.fit_priced = FIT_PRICED;
    sv.eject_last = -1;
    sv.rr_every = 1; /* 0 turns the compound moves off (for comparisons, docs/solver.md) */
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
        if (ss->cancelled)
            continue; /* left out: not fixed, not movable, listed as unscheduled below */
        if (ss->pinned_room >= 0 && ss->pinned_start >= 0) {
            sv.fixed_room[s] = ss->pinned_room;
            sv.fixed_start[s] = ss->pinned_start;
        } else if (ss->published_room >= 0 && ss->move != SALLE_MOVE_CONFIRMED) {
            sv.fixed_room[s] = ss->published_room;
            sv.fixed_start[s] = ss->published_start;
        }
    }
    build_candidates(&sv);
    sv.rs_start = salle__xcalloc((size_t)inst->nresources + 2, sizeof *sv.rs_start);
    for (int s = 0; s < n; s++)
        for (int k = 0; k < inst->sessions[s].resources.n; k++)
            sv.rs_start[inst->sessions[s].resources.v[k] + 1]++;
    for (int q = 0; q < inst->nresources; q++)
        sv.rs_start[q + 1] += sv.rs_start[q];
    sv.rs = salle__xmalloc(((size_t)sv.rs_start[inst->nresources] + 1) * sizeof *sv.rs);
    {
        int *fill = salle__xcalloc((size_t)inst->nresources + 1, sizeof *fill);
        for (int s = 0; s < n; s++)
            for (int k = 0; k < inst->sessions[s].resources.n; k++) {
                int q = inst->sessions[s].resources.v[k];
                sv.rs[sv.rs_start[q] + fill[q]++] = s;
            }
        free(fill);
    }
    sv.scratch_rooms = salle__xmalloc(((size_t)sv.m.nrooms + CLUSTER_MAX + 1) * sizeof *sv.scratch_rooms);
    sv.scratch_keys = salle__xmalloc(((size_t)sv.m.nrooms + 1) * sizeof *sv.scratch_keys);
    sv.cap9 = salle__xmalloc(((size_t)sv.m.nrooms + 1) * sizeof *sv.cap9);
    sv.fitcap = salle__xmalloc(((size_t)sv.m.nrooms + 1) * sizeof *sv.fitcap);
    for (int r = 0; r < sv.m.nrooms; r++) {
        sv.cap9[r] = (long)inst->rooms[r].capacity * 9 / 10;
        sv.fitcap[r] = inst->rooms[r].capacity_unknown ? -1 : inst->rooms[r].capacity;
    }
    if (opt && opt->progress) {
        fprintf(opt->progress, "%6.1fs  candidates listed\n", clock_now(&sv) - sv.t0);
        fflush(opt->progress);
    }
    for (int s = 0; s < n; s++) {
        if (inst->sessions[s].cancelled) {
            sv.reason[s] = salle__xstrdup("cancelled by its publisher");
            sv.ncancelled++;
            continue;
        }
        if (sv.fixed_room[s] >= 0)
            continue;
        if (sv.options[s] == 0)
            sv.reason[s] = why_unplaceable(&sv, s);
        else
            sv.movable[sv.nmovable++] = s;
    }
    int debug = opt && opt->debug_check;
    if (sv.has_limit) {
        /* what is left after listing the candidates: construction may use three quarters of
         * it, leaving a fifth for the repair and the search, which end at 95%: the last 5% are
         * for settling (docs/solver.md, "Time limit"). Construction used to end at 90%, where
         * the search did: at gen 30,000 with --time-limit 10 the repair then had no time, and
         * 56 sessions in a hard violation went to settling (30 out) */
        double t = clock_now(&sv), left = sv.deadline - t;
        sv.build_end = t + (left > 0 ? 0.75 * left : 0);
        sv.search_end = t + (left > 0 ? 0.95 * left : 0);
    }
    greedy_floor floor = {-1, NULL, NULL, NULL};
    double g0 = sv.has_limit ? clock_now(&sv) : 0;
    if (sv.has_limit || stop_asked(&sv))
        greedy_floor_build(&sv, &floor);
    if (floor.room && opt && opt->progress) {
        fprintf(opt->progress, "%6.1fs  plain greedy: hard %ld\n", clock_now(&sv) - sv.t0, floor.hard);
        fflush(opt->progress);
    }
    /* no time left for another construction (which costs at least what the greedy did): the
     * greedy is the result */
    double g1 = sv.has_limit ? clock_now(&sv) : 0;
    int more = !floor.room || (!out_of_time(&sv) && g1 + (g1 - g0) < sv.build_end);
    long hard = LONG_MAX;
    int from_greedy = !more && floor.room && !out_of_time(&sv);
    if (more) {
        construct(&sv);
    } else if (from_greedy) {
        /* no time for a construction of its own, but time left: it goes on from the plain
         * greedy's schedule (gen 100,000 with --time-limit 60 used to stop half-way with the
         * greedy's 184 sessions left out): those it left out go back at their least bad place
         * and the repair takes them on, then the search if time is left, then settling; the
         * greedy still bounds the result */
        for (int s = 0; s < n; s++)
            if (floor.start[s] >= 0)
                salle__sv_insert(&sv.st, s, floor.room[s], floor.start[s]);
        for (int i = 0; i < sv.nmovable; i++) {
            int s = sv.movable[i], r, t, ns = 0;
            cost c;
            if (sv.st.start[s] >= 0 || sv.reason[s] || out_of_time(&sv))
                continue;
            if (sv.nrok[s] > ROOM_SAMPLE)
                ns = room_sample(&sv, s, sv.scratch_rooms, sv.scratch_keys);
            if (best_place(&sv, s, ns ? sv.scratch_rooms : sv.rok + sv.rok_at[s],
                           ns ? ns : sv.nrok[s], sv.step, &r, &t, &c))
                salle__sv_insert(&sv.st, s, r, t);
        }
    }
    if (more || from_greedy) {
        progress(&sv, 1);
        /* under a limit the repair's budget is renewed while it makes progress; what it leaves
         * at its stall mark goes to the search, whose compound moves keep repairing */
        repair(&sv, 1);
        note_zero(&sv);
        progress(&sv, 1);
        if (debug)
            audit(&sv, "after construction");
        int nthreads = opt && opt->threads > 1 ? opt->threads : 1;
        if (nthreads > 1 && sv.nmovable > 0)
            parallel_search(&sv, nthreads);
        else
            search(&sv);
        if (debug)
            audit(&sv, "after the search");
        hard = finish(&sv);
    }
    if (floor.room && hard > floor.hard) { /* the plain greedy did better: it stands */
        for (int s = 0; s < n; s++)
            if (sv.st.start[s] >= 0)
                salle__sv_remove(&sv.st, s);
        for (int s = 0; s < n; s++) {
            if (floor.start[s] >= 0)
                salle__sv_insert(&sv.st, s, floor.room[s], floor.start[s]);
            char *x = sv.reason[s];
            sv.reason[s] = floor.reason[s];
            floor.reason[s] = x;
        }
    }
    if (floor.room) {
        for (int s = 0; s < n; s++)
            free(floor.reason[s]);
        free(floor.reason);
        free(floor.room);
        free(floor.start);
    }
    if (debug)
        audit(&sv, "after settling");
    note_zero(&sv);

    salle_schedule *out = salle_schedule_new();
    long nun = 0;
    for (int s = 0; s < n; s++) {
        if (sv.st.start[s] >= 0) {
            salle_schedule_add(out, s, sv.st.room[s], sv.st.start[s]);
        } else {
            if (!sv.reason[s])
                sv.reason[s] = why_unplaceable(&sv, s);
            salle_schedule_add_unscheduled(out, s, sv.reason[s]);
            nun += !inst->sessions[s].cancelled; /* the checker counts no cancelled session */
        }
    }
    if (score) {
        score->hard = sv.st.cost.hard + nun;
        score->soft = sv.st.cost.soft;
    }
    progress(&sv, 1);
    if (opt && opt->stats) {
        opt->stats->time_to_zero_hard = sv.zero_at;
        opt->stats->seconds = clock_now(&sv) - sv.t0;
        opt->stats->moves = sv.moves;
        opt->stats->team_cpu = sv.team_cpu;
        opt->stats->team_idle = sv.team_idle;
        opt->stats->meetings = sv.meetings;
        opt->stats->team_splits = sv.team_splits;
        opt->stats->team_balance = sv.team_balance;
        opt->stats->team_long_share = sv.team_long_share;
        opt->stats->team_extra = sv.team_extra;
    }

    for (int s = 0; s < n; s++) {
        free(sv.reason[s]);
        free(sv.starts[s]);
    }
    free(sv.reason);
    free(sv.starts);
    free(sv.nstarts);
    free(sv.nrok);
    free(sv.rok);
    free(sv.rok_at);
    free(sv.rok_cap);
    free(sv.rok_known);
    free(sv.sok);
    free(sv.options);
    free(sv.fixed_room);
    free(sv.fixed_start);
    free(sv.movable);
    free(sv.scratch_rooms);
    free(sv.rs_start);
    free(sv.rs);
    free(sv.scratch_keys);
    free(sv.cap9);
    free(sv.fitcap);
    salle__sv_state_free(&sv.st);
    salle__sv_model_free(&sv.m);
    return out;
}

/* ---------------------------------------------------------------- the reasons in a language */

/* Reason (the stored English of why session s is not placed) said again in lang, or NULL when the
 * instance no longer gives that English; m is built on first use (*have_model). */
static char *said_again(const salle_instance *inst, salle__sv_model *m, int *have_model, int s,
                        const char *reason, const char *lang)
{
    if (!reason || s < 0 || s >= inst->nsessions)
        return NULL;
    const salle_session *ss = &inst->sessions[s];
    if (ss->cancelled && strcmp(reason, "cancelled by its publisher") == 0)
        /* TRANSLATORS: why a session is not in the schedule */
        return salle__xstrdup(salle__tr(lang, "cancelled by its publisher"));
    char *en = timed_out(ss);
    if (strcmp(reason, en) == 0) {
        free(en);
        return timed_out_said(ss, lang);
    }
    free(en);
    char *said = least_bad_again(inst, ss->id, reason, lang);
    if (said)
        return said;
    if (!*have_model) { /* only the rooms' suitability: the rest of the model is not read */
        memset(m, 0, sizeof *m);
        m->n = inst->nsessions;
        m->nrooms = inst->nrooms;
        salle__sv_fit_alloc(m);
        *have_model = 1;
    }
    salle__sv_room_fit(m, inst, s);
    /* the reason is said again only when the instance still gives the stored English */
    en = unplaceable_said(inst, m, s, NULL);
    if (en && strcmp(reason, en) == 0)
        said = unplaceable_said(inst, m, s, lang);
    free(en);
    return said;
}

char **salle__unplaced_lang(const salle_instance *inst, const salle_schedule *sched, const char *lang)
{
    int n = sched->nunscheduled;
    char **out = salle__xcalloc((size_t)n + 1, sizeof *out);
    salle__sv_model m;
    int have_model = 0;
    for (int i = 0; i < n; i++)
        out[i] = said_again(inst, &m, &have_model, sched->unscheduled[i].session,
                            sched->unscheduled[i].reason, lang);
    if (have_model) {
        free(m.feat_ok);
        free(m.room_ok);
    }
    return out;
}

char *salle__unplaced_reason_lang(const salle_instance *inst, int s, const char *reason, const char *lang)
{
    salle__sv_model m;
    int have_model = 0;
    char *said = said_again(inst, &m, &have_model, s, reason, lang);
    if (have_model) {
        free(m.feat_ok);
        free(m.room_ok);
    }
    return said;
}
