/*
 * edit.h: the admin's and organizers' edits of the working draft (issue 9, point 5): a session's
 * people (with e-mail), needs, duration, pin and typed links, and the draft as the admin's grid
 * sees it (its score and every violation in the checker's words). Nothing here knows about HTTP.
 */
#ifndef SALLE_SERVER_EDIT_H
#define SALLE_SERVER_EDIT_H

#include "server/store.h"
#include "server/workflow.h"

#include <jansson.h>

/* The five link types a forum session lives by (docs/format.md "links"), in the order pages show
 * them; SALLE_EDIT_NLINKS of them. */
#define SALLE_EDIT_NLINKS 5
extern const char *const salle__edit_link_types[SALLE_EDIT_NLINKS];
/* Their labels, for forms ("Remote participation", ...). */
extern const char *const salle__edit_link_labels[SALLE_EDIT_NLINKS];

/* The draft for the admin: {"hard", "soft", "violations": [{"hard": bool, "text"}], "days":
 * ["YYYY-MM-DD"], "rooms": [{"id", "name"}], "placed": [{"session", "title", "room", "day",
 * "start", "end"}] (event time, start order), "unplaced": [{"session", "title", "reason"}]}.
 * Caller decrefs; NULL with e when there is no draft. */
json_t *salle__edit_draft_view(salle__store *st, salle__wf_err *e);

/* One session of the draft for its edit form: the session object as stored plus "people":
 * [{"id", "name", "email", "role": "organizer" | "speaker"}] and "rooms": [{"id", "name"}]. NULL with
 * e (404) when the session is unknown. Caller decrefs. */
json_t *salle__edit_session_get(salle__store *st, const char *session, salle__wf_err *e);

/* The name of a person of the draft (newly malloc'd), or NULL when the draft does not name them. */
char *salle__edit_person_name(salle__store *st, const char *person);

/* Applies edit to a session of the draft, in one transaction with its audit entry (what: "edit
 * session ID", before and after the session object). edit may hold any of:
 *   "people":   [{"id", "name", "email", "role"}]: replaces organizers and speakers; unknown ids
 *               become new people (name required); a given e-mail is stored for the outbox;
 *   "needs":    [feature]: each must be a feature some room has;
 *   "duration": minutes > 0, on the event's grid;
 *   "pinned":   {"room", "start"} (either may be absent) or null to unpin;
 *   "links":    {type: {"url", "title", "note"} or null}: replaces the links of each type named.
 * Returns 0; or -1 with *errors (caller decrefs) a non-empty array of {"field", "message"} when
 * the edit is not valid (fields: people, needs, duration, pin-room, pin-start, link-TYPE), or
 * with *errors NULL and e filled (404 unknown session, 500 store). */
int salle__edit_session(salle__store *st, const char *session, const json_t *edit, const char *who,
                        json_t **errors, salle__wf_err *e);

#endif
