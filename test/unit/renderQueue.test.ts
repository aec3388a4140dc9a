import assert from 'node:assert/strict';
import { RenderQueue } from '../../webview/pdf/renderQueue';

/** A task that records when it starts and finishes when the test says. */
function recorder() {
  const started: string[] = [];
  const finish = new Map<string, () => void>();
  const task = (key: string, priority: number) => ({
    priority,
    run: () =>
      new Promise<void>((resolve) => {
        started.push(key);
        finish.set(key, resolve);
      }),
  });
  return { started, finish, task };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('the PDF reader render queue', () => {
  it('starts a batch of requests with its most wanted, whatever order they were asked in', async () => {
    const queue = new RenderQueue();
    const { started, task } = recorder();
    // The pages around a jump to page 400, asked for in page order: the page above (a neighbour) comes first.
    queue.request('page:397', task('page:397', 2002));
    queue.request('page:399', task('page:399', 0));
    queue.request('page:400', task('page:400', 2001));
    await settle();
    assert.deepEqual(started, ['page:399']);
  });

  it('runs one task at a time, by priority, and is idle only when all have finished', async () => {
    const queue = new RenderQueue();
    const { started, finish, task } = recorder();
    queue.request('text:1', task('text:1', 1000));
    queue.request('page:2', task('page:2', 2001));
    queue.request('page:1', task('page:1', 0));
    let idle = false;
    void queue.whenIdle().then(() => (idle = true));
    await settle();
    assert.deepEqual(started, ['page:1']);
    finish.get('page:1')!();
    await settle();
    assert.deepEqual(started, ['page:1', 'text:1']);
    finish.get('text:1')!();
    await settle();
    assert.equal(idle, false);
    finish.get('page:2')!();
    await settle();
    assert.deepEqual(started, ['page:1', 'text:1', 'page:2']);
    assert.equal(idle, true);
  });

  it('drops a cancelled task and is not idle before a requested batch has started', async () => {
    const queue = new RenderQueue();
    const { started, finish, task } = recorder();
    queue.request('page:1', task('page:1', 0));
    queue.request('page:9', task('page:9', 1));
    queue.cancel('page:9');
    let idle = false;
    void queue.whenIdle().then(() => (idle = true));
    await settle();
    assert.equal(idle, false, 'the request is pending, not yet running');
    finish.get('page:1')!();
    await settle();
    assert.deepEqual(started, ['page:1']);
    assert.equal(idle, true);
  });
});
