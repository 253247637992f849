/*
 * charging_rates.h — loads the charging rates of one tax year (capital limits, tariff income, the
 * Minimum Income Guarantee, premiums, per-child amounts and the published disability-benefit rates)
 * from data/rates/charging-YYYY-YY.json into a struct charging_rates.
 *
 * The data files are compiled into the binary (src/base/asset.h); a file given on the command line
 * is read the same way. Every figure in a file is an object {"amount": "112.50", "source": URL,
 * "status": "published" | "derived" | "unverified" | "derived-unverified", "note": ...}; a figure
 * with "amount": null is one no published source was found for, and stays unknown, so a calculation
 * that needs it refuses rather than guesses. The parser is strict (unknown keys, a figure without a
 * source, malformed amounts are refused), because a typo in a rates file would otherwise silently
 * change what people pay.
 */
#ifndef SELFDIRECT_IO_CHARGING_RATES_H
#define SELFDIRECT_IO_CHARGING_RATES_H

#include <stddef.h>

#include "domain/charging/charging.h"

struct err;

/* Parses a rates file's text; origin names it in messages ("data/rates/charging-2025-26.json"). */
int charging_rates_parse(const char *json, size_t len, const char *origin,
                         struct charging_rates *out, struct err *e);

/* The built-in rates for a tax year (2025 for 2025-26). ERR_UNSUPPORTED, with a message listing the
 * years there are rates for, when there is no file for it. */
int charging_rates_load(int tax_year, struct charging_rates *out, struct err *e);

/* A rates file on disk (for councils testing new figures before they are built in). */
int charging_rates_load_file(const char *path, struct charging_rates *out, struct err *e);

#endif
