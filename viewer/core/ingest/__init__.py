"""Ingest: from a folder of files to `Document`s. Listing and reading (`documents`), text encodings
(`encoding`), titles, sources and dates (`metadata`), and one reader per file format (`formats`).
Imports: the standard library, the parsing libraries, viewer.core.model and viewer.core.progress.
"""
