/*
 * interest.h: attendee interest on the server (issue 11, points 1-3; docs/interest.md,
 * "Collecting on the server"). Anonymous ballots like CCC's halfnarp: a random token in a cookie
 * (or a link to keep) names one attendee's set of marked sessions; the store keeps only the
 * token's keyed hash and never an address. The settings (turnout factor, significance test,
 * when collection closes) are the admin's and live in the store's meta values.
 *
 * The store-only half (settings, ballots for an instance) is used by workflow.c's solve and
 * re-plan; the HTTP half (API, ballot pages, admin and organizer sections) by the routers.
 */
#ifndef SALLE_SERVER_INTEREST_H
#define SALLE_SERVER_INTEREST_H

#include "salle/salle.h"
#include "server/store.h"

typedef struct salle__interest_cfg {
    double turnout;        /* > 0, at most 100; default SALLE_TURNOUT_DEFAULT */
    int significant;       /* 1: only significant pairs feed audience overlap */
    long long closes;      /* Unix time after which marks are refused; 0: no date */
    int close_after;       /* > 0: closed once a version after this one is published */
} salle__interest_cfg;

/* The admin's settings (defaults where none were set). */
void salle__interest_cfg_get(salle__store *st, salle__interest_cfg *c);
int salle__interest_cfg_set(salle__store *st, const salle__interest_cfg *c);
/* 1 when marks are taken at now; 0 with why filled (a sentence) when collection is closed. */
int salle__interest_open(salle__store *st, const salle__interest_cfg *c, long long now, char *why,
                         size_t cap);
/* The collected ballots over inst's sessions (marks of sessions inst does not know are left
 * out). Newly allocated (salle_ballots_free); never NULL. */
salle_ballots *salle__interest_ballots(salle__store *st, const salle_instance *inst);

#endif
