/**
 * Whether this bundle carries the hooks that only tests and benches use (window globals, the `ping` round trip):
 * true in development builds (`npm run build`, `--tests`) and in `--test-hooks` builds (bench:pdf), false in the
 * production build, where esbuild's `define` turns it into `false` and minification drops what it guards. Only
 * bundled code may read it: plain-Node unit tests do not define it.
 */
declare const __TEST_HOOKS__: boolean;
