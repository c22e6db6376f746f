-- How each track was placed on the server's clock, sent by its recorder with complete: the
-- browser's clock estimate (offset to the server's clock and its uncertainty, milliseconds) and,
-- for lossless audio, the nominal rate, the samples recorded and the measured drift against the
-- server's clock (parts per million). NULL for tracks from recorders that did not measure them.
ALTER TABLE recordings ADD COLUMN clock_offset_ms DOUBLE PRECISION;
ALTER TABLE recordings ADD COLUMN clock_uncertainty_ms DOUBLE PRECISION;
ALTER TABLE recordings ADD COLUMN sample_rate INTEGER;
ALTER TABLE recordings ADD COLUMN samples BIGINT;
ALTER TABLE recordings ADD COLUMN drift_ppm DOUBLE PRECISION;
