-- The audit log becomes a hash chain: each row stores the SHA-256 of the previous row's hash followed by its own
-- canonical content (see Audit/AuditChain.cs for the format). Rows written before this migration are chained here
-- in id order, starting from 32 zero bytes. The application role may insert but never update or delete
-- (granted by the migrator, which runs as the owner role).
ALTER TABLE audit_log ADD COLUMN prev_hash bytea NULL, ADD COLUMN hash bytea NULL;

DO $$
DECLARE
    r record;
    prev bytea := decode(repeat('00', 32), 'hex');
BEGIN
    FOR r IN SELECT id, at, actor_kind, actor_id, action, subject_id, details FROM audit_log ORDER BY id LOOP
        UPDATE audit_log
        SET prev_hash = prev,
            hash = sha256(prev || convert_to(concat_ws(E'\n',
                r.id::text,
                to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                r.actor_kind,
                coalesce(r.actor_id::text, ''),
                r.action,
                coalesce(r.subject_id::text, ''),
                r.details::text), 'UTF8'))
        WHERE id = r.id
        RETURNING hash INTO prev;
    END LOOP;
END $$;

ALTER TABLE audit_log ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL;
CREATE INDEX audit_log_at ON audit_log (at DESC);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC);
CREATE INDEX audit_log_action ON audit_log (action, at DESC);
