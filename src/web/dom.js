// @ts-check
// Small DOM helpers shared by every part of the page. Server text is only ever placed with
// textContent / text nodes (never innerHTML).

/** @typedef {Node | string | number | boolean | null | undefined | readonly Child[]} Child */

/**
 * The element matching `sel`; the page's fixed elements are always there.
 * @param {string} sel
 * @param {ParentNode} [root]
 */
export const $ = (sel, root = document) => /** @type {HTMLElement} */ (root.querySelector(sel));

/**
 * createElement with attributes, listeners (onX) and children (strings become text nodes).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown> | null} [props]
 * @param {...Child} kids
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = String(v);
    else if (k === 'text') e.textContent = String(v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function')
      e.addEventListener(k.slice(2), /** @type {EventListener} */ (v));
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of /** @type {unknown[]} */ (kids).flat(Infinity))
    if (c !== null && c !== undefined && c !== false && c !== true) e.append(c instanceof Node ? c : String(c));
  return e;
}

/**
 * A value as the page prints it: null is 未填报, numbers without float noise.
 * @param {unknown} v
 */
export const fmt = (v) =>
  v === null || v === undefined ? '未填报' : typeof v === 'number' ? String(Math.round(v * 1e6) / 1e6) : String(v);
export const reducedMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;
export const NARROW = '(max-width: 760px)';
export const narrow = () => matchMedia(NARROW).matches;

/**
 * Says `text` to screen readers through the live region.
 * @param {string} text
 */
export function announce(text) {
  const a = $('#announcer');
  a.textContent = '';
  setTimeout(() => (a.textContent = text), 50);
}
