// Starts the language server exactly as the extension does (server.js's
// command, the JSON-RPC library under vscode-languageclient), opens a Floe
// file with an error, and checks the server's capabilities and the
// diagnostic it publishes. `FLOE` names the floe binary (default: the
// `floe.path` default, `floe` on PATH).
'use strict';

const assert = require('node:assert');
const { spawn } = require('node:child_process');
const { pathToFileURL } = require('node:url');
const rpc = require('vscode-jsonrpc/node');
const { serverOptions } = require('../server');

async function main() {
  const { command, args } = serverOptions(process.env.FLOE).run;
  const server = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(server.stdout),
    new rpc.StreamMessageWriter(server.stdin),
  );
  const diagnostics = new Promise((resolve) => {
    connection.onNotification('textDocument/publishDiagnostics', (params) => {
      if (params.diagnostics.length > 0) resolve(params);
    });
  });
  connection.listen();

  const root = pathToFileURL(process.cwd()).toString();
  const init = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: root,
    capabilities: {},
    workspaceFolders: [{ uri: root, name: 'test' }],
  });
  const caps = init.capabilities;
  for (const name of [
    'hoverProvider',
    'completionProvider',
    'definitionProvider',
    'referencesProvider',
    'renameProvider',
    'documentFormattingProvider',
    'codeActionProvider',
    'semanticTokensProvider',
    'inlayHintProvider',
  ]) {
    assert.ok(caps[name], `the server offers ${name}`);
  }
  connection.sendNotification('initialized', {});

  const uri = `${root}/broken.floe`;
  connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'floe', version: 1, text: 'let x = 1 in { a = x +, }\n' },
  });
  const published = await diagnostics;
  assert.strictEqual(published.uri, uri);
  assert.strictEqual(published.diagnostics[0].code, 'E0101');

  const formatted = await connection.sendRequest('textDocument/formatting', {
    textDocument: { uri },
    options: { tabSize: 2, insertSpaces: true },
  });
  assert.ok(Array.isArray(formatted) || formatted === null);

  await connection.sendRequest('shutdown');
  connection.sendNotification('exit');
  const code = await new Promise((resolve) => server.on('exit', resolve));
  assert.strictEqual(code, 0);
  console.log(`floe lsp: ${Object.keys(caps).length} capabilities, ${published.diagnostics[0].code} published`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
