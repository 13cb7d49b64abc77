;; What the built-in adapter implements, and how faithfully.
;; RUN: coverage
;; On WAMR, wasi:sockets is implemented with its socket extension (each
;; approximation saying how); one that is not a runtime is an error.
;; RUN: coverage --runtime wamr
;; RUN: coverage --runtime nowhere
(module)
