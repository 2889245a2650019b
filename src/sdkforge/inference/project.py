"""Infer a standalone package's client settings from a spec: base URL, credentials, class names.

- Base URL: the first top-level server (variables filled with their defaults), else the server
  most paths declare; a relative URL is no default (the user passes `base_url`).
- Credentials per `securitySchemes` entry, each read from `<PACKAGE>_<NAME>` when not passed:
  HTTP bearer -> `api_key`; HTTP basic -> `username` + `password`; `apiKey` in a header or
  query -> `api_key`; OAuth2 / OpenID Connect -> `access_token` (sent as a bearer token). A
  name taken by an earlier scheme is prefixed with the scheme's own name.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any, Dict, List, Mapping, Optional, Tuple

from ..naming import class_name, identifier

__all__ = ["infer_base_url", "infer_credentials", "infer_default_scheme", "infer_names", "infer_servers"]


def server_url(server: object) -> Optional[str]:
    """A `servers` entry's URL with its variables filled with their defaults, no trailing `/`."""
    if not isinstance(server, dict):
        return None
    raw: Dict[str, Any] = server  # pyright: ignore[reportUnknownVariableType]
    url = raw.get("url")
    if not isinstance(url, str):
        return None
    variables = raw.get("variables")
    if isinstance(variables, dict):
        for name, spec in variables.items():  # pyright: ignore[reportUnknownVariableType]
            default = spec.get("default") if isinstance(spec, dict) else None  # pyright: ignore[reportUnknownMemberType]
            url = url.replace("{" + str(name) + "}", str(default or ""))  # pyright: ignore[reportUnknownArgumentType]
    return url.rstrip("/")


def infer_base_url(document: Mapping[str, Any]) -> Optional[str]:
    """The default base URL, or `None` when the spec gives no absolute one."""
    servers = document.get("servers")
    url = server_url(servers[0]) if isinstance(servers, list) and servers else None
    if url is None:
        counts: Counter[str] = Counter()
        paths = document.get("paths")
        for item in (paths or {}).values() if isinstance(paths, dict) else ():  # pyright: ignore[reportUnknownVariableType]
            path_servers = item.get("servers") if isinstance(item, dict) else None  # pyright: ignore[reportUnknownMemberType]
            if isinstance(path_servers, list) and path_servers:
                found = server_url(path_servers[0])
                if found is not None:
                    counts[found] += 1
        url = max(sorted(counts), key=lambda u: counts[u]) if counts else None
    return url if url and re.match(r"^https?://", url) else None


def _schemes(document: Mapping[str, Any]) -> Dict[str, Dict[str, Any]]:
    components = document.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None  # pyright: ignore[reportUnknownMemberType]
    if not isinstance(schemes, dict):
        return {}
    return {str(k): v for k, v in schemes.items() if isinstance(v, dict)}  # pyright: ignore[reportUnknownVariableType]


def infer_default_scheme(document: Mapping[str, Any]) -> Optional[str]:
    """The first scheme of the spec's top-level `security`, the one used by default."""
    security = document.get("security")
    for requirement in security if isinstance(security, list) else ():  # pyright: ignore[reportUnknownVariableType]
        if isinstance(requirement, dict) and requirement:
            return str(next(iter(requirement)))  # pyright: ignore[reportUnknownArgumentType]
    return None


def infer_credentials(document: Mapping[str, Any], env_prefix: str) -> Tuple[List[Dict[str, str]], List[str]]:
    """One credential entry per usable security scheme, and notes on schemes left out."""
    out: List[Dict[str, str]] = []
    notes: List[str] = []
    taken: set[str] = set()

    def add(name: str, scheme: str, kind: str, wire: Optional[str] = None) -> None:
        if name in taken:
            name = identifier(f"{scheme}_{name}")
        taken.add(name)
        entry = {"name": name, "env": f"{env_prefix}_{name.upper()}", "scheme": scheme, "kind": kind}
        if wire is not None:
            entry["wire"] = wire
        out.append(entry)

    for scheme, raw in _schemes(document).items():
        kind = str(raw.get("type", ""))
        http = str(raw.get("scheme", "")).lower()
        where = str(raw.get("in", ""))
        if kind == "http" and http == "bearer":
            add("api_key", scheme, "bearer")
        elif kind == "http" and http == "basic":
            add("username", scheme, "basic_username")
            add("password", scheme, "basic_password")
        elif kind == "apiKey" and where in ("header", "query"):
            add("api_key", scheme, where, str(raw.get("name", scheme)))
        elif kind in ("oauth2", "openIdConnect"):
            add("access_token", scheme, "bearer")
        else:
            notes.append(
                f"security scheme {scheme!r} ({kind} {http or where}) is not supported; pass its headers yourself"
            )
    return out, notes


def infer_names(package: str) -> Tuple[str, str, str]:
    """The client class, error class and environment prefix for an import package name."""
    leaf = package.split(".")[-1]
    client = class_name(leaf)
    return client, f"{client}Error", re.sub(r"[^A-Z0-9]+", "_", leaf.upper()).strip("_")


def infer_servers(paths: Mapping[str, Any], base_url: Optional[str]) -> Dict[str, str]:
    """operationId -> the absolute server URL its operation or path declares, where that is not `base_url`."""
    out: Dict[str, str] = {}
    for item in paths.values():
        if not isinstance(item, dict):
            continue
        for verb, operation in item.items():  # pyright: ignore[reportUnknownVariableType]
            if not isinstance(operation, dict) or not isinstance(operation.get("operationId"), str):  # pyright: ignore[reportUnknownMemberType]
                continue
            servers = operation.get("servers") or item.get("servers")  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
            url = server_url(servers[0]) if isinstance(servers, list) and servers else None
            if url and re.match(r"^https?://", url) and url != base_url and verb != "parameters":
                out[str(operation["operationId"])] = url  # pyright: ignore[reportUnknownArgumentType]
    return out
