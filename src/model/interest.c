/*
 * interest.c: attendee interest feeds the plan (issue 11, point 2; docs/interest.md).
 *
 * From the collected ballots (one anonymous set of sessions per attendee) it counts the marks per
 * session and the ballots shared by each pair, tests each pair for co-interest beyond chance
 * (one-sided hypergeometric tail, lift, Benjamini-Hochberg over every testable pair), and writes
 * the result into an instance: expected attendance = max(given, ceil(marks x turnout)), and the
 * interest sets that drive the audience-overlap goal (all ballots, or only the significant pairs).
 * The score itself is untouched: the checker and the solver read the instance as before.
 */
#include "base/internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void salle_interest_options_default(salle_interest_options *o)
{
    memset(o, 0, sizeof *o);
    o->turnout = SALLE_TURNOUT_DEFAULT;
    o->min_count = 5;
    o->min_lift = 1.5;
    o->max_q = 0.05;
}

static int check_options(const salle_interest_options *o, salle_diag *err)
{
    /* NaN fails every comparison, so it is caught by the negated tests */
    if (!(o->turnout > 0 && o->turnout <= 100))
        return salle__diag(err, "", 0, 0, "the turnout factor must be more than 0 and at most 100, not %g",
                           o->turnout);
    if (o->min_count < 1 || !(o->min_lift >= 0) || !(o->max_q >= 0 && o->max_q <= 1))
        return salle__diag(err, "", 0, 0,
                           "the significance test needs a count of at least 1, a lift of at least 0 and a q between 0 and 1");
    return 0;
}

/* log C(n, k) through lgamma: exact enough (relative error ~1e-15 per term) for any n we see. */
static double log_choose(int n, int k)
{
    return lgamma(n + 1.0) - lgamma(k + 1.0) - lgamma(n - k + 1.0);
}

/* P(X >= x) for X hypergeometric: x successes in n draws from N with K successes. The first term
 * comes from lgamma, the rest from the ratio of consecutive terms
 * f(i+1)/f(i) = (K-i)(n-i) / ((i+1)(N-K-n+i+1)), summed relative to the first so nothing
 * underflows before the final exp; past the mode the terms only shrink, so the sum stops once they
 * no longer change it in double precision. */
static double hypergeom_upper(int N, int K, int n, int x)
{
    int lo = n + K - N > 0 ? n + K - N : 0;
    int hi = K < n ? K : n;
    if (x <= lo)
        return 1.0;
    if (x > hi)
        return 0.0;
    double logf = log_choose(K, x) + log_choose(N - K, n - x) - log_choose(N, n);
    double sum = 1.0, term = 1.0;
    for (int i = x; i < hi; i++) {
        term *= (double)(K - i) * (double)(n - i) / ((double)(i + 1) * (double)(N - K - n + i + 1));
        double before = sum;
        sum += term;
        if (sum == before && term < 1.0)
            break;
    }
    double p = exp(logf) * sum;
    return p > 1.0 ? 1.0 : p;
}

static int cmp_p(const void *x, const void *y)
{
    const salle_interest_pair *const *a = x, *const *b = y;
    if ((*a)->p != (*b)->p)
        return (*a)->p < (*b)->p ? -1 : 1;
    if ((*a)->a != (*b)->a)
        return (*a)->a - (*b)->a;
    return (*a)->b - (*b)->b;
}

/* Strongest first: more shared people, then higher lift, then session order (deterministic). */
static int cmp_strength(const void *x, const void *y)
{
    const salle_interest_pair *a = x, *b = y;
    if (a->count != b->count)
        return b->count - a->count;
    if (a->lift != b->lift)
        return a->lift > b->lift ? -1 : 1;
    if (a->a != b->a)
        return a->a - b->a;
    return a->b - b->b;
}

salle_interest_summary *salle_interest_summary_new(const salle_instance *inst,
                                                   const salle_ballots *b,
                                                   const salle_interest_options *opt)
{
    salle_interest_options def;
    if (!opt) {
        salle_interest_options_default(&def);
        opt = &def;
    }
    int S = inst->nsessions;
    salle_interest_summary *s = salle__xcalloc(1, sizeof *s);
    s->nsessions = S;
    s->count = salle__xcalloc((size_t)S + 1, sizeof *s->count);
    /* n_ab in a triangular table: FOSDEM's ~900 sessions need ~1.6 MB, far below the ballots */
    size_t ntri = (size_t)S * (size_t)(S > 0 ? S - 1 : 0) / 2;
    int *both = salle__xcalloc(ntri + 1, sizeof *both);
#define TRI(i, j) ((size_t)(i) * (size_t)(2 * S - (i)-1) / 2 + (size_t)((j) - (i)-1))
    for (int k = 0; k < b->n; k++) {
        const salle_ids *set = &b->sets[k];
        if (set->n == 0)
            continue; /* an attendee who marked nothing tells nothing about pairs */
        s->nballots++;
        for (int i = 0; i < set->n; i++) {
            s->count[set->v[i]]++;
            for (int j = i + 1; j < set->n; j++)
                both[TRI(set->v[i], set->v[j])]++;
        }
    }
    long named = 0;
    for (int i = 0; i < S; i++)
        named += s->count[i] > 0;
    s->tested = named * (named - 1) / 2;
    int cap = 0;
    for (int i = 0; i < S; i++)
        for (int j = i + 1; j < S; j++) {
            int c = both[TRI(i, j)];
            if (!c)
                continue;
            if (s->npairs == cap) {
                cap = cap ? cap * 2 : 64;
                s->pairs = salle__xrealloc(s->pairs, (size_t)cap * sizeof *s->pairs);
            }
            salle_interest_pair *p = &s->pairs[s->npairs++];
            p->a = i;
            p->b = j;
            p->count = c;
            p->lift = (double)c * s->nballots / ((double)s->count[i] * s->count[j]);
            p->p = hypergeom_upper(s->nballots, s->count[i], s->count[j], c);
        }
#undef TRI
    free(both);
    /* Benjamini-Hochberg over all `tested` pairs. The untested-looking pairs nobody shares have
     * p = 1 and take the last ranks, where their q is 1; so only the observed pairs need sorting:
     * q(i) = min over ranks j >= i of p(j) x m / j, capped at 1. */
    salle_interest_pair **ord = salle__xmalloc(((size_t)s->npairs + 1) * sizeof *ord);
    for (int i = 0; i < s->npairs; i++)
        ord[i] = &s->pairs[i];
    qsort(ord, (size_t)s->npairs, sizeof *ord, cmp_p);
    double run = 1.0;
    for (int i = s->npairs - 1; i >= 0; i--) {
        double q = ord[i]->p * (double)s->tested / (double)(i + 1);
        if (q < run)
            run = q;
        ord[i]->q = run;
    }
    free(ord);
    for (int i = 0; i < s->npairs; i++) {
        salle_interest_pair *p = &s->pairs[i];
        p->significant = p->count >= opt->min_count && p->lift >= opt->min_lift && p->q <= opt->max_q;
        s->nsignificant += p->significant;
    }
    if (s->npairs)
        qsort(s->pairs, (size_t)s->npairs, sizeof *s->pairs, cmp_strength);
    return s;
}

void salle_interest_summary_free(salle_interest_summary *s)
{
    if (!s)
        return;
    free(s->count);
    free(s->pairs);
    free(s);
}

/* Session indices by count, highest first, then by instance order. Sorted as (count, index)
 * pairs, so no comparison needs outside state and the server may call this from any thread. */
typedef struct counted {
    int count, index;
} counted;

static int cmp_count(const void *x, const void *y)
{
    const counted *a = x, *b = y;
    if (a->count != b->count)
        return b->count - a->count;
    return a->index - b->index;
}

static int *by_count(const salle_interest_summary *s)
{
    counted *c = salle__xmalloc(((size_t)s->nsessions + 1) * sizeof *c);
    for (int i = 0; i < s->nsessions; i++)
        c[i] = (counted){s->count[i], i};
    qsort(c, (size_t)s->nsessions, sizeof *c, cmp_count);
    int *ord = salle__xmalloc(((size_t)s->nsessions + 1) * sizeof *ord);
    for (int i = 0; i < s->nsessions; i++)
        ord[i] = c[i].index;
    free(c);
    return ord;
}

char *salle_interest_summary_text(const salle_instance *inst, const salle_interest_summary *s,
                                  int top)
{
    salle__buf b = {0};
    salle__buf_printf(&b, "%d ballot%s name at least one session; %ld pair%s tested, %d significant\n",
                      s->nballots, s->nballots == 1 ? "" : "s", s->tested, s->tested == 1 ? "" : "s",
                      s->nsignificant);
    salle__buf_printf(&b, "interest per session (marks, expected attendance):\n");
    int *ord = by_count(s);
    for (int k = 0; k < s->nsessions; k++) {
        const salle_session *ss = &inst->sessions[ord[k]];
        salle__buf_printf(&b, "  %-12s %5d %5d  %s\n", ss->id, s->count[ord[k]], ss->attendance,
                          ss->title);
    }
    free(ord);
    int n = top > 0 && top < s->npairs ? top : s->npairs;
    salle__buf_printf(&b, "strongest co-interest pairs (people, lift, p, BH q):\n");
    for (int i = 0; i < n; i++) {
        const salle_interest_pair *p = &s->pairs[i];
        salle__buf_printf(&b, "  %-12s %-12s %5d %6.2f %9.3g %9.3g  %s\n",
                          inst->sessions[p->a].id, inst->sessions[p->b].id, p->count, p->lift, p->p,
                          p->q, p->significant ? "significant" : "not significant");
    }
    if (n < s->npairs)
        salle__buf_printf(&b, "  ... and %d more pair%s\n", s->npairs - n, s->npairs - n == 1 ? "" : "s");
    return b.s;
}

char *salle_interest_summary_json(const salle_instance *inst, const salle_interest_summary *s,
                                  int top)
{
    json_t *root = json_object();
    json_object_set_new(root, "ballots", json_integer(s->nballots));
    json_object_set_new(root, "tested", json_integer(s->tested));
    json_object_set_new(root, "significant", json_integer(s->nsignificant));
    json_t *ses = json_array();
    int *ord = by_count(s);
    for (int k = 0; k < s->nsessions; k++) {
        const salle_session *ss = &inst->sessions[ord[k]];
        json_array_append_new(ses, json_pack("{s:s, s:s, s:i, s:i}", "id", ss->id, "title", ss->title,
                                             "count", s->count[ord[k]], "attendance", ss->attendance));
    }
    free(ord);
    json_object_set_new(root, "sessions", ses);
    json_t *pairs = json_array();
    int n = top > 0 && top < s->npairs ? top : s->npairs;
    for (int i = 0; i < n; i++) {
        const salle_interest_pair *p = &s->pairs[i];
        json_array_append_new(pairs, json_pack("{s:s, s:s, s:i, s:f, s:f, s:f, s:b}",
                                               "a", inst->sessions[p->a].id, "b",
                                               inst->sessions[p->b].id, "count", p->count, "lift",
                                               p->lift, "p", p->p, "q", p->q, "significant",
                                               p->significant));
    }
    json_object_set_new(root, "pairs", pairs);
    char *out = salle__json_text(root, JSON_INDENT(2));
    json_decref(root);
    return out;
}

/* ceil(marks x turnout), with a hair of slack so that 10 x 0.7 is 7 and not 8 */
static int expected_from(int marks, double turnout)
{
    double x = ceil((double)marks * turnout - 1e-9);
    return x > 1e9 ? 1000000000 : (int)x;
}

int salle_interest_apply(salle_instance *inst, const salle_ballots *b,
                         const salle_interest_options *opt, salle_diag *err)
{
    salle_interest_options def;
    if (!opt) {
        salle_interest_options_default(&def);
        opt = &def;
    }
    if (check_options(opt, err) < 0)
        return -1;
    salle_interest_summary *s = salle_interest_summary_new(inst, b, opt);
    for (int i = 0; i < inst->nsessions; i++) {
        salle_session *ss = &inst->sessions[i];
        int e = expected_from(s->count[i], opt->turnout);
        ss->attendance = ss->attendance_given > e ? ss->attendance_given : e;
    }
    for (int i = 0; i < inst->ninterest; i++)
        free(inst->interest[i].v);
    free(inst->interest);
    inst->interest = NULL;
    inst->ninterest = 0;
    if (!opt->significant) {
        inst->interest = salle__xcalloc((size_t)b->n + 1, sizeof *inst->interest);
        for (int k = 0; k < b->n; k++) {
            if (b->sets[k].n == 0)
                continue;
            salle_ids *d = &inst->interest[inst->ninterest++];
            d->n = b->sets[k].n;
            d->v = salle__xmalloc((size_t)d->n * sizeof *d->v);
            memcpy(d->v, b->sets[k].v, (size_t)d->n * sizeof *d->v);
        }
    } else {
        /* n_ab sets {a, b} per significant pair: audience overlap (docs/scoring.md) then counts
         * exactly n_ab for that pair, as the ballots would, and nothing for pairs that are noise */
        size_t total = 0;
        for (int i = 0; i < s->npairs; i++)
            if (s->pairs[i].significant)
                total += (size_t)s->pairs[i].count;
        inst->interest = salle__xcalloc(total + 1, sizeof *inst->interest);
        for (int i = 0; i < s->npairs; i++) {
            const salle_interest_pair *p = &s->pairs[i];
            for (int c = 0; p->significant && c < p->count; c++) {
                salle_ids *d = &inst->interest[inst->ninterest++];
                d->n = 2;
                d->v = salle__xmalloc(2 * sizeof *d->v);
                d->v[0] = p->a;
                d->v[1] = p->b;
            }
        }
    }
    salle_interest_summary_free(s);
    return 0;
}

char *salle_interest_apply_json(const char *buf, size_t len, const char *name,
                                const salle_ballots *b, const salle_interest_options *opt,
                                salle_diag *err)
{
    salle_interest_options def;
    if (!opt) {
        salle_interest_options_default(&def);
        opt = &def;
    }
    if (check_options(opt, err) < 0)
        return NULL;
    salle_instance *inst = salle_instance_parse(buf, len, name, err);
    if (!inst)
        return NULL;
    salle__jdoc *doc = salle__jdoc_parse(buf, len, name, err);
    if (!doc) {
        salle_instance_free(inst);
        return NULL;
    }
    json_t *root = salle__jdoc_root(doc);
    json_t *sessions = json_object_get(root, "sessions");
    /* A file written by this function keeps the organizers' own figure in x-salle-interest, so
     * that new ballots are applied to it and not to the last result (which would only grow). */
    for (int i = 0; i < inst->nsessions; i++) {
        json_t *rec = json_object_get(json_array_get(sessions, (size_t)i), "x-salle-interest");
        json_t *given = json_object_get(rec, "given");
        if (json_is_integer(given) && json_integer_value(given) >= 0 &&
            json_integer_value(given) <= 1000000000)
            inst->sessions[i].attendance_given = (int)json_integer_value(given);
        else if (json_is_null(given))
            inst->sessions[i].attendance_given = -1;
    }
    char *out = NULL;
    if (salle_interest_apply(inst, b, opt, err) == 0) {
        salle_interest_summary *s = salle_interest_summary_new(inst, b, opt);
        for (int i = 0; i < inst->nsessions; i++) {
            json_t *o = json_array_get(sessions, (size_t)i);
            const salle_session *ss = &inst->sessions[i];
            json_object_set_new(o, "attendance", json_integer(ss->attendance));
            json_object_set_new(o, "x-salle-interest",
                                json_pack("{s:o, s:i, s:f}", "given",
                                          ss->attendance_given >= 0 ? json_integer(ss->attendance_given)
                                                                    : json_null(),
                                          "marks", s->count[i], "turnout", opt->turnout));
        }
        salle_interest_summary_free(s);
        json_t *sets = json_array();
        for (int k = 0; k < inst->ninterest; k++) {
            json_t *set = json_array();
            for (int j = 0; j < inst->interest[k].n; j++)
                json_array_append_new(set, json_string(inst->sessions[inst->interest[k].v[j]].id));
            json_array_append_new(sets, set);
        }
        json_object_set_new(root, "interest", sets);
        out = salle__json_text(root, JSON_INDENT(2));
    }
    salle__jdoc_free(doc);
    salle_instance_free(inst);
    return out;
}
