"""Emit `_client_resources.py`: client mixins whose accessors import each top-level resource lazily; no other file.

The hand-written client inherits the mixins. The module is lowered (`lower.client`) and printed
(`lower.printer`): each accessor is a `cached_property` that imports its resource module inside
the property body, so `import <package>` loads no resource.
"""

from __future__ import annotations

from ..config import Config
from ..ir.nodes import Api
from ..lower.client import lower_client_module
from ..naming import Names
from . import GeneratedFile
from .printed import printed_file

__all__ = ["emit_client"]


def emit_client(api: Api, names: Names, config: Config) -> GeneratedFile:
    """Build `src/<package>/_client_resources.py`.

    Args:
        api: The IR (its top-level resources, in config order).
        names: The names (for the module file path).
        config: The package, header and mixin class names.

    Returns:
        The mixin module.
    """
    module = lower_client_module(api, config)
    return printed_file(names.module_file(module.name), module, config.package)
