/**
 * What a write of a note file does, decided without touching the file: the edit applied to the version it was made
 * against (the base), then combined with what the file holds now (theirs). The host reads the file, asks the user
 * when the plan is a conflict, and writes the text of a `write` plan; everything in between is here, in plain
 * functions, so every outcome can be checked without an editor.
 */
import { NoteDocument, formatNoteError, parseNote } from './noteFile';
import { mergeNoteFiles, type MergeConflict } from './noteMerge';
import { noteVersion } from './noteVersion';

/** How a conflicting edit is settled. `ask` shows a modal; the others are for API callers and tests. */
export type ConflictPolicy = 'ask' | 'keep-both' | 'keep-mine' | 'keep-theirs' | 'cancel';

/** The user's (or the policy's) decision. */
export type ConflictDecision = 'both' | 'mine' | 'theirs' | 'cancel';

/**
 * `written`: applied to the version it was made against; `merged`: combined with changes made since;
 * `unchanged`: nothing to write; `kept-theirs`: a conflict was settled for the file, the edit dropped;
 * `cancelled`: a conflict was left to the user (the edit was not written).
 */
export type NoteWriteOutcome = 'written' | 'merged' | 'unchanged' | 'kept-theirs' | 'cancelled';

export interface NoteWriteInput {
  /** The file's name for the user (workspace-relative), in messages. */
  readonly path: string;
  /** What the file holds now (the open editor's text when it has unsaved changes); undefined: no file. */
  readonly current: string | undefined;
  /**
   * The version (`noteVersion`) the edit was made against; `''` for "no file yet". Undefined: the edit is simply
   * applied to the current text (fine for edits that carry no stale text, like a status).
   */
  readonly baseVersion: string | undefined;
  /** The text of an earlier version of the file, while it is still remembered. */
  readonly textOf: (version: string) => string | undefined;
  /** The note a file that does not exist yet starts as. */
  readonly fresh: () => NoteDocument;
  /** The edit. */
  readonly change: (doc: NoteDocument) => NoteDocument;
}

/** A plan that needs no decision: write, or leave the file as it is. */
export type SettledPlan =
  /** Write `text` over `current`. */
  | { readonly kind: 'write'; readonly text: string; readonly outcome: 'written' | 'merged'; readonly message?: string }
  /** Leave the file as it is. */
  | { readonly kind: 'keep'; readonly outcome: 'unchanged' | 'kept-theirs' | 'cancelled'; readonly message?: string };

export type NoteWritePlan =
  | SettledPlan
  /** The edit and the changes since overlap: `settleConflict` with a decision. */
  | {
      readonly kind: 'conflict';
      readonly conflicts: readonly MergeConflict[];
      /** The file with the edit applied to the version it was made against: what "keep mine" writes. */
      readonly mine: string;
      /** Both versions kept (one side's as a copy with a new id), when every conflict allows it. */
      readonly keepBoth?: string;
      /** What the file held when the plan was made. */
      readonly current: string | undefined;
    };

/** The plan for writing `text` (undefined: no file) over `current`: nothing to do when they are the same. */
function writeOrKeep(text: string | undefined, current: string | undefined, outcome: 'written' | 'merged', message?: string): SettledPlan {
  return text === undefined || text === current ? { kind: 'keep', outcome: 'unchanged' } : { kind: 'write', text, outcome, message };
}

/**
 * Plans one write. Throws when the version the edit is applied to has front matter that cannot be read (the
 * user fixes it first: an edit on a misread note would lose what could not be read).
 */
export function planNoteWrite(input: NoteWriteInput): NoteWritePlan {
  const { path, current, baseVersion } = input;
  let base: string | undefined;
  // `''`: the editor saw no file, so nothing of this one is its to protect.
  if (baseVersion === undefined || baseVersion === '' || baseVersion === noteVersion(current)) base = current;
  else base = input.textOf(baseVersion);
  const known = baseVersion === undefined || baseVersion === '' || base !== undefined;
  const baseDoc = base !== undefined ? parseNote(base) : input.fresh();
  if (baseDoc.error) throw new Error(`${formatNoteError(path, baseDoc.error)}. Fix the front matter, then try again.`);
  const mine = input.change(baseDoc).serialize();
  if (known && base === current) return writeOrKeep(mine, current, 'written');
  const merged = known
    ? mergeNoteFiles(base, mine, current)
    : ({ status: 'conflict', conflicts: [{ kind: 'unsafe', detail: 'the version this edit was made against is no longer known' }] } as const);
  if (merged.status === 'clean') return writeOrKeep(merged.text, current, 'merged', `${path} changed since; your edit was merged with those changes.`);
  return { kind: 'conflict', conflicts: merged.conflicts, mine, keepBoth: merged.keepBoth, current };
}

/** What a policy decides by itself; `ask` leaves it to the user. */
export function conflictDecisionByPolicy(policy: ConflictPolicy, canKeepBoth: boolean): ConflictDecision | 'ask' {
  switch (policy) {
    case 'keep-both':
      return canKeepBoth ? 'both' : 'theirs';
    case 'keep-mine':
      return 'mine';
    case 'keep-theirs':
      return 'theirs';
    case 'cancel':
      return 'cancel';
    case 'ask':
      return 'ask';
  }
}

/** The plan once a conflict is decided. */
export function settleConflict(plan: Extract<NoteWritePlan, { kind: 'conflict' }>, decision: ConflictDecision): SettledPlan {
  const summary = conflictSummary(plan.conflicts);
  switch (decision) {
    case 'cancel':
      return { kind: 'keep', outcome: 'cancelled', message: `Not saved: ${summary}` };
    case 'theirs':
      return { kind: 'keep', outcome: 'kept-theirs', message: `Kept the file as it is: ${summary}` };
    case 'both':
      return writeOrKeep(plan.keepBoth, plan.current, 'merged', `Kept both versions: ${summary}`);
    case 'mine':
      return writeOrKeep(plan.mine, plan.current, 'merged', `Overwrote the changes in the file: ${summary}`);
  }
}

/** One conflict in a sentence, for the user. */
export function describeConflict(conflict: MergeConflict): string {
  switch (conflict.kind) {
    case 'note': {
      const what = (side: string) => (side === 'added' ? 'added' : side === 'deleted' ? 'deleted' : 'changed');
      return `The note “${conflict.heading}” was ${what(conflict.ours)} here and ${what(conflict.theirs)} in the file.`;
    }
    case 'field':
      return conflict.key === '(front matter)'
        ? 'The front matter cannot be read on one side.'
        : `“${conflict.key}” was set to different values here and in the file.`;
    case 'text':
      return 'The text outside notes changed here and in the file.';
    case 'file':
      return conflict.deletedBy === 'theirs' ? 'The file was deleted (or moved) since.' : 'The edit deletes the file, which changed since.';
    case 'unsafe':
      return `The changes could not be combined safely (${conflict.detail}).`;
  }
}

/** The conflicts in one line, for a message to the view. */
export function conflictSummary(conflicts: readonly MergeConflict[]): string {
  return conflicts.map(describeConflict).join(' ');
}
