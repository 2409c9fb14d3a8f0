"""The index's figures: a forest plot and a tile map per outcome, embedded as PNG data URIs.

PNG bytes come from :func:`evalkit.render.notebook.figure_png` (fixed DPI, no software or date
metadata), so the same results give the same index bytes.
"""

from __future__ import annotations

import base64
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd

from evalkit.i18n import check_language, scoped_text, text
from evalkit.plots.forest import plot_forest
from evalkit.plots.tile_map import english_names, plot_tile_map
from evalkit.render.index_data import display_values, outcome_name
from evalkit.render.notebook import figure_png

# the suffix of a prefecture-level city's name (杭州市), dropped on the zh tile map: part of
# the name as the data spell it, not a label
CITY_SUFFIX = "市"


def png_data_uri(figure) -> str:
    """Return a figure as a ``data:image/png;base64,...`` URI and close it.

    Examples
    --------
    >>> figure, _ = plt.subplots()
    >>> png_data_uri(figure)[:22]
    'data:image/png;base64,'
    """
    try:
        return "data:image/png;base64," + base64.b64encode(figure_png(figure)).decode("ascii")
    finally:
        plt.close(figure)


def city_label(code: str, city_name: str, language: str) -> str:
    """Return a city's name as the index shows it (English name first on en pages).

    Examples
    --------
    >>> city_label("330100", "杭州市", "en"), city_label("330100", "杭州市", "zh")
    ('Hangzhou 杭州市', '杭州市')
    """
    check_language(language)
    if language == "zh":
        return city_name or code
    english = english_names().get(code)
    return f"{english} {city_name}".strip() if english else (city_name or code)


def axis_label(transformation: str, language: str) -> str:
    """Return the effect axis label: percent for log outcomes, outcome units otherwise.

    Examples
    --------
    >>> axis_label("log", "en"), axis_label("ratio", "en")
    ('Effect (%, 95% CI)', 'Effect (outcome units, 95% CI)')
    """
    return text("index_axis_pct" if transformation == "log" else "index_axis_level", language)


def forest_uri(rows: pd.DataFrame, pooled: dict[str, Any] | None, language: str) -> str:
    """Return the forest plot of one outcome's city rows (and its pooled headline) as a URI.

    Cities are ordered by estimate; "cannot tell" rows are drawn faded.
    """
    check_language(language)
    ordered = rows.sort_values(["estimate", "city_code"], kind="stable")
    frame = pd.DataFrame(
        {
            "label": [
                city_label(c, n, language)
                for c, n in zip(ordered["city_code"], ordered["city_name"], strict=True)
            ],
            "estimate": ordered["estimate"].to_numpy(dtype=float),
            "conf_low": ordered["conf_low"].to_numpy(dtype=float),
            "conf_high": ordered["conf_high"].to_numpy(dtype=float),
            "faded": (ordered["verdict"] == "cannot_tell").to_numpy(),
        }
    )
    first = rows.iloc[0]
    pooled_values = display_values(pooled) if pooled is not None else None
    figure = plot_forest(
        frame,
        xlabel=axis_label(first["transformation"], language),
        title=outcome_name(first.to_dict(), language),
        pooled=pooled_values,
        pooled_label=text("index_pooled_row", language),
    )
    return png_data_uri(figure)


def _signed(value: float, transformation: str) -> str:
    return f"{value:+.1f}%" if transformation == "log" else f"{value:+.3f}"


def map_uri(rows: pd.DataFrame, language: str) -> str:
    """Return the tile map of one outcome's Zhejiang city rows as a URI.

    Colour is the estimate (diverging, centred at 0); the legend says so and which direction
    the plan intended; "cannot tell" cities are faded and hatched.
    """
    check_language(language)
    first = rows.iloc[0]
    transformation = first["transformation"]
    unit = text("index_unit_pct" if transformation == "log" else "index_unit_level", language)
    sign = int(first["expected_sign"]) if pd.notna(first["expected_sign"]) else 0
    values = pd.DataFrame(
        {
            "unit_code": rows["city_code"].astype(str).to_numpy(),
            "label": [
                english_names().get(c, n) if language == "en" else n.removesuffix(CITY_SUFFIX)
                for c, n in zip(rows["city_code"], rows["city_name"], strict=True)
            ],
            "value": rows["estimate"].to_numpy(dtype=float),
            "faded": (rows["verdict"] == "cannot_tell").to_numpy(),
            "text": [_signed(v, transformation) for v in rows["estimate"]],
        }
    )
    note = scoped_text("punctuation", "list_separator", language).join(
        (
            text(f"index_map_intended_{max(-1, min(1, sign))}", language),
            text("index_map_hatch", language),
        )
    )
    figure = plot_tile_map(
        values,
        colorbar_label=text("index_map_colour", language, unit=unit),
        note=note,
        title=outcome_name(first.to_dict(), language),
        missing_label=text("index_map_missing", language),
    )
    return png_data_uri(figure)
