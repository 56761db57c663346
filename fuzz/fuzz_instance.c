/*
 * fuzz_instance.c: libFuzzer target for the native formats: the instance parser
 * (src/model/parse_instance.c over src/base/jsonpos.c) and, when the instance loads, the schedule parser and
 * the checker on a schedule cut from the same input. Any input must give an instance or an error
 * with a position and a message; never a crash, a leak or undefined behaviour. Built and run by
 * fuzz/build.sh.
 */
#include "base/internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A small valid instance the schedule half of the input is read against. */
static const char base[] =
    "{\"salle\":1,\"event\":{\"name\":\"F\",\"timezone\":\"Europe/Paris\",\"days\":[\"2018-11-12\",\"2018-11-13\"]},"
    "\"rooms\":[{\"id\":\"r1\",\"capacity\":50,\"features\":[\"captioning\"]},{\"id\":\"r2\",\"capacity\":9}],"
    "\"people\":[{\"id\":\"p\",\"available\":[{\"day\":\"2018-11-12\",\"start\":\"09:00\",\"end\":\"12:00\"}]}],"
    "\"resources\":[{\"id\":\"i\",\"capacity\":1,\"shifts\":[{\"start\":\"09:00\",\"end\":\"12:00\"}]}],"
    "\"sessions\":[{\"id\":\"a\",\"duration\":60,\"speakers\":[\"p\"],\"resources\":[\"i\"],\"needs\":[\"captioning\"]},"
    "{\"id\":\"b\",\"duration\":\"1h30\",\"speakers\":[\"p\"],\"not_with\":[\"a\"],\"attendance\":20},"
    "{\"id\":\"c\",\"duration\":30,\"after\":[\"b\"],\"published\":{\"room\":\"r2\",\"start\":\"2018-11-13T10:00\"}}],"
    "\"interest\":[[\"a\",\"b\"],[\"b\",\"c\"]]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    salle_diag err = {0};
    memset(&err, 0, sizeof err);
    salle_instance *inst = salle_instance_parse((const char *)data, size, "fuzz", &err);
    if (inst) {
        salle_instance_free(inst);
    } else if (!err.msg[0] || err.line < 0 || err.col < 0) {
        abort(); /* an error must say what is wrong */
    }
    /* the same bytes as a schedule of a known instance, then through the checker */
    salle_instance *b = salle_instance_parse(base, sizeof base - 1, "base", &err);
    if (!b)
        abort();
    salle_schedule *s = salle_schedule_parse((const char *)data, size, "fuzz", b, &err);
    if (s) {
        salle_report *r = salle_check(b, s);
        if (r->score.hard < 0 || r->score.soft < 0)
            abort();
        salle_report_free(r);
        salle_schedule_free(s);
    } else if (!err.msg[0]) {
        abort();
    }
    salle_instance_free(b);
    return 0;
}
