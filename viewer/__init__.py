"""Parallax: find the passages news articles share and the numbers and dates they disagree on."""

__version__ = "0.1.0"
