import type { ApiClient } from '../api/client';
import type { AppServices } from '../app-services';
import { HandOver } from '../call/handover';

/**
 * The services a component test renders with: its fake API, and a recording service that never
 * opens (jsdom has no IndexedDB; the pages then show no uploads, as such a browser would).
 */
export function testServices(api: ApiClient, overrides: Partial<AppServices> = {}): AppServices {
  return { api, recording: new Promise(() => {}), handOver: new HandOver(), ...overrides };
}
