/*
 * Interactive entry through a pseudo-terminal: keys typed in, the screen read back, including
 * a typing error, an undo and a correction; and the passphrase prompt of keygen: long
 * passphrases, and signals while echo is off.
 */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "pty.h"

/* A short session at a colour terminal: green acknowledgements, unless NO_COLOR is set. */
static void colour_session(const char *bin, const char *vote, int no_color)
{
	size_t at;
	pid_t pid;
	int status;

	used = 0;
	at = 0;
	pid = forkpty(&master, NULL, NULL, NULL);
	if (pid == 0) {
		setenv("TERM", "xterm", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		setenv("LANGUAGE", "", 1);
		if (no_color)
			setenv("NO_COLOR", "1", 1);
		else
			unsetenv("NO_COLOR");
		execl(bin, "tinnhiem", "enter", vote, (char *)NULL);
		_exit(127);
	}
	wait_for("entered)> ", &at);
	type("222222222\r");
	wait_for("OK paper", &at);
	wait_for("entered)> ", &at);
	/* hang up rather than type Ctrl-D: at a real terminal libedit may still be switching it
	 * to raw mode when the prompt appears, and an end-of-file typed just then is lost */
	close(master);
	waitpid(pid, &status, 0);
	screen[used] = '\0';
	if (no_color != (strstr(screen, "\033[32m") == NULL))
		die(no_color ? "colour despite NO_COLOR" : "no colour at a colour terminal", "");
}

/* keygen -o PREFIX at a terminal, started and shown up to its first passphrase prompt. */
static pid_t keygen_at_prompt(const char *bin, const char *prefix, size_t *at)
{
	pid_t pid;

	used = 0;
	*at = 0;
	pid = forkpty(&master, NULL, NULL, NULL);
	if (pid == 0) {
		setenv("TERM", "dumb", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		setenv("LANGUAGE", "", 1);
		/* as at a terminal: a signal ignored by whatever started the tests (nohup ignores
		 * SIGHUP) stays ignored by the program, which is right, and the test would wait */
		signal(SIGHUP, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execl(bin, "tinnhiem", "keygen", "-o", prefix, (char *)NULL);
		_exit(127);
	}
	wait_for("Passphrase: ", at);
	return pid;
}

static int exit_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		die("keygen did not exit", "");
	return WEXITSTATUS(status);
}

/* A passphrase typed longer than 1023 bytes is refused, never cut to fit; 1023 bytes is kept. */
static void long_passphrase(const char *bin, const char *dir)
{
	char prefix[128], path[160], line[1100];
	size_t at;
	pid_t pid;

	snprintf(prefix, sizeof prefix, "%s/long", dir);
	snprintf(path, sizeof path, "%s.key", prefix);
	memset(line, 'a', sizeof line - 2);
	line[sizeof line - 2] = '\r';
	line[sizeof line - 1] = '\0';
	pid = keygen_at_prompt(bin, prefix, &at);
	type(line);
	wait_for("the passphrase is longer than 1023 bytes; refusing to truncate it", &at);
	if (exit_status(pid) != 2 || access(path, F_OK) == 0)
		die("a passphrase longer than 1023 bytes was not refused", "");
	close(master);
	/* the twin: exactly 1023 bytes, typed twice */
	line[1023] = '\r';
	line[1024] = '\0';
	pid = keygen_at_prompt(bin, prefix, &at);
	type(line);
	wait_for("Passphrase again: ", &at);
	type(line);
	wait_for("wrote ", &at);
	if (exit_status(pid) != 0 || access(path, F_OK) != 0)
		die("keygen refused a passphrase of 1023 bytes", "");
	close(master);
}

static int echo_is_on(void)
{
	struct termios t;

	if (tcgetattr(master, &t) < 0) /* on Linux, the settings of the terminal's slave side */
		die("tcgetattr on the pty", "");
	return (t.c_lflag & ECHO) != 0;
}

/*
 * A signal at a passphrase prompt (the first, or the second of keygen) ends the program, by
 * that signal, with the terminal's echo back on, and no key file written. sig is SIGINT typed
 * as Ctrl-C, or sent with kill.
 */
static void signal_at_prompt(const char *bin, const char *dir, int sig, int second)
{
	char prefix[128], key[160], pub[160];
	size_t at;
	int status;
	pid_t pid;

	snprintf(prefix, sizeof prefix, "%s/sig%d", dir, sig);
	snprintf(key, sizeof key, "%s.key", prefix);
	snprintf(pub, sizeof pub, "%s.pub", prefix);
	pid = keygen_at_prompt(bin, prefix, &at);
	if (second) {
		type("a passphrase long enough\r");
		wait_for("Passphrase again: ", &at);
	}
	if (echo_is_on()) /* the twin: while it asks, echo is off */
		die("echo is on at the passphrase prompt", "");
	if (sig == SIGINT)
		type("\x03");
	else
		kill(pid, sig);
	if (waitpid(pid, &status, 0) != pid || !WIFSIGNALED(status) || WTERMSIG(status) != sig)
		die("keygen was not ended by the signal: ", strsignal(sig));
	if (!echo_is_on())
		die("echo left off after a signal at the passphrase prompt: ", strsignal(sig));
	if (access(key, F_OK) == 0 || access(pub, F_OK) == 0)
		die("a key file was left after: ", strsignal(sig));
	close(master);
}

/*
 * Ballots acknowledged at the terminal, then the session killed: a copy of the vote file
 * alone, without anything that sat beside it, holds every one of them.
 */
static void killed_session(const char *bin, const char *dir)
{
	char vote[128], cmd[1024], expect[64];
	size_t at = 0;
	pid_t pid;

	snprintf(vote, sizeof vote, "%s/k.db", dir);
	snprintf(cmd, sizeof cmd, "cp %s/v.db %s", dir, vote);
	if (run(cmd) != 0)
		die("cannot copy the vote file", "");
	pid = start_enter(bin, vote, "1");
	for (int i = 1; i <= 5; i++) {
		snprintf(expect, sizeof expect, "OK paper %d: ", 5 + i); /* papers 1-5 before */
		wait_for("entered)> ", &at);
		type("123123123\r");
		wait_for(expect, &at);
	}
	wait_for("entered)> ", &at);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(master);
	snprintf(
	    cmd, sizeof cmd,
	    "mkdir %s/alone && cp %s %s/alone/ && %s show %s/alone/k.db 2>&1 | "
	    "grep -q 'Ballots entered (pass 1, not void): 10 of 33' && %s verify %s/alone/k.db "
	    ">/dev/null",
	    dir, vote, dir, bin, dir, bin, dir);
	if (run(cmd) != 0)
		die("a copy of the vote file alone lacks acknowledged ballots", "");
}

/* Entry stops where the paper stops: past the ballots collected, only when confirmed. */
static void collected_session(const char *bin, const char *src, const char *dir)
{
	char vote[128], cmd[1024];
	size_t at = 0;
	pid_t pid;

	snprintf(vote, sizeof vote, "%s/c.db", dir);
	snprintf(cmd, sizeof cmd,
		 "%s init %s/ballots/demo.ini %s >/dev/null && %s meeting %s "
		 "--present 33 --issued 33 --collected 2 >/dev/null",
		 bin, src, vote, bin, vote);
	if (run(cmd) != 0)
		die("cannot make a vote", "");
	pid = start_enter(bin, vote, "1");
	wait_for("[pass 1] paper 1 (0 of 2 entered)> ", &at);
	type("123123123\r");
	wait_for("[pass 1] paper 2 (1 of 2 entered)> ", &at);
	type("123123123\r");
	wait_for("[pass 1] paper 3 (all 2 collected entered)> ", &at);
	type("111111111\r");
	wait_for("Pass 1 already holds all 2 ballots collected. Record this ballot all the same?",
		 &at);
	wait_for("Type yes to record it, anything else to drop it: ", &at);
	type("no\r");
	wait_for("not recorded", &at);
	wait_for("[pass 1] paper 3 (all 2 collected entered)> ", &at);
	/* a correction within those collected takes a voided ballot's place: nothing is asked */
	type("u\r");
	wait_for("[pass 1] paper 2 (1 of 2 entered)> ", &at);
	type("222222222\r");
	wait_for("OK paper 2: 22222 2222  valid", &at);
	wait_for("[pass 1] paper 3 (all 2 collected entered)> ", &at);
	type("111111111\r");
	wait_for("Type yes to record it, anything else to drop it: ", &at);
	type("yes\r");
	wait_for("OK paper 3: 11111 1111  valid", &at);
	/* undone and typed again, the ballot is beyond those collected once more: asked again */
	type("u\r");
	wait_for("[pass 1] paper 3 (all 2 collected entered)> ", &at);
	type("131313131\r");
	wait_for("Type yes to record it, anything else to drop it: ", &at);
	type("no\r");
	wait_for("not recorded", &at);
	wait_for("[pass 1] paper 3 (all 2 collected entered)> ", &at);
	type("111111111\r");
	wait_for("Type yes to record it, anything else to drop it: ", &at);
	type("yes\r");
	wait_for("OK paper 3: 11111 1111  valid", &at);
	wait_for("[pass 1] paper 4 (", &at);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	close(master);
	snprintf(cmd, sizeof cmd,
		 "%s show %s 2>&1 | grep -q 'Ballots entered (pass 1, not void): 3 of 2'", bin,
		 vote);
	if (run(cmd) != 0)
		die("the confirmed ballot beyond those collected is not recorded", "");
}

int main(void)
{
	const char *bin = getenv("TINNHIEM"), *src = getenv("TN_SOURCE_ROOT");
	char dir[] = "/tmp/tn-pty-XXXXXX", vote[64], cmd[1024];
	size_t at = 0;
	int status;
	pid_t pid;

	if (bin == NULL || src == NULL || mkdtemp(dir) == NULL)
		return 99;
	snprintf(vote, sizeof vote, "%s/v.db", dir);
	snprintf(cmd, sizeof cmd,
		 "%s init %s/ballots/demo.ini %s >/dev/null && %s meeting %s "
		 "--present 33 --issued 33 --collected 33 >/dev/null",
		 bin, src, vote, bin, vote);
	if (run(cmd) != 0)
		return 99;
	pid = start_enter(bin, vote, "1");
	wait_for("9 members per ballot", &at);
	wait_for("[pass 1] paper 1 (0 of 33 entered)> ", &at);
	/* a typing error: eight marks; nothing is recorded */
	type("1 2 3 1 2 3 1 2\r");
	wait_for("not recorded: 8 marks, expected 9 (one per member)", &at);
	wait_for("[pass 1] paper 1 (0 of 33 entered)> ", &at);
	type("12a123123\r");
	wait_for("not recorded: unknown mark \"a\" at position 3", &at);
	wait_for("[pass 1] paper 1 (0 of 33 entered)> ", &at);
	type("123123123\r");
	wait_for("OK paper 1: 12312 3123  valid", &at);
	wait_for("[pass 1] paper 2 (1 of 33 entered)> ", &at);
	/* a slip caught after Enter: undo, then the right reading, which keeps the paper's number
	 */
	type("333333333\r");
	wait_for("OK paper 2: 33333 3333  valid", &at);
	wait_for("[pass 1] paper 3 (2 of 33 entered)> ", &at);
	type("u\r");
	wait_for("the ballot of paper 2 is void; type that paper again", &at);
	wait_for("[pass 1] paper 2 (1 of 33 entered)> ", &at);
	/* u undoes the last ballot entered only: paper 1 stays, paper 2 still waits */
	type("u\r");
	wait_for("paper 2 is void already and waits to be typed again", &at);
	wait_for("[pass 1] paper 2 (1 of 33 entered)> ", &at);
	type("111111111\r");
	wait_for("OK paper 2: 11111 1111  valid", &at);
	wait_for("[pass 1] paper 3 (2 of 33 entered)> ", &at);
	type("x 3\r"); /* QĐ 262's ground, not QĐ 96's: refused, nothing recorded */
	wait_for("not recorded: x 3: \"a name or other text added (QĐ 262)\" is not a ground", &at);
	wait_for("[pass 1] paper 3 (2 of 33 entered)> ", &at);
	type("x 2\r");
	wait_for("OK paper 3: x2  INVALID: a printed name struck out", &at);
	wait_for("[pass 1] paper 4 (3 of 33 entered)> ", &at);
	/* a paper number given for a new paper is refused: numbers come from the program */
	type("9: 123123123\r");
	wait_for("not recorded: there is no paper 9 in pass 1 to enter again", &at);
	wait_for("[pass 1] paper 4 (3 of 33 entered)> ", &at);
	type("?\r");
	wait_for("1  not issued by the counting board", &at);
	wait_for("2  a printed name struck out", &at);
	wait_for("4  a row with no box or two or three boxes marked", &at);
	wait_for("A signature never makes a ballot invalid", &at);
	wait_for("u: void the last ballot", &at);
	wait_for("[pass 1] paper 4 (3 of 33 entered)> ", &at);
	/* libedit may still be switching the terminal to raw mode when the prompt appears, and
	 * an end-of-file typed just then is lost (or, seen under heavy load, the session keeps
	 * waiting): type it again a few times, then hang up as a closed terminal window does */
	usleep(200000);
	for (int tries = 0;; tries++) {
		type("\x04");
		if (wait_up_to("3 ballots entered in this session; 3 in pass 1 in all", &at, 10))
			break;
		if (tries == 3) {
			fputs("note: Ctrl-D was lost at the terminal; hanging up instead\n",
			      stderr);
			close(master);
			break;
		}
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("enter did not exit cleanly", "");
	/* what the screen said is what the vote file holds */
	snprintf(
	    cmd, sizeof cmd,
	    "%s tally %s --format csv | grep -q '^1,Nguyễn Văn An,Bí thư Đảng ủy Khối,2,0,0,1,' "
	    "&& %s verify %s >/dev/null",
	    bin, vote, bin, vote);
	if (run(cmd) != 0)
		die("the vote file does not hold what was typed", "");
	collected_session(bin, src, dir);
	colour_session(bin, vote, 0);
	colour_session(bin, vote, 1);
	killed_session(bin, dir);
	long_passphrase(bin, dir);
	signal_at_prompt(bin, dir, SIGINT, 0);
	signal_at_prompt(bin, dir, SIGINT, 1);
	signal_at_prompt(bin, dir, SIGTERM, 0);
	signal_at_prompt(bin, dir, SIGHUP, 1);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	run(cmd);
	puts("ok: interactive entry");
	return 0;
}
