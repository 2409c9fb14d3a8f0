"""The data-quality report: coverage, breaks, jumps, conflicts, interpolation, unplaced rows.

Year-on-year jumps (``check = jump``, threshold :data:`evalkit.panel.flags.JUMP_LOG`) are
listed row by row and counted per indicator (:meth:`QualityReport.jump_counts`); breaks
common to the six East China provinces (``check = common_break``) come from
:func:`evalkit.panel.breaks.common_breaks`. :func:`flagged_unit_years` gives, for one outcome
and estimation window, the share of flagged unit-years and the unit-years a robustness row
leaves out.

Written beside the panel as ``quality_report.html`` (for people), ``quality_report.csv``
(one row per finding: ``check, indicator, unit_code, unit_name, year, value, source,
detail``) and ``quality_coverage.csv`` (units with a value, by indicator and year).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evalkit.panel.breaks import common_breaks, consistent_window, province_mean_changes
from evalkit.panel.codebook import canonical_units
from evalkit.panel.flags import JUMP_LOG, NOT_LEVELS, log_changes
from evalkit.regions import EAST_CHINA
from evalkit.util_io import atomic_path, write_text_atomic

FLAGGED_SHARE_WARNING = 0.05
QUALITY_FLAGS = ("jump", "break_suspected")

FINDING_COLUMNS = ["check", "indicator", "unit_code", "unit_name", "year", "value", "source",
                   "detail"]  # fmt: skip
REPORT_HTML, REPORT_CSV, COVERAGE_CSV = (
    "quality_report.html", "quality_report.csv", "quality_coverage.csv"
)  # fmt: skip


@dataclass(frozen=True)
class QualityReport:
    """Findings of one build.

    Parameters
    ----------
    findings : pandas.DataFrame
        One row per finding (:data:`FINDING_COLUMNS`).
    coverage : pandas.DataFrame
        Indicators by year: the number of units with a value.
    """

    findings: pd.DataFrame
    coverage: pd.DataFrame

    def counts(self) -> pd.Series:
        """Return the number of findings by check.

        Examples
        --------
        >>> report.counts()["break_suspected"]  # doctest: +SKIP
        """
        return self.findings["check"].value_counts().sort_index()

    def jump_counts(self) -> pd.DataFrame:
        """Return the number of flagged year-on-year jumps per indicator.

        Returns
        -------
        pandas.DataFrame
            ``indicator, jumps, cities`` (cities with at least one jump), most jumps first.

        Examples
        --------
        >>> report.jump_counts().head()  # doctest: +SKIP
        """
        jumps = self.findings[self.findings["check"] == "jump"]
        out = jumps.groupby("indicator").agg(
            jumps=("year", "size"), cities=("unit_code", "nunique")
        )
        return out.sort_values(["jumps", "cities"], ascending=False).reset_index()

    def write(self, directory: Path) -> None:
        """Write the HTML report and the two CSV files into ``directory``."""
        for frame, name in ((self.findings, REPORT_CSV), (self.coverage, COVERAGE_CSV)):
            with atomic_path(directory / name) as temporary:
                frame.to_csv(temporary, index=name == COVERAGE_CSV, encoding="utf-8")
        write_text_atomic(directory / REPORT_HTML, self.to_html())

    def to_html(self) -> str:
        """Render the report as one HTML page."""
        parts = [
            "<html><head><meta charset='utf-8'><title>evalkit panel quality report</title>"
            "</head><body><h1>Panel quality report</h1><h2>Counts by check</h2>",
            self.counts().to_frame("findings").to_html(),
            "<h2>Year-on-year jumps by indicator</h2>",
            self.jump_counts().to_html(index=False),
        ]
        sections = {
            "break_suspected": "Suspected series breaks",
            "common_break": "Breaks common to the six East China provinces",
            "jump": f"Year-on-year jumps beyond |log change| {JUMP_LOG:.3f} (+40% / -28.6%)",
            "conflict": "Cross-source conflicts (largest relative differences)",
            "interpolated_unflagged": "Interpolated years the source did not flag",
            "unplaced": "Rows on no prefecture-level city",
            "reader_note": "Repairs made while reading",
        }
        for check, title in sections.items():
            rows = self.findings[self.findings["check"] == check]
            if check == "conflict":
                rows = (
                    rows.assign(
                        _d=pd.to_numeric(rows["detail"].str.extract(r"rel\. diff ([\d.]+)")[0])
                    )
                    .sort_values("_d", ascending=False)
                    .drop(columns="_d")
                )
            parts.append(f"<h2>{html.escape(title)} ({len(rows)})</h2>")
            parts.append(rows.head(200).to_html(index=False))
        parts.append("<h2>Coverage: units with a value, by indicator and year</h2>")
        parts.append(self.coverage.to_html())
        parts.append("</body></html>")
        return "\n".join(parts)


def _rows(check: str, frame: pd.DataFrame, detail: pd.Series | str) -> pd.DataFrame:
    out = pd.DataFrame({column: frame.get(column) for column in FINDING_COLUMNS[1:-1]})
    out.insert(0, "check", check)
    out["detail"] = detail
    return out


def _jump_rows(panel: pd.DataFrame) -> pd.DataFrame:
    jumps = panel[panel["jump"]] if "jump" in panel else panel.iloc[:0]
    units = dict.fromkeys(panel["indicator"].unique(), "level")
    change = log_changes(panel, units).reindex(jumps.index)
    detail = [
        f"log change {c:+.3f} from the year before" if pd.notna(c) else "inherited from an input"
        for c in change
    ]
    return _rows("jump", jumps, detail)


def _common_break_rows(panel: pd.DataFrame) -> pd.DataFrame:
    units = canonical_units()
    rows = []
    east = panel[panel["province_code"].isin(EAST_CHINA)]
    for indicator in sorted(east["indicator"].unique()):
        if units.get(indicator, "level") in NOT_LEVELS:
            continue
        if province_mean_changes(east, indicator, EAST_CHINA).empty:
            continue  # a short user series: no year-on-year change to test
        test = common_breaks(east, indicator)
        for row in test.table[test.table["common"]].itertuples(index=False):
            rows.append({
                "indicator": indicator, "year": row.year, "unit_code": "", "unit_name": "",
                "value": row.statistic, "source": "evalkit.panel.breaks.common_breaks",
                "detail": f"province-mean log change {row.low:+.3f} to {row.high:+.3f} in all "
                f"{row.provinces} East China provinces (threshold {test.threshold:.3f}; "
                f"p = {row.p_value:.2g})",
            })  # fmt: skip
    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS[1:])
    return _rows("common_break", frame, frame["detail"])


def quality_report(
    panel: pd.DataFrame,
    alternatives: pd.DataFrame,
    unplaced: pd.DataFrame,
    notes: dict[str, list[str]],
    detected_interpolation: pd.Series,
) -> QualityReport:
    """Collect the findings of one build.

    Parameters
    ----------
    panel : pandas.DataFrame
        The long city panel with its flags.
    alternatives : pandas.DataFrame
        Non-kept values from :func:`evalkit.panel.harmonise.harmonise`.
    unplaced : pandas.DataFrame
        Rows on no city, grouped by file and name.
    notes : dict
        ``{file: [reader notes]}``.
    detected_interpolation : pandas.Series
        Boolean on ``panel``'s index: interpolation found by the series check.
    """
    parts = []
    breaks = panel[panel["break_suspected"]].copy()
    previous = panel.set_index(["unit_code", "indicator", "year"])["value"]
    before = [previous.get((u, i, y - 1)) for u, i, y in
              breaks[["unit_code", "indicator", "year"]].itertuples(index=False)]  # fmt: skip
    parts.append(_rows("break_suspected", breaks, [
        f"level shift from {b:g} in {y - 1} to {v:g}" if b is not None else "level shift"
        for b, v, y in zip(before, breaks["value"], breaks["year"], strict=True)
    ]))  # fmt: skip
    parts.append(_jump_rows(panel))
    parts.append(_common_break_rows(panel))
    names = panel.drop_duplicates("unit_code").set_index("unit_code")["unit_name"]
    clash = alternatives[alternatives["conflict"]].copy()
    clash["unit_name"] = clash["unit_code"].map(names)
    clash["value"], clash["source"] = clash["kept_value"], clash["kept_source"]
    parts.append(_rows("conflict", clash, [
        f"alternative {a:g} from {s} (rel. diff {d:.4f})"
        for a, s, d in zip(clash["alternative_value"], clash["alternative_source"],
                           clash["relative_difference"].fillna(1.0), strict=True)
    ]))  # fmt: skip
    secondary = panel[panel["priority"] >= 2] if "priority" in panel else panel.iloc[:0]
    parts.append(_rows("secondary_source", secondary, "primary source has no value"))
    flagged = panel[panel["interpolated"] & ~detected_interpolation]
    parts.append(_rows("interpolated_by_source", flagged, "filled by the compiler (flagged)"))
    detected = panel[detected_interpolation]
    parts.append(
        _rows(
            "interpolated_unflagged",
            detected,
            "on a straight line with neighbours; not flagged by the source",
        )
    )
    parts.append(
        _rows(
            "rounded",
            panel[panel["rounded"]],
            "far fewer significant digits than the column's other values",
        )
    )
    if len(unplaced):
        rows = pd.DataFrame({
            "source": unplaced["file"], "unit_name": unplaced["source_name"],
            "unit_code": unplaced["source_code"],
        })  # fmt: skip
        parts.append(_rows("unplaced", rows, [
            f"{m}: {n} row(s) {a}-{b} not placed on a city"
            for m, n, a, b in unplaced[["match", "rows", "first_year", "last_year"]].itertuples(
                index=False)
        ]))  # fmt: skip
    note_rows = [(file, text) for file, texts in notes.items() for text in texts]
    if note_rows:
        frame = pd.DataFrame(note_rows, columns=["source", "detail"])
        parts.append(_rows("reader_note", frame, frame["detail"]))
    findings = pd.concat([p for p in parts if len(p)], ignore_index=True)[FINDING_COLUMNS]
    coverage = panel.pivot_table(index="indicator", columns="year", values="value",
                                 aggfunc="count", fill_value=0)  # fmt: skip
    return QualityReport(findings, coverage)


@dataclass(frozen=True)
class FlaggedYears:
    """Flagged unit-years of one outcome in an estimation window.

    Parameters
    ----------
    indicator : str
        The outcome's panel indicator.
    years : (int, int)
        The window, inclusive.
    flags : tuple of str
        The flags counted (default jumps and suspected breaks).
    unit_years : int
        Unit-years with a value in the window (for the units asked).
    flagged : pandas.DataFrame
        ``unit_code, unit_name, year, value`` and the flags: the unit-years to leave out in
        a robustness row.
    threshold : float
        Share above which the outcome is shown with a warning.
    """

    indicator: str
    years: tuple[int, int]
    flags: tuple[str, ...]
    unit_years: int
    flagged: pd.DataFrame = field(repr=False)
    threshold: float = FLAGGED_SHARE_WARNING

    @property
    def share(self) -> float:
        """Flagged unit-years over unit-years with a value (0 when there are none)."""
        return len(self.flagged) / self.unit_years if self.unit_years else 0.0

    @property
    def warn(self) -> bool:
        """True when the flagged share exceeds the threshold."""
        return self.share > self.threshold

    def tidy(self) -> pd.DataFrame:
        """Return the check as one row.

        Columns ``indicator, first_year, last_year, unit_years, flagged, share, warn``.
        """
        return pd.DataFrame([{
            "indicator": self.indicator, "first_year": self.years[0],
            "last_year": self.years[1], "unit_years": self.unit_years,
            "flagged": len(self.flagged), "share": self.share, "warn": self.warn,
        }])  # fmt: skip

    def drop(self) -> pd.DataFrame:
        """Return the unit-years to leave out: ``unit_code, year``."""
        return self.flagged[["unit_code", "year"]].reset_index(drop=True)


def flagged_unit_years(
    frame: pd.DataFrame,
    indicator: str,
    years: tuple[int, int],
    *,
    units: list[str] | None = None,
    flags: tuple[str, ...] = QUALITY_FLAGS,
    threshold: float = FLAGGED_SHARE_WARNING,
) -> FlaggedYears:
    """Return the flagged unit-years of one outcome in an estimation window.

    A derived outcome carries its inputs' flags, so the share of employment of individual
    workers is flagged wherever the worker count jumps. For an indicator with a consistent
    window (``series_breaks.csv``), a jump or suspected break into the window's first year is the
    registered break and is not counted.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long panel rows (``panel.frame``).
    indicator : str
        The outcome's panel indicator.
    years : (int, int)
        The estimation window, inclusive.
    units : list of str, optional
        Unit codes of the sample; default every unit.
    flags : tuple of str
        Flags that count; default ``("jump", "break_suspected")``.
    threshold : float
        Warning threshold of the flagged share; default 0.05 (one unit-year in twenty).

    Examples
    --------
    >>> frame = load().frame  # doctest: +SKIP
    >>> check = flagged_unit_years(frame, "employees", (2008, 2019))  # doctest: +SKIP
    >>> check.share, check.warn  # doctest: +SKIP
    """
    rows = frame[(frame["indicator"] == indicator) & frame["year"].between(*years)]
    if units is not None:
        rows = rows[rows["unit_code"].isin(units)]
    rows = rows[rows["value"].notna()].copy()
    first = consistent_window(indicator)
    if first is not None:
        # a jump or level shift into the window's first year is the registered break the
        # window handles: it compares with a year outside the window
        for flag in {"jump", "break_suspected"} & set(flags):
            rows.loc[rows["year"] == first, flag] = False
    hit = rows[list(flags)].any(axis=1)
    flagged = rows.loc[hit, ["unit_code", "unit_name", "year", "value", *flags]]
    flagged = flagged.sort_values(["unit_code", "year"], ignore_index=True)
    return FlaggedYears(indicator, tuple(years), tuple(flags), len(rows), flagged, threshold)
