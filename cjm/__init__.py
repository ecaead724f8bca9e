"""cjm: customer journey maps as code.

``import cjm`` stays cheap (the CLI's start-up path goes through it): the public API
is imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Workspace", "__version__", "load_workspace"]

if TYPE_CHECKING:
    from cjm.workspace import Workspace, load_workspace


def __getattr__(name: str) -> Any:
    if name in ("load_workspace", "Workspace"):
        from cjm import workspace

        return getattr(workspace, name)
    raise AttributeError(f"module 'cjm' has no attribute {name!r}")
