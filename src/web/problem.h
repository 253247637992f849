/*
 * problem.h — API errors as RFC 9457 problem details (application/problem+json).
 *
 * Every refusal from /api/v1/ is one of these, and says what is wrong and how to fix it:
 *   {"type": "/api/v1/problems/invalid-field", "title": "A field is not valid", "status": 422,
 *    "detail": "date_of_birth must be a date like 1950-03-31.", "instance": "/api/v1/people",
 *    "field": "date_of_birth"}
 * "type" is a relative URI naming the kind of problem (docs/api.md lists them); "field" (an
 * extension member) names the input at fault when there is one.
 */
#ifndef SELFDIRECT_WEB_PROBLEM_H
#define SELFDIRECT_WEB_PROBLEM_H

#include "base/err.h"
#include "web/request.h"

/* slug NULL: derived from the status ("not-found", "forbidden", ...). field may be NULL. */
void problem_send(struct request *req, int status, const char *slug, const char *title,
                  const char *detail, const char *field);
/* From a struct err: ERR_INVALID -> 422 (400 when no field), ERR_NOT_FOUND -> 404, ... */
void problem_from_err(struct request *req, const struct err *e);
/* The slug used for a status when none is given. */
const char *problem_slug_for(int status);

#endif
