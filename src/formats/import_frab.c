/*
 * import_frab.c: reads a frab schedule.xml (the format of frab, pretalx, wafer and the c3voc
 * tools) into the import builder (import.h), using libxml2.
 *
 * Real files differ a lot from the XSD (see /work/shared/data/README.md), so this reader is
 * forgiving: events may sit in <room> elements or, as in FOSDEM 2010, directly in <day>; a start
 * is taken from <date> (a full date-time with UTC offset) and only when that is missing from the
 * day's date and <start>; durations may be "HH:MM" or, beyond 99 hours, "DDD:HH:MM"; guids that
 * are not UUIDs are kept as "x-guid"; a person with id 0 is known by name, a person with a guid by
 * it, and one id with two names is two people; what salle only carries (recording opt-out,
 * subtitle, description, slug, feedback url, links, attachments) is kept; elements it does not
 * know are ignored. What it cannot use it skips with a warning that names the line. Only a file
 * that is not XML, or not a frab schedule at all, is an error.
 */
#include "formats/import.h"
#include "base/tr.h"
#include "formats/text.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct frab {
    salle__imp *im;
    int day_change; /* minutes of the day at which a conference day begins; -1 unknown */
} frab;

static int is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static int line_of(const xmlNode *n)
{
    long l = xmlGetLineNo((xmlNode *)n);
    return l > 0 && l < INT_MAX ? (int)l : 0;
}

static xmlNode *child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is(c, name))
            return c;
    return NULL;
}

/* The trimmed text of an element; NULL when absent or blank. Caller frees. */
static char *text(const xmlNode *n)
{
    if (!n)
        return NULL;
    xmlChar *c = xmlNodeGetContent(n);
    char *t = salle__imp_trim((const char *)c);
    xmlFree(c);
    return t;
}

static char *child_text(const xmlNode *n, const char *name)
{
    return text(child(n, name));
}

static char *attr(const xmlNode *n, const char *name)
{
    xmlChar *a = xmlGetProp((xmlNode *)n, (const xmlChar *)name);
    char *t = salle__imp_trim((const char *)a);
    xmlFree(a);
    return t;
}

/* "09:00", "09:00:00" or the time part of "2014-12-27T11:00:00+01:00" -> minutes; -1 if none */
static int clock_of(const char *s)
{
    if (!s)
        return -1;
    const char *t = strchr(s, 'T');
    if (t)
        s = t + 1;
    if (strlen(s) < 5)
        return -1;
    char hm[6];
    memcpy(hm, s, 5);
    hm[5] = 0;
    int m = salle__parse_clock(hm);
    return m >= 0 && m < SALLE_MINUTES_PER_DAY ? m : -1;
}

static void read_conference(frab *f, const xmlNode *conf)
{
    salle__imp *im = f->im;
    char *s;
    if ((s = child_text(conf, "title"))) {
        salle__imp_event_name(im, s);
        free(s);
    }
    if ((s = child_text(conf, "acronym"))) {
        salle__imp_event_acronym(im, s);
        free(s);
    }
    const char *urls[] = {"url", "base_url"};
    for (int i = 0; i < 2; i++)
        if ((s = child_text(conf, urls[i]))) {
            salle__imp_event_url(im, s);
            free(s);
        }
    xmlNode *tz = child(conf, "time_zone_name");
    if ((s = text(tz))) {
        salle__imp_event_timezone(im, s, line_of(tz));
        free(s);
    }
    if ((s = child_text(conf, "city"))) {
        salle__imp_event_city(im, s);
        free(s);
    }
    if ((s = child_text(conf, "venue"))) {
        salle__imp_event_venue(im, s);
        free(s);
    }
    if ((s = child_text(conf, "day_change"))) {
        f->day_change = clock_of(s);
        salle__imp_day_change(im, f->day_change);
        free(s);
    }
}

static void add_persons(frab *f, salle__imp_session *s, const xmlNode *ev)
{
    const xmlNode *ps = child(ev, "persons");
    for (xmlNode *p = ps ? ps->children : NULL; p; p = p->next) {
        if (!is(p, "person"))
            continue;
        char *id = attr(p, "id"), *name = text(p), *guid = attr(p, "guid");
        int k = salle__imp_person_from(f->im, id, guid, name, line_of(p));
        free(guid);
        if (k >= 0)
            salle__ivec_push(&s->speakers, k);
        else
            salle__imp_warn(f->im, line_of(p), "skipped a <person> without id or name");
        free(id);
        free(name);
    }
}

/* 1 for "true" (and "1"), as xs:boolean writes it. */
static int is_true(const char *s)
{
    return s && (strcmp(s, "true") == 0 || strcmp(s, "1") == 0);
}

/* <links><link href type>title</link></links>, and the same for <attachments>. */
static void add_links(salle__imp_session *s, const xmlNode *ev, const char *list, const char *item)
{
    const xmlNode *ls = child(ev, list);
    for (xmlNode *l = ls ? ls->children : NULL; l; l = l->next) {
        if (!is(l, item))
            continue;
        char *href = attr(l, "href"), *type = attr(l, "type"), *title = text(l);
        salle__imp_link(s, type, href, title, item[0] == 'a');
        free(href);
        free(type);
        free(title);
    }
}

/* What salle keeps for the round trip (issue 8): the recording opt-out, the texts beside the
 * title and abstract, the slug and feedback address, links and attachments. */
static void read_round_trip(salle__imp_session *s, const xmlNode *ev)
{
    char *optout = child_text(child(ev, "recording"), "optout");
    s->do_not_record = is_true(optout);
    free(optout);
    s->subtitle = child_text(ev, "subtitle");
    s->description = child_text(ev, "description");
    s->slug = child_text(ev, "slug");
    s->feedback_url = child_text(ev, "feedback_url");
    add_links(s, ev, "links", "link");
    add_links(s, ev, "attachments", "attachment");
}

/* One <event>. day_date: minutes of the day's midnight, or -1; day_start: minutes of the day at
 * which it begins, or -1; room: the enclosing <room name>, or NULL (old nesting). */
static void read_event(frab *f, const xmlNode *ev, int day_date, int day_start, const char *room)
{
    salle__imp *im = f->im;
    int line = line_of(ev);
    char *id = attr(ev, "id");
    char what[120];
    snprintf(what, sizeof what, "<event%s%.40s%s>", id ? " id=\"" : "", id ? id : "", id ? "\"" : "");

    int start = 0, has_start = 0;
    xmlNode *dn = child(ev, "date");
    char *date = text(dn);
    if (date) {
        if (salle__imp_datetime(im, date, &start) == 0)
            has_start = 1;
        else if (strlen(date) > 10 || day_date < 0) /* a bare date is normal in old files */
            salle__imp_warn(im, line_of(dn), "%s: <date> \"%.60s\" is not a date and time; using <start>",
                            what, date);
    }
    free(date);
    if (!has_start) {
        char *st = child_text(ev, "start");
        int c = clock_of(st);
        free(st);
        if (c >= 0 && day_date >= 0) {
            /* after midnight but before the day begins: still the previous conference day */
            int dc = day_start >= 0 ? day_start : f->day_change;
            start = day_date + c + (dc > 0 && c < dc ? SALLE_MINUTES_PER_DAY : 0);
            has_start = 1;
        }
    }
    if (!has_start) {
        salle__imp_warn(im, line, "skipped %s without a start time", what);
        free(id);
        return;
    }
    xmlNode *durn = child(ev, "duration");
    char *dur = text(durn);
    int duration = salle__imp_duration(dur);
    if (duration <= 0 || duration > SALLE__IMPORT_MAX_DURATION) {
        if (!dur)
            salle__imp_warn(im, line, "skipped %s without a duration", what);
        else
            salle__imp_warn_duration(im, line_of(durn), what, dur, duration);
        free(dur);
        free(id);
        return;
    }
    free(dur);
    char *rname = room ? salle__xstrdup(room) : child_text(ev, "room");
    int r = salle__imp_room(im, rname);
    free(rname);
    if (r < 0) {
        salle__imp_warn(im, line, "skipped %s without a room", what);
        free(id);
        return;
    }

    char *guid = attr(ev, "guid");
    if (!guid)
        guid = child_text(ev, "guid");
    salle__imp_session *s = salle__imp_session_placed(im, id, guid, line, r, start, duration);
    free(id);
    s->title = child_text(ev, "title");
    char *type = child_text(ev, "type");
    s->format = type;
    s->language = child_text(ev, "language");
    s->url = child_text(ev, "url");
    s->abstract = child_text(ev, "abstract");
    s->day_date = day_date;
    read_round_trip(s, ev);
    if (!s->abstract)
        s->abstract = child_text(ev, "description");
    s->abstract_format = salle__text_is_html(s->abstract) ? SALLE_TEXT_HTML : SALLE_TEXT_PLAIN; /* FOSDEM */
    char *track = child_text(ev, "track");
    salle__strs_add(&s->tracks, track);
    free(track);
    add_persons(f, s, ev);
}

static void read_day(frab *f, const xmlNode *day)
{
    salle__imp *im = f->im;
    char *date = attr(day, "date");
    int day_date = -1;
    if (date && salle__imp_date(date, &day_date) < 0) {
        salle__imp_warn(im, line_of(day), "<day> date \"%.40s\" is not YYYY-MM-DD", date);
        day_date = -1;
    }
    free(date);
    char *st = attr(day, "start");
    int day_start = clock_of(st);
    free(st);
    char *en = attr(day, "end");
    salle__imp_day_end(im, day_date, en);
    free(en);
    for (xmlNode *c = day->children; c; c = c->next) {
        if (is(c, "event")) {
            read_event(f, c, day_date, day_start, NULL); /* FOSDEM 2010's nesting */
        } else if (is(c, "room")) {
            char *rname = attr(c, "name");
            salle__imp_room(im, rname); /* an empty room is still a room of the venue */
            for (xmlNode *e = c->children; e; e = e->next)
                if (is(e, "event"))
                    read_event(f, e, day_date, day_start, rname);
            free(rname);
        }
    }
}

/* libxml2 reports every error; the first is the one to fix, later ones are often its echo. */
typedef struct first_error {
    int set, line, col;
    char msg[500];
} first_error;

static void keep_first(void *ctx, xmlErrorPtr e)
{
    first_error *fe = ctx;
    if (fe->set || !e || e->level < XML_ERR_ERROR)
        return;
    fe->set = 1;
    fe->line = e->line;
    fe->col = e->int2;
    snprintf(fe->msg, sizeof fe->msg, "%s", e->message ? e->message : "");
    size_t n = strlen(fe->msg);
    while (n && (fe->msg[n - 1] == '\n' || fe->msg[n - 1] == ' '))
        fe->msg[--n] = 0;
}

/* ---------------------------------------------------------------- entity expansion
 *
 * libxml2 keeps a reference to an internal entity as a node, and reading an element's text
 * expands it: 20,000 references to a 5 KB entity in a 110 KB file make a gigabyte (the "billion
 * laughs" shape). Before anything is read, the size every reference would expand to is added
 * up, once per entity, and a file that would grow past a small multiple of its size is refused.
 * Real schedules use no entities beyond the predefined ones (&amp;), which are no nodes. */
#define ENTITY_GROWTH 4          /* expansions may add up to this many times the file's size */
#define ENTITY_MIN_BUDGET 65536  /* ... or this many bytes, for tiny files */

typedef struct ent_sizes {
    int n, cap;
    const void **ent;
    size_t *size;
} ent_sizes;

static size_t subtree_bytes(const xmlNode *n, ent_sizes *m, size_t budget, int depth);

/* What one reference to entity node e expands to (memoised: each entity is measured once). */
static size_t entity_bytes(const xmlNode *ref, ent_sizes *m, size_t budget, int depth)
{
    const void *key = ref->children; /* the entity declaration this reference points to */
    for (int i = 0; i < m->n; i++)
        if (m->ent[i] == key)
            return m->size[i];
    size_t sz = depth > 40 ? budget + 1 : 0; /* deeper than any sane nesting: refuse */
    if (!sz && ref->children && ref->children->type == XML_ENTITY_DECL) {
        const xmlEntity *e = (const xmlEntity *)ref->children;
        sz = e->children ? 0 : (e->content ? (size_t)xmlStrlen(e->content) : 0);
        for (const xmlNode *c = e->children; c && sz <= budget; c = c->next)
            sz += subtree_bytes(c, m, budget, depth + 1);
    }
    if (m->n == m->cap) {
        m->cap = m->cap ? m->cap * 2 : 16;
        m->ent = salle__xrealloc(m->ent, (size_t)m->cap * sizeof *m->ent);
        m->size = salle__xrealloc(m->size, (size_t)m->cap * sizeof *m->size);
    }
    m->ent[m->n] = key;
    m->size[m->n++] = sz;
    return sz;
}

/* The bytes of text under n, counting each entity reference as what it expands to; stops adding
 * once past budget. */
static size_t subtree_bytes(const xmlNode *n, ent_sizes *m, size_t budget, int depth)
{
    if (n->type == XML_ENTITY_REF_NODE)
        return entity_bytes(n, m, budget, depth);
    size_t sz = n->content && (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
                    ? (size_t)xmlStrlen(n->content) : 0;
    for (const xmlNode *c = n->children; c && sz <= budget; c = c->next)
        sz += subtree_bytes(c, m, budget, depth);
    return sz;
}

/* Walks the document; returns the line of the reference that takes the expansions past budget,
 * or 0 when they stay within it. *total receives what they add up to (at least budget + 1 when
 * over). */
static int entity_overflow(const xmlNode *n, ent_sizes *m, size_t budget, size_t *total)
{
    for (; n; n = n->next) {
        if (n->type == XML_ENTITY_REF_NODE) {
            *total += entity_bytes(n, m, budget, 0);
            if (*total > budget)
                return line_of(n) ? line_of(n) : 1;
            continue;
        }
        if (n->type == XML_ELEMENT_NODE) {
            /* attribute values hold references too (<room name="&e;&e;...">) */
            for (const xmlAttr *a = n->properties; a; a = a->next) {
                int line = entity_overflow(a->children, m, budget, total);
                if (line)
                    return line_of(n) ? line_of(n) : line;
            }
            int line = entity_overflow(n->children, m, budget, total);
            if (line)
                return line;
        }
    }
    return 0;
}

int salle__import_frab_mem(const char *buf, size_t len, const char *name, salle_warn_fn warn,
                           void *ctx, char **instance_json, char **schedule_json, salle_diag *err)
{
    if (len > INT_MAX)
        return salle__diag(err, name, 0, 0, N_("the file is too large to read as XML"));
    xmlInitParser();
    /* No network, no entity substitution from outside, no noise on stderr: the first error comes
     * back through keep_first with its line. Files beyond 65535 lines need BIG_LINES for that. */
    first_error fe = {0, 0, 0, ""};
    xmlSetStructuredErrorFunc(&fe, keep_first);
    xmlDoc *doc = xmlReadMemory(buf, (int)len, name, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                    XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlResetLastError();
    if (!doc) {
        if (!fe.set)
            snprintf(fe.msg, sizeof fe.msg, "%s", salle__diag_tr(err, "unreadable"));
        /* libxml2's own words stay English: quoted after what salle expected */
        if (!fe.set)
            return salle__diag(err, name, 0, 0, N_("not well-formed XML: %s"), fe.msg);
        return salle__diag_lib(err, name, fe.line > 0 ? fe.line : 0, fe.line > 0 && fe.col > 0 ? fe.col : 0,
                               N_("not well-formed XML, where salle expects a frab schedule.xml; libxml2 says: %s"),
                               fe.msg);
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    {
        size_t budget = len * ENTITY_GROWTH > ENTITY_MIN_BUDGET ? len * ENTITY_GROWTH
                                                                : ENTITY_MIN_BUDGET;
        size_t total = 0;
        ent_sizes m = {0};
        int line = entity_overflow(root, &m, budget, &total);
        free(m.ent);
        free(m.size);
        if (line) {
            xmlFreeDoc(doc);
            return salle__diag(err, name, line, 1,
                               N_("entity references here would expand this %zu-byte file by more "
                                  "than %zu bytes (%d times its size); salle refuses such files, "
                                  "since a schedule needs no entities beyond &amp; and the like"),
                               len, budget, ENTITY_GROWTH);
        }
    }
    if (!is(root, "schedule")) {
        int line = root ? line_of(root) : 0;
        salle__diag(err, name, line, line ? 1 : 0,
                    N_("not a frab schedule: the root element is <%s>, expected <schedule>"),
                    root ? (const char *)root->name : "");
        xmlFreeDoc(doc);
        return -1;
    }
    frab f = {salle__imp_new(name, err, warn, ctx), -1};
    /* the conference first: its time zone decides how every start time is read */
    xmlNode *conf = child(root, "conference");
    if (conf)
        read_conference(&f, conf);
    else
        salle__imp_warn(f.im, line_of(root), "no <conference>; the event's name and time zone are guessed");
    int ndays = 0;
    for (xmlNode *c = root->children; c; c = c->next)
        if (is(c, "day")) {
            read_day(&f, c);
            ndays++;
        }
    xmlFreeDoc(doc);
    salle__imp_warn_bad_guids(f.im);
    int rc;
    if (!ndays)
        rc = salle__diag(err, name, line_of(root), 1, N_("the schedule has no <day> elements, so no events"));
    else
        rc = salle__imp_finish(f.im, instance_json, schedule_json, err);
    salle__imp_free(f.im);
    return rc;
}
