"""evalkit: reproducible evaluation of regional enterprise-support plans."""

from importlib.metadata import PackageNotFoundError, version

from evalkit.errors import EvalkitError

try:
    __version__ = version("evalkit")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0+unknown"

__all__ = ["EvalkitError", "__version__"]
