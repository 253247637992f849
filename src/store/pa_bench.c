/* pa_bench.c — bulk fictional PA payroll data; see pa_bench.h. */
#include "store/pa_bench.h"

#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "store/pa_util.h"
#include "store/store.h"

/* A small deterministic generator (xorshift32): the same seed gives the same data. */
static uint32_t next(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *s = x;
}

static int pick(uint32_t *s, int lo, int hi)
{
    return lo + (int)(next(s) % (uint32_t)(hi - lo + 1));
}

static const char *const given[] = {"Amira", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace",
                                    "Harry", "Isla", "Jack", "Kiran", "Lily", "Mo", "Nia",
                                    "Oscar", "Priya", "Quinn", "Rosa", "Sam", "Tom"};
static const char *const family[] = {"Ahmed", "Brown", "Clarke", "Davies", "Evans", "Fraser",
                                     "Green", "Hughes", "Iqbal", "Jones", "Khan", "Lewis",
                                     "Morgan", "Nowak", "Owen", "Patel", "Roberts", "Smith",
                                     "Taylor", "Walker"};

static int step_done(struct store_stmt *s, int64_t *id, struct err *e)
{
    int rc = store_step(s, e);
    if (rc == STORE_ROW) {
        if (id)
            *id = store_col_i64(s, 0);
        rc = 0;
    } else if (rc == STORE_DONE) {
        rc = 0;
    }
    store_finish(s);
    return rc;
}

int pa_bench_seed(struct store_conn *c, int64_t council_id, int n, day_t pay_date, uint32_t seed,
                  int64_t now, struct pa_bench_counts *out, struct err *e)
{
    struct store_stmt *s;
    char stamp[STORE_TIME_SIZE];
    uint32_t r = seed ? seed : 2463534242u;
    int made = 0, rc;
    int64_t employer_no = 0;
    int tax_year = taxyear_of(pay_date);
    day_t contract_start = taxyear_start(tax_year) - 400;

    memset(out, 0, sizeof *out);
    if (n < 1 || n > 2000000)
        return err_set_field(e, ERR_INVALID, "pas", "Make between 1 and 2,000,000 PAs");
    store_time_format(now, stamp);
    if ((rc = store_begin(c, e)) != 0)
        return rc;
    while (made < n) {
        int team = pick(&r, 1, 3), k;
        int64_t person_id = 0, employer_id = 0;
        char ref[48], name[64], paye[32], ao[32];
        const char *g = given[next(&r) % 20], *f = family[next(&r) % 20];
        day_t born = pay_date - pick(&r, 30, 90) * 365 - pick(&r, 0, 364);
        if (team > n - made)
            team = n - made;
        employer_no++;

        /* The budget holder, who employs the team. */
        snprintf(ref, sizeof ref, "BENCH-%07lld", (long long)employer_no);
        if ((rc = store_prepare(c,
                                "INSERT INTO people (council_id, reference, given_name, "
                                "family_name, given_key, family_key, date_of_birth, client_group, "
                                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                                "'physical_disability', ?, ?) RETURNING id",
                                &s, e)) != 0)
            goto fail;
        store_bind_i64(s, 1, council_id);
        store_bind_text(s, 2, ref);
        store_bind_text(s, 3, g);
        store_bind_text(s, 4, f);
        store_bind_text(s, 5, "bench");
        store_bind_text(s, 6, "bench");
        pa_bind_date(s, 7, born);
        store_bind_text(s, 8, stamp);
        store_bind_text(s, 9, stamp);
        if ((rc = step_done(s, &person_id, e)) != 0)
            goto fail;

        snprintf(name, sizeof name, "%s %s", g, f);
        snprintf(paye, sizeof paye, "B%07lld", (long long)employer_no);
        snprintf(ao, sizeof ao, "120PA%08lld", (long long)employer_no);
        if ((rc = store_prepare(c,
                                "INSERT INTO pa_employers (council_id, person_id, kind, name, "
                                "paye_office, paye_reference, accounts_office_ref, el_insurer, "
                                "el_policy, el_expires_on, employment_allowance, created_at, "
                                "updated_at) VALUES (?, ?, 'budget_holder', ?, '120', ?, ?, "
                                "'Bench Mutual', 'EL-1', ?, 1, ?, ?) RETURNING id",
                                &s, e)) != 0)
            goto fail;
        store_bind_i64(s, 1, council_id);
        store_bind_i64(s, 2, person_id);
        store_bind_text(s, 3, name);
        store_bind_text(s, 4, paye);
        store_bind_text(s, 5, ao);
        pa_bind_date(s, 6, pay_date + 200);
        store_bind_text(s, 7, stamp);
        store_bind_text(s, 8, stamp);
        if ((rc = step_done(s, &employer_id, e)) != 0)
            goto fail;
        out->employers++;

        for (k = 0; k < team; k++, made++) {
            int64_t pa_id = 0, contract_id = 0, hours, worked, rate;
            int fr = (int)(next(&r) % 100), weeks;
            enum pay_frequency freq = fr < 15 ? PAY_WEEKLY : fr < 30 ? PAY_FORTNIGHTLY
                                                         : fr < 65 ? PAY_FOUR_WEEKLY
                                                                   : PAY_MONTHLY;
            const char *code = fr % 10 == 3 ? "BR" : fr % 17 == 5 ? "S1257L" : "1257L";
            char ni[32], payroll_id[32];
            day_t pborn = pay_date - pick(&r, 18, 70) * 365 - pick(&r, 0, 364), first, last;
            const char *pg = given[next(&r) % 20], *pf = family[next(&r) % 20];

            snprintf(ni, sizeof ni, "AB%06dC", made % 1000000);
            if ((rc = store_prepare(c,
                                    "INSERT INTO pas (council_id, given_name, family_name, "
                                    "date_of_birth, gender, ni_number, address_line1, town, "
                                    "postcode, listed, accreditation, accreditation_on, "
                                    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
                                    "'1 High Street', 'Demoton', 'DM1 1AA', 0, 'registered', ?, "
                                    "?, ?) RETURNING id",
                                    &s, e)) != 0)
                goto fail;
            store_bind_i64(s, 1, council_id);
            store_bind_text(s, 2, pg);
            store_bind_text(s, 3, pf);
            pa_bind_date(s, 4, pborn);
            store_bind_text(s, 5, made % 2 ? "F" : "M");
            if (made < 1000000)
                store_bind_text(s, 6, ni);
            else
                store_bind_null(s, 6);
            pa_bind_date(s, 7, contract_start);
            store_bind_text(s, 8, stamp);
            store_bind_text(s, 9, stamp);
            if ((rc = step_done(s, &pa_id, e)) != 0)
                goto fail;
            out->pas++;

            hours = pick(&r, 8, 40);
            rate = pick(&r, 1260, 1600);
            snprintf(payroll_id, sizeof payroll_id, "PA%d", k + 1);
            if ((rc = store_prepare(c,
                                    "INSERT INTO pa_contracts (council_id, employer_id, pa_id, "
                                    "payroll_id, starts_on, hours_week_minutes, hourly_rate, "
                                    "frequency, holiday_basis, pension_scheme, tax_code, "
                                    "ni_category, created_at, updated_at) VALUES (?, ?, ?, ?, ?, "
                                    "?, ?, ?, ?, 'NEST', ?, 'A', ?, ?) RETURNING id",
                                    &s, e)) != 0)
                goto fail;
            store_bind_i64(s, 1, council_id);
            store_bind_i64(s, 2, employer_id);
            store_bind_i64(s, 3, pa_id);
            store_bind_text(s, 4, payroll_id);
            pa_bind_date(s, 5, contract_start);
            store_bind_i64(s, 6, hours * 60);
            store_bind_i64(s, 7, rate);
            store_bind_text(s, 8, pay_frequency_name(freq));
            store_bind_text(s, 9, fr % 5 == 0 ? "accrual" : "weeks");
            store_bind_text(s, 10, code);
            store_bind_text(s, 11, stamp);
            store_bind_text(s, 12, stamp);
            if ((rc = step_done(s, &contract_id, e)) != 0)
                goto fail;
            out->contracts++;
            out->by_frequency[freq]++;

            /* One approved timesheet for the whole pay period containing the pay date (a
             * timesheet covers at most 31 days, so a monthly one is the calendar of the tax
             * month). */
            if (pay_period_bounds(freq, tax_year, pay_period_of(freq, pay_date), &first, &last)) {
                rc = err_set(e, ERR_RANGE, "internal error: no pay period for the bench date");
                goto fail;
            }
            weeks = freq == PAY_MONTHLY ? 4 : pay_frequency_weeks(freq);
            worked = hours * 60 * weeks + (freq == PAY_MONTHLY ? hours * 60 * 13 / 40 : 0);
            if ((rc = store_prepare(c,
                                    "INSERT INTO pa_timesheets (council_id, contract_id, "
                                    "period_start, period_end, worked_minutes, holiday_minutes, "
                                    "status, submitted_at, decided_at, created_at, updated_at) "
                                    "VALUES (?, ?, ?, ?, ?, 0, 'approved', ?, ?, ?, ?)",
                                    &s, e)) != 0)
                goto fail;
            store_bind_i64(s, 1, council_id);
            store_bind_i64(s, 2, contract_id);
            pa_bind_date(s, 3, first);
            pa_bind_date(s, 4, last);
            store_bind_i64(s, 5, worked);
            store_bind_text(s, 6, stamp);
            store_bind_text(s, 7, stamp);
            store_bind_text(s, 8, stamp);
            store_bind_text(s, 9, stamp);
            if ((rc = step_done(s, NULL, e)) != 0)
                goto fail;
            out->timesheets++;
        }
    }
    return store_commit(c, e);
fail:
    store_rollback(c);
    return rc;
}
