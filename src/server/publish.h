/*
 * publish.h: writing a published version's public files (the static site with changelog and Atom
 * feed, frab XML, c3voc JSON, iCalendar, salle's schedule) into the --public folder atomically.
 */
#ifndef SALLE_SERVER_PUBLISH_H
#define SALLE_SERVER_PUBLISH_H

#include "salle/salle.h"

/* Builds every file in a staging folder beside public_dir (its pages link the ballot at
 * interest_url, "/interest" or "/SLUG/interest"); *staged receives its path (caller
 * frees). previous (the last published version) may be NULL; previous_instance is the instance
 * it belongs to (NULL: inst), so that sessions dropped since then keep their page, which says they
 * are cancelled, and the changelog lists them. languages ("fr,es,ar"; NULL or "": none) adds
 * the programme in each of them under LANG/ beside the English one, which stays at the top so that
 * every link to it holds. 0, or -1 with *err (nothing left behind). */
int salle__publish_stage(const salle_instance *inst, const salle_schedule *s,
                         const salle_schedule *previous, const salle_instance *previous_instance,
                         const char *public_dir, int version,
                         const char *note, const char *interest_url, const char *languages,
                         char **staged, salle_diag *err);
/* Swaps the staged folder in for public_dir in one exchange; readers see the old files or the
 * new ones, never a mix. 0, or -1 with *err (the old files stay). */
int salle__publish_swap(const char *staged, const char *public_dir, salle_diag *err);
/* Removes a staged folder that will not be used. staged may be NULL. */
void salle__publish_discard(const char *staged);

#endif
