/* The escaping HTML writer: hostile strings in every context come out inert, and templates that
 * put a value where it does not belong render nothing (the page becomes a 500). */
#include "base/buf.h"
#include "base/date.h"
#include "check.h"
#include "web/html.h"

static const char *const hostile[] = {
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "' onmouseover='alert(1)",
    "`${alert(1)}`",
    "</textarea><script>alert(1)</script>",
    "&lt;already escaped&gt;",
    "<!-- comment --><svg/onload=alert(1)>",
};

TEST(web_html_text_escapes_hostile_strings)
{
    for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++) {
        struct buf b;
        struct html h;
        buf_init(&b, 4096);
        html_init(&h, &b);
        html_f(&h, "<p class=\"x\" title=\"%a\">%t</p>", hostile[i], hostile[i]);
        CHECK(!html_failed(&h));
        CHECK(strstr(b.data, "<script") == NULL);
        CHECK(strstr(b.data, "<img") == NULL);
        CHECK(strstr(b.data, "<svg") == NULL);
        CHECK(strstr(b.data, "\"><") == NULL);
        CHECK(strstr(b.data, "'") == NULL);
        /* Exactly two tags' worth of angle brackets: ours. */
        {
            int lt = 0;
            for (const char *p = b.data; *p; p++)
                lt += *p == '<';
            CHECK_INT(lt, 2);
        }
        buf_release(&b);
    }
}

TEST(web_html_exact_escaping)
{
    struct buf b;
    struct html h;
    buf_init(&b, 1024);
    html_init(&h, &b);
    html_f(&h, "<p>%t</p>", "a&b<c>d\"e'f`g");
    CHECK_STR(b.data, "<p>a&amp;b&lt;c&gt;d&quot;e&#39;f&#96;g</p>");
    buf_release(&b);
}

TEST(web_html_urls_only_local_or_https)
{
    static const struct {
        const char *url;
        bool safe;
    } cases[] = {
        {"/people/1", true},
        {"?page=2", true},
        {"#main", true},
        {"https://www.gov.uk/", true},
        {"javascript:alert(1)", false},
        {"JavaScript:alert(1)", false},
        {"java\tscript:alert(1)", false},
        {"data:text/html,<script>", false},
        {"//evil.example/", false},
        {"/\\evil.example", false},
        {"http://plain.example/", false},
        {"vbscript:x", false},
        {" /people", false},
        {"", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct buf b;
        struct html h;
        CHECK_INT(html_url_is_safe(cases[i].url), cases[i].safe);
        buf_init(&b, 1024);
        html_init(&h, &b);
        html_f(&h, "<a href=\"%u\">x</a>", cases[i].url);
        CHECK(!html_failed(&h));
        if (!cases[i].safe)
            CHECK_STR(b.data, "<a href=\"#\">x</a>");
        buf_release(&b);
    }
}

TEST(web_html_wrong_context_fails_closed)
{
    struct buf b;
    struct html h;
    /* Text conversion inside a tag (an attribute name position). */
    buf_init(&b, 1024);
    html_init(&h, &b);
    html_f(&h, "<p %t>x</p>", "onclick=alert(1)");
    CHECK(html_failed(&h));
    CHECK(strstr(b.data, "onclick") == NULL);
    buf_release(&b);
    /* Attribute conversion in element text. */
    buf_init(&b, 1024);
    html_init(&h, &b);
    html_f(&h, "<p>%a</p>", "x");
    CHECK(html_failed(&h));
    buf_release(&b);
    /* Unquoted attribute value. */
    buf_init(&b, 1024);
    html_init(&h, &b);
    html_f(&h, "<a href=%u>x</a>", "/x");
    CHECK(html_failed(&h));
    buf_release(&b);
    /* Single-quoted attributes are not something we write. */
    buf_init(&b, 1024);
    html_init(&h, &b);
    html_lit(&h, "<a href='/x'>x</a>");
    CHECK(html_failed(&h));
    buf_release(&b);
    /* Unknown conversion. */
    buf_init(&b, 1024);
    html_init(&h, &b);
    html_f(&h, "<p>%s</p>", "x");
    CHECK(html_failed(&h));
    CHECK(strstr(b.data, "x") == NULL);
    buf_release(&b);
    /* Once failed, nothing more is written. */
    buf_init(&b, 1024);
    html_init(&h, &b);
    html_f(&h, "<p %t>", "x");
    html_lit(&h, "<p>after</p>");
    CHECK(strstr(b.data, "after") == NULL);
    buf_release(&b);
}

TEST(web_html_numbers_money_dates)
{
    struct buf b;
    struct html h;
    buf_init(&b, 1024);
    html_init(&h, &b);
    html_f(&h, "<p data-n=\"%d\">%l %m %D 100%%</p>", 42, (int64_t)-7, (int64_t)123456,
           (day_t)20089);
    CHECK(!html_failed(&h));
    CHECK_CONTAINS(b.data, "data-n=\"42\"");
    CHECK_CONTAINS(b.data, "-7");
    CHECK_CONTAINS(b.data, "£1,234.56");
    CHECK_CONTAINS(b.data, "2025");
    CHECK_CONTAINS(b.data, "100%");
    buf_release(&b);
}

TEST(web_html_page_size_cap)
{
    struct buf b;
    struct html h;
    buf_init(&b, 64);
    html_init(&h, &b);
    for (int i = 0; i < 100; i++)
        html_f(&h, "<p>%t</p>", "some text that fills the buffer");
    CHECK(html_failed(&h));
    CHECK(b.len <= 64);
    buf_release(&b);
}
