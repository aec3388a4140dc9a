/**
 * A local git repository standing in for a GitHub one, so that a clone in an e2e test needs no network: the test
 * points git's `url.insteadOf` for https://github.com/ at `<scratch>/github/`.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Creates `<scratch>/github/Alibaba-NLP/WebWalker` with one commit (a README) on `main`, and returns its path. */
export function createWebWalkerStandIn(scratch: string): string {
  const origin = join(scratch, 'github', 'Alibaba-NLP', 'WebWalker');
  mkdirSync(origin, { recursive: true });
  const git = (...args: string[]) => execFileSync('git', args, { cwd: origin, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  writeFileSync(join(origin, 'README.md'), '# WebWalker (local stand-in)\n');
  git('add', '.');
  git('-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'init');
  return origin;
}
