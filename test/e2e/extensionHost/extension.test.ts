/**
 * Runs inside the extension host of a real VS Code (code-server), with Marginalia loaded in development mode
 * and a fresh copy of test/e2e/workspace open.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';

const extensionId = 'marginalia.marginalia';

function marginalia(): vscode.Extension<unknown> {
  const extension = vscode.extensions.getExtension(extensionId);
  assert.ok(extension, `${extensionId} is not loaded`);
  return extension;
}

describe('Marginalia in the extension host', () => {
  it('activates', async () => {
    await marginalia().activate();
    assert.equal(marginalia().isActive, true);
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['marginalia.searchPapers', 'marginalia.openPaper']) {
      assert.ok(commands.includes(id), `${id} is not registered`);
    }
  });

  it('ships the sample feed with the seed papers', async () => {
    const uri = vscode.Uri.joinPath(marginalia().extensionUri, 'dist', 'sample-feed.json');
    const feed = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as { papers: { id: string; title: string }[] };
    assert.equal(feed.papers.length, 96);
    assert.ok(
      feed.papers.every((paper) => paper.id && paper.title),
      'every paper has an id and a title',
    );
  });

  it('opens the test workspace', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open');
    const files = await vscode.workspace.findFiles('**/*.py');
    assert.deepEqual(
      files.map((uri) => uri.path.split('/').pop()),
      ['model.py'],
    );
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(files[0]!));
    assert.match(text, /arXiv:2312\.00752/);
  });

  it('writes through vscode.workspace.fs to the real disk of the workspace', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!;
    const uri = vscode.Uri.joinPath(folder.uri, 'notes', 'written-by-e2e.md');
    const content = `# Written by the extension host\n\n${new Date().toISOString()}\n`;
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder.uri, 'notes'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
    // The extension host runs on the server next to the files, so Node sees what VS Code wrote.
    assert.equal(uri.scheme, 'file');
    assert.equal(readFileSync(uri.fsPath, 'utf8'), content);
  });
});
