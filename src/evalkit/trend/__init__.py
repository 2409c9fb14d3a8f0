"""Trend analyses for one unit: interrupted time series with Newey-West errors."""

from evalkit.trend.its import interrupted_time_series, newey_west_lags
from evalkit.trend.results import ITSResult

__all__ = ["ITSResult", "interrupted_time_series", "newey_west_lags"]
