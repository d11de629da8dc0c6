// @ts-check
// 年报问答 — the page's entry: tabs and routing by the URL hash, the keyboard, the deep link.
// Plain ES modules, no build step; each module says what it does in its first lines.
import { listReports } from './api.js';
import { ask, isBusy, newConversation, restoreConversation } from './chat.js';
import { fillQuestion, initComposer, problemWith } from './composer.js';
import { $, h, narrow, NARROW } from './dom.js';
import { navigate, onNavigate } from './nav.js';
import { renderReportDetail } from './report.js';
import { loadReports, queueTextFilter, reportsLoaded, turnPage } from './reports.js';
import { closeSource, setBackgroundInert } from './source.js';

const EXAMPLES = [
  '花马池镇2021年行政处罚多少件？',
  '2021年哪个镇收到的申请最多？',
  '各镇行政处罚排名',
  '葛寨镇存在哪些主要问题？',
  '花马池镇在平台建设方面做了什么？',
  '哪些报告勾稽关系不一致？',
];

/** @param {'chat' | 'reports'} name */
function showTab(name) {
  for (const [tab, panel] of /** @type {const} */ ([
    ['#tab-chat', '#panel-chat'],
    ['#tab-reports', '#panel-reports'],
  ])) {
    const on = tab === `#tab-${name}`;
    $(tab).setAttribute('aria-selected', String(on));
    $(tab).tabIndex = on ? 0 : -1;
    $(panel).hidden = !on;
  }
  document.body.dataset.tab = name;
}

/** Shows what the hash names: #reports, #reports/<id>, anything else the chat. */
function route() {
  const m = /^#reports(?:\/(\d+))?$/.exec(location.hash);
  if (!m) {
    showTab('chat');
    return;
  }
  showTab('reports');
  if (!reportsLoaded()) loadReports();
  if (m[1]) renderReportDetail(Number(m[1]));
  else {
    const detail = $('#report-detail-view');
    const wasDetail = !detail.hidden;
    detail.hidden = true;
    detail.replaceChildren();
    $('#report-list-view').hidden = false;
    if (wasDetail) $('#f-org').focus();
  }
}

/** One line under the examples: how many reports the library holds, and which years. */
async function describeCorpus() {
  try {
    // the counts by year cover the whole library; one report is the least a page holds
    const { total, years } = await listReports({ limit: 1 });
    const named = years.flatMap((y) => (y.year === null ? [] : [y.year])).sort((a, b) => a - b);
    const note = $('#corpus-note');
    note.replaceChildren(
      `库中现有 ${total} 份报告${named.length ? `（${named.length > 1 ? `${named[0]}—${named.at(-1)}` : named[0]}年度）` : ''}。`,
      h('a', { href: '#reports' }, '浏览报告库'),
    );
    note.hidden = false;
  } catch {
    // the note is optional
  }
}

function init() {
  onNavigate(route);
  initComposer((text) => {
    if (isBusy()) return false;
    ask(text);
    return true;
  });
  $('#examples').replaceChildren(
    ...EXAMPLES.map((text) =>
      h(
        'li',
        null,
        h('button', { type: 'button', class: 'example', 'data-testid': 'example', onclick: () => ask(text) }, text),
      ),
    ),
  );
  $('#new-chat').addEventListener('click', newConversation);
  $('.skip-link').addEventListener('click', (e) => {
    e.preventDefault();
    $('#main').focus();
  });

  // tabs: click, arrows, Home/End
  const tabs = [$('#tab-chat'), $('#tab-reports')];
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => navigate(i === 0 ? '' : '#reports'));
    tab.addEventListener('keydown', (e) => {
      const j =
        e.key === 'ArrowRight'
          ? (i + 1) % tabs.length
          : e.key === 'ArrowLeft'
            ? (i + tabs.length - 1) % tabs.length
            : e.key === 'Home'
              ? 0
              : e.key === 'End'
                ? tabs.length - 1
                : -1;
      const to = tabs[j];
      if (!to) return;
      e.preventDefault();
      to.focus();
      to.click();
    });
  });
  window.addEventListener('hashchange', route);
  window.addEventListener('popstate', route);

  $('#report-filters').addEventListener('submit', (e) => {
    e.preventDefault();
    loadReports();
  });
  $('#f-year').addEventListener('change', () => loadReports());
  $('#f-level').addEventListener('change', () => loadReports());
  $('#f-org').addEventListener('input', queueTextFilter);
  $('#page-prev').addEventListener('click', () => turnPage(-1));
  $('#page-next').addEventListener('click', () => turnPage(1));

  $('#source-close').addEventListener('click', () => closeSource());
  $('#scrim').addEventListener('click', () => closeSource());
  document.addEventListener('keydown', (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    if (!$('#source').hidden) {
      e.preventDefault();
      closeSource();
    } else if (
      /^#reports\/\d+$/.test(location.hash) &&
      !(e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement)
    ) {
      e.preventDefault();
      navigate('#reports');
    }
  });
  // the source panel is a modal dialog on phones only
  matchMedia(NARROW).addEventListener('change', () => {
    if (!$('#source').hidden) {
      $('#scrim').hidden = !narrow();
      setBackgroundInert(narrow());
    }
  });

  restoreConversation();
  route();
  describeCorpus();

  // Deep link: /?q=<question> asks it on load (the WeCom bot links here).
  const params = new URLSearchParams(location.search);
  const deep = params.get('q');
  if (deep?.trim()) {
    params.delete('q');
    history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}${location.hash}`);
    // a question too long to send waits in the box, where the reason and the counter show
    if (problemWith(deep)) fillQuestion(deep, true);
    else ask(deep);
  } else if (!location.hash) $('#question').focus({ preventScroll: true });
}

init();
