#!/usr/bin/env node
// `npm run package`: a .vsix of the production build, made with @vscode/vsce, which is installed
// into .tools/vsce on first use (it is a large tool with native parts; the project does not need
// it otherwise). The bundles are self-contained, so the package carries no node_modules.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..');
const VSCE_DIR = path.join(REPO, '.tools', 'vsce');
const VSCE = path.join(VSCE_DIR, 'node_modules', '@vscode', 'vsce', 'vsce');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: REPO, ...opts });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!fs.existsSync(VSCE)) {
  console.log('[package] installing @vscode/vsce into .tools/vsce (first use, ~30 s)…');
  fs.mkdirSync(VSCE_DIR, { recursive: true });
  run('npm', ['install', '--prefix', VSCE_DIR, '--no-audit', '--no-fund', '--no-save', '@vscode/vsce@3']);
}
const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const out = `${pkg.name}-${pkg.version}.vsix`;
// No public repository yet: keep README links relative (they resolve inside the package).
run(process.execPath, [VSCE, 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out]);
const kib = (fs.statSync(path.join(REPO, out)).size / 1024).toFixed(0);
console.log(`[package] ${out} (${kib} KiB): install with "code --install-extension ${out}"`);
