"""The palette's colour legend turned into Qt colours and text formats, for the light or the dark theme.

Every colour the window paints comes from `viewer.palette` through here, so the window and the PDF agree.
Imports: viewer.palette, viewer.ui.qt.
"""

from __future__ import annotations

from viewer import palette
from viewer.ui.qt import QtGui, QtWidgets

_UNDERLINES = {
    "underline": QtGui.QTextCharFormat.UnderlineStyle.SingleUnderline,
    "wavy": QtGui.QTextCharFormat.UnderlineStyle.WaveUnderline,
    "dotted": QtGui.QTextCharFormat.UnderlineStyle.DotLine,
    "box": QtGui.QTextCharFormat.UnderlineStyle.SingleUnderline,
}


def is_dark(pal: QtGui.QPalette | None = None) -> bool:
    """True when the window's background is darker than its text (a dark theme)."""
    if pal is None:
        pal = QtWidgets.QApplication.palette()
    return (
        pal.color(QtGui.QPalette.ColorRole.Window).lightness()
        < pal.color(QtGui.QPalette.ColorRole.WindowText).lightness()
    )


def mark_color(mark: palette.Mark, dark: bool) -> QtGui.QColor:
    return QtGui.QColor(mark.dark if dark else mark.light)


def shade_color(others: int, dark: bool) -> QtGui.QColor:
    return QtGui.QColor(palette.shared_shade(others, dark))


def heat_color(fraction: float, dark: bool = False) -> QtGui.QColor:
    return QtGui.QColor(palette.heat(fraction, dark))


def shade_format(others: int, dark: bool) -> QtGui.QTextCharFormat:
    fmt = QtGui.QTextCharFormat()
    fmt.setBackground(shade_color(others, dark))
    if dark:
        fmt.setForeground(QtGui.QColor(palette.FACT.dark))
    return fmt


def diff_format(mark: palette.Mark, dark: bool) -> QtGui.QTextCharFormat:
    """Added or missing words: the mark's background plus its print-safe line."""
    fmt = QtGui.QTextCharFormat()
    fmt.setBackground(mark_color(mark, dark))
    if mark.style == "strike":
        fmt.setFontStrikeOut(True)
    elif mark.style in _UNDERLINES:
        fmt.setUnderlineStyle(_UNDERLINES[mark.style])
    return fmt


def verdict_format(verdict: str, dark: bool) -> QtGui.QTextCharFormat:
    """A diverging value: the verdict's colour as text colour, bold, underlined in the verdict's style."""
    mark = palette.VERDICT_MARKS[verdict]
    color = mark_color(mark, dark)
    fmt = QtGui.QTextCharFormat()
    fmt.setForeground(color)
    fmt.setFontWeight(QtGui.QFont.Weight.Bold)
    fmt.setUnderlineStyle(_UNDERLINES.get(mark.style, QtGui.QTextCharFormat.UnderlineStyle.SingleUnderline))
    fmt.setUnderlineColor(color)
    return fmt


def fact_format() -> QtGui.QTextCharFormat:
    """Any number or date in a compared passage: bold, in the text's own colour."""
    fmt = QtGui.QTextCharFormat()
    fmt.setFontWeight(QtGui.QFont.Weight.Bold)
    return fmt


def context_format(pal: QtGui.QPalette | None = None) -> QtGui.QTextCharFormat:
    """The surrounding context of a compared passage: the theme's text colour faded towards its background
    (the theme's own "disabled" colour is unreadable in some dark themes)."""
    pal = pal or QtWidgets.QApplication.palette()
    text, base = pal.color(QtGui.QPalette.ColorRole.Text), pal.color(QtGui.QPalette.ColorRole.Base)
    faded = QtGui.QColor.fromRgbF(
        *((t + b) / 2 for t, b in zip(text.getRgbF()[:3], base.getRgbF()[:3], strict=True))
    )
    fmt = QtGui.QTextCharFormat()
    fmt.setForeground(faded)
    return fmt


def badge_color(verdict: str, dark: bool) -> QtGui.QColor:
    return mark_color(palette.VERDICT_MARKS[verdict], dark)
