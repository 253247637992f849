/* Monitoring rules, each at and either side of its threshold, plus the officer's worklist order.
 * Defaults: surplus above 8 weeks + contingency, cash above £250 a day, nothing spent for 8 weeks. */
#include <string.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "check.h"
#include "domain/matching.h"
#include "domain/monitoring.h"
#include "io/statement.h"

static day_t D(int y, int m, int d)
{
    day_t out = 0;
    date_from_ymd(y, m, d, &out);
    return out;
}

static struct statement_txn T(day_t date, int64_t amount, const char *payee, const char *desc)
{
    struct statement_txn t;
    memset(&t, 0, sizeof t);
    t.date = date;
    t.amount = amount;
    t.payee = payee;
    t.description = desc;
    t.reference = "";
    t.type = "";
    t.bank_ref = "";
    return t;
}

static struct monitor_account account(void)
{
    struct monitor_account acc;
    memset(&acc, 0, sizeof acc);
    acc.dp_id = 42;
    acc.start = D(2025, 1, 6);
    acc.balance_date = D(2025, 8, 1);
    acc.weekly_amount = 25000;
    acc.contingency = 50000;
    return acc;
}

/* Runs one rule alone; returns the number of flags it raised. */
static size_t run(enum monitor_rule only, struct monitor_settings *s,
                  const struct monitor_account *acc, day_t today, struct monitor_flags *f,
                  struct arena *a)
{
    struct err e = {0};
    s->surplus_on = only == MON_SURPLUS;
    s->cash_on = only == MON_CASH;
    s->unknown_payee_on = only == MON_UNKNOWN_PAYEE;
    s->family_on = only == MON_FAMILY_PAYEE;
    s->hmrc_on = only == MON_NO_HMRC;
    s->no_spend_on = only == MON_NO_SPENDING;
    monitor_flags_release(f);
    CHECK_INT(monitor_check(s, acc, today, a, f, &e), 0);
    for (size_t i = 0; i < f->n; i++) {
        CHECK_INT(f->v[i].rule, only);
        CHECK(f->v[i].reason && *f->v[i].reason);
        CHECK(f->v[i].next_step && *f->v[i].next_step);
    }
    return f->n;
}

TEST(monitor_surplus_threshold)
{
    struct monitor_settings s;
    struct monitor_account acc = account();
    struct monitor_flags f;
    struct arena a;
    arena_init(&a, 0);
    monitor_flags_init(&f);
    monitor_settings_default(&s);
    /* ceiling: 8 x £250 + £500 contingency = £2,500 */
    acc.balance = 250000;
    CHECK_INT(run(MON_SURPLUS, &s, &acc, D(2025, 8, 1), &f, &a), 0);
    acc.balance = 250001;
    CHECK_INT(run(MON_SURPLUS, &s, &acc, D(2025, 8, 1), &f, &a), 1);
    CHECK_INT(f.v[0].amount, 1);
    CHECK_INT(f.v[0].severity, MON_MEDIUM);
    CHECK_CONTAINS(f.v[0].reason, "more than 8 weeks of payments (8 x £250.00 = £2,000.00)");
    CHECK_CONTAINS(f.v[0].next_step, "nothing is recovered automatically");
    CHECK_CONTAINS(f.v[0].next_step, "propose recovering £0.01");
    /* committed spending (unpaid wages and invoices) is not surplus */
    acc.balance = 260000;
    acc.committed = 10000;
    CHECK_INT(run(MON_SURPLUS, &s, &acc, D(2025, 8, 1), &f, &a), 0);
    acc.balance = 310000;
    CHECK_INT(run(MON_SURPLUS, &s, &acc, D(2025, 8, 1), &f, &a), 1);
    CHECK_INT(f.v[0].amount, 50000);
    CHECK_CONTAINS(f.v[0].reason, "after the £100.00 of wages and invoices still to pay");
    /* a council allowing 4 weeks */
    s.surplus_weeks = 4;
    acc.committed = 0;
    acc.balance = 150000;
    CHECK_INT(run(MON_SURPLUS, &s, &acc, D(2025, 8, 1), &f, &a), 0);
    acc.balance = 150001;
    CHECK_INT(run(MON_SURPLUS, &s, &acc, D(2025, 8, 1), &f, &a), 1);
    acc.weekly_amount = 0; /* nothing paid regularly: no ceiling to measure against */
    CHECK_INT(run(MON_SURPLUS, &s, &acc, D(2025, 8, 1), &f, &a), 0);
    monitor_flags_release(&f);
    arena_release(&a);
}

TEST(monitor_cash_per_day_threshold)
{
    struct monitor_settings s;
    struct monitor_account acc = account();
    struct monitor_flags f;
    struct arena a;
    struct statement_txn t[4];
    arena_init(&a, 0);
    monitor_flags_init(&f);
    monitor_settings_default(&s);
    acc.txns = t;
    t[0] = T(D(2025, 7, 1), -20000, "", "LINK ATM");
    t[1] = T(D(2025, 7, 1), -5000, "", "LINK ATM");
    t[2] = T(D(2025, 7, 2), -20000, "", "LINK ATM");
    t[3] = T(D(2025, 7, 3), -1, "", "LINK ATM");
    for (int i = 0; i < 4; i++)
        t[i].is_cash = true;
    acc.ntxns = 3; /* £250 on 1 July: exactly the limit */
    CHECK_INT(run(MON_CASH, &s, &acc, D(2025, 8, 1), &f, &a), 0);
    t[1].amount = -5001; /* £250.01 */
    CHECK_INT(run(MON_CASH, &s, &acc, D(2025, 8, 1), &f, &a), 1);
    CHECK_INT(f.v[0].amount, 25001);
    CHECK_INT(f.v[0].date, D(2025, 7, 1));
    CHECK_CONTAINS(f.v[0].reason, "£250.01 in cash was taken out on 1 July 2025 (2 withdrawals)");
    t[1].is_reversal = true; /* a withdrawal the bank reversed does not count */
    CHECK_INT(run(MON_CASH, &s, &acc, D(2025, 8, 1), &f, &a), 0);
    t[1].is_reversal = false;
    /* where cash is not allowed at all, any cash is raised, one flag a day */
    s.cash_allowed = false;
    acc.ntxns = 4;
    CHECK_INT(run(MON_CASH, &s, &acc, D(2025, 8, 1), &f, &a), 3);
    CHECK_CONTAINS(f.v[2].reason, "not part of this council's direct-payment agreements");
    monitor_flags_release(&f);
    arena_release(&a);
}

TEST(monitor_unknown_payees)
{
    struct monitor_settings s;
    struct monitor_account acc = account();
    struct monitor_flags f;
    struct arena a;
    struct statement_txn t[6];
    struct match_result m[6];
    arena_init(&a, 0);
    monitor_flags_init(&f);
    monitor_settings_default(&s);
    memset(m, 0, sizeof m);
    t[0] = T(D(2025, 7, 1), -1500, "Acme Supplies", "");
    t[1] = T(D(2025, 7, 8), -2500, "ACME SUPPLIES", "");
    t[2] = T(D(2025, 7, 9), -40000, "Bright Care Ltd", ""); /* matched */
    m[2].method = MATCH_PAYEE;
    m[2].plan_line_id = 2;
    t[3] = T(D(2025, 7, 9), 5000, "Someone", "");   /* money in */
    t[4] = T(D(2025, 7, 10), -1000, "", "CORNER SHOP"); /* at the minimum below */
    t[5] = T(D(2025, 7, 11), -3000, "", "LINK ATM");
    t[5].is_cash = true; /* cash is the cash rule's business */
    acc.txns = t;
    acc.matches = m;
    acc.ntxns = 6;
    s.unknown_payee_min = 1000;
    CHECK_INT(run(MON_UNKNOWN_PAYEE, &s, &acc, D(2025, 8, 1), &f, &a), 1);
    CHECK_INT(f.v[0].amount, 4000);
    CHECK_INT(f.v[0].severity, MON_LOW);
    CHECK_CONTAINS(f.v[0].reason, "2 payments totalling £40.00 went to \"Acme Supplies\"");
    t[4].amount = -1001; /* just above the minimum */
    CHECK_INT(run(MON_UNKNOWN_PAYEE, &s, &acc, D(2025, 8, 1), &f, &a), 2);
    m[0].payee_id = m[1].payee_id = 99; /* a known payee, even without a plan line */
    CHECK_INT(run(MON_UNKNOWN_PAYEE, &s, &acc, D(2025, 8, 1), &f, &a), 1);
    CHECK_CONTAINS(f.v[0].reason, "CORNER SHOP");
    monitor_flags_release(&f);
    arena_release(&a);
}

TEST(monitor_family_member_in_household)
{
    struct monitor_settings s;
    struct monitor_account acc = account();
    struct monitor_flags f;
    struct arena a;
    struct statement_txn t[3];
    struct match_result m[3];
    struct match_payee p[] = {{7, "Mary Smith (daughter)", NULL, 1,
                               PAYEE_PA | PAYEE_FAMILY_SAME_HOUSEHOLD},
                              {8, "Tom Smith (son, lives elsewhere)", NULL, 1, PAYEE_PA}};
    arena_init(&a, 0);
    monitor_flags_init(&f);
    monitor_settings_default(&s);
    memset(m, 0, sizeof m);
    t[0] = T(D(2025, 7, 4), -30000, "M SMITH", "");
    t[1] = T(D(2025, 7, 11), -30000, "M SMITH", "");
    t[2] = T(D(2025, 7, 11), -30000, "T SMITH", "");
    m[0].payee_id = m[1].payee_id = 7;
    m[2].payee_id = 8;
    acc.txns = t;
    acc.matches = m;
    acc.ntxns = 3;
    acc.payees = p;
    acc.npayees = 2;
    CHECK_INT(run(MON_FAMILY_PAYEE, &s, &acc, D(2025, 8, 1), &f, &a), 1);
    CHECK_INT(f.v[0].severity, MON_HIGH);
    CHECK_INT(f.v[0].amount, 60000);
    CHECK_INT(f.v[0].date, D(2025, 7, 11));
    CHECK_CONTAINS(f.v[0].reason, "regulation 3");
    CHECK_CONTAINS(f.v[0].reason, "Mary Smith (daughter)");
    p[0].flags |= PAYEE_AUTHORISED; /* the council decided it is necessary, and recorded it */
    CHECK_INT(run(MON_FAMILY_PAYEE, &s, &acc, D(2025, 8, 1), &f, &a), 0);
    monitor_flags_release(&f);
    arena_release(&a);
}

TEST(monitor_paye_quarters)
{
    day_t f, l;
    monitor_paye_quarter(D(2025, 4, 6), &f, &l);
    CHECK_INT(f, D(2025, 4, 6));
    CHECK_INT(l, D(2025, 7, 5));
    monitor_paye_quarter(D(2025, 7, 5), &f, &l);
    CHECK_INT(f, D(2025, 4, 6));
    monitor_paye_quarter(D(2026, 1, 5), &f, &l);
    CHECK_INT(f, D(2025, 10, 6));
    CHECK_INT(l, D(2026, 1, 5));
    monitor_paye_quarter(D(2026, 4, 5), &f, &l);
    CHECK_INT(f, D(2026, 1, 6));
    CHECK_INT(l, D(2026, 4, 5));
}

TEST(monitor_employer_without_hmrc_payment)
{
    struct monitor_settings s;
    struct monitor_account acc = account();
    struct monitor_flags f;
    struct arena a;
    struct statement_txn t[2];
    struct match_result m[2];
    struct match_payee p[] = {{12, "HMRC", NULL, 4, PAYEE_HMRC}};
    arena_init(&a, 0);
    monitor_flags_init(&f);
    monitor_settings_default(&s);
    memset(m, 0, sizeof m);
    acc.employs_pas = true;
    acc.employing_since = D(2025, 1, 1);
    acc.payees = p;
    acc.npayees = 1;
    acc.txns = t;
    acc.matches = m;
    acc.ntxns = 2;
    t[1] = T(D(2025, 7, 31), -41250, "ANNA JONES", ""); /* statements reach past the due date */
    /* On 1 August the quarter 6 April - 5 July is checked; its PAYE was due by 22 July. */
    t[0] = T(D(2025, 7, 22), -12000, "HMRC", "");
    m[0].payee_id = 12;
    CHECK_INT(run(MON_NO_HMRC, &s, &acc, D(2025, 8, 1), &f, &a), 0);
    t[0].date = D(2025, 7, 23); /* a day late: not shown for the quarter by its due date */
    CHECK_INT(run(MON_NO_HMRC, &s, &acc, D(2025, 8, 1), &f, &a), 1);
    CHECK_CONTAINS(f.v[0].reason, "PAYE quarter 6 April 2025 to 5 July 2025 (payment was due by "
                                  "22 July 2025)");
    CHECK_CONTAINS(f.v[0].next_step, "Nothing may be due");
    t[0].date = D(2025, 4, 22); /* the previous quarter's payment does not count */
    CHECK_INT(run(MON_NO_HMRC, &s, &acc, D(2025, 8, 1), &f, &a), 1);
    t[0].date = D(2025, 4, 23);
    CHECK_INT(run(MON_NO_HMRC, &s, &acc, D(2025, 8, 1), &f, &a), 0);
    /* recognised by the words on the statement even without a payee record */
    t[0] = T(D(2025, 7, 20), -12000, "", "DD HMRC CUMBERNAULD");
    m[0].payee_id = 0;
    CHECK_INT(run(MON_NO_HMRC, &s, &acc, D(2025, 8, 1), &f, &a), 0);
    t[0].amount = 12000; /* a refund from HMRC is not a payment to it */
    CHECK_INT(run(MON_NO_HMRC, &s, &acc, D(2025, 8, 1), &f, &a), 1);
    /* not employing for the whole quarter, or statements not reaching the due date: no flag */
    acc.employing_since = D(2025, 4, 7);
    CHECK_INT(run(MON_NO_HMRC, &s, &acc, D(2025, 8, 1), &f, &a), 0);
    acc.employing_since = D(2025, 1, 1);
    acc.balance_date = D(2025, 7, 20);
    t[1].date = D(2025, 7, 21);
    CHECK_INT(run(MON_NO_HMRC, &s, &acc, D(2025, 8, 1), &f, &a), 0);
    acc.employs_pas = false;
    acc.balance_date = D(2025, 8, 1);
    CHECK_INT(run(MON_NO_HMRC, &s, &acc, D(2025, 8, 1), &f, &a), 0);
    monitor_flags_release(&f);
    arena_release(&a);
}

TEST(monitor_no_spending_is_a_check_in)
{
    struct monitor_settings s;
    struct monitor_account acc = account();
    struct monitor_flags f;
    struct arena a;
    struct statement_txn t[2];
    day_t today = D(2025, 8, 1);
    arena_init(&a, 0);
    monitor_flags_init(&f);
    monitor_settings_default(&s);
    acc.balance = 400000;
    acc.txns = t;
    acc.ntxns = 2;
    t[0] = T(today - 55, -2000, "", "SHOP");
    t[1] = T(today - 10, 100000, "", "DEMO COUNCIL"); /* money in is not spending */
    CHECK_INT(run(MON_NO_SPENDING, &s, &acc, today, &f, &a), 0);
    t[0].date = today - 56; /* exactly 8 weeks */
    CHECK_INT(run(MON_NO_SPENDING, &s, &acc, today, &f, &a), 1);
    CHECK_INT(f.v[0].severity, MON_LOW);
    CHECK_CONTAINS(f.v[0].next_step, "This is not a sign of misuse");
    CHECK_CONTAINS(f.v[0].reason, "since 6 June 2025");
    /* nothing at all since a start 60 days ago */
    acc.ntxns = 0;
    acc.start = today - 60;
    CHECK_INT(run(MON_NO_SPENDING, &s, &acc, today, &f, &a), 1);
    CHECK_CONTAINS(f.v[0].reason, "since the direct payment started");
    acc.start = today - 55; /* too new to tell */
    CHECK_INT(run(MON_NO_SPENDING, &s, &acc, today, &f, &a), 0);
    monitor_flags_release(&f);
    arena_release(&a);
}

TEST(monitor_rules_switched_off_raise_nothing)
{
    struct monitor_settings s;
    struct monitor_account acc = account();
    struct monitor_flags f;
    struct arena a;
    struct err e = {0};
    arena_init(&a, 0);
    monitor_flags_init(&f);
    memset(&s, 0, sizeof s);
    acc.balance = 99999999;
    acc.start = D(2020, 1, 1);
    CHECK_INT(monitor_check(&s, &acc, D(2025, 8, 1), &a, &f, &e), 0);
    CHECK_INT(f.n, 0);
    monitor_settings_default(&s);
    CHECK_INT(monitor_check(&s, &acc, D(2025, 8, 1), &a, &f, &e), 0);
    CHECK_INT(f.n, 2); /* surplus and no spending */
    monitor_flags_release(&f);
    arena_release(&a);
}

TEST(monitor_worklist_order)
{
    struct monitor_flags f;
    struct monitor_flag x;
    monitor_flags_init(&f);
    memset(&x, 0, sizeof x);
    {
        static const struct {
            int64_t dp;
            enum monitor_rule r;
            enum monitor_severity s;
            int64_t amount;
        } in[] = {{1, MON_NO_SPENDING, MON_LOW, 900000},  {2, MON_SURPLUS, MON_MEDIUM, 5000},
                  {3, MON_FAMILY_PAYEE, MON_HIGH, 100},   {4, MON_CASH, MON_MEDIUM, 30000},
                  {5, MON_UNKNOWN_PAYEE, MON_LOW, 1000}};
        f.v = calloc(8, sizeof *f.v);
        f.cap = 8;
        for (size_t i = 0; i < 5; i++) {
            f.v[i].dp_id = in[i].dp;
            f.v[i].rule = in[i].r;
            f.v[i].severity = in[i].s;
            f.v[i].amount = in[i].amount;
        }
        f.n = 5;
    }
    monitor_sort_worklist(&f);
    CHECK_INT(f.v[0].dp_id, 3);
    CHECK_INT(f.v[1].dp_id, 4);
    CHECK_INT(f.v[2].dp_id, 2);
    CHECK_INT(f.v[3].dp_id, 1);
    CHECK_INT(f.v[4].dp_id, 5);
    CHECK_STR(monitor_rule_name(f.v[0].rule), "family-payee");
    CHECK_STR(monitor_severity_name(f.v[0].severity), "high");
    monitor_flags_release(&f);
}
