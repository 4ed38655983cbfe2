import type { Page, Response } from 'playwright-core';
import { expect, it } from 'vitest';
import {
  apiAs,
  CHROME,
  describeInBrowser,
  expectNoSeriousA11yViolations,
  listSessions,
  WCAG22_AA,
  waitForQueueRows,
} from '../support/suite.ts';

/**
 * The dashboard (issue 12, "Queue health at a glance") as a reviewer meets it: from `/` in a fresh profile,
 * opened from the navigation; every figure on the page is the API's, the chart library arrives only with this
 * page, and the page passes axe in English and Kiswahili.
 */
/** A string only Chart.js's code holds (its registry's error); it survives minification. */
const CHART_JS_MARK = 'is not a registered ';

interface DashboardBody {
  open_by_status: { status_key: string; user: number; business: number; total: number }[];
  open_total: number;
  in_review_age: {
    total: number;
    under_half_sla: number;
    under_sla: number;
    breached: number;
    sla_hours: number;
  };
  decisions_per_day: {
    day: string;
    Approved: number;
    Declined: number;
    Resubmitted: number;
    total: number;
  }[];
  throughput: {
    reviewer: { id: string; name: string };
    decided: number;
    confirmed: number;
    Approved: number;
  }[];
  aml_dispositions: { status: string; count: number }[];
  aml_undone: number;
}

/** Every script the page loads from now on, with its text. */
function recordScripts(page: Page): { scripts: Map<string, Promise<string>> } {
  const scripts = new Map<string, Promise<string>>();
  page.on('response', (r: Response) => {
    if (r.url().endsWith('.js'))
      scripts.set(
        new URL(r.url()).pathname,
        r.text().catch(() => ''),
      );
  });
  return { scripts };
}

async function holdsChartJs(scripts: Map<string, Promise<string>>): Promise<string[]> {
  const out: string[] = [];
  for (const [name, text] of scripts) if ((await text).includes(CHART_JS_MARK)) out.push(name);
  return out;
}

const cell = (page: Page, table: string, row: string, col: number) =>
  page.getByTestId(table).locator(`tbody tr[${row}] td`).nth(col).textContent();

describeInBrowser('dashboard', (suite) => {
  it('a reviewer opens it from the nav: the figures are the API’s, Chart.js loads only here, axe clean', async () => {
    const page = await suite.signIn('reviewer');
    // One decision of this reviewer that Didit accepts, so throughput and decisions per day have a row.
    const queue = await listSessions(page, 'status=In%20Review&has_aml_hits=false&limit=5');
    const target = queue.at(-1)!.session_id;
    expect((await apiAs(page, 'POST', `/api/sessions/${target}/claim`)).status).toBe(200);
    const decided = await apiAs(page, 'POST', `/api/sessions/${target}/status`, {
      new_status: 'Approved',
      comment: 'Evidence reviewed; consistent.',
    });
    expect(decided.status).toBe(200);

    // The queue (where every session starts) has not loaded the chart library.
    const { scripts } = recordScripts(page);
    await page.reload();
    await waitForQueueRows(page);
    expect(await holdsChartJs(scripts)).toEqual([]);
    const before = new Set(scripts.keys());

    const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/dashboard');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(/\/dashboard$/);
    const res = await answered;
    expect(res.status()).toBe(200);
    const api = (await res.json()) as DashboardBody;
    await page.getByRole('heading', { level: 1, name: 'Queue health' }).waitFor();
    await page.getByTestId('dash-people-table').waitFor();

    // The library came with this page, in a chunk the queue did not load.
    const charted = await holdsChartJs(scripts);
    expect(charted.length).toBeGreaterThan(0);
    for (const name of charted) expect(before.has(name)).toBe(false);
    await expect(page.locator('canvas[role="img"]').count()).resolves.toBe(5);

    const n = (v: number) => v.toLocaleString('en-US');
    for (const s of api.open_by_status) {
      const row = `data-status="${s.status_key}"`;
      expect(await cell(page, 'dash-open-table', row, 0)).toBe(n(s.user));
      expect(await cell(page, 'dash-open-table', row, 1)).toBe(n(s.business));
      expect(await cell(page, 'dash-open-table', row, 2)).toBe(n(s.total));
    }
    expect(api.open_total).toBeGreaterThan(0);
    const age = api.in_review_age;
    expect(await cell(page, 'dash-age-table', 'data-bucket="under_half"', 0)).toBe(n(age.under_half_sla));
    expect(await cell(page, 'dash-age-table', 'data-bucket="under_sla"', 0)).toBe(n(age.under_sla));
    expect(await cell(page, 'dash-age-table', 'data-bucket="breached"', 0)).toBe(n(age.breached));
    const summary = await page.getByTestId('dash-sla-summary').textContent();
    expect(summary).toContain(
      age.breached === 0 ? 'No case has breached' : `${n(age.breached)} of ${n(age.total)}`,
    );
    expect(summary).toContain(`${age.sla_hours}-hour SLA`);

    expect(api.decisions_per_day.reduce((a, d) => a + d.Approved, 0)).toBeGreaterThanOrEqual(1);
    for (const d of api.decisions_per_day) {
      expect(await cell(page, 'dash-days-table', `data-day="${d.day}"`, 0)).toBe(n(d.Approved));
      expect(await cell(page, 'dash-days-table', `data-day="${d.day}"`, 3)).toBe(n(d.total));
    }
    const me = api.throughput.find((r) => r.decided > 0);
    expect(me).toBeDefined();
    for (const r of api.throughput) {
      const row = page.getByTestId('dash-people-table').locator(`tbody tr[data-reviewer="${r.reviewer.id}"]`);
      await expect(row.locator('th').textContent()).resolves.toBe(r.reviewer.name);
      await expect(row.locator('td').nth(3).textContent()).resolves.toBe(n(r.decided));
    }
    for (const a of api.aml_dispositions) {
      expect(await cell(page, 'dash-aml-table', `data-disposition="${a.status}"`, 0)).toBe(n(a.count));
    }

    await expectNoSeriousA11yViolations(page, [], WCAG22_AA);
  });

  it('is in Kiswahili, axe clean, for an auditor too; a partner manager has no link to it', async () => {
    const sw = await suite.signIn('auditor', { language: 'sw', locale: 'sw' });
    await sw
      .getByRole('navigation', { name: CHROME.sw.nav })
      .getByRole('link', { name: 'Muhtasari' })
      .click();
    await sw.getByRole('heading', { level: 1, name: 'Hali ya foleni' }).waitFor();
    await sw.getByTestId('dash-age-table').waitFor();
    await expect(sw.getByTestId('dash-sla-summary').textContent()).resolves.toMatch(/SLA ya saa 24/);
    await expectNoSeriousA11yViolations(sw, [], WCAG22_AA);

    const partner = await suite.signIn('partner');
    const nav = partner.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Queue' }).waitFor();
    await expect(nav.getByRole('link', { name: 'Dashboard' }).count()).resolves.toBe(0);
    expect((await apiAs(partner, 'GET', '/api/dashboard')).status).toBe(403);
  });
});
