"""Every string the window shows goes through Qt's translation functions (issue 16): a label, tooltip, title or
message written out as a bare literal is found by reading the source of viewer/ui, without starting Qt."""

from __future__ import annotations

import ast
import re

from helpers import REPO

# Qt calls whose first argument, or whose keyword arguments below, the user reads.
SHOWN = {
    "setText", "setToolTip", "setWindowTitle", "setPlaceholderText", "setStatusTip", "setAccessibleName",
    "setAccessibleDescription", "showMessage", "setTitle", "setSuffix", "setPrefix", "addRow", "setWhatsThis",
    "QLabel", "QPushButton", "QCheckBox", "QGroupBox", "QRadioButton", "QToolButton", "QAction",
    "addAction", "addMenu",
}
SHOWN_KEYWORDS = {"text", "toolTip", "suffix", "prefix", "windowTitle", "placeholderText", "statusTip", "title"}
# Pictures for the docs, not the product; its texts are the window's own.
NOT_SHOWN = {"screenshots.py"}


def _words(node: ast.AST) -> bool:
    """Whether `node` is (or builds, or picks) a literal holding a word: text a translator must see."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return re.search(r"(?<![.\w])[A-Za-z]{2}", node.value) is not None  # a word, not an extension
    if isinstance(node, ast.JoinedStr):
        return any(_words(v) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _words(node.left) or _words(node.right)
    if isinstance(node, ast.IfExp):
        return _words(node.body) or _words(node.orelse)
    return False


def untranslated(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name not in SHOWN:
            continue
        shown = [*node.args[:1], *(k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS)]
        found += [(node.lineno, ast.unparse(a)) for a in shown if _words(a)]
    return found


def test_the_check_finds_bare_strings_and_lets_translated_ones_pass() -> None:
    assert [line for line, _ in untranslated(
        'label.setText("Starting…")\n'
        'box.setToolTip(f"{n} files")\n'
        'status.setText("" if ok else "Not found")\n'
        'QtWidgets.QToolButton(text="Next")\n'
        'label.setText(self.tr("Starting…"))\n'
        'label.setText(f"{done}/{total}")\n'
        'button.setText("✕")\n'
        'path.setText(f"{path}.pdf")\n'
    )] == [1, 2, 3, 4]


def test_user_visible_strings_go_through_qt_translation() -> None:
    found = []
    for path in sorted((REPO / "viewer" / "ui").rglob("*.py")):
        if path.name in NOT_SHOWN:
            continue
        found += [f"{path.relative_to(REPO)}:{line} {text}" for line, text in untranslated(path.read_text())]
    assert found == []
