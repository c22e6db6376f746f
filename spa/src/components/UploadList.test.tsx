/** @vitest-environment jsdom */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TrackProgress } from '../recording/uploader';
import { UploadList } from './UploadList';

afterEach(cleanup);

const track = (p: Partial<TrackProgress>): TrackProgress => ({
  localId: 'l1', takeId: 't', kind: 'audio', label: 'Ann', state: 'recording', bytesRecorded: 10_485_760, bytesUploaded: 5_242_880, ...p,
});

describe('UploadList', () => {
  it('says on screen when the browser refuses to store part of a recording, and how much waits', () => {
    render(<UploadList uploads={[track({ held: { bytes: 3_145_728, reason: 'The quota has been exceeded.' } })]} />);
    expect(screen.getByRole('alert').textContent).toBe(
      "This browser would not store 3.0 MB of Ann's audio (The quota has been exceeded.). It is kept in this tab and stored as soon as there is room: free some disk space and keep this tab open.",
    );
    expect(screen.getByRole('status').textContent).toMatch(/still uploading — keep this tab open/);
  });

  it('shows no warning while everything is stored', () => {
    render(<UploadList uploads={[track({})]} />);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
