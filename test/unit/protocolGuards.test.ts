import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isPaperMessage, isSidebarMessage, isWebUrl } from '../../src/protocol/guards';

describe('webview message guards', () => {
  it('accept the protocol messages', () => {
    assert.ok(isSidebarMessage({ type: 'ready' }));
    assert.ok(isSidebarMessage({ type: 'query', seq: 3, text: 'mamba', filters: { hasCode: true, from: '2024-01-01' }, sort: 'date', count: 60 }));
    assert.ok(isSidebarMessage({ type: 'query', seq: 4, text: '', filters: {}, sort: 'workspace', count: 60 }));
    assert.equal(isSidebarMessage({ type: 'query', seq: 4, text: '', filters: {}, sort: 'folder', count: 60 }), false);
    assert.ok(isSidebarMessage({ type: 'rows', seq: 3, start: 120, count: 60 }));
    assert.ok(isSidebarMessage({ type: 'open', id: '2312.00752', toSide: true }));
    assert.ok(isSidebarMessage({ type: 'ping', seq: 7 }));
    assert.ok(isPaperMessage({ type: 'openRepo', url: 'https://github.com/state-spaces/mamba', target: 'github.dev' }));
    assert.ok(isPaperMessage({ type: 'setTags', tags: ['ssm', 'sequence models'] }));
    assert.ok(isPaperMessage({ type: 'setStatus', status: null }));
    assert.ok(isPaperMessage({ type: 'openPdfHighlight', noteId: 'k3j2m9qa' }));
    for (const noteId of ['', '../x', 'a b', 'x'.repeat(65), 3]) assert.equal(isPaperMessage({ type: 'openPdfHighlight', noteId }), false, String(noteId));
    assert.ok(isPaperMessage({ type: 'openPaper', id: '2312.00752' }));
    assert.ok(isPaperMessage({ type: 'openPaper', id: '2312.00752', passage: 'k3j2m9qa' }));
  });

  it('reject other schemes, unknown fields and oversize input', () => {
    for (const url of ['javascript:alert(1)', 'command:workbench.action.terminal.new', 'file:///etc/passwd', 'vscode://x', 'data:text/html,x', 'not a url']) {
      assert.equal(isWebUrl(url), false, url);
      assert.equal(isPaperMessage({ type: 'openLink', url }), false, url);
    }
    assert.equal(isSidebarMessage({ type: 'query', seq: 1, text: 'x'.repeat(5000), filters: {}, sort: 'date', count: 1 }), false);
    assert.equal(isSidebarMessage({ type: 'query', seq: 1, text: 'x', filters: { evil: 1 }, sort: 'date', count: 1 }), false);
    assert.equal(isSidebarMessage({ type: 'query', seq: 1, text: 'x', filters: { from: '1 Jan' }, sort: 'date', count: 1 }), false);
    assert.equal(isSidebarMessage({ type: 'rows', seq: -1, start: 0, count: 1 }), false);
    assert.equal(isSidebarMessage({ type: 'ping', seq: 'x' }), false);
    assert.equal(isPaperMessage({ type: 'setStatus', status: 'done' }), false);
    assert.equal(isPaperMessage({ type: 'setTags', tags: ['a\nb'] }), false);
    assert.equal(isPaperMessage({ type: 'openRepo', url: 'https://github.com/a/b', target: 'file' }), false);
    for (const passage of ['../../x', '', 'x'.repeat(65), 42, 'a b'])
      assert.equal(isPaperMessage({ type: 'openPaper', id: '2312.00752', passage }), false, String(passage));
  });

  it('never throw on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        assert.equal(typeof isSidebarMessage(value), 'boolean');
        assert.equal(typeof isPaperMessage(value), 'boolean');
      }),
      { numRuns: 2000 },
    );
  });
});
