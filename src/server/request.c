/*
 * request.c: request parsing (request.h): the body under its size limit, and forms by
 * libmicrohttpd's post processor. Moved out of server.c unchanged, so that fuzz/fuzz_request.c
 * runs the same code the server does.
 */
#include "server/request.h"
#include "base/internal.h"

#include <microhttpd.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void salle__body_add(salle__body *b, const char *data, size_t size, size_t limit)
{
    if (b->n + size > limit) {
        b->too_big = 1;
        return;
    }
    if (b->n + size + 1 > b->cap) {
        b->cap = (b->n + size + 1) * 2;
        b->buf = salle__xrealloc(b->buf, b->cap);
    }
    memcpy(b->buf + b->n, data, size);
    b->n += size;
    b->buf[b->n] = 0;
}

void salle__body_free(salle__body *b)
{
    free(b->buf);
    memset(b, 0, sizeof *b);
}

/* A browser's file name as salle shows it in messages: the last part of a path (old browsers
 * sent C:\\fakepath\\name or a whole path), control characters as '_', at most 100 bytes, not
 * cutting a UTF-8 character; NULL when nothing is left or the name is not UTF-8. */
static char *file_name(const char *given)
{
    const char *base = given;
    for (const char *p = given; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t n = strlen(base);
    if (n > 100)
        for (n = 100; n > 0 && ((unsigned char)base[n] & 0xC0) == 0x80; n--)
            ; /* base[n] starts a character: cut before it */
    if (n == 0 || !salle__utf8_valid(base, n, NULL))
        return NULL; /* no name, or not text a page can show */
    char *out = salle__xmalloc(n + 1);
    for (size_t i = 0; i < n; i++)
        out[i] = (unsigned char)base[i] < 0x20 || base[i] == 0x7f ? '_' : base[i];
    out[n] = 0;
    return out;
}

static enum MHD_Result form_field(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *filename, const char *ctype, const char *enc,
                                  const char *data, uint64_t off, size_t size)
{
    (void)kind, (void)ctype, (void)enc;
    salle__form *f = cls;
    if (!key) /* a multipart part whose Content-Disposition names no field (found by fuzzing) */
        return MHD_YES;
    if (off > 0 && f->n > 0 && strcmp(f->key[f->n - 1], key) == 0) {
        /* the post processor hands long values over in pieces */
        size_t had = strlen(f->val[f->n - 1]);
        if (had + size > 16 << 20)
            return MHD_NO;
        f->val[f->n - 1] = salle__xrealloc(f->val[f->n - 1], had + size + 1);
        memcpy(f->val[f->n - 1] + had, data, size);
        f->val[f->n - 1][had + size] = 0;
        return MHD_YES;
    }
    if (f->n == 32)
        return MHD_NO;
    f->key[f->n] = salle__xstrdup(key);
    f->val[f->n] = salle__xmalloc(size + 1);
    memcpy(f->val[f->n], data, size);
    f->val[f->n][size] = 0;
    f->file[f->n] = filename ? file_name(filename) : NULL;
    f->n++;
    return MHD_YES;
}

int salle__form_parse_body(struct MHD_Connection *c, const char *body, size_t nbody, salle__form *f)
{
    memset(f, 0, sizeof *f);
    if (nbody == 0)
        return 0;
    struct MHD_PostProcessor *pp = MHD_create_post_processor(c, 4096, form_field, f);
    if (!pp)
        return -1; /* not a form content type */
    enum MHD_Result ok = MHD_post_process(pp, body, nbody);
    MHD_destroy_post_processor(pp);
    return ok == MHD_YES ? 0 : -1;
}

const char *salle__form_get(const salle__form *f, const char *key)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->key[i], key) == 0)
            return f->val[i];
    return NULL;
}

const char *salle__form_file(const salle__form *f, const char *key)
{
    for (int i = 0; i < f->n; i++)
        if (strcmp(f->key[i], key) == 0)
            return f->file[i];
    return NULL;
}

void salle__form_free(salle__form *f)
{
    for (int i = 0; i < f->n; i++) {
        free(f->key[i]);
        free(f->val[i]);
        free(f->file[i]);
    }
    f->n = 0;
}
