"""Shared test setup: Qt runs headless, every test gets its own settings, config and cache folders, tests
that need Qt are marked `gui`, and Hypothesis has a quick and a full budget.

QT_QPA_PLATFORM is set here, before anything creates a Qt application. The XDG variables point into a
fresh temporary folder per test (platformdirs and QStandardPaths read them; $PARALLAX_CACHE_DIR is
unset), and QSettings, which caches
its paths once per process, is pointed there too, so no test sees another's recent folders or layout.

`gui`: set at collection on every test that uses a Qt fixture (QT_FIXTURES, directly or through another
fixture), so `pytest -m "not gui and not slow"` (make test-fast) is the quick loop. A test that creates a
Qt application without one of those fixtures fails, saying so: it would slip into the quick loop.

`remembered_sentence_vectors` (opt in with `pytestmark = pytest.mark.usefixtures(...)`): the sentence
model's vector of each distinct sentence computed once, and kept between runs in pytest's cache
(.pytest_cache/d/sentence-vectors/, under a key of everything that could change a vector: the model's and
tokenizer's sha256, semantic.py's source, the versions of onnxruntime, tokenizers and numpy; `pytest
--cache-clear` empties it; a fresh clone, as in CI, computes every vector). The index's and the command line's
tests build, update and rebuild the same corpora dozens of times to check what is kept and read back;
running the model on every sentence of every build was two thirds of their time (cProfile). The session's
alignments of the sample corpus and of the figure story (`sample_alignment`, `figure_story_alignment`),
which several modules read, are computed with it too. The model
itself, and that a sentence's vector does not depend on the batch it is computed in, are tested in
tests/core/align/test_semantic.py; the resumable semantic stage (tests/core/index/test_progressive.py)
runs the real model every time.

Hypothesis: the `dev` profile (the default) tries few examples; `ci` (HYPOTHESIS_PROFILE=ci, which
`make test` and `.ci/run` set) the full budget. Both are derandomized, so a failure always reproduces.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    import numpy as np

    from viewer.core.align.semantic import Encoder
    from viewer.core.model import Alignment

# What this module needs of numpy, Hypothesis and the viewer is imported where it is used: under xdist the
# controller, which runs no test, loads this module too, before it starts the workers.

os.environ["QT_QPA_PLATFORM"] = "offscreen"

# pytest-qt's fixtures and ours that create or need a QApplication.
QT_FIXTURES = frozenset({"qtbot", "qapp", "qapp_args", "qapp_cls", "qtmodeltester", "window"})


def pytest_configure(config: pytest.Config) -> None:
    """Hypothesis's two profiles, and the one chosen by $HYPOTHESIS_PROFILE (before test modules, whose
    `helpers.budget` reads it, are imported). Not in an xdist controller: it runs no test."""
    if not hasattr(config, "workerinput") and config.getoption("numprocesses", default=None):
        return
    from hypothesis import settings

    settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True, print_blob=True)
    settings.register_profile("dev", max_examples=5, deadline=None, derandomize=True, print_blob=True)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
    if (cache := getattr(config, "cache", None)) is not None:  # not with -p no:cacheprovider
        import helpers

        helpers.VECTOR_STORE = helpers.vector_store(cache.mkdir("sentence-vectors"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `gui` every test whose fixtures (all of them, however deep) include a Qt fixture; run the
    reader's own tests first (see `reader_test`)."""
    for item in items:
        if QT_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)
    items.sort(key=lambda item: not reader_test(item))  # stable: modules stay whole and in order


# The tests of the loader's worker processes themselves: a hundred folders read, each by forked workers.
READER_TESTS = ("core/ingest/", "core/test_lifeline.py")


def reader_test(item: pytest.Item) -> bool:
    """Whether `item` is one of READER_TESTS. They run first, in a process that holds no sentence model
    yet: a fork costs with the size of the process, and the model makes a fork's CPU time about half
    again (tests/core/ingest forks some 130 times a quick loop)."""
    path = item.path.as_posix()
    return any(f"/tests/{part}" in path for part in READER_TESTS)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """Fail a test not marked `gui` that created the first Qt application of the run."""
    from viewer.ui.qt import QtCore

    before = QtCore.QCoreApplication.instance()
    outcome = yield
    if before is None and QtCore.QCoreApplication.instance() is not None and not item.get_closest_marker("gui"):
        outcome.force_exception(
            pytest.fail.Exception(
                "this test created a Qt application: take the `qapp` fixture so it is marked `gui`", pytrace=False
            )
        )

XDG_VARIABLES = ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")


@pytest.fixture(scope="session")
def user_dirs_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("user-dirs")


_USER_DIRS = itertools.count()


@pytest.fixture(autouse=True)
def isolated_user_dirs(user_dirs_base: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private home for config, cache, data and state; returns its root. The folders are not made: the
    app creates what it writes into, as on a fresh account (and the quick loop saves the calls). The roots
    are numbered here, in one folder of the session: `tmp_path_factory.mktemp` lists the whole base folder
    to number each one (some 0.6 CPU-s over a run)."""
    root = user_dirs_base / str(next(_USER_DIRS))
    root.mkdir()
    for name in XDG_VARIABLES:
        monkeypatch.setenv(name, str(root / name.lower()))
    # The index's own override of the cache folder would send tests' indexes into a developer's real cache.
    from viewer.core.index.store import CACHE_ENV

    monkeypatch.delenv(CACHE_ENV, raising=False)
    from viewer.ui.qt import QtCore

    for fmt in (QtCore.QSettings.Format.NativeFormat, QtCore.QSettings.Format.IniFormat):
        QtCore.QSettings.setPath(fmt, QtCore.QSettings.Scope.UserScope, str(root / "xdg_config_home"))
    return root


@pytest.fixture(autouse=True)
def one_reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Folders are read by one forked worker instead of two outside the reader's own tests (which keep
    two): the same path (fork, budgets, results sent back), at half the forks. Forking a test process that
    holds the sentence model costs some 40 CPU-ms a worker, and the index and command-line tests read
    folders over a hundred times a run."""
    if reader_test(request.node):
        return
    from viewer.core.ingest import documents

    monkeypatch.setattr(documents, "READ_WORKERS", 1)


@pytest.fixture(scope="session")
def sample_alignment() -> Alignment:
    """`analyse` of the bundled sample corpus (corpus/) at the default threshold, computed once per session:
    the JSON, Parquet, report and sample-corpus tests all read it, and an Alignment is frozen."""
    from helpers import CORPUS, remembering_sentence_vectors

    from viewer.core.pipeline import analyse

    with remembering_sentence_vectors():
        return analyse(CORPUS, workers=1)


@pytest.fixture(scope="session")
def figure_story_alignment() -> Alignment:
    """`analyse` of tests/data/facts/ecbplus-37 (four ECB+ articles whose death tolls differ, so it has figure
    parallels), computed once per session for the Parquet and saved-result tests."""
    from helpers import DATA, remembering_sentence_vectors

    from viewer.core.pipeline import analyse

    with remembering_sentence_vectors():
        return analyse(DATA / "facts" / "ecbplus-37", workers=1)


@pytest.fixture
def window(qtbot):
    """The real main window, shown at a desktop size (empty until a test opens a folder)."""
    from viewer.ui.app import create_application
    from viewer.ui.main_window import MainWindow

    create_application()
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def sentence_model() -> Encoder:
    """The installed sentence model; the test is skipped when it cannot be used. Asked when the test runs, not
    at collection (a `skipif` on `semantic.available()`), where it loaded the model into every worker of the
    quick loop for tests it then deselects."""
    from viewer.core.align import semantic

    model = semantic.encoder()
    if model is None:
        pytest.skip(semantic.notice() or "the sentence model cannot be used")
    return model


@pytest.fixture
def kept_model_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The sentence model's state as it is now (loaded or not) put back after this test, whatever the test
    resets, damages or hides: for a test that uses the session's model before it takes the model away."""
    from viewer.core.align import semantic

    semantic._settle()  # a load under way finishes into the session's state, not the test's
    for name in ("_model", "_tried", "_preloading", "_why_not"):
        monkeypatch.setattr(semantic, name, getattr(semantic, name))
    monkeypatch.setattr(semantic, "_verified", set(semantic._verified))  # `reset` clears it in place
    yield
    semantic._settle()  # nor does one the test started land after the session's state is put back


@pytest.fixture
def fresh_model_state(kept_model_state: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sentence model as in a new process (nothing loaded or verified, no notice pending) for this test,
    and the session's loaded model put back afterwards: a test that damages, hides or resets the model
    costs the tests after it no reload (some 0.3 CPU-seconds each, the 69 MB file hashed again). Only for
    the tests of loading itself: every test that takes it loads the model again."""
    from viewer.core.align import semantic

    monkeypatch.setattr(semantic, "_model", None)
    monkeypatch.setattr(semantic, "_tried", False)
    monkeypatch.setattr(semantic, "_preloading", None)
    monkeypatch.setattr(semantic, "_verified", set())
    monkeypatch.setattr(semantic, "_why_not", None)


@pytest.fixture
def remembered_sentence_vectors(monkeypatch: pytest.MonkeyPatch) -> dict[str, np.ndarray]:
    """The sentence model computes each distinct sentence once per session (see the module's docstring)."""
    from helpers import remember_sentence_vectors

    return remember_sentence_vectors(monkeypatch)
