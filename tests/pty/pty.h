/*
 * A pseudo-terminal for the entry tests: the program started on it, keys typed in, the screen
 * read back. One session at a time; included by each pty test program.
 */
#ifndef TN_TEST_PTY_H
#define TN_TEST_PTY_H

#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char screen[1 << 16];
static size_t used;
static int master = -1;

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "%s%s", what, arg);
	fprintf(stderr, "\n--- screen so far ---\n%.*s\n", (int)used, screen);
	exit(1);
}

/* Reads from the terminal until text appears after position *from (limit: tenths of a s). */
static int wait_up_to(const char *text, size_t *from, int limit)
{
	for (int waited = 0; waited < limit;) {
		char *hit;
		struct pollfd p = {master, POLLIN, 0};
		ssize_t n;

		screen[used] = '\0';
		if ((hit = strstr(screen + *from, text)) != NULL) {
			*from = (size_t)(hit - screen) + strlen(text);
			return 1;
		}
		if (poll(&p, 1, 100) == 0) {
			waited++;
			continue;
		}
		n = read(master, screen + used, sizeof screen - used - 1);
		if (n <= 0)
			die("the program ended before showing: ", text);
		used += (size_t)n;
	}
	return 0;
}

static void wait_for(const char *text, size_t *from)
{
	if (!wait_up_to(text, from, 100))
		die("timed out waiting for: ", text);
}

static void type(const char *keys)
{
	if (write(master, keys, strlen(keys)) != (ssize_t)strlen(keys))
		die("cannot type ", keys);
}

static int run(const char *cmd)
{
	int rc = system(cmd);

	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* tinnhiem enter VOTE --pass PASS on a new terminal, in English; the screen read from empty. */
static pid_t start_enter(const char *bin, const char *vote, const char *pass)
{
	pid_t pid;

	used = 0;
	pid = forkpty(&master, NULL, NULL, NULL);
	if (pid == 0) {
		setenv("TERM", "dumb", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		setenv("LANGUAGE", "", 1);
		execl(bin, "tinnhiem", "enter", vote, "--pass", pass, (char *)NULL);
		_exit(127);
	}
	if (pid < 0)
		die("cannot open a pseudo-terminal", "");
	return pid;
}

#endif
