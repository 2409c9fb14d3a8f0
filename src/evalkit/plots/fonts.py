"""One place that makes matplotlib render Chinese text.

Debian's ``fonts-wqy-microhei`` (installed by ``scripts/system-deps.sh``) or any Noto CJK font
found on the system is registered and put first in the sans-serif family list, so labels in
Chinese render as glyphs rather than boxes.
"""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

CJK_FONT_FILES = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
)
CJK_FAMILY_HINTS = ("WenQuanYi", "Noto Sans CJK", "Source Han Sans", "SimHei", "Microsoft YaHei")


@cache
def cjk_font_family() -> str | None:
    """Register a CJK font with matplotlib and return its family name (None if none found).

    Examples
    --------
    >>> family = cjk_font_family()
    >>> family is None or isinstance(family, str)
    True

    """
    for path in CJK_FONT_FILES:
        if path.is_file():
            font_manager.fontManager.addfont(str(path))
            return font_manager.FontProperties(fname=str(path)).get_name()
    for entry in font_manager.fontManager.ttflist:
        if any(hint in entry.name for hint in CJK_FAMILY_HINTS):
            return entry.name
    return None


def use_cjk_font() -> str | None:
    """Put the CJK font first in matplotlib's sans-serif list; warn once if there is none.

    Returns
    -------
    str or None
        The family name in use, or None when no CJK font is installed.

    """
    family = cjk_font_family()
    if family is None:
        warnings.warn(
            "no CJK font found: Chinese labels will render as boxes; install one with "
            "'sudo apt-get install fonts-wqy-microhei' (done by 'make' when run as root)",
            stacklevel=2,
        )
        return None
    sans = [family, *[name for name in mpl.rcParams["font.sans-serif"] if name != family]]
    mpl.rcParams["font.sans-serif"] = sans
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["axes.unicode_minus"] = False
    return family
