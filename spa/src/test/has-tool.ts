/// <reference types="node" />
import { spawnSync } from 'node:child_process';

/**
 * Whether a command-line tool runs here (for the tests that check files with ffmpeg, ffprobe or
 * mkvinfo, skipped where scripts/prerequisites has not installed them).
 */
export function hasTool(tool: string, flag = '-version'): boolean {
  return spawnSync(tool, [flag], { stdio: 'ignore' }).status === 0;
}
