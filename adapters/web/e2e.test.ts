import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../chart/generate.js';
import { type RunningServer, startServer } from './server.js';
import { configNamed, XSS_NAME } from './test-support.js';

/** The visualizer in real headless Chromium (Debian's /usr/bin/chromium), against a real server. */

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = join(packageRoot(), 'test-output');

let server: RunningServer;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  server = await startServer({ host: '127.0.0.1', port: 0 });
  profile = mkdtempSync(join(tmpdir(), 'agstate-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1600, height: 1200 },
  });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  rmSync(profile, { recursive: true, force: true });
});

const replicaChart = 'figure[data-machine="replica"]';

const roleInPanel = (page: Page, replica: string) =>
  page.locator(`#replicas tr[data-replica="${replica}"] td.role`).textContent();

/** The ids lit as active on the replica chart, for the replica chosen in its selector. */
const litOnReplicaChart = async (page: Page, replica: string): Promise<string[]> => {
  await page.selectOption(`${replicaChart} select`, { label: replica });
  return page
    .locator(`${replicaChart} g.lit[data-state-id]`)
    .evaluateAll((gs) => gs.map((g) => g.getAttribute('data-state-id') ?? ''));
};

const waitForStep = (page: Page, index: number) =>
  page.waitForSelector(`#trace-list li[data-index="${index}"][aria-current="step"]`);

describe('the visualizer page', () => {
  it('follows a crash of the primary, steps back, and shows hostile names as text', async () => {
    const page = await context.newPage();
    // A broken page should fail in seconds, not at Playwright's 30-second default.
    page.setDefaultTimeout(10_000);
    const dialogs: string[] = [];
    const problems: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });

    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    await page.selectOption('#example-list', 'resync-three-replicas');
    await page.click('#load-example button[type="submit"]');
    await waitForStep(page, 0);
    expect(await roleInPanel(page, 'SQLNODE1')).toBe('PRIMARY');
    expect(await litOnReplicaChart(page, 'SQLNODE1')).toContain('replica.role.PRIMARY');

    // A failover the model refuses is a disabled button that says why.
    const planned = page.locator('.event', { hasText: 'planned failover to SQLDR1' });
    expect(await planned.locator('button').isDisabled()).toBe(true);
    expect(await planned.locator('button').getAttribute('title')).toContain('ASYNCHRONOUS_COMMIT');
    expect(await planned.locator('.why').textContent()).toContain('SYNCHRONIZING on SQLDR1');

    await page.click('button:text-is("crash SQLNODE1")');
    await waitForStep(page, 1);
    expect(await roleInPanel(page, 'SQLNODE2')).toBe('PRIMARY');
    expect(await litOnReplicaChart(page, 'SQLNODE2')).toContain('replica.role.PRIMARY');
    expect(await litOnReplicaChart(page, 'SQLNODE1')).toEqual(
      expect.arrayContaining(['replica.instance.DOWN', 'replica.role.RESOLVING']),
    );
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({
      path: join(SCREENSHOTS, 'visualizer-after-crash.png'),
      fullPage: true,
    });

    await page.click('#trace-back');
    await waitForStep(page, 0);
    expect(await roleInPanel(page, 'SQLNODE1')).toBe('PRIMARY');
    expect(await roleInPanel(page, 'SQLNODE2')).toBe('SECONDARY');
    expect(await litOnReplicaChart(page, 'SQLNODE1')).toContain('replica.role.PRIMARY');
    expect(await litOnReplicaChart(page, 'SQLNODE2')).toContain('replica.role.SECONDARY');

    await page.click('#trace-replay');
    await waitForStep(page, 1);
    expect(await litOnReplicaChart(page, 'SQLNODE2')).toContain('replica.role.PRIMARY');

    await page.fill('#pasted', configNamed(XSS_NAME));
    await page.check('input[name="pasted-kind"][value="json"]');
    await page.click('#load-pasted button[type="submit"]');
    const nameCell = page.locator('#replicas tbody th', { hasText: XSS_NAME });
    await nameCell.waitFor();
    expect(await nameCell.textContent()).toBe(XSS_NAME);
    expect(await page.locator(`${replicaChart} select option`).first().textContent()).toBe(
      XSS_NAME,
    );
    expect(await page.locator('#trace-list li').first().textContent()).toContain('pasted JSON');
    expect(await page.locator('img').count()).toBe(0);
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);
});
