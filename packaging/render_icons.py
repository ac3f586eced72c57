"""Render the app icon `resources/icons/parallax.svg` into the hicolor theme layout (resources/icons/hicolor).

Writes `hicolor/<N>x<N>/apps/<APP_ID>.png` for the usual sizes with Qt's SVG renderer, and links
`hicolor/scalable/apps/<APP_ID>.svg` to the source SVG. Run it after changing the SVG and commit the result:
    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "io.github.parallax.Parallax"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def render(svg: Path, size: int) -> QImage:
    """The SVG drawn into a transparent size x size image, aspect ratio kept and centred."""
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def write_theme(svg: Path, out: Path) -> list[Path]:
    """Every PNG size and the scalable link under `out` (a hicolor folder); returns the paths written."""
    written = []
    for size in SIZES:
        png = out / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        png.parent.mkdir(parents=True, exist_ok=True)
        if not render(svg, size).save(str(png), "PNG"):
            raise OSError(f"{png}: could not write")
        written.append(png)
    link = out / "scalable" / "apps" / f"{APP_ID}.svg"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(os.path.relpath(svg, link.parent))
    written.append(link)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=ICONS / "parallax.svg")
    parser.add_argument("--out", type=Path, default=ICONS / "hicolor")
    args = parser.parse_args(argv)
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for path in write_theme(args.svg, args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
