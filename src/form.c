/* The text of the ballot form's QR code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinnhiem/form.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/util.h"

void form_qr_text(const uint8_t hash[32], int page, char out[TN_FORM_QR_MAX])
{
	char hex[65];

	hex_encode(hash, 32, hex);
	for (int i = 0; i < TN_FORM_PREFIX; i++) /* QR alphanumeric mode has capitals only */
		if (hex[i] >= 'a')
			hex[i] = (char)(hex[i] - 'a' + 'A');
	snprintf(out, TN_FORM_QR_MAX, "TN:%d:%.*s:%d", TN_FORM_VERSION, TN_FORM_PREFIX, hex, page);
}

int form_qr_parse(const char *text, const uint8_t hash[32], int pages, int *page, struct tn_err *e)
{
	char want[TN_FORM_QR_MAX], hex[65];
	unsigned version;
	int n = 0, at = 0;
	uint64_t p;

	if (sscanf(text, "TN:%u:%n", &version, &at) != 1 || at == 0)
		return tn_fail(e, TN_EDATA, _("its QR code is not a tinnhiem ballot's"));
	if (version != TN_FORM_VERSION)
		return tn_fail(e, TN_EDATA,
			       _("printed as form version %u; this program reads version %d: "
				 "print the ballots again"),
			       version, TN_FORM_VERSION);
	form_qr_text(hash, 1, want);
	n = (int)strspn(text + at, "0123456789ABCDEF");
	if (n != TN_FORM_PREFIX || text[at + n] != ':') {
		return tn_fail(e, TN_EDATA, _("its QR code is not a tinnhiem ballot's"));
	}
	if (memcmp(text, want, (size_t)(at + n)) != 0) {
		hex_encode(hash, 4, hex);
		return tn_fail(e, TN_EDATA,
			       _("a ballot of the vote whose definition hash begins %.8s, not this "
				 "one (%.8s)"),
			       text + at, hex);
	}
	at += n + 1;
	n = (int)strspn(text + at, "0123456789");
	if (n == 0 || text[at + n] != '\0' || parse_u64(text + at, (size_t)n, &p) < 0 || p < 1 ||
	    p > (uint64_t)pages)
		return tn_fail(e, TN_EDATA, _("its QR code names page %s of a %d-page ballot"),
			       text + at, pages);
	*page = (int)p;
	return 0;
}

void form_free(struct tn_form *f)
{
	for (int i = 0; i < f->pages; i++) {
		free(f->page[i].rows);
		free(f->page[i].boxes);
	}
	free(f->page);
	memset(f, 0, sizeof *f);
}
