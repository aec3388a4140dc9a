/** A fresh copy of `test/e2e/workspace` on disk for each run, so tests can write without touching the repo. */
import { rmSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../../scripts/harness/tools';

export const sampleWorkspace = join(repoRoot, 'test', 'e2e', 'workspace');

export interface TestWorkspace {
  readonly path: string;
  dispose(): Promise<void>;
}

/** Removed when the process exits, also when Ctrl+C cuts the run short and `after` hooks never run. */
const undisposed = new Set<string>();
process.once('exit', () => {
  for (const dir of undisposed) rmSync(dir, { recursive: true, force: true });
});

export async function createTestWorkspace(source = sampleWorkspace): Promise<TestWorkspace> {
  const parent = await mkdtemp(join(tmpdir(), 'marginalia-e2e-'));
  undisposed.add(parent);
  // A readable folder name: it is the title VS Code shows in screenshots.
  const path = join(parent, 'sample-project');
  await cp(source, path, { recursive: true });
  return {
    path,
    async dispose() {
      undisposed.delete(parent);
      await rm(parent, { recursive: true, force: true });
    },
  };
}
