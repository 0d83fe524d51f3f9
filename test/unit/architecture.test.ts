import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Module specifiers imported or required by a TypeScript source, in any form. */
export function importsOf(source: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[\w*{}\s,]+\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[\w*{}\s,]+\s+from\s+['"]([^'"]+)['"]/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) specs.push(m[1]);
  return specs;
}

/** The .ts file a relative specifier names (a file, or a folder's index.ts), else undefined. */
function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const target = path.resolve(path.dirname(from), spec);
  return [`${target}.ts`, path.join(target, 'index.ts')].find((f) => fs.existsSync(f));
}

/** The import graph of `files` (type-only imports count: a cycle of types is still a cycle of design). */
function importGraph(files: readonly string[]): Map<string, string[]> {
  return new Map(files.map((f) => [f, importsOf(fs.readFileSync(f, 'utf8')).flatMap((s) => resolveImport(f, s) ?? [])]));
}

/** The cycles of a directed graph: its strongly connected components of more than one node, or a node importing itself. */
export function cyclesOf(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

const FORBIDDEN = /^(vscode|fs|fs\/promises|node:fs|node:fs\/promises)$/;

describe('architecture', () => {
  it('finds imports in every form (the check itself can fail)', () => {
    const sample = `import * as vscode from 'vscode';\nimport { readFile } from "node:fs/promises";\nconst fs = require('fs');\nexport { x } from 'fs';\nconst m = await import('node:fs');`;
    assert.deepEqual(
      importsOf(sample)
        .filter((s) => FORBIDDEN.test(s))
        .sort(),
      ['fs', 'fs', 'node:fs', 'node:fs/promises', 'vscode'],
    );
  });

  it('keeps src/core free of vscode and fs, so it runs in the CLI, browser and plain Node', () => {
    const offenders: string[] = [];
    for (const file of tsFiles(path.join(ROOT, 'src', 'core'))) {
      for (const spec of importsOf(fs.readFileSync(file, 'utf8'))) {
        if (FORBIDDEN.test(spec)) offenders.push(`${path.relative(ROOT, file)} imports ${spec}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('keeps src/webview free of vscode', () => {
    const dir = path.join(ROOT, 'src', 'webview');
    if (!fs.existsSync(dir)) return;
    const offenders = tsFiles(dir).filter((f) => importsOf(fs.readFileSync(f, 'utf8')).includes('vscode'));
    assert.deepEqual(offenders, []);
  });

  it('takes every contributed id from ids.ts, and package.json declares exactly those', () => {
    const ids = require('../../src/vscode/ids') as typeof import('../../src/vscode/ids');
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const c = pkg.contributes;
    const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
    assert.deepEqual(sorted(c.commands.map((x: { command: string }) => x.command)), sorted(Object.values(ids.Commands)));
    const views = Object.values(c.views as Record<string, { id: string }[]>)
      .flat()
      .map((v) => v.id);
    const { container, ...viewIds } = ids.Views;
    assert.deepEqual(sorted(views), sorted(Object.values(viewIds)));
    assert.ok(Object.keys(c.views).includes(container));
    const settings = Object.keys(c.configuration.properties);
    const { section, ...settingIds } = ids.Settings;
    assert.deepEqual(sorted(settings), sorted(Object.values(settingIds)));
    assert.ok(settings.every((k) => k.startsWith(`${section}.`)));
    assert.deepEqual(sorted(c.languages.map((l: { id: string }) => l.id)), sorted(Object.values(ids.Languages)));
    // Every context key a `when` clause reads is one the extension sets.
    const whens = JSON.stringify(c).match(/reflexiveQda\.[A-Za-z]+(?=[^"]*")/g) ?? [];
    const walkthroughs = c.walkthroughs.map((w: { id: string }) => w.id);
    const known = new Set<string>([...walkthroughs, ...Object.values(ids.ContextKeys), ...Object.values(ids.Commands), ...views]);
    const unknown = sorted(whens.filter((w) => !known.has(w) && !settings.includes(w) && !settings.some((k) => k.startsWith(`${w}.`))));
    assert.deepEqual(unknown, []);
  });

  it('writes no contributed id as a literal outside ids.ts (comments aside)', () => {
    const offenders: string[] = [];
    for (const file of tsFiles(path.join(ROOT, 'src'))) {
      if (file.endsWith(path.join('vscode', 'ids.ts'))) continue;
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/^\s*(\*|\/\/|\/\*)/.test(line)) return;
          if (/['"`]reflexiveQda\.[A-Za-z]/.test(line)) offenders.push(`${path.relative(ROOT, file)}:${i + 1}`);
        });
    }
    assert.deepEqual(offenders, []);
  });

  it('finds a cycle when there is one (the check itself can fail)', () => {
    const g = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
      ['e', ['e']],
    ]);
    assert.deepEqual(cyclesOf(g), [['a', 'b', 'c'], ['e']]);
    assert.deepEqual(
      cyclesOf(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
      [],
    );
  });

  it('has no import cycle anywhere in src/', () => {
    const graph = importGraph(tsFiles(path.join(ROOT, 'src')));
    assert.deepEqual(
      cyclesOf(graph).map((c) => c.map((f) => path.relative(ROOT, f))),
      [],
    );
  });

  const CORE = path.join(ROOT, 'src', 'core');
  /** The feature folder of a core file (its first folder under src/core), or undefined for a loose file. */
  const folderOf = (file: string): string | undefined => {
    const parts = path.relative(CORE, file).split(path.sep);
    return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
  };

  it('reaches a core feature folder from outside only through its index.ts, so each folder has one public face', () => {
    const offenders: string[] = [];
    for (const [file, targets] of importGraph(tsFiles(path.join(ROOT, 'src')))) {
      for (const t of targets) {
        const folder = folderOf(t);
        if (folder && folder !== folderOf(file) && t !== path.join(CORE, folder, 'index.ts'))
          offenders.push(`${path.relative(ROOT, file)} -> ${path.relative(ROOT, t)}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('keeps the core feature folders in layers: no two folders depend on each other, even through others', () => {
    const folders = new Map<string, string[]>();
    for (const [file, targets] of importGraph(tsFiles(CORE))) {
      const from = folderOf(file) ?? '(root)';
      for (const t of targets) {
        const to = folderOf(t) ?? '(root)';
        if (to !== from && !(folders.get(from) ?? []).includes(to)) folders.set(from, [...(folders.get(from) ?? []), to]);
      }
    }
    assert.deepEqual(cyclesOf(folders), []);
  });

  it('keeps at most 10 loose files at the root of src/core (the rest lives in feature folders)', () => {
    const loose = fs
      .readdirSync(CORE, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => e.name);
    assert.ok(loose.length <= 10, loose.join(', '));
  });
});
