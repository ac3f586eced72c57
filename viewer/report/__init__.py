"""The comparison PDF: `export_pdf(alignment, path, scope=ExportScope(...))` (see viewer.report.pdf).

Imports: viewer.core, viewer.palette, and Qt through viewer.report.qt only.
"""
