/** Real papers for the search tests: the Hugging Face daily fixtures and an arXiv search, through the real parser. */
import { readFileSync, readdirSync } from 'node:fs';
import { parseFeed } from '../../src/core/feeds/parseFeed';
import type { Paper } from '../../src/core/paper';
import type { IndexablePaper } from '../../src/core/search/indexablePaper';

function feed(path: string): Paper[] {
  return parseFeed(readFileSync(path, 'utf8')).papers;
}

/** 59 HF daily papers (2024-05-27, 2025-07-22, 2026-06-12), with keywords, repos and daily dates. */
export const hfPapers: readonly Paper[] = readdirSync('test/fixtures/hf')
  .sort()
  .flatMap((f) => feed(`test/fixtures/hf/${f}`));

/** 100 arXiv papers for "testing", with categories and publication dates. */
export const arxivPapers: readonly Paper[] = feed('test/fixtures/arxiv/arxiv_newapi_2026_search_testing_100.xml');

export const allPapers: readonly Paper[] = [...hfPapers, ...arxivPapers];

export function byId(id: string): Paper {
  const paper = allPapers.find((p) => p.id === id);
  if (!paper) throw new Error(`no fixture paper ${id}`);
  return paper;
}

/** A small hand-made paper, for the cases the fixtures do not cover. */
export function paper(id: string, title: string, abstract: string, extra: Partial<IndexablePaper> = {}): IndexablePaper {
  return { id, title, authors: extra.authors ?? 'Ada Lovelace', abstract, ...extra };
}
