// @ts-check
// Moving between the page's views by the URL hash: '' is the chat, '#reports' the report list,
// '#reports/<id>' one report. app.js decides what each hash shows.
import { closeSource } from './source.js';

/** @type {() => void} */
let show = () => {};

/**
 * Sets what showing the current hash does (app.js, once).
 * @param {() => void} fn
 */
export function onNavigate(fn) {
  show = fn;
}

/**
 * Goes to '' (the chat), '#reports' or '#reports/<id>' at once, as a history entry.
 * @param {string} hash
 */
export function navigate(hash) {
  if (location.hash !== hash) history.pushState(null, '', `${location.pathname}${location.search}${hash}`);
  show();
}

/** @param {number} id */
export function openReport(id) {
  closeSource(false);
  navigate(`#reports/${id}`);
}
