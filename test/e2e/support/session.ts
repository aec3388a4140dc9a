/**
 * One real VS Code for a group of Node-side e2e tests: a fresh test workspace, a code-server with a throwaway
 * profile, and Chromium showing the workbench with Marginalia loaded (development mode, or installed from a .vsix).
 *
 *   let session: E2eSession;
 *   before(async () => (session = await startSession()));
 *   after(() => session?.dispose());
 */
import { startCodeServer, type CodeServer } from '../../../scripts/harness/codeServer';
import { openWorkbench, type Workbench } from '../../../scripts/harness/workbench';
import type { FixtureServer } from '../../support/fixtureServer';
import { assertE2eReady, repoRoot } from './env';
import { createTestWorkspace, type TestWorkspace } from './workspace';

export interface E2eSession {
  readonly workspace: TestWorkspace;
  readonly server: CodeServer;
  readonly workbench: Workbench;
  dispose(): Promise<void>;
}

export interface SessionOptions {
  /** Install this .vsix into the profile instead of loading the repository in development mode. */
  readonly vsix?: string;
  /** User settings for this VS Code, merged over the harness defaults (e.g. feed endpoints on 127.0.0.1). */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** Opens the test workspace untrusted, in Restricted Mode (workspace trust on, no startup prompt). */
  readonly restricted?: boolean;
  /**
   * Prepares a multi-root workspace around the test folder (given its path) and returns its `.code-workspace` file,
   * which is opened instead of the folder.
   */
  readonly workspaceFile?: (folder: string) => string;
  /** Writes files into the test folder before VS Code opens it (a `.vscode/settings.json`, say). */
  readonly prepare?: (folder: string) => void | Promise<void>;
}

/** Workspace trust as a user has it by default, less the startup prompt: a new folder opens in Restricted Mode. */
const restrictedSettings: Readonly<Record<string, unknown>> = {
  'security.workspace.trust.enabled': true,
  'security.workspace.trust.startupPrompt': 'never',
  'security.workspace.trust.banner': 'always',
};

export async function startSession(options: SessionOptions = {}): Promise<E2eSession> {
  assertE2eReady();
  const workspace = await createTestWorkspace();
  let server: CodeServer | undefined;
  try {
    await options.prepare?.(workspace.path);
    server = await startCodeServer({
      installExtensions: options.vsix ? [options.vsix] : [],
      settings: { ...(options.restricted ? restrictedSettings : {}), ...options.settings },
      ...(options.restricted ? { disableWorkspaceTrust: false } : {}),
    });
    const workbench = await openWorkbench(server, {
      folder: workspace.path,
      ...(options.workspaceFile ? { workspaceFile: options.workspaceFile(workspace.path) } : {}),
      ...(options.vsix ? {} : { extensionDevelopmentPath: repoRoot }),
    });
    const started = server;
    return {
      workspace,
      server,
      workbench,
      async dispose() {
        await workbench.close();
        await finishTeardown(async () => {
          await started.stop();
          await workspace.dispose();
        });
      },
    };
  } catch (error) {
    await server?.stop();
    await workspace.dispose();
    throw error;
  }
}

/** The parts a test started itself, without startSession: any of them may be missing if its `before` failed early. */
export interface StartedParts {
  readonly workbench?: Workbench | undefined;
  readonly server?: CodeServer | undefined;
  readonly workspace?: TestWorkspace | undefined;
  readonly fixtures?: FixtureServer | undefined;
}

/** For an `after` hook: closes the workbench, stops code-server, removes the workspace and closes the fixtures, in that order. */
export async function stopStarted(parts: StartedParts): Promise<void> {
  await parts.workbench?.close();
  await finishTeardown(async () => {
    await parts.server?.stop();
    await parts.workspace?.dispose();
    await parts.fixtures?.close();
  });
}

/**
 * Stopping code-server takes 2-3 s (its extension host ends with it). Once the window is closed nothing a test sees
 * depends on it, so in a suite run (`teardownInBackground()`, the root hooks) the next group starts meanwhile, on
 * its own port, profile and workspace, and the root `afterAll` waits for every stop. Elsewhere it is awaited.
 */
let background = false;
const pending = new Set<Promise<void>>();

export function teardownInBackground(): void {
  background = true;
}

async function finishTeardown(teardown: () => Promise<void>): Promise<void> {
  if (!background) return teardown();
  const running: Promise<void> = teardown()
    .catch((error: unknown) => console.error(`a test session did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`))
    .finally(() => pending.delete(running));
  pending.add(running);
}

/** Resolves once every teardown started in the background has finished. */
export async function settleTeardowns(): Promise<void> {
  while (pending.size > 0) await Promise.all(pending);
}
