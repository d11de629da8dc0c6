// @ts-check
// The conversation kept in sessionStorage, so a reload (or the back button from another site)
// does not lose it; closing the tab or 新对话 does. Bounded: the last 20 questions, under 1 MB.

/** @typedef {{ question: string, answer: import('./api.js').Answer }} SavedTurn */

const KEY = 'govreport-qa.conversation';
const MAX_TURNS = 20;
const MAX_CHARS = 1_000_000;

/** @returns {SavedTurn[]} */
export function loadTurns() {
  try {
    const turns = JSON.parse(sessionStorage.getItem(KEY) ?? '[]');
    return Array.isArray(turns)
      ? turns.filter((t) => typeof t?.question === 'string' && typeof t?.answer?.answer === 'string')
      : [];
  } catch {
    return [];
  }
}

/**
 * Keeps the latest turns that fit; storage that is full or switched off keeps nothing.
 * @param {SavedTurn[]} turns
 */
export function saveTurns(turns) {
  let kept = turns.slice(-MAX_TURNS);
  let json = JSON.stringify(kept);
  while (json.length > MAX_CHARS && kept.length > 1) json = JSON.stringify((kept = kept.slice(1)));
  try {
    if (json.length > MAX_CHARS) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, json);
  } catch {
    clearTurns();
  }
}

export function clearTurns() {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // storage switched off: nothing was kept
  }
}
