"""The panel's contract as a pandera schema (column types, codes, uniqueness)."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from evalkit.errors import PanelError

_CODE = pa.Check.str_matches(r"^\d{6}$")

PANEL_SCHEMA = pa.DataFrameSchema(
    {
        "unit_code": pa.Column(str, _CODE),
        "unit_name": pa.Column(str),
        "province_code": pa.Column(str, pa.Check.str_matches(r"^\d{2}0000$")),
        "year": pa.Column("int64", pa.Check.in_range(1949, 2100)),
        "indicator": pa.Column(str),
        "value": pa.Column("float64"),
        "source": pa.Column(str),
        "interpolated": pa.Column(bool),
        "rounded": pa.Column(bool),
        "break_suspected": pa.Column(bool),
        "conflict": pa.Column(bool),
        "jump": pa.Column(bool),
    },
    unique=["unit_code", "year", "indicator"],
    strict=True,
    coerce=False,
)


def check_schema(frame: pd.DataFrame, what: str) -> None:
    """Validate ``frame`` against :data:`PANEL_SCHEMA`, raising :class:`PanelError`.

    Examples
    --------
    >>> check_schema(pd.DataFrame({"unit_code": ["1"]}), "panel")  # doctest: +SKIP
    """
    if frame.empty:  # an empty object column has no element type for pandera to check
        missing = set(PANEL_SCHEMA.columns) - set(frame.columns)
        if not missing:
            return
    try:
        PANEL_SCHEMA.validate(frame, lazy=False)
    except (pa.errors.SchemaError, pa.errors.SchemaErrors) as error:
        raise PanelError(
            f"{what}: breaks the panel schema ({str(error).splitlines()[0]}); rule: "
            "evalkit.panel.schema.PANEL_SCHEMA; fix: build it with evalkit.panel.build()"
        ) from None
