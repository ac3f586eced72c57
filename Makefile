# Parallax developer commands. Every target creates .venv when it is missing (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
PACKAGE_STAMP := $(VENV)/.installed-package

.PHONY: run qt-runtime test test-fast lint screenshots bench bench-truth bench-open bench-distributed package desktop-tools clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[semantic]'
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,semantic]'
	touch $(STAMP) $@

run: $(STAMP) qt-runtime
	$(BIN)/parallax corpus

# Qt's X11 plugin needs X libraries that many systems lack (libxcb-cursor0 since Qt 6.5, and others): installed
# once when a display is there, the plugin cannot load and we are root; otherwise `parallax` explains.
QT_X11_PACKAGES := libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
	libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0
qt-runtime: $(STAMP)
	@[ -z "$$DISPLAY" ] || ! ldd "$$($(BIN)/python -c 'import PySide6, pathlib; \
	  print(pathlib.Path(PySide6.__file__).parent / "Qt/plugins/platforms/libqxcb.so")')" | grep -q "not found" || \
	{ [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && apt-get update -qq && \
	  apt-get install -y -qq $(QT_X11_PACKAGES) >/dev/null; } || true

# The whole suite, with Hypothesis's full budget (tests/conftest.py: the `ci` profile).
test: $(TEST_STAMP) desktop-tools
	QT_QPA_PLATFORM=offscreen HYPOTHESIS_PROFILE=ci $(BIN)/python -m pytest

# The loop while you edit: no window (`gui`, marked automatically), nothing that takes seconds (`slow`: the
# real corpora, child Python processes, indexes built and rebuilt many times, the real model over a corpus),
# Hypothesis's small `dev` budget, one worker per core (pytest-xdist), and the compiled tests kept between runs
# even where the environment sets PYTHONDONTWRITEBYTECODE (recompiling and rewriting the asserts of every test
# module costs some 4 CPU-seconds a run). The sentence vectors of the corpora the tests reuse are kept between
# runs too, in .pytest_cache (tests/conftest.py; `pytest --cache-clear` forgets them). `make test` before you push.
test-fast: $(TEST_STAMP)
	env -u PYTHONDONTWRITEBYTECODE QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n auto -m "not gui and not slow"

# ruff (with the banned-api rule: PySide6 only in viewer/ui/qt.py and viewer/report/qt.py), the import
# contracts of pyproject.toml (the layering), mypy on viewer/core, and the desktop files' validators.
lint: $(TEST_STAMP) desktop-tools
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	! command -v desktop-file-validate >/dev/null || desktop-file-validate resources/*.desktop
	! command -v appstreamcli >/dev/null || appstreamcli validate --no-net resources/*.metainfo.xml

# Pictures of the real window, headless, with fresh settings and index: the bundled corpus and one NewsWCL50
# cluster, into docs/screenshots/ (docs/screenshots/README.md says what each shows).
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$$(mktemp -d)" PARALLAX_CACHE_DIR="$$(mktemp -d)" \
	  $(BIN)/python -m viewer.ui.screenshots docs/screenshots \
	  sample=corpus newswcl50=tests/data/ui/newswcl50-event_0

# The validators of the desktop files (Debian desktop-file-utils, appstream), installed once when missing and
# root; otherwise their checks skip with a reason.
desktop-tools:
	@command -v desktop-file-validate >/dev/null && command -v appstreamcli >/dev/null || \
	{ [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && apt-get update -qq && \
	  apt-get install -y -qq desktop-file-utils appstream >/dev/null; } || \
	echo "desktop-file-validate/appstreamcli missing: install desktop-file-utils and appstream to check resources/"

BENCH_STAMP := $(VENV)/.installed-bench

$(BENCH_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench,semantic]'
	touch $(STAMP) $@

# Scale benchmark of the index (N = 1,000 to 20,000 articles; takes a while): benchmarks/results/scale.json + .png,
# then the dense-reuse corpora (1,000 to 4,000): benchmarks/results/scale_dense.json + .png
bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/bench_scale.py
	$(BIN)/python benchmarks/bench_scale.py --dense

# Truth on real data: every corpus with gold in ../shared/gold aligned and scored (must-recall, precision,
# divergence recall per corpus and pooled): benchmarks/results/truth.json; then all of them in one folder,
# each in a subfolder, each scored on its own pairs (`--together`: a story among others scores as alone).
bench-truth: $(STAMP)
	$(BIN)/python benchmarks/bench_truth.py
	$(BIN)/python benchmarks/bench_truth.py --together

# A 100-article folder opened by the CLI's work and by the window (lexical result, then restatements).
bench-open: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/bench_open.py

# The Dask engine against the local engine (a 2-worker LocalCluster; the test extras install Dask):
# time, peak memory per worker, equal result, stage sizes -> benchmarks/results/distributed.json.
# More sizes: make bench-distributed SIZES="1000 10000 20000" (10,000 takes several minutes here).
SIZES ?= 1000
bench-distributed: $(TEST_STAMP)
	$(BIN)/python benchmarks/bench_distributed.py --sizes $(SIZES)

$(PACKAGE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[package,semantic]'
	touch $(STAMP) $@

# One-folder build in packaging/dist/parallax (run packaging/dist/parallax/parallax), then its smoke test.
package: $(PACKAGE_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN \
	  --distpath packaging/dist --workpath packaging/build packaging/parallax.spec
	$(BIN)/python packaging/smoke_test.py packaging/dist/parallax/parallax

clean:
	rm -rf $(VENV) build dist *.egg-info packaging/build packaging/dist
