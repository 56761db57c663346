/*
 * auth.c: tokens as keyed hashes (auth.h).
 */
#include "server/auth.h"
#include "base/tr.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

int salle__auth_init(salle__auth *a, salle__store *st)
{
    a->st = st;
    if (sodium_init() < 0)
        return -1;
    if (salle__store_meta_get(st, "hash_key", a->key, sizeof a->key) == (int)sizeof a->key)
        return 0;
    /* Another process sharing the store may make one at the same moment: the first one stays. */
    unsigned char k[sizeof a->key];
    randombytes_buf(k, sizeof k);
    if (salle__store_meta_init(st, "hash_key", k, sizeof k) < 0)
        return -1;
    return salle__store_meta_get(st, "hash_key", a->key, sizeof a->key) == (int)sizeof a->key ? 0 : -1;
}

static void hash_raw(const salle__auth *a, const unsigned char *raw, size_t n, unsigned char out[32])
{
    crypto_generichash(out, 32, raw, n, a->key, sizeof a->key);
}

/* The token's raw bytes from its text; 0, or -1 when it cannot be one of ours. */
static int decode(const char *text, unsigned char raw[32])
{
    size_t n = 0;
    if (!text || strlen(text) != 43)
        return -1;
    if (sodium_base642bin(raw, 32, text, 43, NULL, &n, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        n != 32)
        return -1;
    return 0;
}

long long salle__auth_issue(salle__auth *a, int kind, const char *role, const char *person,
                            long long ttl, long long now, char out[SALLE_TOKEN_TEXT])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    salle__token t = {0};
    t.kind = kind;
    snprintf(t.role, sizeof t.role, "%s", role);
    snprintf(t.person, sizeof t.person, "%s", person ? person : "");
    t.created = now;
    t.expires = ttl > 0 ? now + ttl : 0;
    hash_raw(a, raw, sizeof raw, t.hash);
    sodium_bin2base64(out, SALLE_TOKEN_TEXT, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    return salle__store_token_add(a->st, &t);
}

int salle__auth_check(salle__auth *a, int kind, const char *text, long long now, salle__token *t)
{
    unsigned char raw[32], h[32];
    memset(t, 0, sizeof *t);
    if (decode(text, raw) < 0)
        return SALLE_AUTH_MALFORMED;
    hash_raw(a, raw, sizeof raw, h);
    sodium_memzero(raw, sizeof raw);
    if (salle__store_token_find(a->st, h, t) < 0 || sodium_memcmp(t->hash, h, 32) != 0 ||
        t->kind != kind)
        return SALLE_AUTH_UNKNOWN;
    if (t->superseded)
        return SALLE_AUTH_SUPERSEDED;
    if (kind == SALLE_TOKEN_LINK && t->used)
        return SALLE_AUTH_USED;
    if (t->expires && now >= t->expires)
        return SALLE_AUTH_EXPIRED;
    return SALLE_AUTH_OK;
}

const char *salle__auth_why(int result)
{
    switch (result) {
    case SALLE_AUTH_OK: return "valid";
    case SALLE_AUTH_EXPIRED: return N_("This sign-in link has expired. Ask the secretariat for a new one.");
    case SALLE_AUTH_USED: return N_("This sign-in link was already used. Each link works once; ask the secretariat for a new one.");
    case SALLE_AUTH_SUPERSEDED: return N_("A newer sign-in link was sent to you; use the newest one.");
    default: return N_("This sign-in link is not valid. Check that the whole address was copied.");
    }
}

void salle__auth_csrf(const salle__auth *a, const unsigned char hash[32], char out[SALLE_TOKEN_TEXT])
{
    unsigned char in[40], mac[32];
    memcpy(in, "csrf:v1:", 8);
    memcpy(in + 8, hash, 32);
    crypto_generichash(mac, sizeof mac, in, sizeof in, a->key, sizeof a->key);
    sodium_bin2base64(out, SALLE_TOKEN_TEXT, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

int salle__auth_csrf_ok(const salle__auth *a, const unsigned char hash[32], const char *given)
{
    char want[SALLE_TOKEN_TEXT];
    salle__auth_csrf(a, hash, want);
    size_t n = strlen(want);
    return given && strlen(given) == n && sodium_memcmp(want, given, n) == 0;
}

void salle__auth_anon_new(char out[SALLE_TOKEN_TEXT])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, SALLE_TOKEN_TEXT, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

int salle__auth_anon_hash(const salle__auth *a, const char *text, unsigned char out[32])
{
    unsigned char raw[32];
    if (decode(text, raw) < 0)
        return -1;
    /* a different key use than sign-in tokens: a ballot's hash never matches a session's */
    unsigned char in[40];
    memcpy(in, "ballot:v", 8);
    memcpy(in + 8, raw, 32);
    hash_raw(a, in, sizeof in, out);
    sodium_memzero(raw, sizeof raw);
    sodium_memzero(in, sizeof in);
    return 0;
}
