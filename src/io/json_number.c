/* json_number.c — exact JSON number to hundredths; see json_number.h. */
#include "io/json_number.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"
#include "base/money.h"
#include "base/str.h"

static const char *name_of(const char *field) { return field ? field : "number"; }

int json_number_hundredths(const json_t *v, unsigned flags, int64_t *out, const char *field,
                           struct err *e)
{
    unsigned mflags = (flags & JSON_NUMBER_ALLOW_NEGATIVE) ? MONEY_ALLOW_NEGATIVE : 0;
    char text[64];
    int rc;

    if (!v)
        return err_set_field(e, ERR_INVALID, name_of(field), "%s is missing", name_of(field));
    if (json_is_integer(v)) {
        json_int_t i = json_integer_value(v);
        int64_t r;
        if (i < 0 && !(flags & JSON_NUMBER_ALLOW_NEGATIVE))
            return err_set_field(e, ERR_INVALID, name_of(field), "%s is negative: %lld",
                                 name_of(field), (long long)i);
        if (money_mul((int64_t)i, 100, &r) != 0 || r > MONEY_MAX_PENCE || r < -MONEY_MAX_PENCE)
            return err_set_field(e, ERR_RANGE, name_of(field), "%s is too large: %lld",
                                 name_of(field), (long long)i);
        *out = r;
        return 0;
    }
    if (json_is_real(v)) {
        double d = json_real_value(v);
        if (!isfinite(d))
            return err_set_field(e, ERR_INVALID, name_of(field), "%s is not a number",
                                 name_of(field));
        /* "%.15g" gives back the decimal the JSON text held (up to 15 significant digits);
         * money_parse then insists it is a whole number of hundredths. */
        snprintf(text, sizeof text, "%.15g", d);
        rc = money_parse(text, strlen(text), mflags, out, name_of(field), e);
        return rc;
    }
    if (json_is_string(v) && (flags & JSON_NUMBER_ALLOW_STRING))
        return money_parse(json_string_value(v), json_string_length(v), mflags, out,
                           name_of(field), e);
    return err_set_field(e, ERR_INVALID, name_of(field), "%s must be a number%s", name_of(field),
                         (flags & JSON_NUMBER_ALLOW_STRING) ? " or a string holding one" : "");
}

int json_number_pence(const json_t *v, unsigned flags, int64_t *out, const char *field,
                      struct err *e)
{
    return json_number_hundredths(v, flags, out, field, e);
}

int json_number_int(const json_t *v, int64_t min, int64_t max, int64_t *out, const char *field,
                    struct err *e)
{
    int64_t r;
    if (!v)
        return err_set_field(e, ERR_INVALID, name_of(field), "%s is missing", name_of(field));
    if (json_is_integer(v)) {
        r = (int64_t)json_integer_value(v);
    } else if (json_is_real(v)) {
        char text[64];
        double d = json_real_value(v);
        if (!isfinite(d))
            return err_set_field(e, ERR_INVALID, name_of(field), "%s is not a number",
                                 name_of(field));
        snprintf(text, sizeof text, "%.15g", d);
        if (str_to_i64(text, strlen(text), INT64_MIN, INT64_MAX, &r) != 0)
            return err_set_field(e, ERR_INVALID, name_of(field), "%s must be a whole number, not %s",
                                 name_of(field), text);
    } else {
        return err_set_field(e, ERR_INVALID, name_of(field), "%s must be a whole number",
                             name_of(field));
    }
    if (r < min || r > max)
        return err_set_field(e, ERR_RANGE, name_of(field), "%s is %lld: it must be from %lld to %lld",
                             name_of(field), (long long)r, (long long)min, (long long)max);
    *out = r;
    return 0;
}
