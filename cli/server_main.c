/*
 * server_main.c: salle-server, the server's commands (cli/cmd_serve.c). `salle serve ...` and
 * the other three exec it (cli/server_exec.c), so that only it links the server's libraries;
 * it takes the same command line as `salle`.
 */
#include "commands.h"

#include <stdio.h>
#include <string.h>

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
} commands[] = {
    {"serve", salle_cmd_serve},
    {"admin-link", salle_cmd_admin_link},
    {"admin-token", salle_cmd_admin_token},
    {"organizer-link", salle_cmd_organizer_link},
};

int main(int argc, char **argv)
{
    for (size_t i = 0; argc >= 2 && i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 2, argv + 2);
    fprintf(stderr, "salle-server: unknown command '%s'; it runs serve, admin-link, admin-token "
                    "and organizer-link for salle\nrun 'salle help' for usage\n",
            argc >= 2 ? argv[1] : "");
    return 2;
}
