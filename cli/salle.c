/*
 * salle.c: the `salle` command, a thin front end over the public API in include/salle/salle.h.
 *
 * Exit status: 0 success; 1 the schedule breaks a hard rule (check, solve); 2 bad usage or bad
 * input (the message names file, line and column); 3 solve was interrupted (SIGINT, SIGTERM) and
 * wrote the best schedule found so far. No command leaves a partial output file, and none
 * writes over one of its inputs.
 */
#include "salle/salle.h"
#include "commands.h"

#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SALLE_VERSION "0.1.0"

static const char usage_text[] =
    "usage: salle COMMAND [ARGS]\n"
    "\n"
    "commands:\n"
    "  solve INSTANCE -o SCHEDULE [--time-limit S] [--seed N] [--threads N] [--iterations N] [--debug-check]\n"
    "        [--progress] [--cpu-clock]\n"
    "        [--published OLD_SCHEDULE [--report FILE]]\n"
    "        build a timetable; prints the score and why any session stays unscheduled;\n"
    "        with --published, re-plan OLD moving as few sessions as possible (docs/replan.md),\n"
    "        naming who to ask per move, also as JSON in FILE; Ctrl-C or SIGTERM stops the\n"
    "        search and writes the best schedule so far (exit status 3); --time-limit caps the\n"
    "        run, and the move budget (--iterations N; by default 15,000 moves per movable\n"
    "        session, from 200,000 to 3,000,000) still ends it when it comes first;\n"
    "        --cpu-clock counts --time-limit in CPU time of the process (benchmarks on a\n"
    "        shared machine)\n"
    "  check INSTANCE SCHEDULE [--quiet] [--language LANG]\n"
    "        score a schedule and explain every violated rule; exit 0 only if no hard rule breaks;\n"
    "        --language fr|es|ar: the explanations in that language (en: as without it)\n"
    "  gen --sessions N [--seed S] -o FILE\n"
    "        write a realistic IGF-like instance with N sessions\n"
    "  import FILE -o INSTANCE [--schedule SCHEDULE] [--keep-times] [--timezone ZONE]\n"
    "                          [--encoding ENC|auto] [--lenient] [--days DAYS]\n"
    "        read a frab schedule.xml, c3voc schedule JSON or CSV (docs/csv.md) into an instance,\n"
    "        and its published placement into a schedule; --keep-times makes solve keep it\n"
    "  export FORMAT INSTANCE SCHEDULE -o OUT [--room ID | --person ID] [--previous OLD]\n"
    "        FORMAT: frab (schedule.xml), json (c3voc schedule JSON), ics (iCalendar; whole\n"
    "        programme, one room or one person), csv, site (accessible static web programme in\n"
    "        folder OUT; with --previous, a changelog and Atom feed; --previous-instance OLD_I,\n"
    "        the instance OLD belongs to, keeps dropped sessions' pages; --version-label L;\n"
    "        --languages en,fr,es,ar: the interface in each, one site per language)\n"
    "  diff OLD_SCHEDULE NEW_SCHEDULE [--instance I [--previous-instance OLD_I]] [--json]\n"
    "        new, cancelled, moved and resized sessions between two versions\n"
    "  export lp INSTANCE -o FILE [--step M] [--compact] [--start SCHEDULE]\n"
    "                   [--published OLD --min-moves]\n"
    "        the same problem as an integer programme (CPLEX LP) for CBC: the exact reference\n"
    "  lp-solution INSTANCE CBC_SOLUTION -o SCHEDULE [--min-moves]\n"
    "        turn CBC's solution file back into a schedule\n"
    "  lp-start INSTANCE SCHEDULE -o FILE\n"
    "        write SCHEDULE as CBC's MIP start (for an LP exported with --start SCHEDULE)\n"
    "  serve --db FILE|URL --public DIR [--listen HOST:PORT] [--import FILE] [--base-url URL]\n"
    "        [--threads N] [--behind-tls] [--smtp URL] [--mail-from ADDRESS]\n"
    "        [--durability full|process] [--interest-rate N] [--language en|fr|es|ar]\n"
    "        [--languages en,fr,es,ar]\n"
    "        the secretariat's and organizers' server: confirm before move (docs/workflow.md,\n"
    "        docs/api.md); Ctrl-C or SIGTERM stops it\n"
    "  serve --event SLUG=DB [--event SLUG=DB ...] --public DIR [options as above but --import]\n"
    "        several events on one server, each with its own store, under /SLUG/ (programme\n"
    "        from DIR/SLUG/), an index at / (docs/deploy.md, \"A hosted service\")\n"
    "  admin-link --db FILE [--base-url URL]    a one-time admin sign-in link (an event's: its\n"
    "                                           --db; its URL is the server's base URL + /SLUG)\n"
    "  admin-token --db FILE                    a new API token (Authorization: Bearer)\n"
    "  organizer-link --db FILE --person ID [--base-url URL]\n"
    "        a sign-in link for one session organizer\n"
    "  bound INSTANCE [SCHEDULE]\n"
    "        a proven lower bound on the soft score of every schedule without hard violations\n"
    "        (docs/lp.md), by argument; with SCHEDULE, its score and its gap to the bound\n"
    "  interest INSTANCE BALLOTS -o INSTANCE2 [--turnout F] [--significant] [--summary] [--json]\n"
    "                   [--top N]\n"
    "        collected interest into the plan: expected attendance = max(given, marks x turnout),\n"
    "        audience overlap from the ballots or only significant pairs (docs/interest.md)\n"
    "  help, --help      this text\n"
    "  version, --version\n"
    "\n"
    "Formats: docs/format.md. Rules and weights: docs/scoring.md.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "salle: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nrun 'salle help' for usage\n");
    return 2;
}

/* Parses a non-negative number argument; returns 0 on success. */
static int parse_num(const char *s, double *out)
{
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (errno || end == s || *end || x < 0)
        return -1;
    *out = x;
    return 0;
}

static int parse_ull(const char *s, unsigned long long *out)
{
    char *end;
    errno = 0;
    if (*s == '-')
        return -1;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *out = x;
    return 0;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The process's CPU time (every thread), for --cpu-clock. */
static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_clock(void *ctx)
{
    (void)ctx;
    return cpu_seconds();
}

/* Set by SIGINT or SIGTERM during a solve: the solver polls it and returns its best schedule. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
    stop_signal = sig;
}

/* SA_RESETHAND: a second Ctrl-C kills at once, for someone who does not want to wait for the
 * save (the temporary file it leaves is removed by the next run). */
static void catch_stop_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sa.sa_flags = SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

/* The work after a solve (the checker's score, the explanation, writing), in units of the time
 * it took to read the instance. Measured as CPU time of the process (2026-12-03, branch
 * s7-scale; fsync of the 12 MB schedule at 100,000 sessions is 0.07 s of wall time more): 0.18x
 * at 10,000 sessions with none out (0.06 s after 0.33 s of reading), 0.24x at 30,000 with none
 * out, 0.41x with the plain greedy's 36 out, and 0.99x at 100,000 with its 270 out (3.97 s after
 * 4.03 s; most of it the explanation of the sessions out). This keeps 0.55x at 10,000, 0.65x at
 * 30,000 and 1.0x at 100,000; the limit's allowance (10% + 0.5 s) covers the rest. Again on
 * 2026-12-04 (wall time, idle 2-core AMD EPYC), after the explanation's room sets and the
 * reader's longest window stopped looking at every (session, room) pair: 0.33x at 10,000 with
 * none out, 0.43x-0.70x at 30,000 with none out, and 0.87x at 100,000 with 57 out (2.22 s after
 * 2.54 s: the checker 1.63 s, the explanation 0.19 s, where it was 2.96 s). It kept
 * 1.2 + sessions / 100,000 (2.2x at 100,000) before, which left 9 s of a 60 s limit unused
 * there; docs/solver.md, "Time limit". */
#define RESERVE_BASE 0.5
#define RESERVE_GROWTH 200000.0

static int cmd_solve(int argc, char **argv)
{
    const char *in = NULL, *out = NULL, *published = NULL, *report = NULL;
    int progress = 0;
    salle_solve_options opt = {0};
    /* --time-limit bounds the whole command, reading and writing included (docs/solver.md) */
    double started = now_seconds(), started_cpu = cpu_seconds();
    int cpu = 0; /* --cpu-clock: the limit counts the process's CPU time, not the wall clock */
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(a, "--time-limit") == 0 && i + 1 < argc) {
            if (parse_num(argv[++i], &opt.time_limit) < 0 || opt.time_limit <= 0)
                return usage_error("--time-limit needs a number of seconds above 0, not '%s'", argv[i]);
        } else if (strcmp(a, "--seed") == 0 && i + 1 < argc) {
            if (parse_ull(argv[++i], &opt.seed) < 0)
                return usage_error("--seed needs a non-negative integer, not '%s'", argv[i]);
        } else if (strcmp(a, "--iterations") == 0 && i + 1 < argc) {
            unsigned long long x;
            if (parse_ull(argv[++i], &x) < 0 || x == 0 || x > 1000000000000ull)
                return usage_error("--iterations needs a number of moves above 0, not '%s'", argv[i]);
            opt.iterations = (long)x;
        } else if (strcmp(a, "--threads") == 0 && i + 1 < argc) {
            unsigned long long x;
            if (parse_ull(argv[++i], &x) < 0 || x == 0 || x > 256)
                return usage_error("--threads needs a number from 1 to 256, not '%s'", argv[i]);
            opt.threads = (int)x;
        } else if (strcmp(a, "--debug-check") == 0)
            opt.debug_check = 1;
        else if (strcmp(a, "--progress") == 0)
            progress = 1;
        else if (strcmp(a, "--cpu-clock") == 0)
            cpu = 1;
        else if (strcmp(a, "--published") == 0 && i + 1 < argc)
            published = argv[++i];
        else if (strcmp(a, "--report") == 0 && i + 1 < argc)
            report = argv[++i];
        else if (a[0] == '-')
            return usage_error("solve: unknown or incomplete option '%s'", a);
        else if (!in)
            in = a;
        else
            return usage_error("solve: unexpected argument '%s'", a);
    }
    if (!in || !out)
        return usage_error("%s", "solve needs INSTANCE and -o SCHEDULE");
    if (report && !published)
        return usage_error("%s", "solve: --report lists the moves of a re-plan; it needs --published OLD");
    const char *inputs[] = {in, published ? published : in, out};
    if (salle_cli_refuse_overwrite("solve", out, inputs, 2) ||
        (report && salle_cli_refuse_overwrite("solve", report, inputs, 3)))
        return 2;
    salle_diag err = {0};
    salle_instance *inst = salle_instance_load(in, &err);
    if (!inst) {
        salle_diag_print(&err, stderr);
        return 2;
    }
    /* Progress only for a person watching; scripts and logs stay clean. */
    opt.progress = progress || isatty(STDERR_FILENO) ? stderr : NULL;
    /* Re-planning (docs/replan.md): OLD is read leniently, since sessions may have been dropped. */
    salle_replan_report rp = {0};
    salle_schedule *old = NULL;
    if (published && !(old = salle_replan_load_old(published, inst, &rp, &err))) {
        salle_diag_print(&err, stderr);
        salle_replan_clear(&rp);
        salle_instance_free(inst);
        return 2;
    }
    if (cpu) {
        /* a benchmark on a shared machine: the limit as an idle core would see it (the
         * reserve below is then measured in CPU time too, which leaves out fsync's wait) */
        opt.clock = cpu_clock;
        started = started_cpu > 0 ? started_cpu : 1e-9;
    }
    double t0 = cpu ? cpu_seconds() : now_seconds();
    if (opt.time_limit > 0) {
        /* what comes after the solve (the checker's score, the explanation, writing the file)
         * costs about what reading the instance did: keep that much of the limit for it */
        opt.limit_from = started;
        opt.reserve = (t0 - started) * (RESERVE_BASE + inst->nsessions / RESERVE_GROWTH) + 0.05;
    }
    salle_score sc;
    salle_solve_stats stats = {-1, 0, 0};
    opt.stats = &stats;
    opt.stop = &stop_signal;
    catch_stop_signals();
    salle_schedule *s = old ? salle_replan(inst, old, &opt, &sc, &rp) : salle_solve(inst, &opt, &sc);
    double dt = (cpu ? cpu_seconds() : now_seconds()) - t0;
    /* The checker, not the solver, has the last word on the score; a re-plan's moves are
     * proposals to confirm, so its score is the checker's with them counted as confirmed. */
    salle_report *rep = salle_check_score(inst, s); /* the score only: the messages are check's */
    if (old)
        rep->score = sc;
    salle_schedule_free(old);
    if (salle_schedule_save(out, inst, s, &rep->score, &err) < 0) {
        salle_diag_print(&err, stderr);
        salle_replan_clear(&rp);
        salle_report_free(rep);
        salle_schedule_free(s);
        salle_instance_free(inst);
        return 2;
    }
    int stopped = stop_signal;
    if (stopped)
        printf("interrupted by %s after %.2f s: the search stopped early; the best schedule found "
               "so far is saved\n", stopped == SIGINT ? "Ctrl-C (SIGINT)" : "SIGTERM", dt);
    printf("solved %s in %.2f s: %d of %d sessions placed in %d room%s over %d day%s\n", in, dt,
           s->nassign, inst->nsessions, inst->nrooms, inst->nrooms == 1 ? "" : "s",
           inst->event.ndays, inst->event.ndays == 1 ? "" : "s");
    if (inst->talks && s->talk_plan) { /* academic conferences (docs/solver.md "Talks") */
        int placed = 0;
        for (int i = 0; i < inst->talks->ntalks; i++)
            placed += s->talk_plan->talk_block[i] >= 0;
        printf("talks: %d of %d placed in %d blocks\n", placed, inst->talks->ntalks,
               inst->talks->nblocks);
    }
    printf("score: hard %ld, soft %ld\n", rep->score.hard, rep->score.soft);
    if (stats.time_to_zero_hard >= 0)
        printf("time to zero hard: %.2f s\n", stats.time_to_zero_hard);
    else
        printf("time to zero hard: never\n");
    if (stats.meetings > 0) /* --threads: what the team's meetings cost (docs/solver.md) */
        printf("threads: %d runs met %d times; idle at meetings %.2f s of %.2f s of search "
               "(%.1f%%); %ld moves beyond their share\n", opt.threads, stats.meetings,
               stats.team_idle, stats.team_cpu,
               stats.team_cpu > 0 ? 100.0 * stats.team_idle / stats.team_cpu : 0.0,
               stats.team_extra);
    for (int i = 0; i < s->nunscheduled; i++)
        printf("unscheduled: %s: %s\n", inst->sessions[s->unscheduled[i].session].id,
               s->unscheduled[i].reason);
    int stuck = rp.stuck;
    if (published) {
        char *moves = salle_replan_text(inst, &rp);
        fputs(moves, stdout);
        free(moves);
    }
    if (report) {
        char *json = salle_replan_json(inst, &rp);
        if (salle_write_file_atomic(report, json, strlen(json), &err) < 0) {
            salle_diag_print(&err, stderr);
            free(json);
            salle_replan_clear(&rp);
            salle_report_free(rep);
            salle_schedule_free(s);
            salle_instance_free(inst);
            return 2;
        }
        free(json);
        printf("re-plan report written to %s\n", report);
    }
    salle_replan_clear(&rp);
    int open = 0; /* unscheduled sessions that are not simply cancelled (issue 8) */
    for (int i = 0; i < s->nunscheduled; i++)
        open += !inst->sessions[s->unscheduled[i].session].cancelled;
    if (open > 0 || rep->score.hard > 0) {
        char *why = salle_explain(inst, s);
        const char *p = why;
        while (p && *p) { /* one "why:" per line of the explanation */
            const char *nl = strchr(p, '\n');
            int len = nl ? (int)(nl - p) : (int)strlen(p);
            printf("why: %.*s\n", len, p);
            p += len + (nl ? 1 : 0);
        }
        if (!why && stuck)
            printf("why: the organizers of %d session%s declined any move, and %s a hard rule "
                   "where %s (stuck above)\n", stuck, stuck == 1 ? "" : "s",
                   stuck == 1 ? "it breaks" : "they break", stuck == 1 ? "it is" : "they are");
        else if (!why)
            printf("why: no simple count proves that the sessions cannot all fit; the search may "
                   "have missed a schedule\n");
        free(why);
    }
    printf("schedule written to %s\n", out);
    printf("explain it with: salle check %s %s\n", in, out);
    int rc = stopped ? SALLE_EXIT_INTERRUPTED : rep->score.hard > 0 ? 1 : 0;
    salle_report_free(rep);
    salle_schedule_free(s);
    salle_instance_free(inst);
    return rc;
}

static int cmd_check(int argc, char **argv)
{
    const char *in = NULL, *sched = NULL, *lang = NULL;
    int verbose = 1;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--quiet") == 0 || strcmp(argv[i], "-q") == 0)
            verbose = 0;
        else if (strcmp(argv[i], "--language") == 0 && i + 1 < argc) {
            lang = salle_language(argv[++i]);
            if (!lang) {
                fprintf(stderr, "salle: check: no interface translation for language '%s'; salle has %s "
                                "(po/LANG.po)\n", argv[i], salle_languages());
                return 2;
            }
        } else if (argv[i][0] == '-')
            return usage_error("check: unknown option '%s'", argv[i]);
        else if (!in)
            in = argv[i];
        else if (!sched)
            sched = argv[i];
        else
            return usage_error("check: unexpected argument '%s'", argv[i]);
    }
    if (!in || !sched)
        return usage_error("%s", "check needs INSTANCE and SCHEDULE");
    salle_diag err = {0};
    salle_instance *inst = salle_instance_load(in, &err);
    if (!inst) {
        if (!salle_cli_swapped("check", in, sched))
            salle_diag_print(&err, stderr);
        return 2;
    }
    salle_schedule *s = salle_schedule_load(sched, inst, &err);
    if (!s) {
        salle_diag_print(&err, stderr);
        salle_instance_free(inst);
        return 2;
    }
    /* printed as found, one rule at a time, rather than held: the full report of 100,000
     * sessions is tens of millions of messages */
    salle_score score = salle_check_print_lang(inst, s, stdout, verbose, lang);
    int rc = score.hard > 0 ? 1 : 0;
    salle_schedule_free(s);
    salle_instance_free(inst);
    return rc;
}

static int cmd_gen(int argc, char **argv)
{
    salle_gen_options opt = {0, 1};
    const char *out = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        unsigned long long x;
        if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(a, "--sessions") == 0 && i + 1 < argc) {
            if (parse_ull(argv[++i], &x) < 0 || x < 1 || x > 100000)
                return usage_error("--sessions needs a number from 1 to 100000, not '%s'", argv[i]);
            opt.sessions = (int)x;
        } else if (strcmp(a, "--seed") == 0 && i + 1 < argc) {
            if (parse_ull(argv[++i], &opt.seed) < 0)
                return usage_error("--seed needs a non-negative integer, not '%s'", argv[i]);
        } else
            return usage_error("gen: unknown or incomplete argument '%s'", a);
    }
    if (!opt.sessions || !out)
        return usage_error("%s", "gen needs --sessions N and -o FILE");
    char *text = salle_gen_json(&opt);
    if (!text) {
        fprintf(stderr, "salle: out of memory\n");
        return 2;
    }
    salle_diag err = {0};
    int rc = salle_write_file_atomic(out, text, strlen(text), &err);
    free(text);
    if (rc < 0) {
        salle_diag_print(&err, stderr);
        return 2;
    }
    return 0;
}

/* One line per command. A command in its own file (cli/cmd_<name>.c) declares its function in
 * cli/commands.h and adds its line here. */
static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"solve", cmd_solve},
    {"check", cmd_check},
    {"gen", cmd_gen},
    {"export", salle_cmd_export},
    {"diff", salle_cmd_diff},
    {"import", salle_cmd_import},
    {"lp-solution", salle_cmd_lp_solution},
    {"lp-start", salle_cmd_lp_start},
    /* the server's commands run in salle-server (cli/server_main.c): NULL execs it */
    {"serve", NULL},
    {"admin-link", NULL},
    {"admin-token", NULL},
    {"organizer-link", NULL},
    {"bound", salle_cmd_bound},
    {"interest", salle_cmd_interest},
    /* more commands here */
};

/* import and export read a document or two, write one and exit. What they free on the way (the
 * text of the instance once its tree is built, the reader's buffers) is better kept for
 * their next allocations than given back to the system and faulted in again page by page: so
 * buffers up to 32 MB come from the heap, which is not trimmed below 64 MB (glibc gives a freed
 * buffer of 128 KB or more straight back). 2026-12-03: FOSDEM 2025's CSV export 3,107 page
 * faults to 2,661 (bench/results-2026-12-03-io-s8.txt). */
static void keep_freed_memory(void)
{
#ifdef M_MMAP_THRESHOLD /* glibc's */
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
#endif
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("%s", "no command given");
    const char *cmd = argv[1];
    if (strcmp(cmd, "import") == 0 || strcmp(cmd, "export") == 0)
        keep_freed_memory();
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run ? commands[i].run(argc - 2, argv + 2) : salle_exec_server(argv);
    if (strcmp(cmd, "help") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
        fputs(usage_text, stdout);
        return 0;
    }
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) {
        printf("salle %s\n", SALLE_VERSION);
        return 0;
    }
    return usage_error("unknown command '%s'", cmd);
}
