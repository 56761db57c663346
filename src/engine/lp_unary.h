/*
 * lp_unary.h: the per-placement rules and costs of the exact reference (export_lp.c), shared with
 * the lower bound (bound.c) so that both price a placement exactly as src/engine/check.c does
 * and neither keeps a second copy of the formulas.
 */
#ifndef SALLE_ENGINE_LP_UNARY_H
#define SALLE_ENGINE_LP_UNARY_H

#include "salle/salle.h"

/* 1 when session s may use room r: capacity, features, allowed rooms, pin, unconfirmed publication. */
int salle__lp_room_ok(const salle_instance *inst, int s, int r);
/* 1 when s may start at t in r: room, people and resource windows, allowed windows, pins. */
int salle__lp_start_ok(const salle_instance *inst, int s, int r, int t);
/* The soft cost of s in r at t that depends on nothing else (docs/lp.md, "Soft goals"). */
long salle__lp_unary_cost(const salle_instance *inst, int s, int r, int t);

/* The first multiple of step at or after t0 (minutes since the first day's midnight). */
int salle__lp_step_ceil(int t0, int step);
/* How many values two sorted index lists share. */
int salle__lp_common(const int *a, int na, const int *b, int nb);

#endif
