/*
 * fuzz_import.c: libFuzzer target for one importer, chosen at compile time with
 * -DIMPORT_FN=salle__import_{frab,json,csv}_mem (fuzz/build.sh builds all three). Any input must give either both texts or an error with a message, never a
 * crash, a leak or undefined behaviour; and what it gives must load as an instance. Built and run
 * by fuzz/build.sh.
 */
#include "base/internal.h"

#ifndef IMPORT_FN
#error "build with -DIMPORT_FN=salle__import_frab_mem (or _json_mem, _csv_mem)"
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void ignore(void *ctx, const salle_diag *w)
{
    (void)ctx;
    (void)w;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *inst = NULL, *sched = NULL;
    salle_diag err = {0};
    memset(&err, 0, sizeof err);
    int rc = IMPORT_FN((const char *)data, size, "fuzz", ignore, NULL, &inst, &sched, &err);
    if (rc == 0) {
        /* the importer promises output that salle itself accepts */
        salle_instance *in = salle_instance_parse(inst, strlen(inst), "fuzz-instance", &err);
        if (!in)
            abort();
        salle_instance_free(in);
    } else if (!err.msg[0] || inst || sched) {
        abort(); /* an error must say what is wrong and hand out nothing */
    } else if (strncmp(err.msg, "the imported ", 13) == 0) {
        abort(); /* the importer's self-check failed: it wrote something salle refuses */
    }
    free(inst);
    free(sched);
    return 0;
}
