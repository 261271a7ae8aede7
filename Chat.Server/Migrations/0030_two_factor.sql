-- Two-factor sign-in for staff (TOTP, RFC 6238). The shared secret is sealed with the data-protection key ring
-- (itself encrypted at rest) before it is stored; recovery codes are stored only as SHA-256 hashes.
-- totp_last_step is the last 30-second step a code was accepted for: a code is accepted once, for a later step.
ALTER TABLE staff
    ADD COLUMN totp_secret         text        NULL,
    ADD COLUMN totp_pending_secret text        NULL,
    ADD COLUMN totp_enabled_at     timestamptz NULL,
    ADD COLUMN totp_last_step      bigint      NOT NULL DEFAULT 0;

CREATE TABLE staff_recovery_codes (
    staff_id  uuid        NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    code_hash bytea       NOT NULL,
    used_at   timestamptz NULL,
    PRIMARY KEY (staff_id, code_hash)
);

-- Sign-in back-off lives in Redis per source address (Accounts/LoginThrottle.cs); these were never read.
ALTER TABLE staff DROP COLUMN failed_logins, DROP COLUMN lockout_until;
