"""A tile-grid map of Zhejiang's 11 prefecture cities, coloured by an estimate.

A tile grid needs no boundary file: each city is one square placed roughly where it lies
(``zhejiang_tiles.csv`` beside this module, north at the top). Cities whose verdict is
"cannot tell" are drawn faded and hatched, so colour alone never suggests a finding.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from evalkit.errors import ParameterError
from evalkit.plots.fonts import use_cjk_font

TILES_PATH = Path(__file__).with_name("zhejiang_tiles.csv")
TILE_COLUMNS = ("unit_code", "label", "value")


@cache
def _tiles() -> pd.DataFrame:
    return pd.read_csv(TILES_PATH, dtype={"unit_code": str})


def tile_positions() -> pd.DataFrame:
    """Return ``unit_code, row, column`` of the Zhejiang tile grid.

    Examples
    --------
    >>> tile_positions().set_index("unit_code").loc["330100", ["row", "column"]].tolist()
    [1, 1]
    """
    return _tiles()[["unit_code", "row", "column"]].copy()


def english_names() -> dict[str, str]:
    """Return ``{unit_code: English city name}`` of the tile grid's cities.

    Examples
    --------
    >>> english_names()["330100"]
    'Hangzhou'
    """
    return dict(zip(_tiles()["unit_code"], _tiles()["name_en"], strict=True))


def plot_tile_map(
    values: pd.DataFrame,
    *,
    colorbar_label: str,
    title: str = "",
    missing_label: str = "",
    note: str = "",
) -> Figure:
    """Draw the tile map with each city coloured by ``value`` (diverging around 0).

    Parameters
    ----------
    values : pandas.DataFrame
        ``unit_code, label, value`` and optionally ``faded`` (bool) and ``text`` (a second line
        under the label, e.g. "+3.1%"). Cities of the grid without a row are drawn blank with
        ``missing_label``.
    colorbar_label : str
        Colour bar label, e.g. "Effect (%)".
    title : str
        Figure title.
    missing_label : str
        Text on tiles without a value.
    note : str
        A legend line (or lines) printed under the map, e.g. the plan's intended direction.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ParameterError
        If a column is missing or a unit code is not one of the grid's cities.

    Examples
    --------
    >>> frame = pd.DataFrame({"unit_code": ["330100"], "label": ["杭州"], "value": [2.0]})
    >>> figure = plot_tile_map(frame, colorbar_label="%")
    >>> len(figure.axes)
    2
    """
    missing = [column for column in TILE_COLUMNS if column not in values.columns]
    if missing:
        raise ParameterError(
            f"plot_tile_map: column(s) {missing} missing; the frame needs {list(TILE_COLUMNS)}"
        )
    tiles = _tiles()
    unknown = sorted(set(values["unit_code"]) - set(tiles["unit_code"]))
    if unknown:
        raise ParameterError(
            f"plot_tile_map: unit code(s) {unknown} are not cities of the tile grid "
            f"({TILES_PATH.name}); pass Zhejiang prefecture-city codes only"
        )
    use_cjk_font()
    merged = tiles.merge(values, on="unit_code", how="left")
    finite = merged["value"].dropna().to_numpy(dtype=float)
    limit = float(np.max(np.abs(finite))) if finite.size else 1.0
    limit = limit if limit > 0 else 1.0
    norm = TwoSlopeNorm(vcenter=0.0, vmin=-limit, vmax=limit)
    cmap = colormaps["RdBu_r"]
    figure, axis = plt.subplots(figsize=(6.4, 4.6), layout="constrained")
    for row in merged.itertuples(index=False):
        x, y = row.column, -row.row
        has_value = pd.notna(row.value)
        faded = bool(getattr(row, "faded", False)) if has_value else False
        color = cmap(norm(row.value)) if has_value else "#f2f3f4"
        axis.add_patch(
            Rectangle(
                (x, y), 0.94, 0.94, facecolor=color, alpha=0.35 if faded else 1.0,
                hatch="///" if faded else None, edgecolor="#566573", linewidth=0.8,
            )
        )  # fmt: skip
        label = row.label if isinstance(row.label, str) else row.unit_code
        detail = getattr(row, "text", "") if has_value else missing_label
        detail = detail if isinstance(detail, str) else ""
        dark = has_value and not faded and abs(norm(row.value) - 0.5) > 0.3
        ink = "white" if dark else "black"
        axis.text(x + 0.47, y + 0.56, label, ha="center", va="center", fontsize=10, color=ink)
        axis.text(x + 0.47, y + 0.3, detail, ha="center", va="center", fontsize=8.5, color=ink)
    axis.set_xlim(-0.1, tiles["column"].max() + 1.05)
    axis.set_ylim(-tiles["row"].max() - 0.1, 1.05)
    axis.set_aspect("equal")
    axis.axis("off")
    mappable = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
    figure.colorbar(mappable, ax=axis, shrink=0.7, label=colorbar_label)
    if title:
        axis.set_title(title, fontsize=11)
    if note:
        axis.text(0.0, -0.04, note, transform=axis.transAxes, ha="left", va="top", fontsize=9)
    return figure
