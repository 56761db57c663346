/*
 * explain.h: salle_explain's arguments in a language (explain.c), for the server's pages.
 */
#ifndef SALLE_ENGINE_EXPLAIN_H
#define SALLE_ENGINE_EXPLAIN_H

#include "salle/salle.h"

/* salle_explain(inst, partial) said in lang (a BCP 47 tag; NULL or "en": the English of
 * salle_explain byte for byte): one argument per line ending in '\n', session, room, person and
 * feature names as the instance writes them. Newly malloc'd; NULL when no argument applies. */
char *salle__explain_lang(const salle_instance *inst, const salle_schedule *partial, const char *lang);

/* The solver's reasons for the sessions sched leaves unscheduled (solve.c), said in lang: one
 * entry per sched->unscheduled[i], newly malloc'd, or NULL where the stored English is not a
 * reason said again from the instance (it changed since) or from the reason's own parts (the
 * least bad place, its room, time and the rules it would break); the caller shows that one as it
 * is, in English. The array (nunscheduled + 1 entries) and each entry are the caller's to free. */
char **salle__unplaced_lang(const salle_instance *inst, const salle_schedule *sched, const char *lang);
/* The same for one reason: why session s (an index of inst) is not placed, reason the solver's
 * English; newly malloc'd, or NULL when it cannot be said again. */
char *salle__unplaced_reason_lang(const salle_instance *inst, int s, const char *reason, const char *lang);

#endif
