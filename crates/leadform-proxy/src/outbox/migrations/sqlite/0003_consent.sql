-- The record of consent kept with a submission: the text exactly as the visitor saw it, in
-- their language, its version (a hash of the text) and the time, as JSON (see
-- delivery/consent.rs). NULL where the form asks for no consent.
ALTER TABLE submissions ADD COLUMN consent TEXT;
