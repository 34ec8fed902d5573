-- How each form converts, counted per hour (`hour`: its start, in milliseconds since 1970):
-- `shown`, `started`, `submitted`, `delivered`, `step:N` (visitors who reached step N) and
-- `left:QUESTION` (visitors who left without sending, by the last question they answered).
-- Replicas add to the same rows. No visitor is in here: only counts. Kept 13 months.
CREATE TABLE form_stats (
    form_id TEXT NOT NULL,
    hour BIGINT NOT NULL,
    metric TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (form_id, hour, metric)
);
