import * as vscode from 'vscode';
import { newHighlightId, sortHighlights, type HighlightColour, type NewHighlight, type PdfHighlight } from '../../core/pdf/highlights';
import { Disposable } from '../dispose';

/**
 * The highlights of each document, keyed like the reading positions (paper id, else URI).
 *
 * TODO(notes, issue 5): keep them in the paper's Markdown note (`src/core/notes/`, a `pdf` note with page, rects as
 * fractions via `userRectToFractions` and the quote selector) once the note format lands; until then they live in
 * memory for the session. Everything else talks to this class only, so that change stays here.
 */
export class PdfHighlightStore extends Disposable {
  private readonly byKey = new Map<string, PdfHighlight[]>();
  private readonly _onDidChange = this._register(new vscode.EventEmitter<string>());
  /** Fires with a document key when its highlights changed. */
  readonly onDidChange = this._onDidChange.event;

  list(key: string): readonly PdfHighlight[] {
    return this.byKey.get(key) ?? [];
  }

  get(key: string, id: string): PdfHighlight | undefined {
    return this.list(key).find((h) => h.id === id);
  }

  add(key: string, highlights: readonly NewHighlight[]): PdfHighlight[] {
    const created = highlights.map((h) => ({ ...h, id: newHighlightId(), created: new Date().toISOString() }));
    this.byKey.set(key, sortHighlights([...this.list(key), ...created]));
    this._onDidChange.fire(key);
    return created;
  }

  update(key: string, id: string, change: { colour?: HighlightColour; note?: string }): void {
    const list = this.list(key);
    if (!list.some((h) => h.id === id)) return;
    this.byKey.set(
      key,
      list.map((h) => (h.id === id ? { ...h, ...change, note: change.note === undefined ? h.note : change.note || undefined } : h)),
    );
    this._onDidChange.fire(key);
  }

  remove(key: string, id: string): void {
    const list = this.list(key);
    if (!list.some((h) => h.id === id)) return;
    this.byKey.set(key, list.filter((h) => h.id !== id));
    this._onDidChange.fire(key);
  }
}
