"""Streaming: `client.chat.completions.stream()` events and `oai.ChatCompletionAccumulator`.

The Prism mock does not stream SSE, so when OPENAI_BASE_URL is the mock (the default) this
example starts a tiny SSE server on 127.0.0.1 in a thread and streams from it; with a real
OPENAI_API_KEY and no OPENAI_BASE_URL it streams from the API.
"""

import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from _common import make_client

import oai

WORDS = ["Streaming ", "works ", "chunk ", "by ", "chunk."]


class SSEHandler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # http.server's naming
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.end_headers()
        for word in [*WORDS, None]:
            delta = {"content": word} if word else {}
            chunk = {
                "id": "chatcmpl-local",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": "local",
                "choices": [{"index": 0, "delta": delta, "finish_reason": None if word else "stop"}],
            }
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *args: object) -> None:
        pass


server = None
# The local mock (Prism on 127.0.0.1) cannot stream: stream from a tiny local server instead.
if "OPENAI_API_KEY" not in os.environ or os.environ.get("OPENAI_BASE_URL", "").startswith("http://127.0.0.1:"):
    server = ThreadingHTTPServer(("127.0.0.1", 0), SSEHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    os.environ["OPENAI_BASE_URL"] = f"http://127.0.0.1:{server.server_address[1]}/v1"
    os.environ.setdefault("OPENAI_API_KEY", "sk-local")

client = make_client()
messages = [{"role": "user", "content": "Say something about streaming."}]

# 1. The stream helper: typed events, then the whole completion.
with client.chat.completions.stream(model="gpt-4o-mini", messages=messages) as stream:
    for event in stream:
        if event.type == "content.delta":
            print(event.delta, end="", flush=True)
        elif event.type == "content.done":
            print("\n[content.done]", repr(event.content))
    print("final:", stream.get_final_completion().choices[0].message.content)

# 2. The accumulator over a plain stream, as in the Go SDK.
acc = oai.ChatCompletionAccumulator()
for chunk in client.chat.completions.create(model="gpt-4o-mini", messages=messages, stream=True):
    acc.add_chunk(chunk)
    if (content := acc.just_finished_content()) is not None:
        print("finished content:", content)
print("accumulated:", acc.to_chat_completion().choices[0].message.content)

if server is not None:
    server.shutdown()
