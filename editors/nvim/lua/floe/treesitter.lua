-- The Floe tree-sitter grammar (editors/tree-sitter-floe) in Neovim:
-- registered with nvim-treesitter when it is installed (both its `main`
-- branch, through the `TSUpdate` event, and `master`), or compiled by
-- `:FloeParser` with the C compiler into Neovim's own parser directory.
-- The queries come from this plugin's `queries/floe`.
local M = {}

-- editors/tree-sitter-floe, next to this plugin in the checkout.
local function grammar()
  local here = debug.getinfo(1, 'S').source:sub(2)
  return vim.fn.fnamemodify(here, ':p:h:h:h:h') .. '/tree-sitter-floe'
end
M.grammar = grammar()

-- Where `:FloeParser` puts the compiled parser: a `parser/` directory on
-- the runtime path, so Neovim finds it by name.
function M.parser_path()
  return vim.fn.stdpath('data') .. '/site/parser/floe.so'
end

-- Tells nvim-treesitter where the grammar is, so `:TSInstall floe` builds it.
function M.register()
  local ok, parsers = pcall(require, 'nvim-treesitter.parsers')
  if not ok then
    return false
  end
  if parsers.get_parser_configs then
    -- The `master` branch.
    parsers.get_parser_configs().floe = {
      install_info = {
        url = M.grammar,
        files = { 'src/parser.c', 'src/scanner.c' },
      },
      filetype = 'floe',
    }
  else
    -- The `main` branch (Neovim 0.11+); also installs the queries.
    parsers.floe = {
      install_info = { path = M.grammar, queries = 'queries' },
    }
  end
  return true
end

-- Compiles the grammar's C sources into `parser_path()`; returns the path,
-- or nil and the compiler's message.
function M.build()
  local out = M.parser_path()
  vim.fn.mkdir(vim.fn.fnamemodify(out, ':h'), 'p')
  local cc = vim.env.CC or 'cc'
  local src = M.grammar .. '/src'
  local message = vim.fn.system({
    cc, '-shared', '-fPIC', '-O2', '-I', src,
    src .. '/parser.c', src .. '/scanner.c', '-o', out,
  })
  if vim.v.shell_error ~= 0 then
    return nil, message
  end
  M.load()
  return out
end

-- Loads the parser `:FloeParser` built, by its path, so it is found even
-- where that directory is not on the runtime path. False when there is none.
function M.load()
  local path = M.parser_path()
  if vim.fn.filereadable(path) == 0 then
    return false
  end
  local language = vim.treesitter.language
  if language and language.add then
    return pcall(language.add, 'floe', { path = path })
  end
  local require_language = (language and language.require_language) or vim.treesitter.require_language
  return pcall(require_language, 'floe', path)
end

-- Highlights `buf` with the grammar when Neovim can load it (0.9+, the
-- parser built or installed); otherwise the regex syntax stays.
function M.start(buf)
  if vim.fn.has('nvim-0.9') == 0 then
    return false
  end
  M.load()
  return pcall(vim.treesitter.start, buf, 'floe')
end

return M
