import * as vscode from 'vscode';
import { registerCommand } from '../wake/commandRegistry';
import { guarded } from '../errorMessages';
import { ensureTrusted } from '../trust';
import type { Bibliography } from './bibliography';

/** **Export Bibliography…** (a chosen set, once) and **Update Bibliography** (the kept file, now). */
export function registerBibliographyCommands(bibliography: Bibliography): vscode.Disposable[] {
  return [
    registerCommand(
      'marginalia.exportBibliography',
      guarded(async () => {
        const papers = await bibliography.papers();
        if (papers.length === 0) {
          void vscode.window.showInformationMessage('Marginalia: the library has no papers yet.');
          return;
        }
        const tags = [...new Set(papers.flatMap((p) => p.item.doc.meta.tags))].sort((a, b) => a.localeCompare(b));
        const all = { label: `All papers in the library`, description: `${papers.length}`, tag: undefined as string | undefined };
        const choice = await vscode.window.showQuickPick(
          [all, ...tags.map((tag) => ({ label: `Tag: ${tag}`, description: `${papers.filter((p) => p.item.doc.meta.tags.includes(tag)).length}`, tag }))],
          { title: 'Marginalia: Export Bibliography', placeHolder: 'Which papers' },
        );
        if (!choice) return;
        const folder = vscode.workspace.workspaceFolders?.[0];
        const target = await vscode.window.showSaveDialog({
          title: 'Export the bibliography (entries are added to an existing file, never removed)',
          defaultUri: bibliography.configuredFile() ?? (folder ? vscode.Uri.joinPath(folder.uri, 'references.bib') : undefined),
          filters: { BibTeX: ['bib'] },
        });
        if (!target) return;
        if (!(await ensureTrusted('Exporting a bibliography writes to the workspace'))) return;
        const chosen = choice.tag === undefined ? papers : papers.filter((p) => p.item.doc.meta.tags.includes(choice.tag!));
        await bibliography.add(target, chosen);
        void vscode.window.showInformationMessage(`Marginalia: ${chosen.length} papers in ${vscode.workspace.asRelativePath(target)}.`);
      }),
    ),
    registerCommand(
      'marginalia.updateBibliography',
      guarded(async () => {
        if (!bibliography.configuredFile()) {
          const open = 'Open Setting';
          if (
            (await vscode.window.showInformationMessage('Marginalia: name a bibliography file to keep first (marginalia.bibliography.file).', open)) === open
          ) {
            await vscode.commands.executeCommand('workbench.action.openSettings', 'marginalia.bibliography.file');
          }
          return;
        }
        if (!(await ensureTrusted('Keeping the bibliography file writes to the workspace'))) return;
        await bibliography.sync();
      }),
    ),
  ];
}
