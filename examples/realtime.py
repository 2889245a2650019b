"""Realtime over WebSocket: `client.realtime.connect()` with typed events both ways.

Needs the `realtime` extra (`pip install 'oai[realtime]'`; the dev extra includes it). The
Prism mock has no WebSocket, so when OPENAI_BASE_URL is local (the default) this example starts
a tiny scripted Realtime server on 127.0.0.1 in a thread and points `websocket_base_url` at it;
with a real OPENAI_API_KEY and no OPENAI_BASE_URL it talks to the Realtime API.
"""

import json
import os
import threading

from _common import make_client
from websockets.sync.server import ServerConnection, serve

WORDS = ["Realtime ", "over ", "a ", "WebSocket."]


def play_session(connection: ServerConnection) -> None:
    """A scripted server: `session.created`, then a text response once `response.create` arrives."""
    connection.send(json.dumps({"type": "session.created", "event_id": "ev_0", "session": {"type": "realtime"}}))
    while json.loads(connection.recv())["type"] != "response.create":
        pass
    for index, word in enumerate(WORDS):
        delta = {"response_id": "resp_1", "item_id": "item_1", "output_index": 0, "content_index": 0, "delta": word}
        connection.send(json.dumps({"type": "response.output_text.delta", "event_id": f"ev_{index + 1}", **delta}))
    done = {"id": "resp_1", "object": "realtime.response", "status": "completed", "output": []}
    connection.send(json.dumps({"type": "response.done", "event_id": "ev_done", "response": done}))
    connection.close()


server = None
websocket_base_url = None
if "OPENAI_API_KEY" not in os.environ or os.environ.get("OPENAI_BASE_URL", "").startswith("http://127.0.0.1:"):
    server = serve(play_session, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    websocket_base_url = f"ws://127.0.0.1:{server.socket.getsockname()[1]}/v1"

client = make_client(websocket_base_url=websocket_base_url)

with client.realtime.connect(model="gpt-realtime") as connection:
    connection.session.update(session={"type": "realtime", "output_modalities": ["text"]})
    connection.conversation.item.create(
        item={"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Say hello!"}]}
    )
    connection.response.create()
    for event in connection:
        if event.type == "session.created":
            print("[session.created]")
        elif event.type == "response.output_text.delta":
            print(event.delta, end="", flush=True)
        elif event.type == "response.done":
            print(f"\n[response.done] status={event.response.status}")
            break

if server is not None:
    server.shutdown()
