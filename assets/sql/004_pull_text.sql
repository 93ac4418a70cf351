-- 004: pull pages as text.
--
-- wms_sync_pull_as built each page as jsonb (jsonb_build_object per change,
-- jsonb_agg, then ::text in the caller): ~44 ms of server time for a 5000-change
-- page, most of a terminal's first full pull.  The same page assembled as text
-- (string_agg; data is already jsonb, its text output is used as is) takes
-- ~6 ms.  Same rules, scoping and page contract (docs/sync-protocol.md
-- "Changes"); the jsonb functions stay for older callers and now wrap these.

CREATE OR REPLACE FUNCTION wms_sync_pull_text_as(p_terminal text, p_after bigint, p_limit int)
RETURNS text
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_lim int := least(greatest(coalesce(p_limit, 1000), 1), 5000);
    v_after bigint := coalesce(p_after, 0);
    v_changes text;
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
         WHERE c.seq > v_after
           AND (c.warehouse_id IS NULL OR c.warehouse_id = ANY (v_whs))
           AND (c.terminal_id IS NULL OR c.terminal_id = p_terminal)
         ORDER BY c.seq LIMIT v_lim + 1
    ), firstn AS (
        SELECT * FROM page ORDER BY seq LIMIT v_lim
    )
    SELECT string_agg('{"seq":' || seq || ',"entity":' || to_json(entity)::text
                      || ',"op":' || to_json(op)::text || ',"id":' || id
                      || ',"data":' || coalesce(data::text, 'null') || '}', ',' ORDER BY seq),
           (SELECT count(*) FROM page), max(seq)
      INTO v_changes, v_n, v_next FROM firstn;
    RETURN '{"changes":[' || coalesce(v_changes, '') || '],"next":'
           || coalesce(v_next, v_after) || ',"more":'
           || CASE WHEN v_n > v_lim THEN 'true' ELSE 'false' END || '}';
END $$;

CREATE OR REPLACE FUNCTION wms_sync_pull_text(p_after bigint, p_limit int) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT wms_sync_pull_text_as(wms__current_terminal(), p_after, p_limit)
$$;

-- The jsonb forms: one definition of the page (same answer, parsed).
CREATE OR REPLACE FUNCTION wms_sync_pull_as(p_terminal text, p_after bigint, p_limit int)
RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT wms_sync_pull_text_as(p_terminal, p_after, p_limit)::jsonb
$$;

REVOKE EXECUTE ON FUNCTION wms_sync_pull_text_as(text, bigint, int),
    wms_sync_pull_text(bigint, int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION wms_sync_pull_text(bigint, int) TO wms_terminal;
GRANT EXECUTE ON FUNCTION wms_sync_pull_text_as(text, bigint, int) TO wms_server;
