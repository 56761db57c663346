/*
 * cmd_import.c: `salle import FILE -o INSTANCE [--schedule SCHEDULE] [--keep-times] [--encoding
 * ENC] [--lenient] [--days DAYS]`, which turns a published
 * programme (frab schedule.xml, c3voc schedule JSON, or CSV as in docs/csv.md) into a native
 * instance and, on request, the published placement as a schedule. A thin front end over
 * salle_import: it prints the importer's warnings, writes the files atomically, and says what it
 * made and how to check it.
 */
#include "salle/salle.h"
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Warnings beyond this many are counted, not printed: a broken file should not flood a terminal. */
#define MAX_PRINTED_WARNINGS 50

typedef struct warn_state {
    int n;
} warn_state;

static void print_warning(void *ctx, const salle_diag *w)
{
    warn_state *st = ctx;
    if (++st->n > MAX_PRINTED_WARNINGS)
        return;
    if (w->line > 0)
        fprintf(stderr, "%s:%d: warning: %s\n", w->file, w->line, w->msg);
    else
        fprintf(stderr, "%s: warning: %s\n", w->file, w->msg);
}

static int usage(const char *msg, const char *arg)
{
    fprintf(stderr, "salle: ");
    fprintf(stderr, msg, arg);
    fprintf(stderr, "\nusage: salle import FILE -o INSTANCE [--schedule SCHEDULE] [--keep-times]\n"
                    "       [--timezone ZONE] [--encoding ENC|auto] [--lenient] [--days DAYS]   (CSV, docs/csv.md)\n");
    return 2;
}

int salle_cmd_import(int argc, char **argv)
{
    const char *in = NULL, *out = NULL, *sched_out = NULL;
    salle_import_options opt = {0}; /* issue 8.5 */
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(a, "--encoding") == 0 && i + 1 < argc)
            opt.encoding = argv[++i];
        else if (strcmp(a, "--days") == 0 && i + 1 < argc)
            opt.days = argv[++i];
        else if (strcmp(a, "--lenient") == 0)
            opt.lenient = 1;
        else if (strcmp(a, "--keep-times") == 0)
            opt.keep_times = 1;
        else if ((strcmp(a, "--schedule") == 0 || strcmp(a, "-s") == 0) && i + 1 < argc)
            sched_out = argv[++i];
        else if (strcmp(a, "--timezone") == 0 && i + 1 < argc)
            opt.timezone = argv[++i]; /* the event's zone when the file names none, or names a wrong one */
        else if (a[0] == '-' && a[1])
            return usage("import: unknown or incomplete option '%s'", a);
        else if (!in)
            in = a;
        else
            return usage("import: unexpected argument '%s'", a);
    }
    if (!in || !out)
        return usage("%s", "import needs FILE and -o INSTANCE");
    if (sched_out && strcmp(sched_out, out) == 0)
        return usage("import: -o and --schedule name the same file '%s'; give two", out);
    const char *inputs[] = {in, out};
    if (salle_cli_refuse_overwrite("import", out, inputs, 1) ||
        (sched_out && salle_cli_refuse_overwrite("import", sched_out, inputs, 2)))
        return 2;
    warn_state st = {0};
    salle_diag err = {0};
    char *inst_json = NULL, *sched_json = NULL;
    salle_import_summary sum;
    opt.summary = &sum;
    if (salle_import_with(in, &opt, print_warning, &st, &inst_json, sched_out ? &sched_json : NULL,
                          &err) < 0) {
        salle_diag_print(&err, stderr);
        return 2;
    }
    if (st.n > MAX_PRINTED_WARNINGS)
        fprintf(stderr, "%s: ... and %d more warnings\n", in, st.n - MAX_PRINTED_WARNINGS);
    /* Both files or neither, and on failure every existing file as it was: the published
     * schedule at SCHEDULE is what `solve --published` and `diff` need later. */
    const char *paths[] = {out, sched_out};
    const char *data[] = {inst_json, sched_json};
    size_t lens[] = {strlen(inst_json), sched_out ? strlen(sched_json) : 0};
    int rc = 0;
    if (salle_write_files_atomic(sched_out ? 2 : 1, paths, data, lens, &err) < 0) {
        rc = 2;
        salle_diag_print(&err, stderr);
    } else {
        /* counted by the importer on the instance it loaded: no second parse */
        char talks[48] = "";
        if (sum.talks)
            snprintf(talks, sizeof talks, ", %d talk%s", sum.talks, sum.talks == 1 ? "" : "s");
        printf("imported %s: %d sessions%s, %d rooms, %d people over %d day%s; %d warning%s\n", in,
               sum.sessions, talks, sum.rooms, sum.people, sum.days, sum.days == 1 ? "" : "s", st.n,
               st.n == 1 ? "" : "s");
        printf("instance written to %s\n", out);
        if (sched_out) {
            printf("published schedule written to %s\n", sched_out);
            printf("check it with: salle check %s %s\n", out, sched_out);
        }
    }
    free(inst_json);
    free(sched_json);
    return rc;
}
