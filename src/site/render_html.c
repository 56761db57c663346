/*
 * render_html.c: how the static web programme looks. Escaping, the page shell (skip link,
 * landmarks, navigation, footer), the one style sheet, and the pieces every page is made of:
 * session list items, badges, change marks, lists grouped by time or day, the day grid and the
 * session and cancelled-session pages.
 * Which pages exist and where they are written is render_site.c's business.
 *
 * The audience includes blind participants with screen readers, people on phones and people who
 * read captions (docs: mission.md). So: real headings, real tables with scoped headers, text
 * badges rather than colours, no script needed for anything, and nothing that makes a 320px-wide
 * screen scroll sideways except a grid table, which sits in a labelled region one can focus and
 * scroll with the keyboard.
 */
#include "site/render_html.h"
#include "formats/export.h"
#include "formats/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- buffer */

static void reserve(salle__html_buf *b, size_t more)
{
    if (b->n + more + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + more + 1)
        cap *= 2;
    b->s = salle__xrealloc(b->s, cap);
    b->cap = cap;
}

void salle__html_putn(salle__html_buf *b, const char *s, size_t n)
{
    reserve(b, n);
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}

void salle__html_put(salle__html_buf *b, const char *s)
{
    salle__html_putn(b, s, strlen(s));
}

void salle__html_printf(salle__html_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        salle__html_putn(b, small, (size_t)n);
        return;
    }
    reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->s + b->n, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)n;
}

void salle__html_esc(salle__html_buf *b, const char *s)
{
    if (!s)
        return;
    const char *run = s;
    for (const char *p = s;; p++) {
        unsigned char c = (unsigned char)*p;
        const char *rep = NULL;
        switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case 0: break;
        default:
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                rep = ""; /* not allowed in XML (the Atom feed shares this) nor useful in HTML */
            break;
        }
        if (c == 0 || rep) {
            salle__html_putn(b, run, (size_t)(p - run));
            if (c == 0)
                return;
            salle__html_put(b, rep);
            run = p + 1;
        }
    }
}

int salle__html_safe_url(const char *url)
{
    return salle__export_url_ok(url); /* the policy of every export (formats/export.h) */
}

void salle__html_buf_free(salle__html_buf *b)
{
    free(b->s);
    b->s = NULL;
    b->n = b->cap = 0;
}

/* ---------------------------------------------------------------- dates and times */

/* Translated where they are shown (TR); the short forms are words of their own, since cutting a
 * translated name to three bytes would cut an Arabic letter in half. */
static const char *const weekday_long[] = {N_("Monday"), N_("Tuesday"), N_("Wednesday"),
                                           N_("Thursday"), N_("Friday"), N_("Saturday"),
                                           N_("Sunday")};
static const char *const month_long[] = {N_("January"), N_("February"), N_("March"), N_("April"),
                                         N_("May"), N_("June"), N_("July"), N_("August"),
                                         N_("September"), N_("October"), N_("November"),
                                         N_("December")};
static const char *const weekday_short[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
                                            N_("Sat"), N_("Sun")};
static const char *const month_short[] = {N_("Jan"), N_("Feb"), N_("Mar"), N_("Apr"), N_("May"),
                                          N_("Jun"), N_("Jul"), N_("Aug"), N_("Sep"), N_("Oct"),
                                          N_("Nov"), N_("Dec")};

/* The language of the page being written, for the few helpers that are not given the site
 * (salle__html_lang, salle__html_when): set by salle__html_begin, per thread, so that a server
 * writing pages in several languages at once keeps them apart. */
static _Thread_local const char *page_lang;

static void day_parts(const salle__site *site, int d, int *wd, int *dd, int *mm, int *yy)
{
    const char *iso = site->inst->event.days[d];
    *yy = atoi(iso);
    *mm = atoi(iso + 5);
    *dd = atoi(iso + 8);
    *wd = salle__weekday(salle__parse_date(iso));
    if (*mm < 1 || *mm > 12)
        *mm = 1; /* the parser has checked the date; this only keeps the table index in range */
}

const char *salle__html_day_long(const salle__site *site, int d, char *buf)
{
    int wd, dd, mm, yy;
    day_parts(site, d, &wd, &dd, &mm, &yy);
    snprintf(buf, 64, "%s %d %s %d", TR(weekday_long[wd]), dd, TR(month_long[mm - 1]), yy);
    return buf;
}

const char *salle__html_day_short(const salle__site *site, int d, char *buf)
{
    int wd, dd, mm, yy;
    day_parts(site, d, &wd, &dd, &mm, &yy);
    snprintf(buf, 64, "%s %d %s", TR(weekday_short[wd]), dd, TR(month_short[mm - 1]));
    return buf;
}

const char *salle__html_utc(int offset, char *buf)
{
    int a = offset < 0 ? -offset : offset;
    snprintf(buf, 16, "UTC%c%02d:%02d", offset < 0 ? '-' : '+', (a / 60) % 100, a % 60);
    return buf;
}

void salle__html_zone(salle__html_buf *b, const salle__site *site, int d)
{
    const salle_event *e = &site->inst->event;
    char u[16];
    /* "Europe/Paris (UTC+01:00)" is left to right: isolated, an Arabic sentence keeps its order */
    int iso = salle__tr_rtl(site->lang);
    if (iso)
        salle__html_put(b, "<bdi>");
    salle__html_esc(b, e->timezone);
    if (d >= 0) {
        /* a daylight-saving change day has two offsets: name both */
        int t0 = e->day_offset[d], early = salle_time_utc_offset(site->inst, t0, NULL),
            late = salle_time_utc_offset(site->inst, t0 + SALLE_MINUTES_PER_DAY - 1, NULL);
        salle__html_printf(b, " (%s", salle__html_utc(early, u));
        if (late != early)
            salle__html_printf(b, TR(", then %s"), salle__html_utc(late, u));
        salle__html_put(b, iso ? ")</bdi>" : ")");
        return;
    }
    /* Daylight saving can change during a long event: name every offset, in the order they
     * come (the first and last minute of each day, so a change day counts twice). */
    salle__html_put(b, " (");
    int last = 0, any = 0;
    for (int i = 0; i < e->ndays; i++)
        for (int end = 0; end < 2; end++) {
            int off = salle_time_utc_offset(site->inst, e->day_offset[i] +
                                                           end * (SALLE_MINUTES_PER_DAY - 1), NULL);
            if (any && off == last)
                continue;
            if (any)
                salle__html_put(b, TR(", then "));
            salle__html_put(b, salle__html_utc(off, u));
            last = off;
            any = 1;
        }
    salle__html_put(b, iso ? ")</bdi>" : ")");
}

void salle__html_time(salle__html_buf *b, const salle__site *site, int t)
{
    char iso[32], clk[32], u[16];
    int d = salle_time_day(site->inst, t);
    salle_time_clock(t, clk);
    if (d < 0) {
        salle__html_put(b, clk);
        return;
    }
    salle_time_iso(site->inst, t, iso);
    /* datetime wants "+01:00", not "UTC+01:00"; the offset is the instant's own (a
     * daylight-saving change day has two) */
    salle__html_printf(b, "<time datetime=\"%s%s\">%s</time>", iso,
                       salle__html_utc(salle_time_utc_offset(site->inst, t, NULL), u) + 3, clk);
}

/* ---------------------------------------------------------------- the page shell */

void salle__html_begin(salle__html_buf *b, const salle__site *site, const char *root,
                       const char *title, int nav, const char *head_extra)
{
    const salle_instance *inst = site->inst;
    page_lang = site->lang;
    salle__html_printf(b, "<!DOCTYPE html>\n<html lang=\"%s\"%s>\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                          "<title>", site->lang ? site->lang : "en",
                       salle__tr_rtl(site->lang) ? " dir=\"rtl\"" : "");
    salle__html_esc(b, title);
    salle__html_put(b, " \xe2\x80\x93 ");
    salle__html_esc(b, inst->event.name);
    salle__html_printf(b, "</title>\n<link rel=\"stylesheet\" href=\"%sstyle.css\">\n", root);
    if (site->has_changes)
        salle__html_printf(b, "<link rel=\"alternate\" type=\"application/atom+xml\" "
                              "title=\"%s\" href=\"%schanges.atom\">\n", TR("Programme changes"), root);
    if (head_extra)
        salle__html_put(b, head_extra);
    salle__html_printf(b, "</head>\n<body>\n<a class=\"skip\" href=\"#main\">%s</a>\n"
                          "<header class=\"site\">\n<p class=\"event\">", TR("Skip to main content"));
    salle__html_printf(b, "<a href=\"%sindex.html\">", root);
    salle__html_esc(b, inst->event.name);
    salle__html_put(b, "</a></p>\n");
    /* Which version this is and since when: a printed page or a cached copy must say how old it
     * is, and two people comparing notes must know whether they look at the same programme. */
    salle__html_printf(b, "<p class=\"version\">%s ", TR("Version"));
    salle__html_esc(b, site->version);
    salle__html_printf(b, "%s <time datetime=\"%s\">%s</time>", TR(", published"),
                       site->published_iso, site->published);
    if (site->has_changes)
        salle__html_printf(b, " (<a href=\"%schanges.html\">%s</a>)", root, TR("what changed"));
    salle__html_put(b, "</p>\n");
    salle__html_languages(b, site, root);
    salle__html_printf(b, "<nav aria-label=\"%s\">\n<ul>\n", TR("Programme"));

    struct { int id; const char *href, *text; } items[] = {
        {SALLE__NAV_HOME, "index.html", N_("Overview")},
        {SALLE__NAV_ROOMS, "rooms.html", N_("Rooms")},
        {SALLE__NAV_TRACKS, "tracks.html", N_("Tracks")},
        {SALLE__NAV_PEOPLE, "people.html", N_("People")},
        {SALLE__NAV_CHANGES, "changes.html", N_("Changes")},
    };
    const char *cur = " aria-current=\"page\"";
    salle__html_printf(b, "<li><a href=\"%s%s\"%s>%s</a></li>\n", root, items[0].href,
                       nav == items[0].id ? cur : "", TR(items[0].text));
    for (int d = 0; d < inst->event.ndays; d++) {
        char day[64];
        salle__html_printf(b, "<li><a href=\"%sday-%s.html\"%s>%s</a></li>\n", root,
                           inst->event.days[d], nav == SALLE__NAV_DAY + d ? cur : "",
                           salle__html_day_short(site, d, day));
    }
    for (size_t i = 1; i < sizeof items / sizeof items[0]; i++) {
        if (items[i].id == SALLE__NAV_CHANGES && !site->has_changes)
            continue;
        salle__html_printf(b, "<li><a href=\"%s%s\"%s>%s</a></li>\n", root, items[i].href,
                           nav == items[i].id ? cur : "", TR(items[i].text));
    }
    /* tabindex=-1 lets the skip link move keyboard focus, not only the scroll position */
    salle__html_put(b, "</ul>\n</nav>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

void salle__html_end(salle__html_buf *b, const salle__site *site, const char *root,
                     const char *script)
{
    salle__html_printf(b, "</main>\n<footer class=\"site\">\n<p>%s ",
                       TR("All times are local to the event:"));
    salle__html_zone(b, site, -1);
    salle__html_printf(b, ".</p>\n<p><a href=\"%sics/all.ics\">%s</a>", root,
                       TR("The whole programme as a calendar file (iCalendar)"));
    if (site->has_changes)
        salle__html_printf(b, " \xc2\xb7 <a href=\"%schanges.atom\">%s</a>", root,
                           TR("Changes as a feed (Atom)"));
    salle__html_printf(b, "</p>\n<p>%s</p>\n</footer>\n",
                       TR("Made with salle. This site works without JavaScript and prints as a "
                          "plain list."));
    if (script) /* a file beside style.css: a Content Security Policy without inline script allows it */
        salle__html_printf(b, "<script src=\"%s%s\"></script>\n", root, script);
    salle__html_put(b, "</body>\n</html>\n");
}

/* ---------------------------------------------------------------- badges */

typedef struct badge {
    const char *abbr; /* what a sighted reader scans for */
    const char *text; /* what it means, read out by screen readers */
} badge;

/* 1 if session se books feature f (needs it) or uses a shared resource whose id or name says
 * word ("interpret", "caption"): interpreter teams and captioners are booked per session. */
static int booked(const salle_instance *inst, const salle_session *se, int f, const char *word)
{
    if (f >= 0 && salle__ids_has(&se->needs, f))
        return 1;
    for (int i = 0; i < se->resources.n; i++) {
        const salle_resource *r = &inst->resources[se->resources.v[i]];
        if (strcasestr(r->id, word) || (r->name && strcasestr(r->name, word)))
            return 1;
    }
    return 0;
}

/* The badges that apply to assignment a, in a fixed order. Returns how many were put in out[5].
 * They say what the session has booked, not what its room could do: a session without
 * interpreters in the plenary hall has no interpretation, however many booths the hall has.
 * Step-free access is the one fact of the room itself, and a fact every session there has. */
static int badges_of(const salle__site *site, int a, badge out[5])
{
    const salle_instance *inst = site->inst;
    const salle_assignment *as = &site->s->assign[a];
    const salle_session *se = &inst->sessions[as->session];
    const salle_room *r = &inst->rooms[as->room];
    int n = 0;
    if (booked(inst, se, site->feat_captioning, "caption"))
        out[n++] = (badge){N_("CC"), N_("captioned")};
    if (booked(inst, se, site->feat_interpretation, "interpret"))
        out[n++] = (badge){N_("INT"), N_("interpretation")};
    int remote = 0;
    for (int i = 0; i < se->people.n; i++)
        remote |= inst->people[se->people.v[i]].remote;
    if (remote || (site->feat_hybrid >= 0 && salle__ids_has(&se->needs, site->feat_hybrid)))
        out[n++] = (badge){N_("REM"), remote ? N_("remote speaker") : N_("remote participation")};
    if (site->feat_step_free >= 0 && (salle__ids_has(&r->features, site->feat_step_free) ||
                                      salle__ids_has(&se->needs, site->feat_step_free)))
        out[n++] = (badge){N_("SF"), N_("step-free access")};
    return n;
}

void salle__html_badges(salle__html_buf *b, const salle__site *site, int a, int compact)
{
    badge v[5];
    int n = badges_of(site, a, v);
    if (compact)
        salle__html_full(b, site, a, 1);
    if (n == 0)
        return;
    salle__html_put(b, compact ? " <span class=\"badges\">" : "<span class=\"badges\">");
    for (int i = 0; i < n; i++) {
        /* The abbreviation is hidden from screen readers, which read the words instead: "CC"
         * read out letter by letter helps nobody. */
        if (compact)
            salle__html_printf(b, "<span class=\"badge\"><span aria-hidden=\"true\">%s</span>"
                                  "<span class=\"vh\">%s</span></span> ", TR(v[i].abbr), TR(v[i].text));
        else
            salle__html_printf(b, "<span class=\"badge\"><span aria-hidden=\"true\">%s</span> "
                                  "%s</span> ", TR(v[i].abbr), TR(v[i].text));
    }
    salle__html_put(b, "</span>");
}

/* ---------------------------------------------------------------- full rooms (issue 11) */

int salle__html_fullness(const salle__site *site, int a)
{
    const salle_assignment *as = &site->s->assign[a];
    const salle_session *se = &site->inst->sessions[as->session];
    long cap = site->inst->rooms[as->room].capacity, att = se->attendance;
    if (cap <= 0 || att <= 0 || se->cancelled)
        return 0; /* unknown: saying nothing is better than a guess */
    return att >= cap ? 2 : att * 10 >= cap * 9 ? 1 : 0;
}

void salle__html_full(salle__html_buf *b, const salle__site *site, int a, int compact)
{
    int f = salle__html_fullness(site, a);
    if (!f)
        return;
    const char *word = f == 2 ? TR("Full") : TR("Likely full");
    if (compact) {
        salle__html_printf(b, " <span class=\"mark full\">%s</span>", word);
        return;
    }
    const salle_assignment *as = &site->s->assign[a];
    int att = site->inst->sessions[as->session].attendance;
    int cap = site->inst->rooms[as->room].capacity;
    salle__html_printf(b, "<p class=\"notice\"><span class=\"mark full\">%s</span> ", word);
    salle__html_printf(b, TR("About %d people are expected for %d places in this room."), att, cap);
    salle__html_printf(b, " %s</p>\n", f == 2 ? TR("Not everyone may get in: come early.")
                                              : TR("Come early to be sure of a place."));
}

void salle__html_interest(salle__html_buf *b, const salle__site *site, int d, int session)
{
    if (!site->interest_url || d < 0)
        return;
    salle__html_put(b, "<p class=\"interest\"><a href=\"");
    salle__html_esc(b, site->interest_url);
    salle__html_printf(b, "/%s\">%s</a> %s</p>\n", site->inst->event.days[d],
                       session ? TR("I plan to attend") : TR("Mark the sessions you plan to attend"),
                       TR("(on this day's ballot page: no account, no name)"));
}

/* ---------------------------------------------------------------- languages (issue 11) */

void salle__html_languages(salle__html_buf *b, const salle__site *site, const char *root)
{
    if (site->nlangs < 2)
        return;
    salle__html_printf(b, "<nav class=\"langs\" aria-label=\"%s\">\n<ul>\n", TR("Language"));
    for (int i = 0; i < site->nlangs; i++) {
        const char *l = site->langs[i];
        const char *name = salle__tr_name(l);
        int self = strcmp(l, site->lang ? site->lang : "en") == 0;
        /* each name in its own language and direction, so a reader finds theirs; below the
         * English site at the top, English is the page itself */
        if (site->langs_below)
            salle__html_printf(b, "<li><a href=\"%s%s%s%s\"", root, self ? "" : l, self ? "" : "/",
                               SALLE__HTML_PAGE_MARK);
        else
            salle__html_printf(b, "<li><a href=\"%s../%s/%s\"", root, l, SALLE__HTML_PAGE_MARK);
        salle__html_printf(b, " lang=\"%s\" dir=\"%s\" hreflang=\"%s\"%s>", l, salle__tr_rtl(l) ? "rtl" : "ltr", l,
                           self ? " aria-current=\"page\"" : "");
        salle__html_esc(b, name ? name : l);
        salle__html_put(b, "</a></li>\n");
    }
    salle__html_put(b, "</ul>\n</nav>\n");
}

/* ---------------------------------------------------------------- session items and lists */

static void person_links(salle__html_buf *b, const salle__site *site, const salle_ids *who,
                         const char *root)
{
    for (int i = 0; i < who->n; i++) {
        const salle_person *p = &site->inst->people[who->v[i]];
        if (i)
            salle__html_put(b, ", ");
        salle__html_printf(b, "<a href=\"%sperson/%s.html\">", root, site->person_slug[who->v[i]]);
        salle__html_esc(b, p->name);
        salle__html_put(b, "</a>");
        if (p->remote)
            salle__html_put(b, salle__tr(page_lang, " (remote)"));
    }
}

void salle__html_person_links(salle__html_buf *b, const salle__site *site, const salle_ids *who,
                              const char *root)
{
    person_links(b, site, who, root);
}

static void time_range(salle__html_buf *b, const salle__site *site, int a, int show_day)
{
    const salle_assignment *as = &site->s->assign[a];
    int end = as->start + site->inst->sessions[as->session].duration;
    if (show_day && site->assign_day[a] >= 0) {
        char day[64];
        salle__html_put(b, salle__html_day_short(site, site->assign_day[a], day));
        salle__html_put(b, ", ");
    }
    salle__html_time(b, site, as->start);
    salle__html_put(b, "\xe2\x80\x93"); /* en dash */
    salle__html_time(b, site, end);
}

/* ---------------------------------------------------------------- marks, languages, other zones */

const char *salle__html_when(const salle_instance *inst, int t, char *buf)
{
    char iso[32];
    salle_time_iso(inst, t, iso); /* "2018-11-13T11:00": the date part says the day */
    iso[10] = 0;
    long day = salle__parse_date(iso);
    int wd = salle__weekday(day), mm = atoi(iso + 5);
    snprintf(buf, 96, "%s %d %s %s", salle__tr(page_lang, weekday_short[wd % 7]), atoi(iso + 8),
             salle__tr(page_lang, month_short[(mm >= 1 && mm <= 12 ? mm : 1) - 1]), iso + 11);
    return buf;
}

void salle__html_mark(salle__html_buf *b, const salle__site *site, int se, int compact)
{
    const salle_instance *inst = site->inst;
    int k = site->sess_change ? site->sess_change[se] : -1;
    const salle_change *c = k >= 0 ? &site->changes[k] : NULL;
    const char *word = inst->sessions[se].cancelled            ? N_("Cancelled")
                       : !c                                    ? NULL
                       : c->kind == SALLE_CHANGE_NEW           ? N_("New")
                       : c->kind == SALLE_CHANGE_MOVED         ? N_("Moved")
                       : c->kind == SALLE_CHANGE_RESIZED       ? N_("New length")
                                                               : NULL;
    if (!word)
        return;
    word = TR(word);
    const char *cls = inst->sessions[se].cancelled ? "mark cancelled" : "mark";
    if (compact) {
        salle__html_printf(b, " <span class=\"%s\">%s</span>", cls, word);
        return;
    }
    char w[96];
    salle__html_printf(b, "<p class=\"notice\"><span class=\"%s\">%s</span> ", cls, word);
    if (inst->sessions[se].cancelled)
        salle__html_put(b, TR("The publisher has cancelled this session; it will not take place."));
    else if (c->kind == SALLE_CHANGE_NEW)
        salle__html_put(b, TR("This session is new in this version of the programme."));
    else {
        const salle_instance *oi = site->prev_inst ? site->prev_inst : inst;
        if (c->kind == SALLE_CHANGE_MOVED) {
            salle__html_put(b, TR("In the previous version it was on"));
            salle__html_put(b, " ");
            salle__html_esc(b, salle__html_when(oi, c->old_start, w));
            salle__html_printf(b, " %s ", TR("in"));
            salle__html_esc(b, oi->rooms[c->old_room].name);
            salle__html_put(b, ".");
        } else {
            salle__html_printf(b, TR("In the previous version it was at the same time but %d "
                                     "minutes long."), c->old_duration);
        }
    }
    if (site->has_changes)
        salle__html_printf(b, " <a href=\"../changes.html\">%s</a>", TR("All changes"));
    salle__html_put(b, "</p>\n");
}


/* 1 if s is a BCP 47 language tag such as "fr", "es-419", "zh-Hant": 2-3 letters, then subtags
 * of 1-8 letters or digits. Imported programmes also write "English" or "de/en": no tag. */
static int lang_tag(const char *s)
{
    size_t part = 0, nparts = 0;
    for (size_t i = 0;; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '-' || c == 0) {
            if (part == 0 || part > 8 || (nparts == 0 && (part < 2 || part > 3)))
                return 0;
            nparts++;
            part = 0;
            if (!c)
                return 1;
            continue;
        }
        int alpha = (c | 32) >= 'a' && (c | 32) <= 'z', digit = c >= '0' && c <= '9';
        if (!(alpha || (nparts > 0 && digit)))
            return 0;
        part++;
    }
}

void salle__html_lang(salle__html_buf *b, const char *lang)
{
    if (!lang || !lang_tag(lang))
        return;
    const char *page = page_lang ? page_lang : "en";
    size_t n = strcspn(lang, "-");
    if (n == strcspn(page, "-") && strncasecmp(lang, page, n) == 0)
        return; /* the page's own language */
    salle__html_put(b, " lang=\"");
    salle__html_esc(b, lang);
    /* text in a left-to-right language on an Arabic page must say so too */
    salle__html_put(b, salle__tr_rtl(lang)   ? "\" dir=\"rtl\""
                       : salle__tr_rtl(page) ? "\" dir=\"ltr\""
                                             : "\"");
}

/* " (17:00-18:30 in Asia/Manila)" for assignment a in remote person p's own zone. */
static void local_range(salle__html_buf *b, const salle__site *site, int a, int p)
{
    const salle_person *pe = &site->inst->people[p];
    const salle_assignment *as = &site->s->assign[a];
    int d = site->assign_day[a];
    if (!pe->timezone || !pe->local_shift || d < 0)
        return;
    int shift = pe->local_shift[d];
    int t0 = as->start - site->inst->event.day_offset[d] + shift;
    int t1 = t0 + site->inst->sessions[as->session].duration;
    char c0[32], c1[32];
    int d0 = t0 < 0 ? -1 : t0 / SALLE_MINUTES_PER_DAY;
    salle_time_clock(((t0 % SALLE_MINUTES_PER_DAY) + SALLE_MINUTES_PER_DAY) % SALLE_MINUTES_PER_DAY, c0);
    salle_time_clock(((t1 % SALLE_MINUTES_PER_DAY) + SALLE_MINUTES_PER_DAY) % SALLE_MINUTES_PER_DAY, c1);
    salle__html_printf(b, " <span class=\"local\">(%s\xe2\x80\x93%s%s %s ", c0, c1,
                       d0 < 0 ? TR(", the day before") : d0 > 0 ? TR(", the next day") : "",
                       TR("in"));
    salle__html_esc(b, pe->timezone);
    salle__html_printf(b, "%s)</span>", TR(", their own time"));
}

/* The link to session se's page, its title in the session's language, then its change mark.
 * attr is put into the <a> tag as it is (a class). */
static void title_link(salle__html_buf *b, const salle__site *site, int se, const char *root,
                       const char *attr)
{
    const salle_session *x = &site->inst->sessions[se];
    salle__html_printf(b, "<a%s href=\"%ss/%s.html\"", attr, root, site->sess_slug[se]);
    salle__html_lang(b, x->language);
    salle__html_put(b, ">");
    salle__html_esc(b, x->title);
    salle__html_put(b, "</a>");
    salle__html_mark(b, site, se, 1);
}

void salle__html_session_item_for(salle__html_buf *b, const salle__site *site, int a,
                                  const char *root, int show_day, int p)
{
    const salle_instance *inst = site->inst;
    const salle_assignment *as = &site->s->assign[a];
    const salle_session *se = &inst->sessions[as->session];
    salle__html_put(b, "<li>");
    title_link(b, site, as->session, root, " class=\"title\"");
    salle__html_put(b, "\n<span class=\"meta\">");
    time_range(b, site, a, show_day);
    if (p >= 0)
        local_range(b, site, a, p);
    salle__html_printf(b, " \xc2\xb7 <a href=\"%sroom/%s.html\">", root, site->room_slug[as->room]);
    salle__html_esc(b, inst->rooms[as->room].name);
    salle__html_put(b, "</a>");
    for (int i = 0; i < se->tracks.n; i++) {
        salle__html_printf(b, " \xc2\xb7 <a href=\"%strack/%s.html\">", root,
                           site->track_slug[se->tracks.v[i]]);
        salle__html_esc(b, inst->track_names[se->tracks.v[i]]);
        salle__html_put(b, "</a>");
    }
    salle__html_put(b, "</span>");
    if (se->speakers.n) {
        salle__html_put(b, "\n<span class=\"who\">");
        person_links(b, site, &se->speakers, root);
        salle__html_put(b, "</span>");
    }
    salle__html_badges(b, site, a, 1);
    salle__html_put(b, "</li>\n");
}

void salle__html_session_item(salle__html_buf *b, const salle__site *site, int a,
                              const char *root, int show_day)
{
    salle__html_session_item_for(b, site, a, root, show_day, -1);
}

void salle__html_by_time(salle__html_buf *b, const salle__site *site, const int *v, int n,
                         const char *root, int h, const char *idprefix)
{
    for (int i = 0; i < n;) {
        int start = site->s->assign[v[i]].start;
        char clk[32];
        salle_time_clock(start, clk);
        salle__html_printf(b, "<section aria-labelledby=\"%s%d\">\n<h%d id=\"%s%d\">", idprefix,
                           start, h, idprefix, start);
        salle__html_time(b, site, start);
        salle__html_printf(b, "</h%d>\n<ul class=\"sessions\">\n", h);
        for (; i < n && site->s->assign[v[i]].start == start; i++)
            salle__html_session_item(b, site, v[i], root, 0);
        salle__html_put(b, "</ul>\n</section>\n");
    }
}

void salle__html_by_day(salle__html_buf *b, const salle__site *site, const int *v, int n,
                        const char *root, int h, int p)
{
    for (int i = 0; i < n;) {
        int d = site->assign_day[v[i]];
        char day[64];
        salle__html_printf(b, "<h%d>%s</h%d>\n<ul class=\"sessions\">\n", h,
                           d >= 0 ? salle__html_day_long(site, d, day) : TR("Outside the event days"), h);
        for (; i < n && site->assign_day[v[i]] == d; i++)
            salle__html_session_item_for(b, site, v[i], root, 0, p);
        salle__html_put(b, "</ul>\n");
    }
}

/* ---------------------------------------------------------------- the day grid */

/* One grid cell: what runs in one room from row first to row last (sessions that overlap in one
 * room, which only a broken schedule has, share a cell rather than hide each other). */
typedef struct cell {
    int first, last;  /* rows */
    int end;          /* minutes: the latest end of its sessions */
    int from, count;  /* its sessions: v[idx[from .. from+count-1]] */
} cell;

static void grid_cell(salle__html_buf *b, const salle__site *site, const int *v, const int *idx,
                      const cell *c, const char *root)
{
    const salle_instance *inst = site->inst;
    if (c->last > c->first)
        salle__html_printf(b, "<td rowspan=\"%d\">", c->last - c->first + 1);
    else
        salle__html_put(b, "<td>");
    for (int x = c->from; x < c->from + c->count; x++) {
        const salle_assignment *as = &site->s->assign[v[idx[x]]];
        const salle_session *se = &inst->sessions[as->session];
        salle__html_put(b, se->cancelled ? "<div class=\"cell gone\">" : "<div class=\"cell\">");
        title_link(b, site, as->session, root, "");
        salle__html_put(b, " <span class=\"meta\">");
        salle__html_time(b, site, as->start);
        salle__html_put(b, "\xe2\x80\x93");
        salle__html_time(b, site, as->start + se->duration);
        salle__html_put(b, "</span>");
        salle__html_badges(b, site, v[idx[x]], 1);
        salle__html_put(b, "</div>");
    }
    salle__html_put(b, "</td>");
}

void salle__html_grid(salle__html_buf *b, const salle__site *site, int d, const int *v, int n,
                      const char *root)
{
    const salle_instance *inst = site->inst;
    /* The rooms in use this day, in the instance's order (organisers list rooms the way their
     * venue map does), split into balanced groups: 29 rooms make 4 tables of 7-8 columns, which
     * a laptop shows whole, instead of one table nobody can read. */
    int *used = salle__xcalloc((size_t)inst->nrooms, sizeof *used);
    for (int i = 0; i < n; i++)
        used[site->s->assign[v[i]].room] = 1;
    int nused = 0;
    for (int r = 0; r < inst->nrooms; r++)
        nused += used[r];
    int ngroups = (nused + SALLE__GRID_ROOMS - 1) / SALLE__GRID_ROOMS;
    int *rooms = salle__xmalloc((size_t)(nused ? nused : 1) * sizeof *rooms);
    for (int r = 0, k = 0; r < inst->nrooms; r++)
        if (used[r])
            rooms[k++] = r;
    int *col = salle__xmalloc((size_t)inst->nrooms * sizeof *col);
    /* One row per start time of the day, the same rows in every table, so that the tables of a
     * big day line up and "jump to time" has a row to go to in each. v is sorted by start. */
    int *row_t = salle__xmalloc((size_t)(n ? n : 1) * sizeof *row_t), nrows = 0;
    int *row_of = salle__xmalloc((size_t)(n ? n : 1) * sizeof *row_of);
    for (int i = 0; i < n; i++) {
        int t = site->s->assign[v[i]].start;
        if (nrows == 0 || row_t[nrows - 1] != t)
            row_t[nrows++] = t;
        row_of[i] = nrows - 1;
    }
    int *idx = salle__xmalloc((size_t)(n ? n : 1) * sizeof *idx);
    cell *cells = salle__xmalloc((size_t)(n ? n : 1) * sizeof *cells);
    /* per column and row: the cell that starts there, -1 a free cell, -2 covered from above */
    int *at = salle__xmalloc((size_t)(nrows ? nrows : 1) * SALLE__GRID_ROOMS * sizeof *at);
    char day[64];
    salle__html_day_long(site, d, day);

    for (int g = 0, first = 0; g < ngroups; g++) {
        int count = nused / ngroups + (g < nused % ngroups);
        for (int r = 0; r < inst->nrooms; r++)
            col[r] = -1;
        for (int k = 0; k < count; k++)
            col[rooms[first + k]] = k;
        /* A session spans every row that starts before it ends, so the cells beneath a 90-minute
         * session are its own (rowspan, which screen readers announce), not seemingly free. */
        int ncells = 0, nidx = 0;
        for (int i = 0; i < nrows * count; i++)
            at[i] = -1;
        for (int k = 0; k < count; k++) {
            int open = -1;
            for (int i = 0; i < n; i++) {
                const salle_assignment *as = &site->s->assign[v[i]];
                if (col[as->room] != k)
                    continue;
                int end = as->start + inst->sessions[as->session].duration;
                if (open >= 0 && as->start < cells[open].end) {
                    cells[open].count++;
                    if (end > cells[open].end)
                        cells[open].end = end;
                } else {
                    open = ncells++;
                    cells[open] = (cell){row_of[i], row_of[i], end, nidx, 1};
                }
                idx[nidx++] = i;
            }
        }
        for (int c = 0; c < ncells; c++) {
            cell *x = &cells[c];
            while (x->last + 1 < nrows && row_t[x->last + 1] < x->end)
                x->last++;
            int k = col[site->s->assign[v[idx[x->from]]].room];
            at[x->first * count + k] = c;
            for (int r = x->first + 1; r <= x->last; r++)
                at[r * count + k] = -2;
        }
        salle__html_printf(b, "<div class=\"scroll\" role=\"region\" tabindex=\"0\" "
                              "aria-labelledby=\"grid-%d\">\n<table class=\"grid\">\n"
                              "<caption id=\"grid-%d\">%s", g, g, day);
        if (ngroups > 1)
            salle__html_printf(b, TR(", rooms %d to %d of %d"), first + 1, first + count, nused);
        salle__html_printf(b, "</caption>\n<thead>\n<tr><th scope=\"col\">%s</th>", TR("Time"));
        for (int k = 0; k < count; k++) {
            int r = rooms[first + k];
            salle__html_printf(b, "<th scope=\"col\"><a href=\"%sroom/%s.html\">", root,
                               site->room_slug[r]);
            salle__html_esc(b, inst->rooms[r].name);
            salle__html_put(b, "</a></th>");
        }
        salle__html_put(b, "</tr>\n</thead>\n<tbody>\n");
        for (int i = 0; i < nrows; i++) {
            if (g == 0)
                salle__html_printf(b, "<tr id=\"at-%d\"><th scope=\"row\">", row_t[i]);
            else
                salle__html_put(b, "<tr><th scope=\"row\">");
            salle__html_time(b, site, row_t[i]);
            salle__html_put(b, "</th>");
            for (int k = 0; k < count; k++) {
                int c = at[i * count + k];
                if (c == -1)
                    salle__html_put(b, "<td></td>");
                else if (c >= 0)
                    grid_cell(b, site, v, idx, &cells[c], root);
            }
            salle__html_put(b, "</tr>\n");
        }
        salle__html_put(b, "</tbody>\n</table>\n</div>\n");
        first += count;
    }
    free(at);
    free(cells);
    free(idx);
    free(row_of);
    free(row_t);
    free(col);
    free(rooms);
    free(used);
}

/* ---------------------------------------------------------------- the session page */

/* The abstract, in the session's language when it has one. */
static void abstract(salle__html_buf *b, const salle_session *se)
{
    if (!se->abstract || !se->abstract[0])
        return;
    salle__html_printf(b, "<h2>%s</h2>\n<div", salle__tr(page_lang, "Abstract"));
    salle__html_lang(b, se->language);
    salle__html_put(b, ">\n");
    /* HTML and Markdown as the publisher meant, through the allow-list (formats/text.h) */
    char *h = salle__text_html(se->abstract, se->abstract_format);
    salle__html_put(b, h);
    free(h);
    salle__html_put(b, "</div>\n");
}

void salle__html_cancelled_page(salle__html_buf *b, const salle__site *site, const salle_change *c)
{
    const salle_instance *oi = site->prev_inst ? site->prev_inst : site->inst;
    const salle_session *se = c->session >= 0 ? &site->inst->sessions[c->session]
                                              : &oi->sessions[c->old_session];
    char title[400], w[96];
    snprintf(title, sizeof title, "%s %s", TR("Cancelled:"), se->title);
    salle__html_begin(b, site, "../", title, SALLE__NAV_NONE, NULL);
    salle__html_printf(b, "<h1><span class=\"mark cancelled\">%s</span> <span", TR("Cancelled"));
    salle__html_lang(b, se->language);
    salle__html_put(b, ">");
    salle__html_esc(b, se->title);
    salle__html_put(b, "</span></h1>\n<p class=\"notice\">");
    salle__html_put(b, c->cause == SALLE_CANCEL_MARKED
                           ? TR("The publisher has cancelled this session; it will not take place.")
                           : TR("This session is no longer in the programme; it will not take place "
                                "as announced."));
    salle__html_printf(b, " <a href=\"../changes.html\">%s</a></p>\n"
                          "<dl class=\"facts\">\n<dt>%s</dt><dd><del>",
                       TR("All changes since the previous version"), TR("Was"));
    salle__html_esc(b, salle__html_when(oi, c->old_start, w));
    salle__html_put(b, "\xe2\x80\x93");
    salle__html_esc(b, salle_time_clock(c->old_start + c->old_duration, w));
    salle__html_put(b, ", ");
    salle__html_esc(b, oi->rooms[c->old_room].name);
    salle__html_printf(b, "</del> <span class=\"zone\">(%s)</span></dd>\n", TR("local time"));
    if (se->format) {
        salle__html_printf(b, "<dt>%s</dt><dd>", TR("Format"));
        salle__html_esc(b, se->format);
        salle__html_put(b, "</dd>\n");
    }
    salle__html_put(b, "</dl>\n");
    abstract(b, se);
    salle__html_end(b, site, "../", NULL);
}

/* The links a forum session lives by (issue 8): join remotely, comment on the shared document,
 * read the report, the transcript or captions, watch the recording; then the source's other
 * links. Each link's text names what it leads to and, hidden for sighted readers who see the
 * heading, the session, so that a screen reader's list of links is unambiguous. */
/* The link types' labels (src/formats/export_util.c), here too so that xgettext finds them. */
static const char *const link_label_msgids[] = {N_("Remote participation"), N_("Shared document"),
                                                N_("Report and outcomes"),
                                                N_("Transcript or captions"), N_("Recording")};

static void session_links(salle__html_buf *b, const salle__site *site, const salle_session *se)
{
    (void)link_label_msgids;
    const salle_instance *inst = site->inst;
    static const char *const order[] = {"remote", "document", "report", "transcript", "recording", NULL};
    int shown = 0;
    for (int pass = 0; pass <= 5; pass++) {
        for (int k = 0; k < se->nlinks; k++) {
            const salle_link *l = &se->links[k];
            int typed = salle__link_label(l->type) != NULL;
            if (pass < 5 ? !typed || strcmp(l->type, order[pass]) != 0 : typed)
                continue;
            char *url = salle__export_url(inst, l->url);
            if (!url || !salle__html_safe_url(url)) {
                free(url);
                continue;
            }
            if (!shown++)
                salle__html_printf(b, "<h2>%s</h2>\n<ul class=\"plain links\">\n",
                                   TR("Take part and follow up"));
            salle__html_put(b, "<li><a href=\"");
            salle__html_esc(b, url);
            salle__html_put(b, "\">");
            const char *label = salle__link_label(l->type);
            const char *title = l->title && l->title[0] ? l->title : NULL;
            if (pass == 0)
                salle__html_put(b, TR("Join remotely"));
            else if (label)
                salle__html_esc(b, TR(label));
            if (title) {
                if (label)
                    salle__html_put(b, ": ");
                salle__html_esc(b, title);
            } else if (!label) {
                salle__html_esc(b, url);
            }
            salle__html_put(b, "<span class=\"vh\"> (");
            salle__html_esc(b, se->title);
            salle__html_put(b, ")</span></a>");
            if (l->note && l->note[0]) {
                salle__html_put(b, " \xe2\x80\x94 ");
                salle__html_esc(b, l->note);
            }
            salle__html_put(b, "</li>\n");
            free(url);
        }
    }
    if (shown)
        salle__html_put(b, "</ul>\n");
    if (se->do_not_record)
        salle__html_printf(b, "<p>%s</p>\n", TR("This session is not recorded."));
}

void salle__html_session_page(salle__html_buf *b, const salle__site *site, int a)
{
    const salle_instance *inst = site->inst;
    const salle_assignment *as = &site->s->assign[a];
    const salle_session *se = &inst->sessions[as->session];
    const salle_room *r = &inst->rooms[as->room];
    int d = site->assign_day[a];
    salle__html_begin(b, site, "../", se->title, d >= 0 ? SALLE__NAV_DAY + d : SALLE__NAV_NONE,
                      NULL);
    salle__html_put(b, "<h1");
    salle__html_lang(b, se->language);
    salle__html_put(b, ">");
    salle__html_esc(b, se->title);
    salle__html_put(b, "</h1>\n");
    salle__html_mark(b, site, as->session, 0);
    salle__html_full(b, site, a, 0);
    salle__html_interest(b, site, d, 1);
    if (badges_of(site, a, (badge[5]){0}) > 0) {
        salle__html_put(b, "<p class=\"access\">");
        salle__html_badges(b, site, a, 0);
        salle__html_put(b, "</p>\n");
    }
    salle__html_printf(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>", TR("When"));
    if (d >= 0) {
        char day[64];
        salle__html_printf(b, "<a href=\"../day-%s.html\">%s</a>, ", inst->event.days[d],
                           salle__html_day_long(site, d, day));
    }
    time_range(b, site, a, 0);
    salle__html_printf(b, " <span class=\"zone\">\xc2\xb7 ");
    salle__html_printf(b, TRN("%d minute", "%d minutes", se->duration), se->duration);
    salle__html_printf(b, " \xc2\xb7 %s ", TR("local time"));
    salle__html_zone(b, site, d);
    salle__html_printf(b, "</span></dd>\n<dt>%s</dt><dd>", TR("Room"));
    salle__html_printf(b, "<a href=\"../room/%s.html\">", site->room_slug[as->room]);
    salle__html_esc(b, r->name);
    salle__html_put(b, "</a>");
    if (r->venue >= 0) {
        salle__html_put(b, ", ");
        salle__html_esc(b, inst->venues[r->venue].name);
    }
    salle__html_put(b, "</dd>\n");
    if (se->tracks.n) {
        salle__html_printf(b, "<dt>%s</dt><dd>", se->tracks.n > 1 ? TR("Tracks") : TR("Track"));
        for (int i = 0; i < se->tracks.n; i++) {
            salle__html_printf(b, "%s<a href=\"../track/%s.html\">", i ? ", " : "",
                               site->track_slug[se->tracks.v[i]]);
            salle__html_esc(b, inst->track_names[se->tracks.v[i]]);
            salle__html_put(b, "</a>");
        }
        salle__html_put(b, "</dd>\n");
    }
    if (se->format) {
        salle__html_printf(b, "<dt>%s</dt><dd>", TR("Format"));
        salle__html_esc(b, se->format);
        salle__html_put(b, "</dd>\n");
    }
    if (se->language) {
        salle__html_printf(b, "<dt>%s</dt><dd>", TR("Language"));
        salle__html_esc(b, se->language);
        salle__html_put(b, "</dd>\n");
    }
    if (se->organizers.n) {
        salle__html_printf(b, "<dt>%s</dt><dd>", TR("Organizers"));
        person_links(b, site, &se->organizers, "../");
        salle__html_put(b, "</dd>\n");
    }
    if (se->speakers.n) {
        salle__html_printf(b, "<dt>%s</dt><dd>", TR("Speakers"));
        person_links(b, site, &se->speakers, "../");
        salle__html_put(b, "</dd>\n");
    }
    salle__html_put(b, "</dl>\n");
    abstract(b, se);
    session_links(b, site, se);
    salle__html_printf(b, "<h2>%s</h2>\n<ul class=\"plain\">\n", TR("Follow"));
    if (!se->cancelled)
        salle__html_printf(b, "<li><a href=\"../ics/s-%s.ics\">%s</a></li>\n",
                           site->sess_slug[as->session],
                           TR("This session in your calendar (iCalendar)"));
    char *own = salle__export_url(inst, se->url); /* a relative one from the event's (issue 8) */
    if (salle__html_safe_url(own)) {
        salle__html_put(b, "<li><a href=\"");
        salle__html_esc(b, own);
        salle__html_printf(b, "\">%s</a></li>\n", TR("This session on the event\xe2\x80\x99s own site"));
    }
    free(own);
    /* Each person's own calendar is on their page: eleven links here would bury the rest. */
    salle__html_follow_end(b, site, as->room);
}

void salle__html_follow_end(salle__html_buf *b, const salle__site *site, int room)
{
    salle__html_printf(b, "<li><a href=\"../ics/room-%s.ics\">%s</a></li>\n",
                       site->room_slug[room], TR("Calendar of this room (iCalendar)"));
    salle__html_printf(b, "<li><a href=\"../ics/all.ics\">%s</a></li>\n",
                       TR("Calendar of the whole programme (iCalendar)"));
    salle__html_put(b, "</ul>\n");
    salle__html_end(b, site, "../", NULL);
}

/* ---------------------------------------------------------------- style and script */

/* Colours are checked against WCAG 2.2 AA: body text #1b1b1b on white is 17:1, links #0b4f9c
 * 8:1, muted text #4a4a4a on the #f3f4f6 item background 8:1, white on the #12324f header 13:1.
 * Sizes are in rem so that text zoom works; nothing is wider than the screen but the grids. */
static const char css[] =
    "/* salle: the programme's one style sheet. No fonts are downloaded: system fonts read well. */\n"
    ":root{color-scheme:light;--fg:#1b1b1b;--bg:#fff;--link:#0b4f9c;--visited:#5a2d82;"
    "--muted:#4a4a4a;--line:#767676;--soft:#f3f4f6;--focus:#b3261e;--head:#12324f}\n"
    "*,*::before,*::after{box-sizing:border-box}\n"
    "html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
    "body{margin:0;font:1rem/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\","
    "\"Liberation Sans\",sans-serif;color:var(--fg);background:var(--bg);overflow-wrap:break-word}\n"
    "main p,main li,main dd,h1,h2,h3{overflow-wrap:anywhere}\n"
    "a{color:var(--link);text-underline-offset:.15em}\n"
    "a:visited{color:var(--visited)}\n"
    "a:hover{text-decoration-thickness:.15em}\n"
    ":focus-visible{outline:3px solid var(--focus);outline-offset:2px}\n"
    "main:focus{outline:none}\n"
    ".skip{position:absolute;inset-inline-start:.5rem;top:-20rem;z-index:10;background:#fff;color:var(--link);"
    "padding:.5rem 1rem;border:2px solid var(--focus)}\n"
    ".skip:focus{top:.5rem}\n"
    ".vh{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
    "clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;border:0}\n"
    "header.site{background:var(--head);color:#fff;padding:.5rem 1rem .75rem}\n"
    "header.site>*,footer.site>*{max-width:73rem;margin-inline:auto}\n"
    "header.site a{color:#fff}\n"
    "header.site :focus-visible{outline-color:#fff}\n"
    ".event{margin:0 0 .25rem;font-weight:700;font-size:1.1rem}\n"
    "nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}\n"
    "nav a{display:inline-block;padding:.2rem 0}\n"
    "nav a[aria-current=page]{font-weight:700;text-decoration-thickness:.2em}\n"
    "main{display:block;max-width:75rem;margin:0 auto;padding:1rem}\n"
    "h1{font-size:1.75rem;line-height:1.2;margin:.5rem 0 1rem}\n"
    "h2{font-size:1.3rem;margin:1.5rem 0 .5rem}\n"
    "h3{font-size:1.1rem;margin:1.25rem 0 .4rem}\n"
    ".lead,.zone{color:var(--muted)}\n"
    ".views{margin:0 0 1rem}\n"
    ".views ul{gap:.5rem}\n"
    ".views a{display:inline-block;padding:.35rem .75rem;border:1px solid var(--line);"
    "border-radius:.3rem;text-decoration:none}\n"
    ".views a[aria-current=page]{background:var(--head);color:#fff;border-color:var(--head)}\n"
    "ul.sessions,ul.plain{list-style:none;padding:0;margin:0 0 1rem}\n"
    "ul.sessions li{background:var(--soft);border-inline-start:.3rem solid #5b6b80;padding:.45rem .75rem;"
    "margin:0 0 .5rem}\n"
    "ul.plain li{margin:.3rem 0}\n"
    ".title{font-weight:600}\n"
    ".meta,.who{display:block;color:var(--muted)}\n"
    ".meta a,.who a{color:var(--link)}\n"
    ".badges{display:inline-block}\n"
    ".badge{display:inline-block;border:1px solid var(--line);border-radius:.25rem;"
    "padding:0 .3rem;margin-block:.15rem 0;margin-inline:0 .3rem;font-size:.85rem;font-weight:600;background:#fff;"
    "color:var(--fg);white-space:nowrap}\n"
    ".access .badge{font-size:1rem;padding:.1rem .45rem}\n"
    "dl.facts{display:grid;grid-template-columns:minmax(6rem,max-content) 1fr;gap:.35rem 1rem;"
    "margin:0 0 1rem}\n"
    "dl.facts dt{font-weight:700}\n"
    "dl.facts dd{margin:0}\n"
    "@media (max-width:30em){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.4rem}}\n"
    "table{border-collapse:collapse}\n"
    ".scroll{position:relative;overflow-x:auto;max-width:100%;margin:0 0 1.5rem;"
    "border:1px solid var(--line)}\n" /* relative: keeps .vh text inside the scroller */

    ".scroll:focus-visible{outline:3px solid var(--focus)}\n"
    "caption{text-align:start;font-weight:700;padding:.5rem}\n"
    ".grid{width:100%}\n"
    ".grid th,.grid td{border:1px solid #c4c4c4;padding:.35rem .45rem;vertical-align:top;"
    "text-align:start}\n"
    ".grid thead th{background:#e6ebf1;min-width:9rem}\n"
    ".grid thead th:first-child{min-width:0}\n"
    ".grid tbody th{background:var(--soft);white-space:nowrap;font-weight:600}\n"
    ".grid td{min-width:9rem;max-width:18rem;font-size:.95rem}\n"
    ".grid .cell+.cell{margin-top:.4rem;border-top:1px dashed var(--line);padding-top:.4rem}\n"
    ".grid .meta{display:inline;font-size:.9rem}\n"
    ".list-table th,.list-table td{border-bottom:1px solid #c4c4c4;padding:.35rem .6rem;"
    "text-align:start;vertical-align:top}\n"
    ".legend{font-size:.95rem}\n"
    ".legend .badge{margin-inline-start:.2rem}\n"
    ".filter{margin:0 0 1rem;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}\n"
    ".filter input{font:inherit;padding:.3rem .5rem;border:1px solid var(--line);"
    "border-radius:.25rem;max-width:100%}\n"
    "ins{text-decoration:none;font-weight:600}\n"
    /* issue 8: version line, change marks, jump links, A-Z, other zones */
    ".version{margin:0 0 .35rem;font-size:.9rem}\n"
    ".mark{display:inline-block;border:2px solid var(--fg);border-radius:.25rem;padding:0 .3rem;"
    "font-size:.85rem;font-weight:700;background:#fff;color:var(--fg);white-space:nowrap}\n"
    ".mark.cancelled{border-color:#b3261e;color:#8c1d18}\n"
    /* issue 11: full rooms, the language switcher */
    ".mark.full{border-style:dashed}\n"
    ".langs{margin:0 0 .35rem}\n"
    ".langs ul{gap:.25rem .75rem}\n"
    ".langs a[aria-current=page]{font-weight:700;text-decoration-thickness:.2em}\n"
    ".gone>a{text-decoration-line:underline line-through}\n"
    ".notice{border-inline-start:.3rem solid var(--fg);padding:.4rem .75rem;background:var(--soft)}\n"
    ".jump ul,.az ul{list-style:none;padding:0;margin:0 0 1rem;display:flex;flex-wrap:wrap;"
    "gap:.25rem .75rem}\n"
    ".jump a,.az a{display:inline-block;padding:.2rem .35rem;min-width:1.5rem}\n"
    ".local{display:inline}\n"
    "del{color:var(--muted)}\n"
    "footer.site{border-top:1px solid var(--line);margin-top:2rem;padding:.5rem 1rem 1.5rem;"
    "color:var(--muted);font-size:.95rem}\n"
    "footer.site p{margin-top:.4rem;margin-bottom:.4rem}\n"
    /* The day page carries both views: the list below 60em (phones, zoomed-in screens), the
     * grid above. display:none also hides the other view from screen readers. */
    ".day-grid{display:none}\n"
    "@media (min-width:60em){.day-grid{display:block}.day-list{display:none}}\n"
    /* Below 60em both views are a list, so offering a choice would only confuse. */
    ".views{display:none}\n"
    "@media (min-width:60em){.views{display:block}}\n"
    "@media print{\n"
    "body{font-size:10pt;color:#000}\n"
    ".skip,header.site nav,.views,.filter,footer.site p+p{display:none!important}\n"
    "header.site{background:none;color:#000;padding:0}\n"
    "header.site a,a,a:visited{color:#000;text-decoration:none}\n"
    "main{max-width:none;padding:0}\n"
    ".day-grid{display:none!important}\n"
    ".day-list{display:block!important}\n"
    "ul.sessions li{background:none;border:0;border-bottom:1px solid #999;padding:.2rem 0;"
    "break-inside:avoid}\n"
    "h2,h3{break-after:avoid}\n"
    ".scroll{overflow:visible;border:0}\n"
    ".badge{border-color:#000}\n"
    "}\n";

const char *salle__html_css(void)
{
    return css;
}

/* Filters the list of sessions as one types. The page is complete without it: filtering by
 * track or room is done with links to their pages, and this only saves scrolling. */
static const char filter_js[] =
    "(function(){\n"
    "var list=document.getElementById('sessions');\n"
    "if(!list||!document.querySelector)return;\n"
    "var box=document.createElement('div');box.className='filter';\n"
    "box.innerHTML='<label for=\"filter\"></label>'+\n"
    " '<input id=\"filter\" type=\"search\" autocomplete=\"off\">'+\n"
    " '<span id=\"filter-count\" role=\"status\"></span>';\n"
    "box.querySelector('label').textContent=list.getAttribute('data-label')||'Filter';\n"
    "list.parentNode.insertBefore(box,list);\n"
    "var items=list.querySelectorAll('li'),groups=list.querySelectorAll('section');\n"
    "var input=box.querySelector('input'),count=box.querySelector('[role=status]'),timer;\n"
    "function run(){\n"
    " var w=input.value.toLowerCase().trim(),shown=0,i;\n"
    " for(i=0;i<items.length;i++){var ok=!w||items[i].textContent.toLowerCase().indexOf(w)>=0;"
    "items[i].hidden=!ok;if(ok)shown++;}\n"
    " for(i=0;i<groups.length;i++)groups[i].hidden=!groups[i].querySelector('li:not([hidden])');\n"
    " count.textContent=w?(list.getAttribute('data-count')||'%1 / %2').replace('%1',shown)"
    ".replace('%2',items.length):'';\n"
    "}\n"
    "input.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(run,200);});\n"
    "})();\n";

const char *salle__html_filter_script(void)
{
    return filter_js;
}
