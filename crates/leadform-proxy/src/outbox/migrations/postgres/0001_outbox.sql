-- The outbox: every accepted submission, with the Create Lead body built from it, and
-- where its delivery to JourneyBee stands. Times are Unix epoch milliseconds.
CREATE TABLE submissions (
    id                  TEXT PRIMARY KEY,
    form_id             TEXT NOT NULL,
    state               TEXT NOT NULL
        CHECK (state IN ('queued', 'delivered', 'rejected', 'dead', 'discarded')),
    request             TEXT NOT NULL,
    created_at          BIGINT NOT NULL,
    give_up_at          BIGINT NOT NULL,
    next_attempt_at     BIGINT NOT NULL,
    attempts            BIGINT NOT NULL DEFAULT 0,
    first_attempt_at    BIGINT,
    -- An attempt was started and nobody has written down how it ended.
    attempt_open        BOOLEAN NOT NULL DEFAULT FALSE,
    -- An earlier attempt may have created the lead: look before sending again.
    in_doubt            BOOLEAN NOT NULL DEFAULT FALSE,
    lease_owner         TEXT,
    lease_until         BIGINT,
    lead_id             BIGINT,
    lead_uuid           TEXT,
    partnership_lead_id BIGINT,
    found_by_check      BOOLEAN NOT NULL DEFAULT FALSE,
    upstream_status     BIGINT,
    last_error          TEXT,
    finished_at         BIGINT
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
    expires_at    BIGINT NOT NULL,
    PRIMARY KEY (form_id, key)
);

-- What happened to each submission, for operators: attempts, checks, their own actions.
CREATE TABLE delivery_events (
    id            BIGSERIAL PRIMARY KEY,
    submission_id TEXT NOT NULL,
    at            BIGINT NOT NULL,
    kind          TEXT NOT NULL,
    detail        TEXT NOT NULL
);
CREATE INDEX delivery_events_submission ON delivery_events (submission_id, id);

-- The upstream rate limit, one token bucket shared by every replica.
CREATE TABLE rate_limits (
    name         TEXT PRIMARY KEY,
    tokens       DOUBLE PRECISION NOT NULL,
    updated_at   BIGINT NOT NULL,
    paused_until BIGINT NOT NULL DEFAULT 0
);

-- Written by /readyz to prove the store takes writes.
CREATE TABLE heartbeat (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL
);
