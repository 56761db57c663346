/*
 * talk_check.c: the independent checker of talk schedules (docs/scoring.md "Talks").
 *
 * It scores a plan from scratch, term by term as the CoSPLib benchmark's scoring code defines
 * them (ahmedkheiri/CoSPLib, Solver/solution.py at 1bf6b9b), so that the soft total of an imported
 * CoSPLib instance is that benchmark's objective; bench/cosplib holds an independent Python
 * re-implementation, and tests/cosplib.sh compares the two on random schedules. Every cost comes
 * with a sentence naming the talks, people, rooms and times involved.
 *
 * It works on the grid the benchmark works on: for each (block, room, slot), the talk that uses it.
 */
#include "base/internal.h"
#include "base/tr.h"
#include "model/talks.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(SALLE_TALK_RULE_COUNT <= 9, "salle_report.talk_hard_by_rule is too small");
_Static_assert(SALLE_TALK_GOAL_COUNT <= 16, "salle_report.talk_soft_by_goal is too small");

typedef struct tc {
    const salle_instance *inst;
    const salle_talks *t;
    const salle_talk_plan *p;
    const salle_schedule *s; /* the sessions' placement, for an instance that mixes both */
    salle_report *r;
    int nr;
    int *slot0;     /* per block: index of its first slot in the grid */
    int *grid;      /* per (slot of any block, room): talk or -1 */
    const char *lang; /* the messages' language, or NULL: English (salle_check_lang) */
} tc;

/* A message's words in the checker's language; the English format is the msgid (po/). */
static const char *words(const tc *c, const char *msgid) __attribute__((format_arg(2)));
static const char *words(const tc *c, const char *msgid)
{
    return c->lang ? salle__tr(c->lang, msgid) : msgid;
}

static const char *words_n(const tc *c, const char *one, const char *many, long n)
    __attribute__((format_arg(2))) __attribute__((format_arg(3)));
static const char *words_n(const tc *c, const char *one, const char *many, long n)
{
    return c->lang ? salle__trn(c->lang, one, many, n) : n == 1 ? one : many;
}

/* Appends a violation whose text is owned by the report from now on. */
static void add_text(tc *c, int is_hard, int rule, long cost, char *text)
{
    salle_report *r = c->r;
    r->violations = salle__xrealloc(r->violations, (size_t)(r->nviolations + 1) * sizeof *r->violations);
    r->violations[r->nviolations++] =
        (salle_violation){is_hard, (is_hard ? SALLE_TALK_RULE_BASE : SALLE_TALK_GOAL_BASE) + rule,
                          cost, text};
    if (is_hard) {
        r->talk_hard_by_rule[rule] += cost;
        r->score.hard += cost;
    } else {
        r->talk_soft_by_goal[rule] += cost;
        r->score.soft += cost;
    }
}

static char *vtext(const char *fmt, va_list ap)
{
    char *text = NULL;
    if (vasprintf(&text, fmt, ap) < 0)
        abort();
    return text;
}

static void add(tc *c, int is_hard, int rule, long cost, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void add(tc *c, int is_hard, int rule, long cost, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_text(c, is_hard, rule, cost, vtext(fmt, ap));
    va_end(ap);
}

static void note(tc *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(tc *c, const char *fmt, ...)
{
    salle_report *r = c->r;
    va_list ap;
    va_start(ap, fmt);
    r->info = salle__xrealloc(r->info, (size_t)(r->ninfo + 1) * sizeof *r->info);
    r->info[r->ninfo++] = vtext(fmt, ap);
    va_end(ap);
}

/* A soft cost of goal g: weight x amount, recorded only when it costs something. */
static void soft(tc *c, int g, long amount, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void soft(tc *c, int g, long amount, const char *fmt, ...)
{
    long cost = amount * c->t->weights[g];
    if (amount <= 0 || cost == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    add_text(c, 0, g, cost, vtext(fmt, ap));
    va_end(ap);
}

/* soft(c, g, 1, "%s", text) for a text already worded: a cost of one, the weight of g */
static void soft_text(tc *c, int g, const char *text)
{
    long cost = c->t->weights[g];
    if (cost != 0)
        add_text(c, 0, g, cost, salle__xstrdup(text));
}

static int cell(const tc *c, int b, int r)
{
    return c->p->cell_track[(size_t)b * c->nr + r];
}

static int at(const tc *c, int b, int r, int s)
{
    return c->grid[(size_t)(c->slot0[b] + s) * c->nr + r];
}

static const char *room_name(const tc *c, int r)
{
    return c->inst->rooms[r].name;
}

static const char *person_name(const tc *c, int p)
{
    return c->inst->people[p].name;
}

/* "Wed1 (Wed 09:30-10:30)" */
static char *block_text(const tc *c, int b, char *buf)
{
    char t[SALLE__WHEN_MAX];
    salle__check_when(c->lang, salle_talk_slot_time(c->inst, b, 0, c->t->blocks[b].slots, t));
    snprintf(buf, 200, "%s (%s)", c->t->blocks[b].id, t);
    return buf;
}

#define first_shared salle__ids_common

/* Why talks i and j clash for an attendee: "P38 attends X and presents Y". buf >= 600. */
static char *attendee_reason(const tc *c, int i, int j, char *buf)
{
    const salle_talk *a = &c->t->talks[i], *b = &c->t->talks[j];
    const salle_ids *ca = &c->t->tracks[a->track].chairs, *cb = &c->t->tracks[b->track].chairs;
    int p;
    if ((p = first_shared(&a->attendees, &b->attendees)) >= 0)
        /* TRANSLATORS: why two talks clash for someone: a person's name and two talk ids (and a
         * track's name where it says "chairs"); the start of a message that goes on ", both in
         * ..." */
        snprintf(buf, 600, words(c, "%s attends %s and %s"), person_name(c, p), a->id, b->id);
    else if ((p = first_shared(&a->attendees, &b->presenters)) >= 0)
        /* TRANSLATORS: why two talks clash: a person's name, two talk ids */
        snprintf(buf, 600, words(c, "%s attends %s and presents %s"), person_name(c, p), a->id, b->id);
    else if ((p = first_shared(&a->presenters, &b->attendees)) >= 0)
        /* TRANSLATORS: why two talks clash: a person's name, two talk ids */
        snprintf(buf, 600, words(c, "%s presents %s and attends %s"), person_name(c, p), a->id, b->id);
    else if ((p = first_shared(&a->attendees, cb)) >= 0)
        /* TRANSLATORS: why two talks clash: a person's name, a talk id, a track's name, a talk id */
        snprintf(buf, 600, words(c, "%s attends %s and chairs %s, the track of %s"),
                 person_name(c, p), a->id, c->t->tracks[b->track].name, b->id);
    else if ((p = first_shared(ca, &b->attendees)) >= 0)
        /* TRANSLATORS: why two talks clash: a person's name, a track's name, two talk ids */
        snprintf(buf, 600, words(c, "%s chairs %s, the track of %s, and attends %s"),
                 person_name(c, p), c->t->tracks[a->track].name, a->id, b->id);
    else
        /* TRANSLATORS: two talk ids */
        snprintf(buf, 600, words(c, "%s and %s share people"), a->id, b->id);
    return buf;
}

/* ---------------------------------------------------------------- hard rules */

static void rules(tc *c)
{
    const salle_talks *t = c->t;
    const salle_talk_plan *p = c->p;
    char bt[200];
    for (int i = 0; i < t->ntalks; i++) {
        const salle_talk *k = &t->talks[i];
        int b = p->talk_block[i], r = p->talk_room[i], s = p->talk_slot[i];
        if (b < 0) {
            /* TRANSLATORS: a talk id, its track's name */
            add(c, 1, SALLE_TALK_RULE_PLACEMENT, 1, words(c, "talk %s (%s) is not placed"), k->id,
                t->tracks[k->track].name);
            continue;
        }
        int ct = cell(c, b, r);
        if (ct < 0 && ct != k->track)
            add(c, 1, SALLE_TALK_RULE_TRACK, 1,
                /* TRANSLATORS: a talk id, its track's name, a block of time ("Wed1 (Wed
                 * 09:30-10:30)"), a room */
                words(c, "talk %s of track %s is in %s, %s, which holds no track"), k->id,
                t->tracks[k->track].name, block_text(c, b, bt), room_name(c, r));
        else if (ct != k->track)
            add(c, 1, SALLE_TALK_RULE_TRACK, 1,
                /* TRANSLATORS: a talk id, its track's name, a block of time, a room, the track
                 * the block gives that room */
                words(c, "talk %s of track %s is in %s, %s, which holds track %s"), k->id,
                t->tracks[k->track].name, block_text(c, b, bt), room_name(c, r), t->tracks[ct].name);
        if (s + k->slots > t->blocks[b].slots)
            add(c, 1, SALLE_TALK_RULE_SLOTS, 1,
                /* TRANSLATORS: a talk id, its slots, the slot it starts in (from 1), a block of time
                 * ("Wed1 (Wed 09:30-10:30)"), the block's slots */
                words_n(c, "talk %s needs %d slot from slot %d of %s, which has %d",
                        "talk %s needs %d slots from slot %d of %s, which has %d", k->slots),
                k->id, k->slots, s + 1, block_text(c, b, bt), t->blocks[b].slots);
    }
    for (int i = 0; i < t->ntalks; i++)
        for (int j = i + 1; j < t->ntalks; j++) {
            if (p->talk_block[i] < 0 || p->talk_block[i] != p->talk_block[j] ||
                p->talk_room[i] != p->talk_room[j])
                continue;
            int a0 = p->talk_slot[i], a1 = a0 + t->talks[i].slots;
            int b0 = p->talk_slot[j], b1 = b0 + t->talks[j].slots;
            if (a0 < b1 && b0 < a1) {
                int from = a0 > b0 ? a0 : b0, to = a1 < b1 ? a1 : b1;
                int last = t->blocks[p->talk_block[i]].slots;
                if (to > last)
                    to = last;
                char when[SALLE__WHEN_MAX];
                if (from >= last)
                    /* TRANSLATORS: where two talks overlap when one runs beyond its block's slots */
                    snprintf(when, sizeof when, "%s", words(c, "past the end of the block"));
                else
                    salle__check_when(c->lang, salle_talk_slot_time(c->inst, p->talk_block[i], from,
                                                                    to - from, when));
                /* TRANSLATORS: two talk ids, a room, when they overlap there ("Wed 09:30-10:00",
                 * or "past the end of the block") */
                add(c, 1, SALLE_TALK_RULE_OVERLAP, 1, words(c, "talks %s and %s share %s, %s"), t->talks[i].id,
                    t->talks[j].id, room_name(c, p->talk_room[i]), when);
            }
        }
}

/* An instance that mixes sessions and talks (a forum with a paper track): a session may not use a
 * room while a track's block holds it, and no session's person may present a talk or chair its
 * track at the session's time. */
static void mixed_rules(tc *c)
{
    const salle_talks *t = c->t;
    const salle_talk_plan *p = c->p;
    const salle_instance *inst = c->inst;
    char bt[200], when[SALLE__WHEN_MAX];
    for (int k = 0; k < c->s->nassign; k++) {
        const salle_assignment *a = &c->s->assign[k];
        if (a->session < 0 || a->session >= inst->nsessions || a->room < 0 || a->room >= c->nr)
            continue;
        const salle_session *se = &inst->sessions[a->session];
        if (se->cancelled)
            continue;
        int s0 = a->start, s1 = a->start + se->duration;
        salle__check_when(c->lang, salle_time_human(inst, s0, when));
        for (int b = 0; b < t->nblocks; b++) {
            const salle_block *bl = &t->blocks[b];
            if (bl->start >= s1 || s0 >= bl->end)
                continue;
            int ct = cell(c, b, a->room);
            if (ct >= 0)
                add(c, 1, SALLE_TALK_RULE_SESSION_ROOM, 1,
                    /* TRANSLATORS: a session id, its title, its day and time, a room, a block of time
                     * ("Wed1 (Wed 09:30-10:30)"), a track's name */
                    words(c, "session %s (%s, %s) is in %s while %s holds track %s there"), se->id, se->title,
                    when, room_name(c, a->room), block_text(c, b, bt), t->tracks[ct].name);
        }
        if (se->people.n == 0)
            continue;
        for (int i = 0; i < t->ntalks; i++) {
            int b = p->talk_block[i];
            if (b < 0)
                continue;
            const salle_talk *tk = &t->talks[i];
            int t0 = salle__talk_slot_start(inst, b, p->talk_slot[i]);
            int t1 = salle__talk_slot_start(inst, b, p->talk_slot[i] + tk->slots);
            if (t0 >= s1 || s0 >= t1)
                continue;
            int who = salle__ids_common(&se->people, &tk->presenters), chairs = 0;
            if (who < 0) {
                who = salle__ids_common(&se->people, &t->tracks[tk->track].chairs);
                chairs = 1;
            }
            if (who >= 0) {
                char tt[SALLE__WHEN_MAX];
                salle__check_when(c->lang, salle_talk_slot_time(inst, b, p->talk_slot[i], tk->slots, tt));
                add(c, 1, SALLE_TALK_RULE_SESSION_PERSON, 1,
                    /* TRANSLATORS: a person's name, a session id, its room, its day and time, a
                     * talk id, its room, its time ("Wed 09:30-10:00") */
                    chairs ? words(c, "%s is in session %s (%s, %s) and chairs the track of talk %s (%s, %s)")
                           /* TRANSLATORS: the same */
                           : words(c, "%s is in session %s (%s, %s) and presents talk %s (%s, %s)"),
                    person_name(c, who), se->id, room_name(c, a->room), when, tk->id,
                    room_name(c, p->talk_room[i]), tt);
            }
        }
    }
}

/* ---------------------------------------------------------------- soft goals */

static void cells_goals(tc *c)
{
    const salle_talks *t = c->t;
    char bt[200];
    for (int b = 0; b < t->nblocks; b++)
        for (int r = 0; r < c->nr; r++) {
            int k = cell(c, b, r);
            if (k < 0)
                continue;
            long pen = t->tracks[k].block_penalty[b];
            /* TRANSLATORS: a track's name, a block of time ("Wed1 (Wed 09:30-10:30)"), a penalty */
            soft(c, SALLE_TALK_TRACK_BLOCK, pen, words(c, "track %s in %s (penalty %ld for this block)"),
                 t->tracks[k].name, block_text(c, b, bt), pen);
            pen = t->tracks[k].room_penalty[r];
            /* TRANSLATORS: a track's name, a room, a penalty, a block of time */
            soft(c, SALLE_TALK_TRACK_ROOM, pen, words(c, "track %s in %s (penalty %ld for this room), %s"),
                 t->tracks[k].name, room_name(c, r), pen, block_text(c, b, bt));
            pen = t->blocks[b].room_penalty[r];
            /* TRANSLATORS: a room, a block of time, a penalty */
            soft(c, SALLE_TALK_BLOCK_ROOM, pen, words(c, "%s used in %s (penalty %ld)"), room_name(c, r),
                 block_text(c, b, bt), pen);
        }
    for (int b = 0; b < t->nblocks; b++)
        for (int r1 = 0; r1 < c->nr; r1++)
            for (int r2 = r1 + 1; r2 < c->nr; r2++) {
                int k1 = cell(c, b, r1), k2 = cell(c, b, r2);
                if (k1 < 0 || k2 < 0 || k1 == k2)
                    continue;
                long pen = t->similar[(size_t)k1 * t->ntracks + k2];
                soft(c, SALLE_TALK_SIMILAR_TRACKS, pen,
                     /* TRANSLATORS: a track's name, its room, another track's name, its room, a block of
                      * time */
                     words(c, "similar tracks %s (%s) and %s (%s) run in parallel in %s"), t->tracks[k1].name,
                     room_name(c, r1), t->tracks[k2].name, room_name(c, r2), block_text(c, b, bt));
            }
    for (int k = 0; k < t->ntracks; k++) {
        /* rooms used, and blocks used, in the order the benchmark scans them */
        int nrooms = 0, nblocks = 0, first = -1, last = -1;
        long sum = 0;
        salle__buf rooms = {0}, blocks = {0};
        for (int r = 0; r < c->nr; r++)
            for (int b = 0; b < t->nblocks; b++)
                if (cell(c, b, r) == k) {
                    salle__buf_printf(&rooms, "%s%s", nrooms ? words(c, ", ") : "", room_name(c, r));
                    nrooms++;
                    break;
                }
        for (int b = 0; b < t->nblocks; b++) {
            int n = 0;
            for (int r = 0; r < c->nr; r++)
                n += cell(c, b, r) == k;
            if (n) {
                salle__buf_printf(&blocks, "%s%s", nblocks ? words(c, ", ") : "", t->blocks[b].id);
                if (first < 0)
                    first = b;
                last = b;
                sum += b;
                nblocks++;
            }
            if (n > 1)
                /* TRANSLATORS: a track's name, a number of rooms (two or more), a block of time */
                soft(c, SALLE_TALK_TRACK_PARALLEL, n - 1, words(c, "track %s runs in %d rooms at once in %s"),
                     t->tracks[k].name, n, block_text(c, b, bt));
        }
        if (nrooms > 1)
            /* TRANSLATORS: a track's name, a number of rooms (two or more), their names */
            soft(c, SALLE_TALK_TRACK_ROOMS, nrooms - 1, words(c, "track %s uses %d rooms (%s); one would do"),
                 t->tracks[k].name, nrooms, rooms.s);
        if (nblocks > 1 && sum != (long)(first + last) * (last - first + 1) / 2)
            soft(c, SALLE_TALK_TRACK_CONSECUTIVE, 1,
                 /* TRANSLATORS: a track's name, the ids of the blocks of time it uses */
                 words(c, "track %s is not in consecutive blocks: %s"), t->tracks[k].name, blocks.s);
        free(rooms.s);
        free(blocks.s);
    }
}

static void talk_goals(tc *c)
{
    const salle_talks *t = c->t;
    char bt[200];
    /* per-slot penalties: a talk pays them once per slot it uses */
    for (int i = 0; i < t->ntalks; i++) {
        const salle_talk *k = &t->talks[i];
        int b = c->p->talk_block[i], r = c->p->talk_room[i];
        if (b < 0)
            continue;
        long n = 0;
        for (int s = 0; s < t->blocks[b].slots; s++)
            n += at(c, b, r, s) == i;
        long h = k->hours_penalty[b];
        soft(c, SALLE_TALK_HOURS, n * h,
             /* TRANSLATORS: a talk id, a block of time ("Wed1 (Wed 09:30-10:30)"), the suitable hours
              * (start hour, minute, end hour, minute), the time zone it is presented from, a penalty,
              * the number of slots it uses */
             words_n(c, "talk %s is in %s, outside suitable hours (%02d:%02d-%02d:%02d) where it is "
                        "presented from (%s): %ld x %ld slot",
                     "talk %s is in %s, outside suitable hours (%02d:%02d-%02d:%02d) where it is "
                     "presented from (%s): %ld x %ld slots", n),
             k->id, block_text(c, b, bt), t->suitable_start / 60, t->suitable_start % 60,
             t->suitable_end / 60, t->suitable_end % 60,
             k->timezone ? k->timezone : c->inst->event.timezone, h, n);
        soft(c, SALLE_TALK_BLOCK, n * k->block_penalty[b],
             /* TRANSLATORS: a talk id, a block of time or a room, a penalty, the number of slots it uses */
             words_n(c, "talk %s in %s (penalty %ld x %ld slot)", "talk %s in %s (penalty %ld x %ld slots)", n),
             k->id, block_text(c, b, bt), k->block_penalty[b], n);
        soft(c, SALLE_TALK_ROOM, n * k->room_penalty[r],
             /* TRANSLATORS: a talk id, a block of time or a room, a penalty, the number of slots it uses */
             words_n(c, "talk %s in %s (penalty %ld x %ld slot)", "talk %s in %s (penalty %ld x %ld slots)", n),
             k->id, room_name(c, r), k->room_penalty[r], n);
    }
    /* order: within one time slot, two ordered talks of one track; along a track, position */
    for (int b = 0; b < t->nblocks; b++)
        for (int s = 0; s < t->blocks[b].slots; s++)
            for (int r1 = 0; r1 < c->nr; r1++) {
                int i = at(c, b, r1, s);
                if (i < 0 || cell(c, b, r1) < 0 || !t->talks[i].order)
                    continue;
                for (int r2 = r1 + 1; r2 < c->nr; r2++) {
                    int j = at(c, b, r2, s);
                    if (j < 0 || j == i || cell(c, b, r2) < 0 || !t->talks[j].order ||
                        t->talks[j].track != t->talks[i].track)
                        continue;
                    char when[SALLE__WHEN_MAX];
                    soft(c, SALLE_TALK_ORDER, 1,
                         /* TRANSLATORS: a talk id, its number in its track's order, another talk id,
                          * its number, the track's name, a time ("Wed 09:30-10:00") */
                         words(c, "talks %s (number %d) and %s (number %d) of track %s run at the same time, %s"),
                         t->talks[i].id, t->talks[i].order, t->talks[j].id, t->talks[j].order,
                         t->tracks[t->talks[i].track].name,
                         salle__check_when(c->lang, salle_talk_slot_time(c->inst, b, s, 1, when)));
                }
            }
    int *pos = salle__xcalloc((size_t)t->ntracks + 1, sizeof *pos);
    unsigned char *seen = salle__xcalloc((size_t)t->ntalks + 1, 1);
    for (int b = 0; b < t->nblocks; b++)
        for (int r = 0; r < c->nr; r++) {
            int k = cell(c, b, r);
            if (k < 0)
                continue;
            for (int s = 0; s < t->blocks[b].slots; s++) {
                int i = at(c, b, r, s);
                if (i < 0 || seen[i])
                    continue;
                seen[i] = 1;
                int n = ++pos[k];
                int o = t->talks[i].order;
                if (o && o != n)
                    soft(c, SALLE_TALK_ORDER, 1,
                         /* TRANSLATORS: a talk id, its number in the track's order, the track's name, its
                          * number as placed, a block of time, a room */
                         words(c, "talk %s should be number %d of track %s but is number %d (%s, %s)"),
                         t->talks[i].id, o, t->tracks[k].name, n, block_text(c, b, bt),
                         room_name(c, r));
            }
        }
    free(pos);
    free(seen);
}

/* People in two rooms at once: per block (any two of its talks in different rooms) and per time
 * slot. Presenter and chair clashes are reported even when their weight is 0 (the benchmark's
 * code counts neither), as notes a programme chair should still see. */
static void people_goals(tc *c)
{
    const salle_talks *t = c->t;
    int n = t->ntalks;
    char bt[200], why[600];
    int *in = salle__xmalloc(((size_t)n + 1) * sizeof *in);
    int *room = salle__xmalloc(((size_t)n + 1) * sizeof *room);
    for (int b = 0; b < t->nblocks; b++) {
        /* the distinct (talk, room) pairs of the block */
        int m = 0;
        for (int r = 0; r < c->nr; r++)
            for (int s = 0; s < t->blocks[b].slots; s++) {
                int i = at(c, b, r, s);
                int dup = 0;
                for (int q = 0; q < m; q++)
                    dup |= in[q] == i && room[q] == r;
                if (i >= 0 && !dup)
                    in[m] = i, room[m++] = r;
            }
        for (int x = 0; x < m; x++)
            for (int y = x + 1; y < m; y++) {
                if (room[x] == room[y])
                    continue;
                int i = in[x], j = in[y];
                if (t->attendee_clash[(size_t)i * n + j])
                    /* TRANSLATORS: why two talks clash ("P38 attends T1 and T2"), a block of time,
                     * the two talks' rooms */
                    soft(c, SALLE_TALK_ATTENDEE_BLOCK, 1, words(c, "%s, both in %s (%s and %s)"),
                         attendee_reason(c, i, j, why), block_text(c, b, bt), room_name(c, room[x]),
                         room_name(c, room[y]));
                if (t->presenter_clash[(size_t)i * n + j]) {
                    int p = first_shared(&t->talks[i].presenters, &t->talks[j].presenters);
                    /* TRANSLATORS: a person's name, a talk id, its room, another talk id, its room, a
                     * block of time */
                    snprintf(why, sizeof why, words(c, "%s presents %s (%s) and %s (%s), both in %s"),
                             person_name(c, p), t->talks[i].id, room_name(c, room[x]), t->talks[j].id,
                             room_name(c, room[y]), block_text(c, b, bt));
                    if (t->weights[SALLE_TALK_PRESENTER_BLOCK])
                        soft_text(c, SALLE_TALK_PRESENTER_BLOCK, why);
                }
            }
        /* chairs: every pair of cells of the block whose tracks share a chair */
        for (int r1 = 0; r1 < c->nr; r1++)
            for (int r2 = r1 + 1; r2 < c->nr; r2++) {
                int k1 = cell(c, b, r1), k2 = cell(c, b, r2);
                if (k1 < 0 || k2 < 0 || !t->chair_clash[(size_t)k1 * t->ntracks + k2])
                    continue;
                int p = first_shared(&t->tracks[k1].chairs, &t->tracks[k2].chairs);
                /* TRANSLATORS: a person's name, a track's name, its room, another track's name, its
                 * room, a block of time */
                snprintf(why, sizeof why, words(c, "%s chairs %s (%s) and %s (%s), both in %s"),
                         person_name(c, p), t->tracks[k1].name, room_name(c, r1), t->tracks[k2].name,
                         room_name(c, r2), block_text(c, b, bt));
                if (t->weights[SALLE_TALK_CHAIR])
                    soft_text(c, SALLE_TALK_CHAIR, why);
                else
                    /* TRANSLATORS: a note; chair_conflict is the goal's name in the instance file,
                     * keep it; %s a clash ("P3 chairs A (R1) and B (R2), both in ...") */
                    note(c, words(c, "not scored (chair_conflict has weight 0): %s"), why);
            }
        for (int s = 0; s < t->blocks[b].slots; s++) {
            char when[SALLE__WHEN_MAX];
            salle__check_when(c->lang, salle_talk_slot_time(c->inst, b, s, 1, when));
            for (int r1 = 0; r1 < c->nr; r1++)
                for (int r2 = r1 + 1; r2 < c->nr; r2++) {
                    int i = at(c, b, r1, s), j = at(c, b, r2, s);
                    if (i < 0 || j < 0 || i == j)
                        continue;
                    if (t->attendee_clash[(size_t)i * n + j])
                        /* TRANSLATORS: why two talks clash ("P38 attends T1 and T2"), a time, the
                         * two talks' rooms */
                        soft(c, SALLE_TALK_ATTENDEE_SLOT, 1, words(c, "%s, both at %s (%s and %s)"),
                             attendee_reason(c, i, j, why), when, room_name(c, r1), room_name(c, r2));
                    if (!t->presenter_clash[(size_t)i * n + j])
                        continue;
                    int p = first_shared(&t->talks[i].presenters, &t->talks[j].presenters);
                    /* TRANSLATORS: a person's name, a talk id, its room, another talk id, its room, a
                     * time */
                    snprintf(why, sizeof why, words(c, "%s presents %s (%s) and %s (%s), both at %s"),
                             person_name(c, p), t->talks[i].id, room_name(c, r1), t->talks[j].id,
                             room_name(c, r2), when);
                    if (t->weights[SALLE_TALK_PRESENTER_SLOT])
                        soft_text(c, SALLE_TALK_PRESENTER_SLOT, why);
                    else if (!t->weights[SALLE_TALK_PRESENTER_BLOCK])
                        /* TRANSLATORS: a note; %s a clash ("P3 presents T1 (R1) and T2 (R2), both
                         * at ...") */
                        note(c, words(c, "not scored (presenter conflicts have weight 0): %s"), why);
                }
        }
    }
    free(in);
    free(room);
}

void salle__talk_check(const salle_instance *inst, const salle_schedule *s, salle_report *r,
                       const char *lang)
{
    const salle_talks *t = inst->talks;
    if (!t)
        return;
    r->talks = 1;
    salle_talk_plan *empty = NULL;
    const salle_talk_plan *p = s->talk_plan;
    if (!p)
        p = empty = salle_talk_plan_new(inst);
    tc c = {inst, t, p, s, r, inst->nrooms, NULL, NULL, lang};
    c.slot0 = salle__xmalloc(((size_t)t->nblocks + 1) * sizeof *c.slot0);
    int total = 0;
    for (int b = 0; b < t->nblocks; b++)
        c.slot0[b] = total, total += t->blocks[b].slots;
    c.grid = salle__xmalloc(((size_t)total * (size_t)c.nr + 1) * sizeof *c.grid);
    for (size_t i = 0; i < (size_t)total * (size_t)c.nr; i++)
        c.grid[i] = -1;
    /* the grid: the first talk to claim a slot keeps it (two claims are a hard overlap anyway) */
    for (int i = 0; i < t->ntalks; i++) {
        int b = p->talk_block[i];
        if (b < 0)
            continue;
        for (int k = p->talk_slot[i]; k < p->talk_slot[i] + t->talks[i].slots && k < t->blocks[b].slots; k++) {
            int *g = &c.grid[(size_t)(c.slot0[b] + k) * c.nr + p->talk_room[i]];
            if (*g < 0)
                *g = i;
        }
    }
    rules(&c);
    mixed_rules(&c);
    cells_goals(&c);
    talk_goals(&c);
    people_goals(&c);
    free(c.grid);
    free(c.slot0);
    salle_talk_plan_free(empty);
}

void salle__talk_report_print(const salle_report *r, FILE *out)
{
    if (!r->talks)
        return;
    fprintf(out, "talk rules:\n");
    for (int k = 1; k < SALLE_TALK_RULE_COUNT; k++)
        fprintf(out, "  %-24s %ld\n", salle_talk_rule_name(k), r->talk_hard_by_rule[k]);
    fprintf(out, "talk goals:\n");
    for (int g = 0; g < SALLE_TALK_GOAL_COUNT; g++)
        fprintf(out, "  %-24s %ld\n", salle_talk_goal_name(g), r->talk_soft_by_goal[g]);
}
