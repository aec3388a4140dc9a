import * as vscode from 'vscode';
import type { Paper } from '../core/paper';
import { paperDay } from '../core/paperList';
import { paperPickRows } from '../core/paperPickRows';
import { readableLatex } from '../core/text/latexText';
import type { FeedService } from './feeds/feedService';
import type { LibraryService } from './library/libraryService';
import type { SearchService } from './search/searchService';

export interface PaperPickerDeps {
  readonly feeds: FeedService;
  readonly search: SearchService;
}

export interface PickPaperOptions {
  readonly title: string;
  /** Papers listed first under their own heading (e.g. the ones the current file mentions), filtered as typed. */
  readonly pinned?: { readonly label: string; readonly papers: readonly Paper[] };
  /** The library's papers, listed under "In your library" and filtered as typed. */
  readonly library?: readonly Paper[];
}

type PaperItem = vscode.QuickPickItem & { readonly paper?: Paper };

function paperItem(paper: Paper, alwaysShow: boolean): PaperItem {
  const names = paper.authors.map((a) => a.name);
  const authors = names.length > 3 ? `${names.slice(0, 3).join(', ')} et al.` : names.join(', ');
  return {
    // A QuickPick cannot typeset: math as readable text.
    label: readableLatex(paper.title),
    description: [paper.arxivId, authors, paperDay(paper)].filter(Boolean).join(' · '),
    detail: readableLatex(paper.abstract).replace(/\s+/g, ' ').slice(0, 200) || undefined,
    alwaysShow,
    paper,
  };
}

/**
 * A native QuickPick answered by the host index as the user types, with the pinned papers and the library's
 * papers above the feed's results (each paper listed once).
 */
export async function pickPaper(deps: PaperPickerDeps, options: PickPaperOptions): Promise<Paper | undefined> {
  // The feed's papers are listed as soon as they load (the listeners below update the list).
  deps.feeds.ensureLoaded();
  const quickPick = vscode.window.createQuickPick<PaperItem>();
  quickPick.title = options.title;
  quickPick.placeholder = `Search ${options.library?.length ? 'your library and ' : ''}${deps.feeds.state.label}: title, authors, abstract, arXiv id`;
  // Opened from the palette over a webview editor (the PDF reader, a paper view), the pick would close at once when the
  // webview takes the keyboard back a moment later; it stays until the user picks or presses Escape.
  quickPick.ignoreFocusOut = true;
  quickPick.matchOnDescription = false;
  quickPick.matchOnDetail = false;
  // The list is set again only when what it shows changes: a feed or index update that lists the same papers must not
  // re-render the rows (and move the active row) under the user's pointer or keyboard. The pinned and library rows keep
  // their places for every query (core/paperPickRows.ts): VS Code reads a click against the rows set last.
  let shown = '';
  const update = (text: string) => {
    const rows = paperPickRows(text, {
      pinned: options.pinned,
      library: options.library,
      feed: { label: deps.feeds.state.label, results: deps.search.searchPapers(text, 50) },
    });
    const items: PaperItem[] = rows.map((row) =>
      row.kind === 'separator' ? { label: row.label, kind: vscode.QuickPickItemKind.Separator } : paperItem(row.paper, row.alwaysShow),
    );
    const key = items
      .map((item) => (item.paper ? `${item.paper.id}\u0000${item.label}\u0000${item.description}\u0000${item.alwaysShow}` : `# ${item.label}`))
      .join('\n');
    if (key === shown) return;
    shown = key;
    quickPick.items = items;
  };
  update('');
  const listeners = [
    quickPick.onDidChangeValue(update),
    deps.search.onDidChange(() => update(quickPick.value)),
    deps.feeds.onDidChange(() => update(quickPick.value)),
  ];
  try {
    return await new Promise<Paper | undefined>((resolve) => {
      listeners.push(
        quickPick.onDidAccept(() => {
          // Separators cannot be selected: one here is a click on a row of an older list that VS Code read against the
          // rows set since; the pick stays open rather than closing with nothing or with another paper.
          if (quickPick.selectedItems.some((item) => !item.paper)) return;
          // Enter on a list that was just set again can come with no selection: the highlighted row is meant.
          const paper = (quickPick.selectedItems[0] ?? quickPick.activeItems.find((item) => item.paper))?.paper;
          if (!paper) return;
          resolve(paper);
          quickPick.hide();
        }),
        quickPick.onDidHide(() => resolve(undefined)),
      );
      quickPick.show();
    });
  } finally {
    for (const l of listeners) l.dispose();
    quickPick.dispose();
  }
}

/** The library's papers, each as complete as Marginalia has it (a feed's record beats the note's front matter). */
export async function libraryPapers(library: LibraryService, find: (id: string) => Promise<Paper | undefined>): Promise<Paper[]> {
  await library.whenFresh();
  const papers = await Promise.all(library.all().map((item) => find(item.paperId)));
  return papers.filter((p): p is Paper => p !== undefined).sort((a, b) => a.title.localeCompare(b.title));
}
