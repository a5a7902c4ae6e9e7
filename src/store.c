/*
 * The vote file. Records are append-only by triggers in the database itself, whatever
 * program writes to it; the schema grows by an append-only list of migrations.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tinnhiem/atomic.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/store.h"

#define APPLICATION_ID	0x544e4831 /* "TNH1" */
#define BUSY_TIMEOUT_MS 120000	   /* another operator's batch may hold the lock a while */

static const char *const migrations[] = {
    /* 1: the definition and the chained records */
    "CREATE TABLE definition("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  canonical TEXT NOT NULL,"
    "  hash BLOB NOT NULL CHECK (length(hash) = 32));"
    "CREATE TABLE records("
    "  seq INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL CHECK (kind IN ('meeting', 'ballot', 'void', 'seal')),"
    "  pass INTEGER CHECK (pass IS NULL OR pass IN (1, 2)),"
    "  serial INTEGER CHECK (serial IS NULL OR serial > 0),"
    "  body TEXT NOT NULL,"
    "  head BLOB NOT NULL CHECK (length(head) = 32));"
    "CREATE UNIQUE INDEX records_ballot ON records(pass, serial) WHERE kind = 'ballot';"
    "CREATE UNIQUE INDEX records_void ON records(pass, serial) WHERE kind = 'void';"
    "CREATE TRIGGER definition_no_update BEFORE UPDATE ON definition"
    "  BEGIN SELECT RAISE(ABORT, 'the definition is fixed'); END;"
    "CREATE TRIGGER definition_no_delete BEFORE DELETE ON definition"
    "  BEGIN SELECT RAISE(ABORT, 'the definition is fixed'); END;"
    "CREATE TRIGGER definition_once BEFORE INSERT ON definition"
    "  WHEN EXISTS (SELECT 1 FROM definition)"
    "  BEGIN SELECT RAISE(ABORT, 'the definition is fixed'); END;"
    "CREATE TRIGGER records_no_update BEFORE UPDATE ON records"
    "  BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;"
    "CREATE TRIGGER records_no_delete BEFORE DELETE ON records"
    "  BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;"
    /* one subquery per append: the next seq in order, and none after a seal */
    "CREATE TRIGGER records_append BEFORE INSERT ON records"
    "  WHEN NEW.seq IS NOT COALESCE((SELECT CASE kind WHEN 'seal' THEN NULL ELSE seq + 1 END"
    "    FROM records ORDER BY seq DESC LIMIT 1), (SELECT 1 WHERE NOT EXISTS"
    "    (SELECT 1 FROM records)))"
    "  BEGIN SELECT RAISE(ABORT, 'records are appended in order, and none after the seal');"
    "  END;",
    /*
     * 2: the number written on the paper of each ballot (the serial, for ballots of files
     * made before); two more kinds, decisions and signatures; the kinds and passes checked by
     * comparisons, which SQLite evaluates without building a list for every row. A CHECK
     * cannot be altered: the table is made anew and the records copied in order.
     */
    "ALTER TABLE records RENAME TO records_1;"
    "CREATE TABLE records("
    "  seq INTEGER PRIMARY KEY,"
    "  kind TEXT NOT NULL"
    "    CHECK (kind = 'ballot' OR kind = 'void' OR kind = 'meeting' OR kind = 'seal' OR"
    "      kind = 'decision' OR kind = 'signature'),"
    "  pass INTEGER CHECK (pass IS NULL OR pass = 1 OR pass = 2),"
    "  serial INTEGER CHECK (serial IS NULL OR serial > 0),"
    "  body TEXT NOT NULL,"
    "  head BLOB NOT NULL CHECK (length(head) = 32),"
    "  paper INTEGER CHECK (paper IS NULL OR paper > 0));"
    "INSERT INTO records SELECT seq, kind, pass, serial, body, head,"
    "  CASE kind WHEN 'ballot' THEN serial END FROM records_1 ORDER BY seq;"
    "DROP TABLE records_1;"
    "CREATE UNIQUE INDEX records_ballot ON records(pass, serial)"
    "  WHERE kind = 'ballot';"
    "CREATE UNIQUE INDEX records_void ON records(pass, serial)"
    "  WHERE kind = 'void';"
    "CREATE INDEX records_paper ON records(pass, paper) WHERE kind = 'ballot';"
    /* the meeting facts, read before every prompt, without a scan of the ballots */
    "CREATE INDEX records_meeting ON records(seq) WHERE kind = 'meeting';"
    /*
     * the board's decision on a held ballot (pass 1, the serial it decides) and a member's
     * signature after the seal (the serial column holds the member's order), each at most
     * once
     */
    "CREATE UNIQUE INDEX records_decision ON records(serial) WHERE kind = 'decision';"
    "CREATE UNIQUE INDEX records_signature ON records(serial) WHERE kind = 'signature';"
    "CREATE TRIGGER records_no_update BEFORE UPDATE ON records"
    "  BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;"
    "CREATE TRIGGER records_no_delete"
    "  BEFORE DELETE ON records"
    "  BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;"
    /* the next seq in order; after a seal or a signature, a signature, and only there */
    "CREATE TRIGGER records_append BEFORE INSERT ON records"
    "  WHEN NEW.seq IS NOT COALESCE((SELECT CASE WHEN (kind = 'seal' OR kind = 'signature') ="
    "    (NEW.kind = 'signature') THEN seq + 1 END FROM records ORDER BY seq DESC LIMIT 1),"
    "    (SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM records) AND NEW.kind <> 'signature'))"
    "  BEGIN SELECT RAISE(ABORT, 'records are appended in order, and after the seal only "
    "signatures'); END;",
};

const int store_latest_version = (int)(sizeof migrations / sizeof migrations[0]);

enum stmt {
	Q_HEAD,
	Q_APPEND,
	Q_LAST_SERIAL,
	Q_BALLOT,
	Q_VOIDED,
	Q_VOIDS,
	Q_PAPER,
	Q_PAPER_NO_VOIDS,
	Q_PAPERS,
	Q_PAPERS_NO_VOIDS,
	Q_MAX_PAPER,
	Q_DECIDED,
	Q_SEALED,
	Q_EACH,
	Q_EACH_KIND,
	Q_EACH_MEETING,
	Q_EACH_VOID,
	Q_LIVE_1,
	Q_LIVE_2,
	Q_APPENDED,
	Q_WAITING,
	Q_COUNT
};

/* the papers of a pass known at once, when they are read in order (pass 1 during pass 2) */
#define WINDOW	   256
#define WINDOW_SQL "256"

#define PAPER_SQL(voided, papers)                                                                  \
	"SELECT paper, serial, body, " voided " FROM records r WHERE kind = 'ballot' AND "         \
	"pass = ?1 AND paper " papers

/* the ballots of a pass in paper order, through records_paper */
#define LIVE_SQL                                                                                   \
	"SELECT paper, serial, body FROM records WHERE kind = 'ballot' AND pass = ? "              \
	"ORDER BY paper"

static const char *const stmt_sql[Q_COUNT] = {
    [Q_HEAD] = "SELECT seq, head FROM records ORDER BY seq DESC LIMIT 1",
    [Q_APPEND] = "INSERT INTO records(seq, kind, pass, serial, body, head, paper) "
		 "VALUES (?6, ?1, ?2, ?3, ?4, ?5, ?7)",
    [Q_LAST_SERIAL] = "SELECT COALESCE(MAX(serial), 0) FROM records "
		      "WHERE kind = 'ballot' AND pass = ?",
    [Q_BALLOT] = "SELECT body FROM records WHERE kind = 'ballot' AND pass = ? AND serial = ?",
    [Q_VOIDED] = "SELECT 1 FROM records WHERE kind = 'void' AND pass = ? AND serial = ?",
    [Q_VOIDS] = "SELECT count(*) FROM records WHERE kind = 'void' AND pass = ?",
    /* every ballot of a pass given to one paper (a few at most), and whether it is void */
    [Q_PAPER] = PAPER_SQL("EXISTS (SELECT 1 FROM records v WHERE v.kind = 'void' AND v.pass = ?1 "
			  "AND v.serial = r.serial)",
			  "= ?2"),
    /* the same, in a pass without a void */
    [Q_PAPER_NO_VOIDS] = PAPER_SQL("0", "= ?2"),
    /* every ballot of the next WINDOW papers from ?2 on, and a few more */
    [Q_PAPERS] = PAPER_SQL("EXISTS (SELECT 1 FROM records v WHERE v.kind = 'void' AND v.pass = ?1 "
			   "AND v.serial = r.serial)",
			   ">= ?2 ORDER BY paper, seq LIMIT " WINDOW_SQL),
    [Q_PAPERS_NO_VOIDS] = PAPER_SQL("0", ">= ?2 ORDER BY paper, seq LIMIT " WINDOW_SQL),
    [Q_MAX_PAPER] = "SELECT COALESCE(max(paper), 0) FROM records WHERE kind = 'ballot' "
		    "AND pass = ?1",
    /* the papers whose every ballot of the pass is void: from the few voids (CROSS JOIN: in
     * this order, not every ballot in paper order), through indexes */
    [Q_WAITING] = "SELECT DISTINCT b.paper FROM records v CROSS JOIN records b "
		  "ON b.kind = 'ballot' AND b.pass = ?1 AND b.serial = v.serial "
		  "WHERE v.kind = 'void' AND v.pass = ?1 AND NOT EXISTS (SELECT 1 FROM records l "
		  "WHERE l.kind = 'ballot' AND l.pass = ?1 AND l.paper = b.paper AND NOT EXISTS "
		  "(SELECT 1 FROM records w WHERE w.kind = 'void' AND w.pass = ?1 "
		  "AND w.serial = l.serial)) ORDER BY b.paper",
    [Q_DECIDED] = "SELECT 1 FROM records WHERE kind = 'decision' AND pass = ? AND serial = ?",
    /* only signatures follow a seal */
    [Q_SEALED] = "SELECT kind IN ('seal', 'signature') FROM records ORDER BY seq DESC LIMIT 1",
    [Q_EACH] = "SELECT seq, kind, pass, serial, body, head, paper FROM records ORDER BY seq",
    [Q_EACH_KIND] = "SELECT seq, kind, pass, serial, body, head, paper FROM records "
		    "WHERE kind = ? ORDER BY seq",
    [Q_EACH_MEETING] = "SELECT seq, kind, pass, serial, body, head, paper FROM records "
		       "WHERE kind = 'meeting' ORDER BY seq",
    /* the few voids through their index, then sorted (+seq: not the whole table in order) */
    [Q_EACH_VOID] = "SELECT seq, kind, pass, serial, body, head, paper FROM records "
		    "WHERE kind = 'void' ORDER BY +seq",
    [Q_LIVE_1] = LIVE_SQL,
    [Q_LIVE_2] = LIVE_SQL,
    /* the records from ?1 on and the one before them, for records_append's rule */
    [Q_APPENDED] = "SELECT seq, kind FROM records WHERE seq >= ?1 - 1 ORDER BY seq",
};

enum { TX_NONE, TX_READ, TX_WRITE };

/*
 * Appends inside a write transaction wait here, PENDING at most, and reach the file as one
 * INSERT of many rows. SQLite keeps a statement journal for each statement on a table with a
 * trigger (records_append): one statement for 64 rows copies each page it changes once, not
 * 64 times. Every read that could see a waiting record writes them first (flush); the commit
 * writes them, a rollback forgets them.
 */
#define PENDING	       64
#define STMTJRNL_SPILL (1 << 20)

struct pending {
	enum tn_kind kind;
	int pass;
	uint64_t serial, paper;
	int64_t seq;
	size_t off, len; /* of its line in pending_text */
	uint8_t head[TN_HASH_LEN];
};

struct tn_store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[Q_COUNT];
	int in_tx;
	bool wal;	 /* a file of an earlier version, still in WAL mode */
	bool truncating; /* commits truncate the journal; it is deleted at the close */
	/*
	 * Inside a write transaction nobody else can append, so the head, the record count and
	 * the last serials are known without asking the database again.
	 */
	bool head_ok;
	uint8_t head[TN_HASH_LEN];
	int64_t count;
	bool serial_ok[3], paper_ok[3], voids_ok[3];
	/* the last serial, the highest paper and the number of voids of each pass */
	uint64_t serial[3], paper[3], voids[3];
	/*
	 * What the store knows of the papers lo to hi of each pass (those without an entry have
	 * no ballot), while the write transaction lasts: pass 2 asks of each paper several times,
	 * and of the papers of pass 1 in order. A pass the transaction has written to is asked
	 * paper by paper; one it has not, WINDOW papers at a time. Forgotten when a ballot or
	 * void of the pass is appended.
	 */
	struct known {
		bool ok, written;
		uint64_t lo, hi;
		size_t n, at;
		struct {
			uint64_t paper;
			struct tn_paper got;
			size_t off, len; /* of the live ballot's line in text */
		} papers[WINDOW];
		struct tn_buf text;
	} known[3];
	int64_t first; /* the first record the write transaction appends; 0 before it appends */
	struct pending pending[PENDING];
	size_t npending;
	struct tn_buf pending_text;
	sqlite3_stmt *append_many; /* PENDING rows, prepared when first needed */
};

static int check_schema(struct tn_store *s, struct tn_err *e);
static int flush(struct tn_store *s, struct tn_err *e);

static void forget(struct tn_store *s)
{
	s->known[1].ok = s->known[2].ok = false;
	s->known[1].written = s->known[2].written = false;
	s->head_ok = false;
	s->serial_ok[1] = s->serial_ok[2] = false;
	s->paper_ok[1] = s->paper_ok[2] = false;
	s->voids_ok[1] = s->voids_ok[2] = false;
}

static int db_fail(struct tn_store *s, struct tn_err *e, const char *what)
{
	const char *msg = s->db ? sqlite3_errmsg(s->db) : "out of memory";
	int code = s->db ? sqlite3_errcode(s->db) : SQLITE_NOMEM;

	if (code == SQLITE_NOTADB)
		return tn_fail(e, TN_EDATA, _("%s: not a tinnhiem vote file"), s->path);
	if (code == SQLITE_FULL)
		return tn_fail(e, TN_EIO, _("%s: %s: disk full"), s->path, what);
	if (code == SQLITE_BUSY)
		return tn_fail(e, TN_EIO, _("%s: %s: the vote file is busy (another operator?)"),
			       s->path, what);
	if (code == SQLITE_CONSTRAINT)
		return tn_fail(e, TN_EDATA, _("%s: %s: refused by the vote file: %s"), s->path,
			       what, msg);
	return tn_fail(e, TN_EIO, _("%s: %s: %s"), s->path, what, msg);
}

static int exec(struct tn_store *s, const char *sql, struct tn_err *e)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(s, e, _("database error"));
	return 0;
}

static int pragma_int(struct tn_store *s, const char *sql, int *out, struct tn_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_fail(s, e, _("cannot read the vote file"));
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, e, _("cannot read the vote file"));
	return 0;
}

/* Applies migrations from..latest inside the caller's write transaction. */
static int apply_migrations(struct tn_store *s, int from, struct tn_err *e)
{
	char sql[64];

	for (int v = from; v < store_latest_version; v++) {
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
		if (exec(s, migrations[v], e) < 0 || exec(s, sql, e) < 0)
			return e->code;
	}
	return 0;
}

static int migrate(struct tn_store *s, int from, struct tn_err *e)
{
	if (exec(s, "BEGIN IMMEDIATE", e) < 0)
		return e->code;
	if (apply_migrations(s, from, e) < 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return e->code;
	}
	return exec(s, "COMMIT", e);
}

static int configure(struct tn_store *s, struct tn_err *e)
{
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(s->db, 0);
	if (exec(s, "PRAGMA foreign_keys = ON", e) < 0 ||
	    exec(s, "PRAGMA synchronous = FULL", e) < 0 ||
	    exec(s, "PRAGMA trusted_schema = OFF", e) < 0)
		return e->code;
	return 0;
}

/*
 * The vote file keeps a rollback journal: every commit is in the file itself, so the file
 * alone (copied to a stick, say) holds every acknowledged ballot, and a reader writes
 * nothing beside it. The journal is truncated at the commit and synced (with synchronous =
 * FULL), not deleted: a deletion is not synced, and one lost to a power cut soon after would
 * bring the journal back and roll an acknowledged ballot back with it. The empty journal is
 * deleted when the writer closes the file (store_close), so that the next write makes it
 * anew with the file's owner and permissions, as another operator may need. Files made by
 * earlier versions are in WAL mode; a writer turns them back when it is alone, and otherwise
 * copies the WAL into the file after each commit.
 */
static int leave_wal(struct tn_store *s, struct tn_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = TRUNCATE", -1, &st, NULL) != SQLITE_OK)
		return db_fail(s, e, _("cannot open"));
	rc = sqlite3_step(st);
	s->wal = rc == SQLITE_ROW &&
		 sqlite3_stricmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
	sqlite3_finalize(st);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
		s->wal = true; /* another operator has it open: stay, and checkpoint */
		return 0;
	}
	s->truncating = rc == SQLITE_ROW && !s->wal;
	return rc == SQLITE_ROW ? 0 : db_fail(s, e, _("cannot open"));
}

static int checkpoint(struct tn_store *s, struct tn_err *e)
{
	if (!s->wal)
		return 0;
	if (sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) !=
	    SQLITE_OK)
		return db_fail(s, e, _("cannot copy the journal into the vote file"));
	return 0;
}

/* One thread uses SQLite here: no mutexes, no memory statistics (they cost a lock per malloc). */
static void configure_library(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	/*
	 * The statement journal of an INSERT of PENDING rows (the pages it changes that earlier
	 * statements of the transaction wrote: some tens of KiB) stays in memory: spilled to a
	 * temporary file at SQLite's default 64 KiB, it was written there page by page for the
	 * rest of a batch, ten times the vote file's own writes.
	 */
	sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, STMTJRNL_SPILL);
}

static int connect(const char *path, int flags, struct tn_store **out, struct tn_err *e)
{
	struct tn_store *s = xcalloc(1, sizeof *s);

	configure_library();
	s->path = xstrdup(path);
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		db_fail(s, e, _("cannot open"));
		store_close(s);
		return e->code;
	}
	if (configure(s, e) < 0) {
		store_close(s);
		return e->code;
	}
	*out = s;
	return 0;
}

/*
 * A file of an earlier schema is upgraded by the first command that writes. A command that
 * only reads never changes it: it reads a copy in memory, upgraded there.
 */
static int upgrade_copy(struct tn_store *s, int version, struct tn_err *e)
{
	sqlite3 *copy;
	sqlite3_backup *b;
	int rc;

	if (sqlite3_open_v2(":memory:", &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(copy);
		return tn_fail(e, TN_EIO, _("%s: out of memory"), s->path);
	}
	b = sqlite3_backup_init(copy, "main", s->db, "main");
	rc = b ? sqlite3_backup_step(b, -1) : sqlite3_errcode(copy);
	sqlite3_backup_finish(b);
	sqlite3_close(s->db);
	s->db = copy;
	if (rc != SQLITE_DONE)
		return db_fail(s, e, _("cannot read the vote file"));
	return configure(s, e) < 0 ? e->code : migrate(s, version, e);
}

static int check_identity(struct tn_store *s, bool writable, struct tn_err *e)
{
	int app, version;

	if (pragma_int(s, "PRAGMA application_id", &app, e) < 0)
		return tn_fail(e, TN_EDATA, _("%s: not a tinnhiem vote file"), s->path);
	if (app != APPLICATION_ID)
		return tn_fail(e, TN_EDATA, _("%s: not a tinnhiem vote file"), s->path);
	if (pragma_int(s, "PRAGMA user_version", &version, e) < 0)
		return e->code;
	if (version > store_latest_version)
		return tn_fail(e, TN_EDATA,
			       _("%s: vote file schema %d is newer than this program knows (%d)"),
			       s->path, version, store_latest_version);
	if (version < 1)
		return tn_fail(e, TN_EDATA, _("%s: vote file has no schema"), s->path);
	if (version < store_latest_version)
		return writable ? migrate(s, version, e) : upgrade_copy(s, version, e);
	return 0;
}

/*
 * The triggers guard the vote file against every other program that writes it; this one
 * appends with them off and checks what it appended at the commit (store_commit), all at
 * once: records_append run for every row cost as much as the rest of the INSERT (a program
 * of its own for each row). It issues no UPDATE or DELETE.
 */
static int triggers_off(struct tn_store *s, struct tn_err *e)
{
	if (sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, NULL) != SQLITE_OK)
		return db_fail(s, e, _("cannot open"));
	return 0;
}

static int prepare_all(struct tn_store *s, struct tn_err *e)
{
	for (int i = 0; i < Q_COUNT; i++)
		if (sqlite3_prepare_v3(s->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
				       &s->stmt[i], NULL) != SQLITE_OK)
			return tn_fail(e, TN_EDATA, _("%s: not a tinnhiem vote file (%s)"), s->path,
				       sqlite3_errmsg(s->db));
	return 0;
}

/* Opens, checks the file is a vote file this program knows, prepares the statements. */
static int open_checked(const char *name, int flags, bool writable, struct tn_store **out,
			struct tn_err *e)
{
	struct tn_store *s;

	if (connect(name, flags | SQLITE_OPEN_NOMUTEX, &s, e) < 0)
		return e->code;
	if (check_identity(s, writable, e) < 0 || check_schema(s, e) < 0 ||
	    (writable && (leave_wal(s, e) < 0 || triggers_off(s, e) < 0)) ||
	    prepare_all(s, e) < 0) {
		store_close(s);
		return e->code;
	}
	*out = s;
	return 0;
}

/*
 * A vote file on read-only media (an archive disc, a write-protected stick) cannot get the
 * shared-memory file that WAL readers need: it is read as immutable, since nothing can
 * change it there.
 */
static int open_immutable(const char *path, struct tn_store **out, struct tn_err *e)
{
	struct tn_buf uri = {0};
	int rc;

	buf_puts(&uri, "file:");
	for (const char *p = path; *p; p++) {
		if (strchr("?#%", *p) != NULL || (unsigned char)*p < 0x21)
			buf_printf(&uri, "%%%02X", (unsigned char)*p);
		else
			buf_putc(&uri, *p);
	}
	buf_puts(&uri, "?immutable=1");
	rc = open_checked(buf_cstr(&uri), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, false, out, e);
	if (rc == 0) {
		free((*out)->path);
		(*out)->path = xstrdup(path);
	}
	buf_free(&uri);
	return rc;
}

/* Whether the file beside path (a link followed, as SQLite follows it) has content. */
static bool has_content(const char *path, const char *suffix)
{
	char side[PATH_MAX + 16], *real = realpath(path, NULL);
	struct stat st;

	snprintf(side, sizeof side, "%s%s", real != NULL ? real : path, suffix);
	free(real);
	return stat(side, &st) == 0 && st.st_size > 0;
}

/*
 * Every write keeps its journal beside the vote file (a link followed, as SQLite follows it):
 * a directory that cannot take one would refuse each change at its first write, whatever
 * the file's own permissions say.
 */
static int dir_takes_journal(const char *path, struct tn_err *e)
{
	char *real = realpath(path, NULL), *copy = xstrdup(real != NULL ? real : path);
	const char *dir = dirname(copy);
	int rc = 0;

	if (access(dir, W_OK | X_OK) < 0)
		rc = tn_fail(e, TN_EIO,
			     _("%s: cannot write in this directory, where each change to %s keeps "
			       "its journal: %s"),
			     dir, path, strerror(errno));
	free(copy);
	free(real);
	return rc;
}

/*
 * A write that was interrupted leaves a hot journal, which only a connection that may write
 * can undo; a reader has one undo it (the first read does), then reads as it meant to. The
 * journal of a finished write is empty.
 */
static void undo_interrupted(const char *path)
{
	sqlite3 *db;

	if (!has_content(path, "-journal") || access(path, W_OK) < 0)
		return;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) ==
	    SQLITE_OK) {
		sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
		sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
	}
	sqlite3_close(db);
}

int store_open(const char *path, bool writable, struct tn_store **out, struct tn_err *e)
{
	struct stat st;
	int rc;

	if (stat(path, &st) < 0)
		return tn_fail(e, errno == ENOENT ? TN_ENOINPUT : TN_EIO, "%s: %s", path,
			       strerror(errno));
	if (!S_ISREG(st.st_mode))
		return tn_fail(e, TN_EDATA, _("%s: not a tinnhiem vote file"), path);
	if (writable && access(path, W_OK) < 0)
		return tn_fail(e, TN_EIO, _("%s: cannot write to it: %s"), path, strerror(errno));
	if (writable && dir_takes_journal(path, e) < 0)
		return e->code;
	if (!writable)
		undo_interrupted(path);
	rc = open_checked(path, writable ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY, writable,
			  out, e);
	if (rc == TN_EIO && !writable && access(path, W_OK) < 0)
		rc = open_immutable(path, out, e);
	return rc;
}

void store_close(struct tn_store *s)
{
	if (s == NULL)
		return;
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(s->stmt[i]);
	sqlite3_finalize(s->append_many);
	/*
	 * The journal of the last commit is empty: leaving a truncating mode, SQLite deletes it,
	 * under a lock that keeps it from deleting another writer's journal (and leaves it when
	 * it cannot take that lock, which is harmless).
	 */
	if (s->truncating && !s->in_tx)
		sqlite3_exec(s->db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	sqlite3_close(s->db);
	buf_free(&s->pending_text);
	buf_free(&s->known[1].text);
	buf_free(&s->known[2].text);
	free(s->path);
	free(s);
}

const char *store_path(const struct tn_store *s)
{
	return s->path;
}

static void remove_temp(const char *tmp)
{
	char side[4096];

	unlink(tmp);
	snprintf(side, sizeof side, "%s-wal", tmp);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", tmp);
	unlink(side);
	snprintf(side, sizeof side, "%s-journal", tmp);
	unlink(side);
}

static void fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* A new file in one transaction: the schema, its identity and the definition. */
static int fill_new(struct tn_store *s, const char *def, size_t len, const uint8_t *hash,
		    struct tn_err *e)
{
	sqlite3_stmt *st = NULL;
	char sql[64];
	int rc;

	snprintf(sql, sizeof sql, "PRAGMA application_id = %d", APPLICATION_ID);
	if (exec(s, "BEGIN IMMEDIATE", e) < 0)
		return e->code;
	if (exec(s, sql, e) < 0 || apply_migrations(s, 0, e) < 0)
		goto fail;
	if (sqlite3_prepare_v2(s->db,
			       "INSERT INTO definition(id, canonical, hash) VALUES (1, ?, ?)", -1,
			       &st, NULL) != SQLITE_OK)
		goto fail_db;
	sqlite3_bind_text(st, 1, def, (int)len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, hash, TN_HASH_LEN, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		goto fail_db;
	return exec(s, "COMMIT", e);
fail_db:
	db_fail(s, e, _("cannot write the definition"));
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return e->code;
}

int store_create(const char *path, const char *def, size_t len, const uint8_t hash[TN_HASH_LEN],
		 struct tn_err *e)
{
	size_t n = strlen(path);
	char *tmp = xmalloc(n + 8), *dir = xstrdup(path);
	struct tn_store *s = NULL;
	int fd, rc = 0;

	if (access(path, F_OK) == 0) {
		rc = tn_fail(e, TN_ECANTCREAT, _("%s: already exists; not overwriting it"), path);
		goto out;
	}
	if ((rc = atomic_check_target(path, false, NULL, e)) < 0) /* a journal's name */
		goto out;
	/* the journal of an earlier file of this name would be rolled back into the new one */
	for (int i = 0; i < 2; i++)
		if (has_content(path, i == 0 ? "-journal" : "-wal")) {
			rc = tn_fail(e, TN_ECANTCREAT,
				     _("%s%s is there and not empty: it belongs to an earlier file "
				       "of this name and would be rolled into the new one; move it "
				       "away, with that file if it still exists"),
				     path, i == 0 ? "-journal" : "-wal");
			goto out;
		}
	snprintf(tmp, n + 8, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0) {
		rc = tn_fail(e, TN_ECANTCREAT, "%s: %s", path, atomic_strerror(errno));
		goto out;
	}
	close(fd);
	/*
	 * No journal: the file is made whole under its temporary name and linked into place
	 * only once committed and synced; any failure discards it unseen.
	 */
	if ((rc = connect(tmp, SQLITE_OPEN_READWRITE, &s, e)) == 0) {
		free(s->path); /* messages name the file the user asked for */
		s->path = xstrdup(path);
		if ((rc = exec(s, "PRAGMA journal_mode = OFF", e)) == 0)
			rc = fill_new(s, def, len, hash, e);
	}
	if (rc < 0)
		rc = e->code == TN_EIO ? tn_fail(e, TN_ECANTCREAT, "%s", e->msg) : e->code;
	store_close(s);
	/* link() refuses an existing name, so a file created meanwhile is never replaced */
	if (rc == 0 && link(tmp, path) < 0)
		rc = tn_fail(e, TN_ECANTCREAT,
			     errno == EEXIST ? _("%s: already exists; not "
						 "overwriting it")
					     : "%s: %s",
			     path, strerror(errno));
	remove_temp(tmp);
	if (rc == 0)
		fsync_dir(dirname(dir));
out:
	free(tmp);
	free(dir);
	return rc;
}

int store_definition(struct tn_store *s, char **text, size_t *len, uint8_t hash[TN_HASH_LEN],
		     struct tn_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT canonical, hash FROM definition WHERE id = 1", -1,
			       &st, NULL) != SQLITE_OK)
		return db_fail(s, e, _("cannot read the definition"));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) == SQLITE_TEXT &&
	    sqlite3_column_bytes(st, 1) == TN_HASH_LEN) {
		*len = (size_t)sqlite3_column_bytes(st, 0);
		*text = xstrndup((const char *)sqlite3_column_text(st, 0), *len);
		memcpy(hash, sqlite3_column_blob(st, 1), TN_HASH_LEN);
		rc = 0;
	} else if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		rc = tn_fail(e, TN_EDATA, _("%s: the vote file holds no definition"), s->path);
	} else {
		rc = db_fail(s, e, _("cannot read the definition"));
	}
	sqlite3_finalize(st);
	return rc;
}

int store_begin(struct tn_store *s, struct tn_err *e)
{
	if (exec(s, "BEGIN IMMEDIATE", e) < 0)
		return e->code;
	s->in_tx = TX_WRITE;
	s->first = 0;
	forget(s);
	return 0;
}

static int check_appended(struct tn_store *s, struct tn_err *e);

int store_commit(struct tn_store *s, struct tn_err *e)
{
	if ((s->npending != 0 && flush(s, e) < 0) || check_appended(s, e) < 0 ||
	    exec(s, "COMMIT", e) < 0) {
		store_rollback(s);
		return e->code;
	}
	s->in_tx = TX_NONE;
	forget(s);
	return checkpoint(s, e);
}

void store_rollback(struct tn_store *s)
{
	s->npending = 0;
	buf_reset(&s->pending_text);
	if (s->in_tx)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = TX_NONE;
	forget(s);
}

/* Steps a cached statement to its single row; 1 row, 0 none, or an error. */
static int step_one(struct tn_store *s, sqlite3_stmt *st, struct tn_err *e)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return db_fail(s, e, _("cannot read the records"));
}

/*
 * An index column as bind_pending writes it: NULL where the record has none (0 here), else a
 * positive integer. Whatever else a forger may store (0, a negative number, text, a real, a
 * blob) is -1, which no line gives, though SQLite would convert it to a number that does:
 * the queries compare what is stored, so the check must see it unconverted.
 */
static int64_t index_column(sqlite3_stmt *st, int col)
{
	int64_t v;

	switch (sqlite3_column_type(st, col)) {
	case SQLITE_NULL:
		return 0;
	case SQLITE_INTEGER:
		return (v = sqlite3_column_int64(st, col)) > 0 ? v : -1;
	default:
		return -1;
	}
}

static int kind_of(sqlite3_stmt *st, int col);

/* A record's kind as records_append compares it: text of exactly a kind's name, else -1. */
static int kind_as_text(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_TEXT ? kind_of(st, col) : -1;
}

/*
 * The rule of records_append, for every record the transaction appended, each against the
 * record read before it (the last of the file when it was appended): it is a signature
 * exactly when that one is a seal or a signature; the first record of a file is no signature.
 * Triggers are off on this connection: the rule is checked here once for the transaction, in
 * one reading in order.
 */
static int check_appended(struct tn_store *s, struct tn_err *e)
{
	sqlite3_stmt *st = s->stmt[Q_APPENDED];
	bool read = false, sealed = false, refused = false;
	int rc;

	if (s->first == 0)
		return 0;
	sqlite3_bind_int64(st, 1, s->first);
	while (!refused && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		int kind = kind_as_text(st, 1);

		if (seq >= s->first)
			refused = read ? sealed != (kind == TN_REC_SIGNATURE)
				       : seq != 1 || kind == TN_REC_SIGNATURE;
		read = true;
		sealed = kind == TN_REC_SEAL || kind == TN_REC_SIGNATURE;
	}
	sqlite3_reset(st);
	if (refused)
		return tn_fail(e, TN_EDATA, _("%s: %s: refused by the vote file: %s"), s->path,
			       _("cannot append the record"),
			       "records are appended in order, and after the seal only signatures");
	return rc == SQLITE_DONE ? 0 : db_fail(s, e, _("cannot read the records"));
}

static int query_head(struct tn_store *s, uint8_t head[TN_HASH_LEN], int64_t *count,
		      struct tn_err *e)
{
	sqlite3_stmt *st = s->stmt[Q_HEAD];
	int rc;

	if (s->npending != 0 && flush(s, e) < 0)
		return e->code;
	rc = step_one(s, st, e);

	if (rc == 1) {
		if (sqlite3_column_bytes(st, 1) != TN_HASH_LEN) {
			rc = tn_fail(e, TN_EVERIFY, _("%s: the last record has a damaged head"),
				     s->path);
		} else {
			*count = sqlite3_column_int64(st, 0);
			memcpy(head, sqlite3_column_blob(st, 1), TN_HASH_LEN);
			rc = 0;
		}
	} else if (rc == 0) {
		char *text;
		size_t len;

		*count = 0;
		rc = store_definition(s, &text, &len, head, e);
		if (rc == 0)
			free(text);
	}
	sqlite3_reset(st);
	return rc;
}

int store_head(struct tn_store *s, uint8_t head[TN_HASH_LEN], int64_t *count, struct tn_err *e)
{
	int rc;

	if (s->in_tx == TX_WRITE && s->head_ok) {
		memcpy(head, s->head, TN_HASH_LEN);
		*count = s->count;
		return 0;
	}
	rc = query_head(s, head, count, e);
	if (rc == 0 && s->in_tx == TX_WRITE) {
		memcpy(s->head, head, TN_HASH_LEN);
		s->count = *count;
		s->head_ok = true;
	}
	return rc;
}

/* Binds record p to the parameters from base + 1 on, in the order of Q_APPEND's ?1 to ?7. */
static void bind_pending(struct tn_store *s, sqlite3_stmt *st, int base, const struct pending *p)
{
	sqlite3_bind_text(st, base + 1, record_kind_name(p->kind), -1, SQLITE_STATIC);
	if (p->pass != 0)
		sqlite3_bind_int(st, base + 2, p->pass);
	if (p->serial != 0)
		sqlite3_bind_int64(st, base + 3, (sqlite3_int64)p->serial);
	sqlite3_bind_text(st, base + 4, s->pending_text.data + p->off, (int)p->len, SQLITE_STATIC);
	sqlite3_bind_blob(st, base + 5, p->head, TN_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(st, base + 6, p->seq);
	if (p->kind == TN_REC_BALLOT)
		sqlite3_bind_int64(st, base + 7, (sqlite3_int64)p->paper);
}

static sqlite3_stmt *append_many(struct tn_store *s)
{
	struct tn_buf sql = {0};

	if (s->append_many != NULL)
		return s->append_many;
	buf_puts(&sql, "INSERT INTO records(seq, kind, pass, serial, body, head, paper) VALUES ");
	for (int i = 0; i < PENDING; i++)
		buf_printf(&sql, "%s(?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d)", i ? ", " : "", 7 * i + 6,
			   7 * i + 1, 7 * i + 2, 7 * i + 3, 7 * i + 4, 7 * i + 5, 7 * i + 7);
	if (sqlite3_prepare_v3(s->db, buf_cstr(&sql), -1, SQLITE_PREPARE_PERSISTENT,
			       &s->append_many, NULL) != SQLITE_OK)
		s->append_many = NULL;
	buf_free(&sql);
	return s->append_many;
}

static int run_append(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc;
}

/* Writes the waiting records: all at once when there are PENDING of them, else one by one. */
static int flush(struct tn_store *s, struct tn_err *e)
{
	sqlite3_stmt *many = s->npending == PENDING ? append_many(s) : NULL;
	int rc = SQLITE_DONE;
	size_t i = 0;

	if (many != NULL) {
		for (; i < PENDING; i++)
			bind_pending(s, many, 7 * (int)i, &s->pending[i]);
		rc = run_append(many);
	}
	for (; i < s->npending && rc == SQLITE_DONE; i++) {
		bind_pending(s, s->stmt[Q_APPEND], 0, &s->pending[i]);
		rc = run_append(s->stmt[Q_APPEND]);
	}
	s->npending = 0;
	buf_reset(&s->pending_text);
	if (rc != SQLITE_DONE) {
		forget(s);
		return db_fail(s, e, _("cannot append the record"));
	}
	return 0;
}

int store_append(struct tn_store *s, enum tn_kind kind, int pass, uint64_t serial, uint64_t paper,
		 const char *line, size_t len, const uint8_t head[TN_HASH_LEN], struct tn_err *e)
{
	struct pending *p;
	uint8_t old[TN_HASH_LEN];
	int64_t count;
	int rc;

	if (s->in_tx != TX_WRITE)
		return tn_fail(e, TN_ESOFTWARE, _("%s: a record appended outside a transaction"),
			       s->path);
	if ((rc = store_head(s, old, &count, e)) < 0)
		return rc;
	if (s->first == 0)
		s->first = count + 1;
	p = &s->pending[s->npending++];
	*p = (struct pending){kind, pass, serial, paper, count + 1, s->pending_text.len, len, {0}};
	memcpy(p->head, head, TN_HASH_LEN);
	buf_put(&s->pending_text, line, len);
	if (s->npending == PENDING && (rc = flush(s, e)) < 0)
		return rc;
	if (kind == TN_REC_BALLOT || kind == TN_REC_VOID)
		s->known[pass].ok = false, s->known[pass].written = true;
	memcpy(s->head, head, TN_HASH_LEN);
	s->count = count + 1;
	s->head_ok = true;
	if (kind == TN_REC_BALLOT && s->serial_ok[pass] && serial > s->serial[pass])
		s->serial[pass] = serial;
	if (kind == TN_REC_BALLOT && s->paper_ok[pass] && paper > s->paper[pass])
		s->paper[pass] = paper;
	if (kind == TN_REC_VOID && s->voids_ok[pass])
		s->voids[pass]++;
	return 0;
}

static int query_u64(struct tn_store *s, enum stmt q, int pass, uint64_t *out, struct tn_err *e)
{
	sqlite3_stmt *st = s->stmt[q];
	int rc;

	if (s->npending != 0 && flush(s, e) < 0)
		return e->code;
	sqlite3_bind_int(st, 1, pass);
	rc = step_one(s, st, e);
	*out = rc == 1 ? (uint64_t)sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}

/* A figure of a pass, kept while the write transaction lasts: nobody else can append. */
static int query_kept(struct tn_store *s, enum stmt q, int pass, bool *ok, uint64_t *kept,
		      uint64_t *out, struct tn_err *e)
{
	int rc;

	if (s->in_tx == TX_WRITE && *ok) {
		*out = *kept;
		return 0;
	}
	rc = query_u64(s, q, pass, out, e);
	if (rc == 0 && s->in_tx == TX_WRITE) {
		*kept = *out;
		*ok = true;
	}
	return rc;
}

int store_last_serial(struct tn_store *s, int pass, uint64_t *serial, struct tn_err *e)
{
	return query_kept(s, Q_LAST_SERIAL, pass, &s->serial_ok[pass], &s->serial[pass], serial, e);
}

int store_count_live(struct tn_store *s, int pass, uint64_t *n, struct tn_err *e)
{
	uint64_t last, voids;

	/* every void names an earlier ballot of its pass, at most once (unique index) */
	if (query_u64(s, Q_LAST_SERIAL, pass, &last, e) < 0 ||
	    query_u64(s, Q_VOIDS, pass, &voids, e) < 0)
		return e->code;
	*n = last >= voids ? last - voids : 0;
	return 0;
}

static int query_line(struct tn_store *s, enum stmt q, int pass, uint64_t arg, struct tn_buf *line,
		      bool *found, struct tn_err *e)
{
	sqlite3_stmt *st = s->stmt[q];
	int rc;

	if (s->npending != 0 && flush(s, e) < 0)
		return e->code;
	sqlite3_bind_int(st, 1, pass);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)arg);
	rc = step_one(s, st, e);
	*found = rc == 1;
	if (rc == 1 && line != NULL) {
		buf_reset(line);
		buf_put(line, sqlite3_column_text(st, 0), (size_t)sqlite3_column_bytes(st, 0));
	}
	sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}

int store_ballot(struct tn_store *s, int pass, uint64_t serial, struct tn_buf *line, bool *found,
		 struct tn_err *e)
{
	return query_line(s, Q_BALLOT, pass, serial, line, found, e);
}

int store_is_voided(struct tn_store *s, int pass, uint64_t serial, bool *voided, struct tn_err *e)
{
	return query_line(s, Q_VOIDED, pass, serial, NULL, voided, e);
}

int store_is_decided(struct tn_store *s, uint64_t serial, bool *decided, struct tn_err *e)
{
	return query_line(s, Q_DECIDED, 1, serial, NULL, decided, e);
}

/* Whether a waiting record bears on a paper of a pass: a ballot for it, or any void. */
/* Whether a record waiting to be written could change what is known of paper (0: any). */
static bool pending_touches(const struct tn_store *s, int pass, uint64_t paper)
{
	for (size_t i = 0; i < s->npending; i++) {
		const struct pending *p = &s->pending[i];

		if (p->pass == pass &&
		    (p->kind == TN_REC_VOID ||
		     (p->kind == TN_REC_BALLOT && (paper == 0 || p->paper == paper))))
			return true;
	}
	return false;
}

/* Reads the ballots of pass from paper on: that paper alone, or the next WINDOW papers. */
static int learn(struct tn_store *s, int pass, uint64_t paper, bool window, uint64_t voids,
		 struct tn_err *e)
{
	struct known *k = &s->known[pass];
	sqlite3_stmt *st = s->stmt[window ? (voids == 0 ? Q_PAPERS_NO_VOIDS : Q_PAPERS)
					  : (voids == 0 ? Q_PAPER_NO_VOIDS : Q_PAPER)];
	size_t rows = 0;
	int rc;

	if (pending_touches(s, pass, window ? 0 : paper) && flush(s, e) < 0)
		return e->code;
	k->ok = false;
	k->n = k->at = 0;
	buf_reset(&k->text);
	sqlite3_bind_int(st, 1, pass);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)paper);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		uint64_t p = (uint64_t)sqlite3_column_int64(st, 0);
		uint64_t serial = (uint64_t)sqlite3_column_int64(st, 1);

		rows++;
		if (k->n == 0 || k->papers[k->n - 1].paper != p) {
			if (k->n == WINDOW) { /* a bug: one paper, or WINDOW rows at most */
				sqlite3_reset(st);
				return tn_fail(e, TN_ESOFTWARE, "%s: %s", s->path,
					       _("cannot read the records"));
			}
			k->papers[k->n++].paper = p; /* rows come in paper order */
		}
		/* the ballots of a paper in the order they were entered: the last one counts */
		k->papers[k->n - 1].got.exists = true;
		k->papers[k->n - 1].got.live = sqlite3_column_int(st, 3) == 0 ? serial : 0;
		k->papers[k->n - 1].off = k->text.len;
		k->papers[k->n - 1].len = (size_t)sqlite3_column_bytes(st, 2);
		buf_put(&k->text, sqlite3_column_text(st, 2), k->papers[k->n - 1].len);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		forget(s);
		return db_fail(s, e, _("cannot read the records"));
	}
	k->lo = paper;
	k->hi = window ? UINT64_MAX : paper;
	if (window && rows == WINDOW) {
		/* the last paper may have more ballots beyond the window */
		if (k->n == 1)
			return learn(s, pass, paper, false, voids, e);
		k->hi = k->papers[--k->n].paper - 1;
	}
	k->ok = s->in_tx == TX_WRITE;
	return 0;
}

int store_paper(struct tn_store *s, int pass, uint64_t paper, struct tn_paper *out,
		struct tn_buf *line, struct tn_err *e)
{
	struct known *k = &s->known[pass];
	uint64_t max, voids = 1;
	int rc;

	memset(out, 0, sizeof *out);
	if (s->in_tx == TX_WRITE && (!k->ok || paper < k->lo || paper > k->hi)) {
		/* beyond the highest paper of the pass, nothing is asked (pass 2 in order) */
		if ((rc = store_max_paper(s, pass, &max, e)) < 0 ||
		    (rc = query_kept(s, Q_VOIDS, pass, &s->voids_ok[pass], &s->voids[pass], &voids,
				     e)) < 0)
			return rc;
		if (paper > max)
			return 0;
	}
	if (!k->ok || paper < k->lo || paper > k->hi) {
		if ((rc = learn(s, pass, paper, s->in_tx == TX_WRITE && !k->written, voids, e)) < 0)
			return rc;
	} else if (k->at > 0 && k->papers[k->at - 1].paper >= paper) {
		k->at = 0; /* asked again of an earlier paper */
	}
	while (k->at < k->n && k->papers[k->at].paper < paper)
		k->at++;
	if (k->at == k->n || k->papers[k->at].paper != paper)
		return 0;
	*out = k->papers[k->at].got;
	if (out->live != 0 && line != NULL) {
		buf_reset(line);
		buf_put(line, k->text.data + k->papers[k->at].off, k->papers[k->at].len);
	}
	return 0;
}

int store_live(struct tn_store *s, int pass, struct tn_stored *out, struct tn_err *e)
{
	sqlite3_stmt *st = s->stmt[pass == 1 ? Q_LIVE_1 : Q_LIVE_2];
	int rc;

	if (out == NULL) {
		sqlite3_reset(st);
		return 0;
	}
	if (s->npending != 0 && flush(s, e) < 0)
		return e->code;
	if (sqlite3_stmt_busy(st) == 0)
		sqlite3_bind_int(st, 1, pass);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		out->col.kind = TN_REC_BALLOT;
		out->col.pass = pass;
		out->col.paper = index_column(st, 0);
		out->col.serial = index_column(st, 1);
		out->line = (const char *)sqlite3_column_text(st, 2);
		out->len = (size_t)sqlite3_column_bytes(st, 2);
		if (out->line == NULL)
			out->line = "";
		return 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(s, e, _("cannot read the records"));
}

int store_max_paper(struct tn_store *s, int pass, uint64_t *paper, struct tn_err *e)
{
	return query_kept(s, Q_MAX_PAPER, pass, &s->paper_ok[pass], &s->paper[pass], paper, e);
}

int store_waiting(struct tn_store *s, int pass, uint64_t *papers, size_t max, size_t *n,
		  struct tn_err *e)
{
	sqlite3_stmt *st = s->stmt[Q_WAITING];
	int rc;

	*n = 0;
	if (s->npending != 0 && flush(s, e) < 0)
		return e->code;
	sqlite3_bind_int(st, 1, pass);
	while ((rc = step_one(s, st, e)) == 1) {
		if (*n < max)
			papers[*n] = (uint64_t)sqlite3_column_int64(st, 0);
		++*n;
	}
	sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}

int store_is_sealed(struct tn_store *s, bool *sealed, struct tn_err *e)
{
	sqlite3_stmt *st = s->stmt[Q_SEALED];
	int rc;

	if (s->npending != 0 && flush(s, e) < 0)
		return e->code;
	rc = step_one(s, st, e);

	*sealed = rc == 1 && sqlite3_column_int(st, 0) == 1;
	sqlite3_reset(st);
	return rc < 0 ? rc : 0;
}

/* The kind column as an enum tn_kind, or -1: told by its length, then compared once. */
static int kind_of(sqlite3_stmt *st, int col)
{
	const char *name = (const char *)sqlite3_column_text(st, col);

	/* each name is a constant here, so that the compiler compares it in place */
	switch (sqlite3_column_bytes(st, col)) {
	case 6:
		return memcmp(name, "ballot", 6) == 0 ? TN_REC_BALLOT : -1;
	case 7:
		return memcmp(name, "meeting", 7) == 0 ? TN_REC_MEETING : -1;
	case 4:
		return memcmp(name, "void", 4) == 0   ? TN_REC_VOID
		       : memcmp(name, "seal", 4) == 0 ? TN_REC_SEAL
						      : -1;
	case 8:
		return memcmp(name, "decision", 8) == 0 ? TN_REC_DECISION : -1;
	case 9:
		return memcmp(name, "signature", 9) == 0 ? TN_REC_SIGNATURE : -1;
	default:
		return -1;
	}
}

static sqlite3_stmt *each_statement(struct tn_store *s, int kind)
{
	sqlite3_stmt *st;

	if (kind < 0)
		return s->stmt[Q_EACH];
	if (kind == TN_REC_VOID)
		return s->stmt[Q_EACH_VOID];
	if (kind == TN_REC_MEETING)
		return s->stmt[Q_EACH_MEETING];
	st = s->stmt[Q_EACH_KIND];
	sqlite3_bind_text(st, 1, record_kind_name(kind), -1, SQLITE_STATIC);
	return st;
}

int store_each(struct tn_store *s, int kind, store_each_fn fn, void *arg, struct tn_err *e)
{
	sqlite3_stmt *st = each_statement(s, kind);
	struct tn_stored r;
	int64_t pass;
	int rc;

	if (s->npending != 0 && flush(s, e) < 0)
		return e->code;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r.seq = sqlite3_column_int64(st, 0);
		r.col.kind = kind_as_text(st, 1);
		r.col.pass = (int)((pass = index_column(st, 2)) <= 2 ? pass : -1);
		r.col.serial = index_column(st, 3);
		r.line = (const char *)sqlite3_column_text(st, 4);
		r.len = (size_t)sqlite3_column_bytes(st, 4);
		if (r.line == NULL)
			r.line = "";
		if (sqlite3_column_bytes(st, 5) == TN_HASH_LEN)
			memcpy(r.head, sqlite3_column_blob(st, 5), TN_HASH_LEN);
		else
			memset(r.head, 0, sizeof r.head);
		r.col.paper = index_column(st, 6);
		if ((rc = fn(arg, &r, e)) != 0) {
			sqlite3_reset(st);
			return rc;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(s, e, _("cannot read the records"));
	return 0;
}

int store_schema_version(struct tn_store *s, int *version, struct tn_err *e)
{
	return pragma_int(s, "PRAGMA user_version", version, e);
}

/* The schema objects, one "type name table sql" line each, in name order. */
static int read_schema(sqlite3 *db, struct tn_buf *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db,
			       "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < 4; i++) {
			const unsigned char *t = sqlite3_column_text(st, i);

			buf_puts(out, t ? (const char *)t : "-");
			buf_putc(out, i < 3 ? '\t' : '\n');
		}
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The BLAKE2b-256 of the schema the migrations make (store_own_schema), so that a file whose
 * schema is that one is known without building it (0.75 ms of every command); a file whose
 * schema hashes otherwise is compared with it whole. tests/unit/test_store.c holds the two
 * together: change a migration, and it prints the new hash.
 */
static const char own_schema_hash[] =
    "094243420907822e89327ef8883f69b37dd04864a8fdd23d19f7acc235b672ca";

bool store_schema_known(const char *schema)
{
	uint8_t h[TN_HASH_LEN];
	char hex[2 * TN_HASH_LEN + 1];

	crypto_generichash(h, sizeof h, (const unsigned char *)schema, strlen(schema), NULL, 0);
	hex_encode(h, sizeof h, hex);
	return strcmp(hex, own_schema_hash) == 0;
}

/* The schema the migrations make, byte for byte, built once in memory. */
const char *store_own_schema(void)
{
	static struct tn_buf schema;
	sqlite3 *db;
	bool ok;

	if (schema.data != NULL)
		return schema.data;
	ok = sqlite3_open(":memory:", &db) == SQLITE_OK;
	for (int v = 0; ok && v < store_latest_version; v++)
		ok = sqlite3_exec(db, migrations[v], NULL, NULL, NULL) == SQLITE_OK;
	if (!ok || read_schema(db, &schema) < 0)
		abort(); /* the program's own SQL: a failure here is a bug, not bad input */
	sqlite3_close(db);
	return schema.data;
}

/* The first line of a that b does not hold whole, or NULL. */
static const char *line_not_in(const char *a, const char *b)
{
	for (; *a; a += strcspn(a, "\n") + 1) {
		size_t n = strcspn(a, "\n");
		const char *p = b;
		bool found = false;

		for (; *p && !found; p += strcspn(p, "\n") + 1)
			found = strcspn(p, "\n") == n && memcmp(p, a, n) == 0;
		if (!found)
			return a;
	}
	return NULL;
}

/* "type name" of an object changed, missing or added: the own first, then the file's. */
static void first_difference(const char *file, const char *own, char *out, size_t size)
{
	const char *line = line_not_in(own, file);
	size_t type, name;

	if (line == NULL && (line = line_not_in(file, own)) == NULL)
		line = "";
	type = strcspn(line, "\t\n");
	name = line[type] == '\t' ? strcspn(line + type + 1, "\t\n") : 0;
	snprintf(out, size, "%.*s %.*s", (int)type, line, (int)name, line + type + (name > 0));
}

/*
 * The append-only guards live in the schema; the file is a vote file only while its schema
 * is exactly the one this program makes: no trigger, view, table or index changed, dropped
 * or added, by name or by content.
 */
static int check_schema(struct tn_store *s, struct tn_err *e)
{
	struct tn_buf have = {0};
	char what[160];
	int rc = 0;

	if (read_schema(s->db, &have) < 0)
		rc = db_fail(s, e, _("cannot read the schema"));
	else if (!store_schema_known(buf_cstr(&have)) &&
		 strcmp(buf_cstr(&have), store_own_schema()) != 0) {
		first_difference(have.data, store_own_schema(), what, sizeof what);
		rc = tn_fail(e, TN_EVERIFY,
			     _("%s: the schema was changed outside tinnhiem (%s): the append-only "
			       "guards cannot be trusted"),
			     s->path, what);
	}
	buf_free(&have);
	return rc;
}

void store_sidecars(const char *path, bool *wal, bool *journal)
{
	*wal = has_content(path, "-wal");
	*journal = has_content(path, "-journal");
}

bool store_in_tx(const struct tn_store *s)
{
	return s->in_tx;
}

int store_read_begin(struct tn_store *s, struct tn_err *e)
{
	if (exec(s, "BEGIN", e) < 0)
		return e->code;
	s->in_tx = TX_READ;
	return 0;
}
