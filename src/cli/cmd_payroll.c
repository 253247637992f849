/* cmd_payroll.c — `selfdirect payroll`: HMRC conformance, and one-off tax and NI calculations with
 * their explanations (docs/payroll.md). */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "base/money.h"
#include "base/str.h"
#include "cli/commands.h"
#include "domain/payroll/nic.h"
#include "domain/payroll/paye.h"
#include "domain/payroll/rates.h"
#include "io/json_number.h"
#include "io/payroll_rates.h"

/* HMRC's test data files are a few hundred kilobytes; 64 MB bounds what a file can make us hold. */
#define CONFORMANCE_FILE_CAP (64u << 20)

static void help(FILE *out)
{
    fputs("usage: selfdirect payroll conformance [--verbose] FILE...\n"
          "       selfdirect payroll tax --year YYYY-YY --code CODE --frequency F --period N\n"
          "                              --pay AMOUNT [--pay-to-date AMOUNT] [--tax-to-date AMOUNT]\n"
          "                              [--week1]\n"
          "       selfdirect payroll ni --year YYYY-YY --category L --frequency F --pay AMOUNT\n"
          "                             [--date YYYY-MM-DD]\n"
          "       selfdirect payroll rates [--year YYYY-YY]\n"
          "       selfdirect payroll run|summary|payslip|fps|p60|p45 ...  (as 'selfdirect pa')\n\n"
          "conformance  runs HMRC payroll test data files (the JSON form in\n"
          "             ../shared/oracles/hmrc: income tax and Class 1 NI cases) for any tax year\n"
          "             there are rates for; prints every failing case with the expected and the\n"
          "             actual figures, and ends with `N passed, N failed`. --verbose also prints\n"
          "             how each failing figure was worked out. Exit 0 only when every case passes.\n"
          "tax          PAYE for one period, with the working (the HMRC tax table method).\n"
          "ni           Class 1 NI for one period, with the working.\n"
          "rates        checks the built-in rates files (or one year's) and lists the years.\n"
          "run ...      pay runs from the store and their documents: see 'selfdirect pa --help'.\n\n"
          "F is weekly, fortnightly, four-weekly or monthly. Amounts are pounds: 1234.56.\n"
          "exit codes: 0 ok, 1 a case failed, 2 usage, 3 bad input data, 5 internal\n",
          out);
}

static int usage_error(const char *msg)
{
    fprintf(stderr, "selfdirect payroll: %s\nRun 'selfdirect payroll --help' for usage.\n", msg);
    return EXIT_USAGE;
}

static int data_error(const struct err *e)
{
    fprintf(stderr, "selfdirect payroll: %s\n", e->msg[0] ? e->msg : "failed");
    return e->code == ERR_NOMEM ? EXIT_INTERNAL : EXIT_DATA;
}

static void print_explain(FILE *out, const struct payroll_explain *x, const char *indent)
{
    for (int i = 0; i < x->n; i++) {
        char a[MONEY_FMT_SIZE + 8];
        payroll_explain_amount(&x->lines[i], a, sizeof a);
        fprintf(out, "%s%-78s %14s\n", indent, x->lines[i].label, a);
    }
    if (x->truncated)
        fprintf(out, "%s(further lines left out)\n", indent);
}

/* ---- conformance ------------------------------------------------------------------------------ */

#define MAX_YEARS 16

struct rates_cache {
    int n;
    int years[MAX_YEARS];
    struct payroll_rates *rates[MAX_YEARS];
};

static const struct payroll_rates *rates_for(struct rates_cache *rc, int year, struct err *e)
{
    for (int i = 0; i < rc->n; i++)
        if (rc->years[i] == year)
            return rc->rates[i];
    if (rc->n >= MAX_YEARS) {
        err_set(e, ERR_RANGE, "too many tax years in one run");
        return NULL;
    }
    struct payroll_rates *r = malloc(sizeof *r);
    if (!r) {
        err_set(e, ERR_NOMEM, "out of memory");
        return NULL;
    }
    if (payroll_rates_load(year, r, e) != 0) {
        free(r);
        return NULL;
    }
    rc->years[rc->n] = year;
    rc->rates[rc->n++] = r;
    return r;
}

static void rates_cache_release(struct rates_cache *rc)
{
    for (int i = 0; i < rc->n; i++)
        free(rc->rates[i]);
    rc->n = 0;
}

/* "Apr5_2026" names the tax year ending 5 April 2026, i.e. 2025-26. */
static int parse_tax_year_ending(const char *s, int *year)
{
    int64_t y;
    if (!s || !str_has_prefix(s, "Apr5_") || str_to_i64(s + 5, strlen(s + 5), 1901, 2200, &y) != 0)
        return ERR_INVALID;
    *year = (int)y - 1;
    return 0;
}

static int parse_frequency(const char *s, enum pay_frequency *f)
{
    if (!s)
        return ERR_INVALID;
    if (strcmp(s, "Weekly") == 0)
        *f = PAY_WEEKLY;
    else if (strcmp(s, "Fortnightly") == 0 || strcmp(s, "TwoWeekly") == 0)
        *f = PAY_FORTNIGHTLY;
    else if (strcmp(s, "FourWeekly") == 0)
        *f = PAY_FOUR_WEEKLY;
    else if (strcmp(s, "Monthly") == 0)
        *f = PAY_MONTHLY;
    else
        return pay_frequency_parse(s, f);
    return 0;
}

/* The running state of a cumulative group of cases. Cases follow on from one another when they
 * share a group (TestIdentifier up to its last '/'), are operated cumulatively, and their period
 * numbers rise; anything else starts a new employee. */
struct chain {
    char group[256];
    int period;
    bool active;
    int64_t taxable_to_date;
    int64_t tax_to_date;
    int64_t ni_at_lel, ni_lel_pt, ni_pt_uel, ni_employee, ni_employer;
};

struct tally {
    int passed, failed;
    bool verbose;
};

/* Compares one figure; on a difference appends "Field expected X, got Y" to msg. */
static bool same(struct buf *msg, const char *field, int64_t expected, int64_t actual)
{
    char a[MONEY_FMT_SIZE], b[MONEY_FMT_SIZE];
    if (expected == actual)
        return true;
    money_format(expected, MONEY_FMT_PLAIN, a, sizeof a);
    money_format(actual, MONEY_FMT_PLAIN, b, sizeof b);
    buf_addf(msg, "%s%s expected %s, got %s", msg->len ? "; " : "", field, a, b);
    return false;
}

static int get_money(json_t *c, const char *key, bool required, int64_t *out, bool *present,
                     struct err *e)
{
    json_t *v = json_object_get(c, key);
    if (present)
        *present = v != NULL;
    if (!v) {
        if (!required)
            return 0;
        return err_set_field(e, ERR_INVALID, key, "\"%s\" is missing", key);
    }
    return json_number_pence(v, JSON_NUMBER_ALLOW_NEGATIVE | JSON_NUMBER_ALLOW_STRING, out, key,
                             e);
}

static int run_tax_case(json_t *c, const struct payroll_rates *r, enum pay_frequency f,
                        int period, struct chain *ch, const char *group, struct buf *msg,
                        struct paye_result *res, struct err *e)
{
    const char *code_text = json_string_value(json_object_get(c, "TaxCode"));
    json_t *w1 = json_object_get(c, "W1M1Flag");
    struct paye_input in = {0};
    int64_t gross, to_date, exp_period, exp_to_date;
    bool follows;

    if (paye_tax_code_parse(code_text, &in.code, e) != 0)
        return ERR_INVALID;
    if (w1 && !json_is_boolean(w1))
        return err_set_field(e, ERR_INVALID, "W1M1Flag", "W1M1Flag must be true or false");
    if (get_money(c, "GrossPay", true, &gross, NULL, e) != 0 ||
        get_money(c, "TaxablePayToDate", true, &to_date, NULL, e) != 0 ||
        get_money(c, "TaxDueInPeriod", true, &exp_period, NULL, e) != 0 ||
        get_money(c, "TaxDueToDate", true, &exp_to_date, NULL, e) != 0)
        return ERR_INVALID;
    in.frequency = f;
    in.period = period;
    in.week1_month1 = w1 && json_is_true(w1);
    in.pay = gross;
    follows = ch->active && !in.week1_month1 && !in.code.non_cumulative &&
              strcmp(ch->group, group) == 0 && period > ch->period;
    if (in.week1_month1 || in.code.non_cumulative) {
        /* Week 1 / month 1: this period stands alone (the data's "to date" is this period). */
        in.pay_to_date = 0;
        in.tax_to_date = 0;
    } else {
        in.pay_to_date = to_date - gross;
        in.tax_to_date = follows ? ch->tax_to_date : 0;
        if (in.pay_to_date < 0)
            return err_set_field(e, ERR_INVALID, "TaxablePayToDate",
                                 "TaxablePayToDate is less than GrossPay");
        if (follows && in.pay_to_date != ch->taxable_to_date)
            buf_addf(msg, "TaxablePayToDate does not follow on from the case before (%lld pence "
                          "before this period, the chain has %lld)",
                     (long long)in.pay_to_date, (long long)ch->taxable_to_date);
        if (!follows && in.pay_to_date != 0)
            buf_addf(msg, "a cumulative case that starts a group has TaxablePayToDate above GrossPay, "
                          "but no tax deducted to date is given");
    }
    if (paye_period_tax(&r->paye, &in, res, e) != 0)
        return e->code;
    same(msg, "TaxDueInPeriod", exp_period, res->tax);
    same(msg, "TaxDueToDate", exp_to_date, res->tax_to_date);

    if (in.week1_month1 || in.code.non_cumulative) {
        ch->active = false;
    } else {
        ch->active = true;
        str_copy(ch->group, sizeof ch->group, group);
        ch->period = period;
        ch->taxable_to_date = to_date;
        ch->tax_to_date = res->tax_to_date;
    }
    return 0;
}

static int run_ni_case(json_t *c, const struct payroll_rates *r, enum pay_frequency f, int period,
                       struct chain *ch, const char *group, struct buf *msg,
                       struct nic_result *res, struct err *e)
{
    const char *cat = json_string_value(json_object_get(c, "NiCategory"));
    int64_t gross, v;
    bool present, follows;
    day_t pay_date, first;

    if (!cat || strlen(cat) != 1)
        return err_set_field(e, ERR_INVALID, "NiCategory", "NiCategory must be one letter");
    if (get_money(c, "GrossPay", true, &gross, NULL, e) != 0)
        return ERR_INVALID;
    /* The rates in force on the pay date: the last day of the period. Period 0 (in four cases of
     * the 2025-26 file) gives no period, and NI for a non-director does not depend on it, so the
     * rates in force at the start of the year are used. */
    if (period == 0)
        pay_date = taxyear_start(r->year);
    else if (pay_period_bounds(f, r->year, period, &first, &pay_date) != 0)
        return err_set_field(e, ERR_INVALID, "Period", "period %d is outside the tax year",
                             period);
    if (nic_period(&r->nic, cat[0], f, gross, pay_date, res, e) != 0)
        return e->code;

    /* A case without a period (0) cannot be placed in a sequence: it stands alone. */
    follows = period > 0 && ch->active && strcmp(ch->group, group) == 0 && period > ch->period;
    if (!follows) {
        ch->ni_at_lel = ch->ni_lel_pt = ch->ni_pt_uel = ch->ni_employee = ch->ni_employer = 0;
    }
    ch->active = period > 0;
    str_copy(ch->group, sizeof ch->group, group);
    ch->period = period;
    ch->ni_at_lel += res->earnings_at_lel;
    ch->ni_lel_pt += res->earnings_lel_to_pt;
    ch->ni_pt_uel += res->earnings_pt_to_uel;
    ch->ni_employee += res->employee;
    ch->ni_employer += res->employer;

    static const struct {
        const char *key;
        int which;
    } fields[] = {{"EmployeeNiContribution", 0}, {"EmployerNiContribution", 1},
                  {"TotalNiContribution", 2},    {"EarningsAtLEL_YTD", 3},
                  {"EarningsLELtoPT_YTD", 4},    {"EarningsPTtoUEL_YTD", 5},
                  {"TotalEmployerContributions_YTD", 6}, {"TotalEmployeeContributions_YTD", 7}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        int64_t actual = 0;
        if (get_money(c, fields[i].key, i < 2, &v, &present, e) != 0)
            return ERR_INVALID;
        if (!present)
            continue;
        switch (fields[i].which) {
        case 0: actual = res->employee; break;
        case 1: actual = res->employer; break;
        case 2: actual = res->employee + res->employer; break;
        case 3: actual = ch->ni_at_lel; break;
        case 4: actual = ch->ni_lel_pt; break;
        case 5: actual = ch->ni_pt_uel; break;
        case 6: actual = ch->ni_employer; break;
        default: actual = ch->ni_employee; break;
        }
        same(msg, fields[i].key, v, actual);
    }
    return 0;
}

/* Runs one file; returns 0, or an exit code for a file that cannot be used at all. */
static int run_file(const char *path, struct rates_cache *cache, struct tally *t)
{
    struct buf b, msg;
    struct err e = {0};
    json_error_t je;
    json_t *root = NULL, *c;
    size_t i;
    int ntax = 0, nni = 0, failed_here = 0, rc = 0;
    struct chain ch = {0};
    int first_year = -1;
    struct paye_result *tres = malloc(sizeof *tres);
    struct nic_result *nres = malloc(sizeof *nres);

    buf_init(&b, CONFORMANCE_FILE_CAP);
    buf_init(&msg, 64 * 1024);
    if (!tres || !nres) {
        fprintf(stderr, "selfdirect payroll: out of memory\n");
        rc = EXIT_INTERNAL;
        goto done;
    }
    if (buf_read_file(&b, path, &e) != 0) {
        fprintf(stderr, "selfdirect payroll: %s\n", e.msg);
        rc = EXIT_DATA;
        goto done;
    }
    root = json_loadb(b.data, b.len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        fprintf(stderr, "selfdirect payroll: %s: not valid JSON at line %d: %s\n", path, je.line,
                je.text);
        rc = EXIT_DATA;
        goto done;
    }
    if (!json_is_array(root)) {
        fprintf(stderr, "selfdirect payroll: %s: the file must be a JSON array of test cases\n",
                path);
        rc = EXIT_DATA;
        goto done;
    }
    json_array_foreach(root, i, c)
    {
        const char *id = json_string_value(json_object_get(c, "TestIdentifier"));
        const char *tye = json_string_value(json_object_get(c, "TaxYearEnding"));
        const char *fs = json_string_value(json_object_get(c, "PayFrequency"));
        char group[256];
        const char *slash;
        const struct payroll_rates *r;
        enum pay_frequency f;
        int year;
        int64_t period64;
        bool is_tax;
        char where[320];

        err_clear(&e);
        buf_reset(&msg);
        snprintf(where, sizeof where, "%s case %zu (%s)", path, i + 1, id ? id : "no TestIdentifier");
        if (!json_is_object(c) || !id) {
            fprintf(stdout, "FAIL %s: not a test case object with a TestIdentifier\n", where);
            t->failed++;
            failed_here++;
            continue;
        }
        slash = strrchr(id, '/');
        snprintf(group, sizeof group, "%.*s", slash ? (int)(slash - id) : (int)strlen(id), id);
        is_tax = json_object_get(c, "TaxCode") != NULL;
        if (!is_tax && !json_object_get(c, "NiCategory")) {
            fprintf(stdout, "FAIL %s: neither TaxCode nor NiCategory: not a case we know\n", where);
            t->failed++;
            failed_here++;
            continue;
        }
        if (parse_tax_year_ending(tye, &year) != 0) {
            fprintf(stdout, "FAIL %s: TaxYearEnding \"%s\" is not like \"Apr5_2026\"\n", where,
                    tye ? tye : "");
            t->failed++;
            failed_here++;
            continue;
        }
        if (first_year < 0)
            first_year = year;
        if (parse_frequency(fs, &f) != 0) {
            fprintf(stdout, "FAIL %s: PayFrequency \"%s\" is not Weekly, Fortnightly, FourWeekly "
                            "or Monthly\n",
                    where, fs ? fs : "");
            t->failed++;
            failed_here++;
            continue;
        }
        if (json_number_int(json_object_get(c, "Period"), 0, 56, &period64, "Period", &e) != 0) {
            fprintf(stdout, "FAIL %s: %s\n", where, e.msg);
            t->failed++;
            failed_here++;
            continue;
        }
        r = rates_for(cache, year, &e);
        if (!r) {
            fprintf(stdout, "FAIL %s: %s\n", where, e.msg);
            t->failed++;
            failed_here++;
            continue;
        }
        int crc = is_tax ? run_tax_case(c, r, f, (int)period64, &ch, group, &msg, tres, &e)
                         : run_ni_case(c, r, f, (int)period64, &ch, group, &msg, nres, &e);
        if (is_tax)
            ntax++;
        else
            nni++;
        if (crc != 0) {
            fprintf(stdout, "FAIL %s: %s\n", where, e.msg);
            t->failed++;
            failed_here++;
            ch.active = false;
            continue;
        }
        if (msg.len == 0) {
            t->passed++;
            continue;
        }
        t->failed++;
        failed_here++;
        if (is_tax) {
            fprintf(stdout, "FAIL %s: code %s, %s period %lld: %s\n", where,
                    json_string_value(json_object_get(c, "TaxCode")), pay_frequency_name(f),
                    (long long)period64, msg.data);
            if (t->verbose)
                print_explain(stdout, &tres->explain, "       ");
        } else {
            fprintf(stdout, "FAIL %s: category %s, %s period %lld: %s\n", where,
                    json_string_value(json_object_get(c, "NiCategory")), pay_frequency_name(f),
                    (long long)period64, msg.data);
            if (t->verbose)
                print_explain(stdout, &nres->explain, "       ");
        }
    }
    {
        char ty[8] = "?";
        if (first_year >= 0)
            taxyear_format(first_year, ty);
        fprintf(stdout, "%s: %d income tax and %d NI cases (tax year %s), %d failing\n", path,
                ntax, nni, ty, failed_here);
    }
done:
    json_decref(root);
    buf_release(&b);
    buf_release(&msg);
    free(tres);
    free(nres);
    return rc;
}

static int cmd_conformance(int argc, char **argv)
{
    static const struct option opts[] = {
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct tally t = {0};
    struct rates_cache cache = {0};
    int c, worst = 0;

    optind = 1;
    while ((c = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
        switch (c) {
        case 'v':
            t.verbose = true;
            break;
        case 'h':
            help(stdout);
            return EXIT_OK;
        default:
            return usage_error("unknown option for 'payroll conformance'");
        }
    }
    if (optind >= argc)
        return usage_error("'payroll conformance' needs at least one test data file");
    for (int i = optind; i < argc; i++) {
        int rc = run_file(argv[i], &cache, &t);
        if (rc != 0) {
            t.failed++; /* a file that cannot be read is a failure, not a silent pass */
            if (worst == 0)
                worst = rc;
        }
    }
    rates_cache_release(&cache);
    fprintf(stdout, "%d passed, %d failed\n", t.passed, t.failed);
    if (worst != 0)
        return worst;
    return t.failed == 0 ? EXIT_OK : EXIT_FAILED;
}

/* ---- one-off calculations --------------------------------------------------------------------- */

static int parse_amount(const char *s, const char *field, int64_t *out, bool allow_negative,
                        struct err *e)
{
    return money_parse(s, strlen(s), allow_negative ? MONEY_ALLOW_NEGATIVE : 0, out, field, e);
}

static int cmd_tax(int argc, char **argv)
{
    static const struct option opts[] = {
        {"year", required_argument, NULL, 'y'},
        {"code", required_argument, NULL, 'c'},
        {"frequency", required_argument, NULL, 'f'},
        {"period", required_argument, NULL, 'p'},
        {"pay", required_argument, NULL, 'a'},
        {"pay-to-date", required_argument, NULL, 'P'},
        {"tax-to-date", required_argument, NULL, 'T'},
        {"week1", no_argument, NULL, 'w'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *year_s = NULL, *code_s = NULL, *freq_s = NULL, *period_s = NULL, *pay_s = NULL,
               *ptd_s = "0", *ttd_s = "0";
    struct paye_input in = {0};
    struct paye_result *res;
    struct payroll_rates *r;
    struct err e = {0};
    int c, year, rc;
    int64_t period;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'y': year_s = optarg; break;
        case 'c': code_s = optarg; break;
        case 'f': freq_s = optarg; break;
        case 'p': period_s = optarg; break;
        case 'a': pay_s = optarg; break;
        case 'P': ptd_s = optarg; break;
        case 'T': ttd_s = optarg; break;
        case 'w': in.week1_month1 = true; break;
        case 'h': help(stdout); return EXIT_OK;
        default: return usage_error("unknown option for 'payroll tax'");
        }
    }
    if (!year_s || !code_s || !freq_s || !period_s || !pay_s)
        return usage_error("'payroll tax' needs --year, --code, --frequency, --period and --pay");
    if (taxyear_parse(year_s, &year, &e) != 0)
        return data_error(&e);
    if (pay_frequency_parse(freq_s, &in.frequency) != 0)
        return usage_error("--frequency must be weekly, fortnightly, four-weekly or monthly");
    if (str_to_i64(period_s, strlen(period_s), 1, 53, &period) != 0)
        return usage_error("--period must be a period number, 1 to 53");
    in.period = (int)period;
    if (paye_tax_code_parse(code_s, &in.code, &e) != 0 ||
        parse_amount(pay_s, "pay", &in.pay, false, &e) != 0 ||
        parse_amount(ptd_s, "pay-to-date", &in.pay_to_date, false, &e) != 0 ||
        parse_amount(ttd_s, "tax-to-date", &in.tax_to_date, true, &e) != 0)
        return data_error(&e);
    r = malloc(sizeof *r);
    res = malloc(sizeof *res);
    if (!r || !res) {
        free(r);
        free(res);
        return EXIT_INTERNAL;
    }
    rc = payroll_rates_load(year, r, &e);
    if (rc == 0)
        rc = paye_period_tax(&r->paye, &in, res, &e);
    if (rc == 0) {
        char ty[8];
        taxyear_format(year, ty);
        printf("PAYE %s, code %s (%s), %s period %d\n", ty, in.code.text,
               paye_regime_name(in.code.regime), pay_frequency_name(in.frequency), in.period);
        print_explain(stdout, &res->explain, "  ");
    }
    free(r);
    free(res);
    return rc == 0 ? EXIT_OK : data_error(&e);
}

static int cmd_ni(int argc, char **argv)
{
    static const struct option opts[] = {
        {"year", required_argument, NULL, 'y'},
        {"category", required_argument, NULL, 'c'},
        {"frequency", required_argument, NULL, 'f'},
        {"pay", required_argument, NULL, 'a'},
        {"date", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *year_s = NULL, *cat_s = NULL, *freq_s = NULL, *pay_s = NULL, *date_s = NULL;
    enum pay_frequency f;
    struct payroll_rates *r;
    struct nic_result *res;
    struct err e = {0};
    int c, year, rc;
    int64_t pay;
    day_t date;

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'y': year_s = optarg; break;
        case 'c': cat_s = optarg; break;
        case 'f': freq_s = optarg; break;
        case 'a': pay_s = optarg; break;
        case 'd': date_s = optarg; break;
        case 'h': help(stdout); return EXIT_OK;
        default: return usage_error("unknown option for 'payroll ni'");
        }
    }
    if (!year_s || !cat_s || !freq_s || !pay_s)
        return usage_error("'payroll ni' needs --year, --category, --frequency and --pay");
    if (strlen(cat_s) != 1)
        return usage_error("--category is one letter, like A");
    if (taxyear_parse(year_s, &year, &e) != 0)
        return data_error(&e);
    if (pay_frequency_parse(freq_s, &f) != 0)
        return usage_error("--frequency must be weekly, fortnightly, four-weekly or monthly");
    if (parse_amount(pay_s, "pay", &pay, false, &e) != 0)
        return data_error(&e);
    date = taxyear_start(year);
    if (date_s && date_parse_iso(date_s, strlen(date_s), &date, "date", &e) != 0)
        return data_error(&e);
    r = malloc(sizeof *r);
    res = malloc(sizeof *res);
    if (!r || !res) {
        free(r);
        free(res);
        return EXIT_INTERNAL;
    }
    rc = payroll_rates_load(year, r, &e);
    if (rc == 0)
        rc = nic_period(&r->nic, cat_s[0], f, pay, date, res, &e);
    if (rc == 0) {
        char d[DATE_ISO_SIZE];
        date_format_iso(date, d);
        printf("Class 1 NI, category %c, %s pay on %s\n", res->category, pay_frequency_name(f), d);
        print_explain(stdout, &res->explain, "  ");
    }
    free(r);
    free(res);
    return rc == 0 ? EXIT_OK : data_error(&e);
}

static int cmd_rates(int argc, char **argv)
{
    static const struct option opts[] = {
        {"year", required_argument, NULL, 'y'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *year_s = NULL;
    int years[MAX_YEARS], c, bad = 0;
    size_t n;
    struct payroll_rates *r;
    struct err e = {0};

    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'y': year_s = optarg; break;
        case 'h': help(stdout); return EXIT_OK;
        default: return usage_error("unknown option for 'payroll rates'");
        }
    }
    if (year_s) {
        if (taxyear_parse(year_s, &years[0], &e) != 0)
            return data_error(&e);
        n = 1;
    } else {
        n = payroll_rates_years(years, MAX_YEARS);
        if (n > MAX_YEARS)
            n = MAX_YEARS;
    }
    r = malloc(sizeof *r);
    if (!r)
        return EXIT_INTERNAL;
    for (size_t i = 0; i < n; i++) {
        char ty[8];
        taxyear_format(years[i], ty);
        err_clear(&e);
        if (payroll_rates_load(years[i], r, &e) != 0) {
            printf("%s: %s\n", ty, e.msg);
            bad++;
            continue;
        }
        char ea[MONEY_FMT_SIZE], ssp[MONEY_FMT_SIZE], nlw[MONEY_FMT_SIZE];
        money_format(r->employment_allowance, MONEY_FMT_POUND, ea, sizeof ea);
        money_format(r->ssp.weekly_rate, MONEY_FMT_POUND, ssp, sizeof ssp);
        money_format(r->nmw.bands[0].hourly, MONEY_FMT_POUND, nlw, sizeof nlw);
        printf("%s: ok (%d NI rate set%s, Employment Allowance %s, SSP %s a week, %s %s an "
               "hour)\n",
               ty, r->nic.nsets, r->nic.nsets == 1 ? "" : "s", ea, ssp, r->nmw.bands[0].name, nlw);
    }
    free(r);
    return bad ? EXIT_DATA : EXIT_OK;
}

int cmd_payroll(int argc, char **argv)
{
    if (argc < 2)
        return usage_error("which payroll command? conformance, tax, ni or rates");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        help(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "conformance") == 0)
        return cmd_conformance(argc - 1, argv + 1);
    if (strcmp(argv[1], "tax") == 0)
        return cmd_tax(argc - 1, argv + 1);
    if (strcmp(argv[1], "ni") == 0)
        return cmd_ni(argc - 1, argv + 1);
    if (strcmp(argv[1], "rates") == 0)
        return cmd_rates(argc - 1, argv + 1);
    /* Pay runs and their documents live with the PA records: `payroll run` is `pa run`. */
    if (strcmp(argv[1], "run") == 0 || strcmp(argv[1], "payslip") == 0 ||
        strcmp(argv[1], "fps") == 0 || strcmp(argv[1], "p60") == 0 ||
        strcmp(argv[1], "p45") == 0 || strcmp(argv[1], "summary") == 0)
        return cmd_pa(argc, argv);
    return usage_error("unknown payroll command: use conformance, tax, ni, rates, run, summary, "
                       "payslip, fps, p60 or p45");
}
