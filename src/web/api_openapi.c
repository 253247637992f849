/* api_openapi.c — serves the API's OpenAPI 3 document. The document is written by hand
 * (assets/api/openapi.json, embedded in the binary) so that it says what each operation means;
 * tests/unit/web_openapi.c keeps it true: every API route in the table is in the document with
 * its method, and every operation in the document is a route. */
#include "base/asset.h"
#include "web/pages.h"
#include "web/problem.h"

#define OPENAPI_ASSET "assets/api/openapi.json"

void api_openapi(struct request *req)
{
    const struct asset *a = asset_find(OPENAPI_ASSET);
    if (!a) {
        problem_send(req, 500, NULL, "Internal error", "The API description is missing.", NULL);
        return;
    }
    response_start(req, 200, "application/json");
    req->res.static_body = a->data;
    req->res.static_len = a->len;
    req->res.cache = CACHE_REVALIDATE;
}
