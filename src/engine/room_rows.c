/*
 * room_rows.c: the rooms that suit each session as rows of bits (room_rows.h). The rooms with
 * feature f are a row; so are, with the rooms in order of seats (most first), the first k of
 * them, so that the rooms with enough seats for a session are one row, found by a binary search.
 * A session's row is then that row, cut down by the row of each feature it needs, by its allowed
 * rooms and by its pinned room. tests/test_solve.c (test_room_rows) compares the rows with a look
 * at every room.
 */
#include "engine/room_rows.h"
#include "base/internal.h"

#include <stdlib.h>
#include <string.h>

static int cmp_seats(const void *x, const void *y, void *ctx)
{
    const salle_instance *inst = ctx;
    int a = *(const int *)x, b = *(const int *)y;
    int ca = inst->rooms[a].capacity, cb = inst->rooms[b].capacity;
    return ca != cb ? (ca < cb) - (ca > cb) : (a > b) - (a < b);
}

void salle__room_rows_init(salle__room_rows *x, const salle_instance *inst)
{
    int R = inst->nrooms, W = (R + 63) / 64, nf = inst->nfeatures > 0 ? inst->nfeatures : 0;
    for (int r = 0; r < R; r++) /* whatever the rooms list, named in the table or not */
        for (int k = 0; k < inst->rooms[r].features.n; k++)
            if (inst->rooms[r].features.v[k] >= nf)
                nf = inst->rooms[r].features.v[k] + 1;
    x->nrooms = R;
    x->W = W;
    x->nf = nf;
    x->feat = salle__xcalloc((size_t)nf * W + 1, sizeof *x->feat);
    for (int r = 0; r < R; r++)
        for (int k = 0; k < inst->rooms[r].features.n; k++)
            if (inst->rooms[r].features.v[k] >= 0)
                x->feat[(size_t)inst->rooms[r].features.v[k] * W + r / 64] |= 1ull << (r % 64);
    int *order = salle__xmalloc(((size_t)R + 1) * sizeof *order);
    for (int r = 0; r < R; r++)
        order[r] = r;
    qsort_r(order, (size_t)R, sizeof *order, cmp_seats, (void *)inst);
    x->caps = salle__xmalloc(((size_t)R + 1) * sizeof *x->caps);
    for (int k = 0; k < R; k++)
        x->caps[k] = inst->rooms[order[k]].capacity;
    x->pre = NULL;
    if (((size_t)R + 1) * W <= ((size_t)8 << 20)) { /* at most 64 MB */
        x->pre = salle__xcalloc(((size_t)R + 1) * W, sizeof *x->pre);
        for (int k = 0; k < R; k++) {
            uint64_t *row = x->pre + (size_t)(k + 1) * W;
            memcpy(row, row - W, (size_t)W * sizeof *row);
            row[order[k] / 64] |= 1ull << (order[k] % 64);
        }
    }
    free(order);
    x->scratch = salle__xcalloc((size_t)W + 1, sizeof *x->scratch);
}

void salle__room_rows_free(salle__room_rows *x)
{
    free(x->feat);
    free(x->caps);
    free(x->pre);
    free(x->scratch);
}

int salle__room_rows_of(salle__room_rows *x, const salle_instance *inst, int s, uint64_t *feat,
                        uint64_t *suit)
{
    const salle_session *ss = &inst->sessions[s];
    int R = x->nrooms, W = x->W;
    uint64_t *F = suit, *C = x->scratch;
    for (int w = 0; w < W; w++)
        F[w] = R - 64 * w >= 64 ? ~0ull : (1ull << (R - 64 * w)) - 1;
    for (int k = 0; k < ss->needs.n; k++) {
        int f = ss->needs.v[k];
        for (int w = 0; w < W; w++)
            F[w] &= f >= 0 && f < x->nf ? x->feat[(size_t)f * W + w] : 0;
    }
    if (feat)
        memcpy(feat, F, (size_t)W * sizeof *F);
    if (x->pre) {
        int lo = 0, hi = R; /* the rooms [0, lo) of the order have the seats */
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (x->caps[mid] >= ss->attendance)
                lo = mid + 1;
            else
                hi = mid;
        }
        memcpy(C, x->pre + (size_t)lo * W, (size_t)W * sizeof *C);
    } else {
        memset(C, 0, (size_t)W * sizeof *C);
        for (int r = 0; r < R; r++)
            if (ss->attendance <= inst->rooms[r].capacity)
                C[r / 64] |= 1ull << (r % 64);
    }
    for (int w = 0; w < W; w++)
        F[w] &= C[w];
    if (ss->rooms.n) {
        memset(C, 0, (size_t)W * sizeof *C);
        for (int k = 0; k < ss->rooms.n; k++)
            if (ss->rooms.v[k] >= 0 && ss->rooms.v[k] < R)
                C[ss->rooms.v[k] / 64] |= 1ull << (ss->rooms.v[k] % 64);
        for (int w = 0; w < W; w++)
            F[w] &= C[w];
    }
    if (ss->pinned_room >= 0) {
        int p = ss->pinned_room;
        for (int w = 0; w < W; w++)
            F[w] &= p < R && w == p / 64 ? 1ull << (p % 64) : 0;
    }
    uint64_t any = 0;
    for (int w = 0; w < W; w++)
        any |= F[w];
    return any != 0;
}
