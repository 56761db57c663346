/*
 * safety.c: checks the commands make before they touch a user's files (issue 8, "nothing a user
 * typed is lost"): an output that is one of the inputs (the same file, however it is named:
 * symbolic or hard links included) is refused before anything is read, and a command given an
 * instance and a schedule in the wrong order says so instead of reporting an unknown key.
 */
#include "salle/salle.h"
#include "commands.h"

#include <stdio.h>
#include <sys/stat.h>

/* 1 if a and b name the same existing file (device and inode, after following links). */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (!a || !b || stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int salle_cli_refuse_overwrite(const char *cmd, const char *out, const char *const *ins, int n)
{
    for (int i = 0; i < n; i++)
        if (same_file(out, ins[i])) {
            fprintf(stderr,
                    "salle: %s: the output %s is the input %s (the same file); salle never "
                    "overwrites an input: write to another file\n",
                    cmd, out, ins[i]);
            return 2;
        }
    return 0;
}

int salle_cli_swapped(const char *cmd, const char *instance, const char *schedule)
{
    if (salle_file_kind(instance) != SALLE_FILE_SCHEDULE ||
        salle_file_kind(schedule) != SALLE_FILE_INSTANCE)
        return 0;
    fprintf(stderr,
            "salle: %s: the arguments are swapped: %s is a schedule and %s an instance; the "
            "instance comes first: salle %s %s %s\n",
            cmd, instance, schedule, cmd, schedule, instance);
    return 2;
}
