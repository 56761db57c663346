/*
 * talks.h: the hooks through which the instance parser, the schedule reader and writer, the
 * checker and the solver reach the talk model (src/model/talks.c, docs/format.md "Talks").
 */
#ifndef SALLE_TALKS_H
#define SALLE_TALKS_H

#include "base/internal.h"

/* Reads the talk keys of the instance root into inst->talks (left NULL when there are none).
 * Returns 0, or -1 with *err set. */
int salle__talks_read(salle__jdoc *doc, const char *name, salle_diag *err, salle_instance *inst,
                      const json_t *root);
void salle__talks_free(salle_instance *inst);
/* Reads "cells" and "talks" of a schedule root into s->talk_plan (an empty plan when the instance
 * has talks and the file places none). Returns 0, or -1 with *err set. */
int salle__talk_plan_read(salle__jdoc *doc, salle_diag *err, const salle_instance *inst,
                          const json_t *root, salle_schedule *s);
/* Adds "cells" and "talks" to a schedule's JSON root. */
void salle__talk_plan_json(const salle_instance *inst, const salle_schedule *s, json_t *root);
/* The default weight of talk goal g (docs/scoring.md "Talks"). */
long salle__talk_goal_default(int g);
/* Minutes since the first day's midnight at which slot k of block b starts (k = slots: the end). */
int salle__talk_slot_start(const salle_instance *inst, int b, int slot);

/* The talk part of the checker (src/engine/talk_check.c): adds violations and costs to r, their
 * texts in lang (a language with a catalog, po/; NULL: English). */
void salle__talk_check(const salle_instance *inst, const salle_schedule *s, salle_report *r,
                       const char *lang);
/* The checker's times in its language (src/engine/check.c): buf holds salle_time_human's "Tue
 * 11:00" or "(minute 5000)", or salle_talk_slot_time's "Wed 09:30-10:30", and has room for
 * SALLE__WHEN_MAX bytes; its weekday and words are rewritten in lang, the clock kept. NULL lang
 * leaves buf as it is. Returns buf. */
enum { SALLE__WHEN_MAX = 96 };
char *salle__check_when(const char *lang, char *buf);
/* Prints the talk rules and goals of r (when r->talks). */
void salle__talk_report_print(const salle_report *r, FILE *out);
/* The talk solver (src/engine/talk_solve.c): solves inst's talks into a new plan. */
/* sessions: the sessions' placement in a mixed instance, which the talks keep clear of; or NULL */
salle_talk_plan *salle__talk_solve(const salle_instance *inst, const salle_solve_options *opt,
                                   const salle_schedule *sessions);
/* salle_solve of an instance with talks: its sessions as always, then its talks; *score (may be
 * NULL) is the checker's. */
salle_schedule *salle__talk_solve_schedule(const salle_instance *inst,
                                           const salle_solve_options *opt, salle_score *score);
/* The solver's own score of plan p (its incremental bookkeeping, recomputed in full): the soft
 * total plus 10^12 per unplaced talk plus 10^9 per presenter clash the weights leave unscored
 * (one per note "not scored" of the checker); the tests compare it with the checker's. */
long long salle__talk_state_score(const salle_instance *inst, const salle_talk_plan *p);

#endif
