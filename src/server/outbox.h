/*
 * outbox.h: one message per organizer per proposal, reviewed by the admin, sent over SMTP with
 * libcurl with retries and backoff, never twice (docs/workflow.md, Reaching organizers).
 */
#ifndef SALLE_SERVER_OUTBOX_H
#define SALLE_SERVER_OUTBOX_H

#include "salle/salle.h"
#include "server/auth.h"
#include "server/store.h"

#include <jansson.h>

typedef struct salle__outbox_config {
    const char *smtp_url;   /* smtp://host:port or smtps://...; NULL: nothing is sent */
    const char *from;       /* sender address */
    const char *base;       /* the server's base URL, for the sign-in link */
} salle__outbox_config;

/* The language of the event's mail to people who never chose one: meta "mail_lang" (set from
 * `salle serve --language`), else "en". A string that lives as long as the program. */
const char *salle__outbox_event_lang(salle__store *st);
/* Writes the drafts of a proposal, each in its recipient's language (their last choice, else the
 * event's): moves as the re-plan report lists them (with "request"). Runs
 * inside the re-plan's transaction. 0 or -1. */
int salle__outbox_compose(salle__store *st, const salle_instance *inst, const salle_schedule *proposal,
                          long long proposal_id, const json_t *moves, long long now);
/* Sends the oldest approved message due at now, if any: 1 when one was tried, 0 when none. */
int salle__outbox_send_due(salle__store *st, salle__auth *auth, const salle__outbox_config *cfg,
                           long long now);

#endif
