import { noteVersion } from '../../core/notes/noteVersion';

/**
 * The texts of a paper's note file that editors may still be looking at, by version, so an edit made against an
 * older version can be merged with the current one (its base). Bounded per paper; the newest are kept.
 */
export class VersionCache {
  private readonly texts = new Map<string, Map<string, string>>();

  constructor(private readonly perPaper = 64) {}

  /** Records a text and returns its version. */
  remember(paperId: string, text: string): string {
    const version = noteVersion(text);
    let versions = this.texts.get(paperId);
    if (!versions) this.texts.set(paperId, (versions = new Map()));
    versions.delete(version);
    versions.set(version, text);
    while (versions.size > this.perPaper) versions.delete(versions.keys().next().value!);
    return version;
  }

  /** The text of a version, or undefined when it was never seen or is too old. */
  text(paperId: string, version: string): string | undefined {
    return this.texts.get(paperId)?.get(version);
  }
}
