/*
 * util.c: memory, diagnostics, files, small vectors and the time parsing every module needs.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "base/internal.h"
#include "base/tr.h"

#include <pthread.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <ftw.h>

static void oom(size_t n)
{
    fprintf(stderr, "salle: out of memory (asked for %zu bytes)\n", n);
    abort();
}

void *salle__xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom(n);
    return p;
}

void *salle__xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom(n * size);
    return p;
}

void *salle__xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom(n);
    return q;
}

char *salle__xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = salle__xmalloc(n);
    memcpy(p, s, n);
    return p;
}

char *salle__xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    int n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        oom(0);
    return s;
}

int salle__diag(salle_diag *d, const char *file, int line, int col, const char *fmt, ...)
{
    if (!d)
        return -1;
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    d->line = line;
    d->col = col;
    d->detail[0] = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, salle__diag_tr(d, fmt), ap);
    va_end(ap);
    return -1;
}

int salle__diag_str(salle_diag *d, const char *file, int line, int col, const char *msg)
{
    if (!d)
        return -1;
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    d->line = line;
    d->col = col;
    d->detail[0] = 0;
    snprintf(d->msg, sizeof d->msg, "%s", msg);
    return -1;
}

int salle__diag_lib(salle_diag *d, const char *file, int line, int col, const char *fmt,
                    const char *library)
{
    if (!d)
        return -1;
    salle__diag(d, file, line, col, "%s", ""); /* file, line, column; the words below */
    snprintf(d->msg, sizeof d->msg, salle__diag_tr(d, fmt), library);
    snprintf(d->detail, sizeof d->detail, "%s", library);
    return -1;
}

const char *salle__diag_lang(const salle_diag *d)
{
    /* bounded: a diag that was not zeroed must not send the lookup past its bytes */
    return d && d->lang[0] && memchr(d->lang, 0, sizeof d->lang) ? d->lang : NULL;
}

const char *salle__diag_tr(const salle_diag *d, const char *msgid)
{
    const char *l = salle__diag_lang(d);
    return l ? salle__tr(l, msgid) : msgid;
}

void salle_diag_print(const salle_diag *d, FILE *out)
{
    if (d->line > 0)
        fprintf(out, "%s:%d:%d: error: %s\n", d->file, d->line, d->col, d->msg);
    else if (d->file[0])
        fprintf(out, "%s: error: %s\n", d->file, d->msg);
    else
        fprintf(out, "error: %s\n", d->msg);
    if (d->line <= 0 || !d->file[0])
        return;
    /* Show the line and a caret, jq-style, when the file can be read again. */
    FILE *f = fopen(d->file, "r");
    if (!f)
        return;
    char buf[4096];
    int ln = 0;
    while (fgets(buf, sizeof buf, f)) {
        size_t len = strlen(buf);
        int whole = len > 0 && buf[len - 1] == '\n';
        if (++ln == d->line) {
            if (whole)
                buf[--len] = 0;
            if (len && buf[len - 1] == '\r') /* a CRLF file, as spreadsheets save */
                buf[--len] = 0;
            if (len > 200 || d->col > 200)
                break; /* a minified file: the caret would help nobody */
            fprintf(out, "  %s\n  ", buf);
            for (int i = 1; i < d->col && (size_t)(i - 1) < len; i++)
                fputc(buf[i - 1] == '\t' ? '\t' : ' ', out);
            fputs("^\n", out);
            break;
        }
        while (!whole && fgets(buf, sizeof buf, f)) { /* skip the rest of a long line */
            len = strlen(buf);
            whole = len > 0 && buf[len - 1] == '\n';
        }
    }
    fclose(f);
}

char *salle__read_file(const char *path, size_t *len, salle_diag *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        salle__diag(err, path, 0, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = salle__xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap)
            buf = salle__xrealloc(buf, cap *= 2);
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        salle__diag(err, path, 0, 0, "cannot read: %s", strerror(errno));
        return NULL;
    }
    buf[n] = 0;
    *len = n;
    return buf;
}

/* ---------------------------------------------------------------- atomic files
 *
 * Every output is written to "<path>.tmp-XXXXXX" beside it, fsynced, renamed over the old file,
 * and the folder is fsynced so that the rename itself survives a power cut. A run killed before
 * the rename leaves its temporary file behind; the next write of the same path removes it
 * (salle__remove_stale_tmp), and only files that match salle's own pattern and belong to us. */

mode_t salle__umask(void)
{
    /* umask() both reads and sets; /proc tells it without a window in which another thread's
     * files would be created with the wrong mode. */
    FILE *f = fopen("/proc/self/status", "r");
    if (f) {
        char line[256];
        unsigned m;
        while (fgets(line, sizeof line, f))
            if (sscanf(line, "Umask: %o", &m) == 1) {
                fclose(f);
                return (mode_t)(m & 0777);
            }
        fclose(f);
    }
    mode_t m = umask(022);
    umask(m);
    return m;
}

/* The folder part of path ("." when there is none); caller frees. */
static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return salle__xstrdup(".");
    if (slash == path)
        return salle__xstrdup("/");
    char *d = salle__xmalloc((size_t)(slash - path) + 1);
    memcpy(d, path, (size_t)(slash - path));
    d[slash - path] = 0;
    return d;
}

int salle__fsync_dir_of(const char *path)
{
    char *dir = dir_of(path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    free(dir);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

static int rm_entry(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    remove(p);
    return 0;
}

void salle__rm_tree(const char *path)
{
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* 1 if name is base followed by ".tmp-" or ".old-" and the six letters or digits mkstemp and
 * mkdtemp add. */
static int is_tmp_name(const char *name, const char *base)
{
    size_t n = strlen(base);
    if (strncmp(name, base, n) != 0)
        return 0;
    name += n;
    if (strncmp(name, ".tmp-", 5) != 0 && strncmp(name, ".old-", 5) != 0)
        return 0;
    name += 5;
    for (int i = 0; i < 6; i++)
        if (!isalnum((unsigned char)name[i]))
            return 0;
    return name[6] == 0;
}

int salle__remove_stale_tmp(const char *path, const char *marker)
{
    char *dir = dir_of(path);
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    int removed = 0;
    DIR *d = base[0] ? opendir(dir) : NULL;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        if (!is_tmp_name(e->d_name, base))
            continue;
        char *full = salle__xasprintf("%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(full, &st) == 0 && st.st_uid == geteuid()) {
            if (S_ISREG(st.st_mode)) {
                removed += unlink(full) == 0;
            } else if (S_ISDIR(st.st_mode) && marker) {
                /* a folder is salle's when it holds salle's marker file, or nothing at all */
                char *m = salle__xasprintf("%s/%s", full, marker);
                int ours = access(m, F_OK) == 0 || rmdir(full) == 0;
                free(m);
                if (ours) {
                    salle__rm_tree(full);
                    removed++;
                }
            }
        }
        free(full);
    }
    if (d)
        closedir(d);
    free(dir);
    return removed;
}

/* The mode a new output gets: that of the file it replaces, else what the umask allows. */
static mode_t output_mode(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
        return st.st_mode & 07777;
    return 0666 & ~salle__umask();
}

/* Writes data to a new temporary file beside path; returns its name (caller frees) or NULL. */
static char *write_tmp(const char *path, const char *data, size_t len, salle_diag *err)
{
    salle__remove_stale_tmp(path, NULL);
    char *tmp = salle__xasprintf("%s.tmp-XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        salle__diag(err, path, 0, 0, "cannot write: %s", strerror(errno));
        free(tmp);
        return NULL;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        off += (size_t)w;
    }
    if (fchmod(fd, output_mode(path)) != 0 || fsync(fd) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    return tmp;
fail:
    salle__diag(err, path, 0, 0, "cannot write: %s", strerror(errno));
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return NULL;
}

int salle_write_file_atomic(const char *path, const char *data, size_t len, salle_diag *err)
{
    return salle_write_files_atomic(1, &path, &data, &len, err);
}

int salle_write_files_atomic(int n, const char *const *paths, const char *const *data,
                             const size_t *len, salle_diag *err)
{
    char **tmp = salle__xcalloc((size_t)n + 1, sizeof *tmp);
    char **backup = salle__xcalloc((size_t)n + 1, sizeof *backup);
    int rc = 0, done = 0;
    for (int i = 0; i < n && rc == 0; i++)
        if (!(tmp[i] = write_tmp(paths[i], data[i], len[i], err)))
            rc = -1;
    /* Keep the files about to be replaced under a second name (a hard link, so nothing is
     * copied), so that a failed later rename can put the earlier ones back. One file needs none:
     * its rename is the only step. */
    for (int i = 0; n > 1 && i < n && rc == 0; i++) {
        char *b = salle__xasprintf("%s.tmp-XXXXXX", paths[i]);
        int fd = mkstemp(b);
        if (fd >= 0)
            close(fd);
        if (fd < 0 || unlink(b) != 0 || (link(paths[i], b) != 0 && errno != ENOENT)) {
            salle__diag(err, paths[i], 0, 0, "cannot write: %s", strerror(errno));
            free(b);
            rc = -1;
        } else if (access(b, F_OK) == 0) {
            backup[i] = b;
        } else {
            free(b); /* nothing to keep: the file does not exist yet */
        }
    }
    for (; done < n && rc == 0; done++)
        if (rename(tmp[done], paths[done]) != 0) {
            salle__diag(err, paths[done], 0, 0, "cannot write: %s", strerror(errno));
            rc = -1;
            break;
        }
    if (rc != 0)
        for (int i = 0; i < done; i++) { /* undo: the earlier files as they were */
            if (backup[i])
                rename(backup[i], paths[i]);
            else
                unlink(paths[i]);
        }
    for (int i = 0; i < n; i++) {
        if (tmp[i] && (rc != 0 ? i >= done : 0))
            unlink(tmp[i]);
        if (backup[i] && (rc == 0 || i >= done))
            unlink(backup[i]);
        int same_dir = 0; /* one fsync per folder: files written together usually share one */
        for (int k = 0; k < i && !same_dir; k++) {
            char *a = dir_of(paths[i]), *b = dir_of(paths[k]);
            same_dir = strcmp(a, b) == 0;
            free(a);
            free(b);
        }
        if (rc == 0 && !same_dir)
            salle__fsync_dir_of(paths[i]);
        free(tmp[i]);
        free(backup[i]);
    }
    free(tmp);
    free(backup);
    return rc;
}

void salle__buf_printf(salle__buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    if (b->n + (size_t)k + 1 > b->cap) {
        b->cap = (b->n + (size_t)k + 1) * 2;
        b->s = salle__xrealloc(b->s, b->cap);
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)k;
}

void salle__ivec_push(salle__ivec *a, int x)
{
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 8;
        a->v = salle__xrealloc(a->v, (size_t)a->cap * sizeof *a->v);
    }
    a->v[a->n++] = x;
}

void salle__ivec_free(salle__ivec *a)
{
    free(a->v);
    a->v = NULL;
    a->n = a->cap = 0;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

int salle__sort_unique(int *v, int n)
{
    if (n <= 1)
        return n;
    qsort(v, (size_t)n, sizeof *v, cmp_int);
    int k = 1;
    for (int i = 1; i < n; i++)
        if (v[i] != v[k - 1])
            v[k++] = v[i];
    return k;
}

int salle__ids_has(const salle_ids *ids, int x)
{
    int lo = 0, hi = ids->n - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (ids->v[mid] == x)
            return 1;
        if (ids->v[mid] < x)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return 0;
}

int salle__windows_contain(const salle_windows *ws, int s, int e)
{
    return salle__windows_in(ws, s, e);
}

int salle__parse_clock(const char *s)
{
    if (!isdigit((unsigned char)s[0]) || !isdigit((unsigned char)s[1]) || s[2] != ':' ||
        !isdigit((unsigned char)s[3]) || !isdigit((unsigned char)s[4]) || s[5])
        return -1;
    int h = (s[0] - '0') * 10 + (s[1] - '0');
    int m = (s[3] - '0') * 10 + (s[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0))
        return -1;
    return h * 60 + m;
}

/* Reads a run of 1-4 digits; returns the value or -1. */
static int digits(const char **p)
{
    int v = 0, n = 0;
    while (isdigit((unsigned char)**p) && n < 5) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    return n == 0 || n > 4 ? -1 : v;
}

int salle__parse_duration(const char *s)
{
    const char *p = s;
    int a = digits(&p);
    if (a < 0)
        return -1;
    if (!*p)
        return a; /* "90" */
    if (*p == 'm' && !p[1])
        return a; /* "45m" */
    if (*p == ':') { /* "1:30" */
        p++;
        const char *q = p;
        int b = digits(&p);
        if (b < 0 || b > 59 || p - q != 2 || *p)
            return -1;
        return a * 60 + b;
    }
    if (*p == 'h') { /* "1h", "1h30", "1h30m" */
        p++;
        if (!*p)
            return a * 60;
        int b = digits(&p);
        if (b < 0 || b > 59)
            return -1;
        if (*p == 'm')
            p++;
        if (*p)
            return -1;
        return a * 60 + b;
    }
    return -1;
}

/* Days from civil, after Howard Hinnant's public-domain algorithm. */
static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void salle__civil_from_days(int z, int *y, int *m, int *d)
{
    /* Howard Hinnant's public-domain algorithm, the inverse of days_from_civil above */
    z += 719468;
    int era = (z >= 0 ? z : z - 146096) / 146097;
    int doe = z - era * 146097;
    int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

char *salle__json_text(const json_t *v, size_t flags)
{
    char *text = json_dumps(v, flags);
    if (!text) {
        fprintf(stderr, "salle: out of memory writing JSON\n");
        abort();
    }
    size_t n = strlen(text);
    text = salle__xrealloc(text, n + 2);
    text[n] = '\n';
    text[n + 1] = 0;
    return text;
}

int salle__parse_date(const char *s)
{
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return INT_MIN;
        } else if (!isdigit((unsigned char)s[i])) {
            return INT_MIN;
        }
    }
    if (s[10])
        return INT_MIN;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return INT_MIN;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (m == 2 && d == 29 && !leap)
        return INT_MIN;
    return days_from_civil(y, m, d);
}

int salle__weekday(int days)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int w = (days + 3) % 7;
    return w < 0 ? w + 7 : w;
}

/* Offsets already looked up, per zone and local date. Reading a zone means stat, setenv and
 * tzset, which reopen the zone file; exports ask for the same zone and day again and again (the
 * site, one calendar per room and person, asks thousands of times). An entry holds the offset
 * before and after the day's transition, if it has one, and the UTC minute of that transition,
 * so that every instant of the day gets its own offset (daylight-saving change days). One lock
 * guards the cache and TZ, which is process-wide, so that a server may load and export on several
 * threads at once. */
#define TZ_CACHE 64
typedef struct tz_day {
    char tz[64];
    int days, ok;
    int before, after;  /* UTC offsets, minutes; equal when the day has no transition */
    long long trans;    /* first UTC minute (since 1970) with offset `after` */
} tz_day;
static tz_day tz_cache[TZ_CACHE];
static int tz_cache_n, tz_cache_next;
static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

/* 1 if path is a compiled zone (the tz database also holds zone.tab, iso3166.tab, leapseconds,
 * which glibc would quietly read as UTC). */
static int is_tzif(const char *path)
{
    char magic[4];
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(magic, 1, 4, f);
    fclose(f);
    return n == 4 && memcmp(magic, "TZif", 4) == 0;
}

static int offset_at(long long utc_minute)
{
    time_t t = (time_t)(utc_minute * 60);
    struct tm tm;
    localtime_r(&t, &tm);
    return (int)(tm.tm_gmtoff / 60);
}

static void tz_day_uncached(const char *tz, int days, tz_day *e)
{
    memset(e, 0, sizeof *e);
    /* glibc quietly treats an unknown zone as UTC, so ask the tz database first. Names never
     * contain "..", which keeps the path inside the zoneinfo folder. */
    if (!tz[0] || tz[0] == '/' || strstr(tz, ".."))
        return;
    char path[600];
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !is_tzif(path))
        return;
    char *old = getenv("TZ");
    char *saved = old ? salle__xstrdup(old) : NULL;
    setenv("TZ", tz, 1);
    tzset();
    /* The local date spans at most UTC [midnight - 14 h, midnight + 24 h + 12 h): offsets lie
     * within -12 h .. +14 h. A transition inside is found by bisection (zones change at most once
     * a day). */
    long long lo = (long long)days * 1440 - 14 * 60, hi = (long long)days * 1440 + 36 * 60;
    e->before = offset_at(lo);
    e->after = offset_at(hi);
    e->trans = hi;
    if (e->before != e->after) {
        while (hi - lo > 1) {
            long long mid = lo + (hi - lo) / 2;
            if (offset_at(mid) == e->before)
                lo = mid;
            else
                hi = mid;
        }
        e->trans = hi;
    }
    if (saved) {
        setenv("TZ", saved, 1);
        free(saved);
    } else {
        unsetenv("TZ");
    }
    tzset();
    e->ok = 1;
}

/* The cache entry of (tz, days), copied to *out. */
static void tz_day_get(const char *tz, int days, tz_day *out)
{
    size_t len = strlen(tz);
    pthread_mutex_lock(&tz_lock);
    for (int i = 0; i < tz_cache_n; i++)
        if (tz_cache[i].days == days && strcmp(tz_cache[i].tz, tz) == 0) {
            *out = tz_cache[i];
            pthread_mutex_unlock(&tz_lock);
            return;
        }
    tz_day_uncached(tz, days, out);
    out->days = days;
    if (len < sizeof tz_cache[0].tz) {
        int i = tz_cache_next;
        tz_cache_next = (tz_cache_next + 1) % TZ_CACHE;
        if (tz_cache_n < TZ_CACHE)
            tz_cache_n++;
        tz_cache[i] = *out;
        memcpy(tz_cache[i].tz, tz, len + 1);
    }
    pthread_mutex_unlock(&tz_lock);
}

int salle__tz_offset(const char *tz, int days, int *ok)
{
    tz_day e;
    tz_day_get(tz, days, &e);
    *ok = e.ok;
    /* noon UTC is the same date almost everywhere */
    return (long long)days * 1440 + 12 * 60 < e.trans ? e.before : e.after;
}

int salle__tz_offset_utc(const char *tz, long long utc_minute, int *ok)
{
    long long day = utc_minute >= 0 ? utc_minute / 1440 : -((-utc_minute + 1439) / 1440);
    tz_day e;
    tz_day_get(tz, (int)day, &e);
    *ok = e.ok;
    return utc_minute < e.trans ? e.before : e.after;
}

int salle__tz_offset_local(const char *tz, int days, int minute, int *ok, int *kind)
{
    if (minute >= 1440 || minute < 0) { /* 25:30 is 01:30 of the next date */
        int shift = minute >= 0 ? minute / 1440 : -((-minute + 1439) / 1440);
        days += shift;
        minute -= shift * 1440;
    }
    tz_day e;
    tz_day_get(tz, days, &e);
    *ok = e.ok;
    long long local = (long long)days * 1440 + minute;
    /* the wall time read with each offset: is the instant it names on that side of the change? */
    int early = local - e.before < e.trans, late = local - e.after >= e.trans;
    if (kind)
        *kind = early && late ? SALLE_TIME_AMBIGUOUS : !early && !late ? SALLE_TIME_MISSING
                                                                        : SALLE_TIME_NORMAL;
    if (e.before == e.after || early)
        return e.before; /* an ambiguous time is its first occurrence; a missing one is read
                            with the offset before the change, as clocks that were not moved */
    return late ? e.after : e.before;
}

int salle__is_uuid(const char *s)
{
    for (int i = 0; i < 36; i++) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s[i] != '-')
                return 0;
        } else if (!isxdigit((unsigned char)s[i])) {
            return 0;
        }
    }
    return s[36] == 0;
}

static unsigned long long fnv64(const char *s, unsigned long long h)
{
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

char *salle__uuid_for(const char *event, const char *id)
{
    /* Two independent 64-bit hashes of "event\x1fid" fill the 128 bits; version and variant bits
     * are set as for a name-based UUID. Not cryptographic; only stable and well spread. */
    unsigned long long a = fnv64(id, fnv64("\x1f", fnv64(event, 1469598103934665603ULL)));
    unsigned long long b = fnv64(event, fnv64("\x1f", fnv64(id, 0x9E3779B97F4A7C15ULL)));
    unsigned char u[16];
    for (int i = 0; i < 8; i++) {
        u[i] = (unsigned char)(a >> (56 - 8 * i));
        u[8 + i] = (unsigned char)(b >> (56 - 8 * i));
    }
    u[6] = (unsigned char)((u[6] & 0x0f) | 0x50);
    u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
    /* 8-4-4-4-12 lower-case hex digits; by hand, as printf's 16 conversions were most of the
     * cost of every guid an export writes */
    static const char hex[] = "0123456789abcdef";
    char *out = salle__xmalloc(37), *o = out;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *o++ = '-';
        *o++ = hex[u[i] >> 4];
        *o++ = hex[u[i] & 15];
    }
    *o = 0;
    return out;
}

/* Appends s[0..len) at out[k] as far as n allows (snprintf's truncation); returns k + len. */
static size_t fmt_put(char *out, size_t n, size_t k, const char *s, size_t len)
{
    if (k + 1 < n)
        memcpy(out + k, s, len < n - 1 - k ? len : n - 1 - k);
    return k + len;
}

/* fmt with its one directive (%s: s; %zu: num) replaced, into out[0..n) as snprintf writes it;
 * 0 when fmt holds another directive or a second one. */
static int fmt_one(char *out, size_t n, const char *fmt, const char *s, const char *num)
{
    size_t k = 0;
    int used = 0;
    for (const char *f = fmt;;) {
        const char *pct = strchr(f, '%');
        k = fmt_put(out, n, k, f, pct ? (size_t)(pct - f) : strlen(f));
        if (!pct)
            break;
        const char *arg;
        if (pct[1] == '%') {
            arg = "%";
            f = pct + 2;
        } else if (s && pct[1] == 's' && !used) {
            arg = s;
            f = pct + 2;
            used = 1;
        } else if (num && pct[1] == 'z' && pct[2] == 'u' && !used) {
            arg = num;
            f = pct + 3;
            used = 1;
        } else {
            return 0;
        }
        k = fmt_put(out, n, k, arg, strlen(arg));
    }
    if (n)
        out[k < n ? k : n - 1] = 0;
    return 1;
}

char *salle__fmt_str(char *out, size_t n, const char *fmt, const char *s)
{
    if (!s || !fmt_one(out, n, fmt, s, NULL))
        snprintf(out, n, fmt, s);
    return out;
}

char *salle__fmt_num(char *out, size_t n, const char *fmt, size_t v)
{
    char num[24];
    size_t k = sizeof num, x = v;
    num[--k] = 0;
    do
        num[--k] = (char)('0' + x % 10);
    while ((x /= 10) && k);
    if (!fmt_one(out, n, fmt, NULL, num + k))
        snprintf(out, n, fmt, v);
    return out;
}

int salle__utf8_valid(const char *str, size_t n, size_t *bad)
{
    const unsigned char *p = (const unsigned char *)str;
    for (size_t i = 0; i < n;) {
        /* ASCII, most of every text, eight bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, p + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i == n)
            break;
        unsigned char c = p[i];
        size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        int ok = len && i + len <= n;
        for (size_t m = 1; ok && m < len; m++)
            ok = (p[i + m] & 0xC0) == 0x80;
        if (ok && len > 1) {
            unsigned cp = len == 2 ? (c & 0x1Fu) : len == 3 ? (c & 0x0Fu) : (c & 0x07u);
            for (size_t m = 1; m < len; m++)
                cp = (cp << 6) | (p[i + m] & 0x3Fu);
            if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
                (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
                ok = 0;
        }
        if (!ok) {
            if (bad)
                *bad = i;
            return 0;
        }
        i += len;
    }
    return 1;
}

int salle__ids_common(const salle_ids *a, const salle_ids *b)
{
    for (int i = 0, j = 0; i < a->n && j < b->n;) {
        if (a->v[i] == b->v[j])
            return a->v[i];
        if (a->v[i] < b->v[j])
            i++;
        else
            j++;
    }
    return -1;
}
