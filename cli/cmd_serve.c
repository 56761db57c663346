/*
 * cmd_serve.c: `salle serve`, `salle admin-link`, `salle admin-token` and `salle organizer-link`,
 * thin front ends over include/salle/server.h.
 */
#include "salle/server.h"
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(const char *msg, const char *arg)
{
    fprintf(stderr, "salle: ");
    fprintf(stderr, msg, arg);
    fprintf(stderr, "\nrun 'salle help' for usage\n");
    return 2;
}

int salle_cmd_serve(int argc, char **argv)
{
    salle_serve_options o = {0};
    o.log = stderr;
    salle_serve_event *ev = calloc((size_t)argc + 1, sizeof *ev); /* at most one per argument */
    if (!ev)
        return 2;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--db") == 0 && next)
            o.db = argv[++i];
        else if (strcmp(a, "--event") == 0 && next) {
            char *eq = strchr(argv[++i], '=');
            if (!eq || eq == argv[i] || !eq[1]) {
                free(ev);
                return usage("--event needs SLUG=DB such as igf=igf.db, not '%s'", argv[i]);
            }
            *eq = 0; /* argv is ours to cut */
            ev[o.nevents].slug = argv[i];
            ev[o.nevents++].db = eq + 1;
        }
        else if (strcmp(a, "--listen") == 0 && next)
            o.listen = argv[++i];
        else if (strcmp(a, "--public") == 0 && next)
            o.public_dir = argv[++i];
        else if (strcmp(a, "--import") == 0 && next)
            o.import = argv[++i];
        else if (strcmp(a, "--base-url") == 0 && next)
            o.base_url = argv[++i];
        else if (strcmp(a, "--smtp") == 0 && next)
            o.smtp_url = argv[++i];
        else if (strcmp(a, "--mail-from") == 0 && next)
            o.mail_from = argv[++i];
        else if (strcmp(a, "--language") == 0 && next)
            o.language = argv[++i];
        else if (strcmp(a, "--languages") == 0 && next)
            o.languages = argv[++i];
        else if (strcmp(a, "--durability") == 0 && next) {
            const char *d = argv[++i];
            if (strcmp(d, "full") == 0)
                o.crash_safe_only = 0;
            else if (strcmp(d, "process") == 0)
                o.crash_safe_only = 1;
            else {
                free(ev);
                return usage("--durability is 'full' (survives a power cut) or 'process' (survives "
                             "the server being killed), not '%s'", d);
            }
        } else if (strcmp(a, "--behind-tls") == 0)
            o.behind_tls = 1;
        else if (strcmp(a, "--threads") == 0 && next) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || n < 1 || n > 256) {
                free(ev);
                return usage("--threads needs a number from 1 to 256, not '%s'", argv[i]);
            }
            o.threads = (int)n;
        } else if (strcmp(a, "--interest-rate") == 0 && next) {
            char *end;
            long n = strtol(argv[++i], &end, 10);
            if (*end || end == argv[i] || n < 0 || n > 1000000) {
                free(ev);
                return usage("--interest-rate needs a number of marks per address and minute (0: "
                             "no limit), not '%s'", argv[i]);
            }
            o.interest_rate = n == 0 ? -1 : (int)n;
        } else {
            free(ev);
            return usage("serve: unknown or incomplete option '%s'", a);
        }
    }
    const char *bad =
        !o.public_dir ? "serve needs --public DIR"
        : !o.db && !o.nevents ? "serve needs --db FILE, or --event SLUG=DB for each of several events"
        : o.db && o.nevents ? "serve takes --db FILE (one event at /) or --event SLUG=DB (several), "
                              "not both"
        : o.nevents && o.import ? "--import loads one store: use it with that event's --db alone"
        : NULL;
    if (bad) {
        free(ev);
        return usage("%s", bad);
    }
    o.events = ev;
    salle_diag err = {0};
    int rc = salle_serve(&o, &err);
    free(ev);
    if (rc < 0) {
        salle_diag_print(&err, stderr);
        return 2;
    }
    return 0;
}

/* admin-link and organizer-link share their options: --db FILE [--base-url URL] [--person ID] */
static int link_args(int argc, char **argv, const char *name, const char **db, const char **base,
                     const char **person)
{
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
            *db = argv[++i];
        else if (strcmp(argv[i], "--base-url") == 0 && i + 1 < argc && base)
            *base = argv[++i];
        else if (strcmp(argv[i], "--person") == 0 && i + 1 < argc && person)
            *person = argv[++i];
        else
            return usage("unknown or incomplete option '%s'", argv[i]);
    }
    if (!*db)
        return usage("%s needs --db FILE", name);
    if (person && !*person)
        return usage("%s needs --person ID", name);
    return 0;
}

int salle_cmd_admin_link(int argc, char **argv)
{
    const char *db = NULL, *base = NULL;
    if (link_args(argc, argv, "admin-link", &db, &base, NULL))
        return 2;
    char *link;
    salle_diag err = {0};
    if (salle_admin_link(db, base, &link, &err) < 0) {
        salle_diag_print(&err, stderr);
        return 2;
    }
    printf("%s\n", link);
    free(link);
    return 0;
}

int salle_cmd_admin_token(int argc, char **argv)
{
    const char *db = NULL;
    if (link_args(argc, argv, "admin-token", &db, NULL, NULL))
        return 2;
    char *tok;
    salle_diag err = {0};
    if (salle_admin_token(db, &tok, &err) < 0) {
        salle_diag_print(&err, stderr);
        return 2;
    }
    printf("%s\n", tok);
    free(tok);
    return 0;
}

int salle_cmd_organizer_link(int argc, char **argv)
{
    const char *db = NULL, *base = NULL, *person = NULL;
    if (link_args(argc, argv, "organizer-link", &db, &base, &person))
        return 2;
    char *link;
    salle_diag err = {0};
    if (salle_organizer_link(db, person, base, &link, &err) < 0) {
        salle_diag_print(&err, stderr);
        return 2;
    }
    printf("%s\n", link);
    free(link);
    return 0;
}
