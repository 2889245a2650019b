"""Run the stages in order (config, load, resolve, IR, names, emit, format, write) and report diagnostics; no stage logic here.

Every failure the user can cause (a bad config, a bad spec, ruff rejecting output) ends as
printed diagnostics and exit status 1, never as a traceback.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Dict, List, Optional, Sequence, TextIO

from .config import Config, ConfigError, load_config, parse_config
from .diagnostics import Diagnostic, Diagnostics, Level
from .emit import GeneratedFile
from .format import FormatError, FormatSettings, format_files
from .writer import write_files

if TYPE_CHECKING:
    from .ir.nodes import Api
    from .naming import Names

__all__ = ["Generation", "generate", "generated_dirs", "inferred_config", "run"]


@dataclass(frozen=True)
class Generation:
    """The outcome of the pure part of the pipeline.

    Attributes:
        files: The generated files, unformatted, sorted by path (empty when there are errors).
        diagnostics: Everything reported by the stages.
        config: The validated config, when it loaded.
    """

    files: Sequence[GeneratedFile]
    diagnostics: Diagnostics
    config: Config | None


def generated_dirs(config: Config) -> List[str]:
    """The directories whose header-carrying files the writer may delete as stale."""
    root = "src/" + config.package.replace(".", "/")
    return [f"{root}/resources", f"{root}/types", "tests/api_resources"]


def _config_diagnostics(error: ConfigError) -> List[Diagnostic]:
    return [
        Diagnostic(f"{issue.file}:{issue.path or '<root>'}", Level.ERROR, issue.message, issue.line)
        for issue in error.issues
    ]


def _tests_files(
    api: Api, names: Names, config: Config, diagnostics: Diagnostics, config_path: Optional[Path]
) -> List[GeneratedFile]:
    from .emit.project_tests import project_tests_config
    from .emit.test_values import load_tests_config
    from .emit.tests import emit_tests, emit_tests_from_file

    # The tests config sits beside the main config (sdkforge.tests.yml); an inferred config has none.
    tests_path = Path("/nonexistent") if config_path is None else config_path.with_name("sdkforge.tests.yml")
    if config.project is None:
        # No file, no tests.
        return emit_tests_from_file(api, names, config, diagnostics, tests_path)
    try:
        overrides = load_tests_config(tests_path)
    except ValueError as exc:
        diagnostics.error(str(tests_path), str(exc))
        return []
    tests = project_tests_config(config.project, overrides)
    return emit_tests(api, names, config, tests, diagnostics)


def _project_files(api: Api, config: Config, diagnostics: Diagnostics) -> List[GeneratedFile]:
    from .emit.project import emit_project
    from .vendor import VendorError, vendor_core, vendor_test_support

    if config.project is None:
        return []
    try:
        core = vendor_core(config)
        support = vendor_test_support(config)
    except VendorError as exc:
        diagnostics.error("<runtime core>", str(exc))
        return []
    return emit_project(api, config, core, support)


def _emit(
    config: Config, config_sha256: str, diagnostics: Diagnostics, spec: Path, config_path: Optional[Path]
) -> List[GeneratedFile]:
    label = config_path.name if config_path is not None else "sdkforge.yml"
    # Imported here so that `--help` and config errors do not pay for the emitters.
    from .emit.api_md import emit_api_md
    from .emit.client import emit_client
    from .emit.init import emit_inits
    from .emit.params import emit_params
    from .emit.reexports import emit_reexports
    from .emit.resources import emit_resources
    from .emit.stats import emit_stats
    from .emit.types import emit_aliases, emit_types
    from .ir.build import build_api
    from .loader import LoadError, load_spec
    from .naming import type_config_issues
    from .promote import is_pointer, promote_inline_schemas
    from .reach import keep_issues, select_types, side_issues
    from .ref_aliases import build_all_names, extra_name_issues
    from .resolver import resolve

    try:
        document = load_spec(spec)
    except LoadError as exc:
        diagnostics.extend([exc.diagnostic])
        return []
    # `types` keys that are JSON pointers name inline schemas: make them components first.
    pointers = [key for key in config.types if is_pointer(key)]
    document, promotion_errors = promote_inline_schemas(document, pointers, config_label=f"{label}:types")
    diagnostics.extend(promotion_errors)
    if promotion_errors:
        return []
    resolved = resolve(document)
    api = build_api(resolved, config)
    diagnostics.extend(resolved.diagnostics.items)
    if diagnostics.has_errors:
        return []
    names = build_all_names(api, config)
    issues = type_config_issues(api, names, config) + extra_name_issues(names, config)
    issues += keep_issues(names, config) + side_issues(names, config)
    for path, message in issues:
        diagnostics.error(f"{label}:{path}", message)
    if diagnostics.has_errors:
        return []
    files: List[GeneratedFile] = []
    files += emit_types(api, names, config)
    files += emit_aliases(names, config)
    files += emit_params(api, names, config)
    files += emit_resources(api, names, config)
    files.append(emit_client(api, names, config))
    files += emit_reexports(config)
    # Only the type modules the package reaches (or the config keeps) stay, and only they are indexed.
    selection = select_types(files, names, config)
    files = list(selection.files)
    files += emit_inits(files, selection.names, config)
    files.append(emit_api_md(api, selection.names, config))
    files.append(emit_stats(api, header=config.header, spec_url=config.spec_url, config_sha256=config_sha256))
    files += _tests_files(api, names, config, diagnostics, config_path)
    files += _project_files(api, config, diagnostics)
    seen: Dict[str, int] = {}
    for item in files:
        seen[item.path] = seen.get(item.path, 0) + 1
    for path in sorted(p for p, count in seen.items() if count > 1):
        diagnostics.error(path, "two emitters produced this file; check the config's type and module names")
    return sorted(files, key=lambda f: f.path)


def inferred_config(spec: Path, package: str) -> tuple[str, List[str]]:
    """The config `sdkforge init` writes for `spec`, and the notes on it.

    Raises:
        LoadError: The spec cannot be read.
    """
    from .inference import infer_config_text
    from .loader import load_spec

    inference = infer_config_text(load_spec(spec).data, package)
    return inference.text, inference.notes


def generate(spec: Path, config_path: Optional[Path], package: Optional[str] = None) -> Generation:
    """Run config, load, resolve, IR, naming and emitters (no formatting, no disk writes).

    Args:
        spec: The OpenAPI document.
        config_path: The `sdkforge.yml`; `None` infers it from the spec (as `sdkforge init` would).
        package: The import package, for an inferred config.

    Returns:
        The files and diagnostics; `files` is empty when any error was reported.
    """
    from .loader import LoadError

    diagnostics = Diagnostics()
    try:
        if config_path is None:
            try:
                text, notes = inferred_config(spec, package or "")
            except LoadError as exc:
                diagnostics.extend([exc.diagnostic])
                return Generation((), diagnostics, None)
            for note in notes:
                diagnostics.warning("<inferred config>", note)
            config = parse_config(text, "<inferred config>")
            raw = text.encode("utf-8")
        else:
            config = load_config(config_path)
            raw = config_path.read_bytes()
    except ConfigError as exc:
        diagnostics.extend(_config_diagnostics(exc))
        return Generation((), diagnostics, None)
    config_sha256 = hashlib.sha256(raw).hexdigest()
    files = _emit(config, config_sha256, diagnostics, spec, config_path)
    return Generation(files if not diagnostics.has_errors else (), diagnostics, config)


def run(
    *,
    spec: Path,
    config: Optional[Path],
    out: Path,
    check: bool,
    stdout: TextIO,
    stderr: TextIO,
    show_diff: bool = False,
    should_format: bool = True,
    package: Optional[str] = None,
) -> int:
    """Generate, format and write (or check) the SDK; print diagnostics and a summary.

    Args:
        spec: The OpenAPI document.
        config: The `sdkforge.yml`; `None` infers it from the spec.
        out: The output root.
        check: Write nothing; fail when the output differs from what is on disk.
        stdout: Where the summary goes.
        stderr: Where diagnostics go.
        show_diff: In check mode, print the full unified diff.
        should_format: Run ruff over the output.
        package: The import package, for an inferred config.

    Returns:
        0 on success, 1 on errors or (in check mode) differences.
    """
    result = generate(spec, config, package)
    if result.diagnostics.items:
        print(result.diagnostics.render(), file=stderr)
    if result.diagnostics.has_errors or result.config is None:
        errors = sum(1 for d in result.diagnostics.items if d.level is Level.ERROR)
        print(f"sdkforge: {errors} error(s); nothing written", file=stderr)
        return 1
    files = list(result.files)
    if should_format:
        try:
            files = format_files(files, FormatSettings(first_party=(result.config.package.split(".")[0],)))
        except FormatError as exc:
            print(f"error: ruff: {exc}", file=stderr)
            return 1
    written = write_files(
        files, out, header=result.config.header, generated_dirs=generated_dirs(result.config), check=check
    )
    if check:
        if written.has_changes:
            print(written.summary(), file=stdout)
            if show_diff:
                print(written.diff, file=stdout)
            print("sdkforge: generated code is out of date; run scripts/generate", file=stderr)
            return 1
        print(f"sdkforge: {len(files)} files up to date", file=stdout)
        return 0
    print(written.summary().splitlines()[-1], file=stdout)
    return 0
