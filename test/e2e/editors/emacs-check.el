;;; emacs-check.el --- PHI Guard through Eglot -*- lexical-binding: t -*-
;; Diagnostic, code action, edit, diagnostic gone.
;; Run by emacs-check.sh in batch mode with PHI_GUARD_SERVER and PHI_GUARD_FILE set.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'eglot)
(require 'flymake)

(defconst check-rule "cleartext-http-endpoint")
(defconst check-fix "Replace http:// with https://")
(defconst check-server
  (list "node" "--max-semi-space-size=1" "--expose-gc" (getenv "PHI_GUARD_SERVER") "--stdio"))

;; Emacs has no Dart mode of its own; the server only needs the file path.
(define-derived-mode check-dart-mode prog-mode "Dart")
(add-to-list 'auto-mode-alist '("\\.dart\\'" . check-dart-mode))
(add-to-list 'eglot-server-programs (cons 'check-dart-mode check-server))

(defun check-say (format-string &rest args)
  (princ (concat (apply #'format format-string args) "\n")))

(defun check-fail (why)
  (check-say "emacs: FAIL %s" why)
  (kill-emacs 1))

(defun check-wait (predicate seconds)
  "Process server output until PREDICATE holds or SECONDS pass; return its last value."
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall predicate)))

(defun check-findings ()
  (seq-filter (lambda (d) (string-match-p (regexp-quote check-rule)
                                          (format "%s" (flymake-diagnostic-text d))))
              (flymake-diagnostics)))

(find-file (getenv "PHI_GUARD_FILE"))
(let ((root (file-name-directory (directory-file-name default-directory))))
  (eglot (list 'check-dart-mode) (cons 'transient root) 'eglot-lsp-server check-server "dart"))
(unless (check-wait #'eglot-current-server 20) (check-fail "the server did not start"))
(unless (check-wait #'check-findings 20) (check-fail "no cleartext diagnostic within 20 s"))

(let* ((d (car (check-findings)))
       (beg (flymake-diagnostic-beg d))
       (end (flymake-diagnostic-end d)))
  (check-say "emacs: diagnostic %d-%d %s" beg end (flymake-diagnostic-text d))
  (unless (string-prefix-p "'http://records" (buffer-substring-no-properties beg end))
    (check-fail "the diagnostic range does not cover the URL"))
  (let ((fix (seq-find (lambda (a) (equal (plist-get a :title) check-fix))
                       (eglot-code-actions beg end "quickfix"))))
    (unless (plist-get fix :edit) (check-fail (format "no \"%s\" action with an edit" check-fix)))
    (check-say "emacs: code action %s" (plist-get fix :title))
    (eglot--apply-workspace-edit (plist-get fix :edit))))
(save-buffer)

(unless (check-wait (lambda () (null (check-findings))) 10)
  (check-fail "the diagnostic did not clear after the fix"))
(unless (string-match-p "'https://records\\.northwind-clinic\\.example/v1'" (buffer-string))
  (check-fail "the buffer does not hold the https URL"))
(check-say "emacs: the fix was applied and the diagnostic cleared")
(let ((eglot-autoshutdown t)) (ignore-errors (eglot-shutdown (eglot-current-server))))
(kill-emacs 0)
