/*
 * solve.h: the solver's private model and incremental score (src/engine/solve_eval.c), used by the
 * search in src/engine/solve.c. Nothing here is shared with the checker (src/engine/check.c): the solver keeps
 * its own bookkeeping so that tests can compare the two independent computations of the score.
 *
 * The score of a partial schedule is split into terms that each depend on few sessions:
 *   unary      one session's own room and start (availability, capacity, features, shifts,
 *              allowed times and rooms, pins, preferences, stability, remote hours, holidays)
 *   pairs      two sessions that share people, audience, tracks, tags, not_with or after
 *              (precomputed sparse neighbour lists), and two sessions in one room
 *   person-day a person's sessions on one day (back to back, load)
 *   groups     track and tag overlap: per track and tag, how many placed sessions start before
 *              and end before a slot (Fenwick trees), so a session's overlaps are counted in
 *              O(log slots) instead of over every pair (8 tracks of 10,000 sessions)
 *   track      a track's rooms and days
 *   resource   the running count of a resource at each session start
 *   plenary    an exclusive session against the sessions beside it (rule 10): per-room counts of
 *              placed sessions by slot (Fenwick trees) and the short list of exclusive sessions
 * so that inserting or removing one session changes only the terms it is part of.
 */
#ifndef SALLE_SOLVE_H
#define SALLE_SOLVE_H

#include "base/internal.h"

#include <stdint.h>

typedef struct salle__sv_cost {
    long hard;
    long soft;
} salle__sv_cost;

/* A neighbour of a session: another session it has a pairwise term with. */
typedef struct salle__sv_nb {
    int o;                 /* the other session */
    unsigned short shared; /* people in both sessions */
    unsigned char notwith; /* never at the same time */
    unsigned char after;   /* bit 0: this session starts after o ends; bit 1: o starts after this
                              ends */
    long soft;             /* weighted audience + track + tag overlap cost when the two overlap */
} salle__sv_nb;

/* Static data derived once from the instance. */
typedef struct salle__sv_model {
    const salle_instance *inst;
    int n, nrooms, npeople, ntracks, nres, ndays;
    int g;                   /* time resolution of the slot axis, minutes */
    int nslots;              /* slots of g minutes from minute 0 */
    int *slot_day;           /* event day of each slot, or -1 */
    int *dur;                /* duration of each session (kept here, close at hand) */
    int *nb_start;           /* CSR: neighbours of s are nb[nb_start[s] .. nb_start[s+1]) */
    int *nb_soft;            /* those from nb_soft[s] on have only a soft overlap cost (no
                                shared people, not_with or after): pricing a move that keeps
                                the start skips them, and the rest walk them branch-free */
    salle__sv_nb *nb;
    int *ps_start, *ps;      /* CSR: sessions of person p */
    unsigned char *feat_ok;  /* n rows of rowbits bits: the room has every needed feature */
    unsigned char *room_ok;  /* n rows of rowbits bits: features, capacity, allowed rooms and
                                pinned room (bits: bytes were 740 MB at 100,000 sessions) */
    size_t rowbits;          /* nrooms rounded up to whole 64-bit words, so that a session's
                                row is set and read a word at a time (salle__sv_fit_alloc) */
    long *speak;             /* per session: weighted speaking-time cost (placement-independent) */
    unsigned char *holiday;  /* per day: 1 if a listed holiday */
    /* plenary sessions (hard rule 10) */
    int nexcl, *excl;        /* the exclusive sessions */
    int soft_nonneg;         /* every soft weight >= 0, so every soft total is >= 0 */
} salle__sv_model;

static inline void salle__sv_bit_set(unsigned char *b, size_t i)
{
    b[i >> 3] |= (unsigned char)(1u << (i & 7));
}

static inline int salle__sv_bit(const unsigned char *b, size_t i)
{
    return b[i >> 3] >> (i & 7) & 1;
}

/* Room r suits session s (features, capacity, allowed and pinned room); has its features. */
#define salle__sv_room_ok(m, s, r) salle__sv_bit((m)->room_ok, (size_t)(s) * (m)->rowbits + (r))
#define salle__sv_feat_ok(m, s, r) salle__sv_bit((m)->feat_ok, (size_t)(s) * (m)->rowbits + (r))
/* Word w of session s's row of room_ok (rooms 64 w .. 64 w + 63, bit r % 64 for room r). */
uint64_t salle__sv_room_word(const salle__sv_model *m, int s, int w);

void salle__sv_model_init(salle__sv_model *m, const salle_instance *inst);
/* Sets session s's bits of m->feat_ok and m->room_ok (m->nrooms rooms; the bits start clear):
 * the part of the model that says which rooms suit it (salle__unplaced_lang needs only that). */
void salle__sv_room_fit(salle__sv_model *m, const salle_instance *inst, int s);
/* Sets m->rowbits and allocates m->feat_ok and m->room_ok, all clear, for m->n sessions and
 * m->nrooms rooms. */
void salle__sv_fit_alloc(salle__sv_model *m);
void salle__sv_model_free(salle__sv_model *m);

/* Event day of minute t (-1 outside the event); inline, as move pricing asks it often. */
static inline int salle__sv_day(const salle__sv_model *m, int t)
{
    int x = t / m->g;
    if (t < 0 || x >= m->nslots)
        return -1;
    return m->slot_day[x];
}
/* The unary cost of session s in room r at start t. When by_rule is not NULL, hard violations
 * are also added to by_rule[rule]. */
salle__sv_cost salle__sv_unary(const salle__sv_model *m, int s, int r, int t, long *by_rule);
/* Its two parts, whose sum it is: the terms of s at t that depend on the room r, and those that
 * do not (resources' shifts, allowed windows, people's hours, holidays, round starts, speaking
 * time), which a search over many rooms at one start computes once. */
salle__sv_cost salle__sv_unary_room(const salle__sv_model *m, int s, int r, int t, long *by_rule);
salle__sv_cost salle__sv_unary_time(const salle__sv_model *m, int s, int t, long *by_rule);

/* The mutable state: a partial schedule and its cost. */
typedef struct salle__sv_state {
    const salle__sv_model *m;
    int *room, *start;       /* per session; -1 when not placed */
    int *oend;               /* start + duration, INT_MIN when not placed (so an unplaced session
                                overlaps nothing) */
    int *sday;               /* event day of each placed session's start (-1: none or outside) */
    int **rlist, *rlen, *rpos; /* sessions placed in each room; position of s in its room list */
    int **rla, **rlb;        /* beside rlist: each one's start, and its end + the room's changeover */
    int *rcap;               /* room lists' capacity (they grow as needed) */
    int *trk_room;           /* ntracks x nrooms: placed sessions of the track in the room */
    int *trk_nrooms;         /* distinct rooms of each track */
    int *trk_day;            /* ntracks x ndays */
    int *use, *starts;       /* nres x nslots: running sessions, sessions starting */
    int *grp_a, *grp_b;      /* (ntracks + ntags) x (nslots + 1) Fenwick trees: placed sessions of
                                the track or tag by start slot, by end slot (overlap counts) */
    salle__sv_cost *unary;   /* unary cost of each placed session at its placement */
    long *pd;                /* npeople x ndays: cached person-day cost (people with 2+ sessions) */
    int nplaced;
    salle__sv_cost cost;     /* of the placed sessions; rule 1 (unplaced) is not included */
    long *by_rule;           /* when not NULL, insert/remove add hard counts per rule (insert +,
                                remove -) */
    /* plenary sessions (hard rule 10); NULL when the instance has no exclusive session */
    int *pl_a, *pl_b;        /* (nrooms + 1) x (nslots + 2) Fenwick trees: placed sessions that
                                are not exclusive, by start slot and by end slot, per room and (at
                                index nrooms) in all rooms, so an exclusive session counts the
                                sessions beside it in O((1 + overflow rooms) log slots) */
} salle__sv_state;

void salle__sv_state_init(salle__sv_state *st, const salle__sv_model *m);
void salle__sv_state_free(salle__sv_state *st);
/* Places s (not placed) in room r at t; returns the change of cost (also added to st->cost). */
salle__sv_cost salle__sv_insert(salle__sv_state *st, int s, int r, int t);
/* Removes placed s; returns the change of cost. */
salle__sv_cost salle__sv_remove(salle__sv_state *st, int s);

/* The change of cost if placed s moved to room r at t; the state is left as it was. */
salle__sv_cost salle__sv_move_delta(salle__sv_state *st, int s, int r, int t);

/* The same, but when *cut is 1 on entry, the total has no hard violation and every soft weight
 * is >= 0, it may stop as soon as it finds that the move breaks a hard rule: it then sets *cut
 * to 1 and returns a cost whose hard part is at least 1 and at most the true change and whose
 * soft part is 0 (not the change). Otherwise *cut is 0 and the result is the exact change. For a
 * search that would reject any move to a hard violation (docs/solver.md, "Incremental
 * bookkeeping"). */
salle__sv_cost salle__sv_move_delta_cut(salle__sv_state *st, int s, int r, int t, int *cut);

/* The change of cost if s (not placed) were placed in room r at t, as salle__sv_insert would
 * return it; the state is left as it was. Returns 1 with the change in *out; or, when bound is
 * not NULL, 0 (and *out unset) as soon as the change is known not to be lower than *bound
 * ((hard, soft) lexicographically): best-fit searches give their best so far and skip the rest of
 * the pricing of a place that cannot beat it. ut, when not NULL, is salle__sv_unary_time(m, s,
 * t, NULL), computed once by the caller for all the rooms it prices at t. */
int salle__sv_insert_price(salle__sv_state *st, int s, int r, int t, const salle__sv_cost *ut,
                           const salle__sv_cost *bound, salle__sv_cost *out);

/* Moves placed s to room r at t, given delta = salle__sv_move_delta(st, s, r, t): updates the
 * bookkeeping without pricing the move again. */
void salle__sv_move_apply(salle__sv_state *st, int s, int r, int t, salle__sv_cost delta);

/* 1 if placed s takes part in a hard violation between sessions or of its own (a cheap test
 * that changes nothing). */
int salle__sv_in_hard(const salle__sv_state *st, int s);

/* The cost of a placement (room[s], start[s]; -1 when not placed) computed from scratch by a
 * separate, straightforward code path; debug_check compares it with the incremental total. */
salle__sv_cost salle__sv_full(const salle__sv_model *m, const int *room, const int *start);

/* salle_solve() with the wall clock it reads (seconds; called from the solving threads, so it
 * must be thread-safe when opt->threads > 1) instead of CLOCK_MONOTONIC, or NULL for that one:
 * lets a test make the machine look as slow as it likes. */
salle_schedule *salle__solve_clocked(const salle_instance *inst, const salle_solve_options *opt,
                                     salle_score *score, double (*clock)(void *), void *clock_ctx);

#endif
