"""A chat completion: the same call as with the official SDK."""

from _common import make_client

client = make_client()
completion = client.chat.completions.create(
    model="gpt-4o-mini",
    messages=[
        {"role": "developer", "content": "You are a helpful assistant."},
        {"role": "user", "content": "Say this is a test."},
    ],
)
print("id:", completion.id)
print("model:", completion.model)
print("first choice:", completion.choices[0].message.content if completion.choices else None)
