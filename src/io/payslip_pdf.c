/* payslip_pdf.c — payslip, P60 and P45 PDFs (layout described in payslip_pdf.h). */
#include "io/payslip_pdf.h"

#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"
#include "io/pdf_doc.h"

#define PAGE_W 595.276f
#define PAGE_H 841.89f
#define MARGIN 56.7f /* 20 mm */
#define BODY 12.0f
#define LEAD 16.0f
#define H1 20.0f
#define H1_LEAD 26.0f
#define H2 15.0f
#define H2_LEAD 20.0f
#define AMOUNT_W 110.0f
#define FOOTER_SPACE 28.0f
#define MAX_PAGES 50
#define TEXT_MAX 2048

struct sheet {
    HPDF_Doc pdf;
    HPDF_Font font, bold;
    HPDF_Page pages[MAX_PAGES];
    int npages;
    HPDF_Page page;
    float y;
    char footer[200];
    bool failed;
    unsigned long hpdf_error;
    struct err *e;
};

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    struct sheet *l = user;
    (void)detail_no;
    if (!l->failed) {
        l->failed = true;
        l->hpdf_error = (unsigned long)error_no;
    }
}

static void new_page(struct sheet *l)
{
    if (l->failed)
        return;
    if (l->npages == MAX_PAGES) {
        l->failed = true;
        err_set(l->e, ERR_RANGE, "The document would be more than %d pages.", MAX_PAGES);
        return;
    }
    if (!(l->page = HPDF_AddPage(l->pdf))) {
        l->failed = true;
        return;
    }
    HPDF_Page_SetSize(l->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    l->pages[l->npages++] = l->page;
    l->y = PAGE_H - MARGIN;
}

static void ensure(struct sheet *l, float h)
{
    if (!l->page || l->y - h < MARGIN + FOOTER_SPACE)
        new_page(l);
}

static void draw(struct sheet *l, HPDF_Font f, float size, float x, float baseline, const char *s)
{
    if (l->failed)
        return;
    HPDF_Page_BeginText(l->page);
    HPDF_Page_SetFontAndSize(l->page, f, size);
    HPDF_Page_TextOut(l->page, x, baseline, s);
    HPDF_Page_EndText(l->page);
}

/* Wraps utf8 to width w from x, one line per lead; amount (already WinAnsi-safe ASCII) is drawn
 * right-aligned on the first line. keep reserves room below the first line (headings). */
static void text(struct sheet *l, HPDF_Font f, float size, float lead, float x, float w,
                 const char *utf8, const char *amount, float keep)
{
    char enc[TEXT_MAX], line[TEXT_MAX];
    const char *p = enc;
    size_t left;
    bool first = true;
    if (l->failed)
        return;
    left = pdf_doc_to_winansi(utf8 ? utf8 : "", enc, sizeof enc);
    while (left > 0 && *p == ' ')
        p++, left--;
    if (left == 0 && amount) {
        ensure(l, lead);
        l->y -= lead;
    }
    while (left > 0 && !l->failed) {
        HPDF_UINT n = HPDF_Font_MeasureText(f, (const HPDF_BYTE *)p, (HPDF_UINT)left, w, size, 0,
                                            0, HPDF_TRUE, NULL);
        size_t take;
        if (n == 0)
            n = HPDF_Font_MeasureText(f, (const HPDF_BYTE *)p, (HPDF_UINT)left, w, size, 0, 0,
                                      HPDF_FALSE, NULL);
        if (n == 0)
            n = 1;
        take = n;
        memcpy(line, p, take);
        while (take > 0 && line[take - 1] == ' ')
            take--;
        line[take] = '\0';
        ensure(l, lead + (first ? keep : 0));
        if (l->failed)
            break;
        l->y -= lead;
        draw(l, f, size, x, l->y, line);
        if (first && amount && amount[0]) {
            float aw;
            HPDF_Page_SetFontAndSize(l->page, f, size);
            aw = HPDF_Page_TextWidth(l->page, amount);
            draw(l, f, size, PAGE_W - MARGIN - aw, l->y, amount);
        }
        first = false;
        p += n;
        left -= n;
        while (left > 0 && *p == ' ')
            p++, left--;
    }
    if (first && amount && amount[0] && !l->failed) {
        float aw;
        HPDF_Page_SetFontAndSize(l->page, f, size);
        aw = HPDF_Page_TextWidth(l->page, amount);
        draw(l, f, size, PAGE_W - MARGIN - aw, l->y, amount);
    }
}

static void h1(struct sheet *l, const char *s)
{
    text(l, l->bold, H1, H1_LEAD, MARGIN, PAGE_W - 2 * MARGIN, s, NULL, LEAD * 2);
    if (l->page)
        l->y -= 6;
}

static void h2(struct sheet *l, const char *s)
{
    if (l->page)
        l->y -= 10;
    text(l, l->bold, H2, H2_LEAD, MARGIN, PAGE_W - 2 * MARGIN, s, NULL, LEAD * 2);
    if (l->page)
        l->y -= 2;
}

static void para(struct sheet *l, const char *s)
{
    text(l, l->font, BODY, LEAD, MARGIN, PAGE_W - 2 * MARGIN, s, NULL, 0);
    if (l->page)
        l->y -= 6;
}

/* A label and an amount on one row; bold for totals. */
static void row(struct sheet *l, const char *label, const char *amount, bool strong)
{
    text(l, strong ? l->bold : l->font, BODY, LEAD, MARGIN, PAGE_W - 2 * MARGIN - AMOUNT_W - 8,
         label, amount ? amount : "", 0);
    if (l->page)
        l->y -= 3;
}

static void row_money(struct sheet *l, const char *label, int64_t pence, bool strong)
{
    char m[MONEY_FMT_SIZE], enc[MONEY_FMT_SIZE];
    money_format(pence, MONEY_FMT_POUND, m, sizeof m);
    pdf_doc_to_winansi(m, enc, sizeof enc);
    row(l, label, enc, strong);
}

static int start(struct sheet *l, const char *title, const char *footer, unsigned flags,
                 struct err *e)
{
    char t[512];
    memset(l, 0, sizeof *l);
    l->e = e;
    snprintf(l->footer, sizeof l->footer, "%s", footer ? footer : "");
    if (!(l->pdf = HPDF_New(on_error, l)))
        return err_set(e, ERR_NOMEM, "Could not start a PDF.");
    if (!(flags & PAYSLIP_PDF_UNCOMPRESSED))
        HPDF_SetCompressionMode(l->pdf, HPDF_COMP_ALL);
    l->font = HPDF_GetFont(l->pdf, "Helvetica", "WinAnsiEncoding");
    l->bold = HPDF_GetFont(l->pdf, "Helvetica-Bold", "WinAnsiEncoding");
    pdf_doc_to_winansi(title, t, sizeof t);
    HPDF_SetInfoAttr(l->pdf, HPDF_INFO_TITLE, t);
    HPDF_SetInfoAttr(l->pdf, HPDF_INFO_CREATOR, "selfdirect");
    if (l->failed || !l->font || !l->bold) {
        HPDF_Free(l->pdf);
        return err_set(e, ERR_IO, "Could not set up the PDF's fonts.");
    }
    new_page(l);
    return 0;
}

static int finish(struct sheet *l, struct buf *out, int *pages)
{
    int rc = 0;
    if (!l->failed)
        for (int i = 0; i < l->npages; i++) {
            char num[64], foot[400];
            float wnum;
            l->page = l->pages[i];
            snprintf(num, sizeof num, "Page %d of %d", i + 1, l->npages);
            pdf_doc_to_winansi(l->footer, foot, sizeof foot);
            HPDF_Page_SetFontAndSize(l->page, l->font, BODY);
            wnum = HPDF_Page_TextWidth(l->page, num);
            draw(l, l->font, BODY, MARGIN, MARGIN, foot);
            draw(l, l->font, BODY, PAGE_W - MARGIN - wnum, MARGIN, num);
        }
    if (!l->failed && HPDF_SaveToStream(l->pdf) == HPDF_OK) {
        HPDF_ResetStream(l->pdf);
        for (;;) {
            HPDF_BYTE chunk[8192];
            HPDF_UINT32 n = sizeof chunk;
            HPDF_STATUS st = HPDF_ReadFromStream(l->pdf, chunk, &n);
            if (n > 0 && (rc = buf_add(out, chunk, n)) != 0)
                break;
            if (st != HPDF_OK)
                break;
        }
    }
    if (rc == ERR_RANGE)
        err_set(l->e, ERR_RANGE, "The PDF is larger than allowed.");
    else if (rc != 0)
        err_set(l->e, rc, "Out of memory writing the PDF.");
    else if (l->failed) {
        rc = ERR_IO;
        err_set(l->e, ERR_IO, "The PDF could not be made (libharu error 0x%04lX).", l->hpdf_error);
    }
    if (rc == 0 && pages)
        *pages = l->npages;
    HPDF_Free(l->pdf);
    return rc;
}

/* ---- shared pieces ---------------------------------------------------------------------------- */

static void full_name(const struct pa_doc_employee *w, char *out, size_t outsz)
{
    snprintf(out, outsz, "%s%s%s %s", w->title && w->title[0] ? w->title : "",
             w->title && w->title[0] ? " " : "", w->given_name ? w->given_name : "",
             w->family_name ? w->family_name : "");
}

static void people_rows(struct sheet *l, const struct pa_doc_employer *m,
                        const struct pa_doc_employee *w)
{
    char s[512], ref[64];
    full_name(w, s, sizeof s);
    row(l, "Employee", s, false);
    row(l, "National Insurance number",
        w->ni_number && w->ni_number[0] ? w->ni_number : "not known yet", false);
    row(l, "Payroll ID", w->payroll_id ? w->payroll_id : "", false);
    row(l, "Employer", m->name ? m->name : "", false);
    snprintf(ref, sizeof ref, "%s/%s", m->paye_office ? m->paye_office : "",
             m->paye_reference ? m->paye_reference : "");
    row(l, "Employer PAYE reference", ref, false);
}

static void explain_rows(struct sheet *l, const struct payroll_explain *x)
{
    for (int i = 0; i < x->n; i++) {
        char amount[64], enc[64];
        payroll_explain_amount(&x->lines[i], amount, sizeof amount);
        pdf_doc_to_winansi(amount, enc, sizeof enc);
        row(l, x->lines[i].label, enc, false);
    }
}

/* ---- payslip ------------------------------------------------------------------------------------ */

int payslip_pdf(const struct payslip_doc *d, unsigned flags, struct buf *out, int *pages,
                struct err *e)
{
    const struct payslip_calc *p = d->slip;
    const struct payrun_period *per = d->period;
    struct sheet l;
    char title[256], s[TEXT_MAX], a[48], b[48], c[48], y[8];
    int rc;

    taxyear_format(per->tax_year, y);
    date_format_long(per->pay_date, c, sizeof c);
    snprintf(title, sizeof title, "Payslip: paid %s", c);
    if ((rc = start(&l, title, d->reference ? d->reference : "Payslip", flags, e)) != 0)
        return rc;
    h1(&l, title);
    date_format_long(per->first, a, sizeof a);
    date_format_long(per->last, b, sizeof b);
    if (per->frequency == PAY_MONTHLY)
        snprintf(s, sizeof s, "This is your pay for %s to %s (month %d of the %s tax year).", a,
                 b, per->period, y);
    else
        snprintf(s, sizeof s, "This is your pay for %s to %s (%s pay period %d of the %s tax "
                              "year).",
                 a, b, pay_frequency_name(per->frequency), per->period, y);
    para(&l, s);
    people_rows(&l, d->employer, d->employee);

    h2(&l, "What you get");
    row_money(&l, "Gross pay (before anything is taken off)", p->gross, false);
    row_money(&l, "Income tax", -p->tax, false);
    row_money(&l, "National Insurance", -p->employee_ni, false);
    if (p->employee_pension_deducted)
        row_money(&l, "Workplace pension", -p->employee_pension_deducted, false);
    row_money(&l, "Take-home pay (paid to you)", p->net_pay, true);

    for (int sec = 0; sec < SLIP_SECTION_COUNT; sec++) {
        if (p->explain[sec].n == 0)
            continue;
        h2(&l, payslip_section_title((enum payslip_section)sec));
        if (sec == SLIP_TAX) {
            snprintf(s, sizeof s, "Tax code %s%s. Tax is worked out by HMRC's tables; each "
                                  "step is below.",
                     p->tax_code, p->week1_month1 ? " on a week 1 / month 1 basis" : "");
            para(&l, s);
        } else if (sec == SLIP_NI) {
            snprintf(s, sizeof s, "National Insurance category %c.", p->ni_category);
            para(&l, s);
        }
        explain_rows(&l, &p->explain[sec]);
    }

    h2(&l, "This tax year so far");
    row_money(&l, "Gross pay", p->ytd.gross, false);
    row_money(&l, "Taxable pay", p->ytd.taxable, false);
    row_money(&l, "Income tax", p->ytd.tax, false);
    row_money(&l, "National Insurance", p->ytd.employee_ni, false);
    if (p->ytd.employee_pension || p->ytd.employer_pension) {
        row_money(&l, "Your pension contributions", p->ytd.employee_pension, false);
        row_money(&l, "Your employer's pension contributions", p->ytd.employer_pension, false);
    }
    if (p->ytd.ssp)
        row_money(&l, "Statutory Sick Pay", p->ytd.ssp, false);
    para(&l, "If something looks wrong, ask your employer first. If that does not sort it out, "
             "you can raise a concern about your pay from your PA account, and a named person "
             "must reply.");
    return finish(&l, out, pages);
}

/* ---- P60 ---------------------------------------------------------------------------------------- */

int p60_pdf(const struct p60_doc *d, unsigned flags, struct buf *out, int *pages, struct err *e)
{
    const struct payslip_calc *p = d->last;
    struct sheet l;
    char title[160], y[8], s[TEXT_MAX], end[48], footer[200];
    int rc;

    taxyear_format(d->tax_year, y);
    date_format_long(taxyear_end(d->tax_year), end, sizeof end);
    snprintf(title, sizeof title, "P60 End of Year Certificate, tax year %s", y);
    snprintf(footer, sizeof footer, "P60 %s, payroll ID %s", y,
             d->employee->payroll_id ? d->employee->payroll_id : "");
    if ((rc = start(&l, title, footer, flags, e)) != 0)
        return rc;
    h1(&l, title);
    snprintf(s, sizeof s, "Tax year to %s. Keep this certificate: it shows your pay and the tax "
                          "and National Insurance taken in this job during the year. You may "
                          "need it to claim tax back or to prove your income.",
             end);
    para(&l, s);
    people_rows(&l, d->employer, d->employee);

    h2(&l, "Pay and income tax");
    row_money(&l, "In previous employments: pay", d->previous_pay, false);
    row_money(&l, "In previous employments: tax deducted", d->previous_tax, false);
    row_money(&l, "In this employment: pay", p->ytd.taxable, false);
    row_money(&l, "In this employment: tax deducted", p->ytd.tax, false);
    row_money(&l, "Total for year: pay", d->previous_pay + p->ytd.taxable, true);
    row_money(&l, "Total for year: tax deducted", d->previous_tax + p->ytd.tax, true);
    snprintf(s, sizeof s, "%s%s", p->tax_code, p->week1_month1 ? " (week 1 / month 1)" : "");
    row(&l, "Final tax code", s, false);

    h2(&l, "National Insurance contributions in this employment");
    snprintf(s, sizeof s, "%c", p->ni_category);
    row(&l, "NIC letter", s, false);
    row_money(&l, "Earnings at the Lower Earnings Limit (LEL)", p->ytd.at_lel, false);
    row_money(&l, "Earnings above the LEL, up to the Primary Threshold (PT)", p->ytd.lel_to_pt,
              false);
    row_money(&l, "Earnings above the PT, up to the Upper Earnings Limit (UEL)", p->ytd.pt_to_uel,
              false);
    row_money(&l, "Employee's contributions due on all earnings above the PT", p->ytd.employee_ni,
              false);

    h2(&l, "Statutory payments and pensions");
    row_money(&l, "Statutory Sick Pay in the year (included in pay above)", p->ytd.ssp, false);
    row_money(&l, "Your pension contributions", p->ytd.employee_pension, false);
    row_money(&l, "Your employer's pension contributions", p->ytd.employer_pension, false);

    h2(&l, "Certificate by employer");
    para(&l, "This form shows your total pay for income tax purposes in this employment for the "
             "year. Any overtime, bonus, commission and so on, Statutory Sick Pay, Statutory "
             "Maternity Pay, Statutory Paternity Pay, Statutory Shared Parental Pay or Statutory "
             "Adoption Pay is included.");
    para(&l, "Employer's name and PAYE reference are shown above.");
    return finish(&l, out, pages);
}

/* ---- P45 ---------------------------------------------------------------------------------------- */

int p45_pdf(const struct p45_doc *d, unsigned flags, struct buf *out, int *pages, struct err *e)
{
    const struct payslip_calc *p = d->last;
    const struct pa_doc_employee *w = d->employee;
    struct sheet l;
    char s[TEXT_MAX], when[48], born[48], y[8], footer[200];
    int rc;

    if (!w->has_left)
        return err_set_field(e, ERR_INVALID, "ends_on",
                             "A P45 is for an employee who has left: record the leaving date on "
                             "the contract first");
    taxyear_format(d->tax_year, y);
    snprintf(footer, sizeof footer, "P45 %s, payroll ID %s", y, w->payroll_id ? w->payroll_id : "");
    if ((rc = start(&l, "P45 Details of employee leaving work", footer, flags, e)) != 0)
        return rc;
    h1(&l, "P45 Details of employee leaving work");
    para(&l, "Part 1A: for the employee to keep. Give parts 2 and 3 (the same details) to your "
             "new employer, or to Jobcentre Plus if you claim benefits.");
    people_rows(&l, d->employer, w);

    h2(&l, "Leaving details");
    date_format_long(w->left_on, when, sizeof when);
    row(&l, "Leaving date", when, false);
    if (w->date_of_birth) {
        date_format_long(w->date_of_birth, born, sizeof born);
        row(&l, "Date of birth", born, false);
    }
    if (w->gender)
        row(&l, "Gender", w->gender == 'F' ? "Female" : "Male", false);
    snprintf(s, sizeof s, "%s", p->tax_code);
    row(&l, "Tax code at leaving date", s, false);
    row(&l, "Week 1 / Month 1 basis", p->week1_month1 ? "Yes" : "No", false);
    snprintf(s, sizeof s, "%s %d", d->frequency == PAY_MONTHLY ? "Month" : "Week",
             d->frequency == PAY_MONTHLY ? d->last_period
                                         : d->last_period * (pay_frequency_weeks(d->frequency)
                                                                 ? pay_frequency_weeks(d->frequency)
                                                                 : 1));
    row(&l, "Last entry: week or month number", s, false);
    snprintf(s, sizeof s, "%s", y);
    row(&l, "Tax year", s, false);

    h2(&l, "Pay and tax to the leaving date");
    if (p->week1_month1) {
        para(&l, "Your code was operated on a week 1 / month 1 basis, so the totals to date are "
                 "not needed by your next employer and are not shown.");
    } else {
        row_money(&l, "Total pay to date (all employments this year)",
                  d->previous_pay + p->ytd.taxable, true);
        row_money(&l, "Total tax to date (all employments this year)",
                  d->previous_tax + p->ytd.tax, true);
    }
    row_money(&l, "Pay in this employment", p->ytd.taxable, false);
    row_money(&l, "Tax in this employment", p->ytd.tax, false);
    row(&l, "Student loan deductions to continue", "No", false);

    if (w->address_line1 && w->address_line1[0]) {
        h2(&l, "Employee's address");
        snprintf(s, sizeof s, "%s%s%s, %s %s", w->address_line1,
                 w->address_line2 && w->address_line2[0] ? ", " : "",
                 w->address_line2 ? w->address_line2 : "", w->town ? w->town : "",
                 w->postcode ? w->postcode : "");
        para(&l, s);
    }
    h2(&l, "Certificate by employer or pension administrator");
    para(&l, "I certify that the details entered above are correct.");
    return finish(&l, out, pages);
}
