import { newerVersion, newerVersionLine, versionBadge, versionChangeText, versionInUse } from '../../core/links/paperVersions';
import type { Paper } from '../../core/paper';
import type { NewerVersionView, WorkspaceLinks } from '../../protocol/paper';
import type { LibraryItem } from '../library/libraryService';

/**
 * The paper view's "v1 → v3" badge: a newer arXiv version than the one the note says was read (or the workspace
 * cites). What arXiv said of the latest version is the paper itself when it carries a version, else an answer kept
 * from an earlier lookup: opening a paper never asks arXiv for this.
 */
export async function newerVersionView(
  paper: Paper,
  item: LibraryItem | undefined,
  links: WorkspaceLinks | undefined,
  cached: ((arxivId: string) => Promise<Paper | undefined>) | undefined,
): Promise<NewerVersionView | undefined> {
  if (!paper.arxivId) return undefined;
  const inUse = versionInUse(
    paper.arxivId,
    item?.doc.frontMatter?.data,
    (links?.mentions ?? []).map((m) => m.text),
  );
  if (!inUse) return undefined;
  const latest = paper.version !== undefined ? paper : await cached?.(paper.arxivId).catch(() => undefined);
  const news = latest ? newerVersion(inUse.version, latest) : undefined;
  if (!news) return undefined;
  return { badge: versionBadge(news), line: newerVersionLine(news, inUse.verb), changed: versionChangeText(news), latest: news.latest };
}
