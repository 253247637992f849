/*
 * payroll_rates.h — loads one tax year's payroll figures from data/rates/payroll-YYYY-YY.json into
 * the plain structs of src/domain/payroll/rates.h.
 *
 * The files are compiled into the binary (src/base/asset.h); a file on disk can be loaded the same
 * way to try new figures before they are built in. The parser is strict, because a typo in a rates
 * file would otherwise silently change what people are paid and taxed: unknown keys, a section
 * whose "sources" names no listed source (or a source without a URL), bands out of order, a
 * threshold missing for a pay frequency, a malformed or inexact amount (json_number.h) are all
 * refused with a message naming the file and the key.
 *
 * How to add a tax year: docs/payroll.md ("Adding a tax year").
 */
#ifndef SELFDIRECT_IO_PAYROLL_RATES_H
#define SELFDIRECT_IO_PAYROLL_RATES_H

#include <stddef.h>

#include "domain/payroll/rates.h"

struct err;
struct payrun_tables;

/* Parses a rates file's text; origin names it in messages. */
int payroll_rates_parse(const char *json, size_t len, const char *origin,
                        struct payroll_rates *out, struct err *e);

/* The built-in rates for a tax year (2025 for 2025-26). ERR_UNSUPPORTED, with a message listing
 * the years there are rates for, when there is none. */
int payroll_rates_load(int tax_year, struct payroll_rates *out, struct err *e);

/* A rates file on disk. */
int payroll_rates_load_file(const char *path, struct payroll_rates *out, struct err *e);

/* The tax years with built-in rates, ascending (up to max of them); returns how many there are. */
size_t payroll_rates_years(int *years, size_t max);

/* The minimum wage tables of every built-in year, in date order, for nmw_rate_on (the minimum
 * wage year starts on 1 April, so a pay date early in April needs the next file's table). */
int payroll_rates_load_nmw_all(struct nmw_rates *out, size_t max, size_t *n, struct err *e);

/* Every built-in year's rates, with the minimum wage and SSP tables gathered across years, for pay
 * runs (src/domain/payrun.h). Load once per command or server: it parses every rates file. */
int payroll_rates_load_tables(struct payrun_tables *out, struct err *e);

#endif
