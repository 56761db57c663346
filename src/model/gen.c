/* gen.c: realistic synthetic instances modelled on the UN Internet Governance Forum (IGF 2018,
 * UNESCO Paris), for tests, demos and benchmarks of any size (`salle gen --sessions N --seed S`).
 *
 * Every instance is feasible by construction. We first draw the sessions (format mix, lengths,
 * attendance, needs and tracks after the IGF 2018 programme, see docs/gen.md), then place them
 * greedily into a hidden "witness" schedule that respects rooms, changeovers, capacities, features
 * and resource shifts, and only then derive the constraints that could make an instance infeasible
 * (people and their availability, allowed windows, room lists, precedence, not-with pairs, pins)
 * from that witness, so the witness keeps satisfying all of them. The witness is written under the
 * ignored key "x-witness" (a schedule document) so tests can run `salle check` on it and expect
 * zero hard violations. Room supply is sized at ~1.55x the session-minutes, so a solver has slack.
 *
 * Output is deterministic: a private splitmix64 generator, integer arithmetic only, and a fixed
 * layout (one room, person, session or interest set per line), so the same (sessions, seed) gives
 * byte-identical text on every machine.
 */
#include "salle/salle.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    OPEN = 9 * 60, CLOSE = 18 * 60 + 30, NOON = 12 * 60, /* event opening hours, minutes */
    GRID = 15, CHANGEOVER = 10, HALL_CHANGEOVER = 15, TRAVEL = 10, MAXDAYS = 5,
    MAXPS = 4 /* sessions per person at most: keeps people from over-constraining the plan */
};
enum { F_INTERP = 1, F_CAPT = 2, F_HYBRID = 4, F_STEP = 8, F_ALL = 15 };
enum { R_INTERP = 1, R_CAPT = 2 };
static const char *const feat_names[4] = {"interpretation", "captioning", "hybrid", "step-free"};

/* Interpreter teams work 3-hour shifts (what the transcript calls "a three-hour slot is for the
 * interpreters"); captioners two longer shifts. Windows hold on every event day. */
static const int shift_tab[2][3][2] = {
    {{540, 720}, {750, 930}, {930, 1110}},
    {{540, 810}, {810, 1110}, {0, 0}},
};
static const int shift_n[2] = {3, 2};

/* ---- deterministic randomness ---------------------------------------------------------- */

typedef struct rng { uint64_t s; } rng;

static uint64_t rnext(rng *r) /* splitmix64 */
{
    uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}
static int rint_in(rng *r, int lo, int hi) { return lo + (int)(rnext(r) % (uint64_t)(hi - lo + 1)); }
static int chance(rng *r, int pct) { return (int)(rnext(r) % 100) < pct; }
/* Product of two uniforms: a skewed draw in [0, n) that favours small values (popularity and
 * reuse of people are both heavy-tailed; this is the integer-only stand-in for Zipf). */
static int skewed(rng *r, int n) { return (int)((long long)rint_in(r, 0, n - 1) * rint_in(r, 0, 999) / 1000); }

/* ---- the IGF 2018 vocabulary ------------------------------------------------------------- */

typedef struct track_def { const char *name; int weight; const char *topics[5]; const char *tags[3]; } track_def;
/* Weights: sessions per theme in the IGF 2018 programme statistics. */
static const track_def tracks[8] = {
    {"Cybersecurity, Trust and Privacy", 28,
     {"Norms for responsible behaviour in cyberspace", "Encryption and lawful access",
      "Protecting critical infrastructure", "Data protection after the GDPR", "Security of the Internet of Things"},
     {"cybersecurity", "privacy", "encryption"}},
    {"Development, Innovation and Economic Issues", 26,
     {"Digital trade and the future of work", "The digital economy and the SDGs", "Taxation of the digital economy",
      "Fintech and mobile money", "Local entrepreneurship and start-ups"},
     {"SDGs", "digital economy", "future of work"}},
    {"Digital Inclusion and Accessibility", 22,
     {"Connecting the next billion", "Community networks", "Accessibility for persons with disabilities",
      "Local content and multilingualism", "Affordable access in rural areas"},
     {"access", "accessibility", "community networks"}},
    {"Emerging Technologies", 15,
     {"Artificial intelligence and human rights", "Blockchain beyond the hype", "Big data and the public interest",
      "5G and the Internet of Things", "Ethics of autonomous systems"},
     {"AI", "blockchain", "IoT"}},
    {"Evolution of Internet Governance", 18,
     {"The future of the IGF", "Multistakeholder models at national level", "Digital cooperation at the UN",
      "Jurisdiction and cross-border data", "Internet fragmentation"},
     {"multistakeholder", "digital cooperation", "jurisdiction"}},
    {"Human Rights, Gender and Youth", 26,
     {"Gender and access", "Online harassment of women", "Youth participation in policy making",
      "Freedom of expression online", "Children's rights in the digital age"},
     {"gender", "youth", "human rights"}},
    {"Media and Content", 10,
     {"Disinformation and elections", "Platform responsibility", "Content moderation at scale",
      "Journalism in the digital age", "Hate speech online"},
     {"disinformation", "platforms", "freedom of expression"}},
    {"Technical and Operational Topics", 9,
     {"IPv6 deployment", "DNS security and privacy", "Routing security", "Net neutrality and zero rating",
      "Content blocking and filtering"},
     {"DNS", "IPv6", "routing"}},
};
static const char *const suffixes[8] = {"", "", ": a multistakeholder perspective", " in the Global South",
    ": lessons from national and regional IGFs", ": what next?", ": policy options", " for the next billion users"};
static const char *const dcs[15] = {"Accessibility and Disability", "Child Online Safety", "Core Internet Values",
    "Internet Rights and Principles", "Community Connectivity", "Blockchain Technologies",
    "Gender and Internet Governance", "Innovative Approaches to Connecting the Unconnected", "the Internet of Things",
    "Network Neutrality", "Platform Responsibility", "Public Access in Libraries", "Small Island Developing States",
    "Schools on Internet Governance", "Youth and Internet Governance"};
static const char *const bpfs[5] = {"Gender and Access", "Cybersecurity", "Local Content",
    "Artificial Intelligence, Big Data and the Internet of Things", "IXPs and IPv6"};
static const int dc_track[15] = {2, 5, 4, 5, 2, 3, 5, 2, 3, 7, 6, 2, 1, 4, 5};
static const int bpf_track[5] = {5, 0, 2, 3, 7};
static const char *const orgs[16] = {"UNESCO", "ITU", "OECD", "Council of Europe", "European Commission", "ICANN",
    "Internet Society", "OHCHR", "UNCTAD", "Government of France", "Government of Japan", "Government of Brazil",
    "African Union Commission", "World Bank", "UNICEF", "Freedom Online Coalition"};
static const char *const first_names[40] = {"Amina", "Carlos", "Mei", "Olga", "Kwame", "Priya", "Jean", "Fatima",
    "Lucas", "Aiko", "Tomas", "Nadia", "Samuel", "Leila", "Ivan", "Grace", "Rahul", "Sofia", "Ahmed", "Hana",
    "Diego", "Chioma", "Pierre", "Anna", "Joon", "Maria", "Kofi", "Elena", "Arjun", "Yasmin", "Thabo", "Ingrid",
    "Mateo", "Zainab", "Luca", "Nomvula", "Hiroshi", "Camila", "Omar", "Marta"};
static const char *const last_names[40] = {"Okafor", "Silva", "Chen", "Petrova", "Mensah", "Sharma", "Dupont",
    "Haddad", "Oliveira", "Tanaka", "Garcia", "Rahman", "Kariuki", "Moreau", "Ivanova", "Mwangi", "Gupta", "Rossi",
    "Hassan", "Kim", "Fernandez", "Adeyemi", "Laurent", "Nowak", "Park", "Lopez", "Asante", "Popescu", "Iyer",
    "Nasser", "Dlamini", "Larsen", "Torres", "Bello", "Bianchi", "Khumalo", "Sato", "Costa", "Farouk", "Novak"};
/* Far from Paris on purpose: remote speakers are the ones a humane-hours rule is for. */
static const char *const remote_tz[10] = {"America/Los_Angeles", "America/New_York", "America/Sao_Paulo",
    "America/Mexico_City", "Africa/Nairobi", "Asia/Kolkata", "Asia/Tokyo", "Asia/Manila", "Pacific/Auckland",
    "Australia/Sydney"};

/* Formats. share: per 1009 of the regular sessions, after the IGF 2018 mix (8 main, 71 WS, 27 OF,
 * 5 BPF, 15 DC, 5 NRI, 14 other, 24 lightning; of 171 incl. opening and closing) plus a few
 * pre-events and networking sessions. Lengths b are used pct_b percent of the time. */
typedef struct fmt_def {
    const char *name, *prefix;
    int share, dur_a, dur_b, pct_b, att_lo, att_hi, spk_lo, spk_hi, org_lo, org_hi, hybrid_pct, capt_pct;
} fmt_def;
enum { FM_OPEN, FM_CLOSE, FM_MAIN, FM_WS, FM_OF, FM_BPF, FM_DC, FM_NRI, FM_NET, FM_OTHER, FM_LT, FM_PRE, FM_N };
static const fmt_def fmts[FM_N] = {
    {"opening ceremony", "OC", 0, 120, 120, 0, 900, 1000, 6, 8, 2, 2, 100, 100},
    {"closing ceremony", "CC", 0, 60, 60, 0, 300, 400, 3, 4, 2, 2, 100, 100},
    {"main session", "MS", 47, 75, 180, 15, 150, 450, 6, 11, 2, 3, 100, 100},
    {"workshop", "WS", 410, 90, 60, 40, 20, 200, 3, 5, 1, 3, 85, 12},
    {"open forum", "OF", 155, 60, 60, 0, 20, 120, 2, 4, 1, 2, 70, 8},
    {"best practice forum", "BPF", 30, 90, 90, 0, 40, 150, 3, 6, 2, 2, 100, 40},
    {"dynamic coalition session", "DC", 87, 60, 90, 20, 15, 80, 3, 6, 1, 2, 90, 10},
    {"NRI collaborative session", "NRI", 30, 90, 90, 0, 30, 120, 4, 6, 2, 3, 100, 10},
    {"networking session", "NS", 40, 60, 60, 0, 20, 80, 0, 1, 1, 2, 30, 0},
    {"other", "OT", 40, 60, 90, 30, 15, 100, 1, 4, 1, 1, 60, 5},
    {"lightning session", "LT", 140, 30, 15, 25, 10, 50, 1, 1, 0, 0, 50, 0},
    {"pre-event", "PE", 30, 90, 120, 30, 20, 100, 2, 4, 1, 2, 50, 0},
};
#define SHARE_TOTAL 1009

/* ---- the model being generated ------------------------------------------------------------ */

typedef struct sess {
    char id[16], title[128];
    int fmt, dur, att, track, tag[2], ntag;
    unsigned needs, res;
    int only_day;                   /* witness may use only this day (pre-events), or -1 */
    int wday, wroom, wstart;        /* the witness placement */
    int ppl[16], norg, nspk;        /* organizers then speakers, person indices */
    unsigned allow_days; int allow_a, allow_b; /* allowed windows: these days x [a, b) */
    int rlist[3], nrl, pref_day, pref_a, pref_b, pref_room;
    int after[3], nafter, notw[2], nnotw;
    int pin_room, pin_start;
    int nint;                       /* interest sets naming it, kept below attendance */
} sess;

typedef struct room { char id[24], name[40]; int cap, venue, changeover, closed_day, closed_until; unsigned feats; } room;
typedef struct person { int lo, hi, first, remote, tz, pref, load, maxload, name, sess[MAXPS]; } person;
typedef struct ivec { int n, cap; int *v; } ivec; /* pairs (start, end) */

typedef struct gen {
    rng r;
    int N, D, oom;
    sess *s; int ns;
    room *rooms; int nrooms, caprooms; int *order; /* order: room indices by capacity */
    ivec *tl; int *freemin;      /* per room x day: placed intervals and free minutes */
    int *maxgap;                 /* per room x day: the longest run of minutes a new session could
                                    take there (changeovers kept), so try_room skips a room whose
                                    free minutes are all in gaps too short (issue 10: at 100,000
                                    sessions most rooms tried are such, and trying one costs a scan
                                    of its starts) */
    int *fit, nfit, *pos;        /* per day, a max-tree over the rooms in `order` of what a session
                                    could still take there (the lesser of freemin and maxgap), to
                                    skip runs of rooms that would refuse it; pos: a room's place in
                                    order. Rebuilt after a room is added (nfit = 0) */
    ivec ru[2][MAXDAYS]; int rcap[2]; /* resource users per day, by start; the units */
    int rmaxdur[2];                   /* the longest use of each resource so far */
    person *p; int np, capp;
    int nblk, blk[2][3];         /* day, start, end of the exclusive sessions (opening, closing) */
} gen;

static int grow(gen *g, void *pp, int *cap, int need, size_t sz)
{
    void **p = pp;
    if (need <= *cap) return 1;
    int nc = *cap ? *cap * 2 : 16;
    while (nc < need) nc *= 2;
    void *q = realloc(*p, (size_t)nc * sz);
    if (!q) { g->oom = 1; return 0; }
    memset((char *)q + (size_t)*cap * sz, 0, (size_t)(nc - *cap) * sz);
    *p = q; *cap = nc;
    return 1;
}
static int push2(gen *g, ivec *v, int a, int b)
{
    if (!grow(g, &v->v, &v->cap, v->n * 2 + 2, sizeof(int))) return 0;
    v->v[v->n * 2] = a; v->v[v->n * 2 + 1] = b; v->n++;
    return 1;
}

/* ---- sessions ------------------------------------------------------------------------------- */

static int pick_track(rng *r)
{
    int t = rint_in(r, 0, 153), i; /* 153 = sum of theme weights */
    for (i = 0; i < 7 && t >= tracks[i].weight; i++) t -= tracks[i].weight;
    return i;
}

static void make_session(gen *g, sess *s, int fm, int nth)
{
    const fmt_def *f = &fmts[fm];
    rng *r = &g->r;
    memset(s, 0, sizeof *s);
    s->fmt = fm; s->only_day = -1; s->pref_day = -1; s->pref_room = -1; s->pin_room = s->pin_start = 0;
    snprintf(s->id, sizeof s->id, "%s-%d", f->prefix, nth);
    s->dur = chance(r, f->pct_b) ? f->dur_b : f->dur_a;
    s->att = f->att_lo + skewed(r, f->att_hi - f->att_lo + 1);
    s->track = (fm == FM_OPEN || fm == FM_CLOSE || fm == FM_NRI || fm == FM_NET || (fm == FM_OTHER && chance(r, 50)))
        ? -1 : pick_track(r);
    if (fm == FM_BPF) s->track = bpf_track[nth % 5]; /* these have a theme by name */
    else if (fm == FM_DC) s->track = dc_track[(nth - 1) % 15];
    int tt = s->track >= 0 ? s->track : rint_in(r, 0, 7);
    if (s->track >= 0) { /* 0-2 tags, mostly from the session's own theme */
        int k = rint_in(r, 0, 2);
        for (int i = 0; i < k; i++) {
            int tg = chance(r, 80) ? s->track * 3 + rint_in(r, 0, 2) : rint_in(r, 0, 23);
            if (s->ntag == 0 || s->tag[0] != tg) s->tag[s->ntag++] = tg;
        }
    }
    if (chance(r, f->hybrid_pct)) s->needs |= F_HYBRID;
    if (chance(r, f->capt_pct)) { s->needs |= F_CAPT; s->res |= R_CAPT; }
    if (chance(r, 5)) s->needs |= F_STEP;
    if (fm == FM_MAIN || fm == FM_OPEN || fm == FM_CLOSE) {
        /* The UN interprets main sessions into its six languages, with live captioning on screen. */
        s->needs = F_INTERP | F_CAPT | F_HYBRID | F_STEP; s->res = R_INTERP;
    }
    const char *topic = tracks[tt].topics[rint_in(r, 0, 4)], *suf = suffixes[rint_in(r, 0, 7)];
    switch (fm) {
    case FM_OPEN: snprintf(s->title, sizeof s->title, "Opening Ceremony"); break;
    case FM_CLOSE: snprintf(s->title, sizeof s->title, "Closing Ceremony"); break;
    case FM_MAIN: snprintf(s->title, sizeof s->title, "Main Session on %s: %s", tracks[tt].name, topic); break;
    case FM_OF: snprintf(s->title, sizeof s->title, "Open Forum: %s on %s", orgs[rint_in(r, 0, 15)], topic); break;
    case FM_BPF: snprintf(s->title, sizeof s->title, "Best Practice Forum on %s", bpfs[nth % 5]); break;
    case FM_DC: {
        int d = (nth - 1) % 15;
        snprintf(s->title, sizeof s->title, "Dynamic Coalition on %s", dcs[d]);
        if (d == 0) { s->needs |= F_CAPT | F_STEP | F_HYBRID; s->res |= R_CAPT; } /* accessibility DC */
        break;
    }
    case FM_NRI: snprintf(s->title, sizeof s->title, "NRI Collaborative Session on %s", topic); break;
    case FM_NET: snprintf(s->title, sizeof s->title, "Networking Session: %s", topic); break;
    case FM_LT: snprintf(s->title, sizeof s->title, "Lightning Session: %s", topic); break;
    case FM_PRE: snprintf(s->title, sizeof s->title, "Day 0 Pre-event: %s%s", topic, suf);
        s->only_day = 0; break; /* pre-events happen before the official programme gets going */
    default: snprintf(s->title, sizeof s->title, "%s%s", topic, suf); break;
    }
}

/* ---- rooms -------------------------------------------------------------------------------- */

static const char *const roman[12] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"};
/* Seats of the non-interpreted rooms, cycled: a few large, most 60-150, one 40-seat room. */
static const int profile[12] = {300, 250, 150, 150, 120, 100, 100, 80, 80, 60, 60, 40};

static int room_open(const room *rm, int d);
static int add_room(gen *g, int cap, unsigned feats)
{
    if (!grow(g, &g->rooms, &g->caprooms, g->nrooms + 1, sizeof(room))) return -1;
    int i = g->nrooms++;
    room *rm = &g->rooms[i];
    /* The first twelve are UNESCO Fontenoy's Salles I-XII; more rooms go to a second building. */
    if (i < 12) {
        snprintf(rm->id, sizeof rm->id, "salle-%d", i + 1);
        snprintf(rm->name, sizeof rm->name, i == 0 ? "Salle %s (main hall)" : "Salle %s", roman[i]);
        rm->venue = 0;
    } else {
        snprintf(rm->id, sizeof rm->id, "miollis-%d", i - 11);
        snprintf(rm->name, sizeof rm->name, "Miollis %d", i - 11);
        rm->venue = 1;
    }
    rm->cap = cap; rm->feats = feats; rm->closed_day = -1; rm->closed_until = 0;
    rm->changeover = i == 0 ? HALL_CHANGEOVER : CHANGEOVER;
    if (i % 12 == 10) { rm->closed_day = 0; rm->closed_until = 13 * 60; } /* registration desk, day 1 a.m. */
    void *t = realloc(g->tl, (size_t)g->nrooms * g->D * sizeof(ivec));
    if (!t) { g->oom = 1; return -1; }
    g->tl = t;
    memset(&g->tl[(size_t)i * g->D], 0, (size_t)g->D * sizeof(ivec));
    t = realloc(g->freemin, (size_t)g->nrooms * g->D * sizeof(int));
    if (!t) { g->oom = 1; return -1; }
    g->freemin = t;
    for (int d = 0; d < g->D; d++)
        g->freemin[i * g->D + d] = CLOSE - (d == rm->closed_day ? rm->closed_until : OPEN);
    t = realloc(g->maxgap, (size_t)g->nrooms * g->D * sizeof(int));
    if (!t) { g->oom = 1; return -1; }
    g->maxgap = t;
    for (int d = 0; d < g->D; d++)
        g->maxgap[i * g->D + d] = CLOSE - room_open(rm, d);
    g->nfit = 0; /* order changes below */
    t = realloc(g->order, (size_t)g->nrooms * sizeof(int));
    if (!t) { g->oom = 1; return -1; }
    g->order = t;
    /* insertion keeps `order` sorted by capacity, then index: smallest fitting room first */
    int k = i;
    while (k > 0 && g->rooms[g->order[k - 1]].cap > cap) { g->order[k] = g->order[k - 1]; k--; }
    g->order[k] = i;
    return i;
}

static unsigned plain_feats(int idx, int cap)
{
    unsigned f = 0;
    if (cap >= 100 || idx % 2 == 0) f |= F_CAPT;
    if (cap > 40) f |= F_HYBRID;
    if (idx % 12 != 7) f |= F_STEP; /* one older room per dozen without step-free access */
    return f;
}

/* ---- the witness ---------------------------------------------------------------------------- */

static int room_open(const room *rm, int d) { return d == rm->closed_day && rm->closed_until > OPEN ? rm->closed_until : OPEN; }

static int fits_room(const gen *g, int ri, int d, int t, int dur)
{
    const room *rm = &g->rooms[ri];
    const ivec *iv = &g->tl[ri * g->D + d];
    if (t < room_open(rm, d) || t + dur > CLOSE) return 0;
    for (int k = 0; k < g->nblk; k++) /* nothing runs beside the opening and the closing */
        if (g->blk[k][0] == d && t < g->blk[k][2] && g->blk[k][1] < t + dur) return 0;
    for (int i = 0; i < iv->n; i++)
        if (t < iv->v[2 * i + 1] + rm->changeover && iv->v[2 * i] < t + dur + rm->changeover) return 0;
    return 1;
}

/* Rule 7 counts running users at each session start; the peak over [t, t+dur) is reached at t
 * or at a later start inside it, so those are the only points to look at. */
static int fits_res(const gen *g, unsigned res, int d, int t, int dur)
{
    for (int k = 0; k < 2; k++) {
        if (!(res & (1u << k))) continue;
        int in = 0;
        for (int i = 0; i < shift_n[k]; i++) in |= shift_tab[k][i][0] <= t && t + dur <= shift_tab[k][i][1];
        if (!in) return 0;
        const ivec *u = &g->ru[k][d];
        /* only the users overlapping [t, t + dur) count at, or are, such a point: gather them
         * first (a day has thousands of users at 100,000 sessions, a window a handful). Users
         * are by start, and one that starts before t - rmaxdur has ended before t. */
        enum { NEAR = 64 };
        int near[2 * NEAR], nn = 0;
        const int *v = u->v;
        int m = u->n, lo = 0, hi = u->n;
        while (lo < hi) {
            int mid = (lo + hi) / 2;
            if (u->v[2 * mid] < t - g->rmaxdur[k]) lo = mid + 1; else hi = mid;
        }
        for (int i = lo; i < u->n && u->v[2 * i] < t + dur && nn <= NEAR; i++)
            if (u->v[2 * i + 1] > t) {
                if (nn < NEAR) { near[2 * nn] = u->v[2 * i]; near[2 * nn + 1] = u->v[2 * i + 1]; }
                nn++;
            }
        if (nn <= NEAR) { v = near; m = nn; } /* else all of them, as they are */
        for (int j = -1; j < m; j++) {
            int pt = j < 0 ? t : v[2 * j], n = 1;
            if (pt < t || pt >= t + dur) continue;
            for (int i = 0; i < m; i++) n += v[2 * i] <= pt && pt < v[2 * i + 1];
            if (n > g->rcap[k]) return 0;
        }
    }
    return 1;
}

/* An upper bound on the length of any [t, t + dur) that fits_room could accept in room ri on day
 * d, from its placed intervals alone: such a window lies after every interval that ends (plus
 * changeover) before it and before every one that starts after it, i.e. in one gap between the
 * intervals sorted by start. The exclusive sessions and the grid only shorten it further. */
static int max_gap(const gen *g, int ri, int d)
{
    const room *rm = &g->rooms[ri];
    const ivec *iv = &g->tl[ri * g->D + d];
    int n = iv->n, co = rm->changeover, left = room_open(rm, d), best = 0;
    int *a = malloc(((size_t)n + 1) * 2 * sizeof *a);
    if (!a) return CLOSE - OPEN; /* no bound: try the room */
    for (int i = 0; i < n; i++) { /* insertion sort by start: a room-day holds a handful */
        int j = i;
        while (j > 0 && a[2 * (j - 1)] > iv->v[2 * i]) { a[2 * j] = a[2 * (j - 1)]; a[2 * j + 1] = a[2 * (j - 1) + 1]; j--; }
        a[2 * j] = iv->v[2 * i]; a[2 * j + 1] = iv->v[2 * i + 1];
    }
    for (int i = 0; i < n; i++) {
        if (a[2 * i] - co - left > best) best = a[2 * i] - co - left;
        if (a[2 * i + 1] + co > left) left = a[2 * i + 1] + co;
    }
    if (CLOSE - left > best) best = CLOSE - left;
    free(a);
    return best;
}

static int room_room(const gen *g, int ri, int d)
{
    int a = g->freemin[ri * g->D + d], b = g->maxgap[ri * g->D + d];
    return a < b ? a : b;
}

/* The tree of day d: node 1 is the root, leaves nfit..2 nfit - 1 are the rooms in order. */
static int *fit_of(const gen *g, int d) { return g->fit + (size_t)d * 2 * g->nfit; }

static int fit_build(gen *g)
{
    int n = 1;
    while (n < g->nrooms) n *= 2;
    free(g->fit); free(g->pos);
    g->fit = malloc((size_t)g->D * 2 * n * sizeof *g->fit);
    g->pos = malloc((size_t)g->nrooms * sizeof *g->pos);
    if (!g->fit || !g->pos) { g->oom = 1; return 0; }
    g->nfit = n;
    for (int k = 0; k < g->nrooms; k++) g->pos[g->order[k]] = k;
    for (int d = 0; d < g->D; d++) {
        int *f = fit_of(g, d);
        for (int k = 0; k < n; k++) f[n + k] = k < g->nrooms ? room_room(g, g->order[k], d) : -1;
        for (int i = n - 1; i >= 1; i--) f[i] = f[2 * i] > f[2 * i + 1] ? f[2 * i] : f[2 * i + 1];
    }
    return 1;
}

static void fit_update(gen *g, int ri, int d)
{
    if (!g->nfit) return;
    int *f = fit_of(g, d), i = g->nfit + g->pos[ri];
    f[i] = room_room(g, ri, d);
    for (i /= 2; i >= 1; i /= 2) f[i] = f[2 * i] > f[2 * i + 1] ? f[2 * i] : f[2 * i + 1];
}

/* The first place k >= from in order whose room could take dur minutes on day d, or nrooms. */
static int fit_next(const gen *g, int d, int from, int dur)
{
    const int *f = fit_of(g, d);
    int n = g->nfit, i = n + from;
    if (from >= g->nrooms) return g->nrooms;
    if (f[i] >= dur) return from;
    /* up until a right sibling holds a fit, then down to its leftmost fitting leaf */
    for (;;) {
        while (i & 1) { i /= 2; if (i <= 1) return g->nrooms; }
        i++; /* the right sibling */
        if (f[i] >= dur) break;
    }
    while (i < n) i = f[2 * i] >= dur ? 2 * i : 2 * i + 1;
    return i - n < g->nrooms ? i - n : g->nrooms;
}

static int commit(gen *g, sess *s, int ri, int d, int t)
{
    s->wroom = ri; s->wday = d; s->wstart = t;
    g->freemin[ri * g->D + d] -= s->dur + g->rooms[ri].changeover;
    for (int k = 0; k < 2; k++) {
        if (!(s->res & (1u << k))) continue;
        ivec *u = &g->ru[k][d];
        if (!push2(g, u, t, t + s->dur)) return 0;
        int i = u->n - 1; /* keep them by start */
        while (i > 0 && u->v[2 * (i - 1)] > t) { u->v[2 * i] = u->v[2 * (i - 1)]; u->v[2 * i + 1] = u->v[2 * (i - 1) + 1]; i--; }
        u->v[2 * i] = t; u->v[2 * i + 1] = t + s->dur;
        if (s->dur > g->rmaxdur[k]) g->rmaxdur[k] = s->dur;
    }
    if (!push2(g, &g->tl[ri * g->D + d], t, t + s->dur)) return 0;
    g->maxgap[ri * g->D + d] = max_gap(g, ri, d);
    fit_update(g, ri, d);
    return 1;
}

static int try_room(gen *g, sess *s, int ri, int d)
{
    const room *rm = &g->rooms[ri];
    if (rm->cap < s->att || (s->needs & ~rm->feats) || g->freemin[ri * g->D + d] < s->dur ||
        g->maxgap[ri * g->D + d] < s->dur) return 0;
    const ivec *iv = &g->tl[ri * g->D + d];
    int best = -1;
    /* The earliest feasible start is the opening, just after a placed session, or a shift start. */
    for (int c = -1 - g->nblk; c < iv->n + 6; c++) {
        int t;
        if (c < -1) t = g->blk[-2 - c][2]; /* just after an exclusive session */
        else if (c < 0) t = room_open(rm, d);
        else if (c < iv->n) t = iv->v[2 * c + 1] + rm->changeover;
        else {
            int k = (c - iv->n) / 3, i = (c - iv->n) % 3;
            if (!(s->res & (1u << k)) || i >= shift_n[k]) continue;
            t = shift_tab[k][i][0];
        }
        t = (t + GRID - 1) / GRID * GRID;
        if ((best < 0 || t < best) && fits_room(g, ri, d, t, s->dur) && fits_res(g, s->res, d, t, s->dur)) best = t;
    }
    if (best < 0) return 0;
    return commit(g, s, ri, d, best) ? 1 : -1;
}

static int place(gen *g, sess *s)
{
    int d0 = s->only_day >= 0 ? s->only_day : rint_in(&g->r, 0, g->D - 1);
    int nd = s->only_day >= 0 ? 1 : g->D;
    /* order is by capacity: the rooms before the first that holds s would all refuse it */
    int k0 = 0, hi = g->nrooms;
    while (k0 < hi) {
        int mid = (k0 + hi) / 2;
        if (g->rooms[g->order[mid]].cap < s->att) k0 = mid + 1; else hi = mid;
    }
    if (!g->nfit && !fit_build(g)) return -1;
    for (int j = 0; j < nd; j++)
        for (int k = fit_next(g, (d0 + j) % g->D, k0, s->dur); k < g->nrooms;
             k = fit_next(g, (d0 + j) % g->D, k + 1, s->dur)) {
            int rc = try_room(g, s, g->order[k], (d0 + j) % g->D);
            if (rc) return rc;
        }
    return 0;
}

/* Hard sessions first: those that need interpretation or captioners, day-bound ones, then the
 * most popular (they need the few large rooms), then the longest. Index breaks ties. */
static int difficulty(const sess *s) { return (s->res & R_INTERP ? 4 : 0) + (s->res & R_CAPT ? 2 : 0) + (s->only_day >= 0); }
static const sess *sort_base;
static int by_difficulty(const void *a, const void *b)
{
    const sess *x = &sort_base[*(const int *)a], *y = &sort_base[*(const int *)b];
    if (difficulty(x) != difficulty(y)) return difficulty(y) - difficulty(x);
    if (x->att != y->att) return y->att - x->att;
    if (x->dur != y->dur) return y->dur - x->dur;
    return *(const int *)a - *(const int *)b;
}

static int build_witness(gen *g)
{
    int *idx = malloc((size_t)g->ns * sizeof(int));
    if (!idx) { g->oom = 1; return 0; }
    int n = 0;
    for (int i = 0; i < g->ns; i++) {
        sess *s = &g->s[i];
        /* Opening on day 1 at 10:00 and closing on the last day at 17:00, both in the main hall. */
        if (s->fmt == FM_OPEN) { if (!commit(g, s, 0, 0, 10 * 60)) break; s->pin_room = s->pin_start = 1; }
        else if (s->fmt == FM_CLOSE) { if (!commit(g, s, 0, g->D - 1, 17 * 60)) break; s->pin_room = s->pin_start = 1; }
        else { idx[n++] = i; continue; }
        /* IGF runs its opening and closing ceremonies with nothing in parallel (exclusive) */
        if (g->nblk < 2) { g->blk[g->nblk][0] = s->wday; g->blk[g->nblk][1] = s->wstart; g->blk[g->nblk][2] = s->wstart + s->dur; g->nblk++; }
    }
    sort_base = g->s;
    qsort(idx, (size_t)n, sizeof(int), by_difficulty);
    for (int k = 0; k < n && !g->oom; k++) {
        sess *s = &g->s[idx[k]];
        int rc = place(g, s);
        /* Out of room: add a fully equipped room (and a resource unit) until it fits. This only
         * happens for unlucky draws; the sizing below leaves ~35% of room time free. */
        for (int tries = 0; rc == 0 && tries < 64; tries++) {
            for (int q = 0; q < 2; q++) if (s->res & (1u << q)) g->rcap[q]++;
            int cap = s->att > 500 ? (s->att + 9) / 10 * 10 : 500;
            int ri = add_room(g, cap, F_ALL);
#ifdef SALLE_GEN_DEBUG
            fprintf(stderr, "gen: added room %d for %s\n", ri, s->id);
#endif
            if (ri < 0) break;
            rc = place(g, s);
        }
        if (rc <= 0) { g->oom = 1; break; }
    }
    free(idx);
    return !g->oom;
}

/* ---- people --------------------------------------------------------------------------------- */

static int absmin(const sess *s) { return s->wday * 1440 + s->wstart; }

static int person_ok(const gen *g, int pi, const sess *s, int si)
{
    const person *p = &g->p[pi];
    if (p->load >= p->maxload || s->wday < p->lo || s->wday > p->hi) return 0;
    if (s->wday == p->lo && s->wstart < p->first) return 0;
    if (p->remote && !(s->needs & F_HYBRID)) return 0; /* remote speakers need a hybrid room */
    for (int i = 0; i < p->load; i++) {
        const sess *q = &g->s[p->sess[i]];
        if (p->sess[i] == si) return 0;
        if (q->wday != s->wday) continue;
        int gap = g->rooms[q->wroom].venue != g->rooms[s->wroom].venue ? TRAVEL : 0;
        if (s->wstart < q->wstart + q->dur + gap && q->wstart < s->wstart + s->dur + gap) return 0;
    }
    return 1;
}

static int new_person(gen *g, const sess *s)
{
    if (!grow(g, &g->p, &g->capp, g->np + 1, sizeof(person))) return -1;
    rng *r = &g->r;
    person *p = &g->p[g->np];
    p->lo = 0; p->hi = g->D - 1; p->first = OPEN; p->tz = -1; p->pref = 0;
    p->name = rint_in(r, 0, 1599);
    int roll = rint_in(r, 0, 99);
    p->maxload = roll < 15 ? 1 : roll < 55 ? 2 : roll < 80 ? 3 : 4;
    if ((s->needs & F_HYBRID) && chance(r, 10)) {
        p->remote = 1; p->tz = rint_in(r, 0, 9);
    } else {
        /* "our speakers were not coming until yesterday": late arrivals, some at noon, and a few
         * who leave early. Always consistent with the session that created them. */
        if (s->wday >= 1 && chance(r, 15)) {
            p->lo = rint_in(r, 1, s->wday);
            if ((p->lo < s->wday || s->wstart >= NOON) && chance(r, 50)) p->first = NOON;
        }
        if (s->wday <= g->D - 2 && chance(r, 8)) p->hi = rint_in(r, s->wday, g->D - 2);
    }
    if (chance(r, 10)) p->pref = chance(r, 50) ? 1 : 2;
    return g->np++;
}

static int assign_people(gen *g)
{
    rng *r = &g->r;
    for (int si = 0; si < g->ns; si++) {
        sess *s = &g->s[si];
        const fmt_def *f = &fmts[s->fmt];
        s->norg = rint_in(r, f->org_lo, f->org_hi);
        s->nspk = rint_in(r, f->spk_lo, f->spk_hi);
        for (int k = 0; k < s->norg + s->nspk; k++) {
            int pi = -1;
            for (int t = 0; t < 8 && pi < 0 && g->np > 0 && !chance(r, 30); t++) {
                int c = chance(r, 50) ? skewed(r, g->np) : rint_in(r, 0, g->np - 1);
                int dup = 0;
                for (int j = 0; j < k; j++) dup |= s->ppl[j] == c;
                if (!dup && person_ok(g, c, s, si)) pi = c;
            }
            if (pi < 0 && (pi = new_person(g, s)) < 0) return 0;
            person *p = &g->p[pi];
            p->sess[p->load++] = si;
            s->ppl[k] = pi;
        }
    }
    return 1;
}

/* ---- relations derived from the witness --------------------------------------------------- */

static int same_track_other(gen *g, int si, int want_before)
{
    const sess *s = &g->s[si];
    for (int t = 0; t < 20; t++) {
        int o = rint_in(&g->r, 0, g->ns - 1);
        const sess *q = &g->s[o];
        if (o == si || q->track != s->track || q->fmt <= FM_CLOSE) continue;
        if (want_before ? absmin(q) + q->dur <= absmin(s)
                        : (absmin(q) + q->dur <= absmin(s) || absmin(s) + s->dur <= absmin(q)))
            return o;
    }
    return -1;
}

static void derive_relations(gen *g)
{
    rng *r = &g->r;
    int oc = -1, main_pin = 0, room_pin = 0;
    for (int i = 0; i < g->ns; i++) if (g->s[i].fmt == FM_OPEN) oc = i;
    for (int i = 0; i < g->ns; i++) {
        sess *s = &g->s[i];
        if (s->fmt <= FM_CLOSE) continue;
        if (s->only_day >= 0) { s->allow_days = 1u << s->only_day; s->allow_a = OPEN; s->allow_b = CLOSE; }
        else if (chance(r, 6)) { /* "we can only do mornings / only Tuesday or Wednesday" */
            s->allow_days = 1u << s->wday;
            if (chance(r, 50)) s->allow_days |= 1u << rint_in(r, 0, g->D - 1);
            s->allow_a = OPEN; s->allow_b = CLOSE;
            if (chance(r, 50) && s->wstart + s->dur <= 13 * 60) s->allow_b = 13 * 60;
            else if (chance(r, 50) && s->wstart >= 13 * 60) s->allow_a = 13 * 60;
        }
        if (chance(r, 2)) { /* a short list of rooms that suit it, always incl. the witness room */
            s->rlist[s->nrl++] = s->wroom;
            for (int t = 0; t < 8 && s->nrl < 3; t++) {
                int o = rint_in(r, 0, g->nrooms - 1), dup = 0;
                for (int j = 0; j < s->nrl; j++) dup |= s->rlist[j] == o;
                if (!dup && g->rooms[o].cap >= s->att && !(s->needs & ~g->rooms[o].feats)) s->rlist[s->nrl++] = o;
            }
        }
        if (chance(r, 12)) { /* soft: rarely what the witness does; that's the point */
            s->pref_day = rint_in(r, 0, g->D - 1);
            if (chance(r, 50)) { s->pref_a = OPEN; s->pref_b = 13 * 60; } else { s->pref_a = 13 * 60; s->pref_b = CLOSE; }
        }
        if (chance(r, 5)) {
            int o = rint_in(r, 0, g->nrooms - 1);
            if (g->rooms[o].cap >= s->att && !(s->needs & ~g->rooms[o].feats)) s->pref_room = o;
        }
        if (s->fmt == FM_MAIN && oc >= 0 && absmin(s) >= absmin(&g->s[oc]) + g->s[oc].dur)
            s->after[s->nafter++] = oc; /* main sessions follow the opening */
        if (s->track >= 0 && chance(r, 4)) { /* e.g. a follow-up that needs the first part's outcome */
            int o = same_track_other(g, i, 1);
            if (o >= 0) s->after[s->nafter++] = o;
        }
        if (s->track >= 0 && chance(r, 4)) { /* same community: must not clash */
            int o = same_track_other(g, i, 0), dup = 0;
            for (int j = 0; o >= 0 && j < g->s[o].nnotw; j++) dup |= g->s[o].notw[j] == i;
            if (o >= 0 && !dup) s->notw[s->nnotw++] = o;
        }
        if (s->fmt == FM_MAIN && !main_pin) { s->pin_start = 1; main_pin = 1; } /* e.g. a VIP's slot */
        else if (s->fmt == FM_WS && !room_pin && chance(r, 10)) { s->pin_room = 1; room_pin = 1; }
    }
}

/* ---- interest ----------------------------------------------------------------------------- */

/* Each attendee follows one or two themes; picks are weighted by expected attendance, and no
 * session gets more interest sets than 70% of its attendance (a set is one attendee). */
static json_t *make_interest(gen *g)
{
    rng *r = &g->r;
    int na = g->N * 9 < g->N * 3 + 3000 ? g->N * 9 : g->N * 3 + 3000;
    /* pools: sessions of theme t at [start[t], start[t+1]); pool 8 is every session */
    int *pool = malloc((size_t)g->ns * 2 * sizeof(int)), start[10], n = 0;
    long long *cum = malloc((size_t)g->ns * 2 * sizeof *cum);
    json_t *arr = json_array();
    if (!cum || !pool || !arr) goto fail;
    for (int t = 0; t <= 8; t++) {
        long long tot = 0;
        start[t] = n;
        for (int i = 0; i < g->ns; i++)
            if (t == 8 || g->s[i].track == t) { pool[n] = i; tot += g->s[i].att + 1; cum[n++] = tot; }
    }
    start[9] = n;
    for (int a = 0; a < na; a++) {
        int pref[2] = {pick_track(r), pick_track(r)}, np = chance(r, 50) ? 2 : 1;
        int k = 2 + rint_in(r, 0, 3) + (chance(r, 10) ? rint_in(r, 0, 6) : 0), got = 0, set[16];
        for (int t = 0; t < 4 * k && got < k; t++) {
            int pt = chance(r, 80) ? pref[rint_in(r, 0, np - 1)] : 8;
            int lo = start[pt], hi = start[pt + 1];
            if (hi <= lo) continue;
            long long x = (long long)(rnext(r) % (uint64_t)cum[hi - 1]);
            int L = lo, H = hi - 1; /* first pool entry whose running total exceeds x */
            while (L < H) { int m = (L + H) / 2; if (cum[m] > x) H = m; else L = m + 1; }
            int si = pool[L], dup = 0;
            for (int j = 0; j < got; j++) dup |= set[j] == si;
            if (dup || g->s[si].nint * 10 >= g->s[si].att * 7) continue;
            set[got++] = si;
        }
        if (!got) continue;
        json_t *js = json_array();
        for (int j = 0; j < got; j++) { g->s[set[j]].nint++; json_array_append_new(js, json_string(g->s[set[j]].id)); }
        if (!js || (int)json_array_size(js) != got || json_array_append_new(arr, js)) goto fail;
    }
    free(cum); free(pool);
    return arr;
fail:
    free(cum); free(pool); json_decref(arr);
    g->oom = 1;
    return NULL;
}

/* ---- the JSON document ---------------------------------------------------------------------- */

/* Every jansson call may fail on OOM; these record it once instead of checking at each call. */
static void put(gen *g, json_t *o, const char *k, json_t *v) { if (!o || !v || json_object_set_new(o, k, v)) g->oom = 1; }
static void add(gen *g, json_t *a, json_t *v) { if (!a || !v || json_array_append_new(a, v)) g->oom = 1; }
static json_t *jtime(int m) { char b[8]; snprintf(b, sizeof b, "%02d:%02d", m / 60 % 100, m % 60); return json_string(b); }
static void date_of(char *b, size_t n, int d) { snprintf(b, n, "2018-11-%02d", (12 + d) % 100); } /* D <= 5 */
static json_t *jdate(int d) { char b[16]; date_of(b, sizeof b, d); return json_string(b); }
static json_t *jdatetime(int d, int m)
{
    char b[24];
    snprintf(b, sizeof b, "2018-11-%02dT%02d:%02d", (12 + d) % 100, m / 60 % 100, m % 60);
    return json_string(b);
}
static json_t *jwin(gen *g, int d, int a, int b)
{
    json_t *w = json_object();
    if (d >= 0) put(g, w, "day", jdate(d));
    put(g, w, "start", jtime(a));
    put(g, w, "end", jtime(b));
    return w;
}
static json_t *jfeats(gen *g, unsigned f)
{
    json_t *a = json_array();
    for (int i = 0; i < 4; i++) if (f & (1u << i)) add(g, a, json_string(feat_names[i]));
    return a;
}
static json_t *jshifts(gen *g, int k)
{
    json_t *a = json_array();
    for (int i = 0; i < shift_n[k]; i++) add(g, a, jwin(g, -1, shift_tab[k][i][0], shift_tab[k][i][1]));
    return a;
}
static json_t *jppl(gen *g, const sess *s, int from, int n)
{
    json_t *a = json_array();
    char b[16];
    for (int i = from; i < from + n; i++) { snprintf(b, sizeof b, "P-%04d", s->ppl[i] + 1); add(g, a, json_string(b)); }
    return a;
}
static json_t *jsids(gen *g, const int *v, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++) add(g, a, json_string(g->s[v[i]].id));
    return a;
}

static json_t *jsession(gen *g, const sess *s)
{
    json_t *o = json_object(), *a;
    put(g, o, "id", json_string(s->id));
    put(g, o, "title", json_string(s->title));
    put(g, o, "format", json_string(fmts[s->fmt].name));
    /* A few durations in the string forms the format allows, so readers of them get exercised. */
    put(g, o, "duration", s->fmt == FM_BPF ? json_string("1h30") : s->dur == 180 ? json_string("3h") : json_integer(s->dur));
    if (s->track >= 0) { a = json_array(); add(g, a, json_string(tracks[s->track].name)); put(g, o, "tracks", a); }
    if (s->ntag) {
        a = json_array();
        for (int i = 0; i < s->ntag; i++) add(g, a, json_string(tracks[s->tag[i] / 3].tags[s->tag[i] % 3]));
        put(g, o, "tags", a);
    }
    if (s->norg) put(g, o, "organizers", jppl(g, s, 0, s->norg));
    if (s->nspk) put(g, o, "speakers", jppl(g, s, s->norg, s->nspk));
    put(g, o, "attendance", json_integer(s->att));
    if (s->needs) put(g, o, "needs", jfeats(g, s->needs));
    if (s->res) {
        a = json_array();
        if (s->res & R_INTERP) add(g, a, json_string("interpreters"));
        if (s->res & R_CAPT) add(g, a, json_string("captioners"));
        put(g, o, "resources", a);
    }
    if (s->nrl) {
        a = json_array();
        for (int i = 0; i < s->nrl; i++) add(g, a, json_string(g->rooms[s->rlist[i]].id));
        put(g, o, "rooms", a);
    }
    if (s->allow_days) {
        a = json_array();
        for (int d = 0; d < g->D; d++) if (s->allow_days & (1u << d)) add(g, a, jwin(g, d, s->allow_a, s->allow_b));
        put(g, o, "allowed", a);
    }
    if (s->pref_day >= 0 || s->pref_room >= 0) {
        json_t *pr = json_object();
        if (s->pref_day >= 0) { a = json_array(); add(g, a, jwin(g, s->pref_day, s->pref_a, s->pref_b)); put(g, pr, "windows", a); }
        if (s->pref_room >= 0) { a = json_array(); add(g, a, json_string(g->rooms[s->pref_room].id)); put(g, pr, "rooms", a); }
        put(g, o, "preferred", pr);
    }
    if (s->nafter) put(g, o, "after", jsids(g, s->after, s->nafter));
    if (s->nnotw) put(g, o, "not_with", jsids(g, s->notw, s->nnotw));
    if (s->pin_room || s->pin_start) {
        json_t *pn = json_object();
        if (s->pin_room) put(g, pn, "room", json_string(g->rooms[s->wroom].id));
        if (s->pin_start) put(g, pn, "start", jdatetime(s->wday, s->wstart));
        put(g, o, "pinned", pn);
    }
    if (s->fmt == FM_OPEN || s->fmt == FM_CLOSE) put(g, o, "exclusive", json_true());
    return o;
}

static json_t *build_doc(gen *g, json_t *interest)
{
    json_t *doc = json_object(), *ev = json_object(), *a, *o;
    char b[160];
    put(g, doc, "salle", json_integer(1));
    snprintf(b, sizeof b, "Internet Governance Forum 2018, synthetic (%d sessions)", g->N);
    put(g, ev, "name", json_string(b));
    put(g, ev, "timezone", json_string("Europe/Paris"));
    a = json_array();
    for (int d = 0; d < g->D; d++) add(g, a, jdate(d));
    put(g, ev, "days", a);
    o = json_object(); put(g, o, "start", jtime(OPEN)); put(g, o, "end", jtime(CLOSE)); put(g, ev, "hours", o);
    put(g, ev, "grid", json_integer(GRID));
    put(g, ev, "changeover", json_integer(CHANGEOVER));
    a = json_array(); /* French public holidays around the event; none falls on an event day */
    o = json_object(); put(g, o, "date", json_string("2018-11-01")); put(g, o, "name", json_string("Toussaint (FR)")); add(g, a, o);
    o = json_object(); put(g, o, "date", json_string("2018-11-11")); put(g, o, "name", json_string("Armistice Day (FR)")); add(g, a, o);
    put(g, ev, "holidays", a);
    put(g, ev, "min_speaking_minutes", json_integer(8));
    put(g, ev, "max_sessions_per_person_day", json_integer(4));
    o = json_object(); put(g, o, "start", jtime(8 * 60)); put(g, o, "end", jtime(22 * 60)); put(g, ev, "remote_hours", o);
    put(g, doc, "event", ev);

    a = json_array();
    o = json_object();
    put(g, o, "id", json_string("fontenoy")); put(g, o, "name", json_string("UNESCO, 7 place de Fontenoy"));
    if (g->nrooms > 12) { json_t *t = json_object(); put(g, t, "miollis", json_integer(TRAVEL)); put(g, o, "travel", t); }
    add(g, a, o);
    if (g->nrooms > 12) {
        o = json_object();
        put(g, o, "id", json_string("miollis")); put(g, o, "name", json_string("UNESCO, rue Miollis"));
        add(g, a, o);
    }
    put(g, doc, "venues", a);

    a = json_array();
    for (int i = 0; i < g->nrooms; i++) {
        const room *rm = &g->rooms[i];
        o = json_object();
        put(g, o, "id", json_string(rm->id)); put(g, o, "name", json_string(rm->name));
        put(g, o, "capacity", json_integer(rm->cap)); put(g, o, "features", jfeats(g, rm->feats));
        put(g, o, "venue", json_string(rm->venue ? "miollis" : "fontenoy"));
        if (rm->changeover != CHANGEOVER) put(g, o, "changeover", json_integer(rm->changeover));
        if (rm->closed_day >= 0) {
            json_t *w = json_array();
            for (int d = 0; d < g->D; d++) add(g, w, jwin(g, d, room_open(rm, d), CLOSE));
            put(g, o, "available", w);
        }
        add(g, a, o);
    }
    put(g, doc, "rooms", a);

    a = json_array();
    for (int i = 0; i < g->np; i++) {
        const person *p = &g->p[i];
        o = json_object();
        snprintf(b, sizeof b, "P-%04d", i + 1); put(g, o, "id", json_string(b));
        snprintf(b, sizeof b, "%s %s", first_names[p->name % 40], last_names[p->name / 40]); put(g, o, "name", json_string(b));
        if (p->remote) { put(g, o, "remote", json_true()); put(g, o, "timezone", json_string(remote_tz[p->tz])); }
        if (p->lo > 0 || p->hi < g->D - 1 || p->first > OPEN) {
            json_t *w = json_array();
            for (int d = p->lo; d <= p->hi; d++) add(g, w, jwin(g, d, d == p->lo ? p->first : OPEN, CLOSE));
            put(g, o, "available", w);
        }
        if (p->pref) {
            json_t *w = json_array();
            add(g, w, p->pref == 1 ? jwin(g, -1, OPEN, 13 * 60) : jwin(g, -1, 13 * 60, CLOSE));
            put(g, o, "preferred", w);
        }
        add(g, a, o);
    }
    put(g, doc, "people", a);

    a = json_array();
    o = json_object();
    put(g, o, "id", json_string("interpreters"));
    put(g, o, "name", json_string("Interpreter teams (six UN languages)"));
    put(g, o, "capacity", json_integer(g->rcap[0])); put(g, o, "shifts", jshifts(g, 0));
    add(g, a, o);
    o = json_object();
    put(g, o, "id", json_string("captioners"));
    put(g, o, "name", json_string("Real-time captioners (remote CART)"));
    put(g, o, "capacity", json_integer(g->rcap[1])); put(g, o, "shifts", jshifts(g, 1));
    add(g, a, o);
    put(g, doc, "resources", a);

    a = json_array();
    for (int i = 0; i < g->ns; i++) add(g, a, jsession(g, &g->s[i]));
    put(g, doc, "sessions", a);
    put(g, doc, "interest", interest);

    o = json_object(); a = json_array();
    put(g, o, "salle_schedule", json_integer(1));
    for (int i = 0; i < g->ns; i++) {
        const sess *s = &g->s[i];
        json_t *x = json_object();
        put(g, x, "session", json_string(s->id)); put(g, x, "room", json_string(g->rooms[s->wroom].id));
        put(g, x, "start", jdatetime(s->wday, s->wstart));
        add(g, a, x);
    }
    put(g, o, "assignments", a);
    put(g, doc, "x-witness", o);
    return doc;
}

/* ---- self-check: every id emitted is unique in its kind and every reference resolves ------- */

static int collect(json_t *doc, const char *key, json_t *set)
{
    size_t i; json_t *e;
    json_array_foreach(json_object_get(doc, key), i, e) {
        const char *id = json_string_value(json_object_get(e, "id"));
        if (!id || json_object_get(set, id) || json_object_set_new(set, id, json_true())) return 0;
    }
    return 1;
}
static int refs_ok(json_t *set, json_t *v) /* v: a string, an array of strings, or absent */
{
    size_t i; json_t *e;
    if (!v) return 1;
    if (json_is_string(v)) return json_object_get(set, json_string_value(v)) != NULL;
    json_array_foreach(v, i, e) if (!json_is_string(e) || !json_object_get(set, json_string_value(e))) return 0;
    return 1;
}

static int self_check(json_t *doc)
{
    json_t *ven = json_object(), *rms = json_object(), *ppl = json_object(), *res = json_object(), *ses = json_object();
    int ok = ven && rms && ppl && res && ses && collect(doc, "venues", ven) && collect(doc, "rooms", rms) &&
             collect(doc, "people", ppl) && collect(doc, "resources", res) && collect(doc, "sessions", ses);
    size_t i; json_t *e;
    json_array_foreach(json_object_get(doc, "rooms"), i, e) ok = ok && refs_ok(ven, json_object_get(e, "venue"));
    json_array_foreach(json_object_get(doc, "sessions"), i, e) {
        json_t *pr = json_object_get(e, "preferred"), *pn = json_object_get(e, "pinned");
        ok = ok && refs_ok(ppl, json_object_get(e, "organizers")) && refs_ok(ppl, json_object_get(e, "speakers")) &&
             refs_ok(res, json_object_get(e, "resources")) && refs_ok(rms, json_object_get(e, "rooms")) &&
             refs_ok(ses, json_object_get(e, "after")) && refs_ok(ses, json_object_get(e, "not_with")) &&
             refs_ok(rms, json_object_get(pr, "rooms")) && refs_ok(rms, json_object_get(pn, "room"));
    }
    json_array_foreach(json_object_get(doc, "interest"), i, e) ok = ok && refs_ok(ses, e);
    json_array_foreach(json_object_get(json_object_get(doc, "x-witness"), "assignments"), i, e)
        ok = ok && refs_ok(ses, json_object_get(e, "session")) && refs_ok(rms, json_object_get(e, "room"));
    json_decref(ven); json_decref(rms); json_decref(ppl); json_decref(res); json_decref(ses);
    return ok;
}

/* ---- layout: readable yet compact; one record per line ------------------------------------ */

typedef struct buf { char *p; size_t n, cap; int oom; } buf;
static void bput(buf *b, const char *s)
{
    size_t k = strlen(s);
    if (b->oom) return;
    if (b->n + k + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 1 << 16;
        while (b->n + k + 1 > nc) nc *= 2;
        char *q = realloc(b->p, nc);
        if (!q) { b->oom = 1; return; }
        b->p = q; b->cap = nc;
    }
    memcpy(b->p + b->n, s, k + 1);
    b->n += k;
}
static void bjson(buf *b, json_t *v)
{
    char *s = json_dumps(v, JSON_PRESERVE_ORDER | JSON_ENCODE_ANY); /* one line, ", " and ": " */
    if (!s) { b->oom = 1; return; }
    bput(b, s);
    free(s);
}
/* Objects at depth <= 1 get a key per line; arrays of containers get an element per line. */
static void blayout(buf *b, json_t *v, int depth)
{
    char ind[8];
    snprintf(ind, sizeof ind, "%*s", depth + 1, "");
    if (json_is_object(v) && depth <= 1 && json_object_size(v)) {
        const char *k; json_t *x; size_t i = 0;
        bput(b, "{\n");
        json_object_foreach(v, k, x) {
            json_t *ks = json_string(k);
            if (!ks) { b->oom = 1; return; }
            bput(b, ind); bjson(b, ks); bput(b, ": ");
            json_decref(ks);
            blayout(b, x, depth + 1);
            bput(b, ++i < json_object_size(v) ? ",\n" : "\n");
        }
        bput(b, ind + 1); bput(b, "}");
    } else if (json_is_array(v) && json_array_size(v) && (json_is_object(json_array_get(v, 0)) || json_is_array(json_array_get(v, 0)))) {
        size_t i; json_t *x;
        bput(b, "[\n");
        json_array_foreach(v, i, x) {
            bput(b, ind); bjson(b, x);
            bput(b, i + 1 < json_array_size(v) ? ",\n" : "\n");
        }
        bput(b, ind + 1); bput(b, "]");
    } else {
        bjson(b, v);
    }
}

/* ---- entry point ---------------------------------------------------------------------------- */

static void gen_free(gen *g)
{
    for (int i = 0; i < g->nrooms * g->D; i++) free(g->tl[i].v);
    for (int k = 0; k < 2; k++) for (int d = 0; d < MAXDAYS; d++) free(g->ru[k][d].v);
    free(g->tl); free(g->freemin); free(g->maxgap); free(g->fit); free(g->pos); free(g->order); free(g->rooms); free(g->s); free(g->p);
}

char *salle_gen_json(const salle_gen_options *opt)
{
    gen g;
    memset(&g, 0, sizeof g);
    g.N = opt && opt->sessions > 0 ? opt->sessions : 170;
    g.r.s = (opt ? opt->seed : 0) ^ ((uint64_t)g.N * 0xD1B54A32D192ED03ull);
    /* IGF 2018 ran 171 sessions over 3 days; bigger programmes get 4, then 5 days, then rooms. */
    g.D = g.N <= 250 ? 3 : g.N <= 700 ? 4 : 5;
    g.s = calloc((size_t)g.N, sizeof(sess));
    if (!g.s) return NULL;

    int nreg = g.N > 2 ? g.N - 2 : 0, cnt[FM_N] = {0}, sum = 0;
    for (int f = FM_MAIN; f < FM_N; f++) { cnt[f] = fmts[f].share * nreg / SHARE_TOTAL; sum += cnt[f]; }
    cnt[FM_WS] += nreg - sum;
    cnt[FM_OPEN] = 1; cnt[FM_CLOSE] = g.N >= 2;
    long long smin = 0, imin = 0, cmin = 0;
    for (int f = 0; f < FM_N; f++)
        for (int k = 1; k <= cnt[f]; k++) {
            sess *s = &g.s[g.ns++];
            make_session(&g, s, f, k);
            smin += s->dur;
            if (s->res & R_INTERP) imin += s->dur;
            if (s->res & R_CAPT) cmin += s->dur;
        }

    /* Sizing. Interpreter teams: twice the interpreted minutes over the shift minutes, at least
     * the two teams of the IGF; half as many more interpreted rooms than teams, so the teams (not
     * the rooms) are what binds. Captioners likewise, at least 3. Rooms: ~1.55x session-minutes. */
    long long dayshift = (long long)g.D * 540;
    int teams = (int)((2 * imin + dayshift - 1) / dayshift), capt = (int)((2 * cmin + dayshift - 1) / dayshift);
    g.rcap[0] = teams < 2 ? 2 : teams;
    g.rcap[1] = capt < 3 ? 3 : capt;
    int ir = g.rcap[0] + (g.rcap[0] + 1) / 2;
    long long daymin = (long long)g.D * (CLOSE - OPEN);
    int nr = (int)((155 * smin + 100 * daymin - 1) / (100 * daymin));
    if (nr < ir + 4) nr = ir + 4;
    add_room(&g, 1100, F_ALL);
    for (int i = 1; i < ir; i++) add_room(&g, 450 + 10 * rint_in(&g.r, 0, 10), F_ALL);
    for (int i = ir; i < nr && !g.oom; i++) add_room(&g, profile[(i - ir) % 12], plain_feats(i, profile[(i - ir) % 12]));

    char *out = NULL;
    json_t *doc = NULL, *interest = NULL;
    if (g.oom || !build_witness(&g) || !assign_people(&g)) goto done;
    derive_relations(&g);
    if (!(interest = make_interest(&g))) goto done;
    doc = build_doc(&g, interest);
    if (g.oom) goto done;
    if (!self_check(doc)) { /* a bug here, not bad input: say so loudly rather than emit it */
        fprintf(stderr, "salle gen: internal error: generated instance has a dangling or duplicate id\n");
        abort();
    }
    buf b = {0};
    blayout(&b, doc, 0);
    bput(&b, "\n");
    if (b.oom) free(b.p); else out = b.p;
done:
    json_decref(doc);
    gen_free(&g);
    return out;
}
