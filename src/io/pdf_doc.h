/*
 * pdf_doc.h — PDF downloads of a support plan and of a direct payment agreement (libharu), for the
 * person to keep, print or share.
 *
 * Layout: A4 portrait, 20 mm margins, Helvetica 12 pt body text on a 16 pt line (nothing smaller
 * than 12 pt anywhere, page numbers included), headings in bold at 20 pt and 15 pt that are never
 * left alone at the foot of a page, bulleted lists, words wrapped to the measure and (if a single
 * word is wider than a line) broken, and "Page n of N" with the document's reference on every
 * page. Text is UTF-8 in, converted to the PDF's WinAnsi encoding ("£", curly quotes, dashes and
 * accented Latin letters survive; characters it cannot show become "?").
 *
 * Known limit: libharu 2.3 cannot write a tagged (accessible) PDF; the same content is available
 * as an HTML page, which is the accessible version.
 *
 * The bytes go into a struct buf (capped by the caller); *pages says how many pages were made.
 */
#ifndef SELFDIRECT_IO_PDF_DOC_H
#define SELFDIRECT_IO_PDF_DOC_H

#include "domain/dp_agreement.h"
#include "domain/plan.h"

struct buf;
struct err;

enum pdf_doc_flags {
    PDF_DOC_DEFAULT = 0,
    PDF_DOC_UNCOMPRESSED = 1 << 0, /* plain content streams: for tests that read the text */
};

/* The plan as the person wrote it, with its costing and any warnings. person_name is printed in
 * the title; costing may be NULL (then no costs are shown). */
int pdf_doc_plan(const struct plan *p, const struct plan_costing *costing, const char *person_name,
                 unsigned flags, struct buf *out, int *pages, struct err *e);

int pdf_doc_agreement(const struct dp_agreement *ag, unsigned flags, struct buf *out, int *pages,
                      struct err *e);

/* UTF-8 to WinAnsi (CP1252), as used for the PDF's text. Writes at most outsz-1 bytes and a NUL;
 * returns the length. Exposed for tests. */
size_t pdf_doc_to_winansi(const char *utf8, char *out, size_t outsz);

#endif
