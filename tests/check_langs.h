/*
 * check_langs.h: the checker's report redone in every interface language (issue 11 point 6), for
 * the unit tests that make reports (test_check.c, test_talks.c): each of their reports must read
 * the same in English whatever English tag asks for it, and in other words, but with the same
 * violations and score, in French, Spanish and Arabic.
 */
#ifndef SALLE_TESTS_CHECK_LANGS_H
#define SALLE_TESTS_CHECK_LANGS_H

#include "salle/salle.h"

/* The languages with catalogs, in the order each() numbers them (0, 1, 2). */
extern const char *const check_langs[3];

/* en is salle_check(inst, s). salle_check_lang with NULL, "en", "en-GB" and a language without a
 * catalog ("de") must give its texts byte for byte; with each of check_langs the same score, the
 * same violations (hard or soft, rule, cost, order) and notes, each text in other words. Fails the
 * test (cmocka) otherwise. each, when not NULL, is called with every report in check_langs[l]
 * before it is freed, for what the caller counts or checks besides. */
void check_in_every_language(const salle_instance *inst, const salle_schedule *s, const salle_report *en,
                             void (*each)(void *ctx, int l, const salle_report *r), void *ctx);

#endif
