/*
 * export_ics.c: the schedule as an iCalendar feed (RFC 5545) for calendar apps: the whole
 * programme, one room's (for a door screen) or one person's (for a speaker's own calendar).
 *
 * Times are written in the event's zone, DTSTART;TZID=Europe/Paris:20181113T110000, with a
 * VTIMEZONE that defines that zone, so a calendar shows local time correctly wherever the reader
 * is; the VTIMEZONE comes from libical's copy of the tz database, cut down to the years of the
 * event. If libical does not know the zone, times fall back to UTC ("...Z"), which is still exact.
 * UID is the session's guid (made unique across sessions in export_util.c), so a calendar that
 * subscribed to an earlier version updates the event in place when it moves instead of showing
 * it twice, and never drops one of two events that a source gave the same guid.
 */
#include "formats/export.h"
#include "formats/text.h"
#include "base/tr.h"

#include <libical/ical.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define SALLE_PRODID "-//salle//salle 0.1.0//EN"

/* The local date-time of minute t as an icaltimetype: floating (then tagged with TZID), or UTC
 * when utc is set. */
static struct icaltimetype local_time(const salle__export *x, int t, int day, int utc)
{
    int y, mo, d, mod, off;
    salle__export_datetime_parts(x, t, day, &y, &mo, &d, &mod, &off);
    struct icaltimetype it = icaltime_null_time();
    it.year = y;
    it.month = mo;
    it.day = d;
    it.hour = mod / 60;
    it.minute = mod % 60;
    it.is_date = 0;
    if (utc) {
        icaltime_adjust(&it, 0, 0, -off, 0);
        it = icaltime_set_timezone(&it, icaltimezone_get_utc_timezone());
    }
    return it;
}

static icalproperty *time_prop(icalproperty *p, const char *tzid)
{
    if (tzid)
        icalproperty_add_parameter(p, icalparameter_new_tzid(tzid));
    return p;
}

/* The zone's VTIMEZONE from libical, named plainly ("Europe/Paris", not libical's
 * "/freeassociation.sourceforge.net/Europe/Paris") and without the zone's whole history: only
 * the rules in force from the day before the event on. NULL when libical does not know it. */
static icalcomponent *make_vtimezone(const salle__export *x)
{
    const char *tz = x->inst->event.timezone;
    icaltimezone *zone = tz ? icaltimezone_get_builtin_timezone(tz) : NULL;
    icalcomponent *src = zone ? icaltimezone_get_component(zone) : NULL;
    if (!src)
        return NULL;
    icalcomponent *c = icalcomponent_new_clone(src);
    struct icaltimetype from = icaltime_null_time();
    int y, m, d;
    if (sscanf(x->inst->event.days[0], "%d-%d-%d", &y, &m, &d) == 3) {
        from.year = y;
        from.month = m;
        from.day = d;
        from.is_date = 0;
        icaltime_adjust(&from, -1, 0, 0, 0);
        from = icaltime_set_timezone(&from, icaltimezone_get_utc_timezone());
        icaltimezone_truncate_vtimezone(c, from, icaltime_null_time(), 0);
    }
    icalproperty *id = icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY);
    if (id)
        icalproperty_set_tzid(id, tz);
    return c;
}

/* A calendar's own copy of x's VTIMEZONE, made once per x (export.h); NULL as make_vtimezone. */
static icalcomponent *vtimezone(const salle__export *x)
{
    if (!x->ics_vtimezone)
        return make_vtimezone(x);
    if (!x->ics_vtimezone[1]) {
        x->ics_vtimezone[0] = make_vtimezone(x);
        x->ics_vtimezone[1] = x->ics_vtimezone; /* made */
    }
    return x->ics_vtimezone[0] ? icalcomponent_new_clone(x->ics_vtimezone[0]) : NULL;
}

void salle__export_ics_done(salle__export *x)
{
    if (x->ics_vtimezone && x->ics_vtimezone[0])
        icalcomponent_free(x->ics_vtimezone[0]);
    free(x->ics_vtimezone);
    x->ics_vtimezone = NULL;
}

/* DESCRIPTION: the abstract (else the description), then who speaks and who organises, then
 * the session's links and whether it is recorded, since calendars show no more. Made once per
 * session and kept in x (export.h). */
static char *make_description(const salle_instance *inst, const salle_session *ss, const char *lang);

static const char *description(const salle__export *x, int session)
{
    if (!x->ics_description[session])
        x->ics_description[session] = make_description(x->inst, &x->inst->sessions[session], x->lang);
    return x->ics_description[session];
}

/* Appends the strings up to NULL to b. */
static void add(salle__buf *b, ...)
{
    va_list ap;
    va_start(ap, b);
    for (const char *s; (s = va_arg(ap, const char *));) {
        size_t n = strlen(s);
        if (b->n + n + 1 > b->cap) {
            b->cap = (b->n + n + 1) * 2;
            b->s = salle__xrealloc(b->s, b->cap);
        }
        memcpy(b->s + b->n, s, n + 1);
        b->n += n;
    }
    va_end(ap);
}

static char *make_description(const salle_instance *inst, const salle_session *ss, const char *lang)
{
    /* calendars show text: an HTML or Markdown abstract is rendered down to it (formats/text.h);
     * a description without an abstract is read as HTML when it has markup, as frab's is */
    char *text = ss->abstract ? salle__text_plain(ss->abstract, ss->abstract_format)
                : salle__text_plain(ss->description, salle__text_is_html(ss->description)
                                                         ? SALLE_TEXT_HTML
                                                         : SALLE_TEXT_PLAIN);
    /* appended to, not printed again whole for every line as it grows */
    salle__buf out = {text, strlen(text), strlen(text) + 1};
    /* no look-up for English: the site writes a calendar per room and person */
    const char *const label[] = {lang ? salle__tr(lang, "Speakers: ") : "Speakers: ",
                                 lang ? salle__tr(lang, "Organizers: ") : "Organizers: "};
    for (int pass = 0; pass < 2; pass++) {
        const salle_ids *ids = pass == 0 ? &ss->speakers : &ss->organizers;
        for (int k = 0; k < ids->n; k++) {
            const salle_person *p = &inst->people[ids->v[k]];
            /* a blank line after the abstract, one line per list */
            const char *sep = k              ? ", "
                              : !out.n       ? ""
                              : pass == 1 && ss->speakers.n ? "\n"
                                             : "\n\n";
            add(&out, sep, k ? "" : label[pass], p->name ? p->name : p->id, (char *)NULL);
        }
    }
    for (int k = 0, shown = 0; k < ss->nlinks; k++) { /* one line each: "Recording: Day 1: https://..." */
        /* relative: from the event's; held to the one URL policy (export.h) like every link */
        char *abs = salle__export_url(inst, ss->links[k].url);
        if (!abs)
            continue;
        char *t = salle__link_text_in(&ss->links[k], lang);
        add(&out, !out.n ? "" : shown++ ? "\n" : "\n\n", t, ": ", abs, (char *)NULL);
        free(abs);
        free(t);
    }
    if (ss->do_not_record)
        add(&out, out.n ? "\n\n" : "", salle__tr(lang, "This session is not recorded."), (char *)NULL);
    char *clean = salle__export_clean(out.s);
    free(out.s);
    return clean;
}

/* RFC 7986 CONFERENCE for each remote-participation link, so a calendar offers "join". */
static void add_conference(icalcomponent *ev, const salle_instance *inst, const salle_session *ss,
                           const char *lang)
{
    for (int k = 0; k < ss->nlinks; k++) {
        const salle_link *l = &ss->links[k];
        if (!l->type || strcmp(l->type, "remote") != 0)
            continue;
        char *url = salle__export_url(inst, l->url);
        if (!url)
            continue;
        icalproperty *p = icalproperty_new_conference(url);
        icalproperty_add_parameter(p, icalparameter_new_value(ICAL_VALUE_URI));
        char *label = salle__link_text_in(l, lang); /* the calendar's language, as DESCRIPTION's */
        char *clean = salle__export_clean(label);
        icalproperty_add_parameter(p, icalparameter_new_label(clean));
        free(clean);
        free(label);
        icalcomponent_add_property(ev, p);
        free(url);
    }
}

/* A track name for CATEGORIES: a comma becomes COMMA_MARK, which the serialised calendar turns
 * into "\\," (libical would write a plain comma, or escape the backslash of one put here). */
#define COMMA_MARK "\xEE\x80\x80" /* U+E000, private use: never in a name once cleaned */
static char *category(const char *name)
{
    char *clean = salle__export_clean(name);
    char *out = salle__xmalloc(3 * strlen(clean) + 1), *o = out; /* a comma becomes 3 bytes */
    for (const char *p = clean; *p; p++) {
        if (strncmp(p, COMMA_MARK, 3) == 0) {
            p += 2; /* a mark in the name itself is dropped */
        } else if (*p == ',') {
            memcpy(o, COMMA_MARK, 3);
            o += 3;
        } else {
            *o++ = *p;
        }
    }
    *o = 0;
    free(clean);
    return out;
}

static time_t stamp_time(void)
{
    /* Reproducible builds: a fixed stamp when the caller asks for one. */
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (!*end && v >= 0)
            return (time_t)v;
    }
    return time(NULL);
}

char *salle_export_ics(const salle_instance *inst, const salle_schedule *s, int room, int person,
                       salle_diag *err)
{
    salle__export x;
    salle__export_init(&x, inst, s);
    x.ics_once = 1; /* one calendar from this x: nothing to keep its descriptions for */
    char *out = salle__export_ics_with(&x, room, person, err);
    salle__export_done(&x);
    return out;
}

/* A talk (issue 12.6) as a VEVENT: its own slots' time, its presenters, its session block. */
static void add_talk_vevent(const salle__export *x, icalcomponent *cal, int i,
                            struct icaltimetype stamp, const char *tzid)
{
    const salle_instance *inst = x->inst;
    const salle__talk_event *te = &x->talk_ev[i];
    const salle_talk *k = &inst->talks->talks[te->talk];
    icalcomponent *ev = icalcomponent_new_vevent();
    icalcomponent_add_property(ev, icalproperty_new_uid(x->talk_guid[te->talk]));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
    icalcomponent_add_property(
        ev, time_prop(icalproperty_new_dtstart(local_time(x, te->start, te->day, !tzid)), tzid));
    icalcomponent_add_property(
        ev, time_prop(icalproperty_new_dtend(local_time(x, te->end, te->day, !tzid)), tzid));
    char *t = salle__export_clean(k->title);
    icalcomponent_add_property(ev, icalproperty_new_summary(t));
    free(t);
    icalcomponent_add_property(ev, icalproperty_new_location(x->room_name[te->room]));
    salle__buf d = {0};
    salle__buf_printf(&d, "%s", k->abstract ? k->abstract : "");
    for (int p = 0; p < k->presenters.n; p++) {
        const salle_person *pe = &inst->people[k->presenters.v[p]];
        salle__buf_printf(&d, "%s%s%s", p ? ", " : d.s[0] ? "\n\n" : "",
                          p ? "" : x->lang ? salle__tr(x->lang, "Presenters: ") : "Presenters: ",
                          pe->name ? pe->name : pe->id);
    }
    char *block = salle__export_talk_block_text(x, i);
    salle__buf_printf(&d, "%s%s", d.s[0] ? "\n" : "", block);
    free(block);
    char *clean = salle__export_clean(d.s);
    icalcomponent_add_property(ev, icalproperty_new_description(clean));
    free(clean);
    free(d.s);
    char *tr = category(inst->talks->tracks[k->track].name);
    icalcomponent_add_property(ev, icalproperty_new_categories(tr));
    free(tr);
    char *url = salle__export_url(inst, inst->event.url);
    if (url)
        icalcomponent_add_property(ev, icalproperty_new_url(url));
    free(url);
    icalcomponent_add_component(cal, ev);
}

/* A person's talks: those they present, and those of the tracks they chair. */
static int talk_has_person(const salle_instance *inst, const salle_talk *k, int person)
{
    return salle__ids_has(&k->presenters, person) ||
           salle__ids_has(&inst->talks->tracks[k->track].chairs, person);
}

static char *calendar(const salle__export *prep, int room, int person, int talk_ev,
                      salle_diag *err);

char *salle__export_ics_with(const salle__export *prep, int room, int person, salle_diag *err)
{
    return calendar(prep, room, person, -1, err);
}

char *salle__export_ics_talk(const salle__export *x, int ev, salle_diag *err)
{
    return calendar(x, -1, -1, ev, err);
}

/* The whole calendar, one room's or one person's; with talk_ev >= 0 that talk's entry alone. */
static char *calendar(const salle__export *prep, int room, int person, int talk_ev,
                      salle_diag *err)
{
    const salle__export x = *prep; /* a shallow copy, read only: keeps the x.field spelling */
    const salle_instance *inst = x.inst;
    if (room >= inst->nrooms || person >= inst->npeople) {
        salle__diag(err, "", 0, 0, "no room %d or person %d in this instance", room, person);
        return NULL;
    }
    if (!x.tz_known) {
        salle__diag(err, inst->path ? inst->path : "", 0, 0,
                    "time zone '%s' is not in the tz database; cannot place times",
                    inst->event.timezone ? inst->event.timezone : "");
        return NULL;
    }

    icalcomponent *cal = icalcomponent_new_vcalendar();
    icalcomponent_add_property(cal, icalproperty_new_prodid(SALLE_PRODID));
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
    icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    /* X-WR-CALNAME: the name calendar apps give a subscribed feed. */
    const char *ev_name = inst->event.name ? inst->event.name : x.acronym;
    char *calname = room >= 0     ? salle__xasprintf("%s: %s", ev_name, x.room_name[room])
                    : person >= 0 ? salle__xasprintf("%s: %s", ev_name,
                                                     inst->people[person].name
                                                         ? inst->people[person].name
                                                         : inst->people[person].id)
                                  : salle__export_clean(ev_name);
    icalproperty *xp = icalproperty_new_x(calname);
    icalproperty_set_x_name(xp, "X-WR-CALNAME");
    icalcomponent_add_property(cal, xp);
    free(calname);

    icalcomponent *vtz = vtimezone(&x);
    const char *tzid = vtz ? inst->event.timezone : NULL;
    if (vtz) {
        xp = icalproperty_new_x(tzid);
        icalproperty_set_x_name(xp, "X-WR-TIMEZONE");
        icalcomponent_add_property(cal, xp);
        icalcomponent_add_component(cal, vtz);
    }

    struct icaltimetype stamp =
        icaltime_from_timet_with_zone(stamp_time(), 0, icaltimezone_get_utc_timezone());
    for (int i = 0; i < x.n && talk_ev < 0; i++) {
        const salle_assignment *a = x.a[i];
        const salle_session *ss = &inst->sessions[a->session];
        if (room >= 0 && a->room != room)
            continue;
        if (person >= 0 && !salle__ids_has(&ss->people, person))
            continue;
        icalcomponent *ev = icalcomponent_new_vevent();
        icalcomponent_add_property(ev, icalproperty_new_uid(x.guid[a->session]));
        icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
        icalcomponent_add_property(
            ev, time_prop(icalproperty_new_dtstart(local_time(&x, a->start, x.day[i], !tzid)), tzid));
        icalcomponent_add_property(
            ev, time_prop(icalproperty_new_dtend(
                              local_time(&x, a->start + ss->duration, x.day[i], !tzid)),
                          tzid));
        char *t = salle__export_clean(ss->title ? ss->title : ss->id);
        icalcomponent_add_property(ev, icalproperty_new_summary(t));
        free(t);
        icalcomponent_add_property(ev, icalproperty_new_location(x.room_name[a->room]));
        const char *desc = description(&x, a->session);
        if (desc[0])
            icalcomponent_add_property(ev, icalproperty_new_description(desc));
        if (x.ics_once) { /* libical keeps its own copy: ours would only add to the peak */
            free(x.ics_description[a->session]);
            x.ics_description[a->session] = NULL;
        }
        /* One CATEGORIES per track. The property is a comma-separated list and libical writes
         * its value with commas as they are, so a comma inside a track name is written
         * escaped ("Rights\\, Freedoms"), or calendars would split it into two categories. */
        for (int k = 0; k < ss->tracks.n; k++) {
            char *tr = category(inst->track_names[ss->tracks.v[k]]);
            icalcomponent_add_property(ev, icalproperty_new_categories(tr));
            free(tr);
        }
        char *url = salle__export_url(inst, ss->url);
        if (!url)
            url = salle__export_url(inst, inst->event.url);
        if (url)
            icalcomponent_add_property(ev, icalproperty_new_url(url));
        free(url);
        add_conference(ev, inst, ss, x.lang);
        icalcomponent_add_component(cal, ev);
    }
    for (int i = 0; i < x.ntalk_ev; i++)
        if ((talk_ev < 0 || i == talk_ev) && (room < 0 || x.talk_ev[i].room == room) &&
            (person < 0 || talk_has_person(inst, &inst->talks->talks[x.talk_ev[i].talk], person)))
            add_talk_vevent(&x, cal, i, stamp, tzid);

    char *text = icalcomponent_as_ical_string_r(cal);
    icalcomponent_free(cal);
    if (!text) {
        salle__diag(err, "", 0, 0, "libical could not serialise the calendar");
        return NULL;
    }
    /* libical 3.0 sometimes folds a line between the CR and the LF that end it, writing
     * "\r\r\n \n" (seen on FOSDEM's 75-character URLs); put the line ending back together.
     * In place: the repair only shrinks the text, and a second calendar-sized buffer was a
     * tenth of the export's page faults. libical 3.0's buffers are malloc's (icalmemory_free_buffer
     * is free), so the caller frees the result as ever. */
    char *out = text, *w = out;
    for (const char *r = text; *r;) {
        /* most bytes are neither: copy a run of them at once (two strncmp per byte were a tenth
         * of FOSDEM's calendar) */
        size_t plain = strcspn(r, "\r\xEE");
        if (w != r)
            memmove(w, r, plain);
        w += plain;
        r += plain;
        if (!*r)
            break;
        if (strncmp(r, "\r\r\n \n", 5) == 0) {
            memcpy(w, "\r\n", 2);
            w += 2;
            r += 5;
        } else if (strncmp(r, COMMA_MARK, 3) == 0) {
            memcpy(w, "\\,", 2); /* 2 bytes for 3: the text only shrinks */
            w += 2;
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    *w = 0;
    return out;
}
