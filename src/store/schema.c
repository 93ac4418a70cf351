/*
 * schema.c -- the store's schema as forward-only migrations (PRAGMA
 * user_version).  Migration i takes the database from version i to i + 1;
 * each runs in its own transaction together with the user_version bump.
 */
#include "store_int.h"

/* v0 -> v1: catalog, stock, documents, outbox, sync state, scan log. */
static const char mig1[] =
        "CREATE TABLE warehouse(id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
        " name TEXT NOT NULL);"
        "CREATE TABLE location(id INTEGER PRIMARY KEY,"
        " warehouse_id INTEGER NOT NULL REFERENCES warehouse(id),"
        " code TEXT NOT NULL UNIQUE, zone TEXT NOT NULL, type TEXT NOT NULL);"
        "CREATE INDEX location_wh ON location(warehouse_id);"
        "CREATE TABLE product(id INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE,"
        " name TEXT NOT NULL, uom TEXT NOT NULL,"
        " decimals INTEGER NOT NULL CHECK(decimals BETWEEN 0 AND 3),"
        " tracking TEXT NOT NULL CHECK(tracking IN ('none','lot','serial','expiry')));"
        "CREATE TABLE barcode(id INTEGER PRIMARY KEY,"
        " product_id INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,"
        " code TEXT NOT NULL UNIQUE, pack_qty INTEGER NOT NULL CHECK(pack_qty > 0),"
        " kind TEXT NOT NULL);"
        "CREATE INDEX barcode_product ON barcode(product_id);"
        "CREATE TABLE operator(id INTEGER PRIMARY KEY, badge TEXT NOT NULL UNIQUE,"
        " name TEXT NOT NULL, role TEXT NOT NULL, pin_hash TEXT NOT NULL,"
        " active INTEGER NOT NULL DEFAULT 1);"
        "CREATE TABLE planned_doc(id INTEGER PRIMARY KEY, type TEXT NOT NULL,"
        " warehouse_id INTEGER NOT NULL REFERENCES warehouse(id), ref TEXT NOT NULL,"
        " partner TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'open');"
        "CREATE TABLE planned_line(id INTEGER PRIMARY KEY,"
        " planned_id INTEGER NOT NULL REFERENCES planned_doc(id) ON DELETE CASCADE,"
        " product_id INTEGER NOT NULL, location_id INTEGER, qty INTEGER NOT NULL,"
        " lot TEXT NOT NULL DEFAULT '');"
        "CREATE INDEX planned_line_doc ON planned_line(planned_id);"
        /* central snapshot: one row per (location, product, lot) */
        "CREATE TABLE stock(id INTEGER PRIMARY KEY, warehouse_id INTEGER NOT NULL,"
        " location_id INTEGER NOT NULL, product_id INTEGER NOT NULL,"
        " lot TEXT NOT NULL DEFAULT '', qty INTEGER NOT NULL);"
        "CREATE INDEX stock_product ON stock(product_id, location_id, lot);"
        "CREATE INDEX stock_location ON stock(location_id, product_id, lot);";
static const char mig1b[] =
        /* terminal documents */
        "CREATE TABLE doc(seq INTEGER PRIMARY KEY AUTOINCREMENT, uuid BLOB NOT NULL UNIQUE,"
        " type INTEGER NOT NULL, status INTEGER NOT NULL,"
        " warehouse_id INTEGER NOT NULL REFERENCES warehouse(id),"
        " planned_id INTEGER REFERENCES planned_doc(id), ref TEXT NOT NULL DEFAULT '',"
        " reason TEXT NOT NULL DEFAULT '', operator_id INTEGER NOT NULL,"
        " created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);"
        "CREATE INDEX doc_status ON doc(status, type, seq);"
        "CREATE INDEX doc_type ON doc(type, seq);"
        "CREATE TABLE item(seq INTEGER PRIMARY KEY AUTOINCREMENT, uuid BLOB NOT NULL UNIQUE,"
        " doc_seq INTEGER NOT NULL REFERENCES doc(seq) ON DELETE CASCADE,"
        " product_id INTEGER NOT NULL REFERENCES product(id),"
        " location_id INTEGER NOT NULL REFERENCES location(id),"
        " to_location_id INTEGER REFERENCES location(id), qty INTEGER NOT NULL,"
        " lot TEXT NOT NULL DEFAULT '', serial TEXT NOT NULL DEFAULT '',"
        " expiry TEXT NOT NULL DEFAULT '');"
        "CREATE INDEX item_doc ON item(doc_seq, seq);"
        /* own pending deltas from locally posted documents */
        "CREATE TABLE pending_delta(id INTEGER PRIMARY KEY, op_seq INTEGER NOT NULL,"
        " doc_seq INTEGER NOT NULL, warehouse_id INTEGER NOT NULL,"
        " location_id INTEGER NOT NULL, product_id INTEGER NOT NULL,"
        " lot TEXT NOT NULL DEFAULT '', delta INTEGER NOT NULL,"
        " change_seq INTEGER);"
        "CREATE INDEX pending_product ON pending_delta(product_id, location_id, lot);"
        "CREATE INDEX pending_location ON pending_delta(location_id, product_id, lot);"
        "CREATE INDEX pending_op ON pending_delta(op_seq);";
static const char mig1c[] =
        /* outbox */
        "CREATE TABLE outbox(seq INTEGER PRIMARY KEY AUTOINCREMENT,"
        " op_id BLOB NOT NULL UNIQUE, kind TEXT NOT NULL, doc BLOB NOT NULL,"
        " at_ms INTEGER NOT NULL, operator_id INTEGER NOT NULL, payload TEXT NOT NULL,"
        " attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',"
        " state INTEGER NOT NULL DEFAULT 0, duplicate INTEGER NOT NULL DEFAULT 0,"
        " change_seq INTEGER, reject_code TEXT NOT NULL DEFAULT '',"
        " reason TEXT NOT NULL DEFAULT '');"
        "CREATE INDEX outbox_state ON outbox(state, seq);"
        "CREATE TABLE sync_state(k INTEGER PRIMARY KEY CHECK(k = 1), cursor INTEGER NOT NULL,"
        " last_success_ms INTEGER NOT NULL, last_error_ms INTEGER NOT NULL,"
        " last_error TEXT NOT NULL);"
        "INSERT INTO sync_state VALUES(1, 0, 0, 0, '');"
        "CREATE TABLE scan_log(id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL,"
        " operator_id INTEGER NOT NULL, screen TEXT NOT NULL, raw BLOB NOT NULL,"
        " kind TEXT NOT NULL, outcome TEXT NOT NULL);";

/* v1 -> v2: product search (FTS5 over name and SKU, contentless-external). */
static const char mig2[] =
        "CREATE VIRTUAL TABLE product_fts USING fts5(name, sku, content='product',"
        " content_rowid='id', prefix='1 2 3', detail=none);"
        "INSERT INTO product_fts(rowid, name, sku) SELECT id, name, sku FROM product;"
        "CREATE TRIGGER product_ai AFTER INSERT ON product BEGIN"
        " INSERT INTO product_fts(rowid, name, sku) VALUES (new.id, new.name, new.sku); END;"
        "CREATE TRIGGER product_ad AFTER DELETE ON product BEGIN"
        " INSERT INTO product_fts(product_fts, rowid, name, sku)"
        " VALUES ('delete', old.id, old.name, old.sku); END;"
        "CREATE TRIGGER product_au AFTER UPDATE ON product BEGIN"
        " INSERT INTO product_fts(product_fts, rowid, name, sku)"
        " VALUES ('delete', old.id, old.name, old.sku);"
        " INSERT INTO product_fts(rowid, name, sku) VALUES (new.id, new.name, new.sku); END;";

/* v2 -> v3: PIN lockout that survives restarts; documents by ref. */
static const char mig3[] =
        "CREATE TABLE login_lock(operator_id INTEGER PRIMARY KEY, fails INTEGER NOT NULL,"
        " locked_until_ms INTEGER NOT NULL);"
        "CREATE INDEX doc_ref ON doc(ref, seq);"
        "CREATE INDEX planned_doc_list ON planned_doc(warehouse_id, type, status, id);";

static const char *const v1[] = {mig1, mig1b, mig1c, NULL};
static const char *const v2[] = {mig2, NULL};
static const char *const v3[] = {mig3, NULL};
const char *const *const store_migrations[WMS_STORE_SCHEMA_VERSION] = {v1, v2, v3};
