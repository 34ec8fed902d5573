-- When a record's personal content (the Create Lead body, the consent's text, the visitor's
-- words in the last error and the history) was erased: by the retention time
-- (--retain-personal-data) or by `outbox forget`. NULL while the record still holds it.
ALTER TABLE submissions ADD COLUMN erased_at BIGINT;
CREATE INDEX submissions_erasable ON submissions (finished_at) WHERE erased_at IS NULL;
