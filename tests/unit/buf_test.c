/* Capped buffers, arenas and checked integer parsing. */
#include "base/arena.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/str.h"
#include "check.h"

TEST(buf_grows_within_cap)
{
    struct buf b;
    buf_init(&b, 10);
    CHECK_STR(b.data, "");
    CHECK_INT(buf_adds(&b, "hello"), 0);
    CHECK_INT(buf_addf(&b, "%d", 12345), 0);
    CHECK_STR(b.data, "hello12345");
    CHECK_INT(buf_addc(&b, 'x'), ERR_RANGE);
    CHECK_STR(b.data, "hello12345");
    buf_reset(&b);
    CHECK_INT(b.len, 0);
    CHECK_INT(buf_addf(&b, "%s", "0123456789A"), ERR_RANGE);
    CHECK_INT(b.len, 0);
    buf_release(&b);
}

TEST(buf_detach_owns)
{
    struct buf b;
    char *s;
    buf_init(&b, 1 << 20);
    for (int i = 0; i < 1000; i++)
        CHECK_INT(buf_addf(&b, "%03d", i % 1000), 0);
    CHECK_INT(b.len, 3000);
    s = buf_detach(&b);
    CHECK_INT(strlen(s), 3000);
    CHECK_INT(b.len, 0);
    free(s);
    buf_release(&b);
}

TEST(buf_read_missing_file)
{
    struct buf b;
    struct err e = {0};
    buf_init(&b, 100);
    CHECK_INT(buf_read_file(&b, "/nonexistent/x.json", &e), ERR_IO);
    CHECK_CONTAINS(e.msg, "/nonexistent/x.json");
    buf_release(&b);
}

TEST(arena_alloc_and_cap)
{
    struct arena a;
    char *s;
    arena_init(&a, 0);
    for (int i = 0; i < 10000; i++) {
        int *p = arena_alloc(&a, sizeof(int) * 3);
        CHECK(p != NULL);
        CHECK(((uintptr_t)p % 16) == 0);
    }
    s = arena_printf(&a, "%s-%d", "x", 7);
    CHECK_STR(s, "x-7");
    CHECK(arena_alloc(&a, 1 << 20) != NULL); /* bigger than a block */
    arena_release(&a);

    arena_init(&a, 100);
    CHECK(arena_alloc(&a, 64) != NULL);
    CHECK(arena_alloc(&a, 64) == NULL);
    CHECK(arena_array(&a, SIZE_MAX / 2, 4) == NULL);
    arena_release(&a);
}

TEST(str_to_i64_cases)
{
    int64_t v = 0;
    CHECK_INT(str_to_i64("123", 3, 0, 1000, &v), 0);
    CHECK_INT(v, 123);
    CHECK_INT(str_to_i64("-9223372036854775808", 20, INT64_MIN, INT64_MAX, &v), 0);
    CHECK(v == INT64_MIN);
    CHECK_INT(str_to_i64("9223372036854775808", 19, INT64_MIN, INT64_MAX, &v), ERR_RANGE);
    CHECK_INT(str_to_i64("1001", 4, 0, 1000, &v), ERR_RANGE);
    CHECK_INT(str_to_i64("", 0, 0, 1000, &v), ERR_INVALID);
    CHECK_INT(str_to_i64("-", 1, -5, 5, &v), ERR_INVALID);
    CHECK_INT(str_to_i64("+1", 2, 0, 5, &v), ERR_INVALID);
    CHECK_INT(str_to_i64("1 ", 2, 0, 5, &v), ERR_INVALID);
    CHECK_INT(str_to_i64("12x", 2, 0, 50, &v), 0);
    CHECK_INT(v, 12);
}

TEST(str_copy_truncates_safely)
{
    char small[4];
    CHECK_INT(str_copy(small, sizeof small, "abc"), 0);
    CHECK_STR(small, "abc");
    CHECK_INT(str_copy(small, sizeof small, "abcd"), ERR_RANGE);
    CHECK_STR(small, "abc");
}

TEST(err_first_wins)
{
    struct err e = {0};
    CHECK_INT(err_set_field(&e, ERR_INVALID, "age", "age must be %d or more", 18), ERR_INVALID);
    CHECK_INT(err_set(&e, ERR_IO, "later"), ERR_IO);
    CHECK_STR(e.msg, "age must be 18 or more");
    CHECK_STR(e.field, "age");
    CHECK_STR(err_code_name(ERR_CONFLICT), "conflict");
    err_clear(&e);
    CHECK_INT(e.code, 0);
}
