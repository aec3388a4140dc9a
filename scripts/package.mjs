// `npm run package`: a clean production build packaged as dist/marginalia.vsix with @vscode/vsce.
// dist/ is emptied first so that source maps and test output of a development build never reach the package
// (.vscodeignore takes dist/ back in whole: vsce's `!` patterns win over every exclusion).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = 'dist/marginalia.vsix';

function run(command, args) {
  console.log(`[package] $ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[package] ${command} failed`);
    process.exit(result.status ?? 1);
  }
}

rmSync(join(root, 'dist'), { recursive: true, force: true });
run(process.execPath, ['esbuild.mjs', '--production']);
// --no-dependencies: everything the extension needs is bundled by esbuild.
run(process.execPath, [join(root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', out]);
console.log(`[package] ${join(root, out)}`);
