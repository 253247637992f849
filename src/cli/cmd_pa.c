/* selfdirect pa — PA payroll from the store: pay runs, the employer's summary, payslip PDFs, the
 * FPS, P60 and P45, the register's reminders, and bulk fictional data for the benchmark.
 * `selfdirect payroll run ...` is the same as `selfdirect pa run ...`. docs/pa.md has examples. */
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"
#include "base/str.h"
#include "cli/commands.h"
#include "domain/payrun.h"
#include "io/fps_xml.h"
#include "io/payroll_rates.h"
#include "io/payslip_pdf.h"
#include "store/pa_bench.h"
#include "store/pa_store.h"
#include "store/records.h"
#include "store/store.h"
#include "store/web_store.h"

#define DOC_CAP (16u << 20)

static void help(FILE *out)
{
    fputs("usage: selfdirect pa COMMAND [options]\n\n"
          "  run        --council CODE [--employer ID] --pay-date YYYY-MM-DD [--frequency F]\n"
          "             [--run-by NAME] [--dry-run] [--chunk N]\n"
          "             or --year YYYY-YY --period N --frequency F instead of --pay-date.\n"
          "             Pays approved timesheets for the period. Without --employer, every\n"
          "             employer; without --frequency (with --pay-date), all four frequencies.\n"
          "             A period already run is shown as stored and never paid again.\n"
          "  summary    --council CODE --run ID   what to pay to whom, and to HMRC by when\n"
          "  payslip    --council CODE --payslip ID --out FILE.pdf\n"
          "  fps        --council CODE --run ID --out FILE.xml [--final]\n"
          "  p60        --council CODE --contract ID --year YYYY-YY --out FILE.pdf\n"
          "  p45        --council CODE --contract ID --out FILE.pdf   (the contract has ended)\n"
          "  reminders  --council CODE [--today YYYY-MM-DD]   DBS, right to work, insurance\n"
          "  concerns   --council CODE [--today YYYY-MM-DD] [--overdue]   PAs' concerns, their\n"
          "             named contact, respond-by date and state\n"
          "  concern-contact --council CODE --login EMAIL [--organisation ID]\n"
          "             lets a login answer concerns: a staff member for the council's named\n"
          "             contact, or a support organisation worker's account for the organisation\n"
          "  seed-bench --council CODE --pas N --pay-date YYYY-MM-DD [--seed N]\n"
          "             fictional PAs, employers, contracts and approved timesheets\n\n"
          "Every command takes --db URL (default: $SELFDIRECT_DB, else sqlite:selfdirect.db).\n"
          "exit codes: 0 ok, 1 something was refused (listed), 2 usage, 3 bad input, 4 store,\n"
          "5 internal\n",
          out);
}

static int usage_error(const char *msg)
{
    fprintf(stderr, "selfdirect pa: %s\nRun 'selfdirect pa --help' for usage.\n", msg);
    return EXIT_USAGE;
}

static int code_of(int err_code)
{
    switch (err_code) {
    case ERR_INVALID:
    case ERR_NOT_FOUND:
    case ERR_CONFLICT:
    case ERR_FORBIDDEN:
    case ERR_RANGE:
    case ERR_UNSUPPORTED:
        return EXIT_DATA;
    case ERR_IO:
        return EXIT_STORE;
    default:
        return EXIT_INTERNAL;
    }
}

static int fail(const struct err *e)
{
    fprintf(stderr, "selfdirect pa: %s\n", e->msg[0] ? e->msg : "failed");
    return code_of(e->code);
}

struct opts {
    const char *db, *council, *run_by, *out, *login;
    int64_t employer, run, payslip, contract, pas, seed, chunk, organisation;
    bool has_pay_date, has_today, has_year, has_frequency, final, dry_run, overdue;
    day_t pay_date, today;
    int year, period;
    enum pay_frequency frequency;
};

static int parse_id(const char *s, int64_t *out)
{
    return str_to_i64(s, strlen(s), 1, INT64_MAX, out);
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
    static const struct option table[] = {
        {"db", required_argument, NULL, 'd'},        {"council", required_argument, NULL, 'c'},
        {"employer", required_argument, NULL, 'E'},  {"run", required_argument, NULL, 'r'},
        {"payslip", required_argument, NULL, 'p'},   {"contract", required_argument, NULL, 'k'},
        {"pay-date", required_argument, NULL, 'D'},  {"today", required_argument, NULL, 'T'},
        {"year", required_argument, NULL, 'y'},      {"period", required_argument, NULL, 'n'},
        {"frequency", required_argument, NULL, 'f'}, {"run-by", required_argument, NULL, 'b'},
        {"out", required_argument, NULL, 'o'},       {"pas", required_argument, NULL, 'N'},
        {"seed", required_argument, NULL, 's'},      {"chunk", required_argument, NULL, 'C'},
        {"final", no_argument, NULL, 'F'},           {"dry-run", no_argument, NULL, 'R'},
        {"login", required_argument, NULL, 'L'},     {"organisation", required_argument, NULL, 'O'},
        {"overdue", no_argument, NULL, 'V'},
        {"help", no_argument, NULL, 'h'},            {NULL, 0, NULL, 0},
    };
    struct err e = {0};
    int ch;
    int64_t v;
    memset(o, 0, sizeof *o);
    o->db = cli_default_db();
    optind = 1;
    while ((ch = getopt_long(argc, argv, "h", table, NULL)) != -1) {
        switch (ch) {
        case 'd': o->db = optarg; break;
        case 'c': o->council = optarg; break;
        case 'b': o->run_by = optarg; break;
        case 'o': o->out = optarg; break;
        case 'F': o->final = true; break;
        case 'L': o->login = optarg; break;
        case 'V': o->overdue = true; break;
        case 'O':
            if (parse_id(optarg, &o->organisation) != 0)
                return usage_error("--organisation is a support organisation's id number");
            break;
        case 'R': o->dry_run = true; break;
        case 'E':
            if (parse_id(optarg, &o->employer))
                return usage_error("--employer is an employer's id number");
            break;
        case 'r':
            if (parse_id(optarg, &o->run))
                return usage_error("--run is a pay run's id number");
            break;
        case 'p':
            if (parse_id(optarg, &o->payslip))
                return usage_error("--payslip is a payslip's id number");
            break;
        case 'k':
            if (parse_id(optarg, &o->contract))
                return usage_error("--contract is a contract's id number");
            break;
        case 'N':
            if (parse_id(optarg, &o->pas))
                return usage_error("--pas is how many PAs to make");
            break;
        case 's':
            if (parse_id(optarg, &o->seed))
                return usage_error("--seed is a positive number");
            break;
        case 'C':
            if (parse_id(optarg, &o->chunk))
                return usage_error("--chunk is how many employers to a transaction");
            break;
        case 'D':
            if (date_parse_iso(optarg, strlen(optarg), &o->pay_date, "pay-date", &e))
                return usage_error("--pay-date is a date like 2025-06-30");
            o->has_pay_date = true;
            break;
        case 'T':
            if (date_parse_iso(optarg, strlen(optarg), &o->today, "today", &e))
                return usage_error("--today is a date like 2025-06-30");
            o->has_today = true;
            break;
        case 'y':
            if (taxyear_parse(optarg, &o->year, &e))
                return usage_error("--year is a tax year like 2025-26");
            o->has_year = true;
            break;
        case 'n':
            if (str_to_i64(optarg, strlen(optarg), 1, 53, &v))
                return usage_error("--period is a period number, 1 to 53");
            o->period = (int)v;
            break;
        case 'f':
            if (pay_frequency_parse(optarg, &o->frequency))
                return usage_error("--frequency is weekly, fortnightly, four-weekly or monthly");
            o->has_frequency = true;
            break;
        case 'h':
            help(stdout);
            return -1;
        default:
            return usage_error("unknown option");
        }
    }
    if (optind < argc)
        return usage_error("unexpected argument");
    if (!o->council)
        return usage_error("--council CODE is needed (the council's code, like DEMO)");
    return 0;
}

static day_t today_of(const struct opts *o)
{
    time_t t = time(NULL);
    struct tm tm;
    day_t d = 0;
    if (o->has_today)
        return o->today;
    gmtime_r(&t, &tm);
    date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d);
    return d;
}

/* Opens the store, borrows a connection and finds the council. */
struct session {
    struct store *st;
    struct store_conn *c;
    struct council council;
};

static int open_session(const struct opts *o, struct session *s, struct err *e)
{
    int rc;
    memset(s, 0, sizeof *s);
    if ((rc = store_open(o->db, &s->st, e)) != 0 || (rc = store_require_current(s->st, e)) != 0 ||
        (rc = store_acquire(s->st, &s->c, e)) != 0 ||
        (rc = council_find_code(s->c, o->council, &s->council, e)) != 0) {
        store_release(s->c);
        store_close(s->st);
        memset(s, 0, sizeof *s);
    }
    return rc;
}

static void close_session(struct session *s)
{
    store_release(s->c);
    store_close(s->st);
}

static int write_file(const char *path, const struct buf *b, struct err *e)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return err_set(e, ERR_IO, "Cannot write %s", path);
    if (fwrite(b->data, 1, b->len, f) != b->len) {
        fclose(f);
        return err_set(e, ERR_IO, "Cannot write %s", path);
    }
    if (fclose(f) != 0)
        return err_set(e, ERR_IO, "Cannot write %s", path);
    return 0;
}

static const char *pounds(int64_t pence, char *b)
{
    money_format(pence, MONEY_FMT_POUND, b, MONEY_FMT_SIZE);
    return b;
}

/* ---- documents' data from the store -------------------------------------------------------------- */

struct doc_people {
    struct pa_employer m;
    struct pa_record pa;
    struct pa_contract k;
    struct pa_doc_employer de;
    struct pa_doc_employee dw;
};

static int load_people(struct store_conn *c, int64_t council_id, int64_t contract_id,
                       struct doc_people *d, struct err *e)
{
    int rc;
    if ((rc = pa_contract_get(c, council_id, contract_id, &d->k, e)) != 0 ||
        (rc = pa_get(c, council_id, d->k.pa_id, &d->pa, e)) != 0 ||
        (rc = pa_employer_get(c, council_id, d->k.employer_id, &d->m, e)) != 0)
        return rc;
    d->de.name = d->m.name;
    d->de.paye_office = d->m.paye_office;
    d->de.paye_reference = d->m.paye_reference;
    d->de.accounts_office_ref = d->m.accounts_office_ref;
    memset(&d->dw, 0, sizeof d->dw);
    d->dw.title = d->pa.title;
    d->dw.given_name = d->pa.given_name;
    d->dw.family_name = d->pa.family_name;
    d->dw.ni_number = d->pa.ni_number;
    d->dw.payroll_id = d->k.payroll_id;
    d->dw.address_line1 = d->pa.address_line1;
    d->dw.address_line2 = d->pa.address_line2;
    d->dw.town = d->pa.town;
    d->dw.postcode = d->pa.postcode;
    d->dw.date_of_birth = d->pa.date_of_birth;
    d->dw.gender = d->pa.gender;
    d->dw.starts_on = d->k.starts_on;
    d->dw.has_left = d->k.has_end;
    d->dw.left_on = d->k.ends_on;
    return 0;
}

/* ---- run --------------------------------------------------------------------------------------- */

static void print_outcome(const char *label, const struct pa_payrun_outcome *out, bool dry)
{
    printf("%s: %d employer%s %s, %lld payslip%s", label, out->employers_paid,
           out->employers_paid == 1 ? "" : "s", dry ? "would be paid" : "paid",
           (long long)out->payslips, out->payslips == 1 ? "" : "s");
    if (out->employers_already)
        printf("; %d already run for this period (shown as stored, not paid again)",
               out->employers_already);
    if (out->employers_nothing)
        printf("; %d with nothing to pay", out->employers_nothing);
    if (out->employers_failed)
        printf("; %d refused", out->employers_failed);
    if (out->warnings)
        printf("; %lld note%s for employers to act on", (long long)out->warnings,
               out->warnings == 1 ? "" : "s");
    printf("\n");
    for (int i = 0; i < out->nfailures; i++)
        printf("  refused: employer %lld%s%.0lld: %s\n", (long long)out->failures[i].employer_id,
               out->failures[i].contract_id ? ", contract " : "",
               (long long)out->failures[i].contract_id, out->failures[i].err.msg);
}

static void print_run(const struct pa_pay_run *r)
{
    const struct payrun_totals *t = &r->totals;
    char a[MONEY_FMT_SIZE], b[MONEY_FMT_SIZE], c[MONEY_FMT_SIZE], y[8], d[48];
    taxyear_format(r->period.tax_year, y);
    date_format_long(r->period.pay_date, d, sizeof d);
    printf("pay run %lld: employer %lld, %s period %d of %s, paid %s\n", (long long)r->id,
           (long long)r->employer_id, pay_frequency_name(r->period.frequency), r->period.period,
           y, d);
    printf("  %d payslip%s; gross %s, take-home %s, employer cost %s\n", t->payslips,
           t->payslips == 1 ? "" : "s", pounds(t->gross, a), pounds(t->net_pay, b),
           pounds(t->employer_cost, c));
    printf("  tax %s, employee NI %s, employer NI %s", pounds(t->tax, a),
           pounds(t->employee_ni, b), pounds(t->employer_ni, c));
    printf(" (Employment Allowance %s); to HMRC %s; to the pension scheme %s\n",
           pounds(t->allowance_offset, a), pounds(t->hmrc_due, b), pounds(t->pension_due, c));
}

static int cmd_run(const struct opts *o)
{
    struct session s;
    struct err e = {0};
    struct payrun_tables *tables = malloc(sizeof *tables);
    struct pa_payrun_outcome *out = malloc(sizeof *out);
    int rc = EXIT_OK, nf = 0;
    enum pay_frequency fs[PAY_FREQUENCY_COUNT];
    int64_t failed = 0;

    if (!tables || !out) {
        free(tables);
        free(out);
        fprintf(stderr, "selfdirect pa: out of memory\n");
        return EXIT_INTERNAL;
    }
    if (o->has_frequency)
        fs[nf++] = o->frequency;
    else if (o->has_pay_date && !o->has_year)
        for (int f = 0; f < PAY_FREQUENCY_COUNT; f++)
            fs[nf++] = (enum pay_frequency)f;
    if (nf == 0 || (!o->has_pay_date && (!o->has_year || !o->period))) {
        free(tables);
        free(out);
        return usage_error("'pa run' needs --pay-date, or --year, --period and --frequency");
    }
    /* A run makes hundreds of thousands of short SQLite statements, each of which allocates and
     * frees a statement journal; with glibc's default trim threshold every free at the top of the
     * heap gives the memory back to the kernel and the next statement asks for it again. Keeping
     * it costs a few megabytes and a fifth of the run's time. */
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
    if (payroll_rates_load_tables(tables, &e) != 0 || open_session(o, &s, &e) != 0) {
        free(tables);
        free(out);
        return fail(&e);
    }
    for (int i = 0; i < nf && rc == EXIT_OK; i++) {
        struct pa_payrun_request rq;
        struct timespec t0, t1;
        int year = o->has_year ? o->year : taxyear_of(o->pay_date);
        int period = o->period ? o->period : pay_period_of(fs[i], o->pay_date);
        char label[64];
        memset(&rq, 0, sizeof rq);
        rq.employer_id = o->employer;
        rq.run_by = o->run_by ? o->run_by : "selfdirect pa run";
        rq.chunk = (int)o->chunk;
        rq.dry_run = o->dry_run;
        if (payrun_period_make(fs[i], year, period, o->has_pay_date, o->pay_date, &rq.period,
                               &e) != 0) {
            rc = fail(&e);
            break;
        }
        clock_gettime(CLOCK_MONOTONIC, &t0);
        if (pa_payrun_run(s.c, s.council.id, tables, &rq, (int64_t)time(NULL), out, &e) != 0) {
            rc = fail(&e);
            break;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        snprintf(label, sizeof label, "%s period %d", pay_frequency_name(fs[i]), period);
        print_outcome(label, out, o->dry_run);
        printf("  took %.3f s\n",
               (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
        if (o->employer && (out->employers_paid || out->already)) {
            if (out->already)
                printf("already run on %s: this is the stored result; nothing was paid again\n",
                       out->run.created_at);
            if (!o->dry_run)
                print_run(&out->run);
        } else if (o->employer && out->employers_nothing) {
            printf("nothing to pay: no approved, unpaid timesheets (or sickness) for %s period "
                   "%d\n",
                   pay_frequency_name(fs[i]), period);
        }
        failed += out->employers_failed;
    }
    close_session(&s);
    free(tables);
    free(out);
    if (rc == EXIT_OK && failed)
        rc = EXIT_FAILED;
    return rc;
}

/* ---- summary ------------------------------------------------------------------------------------- */

static int cmd_summary(const struct opts *o)
{
    struct session s;
    struct err e = {0};
    struct pa_pay_run run;
    struct pa_employer m;
    struct arena a;
    struct pa_payslip *slips;
    struct hmrc_payment pay;
    size_t n;
    int64_t months[12], sum = 0;
    int elapsed, rc = EXIT_OK;
    char x[MONEY_FMT_SIZE], y[MONEY_FMT_SIZE], d[48];

    if (!o->run)
        return usage_error("'pa summary' needs --run ID");
    if (open_session(o, &s, &e) != 0)
        return fail(&e);
    arena_init(&a, 0);
    if (pa_payrun_get(s.c, s.council.id, o->run, &run, &e) != 0 ||
        pa_employer_get(s.c, s.council.id, run.employer_id, &m, &e) != 0 ||
        pa_payslip_list_run(s.c, s.council.id, run.id, &a, &slips, &n, &e) != 0 ||
        pa_payrun_hmrc_months(s.c, s.council.id, m.id, run.period.tax_year, months, &e) != 0) {
        rc = fail(&e);
        goto done;
    }
    elapsed = tax_month(run.period.pay_date);
    for (int i = 0; i < elapsed; i++)
        sum += months[i];
    if (payrun_hmrc_payment(run.period.pay_date, m.pay_hmrc_quarterly, sum / elapsed, &pay,
                            &e) != 0) {
        rc = fail(&e);
        goto done;
    }
    printf("Employer: %s (PAYE %s/%s)\n", m.name, m.paye_office, m.paye_reference);
    print_run(&run);
    printf("\nPay to each PA:\n");
    for (size_t i = 0; i < n; i++) {
        struct pa_record pa;
        if (pa_get(s.c, s.council.id, slips[i].pa_id, &pa, &e) != 0) {
            rc = fail(&e);
            goto done;
        }
        printf("  %-30s %12s  (payslip %lld)\n", pa.family_name[0] ? pa.family_name : "?",
               pounds(slips[i].calc.net_pay, x), (long long)slips[i].id);
    }
    printf("\nTo the pension scheme: %s\n", pounds(run.totals.pension_due, x));
    date_format_long(pay.due, d, sizeof d);
    printf("To HMRC: %s for this run; %s due for %s by %s (%s)\n", pounds(run.totals.hmrc_due, x),
           pounds(pay.quarterly ? months[(pay.quarter - 1) * 3] + months[(pay.quarter - 1) * 3 + 1] +
                                      months[(pay.quarter - 1) * 3 + 2]
                                : months[pay.tax_month - 1],
                  y),
           pay.label, d, pay.quarterly ? "quarterly" : "monthly");
    for (int i = 0; i < pay.explain.n; i++)
        printf("  %s\n", pay.explain.lines[i].label);
done:
    arena_release(&a);
    close_session(&s);
    return rc;
}

/* ---- payslip, FPS, P60, P45 ----------------------------------------------------------------------- */

static int cmd_payslip(const struct opts *o)
{
    struct session s;
    struct err e = {0};
    struct pa_payslip *p = malloc(sizeof *p);
    struct pa_pay_run run;
    struct doc_people *d = malloc(sizeof *d);
    struct payslip_doc doc;
    struct buf b;
    char ref[64];
    int pages = 0, rc = EXIT_OK;

    if (!o->payslip || !o->out || !p || !d) {
        free(p);
        free(d);
        return usage_error("'pa payslip' needs --payslip ID and --out FILE.pdf");
    }
    buf_init(&b, DOC_CAP);
    if (open_session(o, &s, &e) != 0) {
        free(p);
        free(d);
        return fail(&e);
    }
    if (pa_payslip_get(s.c, s.council.id, o->payslip, p, &e) != 0 ||
        pa_payrun_get(s.c, s.council.id, p->pay_run_id, &run, &e) != 0 ||
        load_people(s.c, s.council.id, p->contract_id, d, &e) != 0) {
        rc = fail(&e);
        goto done;
    }
    snprintf(ref, sizeof ref, "Payslip %lld", (long long)p->id);
    doc.employer = &d->de;
    doc.employee = &d->dw;
    doc.period = &run.period;
    doc.slip = &p->calc;
    doc.reference = ref;
    if (payslip_pdf(&doc, PAYSLIP_PDF_DEFAULT, &b, &pages, &e) != 0 ||
        write_file(o->out, &b, &e) != 0) {
        rc = fail(&e);
        goto done;
    }
    printf("wrote %s (%d page%s)\n", o->out, pages, pages == 1 ? "" : "s");
done:
    buf_release(&b);
    close_session(&s);
    free(p);
    free(d);
    return rc;
}

static int cmd_fps(const struct opts *o)
{
    struct session s;
    struct err e = {0};
    struct pa_pay_run run;
    struct arena a;
    struct pa_payslip *slips;
    struct doc_people *people = NULL;
    struct fps_employee *emps = NULL;
    struct fps_submission sub;
    struct buf b;
    size_t n;
    int rc = EXIT_OK;

    if (!o->run || !o->out)
        return usage_error("'pa fps' needs --run ID and --out FILE.xml");
    buf_init(&b, DOC_CAP);
    arena_init(&a, 0);
    if (open_session(o, &s, &e) != 0)
        return fail(&e);
    if (pa_payrun_get(s.c, s.council.id, o->run, &run, &e) != 0 ||
        pa_payslip_list_run(s.c, s.council.id, run.id, &a, &slips, &n, &e) != 0) {
        rc = fail(&e);
        goto done;
    }
    people = arena_array(&a, n ? n : 1, sizeof *people);
    emps = arena_array(&a, n ? n : 1, sizeof *emps);
    if (!people || !emps) {
        err_set(&e, ERR_NOMEM, "out of memory");
        rc = fail(&e);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        int64_t earlier = 0, params[3] = {s.council.id, slips[i].contract_id, slips[i].id};
        if (load_people(s.c, s.council.id, slips[i].contract_id, &people[i], &e) != 0 ||
            store_query_i64(s.c, "SELECT count(*) FROM pa_payslips WHERE council_id = ? AND "
                                 "contract_id = ? AND id < ?",
                            3, params, &earlier, &e) != 0) {
            rc = fail(&e);
            goto done;
        }
        emps[i].who = &people[i].dw;
        emps[i].slip = &slips[i].calc;
        emps[i].normal_weekly_minutes = people[i].k.hours_week_minutes;
        emps[i].starter = earlier == 0;
        emps[i].starter_declaration = people[i].k.starter_declaration;
        emps[i].net_pay_arrangement = people[i].k.relief == RELIEF_NET_PAY;
    }
    sub.employer = n ? &people[0].de : NULL;
    sub.period = &run.period;
    sub.employees = emps;
    sub.n = n;
    sub.final_for_year = o->final;
    if (n == 0) {
        err_set(&e, ERR_INVALID, "This pay run has no payslips");
        rc = fail(&e);
        goto done;
    }
    if (fps_xml_write(&sub, &b, &e) != 0 || write_file(o->out, &b, &e) != 0) {
        rc = fail(&e);
        goto done;
    }
    printf("wrote %s (%zu employee%s)\n", o->out, n, n == 1 ? "" : "s");
done:
    buf_release(&b);
    arena_release(&a);
    close_session(&s);
    return rc;
}

static int cmd_year_doc(const struct opts *o, bool p45)
{
    struct session s;
    struct err e = {0};
    struct pa_payslip *last = malloc(sizeof *last);
    struct doc_people *d = malloc(sizeof *d);
    struct buf b;
    int pages = 0, rc = EXIT_OK, year;

    if (!o->contract || !o->out || (!p45 && !o->has_year) || !last || !d) {
        free(last);
        free(d);
        return usage_error(p45 ? "'pa p45' needs --contract ID and --out FILE.pdf"
                               : "'pa p60' needs --contract ID, --year YYYY-YY and --out FILE.pdf");
    }
    buf_init(&b, DOC_CAP);
    if (open_session(o, &s, &e) != 0) {
        free(last);
        free(d);
        return fail(&e);
    }
    if (load_people(s.c, s.council.id, o->contract, d, &e) != 0) {
        rc = fail(&e);
        goto done;
    }
    if (p45 && !d->k.has_end) {
        err_set(&e, ERR_INVALID, "Contract %lld has no leaving date: record it before a P45",
                (long long)o->contract);
        rc = fail(&e);
        goto done;
    }
    year = p45 ? taxyear_of(d->k.ends_on) : o->year;
    if (pa_payslip_latest(s.c, s.council.id, o->contract, year, last, &e) != 0) {
        rc = fail(&e);
        goto done;
    }
    int64_t prev_pay = d->k.previous_tax_year == year ? d->k.previous_pay : 0;
    int64_t prev_tax = d->k.previous_tax_year == year ? d->k.previous_tax : 0;
    if (p45) {
        struct p45_doc doc = {&d->de, &d->dw, year, d->k.frequency, last->period, &last->calc,
                              prev_pay, prev_tax};
        rc = p45_pdf(&doc, PAYSLIP_PDF_DEFAULT, &b, &pages, &e);
    } else {
        struct p60_doc doc = {&d->de, &d->dw, year, &last->calc, prev_pay, prev_tax};
        rc = p60_pdf(&doc, PAYSLIP_PDF_DEFAULT, &b, &pages, &e);
    }
    if (rc != 0 || write_file(o->out, &b, &e) != 0) {
        rc = fail(&e);
        goto done;
    }
    printf("wrote %s (%d page%s)\n", o->out, pages, pages == 1 ? "" : "s");
done:
    buf_release(&b);
    close_session(&s);
    free(last);
    free(d);
    return rc;
}

/* ---- reminders, seed-bench ------------------------------------------------------------------------- */

static int cmd_reminders(const struct opts *o)
{
    struct session s;
    struct err e = {0};
    struct arena a;
    struct pa_reminder *items;
    size_t n;
    int rc = EXIT_OK;
    if (open_session(o, &s, &e) != 0)
        return fail(&e);
    arena_init(&a, 0);
    if (pa_reminders(s.c, s.council.id, today_of(o), &a, &items, &n, &e) != 0)
        rc = fail(&e);
    else {
        for (size_t i = 0; i < n; i++)
            printf("%-14s %s\n", pa_reminder_kind_name(items[i].kind), items[i].message);
        printf("%zu reminder%s\n", n, n == 1 ? "" : "s");
    }
    arena_release(&a);
    close_session(&s);
    return rc;
}

static int cmd_concerns(const struct opts *o)
{
    struct session s;
    struct err e = {0};
    struct arena a;
    struct pa_concern *items;
    size_t n;
    day_t today = today_of(o);
    int rc = EXIT_OK;
    if (open_session(o, &s, &e) != 0)
        return fail(&e);
    arena_init(&a, 0);
    if (pa_concern_list(s.c, s.council.id, 0, o->overdue, today, &a, &items, &n, &e) != 0)
        rc = fail(&e);
    else {
        for (size_t i = 0; i < n; i++) {
            char raised[DATE_ISO_SIZE], by[DATE_ISO_SIZE];
            bool late = items[i].status == CONCERN_OPEN &&
                        pa_concern_overdue(true, items[i].route.respond_by, today);
            date_format_iso(items[i].raised_on, raised);
            date_format_iso(items[i].route.respond_by, by);
            printf("%lld  pa %lld  %-8s raised %s  respond by %s  %-9s%s  %s%s%s\n",
                   (long long)items[i].id, (long long)items[i].pa_id,
                   pa_concern_about_name(items[i].about), raised, by,
                   pa_concern_status_name(items[i].status), late ? " OVERDUE" : "",
                   items[i].route.contact_name, items[i].outcome ? "  outcome " : "",
                   pa_concern_outcome_name(items[i].outcome));
        }
        printf("%zu concern%s\n", n, n == 1 ? "" : "s");
    }
    arena_release(&a);
    close_session(&s);
    return rc;
}

static int cmd_concern_contact(const struct opts *o)
{
    struct session s;
    struct err e = {0};
    struct web_login found[4];
    char folded[256];
    size_t n = 0;
    int64_t staff = 0, account = 0;
    int rc = EXIT_OK;
    if (!o->login)
        return usage_error("'pa concern-contact' needs --login EMAIL");
    if (open_session(o, &s, &e) != 0)
        return fail(&e);
    web_fold_username(o->login, folded, sizeof folded);
    if (web_login_candidates(s.c, folded, found, 4, &n, &e) != 0) {
        rc = fail(&e);
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        if (found[i].council_id == s.council.id) {
            if (found[i].kind == LOGIN_STAFF)
                staff = found[i].id;
            else
                account = found[i].id;
        }
    /* The council's contact is staff; an organisation's is an account (a login may be both). */
    if (o->organisation ? account == 0 : staff == 0) {
        fprintf(stderr, "selfdirect pa: no %s signs in as %s in council %s\n",
                o->organisation ? "support organisation account" : "staff member", o->login,
                o->council);
        rc = EXIT_DATA;
        goto done;
    }
    if (pa_concern_handler_add(s.c, s.council.id, o->organisation, o->organisation ? 0 : staff,
                               o->organisation ? account : 0, (int64_t)time(NULL), &e) != 0) {
        rc = fail(&e);
        goto done;
    }
    printf("%s now answers PAs' concerns routed to %s\n", o->login,
           o->organisation ? "the organisation" : "the council's named contact");
done:
    close_session(&s);
    return rc;
}

static int cmd_seed_bench(const struct opts *o)
{
    struct store *st = NULL;
    struct store_conn *c = NULL;
    struct err e = {0};
    struct council co;
    struct pa_bench_counts counts;
    int rc = EXIT_OK;
    if (!o->pas || !o->has_pay_date)
        return usage_error("'pa seed-bench' needs --pas N and --pay-date YYYY-MM-DD");
    if (store_open(o->db, &st, &e) != 0 || store_require_current(st, &e) != 0 ||
        store_acquire(st, &c, &e) != 0) {
        rc = fail(&e);
        goto done;
    }
    if (council_find_code(c, o->council, &co, &e) != 0) {
        memset(&co, 0, sizeof co);
        err_clear(&e);
        str_copy(co.code, sizeof co.code, o->council);
        snprintf(co.name, sizeof co.name, "Benchmark council %s", o->council);
        if (council_create(c, &co, (int64_t)time(NULL), &e) != 0) {
            rc = fail(&e);
            goto done;
        }
    }
    if (pa_bench_seed(c, co.id, (int)o->pas, o->pay_date, (uint32_t)o->seed, (int64_t)time(NULL),
                      &counts, &e) != 0) {
        rc = fail(&e);
        goto done;
    }
    printf("made %lld PAs for %lld employers: %lld weekly, %lld fortnightly, %lld four-weekly, "
           "%lld monthly; %lld approved timesheets\n",
           (long long)counts.pas, (long long)counts.employers, (long long)counts.by_frequency[0],
           (long long)counts.by_frequency[1], (long long)counts.by_frequency[2],
           (long long)counts.by_frequency[3], (long long)counts.timesheets);
done:
    store_release(c);
    store_close(st);
    return rc;
}

int cmd_pa(int argc, char **argv)
{
    struct opts o;
    const char *sub;
    int rc;
    if (argc < 2)
        return usage_error("which pa command? run, summary, payslip, fps, p60, p45, reminders, "
                           "concerns, concern-contact or seed-bench");
    sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
        help(stdout);
        return EXIT_OK;
    }
    if ((rc = parse_opts(argc - 1, argv + 1, &o)) != 0)
        return rc < 0 ? EXIT_OK : rc;
    if (strcmp(sub, "run") == 0)
        return cmd_run(&o);
    if (strcmp(sub, "summary") == 0)
        return cmd_summary(&o);
    if (strcmp(sub, "payslip") == 0)
        return cmd_payslip(&o);
    if (strcmp(sub, "fps") == 0)
        return cmd_fps(&o);
    if (strcmp(sub, "p60") == 0)
        return cmd_year_doc(&o, false);
    if (strcmp(sub, "p45") == 0)
        return cmd_year_doc(&o, true);
    if (strcmp(sub, "reminders") == 0)
        return cmd_reminders(&o);
    if (strcmp(sub, "seed-bench") == 0)
        return cmd_seed_bench(&o);
    if (strcmp(sub, "concerns") == 0)
        return cmd_concerns(&o);
    if (strcmp(sub, "concern-contact") == 0)
        return cmd_concern_contact(&o);
    return usage_error("unknown pa command");
}
