"""Edit a content file's front matter in place, the way its author would:
change a value, add a key to an item, cut an item out of a list or add
items to one, and leave every other character as it was (comments, key
order, quoting, blank lines, line endings, a byte order mark, the body).

PyYAML cannot write a document back as it was read, so nothing is dumped:
the positioned reader (`read.frontmatter`) says on which line and column
each key and value stands, and the edit is made to those characters. Each
edit then reads its result again and compares it with what the edit meant
to make (the whole front matter, value for value, and the text outside it
byte for byte); where they differ it raises EditError instead, so a layout
these rules do not foresee is refused, never garbled. Pure: text in, text
out.

`lines` cuts a file into lines, `readback` compares what an edit makes with
what it meant, `item_blocks` finds each list item's lines; `values` and
`moves` make the edits.
"""

from __future__ import annotations

from roadmapgen.write.content_edits.lines import EditError
from roadmapgen.write.content_edits.moves import MovedItem, add_items, cut_items, new_file
from roadmapgen.write.content_edits.values import item_values, set_item_values, set_value

__all__ = ["EditError", "MovedItem", "add_items", "cut_items", "item_values", "new_file", "set_item_values",
           "set_value"]
