/*
 * cmd_lp.c: `salle lp-solution INSTANCE SOLUTION -o SCHEDULE [--min-moves]`, the way back from the
 * exact reference: `salle export lp` writes the integer programme, CBC solves it
 * (`cbc model.lp solve solu SOLUTION`), and this reads CBC's solution file into a schedule that
 * `salle check` can score. It prints CBC's status line and its objective split into hard
 * (unplaced sessions) and soft, so a test can compare them with the checker's (docs/lp.md).
 * Exit 0, or 2 on bad usage or input (infeasible, no solution, another instance's LP).
 *
 * `salle lp-start INSTANCE SCHEDULE -o FILE` goes the other way: it writes SCHEDULE as a MIP start
 * for CBC (`cbc model.lp mipstart FILE solve ...`), for an LP exported with --start SCHEDULE.
 */
#include "salle/salle.h"
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const SOLUTION_USAGE = "salle lp-solution INSTANCE SOLUTION -o SCHEDULE [--min-moves]";
static const char *const START_USAGE = "salle lp-start INSTANCE SCHEDULE -o FILE";

static int usage(const char *line, const char *cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "salle: %s", cmd);
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: %s\n", line);
    return 2;
}

/* Both commands take INSTANCE FILE -o OUT; lp-solution also --min-moves (min_moves not NULL).
 * Returns 0, or 2 after printing what is wrong and the usage line. */
static int args(int argc, char **argv, const char *cmd, const char *line, const char **in,
                const char **file, const char **out, int *min_moves)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc)
            *out = argv[++i];
        else if (min_moves && strcmp(a, "--min-moves") == 0)
            *min_moves = 1;
        else if (a[0] == '-' && a[1])
            return usage(line, cmd, ": unknown or incomplete option '%s'", a);
        else if (!*in)
            *in = a;
        else if (!*file)
            *file = a;
        else
            return usage(line, cmd, ": unexpected argument '%s'", a);
    }
    if (!*in || !*file || !*out)
        return usage(line, cmd, "%s", min_moves ? " needs INSTANCE, SOLUTION and -o SCHEDULE"
                                                : " needs INSTANCE, SCHEDULE and -o FILE");
    const char *inputs[] = {*in, *file};
    if (salle_cli_refuse_overwrite(cmd, *out, inputs, 2))
        return 2;
    return 0;
}

int salle_cmd_lp_solution(int argc, char **argv)
{
    const char *in = NULL, *sol = NULL, *out = NULL;
    int min_moves = 0;
    if (args(argc, argv, "lp-solution", SOLUTION_USAGE, &in, &sol, &out, &min_moves))
        return 2;
    salle_diag err = {0};
    salle_instance *inst = salle_instance_load(in, &err);
    if (!inst) {
        salle_diag_print(&err, stderr);
        return 2;
    }
    int rc = 2;
    salle_score obj;
    salle_schedule *s = salle_lp_solution(inst, sol, min_moves, &obj, &err);
    if (!s || salle_schedule_save(out, inst, s, NULL, &err) < 0) {
        salle_diag_print(&err, stderr);
        goto done;
    }
    /* CBC's status is the first line of its solution file; repeat it for scripts */
    FILE *f = fopen(sol, "r");
    char line[256] = "";
    if (f) {
        if (!fgets(line, sizeof line, f))
            line[0] = 0;
        fclose(f);
    }
    line[strcspn(line, "\n")] = 0;
    printf("cbc: %s\n", line);
    printf("objective: hard %ld, soft %ld\n", obj.hard, obj.soft);
    printf("schedule written to %s\n", out);
    rc = 0;
done:
    salle_schedule_free(s);
    salle_instance_free(inst);
    return rc;
}

int salle_cmd_lp_start(int argc, char **argv)
{
    const char *in = NULL, *sched = NULL, *out = NULL;
    if (args(argc, argv, "lp-start", START_USAGE, &in, &sched, &out, NULL))
        return 2;
    salle_diag err = {0};
    salle_instance *inst = salle_instance_load(in, &err);
    if (!inst) {
        salle_diag_print(&err, stderr);
        return 2;
    }
    int rc = 2;
    salle_schedule *s = salle_schedule_load(sched, inst, &err);
    char *text = s ? salle_lp_start(inst, s) : NULL;
    if (!text || salle_write_file_atomic(out, text, strlen(text), &err) < 0)
        salle_diag_print(&err, stderr);
    else
        rc = 0;
    free(text);
    salle_schedule_free(s);
    salle_instance_free(inst);
    return rc;
}

/* `salle bound INSTANCE`: the lower bound of docs/lp.md ("A lower bound in seconds"), one line per
 * part, then the total. With SCHEDULE, also that schedule's score and its gap to the bound. */
static const char *const BOUND_USAGE = "salle bound INSTANCE [SCHEDULE] [--lp FILE]";

int salle_cmd_bound(int argc, char **argv)
{
    const char *in = NULL, *sched = NULL, *lpout = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--lp") == 0 && i + 1 < argc)
            lpout = argv[++i];
        else if (argv[i][0] == '-' && argv[i][1])
            return usage(BOUND_USAGE, "bound", ": unknown option '%s'", argv[i]);
        else if (!in)
            in = argv[i];
        else if (!sched)
            sched = argv[i];
        else
            return usage(BOUND_USAGE, "bound", ": unexpected argument '%s'", argv[i]);
    }
    if (!in)
        return usage(BOUND_USAGE, "bound", "%s", " needs INSTANCE");
    salle_diag err = {0};
    salle_instance *inst = salle_instance_load(in, &err);
    if (!inst) {
        salle_diag_print(&err, stderr);
        return 2;
    }
    salle_schedule *s = NULL;
    if (sched && !(s = salle_schedule_load(sched, inst, &err))) {
        salle_diag_print(&err, stderr);
        salle_instance_free(inst);
        return 2;
    }
    salle_bound_result b;
    char *text = NULL;
    size_t len = 0;
    FILE *mem = lpout ? open_memstream(&text, &len) : NULL;
    salle_bound_lp(inst, &b, mem);
    if (mem)
        fclose(mem);
    if (lpout && salle_write_file_atomic(lpout, text ? text : "", text ? len : 0, &err) < 0) {
        salle_diag_print(&err, stderr);
        free(text);
        salle_schedule_free(s);
        salle_instance_free(inst);
        return 2;
    }
    free(text);
    printf("lower bound: hard %ld, soft %ld\n", b.hard, b.soft);
    printf("  %-18s %ld\n", "placement goals", b.placement);
    for (int g = 0; g < SALLE_SOFT_COUNT; g++)
        if (b.by_goal[g])
            printf("  %-18s %ld\n", salle_soft_name(g), b.by_goal[g]);
    if (lpout && !b.hard)
        printf("rooms and tracks together: %s; CBC's bound of it minus %ld may replace placement"
               " goals + track_rooms (%ld)\n", lpout, b.lp_offset,
               b.placement + b.by_goal[SALLE_SOFT_TRACK_ROOMS]);
    if (s) {
        salle_report *rep = salle_check(inst, s);
        salle_score sc = rep->score;
        salle_report_free(rep);
        printf("schedule: hard %ld, soft %ld\n", sc.hard, sc.soft);
        if (sc.hard == 0 && b.hard == 0 && sc.soft > 0)
            printf("gap: %.1f%% of the schedule's soft score is not proven necessary\n",
                   100.0 * (double)(sc.soft - b.soft) / (double)sc.soft);
    }
    salle_schedule_free(s);
    salle_instance_free(inst);
    return 0;
}
