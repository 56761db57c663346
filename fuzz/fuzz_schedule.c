/*
 * fuzz_schedule.c: libFuzzer target for the schedule reader (src/model/schedule.c) on its own,
 * against a fixed instance whose days are the daylight-saving change days of Europe/Berlin, so
 * that every placement it accepts also goes through the checker, the schedule writer and every
 * exporter's per-instant UTC offsets. Any input must give a schedule or an error with a message;
 * a schedule it accepts must survive being written and read again with the same placements.
 * Never a crash, a leak or undefined behaviour. Built and run by fuzz/build.sh.
 */
#include "base/internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char base[] =
    "{\"salle\":1,\"event\":{\"name\":\"F\",\"timezone\":\"Europe/Berlin\","
    "\"days\":[\"2019-03-31\",\"2019-10-27\"],\"hours\":{\"start\":\"00:00\",\"end\":\"24:00\"}},"
    "\"rooms\":[{\"id\":\"r1\",\"capacity\":50},{\"id\":\"r2\",\"capacity\":9}],"
    "\"people\":[{\"id\":\"p\"}],"
    "\"sessions\":[{\"id\":\"a\",\"duration\":60,\"speakers\":[\"p\"],\"tracks\":[\"x, y\"]},"
    "{\"id\":\"b\",\"duration\":30,\"speakers\":[\"p\"]},{\"id\":\"c\",\"duration\":90}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    salle_diag err = {0};
    memset(&err, 0, sizeof err);
    salle_instance *inst = salle_instance_parse(base, sizeof base - 1, "base", &err);
    if (!inst)
        abort();
    salle_schedule *s = salle_schedule_parse((const char *)data, size, "fuzz", inst, &err);
    if (!s) {
        if (!err.msg[0] || err.line < 0 || err.col < 0)
            abort(); /* an error must say what is wrong */
        salle_instance_free(inst);
        return 0;
    }
    salle_report *r = salle_check(inst, s);
    if (r->score.hard < 0 || r->score.soft < 0)
        abort();
    /* written and read again: the same placements */
    char *text = salle__schedule_json(inst, s, &r->score);
    salle_schedule *back = salle_schedule_parse(text, strlen(text), "fuzz-again", inst, &err);
    if (!back || back->nassign != s->nassign || back->nunscheduled != s->nunscheduled)
        abort();
    for (int i = 0; i < s->nassign; i++)
        if (back->assign[i].session != s->assign[i].session ||
            back->assign[i].room != s->assign[i].room || back->assign[i].start != s->assign[i].start)
            abort();
    char *out[4] = {salle_export_frab(inst, s, &err), salle_export_json(inst, s, &err),
                    salle_export_ics(inst, s, -1, -1, &err), salle_export_csv(inst, s, &err)};
    for (int i = 0; i < 4; i++) {
        if (!out[i])
            abort(); /* a loaded schedule of a valid instance always exports */
        free(out[i]);
    }
    free(text);
    salle_schedule_free(back);
    salle_report_free(r);
    salle_schedule_free(s);
    salle_instance_free(inst);
    return 0;
}
