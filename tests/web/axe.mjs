// axe-core (npm) in a page: the violations of a page as it is now, and a short report of them.
// The source is evaluated through the browser's debugging protocol, which the pages' CSP
// (default-src 'self') does not govern, so the pages are checked as they are served.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export async function axeViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(source);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${(n.any[0] || n.all[0] || n.none[0])?.message || n.failureSummary}`) }));
}

export const seriousOrWorse = (violations) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

// "moderate: page-has-heading-one (1)": one line per violation, for a message or a log.
export const describe = (violations) => violations.map((v) => `${v.impact}: ${v.id} (${v.nodes.length}) ${v.nodes.slice(0, 2).join(' | ')}`).join('\n');
