/* main.c - glue: parse the command line, run the command, map the outcome to an exit status. */
#include <stdio.h>

#include "cli.h"
#include "cmd.h"
#include "pager.h"

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
	/* Long output on a terminal through PAGER, from when the output begins. */
	pager_arm(pager_choose(o.pager, o.stdout_tty, o.output != NULL, o.no_pager));
	status = cmd_run(&o);
	pager_end();
	cli_free(&o);
	return status;
}
