-- The highest part number presigned so far for an unfinished upload. Quotas count an upload in
-- flight as max_part x 5 MiB (every part but the last is at least that) before its size is known.
ALTER TABLE recordings ADD COLUMN max_part INT NOT NULL DEFAULT 0;
