/**
 * Finding a paper's arXiv id in a bibliographic record, wherever exporters put it:
 * - `eprint` (arXiv's own export, BibLaTeX, Better BibTeX) when `archivePrefix`/`eprinttype` is arXiv or absent;
 * - Mendeley's `arxivId`;
 * - Google Scholar's `journal = {arXiv preprint arXiv:2401.10241}`, CSL `container-title: arXiv:1906.01539 [cs]`;
 * - DBLP's CoRR volumes, `volume = {abs/2401.10241}`;
 * - arXiv DOIs, `10.48550/arXiv.2401.10241` (any case, bare or as a resolver URL);
 * - URLs of arXiv pages (`url`, `howpublished`, `note`, CSL `URL`), and Zotero's `number` of a preprint.
 */
import { type ArxivIdParts, findArxivReferences, parseArxivId } from '../arxivId';

/** Field names (lower case) and values; the first field that names an arXiv paper wins. */
export function findArxivIdInFields(fields: Readonly<Record<string, string | undefined>>): (ArxivIdParts & { from: string }) | undefined {
  const get = (name: string) => fields[name]?.trim() ?? '';
  const scheme = (get('archiveprefix') || get('eprinttype')).toLowerCase();
  const eprint = get('eprint');
  if (eprint && (scheme === '' || scheme === 'arxiv')) {
    const id = parseArxivId(eprint) ?? parseArxivId(eprint.replace(/^arxiv[:.\s]*/i, ''));
    if (id) return { ...id, from: 'eprint' };
  }
  for (const name of ['arxivid', 'arxiv']) {
    const id = get(name) && (parseArxivId(get(name)) ?? parseArxivId(get(name).replace(/^arxiv[:.\s]*/i, '')));
    if (id) return { ...id, from: name };
  }
  const doi = get('doi');
  const fromDoi = doi ? parseArxivId(doi.replace(/^https?:\/\/(?:dx\.)?doi\.org\//i, '')) : undefined;
  if (fromDoi) return { ...fromDoi, from: 'doi' };
  for (const name of ['journal', 'journaltitle', 'container-title', 'booktitle', 'number', 'publisher']) {
    const value = get(name);
    if (!/arxiv|corr/i.test(value)) continue;
    const ref = findArxivReferences(value)[0];
    if (ref) return { id: ref.id, ...(ref.version !== undefined ? { version: ref.version } : {}), from: name };
    // DBLP's CoRR entries sometimes fold the volume into the journal: "CoRR, abs/2312.08935". The match can only lie in
    // the last word, so only that word is scanned: on the whole field the pattern re-read the rest from every `abs/`.
    const abs = /\babs\/(\S+?)[,;)]?$/i.exec(lastWord(value));
    const id = abs ? parseArxivId(abs[1]!) : undefined;
    if (id) return { ...id, from: name };
  }
  const volume = get('volume');
  const corr = /^abs\/(.+)$/i.exec(volume);
  if (corr) {
    const id = parseArxivId(corr[1]!);
    if (id) return { ...id, from: 'volume' };
  }
  for (const name of ['url', 'howpublished', 'note', 'eprint']) {
    const value = get(name);
    if (!value) continue;
    const direct = parseArxivId(value);
    if (direct && name !== 'eprint') return { ...direct, from: name };
    const ref = findArxivReferences(value).find((r) => r.form !== 'bare');
    if (ref) return { id: ref.id, ...(ref.version !== undefined ? { version: ref.version } : {}), from: name };
  }
  return undefined;
}

/** The text after the last whitespace (all of it when there is none; empty when it ends in whitespace). */
function lastWord(text: string): string {
  let start = text.length;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  return text.slice(start);
}
