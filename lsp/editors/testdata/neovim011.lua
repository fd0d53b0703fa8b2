-- A headless Neovim 0.11+ session (`nvim --headless -u neovim011.lua`) with the setup
-- docs/editors.md gives for Neovim 0.11 or later: vim.lsp.config for tenantvet (the block below
-- is the documented one, with `tenantvet` found on PATH) and vim.lsp.enable, so Neovim itself
-- decides from the file type and the root markers which servers attach. It opens $TV_FILE under
-- $TV_ROOT, waits until tenantvet (and gopls, when $TV_GOPLS is set) has published for the
-- buffer, and writes what Neovim shows into $TV_OUT, one "line:col: code message" per
-- tenantvet diagnostic, with Neovim's own 1-based line and byte column.
local root, file, out = os.getenv('TV_ROOT'), os.getenv('TV_FILE'), os.getenv('TV_OUT')
local lines = {}
local function finish(code)
  local f = assert(io.open(out, 'w'))
  f:write(table.concat(lines, '\n') .. '\n')
  f:close()
  vim.cmd((code == 0) and 'qall!' or 'cquit! ' .. code)
end
if not (vim.lsp.config and vim.lsp.enable) then
  table.insert(lines, 'this Neovim has no vim.lsp.config: ' .. tostring(vim.version()))
  finish(4)
  return
end

-- docs/editors.md, "Neovim (0.11 or later)":
vim.lsp.config('tenantvet', {
  cmd = { 'tenantvet', 'lsp' },
  filetypes = { 'go', 'sql' },
  root_markers = { '.tenantvet.yaml', 'go.mod' },
  -- init_options = { tenant_columns = { 'org_id' } },
})
local gopls = os.getenv('TV_GOPLS')
local servers = { 'tenantvet' }
if gopls and gopls ~= '' then
  -- What nvim-lspconfig's lsp/gopls.lua amounts to, without the plugin.
  vim.lsp.config('gopls', { cmd = { gopls }, filetypes = { 'go' }, root_markers = { 'go.mod' } })
  table.insert(servers, 'gopls')
end

-- Which servers published for the buffer, by client name: the handler every client uses.
local published = {}
local buf
local default = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, result, ctx, cfg)
  default(err, result, ctx, cfg)
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  if client and buf and vim.uri_to_bufnr(result.uri) == buf then
    published[client.name] = ctx.client_id
  end
end

vim.lsp.enable(servers)

-- The file is opened once startup is over, as a user opens it: file type detection (which
-- vim.lsp.enable attaches on) is switched on after the init file has run.
vim.api.nvim_create_autocmd('VimEnter', { once = true, nested = true, callback = function()
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/' .. file))
  buf = vim.api.nvim_get_current_buf()

  local ok = vim.wait(240000, function()
    for _, s in ipairs(servers) do
      -- gopls attaches to Go buffers only.
      if published[s] == nil and (s == 'tenantvet' or vim.bo[buf].filetype == 'go') then
        return false
      end
    end
    return true
  end, 200)
  if not ok then
    table.insert(lines, 'timeout: published by ' .. vim.inspect(published) .. ' filetype ' .. vim.bo[buf].filetype)
    finish(3)
    return
  end
  for _, c in ipairs(vim.lsp.get_clients({ bufnr = buf })) do
    table.insert(lines, 'attached: ' .. c.name)
    if c.name == 'tenantvet' and c.root_dir ~= root then
      table.insert(lines, 'tenantvet root ' .. tostring(c.root_dir) .. ', want ' .. root)
    end
  end
  local ns = vim.lsp.diagnostic.get_namespace(published.tenantvet)
  for _, d in ipairs(vim.diagnostic.get(buf, { namespace = ns })) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
    table.insert(lines, string.format('%d:%d: %s %s', d.lnum + 1, d.col + 1, code, d.message))
  end
  finish(0)
end })
