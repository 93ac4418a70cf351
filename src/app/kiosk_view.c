/*
 * kiosk_view.c -- draw the kiosk's screens from their view models.
 */
#include "kiosk.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const wms_ui_hint global_hints[] = {
        {"F1", "Home", KA_HOME},
        {"F2", "Lookup", KA_TILE_LOOKUP},
        {"F3", "Docs", KA_TILE_DOCS},
        {"F4", "Sync", KA_TILE_SYNC},
};

static void footer(kiosk *k, wms_ui *ui, const char *esc_text)
{
    wms_ui_hint h[5];
    size_t n = 0;
    if (k->logged_in) {
        for (size_t i = 0; i < WMS_ARRAY_LEN(global_hints); i++) {
            h[n++] = global_hints[i];
        }
    }
    if (esc_text) {
        wms_ui_hint e = {"Esc", esc_text, k->screen == KS_HOME ? KA_LOGOUT : KA_BACK};
        h[n++] = e;
    }
    wms_ui_footer(ui, ui->layout.footer, h, n);
}

static void qs(wms_qty q, char *buf, size_t cap)
{
    if (wms_qty_format(q, buf, cap) != 0) {
        wms_strlcpy(buf, "?", cap);
    }
}

/* ------------------------------------------------------------------------ */

static void draw_login(kiosk *k, wms_ui *ui)
{
    const wms_theme *t = &ui->theme;
    const wms_layout *L = &ui->layout;
    wms_rect c = L->content;
    if (k->login.step == 0) {
        wms_ui_title(ui, "Log in", NULL);
        int fh = t->target + t->font_px[WMS_FONT_SMALL] + 4;
        int w = c.w > 560 ? 560 : c.w;
        int x = c.x + (c.w - w) / 2;
        wms_ui_text(ui, wms_rect_make(x, c.y, w, t->target), WMS_FONT_LARGE, WMS_ALIGN_CENTER,
                    t->text, "Scan your badge");
        wms_ui_text(ui, wms_rect_make(x, c.y + t->target, w, t->font_px[1] + 8), WMS_FONT_BODY,
                    WMS_ALIGN_CENTER, t->text_dim, "or type your operator code and press Enter");
        int y = c.y + t->target + t->font_px[1] + 8 + t->gap;
        wms_ui_textfield(ui, wms_rect_make(x, y, w, fh), "Operator code", k->login.code,
                         "e.g. 0001", true, false, KA_FIELD);
        y += fh + t->gap;
        wms_ui_button(ui, wms_rect_make(x + w / 2, y, w / 2, t->target), "Next", "Enter",
                      WMS_UI_BTN_PRIMARY, KA_LOGIN_NEXT, k->login.code[0] != '\0');
        footer(k, ui, NULL);
        return;
    }
    wms_ui_title(ui, "Enter your PIN", k->login.cand.name);
    int fh = t->target + t->font_px[WMS_FONT_SMALL] + 4;
    if (L->portrait) {
        wms_ui_textfield(ui, wms_rect_make(c.x, c.y, c.w, fh), "PIN", k->login.pin, NULL, true,
                         true, 0);
        wms_ui_keypad(ui, wms_rect_make(c.x, c.y + fh + t->gap, c.w, c.h - fh - t->gap), 0,
                      "Log in");
    } else {
        int lw = c.w / 2;
        char who[160];
        snprintf(who, sizeof(who), "%s (%s)", k->login.cand.name, k->login.cand.role);
        wms_ui_text(ui, wms_rect_make(c.x, c.y, lw, t->target), WMS_FONT_BOLD, WMS_ALIGN_LEFT,
                    t->text, who);
        wms_ui_textfield(ui, wms_rect_make(c.x, c.y + t->target, lw - t->gap, fh), "PIN",
                         k->login.pin, NULL, true, true, 0);
        wms_ui_text(ui, wms_rect_make(c.x, c.y + t->target + fh + t->gap, lw, t->target),
                    WMS_FONT_SMALL, WMS_ALIGN_LEFT, t->text_dim, "Esc: another operator");
        wms_ui_keypad(ui, wms_rect_make(c.x + lw, c.y, c.w - lw, c.h), 0, "Log in");
    }
    footer(k, ui, "Back");
}

static void draw_home(kiosk *k, wms_ui *ui)
{
    (void)k;
    const wms_theme *t = &ui->theme;
    const wms_layout *L = &ui->layout;
    char hello[128];
    snprintf(hello, sizeof(hello), "Hello, %s", k->op.name);
    wms_ui_title(ui, hello, "Scan anything to look it up");
    static const struct {
        const char *label, *hint;
        int action;
        bool enabled;
    } tiles[] = {
            {"Receive", "Goods in", KA_TILE_RECEIVE, true},
            {"Lookup", "What is this?", KA_TILE_LOOKUP, true},
            {"Documents", "My receipts", KA_TILE_DOCS, true},
            {"Sync", "Link & health", KA_TILE_SYNC, true},
            {"Move", NULL, KA_TILE_MOVE, false},
            {"Pick", NULL, KA_TILE_PICK, false},
            {"Count", NULL, KA_TILE_COUNT, false},
    };
    static const char *const keys[] = {"Enter", "F2", "F3", "F4", NULL, NULL, NULL};
    int cols = L->tile_cols;
    int n = (int)WMS_ARRAY_LEN(tiles);
    int rows = (n + cols - 1) / cols;
    wms_rect c = L->content;
    int tw = (c.w - (cols - 1) * t->gap) / cols;
    int th = (c.h - (rows - 1) * t->gap) / rows;
    for (int i = 0; i < n; i++) {
        wms_rect r = wms_rect_make(c.x + (i % cols) * (tw + t->gap),
                                   c.y + (i / cols) * (th + t->gap), tw, th);
        wms_ui_tile(ui, r, tiles[i].label, tiles[i].hint, keys[i], tiles[i].action,
                    tiles[i].enabled, "Coming later");
    }
    footer(k, ui, "Log out");
}

/* Receive ----------------------------------------------------------------- */

static void plan_row(void *data, int i, char *l, size_t lc, char *r, size_t rc, wms_ui_kind *kind)
{
    const kiosk *k = data;
    const kd_planned *p = &k->rcv.plans[i];
    snprintf(l, lc, "%s  %s", p->ref, p->partner);
    snprintf(r, rc, "%lld lines", (long long)p->lines);
    *kind = WMS_UI_NONE;
}

static void line_row(void *data, int i, char *l, size_t lc, char *r, size_t rc, wms_ui_kind *kind)
{
    const kiosk *k = data;
    int idx = (int)((k->rcv.lpage.page - 1) * k->rcv.lpage.page_size) + i;
    const kd_line *ln = &k->rcv.lines[idx];
    char got[WMS_QTY_STRING_MAX], exp[WMS_QTY_STRING_MAX];
    qs(ln->received, got, sizeof(got));
    if (ln->lot[0]) {
        snprintf(l, lc, "%s lot %s \xC2\xB7 %s", ln->sku, ln->lot, ln->name);
    } else {
        snprintf(l, lc, "%s %s", ln->sku, ln->name);
    }
    *kind = WMS_UI_NONE;
    if (ln->expected.milli > 0) {
        qs(ln->expected, exp, sizeof(exp));
        snprintf(r, rc, "%s / %s", got, exp);
        if (ln->received.milli > ln->expected.milli) {
            *kind = WMS_UI_WARN;
        } else if (ln->received.milli == ln->expected.milli) {
            *kind = WMS_UI_OK;
        }
    } else {
        snprintf(r, rc, "%s", got);
        *kind = ln->received.milli > 0 ? WMS_UI_OK : WMS_UI_NONE;
    }
}

static void draw_receive(kiosk *k, wms_ui *ui)
{
    const wms_theme *t = &ui->theme;
    const wms_layout *L = &ui->layout;
    wms_rect c = L->content;
    if (k->rcv.step == 0) {
        wms_ui_title(ui, "Receive: pick the delivery", NULL);
        int bh = t->target;
        wms_ui_button(ui, wms_rect_make(c.x, c.y, c.w, bh), "Unplanned receipt", NULL,
                      WMS_UI_BTN_PRIMARY, KA_UNPLANNED, true);
        wms_ui_list l = {k->rcv.page,
                         k->rcv.plans_total,
                         k->rcv.nplans,
                         k->sel,
                         KA_ROW,
                         KA_PREV,
                         KA_NEXT,
                         plan_row,
                         k,
                         "No expected receipts"};
        wms_ui_list_draw(ui, wms_rect_make(c.x, c.y + bh + t->gap, c.w, c.h - bh - t->gap), &l);
        footer(k, ui, "Back");
        return;
    }
    char note[256];
    snprintf(note, sizeof(note), "%s%s%s", k->rcv.plan.ref[0] ? k->rcv.plan.ref : "unplanned",
             k->rcv.plan.partner[0] ? " \xC2\xB7 " : "", k->rcv.plan.partner);
    char title[96];
    snprintf(title, sizeof(title), "Receive %s", k->rcv.doc.ref);
    wms_ui_title(ui, title, note);
    if (k->rcv.step == 2) {
        const kd_product *p = &k->rcv.last_p;
        int kw = L->portrait ? c.w : c.w / 2;
        int fh = t->target + t->font_px[WMS_FONT_SMALL] + 4;
        char cap[160];
        snprintf(cap, sizeof(cap), "Quantity (%s%s) for %s", p->uom,
                 p->decimals > 0 ? ", decimals allowed" : "", p->sku);
        wms_rect info = L->portrait ? wms_rect_make(c.x, c.y, c.w, fh)
                                    : wms_rect_make(c.x, c.y, c.w - kw - t->gap, fh);
        wms_ui_textfield(ui, info, cap, k->rcv.qty, "0", true, false, 0);
        if (!L->portrait) {
            wms_ui_text(ui, wms_rect_make(c.x, c.y + fh + t->gap, info.w, t->target), WMS_FONT_BODY,
                        WMS_ALIGN_LEFT, t->text_dim, p->name);
        }
        wms_rect kp = L->portrait ? wms_rect_make(c.x, c.y + fh + t->gap, c.w, c.h - fh - t->gap)
                                  : wms_rect_make(c.x + c.w - kw, c.y, kw, c.h);
        wms_ui_keypad(ui, kp, p->decimals, "Set");
        footer(k, ui, "Back");
        return;
    }
    int bw = L->portrait ? c.w : 220 * c.w / 784;
    int lw = L->portrait ? c.w : c.w - bw - t->gap;
    int loc_h = t->font_px[WMS_FONT_BOLD] + 12;
    char loc[96];
    snprintf(loc, sizeof(loc), "%s  (scan L:... to change)",
             k->rcv.loc.code[0] ? k->rcv.loc.code : "none");
    wms_ui_label(ui, wms_rect_make(c.x, c.y, lw, loc_h), "Location", loc);
    int bh = t->target;
    int list_h = c.h - loc_h - t->gap;
    if (L->portrait) {
        list_h -= bh + t->gap;
    }
    int cap = wms_ui_list_capacity(ui, wms_rect_make(c.x, 0, lw, list_h));
    k->rcv.lpage.page_size = cap;
    int64_t off = (k->rcv.lpage.page - 1) * k->rcv.lpage.page_size;
    int rows = (int)(k->rcv.nlines - off);
    rows = rows < 0 ? 0 : (rows > cap ? cap : rows);
    wms_ui_list l = {k->rcv.lpage, k->rcv.nlines, rows, k->rcv.selected,          KA_ROW, KA_PREV,
                     KA_NEXT,      line_row,      k,    "Scan a product to start"};
    wms_ui_list_draw(ui, wms_rect_make(c.x, c.y + loc_h + t->gap, lw, list_h), &l);
    if (L->portrait) {
        int y = c.y + c.h - bh;
        int w3 = (c.w - 2 * t->gap) / 3;
        wms_ui_button(ui, wms_rect_make(c.x, y, w3, bh), "Set qty", NULL, WMS_UI_BTN_NORMAL,
                      KA_SET_QTY, k->rcv.have_last);
        wms_ui_button(ui, wms_rect_make(c.x + w3 + t->gap, y, w3, bh), "Cancel", NULL,
                      WMS_UI_BTN_DANGER, KA_CANCEL_DOC, true);
        wms_ui_button(ui, wms_rect_make(c.x + 2 * (w3 + t->gap), y, w3, bh), "Post", NULL,
                      WMS_UI_BTN_PRIMARY, KA_POST, true);
    } else {
        int x = c.x + lw + t->gap;
        wms_ui_button(ui, wms_rect_make(x, c.y, bw, bh), "Set qty", NULL, WMS_UI_BTN_NORMAL,
                      KA_SET_QTY, k->rcv.have_last);
        wms_ui_button(ui, wms_rect_make(x, c.y + bh + t->gap, bw, bh), "Post", NULL,
                      WMS_UI_BTN_PRIMARY, KA_POST, true);
        wms_ui_button(ui, wms_rect_make(x, c.y + 2 * (bh + t->gap), bw, bh), "Cancel draft", NULL,
                      WMS_UI_BTN_DANGER, KA_CANCEL_DOC, true);
        if (k->rcv.have_last) {
            char last[128], q[WMS_QTY_STRING_MAX];
            qs(k->rcv.last.qty, q, sizeof(q));
            snprintf(last, sizeof(last), "Last: %s %s", q, k->rcv.last_p.uom);
            wms_ui_text(ui, wms_rect_make(x, c.y + 3 * (bh + t->gap), bw, bh), WMS_FONT_BODY,
                        WMS_ALIGN_LEFT, t->text_dim, last);
        }
    }
    footer(k, ui, "Back");
}

/* Lookup ------------------------------------------------------------------ */

static void stock_row(void *data, int i, char *l, size_t lc, char *r, size_t rc, wms_ui_kind *kind)
{
    const kiosk *k = data;
    const kd_stock *s = &k->lk.rows[i];
    char q[WMS_QTY_STRING_MAX];
    qs(s->qty, q, sizeof(q));
    if (k->lk.kind == 1) {
        snprintf(l, lc, "%s%s%s", s->location, s->lot[0] ? "  lot " : "", s->lot);
    } else {
        snprintf(l, lc, "%s %s", s->sku, s->name);
    }
    snprintf(r, rc, "%s", q);
    *kind = WMS_UI_NONE;
}

static void lk_line_row(void *data, int i, char *l, size_t lc, char *r, size_t rc,
                        wms_ui_kind *kind)
{
    const kiosk *k = data;
    const kd_line *ln = &k->lk.lines[i];
    char q[WMS_QTY_STRING_MAX];
    qs(ln->received, q, sizeof(q));
    snprintf(l, lc, "%s %s", ln->sku, ln->name);
    snprintf(r, rc, "%s", q);
    *kind = WMS_UI_NONE;
}

static void draw_lookup(kiosk *k, wms_ui *ui)
{
    const wms_theme *t = &ui->theme;
    wms_rect c = ui->layout.content;
    wms_ui_title(ui, "Lookup", "Scan a product, location or document");
    int fh = t->target;
    wms_ui_textfield(ui, wms_rect_make(c.x, c.y, c.w, fh), NULL, k->lk.field,
                     "Scan, or type a code and press Enter", true, false, KA_FIELD);
    int y = c.y + fh + t->gap;
    int lh = t->font_px[WMS_FONT_BOLD] + 10;
    wms_rect rest = wms_rect_make(c.x, y, c.w, c.y + c.h - y);
    if (k->lk.kind == 0) {
        wms_ui_text(ui, rest, WMS_FONT_BODY, WMS_ALIGN_CENTER, t->text_dim,
                    "Nothing looked up yet");
    } else if (k->lk.kind == 1) {
        char line[400], name[200];
        snprintf(name, sizeof(name), "%s (%s, tracking %s)", k->lk.p.name, k->lk.p.uom,
                 k->lk.p.tracking);
        wms_ui_label(ui, wms_rect_make(c.x, y, c.w, lh), k->lk.p.sku, name);
        y += lh;
        size_t o = 0;
        line[0] = '\0';
        for (int i = 0; i < k->lk.nbcs && o < sizeof(line); i++) {
            char pq[WMS_QTY_STRING_MAX];
            qs(k->lk.bcs[i].pack_qty, pq, sizeof(pq));
            o += (size_t)snprintf(line + o, sizeof(line) - o, "%s%s%s \xC3\x97%s", i ? "  " : "",
                                  strcmp(k->lk.bcs[i].gtin14, k->lk.gtin) == 0 ? "\xE2\x96\xB6"
                                                                               : "",
                                  k->lk.bcs[i].gtin14, pq);
        }
        wms_ui_text(ui, wms_rect_make(c.x, y, c.w, lh), WMS_FONT_SMALL, WMS_ALIGN_LEFT, t->text_dim,
                    line);
        y += lh;
        wms_page pg = {1, K_ROWS};
        wms_ui_list l = {pg,      k->lk.nrows, k->lk.nrows, -1, KA_ROW,
                         KA_PREV, KA_NEXT,     stock_row,   k,  "No stock on this terminal's view"};
        wms_ui_list_draw(ui, wms_rect_make(c.x, y, c.w, c.y + c.h - y), &l);
    } else if (k->lk.kind == 2) {
        wms_ui_label(ui, wms_rect_make(c.x, y, c.w, lh), "Location", k->lk.l.code);
        y += lh;
        wms_page pg = {1, K_ROWS};
        wms_ui_list l = {pg,      k->lk.nrows, k->lk.nrows, -1, KA_ROW,
                         KA_PREV, KA_NEXT,     stock_row,   k,  "Empty location"};
        wms_ui_list_draw(ui, wms_rect_make(c.x, y, c.w, c.y + c.h - y), &l);
    } else {
        char st[96];
        snprintf(st, sizeof(st), "%s %s \xC2\xB7 %s", wms_doc_type_name(k->lk.d.type), k->lk.d.ref,
                 wms_doc_status_name(k->lk.d.status));
        wms_ui_label(ui, wms_rect_make(c.x, y, c.w, lh), "Document", st);
        y += lh;
        wms_page pg = {1, K_ROWS};
        wms_ui_list l = {pg,      k->lk.nlines, k->lk.nlines, -1, KA_ROW,
                         KA_PREV, KA_NEXT,      lk_line_row,  k,  "No lines"};
        wms_ui_list_draw(ui, wms_rect_make(c.x, y, c.w, c.y + c.h - y), &l);
    }
    footer(k, ui, "Back");
}

/* Documents --------------------------------------------------------------- */

static void doc_row(void *data, int i, char *l, size_t lc, char *r, size_t rc, wms_ui_kind *kind)
{
    const kiosk *k = data;
    const kd_doc *d = &k->docs.rows[i];
    snprintf(l, lc, "%s %s \xC2\xB7 %lld lines", wms_doc_type_name(d->type), d->ref,
             (long long)d->lines);
    snprintf(r, rc, "%s", wms_doc_status_name(d->status));
    switch (d->status) {
    case WMS_DOC_POSTED:
        *kind = WMS_UI_OK;
        break;
    case WMS_DOC_REJECTED:
        *kind = WMS_UI_ERR;
        break;
    case WMS_DOC_DRAFT:
        *kind = WMS_UI_INFO;
        break;
    default:
        *kind = WMS_UI_NONE;
        break;
    }
}

static void doc_line_row(void *data, int i, char *l, size_t lc, char *r, size_t rc,
                         wms_ui_kind *kind)
{
    const kiosk *k = data;
    const kd_line *ln = &k->docs.lines[i];
    char q[WMS_QTY_STRING_MAX], e[WMS_QTY_STRING_MAX];
    qs(ln->received, q, sizeof(q));
    snprintf(l, lc, "%s %s %s", ln->sku, ln->name, ln->location);
    if (ln->expected.milli > 0) {
        qs(ln->expected, e, sizeof(e));
        snprintf(r, rc, "%s / %s", q, e);
    } else {
        snprintf(r, rc, "%s", q);
    }
    *kind = WMS_UI_NONE;
}

static void draw_docs(kiosk *k, wms_ui *ui)
{
    const wms_theme *t = &ui->theme;
    wms_rect c = ui->layout.content;
    int bh = t->target;
    if (k->docs.detail) {
        const kd_doc *d = &k->docs.d;
        char title[96];
        snprintf(title, sizeof(title), "%s %s", wms_doc_type_name(d->type), d->ref);
        wms_ui_title(ui, title, wms_doc_status_name(d->status));
        int y = c.y;
        int lh = t->font_px[WMS_FONT_BOLD] + 10;
        if (d->status == WMS_DOC_REJECTED) {
            wms_ui_icon(ui, WMS_UI_ERR, c.x, y + 2, lh - 4);
            wms_ui_label(ui, wms_rect_make(c.x + lh + t->gap, y, c.w - lh - t->gap, lh),
                         "Rejected:", d->reason[0] ? d->reason : "no reason given");
            y += lh + t->gap;
        }
        bool draft = d->status == WMS_DOC_DRAFT;
        int lst_h = c.y + c.h - y - (draft ? bh + t->gap : 0);
        wms_page pg = {1, K_ROWS};
        wms_ui_list l = {pg,      k->docs.nlines, k->docs.nlines, -1, KA_ROW,
                         KA_PREV, KA_NEXT,        doc_line_row,   k,  "No lines"};
        wms_ui_list_draw(ui, wms_rect_make(c.x, y, c.w, lst_h), &l);
        if (draft) {
            int w2 = (c.w - t->gap) / 2;
            wms_ui_button(ui, wms_rect_make(c.x, c.y + c.h - bh, w2, bh), "Cancel draft", NULL,
                          WMS_UI_BTN_DANGER, KA_CANCEL_DOC, true);
            wms_ui_button(ui, wms_rect_make(c.x + w2 + t->gap, c.y + c.h - bh, w2, bh), "Resume",
                          NULL, WMS_UI_BTN_PRIMARY, KA_RESUME, d->type == WMS_DOC_RECEIPT);
        }
        footer(k, ui, "Back");
        return;
    }
    wms_ui_title(ui, "Documents", "this terminal");
    char filt[64];
    snprintf(filt, sizeof(filt), "Filter: %s",
             k->docs.status < 0 ? "all" : wms_doc_status_name((wms_doc_status)k->docs.status));
    wms_ui_button(ui, wms_rect_make(c.x, c.y, c.w / 2, bh), filt, NULL, WMS_UI_BTN_NORMAL,
                  KA_FILTER, true);
    wms_rect lr = wms_rect_make(c.x, c.y + bh + t->gap, c.w, c.h - bh - t->gap);
    int cap = wms_ui_list_capacity(ui, lr);
    if (k->docs.page.page_size != cap) {
        k->docs.page.page_size = cap;
        k->docs.page.page = 1;
        k->db->ops->docs_list(k->db->d, k->docs.status, &k->docs.page, k->docs.rows, K_ROWS,
                              &k->docs.n, &k->docs.total, NULL);
    }
    wms_ui_list l = {k->docs.page, k->docs.total, k->docs.n, k->sel, KA_ROW,
                     KA_PREV,      KA_NEXT,       doc_row,   k,      "No documents yet"};
    wms_ui_list_draw(ui, lr, &l);
    footer(k, ui, "Back");
}

/* Sync & health ----------------------------------------------------------- */

static void fmt_time(const kiosk *k, int64_t ms, char *buf, size_t cap)
{
    if (ms <= 0) {
        wms_strlcpy(buf, "never", cap);
        return;
    }
    time_t tt = (time_t)(ms / 1000);
    struct tm tm;
    if (k->cfg.utc_clock) {
        gmtime_r(&tt, &tm);
    } else {
        localtime_r(&tt, &tm);
    }
    snprintf(buf, cap, "%04d-%02d-%02d %02d:%02d", tm.tm_year + 1900, (tm.tm_mon + 1) % 100,
             tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100);
}

static void draw_sync(kiosk *k, wms_ui *ui)
{
    const wms_theme *t = &ui->theme;
    wms_rect c = ui->layout.content;
    const kd_sync *s = &k->sy.s;
    wms_ui_title(ui, "Sync & health", NULL);
    int lh = t->font_px[WMS_FONT_BOLD] + 10;
    int y = c.y;
    int bw = ui->layout.portrait ? c.w : c.w / 3;
    int tw = ui->layout.portrait ? c.w : c.w - bw - t->gap;
    char v[200];
    if (!s->configured) {
        wms_ui_icon(ui, WMS_UI_INFO, c.x, y + 2, lh - 4);
        wms_ui_text(ui, wms_rect_make(c.x + lh + t->gap, y, tw - lh - t->gap, lh), WMS_FONT_BOLD,
                    WMS_ALIGN_LEFT, t->text, "No central link configured");
        y += lh;
        wms_ui_text(ui, wms_rect_make(c.x, y, tw, lh), WMS_FONT_SMALL, WMS_ALIGN_LEFT, t->text_dim,
                    "Work stays on this terminal; set [central] link to sync.");
        y += lh;
    } else {
        wms_ui_label(ui, wms_rect_make(c.x, y, tw, lh), "Link", wms_ui_link_name(s->link));
        y += lh;
    }
    snprintf(v, sizeof(v), "%lld pending \xC2\xB7 %lld rejected", (long long)s->pending,
             (long long)s->rejected);
    wms_ui_label(ui, wms_rect_make(c.x, y, tw, lh), "Operations", v);
    y += lh;
    fmt_time(k, s->last_ok_ms, v, sizeof(v));
    wms_ui_label(ui, wms_rect_make(c.x, y, tw, lh), "Last success", v);
    y += lh;
    wms_ui_label(ui, wms_rect_make(c.x, y, tw, lh), "Last error",
                 s->last_error[0] ? s->last_error : "none");
    y += lh;
    double pf;
    if (kiosk_pull_progress(s, &pf, NULL, 0, NULL, 0)) {
        char n[32];
        kiosk_fmt_count(s->pull_changes, n, sizeof(n));
        if (pf >= 0.0) {
            snprintf(v, sizeof(v), "%d %% (%s changes)", (int)(pf * 100.0 + 0.5), n);
        } else {
            snprintf(v, sizeof(v), "loading, %s changes", n);
        }
        wms_ui_label(ui, wms_rect_make(c.x, y, tw, lh), "Catalogue", v);
        y += lh;
    }
    /* Rejected documents first (the operator must act on them), newest first. */
    for (int i = 0; i < k->sy.nrej && y + lh <= c.y + c.h; i++) {
        const kd_doc *d = &k->sy.rej[i];
        wms_ui_icon(ui, WMS_UI_ERR, c.x, y + 4, lh - 8);
        snprintf(v, sizeof(v), "Rejected %.40s: %.140s", d->ref[0] ? d->ref : d->id,
                 d->reason[0] ? d->reason : "no reason given");
        wms_ui_text(ui, wms_rect_make(c.x + lh, y, tw - lh, lh), WMS_FONT_BODY, WMS_ALIGN_LEFT,
                    t->text, v);
        y += lh;
    }
    /* Health rows: in the small type when the body type would not fit them
     * all (a link adds central_link and central, sources add scanners). */
    int bottom = ui->layout.portrait ? c.y + c.h - 3 * t->target - 3 * t->gap : c.y + c.h;
    int hl = lh;
    wms_font hf = WMS_FONT_BODY;
    if (y + (int)k->sy.h.count * lh > bottom) {
        hl = t->font_px[WMS_FONT_SMALL] + 8;
        hf = WMS_FONT_SMALL;
    }
    for (size_t i = 0; i < k->sy.h.count && y + hl <= bottom; i++) {
        const wms_health_component *hc = &k->sy.h.comp[i];
        wms_ui_kind kind = hc->status == WMS_HEALTH_HEALTHY
                                   ? WMS_UI_OK
                                   : (hc->status == WMS_HEALTH_DEGRADED ? WMS_UI_WARN : WMS_UI_ERR);
        wms_ui_icon(ui, kind, c.x, y + 3, hl - 6);
        snprintf(v, sizeof(v), "%s: %s %s", hc->name, wms_health_status_name(hc->status),
                 hc->detail);
        wms_ui_text(ui, wms_rect_make(c.x + hl, y, tw - hl, hl), hf, WMS_ALIGN_LEFT, t->text, v);
        y += hl;
    }
    int bx = ui->layout.portrait ? c.x : c.x + c.w - bw;
    int by = ui->layout.portrait ? c.y + c.h - 3 * t->target - 2 * t->gap : c.y;
    wms_ui_button(ui, wms_rect_make(bx, by, bw, t->target), "Sync now", NULL, WMS_UI_BTN_PRIMARY,
                  KA_SYNC_NOW, s->configured);
    wms_ui_button(ui, wms_rect_make(bx, by + t->target + t->gap, bw, t->target), "Scanner test",
                  NULL, WMS_UI_BTN_NORMAL, KA_SCANTEST, true);
    wms_ui_button(ui, wms_rect_make(bx, by + 2 * (t->target + t->gap), bw, t->target), "Settings",
                  NULL, WMS_UI_BTN_NORMAL, KA_SETTINGS, true);
    footer(k, ui, "Back");
}

static void scantest_row(void *data, int i, char *l, size_t lc, char *r, size_t rc,
                         wms_ui_kind *kind)
{
    const kiosk *k = data;
    int idx = k->st.n - 1 - i; /* newest first */
    snprintf(l, lc, "%s", k->st.raw[idx]);
    snprintf(r, rc, "%s", k->st.cls[idx]);
    *kind = strncmp(k->st.cls[idx], "refused", 7) == 0 ? WMS_UI_ERR : WMS_UI_OK;
}

static void draw_scantest(kiosk *k, wms_ui *ui)
{
    wms_ui_title(ui, "Scanner test", "raw bytes, <GS> = 0x1D");
    wms_page pg = {1, K_SCANTEST};
    wms_ui_list l = {pg,      k->st.n, k->st.n,      -1, KA_ROW,
                     KA_PREV, KA_NEXT, scantest_row, k,  "Scan something to see its bytes"};
    wms_ui_list_draw(ui, ui->layout.content, &l);
    footer(k, ui, "Back");
}

static void settings_row_text(void *data, int i, char *l, size_t lc, char *r, size_t rc,
                              wms_ui_kind *kind)
{
    const kiosk *k = data;
    int row = (int)((k->set.page.page - 1) * k->set.per_page) + i;
    const char *label = kiosk_setting(k, row, r, rc);
    snprintf(l, lc, "%s", label);
    *kind = WMS_UI_NONE;
}

static void draw_settings(kiosk *k, wms_ui *ui)
{
    const wms_theme *t = &ui->theme;
    const wms_layout *L = &ui->layout;
    wms_rect c = L->content;
    if (!k->set.unlocked) {
        wms_ui_title(ui, "Settings: your PIN", k->op.role);
        int fh = t->target + t->font_px[WMS_FONT_SMALL] + 4;
        int lw = L->portrait ? c.w : c.w / 2;
        wms_ui_textfield(ui, wms_rect_make(c.x, c.y, lw - t->gap, fh), "Admin or supervisor PIN",
                         k->set.pin, NULL, true, true, 0);
        wms_rect kp = L->portrait ? wms_rect_make(c.x, c.y + fh + t->gap, c.w, c.h - fh - t->gap)
                                  : wms_rect_make(c.x + lw, c.y, c.w - lw, c.h);
        wms_ui_keypad(ui, kp, 0, "Unlock");
        footer(k, ui, "Back");
        return;
    }
    wms_ui_title(ui, "Settings", k->set.changed ? "not saved yet" : "tap a row to change it");
    int bw = L->portrait ? (c.w - t->gap) / 2 : c.w / 3;
    int bh = t->target;
    wms_rect lr = L->portrait ? wms_rect_make(c.x, c.y, c.w, c.h - 2 * (bh + t->gap))
                              : wms_rect_make(c.x, c.y, c.w - bw - t->gap, c.h);
    int cap = wms_ui_list_capacity(ui, lr);
    k->set.per_page = cap < 1 ? 1 : (cap > KSET_COUNT_ ? KSET_COUNT_ : cap);
    k->set.page.page_size = k->set.per_page;
    if (k->set.page.page < 1 ||
        (int64_t)(k->set.page.page - 1) * k->set.per_page >= (int64_t)KSET_COUNT_) {
        k->set.page.page = 1;
    }
    int first = (int)((k->set.page.page - 1) * k->set.per_page);
    int rows = KSET_COUNT_ - first < k->set.per_page ? KSET_COUNT_ - first : k->set.per_page;
    int sel = k->set.field >= first && k->set.field < first + rows ? k->set.field - first : -1;
    wms_ui_list l = {k->set.page, KSET_COUNT_,       rows, sel,          KA_ROW, KA_PREV,
                     KA_NEXT,     settings_row_text, k,    "No settings"};
    wms_ui_list_draw(ui, lr, &l);
    struct {
        const char *label;
        int action;
        bool enabled;
        wms_ui_style style;
    } b[4] = {{"Quieter", KA_VOL_DOWN, k->cfg.volume > 0, WMS_UI_BTN_NORMAL},
              {"Louder", KA_VOL_UP, k->cfg.volume < 100, WMS_UI_BTN_NORMAL},
              {k->cfg.mute ? "Sound on" : "Mute", KA_MUTE, true, WMS_UI_BTN_NORMAL},
              {"Save", KA_SAVE, true, k->set.changed ? WMS_UI_BTN_PRIMARY : WMS_UI_BTN_NORMAL}};
    for (int i = 0; i < 4; i++) {
        wms_rect r = L->portrait ? wms_rect_make(c.x + (i % 2) * (bw + t->gap),
                                                 c.y + c.h - (2 - i / 2) * (bh + t->gap) + t->gap,
                                                 bw, bh)
                                 : wms_rect_make(c.x + c.w - bw, c.y + i * (bh + t->gap), bw, bh);
        wms_ui_button(ui, r, b[i].label, NULL, b[i].style, b[i].action, b[i].enabled);
    }
    footer(k, ui, "Back");
}

/* The pull run's band over the top of the content (which then starts below
 * it): core's progress bar, or an indeterminate one (a block that moves
 * every second) while the centre's newest change number is unknown.
 * Returns the height taken (0: no run, no band). */
static int draw_pull_band(kiosk *k, wms_ui *ui)
{
    double f = -1.0;
    char text[160], label[96];
    if (!kiosk_pull_progress(&k->sy.s, &f, text, sizeof(text), label, sizeof(label))) {
        return 0;
    }
    const wms_theme *t = &ui->theme;
    wms_rect c = ui->layout.content;
    int bh = t->font_px[WMS_FONT_BOLD] + 14;
    wms_rect r = wms_rect_make(c.x, c.y, c.w, bh);
    if (f >= 0.0) {
        int lw = 0, lh = 0;
        /* the longer label when it fits with the percentage */
        wms_ui_measure(ui, WMS_FONT_BOLD, "Loading catalogue from the centre: 99 %", &lw, &lh);
        wms_ui_progress(ui, r, f,
                        lw + 2 * t->pad <= r.w ? "Loading catalogue from the centre:" : label);
    } else {
        wms_ui_rect(ui, r, t->panel);
        int seg = (r.w - 4) / 4;
        int step = (int)((k->now_ms / 1000) % 4);
        wms_ui_rect(ui, wms_rect_make(r.x + 2 + step * (r.w - 4 - seg) / 3, r.y + 2, seg, r.h - 4),
                    t->info);
        wms_ui_stroke(ui, r, t->border_px, t->text);
        wms_ui_text(ui, r, WMS_FONT_BOLD, WMS_ALIGN_CENTER, t->text, label);
    }
    return bh + t->gap / 2;
}

void kiosk_draw(kiosk *k, wms_ui *ui)
{
    wms_ui_begin(ui);
    wms_ui_status st = {k->db->terminal,
                        k->db->warehouse,
                        k->logged_in ? k->op.name : "",
                        k->sy.s.configured ? k->sy.s.link : WMS_UI_LINK_NONE,
                        k->sy.s.pending,
                        k->sy.s.rejected,
                        k->clock};
    wms_ui_statusbar(ui, ui->layout.status, &st);
    wms_rect content = ui->layout.content;
    int band = draw_pull_band(k, ui);
    ui->layout.content.y += band;
    ui->layout.content.h -= band;
    switch (k->screen) {
    case KS_LOGIN:
        draw_login(k, ui);
        break;
    case KS_HOME:
        draw_home(k, ui);
        break;
    case KS_RECEIVE:
        draw_receive(k, ui);
        break;
    case KS_LOOKUP:
        draw_lookup(k, ui);
        break;
    case KS_DOCS:
        draw_docs(k, ui);
        break;
    case KS_SYNC:
        draw_sync(k, ui);
        break;
    case KS_SCANTEST:
        draw_scantest(k, ui);
        break;
    case KS_SETTINGS:
        draw_settings(k, ui);
        break;
    default:
        break;
    }
    ui->layout.content = content;
    if (k->toast_until > k->now_ms && k->toast_kind != WMS_UI_NONE) {
        wms_ui_toast(ui, k->toast_kind, k->toast);
    }
    if (k->modal == KA_POST) {
        char msg[160];
        snprintf(msg, sizeof(msg), "%d lines go to the outbox and cannot be changed after.",
                 k->rcv.nlines);
        char title[96];
        snprintf(title, sizeof(title), "Post receipt %s?", k->rcv.doc.ref);
        wms_ui_confirm(ui, title, msg, "Post", "Not yet");
    } else if (k->modal == KA_CANCEL_DOC) {
        wms_ui_confirm(ui, "Cancel this draft?", "Its lines are kept but it will never be posted.",
                       "Cancel draft", "Keep it");
    } else if (k->modal == KA_LOGOUT) {
        wms_ui_confirm(ui, "Log out?", "The next person logs in with their own badge.", "Log out",
                       "Stay");
    }
    k->dirty = false;
}
