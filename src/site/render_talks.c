/*
 * render_talks.c: the talk-level programme of an academic conference on the static site (issue
 * 12.6), the way its attendees read it: a session block (a block in a room) with its track, its
 * chairs and its talks in order, each talk with its own time; a page per block and per talk (with
 * the previous and next talk of its block, and its own calendar); the blocks of a day on the
 * day's pages; a presenter's talks and a chair's blocks on their person pages.
 *
 * The talks come from the same salle__export as the calendars and feeds (formats/export.h), so a
 * talk's page, its calendar entry and its frab event show one time and one id. render_site.c
 * decides the file names and writes the files.
 */
#include "site/render_html.h"
#include "formats/export.h"

#include <stdlib.h>
#include <string.h>

/* "10:20–11:00" from minute start to minute end, with the short day of event day d first when
 * show_day. */
static void span(salle__html_buf *b, const salle__site *site, int d, int start, int end,
                 int show_day)
{
    if (show_day) {
        char day[64];
        salle__html_put(b, salle__html_day_short(site, d, day));
        salle__html_put(b, ", ");
    }
    salle__html_time(b, site, start);
    salle__html_put(b, "\xe2\x80\x93");
    salle__html_time(b, site, end);
}

/* The talk's own slots. */
static void ev_time(salle__html_buf *b, const salle__site *site, const salle__talk_event *e,
                    int show_day)
{
    span(b, site, e->day, e->start, e->end, show_day);
}

/* The block's whole time. */
static void block_time(salle__html_buf *b, const salle__site *site, int blk, int show_day)
{
    const salle_block *bl = &site->inst->talks->blocks[blk];
    span(b, site, bl->day, bl->start, bl->end, show_day);
}

/* A fact of a page one level down, "<dt>Chairs</dt><dd>links</dd>", when who is not empty. */
static void people_fact(salle__html_buf *b, const salle__site *site, const char *label,
                        const salle_ids *who)
{
    if (!who->n)
        return;
    salle__html_printf(b, "<dt>%s</dt><dd>", label);
    salle__html_person_links(b, site, who, "../");
    salle__html_put(b, "</dd>\n");
}

int salle__site_cell_track(const salle__site *site, int cell)
{
    const salle_talk_plan *p = site->s->talk_plan;
    return p && cell >= 0 && cell < p->nblocks * p->nrooms ? p->cell_track[cell] : -1;
}

/* The talks of a cell, in the order they are given (ev indices, start order). */
static int cell_talks(const salle__site *site, int cell, int *out)
{
    const salle__export *x = site->tx;
    int n = 0;
    for (int i = 0; i < x->ntalk_ev; i++)
        if (x->talk_ev[i].block * site->inst->nrooms + x->talk_ev[i].room == cell)
            out[n++] = i;
    return n;
}

/* One talk as a list item: time, title (a link to its page), presenters. */
static void talk_item(salle__html_buf *b, const salle__site *site, int ev, const char *root,
                      int show_day)
{
    const salle__talk_event *e = &site->tx->talk_ev[ev];
    const salle_talk *k = &site->inst->talks->talks[e->talk];
    salle__html_put(b, "<li class=\"talk\"><span class=\"when\">");
    ev_time(b, site, e, show_day);
    salle__html_printf(b, "</span> <a href=\"%st/%s.html\">", root, site->talk_slug[e->talk]);
    salle__html_esc(b, k->title);
    salle__html_put(b, "</a>");
    if (k->presenters.n) {
        salle__html_printf(b, "<br><span class=\"meta\">%s ", TR("Presented by"));
        salle__html_person_links(b, site, &k->presenters, root);
        salle__html_put(b, "</span>");
    }
    salle__html_put(b, "</li>\n");
}

/* A block in a room: heading (level h) with its track and a link to its page, time, room,
 * chairs, then its talks in order. */
static void cell_section(salle__html_buf *b, const salle__site *site, int cell, const char *root,
                         int h, int show_day, int *buf)
{
    const salle_instance *inst = site->inst;
    int blk = cell / inst->nrooms, room = cell % inst->nrooms;
    const salle_talk_track *tr = &inst->talks->tracks[salle__site_cell_track(site, cell)];
    salle__html_printf(b, "<section class=\"block\" aria-labelledby=\"cell-%s\">\n"
                          "<h%d id=\"cell-%s\"><a href=\"%sb/%s.html\">",
                       site->cell_slug[cell], h, site->cell_slug[cell], root,
                       site->cell_slug[cell]);
    salle__html_esc(b, tr->name);
    salle__html_printf(b, "</a></h%d>\n<p class=\"meta\">", h);
    block_time(b, site, blk, show_day);
    salle__html_printf(b, " \xc2\xb7 <a href=\"%sroom/%s.html\">", root, site->room_slug[room]);
    salle__html_esc(b, inst->rooms[room].name);
    salle__html_put(b, "</a>");
    if (tr->chairs.n) {
        salle__html_printf(b, " \xc2\xb7 %s ", TRN("Chair:", "Chairs:", tr->chairs.n));
        salle__html_person_links(b, site, &tr->chairs, root);
    }
    salle__html_put(b, "</p>\n");
    int n = cell_talks(site, cell, buf);
    if (n) {
        salle__html_put(b, "<ol class=\"talks\">\n");
        for (int i = 0; i < n; i++)
            talk_item(b, site, buf[i], root, 0);
        salle__html_put(b, "</ol>\n");
    }
    salle__html_put(b, "</section>\n");
}

/* Used cells in time order (block, then room): the order blocks come in. */
static int *used_cells(const salle__site *site, int *n)
{
    const salle_talk_plan *p = site->s->talk_plan;
    int nc = p ? p->nblocks * p->nrooms : 0;
    int *v = salle__xmalloc(((size_t)nc + 1) * sizeof *v);
    *n = 0;
    for (int c = 0; c < nc; c++)
        if (salle__site_cell_track(site, c) >= 0)
            v[(*n)++] = c;
    return v;
}

/* The used cells of event day d (or any day when d < 0) in room (or any room when room < 0),
 * each a section under one heading of level h, the day shown when show_day. Returns how many;
 * b NULL only counts them. */
static int blocks_where(salle__html_buf *b, const salle__site *site, int d, int room,
                        const char *root, int h, int show_day)
{
    if (!site->tx || !site->tx->ntalk_ev)
        return 0;
    int n, shown = 0, nr = site->inst->nrooms;
    int *cells = used_cells(site, &n);
    int *buf = salle__xmalloc(((size_t)site->tx->ntalk_ev + 1) * sizeof *buf);
    for (int i = 0; i < n; i++) {
        if ((d >= 0 && site->inst->talks->blocks[cells[i] / nr].day != d) ||
            (room >= 0 && cells[i] % nr != room))
            continue;
        if (!b) { /* only counting */
            shown++;
            continue;
        }
        if (!shown++)
            salle__html_printf(b, "<div class=\"blocks\">\n<h%d>%s</h%d>\n", h,
                               TR("Session blocks and their talks"), h);
        cell_section(b, site, cells[i], root, h + 1, show_day, buf);
    }
    if (shown && b)
        salle__html_put(b, "</div>\n");
    free(buf);
    free(cells);
    return shown;
}

int salle__html_day_blocks(salle__html_buf *b, const salle__site *site, int d, const char *root,
                           int h)
{
    return blocks_where(b, site, d, -1, root, h, 0);
}

int salle__html_room_blocks(salle__html_buf *b, const salle__site *site, int room,
                            const char *root, int h)
{
    return blocks_where(b, site, -1, room, root, h, 1);
}

void salle__html_block_page(salle__html_buf *b, const salle__site *site, int cell)
{
    const salle_instance *inst = site->inst;
    int blk = cell / inst->nrooms, room = cell % inst->nrooms;
    const salle_block *bl = &inst->talks->blocks[blk];
    const salle_talk_track *tr = &inst->talks->tracks[salle__site_cell_track(site, cell)];
    char day[64];
    salle__html_begin(b, site, "../", tr->name, SALLE__NAV_DAY + bl->day, NULL);
    salle__html_put(b, "<h1>");
    salle__html_esc(b, tr->name);
    salle__html_printf(b, "</h1>\n<p class=\"lead\">%s</p>\n<dl class=\"facts\">\n<dt>%s</dt><dd>",
                       TR("A session block: the talks below follow each other in one room."),
                       TR("When"));
    salle__html_printf(b, "<a href=\"../day-%s.html\">%s</a>, ", inst->event.days[bl->day],
                       salle__html_day_long(site, bl->day, day));
    block_time(b, site, blk, 0);
    salle__html_printf(b, " <span class=\"zone\">\xc2\xb7 %s ", TR("local time"));
    salle__html_zone(b, site, bl->day);
    salle__html_printf(b, "</span></dd>\n<dt>%s</dt><dd><a href=\"../room/%s.html\">", TR("Room"),
                       site->room_slug[room]);
    salle__html_esc(b, inst->rooms[room].name);
    salle__html_put(b, "</a></dd>\n");
    people_fact(b, site, TRN("Chair", "Chairs", tr->chairs.n), &tr->chairs);
    salle__html_put(b, "</dl>\n");
    int *buf = salle__xmalloc(((size_t)site->tx->ntalk_ev + 1) * sizeof *buf);
    int n = cell_talks(site, cell, buf);
    salle__html_printf(b, "<h2>%s</h2>\n", TR("Talks in order"));
    if (n) {
        salle__html_put(b, "<ol class=\"talks\">\n");
        for (int i = 0; i < n; i++)
            talk_item(b, site, buf[i], "../", 0);
        salle__html_put(b, "</ol>\n");
    } else {
        salle__html_printf(b, "<p>%s</p>\n", TR("No talks are placed in this block yet."));
    }
    free(buf);
    salle__html_end(b, site, "../", NULL);
}

/* "Previous talk: <title>" / "Next talk: <title>" link of ev in its block, when there is one. */
static void neighbour(salle__html_buf *b, const salle__site *site, int ev, const char *label,
                      const char *rel)
{
    if (ev < 0)
        return;
    const salle__talk_event *e = &site->tx->talk_ev[ev];
    salle__html_printf(b, "<li><a rel=\"%s\" href=\"%s.html\">%s ", rel, site->talk_slug[e->talk],
                       label);
    salle__html_esc(b, site->inst->talks->talks[e->talk].title);
    salle__html_put(b, "</a> (");
    ev_time(b, site, e, 0);
    salle__html_put(b, ")</li>\n");
}

void salle__html_talk_page(salle__html_buf *b, const salle__site *site, int ev)
{
    const salle_instance *inst = site->inst;
    const salle__talk_event *e = &site->tx->talk_ev[ev];
    const salle_talk *k = &inst->talks->talks[e->talk];
    const salle_talk_track *tr = &inst->talks->tracks[k->track];
    int cell = e->block * inst->nrooms + e->room;
    char day[64];
    salle__html_begin(b, site, "../", k->title, SALLE__NAV_DAY + e->day, NULL);
    salle__html_put(b, "<h1>");
    salle__html_esc(b, k->title);
    salle__html_printf(b, "</h1>\n<dl class=\"facts\">\n<dt>%s</dt><dd>", TR("When"));
    salle__html_printf(b, "<a href=\"../day-%s.html\">%s</a>, ", inst->event.days[e->day],
                       salle__html_day_long(site, e->day, day));
    ev_time(b, site, e, 0);
    salle__html_printf(b, " <span class=\"zone\">\xc2\xb7 ");
    salle__html_printf(b, TRN("%d minute", "%d minutes", e->end - e->start), e->end - e->start);
    salle__html_printf(b, " \xc2\xb7 %s ", TR("local time"));
    salle__html_zone(b, site, e->day);
    salle__html_printf(b, "</span></dd>\n<dt>%s</dt><dd><a href=\"../room/%s.html\">", TR("Room"),
                       site->room_slug[e->room]);
    salle__html_esc(b, inst->rooms[e->room].name);
    salle__html_printf(b, "</a></dd>\n<dt>%s</dt><dd>", TR("Session block"));
    /* a block page exists for a cell given a track (a talk elsewhere breaks a hard rule) */
    if (salle__site_cell_track(site, cell) >= 0) {
        salle__html_printf(b, "<a href=\"../b/%s.html\">", site->cell_slug[cell]);
        salle__html_esc(b, tr->name);
        salle__html_put(b, "</a>, ");
    } else {
        salle__html_esc(b, tr->name);
        salle__html_put(b, ", ");
    }
    block_time(b, site, e->block, 0);
    salle__html_put(b, "</dd>\n");
    people_fact(b, site, TRN("Chair", "Chairs", tr->chairs.n), &tr->chairs);
    people_fact(b, site, TRN("Presenter", "Presenters", k->presenters.n), &k->presenters);
    salle__html_put(b, "</dl>\n");
    if (k->abstract && k->abstract[0]) {
        salle__html_printf(b, "<h2>%s</h2>\n<p class=\"abstract\">", TR("Abstract"));
        salle__html_esc(b, k->abstract);
        salle__html_put(b, "</p>\n");
    }
    if (e->prev >= 0 || e->next >= 0) {
        salle__html_printf(b, "<nav class=\"pager\" aria-label=\"%s\">\n<ul class=\"plain\">\n",
                           TR("Talks in this session block"));
        neighbour(b, site, e->prev, TR("Previous talk:"), "prev");
        neighbour(b, site, e->next, TR("Next talk:"), "next");
        salle__html_put(b, "</ul>\n</nav>\n");
    }
    salle__html_printf(b, "<h2>%s</h2>\n<ul class=\"plain\">\n", TR("Follow"));
    salle__html_printf(b, "<li><a href=\"../ics/t-%s.ics\">%s</a></li>\n", site->talk_slug[e->talk],
                       TR("This talk in your calendar (iCalendar)"));
    salle__html_follow_end(b, site, e->room);
}

int salle__site_person_talks(const salle__site *site, int p)
{
    const salle__export *x = site->tx;
    int n = 0;
    for (int i = 0; x && i < x->ntalk_ev; i++) {
        const salle_talk *k = &site->inst->talks->talks[x->talk_ev[i].talk];
        n += salle__ids_has(&k->presenters, p);
    }
    int nc;
    int *cells = used_cells(site, &nc);
    for (int i = 0; i < nc; i++)
        n += salle__ids_has(&site->inst->talks->tracks[salle__site_cell_track(site, cells[i])].chairs, p);
    free(cells);
    return n;
}

void salle__html_person_talks(salle__html_buf *b, const salle__site *site, int p, const char *root,
                              int h)
{
    const salle__export *x = site->tx;
    if (!x || !x->ntalk_ev)
        return;
    int shown = 0;
    for (int i = 0; i < x->ntalk_ev; i++) {
        if (!salle__ids_has(&site->inst->talks->talks[x->talk_ev[i].talk].presenters, p))
            continue;
        if (!shown++)
            salle__html_printf(b, "<h%d>%s</h%d>\n<ul class=\"plain talks\">\n", h,
                               TR("Talks they present"), h);
        talk_item(b, site, i, root, 1);
    }
    if (shown)
        salle__html_put(b, "</ul>\n");
    int nc, chaired = 0;
    int *cells = used_cells(site, &nc);
    int *buf = salle__xmalloc(((size_t)x->ntalk_ev + 1) * sizeof *buf);
    for (int i = 0; i < nc; i++) {
        if (!salle__ids_has(&site->inst->talks->tracks[salle__site_cell_track(site, cells[i])].chairs, p))
            continue;
        if (!chaired++)
            salle__html_printf(b, "<h%d>%s</h%d>\n", h, TR("Session blocks they chair"), h);
        cell_section(b, site, cells[i], root, h + 1, 1, buf);
    }
    free(buf);
    free(cells);
}

void salle__html_talk_counts(salle__html_buf *b, const salle__site *site, int d)
{
    const salle__export *x = site->tx;
    int nt = 0;
    for (int i = 0; x && i < x->ntalk_ev; i++)
        nt += d < 0 || x->talk_ev[i].day == d;
    if (!nt)
        return;
    int nb = blocks_where(NULL, site, d, -1, "", 2, 0);
    char a[64], c[64];
    snprintf(a, sizeof a, TRN("%d talk", "%d talks", nt), nt);
    snprintf(c, sizeof c, TRN("%d session block", "%d session blocks", nb), nb);
    salle__html_put(b, ", ");
    salle__html_printf(b, TR("%s in %s"), a, c); /* "7 talks in 3 session blocks" */
}
