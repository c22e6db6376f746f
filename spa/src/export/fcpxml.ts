import { fromTakeStart } from './camera-pieces';
import type { Timeline } from './timeline';

/**
 * FCPXML 1.10 (Final Cut Pro; DaVinci Resolve and Premiere import it too): one asset per file, and
 * in the project a gap as long as the take holding every clip as a connected clip at its offset
 * (a camera cut where its recorder lost input: its pieces on one lane), video on lanes above,
 * sound-only on lanes below. Times are rational seconds in milliseconds.
 */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const secs = (ms: number) => (ms === 0 ? '0s' : `${ms}/1000s`);
const url = (file: string) => file.split('/').map(encodeURIComponent).join('/');

export function writeFcpxml(t: Timeline): string {
  const assets = t.clips.map((c, i) => {
    const a = [`id="r${i + 2}"`, `name="${esc(c.file)}"`, 'start="0s"', `duration="${secs(c.durationMs)}"`, `hasVideo="${c.video ? 1 : 0}"`, `hasAudio="${c.audio ? 1 : 0}"`];
    if (c.video) a.push('format="r1"');
    if (c.audio) a.push('audioSources="1"');
    return `    <asset ${a.join(' ')}>\n      <media-rep kind="original-media" src="${esc(url(c.file))}"/>\n    </asset>`;
  });
  let up = 0;
  let down = 0;
  const clips = t.clips.flatMap((c, i) => {
    const lane = c.video ? ++up : -++down;
    return c.pieces.flatMap((whole) => {
      const p = fromTakeStart(whole);
      return p ? [`              <asset-clip ref="r${i + 2}" lane="${lane}" name="${esc(c.label)}" offset="${secs(p.offsetMs)}" start="${secs(p.sourceMs)}" duration="${secs(p.durationMs)}"/>`] : [];
    });
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE fcpxml>
<fcpxml version="1.10">
  <resources>
    <format id="r1" name="FFVideoFormat1080p30" frameDuration="100/3000s" width="1920" height="1080"/>
${assets.join('\n')}
  </resources>
  <library>
    <event name="${esc(t.name)}">
      <project name="${esc(t.name)}">
        <sequence format="r1" duration="${secs(t.durationMs)}" tcStart="0s" tcFormat="NDF" audioLayout="stereo" audioRate="48k">
          <spine>
            <gap name="Take" offset="0s" start="0s" duration="${secs(t.durationMs)}">
${clips.join('\n')}
            </gap>
          </spine>
        </sequence>
      </project>
    </event>
  </library>
</fcpxml>
`;
}
