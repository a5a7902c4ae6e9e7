/* O_TMPFILE and AT_EMPTY_PATH are Linux extensions */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tinnhiem/atomic.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/util.h"

#define ATOMIC_BUFFER (256u << 10)

static const char *const journals[] = {"-wal", "-shm", "-journal"};

const char *atomic_strerror(int err)
{
	if (err == ENOSPC || err == EDQUOT)
		return _("disk full");
	return strerror(err);
}

static bool ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);

	return n >= m && strcmp(s + n - m, end) == 0;
}

/* The first 16 bytes of a file, as many as it has; -1 when it cannot be read. */
static ssize_t file_head(const char *path, unsigned char head[16])
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	ssize_t n;

	memset(head, 0, 16);
	if (fd < 0)
		return -1;
	n = read(fd, head, 16);
	close(fd);
	return n;
}

/* The first bytes of a SQLite database, rollback journal or WAL file. */
static bool is_database(const unsigned char head[16], ssize_t n)
{
	static const unsigned char db[16] = "SQLite format 3";
	static const unsigned char journal[8] = {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7};

	if (n < 8)
		return false;
	return (n == 16 && memcmp(head, db, 16) == 0) || memcmp(head, journal, 8) == 0 ||
	       (head[0] == 0x37 && head[1] == 0x7f && head[2] == 0x06 &&
		(head[3] == 0x82 || head[3] == 0x83));
}

/* A secret key made by tinnhiem keygen, which no output replaces, --force or not. */
static bool is_secret_key(const unsigned char head[16], ssize_t n)
{
	static const char magic[16] = "tinnhiem-seckey ";

	return n == 16 && memcmp(head, magic, 16) == 0;
}

static bool same_file(const struct stat *a, const char *path)
{
	struct stat b;

	return stat(path, &b) == 0 && a->st_dev == b.st_dev && a->st_ino == b.st_ino;
}

/* The target is the input or one of its journals (by identity, so any name for it counts). */
static bool is_input(const struct stat *st, const char *input)
{
	char side[PATH_MAX];

	if (input == NULL)
		return false;
	if (same_file(st, input))
		return true;
	for (size_t i = 0; i < sizeof journals / sizeof *journals; i++) {
		snprintf(side, sizeof side, "%s%s", input, journals[i]);
		if (same_file(st, side))
			return true;
	}
	return false;
}

/* A name SQLite would take as the journal of a database beside it, existing or not. */
static bool names_a_journal(const char *path)
{
	char base[PATH_MAX];
	unsigned char head[16];
	ssize_t got;

	for (size_t i = 0; i < sizeof journals / sizeof *journals; i++) {
		size_t n = strlen(path), m = strlen(journals[i]);

		if (!ends_with(path, journals[i]) || n - m >= sizeof base)
			continue;
		memcpy(base, path, n - m);
		base[n - m] = '\0';
		if ((got = file_head(base, head)) >= 0 && is_database(head, got))
			return true;
	}
	return false;
}

int atomic_check_target(const char *path, bool force, const char *input, struct tn_err *e)
{
	unsigned char head[16];
	struct stat st, lst;
	ssize_t n;

	if (*path == '\0')
		return tn_fail(e, TN_ECANTCREAT, _("the output file name is empty"));
	if (strcmp(path, "-") == 0) /* not standard output: every output is a file, made whole */
		return tn_fail(e, TN_ECANTCREAT,
			       _("\"-\": outputs are written to a named file, not to standard "
				 "output (\"./-\" names a file called -)"));
	if (names_a_journal(path))
		return tn_fail(e, TN_ECANTCREAT,
			       _("%s: is the journal of a database; not writing there"), path);
	if (lstat(path, &lst) < 0)
		return errno == ENOENT ? 0
				       : tn_fail(e, TN_ECANTCREAT, "%s: %s", path, strerror(errno));
	if (stat(path, &st) == 0 && is_input(&st, input))
		return tn_fail(e, TN_ECANTCREAT,
			       _("%s: is the vote file being read (or its journal); not writing "
				 "over it"),
			       path);
	if (!S_ISREG(st.st_mode))
		return tn_fail(e, TN_ECANTCREAT, _("%s: not a regular file; not writing there"),
			       path);
	if ((n = file_head(path, head)) < 0) /* what it is cannot be told: a vote file, a key? */
		return tn_fail(e, TN_ECANTCREAT,
			       _("%s: cannot be read, so not known to be no vote file or key; not "
				 "writing over it"),
			       path);
	if (is_database(head, n))
		return tn_fail(e, TN_ECANTCREAT,
			       _("%s: is a database (a vote file?); not writing over it"), path);
	if (is_secret_key(head, n))
		return tn_fail(e, TN_ECANTCREAT, _("%s: is a secret key; not writing over it"),
			       path);
	if (!force)
		return tn_fail(e, TN_ECANTCREAT,
			       _("%s: already exists; not overwriting it (--force replaces it)"),
			       path);
	return 0;
}

/*
 * Where the file system has no unnamed files, a named temporary is removed if the command is
 * interrupted: one at a time, so one slot.
 */
static char pending[PATH_MAX];
static volatile sig_atomic_t have_pending;

static void remove_pending(int sig)
{
	if (have_pending)
		unlink(pending);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void set_pending(const char *tmp)
{
	static const int signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = remove_pending;
	sigemptyset(&sa.sa_mask);
	have_pending = 0;
	snprintf(pending, sizeof pending, "%s", tmp);
	have_pending = 1;
	for (size_t i = 0; i < sizeof signals / sizeof *signals; i++)
		sigaction(signals[i], &sa, NULL);
}

static void clear_pending(void)
{
	have_pending = 0;
}

static char *dir_of(const char *path)
{
	char *copy = xstrdup(path), *dir = xstrdup(dirname(copy));

	free(copy);
	return dir;
}

/* A name beside path: ".NAME.tmp.SUFFIX"; the caller frees it. */
static char *temp_name(const char *path, const char *suffix)
{
	char *a = xstrdup(path), *b = xstrdup(path);
	struct tn_buf name = {0};

	buf_printf(&name, "%s/.%s.tmp.%s", dirname(a), basename(b), suffix);
	free(a);
	free(b);
	return name.data;
}

static int open_named(struct tn_atomic *a)
{
	int fd;

	a->tmp = temp_name(a->path, "XXXXXX");
	if ((fd = mkstemp(a->tmp)) < 0)
		return -errno;
	set_pending(a->tmp);
	fchmod(fd, 0644);
	return fd;
}

int atomic_open(struct tn_atomic *a, const char *path, bool force, const char *input,
		struct tn_err *e)
{
	char *dir;
	int fd, err;

	memset(a, 0, sizeof *a);
	if (atomic_check_target(path, force, input, e) < 0)
		return e->code;
	a->path = xstrdup(path);
	a->force = force;
	dir = dir_of(path);
	fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
	free(dir);
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL))
		fd = open_named(a);
	else if (fd < 0)
		fd = -errno;
	if (fd < 0 || (a->f = fdopen(fd, "w")) == NULL) {
		err = fd < 0 ? -fd : errno;
		if (fd >= 0)
			close(fd);
		atomic_abort(a);
		return tn_fail(e, TN_ECANTCREAT, "%s: %s", path, atomic_strerror(err));
	}
	/* a bundle of a million ballots is 100 MB: written 256 KiB a call, not 4 KiB */
	a->buf = xmalloc(ATOMIC_BUFFER);
	setvbuf(a->f, a->buf, _IOFBF, ATOMIC_BUFFER);
	return 0;
}

void atomic_abort(struct tn_atomic *a)
{
	if (a->f)
		fclose(a->f);
	free(a->buf); /* only once the stream is closed */
	if (a->tmp) {
		unlink(a->tmp);
		clear_pending();
	}
	free(a->path);
	free(a->tmp);
	memset(a, 0, sizeof *a);
}

/* Gives the unnamed file at fd the name path; refuses an existing name. */
static int link_unnamed(int fd, const char *path)
{
	char proc[64];

	if (linkat(fd, "", AT_FDCWD, path, AT_EMPTY_PATH) == 0)
		return 0;
	if (errno == EEXIST)
		return -1;
	/* AT_EMPTY_PATH needs a capability; /proc gives the same without it */
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	return linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW);
}

/* Puts the finished file in place: without force a name that exists is never replaced. */
static int place(struct tn_atomic *a)
{
	int fd = fileno(a->f);

	if (a->tmp != NULL)
		return a->force ? rename(a->tmp, a->path) : link(a->tmp, a->path);
	if (!a->force)
		return link_unnamed(fd, a->path);
	/* with force: a name of its own first, then renamed over the old file */
	for (unsigned n = 0; n < 1000; n++) {
		char suffix[32];
		char *tmp;
		int rc;

		snprintf(suffix, sizeof suffix, "%ld.%u", (long)getpid(), n);
		tmp = temp_name(a->path, suffix);
		if ((rc = link_unnamed(fd, tmp)) == 0) {
			set_pending(tmp);
			if ((rc = rename(tmp, a->path)) < 0) {
				int err = errno;

				unlink(tmp);
				errno = err;
			}
			clear_pending();
		}
		free(tmp);
		if (rc == 0 || errno != EEXIST)
			return rc;
	}
	return -1;
}

int atomic_commit(struct tn_atomic *a, struct tn_err *e)
{
	char *dir = dir_of(a->path);
	int err = 0, fd;

	if (fflush(a->f) != 0 || ferror(a->f) || fsync(fileno(a->f)) != 0)
		err = errno ? errno : EIO;
	/* the check again: the target may have appeared since the file was opened */
	if (!err && atomic_check_target(a->path, a->force, NULL, e) < 0) {
		free(dir);
		atomic_abort(a);
		return e->code;
	}
	if (!err && place(a) != 0)
		err = errno;
	if (!err && (fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
	if (err) {
		if (err == EEXIST)
			tn_fail(e, TN_ECANTCREAT,
				_("%s: already exists; not overwriting it (--force replaces it)"),
				a->path);
		else
			tn_fail(e, TN_ECANTCREAT, "%s: %s", a->path, atomic_strerror(err));
		atomic_abort(a);
		return TN_ECANTCREAT;
	}
	atomic_abort(a); /* closes the stream and removes the named temporary, if any */
	return 0;
}

int atomic_write(const char *path, bool force, const char *input, atomic_writer fn, void *arg,
		 struct tn_err *e)
{
	struct tn_atomic a;
	int rc;

	if ((rc = atomic_open(&a, path, force, input, e)) < 0)
		return rc;
	if ((rc = fn(a.f, arg, e)) < 0) {
		atomic_abort(&a);
		return rc;
	}
	return atomic_commit(&a, e);
}
