/*
 * request.h: the server's request parsing, apart from the daemon so that the fuzzer
 * (fuzz/fuzz_request.c) drives exactly what `salle serve` runs: a request body collected under
 * a size limit, and form bodies (urlencoded, or multipart for the upload) read by
 * libmicrohttpd's post processor. Headers and cookies are libmicrohttpd's own parsing
 * (MHD_lookup_connection_value).
 */
#ifndef SALLE_SERVER_REQUEST_H
#define SALLE_SERVER_REQUEST_H

#include <stddef.h>

struct MHD_Connection;

/* A request body as it arrives in pieces; buf is NUL-terminated, owned (salle__body_free). */
typedef struct salle__body {
    char *buf;
    size_t n, cap;
    int too_big;         /* 1: more than the limit arrived; the rest was dropped */
} salle__body;
/* Appends size bytes unless the body would exceed limit, then marks it too big instead. */
void salle__body_add(salle__body *b, const char *data, size_t size, size_t limit);
void salle__body_free(salle__body *b);

/* A form's fields, at most 32, each value up to 16 MiB; keys and values owned. */
typedef struct salle__form {
    int n;
    char *key[32];
    char *val[32];
    char *file[32]; /* a multipart file field's file name as the browser gave it, or NULL */
} salle__form;
/* Parses body (nbody bytes) as the form content type the connection's request names. 0 (an
 * empty body gives no fields), or -1 when it is not a form or does not parse; f is then still
 * to be freed. */
int salle__form_parse_body(struct MHD_Connection *c, const char *body, size_t nbody, salle__form *f);
const char *salle__form_get(const salle__form *f, const char *key);
/* The name of the file uploaded in field key, without any folder the browser put before it and
 * with control characters as '_' (at most 100 bytes, cut at a character), or NULL. */
const char *salle__form_file(const salle__form *f, const char *key);
void salle__form_free(salle__form *f);

#endif
