// The Floe extension: starts `floe lsp` for Floe files and restarts it when
// its settings change. Everything a Floe file gets beyond highlighting
// (diagnostics, hover, completion, navigation, rename, code actions,
// formatting, semantic tokens, inlay hints) comes from the server.
// @ts-check
'use strict';

const vscode = require('vscode');
const { LanguageClient, RevealOutputChannelOn } = require('vscode-languageclient/node');
const { serverOptions } = require('./server');

/** @type {LanguageClient | undefined} */
let client;

/** @returns {LanguageClient} */
function createClient() {
  const config = vscode.workspace.getConfiguration('floe');
  return new LanguageClient(
    'floe',
    'Floe',
    serverOptions(config.get('path')),
    {
      documentSelector: [
        { scheme: 'file', language: 'floe' },
        { scheme: 'untitled', language: 'floe' },
      ],
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher('**/{*.floe,floe.toml}'),
      },
      revealOutputChannelOn: RevealOutputChannelOn.Never,
    },
  );
}

async function start() {
  client = createClient();
  try {
    await client.start();
  } catch (error) {
    const path = vscode.workspace.getConfiguration('floe').get('path');
    vscode.window.showErrorMessage(
      `Floe: could not start \`${path} lsp\` (${error}). Install floe ` +
        '(`cargo install --path .` in the repository) or set `floe.path`.',
    );
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('floe.restartServer', async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('floe.path')) {
        await stop();
        await start();
      }
    }),
    // Documents from the standard library (go to definition into
    // `floe:std/list`) are read from the server, read-only.
    vscode.workspace.registerTextDocumentContentProvider('floe', {
      async provideTextDocumentContent(uri) {
        if (!client) {
          return '';
        }
        const text = await client.sendRequest('floe/source', { uri: uri.toString() });
        return typeof text === 'string' ? text : '';
      },
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
