/*
 * Lines typed at the terminal, with editing and history (libedit), in a module of its own
 * (tinnhiem-edit.so): only interactive entry and the questions of scan read the terminal, and
 * libedit, with the three libraries it brings, cost every other command their loading.
 */
#include <editline/readline.h>

char *tinnhiem_edit_line(const char *prompt, int remember) __attribute__((visibility("default")));

char *tinnhiem_edit_line(const char *prompt, int remember)
{
	char *line = readline(prompt);

	if (line != NULL && remember && *line != '\0')
		add_history(line);
	return line;
}
