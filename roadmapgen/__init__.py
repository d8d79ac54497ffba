"""roadmapgen: a static site generator for personal career roadmaps."""

__version__ = "0.1.0"
