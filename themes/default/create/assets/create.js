// Trogs Create: makes the server-rendered forms nicer when scripting is on.
// Every page works without it; this only adds
//   - uploads by drag and drop (many files at once), each file with its own
//     progress bar, sent with the resumable tus 1.0 protocol;
//   - forms marked `data-enhance` sent in the background, the changed parts
//     of the page swapped in place (no jump to the top);
//   - reordering tracks by dragging, besides the move up/down buttons;
//   - a notice with the published page's link once a change is live.
// No libraries, no build step. Every request that changes something sends
// the page's CSRF token in the `X-CSRF-Token` header.
(function () {
  'use strict';

  var UPLOADS = '/api/v1/me/uploads';
  // S3's part size; less where the service says so (on AWS Lambda a
  // request carries at most 6 MB, and binary bodies grow by a third).
  var chunkMeta = document.querySelector('meta[name="trogs-upload-chunk"]');
  var CHUNK = Math.min(5 * 1024 * 1024,
    (chunkMeta && Number(chunkMeta.getAttribute('content'))) || 5 * 1024 * 1024);
  var RETRIES = 6;

  var tokenMeta = document.querySelector('meta[name="csrf-token"]');
  var csrf = tokenMeta ? tokenMeta.getAttribute('content') : '';

  // The words the script says come from the page, in its language: the
  // body's `data-msg-NAME` attributes, with `{name}` filled in from `values`.
  function msg(name, values) {
    var key = 'msg' + name.replace(/(^|-)([a-z])/g, function (m, dash, c) { return c.toUpperCase(); });
    var text = document.body.dataset[key];
    if (text === undefined) return name;
    return text.replace(/\{([a-z]+)\}/g, function (m, k) {
      return values && values[k] !== undefined ? String(values[k]) : m;
    });
  }

  // ---- the live region -------------------------------------------------

  function status() {
    return document.querySelector('[data-status]');
  }

  // Shows `text` (and a link) in the page's live region.
  function announce(text, url, linkText) {
    var region = status();
    if (!region) return;
    var p = document.createElement('p');
    p.className = 'notice';
    p.textContent = text;
    if (url) {
      var a = document.createElement('a');
      a.href = url;
      a.textContent = linkText || url;
      p.appendChild(document.createTextNode(' '));
      p.appendChild(a);
    }
    region.replaceChildren(p);
  }

  function announceError(text) {
    var region = status();
    if (!region) return;
    var p = document.createElement('p');
    p.className = 'error';
    p.textContent = text;
    region.replaceChildren(p);
  }

  // The "live" notice from an API result: `{live: {published, urls}}`.
  function announceLive(result, what) {
    var live = result && result.live;
    var url = live && live.urls && live.urls.length ? live.urls[0] : null;
    if (live && live.published === false) {
      announce(msg('publishing', { what: what }));
    } else {
      announce(msg('live', { what: what }), url, msg('see-the-page'));
    }
  }

  // ---- swapping parts of the page --------------------------------------

  // Replaces each `[data-region][id]` and the status region with its new
  // version from `html` (a whole page the server rendered).
  function swapFrom(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var active = document.activeElement;
    var activeKey = active && keyOf(active);
    document.querySelectorAll('[data-region][id]').forEach(function (old) {
      var fresh = doc.getElementById(old.id);
      if (fresh) {
        old.replaceWith(document.importNode(fresh, true));
      }
    });
    var freshStatus = doc.querySelector('[data-status]');
    var oldStatus = status();
    if (freshStatus && oldStatus && freshStatus.children.length) {
      oldStatus.replaceChildren.apply(oldStatus, Array.prototype.map.call(
        freshStatus.childNodes, function (n) { return document.importNode(n, true); }));
    }
    var freshError = doc.getElementById('page-error');
    if (freshError && oldStatus) {
      var p = document.importNode(freshError, true);
      p.removeAttribute('id');
      oldStatus.replaceChildren(p);
    }
    enhance(document);
    // Keep the keyboard where it was: the same control in the new markup.
    if (activeKey) {
      var again = document.querySelector(activeKey);
      if (again) again.focus();
    }
  }

  // A selector that finds `el` again after a swap.
  function keyOf(el) {
    if (el.id) return '#' + CSS.escape(el.id);
    var item = el.closest('[data-item][data-id]');
    if (!item) return null;
    var sel = '[data-item][data-id="' + CSS.escape(item.dataset.id) + '"]';
    if (el.matches('[data-move-up]')) return sel + ' [data-move-up]';
    if (el.matches('[data-move-down]')) return sel + ' [data-move-down]';
    if (el.name) return sel + ' [name="' + CSS.escape(el.name) + '"]';
    return null;
  }

  // Sends a form in the background; the server answers with the page
  // (after its redirect) or the page with an error.
  function send(form, submitter) {
    var body = new FormData(form);
    if (submitter && submitter.name) body.append(submitter.name, submitter.value);
    var params = new URLSearchParams();
    body.forEach(function (value, key) { params.append(key, value); });
    return fetch(form.action, {
      method: 'POST',
      headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: params,
      credentials: 'same-origin',
    }).then(function (res) {
      return res.text().then(function (html) {
        if (!res.ok && !/^text\/html/.test(res.headers.get('Content-Type') || '')) {
          throw new Error(errorText(html, res.status));
        }
        swapFrom(html);
        return res;
      });
    });
  }

  function errorText(body, status) {
    try {
      var json = JSON.parse(body);
      if (json.errors && json.errors[0] && json.errors[0].detail) return json.errors[0].detail;
    } catch (e) { /* not JSON */ }
    return msg('request-failed', { status: status });
  }

  function enhanceForm(form) {
    if (form.dataset.enhanced) return;
    form.dataset.enhanced = '1';
    form.addEventListener('submit', function (event) {
      var submitter = event.submitter;
      if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
        event.preventDefault();
        return;
      }
      event.preventDefault();
      var item = form.closest('[data-item]');
      if (item) item.classList.add('is-busy');
      send(form, submitter).catch(function (e) {
        if (item) item.classList.remove('is-busy');
        announceError(e.message || msg('send-failed'));
      });
    });
  }

  // ---- reordering by dragging ------------------------------------------

  function enhanceSortable(list) {
    if (list.dataset.sortableReady) return;
    list.dataset.sortableReady = '1';
    var dragged = null;
    var items = function () { return Array.prototype.slice.call(list.querySelectorAll(':scope > [data-item]')); };
    // A row is dragged by its handle, so text in its fields stays selectable.
    items().forEach(function (item) {
      var head = item.querySelector('.item-head');
      if (!head || head.querySelector('.handle')) return;
      var handle = document.createElement('span');
      handle.className = 'handle';
      handle.setAttribute('aria-hidden', 'true');
      handle.title = msg('drag');
      handle.textContent = '⠿';
      head.insertBefore(handle, head.firstChild);
      handle.addEventListener('pointerdown', function () { item.setAttribute('draggable', 'true'); });
      handle.addEventListener('pointerup', function () { item.removeAttribute('draggable'); });
    });
    list.addEventListener('dragstart', function (event) {
      dragged = event.target.closest && event.target.closest('[data-item][draggable="true"]');
      if (!dragged) return;
      dragged.classList.add('is-dragging');
      event.dataTransfer.effectAllowed = 'move';
      event.dataTransfer.setData('text/plain', dragged.dataset.id);
    });
    list.addEventListener('dragover', function (event) {
      if (!dragged) return;
      var over = event.target.closest('[data-item]');
      if (!over || over.parentNode !== list) return;
      event.preventDefault();
      items().forEach(function (i) { i.classList.toggle('is-drop-target', i === over && i !== dragged); });
    });
    list.addEventListener('dragend', function () {
      items().forEach(function (i) { i.classList.remove('is-drop-target', 'is-dragging'); i.removeAttribute('draggable'); });
      dragged = null;
    });
    list.addEventListener('drop', function (event) {
      if (!dragged) return;
      var over = event.target.closest('[data-item]');
      event.preventDefault();
      var moving = dragged;
      dragged = null;
      items().forEach(function (i) { i.classList.remove('is-drop-target', 'is-dragging'); });
      if (!over || over === moving) return;
      var all = items();
      var from = all.indexOf(moving);
      var to = all.indexOf(over);
      list.insertBefore(moving, from < to ? over.nextSibling : over);
      commitMove(list, moving, from, to);
    });
  }

  // Saves a drag: the featured list sends its whole new order; a track
  // list moves the track one step at a time, as its buttons do.
  function commitMove(list, item, from, to) {
    var featured = list.closest('form[data-featured]');
    if (featured) {
      send(featured, null).catch(function (e) { announceError(e.message); });
      return;
    }
    var form = item.querySelector('form[data-move]');
    if (!form) return;
    var button = form.querySelector(to < from ? '[data-move-up]' : '[data-move-down]');
    var steps = Math.abs(to - from);
    item.classList.add('is-busy');
    var chain = Promise.resolve();
    for (var i = 0; i < steps; i++) {
      chain = chain.then(function () {
        // Each step re-reads the form: the swap replaces the markup.
        var row = document.querySelector('[data-item][data-id="' + CSS.escape(item.dataset.id) + '"]');
        var f = row ? row.querySelector('form[data-move]') : form;
        var b = f.querySelector(button.matches('[data-move-up]') ? '[data-move-up]' : '[data-move-down]');
        return sendQuiet(f, b);
      });
    }
    chain.then(function (html) {
      if (html) swapFrom(html);
    }).catch(function (e) {
      announceError(e.message || msg('order-failed'));
    });
  }

  // Like `send`, but returns the page instead of swapping it in.
  function sendQuiet(form, submitter) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { params.append(key, value); });
    if (submitter && submitter.name) params.append(submitter.name, submitter.value);
    return fetch(form.action, {
      method: 'POST',
      headers: { 'X-CSRF-Token': csrf, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: params,
      credentials: 'same-origin',
    }).then(function (res) {
      return res.text().then(function (html) {
        if (!res.ok) {
          swapFrom(html);
          throw new Error(msg('order-failed'));
        }
        return html;
      });
    });
  }

  // ---- uploads ---------------------------------------------------------

  function b64(text) {
    var bytes = new TextEncoder().encode(text);
    var bin = '';
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin);
  }

  function sizeText(n) {
    if (n < 1024 * 1024) return Math.max(1, Math.round(n / 1024)) + ' kB';
    return (n / (1024 * 1024)).toFixed(1) + ' MB';
  }

  // One HTTP request; resolves with the XHR whatever its status, rejects
  // only when the network failed.
  function request(method, url, headers, body, onProgress) {
    return new Promise(function (resolve, reject) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      xhr.setRequestHeader('Tus-Resumable', '1.0.0');
      xhr.setRequestHeader('X-CSRF-Token', csrf);
      Object.keys(headers).forEach(function (k) { xhr.setRequestHeader(k, headers[k]); });
      if (onProgress && xhr.upload) {
        xhr.upload.addEventListener('progress', function (e) { onProgress(e.loaded); });
      }
      xhr.onload = function () { resolve(xhr); };
      xhr.onerror = function () { reject(new Error(msg('network'))); };
      xhr.ontimeout = function () { reject(new Error(msg('network'))); };
      xhr.send(body === undefined ? null : body);
    });
  }

  function wait(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  function failure(xhr) {
    var e = new Error(errorText(xhr.responseText, xhr.status));
    e.final = true;
    return e;
  }

  // Uploads `file` for `target` (`album/ID/tracks`, …) with tus 1.0:
  // create, then PATCH chunks; after a network error, ask the server how
  // much it has (HEAD) and go on from there, waiting longer each time.
  // Resolves with the JSON the last PATCH returns in `Trogs-Result`.
  function tus(file, target, onProgress) {
    var meta = 'target ' + b64(target) + ',filename ' + b64(file.name || 'upload');
    return request('POST', UPLOADS, {
      'Upload-Length': String(file.size),
      'Upload-Metadata': meta,
    }).then(function (xhr) {
      if (xhr.status !== 201) throw failure(xhr);
      var url = new URL(xhr.getResponseHeader('Location'), location.href).href;
      var offset = 0;
      var failures = 0;

      function retry() {
        failures += 1;
        if (failures > RETRIES) {
          var e = new Error(msg('connection-failing',
            { percent: Math.floor(100 * offset / Math.max(file.size, 1)) }));
          e.final = true;
          throw e;
        }
        return wait(Math.min(30000, 500 * Math.pow(2, failures))).then(function () {
          return request('HEAD', url, {}).then(function (head) {
            if (head.status !== 200 && head.status !== 204) throw failure(head);
            offset = Number(head.getResponseHeader('Upload-Offset')) || 0;
            onProgress(offset);
            return step();
          }, function () { return retry(); });
        });
      }

      function step() {
        var end = Math.min(offset + CHUNK, file.size);
        var base = offset;
        return request('PATCH', url, {
          'Upload-Offset': String(offset),
          'Content-Type': 'application/offset+octet-stream',
        }, file.slice(offset, end), function (loaded) {
          onProgress(base + loaded);
        }).then(function (xhr) {
          if (xhr.status === 204) {
            failures = 0;
            var result = xhr.getResponseHeader('Trogs-Result');
            if (result !== null) {
              try { return JSON.parse(result); } catch (e) { return {}; }
            }
            // Handed to a job (on AWS Lambda): ask for the outcome.
            if (xhr.getResponseHeader('Trogs-State') === 'finishing') return outcome(url, 0);
            offset = Number(xhr.getResponseHeader('Upload-Offset'));
            if (!(offset > base)) offset = end;
            onProgress(offset);
            if (offset >= file.size) return {};
            return step();
          }
          // A wrong offset (another tab, a retried chunk): resynchronise.
          if (xhr.status === 409 || xhr.status === 0 || xhr.status >= 500) return retry();
          throw failure(xhr);
        }, function () { return retry(); });
      }

      return step();
    });
  }

  // The outcome of an upload the service checks and stores after the last
  // PATCH answered: asked for until it is there, a little less often each
  // time. A refusal comes with its own status and message, as the last
  // PATCH's would.
  function outcome(url, tries) {
    if (tries > 400) {
      var late = new Error(msg('checking-late'));
      late.final = true;
      return Promise.reject(late);
    }
    return wait(Math.min(5000, 500 + 250 * tries)).then(function () {
      return request('GET', url, {}).then(function (xhr) {
        if (xhr.status !== 200) throw failure(xhr);
        var answer = {};
        try { answer = JSON.parse(xhr.responseText).data || {}; } catch (e) { /* asked again */ }
        if (answer.state === 'done') return answer.result || {};
        return outcome(url, tries + 1);
      }, function () { return outcome(url, tries + 1); });
    });
  }

  // A row with the file's name, its size and a labelled progress bar.
  function uploadRow(list, file) {
    var li = document.createElement('li');
    li.className = 'upload-row';
    var id = 'up-' + Math.random().toString(36).slice(2);
    var name = document.createElement('label');
    name.className = 'upload-name';
    name.htmlFor = id;
    name.textContent = file.name;
    var size = document.createElement('span');
    size.className = 'upload-size';
    size.textContent = sizeText(file.size);
    var bar = document.createElement('progress');
    bar.id = id;
    bar.max = Math.max(file.size, 1);
    bar.value = 0;
    var state = document.createElement('p');
    state.className = 'upload-state';
    state.textContent = msg('waiting');
    li.append(name, size, bar, state);
    list.appendChild(li);
    return {
      progress: function (n) {
        bar.value = Math.min(n, bar.max);
        state.textContent = n >= file.size ? msg('checking') : msg('uploading', { percent: Math.floor(100 * n / bar.max) });
      },
      done: function (text) {
        bar.value = bar.max;
        li.classList.add('is-done');
        state.textContent = text;
      },
      failed: function (text) {
        li.classList.add('is-failed');
        state.textContent = text;
        state.setAttribute('role', 'alert');
      },
    };
  }

  function enhanceUpload(form) {
    if (form.dataset.enhanced) return;
    form.dataset.enhanced = '1';
    var target = form.dataset.upload;
    var input = form.querySelector('input[type="file"]');
    var list = form.querySelector('[data-uploads]');
    var drop = form.querySelector('[data-drop]');
    var many = form.hasAttribute('data-multiple');
    var submit = form.querySelector('[data-upload-submit]');
    // Choosing files starts their upload: the button is for scripting off,
    // and so is the form's size limit.
    if (submit) submit.hidden = true;
    var formLimit = form.querySelector('[data-form-limit]');
    if (formLimit) formLimit.hidden = true;
    input.required = false;

    function start(files) {
      files = Array.prototype.slice.call(files);
      if (!files.length) return;
      if (!many) files = files.slice(0, 1);
      // An album's tracks go up in the order of their names
      // ("01 …", "02 …"), which is usually their order on the album.
      files.sort(function (a, b) { return a.name.localeCompare(b.name, undefined, { numeric: true }); });
      var rows = files.map(function (f) { return uploadRow(list, f); });
      announce(files.length === 1 ? msg('uploading-file', { name: files[0].name }) : msg('uploading-files', { count: files.length }));
      var ok = 0;
      var last = null;
      // One file at a time keeps the order, and the bandwidth on one file.
      var chain = Promise.resolve();
      files.forEach(function (file, i) {
        chain = chain.then(function () {
          return tus(file, target, rows[i].progress).then(function (result) {
            ok += 1;
            last = result;
            rows[i].done(msg('uploaded'));
          }, function (e) {
            rows[i].failed(e.final ? e.message : msg('upload-failed', { reason: e.message || msg('unknown-error') }));
          });
        });
      });
      chain.then(function () {
        input.value = '';
        if (!ok) {
          announceError(files.length === 1 ? msg('failed-one') : msg('failed-all'));
          return;
        }
        // Show the new tracks (or image), then say the page is live.
        return fetch(location.href, { credentials: 'same-origin' })
          .then(function (res) { return res.text(); })
          .then(function (html) {
            swapFrom(html);
            refreshImages(html);
            var what = ok === files.length
              ? (ok === 1 ? msg('finished-one') : msg('finished-many', { count: ok }))
              : msg('finished-some', { done: ok, total: files.length });
            announceLive(last, what);
          });
      }).catch(function () { /* the rows say what failed */ });
    }

    input.addEventListener('change', function () { start(input.files); });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      start(input.files);
    });
    ['dragenter', 'dragover'].forEach(function (type) {
      drop.addEventListener(type, function (event) {
        if (!event.dataTransfer || Array.prototype.indexOf.call(event.dataTransfer.types, 'Files') < 0) return;
        event.preventDefault();
        drop.classList.add('is-over');
      });
    });
    ['dragleave', 'drop'].forEach(function (type) {
      drop.addEventListener(type, function () { drop.classList.remove('is-over'); });
    });
    drop.addEventListener('drop', function (event) {
      if (!event.dataTransfer || !event.dataTransfer.files.length) return;
      event.preventDefault();
      start(event.dataTransfer.files);
    });
  }

  // After an image upload the page's cover shows the new image.
  function refreshImages(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var fresh = doc.querySelectorAll('img.cover');
    document.querySelectorAll('img.cover').forEach(function (img, i) {
      if (fresh[i]) {
        img.src = fresh[i].getAttribute('src');
        img.alt = fresh[i].getAttribute('alt');
      }
    });
  }

  // A file dropped beside a drop zone would replace the page: ignore it.
  window.addEventListener('dragover', function (event) {
    if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, 'Files') >= 0) event.preventDefault();
  });
  window.addEventListener('drop', function (event) {
    if (event.dataTransfer && event.dataTransfer.files.length) event.preventDefault();
  });

  function enhance(root) {
    root.querySelectorAll('form[data-enhance]').forEach(enhanceForm);
    root.querySelectorAll('form[data-upload]').forEach(enhanceUpload);
    root.querySelectorAll('[data-sortable]').forEach(enhanceSortable);
  }

  enhance(document);
}());
