/*
 * The floors the benchmarks compare with, doing only the work that cannot be avoided:
 *   floor insert BALLOTS.txt DB   the same rows, one prepared statement, one transaction,
 *                                 into a table of the same shape, with the same chain hashes
 *   floor hash BUNDLE             read the file and hash every record line into the chain
 *   floor fsync FILE N            N appends each followed by fsync (the durable-commit floor)
 */
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

static const char tag[] = "tinnhiem:record:1\n";

static void extend(uint8_t head[32], const char *line, size_t len)
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, (const unsigned char *)tag, sizeof tag - 1);
	crypto_generichash_update(&st, head, 32);
	crypto_generichash_update(&st, (const unsigned char *)line, len);
	crypto_generichash_final(&st, head, 32);
}

static int insert(const char *ballots, const char *path)
{
	FILE *f = fopen(ballots, "r");
	sqlite3 *db;
	sqlite3_stmt *st;
	char *line = NULL, body[1024];
	size_t cap = 0;
	ssize_t n;
	long serial = 0;
	uint8_t head[32] = {0};

	if (f == NULL || sqlite3_open(path, &db) != SQLITE_OK)
		return 1;
	sqlite3_exec(db,
		     "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
		     /* the shape of tinnhiem's table (src/store.c), without its triggers */
		     "CREATE TABLE records(seq INTEGER PRIMARY KEY,"
		     " kind TEXT NOT NULL CHECK (kind IN ('meeting', 'ballot', 'void', 'seal')),"
		     " pass INTEGER CHECK (pass IS NULL OR pass IN (1, 2)),"
		     " serial INTEGER CHECK (serial IS NULL OR serial > 0),"
		     " body TEXT NOT NULL, head BLOB NOT NULL CHECK (length(head) = 32));"
		     "CREATE UNIQUE INDEX rb ON records(pass, serial) WHERE kind = 'ballot';"
		     "CREATE UNIQUE INDEX rv ON records(pass, serial) WHERE kind = 'void';"
		     "BEGIN IMMEDIATE",
		     NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO records VALUES (?, 'ballot', 1, ?, ?, ?)", -1, &st,
			   NULL);
	while ((n = getline(&line, &cap, f)) > 0) {
		int len;

		line[n - 1] = '\0';
		serial++;
		if (line[0] == 'x')
			len = snprintf(body, sizeof body, "ballot\t1\t%ld\tx%s\tinvalid:%s", serial,
				       line + 2, line + 2);
		else
			len = snprintf(body, sizeof body, "ballot\t1\t%ld\t%s\t%s", serial, line,
				       strchr(line, '0') ? "invalid:4" : "valid");
		extend(head, body, (size_t)len);
		sqlite3_bind_int64(st, 1, serial);
		sqlite3_bind_int64(st, 2, serial);
		sqlite3_bind_text(st, 3, body, len, SQLITE_STATIC);
		sqlite3_bind_blob(st, 4, head, 32, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return 1;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	sqlite3_close(db);
	free(line);
	fclose(f);
	return 0;
}

static int hash(const char *bundle)
{
	FILE *f = fopen(bundle, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	uint8_t head[32] = {0};
	long records = 0;

	if (f == NULL)
		return 1;
	while ((n = getline(&line, &cap, f)) > 0) {
		if (n > 66 &&
		    line[n - 66] == '\t') { /* a record line: hash what precedes its head */
			extend(head, line, (size_t)n - 66);
			records++;
		}
	}
	fprintf(stderr, "%ld record lines hashed\n", records);
	free(line);
	fclose(f);
	return 0;
}

static int durable(const char *path, long n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0644);
	static const char rec[] = "ballot\t1\t1\t123123123\tvalid\n";

	if (fd < 0)
		return 1;
	for (long i = 0; i < n; i++)
		if (write(fd, rec, sizeof rec - 1) < 0 || fsync(fd) < 0)
			return 1;
	return close(fd);
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0)
		return 1;
	/* the same library settings as tinnhiem: one thread, no memory statistics */
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (argc == 4 && strcmp(argv[1], "insert") == 0)
		return insert(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "hash") == 0)
		return hash(argv[2]);
	if (argc == 4 && strcmp(argv[1], "fsync") == 0)
		return durable(argv[2], atol(argv[3]));
	fputs("usage: floor insert BALLOTS DB | hash BUNDLE | fsync FILE N\n", stderr);
	return 2;
}
