/*
 * export_lp.c: the exact reference. salle_export_lp writes a time-indexed integer programme of an
 * instance in CPLEX LP format, which CBC (coinor-cbc) solves to proven optimality on small
 * instances; salle_lp_solution turns CBC's solution file back into a schedule. The benchmark
 * compares salle's own solver against these optima, so the model must score every schedule
 * exactly as src/engine/check.c does; docs/lp.md derives each constraint and term from docs/scoring.md.
 *
 * Shape of the model. One binary x<s>_<r>_<t> per session s, room r and start t that breaks no
 * unary rule (room, person and resource windows, features, capacity, allowed windows and rooms,
 * pins, unconfirmed published placements), so those rules never appear as constraints. One binary
 * u<s> per session says "not placed". Pair rules (rooms with changeover, people with travel,
 * resources, after, not_with) are clique constraints over start times; soft goals are either a
 * cost on x (the per-placement goals) or small auxiliary variables that the minimisation pushes
 * down onto the checker's value. The objective is BIG * (unplaced sessions) + soft, with BIG a
 * power of ten above any reachable soft total, so it is the checker's lexicographic order.
 *
 * With min_moves the objective is instead BIG * (unplaced) + (sessions whose room or start differs
 * from a given old schedule), under the same hard constraints: the re-planning benchmark's
 * "fewest moves" reference.
 */
#include "base/internal.h"
#include "engine/lp_unary.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- text buffer */

typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

static void bput(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bput(buf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        size_t room = b->cap - b->n;
        if (room > (1u << 30))
            room = 1u << 30; /* vsnprintf fails (EOVERFLOW) on sizes beyond INT_MAX */
        va_start(ap, fmt);
        int k = vsnprintf(b->s ? b->s + b->n : NULL, room, fmt, ap);
        va_end(ap);
        if (k < 0)
            abort(); /* not reached: only an invalid format fails */
        if ((size_t)k < room) {
            b->n += (size_t)k;
            return;
        }
        b->cap = (b->cap + (size_t)k + 1) * 2;
        b->s = salle__xrealloc(b->s, b->cap);
    }
}

/* ---------------------------------------------------------------- the model under construction */

typedef struct lpvar {
    int s, r, t;
    long cost; /* objective coefficient */
} lpvar;

typedef struct lp {
    const salle_instance *inst;
    int step;
    lpvar *v;
    int nv, vcap;
    int *first;   /* per session: its variables are v[first[s] .. first[s + 1]) */
    int *bytime;  /* per session: the same indices sorted by start */
    buf cons;     /* the Subject To section */
    long ncons;
    buf obj;      /* the objective's terms */
    long naux;
    int nterms;   /* terms on the current line, to keep lines short for LP readers */
    int *stamp;   /* per session, to count distinct sessions in a constraint */
    int stampv;
    int compact;  /* overlap rows through z<s>_<t> = sum over rooms of x<s>_<r>_<t> */
    char *zused;  /* compact: per position k in bytime, z of that session and start is used */
} lp;

static void term(lp *L, buf *b, long coef, const char *name)
{
    if (L->nterms && L->nterms % 8 == 0)
        bput(b, "\n   ");
    L->nterms++;
    if (coef == 1)
        bput(b, " + %s", name);
    else if (coef == -1)
        bput(b, " - %s", name);
    else
        bput(b, " %c %ld %s", coef < 0 ? '-' : '+', coef < 0 ? -coef : coef, name);
}

static const char *xname(const lp *L, int i, char *out)
{
    snprintf(out, 48, "x%d_%d_%d", L->v[i].s, L->v[i].r, L->v[i].t);
    return out;
}

static void xterm(lp *L, long coef, int i)
{
    char nm[48];
    term(L, &L->cons, coef, xname(L, i, nm));
}

static void cons_begin(lp *L)
{
    L->ncons++;
    L->nterms = 0;
    bput(&L->cons, " c%ld:", L->ncons);
}

static void cons_end(lp *L, const char *sense, long rhs)
{
    bput(&L->cons, " %s %ld\n", sense, rhs);
}

/* A continuous auxiliary variable with objective coefficient cost (its name in name). */
static void aux(lp *L, const char *name, long cost)
{
    L->naux++;
    if (cost) {
        L->nterms = 0;
        bput(&L->obj, "\n   + %ld %s", cost, name);
    }
}

static int end_of(const lp *L, int i)
{
    return L->v[i].t + L->inst->sessions[L->v[i].s].duration;
}

/* ---------------------------------------------------------------- unary feasibility and costs */

int salle__lp_room_ok(const salle_instance *inst, int s, int r)
{
    const salle_session *x = &inst->sessions[s];
    const salle_room *rm = &inst->rooms[r];
    if (x->attendance > rm->capacity)
        return 0;
    for (int k = 0; k < x->needs.n; k++)
        if (!salle__ids_has(&rm->features, x->needs.v[k]))
            return 0;
    if (x->rooms.n && !salle__ids_has(&x->rooms, r))
        return 0;
    if (x->pinned_room >= 0 && x->pinned_room != r)
        return 0;
    if (x->published_room >= 0 && x->move != SALLE_MOVE_CONFIRMED && x->published_room != r)
        return 0;
    return 1;
}

int salle__lp_start_ok(const salle_instance *inst, int s, int r, int t)
{
    const salle_session *x = &inst->sessions[s];
    int e = t + x->duration;
    if (!salle__windows_contain(&inst->rooms[r].available, t, e))
        return 0;
    for (int k = 0; k < x->people.n; k++)
        if (!salle__windows_contain(&inst->people[x->people.v[k]].available, t, e))
            return 0;
    for (int k = 0; k < x->resources.n; k++)
        if (!salle__windows_contain(&inst->resources[x->resources.v[k]].shifts, t, e))
            return 0;
    if (!salle__windows_contain(&x->allowed, t, e))
        return 0;
    if (x->pinned_start >= 0 && x->pinned_start != t)
        return 0;
    if (x->published_room >= 0 && x->move != SALLE_MOVE_CONFIRMED && x->published_start != t)
        return 0;
    return 1;
}

int salle__lp_step_ceil(int t0, int step)
{
    return t0 >= 0 ? (t0 + step - 1) / step * step : -(-t0 / step * step);
}

static int floordiv(int a, int b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Minutes of [a, b) outside the remote hours of person p on day d, as src/engine/check.c counts them. */
static int remote_outside(const salle_instance *inst, const salle_person *pp, int d, int a, int b)
{
    const salle_event *e = &inst->event;
    int la = a + pp->local_shift[d], lb = b + pp->local_shift[d];
    int inside = 0;
    for (int k = floordiv(la, SALLE_MINUTES_PER_DAY) - 1; k <= floordiv(lb, SALLE_MINUTES_PER_DAY) + 1;
         k++) {
        int lo = k * SALLE_MINUTES_PER_DAY + e->remote_start;
        int hi = k * SALLE_MINUTES_PER_DAY + e->remote_end;
        if (lo < la)
            lo = la;
        if (hi > lb)
            hi = lb;
        if (hi > lo)
            inside += hi - lo;
    }
    return (lb - la) - inside;
}

static int is_holiday(const salle_instance *inst, int d)
{
    for (int h = 0; h < inst->event.nholidays; h++)
        if (inst->event.holiday_day[h] == d)
            return 1;
    return 0;
}

/* The soft cost of placing s in r at t that depends on nothing else: capacity margin, room fit,
 * preferences, stability, remote hours, speaking time and holidays (docs/scoring.md). */
long salle__lp_unary_cost(const salle_instance *inst, int s, int r, int t)
{
    const salle_session *x = &inst->sessions[s];
    const salle_room *rm = &inst->rooms[r];
    const long *w = inst->weights;
    int e = t + x->duration;
    long c = 0, att = x->attendance;
    long margin = (long)rm->capacity * 9 / 10;
    if (att > margin)
        c += w[SALLE_SOFT_CAPACITY_MARGIN] * (att - margin);
    long empty = (long)rm->capacity - 3 * (att > 1 ? att : 1);
    if (empty >= 10 && !rm->capacity_unknown) /* unknown seats: no fit to judge */
        c += w[SALLE_SOFT_ROOM_FIT] * (empty / 10);
    if (!x->preferred.any && !salle__windows_contain(&x->preferred, t, e))
        c += w[SALLE_SOFT_SESSION_PREFERENCE];
    if (x->preferred_rooms.n > 0 && !salle__ids_has(&x->preferred_rooms, r))
        c += w[SALLE_SOFT_SESSION_PREFERENCE];
    int d = salle_time_day(inst, t);
    for (int k = 0; k < x->people.n; k++) {
        const salle_person *pp = &inst->people[x->people.v[k]];
        if (!pp->preferred.any && !salle__windows_contain(&pp->preferred, t, e))
            c += w[SALLE_SOFT_PERSON_PREFERENCE];
        if (pp->remote && pp->local_shift && d >= 0)
            c += w[SALLE_SOFT_REMOTE_HOURS] * (remote_outside(inst, pp, d, t, e) / 15);
    }
    if (x->published_room >= 0) {
        long people = x->people.n;
        int shift = t - x->published_start;
        long amount = (1 + people) * (x->published_room != r);
        if (shift)
            amount += (1 + people) * 2 * (1 + abs(shift) / 60);
        c += w[SALLE_SOFT_STABILITY] * amount;
    }
    if (x->speakers.n) {
        int each = x->duration / x->speakers.n;
        if (each < inst->event.min_speaking)
            c += w[SALLE_SOFT_SPEAKING_TIME] * (inst->event.min_speaking - each);
    }
    if (d >= 0 && is_holiday(inst, d))
        c += w[SALLE_SOFT_HOLIDAY];
    int minute = d >= 0 ? t - inst->event.day_offset[d]
                        : t - floordiv(t, SALLE_MINUTES_PER_DAY) * SALLE_MINUTES_PER_DAY;
    if (minute % 30)
        c += w[SALLE_SOFT_ROUND_START];
    return c;
}

static void add_var(lp *L, int s, int r, int t, int extra)
{
    if (!salle__lp_start_ok(L->inst, s, r, t))
        return;
    if (extra) /* an extra start may also be on the step, or be another extra */
        for (int i = L->first[s]; i < L->nv; i++)
            if (L->v[i].r == r && L->v[i].t == t)
                return;
    if (L->nv == L->vcap) {
        L->vcap = L->vcap ? L->vcap * 2 : 1024;
        L->v = salle__xrealloc(L->v, (size_t)L->vcap * sizeof *L->v);
    }
    L->v[L->nv++] = (lpvar){s, r, t, 0};
}

/* The placements one session may take: every step start inside every window of every room it
 * fits, plus its pinned, published and old starts when they are off the step. */
static void make_vars(lp *L, const salle_schedule *old, const salle_schedule *start)
{
    const salle_instance *inst = L->inst;
    int *sr = NULL, *st = NULL; /* the start schedule's placement of each session */
    if (start) {
        sr = salle__xmalloc(((size_t)inst->nsessions + 1) * sizeof *sr);
        st = salle__xmalloc(((size_t)inst->nsessions + 1) * sizeof *st);
        for (int s = 0; s < inst->nsessions; s++)
            sr[s] = st[s] = -1;
        for (int k = start->nassign - 1; k >= 0; k--)
            sr[start->assign[k].session] = start->assign[k].room, st[start->assign[k].session] = start->assign[k].start;
    }
    L->first = salle__xcalloc((size_t)inst->nsessions + 1, sizeof *L->first);
    for (int s = 0; s < inst->nsessions; s++) {
        const salle_session *x = &inst->sessions[s];
        L->first[s] = L->nv;
        int extra[3] = {x->pinned_start, x->published_start, -1};
        if (old)
            for (int k = 0; k < old->nassign; k++)
                if (old->assign[k].session == s) {
                    extra[2] = old->assign[k].start;
                    break;
                }
        for (int r = 0; r < inst->nrooms; r++) {
            if (!salle__lp_room_ok(inst, s, r))
                continue;
            const salle_windows *ws = &inst->rooms[r].available;
            for (int k = 0; k < ws->n; k++) {
                int t0 = ws->w[k].start;
                int t = salle__lp_step_ceil(t0, L->step);
                for (; t + x->duration <= ws->w[k].end; t += L->step)
                    add_var(L, s, r, t, 0);
            }
            for (int k = 0; k < 3; k++)
                if (extra[k] >= 0)
                    add_var(L, s, r, extra[k], 1);
            if (sr && sr[s] == r && st[s] >= 0)
                add_var(L, s, r, st[s], 1);
        }
    }
    L->first[inst->nsessions] = L->nv;
    free(sr);
    free(st);
}

/* ---------------------------------------------------------------- pair constraints */

/* Orders variable indices by start, then index (qsort_r keeps the export reentrant). */
static int cmp_start(const void *a, const void *b, void *ctx)
{
    const lp *L = ctx;
    int i = *(const int *)a, j = *(const int *)b;
    if (L->v[i].t != L->v[j].t)
        return (L->v[i].t > L->v[j].t) - (L->v[i].t < L->v[j].t);
    return (i > j) - (i < j);
}

static void sort_by_start(const lp *L, int *vi, int n)
{
    qsort_r(vi, (size_t)n, sizeof *vi, cmp_start, (void *)L);
}

/* For every start tau among the variables vi (sorted by start): the variables running at tau,
 * [t, end + ext), sum to at most cap. Running counts change only at starts, so checking there is
 * exact. Skipped when no more than cap sessions take part (then it cannot bind). */
static void clique(lp *L, const int *vi, int n, int ext, int cap)
{
    int maxlen = 0;
    for (int i = 0; i < n; i++)
        if (end_of(L, vi[i]) - L->v[vi[i]].t > maxlen)
            maxlen = end_of(L, vi[i]) - L->v[vi[i]].t;
    int lo = 0;
    for (int i = 0; i < n; i++) {
        int tau = L->v[vi[i]].t;
        if (i > 0 && L->v[vi[i - 1]].t == tau)
            continue;
        while (lo < i && L->v[vi[lo]].t + maxlen + ext <= tau)
            lo++;
        L->stampv++;
        int sessions = 0, j;
        for (j = lo; j < n && L->v[vi[j]].t <= tau; j++)
            if (end_of(L, vi[j]) + ext > tau && L->stamp[L->v[vi[j]].s] != L->stampv) {
                L->stamp[L->v[vi[j]].s] = L->stampv;
                sessions++;
            }
        if (sessions <= cap)
            continue;
        cons_begin(L);
        for (j = lo; j < n && L->v[vi[j]].t <= tau; j++)
            if (end_of(L, vi[j]) + ext > tau)
                xterm(L, 1, vi[j]);
        cons_end(L, "<=", cap);
    }
}

/* The variables of the sessions in list ss (n of them), sorted by start; returns how many. */
static int vars_of(const lp *L, const int *ss, int n, int **out)
{
    int m = 0;
    for (int k = 0; k < n; k++)
        m += L->first[ss[k] + 1] - L->first[ss[k]];
    int *vi = salle__xmalloc(((size_t)m + 1) * sizeof *vi);
    m = 0;
    for (int k = 0; k < n; k++)
        for (int i = L->first[ss[k]]; i < L->first[ss[k] + 1]; i++)
            vi[m++] = i;
    sort_by_start(L, vi, m);
    *out = vi;
    return m;
}

static int venue_travel(const salle_instance *inst, int r1, int r2)
{
    int v1 = inst->rooms[r1].venue, v2 = inst->rooms[r2].venue;
    if (v1 < 0 || v2 < 0 || v1 == v2 || !inst->travel)
        return 0;
    return inst->travel[v1 * inst->nvenues + v2];
}

/* Travel between venues (rule 3): when s ends at b in venue V1 and another session of the same
 * person starts at tau >= b in venue V2, tau - b must be at least the travel time. For each
 * session s of the person and each start tau of the person's other sessions: the placements of s
 * that end too shortly before tau, plus the other sessions' placements starting exactly at tau in
 * rooms that far away, sum to at most 1. At most one other session starts at tau (no overlap). */
static void travel_constraints(lp *L, const int *ss, int n, const int *vi, int m)
{
    const salle_instance *inst = L->inst;
    for (int a = 0; a < n; a++) {
        int s = ss[a];
        for (int i = 0; i < m; i++) {
            int tau = L->v[vi[i]].t;
            if (i > 0 && L->v[vi[i - 1]].t == tau)
                continue;
            /* for each room r2 of a session starting at tau, the s placements too close to it;
             * grouped by venue so each (tau, venue) gives one constraint */
            for (int v2 = 0; v2 < inst->nvenues; v2++) {
                int nb = 0, na = 0;
                for (int j = i; j < m && L->v[vi[j]].t == tau; j++)
                    if (L->v[vi[j]].s != s && inst->rooms[L->v[vi[j]].r].venue == v2)
                        nb++;
                if (!nb)
                    continue;
                int rep = -1;
                for (int j = i; j < m && L->v[vi[j]].t == tau; j++)
                    if (L->v[vi[j]].s != s && inst->rooms[L->v[vi[j]].r].venue == v2)
                        rep = L->v[vi[j]].r;
                for (int k = L->first[s]; k < L->first[s + 1]; k++) {
                    int b = end_of(L, k);
                    if (b <= tau && tau < b + venue_travel(inst, L->v[k].r, rep))
                        na++;
                }
                if (!na)
                    continue;
                cons_begin(L);
                for (int k = L->first[s]; k < L->first[s + 1]; k++) {
                    int b = end_of(L, k);
                    if (b <= tau && tau < b + venue_travel(inst, L->v[k].r, rep))
                        xterm(L, 1, k);
                }
                for (int j = i; j < m && L->v[vi[j]].t == tau; j++)
                    if (L->v[vi[j]].s != s && inst->rooms[L->v[vi[j]].r].venue == v2)
                        xterm(L, 1, vi[j]);
                cons_end(L, "<=", 1);
            }
        }
    }
}

/* Sessions of each person, resource and track, as index lists. */
typedef struct lists {
    int n;
    salle__ivec *l;
} lists;

static void lists_free(lists *g)
{
    for (int i = 0; i < g->n; i++)
        salle__ivec_free(&g->l[i]);
    free(g->l);
}

/* Rule 10: for exclusive s in room r, every other session o outside r and the overflow rooms of
 * s never overlaps it: one clique of s's placements in r and o's placements in those rooms, pair
 * by pair (several such sessions may run together; none may run beside s). With two exclusive
 * sessions each side adds its own cliques, so the pair is forbidden when either objects, as in
 * docs/scoring.md. */
static void plenary_constraints(lp *L)
{
    const salle_instance *inst = L->inst;
    int *vi = salle__xmalloc(((size_t)L->nv + 1) * sizeof *vi);
    for (int s = 0; s < inst->nsessions; s++) {
        const salle_session *x = &inst->sessions[s];
        if (!x->exclusive)
            continue;
        for (int r = 0; r < inst->nrooms; r++) {
            int mine = 0;
            for (int i = L->first[s]; i < L->first[s + 1]; i++)
                mine += L->v[i].r == r;
            if (!mine)
                continue;
            for (int o = 0; o < inst->nsessions; o++) {
                if (o == s)
                    continue;
                int m = 0;
                for (int i = L->first[o]; i < L->first[o + 1]; i++)
                    if (L->v[i].r != r && !salle__ids_has(&x->overflow, L->v[i].r))
                        vi[m++] = i;
                if (!m)
                    continue;
                for (int i = L->first[s]; i < L->first[s + 1]; i++)
                    if (L->v[i].r == r)
                        vi[m++] = i;
                sort_by_start(L, vi, m);
                clique(L, vi, m, 0, 1);
            }
        }
    }
    free(vi);
}

static void hard_constraints(lp *L, lists *byperson, lists *byres)
{
    const salle_instance *inst = L->inst;
    int *vi;
    /* rule 2: a room holds one session at a time, changeover included */
    salle__ivec *byroom = salle__xcalloc((size_t)inst->nrooms + 1, sizeof *byroom);
    for (int i = 0; i < L->nv; i++)
        salle__ivec_push(&byroom[L->v[i].r], i);
    for (int r = 0; r < inst->nrooms; r++) {
        sort_by_start(L, byroom[r].v, byroom[r].n);
        clique(L, byroom[r].v, byroom[r].n, inst->rooms[r].changeover, 1);
        salle__ivec_free(&byroom[r]);
    }
    free(byroom);
    /* rule 3: a person is in one session at a time, and travels between venues */
    for (int p = 0; p < inst->npeople; p++) {
        int m = vars_of(L, byperson->l[p].v, byperson->l[p].n, &vi);
        clique(L, vi, m, 0, 1);
        if (inst->nvenues > 1)
            travel_constraints(L, byperson->l[p].v, byperson->l[p].n, vi, m);
        free(vi);
    }
    /* rule 7: resources never over capacity */
    for (int k = 0; k < inst->nresources; k++) {
        int m = vars_of(L, byres->l[k].v, byres->l[k].n, &vi);
        clique(L, vi, m, 0, inst->resources[k].capacity);
        free(vi);
    }
    /* rule 8: not_with pairs never overlap; after: s starts once t has ended */
    for (int s = 0; s < inst->nsessions; s++) {
        const salle_session *x = &inst->sessions[s];
        for (int k = 0; k < x->not_with.n; k++) {
            int pair[2] = {s, x->not_with.v[k]};
            if (pair[1] <= s)
                continue;
            int m = vars_of(L, pair, 2, &vi);
            clique(L, vi, m, 0, 1);
            free(vi);
        }
        for (int k = 0; k < x->after.n; k++) {
            int t = x->after.v[k];
            /* at each start tau of s: (s starts at or before tau) + (t ends after tau) <= 1 */
            for (int i = L->first[s]; i < L->first[s + 1]; i++) {
                int tau = L->v[i].t, dup = 0;
                for (int j = L->first[s]; j < i; j++)
                    dup |= L->v[j].t == tau;
                int nt = 0;
                for (int j = L->first[t]; j < L->first[t + 1]; j++)
                    nt += end_of(L, j) > tau;
                if (dup || !nt)
                    continue;
                cons_begin(L);
                for (int j = L->first[s]; j < L->first[s + 1]; j++)
                    if (L->v[j].t <= tau)
                        xterm(L, 1, j);
                for (int j = L->first[t]; j < L->first[t + 1]; j++)
                    if (end_of(L, j) > tau)
                        xterm(L, 1, j);
                cons_end(L, "<=", 1);
            }
        }
    }    plenary_constraints(L);
}

/* ---------------------------------------------------------------- soft goals with auxiliaries */

int salle__lp_common(const int *a, int na, const int *b, int nb)
{
    int i = 0, j = 0, k = 0;
    while (i < na && j < nb) {
        if (a[i] < b[j])
            i++;
        else if (a[i] > b[j])
            j++;
        else
            k++, i++, j++;
    }
    return k;
}

static void zname(const lp *L, int k, char *out)
{
    snprintf(out, 48, "z%d_%d", L->v[L->bytime[k]].s, L->v[L->bytime[k]].t);
}

/* Terms of the variables of session s (sorted by start in L->bytime) running at tau, with
 * coefficient -1; compact: one z per start instead of one x per room and start. */
static int running_terms(lp *L, int s, int tau, int emit)
{
    int n = 0;
    for (int k = L->first[s]; k < L->first[s + 1]; k++) {
        int i = L->bytime[k];
        if (L->v[i].t > tau)
            break;
        if (end_of(L, i) <= tau)
            continue;
        if (L->compact) {
            if (k > L->first[s] && L->v[L->bytime[k - 1]].t == L->v[i].t)
                continue; /* the z of this start is written once */
            n++;
            if (emit) {
                char nm[48];
                zname(L, k, nm);
                term(L, &L->cons, -1, nm);
                L->zused[k] = 1;
            }
            continue;
        }
        n++;
        if (emit)
            xterm(L, -1, i);
    }
    return n;
}

/* compact: z<s>_<t> = the placements of s starting at t, in any room */
static void z_definitions(lp *L)
{
    for (int s = 0; s < L->inst->nsessions; s++)
        for (int k = L->first[s]; k < L->first[s + 1]; k++) {
            if (!L->zused[k])
                continue;
            char nm[48];
            zname(L, k, nm);
            aux(L, nm, 0);
            cons_begin(L);
            term(L, &L->cons, 1, nm);
            int t = L->v[L->bytime[k]].t;
            for (int j = k; j < L->first[s + 1] && L->v[L->bytime[j]].t == t; j++)
                xterm(L, -1, L->bytime[j]);
            cons_end(L, "=", 0);
        }
}

/* Audience, track and tag overlap: one variable ov per pair with a positive weight, at least 1
 * when both run at some common start (two intervals overlap exactly when one is running at the
 * other's start). By default the sums of x are written out in every constraint: defining one
 * "running" variable per session and start gave a file a third the size but made CBC several times
 * slower on small instances. With compact, each sum is of z variables (one per session and start,
 * z_definitions), which makes the file of 300 sessions several times smaller. Adds the pair
 * weights to *bound (for BIG); returns the number of pairs. */
static long overlap_goals(lp *L, long *bound)
{
    const salle_instance *inst = L->inst;
    int n = inst->nsessions;
    salle__ivec *sets = salle__xcalloc((size_t)n + 1, sizeof *sets);
    for (int k = 0; k < inst->ninterest; k++)
        for (int j = 0; j < inst->interest[k].n; j++)
            salle__ivec_push(&sets[inst->interest[k].v[j]], k);
    const long *w = inst->weights;
    long npairs = 0;
    for (int s = 0; s < n; s++) {
        const salle_session *x = &inst->sessions[s];
        for (int t = s + 1; t < n; t++) {
            const salle_session *y = &inst->sessions[t];
            long wt = w[SALLE_SOFT_AUDIENCE_OVERLAP] * salle__lp_common(sets[s].v, sets[s].n, sets[t].v, sets[t].n) +
                      w[SALLE_SOFT_TRACK_OVERLAP] * salle__lp_common(x->tracks.v, x->tracks.n, y->tracks.v, y->tracks.n) +
                      w[SALLE_SOFT_TAG_OVERLAP] * salle__lp_common(x->tags.v, x->tags.n, y->tags.v, y->tags.n);
            if (wt <= 0)
                continue;
            *bound += wt;
            if (L->first[s] == L->first[s + 1] || L->first[t] == L->first[t + 1])
                continue;
            char nm[48];
            snprintf(nm, sizeof nm, "ov%d_%d", s, t);
            int any = 0;
            int ss[2] = {s, t};
            for (int a = 0; a < 2; a++)
                for (int k = L->first[ss[a]]; k < L->first[ss[a] + 1]; k++) {
                    int tau = L->v[L->bytime[k]].t;
                    if (k > L->first[ss[a]] && L->v[L->bytime[k - 1]].t == tau)
                        continue;
                    if (!running_terms(L, s, tau, 0) || !running_terms(L, t, tau, 0))
                        continue;
                    if (!any++) {
                        aux(L, nm, wt);
                        npairs++;
                    }
                    cons_begin(L);
                    term(L, &L->cons, 1, nm);
                    running_terms(L, s, tau, 1);
                    running_terms(L, t, tau, 1);
                    cons_end(L, ">=", -1);
                }
        }
    }
    for (int s = 0; s < n; s++)
        salle__ivec_free(&sets[s]);
    free(sets);
    return npairs;
}

/* Back to back: for each person and pair of their sessions, bb >= 1 when the later one starts in
 * room r2 less than r2's changeover after the earlier one ends in another room on the same day.
 * The checker only counts consecutive sessions; no session of the person fits in such a gap when
 * each of their sessions lasts at least the longest changeover, which export_lp checks first. */
static void back_to_back(lp *L, const lists *byperson)
{
    const salle_instance *inst = L->inst;
    long w = inst->weights[SALLE_SOFT_BACK_TO_BACK];
    for (int p = 0; p < inst->npeople; p++) {
        const salle__ivec *l = &byperson->l[p];
        for (int a = 0; a < l->n; a++)
            for (int b = a + 1; b < l->n; b++) {
                int s0 = l->v[a] < l->v[b] ? l->v[a] : l->v[b];
                int t0 = l->v[a] < l->v[b] ? l->v[b] : l->v[a];
                char nm[64];
                snprintf(nm, sizeof nm, "bb%d_%d_%d", p, s0, t0);
                int made = 0;
                for (int dir = 0; dir < 2; dir++) {
                    int s = dir ? t0 : s0, t = dir ? s0 : t0; /* s earlier, t later */
                    for (int j = L->first[t]; j < L->first[t + 1]; j++) {
                        int r2 = L->v[j].r, tau = L->v[j].t, co = inst->rooms[r2].changeover;
                        int d = salle_time_day(inst, tau);
                        if (d < 0)
                            continue;
                        int na = 0;
                        for (int i = L->first[s]; i < L->first[s + 1]; i++) {
                            int e = end_of(L, i);
                            na += L->v[i].r != r2 && e <= tau && tau - e < co &&
                                  salle_time_day(inst, L->v[i].t) == d;
                        }
                        if (!na)
                            continue;
                        if (!made++)
                            aux(L, nm, w);
                        cons_begin(L);
                        term(L, &L->cons, 1, nm);
                        xterm(L, -1, j);
                        for (int i = L->first[s]; i < L->first[s + 1]; i++) {
                            int e = end_of(L, i);
                            if (L->v[i].r != r2 && e <= tau && tau - e < co &&
                                salle_time_day(inst, L->v[i].t) == d)
                                xterm(L, -1, i);
                        }
                        cons_end(L, ">=", -1);
                    }
                }
            }
    }
}

/* The sum of the variables of the sessions in l placed on day d, as terms with coefficient coef. */
static int day_terms(lp *L, const salle__ivec *l, int d, long coef, int emit)
{
    int n = 0;
    for (int k = 0; k < l->n; k++)
        for (int i = L->first[l->v[k]]; i < L->first[l->v[k] + 1]; i++)
            if (salle_time_day(L->inst, L->v[i].t) == d) {
                n++;
                if (emit)
                    xterm(L, coef, i);
            }
    return n;
}

static void day_load(lp *L, const lists *byperson)
{
    const salle_instance *inst = L->inst;
    int max = inst->event.max_per_day;
    for (int p = 0; p < inst->npeople; p++) {
        const salle__ivec *l = &byperson->l[p];
        if (l->n <= max)
            continue;
        for (int d = 0; d < inst->event.ndays; d++) {
            if (day_terms(L, l, d, -1, 0) <= max)
                continue;
            char nm[48];
            snprintf(nm, sizeof nm, "ld%d_%d", p, d);
            aux(L, nm, inst->weights[SALLE_SOFT_PERSON_DAY_LOAD]);
            cons_begin(L);
            term(L, &L->cons, 1, nm);
            day_terms(L, l, d, -1, 1);
            cons_end(L, ">=", -max);
        }
    }
}

/* Track rooms: tu<k>_<r> >= placement of each track session in r; tr<k> >= sum_r tu - 1.
 * Day spread: dx<k> >= count on every day, dn<k> <= count on every day, ds<k> >= dx - dn - 1. */
static void track_goals(lp *L, const lists *bytrack)
{
    const salle_instance *inst = L->inst;
    const long *w = inst->weights;
    char nm[48], nm2[48];
    for (int k = 0; k < inst->ntracks; k++) {
        const salle__ivec *l = &bytrack->l[k];
        if (l->n < 2)
            continue;
        if (w[SALLE_SOFT_TRACK_ROOMS]) {
            int nused = 0;
            for (int r = 0; r < inst->nrooms; r++) {
                int any = 0;
                for (int a = 0; a < l->n; a++) {
                    int s = l->v[a], ns = 0;
                    for (int i = L->first[s]; i < L->first[s + 1]; i++)
                        ns += L->v[i].r == r;
                    if (!ns)
                        continue;
                    snprintf(nm, sizeof nm, "tu%d_%d", k, r);
                    if (!any++)
                        aux(L, nm, 0);
                    cons_begin(L);
                    term(L, &L->cons, 1, nm);
                    for (int i = L->first[s]; i < L->first[s + 1]; i++)
                        if (L->v[i].r == r)
                            xterm(L, -1, i);
                    cons_end(L, ">=", 0);
                }
                nused += any;
            }
            if (nused > 1) {
                snprintf(nm, sizeof nm, "tr%d", k);
                aux(L, nm, w[SALLE_SOFT_TRACK_ROOMS]);
                cons_begin(L);
                term(L, &L->cons, 1, nm);
                for (int r = 0; r < inst->nrooms; r++) {
                    snprintf(nm2, sizeof nm2, "tu%d_%d", k, r);
                    int any = 0;
                    for (int a = 0; a < l->n && !any; a++)
                        for (int i = L->first[l->v[a]]; i < L->first[l->v[a] + 1]; i++)
                            any |= L->v[i].r == r;
                    if (any)
                        term(L, &L->cons, -1, nm2);
                }
                cons_end(L, ">=", -1);
            }
        }
        if (w[SALLE_SOFT_DAY_SPREAD] && inst->event.ndays > 1) {
            char dx[48], dn[48];
            snprintf(dx, sizeof dx, "dx%d", k);
            snprintf(dn, sizeof dn, "dn%d", k);
            snprintf(nm, sizeof nm, "ds%d", k);
            aux(L, dx, 0);
            aux(L, dn, 0);
            aux(L, nm, w[SALLE_SOFT_DAY_SPREAD]);
            for (int d = 0; d < inst->event.ndays; d++) {
                cons_begin(L);
                term(L, &L->cons, 1, dx);
                day_terms(L, l, d, -1, 1);
                cons_end(L, ">=", 0);
                cons_begin(L);
                term(L, &L->cons, 1, dn);
                day_terms(L, l, d, -1, 1);
                cons_end(L, "<=", 0);
            }
            cons_begin(L);
            term(L, &L->cons, 1, nm);
            term(L, &L->cons, -1, dx);
            term(L, &L->cons, 1, dn);
            cons_end(L, ">=", -1);
        }
    }
}

/* ---------------------------------------------------------------- BIG */

/* An upper bound on any soft total of inst, whatever the schedule (times do not matter: each
 * term is bounded by its worst case), rounded up to a power of ten so that an objective reads as
 * "hard, then soft" in decimal. With min_moves the soft part counts sessions. */
static long lp_big(const salle_instance *inst, int min_moves)
{
    long bound = 0;
    if (min_moves) {
        bound = inst->nsessions;
    } else {
        const long *w = inst->weights;
        long span = 0;
        for (int r = 0; r < inst->nrooms; r++) {
            const salle_windows *ws = &inst->rooms[r].available;
            if (ws->n && ws->w[ws->n - 1].end > span)
                span = ws->w[ws->n - 1].end;
        }
        for (int s = 0; s < inst->nsessions; s++) {
            const salle_session *x = &inst->sessions[s];
            long worst = 0, people = x->people.n;
            for (int r = 0; r < inst->nrooms; r++) {
                const salle_room *rm = &inst->rooms[r];
                long att = x->attendance, c = 0;
                if (att > (long)rm->capacity * 9 / 10)
                    c += w[SALLE_SOFT_CAPACITY_MARGIN] * (att - (long)rm->capacity * 9 / 10);
                long empty = (long)rm->capacity - 3 * (att > 1 ? att : 1);
                if (empty >= 10 && !rm->capacity_unknown)
                    c += w[SALLE_SOFT_ROOM_FIT] * (empty / 10);
                if (c > worst)
                    worst = c;
            }
            worst += 2 * w[SALLE_SOFT_SESSION_PREFERENCE] + people * w[SALLE_SOFT_PERSON_PREFERENCE];
            if (x->published_room >= 0)
                worst += w[SALLE_SOFT_STABILITY] * (1 + people) * (3 + 2 * (span + x->published_start) / 60);
            worst += w[SALLE_SOFT_REMOTE_HOURS] * people * (x->duration / 15 + 1);
            worst += w[SALLE_SOFT_SPEAKING_TIME] * (inst->event.min_speaking + 1);
            worst += w[SALLE_SOFT_HOLIDAY];
            bound += worst + people * w[SALLE_SOFT_PERSON_DAY_LOAD] +
                     (w[SALLE_SOFT_DAY_SPREAD] + w[SALLE_SOFT_TRACK_ROOMS]) * x->tracks.n;
        }
        lp tmp = {0};
        tmp.inst = inst;
        tmp.first = salle__xcalloc((size_t)inst->nsessions + 1, sizeof *tmp.first);
        long pairs = 0;
        /* with no variables, overlap_goals only sums the pair weights */
        overlap_goals(&tmp, &pairs);
        free(tmp.first);
        bound += pairs;
        long b2b = 0;
        for (int s = 0; s < inst->nsessions; s++)
            b2b += inst->sessions[s].people.n;
        bound += w[SALLE_SOFT_BACK_TO_BACK] * b2b * inst->nsessions;
    }
    long big = 10;
    while (big <= bound)
        big *= 10;
    return big;
}

/* ---------------------------------------------------------------- the export */

static void make_lists(const salle_instance *inst, lists *byperson, lists *byres, lists *bytrack)
{
    byperson->n = inst->npeople;
    byperson->l = salle__xcalloc((size_t)inst->npeople + 1, sizeof *byperson->l);
    byres->n = inst->nresources;
    byres->l = salle__xcalloc((size_t)inst->nresources + 1, sizeof *byres->l);
    bytrack->n = inst->ntracks;
    bytrack->l = salle__xcalloc((size_t)inst->ntracks + 1, sizeof *bytrack->l);
    for (int s = 0; s < inst->nsessions; s++) {
        const salle_session *x = &inst->sessions[s];
        for (int k = 0; k < x->people.n; k++)
            salle__ivec_push(&byperson->l[x->people.v[k]], s);
        for (int k = 0; k < x->resources.n; k++)
            salle__ivec_push(&byres->l[x->resources.v[k]], s);
        for (int k = 0; k < x->tracks.n; k++)
            salle__ivec_push(&bytrack->l[x->tracks.v[k]], s);
    }
}

/* The back-to-back goal is exact only when no session of a person fits inside a gap shorter
 * than a changeover (see back_to_back); 0 if some person breaks that, with *err set. */
static int b2b_exact(const salle_instance *inst, const lists *byperson, salle_diag *err)
{
    if (!inst->weights[SALLE_SOFT_BACK_TO_BACK])
        return 1;
    int maxco = 0;
    for (int r = 0; r < inst->nrooms; r++)
        if (inst->rooms[r].changeover > maxco)
            maxco = inst->rooms[r].changeover;
    for (int p = 0; p < inst->npeople; p++) {
        const salle__ivec *l = &byperson->l[p];
        if (l->n < 3)
            continue;
        for (int k = 0; k < l->n; k++)
            if (inst->sessions[l->v[k]].duration < maxco) {
                salle__diag(err, inst->path, inst->sessions[l->v[k]].line, inst->sessions[l->v[k]].col,
                            "export lp: %s lasts %d minutes, less than the longest changeover (%d), so "
                            "it could sit between two back-to-back sessions of %s and the LP cannot "
                            "count back_to_back exactly; set its weight to 0 to export",
                            inst->sessions[l->v[k]].id, inst->sessions[l->v[k]].duration, maxco,
                            inst->people[p].id);
                return 0;
            }
    }
    return 1;
}

char *salle_export_lp(const salle_instance *inst, const salle_lp_options *opt, salle_diag *err)
{
    salle_lp_options none = {0};
    if (!opt)
        opt = &none;
    const salle_schedule *published = opt->published;
    int min_moves = opt->min_moves, step = opt->step;
    if (step <= 0)
        step = inst->event.grid;
    if (step % inst->event.grid) {
        salle__diag(err, inst->path, 0, 0, "export lp: the step (%d minutes) must be a multiple of the "
                    "event's grid (%d minutes)", step, inst->event.grid);
        return NULL;
    }
    if (min_moves && !published) {
        salle__diag(err, inst->path, 0, 0, "export lp: --min-moves needs the old schedule (--published)");
        return NULL;
    }
    if (inst->nsessions == 0) {
        salle__diag(err, inst->path, 0, 0, "export lp: the instance has no sessions");
        return NULL;
    }
    for (int s = 0; s < inst->nsessions; s++) /* not modelled: say so rather than mis-score */
        if (inst->sessions[s].cancelled) {
            salle__diag(err, inst->path, inst->sessions[s].line, inst->sessions[s].col,
                        "export lp: session \"%s\" is marked cancelled, which the LP does not "
                        "model; leave cancelled sessions out of the instance for the LP",
                        inst->sessions[s].id);
            return NULL;
        }
    lists byperson, byres, bytrack;
    make_lists(inst, &byperson, &byres, &bytrack);
    if (!min_moves && !b2b_exact(inst, &byperson, err)) {
        lists_free(&byperson);
        lists_free(&byres);
        lists_free(&bytrack);
        return NULL;
    }
    lp L = {0};
    L.inst = inst;
    L.step = step;
    L.stamp = salle__xcalloc((size_t)inst->nsessions + 1, sizeof *L.stamp);
    L.compact = opt->compact;
    make_vars(&L, min_moves ? published : NULL, opt->start);
    L.zused = salle__xcalloc((size_t)L.nv + 1, 1);
    L.bytime = salle__xmalloc(((size_t)L.nv + 1) * sizeof *L.bytime);
    for (int s = 0; s < inst->nsessions; s++) {
        for (int i = L.first[s]; i < L.first[s + 1]; i++)
            L.bytime[i] = i;
        sort_by_start(&L, L.bytime + L.first[s], L.first[s + 1] - L.first[s]);
    }
    long big = lp_big(inst, min_moves);

    /* objective coefficients of the placements */
    int *oldr = NULL, *olds = NULL;
    if (min_moves) {
        oldr = salle__xmalloc(((size_t)inst->nsessions + 1) * sizeof *oldr);
        olds = salle__xmalloc(((size_t)inst->nsessions + 1) * sizeof *olds);
        for (int s = 0; s < inst->nsessions; s++)
            oldr[s] = olds[s] = -1;
        for (int k = published->nassign - 1; k >= 0; k--) /* the first placement counts */
            oldr[published->assign[k].session] = published->assign[k].room,
            olds[published->assign[k].session] = published->assign[k].start;
    }
    for (int i = 0; i < L.nv; i++) {
        lpvar *x = &L.v[i];
        x->cost = min_moves ? (oldr[x->s] != x->r || olds[x->s] != x->t)
                            : salle__lp_unary_cost(inst, x->s, x->r, x->t);
    }
    free(oldr);
    free(olds);

    /* every session placed once or counted unplaced */
    for (int s = 0; s < inst->nsessions; s++) {
        cons_begin(&L);
        char nm[48];
        snprintf(nm, sizeof nm, "u%d", s);
        term(&L, &L.cons, 1, nm);
        for (int i = L.first[s]; i < L.first[s + 1]; i++)
            xterm(&L, 1, i);
        cons_end(&L, "=", 1);
    }
    hard_constraints(&L, &byperson, &byres);
    long npairs = 0;
    if (!min_moves) {
        long dummy = 0;
        npairs = overlap_goals(&L, &dummy);
        if (L.compact)
            z_definitions(&L);
        if (inst->weights[SALLE_SOFT_BACK_TO_BACK])
            back_to_back(&L, &byperson);
        if (inst->weights[SALLE_SOFT_PERSON_DAY_LOAD])
            day_load(&L, &byperson);
        track_goals(&L, &bytrack);
    }

    buf out = {0};
    bput(&out, "\\ salle exact reference (docs/lp.md) of %s\n", inst->path ? inst->path : "(instance)");
    bput(&out, "\\ objective = BIG * unplaced + %s, BIG = %ld\n",
         min_moves ? "moved sessions" : "soft total", big);
    bput(&out, "\\ step %d minutes%s; %d placement variables, %d sessions, %ld auxiliaries "
               "(%ld overlap pairs), %ld constraints\n",
         step, L.compact ? ", compact" : "", L.nv, inst->nsessions, L.naux, npairs, L.ncons);
    bput(&out, "\\ salle-big %ld\n", big);
    bput(&out, "Minimize\n obj:");
    L.nterms = 0;
    for (int s = 0; s < inst->nsessions; s++) {
        char nm[48];
        snprintf(nm, sizeof nm, "u%d", s);
        term(&L, &out, big, nm);
    }
    for (int i = 0; i < L.nv; i++)
        if (L.v[i].cost) {
            char nm[48];
            term(&L, &out, L.v[i].cost, xname(&L, i, nm));
        }
    if (L.obj.n)
        bput(&out, "%s", L.obj.s);
    bput(&out, "\nSubject To\n%s", L.cons.s ? L.cons.s : "");
    bput(&out, "Binaries\n");
    L.nterms = 0;
    for (int s = 0; s < inst->nsessions; s++) {
        if (s && s % 8 == 0)
            bput(&out, "\n");
        bput(&out, " u%d", s);
    }
    for (int i = 0; i < L.nv; i++) {
        char nm[48];
        bput(&out, "%s%s", i % 8 == 0 ? "\n " : " ", xname(&L, i, nm));
    }
    bput(&out, "\nEnd\n");

    free(L.cons.s);
    free(L.obj.s);
    free(L.v);
    free(L.first);
    free(L.bytime);
    free(L.stamp);
    free(L.zused);
    lists_free(&byperson);
    lists_free(&byres);
    lists_free(&bytrack);
    return out.s;
}

/* ---------------------------------------------------------------- reading CBC's solution */

salle_schedule *salle_lp_solution(const salle_instance *inst, const char *solution_path,
                                  int min_moves, salle_score *objective, salle_diag *err)
{
    size_t len;
    char *text = salle__read_file(solution_path, &len, err);
    if (!text)
        return NULL;
    char *line = text, *next;
    char *nl = strchr(line, '\n');
    if (nl)
        *nl = 0;
    const char *ov = strstr(line, "objective value");
    if (!ov || strncmp(line, "Infeasible", 10) == 0 || strncmp(line, "Integer infeasible", 18) == 0 ||
        strstr(line, "no integer solution")) {
        salle__diag(err, solution_path, 1, 1, "not a CBC solution with a schedule: %s", line);
        free(text);
        return NULL;
    }
    double objv = strtod(ov + strlen("objective value"), NULL);
    if (objv >= 1e40) { /* CBC's "infinity": stopped before finding any integer solution */
        salle__diag(err, solution_path, 1, 1, "CBC found no schedule before it stopped: %s", line);
        free(text);
        return NULL;
    }
    int n = inst->nsessions;
    char *placed = salle__xcalloc((size_t)n + 1, 1);
    salle_schedule *s = salle_schedule_new();
    long unplaced = 0;
    int lineno = 1;
    for (line = nl ? nl + 1 : NULL; line && *line; line = next) {
        lineno++;
        nl = strchr(line, '\n');
        next = nl ? nl + 1 : NULL;
        if (nl)
            *nl = 0;
        char *p = line;
        while (*p == ' ' || *p == '*')
            p++;
        int idx, a, b, c;
        char name[128];
        double val;
        if (sscanf(p, "%d %127s %lf", &idx, name, &val) != 3) {
            salle__diag(err, solution_path, lineno, 1, "cannot read this line of a CBC solution: %s", line);
            goto fail;
        }
        if (val < 0.5)
            continue;
        if (sscanf(name, "x%d_%d_%d", &a, &b, &c) == 3) {
            if (a < 0 || a >= n || b < 0 || b >= inst->nrooms || placed[a]) {
                salle__diag(err, solution_path, lineno, 1, "%s does not belong to this instance's LP", name);
                goto fail;
            }
            placed[a] = 1;
            salle_schedule_add(s, a, b, c);
        } else if (name[0] == 'u' && sscanf(name + 1, "%d", &a) == 1) {
            unplaced++;
        }
    }
    for (int i = 0; i < n; i++)
        if (!placed[i])
            salle_schedule_add_unscheduled(s, i, "no placement breaks no hard rule (CBC)");
    if (objective) {
        long big = lp_big(inst, min_moves);
        long total = (long)(objv < 0 ? objv - 0.5 : objv + 0.5);
        objective->hard = unplaced;
        objective->soft = total - big * unplaced;
    }
    free(placed);
    free(text);
    return s;
fail:
    free(placed);
    free(text);
    salle_schedule_free(s);
    return NULL;
}

/* ---------------------------------------------------------------- a MIP start */

char *salle_lp_start(const salle_instance *inst, const salle_schedule *s)
{
    buf out = {0};
    bput(&out, "MIP start - objective value 0\n"); /* CBC reads only the numbered lines */
    char *placed = salle__xcalloc((size_t)inst->nsessions + 1, 1);
    long k = 0;
    for (int i = 0; i < s->nassign; i++) {
        const salle_assignment *a = &s->assign[i];
        if (placed[a->session]++)
            continue; /* the model places a session once; CBC takes the first */
        bput(&out, "%ld x%d_%d_%d 1\n", k++, a->session, a->room, a->start);
    }
    for (int i = 0; i < inst->nsessions; i++)
        if (!placed[i])
            bput(&out, "%ld u%d 1\n", k++, i);
    free(placed);
    return out.s;
}
