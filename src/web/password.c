/* password.c — argon2id with a concurrency cap (see password.h). */
#include "web/password.h"

#include <errno.h>
#include <semaphore.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

static sem_t slots;
static bool ready;
static unsigned long long opslimit;
static size_t memlimit;
static char dummy_hash[PASSWORD_HASH_MAX];

int password_init(enum password_cost cost, int max_concurrent, struct err *e)
{
    if (sodium_init() < 0)
        return err_set(e, ERR_IO, "libsodium could not start.");
    if (ready)
        return 0;
    if (cost == PASSWORD_COST_TEST) {
        opslimit = crypto_pwhash_OPSLIMIT_MIN;
        memlimit = crypto_pwhash_MEMLIMIT_MIN;
    } else {
        opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
        memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    }
    if (sem_init(&slots, 0, (unsigned)(max_concurrent > 0 ? max_concurrent : 1)) != 0)
        return err_set(e, ERR_IO, "Could not set up password hashing.");
    if (crypto_pwhash_str_alg(dummy_hash, "not a password anyone has", 25, opslimit, memlimit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return err_set(e, ERR_NOMEM, "Not enough memory to hash passwords.");
    ready = true;
    return 0;
}

int password_check_rules(const char *pw, struct err *e)
{
    size_t n = pw ? strlen(pw) : 0;
    bool varied = false;
    if (n < PASSWORD_MIN_LEN)
        return err_set_field(e, ERR_INVALID, "password",
                             "Enter a password of at least %d characters.", PASSWORD_MIN_LEN);
    if (n > PASSWORD_MAX_LEN)
        return err_set_field(e, ERR_INVALID, "password",
                             "Enter a password of at most %d characters.", PASSWORD_MAX_LEN);
    for (size_t i = 1; i < n; i++)
        if (pw[i] != pw[0])
            varied = true;
    if (!varied)
        return err_set_field(e, ERR_INVALID, "password",
                             "Enter a password that is not one character repeated.");
    return 0;
}

/* Waits up to 5 seconds for a hashing slot. */
static int take_slot(struct err *e)
{
    struct timespec until;
    if (!ready)
        return err_set(e, ERR_IO, "Password hashing was not set up (password_init).");
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 5;
    while (sem_timedwait(&slots, &until) != 0) {
        if (errno != EINTR)
            return err_set(e, ERR_IO,
                           "The service is busy signing other people in. Wait a moment and try "
                           "again.");
    }
    return 0;
}

int password_hash(const char *pw, char out[PASSWORD_HASH_MAX], struct err *e)
{
    int rc;
    if ((rc = take_slot(e)) != 0)
        return rc;
    rc = crypto_pwhash_str_alg(out, pw, strlen(pw), opslimit, memlimit,
                               crypto_pwhash_ALG_ARGON2ID13);
    sem_post(&slots);
    if (rc != 0)
        return err_set(e, ERR_NOMEM, "Not enough memory to hash the password. Try again.");
    return 0;
}

int password_verify(const char *hash, const char *pw, struct err *e)
{
    int rc;
    if ((rc = take_slot(e)) != 0)
        return rc;
    rc = crypto_pwhash_str_verify(hash, pw, strlen(pw));
    sem_post(&slots);
    return rc == 0 ? 0 : ERR_FORBIDDEN;
}

void password_verify_dummy(const char *pw)
{
    struct err e = {0};
    (void)password_verify(dummy_hash, pw ? pw : "", &e);
}

bool password_needs_rehash(const char *hash)
{
    return crypto_pwhash_str_needs_rehash(hash, opslimit, memlimit) != 0;
}
