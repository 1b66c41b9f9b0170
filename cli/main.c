/* main.c: the zonesim program: cli_main (dispatch.c) is everything, so that
 * tests and fuzz targets can call the whole command line in-process. */
#include "cli/commands.h"

int main(int argc, char **argv) { return cli_main(argc, argv); }
