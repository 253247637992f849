/* nhs_number.c — NHS number check digits; see nhs_number.h. */
#include "domain/nhs_number.h"

#include <string.h>

#include "base/err.h"

int nhs_number_check_digit(const char *nine_digits)
{
    int sum = 0;
    for (int i = 0; i < 9; i++) {
        char c = nine_digits[i];
        if (c < '0' || c > '9')
            return -1;
        sum += (c - '0') * (10 - i);
    }
    int check = 11 - sum % 11;
    if (check == 11)
        return 0;
    if (check == 10)
        return -1;
    return check;
}

bool nhs_number_valid(const char *s)
{
    if (!s || strlen(s) != 10)
        return false;
    for (int i = 0; i < 10; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    int check = nhs_number_check_digit(s);
    return check >= 0 && check == s[9] - '0';
}

int nhs_number_parse(const char *in, char out[NHS_NUMBER_SIZE], const char *field, struct err *e)
{
    size_t n = 0;
    out[0] = '\0';
    for (const char *p = in; *p; p++) {
        if (*p == ' ' || *p == '-')
            continue;
        if (*p < '0' || *p > '9')
            return err_set_field(e, ERR_INVALID, field,
                                 "An NHS number has only digits (spaces are allowed), like "
                                 "943 476 5919");
        if (n == 10)
            return err_set_field(e, ERR_INVALID, field,
                                 "An NHS number has 10 digits; this has more");
        out[n++] = *p;
    }
    out[n] = '\0';
    if (n != 10)
        return err_set_field(e, ERR_INVALID, field,
                             "An NHS number has 10 digits; this has %zu", n);
    int check = nhs_number_check_digit(out);
    if (check < 0 || check != out[9] - '0') {
        out[0] = '\0';
        return err_set_field(e, ERR_INVALID, field,
                             "This is not a valid NHS number: its last digit does not match the "
                             "others. Check it was copied correctly");
    }
    return 0;
}

void nhs_number_format(const char *s, char out[NHS_NUMBER_SHOWN_SIZE])
{
    if (!nhs_number_valid(s)) {
        out[0] = '\0';
        return;
    }
    memcpy(out, s, 3);
    out[3] = ' ';
    memcpy(out + 4, s + 3, 3);
    out[7] = ' ';
    memcpy(out + 8, s + 6, 4);
    out[12] = '\0';
}
