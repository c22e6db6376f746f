-- The host's name for a take (NULL until renamed: the page calls it "Take N").
ALTER TABLE takes ADD COLUMN name VARCHAR(100);
-- When the host deleted the take. The row stays as a tombstone so that a replayed DELETE still
-- answers 204 and a late recording create for it is refused; while any of its tracks still holds
-- bytes in the store (the store was down mid-delete), the deletion is unfinished and is finished
-- by the next DELETE or by the janitor.
ALTER TABLE takes ADD COLUMN deleted_at BIGINT;
CREATE INDEX takes_deleted ON takes(deleted_at);
