import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLIENT_MESSAGE_TYPES, PROTOCOL_VERSION, SERVER_MESSAGE_TYPES } from './messages';

const doc = readFileSync(fileURLToPath(new URL('../../../docs/signaling-protocol.md', import.meta.url)), 'utf8');

/** The document's "Message types" table: type → who sends it. */
function table(): Map<string, string> {
  const section = doc.slice(doc.indexOf('## Message types'), doc.indexOf('## Messages\n'));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const m = /^\| `([a-z-]+)` \| ([a-z, ]+) \|/.exec(line);
    if (m?.[1] && m[2]) rows.set(m[1], m[2]);
  }
  return rows;
}

const sentBy = (who: 'client' | 'server') =>
  [...table()].filter(([, by]) => by.includes(who)).map(([type]) => type).sort();

describe('messages.ts against docs/signaling-protocol.md', () => {
  it('sends exactly the client types the document lists', () => {
    expect(sentBy('client')).toHaveLength(12);
    expect([...CLIENT_MESSAGE_TYPES].sort()).toEqual(sentBy('client'));
  });

  it('knows exactly the server types the document lists', () => {
    expect(sentBy('server')).toHaveLength(14);
    expect([...SERVER_MESSAGE_TYPES].sort()).toEqual(sentBy('server'));
  });

  it('speaks the protocol version the document describes', () => {
    expect(doc).toContain(`This is protocol **${PROTOCOL_VERSION}**.`);
  });
});
