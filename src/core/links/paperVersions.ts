/**
 * Newer arXiv versions of a paper cited at a given version (`2312.00752v1` in a comment, `version: 1` in a note):
 * whether one is out, how to say what changed, and the edits that move a file's citations to it.
 *
 * What is known of the latest version comes from the arXiv API's answer for the versionless id: the entry's `<id>`
 * (and `<link title="pdf">`) carry `vN` of the latest version, `<published>` is the date of v1, `<updated>` the date
 * of the latest version, and `<arxiv:comment>` the comment of the latest version. arXiv gives no dates of the
 * versions in between, so only those two dates are shown.
 */
import { findArxivReferences } from '../arxivId';
import type { Paper } from '../paper';

/** A newer version than the one cited. */
export interface NewerVersion {
  readonly arxivId: string;
  /** The version cited or read. */
  readonly cited: number;
  /** The latest version arXiv has. */
  readonly latest: number;
  /** The date of v1 (`YYYY-MM-DD`), when known. */
  readonly firstDate?: string;
  /** The date of the latest version (`YYYY-MM-DD`), when known. */
  readonly latestDate?: string;
  /** The arXiv comment of the latest version ("8 pages, 3 figures. Published version"), when it has one. */
  readonly comment?: string;
}

const day = (iso: string | undefined): string | undefined => (iso && /^\d{4}-\d{2}-\d{2}/.test(iso) ? iso.slice(0, 10) : undefined);

/**
 * The newer version, if the paper arXiv described is a later version than `cited`. Undefined when nothing was cited
 * at a version, when the record does not say its version (a feed other than arXiv's API), or when it is not newer.
 */
export function newerVersion(
  cited: number | undefined,
  paper: Pick<Paper, 'id' | 'arxivId' | 'version' | 'published' | 'updated' | 'comment'>,
): NewerVersion | undefined {
  if (cited === undefined || paper.version === undefined || paper.version <= cited) return undefined;
  const firstDate = day(paper.published);
  // With one version, `updated` is the date of that version too; a later version's date is `updated`.
  const latestDate = day(paper.updated) ?? (paper.version === 1 ? firstDate : undefined);
  const comment = paper.comment?.replace(/\s+/g, ' ').trim();
  return {
    arxivId: paper.arxivId ?? paper.id,
    cited,
    latest: paper.version,
    ...(firstDate ? { firstDate } : {}),
    ...(latestDate ? { latestDate } : {}),
    ...(comment ? { comment } : {}),
  };
}

/** "v3 is out (2024-05-31); you cite v1": the hover's line (plain text, no Markdown). */
export function newerVersionLine(news: NewerVersion, verb: 'cite' | 'read' = 'cite'): string {
  return `v${news.latest} is out${news.latestDate ? ` (${news.latestDate})` : ''}; you ${verb} v${news.cited}`;
}

/** "v1 → v3": the badge. */
export function versionBadge(news: NewerVersion): string {
  return `v${news.cited} → v${news.latest}`;
}

/**
 * What changed, as far as arXiv says, in plain text: "v1 2011-11-08 · v2 2012-04-02 · Comment on v2: 8 pages…".
 * The comment comes from arXiv and is untrusted: callers escape it for where they show it.
 */
export function versionChangeText(news: NewerVersion): string {
  const parts: string[] = [];
  if (news.firstDate) parts.push(`v1 ${news.firstDate}`);
  if (news.latestDate && news.latest !== 1) parts.push(`v${news.latest} ${news.latestDate}`);
  if (news.comment) parts.push(`Comment on v${news.latest}: ${news.comment}`);
  return parts.join(' · ');
}

/** One replacement in a text: characters `[start, end)` become `text`. */
export interface TextReplacement {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * The replacements that move every citation of `arxivId` at an older version than `to` in `text` to version `to`:
 * only the version digits change (`arXiv:2312.00752v1` → `arXiv:2312.00752v3`, `…/pdf/2312.00752v1.pdf` →
 * `…/pdf/2312.00752v3.pdf`). Citations without a version already mean the latest and are left alone, as are
 * citations of a version at or after `to`. With `only`, just the citation starting at that offset.
 */
export function versionRewritePlan(text: string, arxivId: string, to: number, only?: number): TextReplacement[] {
  const plan: TextReplacement[] = [];
  for (const ref of findArxivReferences(text)) {
    if (ref.id !== arxivId || ref.version === undefined || ref.version >= to) continue;
    if (only !== undefined && ref.start !== only) continue;
    // The version is the last `vN` of the reference, before a URL's `.pdf`.
    const m = /v(\d{1,4})(?:\.pdf)?$/i.exec(ref.text);
    if (!m || Number(m[1]) !== ref.version) continue;
    const start = ref.start + m.index + 1;
    plan.push({ start, end: start + m[1]!.length, text: String(to) });
  }
  return plan;
}

/** The version a note's front matter says was read (`version: 2`, `version: v2`, `version: "2"`), if any. */
export function noteVersion(data: Readonly<Record<string, unknown>> | undefined): number | undefined {
  const raw = data?.['version'];
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const m = /^v?(\d{1,4})$/i.exec(text);
  const version = m ? Number(m[1]) : NaN;
  return Number.isInteger(version) && version >= 1 ? version : undefined;
}

/** The command that moves citations of a paper (and its note and highlights) to its latest arXiv version. */
export const moveCitationCommand = 'marginalia.moveCitationToLatestVersion';

/** What the command is asked to move: a paper, to a version (looked up when absent), in one file or everywhere. */
export interface MoveCitationRequest {
  /** The canonical arXiv id. */
  readonly id: string;
  readonly to?: number;
  /** The file whose citations move (a URI string); absent: every file of the workspace that cites the paper. */
  readonly uri?: string;
}

/** The command URI of a hover's "Move to vN" link. */
export function moveCitationCommandUri(request: MoveCitationRequest): string {
  return `command:${moveCitationCommand}?${encodeURIComponent(JSON.stringify([request]))}`;
}

/**
 * Reads the command's argument, which may come from a command link: `{ id, to?, uri? }`, an id string, or nothing
 * (`undefined`: the palette, where the host takes the citation under the cursor). Anything else is an error.
 */
export function parseMoveCitationArgs(arg: unknown): MoveCitationRequest | undefined | { readonly error: string } {
  if (arg === undefined || arg === null) return undefined;
  const o: Record<string, unknown> =
    typeof arg === 'string' ? { id: arg } : typeof arg === 'object' && !Array.isArray(arg) ? (arg as Record<string, unknown>) : {};
  const parts = typeof o.id === 'string' ? findArxivReferences(o.id.trim()) : [];
  const id = parts.length === 1 && parts[0]!.start === 0 && parts[0]!.end === String(o.id).trim().length ? parts[0]!.id : undefined;
  if (!id) return { error: 'Move Citation to the Latest Version needs the arXiv id of a paper.' };
  const to = o.to;
  if (to !== undefined && !(typeof to === 'number' && Number.isInteger(to) && to >= 1 && to <= 9999)) return { error: `Not a version: ${String(to)}.` };
  const uri = o.uri;
  if (uri !== undefined && (typeof uri !== 'string' || uri.length > 4096)) return { error: 'The file to move citations in is not a URI.' };
  return { id, ...(to !== undefined ? { to } : {}), ...(uri !== undefined ? { uri } : {}) };
}

/**
 * The version of a paper the user is on: the one its note says was read, else the oldest one the workspace cites
 * (in the lines that mention it), else none (an unversioned citation means the latest).
 */
export function versionInUse(
  arxivId: string,
  noteData: Readonly<Record<string, unknown>> | undefined,
  mentionLines: readonly string[],
): { readonly version: number; readonly verb: 'read' | 'cite' } | undefined {
  const read = noteVersion(noteData);
  if (read !== undefined) return { version: read, verb: 'read' };
  const cited = mentionLines.flatMap((line) =>
    findArxivReferences(line)
      .filter((r) => r.id === arxivId && r.version !== undefined)
      .map((r) => r.version!),
  );
  return cited.length > 0 ? { version: Math.min(...cited), verb: 'cite' } : undefined;
}
