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
 */
#include "base/internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>


/* ": MS-1, MS-2, MS-3 and 4 more": the sessions an argument is about, a few by name. */
static void list_ids(salle__buf *b, const salle_instance *inst, const int *v, int n)
{
    const int shown = 6;
    salle__buf_printf(b, ":");
    for (int i = 0; i < n && i < shown; i++)
        salle__buf_printf(b, "%s %s", i ? "," : "", inst->sessions[v[i]].id);
    if (n > shown)
        salle__buf_printf(b, " and %d more", n - shown);
    salle__buf_printf(b, "\n");
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

static int explain_cycles(salle__buf *b, const salle_instance *inst)
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
        salle__buf_printf(b, "precedence cycle: ");
        for (int i = 0; i < ncyc; i++)
            salle__buf_printf(b, "%s must start after %s ends; ", inst->sessions[cyc[i]].id,
                      inst->sessions[cyc[(i + 1) % ncyc]].id);
        salle__buf_printf(b, "no order satisfies all of them");
        list_ids(b, inst, cyc, ncyc);
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
static int explain_resources(salle__buf *b, const salle_instance *inst)
{
    int found = 0;
    int *v = salle__xmalloc(((size_t)inst->nsessions + 1) * sizeof(int));
    for (int r = 0; r < inst->nresources; r++) {
        const salle_resource *res = &inst->resources[r];
        if (res->shifts.any)
            continue;
        int n = 0, dmin = 0;
        long minutes = 0, lane = 0;
        for (int s = 0; s < inst->nsessions; s++)
            if (salle__ids_has(&inst->sessions[s].resources, r)) {
                v[n++] = s;
                minutes += inst->sessions[s].duration;
                if (!dmin || inst->sessions[s].duration < dmin)
                    dmin = inst->sessions[s].duration;
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
            salle__buf_printf(b, "%d sessions need %s; they last %ld minutes, but %d at a time in %d "
                         "shifts give %ld minutes",
                      n, res->name, minutes, res->capacity, res->shifts.n, lane);
            list_ids(b, inst, v, n);
            found++;
            continue;
        }
        salle__buf_printf(b, "%d sessions need %s; ", n, res->name);
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
            salle__buf_printf(b, "%d at a time x %d shifts x %d days give %ld places", res->capacity,
                      per_day, nd, places);
        else if (same && per == 1)
            salle__buf_printf(b, "%d at a time x %d shifts give %ld places", res->capacity,
                      res->shifts.n, places);
        else if (same)
            salle__buf_printf(b, "%d at a time x %d shifts x %d sessions of %d+ minutes give %ld places",
                      res->capacity, res->shifts.n, per, dmin, places);
        else
            salle__buf_printf(b, "%d at a time in %d shifts hold at most %ld sessions of %d+ minutes",
                      res->capacity, res->shifts.n, places, dmin);
        list_ids(b, inst, v, n);
        found++;
    }
    free(v);
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
 * rooms all lie in Q. Reported for the smallest such Q that is over-full. */
static int explain_rooms(salle__buf *b, const salle_instance *inst)
{
    int n = inst->nsessions, nr = inst->nrooms;
    if (!n || !nr)
        return 0;
    unsigned char *fit = salle__xcalloc((size_t)n * (size_t)nr, 1);
    for (int s = 0; s < n; s++)
        for (int r = 0; r < nr; r++)
            fit[(size_t)s * nr + r] = (unsigned char)room_fits(inst, s, r);
    int *v = salle__xmalloc((size_t)n * sizeof(int));
    int found = 0;
    unsigned char *reported = salle__xcalloc((size_t)n, 1);
    for (int q = 0; q < n && found < 3; q++) {
        const unsigned char *Q = fit + (size_t)q * nr;
        int nq = 0;
        long open = 0;
        for (int r = 0; r < nr; r++)
            if (Q[r]) {
                nq++;
                open += windows_minutes(&inst->rooms[r].available);
            }
        if (!nq)
            continue; /* no room at all: the solver names that session as unscheduled */
        int dup = 0; /* the same set seen for an earlier session */
        for (int p = 0; p < q && !dup; p++)
            dup = memcmp(fit + (size_t)p * nr, Q, (size_t)nr) == 0;
        if (dup)
            continue;
        long need = 0;
        int k = 0, any_new = 0;
        for (int s = 0; s < n; s++) {
            const unsigned char *F = fit + (size_t)s * nr;
            int inside = 1, some = 0;
            for (int r = 0; r < nr && inside; r++) {
                if (F[r] && !Q[r])
                    inside = 0;
                some |= F[r];
            }
            if (inside && some) {
                v[k++] = s;
                need += inst->sessions[s].duration;
                any_new |= !reported[s];
            }
        }
        if (need <= open || !any_new)
            continue;
        const salle_session *qs = &inst->sessions[q];
        salle__buf_printf(b, "%d sessions can only use ", k);
        int shown = 0;
        for (int r = 0; r < nr; r++)
            if (Q[r])
                salle__buf_printf(b, "%s%s", shown++ ? ", " : "", inst->rooms[r].name);
        salle__buf_printf(b, " (");
        for (int i = 0; i < qs->needs.n; i++)
            salle__buf_printf(b, "%s%s", i ? " and " : "needs ", inst->feature_names[qs->needs.v[i]]);
        salle__buf_printf(b, "%s%d+ seats): they last %ld minutes, but %s open %ld minutes",
                  qs->needs.n ? ", " : "", qs->attendance, need,
                  nq == 1 ? "the room is" : "those rooms are", open);
        list_ids(b, inst, v, k);
        for (int i = 0; i < k; i++)
            reported[v[i]] = 1;
        found++;
    }
    free(reported);
    free(v);
    free(fit);
    return found;
}

/* A person is in one session at a time, and only while both they and some room are available:
 * their sessions' minutes above that time prove infeasibility. */
static int explain_people(salle__buf *b, const salle_instance *inst)
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
    for (int i = 1; i < nw; i++) /* insertion sort by start */
        for (int j = i; j > 0 && all[j].start < all[j - 1].start; j--) {
            salle_window t = all[j];
            all[j] = all[j - 1];
            all[j - 1] = t;
        }
    int m = 0;
    for (int i = 0; i < nw; i++) {
        if (m && all[i].start <= all[m - 1].end) {
            if (all[i].end > all[m - 1].end)
                all[m - 1].end = all[i].end;
        } else
            all[m++] = all[i];
    }
    int *v = salle__xmalloc(((size_t)inst->nsessions + 1) * sizeof(int));
    for (int p = 0; p < inst->npeople; p++) {
        const salle_person *pp = &inst->people[p];
        long need = 0;
        int k = 0;
        for (int s = 0; s < inst->nsessions; s++)
            if (salle__ids_has(&inst->sessions[s].people, p)) {
                v[k++] = s;
                need += inst->sessions[s].duration;
            }
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
        salle__buf_printf(b, "%s takes part in %d session%s lasting %ld minutes, but is available only "
                     "%ld minutes while rooms are open",
                  pp->name, k, k == 1 ? "" : "s", need, have);
        list_ids(b, inst, v, k);
        found++;
    }
    free(v);
    free(all);
    return found;
}

/* A session with no room and start on the grid that meets its own rules (room open, features,
 * seats, allowed rooms and windows, pins, people's availability, resource shifts) cannot be
 * placed whatever the others do. Only the sessions left unscheduled in partial are looked at (all
 * of them when partial is NULL): the search over every start is not free on large instances. */
static int explain_sessions(salle__buf *b, const salle_instance *inst, const salle_schedule *partial)
{
    int n = inst->nsessions, found = 0, g = inst->event.grid > 0 ? inst->event.grid : 5;
    unsigned char *look = salle__xcalloc((size_t)n + 1, 1);
    if (!partial)
        memset(look, 1, (size_t)n);
    for (int i = 0; partial && i < partial->nunscheduled; i++)
        if (partial->unscheduled[i].session >= 0 && partial->unscheduled[i].session < n)
            look[partial->unscheduled[i].session] = 1;
    int *v = salle__xmalloc(((size_t)n + 1) * sizeof(int));
    for (int s = 0; s < n; s++) {
        if (!look[s])
            continue;
        const salle_session *ss = &inst->sessions[s];
        int ok = 0;
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
                for (int r = 0; r < inst->nrooms && fine && !ok; r++)
                    ok = room_fits(inst, s, r) &&
                         salle__windows_contain(&inst->rooms[r].available, t, e);
            }
        if (!ok)
            v[found++] = s;
    }
    if (found) {
        salle__buf_printf(b, "%d session%s ha%s no room and start time that meet%s %s own rules (room, "
                     "times, people, shifts; see the unscheduled reasons)",
                  found, found == 1 ? "" : "s", found == 1 ? "s" : "ve", found == 1 ? "s" : "",
                  found == 1 ? "its" : "their");
        list_ids(b, inst, v, found);
    }
    free(v);
    free(look);
    return found;
}

char *salle_explain(const salle_instance *inst, const salle_schedule *partial)
{
    salle__buf b = {0};
    explain_sessions(&b, inst, partial);
    explain_cycles(&b, inst);
    explain_resources(&b, inst);
    explain_rooms(&b, inst);
    explain_people(&b, inst);
    return b.s;
}
