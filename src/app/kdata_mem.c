/*
 * kdata_mem.c -- the in-memory data backend: core's demo catalogue (seed 1,
 * warehouse WH1) and the terminal's documents kept in arrays.  For
 * view-model tests (no SQLite), script-mode golden frames (repeatable), and
 * the reference behaviour the store backend must match.  Not durable.
 */
#include "kdata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MEM_DOCS  64
#define MEM_ITEMS 512

/* The catalogue comes from core's demo generator (the same data as
 * `wmsctl seed`), copied into arrays; only the terminal's warehouse (WH1). */
typedef struct mem_prod {
    char sku[KD_CODE_MAX], name[KD_NAME_MAX], uom[8], tracking[8];
    int decimals;
} mem_prod;

typedef struct mem_bc {
    int64_t prod;
    char gtin14[WMS_GTIN14_LEN + 1];
    int64_t pack_milli;
    char kind[12];
} mem_bc;

typedef struct mem_loc {
    int64_t id;
    char code[KD_CODE_MAX], type[16];
} mem_loc;

typedef struct mem_op {
    char badge[KD_CODE_MAX], name[KD_NAME_MAX], role[16], pin[16];
} mem_op;

typedef struct mem_plan {
    int64_t id;
    char ref[KD_CODE_MAX], partner[KD_NAME_MAX];
} mem_plan;

typedef struct mem_plan_line {
    int64_t plan, prod, qty_milli;
} mem_plan_line;

typedef struct mem_snap {
    int64_t loc, prod, qty_milli;
    char lot[32];
} mem_snap;

typedef struct mem_item {
    int doc;
    kd_item it;
} mem_item;

typedef struct mem {
    mem_prod *prods;
    size_t nprods;
    mem_bc *bcs;
    size_t nbcs;
    mem_loc *locs;
    size_t nlocs;
    mem_op ops[16];
    size_t nops;
    mem_plan *plans;
    size_t nplans;
    mem_plan_line *plines;
    size_t nplines;
    mem_snap *snap;
    size_t nsnap;
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
    mem *m = d;
    for (size_t i = 0; i < m->nops; i++) {
        if (strcasecmp(m->ops[i].badge, badge) == 0) {
            memset(out, 0, sizeof(*out));
            out->id = (int64_t)i + 1;
            wms_strlcpy(out->badge, m->ops[i].badge, sizeof(out->badge));
            wms_strlcpy(out->name, m->ops[i].name, sizeof(out->name));
            wms_strlcpy(out->role, m->ops[i].role, sizeof(out->role));
            return 0;
        }
    }
    return wms_err_set(err, WMS_ENOTFOUND, "No operator with badge %s", badge);
}

static int m_check_pin(void *d, int64_t id, const char *pin, int64_t now_ms, wms_err *err)
{
    mem *m = d;
    (void)now_ms;
    if (id < 1 || id > (int64_t)m->nops) {
        return wms_err_set(err, WMS_ENOTFOUND, "No such operator");
    }
    if (strcmp(m->ops[id - 1].pin, pin) != 0) {
        return wms_err_set(err, WMS_EAUTH, "Wrong PIN");
    }
    return 0;
}

static const mem_prod *prod_at(const mem *m, int64_t id)
{
    return id >= 1 && id <= (int64_t)m->nprods ? &m->prods[id - 1] : NULL;
}

static const mem_loc *loc_at(const mem *m, int64_t id)
{
    for (size_t i = 0; i < m->nlocs; i++) {
        if (m->locs[i].id == id) {
            return &m->locs[i];
        }
    }
    return NULL;
}

static void fill_prod(const mem *m, int64_t id, kd_product *out)
{
    const mem_prod *p = prod_at(m, id);
    memset(out, 0, sizeof(*out));
    if (!p) {
        return;
    }
    out->id = id;
    wms_strlcpy(out->sku, p->sku, sizeof(out->sku));
    wms_strlcpy(out->name, p->name, sizeof(out->name));
    wms_strlcpy(out->uom, p->uom, sizeof(out->uom));
    out->decimals = p->decimals;
    wms_strlcpy(out->tracking, p->tracking, sizeof(out->tracking));
}

static int m_product_by_gtin(void *d, const char *gtin, kd_product *out, wms_qty *pack,
                             wms_err *err)
{
    mem *m = d;
    for (size_t i = 0; i < m->nbcs; i++) {
        if (strcmp(m->bcs[i].gtin14, gtin) == 0) {
            fill_prod(m, m->bcs[i].prod, out);
            pack->milli = m->bcs[i].pack_milli;
            return 0;
        }
    }
    return wms_err_set(err, WMS_ENOTFOUND, "Unknown barcode %s", gtin);
}

static int m_product_by_id(void *d, int64_t id, kd_product *out, wms_err *err)
{
    mem *m = d;
    if (!prod_at(m, id)) {
        return wms_err_set(err, WMS_ENOTFOUND, "No product %lld", (long long)id);
    }
    fill_prod(m, id, out);
    return 0;
}

static int m_product_barcodes(void *d, int64_t pid, kd_barcode *rows, int cap, int *n, wms_err *err)
{
    mem *m = d;
    (void)err;
    *n = 0;
    for (size_t i = 0; i < m->nbcs && *n < cap; i++) {
        if (m->bcs[i].prod == pid) {
            kd_barcode *b = &rows[(*n)++];
            wms_strlcpy(b->gtin14, m->bcs[i].gtin14, sizeof(b->gtin14));
            b->pack_qty.milli = m->bcs[i].pack_milli;
            wms_strlcpy(b->kind, m->bcs[i].kind, sizeof(b->kind));
        }
    }
    return 0;
}

static void fill_loc(const mem_loc *l, kd_location *out)
{
    memset(out, 0, sizeof(*out));
    out->id = l->id;
    wms_strlcpy(out->code, l->code, sizeof(out->code));
    wms_strlcpy(out->type, l->type, sizeof(out->type));
}

static int m_location_by_code(void *d, const char *code, kd_location *out, wms_err *err)
{
    mem *m = d;
    for (size_t i = 0; i < m->nlocs; i++) {
        if (strcasecmp(m->locs[i].code, code) == 0) {
            fill_loc(&m->locs[i], out);
            return 0;
        }
    }
    return wms_err_set(err, WMS_ENOTFOUND, "Unknown location %s", code);
}

static int m_receiving_location(void *d, kd_location *out, wms_err *err)
{
    mem *m = d;
    for (size_t i = 0; i < m->nlocs; i++) {
        if (strcmp(m->locs[i].type, "receiving") == 0) {
            fill_loc(&m->locs[i], out);
            return 0;
        }
    }
    return wms_err_set(err, WMS_ENOTFOUND, "No receiving location in this warehouse");
}

static int64_t plan_nlines(const mem *m, int64_t plan)
{
    int64_t n = 0;
    for (size_t i = 0; i < m->nplines; i++) {
        n += m->plines[i].plan == plan;
    }
    return n;
}

static int m_planned_receipts(void *d, const wms_page *pg, kd_planned *rows, int cap, int *n,
                              int64_t *total, wms_err *err)
{
    mem *m = d;
    int64_t off = 0;
    int rc = wms_page_offset(pg, &off);
    if (rc != 0) {
        return wms_err_set(err, rc, "bad page");
    }
    *total = (int64_t)m->nplans;
    *n = 0;
    for (int64_t i = off; i < *total && *n < cap && *n < pg->page_size; i++) {
        kd_planned *p = &rows[(*n)++];
        memset(p, 0, sizeof(*p));
        p->id = m->plans[i].id;
        wms_strlcpy(p->ref, m->plans[i].ref, sizeof(p->ref));
        wms_strlcpy(p->partner, m->plans[i].partner, sizeof(p->partner));
        p->lines = plan_nlines(m, p->id);
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
    if (!prod_at(m, item->product_id) || !loc_at(m, item->location_id)) {
        return wms_err_set(err, WMS_EINVAL, "No such product or location");
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

static int add_line(const mem *m, kd_line *rows, int cap, int *n, int64_t prod)
{
    for (int i = 0; i < *n; i++) {
        if (rows[i].product_id == prod) {
            return i;
        }
    }
    const mem_prod *p = prod_at(m, prod);
    if (*n >= cap || !p) {
        return -1;
    }
    kd_line *l = &rows[(*n)++];
    memset(l, 0, sizeof(*l));
    l->product_id = prod;
    wms_strlcpy(l->sku, p->sku, sizeof(l->sku));
    wms_strlcpy(l->name, p->name, sizeof(l->name));
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
    for (size_t i = 0; plan > 0 && i < m->nplines; i++) {
        if (m->plines[i].plan == plan) {
            int k = add_line(m, rows, cap, n, m->plines[i].prod);
            if (k >= 0) {
                rows[k].expected.milli += m->plines[i].qty_milli;
            }
        }
    }
    for (int i = 0; i < m->nitems; i++) {
        if (m->items[i].doc != di) {
            continue;
        }
        const kd_item *it = &m->items[i].it;
        int k = add_line(m, rows, cap, n, it->product_id);
        if (k >= 0) {
            rows[k].received.milli += it->qty.milli;
            const mem_loc *l = loc_at(m, it->location_id);
            if (!rows[k].location[0] && l) {
                wms_strlcpy(rows[k].location, l->code, sizeof(rows[k].location));
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

/* Terminal view: snapshot + items of posted (not yet acknowledged)
 * receipts, per location / product / lot. */
static void stock_add(const mem *m, kd_stock *rows, int cap, int *n, int64_t loc, int64_t prod,
                      const char *lot, int64_t milli)
{
    const mem_loc *l = loc_at(m, loc);
    const mem_prod *p = prod_at(m, prod);
    if (!l || !p) {
        return;
    }
    for (int i = 0; i < *n; i++) {
        if (strcmp(rows[i].location, l->code) == 0 && strcmp(rows[i].sku, p->sku) == 0 &&
            strcmp(rows[i].lot, lot) == 0) {
            rows[i].qty.milli += milli;
            return;
        }
    }
    if (*n >= cap) {
        return;
    }
    kd_stock *s = &rows[(*n)++];
    memset(s, 0, sizeof(*s));
    wms_strlcpy(s->location, l->code, sizeof(s->location));
    wms_strlcpy(s->sku, p->sku, sizeof(s->sku));
    wms_strlcpy(s->name, p->name, sizeof(s->name));
    wms_strlcpy(s->lot, lot, sizeof(s->lot));
    s->decimals = p->decimals;
    s->qty.milli = milli;
}

static int stock_view(mem *m, int64_t prod, int64_t loc, kd_stock *rows, int cap, int *n)
{
    *n = 0;
    for (size_t i = 0; i < m->nsnap; i++) {
        const mem_snap *s = &m->snap[i];
        if ((prod && s->prod != prod) || (loc && s->loc != loc)) {
            continue;
        }
        stock_add(m, rows, cap, n, s->loc, s->prod, s->lot, s->qty_milli);
    }
    for (int i = 0; i < m->nitems; i++) {
        const kd_item *it = &m->items[i].it;
        if (m->docs[m->items[i].doc].status != WMS_DOC_POSTED || (prod && it->product_id != prod) ||
            (loc && it->location_id != loc)) {
            continue;
        }
        stock_add(m, rows, cap, n, it->location_id, it->product_id, it->lot, it->qty.milli);
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
    mem *m = d;
    wms_health_component *c = wms_health_add(h, "local_db", WMS_HEALTH_HEALTHY, true,
                                             "in memory (demo data, not saved)");
    wms_health_value_add(c, "products", (double)m->nprods, "");
    return 0;
}

static void m_close(void *d)
{
    mem *m = d;
    free(m->prods);
    free(m->bcs);
    free(m->locs);
    free(m->plans);
    free(m->plines);
    free(m->snap);
    free(m);
}

static const kdata_ops mem_ops = {
        "memory",           m_operator_by_badge,
        m_check_pin,        m_product_by_gtin,
        m_product_by_id,    m_product_barcodes,
        m_location_by_code, m_receiving_location,
        m_planned_receipts, m_receipt_start,
        m_receipt_add,      m_doc_get,
        m_doc_lines,        m_doc_post,
        m_doc_cancel,       m_docs_list,
        m_stock_by_product, m_stock_by_location,
        m_sync_status,      m_scan_log,
        m_health,           m_close,
};

/* ---- filling from the demo generator ------------------------------------ */

#define WH 1 /* the terminal's warehouse */

static int grow(void **arr, size_t n, size_t elem)
{
    if ((n & (n - 1)) != 0 && n != 0) {
        return 0; /* capacity is the next power of two */
    }
    size_t cap = n ? n * 2 : 16;
    void *p = realloc(*arr, cap * elem);
    if (!p) {
        return WMS_ENOMEM;
    }
    *arr = p;
    return 0;
}

static int g_warehouse(void *d, const wms_demo_warehouse *w)
{
    (void)d;
    (void)w;
    return 0;
}

static int g_location(void *d, const wms_demo_location *l)
{
    mem *m = d;
    if (l->warehouse_id != WH) {
        return 0;
    }
    if (grow((void **)&m->locs, m->nlocs, sizeof(*m->locs)) != 0) {
        return WMS_ENOMEM;
    }
    mem_loc *x = &m->locs[m->nlocs++];
    memset(x, 0, sizeof(*x));
    x->id = l->id;
    wms_strlcpy(x->code, l->code, sizeof(x->code));
    wms_strlcpy(x->type, l->type, sizeof(x->type));
    return 0;
}

static int g_product(void *d, const wms_demo_product *p)
{
    mem *m = d;
    if (p->id != (int64_t)m->nprods + 1 || grow((void **)&m->prods, m->nprods, sizeof(*m->prods))) {
        return WMS_EINVAL;
    }
    mem_prod *x = &m->prods[m->nprods++];
    memset(x, 0, sizeof(*x));
    wms_strlcpy(x->sku, p->sku, sizeof(x->sku));
    wms_strlcpy(x->name, p->name, sizeof(x->name));
    wms_strlcpy(x->uom, p->uom, sizeof(x->uom));
    wms_strlcpy(x->tracking, p->tracking, sizeof(x->tracking));
    x->decimals = p->decimals;
    return 0;
}

static int g_barcode(void *d, const wms_demo_barcode *b)
{
    mem *m = d;
    if (grow((void **)&m->bcs, m->nbcs, sizeof(*m->bcs)) != 0) {
        return WMS_ENOMEM;
    }
    mem_bc *x = &m->bcs[m->nbcs++];
    x->prod = b->product_id;
    wms_strlcpy(x->gtin14, b->code, sizeof(x->gtin14));
    x->pack_milli = b->pack_qty.milli;
    wms_strlcpy(x->kind, b->kind, sizeof(x->kind));
    return 0;
}

static int g_op(void *d, const wms_demo_operator *o)
{
    mem *m = d;
    if (m->nops >= WMS_ARRAY_LEN(m->ops)) {
        return 0;
    }
    mem_op *x = &m->ops[m->nops++];
    wms_strlcpy(x->badge, o->badge, sizeof(x->badge));
    wms_strlcpy(x->name, o->name, sizeof(x->name));
    wms_strlcpy(x->role, o->role, sizeof(x->role));
    wms_strlcpy(x->pin, o->pin, sizeof(x->pin));
    return 0;
}

static int g_stock(void *d, const wms_demo_stock *s)
{
    mem *m = d;
    if (s->warehouse_id != WH) {
        return 0;
    }
    if (grow((void **)&m->snap, m->nsnap, sizeof(*m->snap)) != 0) {
        return WMS_ENOMEM;
    }
    mem_snap *x = &m->snap[m->nsnap++];
    memset(x, 0, sizeof(*x));
    x->loc = s->location_id;
    x->prod = s->product_id;
    x->qty_milli = s->qty.milli;
    wms_strlcpy(x->lot, s->lot, sizeof(x->lot));
    return 0;
}

static int g_planned_doc(void *d, const wms_demo_planned_doc *p)
{
    mem *m = d;
    if (p->warehouse_id != WH || strcmp(p->type, "receipt") != 0) {
        return 0;
    }
    if (grow((void **)&m->plans, m->nplans, sizeof(*m->plans)) != 0) {
        return WMS_ENOMEM;
    }
    mem_plan *x = &m->plans[m->nplans++];
    memset(x, 0, sizeof(*x));
    x->id = p->id;
    wms_strlcpy(x->ref, p->ref, sizeof(x->ref));
    wms_strlcpy(x->partner, p->partner, sizeof(x->partner));
    return 0;
}

static int g_planned_line(void *d, const wms_demo_planned_line *l)
{
    mem *m = d;
    bool ours = false;
    for (size_t i = 0; i < m->nplans; i++) {
        ours = ours || m->plans[i].id == l->planned_id;
    }
    if (!ours) {
        return 0;
    }
    if (grow((void **)&m->plines, m->nplines, sizeof(*m->plines)) != 0) {
        return WMS_ENOMEM;
    }
    mem_plan_line *x = &m->plines[m->nplines++];
    x->plan = l->planned_id;
    x->prod = l->product_id;
    x->qty_milli = l->qty.milli;
    return 0;
}

int kdata_mem_open_demo(kdata *out, uint64_t seed, int64_t products, wms_err *err)
{
    mem *m = calloc(1, sizeof(*m));
    if (!m) {
        return wms_err_set(err, WMS_ENOMEM, "out of memory");
    }
    wms_demo_opts o = {seed, products};
    wms_demo_sink sink = {g_warehouse, g_location,    g_product,      g_barcode, g_op,
                          g_stock,     g_planned_doc, g_planned_line, m};
    int rc = wms_demo_generate(&o, &sink);
    if (rc != 0) {
        m_close(m);
        return wms_err_set(err, rc < 0 ? rc : WMS_EIO, "demo data: %s", wms_strerror(rc));
    }
    memset(out, 0, sizeof(*out));
    out->ops = &mem_ops;
    out->d = m;
    wms_strlcpy(out->terminal, "T1", sizeof(out->terminal));
    wms_strlcpy(out->warehouse, "WH1", sizeof(out->warehouse));
    return 0;
}

int kdata_mem_reject(kdata *db, const char *doc_id, const char *reason)
{
    mem *m = db->d;
    int di = find_doc(m, doc_id);
    if (di < 0) {
        return WMS_ENOTFOUND;
    }
    int rc = wms_doc_transition(m->docs[di].status, WMS_DOC_REJECTED, NULL);
    if (rc == 0) {
        m->docs[di].status = WMS_DOC_REJECTED;
        wms_strlcpy(m->docs[di].reason, reason, sizeof(m->docs[di].reason));
    }
    return rc;
}

int kdata_mem_open(kdata *out, wms_err *err)
{
    return kdata_mem_open_demo(out, 1, 40, err);
}
