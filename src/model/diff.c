/*
 * diff.c: what changed between two versions of a programme: sessions newly placed, cancelled
 * (no longer placed) and moved (another time or room). Attendees need exactly this after every
 * republication, so the static site turns it into a changelog page and an Atom feed, and
 * `salle diff` prints it.
 *
 * Two ways in: salle_diff compares two loaded schedules of one instance and knows titles, room
 * names and human times; salle_diff_files compares two schedule files without an instance, as
 * the strings written in them, which is what an organiser needs when the instance has changed
 * too or is not at hand.
 */
#include "base/internal.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- with an instance */

static int cmp_change(const void *a, const void *b, void *ctx)
{
    const salle_change *x = a, *y = b;
    const salle_instance *inst = ctx;
    int tx = x->kind == SALLE_CHANGE_CANCELLED ? x->old_start : x->new_start;
    int ty = y->kind == SALLE_CHANGE_CANCELLED ? y->old_start : y->new_start;
    if (tx != ty)
        return (tx > ty) - (tx < ty);
    return strcmp(inst->sessions[x->session].id, inst->sessions[y->session].id);
}

/* Per session: its room and start in s, or -1. The first placement counts if there are two. */
static void placement(const salle_instance *inst, const salle_schedule *s, int *room, int *start)
{
    for (int i = 0; i < inst->nsessions; i++)
        room[i] = start[i] = -1;
    for (int i = 0; s && i < s->nassign; i++) {
        const salle_assignment *a = &s->assign[i];
        if (a->session >= 0 && a->session < inst->nsessions && room[a->session] < 0) {
            room[a->session] = a->room;
            start[a->session] = a->start;
        }
    }
}

int salle_diff(const salle_instance *inst, const salle_schedule *old, const salle_schedule *now,
               salle_change **out)
{
    int n = inst->nsessions;
    int *v = salle__xmalloc((size_t)(4 * n + 1) * sizeof *v);
    int *orm = v, *ost = v + n, *nrm = v + 2 * n, *nst = v + 3 * n;
    placement(inst, old, orm, ost);
    placement(inst, now, nrm, nst);
    salle_change *c = NULL;
    int nc = 0;
    for (int i = 0; i < n; i++) {
        int kind = 0;
        if (orm[i] < 0 && nrm[i] >= 0)
            kind = SALLE_CHANGE_NEW;
        else if (orm[i] >= 0 && nrm[i] < 0)
            kind = SALLE_CHANGE_CANCELLED;
        else if (orm[i] >= 0 && (orm[i] != nrm[i] || ost[i] != nst[i]))
            kind = SALLE_CHANGE_MOVED;
        if (!kind)
            continue;
        if (!c)
            c = salle__xmalloc((size_t)n * sizeof *c);
        c[nc++] = (salle_change){kind, i, orm[i], ost[i], nrm[i], nst[i]};
    }
    free(v);
    if (nc)
        qsort_r(c, (size_t)nc, sizeof *c, cmp_change, (void *)inst);
    *out = c;
    return nc;
}

static const char *kind_name(int kind)
{
    return kind == SALLE_CHANGE_NEW ? "new" : kind == SALLE_CHANGE_CANCELLED ? "cancelled" : "moved";
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

static void summary(char **s, size_t *len, const int count[4])
{
    int total = count[1] + count[2] + count[3];
    append(s, len, "%d change%s: %d new, %d cancelled, %d moved\n", total, total == 1 ? "" : "s",
           count[SALLE_CHANGE_NEW], count[SALLE_CHANGE_CANCELLED], count[SALLE_CHANGE_MOVED]);
}

static const char *room_label(const salle_instance *inst, int r)
{
    return inst->rooms[r].name ? inst->rooms[r].name : inst->rooms[r].id;
}

char *salle_diff_text(const salle_instance *inst, const salle_change *c, int n)
{
    char *s = salle__xstrdup("");
    size_t len = 0;
    int count[4] = {0};
    for (int i = 0; i < n; i++) {
        const salle_session *ss = &inst->sessions[c[i].session];
        char a[32], b[32];
        count[c[i].kind & 3]++;
        append(&s, &len, "%s %s \"%s\": ", kind_name(c[i].kind), ss->id,
               ss->title ? ss->title : ss->id);
        if (c[i].kind != SALLE_CHANGE_NEW)
            append(&s, &len, "%s, %s", salle_time_human(inst, c[i].old_start, a),
                   room_label(inst, c[i].old_room));
        if (c[i].kind == SALLE_CHANGE_MOVED)
            append(&s, &len, " -> ");
        if (c[i].kind != SALLE_CHANGE_CANCELLED)
            append(&s, &len, "%s, %s", salle_time_human(inst, c[i].new_start, b),
                   room_label(inst, c[i].new_room));
        append(&s, &len, "\n");
    }
    summary(&s, &len, count);
    return s;
}

static json_t *side_json(const salle_instance *inst, int room, int start)
{
    char buf[32];
    json_t *o = json_object();
    json_object_set_new(o, "room", json_string(inst->rooms[room].id));
    json_object_set_new(o, "room_name", json_string(room_label(inst, room)));
    json_object_set_new(o, "start", json_string(salle_time_iso(inst, start, buf)));
    json_object_set_new(o, "human", json_string(salle_time_human(inst, start, buf)));
    return o;
}


char *salle_diff_json(const salle_instance *inst, const salle_change *c, int n)
{
    json_t *root = json_object(), *arr = json_array();
    json_object_set_new(root, "changes", arr);
    int count[4] = {0};
    for (int i = 0; i < n; i++) {
        const salle_session *ss = &inst->sessions[c[i].session];
        count[c[i].kind & 3]++;
        json_t *o = json_object();
        json_object_set_new(o, "kind", json_string(kind_name(c[i].kind)));
        json_object_set_new(o, "session", json_string(ss->id));
        json_object_set_new(o, "title", json_string(ss->title ? ss->title : ss->id));
        if (ss->guid)
            json_object_set_new(o, "guid", json_string(ss->guid));
        if (c[i].kind != SALLE_CHANGE_NEW)
            json_object_set_new(o, "old", side_json(inst, c[i].old_room, c[i].old_start));
        if (c[i].kind != SALLE_CHANGE_CANCELLED)
            json_object_set_new(o, "new", side_json(inst, c[i].new_room, c[i].new_start));
        json_array_append_new(arr, o);
    }
    json_object_set_new(root, "new", json_integer(count[SALLE_CHANGE_NEW]));
    json_object_set_new(root, "cancelled", json_integer(count[SALLE_CHANGE_CANCELLED]));
    json_object_set_new(root, "moved", json_integer(count[SALLE_CHANGE_MOVED]));
    char *text = salle__json_text(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    return text;
}

/* ---------------------------------------------------------------- raw schedule files */

typedef struct raw_place {
    const char *session, *room, *start;
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
        p[(*n)++] = (raw_place){val[0], val[1], val[2]};
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
    int count[4] = {0};
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
        result = salle__json_text(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(root);
    } else {
        size_t len = 0;
        result = salle__xstrdup("");
        for (int k = 0; k < nc; k++) {
            count[c[k].kind]++;
            append(&result, &len, "%s %s: ", kind_name(c[k].kind),
                   (c[k].now ? c[k].now : c[k].old)->session);
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
