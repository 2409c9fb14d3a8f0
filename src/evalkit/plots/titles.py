"""Axes titles that fit their figure: a title that would leave the figure goes on two lines.

Report titles carry the outcome's full name and the interval's kind, in Chinese or English, and
at a report's figure width the longer ones ran past the right edge and were cut off. The break
goes after the punctuation mark or space closest to the title's middle (a full-width or ASCII
comma, the enumeration comma, a space) or before an opening parenthesis, so each line keeps
whole phrases; the result depends only on the text and the fonts, so renders stay byte-stable.
"""

from __future__ import annotations

from matplotlib.axes import Axes

BREAK_AFTER = ("\uff0c", "\u3001", ",", " ")  # full-width comma, enumeration comma
BREAK_BEFORE = ("\uff08", "(")  # full-width and ASCII opening parentheses


def _break_points(title: str) -> list[int]:
    """Return the indices at which a line may end (the next line starts there)."""
    points = [i + 1 for i, char in enumerate(title[:-1]) if char in BREAK_AFTER]
    points += [i for i, char in enumerate(title) if char in BREAK_BEFORE and i > 0]
    return sorted(set(points))


def two_line_title(title: str) -> str:
    r"""Return ``title`` broken at the break point closest to its middle (unchanged if none).

    Examples
    --------
    >>> two_line_title("Loans (log), relative to the year before, 95% interval")
    'Loans (log), relative to\nthe year before, 95% interval'
    >>> two_line_title("本市与对照组之差（贷款，相对计划前一年）")
    '本市与对照组之差\n（贷款，相对计划前一年）'
    >>> two_line_title("短标题")
    '短标题'
    """
    points = _break_points(title)
    if not points:
        return title
    cut = min(points, key=lambda i: (abs(2 * i - len(title)), i))
    return f"{title[:cut].rstrip()}\n{title[cut:].lstrip()}"


def set_fitted_title(ax: Axes, title: str, *, layout: bool = True) -> None:
    r"""Set ``title`` on ``ax``, on two lines when one line would leave the figure.

    A title is centred over its axes, so with a wide y label it can run past the right edge
    even when it is narrower than the figure: what is checked is that it lies inside the
    figure. With ``layout`` the figure is laid out (``tight_layout``) before the check and
    again after a break, so the second line gets its room.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(figsize=(3, 2))
    >>> ax = fig.subplots()
    >>> set_fitted_title(ax, "A rather long title, which cannot fit on a three-inch figure")
    >>> "\n" in ax.get_title()
    True
    """
    text = ax.set_title(title)
    figure = ax.get_figure()
    if layout:
        figure.tight_layout()
    # without a renderer argument matplotlib measures with the figure's own (any canvas)
    box = text.get_window_extent()
    if box.x0 < 0 or box.x1 > figure.bbox.width:
        text.set_text(two_line_title(title))
        if layout:
            figure.tight_layout()


__all__ = ["set_fitted_title", "two_line_title"]
