import assert from 'node:assert/strict';
import { wakeOnFirstCall } from '../../src/host/wake/wakeOnFirstCall';

interface Kept {
  dispose(): void;
}

/** A waker over fake services, recording starts, what the user was told and what was kept. */
function setUp(start: () => { readonly name: string }) {
  const told: string[] = [];
  const kept: Kept[] = [];
  let starts = 0;
  const wake = wakeOnFirstCall({
    start: () => {
      starts++;
      return start();
    },
    sayFailure: (error) => told.push(error.message),
    keep: (disposable) => kept.push(disposable),
  });
  return { wake, told, kept, starts: () => starts };
}

describe('the services, built on the first call that needs them', () => {
  it('builds them once, however many calls need them', () => {
    const { wake, starts } = setUp(() => ({ name: 'services' }));
    assert.equal(wake.awake(), false);
    assert.equal(starts(), 0);
    const first = wake();
    assert.equal(wake(), first);
    assert.equal(starts(), 1);
    assert.equal(wake.awake(), true);
    assert.equal(wake.failed(), false);
  });

  it('runs what waits for them on the wake, in order, and at once after it; keeps what they return', () => {
    const { wake, kept } = setUp(() => ({ name: 'services' }));
    const ran: string[] = [];
    const disposable = { dispose: () => undefined };
    wake.whenAwake((s) => (ran.push(`first ${s.name}`), disposable));
    wake.whenAwake((s) => (ran.push(`second ${s.name}`), undefined));
    assert.equal(ran.length, 0, 'nothing runs while they sleep');
    wake();
    assert.deepEqual(ran, ['first services', 'second services']);
    wake();
    assert.equal(ran.length, 2, 'a later call runs nothing again');
    wake.whenAwake((s) => (ran.push(`late ${s.name}`), disposable));
    assert.deepEqual(ran, ['first services', 'second services', 'late services']);
    assert.deepEqual(kept, [disposable, disposable]);
  });

  it('says a failed start once and throws its error on every later call, never starting half again', () => {
    const { wake, told, starts } = setUp(() => {
      throw new Error('services.node.js is missing');
    });
    const ran: string[] = [];
    wake.whenAwake(() => (ran.push('waited'), undefined));
    assert.throws(() => wake(), /^Error: Marginalia could not start: services\.node\.js is missing$/);
    const again = (() => {
      try {
        wake();
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    assert.ok(again instanceof Error);
    assert.equal(again.message, 'Marginalia could not start: services.node.js is missing');
    assert.ok(again.cause instanceof Error, 'the original error is kept as the cause');
    assert.equal(starts(), 1, 'a second call does not start them again');
    assert.deepEqual(told, ['Marginalia could not start: services.node.js is missing'], 'said once');
    assert.equal(wake.failed(), true);
    assert.equal(wake.awake(), false);
    assert.deepEqual(ran, [], 'what waited for them never ran');
  });
});
