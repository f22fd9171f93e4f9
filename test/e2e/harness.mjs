#!/usr/bin/env node
// End-to-end harness: runs a VS Code extension inside a real VS Code (code-server 4.100.3 = VS Code
// 1.100.3) driven by headless Debian Chromium through playwright-core. Needs no internet besides the
// npm registry and Debian's packages. See test/e2e/README.md.
//
//   node test/e2e/harness.mjs --ext <dir> --tests <dir/out/test/index.js>   extension-host tests (mocha)
//   node test/e2e/harness.mjs --ext <dir> --ui <script.mjs>                 UI script against the workbench
//   node test/e2e/harness.mjs --vsix <file.vsix> --ui <script.mjs>          same, with the packaged extension
//   node test/e2e/harness.mjs --install-only                                prepare the cache and stop
//
// Last line of a test run: "N passed, N failed". Exit codes: see EXIT below.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { setTimeout, clearTimeout } from 'node:timers';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CODE_SERVER_VERSION = '4.100.3';
const TOOLS = { 'playwright-core': '1.64.1', mocha: '11.8.0' };
// @vscode/ripgrep (a dependency of code-server's VS Code) downloads rg from GitHub unless this file
// is already in $TMPDIR; we place Debian's rg there.
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_TARBALL = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  prereq: 3,
  install: 4,
  server: 5,
  browser: 6,
  timeout: 7,
  sigint: 130,
};

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = path.resolve(process.env.K8S_SIM_E2E_CACHE || path.join(REPO, '.cache/e2e'));
const CS_DIR = path.join(CACHE, 'code-server');
const TOOLS_DIR = path.join(CACHE, 'tools');
const CS_PKG = path.join(CS_DIR, 'node_modules/code-server');
const STAMP = '.k8s-sim-e2e-ok';
// Files that exist only when code-server's postinstall really ran.
const CS_CHECK = [
  'lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node',
  'lib/vscode/node_modules/@vscode/ripgrep/bin/rg',
  'lib/vscode/node_modules/node-pty/build/Release/pty.node',
  'lib/vscode/out/server-main.js',
];

const T0 = performance.now();
const timings = {};
const secs = (ms) => (ms / 1000).toFixed(1) + 's';
const mark = (name, since) => (timings[name] = Math.round(performance.now() - since));
const say = (msg) => console.log(`e2e: ${msg}`);

class HarnessError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
const fail = (code, message) => {
  throw new HarnessError(code, message);
};

// ---------------------------------------------------------------- arguments

function usage() {
  return [
    'usage: node test/e2e/harness.mjs (--ext DIR | --vsix FILE) (--tests INDEX.js | --ui SCRIPT.mjs) [options]',
    '       node test/e2e/harness.mjs --install-only',
    'options: --workspace DIR (copied into the run folder; default: empty folder)',
    '         --timeout SECONDS (the extension tests, or the whole UI script; default 900)',
    '         --step-timeout SECONDS (each UI step; default 180)',
    '         --locale TAG (the display language VS Code hands extensions, e.g. ko; default en)',
    'env: K8S_SIM_E2E_CACHE (cache folder, default <repo>/.cache/e2e)',
    '     K8S_SIM_E2E_KEEP_RUNS (run folders kept under test-output/e2e, default 20)',
  ].join('\n');
}

function parseArgs(argv) {
  const opts = { timeout: 900, stepTimeout: 180 };
  const takes = new Set([
    '--ext',
    '--tests',
    '--ui',
    '--vsix',
    '--workspace',
    '--timeout',
    '--step-timeout',
    '--locale',
  ]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') {
      console.log(usage());
      process.exit(EXIT.ok);
    } else if (a === '--install-only') opts.installOnly = true;
    else if (takes.has(a)) {
      if (i + 1 >= argv.length) fail(EXIT.usage, `${a} needs a value\n${usage()}`);
      const key = a.slice(2).replace(/-(\w)/g, (_, c) => c.toUpperCase());
      opts[key] = argv[++i];
    } else fail(EXIT.usage, `unknown argument ${a}\n${usage()}`);
  }
  for (const k of ['timeout', 'stepTimeout']) {
    opts[k] = Number(opts[k]);
    if (!(opts[k] > 0))
      fail(EXIT.usage, `--${k === 'timeout' ? 'timeout' : 'step-timeout'} must be a positive number`);
  }
  if (opts.installOnly) return opts;
  if (!!opts.ext === !!opts.vsix) fail(EXIT.usage, `give exactly one of --ext and --vsix\n${usage()}`);
  if (!!opts.tests === !!opts.ui) fail(EXIT.usage, `give exactly one of --tests and --ui\n${usage()}`);
  if (opts.vsix && opts.tests)
    fail(EXIT.usage, '--tests needs --ext (extension tests run only in an extension development host)');
  for (const k of ['ext', 'vsix', 'tests', 'ui', 'workspace']) {
    if (!opts[k]) continue;
    opts[k] = path.resolve(opts[k]);
    if (!fs.existsSync(opts[k])) fail(EXIT.usage, `--${k} ${opts[k]}: no such file or folder`);
  }
  if (opts.ext) checkExtension(opts.ext);
  return opts;
}

function checkExtension(dir) {
  const pj = path.join(dir, 'package.json');
  if (!fs.existsSync(pj)) fail(EXIT.usage, `--ext ${dir}: no package.json there`);
  const pkg = JSON.parse(fs.readFileSync(pj, 'utf8'));
  if (pkg.main) {
    const main = path.resolve(dir, pkg.main);
    const found = [main, main + '.js'].some((f) => fs.existsSync(f));
    if (!found)
      fail(EXIT.usage, `--ext ${dir}: "main" ${pkg.main} does not exist; build the extension first`);
  }
  const m = /^[\^~>=\s]*1\.(\d+)/.exec(pkg.engines?.vscode ?? '');
  if (!pkg.engines?.vscode) say(`warning: ${pj} has no engines.vscode; VS Code will refuse to load it`);
  else if (m && Number(m[1]) > 100)
    say(
      `warning: engines.vscode ${pkg.engines.vscode} does not accept 1.100 (code-server ${CODE_SERVER_VERSION})`,
    );
}

// ---------------------------------------------------------------- processes

const groups = new Set(); // process-group ids of everything we started detached
const tempDirs = new Set(); // folders outside the run folder, removed at exit

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function killGroupSync(pgid) {
  if (!groupAlive(pgid)) return groups.delete(pgid);
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  const deadline = Date.now() + 3000;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  while (groupAlive(pgid) && Date.now() < deadline) Atomics.wait(cell, 0, 0, 100);
  if (groupAlive(pgid)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  groups.delete(pgid);
}

async function killGroup(pgid) {
  if (!groupAlive(pgid)) return groups.delete(pgid);
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  for (let i = 0; i < 30 && groupAlive(pgid); i++) await sleep(100);
  if (groupAlive(pgid)) {
    // Seen: an extension host that was still starting ignores SIGTERM (the guide's "lingers").
    const ps = spawnSync('ps', ['-o', 'pid=,args=', '-g', String(pgid)], { encoding: 'utf8' });
    const left = (ps.stdout || '')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.trim().slice(0, 100));
    say(`SIGKILL to what is left of process group ${pgid} after 3s: ${left.join(' | ') || '?'}`);
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  groups.delete(pgid);
}

function killAllSync() {
  for (const g of [...groups]) killGroupSync(g);
  for (const t of [...tempDirs]) {
    fs.rmSync(t, { recursive: true, force: true });
    tempDirs.delete(t);
  }
}
process.on('exit', killAllSync);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`e2e: ${sig}: stopping everything this harness started`);
    killAllSync();
    process.exit(EXIT.sigint);
  });
}

/** Runs a command in its own process group, output to logFile; rejects on timeout (group killed). */
function run(cmd, args, { cwd, env, logFile, timeoutMs, what }) {
  return new Promise((resolve, reject) => {
    const fd = fs.openSync(logFile, 'a');
    fs.writeSync(fd, `\n$ ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    groups.add(child.pid);
    const timer = setTimeout(() => {
      killGroup(child.pid).then(() =>
        reject(new HarnessError(EXIT.timeout, `${what} took more than ${secs(timeoutMs)}; log: ${logFile}`)),
      );
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new HarnessError(EXIT.install, `${what}: ${err.message}`));
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      groups.delete(child.pid);
      resolve(code ?? (signal ? 128 : 1));
    });
  });
}

function tail(file, n = 25) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

// ---------------------------------------------------------------- prerequisites and cache

function codeServerReady() {
  return (
    fs.existsSync(path.join(CS_DIR, STAMP)) && CS_CHECK.every((f) => fs.existsSync(path.join(CS_PKG, f)))
  );
}

function toolsReady() {
  return Object.entries(TOOLS).every(([name, version]) => {
    try {
      const pj = path.join(TOOLS_DIR, 'node_modules', name, 'package.json');
      return JSON.parse(fs.readFileSync(pj, 'utf8')).version === version;
    } catch {
      return false;
    }
  });
}

/** Folders where Debian's Korean fonts live (fonts-nanum, fonts-noto-cjk, fonts-unfonts-core). */
const KOREAN_FONT_DIRS = [
  '/usr/share/fonts/truetype/nanum',
  '/usr/share/fonts/opentype/noto',
  '/usr/share/fonts/truetype/unfonts-core',
];

/** Whether a font with Korean glyphs is installed (else Chromium draws Hangul as boxes). Read from
 * the font folders, not fc-list: fontconfig's tools need not be installed. */
function hasKoreanFont() {
  return KOREAN_FONT_DIRS.some((d) => fs.existsSync(d) && fs.readdirSync(d).length > 0);
}

async function ensureSystemPackages({ locale } = {}) {
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (!which('rg')) missing.push('ripgrep');
  // libkrb5-dev is needed only to build code-server's kerberos add-on during a cold install.
  if (!codeServerReady() && !which('krb5-config')) missing.push('libkrb5-dev');
  // Only for readable screenshots of a Korean run (its checks read text either way): installed
  // with the rest as root, otherwise a warning, never a failure.
  const font = locale === 'ko' && !hasKoreanFont() ? ['fonts-nanum'] : [];
  const isRoot = process.getuid?.() === 0;
  if (font.length > 0 && !isRoot)
    say('no Korean font: screenshots will show Hangul as boxes (sudo apt-get install -y fonts-nanum)');
  if (missing.length === 0 && (font.length === 0 || !isRoot)) return;
  const packages = [...(missing.length > 0 ? ['chromium', 'libkrb5-dev', 'ripgrep'] : []), ...font];
  const line = `apt-get install -y ${packages.join(' ')}`;
  if (!isRoot)
    fail(EXIT.prereq, `missing ${missing.join(', ')}: run "sudo apt-get update && sudo ${line}", then retry`);
  fs.mkdirSync(CACHE, { recursive: true });
  const log = path.join(CACHE, 'apt.log');
  say(`installing Debian packages (missing ${[...missing, ...font].join(', ')}); log: ${log}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const t = performance.now();
  const opts = { env, logFile: log, timeoutMs: 15 * 60_000, what: 'apt-get' };
  if ((await run('apt-get', ['update'], { ...opts, what: 'apt-get update' })) !== 0)
    fail(EXIT.prereq, `apt-get update failed:\n${tail(log)}`);
  if ((await run('apt-get', ['install', '-y', ...packages], opts)) !== 0)
    fail(EXIT.prereq, `${line} failed:\n${tail(log)}`);
  mark('apt', t);
  say(`Debian packages installed in ${secs(timings.apt)}`);
}

/** npm-installs `specs` into a fresh folder next to `dir`, checks it, then renames it into place. */
async function installInto(dir, specs, { env, check, what, prepare, ready }) {
  // Another harness run (another clone or worktree sharing the cache) is installing the same
  // folder: wait for it to end, then use what it installed. Leftovers of interrupted installs
  // (their process is gone) are removed.
  const others = () =>
    fs.readdirSync(path.dirname(dir)).flatMap((f) => {
      const m = /\.tmp-(\d+)$/.exec(f);
      if (!m || !f.startsWith(path.basename(dir) + '.') || Number(m[1]) === process.pid) return [];
      if (pidAlive(Number(m[1]))) return [Number(m[1])];
      fs.rmSync(path.join(path.dirname(dir), f), { recursive: true, force: true });
      return [];
    });
  const deadline = Date.now() + 20 * 60_000;
  for (let busy = others(), said = false; busy.length; busy = others()) {
    if (!said) say(`waiting for the install of ${path.basename(dir)} by process ${busy.join(', ')}`);
    said = true;
    if (Date.now() > deadline)
      fail(EXIT.timeout, `the install by process ${busy.join(', ')} is still running`);
    await sleep(1000);
  }
  if (ready?.()) return;
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  fs.writeFileSync(
    path.join(tmp, 'package.json'),
    JSON.stringify({ name: `k8s-sim-e2e-${path.basename(dir)}`, private: true }, null, 2) + '\n',
  );
  const log = path.join(CACHE, `install-${path.basename(dir)}.log`);
  fs.writeFileSync(log, '');
  if (prepare) prepare(tmp);
  say(`installing ${specs.join(' ')} into ${dir} (log: ${log})`);
  const args = ['install', '--no-audit', '--no-fund', '--no-update-notifier', ...specs];
  const code = await run('npm', args, { cwd: tmp, env, logFile: log, timeoutMs: 20 * 60_000, what });
  if (code !== 0)
    fail(EXIT.install, `${what} failed (npm exit ${code}); last lines of ${log}:\n${tail(log)}`);
  const missing = check(tmp);
  if (missing.length)
    fail(EXIT.install, `${what}: npm succeeded but ${missing.join(', ')} missing; see ${log}:\n${tail(log)}`);
  fs.rmSync(path.join(tmp, '.tmp'), { recursive: true, force: true });
  fs.writeFileSync(path.join(tmp, STAMP), `${specs.join(' ')}\n`);
  if (ready?.()) {
    // Another run finished the same install meanwhile and may be using it: keep theirs.
    fs.rmSync(tmp, { recursive: true, force: true });
    return;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  try {
    fs.renameSync(tmp, dir);
  } catch (err) {
    // Another harness run finished the same install first: keep theirs.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dir, STAMP))) throw err;
  }
}

async function ensureCache() {
  fs.mkdirSync(CACHE, { recursive: true });
  const t = performance.now();
  let cold = false;
  if (!codeServerReady()) {
    cold = true;
    const rg = which('rg');
    const triple = RIPGREP_TARBALL[process.arch];
    if (!triple) fail(EXIT.prereq, `no known ripgrep tarball name for ${process.arch}`);
    const env = {
      ...process.env,
      npm_config_unsafe_perm: 'true', // its postinstall refuses to run as root otherwise
      npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
    };
    await installInto(CS_DIR, [`code-server@${CODE_SERVER_VERSION}`], {
      what: `npm install code-server@${CODE_SERVER_VERSION}`,
      env,
      ready: codeServerReady,
      prepare(tmp) {
        // @vscode/ripgrep's postinstall looks in os.tmpdir() for the tarball before downloading.
        const tmpdir = path.join(tmp, '.tmp');
        const dir = path.join(tmpdir, RIPGREP_CACHE);
        const stage = path.join(tmpdir, 'rg-stage');
        fs.mkdirSync(dir, { recursive: true });
        fs.mkdirSync(stage, { recursive: true });
        fs.copyFileSync(rg, path.join(stage, 'rg'));
        fs.chmodSync(path.join(stage, 'rg'), 0o755);
        const tarball = path.join(dir, `ripgrep-v13.0.0-10-${triple}.tar.gz`);
        const r = spawnSync('tar', ['-czf', tarball, '-C', stage, 'rg'], { encoding: 'utf8' });
        if (r.status !== 0) fail(EXIT.install, `could not make ${tarball}: ${r.stderr}`);
        env.TMPDIR = tmpdir;
      },
      check: (tmp) => CS_CHECK.filter((f) => !fs.existsSync(path.join(tmp, 'node_modules/code-server', f))),
    });
  }
  if (!toolsReady()) {
    cold = true;
    const specs = Object.entries(TOOLS).map(([n, v]) => `${n}@${v}`);
    await installInto(TOOLS_DIR, specs, {
      what: `npm install ${specs.join(' ')}`,
      env: process.env,
      ready: toolsReady,
      check: (tmp) => Object.keys(TOOLS).filter((n) => !fs.existsSync(path.join(tmp, 'node_modules', n))),
    });
  }
  mark(cold ? 'coldInstall' : 'cacheCheck', t);
  say(cold ? `cache installed in ${secs(timings.coldInstall)} (${CACHE})` : `cache ok (${CACHE})`);
}

// ---------------------------------------------------------------- code-server

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

function codeServerEntry() {
  const pkg = JSON.parse(fs.readFileSync(path.join(CS_PKG, 'package.json'), 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin['code-server'];
  return path.join(CS_PKG, bin);
}

function makeRunDirs(runDir) {
  const d = {};
  for (const k of [
    'userData',
    'extensions',
    'xdgConfig',
    'xdgCache',
    'xdgData',
    'workspace',
    'screenshots',
    'browserHome',
  ])
    d[k] = path.join(
      runDir,
      k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()),
    );
  for (const v of Object.values(d)) fs.mkdirSync(v, { recursive: true });
  // VS Code puts unix sockets (vscode-ipc-<uuid>.sock, 50 chars) in TMPDIR, and a socket path must stay
  // under 108 bytes: <run folder>/tmp is used only when that fits, else a fresh folder in /tmp
  // (linked from the run folder, removed at the end).
  const local = path.join(runDir, 'tmp');
  if (local.length + 60 < 108) {
    fs.mkdirSync(local);
    d.tmp = local;
  } else {
    d.tmp = fs.mkdtempSync(path.join(fs.existsSync('/tmp') ? '/tmp' : os.tmpdir(), 'k8s-sim-e2e-'));
    fs.symlinkSync(d.tmp, local);
    tempDirs.add(d.tmp);
  }
  fs.mkdirSync(path.join(d.userData, 'User'), { recursive: true });
  const settings = {
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'chat.disableAIFeatures': true,
    'git.enabled': false,
  };
  fs.writeFileSync(path.join(d.userData, 'User/settings.json'), JSON.stringify(settings, null, 2));
  return d;
}

function serverEnv(d) {
  const env = { ...process.env };
  for (const k of ['PASSWORD', 'HASHED_PASSWORD', 'VSCODE_PROXY_URI', 'CODE_SERVER_CONFIG']) delete env[k];
  return {
    ...env,
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: d.xdgConfig,
    XDG_CACHE_HOME: d.xdgCache,
    XDG_DATA_HOME: d.xdgData,
    TMPDIR: d.tmp,
    // Extension-test entries load mocha from here (see fixture-extension/test/index.js).
    K8S_SIM_E2E_MOCHA: path.join(TOOLS_DIR, 'node_modules/mocha'),
  };
}

const commonServerArgs = (d) => ['--user-data-dir', d.userData, '--extensions-dir', d.extensions];

async function installVsix(vsix, d, runDir) {
  const log = path.join(runDir, 'install-extension.log');
  const t = performance.now();
  say(`installing ${vsix} into ${d.extensions}`);
  const args = [codeServerEntry(), ...commonServerArgs(d), '--install-extension', vsix];
  const code = await run(process.execPath, args, {
    env: serverEnv(d),
    logFile: log,
    timeoutMs: 120_000,
    what: 'code-server --install-extension',
  });
  const out = fs.readFileSync(log, 'utf8');
  if (code !== 0 || !/successfully installed/i.test(out))
    fail(EXIT.install, `code-server --install-extension ${vsix} failed (exit ${code}):\n${tail(log)}`);
  mark('installVsix', t);
}

/**
 * VS Code hands extensions a display language only when a language pack declares it. The real
 * packs come from the Marketplace, out of reach here: test/e2e/language-pack-<locale>/ declares
 * the language without translating VS Code itself, so the workbench stays in English while
 * extensions get `vscode.env.language === <locale>` (their package.nls.<locale>.json and l10n
 * bundles). Packaged with the project's vsce and installed like a .vsix.
 */
async function installLanguagePack(locale, d, runDir) {
  const dir = path.join(REPO, 'test/e2e', `language-pack-${locale}`);
  if (!fs.existsSync(path.join(dir, 'package.json')))
    fail(EXIT.usage, `--locale ${locale}: no stand-in language pack at ${dir}`);
  const vsce = path.join(REPO, 'node_modules/@vscode/vsce/vsce');
  if (!fs.existsSync(vsce)) fail(EXIT.usage, `--locale needs @vscode/vsce installed in ${REPO}`);
  const out = path.join(runDir, `language-pack-${locale}.vsix`);
  const log = path.join(runDir, 'language-pack.log');
  const code = await run(
    process.execPath,
    [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out],
    { cwd: dir, env: process.env, logFile: log, timeoutMs: 120_000, what: 'packaging the language pack' },
  );
  if (code !== 0 || !fs.existsSync(out)) fail(EXIT.install, `packaging ${dir} failed:\n${tail(log)}`);
  await installVsix(out, d, runDir);
  // The server reads the display languages from this cache when it starts (the running server
  // writes it on an install; the CLI install above does not): the entry the pack would get.
  const pack = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const installed = fs.readdirSync(d.extensions).find((f) => f.startsWith(`${pack.publisher}.${pack.name}-`));
  if (!installed) fail(EXIT.install, `the ${locale} language pack is not in ${d.extensions}`);
  const translations = path.join(d.extensions, installed, 'translations', 'main.i18n.json');
  const cache = {
    [locale]: {
      hash: `k8s-sim-stand-in-${locale}`,
      extensions: [{ extensionIdentifier: { id: `${pack.publisher}.${pack.name}` }, version: pack.version }],
      translations: { vscode: translations },
      label: locale,
    },
  };
  fs.writeFileSync(path.join(d.userData, 'languagepacks.json'), JSON.stringify(cache, null, 2));
}

async function startServer(d, runDir) {
  const t = performance.now();
  const port = await freePort();
  const config = path.join(runDir, 'code-server.yaml');
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const log = path.join(runDir, 'server.log');
  const fd = fs.openSync(log, 'a');
  const args = [
    codeServerEntry(),
    '--config',
    config,
    ...commonServerArgs(d),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    ...(d.locale ? ['--locale', d.locale] : []),
    d.workspace,
  ];
  const child = spawn(process.execPath, args, {
    env: serverEnv(d),
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  fs.closeSync(fd);
  groups.add(child.pid);
  let exited = null;
  child.on('exit', (code, signal) => (exited = { code, signal }));
  const deadline = Date.now() + 60_000;
  while ((await httpStatus(`http://127.0.0.1:${port}/healthz`)) !== 200) {
    if (exited)
      fail(
        EXIT.server,
        `code-server exited (${exited.code ?? exited.signal}) before it was ready:\n${tail(log)}`,
      );
    if (Date.now() > deadline)
      fail(EXIT.server, `code-server not healthy after 60s; log: ${log}\n${tail(log)}`);
    await sleep(200);
  }
  mark('serverReady', t);
  say(`code-server ${CODE_SERVER_VERSION} ready on 127.0.0.1:${port} in ${secs(timings.serverReady)}`);
  return { port, pgid: child.pid, log };
}

// ---------------------------------------------------------------- browser

function requireTool(name) {
  return createRequire(path.join(TOOLS_DIR, 'package.json'))(name);
}

async function openBrowser(runDir, d) {
  const { chromium } = requireTool('playwright-core');
  const home = d.browserHome;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    // Chromium's crash reporter and GTK write under $HOME otherwise (~/.config/chromium, ~/.cache/dconf).
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: `${home}/.config`, XDG_CACHE_HOME: `${home}/.cache` },
    timeout: 60_000,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  // The window size the issue asks the student views to work in (1100×800).
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(60_000); // a bound for conditions, generous for a loaded machine
  const consoleLog = fs.createWriteStream(path.join(runDir, 'browser-console.log'));
  page.on('console', (m) => consoleLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => consoleLog.write(`[pageerror] ${e.stack || e.message}\n`));
  return { browser, context, page, consoleLog };
}

function workbenchUrl(port, workspace, payload) {
  let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

const remote = (port, p) => `vscode-remote://127.0.0.1:${port}${p}`;

async function openWorkbench(page, url) {
  const t = performance.now();
  await page.goto(url, { timeout: 60_000 });
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  mark('workbenchReady', t);
  timings.startToWorkbench = Math.round(performance.now() - T0);
  say(`workbench ready in ${secs(timings.workbenchReady)} (${secs(timings.startToWorkbench)} after start)`);
}

function withTimeout(promise, ms, what, code = EXIT.timeout) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new HarnessError(code, `${what}: no result after ${secs(ms)}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------- mode: extension-host tests

/** Mocha's own summary ("3 passing", "1 failing", "2 pending"), last one in the log. */
export function parseMochaSummary(text) {
  const last = (re) => {
    const all = [...text.matchAll(re)];
    return all.length ? Number(all[all.length - 1][1]) : null;
  };
  return {
    passed: last(/^\s*(\d+) passing\b/gm),
    failed: last(/^\s*(\d+) failing\b/gm),
    pending: last(/^\s*(\d+) pending\b/gm),
  };
}

// Workbench chatter that codeAutomationLog also receives: kept in tests.log, not echoed.
const NOISE = [
  /^Ignoring fetching additional builtin extensions/,
  /^(Resolving|Resolved) connection token/,
  /^Creating a socket \(/,
  /^\[Service Worker\]/,
  /^ChatSessionStore:/,
  /^Updating additional builtin extensions cache/,
];

async function runTests(opts, page, port, d, runDir) {
  const logFile = path.join(runDir, 'tests.log');
  const out = fs.createWriteStream(logFile);
  let text = '';
  let resolveExit;
  const exited = new Promise((r) => (resolveExit = r));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    text += line + '\n';
    out.write(line + '\n');
    if (!NOISE.some((re) => re.test(line)))
      (type === 'error' ? process.stderr : process.stdout).write(line + '\n');
  });
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
  const payload = [
    ['extensionDevelopmentPath', remote(port, opts.ext)],
    ['extensionTestsPath', remote(port, opts.tests)],
  ];
  await openWorkbench(page, workbenchUrl(port, d.workspace, payload));
  const t = performance.now();
  const code = await withTimeout(
    exited,
    opts.timeout * 1000,
    'extension tests (codeAutomationExit never called)',
  );
  mark('tests', t);
  await new Promise((r) => out.end(r));
  const s = parseMochaSummary(text);
  let passed = s.passed ?? 0;
  let failed = s.failed ?? 0;
  if (code !== 0 && failed === 0) failed = 1; // the run itself failed (e.g. index.js threw)
  if (s.passed === null) say(`warning: no mocha summary ("N passing") in the test log (${logFile})`);
  say(`extension tests exited with code ${code} in ${secs(timings.tests)}; log: ${logFile}`);
  return { passed, failed, pending: s.pending ?? 0, ok: code === 0 && failed === 0 };
}

// ---------------------------------------------------------------- mode: UI script

class StepAbort extends Error {}

const slug = (s) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60) || 'shot';

function workbenchHelpers(page) {
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const helpers = {
    /** Opens a workspace file: a click on its explorer row (top level) or Quick Open (nested). */
    async openFile(rel) {
      const base = path.basename(rel);
      if (!rel.includes('/')) {
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: base }).first().click();
      } else {
        // A key pressed while the workbench is still starting can be lost: press again if Quick
        // Open did not show (a visible Quick Open is never toggled by this).
        const input = page.locator('.quick-input-widget input');
        for (let i = 1; ; i++) {
          await page.keyboard.press('Control+P');
          const shown = await input.waitFor({ timeout: 5000 }).then(
            () => true,
            () => false,
          );
          if (shown) break;
          if (i === 6) throw new Error(`Quick Open did not show after ${i} presses of Ctrl+P`);
        }
        await input.fill(rel);
        // Enter opens the focused row: wait until that is the file (the list fills in as it searches).
        await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: base }).first().waitFor();
        await page.keyboard.press('Enter');
        await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      }
      await page
        .locator('.tabs-container .tab', { hasText: new RegExp(escape(base)) })
        .first()
        .waitFor();
      await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor();
    },
    /** Runs a command by its title through the command palette. */
    async runCommand(title) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor();
      await input.fill('>' + title);
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).first().waitFor();
      await page.keyboard.press('Enter');
    },
    /** The content frame of the (first) visible webview. */
    webview() {
      return page.frameLocator('iframe.webview').first().frameLocator('iframe#active-frame');
    },
  };
  return helpers;
}

async function runUi(opts, page, context, browser, port, d, runDir, mod) {
  const results = [];
  const shots = [];
  const screenshot = async (name) => {
    const file = path.join(d.screenshots, `${slug(name)}.png`);
    await page.screenshot({ path: file, timeout: 15_000, animations: 'disabled' });
    shots.push(file);
    say(`screenshot ${path.relative(REPO, file)}`);
    return file;
  };
  const step = async (name, fn, stepOpts = {}) => {
    const t = performance.now();
    try {
      await withTimeout(
        Promise.resolve().then(fn),
        (stepOpts.timeout ?? opts.stepTimeout) * 1000,
        `step "${name}"`,
      );
      results.push({ name, ok: true, ms: performance.now() - t });
      console.log(`  ✓ ${name} (${secs(performance.now() - t)})`);
    } catch (err) {
      const message = util.stripVTControlCharacters(String(err.message)).trimEnd();
      results.push({ name, ok: false, ms: performance.now() - t, error: message });
      console.log(`  ✗ ${name} (${secs(performance.now() - t)})\n    ${message.split('\n').join('\n    ')}`);
      await screenshot(`FAILED-${name}`).catch(() => {});
      if (!stepOpts.soft) throw new StepAbort(name);
    }
  };
  const payload = opts.ext ? [['extensionDevelopmentPath', remote(port, opts.ext)]] : [];
  await openWorkbench(page, workbenchUrl(port, d.workspace, payload));
  await page.locator('.explorer-folders-view').waitFor({ timeout: 30_000 });
  const t = performance.now();
  const api = {
    page,
    context,
    browser,
    workspace: d.workspace,
    runDir,
    baseUrl: `http://127.0.0.1:${port}`,
    screenshot,
    step,
    vscode: workbenchHelpers(page),
    log: (...a) => say(util.format(...a)),
  };
  try {
    await withTimeout(
      Promise.resolve().then(() => mod.default(api)),
      opts.timeout * 1000,
      'UI script',
    );
  } catch (err) {
    if (!(err instanceof StepAbort)) {
      results.push({ name: 'UI script', ok: false, error: err.message });
      console.log(`  ✗ UI script failed outside a step: ${err.stack || err.message}`);
      await screenshot('FAILED-script').catch(() => {});
    }
  }
  mark('ui', t);
  fs.writeFileSync(path.join(runDir, 'ui-results.json'), JSON.stringify(results, null, 2));
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  if (results.length === 0) say('warning: the UI script ran no step');
  say(`UI script done in ${secs(timings.ui)}; screenshots in ${path.relative(REPO, d.screenshots)}/`);
  return { passed, failed, pending: 0, ok: failed === 0 && results.length > 0 };
}

// ---------------------------------------------------------------- main

/** Keeps the newest `keep` run folders (names start with an ISO timestamp, so they sort by age). */
function pruneRuns(root, keep) {
  if (!(keep > 0)) return;
  const runs = fs
    .readdirSync(root)
    .filter((f) => /^\d{4}-\d\d-\d\dT/.test(f))
    .sort();
  for (const f of runs.slice(0, Math.max(0, runs.length - keep)))
    fs.rmSync(path.join(root, f), { recursive: true, force: true });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').replace('Z', '');
  const mode = opts.installOnly ? 'install' : opts.tests ? 'tests' : 'ui';
  const runDir = path.join(REPO, 'test-output/e2e', `${stamp}-${mode}`);

  const tPre = performance.now();
  await ensureSystemPackages({ locale: opts.locale }); // first: a non-root user without them gets one line and exit 3
  fs.mkdirSync(runDir, { recursive: true });
  say(`run folder ${path.relative(REPO, runDir)}`);
  pruneRuns(path.dirname(runDir), Number(process.env.K8S_SIM_E2E_KEEP_RUNS || 20));
  await ensureCache();
  mark('prepare', tPre);
  if (opts.installOnly) {
    say(`ready in ${secs(performance.now() - T0)}`);
    fs.writeFileSync(path.join(runDir, 'timings.json'), JSON.stringify(timings, null, 2));
    return EXIT.ok;
  }

  const mod = opts.ui ? await import(pathToFileURL(opts.ui).href) : null;
  if (mod && typeof mod.default !== 'function')
    fail(EXIT.usage, `${opts.ui} must export a default async function ({ page, step, screenshot, ... })`);

  const d = makeRunDirs(runDir);
  d.locale = opts.locale;
  if (opts.workspace) fs.cpSync(opts.workspace, d.workspace, { recursive: true });
  if (mod?.prepare)
    await withTimeout(Promise.resolve(mod.prepare({ workspace: d.workspace, runDir })), 60_000, 'prepare()');
  if (opts.vsix) await installVsix(opts.vsix, d, runDir);
  if (opts.locale) await installLanguagePack(opts.locale, d, runDir);

  let server;
  let b;
  let result;
  try {
    server = await startServer(d, runDir);
    const tb = performance.now();
    b = await withTimeout(openBrowser(runDir, d), 90_000, 'starting Chromium', EXIT.browser).catch((err) => {
      fail(EXIT.browser, `could not start ${CHROMIUM} through playwright-core: ${err.message}`);
    });
    mark('browserStart', tb);
    result = opts.tests
      ? await runTests(opts, b.page, server.port, d, runDir)
      : await runUi(opts, b.page, b.context, b.browser, server.port, d, runDir, mod);
  } catch (err) {
    // What the page showed when the harness gave up (a dialog, an error page, a half-loaded workbench).
    const shot = path.join(d.screenshots, 'harness-error.png');
    if (b)
      await b.page.screenshot({ path: shot, timeout: 10_000 }).then(
        () => say(`screenshot ${path.relative(REPO, shot)}`),
        () => {},
      );
    throw err;
  } finally {
    if (b) {
      await withTimeout(b.browser.close(), 15_000, 'closing Chromium').catch((e) => say(e.message));
      b.consoleLog.end();
    }
    if (server) {
      const ts = performance.now();
      await killGroup(server.pgid);
      mark('stop', ts);
    }
    timings.total = Math.round(performance.now() - T0);
    fs.writeFileSync(path.join(runDir, 'timings.json'), JSON.stringify(timings, null, 2));
  }
  say(
    'timings: ' +
      Object.entries(timings)
        .map(([k, v]) => `${k} ${secs(v)}`)
        .join(', '),
  );
  if (!result.ok) say(`FAILED; logs and screenshots in ${path.relative(REPO, runDir)}/`);
  console.log(
    `${result.passed} passed, ${result.failed} failed${result.pending ? `, ${result.pending} skipped` : ''}`,
  );
  return result.ok ? EXIT.ok : EXIT.failed;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => process.exit(code),
    (err) => {
      if (err instanceof HarnessError) console.error(`e2e: ${err.message}`);
      else console.error(`e2e: unexpected error: ${err.stack || err}`);
      const code = err instanceof HarnessError ? err.code : EXIT.failed;
      // Setup problems (usage, prerequisites, install) print one message only; a run that started
      // and broke still gets the closing line CI reads.
      if (![EXIT.usage, EXIT.prereq, EXIT.install].includes(code)) console.log('0 passed, 1 failed');
      process.exit(code);
    },
  );
}
