// End-to-end test of the web UI in a real browser: Playwright (playwright-core) drives Debian's
// Chromium, headless, against a running `khabar serve` (tests/web_e2e_test.sh starts one on a small
// corpus). Steps: search, open an article, see highlights and entity links, open an entity and see
// a non-empty chart and network, open a story and see its outlets in time order.
//
// Usage: node tests/e2e.mjs --url http://127.0.0.1:PORT/ --query WORDS [--xss-query WORDS]
//        [--screenshots DIR] [--chromium /usr/bin/chromium]
//   --xss-query: a search that finds an article whose title holds markup (it must show as text).
// Exit: 0 passed, 1 failed (the failing step is printed), 77 Chromium missing (skip).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .reduce(
      (acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc),
      [],
    ),
);
const baseUrl = args.url;
const query = args.query;
const xssQuery = args['xss-query'];
const shots = args.screenshots;
const executablePath = args.chromium || process.env.KHABAR_CHROMIUM || '/usr/bin/chromium';
if (!baseUrl || !query) {
  console.error('usage: e2e.mjs --url URL --query WORDS [--screenshots DIR]');
  process.exit(2);
}
if (!existsSync(executablePath)) {
  console.log(`SKIP: ${executablePath} not found (apt-get install chromium, or make deps)`);
  process.exit(77);
}
if (shots) mkdirSync(shots, { recursive: true });

const started = Date.now();
let passed = 0;
let failed = 0;
async function step(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}: ${err.message.split('\n')[0]}`);
    if (page && shots) {
      await page
        .screenshot({ path: path.join(shots, `failure-${failed}.png`), fullPage: true })
        .catch(() => {});
    }
  }
}
function expect(cond, message) {
  if (!cond) throw new Error(message);
}

const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'khabar-e2e-chromium-'));
// A fresh profile each run (Playwright passes it as --user-data-dir).
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  viewport: { width: 1280, height: 900 },
  locale: 'ar-EG',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const consoleErrors = [];
let page;
try {
  page = context.pages()[0] || (await context.newPage());
  // Generous: under `make test` the machine is busy, and the entity page loads the chart code.
  page.setDefaultTimeout(45000);
  page.on('pageerror', (err) => consoleErrors.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(`console: ${msg.text()}`);
  });
  const shot = async (name) => {
    if (shots) await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  };
  const ready = () => page.waitForSelector('#app > .page[data-ready="1"]');

  await step('home page loads, right to left', async () => {
    await page.goto(baseUrl);
    await ready();
    expect((await page.getAttribute('html', 'dir')) === 'rtl', 'html dir is not rtl');
    expect((await page.getAttribute('html', 'lang')) === 'ar', 'html lang is not ar');
    await shot('home');
  });

  let articleHref;
  await step(`search "${query}" shows highlighted hits`, async () => {
    await page.fill('input[name="q"]', query);
    await page.click('form.search-form button[type="submit"]');
    await page.waitForSelector('.page-search[data-ready="1"]');
    const err = await page.$('.error');
    expect(!err, `search error: ${err && (await err.textContent())}`);
    const hits = await page.$$('.hit');
    expect(hits.length > 0, 'no hits');
    const marks = await page.$$eval('.hit mark', (ms) => ms.map((m) => m.textContent));
    expect(marks.length > 0 && marks.every((m) => m.trim()), 'no highlighted words in the hits');
    // Highlights arrive as text: no raw markers or escaped tags on the page.
    const text = await page.textContent('.hits');
    expect(!/[\u0002\u0003]|<mark>|&lt;/.test(text), 'raw highlight markup in the results');
    expect(new URL(page.url()).hash.startsWith('#/search?'), 'the search is not in the URL');
    articleHref = await page.getAttribute('.hit .hit-title', 'href');
    await shot('search');
  });

  let entityHref;
  await step('open an article: paragraphs, entity highlights by type, legend', async () => {
    expect(articleHref, 'no hit to open (previous step failed)');
    await page.click('.hit .hit-title');
    await page.waitForSelector('.page-article[data-ready="1"]');
    expect(new URL(page.url()).hash === articleHref, `went to ${page.url()}, not ${articleHref}`);
    const paragraphs = await page.$$eval(
      '.article-body p',
      (ps) => ps.filter((p) => p.textContent.trim()).length,
    );
    expect(paragraphs > 0, 'no paragraphs');
    expect((await page.textContent('.article-title')).trim().length > 0, 'no title');
    const ents = await page.$$eval('.article-body a.ent', (as) =>
      as.map((a) => ({
        href: a.getAttribute('href'),
        type: a.dataset.type,
        cls: a.className,
        color: getComputedStyle(a).color,
      })),
    );
    expect(ents.length > 0, 'no linked entity in the article text');
    expect(
      ents.every((e) => /^#\/entity\/./.test(e.href)),
      'entity link without an entity route',
    );
    expect(
      ents.every((e) => /\bent-(pers|org|loc|misc)\b/.test(e.cls)),
      'entity without a type class',
    );
    expect((await page.$$('.legend li')).length === 4, 'no legend of the 4 entity types');
    // Types are told apart by color.
    const colors = new Map(ents.map((e) => [e.type, e.color]));
    expect(new Set(colors.values()).size === colors.size, 'two entity types share a color');
    // Every linked mention is shown exactly: code-point offsets taken right.
    const id = decodeURIComponent(articleHref.split('/').pop());
    const rec = await page.evaluate(
      async (id) => (await (await fetch(`api/articles/${id}`)).json()).article,
      id,
    );
    const expected = (rec.entities || []).filter((m) => m.id && m.id !== 'NIL').map((m) => m.text);
    const shown = await page.$$eval('.article-body a.ent', (as) => as.map((a) => a.textContent));
    expect(
      JSON.stringify(shown) === JSON.stringify(expected),
      `entity spans ${shown.join('|')} != ${expected.join('|')}`,
    );
    // The headline's linked mentions too, offsets into the title (docs/record-format.md).
    const expectedTitle = (rec.title_entities || [])
      .filter((m) => m.id && m.id !== 'NIL')
      .map((m) => m.text);
    const shownTitle = await page.$$eval('.article-title a.ent', (as) =>
      as.map((a) => a.textContent),
    );
    expect(
      JSON.stringify(shownTitle) === JSON.stringify(expectedTitle),
      `title entity spans ${shownTitle.join('|')} != ${expectedTitle.join('|')}`,
    );
    // Prefer a frequent entity (the side list is by type then count): its chart has more to show.
    entityHref = ents[0].href;
    await shot('article');
  });

  await step('open an entity: profile, non-empty timeline chart, co-mention network', async () => {
    expect(entityHref, 'no entity link to follow (previous step failed)');
    await page.goto(new URL(articleHref, baseUrl).href);
    await page.waitForSelector('.page-article[data-ready="1"]');
    await page.click(`.article-body a.ent[href="${entityHref}"]`);
    await page.waitForSelector('.page-entity[data-ready="1"]');
    expect(!(await page.$('.error')), `entity error: ${await page.textContent('.page-entity')}`);
    expect((await page.textContent('.entity-header h1')).trim().length > 0, 'no entity name');
    await page.waitForSelector('[data-testid="timeline"][data-rendered="1"] canvas');
    const total = Number(await page.getAttribute('[data-testid="timeline"]', 'data-total'));
    expect(total > 0, 'the timeline counts no article');
    // The chart really drew: count painted pixels on the canvas.
    const painted = await page.$eval('[data-testid="timeline"] canvas', (c) => {
      const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
      let n = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
      return { n, w: c.width, h: c.height };
    });
    expect(painted.w > 100 && painted.h > 100, `chart canvas is ${painted.w}x${painted.h}`);
    expect(painted.n > 500, `chart canvas is blank (${painted.n} painted pixels)`);
    // Its articles' headlines mark its mentions there, as the search does (title_html).
    const entityId = decodeURIComponent(entityHref.split('/').pop());
    const withMark = await page.evaluate(async (id) => {
      const res = await (await fetch(`api/search?entity=${encodeURIComponent(id)}&limit=10`)).json();
      return res.hits.filter((hit) => (hit.title_html || '').includes('<mark>')).length;
    }, entityId);
    const marked = await page.$$eval('.entity-articles li a', (as) =>
      as.filter((a) => a.querySelector('mark')).length,
    );
    expect(marked === withMark, `${marked} article titles marked, the API marks ${withMark}`);
    const network = await page.$('[data-testid="network"]');
    if (network) {
      await page.waitForSelector('[data-testid="network"][data-rendered="1"] canvas');
      expect(Number(await network.getAttribute('data-nodes')) > 1, 'network without neighbours');
    }
    await shot('entity');
  });

  await step('stories: a story lists its outlets in time order', async () => {
    await page.goto(new URL('#/stories', baseUrl).href);
    await page.waitForSelector('.page-stories[data-ready="1"]');
    const story = await page.$('.story-list .story-title');
    expect(story, 'no story in the corpus');
    await story.click();
    await page.waitForSelector('.page-story[data-ready="1"]');
    const times = await page.$$eval('[data-testid="story-outlets"] li time', (ts) =>
      ts.map((t) => t.getAttribute('datetime')),
    );
    const sites = await page.$$eval('[data-testid="story-outlets"] li .site', (ss) =>
      ss.map((s) => s.textContent),
    );
    expect(sites.length >= 2, `story lists ${sites.length} articles`);
    const utc = times.map((t) =>
      Date.parse(t.length === 10 ? t : t.replace(/([+-]\d\d:\d\d)?$/, (z) => z || 'Z')),
    );
    expect(
      utc.every((t, i) => i === 0 || !(t < utc[i - 1])),
      `outlets not in time order: ${times.join(', ')}`,
    );
    await shot('story');
  });

  if (xssQuery) {
    await step('markup in a title is shown as text, never run', async () => {
      await page.goto(new URL(`#/search?q=${encodeURIComponent(xssQuery)}`, baseUrl).href);
      await page.waitForSelector('.page-search[data-ready="1"] .hit');
      const title = await page.textContent('.hit .hit-title');
      expect(title.includes('<img') && title.includes('<script>'), `title lost its text: ${title}`);
      expect(
        (await page.$$('.hits img, .hits script')).length === 0,
        'markup from the corpus became elements',
      );
      await page.click('.hit .hit-title');
      await page.waitForSelector('.page-article[data-ready="1"]');
      expect(
        (await page.$$('.article img, .article script')).length === 0,
        'markup in the article view',
      );
      expect((await page.evaluate(() => window.__xss)) === undefined, 'script from the corpus ran');
    });
  }

  await step('no script errors', async () => {
    expect(consoleErrors.length === 0, consoleErrors.join('; '));
  });
} catch (err) {
  failed++;
  console.log(`FAIL ${err.message}`);
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`);
process.exit(failed ? 1 : 0);
