"""The printer's import collector: private to `lower.printer`, which feeds it the symbols a
module prints and writes what it renders. It renders imports sorted and relative to the module,
in ruff's isort order, so output is deterministic and the format stage only formats.
"""

from __future__ import annotations

import re
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Dict, Generator, List, Optional, Set, Tuple

from ..emit.imports import LAZY_CORE_MODULES, LAZY_IMPORTS, LAZY_MODULE, CoreName

__all__ = ["Imports"]


_STDLIB = frozenset(sys.stdlib_module_names)


@dataclass
class Imports:
    """Collects imports for one generated module and renders them sorted.

    Attributes:
        package: The generated package (`pkg`), whose modules are imported relatively.
        module: The dotted module being generated (`pkg.resources.files`).
        is_package: The module is a package `__init__` (relative imports start one level lower).
    """

    package: str
    module: str
    is_package: bool = False
    # Other top-level packages of the project: imported absolutely, in a section of their own.
    first_party: Tuple[str, ...] = ()
    # Resource modules set it: annotation-only names of the package's types go under
    # TYPE_CHECKING and params modules become `lazy_module` stand-ins. Elsewhere (generated
    # tests) both are plain imports.
    defer: bool = False
    # TypedDict modules set it: annotation-only names of the package's `types` (and names added
    # by `add_on_access`) go under TYPE_CHECKING and are loaded by a module `__getattr__`
    # (`lazy_imports`) on first access.
    load_on_access: bool = False
    _names: Dict[str, Set[str]] = field(default_factory=lambda: {})
    _modules: Set[str] = field(default_factory=lambda: set())
    # Names of the package's `types` needed by annotations only, imported under TYPE_CHECKING.
    _annotation_names: Dict[str, Set[str]] = field(default_factory=lambda: {})
    _annotations_only: bool = False
    # alias -> absolute module, bound at runtime to `lazy_module(...)` (see `add_lazy_module`).
    _lazy: Dict[str, str] = field(default_factory=lambda: {})

    @contextmanager
    def annotations_only(self) -> Generator[None, None, None]:
        """Names of the package's `types` added inside are needed by annotations only (deferred
        when `defer` is set)."""
        self._annotations_only = True
        try:
            yield
        finally:
            self._annotations_only = False

    def add_lazy_module(self, parent: str, leaf: str, alias: Optional[str] = None) -> None:
        """Bind `leaf` (module `parent.leaf`), or `alias` when given, to a stand-in that
        imports the module on first use."""
        if not self.defer:
            self.add(parent, leaf if alias is None or alias == leaf else f"{leaf} as {alias}")
            return
        self._lazy[alias or leaf] = f"{parent}.{leaf}"

    def is_deferrable(self, module: str) -> bool:
        """`module` is one a deferring module imports for type checkers only: one of the
        package's `types`, or a core module of page or stream classes."""
        if module.startswith(f"{self.package}.types."):
            return True
        return module in (f"{self.package}.{name}" for name in LAZY_CORE_MODULES)

    def core(self, *names: CoreName) -> None:
        """Import names of the hand-written core."""
        for name in names:
            self.add(f"{self.package}.{name.module}", name.name)

    def add(self, module: str, name: str) -> None:
        """Import `name` from the absolute `module` (`typing`, `pkg.types.chat`)."""
        if self._annotations_only and (
            (self.defer and self.is_deferrable(module)) or (self.load_on_access and self.loads_on_access(module))
        ):
            self._annotation_names.setdefault(module, set()).add(name)
            return
        self._names.setdefault(module, set()).add(name)

    def loads_on_access(self, module: str) -> bool:
        """A name of `module` can wait for its first access (`load_on_access`): one of the package's `types`."""
        return self.load_on_access and module.startswith(f"{self.package}.types.")

    def add_on_access(self, module: str, name: str) -> None:
        """Import `name` (`A` or `A as B`) from `module` on first access (`loads_on_access`)."""
        self._annotation_names.setdefault(module, set()).add(name)

    def add_for_type_checking(self, module: str, name: str) -> None:
        """Import `name` for annotations only: under TYPE_CHECKING when `module` is of the
        package and imports are deferred (loading it could cost or cycle), else as `add` does."""
        if self.defer and module.startswith(f"{self.package}."):
            self._annotation_names.setdefault(module, set()).add(name)
            return
        self.add(module, name)

    def add_type_checking_only(self, module: str, name: str) -> None:
        """Import `name` under `TYPE_CHECKING` whether or not imports are deferred (a lazy
        package's re-exports, which its `__getattr__` loads on first access)."""
        self._annotation_names.setdefault(module, set()).add(name)

    def has_type_checking_block(self) -> bool:
        """`render` writes an `if TYPE_CHECKING:` block (names bound for type checkers only)."""
        return bool(self._lazy) or any(names - self._names.get(m, set()) for m, names in self._annotation_names.items())

    def relative(self, module: str) -> str:
        """How this module writes an import of the package's absolute `module` (`..lib.things`)."""
        return self._relative(module)

    def add_module(self, module: str) -> None:
        """`import module` (a top-level third-party or stdlib module, e.g. `httpx`)."""
        self._modules.add(module)

    def _relative(self, target: str) -> str:
        here = self.module.split(".") if self.is_package else self.module.split(".")[:-1]
        there = target.split(".")
        common = 0
        while common < min(len(here), len(there)) and here[common] == there[common]:
            common += 1
        dots = "." * (len(here) - common + 1)
        return dots + ".".join(there[common:])

    def _group(self, module: str) -> int:
        root = module.split(".")[0]
        if root == "__future__":
            return 0
        if root in _STDLIB:
            return 1
        if root == self.package:
            return 4
        if root in self.first_party:
            return 3
        return 2

    def render(self) -> List[str]:
        """The import lines: `__future__`, stdlib, third-party, then the package (relative).

        Ordered as ruff's isort rules order them (so the format stage changes nothing): in a
        group, `import x` lines first, then `from` lines by module (relative ones furthest
        first); names constants first, then classes, then the rest, each case-insensitively in
        natural order; a renamed name (`A as B`) on a line of its own. Then the
        `if TYPE_CHECKING:` block of deferred imports, if any.
        """
        if self.has_type_checking_block():
            self._names.setdefault("typing", set()).add("TYPE_CHECKING")
        if self._lazy:
            self.core(LAZY_MODULE)
        if self._on_access():
            self.core(LAZY_IMPORTS)
        # 3: the package's own modules imported absolutely, 4: relatively (ruff's sections).
        groups: Dict[int, List[Tuple[Tuple[object, ...], str]]] = {0: [], 1: [], 2: [], 3: [], 4: []}
        for module in self._modules:
            # `import pkg.x as _x` is absolute: the first-party section, never the relative one.
            groups[min(self._group(module), 3)].append(((0, _natural(module)), f"import {module}"))
        for module, members in self._names.items():
            group = self._group(module)
            source = self._relative(module) if group == 4 else module
            level = len(source) - len(source.lstrip("."))
            key = (1, -level, _natural(source.lstrip(".")))
            # A re-export (`X as X`) binds `X` already: no second plain import of it.
            plain = sorted(
                (name for name in members if " as " not in name and f"{name} as {name}" not in members), key=_member_key
            )
            renamed = sorted((name for name in members if " as " in name), key=_member_key)
            if plain:
                groups[group].append(((*key, _member_key(plain[0])), f"from {source} import {', '.join(plain)}"))
            for name in renamed:
                groups[group].append(((*key, _member_key(name)), f"from {source} import {name}"))
        lines: List[str] = []
        for key in sorted(groups):
            if groups[key]:
                if lines:
                    lines.append("")
                lines.extend(text for _, text in sorted(groups[key]))
        return lines + self._render_deferred()

    def _render_deferred(self) -> List[str]:
        """`if TYPE_CHECKING:` imports of annotation-only names and lazy modules, and the
        runtime stand-ins of the lazy modules; nothing when there are none."""
        block = Imports(self.package, self.module, self.is_package, self.first_party)
        for module, names in self._annotation_names.items():
            for name in names - self._names.get(module, set()):
                block.add(module, name)
        for alias, module in self._lazy.items():
            parent, leaf = module.rsplit(".", 1)
            if alias == leaf and parent != self.package:
                block.add(parent, leaf)
            else:
                # `from .. import x` imports the package `__init__` too: an import cycle for
                # type checkers when that package is the root. `import pkg.x as _x` is not.
                block.add_module(f"{module} as {alias}")
        if not block._names and not block._modules:
            return []
        lines = ["", "if TYPE_CHECKING:"]
        lines += [f"    {line}" if line else line for line in block.render()]
        on_access = self._on_access()
        if self._lazy or on_access:
            lines.append("else:")
        lines += [f'    {alias} = lazy_module("{self._lazy[alias]}")' for alias in sorted(self._lazy)]
        if on_access:
            lines += ["    __getattr__ = lazy_imports(", "        __name__,", "        {"]
            lines += [f'            "{name}": "{on_access[name]}",' for name in sorted(on_access, key=_natural)]
            lines += ["        },", "    )"]
        return lines

    def _on_access(self) -> Dict[str, str]:
        """name -> where `lazy_imports` loads it from (`.module` or `.module:Original`), for each
        name under TYPE_CHECKING that `load_on_access` loads on first access."""
        table: Dict[str, str] = {}
        if not self.load_on_access:
            return table
        for module, names in self._annotation_names.items():
            if not self.loads_on_access(module):
                continue
            for name in names - self._names.get(module, set()):
                original, _, bound = name.partition(" as ")
                bound = bound or original
                table[bound] = self._relative(module) + ("" if bound == original else f":{original}")
        return table


def _natural(text: str) -> Tuple[object, ...]:
    """A case-insensitive natural-order key (`Member2` before `Member10`), ties broken by case."""
    parts = re.split(r"(\d+)", text)
    return (tuple((1, int(part), "") if part.isdigit() else (0, 0, part.lower()) for part in parts), text)


def _member_key(name: str) -> Tuple[object, ...]:
    bare = name.split(" as ")[0]
    if len(bare) > 1 and bare.isupper():
        kind = 0  # a constant
    elif bare[:1].isupper():
        kind = 1  # a class
    else:
        kind = 2
    return (kind, _natural(bare), _natural(name))
