/**
 * Mocha root hooks of the end-to-end runs (`.mocharc.e2e.json`, `.mocharc.all.json`): every workbench of the run
 * opens in one Chromium, and each group's code-server stops while the next group starts. Measured figures are in
 * CONTRIBUTING.md ("Suite time").
 */
import { closeSharedBrowser, shareOneBrowser } from '../../../scripts/harness/workbench';
import { settleTeardowns, teardownInBackground } from './session';

shareOneBrowser();
teardownInBackground();

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await settleTeardowns();
    await closeSharedBrowser();
  },
};
