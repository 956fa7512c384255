/* test-pager.c - when output goes through a pager (pager_choose: a terminal, no -o, no
 * --no-pager, PAGER not empty, blank or cat, less -FRX when unset) and which commands run
 * without a shell (pager_is_simple). Starting and waiting for a pager is tested on a
 * pseudo-terminal by tests/e2e/pager.sh. */
#include <criterion/criterion.h>

#include <string.h>

#include "pager.h"

Test(pager, default_is_less_FRX_on_a_terminal)
{
	cr_assert_str_eq(pager_choose(NULL, true, false, false), "less -FRX");
	cr_assert_str_eq(PAGER_DEFAULT, "less -FRX");
}

Test(pager, pager_env_is_used_as_given)
{
	cr_assert_str_eq(pager_choose("most", true, false, false), "most");
	cr_assert_str_eq(pager_choose("less -S", true, false, false), "less -S");
	cr_assert_str_eq(pager_choose(" cat", true, false, false), " cat");
}

Test(pager, none_when_not_a_terminal_a_file_or_no_pager)
{
	cr_assert_null(pager_choose(NULL, false, false, false));
	cr_assert_null(pager_choose("most", false, false, false));
	cr_assert_null(pager_choose(NULL, true, true, false));
	cr_assert_null(pager_choose("most", true, false, true));
}

Test(pager, none_when_pager_is_empty_blank_or_cat)
{
	cr_assert_null(pager_choose("", true, false, false));
	cr_assert_null(pager_choose(" \t", true, false, false));
	cr_assert_null(pager_choose("cat", true, false, false));
}

Test(pager, simple_commands_are_words)
{
	cr_assert(pager_is_simple("less -FRX"));
	cr_assert(pager_is_simple("/usr/bin/most"));
	cr_assert(pager_is_simple("  less\t-R  "));
	cr_assert(pager_is_simple("delta --paging=always") == false); /* '=' */
}

Test(pager, shell_syntax_is_not_simple)
{
	const char *shell[] = {
		"less 'a b'", "less \"x\"", "less $OPTS", "less `x`", "less \\-R", "a | b",
		"a && b", "a; b", "a > f", "a < f", "less *", "less ?", "less [a]", "~/bin/p",
		"a # c", "LESS=R less", "(less)", "{ less; }", "less %", "!x", "a\nb",
	};

	for (size_t i = 0; i < sizeof(shell) / sizeof(shell[0]); i++)
		cr_assert_not(pager_is_simple(shell[i]), "%s", shell[i]);
}
