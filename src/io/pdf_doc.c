/* pdf_doc.c — the plan and the DP agreement as PDFs (layout described in pdf_doc.h). */
#include "io/pdf_doc.h"

#include <hpdf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/money.h"

/* Geometry in PDF points (1/72 inch). A4 is 595.276 x 841.89. */
#define PAGE_MARGIN 56.7f /* 20 mm */
#define BODY_SIZE 12.0f
#define BODY_LEAD 16.0f
#define H1_SIZE 20.0f
#define H1_LEAD 26.0f
#define H2_SIZE 15.0f
#define H2_LEAD 20.0f
#define BULLET_INDENT 16.0f
#define FOOTER_SIZE 12.0f /* page numbers are text people read too */
#define FOOTER_SPACE 28.0f
#define MAX_PAGES 500
#define PDF_LINE_MAX 4096

size_t pdf_doc_to_winansi(const char *utf8, char *out, size_t outsz)
{
    const unsigned char *s = (const unsigned char *)utf8;
    size_t n = 0;
    if (outsz == 0)
        return 0;
    while (*s && n + 1 < outsz) {
        uint32_t cp;
        unsigned char c;
        if (s[0] < 0x80) {
            cp = s[0];
            s += 1;
        } else if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
            cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
            s += 2;
        } else if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
            cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
            s += 3;
        } else if ((s[0] & 0xF8) == 0xF0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
                   (s[3] & 0xC0) == 0x80) {
            cp = 0xFFFD; /* outside the Basic Multilingual Plane: nothing WinAnsi can show */
            s += 4;
        } else {
            cp = 0xFFFD; /* malformed byte: skip it */
            s += 1;
        }
        if (cp == '\t' || cp == '\n' || cp == '\r')
            c = ' ';
        else if (cp < 0x20)
            continue;
        else if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
            c = (unsigned char)cp;
        else
            switch (cp) {
            case 0x20AC: c = 0x80; break; /* euro */
            case 0x2026: c = 0x85; break; /* ellipsis */
            case 0x2018: c = 0x91; break;
            case 0x2019: c = 0x92; break;
            case 0x201C: c = 0x93; break;
            case 0x201D: c = 0x94; break;
            case 0x2022: c = 0x95; break; /* bullet */
            case 0x2013: c = 0x96; break; /* en dash */
            case 0x2014: c = 0x97; break; /* em dash */
            case 0x2122: c = 0x99; break;
            default: c = '?'; break;
            }
        out[n++] = (char)c;
    }
    out[n] = '\0';
    return n;
}

struct layout {
    HPDF_Doc pdf;
    HPDF_Font font, bold;
    HPDF_Page pages[MAX_PAGES];
    int npages;
    HPDF_Page page;
    float y;
    float width; /* the text measure */
    const char *footer;
    bool failed;
    unsigned long hpdf_error;
    struct err *e;
};

static void on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    struct layout *l = user;
    (void)detail_no;
    if (!l->failed) {
        l->failed = true;
        l->hpdf_error = (unsigned long)error_no;
    }
}

static float top(void) { return 841.89f - PAGE_MARGIN; }
static float bottom(void) { return PAGE_MARGIN + FOOTER_SPACE; }

static void new_page(struct layout *l)
{
    if (l->failed)
        return;
    if (l->npages == MAX_PAGES) {
        l->failed = true;
        err_set(l->e, ERR_RANGE, "The document would be more than %d pages.", MAX_PAGES);
        return;
    }
    l->page = HPDF_AddPage(l->pdf);
    if (!l->page) {
        l->failed = true;
        return;
    }
    HPDF_Page_SetSize(l->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    l->pages[l->npages++] = l->page;
    l->y = top();
}

/* Makes room for h points on this page, or starts the next. */
static void ensure(struct layout *l, float h)
{
    if (!l->page || l->y - h < bottom())
        new_page(l);
}

static void draw(struct layout *l, HPDF_Font f, float size, float x, float baseline, const char *s)
{
    if (l->failed)
        return;
    HPDF_Page_BeginText(l->page);
    HPDF_Page_SetFontAndSize(l->page, f, size);
    HPDF_Page_TextOut(l->page, x, baseline, s);
    HPDF_Page_EndText(l->page);
}

/* Writes text wrapped to the measure, starting on a new line. keep_with_next reserves room for
 * lines after it (headings). */
static void text(struct layout *l, HPDF_Font f, float size, float lead, float indent, bool bullet,
                 const char *utf8, float keep_with_next)
{
    char line[PDF_LINE_MAX], *enc;
    const char *p;
    size_t len, left, cap;
    bool first = true;
    float w = l->width - indent;

    if (l->failed)
        return;
    /* WinAnsi never needs more bytes than the UTF-8 it comes from. */
    cap = strlen(utf8 ? utf8 : "") + 1;
    if (!(enc = malloc(cap))) {
        l->failed = true;
        err_set(l->e, ERR_NOMEM, "Out of memory writing the PDF.");
        return;
    }
    len = pdf_doc_to_winansi(utf8 ? utf8 : "", enc, cap);
    p = enc;
    left = len;
    while (left > 0 && *p == ' ')
        p++, left--;
    while (left > 0 && !l->failed) {
        HPDF_UINT n = HPDF_Font_MeasureText(f, (const HPDF_BYTE *)p, (HPDF_UINT)left, w, size, 0, 0,
                                            HPDF_TRUE, NULL);
        size_t take;
        if (n == 0) /* one word wider than the line: break it */
            n = HPDF_Font_MeasureText(f, (const HPDF_BYTE *)p, (HPDF_UINT)left, w, size, 0, 0,
                                      HPDF_FALSE, NULL);
        if (n == 0)
            n = 1;
        take = n < sizeof line ? n : sizeof line - 1;
        memcpy(line, p, take);
        while (take > 0 && line[take - 1] == ' ')
            take--;
        line[take] = '\0';
        ensure(l, lead + (first ? keep_with_next : 0));
        if (l->failed)
            break;
        l->y -= lead;
        if (bullet && first)
            draw(l, l->font, size, PAGE_MARGIN + indent - BULLET_INDENT + 4, l->y, "\x95");
        draw(l, f, size, PAGE_MARGIN + indent, l->y, line);
        first = false;
        p += n;
        left -= n;
        while (left > 0 && *p == ' ')
            p++, left--;
    }
    free(enc);
}

static void gap(struct layout *l, float h)
{
    if (l->page)
        l->y -= h;
}

static void h1(struct layout *l, const char *s)
{
    text(l, l->bold, H1_SIZE, H1_LEAD, 0, false, s, BODY_LEAD * 2);
    gap(l, 6);
}

static void h2(struct layout *l, const char *s)
{
    gap(l, 10);
    text(l, l->bold, H2_SIZE, H2_LEAD, 0, false, s, BODY_LEAD * 2);
    gap(l, 2);
}

static void para(struct layout *l, const char *s)
{
    text(l, l->font, BODY_SIZE, BODY_LEAD, 0, false, s, 0);
    gap(l, 6);
}

static void bullet(struct layout *l, const char *s)
{
    text(l, l->font, BODY_SIZE, BODY_LEAD, BULLET_INDENT, true, s, 0);
    gap(l, 3);
}

/* Free text as typed: each line of it becomes a paragraph. */
static void free_text(struct layout *l, const char *s)
{
    char *copy, *line, *next;
    if (!s || l->failed)
        return;
    if (!(copy = strdup(s))) {
        l->failed = true;
        err_set(l->e, ERR_NOMEM, "Out of memory writing the PDF.");
        return;
    }
    for (line = copy; line; line = next) {
        size_t n;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        n = strlen(line);
        if (n > 0 && line[n - 1] == '\r')
            line[--n] = '\0';
        if (n > 0)
            para(l, line);
    }
    free(copy);
}

static int start(struct layout *l, const char *title, const char *footer, unsigned flags,
                 struct err *e)
{
    char t[512];
    memset(l, 0, sizeof *l);
    l->e = e;
    l->footer = footer;
    l->width = 595.276f - 2 * PAGE_MARGIN;
    l->pdf = HPDF_New(on_error, l);
    if (!l->pdf)
        return err_set(e, ERR_NOMEM, "Could not start a PDF.");
    if (!(flags & PDF_DOC_UNCOMPRESSED))
        HPDF_SetCompressionMode(l->pdf, HPDF_COMP_ALL);
    l->font = HPDF_GetFont(l->pdf, "Helvetica", "WinAnsiEncoding");
    l->bold = HPDF_GetFont(l->pdf, "Helvetica-Bold", "WinAnsiEncoding");
    pdf_doc_to_winansi(title, t, sizeof t);
    HPDF_SetInfoAttr(l->pdf, HPDF_INFO_TITLE, t);
    HPDF_SetInfoAttr(l->pdf, HPDF_INFO_CREATOR, "selfdirect");
    if (l->failed || !l->font || !l->bold) {
        HPDF_Free(l->pdf);
        return err_set(e, ERR_IO, "Could not set up the PDF's fonts.");
    }
    new_page(l);
    return 0;
}

/* Footers on every page now the count is known, then the bytes into out. */
static int finish(struct layout *l, struct buf *out, int *pages)
{
    int rc = 0;
    if (!l->failed)
        for (int i = 0; i < l->npages; i++) {
            char num[64], foot[600];
            float wnum;
            l->page = l->pages[i];
            snprintf(num, sizeof num, "Page %d of %d", i + 1, l->npages);
            pdf_doc_to_winansi(l->footer ? l->footer : "", foot, sizeof foot);
            HPDF_Page_SetFontAndSize(l->page, l->font, FOOTER_SIZE);
            wnum = HPDF_Page_TextWidth(l->page, num);
            draw(l, l->font, FOOTER_SIZE, PAGE_MARGIN, PAGE_MARGIN, foot);
            draw(l, l->font, FOOTER_SIZE, 595.276f - PAGE_MARGIN - wnum, PAGE_MARGIN, num);
        }
    if (!l->failed && HPDF_SaveToStream(l->pdf) == HPDF_OK) {
        HPDF_ResetStream(l->pdf);
        for (;;) {
            HPDF_BYTE chunk[8192];
            HPDF_UINT32 n = sizeof chunk;
            HPDF_STATUS st = HPDF_ReadFromStream(l->pdf, chunk, &n);
            if (n > 0 && (rc = buf_add(out, chunk, n)) != 0)
                break;
            if (st == HPDF_STREAM_EOF || st != HPDF_OK)
                break;
        }
    }
    if (rc == ERR_RANGE)
        err_set(l->e, ERR_RANGE, "The PDF is larger than allowed.");
    else if (rc != 0)
        err_set(l->e, rc, "Out of memory writing the PDF.");
    else if (l->failed) {
        rc = ERR_IO;
        err_set(l->e, ERR_IO, "The PDF could not be made (libharu error 0x%04lX).", l->hpdf_error);
    }
    if (rc == 0 && pages)
        *pages = l->npages;
    HPDF_Free(l->pdf);
    return rc;
}

static const char *fmt_money(char *b, int64_t pence)
{
    money_format(pence, MONEY_FMT_POUND, b, MONEY_FMT_SIZE);
    return b;
}

static const char *outcome_text(const struct plan *p, const char *id)
{
    for (size_t i = 0; i < p->noutcomes; i++)
        if (p->outcomes[i].id && id && strcmp(p->outcomes[i].id, id) == 0)
            return p->outcomes[i].text;
    return id ? id : "";
}

int pdf_doc_plan(const struct plan *p, const struct plan_costing *c, const char *person_name,
                 unsigned flags, struct buf *out, int *pages, struct err *e)
{
    struct layout l;
    char s[PDF_LINE_MAX], m1[MONEY_FMT_SIZE], m2[MONEY_FMT_SIZE], m3[MONEY_FMT_SIZE];
    char d1[48], d2[48], hash[PLAN_HASH_HEX], footer[128], title[256];
    int rc;

    if ((rc = plan_hash(p, hash, e)) != 0)
        return rc;
    if (c && c->nlines != p->nlines)
        return err_set(e, ERR_INVALID, "The costing is not for this plan.");
    snprintf(title, sizeof title, "Support plan: %s", person_name ? person_name : p->person_ref);
    snprintf(footer, sizeof footer, "Plan version %d, reference %.12s", p->version, hash);
    if ((rc = start(&l, title, footer, flags, e)) != 0)
        return rc;

    h1(&l, title);
    date_format_long(p->start_date, d1, sizeof d1);
    if (p->has_review_date)
        date_format_long(p->review_date, d2, sizeof d2);
    snprintf(s, sizeof s, "Version %d (%s). Starts %s%s%s.", p->version,
             p->status == PLAN_SIGNED_OFF ? "signed off" : p->status == PLAN_SUBMITTED ? "sent for sign-off"
             : p->status == PLAN_SUPERSEDED ? "replaced by a later version" : "draft",
             d1, p->has_review_date ? "; review by " : "", p->has_review_date ? d2 : "");
    para(&l, s);
    {
        char help[1024] = "";
        size_t n = 0;
        for (size_t i = 0; i < p->nhelpers && n < sizeof help; i++) {
            int k = snprintf(help + n, sizeof help - n, "%s%s%s%s%s", i ? "; " : "",
                             plan_helper_kind_title(p->helpers[i].kind),
                             p->helpers[i].name ? " (" : "", p->helpers[i].name ? p->helpers[i].name : "",
                             p->helpers[i].name ? ")" : "");
            if (k < 0)
                break;
            n += (size_t)k;
        }
        snprintf(s, sizeof s, "Planned by: %s.%s%s", plan_helper_kind_title(p->planned_by),
                 p->nhelpers ? " With help from: " : "", p->nhelpers ? help : "");
        para(&l, s);
    }

    for (int sec = 0; sec < PLAN_SECTION_COUNT; sec++) {
        const char *body = p->sections[sec];
        bool has_body = body && *body;
        if (sec == PLAN_SEC_OUTCOMES) {
            h2(&l, plan_section_title(PLAN_SEC_OUTCOMES));
            if (has_body)
                free_text(&l, body);
            for (size_t i = 0; i < p->noutcomes; i++)
                bullet(&l, p->outcomes[i].text);
            if (p->noutcomes == 0 && !has_body)
                para(&l, "None written yet.");
            continue;
        }
        if (sec == PLAN_SEC_BUDGET_USE) {
            h2(&l, plan_section_title(PLAN_SEC_BUDGET_USE));
            if (has_body)
                free_text(&l, body);
            for (size_t i = 0; i < p->nlines; i++) {
                const struct plan_line *ln = &p->lines[i];
                char helps[1024] = "";
                size_t n = 0;
                for (size_t k = 0; k < ln->noutcomes && n < sizeof helps; k++) {
                    int w = snprintf(helps + n, sizeof helps - n, "%s\"%s\"", k ? ", " : "",
                                     outcome_text(p, ln->outcomes[k]));
                    if (w < 0)
                        break;
                    n += (size_t)w;
                }
                /* The costing's explanation starts with the description. */
                snprintf(s, sizeof s, "%s (%s; %s).%s%s", c ? c->lines[i].explanation : ln->description,
                         plan_line_kind_title(ln->kind), choice_option_title(ln->managed_by),
                         ln->noutcomes ? " Helps with: " : "", ln->noutcomes ? helps : "");
                bullet(&l, s);
            }
            if (c) {
                h2(&l, "Costs against the budget");
                snprintf(s, sizeof s, "Running cost: %s a year, %s a week, %s every 4 weeks.",
                         fmt_money(m1, c->annual), fmt_money(m2, c->weekly), fmt_money(m3, c->four_weekly));
                para(&l, s);
                if (c->one_off > 0) {
                    snprintf(s, sizeof s, "One-off costs: %s, of which %s comes from the budget.",
                             fmt_money(m1, c->one_off), fmt_money(m2, c->one_off_from_budget));
                    para(&l, s);
                }
                snprintf(s, sizeof s, "Budget: %s a year (%s a week). %s %s.",
                         fmt_money(m1, c->budget_annual), fmt_money(m2, c->budget_weekly),
                         c->over_budget ? "Over the budget by" : "Left over:",
                         fmt_money(m3, c->over_budget ? -c->headroom : c->headroom));
                para(&l, s);
                snprintf(s, sizeof s, "Agency hours and day-centre places: %s; other ways of "
                                      "using the budget: %s.",
                         fmt_money(m1, c->traditional), fmt_money(m2, c->other));
                para(&l, s);
                if (c->nwarnings) {
                    h2(&l, "Things to check");
                    for (size_t i = 0; i < c->nwarnings; i++)
                        bullet(&l, c->warnings[i].message);
                }
            }
            continue;
        }
        if (!has_body)
            continue;
        h2(&l, plan_section_title((enum plan_section)sec));
        free_text(&l, body);
    }
    return finish(&l, out, pages);
}

int pdf_doc_agreement(const struct dp_agreement *ag, unsigned flags, struct buf *out, int *pages,
                      struct err *e)
{
    struct layout l;
    char footer[128];
    int rc;
    snprintf(footer, sizeof footer, "Agreement reference %.12s", ag->hash);
    if ((rc = start(&l, ag->title, footer, flags, e)) != 0)
        return rc;
    h1(&l, ag->title);
    for (size_t i = 0; i < ag->nsections; i++) {
        const struct dp_agreement_section *sec = &ag->sections[i];
        h2(&l, sec->heading);
        for (size_t j = 0; j < sec->nparagraphs; j++) {
            const char *pg = sec->paragraphs[j];
            if (pg[0] == '-' && pg[1] == ' ')
                bullet(&l, pg + 2);
            else
                para(&l, pg);
        }
    }
    return finish(&l, out, pages);
}
