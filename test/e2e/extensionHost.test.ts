/**
 * Launches the extension-host suite (test/e2e/extensionHost/*.test.ts, bundled to out/test/extensionHost/) inside
 * a real VS Code, so one mocha run covers unit tests, this suite and the UI tests. The inner spec reporter's lines
 * are printed here, indented, and a failure inside fails this test. Everything else the workbench logs goes to
 * .test-artifacts/extension-host-suite.log.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCodeServer, type CodeServer } from '../../scripts/harness/codeServer';
import { openWorkbench, type Workbench } from '../../scripts/harness/workbench';
import { artifactsDir } from '../../scripts/harness/tools';
import { assertE2eReady, e2eTimeoutMs, extensionTestsPath, repoRoot } from './support/env';
import { createTestWorkspace, type TestWorkspace } from './support/workspace';
import { startFixtureServer, type FixtureServer } from '../support/fixtureServer';

/**
 * The whole suite runs in one VS Code, the 1000-edit notes run among its tests: about two minutes on an idle 2-core
 * machine, several times that on a loaded one, so it gets more than one UI test's time.
 */
const suiteTimeoutMs = 12 * 60_000;

/** Set by test/e2e/extensionHost/index.ts on the reporter's lines. */
const reporterLinePrefix = '[ext-host-mocha] ';

describe('extension host suite in code-server', function () {
  this.timeout(suiteTimeoutMs + e2eTimeoutMs);
  let workspace: TestWorkspace | undefined;
  let server: CodeServer | undefined;
  let workbench: Workbench | undefined;
  let fixtures: FixtureServer | undefined;
  const output: string[] = [];

  after(async () => {
    mkdirSync(artifactsDir, { recursive: true });
    writeFileSync(join(artifactsDir, 'extension-host-suite.log'), output.join('\n'));
    await workbench?.close();
    await server?.stop();
    await workspace?.dispose();
    await fixtures?.close();
  });

  it('passes every test inside the extension host', async () => {
    assertE2eReady();
    workspace = await createTestWorkspace();
    // The recorded feeds stand in for Hugging Face and arXiv: tests inside read these settings to find them.
    fixtures = await startFixtureServer();
    server = await startCodeServer({
      settings: {
        'marginalia.feeds.huggingFaceApi': `${fixtures.url}/hf/api`,
        'marginalia.feeds.arxivApi': `${fixtures.url}/arxiv/api/query`,
        'marginalia.feeds.arxivOai': `${fixtures.url}/oai2`,
      },
    });
    let resolveExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (resolveExit = resolve));
    workbench = await openWorkbench(server, {
      folder: workspace.path,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath,
      onLog: (level, message) => {
        output.push(`[${level}] ${message}`);
        if (!message.startsWith(reporterLinePrefix)) return;
        // A failure's message and stack come as one multi-line message: keep every line in the margin.
        for (const line of message.slice(reporterLinePrefix.length).split('\n')) console.log(`      │ ${line}`);
      },
      onExit: resolveExit,
    });
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`the extension host suite did not finish; the last lines it logged:\n${output.slice(-30).join('\n')}`)),
        suiteTimeoutMs,
      ).unref(),
    );
    const code = await Promise.race([exited, timeout]);
    assert.equal(code, 0, `the extension host suite failed (exit ${code}); see the lines above`);
    assert.ok(
      output.some((line) => line.includes(`${reporterLinePrefix}extension host suite finished: 0 failed`)),
      'the suite did not report its result',
    );
    // Seen from outside too: the file the extension host wrote is on the real disk of the test workspace.
    const written = join(workspace.path, 'notes', 'written-by-e2e.md');
    assert.ok(existsSync(written), `${written} was not written`);
    assert.match(readFileSync(written, 'utf8'), /^# Written by the extension host/);
  });
});
