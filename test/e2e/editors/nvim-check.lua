-- Round trip against the PHI Guard server with Neovim's built-in LSP client (0.7 or later):
-- diagnostic, code action, edit, diagnostic gone. Run by nvim-check.sh, which sets
-- PHI_GUARD_SERVER and opens the Dart file.
local RULE = 'cleartext-http-endpoint'
local FIX = 'Replace http:// with https://'

local function say(line) io.stdout:write(line .. '\n') end
local function fail(why)
  say('nvim: FAIL ' .. why)
  vim.cmd('cquit 1')
end

local bufnr = vim.api.nvim_get_current_buf()
local file = vim.api.nvim_buf_get_name(bufnr)
local client_id = vim.lsp.start_client({
  name = 'phi-guard',
  cmd = { 'node', '--max-semi-space-size=1', '--expose-gc', os.getenv('PHI_GUARD_SERVER'), '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':h:h'),
})
if not client_id then return fail('the server did not start') end
vim.lsp.buf_attach_client(bufnr, client_id)

local function findings()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    if d.source == 'phi-guard' and lsp.code == RULE then table.insert(found, d) end
  end
  return found
end

if not vim.wait(20000, function() return #findings() > 0 end, 20) then
  return fail('no ' .. RULE .. ' diagnostic within 20 s')
end
local d = findings()[1]
local where = string.format('%d:%d-%d:%d', d.lnum, d.col, d.end_lnum, d.end_col)
say('nvim: diagnostic ' .. where .. ' ' .. d.message)
local line = vim.api.nvim_buf_get_lines(bufnr, d.lnum, d.lnum + 1, false)[1]
if not line:sub(d.col + 1, d.end_col):find('http://records', 1, true) then
  return fail('the diagnostic range does not cover the URL')
end

local params = {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  range = {
    start = { line = d.lnum, character = d.col },
    ['end'] = { line = d.end_lnum, character = d.end_col },
  },
  -- Full LSP diagnostics (with ranges), as Neovim 0.7 rebuilds them for a line.
  context = {
    diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, d.lnum),
    only = { 'quickfix' },
  },
}
-- The server returns actions only for the version it has analysed, and the first diagnostics
-- may come from the workspace scan of the file on disk, so ask until that version catches up.
local fix
local function ask()
  local replies = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 5000) or {}
  for _, reply in pairs(replies) do
    for _, action in ipairs(reply.result or {}) do
      if action.title == FIX then fix = action end
    end
  end
  return fix ~= nil
end
local deadline = vim.loop.now() + 10000
while not ask() and vim.loop.now() < deadline do vim.wait(100) end
if fix then say('nvim: code action ' .. fix.title) end
if not fix or not fix.edit then return fail('no "' .. FIX .. '" action with an edit') end
vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
vim.cmd('silent write')

if not vim.wait(10000, function() return #findings() == 0 end, 20) then
  return fail('the diagnostic did not clear after the fix')
end
local text = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
if not text:find("'https://records.northwind-clinic.example/v1'", 1, true) then
  return fail('the buffer does not hold the https URL')
end
say('nvim: the fix was applied and the diagnostic cleared')
vim.lsp.stop_client(client_id)
vim.cmd('qall!')
