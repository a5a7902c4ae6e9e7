#include <stdio.h>

#include "cmd.h"
#include "tinnhiem/document.h"
#include "tinnhiem/i18n.h"
#include "tinnhiem/report.h"
#include "tinnhiem/vote.h"

static const char usage[] = "tinnhiem tally VOTE.db [--format text|csv|json]";
static const char help[] =
    N_("Prints the results per member, computed from the records alone. On an open\n"
       "vote the figures are provisional; on a closed vote they are checked against\n"
       "the seal. Before the first ballot, the text is the zero report for the board\n"
       "to sign: every member at zero, and the definition hash (minutes --zero prints\n"
       "it as a PDF).\n\n"
       "Example:\n  tinnhiem tally demo.db --format json\n");

static const char *format_name = "text";
static enum tn_format format;

static const struct cmd_option options[] = {
    CMD_OPT_STRING("format", 'f', "FORMAT", &format_name, N_("text, csv or json (default: text)")),
    CMD_OPT_END,
};

static int check(char **operands)
{
	(void)operands;
	if (report_format_parse(format_name, &format) < 0)
		return cmd_usage_error(usage, _("--format is text, csv or json"));
	return 0;
}

static int run(struct tn_vote *v, char **operands)
{
	struct tn_buf out = {0};
	struct tn_replay r = {0};
	struct tn_err e;
	int rc;

	if ((rc = cmd_replay(v, operands[0], &r, &e)) == 0) {
		struct tn_doc zero;

		if (format == TN_FMT_TEXT && document_zero(&v->def, &r, &zero, &e) == 0) {
			render_text(&zero, &out);
			document_free(&zero);
		} else {
			report_tally(&v->def, &r.tally, r.sealed ? r.seal.tally_hash : NULL, format,
				     &out);
		}
		fwrite(out.data, 1, out.len, stdout);
	}
	buf_free(&out);
	replay_free(&r);
	return rc < 0 ? cmd_fail(&e) : 0;
}

const struct cmd_spec cmd_tally = {
    .usage = usage,
    .help = help,
    .options = options,
    .operands = 1,
    .operands_error = N_("expected one vote file"),
    .check = check,
    .run = run,
};
