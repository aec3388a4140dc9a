/**
 * The packaged extension, as a user gets it: `npm run package` makes dist/marginalia.vsix, code-server installs it
 * with --install-extension into a throwaway profile, and the Papers view works from the installed copy.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { e2eTimeoutMs, repoRoot } from '../support/env';
import { startSession, type E2eSession } from '../support/session';
import { openPapersView } from '../support/vscodeUi';

const vsix = join(repoRoot, 'dist', 'marginalia.vsix');

/** Entry names of the .vsix (a zip), read with Python's zipfile: python3 is on every machine, unzip is not. */
function vsixEntries(): string[] {
  const script = 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))';
  return execFileSync('python3', ['-c', script, vsix], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('the packaged .vsix in code-server', function () {
  this.timeout(e2eTimeoutMs);
  let session: E2eSession | undefined;

  before(function () {
    if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run \`npm run package\` (npm test does it for you)`);
  });
  after(async () => {
    await session?.dispose();
  });

  it('contains the bundles and assets, and no source maps, sources or tests', () => {
    const entries = vsixEntries();
    for (const needed of ['package.json', 'dist/extension.node.js', 'dist/extension.web.js', 'dist/sample-feed.json', 'dist/webview/sidebar.js', 'media/papers.svg']) {
      assert.ok(entries.includes(`extension/${needed}`), `${needed} is missing from the .vsix`);
    }
    const unwanted = entries.filter((entry) => /\.map$|\.vsix$|^extension\/(src|test|out|scripts|webview|node_modules|\.cache)\//.test(entry));
    assert.deepEqual(unwanted, [], 'files that must not ship');
  });

  it('installs with --install-extension and shows the sample feed in the Papers view', async () => {
    session = await startSession({ vsix });
    const installed = readdirSync(session.server.extensionsDir).filter((name) => name.startsWith('marginalia.marginalia-'));
    assert.equal(installed.length, 1, `installed extensions: ${readdirSync(session.server.extensionsDir).join(', ')}`);
    const { workbench } = session;
    const frame = await openPapersView(workbench);
    await frame.locator('.status', { hasText: /^96 papers/ }).waitFor();
    assert.ok((await frame.locator('.paper .title').count()) >= 5, 'the installed extension lists papers');
    // Loaded from the profile, not from the repository in development mode.
    assert.doesNotMatch(await workbench.page.title(), /Extension Development Host/);
    await workbench.screenshot('vsix-papers-view');
  });
});
