-- A submission from one of its form's test origins (a partner's staging site): delivered to
-- the built-in sandbox, never to JourneyBee, and listed with `outbox list --test`.
ALTER TABLE submissions ADD COLUMN test BOOLEAN NOT NULL DEFAULT FALSE;
