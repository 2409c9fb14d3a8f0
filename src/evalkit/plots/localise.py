"""Put a figure drawn with fixed labels into the report's language.

Some figures come from modules that draw their labels in one language (the interrupted time
series of :mod:`evalkit.trend.plots`, the plan timeline of :mod:`evalkit.plans`). Their legend
entries, axis labels and titles are replaced here by the texts of
:data:`evalkit.i18n.FIGURE_LABELS`, so a Chinese report shows no English labels.
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.layout_engine import PlaceHolderLayoutEngine

from evalkit.i18n import figure_labels
from evalkit.plots.fonts import use_cjk_font


def localise_figure(figure: Figure, language: str) -> Figure:
    """Return ``figure`` with its known labels replaced by their text in ``language``.

    Legend entries, axis labels and titles that equal a key of
    :data:`evalkit.i18n.FIGURE_LABELS` are replaced; other texts (city names, numbers) stay.
    A figure laid out once (``tight_layout``) or not at all is laid out again, so that longer
    labels, such as a legend outside the axes, are not cut off.

    Parameters
    ----------
    figure : matplotlib.figure.Figure
        A figure; changed in place and returned.
    language : {"zh", "en"}
        The report language.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> figure, axis = plt.subplots()
    >>> _ = axis.plot([0, 1], [0, 1], label="actual")
    >>> _ = axis.legend()
    >>> _ = axis.set_xlabel("年份 year")
    >>> axis = localise_figure(figure, "zh").axes[0]
    >>> axis.get_legend().get_texts()[0].get_text(), axis.get_xlabel()
    ('实际值', '年份')
    >>> plt.close(figure)

    """
    labels = figure_labels(language)
    changed = False
    if language == "zh":
        use_cjk_font()
    for axis in figure.axes:
        texts = [axis.title, axis.xaxis.label, axis.yaxis.label]
        legend = axis.get_legend()
        if legend is not None:
            texts += legend.get_texts()
        for label in texts:
            if label.get_text() in labels:
                label.set_text(labels[label.get_text()])
                changed = True
    engine = figure.get_layout_engine()
    if changed and (engine is None or isinstance(engine, PlaceHolderLayoutEngine)):
        figure.tight_layout()  # the new labels can be longer: make room for them again
    return figure
