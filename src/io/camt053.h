/*
 * camt053.h — ISO 20022 camt.053 bank-to-customer statements (BkToCstmrStmt), as UK banks and
 * card and managed-account providers export them in XML. Any camt.053.001.* version is read by
 * element names, which have not changed across versions for what is used here.
 *
 * Read from each Stmt: the account (Acct/Id/IBAN or Othr/Id; Acct/Ccy must be GBP if given), the
 * opening (OPBD/PRCD) and closing (CLBD) balances, and each Ntry:
 *   Amt with Ccy (GBP only; more than two decimals refused), CdtDbtInd (CRDT = money in, DBIT =
 *   money out), RvslInd (a reversal by the bank: flagged, signed as CdtDbtInd says), Sts (only
 *   booked entries are imported; pending and information-only ones are counted in `skipped`),
 *   BookgDt (Dt or DtTm), AcctSvcrRef (the bank's reference, used for the fingerprint), BkTxCd (the
 *   type; sub-family CWDL marks a cash withdrawal), AddtlNtryInf, and NtryDtls/TxDtls: the other
 *   party (Cdtr for money out, Dbtr for money in; Nm directly or under Pty), RmtInf (Ustrd lines,
 *   or Strd/CdtrRefInf/Ref), Refs/EndToEndId, AddtlTxInf.
 * An entry with several TxDtls (a batched entry) is split into one transaction per TxDtls, each
 * with its own amount; the parts must add up to the entry's amount or the file is refused.
 *
 * Safety: parsed with libxml2 from memory with XML_PARSE_NONET (no network), without
 * XML_PARSE_NOENT (no entity substitution) or DTD loading; a file with a DOCTYPE or ENTITY
 * declaration is refused outright, since no bank statement has one and it is how XML bombs and
 * external-entity attacks arrive. The bytes must be UTF-8 (statement_check_encoding).
 *
 * Strict like the CSV importer: any problem refuses the whole file with its line and reason, and
 * nothing is returned.
 */
#ifndef SELFDIRECT_IO_CAMT053_H
#define SELFDIRECT_IO_CAMT053_H

#include <stddef.h>

#include "base/date.h"
#include "io/statement.h"

struct arena;
struct err;

struct camt053_options {
    day_t earliest; /* booking dates before this are refused (0: no limit) */
    day_t latest;   /* booking dates after this are refused (0: no limit) */
};

int camt053_parse(const char *data, size_t n, const struct camt053_options *o, struct arena *a,
                  struct statement *st, struct err *e);

#endif
