/*
 * filekind.c: salle_file_kind, which tells an instance from a schedule by its top-level key, so
 * that a command given its files in the wrong order can say so instead of reporting the first
 * unknown key (safety, issue 8).
 */
#include "base/internal.h"

#include <stdlib.h>

int salle_file_kind(const char *path)
{
    size_t len;
    salle_diag d = {0};
    char *buf = salle__read_file(path, &len, &d);
    if (!buf)
        return SALLE_FILE_OTHER;
    salle__jdoc *doc = salle__jdoc_parse(buf, len, path, &d);
    free(buf);
    if (!doc)
        return SALLE_FILE_OTHER;
    const json_t *root = salle__jdoc_root(doc);
    /* the version keys first; files written by hand may lack them, so then the main lists */
    int kind = !json_is_object(root)                         ? SALLE_FILE_OTHER
               : json_object_get(root, "salle_schedule")     ? SALLE_FILE_SCHEDULE
               : json_object_get(root, "salle")              ? SALLE_FILE_INSTANCE
               : json_object_get(root, "assignments")        ? SALLE_FILE_SCHEDULE
               : json_object_get(root, "sessions") || json_object_get(root, "event")
                   ? SALLE_FILE_INSTANCE
                   : SALLE_FILE_OTHER;
    salle__jdoc_free(doc);
    return kind;
}
