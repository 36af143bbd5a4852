"""Domain library of the anti-rumour network app (never imports streamlit)."""

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# A checkout holds pyproject.toml beside the package; an installed wheel carries the reference
# data, the content and the Streamlit app under <prefix>/share/antirumour/ (pyproject.toml).
IN_CHECKOUT = (_PACKAGE.parent / "pyproject.toml").is_file() and (_PACKAGE.parent / "data").is_dir()
# Installed: <prefix>/lib/pythonX.Y/site-packages/network -> <prefix>/share/antirumour.
_SHARED = [Path(sys.prefix) / "share" / "antirumour"] + [
    p / "share" / "antirumour" for p in _PACKAGE.parents[2:4]]
PROJECT_ROOT = _PACKAGE.parent if IN_CHECKOUT else next(
    (p for p in _SHARED if (p / "data").is_dir()), _SHARED[0])
DATA_DIR = PROJECT_ROOT / "data"
APP_DIR = PROJECT_ROOT if IN_CHECKOUT else PROJECT_ROOT / "app"

__all__ = ["APP_DIR", "DATA_DIR", "IN_CHECKOUT", "PROJECT_ROOT"]

# The feature registry fills the permission table; reading it imports no feature package.
from network import features  # noqa: E402,F401
