/*
 * reason.h: the re-planner's reasons in the reader's language (issue 11 point 6). The engine
 * gives each move's reason as a code with arguments (salle_replan_move.code, docs/replan.md
 * "Reason codes"); the server stores them beside the English words (requests.reason_code,
 * reason_args) and says them here, in the language of the page or of the e-mail's recipient,
 * with days and times as the e-mails write them.
 */
#ifndef SALLE_SERVER_REASON_H
#define SALLE_SERVER_REASON_H

#include "salle/salle.h"

#include <jansson.h>
#include <stddef.h>

/* "Tuesday 3 June, 11:00" in lang, from a schedule's "YYYY-MM-DDTHH:MM"; with end ("HH:MM",
 * may be NULL) "Tuesday 3 June, 11:00-12:30". An unreadable iso gives "?". Returns buf. */
const char *salle__when(const char *lang, const char *iso, const char *end, char *buf, size_t cap);
/* The arguments of move m as stored: a JSON array, in the code's order, of a string (a name or
 * id), an integer (a count), {"at": ISO} (a time) or {"from": ISO, "minutes": N} (a span). */
json_t *salle__reason_args(const salle_instance *inst, const salle_replan_move *m);
/* The reason code with args in lang, newly malloc'd; NULL when code is empty or unknown or args
 * do not fit it (the caller then shows the stored English words). */
char *salle__reason_say(const char *lang, const char *code, const json_t *args);

#endif
