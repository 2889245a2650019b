"""Raw verbs for endpoints the SDK does not model: retries, middleware and errors still apply."""

import httpx
from _common import make_client

client = make_client()
models = client.get("/models", cast_to=object)  # decoded JSON
print("GET /models ->", type(models).__name__)
response = client.post(
    "/moderations",
    cast_to=httpx.Response,
    body={"input": "I want to hug everyone"},
    extra_headers={"X-Demo": "1"},
    max_retries=1,
)
print("POST /moderations ->", response.status_code, response.headers.get("content-type"))
