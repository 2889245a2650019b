"""Modules that only re-export, printed from a lowered `Module`: the lazy package `__init__`
(`__init__.py`: table, `__getattr__`; `__init__.pyi`: the names for type checkers) and a
re-export module; imports are exactly the printed symbols, and importing the package loads none
of its submodules."""

from __future__ import annotations

import importlib
import re
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest

from sdkforge.lower.nodes import (
    Builtin,
    Class,
    Code,
    Const,
    DictOf,
    Exported,
    Function,
    LocalImport,
    Module,
    Param,
    Ref,
    Source,
    Symbol,
    Variable,
)
from sdkforge.lower.packages import lower_lazy_package, lower_reexport_module
from sdkforge.lower.printer import print_module
from sdkforge.lower.source import fixed_block

HEADER = "# generated"


def _imports(text: str) -> List[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith(("import ", "from "))]


def test_a_lazy_package_stub_imports_every_name_for_type_checkers() -> None:
    lowered = lower_lazy_package("pkg.types", HEADER, "Types.", {"Pet": "pet", "Pets": "pet", "Owner": "owner"})
    stub = print_module(lowered.stub, "pkg")
    assert stub.splitlines()[:2] == [HEADER, '"""Types."""']
    # A stub needs no `from __future__ import annotations` and imports at the top, not under TYPE_CHECKING.
    assert _imports(stub) == [
        "from .owner import Owner as Owner",
        "from .pet import Pet as Pet",
        "from .pet import Pets as Pets",
    ]
    assert "TYPE_CHECKING" not in stub
    assert stub.endswith('__all__ = ["Owner", "Pet", "Pets"]\n')
    assert "__getattr__" not in stub  # a stub `__getattr__` would let checkers accept any name


def test_a_lazy_package_runtime_module_holds_the_table_as_one_string_and_imports_no_submodule() -> None:
    lowered = lower_lazy_package("pkg.types", HEADER, "Types.", {"Pet": "pet", "Pets": "pet", "Owner": "owner"})
    text = print_module(lowered.runtime, "pkg")
    assert _imports(text) == ["from __future__ import annotations", "import importlib", "from typing import Any"]
    assert '_MODULES: str = """\nOwner owner\nPet pet\nPets pet\n"""\n' in text
    assert "__all__ =" not in text  # built on demand by `__getattr__`
    assert "def __getattr__(name: str) -> Any:\n" in text
    assert "def __dir__() -> list[str]:\n" in text


def test_an_empty_lazy_package_annotates_its_stub_all() -> None:
    lowered = lower_lazy_package("pkg.types.admin", HEADER, "None.", {})
    assert print_module(lowered.stub, "pkg").endswith("from typing import List\n\n__all__: List[str] = []\n")
    assert '_MODULES: str = """\n"""\n' in print_module(lowered.runtime, "pkg")


def test_a_reexport_module_imports_each_name_relative_and_aliased() -> None:
    module = lower_reexport_module(
        "pkg.types.opts", HEADER, "pkg.lib.opts", {"Options": "Options", "Alias": "Real"}, "Doc."
    )
    text = print_module(module, "pkg")
    assert text.splitlines()[:2] == [HEADER, '"""Doc."""']
    assert _imports(text) == [
        "from __future__ import annotations",
        "from ..lib.opts import Options as Options",
        "from ..lib.opts import Real as Alias",
    ]
    assert text.endswith('__all__ = ["Alias", "Options"]\n')


def test_module_level_functions_and_variables_import_what_they_name() -> None:
    function = Function(
        "load",
        (Param("name", Builtin("str")),),
        returns=Ref(Symbol("typing", "Any")),
        body=(Code(("return ", Ref(Symbol("importlib")), ".import_module(name)")),),
    )
    table = Variable("TABLE", DictOf(((Const("a"), Ref(Symbol("pkg.things", "Thing"))),)))
    text = print_module(Module("pkg.mod", HEADER, ("load",), (table, function)), "pkg")
    assert _imports(text) == [
        "from __future__ import annotations",
        "import importlib",
        "from typing import Any",
        "from .things import Thing",
    ]
    assert 'TABLE = {\n    "a": Thing,\n}\n' in text
    assert "def load(name: str) -> Any:\n    return importlib.import_module(name)\n" in text


@pytest.fixture
def package(tmp_path: Path) -> Iterator[Path]:
    sys.path.insert(0, str(tmp_path))
    yield tmp_path
    sys.path.remove(str(tmp_path))
    for name in [name for name in sys.modules if name in ("lazypkg", "star") or name.startswith("lazypkg.")]:
        del sys.modules[name]


def _write_lazypkg(root: Path, table: Dict[str, str]) -> Any:
    package = root / "lazypkg"
    package.mkdir()
    (package / "__init__.py").write_text(
        print_module(lower_lazy_package("lazypkg", HEADER, "Lazy.", table).runtime, "lazypkg")
    )
    (package / "pet.py").write_text("class Pet:\n    pass\n\n\nclass Pets:\n    pass\n")
    (package / "owner.py").write_text("class Owner:\n    pass\n")
    return importlib.import_module("lazypkg")


def test_a_printed_lazy_package_loads_each_name_on_first_access_only(package: Path) -> None:
    lazypkg = _write_lazypkg(package, {"Pet": "pet", "Pets": "pet", "Owner": "owner"})
    assert "lazypkg.pet" not in sys.modules
    assert lazypkg.Pet.__module__ == "lazypkg.pet"
    assert "lazypkg.pet" in sys.modules
    assert "Pet" in vars(lazypkg)  # cached: the next access is a plain global
    assert "lazypkg.owner" not in sys.modules
    for missing in ("Nope", "Pe", "ets", "Pet pet", "Pet\nPets"):
        with pytest.raises(AttributeError, match=re.escape(f"module 'lazypkg' has no attribute {missing!r}")):
            getattr(lazypkg, missing)


def test_a_printed_lazy_package_lists_its_names_in_all_and_dir_before_they_load(package: Path) -> None:
    lazypkg = _write_lazypkg(package, {"Pet": "pet", "Pets": "pet", "Owner": "owner"})
    assert lazypkg.__all__ == ["Owner", "Pet", "Pets"]
    assert {"Owner", "Pet", "Pets", "__all__"} <= set(dir(lazypkg))
    assert "lazypkg.pet" not in sys.modules
    (package / "star.py").write_text("from lazypkg import *\n")
    star = importlib.import_module("star")
    assert {name for name in vars(star) if not name.startswith("__")} == {"Owner", "Pet", "Pets"}


def test_a_fixed_block_imports_exactly_the_scope_names_its_code_reads() -> None:
    scope = {
        "os": Symbol("os"),
        "Any": Symbol("typing", "Any"),
        "Unused": Symbol("typing", "Unused"),
        "Client": Symbol("pkg._client", "Client"),
    }
    code = 'def make(args: Any) -> Client:\n    return Client(os.environ["URL"], args)\n'
    block = fixed_block(code, scope)
    assert set(block.symbols) == {scope["os"], scope["Any"], scope["Client"]}
    text = print_module(Module("pkg.factory", HEADER, ("make",), (block,)), "pkg")
    assert _imports(text) == [
        "from __future__ import annotations",
        "import os",
        "from typing import Any",
        "from ._client import Client",
    ]
    assert "\n\n\ndef make(args: Any) -> Client:\n" in text


def test_a_module_naming_nothing_is_its_header_and_docstring() -> None:
    module = Module("tests.api_resources", HEADER, None, (), doc="Generated API tests.", is_package=True)
    assert print_module(module, "tests") == f'{HEADER}\n"""Generated API tests."""\n'


def test_a_test_module_imports_the_tested_package_absolute_and_its_helpers_relative() -> None:
    test = Function(
        "test_get",
        (Param("self"), Param("client", Ref(Symbol("pkg", "Client")))),
        returns=Builtin("None"),
        body=(Code((Ref(Symbol("tests.utils", "check")), "(client.get())")),),
    )
    body = (Variable("_CHUNK", Source('{"a": 1}'), Builtin("object")), Class("TestThings", (), methods=(test,)))
    module = Module("tests.api_resources.test_things", HEADER, None, body, first_party=("pkg",))
    text = print_module(module, "tests")
    assert 'from pkg import Client\n\nfrom ..utils import check\n\n_CHUNK: object = {"a": 1}\n' in text
    assert "__all__" not in text


def test_a_reexported_name_is_not_imported_a_second_time_for_the_code_using_it() -> None:
    base = Symbol("pkg._pages", "Page")
    block = fixed_block("class MyPage(Page):\n    pass\n", {"Page": base})
    module = Module("pkg.pages", HEADER, ("MyPage", "Page"), (block,), exported=(Exported(base),))
    assert _imports(print_module(module, "pkg")) == [
        "from __future__ import annotations",
        "from ._pages import Page as Page",
    ]


def test_a_local_import_in_a_package_init_is_relative_to_the_package() -> None:
    load = Function(
        "load",
        (),
        returns=Builtin("object"),
        body=(LocalImport(Symbol("pkg.things.thing", "Thing")), Code(("return Thing",))),
    )
    text = print_module(Module("pkg.things", HEADER, ("load",), (load,), is_package=True), "pkg")
    assert "    from .thing import Thing\n    return Thing\n" in text
