"""Tests of evalkit.render.notebook: deterministic figures, shared figures, reset settings."""

from __future__ import annotations

import io
import struct
import zlib

import matplotlib as mpl
import matplotlib.pyplot as plt
import pytest

from evalkit.memo import MEMO_ENV
from evalkit.render import notebook
from evalkit.render.notebook import FIGURE_DPI, figure_png, setup, show_plot

DRAWN: list[str] = []


def counted_plot(title: str):
    """A module-level plot function that records each figure it draws."""
    DRAWN.append(title)
    fig, ax = plt.subplots(figsize=(2, 1.5))
    ax.set_title(title)
    return fig


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


def test_laying_out_once_gives_the_bytes_savefig_gives_after_its_own_layout_draw():
    def drawn(layout):
        fig, ax = plt.subplots(figsize=(3, 2), layout=layout)
        ax.plot([0, 1, 2], [1, 0, 2])
        ax.set_xlabel("年份 year")
        if layout is None:
            fig.tight_layout()  # leaves a placeholder engine
        return fig

    setup()  # the CJK font
    try:
        for layout in ("constrained", None):
            saved, fast = drawn(layout), drawn(layout)
            buffer = io.BytesIO()  # what figure_png did before: savefig draws twice
            saved.savefig(buffer, format="png", dpi=FIGURE_DPI, metadata={"Software": None})
            assert figure_png(fast) == buffer.getvalue()
            assert fast.get_layout_engine() is None
            plt.close(saved)
            plt.close(fast)
    finally:
        mpl.rcdefaults()


def test_show_plot_draws_a_figure_once_per_batch_and_shows_the_same_bytes(tmp_path, monkeypatch):
    shown: list[bytes] = []
    monkeypatch.setattr("IPython.display.display", lambda image: shown.append(image.data))
    DRAWN.clear()
    open_before = plt.get_fignums()  # figures an earlier test of this worker left open
    monkeypatch.delenv(MEMO_ENV, raising=False)
    show_plot(counted_plot, "t")
    show_plot(counted_plot, "t")
    assert DRAWN == ["t", "t"]  # no batch cache: every call draws
    monkeypatch.setenv(MEMO_ENV, str(tmp_path))
    show_plot(counted_plot, "t")
    show_plot(counted_plot, title="t")  # another call signature is another key
    show_plot(counted_plot, "t")
    show_plot(counted_plot, "u")
    assert DRAWN == ["t", "t", "t", "t", "u"]
    assert len(set(shown[:5])) == 1 and shown[5] != shown[0]
    assert plt.get_fignums() == open_before  # every drawn figure was closed


def test_plot_png_names_the_function_by_module_and_name():
    open_before = plt.get_fignums()
    png = notebook._plot_png(f"{__name__}:counted_plot", ("v",), {})
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and plt.get_fignums() == open_before
