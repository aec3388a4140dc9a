import assert from 'node:assert/strict';
import { classifyCloneFailure } from '../../src/core/git/cloneFailure';

/** What VS Code's Git extension throws: an Error with git's stderr and a code. */
function gitError(stderr: string, gitErrorCode?: string): Error {
  return Object.assign(new Error('Failed to execute git'), { stderr, gitErrorCode });
}

const url = 'https://github.com/state-spaces/mamba';

describe('clone failures in the user’s terms', () => {
  it('says Git is not available when the Git extension has no model (git.enabled off, git missing)', () => {
    const failure = classifyCloneFailure(new Error('Git model not found'), url);
    assert.equal(failure.kind, 'git-unavailable');
    assert.match(failure.message, /Git is not available in this VS Code/);
  });

  it('says Git is not available when git cannot be run at all', () => {
    assert.equal(classifyCloneFailure(new Error('Failed to execute git'), url).kind, 'git-unavailable');
    assert.equal(classifyCloneFailure(gitError('', 'GitNotFound'), url).kind, 'git-unavailable');
  });

  it('calls an unreachable host offline and keeps git’s own words', () => {
    const failure = classifyCloneFailure(
      gitError("Cloning into 'mamba'...\nfatal: unable to access 'https://github.com/state-spaces/mamba/': Could not resolve host: github.com\n"),
      url,
    );
    assert.equal(failure.kind, 'offline');
    assert.match(failure.message, /could not reach github\.com\. Are you offline/);
    assert.equal(failure.detail, "unable to access 'https://github.com/state-spaces/mamba/': Could not resolve host: github.com");
    assert.equal(
      classifyCloneFailure(
        gitError("fatal: unable to access 'http://127.0.0.1:1/x/': Failed to connect to 127.0.0.1 port 1 after 0 ms: Couldn't connect to server"),
        url,
      ).kind,
      'offline',
    );
  });

  it('tells a missing repository, a sign-in and an existing folder apart', () => {
    assert.equal(classifyCloneFailure(gitError("remote: Repository not found.\nfatal: repository 'https://github.com/a/b/' not found"), url).kind, 'not-found');
    assert.equal(classifyCloneFailure(gitError("fatal: could not read Username for 'https://github.com': terminal prompts disabled"), url).kind, 'auth');
    assert.equal(classifyCloneFailure(gitError("fatal: destination path 'mamba' already exists and is not an empty directory."), url).kind, 'exists');
  });

  it('falls back to naming the repository', () => {
    const failure = classifyCloneFailure(gitError('fatal: something unheard of'), url);
    assert.equal(failure.kind, 'other');
    assert.match(failure.message, /could not clone https:\/\/github\.com\/state-spaces\/mamba/);
    assert.equal(failure.detail, 'something unheard of');
  });
});
