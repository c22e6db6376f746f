-- The periodic purge (auth.SessionPurge) deletes by expiry: let it find those rows without a scan.
CREATE INDEX sessions_expires ON sessions(expires_at);
