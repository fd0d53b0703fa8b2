// Package editors holds no code: its test drives real editors (Neovim, Emacs with eglot, Emacs
// with lsp-mode), headless, against the built `tenantvet lsp`, beside gopls where the editor
// attaches several servers to one buffer, and compares what each editor shows with the
// command line's findings for the same file. The configurations under testdata are the ones
// docs/editors.md documents. scripts/editors.sh installs the editors; without them the test
// skips, unless CI=true, where it fails.
package editors
