/*
 * cmd_diff.c: `salle diff OLD_SCHEDULE NEW_SCHEDULE [--instance INSTANCE [--previous-instance
 * OLD_INSTANCE]] [--json]`: which sessions are new, cancelled, moved or resized between two
 * versions of a programme (src/model/diff.c).
 *
 * Without --instance the two files are compared as written (session ids, room ids, start
 * strings), which works even when the instance itself changed in between; with it the output
 * names titles, rooms and days ("Tue 11:00"). A programme's versions usually add and drop
 * sessions: OLD_SCHEDULE then belongs to an earlier instance, given with --previous-instance, so
 * that a dropped session is listed with its old title, time and room. Exit 0 whether or not
 * anything changed (the changes are the output, not a failure); 2 on bad usage or input.
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
    fprintf(stderr, "\nusage: salle diff OLD_SCHEDULE NEW_SCHEDULE [--instance INSTANCE "
                    "[--previous-instance OLD_INSTANCE]] [--json]\n");
    return 2;
}

int salle_cmd_diff(int argc, char **argv)
{
    const char *old_path = NULL, *new_path = NULL, *in = NULL, *old_in = NULL;
    int json = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--instance") == 0 && i + 1 < argc)
            in = argv[++i];
        else if (strcmp(a, "--previous-instance") == 0 && i + 1 < argc)
            old_in = argv[++i];
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
    if (old_in && !in)
        return diff_usage("%s", "diff: --previous-instance needs --instance too");

    salle_diag err = {0};
    char *text = NULL;
    if (!in) {
        text = salle_diff_files(old_path, new_path, json, &err);
        if (!text) {
            salle_diag_print(&err, stderr);
            return 2;
        }
        fputs(text, stdout);
        free(text);
        return 0;
    }
    int rc = 2;
    salle_instance *inst = salle_instance_load(in, &err), *old_inst = NULL;
    salle_schedule *old = NULL, *now = NULL;
    if (!inst || (old_in && !(old_inst = salle_instance_load(old_in, &err)))) {
        salle_diag_print(&err, stderr);
        goto done;
    }
    if (!(old = salle_schedule_load(old_path, old_inst ? old_inst : inst, &err))) {
        salle_diag_print(&err, stderr);
        if (!old_inst) /* the usual cause: sessions were dropped since OLD was published */
            fprintf(stderr, "salle: if %s belongs to an earlier version of the programme, give "
                            "that version's instance with --previous-instance\n", old_path);
        goto done;
    }
    if (!(now = salle_schedule_load(new_path, inst, &err))) {
        salle_diag_print(&err, stderr);
        goto done;
    }
    const salle_instance *oi = old_inst ? old_inst : inst;
    salle_change *c;
    int n = salle_diff_versions(oi, old, inst, now, &c);
    text = json ? salle_diff_versions_json(oi, inst, c, n) : salle_diff_versions_text(oi, inst, c, n);
    free(c);
    fputs(text, stdout);
    free(text);
    rc = 0;
done:
    salle_schedule_free(now);
    salle_schedule_free(old);
    salle_instance_free(old_inst);
    salle_instance_free(inst);
    return rc;
}
