// Builds every runtime of Marginalia separately:
//   the extension for Node (desktop, remote), the extension for the browser (vscode.dev, VS Code for the Web),
//   one bundle per webview, the `marginalia` command line, the extension-host test suite, and copied assets.
// Usage: node esbuild.mjs [--watch] [--production] [--tests] [--test-hooks]
import * as esbuild from 'esbuild';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = dirname(fileURLToPath(import.meta.url));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
/** Hooks for tests and benches (see src/buildFlags.d.ts): out of the production build unless `--test-hooks`. */
const testHooks = !production || process.argv.includes('--test-hooks');

/** Webviews: one bundle each, `webview/<name>/main.ts` → `dist/webview/<name>.js`. */
const webviews = ['sidebar', 'paper', 'pdf', 'pdfBoot'];

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"', __TEST_HOOKS__: String(testHooks) },
};

/** What every bundle that runs on Node shares: the extension for Node, its worker threads, the CLI. */
const nodeBundle = { ...common, outdir: 'dist', platform: 'node', format: 'cjs', target: 'node20' };

/**
 * The BibTeX parser (@retorquere/bibtex-parser, about 1.2 MB bundled) is loaded only when a bibliography is read:
 * in the Node extension it is a file of its own, `dist/bibtexParser.js`, required on first use, so activation never
 * loads it. (The browser bundle keeps it inside, where its module body still runs only on first use.)
 */
const bibtexParserApart = {
  name: 'bibtex-parser-apart',
  setup(build) {
    build.onResolve({ filter: /^@retorquere\/bibtex-parser$/ }, () => ({ path: './bibtexParser.js', external: true }));
  },
};

/**
 * `vscode` required once. esbuild turns each file's `import * as vscode from 'vscode'` of an external into a copy of
 * the whole API object (its `__toESM` helper: a getter per API name, per importing file: about 50 files, most of the
 * module-evaluation time at activation). Here every file imports one internal module that re-exports the API: one
 * copy, with every name this VS Code has (those newer than @types/vscode too).
 */
const vscodeApiOnce = {
  name: 'vscode-api-once',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-api' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-api' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({ contents: "export * from 'vscode';\n", loader: 'js', resolveDir: root }));
  },
};

/**
 * Libraries that activation does not need, each a file of its own in the Node extension (`dist/lib/<name>.js`),
 * required the first time one of its exports is read: YAML (notes' front matter), the XML parser (feeds) and
 * MiniSearch (the search index when it is built in the host). The extension's import resolves to a stand-in whose
 * exports are getters; esbuild reads imported names at the point of use, so nothing loads until a note, a feed or an
 * index needs it. (The browser bundle keeps them inside.)
 */
const librariesOnFirstUse = ['yaml', 'fast-xml-parser', 'minisearch'];
const libraryFile = (name) => `lib/${name}.js`;

/** The names a library's Node bundle exports, read by running that bundle (as `require` will at run time). */
async function exportsOf(name) {
  const result = await esbuild.build({
    entryPoints: [name],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'error',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', result.outputFiles[0].text)(module, module.exports, createRequire(join(root, 'package.json')));
  return Object.keys(module.exports);
}

const librariesApart = {
  name: 'libraries-apart',
  setup(build) {
    const filter = new RegExp(`^(${librariesOnFirstUse.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) =>
      args.namespace === 'library-apart' ? { path: `./${libraryFile(args.path)}`, external: true } : { path: args.path, namespace: 'library-apart' },
    );
    build.onLoad({ filter: /.*/, namespace: 'library-apart' }, async (args) => {
      const names = await exportsOf(args.path);
      const getters = names.map((name) => `${JSON.stringify(name)}: { enumerable: true, get: () => load()[${JSON.stringify(name)}] }`);
      return {
        contents: `let library;\nconst load = () => (library ??= require(${JSON.stringify(args.path)}));\nObject.defineProperty(module.exports, '__esModule', { value: true });\nObject.defineProperties(module.exports, {\n${getters.join(',\n')}\n});\n`,
        loader: 'js',
        resolveDir: root,
      };
    });
  },
};

/**
 * The services apart from what VS Code loads at activation. `src/extension.ts` registers every way in and requires the
 * services (src/host/composition.ts) on the first call that needs them: in the Node extension that require is of a
 * file of its own, `dist/services.node.js`, so waking Marginalia loads only the small entry. (In the browser bundle
 * the services stay inside, their modules evaluated on that first call.)
 */
const servicesApart = {
  name: 'services-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/host\/composition$/ }, (args) =>
      args.importer.endsWith(join('src', 'extension.ts')) ? { path: './services.node.js', external: true } : undefined,
    );
  },
};

/** @type {esbuild.BuildOptions[]} */
const builds = [
  {
    ...nodeBundle,
    entryPoints: { 'extension.node': 'src/extension.ts' },
    plugins: [vscodeApiOnce, servicesApart],
  },
  {
    ...nodeBundle,
    entryPoints: { 'services.node': 'src/host/composition.ts' },
    plugins: [vscodeApiOnce, bibtexParserApart, librariesApart],
  },
  {
    ...nodeBundle,
    entryPoints: Object.fromEntries(librariesOnFirstUse.map((name) => [libraryFile(name).replace(/\.js$/, ''), name])),
    sourcemap: false,
    minify: true,
  },
  {
    ...nodeBundle,
    entryPoints: { bibtexParser: 'node_modules/@retorquere/bibtex-parser/dist/esm/index.js' },
    sourcemap: false,
    minify: true,
  },
  {
    ...nodeBundle,
    // The search index worker, the feed parser's thread and the workspace-relevance worker of the Node extension
    // host (worker_threads).
    entryPoints: {
      searchWorker: 'src/host/search/searchWorker.ts',
      feedWorker: 'src/host/feeds/feedWorker.ts',
      relevanceWorker: 'src/host/relevance/relevanceWorkerThread.ts',
    },
  },
  {
    ...nodeBundle,
    // pdf.js's worker in a thread of the Node extension host (pdf.js's legacy build: it runs on Node 20).
    entryPoints: { pdfWorkerThread: 'src/host/pdf/pdfWorkerThread.ts' },
    // pdf.js's sources are minified already; a source map of 1.5 MB would only slow the first start.
    sourcemap: false,
    minify: true,
  },
  {
    ...common,
    entryPoints: { 'extension.web': 'src/extension.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    // Imported only when the extension host runs on Node (the index worker); never loaded in the browser.
    external: ['node:worker_threads', 'node:fs'],
    plugins: [vscodeApiOnce],
    mainFields: ['browser', 'module', 'main'],
  },
  {
    ...nodeBundle,
    entryPoints: { cli: 'src/cli.ts' },
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    ...common,
    entryPoints: Object.fromEntries(webviews.map((name) => [name, `webview/${name}/main.ts`])),
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    loader: { '.ttf': 'file' },
  },
];

/**
 * `--tests`: the extension-host suite, each `test/e2e/extensionHost/*.ts` → `out/test/extensionHost/*.js`, kept out of
 * `dist/` so it never ships in the .vsix. `vscode` comes from the extension host, mocha from node_modules at run time.
 */
if (process.argv.includes('--tests')) {
  const suiteDir = 'test/e2e/extensionHost';
  builds.push({
    ...nodeBundle,
    entryPoints: readdirSync(join(root, suiteDir))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => `${suiteDir}/${name}`),
    outdir: 'out/test/extensionHost',
    external: ['vscode', 'mocha'],
  });
}

/** Copies assets the webviews load at run time. */
async function copyAssets() {
  await mkdir(join(root, 'dist/media'), { recursive: true });
  await cp(join(root, 'node_modules/@vscode/codicons/dist/codicon.css'), join(root, 'dist/media/codicon.css'));
  await cp(join(root, 'node_modules/@vscode/codicons/dist/codicon.ttf'), join(root, 'dist/media/codicon.ttf'));
  // KaTeX's stylesheet and the woff2 fonts it names first (every webview engine VS Code ships reads woff2).
  await mkdir(join(root, 'dist/media/katex/fonts'), { recursive: true });
  await cp(join(root, 'node_modules/katex/dist/katex.min.css'), join(root, 'dist/media/katex/katex.min.css'));
  for (const font of await readdir(join(root, 'node_modules/katex/dist/fonts'))) {
    if (font.endsWith('.woff2')) await cp(join(root, 'node_modules/katex/dist/fonts', font), join(root, 'dist/media/katex/fonts', font));
  }
  // pdf.js (pinned in package.json): the worker, which the reader starts from a blob: URL, and the data it fetches
  // through the main thread: CMaps (CJK text), the standard 14 fonts, and the WebAssembly image decoders.
  const pdfjs = join(root, 'node_modules/pdfjs-dist');
  await mkdir(join(root, 'dist/media/pdfjs'), { recursive: true });
  // The worker ships gzipped (1.2 MB -> about 0.3 MB): every byte of it crosses VS Code's webview resource loading
  // (the webview's service worker, the workbench, the remote file system) before it can start, and the page
  // inflates it with the browser's own DecompressionStream in a few milliseconds.
  const worker = await readFile(join(pdfjs, 'build/pdf.worker.min.mjs'));
  await writeFile(join(root, 'dist/media/pdfjs/pdf.worker.min.mjs.gz'), gzipSync(worker, { level: 9 }));
  await rm(join(root, 'dist/media/pdfjs/pdf.worker.min.mjs'), { force: true });
  for (const folder of ['cmaps', 'standard_fonts', 'wasm']) await cp(join(pdfjs, folder), join(root, 'dist/media/pdfjs', folder), { recursive: true });
}

/**
 * The bundled sample feeds, parsed with the core's own parsers so the shipped JSON is what a user would get:
 * - `sample-feed.json`: a Hugging Face papers page saved as text (`media/sample/daily-papers.txt`: titles and
 *   abstracts), with the recorded facts about its papers (`media/sample/seed-metadata.json`: arXiv ids, authors,
 *   dates, upvotes) applied where title and abstract agree (see `src/core/feeds/sampleRecords.ts`);
 * - `sample-hf-day.json`: a whole recorded Hugging Face Daily Papers day, as the API served it.
 * See media/sample/README.md for where each file comes from.
 */
async function buildSampleFeed() {
  const tmp = join(root, '.cache/build/sampleFeed.mjs');
  await esbuild.build({
    stdin: {
      contents:
        "export { parseDailyPapersText } from './dailyPapersText'; export { applySampleRecords } from './sampleRecords'; export { parseHfDaily } from './hfDaily';",
      resolveDir: join(root, 'src/core/feeds'),
      loader: 'ts',
    },
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  const { parseDailyPapersText, applySampleRecords, parseHfDaily } = await import(`${pathToFileURL(tmp).href}?t=${Date.now()}`);
  const text = await readFile(join(root, 'media/sample/daily-papers.txt'), 'utf8');
  const page = parseDailyPapersText(text);
  const metadata = JSON.parse(await readFile(join(root, 'media/sample/seed-metadata.json'), 'utf8'));
  const enriched = applySampleRecords(page.papers, metadata);
  for (const { title, reason } of enriched.rejected) console.warn(`[sample feed] record not applied to "${title}": ${reason}`);
  await writeFile(join(root, 'dist/sample-feed.json'), JSON.stringify({ ...page, papers: enriched.papers }));
  const day = parseHfDaily(await readFile(join(root, 'media/sample/hf-daily-2025-07-22.json'), 'utf8'));
  await writeFile(join(root, 'dist/sample-hf-day.json'), JSON.stringify(day));
  await rm(tmp, { force: true });
  console.log(
    `[sample feed] ${page.papers.length} papers (${enriched.applied.length} with recorded facts), ${page.skipped.length} skipped; HF day: ${day.papers.length} papers`,
  );
}

async function main() {
  await mkdir(join(root, 'dist'), { recursive: true });
  await copyAssets();
  await buildSampleFeed();
  if (watch) {
    const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    console.log('[watch] build finished, watching for changes...');
    return;
  }
  await Promise.all(builds.map((options) => esbuild.build(options)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
