/* pages_assess_pdf.c — the eligibility decision as a PDF to keep (libharu), in the layout of the
 * plan's documents (src/io/pdf_doc.h): A4, 20 mm margins, Helvetica 12 pt on a 16 pt line and
 * nothing smaller, bold headings, words wrapped to the measure, "Page n of N" with the reference on
 * every page; text converted to WinAnsi by pdf_doc_to_winansi. libharu cannot tag a PDF, so the
 * HTML page stays the accessible version; the PDF is the copy to keep or send. */
#include <hpdf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "io/pdf_doc.h"
#include "web/pages_assess.h"

#define MARGIN 56.69f /* 20 mm */
#define PAGE_W 595.276f
#define PAGE_H 841.89f
#define BODY 12.0f
#define LEAD 16.0f
#define H1 20.0f
#define H2 15.0f
#define MAX_PAGES 40

struct doc {
    HPDF_Doc pdf;
    HPDF_Page page, pages[MAX_PAGES];
    int npages;
    HPDF_Font font, bold;
    float y;
    bool failed;
    unsigned long code;
};

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    struct doc *d = user;
    (void)detail_no;
    if (!d->failed) {
        d->failed = true;
        d->code = (unsigned long)error_no;
    }
}

static void new_page(struct doc *d)
{
    if (d->failed || d->npages == MAX_PAGES) {
        d->failed = true;
        return;
    }
    if (!(d->page = HPDF_AddPage(d->pdf))) {
        d->failed = true;
        return;
    }
    HPDF_Page_SetSize(d->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    d->pages[d->npages++] = d->page;
    d->y = PAGE_H - MARGIN;
}

static void out_line(struct doc *d, HPDF_Font f, float size, float lead, const char *s,
                     float keep)
{
    if (d->failed)
        return;
    if (d->y - lead - keep < MARGIN + 2 * LEAD)
        new_page(d);
    if (d->failed)
        return;
    d->y -= lead;
    HPDF_Page_BeginText(d->page);
    HPDF_Page_SetFontAndSize(d->page, f, size);
    HPDF_Page_TextOut(d->page, MARGIN, d->y, s);
    HPDF_Page_EndText(d->page);
}

/* Wrapped text; keep reserves room after the first line (a heading stays with what follows). */
static void text(struct doc *d, HPDF_Font f, float size, float lead, const char *utf8, float keep)
{
    size_t cap = strlen(utf8) + 1, left;
    char *enc = malloc(cap), line[1024];
    const char *p;
    bool first = true;
    if (!enc) {
        d->failed = true;
        return;
    }
    left = pdf_doc_to_winansi(utf8, enc, cap);
    p = enc;
    while (left > 0 && !d->failed) {
        HPDF_UINT n = HPDF_Font_MeasureText(f, (const HPDF_BYTE *)p, (HPDF_UINT)left,
                                            PAGE_W - 2 * MARGIN, size, 0, 0, HPDF_TRUE, NULL);
        size_t take;
        if (n == 0)
            n = HPDF_Font_MeasureText(f, (const HPDF_BYTE *)p, (HPDF_UINT)left,
                                      PAGE_W - 2 * MARGIN, size, 0, 0, HPDF_FALSE, NULL);
        if (n == 0)
            n = 1;
        take = n < sizeof line ? n : sizeof line - 1;
        memcpy(line, p, take);
        while (take > 0 && line[take - 1] == ' ')
            take--;
        line[take] = '\0';
        out_line(d, f, size, lead, line, first ? keep : 0);
        first = false;
        p += n;
        left -= n;
        while (left > 0 && *p == ' ')
            p++, left--;
    }
    free(enc);
    d->y -= 6;
}

int assess_pdf_decision(const struct assess_decision *dec, const char *person_name,
                        const char *reference, const char *council_name, struct buf *out,
                        int *pages, struct err *e)
{
    struct doc d;
    char line[600], when[40], foot[200], enc[600];
    int rc = 0;

    memset(&d, 0, sizeof d);
    if (!(d.pdf = HPDF_New(on_error, &d)))
        return err_set(e, ERR_NOMEM, "Could not start a PDF.");
    HPDF_SetCompressionMode(d.pdf, HPDF_COMP_ALL);
    d.font = HPDF_GetFont(d.pdf, "Helvetica", "WinAnsiEncoding");
    d.bold = HPDF_GetFont(d.pdf, "Helvetica-Bold", "WinAnsiEncoding");
    pdf_doc_to_winansi("Eligibility decision", enc, sizeof enc);
    HPDF_SetInfoAttr(d.pdf, HPDF_INFO_TITLE, enc);
    HPDF_SetInfoAttr(d.pdf, HPDF_INFO_CREATOR, "selfdirect");
    new_page(&d);

    date_format_long(dec->decided_on, when, sizeof when);
    text(&d, d.bold, H1, 26, "Your eligibility decision", 2 * LEAD);
    snprintf(line, sizeof line, "%s (%s)", person_name, reference);
    text(&d, d.font, BODY, LEAD, line, 0);
    snprintf(line, sizeof line, "%s, %s. Decided on %s%s%s.", council_name,
             dec->kind == ASSESS_CARER ? "carer's assessment" : "needs assessment", when,
             *dec->decided_by_name ? " by " : "", dec->decided_by_name);
    text(&d, d.font, BODY, LEAD, line, 0);
    d.y -= 8;
    text(&d, d.bold, H2, 20,
         dec->eligible ? "Your needs are eligible for care and support"
                       : "Your needs are not eligible under the national criteria",
         2 * LEAD);
    text(&d, d.font, BODY, LEAD,
         "This is the council's decision under the Care Act 2014 and the Care and Support "
         "(Eligibility Criteria) Regulations 2015. These are the reasons.",
         0);
    for (const char *p = dec->decision_text; p && *p && !d.failed;) {
        const char *end = strstr(p, "\n\n");
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char *para = malloc(len + 1);
        if (!para) {
            d.failed = true;
            break;
        }
        memcpy(para, p, len);
        para[len] = '\0';
        text(&d, d.font, BODY, LEAD, para, 0);
        free(para);
        p = end ? end + 2 : NULL;
    }
    text(&d, d.bold, H2, 20, "Ordinary residence", 2 * LEAD);
    text(&d, d.font, BODY, LEAD,
         strcmp(dec->ordinary_residence, "confirmed") == 0
             ? "The council has confirmed it is responsible for meeting these needs."
             : "Not yet confirmed: the council will check which council is responsible.",
         0);
    text(&d, d.bold, H2, 20, "If you disagree, or things change", 2 * LEAD);
    text(&d, d.font, BODY, LEAD,
         "Contact the council and ask for the decision to be looked at again, or for a new "
         "assessment. You are entitled to information and advice about care and support "
         "whatever the decision.",
         0);

    /* Footers, now the number of pages is known. */
    snprintf(foot, sizeof foot, "Eligibility decision %" PRId64 " - %s", dec->id, reference);
    pdf_doc_to_winansi(foot, enc, sizeof enc);
    for (int i = 0; i < d.npages && !d.failed; i++) {
        char num[48];
        snprintf(num, sizeof num, "Page %d of %d", i + 1, d.npages);
        HPDF_Page_BeginText(d.pages[i]);
        HPDF_Page_SetFontAndSize(d.pages[i], d.font, BODY);
        HPDF_Page_TextOut(d.pages[i], MARGIN, MARGIN, enc);
        HPDF_Page_TextOut(d.pages[i], PAGE_W - MARGIN - HPDF_Page_TextWidth(d.pages[i], num),
                          MARGIN, num);
        HPDF_Page_EndText(d.pages[i]);
    }
    if (!d.failed && HPDF_SaveToStream(d.pdf) == HPDF_OK) {
        HPDF_ResetStream(d.pdf);
        for (;;) {
            HPDF_BYTE chunk[8192];
            HPDF_UINT32 n = sizeof chunk;
            HPDF_STATUS st = HPDF_ReadFromStream(d.pdf, chunk, &n);
            if (n > 0 && (rc = buf_add(out, chunk, n)) != 0)
                break;
            if (st != HPDF_OK)
                break;
        }
    }
    if (rc != 0)
        err_set(e, rc, "The PDF is too large.");
    else if (d.failed)
        rc = err_set(e, ERR_IO, "The PDF could not be made (libharu error 0x%04lX).", d.code);
    if (rc == 0 && pages)
        *pages = d.npages;
    HPDF_Free(d.pdf);
    return rc;
}
