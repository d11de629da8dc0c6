/**
 * The web page end to end: the real server (src/adapters/node/main.ts, sample corpus ingested into
 * a temporary database) and Debian's Chromium driven by playwright-core. Saves screenshots at
 * desktop (1280×800) and phone (390×844) sizes to out/screenshots/, and — with UPDATE_README_SHOT=1,
 * so a test run never changes a tracked file — the README's docs/screenshot.png.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer, Turn } from '../domain/types.ts';
import { MAX_QUESTION_CHARS } from '../qa/ask.ts';

const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHOTS = join(ROOT, 'out', 'screenshots');
const README_SHOT = join(ROOT, 'docs', 'screenshot.png');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const TIMEOUT = 60_000;

const PENALTY = '花马池镇2021年行政处罚多少件？';
const RANK = '哪个镇行政处罚最多';
const RANKING = '各镇行政处罚排名';
const PROBLEMS = '葛寨镇存在哪些主要问题？';
/** Problems and measures: a lead naming the points, then each point quoted once. */
const POINTS = '南郊镇的问题和改进措施分别是什么';
const COMPARE = '比较花马池镇和南郊镇的依申请公开情况';
/** Every town printed 0 in this 表三 row. */
const ALL_ZERO = '各镇属于国家秘密的申请排名';
/** Cited by a 表四 cell: the printed row holds fifteen values, the asked one is 行政复议 总计. */
const REVIEW = '2021年哪个镇行政复议最多';

const suite = HAVE_CHROMIUM ? describe : describe.skip;
const title = HAVE_CHROMIUM
  ? 'web page (Chromium, real server)'
  : `web page — skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`;

suite(title, () => {
  let base = '';
  let browser: Browser;
  let server: { close: () => void; port: number } | undefined;
  let dir = '';
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'govreport-e2e-'));
    mkdirSync(SHOTS, { recursive: true });
    mkdirSync(join(ROOT, 'docs'), { recursive: true });
    const { start } = await import('../adapters/node/main.ts');
    server = await start({
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DB_PATH: join(dir, 'e2e.db'),
      RATE_LIMIT_PER_MIN: '0',
    });
    base = `http://127.0.0.1:${server.port}`;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, TIMEOUT);

  /** A new page; `expected` matches console errors the test provokes on purpose. */
  async function open(viewport: { width: number; height: number }, path = '/', expected?: RegExp): Promise<Page> {
    const page = await browser.newPage({ viewport, locale: 'zh-CN' });
    page.on('pageerror', (e) => pageErrors.push(`${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error' && !expected?.test(m.text())) pageErrors.push(m.text());
    });
    await page.goto(base + path);
    return page;
  }

  /** What the API answers, to compare the page with. */
  async function apiAsk(question: string, history: Turn[] = []): Promise<Answer> {
    const res = await fetch(`${base}/api/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ question, history }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as Answer;
  }

  /** Types a question, presses Enter and waits for the streamed answer to finish; returns the /api/chat request. */
  async function ask(page: Page, question: string): Promise<{ request: Request; index: number }> {
    const index = await page.locator('[data-testid=answer]').count();
    await page.locator('#question').fill(question);
    const [request, response] = await Promise.all([
      page.waitForRequest((r) => r.url() === `${base}/api/chat` && r.method() === 'POST'),
      page.waitForResponse((r) => r.url() === `${base}/api/chat`),
      page.locator('#question').press('Enter'),
    ]);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('text/event-stream');
    await answerAt(page, index).locator('xpath=self::*[@aria-busy="false"]').waitFor({ timeout: 20_000 });
    return { request, index };
  }
  const answerAt = (page: Page, i: number) => page.locator('[data-testid=answer]').nth(i);
  const bodyOf = (r: Request) => JSON.parse(r.postData() ?? '{}') as { question: string; history: Turn[] };

  it(
    'streams a numeric answer with its table, basis and chart; follow-ups carry the history; 新对话 clears it',
    async () => {
      const page = await open(DESKTOP);
      await expect(page.title()).resolves.toContain('年报问答');
      // the example questions are buttons
      const examples = page.locator('[data-testid=example]');
      expect(await examples.count()).toBeGreaterThanOrEqual(5);
      expect(await examples.evaluateAll((els) => els.every((e) => e.tagName === 'BUTTON'))).toBe(true);

      // Shift+Enter is a new line, not a send
      await page.locator('#question').fill('第一行');
      await page.locator('#question').press('Shift+Enter');
      expect(await page.locator('#question').inputValue()).toBe('第一行\n');
      expect(await page.locator('[data-testid=answer]').count()).toBe(0);

      const first = await ask(page, PENALTY);
      expect(bodyOf(first.request)).toEqual({ question: PENALTY, history: [] });
      const a1 = answerAt(page, first.index);
      expect(await a1.locator('[data-testid=answer-text]').textContent()).toContain('1319');
      expect(await a1.locator('[data-testid=answer-text] strong').first().textContent()).toContain('1319');
      const table = a1.locator('[data-testid=result-table]');
      expect(await table.isVisible()).toBe(true);
      expect(await table.locator('tbody tr').count()).toBe(1);
      expect(await table.textContent()).toContain('1319');
      expect(await table.textContent()).toContain('花马池镇');
      expect(await a1.locator('[data-testid=chart]').count()).toBe(0); // a lookup gets no chart

      // 依据: collapsed by default, then the plan JSON, the SQL and its params
      const expected = await apiAsk(PENALTY);
      const basis = a1.locator('[data-testid=basis]');
      expect(await basis.isHidden()).toBe(true);
      const toggle = a1.locator('[data-testid=basis-toggle]');
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      expect(await basis.isVisible()).toBe(true);
      const basisText = (await basis.textContent()) ?? '';
      expect(basisText).toContain('"intent": "lookup"');
      expect(basisText).toContain('t2.penalty.decisions');
      expect(basisText).toContain('SELECT');
      expect(basisText).toContain(JSON.stringify(expected.params));
      await toggle.click();

      // a cell citation shows its table, row, column and value, and marks the printed row
      const cell = expected.citations[0]!;
      await a1.locator('[data-testid=answer-text] button.cite[data-n="1"]').click();
      const info = page.locator('[data-testid=cell-info]');
      await info.waitFor();
      const infoText = (await info.textContent()) ?? '';
      for (const part of [cell.cell!.row, cell.cell!.col, '1319 件', '表二']) expect(infoText).toContain(part);
      await page.locator('#source mark').waitFor();
      expect(await page.locator('#source mark').textContent()).toBe(cell.quote);
      await page.keyboard.press('Escape');
      expect(await page.locator('#source').isHidden()).toBe(true);

      // a follow-up sends the history and answers about 古城镇
      const follow = await ask(page, '那古城镇呢？');
      const sent = bodyOf(follow.request);
      expect(sent.history).toHaveLength(2);
      expect(sent.history[0]).toEqual({ role: 'user', content: PENALTY });
      expect(sent.history[1]!.role).toBe('assistant');
      expect(sent.history[1]!.content).toContain('1319');
      const a2 = answerAt(page, follow.index);
      expect(await a2.locator('[data-testid=answer-text]').textContent()).toContain('古城镇');
      const resolved = await a2.locator('[data-testid=resolved]').textContent();
      expect(resolved).toMatch(/^按“.*古城镇.*”理解$/);

      // 新对话 clears the conversation and the history (a complete question after a named town is
      // read as a follow-up by the rule-based resolver, so the rank questions start a new conversation)
      await page.locator('[data-testid=new-chat]').click();
      expect(await page.locator('[data-testid=answer]').count()).toBe(0);
      expect(await page.locator('#intro').isVisible()).toBe(true);
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('question');

      // a rank question draws a chart
      const rank = await ask(page, RANK);
      const a3 = answerAt(page, rank.index);
      expect(bodyOf(rank.request).history).toEqual([]);
      expect(await a3.locator('[data-testid=answer-text]').textContent()).toContain('花马池镇');
      const chart = a3.locator('[data-testid=chart]');
      await chart.locator('svg, canvas').first().waitFor();
      const box = await chart.locator('svg, canvas').first().boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      expect(box!.height).toBeGreaterThan(100);
      expect(await chart.textContent()).toContain('花马池镇'); // SVG text of the axis

      // a ranking: a numbered list (ties keep their printed numbers), a chart with every town
      const ranking = await ask(page, RANKING);
      expect(bodyOf(ranking.request).history.map((t) => t.role)).toEqual(['user', 'assistant']);
      const a4 = answerAt(page, ranking.index);
      const numbers = await a4
        .locator('[data-testid=answer-text] ol li')
        .evaluateAll((lis) => lis.map((li) => (li as HTMLLIElement).value));
      expect(numbers).toEqual([1, 2, 2, 2, 2]);
      await a4.locator('[data-testid=chart] svg').waitFor();
      await page.waitForTimeout(600); // the bars' entry animation
      await a4.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, 'desktop-chat-ranking.png') });

      await page.close();
    },
    TIMEOUT,
  );

  it(
    'shows the lead sentence first and each quote once, on a desktop and on a phone',
    async () => {
      const expected = await apiAsk(POINTS);
      const lead = expected.answer.split('\n\n')[0]!;
      expect(lead).toMatch(/^南郊镇2021年的报告列出3项问题：/);
      for (const [name, viewport] of [
        ['desktop', DESKTOP],
        ['phone', PHONE],
      ] as const) {
        const page = await open(viewport);
        const { index } = await ask(page, POINTS);
        const a = answerAt(page, index);
        const body = a.locator('[data-testid=answer-text]');
        // The lead is the answer's first block and the first thing on screen in it.
        const leadEl = body.locator('[data-testid=lead]');
        expect(await leadEl.count()).toBe(1);
        expect(await body.evaluate((b) => b.firstElementChild?.getAttribute('data-testid'))).toBe('lead');
        expect(((await leadEl.textContent()) ?? '').replace(/\s+/g, '')).toBe(lead.replace(/\s+/g, ''));
        const tops = await body.evaluate((b) => [...b.children].map((c) => c.getBoundingClientRect().top));
        expect(Math.min(...tops)).toBe(tops[0]);
        // Each quote is shown once on the whole card: in the answer, not again in the source list.
        // biome-ignore lint/performance/useDomNodeTextContent: what is on screen counts, not hidden nodes
        const card = (await a.innerText()).replace(/\s+/g, '');
        for (const c of expected.citations) {
          const quote = c.quote.replace(/\s+/g, '');
          expect(card.split(quote).length - 1, `quote [${c.n}] on the ${name}`).toBe(1);
        }
        // The lead is not cut off or overflowing on a narrow screen.
        const box = (await leadEl.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
        await a.scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(SHOTS, `${name}-lead.png`) });
        await page.close();
      }
    },
    TIMEOUT,
  );

  it(
    'a comparison leads with the differences and tables the main figures of 表三, one column per town',
    async () => {
      const page = await open(PHONE);
      const { index } = await ask(page, COMPARE);
      const a = answerAt(page, index);
      expect(await a.locator('[data-testid=lead]').textContent()).toMatch(
        /^本年新收申请：盐池县花马池镇2021年 0 件，南郊镇2021年 4 件/,
      );
      const table = a.locator('[data-testid=result-table]');
      expect(await table.locator('tbody tr').count()).toBe(10);
      expect(await table.locator('thead').textContent()).toMatch(/项目.*花马池镇2021年.*南郊镇2021年/);
      expect(await a.locator('[data-testid=chart]').count()).toBe(0);
      await a.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, 'phone-compare.png') });
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'shows citation chips for a narrative answer; a chip opens the report at exactly the quote, scrolled into view',
    async () => {
      const expected = await apiAsk(PROBLEMS);
      expect(expected.citations.length).toBeGreaterThan(0);
      const page = await open(DESKTOP);
      // asked from an example button
      await Promise.all([
        page.waitForResponse((r) => r.url() === `${base}/api/chat`),
        page.getByRole('button', { name: PROBLEMS }).click(),
      ]);
      const a = answerAt(page, 0);
      await a.locator('xpath=self::*[@aria-busy="false"]').waitFor();
      const chips = a.locator('[data-testid=answer-text] button.cite');
      expect(await chips.count()).toBe((expected.answer.match(/\[\d+\]/g) ?? []).length);
      expect(await chips.evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.n)))).toEqual(
        expected.citations.map((c) => c.n),
      );
      expect(await a.locator('[data-testid=answer-text] li').count()).toBe(expected.citations.length);

      for (const c of expected.citations) {
        const chip = chips.nth(c.n - 1);
        await chip.focus();
        await page.keyboard.press('Enter'); // keyboard opens it too
        const mark = page.locator('#source mark');
        await expect.poll(() => mark.textContent()).toBe(c.quote);
        // the mark sits at exactly [start, end) of the report text
        const at = await page.evaluate(() => {
          const m = document.querySelector('#source mark')!;
          const range = document.createRange();
          range.selectNodeContents(m.parentElement!);
          range.setEndBefore(m);
          return { start: range.toString().length, text: m.parentElement!.textContent };
        });
        const { text } = (await (await fetch(`${base}/api/reports/${c.reportId}/text`)).json()) as { text: string };
        expect(at.text).toBe(text);
        expect(at.start).toBe(c.start);
        expect(text.slice(c.start, c.end)).toBe(c.quote);
        expect(await page.locator('#source-title').textContent()).toBe(c.title);
        // scrolled into view, inside the panel's scroll box and the window
        await expect
          .poll(() =>
            page.evaluate(() => {
              const r = document.querySelector('#source mark')!.getBoundingClientRect();
              const b = document.querySelector('#source-text')!.getBoundingClientRect();
              return (
                r.height > 0 && r.top >= b.top && r.bottom <= b.bottom && r.top >= 0 && r.bottom <= window.innerHeight
              );
            }),
          )
          .toBe(true);
        expect(
          await page.locator('#source-text').evaluate((e) => e.scrollHeight > e.clientHeight && e.scrollTop > 0),
        ).toBe(true);
      }
      await page.screenshot({ path: join(SHOTS, 'desktop-citation.png') });
      await page.screenshot({ path: process.env.UPDATE_README_SHOT === '1' ? README_SHOT : join(SHOTS, 'readme.png') });

      // Escape closes the panel and gives focus back to the chip
      await page.keyboard.press('Escape');
      expect(await page.locator('#source').isHidden()).toBe(true);
      expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.n)).toBe(
        String(expected.citations.at(-1)!.n),
      );

      // server text is never markup: a question with HTML in it comes back as text
      const evil = '<img src=x onerror="window.__xss=1">花马池镇<b>加粗</b>';
      await ask(page, evil);
      expect(await page.locator('#log img, #log b').count()).toBe(0);
      expect(await page.locator('[data-testid=user-message]').last().textContent()).toBe(evil);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'renders the markdown subset without markup from the server, and shows warnings and errors (stubbed streams)',
    async () => {
      const real = await apiAsk(PENALTY);
      const text = [
        '**注意**：<script>window.__x=1</script><b>不是标签</b>',
        '> 原文引述 [1]',
        '- 第一项 **1319 件** [1]',
        '- 第二项',
        '1. 第一',
        '3. 第三',
        '',
        '最后一段 `t2.penalty.decisions`',
      ].join('\n');
      const answer: Answer = {
        ...real,
        answer: text,
        warnings: ['《盐池县花马池镇2021年政府信息公开工作年度报告》T3.R1 未通过：3 ≠ 4'],
      };
      const sse = (event: string, data: unknown) => `event: ${event}\r\ndata: ${JSON.stringify(data)}\r\n\r\n`;
      const body = [
        sse('route', { route: answer.route, plan: answer.plan, sql: answer.sql, resolvedQuestion: null }),
        ...text.split(/(?<=\n)/).map((part) => sse('delta', { text: part })),
        sse('table', { rows: answer.rows }),
        sse('citations', answer.citations),
        sse('warnings', answer.warnings),
        sse('done', answer),
      ].join('');
      const page = await open(DESKTOP, '/', /status of 429/);
      let calls = 0;
      await page.route(`${base}/api/chat`, (route) => {
        calls++;
        return calls === 1
          ? route.fulfill({ status: 429, json: { error: 'too many requests: try again in a minute' } })
          : route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream' }, body });
      });
      await page.locator('#question').fill(PENALTY);
      await page.locator('#question').press('Enter');
      const error = page.locator('[data-testid=answer] .error');
      await error.waitFor();
      expect(await error.textContent()).toContain('提问太频繁');
      await error.getByRole('button', { name: '重试' }).click();
      const a = answerAt(page, 0);
      await a.locator('xpath=self::*[@aria-busy="false"]').waitFor();
      const md = a.locator('[data-testid=answer-text]');
      expect(await md.locator('script, b').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __x?: number }).__x)).toBeUndefined();
      expect(await md.locator('p').first().textContent()).toBe('注意：<script>window.__x=1</script><b>不是标签</b>');
      expect(await md.locator('p strong').first().textContent()).toBe('注意');
      expect(await md.locator('blockquote').textContent()).toBe('原文引述 1');
      expect(await md.locator('ul li').allTextContents()).toEqual(['第一项 1319 件 1', '第二项']);
      expect(await md.locator('ul li strong').textContent()).toBe('1319 件');
      expect(
        await md.locator('ol li').evaluateAll((lis) => lis.map((li) => [(li as HTMLLIElement).value, li.textContent])),
      ).toEqual([
        [1, '第一'],
        [3, '第三'],
      ]);
      expect(await md.locator('p code').textContent()).toBe('t2.penalty.decisions');
      expect(await md.locator('button.cite').count()).toBe(2);
      const warnings = a.locator('[data-testid=warnings]');
      expect(await warnings.isVisible()).toBe(true);
      expect(await warnings.textContent()).toContain('T3.R1 未通过');
      expect(await a.locator('[data-testid=result-table]').textContent()).toContain('1319');
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'lists the reports, filters them, and opens one with its tables and validation',
    async () => {
      const page = await open(DESKTOP);
      await page.getByRole('tab', { name: '报告库' }).click();
      const cards = page.locator('[data-testid=report-card]');
      await cards.first().waitFor();
      expect(await cards.count()).toBe(5);
      expect(page.url()).toContain('#reports');
      await page.screenshot({ path: join(SHOTS, 'desktop-reports.png') });

      expect(await page.locator('#report-count').textContent()).toBe('第 1–5 份，共 5 份，按年度从新到旧、机关排列');
      expect(await page.locator('#report-pager').isHidden()).toBe(true);

      // the text box, the year and the level all ask the server
      await page.locator('#f-org').fill('花马池');
      await expect.poll(() => cards.count()).toBe(1);
      expect(await page.locator('#f-year option').allTextContents()).toEqual(['全部年度', '2021年（1）']);
      await page.locator('#f-org').fill('');
      await page.locator('#f-year').selectOption('2021');
      await expect.poll(() => cards.count()).toBe(2);
      await page.locator('#f-level').selectOption('县区');
      await expect.poll(() => page.locator('#report-list .empty').count()).toBe(1);
      await page.locator('#f-level').selectOption('');
      await page.locator('#f-year').selectOption('');
      await expect.poll(() => cards.count()).toBe(5);

      // 花马池镇: metadata, validation, 表二/表三/表四
      const card = cards.filter({ hasText: '花马池镇' });
      expect(await card.locator('.badges').textContent()).toContain('通过 9');
      await card.getByRole('button').click();
      const detail = page.locator('[data-testid=report-detail]');
      await detail.waitFor();
      expect(await detail.locator('h1').textContent()).toBe('盐池县花马池镇2021年政府信息公开工作年度报告');
      expect(await detail.locator('.meta-grid').textContent()).toContain('2021-12-27');
      expect(await detail.locator('[data-testid=validation] tbody tr').count()).toBe(9);
      for (const t of ['t2', 't3', 't4'])
        expect(await detail.locator(`[data-testid=table-${t}] table tbody tr`).count()).toBeGreaterThan(2);
      const penalty = detail.locator('[data-testid=table-t2] tr', { hasText: '行政处罚' });
      expect(await penalty.locator('td.num').textContent()).toBe('1319');
      expect(await detail.locator('[data-testid=table-t3]').textContent()).toContain('法人或其他组织');
      // laid out by the report's layouts: 表三's group headings in printed order, 表二's Article 20 parts
      const groups = await detail.locator('[data-testid=table-t3] tr.group').allTextContents();
      expect(groups).toEqual([
        '三、本年度办理结果',
        '（三）不予公开',
        '（四）无法提供',
        '（五）不予处理',
        '（六）其他处理',
      ]);
      expect(await detail.locator('[data-testid=table-t2] tr.group').allTextContents()).toEqual([
        '第二十条第（一）项',
        '第二十条第（五）项',
        '第二十条第（六）项',
        '第二十条第（八）项',
      ]);
      expect(await detail.locator('[data-testid=table-t4]').textContent()).toContain('行政复议');
      await page.screenshot({ path: join(SHOTS, 'desktop-report.png') });

      // a table row opens the report text at its printed row
      await penalty.getByRole('button', { name: '行政处罚' }).click();
      await expect.poll(() => page.locator('#source mark').textContent()).toBe('行政处罚\t1319');
      await page.keyboard.press('Escape');
      expect(await page.locator('#source').isHidden()).toBe(true);
      // Escape on the detail goes back to the list
      await page.keyboard.press('Escape');
      await expect.poll(() => page.url()).toMatch(/#reports$/);
      await cards.first().waitFor();

      // blank cells read 未填报 and failed checks stand out (a report the samples do not have)
      const real = (await (await fetch(`${base}/api/reports/2`)).json()) as {
        cells: { key: string; value: number | null; status: string }[];
        validation: { rule: string; status: string; message: string; cells: string[] }[];
      };
      const blank = real.cells.find((c) => c.key === 't2.penalty.prev_items')!;
      blank.value = null;
      blank.status = 'blank';
      real.validation.unshift({
        rule: 'T3.R1',
        status: 'FAIL',
        cells: ['t3.new.total'],
        message: '表三 新收+上年结转 ≠ 办理总计+结转下年：3 ≠ 4',
      });
      await page.route(`${base}/api/reports/2`, (route) => route.fulfill({ json: real }));
      await page.goto(`${base}/#reports/2`);
      await detail.waitFor();
      const blankRow = detail.locator('[data-testid=table-t2] tr', { hasText: '行政处罚' });
      expect(await blankRow.locator('td').first().textContent()).toBe('未填报');
      const fail = detail.locator('[data-testid=validation] tr.row-fail');
      expect(await fail.count()).toBe(1);
      expect(await fail.textContent()).toContain('未通过');
      expect(await detail.locator('[data-testid=validation] tbody tr').first().getAttribute('class')).toBe('row-fail');
      await page.close();
    },
    TIMEOUT,
  );

  it(
    'pages through a library longer than a page; the text box asks the server once typing pauses',
    async () => {
      // 45 generated reports (15 orgs × 2021–2023) in a database of their own
      const [{ generateCorpus }, { ingestBytes }, { indexingFromEnv }, { openDatabase }, { start }] = await Promise.all(
        [
          import('../../eval/generator/corpus.ts'),
          import('../adapters/node/ingest/ingest-files.ts'),
          import('../adapters/node/indexing.ts'),
          import('../adapters/node/db.ts'),
          import('../adapters/node/main.ts'),
        ],
      );
      const file = join(dir, 'library.db');
      const db = openDatabase(file);
      const indexing = await indexingFromEnv({});
      for await (const g of generateCorpus({ seed: 5, orgs: 15, years: [2021, 2022, 2023], layouts: ['tabs'] }))
        await ingestBytes(db, `gen:${g.name}`, g.name, g.bytes, indexing);
      db.close();
      const library = await start({
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        DB_PATH: file,
        RATE_LIMIT_PER_MIN: '0',
      });
      try {
        const at = `http://127.0.0.1:${library.port}`;
        const api = async (query: string) =>
          (await (await fetch(`${at}/api/reports?${query}`)).json()) as {
            total: number;
            reports: { id: number; org: string }[];
          };
        const page = await browser.newPage({ viewport: DESKTOP, locale: 'zh-CN' });
        page.on('pageerror', (e) => pageErrors.push(`${e.message}`));
        const lists: URL[] = [];
        page.on('request', (r) => r.url().startsWith(`${at}/api/reports?`) && lists.push(new URL(r.url())));
        await page.goto(at);
        await expect
          .poll(() => page.locator('#corpus-note').textContent())
          .toContain('库中现有 45 份报告（2021—2023年度）');
        expect(lists.map((u) => u.search)).toEqual(['?limit=1']);

        await page.getByRole('tab', { name: '报告库' }).click();
        const cards = page.locator('[data-testid=report-card]');
        const count = page.locator('#report-count');
        const ids = () =>
          cards
            .locator('[data-report-id]')
            .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-report-id'))));
        const [prev, next] = [
          page.getByRole('button', { name: '上一页' }),
          page.getByRole('button', { name: '下一页' }),
        ];
        await expect.poll(() => count.textContent()).toBe('第 1–20 份，共 45 份，按年度从新到旧、机关排列');
        expect(await ids()).toEqual((await api('limit=20')).reports.map((r) => r.id));
        expect(await prev.isDisabled()).toBe(true);
        expect(await page.locator('#page-of').textContent()).toBe('第 1 / 3 页');
        expect(await page.locator('#f-year option').allTextContents()).toEqual([
          '全部年度',
          '2023年（15）',
          '2022年（15）',
          '2021年（15）',
        ]);
        await page.screenshot({ path: join(SHOTS, 'desktop-reports-paged.png') });

        // the pages follow the server's order and add up to the library, each report once
        const seen = await ids();
        await next.click();
        await expect.poll(() => count.textContent()).toMatch(/^第 21–40 份，共 45 份/);
        expect(await ids()).toEqual((await api('limit=20&offset=20')).reports.map((r) => r.id));
        seen.push(...(await ids()));
        await next.click();
        await expect.poll(() => count.textContent()).toMatch(/^第 41–45 份，共 45 份/);
        seen.push(...(await ids()));
        expect(await next.isDisabled()).toBe(true);
        expect(seen).toEqual((await api('limit=100')).reports.map((r) => r.id));
        await prev.click();
        await expect.poll(() => count.textContent()).toMatch(/^第 21–40 份/);
        expect(await page.locator('#page-of').textContent()).toBe('第 2 / 3 页');

        // typing asks once, after it pauses, from the first page; the year choices follow the text
        const org = (await api('limit=100')).reports[30]!.org;
        const before = lists.length;
        await page.locator('#f-org').pressSequentially(org, { delay: 60 });
        await expect.poll(() => count.textContent()).toBe('第 1–3 份，共 3 份，按年度从新到旧、机关排列');
        expect(lists.slice(before).map((u) => [u.searchParams.get('q'), u.searchParams.get('offset')])).toEqual([
          [org, null],
        ]);
        const metas = await cards.locator('.report-card-meta').allTextContents();
        expect(metas.every((m) => m.includes(org))).toBe(true);
        expect(metas.map((m) => /(\d{4})年/.exec(m)![1])).toEqual(['2023', '2022', '2021']);
        expect(await page.locator('#report-pager').isHidden()).toBe(true);
        expect(await page.locator('#f-year option').allTextContents()).toEqual([
          '全部年度',
          '2023年（1）',
          '2022年（1）',
          '2021年（1）',
        ]);
        await page.locator('#f-year').selectOption('2022');
        await expect.poll(() => count.textContent()).toMatch(/^第 1–1 份，共 1 份/);
        // a wildcard is a character: nothing holds one
        await page.locator('#f-org').fill('%');
        await expect.poll(() => page.locator('#report-list .empty').count()).toBe(1);
        expect(await count.textContent()).toBe('共 0 份');
        expect(lists.at(-1)!.searchParams.get('q')).toBe('%');
        await page.locator('#f-org').fill('');
        await page.locator('#f-year').selectOption('');
        await expect.poll(() => count.textContent()).toMatch(/^第 1–20 份，共 45 份/);
        await page.close();

        // at phone width the pager fits
        const phone = await browser.newPage({ viewport: PHONE, locale: 'zh-CN' });
        phone.on('pageerror', (e) => pageErrors.push(`${e.message}`));
        await phone.goto(`${at}/#reports`);
        await expect.poll(() => phone.locator('#report-count').textContent()).toMatch(/^第 1–20 份，共 45 份/);
        await phone.getByRole('button', { name: '下一页' }).click();
        await expect.poll(() => phone.locator('#report-count').textContent()).toMatch(/^第 21–40 份/);
        expect(
          await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
        ).toBeLessThanOrEqual(0);
        await phone.locator('#report-pager').scrollIntoViewIfNeeded();
        await phone.screenshot({ path: join(SHOTS, 'phone-reports-paged.png') });
        await phone.close();
      } finally {
        library.close();
      }
    },
    TIMEOUT,
  );

  it(
    'works at phone width: deep link ?q= asks on load, nothing overflows, the source panel fills the screen',
    async () => {
      const page = await open(PHONE, `/?q=${encodeURIComponent(PENALTY)}`);
      const a = answerAt(page, 0);
      await a.locator('xpath=self::*[@aria-busy="false"]').waitFor();
      expect(await a.locator('[data-testid=answer-text]').textContent()).toContain('1319');
      expect(await page.locator('[data-testid=user-message]').textContent()).toBe(PENALTY);
      expect(new URL(page.url()).searchParams.get('q')).toBeNull();
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SHOTS, 'phone-chat.png') });

      await a.locator('[data-testid=answer-text] button.cite').first().click();
      await page.locator('#source mark').waitFor();
      const panel = await page.locator('#source').boundingBox();
      expect(panel!.width).toBe(PHONE.width);
      await page.waitForTimeout(100);
      await page.screenshot({ path: join(SHOTS, 'phone-citation.png') });
      await page.locator('#source-close').click();
      expect(await page.locator('#source').isHidden()).toBe(true);

      // a chart fits the phone
      await page.locator('[data-testid=new-chat]').click();
      const ranking = await ask(page, RANKING);
      const chart = answerAt(page, ranking.index).locator('[data-testid=chart]');
      await chart.locator('svg').waitFor();
      expect((await chart.boundingBox())!.width).toBeLessThanOrEqual(PHONE.width);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.waitForTimeout(600);
      await chart.evaluate((e) => e.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: join(SHOTS, 'phone-chart.png') });

      await page.getByRole('tab', { name: '报告库' }).click();
      await page.locator('[data-testid=report-card]').first().waitFor();
      expect(await page.locator('[data-testid=report-card]').count()).toBe(5);
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SHOTS, 'phone-reports.png') });
      await page.locator('[data-testid=report-card]').filter({ hasText: '葛寨镇' }).getByRole('button').click();
      await page.locator('[data-testid=report-detail]').waitFor();
      expect(await overflow()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(SHOTS, 'phone-report.png') });

      // tabs follow the arrow keys
      await page.getByRole('tab', { name: '报告库' }).focus();
      await page.keyboard.press('ArrowLeft');
      expect(await page.getByRole('tab', { name: '问答' }).getAttribute('aria-selected')).toBe('true');
      expect(await page.locator('#panel-chat').isVisible()).toBe(true);
      await page.close();
    },
    TIMEOUT,
  );

  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(
      `explains what it will not send, keeps the conversation over a reload, draws no chart of zeros and marks the asked cell (${name})`,
      async () => {
        const page = await open(viewport);
        const chats: string[] = [];
        page.on('request', (r) => {
          if (r.url() === `${base}/api/chat`) chats.push(r.postData() ?? '');
        });
        const box = page.locator('#question');
        const note = page.locator('[data-testid=composer-note]');
        const counter = page.locator('[data-testid=question-count]');

        // an empty question says so and sends nothing
        await page.locator('#send').click();
        expect(await note.textContent()).toBe('请输入问题。');
        expect(await note.isVisible()).toBe(true);
        await box.fill('   ');
        await box.press('Enter');
        expect(await note.textContent()).toBe('请输入问题。');
        await box.fill('花');
        expect(await note.textContent()).toBe('');

        // past 500 characters (the server's limit, which the page keeps a copy of): counted, marked,
        // explained, not cut and not sent
        expect(await page.evaluate('import("/api.js").then((m) => m.MAX_QUESTION_CHARS)')).toBe(MAX_QUESTION_CHARS); // a string: vitest rewrites import()
        const long = '花马池镇2021年行政处罚多少件'.repeat(40).slice(0, 520);
        await box.fill(long);
        expect(await counter.textContent()).toBe('520 / 500');
        expect(await note.textContent()).toBe('问题最多 500 字，现有 520 字，请删减 20 字后发送。');
        expect(await box.getAttribute('aria-invalid')).toBe('true');
        await box.press('Enter');
        expect(await box.inputValue()).toBe(long);
        await page.screenshot({ path: join(SHOTS, `${name}-long-question.png`) });
        await box.fill(long.slice(0, 500));
        expect(await counter.textContent()).toBe('500 / 500');
        expect(await note.textContent()).toBe('');
        expect(await box.getAttribute('aria-invalid')).toBe('false');
        await box.fill('');
        expect(await page.locator('#composer-status').isHidden()).toBe(true);
        expect(chats).toEqual([]);
        expect(await page.locator('[data-testid=answer]').count()).toBe(0);

        // all zeros: the table and a note, no empty chart
        const zero = await ask(page, ALL_ZERO);
        const az = answerAt(page, zero.index);
        expect(await az.locator('[data-testid=chart]').count()).toBe(0);
        expect(await az.locator('[data-testid=chart-note]').textContent()).toContain('全部为 0');
        expect(await az.locator('[data-testid=result-table] tbody tr').count()).toBe(5);

        // a 表四 citation marks the asked cell (行政复议 总计, the fifth of fifteen printed values)
        await page.locator('[data-testid=new-chat]').click();
        const expected = await apiAsk(REVIEW);
        const cited = expected.citations[0]!;
        expect(cited.cell!.key).toBe('t4.review.total');
        const review = await ask(page, REVIEW);
        await answerAt(page, review.index).locator('[data-testid=answer-text] button.cite[data-n="1"]').click();
        const hit = page.locator('#source [data-testid=source-cell]');
        await hit.waitFor();
        expect(await page.locator('#source mark').textContent()).toBe(cited.quote);
        const at = await hit.evaluate((e) => {
          const range = document.createRange();
          range.selectNodeContents(e.parentElement!);
          range.setEndBefore(e);
          return range.toString().length;
        });
        const fields = [...cited.quote.matchAll(/\S+/g)];
        expect(fields).toHaveLength(15);
        expect(at).toBe(fields[4]!.index);
        expect(await hit.textContent()).toBe('0');
        expect(await hit.isVisible()).toBe(true);
        await page.screenshot({ path: join(SHOTS, `${name}-cell.png`) });
        await page.keyboard.press('Escape');

        // a reload keeps the conversation; the next question carries it; 新对话 forgets it
        const before = await page.locator('[data-testid=answer-text]').allTextContents();
        await page.reload();
        await expect.poll(() => page.locator('[data-testid=answer]').count()).toBe(1);
        expect(await page.locator('[data-testid=answer-text]').allTextContents()).toEqual(before);
        expect(await page.locator('[data-testid=user-message]').textContent()).toBe(REVIEW);
        expect(await page.locator('#intro').isHidden()).toBe(true);
        expect(await answerAt(page, 0).locator('[data-testid=result-table]').isVisible()).toBe(true);
        const follow = await ask(page, '那花马池镇呢？');
        expect(bodyOf(follow.request).history).toEqual([
          { role: 'user', content: REVIEW },
          { role: 'assistant', content: expected.answer },
        ]);
        await page.reload();
        await expect.poll(() => page.locator('[data-testid=answer]').count()).toBe(2);
        await page.locator('[data-testid=new-chat]').click();
        await page.reload();
        await page.locator('#intro').waitFor();
        expect(await page.locator('[data-testid=answer]').count()).toBe(0);

        // a too-long deep link waits in the box with the reason, in Chinese
        const deep = '葛寨镇存在哪些主要问题'.repeat(60);
        const sent = chats.length;
        await page.goto(`${base}/?q=${encodeURIComponent(deep)}`);
        await expect.poll(() => box.inputValue()).toBe(deep);
        expect(await note.textContent()).toBe(
          `问题最多 500 字，现有 ${deep.length} 字，请删减 ${deep.length - 500} 字后发送。`,
        );
        expect(await page.locator('[data-testid=answer]').count()).toBe(0);
        expect(chats.length).toBe(sent);

        // the report list is ordered by year, newest first; a report naming no region says so
        await page.getByRole('tab', { name: '报告库' }).click();
        const cards = page.locator('[data-testid=report-card]');
        await cards.first().waitFor();
        const years = (await cards.locator('.report-card-meta').allTextContents()).map((t) =>
          Number(/(\d{4})年/.exec(t)![1]),
        );
        expect(years).toEqual([...years].sort((a, b) => b - a));
        expect(await page.locator('#report-count').textContent()).toContain('按年度从新到旧');
        await cards.filter({ hasText: '南郊镇' }).getByRole('button').click();
        const region = page.locator('.meta-grid div', { hasText: '地区' }).locator('dd');
        expect(await region.textContent()).toBe('未注明');
        expect(await region.getAttribute('title')).toContain('没有写明');
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(
          0,
        );
        await page.close();
      },
      TIMEOUT,
    );
  }

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
