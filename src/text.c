#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "tinnhiem/i18n.h"
#include "tinnhiem/text.h"
#include "tinnhiem/util.h"

/* A control character: C0, DEL or C1 (as the UTF-8 pair C2 80..C2 9F). */
static int control_at(const unsigned char *s, size_t len, size_t i)
{
	if (s[i] < 0x20 || s[i] == 0x7f)
		return 1;
	return s[i] == 0xc2 && i + 1 < len && s[i + 1] >= 0x80 && s[i + 1] <= 0x9f;
}

static char *fold_spaces(const char *s, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == ' ' && (o == 0 || out[o - 1] == ' '))
			continue;
		out[o++] = s[i];
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return out;
}

int text_clean(const char *in, size_t len, char **out, struct tn_err *e)
{
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t n;

	for (size_t i = 0; i < len; i++)
		if (control_at((const unsigned char *)in, len, i))
			return tn_fail(e, TN_EDATA, _("contains a control character (byte %zu)"),
				       i + 1);
	if (len == 0) {
		*out = xstrdup("");
		return 0;
	}
	n = utf8proc_map((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)len, &nfc,
			 UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0)
		return tn_fail(e, TN_EDATA, _("not valid UTF-8"));
	*out = fold_spaces((const char *)nfc, (size_t)n);
	free(nfc);
	return 0;
}

int text_is_clean(const char *s, size_t len)
{
	struct tn_err e;
	char *clean;
	int same;

	if (text_clean(s, len, &clean, &e) < 0)
		return 0;
	same = strlen(clean) == len && memcmp(clean, s, len) == 0;
	free(clean);
	return same;
}

int text_is_clean_lines(const char *s, size_t len)
{
	size_t start = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '\t' && s[i] != '\n')
			continue;
		if (!text_is_clean(s + start, i - start))
			return 0;
		start = i + 1;
	}
	return 1;
}
