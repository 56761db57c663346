/*
 * commands.h: the `salle` subcommands that live in files of their own (cli/cmd_<name>.c).
 * Each takes the arguments after its name and returns the process exit status
 * (0 ok, 1 the result breaks a hard rule, 2 bad usage or input).
 */
#ifndef SALLE_CLI_COMMANDS_H
#define SALLE_CLI_COMMANDS_H

/* salle import FILE -o INSTANCE [--schedule SCHEDULE] (cli/cmd_import.c) */
int salle_cmd_import(int argc, char **argv);

int salle_cmd_export(int argc, char **argv); /* cli/cmd_export.c */
int salle_cmd_diff(int argc, char **argv);   /* cli/cmd_diff.c */
int salle_cmd_lp_solution(int argc, char **argv); /* cli/cmd_lp.c */
int salle_cmd_lp_start(int argc, char **argv);    /* cli/cmd_lp.c */
int salle_cmd_bound(int argc, char **argv);       /* cli/cmd_lp.c */

/* cli/safety.c (issue 8). salle_cli_refuse_overwrite: when out is the same file as one of the
 * n inputs, says so and returns 2 (the exit status); else 0. salle_cli_swapped: when instance is
 * a schedule and schedule an instance, says so and returns 2; else 0. */
int salle_cli_refuse_overwrite(const char *cmd, const char *out, const char *const *ins, int n);
int salle_cli_swapped(const char *cmd, const char *instance, const char *schedule);

/* Exit status of a solve stopped by SIGINT or SIGTERM that wrote the best schedule found so far
 * (docs/solver.md). */
#define SALLE_EXIT_INTERRUPTED 3

/* salle serve / admin-link / admin-token / organizer-link (cli/cmd_serve.c), in the salle-server
 * executable (cli/server_main.c); salle_exec_server (cli/server_exec.c) execs it from `salle`
 * with salle's whole argv, and returns 2 only when it cannot. */
int salle_exec_server(char **argv);
int salle_cmd_serve(int argc, char **argv);
int salle_cmd_admin_link(int argc, char **argv);
int salle_cmd_admin_token(int argc, char **argv);
int salle_cmd_organizer_link(int argc, char **argv);
int salle_cmd_interest(int argc, char **argv);    /* cli/cmd_interest.c */

#endif
