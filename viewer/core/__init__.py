"""The Qt-free engine: loading, passages, alignment, word diffs, facts, the index. Imports no Qt."""
