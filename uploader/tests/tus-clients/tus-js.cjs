// One upload with tus-js-client, for uploader/tests/tus_clients.rs. The test
// installs the client (scripts/test) and names its folder in
// TROGS_TEST_TUS_JS. Its one argument is a JSON object:
//   endpoint, file, target, filename, headers (the session's cookie, Origin
//   and CSRF token), chunkSize, override (overridePatchMethod), uploadUrl
//   (resume this upload instead of starting one), stopAt (stop the process
//   abruptly once this many bytes are stored, as a dropped connection or a
//   closed laptop would).
// It prints one line per event: `url URL`, `request METHOD OVERRIDE`,
// `accepted BYTES`, then `result JSON` (the Trogs-Result header) or `error`.
'use strict';
const fs = require('fs');
const tus = require(process.env.TROGS_TEST_TUS_JS);

const cfg = JSON.parse(process.argv[2]);
const upload = new tus.Upload(fs.readFileSync(cfg.file), {
  endpoint: cfg.endpoint,
  uploadUrl: cfg.uploadUrl || null,
  chunkSize: cfg.chunkSize,
  overridePatchMethod: Boolean(cfg.override),
  headers: cfg.headers,
  metadata: { target: cfg.target, filename: cfg.filename },
  // Any failure fails the test, rather than being retried away.
  retryDelays: null,
  storeFingerprintForResuming: false,
  onBeforeRequest(req) {
    console.log(`request ${req.getMethod()} ${req.getHeader('X-HTTP-Method-Override') || '-'}`);
  },
  onUploadUrlAvailable() {
    console.log(`url ${upload.url}`);
  },
  onChunkComplete(_size, accepted, total) {
    console.log(`accepted ${accepted}`);
    if (cfg.stopAt && accepted >= cfg.stopAt && accepted < total) {
      process.exit(3);
    }
  },
  onSuccess(payload) {
    console.log(`result ${payload.lastResponse.getHeader('Trogs-Result')}`);
  },
  onError(error) {
    console.log(`error ${String(error).replace(/\s+/g, ' ')}`);
    process.exitCode = 1;
  },
});
upload.start();
