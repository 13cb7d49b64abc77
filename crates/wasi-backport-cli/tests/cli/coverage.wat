;; What the built-in adapter implements, and how faithfully.
;; RUN: coverage
(module)
