/* dp_agreement.c — the direct payment agreement text, generated from the plan (see the header). */
#include "domain/dp_agreement.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"

struct builder {
    struct arena *a;
    struct dp_agreement *ag;
    size_t scap;
    size_t pcap; /* paragraphs capacity of the current section */
    bool nomem;
};

static bool blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

static void section(struct builder *b, const char *heading)
{
    struct dp_agreement *ag = b->ag;
    if (b->nomem)
        return;
    if (ag->nsections == b->scap) {
        size_t ncap = b->scap ? b->scap * 2 : 16;
        struct dp_agreement_section *s = arena_array(b->a, ncap, sizeof *s);
        if (!s) {
            b->nomem = true;
            return;
        }
        if (ag->nsections)
            memcpy(s, ag->sections, ag->nsections * sizeof *s);
        ag->sections = s;
        b->scap = ncap;
    }
    ag->sections[ag->nsections++] = (struct dp_agreement_section){heading, NULL, 0};
    b->pcap = 0;
}

static void para(struct builder *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void para(struct builder *b, const char *fmt, ...)
{
    struct dp_agreement_section *s;
    char tmp[2048];
    va_list ap;
    int n;
    if (b->nomem || b->ag->nsections == 0)
        return;
    s = &b->ag->sections[b->ag->nsections - 1];
    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof tmp) {
        b->nomem = true; /* a paragraph never needs 2 KB; treat as a failure rather than cut it */
        return;
    }
    if (s->nparagraphs == b->pcap) {
        size_t ncap = b->pcap ? b->pcap * 2 : 8;
        const char **p = arena_array(b->a, ncap, sizeof *p);
        if (!p) {
            b->nomem = true;
            return;
        }
        if (s->nparagraphs)
            memcpy(p, s->paragraphs, s->nparagraphs * sizeof *p);
        s->paragraphs = p;
        b->pcap = ncap;
    }
    if (!(s->paragraphs[s->nparagraphs] = arena_strdup(b->a, tmp))) {
        b->nomem = true;
        return;
    }
    s->nparagraphs++;
}

static const char *pounds(struct arena *a, int64_t pence)
{
    char b[MONEY_FMT_SIZE];
    money_format(pence, MONEY_FMT_POUND, b, sizeof b);
    return arena_strdup(a, b);
}

static const char *long_date(struct arena *a, day_t d)
{
    char b[48];
    date_format_long(d, b, sizeof b);
    return arena_strdup(a, b);
}

static const char *outcome_text(const struct plan *p, const char *id)
{
    for (size_t i = 0; i < p->noutcomes; i++)
        if (p->outcomes[i].id && id && strcmp(p->outcomes[i].id, id) == 0)
            return p->outcomes[i].text;
    return id;
}

static int check_settings(const struct dp_agreement_parties *pt, const struct dp_agreement_settings *s,
                          struct err *e)
{
    if (blank(s->council_name))
        return err_set_field(e, ERR_INVALID, "council_name", "The council's name is missing.");
    if (blank(s->dp_team_contact))
        return err_set_field(e, ERR_INVALID, "dp_team_contact",
                             "The direct payments team's contact details are missing.");
    if (blank(s->out_of_hours_phone))
        return err_set_field(e, ERR_INVALID, "out_of_hours_phone",
                             "The out-of-hours phone number is missing: the agreement must say "
                             "whom to call if support breaks down.");
    if (!s->monthly && (s->payment_interval_weeks < 1 || s->payment_interval_weeks > 13))
        return err_set_field(e, ERR_INVALID, "payment_interval_weeks",
                             "Payments are made every 1 to 13 weeks.");
    if (s->contribution_weekly < 0 || s->contingency < 0)
        return err_set_field(e, ERR_INVALID, "contribution_weekly", "Amounts cannot be negative.");
    if (s->first_review_months < 1 || s->first_review_months > 6)
        return err_set_field(e, ERR_INVALID, "first_review_months",
                             "The first review of a direct payment is within 6 months.");
    if (s->review_interval_months < 1 || s->review_interval_months > 12)
        return err_set_field(e, ERR_INVALID, "review_interval_months",
                             "Direct payments are reviewed at least every 12 months.");
    if (s->surplus_weeks < 1 || s->records_years < 1 || s->response_days < 1)
        return err_set_field(e, ERR_INVALID, "surplus_weeks",
                             "The surplus weeks, years to keep records and days to respond must "
                             "all be set.");
    if (blank(pt->person_name))
        return err_set_field(e, ERR_INVALID, "person_name", "The person's name is missing.");
    if (pt->recipient != DP_RECIPIENT_PERSON && blank(pt->recipient_name))
        return err_set_field(e, ERR_INVALID, "recipient_name",
                             "Name the nominated or authorised person who will manage the direct "
                             "payment.");
    if (pt->account == DP_ACCOUNT_MANAGED && blank(pt->account_provider))
        return err_set_field(e, ERR_INVALID, "account_provider",
                             "Name the managed-account provider.");
    return 0;
}

static void hash_text(struct dp_agreement *ag)
{
    struct signoff_hasher h;
    char len[32];
    signoff_hasher_init(&h);
#define HS(s)                                                                                      \
    do {                                                                                           \
        int n_ = snprintf(len, sizeof len, "%zu:", strlen(s));                                     \
        signoff_hasher_add(&h, len, (size_t)n_);                                                   \
        signoff_hasher_add(&h, (s), strlen(s));                                                    \
    } while (0)
    HS(ag->title);
    HS(ag->plan_hash);
    for (size_t i = 0; i < ag->nsections; i++) {
        HS(ag->sections[i].heading);
        for (size_t j = 0; j < ag->sections[i].nparagraphs; j++)
            HS(ag->sections[i].paragraphs[j]);
    }
#undef HS
    signoff_hasher_finish(&h, ag->hash);
}

int dp_agreement_build(const struct plan *p, const struct plan_costing *costing,
                       const struct choice_record *choice, int64_t budget_annual,
                       const struct dp_agreement_parties *pt,
                       const struct dp_agreement_settings *s, day_t today, struct arena *a,
                       struct dp_agreement **out, struct err *e)
{
    struct builder b;
    struct dp_agreement *ag;
    const char *who, *you_name, *council;
    int64_t dp_lines = 0, pa_cost_total = 0, contrib_period = 0, gross_payment;
    size_t npa = 0;
    int rc;

    *out = NULL;
    if ((rc = choice_can_set_up_arrangement(choice, budget_annual, CHOICE_DIRECT_PAYMENT, today, e)) != 0)
        return rc;
    if ((rc = check_settings(pt, s, e)) != 0)
        return rc;
    if (!costing || costing->nlines != p->nlines)
        return err_set(e, ERR_INVALID, "The plan must be costed before the agreement is made.");
    dp_lines = costing->by_option[CHOICE_DIRECT_PAYMENT];
    if (dp_lines == 0)
        return err_set(e, ERR_INVALID, "No line of the plan is paid for by the direct payment, so "
                                       "there is nothing for the agreement to cover. Mark which "
                                       "lines the direct payment pays for.");
    if (dp_lines > choice->amounts[CHOICE_DIRECT_PAYMENT])
        return err_set(e, ERR_INVALID, "The plan puts %s a year on the direct payment, but the "
                                       "person chose %s for it. Change the plan or the choice first.",
                       pounds(a, dp_lines), pounds(a, choice->amounts[CHOICE_DIRECT_PAYMENT]));

    ag = arena_zalloc(a, sizeof *ag);
    if (!ag)
        return err_set(e, ERR_NOMEM, "Out of memory.");
    if ((rc = plan_hash(p, ag->plan_hash, e)) != 0)
        return rc;
    memset(&b, 0, sizeof b);
    b.a = a;
    b.ag = ag;
    ag->recipient = pt->recipient;
    ag->dp_annual = choice->amounts[CHOICE_DIRECT_PAYMENT];
    /* Monthly: a twelfth of the year's money, and of 52 weeks' contribution. */
    if (s->monthly ? (money_muldiv(ag->dp_annual, 1, 12, ROUND_HALF_UP, &gross_payment) != 0 ||
                      money_muldiv(s->contribution_weekly, 52, 12, ROUND_HALF_UP,
                                   &contrib_period) != 0)
                   : (money_muldiv(ag->dp_annual, s->payment_interval_weeks, 52, ROUND_HALF_UP,
                                   &gross_payment) != 0 ||
                      money_mul(s->contribution_weekly, s->payment_interval_weeks,
                                &contrib_period) != 0))
        return err_set(e, ERR_RANGE, "The amounts are too large.");
    ag->payment = s->net ? (gross_payment > contrib_period ? gross_payment - contrib_period : 0)
                         : gross_payment;
    ag->first_review = date_add_months(pt->start_date, s->first_review_months);
    ag->next_review = date_add_months(ag->first_review, s->review_interval_months);
    council = s->council_name;
    you_name = pt->recipient == DP_RECIPIENT_PERSON ? pt->person_name : pt->recipient_name;
    who = pt->recipient == DP_RECIPIENT_PERSON
              ? ""
              : arena_printf(a, ", and %s, who manages the direct payment for %s as their %s "
                                "person",
                             pt->recipient_name, pt->person_name,
                             pt->recipient == DP_RECIPIENT_NOMINATED ? "nominated" : "authorised");
    ag->title = arena_printf(a, "Direct payment agreement: %s", pt->person_name);
    if (!who || !ag->title)
        return err_set(e, ERR_NOMEM, "Out of memory.");

    section(&b, "About this agreement");
    para(&b, "This agreement is between %s and %s%s. In it, \"you\" means %s.", council,
         pt->person_name, who, you_name);
    para(&b, "It starts on %s. It goes with %s's support plan, version %d (reference %.12s). The "
             "direct payment is to meet the needs and reach the outcomes in that plan, in the way "
             "the plan describes.",
         long_date(a, pt->start_date), pt->person_name, p->version, ag->plan_hash);

    section(&b, "What the money is for");
    para(&b, "The direct payment is %s a year. It pays for these parts of the support plan:",
         pounds(a, ag->dp_annual));
    for (size_t i = 0; i < p->nlines; i++) {
        const struct plan_line *l = &p->lines[i];
        const struct plan_line_cost *lc = &costing->lines[i];
        const char *meets = "";
        if (l->managed_by != CHOICE_DIRECT_PAYMENT)
            continue;
        if (l->kind == PLAN_LINE_PA_HOURS) {
            npa++;
            pa_cost_total += lc->annual;
        }
        for (size_t k = 0; k < l->noutcomes; k++)
            meets = arena_printf(a, "%s%s\"%s\"", meets, k ? ", " : " (for ",
                                 outcome_text(p, l->outcomes[k]));
        if (l->noutcomes)
            meets = arena_printf(a, "%s)", meets);
        if (lc->one_off > 0)
            para(&b, "- %s: %s, once%s.", l->description, pounds(a, lc->one_off), meets ? meets : "");
        else if (lc->annual > 0)
            para(&b, "- %s: %s a year%s.", l->description, pounds(a, lc->annual), meets ? meets : "");
        else
            para(&b, "- %s: no cost%s.", l->description, meets ? meets : "");
    }
    para(&b, "You can change how you use the money as long as it still meets the outcomes in your "
             "plan; talk to the council first about big changes. The money must not be used for "
             "anything illegal, or for things the plan does not cover, such as everyday food and "
             "bills, rent or mortgage, alcohol, tobacco or gambling.");

    section(&b, "How much is paid, and when");
    if (s->monthly)
        para(&b, "The council pays %s every month, in advance, into the account described below.",
             pounds(a, ag->payment));
    else
        para(&b, "The council pays %s every %d week%s, in advance, into the account described "
                 "below.",
             pounds(a, ag->payment), s->payment_interval_weeks,
             s->payment_interval_weeks == 1 ? "" : "s");
    if (s->contribution_weekly == 0)
        para(&b, "You do not pay a contribution towards the cost of your support.");
    else if (s->net && s->monthly)
        para(&b, "This is a net payment: the council pays its share and you pay your contribution of "
                 "%s a week (%s a month) into the account yourself, on time, so the account always "
                 "has enough to pay for your support.",
             pounds(a, s->contribution_weekly), pounds(a, contrib_period));
    else if (s->net)
        para(&b, "This is a net payment: the council pays its share and you pay your contribution of "
                 "%s a week (%s every %d weeks) into the account yourself, on time, so the account "
                 "always has enough to pay for your support.",
             pounds(a, s->contribution_weekly), pounds(a, contrib_period), s->payment_interval_weeks);
    else
        para(&b, "This is a gross payment: the council pays the whole amount and sends you a bill "
                 "for your contribution of %s a week.",
             pounds(a, s->contribution_weekly));

    section(&b, "The account");
    switch (pt->account) {
    case DP_ACCOUNT_BANK:
        para(&b, "You keep the direct payment in a separate bank account that is used only for "
                 "it. Do not mix it with your own money.");
        break;
    case DP_ACCOUNT_PREPAID_CARD:
        para(&b, "The money is paid onto a prepaid card%s%s. The council can see the card's "
                 "transactions, so you do not have to send it bank statements.",
             pt->account_provider ? " from " : "", pt->account_provider ? pt->account_provider : "");
        break;
    case DP_ACCOUNT_MANAGED:
        para(&b, "%s holds the money in a managed account and pays your personal assistants, HMRC "
                 "and bills for you. You still decide how the money is used.",
             pt->account_provider);
        break;
    }

    section(&b, "Records to keep");
    para(&b, "Keep these records for %d years, and send copies to the council within %d days when "
             "it asks:",
         s->records_years, s->response_days);
    if (pt->account == DP_ACCOUNT_BANK)
        para(&b, "- statements for the direct payment account;");
    para(&b, "- receipts and invoices for everything the money pays for;");
    if (npa > 0) {
        para(&b, "- timesheets and payslips for your personal assistants, and your payroll records "
                 "for HMRC;");
        para(&b, "- your employer's liability insurance certificate, employment contracts, and any "
                 "DBS checks;");
    }
    if (s->net && s->contribution_weekly > 0)
        para(&b, "- proof that you paid your contribution into the account.");

    if (npa > 0) {
        section(&b, "If you employ personal assistants");
        para(&b, "The plan includes %zu personal assistant%s. You are their employer. The plan "
                 "costs them at the full cost to an employer, %s a year, which includes holiday "
                 "pay, employer National Insurance and pension.",
             npa, npa == 1 ? "" : "s", pounds(a, pa_cost_total));
        para(&b, "As an employer you must:");
        para(&b, "- give each PA a written contract and a payslip every payday;");
        para(&b, "- register as an employer with HMRC and report pay every payday (a payroll service "
                 "can do this for you, but you stay responsible);");
        para(&b, "- pay at least the National Living Wage or National Minimum Wage for their age, "
                 "and paid holiday;");
        para(&b, "- put eligible PAs into a workplace pension and tell The Pensions Regulator you "
                 "have done so;");
        para(&b, "- have employer's liability insurance;");
        para(&b, "- check they have the right to work in the UK, and do a health and safety risk "
                 "assessment;");
        para(&b, "- get an enhanced DBS check with the adults' barred list, or record why you "
                 "decided not to (an authorised person must check anyone they pay).");
        if (!blank(s->support_service))
            para(&b, "%s can help with recruiting, payroll and being an employer.",
                 s->support_service);
    }

    section(&b, "Reviews");
    para(&b, "The council will review with you how the direct payment is working by %s, and then "
             "at least every %d months (the next by %s). You can ask for a review at any time, "
             "for example if your needs change.",
         long_date(a, ag->first_review), s->review_interval_months, long_date(a, ag->next_review));

    section(&b, "Money left over");
    {
        int64_t weeks_amount = 0;
        if (money_muldiv(ag->dp_annual, s->surplus_weeks, 52, ROUND_HALF_UP, &weeks_amount) != 0)
            return err_set(e, ERR_RANGE, "The amounts are too large.");
        para(&b, "Money can build up for good reasons. If the account holds more than %d weeks' "
                 "direct payment (%s) plus the agreed contingency of %s, not counting wages and "
                 "bills that are due, the council will first talk to you about why: it may mean "
                 "your support is not working. It may then ask for the extra back, or pay less "
                 "for a while.",
             s->surplus_weeks, pounds(a, weeks_amount), pounds(a, s->contingency));
    }

    section(&b, "If things go wrong");
    para(&b, "If your support breaks down (for example a PA is ill and no cover can be found) and "
             "your needs cannot be met safely, phone %s at any time. The council will make sure your "
             "eligible needs are met without a gap: it may arrange care for a while, help you find "
             "new support, or review the direct payment with you.",
         s->out_of_hours_phone);
    para(&b, "If a payroll, card or managed-account provider you use stops working, tell the "
             "council straight away: your PAs must still be paid and the council will help.");
    if (!blank(p->sections[PLAN_SEC_CONTINGENCY]))
        para(&b, "Your plan says what you will do first: %s", p->sections[PLAN_SEC_CONTINGENCY]);

    section(&b, "Your responsibilities");
    para(&b, "- use the direct payment only for the support in your plan;");
    para(&b, "- keep the records above and send them when asked;");
    if (s->net && s->contribution_weekly > 0)
        para(&b, "- pay your contribution into the account;");
    para(&b, "- tell the council about changes: if your needs change, you go into hospital or "
             "move, or you find it hard to manage the direct payment;");
    para(&b, "- not pay a close relative who lives with you, unless the council has agreed it is "
             "necessary;");
    para(&b, "- meet your duties as an employer if you employ personal assistants.");

    section(&b, "The council's responsibilities");
    para(&b, "- pay the direct payment in full and on time;");
    para(&b, "- explain how the amount was worked out, and how to challenge it;");
    para(&b, "- tell you about support services that can help you manage the direct payment%s%s;",
         blank(s->support_service) ? "" : ", including ",
         blank(s->support_service) ? "" : s->support_service);
    para(&b, "- review the direct payment with you on time, and whenever you ask;");
    para(&b, "- let you use the money flexibly to meet your outcomes, without unreasonable "
             "restrictions;");
    para(&b, "- give you notice in writing, with reasons, before changing or stopping the direct "
             "payment, except in an emergency;");
    para(&b, "- answer your questions: contact the direct payments team on %s.", s->dp_team_contact);

    section(&b, "Ending the agreement");
    para(&b, "You can stop the direct payment at any time by telling the council; it will arrange "
             "your support another way without a gap. The council can stop it only if the legal "
             "conditions for direct payments are no longer met or the money is not used for your "
             "needs, and will tell you why in writing. Money not spent on your support may have to "
             "be paid back.");

    section(&b, "Agreement");
    para(&b, "By accepting this agreement, %s and %s agree to the responsibilities above. The "
             "acceptance is recorded with the date and this agreement's reference.",
         you_name, council);

    if (b.nomem)
        return err_set(e, ERR_NOMEM, "Out of memory while writing the agreement.");
    hash_text(ag);
    *out = ag;
    return 0;
}

int dp_agreement_accept(const struct dp_agreement *ag, const struct plan *p, const char *by_name,
                        enum dp_recipient capacity, day_t on, struct dp_acceptance *out,
                        struct err *e)
{
    char h[SIGNOFF_HASH_HEX];
    int rc;
    memset(out, 0, sizeof *out);
    if (p->status != PLAN_SIGNED_OFF)
        return err_set(e, ERR_CONFLICT, "The support plan must be signed off before the direct "
                                        "payment agreement can be accepted.");
    if ((rc = plan_hash(p, h, e)) != 0)
        return rc;
    if (strcmp(h, ag->plan_hash) != 0)
        return err_set(e, ERR_CONFLICT, "The plan has changed since this agreement was made from "
                                        "it. Make the agreement again from the current plan.");
    if (blank(by_name))
        return err_set_field(e, ERR_INVALID, "by_name", "Give the name of the person accepting.");
    if (ag->recipient == DP_RECIPIENT_AUTHORISED ? capacity != DP_RECIPIENT_AUTHORISED
                                                 : (capacity != DP_RECIPIENT_PERSON &&
                                                    capacity != ag->recipient))
        return err_set(e, ERR_FORBIDDEN,
                       ag->recipient == DP_RECIPIENT_AUTHORISED
                           ? "This direct payment is managed by an authorised person, so they must "
                             "accept the agreement."
                           : "Only the person, or the nominated person named in the agreement, can "
                             "accept it.");
    out->by_name = by_name;
    out->capacity = capacity;
    out->on = on;
    memcpy(out->agreement_hash, ag->hash, SIGNOFF_HASH_HEX);
    memcpy(out->plan_hash, ag->plan_hash, SIGNOFF_HASH_HEX);
    return 0;
}
