-- The outbox: every accepted submission, with the Create Lead body built from it, and
-- where its delivery to JourneyBee stands. Times are Unix epoch milliseconds.
CREATE TABLE submissions (
    id                  TEXT PRIMARY KEY,
    form_id             TEXT NOT NULL,
    state               TEXT NOT NULL
        CHECK (state IN ('queued', 'delivered', 'rejected', 'dead', 'discarded')),
    request             TEXT NOT NULL,
    created_at          INTEGER NOT NULL,
    give_up_at          INTEGER NOT NULL,
    next_attempt_at     INTEGER NOT NULL,
    attempts            INTEGER NOT NULL DEFAULT 0,
    first_attempt_at    INTEGER,
    -- An attempt was started and nobody has written down how it ended.
    attempt_open        INTEGER NOT NULL DEFAULT 0,
    -- An earlier attempt may have created the lead: look before sending again.
    in_doubt            INTEGER NOT NULL DEFAULT 0,
    lease_owner         TEXT,
    lease_until         INTEGER,
    lead_id             INTEGER,
    lead_uuid           TEXT,
    partnership_lead_id INTEGER,
    found_by_check      INTEGER NOT NULL DEFAULT 0,
    upstream_status     INTEGER,
    last_error          TEXT,
    finished_at         INTEGER
);
CREATE INDEX submissions_due ON submissions (next_attempt_at) WHERE state = 'queued';
CREATE INDEX submissions_state_created ON submissions (state, created_at);
CREATE INDEX submissions_form_created ON submissions (form_id, created_at);
CREATE INDEX submissions_lead ON submissions (lead_id) WHERE lead_id IS NOT NULL;

-- Which submission a form's Idempotency-Key (or, without one, a body fingerprint) stands for.
CREATE TABLE idempotency_keys (
    form_id       TEXT NOT NULL,
    key           TEXT NOT NULL,
    submission_id TEXT NOT NULL,
    fingerprint   TEXT NOT NULL,
    expires_at    INTEGER NOT NULL,
    PRIMARY KEY (form_id, key)
);

-- What happened to each submission, for operators: attempts, checks, their own actions.
CREATE TABLE delivery_events (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    submission_id TEXT NOT NULL,
    at            INTEGER NOT NULL,
    kind          TEXT NOT NULL,
    detail        TEXT NOT NULL
);
CREATE INDEX delivery_events_submission ON delivery_events (submission_id, id);

-- Written by /readyz to prove the store takes writes.
CREATE TABLE heartbeat (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL
);
