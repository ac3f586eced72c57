"""The table of keyboard shortcuts (viewer/ui/shortcuts.py): every key sequence parses, none is used twice."""

from __future__ import annotations

from collections import defaultdict

import pytest

from viewer.ui.qt import QtGui
from viewer.ui.shortcuts import SHORTCUTS

PORTABLE = QtGui.QKeySequence.SequenceFormat.PortableText
KEYS = [(s.action, keys) for s in SHORTCUTS.values() for keys in s.keys]


@pytest.mark.parametrize(("action", "keys"), KEYS, ids=[f"{a}={k}" for a, k in KEYS])
def test_every_shortcut_parses_as_one_key_written_as_qt_writes_it(action: str, keys: str) -> None:
    sequence = QtGui.QKeySequence(keys)
    # A misspelt key ("Ctrl+Foo") parses to an empty name; "ctrl+o" or "Ctrl+O, O" would show in menus
    # and the About box otherwise than written here.
    assert sequence.count() == 1, f"{action}: {keys!r} is not one key combination"
    assert sequence.toString(PORTABLE) == keys, f"{action}: {keys!r} reads back as {sequence.toString(PORTABLE)!r}"


def test_no_two_shortcuts_share_a_key() -> None:
    actions_of: dict[int, list[str]] = defaultdict(list)
    for action, keys in KEYS:
        actions_of[QtGui.QKeySequence(keys)[0].toCombined()].append(f"{action} ({keys})")
    assert [names for names in actions_of.values() if len(names) > 1] == []


def test_every_action_has_a_key_and_a_description() -> None:
    for action, shortcut in SHORTCUTS.items():
        assert shortcut.action == action and shortcut.keys and shortcut.description
