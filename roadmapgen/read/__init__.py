"""Reading: the site's files into typed data, with positions.

`sources` is the only reader of content files and `history` the only reader
of git; `config` reads roadmap.toml into settings. `frontmatter` splits and
parses front matter, `fields` and `kinds` type it, `markdown` (with
`wikilinks`, `rawhtml` and `urls`) finds links in bodies and makes their
HTML, `documents` turns one file into one document (the root read by `root`,
the entries of a list by `entries`, with `nested_fields` for nested values
and `field_links` for the links in their texts), `parsing` all of them.
"""
