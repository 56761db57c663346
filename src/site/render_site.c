/*
 * render_site.c: salle_export_site(), the accessible static web programme. It decides which pages
 * exist and writes them: the overview, a responsive page and a list page per day, a page per room,
 * track, person and session (and per session cancelled since the previous version, so that its
 * address keeps answering), the changelog and its Atom feed, the iCalendar files (the whole
 * programme, per room, per person, per session) and the style sheet. It also decides which
 * version the pages say they show. How each page looks is in render_html.c.
 *
 * The folder is built beside the target (DIR.tmp-XXXXXX) and swapped in with one rename, so a web
 * server never serves half a programme, and a failed export leaves the old site as it was. Because
 * replacing a folder deletes the old one, salle only replaces a folder that is empty or that it
 * made itself (it leaves a .salle-site marker): `-o ~` must never cost anybody their home folder.
 */
#include "site/render_html.h"
#include "formats/export.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MARKER ".salle-site"
static const char marker_text[] = "This folder was written by salle export site and is replaced whole "
                                  "by the next export.\n";

/* ---------------------------------------------------------------- file names */

static unsigned long long fnv64(const char *s)
{
    unsigned long long h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

/* A readable file name for name: lower-case letters, digits and dashes, at most 60 bytes. */
static char *pretty_slug(const char *name)
{
    char *out = salle__xmalloc(64);
    size_t n = 0;
    int dash = 0;
    for (const unsigned char *p = (const unsigned char *)name; *p && n < 60; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
            if (dash && n)
                out[n++] = '-';
            dash = 0;
            out[n++] = (char)c;
        } else if (c >= 'A' && c <= 'Z') {
            if (dash && n)
                out[n++] = '-';
            dash = 0;
            out[n++] = (char)(c - 'A' + 'a');
        } else {
            dash = 1;
        }
    }
    if (n == 0)
        out[n++] = 'x'; /* a name in another script: the hash below makes it unique */
    out[n] = 0;
    return out;
}

static int cmp_slug(const void *a, const void *b, void *ctx)
{
    char **v = ctx;
    int c = strcmp(v[*(const int *)a], v[*(const int *)b]);
    return c ? c : *(const int *)a - *(const int *)b;
}

/* Slugs for n names; where two names give the same slug (or the slug is only a placeholder), each
 * gets a hash of its full name, so that file names stay the same from one version to the next. */
static char **make_slugs(char *const *names, size_t stride, int n)
{
    char **v = salle__xcalloc((size_t)(n ? n : 1), sizeof *v);
    const char *const *name0 = (const char *const *)names;
#define NAME(i) (*(const char *const *)((const char *)name0 + (size_t)(i) * stride))
    for (int i = 0; i < n; i++)
        v[i] = pretty_slug(NAME(i));
    int *idx = salle__xmalloc((size_t)(n ? n : 1) * sizeof *idx);
    for (int i = 0; i < n; i++)
        idx[i] = i;
    qsort_r(idx, (size_t)n, sizeof *idx, cmp_slug, v);
    char *dup = salle__xcalloc((size_t)(n ? n : 1), 1);
    for (int i = 0; i + 1 < n; i++)
        if (strcmp(v[idx[i]], v[idx[i + 1]]) == 0)
            dup[idx[i]] = dup[idx[i + 1]] = 1;
    for (int i = 0; i < n; i++) {
        if (dup[i] || strcmp(v[i], "x") == 0) {
            char *s = salle__xasprintf("%s-%08llx", v[i], fnv64(NAME(i)) & 0xffffffffULL);
            free(v[i]);
            v[i] = s;
        }
    }
#undef NAME
    free(dup);
    free(idx);
    return v;
}

static void free_slugs(char **v, int n)
{
    if (!v)
        return;
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* ---------------------------------------------------------------- the index of the programme */

/* The event day a start time belongs to: the last day that starts at or before it, so that a
 * session running past midnight stays on its evening's page. -1 before the first day. */
static int day_of(const salle_instance *inst, int t)
{
    int cd = salle_time_day(inst, t); /* the conference day, after frab's day change (issue 8) */
    if (cd >= 0)
        return cd;
    for (int d = inst->event.ndays - 1; d >= 0; d--)
        if (t >= inst->event.day_offset[d])
            return d;
    return -1;
}

static int cmp_assign(const void *pa, const void *pb, void *ctx)
{
    const salle__site *site = ctx;
    const salle_assignment *a = &site->s->assign[*(const int *)pa];
    const salle_assignment *b = &site->s->assign[*(const int *)pb];
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->room != b->room)
        return a->room < b->room ? -1 : 1;
    int c = strcmp(site->inst->sessions[a->session].title, site->inst->sessions[b->session].title);
    return c ? c : *(const int *)pa - *(const int *)pb;
}

static int feature(const salle_instance *inst, const char *name)
{
    for (int f = 0; f < inst->nfeatures; f++)
        if (strcmp(inst->feature_names[f], name) == 0)
            return f;
    return -1;
}

static void site_init(salle__site *site, const salle_instance *inst, const salle_schedule *s)
{
    memset(site, 0, sizeof *site);
    site->inst = inst;
    site->s = s;
    site->sess_assign = salle__xmalloc((size_t)(inst->nsessions ? inst->nsessions : 1) * sizeof(int));
    for (int i = 0; i < inst->nsessions; i++)
        site->sess_assign[i] = -1;
    site->order = salle__xmalloc((size_t)(s->nassign ? s->nassign : 1) * sizeof(int));
    site->assign_day = salle__xmalloc((size_t)(s->nassign ? s->nassign : 1) * sizeof(int));
    for (int a = 0; a < s->nassign; a++) {
        const salle_assignment *as = &s->assign[a];
        site->assign_day[a] = -1;
        /* A schedule built through the API may hold anything; only loaded ones are checked. */
        if (as->session < 0 || as->session >= inst->nsessions || as->room < 0 ||
            as->room >= inst->nrooms)
            continue;
        site->assign_day[a] = day_of(inst, as->start);
        site->order[site->norder++] = a;
        if (site->sess_assign[as->session] < 0)
            site->sess_assign[as->session] = a;
    }
    qsort_r(site->order, (size_t)site->norder, sizeof(int), cmp_assign, site);
    /* &array[0].id of an empty (NULL) array is undefined behaviour: pass NULL for none */
    site->sess_slug = make_slugs(inst->nsessions ? &inst->sessions[0].id : NULL,
                                 sizeof(salle_session), inst->nsessions);
    site->room_slug = make_slugs(inst->nrooms ? &inst->rooms[0].id : NULL, sizeof(salle_room),
                                 inst->nrooms);
    site->person_slug = make_slugs(inst->npeople ? &inst->people[0].id : NULL,
                                   sizeof(salle_person), inst->npeople);
    site->track_slug = make_slugs(inst->track_names, sizeof(char *), inst->ntracks);
    site->day_offset = salle__xcalloc((size_t)(inst->event.ndays ? inst->event.ndays : 1), sizeof(int));
    for (int d = 0; d < inst->event.ndays; d++) {
        int ok;
        site->day_offset[d] = salle__tz_offset(inst->event.timezone,
                                               salle__parse_date(inst->event.days[d]), &ok);
    }
    site->feat_captioning = feature(inst, "captioning");
    site->feat_interpretation = feature(inst, "interpretation");
    site->feat_step_free = feature(inst, "step-free");
    site->feat_hybrid = feature(inst, "hybrid");
    if (inst->talks && s->talk_plan && inst->talks->ntalks) { /* issue 12.6: render_talks.c */
        site->tx = salle__xmalloc(sizeof *site->tx);
        salle__export_init(site->tx, inst, s);
        site->talk_slug = make_slugs(&inst->talks->talks[0].id, sizeof(salle_talk),
                                     inst->talks->ntalks);
        int nc = inst->talks->nblocks * inst->nrooms;
        char **names = salle__xcalloc((size_t)nc + 1, sizeof *names);
        for (int c = 0; c < nc; c++)
            names[c] = salle__xasprintf("%s %s", inst->talks->blocks[c / inst->nrooms].id,
                                        inst->rooms[c % inst->nrooms].id);
        site->cell_slug = make_slugs(names, sizeof *names, nc);
        free_slugs(names, nc);
    }
}

/* Which version the pages show: the label given, else a fingerprint of the placement (the same
 * schedule always gives the same one, any change gives another); and when it was published. */
static void site_version(salle__site *site, const salle_site_options *opt)
{
    const salle_instance *inst = site->inst;
    if (opt && opt->version && opt->version[0]) {
        snprintf(site->version, sizeof site->version, "%s", opt->version);
    } else {
        unsigned long long h = 1469598103934665603ULL;
        for (int i = 0; i < site->norder; i++) {
            const salle_assignment *as = &site->s->assign[site->order[i]];
            char line[64];
            snprintf(line, sizeof line, "|%d@%d", as->room, as->start);
            h = (h ^ fnv64(inst->sessions[as->session].id)) * 1099511628211ULL;
            h = (h ^ fnv64(line)) * 1099511628211ULL;
        }
        snprintf(site->version, sizeof site->version, "%08llx", h & 0xffffffffULL);
    }
    time_t t = time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH"); /* reproducible builds */
    if (opt && opt->published > 0) {
        t = (time_t)opt->published;
    } else if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (!*end && v >= 0)
            t = (time_t)v;
    }
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(site->published_iso, sizeof site->published_iso, "%Y-%m-%dT%H:%M:%SZ", &tm);
    static const char *const month[] = {N_("January"), N_("February"), N_("March"), N_("April"),
                                        N_("May"), N_("June"), N_("July"), N_("August"),
                                        N_("September"), N_("October"), N_("November"),
                                        N_("December")};
    snprintf(site->published, sizeof site->published, "%d %s %d, %02d:%02d UTC", tm.tm_mday,
             TR(month[tm.tm_mon % 12]), tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
}

/* The changes since the previous version, and the file name of each cancelled session's page:
 * its own slug when this version still has the session, else the slug the previous version
 * gave it (so the old address keeps working), unless a page of this version has that name. */
static void site_changes(salle__site *site, const salle_site_options *opt)
{
    const salle_instance *inst = site->inst;
    site->sess_change = salle__xmalloc((size_t)(inst->nsessions ? inst->nsessions : 1) * sizeof(int));
    for (int i = 0; i < inst->nsessions; i++)
        site->sess_change[i] = -1;
    if (!opt || !opt->previous)
        return;
    const salle_instance *oi = opt->previous_instance ? opt->previous_instance : inst;
    site->prev_inst = oi;
    site->nchanges = salle_diff_versions(oi, opt->previous, inst, site->s, &site->changes);
    site->cancel_slug = salle__xcalloc((size_t)site->nchanges + 1, sizeof *site->cancel_slug);
    char **old_slug = NULL;
    for (int k = 0; k < site->nchanges; k++) {
        const salle_change *c = &site->changes[k];
        if (c->session >= 0)
            site->sess_change[c->session] = k;
        if (c->kind != SALLE_CHANGE_CANCELLED)
            continue;
        if (c->session >= 0) {
            if (site->sess_assign[c->session] < 0) /* else its own page shows it */
                site->cancel_slug[k] = salle__xstrdup(site->sess_slug[c->session]);
            continue;
        }
        if (!old_slug)
            old_slug = make_slugs(&oi->sessions[0].id, sizeof(salle_session), oi->nsessions);
        const char *name = old_slug[c->old_session];
        int taken = 0;
        for (int i = 0; i < inst->nsessions && !taken; i++)
            taken = strcmp(site->sess_slug[i], name) == 0;
        site->cancel_slug[k] = taken ? salle__xasprintf("%s-cancelled", name) : salle__xstrdup(name);
    }
    if (old_slug)
        free_slugs(old_slug, oi->nsessions);
}

static void site_done(salle__site *site)
{
    const salle_instance *inst = site->inst;
    for (int k = 0; site->cancel_slug && k < site->nchanges; k++)
        free(site->cancel_slug[k]);
    free(site->cancel_slug);
    free(site->changes);
    free(site->sess_change);
    free(site->sess_assign);
    free(site->order);
    free(site->assign_day);
    free_slugs(site->sess_slug, inst->nsessions);
    free_slugs(site->room_slug, inst->nrooms);
    free_slugs(site->person_slug, inst->npeople);
    free_slugs(site->track_slug, inst->ntracks);
    free(site->day_offset);
    if (site->tx) {
        free_slugs(site->talk_slug, inst->talks->ntalks);
        free_slugs(site->cell_slug, inst->talks->nblocks * inst->nrooms);
        salle__export_done(site->tx);
        free(site->tx);
    }
}

/* Groups the sorted assignments by a key (a room, a track, a person): for each of nkeys keys, the
 * list of its assignments in programme order. keys_of puts the keys of one assignment. */
typedef struct groups {
    int nkeys;
    int *start; /* nkeys + 1 offsets into v */
    int *v;
} groups;

typedef int (*keys_fn)(const salle__site *site, int a, const int **keys);

static int room_keys(const salle__site *site, int a, const int **keys)
{
    *keys = &site->s->assign[a].room;
    return 1;
}

static int track_keys(const salle__site *site, int a, const int **keys)
{
    const salle_ids *t = &site->inst->sessions[site->s->assign[a].session].tracks;
    *keys = t->v;
    return t->n;
}

static int person_keys(const salle__site *site, int a, const int **keys)
{
    const salle_ids *p = &site->inst->sessions[site->s->assign[a].session].people;
    *keys = p->v;
    return p->n;
}

static void groups_build(groups *g, const salle__site *site, int nkeys, keys_fn fn)
{
    g->nkeys = nkeys;
    g->start = salle__xcalloc((size_t)nkeys + 2, sizeof(int));
    int total = 0;
    for (int i = 0; i < site->norder; i++) {
        const int *k;
        int n = fn(site, site->order[i], &k);
        for (int j = 0; j < n; j++)
            g->start[k[j] + 2]++;
        total += n;
    }
    for (int k = 0; k < nkeys; k++)
        g->start[k + 2] += g->start[k + 1];
    g->v = salle__xmalloc((size_t)(total ? total : 1) * sizeof(int));
    /* start[k + 1] is the fill position of key k; once filled it is key k's end = key k+1's start */
    for (int i = 0; i < site->norder; i++) {
        const int *k;
        int n = fn(site, site->order[i], &k);
        for (int j = 0; j < n; j++)
            g->v[g->start[k[j] + 1]++] = site->order[i];
    }
}

static void groups_free(groups *g)
{
    free(g->start);
    free(g->v);
}

#define GROUP(g, k) ((g)->v + (g)->start[k])
#define GROUP_N(g, k) ((g)->start[(k) + 1] - (g)->start[k])

/* ---------------------------------------------------------------- writing files */

typedef struct writer {
    const char *dir;   /* the temporary folder being filled */
    salle_diag *err;
    int failed;
} writer;

/* open, write, close: a site is thousands of small files (FOSDEM 2013: 2,026), and stdio would
 * add an fstat and a copy through its buffer to each */
static int put_file(writer *w, const char *rel, const char *data, size_t len)
{
    if (w->failed)
        return -1;
    char *path = salle__xasprintf("%s/%s", w->dir, rel);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    int ok = fd >= 0;
    while (ok && len > 0) {
        ssize_t k = write(fd, data, len);
        if (k < 0 && errno == EINTR)
            continue;
        if (k == 0)
            errno = EIO; /* nothing written and no reason given */
        ok = k > 0;
        if (ok) {
            data += k;
            len -= (size_t)k;
        }
    }
    if (fd >= 0 && close(fd) != 0)
        ok = 0;
    if (!ok) {
        salle__diag(w->err, path, 0, 0, "cannot write: %s", strerror(errno));
        w->failed = 1;
    }
    free(path);
    return ok ? 0 : -1;
}

static int put_page(writer *w, const char *rel, salle__html_buf *b)
{
    /* the language switcher's links point at this page in the other languages (render_html.h) */
    static const char mark[] = SALLE__HTML_PAGE_MARK;
    char *at = b->s ? strstr(b->s, mark) : NULL;
    if (at) {
        salle__html_buf out = {0};
        const char *from = b->s;
        for (; at; from = at + sizeof mark - 1, at = strstr(from, mark)) {
            salle__html_putn(&out, from, (size_t)(at - from));
            salle__html_put(&out, rel);
        }
        salle__html_put(&out, from);
        int rc = put_file(w, rel, out.s, out.n);
        salle__html_buf_free(&out);
        b->n = 0;
        return rc;
    }
    int rc = put_file(w, rel, b->s ? b->s : "", b->n);
    b->n = 0; /* reuse the buffer's memory for the next page */
    return rc;
}

/* ---------------------------------------------------------------- pages */

static void legend(salle__html_buf *b, const salle__site *site)
{
    salle__html_printf(b, "<p class=\"legend\">%s <span class=\"badge\">%s</span>%s, "
                          "<span class=\"badge\">%s</span>%s, "
                          "<span class=\"badge\">%s</span>%s, "
                          "<span class=\"badge\">%s</span>%s. %s</p>\n",
                       TR("Badges:"), TR("CC"), TR("captioned"), TR("INT"), TR("interpretation"),
                       TR("REM"), TR("remote participation"), TR("SF"), TR("step-free access"),
                       /* xgettext:no-c-format */
                       TR("Likely full: at least 90% of the room's places are expected to be "
                          "taken; Full: the room's places are all expected to be taken."));
}

static void index_page(writer *w, salle__html_buf *b, const salle__site *site, const int *dstart)
{
    const salle_instance *inst = site->inst;
    const salle_event *e = &inst->event;
    char d0[64], d1[64];
    salle__html_begin(b, site, "", TR("Programme"), SALLE__NAV_HOME, NULL);
    salle__html_put(b, "<h1>");
    salle__html_esc(b, e->name);
    salle__html_put(b, "</h1>\n<p class=\"lead\">");
    if (e->ndays == 1)
        salle__html_put(b, salle__html_day_long(site, 0, d0));
    else
        salle__html_printf(b, TR("%s to %s"), salle__html_day_long(site, 0, d0),
                           salle__html_day_long(site, e->ndays - 1, d1));
    int rooms_used = 0;
    for (int r = 0; r < inst->nrooms; r++) {
        for (int i = 0; i < site->norder; i++)
            if (site->s->assign[site->order[i]].room == r) {
                rooms_used++;
                break;
            }
    }
    char ns[64], nr[64];
    snprintf(ns, sizeof ns, TRN("%d session", "%d sessions", site->norder), site->norder);
    snprintf(nr, sizeof nr, TRN("%d room", "%d rooms", rooms_used), rooms_used);
    salle__html_put(b, ": ");
    salle__html_printf(b, TR("%s in %s"), ns, nr); /* "9 sessions in 3 rooms" */
    salle__html_talk_counts(b, site, -1);
    salle__html_printf(b, ".</p>\n<p>%s ", TR("All times"));
    salle__html_zone(b, site, -1);
    salle__html_put(b, ".</p>\n");
    if (salle__html_safe_url(e->url)) {
        salle__html_put(b, "<p><a href=\"");
        salle__html_esc(b, e->url);
        salle__html_printf(b, "\">%s</a></p>\n", TR("The event\xe2\x80\x99s own site"));
    }
    salle__html_printf(b, "<h2>%s</h2>\n<ul class=\"plain\">\n", TR("Days"));
    for (int d = 0; d < e->ndays; d++) {
        int n = dstart[d + 1] - dstart[d];
        salle__html_printf(b, "<li><a href=\"day-%s.html\">%s</a>: ", e->days[d],
                           salle__html_day_long(site, d, d0));
        salle__html_printf(b, TRN("%d session", "%d sessions", n), n);
        salle__html_talk_counts(b, site, d);
        salle__html_printf(b, " (<a href=\"day-%s-list.html\">%s<span class=\"vh\"> %s "
                              "%s</span></a>)</li>\n",
                           e->days[d], TR("as a list"), TR("for"), d0);
    }
    salle__html_printf(b, "</ul>\n<h2>%s</h2>\n<ul class=\"plain\">\n"
                          "<li><a href=\"rooms.html\">%s</a>%s</li>\n"
                          "<li><a href=\"tracks.html\">%s</a> %s</li>\n"
                          "<li><a href=\"people.html\">%s</a>%s</li>\n",
                       TR("Browse"), TR("Rooms"), TR(", with their facilities"), TR("Tracks"),
                       TR("(themes)"), TR("People"), TR(": organizers and speakers"));
    if (site->has_changes)
        salle__html_printf(b, "<li><a href=\"changes.html\">%s</a> %s <a href=\"changes.atom\">"
                              "%s</a>)</li>\n", TR("Changes"),
                           TR("since the previous version (also as an"), TR("Atom feed"));
    salle__html_printf(b, "</ul>\n<h2>%s</h2>\n<p><a href=\"ics/all.ics\">%s</a>. %s</p>\n"
                          "<h2>%s</h2>\n", TR("Calendars"), TR("The whole programme (iCalendar)"),
                       TR("Every room and every person has a calendar of its own on its page."),
                       TR("Accessibility"));
    legend(b, site);
    salle__html_printf(b, "<p>%s</p>\n",
                       TR("Every page works with a keyboard alone and with a screen reader, without "
                          "JavaScript; the day pages show a list on narrow screens and a grid by "
                          "room on wide ones."));
    if (site->s->nunscheduled > 0) {
        salle__html_put(b, "<p>");
        salle__html_printf(b, TRN("%d session is not scheduled yet.", "%d sessions are not "
                                  "scheduled yet.", site->s->nunscheduled), site->s->nunscheduled);
        salle__html_put(b, "</p>\n");
    }
    salle__html_end(b, site, "", NULL);
    put_page(w, "index.html", b);
}

static int cmp_track(const void *pa, const void *pb, void *ctx)
{
    const salle_instance *inst = ctx;
    int a = *(const int *)pa, b = *(const int *)pb;
    int c = strcasecmp(inst->track_names[a], inst->track_names[b]);
    return c ? c : a - b;
}

/* Track indices in name order (caller frees): lists of tracks are read and scanned by name. */
static int *tracks_by_name(const salle_instance *inst)
{
    int *v = salle__xmalloc((size_t)(inst->ntracks ? inst->ntracks : 1) * sizeof *v);
    for (int t = 0; t < inst->ntracks; t++)
        v[t] = t;
    qsort_r(v, (size_t)inst->ntracks, sizeof *v, cmp_track, (void *)inst);
    return v;
}

/* Links that narrow the day down to one track or one room: filtering without JavaScript. */
static void day_filters(salle__html_buf *b, const salle__site *site, const int *v, int n)
{
    const salle_instance *inst = site->inst;
    char *seen = salle__xcalloc((size_t)(inst->ntracks + inst->nrooms + 1), 1);
    int nt = 0, nr = 0;
    for (int i = 0; i < n; i++) {
        const salle_assignment *as = &site->s->assign[v[i]];
        const salle_ids *t = &inst->sessions[as->session].tracks;
        for (int j = 0; j < t->n; j++)
            if (!seen[t->v[j]]++)
                nt++;
        if (!seen[inst->ntracks + as->room]++)
            nr++;
    }
    salle__html_printf(b, "<details class=\"only\">\n<summary>%s</summary>\n",
                       TR("Show only one track or one room"));
    if (nt) {
        salle__html_printf(b, "<h2>%s</h2>\n<ul class=\"plain\">\n", TR("Tracks this day"));
        int *byname = tracks_by_name(inst);
        for (int i = 0; i < inst->ntracks; i++) {
            int t = byname[i];
            if (seen[t]) {
                salle__html_printf(b, "<li><a href=\"track/%s.html\">", site->track_slug[t]);
                salle__html_esc(b, inst->track_names[t]);
                salle__html_put(b, "</a></li>\n");
            }
        }
        free(byname);
        salle__html_put(b, "</ul>\n");
    }
    if (nr) {
        salle__html_printf(b, "<h2>%s</h2>\n<ul class=\"plain\">\n", TR("Rooms this day"));
        for (int r = 0; r < inst->nrooms; r++)
            if (seen[inst->ntracks + r]) {
                salle__html_printf(b, "<li><a href=\"room/%s.html\">", site->room_slug[r]);
                salle__html_esc(b, inst->rooms[r].name);
                salle__html_put(b, "</a></li>\n");
            }
        salle__html_put(b, "</ul>\n");
    }
    salle__html_put(b, "</details>\n");
    free(seen);
}

/* "Jump to time" links for a long day: one per hour in which sessions start, to the first start
 * of that hour (anchors prefix<minute>: the list's sections, the grid's rows). */
static void jump_links(salle__html_buf *b, const salle__site *site, const int *v, int n,
                       const char *prefix, const char *where)
{
    int hours = 0, last = -1;
    for (int i = 0; i < n; i++) {
        int h = site->s->assign[v[i]].start / 60;
        if (h != last)
            hours++;
        last = h;
    }
    if (hours < 4) /* a short day is seen at a glance */
        return;
    salle__html_printf(b, "<nav class=\"jump\" aria-label=\"%s%s\">\n<p>%s</p>\n<ul>\n",
                       TR("Jump to a time"), TR(where), TR("Jump to time:"));
    last = -1;
    for (int i = 0; i < n; i++) {
        int t = site->s->assign[v[i]].start;
        if (t / 60 == last)
            continue;
        last = t / 60;
        char clk[32];
        salle__html_printf(b, "<li><a href=\"#%s%d\">%s</a></li>\n", prefix, t,
                           salle_time_clock(last * 60, clk));
    }
    salle__html_put(b, "</ul>\n</nav>\n");
}

/* The sessions of day d that the previous version had and this one cancelled, linked to their
 * pages: the grid has no cell for them, and a visitor looking for one must learn why. */
static void cancelled_this_day(salle__html_buf *b, const salle__site *site, int d)
{
    const salle_instance *oi = site->prev_inst;
    int any = 0;
    for (int k = 0; k < site->nchanges; k++) {
        const salle_change *c = &site->changes[k];
        if (c->kind != SALLE_CHANGE_CANCELLED || !site->cancel_slug[k])
            continue;
        char iso[32], w[96];
        salle_time_iso(oi, c->old_start, iso);
        if (strncmp(iso, site->inst->event.days[d], 10) != 0)
            continue;
        if (!any++)
            salle__html_printf(b, "<h2>%s</h2>\n<ul class=\"sessions\">\n", TR("Cancelled this day"));
        const salle_session *se = c->session >= 0 ? &site->inst->sessions[c->session]
                                                  : &oi->sessions[c->old_session];
        salle__html_printf(b, "<li><a class=\"title\" href=\"s/%s.html\"", site->cancel_slug[k]);
        salle__html_lang(b, se->language);
        salle__html_put(b, ">");
        salle__html_esc(b, se->title);
        salle__html_printf(b, "</a> <span class=\"mark cancelled\">%s</span>\n"
                              "<span class=\"meta\">%s <del>", TR("Cancelled"), TR("Was"));
        salle__html_esc(b, salle__html_when(oi, c->old_start, w));
        salle__html_put(b, ", ");
        salle__html_esc(b, oi->rooms[c->old_room].name);
        salle__html_put(b, "</del></span></li>\n");
    }
    if (any)
        salle__html_put(b, "</ul>\n");
}

/* The list the filter script works on, with the script's words in the page's language. */
static void sessions_open(salle__html_buf *b, const salle__site *site)
{
    salle__html_put(b, "<div id=\"sessions\" data-label=\"");
    salle__html_esc(b, TR("Filter these sessions by any word"));
    salle__html_put(b, "\" data-count=\"");
    salle__html_esc(b, TR("%1 of %2 sessions shown"));
    salle__html_put(b, "\">\n");
}

static void day_pages(writer *w, salle__html_buf *b, const salle__site *site, int d, const int *v,
                      int n)
{
    const salle_event *e = &site->inst->event;
    char day[64], rel[64];
    salle__html_day_long(site, d, day);
    for (int list = 0; list <= 1; list++) {
        salle__html_begin(b, site, "", day, SALLE__NAV_DAY + d, NULL);
        salle__html_printf(b, "<h1>%s</h1>\n<p class=\"zone\">%s ", day, TR("All times"));
        salle__html_zone(b, site, d);
        salle__html_put(b, ". ");
        salle__html_printf(b, TRN("%d session", "%d sessions", n), n);
        salle__html_talk_counts(b, site, d);
        salle__html_printf(b, ".</p>\n<nav class=\"views\" aria-label=\"%s\">\n<ul>\n"
                              "<li><a href=\"day-%s.html\"%s>%s</a></li>\n"
                              "<li><a href=\"day-%s-list.html\"%s>%s</a></li>\n"
                              "</ul>\n</nav>\n", TR("Views of this day"),
                           e->days[d], list ? "" : " aria-current=\"page\"", TR("By room and time"),
                           e->days[d], list ? " aria-current=\"page\"" : "", TR("List by time"));
        salle__html_interest(b, site, d, 0);
        day_filters(b, site, v, n);
        legend(b, site);
        cancelled_this_day(b, site, d);
        int talks_today = salle__html_day_blocks(NULL, site, d, "", 2);
        if (n == 0 && !talks_today)
            salle__html_printf(b, "<p>%s</p>\n", TR("No sessions this day."));
        if (list && n) { /* a day of talks only has no session list to filter */
            jump_links(b, site, v, n, "t", "");
            sessions_open(b, site);
            salle__html_by_time(b, site, v, n, "", 2, "t");
            salle__html_put(b, "</div>\n");
        } else if (!list && n) {
            /* Both views, one shown by the style sheet's media query: a phone gets the list
             * without a second request, a wide screen the grid. */
            salle__html_printf(b, "<div class=\"day-list\">\n<h2>%s</h2>\n",
                               TR("Sessions by start time"));
            jump_links(b, site, v, n, "t", N_(" in the list"));
            sessions_open(b, site);
            salle__html_by_time(b, site, v, n, "", 3, "t");
            salle__html_printf(b, "</div>\n</div>\n<div class=\"day-grid\">\n<h2>%s</h2>\n",
                               TR("Sessions by room and time"));
            jump_links(b, site, v, n, "at-", N_(" in the grid"));
            salle__html_grid(b, site, d, v, n, "");
            salle__html_put(b, "</div>\n");
        }
        salle__html_day_blocks(b, site, d, "", 2); /* talks, in both views (issue 12.6) */
        salle__html_end(b, site, "", "filter.js");
        snprintf(rel, sizeof rel, list ? "day-%s-list.html" : "day-%s.html", e->days[d]);
        put_page(w, rel, b);
    }
}

static void features_text(salle__html_buf *b, const salle__site *site, const salle_room *r)
{
    const salle_instance *inst = site->inst;
    if (r->features.n == 0) {
        salle__html_put(b, TR("none listed"));
        return;
    }
    for (int i = 0; i < r->features.n; i++) {
        if (i)
            salle__html_put(b, ", ");
        salle__html_esc(b, inst->feature_names[r->features.v[i]]);
    }
}

static void room_pages(writer *w, salle__html_buf *b, const salle__site *site, const groups *g)
{
    const salle_instance *inst = site->inst;
    salle__html_begin(b, site, "", TR("Rooms"), SALLE__NAV_ROOMS, NULL);
    salle__html_printf(b, "<h1>%s</h1>\n<div class=\"scroll\" role=\"region\" tabindex=\"0\" "
                          "aria-labelledby=\"rooms-cap\">\n<table class=\"list-table\">\n"
                          "<caption id=\"rooms-cap\">%s</caption>\n"
                          "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                          "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                          "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n", TR("Rooms"),
                       TR("Rooms, their capacity and facilities"), TR("Room"), TR("Seats"),
                       TR("Facilities"), TR("Sessions"), TR("Calendar"));
    for (int r = 0; r < inst->nrooms; r++) {
        const salle_room *room = &inst->rooms[r];
        salle__html_printf(b, "<tr><th scope=\"row\"><a href=\"room/%s.html\">", site->room_slug[r]);
        salle__html_esc(b, room->name);
        if (room->capacity_unknown) /* unknown stays unknown (issue 8) */
            salle__html_printf(b, "</a></th><td>%s</td><td>", TR("not known"));
        else
            salle__html_printf(b, "</a></th><td>%d</td><td>", room->capacity);
        features_text(b, site, room);
        salle__html_printf(b, "</td><td>%d</td><td><a href=\"ics/room-%s.ics\">iCalendar"
                              "<span class=\"vh\"> %s ", GROUP_N(g, r), site->room_slug[r], TR("of"));
        salle__html_esc(b, room->name);
        salle__html_put(b, "</span></a></td></tr>\n");
    }
    salle__html_put(b, "</tbody>\n</table>\n</div>\n");
    salle__html_end(b, site, "", NULL);
    put_page(w, "rooms.html", b);

    for (int r = 0; r < inst->nrooms; r++) {
        const salle_room *room = &inst->rooms[r];
        char rel[128];
        salle__html_begin(b, site, "../", room->name, SALLE__NAV_ROOMS, NULL);
        salle__html_put(b, "<h1>");
        salle__html_esc(b, room->name);
        salle__html_put(b, "</h1>\n<dl class=\"facts\">\n");
        if (room->venue >= 0) {
            salle__html_printf(b, "<dt>%s</dt><dd>", TR("Building"));
            salle__html_esc(b, inst->venues[room->venue].name);
            salle__html_put(b, "</dd>\n");
        }
        if (room->capacity_unknown)
            salle__html_printf(b, "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>", TR("Seats"),
                               TR("not known"), TR("Facilities"));
        else
            salle__html_printf(b, "<dt>%s</dt><dd>%d</dd>\n<dt>%s</dt><dd>", TR("Seats"),
                               room->capacity, TR("Facilities"));
        features_text(b, site, room);
        salle__html_printf(b, "</dd>\n</dl>\n<p><a href=\"../ics/room-%s.ics\">%s</a></p>\n",
                           site->room_slug[r],
                           TR("This room\xe2\x80\x99s sessions as a calendar (iCalendar)"));
        if (GROUP_N(g, r) == 0 && !salle__html_room_blocks(NULL, site, r, "../", 2))
            salle__html_printf(b, "<p>%s</p>\n", TR("No sessions in this room."));
        salle__html_by_day(b, site, GROUP(g, r), GROUP_N(g, r), "../", 2, -1);
        salle__html_room_blocks(b, site, r, "../", 2); /* talks (issue 12.6) */
        salle__html_end(b, site, "../", NULL);
        snprintf(rel, sizeof rel, "room/%s.html", site->room_slug[r]);
        put_page(w, rel, b);
    }
}

static void track_pages(writer *w, salle__html_buf *b, const salle__site *site, const groups *g)
{
    const salle_instance *inst = site->inst;
    salle__html_begin(b, site, "", TR("Tracks"), SALLE__NAV_TRACKS, NULL);
    salle__html_printf(b, "<h1>%s</h1>\n", TR("Tracks"));
    if (inst->ntracks == 0)
        salle__html_printf(b, "<p>%s</p>\n", TR("This programme has no tracks."));
    salle__html_put(b, "<ul class=\"plain\">\n");
    int *byname = tracks_by_name(inst);
    for (int i = 0; i < inst->ntracks; i++) {
        int t = byname[i];
        if (GROUP_N(g, t) == 0)
            continue;
        salle__html_printf(b, "<li><a href=\"track/%s.html\">", site->track_slug[t]);
        salle__html_esc(b, inst->track_names[t]);
        salle__html_printf(b, "</a> (%d)</li>\n", GROUP_N(g, t));
    }
    free(byname);
    salle__html_put(b, "</ul>\n");
    salle__html_end(b, site, "", NULL);
    put_page(w, "tracks.html", b);

    for (int t = 0; t < inst->ntracks; t++) {
        if (GROUP_N(g, t) == 0)
            continue;
        char rel[128];
        salle__html_begin(b, site, "../", inst->track_names[t], SALLE__NAV_TRACKS, NULL);
        salle__html_put(b, "<h1>");
        salle__html_esc(b, inst->track_names[t]);
        salle__html_printf(b, "</h1>\n<p class=\"lead\">%s ", TR("Track:"));
        salle__html_printf(b, TRN("%d session", "%d sessions", GROUP_N(g, t)), GROUP_N(g, t));
        salle__html_put(b, ".</p>\n");
        salle__html_by_day(b, site, GROUP(g, t), GROUP_N(g, t), "../", 2, -1);
        salle__html_end(b, site, "../", NULL);
        snprintf(rel, sizeof rel, "track/%s.html", site->track_slug[t]);
        put_page(w, rel, b);
    }
}

static int cmp_person(const void *pa, const void *pb, void *ctx)
{
    const salle_instance *inst = ctx;
    int a = *(const int *)pa, b = *(const int *)pb;
    int c = strcasecmp(inst->people[a].name, inst->people[b].name);
    return c ? c : a - b;
}

static void person_pages(writer *w, salle__html_buf *b, const salle__site *site, const groups *g)
{
    const salle_instance *inst = site->inst;
    int *v = salle__xmalloc((size_t)(inst->npeople ? inst->npeople : 1) * sizeof *v), n = 0;
    /* a person's count: their sessions, and their talks and chaired blocks (issue 12.6) */
    int *count = salle__xcalloc((size_t)inst->npeople + 1, sizeof *count);
    for (int p = 0; p < inst->npeople; p++)
        if ((count[p] = GROUP_N(g, p) + (site->tx ? salle__site_person_talks(site, p) : 0)) > 0)
            v[n++] = p;
    qsort_r(v, (size_t)n, sizeof *v, cmp_person, (void *)inst);

    salle__html_begin(b, site, "", TR("People"), SALLE__NAV_PEOPLE, NULL);
    salle__html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">", TR("People"));
    salle__html_printf(b, TRN("%d organizer or speaker, by name.",
                              "%d organizers and speakers, by name.", n), n);
    salle__html_put(b, "</p>\n");
    /* A heading per initial: screen reader users jump by heading, others scan for the letter;
     * the A-Z links above save scrolling through a thousand names. */
    int *group = salle__xmalloc((size_t)(n + 1) * sizeof *group), ngroups = 0;
    char (*initials)[8] = salle__xmalloc((size_t)(n + 1) * sizeof *initials);
    for (int i = 0; i < n;) {
        const char *name = inst->people[v[i]].name;
        int len = 1;
        while (name[len] && ((unsigned char)name[len] & 0xC0) == 0x80)
            len++; /* the whole first UTF-8 character */
        char *initial = initials[ngroups];
        memset(initial, 0, 8);
        memcpy(initial, name, (size_t)(len < 7 ? len : 7));
        if (initial[0] >= 'a' && initial[0] <= 'z')
            initial[0] = (char)(initial[0] - 'a' + 'A');
        group[ngroups++] = i;
        for (; i < n; i++) {
            const char *nm = inst->people[v[i]].name;
            char c0 = nm[0] >= 'a' && nm[0] <= 'z' ? (char)(nm[0] - 'a' + 'A') : nm[0];
            if (c0 != initial[0] || (len > 1 && strncmp(nm, initial, (size_t)len) != 0))
                break;
        }
    }
    group[ngroups] = n;
    if (ngroups > 1) {
        salle__html_printf(b, "<nav class=\"az\" aria-label=\"%s\">\n<ul>\n", TR("People by initial"));
        for (int k = 0; k < ngroups; k++) {
            salle__html_printf(b, "<li><a href=\"#initial-%d\">", k);
            salle__html_esc(b, initials[k]);
            salle__html_put(b, "</a></li>\n");
        }
        salle__html_put(b, "</ul>\n</nav>\n");
    }
    for (int k = 0; k < ngroups; k++) {
        salle__html_printf(b, "<h2 id=\"initial-%d\">", k);
        salle__html_esc(b, initials[k]);
        salle__html_put(b, "</h2>\n<ul class=\"plain\">\n");
        for (int i = group[k]; i < group[k + 1]; i++) {
            salle__html_printf(b, "<li><a href=\"person/%s.html\">", site->person_slug[v[i]]);
            salle__html_esc(b, inst->people[v[i]].name);
            salle__html_printf(b, "</a> (%d)</li>\n", count[v[i]]);
        }
        salle__html_put(b, "</ul>\n");
    }
    free(initials);
    free(group);
    salle__html_end(b, site, "", NULL);
    put_page(w, "people.html", b);

    for (int i = 0; i < n; i++) {
        int p = v[i];
        const salle_person *pe = &inst->people[p];
        char rel[128];
        salle__html_begin(b, site, "../", pe->name, SALLE__NAV_PEOPLE, NULL);
        salle__html_put(b, "<h1>");
        salle__html_esc(b, pe->name);
        salle__html_put(b, "</h1>\n");
        if (pe->remote) {
            salle__html_printf(b, "<p><span class=\"badge\"><span aria-hidden=\"true\">%s</span> "
                                  "%s</span>", TR("REM"), TR("takes part remotely"));
            if (pe->timezone) {
                salle__html_printf(b, " %s ", TR("from the time zone"));
                salle__html_esc(b, pe->timezone);
            }
            salle__html_put(b, "</p>\n");
        }
        /* the calendar holds the person's sessions and talks: say which there are */
        int talks = site->tx && salle__site_person_talks(site, p);
        const char *cal = !talks           ? TR("These sessions as a calendar (iCalendar)")
                          : GROUP_N(g, p) ? TR("These sessions and talks as a calendar (iCalendar)")
                                          : TR("These talks as a calendar (iCalendar)");
        salle__html_printf(b, "<p><a href=\"../ics/person-%s.ics\">%s</a></p>\n",
                           site->person_slug[p], cal);
        /* A remote speaker joins from their own zone: each time is given in it too. */
        int local = pe->remote && pe->timezone && pe->local_shift ? p : -1;
        salle__html_by_day(b, site, GROUP(g, p), GROUP_N(g, p), "../", 2, local);
        salle__html_person_talks(b, site, p, "../", 2);
        salle__html_end(b, site, "../", NULL);
        snprintf(rel, sizeof rel, "person/%s.html", site->person_slug[p]);
        put_page(w, rel, b);
    }
    free(count);
    free(v);
}

/* Where each VEVENT of calendar text cal begins and ends (just past its "END:VEVENT" line), at
 * most max of them. In iCalendar a line that starts "BEGIN:VEVENT" can only open an event: folded
 * lines start with a space and line breaks inside values are escaped. */
static int vevents(const char *cal, int max, size_t *from, size_t *to)
{
    static const char open[] = "BEGIN:VEVENT\r\n", close[] = "\r\nEND:VEVENT\r\n";
    int n = 0;
    for (const char *p = cal; n < max && (p = strstr(p, open)); p++) {
        if (p != cal && p[-1] != '\n')
            continue;
        const char *e = strstr(p, close);
        if (!e)
            break;
        from[n] = (size_t)(p - cal);
        to[n++] = (size_t)(e + sizeof close - 1 - cal);
        p = e;
    }
    return n;
}

/* Whether session se gets a calendar file of its own: through the placement its page shows, and
 * not when cancelled (nothing to add to a calendar). */
static int own_calendar(const salle__site *site, const salle_assignment *a)
{
    int se = a->session;
    return site->sess_assign[se] >= 0 && &site->s->assign[site->sess_assign[se]] == a &&
           !site->inst->sessions[se].cancelled;
}

/* One calendar per session ("add to my calendar"). Cut from the whole programme's calendar, whose
 * events are in x's order: the same header and time zone, one event; generating 1,000 calendars
 * more through libical would double the site's export time. Falls back to generating each one
 * when the cut does not find one event per placement. */
static void session_ics(writer *w, const salle__site *site, const salle__export *x, const char *all)
{
    size_t *from = salle__xmalloc(((size_t)x->n + 1) * sizeof *from);
    size_t *to = salle__xmalloc(((size_t)x->n + 1) * sizeof *to);
    /* the whole calendar lists the sessions, then the talks (each with a calendar of its own) */
    int nev = x->n + x->ntalk_ev;
    from = salle__xrealloc(from, ((size_t)nev + 1) * sizeof *from);
    to = salle__xrealloc(to, ((size_t)nev + 1) * sizeof *to);
    int n = all ? vevents(all, nev + 1, from, to) : -1;
    for (int i = 0; i < x->n && !w->failed; i++) {
        if (!own_calendar(site, x->a[i]))
            continue;
        char *text;
        if (n == nev) {
            text = salle__xasprintf("%.*s%.*s%s", (int)from[0], all, (int)(to[i] - from[i]),
                                    all + from[i], all + to[n - 1]);
        } else {
            salle__export one = *x; /* x narrowed to this one placement */
            one.n = 1;
            one.a = &x->a[i];
            one.day = &x->day[i];
            one.ntalk_ev = 0;
            if (!(text = salle__export_ics_with(&one, -1, -1, w->err))) {
                w->failed = 1;
                break;
            }
        }
        char *rel = salle__xasprintf("ics/s-%s.ics", site->sess_slug[x->a[i]->session]);
        put_file(w, rel, text, strlen(text));
        free(rel);
        free(text);
    }
    for (int i = 0; i < x->ntalk_ev && !w->failed; i++) { /* issue 12.6: a calendar per talk */
        char *text = n == nev ? salle__xasprintf("%.*s%.*s%s", (int)from[0], all,
                                                 (int)(to[x->n + i] - from[x->n + i]),
                                                 all + from[x->n + i], all + to[n - 1])
                              : salle__export_ics_talk(x, i, w->err);
        if (!text) {
            w->failed = 1;
            break;
        }
        char *rel = salle__xasprintf("ics/t-%s.ics", site->talk_slug[x->talk_ev[i].talk]);
        put_file(w, rel, text, strlen(text));
        free(rel);
        free(text);
    }
    free(from);
    free(to);
}

/* The calendars: the whole programme's, each room's and person's, each session's and talk's; their
 * own words (DESCRIPTION's labels, the link kinds) in the site's language, so each language's
 * folder has its own (issue 11). */
static void ics_files(writer *w, const salle__site *site, const groups *people)
{
    const salle_instance *inst = site->inst;
    salle__export x;
    salle__export_init(&x, inst, site->s);
    x.lang = site->lang;
    char *all = NULL;
    for (int k = -1; k < inst->nrooms + inst->npeople && !w->failed; k++) {
        int room = k >= 0 && k < inst->nrooms ? k : -1;
        int person = k >= inst->nrooms ? k - inst->nrooms : -1;
        /* every room has a page that links its calendar; people only when they have sessions */
        if (person >= 0 && GROUP_N(people, person) == 0 &&
            !(site->tx && salle__site_person_talks(site, person)))
            continue;
        char *text = salle__export_ics_with(&x, room, person, w->err);
        if (!text) {
            w->failed = 1;
            break;
        }
        char *rel = room >= 0     ? salle__xasprintf("ics/room-%s.ics", site->room_slug[room])
                    : person >= 0 ? salle__xasprintf("ics/person-%s.ics", site->person_slug[person])
                                  : salle__xstrdup("ics/all.ics");
        put_file(w, rel, text, strlen(text));
        free(rel);
        if (k == -1)
            all = text;
        else
            free(text);
    }
    if (!w->failed)
        session_ics(w, site, &x, all);
    free(all);
    salle__export_done(&x);
}

/* The pages of the talks (render_talks.c): b/ for the used cells, t/ for the placed talks. */
static void talk_pages(writer *w, salle__html_buf *b, const salle__site *site)
{
    const salle_instance *inst = site->inst;
    const char *sub[] = {"b", "t"};
    for (size_t i = 0; i < 2 && !w->failed; i++) {
        char *p = salle__xasprintf("%s/%s", w->dir, sub[i]);
        if (mkdir(p, 0777) != 0) {
            salle__diag(w->err, p, 0, 0, "cannot create folder: %s", strerror(errno));
            w->failed = 1;
        }
        free(p);
    }
    for (int c = 0; c < inst->talks->nblocks * inst->nrooms && !w->failed; c++) {
        if (salle__site_cell_track(site, c) < 0)
            continue;
        char *rel = salle__xasprintf("b/%s.html", site->cell_slug[c]);
        salle__html_block_page(b, site, c);
        put_page(w, rel, b);
        free(rel);
    }
    for (int i = 0; i < site->tx->ntalk_ev && !w->failed; i++) {
        char *rel = salle__xasprintf("t/%s.html", site->talk_slug[site->tx->talk_ev[i].talk]);
        salle__html_talk_page(b, site, i);
        put_page(w, rel, b);
        free(rel);
    }
}

/* ---------------------------------------------------------------- the folder swap */

static void rm_tree(const char *path)
{
    salle__rm_tree(path);
}

/* 1 if dir is empty or was made by salle_export_site. */
static int replaceable(const char *dir)
{
    char *marker = salle__xasprintf("%s/%s", dir, MARKER);
    int ok = access(marker, F_OK) == 0;
    free(marker);
    if (ok)
        return 1;
    int empty = 1;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            empty = 0;
    closedir(d);
    return empty;
}

static int swap_in(const char *tmp, const char *dir, salle_diag *err)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        if (errno != ENOENT)
            return salle__diag(err, dir, 0, 0, "cannot use: %s", strerror(errno));
        if (rename(tmp, dir) != 0)
            return salle__diag(err, dir, 0, 0, "cannot create: %s", strerror(errno));
        return 0;
    }
    if (!S_ISDIR(st.st_mode))
        return salle__diag(err, dir, 0, 0, "exists and is not a folder; give another output "
                                           "folder");
    if (!replaceable(dir))
        return salle__diag(err, dir, 0, 0, "folder is not empty and was not made by salle (no %s "
                                           "file); give a new or empty folder", MARKER);
    /* One atomic exchange: readers see the old site or the new one, never neither. */
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) == 0) {
        rm_tree(tmp); /* now the old site */
        return 0;
    }
    /* File systems without RENAME_EXCHANGE: move the old one aside, then the new one in. */
    char *old = salle__xasprintf("%s.old-XXXXXX", dir);
    if (!mkdtemp(old) || rename(dir, old) != 0 || rename(tmp, dir) != 0) {
        int e = errno;
        if (access(dir, F_OK) != 0)
            rename(old, dir); /* put the old site back */
        rmdir(old);
        free(old);
        return salle__diag(err, dir, 0, 0, "cannot replace: %s", strerror(e));
    }
    rm_tree(old);
    free(old);
    return 0;
}

/* ---------------------------------------------------------------- entry point */

static void write_site(writer *w, const salle__site *site)
{
    const salle_instance *inst = site->inst;
    salle__html_buf b = {0};
    const char *sub[] = {"s", "room", "track", "person", "ics"};
    for (size_t i = 0; i < sizeof sub / sizeof sub[0]; i++) {
        char *p = salle__xasprintf("%s/%s", w->dir, sub[i]);
        if (mkdir(p, 0777) != 0 && !w->failed) {
            salle__diag(w->err, p, 0, 0, "cannot create folder: %s", strerror(errno));
            w->failed = 1;
        }
        free(p);
    }
    put_file(w, MARKER, marker_text, sizeof marker_text - 1);
    put_file(w, "style.css", salle__html_css(), strlen(salle__html_css()));
    put_file(w, "filter.js", salle__html_filter_script(), strlen(salle__html_filter_script()));

    /* order is sorted by start, so each day's assignments are one run */
    int nd = inst->event.ndays;
    int *dstart = salle__xcalloc((size_t)nd + 1, sizeof *dstart);
    {
        int i = 0;
        while (i < site->norder && site->assign_day[site->order[i]] < 0)
            i++;
        for (int d = 0; d < nd; d++) {
            dstart[d] = i;
            while (i < site->norder && site->assign_day[site->order[i]] == d)
                i++;
        }
        dstart[nd] = i;
    }
    index_page(w, &b, site, dstart);
    for (int d = 0; d < nd; d++)
        day_pages(w, &b, site, d, site->order + dstart[d], dstart[d + 1] - dstart[d]);

    groups rooms, tracks, people;
    groups_build(&rooms, site, inst->nrooms, room_keys);
    groups_build(&tracks, site, inst->ntracks, track_keys);
    groups_build(&people, site, inst->npeople, person_keys);
    room_pages(w, &b, site, &rooms);
    track_pages(w, &b, site, &tracks);
    person_pages(w, &b, site, &people);
    for (int se = 0; se < inst->nsessions && !w->failed; se++) {
        if (site->sess_assign[se] < 0)
            continue;
        char rel[128];
        salle__html_session_page(&b, site, site->sess_assign[se]);
        snprintf(rel, sizeof rel, "s/%s.html", site->sess_slug[se]);
        put_page(w, rel, &b);
    }
    for (int k = 0; k < site->nchanges && !w->failed; k++) {
        if (!site->cancel_slug[k])
            continue;
        char *rel = salle__xasprintf("s/%s.html", site->cancel_slug[k]);
        salle__html_cancelled_page(&b, site, &site->changes[k]);
        put_page(w, rel, &b);
        free(rel);
    }
    if (site->tx) /* issue 12.6: a page per session block and per talk */
        talk_pages(w, &b, site);
    if (site->has_changes) {
        salle__html_changes_page(&b, site, site->changes, site->nchanges);
        put_page(w, "changes.html", &b);
        salle__html_changes_atom(&b, site, site->changes, site->nchanges);
        put_page(w, "changes.atom", &b);
    }
    ics_files(w, site, &people);
    groups_free(&rooms);
    groups_free(&tracks);
    groups_free(&people);
    free(dstart);
    salle__html_buf_free(&b);
}

/* ---------------------------------------------------------------- several languages (issue 11) */

/* Opens the programme in the browser's language. A file of its own, not inline: a Content
 * Security Policy without 'unsafe-inline' (the server's) allows it. Without JavaScript, or when
 * none of the visitor's languages is there, the chooser's links stay. */
static const char lang_js[] =
    "// salle: opens the programme in the first of the browser's languages that it is written in.\n"
    "(function(){\n"
    "var have=(document.documentElement.getAttribute('data-languages')||'').split(' ');\n"
    "var want=navigator.languages&&navigator.languages.length?navigator.languages:"
    "[navigator.language||''];\n"
    "for(var i=0;i<want.length;i++){\n"
    " var l=String(want[i]).toLowerCase().split('-')[0];\n"
    " if(l&&have.indexOf(l)>=0){location.replace(l+'/index.html');return;}\n"
    "}\n"
    "})();\n";

/* DIR/index.html: links to each language's programme, each named in its own language. */
static void chooser_page(writer *w, const salle__site *site, const salle_site_options *opt)
{
    salle__html_buf b = {0};
    const char *first = opt->languages[0];
    salle__html_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\"%s data-languages=\"", first,
                       salle__tr_rtl(first) ? " dir=\"rtl\"" : "");
    for (int i = 0; i < opt->nlanguages; i++)
        salle__html_printf(&b, "%s%s", i ? " " : "", opt->languages[i]);
    salle__html_put(&b, "\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                        "content=\"width=device-width, initial-scale=1\">\n<title>");
    salle__html_esc(&b, site->inst->event.name);
    salle__html_put(&b, "</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n");
    for (int i = 0; i < opt->nlanguages; i++)
        salle__html_printf(&b, "<link rel=\"alternate\" hreflang=\"%s\" href=\"%s/index.html\">\n",
                           opt->languages[i], opt->languages[i]);
    salle__html_put(&b, "<script src=\"lang.js\"></script>\n</head>\n<body>\n"
                        "<main id=\"main\">\n<h1>");
    salle__html_esc(&b, site->inst->event.name);
    salle__html_put(&b, "</h1>\n<nav aria-label=\"");
    /* the label in every language offered, as the links are */
    for (int i = 0; i < opt->nlanguages; i++) {
        salle__html_put(&b, i ? " / " : "");
        salle__html_esc(&b, salle__tr(opt->languages[i], "Language"));
    }
    salle__html_put(&b, "\">\n<ul class=\"plain\">\n");
    for (int i = 0; i < opt->nlanguages; i++) {
        const char *l = opt->languages[i];
        salle__html_printf(&b, "<li><a href=\"%s/index.html\" lang=\"%s\" dir=\"%s\" hreflang=\"%s\">",
                           l, l, salle__tr_rtl(l) ? "rtl" : "ltr", l);
        salle__html_esc(&b, salle__tr(l, "Programme"));
        salle__html_put(&b, " (");
        salle__html_esc(&b, salle__tr_name(l));
        salle__html_put(&b, ")</a></li>\n");
    }
    salle__html_put(&b, "</ul>\n</nav>\n</main>\n</body>\n</html>\n");
    put_page(w, "index.html", &b);
    salle__html_buf_free(&b);
}

/* One site per language in DIR/LANG/, each with its calendars, and the chooser on top. */
static void write_languages(writer *w, salle__site *site, const salle_site_options *opt)
{
    site->langs = opt->languages;
    site->nlangs = opt->nlanguages;
    for (int i = 0; i < opt->nlanguages && !w->failed; i++) {
        site->lang = opt->languages[i];
        site_version(site, opt); /* the date of publication in this language */
        char *dir = salle__xasprintf("%s/%s", w->dir, site->lang);
        if (mkdir(dir, 0777) != 0) {
            salle__diag(w->err, dir, 0, 0, "cannot create folder: %s", strerror(errno));
            w->failed = 1;
            free(dir);
            break;
        }
        writer lw = {dir, w->err, 0};
        write_site(&lw, site);
        w->failed |= lw.failed;
        free(dir);
    }
    put_file(w, MARKER, marker_text, sizeof marker_text - 1);
    put_file(w, "style.css", salle__html_css(), strlen(salle__html_css()));
    put_file(w, "lang.js", lang_js, sizeof lang_js - 1);
    chooser_page(w, site, opt);
}

/* A clear error for a language salle cannot write the interface in, or one given twice. */
static int check_languages(const salle_site_options *opt, salle_diag *err)
{
    for (int i = 0; opt && opt->languages && i < opt->nlanguages; i++) {
        const char *l = opt->languages[i];
        int ok = l && strlen(l) >= 2 && strlen(l) <= 3;
        for (int k = 0; ok && l[k]; k++)
            ok = l[k] >= 'a' && l[k] <= 'z';
        if (!ok || !salle__tr_has(l)) {
            salle__html_buf have = {0};
            salle__html_put(&have, "en");
            for (int c = 0; c < salle__ncatalogs; c++)
                salle__html_printf(&have, ", %s", salle__catalogs[c].lang);
            salle__diag(err, NULL, 0, 0, "no interface translation for language '%s'; salle "
                                         "has %s (po/LANG.po)", l ? l : "", have.s);
            salle__html_buf_free(&have);
            return -1;
        }
        for (int k = 0; k < i; k++)
            if (strcmp(opt->languages[k], l) == 0)
                return salle__diag(err, NULL, 0, 0, "language '%s' is given twice", l);
    }
    return 0;
}

int salle_export_site(const salle_instance *inst, const salle_schedule *s,
                      const salle_schedule *previous, const char *dir, salle_diag *err)
{
    salle_site_options opt = {previous, NULL, NULL, 0};
    return salle_export_site_with(inst, s, &opt, dir, err);
}

int salle_export_site_with(const salle_instance *inst, const salle_schedule *s,
                           const salle_site_options *opt, const char *dir, salle_diag *err)
{
    if (check_languages(opt, err) < 0)
        return -1;
    /* "out/" and "out" are the same folder; the temporary one must sit beside it, not inside */
    char *target = salle__xstrdup(dir && dir[0] ? dir : ".");
    size_t len = strlen(target);
    while (len > 1 && target[len - 1] == '/')
        target[--len] = 0;
    if (strcmp(target, ".") == 0 || strcmp(target, "..") == 0 || strcmp(target, "/") == 0) {
        free(target);
        return salle__diag(err, dir, 0, 0, "give a folder of its own for the site, not '%s'", dir);
    }
    /* folders an interrupted export left beside the target (only salle's: marked, or empty) */
    salle__remove_stale_tmp(target, MARKER);
    char *tmp = salle__xasprintf("%s.tmp-XXXXXX", target);
    if (!mkdtemp(tmp)) {
        salle__diag(err, target, 0, 0, "cannot create a temporary folder beside it: %s",
                    strerror(errno));
        free(tmp);
        free(target);
        return -1;
    }
    chmod(tmp, 0777 & ~salle__umask()); /* mkdtemp makes it private; a web server must read it */

    salle__site site;
    site_init(&site, inst, s);
    site.has_changes = opt && opt->previous;
    site.interest_url = opt ? opt->interest_url : NULL;
    site_changes(&site, opt);
    writer w = {tmp, err, 0};
    if (opt && opt->languages && opt->nlanguages > 0) {
        write_languages(&w, &site, opt);
    } else {
        /* the English site whose switcher links the other languages' below it, English first */
        const char *sw[16] = {"en"};
        int nsw = 1;
        for (int i = 0; opt && opt->switch_to && i < opt->nswitch_to && nsw < 16; i++)
            if (salle__tr_has(opt->switch_to[i]) && strcmp(opt->switch_to[i], "en") != 0)
                sw[nsw++] = opt->switch_to[i];
        if (nsw > 1) {
            site.langs = sw;
            site.nlangs = nsw;
            site.langs_below = 1;
        }
        site_version(&site, opt);
        write_site(&w, &site);
    }
    site_done(&site);
    int rc = w.failed ? -1 : swap_in(tmp, target, err);
    if (rc != 0)
        rm_tree(tmp);
    else
        salle__fsync_dir_of(target); /* the rename itself survives a power cut */
    free(tmp);
    free(target);
    return rc;
}
