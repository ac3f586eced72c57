"""The window's views: widgets that show a model or a document and emit what the user picked."""
