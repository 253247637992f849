/*
 * choice.h — the person's real choice of how to take their personal budget, and the record that
 * every way was offered (Care Act 2014 s.26 and s.31-33; brief §2.6 and §7.1).
 *
 * Why this exists: in the Essex study about one in four direct-payment users had never been
 * offered a council-managed budget, and choice was filtered by workers' informal views of who
 * could cope. So an arrangement is set up only when the system holds a record that *every* option
 * was offered (or, for one that cannot be, the specific reason from a fixed list), who offered it,
 * when, in what format, who was there, what the person chose and why.
 *
 * The options: a direct payment (DP), a council-managed personal budget, an individual service
 * fund (ISF) held by a provider the person names, or a mix with the budget split between them.
 * A mix is simply a choice with amounts on more than one option; the amounts must add up to the
 * budget exactly (the gate refuses otherwise, showing the difference).
 *
 * Invariants of a valid record (choice_validate):
 *   - each of the three options is either offered, or not available with a reason, never both;
 *   - the statutory reasons (lacks capacity and no suitable person; criminal-justice order; in
 *     prison) apply to the direct payment only; "other" needs words, for any option;
 *   - an option not available cannot be chosen; an ISF chosen names its provider;
 *   - amounts are pence a year, none negative.
 *
 * The plain-English and easy-read explanations of each option are data, not code
 * (data/content/options-en.json, options-easyread.json; loaded by src/io/choice_content.h).
 * Pure functions: no store, no clock (dates come in), no files.
 */
#ifndef SELFDIRECT_DOMAIN_CHOICE_H
#define SELFDIRECT_DOMAIN_CHOICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/date.h"

struct err;

enum choice_option {
    CHOICE_DIRECT_PAYMENT = 0,
    CHOICE_COUNCIL_MANAGED,
    CHOICE_ISF,
    CHOICE_OPTION_COUNT
};

enum choice_format {
    CHOICE_FORMAT_STANDARD = 0,
    CHOICE_FORMAT_EASY_READ,
    CHOICE_FORMAT_LARGE_PRINT,
    CHOICE_FORMAT_AUDIO,
    CHOICE_FORMAT_INTERPRETER,
    CHOICE_FORMAT_OTHER, /* format_other says what */
    CHOICE_FORMAT_COUNT
};

enum choice_unavailable {
    CHOICE_AVAILABLE = 0,
    /* s.32: the adult lacks capacity to request a DP and nobody suitable can be the authorised
     * person. */
    CHOICE_NA_LACKS_CAPACITY_NO_SUITABLE_PERSON,
    /* Care and Support (Direct Payments) Regulations 2014, Schedule: subject to a specified
     * criminal-justice drug or alcohol order or requirement. */
    CHOICE_NA_CRIMINAL_JUSTICE_ORDER,
    CHOICE_NA_IN_PRISON,
    CHOICE_NA_OTHER, /* unavailable_text gives the specific reason */
    CHOICE_UNAVAILABLE_COUNT
};

struct choice_offer {
    bool offered;                        /* explained and offered to the person */
    enum choice_unavailable unavailable; /* CHOICE_AVAILABLE when offered */
    const char *unavailable_text;        /* required for CHOICE_NA_OTHER; optional detail otherwise */
};

struct choice_record {
    const char *person_ref;
    const char *offered_by;      /* worker id of whoever explained the options */
    const char *offered_by_name;
    day_t offered_on;
    enum choice_format format;
    const char *format_other;    /* what, for CHOICE_FORMAT_OTHER */
    const char *const *present;  /* who was there: at least the person or their representative */
    size_t npresent;
    struct choice_offer offers[CHOICE_OPTION_COUNT];

    bool chosen;                           /* false: offered, person still deciding */
    int64_t amounts[CHOICE_OPTION_COUNT];  /* pence a year on each option; >0 on two or more = mix */
    const char *isf_provider;              /* required when amounts[CHOICE_ISF] > 0 */
    const char *reasons;                   /* the person's reasons, in their words */
};

const char *choice_option_id(enum choice_option o);    /* "direct_payment", "council_managed", "isf" */
const char *choice_option_title(enum choice_option o); /* "Direct payment", ... */
int choice_option_parse(const char *s, enum choice_option *o);
const char *choice_format_id(enum choice_format f);    /* "standard", "easy_read", ... */
const char *choice_format_title(enum choice_format f); /* "Easy read", ... */
int choice_format_parse(const char *s, enum choice_format *f);
const char *choice_unavailable_id(enum choice_unavailable u); /* "lacks_capacity_no_suitable_person" */
/* The reason in words for the person and the record ("is in prison: the law does not allow ..."). */
const char *choice_unavailable_text(enum choice_unavailable u);
int choice_unavailable_parse(const char *s, enum choice_unavailable *u);

/* Checks the invariants above; the first problem is reported with the field at fault. */
int choice_validate(const struct choice_record *rec, struct err *e);

/* Every option offered, or not available with a recorded reason. */
bool choice_all_accounted(const struct choice_record *rec);
/* Every option actually offered (the manager report's measure; a recorded reason still counts as
 * not offered there, so patterns of "not available" show). */
bool choice_all_offered(const struct choice_record *rec);
/* Number of options with an amount above zero; 2 or 3 is a mix. */
int choice_count_chosen(const struct choice_record *rec);
bool choice_is_mix(const struct choice_record *rec);
int64_t choice_total(const struct choice_record *rec); /* sum of amounts (saturating at INT64_MAX) */

/* The gate: may an arrangement of kind `arrangement` be set up for this person, whose agreed
 * budget is `budget_annual` pence a year, on `today`? Refuses (ERR_FORBIDDEN, with a message
 * saying exactly what is missing) when:
 *   - there is no record (rec NULL) of the options being offered;
 *   - any option was neither offered nor recorded as not available with a reason;
 *   - the record is invalid (choice_validate's message), or dated after today;
 *   - the person has not chosen yet;
 *   - the amounts chosen do not add up to the budget (says by how much);
 *   - nothing of the budget was chosen for this kind of arrangement.
 * Returns 0 when it may. */
int choice_can_set_up_arrangement(const struct choice_record *rec, int64_t budget_annual,
                                  enum choice_option arrangement, day_t today, struct err *e);

#endif
