;; What the built-in adapter implements, and how faithfully.
;; RUN: coverage
;; The runtime is threaded through (the same adapter on each today); one
;; that is not a runtime is an error.
;; RUN: coverage --runtime nowhere
(module)
