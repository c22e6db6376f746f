import { describe, expect, it } from 'vitest';
import { inviteLink } from './inviteLink';

describe('inviteLink', () => {
  it('joins origin and code', () => {
    expect(inviteLink('https://podster.example', 'Ab12')).toBe('https://podster.example/join/Ab12');
  });

  it('tolerates a trailing slash and escapes the code', () => {
    expect(inviteLink('http://127.0.0.1:8080/', 'a b')).toBe('http://127.0.0.1:8080/join/a%20b');
  });
});
