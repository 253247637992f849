/* json_out: the streaming writer writes what jansson writes (JSON_COMPACT | JSON_ENSURE_ASCII)
 * for the same document, byte for byte, on hostile and random strings; malformed use is refused. */
#include <jansson.h>
#include <stdlib.h>

#include "base/buf.h"
#include "base/err.h"
#include "check.h"
#include "web/json_out.h"

/* What the API wrote before: jansson, with "" for a string jansson refuses (invalid UTF-8). */
static char *jansson_quote(const char *s)
{
    json_t *j = json_string(s);
    json_t *arr = json_array();
    char *out;
    json_array_append_new(arr, j ? j : json_string(""));
    out = json_dumps(arr, JSON_COMPACT | JSON_ENSURE_ASCII);
    json_decref(arr);
    return out;
}

static void check_same(const char *s, const char *label)
{
    struct buf b;
    char *want = jansson_quote(s);
    buf_init(&b, 1 << 16);
    CHECK_INT(buf_addc(&b, '['), 0);
    CHECK_INT(json_out_quote(&b, s), 0);
    CHECK_INT(buf_addc(&b, ']'), 0);
    if (!want || strcmp(want, b.data) != 0)
        check_fail(__FILE__, __LINE__, "%s: json_out wrote %s, jansson %s", label, b.data,
                   want ? want : "(null)");
    free(want);
    buf_release(&b);

    /* The same string as a key and as values, through the writer's own paths. */
    {
        struct json_out j;
        json_t *doc = json_object();
        char *w2;
        json_t *v = json_string(s); /* NULL when jansson refuses s: then it is "" */
        json_object_set_new(doc, "first-key", json_string("x"));
        json_object_set_new(doc, v ? s : "", v ? v : json_string(""));
        w2 = json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII);
        json_decref(doc);
        buf_init(&b, 1 << 16);
        json_out_init(&j, &b);
        json_out_begin_object(&j);
        json_out_key(&j, "first-key");
        json_out_str(&j, "x");
        json_out_key(&j, s);
        json_out_str(&j, s);
        json_out_end_object(&j);
        CHECK_INT(json_out_finish(&j), 0);
        if (!w2 || strcmp(w2, b.data) != 0)
            check_fail(__FILE__, __LINE__, "%s as a member: json_out wrote %s, jansson %s", label,
                       b.data, w2 ? w2 : "(null)");
        free(w2);
        buf_release(&b);
    }
}

TEST(web_json_out_escapes_like_jansson)
{
    static const char *const cases[] = {
        "",
        "plain text",
        "quote \" backslash \\ slash / done",
        "\b\f\n\r\t and \x01\x02\x1f\x7f",
        "<script>alert('x')</script>",
        "caf\xc3\xa9 \xe2\x80\xa8 line sep \xe2\x80\xa9 para sep",
        "emoji \xf0\x9f\x98\x80 and max \xf4\x8f\xbf\xbf",
        "\xef\xbb\xbf BOM and \xef\xbf\xbd replacement",
        "bad lead \x80",
        "overlong \xc0\xaf",
        "overlong3 \xe0\x80\xaf",
        "surrogate \xed\xa0\x80",
        "too big \xf4\x90\x80\x80",
        "cut \xe2\x82",
        "cut at end \xf0\x9f\x98",
        "F5 \xf5\x80\x80\x80",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_same(cases[i], cases[i]);
}

TEST(web_json_out_random_strings_match_jansson)
{
    /* Random bytes, biased towards the interesting ones, with a fixed seed: repeatable. */
    static const unsigned char pool[] = {'a', ' ', '"', '\\', '/', '\n', 0x01, 0x1f, 0x7f, 0x80,
                                         0xbf, 0xc2, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xed, 0xa0,
                                         0xf0, 0x9f, 0x98, 0x80, 0xf4, 0x8f, 0x90, 0xff};
    unsigned seed = 12345;
    char s[24];
    for (int n = 0; n < 20000; n++) {
        size_t len = 1 + n % 20;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            s[i] = (char)pool[(seed >> 16) % sizeof pool];
        }
        s[len] = '\0';
        check_same(s, "random string");
    }
}

TEST(web_json_out_document_matches_jansson)
{
    struct buf b;
    struct json_out j;
    json_t *doc;
    char *want;
    buf_init(&b, 4096);
    json_out_init(&j, &b);
    json_out_begin_object(&j);
    json_out_key(&j, "id");
    json_out_int(&j, 42);
    json_out_key(&j, "neg");
    json_out_int(&j, INT64_MIN);
    json_out_key(&j, "name");
    json_out_str(&j, "Ann \"Nan\" O'Neil\xc3\xa9");
    json_out_key(&j, "nhs");
    json_out_null(&j);
    json_out_key(&j, "inner");
    json_out_begin_object(&j);
    json_out_key(&j, "a");
    json_out_str(&j, NULL);
    json_out_key(&j, "b");
    json_out_bool(&j, true);
    json_out_end_object(&j);
    json_out_key(&j, "list");
    json_out_begin_array(&j);
    json_out_begin_object(&j);
    json_out_key(&j, "x");
    json_out_bool(&j, false);
    json_out_end_object(&j);
    json_out_int(&j, 0);
    json_out_begin_array(&j);
    json_out_end_array(&j);
    json_out_end_array(&j);
    json_out_key(&j, "empty");
    json_out_begin_object(&j);
    json_out_end_object(&j);
    json_out_end_object(&j);
    CHECK_INT(json_out_finish(&j), 0);

    doc = json_pack("{s:i, s:I, s:s, s:n, s:{s:s, s:b}, s:[{s:b}, i, []], s:{}}", "id", 42, "neg",
                    (json_int_t)INT64_MIN, "name", "Ann \"Nan\" O'Neil\xc3\xa9", "nhs", "inner",
                    "a", "", "b", 1, "list", "x", 0, 0, "empty");
    want = json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII);
    CHECK(want != NULL);
    if (want)
        CHECK_STR(b.data, want);
    free(want);
    json_decref(doc);
    buf_release(&b);
}

TEST(web_json_out_refuses_malformed_use)
{
    struct buf b;
    struct json_out j;
    buf_init(&b, 4096);

    json_out_init(&j, &b); /* a value in an object without its key */
    json_out_begin_object(&j);
    json_out_int(&j, 1);
    CHECK_INT(json_out_finish(&j), ERR_INVALID);

    buf_reset(&b);
    json_out_init(&j, &b); /* a key in an array */
    json_out_begin_array(&j);
    json_out_key(&j, "k");
    CHECK_INT(json_out_finish(&j), ERR_INVALID);

    buf_reset(&b);
    json_out_init(&j, &b); /* unclosed */
    json_out_begin_object(&j);
    CHECK_INT(json_out_finish(&j), ERR_INVALID);

    buf_reset(&b);
    json_out_init(&j, &b); /* a key with no value */
    json_out_begin_object(&j);
    json_out_key(&j, "k");
    json_out_end_object(&j);
    CHECK_INT(json_out_finish(&j), ERR_INVALID);

    buf_reset(&b);
    json_out_init(&j, &b); /* mismatched close */
    json_out_begin_object(&j);
    json_out_end_array(&j);
    CHECK_INT(json_out_finish(&j), ERR_INVALID);

    buf_reset(&b);
    json_out_init(&j, &b); /* two documents */
    json_out_int(&j, 1);
    json_out_int(&j, 2);
    CHECK_INT(json_out_finish(&j), ERR_INVALID);

    buf_reset(&b);
    json_out_init(&j, &b); /* nothing */
    CHECK_INT(json_out_finish(&j), ERR_INVALID);

    buf_reset(&b);
    json_out_init(&j, &b); /* too deep */
    for (int i = 0; i <= JSON_OUT_MAX_DEPTH; i++)
        json_out_begin_array(&j);
    CHECK_INT(json_out_finish(&j), ERR_INVALID);
    buf_release(&b);

    buf_init(&b, 8); /* past the buffer's cap */
    json_out_init(&j, &b);
    json_out_str(&j, "longer than eight bytes");
    CHECK_INT(json_out_finish(&j), ERR_RANGE);
    buf_release(&b);
}
