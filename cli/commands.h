/* commands.h: the commands of zonesim, one file each in cli/ (cmd_NAME.c),
 * each reading its own options (opts.h) and returning the exit status. */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

/* The whole command line: argv[1] names the command; returns the exit status
 * (0 done, 1 failed while running, 2 bad input or usage, 130 interrupted). */
int cli_main(int argc, char **argv);

int cli_run(int argc, char **argv);
int cli_validate(int argc, char **argv);
int cli_show(int argc, char **argv);
int cli_diff(int argc, char **argv);
int cli_kpis(int argc, char **argv);
int cli_assess(int argc, char **argv);
int cli_compare(int argc, char **argv);
int cli_sweep(int argc, char **argv);
int cli_merge(int argc, char **argv);
int cli_trace(int argc, char **argv);
int cli_report(int argc, char **argv);
int cli_search(int argc, char **argv);

#endif
