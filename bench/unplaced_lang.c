/*
 * bench/unplaced_lang.c INSTANCE SCHEDULE LANG: what the server's draft page spends on the
 * solver's reasons in a language (salle__unplaced_lang) beside the checker it already runs
 * (salle_check_lang), one call each; bench/unplaced-callgrind.sh counts their instructions.
 * Built by that script against build/libsalle_core.a; not part of the test command.
 */
#include "salle/salle.h"
#include "engine/explain.h"

#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static long said_reasons(const salle_instance *inst, const salle_schedule *s,
                                                   const char *lang)
{
    char **said = salle__unplaced_lang(inst, s, lang);
    long n = 0;
    for (int i = 0; i < s->nunscheduled; i++) {
        n += said[i] != NULL;
        free(said[i]);
    }
    free(said);
    return n;
}

__attribute__((noinline)) static long checked(const salle_instance *inst, const salle_schedule *s,
                                              const char *lang)
{
    salle_report *r = salle_check_lang(inst, s, lang);
    long n = r->nviolations;
    salle_report_free(r);
    return n;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s INSTANCE SCHEDULE LANG\n", argv[0]);
        return 2;
    }
    salle_diag d;
    salle_instance *inst = salle_instance_load(argv[1], &d);
    if (!inst) {
        fprintf(stderr, "%s:%d:%d: %s\n", d.file, d.line, d.col, d.msg);
        return 1;
    }
    salle_schedule *s = salle_schedule_load(argv[2], inst, &d);
    if (!s) {
        fprintf(stderr, "%s:%d:%d: %s\n", d.file, d.line, d.col, d.msg);
        return 1;
    }
    long n = said_reasons(inst, s, argv[3]), v = checked(inst, s, argv[3]);
    printf("%d unscheduled, %ld said again, %ld violations\n", s->nunscheduled, n, v);
    salle_schedule_free(s);
    salle_instance_free(inst);
    return 0;
}
