-- The Floe language server (`floe lsp`) for Floe buffers, with Neovim's
-- built-in client: `vim.lsp.config`/`vim.lsp.enable` on 0.11 and later,
-- `vim.lsp.start_client` before. The server is started in the project's
-- root (the nearest directory holding floe.toml or .git, else the working
-- directory) and shared by its buffers. `vim.g.floe_cmd` overrides the command (default: `floe lsp`).
if vim.g.loaded_floe then
  return
end
vim.g.loaded_floe = 1

local function cmd()
  return vim.g.floe_cmd or { 'floe', 'lsp' }
end

-- The client serving `buf`, if one is attached.
local function client_of(buf)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  for _, client in ipairs(get({ bufnr = buf })) do
    if client.name == 'floe' then
      return client
    end
  end
  for _, client in ipairs(get()) do
    if client.name == 'floe' then
      return client
    end
  end
end

if vim.lsp.config and vim.lsp.enable then
  vim.lsp.config('floe', {
    cmd = cmd(),
    filetypes = { 'floe' },
    root_markers = { 'floe.toml', '.git' },
  })
  vim.lsp.enable('floe')
else
  local clients = {}
  local function root_of(buf)
    local name = vim.api.nvim_buf_get_name(buf)
    local dir = vim.fn.fnamemodify(name, ':p:h')
    local toml = vim.fn.findfile('floe.toml', dir .. ';')
    if toml ~= '' then
      return vim.fn.fnamemodify(toml, ':p:h')
    end
    local git = vim.fn.finddir('.git', dir .. ';')
    if git ~= '' then
      return vim.fn.fnamemodify(git, ':p:h:h')
    end
    -- No project marker: the directory Neovim was started in, when the
    -- file is in it (so `../shared.floe` still imports), else the file's.
    local cwd = vim.fn.getcwd()
    if dir:sub(1, #cwd) == cwd then
      return cwd
    end
    return dir
  end
  vim.api.nvim_create_autocmd('FileType', {
    pattern = 'floe',
    callback = function(args)
      if args.file:find('floe:std/') then
        return
      end
      local root = root_of(args.buf)
      clients[root] = clients[root]
        or vim.lsp.start_client({ name = 'floe', cmd = cmd(), root_dir = root })
      if clients[root] then
        vim.lsp.buf_attach_client(args.buf, clients[root])
      end
    end,
  })
end

-- The standard library, where go to definition leads (`floe:std/list`):
-- its text comes from the server, read-only.
vim.api.nvim_create_autocmd('BufReadCmd', {
  pattern = '*floe:std/*',
  callback = function(args)
    local uri = args.match:match('floe:std/.*')
    local client = client_of(vim.fn.bufnr('#'))
    local answer = client and client.request_sync('floe/source', { uri = uri }, 5000)
    local text = answer and answer.result or ''
    vim.api.nvim_buf_set_lines(args.buf, 0, -1, false, vim.split(text, '\n'))
    vim.bo[args.buf].filetype = 'floe'
    vim.bo[args.buf].readonly = true
    vim.bo[args.buf].modifiable = false
    vim.bo[args.buf].modified = false
  end,
})

-- The tree-sitter grammar: registered with nvim-treesitter (`:TSInstall
-- floe`), or compiled by `:FloeParser` without it.
local treesitter = require('floe.treesitter')
treesitter.register()
vim.api.nvim_create_autocmd('User', { pattern = 'TSUpdate', callback = treesitter.register })
vim.api.nvim_create_user_command('FloeParser', function()
  local path, message = treesitter.build()
  if path then
    vim.notify('floe: built ' .. path)
  else
    vim.notify('floe: the parser did not build:\n' .. message, vim.log.levels.ERROR)
  end
end, { desc = 'Compile the Floe tree-sitter parser' })
