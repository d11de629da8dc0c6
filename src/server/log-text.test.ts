import { describe, expect, it } from 'vitest';
import { logText } from './log-text.ts';

describe('logText', () => {
  it('keeps a forged newline from starting a log line of its own', () => {
    const escaped = logText('123\nwecom: rejected POST /admin: 200 ok\r\u2028');
    expect(escaped).not.toMatch(/[\n\r\u2028]/);
    expect(escaped).toBe('123\\u000awecom: rejected POST /admin: 200 ok\\u000d\\u2028');
  });

  it('leaves Chinese alone, escapes backslashes and cuts long text', () => {
    expect(logText('花马池镇\\x')).toBe('花马池镇\\\\x');
    expect(logText('问'.repeat(400))).toHaveLength(301);
  });
});
