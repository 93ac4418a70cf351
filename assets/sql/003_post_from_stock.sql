-- 003: posting an issue or transfer from existing stock.
--
-- wms__post added a negative delta with INSERT .. ON CONFLICT DO UPDATE; the
-- inventory CHECK (quantity >= 0) is evaluated on the proposed row before the
-- conflict is detected, so every posting that took stock out of an existing
-- row was rejected as 'invalid'.  Replaced (same signature, privileges kept).

-- Post document d: all deltas in this transaction, or a negative_stock rejection.
CREATE OR REPLACE FUNCTION wms__post(p_doc_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    d documents;
    r record;
    v_have numeric;
BEGIN
    SELECT * INTO d FROM documents WHERE id = p_doc_id;
    IF d.type = 'count' THEN
        FOR r IN SELECT i.id, i.location_id, i.product_id, i.lot, i.quantity
                 FROM document_items i WHERE i.document_id = d.id ORDER BY i.id
        LOOP
            SELECT quantity INTO v_have FROM inventory
             WHERE warehouse_id = d.warehouse_id AND location_id = r.location_id
               AND product_id = r.product_id AND lot = r.lot FOR UPDATE;
            v_have := coalesce(v_have, 0);
            INSERT INTO inventory (warehouse_id, location_id, product_id, lot, quantity)
            VALUES (d.warehouse_id, r.location_id, r.product_id, r.lot, r.quantity)
            ON CONFLICT (warehouse_id, location_id, product_id, lot)
            DO UPDATE SET quantity = EXCLUDED.quantity;
            UPDATE document_items SET counted_qty = r.quantity, previous_qty = v_have
             WHERE id = r.id;
        END LOOP;
        RETURN;
    END IF;
    -- Net delta per (location, product, lot), in a stable order (no deadlocks).
    FOR r IN
        WITH deltas AS (
            SELECT i.location_id AS loc, i.product_id AS prod, i.lot,
                   CASE d.type WHEN 'receipt' THEN i.quantity ELSE -i.quantity END AS delta
              FROM document_items i WHERE i.document_id = d.id
            UNION ALL
            SELECT i.to_location_id, i.product_id, i.lot, i.quantity
              FROM document_items i WHERE i.document_id = d.id AND d.type = 'transfer'
        )
        SELECT loc, prod, lot, sum(delta) AS delta FROM deltas
         GROUP BY loc, prod, lot ORDER BY loc, prod, lot
    LOOP
        SELECT quantity INTO v_have FROM inventory
         WHERE warehouse_id = d.warehouse_id AND location_id = r.loc
           AND product_id = r.prod AND lot = r.lot FOR UPDATE;
        v_have := coalesce(v_have, 0);
        IF v_have + r.delta < 0 THEN
            PERFORM wms__reject('negative_stock', format(
                'Quantity would go below zero at %s for %s%s (have %s, need %s)',
                (SELECT code FROM locations WHERE id = r.loc),
                coalesce((SELECT code FROM barcodes WHERE product_id = r.prod ORDER BY id LIMIT 1),
                         (SELECT sku FROM products WHERE id = r.prod)),
                CASE WHEN r.lot <> '' THEN ' lot ' || r.lot ELSE '' END,
                wms__qty_text(v_have), wms__qty_text(-r.delta)));
        END IF;
        -- The row is locked above.  Not INSERT .. ON CONFLICT: the CHECK
        -- (quantity >= 0) is tested on the proposed row (the negative delta)
        -- before the conflict is seen, so every issue from stock failed.
        IF r.delta <> 0 THEN
            UPDATE inventory SET quantity = quantity + r.delta
             WHERE warehouse_id = d.warehouse_id AND location_id = r.loc
               AND product_id = r.prod AND lot = r.lot;
            IF NOT FOUND THEN
                INSERT INTO inventory (warehouse_id, location_id, product_id, lot, quantity)
                VALUES (d.warehouse_id, r.loc, r.prod, r.lot, r.delta);
            END IF;
        END IF;
    END LOOP;
END $$;

REVOKE EXECUTE ON FUNCTION wms__post(bigint) FROM PUBLIC;
