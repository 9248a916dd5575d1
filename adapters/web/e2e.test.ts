import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageRoot } from '../chart/generate.js';
import { type RunningServer, startServer } from './server.js';
import { configNamed, XSS_NAME } from './test-support.js';

/**
 * The visualizer in real headless Chromium (Debian's /usr/bin/chromium), against a real server.
 * The bundled example resync-three-replicas is SQLNODE1 and SQLNODE2 in SYNCHRONOUS_COMMIT with
 * AUTOMATIC failover and SQLDR1 in ASYNCHRONOUS_COMMIT with MANUAL failover. What the page must
 * show follows "Failover and failover modes (Always On availability groups)": a failure of the
 * primary fails over automatically to the synchronized automatic-failover partner; an
 * asynchronous-commit secondary supports only forced failover ("Planned manual failover (without
 * data loss)" requires SYNCHRONOUS_COMMIT and SYNCHRONIZED). Screenshots go to test-output/.
 */

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
    acceptDownloads: true,
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
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await server?.close();
  rmSync(profile, { recursive: true, force: true });
});

const replicaChart = 'figure[data-machine="replica"]';

/** A page that fails the test on any script error, console error or dialog. */
const openPage = async (url = server.url) => {
  const page = await context.newPage();
  // A broken page should fail in seconds, not at Playwright's 30-second default.
  page.setDefaultTimeout(10_000);
  const problems: string[] = [];
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  await page.goto(url);
  await page.waitForSelector('body[data-ready="true"]');
  return { page, problems };
};

const loadExample = async (page: Page, name = 'resync-three-replicas') => {
  await page.selectOption('#example-list', name);
  await page.click('#load-example button[type="submit"]');
  await waitForStep(page, 0);
};

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

const top = async (page: Page, selector: string) =>
  (await page.locator(selector).boundingBox())?.y ?? Number.NaN;

const traceLabels = (page: Page) => page.locator('#trace-list li .label').allTextContents();

describe('the visualizer page', () => {
  it('puts the decisions first, lays the cluster out uncut, and groups the events', async () => {
    const { page, problems } = await openPage();
    await loadExample(page);

    // Loading shows the top of the page, where the decisions are.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'visualizer-first-screen.png') });
    // Decisions, then the cluster, then events: what a DBA acts on is on the first screen.
    const decisions = await top(page, '#decisions');
    expect(decisions).toBeLessThan(await top(page, '#cluster'));
    expect(await top(page, '#cluster')).toBeLessThan(await top(page, '#events'));
    expect(await top(page, '#actions')).toBeLessThan(1200);
    expect(await top(page, '#failover-options')).toBeLessThan(1200);
    // SQLDR1 runs ASYNCHRONOUS_COMMIT: a planned failover to it is refused, a forced one allowed.
    const dr = page.locator('#failover-options tr[data-replica="SQLDR1"] td');
    expect(await dr.nth(1).getAttribute('data-status')).toBe('refused');
    expect(await dr.nth(2).getAttribute('data-status')).toBe('allowed');

    // No table is cut: every cell lies inside the section, and nothing scrolls sideways.
    for (const table of ['#replicas', '#copies', '#failover-options']) {
      const fits = await page.locator(table).evaluate((t) => {
        const section = t.closest('section')!.getBoundingClientRect();
        return [...t.querySelectorAll('th, td')].every((cell) => {
          const r = cell.getBoundingClientRect();
          return r.left >= section.left - 0.5 && r.right <= section.right + 0.5;
        });
      });
      expect(fits, table).toBe(true);
    }
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
    ).toBe(true);

    // Events: the group as a whole, each replica, each copy; copies start closed.
    const groups = await page
      .locator('details.event-group')
      .evaluateAll((ds) =>
        ds.map((d) => [d.getAttribute('data-group'), (d as HTMLDetailsElement).open]),
      );
    expect(groups).toEqual(
      expect.arrayContaining([
        ['group', true],
        ['replica:SQLNODE1', true],
        ['replica:SQLDR1', true],
        ['copy:SalesDB:SQLNODE2', false],
      ]),
    );
    const sqldr1 = page.locator('details[data-group="replica:SQLDR1"]');
    const planned = sqldr1.locator('.event', { hasText: 'planned failover to SQLDR1' });
    expect(await planned.locator('button').isDisabled()).toBe(true);
    expect(await planned.locator('button').getAttribute('title')).toContain('ASYNCHRONOUS_COMMIT');
    expect(await planned.locator('.why').textContent()).toContain('SYNCHRONIZING on SQLDR1');
    const copy = page.locator('details[data-group="copy:SalesDB:SQLNODE2"]');
    expect(
      await copy.locator('button', { hasText: 'suspend SalesDB on SQLNODE2' }).isVisible(),
    ).toBe(false);
    await copy.locator('summary').click();
    expect(
      await copy.locator('button', { hasText: 'suspend SalesDB on SQLNODE2' }).isVisible(),
    ).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('follows a crash of the primary, steps back and replays with the events panel in step', async () => {
    const { page, problems } = await openPage();
    await loadExample(page);
    expect(await roleInPanel(page, 'SQLNODE1')).toBe('PRIMARY');
    expect(await litOnReplicaChart(page, 'SQLNODE1')).toContain('replica.role.PRIMARY');

    await page.click(
      'details[data-group="group"] button:text-is("advance time by SESSION_TIMEOUT (10 s)")',
    );
    await waitForStep(page, 1);
    await page.click('details[data-group="replica:SQLNODE1"] button:text-is("crash SQLNODE1")');
    await waitForStep(page, 2);
    expect(await roleInPanel(page, 'SQLNODE2')).toBe('PRIMARY');
    expect(await litOnReplicaChart(page, 'SQLNODE2')).toContain('replica.role.PRIMARY');
    expect(await litOnReplicaChart(page, 'SQLNODE1')).toEqual(
      expect.arrayContaining(['replica.instance.DOWN', 'replica.role.RESOLVING']),
    );
    // Model time: the crash happened 10 s in, after the advance.
    expect(await page.locator('#trace-list li[data-index="2"] .at').textContent()).toBe('10 s');
    expect(await page.locator('#event-result').textContent()).toContain('automatic failover');
    await page.screenshot({
      path: join(SCREENSHOTS, 'visualizer-after-crash.png'),
      fullPage: true,
    });

    await page.click('#trace-back');
    await waitForStep(page, 1);
    expect(await page.locator('#event-result strong').textContent()).toBe(
      'Step 1: advance time 10 s',
    );
    await page.click('#trace-list li[data-index="0"]');
    await waitForStep(page, 0);
    expect(await roleInPanel(page, 'SQLNODE1')).toBe('PRIMARY');
    expect(await roleInPanel(page, 'SQLNODE2')).toBe('SECONDARY');
    expect(await litOnReplicaChart(page, 'SQLNODE2')).toContain('replica.role.SECONDARY');

    // During a replay, the events panel shows the step under the cursor, one step after another.
    await page.click('#trace-replay');
    const seen: string[] = [];
    for (const index of [0, 1, 2]) {
      await waitForStep(page, index);
      seen.push((await page.locator('#event-result strong').textContent()) ?? '');
    }
    expect(seen).toEqual([
      'Step 0: start: resync-three-replicas',
      'Step 1: advance time 10 s',
      'Step 2: crash SQLNODE1',
    ]);
    expect(await litOnReplicaChart(page, 'SQLNODE2')).toContain('replica.role.PRIMARY');
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('zooms the charts, keeps labels off titles, and fires a transition clicked on a chart', async () => {
    const { page, problems } = await openPage();
    await loadExample(page);

    // No transition's label is drawn over a state's title, on any chart.
    const overlaps = await page.locator('figure.chart svg').evaluateAll((svgs) =>
      svgs.flatMap((svg) => {
        const boxes = (selector: string) =>
          [...svg.querySelectorAll(selector)].map((t) => ({
            text: t.textContent ?? '',
            box: t.getBoundingClientRect(),
          }));
        const titles = boxes('g.cluster > text');
        return boxes('g.edge > text').flatMap((label) =>
          titles
            .filter(
              (title) =>
                label.box.left < title.box.right &&
                title.box.left < label.box.right &&
                label.box.top < title.box.bottom &&
                title.box.top < label.box.bottom,
            )
            .map(
              (title) =>
                `${svg.closest('figure')?.dataset.machine}: "${label.text}" over "${title.text}"`,
            ),
        );
      }),
    );
    expect(overlaps).toEqual([]);

    // Zoom in with the button, and back to the whole chart.
    const scale = () =>
      page
        .locator(`${replicaChart} svg`)
        .evaluate((svg) => new DOMMatrix(getComputedStyle(svg).transform).a);
    expect(await scale()).toBe(1);
    await page.click(`${replicaChart} button[data-zoom="+"]`);
    await expect.poll(scale).toBeGreaterThan(1.2);
    await page.locator(`${replicaChart} .chart-drawing`).hover();
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    const zoomed = await scale();
    await page.click(`${replicaChart} button[data-zoom="fit"]`);
    await expect.poll(scale).toBe(1);
    expect(zoomed).toBeGreaterThan(1.3);

    // At the start a forced failover may go to SQLNODE2 or SQLDR1: clicking asks which.
    const agStart = 'figure[data-machine="availabilityGroup"]';
    await page.locator(`${agStart} g.enabled[data-event="ag.forceFailover"] text`).first().click();
    const menu = page.locator(`${agStart} .fire-menu`);
    await menu.waitFor();
    expect(await menu.locator('button').allTextContents()).toEqual([
      'forced failover to SQLNODE2',
      'forced failover to SQLDR1',
      'cancel',
    ]);
    await menu.locator('button', { hasText: 'cancel' }).click();
    expect(await menu.isHidden()).toBe(true);
    expect(await page.locator('#trace-list li').count()).toBe(1);

    // On SQLNODE1's replica chart, replica.crash leaves the states it is in (UP, PRIMARY,
    // PRIMARY_NORMAL, CONNECTED): every such edge is enabled and fires the one event;
    // replica.restart is not.
    await page.selectOption(`${replicaChart} select`, { label: 'SQLNODE1' });
    const crash = page.locator(`${replicaChart} g.enabled[data-event="replica.crash"]`);
    expect(
      await crash.evaluateAll((gs) => gs.map((g) => g.getAttribute('data-source')).sort()),
    ).toEqual([
      'replica.connection.CONNECTED',
      'replica.instance.UP',
      'replica.localState.PRIMARY_NORMAL',
      'replica.role.PRIMARY',
    ]);
    expect(await crash.locator('title').allTextContents()).toEqual(
      Array(4).fill('click to fire: crash SQLNODE1'),
    );
    expect(
      await page.locator(`${replicaChart} g.enabled[data-event="replica.restart"]`).count(),
    ).toBe(0);
    await crash.first().locator('text').click();
    await waitForStep(page, 1);
    expect(await traceLabels(page)).toEqual(['start: resync-three-replicas', 'crash SQLNODE1']);
    expect(await roleInPanel(page, 'SQLNODE2')).toBe('PRIMARY');
    // Now restart is the transition SQLNODE1 can take: from DOWN and from NOT_AVAILABLE.
    await page.selectOption(`${replicaChart} select`, { label: 'SQLNODE1' });
    expect(
      await page.locator(`${replicaChart} g.enabled[data-event="replica.restart"]`).count(),
    ).toBe(2);

    // On the group's chart, after the automatic failover to SQLNODE2, only SQLDR1 can be forced
    // to: one candidate, so the click fires it.
    const agChart = 'figure[data-machine="availabilityGroup"]';
    await page.locator(`${agChart} g.enabled[data-event="ag.forceFailover"] text`).first().click();
    await waitForStep(page, 2);
    expect(await roleInPanel(page, 'SQLDR1')).toBe('PRIMARY');
    await page.screenshot({ path: join(SCREENSHOTS, 'visualizer-charts.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('exports the trace as a scenario file and a link, and loads both back', async () => {
    const { page, problems } = await openPage();
    await loadExample(page);
    await page.click('details[data-group="replica:SQLDR1"] button:text-is("disconnect SQLDR1")');
    await waitForStep(page, 1);
    await page.click(
      'details[data-group="group"] button:text-is("advance time by SESSION_TIMEOUT (10 s)")',
    );
    await waitForStep(page, 2);
    await page.click('details[data-group="replica:SQLNODE1"] button:text-is("crash SQLNODE1")');
    await waitForStep(page, 3);
    const labels = await traceLabels(page);
    const times = await page.locator('#trace-list li .at').allTextContents();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#trace-export'),
    ]);
    const file = await download.path();
    const scenario = JSON.parse(readFileSync(file, 'utf8')) as {
      name: string;
      config: { name: string };
      steps: { at: number; event: { type: string } }[];
    };
    expect(download.suggestedFilename()).toBe('resync-three-replicas.scenario.json');
    expect(scenario.config.name).toBe('AGResync');
    expect(scenario.steps.map((s) => [s.at, s.event.type])).toEqual([
      [0, 'replica.disconnect'],
      [0, 'time.advance'],
      [10_000, 'replica.crash'],
    ]);

    // The file loads back as the same trace, at the same model times.
    await loadExample(page);
    await page.setInputFiles('#scenario-file', file);
    await page.click('#load-file button[type="submit"]');
    await page.waitForSelector('#trace-list li[data-index="3"]');
    expect(await page.locator('#load-problems').textContent()).toBe('');
    expect((await traceLabels(page)).slice(1)).toEqual(labels.slice(1));
    expect(await page.locator('#trace-list li .at').allTextContents()).toEqual(times);

    // The link carries the same scenario; opened in a new page, it loads it.
    await page.click('#trace-share');
    await page.waitForSelector('#share-link:not([hidden])');
    const link = await page.locator('#share-link').inputValue();
    expect(page.url()).toBe(link);
    expect(new URL(link).hash).toMatch(/^#scenario=[\w-]+$/);
    const shared = await openPage(link);
    await shared.page.waitForSelector('#trace-list li[data-index="3"]');
    expect((await traceLabels(shared.page)).slice(1)).toEqual(labels.slice(1));
    await shared.page.click('#trace-list li[data-index="3"]');
    await waitForStep(shared.page, 3);
    expect(await roleInPanel(shared.page, 'SQLNODE2')).toBe('PRIMARY');
    await shared.page.screenshot({ path: join(SCREENSHOTS, 'visualizer-shared-link.png') });
    expect(problems).toEqual([]);
    expect(shared.problems).toEqual([]);
    await shared.page.close();
    await page.close();
  }, 60_000);

  it('starts from a DMV snapshot: the state it shows, and the decisions on it', async () => {
    // docs/dmv-snapshot.md: taken on the primary while SQLNODE2 is DISCONNECTED and NOT SYNCHRONIZING.
    const { page, problems } = await openPage();
    const text = readFileSync(
      join(packageRoot(), 'examples', 'snapshots', 'sync-secondary-disconnected.json'),
      'utf8',
    );
    await page.fill('#pasted', text);
    await page.check('input[name="pasted-kind"][value="snapshot"]');
    await page.click('#load-pasted button[type="submit"]');
    await waitForStep(page, 2);
    expect(await traceLabels(page)).toEqual([
      'start: DMV snapshot of AGSales',
      'disconnect SQLNODE2',
      'advance time 10 s',
    ]);
    const sqlnode2 = page.locator('#replicas tr[data-replica="SQLNODE2"] td');
    expect(await sqlnode2.nth(2).textContent()).toBe('DISCONNECTED');
    expect(await page.locator('#copies tr[data-replica="SQLNODE2"] td').nth(1).textContent()).toBe(
      'NOT SYNCHRONIZING',
    );
    // A planned failover to a copy that is not SYNCHRONIZED is refused; a forced one is allowed.
    const node2 = page.locator('#failover-options tr[data-replica="SQLNODE2"] td');
    expect(await node2.nth(1).getAttribute('data-status')).toBe('refused');
    expect(await node2.nth(2).getAttribute('data-status')).toBe('allowed');
    await page.click('#trace-list li[data-index="0"]');
    await waitForStep(page, 0);
    // What the start does not reproduce is said on its first step.
    expect(await page.locator('#event-result .note').textContent()).toContain(
      'SalesDB on SQLNODE2 has hardened up to LSN 1025000004380200001',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'visualizer-from-snapshot.png') });
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows hostile names as text, and runs no script from them', async () => {
    const { page, problems } = await openPage();
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
    expect(
      await page.locator(`details[data-group="replica:${XSS_NAME}"] summary`).textContent(),
    ).toContain(XSS_NAME);
    expect(await page.locator('img').count()).toBe(0);
    await page.waitForTimeout(200);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  /**
   * The bundled migration between two data centres (examples/scenarios/dag-migration.json),
   * clicked through "Fail over to a secondary availability group" of "Configure a distributed
   * availability group" (S58): SYNCHRONOUS_COMMIT on both sides, wait until SYNCHRONIZED, SET
   * (ROLE = SECONDARY) on the global primary, FORCE_FAILOVER_ALLOW_DATA_LOSS on the forwarder.
   */
  it('shows a distributed group live and clicks through its documented failover', async () => {
    const { page, problems } = await openPage();
    await page.selectOption('#example-list', 'scenarios/dag-migration');
    await page.click('#load-example button[type="submit"]');
    await page.waitForSelector('#distributed:not([hidden]) #dag-roles');
    const roles = async () => [
      await page.locator('#dag-roles .global-primary').textContent(),
      await page.locator('#dag-roles .forwarder').textContent(),
    ];
    expect(await roles()).toEqual(['SQLDC1A', 'SQLDC2A']);
    expect(await page.locator('#dag-members tr[data-member="ag2"] td.role').textContent()).toBe(
      'SECONDARY',
    );
    // The single group's panels give way to the distributed one.
    expect(await page.locator('#charts').isVisible()).toBe(false);
    // The forwarder takes no writes: its commit button is disabled.
    expect(await page.locator('button[data-label="ag2: commit 1 on Sales"]').isDisabled()).toBe(
      true,
    );
    const click = async (label: string, step: number) => {
      await page.click(`button[data-label="${label}"]`);
      await page.waitForSelector(`#dag-trace li[data-index="${step}"][aria-current="step"]`);
    };
    // A commit acknowledged in ag1: its synchronous secondary SQLDC1B hardens it.
    await click('ag1: commit 1 on Sales', 1);
    await click('ag1: ship log to SQLDC1B', 2);
    await click('ag1: harden log to SQLDC1B', 3);
    await click("SYNCHRONOUS_COMMIT on ag1's primary", 4);
    await click("SYNCHRONOUS_COMMIT on ag2's primary", 5);
    await click('ship log to the forwarder', 6);
    await click('harden log on the forwarder', 7);
    expect(await page.locator('#dag-link tr[data-database="Sales"] td.sync').textContent()).toBe(
      'SYNCHRONIZED',
    );
    await click("SET (ROLE = SECONDARY) on ag1's primary", 8);
    expect(await page.locator('#dag-readiness .status').textContent()).toBe('allowed');
    await click("FORCE_FAILOVER_ALLOW_DATA_LOSS on ag2's primary", 9);
    expect(await roles()).toEqual(['SQLDC2A', 'SQLDC1A']);
    expect(await page.locator('#dag-members tr[data-member="ag2"] td.role').textContent()).toBe(
      'PRIMARY',
    );
    const trace = await page.locator('#dag-trace').textContent();
    expect(trace).toContain('acknowledged: Sales');
    expect(trace).not.toContain('lost:');
    expect(trace).not.toContain('abandoned:');
    await page.screenshot({
      path: join(SCREENSHOTS, 'visualizer-distributed.png'),
      fullPage: true,
    });
    // Back to a single group: its panels return.
    await loadExample(page);
    expect(await page.locator('#distributed').isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
