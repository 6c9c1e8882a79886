-- Tree-sitter highlighting from editors/nvim in Neovim's own tree-sitter
-- runtime (0.7 and later): `:FloeParser` compiles the grammar, Neovim loads
-- the parser by name from its runtime path, parses the example mesh without
-- an error, and the plugin's highlight query gives each token its capture.
-- Results go to $FLOE_NVIM_OUT, one fact a line.

local out = assert(os.getenv('FLOE_NVIM_OUT'))
local lines = {}
local function say(fact) table.insert(lines, fact) end

local ok, err = pcall(function()
  vim.cmd('FloeParser')
  local ts = require('floe.treesitter')
  say('parser built ' .. tostring(vim.loop.fs_stat(ts.parser_path()) ~= nil))

  vim.cmd('edit main.floe')
  local buf = vim.api.nvim_get_current_buf()
  -- Injected languages (comments, regular expressions) need parsers this
  -- Neovim may not have; the test is about Floe's own.
  local parser = vim.treesitter.get_parser(buf, 'floe', { injections = { floe = '' } })
  local tree = parser:parse()[1]
  say('root ' .. tree:root():type() .. ' has error ' .. tostring(tree:root():has_error()))

  local get_query = vim.treesitter.query.get or vim.treesitter.get_query
  local node_text = vim.treesitter.get_node_text or vim.treesitter.query.get_node_text
  local query = get_query('floe', 'highlights')
  for id, node in query:iter_captures(tree:root(), buf, 0, -1) do
    local row = node:range()
    say(('capture %d `%s` %s'):format(row + 1, node_text(node, buf), query.captures[id]))
  end
end)
if not ok then say('error ' .. tostring(err)) end
local f = assert(io.open(out, 'w'))
f:write(table.concat(lines, '\n') .. '\n')
f:close()
vim.cmd('qall!')
