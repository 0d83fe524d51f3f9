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

const FORBIDDEN = /^(vscode|fs|fs\/promises|node:fs|node:fs\/promises)$/;

describe('architecture', () => {
  it('finds imports in every form (the check itself can fail)', () => {
    const sample = `import * as vscode from 'vscode';\nimport { readFile } from "node:fs/promises";\nconst fs = require('fs');\nexport { x } from 'fs';\nconst m = await import('node:fs');`;
    assert.deepEqual(importsOf(sample).filter((s) => FORBIDDEN.test(s)).sort(), ['fs', 'fs', 'node:fs', 'node:fs/promises', 'vscode']);
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

  it('declares every command the extension registers in package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const declared = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
    const registered = new Set<string>();
    for (const file of tsFiles(path.join(ROOT, 'src'))) {
      for (const m of fs.readFileSync(file, 'utf8').matchAll(/['"](reflexiveQda\.[A-Za-z]+)['"]/g)) registered.add(m[1]);
    }
    const ids = fs.readFileSync(path.join(ROOT, 'src', 'vscode', 'ids.ts'), 'utf8');
    const commandIds = [...ids.matchAll(/:\s*'(reflexiveQda\.[A-Za-z]+)'/g)].map((m) => m[1]).filter((id) => !id.startsWith('reflexiveQda.coder') && id !== 'reflexiveQda');
    const missing = commandIds.filter((id) => !declared.has(id) && !/^reflexiveQda\.(coder|transcript|highlight)/.test(id));
    assert.deepEqual(missing, []);
  });
});
