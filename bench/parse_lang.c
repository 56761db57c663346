/* parses an instance N times with salle_diag.lang = argv[2] ("" = English): the success path's
 * cost of a language (the descriptions are looked up even when nothing fails) */
#include "salle/salle.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(int argc, char **argv)
{
    FILE *f = fopen(argv[1], "rb");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) return 2;
    fclose(f);
    int reps = argc > 3 ? atoi(argv[3]) : 1;
    for (int i = 0; i < reps; i++) {
        salle_diag d = {0};
        snprintf(d.lang, sizeof d.lang, "%s", argv[2]);
        salle_instance *inst = salle_instance_parse(buf, (size_t)n, "x", &d);
        if (!inst) { fprintf(stderr, "%s\n", d.msg); return 1; }
        salle_instance_free(inst);
    }
    free(buf);
    return 0;
}
