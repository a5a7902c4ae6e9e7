/*
 * Runs a command R times and prints its best wall time and its peak resident memory:
 *   run R SETUP COMMAND [ARG]...
 * prints "MICROSECONDS KIB" (the best wall time of the R runs, the largest ru_maxrss among
 * them). SETUP is a shell command run before each run, untimed ("" for none). The command's
 * output goes to /dev/null; a run that fails stops everything, with status 1.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* One timed run: its wall time in microseconds, its peak memory in KiB; -1 when it failed. */
static double once(char **argv, long *kib)
{
	struct rusage ru;
	double t0 = now_us(), t;
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		if (getenv("TN_BENCH_STDERR") == NULL)
			dup2(null, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) != pid)
		return -1;
	t = now_us() - t0;
	*kib = ru.ru_maxrss;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? t : -1;
}

int main(int argc, char **argv)
{
	int runs = argc > 3 ? atoi(argv[1]) : 0;
	double best = 0;
	long peak = 0;

	if (runs < 1)
		return fputs("usage: run R SETUP COMMAND [ARG]...\n", stderr), 2;
	for (int i = 0; i < runs; i++) {
		long kib = 0;
		double t;

		if (argv[2][0] != '\0' && system(argv[2]) != 0)
			return fprintf(stderr, "setup failed: %s\n", argv[2]), 1;
		if ((t = once(argv + 3, &kib)) < 0) {
			fprintf(stderr, "FAILED:");
			for (int j = 3; j < argc; j++)
				fprintf(stderr, " %s", argv[j]);
			fputc('\n', stderr);
			return 1;
		}
		if (i == 0 || t < best)
			best = t;
		if (kib > peak)
			peak = kib;
	}
	printf("%.0f %ld\n", best, peak);
	return 0;
}
