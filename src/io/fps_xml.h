/*
 * fps_xml.h — the RTI Full Payment Submission (FPS) for one pay run, as XML, written with
 * libxml2's xmlTextWriter (so every value is escaped by the library, never by hand).
 *
 * What is written follows HMRC's FPS schema names and order for the parts a PA employer uses:
 * IRenvelope/IRheader (Keys TaxOfficeNumber and TaxOfficeReference, PeriodEnd, DefaultCurrency,
 * Sender) and FullPaymentSubmission (EmpRefs OfficeNo/PayeRef/AORef, RelatedTaxYear, one Employee
 * per payslip: EmployeeDetails NINO/Name/Address/BirthDate/Gender; Employment Starter, PayId,
 * IrrEmp, LeavingDate, FiguresToDate TaxablePay/TotalTax, Payment PayFreq/PmtDate/WeekNo or
 * MonthNo/PeriodsCovered/HoursWorked/TaxCode/TaxablePay/DednsFromNetPay/PayAfterStatDedns/
 * EmpeePenContribnsPaid/EmpeePenContribnsNotPaid/TaxDeductedOrRefunded, NIlettersAndValues with
 * every band to date; FinalSubmission ForYear on the year's last FPS). The namespace is the tax
 * year's (…/FullPaymentSubmission/25-26/1). docs/pa.md lists what is not covered: the GovTalk
 * envelope and the IRmark (added by the filing software that sends it), student and postgraduate
 * loans, benefits, statutory parental pay, directors, and more than one NI letter in a year.
 */
#ifndef SELFDIRECT_IO_FPS_XML_H
#define SELFDIRECT_IO_FPS_XML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/payrun.h"
#include "io/payslip_pdf.h"

struct buf;
struct err;

struct fps_employee {
    const struct pa_doc_employee *who;
    const struct payslip_calc *slip;
    int64_t normal_weekly_minutes; /* contracted hours, for HoursWorked (0: irregular, band E) */
    bool starter;                  /* the first payment of this employment */
    char starter_declaration;      /* 'A', 'B', 'C', or 0 when a P45 was given */
    bool irregular;                /* IrrEmp: not paid for 3 months or more expected */
    bool net_pay_arrangement;      /* pension deducted before tax (else relief at source) */
};

struct fps_submission {
    const struct pa_doc_employer *employer;
    const struct payrun_period *period;
    const struct fps_employee *employees;
    size_t n;
    bool final_for_year;
};

/* The namespace of a tax year's FPS schema. */
const char *fps_xml_namespace(int tax_year);

/* Writes the XML into out (capped by the caller). ERR_INVALID when a required figure is missing
 * (no employees, a PA without a date of birth). */
int fps_xml_write(const struct fps_submission *s, struct buf *out, struct err *e);

/* HMRC's hours-worked band for normal weekly hours: A up to 15.99, B 16-23.99, C 24-29.99,
 * D 30 or more, E other (irregular). */
char fps_hours_band(int64_t normal_weekly_minutes);

#endif
