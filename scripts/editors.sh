#!/usr/bin/env bash
# Installs the editors the editor-session tests drive (lsp/editors): Neovim, Emacs with eglot,
# lsp-mode and go-mode from Debian's packages, Debian unstable's Neovim (0.11 or later, unpacked
# into a cache directory) and gopls from the module proxy, each only when missing. Idempotent.
# Prints the export line for TENANTVET_GOPLS and TENANTVET_NVIM_NEW on stdout; everything else
# goes to stderr.
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
# Neovim 0.11 or later for the vim.lsp.config / vim.lsp.enable setup of docs/editors.md: Debian
# stable has 0.7 only, so take unstable's neovim and the libraries it needs (its C library too)
# from Debian's archive into a directory of our own, without installing them on the system, and
# run it through that C library's loader. Nothing outside $newdir changes.
newdir="${TENANTVET_EDITORS_DIR:-$HOME/.cache/tenantvet-editors}/neovim-sid"
probe='lua if not (vim.lsp.config and vim.lsp.enable) then os.exit(1) end'
if [ ! -x "$newdir/nvim" ] || ! "$newdir/nvim" --headless -u NONE +"$probe" +q >/dev/null 2>&1; then
  echo "fetching Debian unstable's neovim into $newdir" >&2
  rm -rf "$newdir"
  apt="$newdir/apt"
  mkdir -p "$apt/etc/apt/sources.list.d" "$apt/etc/apt/preferences.d" "$apt/etc/apt/apt.conf.d" \
    "$apt/var/lib/apt/lists/partial" "$apt/var/cache/apt/archives/partial" "$newdir/debs" "$newdir/root"
  echo "deb http://deb.debian.org/debian sid main" >"$apt/etc/apt/sources.list"
  : >"$apt/status"
  aptopts=(-o "Dir=$apt" -o "Dir::State::status=$apt/status"
    -o "Dir::Etc::trusted=/etc/apt/trusted.gpg" -o "Dir::Etc::trustedparts=/etc/apt/trusted.gpg.d"
    -o "APT::Sandbox::User=root")
  apt-get "${aptopts[@]}" update -qq >&2 || apt-get "${aptopts[@]}" update -qq >&2
  pkgs=$(apt-cache "${aptopts[@]}" depends --recurse --no-recommends --no-suggests --no-conflicts \
    --no-breaks --no-replaces --no-enhances neovim | grep -v '^ ' | grep -v '^<' | sort -u)
  # shellcheck disable=SC2086
  (cd "$newdir/debs" && apt-get "${aptopts[@]}" download -qq $pkgs >&2)
  for d in "$newdir"/debs/*.deb; do dpkg-deb -x "$d" "$newdir/root"; done
  lib="$newdir/root/usr/lib/x86_64-linux-gnu"
  {
    echo '#!/bin/sh'
    echo "# Debian unstable's Neovim with its own C library (scripts/editors.sh)."
    echo "export VIMRUNTIME='$newdir/root/usr/share/nvim/runtime' VIM='$newdir/root/usr/share/nvim'"
    echo "exec '$lib/ld-linux-x86-64.so.2' --library-path '$lib' '$newdir/root/usr/bin/nvim' \"\$@\""
  } >"$newdir/nvim"
  chmod +x "$newdir/nvim"
  rm -rf "$newdir/debs" "$apt"
  "$newdir/nvim" --headless -u NONE +"$probe" +q >&2 || { echo "Debian unstable's neovim does not run" >&2; exit 1; }
fi
nvim --version | head -1 >&2
"$newdir/nvim" --version | head -1 >&2
emacs --version | head -1 >&2
"$gobin/gopls" version | head -1 >&2
echo "export TENANTVET_GOPLS=$gobin/gopls TENANTVET_NVIM_NEW=$newdir/nvim"
