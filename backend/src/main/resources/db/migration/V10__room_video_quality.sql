-- The host's choice of recording quality for everyone's camera in the room (the camera's best up
-- to this size): 720p, 1080p (the default) or 2160p (4K, where the camera can).
ALTER TABLE rooms ADD COLUMN video_quality VARCHAR(8) DEFAULT '1080p' NOT NULL;
ALTER TABLE rooms ADD CONSTRAINT rooms_video_quality CHECK (video_quality IN ('720p', '1080p', '2160p'));
