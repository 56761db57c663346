/*
 * publish.c: a version's public files (publish.h). The site exporter builds the programme's pages,
 * changelog and feed; the other exporters add the machine-readable files beside them, so the same
 * folder serves people, conference apps (frab XML / c3voc JSON) and calendars. Everything is built
 * in <public>.stage-XXXXXX/site and exchanged with <public> by renameat2(RENAME_EXCHANGE).
 */
#include "server/publish.h"
#include "base/internal.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *f)
{
    (void)sb;
    (void)flag;
    (void)f;
    return remove(p);
}

static void rm_tree(const char *path)
{
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int put(const char *dir, const char *name, char *text, salle_diag *err)
{
    if (!text)
        return -1; /* err set by the exporter */
    char *p = salle__xasprintf("%s/%s", dir, name);
    int rc = salle_write_file_atomic(p, text, strlen(text), err);
    free(p);
    free(text);
    return rc;
}

/* The site in each of languages ("fr,es,ar") into site/LANG/: the exporter writes them with its
 * chooser into stage/langs, from where each language's folder moves beside the English pages
 * (their switchers link ../LANG/, which then holds; style.css is the same at the top). */
static int languages_too(const salle_instance *inst, const salle_schedule *s, const salle_site_options *so,
                         const char *stage, const char *site, const char *languages, salle_diag *err)
{
    char list[64];
    snprintf(list, sizeof list, "%s", languages);
    const char *v[8];
    int n = 0;
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t && n < 8; t = strtok_r(NULL, ",", &save))
        v[n++] = t;
    salle_site_options lo = *so;
    lo.languages = v;
    lo.nlanguages = n;
    char *dir = salle__xasprintf("%s/langs", stage);
    int rc = salle_export_site_with(inst, s, &lo, dir, err);
    for (int i = 0; rc == 0 && i < n; i++) {
        char *from = salle__xasprintf("%s/%s", dir, v[i]), *to = salle__xasprintf("%s/%s", site, v[i]);
        if (rename(from, to) != 0)
            rc = salle__diag(err, to, 0, 0, "cannot move the %s programme into place: %s", v[i],
                             strerror(errno));
        free(from);
        free(to);
    }
    rm_tree(dir);
    free(dir);
    return rc;
}

int salle__publish_stage(const salle_instance *inst, const salle_schedule *s,
                         const salle_schedule *previous, const salle_instance *previous_instance,
                         const char *public_dir, int version,
                         const char *note, const char *interest_url, const char *languages,
                         char **staged, salle_diag *err)
{
    *staged = NULL;
    char *base = salle__xstrdup(public_dir);
    size_t n = strlen(base);
    while (n > 1 && base[n - 1] == '/')
        base[--n] = 0;
    char *stage = salle__xasprintf("%s.stage-XXXXXX", base);
    free(base);
    if (!mkdtemp(stage)) {
        salle__diag(err, public_dir, 0, 0, "cannot create a staging folder beside it: %s",
                    strerror(errno));
        free(stage);
        return -1;
    }
    char *site = salle__xasprintf("%s/site", stage);
    /* every page says which numbered version it shows ("Version 2"), as the API does */
    char label[32];
    snprintf(label, sizeof label, "%d", version);
    salle_site_options so = {previous, previous_instance, label, 0, NULL, 0, interest_url, NULL, 0};
    /* the English pages at the top link the same page in each language below them */
    char list[64];
    const char *sw[8];
    int nsw = 0;
    snprintf(list, sizeof list, "%s", languages ? languages : "");
    for (char *save = NULL, *t = strtok_r(list, ",", &save); t && nsw < 8; t = strtok_r(NULL, ",", &save))
        sw[nsw++] = t;
    so.switch_to = nsw ? sw : NULL;
    so.nswitch_to = nsw;
    int rc = salle_export_site_with(inst, s, &so, site, err);
    so.switch_to = NULL;
    so.nswitch_to = 0;
    if (rc == 0 && languages && *languages)
        rc = languages_too(inst, s, &so, stage, site, languages, err);
    if (rc == 0)
        rc = put(site, "schedule.xml", salle_export_frab(inst, s, err), err);
    if (rc == 0)
        rc = put(site, "schedule.json", salle_export_json(inst, s, err), err);
    if (rc == 0)
        rc = put(site, "programme.ics", salle_export_ics(inst, s, -1, -1, err), err);
    if (rc == 0)
        rc = put(site, "salle-schedule.json", salle__schedule_json(inst, s, NULL), err);
    if (rc == 0) {
        json_t *v = json_pack("{siss}", "version", version, "note", note ? note : "");
        rc = put(site, "version.json", json_dumps(v, JSON_INDENT(1)), err);
        json_decref(v);
    }
    if (rc < 0) {
        rm_tree(stage);
        free(stage);
        free(site);
        return -1;
    }
    free(stage);
    *staged = site;
    return 0;
}

int salle__publish_swap(const char *staged, const char *public_dir, salle_diag *err)
{
    char *stage = salle__xstrdup(staged);
    char *slash = strrchr(stage, '/');
    if (slash)
        *slash = 0; /* the staging folder around site/ */
    struct stat sb;
    int rc = 0;
    if (stat(public_dir, &sb) != 0) {
        if (rename(staged, public_dir) != 0)
            rc = salle__diag(err, public_dir, 0, 0, "cannot create: %s", strerror(errno));
    } else if (renameat2(AT_FDCWD, staged, AT_FDCWD, public_dir, RENAME_EXCHANGE) != 0) {
        rc = salle__diag(err, public_dir, 0, 0, "cannot exchange the new files for the old: %s",
                         strerror(errno));
    }
    rm_tree(stage); /* the old files (after the exchange), or the unused new ones */
    free(stage);
    return rc;
}

void salle__publish_discard(const char *staged)
{
    if (!staged)
        return;
    char *stage = salle__xstrdup(staged);
    char *slash = strrchr(stage, '/');
    if (slash)
        *slash = 0;
    rm_tree(stage);
    free(stage);
}
