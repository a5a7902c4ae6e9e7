/*
 * The floor for reading scanned sheets: only drawing each PDF page at 200 dpi with poppler
 * and cairo (what scan does first), on THREADS threads. usage: scan_floor THREADS FILE.pdf...
 */
#include <poppler.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct job {
	char **files;
	int nfiles, next;
	pthread_mutex_t lock;
};

static void render(PopplerDocument *d, int page)
{
	PopplerPage *pg = poppler_document_get_page(d, page);
	double w, h;
	cairo_surface_t *s;
	cairo_t *cr;

	poppler_page_get_size(pg, &w, &h);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(w * 200 / 72),
				       (int)(h * 200 / 72));
	cr = cairo_create(s);
	cairo_scale(cr, 200 / 72.0, 200 / 72.0);
	poppler_page_render(pg, cr);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	g_object_unref(pg);
}

static void *work(void *arg)
{
	struct job *j = arg;

	for (;;) {
		int i;
		char *abs, *uri;
		PopplerDocument *d;

		pthread_mutex_lock(&j->lock);
		i = j->next++;
		pthread_mutex_unlock(&j->lock);
		if (i >= j->nfiles)
			return NULL;
		abs = realpath(j->files[i], NULL);
		uri = g_filename_to_uri(abs, NULL, NULL);
		d = poppler_document_new_from_file(uri, NULL, NULL);
		for (int p = 0; d && p < poppler_document_get_n_pages(d); p++)
			render(d, p);
		if (d)
			g_object_unref(d);
		free(abs);
		g_free(uri);
	}
}

int main(int argc, char **argv)
{
	struct job j = {argv + 2, argc - 2, 0, PTHREAD_MUTEX_INITIALIZER};
	int n = argc > 2 ? atoi(argv[1]) : 0;
	pthread_t th[16];

	if (n < 1 || n > 16) {
		fprintf(stderr, "usage: scan_floor THREADS FILE.pdf...\n");
		return 2;
	}
	for (int i = 0; i < n; i++)
		pthread_create(&th[i], NULL, work, &j);
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	return 0;
}
