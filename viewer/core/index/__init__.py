"""Index: the SQLite store of a corpus folder's alignment, reopened at once and updated in place.
Imports: the standard library, platformdirs, numpy, and every other package of viewer.core.
"""
