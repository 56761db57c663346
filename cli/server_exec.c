/*
 * server_exec.c: `salle serve`, `admin-link`, `admin-token` and `organizer-link` run in
 * salle-server, the executable beside `salle` that links the server's libraries (libmicrohttpd,
 * SQLite, libpq, libsodium, libcurl). `salle` execs it with the same arguments, in the same
 * process (same pid, same signals), so every other command starts without loading them.
 */
#include "commands.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int salle_exec_server(char **argv)
{
    char path[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
    if (n < 0) {
        fprintf(stderr, "salle: %s: cannot find salle's own path (/proc/self/exe): %s\n", argv[1],
                strerror(errno));
        return 2;
    }
    path[n] = '\0';
    char *slash = strrchr(path, '/');
    static const char name[] = "salle-server";
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    if (dir + sizeof name > sizeof path) {
        fprintf(stderr, "salle: %s: the path of salle is too long\n", argv[1]);
        return 2;
    }
    memcpy(path + dir, name, sizeof name);
    argv[0] = path;
    execv(path, argv);
    fprintf(stderr, "salle: %s: cannot run %s: %s; it is built and installed beside salle\n", argv[1],
            path, strerror(errno));
    return 2;
}
