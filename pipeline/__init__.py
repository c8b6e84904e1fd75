"""migo: offline translation and accessibility pipeline for community publishers."""

__version__ = "0.1.0"
