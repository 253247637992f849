/* selfdirect notify — the outbox of reminders (src/store/notify.h): fill it and deliver what is
 * due through a sendmail-compatible program, and record a person's choice not to get reminders. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/err.h"
#include "cli/commands.h"
#include "store/notify.h"
#include "store/records.h"
#include "store/store.h"

static void help(FILE *out)
{
    fputs("usage: selfdirect notify COMMAND [options]\n\n"
          "  send     [--council CODE] [--sendmail PROGRAM] [--from ADDRESS] [--today YYYY-MM-DD]\n"
          "           queues the reminders due today (every council, or one) and delivers every\n"
          "           notification due, one message each, by running `PROGRAM -i -- RECIPIENT`\n"
          "           with the message on standard input; a message counts as sent only when\n"
          "           the program exits 0, otherwise it is tried again later (15 minutes,\n"
          "           doubling, at most a day). Run it from cron every few minutes.\n"
          "  queue    [--council CODE] [--today YYYY-MM-DD]    queue only, send nothing\n"
          "  opt-out  --council CODE --person REFERENCE   the person gets no more reminders\n"
          "  opt-in   --council CODE --person REFERENCE   they get them again\n\n"
          "PROGRAM defaults to $SELFDIRECT_SENDMAIL, ADDRESS to $SELFDIRECT_MAIL_FROM.\n"
          "Every command takes --db URL (default: $SELFDIRECT_DB, else sqlite:selfdirect.db).\n"
          "exit codes: 0 ok, 1 some messages failed (they will be retried), 2 usage, 3 bad\n"
          "input, 4 store, 5 internal\n",
          out);
}

static int usage_error(const char *msg)
{
    fprintf(stderr, "selfdirect notify: %s\nRun 'selfdirect notify --help' for usage.\n", msg);
    return EXIT_USAGE;
}

struct opts {
    const char *url, *council, *person, *sendmail, *from;
    day_t today;
};

static int parse_opts(int argc, char **argv, struct opts *o)
{
    static const struct option lo[] = {
        {"db", required_argument, NULL, 'd'},       {"council", required_argument, NULL, 'c'},
        {"person", required_argument, NULL, 'p'},   {"sendmail", required_argument, NULL, 's'},
        {"from", required_argument, NULL, 'f'},     {"today", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
    };
    int opt;
    memset(o, 0, sizeof *o);
    o->url = cli_default_db();
    o->sendmail = getenv("SELFDIRECT_SENDMAIL");
    o->from = getenv("SELFDIRECT_MAIL_FROM");
    o->today = (day_t)(time(NULL) / 86400);
    optind = 2;
    while ((opt = getopt_long(argc, argv, "d:c:p:s:f:t:h", lo, NULL)) != -1) {
        switch (opt) {
        case 'd': o->url = optarg; break;
        case 'c': o->council = optarg; break;
        case 'p': o->person = optarg; break;
        case 's': o->sendmail = optarg; break;
        case 'f': o->from = optarg; break;
        case 't':
            if (date_parse_iso(optarg, strlen(optarg), &o->today, "today", NULL) != 0)
                return usage_error("--today takes a date like 2025-06-30");
            break;
        case 'h': help(stdout); return -1;
        default: return usage_error("unknown option");
        }
    }
    if (optind < argc)
        return usage_error("unexpected argument");
    return 0;
}

static int fail(const char *sub, const struct err *e)
{
    fprintf(stderr, "selfdirect notify %s: %s\n", sub, e->msg);
    switch (e->code) {
    case ERR_INVALID:
    case ERR_NOT_FOUND: return EXIT_DATA;
    case ERR_NOMEM: return EXIT_INTERNAL;
    default: return EXIT_STORE;
    }
}

int cmd_notify(int argc, char **argv)
{
    struct opts o;
    const char *sub = argc > 1 ? argv[1] : NULL;
    struct store *st = NULL;
    struct store_conn *c = NULL;
    struct council co;
    struct notify_counts k;
    struct err e = {0};
    int64_t now = (int64_t)time(NULL);
    int rc;
    bool send, queue;
    if (!sub || strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0) {
        help(sub ? stdout : stderr);
        return sub ? EXIT_OK : EXIT_USAGE;
    }
    if ((rc = parse_opts(argc, argv, &o)) != 0)
        return rc < 0 ? EXIT_OK : rc;
    send = strcmp(sub, "send") == 0;
    queue = send || strcmp(sub, "queue") == 0;
    if (!queue && strcmp(sub, "opt-out") != 0 && strcmp(sub, "opt-in") != 0)
        return usage_error("the command is send, queue, opt-out or opt-in");
    if (send && (!o.sendmail || !*o.sendmail))
        return usage_error("send needs --sendmail PROGRAM (or $SELFDIRECT_SENDMAIL)");
    if (send && (!o.from || !*o.from))
        return usage_error("send needs --from ADDRESS (or $SELFDIRECT_MAIL_FROM)");
    if (!queue && (!o.council || !o.person))
        return usage_error("opt-out and opt-in need --council CODE and --person REFERENCE");
    memset(&k, 0, sizeof k);
    if (store_open(o.url, &st, &e) != 0 || store_require_current(st, &e) != 0 ||
        store_acquire(st, &c, &e) != 0 ||
        (o.council && council_find_code(c, o.council, &co, &e) != 0)) {
        rc = fail(sub, &e);
        goto done;
    }
    if (!queue) {
        struct person p;
        if (person_find_reference(c, co.id, o.person, &p, &e) != 0 ||
            notify_opt_out_set(c, co.id, p.id, strcmp(sub, "opt-out") == 0, now, &e) != 0) {
            rc = fail(sub, &e);
            goto done;
        }
        printf("%s %s reminders\n", o.person,
               strcmp(sub, "opt-out") == 0 ? "will not get" : "will get");
        rc = EXIT_OK;
        goto done;
    }
    if ((o.council ? notify_queue_reminders(c, co.id, o.today, now, &k, &e)
                   : notify_queue_all(c, o.today, now, &k, &e)) != 0 ||
        (send && notify_send_due(c, o.sendmail, o.from, now, 1000, &k, &e) != 0)) {
        rc = fail(sub, &e);
        goto done;
    }
    printf("queued %lld, not queued because the person opted out %lld, sent %lld, failed %lld "
           "(tried again later)\n",
           (long long)k.queued, (long long)k.opted_out, (long long)k.sent, (long long)k.failed);
    rc = k.failed ? EXIT_FAILED : EXIT_OK;
done:
    store_release(c);
    store_close(st);
    return rc;
}
