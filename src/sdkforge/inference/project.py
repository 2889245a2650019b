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
from .json_nodes import json_list, json_object, object_entries

__all__ = ["infer_base_url", "infer_credentials", "infer_default_scheme", "infer_names", "infer_servers"]


def server_url(server: object) -> Optional[str]:
    """A `servers` entry's URL with its variables filled with their defaults, no trailing `/`."""
    if not isinstance(server, dict):
        return None
    raw: Dict[str, Any] = server  # pyright: ignore[reportUnknownVariableType]
    url = raw.get("url")
    if not isinstance(url, str):
        return None
    for name, spec in json_object(raw.get("variables")).items():
        default = json_object(spec).get("default")
        url = url.replace("{" + name + "}", str(default or ""))
    return url.rstrip("/")


def infer_base_url(document: Mapping[str, Any]) -> Optional[str]:
    """The default base URL, or `None` when the spec gives no absolute one."""
    servers = json_list(document.get("servers"))
    url = server_url(servers[0]) if servers else None
    if url is None:
        counts: Counter[str] = Counter()
        for item in json_object(document.get("paths")).values():
            path_servers = json_list(json_object(item).get("servers"))
            if path_servers:
                found = server_url(path_servers[0])
                if found is not None:
                    counts[found] += 1
        url = max(sorted(counts), key=lambda u: counts[u]) if counts else None
    return url if url and re.match(r"^https?://", url) else None


def _schemes(document: Mapping[str, Any]) -> Dict[str, Dict[str, Any]]:
    schemes = json_object(document.get("components")).get("securitySchemes")
    return object_entries(schemes)


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
    for item in object_entries(paths).values():
        for verb, raw_operation in item.items():
            operation = json_object(raw_operation)
            operation_id = operation.get("operationId")
            if not isinstance(raw_operation, dict) or not isinstance(operation_id, str):
                continue
            servers = json_list(operation.get("servers") or item.get("servers"))
            url = server_url(servers[0]) if servers else None
            if url and re.match(r"^https?://", url) and url != base_url and verb != "parameters":
                out[operation_id] = url
    return out
