/* Pure tests of record_util's growing array (rec_grow), which the read loops of contact.c and
 * assess_*.c share. */
#include "../check.h"
#include "base/arena.h"
#include "store/record_util.h"

TEST(rec_grow_keeps_items_while_there_is_room_then_doubles_with_a_copy)
{
    struct arena a;
    size_t cap = 0, n = 0;
    int *items = NULL;
    arena_init(&a, 0);
    for (int i = 0; i < 37; i++) {
        int *room = rec_grow(&a, items, n, &cap, 4, sizeof *room);
        CHECK(room != NULL);
        if (!room)
            break;
        if (n < 4 || (n != 4 && n != 8 && n != 16 && n != 32))
            CHECK(room == items || items == NULL); /* no copy while there is room */
        items = room;
        items[n++] = i * 3;
    }
    CHECK_INT(n, 37);
    CHECK_INT(cap, 64); /* 4, 8, 16, 32, 64 */
    for (size_t i = 0; i < n; i++)
        CHECK_INT(items[i], (int)i * 3); /* every copy kept what was there */
    arena_release(&a);
}
