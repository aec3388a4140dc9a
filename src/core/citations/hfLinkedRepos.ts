/**
 * The models, datasets and Spaces Hugging Face links to a paper, from its paper page's API answer
 * (`/api/papers/{arxivId}`: `linkedModels`, `linkedDatasets`, `linkedSpaces` and their `numTotal*` counts).
 */
import { CitationError } from './semanticScholar';

export type HfRepoKind = 'model' | 'dataset' | 'space';

export interface HfLinkedRepo {
  readonly kind: HfRepoKind;
  /** `owner/name` */
  readonly id: string;
  /** https://huggingface.co/owner/name, /datasets/owner/name or /spaces/owner/name (under the configured base). */
  readonly url: string;
  readonly likes?: number;
  readonly downloads?: number;
}

export interface HfLinkedRepos {
  readonly arxivId: string;
  readonly repos: readonly HfLinkedRepo[];
  /** How many of each kind HF links in all; more than listed when HF cut its lists short. */
  readonly totals: Readonly<Record<HfRepoKind, number>>;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined);
/** HF repo ids: `owner/name` of letters, digits, `-`, `_`, `.`; anything else is not linked. */
const REPO_ID = /^[\w.-]{1,96}\/[\w.-]{1,96}$/;

const fields: Record<HfRepoKind, { list: string; total: string; path: string }> = {
  model: { list: 'linkedModels', total: 'numTotalModels', path: '' },
  dataset: { list: 'linkedDatasets', total: 'numTotalDatasets', path: 'datasets/' },
  space: { list: 'linkedSpaces', total: 'numTotalSpaces', path: 'spaces/' },
};

/** Reads a paper page answer; `base` is the Hugging Face origin the links point to (default huggingface.co). */
export function parseHfLinkedRepos(body: string, base = 'https://huggingface.co'): HfLinkedRepos {
  let json: unknown;
  try {
    json = JSON.parse(body) as unknown;
  } catch {
    throw new CitationError('malformed', 'Hugging Face sent something that is not JSON.');
  }
  if (isObject(json) && typeof json.error === 'string') throw new CitationError('service-error', `Hugging Face: ${json.error.slice(0, 200)}`);
  if (!isObject(json) || typeof json.id !== 'string') throw new CitationError('malformed', 'Hugging Face sent an answer without a paper.');
  const root = base.replace(/\/+$/, '');
  const repos: HfLinkedRepo[] = [];
  const totals = { model: 0, dataset: 0, space: 0 };
  for (const kind of ['model', 'dataset', 'space'] as const) {
    const { list, total, path } = fields[kind];
    const entries = Array.isArray(json[list]) ? (json[list] as unknown[]) : [];
    let listed = 0;
    for (const entry of entries) {
      if (!isObject(entry) || typeof entry.id !== 'string' || !REPO_ID.test(entry.id) || entry.private === true) continue;
      const likes = count(entry.likes);
      const downloads = count(entry.downloads);
      repos.push({
        kind,
        id: entry.id,
        url: `${root}/${path}${entry.id}`,
        ...(likes !== undefined && { likes }),
        ...(downloads !== undefined && { downloads }),
      });
      listed++;
    }
    totals[kind] = Math.max(count(json[total]) ?? 0, listed);
  }
  return { arxivId: json.id, repos, totals };
}
