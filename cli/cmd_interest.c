/*
 * cmd_interest.c: `salle interest INSTANCE BALLOTS -o INSTANCE2 [--turnout F] [--significant]
 * [--summary] [--json] [--top N]` (issue 11, point 2; docs/interest.md). It turns the collected
 * "I plan to attend" ballots into the next solve's instance: expected attendance from the marks
 * and a turnout factor, and the audience-overlap goal from the ballots or from the significant
 * pairs only; it says which published sessions now expect more people than their room holds, so
 * the secretariat knows what the re-plan (`salle solve INSTANCE2 --published OLD`) will move.
 */
#include "salle/salle.h"
#include "commands.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(const char *msg, const char *arg)
{
    fprintf(stderr, "salle: ");
    fprintf(stderr, msg, arg);
    fprintf(stderr, "\nusage: salle interest INSTANCE BALLOTS -o INSTANCE2 [--turnout F] [--significant]\n"
                    "                      [--summary] [--json] [--top N]\n");
    return 2;
}

static int read_all(const char *path, char **buf, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 65536, n = 0;
    char *b = malloc(cap);
    size_t got;
    while (b && (got = fread(b + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) {
                free(b);
                b = NULL;
            }
            b = nb;
        }
    }
    int bad = ferror(f) || !b;
    fclose(f);
    if (bad) {
        free(b);
        return -1;
    }
    *buf = b;
    *len = n;
    return 0;
}

int salle_cmd_interest(int argc, char **argv)
{
    const char *in = NULL, *ballots_path = NULL, *out = NULL;
    int summary = 0, json = 0;
    long top = 20;
    salle_interest_options opt;
    salle_interest_options_default(&opt);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(a, "--turnout") == 0 && i + 1 < argc) {
            char *end;
            errno = 0;
            opt.turnout = strtod(argv[++i], &end);
            if (errno || end == argv[i] || *end || !(opt.turnout > 0 && opt.turnout <= 100))
                return usage("interest: --turnout needs a number above 0 and at most 100, not '%s'", argv[i]);
        } else if (strcmp(a, "--top") == 0 && i + 1 < argc) {
            char *end;
            errno = 0;
            top = strtol(argv[++i], &end, 10);
            if (errno || end == argv[i] || *end || top < 0 || top > 1000000)
                return usage("interest: --top needs a number of pairs (0: all), not '%s'", argv[i]);
        } else if (strcmp(a, "--significant") == 0)
            opt.significant = 1;
        else if (strcmp(a, "--summary") == 0)
            summary = 1;
        else if (strcmp(a, "--json") == 0)
            json = 1;
        else if (a[0] == '-' && a[1])
            return usage("interest: unknown or incomplete option '%s'", a);
        else if (!in)
            in = a;
        else if (!ballots_path)
            ballots_path = a;
        else
            return usage("interest: unexpected argument '%s'", a);
    }
    if (!in || !ballots_path)
        return usage("%s", "interest needs INSTANCE and BALLOTS");
    if (!out && !summary)
        return usage("%s", "interest needs -o INSTANCE2 (or --summary to only look)");
    salle_diag err = {0};
    salle_instance *inst = salle_instance_load(in, &err);
    if (!inst) {
        salle_diag_print(&err, stderr);
        return 2;
    }
    salle_ballots *b = salle_ballots_load(ballots_path, inst, &err);
    if (!b) {
        salle_diag_print(&err, stderr);
        salle_instance_free(inst);
        return 2;
    }
    char *text = NULL, *buf = NULL;
    size_t len = 0;
    salle_instance *now = NULL;
    int rc = 2;
    if (read_all(in, &buf, &len) < 0) {
        fprintf(stderr, "%s: error: cannot read the instance again: %s\n", in, strerror(errno));
        goto done;
    }
    if (!(text = salle_interest_apply_json(buf, len, in, b, &opt, &err))) {
        salle_diag_print(&err, stderr);
        goto done;
    }
    /* Read back what will be written: the file must be a valid instance before it replaces
     * anything, and the summary shows the attendance it holds. */
    if (!(now = salle_instance_parse(text, strlen(text), out ? out : in, &err))) {
        salle_diag_print(&err, stderr);
        goto done;
    }
    if (out && salle_write_file_atomic(out, text, strlen(text), &err) < 0) {
        salle_diag_print(&err, stderr);
        goto done;
    }
    salle_interest_summary *s = salle_interest_summary_new(now, b, &opt);
    if (summary) {
        char *t = json ? salle_interest_summary_json(now, s, (int)top)
                       : salle_interest_summary_text(now, s, (int)top);
        fputs(t, stdout);
        free(t);
    }
    if (out) {
        int raised = 0;
        for (int i = 0; i < now->nsessions; i++)
            raised += now->sessions[i].attendance > inst->sessions[i].attendance;
        printf("applied %d ballot%s (turnout %g): %d session%s expect more people than before\n",
               s->nballots, s->nballots == 1 ? "" : "s", opt.turnout, raised, raised == 1 ? "" : "s");
        if (opt.significant)
            printf("audience overlap: %d significant pair%s of %d shared (at least %d people, lift >= %g, BH q <= %g)\n",
                   s->nsignificant, s->nsignificant == 1 ? "" : "s", s->npairs, opt.min_count,
                   opt.min_lift, opt.max_q);
        else
            printf("audience overlap: every ballot (%d pair%s shared)\n", s->npairs,
                   s->npairs == 1 ? "" : "s");
        /* the rooms that are now too small, where the instance says where a session is published */
        for (int i = 0; i < now->nsessions; i++) {
            const salle_session *ss = &now->sessions[i];
            if (ss->published_room >= 0 && ss->attendance > now->rooms[ss->published_room].capacity)
                printf("too small: %s now expects %d people; %s holds %d\n", ss->id, ss->attendance,
                       now->rooms[ss->published_room].name, now->rooms[ss->published_room].capacity);
        }
        printf("instance written to %s\n", out);
        printf("re-plan with: salle solve %s --published OLD_SCHEDULE -o NEW_SCHEDULE\n", out);
    }
    salle_interest_summary_free(s);
    rc = 0;
done:
    free(buf);
    free(text);
    salle_instance_free(now);
    salle_ballots_free(b);
    salle_instance_free(inst);
    return rc;
}
