/*
 * schedule.c: the schedule object and its JSON file format (docs/format.md, "Schedule").
 *
 * Reading is strict about ids and times (an unknown session or room, a time that is not on an
 * event day, an off-grid start are errors with line and column) and lenient about nothing else:
 * a session placed twice is not a file error but a rule-1 violation, for the checker to report.
 * Writing goes through salle_write_file_atomic, so a failed run never leaves half a file.
 */
#include "base/internal.h"
#include "base/tr.h"
#include "model/talks.h"

#include <stdlib.h>
#include <string.h>

salle_schedule *salle_schedule_new(void)
{
    return salle__xcalloc(1, sizeof(salle_schedule));
}

void salle_schedule_free(salle_schedule *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->nunscheduled; i++)
        free(s->unscheduled[i].reason);
    free(s->unscheduled);
    free(s->assign);
    salle_talk_plan_free(s->talk_plan);
    free(s);
}

void salle_schedule_add(salle_schedule *s, int session, int room, int start)
{
    if ((s->nassign & (s->nassign - 1)) == 0) /* grow at powers of two */
        s->assign = salle__xrealloc(s->assign, (size_t)(s->nassign ? s->nassign * 2 : 1) *
                                                   sizeof *s->assign);
    s->assign[s->nassign++] = (salle_assignment){session, room, start, 0, 0};
}

void salle_schedule_add_unscheduled(salle_schedule *s, int session, const char *reason)
{
    if ((s->nunscheduled & (s->nunscheduled - 1)) == 0)
        s->unscheduled = salle__xrealloc(
            s->unscheduled,
            (size_t)(s->nunscheduled ? s->nunscheduled * 2 : 1) * sizeof *s->unscheduled);
    s->unscheduled[s->nunscheduled++] =
        (salle_unscheduled){session, salle__xstrdup(reason ? reason : "")};
}

/* The messages are worded in the diag's language (salle_diag.lang): each format given to
 * err_member is its own msgid (po/README.md), and so are the descriptions "the schedule",
 * "assignment number %zu" and "unscheduled entry number %zu"; the latter two are looked up once per
 * parse (sr). Keys, ids and dates quoted from the file stay as they are. */
typedef struct {
    salle__jdoc *doc;
    salle_diag *err;
    const char *f_assign, *f_unsched; /* the descriptions' formats in err's language */
} sr;

static int err_member(sr *r, const json_t *obj, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int err_member(sr *r, const json_t *obj, const char *key, const char *fmt, ...)
{
    int line, col;
    if (key)
        salle__jdoc_member_pos(r->doc, obj, key, &line, &col);
    else
        salle__jdoc_pos(r->doc, obj, &line, &col);
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, salle__diag_tr(r->err, fmt), ap);
    va_end(ap);
    return salle__diag_str(r->err, salle__jdoc_name(r->doc), line, col, msg);
}

/* Reads the member key ("session" or "room") of o as the id of a session or room. */
static int read_ref(sr *r, const json_t *o, const char *key, const char *what,
                    const salle_instance *inst, int *out)
{
    int room = strcmp(key, "room") == 0;
    json_t *v = json_object_get(o, key);
    if (!v)
        return room ? err_member(r, o, NULL, "%s has no \"room\"; expected a room id", what)
                    : err_member(r, o, NULL, "%s has no \"session\"; expected a session id", what);
    if (!json_is_string(v))
        return room ? err_member(r, o, key, "\"room\" of %s must be a room id (a string)", what)
                    : err_member(r, o, key, "\"session\" of %s must be a session id (a string)", what);
    const char *id = json_string_value(v);
    *out = room ? salle_instance_room(inst, id) : salle_instance_session(inst, id);
    if (*out < 0)
        return room ? err_member(r, o, key, "unknown room \"%s\"; no room in %s has this id", id,
                                 inst->path)
                    : err_member(r, o, key, "unknown session \"%s\"; no session in %s has this id",
                                 id, inst->path);
    return 0;
}

static int only_keys(sr *r, const json_t *o, const char *const *allowed, const char *what)
{
    return salle__jdoc_check_keys(r->doc, r->err, o, allowed, what); /* worded there, on an error */
}

static int read_schedule(salle__jdoc *doc, salle_diag *err, const salle_instance *inst,
                         salle_schedule *s)
{
    sr rr = {doc, err, salle__diag_tr(err, N_("assignment number %zu")),
             salle__diag_tr(err, N_("unscheduled entry number %zu"))};
    sr *r = &rr;
    json_t *root = salle__jdoc_root(doc);
    if (!json_is_object(root))
        return err_member(r, root, NULL, "a schedule must be a JSON object with \"assignments\"");
    static const char *const keys[] = {"salle_schedule", "assignments", "unscheduled", "score",
                                       "cells", "talks", NULL};
    if (only_keys(r, root, keys, N_("the schedule")) < 0)
        return -1;
    json_t *ver = json_object_get(root, "salle_schedule");
    if (ver && (!json_is_integer(ver) || json_integer_value(ver) != SALLE_FORMAT_VERSION))
        return err_member(r, root, "salle_schedule",
                          "unsupported schedule version; this salle reads \"salle_schedule\": %d",
                          SALLE_FORMAT_VERSION);
    json_t *as = json_object_get(root, "assignments");
    if (!as)
        return err_member(r, root, NULL,
                          "the schedule has no \"assignments\"; expected an array of "
                          "{\"session\", \"room\", \"start\"}");
    if (!json_is_array(as))
        return err_member(r, root, "assignments", "\"assignments\" must be an array");
    size_t i;
    json_t *o;
    json_array_foreach(as, i, o) {
        char what[128];
        salle__fmt_num(what, sizeof what, r->f_assign, i + 1);
        if (!json_is_object(o))
            return err_member(r, o, NULL, "%s must be an object with session, room and start", what);
        static const char *const ak[] = {"session", "room", "start", "end", "cancelled", NULL};
        if (only_keys(r, o, ak, what) < 0)
            return -1;
        int sess, room, start;
        if (read_ref(r, o, "session", what, inst, &sess) < 0 ||
            read_ref(r, o, "room", what, inst, &room) < 0)
            return -1;
        json_t *st = json_object_get(o, "start");
        if (!st)
            return err_member(r, o, NULL, "%s has no \"start\"; expected a date and time such as \"%sT09:30\"",
                              what, inst->event.days[0]);
        if (!json_is_string(st) || salle_time_parse_iso(inst, json_string_value(st), &start) < 0)
            return err_member(r, o, "start",
                              "\"start\" of %s must be a date and time on an event day (%s to %s) such as \"%sT09:30\"",
                              what, inst->event.days[0], inst->event.days[inst->event.ndays - 1],
                              inst->event.days[0]);
        if (start % inst->event.grid)
            return err_member(r, o, "start", "\"start\" of %s is not on the event's %d-minute grid",
                              what, inst->event.grid);
        salle_schedule_add(s, sess, room, start);
        salle__jdoc_pos(doc, o, &s->assign[s->nassign - 1].line, &s->assign[s->nassign - 1].col);
    }
    json_t *un = json_object_get(root, "unscheduled");
    if (un && !json_is_array(un))
        return err_member(r, root, "unscheduled", "\"unscheduled\" must be an array");
    json_array_foreach(un, i, o) {
        char what[128];
        salle__fmt_num(what, sizeof what, r->f_unsched, i + 1);
        if (!json_is_object(o))
            return err_member(r, o, NULL, "%s must be an object with session and reason", what);
        static const char *const uk[] = {"session", "reason", NULL};
        if (only_keys(r, o, uk, what) < 0)
            return -1;
        int sess;
        if (read_ref(r, o, "session", what, inst, &sess) < 0)
            return -1;
        json_t *rs = json_object_get(o, "reason");
        if (rs && !json_is_string(rs))
            return err_member(r, o, "reason", "\"reason\" of %s must be a string", what);
        salle_schedule_add_unscheduled(s, sess, rs ? json_string_value(rs) : "");
    }
    return salle__talk_plan_read(doc, err, inst, root, s);
}

salle_schedule *salle_schedule_parse(const char *buf, size_t len, const char *name,
                                     const salle_instance *inst, salle_diag *err)
{
    salle_diag scratch = {0};
    if (!err)
        err = &scratch;
    salle__jdoc *doc = salle__jdoc_parse_arena(buf, len, name, err);
    if (!doc)
        return NULL;
    salle_schedule *s = salle_schedule_new();
    int rc = read_schedule(doc, err, inst, s);
    salle__jdoc_free(doc);
    if (rc < 0) {
        salle_schedule_free(s);
        return NULL;
    }
    return s;
}

salle_schedule *salle_schedule_load(const char *path, const salle_instance *inst,
                                    salle_diag *err)
{
    size_t len;
    char *buf = salle__read_file(path, &len, err);
    if (!buf)
        return NULL;
    salle_schedule *s = salle_schedule_parse(buf, len, path, inst, err);
    free(buf);
    return s;
}

static int cmp_assign(const void *a, const void *b, void *ctx)
{
    const salle_assignment *x = a, *y = b;
    const salle_instance *inst = ctx;
    if (x->start != y->start)
        return (x->start > y->start) - (x->start < y->start);
    if (x->room != y->room)
        return (x->room > y->room) - (x->room < y->room);
    return strcmp(inst->sessions[x->session].id, inst->sessions[y->session].id);
}

char *salle__schedule_json(const salle_instance *inst, const salle_schedule *s,
                           const salle_score *score)
{
    /* Sorted by time, then room: a diff between two versions reads like a timetable. */
    salle_assignment *a = salle__xmalloc((size_t)(s->nassign + 1) * sizeof *a);
    if (s->nassign)
        memcpy(a, s->assign, (size_t)s->nassign * sizeof *a);
    qsort_r(a, (size_t)s->nassign, sizeof *a, cmp_assign, (void *)inst);
    json_t *root = json_object();
    json_object_set_new(root, "salle_schedule", json_integer(SALLE_FORMAT_VERSION));
    json_t *as = json_array();
    for (int i = 0; i < s->nassign; i++) {
        char t[32], e[32];
        json_t *o = json_object();
        json_object_set_new(o, "session", json_string(inst->sessions[a[i].session].id));
        json_object_set_new(o, "room", json_string(inst->rooms[a[i].room].id));
        json_object_set_new(o, "start", json_string(salle_time_iso(inst, a[i].start, t)));
        json_object_set_new(o, "end", json_string(salle_time_iso(
                                          inst, a[i].start + inst->sessions[a[i].session].duration, e)));
        if (inst->sessions[a[i].session].cancelled) /* its last place, kept for the record */
            json_object_set_new(o, "cancelled", json_true());
        json_array_append_new(as, o);
    }
    free(a);
    json_object_set_new(root, "assignments", as);
    json_t *un = json_array();
    for (int i = 0; i < s->nunscheduled; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "session", json_string(inst->sessions[s->unscheduled[i].session].id));
        json_object_set_new(o, "reason", json_string(s->unscheduled[i].reason));
        json_array_append_new(un, o);
    }
    json_object_set_new(root, "unscheduled", un);
    salle__talk_plan_json(inst, s, root);
    if (score) {
        json_t *sc = json_object();
        json_object_set_new(sc, "hard", json_integer(score->hard));
        json_object_set_new(sc, "soft", json_integer(score->soft));
        json_object_set_new(root, "score", sc);
    }
    char *text = salle__json_text(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_COMPACT);
    json_decref(root);
    return text;
}

int salle_schedule_save(const char *path, const salle_instance *inst, const salle_schedule *s,
                        const salle_score *score, salle_diag *err)
{
    char *text = salle__schedule_json(inst, s, score);
    int rc = salle_write_file_atomic(path, text, strlen(text), err);
    free(text);
    return rc;
}
