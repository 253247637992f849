/*
 * payslip_pdf.h — the PA's documents as PDFs (libharu): the payslip (what was paid and why, in
 * plain English, from the stored figures and explanation lines), the P60 end-of-year certificate
 * and the P45 on leaving. Every document is made from what a pay run stored; nothing here
 * calculates pay.
 *
 * Layout: A4 portrait, 20 mm margins, Helvetica 12 pt body text (nothing smaller than 12 pt,
 * page numbers included), bold 20 pt and 15 pt headings, two-column rows with the amount
 * right-aligned, text wrapped and paginated, "Page n of N" on every page. Text is UTF-8 in,
 * WinAnsi in the PDF (pdf_doc_to_winansi). libharu cannot write tagged PDF: the same content is
 * on the PA's payslip page, which is the accessible version.
 *
 * The P60 and P45 here are the employer's own printouts with every figure HMRC's forms ask for,
 * laid out in the forms' order (HMRC has allowed substitute P60s and P45 part 1A on plain paper
 * when they carry the same information); they are not HMRC's printed stationery.
 */
#ifndef SELFDIRECT_IO_PAYSLIP_PDF_H
#define SELFDIRECT_IO_PAYSLIP_PDF_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/payrun.h"

struct buf;
struct err;

enum payslip_pdf_flags {
    PAYSLIP_PDF_DEFAULT = 0,
    PAYSLIP_PDF_UNCOMPRESSED = 1 << 0, /* plain content streams: for tests that read the text */
};

/* Who pays and who is paid, as the documents print them. */
struct pa_doc_employer {
    const char *name;
    const char *paye_office;       /* "123" */
    const char *paye_reference;    /* "A45678" */
    const char *accounts_office_ref;
};

struct pa_doc_employee {
    const char *title;
    const char *given_name;
    const char *family_name;
    const char *ni_number;         /* "" when not known */
    const char *payroll_id;
    const char *address_line1, *address_line2, *town, *postcode;
    day_t date_of_birth;
    char gender;                   /* 'F', 'M' or 0 */
    day_t starts_on;
    bool has_left;
    day_t left_on;
};

struct payslip_doc {
    const struct pa_doc_employer *employer;
    const struct pa_doc_employee *employee;
    const struct payrun_period *period;
    const struct payslip_calc *slip;
    const char *reference;         /* printed in the footer, e.g. "Payslip 1234" */
};

int payslip_pdf(const struct payslip_doc *d, unsigned flags, struct buf *out, int *pages,
                struct err *e);

/* End-of-year certificate for one employment, from its last payslip of the tax year. */
struct p60_doc {
    const struct pa_doc_employer *employer;
    const struct pa_doc_employee *employee;
    int tax_year;
    const struct payslip_calc *last;   /* the year to date is last->ytd */
    int64_t previous_pay, previous_tax; /* from a P45 this year, 0 if none */
};

int p60_pdf(const struct p60_doc *d, unsigned flags, struct buf *out, int *pages, struct err *e);

/* Details of employee leaving work, from the last payslip before leaving. */
struct p45_doc {
    const struct pa_doc_employer *employer;
    const struct pa_doc_employee *employee;  /* has_left and left_on required */
    int tax_year;
    enum pay_frequency frequency;
    int last_period;                         /* the week or month number of the last payment */
    const struct payslip_calc *last;
    int64_t previous_pay, previous_tax;
};

int p45_pdf(const struct p45_doc *d, unsigned flags, struct buf *out, int *pages, struct err *e);

#endif
