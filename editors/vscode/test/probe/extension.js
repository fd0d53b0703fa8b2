// A test-only extension for editors/vscode/test/run.js. It does nothing unless TV_PROBE_OUT is
// set. Then, once the workspace is open, it opens the files it is given, waits until VS Code holds
// tenantvet's diagnostics for them (vscode.languages.getDiagnostics, the model the Problems panel
// and the squiggles are drawn from) and writes them, with the code actions offered for each, as
// JSON to TV_PROBE_OUT. The driver compares that with `tenantvet -format json`.
//
// Environment (set on code-server; its extension host inherits it):
//
//	TV_PROBE_OUT         the JSON file to write
//	TV_PROBE_FILES       JSON array of workspace-relative files that must get tenantvet diagnostics
//	TV_PROBE_CLEAN       JSON array of files that must get none (opened first, read last)
//	TV_PROBE_EDIT        optional JSON {"file": F, "line": L, "text": T}: after the first snapshot,
//	                     insert T at line L (0-based) of F through a WorkspaceEdit, without saving,
//	                     and take a second snapshot once the diagnostics have moved
//	TV_PROBE_TIMEOUT_MS  how long to wait for diagnostics (default 120000)
'use strict';

const vscode = require('vscode');
const fs = require('fs');
const path = require('path');

const SOURCE = 'tenantvet';
const SETTLE_MS = 4000;

function envJSON(name, def) {
  const v = process.env[name];
  return v ? JSON.parse(v) : def;
}

function write(out, obj) {
  const tmp = out + '.tmp';
  fs.writeFileSync(tmp, JSON.stringify(obj, null, 2));
  fs.renameSync(tmp, out);
}

function pos(p) {
  return { line: p.line, character: p.character };
}

function range(r) {
  return { start: pos(r.start), end: pos(r.end) };
}

function code(c) {
  if (c && typeof c === 'object') {
    return { value: String(c.value), target: c.target ? c.target.toString() : undefined };
  }
  return c === undefined ? undefined : { value: String(c) };
}

function diagnostic(d) {
  return {
    range: range(d.range),
    severity: d.severity, // vscode.DiagnosticSeverity: 0 error, 1 warning, 2 information, 3 hint
    code: code(d.code),
    source: d.source,
    message: d.message,
    relatedInformation: (d.relatedInformation || []).map((ri) => ({
      uri: ri.location.uri.toString(),
      range: range(ri.location.range),
      message: ri.message,
    })),
  };
}

function ours(uri) {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

// waitFor resolves when pred() holds, re-checking on every diagnostics change and twice a second,
// or rejects after ms.
function waitFor(pred, ms, what) {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (err) => {
      if (done) return;
      done = true;
      sub.dispose();
      clearInterval(tick);
      clearTimeout(timer);
      err ? reject(err) : resolve();
    };
    const check = () => {
      try {
        if (pred()) finish();
      } catch (err) {
        finish(err);
      }
    };
    const sub = vscode.languages.onDidChangeDiagnostics(check);
    const tick = setInterval(check, 500);
    const timer = setTimeout(() => finish(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    check();
  });
}

// settle resolves once the diagnostics of uris have not changed for SETTLE_MS (at most ms).
function settle(uris, ms) {
  const keys = new Set(uris.map((u) => u.toString()));
  let last = Date.now();
  const sub = vscode.languages.onDidChangeDiagnostics((e) => {
    if (e.uris.some((u) => keys.has(u.toString()))) last = Date.now();
  });
  const deadline = Date.now() + ms;
  return new Promise((resolve) => {
    const tick = setInterval(() => {
      if (Date.now() - last >= SETTLE_MS || Date.now() > deadline) {
        clearInterval(tick);
        sub.dispose();
        resolve();
      }
    }, 250);
  });
}

function snapshot(root, rels) {
  const files = {};
  for (const rel of rels) {
    const uri = vscode.Uri.file(path.join(root, rel));
    files[rel] = {
      uri: uri.toString(),
      diagnostics: ours(uri).map(diagnostic),
      // Diagnostics of other sources on the same file (none expected without the Go extension).
      otherSources: [...new Set(vscode.languages.getDiagnostics(uri).map((d) => d.source).filter((s) => s !== SOURCE))],
    };
  }
  return files;
}

function action(a) {
  if (!(a instanceof vscode.CodeAction) && a.command && typeof a.command === 'string') {
    return { title: a.title, command: a.command };
  }
  const edits = [];
  if (a.edit) {
    for (const [uri, tes] of a.edit.entries()) {
      for (const te of tes) {
        edits.push({ uri: uri.toString(), range: range(te.range), newText: te.newText });
      }
    }
  }
  return {
    title: a.title,
    kind: a.kind ? a.kind.value : undefined,
    diagnostics: (a.diagnostics || []).map((d) => (d.code && typeof d.code === 'object' ? String(d.code.value) : String(d.code))),
    edits,
  };
}

// actions asks every code action provider (as the light bulb does) for the actions at each of the
// file's tenantvet diagnostics.
async function actions(root, rels) {
  const out = {};
  for (const rel of rels) {
    const uri = vscode.Uri.file(path.join(root, rel));
    out[rel] = [];
    for (const d of ours(uri)) {
      const got = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, d.range)) || [];
      out[rel].push({ diagnostic: diagnostic(d), actions: got.map(action) });
    }
  }
  return out;
}

async function run(out) {
  const files = envJSON('TV_PROBE_FILES', []);
  const clean = envJSON('TV_PROBE_CLEAN', []);
  const edit = envJSON('TV_PROBE_EDIT', null);
  const timeout = Number(process.env.TV_PROBE_TIMEOUT_MS || 120000);
  const started = Date.now();
  const result = { vscodeVersion: vscode.version, phases: {}, log: [] };
  const log = (msg) => result.log.push(`${((Date.now() - started) / 1000).toFixed(1)}s ${msg}`);

  const folder = (vscode.workspace.workspaceFolders || [])[0];
  if (!folder) throw new Error('no workspace folder is open');
  const root = folder.uri.fsPath;
  result.workspace = root;

  // The clean files first: the server re-analyses every open package with each later one, so
  // once the others have their findings, the clean ones have been analysed too.
  for (const rel of [...clean, ...files]) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(root, rel)));
    await vscode.window.showTextDocument(doc, { preview: false });
    log(`opened ${rel} (language ${doc.languageId})`);
  }
  const uris = [...clean, ...files].map((rel) => vscode.Uri.file(path.join(root, rel)));
  const ext = vscode.extensions.getExtension('tenantvet.tenantvet');
  result.extension = ext ? { id: ext.id, version: ext.packageJSON.version, isActive: ext.isActive } : null;

  const missing = () => files.filter((rel) => ours(vscode.Uri.file(path.join(root, rel))).length === 0);
  try {
    await waitFor(() => missing().length === 0, timeout, 'tenantvet diagnostics on ' + missing().join(', '));
    log('every file has tenantvet diagnostics');
  } catch (err) {
    result.error = String(err.message || err);
  }
  await settle(uris, 30000);
  log('settled');
  if (ext) result.extension.isActive = ext.isActive;
  result.phases.open = { files: snapshot(root, [...files, ...clean]), actions: await actions(root, files) };
  log('snapshot "open" taken');

  if (edit && !result.error) {
    const uri = vscode.Uri.file(path.join(root, edit.file));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const shift = edit.text.split('\n').length - 1;
    const want = ours(uri)
      .map((d) => (d.range.start.line >= edit.line ? d.range.start.line + shift : d.range.start.line))
      .sort((a, b) => a - b)
      .join(',');
    const we = new vscode.WorkspaceEdit();
    we.insert(uri, new vscode.Position(edit.line, 0), edit.text);
    const applied = await vscode.workspace.applyEdit(we);
    log(`applied the edit to ${edit.file}: ${applied}, dirty ${doc.isDirty}`);
    const lines = () =>
      ours(uri)
        .map((d) => d.range.start.line)
        .sort((a, b) => a - b)
        .join(',');
    try {
      await waitFor(() => lines() === want, timeout, `the diagnostics of ${edit.file} to move by ${shift} lines`);
      log('the diagnostics moved');
    } catch (err) {
      result.error = String(err.message || err);
    }
    await settle([uri], 30000);
    result.phases.edit = {
      applied,
      dirty: doc.isDirty,
      files: snapshot(root, [edit.file]),
      actions: await actions(root, [edit.file]),
    };
    log('snapshot "edit" taken');
  }
  write(out, result);
}

function activate() {
  const out = process.env.TV_PROBE_OUT;
  if (!out) return;
  run(out).catch((err) => write(out, { error: String((err && err.stack) || err) }));
}

function deactivate() {}

module.exports = { activate, deactivate };
