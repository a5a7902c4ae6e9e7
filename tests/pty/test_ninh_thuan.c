/*
 * The Board's path with double entry, as the guide (docs/huong-dan-su-dung.md, 2.2 to 2.4)
 * tells it: the Ninh Thuận definition filled in, 31 ballots typed partly at the terminal and
 * partly from files in each pass, a typing slip in each pass, each corrected the guide's way
 * (void, then the paper typed again with its number), a clean reconcile, the seal, and a
 * bundle that both verifiers accept.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pty.h"

#define PAPERS 31

static const char *bin, *src;
static char dir[] = "/tmp/tn-nt-XXXXXX", vote[64];
static char truth[PAPERS + 1][8]; /* the reading of each paper ballot, 4 members */

/*
 * Ctrl-D at the prompt, until the summary shows. libedit may still be switching the terminal
 * to raw mode when the prompt appears, and an end-of-file typed just then is lost (or, seen
 * under heavy load, the session keeps waiting): type it again a few times, then hang up as a
 * closed terminal window does.
 */
static void finish(pid_t pid, const char *summary, size_t *at)
{
	int status;

	usleep(200000);
	for (int tries = 0;; tries++) {
		type("\x04");
		if (wait_up_to(summary, at, 10))
			break;
		if (tries == 3) {
			fputs("note: Ctrl-D was lost at the terminal; hanging up instead\n",
			      stderr);
			close(master);
			master = -1;
			break;
		}
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("enter did not exit cleanly", "");
	if (master >= 0)
		close(master);
}

/* A batch file of papers from..to, with one paper read as slip instead. */
static void batch(const char *name, int from, int to, int slipped, const char *slip)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof path, "%s", name);
	if ((f = fopen(path, "w")) == NULL)
		die("cannot write ", path);
	for (int k = from; k <= to; k++)
		fprintf(f, "%s\n", k == slipped ? slip : truth[k]);
	fclose(f);
}

static void expect_output(const char *cmd, int status, const char *text)
{
	char full[2048];

	snprintf(full, sizeof full, "%s >out.new 2>&1; [ $? = %d ] && grep -qF -- '%s' out.new",
		 cmd, status, text);
	if (run(full) != 0) {
		run("cat out.new >&2");
		die("expected in the output: ", text);
	}
	run("mv out.new out");
}

/* One paper typed at the terminal: the prompt names it, the acknowledgement repeats it. */
static void type_paper(int paper, const char *line, size_t *at)
{
	char prompt[64], keys[64], ack[64];

	snprintf(prompt, sizeof prompt, "] paper %d (", paper);
	snprintf(keys, sizeof keys, "%s\r", line);
	snprintf(ack, sizeof ack, "OK paper %d: ", paper);
	wait_for(prompt, at);
	type(keys);
	wait_for(ack, at);
}

int main(void)
{
	char cmd[1024];
	size_t at = 0;
	pid_t pid;

	bin = getenv("TINNHIEM");
	src = getenv("TN_SOURCE_ROOT");
	if (bin == NULL || src == NULL || mkdtemp(dir) == NULL || chdir(dir) < 0)
		return 99;
	snprintf(vote, sizeof vote, "%s/v.db", dir);
	for (int k = 1; k <= PAPERS; k++)
		snprintf(truth[k], sizeof truth[k], "%d%d%d%d", k % 3 + 1, (k / 3) % 3 + 1,
			 (k * 7) % 3 + 1, k % 2 + 1);
	strcpy(truth[9], "x 2"); /* a printed name struck out */
	snprintf(cmd, sizeof cmd, "sh %s/tests/e2e/ninh-thuan-filled.sh %s nt.ini", src, src);
	if (run(cmd) != 0)
		die("cannot fill in the template", "");
	snprintf(cmd, sizeof cmd, "%s init nt.ini v.db >/dev/null", bin);
	if (run(cmd) != 0)
		die("init refused the filled-in template", "");
	snprintf(cmd, sizeof cmd,
		 "%s meeting %s --present 31 --issued 31 --collected 31 >/dev/null", bin, vote);
	if (run(cmd) != 0)
		die("meeting refused", "");

	/* pass 1: papers 1 to 10 at the terminal, paper 4 typed wrongly (1213 for its reading) */
	pid = start_enter(bin, vote, "1");
	wait_for("4 members per ballot", &at);
	for (int k = 1; k <= 10; k++)
		type_paper(k, k == 4 ? "1213" : truth[k], &at);
	finish(pid, "10 ballots entered in this session; 10 in pass 1 in all", &at);
	/* papers 11 to 31 from a file */
	batch("p1.txt", 11, PAPERS, 0, NULL);
	snprintf(cmd, sizeof cmd, "%s enter v.db --from p1.txt", bin);
	expect_output(cmd, 0, "recorded 21 ballots in pass 1: papers 11 to 31");

	/* pass 2: papers 1 to 20 from a file, paper 20 misread; then 21 to 31 at the terminal */
	batch("p2.txt", 1, 20, 20, "3333");
	snprintf(cmd, sizeof cmd, "%s enter v.db --pass 2 --from p2.txt", bin);
	expect_output(cmd, 0, "DIFFERENCE on paper 4: pass 1 read 1213");
	expect_output("cat out", 0, "DIFFERENCE on paper 20: pass 1 read");
	at = 0;
	pid = start_enter(bin, vote, "2");
	wait_for("[pass 2] paper 21 (20 of 31 entered)", &at);
	at -= strlen("] paper 21 (20 of 31 entered)"); /* type_paper waits for the prompt again */
	for (int k = 21; k <= PAPERS; k++)
		type_paper(k, truth[k], &at);
	wait_for("[pass 2] paper 32 (all 31 collected entered)> ", &at);
	finish(pid, "11 ballots entered in this session; 31 in pass 2 in all", &at);

	/* reconcile names both papers, one line each; the seal is refused */
	snprintf(cmd, sizeof cmd, "%s reconcile v.db", bin);
	expect_output(cmd, 1, "paper 4: pass 1 read 1213, pass 2 read ");
	expect_output("cat out", 0, "paper 20: pass 1 read ");
	expect_output("cat out", 0, "2 differences");
	snprintf(cmd, sizeof cmd, "%s close v.db", bin);
	expect_output(cmd, 65, "double entry: 2 differences between the passes");

	/* the paper shows pass 1 was wrong on 4: void it, type paper 4 again with its number */
	snprintf(cmd, sizeof cmd, "%s void v.db 4 --reason 'nhập nhầm hàng 3'", bin);
	expect_output(cmd, 0, "type \"4: \" and its marks");
	at = 0;
	pid = start_enter(bin, vote, "1");
	wait_for("[pass 1] paper 32 (30 of 31 entered)> ", &at);
	snprintf(cmd, sizeof cmd, "4: %s", truth[4]);
	type(cmd);
	type("\r");
	wait_for("OK paper 4: ", &at);
	wait_for("[pass 1] paper 32 (all 31 collected entered)> ", &at);
	finish(pid, "1 ballot entered in this session; 31 in pass 1 in all", &at);

	/* and pass 2 was wrong on 20: void it; pass 2 then waits for paper 20 by itself */
	snprintf(cmd, sizeof cmd, "%s void v.db 20 --pass 2 --reason 'đọc nhầm'", bin);
	expect_output(cmd, 0, "paper 20 of pass 2 is void");
	at = 0;
	pid = start_enter(bin, vote, "2");
	type_paper(20, truth[20], &at);
	wait_for("[pass 2] paper 32 (all 31 collected entered)> ", &at);
	if (strstr(screen, "DIFFERENCE") != NULL)
		die("the corrected reading differs from pass 1", "");
	finish(pid, "1 ballot entered in this session; 31 in pass 2 in all", &at);

	snprintf(cmd, sizeof cmd, "%s reconcile v.db", bin);
	expect_output(cmd, 0, "pass 1 and pass 2 agree");
	snprintf(cmd, sizeof cmd, "%s close v.db", bin);
	expect_output(cmd, 0, "closed v.db");
	snprintf(cmd, sizeof cmd,
		 "%s export v.db -o v.bundle && %s verify v.bundle --no-authenticity", bin, bin);
	expect_output(cmd, 0, "verified: everything matches");
	snprintf(cmd, sizeof cmd, "python3 %s/docs/examples/verify-bundle.py v.bundle", src);
	expect_output(cmd, 0, "OK");
	/* the count is the papers' own: the slips left no trace in it */
	int n[4] = {0};
	char row[128];

	for (int k = 1; k <= PAPERS; k++)
		n[truth[k][0] == 'x' ? 0 : truth[k][0] - '0']++;
	snprintf(row, sizeof row, "1,Lưu Xuân Hải,Bí thư Đảng ủy Khối,%d,%d,%d,%d,", n[1], n[2],
		 n[3], n[0]);
	snprintf(cmd, sizeof cmd, "%s tally v.db --format csv", bin);
	expect_output(cmd, 0, row);
	if (chdir("/") == 0) {
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		run(cmd);
	}
	puts("ok: the Ninh Thuận path with double entry and a correction in each pass");
	return 0;
}
