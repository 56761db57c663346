/*
 * replan.c: re-planning with minimal change (docs/replan.md).
 *
 * After a disruption (a room closed, a speaker's time cut, a session lengthened, an interpreter
 * team lost) the published programme must change as little as possible, and a session whose
 * organizers declined a move must not move at all. The solver alone would re-optimise the whole
 * programme; here we first decide which published sessions cannot stay (each one's own hard rules
 * at its old place, then clashes among the sessions that stay, freeing the cheaper side of each),
 * then let the solver place only those (and new sessions) with every other session fixed, and
 * finally send back home any moved session whose old place turned out to be free after all. The
 * cheaper side of a clash is not always the one to move (freeing it may force a second move where
 * moving the other side needs one), so the other ways of settling the clashes compete with it:
 * each is solved and the result that changes the programme least wins. The
 * solver is driven only through the public API: a shallow copy of the instance whose sessions
 * carry the published placements (staying: move "ask", so the solver keeps them; freed: move
 * "confirmed", so stability prices every minute and room they move).
 */
#include "base/internal.h"

#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- small text buffer (messages are built in pieces) */

/* "Tue 14:00-15:30": a span in one day, as people read it. */
static char *span(const salle_instance *inst, int a, int b, char *buf)
{
    char h[32], c[32];
    int d = salle_time_day(inst, a);
    int off = d >= 0 ? inst->event.day_offset[d] : 0;
    int e = b - off;
    if (e == SALLE_MINUTES_PER_DAY)
        snprintf(c, sizeof c, "24:00");
    else
        salle_time_clock(e, c);
    snprintf(buf, 64, "%s-%s", salle_time_human(inst, a, h), c);
    return buf;
}

static const char *room_name(const salle_instance *inst, int r)
{
    return r >= 0 ? inst->rooms[r].name : "(no room)";
}

/* A reason in words (text, as the command line prints it) and as a code with its arguments
 * (salle_replan_move.code), for front ends that say it in another language. Text arguments
 * point into the instance until add_move copies them. */
typedef struct rp_why {
    char text[512];
    const char *code; /* NULL: no reason */
    int nargs;
    salle_replan_arg args[SALLE_REPLAN_MAXARGS];
} rp_why;

/* Starts reason code in o with its English words; the arguments follow with why_*. */
static void why_say(rp_why *o, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void why_say(rp_why *o, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->text, sizeof o->text, fmt, ap);
    va_end(ap);
    o->code = code;
    o->nargs = 0;
}

static void why_arg(rp_why *o, int kind, const char *text, int a, int b)
{
    if (o->nargs < SALLE_REPLAN_MAXARGS)
        o->args[o->nargs++] = (salle_replan_arg){kind, (char *)text, a, b};
}

static void why_text(rp_why *o, const char *text)
{
    why_arg(o, SALLE_ARG_TEXT, text ? text : "", 0, 0);
}

static void why_count(rp_why *o, int n)
{
    why_arg(o, SALLE_ARG_COUNT, NULL, n, 0);
}

static void why_time(rp_why *o, int t)
{
    why_arg(o, SALLE_ARG_TIME, NULL, t, 0);
}

static void why_span(rp_why *o, int a, int b)
{
    why_arg(o, SALLE_ARG_SPAN, NULL, a, b);
}

/* The closed stretch of room r that session time [a, b) runs into, clipped to that day's opening
 * hours so that "closed Tue 14:00-18:00" reads as the afternoon, not until Wednesday morning. */
static void room_gap(const salle_instance *inst, int r, int a, int b, int *ga, int *gb)
{
    const salle_windows *w = &inst->rooms[r].available;
    /* the first minute of [a, b) not covered, then the covered windows around it */
    int lo = a, hi = b;
    int t = a;
    for (int i = 0; i < w->n; i++)
        if (w->w[i].start <= t && t < w->w[i].end)
            t = w->w[i].end;
    lo = t < b ? t : a;
    hi = b;
    int prev_end = -1, next_start = -1;
    for (int i = 0; i < w->n; i++) {
        if (w->w[i].end <= lo && w->w[i].end > prev_end)
            prev_end = w->w[i].end;
        if (w->w[i].start > lo && (next_start < 0 || w->w[i].start < next_start))
            next_start = w->w[i].start;
    }
    lo = prev_end >= 0 ? prev_end : lo;
    /* no window after: closed until the end of the day (clipped below) */
    hi = next_start >= 0 ? next_start : (salle_time_day(inst, a) >= 0 ? INT_MAX : hi);
    int d = salle_time_day(inst, a);
    if (d >= 0) {
        int open = inst->event.day_offset[d] + inst->event.hours_start;
        int close = inst->event.day_offset[d] + inst->event.hours_end;
        if (lo < open)
            lo = open;
        if (hi > close)
            hi = close;
        if (lo >= hi) { /* the room's own hours lie outside the event's: say the session's time */
            lo = a;
            hi = b;
        }
    }
    *ga = lo;
    *gb = hi;
}

/* Whether session s breaks a rule of its own (rules 4-9 that involve it alone) in room r at t.
 * Returns 1 and writes the first reason found into out (256+ bytes), else 0. */
static int unary_reason(const salle_instance *inst, int s, int r, int t, rp_why *out)
{
    const salle_session *ss = &inst->sessions[s];
    int b = t + ss->duration;
    char sp[64];
    if (r < 0) {
        why_say(out, "room_gone", "its room no longer exists");
        return 1;
    }
    const salle_room *rm = &inst->rooms[r];
    if (!salle__windows_contain(&rm->available, t, b)) {
        int ga, gb;
        room_gap(inst, r, t, b, &ga, &gb);
        why_say(out, "room_closed", "%s is closed %s", rm->name, span(inst, ga, gb, sp));
        why_text(out, rm->name);
        why_span(out, ga, gb);
        return 1;
    }
    if (ss->rooms.n > 0 && !salle__ids_has(&ss->rooms, r)) {
        why_say(out, "room_not_allowed", "it may no longer use %s", rm->name);
        why_text(out, rm->name);
        return 1;
    }
    for (int i = 0; i < ss->needs.n; i++)
        if (!salle__ids_has(&rm->features, ss->needs.v[i])) {
            why_say(out, "room_lacks", "it needs %s, which %s lacks",
                    inst->feature_names[ss->needs.v[i]], rm->name);
            why_text(out, inst->feature_names[ss->needs.v[i]]);
            why_text(out, rm->name);
            return 1;
        }
    if (ss->attendance > rm->capacity) {
        why_say(out, "room_small", "it expects %d people; %s holds %d", ss->attendance, rm->name,
                rm->capacity);
        why_count(out, ss->attendance);
        why_text(out, rm->name);
        why_count(out, rm->capacity);
        return 1;
    }
    if (!salle__windows_contain(&ss->allowed, t, b)) {
        why_say(out, "time_not_allowed", "it is no longer allowed at %s", span(inst, t, b, sp));
        why_span(out, t, b);
        return 1;
    }
    if (ss->pinned_room >= 0 && ss->pinned_room != r) {
        why_say(out, "pinned_room", "it is pinned to %s", inst->rooms[ss->pinned_room].name);
        why_text(out, inst->rooms[ss->pinned_room].name);
        return 1;
    }
    if (ss->pinned_start >= 0 && ss->pinned_start != t) {
        char h[32];
        why_say(out, "pinned_start", "it is pinned to start %s",
                salle_time_human(inst, ss->pinned_start, h));
        why_time(out, ss->pinned_start);
        return 1;
    }
    for (int i = 0; i < ss->people.n; i++) {
        const salle_person *p = &inst->people[ss->people.v[i]];
        if (!salle__windows_contain(&p->available, t, b)) {
            why_say(out, "person_unavailable", "%s is no longer available %s", p->name,
                    span(inst, t, b, sp));
            why_text(out, p->name);
            why_span(out, t, b);
            return 1;
        }
    }
    for (int i = 0; i < ss->resources.n; i++) {
        const salle_resource *res = &inst->resources[ss->resources.v[i]];
        if (!salle__windows_contain(&res->shifts, t, b)) {
            why_say(out, "no_shift", "%s work no shift covering %s", res->name,
                    span(inst, t, b, sp));
            why_text(out, res->name);
            why_span(out, t, b);
            return 1;
        }
    }
    return 0;
}

static int overlap(int a1, int b1, int a2, int b2)
{
    return a1 < b2 && a2 < b1;
}

static int shares(const salle_ids *a, const salle_ids *b, int *which)
{
    for (int i = 0, j = 0; i < a->n && j < b->n;) {
        if (a->v[i] == b->v[j]) {
            *which = a->v[i];
            return 1;
        }
        if (a->v[i] < b->v[j])
            i++;
        else
            j++;
    }
    return 0;
}

static int travel(const salle_instance *inst, int r1, int r2)
{
    int v1 = inst->rooms[r1].venue, v2 = inst->rooms[r2].venue;
    if (v1 < 0 || v2 < 0 || v1 == v2 || !inst->travel)
        return 0;
    return inst->travel[v1 * inst->nvenues + v2];
}

static int has_id(const salle_ids *ids, int x)
{
    for (int i = 0; i < ids->n; i++)
        if (ids->v[i] == x)
            return 1;
    return 0;
}

/* Whether s in (rs, ts) and o in (ro, to) break a rule between them (2, 3, 8 or 10); writes the
 * reason, as seen from s, into out. */
static int pair_reason(const salle_instance *inst, int s, int rs, int ts, int o, int ro, int to,
                       rp_why *out)
{
    const salle_session *a = &inst->sessions[s], *b = &inst->sessions[o];
    int ea = ts + a->duration, eb = to + b->duration;
    char s1[64], s2[64];
    if (rs >= 0 && rs == ro) {
        int co = inst->rooms[rs].changeover;
        if (to < ea + co && ts < eb + co) {
            why_say(out, "overlap", "it overlaps %s in %s (%s and %s)", b->id, inst->rooms[rs].name,
                    span(inst, ts, ea, s1), span(inst, to, eb, s2));
            why_text(out, b->id);
            why_text(out, inst->rooms[rs].name);
            why_span(out, ts, ea);
            why_span(out, to, eb);
            return 1;
        }
    }
    int p;
    if (rs >= 0 && ro >= 0 && shares(&a->people, &b->people, &p)) {
        int tr = travel(inst, rs, ro);
        if (overlap(ts, ea + tr, to, eb + tr)) {
            why_say(out, "person_busy", "%s is also in %s at %s", inst->people[p].name, b->id,
                    span(inst, to, eb, s2));
            why_text(out, inst->people[p].name);
            why_text(out, b->id);
            why_span(out, to, eb);
            return 1;
        }
    }
    if ((has_id(&a->not_with, o) || has_id(&b->not_with, s)) && overlap(ts, ea, to, eb)) {
        why_say(out, "not_with", "it may not run at the same time as %s (%s)", b->id,
                span(inst, to, eb, s2));
        why_text(out, b->id);
        why_span(out, to, eb);
        return 1;
    }
    /* rule 10: while a plenary runs, no room but its own and its overflow rooms is in use */
    if (rs >= 0 && ro >= 0 && rs != ro && overlap(ts, ea, to, eb)) {
        if (b->exclusive && !has_id(&b->overflow, rs)) {
            why_say(out, "during_exclusive", "it runs during the exclusive session %s (%s), when no "
                    "room but %s and its overflow rooms may be in use", b->id,
                    span(inst, to, eb, s2), inst->rooms[ro].name);
            why_text(out, b->id);
            why_span(out, to, eb);
            why_text(out, inst->rooms[ro].name);
            return 1;
        }
        if (a->exclusive && !has_id(&a->overflow, ro)) {
            why_say(out, "exclusive_beside", "it is exclusive, and %s runs beside it in %s (%s)",
                    b->id, inst->rooms[ro].name, span(inst, to, eb, s2));
            why_text(out, b->id);
            why_text(out, inst->rooms[ro].name);
            why_span(out, to, eb);
            return 1;
        }
    }
    if (has_id(&a->after, o) && ts < eb) {
        why_say(out, "after", "it must start after %s ends (%s)", b->id, span(inst, to, eb, s2));
        why_text(out, b->id);
        why_span(out, to, eb);
        return 1;
    }
    if (has_id(&b->after, s) && to < ea) {
        why_say(out, "before", "%s must start after it ends (%s)", b->id, span(inst, ts, ea, s1));
        why_text(out, b->id);
        why_span(out, ts, ea);
        return 1;
    }
    return 0;
}

/* The price of moving s, to choose which side of a clash moves: the stability cost of a room
 * change, (1 + people), so that fewer people are bothered; attendance breaks ties. */
static long free_cost(const salle_instance *inst, int s)
{
    return (1 + (long)inst->sessions[s].people.n) * 100000L + inst->sessions[s].attendance;
}

/* Working state of one re-plan. */
typedef struct rp_work {
    const salle_instance *inst;
    int n;
    int *proom, *pstart;   /* published placement, -1 when none (proom -1 with pstart >= 0: room
                              gone) */
    int *published;        /* 1 when the session had a published placement */
    int *state;            /* 0 stays, 1 freed, 2 stuck (declined and breaks a rule) */
    rp_why *why;           /* reason it was freed or is stuck (code NULL: none) */
} rp_work;

enum { ST_STAY, ST_FREE, ST_STUCK };

static void set_why(rp_work *w, int s, const rp_why *why)
{
    w->why[s] = *why;
}

static int declined(const rp_work *w, int s)
{
    return w->inst->sessions[s].move == SALLE_MOVE_DECLINED;
}

/* Frees s for reason text, or marks it stuck when its organizers declined any move. */
static void release(rp_work *w, int s, const rp_why *text)
{
    if (declined(w, s)) {
        if (w->state[s] != ST_STUCK)
            set_why(w, s, text);
        w->state[s] = ST_STUCK;
    } else {
        w->state[s] = ST_FREE;
        set_why(w, s, text);
    }
}

static int in_place(const rp_work *w, int s)
{
    return w->published[s] && w->state[s] != ST_FREE;
}

/* One way to settle the clashes of step 2: sessions freed before the pairwise rule runs, each
 * with its reason (a clash with its other party, as seen from it). */
typedef struct rp_force {
    int n;
    int *s;
    rp_why *why;
} rp_force;

/* Step 2a: the published sessions that break a rule of their own where they are. */
static void decide_unary(rp_work *w)
{
    rp_why msg;
    for (int s = 0; s < w->n; s++)
        if (w->published[s] && unary_reason(w->inst, s, w->proom[s], w->pstart[s], &msg))
            release(w, s, &msg);
}

/* Step 2: which published sessions cannot stay (state ST_FREE) or cannot stay without breaking a
 * rule but must (ST_STUCK), with the reason in why[]. The sessions of force (may be NULL) are
 * freed first, so the clashes they are in need no other side to move. */
static void decide(rp_work *w, const rp_force *force)
{
    const salle_instance *inst = w->inst;
    rp_why msg;
    decide_unary(w);
    for (int i = 0; force && i < force->n; i++)
        if (in_place(w, force->s[i]) && !declined(w, force->s[i]))
            release(w, force->s[i], &force->why[i]);
    /* Pairs among those in place: free the cheaper side. Declined sessions never move; two
     * declined sessions that clash are both stuck. One pass in session order suffices: freeing a
     * session only removes clashes, never creates one. */
    for (int s = 0; s < w->n; s++) {
        if (!in_place(w, s) || w->proom[s] < 0)
            continue;
        for (int o = s + 1; o < w->n && in_place(w, s); o++) {
            if (!in_place(w, o) || w->proom[o] < 0)
                continue;
            if (!pair_reason(inst, s, w->proom[s], w->pstart[s], o, w->proom[o], w->pstart[o], &msg))
                continue;
            int ds = declined(w, s), dob = declined(w, o);
            int victim;
            if (ds && dob) {
                release(w, s, &msg);
                pair_reason(inst, o, w->proom[o], w->pstart[o], s, w->proom[s], w->pstart[s], &msg);
                release(w, o, &msg);
                continue;
            }
            if (ds)
                victim = o;
            else if (dob)
                victim = s;
            else
                victim = free_cost(inst, o) <= free_cost(inst, s) ? o : s;
            if (victim == o)
                pair_reason(inst, o, w->proom[o], w->pstart[o], s, w->proom[s], w->pstart[s], &msg);
            release(w, victim, &msg);
        }
    }
    /* Resource capacity at each start of a session in place (rule 7): free the cheapest running
     * sessions until the count fits. */
    for (int r = 0; r < inst->nresources; r++) {
        const salle_resource *res = &inst->resources[r];
        for (int s = 0; s < w->n; s++) {
            if (!in_place(w, s) || w->proom[s] < 0 ||
                !salle__ids_has(&inst->sessions[s].resources, r))
                continue;
            int t = w->pstart[s];
            for (;;) {
                int count = 0, cheapest = -1;
                for (int o = 0; o < w->n; o++) {
                    if (!in_place(w, o) || w->proom[o] < 0 ||
                        !salle__ids_has(&inst->sessions[o].resources, r))
                        continue;
                    if (w->pstart[o] <= t && t < w->pstart[o] + inst->sessions[o].duration) {
                        count++;
                        if (!declined(w, o) &&
                            (cheapest < 0 || free_cost(inst, o) <= free_cost(inst, cheapest)))
                            cheapest = o;
                    }
                }
                if (count <= res->capacity)
                    break;
                char h[32];
                why_say(&msg, "resource_busy", "%s: %d sessions at %s but only %d at a time",
                        res->name, count, salle_time_human(inst, t, h), res->capacity);
                why_text(&msg, res->name);
                why_count(&msg, count);
                why_time(&msg, t);
                why_count(&msg, res->capacity);
                if (cheapest < 0) { /* all declined: every one of them is stuck */
                    for (int o = 0; o < w->n; o++)
                        if (in_place(w, o) && w->proom[o] >= 0 &&
                            salle__ids_has(&inst->sessions[o].resources, r) && w->pstart[o] <= t &&
                            t < w->pstart[o] + inst->sessions[o].duration &&
                            w->state[o] != ST_STUCK)
                            release(w, o, &msg);
                    break;
                }
                release(w, cheapest, &msg);
            }
        }
    }
}

/* Step 3: solve a copy of the instance where staying sessions are fixed at their published place
 * and freed ones are published there with move "confirmed". */
static salle_schedule *solve_fixed(const rp_work *w, const salle_solve_options *opt,
                                   salle_score *score, salle_session **sess_out)
{
    const salle_instance *inst = w->inst;
    salle_instance copy = *inst; /* shallow: only the session placements differ */
    salle_session *ss = salle__xmalloc((size_t)(w->n ? w->n : 1) * sizeof *ss);
    memcpy(ss, inst->sessions, (size_t)w->n * sizeof *ss);
    for (int s = 0; s < w->n; s++) {
        if (!w->published[s] || w->proom[s] < 0) {
            ss[s].published_room = ss[s].published_start = -1;
            ss[s].move = SALLE_MOVE_ASK;
            continue;
        }
        ss[s].published_room = w->proom[s];
        ss[s].published_start = w->pstart[s];
        if (w->state[s] == ST_FREE)
            ss[s].move = SALLE_MOVE_CONFIRMED;
        else if (w->state[s] == ST_STUCK)
            ss[s].move = SALLE_MOVE_DECLINED;
        else
            ss[s].move = SALLE_MOVE_ASK;
    }
    copy.sessions = ss;
    salle_schedule *out = salle_solve(&copy, opt, score);
    *sess_out = ss;
    return out;
}

/* Step 4b: a moved session whose published place is free in the new schedule goes back there;
 * the most people first, since their moves cost most. */
static void send_home(const rp_work *w, salle_schedule *s)
{
    const salle_instance *inst = w->inst;
    int *order = salle__xmalloc((size_t)(s->nassign ? s->nassign : 1) * sizeof *order);
    int k = 0;
    for (int i = 0; i < s->nassign; i++) {
        int x = s->assign[i].session;
        if (w->state[x] == ST_FREE && w->proom[x] >= 0 &&
            (s->assign[i].room != w->proom[x] || s->assign[i].start != w->pstart[x]))
            order[k++] = i;
    }
    for (int a = 1; a < k; a++) /* insertion sort by cost, descending; k is small */
        for (int b = a; b > 0 && free_cost(inst, s->assign[order[b]].session) >
                                     free_cost(inst, s->assign[order[b - 1]].session);
             b--) {
            int t = order[b];
            order[b] = order[b - 1];
            order[b - 1] = t;
        }
    rp_why msg;
    for (int q = 0; q < k; q++) {
        int i = order[q], x = s->assign[i].session, r = w->proom[x], t = w->pstart[x];
        if (unary_reason(inst, x, r, t, &msg))
            continue;
        int ok = 1;
        for (int j = 0; j < s->nassign && ok; j++)
            if (j != i && pair_reason(inst, x, r, t, s->assign[j].session, s->assign[j].room,
                                      s->assign[j].start, &msg))
                ok = 0;
        const salle_session *sx = &inst->sessions[x];
        for (int u = 0; u < sx->resources.n && ok; u++) {
            int res = sx->resources.v[u];
            /* the count must fit at every start inside the new span, and at its own start */
            for (int j = -1; j < s->nassign && ok; j++) {
                int pt = j < 0 ? t : s->assign[j].start;
                if (j >= 0 && (j == i || pt < t || pt >= t + sx->duration))
                    continue;
                int count = 1;
                for (int m = 0; m < s->nassign; m++) {
                    int o = s->assign[m].session;
                    if (m == i || !salle__ids_has(&inst->sessions[o].resources, res))
                        continue;
                    if (s->assign[m].start <= pt &&
                        pt < s->assign[m].start + inst->sessions[o].duration)
                        count++;
                }
                if (count > inst->resources[res].capacity)
                    ok = 0;
            }
        }
        if (ok) {
            s->assign[i].room = r;
            s->assign[i].start = t;
        }
    }
    free(order);
}

/* The checker's score of schedule s of inst with the re-plan's sessions ss (published places,
 * freed ones confirmed). */
static salle_score score_of(const salle_instance *inst, salle_session *ss, const salle_schedule *s)
{
    salle_instance copy = *inst;
    copy.sessions = ss;
    salle_report *rep = salle_check(&copy, s);
    salle_score sc = rep->score;
    salle_report_free(rep);
    return sc;
}

/* Appends a move; reason is its words, why (may be NULL: no code) the same as a code, whose text
 * arguments are copied. */
static void add_move(salle_replan_report *rp, int kind, int session, const char *id, int orm, int ost,
                     int nrm, int nst, const char *reason, const rp_why *why)
{
    if ((rp->nmoves & (rp->nmoves - 1)) == 0)
        rp->moves = salle__xrealloc(rp->moves, (size_t)(rp->nmoves ? rp->nmoves * 2 : 1) *
                                                   sizeof *rp->moves);
    salle_replan_move *m = &rp->moves[rp->nmoves++];
    *m = (salle_replan_move){kind, session, salle__xstrdup(id), orm, ost, nrm, nst,
                             salle__xstrdup(reason ? reason : ""), "", 0, {{0}}};
    if (why && why->code) {
        m->code = why->code;
        m->nargs = why->nargs;
        for (int i = 0; i < why->nargs; i++) {
            m->args[i] = why->args[i];
            if (why->args[i].kind == SALLE_ARG_TEXT)
                m->args[i].text = salle__xstrdup(why->args[i].text ? why->args[i].text : "");
        }
    }
}

/* The outcome of one freed set: the schedule, its score on the re-plan's terms, and how much it
 * changes the published programme. */
typedef struct rp_result {
    salle_schedule *out;
    salle_score score;
    long stability; /* the stability goal's amount (docs/scoring.md), whatever its weight */
    int moves;      /* published sessions placed elsewhere */
} rp_result;

/* The solver's clock (opt->clock when given, as salle_solve reads it). */
static double opt_clock(const salle_solve_options *opt)
{
    if (opt->clock)
        return opt->clock(opt->clock_ctx);
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Fewer hard violations, then fewer moves, then a lower stability cost, then a lower score. */
static int better(const rp_result *a, const rp_result *b)
{
    /* fewest sessions moved comes before how far they move: each move is a set of organizers to
     * ask (issue 10), however few people it bothers */
    if (a->score.hard != b->score.hard)
        return a->score.hard < b->score.hard;
    if (a->moves != b->moves)
        return a->moves < b->moves;
    if (a->stability != b->stability)
        return a->stability < b->stability;
    return a->score.soft < b->score.soft;
}

/* Back to no decision: everything stays, no reasons. */
static void reset(rp_work *w)
{
    for (int s = 0; s < w->n; s++) {
        w->why[s].code = NULL;
        w->state[s] = ST_STAY;
    }
}

static void force_add(rp_force *f, int s, const rp_why *why)
{
    f->s = salle__xrealloc(f->s, (size_t)(f->n + 1) * sizeof *f->s);
    f->why = salle__xrealloc(f->why, (size_t)(f->n + 1) * sizeof *f->why);
    f->s[f->n] = s;
    f->why[f->n++] = *why;
}

/* At most this many other ways of settling the clashes are tried (each costs a solve or two). */
#define MAX_CANDIDATES 24

/* The other ways of settling step 2's clashes, in a fixed order: for each session in a clash
 * (pairs in session order, then resource over-use), free it up front; then, for each session in
 * two or more pair clashes, free all its other parties instead. Returns how many (into *out). */
static int candidates(rp_work *w, rp_force **out)
{
    const salle_instance *inst = w->inst;
    int n = w->n, nc = 0;
    rp_force *c = NULL;
    int *single = salle__xcalloc((size_t)(n ? n : 1), sizeof(int));
    int *deg = salle__xcalloc((size_t)(n ? n : 1), sizeof(int));
    rp_why msg;
    reset(w);
    decide_unary(w);
#define ADD_SINGLE(x, text)                                                                        \
    do {                                                                                           \
        if (!single[x] && !declined(w, x) && nc < MAX_CANDIDATES) {                                \
            single[x] = 1;                                                                         \
            c = salle__xrealloc(c, (size_t)(nc + 1) * sizeof *c);                                  \
            c[nc] = (rp_force){0, NULL, NULL};                                                     \
            force_add(&c[nc++], x, &(text));                                                          \
        }                                                                                          \
    } while (0)
    for (int s = 0; s < n; s++) {
        if (!in_place(w, s) || w->proom[s] < 0)
            continue;
        for (int o = s + 1; o < n; o++) {
            if (!in_place(w, o) || w->proom[o] < 0 ||
                !pair_reason(inst, s, w->proom[s], w->pstart[s], o, w->proom[o], w->pstart[o], &msg))
                continue;
            deg[s]++;
            deg[o]++;
            ADD_SINGLE(s, msg);
            pair_reason(inst, o, w->proom[o], w->pstart[o], s, w->proom[s], w->pstart[s], &msg);
            ADD_SINGLE(o, msg);
        }
    }
    for (int r = 0; r < inst->nresources; r++) {
        for (int s = 0; s < n; s++) {
            if (!in_place(w, s) || w->proom[s] < 0 ||
                !salle__ids_has(&inst->sessions[s].resources, r))
                continue;
            int t = w->pstart[s], count = 0;
            for (int o = 0; o < n; o++)
                if (in_place(w, o) && w->proom[o] >= 0 &&
                    salle__ids_has(&inst->sessions[o].resources, r) && w->pstart[o] <= t &&
                    t < w->pstart[o] + inst->sessions[o].duration)
                    count++;
            if (count <= inst->resources[r].capacity)
                continue;
            char h[32];
            why_say(&msg, "resource_busy", "%s: %d sessions at %s but only %d at a time",
                    inst->resources[r].name, count, salle_time_human(inst, t, h),
                    inst->resources[r].capacity);
            why_text(&msg, inst->resources[r].name);
            why_count(&msg, count);
            why_time(&msg, t);
            why_count(&msg, inst->resources[r].capacity);
            for (int o = 0; o < n; o++)
                if (in_place(w, o) && w->proom[o] >= 0 &&
                    salle__ids_has(&inst->sessions[o].resources, r) && w->pstart[o] <= t &&
                    t < w->pstart[o] + inst->sessions[o].duration)
                    ADD_SINGLE(o, msg);
        }
    }
#undef ADD_SINGLE
    for (int v = 0; v < n && nc < MAX_CANDIDATES; v++) {
        if (deg[v] < 2)
            continue;
        rp_force f = {0, NULL, NULL};
        for (int o = 0; o < n; o++)
            if (o != v && in_place(w, o) && w->proom[o] >= 0 && !declined(w, o) &&
                pair_reason(inst, o, w->proom[o], w->pstart[o], v, w->proom[v], w->pstart[v], &msg))
                force_add(&f, o, &msg);
        if (f.n == 0)
            continue;
        c = salle__xrealloc(c, (size_t)(nc + 1) * sizeof *c);
        c[nc++] = f;
    }
    reset(w);
    free(single);
    free(deg);
    *out = c;
    return nc;
}

/* Steps 3 to 5 for the freed set in w->state (which the repair step may extend). */
static rp_result attempt(rp_work *w, const salle_solve_options *opt)
{
    const salle_instance *inst = w->inst;
    size_t n1 = (size_t)(w->n ? w->n : 1);
    salle_session *ss = NULL;
    salle_score sc;
    salle_schedule *out = solve_fixed(w, opt, &sc, &ss);
    send_home(w, out);
    salle_score best = score_of(inst, ss, out);
    /* Step 4a: when a session that may move found no place, free the published sessions that
     * could be in its way (shared people, relations, resources, or a room it could use), solve
     * once more, and let send_home return those that did not need to move. The second try is
     * kept only when it breaks fewer hard rules: freeing more never pays for itself otherwise. */
    int retry = 0;
    int *before = salle__xmalloc(n1 * sizeof(int));
    memcpy(before, w->state, n1 * sizeof(int));
    for (int i = 0; i < out->nunscheduled; i++) {
        int u = out->unscheduled[i].session;
        if ((w->published[u] && w->state[u] != ST_FREE) || inst->sessions[u].cancelled)
            continue; /* a cancelled session wants no room made for it */
        const salle_session *su = &inst->sessions[u];
        for (int s = 0; s < w->n; s++) {
            if (!w->published[s] || w->state[s] != ST_STAY || declined(w, s) || w->proom[s] < 0)
                continue;
            const salle_session *so = &inst->sessions[s];
            int p, r = w->proom[s];
            int related = shares(&su->people, &so->people, &p) ||
                          shares(&su->resources, &so->resources, &p) ||
                          has_id(&su->not_with, s) || has_id(&su->after, s) ||
                          has_id(&so->after, u);
            int room_fits = su->attendance <= inst->rooms[r].capacity &&
                            (su->rooms.n == 0 || salle__ids_has(&su->rooms, r));
            for (int f = 0; f < su->needs.n && room_fits; f++)
                if (!salle__ids_has(&inst->rooms[r].features, su->needs.v[f]))
                    room_fits = 0;
            if (related || room_fits) {
                rp_why msg;
                why_say(&msg, "makes_room", "it makes room for %s", su->id);
                why_text(&msg, su->id);
                release(w, s, &msg);
                retry = 1;
            }
        }
    }
    if (retry) {
        salle_session *ss2 = NULL;
        salle_schedule *out2 = solve_fixed(w, opt, &sc, &ss2);
        send_home(w, out2);
        salle_score second = score_of(inst, ss2, out2);
        if (second.hard < best.hard) {
            salle_schedule_free(out);
            free(ss);
            out = out2;
            ss = ss2;
            best = second;
        } else { /* back to the first try: those freed for it stay where they were */
            salle_schedule_free(out2);
            free(ss2);
            for (int s = 0; s < w->n; s++)
                if (w->state[s] != before[s]) {
                    w->state[s] = before[s];
                    w->why[s].code = NULL;
                }
        }
    }
    free(before);
    free(ss);
    rp_result r = {out, best, 0, 0};
    for (int i = 0; i < out->nassign; i++) {
        int s = out->assign[i].session;
        if (!w->published[s] || w->proom[s] < 0)
            continue;
        int room_changed = out->assign[i].room != w->proom[s];
        int shift = out->assign[i].start - w->pstart[s];
        if (!room_changed && !shift)
            continue;
        long people = inst->sessions[s].people.n;
        r.moves++;
        r.stability += (1 + people) * room_changed;
        if (shift)
            r.stability += (1 + people) * 2 * (1 + abs(shift) / 60);
    }
    return r;
}

salle_schedule *salle_replan(const salle_instance *inst, const salle_schedule *old,
                             const salle_solve_options *opt, salle_score *score,
                             salle_replan_report *rp)
{
    salle_solve_options dflt = {0};
    if (!opt)
        opt = &dflt;
    rp_work w = {inst, inst->nsessions, NULL, NULL, NULL, NULL, NULL};
    size_t n1 = (size_t)(w.n ? w.n : 1);
    w.proom = salle__xmalloc(n1 * sizeof(int));
    w.pstart = salle__xmalloc(n1 * sizeof(int));
    w.published = salle__xcalloc(n1, sizeof(int));
    w.state = salle__xcalloc(n1, sizeof(int));
    w.why = salle__xcalloc(n1, sizeof *w.why);
    /* Step 1: the published placement of each session; OLD wins over the instance's own. */
    for (int s = 0; s < w.n; s++) {
        w.proom[s] = inst->sessions[s].published_room;
        w.pstart[s] = inst->sessions[s].published_start;
        w.published[s] = w.proom[s] >= 0 && w.pstart[s] >= 0;
    }
    for (int i = 0; old && i < old->nassign; i++) {
        int s = old->assign[i].session;
        if (s < 0 || s >= w.n)
            continue;
        w.proom[s] = old->assign[i].room;
        w.pstart[s] = old->assign[i].start;
        w.published[s] = 1;
    }
    /* Step 2 by competition: the pairwise rule first, then each other way of settling the
     * clashes among published sessions (free one side up front; free every other party of a
     * session in several clashes); the result with the fewest hard violations, then the fewest
     * moves, then the lowest stability cost, then the lowest score wins; ties keep the earlier. */
    rp_force *cands = NULL;
    int ncands = candidates(&w, &cands);
    rp_result best = {0};
    int *best_state = salle__xmalloc(n1 * sizeof(int));
    rp_why *best_why = salle__xcalloc(n1, sizeof *best_why);
    int *tried = salle__xmalloc(n1 * (size_t)(ncands + 1) * sizeof(int));
    int ntried = 0;
    /* an explicit time limit bounds the whole re-plan, not each solve: from where the caller
     * says it counts (opt->limit_from, the command's start), less what it keeps for itself */
    double t0 = opt->limit_from > 0 ? opt->limit_from : opt_clock(opt);
    double stop_at = t0 + opt->time_limit - (opt->reserve > 0 ? opt->reserve : 0);
    for (int c = -1; c < ncands; c++) {
        if (c >= 0 && ((opt->time_limit > 0 && opt_clock(opt) >= stop_at) || (opt->stop && *opt->stop)))
            break;
        reset(&w);
        decide(&w, c < 0 ? NULL : &cands[c]);
        int seen = 0;
        for (int k = 0; k < ntried && !seen; k++)
            seen = !memcmp(tried + (size_t)k * n1, w.state, n1 * sizeof(int));
        if (seen)
            continue;
        memcpy(tried + (size_t)ntried++ * n1, w.state, n1 * sizeof(int));
        rp_result r = attempt(&w, opt);
        if (c < 0 || better(&r, &best)) {
            if (best.out)
                salle_schedule_free(best.out);
            best = r;
            memcpy(best_state, w.state, n1 * sizeof(int));
            memcpy(best_why, w.why, n1 * sizeof *best_why);
        } else
            salle_schedule_free(r.out);
    }
    free(tried);
    for (int c = 0; c < ncands; c++) {
        free(cands[c].s);
        free(cands[c].why);
    }
    free(cands);
    reset(&w);
    memcpy(w.state, best_state, n1 * sizeof(int));
    memcpy(w.why, best_why, n1 * sizeof *best_why);
    free(best_why);
    free(best_state);
    salle_schedule *out = best.out;
    /* The score of the result on the re-plan's own terms: the moves listed count as confirmed. */
    if (score)
        *score = best.score;

    /* The moves, in session order. */
    int *nr = salle__xmalloc(n1 * sizeof(int)), *nt = salle__xmalloc(n1 * sizeof(int));
    char **unreason = salle__xcalloc(n1, sizeof(char *));
    for (int s = 0; s < w.n; s++)
        nr[s] = nt[s] = -1;
    for (int i = 0; i < out->nassign; i++) {
        nr[out->assign[i].session] = out->assign[i].room;
        nt[out->assign[i].session] = out->assign[i].start;
    }
    for (int i = 0; i < out->nunscheduled; i++)
        unreason[out->unscheduled[i].session] = out->unscheduled[i].reason;
    int *asked = salle__xcalloc((size_t)(inst->npeople ? inst->npeople : 1), sizeof(int));
    for (int s = 0; s < w.n; s++) {
        const salle_session *x = &inst->sessions[s];
        if (!w.published[s]) {
            if (nr[s] >= 0) {
                add_move(rp, SALLE_REPLAN_NEW, s, x->id, -1, -1, nr[s], nt[s], "", NULL);
                rp->added++;
            }
            continue;
        }
        if (x->cancelled) { /* marked cancelled by its publisher: not unplaced, cancelled */
            char h[32];
            const char *rn = w.proom[s] >= 0 ? inst->rooms[w.proom[s]].name : "?";
            char *why = salle__xasprintf("was %s %s; marked cancelled by its publisher",
                                         salle_time_human(inst, w.pstart[s], h), rn);
            rp_why c;
            why_say(&c, "cancelled", "%s", why);
            why_time(&c, w.pstart[s]);
            why_text(&c, rn);
            add_move(rp, SALLE_REPLAN_CANCELLED, s, x->id, w.proom[s], w.pstart[s], -1, -1, why, &c);
            free(why);
            rp->cancelled++;
            continue;
        }
        rp->published++;
        if (w.state[s] == ST_STUCK) {
            add_move(rp, SALLE_REPLAN_STUCK, s, x->id, w.proom[s], w.pstart[s], nr[s], nt[s],
                     w.why[s].code ? w.why[s].text : "", &w.why[s]);
            rp->stuck++;
            continue;
        }
        if (nr[s] < 0) {
            const char *mine = w.why[s].code ? w.why[s].text : NULL;
            char *why = salle__xasprintf("%s%s%s", mine ? mine : "", mine && unreason[s] ? "; " : "",
                                         unreason[s] ? unreason[s] : "");
            add_move(rp, SALLE_REPLAN_UNPLACED, s, x->id, w.proom[s], w.pstart[s], -1, -1, why,
                     &w.why[s]);
            free(why);
            rp->unplaced++;
            continue;
        }
        if (nr[s] == w.proom[s] && nt[s] == w.pstart[s]) {
            rp->kept++;
            continue;
        }
        add_move(rp, SALLE_REPLAN_MOVED, s, x->id, w.proom[s], w.pstart[s], nr[s], nt[s],
                 w.why[s].code ? w.why[s].text : "", &w.why[s]);
        rp->moved++;
        if (nt[s] != w.pstart[s])
            rp->time_moved++;
        /* who to ask: the organizers, or the speakers when a session names no organizer */
        const salle_ids *who = x->organizers.n ? &x->organizers : &x->speakers;
        for (int i = 0; i < who->n; i++)
            if (!asked[who->v[i]]++)
                rp->ask_people++;
    }
    free(asked);
    free(unreason);
    free(nr);
    free(nt);
    free(w.why);
    free(w.state);
    free(w.published);
    free(w.proom);
    free(w.pstart);
    return out;
}

static void place_text(const salle_instance *inst, int r, int t, char *buf)
{
    char h[32];
    if (t < 0)
        snprintf(buf, 128, "nowhere");
    else
        snprintf(buf, 128, "%s %s", salle_time_human(inst, t, h), room_name(inst, r));
}

/* Who must agree to a move (safety, issue 8): the session's organizers, or its speakers when it
 * names no organizer, as the count of "organizers to ask" has it. NULL for no session. */
static const salle_ids *ask_whom(const salle_instance *inst, int session, const char **role)
{
    if (session < 0 || session >= inst->nsessions)
        return NULL;
    const salle_session *x = &inst->sessions[session];
    *role = x->organizers.n ? "organizer" : "speaker";
    return x->organizers.n ? &x->organizers : &x->speakers;
}

/* "  ask: Kofi Mensah (kofi), Ana Ruiz (ana)\n", or that there is nobody to ask. */
static void ask_text(salle__buf *b, const salle_instance *inst, int session)
{
    const char *role;
    const salle_ids *who = ask_whom(inst, session, &role);
    if (!who)
        return;
    if (who->n == 0) {
        salle__buf_printf(b, "  ask: nobody is named as organizer or speaker\n");
        return;
    }
    salle__buf_printf(b, "  ask:");
    for (int i = 0; i < who->n; i++) {
        const salle_person *p = &inst->people[who->v[i]];
        salle__buf_printf(b, "%s %s (%s)", i ? "," : "", p->name ? p->name : p->id, p->id);
    }
    salle__buf_printf(b, "\n");
}

static json_t *place_json(const salle_instance *inst, int r, int t)
{
    if (t < 0)
        return json_null();
    char iso[32], h[32];
    json_t *o = json_object();
    json_object_set_new(o, "room", r >= 0 ? json_string(inst->rooms[r].id) : json_null());
    json_object_set_new(o, "room_name", json_string(room_name(inst, r)));
    json_object_set_new(o, "start", json_string(salle_time_iso(inst, t, iso)));
    json_object_set_new(o, "human", json_string(salle_time_human(inst, t, h)));
    return o;
}

char *salle_replan_json(const salle_instance *inst, const salle_replan_report *rp)
{
    static const char *const kinds[] = {"moved", "unplaced", "stuck", "new", "cancelled"};
    json_t *root = json_object(), *moves = json_array();
    for (int i = 0; i < rp->nmoves; i++) {
        const salle_replan_move *m = &rp->moves[i];
        json_t *o = json_object();
        json_object_set_new(o, "kind", json_string(m->kind >= 0 && m->kind <= 4 ? kinds[m->kind]
                                                                                : "cancelled"));
        json_object_set_new(o, "session", json_string(m->id));
        if (m->session >= 0 && inst->sessions[m->session].title)
            json_object_set_new(o, "title", json_string(inst->sessions[m->session].title));
        json_object_set_new(o, "old", place_json(inst, m->old_room, m->old_start));
        json_object_set_new(o, "new", place_json(inst, m->new_room, m->new_start));
        json_object_set_new(o, "reason", json_string(m->reason ? m->reason : ""));
        const char *role = NULL;
        const salle_ids *who = m->kind == SALLE_REPLAN_MOVED || m->kind == SALLE_REPLAN_UNPLACED
                                   ? ask_whom(inst, m->session, &role) : NULL;
        json_t *ask = json_array();
        for (int k = 0; who && k < who->n; k++) {
            const salle_person *p = &inst->people[who->v[k]];
            json_t *a = json_object();
            json_object_set_new(a, "id", json_string(p->id));
            json_object_set_new(a, "name", json_string(p->name ? p->name : p->id));
            json_object_set_new(a, "role", json_string(role));
            json_array_append_new(ask, a);
        }
        json_object_set_new(o, "ask", ask);
        json_array_append_new(moves, o);
    }
    json_object_set_new(root, "moves", moves);
    json_t *sum = json_object();
    json_object_set_new(sum, "published", json_integer(rp->published));
    json_object_set_new(sum, "kept", json_integer(rp->kept));
    json_object_set_new(sum, "moved", json_integer(rp->moved));
    json_object_set_new(sum, "time_moved", json_integer(rp->time_moved));
    json_object_set_new(sum, "unplaced", json_integer(rp->unplaced));
    json_object_set_new(sum, "stuck", json_integer(rp->stuck));
    json_object_set_new(sum, "new", json_integer(rp->added));
    json_object_set_new(sum, "cancelled", json_integer(rp->cancelled));
    json_object_set_new(sum, "ask_people", json_integer(rp->ask_people));
    json_object_set_new(root, "summary", sum);
    char *text = salle__json_text(root, JSON_INDENT(2));
    json_decref(root);
    return text;
}

char *salle_replan_text(const salle_instance *inst, const salle_replan_report *rp)
{
    salle__buf b = {0};
    char p1[128], p2[128];
    for (int i = 0; i < rp->nmoves; i++) {
        const salle_replan_move *m = &rp->moves[i];
        place_text(inst, m->old_room, m->old_start, p1);
        place_text(inst, m->new_room, m->new_start, p2);
        switch (m->kind) {
        case SALLE_REPLAN_MOVED:
            salle__buf_printf(&b, "moved %s: %s -> %s: %s\n", m->id, p1, p2, m->reason);
            ask_text(&b, inst, m->session);
            break;
        case SALLE_REPLAN_UNPLACED:
            salle__buf_printf(&b, "unplaced %s: was %s: %s\n", m->id, p1, m->reason);
            ask_text(&b, inst, m->session);
            break;
        case SALLE_REPLAN_STUCK:
            salle__buf_printf(&b, "stuck %s: stays %s (organizers declined any move) but %s\n", m->id, p1,
                      m->reason);
            break;
        case SALLE_REPLAN_NEW:
            salle__buf_printf(&b, "new %s: %s\n", m->id, p2);
            break;
        default:
            salle__buf_printf(&b, "cancelled %s: %s\n", m->id, m->reason);
        }
    }
    salle__buf_printf(&b,
              "re-plan: %d published, %d kept, %d moved (%d in time), %d unplaced, %d stuck, "
              "%d new, %d cancelled; %d organizer%s to ask\n",
              rp->published, rp->kept, rp->moved, rp->time_moved, rp->unplaced, rp->stuck,
              rp->added, rp->cancelled, rp->ask_people, rp->ask_people == 1 ? "" : "s");
    return b.s;
}

void salle_replan_clear(salle_replan_report *rp)
{
    if (!rp)
        return;
    for (int i = 0; i < rp->nmoves; i++) {
        free(rp->moves[i].id);
        free(rp->moves[i].reason);
        for (int k = 0; k < rp->moves[i].nargs; k++)
            free(rp->moves[i].args[k].text);
    }
    free(rp->moves);
    memset(rp, 0, sizeof *rp);
}

salle_schedule *salle_replan_load_old(const char *path, const salle_instance *inst,
                                      salle_replan_report *rp, salle_diag *err)
{
    size_t len;
    char *buf = salle__read_file(path, &len, err);
    if (!buf)
        return NULL;
    salle__jdoc *doc = salle__jdoc_parse(buf, len, path, err);
    free(buf);
    if (!doc)
        return NULL;
    json_t *root = salle__jdoc_root(doc);
    json_t *as = json_is_object(root) ? json_object_get(root, "assignments") : NULL;
    int line = 0, col = 0;
    if (!json_is_array(as)) {
        salle__jdoc_pos(doc, root, &line, &col);
        salle__diag(err, path, line, col,
                    "a published schedule must be an object with an \"assignments\" array");
        salle__jdoc_free(doc);
        return NULL;
    }
    salle_schedule *s = salle_schedule_new();
    size_t i;
    json_t *o;
    json_array_foreach(as, i, o) {
        json_t *js = json_object_get(o, "session"), *jr = json_object_get(o, "room"),
               *jt = json_object_get(o, "start");
        int t;
        if (!json_is_string(js) || !json_is_string(jr) || !json_is_string(jt) ||
            salle_time_parse_iso(inst, json_string_value(jt), &t) < 0) {
            salle__jdoc_pos(doc, o, &line, &col);
            salle__diag(err, path, line, col,
                        "assignment number %zu needs \"session\", \"room\" and \"start\" (a date "
                        "and time on an event day)",
                        i + 1);
            salle_schedule_free(s);
            salle__jdoc_free(doc);
            return NULL;
        }
        const char *sid = json_string_value(js), *rid = json_string_value(jr);
        int sess = salle_instance_session(inst, sid);
        if (sess < 0) {
            int r = salle_instance_room(inst, rid);
            char h[32];
            const char *rn = r >= 0 ? inst->rooms[r].name : rid;
            char *why = salle__xasprintf("was %s %s; no longer in the instance",
                                         salle_time_human(inst, t, h), rn);
            rp_why c;
            why_say(&c, "removed", "%s", why);
            why_time(&c, t);
            why_text(&c, rn);
            add_move(rp, SALLE_REPLAN_CANCELLED, -1, sid, -1, -1, -1, -1, why, &c);
            free(why);
            rp->cancelled++;
            continue;
        }
        salle_schedule_add(s, sess, salle_instance_room(inst, rid), t);
    }
    salle__jdoc_free(doc);
    return s;
}
