"""Commands: `cli` parses arguments and reports; `build`, `serve` (with its
HTTP `server`), `init` (with its `starters/`), `new_review` and `schema` are
the commands it runs, each built on the stages below it.
"""
