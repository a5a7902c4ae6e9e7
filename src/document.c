/* The minutes and the ballot form as document models, in the Party's wording. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tinnhiem/document.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/record.h"
#include "tinnhiem/rules.h"

static char *format(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *format(const char *fmt, ...)
{
	struct tn_buf b = {0};
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return b.data ? b.data : xstrdup("");
}

static void add(struct tn_para **list, size_t *n, int style, char *text)
{
	*list = xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[*n].text = text;
	(*list)[(*n)++].style = style;
}

/* The name with no-break spaces: a full name is never broken across lines. */
static char *whole(const char *name)
{
	struct tn_buf b = {0};

	for (; *name; name++)
		if (*name == ' ')
			buf_puts(&b, TN_NBSP);
		else
			buf_putc(&b, *name);
	return b.data ? b.data : xstrdup("");
}

char *document_place_date(const struct tn_definition *d)
{
	return format("%s, ngày %d tháng %d năm %d", d->place, d->day, d->month, d->year);
}

static void header(const struct tn_definition *d, struct tn_doc *doc)
{
	doc->parent_body = xstrdup(d->parent_body);
	doc->issuing_body = xstrdup(d->issuing_body);
	doc->place_date = document_place_date(d);
	doc->secret = d->confidential;
}

static const char *const base_words[] = {
    [TN_BASE_COLLECTED] = "tổng số phiếu thu về",
    [TN_BASE_ISSUED] = "tổng số phiếu phát ra",
    [TN_BASE_VALID] = "tổng số phiếu hợp lệ",
    [TN_BASE_CONVENED] = "tổng số người được triệu tập",
};

static char *fact(long long v)
{
	return v < 0 ? xstrdup("....") : format("%lld", v);
}

static void meeting_paras(const struct tn_tally *t, struct tn_doc *doc)
{
	const struct tn_meeting *m = &t->meeting;
	char *conv = fact(m->fact[TN_CONVENED]), *pres = fact(m->fact[TN_PRESENT]), *abs;
	int q = tally_quorum(t);

	abs = m->fact[TN_CONVENED] >= 0 && m->fact[TN_PRESENT] >= 0
		  ? format("%lld", m->fact[TN_CONVENED] - m->fact[TN_PRESENT])
		  : xstrdup("....");
	add(&doc->before, &doc->nbefore, TN_S_INDENT,
	    format("Tổng số người được triệu tập: %s đồng chí; có mặt: %s đồng chí; vắng "
		   "mặt: %s đồng chí.",
		   conv, pres, abs));
	add(&doc->before, &doc->nbefore, TN_S_INDENT,
	    xstrdup(q < 0 ? "Chưa đủ số liệu để xác định điều kiện tiến hành hội nghị."
		    : q ? "Số người có mặt đạt từ 2/3 trở lên so với số người được triệu "
			  "tập, hội nghị đủ điều kiện tiến hành lấy phiếu tín nhiệm."
			: "Số người có mặt chưa đạt 2/3 số người được triệu tập: hội nghị "
			  "KHÔNG đủ điều kiện tiến hành lấy phiếu tín nhiệm."));
	free(conv);
	free(pres);
	free(abs);
}

static const char *const scope_words[] = {
    [TN_SCOPE_BALLOT] = "Phiếu có tên người mà người ghi phiếu không đánh dấu vào ô nào hoặc đánh "
			"dấu vào hai hoặc ba ô là phiếu không hợp lệ đối với tất cả những người có "
			"tên trong phiếu.",
    [TN_SCOPE_ROW] = "Phiếu có tên người mà người ghi phiếu không đánh dấu vào ô nào hoặc đánh "
		     "dấu vào hai hoặc ba ô chỉ không hợp lệ đối với người đó; đối với những "
		     "người còn lại, phiếu vẫn hợp lệ.",
};

static void ballot_paras(const struct tn_tally *t, long long base, struct tn_doc *doc)
{
	char *issued = fact(t->meeting.fact[TN_ISSUED]),
	     *coll = fact(t->meeting.fact[TN_COLLECTED]);
	struct tn_buf why = {0};

	add(&doc->before, &doc->nbefore, TN_S_INDENT,
	    format("Số phiếu phát ra: %s phiếu; số phiếu thu về: %s phiếu; số phiếu hợp lệ: "
		   "%llu phiếu; số phiếu không hợp lệ: %llu phiếu.",
		   issued, coll, (unsigned long long)t->valid, (unsigned long long)t->invalid));
	for (int r = 1; r <= TN_REASON_MAX + 1; r++) {
		int reason = r % (TN_REASON_MAX + 1); /* reasons 1..4, then unstated */

		if (t->reasons[reason] == 0)
			continue;
		buf_printf(&why, "%s%llu %s", why.len ? "; " : "",
			   (unsigned long long)t->reasons[reason], rules_ground_words(reason));
	}
	if (why.len)
		add(&doc->before, &doc->nbefore, TN_S_INDENT,
		    format("Lý do phiếu không hợp lệ: %s.", why.data));
	add(&doc->before, &doc->nbefore, TN_S_INDENT, xstrdup(scope_words[t->rules.scope]));
	add(&doc->before, &doc->nbefore, TN_S_INDENT,
	    base < 0
		? format("Tỷ lệ phần trăm tính trên %s (chưa có số liệu).",
			 base_words[t->rules.base])
		: format("Tỷ lệ phần trăm tính trên %s (%lld).", base_words[t->rules.base], base));
	buf_free(&why);
	free(issued);
	free(coll);
}

/* "63,64"; the heading carries the "%" */
static char *pct_cell(long long pct100)
{
	char p[32];

	rules_pct_format(pct100, ',', p);
	return xstrdup(p);
}

static void table_columns(struct tn_table *tb, const char *const *head, const enum tn_col *kind,
			  size_t ncols)
{
	tb->ncols = ncols;
	tb->head = xcalloc(ncols, sizeof *tb->head);
	tb->kind = xcalloc(ncols, sizeof *tb->kind);
	for (size_t c = 0; c < ncols; c++) {
		tb->head[c] = xstrdup(head[c]);
		tb->kind[c] = kind[c];
	}
}

/* The band of a member in the regulation's words (QĐ 96 Điều 11). */
static const char *const band_words[] = {
    [TN_BAND_NONE] = NULL,
    [TN_BAND_OVER_HALF] = "trên 50% nhưng dưới 2/3 số phiếu tín nhiệm thấp",
    [TN_BAND_TWO_THIRDS] = "từ 2/3 số phiếu tín nhiệm thấp trở lên",
};

/*
 * TT | Họ và tên | Chức vụ | valid and invalid for that person (QĐ 96 Điều 6 khoản 3: "đối
 * với từng người") | each level: count and percentage.
 */
static void results_table(const struct tn_definition *d, const struct tn_tally *t,
			  struct tn_table *tb)
{
#define PCT "Tỷ" TN_NBSP "lệ %"
	static const char *const head[] = {
	    "TT",	"Họ và tên", "Chức vụ",	 "Hợp lệ", "Không hợp lệ", "Số phiếu", PCT,
	    "Số phiếu", PCT,	     "Số phiếu", PCT};
#undef PCT
	static const enum tn_col kind[] = {
	    TN_COL_ORDER,   TN_COL_NAME,  TN_COL_TEXT,	  TN_COL_COUNT, TN_COL_COUNT,  TN_COL_COUNT,
	    TN_COL_DECIMAL, TN_COL_COUNT, TN_COL_DECIMAL, TN_COL_COUNT, TN_COL_DECIMAL};
	static const char *const groups[] = {NULL, "Số phiếu", "Tín nhiệm cao", "Tín nhiệm",
					     "Tín nhiệm thấp"};
	const size_t n = sizeof head / sizeof *head;

	table_columns(tb, head, kind, n);
	tb->ngroups = 5;
	tb->groups = xcalloc(5, sizeof *tb->groups);
	for (size_t g = 0; g < 5; g++)
		tb->groups[g] =
		    (struct tn_group){groups[g] ? xstrdup(groups[g]) : NULL, g == 0 ? 3 : 2};
	tb->nrows = t->nmembers;
	tb->cells = xcalloc(t->nmembers * n, sizeof *tb->cells);
	tb->flags = xcalloc(t->nmembers, sizeof *tb->flags);
	for (size_t i = 0; i < t->nmembers; i++) {
		char **row = tb->cells + i * n;
		struct tn_result r;

		tally_result(t, i, &r);
		row[0] = format("%zu", i + 1);
		row[1] = xstrdup(d->members[i].name);
		row[2] = xstrdup(d->members[i].role);
		row[3] = format("%llu", (unsigned long long)(t->entered - r.invalid));
		row[4] = format("%llu", (unsigned long long)r.invalid);
		for (int k = 0; k < 3; k++) {
			row[5 + 2 * k] = format("%llu", (unsigned long long)r.count[k]);
			row[6 + 2 * k] = pct_cell(r.pct100[k]);
		}
		if (band_words[r.band])
			tb->flags[i] = format("Có %s", band_words[r.band]);
	}
}

/* "Đồng chí A (19 phiếu, 57,58%)" or "Các đồng chí A (…), B (…) và C (…)" */
static char *band_subject(const struct tn_definition *d, const struct tn_tally *t,
			  enum tn_band band, size_t *count)
{
	struct tn_buf b = {0};
	size_t n = 0, total = 0;

	for (size_t i = 0; i < t->nmembers; i++) {
		struct tn_result r;

		tally_result(t, i, &r);
		total += r.band == band;
	}
	for (size_t i = 0; i < t->nmembers; i++) {
		struct tn_result r;
		char *name, *p;

		tally_result(t, i, &r);
		if (r.band != band)
			continue;
		name = whole(d->members[i].name);
		p = pct_cell(r.pct100[2]);
		buf_printf(&b, "%s%s (%llu phiếu, %s%%)",
			   n == 0	    ? (total > 1 ? "Các đồng chí " : "Đồng chí ")
			   : n + 1 == total ? " và "
					    : ", ",
			   name, (unsigned long long)r.count[2], p);
		free(name);
		free(p);
		n++;
	}
	*count = n;
	return b.data;
}

/* The bands in the regulation's words, a sentence when a band is empty, and the report. */
static void band_paras(const struct tn_definition *d, const struct tn_tally *t, long long base,
		       struct tn_doc *doc)
{
	size_t n[3] = {0};
	char *who[3] = {NULL};

	for (int band = TN_BAND_OVER_HALF; band <= TN_BAND_TWO_THIRDS; band++)
		who[band] = band_subject(d, t, (enum tn_band)band, &n[band]);
	if (base <= 0)
		add(&doc->after, &doc->nafter, TN_S_INDENT,
		    xstrdup("Chưa đủ số liệu để xác định tỷ lệ phiếu tín nhiệm thấp."));
	else if (n[TN_BAND_OVER_HALF] + n[TN_BAND_TWO_THIRDS] == 0)
		add(&doc->after, &doc->nafter, TN_S_INDENT,
		    xstrdup("Không có đồng chí nào có trên 50% số phiếu tín nhiệm thấp."));
	else
		for (int band = TN_BAND_OVER_HALF; band <= TN_BAND_TWO_THIRDS; band++)
			add(&doc->after, &doc->nafter, TN_S_INDENT,
			    n[band] ? format("%s có %s.", who[band], band_words[band])
				    : format("Không có đồng chí nào có %s.", band_words[band]));
	/* QĐ 96 Điều 1 khoản 4: whether or not anyone is in a band */
	add(&doc->after, &doc->nafter, TN_S_INDENT,
	    xstrdup("Kết quả lấy phiếu tín nhiệm phải được báo cáo cấp có thẩm quyền quản lý cán "
		    "bộ và công khai theo quy định."));
	free(who[TN_BAND_OVER_HALF]);
	free(who[TN_BAND_TWO_THIRDS]);
}

/*
 * Each hash whole on a line of its own, under its label. The hashes are what the board signs
 * for: they stay on the page of the closing paragraph and the signatures.
 */
static void hash_into(struct tn_para **list, size_t *n, const char *label, const char *hex)
{
	add(list, n, TN_S_INDENT | TN_S_KEEP, format("%s:", label));
	add(list, n, TN_S_INDENT | TN_S_LINE | TN_S_KEEP, xstrdup(hex));
}

static void hash_para(struct tn_doc *doc, const char *label, const char *hex)
{
	hash_into(&doc->after, &doc->nafter, label, hex);
}

/* The tally hash, or that there is none yet. */
static void tally_hash_para(struct tn_doc *doc, const struct tn_replay *r)
{
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];

	if (r->sealed) {
		hex_grouped(r->seal.tally_hash, TN_HASH_LEN, hex);
		hash_para(doc, "Mã băm kết quả", hex);
	} else {
		add(&doc->after, &doc->nafter, TN_S_INDENT | TN_S_KEEP,
		    xstrdup("Mã băm kết quả: chưa có (cuộc bỏ phiếu chưa niêm phong)."));
	}
}

static void hash_paras(const struct tn_definition *d, const struct tn_replay *r, struct tn_doc *doc)
{
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];

	hex_grouped(d->hash, TN_HASH_LEN, hex);
	hash_para(doc, "Mã băm định nghĩa", hex);
	tally_hash_para(doc, r);
}

/* "14 giờ 05" from "14:05"; the dotted blanks to write by hand when it was not recorded. */
static char *clock_time(const char *hhmm)
{
	if (*hhmm == '\0')
		return xstrdup("..... giờ .....");
	return format("%d giờ %s", atoi(hhmm), hhmm + 3);
}

static void opening(const struct tn_definition *d, const struct tn_meeting *m, struct tn_doc *doc)
{
	char *started = clock_time(m->started);

	add(&doc->before, &doc->nbefore, TN_S_INDENT,
	    format("Hôm nay, vào lúc %s, ngày %d tháng %d năm %d, tại %s, Ban kiểm phiếu tiến "
		   "hành kiểm phiếu về việc: %s.",
		   started, d->day, d->month, d->year, *m->venue ? m->venue : d->place, d->title));
	free(started);
	/* lists end their last item with a full stop, the others with a semicolon */
	for (size_t i = 0; i < d->nbasis; i++)
		add(&doc->before, &doc->nbefore, TN_S_INDENT,
		    format("Căn cứ %s%s", d->basis[i], i + 1 < d->nbasis ? ";" : "."));
	add(&doc->before, &doc->nbefore, TN_S_INDENT | TN_S_KEEP,
	    xstrdup("Ban kiểm phiếu gồm các đồng chí:"));
	for (size_t i = 0; i < d->nboard; i++) {
		char *name = whole(d->board[i].name);

		add(&doc->before, &doc->nbefore, TN_S_INDENT,
		    format("%zu. Đồng chí %s - %s%s", i + 1, name, d->board[i].role,
			   i + 1 < d->nboard ? ";" : "."));
		free(name);
	}
}

/* "Mã khóa ký: bbb2 f8d6 2a4d 47f4" when that member of the board signed the seal, else NULL. */
static char *key_line(const struct tn_replay *r, size_t member)
{
	const struct tn_signer *s = r ? replay_signer(r, (int)member) : NULL;
	char hex[2 * TN_KEYID_LEN + TN_KEYID_LEN / 2 + 1];

	if (s == NULL)
		return NULL;
	hex_grouped(s->keyid, TN_KEYID_LEN, hex);
	return format("Mã khóa ký: %s", hex);
}

/* Every member of the board signs; under each name, the key they signed the seal with. */
static void signatures(const struct tn_definition *d, const struct tn_replay *r, struct tn_doc *doc)
{
	doc->on_behalf = xstrdup("T/M BAN" TN_NBSP "KIỂM" TN_NBSP "PHIẾU");
	doc->signer_role = xstrdup("TRƯỞNG BAN");
	doc->signer_name = whole(d->board[0].name);
	doc->signer_key = key_line(r, 1);
	doc->others_title = xstrdup("CÁC THÀNH VIÊN BAN" TN_NBSP "KIỂM" TN_NBSP "PHIẾU");
	doc->nothers = d->nboard - 1;
	doc->others = xcalloc(d->nboard, sizeof *doc->others);
	doc->others_key = xcalloc(d->nboard, sizeof *doc->others_key);
	for (size_t i = 1; i < d->nboard; i++) {
		doc->others[i - 1] = whole(d->board[i].name);
		doc->others_key[i - 1] = key_line(r, i + 1);
	}
}

/* A reason as the board gave it, ended by a full stop. */
static char *sentence(const char *text)
{
	size_t n = strlen(text);

	return format("%s%s", text, n && strchr(".!?", text[n - 1]) ? "" : ".");
}

/* How many held ballots the board decided, and how it read each: the reading and why. */
static void decision_paras(const struct tn_replay *r, struct tn_doc *doc)
{
	size_t n = 0;

	for (size_t i = 0; i < r->ndecided; i++)
		n += !r->decided[i].voided;
	if (n == 0)
		return;
	add(&doc->before, &doc->nbefore, TN_S_INDENT | TN_S_KEEP,
	    format("Số phiếu chưa rõ khi kiểm, do Ban kiểm phiếu xem xét và quyết định: %zu phiếu "
		   "(mức tín nhiệm ghi theo thứ tự tên trên phiếu: 1 tín nhiệm cao, 2 tín nhiệm, "
		   "3 tín nhiệm thấp, 0 không hợp lệ đối với người đó):",
		   n));
	for (size_t i = 0; i < r->ndecided; i++) {
		const struct tn_decided *dd = &r->decided[i];
		char *why;

		if (dd->voided)
			continue;
		why = sentence(dd->reason);
		if (dd->reading[0] == 'x')
			add(&doc->before, &doc->nbefore, TN_S_INDENT,
			    format("- Phiếu số %llu: không hợp lệ (%s). Lý do: %s",
				   (unsigned long long)dd->paper,
				   rules_ground_words(dd->reading[1] ? dd->reading[1] - '0' : 0),
				   why));
		else
			add(&doc->before, &doc->nbefore, TN_S_INDENT,
			    format("- Phiếu số %llu: %s. Lý do: %s", (unsigned long long)dd->paper,
				   dd->reading, why));
		free(why);
	}
}

/* What the minutes and the slides share. */
static void results(const struct tn_definition *d, const struct tn_replay *r, struct tn_doc *doc,
		    enum tn_doc_kind kind)
{
	memset(doc, 0, sizeof *doc);
	doc->kind = kind;
	header(d, doc);
	doc->draft = !r->sealed;
	doc->summary = xstrdup(d->title);
	results_table(d, &r->tally, &doc->table);
}

void document_minutes(const struct tn_definition *d, const struct tn_replay *r, struct tn_doc *doc)
{
	long long base = tally_base(&r->tally);
	char *ended;

	results(d, r, doc, TN_DOC_MINUTES);
	doc->doc_type = xstrdup("BIÊN BẢN KIỂM PHIẾU");
	opening(d, &r->tally.meeting, doc);
	meeting_paras(&r->tally, doc);
	ballot_paras(&r->tally, base, doc);
	decision_paras(r, doc);
	add(&doc->before, &doc->nbefore, TN_S_BOLD | TN_S_KEEP,
	    xstrdup("Kết quả kiểm phiếu như sau:"));
	band_paras(d, &r->tally, base, doc);
	hash_paras(d, r, doc);
	ended = clock_time(r->tally.meeting.ended);
	add(&doc->after, &doc->nafter, TN_S_INDENT | TN_S_KEEP,
	    format("Biên bản lập xong lúc %s cùng ngày, đã đọc lại cho Ban kiểm phiếu nghe và "
		   "thống nhất ký tên.",
		   ended));
	free(ended);
	signatures(d, r, doc);
}

void document_slides(const struct tn_definition *d, const struct tn_replay *r, struct tn_doc *doc)
{
	const struct tn_tally *t = &r->tally;
	char *conv, *pres, *issued, *coll;
	long long base = tally_base(t);

	results(d, r, doc, TN_DOC_SLIDES);
	doc->doc_type = xstrdup("KẾT QUẢ LẤY PHIẾU TÍN NHIỆM");
	conv = fact(t->meeting.fact[TN_CONVENED]);
	pres = fact(t->meeting.fact[TN_PRESENT]);
	issued = fact(t->meeting.fact[TN_ISSUED]);
	coll = fact(t->meeting.fact[TN_COLLECTED]);
	add(&doc->before, &doc->nbefore, 0,
	    format("Số người được triệu tập: %s; có mặt: %s.", conv, pres));
	add(&doc->before, &doc->nbefore, 0,
	    format("Số phiếu phát ra: %s; thu về: %s; hợp lệ: %llu; không hợp lệ: %llu.", issued,
		   coll, (unsigned long long)t->valid, (unsigned long long)t->invalid));
	add(&doc->before, &doc->nbefore, 0,
	    base < 0
		? format("Tỷ lệ phần trăm tính trên %s.", base_words[t->rules.base])
		: format("Tỷ lệ phần trăm tính trên %s (%lld).", base_words[t->rules.base], base));
	band_paras(d, t, base, doc);
	free(conv);
	free(pres);
	free(issued);
	free(coll);
}

void document_ballot(const struct tn_definition *d, struct tn_doc *doc)
{
	static const char *const head[] = {"TT",
					   "Họ và tên",
					   "Chức vụ",
					   "Tín" TN_NBSP "nhiệm cao",
					   "Tín" TN_NBSP "nhiệm",
					   "Tín" TN_NBSP "nhiệm thấp"};
	static const enum tn_col kind[] = {TN_COL_ORDER, TN_COL_NAME, TN_COL_TEXT,
					   TN_COL_BOX,	 TN_COL_BOX,  TN_COL_BOX};
	struct tn_table *tb = &doc->table;

	memset(doc, 0, sizeof *doc);
	doc->kind = TN_DOC_BALLOT;
	memcpy(doc->hash, d->hash, sizeof doc->hash);
	header(d, doc);
	doc->doc_type = xstrdup("PHIẾU LẤY PHIẾU TÍN NHIỆM");
	doc->summary = xstrdup(d->title);
	add(&doc->before, &doc->nbefore, TN_S_ITALIC | TN_S_CENTER,
	    xstrdup("(Đánh dấu X vào một trong ba ô tương ứng với mức độ tín nhiệm đối với từng "
		    "người có tên dưới đây)"));
	table_columns(tb, head, kind, 6);
	tb->nrows = d->nmembers;
	tb->cells = xcalloc(d->nmembers * 6, sizeof *tb->cells);
	for (size_t i = 0; i < d->nmembers; i++) {
		char **row = tb->cells + i * 6;

		row[0] = format("%zu", i + 1);
		row[1] = xstrdup(d->members[i].name);
		row[2] = xstrdup(d->members[i].role);
		for (int c = 3; c < 6; c++)
			row[c] = xstrdup("");
	}
}

/* ---- the zero report ---- */

int document_zero(const struct tn_definition *d, const struct tn_replay *r, struct tn_doc *doc,
		  struct tn_err *e)
{
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];
	uint64_t ballots = r->last_serial[1] + r->last_serial[2];

	if (ballots != 0)
		return tn_fail(e, TN_EDATA,
			       _("a zero report is made before the first ballot, and this vote "
				 "holds %llu ballots already"),
			       (unsigned long long)ballots);
	results(d, r, doc, TN_DOC_MINUTES);
	doc->draft = false; /* it is signed as it is */
	doc->doc_type = xstrdup("BIÊN BẢN KIỂM TRA TRƯỚC KHI NHẬP PHIẾU");
	add(&doc->before, &doc->nbefore, TN_S_INDENT,
	    format("Trước khi nhập phiếu đầu tiên, Ban kiểm phiếu đã kiểm tra tệp dữ liệu của "
		   "cuộc lấy phiếu tín nhiệm về việc: %s. Tệp chưa có phiếu nào; kết quả của "
		   "từng người đều bằng 0, như bảng dưới đây.",
		   d->title));
	hex_grouped(d->hash, TN_HASH_LEN, hex);
	add(&doc->after, &doc->nafter, TN_S_INDENT | TN_S_KEEP,
	    xstrdup("Mã băm định nghĩa (đối chiếu với biên bản kiểm phiếu và gói dữ liệu):"));
	add(&doc->after, &doc->nafter, TN_S_INDENT | TN_S_LINE | TN_S_KEEP, xstrdup(hex));
	add(&doc->after, &doc->nafter, TN_S_INDENT | TN_S_KEEP,
	    xstrdup("Ban kiểm phiếu thống nhất ký tên xác nhận."));
	signatures(d, NULL, doc);
	return 0;
}

/* ---- the entry journal ---- */

enum { J_RECORD, J_KIND, J_PASS, J_PAPER, J_TEXT, J_NCOLS };

#define JOURNAL_HEAD_EVERY 20 /* records between two chain heads */

void document_journal_begin(const struct tn_definition *d, struct tn_doc *doc)
{
	static const char *const head[] = {"Bản ghi", "Loại", "Lượt", "Phiếu số", "Nội dung"};
	static const enum tn_col kind[] = {TN_COL_ORDER, TN_COL_NAME, TN_COL_COUNT, TN_COL_COUNT,
					   TN_COL_TEXT};
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];

	memset(doc, 0, sizeof *doc);
	doc->kind = TN_DOC_MINUTES;
	header(d, doc);
	doc->doc_type = xstrdup("NHẬT KÝ NHẬP PHIẾU");
	doc->summary = xstrdup(d->title);
	table_columns(&doc->table, head, kind, J_NCOLS);
	add(&doc->before, &doc->nbefore, TN_S_INDENT,
	    xstrdup(
		"Mọi bản ghi của tệp dữ liệu, theo thứ tự của chuỗi mã băm: phiếu theo số "
		"phiếu và lượt nhập, cách đọc như đã gõ (1 tín nhiệm cao, 2 tín nhiệm, 3 tín "
		"nhiệm thấp, 0 không hợp lệ đối với người đó, theo thứ tự tên trên phiếu; x N "
		"cả phiếu không hợp lệ theo căn cứ N; ? phiếu để riêng chờ Ban kiểm phiếu quyết "
		"định), các lần hủy và quyết định với lý do, số liệu hội nghị như đã ghi. Sau "
		"mỗi 20 bản ghi là mã băm của chuỗi, để đối chiếu với gói dữ liệu."));
	hex_grouped(d->hash, TN_HASH_LEN, hex);
	hash_into(&doc->before, &doc->nbefore, "Mã băm định nghĩa", hex);
}

static void journal_row(struct tn_doc *doc, uint64_t seq, const char *kind, int pass,
			uint64_t paper, char *text)
{
	struct tn_table *tb = &doc->table;
	char **row;

	tb->cells = xrealloc(tb->cells, (tb->nrows + 1) * J_NCOLS * sizeof *tb->cells);
	row = tb->cells + tb->nrows++ * J_NCOLS;
	row[J_RECORD] = seq ? format("%llu", (unsigned long long)seq) : xstrdup("");
	row[J_KIND] = xstrdup(kind);
	row[J_PASS] = pass ? format("%d", pass) : xstrdup("");
	row[J_PAPER] = paper ? format("%llu", (unsigned long long)paper) : xstrdup("");
	row[J_TEXT] = text;
}

static void chain_row(struct tn_doc *doc, const struct tn_replay *r)
{
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];

	hex_grouped(r->head, TN_HASH_LEN, hex);
	journal_row(doc, 0, "", 0, 0,
		    format("Mã băm chuỗi sau bản ghi %lld: %s", (long long)r->nrecords, hex));
}

/* "12311 21132" or "x2: không hợp lệ (...)" or "?: để riêng ..." */
static char *reading_words(const struct tn_ballot *b)
{
	char reading[TN_READING_LEN];
	struct tn_buf out = {0};

	record_reading(b, reading);
	if (b->held)
		return xstrdup("? (để riêng, chờ Ban kiểm phiếu quyết định)");
	if (b->crossed)
		return format("%s: không hợp lệ (%s)", reading, rules_ground_words(b->reason));
	for (size_t i = 0; reading[i]; i++) {
		if (i && i % 5 == 0)
			buf_putc(&out, ' ');
		buf_putc(&out, reading[i]);
	}
	buf_puts(&out, b->valid ? " (hợp lệ)" : " (không hợp lệ)");
	return out.data;
}

static char *meeting_words(const struct tn_meeting *m)
{
	static const char *const names[] = {"triệu tập", "có mặt", "phiếu phát ra", "phiếu thu về"};
	struct tn_buf out = {0};

	for (int k = 0; k < TN_NFACTS; k++)
		if (m->fact[k] != TN_UNSET)
			buf_printf(&out, "%s%s %lld", out.len ? "; " : "", names[k], m->fact[k]);
	if (*m->started)
		buf_printf(&out, "%sbắt đầu kiểm phiếu %s", out.len ? "; " : "", m->started);
	if (*m->ended)
		buf_printf(&out, "%slập xong biên bản %s", out.len ? "; " : "", m->ended);
	if (*m->venue)
		buf_printf(&out, "%snơi kiểm phiếu: %s", out.len ? "; " : "", m->venue);
	return out.data ? out.data : xstrdup("");
}

static char *signer_words(const struct tn_definition *d, int member, const uint8_t *keyid)
{
	char hex[2 * TN_KEYID_LEN + TN_KEYID_LEN / 2 + 1];

	hex_grouped(keyid, TN_KEYID_LEN, hex);
	return format("%s (%s), mã khóa ký %s", d->board[member - 1].name,
		      d->board[member - 1].role, hex);
}

void document_journal_record(void *arg, const struct tn_replay *r, const struct tn_record *rec)
{
	struct tn_doc *doc = arg;
	const struct tn_definition *d = r->def;
	uint64_t seq = (uint64_t)r->nrecords;
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];

	switch (rec->kind) {
	case TN_REC_MEETING:
		journal_row(doc, seq, "Số liệu", 0, 0, meeting_words(&rec->u.meeting));
		break;
	case TN_REC_BALLOT:
		journal_row(doc, seq, "Phiếu", rec->u.ballot.pass, rec->u.ballot.paper,
			    reading_words(&rec->u.ballot));
		break;
	case TN_REC_VOID:
		journal_row(
		    doc, seq, "Hủy", rec->u.void_.pass,
		    replay_paper_of(r, rec->u.void_.pass, rec->u.void_.serial),
		    format("Lý do: %.*s", (int)rec->u.void_.reason_len, rec->u.void_.reason));
		break;
	case TN_REC_DECISION: {
		char *words = reading_words(&rec->u.decision.reading);

		journal_row(doc, seq, "Quyết định", 1,
			    replay_paper_of(r, 1, rec->u.decision.reading.serial),
			    format("Ban kiểm phiếu đọc là %s. Lý do: %.*s", words,
				   (int)rec->u.decision.reason_len, rec->u.decision.reason));
		free(words);
		break;
	}
	case TN_REC_SEAL: {
		char *who = rec->u.seal.is_signed ? signer_words(d, 1, rec->u.seal.keyid) : NULL;

		hex_grouped(rec->u.seal.tally_hash, TN_HASH_LEN, hex);
		journal_row(doc, seq, "Niêm phong", 0, 0,
			    who ? format("Mã băm kết quả %s; ký: %s", hex, who)
				: format("Mã băm kết quả %s; không ký", hex));
		free(who);
		break;
	}
	case TN_REC_SIGNATURE:
		journal_row(doc, seq, "Chữ ký", 0, 0,
			    signer_words(d, rec->u.signature.member, rec->u.signature.keyid));
		break;
	case TN_REC_NKINDS:
		break;
	}
	if (seq % JOURNAL_HEAD_EVERY == 0)
		chain_row(doc, r);
}

void document_journal_end(const struct tn_replay *r, struct tn_doc *doc)
{
	char hex[2 * TN_HASH_LEN + TN_HASH_LEN / 2 + 1];

	if (r->nrecords % JOURNAL_HEAD_EVERY != 0)
		chain_row(doc, r);
	doc->draft = !r->sealed;
	add(&doc->after, &doc->nafter, TN_S_INDENT,
	    format("Tổng số bản ghi: %lld.", (long long)r->nrecords));
	hex_grouped(r->head, TN_HASH_LEN, hex);
	hash_para(doc, "Mã băm chuỗi sau bản ghi cuối", hex);
	tally_hash_para(doc, r);
	signatures(r->def, r, doc);
}

static void free_paras(struct tn_para *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].text);
	free(p);
}

static void free_table(struct tn_table *tb)
{
	for (size_t i = 0; tb->head && i < tb->ncols; i++)
		free(tb->head[i]);
	for (size_t i = 0; i < tb->ngroups; i++)
		free(tb->groups[i].label);
	for (size_t i = 0; i < tb->nrows * tb->ncols; i++)
		free(tb->cells[i]);
	for (size_t i = 0; tb->flags && i < tb->nrows; i++)
		free(tb->flags[i]);
	free(tb->head);
	free(tb->kind);
	free(tb->groups);
	free(tb->cells);
	free(tb->flags);
}

void document_free(struct tn_doc *doc)
{
	free(doc->parent_body);
	free(doc->issuing_body);
	free(doc->place_date);
	free(doc->doc_type);
	free(doc->summary);
	free_paras(doc->before, doc->nbefore);
	free_paras(doc->after, doc->nafter);
	free_table(&doc->table);
	free(doc->on_behalf);
	free(doc->signer_role);
	free(doc->signer_name);
	free(doc->others_title);
	for (size_t i = 0; i < doc->nothers; i++) {
		free(doc->others[i]);
		free(doc->others_key ? doc->others_key[i] : NULL);
	}
	free(doc->others);
	free(doc->others_key);
	free(doc->signer_key);
	memset(doc, 0, sizeof *doc);
}
