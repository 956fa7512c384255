/* main.c - glue: parse the command line, run the command, map the outcome to an exit status. */
#include <stdio.h>

#include "cli.h"
#include "cmd.h"

int
main(int argc, char **argv)
{
	struct options o;
	int status;

	switch (cli_parse(argc, argv, &o)) {
	case CLI_EXIT_OK:
		cli_free(&o);
		return fflush(stdout) == 0 && !ferror(stdout) ? EXIT_OK : EXIT_TROUBLE;
	case CLI_USAGE:
		cli_free(&o);
		return EXIT_TROUBLE;
	case CLI_RUN:
		break;
	}
	status = cmd_run(&o);
	cli_free(&o);
	return status;
}
