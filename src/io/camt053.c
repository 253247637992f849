/* camt053.c — ISO 20022 camt.053 statements with libxml2; see camt053.h for what is read and the
 * safety rules. */
#include "io/camt053.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/err.h"
#include "base/money.h"
#include "base/str.h"

#define CAMT_NS_PREFIX "urn:iso:std:iso:20022:tech:xsd:camt.053."
#define MAX_ENTRIES 1000000

struct cstate {
    struct arena *a;
    struct err *e;
    const struct camt053_options *o;
    bool failed;
    struct statement_txn *txns;
    size_t n, cap;
    size_t skipped;
    const char *account;
};

__attribute__((format(printf, 3, 4))) static void fail(struct cstate *s, const xmlNode *at,
                                                     const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    if (s->failed)
        return;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    s->failed = true;
    err_set(s->e, ERR_INVALID, "Line %ld: %s Nothing from this file has been imported.",
            at ? xmlGetLineNo(at) : 0L, msg);
}

static bool named(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNode *child(const xmlNode *n, const char *name)
{
    if (!n)
        return NULL;
    for (xmlNode *c = n->children; c; c = c->next)
        if (named(c, name))
            return c;
    return NULL;
}

/* Follows a path of element names: path(n, "BookgDt", "Dt", NULL). */
static xmlNode *path(const xmlNode *n, ...)
{
    va_list ap;
    const char *name;
    xmlNode *cur = (xmlNode *)n;
    va_start(ap, n);
    while (cur && (name = va_arg(ap, const char *)) != NULL)
        cur = child(cur, name);
    va_end(ap);
    return cur;
}

/* The element's text, trimmed, copied into the arena ("" when the element is absent). */
static const char *text(struct cstate *s, const xmlNode *n)
{
    xmlChar *raw;
    struct slice t;
    const char *out;
    if (!n)
        return "";
    raw = xmlNodeGetContent(n);
    if (!raw)
        return "";
    t = slice_trim(slice_of((const char *)raw));
    if (t.n > STATEMENT_MAX_TEXT) {
        fail(s, n, "<%s> is %zu characters long; at most %d are accepted.", (const char *)n->name,
             t.n, STATEMENT_MAX_TEXT);
        xmlFree(raw);
        return "";
    }
    out = arena_strndup(s->a, t.p, t.n);
    xmlFree(raw);
    if (!out) {
        s->failed = true;
        err_set(s->e, ERR_NOMEM, "Out of memory reading the statement.");
        return "";
    }
    return out;
}

/* The Amt element under parent: GBP, no sign, at most two decimals. */
static bool amount(struct cstate *s, const xmlNode *parent, int64_t *out)
{
    const xmlNode *n = child(parent, "Amt");
    xmlChar *ccy;
    const char *t;
    struct err me = {0};
    if (!n) {
        fail(s, parent, "<%s> has no amount (Amt).", parent ? (const char *)parent->name : "?");
        return false;
    }
    ccy = xmlGetProp(n, (const xmlChar *)"Ccy");
    if (!ccy || strcmp((const char *)ccy, "GBP") != 0) {
        fail(s, n, "the amount is in %s; direct-payment accounts are in pounds (GBP).",
             ccy ? (const char *)ccy : "no stated currency");
        xmlFree(ccy);
        return false;
    }
    xmlFree(ccy);
    t = text(s, n);
    if (s->failed)
        return false;
    if (money_parse(t, strlen(t), 0, out, "Amt", &me) != 0) {
        fail(s, n, "%s.", me.msg);
        return false;
    }
    return true;
}

static bool credit_debit(struct cstate *s, const xmlNode *n, int *sign)
{
    const char *t = text(s, n);
    if (strcmp(t, "CRDT") == 0)
        *sign = 1;
    else if (strcmp(t, "DBIT") == 0)
        *sign = -1;
    else {
        if (!s->failed)
            fail(s, n, "CdtDbtInd is \"%.10s\"; it must be CRDT or DBIT.", t);
        return false;
    }
    return true;
}

static bool booking_date(struct cstate *s, const xmlNode *ntry, day_t *out)
{
    xmlNode *d = path(ntry, "BookgDt", "Dt", NULL);
    const char *t;
    char d1[DATE_ISO_SIZE], d2[DATE_ISO_SIZE];
    if (!d)
        d = path(ntry, "BookgDt", "DtTm", NULL);
    if (!d) {
        fail(s, ntry, "the entry has no booking date (BookgDt).");
        return false;
    }
    t = text(s, d);
    if (strlen(t) < 10 || date_parse_iso(t, 10, out, NULL, NULL) != 0 ||
        (named(d, "Dt") && strlen(t) != 10)) {
        fail(s, d, "\"%.30s\" is not a date.", t);
        return false;
    }
    if ((s->o && s->o->earliest && *out < s->o->earliest) ||
        (s->o && s->o->latest && *out > s->o->latest)) {
        date_format_iso(*out, d1);
        date_format_iso(*out < s->o->earliest ? s->o->earliest : s->o->latest, d2);
        fail(s, d, "the booking date %s is %s %s, outside the dates this account can have.", d1,
             *out < s->o->earliest ? "before" : "after", d2);
        return false;
    }
    return true;
}

/* The other party's name: Cdtr for money out, Dbtr for money in (Nm directly or under Pty). */
static const char *party(struct cstate *s, const xmlNode *tx, int sign)
{
    const char *who = sign < 0 ? "Cdtr" : "Dbtr";
    xmlNode *n = path(tx, "RltdPties", who, "Nm", NULL);
    if (!n)
        n = path(tx, "RltdPties", who, "Pty", "Nm", NULL);
    return text(s, n);
}

/* Remittance information: the unstructured lines joined, or the structured creditor reference,
 * or the end-to-end id when it says something. */
static const char *remittance(struct cstate *s, const xmlNode *tx)
{
    xmlNode *r = child(tx, "RmtInf");
    char *joined = NULL;
    if (r) {
        for (xmlNode *c = r->children; c; c = c->next)
            if (named(c, "Ustrd")) {
                const char *t = text(s, c);
                joined = joined ? arena_printf(s->a, "%s %s", joined, t) : (char *)t;
                if (joined && strlen(joined) > STATEMENT_MAX_TEXT) {
                    fail(s, c, "the remittance information is longer than %d characters.",
                         STATEMENT_MAX_TEXT);
                    return "";
                }
            }
        if (joined && *joined)
            return joined;
        {
            xmlNode *ref = path(r, "Strd", "CdtrRefInf", "Ref", NULL);
            if (ref)
                return text(s, ref);
        }
    }
    {
        const char *e2e = text(s, path(tx, "Refs", "EndToEndId", NULL));
        if (*e2e && strcmp(e2e, "NOTPROVIDED") != 0)
            return e2e;
    }
    return "";
}

static bool push(struct cstate *s, const struct statement_txn *t, const xmlNode *at)
{
    if (s->n == MAX_ENTRIES) {
        fail(s, at, "the file has more than %d transactions; split it.", MAX_ENTRIES);
        return false;
    }
    if (s->n == s->cap) {
        size_t ncap = s->cap ? s->cap * 2 : 64;
        struct statement_txn *nt = realloc(s->txns, ncap * sizeof *nt);
        if (!nt) {
            s->failed = true;
            err_set(s->e, ERR_NOMEM, "Out of memory reading the statement.");
            return false;
        }
        s->txns = nt;
        s->cap = ncap;
    }
    s->txns[s->n++] = *t;
    return true;
}

static void entry(struct cstate *s, const xmlNode *ntry)
{
    struct statement_txn base;
    int64_t amt;
    int sign;
    const char *status, *rvsl, *sub;
    xmlNode *txs[1000];
    size_t ntx = 0;
    xmlNode *sts = child(ntry, "Sts");

    memset(&base, 0, sizeof base);
    base.line = (int)xmlGetLineNo(ntry);
    if (!sts) {
        fail(s, ntry, "the entry has no status (Sts).");
        return;
    }
    status = child(sts, "Cd") ? text(s, child(sts, "Cd")) : text(s, sts);
    if (strcmp(status, "BOOK") != 0) {
        if (strcmp(status, "PDNG") == 0 || strcmp(status, "INFO") == 0 ||
            strcmp(status, "FUTR") == 0) {
            s->skipped++; /* not yet (or never) money on the account */
            return;
        }
        fail(s, sts, "the entry status is \"%.10s\"; expected BOOK, PDNG or INFO.", status);
        return;
    }
    if (!child(ntry, "CdtDbtInd")) {
        fail(s, ntry, "the entry does not say whether it is a credit or a debit (CdtDbtInd).");
        return;
    }
    if (!amount(s, ntry, &amt) || !credit_debit(s, child(ntry, "CdtDbtInd"), &sign))
        return;
    if (amt == 0) {
        s->skipped++;
        return;
    }
    rvsl = text(s, child(ntry, "RvslInd"));
    base.is_reversal = strcmp(rvsl, "true") == 0 || strcmp(rvsl, "1") == 0;
    if (!booking_date(s, ntry, &base.date))
        return;
    base.bank_ref = text(s, child(ntry, "AcctSvcrRef"));
    base.description = text(s, child(ntry, "AddtlNtryInf"));
    sub = text(s, path(ntry, "BkTxCd", "Domn", "Fmly", "SubFmlyCd", NULL));
    base.type = *sub ? sub : text(s, path(ntry, "BkTxCd", "Prtry", "Cd", NULL));
    base.reference = "";
    base.payee = "";
    if (s->failed)
        return;

    for (xmlNode *nd = ntry->children; nd; nd = nd->next) {
        if (!named(nd, "NtryDtls"))
            continue;
        for (xmlNode *tx = nd->children; tx; tx = tx->next) {
            if (!named(tx, "TxDtls"))
                continue;
            if (ntx == sizeof txs / sizeof *txs) {
                fail(s, tx, "the entry has more than %zu transaction details.",
                     sizeof txs / sizeof *txs);
                return;
            }
            txs[ntx++] = tx;
        }
    }
    if (ntx <= 1) {
        struct statement_txn t = base;
        t.amount = sign * amt;
        if (ntx == 1) {
            const char *add = text(s, child(txs[0], "AddtlTxInf"));
            t.payee = party(s, txs[0], sign);
            t.reference = remittance(s, txs[0]);
            if (!*t.description)
                t.description = add;
        }
        t.is_cash = t.amount < 0 && (strcmp(sub, "CWDL") == 0 ||
                                     statement_looks_cash(t.type, t.description));
        if (!s->failed)
            push(s, &t, ntry);
        return;
    }
    /* A batched entry: one transaction per TxDtls, which must add up to the entry. */
    {
        int64_t sum = 0;
        size_t first = s->n;
        for (size_t i = 0; i < ntx && !s->failed; i++) {
            struct statement_txn t = base;
            xmlNode *am = path(txs[i], "AmtDtls", "TxAmt", NULL);
            int tsign = sign;
            int64_t v;
            const char *add;
            if (!child(am, "Amt"))
                am = child(txs[i], "Amt") ? txs[i] : NULL;
            if (!am) {
                fail(s, txs[i], "part %zu of a batched entry has no amount of its own, so it "
                                "cannot be split.",
                     i + 1);
                return;
            }
            if (!amount(s, am, &v))
                return;
            if (child(txs[i], "CdtDbtInd") && !credit_debit(s, child(txs[i], "CdtDbtInd"), &tsign))
                return;
            t.amount = tsign * v;
            sum += t.amount;
            t.split_index = (int)i + 1;
            t.split_count = (int)ntx;
            t.line = (int)xmlGetLineNo(txs[i]);
            t.payee = party(s, txs[i], tsign);
            t.reference = remittance(s, txs[i]);
            add = text(s, child(txs[i], "AddtlTxInf"));
            if (*add)
                t.description = add;
            t.is_cash = t.amount < 0 && (strcmp(sub, "CWDL") == 0 ||
                                         statement_looks_cash(t.type, t.description));
            if (t.amount == 0)
                continue;
            if (!push(s, &t, txs[i]))
                return;
        }
        if (!s->failed && sum != sign * amt) {
            char m1[MONEY_FMT_SIZE], m2[MONEY_FMT_SIZE];
            money_format(sum, MONEY_FMT_POUND, m1, sizeof m1);
            money_format(sign * amt, MONEY_FMT_POUND, m2, sizeof m2);
            fail(s, ntry, "the %zu parts of this batched entry add up to %s, but the entry is for "
                          "%s.",
                 ntx, m1, m2);
            s->n = first;
        }
    }
}

static void balances(struct cstate *s, const xmlNode *stmt, struct statement *st)
{
    for (xmlNode *b = stmt->children; b && !s->failed; b = b->next) {
        const char *cd;
        int64_t v;
        int sign;
        if (!named(b, "Bal"))
            continue;
        cd = text(s, path(b, "Tp", "CdOrPrtry", "Cd", NULL));
        if (strcmp(cd, "OPBD") != 0 && strcmp(cd, "PRCD") != 0 && strcmp(cd, "CLBD") != 0)
            continue;
        if (!child(b, "CdtDbtInd")) {
            fail(s, b, "a balance does not say whether it is in credit or debit (CdtDbtInd).");
            return;
        }
        if (!amount(s, b, &v) || !credit_debit(s, child(b, "CdtDbtInd"), &sign))
            return;
        if (strcmp(cd, "CLBD") == 0) {
            st->has_closing = true;
            st->closing = sign * v;
        } else if (!st->has_opening) {
            st->has_opening = true;
            st->opening = sign * v;
        }
    }
}

/* Refuses anything with a document type or entity declaration before libxml2 sees it. */
static bool has_declarations(const char *data, size_t n)
{
    static const char *const bad[] = {"<!DOCTYPE", "<!ENTITY"};
    for (size_t k = 0; k < 2; k++) {
        size_t bl = strlen(bad[k]);
        for (size_t i = 0; i + bl <= n; i++)
            if (data[i] == '<' && memcmp(data + i, bad[k], bl) == 0)
                return true;
    }
    return false;
}

int camt053_parse(const char *data, size_t n, const struct camt053_options *o, struct arena *a,
                  struct statement *st, struct err *e)
{
    struct cstate s;
    xmlParserCtxtPtr ctxt = NULL;
    xmlDocPtr doc = NULL;
    xmlNode *root, *bk;
    size_t start = 0;
    int rc;

    memset(st, 0, sizeof *st);
    memset(&s, 0, sizeof s);
    s.a = a;
    s.e = e;
    s.o = o;
    if ((rc = statement_check_encoding(data, n, &start, e)) != 0)
        return rc;
    if (n - start > INT32_MAX)
        return err_set(e, ERR_RANGE, "The file is too large.");
    if (has_declarations(data + start, n - start))
        return err_set(e, ERR_INVALID,
                       "The file contains a document type or entity declaration (<!DOCTYPE or "
                       "<!ENTITY). Bank statements never do, and such files are refused for "
                       "safety. Nothing from this file has been imported.");
    ctxt = xmlNewParserCtxt();
    if (!ctxt)
        return err_set(e, ERR_NOMEM, "Out of memory reading the statement.");
    /* NONET: never fetch anything. No NOENT, no DTDLOAD, no HUGE: entities stay unexpanded and
     * libxml2's size and depth limits apply. */
    doc = xmlCtxtReadMemory(ctxt, data + start, (int)(n - start), "statement.xml", "UTF-8",
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        const xmlError *xe = xmlCtxtGetLastError(ctxt);
        char msg[200] = "the XML is not well formed";
        if (xe && xe->message) {
            snprintf(msg, sizeof msg, "%s", xe->message);
            msg[strcspn(msg, "\n")] = '\0';
        }
        err_set(e, ERR_INVALID,
                "Line %d: this is not well-formed XML (%s); the file may be cut short or not a "
                "statement. Nothing from this file has been imported.",
                xe ? xe->line : 0, msg);
        rc = ERR_INVALID;
        goto done;
    }
    root = xmlDocGetRootElement(doc);
    if (doc->intSubset || doc->extSubset) {
        err_set(e, ERR_INVALID, "The file declares a document type, which statements never do.");
        rc = ERR_INVALID;
        goto done;
    }
    if (!named(root, "Document") || !root->ns || !root->ns->href ||
        strncmp((const char *)root->ns->href, CAMT_NS_PREFIX, strlen(CAMT_NS_PREFIX)) != 0) {
        err_set(e, ERR_INVALID,
                "Line %ld: this is not a camt.053 bank statement (it should start with a "
                "<Document> in the namespace " CAMT_NS_PREFIX "...). Nothing from this file has "
                "been imported.",
                root ? xmlGetLineNo(root) : 1L);
        rc = ERR_INVALID;
        goto done;
    }
    bk = child(root, "BkToCstmrStmt");
    if (!bk || !child(bk, "Stmt")) {
        fail(&s, root, "there is no statement (BkToCstmrStmt/Stmt) in the file.");
    }
    for (xmlNode *stmt = bk ? bk->children : NULL; stmt && !s.failed; stmt = stmt->next) {
        const char *acct, *ccy;
        if (!named(stmt, "Stmt"))
            continue;
        acct = text(&s, path(stmt, "Acct", "Id", "IBAN", NULL));
        if (!*acct)
            acct = text(&s, path(stmt, "Acct", "Id", "Othr", "Id", NULL));
        ccy = text(&s, path(stmt, "Acct", "Ccy", NULL));
        if (*ccy && strcmp(ccy, "GBP") != 0) {
            fail(&s, stmt, "the account is in %.5s; direct-payment accounts are in pounds (GBP).",
                 ccy);
            break;
        }
        if (s.account && strcmp(s.account, acct) != 0) {
            fail(&s, stmt, "the file holds statements for more than one account (%.40s and "
                           "%.40s); import each account's statement on its own.",
                 s.account, acct);
            break;
        }
        s.account = acct;
        balances(&s, stmt, st);
        for (xmlNode *ntry = stmt->children; ntry && !s.failed; ntry = ntry->next)
            if (named(ntry, "Ntry"))
                entry(&s, ntry);
    }
    if (s.failed) {
        rc = e && e->code ? e->code : ERR_INVALID;
        goto done;
    }
    st->txns = arena_array(a, s.n ? s.n : 1, sizeof *st->txns);
    if (!st->txns) {
        rc = err_set(e, ERR_NOMEM, "Out of memory reading the statement.");
        goto done;
    }
    if (s.n)
        memcpy(st->txns, s.txns, s.n * sizeof *st->txns);
    st->n = s.n;
    st->format = "camt.053";
    st->account = s.account ? s.account : "";
    st->skipped = s.skipped;
    st->skipped_why = s.skipped ? "pending or information-only entries, and 0p entries" : "";
    rc = statement_fingerprint(st, e);
done:
    if (rc != 0)
        memset(st, 0, sizeof *st);
    free(s.txns);
    if (doc)
        xmlFreeDoc(doc);
    if (ctxt)
        xmlFreeParserCtxt(ctxt);
    return rc;
}
