"""Where Bedrock's AWS credentials come from: a provider's return value, a shared-config profile
(`~/.aws/credentials`, `~/.aws/config`), or the `AWS_*` environment variables. Standard library
only; the values never appear in an error message."""

from __future__ import annotations

import configparser
import os
from pathlib import Path
from typing import Mapping

from .._exceptions import OpenAIError
from ._sigv4 import AwsCredentials

__all__ = ["coerce_credentials", "environment_credentials", "profile_credentials"]


def coerce_credentials(value: object, source: str) -> AwsCredentials:
    """`value` (an `AwsCredentials`, a mapping with `access_key_id`/`secret_access_key`/
    `session_token`, or an object with botocore's `access_key`/`secret_key`/`token`) as credentials.

    Raises:
        OpenAIError: naming `source` when `value` is none of these, or a key is missing or empty.
    """
    if isinstance(value, AwsCredentials):
        found: tuple[object, object, object] = (value.access_key_id, value.secret_access_key, value.session_token)
    elif isinstance(value, Mapping):
        mapping: Mapping[object, object] = value  # pyright: ignore[reportUnknownVariableType]
        found = (mapping.get("access_key_id"), mapping.get("secret_access_key"), mapping.get("session_token"))
    elif hasattr(value, "access_key") and hasattr(value, "secret_key"):
        found = (getattr(value, "access_key", None), getattr(value, "secret_key", None), getattr(value, "token", None))
    else:
        raise OpenAIError(
            f"{source} must give AwsCredentials, a mapping with `access_key_id`, `secret_access_key` and optional "
            f"`session_token`, or botocore-style credentials; got {type(value).__name__}"
        )
    key_id, secret, token = found
    if not isinstance(key_id, str) or not key_id or not isinstance(secret, str) or not secret:
        raise OpenAIError(f"{source} must give a non-empty access key ID and secret access key (both strings)")
    if token is not None and not isinstance(token, str):
        raise OpenAIError(f"{source} gave a session token that is not a string ({type(token).__name__})")
    return AwsCredentials(key_id, secret, token or None)


def environment_credentials() -> AwsCredentials | None:
    """`AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, when the pair is set."""
    key_id = os.environ.get("AWS_ACCESS_KEY_ID")
    secret = os.environ.get("AWS_SECRET_ACCESS_KEY")
    if not key_id and not secret:
        return None
    if not key_id or not secret:
        raise OpenAIError("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together")
    return AwsCredentials(key_id, secret, os.environ.get("AWS_SESSION_TOKEN") or None)


def _shared_file(variable: str, default: str) -> Path:
    return Path(os.environ.get(variable) or Path.home() / ".aws" / default).expanduser()


def _read_section(path: Path, section: str) -> Mapping[str, str] | None:
    parser = configparser.RawConfigParser()
    try:
        parser.read(path, encoding="utf-8")
    except configparser.Error as exc:
        raise OpenAIError(f"Cannot parse the AWS shared file {path}: {type(exc).__name__}") from None
    return dict(parser[section]) if parser.has_section(section) else None


def profile_credentials(profile: str, *, required: bool) -> AwsCredentials | None:
    """The static keys of `profile` in the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`,
    default `~/.aws/credentials`), else in the config file (`AWS_CONFIG_FILE`, default
    `~/.aws/config`, section `[profile NAME]` or `[default]`).

    Raises:
        OpenAIError: `required` and the profile is missing, or it has no static keys (SSO,
            assume-role and process profiles need botocore: use `aws_credentials_provider`).
    """
    config_section = "default" if profile == "default" else f"profile {profile}"
    places = (
        (_shared_file("AWS_SHARED_CREDENTIALS_FILE", "credentials"), profile),
        (_shared_file("AWS_CONFIG_FILE", "config"), config_section),
    )
    for path, section in places:
        values = _read_section(path, section)
        if values is None:
            continue
        key_id, secret = values.get("aws_access_key_id"), values.get("aws_secret_access_key")
        if key_id and secret:
            return AwsCredentials(key_id, secret, values.get("aws_session_token") or None)
        raise OpenAIError(
            f"`aws_profile`: the AWS profile {profile!r} in {path} has no aws_access_key_id/aws_secret_access_key; "
            "for SSO, assume-role or process profiles pass `aws_credentials_provider=` (e.g. from boto3)"
        )
    if required:
        raise OpenAIError(
            f"`aws_profile`: no AWS profile {profile!r} in {places[0][0]} or {places[1][0]} "
            "(set AWS_SHARED_CREDENTIALS_FILE / AWS_CONFIG_FILE to read other files)"
        )
    return None
