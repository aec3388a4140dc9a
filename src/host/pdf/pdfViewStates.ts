import type * as vscode from 'vscode';
import type { PdfViewState } from '../../protocol/pdf';

const storageKey = 'marginalia.pdf.viewStates';
/** Enough for a reading list; the oldest positions are forgotten first. */
const maxEntries = 300;

interface Entry {
  readonly state: PdfViewState;
  readonly at: number;
}

/**
 * Where the reader was in each document (page, offset, zoom), kept in global state so it survives restarts.
 * Keyed by paper id for downloaded papers (any version, any cache location) and by URI for other files.
 * The webview's own `getState` covers a reload of the same editor; this covers the next editor.
 */
export class PdfViewStates {
  constructor(
    private readonly memento: vscode.Memento,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string): PdfViewState | undefined {
    return this.entries()[key]?.state;
  }

  async set(key: string, state: PdfViewState): Promise<void> {
    const entries = { ...this.entries(), [key]: { state, at: this.now() } };
    const keys = Object.keys(entries);
    if (keys.length > maxEntries) {
      keys.sort((a, b) => entries[a]!.at - entries[b]!.at);
      for (const old of keys.slice(0, keys.length - maxEntries)) delete entries[old];
    }
    await this.memento.update(storageKey, entries);
  }

  private entries(): Record<string, Entry> {
    const raw = this.memento.get<Record<string, Entry>>(storageKey);
    return raw && typeof raw === 'object' ? raw : {};
  }
}
