"""Tidings: turn news text into dated, sourced political event data."""

__version__ = "0.1.0"
