#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "tinnhiem/atomic.h"
#include "tinnhiem/document.h"
#include "tinnhiem/i18n.h"

static const char usage[] = "tinnhiem ballots VOTE.db -o FILE.pdf [--copies N] [--force]";
static const char help[] =
    N_("Writes the blank paper ballot (Phụ lục 4 of Quy định 96-QĐ/TW) as an A4 PDF:\n"
       "the vote's title, the instruction line, and one row per member with three\n"
       "empty boxes. As many ballots as fit go on each page; --copies sets how many\n"
       "ballots in all (default: one page's worth). Nothing on a ballot identifies a\n"
       "voter. An existing file is replaced only with --force, and never when it is\n"
       "the vote file or another database.\n\n"
       "Example:\n  tinnhiem ballots demo.db -o phieu.pdf --copies 40\n");

int cmd_ballots(int argc, char **argv)
{
	static const struct option opts[] = {{"output", required_argument, NULL, 'o'},
					     {"copies", required_argument, NULL, 'n'},
					     {"force", no_argument, NULL, 'F'},
					     {"help", no_argument, NULL, 'h'},
					     {NULL, 0, NULL, 0}};
	unsigned long long copies = 1;
	const char *out = NULL;
	struct tn_atomic file;
	bool force = false;
	struct tn_doc doc;
	struct tn_vote v;
	struct tn_err e;
	int c, rc;

	while ((c = getopt_long(argc, argv, "ho:n:", opts, NULL)) != -1) {
		if (c == 'h')
			return cmd_help(usage, _(help));
		if (c == 'o')
			out = optarg;
		else if (c == 'F')
			force = true;
		else if (c == 'n' && (cmd_number(optarg, 100000, &copies) < 0 || copies == 0))
			return cmd_usage_error(usage, _("--copies is a number from 1 to 100000"));
		else if (c != 'n' && c != 'F')
			return cmd_usage_error(usage, _("bad option"));
	}
	if (argc - optind != 1 || out == NULL)
		return cmd_usage_error(usage, _("expected a vote file and -o FILE.pdf"));
	if (atomic_check_target(out, force, argv[optind], &e) < 0 ||
	    vote_open(argv[optind], false, &v, &e) < 0)
		return cmd_fail(&e);
	document_ballot(&v.def, &doc);
	vote_close(&v);
	if ((rc = atomic_open(&file, out, force, argv[optind], &e)) == 0) {
		rc = render_pdf(&doc, (int)copies, file.f, out, &e);
		rc = rc == 0 ? atomic_commit(&file, &e) : (atomic_abort(&file), rc);
	}
	document_free(&doc);
	if (rc < 0)
		return cmd_fail(&e);
	printf(_("wrote %s: %llu ballots\n"), out, copies);
	return 0;
}
