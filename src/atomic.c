#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tinnhiem/atomic.h"
#include "tinnhiem/util.h"

int atomic_open(struct tn_atomic *a, const char *path, struct tn_err *e)
{
	size_t n = strlen(path) + 16;
	int fd;

	a->path = xstrdup(path);
	a->tmp = xmalloc(n);
	snprintf(a->tmp, n, "%s.tmp.XXXXXX", path);
	if ((fd = mkstemp(a->tmp)) < 0 || (a->f = fdopen(fd, "w")) == NULL) {
		int err = errno;

		if (fd >= 0) {
			close(fd);
			unlink(a->tmp);
		}
		free(a->path);
		free(a->tmp);
		return tn_fail(e, TN_ECANTCREAT, "%s: %s", path, strerror(err));
	}
	fchmod(fd, 0644);
	return 0;
}

void atomic_abort(struct tn_atomic *a)
{
	if (a->f)
		fclose(a->f);
	unlink(a->tmp);
	free(a->path);
	free(a->tmp);
	a->f = NULL;
}

int atomic_commit(struct tn_atomic *a, struct tn_err *e)
{
	char *dir = xstrdup(a->path);
	int err = 0, fd;

	if (fflush(a->f) != 0 || ferror(a->f) || fsync(fileno(a->f)) != 0)
		err = errno ? errno : EIO;
	if (fclose(a->f) != 0 && !err)
		err = errno;
	a->f = NULL;
	if (!err && rename(a->tmp, a->path) != 0)
		err = errno;
	if (!err && (fd = open(dirname(dir), O_RDONLY | O_DIRECTORY)) >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
	if (err) {
		tn_fail(e, TN_ECANTCREAT, "%s: %s", a->path, strerror(err));
		atomic_abort(a);
		return TN_ECANTCREAT;
	}
	free(a->path);
	free(a->tmp);
	return 0;
}
