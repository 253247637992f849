/* Statement fingerprints are stored (dp_txns) and decide that a re-imported statement adds
 * nothing, so they must never change: these values were computed before fingerprints moved from
 * libsodium's SHA-256 to domain/sha256.h (libcrypto) and must stay as they are. */
#include <string.h>

#include "base/arena.h"
#include "base/date.h"
#include "base/err.h"
#include "check.h"
#include "io/statement_csv.h"

TEST(statement_fingerprints_are_pinned)
{
    static const char csv[] = "Date,Description,Amount,Balance,Reference,Payee\n"
                              "2025-05-02,Card payment,-25.00,975.00,GYM-7788 MAY,LC Online Ltd\n"
                              "2025-05-03,CASH WITHDRAWAL ATM,-30.00,945.00,,\n";
    struct statement_csv_options opt;
    struct arena a;
    struct statement s;
    struct err e = {0};
    day_t from = 0, to = 0;
    date_from_ymd(2025, 1, 1, &from);
    date_from_ymd(2025, 12, 31, &to);
    opt = (struct statement_csv_options){from, to};
    arena_init(&a, 0);
    CHECK_INT(statement_csv_parse(csv, sizeof csv - 1, statement_csv_layout("generic"), &opt, &a,
                                  &s, &e),
              0);
    CHECK_INT(s.n, 2);
    if (s.n == 2) {
        CHECK_STR(s.txns[0].fingerprint,
                  "c6b717ae711cf261c078b5c95a503a6e3e874d62d77dca69191369eb44051284");
        CHECK_STR(s.txns[1].fingerprint,
                  "125bfa98f66d48f2c25bc7e89a46513418589f6007bcf78d5469bceb7df43240");
        CHECK(s.txns[1].is_cash);
    }
    arena_release(&a);
}
