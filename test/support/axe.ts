import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const require = createRequire(import.meta.url);
/** axe-core's browser bundle, injected into the page under test (no CDN, no network). */
const AXE_SOURCE: string = (require('axe-core') as { source: string }).source;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core on the page as it is now and fails on any serious or critical violation, listing each rule
 * with the elements it found. `exclude`: selectors axe should skip (none by default).
 */
export async function expectNoSeriousA11yViolations(
  page: Page,
  exclude: string[] = [],
  tags?: string[],
): Promise<void> {
  const violations = await axeViolations(page, exclude, tags);
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length > 0) {
    const lines = serious.map(
      (v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.slice(0, 5).join('\n    ')}`,
    );
    throw new Error(
      `axe found ${serious.length} serious/critical violation(s) on ${page.url()}:\n${lines.join('\n')}`,
    );
  }
}

/** The rules of WCAG 2.2 level AA (and the A and 2.0/2.1 levels under it), as axe tags them. */
export const WCAG22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** `tags`: run only the rules with these tags (e.g. WCAG22_AA); all of axe's rules when absent. */
async function axeViolations(page: Page, exclude: string[] = [], tags?: string[]): Promise<AxeViolation[]> {
  const present = await page.evaluate(() => typeof (window as { axe?: unknown }).axe !== 'undefined');
  // Evaluated through the DevTools protocol: the console's CSP (script-src 'self') refuses inline script tags,
  // and rightly so; the test must not loosen it.
  if (!present) await page.evaluate(`${AXE_SOURCE}\n;void 0`);
  return page.evaluate(
    async ({ excluded, tags }) => {
      const axe = (window as unknown as { axe: any }).axe;
      const result = await axe.run(
        { include: [document], exclude: excluded.map((s: string) => [s]) },
        {
          resultTypes: ['violations'],
          ...(tags ? { runOnly: { type: 'tag', values: tags } } : {}),
        },
      );
      return result.violations.map((v: any) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.map((n: any) => (Array.isArray(n.target) ? n.target.join(' ') : String(n.target))),
      }));
    },
    { excluded: exclude, tags: tags ?? null },
  );
}
