/*
 * Loads the modules that pull in large libraries on first use: the PDF renderer
 * (tinnhiem-pdf.so), the scanner (tinnhiem-scan.so), the comparison of names with ICU
 * (tinnhiem-names.so) and line editing at the terminal (tinnhiem-edit.so).
 */
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tinnhiem/document.h"
#include "tinnhiem/edit.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/scan.h"
#include "tinnhiem/text.h"

typedef int (*render_fn)(const struct tn_doc *, int, FILE *, const char *, struct tn_err *);
typedef int (*scan_fn)(const struct tn_scan_input *, struct tn_scan *, struct tn_err *);
typedef int (*names_fn)(const char *const *, size_t, size_t *, size_t *, struct tn_err *);
typedef char *(*edit_fn)(const char *, int);

/* In $TINNHIEM_MODULEDIR when set; else beside the program (a build tree), else where meson
 * installs it. */
static void *open_module(const char *module, char *tried, size_t size)
{
	const char *env = getenv("TINNHIEM_MODULEDIR");
	char exe[PATH_MAX], path[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	const char *dirs[3] = {env && *env ? env : NULL, NULL, PKGLIBDIR};
	void *h;

	if (dirs[0] != NULL) {
		dirs[2] = NULL;
	} else if (n > 0) {
		exe[n] = '\0';
		dirs[1] = dirname(exe);
	}
	tried[0] = '\0';
	for (int i = 0; i < 3; i++) {
		if (dirs[i] == NULL)
			continue;
		snprintf(path, sizeof path, "%s/%s", dirs[i], module);
		if ((h = dlopen(path, RTLD_NOW | RTLD_LOCAL)) != NULL)
			return h;
		snprintf(tried + strlen(tried), size - strlen(tried), "%s%s", *tried ? ", " : "",
			 path);
	}
	return NULL;
}

/* The module's function symbol, or NULL with e set. */
static void *module_symbol(const char *module, const char *symbol, const char *what,
			   struct tn_err *e)
{
	char tried[3 * PATH_MAX];
	void *h = open_module(module, tried, sizeof tried), *fn;

	if (h == NULL || (fn = dlsym(h, symbol)) == NULL) {
		tn_fail(e, TN_EIO, _("%s is not available: %s not found (%s)"), what, module,
			tried);
		return NULL;
	}
	return fn;
}

int render_pdf(const struct tn_doc *doc, int copies, FILE *out, const char *name, struct tn_err *e)
{
	static render_fn render;

	if (render == NULL &&
	    (render = (render_fn)(uintptr_t)module_symbol("tinnhiem-pdf.so", "tinnhiem_render_pdf",
							  _("PDF output"), e)) == NULL)
		return e->code;
	return render(doc, copies, out, name, e);
}

int scan_read(const struct tn_scan_input *in, struct tn_scan *out, struct tn_err *e)
{
	static scan_fn scan;

	if (scan == NULL &&
	    (scan = (scan_fn)(uintptr_t)module_symbol("tinnhiem-scan.so", "tinnhiem_scan_read",
						      _("Scanning"), e)) == NULL)
		return e->code;
	return scan(in, out, e);
}

int text_names_apart(const char *const *names, size_t n, size_t *bad, size_t *like,
		     struct tn_err *e)
{
	static names_fn apart;
	int rc;

	if ((rc = text_names_apart_plain(names, n, bad, like)) >= 0)
		return rc;
	if (apart == NULL &&
	    (apart = (names_fn)(uintptr_t)module_symbol("tinnhiem-names.so", "tinnhiem_names_apart",
							_("Comparing names"), e)) == NULL)
		return e->code;
	return apart(names, n, bad, like, e);
}

static edit_fn edit;

int edit_load(struct tn_err *e)
{
	if (edit == NULL &&
	    (edit = (edit_fn)(uintptr_t)module_symbol("tinnhiem-edit.so", "tinnhiem_edit_line",
						      _("Line editing"), e)) == NULL)
		return e->code;
	return 0;
}

char *edit_line(const char *prompt, bool remember)
{
	return edit(prompt, remember);
}

void scan_free(struct tn_scan *s)
{
	for (size_t i = 0; i < s->nsheets; i++) {
		struct tn_scan_sheet *sh = &s->sheets[i];
		size_t n = sh->reading ? strlen(sh->reading) : 0;

		for (size_t r = 0; sh->crop && r <= n; r++)
			free(sh->crop[r].png);
		free(sh->crop);
		free(sh->where);
		free(sh->reading);
		free(sh->why);
		free(sh->ink);
	}
	free(s->sheets);
	memset(s, 0, sizeof *s);
}
