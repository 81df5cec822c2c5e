"""One upload with tuspy, for uploader/tests/tus_clients.rs (run with the
Python of the venv scripts/test installs it in, TROGS_TEST_TUSPY). Its one
argument is a JSON object: endpoint, file, target, filename, headers (the
session's cookie, Origin and CSRF token), chunkSize, uploadUrl (resume this
upload instead of starting one) and stopAt (stop the process abruptly once
this many bytes are stored). Prints `url URL`, `accepted BYTES` per chunk,
then `result JSON` (the Trogs-Result header) or `error`."""

import json
import os
import sys

from tusclient import client

cfg = json.loads(sys.argv[1])
tus = client.TusClient(cfg["endpoint"], headers=cfg["headers"])
uploader = tus.uploader(
    file_path=cfg["file"],
    url=cfg.get("uploadUrl"),
    chunk_size=cfg["chunkSize"],
    metadata={"target": cfg["target"], "filename": cfg["filename"]},
    retries=0,
)
try:
    if not uploader.url:
        uploader.set_url(uploader.create_url())
        uploader.offset = 0
    print(f"url {uploader.url}", flush=True)
    print(f"resumed {uploader.offset}", flush=True)
    size = uploader.get_file_size()
    while uploader.offset < size:
        uploader.upload_chunk()
        print(f"accepted {uploader.offset}", flush=True)
        if cfg.get("stopAt") and cfg["stopAt"] <= uploader.offset < size:
            os._exit(3)
    print(f"result {uploader.request.response_headers.get('trogs-result')}", flush=True)
except Exception as error:  # the test shows what failed
    print("error " + " ".join(str(error).split()), flush=True)
    sys.exit(1)
