;;; eglot.el --- a batch Emacs session with eglot and tenantvet lsp  -*- lexical-binding: t -*-
;; emacs --batch -l eglot.el: opens $TV_FILE under $TV_ROOT with eglot managing it through
;; `$TV_BIN lsp', waits until tenantvet has published for the buffer and flymake shows it, and
;; writes what flymake shows into $TV_OUT, one "line:col: code message" per diagnostic, with
;; Emacs's own 1-based line and byte column. The project root is the directory holding
;; .tenantvet.yaml, as the documented configuration sets it.
(require 'eglot)
(require 'go-mode)
(require 'sql)
(require 'flymake)

(defvar tv-root (file-name-as-directory (getenv "TV_ROOT")))
(defvar tv-published nil)
(defvar tv-lines nil)

(defun tv-finish (code)
  (with-temp-file (getenv "TV_OUT")
    (insert (mapconcat #'identity (reverse tv-lines) "\n") "\n"))
  (kill-emacs code))

;; The documented configuration: tenantvet's project is the directory of .tenantvet.yaml.
(add-hook 'project-find-functions
          (lambda (dir)
            (let ((r (locate-dominating-file dir ".tenantvet.yaml")))
              (and r (cons 'transient (expand-file-name r))))))
(add-to-list 'eglot-server-programs `((go-mode sql-mode) . (,(getenv "TV_BIN") "lsp")))

(advice-add 'eglot-handle-notification :after
            (lambda (_server method &rest args)
              (when (and (eq method 'textDocument/publishDiagnostics)
                         (equal (eglot--uri-to-path (plist-get args :uri))
                                (expand-file-name (getenv "TV_FILE") tv-root)))
                (setq tv-published t))))

(find-file (expand-file-name (getenv "TV_FILE") tv-root))
(when (string-suffix-p ".sql" buffer-file-name) (sql-mode))
(setq flymake-no-changes-timeout nil)
(eglot-ensure)
;; eglot-ensure connects from post-command-hook, which batch mode never runs.
(run-hooks 'post-command-hook)

(defun tv-eglot-diagnostics ()
  (seq-filter (lambda (d) (string-prefix-p "tenantvet" (flymake-diagnostic-text d)))
              (flymake-diagnostics)))

(let ((deadline (+ (float-time) 240)))
  (while (and (< (float-time) deadline)
              (not (and tv-published (tv-eglot-diagnostics))))
    (when (and tv-published (not (tv-eglot-diagnostics))) (flymake-start))
    (accept-process-output nil 0.2))
  (unless tv-published
    (push "timeout: tenantvet did not publish" tv-lines)
    (tv-finish 3)))

(push (format "attached: %s" (if (eglot-current-server)
                                 (plist-get (eglot--server-info (eglot-current-server)) :name)
                               "none"))
      tv-lines)
(dolist (d (tv-eglot-diagnostics))
  (save-excursion
    (goto-char (flymake-diagnostic-beg d))
    (let ((text (flymake-diagnostic-text d)))
      (when (string-match "\\`tenantvet \\[\\([^]]+\\)\\]: \\(\\(?:.\\|\n\\)*\\)\\'" text)
        (setq text (concat (match-string 1 text) " " (match-string 2 text))))
      (push (format "%d:%d: %s" (line-number-at-pos)
                    (1+ (- (position-bytes (point)) (position-bytes (line-beginning-position))))
                    text)
            tv-lines))))
(tv-finish 0)
;;; eglot.el ends here
