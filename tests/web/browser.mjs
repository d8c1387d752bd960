// veille serve's pages in a real browser (Debian's chromium, driven by
// playwright-core): search, a document, a person, the hostile dispatch.
//
//   node tests/web/browser.mjs BASE_URL ARTIFACTS_DIR
//
// Prints `not ok: ...` per failed check and `ok: ...` per passed one, saves
// screenshots of each page at a laptop's and a phone's width into
// ARTIFACTS_DIR, and exits 1 when a check failed.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, artifacts] = process.argv.slice(2);
mkdirSync(artifacts, { recursive: true });
let failed = 0;
const check = (cond, what) => {
  if (cond) console.log('ok: ' + what);
  else { failed++; console.log('not ok: ' + what); }
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
const errors = [], dialogs = [], strayRequests = [];
page.on('pageerror', e => errors.push(e.message));
page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
page.on('dialog', d => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
page.on('request', r => {
  const u = new URL(r.url());
  if (u.origin !== new URL(base).origin || u.pathname === '/x') strayRequests.push(r.url());
});

async function shoot(name) {
  await page.screenshot({ path: `${artifacts}/${name}-laptop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(150);
  await page.screenshot({ path: `${artifacts}/${name}-phone.png`, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
}

// --- search: hits, facets, hits per month
await page.goto(base + '/');
await page.waitForSelector('main h1');
await page.fill('#q', 'laos');
await page.press('#q', 'Enter');
await page.waitForSelector('.hits li');
const hits = await page.locator('.hits li').count();
check(hits >= 3, `search "laos" shows its hits (${hits})`);
check(/^\d+ documents?/.test(await page.locator('p.count').first().innerText()), 'the number of documents is said');
const facetPersons = await page.locator('.facets .facet').first().locator('li').count();
check(facetPersons >= 1, `facets list the persons of the hits (${facetPersons})`);
check(await page.locator('.histogram rect.bar').count() >= 2, 'a histogram of hits per month');
check(await page.locator('.hits mark').count() >= 1, 'the matches are marked in the snippets');
await shoot('search');

// --- a document: persons highlighted, boilerplate dimmed
await page.locator('.hits li .hit-head a').first().click();
await page.waitForSelector('article.doc');
const persons = await page.locator('article.doc .m-person').count();
check(persons >= 1, `the document highlights its persons (${persons})`);
const title = await page.locator('article.doc .m-person').first().getAttribute('title');
check(/^person: /.test(title || ''), `a person's mention says who on hover (${title})`);
check(await page.locator('article.doc .m-place').count() >= 1, 'and its places');
check(await page.locator('article.doc .boiler').count() >= 1, 'boilerplate is dimmed');
await shoot('document');

// --- a person: the offices as a timeline, tenures in date order
await page.goto(base + '/#/person/' + encodeURIComponent('Lương Tam Quang'));
await page.waitForSelector('.timeline rect.tenure');
const bars = await page.locator('.timeline rect.tenure').evaluateAll(rs => rs.map(r => Number(r.getAttribute('x'))));
check(bars.length >= 2, `the timeline has a bar per tenure (${bars.length})`);
check(bars.every((x, i) => i === 0 || x >= bars[i - 1]), `tenures in date order (x = ${bars.join(', ')})`);
const labels = await page.locator('.timeline .tlabel').evaluateAll(ts => ts.map(t => t.textContent));
check(labels.some(l => /ministre de la Sécurité publique/.test(l)), 'the minister\'s tenure is on it');
check(await page.locator('h2', { hasText: 'Said' }).count() === 1, 'the person page lists what he said');
check(await page.locator('h2', { hasText: 'Met' }).count() === 1, 'and whom he met');
await shoot('person');

// --- an office: its holders over time
await page.goto(base + '/#/office/' + encodeURIComponent('ministre de la Défense'));
await page.waitForSelector('.timeline rect.tenure');
check(await page.locator('.timeline rect.tenure').count() >= 2, 'the office page shows its holders over time');
await shoot('office');

// --- the hostile dispatch: its text shown as text, no script run
await page.goto(base + '/#/search?q=' + encodeURIComponent('onerror delegation'));
await page.waitForSelector('.hits li');
await shoot('hostile-search');
const link = page.locator('.hits li .hit-head a', { hasText: 'script' }).first();
check(await link.count() === 1, 'the hostile dispatch is a hit, its title shown as text');
await link.click();
await page.waitForSelector('article.doc');
const text = await page.locator('article.doc').innerText();
check(text.includes('"><img src=x onerror=alert(1)>'), 'the image tag is shown as text');
check(text.includes("<script>document.title='pris'</script>"), 'the script tag is shown as text');
check(text.includes('javascript:alert(2)'), 'the javascript: link is shown as text');
check(await page.locator('main img, main script, main iframe').count() === 0, 'no element made from the text');
check(await page.locator('main a[href^="javascript"]').count() === 0, 'no javascript: link');
check(!(await page.title()).includes('pris'), 'the page title untouched');
await page.waitForTimeout(300);
check(dialogs.length === 0, `no dialog fired (${dialogs.join('; ')})`);
check(strayRequests.length === 0, `no request to x or elsewhere (${strayRequests.join(', ')})`);
await shoot('hostile-document');

// --- keyboard: the search field, then the first hit, by Tab
await page.goto(base + '/#/search?q=laos');
await page.waitForSelector('.hits li');
await page.focus('#q');
let reached = false;
for (let i = 0; i < 40 && !reached; i++) {
  await page.keyboard.press('Tab');
  reached = await page.evaluate(() => !!document.activeElement.closest('.hits'));
}
check(reached, 'the hits are reached from the search field with Tab');

check(errors.length === 0, `no script error on any page (${errors.join('; ')})`);
await browser.close();
console.log(`${failed ? 'FAILED' : 'passed'}: browser checks`);
process.exit(failed ? 1 : 0);
