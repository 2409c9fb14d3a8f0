"""The data-quality report: coverage, breaks, conflicts, interpolation, unplaced rows.

Written beside the panel as ``quality_report.html`` (for people), ``quality_report.csv``
(one row per finding: ``check, indicator, unit_code, unit_name, year, value, source,
detail``) and ``quality_coverage.csv`` (units with a value, by indicator and year).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from evalkit.util_io import atomic_path, write_text_atomic

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
        ]
        sections = {
            "break_suspected": "Suspected series breaks",
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
