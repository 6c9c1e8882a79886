-- A session in Neovim's built-in language client (0.7 and later), started
-- by the configuration the README gives or by editors/nvim: open a file of
-- the example mesh, check that diagnostics arrive (also after an edit that
-- breaks the file), that hover renders in a floating window, that go to
-- definition lands on the binding's line, and that a standard-library
-- member opens read-only. Results are written to $FLOE_NVIM_OUT, one fact
-- a line; the test that runs this reads them.

local out = assert(os.getenv('FLOE_NVIM_OUT'))
local lines = {}
local function say(fact) table.insert(lines, fact) end
local function finish()
  local f = assert(io.open(out, 'w'))
  f:write(table.concat(lines, '\n') .. '\n')
  f:close()
  vim.cmd('qall!')
end

local ok, err = pcall(function()
  local published = 0
  local default = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(e, result, ctx, config)
    published = published + 1
    return default(e, result, ctx, config)
  end

  vim.cmd('edit main.floe')
  local buf = vim.api.nvim_get_current_buf()
  say('filetype ' .. vim.bo.filetype)
  say('syntax ' .. (vim.b.current_syntax or 'none'))
  say('attached ' .. tostring(vim.wait(10000, function()
    local c = vim.lsp.buf_get_clients(buf)[1]
    return c ~= nil and c.initialized
  end, 50)))
  say('diagnostics published ' .. tostring(vim.wait(10000, function() return published > 0 end, 50)))

  -- Hover on `layout` in `mesh.layout {`: a floating window with its type.
  vim.api.nvim_win_set_cursor(0, { 4, 6 })
  vim.lsp.buf.hover()
  local shown
  vim.wait(10000, function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= '' then
        shown = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
        return true
      end
    end
    return false
  end, 50)
  say('hover ' .. (shown and table.concat(shown, ' | ') or 'none'))
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      vim.api.nvim_win_close(win, true)
    end
  end

  -- Go to definition from the use of `mesh` to its binding.
  vim.api.nvim_win_set_cursor(0, { 4, 1 })
  vim.lsp.buf.definition()
  vim.wait(10000, function() return vim.api.nvim_win_get_cursor(0)[1] ~= 4 end, 50)
  local at = vim.api.nvim_win_get_cursor(0)
  say('definition ' .. at[1] .. ':' .. at[2])

  -- Into the standard library: `layout` of `mesh.layout`, read-only.
  vim.api.nvim_win_set_cursor(0, { 4, 6 })
  vim.lsp.buf.definition()
  vim.wait(10000, function() return vim.api.nvim_buf_get_name(0):find('floe:') ~= nil end, 50)
  local std = vim.api.nvim_get_current_buf()
  local here = vim.api.nvim_get_current_line()
  say('standard library ' .. vim.api.nvim_buf_get_name(std):match('floe:.*') .. ' readonly '
    .. tostring(vim.bo[std].readonly) .. ' at `' .. here:match('^%s*([%w_]+)') .. '`')
  vim.cmd('buffer ' .. buf)

  -- Break the file: the diagnostic arrives for the edited text.
  vim.api.nvim_buf_set_lines(buf, 3, 3, false, { '  broken = ,' })
  local found = vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
  local first = vim.diagnostic.get(buf)[1]
  say('after the edit ' .. tostring(found) .. (first and (' line ' .. (first.lnum + 1) .. ' ' .. tostring(first.code)) or ''))
end)
if not ok then say('error ' .. tostring(err)) end
finish()
