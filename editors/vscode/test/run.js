#!/usr/bin/env node
// A scripted check that the extension in editors/vscode shows tenantvet's findings in VS Code
// (code-server in headless Chromium), exactly as the command line reports them, without scraping
// the UI: the probe extension in test/probe reads vscode.languages.getDiagnostics and writes JSON.
//
//	node editors/vscode/test/run.js [--edit] [--keep]
//
// It builds tenantvet, copies testdata/example to a temporary directory (the go.mod replace
// pointed at this checkout; a comment with non-ASCII characters put before a finding on one Go
// and one SQL line so that byte and UTF-16 columns differ), runs `tenantvet -format json` and
// `tenantvet sql -format json` there, installs both extensions into a fresh extensions directory,
// starts code-server on the copy, opens it in Chromium, waits for the probe's JSON and compares
// rule ids, ranges (the CLI's byte columns converted to UTF-16), severities, messages, rule links
// and related places, and the code actions offered for the findings that have a suggested fix.
// --edit also inserts lines into a Go file through a WorkspaceEdit without saving and checks that
// the diagnostics and the quickfix edits follow the unsaved buffer. Exit status 0 only if all
// matched.
//
// Environment: CODE_SERVER (code-server's out/node/entry.js, or a code-server executable; default
// /tmp/cs/node_modules/code-server/out/node/entry.js, else code-server in PATH), CHROMIUM
// (default /usr/bin/chromium), TV_TIMEOUT_MS (default 120000 for each wait).
'use strict';

const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const here = __dirname;
const ext = path.resolve(here, '..');
const repo = path.resolve(ext, '..', '..');

const args = process.argv.slice(2);
const editMode = args.includes('--edit');
const keep = args.includes('--keep');
const timeout = Number(process.env.TV_TIMEOUT_MS || 120000);

// The files compared: Go files with findings (the gorm store; logging.go has suggested fixes), a
// migration with findings, and a clean Go file and a clean migration.
const FILES = ['internal/store/gormstore.go', 'internal/logging/logging.go', 'migrations/0001_init.up.sql'];
const CLEAN = ['internal/projectstore/projectstore.go', 'migrations/0001_init.down.sql'];
// Non-ASCII text put before a finding (file, 1-based line, the text it is put before).
const WIDE = '/* ünïcødé ✓ 𝄞😀 */ ';
const INJECT = [
  { file: 'internal/store/gormstore.go', line: 51, before: 'GormDB.WithContext' },
  { file: 'migrations/0001_init.up.sql', line: 39, before: null }, // start of the line
];
// The --edit insertion: three lines at the top of logging.go, whose TV3001 findings have fixes.
const EDIT = { file: 'internal/logging/logging.go', line: 0, text: '// unsaved edit, line 1\n// line 2\n\n' };

function log(msg) {
  console.log(`[run.js ${new Date().toISOString().slice(11, 19)}] ${msg}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// utf16Col converts a 1-based byte column of line (a Buffer) to a 0-based UTF-16 column.
function utf16Col(line, col) {
  return line.subarray(0, Math.max(col - 1, 0)).toString('utf8').length;
}

function lines(buf) {
  const out = [];
  let start = 0;
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 0x0a) {
      out.push(buf.subarray(start, i));
      start = i + 1;
    }
  }
  out.push(buf.subarray(start));
  return out;
}

// lspPos is the LSP/VS Code position (0-based line, UTF-16 column) of a 1-based line and byte column.
function lspPos(ls, line, col) {
  return { line: line - 1, character: utf16Col(ls[line - 1] || Buffer.alloc(0), col) };
}

// wordEndPos is where a finding without an end ends in the editor, as docs/editors.md says: after
// the word (letters, digits, underscores) it starts at, or after the one character there.
function wordEndPos(ls, line, col) {
  const l = ls[line - 1] || Buffer.alloc(0);
  const s = l.subarray(Math.max(col - 1, 0)).toString('utf8');
  const m = /^[\p{L}\p{N}_]+/u.exec(s);
  let n = m ? m[0].length : 0;
  if (n === 0 && s.length > 0 && s[0] !== '\r') n = String.fromCodePoint(s.codePointAt(0)).length;
  return { line: line - 1, character: utf16Col(l, col) + n };
}

function offsetPos(buf, off) {
  const before = buf.subarray(0, off);
  const nl = before.lastIndexOf(0x0a);
  const line = before.toString('latin1').split('\n').length - 1;
  return { line, character: buf.subarray(nl + 1, off).toString('utf8').length };
}

function rangeOf(content, p) {
  const ls = lines(content);
  const start = lspPos(ls, p.line, p.column);
  const end = p.endLine ? lspPos(ls, p.endLine, p.endColumn) : wordEndPos(ls, p.line, p.column);
  return { start, end };
}

const SEVERITY = { error: 0, warning: 1, note: 2 }; // vscode.DiagnosticSeverity

function fmtRange(r) {
  return `${r.start.line + 1}:${r.start.character + 1}-${r.end.line + 1}:${r.end.character + 1}`;
}

// canon is one diagnostic as a line, for comparing sets.
function canon(d) {
  const rel = (d.relatedInformation || [])
    .map((ri) => ` | related ${decodeURIComponent(ri.uri.replace(/^file:\/\//, ''))} ${fmtRange(ri.range)} ${ri.message}`)
    .join('');
  return `${fmtRange(d.range)} ${d.code.value} sev=${d.severity} ${d.source} ${d.code.target || '-'} ${d.message}${rel}`;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tenantvet-vscode-'));
  const children = [];
  // stop ends what the run started: code-server was spawned in a process group of its own, which
  // holds its extension host and the tenantvet lsp that the extension started.
  const stop = () => {
    for (const c of children) {
      try {
        process.kill(-c.pid, 'SIGTERM');
      } catch (_) {}
    }
  };
  const remove = () => (keep ? log(`kept ${tmp}`) : fs.rmSync(tmp, { recursive: true, force: true }));
  process.on('SIGINT', () => {
    stop();
    remove();
    process.exit(130);
  });
  try {
    return await check(tmp, children);
  } finally {
    stop();
    await sleep(1000); // let the processes go before their directory does
    remove();
  }
}

async function check(tmp, children) {
  const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
  let codeServer = process.env.CODE_SERVER || '/tmp/cs/node_modules/code-server/out/node/entry.js';
  if (!process.env.CODE_SERVER && !fs.existsSync(codeServer)) codeServer = 'code-server';
  const { chromium } = require(require.resolve('playwright-core', { paths: [ext] }));

  // XDG directories of the run's own for everything it starts (tenantvet's caches, code-server,
  // Chromium), so that nothing is written under $HOME; the Go caches and go env file stay as they are.
  const xdg = {};
  for (const k of ['GOCACHE', 'GOMODCACHE', 'GOPATH', 'GOENV']) xdg[k] = execFileSync('go', ['env', k], { encoding: 'utf8' }).trim();
  for (const k of ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME']) {
    xdg[k] = path.join(tmp, 'xdg', k.slice(4, -5).toLowerCase());
    fs.mkdirSync(xdg[k], { recursive: true });
  }

  // 1. tenantvet.
  const tv = path.join(tmp, 'tv');
  log('go build -o ' + tv + ' ./cmd/tenantvet');
  execFileSync('go', ['build', '-o', tv, './cmd/tenantvet'], { cwd: repo, stdio: 'inherit' });
  const tvVersion = execFileSync(tv, ['version'], { encoding: 'utf8' }).trim().replace(/^tenantvet /, '');

  // 2. The example, with its replace pointed at this checkout and the non-ASCII text put in.
  const example = path.join(tmp, 'example');
  fs.cpSync(path.join(repo, 'testdata', 'example'), example, { recursive: true, filter: (src) => !src.includes(`${path.sep}golden`) });
  const gomod = path.join(example, 'go.mod');
  const mod = fs.readFileSync(gomod, 'utf8');
  const replaced = mod.replace(/github\.com\/tenantvet\/tenantvet => \.\.\/\.\./, `github.com/tenantvet/tenantvet => ${repo}`);
  if (replaced === mod) throw new Error('testdata/example/go.mod has no replace of tenantvet to ../..');
  fs.writeFileSync(gomod, replaced);
  const root = path.join(example, 'leaky');
  for (const inj of INJECT) {
    const f = path.join(root, inj.file);
    const ls = fs.readFileSync(f, 'utf8').split('\n');
    const l = ls[inj.line - 1];
    const at = inj.before === null ? 0 : l.indexOf(inj.before);
    if (at < 0) throw new Error(`${inj.file}:${inj.line} does not contain ${inj.before}`);
    ls[inj.line - 1] = l.slice(0, at) + WIDE + l.slice(at);
    fs.writeFileSync(f, ls.join('\n'));
  }

  // 3. What the command line reports there.
  const cliEnv = { ...process.env, ...xdg, TENANTVET_CACHE: path.join(tmp, 'cache-cli') };
  const cli = (a) => {
    try {
      return JSON.parse(execFileSync(tv, a, { cwd: root, env: cliEnv, encoding: 'utf8', maxBuffer: 64 << 20 }));
    } catch (err) {
      if (err.status === 1 && err.stdout) return JSON.parse(err.stdout); // findings
      throw err;
    }
  };
  log('tenantvet -format json ./... ; tenantvet sql -format json');
  const cliFindings = [...cli(['-format', 'json', './...']).findings, ...cli(['sql', '-format', 'json']).findings].filter(
    (f) => !f.suppressed,
  );
  // The files as the CLI saw them (an editor that saved the --edit buffer must not change them).
  const contents = new Map();
  const content = (rel) => {
    const f = path.isAbsolute(rel) ? rel : path.join(root, rel);
    if (!contents.has(f)) contents.set(f, fs.readFileSync(f));
    return contents.get(f);
  };
  for (const rel of [...FILES, ...CLEAN]) content(rel);
  const want = {};
  for (const rel of [...FILES, ...CLEAN]) {
    want[rel] = cliFindings
      .filter((f) => f.position.file === rel)
      .map((f) => ({
        range: rangeOf(content(rel), f.position),
        severity: SEVERITY[f.severity],
        code: { value: f.rule, target: `https://github.com/tenantvet/tenantvet/blob/main/internal/rules/docs/${f.rule}.md` },
        source: 'tenantvet',
        message: f.message,
        relatedInformation: (f.related || []).map((r) => {
          const file = path.isAbsolute(r.position.file) ? r.position.file : path.join(root, r.position.file);
          return { uri: 'file://' + file, range: rangeOf(content(file), r.position), message: r.message };
        }),
        fixes: f.fixes || [],
      }));
  }
  for (const rel of FILES) {
    if (want[rel].length === 0) throw new Error(`the CLI reports nothing for ${rel}: the comparison would prove nothing`);
  }
  for (const rel of CLEAN) {
    if (want[rel].length !== 0) throw new Error(`the CLI reports findings for ${rel}, which should be clean`);
  }
  for (const inj of INJECT) {
    const w = want[inj.file].filter((d) => d.range.start.line === inj.line - 1);
    const f = cliFindings.find((x) => x.position.file === inj.file && x.position.line === inj.line);
    if (!f || w.length === 0 || w[0].range.start.character === f.position.column - 1) {
      throw new Error(`no finding on ${inj.file}:${inj.line} whose UTF-16 column differs from its byte column`);
    }
  }

  // 4. Both extensions, in a fresh extensions directory.
  const extDir = path.join(tmp, 'extensions');
  const userDir = path.join(tmp, 'user-data');
  const installs = [
    { id: 'tenantvet.tenantvet', from: ext, skip: ['test', 'node_modules/playwright-core', '.gitignore'] },
    { id: 'tenantvet.tenantvet-probe', from: path.join(here, 'probe'), skip: [] },
  ];
  const registry = [];
  for (const inst of installs) {
    const pkg = JSON.parse(fs.readFileSync(path.join(inst.from, 'package.json'), 'utf8'));
    const dir = `${inst.id}-${pkg.version}`;
    if (inst.id === 'tenantvet.tenantvet' && !fs.existsSync(path.join(inst.from, 'node_modules', 'vscode-languageclient'))) {
      throw new Error('editors/vscode/node_modules is missing: run npm ci in editors/vscode');
    }
    fs.cpSync(inst.from, path.join(extDir, dir), {
      recursive: true,
      filter: (src) => !inst.skip.some((s) => src === path.join(inst.from, s)),
    });
    registry.push({
      identifier: { id: inst.id },
      version: pkg.version,
      location: { $mid: 1, path: path.join(extDir, dir), scheme: 'file' },
      relativeLocation: dir,
    });
  }
  fs.writeFileSync(path.join(extDir, 'extensions.json'), JSON.stringify(registry));
  fs.mkdirSync(path.join(userDir, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userDir, 'User', 'settings.json'),
    JSON.stringify(
      {
        'tenantvet.path': tv,
        'security.workspace.trust.enabled': false,
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'update.mode': 'none',
        'telemetry.telemetryLevel': 'off',
        'workbench.startupEditor': 'none',
        'workbench.enableExperiments': false,
        'files.hotExit': 'off',
        'files.autoSave': 'off',
      },
      null,
      2,
    ),
  );

  // 5. code-server, with the probe's instructions in its environment.
  const out = path.join(tmp, 'probe.json');
  const port = await freePort();
  // Its own config file, so that nothing is written under $HOME.
  const csConfig = path.join(tmp, 'code-server.yaml');
  fs.writeFileSync(csConfig, 'auth: none\ncert: false\n');
  const csArgs = [
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--config',
    csConfig,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--extensions-dir',
    extDir,
    '--user-data-dir',
    userDir,
    root,
  ];
  const csCmd = codeServer.endsWith('.js') ? process.execPath : codeServer;
  const csAllArgs = codeServer.endsWith('.js') ? [codeServer, ...csArgs] : csArgs;
  const csEnv = {
    ...process.env,
    ...xdg,
    TENANTVET_CACHE: path.join(tmp, 'cache-lsp'),
    TV_PROBE_OUT: out,
    TV_PROBE_FILES: JSON.stringify(FILES),
    TV_PROBE_CLEAN: JSON.stringify(CLEAN),
    TV_PROBE_TIMEOUT_MS: String(timeout),
  };
  delete csEnv.TV_PROBE_EDIT;
  if (editMode) csEnv.TV_PROBE_EDIT = JSON.stringify(EDIT);
  const csVersionOut = execFileSync(csCmd, [...(codeServer.endsWith('.js') ? [codeServer] : []), '--config', csConfig, '--version'], {
    encoding: 'utf8',
    env: csEnv,
  });
  const csVersion = (csVersionOut.split('\n').find((l) => /^\d+\.\d+\.\d+ /.test(l)) || csVersionOut).trim();
  log(`code-server ${csVersion} on port ${port}`);
  const csLog = fs.openSync(path.join(tmp, 'code-server.log'), 'w');
  const cs = spawn(csCmd, csAllArgs, { env: csEnv, detached: true, stdio: ['ignore', csLog, csLog] });
  children.push(cs);
  let csExit = null;
  cs.on('exit', (c, s) => (csExit = `code-server exited: ${c ?? s}`));
  const csLogText = () => fs.readFileSync(path.join(tmp, 'code-server.log'), 'utf8');
  for (let t = Date.now(); !/HTTP server listening/.test(csLogText()); await sleep(200)) {
    if (csExit || Date.now() - t > 60000) throw new Error(`${csExit || 'code-server did not start'}:\n${csLogText()}`);
  }

  // 6. A browser client: the extension host starts only when one connects.
  const chromiumVersion = execFileSync(chromiumPath, ['--version'], { encoding: 'utf8' }).trim();
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    env: { ...process.env, ...xdg },
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ], // playwright gives it a fresh profile directory of its own
  });
  let got;
  try {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(root)}`;
    log(`chromium ${chromiumVersion} -> ${url}`);
    await page.goto(url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    log('workbench loaded; waiting for the probe');
    const deadline = Date.now() + 2 * timeout + 120000;
    while (!fs.existsSync(out)) {
      if (csExit) throw new Error(`${csExit}:\n${csLogText()}`);
      if (Date.now() > deadline) throw new Error(`the probe wrote nothing to ${out}:\n${csLogText()}`);
      await sleep(500);
    }
    got = JSON.parse(fs.readFileSync(out, 'utf8'));
    if (keep) await page.screenshot({ path: path.join(tmp, 'screenshot.png') });
  } finally {
    await browser.close();
  }

  // 7. Compare.
  for (const l of got.log || []) log('probe: ' + l);
  let failures = 0;
  const fail = (msg) => {
    failures++;
    console.log('FAIL ' + msg);
  };
  const ok = (msg) => console.log('ok   ' + msg);
  if (got.error) fail('probe: ' + got.error);
  if (!got.extension || !got.extension.isActive) fail(`the tenantvet extension is not active: ${JSON.stringify(got.extension)}`);
  const compare = (phase, rel, wantDiags, gotFile) => {
    if (!gotFile) return fail(`${phase}: the probe has no entry for ${rel}`);
    const w = wantDiags.map(canon).sort();
    const g = gotFile.diagnostics.map(canon).sort();
    const missing = w.filter((x) => !g.includes(x));
    const extra = g.filter((x) => !w.includes(x));
    if (missing.length || extra.length) {
      fail(`${phase}: ${rel}: ${g.length} diagnostics, the CLI ${w.length}`);
      for (const m of missing) console.log('     CLI only:    ' + m);
      for (const x of extra) console.log('     editor only: ' + x);
    } else {
      ok(`${phase}: ${rel}: ${g.length} diagnostics = the CLI's (rule, range, severity, message, link, related)`);
      for (const x of g) console.log('       ' + x);
    }
    if (gotFile.otherSources.length) console.log(`     (other sources on ${rel}: ${gotFile.otherSources.join(', ')})`);
  };
  // checkActions: every finding with a suggested fix offers it as a quickfix with the same edits,
  // and every finding offers the ignore directive.
  const checkActions = (phase, rel, wantDiags, gotActions, shiftBytes) => {
    const buf = content(rel);
    const edited = shiftBytes ? Buffer.concat([Buffer.from(EDIT.text), buf]) : buf;
    let fixes = 0;
    let ignores = 0;
    for (const wd of wantDiags) {
      const entry = (gotActions || []).find((a) => canon(a.diagnostic) === canon(wd));
      if (!entry) {
        fail(`${phase}: ${rel}: no code actions were asked for ${fmtRange(wd.range)} ${wd.code.value}`);
        continue;
      }
      for (const fix of wd.fixes) {
        const wantEdits = fix.edits
          .map((e) => ({
            range: { start: offsetPos(edited, e.offset + shiftBytes), end: offsetPos(edited, e.end + shiftBytes) },
            newText: e.new,
          }))
          .map((e) => `${fmtRange(e.range)} ${JSON.stringify(e.newText)}`)
          .join('; ');
        // The server titles a fix with the rule id after the fix's message.
        const a = entry.actions.find((x) => x.title === `${fix.message} (${wd.code.value})`);
        const gotEdits = a ? a.edits.map((e) => `${fmtRange(e.range)} ${JSON.stringify(e.newText)}`).join('; ') : '';
        if (!a || a.kind !== 'quickfix' || gotEdits !== wantEdits) {
          fail(`${phase}: ${rel}: ${fmtRange(wd.range)} ${wd.code.value}: quickfix "${fix.message}" [${wantEdits}] not offered; got ${JSON.stringify(entry.actions)}`);
        } else {
          fixes++;
          ok(`${phase}: ${rel}: ${fmtRange(wd.range)} ${wd.code.value}: quickfix "${a.title}" edits ${gotEdits}`);
        }
      }
      const ignore = entry.actions.find((x) => x.kind === 'quickfix' && x.edits.some((e) => e.newText.includes(`tenantvet:ignore ${wd.code.value} --`)));
      if (!ignore) fail(`${phase}: ${rel}: ${fmtRange(wd.range)} ${wd.code.value}: no ignore-directive action; got ${JSON.stringify(entry.actions)}`);
      else ignores++;
    }
    if (ignores === wantDiags.length) ok(`${phase}: ${rel}: all ${ignores} findings offer the ignore directive as a quickfix`);
    return fixes;
  };

  const open = (got.phases && got.phases.open) || { files: {}, actions: {} };
  for (const rel of [...FILES, ...CLEAN]) compare('open', rel, want[rel], open.files[rel]);
  let fixes = 0;
  for (const rel of FILES) fixes += checkActions('open', rel, want[rel], open.actions[rel], 0);
  if (fixes === 0) fail('open: no finding with a suggested fix was offered it');

  if (editMode) {
    const ed = got.phases && got.phases.edit;
    if (!ed) {
      fail('edit: the probe took no snapshot after the edit');
    } else {
      if (!ed.applied || !ed.dirty) fail(`edit: the WorkspaceEdit was applied=${ed.applied}, dirty=${ed.dirty}; want an unsaved buffer`);
      else ok(`edit: ${EDIT.file} edited through a WorkspaceEdit, not saved (dirty)`);
      const shift = EDIT.text.split('\n').length - 1;
      const moved = (p) => ({ line: p.line >= EDIT.line ? p.line + shift : p.line, character: p.character });
      const wantEdit = want[EDIT.file].map((d) => ({ ...d, range: { start: moved(d.range.start), end: moved(d.range.end) } }));
      compare('edit', EDIT.file, wantEdit, ed.files[EDIT.file]);
      if (checkActions('edit', EDIT.file, wantEdit, ed.actions[EDIT.file], Buffer.byteLength(EDIT.text)) === 0) {
        fail('edit: no finding with a suggested fix was offered it');
      }
      if (!fs.readFileSync(path.join(root, EDIT.file)).equals(content(EDIT.file))) fail('edit: the file on disk changed: the buffer was saved');
      else ok(`edit: ${EDIT.file} on disk is unchanged`);
    }
  }

  console.log(`\ntenantvet ${tvVersion}; code-server ${csVersion}; VS Code API ${got.vscodeVersion}; ${chromiumVersion}; playwright-core ${require(require.resolve('playwright-core/package.json', { paths: [ext] })).version}; node ${process.version}`);
  console.log(failures ? `FAIL: ${failures} mismatches` : 'PASS: the editor shows exactly the CLI\'s findings for the files compared');
  return failures ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('run.js: ' + ((err && err.stack) || err));
    process.exit(2);
  },
);
