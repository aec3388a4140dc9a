/**
 * Why a clone failed, in the user's terms, from what VS Code's Git extension gives: its API throws "Git model not
 * found" when Git is disabled or missing, and a GitError (`gitErrorCode`, `stderr`, message "Failed to execute
 * git") when git itself fails. Pure: the host turns the kind into a message with next steps.
 */

export type CloneFailureKind =
  /** The Git extension is disabled, `git.enabled` is off, or it found no git: VS Code cannot clone at all. */
  | 'git-unavailable'
  /** git could not reach the host (offline, DNS, proxy, firewall). */
  | 'offline'
  /** The host answered that there is no such repository (or it is private). */
  | 'not-found'
  /** The host wanted credentials that git did not have. */
  | 'auth'
  /** The target folder already exists and is not empty. */
  | 'exists'
  | 'other';

export interface CloneFailure {
  readonly kind: CloneFailureKind;
  /** A sentence for the user: what went wrong. */
  readonly message: string;
  /** git's own words (its last line of stderr), for the curious; absent when it said nothing useful. */
  readonly detail?: string;
}

interface GitErrorLike {
  readonly message?: unknown;
  readonly stderr?: unknown;
  readonly gitErrorCode?: unknown;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The host of a clone URL, for messages ("github.com"). */
export function cloneHost(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

/** The last meaningful line git printed (`fatal: …`), without its prefix. */
function gitSaid(stderr: string): string | undefined {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^Cloning into/.test(l));
  const line = lines.reverse().find((l) => /^(fatal|error|remote):/i.test(l)) ?? lines[0];
  return line?.replace(/^(fatal|error|remote):\s*/i, '').slice(0, 300);
}

/**
 * Whether a line says `repository … not found`. Each line is scanned from its first "repository" on, once:
 * `/repository .* not found/i` re-read the rest of the line from every "repository".
 */
function saysRepositoryNotFound(text: string): boolean {
  return text.split(/[\n\r\u2028\u2029]/).some((line) => {
    const at = line.search(/repository /i);
    return at >= 0 && / not found/i.test(line.slice(at + 'repository '.length));
  });
}

export function classifyCloneFailure(error: unknown, url: string): CloneFailure {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as GitErrorLike;
  const message = text(e.message) || String(error);
  const stderr = text(e.stderr);
  const code = text(e.gitErrorCode);
  const all = `${message}\n${stderr}`;
  const host = cloneHost(url);
  const detail = gitSaid(stderr);
  const withDetail = (failure: Omit<CloneFailure, 'detail'>): CloneFailure => (detail ? { ...failure, detail } : failure);

  if (
    /Git model not found|git extension is not available/i.test(message) ||
    code === 'GitNotFound' ||
    (/Failed to execute git/i.test(message) && !stderr) ||
    /spawn git ENOENT|git: not found|command not found: git/i.test(all)
  ) {
    return {
      kind: 'git-unavailable',
      message: 'Git is not available in this VS Code (Git is not installed, or the Git extension or `git.enabled` is turned off), so Marginalia cannot clone.',
    };
  }
  if (/already exists and is not an empty directory/i.test(all)) {
    return withDetail({ kind: 'exists', message: `A folder for ${url.replace(/^https?:\/\//, '')} already exists where clones go, and is not empty.` });
  }
  if (
    code === 'RepositoryNotFound' ||
    saysRepositoryNotFound(all) ||
    /Repository not found|HTTP 404|returned error: 404|does not appear to be a git repository/i.test(all)
  ) {
    return withDetail({ kind: 'not-found', message: `${host} has no repository at ${url} (it may be private, renamed or removed).` });
  }
  if (
    code === 'AuthenticationFailed' ||
    /Authentication failed|could not read Username|terminal prompts disabled|Permission denied \(publickey|HTTP 401|HTTP 403/i.test(all)
  ) {
    return withDetail({ kind: 'auth', message: `${host} asked Git to sign in, and Git had no credentials for it.` });
  }
  if (
    code === 'RemoteConnectionError' ||
    code === 'CantAccessRemote' ||
    /Could not resolve host|unable to access|Failed to connect|Connection (refused|timed out|reset)|Network is unreachable|Could not read from remote|Operation timed out|SSL|early EOF|unable to look up/i.test(
      all,
    )
  ) {
    return withDetail({ kind: 'offline', message: `Git could not reach ${host}. Are you offline, or behind a proxy?` });
  }
  return withDetail({ kind: 'other', message: `Git could not clone ${url}.` });
}
