/*
 * dp_agreement.h — the direct payment agreement: the written, mutually agreed responsibilities of
 * the person (or their nominated or authorised person) and the council, generated from the
 * support plan (brief §2.9, §3.2, §7.3: "agree responsibilities in writing").
 *
 * dp_agreement_build is a pure function from the plan, its costing, the person's recorded choice
 * and the council's settings to a document of headed sections of plain paragraphs: who the
 * agreement is between; what the money is for (the plan's direct-payment lines, with amounts);
 * how much is paid and when (net or gross, the person's contribution); the account; records to
 * keep and for how long; employer duties when the plan has PAs; review dates; what happens to
 * money left over; what the council will do if the arrangement fails; both sides' responsibilities;
 * ending the agreement; acceptance.
 *
 * It refuses (choice_can_set_up_arrangement) when there is no recorded offer of every option or
 * no direct payment was chosen, so a DP cannot be agreed with someone who was never offered the
 * alternatives. The agreement records the plan's content hash; accepting it
 * (dp_agreement_accept) requires the plan to be signed off and unchanged since the agreement was
 * made, and records who accepted, in what capacity, when, and the hash of the agreement's text.
 *
 * Money: the direct payment is the person's chosen DP amount a year; each payment is that / 52 x
 * the interval in weeks (nearest penny, halves up), and under a net payment the council pays that
 * less the person's contribution for the same weeks (never below zero), the person paying their
 * contribution into the account.
 *
 * Pure: no store, no clock. The document lives in the caller's arena.
 */
#ifndef SELFDIRECT_DOMAIN_DP_AGREEMENT_H
#define SELFDIRECT_DOMAIN_DP_AGREEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"
#include "domain/choice.h"
#include "domain/plan.h"

struct arena;
struct err;

enum dp_recipient {
    DP_RECIPIENT_PERSON = 0,
    DP_RECIPIENT_NOMINATED,  /* s.31: chosen by an adult with capacity, and agrees */
    DP_RECIPIENT_AUTHORISED, /* s.32: for an adult who lacks capacity */
};

enum dp_account {
    DP_ACCOUNT_BANK = 0,     /* a separate bank account used only for the direct payment */
    DP_ACCOUNT_PREPAID_CARD,
    DP_ACCOUNT_MANAGED,      /* a managed-account provider holds and pays out the money */
};

struct dp_agreement_settings {
    const char *council_name;
    const char *dp_team_contact;      /* phone or email of the direct payments team */
    const char *out_of_hours_phone;   /* for emergencies when support fails */
    const char *support_service;      /* the DP support service the person chose; may be NULL */
    int payment_interval_weeks;       /* usually 4; ignored when monthly */
    bool monthly;                     /* paid every calendar month instead of every N weeks */
    bool net;                         /* net (usual) or gross */
    int64_t contribution_weekly;      /* the person's assessed contribution, pence a week */
    int first_review_months;          /* DP reviewed within 6 months (DP Regs 2014 reg 7) */
    int review_interval_months;       /* then at most every 12 months */
    int surplus_weeks;                /* balance above this many weeks' payments may be reclaimed */
    int64_t contingency;              /* agreed buffer that may be kept on top, pence */
    int records_years;                /* keep records this many years (6-7 in practice) */
    int response_days;                /* days to send records when asked (28 in practice) */
};

struct dp_agreement_parties {
    const char *person_name;
    enum dp_recipient recipient;
    const char *recipient_name;       /* the nominated or authorised person; NULL for the person */
    enum dp_account account;
    const char *account_provider;     /* card or managed-account provider; may be NULL */
    day_t start_date;
};

struct dp_agreement_section {
    const char *heading;
    const char **paragraphs; /* each one paragraph; a paragraph starting "- " is a list item */
    size_t nparagraphs;
};

struct dp_agreement {
    const char *title;
    struct dp_agreement_section *sections;
    size_t nsections;
    char plan_hash[SIGNOFF_HASH_HEX];  /* the plan version it was made from */
    char hash[SIGNOFF_HASH_HEX];       /* of the agreement's whole text */
    enum dp_recipient recipient;       /* who manages the DP: who may accept */
    int64_t dp_annual;
    int64_t payment;                   /* each payment by the council */
    day_t first_review;
    day_t next_review;
};

/* Builds the agreement. Refuses as the choice gate does (ERR_FORBIDDEN) and for incomplete
 * settings (ERR_INVALID, field named). costing must be plan_cost's result for the same plan. */
int dp_agreement_build(const struct plan *p, const struct plan_costing *costing,
                       const struct choice_record *choice, int64_t budget_annual,
                       const struct dp_agreement_parties *parties,
                       const struct dp_agreement_settings *settings, day_t today, struct arena *a,
                       struct dp_agreement **out, struct err *e);

struct dp_acceptance {
    const char *by_name;
    enum dp_recipient capacity;
    day_t on;
    char agreement_hash[SIGNOFF_HASH_HEX];
    char plan_hash[SIGNOFF_HASH_HEX];
};

/* The person or their representative accepts the agreement in the system. Refused unless the plan
 * is signed off and its hash is still the one the agreement was made from (ERR_CONFLICT: make the
 * agreement again from the current plan), and the name is given. Who may accept: the person, or
 * the nominated person named in it; where an authorised person manages the DP (the person lacks
 * capacity), only the authorised person (ERR_FORBIDDEN otherwise). */
int dp_agreement_accept(const struct dp_agreement *ag, const struct plan *p, const char *by_name,
                        enum dp_recipient capacity, day_t on, struct dp_acceptance *out,
                        struct err *e);

#endif
