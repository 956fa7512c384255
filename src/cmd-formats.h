/* cmd-formats.h - the formats command: the log formats --log-format NAME reads (SPEC
 * section 16), each with what it reads and the options it stands for. */
#ifndef PR_CMD_FORMATS_H
#define PR_CMD_FORMATS_H

#include "options.h"

/* List the formats of o->formats_dir to -o or standard output: term (a text list, one
 * format with its options as command-line words) or json ({"formats": [{"name",
 * "description", "options" (the file's options object), "args" (the same as command-line
 * words)}]}). Returns an exit status: EXIT_TROUBLE for a broken format file or a failed
 * write. */
int cmd_formats_run(const struct options *o);

#endif
