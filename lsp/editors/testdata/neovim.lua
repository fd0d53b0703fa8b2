-- A headless Neovim session (nvim --headless -u NONE -l-less: `nvim --headless -u neovim.lua`):
-- opens $TV_FILE under $TV_ROOT, attaches `$TV_BIN lsp` (and $TV_GOPLS when set, as a second
-- server on the same buffer), waits until tenantvet has published for the buffer, and writes
-- what Neovim shows into $TV_OUT, one "line:col: code message" per diagnostic, with Neovim's
-- own 1-based line and byte column. Works on Neovim 0.7 (start_client) and later (vim.lsp.start).
local root, file, out = os.getenv('TV_ROOT'), os.getenv('TV_FILE'), os.getenv('TV_OUT')
local lines = {}
local function finish(code)
  local f = assert(io.open(out, 'w'))
  f:write(table.concat(lines, '\n') .. '\n')
  f:close()
  vim.cmd((code == 0) and 'qall!' or 'cquit! ' .. code)
end

vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. file))
local buf = vim.api.nvim_get_current_buf()
local published = {}
local function server(name, cmd)
  local config = {
    name = name,
    cmd = cmd,
    root_dir = root,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, cfg)
        vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, cfg)
        if vim.uri_to_bufnr(result.uri) == buf then
          published[name] = ctx.client_id
        end
      end,
    },
  }
  local id = vim.lsp.start_client(config)
  assert(id, 'could not start ' .. name)
  vim.lsp.buf_attach_client(buf, id)
  return id
end

local tv = server('tenantvet', { os.getenv('TV_BIN'), 'lsp' })
local gopls = os.getenv('TV_GOPLS')
if gopls and gopls ~= '' then
  server('gopls', { gopls })
end

local ok = vim.wait(240000, function()
  return published.tenantvet ~= nil and (not gopls or gopls == '' or published.gopls ~= nil)
end, 200)
if not ok then
  table.insert(lines, 'timeout: published by ' .. vim.inspect(published))
  finish(3)
  return
end
for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
  table.insert(lines, 'attached: ' .. c.name)
end
local ns = vim.lsp.diagnostic.get_namespace(tv)
for _, d in ipairs(vim.diagnostic.get(buf, { namespace = ns })) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
  table.insert(lines, string.format('%d:%d: %s %s', d.lnum + 1, d.col + 1, code, d.message))
end
finish(0)
