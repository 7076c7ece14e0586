/*
 * report-export: what the annual report's page, its API and the command
 * line (huimin report annual) share: the sentence template in use (a file
 * the county edits, or the copy built into the binary), the report as
 * plain document blocks, and its files in each format (io/doc, io/pdf).
 *
 * The template is, in this order (docs/reports.md): the file given (the
 * command's --template), the file named by $HUIMIN_REPORT_TEMPLATE,
 * reports/annual.zh.txt in the working directory when there is one, the
 * copy of reports/annual.zh.txt built into the binary. It is read again
 * each time, so an edited file counts from the next report on.
 */
#ifndef HUIMIN_REPORT_EXPORT_H
#define HUIMIN_REPORT_EXPORT_H

#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"
#include "domain/report-template.h"
#include "io/doc.h"

#define REPORT_TEMPLATE_ENV "HUIMIN_REPORT_TEMPLATE"
#define REPORT_TEMPLATE_FILE "reports/annual.zh.txt"
#define REPORT_TEMPLATE_BUILTIN "annual.zh.txt" /* the asset's name */

enum report_format { REPORT_FORMAT_TXT, REPORT_FORMAT_HTML, REPORT_FORMAT_DOCX, REPORT_FORMAT_PDF, REPORT_FORMAT__MAX };

/* The format called name ("txt" "html" "docx" "pdf"), or -1. */
int report_format_parse(const char *name);
/* Its file name extension without the dot, and its content type. */
const char *report_format_ext(enum report_format f);
const char *report_format_type(enum report_format f);

/*
 * The template (see above; path NULL or "" for the usual order): 0 with
 * *out (report_template_free it) and where it came from in source (the
 * path, or "内置模板"); 1 the file has mistakes, each a line in problems;
 * -1 the file cannot be read (a Chinese message in err).
 */
__attribute__((warn_unused_result)) int report_export_template(const char *path, struct report_template **out,
                                                               char *source, size_t size, struct buf *problems,
                                                               struct error *err);

/*
 * The page that lists the records behind a figure (its link), within the
 * reader's scope there too: a project's case list (reached, hukou,
 * over_target), its paid lines, the survey, training, rehabilitation, the
 * fund, a target, the board. "" for a figure without records.
 */
void report_export_href(const struct report_link *l, char *out, size_t size);

/* A list of document blocks that own their texts. */
struct report_blocks {
	struct doc_block *b;
	size_t n, alloc;
};

/* Appends a block with a copy of text. */
void report_blocks_add(struct report_blocks *bl, enum doc_kind kind, const char *text);
/* Appends the blocks of d, each block's spans joined into its text. */
void report_blocks_of(struct report_blocks *bl, const struct report_doc *d);
void report_blocks_release(struct report_blocks *bl);

/*
 * Writes the blocks to path as format f; header is the county's name for
 * the PDF's page header. 0, or -1 with a message.
 */
__attribute__((warn_unused_result)) int report_export_write(const struct report_blocks *bl, enum report_format f,
                                                            const char *path, const char *header, struct error *err);

#endif
