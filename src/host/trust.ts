import * as vscode from 'vscode';

/**
 * Asks for workspace trust before something that writes to the workspace or runs a program. Restricted Mode keeps
 * everything that only reads (feeds, the paper view, notes, hovers, links) and stops here, with a modal that says
 * why and opens VS Code's trust editor. Resolves true when the workspace is trusted (then go ahead).
 *
 * @param what what the user asked for and what it would do, as the start of a sentence ("Linking code writes to
 *   the paper’s note").
 */
export async function ensureTrusted(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(
    `${what}, which Restricted Mode does not allow.`,
    { modal: true, detail: 'Trust this workspace to do it. Reading papers and notes works without trust.' },
    manage,
  );
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return vscode.workspace.isTrusted;
}
