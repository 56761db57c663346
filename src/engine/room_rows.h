/*
 * room_rows.h: the rooms that suit each session, a 64-bit word at a time (room_rows.c).
 *
 * A room suits a session when it has every feature the session needs, enough seats, is one of
 * its allowed rooms (if it lists any) and is its pinned room (if it has one). Looking at every
 * (session, room) pair was 1.3 s of a solve and 2 s of an explanation at 100,000 sessions and
 * 3,695 rooms (issue 10); here each session costs a few row operations instead. Used by the
 * solver's model (solve_eval.c) and the explanations (explain.c).
 */
#ifndef SALLE_ENGINE_ROOM_ROWS_H
#define SALLE_ENGINE_ROOM_ROWS_H

#include "salle/salle.h"

#include <stdint.h>

typedef struct salle__room_rows {
    int nrooms, W, nf; /* rooms; words per row (room r is bit r % 64 of word r / 64); features */
    uint64_t *feat;    /* nf rows: the rooms with feature f */
    int *caps;         /* the rooms' seats, most first */
    uint64_t *pre;     /* nrooms + 1 rows, row k the k rooms with the most seats; NULL when too
                          large (seats are then looked at room by room) */
    uint64_t *scratch; /* one row */
} salle__room_rows;

void salle__room_rows_init(salle__room_rows *x, const salle_instance *inst);
void salle__room_rows_free(salle__room_rows *x);
/* Session s's rows: feat (may be NULL) the rooms with every feature it needs, suit the rooms
 * that suit it, W words each; returns 1 if some room suits it. */
int salle__room_rows_of(salle__room_rows *x, const salle_instance *inst, int s, uint64_t *feat,
                        uint64_t *suit);

#endif
