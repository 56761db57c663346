/*
 * cmd_export.c: `salle export FORMAT INSTANCE SCHEDULE -o OUT [--room ID | --person ID]
 * [--previous OLD_SCHEDULE [--previous-instance OLD_INSTANCE]] [--version-label L]
 * [--languages en,fr,es,ar]`, the front end of the exporters in src/export_*.c.
 *
 * FORMAT is frab (schedule.xml), json (c3voc schedule JSON), ics (iCalendar; --room or --person
 * narrows it to one room or one person), csv, or site (the static web programme: OUT is a
 * folder; --previous adds the changes since that schedule). `salle export lp INSTANCE -o OUT
 * [--step M] [--compact] [--start SCHEDULE] [--published OLD --min-moves]` needs no schedule: it
 * writes the exact reference integer programme (src/export_lp.c, docs/lp.md). Files are written atomically, so a
 * failed export never leaves half a file behind. Exit 0, or 2 with file:line:col on bad input.
 */
#include "salle/salle.h"
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int export_usage(const char *fmt, const char *arg)
{
    fprintf(stderr, "salle: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nusage: salle export frab|json|ics|csv|site INSTANCE SCHEDULE -o OUT "
                    "[--room ID | --person ID]\n"
                    "       salle export site INSTANCE SCHEDULE -o DIR [--previous OLD_SCHEDULE\n"
                    "                         [--previous-instance OLD_INSTANCE]] [--version-label L]\n"
                    "                         [--languages en,fr,es,ar]\n"
                    "       salle export lp INSTANCE -o OUT [--step M] [--compact] [--start SCHEDULE]\n"
                    "                       [--published OLD --min-moves]\n");
    return 2;
}

/* salle export lp INSTANCE -o OUT [--step M] [--compact] [--start SCHEDULE]
 *                 [--published OLD --min-moves] */
static int export_lp(const char *in, const char *extra, const char *out, const char *step_arg,
                     const char *published, int min_moves, const char *start, int compact)
{
    if (!in || !out)
        return export_usage("%s", "export lp needs INSTANCE and -o OUT");
    if (extra)
        return export_usage("export lp: unexpected argument '%s' (lp needs no schedule)", extra);
    if (min_moves != (published != NULL))
        return export_usage("%s", "export lp: --published OLD and --min-moves go together");
    int step = 0;
    if (step_arg) {
        char *end;
        long v = strtol(step_arg, &end, 10);
        if (*end || v < 1 || v > 1440)
            return export_usage("export lp: --step needs minutes from 1 to 1440, not '%s'", step_arg);
        step = (int)v;
    }
    const char *inputs[] = {in, published ? published : in, start ? start : in};
    if (salle_cli_refuse_overwrite("export lp", out, inputs, 3))
        return 2;
    salle_diag err = {0};
    salle_instance *inst = salle_instance_load(in, &err);
    if (!inst) {
        salle_diag_print(&err, stderr);
        return 2;
    }
    int rc = 2;
    salle_schedule *old = NULL, *st = NULL;
    char *text = NULL;
    salle_lp_options opt = {0};
    opt.step = step;
    opt.min_moves = min_moves;
    opt.compact = compact;
    if (published && !(old = salle_schedule_load(published, inst, &err)))
        salle_diag_print(&err, stderr);
    else if (start && !(st = salle_schedule_load(start, inst, &err)))
        salle_diag_print(&err, stderr);
    else if (opt.published = old, opt.start = st, !(text = salle_export_lp(inst, &opt, &err)) ||
             salle_write_file_atomic(out, text, strlen(text), &err) < 0)
        salle_diag_print(&err, stderr);
    else
        rc = 0;
    free(text);
    salle_schedule_free(old);
    salle_schedule_free(st);
    salle_instance_free(inst);
    return rc;
}

/* Says which sessions start at a local time that a daylight-saving change skips or repeats:
 * the export writes them at one offset, which may not be what the organizer meant. */
static void warn_dst(const char *sched, const salle_instance *inst, const salle_schedule *s)
{
    for (int i = 0; i < s->nassign; i++) {
        const salle_assignment *a = &s->assign[i];
        int kind;
        int off = salle_time_utc_offset(inst, a->start, &kind);
        if (kind == SALLE_TIME_NORMAL)
            continue;
        char iso[32];
        salle_time_iso(inst, a->start, iso);
        const char *id = inst->sessions[a->session].id, *tz = inst->event.timezone;
        if (kind == SALLE_TIME_MISSING)
            fprintf(stderr, "%s: warning: session %s starts at %s, which does not exist in %s "
                            "(the clocks skip it); written with the offset before the change, "
                            "UTC%+03d:%02d\n", sched, id, iso, tz, off / 60, abs(off % 60));
        else
            fprintf(stderr, "%s: warning: session %s starts at %s, which happens twice in %s "
                            "(the clocks go back); written as the first, UTC%+03d:%02d\n",
                    sched, id, iso, tz, off / 60, abs(off % 60));
    }
}

int salle_cmd_export(int argc, char **argv)
{
    const char *format = NULL, *in = NULL, *sched = NULL, *out = NULL;
    const char *room_id = NULL, *person_id = NULL, *previous = NULL;
    const char *previous_inst = NULL, *version_label = NULL; /* site only (issue 8) */
    const char *languages = NULL; /* site only (issue 11) */
    const char *step_arg = NULL, *published = NULL, *start = NULL;
    int min_moves = 0, compact = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if ((strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) && i + 1 < argc)
            out = argv[++i];
        else if (strcmp(a, "--room") == 0 && i + 1 < argc)
            room_id = argv[++i];
        else if (strcmp(a, "--person") == 0 && i + 1 < argc)
            person_id = argv[++i];
        else if (strcmp(a, "--previous") == 0 && i + 1 < argc)
            previous = argv[++i];
        else if (strcmp(a, "--previous-instance") == 0 && i + 1 < argc)
            previous_inst = argv[++i];
        else if (strcmp(a, "--version-label") == 0 && i + 1 < argc)
            version_label = argv[++i];
        else if (strcmp(a, "--languages") == 0 && i + 1 < argc)
            languages = argv[++i];
        else if (strcmp(a, "--step") == 0 && i + 1 < argc)
            step_arg = argv[++i];
        else if (strcmp(a, "--published") == 0 && i + 1 < argc)
            published = argv[++i];
        else if (strcmp(a, "--min-moves") == 0)
            min_moves = 1;
        else if (strcmp(a, "--compact") == 0)
            compact = 1;
        else if (strcmp(a, "--start") == 0 && i + 1 < argc)
            start = argv[++i];
        else if (a[0] == '-' && a[1])
            return export_usage("export: unknown or incomplete option '%s'", a);
        else if (!format)
            format = a;
        else if (!in)
            in = a;
        else if (!sched)
            sched = a;
        else
            return export_usage("export: unexpected argument '%s'", a);
    }
    if (format && strcmp(format, "lp") == 0)
        return export_lp(in, sched, out, step_arg, published, min_moves, start, compact);
    if (step_arg || published || min_moves || start || compact)
        return export_usage("%s", "export: --step, --compact, --start, --published and --min-moves "
                                  "apply to lp only");
    if (!format || !in || !sched || !out)
        return export_usage("%s", "export needs FORMAT, INSTANCE, SCHEDULE and -o OUT");
    static const char *const formats[] = {"frab", "json", "ics", "csv", "site"};
    size_t f = 0;
    while (f < 5 && strcmp(format, formats[f]) != 0)
        f++;
    if (f == 5)
        return export_usage("export: unknown format '%s'; expected frab, json, ics, csv or site",
                            format);
    if ((room_id || person_id) && strcmp(format, "ics") != 0)
        return export_usage("export: --room and --person apply to ics only, not to '%s'", format);
    if (room_id && person_id)
        return export_usage("%s", "export: give --room or --person, not both");
    if ((previous || previous_inst || version_label || languages) && strcmp(format, "site") != 0)
        return export_usage("export: --previous, --previous-instance, --version-label and "
                            "--languages apply to site only, not to '%s'", format);
    if (previous_inst && !previous)
        return export_usage("%s", "export: --previous-instance needs --previous OLD_SCHEDULE");

    const char *inputs[] = {in, sched, previous ? previous : in, previous_inst ? previous_inst : in};
    if (salle_cli_refuse_overwrite("export", out, inputs, 4))
        return 2;
    salle_diag err = {0};
    salle_instance *inst = salle_instance_load(in, &err), *prev_inst = NULL;
    if (!inst) {
        char cmd[64];
        snprintf(cmd, sizeof cmd, "export %s", format);
        if (!salle_cli_swapped(cmd, in, sched))
            salle_diag_print(&err, stderr);
        return 2;
    }
    int rc = 2, room = -1, person = -1;
    salle_schedule *s = NULL, *prev = NULL;
    char *text = NULL;
    if (room_id && (room = salle_instance_room(inst, room_id)) < 0) {
        fprintf(stderr, "salle: no room with id '%s' in %s\n", room_id, in);
        goto done;
    }
    if (person_id && (person = salle_instance_person(inst, person_id)) < 0) {
        fprintf(stderr, "salle: no person with id '%s' in %s\n", person_id, in);
        goto done;
    }
    s = salle_schedule_load(sched, inst, &err);
    if (!s) {
        salle_diag_print(&err, stderr);
        goto done;
    }
    if (previous_inst && !(prev_inst = salle_instance_load(previous_inst, &err))) {
        salle_diag_print(&err, stderr);
        goto done;
    }
    if (previous && !(prev = salle_schedule_load(previous, prev_inst ? prev_inst : inst, &err))) {
        salle_diag_print(&err, stderr);
        if (!prev_inst) /* the usual cause: sessions were dropped since OLD was published */
            fprintf(stderr, "salle: if %s belongs to an earlier version of the programme, give "
                            "that version's instance with --previous-instance\n", previous);
        goto done;
    }
    warn_dst(sched, inst, s);
    if (strcmp(format, "site") == 0) {
        salle_site_options so = {prev, prev_inst, version_label, 0};
        /* --languages en,fr,es,ar: the list, split at commas (empty items are skipped) */
        char *list = languages ? strdup(languages) : NULL, *save = NULL;
        const char *langs[32];
        int nl = 0;
        for (char *t = list ? strtok_r(list, ",", &save) : NULL; t; t = strtok_r(NULL, ",", &save)) {
            if (nl == 32) {
                fprintf(stderr, "salle: export: --languages takes at most 32 languages\n");
                free(list);
                goto done;
            }
            langs[nl++] = t;
        }
        if (languages && nl == 0) {
            free(list);
            rc = export_usage("export: --languages needs a list such as en,fr,es,ar, not '%s'",
                              languages);
            goto done;
        }
        so.languages = nl ? langs : NULL;
        so.nlanguages = nl;
        int failed = salle_export_site_with(inst, s, &so, out, &err) < 0;
        free(list);
        if (failed) {
            salle_diag_print(&err, stderr);
            goto done;
        }
        rc = 0;
        goto done;
    }
    text = strcmp(format, "frab") == 0   ? salle_export_frab(inst, s, &err)
           : strcmp(format, "json") == 0 ? salle_export_json(inst, s, &err)
           : strcmp(format, "csv") == 0  ? salle_export_csv(inst, s, &err)
                                         : salle_export_ics(inst, s, room, person, &err);
    if (!text || salle_write_file_atomic(out, text, strlen(text), &err) < 0) {
        salle_diag_print(&err, stderr);
        goto done;
    }
    rc = 0;
done:
    free(text);
    salle_schedule_free(prev);
    salle_schedule_free(s);
    salle_instance_free(prev_inst);
    salle_instance_free(inst);
    return rc;
}
