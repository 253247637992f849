/* choice.c — the record that every way of taking the budget was offered, and the gate on it. */
#include "domain/choice.h"

#include <string.h>

#include "base/err.h"
#include "base/money.h"

static const char *const option_ids[CHOICE_OPTION_COUNT] = {
    "direct_payment", "council_managed", "isf"};
static const char *const option_titles[CHOICE_OPTION_COUNT] = {
    "Direct payment", "Council-managed budget", "Individual service fund"};
static const char *const format_ids[CHOICE_FORMAT_COUNT] = {
    "standard", "easy_read", "large_print", "audio", "interpreter", "other"};
static const char *const format_titles[CHOICE_FORMAT_COUNT] = {
    "Standard", "Easy read", "Large print", "Audio", "Interpreter", "Other"};
static const char *const unavailable_ids[CHOICE_UNAVAILABLE_COUNT] = {
    "available", "lacks_capacity_no_suitable_person", "criminal_justice_order", "in_prison", "other"};
static const char *const unavailable_texts[CHOICE_UNAVAILABLE_COUNT] = {
    "available",
    "the person lacks capacity to ask for a direct payment and there is no suitable person to "
    "manage it for them (Care Act 2014 s.32)",
    "the person is subject to a criminal-justice order or requirement that excludes direct "
    "payments (Care and Support (Direct Payments) Regulations 2014)",
    "the person is in prison, where direct payments cannot be made",
    "another reason (recorded in words)"};

static bool blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

static int parse_id(const char *s, const char *const *ids, int n)
{
    if (!s)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(s, ids[i]) == 0)
            return i;
    return -1;
}

const char *choice_option_id(enum choice_option o)
{
    return (unsigned)o < CHOICE_OPTION_COUNT ? option_ids[o] : "unknown";
}

const char *choice_option_title(enum choice_option o)
{
    return (unsigned)o < CHOICE_OPTION_COUNT ? option_titles[o] : "Unknown option";
}

int choice_option_parse(const char *s, enum choice_option *o)
{
    int i = parse_id(s, option_ids, CHOICE_OPTION_COUNT);
    if (i < 0)
        return ERR_INVALID;
    *o = (enum choice_option)i;
    return 0;
}

const char *choice_format_id(enum choice_format f)
{
    return (unsigned)f < CHOICE_FORMAT_COUNT ? format_ids[f] : "unknown";
}

const char *choice_format_title(enum choice_format f)
{
    return (unsigned)f < CHOICE_FORMAT_COUNT ? format_titles[f] : "Unknown format";
}

int choice_format_parse(const char *s, enum choice_format *f)
{
    int i = parse_id(s, format_ids, CHOICE_FORMAT_COUNT);
    if (i < 0)
        return ERR_INVALID;
    *f = (enum choice_format)i;
    return 0;
}

const char *choice_unavailable_id(enum choice_unavailable u)
{
    return (unsigned)u < CHOICE_UNAVAILABLE_COUNT ? unavailable_ids[u] : "unknown";
}

const char *choice_unavailable_text(enum choice_unavailable u)
{
    return (unsigned)u < CHOICE_UNAVAILABLE_COUNT ? unavailable_texts[u] : "an unknown reason";
}

int choice_unavailable_parse(const char *s, enum choice_unavailable *u)
{
    int i = parse_id(s, unavailable_ids, CHOICE_UNAVAILABLE_COUNT);
    if (i < 0)
        return ERR_INVALID;
    *u = (enum choice_unavailable)i;
    return 0;
}

static bool statutory_dp_only(enum choice_unavailable u)
{
    return u == CHOICE_NA_LACKS_CAPACITY_NO_SUITABLE_PERSON || u == CHOICE_NA_CRIMINAL_JUSTICE_ORDER ||
           u == CHOICE_NA_IN_PRISON;
}

int choice_validate(const struct choice_record *rec, struct err *e)
{
    if (!rec)
        return err_set(e, ERR_INVALID, "There is no record of the options being offered.");
    if (blank(rec->person_ref))
        return err_set_field(e, ERR_INVALID, "person", "Say whose choice this is.");
    if (blank(rec->offered_by))
        return err_set_field(e, ERR_INVALID, "offered_by",
                             "Record who explained and offered the options.");
    if ((unsigned)rec->format >= CHOICE_FORMAT_COUNT)
        return err_set_field(e, ERR_INVALID, "format", "Choose the format the information was "
                                                       "given in.");
    if (rec->format == CHOICE_FORMAT_OTHER && blank(rec->format_other))
        return err_set_field(e, ERR_INVALID, "format_other",
                             "Say what format the information was given in.");
    if (rec->npresent == 0 || !rec->present)
        return err_set_field(e, ERR_INVALID, "present",
                             "Record who was there when the options were explained.");
    for (size_t i = 0; i < rec->npresent; i++)
        if (blank(rec->present[i]))
            return err_set_field(e, ERR_INVALID, "present", "A name in 'who was present' is blank.");

    for (int o = 0; o < CHOICE_OPTION_COUNT; o++) {
        const struct choice_offer *of = &rec->offers[o];
        const char *title = option_titles[o];
        if ((unsigned)of->unavailable >= CHOICE_UNAVAILABLE_COUNT)
            return err_set_field(e, ERR_INVALID, option_ids[o], "%s: the reason it is not "
                                 "available is not one we know.", title);
        if (of->offered && of->unavailable != CHOICE_AVAILABLE)
            return err_set_field(e, ERR_INVALID, option_ids[o],
                                 "%s is marked both as offered and as not available. Choose one.",
                                 title);
        if (statutory_dp_only(of->unavailable) && o != CHOICE_DIRECT_PAYMENT)
            return err_set_field(e, ERR_INVALID, option_ids[o],
                                 "%s: '%s' is a reason a direct payment cannot be made; it does not "
                                 "apply to this option. Offer it, or give the specific reason it is "
                                 "not available.",
                                 title, unavailable_texts[of->unavailable]);
        if (of->unavailable == CHOICE_NA_OTHER && blank(of->unavailable_text))
            return err_set_field(e, ERR_INVALID, option_ids[o],
                                 "%s: say specifically why it is not available to this person.",
                                 title);
        if (rec->amounts[o] < 0)
            return err_set_field(e, ERR_INVALID, option_ids[o],
                                 "%s: the amount cannot be negative.", title);
        if (rec->amounts[o] > MONEY_MAX_PENCE)
            return err_set_field(e, ERR_RANGE, option_ids[o], "%s: the amount is too large.", title);
        if (rec->amounts[o] > 0 && of->unavailable != CHOICE_AVAILABLE)
            return err_set_field(e, ERR_INVALID, option_ids[o],
                                 "%s was recorded as not available, so it cannot be chosen.", title);
        if (rec->amounts[o] > 0 && !rec->chosen)
            return err_set_field(e, ERR_INVALID, option_ids[o],
                                 "Amounts are given but the choice is not marked as made.");
    }
    if (rec->chosen) {
        if (choice_count_chosen(rec) == 0)
            return err_set_field(e, ERR_INVALID, "amounts",
                                 "The choice is marked as made, but no amount is on any option.");
        if (rec->amounts[CHOICE_ISF] > 0 && blank(rec->isf_provider))
            return err_set_field(e, ERR_INVALID, "isf_provider",
                                 "Name the provider who will hold the individual service fund.");
        if (blank(rec->reasons))
            return err_set_field(e, ERR_INVALID, "reasons",
                                 "Write the person's reasons for their choice in their words "
                                 "(or that they did not want to say).");
    }
    return 0;
}

bool choice_all_accounted(const struct choice_record *rec)
{
    if (!rec)
        return false;
    for (int o = 0; o < CHOICE_OPTION_COUNT; o++) {
        const struct choice_offer *of = &rec->offers[o];
        if (of->offered && of->unavailable == CHOICE_AVAILABLE)
            continue;
        if (!of->offered && of->unavailable != CHOICE_AVAILABLE &&
            (of->unavailable != CHOICE_NA_OTHER || !blank(of->unavailable_text)))
            continue;
        return false;
    }
    return true;
}

bool choice_all_offered(const struct choice_record *rec)
{
    if (!rec)
        return false;
    for (int o = 0; o < CHOICE_OPTION_COUNT; o++)
        if (!rec->offers[o].offered || rec->offers[o].unavailable != CHOICE_AVAILABLE)
            return false;
    return true;
}

int choice_count_chosen(const struct choice_record *rec)
{
    int n = 0;
    if (!rec || !rec->chosen)
        return 0;
    for (int o = 0; o < CHOICE_OPTION_COUNT; o++)
        if (rec->amounts[o] > 0)
            n++;
    return n;
}

bool choice_is_mix(const struct choice_record *rec)
{
    return choice_count_chosen(rec) >= 2;
}

int64_t choice_total(const struct choice_record *rec)
{
    int64_t t = 0;
    for (int o = 0; rec && o < CHOICE_OPTION_COUNT; o++)
        if (rec->amounts[o] > 0 && money_add(t, rec->amounts[o], &t) != 0)
            return INT64_MAX;
    return t;
}

int choice_can_set_up_arrangement(const struct choice_record *rec, int64_t budget_annual,
                                  enum choice_option arrangement, day_t today, struct err *e)
{
    char have[MONEY_FMT_SIZE], want[MONEY_FMT_SIZE], diff[MONEY_FMT_SIZE];
    struct err inner;
    int64_t total;

    if ((unsigned)arrangement >= CHOICE_OPTION_COUNT)
        return err_set(e, ERR_INVALID, "Unknown kind of arrangement.");
    if (!rec)
        return err_set(e, ERR_FORBIDDEN,
                       "This arrangement cannot be set up: there is no record that the person was "
                       "offered every way of taking their budget. Record the offer of a direct "
                       "payment, a council-managed budget and an individual service fund (or the "
                       "specific reason one is not available), who explained them, when, in what "
                       "format and who was there, and the person's choice.");
    if (!choice_all_accounted(rec)) {
        const char *missing[CHOICE_OPTION_COUNT];
        size_t n = 0;
        for (int o = 0; o < CHOICE_OPTION_COUNT; o++) {
            const struct choice_offer *of = &rec->offers[o];
            bool ok = (of->offered && of->unavailable == CHOICE_AVAILABLE) ||
                      (!of->offered && of->unavailable != CHOICE_AVAILABLE &&
                       (of->unavailable != CHOICE_NA_OTHER || !blank(of->unavailable_text)));
            if (!ok)
                missing[n++] = option_titles[o];
        }
        return err_set(e, ERR_FORBIDDEN,
                       "This arrangement cannot be set up: the record does not show that every "
                       "option was offered. Not offered, and no reason recorded: %s%s%s%s%s. Offer "
                       "%s, or record the specific reason %s not available.",
                       n > 0 ? missing[0] : "", n > 1 ? (n > 2 ? ", " : " and ") : "",
                       n > 1 ? missing[1] : "", n > 2 ? " and " : "", n > 2 ? missing[2] : "",
                       n > 1 ? "them" : "it", n > 1 ? "each is" : "it is");
    }
    err_clear(&inner);
    if (choice_validate(rec, &inner) != 0)
        return err_set_field(e, ERR_FORBIDDEN, inner.field,
                             "This arrangement cannot be set up until the record of the offer is "
                             "complete: %s", inner.msg);
    if (rec->offered_on > today)
        return err_set_field(e, ERR_FORBIDDEN, "offered_on",
                             "This arrangement cannot be set up: the offer is dated after today.");
    if (!rec->chosen)
        return err_set(e, ERR_FORBIDDEN,
                       "This arrangement cannot be set up yet: the person has been offered the "
                       "options but has not chosen. Record their choice and reasons first.");
    total = choice_total(rec);
    if (total != budget_annual) {
        money_format(total, MONEY_FMT_POUND, have, sizeof have);
        money_format(budget_annual, MONEY_FMT_POUND, want, sizeof want);
        money_format(total > budget_annual ? total - budget_annual : budget_annual - total,
                     MONEY_FMT_POUND, diff, sizeof diff);
        return err_set_field(e, ERR_FORBIDDEN, "amounts",
                             "This arrangement cannot be set up: the amounts chosen add up to %s a "
                             "year but the budget is %s a year (%s %s). Change the split so it adds "
                             "up to the budget.",
                             have, want, diff, total > budget_annual ? "too much" : "not allocated");
    }
    if (rec->amounts[arrangement] <= 0)
        return err_set(e, ERR_FORBIDDEN,
                       "This arrangement cannot be set up: the person did not choose a %s for any "
                       "part of their budget.",
                       arrangement == CHOICE_DIRECT_PAYMENT   ? "direct payment"
                       : arrangement == CHOICE_COUNCIL_MANAGED ? "council-managed budget"
                                                               : "individual service fund");
    return 0;
}
