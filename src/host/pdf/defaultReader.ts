import * as vscode from 'vscode';
import { defaultReaderEnabled } from './pdfConfig';

const pattern = '*.pdf';

/**
 * `marginalia.pdf.defaultReader` makes the reader the default editor of PDFs by keeping an entry in the user's
 * `workbench.editorAssociations` (a contribution's priority is fixed in the manifest, so this is how a setting can
 * switch it). Turning the setting off removes the entry only if it is still ours; on start-up the entry is only
 * added, never removed, so an association the user chose themselves through "Open With…" is left alone.
 */
export async function syncDefaultReader(viewType: string, options: { removeIfOff: boolean }): Promise<void> {
  const workbench = vscode.workspace.getConfiguration('workbench');
  const current = workbench.inspect<Record<string, string>>('editorAssociations')?.globalValue ?? {};
  const enabled = defaultReaderEnabled();
  if (enabled && current[pattern] !== viewType) {
    await workbench.update('editorAssociations', { ...current, [pattern]: viewType }, vscode.ConfigurationTarget.Global);
  } else if (!enabled && options.removeIfOff && current[pattern] === viewType) {
    const rest = { ...current };
    delete rest[pattern];
    await workbench.update('editorAssociations', Object.keys(rest).length ? rest : undefined, vscode.ConfigurationTarget.Global);
  }
}

export function watchDefaultReaderSetting(viewType: string, report: (message: string) => void): vscode.Disposable {
  const run = (removeIfOff: boolean) =>
    syncDefaultReader(viewType, { removeIfOff }).catch((error: unknown) => report(`Could not update workbench.editorAssociations: ${error instanceof Error ? error.message : String(error)}`));
  void run(false);
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('marginalia.pdf.defaultReader')) void run(true);
  });
}
