import * as vscode from 'vscode';
import { trustedSetting } from '../config';
import { classifyCloneFailure, type CloneFailure } from '../../core/git/cloneFailure';
import { showFailure, type NextStep } from '../errorMessages';

/** The part of the built-in git extension's API (version 1) that cloning needs. */
interface GitApi {
  clone?(uri: vscode.Uri, options?: { parentPath?: vscode.Uri; postCloneAction?: 'none' }): Thenable<vscode.Uri | null>;
}
interface GitExtension {
  getAPI(version: 1): GitApi;
}

async function gitApi(): Promise<GitApi | undefined> {
  const extension = vscode.extensions.getExtension<GitExtension>('vscode.git');
  if (!extension) return undefined;
  const exports = extension.isActive ? extension.exports : await extension.activate();
  return exports?.getAPI(1);
}

/** The folder clones go into: the setting, else the first workspace folder, else one the user picks. */
async function cloneParent(): Promise<vscode.Uri | undefined> {
  const configured = (trustedSetting<string>('clone.parentFolder') ?? '').trim();
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (configured) {
    if (/^[a-z][\w+.-]*:/i.test(configured) && !/^[a-z]:[\\/]/i.test(configured)) return vscode.Uri.parse(configured);
    if (configured.startsWith('/') || /^[a-z]:[\\/]/i.test(configured)) return vscode.Uri.file(configured);
    if (root) return vscode.Uri.joinPath(root, configured);
  }
  if (root) return root;
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    openLabel: 'Clone Here',
    title: 'Choose where to clone the repository',
  });
  return picked?.[0];
}

/**
 * Clones a paper's repository with VS Code's own git (so credentials, proxies and `url.insteadOf` mirrors work as
 * the user set them up), then offers to add it to the workspace. Returns the clone's folder.
 */
export async function cloneRepository(url: string): Promise<vscode.Uri | undefined> {
  // Callers pass a paper's own repo link; git is never handed another scheme (`ext::`, `file:`, ssh) from here.
  if (!/^https:\/\/[^/?#@\s]+\//i.test(url)) throw new Error(`Not cloned: ${url} is not an https repository URL.`);
  const git = await gitApi().catch((error: unknown) => {
    // "Git model not found": the Git extension runs, but Git is off (`git.enabled`) or was not found.
    void reportCloneFailure(url, classifyCloneFailure(error, url));
    return null;
  });
  if (git === null) return undefined;
  if (!git?.clone) {
    void reportCloneFailure(url, classifyCloneFailure(new Error('Git model not found'), url));
    return undefined;
  }
  const parent = await cloneParent();
  if (!parent) return undefined;
  await vscode.workspace.fs.createDirectory(parent);
  let folder: vscode.Uri | null;
  try {
    folder = await git.clone(vscode.Uri.parse(url), { parentPath: parent, postCloneAction: 'none' });
  } catch (error) {
    void reportCloneFailure(url, classifyCloneFailure(error, url));
    return undefined;
  }
  if (!folder) return undefined;
  const inWorkspace = vscode.workspace.workspaceFolders?.some((f) => f.uri.toString() === folder.toString());
  if (!inWorkspace) {
    void vscode.window
      .showInformationMessage(`Cloned ${url} into ${vscode.workspace.asRelativePath(folder)}.`, 'Add to Workspace', 'Open in New Window')
      .then((choice) => {
        if (choice === 'Add to Workspace') {
          vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri: folder });
        } else if (choice === 'Open in New Window') {
          void vscode.commands.executeCommand('vscode.openFolder', folder, { forceNewWindow: true });
        }
      });
  }
  return folder;
}

/** Where else the repository can be read: github.dev for GitHub, vscode.dev for GitHub and GitLab… the browser. */
function webEditorUrl(url: string): string | undefined {
  const github = /^https:\/\/github\.com\/([^/]+\/[^/#?]+?)(?:\.git)?\/?$/i.exec(url);
  return github ? `https://github.dev/${github[1]}` : undefined;
}

/**
 * Says why a clone failed in the user's terms and offers the next step: Retry when it may work later (offline),
 * Git's own output when git ran, and the repository in the browser or github.dev when Git cannot help.
 */
async function reportCloneFailure(url: string, failure: CloneFailure): Promise<void> {
  const steps: NextStep[] = [];
  if (failure.kind === 'offline' || failure.kind === 'other') steps.push({ label: 'Retry', run: () => cloneRepository(url) });
  if (failure.kind !== 'git-unavailable') steps.push({ label: 'Show Git Output', run: () => vscode.commands.executeCommand('git.showOutput') });
  steps.push({ label: 'Open in Browser', run: () => vscode.env.openExternal(vscode.Uri.parse(url, true)) });
  const web = webEditorUrl(url);
  if (web && (failure.kind === 'git-unavailable' || failure.kind === 'offline' || failure.kind === 'exists'))
    steps.push({ label: 'Open in github.dev', run: () => vscode.env.openExternal(vscode.Uri.parse(web, true)) });
  await showFailure(failure.detail ? `${failure.message} Git said: “${failure.detail}”` : failure.message, steps);
}
