/*
 * jsonpos.c: JSON parsing that remembers where every value came from.
 *
 * jansson gives a pleasant tree API but reports positions only for syntax errors; salle must name
 * the line and column of a wrong type or an unknown id too. So yajl's event parser reads the text
 * (it validates UTF-8 and tells how far it has read) and this file builds the jansson tree from its
 * events, recording for every value, and for every object member's key, the byte offset where it
 * starts. Offsets become line and column only when a message needs them.
 *
 * How a token's start is found: yajl reports, inside each callback, the offset just past the
 * current token. Between two tokens there is only white space and ':' or ','; so the current token
 * starts at the first other byte after the end of the previous one.
 */
#include "base/internal.h"
#include "base/tr.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include <stdatomic.h>
#include <sys/mman.h>

/* 24 bytes a value (issue 10: a 100,000-session instance has about ten million values): offsets
 * and indexes are 32-bit, so a document is at most 4 GiB (salle__jdoc_parse says so). */
typedef struct entry {
    const json_t *val;  /* the value */
    uint32_t obj;       /* a member's containing object as an index into ents, else NO_ENT */
    uint32_t key;       /* member key: its offset in keys, or NO_KEY */
    uint32_t koff, voff; /* offsets of key and value */
} entry;

#define NO_KEY UINT32_MAX
#define NO_ENT UINT32_MAX
#define MAX_LEN ((size_t)UINT32_MAX - 1)

#define MAXDEPTH 512

struct salle__jdoc {
    char *name;
    const char *buf;    /* borrowed during parsing only */
    size_t len;
    size_t *lines;      /* offsets of line starts */
    size_t nlines;
    json_t *root;
    entry *ents;
    size_t nents, capents;
    /* every member key, NUL-terminated, one after the other: one buffer rather than a malloc
     * per key (an instance has tens of thousands) */
    char *keys;
    size_t nkeys, capkeys;
    /* open-addressing indexes into ents: by value pointer, and by (object, key); each is built
     * on its first lookup, since most documents are read without an error to place, and
     * by_key serves only errors */
    uint32_t *by_val, *by_key; /* entry indexes, NO_ENT for an empty slot */
    size_t tabsize;
    /* builder state */
    json_t *stack[MAXDEPTH];
    uint32_t stack_ent[MAXDEPTH]; /* the entry of each open container */
    size_t pending_key[MAXDEPTH]; /* offset in keys, or NO_KEY */
    size_t pending_koff[MAXDEPTH];
    int depth;
    size_t last_end;
    yajl_handle h;
    salle_diag *err;
    int failed;
    struct arena *arena; /* the tree's region (salle__jdoc_parse_arena), or NULL */
};

/* ---------------------------------------------------------------- the tree's arena
 *
 * A document read whole into the model (salle__jdoc_parse_arena: the instance, the schedule) is
 * built, and dropped, as one: its jansson tree is allocated from one region reserved for it, and
 * salle__jdoc_free releases the region (below: kept for the next tree) instead of freeing every
 * value (json_delete and malloc were a quarter of reading an instance, issue 8 point 11).
 * jansson's allocator is process-wide (json_set_alloc_funcs), so the functions below serve every
 * jansson allocation: while this
 * thread builds an arena tree, from the region; otherwise from malloc. A free of a pointer in a
 * live region does nothing (jansson frees while building: a rehash, a repeated key); any other
 * goes to free. The region is virtual address space, reserved with MAP_NORESERVE and made
 * resident a step at a time as the tree grows (arena_room); a tree that outgrows it goes on in
 * malloc, and then the tree is freed value by value as without an arena. */
#define MAX_ARENAS 64

typedef struct arena {
    char *lo, *top, *hi;
    char *ready;       /* the pages below it are resident (arena_room) */
    int spilled;       /* part of the tree came from malloc: free it value by value */
} arena;

/* the live regions, for jfree: a slot's lo and hi are set (hi last) before use, cleared after */
static _Atomic(uintptr_t) live_lo[MAX_ARENAS], live_hi[MAX_ARENAS];
static atomic_int nlive;
static _Thread_local arena *building;

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* Linux 5.14; older kernels refuse it, and pages fault as before */
#endif

/* Room for need more bytes at a->top: 0 when the region has none. The pages ahead of top are
 * made resident in one call, 128 KB at a time, instead of a fault per page: a tree is written
 * from the bottom up, so every page below top is used but those of the last step, and a fault
 * cost about twice the kernel time per page on the machine of the README's figures. */
static int arena_room(arena *a, size_t need)
{
    if ((size_t)(a->hi - a->top) < need)
        return 0;
    size_t step = (size_t)128 << 10;
    while (step < (size_t)(a->top + need - a->ready))
        step *= 2;
    if (step > (size_t)(a->hi - a->ready))
        step = (size_t)(a->hi - a->ready);
    if (madvise(a->ready, step, MADV_POPULATE_WRITE) != 0)
        a->ready = a->hi; /* not on this kernel (or no memory now): fault page by page */
    else
        a->ready += step;
    return 1;
}

/* jmalloc's way when the resident pages are used up: a tail call, so that the common way saves
 * no register (six instructions of every allocation of a tree) */
__attribute__((noinline)) static void *jmalloc_more(arena *a, size_t n, size_t need)
{
    if (arena_room(a, need)) {
        void *p = a->top;
        a->top += need;
        return p;
    }
    a->spilled = 1;
    return malloc(n);
}

static void *jmalloc(size_t n)
{
    arena *a = building;
    if (a) {
        size_t need = (n + 15) & ~(size_t)15;
        if ((size_t)(a->ready - a->top) < need)
            return jmalloc_more(a, n, need);
        void *p = a->top;
        a->top += need;
        return p;
    }
    return malloc(n);
}

static void jfree(void *p)
{
    if (!p)
        return;
    if (atomic_load_explicit(&nlive, memory_order_acquire) > 0) {
        uintptr_t x = (uintptr_t)p;
        for (int i = 0; i < MAX_ARENAS; i++)
            if (x < atomic_load_explicit(&live_hi[i], memory_order_acquire) &&
                x >= atomic_load_explicit(&live_lo[i], memory_order_relaxed))
                return;
    }
    free(p);
}

__attribute__((constructor)) static void install_allocator(void)
{
    json_set_alloc_funcs(jmalloc, jfree);
}

/* The region of the last tree freed, kept mapped for the next one (an export reads the instance
 * and then the schedule; a server reads one document after another): its pages, already
 * touched, are not faulted in again, which was most of the kernel time the arena added. At most
 * KEEP_BYTES of it stay resident; the rest goes back to the system (MADV_DONTNEED) when it is
 * kept, and it is mapped without access while it waits. One region, taken and put back
 * atomically, so threads that build trees at the same time each map their own as before. */
#define KEEP_BYTES ((size_t)16 << 20)
static _Atomic(arena *) kept;
static atomic_long regions_mapped, regions_reused, regions_trimmed;

void salle__jdoc_arena_counts(long *mapped, long *reused, long *trimmed)
{
    *mapped = atomic_load(&regions_mapped);
    *reused = atomic_load(&regions_reused);
    *trimmed = atomic_load(&regions_trimmed);
}

static int live_add(char *lo, char *hi)
{
    for (int i = 0; i < MAX_ARENAS; i++) {
        uintptr_t zero = 0;
        if (atomic_compare_exchange_strong(&live_lo[i], &zero, (uintptr_t)lo)) {
            atomic_store_explicit(&live_hi[i], (uintptr_t)hi, memory_order_release);
            atomic_fetch_add(&nlive, 1);
            return 1;
        }
    }
    return 0;
}

static void live_remove(const char *lo)
{
    for (int i = 0; i < MAX_ARENAS; i++)
        if (atomic_load(&live_lo[i]) == (uintptr_t)lo) {
            atomic_store(&live_hi[i], 0);
            atomic_fetch_sub(&nlive, 1);
            atomic_store(&live_lo[i], 0);
            break;
        }
}

/* A region for the tree of a text of len bytes, or NULL (then the tree is malloc's). */
static arena *arena_new(size_t len)
{
    /* a tree takes about 12 times its text (100,000 sessions: 83 MB of text, 1 GB of tree) */
    size_t size = (len * 16 + ((size_t)64 << 20)) & ~(size_t)4095;
    arena *a = atomic_exchange(&kept, NULL);
    if (a && ((size_t)(a->hi - a->lo) < size || /* too small for this text */
              mprotect(a->lo, (size_t)(a->hi - a->lo), PROT_READ | PROT_WRITE) != 0)) {
        munmap(a->lo, (size_t)(a->hi - a->lo));
        free(a);
        a = NULL;
    }
    if (!a) {
        char *m = mmap(NULL, size, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (m == MAP_FAILED)
            return NULL;
        a = salle__xcalloc(1, sizeof *a);
        *a = (arena){m, m, m + size, m, 0};
        atomic_fetch_add(&regions_mapped, 1);
    } else {
        atomic_fetch_add(&regions_reused, 1);
    }
    if (!live_add(a->lo, a->hi)) {
        munmap(a->lo, (size_t)(a->hi - a->lo));
        free(a);
        return NULL;
    }
    return a;
}

static void arena_free(arena *a)
{
    if (!a)
        return;
    live_remove(a->lo);
    size_t used = (size_t)(a->ready - a->lo);
    if (used > KEEP_BYTES) {
        madvise(a->lo + KEEP_BYTES, used - KEEP_BYTES, MADV_DONTNEED);
        a->ready = a->lo + KEEP_BYTES;
        atomic_fetch_add(&regions_trimmed, 1);
    }
    a->top = a->lo;
    a->spilled = 0;
    /* while it is kept nothing may touch it: a value of the freed tree read after
     * salle__jdoc_free still faults, as it did when the region was unmapped */
    arena *none = NULL;
    if (mprotect(a->lo, (size_t)(a->hi - a->lo), PROT_NONE) == 0 &&
        atomic_compare_exchange_strong(&kept, &none, a))
        return;
    munmap(a->lo, (size_t)(a->hi - a->lo));
    free(a);
}

static void offset_to_lc(const salle__jdoc *d, size_t off, int *line, int *col)
{
    size_t lo = 0, hi = d->nlines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (d->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    *line = (int)lo + 1;
    *col = (int)(off - d->lines[lo]) + 1;
}

/* The bytes that may stand between two tokens (an indented instance is a fifth white space). */
static const unsigned char between[256] = {[' '] = 1, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1,
                                           [':'] = 1, [','] = 1};

static size_t token_start(salle__jdoc *d)
{
    size_t p = d->last_end;
    while (p < d->len && between[(unsigned char)d->buf[p]])
        p++;
    d->last_end = yajl_get_bytes_consumed(d->h);
    return p;
}

static int fail_worded(salle__jdoc *d, size_t off, const char *full)
{
    int line, col;
    offset_to_lc(d, off, &line, &col);
    salle__diag_str(d->err, d->name, line, col, full);
    d->failed = 1;
    return 0;
}

/* msg is its own msgid (N_), worded here in the diag's language; key, quoted from the file, is not. */
static int fail(salle__jdoc *d, size_t off, const char *msg, const char *key)
{
    int line, col;
    offset_to_lc(d, off, &line, &col);
    char full[600];
    msg = salle__diag_tr(d->err, msg);
    if (key)
        snprintf(full, sizeof full, "%s \"%s\"", msg, key);
    else
        snprintf(full, sizeof full, "%s", msg);
    salle__diag_str(d->err, d->name, line, col, full);
    d->failed = 1;
    return 0;
}

static void add_entry(salle__jdoc *d, uint32_t obj, const json_t *val, size_t key,
                      size_t koff, size_t voff)
{
    if (d->nents == d->capents) {
        d->capents = d->capents ? d->capents * 2 : 256;
        d->ents = salle__xrealloc(d->ents, d->capents * sizeof *d->ents);
    }
    d->ents[d->nents++] = (entry){val, obj, (uint32_t)key, (uint32_t)koff, (uint32_t)voff};
}

/* Attaches a new value to the current container and records where it started. */
static int put(salle__jdoc *d, json_t *v, size_t off)
{
    if (!v)
        return fail(d, off, "out of memory", NULL);
    if (d->depth == 0) {
        d->root = v;
        add_entry(d, NO_ENT, v, NO_KEY, 0, off);
        return 1;
    }
    json_t *top = d->stack[d->depth - 1];
    if (json_is_array(top)) {
        add_entry(d, NO_ENT, v, NO_KEY, 0, off);
        json_array_append_new(top, v);
    } else {
        size_t key = d->pending_key[d->depth - 1], koff = d->pending_koff[d->depth - 1];
        d->pending_key[d->depth - 1] = NO_KEY;
        add_entry(d, d->stack_ent[d->depth - 1], v, key, koff, off);
        /* keys and strings are checked UTF-8 already (bad_utf8); a duplicate key shows as an
         * object that did not grow, which saves looking every key up before setting it */
        size_t before = json_object_size(top);
        json_object_set_new_nocheck(top, d->keys + key, v);
        if (json_object_size(top) == before)
            return fail(d, koff, N_("duplicate key"), d->keys + key);
    }
    return 1;
}

static int on_null(void *ctx)
{
    salle__jdoc *d = ctx;
    return put(d, json_null(), token_start(d));
}

static int on_bool(void *ctx, int b)
{
    salle__jdoc *d = ctx;
    return put(d, json_boolean(b), token_start(d));
}

static int on_number(void *ctx, const char *s, size_t len)
{
    salle__jdoc *d = ctx;
    size_t off = token_start(d);
    char tmp[64];
    if (len >= sizeof tmp)
        return fail(d, off, N_("number too long"), NULL);
    memcpy(tmp, s, len);
    tmp[len] = 0;
    errno = 0;
    if (strpbrk(tmp, ".eE")) {
        double x = strtod(tmp, NULL);
        if (errno)
            return fail(d, off, N_("number out of range"), NULL);
        return put(d, json_real(x), off);
    }
    long long x = strtoll(tmp, NULL, 10);
    if (errno)
        return fail(d, off, N_("number out of range"), NULL);
    return put(d, json_integer(x), off);
}

/* Whether s[0..len) is UTF-8 as jansson wants it, as salle__utf8_valid says, but cheaper for
 * most text: after a lead byte from C2-DF, E1-EC, EE-EF or F1-F3 every continuation byte
 * (80-BF) makes a valid character, so such sequences need their continuation bytes checked and
 * no decoding. The other lead bytes begin the forms jansson refuses (overlong forms,
 * surrogates, code points above U+10FFFF) or valid characters next to them; from the first of
 * them on, salle__utf8_valid decodes. 33c3's descriptions (German and English) are checked at a
 * third of the cost. */
static int utf8_ok(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        /* ASCII eight bytes at a time */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i == len)
            break;
        unsigned char c = s[i];
        size_t n = c < 0x80                                ? 1
                   : c >= 0xC2 && c <= 0xDF                ? 2
                   : (c >= 0xE1 && c <= 0xEF && c != 0xED) ? 3
                   : c >= 0xF1 && c <= 0xF3                ? 4
                                                           : 0;
        int plain = n > 0 && i + n <= len;
        for (size_t k = 1; plain && k < n; k++)
            plain = (s[i + k] & 0xC0) == 0x80;
        if (!plain) /* a closer look from here on */
            return salle__utf8_valid((const char *)s + i, len - i, NULL);
        i += n;
    }
    return 1;
}

/* yajl lets through what jansson refuses (surrogates, overlong forms): say so, and where, instead
 * of letting the refused string look like a failed allocation. */
static int bad_utf8(salle__jdoc *d, size_t off, const unsigned char *s, size_t len)
{
    size_t bad = 0;
    if (utf8_ok(s, len) || salle__utf8_valid((const char *)s, len, &bad))
        return 0;
    char msg[160];
    snprintf(msg, sizeof msg,
             salle__diag_tr(d->err, "a string is not valid UTF-8 (byte 0x%02X); save the file as UTF-8 and "
                                    "write no lone surrogate such as \\ud800"),
             s[bad]);
    return fail(d, off, msg, NULL), 1;
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
    salle__jdoc *d = ctx;
    size_t off = token_start(d);
    if (bad_utf8(d, off, s, len))
        return 0;
    return put(d, json_stringn_nocheck((const char *)s, len), off); /* checked just above */
}

static int on_start_map(void *ctx)
{
    salle__jdoc *d = ctx;
    size_t off = token_start(d);
    if (d->depth >= MAXDEPTH)
        return fail(d, off, N_("nested too deeply"), NULL);
    json_t *o = json_object();
    if (!put(d, o, off))
        return 0;
    d->stack[d->depth] = o;
    d->stack_ent[d->depth] = (uint32_t)(d->nents - 1);
    d->pending_key[d->depth] = NO_KEY;
    d->depth++;
    return 1;
}

static int on_map_key(void *ctx, const unsigned char *s, size_t len)
{
    salle__jdoc *d = ctx;
    size_t off = token_start(d);
    if (memchr(s, 0, len))
        return fail(d, off, N_("object key contains a NUL character"), NULL);
    if (bad_utf8(d, off, s, len))
        return 0;
    if (d->nkeys + len + 1 > d->capkeys) {
        while (d->nkeys + len + 1 > d->capkeys)
            d->capkeys = d->capkeys ? d->capkeys * 2 : 4096;
        d->keys = salle__xrealloc(d->keys, d->capkeys);
    }
    memcpy(d->keys + d->nkeys, s, len);
    d->keys[d->nkeys + len] = 0;
    d->pending_key[d->depth - 1] = d->nkeys;
    d->nkeys += len + 1;
    d->pending_koff[d->depth - 1] = off;
    return 1;
}

static int on_end(void *ctx)
{
    salle__jdoc *d = ctx;
    token_start(d);
    d->depth--;
    return 1;
}

static int on_start_array(void *ctx)
{
    salle__jdoc *d = ctx;
    size_t off = token_start(d);
    if (d->depth >= MAXDEPTH)
        return fail(d, off, N_("nested too deeply"), NULL);
    json_t *a = json_array();
    if (!put(d, a, off))
        return 0;
    d->stack[d->depth] = a;
    d->stack_ent[d->depth] = (uint32_t)(d->nents - 1);
    d->pending_key[d->depth] = NO_KEY;
    d->depth++;
    return 1;
}

static const yajl_callbacks callbacks = {
    on_null, on_bool, NULL, NULL, on_number, on_string,
    on_start_map, on_map_key, on_end, on_start_array, on_end,
};

static size_t hash_ptr(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x;
}

static size_t hash_key(const void *obj, const char *key)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    return hash_ptr(obj) ^ (size_t)h;
}

/* The index by value (keys == 0) or by member (keys == 1), built the first time it is needed;
 * the document is otherwise read only, hence the cast. */
static const uint32_t *index_of(const salle__jdoc *cd, int keys)
{
    salle__jdoc *d = (salle__jdoc *)cd;
    uint32_t **tab = keys ? &d->by_key : &d->by_val;
    if (*tab || !d->ents)
        return *tab;
    size_t n = d->tabsize;
    uint32_t *t = salle__xmalloc(n * sizeof *t);
    for (size_t i = 0; i < n; i++)
        t[i] = NO_ENT;
    for (size_t i = 0; i < d->nents; i++) {
        const entry *e = &d->ents[i];
        size_t j;
        if (keys) {
            if (e->key == NO_KEY)
                continue;
            j = hash_key(d->ents[e->obj].val, d->keys + e->key) & (n - 1);
        } else {
            /* true, false and null are shared singletons in jansson: they have no position of
             * their own, only as members (by_key) */
            if (json_is_boolean(e->val) || json_is_null(e->val))
                continue;
            j = hash_ptr(e->val) & (n - 1);
        }
        while (t[j] != NO_ENT)
            j = (j + 1) & (n - 1);
        t[j] = (uint32_t)i;
    }
    return *tab = t;
}

static salle__jdoc *parse_doc(const char *buf, size_t len, const char *name, salle_diag *err,
                              int use_arena)
{
    salle__jdoc *d = salle__xcalloc(1, sizeof *d);
    d->name = salle__xstrdup(name);
    /* A byte-order mark (Windows editors write one) is not part of the JSON text; it takes no
     * column, so positions stay those an editor shows. */
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        buf += 3;
        len -= 3;
    }
    d->buf = buf;
    d->len = len;
    d->err = err;
    if (len > MAX_LEN) {
        salle__diag(err, name, 1, 1, N_("the file is larger than 4 GiB, more than salle reads"));
        salle__jdoc_free(d);
        return NULL;
    }
    size_t cap = 1024;
    d->lines = salle__xmalloc(cap * sizeof *d->lines);
    d->lines[d->nlines++] = 0;
    /* memchr: long texts (abstracts, descriptions) are most of an instance's bytes */
    for (const char *p = buf, *end = buf + len; (p = memchr(p, '\n', (size_t)(end - p))); p++) {
        if (d->nlines == cap)
            d->lines = salle__xrealloc(d->lines, (cap *= 2) * sizeof *d->lines);
        d->lines[d->nlines++] = (size_t)(p - buf) + 1;
    }
    d->h = yajl_alloc(&callbacks, NULL, d);
    if (!d->h) {
        fprintf(stderr, "salle: out of memory\n");
        abort();
    }
    if (use_arena)
        d->arena = arena_new(len);
    building = d->arena;
    yajl_status st = yajl_parse(d->h, (const unsigned char *)buf, len);
    if (st == yajl_status_ok)
        st = yajl_complete_parse(d->h);
    building = NULL;
    if (st != yajl_status_ok && !d->failed) {
        size_t off = yajl_get_bytes_consumed(d->h);
        if (st == yajl_status_ok || off > len)
            off = len;
        unsigned char *m = yajl_get_error(d->h, 0, (const unsigned char *)buf, len);
        char msg[256];
        snprintf(msg, sizeof msg, "%s", (const char *)m);
        yajl_free_error(d->h, m);
        size_t ml = strlen(msg);
        while (ml && (msg[ml - 1] == '\n' || msg[ml - 1] == '.' || msg[ml - 1] == ' '))
            msg[--ml] = 0;
        /* yajl says "parse error: premature EOF"; keep its words, add what was expected. */
        char *what = strstr(msg, "error: ");
        what = what ? what + 7 : msg;
        if (strstr(msg, "invalid bytes in UTF8 string"))
            fail(d, off, N_("a string is not valid UTF-8; save the file as UTF-8 (Latin-1 and "
                            "Windows-1252 files look like this)"), NULL);
        else if (len == 0 || strstr(msg, "premature EOF"))
            fail(d, len, N_("invalid JSON: the file ends before the JSON value is complete"), NULL);
        else {
            char full[400];
            /* yajl's own words (yajl_words) in the diag's language too */
            snprintf(full, sizeof full, salle__diag_tr(d->err, "invalid JSON: %s"),
                     salle__diag_tr(d->err, what));
            fail_worded(d, off, full);
        }
    }
    yajl_free(d->h);
    d->h = NULL;
    d->buf = NULL;
    if (d->failed) {
        salle__jdoc_free(d);
        return NULL;
    }
    /* the doubling's spare room is a third of the entries on average: give it back while the
     * tree is read */
    d->ents = salle__xrealloc(d->ents, (d->nents + 1) * sizeof *d->ents);
    d->capents = d->nents + 1;
    size_t n = 16;
    while (n < d->nents * 2 + 16)
        n *= 2;
    d->tabsize = n;
    return d;
}

salle__jdoc *salle__jdoc_parse(const char *buf, size_t len, const char *name, salle_diag *err)
{
    return parse_doc(buf, len, name, err, 0);
}

salle__jdoc *salle__jdoc_parse_arena(const char *buf, size_t len, const char *name,
                                     salle_diag *err)
{
    return parse_doc(buf, len, name, err, 1);
}

json_t *salle__jdoc_root(const salle__jdoc *d)
{
    return d->root;
}

const char *salle__jdoc_name(const salle__jdoc *d)
{
    return d->name;
}

void salle__jdoc_pos(const salle__jdoc *d, const json_t *v, int *line, int *col)
{
    *line = *col = 0;
    const uint32_t *by_val = d && v ? index_of(d, 0) : NULL;
    if (!by_val)
        return;
    size_t n = d->tabsize;
    for (size_t j = hash_ptr(v) & (n - 1); by_val[j] != NO_ENT; j = (j + 1) & (n - 1)) {
        if (d->ents[by_val[j]].val == v) {
            offset_to_lc(d, d->ents[by_val[j]].voff, line, col);
            return;
        }
    }
}

static const entry *member(const salle__jdoc *d, const json_t *obj, const char *key)
{
    const uint32_t *by_key = d && obj ? index_of(d, 1) : NULL;
    if (!by_key)
        return NULL;
    size_t n = d->tabsize;
    for (size_t j = hash_key(obj, key) & (n - 1); by_key[j] != NO_ENT; j = (j + 1) & (n - 1)) {
        const entry *e = &d->ents[by_key[j]];
        if (d->ents[e->obj].val == obj && strcmp(d->keys + e->key, key) == 0)
            return e;
    }
    return NULL;
}

void salle__jdoc_key_pos(const salle__jdoc *d, const json_t *obj, const char *key, int *line,
                         int *col)
{
    const entry *e = member(d, obj, key);
    if (e)
        offset_to_lc(d, e->koff, line, col);
    else
        salle__jdoc_pos(d, obj, line, col);
}

void salle__jdoc_free(salle__jdoc *d)
{
    if (!d)
        return;
    free(d->keys);
    free(d->ents);
    free(d->by_val);
    free(d->by_key);
    free(d->lines);
    free(d->name);
    /* an arena tree goes with its region, unless part of it is malloc's */
    if (!d->arena || d->arena->spilled)
        json_decref(d->root);
    arena_free(d->arena);
    free(d);
}

void salle__jdoc_member_pos(const salle__jdoc *d, const json_t *obj, const char *key, int *line,
                            int *col)
{
    const entry *e = member(d, obj, key);
    if (e)
        offset_to_lc(d, e->voff, line, col);
    else
        salle__jdoc_pos(d, obj, line, col);
}

/* ---- shared by the readers of JSON files (talks for now; see internal.h) */

/* What yajl says after "parse error: " or "lexical error: " (its trailing period cut), for the
 * catalogs: the message shows them in the diag's language (yajl 2.1's yajl_parser.c, yajl_lex.c). */
static const char *const yajl_words[] __attribute__((unused)) = {
    N_("trailing garbage"),
    N_("client cancelled parse via callback return value"),
    N_("object key and value must be separated by a colon (':')"),
    N_("after key and value, inside map, I expect ',' or '}'"),
    N_("after array element, I expect ',' or ']'"),
    N_("invalid object key (must be a string)"),
    N_("unallowed token at this point in JSON text"),
    N_("inside a JSON string, a character must be escaped"),
    N_("invalid character inside string"),
    N_("invalid (non-hex) character occurs after '\\u' inside string"),
    N_("invalid char in json text"),
    N_("invalid string in json text"),
    N_("malformed number, a digit is required after the exponent"),
    N_("malformed number, a digit is required after the decimal point"),
    N_("malformed number, a digit is required after the minus sign"),
    N_("probable comment found in input text, comments are not enabled"),
};

const char *salle__json_type_word(const salle_diag *d, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return salle__diag_tr(d, N_("an object"));
    case JSON_ARRAY: return salle__diag_tr(d, N_("an array"));
    case JSON_STRING: return salle__diag_tr(d, N_("a string"));
    case JSON_INTEGER: return salle__diag_tr(d, N_("an integer"));
    case JSON_REAL: return salle__diag_tr(d, N_("a number with a fraction"));
    case JSON_TRUE:
    case JSON_FALSE: return salle__diag_tr(d, N_("true/false"));
    case JSON_NULL: return "null";
    }
    return "?";
}

const char *salle__json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a number with a fraction";
    case JSON_TRUE:
    case JSON_FALSE: return "true/false";
    case JSON_NULL: return "null";
    }
    return "?";
}

int salle__jdoc_check_keys(const salle__jdoc *d, salle_diag *err, const json_t *obj,
                           const char *const *allowed, const char *what)
{
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        if (strncmp(key, "x-", 2) == 0)
            continue;
        const char *const *a; /* the first byte before strcmp: a session has 32 keys to try */
        for (a = allowed; *a && ((*a)[0] != key[0] || strcmp(*a, key) != 0); a++)
            ;
        if (*a)
            continue;
        char list[600] = "";
        for (a = allowed; *a; a++) {
            if (list[0])
                strncat(list, ", ", sizeof list - strlen(list) - 1);
            strncat(list, *a, sizeof list - strlen(list) - 1);
        }
        int line, col;
        salle__jdoc_key_pos(d, obj, key, &line, &col);
        return salle__diag(err, d->name, line, col, N_("unknown key \"%s\" in %s; expected one of: %s"),
                           key, salle__diag_tr(err, what), list);
    }
    return 0;
}
