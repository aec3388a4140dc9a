/**
 * Mocha root hooks of the end-to-end runs (`.mocharc.e2e.json`, `.mocharc.all.json`): every workbench of the run
 * opens in one Chromium. Measured figures are in CONTRIBUTING.md ("Suite time").
 */
import { closeSharedBrowser, shareOneBrowser } from '../../../scripts/harness/workbench';

shareOneBrowser();

export const mochaHooks = {
  async afterAll(): Promise<void> {
    await closeSharedBrowser();
  },
};
