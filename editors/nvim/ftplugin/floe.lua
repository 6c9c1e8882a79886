-- Editing Floe: comments start with `#`, two spaces of indentation.
if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = 1
vim.bo.commentstring = '# %s'
vim.bo.comments = ':#'
vim.bo.shiftwidth = 2
vim.bo.softtabstop = 2
vim.bo.expandtab = true
-- Tree-sitter highlighting where Neovim can load the parser (0.9+).
require('floe.treesitter').start(0)
vim.b.undo_ftplugin = 'setlocal commentstring< comments< shiftwidth< softtabstop< expandtab<'
