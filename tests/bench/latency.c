/*
 * Interactive entry latency: N ballots typed through a pseudo-terminal; for each, the time
 * from Enter to the acknowledgement (which comes after the durable commit) and to the next
 * prompt. The reference is the floor of a durable commit on the same disk: one small append
 * plus fsync.
 *   latency TINNHIEM VOTE.db N
 */
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char screen[1 << 20];
static size_t used;
static int master;

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int wait_for(const char *text, size_t *from)
{
	for (;;) {
		struct pollfd p = {master, POLLIN, 0};
		char *hit;
		ssize_t n;

		screen[used] = '\0';
		if ((hit = strstr(screen + *from, text)) != NULL) {
			*from = (size_t)(hit - screen) + strlen(text);
			return 0;
		}
		if (used > sizeof screen - 4096) { /* keep only the tail */
			memmove(screen, screen + *from, used - *from);
			used -= *from;
			*from = 0;
		}
		if (poll(&p, 1, 10000) <= 0 ||
		    (n = read(master, screen + used, sizeof screen - used - 1)) <= 0)
			return -1;
		used += (size_t)n;
	}
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *what, double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	printf("%-44s median %7.2f ms   p99 %7.2f ms\n", what, v[n / 2], v[n * 99 / 100]);
}

static void fsync_floor(const char *vote, double *t, int n)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof path, "%s.fsync-floor", vote);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	for (int i = 0; i < n; i++) {
		double t0 = now_ms();

		if (write(fd, "ballot\t1\t1\t123123123\tvalid\n", 27) != 27 || fsync(fd) != 0)
			exit(1);
		t[i] = now_ms() - t0;
	}
	close(fd);
	unlink(path);
}

int main(int argc, char **argv)
{
	int n = argc == 4 ? atoi(argv[3]) : 0, status;
	double *t = calloc((size_t)(n > 0 ? n : 1), sizeof *t);
	double *p = calloc((size_t)(n > 0 ? n : 1), sizeof *p);
	size_t at = 0;
	pid_t pid;

	if (n <= 0)
		return fputs("usage: latency TINNHIEM VOTE.db N\n", stderr), 2;
	pid = forkpty(&master, NULL, NULL, NULL);
	if (pid == 0) {
		setenv("TERM", "dumb", 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		execl(argv[1], "tinnhiem", "enter", argv[2], (char *)NULL);
		_exit(127);
	}
	if (wait_for("entered)> ", &at) < 0)
		return 1;
	for (int i = 0; i < n; i++) {
		static const char *const lines[] = {"123123123\r", "1 1 1 2 2 2 3 3 3\r", "x 2\r",
						    "321321321\r"};
		double t0 = now_ms();

		if (write(master, lines[i % 4], strlen(lines[i % 4])) < 0 ||
		    wait_for("  OK paper ", &at) < 0 || wait_for("\n", &at) < 0)
			return 1;
		t[i] = now_ms() - t0;
		if (wait_for("entered)> ", &at) < 0)
			return 1;
		p[i] = now_ms() - t0;
	}
	/* hang up, as a closed window does: libedit may drop a Ctrl-D typed as it switches modes */
	if (close(master) < 0 || waitpid(pid, &status, 0) != pid)
		return 1;
	report("Enter to acknowledgement", t, n);
	report("Enter to the next prompt", p, n);
	fsync_floor(argv[2], t, n);
	report("floor: append + fsync on the same disk", t, n);
	return 0;
}
