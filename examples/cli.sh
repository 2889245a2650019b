#!/usr/bin/env sh
# The `oai` command line against OPENAI_BASE_URL (the Prism mock on 127.0.0.1:4010 by default).
# Results print as JSON; errors print one `Error: ...` line and exit non-zero.
set -e
: "${OPENAI_BASE_URL:=http://127.0.0.1:4010}"
: "${OPENAI_API_KEY:=sk-mock-key}"
export OPENAI_BASE_URL OPENAI_API_KEY
PY="${PYTHON:-python}"

"$PY" -m oai --help | head -n 3
"$PY" -m oai chat "Say this is a test" -m gpt-4o-mini
"$PY" -m oai models list | head -n 5
"$PY" -m oai api models.retrieve --model gpt-4o-mini | head -n 5
tmp="$(mktemp)"; echo '{"custom_id": "a"}' > "$tmp"
"$PY" -m oai files upload "$tmp" --purpose batch | head -n 3
rm -f "$tmp"
# A clear one-line error and a non-zero exit:
if "$PY" -m oai api models.nope; then exit 1; else echo "(failed as expected)"; fi
