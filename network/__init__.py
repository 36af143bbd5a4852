"""Domain library of the anti-rumour network app (never imports streamlit)."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"

__all__ = ["DATA_DIR", "PROJECT_ROOT"]

# The feature registry fills the permission table; reading it imports no feature package.
from network import features  # noqa: E402,F401
