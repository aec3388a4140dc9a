import * as vscode from 'vscode';
import { citeLanguage, keyAt, keyPrefixAt } from '../../core/library/citeContext';
import { referenceAt, referencesByLine } from '../../core/links/referenceScan';
import type { LmTool } from '../agentTools/lmApiAdapter';
import { maxLinkedChars } from '../code/arxivLinks';
import type { Services } from '../composition';
import type { Waker } from './wakeOnFirstCall';

/**
 * The providers src/extension.ts registers at activation, in place of the services' own: each builds the services
 * on its first call that needs them (`wake`) and hands the call over. A call that can be answered without them (a
 * hover where no reference is, a file citing no paper at a version) is answered here, and the services stay asleep.
 */
export type Wake = Waker<Services>;

/** An event of the services' provider, fired again by the forwarder from the moment they are built. */
function forwardedEvent<T>(wake: Wake, event: (services: Services) => vscode.Event<T> | undefined): vscode.EventEmitter<T> {
  const emitter = new vscode.EventEmitter<T>();
  wake.whenAwake((services) => event(services)?.((e) => emitter.fire(e)));
  return emitter;
}

/** The hover on arXiv references: asleep while the pointer is on no reference. */
export function referenceHover(wake: Wake): vscode.HoverProvider {
  return {
    provideHover(document, position, token) {
      if (!wake.awake() && !referenceAt(document.lineAt(position.line).text, position.character)) return undefined;
      return wake().referenceHover.provideHover(document, position, token);
    },
  };
}

/** The lenses on papers cited at an older version: asleep while the file cites no paper at a version. */
export function versionLenses(wake: Wake): vscode.CodeLensProvider & vscode.Disposable {
  const changed = forwardedEvent(wake, (services) => services.versionLenses.onDidChangeCodeLenses);
  return {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(document, token) {
      if (!wake.awake()) {
        const text = document.getText();
        // The lenses' own limit: a larger file gets none.
        if (text.length > maxLinkedChars || !referencesByLine(text, { maxReferences: 1000 }).some((r) => r.version !== undefined)) return [];
      }
      return wake().versionLenses.provideCodeLenses(document, token);
    },
    resolveCodeLens(lens, token) {
      return wake().versionLenses.resolveCodeLens?.(lens, token) ?? lens;
    },
    dispose: () => changed.dispose(),
  };
}

/** Citation keys' completion: asleep until a key is being typed in a citation. */
export function citationCompletion(wake: Wake): vscode.CompletionItemProvider {
  return {
    provideCompletionItems(document, position, token, context) {
      const language = citeLanguage(document.languageId);
      if (!wake.awake() && (!language || !keyPrefixAt(document.lineAt(position.line).text.slice(0, position.character), language))) return undefined;
      return wake().citationCompletion.provideCompletionItems(document, position, token, context);
    },
  };
}

/** The hover on citation keys: asleep while the pointer is on no key. */
export function citationHover(wake: Wake): vscode.HoverProvider {
  return {
    provideHover(document, position, token) {
      const language = citeLanguage(document.languageId);
      if (!wake.awake() && (!language || !keyAt(document.lineAt(position.line).text, position.character, language))) return undefined;
      return wake().citationHover.provideHover(document, position, token);
    },
  };
}

/** The Papers view. */
export function sidebar(wake: Wake): vscode.WebviewViewProvider {
  return { resolveWebviewView: (view, context, token) => wake().sidebar.resolveWebviewView(view, context, token) };
}

/** "For This Workspace", with the changes of the services' tree. */
export function forWorkspaceTree(wake: Wake): vscode.TreeDataProvider<string> & vscode.Disposable {
  const changed = forwardedEvent(wake, (services) => services.forWorkspace.onDidChangeTreeData);
  return {
    onDidChangeTreeData: changed.event,
    getChildren: (element) => wake().forWorkspace.getChildren(element),
    getTreeItem: (element) => wake().forWorkspace.getTreeItem(element),
    dispose: () => changed.dispose(),
  };
}

/** The PDF reader, a custom editor. */
export function pdfEditor(wake: Wake): vscode.CustomReadonlyEditorProvider {
  return {
    openCustomDocument: (uri, context, token) => wake().pdfEditor.openCustomDocument(uri, context, token),
    resolveCustomEditor: (document, panel, token) => wake().pdfEditor.resolveCustomEditor(document, panel, token),
  };
}

/** Paper views revived after a reload. */
export function paperPanels(wake: Wake): vscode.WebviewPanelSerializer {
  return { deserializeWebviewPanel: (panel, state) => wake().paperPanels.deserializeWebviewPanel(panel, state) };
}

/** A language model tool, by its name in package.json. */
export function lmTool(wake: Wake, name: string): LmTool {
  const tool = (): LmTool => {
    const found = wake().lmTools.get(name);
    if (!found) throw new Error(`Marginalia has no tool named ${name}`);
    return found;
  };
  return {
    prepareInvocation: (options, token) => tool().prepareInvocation?.(options, token) ?? Promise.resolve(undefined),
    invoke: (options, token) => tool().invoke(options, token),
  };
}
