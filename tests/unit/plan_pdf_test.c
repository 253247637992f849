/* PDFs of a plan and of a DP agreement: valid files with the page count we laid out. */
#include <stdio.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "io/pdf_doc.h"
#include "../check.h"

static day_t ymd(int y, int m, int d)
{
    day_t t = 0;
    date_from_ymd(y, m, d, &t);
    return t;
}

/* Page objects in the file: "/Type /Page" not followed by "s" (that is the page tree). */
static int count_pages(const char *data, size_t len)
{
    static const char needle[] = "/Type /Page";
    size_t n = sizeof needle - 1;
    int count = 0;
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(data + i, needle, n) == 0 && (i + n == len || data[i + n] != 's'))
            count++;
    return count;
}

static bool contains(const char *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(data + i, needle, n) == 0)
            return true;
    return false;
}

/* Writes b to a file in the test's scratch directory and reads it back. */
static void round_trip_file(const struct buf *b, const char *name, struct buf *back)
{
    char path[512];
    struct err e = {0};
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", check_tmpdir(), name);
    f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK_INT(fwrite(b->data, 1, b->len, f), b->len);
    fclose(f);
    CHECK_INT(buf_read_file(back, path, &e), 0);
}

static const struct plan_outcome outs[] = {{"o1", "Get up and out each morning"},
                                           {"o2", "Be fitter and stronger – and “less tired”"}};
static const char *const o1[] = {"o1"};
static const char *const o2[] = {"o2"};

static struct pa_cost_rates rates_2025(void)
{
    struct pa_cost_rates r = {
        .frequency = PAY_WEEKLY, .holiday_bp = 1207, .employer_ni_bp = 1500,
        .ni_secondary_threshold = 9600, .employment_allowance = 1050000,
        .pension_employer_bp = 300, .ae_lower = 12000, .ae_trigger = 19200, .ae_upper = 96700,
        .ae_min_age = 22, .state_pension_age = 66, .liability_insurance = 6000,
    };
    return r;
}

TEST(pdf_plan_and_agreement)
{
    struct arena a;
    struct err e = {0};
    struct plan_line lines[2];
    struct plan p;
    struct pa_cost_rates r = rates_2025();
    struct plan_costing c;
    struct plan_costing_input in = {.on = ymd(2025, 6, 2), .budget_annual = 1700000, .pa_rates = &r};
    static const char *const present[] = {"Ann Smith"};
    struct choice_record ch = {.person_ref = "P001", .offered_by = "sw1", .offered_on = ymd(2025, 5, 1),
                               .present = present, .npresent = 1, .chosen = true, .reasons = "Control."};
    struct dp_agreement_parties parties = {.person_name = "Ann Smith", .account = DP_ACCOUNT_PREPAID_CARD,
                                           .start_date = ymd(2025, 6, 2)};
    struct dp_agreement_settings set = {.council_name = "Northshire Council", .dp_team_contact = "01234 567890",
                                        .out_of_hours_phone = "0300 123 4567", .payment_interval_weeks = 4,
                                        .net = true, .first_review_months = 6, .review_interval_months = 12,
                                        .surplus_weeks = 8, .records_years = 6, .response_days = 28};
    struct dp_agreement *ag;
    struct buf pdf, back;
    int pages = 0;

    lines[0] = (struct plan_line){.id = "l1", .kind = PLAN_LINE_PA_HOURS, .description = "Personal assistant",
                                  .frequency = PLAN_FREQ_WEEKLY, .quantity = 1200, .unit_cost = 1221,
                                  .outcomes = o1, .noutcomes = 1, .managed_by = CHOICE_DIRECT_PAYMENT,
                                  .pa_name = "Jo", .pa_born_known = true, .pa_born = ymd(1995, 3, 1)};
    lines[1] = (struct plan_line){.id = "l2", .kind = PLAN_LINE_ACTIVITY, .description = "Gym membership",
                                  .frequency = PLAN_FREQ_MONTHLY, .quantity = 1, .unit_cost = 3000,
                                  .outcomes = o2, .noutcomes = 1, .managed_by = CHOICE_DIRECT_PAYMENT};
    p = (struct plan){.id = "plan-1", .person_ref = "P001", .version = 1, .status = PLAN_SIGNED_OFF,
                      .start_date = ymd(2025, 6, 2), .has_review_date = true, .review_date = ymd(2026, 6, 1),
                      .planned_by = PLAN_BY_SELF, .outcomes = outs, .noutcomes = 2, .lines = lines, .nlines = 2};
    p.sections[PLAN_SEC_ABOUT_ME] = "I am Ann. I like painting, my dog Bess and the sea.\nI live alone.";
    p.sections[PLAN_SEC_CONTINGENCY] = "My sister Bea covers if Jo is ill.";
    for (int o = 0; o < CHOICE_OPTION_COUNT; o++)
        ch.offers[o].offered = true;
    ch.amounts[CHOICE_DIRECT_PAYMENT] = 1700000;

    arena_init(&a, 0);
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);

    /* The plan: one page, uncompressed so the words can be checked. */
    buf_init(&pdf, 10 << 20);
    CHECK_INT(pdf_doc_plan(&p, &c, "Ann Smith", PDF_DOC_UNCOMPRESSED, &pdf, &pages, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK(pdf.len > 1000);
    CHECK(memcmp(pdf.data, "%PDF-", 5) == 0);
    CHECK_INT(pages, 1);
    CHECK_INT(count_pages(pdf.data, pdf.len), pages);
    CHECK(contains(pdf.data, pdf.len, "(Page 1 of 1)"));
    CHECK(contains(pdf.data, pdf.len, "(Support plan: Ann Smith)"));
    CHECK(contains(pdf.data, pdf.len, "/MediaBox [ 0 0 595")); /* A4 */
    CHECK(contains(pdf.data, pdf.len, "/Helvetica 12 Tf") || contains(pdf.data, pdf.len, " 12 Tf"));
    /* WinAnsi pound sign, dash and curly quotes, written by libharu as octal escapes. */
    CHECK(contains(pdf.data, pdf.len, "\\24315,916.88 a year"));
    CHECK(contains(pdf.data, pdf.len, "(Be fitter and stronger \\226 and \\223less tired\\224)"));

    /* The agreement: several pages, compressed as served, through a file. */
    CHECK_INT(dp_agreement_build(&p, &c, &ch, 1700000, &parties, &set, ymd(2025, 6, 1), &a, &ag, &e), 0);
    buf_reset(&pdf);
    pages = 0;
    CHECK_INT(pdf_doc_agreement(ag, PDF_DOC_DEFAULT, &pdf, &pages, &e), 0);
    CHECK_STR(e.msg, "");
    CHECK(pages >= 2);
    buf_init(&back, 10 << 20);
    round_trip_file(&pdf, "agreement.pdf", &back);
    CHECK_INT(back.len, pdf.len);
    CHECK(back.len > 5 && memcmp(back.data, "%PDF-", 5) == 0);
    CHECK_INT(count_pages(back.data, back.len), pages);
    CHECK(contains(back.data, back.len, "%%EOF"));
    buf_release(&back);

    /* Uncompressed, every page carries its number out of the total. */
    buf_reset(&pdf);
    CHECK_INT(pdf_doc_agreement(ag, PDF_DOC_UNCOMPRESSED, &pdf, &pages, &e), 0);
    {
        char want[64];
        snprintf(want, sizeof want, "(Page %d of %d)", pages, pages);
        CHECK(contains(pdf.data, pdf.len, want));
        CHECK(contains(pdf.data, pdf.len, "(Page 1 of "));
        CHECK(contains(pdf.data, pdf.len, "0300 123 4567"));
    }
    buf_release(&pdf);
    arena_release(&a);
}

/* A long plan runs over several pages; every page is counted and numbered; an over-long word is
 * broken rather than running off the page. */
TEST(pdf_plan_long_wraps_and_paginates)
{
    struct arena a;
    struct err e = {0};
    struct plan_line lines[60];
    char descs[60][64];
    struct plan p;
    struct plan_costing c;
    struct plan_costing_input in = {.on = ymd(2025, 6, 2), .budget_annual = 5000000};
    struct buf pdf, story;
    int pages = 0;
    arena_init(&a, 0);
    for (int i = 0; i < 60; i++) {
        snprintf(descs[i], sizeof descs[i], "Activity number %d with a longer description", i + 1);
        lines[i] = (struct plan_line){.frequency = PLAN_FREQ_WEEKLY, .kind = PLAN_LINE_ACTIVITY,
                                      .description = descs[i], .quantity = 1, .unit_cost = 500 + i,
                                      .outcomes = o1, .noutcomes = 1, .managed_by = CHOICE_DIRECT_PAYMENT};
        lines[i].id = arena_printf(&a, "l%d", i);
    }
    buf_init(&story, 1 << 20);
    for (int i = 0; i < 80; i++)
        buf_adds(&story, "I like to go out to the market on Saturdays with my friend, and then to the cafe. ");
    buf_adds(&story, "\nAbcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz");
    p = (struct plan){.id = "plan-2", .person_ref = "P002", .version = 3, .status = PLAN_DRAFT,
                      .start_date = ymd(2025, 6, 2), .planned_by = PLAN_BY_ULO, .outcomes = outs,
                      .noutcomes = 1, .lines = lines, .nlines = 60};
    p.sections[PLAN_SEC_ABOUT_ME] = story.data;
    CHECK_INT(plan_cost(&p, &in, &a, &c, &e), 0);
    buf_init(&pdf, 10 << 20);
    CHECK_INT(pdf_doc_plan(&p, &c, "Bob Jones", PDF_DOC_UNCOMPRESSED, &pdf, &pages, &e), 0);
    CHECK(pages >= 4);
    CHECK_INT(count_pages(pdf.data, pdf.len), pages);
    {
        char want[64];
        snprintf(want, sizeof want, "(Page %d of %d)", pages, pages);
        CHECK(contains(pdf.data, pdf.len, want));
    }
    /* Without costs: still a valid document. */
    buf_reset(&pdf);
    CHECK_INT(pdf_doc_plan(&p, NULL, NULL, PDF_DOC_UNCOMPRESSED, &pdf, &pages, &e), 0);
    CHECK(contains(pdf.data, pdf.len, "(Support plan: P002)"));
    buf_release(&pdf);
    buf_release(&story);
    arena_release(&a);
}

TEST(pdf_winansi_conversion)
{
    char out[64];
    pdf_doc_to_winansi("£12.21", out, sizeof out);
    CHECK_STR(out, "\xA3" "12.21");
    pdf_doc_to_winansi("‘a’ “b” – — … € •", out, sizeof out);
    CHECK_STR(out, "\x91" "a\x92 \x93" "b\x94 \x96 \x97 \x85 \x80 \x95");
    pdf_doc_to_winansi("café naïve", out, sizeof out);
    CHECK_STR(out, "caf\xE9 na\xEFve");
    pdf_doc_to_winansi("a\xF0\x9F\x98\x80" "b\tc\x01", out, sizeof out); /* emoji, tab, control */
    CHECK_STR(out, "a?b c");
    pdf_doc_to_winansi("abcdef", out, 4);
    CHECK_STR(out, "abc");
    pdf_doc_to_winansi("\xFF" "x", out, sizeof out); /* a malformed byte is skipped as '?' */
    CHECK_STR(out, "?x");
}
