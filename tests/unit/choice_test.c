/* The record that every option was offered, and the gate on setting up an arrangement. */
#include "base/err.h"
#include "domain/choice.h"
#include "../check.h"

static const char *const present[] = {"Ann Smith (the person)", "Bill Smith (brother)"};

/* Every option offered; the person chose a mix: £10,000 DP, £6,000 ISF with Good Lives Ltd. */
static struct choice_record offered_all(void)
{
    struct choice_record r = {
        .person_ref = "P001", .offered_by = "sw1", .offered_by_name = "Sam Jones",
        .offered_on = 20000, .format = CHOICE_FORMAT_EASY_READ, .present = present, .npresent = 2,
        .chosen = true, .isf_provider = "Good Lives Ltd",
        .reasons = "I want to choose my own PA, and Good Lives already help me on Tuesdays.",
    };
    for (int o = 0; o < CHOICE_OPTION_COUNT; o++)
        r.offers[o].offered = true;
    r.amounts[CHOICE_DIRECT_PAYMENT] = 1000000;
    r.amounts[CHOICE_ISF] = 600000;
    return r;
}

TEST(choice_gate_refuses_without_record)
{
    struct err e = {0};
    CHECK_INT(choice_can_set_up_arrangement(NULL, 1600000, CHOICE_DIRECT_PAYMENT, 20001, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "no record that the person was offered every way of taking their budget");
}

TEST(choice_gate_allows_complete_mix)
{
    struct err e = {0};
    struct choice_record r = offered_all();
    CHECK_INT(choice_validate(&r, &e), 0);
    CHECK(choice_all_offered(&r));
    CHECK(choice_all_accounted(&r));
    CHECK(choice_is_mix(&r));
    CHECK_INT(choice_count_chosen(&r), 2);
    CHECK_INT(choice_total(&r), 1600000);
    CHECK_INT(choice_can_set_up_arrangement(&r, 1600000, CHOICE_DIRECT_PAYMENT, 20001, &e), 0);
    CHECK_INT(choice_can_set_up_arrangement(&r, 1600000, CHOICE_ISF, 20001, &e), 0);
    /* Nothing was chosen for a council-managed budget. */
    CHECK_INT(choice_can_set_up_arrangement(&r, 1600000, CHOICE_COUNCIL_MANAGED, 20001, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "did not choose a council-managed budget");
}

/* The Essex finding: a council-managed budget never offered. */
TEST(choice_gate_refuses_option_not_offered)
{
    struct err e = {0};
    struct choice_record r = offered_all();
    r.offers[CHOICE_COUNCIL_MANAGED].offered = false;
    CHECK(!choice_all_accounted(&r));
    CHECK_INT(choice_can_set_up_arrangement(&r, 1600000, CHOICE_DIRECT_PAYMENT, 20001, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "Not offered, and no reason recorded: Council-managed budget.");
    err_clear(&e);
    r.offers[CHOICE_ISF].offered = false;
    CHECK_INT(choice_can_set_up_arrangement(&r, 1600000, CHOICE_DIRECT_PAYMENT, 20001, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "Council-managed budget and Individual service fund");
}

/* A DP not available for a statutory reason still lets a council-managed budget be set up. */
TEST(choice_statutory_reason_accounts_for_dp)
{
    struct err e = {0};
    struct choice_record r = offered_all();
    r.offers[CHOICE_DIRECT_PAYMENT].offered = false;
    r.offers[CHOICE_DIRECT_PAYMENT].unavailable = CHOICE_NA_CRIMINAL_JUSTICE_ORDER;
    r.amounts[CHOICE_DIRECT_PAYMENT] = 0;
    r.amounts[CHOICE_COUNCIL_MANAGED] = 1000000;
    CHECK(choice_all_accounted(&r));
    CHECK(!choice_all_offered(&r)); /* counted as not offered in the manager report */
    CHECK_INT(choice_can_set_up_arrangement(&r, 1600000, CHOICE_COUNCIL_MANAGED, 20001, &e), 0);
    CHECK_INT(choice_can_set_up_arrangement(&r, 1600000, CHOICE_DIRECT_PAYMENT, 20001, &e), ERR_FORBIDDEN);
}

TEST(choice_unavailable_option_cannot_be_chosen)
{
    struct err e = {0};
    struct choice_record r = offered_all();
    r.offers[CHOICE_DIRECT_PAYMENT].offered = false;
    r.offers[CHOICE_DIRECT_PAYMENT].unavailable = CHOICE_NA_IN_PRISON;
    CHECK_INT(choice_validate(&r, &e), ERR_INVALID);
    CHECK_STR(e.field, "direct_payment");
    CHECK_CONTAINS(e.msg, "cannot be chosen");
}

/* The statutory reasons are DP reasons; an ISF needs its own specific reason. */
TEST(choice_statutory_reason_only_for_dp)
{
    struct err e = {0};
    struct choice_record r = offered_all();
    r.amounts[CHOICE_ISF] = 0;
    r.amounts[CHOICE_DIRECT_PAYMENT] = 1600000;
    r.offers[CHOICE_ISF].offered = false;
    r.offers[CHOICE_ISF].unavailable = CHOICE_NA_LACKS_CAPACITY_NO_SUITABLE_PERSON;
    CHECK_INT(choice_validate(&r, &e), ERR_INVALID);
    CHECK_STR(e.field, "isf");
    CHECK_CONTAINS(e.msg, "does not apply to this option");
    err_clear(&e);
    r.offers[CHOICE_ISF].unavailable = CHOICE_NA_OTHER;
    r.offers[CHOICE_ISF].unavailable_text = "";
    CHECK(!choice_all_accounted(&r));
    CHECK_INT(choice_validate(&r, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "say specifically why");
    err_clear(&e);
    r.offers[CHOICE_ISF].unavailable_text = "No provider offers ISFs in this area yet.";
    CHECK(choice_all_accounted(&r));
    CHECK_INT(choice_validate(&r, &e), 0);
    CHECK_INT(choice_can_set_up_arrangement(&r, 1600000, CHOICE_DIRECT_PAYMENT, 20001, &e), 0);
}

TEST(choice_offered_and_unavailable_is_contradictory)
{
    struct err e = {0};
    struct choice_record r = offered_all();
    r.offers[CHOICE_DIRECT_PAYMENT].unavailable = CHOICE_NA_IN_PRISON;
    CHECK_INT(choice_validate(&r, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "both as offered and as not available");
    CHECK(!choice_all_accounted(&r));
}

/* The mix must add up to the budget: the message gives both figures and the gap. */
TEST(choice_gate_refuses_mix_not_adding_up)
{
    struct err e = {0};
    struct choice_record r = offered_all();
    CHECK_INT(choice_can_set_up_arrangement(&r, 1650000, CHOICE_DIRECT_PAYMENT, 20001, &e), ERR_FORBIDDEN);
    CHECK_STR(e.field, "amounts");
    CHECK_CONTAINS(e.msg, "add up to £16,000.00 a year but the budget is £16,500.00 a year (£500.00 not allocated)");
    err_clear(&e);
    CHECK_INT(choice_can_set_up_arrangement(&r, 1500000, CHOICE_DIRECT_PAYMENT, 20001, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "(£1,000.00 too much)");
}

TEST(choice_gate_refuses_isf_without_provider)
{
    struct err e = {0};
    struct choice_record r = offered_all();
    r.isf_provider = NULL;
    CHECK_INT(choice_can_set_up_arrangement(&r, 1600000, CHOICE_DIRECT_PAYMENT, 20001, &e), ERR_FORBIDDEN);
    CHECK_STR(e.field, "isf_provider");
    CHECK_CONTAINS(e.msg, "Name the provider");
}

TEST(choice_gate_refuses_before_choice_made)
{
    struct err e = {0};
    struct choice_record r = offered_all();
    r.chosen = false;
    r.amounts[CHOICE_DIRECT_PAYMENT] = r.amounts[CHOICE_ISF] = 0;
    CHECK_INT(choice_validate(&r, &e), 0);
    CHECK_INT(choice_can_set_up_arrangement(&r, 1600000, CHOICE_DIRECT_PAYMENT, 20001, &e), ERR_FORBIDDEN);
    CHECK_CONTAINS(e.msg, "has not chosen");
}

TEST(choice_gate_refuses_future_offer)
{
    struct err e = {0};
    struct choice_record r = offered_all();
    CHECK_INT(choice_can_set_up_arrangement(&r, 1600000, CHOICE_DIRECT_PAYMENT, 19999, &e), ERR_FORBIDDEN);
    CHECK_STR(e.field, "offered_on");
}

TEST(choice_record_needs_who_format_present_reasons)
{
    struct err e = {0};
    struct choice_record r = offered_all();
    r.offered_by = " ";
    CHECK_INT(choice_validate(&r, &e), ERR_INVALID);
    CHECK_STR(e.field, "offered_by");
    err_clear(&e);
    r = offered_all();
    r.format = CHOICE_FORMAT_OTHER;
    CHECK_INT(choice_validate(&r, &e), ERR_INVALID);
    CHECK_STR(e.field, "format_other");
    err_clear(&e);
    r.format_other = "British Sign Language video";
    CHECK_INT(choice_validate(&r, &e), 0);
    r = offered_all();
    r.npresent = 0;
    CHECK_INT(choice_validate(&r, &e), ERR_INVALID);
    CHECK_STR(e.field, "present");
    err_clear(&e);
    r = offered_all();
    r.reasons = "";
    CHECK_INT(choice_validate(&r, &e), ERR_INVALID);
    CHECK_STR(e.field, "reasons");
    err_clear(&e);
    r = offered_all();
    r.amounts[CHOICE_ISF] = -1;
    CHECK_INT(choice_validate(&r, &e), ERR_INVALID);
    err_clear(&e);
    r = offered_all();
    r.chosen = false; /* amounts without a choice */
    CHECK_INT(choice_validate(&r, &e), ERR_INVALID);
}

TEST(choice_names_round_trip)
{
    enum choice_option o;
    enum choice_format f;
    enum choice_unavailable u;
    for (int i = 0; i < CHOICE_OPTION_COUNT; i++) {
        CHECK_INT(choice_option_parse(choice_option_id((enum choice_option)i), &o), 0);
        CHECK_INT(o, i);
    }
    for (int i = 0; i < CHOICE_FORMAT_COUNT; i++) {
        CHECK_INT(choice_format_parse(choice_format_id((enum choice_format)i), &f), 0);
        CHECK_INT(f, i);
    }
    for (int i = 0; i < CHOICE_UNAVAILABLE_COUNT; i++) {
        CHECK_INT(choice_unavailable_parse(choice_unavailable_id((enum choice_unavailable)i), &u), 0);
        CHECK_INT(u, i);
    }
    CHECK_INT(choice_option_parse("cash", &o), ERR_INVALID);
    CHECK_STR(choice_option_id(CHOICE_ISF), "isf");
    CHECK_STR(choice_format_title(CHOICE_FORMAT_EASY_READ), "Easy read");
    CHECK_CONTAINS(choice_unavailable_text(CHOICE_NA_LACKS_CAPACITY_NO_SUITABLE_PERSON), "no suitable person");
}
