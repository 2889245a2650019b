"""Tests for the config's `reexports`: types modules whose names hand-written code defines."""

from __future__ import annotations

from pathlib import Path

import pytest

from sdkforge.config import ConfigError, parse_config
from sdkforge.emit.reexports import emit_reexports
from sdkforge.pipeline import generate

SPECS = Path(__file__).parent / "specs"

REEXPORTS = """\
reexports:
  pkg.types.sockets.options:
    from: pkg.lib.sockets
    names: {SocketOptions: SocketOptions, Params: BetaParams}
"""

MINIMAL = """\
package: pkg
header: "# generated"
resources:
  pets:
    methods:
      list: {operation: listPets}
"""


def test_reexport_module_imports_each_name_from_the_hand_written_module() -> None:
    (generated,) = emit_reexports(parse_config(MINIMAL + REEXPORTS))
    assert generated.path == "src/pkg/types/sockets/options.py"
    assert generated.text.splitlines()[0] == "# generated"
    # Printed from a lowered module: package-relative imports, each name aliased (a re-export).
    assert "from ...lib.sockets import BetaParams as Params\n" in generated.text
    assert "from ...lib.sockets import SocketOptions as SocketOptions\n" in generated.text
    assert generated.text.endswith('__all__ = ["Params", "SocketOptions"]\n')
    assert '__all__ = ["Params", "SocketOptions"]' in generated.text


def test_reexport_outside_the_types_package_is_refused_with_its_path() -> None:
    text = MINIMAL + REEXPORTS.replace("pkg.types.sockets.options", "pkg.lib.options")
    with pytest.raises(ConfigError) as info:
        parse_config(text, "sdkforge.yml")
    (issue,) = info.value.issues
    assert issue.path == "reexports.pkg.lib.options"
    assert "pkg.types" in issue.message


def test_reexport_without_names_is_refused() -> None:
    text = MINIMAL + REEXPORTS.replace("{SocketOptions: SocketOptions, Params: BetaParams}", "{}")
    with pytest.raises(ConfigError, match="at least one name"):
        parse_config(text)


def test_package_inits_export_the_reexported_names_lazily(tmp_path: Path) -> None:
    config_text = (SPECS / "petstore.sdkforge.yml").read_text(encoding="utf-8")
    package = parse_config(config_text).package
    config = tmp_path / "sdkforge.yml"
    config.write_text(config_text + REEXPORTS.replace("pkg.", f"{package}."), encoding="utf-8")
    result = generate(SPECS / "petstore.yaml", config)
    assert not result.diagnostics.has_errors
    files = {item.path: item.text for item in result.files}
    root = "src/" + package.replace(".", "/") + "/types"
    assert f"{root}/sockets/options.py" in files
    init = files[f"{root}/sockets/__init__.py"]
    assert "\nParams options\n" in init and "\nSocketOptions options\n" in init
    assert "sockets" not in files[f"{root}/__init__.py"].split("_MODULES")[1]  # names stay in their package
