"""Auto-pagination: iterate a list endpoint item by item, or page by page."""

from _common import make_client

client = make_client()
page = client.files.list(limit=2)
print("first page:", [f.id for f in page.data])
print("has next page:", page.has_next_page())
count = 0
for _file in client.files.list(limit=2):  # fetches following pages as needed
    count += 1
    if count >= 5:
        break
print("files iterated:", count)
