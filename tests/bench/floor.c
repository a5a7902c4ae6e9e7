/*
 * The floors the benchmarks compare with: only the work that cannot be avoided, in plain C,
 * with the same SQLite library settings as tinnhiem (one thread, no memory statistics).
 *   floor insert BALLOTS.txt DB  the same record lines with their BLAKE2b chain, one prepared
 *                                statement, one transaction, into a bare table (the same
 *                                columns, no CHECK, no index, no trigger; the same PRAGMAs)
 *   floor scan DB                steps every row of the records table, reading each column
 *   floor scan-chain DB          the same, and hashes each record into the chain
 *   floor hash BUNDLE            reads the file and hashes each record line into the chain
 *   floor fsync FILE N           N appends each followed by fsync (the durable-commit floor)
 */
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char tag[] = "tinnhiem:record:1\n";

static void extend(uint8_t head[32], const void *line, size_t len)
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, 32);
	crypto_generichash_update(&st, (const unsigned char *)tag, sizeof tag - 1);
	crypto_generichash_update(&st, head, 32);
	crypto_generichash_update(&st, line, len);
	crypto_generichash_final(&st, head, 32);
}

/* The record line tinnhiem makes of a batch line (src/record.c), for a vote under QĐ 96. */
static int record_line(char *body, size_t size, long serial, const char *line)
{
	if (line[0] == 'x')
		return snprintf(body, size, "ballot\t1\t%ld\tx%s\tinvalid:%s", serial, line + 2,
				line + 2);
	return snprintf(body, size, "ballot\t1\t%ld\t%s\t%s", serial, line,
			strchr(line, '0') ? "invalid:4" : "valid");
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
	/* tinnhiem's PRAGMAs (src/store.c), its rollback journal, and BEGIN IMMEDIATE */
	if (sqlite3_exec(db,
			 "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
			 "PRAGMA trusted_schema = OFF;"
			 "CREATE TABLE records(seq INTEGER PRIMARY KEY, kind TEXT, pass INTEGER,"
			 " serial INTEGER, body TEXT, head BLOB);"
			 "BEGIN IMMEDIATE",
			 NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO records VALUES (?, 'ballot', 1, ?, ?, ?)", -1, &st,
			       NULL) != SQLITE_OK)
		return 1;
	while ((n = getline(&line, &cap, f)) > 0) {
		int len;

		line[n - 1] = '\0';
		len = record_line(body, sizeof body, ++serial, line);
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
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return 1;
	sqlite3_close(db);
	free(line);
	fclose(f);
	return 0;
}

static int scan(const char *path, int chain)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	uint8_t head[32] = {0};
	long long sum = 0;
	int rc;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT seq, kind, pass, serial, body, head FROM records", -1,
			       &st, NULL) != SQLITE_OK)
		return 1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *body = sqlite3_column_text(st, 4);
		int len = sqlite3_column_bytes(st, 4);

		sum += sqlite3_column_int64(st, 0) + sqlite3_column_bytes(st, 1) +
		       sqlite3_column_int(st, 2) + sqlite3_column_int64(st, 3) + len +
		       *(const unsigned char *)sqlite3_column_blob(st, 5);
		if (chain)
			extend(head, body, (size_t)len);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc != SQLITE_DONE || sum == 0;
}

static int hash(const char *bundle)
{
	FILE *f = fopen(bundle, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	uint8_t head[32] = {0};

	if (f == NULL)
		return 1;
	while ((n = getline(&line, &cap, f)) > 0)
		if (n > 66 && line[n - 66] == '\t') /* a record line: what precedes its head */
			extend(head, line, (size_t)n - 66);
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
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (argc == 4 && strcmp(argv[1], "insert") == 0)
		return insert(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "scan") == 0)
		return scan(argv[2], 0);
	if (argc == 3 && strcmp(argv[1], "scan-chain") == 0)
		return scan(argv[2], 1);
	if (argc == 3 && strcmp(argv[1], "hash") == 0)
		return hash(argv[2]);
	if (argc == 4 && strcmp(argv[1], "fsync") == 0)
		return durable(argv[2], atol(argv[3]));
	fputs("usage: floor insert BALLOTS DB | scan DB | scan-chain DB | hash BUNDLE | "
	      "fsync FILE N\n",
	      stderr);
	return 2;
}
