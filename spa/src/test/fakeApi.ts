import { vi } from 'vitest';
import type { ApiClient } from '../api/client';
import type { Room, User } from '../api/types';

export const ada: User = { id: 'u1', email: 'ada@example.org', displayName: 'Ada', role: 'user' };
export const weekly: Room = {
  id: 'r1',
  name: 'Weekly',
  ownerId: 'u1',
  inviteCode: 'inv-1',
  createdAt: '2025-01-01T10:00:00Z',
};

/** An ApiClient whose every method fails loudly unless the test overrides it. */
export function fakeApi(overrides: Partial<ApiClient> = {}): ApiClient {
  const unexpected = (name: string) =>
    vi.fn(() => Promise.reject(new Error(`unexpected call to ${name}`)));
  return {
    signup: unexpected('signup'),
    login: unexpected('login'),
    logout: unexpected('logout'),
    me: unexpected('me'),
    createRoom: unexpected('createRoom'),
    listRooms: unexpected('listRooms'),
    getRoom: unexpected('getRoom'),
    newInvite: unexpected('newInvite'),
    setVideoQuality: unexpected('setVideoQuality'),
    joinInvite: unexpected('joinInvite'),
    listTakes: unexpected('listTakes'),
    renameTake: unexpected('renameTake'),
    deleteTake: unexpected('deleteTake'),
    createRecording: unexpected('createRecording'),
    presignParts: unexpected('presignParts'),
    listParts: unexpected('listParts'),
    completeRecording: unexpected('completeRecording'),
    listRecordings: unexpected('listRecordings'),
    deleteRecording: unexpected('deleteRecording'),
    withUploadToken: vi.fn(() => {
      throw new Error('unexpected call to withUploadToken');
    }),
    ...overrides,
  } as ApiClient;
}

/** A promise the test settles by hand, to look at the page while a request runs. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
