/**
 * English function words left out of the abstract field of the index.
 *
 * Why: each of these is in at least one abstract in ten (measured on the 100k-abstract benchmark corpus: `the` 99%,
 * `of` 98%, … `i` 10%), so together their postings were about a third of the index (heap, build time, saved size),
 * while their BM25 weight in abstracts is close to zero. Rarer function words (`he`, `you`) stay: there they do
 * rank, and the author `He` would otherwise match every abstract. Titles and author names keep all words
 * (`Learning to Rank`).
 *
 * Changing this list changes the index: the options fingerprint covers it, so saved indexes are rebuilt.
 */
export const ABSTRACT_STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'all', 'also', 'an', 'and', 'are', 'as', 'at', 'be', 'been', 'between', 'both', 'but', 'by', 'can', 'each',
  'for', 'from', 'further', 'has', 'have', 'how', 'however', 'i', 'in', 'into', 'is', 'it', 'its', 'more', 'most',
  'not', 'of', 'often', 'on', 'one', 'only', 'or', 'other', 'our', 'over', 'such', 'than', 'that', 'the', 'their',
  'then', 'these', 'they', 'this', 'through', 'to', 'under', 'we', 'when', 'where', 'which', 'while', 'with',
  'without',
]);

/**
 * A broader list of function words, never chosen as a paper's "more like this" terms: rare ones (`you`, `whom`)
 * would otherwise look distinctive precisely because they are rare.
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set([
  ...ABSTRACT_STOP_WORDS,
  'about', 'above', 'after', 'again', 'against', 'am', 'any', 'because', 'before', 'being', 'below', 'could', 'did',
  'do', 'does', 'doing', 'down', 'during', 'either', 'etc', 'even', 'ever', 'every', 'few', 'had', 'having', 'he',
  'her', 'here', 'hers', 'him', 'his', 'if', 'itself', 'just', 'may', 'me', 'might', 'much', 'must', 'my', 'neither',
  'no', 'nor', 'off', 'once', 'ours', 'ourselves', 'out', 'own', 'per', 'same', 'she', 'should', 'since', 'so', 'some',
  'them', 'themselves', 'there', 'thereby', 'therefore', 'those', 'though', 'thus', 'too', 'until', 'up', 'upon', 'us',
  'very', 'via', 'was', 'were', 'what', 'whereas', 'whether', 'who', 'whom', 'whose', 'why', 'will', 'within', 'would',
  'yet', 'you', 'your',
]);

/**
 * The rhetoric of abstracts ("we propose a novel approach and show results"), never chosen as "more like this"
 * terms: every paper has some, so they relate papers that share nothing but style.
 */
export const BOILERPLATE_WORDS: ReadonlySet<string> = new Set([
  'achieve', 'achieves', 'across', 'address', 'approach', 'approaches', 'based', 'capabilities', 'demonstrate',
  'demonstrates', 'different', 'effective', 'existing', 'experiments', 'first', 'including', 'introduce', 'key',
  'method', 'methods', 'multiple', 'new', 'novel', 'paper', 'performance', 'present', 'presents', 'previous',
  'propose', 'proposed', 'proposes', 'provide', 'provides', 'recent', 'recently', 'result', 'results', 'show',
  'shows', 'significant', 'significantly', 'state', 'study', 'two', 'use', 'used', 'uses', 'using', 'various', 'well',
  'work', 'works',
]);
