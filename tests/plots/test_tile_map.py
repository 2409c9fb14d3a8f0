import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.patches import Rectangle

from evalkit.errors import ParameterError
from evalkit.plots.tile_map import plot_tile_map, tile_positions
from evalkit.regions import ZHEJIANG


def _tiles(figure) -> list[Rectangle]:
    return [p for p in figure.axes[0].patches if isinstance(p, Rectangle)]


def test_grid_holds_each_zhejiang_city_once():
    positions = tile_positions()
    assert positions["unit_code"].is_unique
    assert len(positions) == 11
    assert positions["unit_code"].str[:2].eq(ZHEJIANG[:2]).all()
    assert not positions.duplicated(["row", "column"]).any()


def test_colour_follows_sign_and_faded_tiles_are_translucent():
    frame = pd.DataFrame(
        {
            "unit_code": ["330100", "330200", "330300"],
            "label": ["杭州", "宁波", "温州"],
            "value": [5.0, -5.0, 1.0],
            "faded": [False, False, True],
        }
    )
    figure = plot_tile_map(frame, colorbar_label="%")
    tiles = {(p.get_x(), -p.get_y()): p for p in _tiles(figure)}
    positions = tile_positions().set_index("unit_code")

    def tile(code):
        row = positions.loc[code]
        return tiles[(row["column"], row["row"])]

    red, _, blue, _ = tile("330100").get_facecolor()
    assert red > blue  # positive estimate on the red side of RdBu_r
    red, _, blue, _ = tile("330200").get_facecolor()
    assert blue > red
    assert tile("330300").get_alpha() == pytest.approx(0.35)
    assert tile("330300").get_hatch() == "///"
    assert tile("330100").get_alpha() == 1.0
    # cities without a value are drawn blank, not dropped
    assert len(tiles) == 11
    plt.close(figure)


def test_unknown_city_code_is_refused():
    frame = pd.DataFrame({"unit_code": ["320100"], "label": ["南京"], "value": [1.0]})
    with pytest.raises(ParameterError, match=r"\['320100'\] are not cities of the tile grid"):
        plot_tile_map(frame, colorbar_label="%")


def test_english_names_cover_the_grid_and_legend_note_is_drawn():
    from evalkit.plots.tile_map import english_names

    names = english_names()
    assert sorted(names) == sorted(tile_positions()["unit_code"])
    assert names["330100"] == "Hangzhou" and names["330200"] == "Ningbo"
    frame = pd.DataFrame(
        {"unit_code": ["330100", "330200"], "label": ["杭州", "宁波"], "value": [10.0, 1.0]}
    )
    figure = plot_tile_map(frame, colorbar_label="%", note="intended: up (red)")
    texts = {t.get_text(): t.get_color() for t in figure.axes[0].texts}
    plt.close(figure)
    assert "intended: up (red)" in texts
    # the strongest tile (norm 1.0) carries white ink, a value near 0 (norm 0.55) black
    assert texts["杭州"] == "white" and texts["宁波"] == "black"
