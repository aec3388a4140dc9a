import * as vscode from 'vscode';
import { registerCommand } from '../wake/commandRegistry';
import { guarded } from '../errorMessages';
import type { CodeLinks } from './codeLinks';

/**
 * - `marginalia.linkSelectionToPaper` (editor context menu with a selection, palette): `()`, `(fileUri)` from the
 *   menu, or `(paperId)` / `({ paperId })` to skip the picker.
 * - `marginalia.openCodeLink` (links in notes, tests): `({ paperId, noteId })` opens a linked range where the code
 *   is now.
 */
export function registerCodeLinkCommands(codeLinks: CodeLinks): vscode.Disposable[] {
  return [
    registerCommand(
      'marginalia.linkSelectionToPaper',
      guarded((arg?: unknown) => codeLinks.linkSelection(arg)),
    ),
    registerCommand(
      'marginalia.openCodeLink',
      guarded(async (arg?: unknown) => {
        const { paperId, noteId } = (typeof arg === 'object' && arg !== null ? arg : {}) as { paperId?: unknown; noteId?: unknown };
        if (typeof paperId !== 'string' || typeof noteId !== 'string') throw new Error('Open Code Link needs { paperId, noteId }.');
        await codeLinks.open(paperId, { kind: 'note', noteId });
      }),
    ),
  ];
}
