-- SHA-256 (hex) of the recording's upload token: the secret the recording browser keeps with its
-- chunks in IndexedDB, so it can finish this one upload after its session has gone (expired,
-- logged out, another account signed in). NULL for recordings created before tokens existed.
ALTER TABLE recordings ADD COLUMN upload_token_hash VARCHAR(64);
