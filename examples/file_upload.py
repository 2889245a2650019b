"""Upload a file (bytes, a path, an open file or a (name, content, type) tuple)."""

from _common import make_client

client = make_client()
jsonl = b'{"custom_id": "1", "method": "POST", "url": "/v1/chat/completions", "body": {}}\n'
uploaded = client.files.create(file=("batch.jsonl", jsonl, "application/jsonl"), purpose="batch")
print("uploaded:", uploaded.id, uploaded.filename, uploaded.purpose)
