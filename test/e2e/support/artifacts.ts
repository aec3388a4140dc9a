/** What an e2e test leaves in .test-artifacts/ when it fails. */
import type { Workbench } from '../../../scripts/harness/workbench';

/**
 * For an `afterEach` hook: when `test` has failed, a screenshot of the workbench named `<prefix>-<the test's title>`
 * (title cut to 50 characters of letters, digits and dashes). A screenshot that fails is passed over.
 */
export async function screenshotIfFailed(test: Mocha.Test | undefined, workbench: Workbench | undefined, prefix: string): Promise<void> {
  if (test?.state === 'failed') await workbench?.screenshot(`${prefix}-${test.title.replace(/\W+/g, '-').slice(0, 50)}`).catch(() => undefined);
}
