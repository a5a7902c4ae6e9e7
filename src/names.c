/*
 * Names told apart on paper (text_names_apart, text.h): ICU's spoof checker, in a module of
 * its own (tinnhiem-names.so), since loading ICU takes a third of the time of a command on a
 * committee's vote; only init and verify compare names, and src/module.c loads it only for
 * names that are not plain (text_plain_skeleton, text.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <utf8proc.h>

#include "tinnhiem/i18n.h"
#include "tinnhiem/text.h"
#include "tinnhiem/util.h"

int tinnhiem_names_apart(const char *const *names, size_t n, size_t *bad, size_t *like,
			 struct tn_err *e) __attribute__((visibility("default")));

/* Names the first character after which name fails the spoof checker's script rule. */
static int mixed_scripts(const USpoofChecker *sc, const char *name, struct tn_err *e)
{
	size_t len = strlen(name), i = 0, pos = 0;

	while (i < len) {
		UErrorCode st = U_ZERO_ERROR;
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)name + i,
						      (utf8proc_ssize_t)(len - i), &c);

		if (n <= 0)
			break;
		i += (size_t)n;
		pos++;
		if (uspoof_check2UTF8(sc, name, (int32_t)i, NULL, &st) != 0 && U_SUCCESS(st))
			return tn_fail(e, TN_EDATA, _("mixes scripts: %s U+%04X at character %zu"),
				       uscript_getName(uscript_getScript(c, &st)), (unsigned)c,
				       pos);
	}
	return tn_fail(e, TN_EDATA, _("mixes scripts"));
}

/* The UTS #39 skeleton of s: two names with the same skeleton look alike. */
static char *skeleton(const USpoofChecker *sc, const char *s, UErrorCode *st)
{
	int32_t n = uspoof_getSkeletonUTF8(sc, 0, s, -1, NULL, 0, st);
	char *out;

	if (*st == U_BUFFER_OVERFLOW_ERROR)
		*st = U_ZERO_ERROR;
	if (U_FAILURE(*st))
		return NULL;
	out = xmalloc((size_t)n + 1);
	uspoof_getSkeletonUTF8(sc, 0, s, -1, out, n + 1, st);
	if (U_FAILURE(*st)) {
		free(out);
		return NULL;
	}
	return out;
}

/* Compares name i with the names before it; as text_names_apart (text.h). */
static int apart_from_earlier(const USpoofChecker *sc, const char *const *names, char **skel,
			      size_t i, size_t *like, struct tn_err *e, UErrorCode *st)
{
	if (uspoof_check2UTF8(sc, names[i], -1, NULL, st) != 0 && U_SUCCESS(*st))
		return mixed_scripts(sc, names[i], e);
	if ((skel[i] = skeleton(sc, names[i], st)) == NULL)
		return 0;
	for (size_t j = 0; j < i; j++)
		if (strcmp(skel[i], skel[j]) == 0) {
			*like = j;
			return 1;
		}
	return 0;
}

int tinnhiem_names_apart(const char *const *names, size_t n, size_t *bad, size_t *like,
			 struct tn_err *e)
{
	UErrorCode st = U_ZERO_ERROR;
	USpoofChecker *sc = uspoof_open(&st);
	char **skel = xcalloc(n ? n : 1, sizeof *skel);
	int rc = 0;

	*bad = *like = SIZE_MAX;
	uspoof_setChecks(sc, USPOOF_RESTRICTION_LEVEL, &st);
	if (U_SUCCESS(st))
		uspoof_setRestrictionLevel(sc, USPOOF_HIGHLY_RESTRICTIVE);
	for (size_t i = 0; i < n && rc == 0 && U_SUCCESS(st); i++)
		if ((rc = apart_from_earlier(sc, names, skel, i, like, e, &st)) != 0)
			*bad = i;
	if (rc == 0 && U_FAILURE(st))
		rc = tn_fail(e, TN_ESOFTWARE, _("cannot compare names for look-alikes: %s"),
			     u_errorName(st));
	for (size_t i = 0; i < n; i++)
		free(skel[i]);
	free(skel);
	uspoof_close(sc);
	return rc;
}
