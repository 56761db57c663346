/*
 * tr.c: looks interface strings up in the compiled GNU gettext catalogs (tr.h).
 *
 * Why not gettext(3) itself: glibc's gettext chooses the catalog from the process-wide locale
 * (setlocale, LANGUAGE), does nothing at all in the C locale, and needs the locale installed on
 * the machine. A site written in four languages in one run, or a server answering each request in
 * its visitor's language from several threads, needs the language per call, and switching the
 * process locale per call is neither thread-safe nor fast. So the .mo files msgfmt compiles (the
 * format is fixed by GNU gettext: "The Format of GNU MO Files", a sorted table built to be
 * searched in place) are linked into the library as bytes, and a lookup is a binary search in
 * them: read-only data, no locks, no files to find at run time, nothing to install.
 * Every offset is checked before use, once per catalog.
 */
#include "base/tr.h"
#include "salle/salle.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#define MO_MAGIC 0x950412deu
#define MAX_CATALOGS 16

typedef struct mo {
    const unsigned char *p;
    size_t size;
    int swap;      /* written on a machine of the other byte order */
    uint32_t n;    /* number of strings */
    uint32_t orig, trans; /* offsets of the two tables */
    int ok;
} mo;

static mo mos[MAX_CATALOGS];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static uint32_t u32(const mo *m, size_t off)
{
    uint32_t v;
    memcpy(&v, m->p + off, 4);
    if (m->swap)
        v = (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
    return v;
}

/* String i of table tab: its length and offset, checked to lie inside the file with its NUL. */
static const char *entry(const mo *m, uint32_t tab, uint32_t i, uint32_t *len)
{
    size_t at = (size_t)tab + (size_t)i * 8;
    *len = u32(m, at);
    size_t off = u32(m, at + 4);
    if (off > m->size || *len >= m->size - off || m->p[off + *len] != 0)
        return NULL;
    return (const char *)m->p + off;
}

static void load(void)
{
    for (int c = 0; c < salle__ncatalogs && c < MAX_CATALOGS; c++) {
        mo *m = &mos[c];
        m->p = salle__catalogs[c].mo;
        m->size = salle__catalogs[c].size;
        if (m->size < 28)
            continue;
        uint32_t magic;
        memcpy(&magic, m->p, 4);
        m->swap = magic != MO_MAGIC;
        if (u32(m, 0) != MO_MAGIC)
            continue;
        m->n = u32(m, 8);
        m->orig = u32(m, 12);
        m->trans = u32(m, 16);
        if ((u32(m, 4) >> 16) > 1 || m->n > m->size / 16 || m->orig > m->size - (size_t)m->n * 8 ||
            m->trans > m->size - (size_t)m->n * 8)
            continue;
        int ok = 1;
        for (uint32_t i = 0; i < m->n && ok; i++) {
            uint32_t len;
            ok = entry(m, m->orig, i, &len) && entry(m, m->trans, i, &len);
        }
        m->ok = ok;
    }
}

/* The catalog of lang's primary subtag, or NULL. */
static const mo *catalog(const char *lang)
{
    if (!lang)
        return NULL;
    size_t n = strcspn(lang, "-_");
    pthread_once(&once, load);
    for (int c = 0; c < salle__ncatalogs && c < MAX_CATALOGS; c++)
        if (strlen(salle__catalogs[c].lang) == n && strncasecmp(lang, salle__catalogs[c].lang, n) == 0)
            return mos[c].ok ? &mos[c] : NULL;
    return NULL;
}

/* The translation of msgid in m (all its plural forms, NUL-separated, *len bytes), or NULL. An
 * empty translation means "not translated" to gettext too. */
static const char *find(const mo *m, const char *msgid, uint32_t *len)
{
    uint32_t lo = 0, hi = m->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2, ol;
        /* msgfmt sorts by the msgid; a plural entry's key is "one\0many", compared up to the NUL */
        int c = strcmp(msgid, entry(m, m->orig, mid, &ol));
        if (c == 0) {
            const char *t = entry(m, m->trans, mid, len);
            return *len ? t : NULL;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

const char *salle__tr(const char *lang, const char *msgid)
{
    const mo *m = catalog(lang);
    uint32_t len;
    const char *t = m && msgid && msgid[0] ? find(m, msgid, &len) : NULL;
    return t ? t : msgid;
}

/* The index of the plural form for n: the rules in the Plural-Forms headers of po/ *.po, which
 * tests/i18n.sh checks against these. */
static unsigned long plural_form(const char *lang, long n)
{
    unsigned long k = n < 0 ? (unsigned long)-n : (unsigned long)n, h = k % 100;
    if (lang && strncasecmp(lang, "ar", 2) == 0 && strcspn(lang, "-_") == 2)
        return k == 0 ? 0 : k == 1 ? 1 : k == 2 ? 2 : h >= 3 && h <= 10 ? 3 : h >= 11 ? 4 : 5;
    if (lang && strncasecmp(lang, "fr", 2) == 0 && strcspn(lang, "-_") == 2)
        return k > 1;
    return k != 1;
}

const char *salle__trn(const char *lang, const char *one, const char *many, long n)
{
    const mo *m = catalog(lang);
    uint32_t len;
    const char *t = m ? find(m, one, &len) : NULL;
    if (!t)
        return n == 1 ? one : many;
    unsigned long k = plural_form(lang, n);
    const char *p = t, *end = t + len;
    for (; k > 0 && p < end; k--)
        p += strlen(p) + 1;
    return p < end && *p ? p : t; /* fewer forms than the rule wants: the first */
}

int salle__tr_has(const char *lang)
{
    return lang && ((strcspn(lang, "-_") == 2 && strncasecmp(lang, "en", 2) == 0) ||
                    catalog(lang) != NULL);
}

int salle__tr_rtl(const char *lang)
{
    static const char *const v[] = {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ps", "sd", "syr",
                                    "ug", "ur", "yi"};
    if (!lang)
        return 0;
    size_t n = strcspn(lang, "-_");
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (strlen(v[i]) == n && strncasecmp(lang, v[i], n) == 0)
            return 1;
    return 0;
}

const char *salle__tr_name(const char *lang)
{
    /* Each language named in itself, as a language menu must (a French reader looks for
     * "Français", not "French"); a language without an entry is named by its tag. */
    static const char *const names[][2] = {{"en", "English"}, {"fr", "Fran\xc3\xa7" "ais"},
                                          {"es", "Espa\xc3\xb1ol"},
                                          {"ar", "\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb1\xd8\xa8\xd9\x8a\xd8\xa9"}};
    if (!salle__tr_has(lang))
        return NULL;
    size_t n = strcspn(lang, "-_");
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strlen(names[i][0]) == n && strncasecmp(lang, names[i][0], n) == 0)
            return names[i][1];
    return lang;
}

const char *salle__tr_lang(const char *tag)
{
    if (!tag)
        return NULL;
    size_t n = strcspn(tag, "-_");
    if (n == 2 && strncasecmp(tag, "en", 2) == 0)
        return "en";
    for (int c = 0; c < salle__ncatalogs; c++)
        if (strlen(salle__catalogs[c].lang) == n && strncasecmp(tag, salle__catalogs[c].lang, n) == 0)
            return salle__catalogs[c].lang;
    return NULL;
}

const char *salle_language(const char *tag)
{
    return salle__tr_lang(tag);
}

static char all_langs[16 * (MAX_CATALOGS + 1)];
static pthread_once_t all_once = PTHREAD_ONCE_INIT;

static void list_langs(void)
{
    size_t n = (size_t)snprintf(all_langs, sizeof all_langs, "en");
    for (int c = 0; c < salle__ncatalogs && c < MAX_CATALOGS && n < sizeof all_langs; c++)
        n += (size_t)snprintf(all_langs + n, sizeof all_langs - n, ", %.8s", salle__catalogs[c].lang);
}

const char *salle_languages(void)
{
    pthread_once(&all_once, list_langs);
    return all_langs;
}

/* One qvalue of RFC 9110 12.4.2, "0" to "1.000", in thousandths; -1 when it is not one. */
static int qvalue(const char *s, size_t n)
{
    if (n == 0 || (s[0] != '0' && s[0] != '1') || (n > 1 && s[1] != '.') || n > 5)
        return -1;
    int q = (s[0] - '0') * 1000, scale = 100;
    for (size_t i = 2; i < n; i++, scale /= 10) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        q += (s[i] - '0') * scale;
    }
    return q > 1000 ? -1 : q;
}

const char *salle__tr_negotiate(const char *accept)
{
    /* Accept-Language (RFC 9110 12.5.4): ranges with optional weights. The highest weight among
     * the ranges salle has an interface for wins, the first written among equals; "*" stands for
     * English, the language every string is written in; q=0 rules a language out. */
    const char *best = NULL;
    int best_q = 0;
    for (const char *p = accept; p && *p;) {
        size_t len = strcspn(p, ",");
        const char *end = p + len, *semi = memchr(p, ';', len);
        const char *r = p, *re = semi ? semi : end;
        while (r < re && (*r == ' ' || *r == '\t'))
            r++;
        while (re > r && (re[-1] == ' ' || re[-1] == '\t'))
            re--;
        int q = 1000;
        if (semi) {
            const char *w = semi + 1;
            while (w < end && (*w == ' ' || *w == '\t'))
                w++;
            const char *we = end;
            while (we > w && (we[-1] == ' ' || we[-1] == '\t'))
                we--;
            q = (we - w >= 2 && (w[0] == 'q' || w[0] == 'Q') && w[1] == '=')
                    ? qvalue(w + 2, (size_t)(we - w - 2)) : -1;
        }
        char tag[16];
        size_t tn = (size_t)(re - r);
        if (q > best_q && tn > 0 && tn < sizeof tag) {
            memcpy(tag, r, tn);
            tag[tn] = 0;
            const char *l = strcmp(tag, "*") == 0 ? "en" : salle__tr_lang(tag);
            if (l) {
                best = l;
                best_q = q;
            }
        }
        p = *end ? end + 1 : end;
    }
    return best ? best : "en";
}
