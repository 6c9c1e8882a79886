// How the extension starts the language server, apart from VS Code so that
// `npm test` can run it as the extension would.
// @ts-check
'use strict';

/**
 * The server's command: `floe lsp` over standard input and output, with
 * `floe` taken from the `floe.path` setting.
 * @param {string | undefined} path
 */
function serverOptions(path) {
  const command = path && path.trim() !== '' ? path : 'floe';
  const run = { command, args: ['lsp'] };
  return { run, debug: run };
}

module.exports = { serverOptions };
