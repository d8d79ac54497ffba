"""roadmapgen: a static site generator for personal career roadmaps.

The package reads as its pipeline, and imports only point down it:
read/ → analyse/ → render/ → write/, with commands/ on top. `model` (the
frozen dataclasses) and `diagnostics` (findings) are the data every stage
shares, so they stand beside the stages rather than in one.
"""

__version__ = "0.1.0"
