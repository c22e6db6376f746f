import type { Kind, LocalRecording } from './db';
import { isWebm } from './finish';
import { indexMp4Chunk, isMp4, newMp4Index } from './mp4';
import { indexChunk, newWebmIndex } from './webm-index';

export interface NewRecordingFields {
  roomId: string;
  takeId: string;
  kind: Kind;
  mimeType: string;
  label: string;
}

/**
 * A recording as it starts in IndexedDB: nothing recorded, unknown to the server. WebM and MP4
 * carry an index of their own from the first chunk on: Stop needs it to finish the file.
 */
export function newLocalRecording(fields: NewRecordingFields, now = Date.now(), random: () => number = Math.random): LocalRecording {
  // Time first, so ids sort by start; the random tail tells apart two tracks begun the same millisecond.
  const localId = `${now.toString(36)}-${random().toString(36).slice(2, 10)}`;
  const rec: LocalRecording = {
    localId, roomId: fields.roomId, takeId: fields.takeId, kind: fields.kind, mimeType: fields.mimeType,
    displayLabel: fields.label, recordingId: null, stopped: false, durationMs: 0, nextSeq: 0, unpackedFrom: 0,
    nextPart: 1, bytesRecorded: 0, bytesUploaded: 0, createdAt: now, failed: null,
  };
  if (isWebm(rec.mimeType)) rec.webm = newWebmIndex();
  if (isMp4(rec.mimeType)) rec.mp4 = newMp4Index();
  return rec;
}

/** Keeps the recording's file index up to date with a chunk as it is stored (see RecordingDb.appendChunk). */
export function indexNewChunk(rec: LocalRecording, bytes: ArrayBuffer): void {
  if (rec.webm) indexChunk(rec.webm, new Uint8Array(bytes));
  if (rec.mp4) indexMp4Chunk(rec.mp4, new Uint8Array(bytes));
}
