/*
 * Seeded generator for the benchmarks: a definition of M members and a batch file of N
 * ballots with a realistic mix (mostly valid, some 0 rows, some x ballots).
 *   gen M N SEED DEF.ini BALLOTS.txt
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state;

static uint64_t next(void)
{
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 2685821657736338717ULL;
}

int main(int argc, char **argv)
{
	long m, n;
	FILE *def, *out;

	if (argc != 6)
		return fputs("usage: gen M N SEED DEF.ini BALLOTS.txt\n", stderr), 2;
	m = atol(argv[1]);
	n = atol(argv[2]);
	state = strtoull(argv[3], NULL, 10) * 0x9e3779b97f4a7c15ULL + 1;
	def = fopen(argv[4], "w");
	out = fopen(argv[5], "w");
	if (def == NULL || out == NULL || m < 1 || n < 0)
		return 1;
	fprintf(def,
		"[vote]\ntitle = Benchmark\nparent_body = P\nissuing_body = I\nplace = X\n"
		"date = 2023-06-28\n[meeting]\nconvened = %ld\npresent = %ld\nissued = %ld\n"
		"collected = %ld\n[counting_board]\nmember = A | Trưởng ban\n",
		n, n, n, n);
	for (long i = 0; i < m; i++)
		fprintf(def, "[member]\nname = Người số %ld\nposition = Ủy viên\n", i + 1);
	for (long i = 0; i < n; i++) {
		uint64_t r = next() % 1000;

		if (r < 5) {
			fprintf(out, "x %d\n", "124"[next() % 3] - '0'); /* QĐ 96's grounds */
			continue;
		}
		for (long j = 0; j < m; j++) {
			uint64_t k = next() % 1000;

			fputc(r < 25 && k < 100 ? '0' : k < 550 ? '1' : k < 850 ? '2' : '3', out);
		}
		fputc('\n', out);
	}
	return fclose(def) | fclose(out);
}
