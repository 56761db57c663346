/*
 * check.c: the independent checker. It scores a schedule from scratch, rule by rule, exactly as
 * docs/scoring.md defines the score, and explains every violation in words a person can act on.
 *
 * This file is the source of truth for the score, so it is written to be obviously right rather
 * than fast: every rule is its own loop over plain arrays. The only cleverness is that pair rules
 * walk sessions sorted by start and stop as soon as no later session can interact, and that the
 * overlap goals walk only the sessions that share an interest set, a track or a tag, which keeps
 * 100 000 sessions quick. It shares no code with the solver on purpose.
 *
 * Messages cost more than the rules: a 100,000-session schedule has about 30 million. A caller
 * that needs only the score gets none formatted (salle_check_score), and salle_check_print
 * writes them as they are found, one rule at a time, rather than holding them (issue 10).
 *
 * Which placement counts: a session placed more than once breaks rule 1 once per extra placement,
 * and only its first placement (in schedule order) takes part in every other rule and goal. A
 * session not placed breaks rule 1 and takes part in nothing else.
 */
#include "base/internal.h"
#include "base/tr.h"
#include "model/talks.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- the checker's state */

typedef struct ck {
    const salle_instance *inst;
    salle_report *rep;
    int vcap, icap;
    int *seq;          /* emission order of each violation, for a stable final sort */
    char **pool;       /* strings made for the message being built; freed after each message */
    int npool, poolcap;
    int *room, *start; /* per session: its first placement, or -1 */
    int *order;        /* placed sessions by (start, index) */
    int nplaced;
    /* score only (issue 10): no message is written, for a caller that needs only the score */
    int quiet;
    /* 1 while the arguments of a message that will not be kept are evaluated (set by the hard and
     * soft macros, cleared after each message): the helpers that format names and times then
     * return "" instead of allocating */
    int mute;
    /* printing one rule at a time (salle_check_print): when out is set, only the messages of
     * rule (want_hard, want_rule) are written, straight to out, and nothing is tallied */
    FILE *out;
    int want_hard, want_rule;
    /* what the counting pass found, per rule: how many messages, and which steps of check_run
     * wrote them (bit k: step k), so that a printing pass runs only those steps */
    int step;
    long nfound;
    long count_hard[SALLE_HARD_COUNT], count_soft[SALLE_SOFT_COUNT];
    unsigned steps_hard[SALLE_HARD_COUNT], steps_soft[SALLE_SOFT_COUNT];
    const salle_schedule *sched;
    struct groups *byroom, *byperson, *byres, *bytrack;
    /* the messages' language (salle_check_lang): a language with a catalog (po/), or NULL for
     * the English the formats are written in, which then cost no lookup */
    const char *lang;
    /* in lang, looked up once (check_start): the weekdays and the format of a placed session */
    const char *wd[7], *desc_fmt;
} ck;

static int placed(const ck *c, int s)
{
    return c->room[s] >= 0;
}

static int end_of(const ck *c, int s)
{
    return c->start[s] + c->inst->sessions[s].duration;
}

static const char *sname(const ck *c, int s)
{
    return c->inst->sessions[s].id;
}

static const char *rname(const ck *c, int r)
{
    return c->inst->rooms[r].name;
}

/* The words of a message in the checker's language: the English format is the msgid (po/). A
 * muted message and an English one look nothing up. */
static const char *words(const ck *c, const char *msgid) __attribute__((format_arg(2)));
static const char *words(const ck *c, const char *msgid)
{
    return c->mute || !c->lang ? msgid : salle__tr(c->lang, msgid);
}

/* The same for a message with a count n: the plural form n takes in the checker's language. */
static const char *words_n(const ck *c, const char *one, const char *many, long n)
    __attribute__((format_arg(2))) __attribute__((format_arg(3)));
static const char *words_n(const ck *c, const char *one, const char *many, long n)
{
    if (c->mute || !c->lang)
        return n == 1 ? one : many;
    return salle__trn(c->lang, one, many, n);
}

static char *vfmt(const char *fmt, va_list ap)
{
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        return salle__xstrdup("(out of memory)"); /* not reached: vasprintf only fails on OOM */
    return s;
}

/* Keeps s until the current message is emitted; returns it. */
static const char *keep(ck *c, char *s)
{
    if (c->npool == c->poolcap) {
        c->poolcap = c->poolcap ? c->poolcap * 2 : 16;
        c->pool = salle__xrealloc(c->pool, (size_t)c->poolcap * sizeof *c->pool);
    }
    c->pool[c->npool++] = s;
    return s;
}

static void pool_reset(ck *c)
{
    for (int i = 0; i < c->npool; i++)
        free(c->pool[i]);
    c->npool = 0;
    c->mute = 0;
}

/* The weekdays salle_time_human writes, which are also the msgids of their translations. */
static const char *const weekday_msgids[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
                                             N_("Fri"), N_("Sat"), N_("Sun")};

/* The weekday buf starts with ("Tue 11:00": 1), or -1. */
static int weekday_of(const char *buf)
{
    for (int k = 0; k < 7; k++)
        if (memcmp(buf, weekday_msgids[k], 3) == 0 && buf[3] == ' ')
            return k;
    return -1;
}

/* Replaces the 3-letter weekday buf starts with by name (SALLE__WHEN_MAX bytes, or left as is). */
static void put_weekday(char *buf, const char *name)
{
    size_t n = strlen(name), rest = strlen(buf + 3) + 1;
    if (n + rest <= SALLE__WHEN_MAX) {
        memmove(buf + n, buf + 3, rest);
        memcpy(buf, name, n);
    }
}

/* salle_time_human's "Tue 11:00" or "(minute 5000)" in lang (model/talks.h): the weekday and the
 * words are translated, the clock stays; English (lang NULL) is salle_time_human's text itself. */
char *salle__check_when(const char *lang, char *buf)
{
    if (!lang)
        return buf;
    int minute, k;
    if (buf[0] == '(' && sscanf(buf, "(minute %d)", &minute) == 1)
        /* TRANSLATORS: a time outside the event's days, in minutes from the first day's midnight */
        snprintf(buf, SALLE__WHEN_MAX, salle__tr(lang, "(minute %d)"), minute);
    else if ((k = weekday_of(buf)) >= 0)
        put_weekday(buf, salle__tr(lang, weekday_msgids[k]));
    return buf;
}

/* salle_time_human(t) in the checker's language */
static char *human(const ck *c, int t, char *buf)
{
    salle_time_human(c->inst, t, buf);
    int k;
    if (!c->lang)
        return buf;
    if (buf[0] != '(' && (k = weekday_of(buf)) >= 0)
        put_weekday(buf, c->wd[k]);
    else
        salle__check_when(c->lang, buf);
    return buf;
}

/* "Tue 11:00" */
static const char *at(ck *c, int t)
{
    char buf[SALLE__WHEN_MAX];
    if (c->mute)
        return "";
    return keep(c, salle__xstrdup(human(c, t, buf)));
}

/* "WS-12 (Room 3, Tue 11:00-12:30)" for a placed session */
static const char *desc(ck *c, int s)
{
    char a[SALLE__WHEN_MAX], b[32];
    if (c->mute)
        return "";
    return keep(c, salle__xasprintf(c->lang ? c->desc_fmt : "%s (%s, %s-%s)", sname(c, s),
                                    rname(c, c->room[s]), human(c, c->start[s], a),
                                    salle_time_clock(end_of(c, s), b)));
}

/* A growable string for lists of names. */
typedef struct sb {
    char *s;
    size_t n, cap;
} sb;

static void sb_add(sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_add(sb *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *piece = vfmt(fmt, ap);
    va_end(ap);
    size_t k = strlen(piece);
    if (b->n + k + 1 > b->cap) {
        b->cap = (b->n + k + 1) * 2;
        b->s = salle__xrealloc(b->s, b->cap);
    }
    memcpy(b->s + b->n, piece, k + 1);
    b->n += k;
    free(piece);
}

/* The conjunction of a list: "and", or "or" for alternatives, in the checker's language. */
enum { AND, OR };
static const char *conj_word(const ck *c, int conj)
{
    /* TRANSLATORS: the conjunctions before the last item of a list ("a, b and c", "a, b or c") */
    return conj == OR ? words(c, "or") : words(c, "and");
}

/* Appends item i of a list of n with conjunction conj (AND, OR): "a", "a and b", "a, b and c",
 * in the checker's language. Long lists show their first items and "and 12 more". */
enum { LIST_SHOW = 10 };
static void item(const ck *c, sb *b, int i, int n, int conj, const char *name)
{
    /* TRANSLATORS: what separates the items of a list but the last two ("a, b and c") */
    const char *comma = words(c, ", ");
    if (n > LIST_SHOW) {
        if (i < LIST_SHOW - 1)
            sb_add(b, "%s%s", i ? comma : "", name);
        else if (i == LIST_SHOW - 1) {
            sb_add(b, " ");
            sb_add(b,
                   /* TRANSLATORS: the end of a long list of names, of which the first nine are
                    * shown: "a, b, ..., i or 12 more", for the rooms a session may use */
                   conj == OR ? words_n(c, "or %d more", "or %d more", n - (LIST_SHOW - 1))
                              /* TRANSLATORS: the same, "a, b, ..., i and 12 more", for a list of
                               * all that applies */
                              : words_n(c, "and %d more", "and %d more", n - (LIST_SHOW - 1)),
                   n - (LIST_SHOW - 1));
        }
        return;
    }
    if (i == 0)
        sb_add(b, "%s", name);
    else if (i == n - 1)
        sb_add(b, " %s %s", conj_word(c, conj), name);
    else
        sb_add(b, "%s%s", comma, name);
}

/* Finishes b and keeps the string until the message is emitted. */
static const char *sb_keep(ck *c, sb *b)
{
    return keep(c, b->s ? b->s : salle__xstrdup(""));
}

/* 1 when the message of rule (is_hard, rule) is to be written in this pass. */
static int wanted(const ck *c, int is_hard, int rule)
{
    if (c->quiet)
        return 0;
    return !c->out || (is_hard == c->want_hard && rule == c->want_rule);
}

/* Sets c->mute for the message about to be built; the hard and soft macros call it before their
 * arguments are evaluated (the comma operator orders the two). */
static int mute_unless(ck *c, int is_hard, int rule)
{
    c->mute = !wanted(c, is_hard, rule);
    return 0;
}

static void print_line(FILE *out, int is_hard, int rule, long cost, const char *text);

static void emit(ck *c, int is_hard, int rule, long cost, const char *fmt, va_list ap)
{
    salle_report *r = c->rep;
    if (c->out) { /* a printing pass: the totals are the counting pass's */
        if (wanted(c, is_hard, rule)) {
            char *text = vfmt(fmt, ap);
            print_line(c->out, is_hard, rule, cost, text);
            free(text);
        }
        pool_reset(c);
        return;
    }
    c->nfound++;
    if (is_hard) {
        c->count_hard[rule]++;
        c->steps_hard[rule] |= 1u << c->step;
    } else {
        c->count_soft[rule]++;
        c->steps_soft[rule] |= 1u << c->step;
    }
    if (!c->quiet) { /* quiet: the same totals, no message */
        if (r->nviolations == c->vcap) {
            c->vcap = c->vcap ? c->vcap * 2 : 64;
            r->violations = salle__xrealloc(r->violations, (size_t)c->vcap * sizeof *r->violations);
            c->seq = salle__xrealloc(c->seq, (size_t)c->vcap * sizeof *c->seq);
        }
        c->seq[r->nviolations] = r->nviolations;
        r->violations[r->nviolations++] = (salle_violation){is_hard, rule, cost, vfmt(fmt, ap)};
    }
    pool_reset(c);
    if (is_hard) {
        r->hard_by_rule[rule] += cost;
        r->score.hard += cost;
    } else {
        r->soft_by_goal[rule] += cost;
        r->score.soft += cost;
    }
}

static void hard_msg(ck *c, int rule, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void hard_msg(ck *c, int rule, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    emit(c, 1, rule, 1, fmt, ap);
    va_end(ap);
}

/* A soft violation of goal g with the given amount; costs weight x amount. Nothing is recorded
 * when the cost is 0 (amount 0, or the goal switched off with weight 0). */
static void soft_msg(ck *c, int g, long amount, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void soft_msg(ck *c, int g, long amount, const char *fmt, ...)
{
    long cost = amount * c->inst->weights[g];
    if (amount <= 0 || cost == 0) {
        pool_reset(c);
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    emit(c, 0, g, cost, fmt, ap);
    va_end(ap);
}

/* hard(c, rule, fmt, ...) and soft(c, goal, amount, fmt, ...): a violation. The message's
 * arguments are evaluated after mute_unless, so that a message nobody will read (quiet, or
 * another rule's printing pass) costs no formatting of names and times. */
#define hard(c, rule, fmt, ...)                                                                    \
    (mute_unless((c), 1, (rule)), hard_msg((c), (rule), words((c), fmt), __VA_ARGS__))
#define soft(c, g, amount, fmt, ...)                                                               \
    (mute_unless((c), 0, (g)), soft_msg((c), (g), (amount), words((c), fmt), __VA_ARGS__))
/* soft_n(c, goal, amount, n, one, many, ...): a message whose words depend on the count n. The
 * format is the English msgid in each case (po/README.md gives xgettext these keywords). */
#define soft_n(c, g, amount, n, one, many, ...)                                                    \
    (mute_unless((c), 0, (g)),                                                                     \
     soft_msg((c), (g), (amount), words_n((c), one, many, (n)), __VA_ARGS__))

static void info(ck *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void info(ck *c, const char *fmt, ...)
{
    salle_report *r = c->rep;
    if (c->out) { /* a printing pass: the notes are the counting pass's */
        pool_reset(c);
        return;
    }
    if (r->ninfo == c->icap) {
        c->icap = c->icap ? c->icap * 2 : 32;
        r->info = salle__xrealloc(r->info, (size_t)c->icap * sizeof *r->info);
    }
    va_list ap;
    va_start(ap, fmt);
    r->info[r->ninfo++] = vfmt(fmt, ap);
    va_end(ap);
    pool_reset(c);
}

/* ---------------------------------------------------------------- small helpers */

static int floordiv(int a, int b)
{
    return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static int overlap(const ck *c, int s, int t)
{
    return c->start[s] < end_of(c, t) && c->start[t] < end_of(c, s);
}

/* Sessions grouped by some key (room, person, resource, track), each group in start order. */
typedef struct groups {
    int n;
    int *first; /* n + 1 offsets into v */
    int *v;
} groups;

/* keys(c, s, out) writes the keys of placed session s into out and returns how many. */
typedef int (*keys_fn)(const ck *c, int s, int *out, int max);

static int keys_room(const ck *c, int s, int *out, int max)
{
    (void)max;
    out[0] = c->room[s];
    return 1;
}

static int keys_ids(const salle_ids *ids, int *out, int max)
{
    int n = ids->n < max ? ids->n : max;
    for (int i = 0; i < n; i++)
        out[i] = ids->v[i];
    return n;
}

static int keys_person(const ck *c, int s, int *out, int max)
{
    return keys_ids(&c->inst->sessions[s].people, out, max);
}

static int keys_resource(const ck *c, int s, int *out, int max)
{
    return keys_ids(&c->inst->sessions[s].resources, out, max);
}

static int keys_track(const ck *c, int s, int *out, int max)
{
    return keys_ids(&c->inst->sessions[s].tracks, out, max);
}

static int max_keys(const ck *c)
{
    int m = 1;
    for (int s = 0; s < c->inst->nsessions; s++) {
        const salle_session *x = &c->inst->sessions[s];
        if (x->people.n > m)
            m = x->people.n;
        if (x->resources.n > m)
            m = x->resources.n;
        if (x->tracks.n > m)
            m = x->tracks.n;
    }
    return m;
}

static void group(const ck *c, int n, keys_fn fn, groups *g)
{
    int mk = max_keys(c);
    int *k = salle__xmalloc((size_t)mk * sizeof *k);
    g->n = n;
    g->first = salle__xcalloc((size_t)n + 2, sizeof *g->first);
    for (int i = 0; i < c->nplaced; i++) {
        int m = fn(c, c->order[i], k, mk);
        for (int j = 0; j < m; j++)
            g->first[k[j] + 2]++;
    }
    for (int i = 0; i < n; i++)
        g->first[i + 2] += g->first[i + 1];
    g->v = salle__xmalloc((size_t)g->first[n + 1] * sizeof *g->v + 1);
    for (int i = 0; i < c->nplaced; i++) {
        int s = c->order[i];
        int m = fn(c, s, k, mk);
        for (int j = 0; j < m; j++)
            g->v[g->first[k[j] + 1]++] = s;
    }
    free(k);
}

static void groups_free(groups *g)
{
    free(g->first);
    free(g->v);
}

#define GROUP_FOR(g, key, i) for (int i = (g)->first[key]; i < (g)->first[(key) + 1]; i++)

/* ---------------------------------------------------------------- hard rules */

/* Rule 1: every session placed exactly once. Also fills c->room, c->start. */
static void rule_placement(ck *c, const salle_schedule *s)
{
    const salle_instance *inst = c->inst;
    int n = inst->nsessions;
    int *first = salle__xmalloc(((size_t)n + 1) * sizeof *first);
    for (int i = 0; i < n; i++)
        first[i] = -1;
    for (int k = 0; k < s->nassign; k++) {
        const salle_assignment *a = &s->assign[k];
        if (a->session < 0 || a->session >= n || a->room < 0 || a->room >= inst->nrooms)
            continue; /* not from a loaded schedule; nothing sensible to say about it */
        if (inst->sessions[a->session].cancelled)
            continue; /* cancelled: a published programme may still list it; it uses nothing */
        if (first[a->session] < 0) {
            first[a->session] = k;
            c->room[a->session] = a->room;
            c->start[a->session] = a->start;
            continue;
        }
        const salle_assignment *f = &s->assign[first[a->session]];
        hard(c, SALLE_HARD_PLACEMENT,
             /* TRANSLATORS: a session id; its second room and day and time; its first room and day
              * and time */
             "%s is placed more than once: again in %s at %s, after %s at %s; only the first "
             "placement counts",
             sname(c, a->session), rname(c, a->room), at(c, a->start), rname(c, f->room),
             at(c, f->start));
    }
    for (int i = 0; i < n; i++) {
        if (first[i] >= 0 || inst->sessions[i].cancelled)
            continue;
        const char *reason = NULL;
        for (int k = 0; k < s->nunscheduled; k++)
            if (s->unscheduled[k].session == i) {
                reason = s->unscheduled[k].reason;
                break;
            }
        if (reason && reason[0])
            /* TRANSLATORS: a session id; the reason the solver gave (in English, from the
             * schedule file) */
            hard(c, SALLE_HARD_PLACEMENT, "%s is not placed: %s", sname(c, i), reason);
        else if (reason)
            /* TRANSLATORS: %s a session id */
            hard(c, SALLE_HARD_PLACEMENT, "%s is not placed (listed as unscheduled)", sname(c, i));
        else
            /* TRANSLATORS: %s a session id */
            hard(c, SALLE_HARD_PLACEMENT, "%s is not placed (missing from the schedule)",
                 sname(c, i));
    }
    free(first);
}

/* Rule 2: sessions in one room keep the room's changeover apart. */
static void rule_room_conflict(ck *c, const groups *byroom)
{
    for (int r = 0; r < c->inst->nrooms; r++) {
        int co = c->inst->rooms[r].changeover;
        GROUP_FOR(byroom, r, i) {
            int s = byroom->v[i];
            for (int j = i + 1; j < byroom->first[r + 1]; j++) {
                int t = byroom->v[j];
                /* starts are sorted, so a(s) <= a(t) < b(t) + co always holds */
                if (c->start[t] >= end_of(c, s) + co)
                    break;
                if (c->start[t] < end_of(c, s))
                    /* TRANSLATORS: two placed sessions ("WS-12 (Room 3, Tue 11:00-12:30)"), a room */
                    hard(c, SALLE_HARD_ROOM_CONFLICT, "%s and %s overlap in %s", desc(c, s),
                         desc(c, t), rname(c, r));
                else
                    hard(c, SALLE_HARD_ROOM_CONFLICT,
                         /* TRANSLATORS: two placed sessions, the minutes between them, a room, the
                          * minutes the room needs between two sessions */
                         "%s and %s leave %d minutes in %s, which needs %d minutes to change over",
                         desc(c, s), desc(c, t), c->start[t] - end_of(c, s), rname(c, r), co);
            }
        }
    }
}

static int travel(const ck *c, int r1, int r2)
{
    const salle_instance *inst = c->inst;
    int v1 = inst->rooms[r1].venue, v2 = inst->rooms[r2].venue;
    if (v1 < 0 || v2 < 0 || v1 == v2 || !inst->travel)
        return 0;
    return inst->travel[v1 * inst->nvenues + v2];
}

/* Rule 3: a person is in one place at a time, with travel time between venues. */
static void rule_person_conflict(ck *c, const groups *byperson)
{
    const salle_instance *inst = c->inst;
    int maxtravel = 0;
    for (int i = 0; i < inst->nvenues * inst->nvenues; i++)
        if (inst->travel[i] > maxtravel)
            maxtravel = inst->travel[i];
    for (int p = 0; p < inst->npeople; p++) {
        const char *who = inst->people[p].name;
        GROUP_FOR(byperson, p, i) {
            int s = byperson->v[i];
            for (int j = i + 1; j < byperson->first[p + 1]; j++) {
                int t = byperson->v[j];
                if (c->start[t] >= end_of(c, s) + maxtravel)
                    break;
                if (c->start[t] < end_of(c, s)) {
                    /* TRANSLATORS: a person's name, two placed sessions */
                    hard(c, SALLE_HARD_PERSON_CONFLICT, "%s is in %s and %s", who, desc(c, s),
                         desc(c, t));
                    continue;
                }
                int gap = c->start[t] - end_of(c, s);
                int need = travel(c, c->room[s], c->room[t]);
                if (gap < need)
                    hard(c, SALLE_HARD_PERSON_CONFLICT,
                         /* TRANSLATORS: a person's name, minutes, two placed sessions, minutes, two
                          * venues */
                         "%s has %d minutes between %s and %s but needs %d minutes to get from "
                         "%s to %s",
                         who, gap, desc(c, s), desc(c, t), need,
                         inst->venues[inst->rooms[c->room[s]].venue].name,
                         inst->venues[inst->rooms[c->room[t]].venue].name);
            }
        }
    }
}

/* The windows of ws on the day of time t, as "09:00-12:00 and 14:00-18:00", or NULL if none. */
static const char *windows_on_day(ck *c, const salle_windows *ws, int t)
{
    int d = salle_time_day(c->inst, t);
    if (d < 0)
        return NULL;
    int d0 = c->inst->event.day_offset[d], d1 = d0 + SALLE_MINUTES_PER_DAY;
    int n = 0;
    for (int k = 0; k < ws->n; k++)
        if (ws->w[k].start < d1 && ws->w[k].end > d0)
            n++;
    if (!n)
        return NULL;
    sb b = {0};
    int i = 0;
    for (int k = 0; k < ws->n; k++) {
        if (!(ws->w[k].start < d1 && ws->w[k].end > d0))
            continue;
        char x[32], y[32];
        int e = ws->w[k].end;
        /* a window running past midnight reads best as ending at 24:00 of this day */
        if (e > d1)
            e = d1;
        salle_time_clock(ws->w[k].start < d0 ? d0 : ws->w[k].start, x);
        if (e == d1)
            strcpy(y, "24:00");
        else
            salle_time_clock(e, y);
        if (i > 0)
            sb_add(&b, i == n - 1 ? " %s " : "%s", i == n - 1 ? conj_word(c, AND) : words(c, ", "));
        i++;
        sb_add(&b, "%s-%s", x, y);
    }
    return sb_keep(c, &b);
}

/* The day name of time t ("Tue"), or the minute when it is outside the event. */
static const char *day_name(ck *c, int t)
{
    char buf[SALLE__WHEN_MAX];
    if (c->mute)
        return "";
    human(c, t, buf);
    char *sp = strchr(buf, ' ');
    if (sp && buf[0] != '(')
        *sp = 0;
    return keep(c, salle__xstrdup(buf));
}

/* Rule 4: inside the room's availability and every person's availability. */
static void rule_availability(ck *c)
{
    const salle_instance *inst = c->inst;
    for (int i = 0; i < c->nplaced; i++) {
        int s = c->order[i];
        const salle_room *rm = &inst->rooms[c->room[s]];
        if (!salle__windows_contain(&rm->available, c->start[s], end_of(c, s))) {
            const char *w = windows_on_day(c, &rm->available, c->start[s]);
            if (w)
                /* TRANSLATORS: a placed session, a room, a weekday, the room's hours that day
                 * ("09:00-12:00 and 14:00-18:00") */
                hard(c, SALLE_HARD_AVAILABILITY, "%s is outside the hours %s is available (%s %s)",
                     desc(c, s), rm->name, day_name(c, c->start[s]), w);
            else
                /* TRANSLATORS: a placed session, a room */
                hard(c, SALLE_HARD_AVAILABILITY, "%s is on a day %s is not available", desc(c, s),
                     rm->name);
        }
        const salle_ids *pp = &inst->sessions[s].people;
        for (int k = 0; k < pp->n; k++) {
            const salle_person *p = &inst->people[pp->v[k]];
            if (salle__windows_contain(&p->available, c->start[s], end_of(c, s)))
                continue;
            const char *w = windows_on_day(c, &p->available, c->start[s]);
            if (w)
                /* TRANSLATORS: a person's name, a placed session, a weekday, the person's hours
                 * that day ("09:00-12:00 and 14:00-18:00") */
                hard(c, SALLE_HARD_AVAILABILITY, "%s is not available for %s (only %s %s)",
                     p->name, desc(c, s), day_name(c, c->start[s]), w);
            else
                /* TRANSLATORS: a person's name, a placed session */
                hard(c, SALLE_HARD_AVAILABILITY, "%s is not available for %s (not at all that day)",
                     p->name, desc(c, s));
        }
    }
}

/* Rule 5: expected attendance fits the room. */
static void rule_capacity(ck *c)
{
    for (int i = 0; i < c->nplaced; i++) {
        int s = c->order[i];
        const salle_room *rm = &c->inst->rooms[c->room[s]];
        int att = c->inst->sessions[s].attendance;
        if (att > rm->capacity)
            /* TRANSLATORS: a session id, the people it expects, a room, the seats it has */
            hard(c, SALLE_HARD_CAPACITY, "%s expects %d people but %s holds %d", sname(c, s), att,
                 rm->name, rm->capacity);
    }
}

/* Rule 6: the room has every needed feature (one violation per session). */
static void rule_features(ck *c)
{
    const salle_instance *inst = c->inst;
    for (int i = 0; i < c->nplaced; i++) {
        int s = c->order[i];
        const salle_session *x = &inst->sessions[s];
        const salle_room *rm = &inst->rooms[c->room[s]];
        int missing = 0;
        for (int k = 0; k < x->needs.n; k++)
            missing += !salle__ids_has(&rm->features, x->needs.v[k]);
        if (!missing)
            continue;
        sb b = {0};
        int j = 0;
        for (int k = 0; k < x->needs.n; k++)
            if (!salle__ids_has(&rm->features, x->needs.v[k]))
                item(c, &b, j++, missing, AND, inst->feature_names[x->needs.v[k]]);
        /* TRANSLATORS: a session id, a list of room features ("projector and ramp"), a room */
        hard(c, SALLE_HARD_FEATURES, "%s needs %s, which %s lacks", sname(c, s), sb_keep(c, &b),
             rm->name);
    }
}

/* Rule 7: resources within their shifts, and never more at once than their capacity. */
static void rule_resources(ck *c, const groups *byres)
{
    const salle_instance *inst = c->inst;
    for (int i = 0; i < c->nplaced; i++) {
        int s = c->order[i];
        const salle_ids *rs = &inst->sessions[s].resources;
        for (int k = 0; k < rs->n; k++) {
            const salle_resource *res = &inst->resources[rs->v[k]];
            if (!salle__windows_contain(&res->shifts, c->start[s], end_of(c, s))) {
                const char *w = windows_on_day(c, &res->shifts, c->start[s]);
                if (w)
                    /* TRANSLATORS: a placed session, a shared resource (a team of interpreters),
                     * a weekday, the resource's shifts that day ("09:00-12:00 and 14:00-18:00") */
                    hard(c, SALLE_HARD_RESOURCES, "%s uses %s outside its shifts (%s %s)",
                         desc(c, s), res->name, day_name(c, c->start[s]), w);
                else
                    /* TRANSLATORS: a placed session, a shared resource */
                    hard(c, SALLE_HARD_RESOURCES, "%s uses %s, which has no shift that day",
                         desc(c, s), res->name);
            }
        }
    }
    for (int r = 0; r < inst->nresources; r++) {
        const salle_resource *res = &inst->resources[r];
        GROUP_FOR(byres, r, i) {
            int t = c->start[byres->v[i]];
            if (i > byres->first[r] && c->start[byres->v[i - 1]] == t)
                continue; /* one check per distinct start time */
            int running = 0;
            for (int j = byres->first[r]; j < byres->first[r + 1] && c->start[byres->v[j]] <= t; j++)
                running += end_of(c, byres->v[j]) > t;
            if (running <= res->capacity)
                continue;
            sb b = {0};
            int k = 0;
            for (int j = byres->first[r]; j < byres->first[r + 1] && c->start[byres->v[j]] <= t; j++)
                if (end_of(c, byres->v[j]) > t)
                    item(c, &b, k++, running, AND, sname(c, byres->v[j]));
            /* TRANSLATORS: a shared resource, how many sessions need it (always more than one),
             * a day and time, the list of those sessions' ids, how many it can serve at once */
            hard(c, SALLE_HARD_RESOURCES, "%s is needed by %d sessions at once at %s (%s) but can serve %d",
                 res->name, running, at(c, t), sb_keep(c, &b), res->capacity);
        }
    }
}

/* Rule 8: allowed windows and rooms, precedence, and not-at-the-same-time. */
static void rule_relations(ck *c)
{
    const salle_instance *inst = c->inst;
    for (int s = 0; s < inst->nsessions; s++) {
        if (!placed(c, s))
            continue;
        const salle_session *x = &inst->sessions[s];
        if (!salle__windows_contain(&x->allowed, c->start[s], end_of(c, s))) {
            const char *w = windows_on_day(c, &x->allowed, c->start[s]);
            if (w)
                /* TRANSLATORS: a placed session, a weekday, its allowed times that day */
                hard(c, SALLE_HARD_RELATIONS, "%s is outside its allowed times (%s %s)",
                     desc(c, s), day_name(c, c->start[s]), w);
            else
                /* TRANSLATORS: a placed session */
                hard(c, SALLE_HARD_RELATIONS, "%s is on a day it is not allowed", desc(c, s));
        }
        if (x->rooms.n && !salle__ids_has(&x->rooms, c->room[s])) {
            sb b = {0};
            for (int k = 0; k < x->rooms.n; k++)
                item(c, &b, k, x->rooms.n, OR, rname(c, x->rooms.v[k]));
            /* TRANSLATORS: a session id, its room, the list of the rooms it may use ("A or B") */
            hard(c, SALLE_HARD_RELATIONS, "%s is in %s, but may only use %s", sname(c, s),
                 rname(c, c->room[s]), sb_keep(c, &b));
        }
        for (int k = 0; k < x->after.n; k++) {
            int t = x->after.v[k];
            if (placed(c, t) && c->start[s] < end_of(c, t))
                /* TRANSLATORS: a placed session, another session's id, that session placed, the
                 * day and time it ends */
                hard(c, SALLE_HARD_RELATIONS, "%s must start after %s ends, but %s ends at %s",
                     desc(c, s), sname(c, t), desc(c, t), at(c, end_of(c, t)));
        }
        for (int k = 0; k < x->not_with.n; k++) {
            int t = x->not_with.v[k];
            if (t > s && placed(c, t) && overlap(c, s, t))
                /* TRANSLATORS: two placed sessions */
                hard(c, SALLE_HARD_RELATIONS, "%s and %s must not run at the same time",
                     desc(c, s), desc(c, t));
        }
    }
}

/* Rule 9: pinned sessions stay; published ones move only when confirmed. */
static void rule_fixed(ck *c)
{
    const salle_instance *inst = c->inst;
    for (int s = 0; s < inst->nsessions; s++) {
        if (!placed(c, s))
            continue;
        const salle_session *x = &inst->sessions[s];
        int bad_room = x->pinned_room >= 0 && x->pinned_room != c->room[s];
        int bad_start = x->pinned_start >= 0 && x->pinned_start != c->start[s];
        if (bad_room || bad_start) {
            const char *pin;
            if (x->pinned_room >= 0 && x->pinned_start >= 0)
                /* TRANSLATORS: a room, a day and time */
                pin = keep(c, salle__xasprintf(words(c, "%s at %s"), rname(c, x->pinned_room),
                                               at(c, x->pinned_start)));
            else if (x->pinned_room >= 0)
                pin = rname(c, x->pinned_room);
            else
                pin = at(c, x->pinned_start);
            /* TRANSLATORS: a session id, where it is pinned (a room, a day and time, or "a room at
             * a day and time"), its room, its day and time */
            hard(c, SALLE_HARD_FIXED, "%s is pinned to %s but is in %s at %s", sname(c, s), pin,
                 rname(c, c->room[s]), at(c, c->start[s]));
        }
        if (x->published_room < 0 || x->move == SALLE_MOVE_CONFIRMED)
            continue;
        if (x->published_room == c->room[s] && x->published_start == c->start[s])
            continue;
        hard(c, SALLE_HARD_FIXED,
             /* TRANSLATORS: a session id, its published room and day and time, its room and day
              * and time now, and one of the two phrases "but its organizers declined the move"
              * and "without its organizers' confirmation" */
             "%s was published in %s at %s and is now in %s at %s, %s", sname(c, s),
             rname(c, x->published_room), at(c, x->published_start), rname(c, c->room[s]),
             at(c, c->start[s]),
             /* TRANSLATORS: the end of "WS-1 was published in ... and is now in ..., %s" */
             x->move == SALLE_MOVE_DECLINED ? words(c, "but its organizers declined the move")
                                            /* TRANSLATORS: the same, when they were not asked yet */
                                            : words(c, "without its organizers' confirmation"));
    }
}

/* Rule 10: while an exclusive session runs, only its own room and its overflow rooms are in use.
 * 1 if t's room is outside what exclusive s allows. */
static int outside_plenary(const ck *c, int s, int t)
{
    const salle_session *x = &c->inst->sessions[s];
    return x->exclusive && c->room[t] != c->room[s] && !salle__ids_has(&x->overflow, c->room[t]);
}

static void rule_exclusive(ck *c)
{
    const salle_instance *inst = c->inst;
    for (int s = 0; s < inst->nsessions; s++) {
        const salle_session *x = &inst->sessions[s];
        if (!placed(c, s) || !x->exclusive)
            continue;
        for (int t = 0; t < inst->nsessions; t++) {
            if (t == s || !placed(c, t) || !overlap(c, s, t) || !outside_plenary(c, s, t))
                continue;
            /* a pair of exclusive sessions that both object counts once, at the first of them */
            if (inst->sessions[t].exclusive && t < s && outside_plenary(c, t, s))
                continue;
            char b[32];
            const char *when = keep(c, salle__xasprintf("%s-%s", at(c, c->start[s]),
                                                        salle_time_clock(end_of(c, s), b)));
            sb rooms = {0};
            item(c, &rooms, 0, 1 + x->overflow.n, AND, rname(c, c->room[s]));
            for (int k = 0, i = 1; k < x->overflow.n; k++)
                if (x->overflow.v[k] != c->room[s])
                    item(c, &rooms, i++, 1 + x->overflow.n - salle__ids_has(&x->overflow, c->room[s]),
                         AND, rname(c, x->overflow.v[k]));
            hard(c, SALLE_HARD_EXCLUSIVE,
                 /* TRANSLATORS: a placed session, the exclusive (plenary) session placed, the list of
                  * rooms that may be in use then, the first session's id, the plenary's day and time
                  * ("Tue 11:00-12:30"), the first session's room, the plenary's id */
                 "%s runs during the exclusive session %s, while only %s may be in use: move %s "
                 "outside %s, or add %s to the \"overflow\" rooms of %s",
                 desc(c, t), desc(c, s), sb_keep(c, &rooms), sname(c, t), when,
                 rname(c, c->room[t]), sname(c, s));
        }
    }
}

/* ---------------------------------------------------------------- soft goals */

/* Placed sessions per member list (interest sets, tracks or tags), each list in start order:
 * members of list k are v[first[k] .. first[k + 1]). lists(s, &n) gives the lists of session s. */
typedef const int *(*lists_fn)(const salle_instance *inst, int s, int *n);

static const int *lists_tracks(const salle_instance *inst, int s, int *n)
{
    *n = inst->sessions[s].tracks.n;
    return inst->sessions[s].tracks.v;
}

static const int *lists_tags(const salle_instance *inst, int s, int *n)
{
    *n = inst->sessions[s].tags.n;
    return inst->sessions[s].tags.v;
}

static void members(const ck *c, int nlists, const int *const *of, const int *nof, groups *g)
{
    g->n = nlists;
    g->first = salle__xcalloc((size_t)nlists + 2, sizeof *g->first);
    for (int i = 0; i < c->nplaced; i++)
        for (int j = 0; j < nof[c->order[i]]; j++)
            g->first[of[c->order[i]][j] + 2]++;
    for (int k = 0; k < nlists; k++)
        g->first[k + 2] += g->first[k + 1];
    g->v = salle__xmalloc((size_t)g->first[nlists + 1] * sizeof *g->v + 1);
    for (int i = 0; i < c->nplaced; i++)
        for (int j = 0; j < nof[c->order[i]]; j++)
            g->v[g->first[of[c->order[i]][j] + 1]++] = i; /* positions in c->order */
}

/* Adds 1 to hit[t] for each later placed session t (in c->order after position i) that shares a
 * list with s and starts before s ends, once per list they share; new partners go to *touched. */
static void sweep_lists(const ck *c, int i, const int *ls, int nls, const groups *g, int *hit,
                        int *touched, int *ntouched)
{
    int s = c->order[i], b = end_of(c, s);
    for (int k = 0; k < nls; k++) {
        int lo = g->first[ls[k]], hi = g->first[ls[k] + 1];
        while (lo < hi) { /* first member after position i */
            int mid = (lo + hi) / 2;
            if (g->v[mid] <= i)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (int j = lo; j < g->first[ls[k] + 1]; j++) {
            int t = c->order[g->v[j]];
            if (c->start[t] >= b)
                break; /* in start order: a(s) <= a(t) < b(s) is overlap */
            if (!hit[g->v[j]]++)
                touched[(*ntouched)++] = g->v[j];
        }
    }
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Audience, track and tag overlap: every pair of overlapping placed sessions that share an
 * interest set, a track or a tag. Each list (interest set, track, tag) is swept on its own, in
 * start order, so the work is the overlapping pairs within lists, not all overlapping pairs
 * (issue 10: at 30,000 sessions the all-pairs pass was a fifth of a solve); the pairs come out in
 * the order of the all-pairs pass, each with its counts. The lists of a session are sorted and
 * unique, as the reader leaves them. */
static void goal_overlaps(ck *c)
{
    const salle_instance *inst = c->inst;
    int n = inst->nsessions;
    /* the interest sets naming each session, in increasing set order */
    int *cnt = salle__xcalloc((size_t)n + 2, sizeof *cnt);
    for (int k = 0; k < inst->ninterest; k++)
        for (int j = 0; j < inst->interest[k].n; j++)
            cnt[inst->interest[k].v[j] + 2]++;
    for (int s = 0; s < n; s++)
        cnt[s + 2] += cnt[s + 1];
    int *sets = salle__xmalloc((size_t)cnt[n + 1] * sizeof *sets + 1);
    for (int k = 0; k < inst->ninterest; k++)
        for (int j = 0; j < inst->interest[k].n; j++)
            sets[cnt[inst->interest[k].v[j] + 1]++] = k;
    /* now sets of session s are sets[cnt[s] .. cnt[s + 1]) */
    const int **of = salle__xmalloc(((size_t)n + 1) * sizeof *of);
    int *nof = salle__xmalloc(((size_t)n + 1) * sizeof *nof);
    groups g[3];
    lists_fn fns[3] = {NULL, lists_tracks, lists_tags};
    int nlists[3] = {inst->ninterest, inst->ntracks, inst->ntags};
    for (int w = 0; w < 3; w++) {
        for (int s = 0; s < n; s++) {
            if (w == 0) {
                of[s] = sets + cnt[s];
                nof[s] = cnt[s + 1] - cnt[s];
            } else {
                of[s] = fns[w](inst, s, &nof[s]);
            }
        }
        members(c, nlists[w], of, nof, &g[w]);
    }
    int *hit[3], *touched = salle__xmalloc(3 * ((size_t)c->nplaced + 1) * sizeof *touched);
    for (int w = 0; w < 3; w++)
        hit[w] = salle__xcalloc((size_t)c->nplaced + 1, sizeof *hit[w]);
    int *any = salle__xcalloc((size_t)c->nplaced + 1, sizeof *any);
    for (int i = 0; i < c->nplaced; i++) {
        int s = c->order[i], nt = 0, nls;
        const salle_session *x = &inst->sessions[s];
        int nall = 0;
        for (int w = 0; w < 3; w++) {
            const int *ls = w == 0 ? sets + cnt[s] : fns[w](inst, s, &nls);
            if (w == 0)
                nls = cnt[s + 1] - cnt[s];
            sweep_lists(c, i, ls, nls, &g[w], hit[w], touched, &nt);
        }
        /* the partners of s, each once (one may be touched once per kind), in c->order */
        for (int k = 0; k < nt; k++)
            if (!any[touched[k]]++)
                touched[nall++] = touched[k];
        qsort(touched, (size_t)nall, sizeof *touched, cmp_int);
        for (int k = 0; k < nall; k++) {
            int j = touched[k], t = c->order[j];
            const salle_session *y = &inst->sessions[t];
            int aud = hit[0][j], tr = hit[1][j], tg = hit[2][j];
            hit[0][j] = hit[1][j] = hit[2][j] = any[j] = 0;
            if (aud)
                soft_n(c, SALLE_SOFT_AUDIENCE_OVERLAP, aud, aud,
                       /* TRANSLATORS: two placed sessions, a number of attendees */
                       "%s and %s run at the same time and share %d interested attendee",
                       "%s and %s run at the same time and share %d interested attendees",
                       desc(c, s), desc(c, t), aud);
            if (tr) {
                sb b = {0};
                int m = 0;
                for (int k2 = 0; wanted(c, 0, SALLE_SOFT_TRACK_OVERLAP) && k2 < x->tracks.n; k2++)
                    if (salle__ids_has(&y->tracks, x->tracks.v[k2]))
                        item(c, &b, m++, tr, AND,
                             /* TRANSLATORS: a track's name in quotes, in a list of them */
                             keep(c, salle__xasprintf(words(c, "\"%s\""), inst->track_names[x->tracks.v[k2]])));
                soft_n(c, SALLE_SOFT_TRACK_OVERLAP, tr, tr,
                       /* TRANSLATORS: two placed sessions, the list of the tracks they share, each in
                        * quotes */
                       "%s and %s run at the same time and are both in track %s",
                       "%s and %s run at the same time and are both in tracks %s", desc(c, s),
                       desc(c, t), sb_keep(c, &b));
            }
            if (tg) {
                sb b = {0};
                int m = 0;
                for (int k2 = 0; wanted(c, 0, SALLE_SOFT_TAG_OVERLAP) && k2 < x->tags.n; k2++)
                    if (salle__ids_has(&y->tags, x->tags.v[k2]))
                        item(c, &b, m++, tg, AND,
                             keep(c, salle__xasprintf(words(c, "\"%s\""), inst->tag_names[x->tags.v[k2]])));
                soft_n(c, SALLE_SOFT_TAG_OVERLAP, tg, tg,
                       /* TRANSLATORS: two placed sessions, the list of the tags they share, each in
                        * quotes */
                       "%s and %s run at the same time and share the tag %s",
                       "%s and %s run at the same time and share the tags %s", desc(c, s),
                       desc(c, t), sb_keep(c, &b));
            }
        }
    }
    for (int w = 0; w < 3; w++) {
        groups_free(&g[w]);
        free(hit[w]);
    }
    free(any);
    free(touched);
    free(of);
    free(nof);
    free(sets);
    free(cnt);
}

static void goal_rooms(ck *c)
{
    const salle_instance *inst = c->inst;
    for (int i = 0; i < c->nplaced; i++) {
        int s = c->order[i];
        const salle_room *rm = &inst->rooms[c->room[s]];
        long att = inst->sessions[s].attendance;
        long margin = (long)rm->capacity * 9 / 10;
        if (att > margin)
            soft(c, SALLE_SOFT_CAPACITY_MARGIN, att - margin,
                 /* TRANSLATORS: a session id, the people it expects, a room, its seats, how many
                  * people beyond 90% of the seats, 90% of the seats; "%%" is a percent sign */
                 "%s expects %ld people and %s holds %d: %ld beyond the 90%% safety margin of %ld",
                 sname(c, s), att, rm->name, rm->capacity, att - margin, margin);
        long base = 3 * (att > 1 ? att : 1);
        long empty = (long)rm->capacity - base;
        if (empty >= 10 && !rm->capacity_unknown) /* unknown seats: no fit to judge */
            soft_n(c, SALLE_SOFT_ROOM_FIT, empty / 10, att,
                   /* TRANSLATORS: a session id, the people it expects, a room, its seats, the empty
                    * seats beyond three times the people expected */
                   "%s expects %ld person and %s holds %d: %ld empty seats beyond three times the "
                   "attendance",
                   "%s expects %ld people and %s holds %d: %ld empty seats beyond three times the "
                   "attendance",
                   sname(c, s), att, rm->name, rm->capacity, empty);
    }
}

static void goal_preferences(ck *c, const groups *byperson)
{
    const salle_instance *inst = c->inst;
    for (int s = 0; s < inst->nsessions; s++) {
        if (!placed(c, s))
            continue;
        const salle_session *x = &inst->sessions[s];
        if (!x->preferred.any &&
            !salle__windows_contain(&x->preferred, c->start[s], end_of(c, s)))
            /* TRANSLATORS: a placed session */
            soft(c, SALLE_SOFT_SESSION_PREFERENCE, 1, "%s is outside its preferred times",
                 desc(c, s));
        if (x->preferred_rooms.n > 0 && !salle__ids_has(&x->preferred_rooms, c->room[s])) {
            sb b = {0};
            for (int k = 0; k < x->preferred_rooms.n; k++)
                item(c, &b, k, x->preferred_rooms.n, OR, rname(c, x->preferred_rooms.v[k]));
            /* TRANSLATORS: a session id, its room, the list of the rooms it prefers ("A or B") */
            soft(c, SALLE_SOFT_SESSION_PREFERENCE, 1, "%s is in %s but would rather be in %s",
                 sname(c, s), rname(c, c->room[s]), sb_keep(c, &b));
        }
    }
    for (int p = 0; p < inst->npeople; p++) {
        const salle_person *pp = &inst->people[p];
        if (pp->preferred.any)
            continue;
        GROUP_FOR(byperson, p, i) {
            int s = byperson->v[i];
            if (!salle__windows_contain(&pp->preferred, c->start[s], end_of(c, s)))
                /* TRANSLATORS: a placed session, a person's name */
                soft(c, SALLE_SOFT_PERSON_PREFERENCE, 1, "%s is outside the preferred times of %s",
                     desc(c, s), pp->name);
        }
    }
}

static void goal_stability(ck *c)
{
    const salle_instance *inst = c->inst;
    for (int s = 0; s < inst->nsessions; s++) {
        const salle_session *x = &inst->sessions[s];
        if (!placed(c, s) || x->published_room < 0)
            continue;
        int room_changed = x->published_room != c->room[s];
        int shift = c->start[s] - x->published_start;
        if (!room_changed && !shift)
            continue;
        long people = x->people.n;
        long amount = (1 + people) * room_changed;
        if (shift)
            amount += (1 + people) * 2 * (1 + abs(shift) / 60);
        soft_n(c, SALLE_SOFT_STABILITY, amount, people,
               /* TRANSLATORS: a session id, its published room and day and time, its room and day and
                * time now, the number of its organizers and speakers */
               "%s moved from %s at %s to %s at %s, which affects its %ld organizer and speaker",
               "%s moved from %s at %s to %s at %s, which affects its %ld organizers and speakers",
               sname(c, s), rname(c, x->published_room), at(c, x->published_start),
               rname(c, c->room[s]), at(c, c->start[s]), people);
    }
}

static void goal_people(ck *c, const groups *byperson)
{
    const salle_instance *inst = c->inst;
    const salle_event *e = &inst->event;
    int *perday = salle__xcalloc((size_t)e->ndays + 1, sizeof *perday);
    for (int p = 0; p < inst->npeople; p++) {
        const salle_person *pp = &inst->people[p];
        /* back to back: consecutive sessions of one day, in different rooms */
        GROUP_FOR(byperson, p, i) {
            if (i + 1 >= byperson->first[p + 1])
                break;
            int s = byperson->v[i], t = byperson->v[i + 1];
            int d = salle_time_day(inst, c->start[s]);
            if (d < 0 || d != salle_time_day(inst, c->start[t]) || c->room[s] == c->room[t])
                continue;
            int gap = c->start[t] - end_of(c, s);
            int need = inst->rooms[c->room[t]].changeover;
            if (gap < 0)
                soft(c, SALLE_SOFT_BACK_TO_BACK, 1,
                     /* TRANSLATORS: a person's name, two placed sessions, minutes, a room */
                     "%s has no time between %s and %s (they overlap), less than the %d minutes "
                     "%s needs to change over",
                     pp->name, desc(c, s), desc(c, t), need, rname(c, c->room[t]));
            else if (gap < need)
                soft(c, SALLE_SOFT_BACK_TO_BACK, 1,
                     /* TRANSLATORS: a person's name, minutes, two placed sessions, minutes, a room */
                     "%s has %d minutes between %s and %s, less than the %d minutes %s needs "
                     "to change over",
                     pp->name, gap, desc(c, s), desc(c, t), need, rname(c, c->room[t]));
        }
        /* day load */
        memset(perday, 0, (size_t)e->ndays * sizeof *perday);
        GROUP_FOR(byperson, p, i) {
            int d = salle_time_day(inst, c->start[byperson->v[i]]);
            if (d >= 0)
                perday[d]++;
        }
        for (int d = 0; d < e->ndays; d++)
            if (perday[d] > e->max_per_day)
                soft(c, SALLE_SOFT_PERSON_DAY_LOAD, perday[d] - e->max_per_day,
                     /* TRANSLATORS: a person's name, a number of sessions, a weekday, how many more
                      * than the most a person should have in a day, that most */
                     "%s has %d sessions on %s, %d more than %d", pp->name, perday[d],
                     day_name(c, e->day_offset[d]), perday[d] - e->max_per_day, e->max_per_day);
        /* remote hours */
        if (!pp->remote || !pp->local_shift)
            continue;
        GROUP_FOR(byperson, p, i) {
            int s = byperson->v[i];
            int d = salle_time_day(inst, c->start[s]);
            if (d < 0)
                continue;
            int la = c->start[s] + pp->local_shift[d], lb = end_of(c, s) + pp->local_shift[d];
            int inside = 0;
            for (int k = floordiv(la, SALLE_MINUTES_PER_DAY) - 1;
                 k <= floordiv(lb, SALLE_MINUTES_PER_DAY) + 1; k++) {
                int lo = k * SALLE_MINUTES_PER_DAY + e->remote_start;
                int hi = k * SALLE_MINUTES_PER_DAY + e->remote_end;
                if (lo < la)
                    lo = la;
                if (hi > lb)
                    hi = lb;
                if (hi > lo)
                    inside += hi - lo;
            }
            int outside = (lb - la) - inside;
            if (outside >= 15) {
                char x[32], y[32], rs[32], re[32];
                soft(c, SALLE_SOFT_REMOTE_HOURS, outside / 15,
                     /* TRANSLATORS: a placed session, its start and end in a remote person's own
                      * time, the person's name, their time zone, minutes, the hours a remote person
                      * may be asked to take part in (start-end, their own time) */
                     "%s is %s-%s for %s (%s): %d minutes outside %s-%s", desc(c, s),
                     salle_time_clock(la, x), salle_time_clock(lb, y), pp->name, pp->timezone,
                     outside, salle_time_clock(e->remote_start, rs),
                     e->remote_end == SALLE_MINUTES_PER_DAY ? "24:00"
                                                           : salle_time_clock(e->remote_end, re));
            }
        }
    }
    free(perday);
}

static void goal_tracks(ck *c, const groups *bytrack)
{
    const salle_instance *inst = c->inst;
    const salle_event *e = &inst->event;
    char *seen = salle__xcalloc((size_t)inst->nrooms + 1, 1);
    int *perday = salle__xcalloc((size_t)e->ndays + 1, sizeof *perday);
    for (int k = 0; k < inst->ntracks; k++) {
        const char *name = inst->track_names[k];
        memset(seen, 0, (size_t)inst->nrooms);
        int nrooms = 0;
        GROUP_FOR(bytrack, k, i) {
            int r = c->room[bytrack->v[i]];
            nrooms += !seen[r];
            seen[r] = 1;
        }
        if (nrooms > 1) {
            sb b = {0};
            int m = 0;
            for (int r = 0; r < inst->nrooms; r++)
                if (seen[r])
                    item(c, &b, m++, nrooms, AND, rname(c, r));
            /* TRANSLATORS: a track's name, a number of rooms (two or more), the list of them */
            soft(c, SALLE_SOFT_TRACK_ROOMS, nrooms - 1, "track \"%s\" uses %d rooms: %s", name,
                 nrooms, sb_keep(c, &b));
        }
        memset(perday, 0, (size_t)e->ndays * sizeof *perday);
        GROUP_FOR(bytrack, k, i) {
            int d = salle_time_day(inst, c->start[bytrack->v[i]]);
            if (d >= 0)
                perday[d]++;
        }
        int lo = 0, hi = 0;
        for (int d = 1; d < e->ndays; d++) {
            if (perday[d] < perday[lo])
                lo = d;
            if (perday[d] > perday[hi])
                hi = d;
        }
        if (perday[hi] - perday[lo] - 1 > 0)
            soft_n(c, SALLE_SOFT_DAY_SPREAD, perday[hi] - perday[lo] - 1, perday[hi],
                   /* TRANSLATORS: a track's name, a number of sessions, a date (2026-05-12), a smaller
                    * number of sessions, another date */
                   "track \"%s\" has %d session on %s but %d on %s",
                   "track \"%s\" has %d sessions on %s but %d on %s", name, perday[hi],
                   e->days[hi], perday[lo], e->days[lo]);
    }
    free(perday);
    free(seen);
}

static void goal_speaking(ck *c)
{
    const salle_instance *inst = c->inst;
    int min = inst->event.min_speaking;
    for (int s = 0; s < inst->nsessions; s++) {
        const salle_session *x = &inst->sessions[s];
        int n = x->speakers.n;
        if (!n)
            continue;
        int each = x->duration / n;
        if (n == 1)
            /* TRANSLATORS: a note on a session: its id, its length in minutes */
            info(c, words(c, "%s: 1 speaker in %d minutes"), sname(c, s), x->duration);
        else
            /* TRANSLATORS: a note on a session: its id, its speakers, its length, the minutes
             * each speaker has */
            info(c, words(c, "%s: %d speakers in %d minutes, %d minutes each"), sname(c, s), n,
                 x->duration, each);
        if (placed(c, s) && each < min)
            soft(c, SALLE_SOFT_SPEAKING_TIME, min - each,
                 /* TRANSLATORS: a session id, its speakers (two or more), its length in minutes, the
                  * minutes each speaker has, the fewest minutes a speaker should have */
                 "%s has %d speakers in %d minutes: %d minutes each, less than %d", sname(c, s),
                 n, x->duration, each, min);
    }
}

static void goal_holidays(ck *c)
{
    const salle_instance *inst = c->inst;
    const salle_event *e = &inst->event;
    int *count = salle__xcalloc((size_t)e->ndays + 1, sizeof *count);
    char *done = salle__xcalloc((size_t)e->ndays + 1, 1);
    for (int i = 0; i < c->nplaced; i++) {
        int d = salle_time_day(inst, c->start[c->order[i]]);
        if (d >= 0)
            count[d]++;
    }
    for (int h = 0; h < e->nholidays; h++) {
        int d = e->holiday_day[h];
        /* TRANSLATORS: a note: a date (2026-05-12), its weekday, the name of a holiday on it */
        info(c, words(c, "%s (%s) is %s"), e->days[d], day_name(c, e->day_offset[d]),
             e->holiday_name[h]);
        if (done[d])
            continue; /* a day counts once, however many observances fall on it */
        done[d] = 1;
        /* TRANSLATORS: a number of sessions, a date (2026-05-12), the name of a holiday on it */
        soft_n(c, SALLE_SOFT_HOLIDAY, count[d], count[d], "%d session is on %s, which is %s",
               "%d sessions are on %s, which is %s", count[d], e->days[d], e->holiday_name[h]);
    }
    free(done);
    free(count);
}

/* Starts on the hour or half hour: the minute of the day in event local time. */
static void goal_round_start(ck *c)
{
    const salle_instance *inst = c->inst;
    for (int i = 0; i < c->nplaced; i++) {
        int s = c->order[i], t = c->start[s];
        int d = salle_time_day(inst, t);
        int minute = d >= 0 ? t - inst->event.day_offset[d]
                            : t - floordiv(t, SALLE_MINUTES_PER_DAY) * SALLE_MINUTES_PER_DAY;
        if (minute % 30)
            /* TRANSLATORS: a session id, its day and time */
            soft(c, SALLE_SOFT_ROUND_START, 1, "%s starts at %s, not on the hour or half hour",
                 sname(c, s), at(c, t));
    }
}

/* ---------------------------------------------------------------- the report */

typedef struct by_start {
    int start, session;
} by_start;

static int cmp_by_start(const void *a, const void *b)
{
    const by_start *x = a, *y = b;
    if (x->start != y->start)
        return (x->start > y->start) - (x->start < y->start);
    return (x->session > y->session) - (x->session < y->session);
}

typedef struct vseq {
    salle_violation v;
    int seq;
} vseq;

/* Hard before soft, then by rule number, then in the order found. */
static int cmp_violation(const void *a, const void *b)
{
    const vseq *x = a, *y = b;
    if (x->v.hard != y->v.hard)
        return y->v.hard - x->v.hard;
    if (x->v.rule != y->v.rule)
        return x->v.rule - y->v.rule;
    return x->seq - y->seq;
}

/* The rules and goals in the order they are checked. Every message of one rule comes from the
 * steps that wrote it in the counting pass, in this order, so one rule's messages can be printed
 * on their own by running only those steps again. rule_placement comes first: it also fills
 * c->room and c->start (again, identically, on a later pass). */
static void step_placement(ck *c)
{
    rule_placement(c, c->sched);
}
static void step_room_conflict(ck *c)
{
    rule_room_conflict(c, c->byroom);
}
static void step_person_conflict(ck *c)
{
    rule_person_conflict(c, c->byperson);
}
static void step_resources(ck *c)
{
    rule_resources(c, c->byres);
}
static void step_preferences(ck *c)
{
    goal_preferences(c, c->byperson);
}
static void step_people(ck *c)
{
    goal_people(c, c->byperson);
}
static void step_tracks(ck *c)
{
    goal_tracks(c, c->bytrack);
}

static void (*const steps[])(ck *c) = {
    step_placement,   step_room_conflict, step_person_conflict, rule_availability,
    rule_capacity,    rule_features,      step_resources,       rule_relations,
    rule_fixed,       rule_exclusive,     goal_overlaps,        goal_rooms,
    step_preferences, goal_stability,     step_people,          step_tracks,
    goal_speaking,    goal_holidays,      goal_round_start,
};
enum { NSTEPS = sizeof steps / sizeof steps[0] };

typedef struct check_state {
    ck c;
    groups byroom, byperson, byres, bytrack;
} check_state;

/* Runs every rule and goal once into a new report at st->c.rep: with the messages unless quiet,
 * and counting, per rule, the messages and the steps that wrote them. */
static void check_start(check_state *st, const salle_instance *inst, const salle_schedule *s,
                        int quiet, const char *lang)
{
    ck *c = &st->c;
    memset(st, 0, sizeof *st);
    c->inst = inst;
    c->quiet = quiet;
    c->lang = lang;
    if (lang) {
        for (int k = 0; k < 7; k++)
            c->wd[k] = salle__tr(lang, weekday_msgids[k]);
        /* TRANSLATORS: a placed session in a checker's message: its id, (its room, its day and
         * start time-end time) */
        c->desc_fmt = words(c, "%s (%s, %s-%s)");
    }
    c->sched = s;
    c->rep = salle__xcalloc(1, sizeof *c->rep);
    int n = inst->nsessions;
    c->room = salle__xmalloc(((size_t)n + 1) * sizeof *c->room);
    c->start = salle__xmalloc(((size_t)n + 1) * sizeof *c->start);
    for (int i = 0; i < n; i++)
        c->room[i] = c->start[i] = -1;

    c->step = 0;
    rule_placement(c, s);

    by_start *bs = salle__xmalloc(((size_t)n + 1) * sizeof *bs);
    for (int i = 0; i < n; i++)
        if (placed(c, i))
            bs[c->nplaced++] = (by_start){c->start[i], i};
    qsort(bs, (size_t)c->nplaced, sizeof *bs, cmp_by_start);
    c->order = salle__xmalloc(((size_t)c->nplaced + 1) * sizeof *c->order);
    for (int i = 0; i < c->nplaced; i++)
        c->order[i] = bs[i].session;
    free(bs);

    group(c, inst->nrooms, keys_room, &st->byroom);
    group(c, inst->npeople, keys_person, &st->byperson);
    group(c, inst->nresources, keys_resource, &st->byres);
    group(c, inst->ntracks, keys_track, &st->bytrack);
    c->byroom = &st->byroom;
    c->byperson = &st->byperson;
    c->byres = &st->byres;
    c->bytrack = &st->bytrack;

    for (int k = 1; k < NSTEPS; k++) {
        c->step = k;
        steps[k](c);
    }

    salle_report *r = c->rep;
    if (r->nviolations > 1) {
        vseq *v = salle__xmalloc((size_t)r->nviolations * sizeof *v);
        for (int i = 0; i < r->nviolations; i++)
            v[i] = (vseq){r->violations[i], c->seq[i]};
        qsort(v, (size_t)r->nviolations, sizeof *v, cmp_violation);
        for (int i = 0; i < r->nviolations; i++)
            r->violations[i] = v[i].v;
        free(v);
    }

    salle__talk_check(inst, s, r, lang); /* talks (engine/talk_check.c) */
}

/* Frees what check_start made but the report. */
static void check_end(check_state *st)
{
    ck *c = &st->c;
    groups_free(&st->byroom);
    groups_free(&st->byperson);
    groups_free(&st->byres);
    groups_free(&st->bytrack);
    pool_reset(c);
    free(c->pool);
    free(c->seq);
    free(c->order);
    free(c->room);
    free(c->start);
}

static salle_report *check_run(const salle_instance *inst, const salle_schedule *s, int quiet,
                               const char *lang)
{
    check_state st;
    check_start(&st, inst, s, quiet, lang);
    check_end(&st);
    return st.c.rep;
}

/* The language the messages are written in: one with a catalog, or NULL for English (the
 * formats themselves, with no lookup at all). */
static const char *message_lang(const char *lang)
{
    const char *l = salle__tr_lang(lang);
    return l && strcmp(l, "en") != 0 ? l : NULL;
}

salle_report *salle_check(const salle_instance *inst, const salle_schedule *s)
{
    return check_run(inst, s, 0, NULL);
}

salle_report *salle_check_lang(const salle_instance *inst, const salle_schedule *s, const char *lang)
{
    return check_run(inst, s, 0, message_lang(lang));
}

salle_report *salle_check_score(const salle_instance *inst, const salle_schedule *s)
{
    return check_run(inst, s, 1, NULL);
}

void salle_report_free(salle_report *r)
{
    if (!r)
        return;
    for (int i = 0; i < r->nviolations; i++)
        free(r->violations[i].text);
    free(r->violations);
    for (int i = 0; i < r->ninfo; i++)
        free(r->info[i]);
    free(r->info);
    free(r);
}

/*
 * The format (pinned by the command-line spec tests):
 *
 *   hard violations: 1
 *   soft total: 140
 *   hard rules:
 *     placement          0
 *     ...                        (rules 1-10, in order)
 *   soft goals:
 *     audience_overlap   140
 *     ...                        (every goal, in the order of docs/scoring.md)
 *
 * and when verbose, then:
 *
 *   violations:                  ("violations: none" when there are none)
 *     [hard room_conflict] TEXT
 *     [soft audience_overlap 140] TEXT        (140 is the cost)
 *   notes:                       (only when there are notes)
 *     TEXT
 */
/* One violation's line of the verbose report. */
static void print_line(FILE *out, int is_hard, int rule, long cost, const char *text)
{
    if (rule >= SALLE_TALK_GOAL_BASE)
        fprintf(out, "  [soft %s %ld] %s\n", salle_talk_goal_name(rule - SALLE_TALK_GOAL_BASE),
                cost, text);
    else if (rule >= SALLE_TALK_RULE_BASE)
        fprintf(out, "  [hard %s] %s\n", salle_talk_rule_name(rule - SALLE_TALK_RULE_BASE), text);
    else if (is_hard)
        fprintf(out, "  [hard %s] %s\n", salle_hard_name(rule), text);
    else
        fprintf(out, "  [soft %s %ld] %s\n", salle_soft_name(rule), cost, text);
}

static void print_notes(const salle_report *r, FILE *out)
{
    if (r->ninfo) {
        fprintf(out, "notes:\n");
        for (int i = 0; i < r->ninfo; i++)
            fprintf(out, "  %s\n", r->info[i]);
    }
}

void salle_report_print(const salle_report *r, FILE *out, int verbose)
{
    fprintf(out, "hard violations: %ld\n", r->score.hard);
    fprintf(out, "soft total: %ld\n", r->score.soft);
    fprintf(out, "hard rules:\n");
    for (int k = 1; k < SALLE_HARD_COUNT; k++)
        fprintf(out, "  %-18s %ld\n", salle_hard_name(k), r->hard_by_rule[k]);
    fprintf(out, "soft goals:\n");
    for (int g = 0; g < SALLE_SOFT_COUNT; g++)
        fprintf(out, "  %-18s %ld\n", salle_soft_name(g), r->soft_by_goal[g]);
    salle__talk_report_print(r, out);
    if (!verbose)
        return;
    if (!r->nviolations)
        fprintf(out, "violations: none\n");
    else
        fprintf(out, "violations:\n");
    for (int i = 0; i < r->nviolations; i++) {
        const salle_violation *v = &r->violations[i];
        print_line(out, v->hard, v->rule, v->cost, v->text);
    }
    print_notes(r, out);
}

/* The report as salle_report_print(salle_check(inst, s), out, verbose) prints it, without holding
 * every message: a counting pass without messages gives the totals and, per rule, which steps
 * wrote how many; then, rule by rule in the report's order (hard first, by rule, then soft by
 * goal, each in the order found), the steps that wrote that rule run again and write only its
 * messages, straight to out. Memory stays that of salle_check_score: the full report of a
 * 100,000-session schedule is tens of millions of messages (issue 10). */
salle_score salle_check_print(const salle_instance *inst, const salle_schedule *s, FILE *out,
                              int verbose)
{
    return salle_check_print_lang(inst, s, out, verbose, NULL);
}

salle_score salle_check_print_lang(const salle_instance *inst, const salle_schedule *s, FILE *out,
                                   int verbose, const char *lang)
{
    check_state st;
    check_start(&st, inst, s, 1, message_lang(lang));
    ck *c = &st.c;
    salle_report *r = c->rep; /* no message of the rules above; the talks' messages */
    salle_report_print(r, out, 0);
    if (verbose) {
        fprintf(out, c->nfound + r->nviolations ? "violations:\n" : "violations: none\n");
        c->quiet = 0;
        c->out = out;
        for (int pass = 0; pass < SALLE_HARD_COUNT + SALLE_SOFT_COUNT; pass++) {
            int is_hard = pass < SALLE_HARD_COUNT;
            int rule = is_hard ? pass : pass - SALLE_HARD_COUNT;
            long count = is_hard ? c->count_hard[rule] : c->count_soft[rule];
            unsigned mask = is_hard ? c->steps_hard[rule] : c->steps_soft[rule];
            if (!count)
                continue;
            c->want_hard = is_hard;
            c->want_rule = rule;
            for (int k = 0; k < NSTEPS; k++)
                if (mask & (1u << k)) {
                    c->step = k;
                    steps[k](c);
                }
        }
        for (int i = 0; i < r->nviolations; i++) { /* talks: after the others, as in the report */
            const salle_violation *v = &r->violations[i];
            print_line(out, v->hard, v->rule, v->cost, v->text);
        }
        print_notes(r, out);
    }
    salle_score score = r->score;
    check_end(&st);
    salle_report_free(r);
    return score;
}
