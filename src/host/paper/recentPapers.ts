import type * as vscode from 'vscode';
import type { Paper } from '../../core/paper';

const key = 'marginalia.recentPapers';
const limit = 200;

/**
 * Papers the user opened recently, kept in global state so a paper view revives after a reload (and a hover finds
 * the paper) even when its feed is no longer the active one or the machine is offline.
 */
export class RecentPapers {
  constructor(private readonly memento: vscode.Memento) {}

  get(id: string): Paper | undefined {
    return this.memento.get<Paper[]>(key, []).find((p) => p.id === id);
  }

  all(): readonly Paper[] {
    return this.memento.get<Paper[]>(key, []);
  }

  async remember(paper: Paper): Promise<void> {
    const others = this.memento.get<Paper[]>(key, []).filter((p) => p.id !== paper.id);
    await this.memento.update(key, [paper, ...others].slice(0, limit));
  }
}
