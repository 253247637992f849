/*
 * api_dp.h — the screens and API of issue 7 (docs/payments.md): a person's direct payment (the
 * light-touch view of their money, the schedule, remittance advice, statements sent in and what
 * they were matched to), the officer's work on it (changes from a date, payees and rules, manual
 * matches, monitoring flags and proposed recoveries), and finance's work (payment batches under the
 * four-eyes rule, the BACS file, settings, statement layouts, the worklist).
 *
 * Access is the router's, from the route table: person routes ({id}) name ACT_DP_READ,
 * ACT_DP_STATEMENT or ACT_DP_MANAGE; council routes name ACT_DP_WORKLIST or ACT_FINANCE. Inside,
 * the domain's own rules still apply and are answered in its words: the four-eyes rule (a batch is
 * approved by a finance approver who did not make it, bound to its exact contents; domain/batch.h),
 * the agreement gate (store/dp_store.h, dp_create), nothing recovered without an officer's decision
 * and the person told.
 *
 * Money-moving API calls (release, statement import, changes to the schedule, recovery decisions)
 * need an Idempotency-Key header; every other change takes one too. The key, a hash of the request
 * and the answer are stored in the change's own transaction (dp_web_change), so a repeat gives the
 * same answer and no second effect, a different request under the same key is refused (422), and
 * concurrent duplicates have one effect.
 */
#ifndef SELFDIRECT_WEB_API_DP_H
#define SELFDIRECT_WEB_API_DP_H

#include <stdbool.h>
#include <stdint.h>

#include "base/date.h"
#include "base/err.h"
#include "domain/batch.h"
#include "web/request.h"

struct json_t;
struct store_conn;

/* ---- shared by the pages and the API (api_dp_common.c) --------------------------------------- */

/* Today, from the request's clock. */
day_t dp_web_today(const struct request *req);
/* The {name} placeholder as a positive id, or 0. */
int64_t dp_web_param_id(const struct request *req, const char *name);
/* The principal as the four-eyes rules see them: finance officers make batches; finance approvers
 * make and approve them (from the staff record's role). Anyone else has no batch role. */
int dp_web_batch_actor(struct request *req, struct store_conn *c, struct batch_actor *out,
                       struct err *e);
/* Appends an audit entry for a change, inside c's transaction. subject_type "person" or
 * "payment_batch"; detail is JSON text or NULL. */
int dp_web_audit(struct request *req, struct store_conn *c, const char *action,
                 const char *subject_type, int64_t subject_id, const char *detail, struct err *e);

/* A change made through the API: runs inside one transaction with the Idempotency-Key's record and
 * the audit entry. Fills *status and *doc (a JSON document the caller gives up) or returns an
 * error (nothing is kept, the key included, so a retry runs again). */
typedef int (*dp_change_fn)(struct request *req, struct store_conn *c, void *ctx, int *status,
                            struct json_t **doc, struct err *e);
/* Runs fn as a change and answers: the stored answer again for a repeated key and request, 422 for
 * the key with another request, 428 when key_required and no key was sent. */
void dp_web_change(struct request *req, bool key_required, dp_change_fn fn, void *ctx);
/* SHA-256 (hex) of the method, path and body: what an idempotency key is bound to. */
void dp_web_request_hash(const struct request *req, char out[65]);
/* Answers an error as problem+json (503 for the store's own failures). */
void dp_web_problem(struct request *req, const struct err *e);
struct dp_row;
struct dp_money;
/* The person's money in plain sentences, for the page and the API ("You have spent £410.00 on
 * your support."). Arena strings. */
const char **dp_web_plain_words(struct request *req, const struct dp_row *d,
                                const struct dp_money *m, size_t *n);
/* JSON helpers: money as "1234.50", a date or null. */
struct json_t *dp_json_money(int64_t pence);
struct json_t *dp_json_date(day_t d);
struct json_t *dp_json_str(const char *s);

/* ---- pages (pages_dp.c, pages_finance.c) ----------------------------------------------------- */

void page_dp(struct request *req);
void page_dp_flag_resolve_post(struct request *req);
/* The finance officer records money paid back towards an agreed recovery, or keeps it back from
 * the next payment (the form carries a one-time key, so sending it twice records it once). */
void page_dp_recovery_settle_post(struct request *req);
void page_finance_worklist(struct request *req);
void page_finance_batches(struct request *req);
void page_finance_batches_post(struct request *req);
void page_finance_batch(struct request *req);
void page_finance_batch_post(struct request *req);

/* ---- API: one person's direct payment (api_dp.c) --------------------------------------------- */

void api_dp_get(struct request *req);
void api_dp_post(struct request *req);
void api_dp_changes_post(struct request *req);
void api_dp_transactions(struct request *req);
void api_dp_statements_post(struct request *req);
void api_dp_match_post(struct request *req);
void api_dp_rules_post(struct request *req);
void api_dp_payees_post(struct request *req);
void api_dp_monitoring_post(struct request *req);
void api_dp_flag_resolve_post(struct request *req);
void api_dp_recovery_decision_post(struct request *req);
/* Settling an agreed recovery (Idempotency-Key required): money paid back, posted at once; money
 * to keep back from the next payment, posted when its batch is released. */
void api_dp_recovery_receipts_post(struct request *req);
void api_dp_recovery_offsets_post(struct request *req);

/* ---- API: finance (api_finance.c) ------------------------------------------------------------ */

void api_finance_worklist(struct request *req);
void api_finance_batches(struct request *req);
void api_finance_batches_post(struct request *req);
void api_finance_batch(struct request *req);
void api_finance_batch_lines_post(struct request *req);
void api_finance_batch_line_delete(struct request *req);
void api_finance_batch_action_post(struct request *req);
void api_finance_batch_bacs(struct request *req);
void api_finance_monitoring_post(struct request *req);
void api_finance_settings(struct request *req);
void api_finance_settings_put(struct request *req);
void api_finance_layouts(struct request *req);
void api_finance_layouts_post(struct request *req);

#endif
