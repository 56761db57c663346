/*
 * talk_solve.c: the solver for talk schedules (docs/solver.md "Talks"), the two-level problem of
 * academic conferences: tracks into (block, room) cells, talks into the slots of their track's
 * cells.
 *
 * A cell's talks are kept as a sequence packed from the block's first slot (gaps cost nothing the
 * goals see except at slot level, and packing keeps every move a permutation). Construction places
 * talks, longest first, into cells of their track, opening the cheapest empty cell that fits when
 * none has room. Local search is late-acceptance hill climbing (scale-free, which matters when one
 * instance's penalties run from 1 to 10^6) over these moves: swap the contents of two cells (a
 * track to another block or room, or to an empty cell), swap two rooms over a run of blocks, move
 * a talk to another place of its track, swap two talks of one track, reverse a run of talks in a
 * cell, ruin-and-recreate one track (clear its cells, then re-insert its talks greedily), and,
 * while a talk is left out, repair (place it, evicting a cell's talks if need be).
 *
 * Beyond the weighted goals, the solver avoids a presenter in two rooms at the same time even
 * when no weight scores it (CLASH_GUARD). The score is kept per block (every goal but three is local to one block) plus a global part
 * (rooms and blocks per track, order along a track), so a move re-scores only the blocks it
 * touches. salle__talk_eval_full recomputes everything; the tests compare both with the checker.
 * The same seed, thread count and move budget give the same plan.
 */
#include "base/internal.h"
#include "model/talks.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define UNPLACED_COST 1000000000000LL /* a talk left out outweighs any soft cost */
/* A presenter in two rooms at the same time, when no weight scores it (CoSPLib's code counts no
 * presenter conflicts, so imported instances carry weight 0): the solver still avoids it, at this
 * cost in its own objective, below a talk left out and above any penalty the benchmark uses. */
#define CLASH_GUARD 1000000000LL

typedef struct st {
    const salle_instance *inst;
    const salle_talks *t;
    int B, R, N, K;
    int maxs;            /* largest number of slots of a block */
    int *track;          /* B x R */
    int *n;              /* B x R: talks in the cell */
    int *used;           /* B x R: slots used */
    int *seq;            /* B x R x maxs */
    int *where;          /* per talk: cell index or -1 */
    long long *cellcost; /* K x B x R */
    long long *talkcost; /* N x B x R */
    long long *bscore;   /* per block */
    long long global;
    long long total;
    int unplaced;
    uint64_t rng;
    unsigned char *busy; /* per talk: has a clash partner or an order (the pair loops skip the rest) */
    int *lt, *lr, *la, *lb; /* scratch: the busy talks of one block, their rooms and slot spans */
    unsigned char *seen; /* scratch, K x R */
    int *kfirst, *klast, *knb, *knr; /* scratch, per track */
    long *ksum;
    int *pos;            /* scratch, per track */
} st;

static uint64_t rnd(st *s)
{
    uint64_t x = s->rng;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return s->rng = x;
}

static int rndn(st *s, int n)
{
    return (int)(rnd(s) % (uint64_t)n);
}

static int C(const st *s, int b, int r)
{
    return b * s->R + r;
}

/* The score of block b: everything local to it. */
static long long block_score(st *s, int b)
{
    const salle_talks *t = s->t;
    const long *w = t->weights;
    int R = s->R, N = s->N;
    long long v = 0;
    int ns = t->blocks[b].slots;
    for (int r = 0; r < R; r++) {
        int c = C(s, b, r), k = s->track[c];
        if (k < 0)
            continue;
        v += s->cellcost[((size_t)k * s->B + b) * R + r];
        for (int q = 0; q < s->n[c]; q++)
            v += s->talkcost[((size_t)s->seq[(size_t)c * s->maxs + q] * s->B + b) * R + r];
        for (int r2 = r + 1; r2 < R; r2++) {
            int k2 = s->track[C(s, b, r2)];
            if (k2 < 0)
                continue;
            if (k2 != k)
                v += w[SALLE_TALK_SIMILAR_TRACKS] * t->similar[(size_t)k * t->ntracks + k2];
            else
                v += w[SALLE_TALK_TRACK_PARALLEL]; /* count - 1 summed over pairs? see below */
            if (t->chair_clash[(size_t)k * t->ntracks + k2])
                v += w[SALLE_TALK_CHAIR];
        }
    }
    /* parallel: count - 1 per track, not one per pair: correct the pair count above */
    for (int r = 0; r < R; r++) {
        int k = s->track[C(s, b, r)];
        if (k < 0)
            continue;
        int same = 0, first = 1;
        for (int r2 = 0; r2 < R; r2++)
            if (s->track[C(s, b, r2)] == k) {
                if (r2 < r)
                    first = 0;
                same++;
            }
        if (first && same > 1)
            v += w[SALLE_TALK_TRACK_PARALLEL] * ((long long)(same - 1) - (long long)same * (same - 1) / 2);
    }
    /* people: talks of the block in different rooms; per slot; order pairs in one slot */
    long wa = w[SALLE_TALK_ATTENDEE_BLOCK], wp = w[SALLE_TALK_PRESENTER_BLOCK];
    long was = w[SALLE_TALK_ATTENDEE_SLOT], wps = w[SALLE_TALK_PRESENTER_SLOT],
         wo = w[SALLE_TALK_ORDER];
    long long guard = wp || wps ? 0 : CLASH_GUARD;
    if (wa || wp || was || wps || wo || guard) {
        int m = 0;
        for (int r = 0; r < R; r++) {
            int c = C(s, b, r), a0 = 0;
            for (int q = 0; q < s->n[c]; q++) {
                int i = s->seq[(size_t)c * s->maxs + q];
                if (s->busy[i]) {
                    s->lt[m] = i, s->lr[m] = r, s->la[m] = a0;
                    s->lb[m++] = a0 + t->talks[i].slots < ns ? a0 + t->talks[i].slots : ns;
                }
                a0 += t->talks[i].slots;
            }
        }
        for (int x = 0; x < m; x++)
            for (int y = x + 1; y < m; y++) {
                if (s->lr[x] == s->lr[y])
                    continue;
                int i = s->lt[x], j = s->lt[y];
                size_t ij = (size_t)i * N + j;
                if (t->attendee_clash[ij])
                    v += wa;
                if (t->presenter_clash[ij])
                    v += wp;
                int lo = s->la[x] > s->la[y] ? s->la[x] : s->la[y];
                int hi = s->lb[x] < s->lb[y] ? s->lb[x] : s->lb[y];
                if (hi > lo) {
                    if (t->attendee_clash[ij])
                        v += was * (hi - lo);
                    if (t->presenter_clash[ij])
                        v += (wps + guard) * (hi - lo);
                    if (t->talks[i].order && t->talks[j].order && t->talks[i].track == t->talks[j].track)
                        v += wo * (hi - lo);
                }
            }
    }
    return v;
}

/* The global part: rooms per track, consecutive blocks, order along each track. */
static long long global_score(st *s)
{
    const salle_talks *t = s->t;
    const long *w = t->weights;
    long long v = 0;
    /* one pass over the cells: distinct rooms, and first, last, count and sum of blocks */
    memset(s->seen, 0, (size_t)s->K * (size_t)s->R);
    for (int k = 0; k < s->K; k++)
        s->kfirst[k] = -1, s->knb[k] = 0, s->knr[k] = 0, s->ksum[k] = 0;
    for (int b = 0; b < s->B; b++)
        for (int r = 0; r < s->R; r++) {
            int k = s->track[C(s, b, r)];
            if (k < 0)
                continue;
            unsigned char *seen = &s->seen[(size_t)k * s->R + r];
            if (!*seen)
                *seen = 1, s->knr[k]++;
            if (s->klast[k] != b || s->kfirst[k] < 0) {
                if (s->kfirst[k] < 0)
                    s->kfirst[k] = b;
                s->klast[k] = b, s->ksum[k] += b, s->knb[k]++;
            }
        }
    for (int k = 0; k < s->K; k++) {
        if (s->knr[k] > 1)
            v += w[SALLE_TALK_TRACK_ROOMS] * (s->knr[k] - 1);
        int f = s->kfirst[k], l = s->klast[k];
        if (s->knb[k] > 1 && s->ksum[k] != (long)(f + l) * (l - f + 1) / 2)
            v += w[SALLE_TALK_TRACK_CONSECUTIVE];
    }
    if (w[SALLE_TALK_ORDER]) {
        memset(s->pos, 0, (size_t)s->K * sizeof *s->pos);
        for (int c = 0; c < s->B * s->R; c++) {
            int k = s->track[c];
            for (int q = 0; q < s->n[c]; q++) {
                int i = s->seq[(size_t)c * s->maxs + q];
                int p = ++s->pos[k];
                if (t->talks[i].order && t->talks[i].order != p)
                    v += w[SALLE_TALK_ORDER];
            }
        }
    }
    return v + (long long)s->unplaced * UNPLACED_COST;
}

static long long eval_full(st *s)
{
    long long v = 0;
    for (int b = 0; b < s->B; b++)
        v += s->bscore[b] = block_score(s, b);
    s->global = global_score(s);
    return s->total = v + s->global;
}

/* ---------------------------------------------------------------- edits with undo */

typedef struct saved {
    int nc;
    int cell[2];
    int track[2], n[2], used[2];
    int seq[2][64];
    long long bscore[2];
    int blocks[2], nb;
    long long global, total;
    int unplaced;
} saved;

static void save(st *s, saved *v, int c1, int c2)
{
    v->nc = 0;
    int cs[2] = {c1, c2};
    for (int x = 0; x < 2; x++) {
        int c = cs[x];
        if (c < 0 || (x == 1 && c == c1))
            continue;
        int k = v->nc++;
        v->cell[k] = c, v->track[k] = s->track[c], v->n[k] = s->n[c], v->used[k] = s->used[c];
        memcpy(v->seq[k], &s->seq[(size_t)c * s->maxs], (size_t)s->n[c] * sizeof(int));
    }
    v->nb = 0;
    for (int k = 0; k < v->nc; k++) {
        int b = v->cell[k] / s->R;
        if (v->nb && v->blocks[0] == b)
            continue;
        v->blocks[v->nb] = b, v->bscore[v->nb++] = s->bscore[b];
    }
    v->global = s->global, v->total = s->total, v->unplaced = s->unplaced;
}

static void restore(st *s, const saved *v)
{
    for (int k = 0; k < v->nc; k++) {
        int c = v->cell[k];
        s->track[c] = v->track[k], s->n[c] = v->n[k], s->used[c] = v->used[k];
        memcpy(&s->seq[(size_t)c * s->maxs], v->seq[k], (size_t)v->n[k] * sizeof(int));
        for (int q = 0; q < v->n[k]; q++)
            s->where[v->seq[k][q]] = c;
    }
    for (int k = 0; k < v->nb; k++)
        s->bscore[v->blocks[k]] = v->bscore[k];
    s->global = v->global, s->total = v->total, s->unplaced = v->unplaced;
}

/* Re-scores after an edit of the cells saved in v. */
static long long rescore(st *s, const saved *v)
{
    long long d = 0;
    for (int k = 0; k < v->nb; k++) {
        int b = v->blocks[k];
        long long nv = block_score(s, b);
        d += nv - s->bscore[b];
        s->bscore[b] = nv;
    }
    long long g = global_score(s);
    d += g - s->global;
    s->global = g;
    s->total += d;
    return s->total;
}

static int cap(const st *s, int c)
{
    return s->t->blocks[c / s->R].slots;
}

static void fix_cell(st *s, int c)
{
    s->used[c] = 0;
    for (int q = 0; q < s->n[c]; q++) {
        int i = s->seq[(size_t)c * s->maxs + q];
        s->used[c] += s->t->talks[i].slots;
        s->where[i] = c;
    }
    if (!s->n[c])
        s->track[c] = -1;
}

static void cell_remove(st *s, int c, int q)
{
    int *a = &s->seq[(size_t)c * s->maxs];
    memmove(a + q, a + q + 1, (size_t)(s->n[c] - q - 1) * sizeof *a);
    s->n[c]--;
}

static void cell_insert(st *s, int c, int q, int i)
{
    int *a = &s->seq[(size_t)c * s->maxs];
    memmove(a + q + 1, a + q, (size_t)(s->n[c] - q) * sizeof *a);
    a[q] = i;
    s->n[c]++;
}

static int index_in(const st *s, int c, int i)
{
    for (int q = 0; q < s->n[c]; q++)
        if (s->seq[(size_t)c * s->maxs + q] == i)
            return q;
    return -1;
}

/* ---------------------------------------------------------------- moves (return 0 if void) */

/* Exchanges the whole contents (track and talks) of cells c1 and c2. */
static void exchange(st *s, int c1, int c2)
{
    int tmp[64];
    int n1 = s->n[c1], k1 = s->track[c1];
    memcpy(tmp, &s->seq[(size_t)c1 * s->maxs], (size_t)n1 * sizeof *tmp);
    memcpy(&s->seq[(size_t)c1 * s->maxs], &s->seq[(size_t)c2 * s->maxs], (size_t)s->n[c2] * sizeof *tmp);
    s->n[c1] = s->n[c2], s->track[c1] = s->track[c2];
    memcpy(&s->seq[(size_t)c2 * s->maxs], tmp, (size_t)n1 * sizeof *tmp);
    s->n[c2] = n1, s->track[c2] = k1;
    fix_cell(s, c1);
    fix_cell(s, c2);
}

static int mv_swap_cells(st *s, saved *v)
{
    int n = s->B * s->R;
    int c1 = rndn(s, n), c2 = rndn(s, n);
    /* mostly a neighbour: the same block (a room change) or the same room (a time change) */
    int how = rndn(s, 4);
    if (how == 0)
        c2 = C(s, c1 / s->R, rndn(s, s->R));
    else if (how == 1)
        c2 = C(s, rndn(s, s->B), c1 % s->R);
    if (c1 == c2 || (s->track[c1] < 0 && s->track[c2] < 0))
        return 0;
    if (s->used[c1] > cap(s, c2) || s->used[c2] > cap(s, c1))
        return 0;
    save(s, v, c1, c2);
    exchange(s, c1, c2);
    return 1;
}

static int mv_move_talk(st *s, saved *v)
{
    int i = rndn(s, s->N);
    int c1 = s->where[i];
    if (c1 < 0)
        return 0;
    int k = s->t->talks[i].track;
    int c2 = rndn(s, s->B * s->R);
    if (rndn(s, 2)) { /* half the time into another cell its track holds already */
        int m = 0;
        for (int c = 0; c < s->B * s->R; c++)
            if (s->track[c] == k)
                s->lt[m++] = c;
        c2 = s->lt[rndn(s, m)];
    }
    if (s->track[c2] >= 0 && s->track[c2] != k)
        return 0;
    int sl = s->t->talks[i].slots;
    if (c2 != c1 && s->used[c2] + sl > cap(s, c2))
        return 0;
    save(s, v, c1, c2);
    cell_remove(s, c1, index_in(s, c1, i));
    cell_insert(s, c2, rndn(s, s->n[c2] + 1), i);
    s->track[c2] = k;
    fix_cell(s, c1);
    fix_cell(s, c2);
    return 1;
}

static int mv_swap_talks(st *s, saved *v)
{
    int i = rndn(s, s->N);
    const salle_talk_track *tr = &s->t->tracks[s->t->talks[i].track];
    if (tr->ntalks < 2)
        return 0;
    int j = tr->talks[rndn(s, tr->ntalks)];
    int c1 = s->where[i], c2 = s->where[j];
    if (i == j || c1 < 0 || c2 < 0)
        return 0;
    int d = s->t->talks[j].slots - s->t->talks[i].slots;
    if (c1 != c2 && (s->used[c1] + d > cap(s, c1) || s->used[c2] - d > cap(s, c2)))
        return 0;
    save(s, v, c1, c2);
    s->seq[(size_t)c1 * s->maxs + index_in(s, c1, i)] = -2;
    s->seq[(size_t)c2 * s->maxs + index_in(s, c2, j)] = i;
    s->seq[(size_t)c1 * s->maxs + index_in(s, c1, -2)] = j;
    fix_cell(s, c1);
    fix_cell(s, c2);
    return 1;
}

static int mv_reverse(st *s, saved *v)
{
    int c = rndn(s, s->B * s->R);
    if (s->n[c] < 2)
        return 0;
    int a = rndn(s, s->n[c]), b = rndn(s, s->n[c]);
    if (a == b)
        return 0;
    if (a > b) {
        int x = a;
        a = b, b = x;
    }
    save(s, v, c, -1);
    int *q = &s->seq[(size_t)c * s->maxs];
    for (; a < b; a++, b--) {
        int x = q[a];
        q[a] = q[b], q[b] = x;
    }
    return 1;
}

/* Saves every cell (for the moves that touch many) into backup; ruin_undo restores it. */
static void backup_all(const st *s, int **backup)
{
    size_t cells = (size_t)s->B * s->R;
    memcpy(backup[0], s->track, cells * sizeof(int));
    memcpy(backup[1], s->n, cells * sizeof(int));
    memcpy(backup[2], s->seq, cells * (size_t)s->maxs * sizeof(int));
}

/* Swap two rooms over a run of blocks: moves a track's room without touching its times. */
static int mv_swap_rooms(st *s, int **backup)
{
    int r1 = rndn(s, s->R), r2 = rndn(s, s->R), b1 = rndn(s, s->B), b2 = rndn(s, s->B);
    if (r1 == r2)
        return 0;
    if (b1 > b2) {
        int x = b1;
        b1 = b2, b2 = x;
    }
    backup_all(s, backup);
    for (int b = b1; b <= b2; b++)
        exchange(s, C(s, b, r1), C(s, b, r2));
    return 1;
}

/* Best insertion of talk i: the cheapest cell of its track with room (or empty cell), at the end. */
static int insert_best(st *s, int i)
{
    int k = s->t->talks[i].track, sl = s->t->talks[i].slots, best = -1;
    long long bestv = 0;
    for (int c = 0; c < s->B * s->R; c++) {
        if ((s->track[c] >= 0 && s->track[c] != k) || s->used[c] + sl > cap(s, c))
            continue;
        int b = c / s->R, r = c % s->R;
        long long v = s->talkcost[((size_t)i * s->B + b) * s->R + r];
        if (s->track[c] < 0)
            v += s->cellcost[((size_t)k * s->B + b) * s->R + r] + 1 + (long long)(rnd(s) % 3);
        if (best < 0 || v < bestv)
            best = c, bestv = v;
    }
    if (best < 0)
        return -1;
    cell_insert(s, best, s->n[best], i);
    s->track[best] = k;
    fix_cell(s, best);
    return best;
}

static void construct(st *s)
{
    int *order = salle__xmalloc(((size_t)s->N + 1) * sizeof *order);
    for (int i = 0; i < s->N; i++)
        order[i] = i;
    /* longest first, then by track, so a track's talks fill its cells together */
    for (int a = 1; a < s->N; a++)
        for (int b = a; b > 0; b--) {
            const salle_talk *x = &s->t->talks[order[b - 1]], *y = &s->t->talks[order[b]];
            if (x->slots > y->slots || (x->slots == y->slots && x->track <= y->track))
                break;
            int z = order[b];
            order[b] = order[b - 1], order[b - 1] = z;
        }
    s->unplaced = 0;
    for (int q = 0; q < s->N; q++) {
        int i = order[q];
        int k = s->t->talks[i].track, sl = s->t->talks[i].slots, done = 0;
        /* first a cell of its track with room, then the cheapest empty one */
        for (int c = 0; c < s->B * s->R && !done; c++)
            if (s->track[c] == k && s->used[c] + sl <= cap(s, c)) {
                cell_insert(s, c, s->n[c], i);
                fix_cell(s, c);
                done = 1;
            }
        if (!done && insert_best(s, i) < 0)
            s->unplaced++;
    }
    free(order);
}

/* Ruin and recreate: take every talk of one track out, then put them back greedily (longest
 * first), each at its cheapest place. Touches many blocks, so it is scored in full. */
static long long mv_ruin(st *s, int **backup)
{
    int k = rndn(s, s->K);
    size_t cells = (size_t)s->B * s->R;
    backup_all(s, backup);
    const salle_talk_track *tr = &s->t->tracks[k];
    for (int q = 0; q < tr->ntalks; q++)
        if (s->where[tr->talks[q]] < 0)
            s->unplaced--; /* counted again below if it still finds no place */
    for (int c = 0; c < (int)cells; c++)
        if (s->track[c] == k) {
            s->n[c] = 0;
            fix_cell(s, c);
        }
    int *ids = salle__xmalloc(((size_t)tr->ntalks + 1) * sizeof *ids);
    memcpy(ids, tr->talks, (size_t)tr->ntalks * sizeof *ids);
    for (int a = tr->ntalks - 1; a > 0; a--) {
        int b = rndn(s, a + 1), x = ids[a];
        ids[a] = ids[b], ids[b] = x;
    }
    for (int sl = s->maxs; sl >= 1; sl--)
        for (int q = 0; q < tr->ntalks; q++)
            if (s->t->talks[ids[q]].slots == sl) {
                s->where[ids[q]] = -1;
                if (insert_best(s, ids[q]) < 0)
                    s->unplaced++;
            }
    free(ids);
    return eval_full(s);
}

/* Repair: an unplaced talk goes to its cheapest place; when there is none, into a random cell
 * big enough, whose talks make way (and are re-inserted where they can be). Scored in full. */
static long long mv_repair(st *s, int **backup)
{
    int i = -1, seen = 0;
    for (int x = 0; x < s->N; x++)
        if (s->where[x] < 0 && rndn(s, ++seen) == 0)
            i = x; /* a uniformly random unplaced talk */
    size_t cells = (size_t)s->B * s->R;
    backup_all(s, backup);
    if (insert_best(s, i) >= 0) {
        s->unplaced--;
        return eval_full(s);
    }
    int c = rndn(s, (int)cells);
    if (cap(s, c) < s->t->talks[i].slots)
        return eval_full(s);
    int out[64], n = s->n[c];
    memcpy(out, &s->seq[(size_t)c * s->maxs], (size_t)n * sizeof *out);
    s->n[c] = 0;
    fix_cell(s, c);
    for (int q = 0; q < n; q++)
        s->where[out[q]] = -1;
    s->unplaced += n;
    cell_insert(s, c, 0, i);
    s->track[c] = s->t->talks[i].track;
    fix_cell(s, c);
    s->unplaced--;
    for (int q = 0; q < n; q++)
        if (insert_best(s, out[q]) >= 0)
            s->unplaced--;
    return eval_full(s);
}

static void ruin_undo(st *s, int **backup, int unplaced)
{
    size_t cells = (size_t)s->B * s->R;
    memcpy(s->track, backup[0], cells * sizeof(int));
    memcpy(s->n, backup[1], cells * sizeof(int));
    memcpy(s->seq, backup[2], cells * (size_t)s->maxs * sizeof(int));
    for (int i = 0; i < s->N; i++)
        s->where[i] = -1;
    for (int c = 0; c < (int)cells; c++)
        fix_cell(s, c);
    s->unplaced = unplaced;
    eval_full(s);
}

/* ---------------------------------------------------------------- set-up and the search */

static void state_init(st *s, const salle_instance *inst, uint64_t seed)
{
    memset(s, 0, sizeof *s);
    const salle_talks *t = inst->talks;
    s->inst = inst, s->t = t;
    s->B = t->nblocks, s->R = inst->nrooms, s->N = t->ntalks, s->K = t->ntracks;
    s->maxs = 1;
    for (int b = 0; b < s->B; b++)
        if (t->blocks[b].slots > s->maxs)
            s->maxs = t->blocks[b].slots;
    size_t cells = (size_t)s->B * s->R;
    s->track = salle__xmalloc((cells + 1) * sizeof *s->track);
    for (size_t c = 0; c < cells; c++)
        s->track[c] = -1;
    s->n = salle__xcalloc(cells + 1, sizeof *s->n);
    s->used = salle__xcalloc(cells + 1, sizeof *s->used);
    s->seq = salle__xcalloc(cells * (size_t)s->maxs + 1, sizeof *s->seq);
    s->where = salle__xmalloc(((size_t)s->N + 1) * sizeof *s->where);
    for (int i = 0; i < s->N; i++)
        s->where[i] = -1;
    s->bscore = salle__xcalloc((size_t)s->B + 1, sizeof *s->bscore);
    s->busy = salle__xcalloc((size_t)s->N + 1, 1);
    for (int i = 0; i < s->N; i++) {
        s->busy[i] = t->talks[i].order != 0;
        for (int j = 0; j < s->N; j++)
            if (t->attendee_clash[(size_t)i * s->N + j] || t->presenter_clash[(size_t)i * s->N + j])
                s->busy[i] = 1;
    }
    s->lt = salle__xmalloc(((size_t)s->N + 1) * sizeof *s->lt);
    s->lr = salle__xmalloc(((size_t)s->N + 1) * sizeof *s->lr);
    s->la = salle__xmalloc(((size_t)s->N + 1) * sizeof *s->la);
    s->lb = salle__xmalloc(((size_t)s->N + 1) * sizeof *s->lb);
    s->seen = salle__xcalloc((size_t)s->K * (size_t)s->R + 1, 1);
    s->kfirst = salle__xcalloc((size_t)s->K + 1, sizeof *s->kfirst);
    s->klast = salle__xcalloc((size_t)s->K + 1, sizeof *s->klast);
    s->knb = salle__xcalloc((size_t)s->K + 1, sizeof *s->knb);
    s->knr = salle__xcalloc((size_t)s->K + 1, sizeof *s->knr);
    s->ksum = salle__xcalloc((size_t)s->K + 1, sizeof *s->ksum);
    s->pos = salle__xcalloc((size_t)s->K + 1, sizeof *s->pos);
    const long *w = t->weights;
    s->cellcost = salle__xmalloc(((size_t)s->K * cells + 1) * sizeof *s->cellcost);
    for (int k = 0; k < s->K; k++)
        for (int b = 0; b < s->B; b++)
            for (int r = 0; r < s->R; r++)
                s->cellcost[((size_t)k * s->B + b) * s->R + r] =
                    (long long)w[SALLE_TALK_TRACK_BLOCK] * t->tracks[k].block_penalty[b] +
                    (long long)w[SALLE_TALK_TRACK_ROOM] * t->tracks[k].room_penalty[r] +
                    (long long)w[SALLE_TALK_BLOCK_ROOM] * t->blocks[b].room_penalty[r];
    s->talkcost = salle__xmalloc(((size_t)s->N * cells + 1) * sizeof *s->talkcost);
    for (int i = 0; i < s->N; i++)
        for (int b = 0; b < s->B; b++)
            for (int r = 0; r < s->R; r++) {
                const salle_talk *k = &t->talks[i];
                int n = k->slots < t->blocks[b].slots ? k->slots : t->blocks[b].slots;
                s->talkcost[((size_t)i * s->B + b) * s->R + r] =
                    (long long)n * ((long long)w[SALLE_TALK_HOURS] * k->hours_penalty[b] +
                                    (long long)w[SALLE_TALK_BLOCK] * k->block_penalty[b] +
                                    (long long)w[SALLE_TALK_ROOM] * k->room_penalty[r]);
            }
    s->rng = seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL;
    if (!s->rng)
        s->rng = 1;
}

static void state_free(st *s)
{
    free(s->track);
    free(s->n);
    free(s->used);
    free(s->seq);
    free(s->where);
    free(s->bscore);
    free(s->busy);
    free(s->lt);
    free(s->lr);
    free(s->la);
    free(s->lb);
    free(s->seen);
    free(s->kfirst);
    free(s->klast);
    free(s->knb);
    free(s->knr);
    free(s->ksum);
    free(s->pos);
    free(s->cellcost);
    free(s->talkcost);
}

static void copy_plan(const st *s, salle_talk_plan *p)
{
    for (int i = 0; i < s->N; i++)
        p->talk_block[i] = p->talk_room[i] = p->talk_slot[i] = -1;
    for (int c = 0; c < s->B * s->R; c++) {
        p->cell_track[c] = s->track[c];
        int slot = 0;
        for (int q = 0; q < s->n[c]; q++) {
            int i = s->seq[(size_t)c * s->maxs + q];
            p->talk_block[i] = c / s->R, p->talk_room[i] = c % s->R, p->talk_slot[i] = slot;
            slot += s->t->talks[i].slots;
        }
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A forum with a paper track: the sessions are placed first, and the talks keep clear of them. A
 * track's block in a room a session uses at that time, a talk whose presenter is in a session
 * during its block, or a track whose chair is, costs CLASH_GUARD (the checker's hard rules
 * talk_session_room and talk_session_person; the block is the unit, so this is the safe side). */
static void guard_sessions(st *s, const salle_schedule *ss)
{
    const salle_instance *inst = s->inst;
    for (int a = 0; ss && a < ss->nassign; a++) {
        const salle_assignment *x = &ss->assign[a];
        if (x->session < 0 || x->session >= inst->nsessions || x->room < 0 || x->room >= s->R)
            continue;
        const salle_session *se = &inst->sessions[x->session];
        if (se->cancelled)
            continue;
        int s0 = x->start, s1 = x->start + se->duration;
        for (int b = 0; b < s->B; b++) {
            const salle_block *bl = &s->t->blocks[b];
            if (bl->start >= s1 || s0 >= bl->end)
                continue;
            for (int k = 0; k < s->K; k++) {
                int chair = salle__ids_common(&se->people, &s->t->tracks[k].chairs) >= 0;
                for (int r = 0; r < s->R; r++)
                    if (chair || r == x->room)
                        s->cellcost[((size_t)k * s->B + b) * s->R + r] += CLASH_GUARD;
            }
            for (int i = 0; i < s->N; i++)
                if (salle__ids_common(&se->people, &s->t->talks[i].presenters) >= 0)
                    for (int r = 0; r < s->R; r++)
                        s->talkcost[((size_t)i * s->B + b) * s->R + r] += CLASH_GUARD;
        }
    }
}

/* One search from one seed into out; returns the best score it reached. */
static long long search(const salle_instance *inst, const salle_solve_options *opt, uint64_t seed,
                        const salle_schedule *sessions, salle_talk_plan *out)
{
    st s;
    state_init(&s, inst, seed);
    guard_sessions(&s, sessions);
    if (s.maxs > 64) { /* the undo buffers hold 64 talks per cell */
        state_free(&s);
        return -1;
    }
    construct(&s);
    eval_full(&s);
    long budget = opt && opt->iterations > 0 ? opt->iterations : 2000000;
    double limit = opt ? opt->time_limit : 0, t0 = now();
    int debug = opt && opt->debug_check;
    /* late acceptance: a move is taken when it is no worse than the current score or than the
     * score L moves ago. A short memory descends fast; a long one escapes more: L starts at 200
     * and doubles (up to LMAX) whenever the best score has not improved for 20,000 + 20 L moves
     * (measured on the five CoSPLib instances: a fixed 2,000 was 10-50 times worse after 400,000
     * moves on three of them, a fixed 20 worse on GECCO20). */
    enum { LMAX = 8192 };
    int L = 200;
    long stall = 20000;
    long long *hist = salle__xmalloc(LMAX * sizeof *hist);
    for (int i = 0; i < LMAX; i++)
        hist[i] = s.total;
    long long best = s.total;
    long last_best = 0, since = 0;
    copy_plan(&s, out);
    size_t cells = (size_t)s.B * s.R;
    int *backup[3] = {salle__xmalloc((cells + 1) * sizeof(int)), salle__xmalloc((cells + 1) * sizeof(int)),
                      salle__xmalloc((cells * (size_t)s.maxs + 1) * sizeof(int))};
    saved v;
    for (long it = 0; it < budget; it++) {
        if (limit > 0 && (it & 255) == 0 && now() - t0 > limit)
            break;
        long long before = s.total, after;
        int kind = rndn(&s, 100), ruined = 0, unplaced = s.unplaced, ok;
        int repair = s.unplaced && kind < 30;
        if (repair) {
            after = mv_repair(&s, backup);
            ruined = 1;
        } else if (kind < 2) {
            after = mv_ruin(&s, backup);
            ruined = 1;
        } else if (kind < 6) {
            if (!mv_swap_rooms(&s, backup))
                continue;
            after = eval_full(&s);
            ruined = 1;
        } else {
            if (kind < 35)
                ok = mv_swap_cells(&s, &v);
            else if (kind < 70)
                ok = mv_move_talk(&s, &v);
            else if (kind < 90)
                ok = mv_swap_talks(&s, &v);
            else
                ok = mv_reverse(&s, &v);
            if (!ok)
                continue;
            after = rescore(&s, &v);
        }
        if (debug) {
            long long full = s.total;
            long long again = eval_full(&s);
            if (again != full) {
                fprintf(stderr, "salle: talk solver: incremental score %lld, full %lld\n", full, again);
                abort();
            }
            for (int c = 0; c < s.B * s.R; c++)
                for (int q = 0; q < s.n[c]; q++) {
                    int i = s.seq[(size_t)c * s.maxs + q];
                    if (s.track[c] != s.t->talks[i].track || s.where[i] != c) {
                        fprintf(stderr, "salle: talk solver: talk %s in a cell of another track after move %d\n",
                                s.t->talks[i].id, kind);
                        abort();
                    }
                }
            int placed = 0;
            for (int c = 0; c < s.B * s.R; c++)
                placed += s.n[c];
            if (placed != s.N - s.unplaced) {
                fprintf(stderr, "salle: talk solver: %d talks placed, %d unplaced of %d after move %d\n",
                        placed, s.unplaced, s.N, kind);
                abort();
            }
        }
        long long *h = &hist[since++ % L];
        /* a repair that leaves no more talks out is taken whatever it costs otherwise: a walk
         * over packings until the last talk fits */
        if (after <= before || after <= *h || (repair && s.unplaced <= unplaced)) {
            if (after < best) {
                best = after, last_best = it;
                copy_plan(&s, out);
            }
        } else if (ruined)
            ruin_undo(&s, backup, unplaced);
        else
            restore(&s, &v);
        if (s.total < *h)
            *h = s.total;
        if (it - last_best > stall + 20L * L && L < LMAX) {
            L = 2 * L < LMAX ? 2 * L : LMAX;
            last_best = it, since = 0;
            for (int i = 0; i < L; i++)
                hist[i] = s.total;
        }
    }
    free(hist);
    free(backup[0]);
    free(backup[1]);
    free(backup[2]);
    state_free(&s);
    return best;
}

typedef struct worker {
    const salle_instance *inst;
    const salle_solve_options *opt;
    uint64_t seed;
    const salle_schedule *sessions;
    salle_talk_plan *plan;
    long long best;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    w->best = search(w->inst, w->opt, w->seed, w->sessions, w->plan);
    return NULL;
}

/* With --threads N, N independent searches from seeds derived from the seed; the best plan wins
 * (the lowest thread number on a tie), so the result depends only on seed, threads and budget. */
salle_talk_plan *salle__talk_solve(const salle_instance *inst, const salle_solve_options *opt,
                                   const salle_schedule *sessions)
{
    if (!inst->talks || !inst->talks->ntalks)
        return salle_talk_plan_new(inst);
    int n = opt && opt->threads > 1 ? opt->threads : 1;
    if (n > 64)
        n = 64;
    uint64_t seed = opt ? opt->seed : 1;
    worker *w = salle__xcalloc((size_t)n, sizeof *w);
    pthread_t *th = salle__xcalloc((size_t)n, sizeof *th);
    unsigned char *started = salle__xcalloc((size_t)n, 1);
    for (int k = 0; k < n; k++)
        w[k] = (worker){inst, opt, seed + (uint64_t)k * 0x9E3779B97F4A7C15ULL, sessions,
                         salle_talk_plan_new(inst), -1};
    for (int k = 1; k < n; k++)
        started[k] = pthread_create(&th[k], NULL, work, &w[k]) == 0;
    work(&w[0]);
    int win = 0;
    for (int k = 1; k < n; k++) {
        if (started[k])
            pthread_join(th[k], NULL);
        else
            work(&w[k]); /* no thread to be had: run it here */
        if (w[k].best >= 0 && (w[win].best < 0 || w[k].best < w[win].best))
            win = k;
    }
    free(started);
    salle_talk_plan *out = w[win].plan;
    for (int k = 0; k < n; k++)
        if (k != win)
            salle_talk_plan_free(w[k].plan);
    free(w);
    free(th);
    return out;
}

long long salle__talk_state_score(const salle_instance *inst, const salle_talk_plan *p)
{
    st s;
    state_init(&s, inst, 1);
    for (int c = 0; c < s.B * s.R; c++)
        s.track[c] = p->cell_track[c];
    /* cells hold their talks in slot order */
    for (int sl = 0; sl < s.maxs; sl++)
        for (int i = 0; i < s.N; i++)
            if (p->talk_block[i] >= 0 && p->talk_slot[i] == sl) {
                int c = C(&s, p->talk_block[i], p->talk_room[i]);
                cell_insert(&s, c, s.n[c], i);
            }
    for (int i = 0; i < s.N; i++)
        s.unplaced += p->talk_block[i] < 0;
    for (int c = 0; c < s.B * s.R; c++) {
        int k = s.track[c];
        fix_cell(&s, c);
        s.track[c] = k;
    }
    long long v = eval_full(&s);
    state_free(&s);
    return v;
}

salle_schedule *salle__talk_solve_schedule(const salle_instance *inst,
                                           const salle_solve_options *opt, salle_score *score)
{
    salle_schedule *s;
    if (inst->nsessions > 0) {
        /* a forum with a paper track: the sessions as always, then the talks */
        salle_instance copy = *inst;
        copy.talks = NULL;
        salle_score ignored;
        s = salle_solve(&copy, opt, &ignored);
    } else
        s = salle_schedule_new();
    s->talk_plan = salle__talk_solve(inst, opt, s);
    salle_report *r = salle_check(inst, s);
    if (score)
        *score = r->score;
    salle_report_free(r);
    return s;
}
