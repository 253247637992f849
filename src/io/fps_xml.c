/* fps_xml.c — RTI Full Payment Submission XML; see fps_xml.h. */
#include "io/fps_xml.h"

#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"

const char *fps_xml_namespace(int tax_year)
{
    /* HMRC versions the schema each year; the 23-24 schema was reissued as version 2. */
    switch (tax_year) {
    case 2023: return "http://www.govtalk.gov.uk/taxation/PAYE/RTI/FullPaymentSubmission/23-24/2";
    case 2024: return "http://www.govtalk.gov.uk/taxation/PAYE/RTI/FullPaymentSubmission/24-25/1";
    case 2025: return "http://www.govtalk.gov.uk/taxation/PAYE/RTI/FullPaymentSubmission/25-26/1";
    case 2026: return "http://www.govtalk.gov.uk/taxation/PAYE/RTI/FullPaymentSubmission/26-27/1";
    default: return NULL;
    }
}

char fps_hours_band(int64_t m)
{
    if (m <= 0)
        return 'E';
    if (m < 16 * 60)
        return 'A';
    if (m < 24 * 60)
        return 'B';
    if (m < 30 * 60)
        return 'C';
    return 'D';
}

struct w {
    xmlTextWriterPtr x;
    int failed;
};

static void el(struct w *w, const char *name, const char *text)
{
    if (w->failed)
        return;
    if (xmlTextWriterWriteElement(w->x, BAD_CAST name, BAD_CAST(text ? text : "")) < 0)
        w->failed = 1;
}

static void el_money(struct w *w, const char *name, int64_t pence)
{
    char m[MONEY_FMT_SIZE];
    money_format(pence, MONEY_FMT_PLAIN, m, sizeof m);
    el(w, name, m);
}

static void el_int(struct w *w, const char *name, long long v)
{
    char t[32];
    snprintf(t, sizeof t, "%lld", v);
    el(w, name, t);
}

static void el_date(struct w *w, const char *name, day_t d)
{
    char iso[DATE_ISO_SIZE];
    date_format_iso(d, iso);
    el(w, name, iso);
}

static void open_el(struct w *w, const char *name)
{
    if (!w->failed && xmlTextWriterStartElement(w->x, BAD_CAST name) < 0)
        w->failed = 1;
}

static void close_el(struct w *w)
{
    if (!w->failed && xmlTextWriterEndElement(w->x) < 0)
        w->failed = 1;
}

static void attr(struct w *w, const char *name, const char *value)
{
    if (!w->failed && xmlTextWriterWriteAttribute(w->x, BAD_CAST name, BAD_CAST value) < 0)
        w->failed = 1;
}

static const char *pay_freq_code(enum pay_frequency f)
{
    switch (f) {
    case PAY_WEEKLY: return "W1";
    case PAY_FORTNIGHTLY: return "W2";
    case PAY_FOUR_WEEKLY: return "W4";
    case PAY_MONTHLY: return "M1";
    case PAY_FREQUENCY_COUNT: break;
    }
    return "M1";
}

static void employee(struct w *w, const struct fps_submission *s, const struct fps_employee *fe)
{
    const struct pa_doc_employee *who = fe->who;
    const struct payslip_calc *p = fe->slip;
    const struct payrun_period *per = s->period;
    const char *code = p->tax_code;
    char regime = 0, letter[2] = {p->ni_category, 0}, band[2] = {fps_hours_band(fe->normal_weekly_minutes), 0};
    int64_t npa = fe->net_pay_arrangement ? p->employee_pension_deducted : 0;
    int64_t ras = fe->net_pay_arrangement ? 0 : p->employee_pension_deducted;

    open_el(w, "Employee");
    open_el(w, "EmployeeDetails");
    if (who->ni_number && who->ni_number[0])
        el(w, "NINO", who->ni_number);
    open_el(w, "Name");
    if (who->title && who->title[0])
        el(w, "Ttl", who->title);
    el(w, "Fore", who->given_name);
    el(w, "Sur", who->family_name);
    close_el(w);
    if (who->address_line1 && who->address_line1[0]) {
        open_el(w, "Address");
        el(w, "Line", who->address_line1);
        if (who->address_line2 && who->address_line2[0])
            el(w, "Line", who->address_line2);
        if (who->town && who->town[0])
            el(w, "Line", who->town);
        if (who->postcode && who->postcode[0])
            el(w, "UKPostcode", who->postcode);
        close_el(w);
    }
    el_date(w, "BirthDate", who->date_of_birth);
    if (who->gender) {
        char g[2] = {who->gender, 0};
        el(w, "Gender", g);
    }
    close_el(w);

    open_el(w, "Employment");
    if (fe->starter) {
        open_el(w, "Starter");
        el_date(w, "StartDate", who->starts_on);
        if (fe->starter_declaration) {
            char d[2] = {fe->starter_declaration, 0};
            el(w, "StartDec", d);
        }
        close_el(w);
    }
    el(w, "PayId", who->payroll_id);
    if (fe->irregular)
        el(w, "IrrEmp", "yes");
    if (who->has_left && who->left_on <= per->last)
        el_date(w, "LeavingDate", who->left_on);
    open_el(w, "FiguresToDate");
    el_money(w, "TaxablePay", p->ytd.taxable);
    el_money(w, "TotalTax", p->ytd.tax);
    close_el(w);

    open_el(w, "Payment");
    el(w, "PayFreq", pay_freq_code(per->frequency));
    el_date(w, "PmtDate", per->pay_date);
    if (per->frequency == PAY_MONTHLY)
        el_int(w, "MonthNo", tax_month(per->pay_date));
    else
        el_int(w, "WeekNo", tax_week(per->pay_date));
    el_int(w, "PeriodsCovered", 1);
    el(w, "HoursWorked", band);
    /* The code without its S or C prefix; the regime and the week 1 / month 1 basis are
     * attributes. */
    if ((code[0] == 'S' || code[0] == 'C') && code[1]) {
        regime = code[0];
        code++;
    }
    open_el(w, "TaxCode");
    if (p->week1_month1)
        attr(w, "BasisNonCumulative", "yes");
    if (regime) {
        char r[2] = {regime, 0};
        attr(w, "TaxRegime", r);
    }
    if (!w->failed && xmlTextWriterWriteString(w->x, BAD_CAST code) < 0)
        w->failed = 1;
    close_el(w);
    el_money(w, "TaxablePay", p->taxable_pay);
    if (ras)
        el_money(w, "DednsFromNetPay", ras);
    el_money(w, "PayAfterStatDedns", p->gross - npa - p->tax - p->employee_ni);
    if (npa)
        el_money(w, "EmpeePenContribnsPaid", npa);
    if (ras)
        el_money(w, "EmpeePenContribnsNotPaid", ras);
    el_money(w, "TaxDeductedOrRefunded", p->tax);
    close_el(w);

    open_el(w, "NIlettersAndValues");
    el(w, "NIletter", letter);
    el_money(w, "GrossEarningsForNICsInPd", p->gross);
    el_money(w, "GrossEarningsForNICsYTD", p->ytd.niable);
    el_money(w, "AtLELYTD", p->ytd.at_lel);
    el_money(w, "LELtoPTYTD", p->ytd.lel_to_pt);
    el_money(w, "PTtoUELYTD", p->ytd.pt_to_uel);
    el_money(w, "TotalEmpNICInPd", p->employer_ni);
    el_money(w, "TotalEmpNICYTD", p->ytd.employer_ni);
    el_money(w, "EmpeeContribnsInPd", p->employee_ni);
    el_money(w, "EmpeeContribnsYTD", p->ytd.employee_ni);
    close_el(w);
    close_el(w); /* Employment */
    close_el(w); /* Employee */
}

int fps_xml_write(const struct fps_submission *s, struct buf *out, struct err *e)
{
    const char *ns = fps_xml_namespace(s->period->tax_year);
    xmlBufferPtr xb;
    struct w w = {0};
    char year[8], related[8];
    int rc = 0;

    if (!ns)
        return err_set_field(e, ERR_UNSUPPORTED, "tax_year",
                             "There is no FPS schema for this tax year in selfdirect");
    if (s->n == 0)
        return err_set(e, ERR_INVALID, "An FPS reports at least one payment: this run has none");
    for (size_t i = 0; i < s->n; i++)
        if (!s->employees[i].who->date_of_birth || !s->employees[i].who->payroll_id)
            return err_set(e, ERR_INVALID, "Every employee on an FPS needs a date of birth and "
                                           "payroll ID");
    if (!(xb = xmlBufferCreate()))
        return err_set(e, ERR_NOMEM, "out of memory");
    if (!(w.x = xmlNewTextWriterMemory(xb, 0))) {
        xmlBufferFree(xb);
        return err_set(e, ERR_NOMEM, "out of memory");
    }
    xmlTextWriterSetIndent(w.x, 1);
    xmlTextWriterSetIndentString(w.x, BAD_CAST "  ");
    taxyear_format(s->period->tax_year, year);
    snprintf(related, sizeof related, "%.2s-%.2s", year + 2, year + 5);

    if (xmlTextWriterStartDocument(w.x, "1.0", "UTF-8", NULL) < 0)
        w.failed = 1;
    open_el(&w, "IRenvelope");
    attr(&w, "xmlns", ns);
    open_el(&w, "IRheader");
    open_el(&w, "Keys");
    open_el(&w, "Key");
    attr(&w, "Type", "TaxOfficeNumber");
    if (!w.failed && xmlTextWriterWriteString(w.x, BAD_CAST s->employer->paye_office) < 0)
        w.failed = 1;
    close_el(&w);
    open_el(&w, "Key");
    attr(&w, "Type", "TaxOfficeReference");
    if (!w.failed && xmlTextWriterWriteString(w.x, BAD_CAST s->employer->paye_reference) < 0)
        w.failed = 1;
    close_el(&w);
    close_el(&w); /* Keys */
    el_date(&w, "PeriodEnd", taxyear_end(s->period->tax_year));
    el(&w, "DefaultCurrency", "GBP");
    el(&w, "Sender", "Employer");
    close_el(&w); /* IRheader */

    open_el(&w, "FullPaymentSubmission");
    open_el(&w, "EmpRefs");
    el(&w, "OfficeNo", s->employer->paye_office);
    el(&w, "PayeRef", s->employer->paye_reference);
    el(&w, "AORef", s->employer->accounts_office_ref);
    close_el(&w);
    el(&w, "RelatedTaxYear", related);
    for (size_t i = 0; i < s->n; i++)
        employee(&w, s, &s->employees[i]);
    if (s->final_for_year) {
        open_el(&w, "FinalSubmission");
        el(&w, "ForYear", "yes");
        close_el(&w);
    }
    close_el(&w); /* FullPaymentSubmission */
    close_el(&w); /* IRenvelope */
    if (!w.failed && xmlTextWriterEndDocument(w.x) < 0)
        w.failed = 1;
    xmlFreeTextWriter(w.x);
    if (w.failed)
        rc = err_set(e, ERR_IO, "The FPS XML could not be written");
    else if ((rc = buf_add(out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb))) != 0)
        err_set(e, rc, "The FPS is larger than allowed");
    xmlBufferFree(xb);
    return rc;
}
