/**
 * Mocha root hooks of the end-to-end runs (`.mocharc.e2e.json`, `.mocharc.all.json`): every workbench of the run
 * opens in one Chromium, each group's code-server is started while the group before runs its tests and stops
 * while the next group starts. Measured figures are in CONTRIBUTING.md ("Suite time").
 */
import { prepareSpareServer, stopSpareServer } from '../../../scripts/harness/codeServer';
import { closeSharedBrowser, shareOneBrowser } from '../../../scripts/harness/workbench';
import { settleTeardowns, teardownInBackground } from './session';

shareOneBrowser();
teardownInBackground();

export const mochaHooks = {
  beforeEach(this: Mocha.Context): void {
    // Once a group's VS Code is up and its tests run, the next group's code-server starts (not for the unit tests
    // or the .vsix checks, after which no VS Code starts).
    if (/\/test\/e2e\/(ui\/|extensionHost\.test)/.test(this.currentTest?.file ?? '')) prepareSpareServer();
  },
  async afterAll(): Promise<void> {
    await stopSpareServer();
    await settleTeardowns();
    await closeSharedBrowser();
  },
};
