"""Tests of evalkit.render.notebook: deterministic figures, reset settings, warnings in words."""

from __future__ import annotations

import struct
import warnings
import zlib

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest

from evalkit.render.notebook import FIGURE_DPI, collected_warnings, figure_png, setup


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert crc == zlib.crc32(kind + body)
        chunks.append((kind, body))
        position += 12 + length
    return chunks


@pytest.fixture
def figure():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1, 2], [1, 0, 2])
    yield fig
    plt.close(fig)


def test_png_has_figure_size_times_dpi_and_no_software_text(figure):
    chunks = _png_chunks(figure_png(figure))
    header = dict(chunks)[b"IHDR"]
    width, height = struct.unpack(">II", header[:8])
    assert (width, height) == (3 * FIGURE_DPI, 2 * FIGURE_DPI)
    text = b"".join(body for kind, body in chunks if kind in (b"tEXt", b"iTXt", b"zTXt"))
    assert b"Software" not in text
    assert b"matplotlib" not in text.lower()


def test_same_figure_gives_the_same_bytes_and_a_change_gives_other_bytes(figure):
    first = figure_png(figure)
    assert figure_png(figure) == first
    figure.axes[0].set_title("changed")
    assert figure_png(figure) != first


def test_setup_resets_user_settings_and_salts_svg_hashes():
    mpl.rcParams["lines.linewidth"] = 9.0
    mpl.rcParams["svg.hashsalt"] = None
    try:
        setup()
        assert mpl.rcParams["lines.linewidth"] == mpl.rcParamsDefault["lines.linewidth"]
        assert mpl.rcParams["svg.hashsalt"] == "evalkit"
    finally:
        mpl.rcdefaults()


def test_warnings_collected_once_each_in_order_without_deprecations():
    with collected_warnings() as messages:
        warnings.warn("second thing", UserWarning, stacklevel=1)
        warnings.warn("first thing", RuntimeWarning, stacklevel=1)
        warnings.warn("second thing", UserWarning, stacklevel=1)
        warnings.warn("old api", DeprecationWarning, stacklevel=1)
        assert messages == []  # filled when the block ends
    assert messages == ["second thing", "first thing"]


def test_warnings_outside_the_block_are_not_collected():
    with collected_warnings() as messages:
        pass
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        warnings.warn("later", UserWarning, stacklevel=1)
    assert messages == []
