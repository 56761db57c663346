/*
 * fuzz_ballots.c: libFuzzer target for collected interest ballots (src/formats/ballots.c, JSON or
 * CSV) and what is done with them (src/model/interest.c): any input gives ballots or an error with
 * a message; ballots always give a summary whose lift, p and q are in range (q >= p, both in
 * [0, 1]) and an applied instance that parses again. Built and run by fuzz/build.sh.
 */
#include "base/internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char base[] =
    "{\"salle\":1,\"event\":{\"name\":\"F\",\"timezone\":\"Europe/Paris\",\"days\":[\"2018-11-12\"]},"
    "\"rooms\":[{\"id\":\"r1\",\"capacity\":50}],"
    "\"sessions\":[{\"id\":\"a\",\"duration\":60,\"attendance\":20},{\"id\":\"b\",\"duration\":60},"
    "{\"id\":\"c\",\"duration\":30},{\"id\":\"WS-1\",\"duration\":30}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    salle_diag err = {0};
    memset(&err, 0, sizeof err);
    salle_instance *inst = salle_instance_parse(base, sizeof base - 1, "base", &err);
    if (!inst)
        abort();
    salle_ballots *b = salle_ballots_parse((const char *)data, size, "fuzz", inst, &err);
    if (!b) {
        if (!err.msg[0] || err.line < 0 || err.col < 0)
            abort(); /* an error must say what is wrong */
        salle_instance_free(inst);
        return 0;
    }
    salle_interest_options o;
    salle_interest_options_default(&o);
    o.significant = size % 2;
    o.turnout = 0.7;
    salle_interest_summary *s = salle_interest_summary_new(inst, b, &o);
    for (int i = 0; i < s->npairs; i++) {
        const salle_interest_pair *p = &s->pairs[i];
        if (!(p->p >= 0 && p->p <= 1 && p->q >= p->p * (1 - 1e-12) && p->q <= 1 && p->lift > 0 &&
              isfinite(p->lift)))
            abort();
    }
    salle_interest_summary_free(s);
    char *text = salle_interest_apply_json(base, sizeof base - 1, "base", b, &o, &err);
    if (!text)
        abort();
    salle_instance *now = salle_instance_parse(text, strlen(text), "applied", &err);
    if (!now)
        abort();
    salle_instance_free(now);
    free(text);
    salle_ballots_free(b);
    salle_instance_free(inst);
    return 0;
}
