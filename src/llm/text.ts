import type { BaseMessage } from '@langchain/core/messages';

/** The text of a model message or chunk (string content, or the text parts of a content array). */
export function messageText(message: Pick<BaseMessage, 'content'>): string {
  const c = message.content;
  if (typeof c === 'string') return c;
  return c
    .map((part) =>
      typeof part === 'string' ? part : part.type === 'text' && typeof part.text === 'string' ? part.text : '',
    )
    .join('');
}

/** Reasoning models (DeepSeek-R1, Qwen3 via Ollama) may put `<think>…</think>` in the content. */
export function stripThink(text: string): string {
  const closed = text.replace(/<think>[\s\S]*?<\/think>/g, '');
  const open = closed.indexOf('<think>');
  return open >= 0 ? closed.slice(0, open) : closed;
}

const OPEN = '<think>';

/**
 * Streams text with `<think>…</think>` blocks held back: push() returns what may be shown now,
 * end() the rest. Leading whitespace (often left after a think block) is not shown.
 */
export class ThinkFilter {
  private full = '';
  private shown = 0;

  push(delta: string): string {
    this.full += delta;
    return this.emit(false);
  }

  end(): string {
    return this.emit(true);
  }

  private emit(final: boolean): string {
    let visible = stripThink(this.full).replace(/^\s+/, '');
    if (!final) {
      // Hold back a tail that may be the start of "<think>".
      for (let k = Math.min(OPEN.length - 1, visible.length); k > 0; k--) {
        if (OPEN.startsWith(visible.slice(-k))) {
          visible = visible.slice(0, -k);
          break;
        }
      }
    }
    if (visible.length <= this.shown) return '';
    const out = visible.slice(this.shown);
    this.shown = visible.length;
    return out;
  }
}

/** The first JSON object in a model's reply (code fences, think blocks and chatter around it ignored). */
export function extractJsonObject(text: string): unknown {
  const body = stripThink(text).replace(/```(?:json|JSON)?/g, '');
  const start = body.indexOf('{');
  if (start < 0) return undefined;
  // The shortest balanced object from the first brace, then the longest, as a fallback.
  let depth = 0;
  let inString = false;
  for (let i = start; i < body.length; i++) {
    const ch = body[i]!;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) {
      try {
        return JSON.parse(body.slice(start, i + 1));
      } catch {
        break;
      }
    }
  }
  const end = body.lastIndexOf('}');
  if (end <= start) return undefined;
  try {
    return JSON.parse(body.slice(start, end + 1));
  } catch {
    return undefined;
  }
}

export function errorMessage(e: unknown): string {
  const m = e instanceof Error ? `${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}` : String(e);
  return m.replace(/\s+/g, ' ').slice(0, 200);
}
