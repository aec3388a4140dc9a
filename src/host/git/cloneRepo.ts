import * as vscode from 'vscode';
import { trustedSetting } from '../config';

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
  const picked = await vscode.window.showOpenDialog({ canSelectFiles: false, canSelectFolders: true, openLabel: 'Clone Here', title: 'Choose where to clone the repository' });
  return picked?.[0];
}

/**
 * Clones a paper's repository with VS Code's own git (so credentials, proxies and `url.insteadOf` mirrors work as
 * the user set them up), then offers to add it to the workspace. Returns the clone's folder.
 */
export async function cloneRepository(url: string): Promise<vscode.Uri | undefined> {
  // Callers pass a paper's own repo link; git is never handed another scheme (`ext::`, `file:`, ssh) from here.
  if (!/^https:\/\/[^/?#@\s]+\//i.test(url)) throw new Error(`Not cloned: ${url} is not an https repository URL.`);
  const git = await gitApi();
  if (!git?.clone) {
    const choice = await vscode.window.showWarningMessage('Cloning needs the built-in Git extension, which is not available here.', 'Open in vscode.dev');
    if (choice) await vscode.env.openExternal(vscode.Uri.parse(url.replace(/^https:\/\/github\.com\//, 'https://vscode.dev/github/')));
    return undefined;
  }
  const parent = await cloneParent();
  if (!parent) return undefined;
  await vscode.workspace.fs.createDirectory(parent);
  const folder = await git.clone(vscode.Uri.parse(url), { parentPath: parent, postCloneAction: 'none' });
  if (!folder) return undefined;
  const inWorkspace = vscode.workspace.workspaceFolders?.some((f) => f.uri.toString() === folder.toString());
  if (!inWorkspace) {
    void vscode.window.showInformationMessage(`Cloned ${url} into ${vscode.workspace.asRelativePath(folder)}.`, 'Add to Workspace', 'Open in New Window').then((choice) => {
      if (choice === 'Add to Workspace') {
        vscode.workspace.updateWorkspaceFolders(vscode.workspace.workspaceFolders?.length ?? 0, 0, { uri: folder });
      } else if (choice === 'Open in New Window') {
        void vscode.commands.executeCommand('vscode.openFolder', folder, { forceNewWindow: true });
      }
    });
  }
  return folder;
}
