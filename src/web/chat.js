// @ts-check
// The conversation: asking over POST /api/chat (Server-Sent Events), the history sent with each
// follow-up, keeping it across reloads, and starting over.
import { assistantView, newMsg, settle } from './answer.js';
import { readSSE } from './api.js';
import { disposeCharts } from './chart.js';
import { fillQuestion, setBusy } from './composer.js';
import { $, announce, h, reducedMotion } from './dom.js';
import { navigate } from './nav.js';
import { clearTurns, loadTurns, saveTurns } from './saved.js';
import { closeSource } from './source.js';

const chat = {
  /** @type {import('./saved.js').SavedTurn[]} the answered questions, oldest first */
  turns: [],
  busy: false,
  /** @type {AbortController | null} */
  controller: null,
};

export const isBusy = () => chat.busy;

/** @param {boolean} busy */
function busy(busy) {
  chat.busy = busy;
  setBusy(busy);
}

export function newConversation() {
  chat.controller?.abort();
  chat.controller = null;
  chat.turns = [];
  clearTurns();
  disposeCharts();
  $('#log').replaceChildren();
  $('#intro').hidden = false;
  closeSource(false);
  busy(false);
  fillQuestion('', true);
  announce('已开始新对话');
}

/**
 * Asks `question` with the conversation so far; the answer streams into a new card.
 * @param {string} question
 */
export async function ask(question) {
  question = question.trim();
  if (!question || chat.busy) return;
  if (location.hash) navigate('');
  $('#intro').hidden = true;
  /** @type {import('./api.js').Turn[]} */
  const history = chat.turns.flatMap((t) => [
    { role: 'user', content: t.question },
    { role: 'assistant', content: t.answer.answer },
  ]);
  const userItem = userBubble(question);
  const msg = newMsg(question);
  const view = assistantView(msg);
  $('#log').append(userItem, view.root);
  userItem.scrollIntoView({ block: 'start', behavior: reducedMotion() ? 'auto' : 'smooth' });
  busy(true);
  const controller = new AbortController();
  chat.controller = controller;
  try {
    const res = await fetch('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ question, history }),
      signal: controller.signal,
    });
    if (!res.ok || !res.body) {
      const body = await res.json().catch(() => null);
      throw new Error(
        res.status === 429
          ? '提问太频繁，请一分钟后再试。'
          : body?.error
            ? `无法回答：${body.error}`
            : `请求失败（HTTP ${res.status}）`,
      );
    }
    for await (const ev of readSSE(res.body)) {
      let data;
      try {
        data = JSON.parse(ev.data);
      } catch {
        continue;
      }
      switch (ev.event) {
        case 'route':
          Object.assign(msg, {
            route: data.route,
            plan: data.plan,
            sql: data.sql,
            resolvedQuestion: data.resolvedQuestion,
          });
          view.update();
          break;
        case 'delta':
          msg.text += data.text ?? '';
          view.updateText();
          break;
        case 'table':
          msg.rows = data.rows;
          view.update();
          break;
        case 'citations':
          msg.citations = data;
          view.updateText();
          view.update();
          break;
        case 'warnings':
          msg.warnings = data;
          view.update();
          break;
        case 'done':
          settle(msg, data);
          view.updateText();
          view.update();
          break;
      }
    }
    if (!msg.answer) throw new Error('连接中断，回答不完整，请重试。');
    chat.turns.push({ question, answer: msg.answer });
    saveTurns(chat.turns);
    view.finish();
    announce(`回答完成${msg.citations.length ? `，引用 ${msg.citations.length} 处原文` : ''}`);
  } catch (e) {
    if (controller.signal.aborted) return;
    view.fail(
      e instanceof TypeError ? '网络连接失败，请检查网络后重试。' : e instanceof Error ? e.message : String(e),
      () => {
        userItem.remove();
        view.root.remove();
        ask(question);
      },
    );
  } finally {
    if (chat.controller === controller) {
      chat.controller = null;
      busy(false);
    }
  }
}

/** @param {string} question */
const userBubble = (question) =>
  h('li', { class: 'msg msg-user', 'data-testid': 'user-message' }, h('div', { class: 'bubble' }, question));

/** Shows the conversation kept before a reload; its answers are the history of the next question. */
export function restoreConversation() {
  chat.turns = loadTurns();
  if (!chat.turns.length) return;
  $('#intro').hidden = true;
  for (const { question, answer } of chat.turns) {
    const msg = newMsg(question);
    settle(msg, answer);
    const view = assistantView(msg);
    $('#log').append(userBubble(question), view.root);
    view.updateText();
    view.update();
    view.finish();
  }
  $('#log').lastElementChild?.scrollIntoView({ block: 'end' });
  announce(`已恢复本页的 ${chat.turns.length} 个问答，点“新对话”可清空`);
}
