/**
 * The PDF reader from the extension host's side: its contributions, opening a PDF with `vscode.openWith`, and the
 * `marginalia.pdf.defaultReader` setting that gives `*.pdf` back to VS Code when the user turns it off.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

const viewType = 'marginalia.pdfReader';

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function pdfAssociation(): string | undefined {
  return vscode.workspace.getConfiguration('workbench').inspect<Record<string, string>>('editorAssociations')?.globalValue?.['*.pdf'];
}

describe('PDF reader in the extension host', () => {
  before(async () => {
    await vscode.extensions.getExtension('marginalia.marginalia')!.activate();
  });

  after(async () => {
    await vscode.workspace.getConfiguration('marginalia.pdf').update('defaultReader', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['marginalia.openPaperPdf', 'marginalia.pdf.find']) assert.ok(commands.includes(id), `${id} is not registered`);
  });

  it('opens a PDF of the workspace in the reader with "Open With"', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const extension = vscode.extensions.getExtension('marginalia.marginalia')!;
    const source = vscode.Uri.joinPath(extension.extensionUri, 'test', 'fixtures', 'pdf', 'arxiv_1111.2011v2.pdf');
    const target = vscode.Uri.joinPath(folder, 'papers-pdf', 'quantum.pdf');
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder, 'papers-pdf'));
    await vscode.workspace.fs.copy(source, target, { overwrite: true });
    await vscode.commands.executeCommand('vscode.openWith', target, viewType);
    const tab = await until(() => vscode.window.tabGroups.activeTabGroup.activeTab, 'the reader tab');
    assert.ok(tab.input instanceof vscode.TabInputCustom, 'the tab is a custom editor');
    assert.equal((tab.input as vscode.TabInputCustom).viewType, viewType);
    assert.equal((tab.input as vscode.TabInputCustom).uri.toString(), target.toString());
  });

  it('is the default editor of *.pdf without writing any setting', async () => {
    assert.equal(pdfAssociation(), undefined, 'no editor association was written');
    const extension = vscode.extensions.getExtension('marginalia.marginalia')!;
    const editors = (extension.packageJSON as { contributes: { customEditors: { viewType: string; priority: string }[] } }).contributes.customEditors;
    assert.equal(editors.find((e) => e.viewType === viewType)?.priority, 'default');
  });

  it('turned off in user settings, gives *.pdf back to VS Code, and takes that back when turned on', async () => {
    const settings = vscode.workspace.getConfiguration('marginalia.pdf');
    await settings.update('defaultReader', false, vscode.ConfigurationTarget.Global);
    await until(() => pdfAssociation() === 'default', 'the "default" association to be added');
    await settings.update('defaultReader', true, vscode.ConfigurationTarget.Global);
    await until(() => pdfAssociation() === undefined, 'the "default" association to be removed');
  });

  it('leaves an association the user chose alone when the setting is turned off', async () => {
    const workbench = vscode.workspace.getConfiguration('workbench');
    await workbench.update('editorAssociations', { '*.pdf': 'someone.elsesViewer' }, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('marginalia.pdf').update('defaultReader', false, vscode.ConfigurationTarget.Global);
    // Absence cannot be waited for: a second settings round trip gives a write of ours the time to land.
    await vscode.workspace.getConfiguration('marginalia').update('clone.parentFolder', 'clones', vscode.ConfigurationTarget.Global);
    assert.equal(pdfAssociation(), 'someone.elsesViewer');
    await vscode.workspace.getConfiguration('marginalia').update('clone.parentFolder', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('marginalia.pdf').update('defaultReader', undefined, vscode.ConfigurationTarget.Global);
    await workbench.update('editorAssociations', undefined, vscode.ConfigurationTarget.Global);
  });
});
