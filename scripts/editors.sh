#!/usr/bin/env bash
# Installs the editors the editor-session tests drive (lsp/editors): Neovim, Emacs with eglot,
# lsp-mode and go-mode from Debian's packages, and gopls from the module proxy, each only when
# missing. Idempotent. Prints the export line for TENANTVET_GOPLS on stdout; everything else goes
# to stderr.
set -euo pipefail

need=()
command -v nvim >/dev/null 2>&1 || need+=(neovim)
command -v emacs >/dev/null 2>&1 || need+=(emacs-nox)
for p in elpa-eglot elpa-lsp-mode elpa-go-mode; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
fi

gobin="$(go env GOPATH)/bin"
if [ ! -x "$gobin/gopls" ] || ! "$gobin/gopls" version 2>/dev/null | grep -q 'v0.23.0'; then
  echo "installing gopls v0.23.0" >&2
  GOBIN="$gobin" GOFLAGS=-mod=mod go install golang.org/x/tools/gopls@v0.23.0 >&2
fi
nvim --version | head -1 >&2
emacs --version | head -1 >&2
"$gobin/gopls" version | head -1 >&2
echo "export TENANTVET_GOPLS=$gobin/gopls"
