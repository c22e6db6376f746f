-- One running take per room, enforced by the database. A generated column would say it best, but
-- H2 and PostgreSQL spell stored generated columns differently; so the application writes
-- running_room, the CHECK ties it to stopped_at, and the unique index allows one per room
-- (NULLs, the stopped takes, never collide).
ALTER TABLE takes ADD COLUMN running_room VARCHAR(36);
-- Takes started twice by the old race: all but the newest running one stop when the next began.
UPDATE takes SET stopped_at = (
    SELECT MIN(n.started_at) FROM takes n
    WHERE n.room_id = takes.room_id AND n.stopped_at IS NULL
      AND (n.started_at > takes.started_at OR (n.started_at = takes.started_at AND n.id > takes.id)))
  WHERE stopped_at IS NULL AND EXISTS (
    SELECT 1 FROM takes n
    WHERE n.room_id = takes.room_id AND n.stopped_at IS NULL
      AND (n.started_at > takes.started_at OR (n.started_at = takes.started_at AND n.id > takes.id)));
UPDATE takes SET running_room = room_id WHERE stopped_at IS NULL;
ALTER TABLE takes ADD CONSTRAINT takes_running_room_matches CHECK (CASE WHEN stopped_at IS NULL
  THEN running_room IS NOT NULL AND running_room = room_id ELSE running_room IS NULL END);
CREATE UNIQUE INDEX takes_one_running ON takes(running_room);

-- The parts signed for an unfinished upload, with the size each URL is bound to (the store refuses
-- any other Content-Length). The quota counts, per part, what the store holds (ListParts) or what
-- a URL still valid may yet put there, whichever is larger.
CREATE TABLE upload_parts (
  recording_id  VARCHAR(36) NOT NULL REFERENCES recordings(id) ON DELETE CASCADE,
  part_number   INT         NOT NULL,
  size          BIGINT      NOT NULL,          -- the size of the latest URL signed
  reserved      BIGINT      NOT NULL,          -- the largest size a URL still usable may put
  signed_until  BIGINT      NOT NULL,          -- when the latest URL expires
  stored_size   BIGINT,                        -- what ListParts last reported, NULL if absent
  PRIMARY KEY (recording_id, part_number)
);
-- Replaced by upload_parts: part numbers say nothing about bytes.
ALTER TABLE recordings DROP COLUMN max_part;
