"""The estimators' warnings as a report shows them: in its language, each message once.

The notebooks collect the warnings of their computations (:func:`collected_warnings`) and
show them with :func:`program_notes`; the original texts go to results.json.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from evalkit.i18n import check_language, text

_NOTE_PATTERNS = (
    (re.compile(r"^(\d+) non-positive value\(s\) cannot be logged"), "note_nonpositive", ("n",)),
    (re.compile(r"^(\d+) rows with missing (\S+) left out of the TWFE fit"), "note_twfe_missing",
     ("n", "column")),
    (re.compile(r"^(\d+) ATT\(g,t\) cell\(s\) not estimated"), "note_att_cells", ("n",)),
    (re.compile(r"^dropped (\d+) of (\d+) units .*?\(e\.g\. (\d+)\)"), "note_dropped_units",
     ("n", "total", "example")),
    (re.compile(r"^(\d+) comparison unit\(s\) without observations both before and from "
                r"(\d+) left out"), "note_placebo_unobserved", ("n", "year")),
    (re.compile(r"^\w+: dropped (\d+) row\(s\) of (\d+) control\(s\) of unknown membership"),
     "note_unknown_controls", ("rows", "n")),
)  # fmt: skip


@contextmanager
def collected_warnings() -> Iterator[list[str]]:
    """Collect warnings raised inside the block as plain messages (no file paths), each once.

    The report states them in words instead of printing tracebacks with machine paths.

    Examples
    --------
    >>> with collected_warnings() as messages:
    ...     warnings.warn("a"); warnings.warn("a"); warnings.warn("b")
    >>> messages
    ['a', 'b']
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        messages: list[str] = []
        yield messages
    messages.extend(
        dict.fromkeys(str(w.message) for w in caught if w.category is not DeprecationWarning)
    )


def program_notes(notes: Sequence[str], labels: Mapping[str, str], language: str) -> list[str]:
    """Return the estimators' warnings in the report language, indicators named by label.

    Known messages (non-positive values not logged, rows left out of the TWFE fit, ATT(g,t)
    cells not estimated, units dropped) are rewritten from :data:`evalkit.i18n.TEXT`, with the
    sample column (``log_<id>``) replaced by its label; any other message is counted in one
    line (its original text goes to results.json, not to the page). Repeated messages are
    shown once.

    Examples
    --------
    >>> program_notes(["243 rows with missing log_loans left out of the TWFE fit"],
    ...               {"log_loans": "Loans"}, "en")
    ['243 rows with a missing value of Loans were left out of the TWFE fit.']
    >>> program_notes(["something else"], {}, "en")
    ['1 further message(s) from the estimators (kept in results.json).']
    """
    check_language(language)
    lines, other = [], 0
    for note in dict.fromkeys(notes):  # each message once, in order
        for pattern, key, names in _NOTE_PATTERNS:
            match = pattern.search(note)
            if match:
                values = dict(zip(names, match.groups(), strict=True))
                if "column" in values:
                    values["column"] = labels.get(values["column"], values["column"])
                lines.append(text(key, language, **values))
                break
        else:
            other += 1
    if other:
        lines.append(text("note_other", language, n=other))
    return lines


__all__ = ["collected_warnings", "program_notes"]
