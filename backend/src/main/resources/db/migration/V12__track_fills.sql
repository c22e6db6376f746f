-- Where a lossless track's recorder put in silence for microphone input the browser lost, sent with
-- the track's other timing at complete: compact JSON [[atMs, ms], …] on the track's own time line
-- (at most 10,000 pairs), read back whole. NULL when the recorder did not say (tracks completed
-- before recorders sent it, non-audio tracks); '[]' when it lost nothing.
ALTER TABLE recordings ADD COLUMN fills TEXT;
