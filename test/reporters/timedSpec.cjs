'use strict';
/**
 * Mocha's spec reporter, plus how long each top-level group of end-to-end tests took with its hooks (starting and
 * stopping VS Code, which the per-test times leave out). Where the suite's minutes go, printed as it runs.
 */
const Mocha = require('mocha');

const { Spec } = Mocha.reporters;
const { EVENT_SUITE_BEGIN, EVENT_SUITE_END } = Mocha.Runner.constants;

class TimedSpec extends Spec {
  constructor(runner, options) {
    super(runner, options);
    const started = new Map();
    runner.on(EVENT_SUITE_BEGIN, (suite) => {
      if (suite.parent?.root) started.set(suite, Date.now());
    });
    runner.on(EVENT_SUITE_END, (suite) => {
      const since = started.get(suite);
      if (since === undefined || !suite.file?.includes('/e2e/')) return;
      Mocha.reporters.Base.consoleLog(`    (${((Date.now() - since) / 1000).toFixed(1)} s with hooks)`);
    });
  }
}

module.exports = TimedSpec;
