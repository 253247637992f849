/* pa_docs_test.c — the PA's documents made from payslip figures: payslip, P60 and P45 PDFs
 * (structure, text, 12 pt minimum) and the FPS XML (well-formed, HMRC's element names, totals
 * equal to the sum of the payslips). */
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "base/money.h"
#include "base/str.h"
#include "domain/payrun.h"
#include "io/fps_xml.h"
#include "io/payroll_rates.h"
#include "io/payslip_pdf.h"

static day_t D(const char *iso)
{
    day_t d = 0;
    if (date_parse_iso(iso, strlen(iso), &d, "date", NULL) != 0)
        check_fail(__FILE__, __LINE__, "bad test date %s", iso);
    return d;
}

static const struct payrun_tables *tables(void)
{
    static struct payrun_tables *t;
    if (!t) {
        struct err e = {0};
        t = calloc(1, sizeof *t);
        if (!t || payroll_rates_load_tables(t, &e) != 0)
            check_fail(__FILE__, __LINE__, "rates: %s", e.msg);
    }
    return t;
}

static const struct pa_doc_employer employer = {"Mary Okafor", "123", "A45678", "123PA00045678"};

static struct pa_doc_employee worker(const char *given, const char *payroll_id)
{
    struct pa_doc_employee w;
    memset(&w, 0, sizeof w);
    w.title = "Ms";
    w.given_name = given;
    w.family_name = "Lee & Sons <test>"; /* escaped by the XML writer */
    w.ni_number = "AB123456C";
    w.payroll_id = payroll_id;
    w.address_line1 = "1 Test Street";
    w.town = "Demoford";
    w.postcode = "DM1 2AB";
    w.date_of_birth = D("1990-02-03");
    w.gender = 'F';
    w.starts_on = D("2025-04-01");
    return w;
}

/* A payslip for `hours` at `hourly` pence in month 3 of 2025-26 (paid 30 June 2025). */
static void slip(int64_t hours, int64_t hourly, const char *code, struct payrun_period *p,
                 struct payslip_calc *out)
{
    struct payrun_contract k;
    struct payrun_pa_input in;
    struct err e = {0};
    memset(&k, 0, sizeof k);
    k.born = D("1990-02-03");
    k.starts_on = D("2025-04-01");
    k.hourly_rate = hourly;
    k.hours_week_minutes = 25 * 60;
    k.frequency = PAY_MONTHLY;
    k.qualifying_days = SSP_MON_FRI;
    k.has_pension_scheme = true;
    k.pension_employer_bp = 300;
    k.pension_employee_bp = 500;
    str_copy(k.tax_code, sizeof k.tax_code, code);
    k.ni_category = 'A';
    if (payrun_period_make(PAY_MONTHLY, 2025, 3, true, D("2025-06-30"), p, &e) != 0)
        check_fail(__FILE__, __LINE__, "period: %s", e.msg);
    memset(&in, 0, sizeof in);
    in.tables = tables();
    in.contract = &k;
    in.period = p;
    in.worked_minutes = hours * 60;
    in.ntimesheets = 1;
    if (payrun_pa(&in, out, &e) != 0)
        check_fail(__FILE__, __LINE__, "payrun_pa: %s", e.msg);
}

static bool has(const struct buf *b, const char *needle)
{
    return b->len >= strlen(needle) && memmem(b->data, b->len, needle, strlen(needle)) != NULL;
}

/* Every font size set in the content streams ("/F1 12 Tf"): none under 12. */
static double smallest_font(const struct buf *b)
{
    double min = 1000;
    const char *p = b->data, *end = b->data + b->len;
    while ((p = memmem(p, (size_t)(end - p), " Tf", 3)) != NULL) {
        const char *q = p;
        while (q > b->data && q[-1] != ' ')
            q--;
        double v = strtod(q, NULL);
        if (v > 0 && v < min)
            min = v;
        p += 3;
    }
    return min;
}

TEST(pa_payslip_pdf_structure_and_text)
{
    struct payrun_period p;
    struct payslip_calc *s = calloc(1, sizeof *s);
    struct pa_doc_employee w = worker("Ann", "PA1");
    struct payslip_doc d;
    struct buf b;
    int pages = 0;
    char net[MONEY_FMT_SIZE];
    slip(110, 1300, "1257L", &p, s);
    d.employer = &employer;
    d.employee = &w;
    d.period = &p;
    d.slip = s;
    d.reference = "Payslip 1";
    buf_init(&b, 8 << 20);
    CHECK_INT(payslip_pdf(&d, PAYSLIP_PDF_UNCOMPRESSED, &b, &pages, NULL), 0);
    CHECK(b.len > 1000);
    CHECK(memcmp(b.data, "%PDF-", 5) == 0);
    CHECK(has(&b, "%%EOF"));
    CHECK(pages >= 1);
    CHECK(has(&b, "Take-home pay"));
    CHECK(has(&b, "Free pay from code 1257L"));
    CHECK(has(&b, "Employer PAYE reference"));
    CHECK(has(&b, "123\\057A45678")); /* libharu writes "/" in strings as \057 */
    money_format(s->net_pay, MONEY_FMT_POUND, net, sizeof net);
    CHECK(has(&b, net + 2)); /* after the "£" (two bytes of UTF-8, one escaped byte in the PDF) */
    CHECK(has(&b, "Page 1 of"));
    CHECK(smallest_font(&b) >= 12.0);
    buf_release(&b);
    free(s);
}

TEST(pa_p60_and_p45_pdfs)
{
    struct payrun_period p;
    struct payslip_calc *s = calloc(1, sizeof *s);
    struct pa_doc_employee w = worker("Ann", "PA1");
    struct buf b;
    struct err e = {0};
    int pages = 0;
    slip(110, 1300, "1257L", &p, s);
    buf_init(&b, 8 << 20);
    {
        struct p60_doc d = {&employer, &w, 2025, s, 150000, 12000};
        CHECK_INT(p60_pdf(&d, PAYSLIP_PDF_UNCOMPRESSED, &b, &pages, NULL), 0);
        CHECK(has(&b, "P60 End of Year Certificate, tax year 2025-26"));
        CHECK(has(&b, "In previous employments: pay"));
        CHECK(has(&b, "1500.00") || has(&b, "1,500.00"));
        CHECK(smallest_font(&b) >= 12.0);
    }
    buf_reset(&b);
    {
        struct p45_doc d = {&employer, &w, 2025, PAY_MONTHLY, 3, s, 0, 0};
        CHECK_INT(p45_pdf(&d, PAYSLIP_PDF_UNCOMPRESSED, &b, &pages, &e), ERR_INVALID);
        CHECK_CONTAINS(e.msg, "leaving date");
        w.has_left = true;
        w.left_on = D("2025-06-28");
        CHECK_INT(p45_pdf(&d, PAYSLIP_PDF_UNCOMPRESSED, &b, &pages, NULL), 0);
        CHECK(has(&b, "P45 Details of employee leaving work"));
        CHECK(has(&b, "28 June 2025"));
        CHECK(has(&b, "Month 3"));
    }
    buf_release(&b);
    free(s);
}

static xmlNodePtr child(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
            return c;
    return NULL;
}

/* Pence from an element's text ("123.45"). */
static int64_t pence_of(xmlNodePtr n)
{
    xmlChar *t = n ? xmlNodeGetContent(n) : NULL;
    int64_t v = -1;
    if (t && money_parse((const char *)t, strlen((const char *)t), MONEY_ALLOW_NEGATIVE, &v, "x",
                         NULL) != 0)
        v = -1;
    xmlFree(t);
    return v;
}

TEST(pa_fps_xml_well_formed_and_totals_equal_payslips)
{
    struct payrun_period p;
    struct payslip_calc *s = calloc(3, sizeof *s);
    struct pa_doc_employee w[3] = {worker("Ann", "PA1"), worker("Bea", "PA2"), worker("Cy", "PA3")};
    struct fps_employee fe[3];
    struct fps_submission sub;
    struct payrun_totals t;
    struct buf b;
    xmlDocPtr doc;
    xmlNodePtr root, fps;
    int64_t tax = 0, ee = 0, er = 0, gross = 0;
    int employees = 0;

    slip(110, 1300, "1257L", &p, &s[0]);
    slip(160, 1500, "BR", &p, &s[1]);
    slip(40, 1250, "S1257L M1", &p, &s[2]);
    payrun_totals_init(&t);
    for (int i = 0; i < 3; i++) {
        memset(&fe[i], 0, sizeof fe[i]);
        fe[i].who = &w[i];
        fe[i].slip = &s[i];
        fe[i].normal_weekly_minutes = (int64_t)(10 + 10 * i) * 60;
        fe[i].starter = i == 0;
        fe[i].starter_declaration = 'A';
        CHECK_INT(payrun_totals_add(&t, &s[i], NULL), 0);
    }
    CHECK_INT(payrun_totals_finish(&t, true, 1050000, 0, NULL), 0);
    sub.employer = &employer;
    sub.period = &p;
    sub.employees = fe;
    sub.n = 3;
    sub.final_for_year = false;
    buf_init(&b, 1 << 20);
    CHECK_INT(fps_xml_write(&sub, &b, NULL), 0);
    doc = xmlReadMemory(b.data, (int)b.len, "fps.xml", NULL, XML_PARSE_NONET);
    CHECK(doc != NULL);
    if (!doc) {
        buf_release(&b);
        free(s);
        return;
    }
    root = xmlDocGetRootElement(doc);
    CHECK_STR((const char *)root->name, "IRenvelope");
    CHECK(root->ns && strcmp((const char *)root->ns->href, fps_xml_namespace(2025)) == 0);
    fps = child(root, "FullPaymentSubmission");
    CHECK(fps != NULL);
    CHECK(child(child(fps, "EmpRefs"), "AORef") != NULL);
    {
        xmlChar *ry = xmlNodeGetContent(child(fps, "RelatedTaxYear"));
        CHECK_STR((const char *)ry, "25-26");
        xmlFree(ry);
    }
    for (xmlNodePtr emp = fps ? fps->children : NULL; emp; emp = emp->next) {
        xmlNodePtr job, pay, ni;
        if (emp->type != XML_ELEMENT_NODE || strcmp((const char *)emp->name, "Employee") != 0)
            continue;
        employees++;
        job = child(emp, "Employment");
        pay = child(job, "Payment");
        ni = child(job, "NIlettersAndValues");
        CHECK(child(child(emp, "EmployeeDetails"), "BirthDate") != NULL);
        CHECK(child(job, "FiguresToDate") != NULL);
        tax += pence_of(child(pay, "TaxDeductedOrRefunded"));
        gross += pence_of(child(ni, "GrossEarningsForNICsInPd"));
        ee += pence_of(child(ni, "EmpeeContribnsInPd"));
        er += pence_of(child(ni, "TotalEmpNICInPd"));
        CHECK(child(ni, "PTtoUELYTD") != NULL);
    }
    CHECK_INT(employees, 3);
    CHECK_INT(tax, t.tax);
    CHECK_INT(gross, t.gross);
    CHECK_INT(ee, t.employee_ni);
    CHECK_INT(er, t.employer_ni);
    /* The names are escaped, the Scottish code carries its regime and basis as attributes, and
     * only the first employee is a starter. */
    CHECK(has(&b, "Lee &amp; Sons &lt;test&gt;"));
    CHECK(has(&b, "<TaxCode BasisNonCumulative=\"yes\" TaxRegime=\"S\">1257L</TaxCode>"));
    CHECK(has(&b, "<StartDec>A</StartDec>"));
    CHECK(has(&b, "<MonthNo>3</MonthNo>"));
    CHECK(has(&b, "<PayFreq>M1</PayFreq>"));
    CHECK(has(&b, "<HoursWorked>A</HoursWorked>"));
    CHECK(!has(&b, "FinalSubmission"));
    xmlFreeDoc(doc);
    buf_release(&b);
    free(s);
}

TEST(pa_fps_refuses_empty_runs_and_unknown_years)
{
    struct payrun_period p;
    struct fps_submission sub;
    struct buf b;
    struct err e = {0};
    memset(&sub, 0, sizeof sub);
    CHECK_INT(payrun_period_make(PAY_MONTHLY, 2025, 3, false, 0, &p, NULL), 0);
    sub.employer = &employer;
    sub.period = &p;
    buf_init(&b, 1 << 16);
    CHECK_INT(fps_xml_write(&sub, &b, &e), ERR_INVALID);
    CHECK(fps_xml_namespace(2019) == NULL);
    CHECK_INT(fps_hours_band(15 * 60 + 59), 'A');
    CHECK_INT(fps_hours_band(16 * 60), 'B');
    CHECK_INT(fps_hours_band(30 * 60), 'D');
    CHECK_INT(fps_hours_band(0), 'E');
    buf_release(&b);
}
