/*
 * auth.h: tokens for sign-in (magic links), browser sessions and the API (docs/api.md,
 * docs/workflow.md). A token is 32 random bytes from libsodium, shown once as base64url; the store
 * keeps only its keyed BLAKE2b hash (crypto_generichash with the server's own key), so a copy of
 * the database signs nobody in. Look-ups go by hash and the found hash is compared again in
 * constant time.
 */
#ifndef SALLE_SERVER_AUTH_H
#define SALLE_SERVER_AUTH_H

#include "server/store.h"

#define SALLE_TOKEN_TEXT 64   /* bytes for a token's text with its NUL */
#define SALLE_LINK_TTL (14LL * 24 * 3600) /* magic links expire after 14 days by default */
#define SALLE_SESSION_TTL (30LL * 24 * 3600)

typedef struct salle__auth {
    salle__store *st;
    unsigned char key[32];
} salle__auth;

/* Reads the server's hashing key, making one on first use. 0 or -1. */
int salle__auth_init(salle__auth *a, salle__store *st);
/* Issues a token (kind enum salle__token_kind) for role/person, valid for ttl seconds (0: no
 * expiry); writes its text into out. Returns the token's id or -1. */
long long salle__auth_issue(salle__auth *a, int kind, const char *role, const char *person,
                            long long ttl, long long now, char out[SALLE_TOKEN_TEXT]);

enum salle__auth_result {
    SALLE_AUTH_OK = 0, SALLE_AUTH_UNKNOWN = -1, SALLE_AUTH_EXPIRED = -2, SALLE_AUTH_USED = -3,
    SALLE_AUTH_SUPERSEDED = -4, SALLE_AUTH_MALFORMED = -5
};
/* Checks text as a token of kind at time now; fills *t on success (and, for a known token, on
 * failure too). Links are single use: checking does not use them (salle__store_token_use does). */
int salle__auth_check(salle__auth *a, int kind, const char *text, long long now, salle__token *t);
/* Words for a failed check, for the page that says why. */
const char *salle__auth_why(int result);
/* The form token that belongs to a token hash (a session's, or a link's on the sign-in page). */
void salle__auth_csrf(const salle__auth *a, const unsigned char hash[32], char out[SALLE_TOKEN_TEXT]);
int salle__auth_csrf_ok(const salle__auth *a, const unsigned char hash[32], const char *given);

/* Anonymous tokens that the store never sees (attendee ballots, docs/interest.md): a new one's
 * text into out, and the keyed hash of a given one. 0, or -1 when text cannot be one of ours. */
void salle__auth_anon_new(char out[SALLE_TOKEN_TEXT]);
int salle__auth_anon_hash(const salle__auth *a, const char *text, unsigned char out[32]);

#endif
