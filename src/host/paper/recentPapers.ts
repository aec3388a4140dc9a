import type * as vscode from 'vscode';
import type { Paper } from '../../core/paper';

const key = 'marginalia.recentPapers';
const limit = 200;

/**
 * Papers the user opened recently, kept so a paper view revives after a reload (and a hover finds the paper) even when
 * its feed is no longer the active one or the machine is offline. A paper made from a note of the workspace (its
 * title, links and all written by whoever wrote the repository) is kept for that workspace only; the others, from
 * the user's feeds and arXiv, for every window.
 */
export class RecentPapers {
  constructor(
    private readonly global: vscode.Memento,
    private readonly workspace: vscode.Memento,
  ) {}

  get(id: string): Paper | undefined {
    const find = (memento: vscode.Memento) => memento.get<Paper[]>(key, []).find((p) => p.id === id);
    // A note's paper in global state was kept there by an earlier version: never shown in another workspace.
    const global = find(this.global);
    return find(this.workspace) ?? (global?.source === 'library' ? undefined : global);
  }

  async remember(paper: Paper): Promise<void> {
    const memento = paper.source === 'library' ? this.workspace : this.global;
    const others = memento.get<Paper[]>(key, []).filter((p) => p.id !== paper.id);
    await memento.update(key, [paper, ...others].slice(0, limit));
  }
}
