"""The import collector defers annotation-only names of the package's types (and params modules
referenced through `lazy_module`) to an `if TYPE_CHECKING:` block; runtime names stay at the top."""

from __future__ import annotations

from sdkforge.emit.imports import Imports


def _imports() -> Imports:
    return Imports(package="pkg", module="pkg.resources.things", defer=True)


def test_annotation_only_names_are_imported_for_type_checkers_only() -> None:
    imports = _imports()
    imports.add("pkg.types.thing", "Thing")  # a return type: needed at runtime
    with imports.annotations_only():
        imports.add("pkg.types.thing_param", "ThingParam")
        imports.add("pkg.types.thing", "Thing")  # also an argument type: runtime still wins
        imports.add("typing", "Iterable")  # not the package's types: stays at the top
        imports.add("pkg._types", "omit")  # a core name (a default value): stays runtime too
    assert imports.render() == [
        "from typing import TYPE_CHECKING, Iterable",  # constants first, as ruff sorts them
        "",
        "from .._types import omit",
        "from ..types.thing import Thing",
        "",
        "if TYPE_CHECKING:",
        "    from ..types.thing_param import ThingParam",
    ]


def test_a_lazy_params_module_is_a_stand_in_at_runtime() -> None:
    imports = _imports()
    imports.add_lazy_module("pkg.types", "thing_create_params")
    assert imports.render() == [
        "from typing import TYPE_CHECKING",
        "",
        "from .._lazy import lazy_module",
        "",
        "if TYPE_CHECKING:",
        "    from ..types import thing_create_params",
        "else:",
        '    thing_create_params = lazy_module("pkg.types.thing_create_params")',
    ]


def test_nothing_deferred_renders_as_before() -> None:
    imports = _imports()
    imports.add("pkg.types.thing", "Thing")
    assert imports.render() == ["from ..types.thing import Thing"]


def test_without_defer_everything_is_a_plain_import() -> None:
    imports = Imports(package="pkg", module="tests.test_things")
    with imports.annotations_only():
        imports.add("pkg.types.thing_param", "ThingParam")
    imports.add_lazy_module("pkg.types", "thing_create_params")
    assert imports.render() == [
        "from ..pkg.types import thing_create_params",
        "from ..pkg.types.thing_param import ThingParam",
    ]
