import type { ManifestTrack } from './manifest';

/**
 * A track's bytes straight from the object store: the API hands out its presigned GET as JSON
 * (a fetch that followed the 302 would reach the store with `Origin: null`, which CORS refuses),
 * and the page reads the store's answer as a stream. The Podster server carries only the URL.
 */
export async function fetchTrack(t: ManifestTrack): Promise<ReadableStream<Uint8Array>> {
  const who = `${t.displayName}'s ${t.kind}`;
  const signed = await fetch(`/api/recordings/${encodeURIComponent(t.recordingId)}/download?as=json`, { credentials: 'same-origin' });
  if (!signed.ok) throw new Error(`Podster would not hand out ${who} (HTTP ${signed.status}): reload the page and try again.`);
  const { url } = (await signed.json()) as { url: string };
  let res: Response;
  try {
    res = await fetch(url, { mode: 'cors', credentials: 'omit' });
  } catch {
    throw new Error(`The recording store could not be reached for ${who}: check your connection and try again.`);
  }
  if (!res.ok || !res.body) throw new Error(`The recording store answered HTTP ${res.status} for ${who}: try again.`);
  return res.body;
}
