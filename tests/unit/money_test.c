/* Money: checked arithmetic, named rounding, strict parsing of what people type, formatting. */
#include <stdint.h>

#include "base/err.h"
#include "base/money.h"
#include "check.h"

struct parse_case {
    const char *in;
    unsigned flags;
    int64_t want;        /* when ok */
    const char *err;     /* NULL = must parse; else a phrase the message must contain */
};

#define NEG MONEY_ALLOW_NEGATIVE
static const struct parse_case parse_cases[] = {
    {"0", 0, 0, NULL},
    {"0.00", 0, 0, NULL},
    {"0.01", 0, 1, NULL},
    {"0.1", 0, 10, NULL},
    {"0.09", 0, 9, NULL},
    {"-0.01", NEG, -1, NULL},
    {"-0.01", 0, 0, "negative"},
    {"-0", NEG, 0, NULL},
    {"1", 0, 100, NULL},
    {"1.5", 0, 150, NULL},
    {"1.50", 0, 150, NULL},
    {"1234.5", 0, 123450, NULL},
    {"£1,234.50", 0, 123450, NULL},
    {"1,234.50", 0, 123450, NULL},
    {"1,234,567.89", 0, 123456789, NULL},
    {"1,000", 0, 100000, NULL},
    {"1,000.1", 0, 100010, NULL},
    {"10,000,000", 0, 1000000000, NULL},
    {"00.50", 0, 50, NULL},
    {"007", 0, 700, NULL},
    {".50", 0, 50, NULL},
    {" 12.00 ", 0, 1200, NULL},
    {"\t£1,234.50 ", 0, 123450, NULL},
    {"£-3.20", NEG, -320, NULL},
    {"-£3.20", NEG, -320, NULL},
    {"-£3.20", 0, 0, "negative"},
    {"1000000000000.00", 0, MONEY_MAX_PENCE, NULL},
    {"999999999999.99", 0, MONEY_MAX_PENCE - 1, NULL},
    {"-1000000000000.00", NEG, -MONEY_MAX_PENCE, NULL},
    {"1000000000000.01", 0, 0, "too large"},
    {"1000000000001", 0, 0, "too large"},
    {"99999999999999999999", 0, 0, "too large"},
    {"9223372036854775807", 0, 0, "too large"},
    {"1.505", 0, 0, "more than two decimal places"},
    {"1.500", 0, 0, "more than two decimal places"},
    {"0.001", 0, 0, "more than two decimal places"},
    {"12,34.00", 0, 0, "comma in the wrong place"},
    {"1,2345", 0, 0, "comma in the wrong place"},
    {",123", 0, 0, "comma in the wrong place"},
    {"1,23", 0, 0, "comma in the wrong place"},
    {"1234,567", 0, 0, "comma in the wrong place"},
    {"1,,234", 0, 0, "comma in the wrong place"},
    {"1,234,56", 0, 0, "comma in the wrong place"},
    {"", 0, 0, "empty"},
    {"   ", 0, 0, "empty"},
    {"£", 0, 0, "no digits"},
    {"-", NEG, 0, "no digits"},
    {"12.", 0, 0, "ends with a decimal point"},
    {".", 0, 0, "ends with a decimal point"},
    {"1e3", 0, 0, "exponent"},
    {"1E3", 0, 0, "exponent"},
    {"1.0e2", 0, 0, "exponent"},
    {"12a", 0, 0, "contains 'a'"},
    {"abc", 0, 0, "contains 'a'"},
    {"+5", 0, 0, "starts with '+'"},
    {"--3", NEG, 0, "contains '-'"},
    {"1 000", 0, 0, "contains ' '"},
    {"£ 5", 0, 0, "contains ' '"},
    {"0x10", 0, 0, "contains 'x'"},
    {"NaN", 0, 0, "contains 'N'"},
    {"inf", 0, 0, "contains 'i'"},
    {"$5", 0, 0, "contains '$'"},
    {"5p", 0, 0, "contains 'p'"},
    {"12.3.4", 0, 0, "other than digits after the decimal point"},
    {"1..2", 0, 0, "other than digits after the decimal point"},
    {"\xd9\xa1\xd9\xa2", 0, 0, "not 0-9"},       /* Arabic-Indic digits one, two */
    {"\xef\xbc\x91\xef\xbc\x92", 0, 0, "not 0-9"}, /* fullwidth digits */
    {"\xe2\x82\xac" "5", 0, 0, "not 0-9"},          /* euro sign */
    {"1\x01" "2", 0, 0, "control character"},
};

TEST(money_parse_boundaries)
{
    for (size_t i = 0; i < sizeof parse_cases / sizeof parse_cases[0]; i++) {
        const struct parse_case *c = &parse_cases[i];
        struct err e = {0};
        int64_t got = -12345;
        int rc = money_parse(c->in, strlen(c->in), c->flags, &got, "amount", &e);
        if (!c->err) {
            if (rc != 0)
                check_fail(__FILE__, __LINE__, "\"%s\" refused: %s", c->in, e.msg);
            else if (got != c->want)
                check_fail(__FILE__, __LINE__, "\"%s\" gave %lld, expected %lld", c->in,
                           (long long)got, (long long)c->want);
        } else {
            if (rc == 0)
                check_fail(__FILE__, __LINE__, "\"%s\" accepted as %lld, expected refusal (%s)",
                           c->in, (long long)got, c->err);
            else if (!strstr(e.msg, c->err))
                check_fail(__FILE__, __LINE__, "\"%s\": message \"%s\" lacks \"%s\"", c->in,
                           e.msg, c->err);
            else if (strcmp(e.field, "amount") != 0)
                check_fail(__FILE__, __LINE__, "\"%s\": field \"%s\"", c->in, e.field);
        }
    }
    CHECK(sizeof parse_cases / sizeof parse_cases[0] >= 60);
}

TEST(money_parse_error_says_how_to_fix)
{
    struct err e = {0};
    int64_t v;
    CHECK_INT(money_parse("12.345", 6, 0, &v, "weekly_cost_of_care", &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "weekly_cost_of_care");
    CHECK_CONTAINS(e.msg, "12.345");
    CHECK_CONTAINS(e.msg, "like 1234.50");
    CHECK_STR(e.field, "weekly_cost_of_care");
}

TEST(money_parse_respects_length)
{
    int64_t v = 0;
    /* Only the first 4 bytes are the input: the rest of the buffer must not be read. */
    CHECK_INT(money_parse("12.5junk", 4, 0, &v, NULL, NULL), 0);
    CHECK_INT(v, 1250);
    CHECK_INT(money_parse(NULL, 0, 0, &v, NULL, NULL), ERR_INVALID);
}

TEST(money_parse_echo_is_sanitised)
{
    struct err e = {0};
    int64_t v;
    CHECK(money_parse("<script>\x1b", 9, 0, &v, "x", &e) != 0);
    CHECK(strchr(e.msg, '\x1b') == NULL);
}

struct fmt_case {
    int64_t pence;
    unsigned flags;
    const char *want;
};

static const struct fmt_case fmt_cases[] = {
    {0, MONEY_FMT_PLAIN, "0.00"},
    {1, MONEY_FMT_PLAIN, "0.01"},
    {-1, MONEY_FMT_PLAIN, "-0.01"},
    {123450, MONEY_FMT_PLAIN, "1234.50"},
    {123450, MONEY_FMT_POUND, "£1,234.50"},
    {-320, MONEY_FMT_POUND, "-£3.20"},
    {100, MONEY_FMT_POUND, "£1.00"},
    {99999, MONEY_FMT_POUND, "£999.99"},
    {100000, MONEY_FMT_POUND, "£1,000.00"},
    {MONEY_MAX_PENCE, MONEY_FMT_POUND, "£1,000,000,000,000.00"},
    {INT64_MAX, MONEY_FMT_PLAIN, "92233720368547758.07"},
    {INT64_MIN, MONEY_FMT_PLAIN, "-92233720368547758.08"},
};

TEST(money_format_cases)
{
    for (size_t i = 0; i < sizeof fmt_cases / sizeof fmt_cases[0]; i++) {
        char out[MONEY_FMT_SIZE];
        money_format(fmt_cases[i].pence, fmt_cases[i].flags, out, sizeof out);
        CHECK_STR(out, fmt_cases[i].want);
    }
}

TEST(money_format_parse_round_trip)
{
    /* Every amount written for a person or a file reads back as itself. */
    static const int64_t samples[] = {0, 1, 9, 10, 99, 100, 101, 999, 1000, 99999, 100000,
                                      123456789, 100000000000, MONEY_MAX_PENCE - 1};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        for (int sign = 1; sign >= -1; sign -= 2) {
            for (unsigned fl = 0; fl <= MONEY_FMT_POUND; fl++) {
                char out[MONEY_FMT_SIZE];
                int64_t back = 0, v = samples[i] * sign;
                money_format(v, fl, out, sizeof out);
                CHECK_INT(money_parse(out, strlen(out), MONEY_ALLOW_NEGATIVE, &back, NULL, NULL), 0);
                CHECK_INT(back, v);
            }
        }
    }
}

TEST(money_checked_arithmetic)
{
    int64_t r = 0;
    CHECK_INT(money_add(1, 2, &r), 0);
    CHECK_INT(r, 3);
    CHECK_INT(money_add(INT64_MAX, 1, &r), ERR_RANGE);
    CHECK_INT(money_add(INT64_MIN, -1, &r), ERR_RANGE);
    CHECK_INT(money_sub(INT64_MIN, 1, &r), ERR_RANGE);
    CHECK_INT(money_sub(0, INT64_MIN, &r), ERR_RANGE);
    CHECK_INT(money_sub(5, 7, &r), 0);
    CHECK_INT(r, -2);
    CHECK_INT(money_mul(INT64_MAX / 2 + 1, 2, &r), ERR_RANGE);
    CHECK_INT(money_mul(-3, 4, &r), 0);
    CHECK_INT(r, -12);
}

struct muldiv_case {
    int64_t a, num, den;
    enum money_round mode;
    int64_t want;
};

static const struct muldiv_case muldiv_cases[] = {
    {5, 1, 2, ROUND_DOWN, 2},         {5, 1, 2, ROUND_UP, 3},
    {5, 1, 2, ROUND_HALF_UP, 3},      {5, 1, 2, ROUND_HALF_DOWN, 2},
    {5, 1, 2, ROUND_TOWARDS_ZERO, 2}, {-5, 1, 2, ROUND_DOWN, -3},
    {-5, 1, 2, ROUND_UP, -2},         {-5, 1, 2, ROUND_HALF_UP, -3},
    {-5, 1, 2, ROUND_HALF_DOWN, -2},  {-5, 1, 2, ROUND_TOWARDS_ZERO, -2},
    {7, 1, 3, ROUND_HALF_UP, 2},      {8, 1, 3, ROUND_HALF_DOWN, 3},
    {8, 1, 3, ROUND_DOWN, 2},         {7, 1, 3, ROUND_UP, 3},
    {6, 1, 3, ROUND_UP, 2},           {INT64_MAX, 3, 3, ROUND_DOWN, INT64_MAX},
    /* 12% of £123.45 = 1481.4p: HMRC-style half-down gives 1481p */
    {12345, 12, 100, ROUND_HALF_DOWN, 1481},
    /* 8% of £100.0625 is not possible in pence; 8% of 6.25p = 0.5p: half-down 0, half-up 1 */
    {625, 8, 10000, ROUND_HALF_DOWN, 0},
    {625, 8, 10000, ROUND_HALF_UP, 1},
};

TEST(money_muldiv_rounding_modes)
{
    for (size_t i = 0; i < sizeof muldiv_cases / sizeof muldiv_cases[0]; i++) {
        const struct muldiv_case *c = &muldiv_cases[i];
        int64_t r = 0;
        int rc = money_muldiv(c->a, c->num, c->den, c->mode, &r);
        if (rc != 0 || r != c->want)
            check_fail(__FILE__, __LINE__, "case %zu: %lld*%lld/%lld mode %d gave rc %d value %lld, want %lld",
                       i, (long long)c->a, (long long)c->num, (long long)c->den, (int)c->mode, rc,
                       (long long)r, (long long)c->want);
    }
}

TEST(money_muldiv_refuses)
{
    int64_t r;
    CHECK_INT(money_muldiv(1, 1, 0, ROUND_DOWN, &r), ERR_INVALID);
    CHECK_INT(money_muldiv(1, 1, -2, ROUND_DOWN, &r), ERR_INVALID);
    CHECK_INT(money_muldiv(INT64_MAX, 2, 1, ROUND_DOWN, &r), ERR_RANGE);
}
