/*
 * The accuracy test: 700,000 seeded ballots of 15 members (10.5 million positions) typed in
 * through the real batch entry, tallied by the program, and compared with a count made here,
 * independently, under each rule profile. The allowed number of differences is zero.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MEMBERS 15

static const char *const profiles[] = {"qd96-2023", "nq96-2023", "nq85-2014"};

struct count {
	uint64_t level[4]; /* invalid, high, medium, low */
};

static uint64_t rng_state;

static uint64_t next(void)
{
	/* xorshift64*: fixed, so every run types the same ballots */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static int sh(const char *cmd)
{
	int rc = system(cmd);

	return rc == 0 ? 0 : -1;
}

static void write_definition(const char *path, const char *profile, long convened)
{
	FILE *f = fopen(path, "w");

	fprintf(f,
		"[vote]\ntitle = Kiểm tra độ chính xác\nparent_body = P\nissuing_body = I\n"
		"place = X\ndate = 2023-06-28\nrules = %s\n[meeting]\nconvened = %ld\n"
		"[counting_board]\nmember = A | Trưởng ban\n",
		profile, convened);
	for (int m = 0; m < MEMBERS; m++)
		fprintf(f, "[member]\nname = Người %02d\nposition = Ủy viên\n", m + 1);
	fclose(f);
}

/* Writes the ballots and counts them as the regulation says, row scope or ballot scope. */
static void write_ballots(const char *path, long n, int row_scope, struct count *c,
			  uint64_t *invalid_ballots)
{
	FILE *f = fopen(path, "w");
	char marks[MEMBERS];

	memset(c, 0, sizeof *c * MEMBERS);
	*invalid_ballots = 0;
	rng_state = 0x9e3779b97f4a7c15ULL;
	for (long i = 0; i < n; i++) {
		uint64_t r = next() % 1000;
		int zero = 0;

		if (r < 7) { /* wholly invalid, with a reason now and then */
			static const int grounds[] = {1, 2, 4}; /* QĐ 96's */

			fprintf(f, r < 4 ? "x %d\n" : "x\n", grounds[next() % 3]);
			(*invalid_ballots)++;
			for (int m = 0; m < MEMBERS; m++)
				c[m].level[0]++;
			continue;
		}
		for (int m = 0; m < MEMBERS; m++) {
			uint64_t k = next() % 100;

			marks[m] = k < 2 ? 0 : k < 55 ? 1 : k < 85 ? 2 : 3;
			zero |= marks[m] == 0;
			fputc('0' + marks[m], f);
			if ((i & 1) && m + 1 < MEMBERS)
				fputc(' ', f);
		}
		fputc('\n', f);
		if (zero && !row_scope) {
			(*invalid_ballots)++;
			for (int m = 0; m < MEMBERS; m++)
				c[m].level[0]++;
			continue;
		}
		for (int m = 0; m < MEMBERS; m++)
			c[m].level[(int)marks[m]]++;
	}
	fclose(f);
}

/* Percentages another way: quotient and remainder, up when the remainder is half or more. */
static void percent(uint64_t count, uint64_t base, char *out)
{
	uint64_t q = count * 10000 / base, r = count * 10000 % base;

	if (2 * r >= base)
		q++;
	sprintf(out, "%" PRIu64 ".%02" PRIu64, q / 100, q % 100);
}

static long compare(const char *csv, const struct count *c, uint64_t base)
{
	FILE *f = fopen(csv, "r");
	char line[512], want[512], p[3][32];
	long diffs = 0, m = 0;

	if (f == NULL || fgets(line, sizeof line, f) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL && m < MEMBERS) {
		for (int k = 0; k < 3; k++)
			percent(c[m].level[k + 1], base, p[k]);
		snprintf(want, sizeof want,
			 "%ld,Người %02ld,Ủy viên,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
			 ",%s,%s,%s,",
			 m + 1, m + 1, c[m].level[1], c[m].level[2], c[m].level[3], c[m].level[0],
			 p[0], p[1], p[2]);
		if (strncmp(line, want, strlen(want)) != 0) {
			fprintf(stderr, "member %ld:\n  program: %s  here:    %s\n", m + 1, line,
				want);
			diffs++;
		}
		m++;
	}
	fclose(f);
	return m == MEMBERS ? diffs : -1;
}

int main(void)
{
	const char *bin = getenv("TINNHIEM"), *size = getenv("TN_ACCURACY_BALLOTS");
	long n = size ? atol(size) : 700000, total = 0;
	char dir[] = "/tmp/tn-accuracy-XXXXXX", cmd[2048], def[256], ballots[256], vote[256],
	     csv[256];

	if (bin == NULL || mkdtemp(dir) == NULL)
		return 99;
	for (size_t p = 0; p < sizeof profiles / sizeof *profiles; p++) {
		struct count c[MEMBERS];
		uint64_t invalid;
		long convened = n + 17, diffs;
		int row = p > 0;

		snprintf(def, sizeof def, "%s/%s.ini", dir, profiles[p]);
		snprintf(ballots, sizeof ballots, "%s/ballots.txt", dir);
		snprintf(vote, sizeof vote, "%s/%s.db", dir, profiles[p]);
		snprintf(csv, sizeof csv, "%s/%s.csv", dir, profiles[p]);
		write_definition(def, profiles[p], convened);
		write_ballots(ballots, n, row, c, &invalid);
		snprintf(cmd, sizeof cmd,
			 "%s init %s %s >/dev/null && %s enter %s --from %s >/dev/null && "
			 "%s meeting %s --present %ld --issued %ld --collected %ld >/dev/null && "
			 "%s tally %s --format csv >%s",
			 bin, def, vote, bin, vote, ballots, bin, vote, n, n, n, bin, vote, csv);
		if (sh(cmd) < 0) {
			fprintf(stderr, "%s: the program failed\n", profiles[p]);
			return 1;
		}
		diffs = compare(csv, c, (uint64_t)(p == 2 ? convened : n));
		printf("%s: %ld ballots x %d members = %ld positions, %" PRIu64
		       " invalid ballots, %ld differences\n",
		       profiles[p], n, MEMBERS, n * MEMBERS, invalid, diffs);
		if (diffs != 0)
			return 1;
		total += n * MEMBERS;
		snprintf(cmd, sizeof cmd, "rm -f %s", vote);
		sh(cmd);
	}
	printf("%ld positions compared under %zu profiles: zero differences\n", total,
	       sizeof profiles / sizeof *profiles);
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	sh(cmd);
	return 0;
}
