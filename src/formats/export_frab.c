/*
 * export_frab.c: the schedule as frab/pentabarf schedule.xml, the format conference apps (Giggity,
 * EventFahrplan, Engelsystem, the c3voc recording tracker) read. The output validates against
 * the c3voc XSD (data/schemas/schedule.xml.xsd): every element it requires is present, in the
 * order frab itself writes them, and every value matches the XSD's patterns (UUID guids, integer
 * ids, strict acronym and slug, date-times with the zone's UTC offset on that day).
 *
 * libxml2's tree API builds the document and libxml2's save module writes it, so markup,
 * attribute quoting and encoding are never done by hand. One thing is given to libxml2 through
 * its own hook (xmlSaveSetEscape): the escaping of text content, as libxml2's xmlEscapeContent
 * does it ('<', '>', '&' and CR become references, every other byte stays), but sixteen bytes
 * at a time where xmlEscapeContent tests each byte four times: abstracts and descriptions are most
 * of the output, and their escaping was half of the dump (33c3: 6.2M of 12.5M instructions).
 * test_export's test_frab_escape checks it against libxml2's own.
 * Unscheduled sessions are left out: the format has no place for them.
 */
#include "formats/export.h"

#include <libxml/tree.h>
#include <libxml/dict.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlsave.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define SALLE_GENERATOR_VERSION "0.1.0"

/* Whether salle__export_clean would drop anything from s: a control character but tab and line
 * breaks. Most texts have none, and then they go to libxml2 (which copies them) as they are. */
static int dropped(unsigned char c)
{
    return c < 0x20 && c != '\t' && c != '\n' && c != '\r';
}

static int needs_clean(const char *s)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
#ifdef __SSE2__
    /* sixteen bytes at a time; a block with a byte below 0x20 (a line break, mostly) is looked
     * at byte by byte */
    const __m128i top = _mm_set1_epi8(0x1F);
    for (; end - p >= 16; p += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)p);
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(v, top), v)))
            for (int k = 0; k < 16; k++)
                if (dropped(p[k]))
                    return 1;
    }
#endif
    for (; p < end; p++)
        if (dropped(*p))
            return 1;
    return 0;
}

/* A child element with text content (escaped by libxml2; forbidden control characters dropped). */
static xmlNodePtr text_child(xmlNodePtr parent, const char *name, const char *text)
{
    if (text && !needs_clean(text))
        return xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST text);
    char *clean = salle__export_clean(text);
    xmlNodePtr n = xmlNewTextChild(parent, NULL, BAD_CAST name, BAD_CAST clean);
    free(clean);
    return n;
}

static void set_prop(xmlNodePtr node, const char *name, const char *value)
{
    if (value && !needs_clean(value)) {
        xmlNewProp(node, BAD_CAST name, BAD_CAST value);
        return;
    }
    char *clean = salle__export_clean(value);
    xmlNewProp(node, BAD_CAST name, BAD_CAST clean);
    free(clean);
}

/* libxml2's xmlEscapeContent (xmlsave.c), with the same results: as much of in[0..*inlen) as
 * fits in out[0..*outlen), '<' '>' '&' as entities and CR as "&#13;"; *inlen and *outlen become
 * the bytes read and written. Runs without any of the four are found sixteen bytes at a time. */
int salle__frab_escape(unsigned char *out, int *outlen, const xmlChar *in, int *inlen)
{
    unsigned char *o = out, *oend = out + *outlen;
    const unsigned char *i = in, *iend = in + *inlen;
    while (i < iend && o < oend) {
#ifdef __SSE2__
        const __m128i lt = _mm_set1_epi8('<'), gt = _mm_set1_epi8('>'),
                      amp = _mm_set1_epi8('&'), cr = _mm_set1_epi8('\r');
        while (iend - i >= 16 && oend - o >= 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)i);
            __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lt), _mm_cmpeq_epi8(v, gt)),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, amp), _mm_cmpeq_epi8(v, cr)));
            unsigned m = (unsigned)_mm_movemask_epi8(hit);
            if (m) { /* the bytes before the first hit, then the hit below */
                int k = __builtin_ctz(m);
                memcpy(o, i, (size_t)k);
                o += k;
                i += k;
                break;
            }
            _mm_storeu_si128((__m128i *)o, v);
            o += 16;
            i += 16;
        }
        if (i == iend || o == oend)
            break;
#endif
        const char *rep = NULL;
        switch (*i) {
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '&': rep = "&amp;"; break;
        case '\r': rep = "&#13;"; break;
        }
        if (rep) {
            size_t n = strlen(rep);
            if ((size_t)(oend - o) < n)
                break;
            memcpy(o, rep, n);
            o += n;
        } else {
            *o++ = *i;
        }
        i++;
    }
    *outlen = (int)(o - out);
    *inlen = (int)(i - in);
    return 0;
}

/* The output, collected from libxml2's writes. */
typedef struct sink {
    char *s;
    size_t n, cap;
} sink;

static int sink_write(void *ctx, const char *buf, int len)
{
    sink *k = ctx;
    if (k->n + (size_t)len + 1 > k->cap) {
        size_t cap = k->cap ? k->cap : 65536;
        while (k->n + (size_t)len + 1 > cap)
            cap *= 2;
        k->s = salle__xrealloc(k->s, cap);
        k->cap = cap;
    }
    memcpy(k->s + k->n, buf, (size_t)len);
    k->n += (size_t)len;
    return len;
}

static int sink_close(void *ctx)
{
    (void)ctx;
    return 0;
}

/* Only http(s) addresses fit the XSD's httpURI type; anything else is left out. */
static int is_http(const char *url)
{
    return salle__export_url_ok(url);
}

/* What xmlDocDumpFormatMemoryEnc(doc, .., "UTF-8", 1) writes, with the faster text escape.
 * The document says it is UTF-8 rather than the save context: then libxml2 writes the same
 * declaration and copies the text as it is, where an encoder named for the context copies every
 * byte once more, from UTF-8 to UTF-8. */
char *salle__frab_save(xmlDocPtr doc)
{
    xmlFree((xmlChar *)doc->encoding);
    doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
    sink k = {0};
    xmlSaveCtxtPtr sc = xmlSaveToIO(sink_write, sink_close, &k, NULL, XML_SAVE_FORMAT);
    int rc = -1;
    if (sc && xmlSaveSetEscape(sc, salle__frab_escape) == 0)
        rc = xmlSaveDoc(sc, doc) < 0 ? -1 : 0;
    if (sc && xmlSaveClose(sc) < 0)
        rc = -1;
    if (rc < 0 || !k.s) {
        free(k.s);
        return NULL;
    }
    k.s[k.n] = 0;
    return k.s;
}

static void add_person(const salle__export *x, xmlNodePtr persons, int p);

static void add_event(const salle__export *x, xmlNodePtr room_node, int i)
{
    const salle_instance *inst = x->inst;
    const salle_assignment *a = x->a[i];
    const salle_session *ss = &inst->sessions[a->session];
    char buf[64];

    xmlNodePtr ev = xmlNewChild(room_node, NULL, BAD_CAST "event", NULL);
    set_prop(ev, "guid", x->guid[a->session]);
    snprintf(buf, sizeof buf, "%d", x->session_num[a->session]);
    set_prop(ev, "id", buf);

    text_child(ev, "date", salle__export_datetime(x, a->start, x->day[i], buf));
    /* The clock time on the date above, which is not always the event day (after midnight). */
    int mod = (a->start - inst->event.day_offset[x->day[i]]) % SALLE_MINUTES_PER_DAY;
    text_child(ev, "start", salle__export_hhmm(mod, buf));
    text_child(ev, "duration", salle__export_hhmm(ss->duration, buf));
    text_child(ev, "room", x->room_name[a->room]);
    text_child(ev, "slug", x->slug[a->session]);
    /* a relative address is resolved against the event's, as the XSD wants http(s); a session
     * without a page of its own gets none (the element is optional), not the event's home page */
    char *url = salle__export_url(inst, ss->url);
    if (url)
        text_child(ev, "url", url);
    free(url);
    char *fb = salle__export_url(inst, ss->feedback_url);
    if (fb)
        text_child(ev, "feedback_url", fb);
    free(fb);
    /* frab always writes a recording block; readers such as the c3voc tracker expect it, and
     * recording pipelines read the opt-out from it. */
    xmlNodePtr rec = xmlNewChild(ev, NULL, BAD_CAST "recording", NULL);
    text_child(rec, "license", "");
    text_child(rec, "optout", ss->do_not_record ? "true" : "false");
    text_child(ev, "title", ss->title ? ss->title : ss->id);
    text_child(ev, "subtitle", ss->subtitle ? ss->subtitle : "");
    text_child(ev, "track", ss->tracks.n ? inst->track_names[ss->tracks.v[0]] : "");
    text_child(ev, "type", ss->format ? ss->format : "session");
    if (ss->language)
        text_child(ev, "language", ss->language);
    text_child(ev, "abstract", ss->abstract ? ss->abstract : "");
    text_child(ev, "description", ss->description ? ss->description : "");

    /* Speakers first (they are who readers list), then organizers who do not also speak. */
    xmlNodePtr persons = xmlNewChild(ev, NULL, BAD_CAST "persons", NULL);
    for (int pass = 0; pass < 2; pass++) {
        const salle_ids *ids = pass == 0 ? &ss->speakers : &ss->organizers;
        for (int k = 0; k < ids->n; k++) {
            int p = ids->v[k];
            if (pass == 1 && salle__ids_has(&ss->speakers, p))
                continue;
            add_person(x, persons, p);
        }
    }
    /* links and attachments as the source listed them; salle's own types in the type attribute
     * and, for apps that show only the text, in the text too */
    xmlNodePtr links = xmlNewChild(ev, NULL, BAD_CAST "links", NULL);
    xmlNodePtr atts = xmlNewChild(ev, NULL, BAD_CAST "attachments", NULL);
    for (int k = 0; k < ss->nlinks; k++) {
        const salle_link *l = &ss->links[k];
        char *t = salle__link_text(l);
        xmlNodePtr ln = text_child(l->attachment ? atts : links, l->attachment ? "attachment" : "link", t);
        free(t);
        set_prop(ln, "href", l->url);
        if (l->type)
            set_prop(ln, "type", l->type);
    }
}

/* A person element of frab's persons, with the ids every export gives that person. */
static void add_person(const salle__export *x, xmlNodePtr persons, int p)
{
    const salle_person *pe = &x->inst->people[p];
    char buf[32];
    xmlNodePtr pn = text_child(persons, "person", pe->name ? pe->name : pe->id);
    snprintf(buf, sizeof buf, "%d", x->person_num[p]);
    set_prop(pn, "id", buf);
    set_prop(pn, "guid", salle__export_person_guid(x, p));
}

/* A talk (issue 12.6) as an event of its own: its slots' time, its track, its presenters; the
 * description names its session block and the block's chairs, which frab has no element for. */
static void add_talk_event(const salle__export *x, xmlNodePtr room_node, int i)
{
    const salle_instance *inst = x->inst;
    const salle__talk_event *te = &x->talk_ev[i];
    const salle_talk *k = &inst->talks->talks[te->talk];
    const salle_talk_track *tr = &inst->talks->tracks[k->track];
    char buf[64];
    xmlNodePtr ev = xmlNewChild(room_node, NULL, BAD_CAST "event", NULL);
    set_prop(ev, "guid", x->talk_guid[te->talk]);
    snprintf(buf, sizeof buf, "%d", x->talk_num[te->talk]);
    set_prop(ev, "id", buf);
    text_child(ev, "date", salle__export_datetime(x, te->start, te->day, buf));
    int mod = (te->start - inst->event.day_offset[te->day]) % SALLE_MINUTES_PER_DAY;
    text_child(ev, "start", salle__export_hhmm(mod, buf));
    text_child(ev, "duration", salle__export_hhmm(te->end - te->start, buf));
    text_child(ev, "room", x->room_name[te->room]);
    char *slug = salle__export_talk_slug(x, te->talk);
    text_child(ev, "slug", slug);
    free(slug);
    xmlNodePtr rec = xmlNewChild(ev, NULL, BAD_CAST "recording", NULL);
    text_child(rec, "license", "");
    text_child(rec, "optout", "false");
    text_child(ev, "title", k->title);
    text_child(ev, "subtitle", "");
    text_child(ev, "track", tr->name);
    text_child(ev, "type", "talk");
    text_child(ev, "abstract", k->abstract ? k->abstract : "");
    char *d = salle__export_talk_block_text(x, i);
    text_child(ev, "description", d);
    free(d);
    xmlNodePtr persons = xmlNewChild(ev, NULL, BAD_CAST "persons", NULL);
    for (int p = 0; p < k->presenters.n; p++)
        add_person(x, persons, k->presenters.v[p]);
    xmlNewChild(ev, NULL, BAD_CAST "links", NULL);
    xmlNewChild(ev, NULL, BAD_CAST "attachments", NULL);
}

char *salle_export_frab(const salle_instance *inst, const salle_schedule *s, salle_diag *err)
{
    salle__export x;
    if (salle__export_begin(&x, inst, s, err) < 0)
        return NULL;
    const salle_event *e = &inst->event;
    char buf[64];

    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    /* element and attribute names from a dictionary, one copy each, instead of a strdup (and a
     * free) for each of the document's thousands of nodes */
    doc->dict = xmlDictCreate();
    xmlNodePtr root = xmlNewNode(NULL, BAD_CAST "schedule");
    xmlDocSetRootElement(doc, root);
    xmlNodePtr gen = xmlNewChild(root, NULL, BAD_CAST "generator", NULL);
    xmlNewProp(gen, BAD_CAST "name", BAD_CAST "salle");
    xmlNewProp(gen, BAD_CAST "version", BAD_CAST SALLE_GENERATOR_VERSION);
    text_child(root, "version", x.version);

    xmlNodePtr conf = xmlNewChild(root, NULL, BAD_CAST "conference", NULL);
    text_child(conf, "acronym", x.acronym);
    text_child(conf, "title", e->name ? e->name : x.acronym);
    text_child(conf, "start", e->days[0]);
    text_child(conf, "end", e->days[e->ndays - 1]);
    snprintf(buf, sizeof buf, "%d", e->ndays);
    text_child(conf, "days", buf);
    text_child(conf, "timeslot_duration", salle__export_hhmm(e->grid > 0 ? e->grid : 5, buf));
    if (is_http(e->url))
        text_child(conf, "url", e->url);
    text_child(conf, "time_zone_name", e->timezone);

    /* Every day lists every room, as frab does: apps then show a stable set of columns. */
    int i = 0;
    for (int d = 0; d < e->ndays; d++) {
        int first = i, last, ds, de;
        salle__export_day_span(&x, d, first, &last, &ds, &de);
        salle__export_talks_span(&x, d, &ds, &de);
        xmlNodePtr day = xmlNewChild(root, NULL, BAD_CAST "day", NULL);
        snprintf(buf, sizeof buf, "%d", d + 1);
        xmlNewProp(day, BAD_CAST "index", BAD_CAST buf);
        xmlNewProp(day, BAD_CAST "date", BAD_CAST e->days[d]);
        xmlNewProp(day, BAD_CAST "start", BAD_CAST salle__export_datetime(&x, ds, d, buf));
        xmlNewProp(day, BAD_CAST "end", BAD_CAST salle__export_datetime(&x, de, d, buf));
        for (int r = 0; r < inst->nrooms; r++) {
            xmlNodePtr room = xmlNewChild(day, NULL, BAD_CAST "room", NULL);
            set_prop(room, "name", x.room_name[r]);
            char *rg = salle__export_uuid(inst, "room", inst->rooms[r].id);
            set_prop(room, "guid", rg);
            free(rg);
            for (int k = first; k < last; k++)
                if (x.a[k]->room == r)
                    add_event(&x, room, k);
            for (int k = 0; k < x.ntalk_ev; k++)
                if (x.talk_ev[k].day == d && x.talk_ev[k].room == r)
                    add_talk_event(&x, room, k);
        }
        i = last;
    }

    char *out = salle__frab_save(doc);
    xmlFreeDoc(doc);
    salle__export_done(&x);
    if (!out)
        salle__diag(err, "", 0, 0, "libxml2 could not serialise the schedule");
    return out;
}
