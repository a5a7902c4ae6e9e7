/* Loads the PDF renderer (tinnhiem-pdf.so) on first use. */
#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tinnhiem/document.h"
#include "tinnhiem/i18n.h"

#define MODULE "tinnhiem-pdf.so"

typedef int (*render_fn)(const struct tn_doc *, int, FILE *, const char *, struct tn_err *);

/* In $TINNHIEM_MODULEDIR when set; else beside the program (a build tree), else where meson
 * installs it. */
static void *open_module(char *tried, size_t size)
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
		snprintf(path, sizeof path, "%s/%s", dirs[i], MODULE);
		if ((h = dlopen(path, RTLD_NOW | RTLD_LOCAL)) != NULL)
			return h;
		snprintf(tried + strlen(tried), size - strlen(tried), "%s%s", *tried ? ", " : "",
			 path);
	}
	return NULL;
}

int render_pdf(const struct tn_doc *doc, int copies, FILE *out, const char *name, struct tn_err *e)
{
	static render_fn render;
	char tried[3 * PATH_MAX];

	if (render == NULL) {
		void *h = open_module(tried, sizeof tried);

		if (h == NULL ||
		    (render = (render_fn)(uintptr_t)dlsym(h, "tinnhiem_render_pdf")) == NULL)
			return tn_fail(e, TN_EIO,
				       _("PDF output is not available: %s not found (%s)"), MODULE,
				       tried);
	}
	return render(doc, copies, out, name, e);
}
