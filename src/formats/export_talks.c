/*
 * export_talks.c: the talks of an academic conference (docs/format.md "Talks") as the exports
 * publish them (issue 12.6): every placed talk is an event of its own, with its own start and
 * end inside its session block, its guid, integer id and slug, so that a conference app, a
 * calendar and the static site show the programme talk by talk. The frab, c3voc JSON and iCal
 * writers add these events beside the sessions'; the site links a talk to its block through
 * prev/next.
 *
 * Identifiers follow the sessions' rules (export.h): stable across versions (they come from the
 * event name and the talk id, not from the placement), and never equal to a session's.
 */
#include "formats/export.h"
#include "base/tr.h"
#include "model/talks.h"

#include <stdlib.h>
#include <string.h>

static int ev_cmp(const void *pa, const void *pb, void *ctx)
{
    const salle__talk_event *a = pa, *b = pb;
    const salle_instance *cmp_inst = ctx;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->room != b->room)
        return a->room < b->room ? -1 : 1;
    return strcmp(cmp_inst->talks->talks[a->talk].id, cmp_inst->talks->talks[b->talk].id);
}

static int num_taken(const salle__export *x, int v, int upto)
{
    for (int i = 0; i < x->inst->nsessions; i++)
        if (x->session_num[i] == v)
            return 1;
    for (int i = 0; i < upto; i++)
        if (x->talk_num[i] == v)
            return 1;
    return 0;
}

void salle__export_talks_init(salle__export *x, const salle_schedule *s)
{
    const salle_instance *inst = x->inst;
    const salle_talks *t = inst->talks;
    const salle_talk_plan *p = s->talk_plan;
    if (!t || !p)
        return;
    const char *event = inst->event.name ? inst->event.name : "";
    x->talk_num = salle__xcalloc((size_t)t->ntalks + 1, sizeof *x->talk_num);
    x->talk_guid = salle__xcalloc((size_t)t->ntalks + 1, sizeof *x->talk_guid);
    for (int k = 0; k < t->ntalks; k++) {
        char *key = salle__xasprintf("talk:%s", t->talks[k].id);
        x->talk_guid[k] = salle__uuid_for(event, key);
        free(key);
        /* the guid's first 32 bits give a number of ten digits, as sessions' hashes are; a number
         * already taken (by a session or an earlier talk) moves up, as export_util.c does */
        int v = (int)(strtoul(x->talk_guid[k], NULL, 16) % 1000000000UL) + 1000000000;
        while (num_taken(x, v, k))
            v = v == 2147483647 ? 1000000000 : v + 1;
        x->talk_num[k] = v;
    }

    x->talk_ev = salle__xcalloc((size_t)t->ntalks + 1, sizeof *x->talk_ev);
    for (int k = 0; k < t->ntalks && k < p->ntalks; k++) {
        int b = p->talk_block[k], r = p->talk_room[k], sl = p->talk_slot[k];
        if (b < 0 || b >= t->nblocks || r < 0 || r >= inst->nrooms || sl < 0)
            continue;
        salle__talk_event *e = &x->talk_ev[x->ntalk_ev++];
        e->talk = k, e->block = b, e->room = r;
        e->start = salle__talk_slot_start(inst, b, sl);
        e->end = salle__talk_slot_start(inst, b, sl + t->talks[k].slots);
        e->day = t->blocks[b].day;
    }
    qsort_r(x->talk_ev, (size_t)x->ntalk_ev, sizeof *x->talk_ev, ev_cmp, (void *)inst);
    /* in start order, the talk before one in its cell is the last one seen in that cell */
    int *last = salle__xmalloc(((size_t)t->nblocks * (size_t)inst->nrooms + 1) * sizeof *last);
    for (int c = 0; c < t->nblocks * inst->nrooms; c++)
        last[c] = -1;
    salle__buf placed = {0};
    salle__buf_printf(&placed, "%s", x->version);
    for (int i = 0; i < x->ntalk_ev; i++) {
        salle__talk_event *e = &x->talk_ev[i];
        int c = e->block * inst->nrooms + e->room;
        e->prev = last[c];
        e->next = -1;
        if (last[c] >= 0)
            x->talk_ev[last[c]].next = i;
        last[c] = i;
        salle__buf_printf(&placed, "\x1f%s\x1f%d\x1f%s", t->talks[e->talk].id, e->start,
                          inst->rooms[e->room].id);
    }
    free(last);
    /* the version changes whenever a talk moves, too: a hash of the sessions' version and every
     * talk's place */
    if (x->ntalk_ev) {
        char *u = salle__uuid_for("", placed.s);
        size_t n = strlen(x->version);
        snprintf(x->version + n, sizeof x->version - n, "-%.8s", u);
        free(u);
    }
    free(placed.s);
}

void salle__export_talks_done(salle__export *x)
{
    for (int k = 0; x->talk_guid && x->inst->talks && k < x->inst->talks->ntalks; k++)
        free(x->talk_guid[k]);
    free(x->talk_guid);
    free(x->talk_num);
    free(x->talk_ev);
    x->talk_guid = NULL, x->talk_num = NULL, x->talk_ev = NULL, x->ntalk_ev = 0;
}

void salle__export_talks_span(const salle__export *x, int d, int *start, int *end)
{
    for (int i = 0; i < x->ntalk_ev; i++) {
        const salle__talk_event *e = &x->talk_ev[i];
        if (e->day != d)
            continue;
        if (e->start < *start)
            *start = e->start;
        if (e->end > *end)
            *end = e->end;
    }
}

char *salle__export_talk_slug(const salle__export *x, int talk)
{
    return salle__export_slug_for(x, x->inst->talks->talks[talk].title, x->talk_num[talk], "talk");
}

char *salle__export_talk_block_text(const salle__export *x, int ev)
{
    const salle_talks *t = x->inst->talks;
    const salle__talk_event *te = &x->talk_ev[ev];
    const salle_talk_track *tr = &t->tracks[t->talks[te->talk].track];
    salle__buf d = {0}, chairs = {0};
    /* in x->lang, the calendar's (NULL: English, as frab and JSON write it) */
    /* TRANSLATORS: a talk's session block (its id) and track, in a calendar entry */
    salle__buf_printf(&d, salle__tr(x->lang, "Session block %1$s, %2$s"), t->blocks[te->block].id, tr->name);
    for (int c = 0; c < tr->chairs.n; c++) {
        const salle_person *pe = &x->inst->people[tr->chairs.v[c]];
        salle__buf_printf(&chairs, "%s%s", c ? ", " : "", pe->name ? pe->name : pe->id);
    }
    if (tr->chairs.n) {
        char *b = d.s;
        d = (salle__buf){0};
        /* TRANSLATORS: %1$s the session block and track, %2$s the names of its chairs */
        salle__buf_printf(&d, salle__trn(x->lang, "%1$s; chair: %2$s", "%1$s; chair: %2$s", tr->chairs.n), b,
                          chairs.s);
        free(b);
    }
    free(chairs.s);
    return d.s;
}
