#include <stdbool.h>
#include <stdint.h>
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

static int bidi_control(utf8proc_int32_t c)
{
	return c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
	       (c >= 0x2066 && c <= 0x2069);
}

static int noncharacter(utf8proc_int32_t c)
{
	return (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe;
}

/* What makes c unfit for a name or a title, or NULL. */
static const char *refused(utf8proc_int32_t c)
{
	const utf8proc_property_t *p = utf8proc_get_property(c);

	if (bidi_control(c))
		return _("bidirectional control");
	if (noncharacter(c))
		return _("noncharacter");
	switch (p->category) {
	case UTF8PROC_CATEGORY_CN:
		return _("unassigned code point");
	case UTF8PROC_CATEGORY_CO:
		return _("private-use character");
	case UTF8PROC_CATEGORY_CS:
		return _("surrogate");
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return _("line or paragraph separator");
	case UTF8PROC_CATEGORY_CF:
		return _("invisible character");
	default:
		/* default ignorables outside Cf: U+034F, U+115F, U+3164, variation selectors ... */
		return p->ignorable ? _("invisible character") : NULL;
	}
}

static int is_mark(utf8proc_int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);

	return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
	       cat == UTF8PROC_CATEGORY_ME;
}

/* Marks that c carries itself: ễ is e with two. */
static int marks_within(utf8proc_int32_t c)
{
	utf8proc_int32_t d[8];
	utf8proc_ssize_t n = utf8proc_decompose_char(c, d, 8, UTF8PROC_DECOMPOSE, NULL);
	int marks = 0;

	for (utf8proc_ssize_t i = 0; i < n && i < 8; i++)
		marks += is_mark(d[i]);
	return marks;
}

/*
 * Refuses what may not stand in text, and makes every space separator a plain space, in
 * place (a space is never longer than what it replaces); *len becomes the new length.
 */
static int check_chars(utf8proc_uint8_t *s, utf8proc_ssize_t *len, struct tn_err *e)
{
	utf8proc_ssize_t i = 0, o = 0;
	size_t pos = 0, base = 0;
	int marks = 0;

	while (i < *len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(s + i, *len - i, &c);
		const char *why;

		pos++;
		if (n <= 0)
			return tn_fail(e, TN_EDATA, _("not valid UTF-8"));
		if ((why = refused(c)) != NULL)
			return tn_fail(e, TN_EDATA, _("%s U+%04X at character %zu"), why,
				       (unsigned)c, pos);
		if (is_mark(c)) {
			marks++;
			base = base ? base : pos;
		} else {
			base = pos;
			marks = marks_within(c);
		}
		if (marks > TEXT_MAX_MARKS)
			return tn_fail(e, TN_EDATA,
				       _("more than %d combining marks on the letter at "
					 "character %zu"),
				       TEXT_MAX_MARKS, base);
		if (c != ' ' && utf8proc_category(c) == UTF8PROC_CATEGORY_ZS) {
			s[o++] = ' ';
		} else {
			memmove(s + o, s + i, (size_t)n);
			o += n;
		}
		i += n;
	}
	*len = o;
	return 0;
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
	if (check_chars(nfc, &n, e) < 0) {
		free(nfc);
		return TN_EDATA;
	}
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

/*
 * What UTS #39 maps a character of a plain name to (see text_plain_skeleton), written into own
 * when it is the character itself; NULL for any other character.
 */
static const char *plain_prototype(utf8proc_int32_t c, char own[4])
{
	/* the five tones, then circumflex, breve and horn */
	static const utf8proc_int32_t marks[] = {0x300, 0x301, 0x303, 0x309,
						 0x323, 0x302, 0x306, 0x31b};
	utf8proc_ssize_t n;

	switch (c) {
	case 'I':
	case '1':
		return "l";
	case '0':
		return "O";
	case 'm':
		return "rn";
	case 0x110: /* Đ: D and U+0335 */
		return "D\xcc\xb5";
	case 0x111: /* đ */
		return "d\xcc\xb5";
	}
	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '9') ||
	      c == ' ' || c == '\'' || c == '-' || c == '.')) {
		size_t i = 0;

		while (i < sizeof marks / sizeof *marks && marks[i] != c)
			i++;
		if (i == sizeof marks / sizeof *marks)
			return NULL;
	}
	n = utf8proc_encode_char(c, (utf8proc_uint8_t *)own);
	own[n] = '\0';
	return own;
}

char *text_plain_skeleton(const char *name)
{
	utf8proc_uint8_t *nfd = utf8proc_NFD((const utf8proc_uint8_t *)name);
	struct tn_buf out = {0};
	bool plain = nfd != NULL;

	for (const utf8proc_uint8_t *p = nfd; plain && *p != '\0';) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(p, -1, &c);
		const char *to;
		char own[4];

		if (n <= 0 || (to = plain_prototype(c, own)) == NULL) {
			plain = false;
		} else {
			buf_put(&out, to, strlen(to));
			p += n;
		}
	}
	free(nfd);
	if (!plain) {
		buf_free(&out);
		return NULL;
	}
	buf_putc(&out, '\0');
	return out.data;
}

int text_names_apart_plain(const char *const *names, size_t n, size_t *bad, size_t *like)
{
	char **skel = xcalloc(n ? n : 1, sizeof *skel);
	int rc = 0;

	*bad = *like = SIZE_MAX;
	for (size_t i = 0; i < n && rc == 0; i++)
		if ((skel[i] = text_plain_skeleton(names[i])) == NULL)
			rc = -1;
	for (size_t i = 1; i < n && rc == 0; i++)
		for (size_t j = 0; j < i && rc == 0; j++)
			if (strcmp(skel[i], skel[j]) == 0) {
				*bad = i;
				*like = j;
				rc = 1;
			}
	for (size_t i = 0; i < n; i++)
		free(skel[i]);
	free(skel);
	return rc;
}

/* NFC, case folded, the spaces around dropped; NULL for text that is not UTF-8. */
static char *folded(const char *s)
{
	utf8proc_uint8_t *out = NULL;
	size_t n, skip;

	skip = strspn(s, " \t");
	if (utf8proc_map((const utf8proc_uint8_t *)s + skip, 0, &out,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
			     UTF8PROC_CASEFOLD) < 0)
		return NULL;
	n = strlen((char *)out);
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t'))
		out[--n] = '\0';
	return (char *)out;
}

int text_same_word(const char *answer, const char *word)
{
	char *a = folded(answer), *w = folded(word);
	int same = a != NULL && w != NULL && *w != '\0' && strcmp(a, w) == 0;

	free(a);
	free(w);
	return same;
}
