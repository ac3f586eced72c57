"""The Parallax window (PySide6): models, views and workers over the Qt-free engine in viewer.core."""
