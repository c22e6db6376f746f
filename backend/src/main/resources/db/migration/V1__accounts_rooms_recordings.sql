-- Times are epoch milliseconds (BIGINT): identical on H2 and PostgreSQL, no zone surprises.

CREATE TABLE users (
  id            VARCHAR(36)  PRIMARY KEY,
  email         VARCHAR(320) UNIQUE,          -- NULL for guests
  password_hash VARCHAR(100),                 -- NULL for guests
  display_name  VARCHAR(100) NOT NULL,
  role          VARCHAR(16)  NOT NULL,        -- 'user' or 'guest'
  created_at    BIGINT       NOT NULL
);

CREATE TABLE sessions (
  id          VARCHAR(36) PRIMARY KEY,
  user_id     VARCHAR(36) NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  room_id     VARCHAR(36),                    -- set for guest sessions: the one room they may use
  created_at  BIGINT      NOT NULL,
  expires_at  BIGINT      NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE rooms (
  id          VARCHAR(36)  PRIMARY KEY,
  name        VARCHAR(200) NOT NULL,
  owner_id    VARCHAR(36)  NOT NULL REFERENCES users(id),
  invite_code VARCHAR(64)  NOT NULL UNIQUE,
  created_at  BIGINT       NOT NULL
);
CREATE INDEX rooms_owner ON rooms(owner_id);

CREATE TABLE room_members (
  room_id    VARCHAR(36) NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  user_id    VARCHAR(36) NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role       VARCHAR(16) NOT NULL,            -- 'host' or 'guest'
  joined_at  BIGINT      NOT NULL,
  kicked     BOOLEAN     NOT NULL DEFAULT FALSE,
  PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_members_user ON room_members(user_id);

CREATE TABLE takes (
  id          VARCHAR(36) PRIMARY KEY,
  room_id     VARCHAR(36) NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  created_by  VARCHAR(36) NOT NULL REFERENCES users(id),
  started_at  BIGINT      NOT NULL,
  stopped_at  BIGINT
);
CREATE INDEX takes_room ON takes(room_id);

CREATE TABLE recordings (
  id            VARCHAR(36)  PRIMARY KEY,
  room_id       VARCHAR(36)  NOT NULL REFERENCES rooms(id) ON DELETE CASCADE,
  take_id       VARCHAR(36)  NOT NULL REFERENCES takes(id) ON DELETE CASCADE,
  user_id       VARCHAR(36)  NOT NULL REFERENCES users(id),
  kind          VARCHAR(16)  NOT NULL,        -- 'camera', 'screen' or 'audio'
  mime_type     VARCHAR(100) NOT NULL,
  object_key    VARCHAR(500) NOT NULL,
  upload_id     VARCHAR(500),
  state         VARCHAR(16)  NOT NULL,        -- 'uploading', 'complete' or 'aborted'
  size          BIGINT,
  duration_ms   BIGINT,
  offset_ms     BIGINT,
  created_at    BIGINT       NOT NULL,
  updated_at    BIGINT       NOT NULL,
  completed_at  BIGINT
);
CREATE INDEX recordings_room ON recordings(room_id);
CREATE INDEX recordings_user ON recordings(user_id);
CREATE INDEX recordings_state ON recordings(state, updated_at);
