-- An attempt's outcome and its history are written by one statement: the finishing UPDATE
-- sets new_events, a JSON array of [at, kind, detail], and this trigger files them in order.
ALTER TABLE submissions ADD COLUMN new_events TEXT;

CREATE FUNCTION file_new_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO delivery_events (submission_id, at, kind, detail)
    SELECT NEW.id, (event ->> 0)::BIGINT, event ->> 1, event ->> 2
    FROM jsonb_array_elements(NEW.new_events::jsonb) WITH ORDINALITY AS events(event, position)
    ORDER BY position;
    RETURN NULL;
END;
$$;

CREATE TRIGGER submissions_file_new_events AFTER UPDATE OF new_events ON submissions
FOR EACH ROW WHEN (NEW.new_events IS NOT NULL) EXECUTE FUNCTION file_new_events();
