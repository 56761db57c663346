/*
 * cmd_diff.c: `salle diff OLD_SCHEDULE NEW_SCHEDULE [--instance INSTANCE] [--json]`: which
 * sessions are new, cancelled or moved between two versions of a programme (src/diff.c).
 *
 * Without --instance the two files are compared as written (session ids, room ids, start
 * strings), which works even when the instance itself changed in between; with it the output
 * names titles, rooms and days ("Tue 11:00"). Exit 0 whether or not anything changed (the
 * changes are the output, not a failure); 2 on bad usage or input.
 */
#include "salle/salle.h"
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int diff_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "salle: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: salle diff OLD_SCHEDULE NEW_SCHEDULE [--instance INSTANCE] [--json]\n");
    return 2;
}

int salle_cmd_diff(int argc, char **argv)
{
    const char *old_path = NULL, *new_path = NULL, *in = NULL;
    int json = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--instance") == 0 && i + 1 < argc)
            in = argv[++i];
        else if (strcmp(a, "--json") == 0)
            json = 1;
        else if (a[0] == '-' && a[1])
            return diff_usage("diff: unknown or incomplete option '%s'", a);
        else if (!old_path)
            old_path = a;
        else if (!new_path)
            new_path = a;
        else
            return diff_usage("diff: unexpected argument '%s'", a);
    }
    if (!old_path || !new_path)
        return diff_usage("%s", "diff needs OLD_SCHEDULE and NEW_SCHEDULE");

    salle_diag err;
    char *text = NULL;
    if (!in) {
        text = salle_diff_files(old_path, new_path, json, &err);
        if (!text) {
            salle_diag_print(&err, stderr);
            return 2;
        }
    } else {
        salle_instance *inst = salle_instance_load(in, &err);
        if (!inst) {
            salle_diag_print(&err, stderr);
            return 2;
        }
        salle_schedule *old = salle_schedule_load(old_path, inst, &err);
        salle_schedule *now = old ? salle_schedule_load(new_path, inst, &err) : NULL;
        if (!now) {
            salle_diag_print(&err, stderr);
            salle_schedule_free(old);
            salle_instance_free(inst);
            return 2;
        }
        salle_change *c;
        int n = salle_diff(inst, old, now, &c);
        text = json ? salle_diff_json(inst, c, n) : salle_diff_text(inst, c, n);
        free(c);
        salle_schedule_free(now);
        salle_schedule_free(old);
        salle_instance_free(inst);
    }
    fputs(text, stdout);
    free(text);
    return 0;
}
