/*
 * diff.c: what changed between two versions of a programme: sessions newly placed, cancelled
 * (no longer placed) and moved (another time or room). Attendees need exactly this after every
 * republication, so the static site turns it into a changelog page and an Atom feed, and
 * `salle diff` prints it.
 *
 * Two ways in: salle_diff_versions compares two loaded versions (each a schedule of its own
 * instance, or both of one) and knows titles, room names and human times, also of sessions only
 * one version has: a dropped session is listed with its old title, time and room, which is what
 * a changelog must say. salle_diff_files compares two schedule files without an instance, as the
 * strings written in them, for when no instance is at hand. Besides new, cancelled and moved it
 * reports a session that keeps its start but not its length ("resized"), and tells a session its
 * publisher marked cancelled from one that was dropped or no longer placed.
 */
#include "base/internal.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- with instances */

/* Per session of inst: its room and start in s, or -1 (also for a session marked cancelled: its
 * publisher says it will not take place, wherever a schedule still lists it). The first
 * placement counts if there are two. */
static void placement(const salle_instance *inst, const salle_schedule *s, int *room, int *start)
{
    for (int i = 0; i < inst->nsessions; i++)
        room[i] = start[i] = -1;
    for (int i = 0; s && i < s->nassign; i++) {
        const salle_assignment *a = &s->assign[i];
        if (a->session >= 0 && a->session < inst->nsessions && a->room >= 0 &&
            a->room < inst->nrooms && room[a->session] < 0 &&
            !inst->sessions[a->session].cancelled) {
            room[a->session] = a->room;
            start[a->session] = a->start;
        }
    }
}

/* A change and what it sorts by: the local date-time of its start ("2018-11-13T11:00" sorts as a
 * string, whichever instance it comes from) and the session id. */
typedef struct keyed {
    salle_change c;
    char when[32];
    const char *id;
} keyed;

static int cmp_keyed(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int c = strcmp(x->when, y->when);
    return c ? c : strcmp(x->id, y->id);
}

int salle_diff_versions(const salle_instance *old_inst, const salle_schedule *old,
                        const salle_instance *inst, const salle_schedule *now, salle_change **out)
{
    int no = old_inst->nsessions, n = inst->nsessions;
    int *v = salle__xmalloc((size_t)(2 * no + 2 * n + 1) * sizeof *v);
    int *orm = v, *ost = v + no, *nrm = v + 2 * no, *nst = v + 2 * no + n;
    placement(old_inst, old, orm, ost);
    placement(inst, now, nrm, nst);
    keyed *k = salle__xmalloc((size_t)(n + no + 1) * sizeof *k);
    int nk = 0;
    /* every session of either version: first the new one's, then those only the old one has */
    for (int pass = 0; pass < 2; pass++) {
        int count = pass ? no : n;
        for (int j = 0; j < count; j++) {
            int ni, oi;
            if (pass == 0) {
                ni = j;
                oi = old_inst == inst ? j : salle_instance_session(old_inst, inst->sessions[j].id);
            } else {
                oi = j;
                if (old_inst == inst || salle_instance_session(inst, old_inst->sessions[j].id) >= 0)
                    continue; /* seen in the first pass */
                ni = -1;
            }
            int was = oi >= 0 && orm[oi] >= 0, is = ni >= 0 && nrm[ni] >= 0;
            salle_change c = {0, ni, -1, -1, -1, -1, oi, -1, -1, 0};
            if (was) {
                c.old_room = orm[oi];
                c.old_start = ost[oi];
                c.old_duration = old_inst->sessions[oi].duration;
            }
            if (is) {
                c.new_room = nrm[ni];
                c.new_start = nst[ni];
                c.new_duration = inst->sessions[ni].duration;
            }
            char a[32], b[32];
            if (is && !was) {
                c.kind = SALLE_CHANGE_NEW;
            } else if (was && !is) {
                c.kind = SALLE_CHANGE_CANCELLED;
                c.cause = ni < 0                    ? SALLE_CANCEL_REMOVED
                          : inst->sessions[ni].cancelled ? SALLE_CANCEL_MARKED
                                                         : SALLE_CANCEL_UNPLACED;
            } else if (was && is) {
                if (strcmp(old_inst->rooms[c.old_room].id, inst->rooms[c.new_room].id) ||
                    strcmp(salle_time_iso(old_inst, c.old_start, a),
                           salle_time_iso(inst, c.new_start, b)))
                    c.kind = SALLE_CHANGE_MOVED;
                else if (c.old_duration != c.new_duration)
                    c.kind = SALLE_CHANGE_RESIZED;
            }
            if (!c.kind)
                continue;
            keyed *e = &k[nk++];
            e->c = c;
            if (c.kind == SALLE_CHANGE_CANCELLED)
                salle_time_iso(old_inst, c.old_start, e->when);
            else
                salle_time_iso(inst, c.new_start, e->when);
            e->id = ni >= 0 ? inst->sessions[ni].id : old_inst->sessions[oi].id;
        }
    }
    free(v);
    qsort(k, (size_t)nk, sizeof *k, cmp_keyed);
    salle_change *c = NULL;
    if (nk) {
        c = salle__xmalloc((size_t)nk * sizeof *c);
        for (int i = 0; i < nk; i++)
            c[i] = k[i].c;
    }
    free(k);
    *out = c;
    return nk;
}

int salle_diff(const salle_instance *inst, const salle_schedule *old, const salle_schedule *now,
               salle_change **out)
{
    return salle_diff_versions(inst, old, inst, now, out);
}

static const char *kind_name(int kind)
{
    static const char *const names[] = {"?", "new", "cancelled", "moved", "resized"};
    return kind >= 1 && kind <= 4 ? names[kind] : names[0];
}

static const char *cause_name(int cause)
{
    return cause == SALLE_CANCEL_MARKED    ? "marked"
           : cause == SALLE_CANCEL_REMOVED ? "removed"
                                           : "unplaced";
}

/* Appends printf-style text to *s (which may be NULL). */
static void append(char **s, size_t *len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void append(char **s, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    *s = salle__xrealloc(*s, *len + (size_t)k + 1);
    va_start(ap, fmt);
    vsnprintf(*s + *len, (size_t)k + 1, fmt, ap);
    va_end(ap);
    *len += (size_t)k;
}

static void summary(char **s, size_t *len, const int count[5])
{
    int total = count[1] + count[2] + count[3] + count[4];
    append(s, len, "%d change%s: %d new, %d cancelled, %d moved, %d resized\n", total,
           total == 1 ? "" : "s", count[SALLE_CHANGE_NEW], count[SALLE_CHANGE_CANCELLED],
           count[SALLE_CHANGE_MOVED], count[SALLE_CHANGE_RESIZED]);
}

static const char *room_label(const salle_instance *inst, int r)
{
    return inst->rooms[r].name ? inst->rooms[r].name : inst->rooms[r].id;
}

/* The session a change is about, in the version that still has it (the new one if both). */
static const salle_session *change_session(const salle_instance *old_inst,
                                           const salle_instance *inst, const salle_change *c)
{
    return c->session >= 0 ? &inst->sessions[c->session] : &old_inst->sessions[c->old_session];
}

/* "Tue 10:00" or, with the end, "Tue 10:00-12:00". */
static void when_text(char **s, size_t *len, const salle_instance *inst, int start, int duration,
                      int with_end)
{
    char a[32], b[32];
    append(s, len, "%s", salle_time_human(inst, start, a));
    if (with_end)
        append(s, len, "-%s", salle_time_clock(start + duration, b));
}

char *salle_diff_versions_text(const salle_instance *old_inst, const salle_instance *inst,
                               const salle_change *c, int n)
{
    char *s = salle__xstrdup("");
    size_t len = 0;
    int count[5] = {0};
    for (int i = 0; i < n; i++) {
        const salle_session *ss = change_session(old_inst, inst, &c[i]);
        int kind = c[i].kind >= 1 && c[i].kind <= 4 ? c[i].kind : 0;
        /* ends only where the length changed: the common line stays short */
        int ends = c[i].old_duration >= 0 && c[i].new_duration >= 0 &&
                   c[i].old_duration != c[i].new_duration;
        count[kind]++;
        append(&s, &len, "%s %s \"%s\": ", kind_name(kind), ss->id, ss->title ? ss->title : ss->id);
        if (kind == SALLE_CHANGE_RESIZED) {
            append(&s, &len, "now ");
            when_text(&s, &len, inst, c[i].new_start, c[i].new_duration, 1);
            append(&s, &len, ", was ");
            when_text(&s, &len, old_inst, c[i].old_start, c[i].old_duration, 1);
            append(&s, &len, ", %s\n", room_label(inst, c[i].new_room));
            continue;
        }
        if (kind != SALLE_CHANGE_NEW) {
            when_text(&s, &len, old_inst, c[i].old_start, c[i].old_duration, ends);
            append(&s, &len, ", %s", room_label(old_inst, c[i].old_room));
        }
        if (kind == SALLE_CHANGE_MOVED)
            append(&s, &len, " -> ");
        if (kind != SALLE_CHANGE_CANCELLED) {
            when_text(&s, &len, inst, c[i].new_start, c[i].new_duration, ends);
            append(&s, &len, ", %s", room_label(inst, c[i].new_room));
        }
        if (kind == SALLE_CHANGE_CANCELLED && c[i].cause == SALLE_CANCEL_MARKED)
            append(&s, &len, " (marked cancelled by the publisher)");
        else if (kind == SALLE_CHANGE_CANCELLED && c[i].cause == SALLE_CANCEL_REMOVED)
            append(&s, &len, " (no longer in the programme)");
        else if (kind == SALLE_CHANGE_CANCELLED)
            append(&s, &len, " (no longer placed)");
        append(&s, &len, "\n");
    }
    summary(&s, &len, count);
    return s;
}

char *salle_diff_text(const salle_instance *inst, const salle_change *c, int n)
{
    return salle_diff_versions_text(inst, inst, c, n);
}

static json_t *side_json(const salle_instance *inst, int room, int start, int duration)
{
    char buf[32];
    json_t *o = json_object();
    json_object_set_new(o, "room", json_string(inst->rooms[room].id));
    json_object_set_new(o, "room_name", json_string(room_label(inst, room)));
    json_object_set_new(o, "start", json_string(salle_time_iso(inst, start, buf)));
    json_object_set_new(o, "end", json_string(salle_time_iso(inst, start + duration, buf)));
    json_object_set_new(o, "duration", json_integer(duration));
    json_object_set_new(o, "human", json_string(salle_time_human(inst, start, buf)));
    return o;
}

char *salle_diff_versions_json(const salle_instance *old_inst, const salle_instance *inst,
                               const salle_change *c, int n)
{
    json_t *root = json_object(), *arr = json_array();
    json_object_set_new(root, "changes", arr);
    int count[5] = {0};
    for (int i = 0; i < n; i++) {
        const salle_session *ss = change_session(old_inst, inst, &c[i]);
        int kind = c[i].kind >= 1 && c[i].kind <= 4 ? c[i].kind : 0;
        count[kind]++;
        json_t *o = json_object();
        json_object_set_new(o, "kind", json_string(kind_name(kind)));
        json_object_set_new(o, "session", json_string(ss->id));
        json_object_set_new(o, "title", json_string(ss->title ? ss->title : ss->id));
        if (ss->guid)
            json_object_set_new(o, "guid", json_string(ss->guid));
        if (kind == SALLE_CHANGE_CANCELLED)
            json_object_set_new(o, "cause", json_string(cause_name(c[i].cause)));
        if (kind != SALLE_CHANGE_NEW)
            json_object_set_new(o, "old", side_json(old_inst, c[i].old_room, c[i].old_start,
                                                    c[i].old_duration));
        if (kind != SALLE_CHANGE_CANCELLED)
            json_object_set_new(o, "new", side_json(inst, c[i].new_room, c[i].new_start,
                                                    c[i].new_duration));
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "new", json_integer(count[SALLE_CHANGE_NEW]));
    json_object_set_new(root, "cancelled", json_integer(count[SALLE_CHANGE_CANCELLED]));
    json_object_set_new(root, "moved", json_integer(count[SALLE_CHANGE_MOVED]));
    json_object_set_new(root, "resized", json_integer(count[SALLE_CHANGE_RESIZED]));
    char *text = salle__json_text(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    return text;
}

char *salle_diff_json(const salle_instance *inst, const salle_change *c, int n)
{
    return salle_diff_versions_json(inst, inst, c, n);
}

/* ---------------------------------------------------------------- raw schedule files */

typedef struct raw_place {
    const char *session, *room, *start;
    const char *end; /* NULL when the file does not say (salle writes it; others may not) */
} raw_place;

static int cmp_raw(const void *a, const void *b)
{
    return strcmp(((const raw_place *)a)->session, ((const raw_place *)b)->session);
}

static int raw_error(salle__jdoc *doc, const json_t *v, salle_diag *err, const char *msg)
{
    int line, col;
    salle__jdoc_pos(doc, v, &line, &col);
    return salle__diag(err, salle__jdoc_name(doc), line, col, "%s", msg);
}

/* Reads the assignments of a schedule file; strings point into the document. */
static int raw_read(salle__jdoc *doc, raw_place **out, int *n, salle_diag *err)
{
    json_t *root = salle__jdoc_root(doc);
    json_t *as = json_is_object(root) ? json_object_get(root, "assignments") : NULL;
    if (!json_is_array(as))
        return raw_error(doc, as ? as : root, err,
                         "a schedule must be an object with an \"assignments\" array");
    raw_place *p = salle__xmalloc((json_array_size(as) + 1) * sizeof *p);
    size_t i;
    json_t *a;
    *n = 0;
    json_array_foreach(as, i, a) {
        static const char *const keys[] = {"session", "room", "start"};
        const char *val[3];
        for (int k = 0; k < 3; k++) {
            json_t *v = json_is_object(a) ? json_object_get(a, keys[k]) : NULL;
            if (!json_is_string(v)) {
                char msg[128];
                snprintf(msg, sizeof msg, "an assignment needs \"%s\" as a string", keys[k]);
                free(p);
                return raw_error(doc, v ? v : a, err, msg);
            }
            val[k] = json_string_value(v);
        }
        json_t *end = json_object_get(a, "end");
        p[(*n)++] = (raw_place){val[0], val[1], val[2], json_is_string(end) ? json_string_value(end) : NULL};
    }
    qsort(p, (size_t)*n, sizeof *p, cmp_raw);
    *out = p;
    return 0;
}

typedef struct raw_change {
    int kind;
    const raw_place *old, *now;
} raw_change;

static int cmp_raw_change(const void *a, const void *b)
{
    const raw_change *x = a, *y = b;
    const char *tx = x->now ? x->now->start : x->old->start;
    const char *ty = y->now ? y->now->start : y->old->start;
    int c = strcmp(tx, ty); /* ISO date-times sort as strings */
    if (c)
        return c;
    return strcmp((x->now ? x->now : x->old)->session, (y->now ? y->now : y->old)->session);
}

static json_t *raw_side(const raw_place *p)
{
    json_t *o = json_object();
    json_object_set_new(o, "room", json_string(p->room));
    json_object_set_new(o, "start", json_string(p->start));
    if (p->end)
        json_object_set_new(o, "end", json_string(p->end));
    return o;
}

char *salle_diff_files(const char *old_path, const char *new_path, int json, salle_diag *err)
{
    salle__jdoc *doc[2] = {NULL, NULL};
    raw_place *p[2] = {NULL, NULL};
    int n[2] = {0, 0};
    const char *path[2] = {old_path, new_path};
    char *result = NULL;
    for (int k = 0; k < 2; k++) {
        size_t len;
        char *buf = salle__read_file(path[k], &len, err);
        if (!buf)
            goto done;
        doc[k] = salle__jdoc_parse(buf, len, path[k], err);
        free(buf);
        if (!doc[k] || raw_read(doc[k], &p[k], &n[k], err) < 0)
            goto done;
    }
    /* Merge the two lists sorted by session id; a repeated session counts once. */
    raw_change *c = salle__xmalloc((size_t)(n[0] + n[1] + 1) * sizeof *c);
    int nc = 0, i = 0, j = 0;
    while (i < n[0] || j < n[1]) {
        int d = i >= n[0] ? 1 : j >= n[1] ? -1 : strcmp(p[0][i].session, p[1][j].session);
        const raw_place *a = d <= 0 ? &p[0][i] : NULL, *b = d >= 0 ? &p[1][j] : NULL;
        if (a && b && (strcmp(a->room, b->room) || strcmp(a->start, b->start)))
            c[nc++] = (raw_change){SALLE_CHANGE_MOVED, a, b};
        else if (a && b && a->end && b->end && strcmp(a->end, b->end))
            c[nc++] = (raw_change){SALLE_CHANGE_RESIZED, a, b};
        else if (!b)
            c[nc++] = (raw_change){SALLE_CHANGE_CANCELLED, a, NULL};
        else if (!a)
            c[nc++] = (raw_change){SALLE_CHANGE_NEW, NULL, b};
        const char *sid = (a ? a : b)->session;
        while (d <= 0 && i < n[0] && strcmp(p[0][i].session, sid) == 0)
            i++;
        while (d >= 0 && j < n[1] && strcmp(p[1][j].session, sid) == 0)
            j++;
    }
    qsort(c, (size_t)nc, sizeof *c, cmp_raw_change);
    int count[5] = {0};
    if (json) {
        json_t *root = json_object(), *arr = json_array();
        json_object_set_new(root, "changes", arr);
        for (int k = 0; k < nc; k++) {
            count[c[k].kind]++;
            json_t *o = json_object();
            json_object_set_new(o, "kind", json_string(kind_name(c[k].kind)));
            json_object_set_new(o, "session",
                                json_string((c[k].now ? c[k].now : c[k].old)->session));
            if (c[k].old)
                json_object_set_new(o, "old", raw_side(c[k].old));
            if (c[k].now)
                json_object_set_new(o, "new", raw_side(c[k].now));
            json_array_append_new(arr, o);
        }
        json_object_set_new(root, "new", json_integer(count[SALLE_CHANGE_NEW]));
        json_object_set_new(root, "cancelled", json_integer(count[SALLE_CHANGE_CANCELLED]));
        json_object_set_new(root, "moved", json_integer(count[SALLE_CHANGE_MOVED]));
        json_object_set_new(root, "resized", json_integer(count[SALLE_CHANGE_RESIZED]));
        result = salle__json_text(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(root);
    } else {
        size_t len = 0;
        result = salle__xstrdup("");
        for (int k = 0; k < nc; k++) {
            count[c[k].kind]++;
            append(&result, &len, "%s %s: ", kind_name(c[k].kind),
                   (c[k].now ? c[k].now : c[k].old)->session);
            if (c[k].kind == SALLE_CHANGE_RESIZED) {
                append(&result, &len, "now %s-%s, was %s-%s, %s\n", c[k].now->start,
                       c[k].now->end, c[k].old->start, c[k].old->end, c[k].now->room);
                continue;
            }
            if (c[k].old)
                append(&result, &len, "%s %s", c[k].old->start, c[k].old->room);
            if (c[k].old && c[k].now)
                append(&result, &len, " -> ");
            if (c[k].now)
                append(&result, &len, "%s %s", c[k].now->start, c[k].now->room);
            append(&result, &len, "\n");
        }
        summary(&result, &len, count);
    }
    free(c);
done:
    for (int k = 0; k < 2; k++) {
        free(p[k]);
        salle__jdoc_free(doc[k]);
    }
    return result;
}
