/**
 * The paper model shared by every feed, the search index, notes and the webviews.
 * Plain data only (JSON-serialisable), so it crosses to webviews and workers unchanged.
 */

/** Where a paper record came from. */
export type PaperSource = 'hf-daily' | 'arxiv' | 'daily-papers-text' | 'library';

export interface Author {
  readonly name: string;
  /** Affiliations when the feed gives them (arXiv `<arxiv:affiliation>`). */
  readonly affiliations?: readonly string[];
}

/** Kinds of links to code and artefacts found for a paper. */
export type RepoKind = 'github' | 'gitlab' | 'huggingface-model' | 'huggingface-dataset' | 'huggingface-space' | 'project-page';

/** Where a repo link was found. */
export type RepoOrigin = 'githubRepo' | 'projectPage' | 'abstract' | 'comment';

export interface RepoLink {
  readonly kind: RepoKind;
  /** Canonical URL, e.g. `https://github.com/state-spaces/mamba` (no trailing slash, no `.git`). */
  readonly url: string;
  /** `owner/repo` for GitHub and GitLab (GitLab may have subgroups: `group/sub/repo`), `owner/name` for HF. */
  readonly slug?: string;
  /** A path inside the repo (e.g. `tree/main/examples`), kept apart from the slug. */
  readonly path?: string;
  /** Stars when the feed reports them (HF `githubStars`). */
  readonly stars?: number;
  /** Every place the link was found, first one first. */
  readonly origins: readonly RepoOrigin[];
}

export interface PaperLinks {
  /** arXiv abstract page. */
  readonly abs?: string;
  /** arXiv PDF. */
  readonly pdf?: string;
  /** Hugging Face paper page. */
  readonly hfPage?: string;
  /** Project page given by the feed (HF `projectPage`). */
  readonly projectPage?: string;
  /** DOI resolver URL. */
  readonly doi?: string;
}

export interface Paper {
  /**
   * Stable key of the paper in Marginalia: the arXiv id without version (`2312.00752`, `solv-int/9901001`)
   * when there is one, otherwise `title:<slug>` derived from the title.
   */
  readonly id: string;
  /** arXiv id without version, when known. */
  readonly arxivId?: string;
  /** arXiv version number (the `2` of `v2`), when known. */
  readonly version?: number;
  readonly title: string;
  readonly authors: readonly Author[];
  readonly abstract: string;
  /** First publication (ISO 8601). */
  readonly published?: string;
  /** Last update (ISO 8601). */
  readonly updated?: string;
  /** The day the paper was featured on Hugging Face Daily Papers (`YYYY-MM-DD`). */
  readonly dailyDate?: string;
  /** Year of publication when nothing finer is known (a venue's year from a bibliographic record). */
  readonly year?: string;
  /** Where it was published, with the year (`ICCV 2025`), from a bibliographic record. */
  readonly venue?: string;
  /** arXiv categories, primary first; MSC/ACM codes kept apart in `classifications`. */
  readonly categories: readonly string[];
  readonly primaryCategory?: string;
  /** Non-arXiv classification codes found among categories (MSC `68T05`, ACM `I.2.7`). */
  readonly classifications?: readonly string[];
  readonly links: PaperLinks;
  readonly repos: readonly RepoLink[];
  readonly doi?: string;
  readonly journalRef?: string;
  readonly comment?: string;
  readonly upvotes?: number;
  readonly numComments?: number;
  readonly aiSummary?: string;
  readonly aiKeywords?: readonly string[];
  readonly thumbnail?: string;
  /** Figures and videos the authors attached on Hugging Face (`mediaUrls`), http(s) only. */
  readonly mediaUrls?: readonly string[];
  /** Organisation that claimed the paper on Hugging Face (`fullname` or `name`). */
  readonly organization?: string;
  /**
   * For a paper of the "My library" source: what the user wrote about it (each note's text, each PDF highlight's
   * quote and comment), so search finds a paper by its notes and the list shows the note that matched.
   */
  readonly libraryNotes?: readonly string[];
  /** How arXiv's daily listing announced the paper (its RSS/Atom `announce_type`), for papers from a listing. */
  readonly announceType?: ArxivAnnounceType;
  readonly source: PaperSource;
}

/**
 * How a paper appears in arXiv's daily listing of a category: a new submission, a cross-list from another
 * category, a new version of an earlier paper, or a new version of a cross-listed one.
 */
export type ArxivAnnounceType = 'new' | 'cross' | 'replace' | 'replace-cross';

export const arxivAnnounceTypes: readonly ArxivAnnounceType[] = ['new', 'cross', 'replace', 'replace-cross'];

/** Why one entry of a feed was skipped. */
export interface SkippedEntry {
  /** Position of the entry in the feed (0-based); for pasted text, the 0-based line number. */
  readonly index: number;
  readonly reason: string;
}

/** Formats Marginalia can read. */
export type FeedFormat = 'hf-daily-json' | 'arxiv-atom' | 'daily-papers-text' | 'arxiv-listing' | 'library' | 'oai-pmh' | 'arxiv-snapshot';

/** The result of parsing a whole feed: the good papers plus what was skipped and why. */
export interface FeedParseResult {
  readonly format: FeedFormat;
  readonly papers: Paper[];
  readonly skipped: SkippedEntry[];
  /** Feed-level facts when the format has them (arXiv `opensearch:totalResults`). */
  readonly totalResults?: number;
  /** A sentence for the user about a feed that is rightly empty ("No new papers today in cs.CL: …"). */
  readonly notice?: string;
}
