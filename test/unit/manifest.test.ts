/**
 * What wakes Marginalia, as the manifest says it: its own contributions and the files where arXiv references are
 * looked for, never every window at start-up (a bare `onLanguage`, `*`, `onStartupFinished`).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Manifest {
  engines: { vscode: string };
  activationEvents: string[];
  contributes: {
    views: Record<string, { id: string }[]>;
    commands: { command: string }[];
    customEditors: { viewType: string }[];
  };
}

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as Manifest;
const events = manifest.activationEvents;

describe('manifest: activation events', () => {
  it('never activates in every window: no `*`, `onStartupFinished`, bare `onLanguage` or `workspaceContains`', () => {
    for (const event of events) {
      assert.notEqual(event, '*');
      assert.notEqual(event, 'onStartupFinished');
      assert.notEqual(event, 'onLanguage', 'a bare onLanguage wakes Marginalia for any file, settings and output included');
      assert.ok(!event.startsWith('workspaceContains:'), `${event} wakes Marginalia on opening a folder`);
    }
  });

  const languages = new Set(events.filter((e) => e.startsWith('onLanguage:')).map((e) => e.slice('onLanguage:'.length)));

  it('wakes for the languages where arXiv references are looked for, so hovers and links work there', () => {
    for (const id of ['python', 'markdown', 'latex', 'bibtex', 'javascript', 'typescript', 'cpp', 'rust', 'go', 'julia', 'shellscript']) {
      assert.ok(languages.has(id), `onLanguage:${id} is missing`);
    }
  });

  it('does not wake for JSON or plain text, which VS Code opens itself at start-up in every window', () => {
    // Seen in code-server 4.139: "Activated … because you opened a json file" with no editor open, and "… a
    // plaintext file" with only a Python file open (the activation bench; the full suite found it awake too).
    assert.ok(!languages.has('json') && !languages.has('jsonc'));
    assert.ok(!languages.has('plaintext'));
  });

  it('wakes for a paper view being restored and for its URI handler', () => {
    assert.ok(events.includes('onWebviewPanel:marginalia.paper'));
    assert.ok(events.includes('onUri'));
  });

  it('relies on VS Code (1.74+) for its view, commands and PDF editor, which activate it implicitly', () => {
    const minimum = /^\^?(\d+)\.(\d+)/.exec(manifest.engines.vscode);
    assert.ok(minimum, manifest.engines.vscode);
    assert.ok(Number(minimum[1]) > 1 || Number(minimum[2]) >= 74, `engines.vscode ${manifest.engines.vscode} predates implicit activation events`);
    assert.ok(
      Object.values(manifest.contributes.views)
        .flat()
        .some((v) => v.id === 'marginalia.papers'),
    );
    assert.ok(manifest.contributes.customEditors.some((e) => e.viewType === 'marginalia.pdfReader'));
    assert.ok(manifest.contributes.commands.some((c) => c.command === 'marginalia.searchPapers'));
  });
});

describe('manifest: the settings a repository’s .vscode/settings.json sets', () => {
  const full = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { scope?: string }> } };
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  };
  const hostSources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? hostSources(join(dir, e.name)) : e.name.endsWith('.ts') ? [readFileSync(join(dir, e.name), 'utf8')] : [],
    );
  const sources = hostSources(join(__dirname, '..', '..', 'src', 'host'));
  const keysRead = (call: RegExp) => new Set(sources.flatMap((text) => [...text.matchAll(call)].map((m) => `marginalia.${m[1]}`)));
  const userOnly = keysRead(/\buserSetting<[^>]*>\('([\w.]+)'/g);
  const trusted = keysRead(/\btrustedSetting<[^>]*>\('([\w.]+)'/g);
  const restricted = new Set(full.capabilities.untrustedWorkspaces.restrictedConfigurations);
  /** Read as a workspace sets them, because a workspace cannot turn them against the user (each says why). */
  const harmless: Record<string, string> = {
    'marginalia.citations.enabled': 'off wins: a workspace can only turn it off, which sends less',
    'marginalia.notes.folder': 'kept inside the workspace folder, links that leave it refused',
    'marginalia.pdf.pageColors': 'how pages look',
  };

  it('honours from an untrusted workspace only settings that cannot be turned against the user', () => {
    for (const [name, property] of Object.entries(full.contributes.configuration.properties)) {
      const safe = restricted.has(name) || property.scope === 'application' || userOnly.has(name) || name in harmless;
      assert.ok(
        safe,
        `${name}: restrict it (restrictedConfigurations and trustedSetting), read it from the user's settings only, or say here why a workspace may set it`,
      );
    }
  });

  it('reads each restricted setting as trusted only (VS Code leaves that to the extension for its own reads)', () => {
    for (const name of restricted) assert.ok(trusted.has(name), `${name} is restricted but not read through trustedSetting`);
    for (const name of trusted) {
      if (name in full.contributes.configuration.properties) assert.ok(restricted.has(name), `${name} is read as trusted but not in restrictedConfigurations`);
    }
  });
});
