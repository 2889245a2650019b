"""A Responses API call and its `output_text`: the text of every output message, joined."""

from _common import make_client

client = make_client()
response = client.responses.create(model="gpt-4o-mini", input="Write a haiku about mock servers.")
print("response:", response.id, response.status)
print("output items:", [item.type for item in response.output])
print("output_text:", repr(response.output_text))
print("request id (x-request-id):", response._request_id)  # None from a mock that sends none
