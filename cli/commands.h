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
int salle_cmd_interest(int argc, char **argv);    /* cli/cmd_interest.c */

#endif
