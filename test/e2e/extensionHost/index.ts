/**
 * Entry point that VS Code's extension host loads through `extensionTestsPath`, like `@vscode/test-electron`
 * does on desktop: runs every `*.test.js` bundled beside it with mocha and settles with the outcome.
 *
 * The workbench forwards the extension host's console (and its own logs) to `codeAutomationLog`. The reporter's
 * lines carry `reporterLinePrefix` so the Node-side runner can print them and leave the workbench's noise out.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/** Keep in sync with test/e2e/extensionHost.test.ts. */
const reporterLinePrefix = '[ext-host-mocha] ';

export function run(): Promise<void> {
  // Every built-in reporter prints through Base.consoleLog, so this tags the spec reporter's lines only.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(reporterLinePrefix + format(...args));
  // MARGINALIA_EXT_HOST_GREP (inherited through code-server) runs only the matching tests while iterating.
  const grep = process.env.MARGINALIA_EXT_HOST_GREP;
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000, ...(grep ? { grep } : {}) });
  const files = readdirSync(__dirname).filter((name) => name.endsWith('.test.js'));
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js files in ${__dirname}`));
  for (const name of files.sort()) mocha.addFile(join(__dirname, name));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      Mocha.reporters.Base.consoleLog(`extension host suite finished: ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} extension host test(s) failed`));
      else resolve();
    });
  });
}
