-- The deployment (Redis key prefix) whose data-protection key ring sealed a row's codes: only its instances send it.
ALTER TABLE email_outbox ADD COLUMN origin text NOT NULL DEFAULT '';
