/**
 * axe-core inside a webview. The webviews' CSP allows only nonce'd scripts, so axe is evaluated through the test
 * driver (Playwright's `frame.evaluate`), never added as a script tag.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { repoRoot } from './env';

let axeSource: string | undefined;

/** WCAG 2.0 and 2.1, levels A and AA, and axe's best practices. */
export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] as const;

export interface AxeViolation {
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  /** Each offending node: its selector and axe's summary of what is wrong. */
  readonly nodes: readonly { readonly target: string; readonly summary: string }[];
}

/**
 * Runs axe-core on the webview's document. `background` is the CSS variable of the colour the workbench paints
 * behind the webview: webview pages are transparent, and axe would otherwise take them for white and report
 * contrast failures that no user sees.
 */
export async function runAxe(frame: Frame, background: '--vscode-sideBar-background' | '--vscode-editor-background'): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  if (!(await frame.evaluate(() => 'axe' in globalThis))) await frame.evaluate(axeSource);
  return frame.evaluate(
    async ({ tags, variable }) => {
      const colour = getComputedStyle(document.documentElement).getPropertyValue(variable).trim();
      if (colour) {
        document.documentElement.style.backgroundColor = colour;
        document.body.style.backgroundColor = colour;
      }
      type Result = { violations: { id: string; impact: string; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] };
      const axe = (globalThis as unknown as { axe: { run(context: Document, options: unknown): Promise<Result> } }).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: JSON.stringify(n.target), summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').slice(0, 300) })),
      }));
    },
    { tags: [...axeTags], variable: background },
  );
}

/** One line per violation and offending node, for a failure message or the log. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes
          .slice(0, 8)
          .map((n) => `      ${n.target} — ${n.summary}`)
          .join('\n')}${v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more` : ''}`,
    )
    .join('\n');
}
