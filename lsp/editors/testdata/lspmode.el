;;; lspmode.el --- a batch Emacs session with lsp-mode: gopls and tenantvet lsp as an add-on  -*- lexical-binding: t -*-
;; emacs --batch -l lspmode.el: opens $TV_FILE under $TV_ROOT with lsp-mode, gopls ($TV_GOPLS,
;; for Go files when set) as the main server and `$TV_BIN lsp' registered as an add-on server on
;; the same buffer (the documented configuration), waits until both are initialized and tenantvet
;; has published, and writes tenantvet's diagnostics as lsp-mode placed them into $TV_OUT, one
;; "line:col: code message" per diagnostic, with Emacs's 1-based line and byte column.
(require 'lsp-mode)
(require 'lsp-go)
(require 'go-mode)
(require 'sql)

(defvar tv-root (file-name-as-directory (getenv "TV_ROOT")))
(defvar tv-file (expand-file-name (getenv "TV_FILE") tv-root))
(defvar tv-lines nil)

(defun tv-finish (code)
  (with-temp-file (getenv "TV_OUT")
    (insert (mapconcat #'identity (reverse tv-lines) "\n") "\n"))
  (kill-emacs code))

(setq lsp-auto-guess-root t
      lsp-enable-file-watchers nil
      lsp-keep-workspace-alive nil
      lsp-enable-snippet nil
      lsp-modeline-workspace-status-enable nil
      lsp-session-file (expand-file-name "lsp-session" temporary-file-directory)
      lsp-go-gopls-server-path (or (getenv "TV_GOPLS") "gopls"))
(add-hook 'project-find-functions
          (lambda (dir)
            (let ((r (locate-dominating-file dir ".tenantvet.yaml")))
              (and r (cons 'transient (expand-file-name r))))))

;; The documented configuration: tenantvet as an add-on server for Go and SQL buffers.
(add-to-list 'lsp-language-id-configuration '(sql-mode . "sql"))
(lsp-register-client
 (make-lsp-client :new-connection (lsp-stdio-connection (list (getenv "TV_BIN") "lsp"))
                  :activation-fn (lsp-activate-on "go" "sql")
                  :add-on? t
                  :server-id 'tenantvet))

(defun tv-workspace (id)
  (seq-find (lambda (ws) (eq (lsp--client-server-id (lsp--workspace-client ws)) id))
            (lsp-workspaces)))

(defun tv-diagnostics ()
  (when-let ((ws (tv-workspace 'tenantvet)))
    (gethash tv-file (lsp--workspace-diagnostics ws))))

(find-file tv-file)
(when (string-suffix-p ".sql" buffer-file-name) (sql-mode))
(lsp)

(let ((go (and (getenv "TV_GOPLS") (string-suffix-p ".go" tv-file)))
      (deadline (+ (float-time) 240)))
  (while (and (< (float-time) deadline)
              (not (and (tv-diagnostics)
                        (or (not go)
                            (and (tv-workspace 'gopls)
                                 (eq (lsp--workspace-status (tv-workspace 'gopls)) 'initialized))))))
    (accept-process-output nil 0.2))
  (unless (tv-diagnostics)
    (push (format "timeout: workspaces %S" (mapcar (lambda (ws) (lsp--client-server-id (lsp--workspace-client ws)))
                                                  (lsp-workspaces)))
          tv-lines)
    (tv-finish 3)))

(dolist (ws (lsp-workspaces))
  (push (format "attached: %s" (lsp--client-server-id (lsp--workspace-client ws))) tv-lines))
(dolist (d (tv-diagnostics))
  (save-excursion
    (goto-char (lsp--position-to-point (lsp:range-start (lsp:diagnostic-range d))))
    (push (format "%d:%d: %s %s" (line-number-at-pos)
                  (1+ (- (position-bytes (point)) (position-bytes (line-beginning-position))))
                  (or (lsp:diagnostic-code? d) "") (lsp:diagnostic-message d))
          tv-lines)))
(tv-finish 0)
;;; lspmode.el ends here
