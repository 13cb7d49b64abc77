;; Every usage error is a line starting with `error:` and exit 2, no command
;; at all included; --help and --version are exit 0.
;; RUN:
;; RUN: frobnicate
;; RUN: adapt
;; RUN: adapt % -o
;; RUN: check --format yaml %
;; RUN: adapt % -o %tmp/out.wasm --unsupported=maybe
;; RUN: --help
;; RUN: --version
;; RUN: help imports
(module)
