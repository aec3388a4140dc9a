import * as vscode from 'vscode';
import type { CodeLinks } from './codeLinks';

/** Shows a failed command's reason instead of letting VS Code log it silently. */
function guarded<A extends unknown[]>(run: (...args: A) => Promise<unknown>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
    }
  };
}

/**
 * - `marginalia.linkSelectionToPaper` (editor context menu with a selection, palette): `()`, `(fileUri)` from the
 *   menu, or `(paperId)` / `({ paperId })` to skip the picker.
 * - `marginalia.openCodeLink` (links in notes, tests): `({ paperId, noteId })` opens a linked range where the code
 *   is now.
 */
export function registerCodeLinkCommands(codeLinks: CodeLinks): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('marginalia.linkSelectionToPaper', guarded((arg?: unknown) => codeLinks.linkSelection(arg))),
    vscode.commands.registerCommand(
      'marginalia.openCodeLink',
      guarded(async (arg?: unknown) => {
        const { paperId, noteId } = (typeof arg === 'object' && arg !== null ? arg : {}) as { paperId?: unknown; noteId?: unknown };
        if (typeof paperId !== 'string' || typeof noteId !== 'string') throw new Error('Open Code Link needs { paperId, noteId }.');
        await codeLinks.open(paperId, { kind: 'note', noteId });
      }),
    ),
  ];
}
