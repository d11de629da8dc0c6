import { describe, expect, it } from 'vitest';
import { Conversations, withoutMention } from './bot.ts';

describe('Conversations', () => {
  it('keeps the recent turns of each conversation apart, and forgets an idle one', () => {
    const clock = { ms: 0 };
    const conversations = new Conversations(1000, () => clock.ms);
    conversations.thread('a').remember('花马池镇2021年行政处罚多少件？', '1319 件');
    expect(conversations.thread('a').history).toEqual([
      { role: 'user', content: '花马池镇2021年行政处罚多少件？' },
      { role: 'assistant', content: '1319 件' },
    ]);
    expect(conversations.thread('b').history).toEqual([]);
    clock.ms = 1001;
    expect(conversations.thread('a').history).toEqual([]);
  });

  it('keeps the last ten turns', () => {
    const conversations = new Conversations(1000, () => 0);
    for (let i = 1; i <= 8; i++) conversations.thread('a').remember(`q${i}`, `a${i}`);
    const history = conversations.thread('a').history;
    expect(history).toHaveLength(10);
    expect(history[0]).toEqual({ role: 'user', content: 'q4' });
    expect(history.at(-1)).toEqual({ role: 'assistant', content: 'a8' });
  });
});

describe('withoutMention', () => {
  it("drops a group message's leading @-mention, and nothing in a direct chat", () => {
    expect(withoutMention('@年报助手 花马池镇2021年行政处罚多少件？', 'group')).toBe('花马池镇2021年行政处罚多少件？');
    expect(withoutMention('@年报助手 花马池镇', 'single')).toBe('@年报助手 花马池镇');
  });
});
