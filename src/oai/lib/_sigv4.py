"""AWS Signature Version 4 for one HTTP request, with the standard library only.

The algorithm is AWS's documented one: a canonical request (method, path, query, the signed
headers, the body's SHA-256), a string to sign naming the date/region/service scope, and an
HMAC-SHA256 chain that derives the signing key from the secret. It knows nothing of Bedrock.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Mapping
from urllib.parse import quote

import httpx

__all__ = ["ALGORITHM", "AwsCredentials", "sign_request", "sigv4_authorization"]

ALGORITHM = "AWS4-HMAC-SHA256"
# Headers that may change between signing and sending (or are the signature itself) stay unsigned;
# these are the ones signed besides every `x-amz-*` header.
_SIGNED_PLAIN_HEADERS = frozenset({"host", "content-type", "content-md5"})


@dataclass(frozen=True)
class AwsCredentials:
    """An AWS access key pair, and the session token of temporary credentials. The repr shows
    only the access key ID, which is not a secret."""

    access_key_id: str
    secret_access_key: str = field(repr=False)
    session_token: str | None = field(default=None, repr=False)


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _uri_encode(text: str) -> str:
    # AWS encodes every byte except the RFC 3986 unreserved characters, a space as %20.
    return quote(text, safe="-_.~")


def _canonical_path(path: str) -> str:
    # Services other than S3 encode each segment twice: once for the URL, once for the canonical form.
    if not path:
        return "/"
    return "/".join(_uri_encode(_uri_encode(segment)) for segment in path.split("/"))


def _canonical_query(params: httpx.QueryParams) -> str:
    pairs = sorted((_uri_encode(key), _uri_encode(value)) for key, value in params.multi_items())
    return "&".join(f"{key}={value}" for key, value in pairs)


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def sigv4_authorization(
    *,
    method: str,
    url: httpx.URL,
    headers: Mapping[str, str],
    payload_hash: str,
    credentials: AwsCredentials,
    region: str,
    service: str,
    amz_date: str,
) -> str:
    """The `Authorization` header value that signs exactly `headers` (names in any case).

    `amz_date` is the request time as `YYYYMMDDTHHMMSSZ` (the `x-amz-date` header).
    """
    canonical = {name.lower(): " ".join(value.strip().split()) for name, value in headers.items()}
    signed_names = ";".join(sorted(canonical))
    canonical_request = "\n".join(
        [
            method.upper(),
            _canonical_path(url.path),
            _canonical_query(url.params),
            "".join(f"{name}:{canonical[name]}\n" for name in sorted(canonical)),
            signed_names,
            payload_hash,
        ]
    )
    date = amz_date[:8]
    scope = f"{date}/{region}/{service}/aws4_request"
    string_to_sign = "\n".join(
        [ALGORITHM, amz_date, scope, hashlib.sha256(canonical_request.encode("utf-8")).hexdigest()]
    )
    key = _hmac(f"AWS4{credentials.secret_access_key}".encode(), date)
    for part in (region, service, "aws4_request"):
        key = _hmac(key, part)
    signature = hmac.new(key, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{ALGORITHM} Credential={credentials.access_key_id}/{scope}, SignedHeaders={signed_names}, Signature={signature}"


def sign_request(
    request: httpx.Request,
    credentials: AwsCredentials,
    *,
    region: str,
    service: str,
    now: datetime | None = None,
) -> None:
    """Sign `request` in place: set `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token`
    (temporary credentials) and `Authorization`. The body must already be read (`request.read()`)."""
    when = (now or _utcnow()).astimezone(timezone.utc)
    payload_hash = hashlib.sha256(request.content).hexdigest()
    request.headers.pop("authorization", None)
    request.headers.pop("x-amz-security-token", None)
    request.headers["x-amz-date"] = when.strftime("%Y%m%dT%H%M%SZ")
    request.headers["x-amz-content-sha256"] = payload_hash
    if credentials.session_token:
        request.headers["x-amz-security-token"] = credentials.session_token
    if "host" not in request.headers:
        request.headers["host"] = request.url.netloc.decode("ascii")
    signed = {
        name: value
        for name, value in request.headers.items()
        if name.lower() in _SIGNED_PLAIN_HEADERS or name.lower().startswith("x-amz-")
    }
    request.headers["authorization"] = sigv4_authorization(
        method=request.method,
        url=request.url,
        headers=signed,
        payload_hash=payload_hash,
        credentials=credentials,
        region=region,
        service=service,
        amz_date=request.headers["x-amz-date"],
    )
