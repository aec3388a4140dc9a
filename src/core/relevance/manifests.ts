/**
 * The names of a workspace's dependencies, from its manifests: what it builds on says what it is about
 * (`flash-attn`, `einops`, `diffusers`). Read leniently: a manifest that does not parse gives what could be read.
 */

/** Version specifiers, extras and markers after a Python requirement's name. */
const PY_REQUIREMENT = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/;

function pythonRequirement(line: string): string | undefined {
  const text = line.replace(/(?:^|\s)#(?!egg=).*/, '').trim();
  if (!text || text.startsWith('-') || /^(?:git\+|https?:|\.|\/)/.test(text)) {
    // `-e git+https://…#egg=name`: the egg name is the package.
    const egg = /#egg=([A-Za-z0-9._-]+)/.exec(text);
    return egg?.[1]?.toLowerCase();
  }
  return PY_REQUIREMENT.exec(text)?.[1]?.toLowerCase();
}

/** Quoted strings inside the first `[...]` after `key =` / `key:` (pyproject arrays, setup.py lists). */
function quotedListAfter(text: string, key: RegExp): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(key)) {
    const open = text.indexOf('[', m.index + m[0].length - 1);
    if (open < 0) continue;
    const close = text.indexOf(']', open);
    const body = text.slice(open + 1, close < 0 ? undefined : close);
    for (const q of body.matchAll(/["']([^"'\n]+)["']/g)) {
      const name = pythonRequirement(q[1]!);
      if (name) out.push(name);
    }
  }
  return out;
}

/** Keys of the TOML tables whose header matches `header` (`[tool.poetry.dependencies]`, Cargo's `[dependencies]`). */
function tomlTableKeys(text: string, header: RegExp): string[] {
  const out: string[] = [];
  let inside = false;
  for (const line of text.split(/\r?\n/)) {
    const h = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (h) {
      inside = header.test(h[1]!.trim());
      continue;
    }
    if (!inside) continue;
    const k = /^\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*=/.exec(line);
    if (k && k[1] !== 'python') out.push(k[1]!.toLowerCase());
  }
  return out;
}

/** Dependency names declared by a manifest, by its file name; empty for files that are not manifests. */
export function dependencyNames(fileName: string, text: string): string[] {
  const name = fileName.slice(fileName.lastIndexOf('/') + 1).toLowerCase();
  let names: string[] = [];
  if (/^requirements[^/]*\.txt$/.test(name)) {
    names = text
      .split(/\r?\n/)
      .map(pythonRequirement)
      .filter((n): n is string => n !== undefined);
  } else if (name === 'pyproject.toml') {
    // `[^\S\r\n\u2028\u2029]` is `\s` within one line: a `^\s*` ran on across every blank line after each line start.
    names = [
      ...quotedListAfter(text, /^[^\S\r\n\u2028\u2029]*(?:dependencies|requires)\s*=\s*\[/gm),
      ...tomlTableKeys(text, /^(?:tool\.poetry\.(?:dev-)?dependencies|tool\.poetry\.group\.[^.]+\.dependencies|project\.optional-dependencies)$/),
    ];
  } else if (name === 'setup.py') {
    names = quotedListAfter(text, /\b(?:install_requires|setup_requires|tests_require)\s*=\s*\[/g);
  } else if (name === 'setup.cfg') {
    const block = /install_requires\s*=\s*\n((?:[ \t]+\S.*\n?)+)/.exec(text);
    names = block
      ? block[1]!
          .split('\n')
          .map(pythonRequirement)
          .filter((n): n is string => n !== undefined)
      : [];
  } else if (name === 'package.json') {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
        const deps = json[key];
        if (deps && typeof deps === 'object') names.push(...Object.keys(deps).map((n) => n.toLowerCase()));
      }
    } catch {
      // Not JSON (a template, a half-edited file): no names.
    }
  } else if (name === 'environment.yml' || name === 'environment.yaml') {
    for (const m of text.matchAll(/^[^\S\r\n\u2028\u2029]*-\s+(?:pip:\s*)?([A-Za-z0-9][A-Za-z0-9._-]*)/gm)) if (m[1] !== 'pip') names.push(m[1]!.toLowerCase());
  } else if (name === 'cargo.toml') {
    names = tomlTableKeys(text, /^(?:dev-|build-)?dependencies$/);
  } else if (name === 'go.mod') {
    for (const m of text.matchAll(/^[^\S\r\n\u2028\u2029]*(?:require\s+)?([a-z0-9.-]+\.[a-z]+\/[^\s]+)\s+v\d/gm))
      names.push(m[1]!.slice(m[1]!.lastIndexOf('/') + 1).toLowerCase());
  } else if (name === 'pipfile') {
    names = tomlTableKeys(text, /^(?:dev-)?packages$/);
  }
  return [...new Set(names)];
}
