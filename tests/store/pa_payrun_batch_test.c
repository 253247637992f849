/* pa_payrun_batch_test.c — a council-wide pay run writes its pay runs many to a statement and
 * matches the ids they come back with to their employers; these check, on both backends, that
 * every payslip lands in its own employer's run across several chunks and partial batches, that
 * every timesheet is marked paid by that run, and that running again pays nobody twice. */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "base/err.h"
#include "fixtures.h"
#include "io/payroll_rates.h"
#include "store/pa_bench.h"
#include "store/pa_store.h"
#include "store/store.h"

static const struct payrun_tables *batch_tables(void)
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

static int64_t query_i64(struct store_conn *c, const char *sql)
{
    struct store_stmt *s;
    struct err e = {0};
    int64_t v = -1;
    if (store_prepare(c, sql, &s, &e) != 0) {
        check_fail(__FILE__, __LINE__, "%s: %s", sql, e.msg);
        return -1;
    }
    if (store_step(s, &e) == STORE_ROW)
        v = store_col_i64(s, 0);
    store_finish(s);
    return v;
}

STORE_TEST(pa_payrun_batched_runs_match_their_employers)
{
    struct store_conn *c = fx_conn(st);
    struct pa_bench_counts counts;
    struct pa_payrun_request rq;
    struct pa_payrun_outcome *out = calloc(1, sizeof *out), *again = calloc(1, sizeof *again);
    struct err e = {0};
    day_t pay_date = 0;
    int64_t council = fx_council(c, "BATCH");
    int64_t slips;

    CHECK_INT(date_parse_iso("2025-06-30", 10, &pay_date, "date", NULL), 0);
    CHECK_INT(pa_bench_seed(c, council, 400, pay_date, 7, FX_NOW, &counts, &e), 0);
    /* Monthly: well over one batch of 32 runs; a chunk of 45 employers makes several chunks,
     * each ending in a partial batch. */
    memset(&rq, 0, sizeof rq);
    rq.run_by = "test";
    rq.chunk = 45;
    CHECK_INT(payrun_period_make(PAY_MONTHLY, 2025, 3, true, pay_date, &rq.period, &e), 0);
    CHECK_INT(pa_payrun_run(c, council, batch_tables(), &rq, FX_NOW, out, &e), 0);
    CHECK(out->employers_paid > 2 * 45);
    CHECK_INT(out->payslips, counts.by_frequency[PAY_MONTHLY]);
    CHECK_INT(fx_count(c, "pa_pay_runs"), out->employers_paid);
    slips = fx_count(c, "pa_payslips");
    CHECK_INT(slips, out->payslips);

    /* Each payslip is in the run of its own contract's employer, with that run's totals. */
    CHECK_INT(query_i64(c, "SELECT count(*) FROM pa_payslips s JOIN pa_pay_runs r ON "
                           "r.id = s.pay_run_id JOIN pa_contracts k ON k.id = s.contract_id "
                           "WHERE r.employer_id <> k.employer_id"),
              0);
    CHECK_INT(query_i64(c, "SELECT count(*) FROM pa_pay_runs r WHERE r.payslips <> (SELECT "
                           "count(*) FROM pa_payslips s WHERE s.pay_run_id = r.id) OR r.gross <> "
                           "(SELECT sum(s.gross) FROM pa_payslips s WHERE s.pay_run_id = r.id) "
                           "OR r.net_pay <> (SELECT sum(s.net_pay) FROM pa_payslips s WHERE "
                           "s.pay_run_id = r.id)"),
              0);
    /* Every monthly timesheet paid, by the run its payslip is in. */
    CHECK_INT(query_i64(c, "SELECT count(*) FROM pa_timesheets t JOIN pa_contracts k ON "
                           "k.id = t.contract_id WHERE k.frequency = 'monthly' AND "
                           "(t.pay_run_id IS NULL OR t.pay_run_id <> (SELECT s.pay_run_id FROM "
                           "pa_payslips s WHERE s.contract_id = t.contract_id))"),
              0);

    /* Again: every employer's run is found made; nothing more is stored. */
    CHECK_INT(pa_payrun_run(c, council, batch_tables(), &rq, FX_NOW + 60, again, &e), 0);
    CHECK_INT(again->employers_paid, 0);
    CHECK_INT(again->employers_already, out->employers_paid);
    CHECK_INT(fx_count(c, "pa_payslips"), slips);
    free(out);
    free(again);
    store_release(c);
}
