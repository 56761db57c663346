/*
 * explain.c: why no valid schedule exists (salle_explain, docs/replan.md "Infeasibility").
 *
 * When the solver leaves sessions unscheduled or hard violations remain, people need to know
 * whether that is the search's fault or the instance's, and what to change. Each argument here is
 * a count that proves, on its own, that the sessions it names cannot all be placed: demand above
 * a true upper bound on supply. An argument is reported only when it proves infeasibility, never
 * as a hint, so that "why:" lines can be trusted; when none applies we say nothing and the caller
 * says the search may have missed a schedule. Checked in order: precedence cycles, resources in
 * shifts, the rooms a group of sessions may use, one person's available time; before them, any
 * unscheduled session that has no place at all meeting its own rules.
 *
 * The arguments are said in a language (salle__explain_lang, for the server's draft page): each is
 * a whole sentence in po/ with its counts' plural forms, so that a translation need not follow the
 * English word order. In English (lang NULL or "en", salle_explain) the text is byte for byte
 * what it always was, "1 sessions need ..." included: scripts read it.
 */
#include "base/internal.h"
#include "base/tr.h"
#include "engine/explain.h"
#include "engine/room_rows.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>


/* ": MS-1, MS-2, MS-3 and 4 more": the sessions an argument is about, a few by name. */
static void list_ids(salle__buf *b, const char *lang, const salle_instance *inst, const int *v, int n)
{
    const int shown = 6;
    salle__buf_printf(b, ":");
    for (int i = 0; i < n && i < shown; i++)
        salle__buf_printf(b, "%s %s", i ? "," : "", inst->sessions[v[i]].id);
    if (n > shown) {
        salle__buf_printf(b, " ");
        /* TRANSLATORS: after a few session ids: how many more the list leaves out */
        salle__buf_printf(b, salle__trn(lang, "and %d more", "and %d more", n - shown), n - shown);
    }
    salle__buf_printf(b, "\n");
}

/* "a and b and c" in lang, from the words v[0..n) (names in the instance: not translated). */
static void join_and(salle__buf *out, const char *lang, const char *const *v, int n)
{
    char *acc = salle__xstrdup(n ? v[0] : "");
    for (int i = 1; i < n; i++) {
        /* TRANSLATORS: joins the room features a session needs: "a projector and a ramp" */
        char *next = salle__xasprintf(salle__tr(lang, "%1$s and %2$s"), acc, v[i]);
        free(acc);
        acc = next;
    }
    salle__buf_printf(out, "%s", acc);
    free(acc);
}

/* Who and what each session involves, inverted once (person -> sessions, resource -> sessions):
 * the arguments below look at every person and every resource, and scanning all sessions for
 * each was O(people x sessions), half of a 30,000-session run. */
typedef struct index {
    int *ps_start, *ps; /* CSR: sessions of person p, in session order */
    int *rs_start, *rs; /* CSR: sessions that use resource q, in session order */
} index_t;

static void csr_build(int n, int nkeys, const salle_ids *(*get)(const salle_session *),
                      const salle_instance *inst, int **start, int **v)
{
    int *st = salle__xcalloc((size_t)nkeys + 2, sizeof *st);
    for (int s = 0; s < n; s++) {
        const salle_ids *ids = get(&inst->sessions[s]);
        for (int k = 0; k < ids->n; k++)
            st[ids->v[k] + 1]++;
    }
    for (int p = 0; p < nkeys; p++)
        st[p + 1] += st[p];
    int *out = salle__xmalloc(((size_t)st[nkeys] + 1) * sizeof *out);
    int *fill = salle__xmalloc(((size_t)nkeys + 1) * sizeof *fill);
    memcpy(fill, st, (size_t)nkeys * sizeof *fill);
    for (int s = 0; s < n; s++) {
        const salle_ids *ids = get(&inst->sessions[s]);
        for (int k = 0; k < ids->n; k++)
            out[fill[ids->v[k]]++] = s;
    }
    free(fill);
    *start = st;
    *v = out;
}

static const salle_ids *get_people(const salle_session *ss)
{
    return &ss->people;
}

static const salle_ids *get_resources(const salle_session *ss)
{
    return &ss->resources;
}

static void index_build(index_t *ix, const salle_instance *inst)
{
    csr_build(inst->nsessions, inst->npeople, get_people, inst, &ix->ps_start, &ix->ps);
    csr_build(inst->nsessions, inst->nresources, get_resources, inst, &ix->rs_start, &ix->rs);
}

static void index_free(index_t *ix)
{
    free(ix->ps_start);
    free(ix->ps);
    free(ix->rs_start);
    free(ix->rs);
}

/* Precedence cycles in `after`: a depth-first search; a back edge closes a cycle. */
static int cycle_dfs(const salle_instance *inst, int s, int *color, int *stack, int *depth,
                     int *cyc, int *ncyc)
{
    color[s] = 1;
    stack[(*depth)++] = s;
    const salle_ids *a = &inst->sessions[s].after;
    for (int i = 0; i < a->n; i++) {
        int o = a->v[i];
        if (color[o] == 1) {
            int k = *depth - 1;
            while (k >= 0 && stack[k] != o)
                k--;
            *ncyc = 0;
            for (int j = k; j < *depth; j++)
                cyc[(*ncyc)++] = stack[j];
            return 1;
        }
        if (color[o] == 0 && cycle_dfs(inst, o, color, stack, depth, cyc, ncyc))
            return 1;
    }
    color[s] = 2;
    (*depth)--;
    return 0;
}

static int explain_cycles(salle__buf *b, const char *lang, const salle_instance *inst)
{
    int n = inst->nsessions, found = 0;
    int *color = salle__xcalloc((size_t)n + 1, sizeof(int));
    int *stack = salle__xmalloc(((size_t)n + 1) * sizeof(int));
    int *cyc = salle__xmalloc(((size_t)n + 1) * sizeof(int));
    for (int s = 0; s < n; s++) {
        int depth = 0, ncyc = 0;
        if (color[s] || !cycle_dfs(inst, s, color, stack, &depth, cyc, &ncyc))
            continue;
        /* cyc[0] <- ... : each must start after the next one in the stack ends */
        /* TRANSLATORS: the start of a list of sessions that must each start after the next ends */
        salle__buf_printf(b, "%s ", salle__tr(lang, "precedence cycle:"));
        for (int i = 0; i < ncyc; i++) {
            /* TRANSLATORS: two session ids */
            salle__buf_printf(b, salle__tr(lang, "%1$s must start after %2$s ends"), inst->sessions[cyc[i]].id,
                              inst->sessions[cyc[(i + 1) % ncyc]].id);
            salle__buf_printf(b, "; ");
        }
        salle__buf_printf(b, "%s", salle__tr(lang, "no order satisfies all of them"));
        list_ids(b, lang, inst, cyc, ncyc);
        found++;
        /* the rest of this component stays grey; mark it done to look for other cycles */
        for (int i = 0; i < depth; i++)
            color[stack[i]] = 2;
    }
    free(color);
    free(stack);
    free(cyc);
    return found;
}

/* A resource of capacity c: its running count at every session start is at most c, so the
 * sessions using it form an interval family of clique size <= c, which splits into c chains of
 * non-overlapping sessions; each session lies inside one shift, so a shift of L minutes holds at
 * most c x floor(L / shortest) of them. Demand above the sum over shifts proves infeasibility. */
static int explain_resources(salle__buf *b, const char *lang, const salle_instance *inst, const index_t *ix)
{
    int found = 0;
    for (int r = 0; r < inst->nresources; r++) {
        const salle_resource *res = &inst->resources[r];
        if (res->shifts.any)
            continue;
        const int *v = ix->rs + ix->rs_start[r];
        int n = ix->rs_start[r + 1] - ix->rs_start[r], dmin = 0;
        long minutes = 0, lane = 0;
        for (int i = 0; i < n; i++) {
            minutes += inst->sessions[v[i]].duration;
            if (!dmin || inst->sessions[v[i]].duration < dmin)
                dmin = inst->sessions[v[i]].duration;
        }
        if (!n || dmin <= 0)
            continue;
        long places = 0;
        int per = -1, same = 1;
        for (int i = 0; i < res->shifts.n; i++) {
            int k = (res->shifts.w[i].end - res->shifts.w[i].start) / dmin;
            places += (long)res->capacity * k;
            if (per < 0)
                per = k;
            else if (per != k)
                same = 0;
        }
        for (int i = 0; i < res->shifts.n; i++)
            lane += (long)res->capacity * (res->shifts.w[i].end - res->shifts.w[i].start);
        if (n <= places && minutes <= lane)
            continue;
        if (n <= places) {
            /* Each chain lies inside one shift, so the chains of a shift last at most c x its
             * length: the sessions' minutes above that prove it even when the count fits. */
            /* TRANSLATORS: %1$d sessions need the resource %2$s (a team of interpreters, say); the
             * English says "1 sessions" too, for the scripts that read it */
            salle__buf_printf(b, salle__trn(lang, "%1$d sessions need %2$s", "%1$d sessions need %2$s", n), n, res->name);
            salle__buf_printf(b, "; ");
            /* TRANSLATORS: after "N sessions need R;": their minutes, R's capacity, its shifts, the
             * minutes those give */
            salle__buf_printf(b, salle__tr(lang, "they last %1$ld minutes, but %2$d at a time in %3$d shifts give %4$ld minutes"),
                              minutes, res->capacity, res->shifts.n, lane);
            list_ids(b, lang, inst, v, n);
            found++;
            continue;
        }
        salle__buf_printf(b, salle__trn(lang, "%1$d sessions need %2$s", "%1$d sessions need %2$s", n), n, res->name);
        salle__buf_printf(b, "; ");
        /* "3 shifts x 2 days" when every event day has the same number of shifts */
        int nd = inst->event.ndays, per_day = -1, even = nd > 0;
        for (int d = 0; d < nd && even; d++) {
            int k = 0;
            for (int i = 0; i < res->shifts.n; i++)
                k += salle_time_day(inst, res->shifts.w[i].start) == d;
            if (per_day < 0)
                per_day = k;
            else if (k != per_day)
                even = 0;
        }
        if (even && nd > 1 && per_day * nd == res->shifts.n && same && per == 1)
            /* TRANSLATORS: a resource's capacity x its shifts a day x the days = the places it has */
            salle__buf_printf(b, salle__tr(lang, "%1$d at a time x %2$d shifts x %3$d days give %4$ld places"),
                              res->capacity, per_day, nd, places);
        else if (same && per == 1)
            salle__buf_printf(b, salle__tr(lang, "%1$d at a time x %2$d shifts give %3$ld places"), res->capacity,
                              res->shifts.n, places);
        else if (same)
            /* TRANSLATORS: capacity x shifts x how many of the shortest sessions a shift holds */
            salle__buf_printf(b, salle__tr(lang, "%1$d at a time x %2$d shifts x %3$d sessions of %4$d+ minutes give %5$ld places"),
                              res->capacity, res->shifts.n, per, dmin, places);
        else
            salle__buf_printf(b, salle__tr(lang, "%1$d at a time in %2$d shifts hold at most %3$ld sessions of %4$d+ minutes"),
                              res->capacity, res->shifts.n, places, dmin);
        list_ids(b, lang, inst, v, n);
        found++;
    }
    return found;
}

static int room_fits(const salle_instance *inst, int s, int r)
{
    const salle_session *ss = &inst->sessions[s];
    const salle_room *rm = &inst->rooms[r];
    if (ss->attendance > rm->capacity || (ss->rooms.n && !salle__ids_has(&ss->rooms, r)) ||
        (ss->pinned_room >= 0 && ss->pinned_room != r))
        return 0;
    for (int i = 0; i < ss->needs.n; i++)
        if (!salle__ids_has(&rm->features, ss->needs.v[i]))
            return 0;
    return 1;
}

static long windows_minutes(const salle_windows *w)
{
    long m = 0;
    for (int i = 0; i < w->n; i++)
        m += w->w[i].end - w->w[i].start;
    return m;
}

/* Sessions never overlap in one room, so the sessions that can only use rooms Q last at most as
 * long as Q is open. For each distinct set Q of rooms some session may use, S = the sessions whose
 * rooms all lie in Q; Q's first session names it. Reported for Q in the order of those first
 * sessions, at most 3.
 *
 * When rooms open in fixed slots (short windows), minutes are a weak bound: a session lies inside
 * one window of its room (windows that touch are merged), and sessions in one room keep the
 * room's changeover between them, so a window of L minutes holds at most (L + c) / (d + c)
 * sessions of d+ minutes. Counting places that way is the argument a person makes ("16 sessions
 * fit only Hall A, which has 15 slots of 90 minutes") and is reported when the minutes fit.
 *
 * Sessions with the same set are one group, and sets are bit sets: the work is groups^2 x
 * rooms/64, not sessions^2 x rooms. */
typedef struct room_group {
    int first;       /* the first session with this set */
    int count;       /* sessions with exactly this set */
    long minutes;    /* their total duration */
    int dmin, amin;  /* their shortest duration, smallest attendance */
} room_group;

/* Places for sessions of dmin+ minutes in rooms Q, counted slot by slot (see above); the slots
 * that hold at least one, their shortest and longest length and the most one of them holds. */
static long slot_places(const salle_instance *inst, const uint64_t *Q, int dmin, int *nslots,
                        int *lmin, int *lmax, int *kmax)
{
    long places = 0;
    *nslots = *lmax = *kmax = 0;
    *lmin = -1;
    for (int r = 0; r < inst->nrooms; r++) {
        if (!(Q[r / 64] >> (r % 64) & 1))
            continue;
        const salle_windows *w = &inst->rooms[r].available;
        int co = inst->rooms[r].changeover;
        for (int i = 0; i < w->n; i++) {
            int len = w->w[i].end - w->w[i].start, k = (len + co) / (dmin + co);
            if (k <= 0)
                continue;
            places += k;
            (*nslots)++;
            if (*lmin < 0 || len < *lmin)
                *lmin = len;
            if (len > *lmax)
                *lmax = len;
            if (k > *kmax)
                *kmax = k;
        }
    }
    return places;
}

static int explain_rooms(salle__buf *b, const char *lang, const salle_instance *inst)
{
    int n = inst->nsessions, nr = inst->nrooms;
    if (!n || !nr)
        return 0;
    int W = (nr + 63) / 64;
    uint64_t *bits = salle__xcalloc((size_t)n * W + 1, sizeof *bits);
    int *grp = salle__xmalloc(((size_t)n + 1) * sizeof *grp);
    room_group *g = salle__xcalloc((size_t)n + 1, sizeof *g);
    /* open addressing on the set's hash: group of each session, groups in first-session order */
    size_t hsize = 1;
    while (hsize < 2 * (size_t)n)
        hsize <<= 1;
    int *table = salle__xmalloc(hsize * sizeof *table);
    for (size_t i = 0; i < hsize; i++)
        table[i] = -1;
    int ng = 0;
    salle__room_rows rows; /* room_fits, a word at a time (2 s of 3 at 100,000 sessions before) */
    salle__room_rows_init(&rows, inst);
    for (int s = 0; s < n; s++) {
        uint64_t *F = bits + (size_t)s * W, h = 1469598103934665603ull;
        int some = salle__room_rows_of(&rows, inst, s, NULL, F);
        grp[s] = -1;
        if (!some)
            continue; /* no room at all: the solver names that session as unscheduled */
        for (int w = 0; w < W; w++)
            h = (h ^ F[w]) * 1099511628211ull;
        size_t at = (size_t)(h ^ (h >> 29)) & (hsize - 1);
        while (table[at] >= 0 &&
               memcmp(bits + (size_t)g[table[at]].first * W, F, (size_t)W * sizeof *F) != 0)
            at = (at + 1) & (hsize - 1);
        if (table[at] < 0) {
            table[at] = ng;
            g[ng].first = s;
            g[ng].dmin = g[ng].amin = -1;
            ng++;
        }
        room_group *x = &g[table[at]];
        grp[s] = table[at];
        x->count++;
        x->minutes += inst->sessions[s].duration;
        if (x->dmin < 0 || inst->sessions[s].duration < x->dmin)
            x->dmin = inst->sessions[s].duration;
        if (x->amin < 0 || inst->sessions[s].attendance < x->amin)
            x->amin = inst->sessions[s].attendance;
    }
    free(table);
    salle__room_rows_free(&rows);
    unsigned char *inside = salle__xcalloc((size_t)ng + 1, 1), *reported = salle__xcalloc((size_t)ng + 1, 1);
    int *v = salle__xmalloc(((size_t)n + 1) * sizeof *v);
    int found = 0;
    for (int q = 0; q < ng && found < 3; q++) {
        const uint64_t *Q = bits + (size_t)g[q].first * W;
        int nq = 0, k = 0, any_new = 0, dmin = -1, amin = -1;
        long open = 0, need = 0;
        for (int r = 0; r < nr; r++)
            if (Q[r / 64] >> (r % 64) & 1) {
                nq++;
                open += windows_minutes(&inst->rooms[r].available);
            }
        for (int d = 0; d < ng; d++) {
            const uint64_t *F = bits + (size_t)g[d].first * W;
            int sub = 1;
            for (int w = 0; w < W && sub; w++)
                sub = (F[w] & ~Q[w]) == 0;
            inside[d] = (unsigned char)sub;
            if (!sub)
                continue;
            k += g[d].count;
            need += g[d].minutes;
            any_new |= !reported[d];
            if (dmin < 0 || g[d].dmin < dmin)
                dmin = g[d].dmin;
            if (amin < 0 || g[d].amin < amin)
                amin = g[d].amin;
        }
        if (!any_new)
            continue;
        int nslots = 0, lmin = 0, lmax = 0, kmax = 0;
        long places = need > open ? 0 : slot_places(inst, Q, dmin, &nslots, &lmin, &lmax, &kmax);
        if (need <= open && k <= places)
            continue;
        const salle_session *qs = &inst->sessions[g[q].first];
        salle__buf rooms = {0};
        for (int r = 0, shown = 0; r < nr; r++)
            if (Q[r / 64] >> (r % 64) & 1)
                salle__buf_printf(&rooms, "%s%s", shown++ ? ", " : "", inst->rooms[r].name);
        salle__buf feats = {0};
        const char **fv = salle__xcalloc((size_t)qs->needs.n + 1, sizeof *fv);
        for (int i = 0; i < qs->needs.n; i++)
            fv[i] = inst->feature_names[qs->needs.v[i]];
        join_and(&feats, lang, fv, qs->needs.n);
        free(fv);
        /* each sentence whole, with the English's "1 sessions" (see the top of the file) */
        if (need > open && !qs->needs.n)
            /* TRANSLATORS: sessions, the rooms they may use, their seats, their minutes, the
             * rooms' open minutes */
            salle__buf_printf(b, nq == 1 ? salle__trn(lang, "%1$d sessions can only use %2$s (%3$d+ seats): they last %4$ld minutes, but the room is open %5$ld minutes",
                                                      "%1$d sessions can only use %2$s (%3$d+ seats): they last %4$ld minutes, but the room is open %5$ld minutes", k)
                                         : salle__trn(lang, "%1$d sessions can only use %2$s (%3$d+ seats): they last %4$ld minutes, but those rooms are open %5$ld minutes",
                                                      "%1$d sessions can only use %2$s (%3$d+ seats): they last %4$ld minutes, but those rooms are open %5$ld minutes", k),
                              k, rooms.s, qs->attendance, need, open);
        else if (need > open)
            /* TRANSLATORS: sessions, the rooms they may use, the features they need, their seats,
             * their minutes, the rooms' open minutes */
            salle__buf_printf(b, nq == 1 ? salle__trn(lang, "%1$d sessions can only use %2$s (needs %3$s, %4$d+ seats): they last %5$ld minutes, but the room is open %6$ld minutes",
                                                      "%1$d sessions can only use %2$s (needs %3$s, %4$d+ seats): they last %5$ld minutes, but the room is open %6$ld minutes", k)
                                         : salle__trn(lang, "%1$d sessions can only use %2$s (needs %3$s, %4$d+ seats): they last %5$ld minutes, but those rooms are open %6$ld minutes",
                                                      "%1$d sessions can only use %2$s (needs %3$s, %4$d+ seats): they last %5$ld minutes, but those rooms are open %6$ld minutes", k),
                              k, rooms.s, feats.s, qs->attendance, need, open);
        else {
            /* "16 sessions of 180+ people fit only Hall A, which has 15 slots of 90 minutes" */
            salle__buf who = {0}, len = {0}, slots = {0}, all = {0};
            if (amin > 0 && qs->needs.n)
                salle__buf_printf(&who, salle__trn(lang, "%1$d sessions of %2$d+ people needing %3$s",
                                                   "%1$d sessions of %2$d+ people needing %3$s", k), k, amin, feats.s);
            else if (amin > 0)
                salle__buf_printf(&who, salle__trn(lang, "%1$d sessions of %2$d+ people", "%1$d sessions of %2$d+ people", k),
                                  k, amin);
            else if (qs->needs.n)
                /* TRANSLATORS: %2$s the room features they need */
                salle__buf_printf(&who, salle__trn(lang, "%1$d sessions needing %2$s", "%1$d sessions needing %2$s", k),
                                  k, feats.s);
            else
                salle__buf_printf(&who, salle__trn(lang, "%d sessions", "%d sessions", k), k);
            if (lmin == lmax)
                salle__buf_printf(&len, salle__tr(lang, "%d minutes"), lmin);
            else
                salle__buf_printf(&len, salle__tr(lang, "%1$d to %2$d minutes"), lmin, lmax);
            /* TRANSLATORS: a number of a room's slots (its opening windows), then their length
             * ("90 minutes", "60 to 90 minutes") */
            salle__buf_printf(&slots, salle__trn(lang, "%1$d slot of %2$s", "%1$d slots of %2$s", nslots), nslots, len.s);
            /* TRANSLATORS: %1$s the sessions ("16 sessions of 180+ people"; the count chooses the
             * form), %2$s the rooms they may use, %3$s their slots ("15 slots of 90 minutes") */
            salle__buf_printf(&all, nq == 1 ? salle__trn(lang, "%1$s fit only %2$s, which has %3$s",
                                                         "%1$s fit only %2$s, which has %3$s", k)
                                            : salle__trn(lang, "%1$s fit only %2$s, which have %3$s",
                                                         "%1$s fit only %2$s, which have %3$s", k),
                              who.s, rooms.s, slots.s);
            if (kmax > 1 || lmin != lmax)
                /* TRANSLATORS: %1$s the sentence before; then how many sessions of the shortest
                 * length those slots hold */
                salle__buf_printf(b, salle__tr(lang, "%1$s, room for %2$ld sessions of %3$d+ minutes"), all.s, places, dmin);
            else
                salle__buf_printf(b, "%s", all.s);
            free(who.s);
            free(len.s);
            free(slots.s);
            free(all.s);
        }
        free(feats.s);
        free(rooms.s);
        int nv = 0;
        for (int s = 0; s < n; s++)
            if (grp[s] >= 0 && inside[grp[s]])
                v[nv++] = s;
        list_ids(b, lang, inst, v, nv);
        for (int d = 0; d < ng; d++)
            if (inside[d])
                reported[d] = 1;
        found++;
    }
    free(inside);
    free(reported);
    free(v);
    free(g);
    free(grp);
    free(bits);
    return found;
}

/* A person is in one session at a time, and only while both they and some room are available:
 * their sessions' minutes above that time prove infeasibility. */
static int cmp_window(const void *x, const void *y)
{
    const salle_window *a = x, *c = y;
    return (a->start > c->start) - (a->start < c->start);
}

static int explain_people(salle__buf *b, const char *lang, const salle_instance *inst, const index_t *ix)
{
    int found = 0;
    /* minutes when any room is open, as a sorted, merged list */
    int nw = 0;
    for (int r = 0; r < inst->nrooms; r++)
        nw += inst->rooms[r].available.n;
    salle_window *all = salle__xmalloc(((size_t)nw + 1) * sizeof *all);
    nw = 0;
    for (int r = 0; r < inst->nrooms; r++)
        for (int i = 0; i < inst->rooms[r].available.n; i++)
            all[nw++] = inst->rooms[r].available.w[i];
    qsort(all, (size_t)nw, sizeof *all, cmp_window);
    int m = 0;
    for (int i = 0; i < nw; i++) {
        if (m && all[i].start <= all[m - 1].end) {
            if (all[i].end > all[m - 1].end)
                all[m - 1].end = all[i].end;
        } else
            all[m++] = all[i];
    }
    for (int p = 0; p < inst->npeople; p++) {
        const salle_person *pp = &inst->people[p];
        const int *v = ix->ps + ix->ps_start[p];
        int k = ix->ps_start[p + 1] - ix->ps_start[p];
        long need = 0;
        for (int i = 0; i < k; i++)
            need += inst->sessions[v[i]].duration;
        if (k < 2 && pp->available.any)
            continue;
        long have = 0;
        for (int i = 0; i < m; i++) {
            if (pp->available.any) {
                have += all[i].end - all[i].start;
                continue;
            }
            for (int j = 0; j < pp->available.n; j++) {
                int a = all[i].start > pp->available.w[j].start ? all[i].start
                                                                : pp->available.w[j].start;
                int e = all[i].end < pp->available.w[j].end ? all[i].end : pp->available.w[j].end;
                if (e > a)
                    have += e - a;
            }
        }
        if (need <= have || !k)
            continue;
        /* TRANSLATORS: a person, their sessions, those sessions' minutes, the minutes the person is
         * available while some room is open */
        salle__buf_printf(b, salle__trn(lang, "%1$s takes part in %2$d session lasting %3$ld minutes, but is available only %4$ld minutes while rooms are open",
                                        "%1$s takes part in %2$d sessions lasting %3$ld minutes, but is available only %4$ld minutes while rooms are open", k),
                          pp->name, k, need, have);
        list_ids(b, lang, inst, v, k);
        found++;
    }
    free(all);
    return found;
}

/* A session with no room and start on the grid that meets its own rules (room open, features,
 * seats, allowed rooms and windows, pins, people's availability, resource shifts) cannot be
 * placed whatever the others do. Only the sessions left unscheduled in partial are looked at (all
 * of them when partial is NULL): the search over every start is not free on large instances. */
static int explain_sessions(salle__buf *b, const char *lang, const salle_instance *inst, const salle_schedule *partial)
{
    int n = inst->nsessions, found = 0, g = inst->event.grid > 0 ? inst->event.grid : 5;
    unsigned char *look = salle__xcalloc((size_t)n + 1, 1);
    if (!partial)
        memset(look, 1, (size_t)n);
    for (int i = 0; partial && i < partial->nunscheduled; i++)
        if (partial->unscheduled[i].session >= 0 && partial->unscheduled[i].session < n)
            look[partial->unscheduled[i].session] = 1;
    int *v = salle__xmalloc(((size_t)n + 1) * sizeof(int));
    int *fit = salle__xmalloc(((size_t)inst->nrooms + 1) * sizeof *fit);
    for (int s = 0; s < n; s++) {
        if (!look[s])
            continue;
        const salle_session *ss = &inst->sessions[s];
        int ok = 0, nfit = 0;
        for (int r = 0; r < inst->nrooms; r++) /* once, not at every start */
            if (room_fits(inst, s, r))
                fit[nfit++] = r;
        for (int d = 0; d < inst->event.ndays && !ok; d++)
            for (int m = 0; m + ss->duration <= SALLE_MINUTES_PER_DAY && !ok; m += g) {
                int t = inst->event.day_offset[d] + m, e = t + ss->duration;
                if ((ss->pinned_start >= 0 && t != ss->pinned_start) ||
                    !salle__windows_contain(&ss->allowed, t, e))
                    continue;
                int fine = 1;
                for (int p = 0; p < ss->people.n && fine; p++)
                    fine = salle__windows_contain(&inst->people[ss->people.v[p]].available, t, e);
                for (int r = 0; r < ss->resources.n && fine; r++)
                    fine = salle__windows_contain(&inst->resources[ss->resources.v[r]].shifts, t, e);
                for (int r = 0; r < nfit && fine && !ok; r++)
                    ok = salle__windows_contain(&inst->rooms[fit[r]].available, t, e);
            }
        if (!ok)
            v[found++] = s;
    }
    if (found) {
        salle__buf_printf(b, salle__trn(lang, "%d session has no room and start time that meets its own rules (room, times, people, shifts; see the unscheduled reasons)",
                                        "%d sessions have no room and start time that meet their own rules (room, times, people, shifts; see the unscheduled reasons)", found),
                          found);
        list_ids(b, lang, inst, v, found);
    }
    free(fit);
    free(v);
    free(look);
    return found;
}

char *salle__explain_lang(const salle_instance *inst, const salle_schedule *partial, const char *lang)
{
    salle__buf b = {0};
    explain_sessions(&b, lang, inst, partial);
    explain_cycles(&b, lang, inst);
    index_t ix;
    index_build(&ix, inst);
    explain_resources(&b, lang, inst, &ix);
    explain_rooms(&b, lang, inst);
    explain_people(&b, lang, inst, &ix);
    index_free(&ix);
    return b.s;
}

char *salle_explain(const salle_instance *inst, const salle_schedule *partial)
{
    return salle__explain_lang(inst, partial, NULL);
}
