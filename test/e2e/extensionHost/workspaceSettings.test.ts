/**
 * Settings a workspace sets stay in the workspace: changing the feed sources of a workspace that has its own list
 * writes that list, never the user's settings (which every other workspace reads).
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

const extensionId = 'marginalia.marginalia';

async function eventually<T>(probe: () => T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Settings a workspace sets', function () {
  this.timeout(120_000);

  it('removing a feed source of the workspace’s own list changes the workspace’s settings, not the user’s', async () => {
    await vscode.extensions.getExtension(extensionId)!.activate();
    const config = () => vscode.workspace.getConfiguration('marginalia');
    const userBefore = config().inspect('feeds.sources')?.globalValue;
    const workspaceSources = [
      { kind: 'sample', id: 'workspace-sample' },
      { kind: 'hf-daily', id: 'workspace-hf', label: 'Workspace HF day', period: 'day', date: '2025-07-22', sort: 'trending' },
    ];
    await config().update('feeds.sources', workspaceSources, vscode.ConfigurationTarget.Workspace);
    try {
      // The command asks which source to remove; the first one offered is accepted.
      const removing = vscode.commands.executeCommand('marginalia.removeSource');
      for (let i = 0; i < 100; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        if (config().inspect<unknown[]>('feeds.sources')?.workspaceValue?.length === 1) break;
      }
      await removing;
      const after = await eventually(() => {
        const inspected = config().inspect<{ id: string }[]>('feeds.sources');
        return inspected?.workspaceValue?.length === 1 ? inspected : undefined;
      }, 'the workspace’s list to lose a source');
      assert.deepEqual(
        after.workspaceValue?.map((s) => s.id),
        ['workspace-hf'],
      );
      assert.deepEqual(after.globalValue, userBefore, 'the user’s settings did not change');
    } finally {
      await config().update('feeds.sources', undefined, vscode.ConfigurationTarget.Workspace);
      if (JSON.stringify(config().inspect('feeds.sources')?.globalValue) !== JSON.stringify(userBefore)) {
        await config().update('feeds.sources', userBefore, vscode.ConfigurationTarget.Global);
      }
    }
  });
});
