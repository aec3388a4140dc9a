/** What `npm run package` puts in the .vsix: the bundles and assets, nothing a user does not need. */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { assertVsixBuilt, vsixPath } from './support/env';

/** Entry names of the .vsix (a zip), read with Python's zipfile: python3 is on every machine, unzip is not. */
function vsixEntries(): string[] {
  const script = 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))';
  return execFileSync('python3', ['-c', script, vsixPath], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

describe('the packaged .vsix', () => {
  it('contains the bundles and assets, and no source maps, sources or tests', () => {
    assertVsixBuilt();
    const entries = vsixEntries();
    for (const needed of [
      'package.json',
      'dist/extension.node.js',
      'dist/services.node.js',
      'dist/extension.web.js',
      'dist/sample-feed.json',
      'dist/webview/sidebar.js',
      'dist/webview/pdf.js',
      'dist/searchWorker.js',
      'dist/feedWorker.js',
      'dist/pdfWorkerThread.js',
      'dist/media/pdfjs/pdf.worker.min.mjs.gz',
      'dist/media/pdfjs/standard_fonts/LiberationSans-Regular.ttf',
      'media/papers.svg',
    ]) {
      assert.ok(entries.includes(`extension/${needed}`), `${needed} is missing from the .vsix`);
    }
    // The files the Node extension requires on first use (libraries kept out of activation) ship beside it.
    const read = (entry: string) =>
      execFileSync(
        'python3',
        ['-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())', vsixPath, `extension/${entry}`],
        { encoding: 'utf8', maxBuffer: 64 << 20 },
      );
    const requiredBy = (entry: string) => [...read(entry).matchAll(/require\("\.\/([^"]+)"\)/g)].map((m) => `dist/${m[1]}`);
    // Activation loads the small entry; the services are a file of their own, and the libraries files of theirs.
    assert.deepEqual(requiredBy('dist/extension.node.js'), ['dist/services.node.js'], 'the entry requires only the services, on first need');
    const required = requiredBy('dist/services.node.js');
    assert.ok(required.includes('dist/lib/yaml.js'), `YAML is loaded on first use (requires: ${required.join(', ')})`);
    required.push('dist/services.node.js');
    for (const file of required) assert.ok(entries.includes(`extension/${file}`), `${file}, required by the extension, is missing from the .vsix`);
    const unwanted = entries.filter((entry) => /\.map$|\.vsix$|^extension\/(src|test|out|scripts|webview|node_modules|\.cache)\//.test(entry));
    assert.deepEqual(unwanted, [], 'files that must not ship');
  });

  it('leaves out the hooks only tests and benches use', () => {
    assertVsixBuilt();
    const read = (entry: string) =>
      execFileSync(
        'python3',
        ['-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())', vsixPath, `extension/${entry}`],
        { encoding: 'utf8', maxBuffer: 64 << 20 },
      );
    const pdf = read('dist/webview/pdf.js');
    const sidebar = read('dist/webview/sidebar.js');
    assert.ok(pdf.length > 10_000 && sidebar.length > 10_000, 'the webview bundles were read');
    for (const hook of ['marginaliaPdfReader']) assert.ok(!pdf.includes(hook), `${hook} is in the PDF reader's bundle`);
    for (const hook of ['marginaliaPing', 'marginaliaLatencies']) assert.ok(!sidebar.includes(hook), `${hook} is in the Papers view's bundle`);
    // Kept on purpose: the UI tests of this package read them (see webview/sidebar/main.ts).
    assert.ok(sidebar.includes('marginaliaBreakdown'));
    for (const host of ['dist/extension.node.js', 'dist/services.node.js', 'dist/extension.web.js'])
      assert.doesNotMatch(read(host), /type:"pong"/, `${host} answers pings`);
  });

  it('names a 128×128 PNG icon in its manifest, and ships it (the Marketplace shows it)', () => {
    assertVsixBuilt();
    const script =
      'import sys, zipfile, json, struct; z = zipfile.ZipFile(sys.argv[1]); icon = json.loads(z.read("extension/package.json"))["icon"]; png = z.read("extension/" + icon); print(icon, png[:8] == bytes([137, 80, 78, 71, 13, 10, 26, 10]), *struct.unpack(">II", png[16:24]))';
    const [icon, isPng, width, height] = execFileSync('python3', ['-c', script, vsixPath], { encoding: 'utf8' }).trim().split(' ');
    assert.equal(icon, 'media/icon.png');
    assert.equal(isPng, 'True', 'the icon is a PNG');
    assert.deepEqual([width, height], ['128', '128']);
  });
});
