/*
 * kdata_mem.c -- the in-memory data backend: a small fixed demo catalogue
 * and documents kept in arrays.  For view-model tests (no SQLite) and as the
 * reference behaviour the store backend must match.  Not durable.
 */
#include "kdata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MEM_DOCS  64
#define MEM_ITEMS 512

typedef struct mem_op {
    const char *badge, *name, *role, *pin;
} mem_op;

typedef struct mem_prod {
    const char *sku, *name, *uom;
    int decimals;
    const char *tracking;
} mem_prod;

typedef struct mem_bc {
    int prod; /* index + 1 */
    const char *gtin14;
    int64_t pack;
} mem_bc;

typedef struct mem_loc {
    const char *code, *type;
} mem_loc;

typedef struct mem_plan_line {
    int plan, prod;
    int64_t qty;
} mem_plan_line;

static const mem_op ops_tab[] = {
        {"0001", "Ana Novak", "operator", "1234"},
        {"0002", "Ben Okafor", "supervisor", "2345"},
        {"0003", "Chris Admin", "admin", "9999"},
};
static const mem_prod prods[] = {
        {"SKU-000001", "Hex bolt M8x40 zinc", "pcs", 0, "none"},
        {"SKU-000002", "Cable ties 200 mm black", "pcs", 0, "lot"},
        {"SKU-000003", "Mineral water 1.5 l", "pcs", 0, "expiry"},
        {"SKU-000004", "Wood screws 4x30 (kg)", "kg", 3, "none"},
        {"SKU-000005", "Safety gloves size 9", "pcs", 0, "none"},
};
static const mem_bc bcs[] = {
        {1, "04006381333931", 1},  {1, "14006381333938", 12}, {2, "05901234123457", 1},
        {2, "15901234123454", 10}, {3, "09506000134352", 1},  {4, "08712345678906", 1},
        {5, "05000111000017", 1},
};
static const mem_loc locs[] = {
        {"RCV-01", "receiving"}, {"A-01-01", "storage"}, {"A-01-02", "storage"},
        {"A-02-01", "storage"},  {"B-01-01", "storage"},
};
static const char *const plan_refs[] = {"PO-2026-0001", "PO-2026-0002"};
static const char *const plan_partners[] = {"Acme Fasteners", "Nordic Drinks"};
static const mem_plan_line plan_lines[] = {
        {1, 1, 24},
        {1, 2, 10},
        {2, 3, 60},
        {2, 5, 5},
};
static const struct {
    int loc, prod;
    int64_t qty;
} snap[] = {{2, 1, 120}, {3, 2, 40}, {4, 5, 12}};

typedef struct mem_item {
    int doc;
    kd_item it;
} mem_item;

typedef struct mem {
    kd_doc docs[MEM_DOCS];
    int ndocs;
    mem_item items[MEM_ITEMS];
    int nitems;
    int64_t seq;
    int64_t pending;
    int64_t scans;
} mem;

static int m_operator_by_badge(void *d, const char *badge, kd_operator *out, wms_err *err)
{
    (void)d;
    for (size_t i = 0; i < WMS_ARRAY_LEN(ops_tab); i++) {
        if (strcasecmp(ops_tab[i].badge, badge) == 0) {
            memset(out, 0, sizeof(*out));
            out->id = (int64_t)i + 1;
            wms_strlcpy(out->badge, ops_tab[i].badge, sizeof(out->badge));
            wms_strlcpy(out->name, ops_tab[i].name, sizeof(out->name));
            wms_strlcpy(out->role, ops_tab[i].role, sizeof(out->role));
            return 0;
        }
    }
    return wms_err_set(err, WMS_ENOTFOUND, "No operator with badge %s", badge);
}

static int m_check_pin(void *d, int64_t id, const char *pin, int64_t now_ms, wms_err *err)
{
    (void)d;
    (void)now_ms;
    if (id < 1 || id > (int64_t)WMS_ARRAY_LEN(ops_tab)) {
        return wms_err_set(err, WMS_ENOTFOUND, "No such operator");
    }
    if (strcmp(ops_tab[id - 1].pin, pin) != 0) {
        return wms_err_set(err, WMS_EAUTH, "Wrong PIN");
    }
    return 0;
}

static void fill_prod(int idx, kd_product *out)
{
    const mem_prod *p = &prods[idx];
    memset(out, 0, sizeof(*out));
    out->id = idx + 1;
    wms_strlcpy(out->sku, p->sku, sizeof(out->sku));
    wms_strlcpy(out->name, p->name, sizeof(out->name));
    wms_strlcpy(out->uom, p->uom, sizeof(out->uom));
    out->decimals = p->decimals;
    wms_strlcpy(out->tracking, p->tracking, sizeof(out->tracking));
}

static int m_product_by_gtin(void *d, const char *gtin, kd_product *out, wms_qty *pack,
                             wms_err *err)
{
    (void)d;
    for (size_t i = 0; i < WMS_ARRAY_LEN(bcs); i++) {
        if (strcmp(bcs[i].gtin14, gtin) == 0) {
            fill_prod(bcs[i].prod - 1, out);
            *pack = wms_qty_units(bcs[i].pack);
            return 0;
        }
    }
    return wms_err_set(err, WMS_ENOTFOUND, "Unknown barcode %s", gtin);
}

static int m_product_by_id(void *d, int64_t id, kd_product *out, wms_err *err)
{
    (void)d;
    if (id < 1 || id > (int64_t)WMS_ARRAY_LEN(prods)) {
        return wms_err_set(err, WMS_ENOTFOUND, "No product %lld", (long long)id);
    }
    fill_prod((int)id - 1, out);
    return 0;
}

static void fill_loc(int idx, kd_location *out)
{
    memset(out, 0, sizeof(*out));
    out->id = idx + 1;
    wms_strlcpy(out->code, locs[idx].code, sizeof(out->code));
    wms_strlcpy(out->type, locs[idx].type, sizeof(out->type));
}

static int m_location_by_code(void *d, const char *code, kd_location *out, wms_err *err)
{
    (void)d;
    for (size_t i = 0; i < WMS_ARRAY_LEN(locs); i++) {
        if (strcasecmp(locs[i].code, code) == 0) {
            fill_loc((int)i, out);
            return 0;
        }
    }
    return wms_err_set(err, WMS_ENOTFOUND, "Unknown location %s", code);
}

static int m_receiving_location(void *d, kd_location *out, wms_err *err)
{
    (void)d;
    (void)err;
    fill_loc(0, out);
    return 0;
}

static int64_t plan_nlines(int plan)
{
    int64_t n = 0;
    for (size_t i = 0; i < WMS_ARRAY_LEN(plan_lines); i++) {
        n += plan_lines[i].plan == plan;
    }
    return n;
}

static int m_planned_receipts(void *d, const wms_page *pg, kd_planned *rows, int cap, int *n,
                              int64_t *total, wms_err *err)
{
    (void)d;
    int64_t off = 0;
    int rc = wms_page_offset(pg, &off);
    if (rc != 0) {
        return wms_err_set(err, rc, "bad page");
    }
    *total = (int64_t)WMS_ARRAY_LEN(plan_refs);
    *n = 0;
    for (int64_t i = off; i < *total && *n < cap && *n < pg->page_size; i++) {
        kd_planned *p = &rows[(*n)++];
        memset(p, 0, sizeof(*p));
        p->id = i + 1;
        wms_strlcpy(p->ref, plan_refs[i], sizeof(p->ref));
        wms_strlcpy(p->partner, plan_partners[i], sizeof(p->partner));
        p->lines = plan_nlines((int)i + 1);
    }
    return 0;
}

static int find_doc(mem *m, const char *id)
{
    for (int i = 0; i < m->ndocs; i++) {
        if (strcmp(m->docs[i].id, id) == 0 || strcasecmp(m->docs[i].ref, id) == 0) {
            return i;
        }
    }
    return -1;
}

static int m_receipt_start(void *d, int64_t planned_id, int64_t op, kd_doc *out, wms_err *err)
{
    mem *m = d;
    (void)op;
    if (m->ndocs >= MEM_DOCS) {
        return wms_err_set(err, WMS_ENOSPC, "Too many documents on this terminal");
    }
    kd_doc *doc = &m->docs[m->ndocs++];
    memset(doc, 0, sizeof(*doc));
    m->seq++;
    snprintf(doc->id, sizeof(doc->id), "mem-%04lld", (long long)m->seq);
    snprintf(doc->ref, sizeof(doc->ref), "R-%04lld", (long long)m->seq);
    doc->type = WMS_DOC_RECEIPT;
    doc->status = WMS_DOC_DRAFT;
    doc->planned_id = planned_id;
    doc->created_ms = m->seq;
    *out = *doc;
    m->pending++;
    return 0;
}

static wms_qty item_total(const mem *m, int doc, int64_t prod)
{
    wms_qty q = {0};
    for (int i = 0; i < m->nitems; i++) {
        if (m->items[i].doc == doc && m->items[i].it.product_id == prod) {
            q.milli += m->items[i].it.qty.milli;
        }
    }
    return q;
}

static int m_receipt_add(void *d, const char *doc_id, const kd_item *item, wms_err *err)
{
    mem *m = d;
    int di = find_doc(m, doc_id);
    if (di < 0) {
        return wms_err_set(err, WMS_ENOTFOUND, "No document %s", doc_id);
    }
    if (m->docs[di].status != WMS_DOC_DRAFT) {
        return wms_err_set(err, WMS_ECONFLICT, "Document %s is %s, not a draft", m->docs[di].ref,
                           wms_doc_status_name(m->docs[di].status));
    }
    if (item_total(m, di, item->product_id).milli + item->qty.milli < 0) {
        return wms_err_set(err, WMS_ERANGE, "Quantity would go below zero");
    }
    /* Merge with the same product, location and lot. */
    for (int i = 0; i < m->nitems; i++) {
        kd_item *it = &m->items[i].it;
        if (m->items[i].doc == di && it->product_id == item->product_id &&
            it->location_id == item->location_id && strcmp(it->lot, item->lot) == 0) {
            it->qty.milli += item->qty.milli;
            m->pending++;
            return 0;
        }
    }
    if (m->nitems >= MEM_ITEMS) {
        return wms_err_set(err, WMS_ENOSPC, "Too many items");
    }
    m->items[m->nitems].doc = di;
    m->items[m->nitems].it = *item;
    m->nitems++;
    m->docs[di].lines++;
    m->pending++;
    return 0;
}

static int m_doc_get(void *d, const char *id, kd_doc *out, wms_err *err)
{
    mem *m = d;
    int di = find_doc(m, id);
    if (di < 0) {
        return wms_err_set(err, WMS_ENOTFOUND, "No document %s on this terminal", id);
    }
    *out = m->docs[di];
    return 0;
}

static int add_line(kd_line *rows, int cap, int *n, int64_t prod, const char *loc)
{
    for (int i = 0; i < *n; i++) {
        if (rows[i].product_id == prod) {
            return i;
        }
    }
    if (*n >= cap) {
        return -1;
    }
    kd_line *l = &rows[(*n)++];
    memset(l, 0, sizeof(*l));
    l->product_id = prod;
    const mem_prod *p = &prods[prod - 1];
    wms_strlcpy(l->sku, p->sku, sizeof(l->sku));
    wms_strlcpy(l->name, p->name, sizeof(l->name));
    wms_strlcpy(l->location, loc, sizeof(l->location));
    l->decimals = p->decimals;
    return *n - 1;
}

static int m_doc_lines(void *d, const char *doc_id, kd_line *rows, int cap, int *n, wms_err *err)
{
    mem *m = d;
    int di = find_doc(m, doc_id);
    if (di < 0) {
        return wms_err_set(err, WMS_ENOTFOUND, "No document %s", doc_id);
    }
    *n = 0;
    int64_t plan = m->docs[di].planned_id;
    for (size_t i = 0; plan > 0 && i < WMS_ARRAY_LEN(plan_lines); i++) {
        if (plan_lines[i].plan == plan) {
            int k = add_line(rows, cap, n, plan_lines[i].prod, "");
            if (k >= 0) {
                rows[k].expected = wms_qty_units(plan_lines[i].qty);
            }
        }
    }
    for (int i = 0; i < m->nitems; i++) {
        if (m->items[i].doc != di) {
            continue;
        }
        const kd_item *it = &m->items[i].it;
        int k = add_line(rows, cap, n, it->product_id, locs[it->location_id - 1].code);
        if (k >= 0) {
            rows[k].received.milli += it->qty.milli;
            if (!rows[k].location[0]) {
                wms_strlcpy(rows[k].location, locs[it->location_id - 1].code,
                            sizeof(rows[k].location));
            }
            if (it->lot[0]) {
                wms_strlcpy(rows[k].lot, it->lot, sizeof(rows[k].lot));
            }
        }
    }
    return 0;
}

static int set_status(mem *m, const char *doc_id, wms_doc_status to, wms_err *err)
{
    int di = find_doc(m, doc_id);
    if (di < 0) {
        return wms_err_set(err, WMS_ENOTFOUND, "No document %s", doc_id);
    }
    int rc = wms_doc_transition(m->docs[di].status, to, err);
    if (rc != 0) {
        return rc;
    }
    m->docs[di].status = to;
    m->pending++;
    return 0;
}

static int m_doc_post(void *d, const char *doc_id, wms_err *err)
{
    mem *m = d;
    int di = find_doc(m, doc_id);
    if (di >= 0 && m->docs[di].lines == 0) {
        return wms_err_set(err, WMS_EINVAL, "Nothing to post: scan at least one product");
    }
    return set_status(m, doc_id, WMS_DOC_POSTED, err);
}

static int m_doc_cancel(void *d, const char *doc_id, wms_err *err)
{
    return set_status(d, doc_id, WMS_DOC_CANCELLED, err);
}

static int m_docs_list(void *d, int status, const wms_page *pg, kd_doc *rows, int cap, int *n,
                       int64_t *total, wms_err *err)
{
    mem *m = d;
    int64_t off = 0;
    int rc = wms_page_offset(pg, &off);
    if (rc != 0) {
        return wms_err_set(err, rc, "bad page");
    }
    *n = 0;
    *total = 0;
    /* Newest first. */
    for (int i = m->ndocs - 1; i >= 0; i--) {
        if (status >= 0 && (int)m->docs[i].status != status) {
            continue;
        }
        if (*total >= off && *n < cap && *n < pg->page_size) {
            rows[(*n)++] = m->docs[i];
        }
        (*total)++;
    }
    return 0;
}

static void stock_row(kd_stock *s, int loc, int prod, wms_qty q)
{
    memset(s, 0, sizeof(*s));
    wms_strlcpy(s->location, locs[loc - 1].code, sizeof(s->location));
    wms_strlcpy(s->sku, prods[prod - 1].sku, sizeof(s->sku));
    wms_strlcpy(s->name, prods[prod - 1].name, sizeof(s->name));
    s->decimals = prods[prod - 1].decimals;
    s->qty = q;
}

/* Terminal view: snapshot + items of posted (not yet acknowledged) receipts. */
static int stock_view(mem *m, int64_t prod, int64_t loc, kd_stock *rows, int cap, int *n)
{
    *n = 0;
    for (size_t l = 1; l <= WMS_ARRAY_LEN(locs); l++) {
        for (size_t p = 1; p <= WMS_ARRAY_LEN(prods); p++) {
            if ((prod && (int64_t)p != prod) || (loc && (int64_t)l != loc)) {
                continue;
            }
            wms_qty q = {0};
            for (size_t i = 0; i < WMS_ARRAY_LEN(snap); i++) {
                if (snap[i].loc == (int)l && snap[i].prod == (int)p) {
                    q.milli += snap[i].qty * WMS_QTY_SCALE;
                }
            }
            for (int i = 0; i < m->nitems; i++) {
                const kd_item *it = &m->items[i].it;
                if (m->docs[m->items[i].doc].status == WMS_DOC_POSTED &&
                    it->product_id == (int64_t)p && it->location_id == (int64_t)l) {
                    q.milli += it->qty.milli;
                }
            }
            if (q.milli != 0 && *n < cap) {
                stock_row(&rows[(*n)++], (int)l, (int)p, q);
            }
        }
    }
    return 0;
}

static int m_stock_by_product(void *d, int64_t pid, kd_stock *rows, int cap, int *n, wms_err *e)
{
    (void)e;
    return stock_view(d, pid, 0, rows, cap, n);
}

static int m_stock_by_location(void *d, int64_t lid, kd_stock *rows, int cap, int *n, wms_err *e)
{
    (void)e;
    return stock_view(d, 0, lid, rows, cap, n);
}

static int m_sync_status(void *d, kd_sync *out)
{
    mem *m = d;
    memset(out, 0, sizeof(*out));
    out->link = WMS_UI_LINK_NONE;
    out->pending = m->pending;
    return 0;
}

static int m_scan_log(void *d, const kd_scan_rec *rec)
{
    mem *m = d;
    (void)rec;
    m->scans++;
    return 0;
}

int64_t kdata_mem_scans(const kdata *db)
{
    const mem *m = db->d;
    return m->scans;
}

static int m_health(void *d, wms_health *h)
{
    (void)d;
    wms_health_add(h, "local_db", WMS_HEALTH_HEALTHY, true, "in memory");
    return 0;
}

static void m_close(void *d)
{
    free(d);
}

static const kdata_ops mem_ops = {
        "memory",
        m_operator_by_badge,
        m_check_pin,
        m_product_by_gtin,
        m_product_by_id,
        m_location_by_code,
        m_receiving_location,
        m_planned_receipts,
        m_receipt_start,
        m_receipt_add,
        m_doc_get,
        m_doc_lines,
        m_doc_post,
        m_doc_cancel,
        m_docs_list,
        m_stock_by_product,
        m_stock_by_location,
        m_sync_status,
        m_scan_log,
        m_health,
        m_close,
};

int kdata_mem_open(kdata *out, wms_err *err)
{
    mem *m = calloc(1, sizeof(*m));
    if (!m) {
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    memset(out, 0, sizeof(*out));
    out->ops = &mem_ops;
    out->d = m;
    wms_strlcpy(out->terminal, "T1", sizeof(out->terminal));
    wms_strlcpy(out->warehouse, "WH1", sizeof(out->warehouse));
    return 0;
}
