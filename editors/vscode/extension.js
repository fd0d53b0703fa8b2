// tenantvet for VS Code: starts `tenantvet lsp` over stdio for Go and SQL documents with
// vscode-languageclient, beside whatever else (gopls through the Go extension) serves them.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function settings() {
  const cfg = vscode.workspace.getConfiguration('tenantvet');
  return { path: cfg.get('path') || 'tenantvet', settings: cfg.get('settings') || {} };
}

async function start(context) {
  const s = settings();
  const output = vscode.window.createOutputChannel('tenantvet');
  context.subscriptions.push(output);
  const serverOptions = {
    command: s.path,
    // No `transport`: TransportKind.stdio would append --stdio, which tenantvet lsp rejects;
    // without it the client still talks over the process's stdin and stdout.
    args: ['lsp'],
  };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'go' },
      { scheme: 'file', language: 'sql' },
    ],
    // The server takes the same keys as .tenantvet.yaml; they override the file.
    initializationOptions: s.settings,
    outputChannel: output,
  };
  client = new LanguageClient('tenantvet', 'tenantvet', serverOptions, clientOptions);
  await client.start();
}

async function stop() {
  if (!client) {
    return;
  }
  const c = client;
  client = undefined;
  await c.stop();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('tenantvet.path')) {
        // A different binary: start it afresh.
        await stop();
        await start(context);
      } else if (e.affectsConfiguration('tenantvet.settings') && client) {
        // The server reads a `tenantvet` object with the keys of .tenantvet.yaml.
        await client.sendNotification('workspace/didChangeConfiguration', {
          settings: { tenantvet: settings().settings },
        });
      }
    }),
  );
  try {
    await start(context);
  } catch (err) {
    vscode.window.showErrorMessage(
      `tenantvet: cannot start "${settings().path} lsp" (set tenantvet.path): ${err.message || err}`,
    );
  }
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
