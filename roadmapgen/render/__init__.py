"""Rendering: a roadmap seen by one audience into the site's files, in
memory ({relative path: bytes}). `site` is the context every page and
export is made from; `pages` renders the pages with the theme (`themes`,
`templates`) from the views (`horizon_views`, `loop_views`, `worksheet`),
`charts`, `timeline/` and `exports/`.
"""
