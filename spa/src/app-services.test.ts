/** @vitest-environment jsdom */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createAppServices } from './app-services';
import { HandOver } from './call/handover';

type Hooks = Record<string, () => unknown>;

describe('createAppServices', () => {
  it('opens the recording service at once and exposes its test hooks on window.__podster', async () => {
    const services = createAppServices(window);
    expect(services.handOver).toBeInstanceOf(HandOver);
    const recording = await services.recording;
    const hooks = (window as unknown as { __podster: Hooks }).__podster;
    expect(Object.keys(hooks)).toEqual(expect.arrayContaining(['bytesAtRisk', 'uploads', 'trackStarts', 'uploadPacing']));
    expect(hooks.uploads!()).toEqual(recording.snapshot());
    expect(hooks.trackStarts!()).toBe(recording.starts);
    expect(hooks.uploadPacing!()).toEqual(recording.pacer.state());
    expect(await hooks.bytesAtRisk!()).toBe(0);
  });

  it('makes new instances each time: nothing is shared through the module', () => {
    const a = createAppServices(window);
    const b = createAppServices(window);
    expect(a.api).not.toBe(b.api);
    expect(a.recording).not.toBe(b.recording);
    expect(a.handOver).not.toBe(b.handOver);
  });
});
