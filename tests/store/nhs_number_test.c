/* Unit tests of NHS number check digits (src/domain/nhs_number.c). */
#include "base/err.h"
#include "../check.h"
#include "domain/nhs_number.h"

TEST(nhs_number_known_valid_numbers)
{
    /* 943 476 5919 is the NHS's published example; 999 numbers are the testing range. */
    CHECK(nhs_number_valid("9434765919"));
    CHECK(nhs_number_valid("4010232137"));
    CHECK_INT(nhs_number_check_digit("943476591"), 9);
}

TEST(nhs_number_wrong_check_digit_refused)
{
    for (char d = '0'; d <= '9'; d++) {
        char s[] = "943476591X";
        s[9] = d;
        CHECK(nhs_number_valid(s) == (d == '9'));
    }
}

TEST(nhs_number_check_digit_ten_never_valid)
{
    /* a stem whose weighted sum leaves remainder 1 would need check digit 10: never issued */
    CHECK_INT(nhs_number_check_digit("000000006"), -1); /* 6*2 = 12, 12 % 11 = 1, 11-1 = 10 */
    for (char d = '0'; d <= '9'; d++) {
        char s[] = "000000006X";
        s[9] = d;
        CHECK(!nhs_number_valid(s));
    }
}

TEST(nhs_number_remainder_zero_gives_check_zero)
{
    CHECK_INT(nhs_number_check_digit("000000000"), 0);
    CHECK(nhs_number_valid("0000000000"));
    CHECK_INT(nhs_number_check_digit("000011000"), 0); /* 1*6 + 1*5 = 11: remainder 0 */
    CHECK(nhs_number_valid("0000110000"));
    CHECK_INT(nhs_number_check_digit("000000011"), 6); /* 1*3 + 1*2 = 5: 11 - 5 */
}

TEST(nhs_number_parse_accepts_typed_forms)
{
    char out[NHS_NUMBER_SIZE];
    struct err e = {0};
    CHECK_INT(nhs_number_parse("943 476 5919", out, "nhs", &e), 0);
    CHECK_STR(out, "9434765919");
    CHECK_INT(nhs_number_parse("943-476-5919", out, "nhs", &e), 0);
    CHECK_STR(out, "9434765919");
    CHECK_INT(nhs_number_parse("9434765919", out, "nhs", &e), 0);
}

TEST(nhs_number_parse_refusals_say_why)
{
    char out[NHS_NUMBER_SIZE];
    struct err e = {0};
    CHECK_INT(nhs_number_parse("943 476 591", out, "nhs", &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "has 9");
    err_clear(&e);
    CHECK_INT(nhs_number_parse("943 476 59190", out, "nhs", &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "more");
    err_clear(&e);
    CHECK_INT(nhs_number_parse("943 476 591A", out, "nhs", &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "only digits");
    CHECK_STR(e.field, "nhs");
    err_clear(&e);
    CHECK_INT(nhs_number_parse("943 476 5918", out, "nhs", &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "last digit");
    err_clear(&e);
    CHECK_INT(nhs_number_parse("９４３４７６５９１９", out, "nhs", &e), ERR_INVALID);
}

TEST(nhs_number_format_groups_3_3_4)
{
    char out[NHS_NUMBER_SHOWN_SIZE];
    nhs_number_format("9434765919", out);
    CHECK_STR(out, "943 476 5919");
    nhs_number_format("9434765918", out);
    CHECK_STR(out, "");
}
