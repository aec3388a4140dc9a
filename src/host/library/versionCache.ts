import { noteVersion } from '../../core/notes/noteVersion';

export interface VersionCacheLimits {
  /** Versions kept per paper. */
  readonly perPaper: number;
  /** Bytes of text kept per paper (the newest version is kept whatever its size). */
  readonly perPaperBytes: number;
  /** Bytes of text kept for all papers together (the newest version is kept whatever its size). */
  readonly totalBytes: number;
}

/** A few dozen versions of an ordinary note (tens of KB) fit many times over; eighty of an 8 MB note do not. */
export const defaultVersionCacheLimits: VersionCacheLimits = { perPaper: 64, perPaperBytes: 16_000_000, totalBytes: 64_000_000 };

/** What a string costs in memory, at most: two bytes a character. */
const sizeOf = (text: string) => text.length * 2;

/**
 * The texts of a paper's note file that editors may still be looking at, by version, so an edit made against an
 * older version can be merged with the current one (its base). Bounded in versions per paper and in bytes, per
 * paper and in all; the oldest go first. An edit against a version no longer kept is treated as any unknown base.
 */
export class VersionCache {
  private readonly texts = new Map<string, Map<string, string>>();
  private readonly paperBytes = new Map<string, number>();
  /** Every kept version, oldest first: `[paperId, version]`, keyed by both. */
  private readonly age = new Map<string, readonly [string, string]>();
  private total = 0;

  constructor(private readonly limits: VersionCacheLimits = defaultVersionCacheLimits) {}

  /** Bytes of text kept now. */
  get bytes(): number {
    return this.total;
  }

  /** Records a text and returns its version. */
  remember(paperId: string, text: string): string {
    const version = noteVersion(text);
    let versions = this.texts.get(paperId);
    if (!versions) this.texts.set(paperId, (versions = new Map()));
    this.forget(paperId, version);
    versions.set(version, text);
    this.age.set(key(paperId, version), [paperId, version]);
    this.paperBytes.set(paperId, (this.paperBytes.get(paperId) ?? 0) + sizeOf(text));
    this.total += sizeOf(text);
    while (versions.size > 1 && (versions.size > this.limits.perPaper || this.paperBytes.get(paperId)! > this.limits.perPaperBytes)) {
      this.forget(paperId, versions.keys().next().value!);
    }
    for (const [oldPaper, oldVersion] of this.age.values()) {
      if (this.total <= this.limits.totalBytes || this.age.size <= 1) break;
      this.forget(oldPaper, oldVersion);
    }
    return version;
  }

  /** The text of a version, or undefined when it was never seen or is too old. */
  text(paperId: string, version: string): string | undefined {
    return this.texts.get(paperId)?.get(version);
  }

  private forget(paperId: string, version: string): void {
    const versions = this.texts.get(paperId);
    const text = versions?.get(version);
    if (!versions || text === undefined) return;
    versions.delete(version);
    this.age.delete(key(paperId, version));
    this.total -= sizeOf(text);
    const left = this.paperBytes.get(paperId)! - sizeOf(text);
    if (versions.size === 0) {
      this.texts.delete(paperId);
      this.paperBytes.delete(paperId);
    } else {
      this.paperBytes.set(paperId, left);
    }
  }
}

function key(paperId: string, version: string): string {
  return `${paperId}\u0000${version}`;
}
