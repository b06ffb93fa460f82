"""Banshi: validate government service item records and render them into a service guide."""

__version__ = "0.1.0"
