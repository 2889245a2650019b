"""Embeddings for two inputs."""

from _common import make_client

client = make_client()
response = client.embeddings.create(model="text-embedding-3-small", input=["hello", "world"])
print("embeddings:", len(response.data))
print("dimensions of the first:", len(response.data[0].embedding) if response.data else 0)
