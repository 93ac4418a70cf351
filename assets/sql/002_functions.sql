-- 002: the sync rules (docs/sync-protocol.md) as PL/pgSQL functions, shared by
-- the direct link (terminal roles) and wms-server (role wms_server).

-- Raise a rejection: HINT carries the machine code, MESSAGE the reason.
CREATE OR REPLACE FUNCTION wms__reject(p_code text, p_reason text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'WMS01', MESSAGE = p_reason, HINT = p_code;
END $$;

CREATE OR REPLACE FUNCTION wms__qty(p jsonb, p_key text, p_allow_zero boolean) RETURNS numeric
LANGUAGE plpgsql AS $$
DECLARE
    v text := p ->> p_key;
    q numeric;
BEGIN
    IF v IS NULL OR jsonb_typeof(p -> p_key) <> 'string'
       OR v !~ '^[0-9]{1,9}(\.[0-9]{1,3})?$' THEN
        PERFORM wms__reject('invalid', format('%s must be a decimal string with at most 3 decimals', p_key));
    END IF;
    q := v::numeric;
    IF q = 0 AND NOT p_allow_zero THEN
        PERFORM wms__reject('invalid', format('%s must be greater than zero', p_key));
    END IF;
    RETURN q;
END $$;

CREATE OR REPLACE FUNCTION wms__id(p jsonb, p_key text, p_required boolean) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    v jsonb := p -> p_key;
BEGIN
    IF v IS NULL OR v = 'null'::jsonb THEN
        IF p_required THEN
            PERFORM wms__reject('invalid', format('%s is required', p_key));
        END IF;
        RETURN NULL;
    END IF;
    IF jsonb_typeof(v) <> 'number' OR (v #>> '{}') !~ '^[1-9][0-9]{0,18}$' THEN
        PERFORM wms__reject('invalid', format('%s must be an id >= 1', p_key));
    END IF;
    RETURN (v #>> '{}')::bigint;
END $$;

CREATE OR REPLACE FUNCTION wms__text(p jsonb, p_key text, p_max int) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    v jsonb := p -> p_key;
BEGIN
    IF v IS NULL OR v = 'null'::jsonb THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(v) <> 'string' OR length(v #>> '{}') > p_max
       OR (v #>> '{}') ~ '[[:cntrl:]]' THEN
        PERFORM wms__reject('invalid', format('%s must be text of at most %s characters', p_key, p_max));
    END IF;
    RETURN v #>> '{}';
END $$;

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
        IF r.delta <> 0 THEN
            INSERT INTO inventory (warehouse_id, location_id, product_id, lot, quantity)
            VALUES (d.warehouse_id, r.loc, r.prod, r.lot, r.delta)
            ON CONFLICT (warehouse_id, location_id, product_id, lot)
            DO UPDATE SET quantity = inventory.quantity + EXCLUDED.quantity;
        END IF;
    END LOOP;
END $$;

-- Apply one operation for terminal p_terminal; raises on rejection.
CREATE OR REPLACE FUNCTION wms__apply_op(p_terminal text, op jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    v_kind text := op ->> 'kind';
    v_doc uuid;
    p jsonb := coalesce(op -> 'payload', '{}'::jsonb);
    d documents;
    v_type text;
    v_wh bigint;
    v_item uuid;
    v_loc bigint;
    v_to bigint;
    v_prod bigint;
    v_n int;
BEGIN
    IF jsonb_typeof(p) <> 'object' THEN
        PERFORM wms__reject('invalid', 'payload must be an object');
    END IF;
    BEGIN
        v_doc := (op ->> 'doc')::uuid;
    EXCEPTION WHEN others THEN
        PERFORM wms__reject('invalid', 'doc must be a UUID');
    END;
    IF v_doc IS NULL THEN
        PERFORM wms__reject('invalid', 'doc is required');
    END IF;
    IF v_kind = 'doc.create' THEN
        v_type := p ->> 'type';
        IF v_type IS NULL OR v_type NOT IN ('receipt', 'issue', 'transfer', 'count') THEN
            PERFORM wms__reject('invalid', 'type must be receipt, issue, transfer or count');
        END IF;
        v_wh := wms__id(p, 'warehouse_id', true);
        IF NOT EXISTS (SELECT 1 FROM terminal_warehouses
                        WHERE terminal_id = p_terminal AND warehouse_id = v_wh) THEN
            PERFORM wms__reject('unknown_reference',
                                format('warehouse %s is not served by terminal %s', v_wh, p_terminal));
        END IF;
        SELECT * INTO d FROM documents WHERE uuid = v_doc;
        IF FOUND THEN
            IF d.terminal_id <> p_terminal THEN
                PERFORM wms__reject('not_owner', 'document belongs to another terminal');
            END IF;
            PERFORM wms__reject('bad_state', 'document already exists');
        END IF;
        IF wms__id(p, 'planned_id', false) IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM planned_docs WHERE id = wms__id(p, 'planned_id', false)) THEN
            PERFORM wms__reject('unknown_reference', 'no such planned document');
        END IF;
        IF wms__id(op, 'operator_id', false) IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM operators WHERE id = wms__id(op, 'operator_id', false)) THEN
            PERFORM wms__reject('unknown_reference', 'no such operator');
        END IF;
        INSERT INTO documents (uuid, type, warehouse_id, terminal_id, operator_id, planned_id, ref)
        VALUES (v_doc, v_type, v_wh, p_terminal, wms__id(op, 'operator_id', false),
                wms__id(p, 'planned_id', false), coalesce(wms__text(p, 'ref', 64), ''));
        RETURN;
    END IF;

    SELECT * INTO d FROM documents WHERE uuid = v_doc FOR UPDATE;
    IF NOT FOUND THEN
        PERFORM wms__reject('unknown_reference', 'no such document');
    END IF;
    IF d.terminal_id <> p_terminal THEN
        PERFORM wms__reject('not_owner', 'document belongs to another terminal');
    END IF;
    IF d.status = 'rejected' THEN
        PERFORM wms__reject('doc_rejected', coalesce('document was rejected: ' || d.reason,
                                                     'document was rejected'));
    END IF;
    IF v_kind IN ('item.add', 'item.qty', 'item.remove', 'doc.post', 'doc.cancel')
       AND d.status <> 'draft' THEN
        PERFORM wms__reject('bad_state', format('cannot %s a %s document', v_kind, d.status));
    END IF;
    BEGIN
        v_item := (p ->> 'item')::uuid;
    EXCEPTION WHEN others THEN
        PERFORM wms__reject('invalid', 'item must be a UUID');
    END;

    CASE v_kind
    WHEN 'item.add' THEN
        IF v_item IS NULL THEN
            PERFORM wms__reject('invalid', 'item is required');
        END IF;
        v_prod := wms__id(p, 'product_id', true);
        v_loc := wms__id(p, 'location_id', true);
        v_to := wms__id(p, 'to_location_id', d.type = 'transfer');
        IF v_to IS NOT NULL AND d.type <> 'transfer' THEN
            PERFORM wms__reject('invalid', 'to_location_id only for transfers');
        END IF;
        IF NOT EXISTS (SELECT 1 FROM products WHERE id = v_prod) THEN
            PERFORM wms__reject('unknown_reference', format('no such product %s', v_prod));
        END IF;
        IF NOT EXISTS (SELECT 1 FROM locations WHERE id = v_loc AND warehouse_id = d.warehouse_id)
           OR (v_to IS NOT NULL AND NOT EXISTS (SELECT 1 FROM locations
                                                 WHERE id = v_to AND warehouse_id = d.warehouse_id)) THEN
            PERFORM wms__reject('unknown_reference', 'no such location in the document''s warehouse');
        END IF;
        IF EXISTS (SELECT 1 FROM document_items WHERE uuid = v_item) THEN
            PERFORM wms__reject('bad_state', 'item already exists');
        END IF;
        INSERT INTO document_items (uuid, document_id, product_id, location_id, to_location_id,
                                    quantity, is_count, lot, serial, expiry)
        VALUES (v_item, d.id, v_prod, v_loc, v_to, wms__qty(p, 'qty', d.type = 'count'),
                d.type = 'count', coalesce(wms__text(p, 'lot', 20), ''),
                wms__text(p, 'serial', 20),
                CASE WHEN p ? 'expiry' AND p ->> 'expiry' IS NOT NULL THEN
                    CASE WHEN (p ->> 'expiry') ~ '^\d{4}-\d{2}-\d{2}$' THEN (p ->> 'expiry')::date END
                END);
    WHEN 'item.qty' THEN
        UPDATE document_items SET quantity = wms__qty(p, 'qty', d.type = 'count')
         WHERE uuid = v_item AND document_id = d.id;
        GET DIAGNOSTICS v_n = ROW_COUNT;
        IF v_n = 0 THEN
            PERFORM wms__reject('unknown_reference', 'no such item');
        END IF;
    WHEN 'item.remove' THEN
        DELETE FROM document_items WHERE uuid = v_item AND document_id = d.id;
        GET DIAGNOSTICS v_n = ROW_COUNT;
        IF v_n = 0 THEN
            PERFORM wms__reject('unknown_reference', 'no such item');
        END IF;
    WHEN 'doc.post' THEN
        PERFORM wms__post(d.id);
        UPDATE documents SET status = 'posted', posted_at = now() WHERE id = d.id;
    WHEN 'doc.cancel' THEN
        UPDATE documents SET status = 'cancelled' WHERE id = d.id;
    ELSE
        PERFORM wms__reject('invalid', 'unknown kind');
    END CASE;
END $$;

-- Push a batch (docs/sync-protocol.md "Batches and results") for p_terminal.
CREATE OR REPLACE FUNCTION wms_sync_push_as(p_terminal text, p_batch jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    op jsonb;
    v_op_id uuid;
    v_doc uuid;
    prev applied_ops;
    v_res jsonb := '[]'::jsonb;
    v_code text;
    v_reason text;
    v_state text;
    v_seq bigint;
    v_rej uuid[] := '{}';
BEGIN
    IF NOT EXISTS (SELECT 1 FROM terminals WHERE id = p_terminal) THEN
        RAISE EXCEPTION 'unknown terminal' USING ERRCODE = '42501';
    END IF;
    IF jsonb_typeof(p_batch) <> 'object' OR jsonb_typeof(p_batch -> 'ops') <> 'array' THEN
        RAISE EXCEPTION 'batch must be {"terminal":..,"ops":[..]}' USING ERRCODE = '22023';
    END IF;
    IF p_batch ? 'terminal' AND p_batch ->> 'terminal' IS DISTINCT FROM p_terminal THEN
        RAISE EXCEPTION 'a terminal cannot write as another' USING ERRCODE = '42501';
    END IF;
    IF jsonb_array_length(p_batch -> 'ops') > 100 THEN
        RAISE EXCEPTION 'at most 100 operations per batch' USING ERRCODE = '54000';
    END IF;
    PERFORM pg_advisory_xact_lock(7460001);
    FOR op IN SELECT value FROM jsonb_array_elements(p_batch -> 'ops')
    LOOP
        v_op_id := NULL;
        v_doc := NULL;
        BEGIN
            v_op_id := (op ->> 'op_id')::uuid;
            v_doc := (op ->> 'doc')::uuid;
        EXCEPTION WHEN others THEN
            NULL;
        END;
        IF v_op_id IS NULL THEN
            v_res := v_res || jsonb_build_object('op_id', op -> 'op_id', 'status', 'rejected',
                                                 'code', 'invalid', 'reason', 'op_id must be a UUID');
            CONTINUE;
        END IF;
        SELECT * INTO prev FROM applied_ops WHERE op_id = v_op_id;
        IF FOUND THEN
            IF prev.terminal_id <> p_terminal THEN
                v_res := v_res || jsonb_build_object('op_id', v_op_id, 'status', 'rejected',
                                                     'code', 'not_owner',
                                                     'reason', 'operation belongs to another terminal');
            ELSE
                v_res := v_res || jsonb_strip_nulls(jsonb_build_object(
                    'op_id', v_op_id, 'status', 'duplicate', 'result', prev.status,
                    'change_seq', prev.change_seq, 'code', prev.code, 'reason', prev.reason));
            END IF;
            CONTINUE;
        END IF;
        v_code := NULL;
        v_reason := NULL;
        IF v_doc IS NOT NULL AND v_doc = ANY (v_rej) THEN
            v_code := 'doc_rejected';
            v_reason := 'an earlier operation on this document was rejected';
        ELSE
            BEGIN
                PERFORM wms__apply_op(p_terminal, op);
            EXCEPTION
                WHEN SQLSTATE 'WMS01' THEN
                    GET STACKED DIAGNOSTICS v_reason = MESSAGE_TEXT, v_code = PG_EXCEPTION_HINT;
                WHEN check_violation OR not_null_violation OR invalid_text_representation
                     OR numeric_value_out_of_range OR datetime_field_overflow
                     OR invalid_datetime_format OR string_data_right_truncation THEN
                    GET STACKED DIAGNOSTICS v_reason = MESSAGE_TEXT;
                    v_code := 'invalid';
                WHEN foreign_key_violation THEN
                    GET STACKED DIAGNOSTICS v_reason = MESSAGE_TEXT;
                    v_code := 'unknown_reference';
                WHEN unique_violation THEN
                    GET STACKED DIAGNOSTICS v_reason = MESSAGE_TEXT;
                    v_code := 'bad_state';
            END;
        END IF;
        IF v_code IS NOT NULL THEN
            IF v_doc IS NOT NULL THEN
                v_rej := v_rej || v_doc;
                UPDATE documents SET status = 'rejected', reason = v_reason
                 WHERE uuid = v_doc AND terminal_id = p_terminal AND status = 'draft';
            END IF;
            v_state := 'rejected';
        ELSE
            v_state := 'applied';
        END IF;
        SELECT last_value INTO v_seq FROM wms_change_seq;
        INSERT INTO applied_ops (op_id, terminal_id, doc, kind, status, code, reason, change_seq)
        VALUES (v_op_id, p_terminal, v_doc, coalesce(left(op ->> 'kind', 32), ''), v_state,
                v_code, v_reason, v_seq);
        v_res := v_res || jsonb_strip_nulls(jsonb_build_object(
            'op_id', v_op_id, 'status', v_state, 'change_seq', v_seq,
            'code', v_code, 'reason', v_reason));
    END LOOP;
    RETURN jsonb_build_object('results', v_res);
END $$;

-- Pull changes after p_after (docs/sync-protocol.md "Changes").
CREATE OR REPLACE FUNCTION wms_sync_pull_as(p_terminal text, p_after bigint, p_limit int)
RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_lim int := least(greatest(coalesce(p_limit, 1000), 1), 5000);
    v_changes jsonb;
    v_n int;
    v_next bigint;
    v_whs bigint[];
BEGIN
    IF NOT EXISTS (SELECT 1 FROM terminals WHERE id = p_terminal) THEN
        RAISE EXCEPTION 'unknown terminal' USING ERRCODE = '42501';
    END IF;
    SELECT coalesce(array_agg(warehouse_id), '{}') INTO v_whs
      FROM terminal_warehouses WHERE terminal_id = p_terminal;
    WITH page AS (
        SELECT c.seq, c.entity, c.op, c.id, c.data FROM changes c
         WHERE c.seq > coalesce(p_after, 0)
           AND (c.warehouse_id IS NULL OR c.warehouse_id = ANY (v_whs))
           AND (c.terminal_id IS NULL OR c.terminal_id = p_terminal)
         ORDER BY c.seq LIMIT v_lim + 1
    ), firstn AS (
        SELECT * FROM page ORDER BY seq LIMIT v_lim
    )
    SELECT coalesce(jsonb_agg(jsonb_build_object('seq', seq, 'entity', entity, 'op', op,
                                                 'id', id, 'data', data) ORDER BY seq), '[]'),
           (SELECT count(*) FROM page), max(seq)
      INTO v_changes, v_n, v_next FROM firstn;
    RETURN jsonb_build_object('changes', v_changes,
                              'next', coalesce(v_next, coalesce(p_after, 0)),
                              'more', v_n > v_lim);
END $$;

CREATE OR REPLACE FUNCTION wms_terminal_heartbeat_as(p_terminal text, p_hb jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF p_hb ? 'terminal' AND p_hb ->> 'terminal' IS DISTINCT FROM p_terminal THEN
        RAISE EXCEPTION 'a terminal cannot write as another' USING ERRCODE = '42501';
    END IF;
    UPDATE terminals SET last_seen_at = now(),
           version = left(p_hb ->> 'version', 40),
           outbox_depth = CASE WHEN jsonb_typeof(p_hb -> 'outbox_depth') = 'number'
                               THEN least((p_hb ->> 'outbox_depth')::numeric, 2147483647)::int END,
           outbox_oldest_age_s = CASE WHEN jsonb_typeof(p_hb -> 'outbox_oldest_age_s') = 'number'
                               THEN least((p_hb ->> 'outbox_oldest_age_s')::numeric, 2147483647)::int END,
           last_scan_at = CASE WHEN jsonb_typeof(p_hb -> 'last_scan_at') = 'number'
                               THEN (p_hb ->> 'last_scan_at')::numeric::bigint END,
           health = left(p_hb ->> 'health', 16)
     WHERE id = p_terminal;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'unknown terminal' USING ERRCODE = '42501';
    END IF;
    RETURN jsonb_build_object('ok', true, 'server_time', (extract(epoch FROM now()) * 1000)::bigint);
END $$;

CREATE OR REPLACE FUNCTION wms_health() RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT jsonb_build_object('status', 'healthy',
                              'db_time', (extract(epoch FROM now()) * 1000)::bigint,
                              'change_seq', (SELECT coalesce(max(seq), 0) FROM changes),
                              'schema_version', (SELECT max(version) FROM wms_schema_version))
$$;

-- The terminal bound to the login role (direct link).
CREATE OR REPLACE FUNCTION wms__current_terminal() RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v text;
BEGIN
    SELECT id INTO v FROM terminals WHERE role_name = session_user;
    IF v IS NULL THEN
        RAISE EXCEPTION 'login role % is not a terminal', session_user USING ERRCODE = '42501';
    END IF;
    RETURN v;
END $$;

CREATE OR REPLACE FUNCTION wms_sync_push(p_batch jsonb) RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT wms_sync_push_as(wms__current_terminal(), p_batch)
$$;

CREATE OR REPLACE FUNCTION wms_sync_pull(p_after bigint, p_limit int) RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT wms_sync_pull_as(wms__current_terminal(), p_after, p_limit)
$$;

CREATE OR REPLACE FUNCTION wms_terminal_heartbeat(p_hb jsonb) RETURNS jsonb
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT wms_terminal_heartbeat_as(wms__current_terminal(), p_hb)
$$;

-- wms-server: the terminal whose bearer token hashes to p_sha256, or NULL.
CREATE OR REPLACE FUNCTION wms_server_terminal_auth(p_sha256 bytea) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT id FROM terminals WHERE token_sha256 = p_sha256
$$;

-- Admin (wmsctl terminal add): the terminal, its login role (the token is its
-- password) and its warehouses.  Runs as the migrating/admin role.
CREATE OR REPLACE FUNCTION wms_terminal_add(p_id text, p_name text, p_warehouses bigint[],
                                            p_token text, p_sha256 bytea) RETURNS text
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    v_role text := 'wms_t_' || p_id;
BEGIN
    IF p_id !~ '^[A-Za-z0-9_-]{1,32}$' THEN
        RAISE EXCEPTION 'terminal id must match [A-Za-z0-9_-]{1,32}' USING ERRCODE = '22023';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_role) THEN
        EXECUTE format('ALTER ROLE %I LOGIN PASSWORD %L', v_role, p_token);
    ELSE
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE wms_terminal', v_role, p_token);
    END IF;
    EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', v_role, '30s');
    EXECUTE format('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L', v_role, '60s');
    INSERT INTO terminals (id, name, role_name, token_sha256)
    VALUES (p_id, coalesce(p_name, ''), v_role, p_sha256)
    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, token_sha256 = EXCLUDED.token_sha256;
    DELETE FROM terminal_warehouses WHERE terminal_id = p_id;
    INSERT INTO terminal_warehouses (terminal_id, warehouse_id)
    SELECT p_id, unnest(p_warehouses);
    RETURN v_role;
END $$;

-- Roles.  wms_terminal: only the sync functions.  wms_server: the *_as
-- functions and token lookup.  Timeouts are per login role (ALTER ROLE ..
-- SET), never session SET, so that PgBouncer transaction pooling works.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wms_terminal') THEN
        CREATE ROLE wms_terminal NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'wms_server') THEN
        CREATE ROLE wms_server NOLOGIN;
    END IF;
END $$;

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, wms_terminal, wms_server;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, wms_terminal, wms_server;
REVOKE EXECUTE ON FUNCTION wms_sync_push_as(text, jsonb), wms_sync_pull_as(text, bigint, int),
    wms_terminal_heartbeat_as(text, jsonb), wms_server_terminal_auth(bytea),
    wms_terminal_add(text, text, bigint[], text, bytea), wms__current_terminal(),
    wms__apply_op(text, jsonb), wms__post(bigint), wms__track(), wms__reject(text, text),
    wms_sync_push(jsonb), wms_sync_pull(bigint, int), wms_terminal_heartbeat(jsonb),
    wms_health() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION wms_sync_push(jsonb), wms_sync_pull(bigint, int),
    wms_terminal_heartbeat(jsonb), wms_health() TO wms_terminal;
GRANT EXECUTE ON FUNCTION wms_sync_push_as(text, jsonb), wms_sync_pull_as(text, bigint, int),
    wms_terminal_heartbeat_as(text, jsonb), wms_server_terminal_auth(bytea), wms_health()
    TO wms_server;
