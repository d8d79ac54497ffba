"""Writing: `output` is the only writer of the built site to disk, atomically."""
