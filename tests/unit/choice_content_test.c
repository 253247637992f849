/* The option explanations: both built-in files load, easy read is short, the parser is strict. */
#include <ctype.h>
#include <stdbool.h>

#include "base/arena.h"
#include "base/err.h"
#include "io/choice_content.h"
#include "../check.h"

static bool any_line_contains(const struct choice_content_lines *l, const char *needle)
{
    for (size_t i = 0; i < l->n; i++)
        if (strstr(l->lines[i], needle))
            return true;
    return false;
}

TEST(choice_content_standard_explains_direct_payment_duties)
{
    struct arena a;
    struct err e = {0};
    struct choice_content c;
    const struct choice_content_option *dp;
    arena_init(&a, 0);
    CHECK_INT(choice_content_load(CHOICE_CONTENT_STANDARD, &a, &c, &e), 0);
    CHECK_STR(e.msg, "");
    dp = choice_content_find(&c, "direct_payment");
    CHECK(dp != NULL);
    /* What the person would have to do: account or card, employing PAs, records, where to get help. */
    CHECK(any_line_contains(&dp->what_you_do, "separate bank account"));
    CHECK(any_line_contains(&dp->what_you_do, "prepaid card"));
    CHECK(any_line_contains(&dp->what_you_do, "employ personal assistants"));
    CHECK(any_line_contains(&dp->what_you_do, "Keep records"));
    CHECK(any_line_contains(&dp->help, "support service"));
    CHECK(choice_content_find(&c, "council_managed") != NULL);
    CHECK(choice_content_find(&c, "isf") != NULL);
    CHECK(choice_content_find(&c, "mix") != NULL);
    CHECK(choice_content_find(&c, "cash") == NULL);
    CHECK_STR(c.options[0].id, "direct_payment");
    arena_release(&a);
}

/* Easy read: one idea a line. We hold every line to one sentence of at most 12 words. */
static void check_easy(const struct choice_content_lines *l)
{
    for (size_t i = 0; i < l->n; i++) {
        const char *s = l->lines[i];
        int words = 0, ends = 0;
        bool in_word = false;
        for (const char *p = s; *p; p++) {
            if (isspace((unsigned char)*p))
                in_word = false;
            else if (!in_word) {
                in_word = true;
                words++;
            }
            if ((*p == '.' || *p == '?' || *p == '!') && p[1] != '\0')
                ends++;
        }
        if (words > 12 || ends > 0)
            check_fail(__FILE__, __LINE__, "easy-read line too long or more than one sentence: %s", s);
    }
}

TEST(choice_content_easy_read_is_short)
{
    struct arena a;
    struct err e = {0};
    struct choice_content c;
    arena_init(&a, 0);
    CHECK_INT(choice_content_load(CHOICE_CONTENT_EASY_READ, &a, &c, &e), 0);
    CHECK_INT(c.style, CHOICE_CONTENT_EASY_READ);
    check_easy(&c.intro);
    for (int i = 0; i < CHOICE_CONTENT_OPTIONS; i++) {
        check_easy(&c.options[i].summary);
        check_easy(&c.options[i].what_you_do);
        check_easy(&c.options[i].good_to_know);
        check_easy(&c.options[i].help);
    }
    CHECK(any_line_contains(&c.options[0].what_you_do, "bank account"));
    arena_release(&a);
}

#define OPT(id) "{\"id\":\"" id "\",\"title\":\"T\",\"summary\":[\"s\"],\"what_you_do\":[\"w\"],\"good_to_know\":[\"g\"],\"help\":[\"h\"]}"
#define HEAD "{\"format\":\"selfdirect-options/1\",\"language\":\"en\",\"style\":\"standard\",\"title\":\"T\",\"intro\":[\"i\"],"

TEST(choice_content_parser_is_strict)
{
    struct arena a;
    struct err e = {0};
    struct choice_content c;
    const char *good = HEAD "\"options\":[" OPT("mix") "," OPT("isf") "," OPT("council_managed") "," OPT("direct_payment") "]}";
    const char *missing = HEAD "\"options\":[" OPT("isf") "," OPT("council_managed") "," OPT("direct_payment") "]}";
    const char *dup = HEAD "\"options\":[" OPT("isf") "," OPT("isf") "," OPT("council_managed") "," OPT("direct_payment") "," OPT("mix") "]}";
    const char *unknown_key = HEAD "\"extra\":1,\"options\":[]}";
    const char *empty_line = HEAD "\"options\":[{\"id\":\"mix\",\"title\":\"T\",\"summary\":[\"\"],\"what_you_do\":[\"w\"],\"good_to_know\":[\"g\"],\"help\":[\"h\"]}]}";
    arena_init(&a, 0);
    CHECK_INT(choice_content_parse(good, strlen(good), "t", &a, &c, &e), 0);
    CHECK_STR(c.options[0].id, "direct_payment"); /* reordered */
    CHECK_STR(c.options[3].id, "mix");
    CHECK_INT(choice_content_parse(missing, strlen(missing), "t", &a, &c, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "\"mix\" is missing");
    err_clear(&e);
    CHECK_INT(choice_content_parse(dup, strlen(dup), "t", &a, &c, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "appears twice");
    err_clear(&e);
    CHECK_INT(choice_content_parse(unknown_key, strlen(unknown_key), "t", &a, &c, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "unknown key \"extra\"");
    err_clear(&e);
    CHECK_INT(choice_content_parse(empty_line, strlen(empty_line), "t", &a, &c, &e), ERR_INVALID);
    CHECK_CONTAINS(e.msg, "\"summary\" line 1");
    err_clear(&e);
    CHECK_INT(choice_content_parse("{", 1, "t", &a, &c, &e), ERR_INVALID);
    arena_release(&a);
}
