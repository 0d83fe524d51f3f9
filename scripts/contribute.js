#!/usr/bin/env node
// Merges a JSON fragment into package.json's `contributes` (and optional top-level keys), as a
// read-modify-write at the moment it runs, so several people can add entries without clobbering
// each other. Arrays of objects are merged by their id-like key (command, id, language, view…);
// objects are merged key by key; the fragment wins on conflicts.
//   node scripts/contribute.js fragment.json        fragment: { "contributes": {...}, "activationEvents": [...] }
'use strict';
const fs = require('fs');
const path = require('path');

const ID_KEYS = ['command', 'id', 'language', 'scopeName', 'viewType', 'key', 'path', 'name', 'title'];
function idOf(x) {
  if (x === null || typeof x !== 'object') return JSON.stringify(x);
  const k = ID_KEYS.find((k) => typeof x[k] === 'string');
  // keybindings and menu items are identified by command + when
  return k === 'command' ? `${x.command}|${x.when ?? ''}|${x.key ?? ''}` : k ? `${k}=${x[k]}` : JSON.stringify(x);
}
function merge(a, b) {
  if (Array.isArray(a) && Array.isArray(b)) {
    const out = [...a];
    for (const item of b) {
      const i = out.findIndex((x) => idOf(x) === idOf(item));
      if (i >= 0) out[i] = merge(out[i], item);
      else out.push(item);
    }
    return out;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? merge(out[k], v) : v;
    return out;
  }
  return b;
}
const file = path.join(__dirname, '..', 'package.json');
const fragment = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
const next = merge(pkg, fragment);
const tmp = `${file}.${process.pid}.tmp`;
fs.writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n');
fs.renameSync(tmp, file);
console.log(`package.json: merged ${process.argv[2]}`);
