import * as vscode from 'vscode';
import { errorText } from '../../core/errorText';

const pattern = '*.pdf';
/** The editor association VS Code reads as "its own default editor" (for a PDF, the binary-file notice). */
const builtIn = 'default';

/**
 * The reader is the default editor of `*.pdf` by its manifest (custom editor priority "default"): VS Code has no PDF
 * viewer of its own, and an association the user chose (`workbench.editorAssociations`) still wins over a priority.
 *
 * `marginalia.pdf.defaultReader` turned off is the only thing written, and only into the user's own settings where
 * it was set: a priority cannot change at run time, so "off" is the association `"*.pdf": "default"`. Only the
 * user-level value counts (`inspect().globalValue`; the setting is also application-scoped, which VS Code does not
 * let a workspace set), so nothing a workspace's `.vscode/settings.json` says changes the user's settings.
 */
export function userTurnedOff(): boolean {
  return vscode.workspace.getConfiguration('marginalia.pdf').inspect<boolean>('defaultReader')?.globalValue === false;
}

function userAssociations(): Record<string, string> {
  return vscode.workspace.getConfiguration('workbench').inspect<Record<string, string>>('editorAssociations')?.globalValue ?? {};
}

async function writeAssociations(value: Record<string, string>): Promise<void> {
  await vscode.workspace
    .getConfiguration('workbench')
    .update('editorAssociations', Object.keys(value).length ? value : undefined, vscode.ConfigurationTarget.Global);
}

/**
 * Brings the user's `*.pdf` association in line with the user's own value of the setting. Off: VS Code's default
 * editor, unless the user already chose one (ours, written by earlier versions, is replaced). On: the `"default"`
 * entry goes (whoever wrote it: the user has just asked for the reader); another editor the user chose stays.
 */
export async function syncDefaultReader(viewType: string, options: { readonly turnedOn: boolean }): Promise<void> {
  const current = userAssociations();
  const entry = current[pattern];
  if (userTurnedOff()) {
    if (entry === undefined || entry === viewType) await writeAssociations({ ...current, [pattern]: builtIn });
  } else if (options.turnedOn && entry === builtIn) {
    const rest = { ...current };
    delete rest[pattern];
    await writeAssociations(rest);
  }
}

/**
 * The setting is off and no association says so yet: VS Code opens a PDF in the reader because nothing has written
 * the association (the user turned the setting off while Marginalia slept). Asked once, at activation: the PDF whose
 * opening woke the extension then goes to VS Code's editor (`PdfReaderProvider`, `handToBuiltInEditor`).
 */
export function offWithoutAssociation(viewType: string): boolean {
  if (!userTurnedOff()) return false;
  const entry = userAssociations()[pattern];
  return entry === undefined || entry === viewType;
}

/** `syncDefaultReader`, a failure reported rather than thrown: what a change of the setting does. */
export function applyDefaultReader(viewType: string, options: { readonly turnedOn: boolean }, report: (message: string) => void): Promise<void> {
  return syncDefaultReader(viewType, options).catch((error: unknown) => report(`Could not update workbench.editorAssociations: ${errorText(error)}`));
}

/**
 * Follows the user's value of the setting. A change event also fires for workspace values: only a change of the
 * user-level value leads to a write. On start-up only "off" is applied (a value set while the extension was not
 * running); "on", the default, needs nothing.
 */
export function watchDefaultReaderSetting(viewType: string, report: (message: string) => void): vscode.Disposable {
  const run = (turnedOn: boolean) => applyDefaultReader(viewType, { turnedOn }, report);
  let last = userTurnedOff();
  if (last) void run(false);
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration('marginalia.pdf.defaultReader')) return;
    const off = userTurnedOff();
    if (off === last) return;
    last = off;
    void run(!off);
  });
}

/**
 * Gives a PDF to VS Code's own editor in the reader's place, in the same editor group: the association is written
 * first, then the PDF opened as any file is, so VS Code shows its binary-file notice (opening "with" its text editor
 * would show the bytes as text, where one keystroke with auto-save damages the file). If the association cannot be
 * written, the PDF opens in the reader again. A notice offers the reader, for a user who asked for it (Open With…).
 */
export async function handToBuiltInEditor(
  viewType: string,
  uri: vscode.Uri,
  panel: vscode.WebviewPanel,
  deps: { readonly log: (message: string) => void; readonly openInReader: (uri: vscode.Uri) => Promise<void> },
): Promise<void> {
  const written = await syncDefaultReader(viewType, { turnedOn: false }).then(
    () => true,
    (error: unknown) => {
      deps.log(`Could not update workbench.editorAssociations: ${errorText(error)}`);
      return false;
    },
  );
  const column = panel.viewColumn;
  panel.dispose();
  if (!written) {
    await deps.openInReader(uri);
    return;
  }
  await vscode.commands.executeCommand('vscode.open', uri, column);
  deps.log(`Gave ${uri.path.split('/').pop() ?? ''} to VS Code's editor: marginalia.pdf.defaultReader is off.`);
  void vscode.window
    .showInformationMessage('PDFs open in VS Code’s own editor: you turned marginalia.pdf.defaultReader off.', 'Open in Reader')
    .then((choice) => (choice ? deps.openInReader(uri) : undefined));
}
