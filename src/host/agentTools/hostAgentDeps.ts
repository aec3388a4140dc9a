/**
 * The agent tools' ports in the extension, over the services it already runs: the active feed and its search index,
 * the library of notes, the workspace's mentions of papers and the code links. Nothing here reaches the network:
 * a feed nobody asked for yet is not loaded for a tool; the bundled sample is searched instead.
 */
import * as vscode from 'vscode';
import type { AgentNoteFile, AgentToolDeps } from '../../core/agentTools/ports';
import type { SampleFeed } from '../../core/feeds/feedSource';
import { noteFileName } from '../../core/notes/noteFileName';
import type { FeedParseResult, Paper } from '../../core/paper';
import { searchAsYouType } from '../../core/paperList';
import { PaperIndex } from '../../core/search/paperIndex';
import { currentText, resolveCodeUri } from '../code/codeLinks';
import type { WorkspaceMentions } from '../code/workspaceMentions';
import type { FeedService } from '../feeds/feedService';
import { notesRoot, type LibraryItem, type LibraryService } from '../library/libraryService';
import type { PaperServices } from '../paper/paperServices';
import type { SearchService } from '../search/searchService';

export interface HostAgentDeps {
  readonly feeds: FeedService;
  readonly search: SearchService;
  readonly library: LibraryService;
  readonly paperServices: PaperServices;
  readonly mentions: WorkspaceMentions;
  /** The bundled sample, read from the extension's files. */
  readonly loadSample: (feed: SampleFeed) => Promise<FeedParseResult>;
}

function noteFile(item: LibraryItem): AgentNoteFile {
  return { paperId: item.paperId, path: vscode.workspace.asRelativePath(item.uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1), doc: item.doc };
}

export function hostAgentDeps(deps: HostAgentDeps): AgentToolDeps {
  const { feeds, search, library, paperServices, mentions } = deps;
  let sample: Promise<{ papers: readonly Paper[]; index: PaperIndex }> | undefined;
  const loadSample = () =>
    (sample ??= deps.loadSample('page').then(async (result) => ({ papers: result.papers, index: await PaperIndex.build(result.papers) })));

  return {
    papers: {
      async search(query, limit) {
        // A load already under way fetches anyway: wait for it. One nobody asked for is not started for a tool.
        if (feeds.loadStarted && feeds.state.kind === 'loading') await feeds.whenSettled();
        const state = feeds.state;
        if (feeds.loadStarted && state.kind === 'ready') {
          await search.whenReady();
          return { papers: search.searchPapers(query, limit), searched: `the loaded feed "${state.label}" (${state.feed.result.papers.length} papers)` };
        }
        const { papers, index } = await loadSample();
        const byId = new Map(papers.map((p) => [p.id, p]));
        const { response } = searchAsYouType(index, query, { limit });
        const why = state.kind === 'error' ? `the feed "${state.label}" failed to load` : 'no feed is loaded yet (open the Papers view to load one)';
        return {
          papers: response.hits.map((h) => byId.get(h.id)).filter((p): p is Paper => p !== undefined),
          searched: `the bundled sample feed (${papers.length} papers; ${why})`,
        };
      },
      async find(id) {
        const known = await paperServices.findPaper(id);
        if (known && known.source !== 'library') return known;
        // A note alone has no abstract: the bundled sample, always there without the network, may have the paper.
        return (await loadSample()).papers.find((p) => p.id === id) ?? known;
      },
    },
    notes: {
      async list() {
        await library.whenFresh();
        return library.all().map(noteFile);
      },
      async get(paperId) {
        await library.whenFresh();
        const item = library.item(paperId);
        return item ? noteFile(item) : undefined;
      },
      writable: () => library.canWrite(),
      async target(paper) {
        await library.whenFresh();
        const item = library.item(paper.id);
        if (item) return noteFile(item).path;
        const folder = vscode.workspace.workspaceFolders?.[0];
        const root = folder ? notesRoot(folder) : undefined;
        const relative = root && !('error' in root) ? root.relative : 'papers';
        return `${relative ? `${relative}/` : ''}${noteFileName(paper)} (a new note file)`;
      },
      async edit(paper, change) {
        // The library's one way of writing: trust, the notes folder and its links, open editors, concurrent changes.
        return noteFile(await library.edit(paper, change));
      },
    },
    workspace: {
      async citations() {
        const all = await mentions.all();
        const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
        return {
          citations: all.map(({ arxivId, mention }) => ({
            arxivId,
            path: vscode.workspace.asRelativePath(mention.uri, multiRoot),
            line: mention.line + 1,
            count: mention.count,
            text: mention.text,
          })),
          ...(mentions.limited ? { limited: mentions.limited } : {}),
        };
      },
      async readText(path, root) {
        const uri = await resolveCodeUri(path, root);
        return uri ? currentText(uri) : undefined;
      },
    },
  };
}
