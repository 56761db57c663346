/*
 * bound.c: a lower bound on the soft score of every schedule without hard violations, computed
 * in well under a second where CBC cannot finish the root relaxation of the exact reference
 * (docs/lp.md, "A lower bound in seconds"). The soft total is a sum of non-negative goal terms,
 * so the sum of a lower bound on each group of terms, each bounded on its own, is a lower bound
 * on the total. The groups: the placement goals (their per-session minimum), the overlap goals
 * per track, tag and interest set (Turán's theorem on how few pairs of a group can overlap when
 * only so many of its sessions fit side by side in time), the rooms of each track (how few rooms
 * hold its minutes) and each person's sessions per day. Every argument is written down in
 * docs/lp.md; tests/test_bound.sh checks that the bound never exceeds CBC's proven optimum nor
 * the checker's score of a solver schedule.
 */
#include "base/internal.h"
#include "engine/lp_unary.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sessions whose room and start are fixed for every schedule without hard violations. */
static int fixed_at(const salle_session *x, int *room, int *start)
{
    if (x->pinned_room >= 0 && x->pinned_start >= 0) {
        *room = x->pinned_room, *start = x->pinned_start;
        return 1;
    }
    if (x->published_room >= 0 && x->published_start >= 0 && x->move != SALLE_MOVE_CONFIRMED) {
        *room = x->published_room, *start = x->published_start;
        return 1;
    }
    return 0;
}

/* 1 when s in r over [t, e) would break a pair rule with a fixed session f at (fr, ft): it must
 * then be elsewhere in every schedule without hard violations. */
static int clashes_fixed(const salle_instance *inst, int s, int r, int t, int f, int fr, int ft)
{
    const salle_session *x = &inst->sessions[s], *y = &inst->sessions[f];
    int e = t + x->duration, fe = ft + y->duration;
    int co = inst->rooms[fr].changeover;
    if (r == fr && t < fe + co && ft < e + co)
        return 1; /* rule 2 */
    if (!(t < fe && ft < e))
        return 0;
    if (salle__lp_common(x->people.v, x->people.n, y->people.v, y->people.n))
        return 1; /* rule 3 */
    if (salle__ids_has(&x->not_with, f) || salle__ids_has(&y->not_with, s))
        return 1; /* rule 8 */
    if (y->exclusive && r != fr && !salle__ids_has(&y->overflow, r))
        return 1; /* rule 10 */
    if (x->exclusive && fr != r && !salle__ids_has(&x->overflow, fr))
        return 1;
    return 0;
}

/* Pairs a group of n sessions must have overlapping when at most k of them can run pairwise
 * apart: the complement of the overlap graph has no clique above k, so by Turán's theorem it has
 * at most the edges of the balanced k-partite graph; the overlap graph keeps the rest, the pairs
 * inside the k balanced parts. */
static long turan_pairs(long n, long k)
{
    if (k <= 0 || n <= k)
        return 0;
    long q = n / k, rem = n % k;
    return rem * (q + 1) * q / 2 + (k - rem) * q * (q - 1) / 2;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

typedef struct bctx {
    const salle_instance *inst;
    int horizon;     /* minutes covered by the bitsets */
    int words;       /* 64-bit words per bitset */
    uint64_t *cover; /* per session: the minutes it may run in some feasible placement */
    char *placeable; /* per session: has a feasible placement */
    uint64_t *roomset; /* per session: bit r = some feasible placement in room r (rooms < 64 * rw) */
    int rw;
    int *days;       /* per session: bit d = some feasible placement starts on day d */
    int *woff;       /* per room: index of its first availability window among all rooms' */
    int nw;          /* availability windows of all rooms */
    long *wcost;     /* per session and window: its cheapest placement there, or -1 */
    int *comin;      /* per session: the least changeover of the rooms it has a placement in */
    uint64_t *rcover; /* per room: the minutes some session may run there in a possible placement */
} bctx;

/* What window k of room r can hold, in minutes plus changeovers (docs/lp.md, "Usable segments"):
 * every session in it lies inside one maximal run of minutes where some possible placement in r
 * runs (a placement is an interval inside that union), and the sessions of one run of length L
 * are a changeover apart, so their dur + co(s) add up to at most L + co(r). The window holds at
 * most the sum of that over its runs; with shortest > 0, *places gets the most sessions of at
 * least shortest minutes it holds, floor((L + co) / (shortest + co)) per run. */
static long window_cap(const bctx *B, int r, int k, int shortest, long *places)
{
    const salle_window *win = &B->inst->rooms[r].available.w[k];
    const uint64_t *c = B->rcover + (size_t)r * (size_t)B->words;
    long co = B->inst->rooms[r].changeover, cap = 0, pl = 0, run = 0;
    int lo = win->start < 0 ? 0 : win->start, hi = win->end < B->horizon ? win->end : B->horizon;
    for (int m = lo; m <= hi; m++) {
        if (m < hi && (c[m / 64] >> (m % 64)) & 1) {
            run++;
            continue;
        }
        if (run) {
            cap += run + co;
            if (shortest > 0)
                pl += (run + co) / (shortest + co);
        }
        run = 0;
    }
    if (places)
        *places = pl;
    return cap;
}

/* At most how many sessions of the group (indices in g, n of them) run pairwise apart: the k
 * shortest must fit, one after the other, in the minutes where any of them may run. */
static long apart_max(const bctx *B, const int *g, int n, int *scratch, uint64_t *u)
{
    memset(u, 0, (size_t)B->words * sizeof *u);
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (!B->placeable[g[i]])
            continue;
        const uint64_t *c = B->cover + (size_t)g[i] * (size_t)B->words;
        for (int w = 0; w < B->words; w++)
            u[w] |= c[w];
        scratch[m++] = B->inst->sessions[g[i]].duration;
    }
    long span = 0;
    for (int w = 0; w < B->words; w++)
        span += __builtin_popcountll(u[w]);
    qsort(scratch, (size_t)m, sizeof *scratch, cmp_int);
    long k = 0, used = 0;
    while (k < m && used + scratch[k] <= span)
        used += scratch[k++];
    return k;
}

static long group_overlap(const bctx *B, const int *g, int n, int *scratch, uint64_t *u)
{
    int m = 0;
    for (int i = 0; i < n; i++)
        m += B->placeable[g[i]] != 0;
    if (m < 2)
        return 0;
    return turan_pairs(m, apart_max(B, g, n, scratch, u));
}

/* Sorts v (n of them) largest first and returns how many of the first add up to need (n + 1
 * when all of them do not). */
static long fewest_to_cover(long *v, int n, long need)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && v[j] > v[j - 1]; j--) {
            long t = v[j];
            v[j] = v[j - 1], v[j - 1] = t;
        }
    long k = 0, have = 0;
    while (k < n && have < need)
        have += v[k++];
    return have >= need ? k : n + 1;
}

/* Fewest rooms a track can use. Sessions in one room are a changeover apart, so a window of
 * length L of room r holds sessions whose minutes plus changeovers add up to at most L + co(r)
 * (each session counted with the least changeover of the rooms it fits), and at most
 * floor((L + co) / (shortest + co)) of them. Rooms are taken best first, by each measure; the
 * larger count holds. */
static long track_rooms_min(const bctx *B, const int *g, int n)
{
    const salle_instance *inst = B->inst;
    long need = 0, count = 0;
    int shortest = -1;
    for (int i = 0; i < n; i++)
        if (B->placeable[g[i]]) {
            int d = inst->sessions[g[i]].duration;
            need += d + B->comin[g[i]], count++;
            if (shortest < 0 || d < shortest)
                shortest = d;
        }
    if (!count)
        return 0;
    long *minutes = salle__xcalloc((size_t)inst->nrooms + 1, sizeof *minutes);
    long *places = salle__xcalloc((size_t)inst->nrooms + 1, sizeof *places);
    int na = 0;
    for (int r = 0; r < inst->nrooms; r++) {
        int used = 0;
        for (int i = 0; i < n && !used; i++)
            used = B->placeable[g[i]] && (B->roomset[(size_t)g[i] * (size_t)B->rw + (size_t)(r / 64)] >> (r % 64)) & 1;
        if (!used)
            continue;
        const salle_windows *ws = &inst->rooms[r].available;
        for (int k = 0; k < ws->n; k++) {
            long pl = 0;
            minutes[na] += window_cap(B, r, k, shortest, &pl);
            places[na] += pl;
        }
        na++;
    }
    long a = fewest_to_cover(minutes, na, need), b = fewest_to_cover(places, na, count);
    free(minutes);
    free(places);
    long k = a > b ? a : b;
    return k > na ? na : k; /* more than all: the schedule breaks a hard rule anyway */
}

/* Records s in r at t when it breaks no unary rule nor a pair rule with a fixed session: its
 * cost against *best, its minutes, room and day. */
static void try_place(bctx *B, int s, int r, int k, int t, const int *fixed, const int *fr,
                      const int *ft, int nfixed, long *best)
{
    const salle_instance *inst = B->inst;
    if (!salle__lp_start_ok(inst, s, r, t))
        return;
    for (int f = 0; f < nfixed; f++)
        if (fixed[f] != s && clashes_fixed(inst, s, r, t, fixed[f], fr[f], ft[f]))
            return;
    long cost = salle__lp_unary_cost(inst, s, r, t);
    if (*best < 0 || cost < *best)
        *best = cost;
    long *wc = &B->wcost[(size_t)s * (size_t)B->nw + (size_t)(B->woff[r] + k)];
    if (*wc < 0 || cost < *wc)
        *wc = cost;
    B->placeable[s] = 1;
    B->roomset[(size_t)s * (size_t)B->rw + (size_t)(r / 64)] |= (uint64_t)1 << (r % 64);
    int d = salle_time_day(inst, t);
    if (d >= 0 && d < 31)
        B->days[s] |= 1 << d;
    uint64_t *c = B->cover + (size_t)s * (size_t)B->words;
    uint64_t *rc = B->rcover + (size_t)r * (size_t)B->words;
    for (int m = t < 0 ? 0 : t; m < t + inst->sessions[s].duration && m < B->horizon; m++) {
        c[m / 64] |= (uint64_t)1 << (m % 64);
        rc[m / 64] |= (uint64_t)1 << (m % 64);
    }
}

/* ---------------------------------------------------------------- rooms as a transportation problem */

typedef struct arc {
    int to, next;
    long cap;
    double cost;
} arc;

typedef struct net {
    arc *a;
    int na, acap;
    int *head;
} net;

static void add_arc(net *N, int u, int v, long cap, double cost)
{
    if (N->na + 2 > N->acap) {
        N->acap = N->acap ? N->acap * 2 : 1024;
        N->a = salle__xrealloc(N->a, (size_t)N->acap * sizeof *N->a);
    }
    N->a[N->na] = (arc){v, N->head[u], cap, cost};
    N->head[u] = N->na++;
    N->a[N->na] = (arc){u, N->head[v], 0, -cost};
    N->head[v] = N->na++;
}

/* The placement goals with the rooms' time shared out: every session's minutes (plus the least
 * changeover of a room it fits) must go to availability windows it can use, and a window holds
 * at most its length plus its room's changeover of them, since sessions in one room are a
 * changeover apart. Each minute of s in window w costs s's cheapest placement there divided by
 * its minutes, so a schedule without hard violations is a flow of its own placement cost, and the
 * cheapest flow (successive shortest paths) is a lower bound. Returns it rounded up, or -1 when
 * the windows cannot take every session's minutes in this relaxation. */
static long rooms_flow(const bctx *B)
{
    const salle_instance *inst = B->inst;
    int n = inst->nsessions, nw = B->nw;
    int nodes = n + nw + 2, src = 0, snk = n + nw + 1;
    net N = {0};
    N.head = salle__xmalloc((size_t)nodes * sizeof *N.head);
    for (int i = 0; i < nodes; i++)
        N.head[i] = -1;
    long supply = 0;
    for (int s = 0; s < n; s++) {
        const salle_session *x = &inst->sessions[s];
        long d = x->duration + B->comin[s];
        supply += d;
        add_arc(&N, src, 1 + s, d, 0);
        for (int w = 0; w < nw; w++) {
            long c = B->wcost[(size_t)s * (size_t)nw + (size_t)w];
            if (c >= 0)
                add_arc(&N, 1 + s, 1 + n + w, d, (double)c / (double)d);
        }
    }
    for (int r = 0; r < inst->nrooms; r++)
        for (int k = 0; k < inst->rooms[r].available.n; k++)
            add_arc(&N, 1 + n + B->woff[r] + k, snk, window_cap(B, r, k, 0, NULL), 0);
    double *dist = salle__xmalloc((size_t)nodes * sizeof *dist);
    int *prev = salle__xmalloc((size_t)nodes * sizeof *prev);
    int *queue = salle__xmalloc((size_t)nodes * sizeof *queue);
    char *inq = salle__xcalloc((size_t)nodes, 1);
    long flow = 0;
    double cost = 0;
    for (;;) { /* Bellman-Ford with a queue (SPFA): residual costs may be negative */
        for (int i = 0; i < nodes; i++)
            dist[i] = 1e300, prev[i] = -1;
        dist[src] = 0;
        int qh = 0, qn = 1;
        queue[0] = src;
        inq[src] = 1;
        while (qn) {
            int u = queue[qh];
            qh = (qh + 1) % nodes, qn--;
            inq[u] = 0;
            for (int e = N.head[u]; e >= 0; e = N.a[e].next) {
                const arc *a = &N.a[e];
                if (a->cap > 0 && dist[u] + a->cost < dist[a->to] - 1e-12) {
                    dist[a->to] = dist[u] + a->cost;
                    prev[a->to] = e;
                    if (!inq[a->to]) {
                        queue[(qh + qn) % nodes] = a->to;
                        qn++;
                        inq[a->to] = 1;
                    }
                }
            }
        }
        if (prev[snk] < 0)
            break;
        long f = supply - flow;
        for (int v = snk; v != src; v = N.a[prev[v] ^ 1].to)
            if (N.a[prev[v]].cap < f)
                f = N.a[prev[v]].cap;
        for (int v = snk; v != src; v = N.a[prev[v] ^ 1].to) {
            N.a[prev[v]].cap -= f;
            N.a[prev[v] ^ 1].cap += f;
        }
        flow += f;
        cost += (double)f * dist[snk];
    }
    free(dist);
    free(prev);
    free(queue);
    free(inq);
    free(N.a);
    free(N.head);
    if (flow < supply)
        return -1;
    /* the optimum is a sum of integer costs: round up, less a margin for the floating point */
    double v = cost - 1e-6 * (1.0 + cost);
    long b = (long)v;
    return b < v ? b + 1 : b;
}

/* The placement goals and the track rooms together, as a mixed-integer programme for CBC (docs/lp.md,
 * "Rooms and tracks together"): the transportation problem of rooms_flow, with one binary
 * tu<k>_<r> per track and room that a track session's minutes in room r require. Its optimum minus
 * 15 x (tracks with sessions) bounds those two groups together. */
static void write_rooms_mip(const bctx *B, FILE *f, const salle__ivec *tracks)
{
    const salle_instance *inst = B->inst;
    int n = inst->nsessions, nw = B->nw;
    long wtr = inst->weights[SALLE_SOFT_TRACK_ROOMS];
    fprintf(f, "Minimize\n obj:");
    int terms = 0;
    for (int s = 0; s < n; s++)
        for (int w = 0; w < nw; w++) {
            long c = B->wcost[(size_t)s * (size_t)nw + (size_t)w];
            if (c > 0)
                fprintf(f, "%s + %ld y%d_%d", ++terms % 8 ? "" : "\n  ", c, s, w);
        }
    for (int k = 0; k < inst->ntracks; k++)
        for (int r = 0; r < inst->nrooms && wtr > 0; r++)
            fprintf(f, "%s + %ld tu%d_%d", ++terms % 8 ? "" : "\n  ", wtr, k, r);
    if (!terms)
        fprintf(f, " 0 y0_0");
    fprintf(f, "\nSubject To\n");
    for (int s = 0; s < n; s++) {
        fprintf(f, " p%d:", s);
        for (int w = 0; w < nw; w++)
            if (B->wcost[(size_t)s * (size_t)nw + (size_t)w] >= 0)
                fprintf(f, " + y%d_%d", s, w);
        fprintf(f, " = 1\n");
    }
    for (int r = 0; r < inst->nrooms; r++)
        for (int k = 0; k < inst->rooms[r].available.n; k++) {
            int w = B->woff[r] + k, any = 0;
            for (int s = 0; s < n; s++)
                if (B->wcost[(size_t)s * (size_t)nw + (size_t)w] >= 0) {
                    if (!any++)
                        fprintf(f, " w%d:", w);
                    fprintf(f, " + %d y%d_%d", inst->sessions[s].duration + B->comin[s], s, w);
                }
            if (any)
                fprintf(f, " <= %ld\n", window_cap(B, r, k, 0, NULL));
        }
    if (wtr > 0)
        for (int k = 0; k < inst->ntracks; k++)
            for (int a = 0; a < tracks[k].n; a++) {
                int s = tracks[k].v[a];
                for (int r = 0; r < inst->nrooms; r++)
                    for (int q = 0; q < inst->rooms[r].available.n; q++) {
                        int w = B->woff[r] + q;
                        if (B->wcost[(size_t)s * (size_t)nw + (size_t)w] >= 0)
                            fprintf(f, " t%d_%d_%d: y%d_%d - tu%d_%d <= 0\n", k, s, w, s, w, k, r);
                    }
            }
    /* the same, aggregated: a window holds the track's minutes only in a room the track uses
     * (valid for the same reason, and stronger in the LP relaxation, which CBC's bound starts from) */
    if (wtr > 0)
        for (int k = 0; k < inst->ntracks; k++)
            for (int r = 0; r < inst->nrooms; r++)
                for (int q = 0; q < inst->rooms[r].available.n; q++) {
                    int w = B->woff[r] + q, any = 0;
                    for (int a = 0; a < tracks[k].n; a++) {
                        int s = tracks[k].v[a];
                        if (B->wcost[(size_t)s * (size_t)nw + (size_t)w] < 0)
                            continue;
                        if (!any++)
                            fprintf(f, " a%d_%d:", k, w);
                        fprintf(f, " + %d y%d_%d", inst->sessions[s].duration + B->comin[s], s, w);
                    }
                    if (any)
                        fprintf(f, " - %ld tu%d_%d <= 0\n", window_cap(B, r, q, 0, NULL), k, r);
                }
    fprintf(f, "Bounds\n");
    for (int s = 0; s < n; s++)
        for (int w = 0; w < nw; w++)
            if (B->wcost[(size_t)s * (size_t)nw + (size_t)w] >= 0)
                fprintf(f, " 0 <= y%d_%d <= 1\n", s, w);
    if (wtr > 0 && inst->ntracks > 0) {
        fprintf(f, "Binaries\n");
        for (int k = 0; k < inst->ntracks; k++)
            for (int r = 0; r < inst->nrooms; r++)
                fprintf(f, " tu%d_%d\n", k, r);
    }
    fprintf(f, "End\n");
}

void salle_bound(const salle_instance *inst, salle_bound_result *out)
{
    salle_bound_lp(inst, out, NULL);
}

void salle_bound_lp(const salle_instance *inst, salle_bound_result *out, FILE *lp)
{
    memset(out, 0, sizeof *out);
    const long *w = inst->weights;
    int n = inst->nsessions;
    int grid = inst->event.grid > 0 ? inst->event.grid : 1;
    bctx B = {.inst = inst};
    int horizon = 0;
    for (int r = 0; r < inst->nrooms; r++) {
        const salle_windows *ws = &inst->rooms[r].available;
        for (int k = 0; k < ws->n; k++)
            if (ws->w[k].end > horizon)
                horizon = ws->w[k].end;
    }
    B.horizon = horizon;
    B.words = horizon / 64 + 1;
    B.rw = inst->nrooms / 64 + 1;
    B.cover = salle__xcalloc((size_t)n * (size_t)B.words + 1, sizeof *B.cover);
    B.roomset = salle__xcalloc((size_t)n * (size_t)B.rw + 1, sizeof *B.roomset);
    B.rcover = salle__xcalloc((size_t)inst->nrooms * (size_t)B.words + 1, sizeof *B.rcover);
    B.placeable = salle__xcalloc((size_t)n + 1, 1);
    B.days = salle__xcalloc((size_t)n + 1, sizeof *B.days);
    B.woff = salle__xcalloc((size_t)inst->nrooms + 1, sizeof *B.woff);
    for (int r = 0; r < inst->nrooms; r++)
        B.woff[r] = B.nw, B.nw += inst->rooms[r].available.n;
    B.wcost = salle__xmalloc(((size_t)n * (size_t)B.nw + 1) * sizeof *B.wcost);
    for (size_t i = 0; i < (size_t)n * (size_t)B.nw; i++)
        B.wcost[i] = -1;
    int *fixed = salle__xmalloc(((size_t)n + 1) * sizeof *fixed);
    int *fr = salle__xmalloc(((size_t)n + 1) * sizeof *fr);
    int *ft = salle__xmalloc(((size_t)n + 1) * sizeof *ft);
    int nfixed = 0;
    for (int s = 0; s < n; s++)
        if (fixed_at(&inst->sessions[s], &fr[nfixed], &ft[nfixed]))
            fixed[nfixed++] = s;

    /* Placement goals: each session's cheapest placement that breaks no unary rule nor a pair
     * rule with a fixed session, over the starts salle's solver uses (the event's grid, and the
     * pinned or published start). */
    long placement = 0;
    for (int s = 0; s < n; s++) {
        const salle_session *x = &inst->sessions[s];
        long best = -1;
        for (int r = 0; r < inst->nrooms; r++) {
            if (!salle__lp_room_ok(inst, s, r))
                continue;
            const salle_windows *ws = &inst->rooms[r].available;
            for (int k = 0; k < ws->n; k++) {
                int t0 = ws->w[k].start;
                int t = salle__lp_step_ceil(t0, grid);
                for (; t + x->duration <= ws->w[k].end; t += grid)
                    try_place(&B, s, r, k, t, fixed, fr, ft, nfixed, &best);
                int extra[2] = {x->pinned_start, x->published_start};
                for (int e = 0; e < 2; e++)
                    if (extra[e] >= ws->w[k].start && extra[e] + x->duration <= ws->w[k].end &&
                        extra[e] % grid)
                        try_place(&B, s, r, k, extra[e], fixed, fr, ft, nfixed, &best);
            }
        }
        if (best < 0)
            out->hard++;
        else
            placement += best;
    }
    out->placement = placement;
    B.comin = salle__xcalloc((size_t)n + 1, sizeof *B.comin);
    for (int s = 0; s < n; s++) {
        int c = -1;
        for (int r = 0; r < inst->nrooms; r++)
            if ((B.roomset[(size_t)s * (size_t)B.rw + (size_t)(r / 64)] >> (r % 64)) & 1 &&
                (c < 0 || inst->rooms[r].changeover < c))
                c = inst->rooms[r].changeover;
        B.comin[s] = c > 0 ? c : 0;
    }
    if (!out->hard) {
        long flow = rooms_flow(&B);
        if (flow > out->placement)
            out->placement = flow;
    }

    int *scratch = salle__xmalloc(((size_t)n + 1) * sizeof *scratch);
    salle__ivec *tracks = salle__xcalloc((size_t)inst->ntracks + 1, sizeof *tracks);
    salle__ivec *tags = salle__xcalloc((size_t)inst->ntags + 1, sizeof *tags);
    for (int s = 0; s < n; s++) {
        for (int k = 0; k < inst->sessions[s].tracks.n; k++)
            salle__ivec_push(&tracks[inst->sessions[s].tracks.v[k]], s);
        for (int k = 0; k < inst->sessions[s].tags.n; k++)
            salle__ivec_push(&tags[inst->sessions[s].tags.v[k]], s);
    }
    if (lp && !out->hard) {
        write_rooms_mip(&B, lp, tracks);
        for (int k = 0; k < inst->ntracks; k++) {
            int any = 0;
            for (int a = 0; a < tracks[k].n; a++)
                any |= B.placeable[tracks[k].v[a]];
            out->lp_offset += any ? inst->weights[SALLE_SOFT_TRACK_ROOMS] : 0;
        }
    }
    uint64_t *u = salle__xmalloc((size_t)B.words * sizeof *u);
    /* Overlap goals: a pair's weight is the sum over the groups (interest sets, tracks, tags)
     * holding both of that group kind's weight, so the overlap total is the sum over groups of
     * weight x (overlapping pairs inside the group), each bounded on its own. */
    for (int k = 0; k < inst->ntracks; k++)
        out->by_goal[SALLE_SOFT_TRACK_OVERLAP] +=
            w[SALLE_SOFT_TRACK_OVERLAP] * group_overlap(&B, tracks[k].v, tracks[k].n, scratch, u);
    for (int k = 0; k < inst->ntags; k++)
        out->by_goal[SALLE_SOFT_TAG_OVERLAP] +=
            w[SALLE_SOFT_TAG_OVERLAP] * group_overlap(&B, tags[k].v, tags[k].n, scratch, u);
    for (int k = 0; k < inst->ninterest; k++)
        out->by_goal[SALLE_SOFT_AUDIENCE_OVERLAP] +=
            w[SALLE_SOFT_AUDIENCE_OVERLAP] *
            group_overlap(&B, inst->interest[k].v, inst->interest[k].n, scratch, u);
    /* Track rooms: the track uses at least as many rooms as it takes to hold its minutes. */
    for (int k = 0; k < inst->ntracks; k++) {
        long rooms = track_rooms_min(&B, tracks[k].v, tracks[k].n);
        if (rooms > 1)
            out->by_goal[SALLE_SOFT_TRACK_ROOMS] += w[SALLE_SOFT_TRACK_ROOMS] * (rooms - 1);
    }
    /* Person day load: a person's sessions fall on the days some of them can be on; each day
     * holds the limit without cost, so the rest is excess. */
    int limit = inst->event.max_per_day;
    if (limit > 0 && inst->event.ndays <= 31) { /* days as bits of an int */
        long *cnt = salle__xcalloc((size_t)inst->npeople + 1, sizeof *cnt);
        int *days = salle__xcalloc((size_t)inst->npeople + 1, sizeof *days);
        for (int s = 0; s < n; s++)
            if (B.placeable[s])
                for (int k = 0; k < inst->sessions[s].people.n; k++) {
                    int p = inst->sessions[s].people.v[k];
                    cnt[p]++;
                    days[p] |= B.days[s];
                }
        for (int p = 0; p < inst->npeople; p++) {
            long over = cnt[p] - (long)limit * __builtin_popcount((unsigned)days[p]);
            if (over > 0)
                out->by_goal[SALLE_SOFT_PERSON_DAY_LOAD] += w[SALLE_SOFT_PERSON_DAY_LOAD] * over;
        }
        free(cnt);
        free(days);
    }
    out->soft = out->placement;
    for (int g = 0; g < SALLE_SOFT_COUNT; g++)
        out->soft += out->by_goal[g];

    for (int k = 0; k < inst->ntracks; k++)
        salle__ivec_free(&tracks[k]);
    for (int k = 0; k < inst->ntags; k++)
        salle__ivec_free(&tags[k]);
    free(tracks);
    free(tags);
    free(scratch);
    free(u);
    free(fixed);
    free(fr);
    free(ft);
    free(B.cover);
    free(B.roomset);
    free(B.rcover);
    free(B.placeable);
    free(B.days);
    free(B.woff);
    free(B.wcost);
    free(B.comin);
}
