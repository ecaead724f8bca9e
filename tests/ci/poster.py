"""The action's comment poster, loaded from its file for the tests to call.

``action/comment.py`` is a script beside ``action.yml``, outside the ``cjm`` package
(pip never installs it), so no import path reaches it: it is loaded here by location,
once, under a name of its own.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from tests.conftest import REPO

SCRIPT = REPO / "action" / "comment.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cjm_action_comment", SCRIPT)
    assert spec is not None and spec.loader is not None, SCRIPT
    module = importlib.util.module_from_spec(spec)
    # Registered before it runs: dataclasses look their module up in sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


comment = _load()
