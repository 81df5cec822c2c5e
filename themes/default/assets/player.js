/* Trogs player: one docked player for the whole site, kept playing while
 * internal links swap the page's <main>. A progressive enhancement: without
 * it every track plays in its own <audio controls>. Markup, behaviour and
 * notes on the code: themes/default/CONTEXT.md (this file reaches every
 * listener, so it carries no other comments). */
(() => {
  'use strict';
  const doc = document;
  const ms = navigator.mediaSession;
  const dock = doc.querySelector('[data-dock]');
  if (!dock || !window.fetch) return;
  const $ = (s) => dock.querySelector(s);
  const art = $('[data-now-art]') || doc.createElement('img');
  if (!art.isConnected) {
    Object.assign(art, { className: 'dock-art', alt: '', width: 48, height: 48, hidden: true });
    $('[data-prev]').before(art);
  }
  const A = [0, 1].map(() => dock.appendChild(doc.createElement('audio')));
  const can = (type) => A[0].canPlayType(type) !== '';
  const opus = can('audio/ogg; codecs=opus');
  const ui = {
    play: $('[data-play-main]'), now: $('[data-now]'), by: $('[data-now-artist]'), art,
    time: $('[data-time]'), seek: $('[data-seek]'), wave: $('[data-waveform]'), saver: $('[data-saver-toggle]')
  };
  const KEY = 'trogs.dataSaver';
  const peaksCache = new Map();
  const bad = new Set(); // keys of tracks that could not be played
  let Q = []; // the queue: the playlist playback started from
  let qi = 0;
  let qList = null;
  let ci = 0; // which of A is current
  let want = false; // playback was asked for
  let started = false;
  let skips = 0;
  let dir = 1; // the way to skip a track that fails
  let peaks = null;
  let waveFor = null;
  let dragging = false;
  let baseTitle = doc.title;
  let shown = '';
  let saver = false;
  let navId = 0;
  let timers = [];
  let st = 0;

  const cur = () => A[ci];
  const spare = () => A[1 - ci];
  const track = () => Q[qi];
  const abs = (u) => u && new URL(u, location.href).href;
  const known = (d) => isFinite(d) && d > 0;
  const playing = () => !cur().paused && !cur().ended;
  const fmt = (s) => {
    s = Math.floor(s > 0 ? s : 0);
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  };
  const msg = (k, v) => (dock.dataset['msg' + k] || '').replace(/\{(\w+)\}/g, (_, n) => (v && v[n]) || '');
  const keyOf = (li) => { const s = li.querySelector('audio source'); return s && s.src; };
  const lists = () => [...doc.querySelectorAll('[data-playlist]')];
  const itemsOf = (list) => [...list.querySelectorAll('[data-track]')].filter(keyOf);

  function trackOf(li) {
    const d = li.dataset;
    const srcs = [...li.querySelectorAll('audio source')];
    return {
      key: keyOf(li), title: d.title || '', artist: d.artist || '', album: d.album || '',
      art: abs(d.artwork), peaks: abs(d.peaks), saver: opus && abs(d.saver), failed: [],
      set: (d.artworkSet || '').split(',').filter(Boolean).map((p) => {
        const [u, w] = p.trim().split(/\s+/);
        return { src: abs(u), sizes: parseInt(w, 10) + 'x' + parseInt(w, 10) };
      }),
      list: srcs.filter((s) => !s.type || can(s.type)).map((s) => s.src)
    };
  }

  function queue(list) {
    Q = list ? itemsOf(list).map(trackOf) : [];
    qList = list;
    qi = 0;
  }

  const pick = (t) => (saver && t.saver ? [t.saver] : []).concat(t.list).find((u) => !t.failed.includes(u));

  function load(a, t, pre) {
    const url = pick(t);
    if (!url) return false;
    a.k = t.key;
    a.preload = pre;
    a.src = url;
    return true;
  }

  function seek(a, at) {
    a.currentTime = at;
    if (!a.readyState) {
      a.addEventListener('loadedmetadata', () => {
        if (Math.abs(a.currentTime - at) > 0.5) a.currentTime = at;
      }, { once: true });
    }
  }

  function go(i, at, play, d) {
    dir = d || 1;
    const n = Q.length;
    if (!n) return;
    qi = ((i % n) + n) % n;
    const t = track();
    let a = cur();
    if (a.k !== t.key || a.error) {
      const s = spare();
      if (s.k === t.key && !s.error) {
        ci = 1 - ci;
        a = s;
        if (at == null && s.currentTime) at = 0;
      } else if (!load(a, t, at ? 'metadata' : 'none')) {
        return fail();
      }
    }
    spare().pause();
    if (at != null) seek(a, at);
    session();
    if (play || at) showPeaks();
    if (play) {
      want = started = true;
      const r = a.play();
      if (r) {
        r.catch((e) => {
          if (e.name !== 'NotAllowedError') return;
          want = false;
          say(msg('Autoplay'));
          render();
        });
      }
    }
    render();
  }

  function fail() {
    const t = track();
    bad.add(t.key);
    say(msg('Failed', { title: t.title }));
    if (want && ++skips < Q.length) go(qi + dir, null, true, dir);
    else { want = false; render(); }
  }

  function pause() {
    want = false;
    cur().pause();
    render();
  }

  const toggle = () => (playing() ? pause() : go(qi, null, true));
  const step = (d) => go(qi + d, null, true, d);

  function skipBy(d) {
    const a = cur();
    a.currentTime = Math.max(0, Math.min((a.currentTime || 0) + d, known(a.duration) ? a.duration : 1e9));
  }

  function press(li) {
    const list = li.closest('[data-playlist]');
    const i = itemsOf(list).indexOf(li);
    if (i < 0) return;
    if (list !== qList) queue(list);
    if (cur().k === Q[i].key && playing()) {
      qi = i;
      return pause();
    }
    bad.delete(Q[i].key);
    Q[i].failed = [];
    skips = 0;
    go(i, null, true);
  }

  function prime() {
    const a = cur();
    const s = spare();
    if (Q.length < 2 || !playing() || !(a.duration - a.currentTime < 10)) return;
    const t = Q[(qi + 1) % Q.length];
    if (s.k !== t.key || s.error) load(s, t, 'auto');
    else if (s.currentTime && s.paused) s.currentTime = 0;
  }

  A.forEach((a) => {
    const mine = (f) => () => { if (a === cur()) f(); };
    a.addEventListener('play', mine(() => { showPeaks(); session(); render(); }));
    a.addEventListener('pause', mine(render));
    a.addEventListener('playing', mine(() => { skips = 0; bad.delete(a.k); render(); }));
    a.addEventListener('ended', mine(() => go(qi + 1, null, true)));
    a.addEventListener('error', () => {
      const t = Q.find((x) => x.key === a.k);
      if (t) t.failed.push(a.src);
      if (a !== cur()) a.k = null;
      else if (t) go(qi, null, want, dir);
    });
    ['timeupdate', 'durationchange', 'loadedmetadata', 'seeked'].forEach((type) =>
      a.addEventListener(type, mine(() => { progress(); prime(); })));
  });

  function showPeaks() {
    const t = track();
    const c = ui.wave;
    if (!c || waveFor === t.key) return;
    waveFor = t.key;
    peaks = null;
    if (!t.peaks) { c.hidden = true; return; }
    const g = c.getContext('2d');
    if (g) g.clearRect(0, 0, c.width, c.height);
    let got = peaksCache.get(t.peaks);
    if (!got) {
      got = fetch(t.peaks)
        .then((r) => (r.ok ? r.json() : null))
        .then((d) => (d && d.min && d.max && d.max.length ? d : null), () => null);
      peaksCache.set(t.peaks, got);
    }
    got.then((d) => {
      if (waveFor !== t.key) return;
      peaks = d;
      c.hidden = !d;
      draw();
    });
  }

  function draw() {
    const c = ui.wave;
    const d = peaks;
    if (!c || !d || c.hidden) return;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(c.clientWidth * dpr);
    const h = Math.round(c.clientHeight * dpr);
    const g = w && h && c.getContext('2d');
    if (!g) return;
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
    }
    const a = cur();
    const dur = known(a.duration) ? a.duration : d.seconds;
    const played = dur > 0 ? ((a.currentTime || 0) / dur) * w : 0;
    const style = getComputedStyle(c);
    const colours = [style.getPropertyValue('--accent').trim() || style.color, style.color];
    const n = d.max.length;
    const bar = Math.max(1, Math.round(2 * dpr));
    const mid = h / 2;
    g.clearRect(0, 0, w, h);
    for (let x = 0; x < w; x += bar + Math.max(1, Math.round(dpr))) {
      const from = Math.floor((x / w) * n);
      const to = Math.max(from + 1, Math.floor(((x + bar) / w) * n));
      let hi = 0;
      let lo = 0;
      for (let k = from; k < to && k < n; k++) {
        hi = Math.max(hi, d.max[k] || 0);
        lo = Math.min(lo, d.min[k] || 0);
      }
      const top = mid - (hi / 127) * mid;
      g.fillStyle = colours[x < played ? 0 : 1];
      g.fillRect(x, top, bar, Math.max(dpr, mid - (lo / 127) * mid - top));
    }
  }

  function progress() {
    const a = cur();
    const c = a.currentTime || 0;
    const d = a.duration;
    const ok = known(d);
    ui.time.textContent = fmt(c) + (ok ? ' / ' + fmt(d) : '');
    if (!dragging) {
      ui.seek.value = ok ? String(Math.round((c / d) * 1000)) : '0';
      ui.seek.setAttribute('aria-valuetext', ok ? msg('TimeOf', { current: fmt(c), total: fmt(d) }) : fmt(c));
    }
    draw();
    if (ok && ms && ms.setPositionState) {
      try {
        ms.setPositionState({ duration: d, playbackRate: a.playbackRate || 1, position: Math.min(c, d) });
      } catch (e) { /* not supported here */ }
    }
    const b = doc.querySelector('[data-share-at]');
    const l = lists()[0];
    if (!b) return;
    const items = l ? itemsOf(l) : [];
    const t = track();
    const i = t ? items.findIndex((li) => keyOf(li) === t.key) : -1;
    const s = Math.floor(c);
    b.hidden = i < 0 || !s;
    if (b.hidden) return;
    const canon = doc.querySelector('link[rel=canonical]');
    b.dataset.url = (canon ? canon.href : location.href.split('#')[0]) + '#' +
      (items.length > 1 ? 'track=' + (i + 1) + '&' : '') + 't=' + (s >= 60 ? Math.floor(s / 60) + 'm' : '') + (s % 60) + 's';
    b.querySelector('[data-at]').textContent = fmt(s);
  }

  function render() {
    const t = track();
    const on = !!t && playing();
    dock.hidden = !t;
    A.forEach((x, i) => x.toggleAttribute('data-current', i === ci));
    ui.play.setAttribute('aria-pressed', on);
    if (t) {
      ui.now.textContent = t.title;
      ui.by.textContent = t.artist;
      const src = t.set.length ? t.set[0].src : t.art;
      if (src && ui.art.src !== src) ui.art.src = src;
      ui.art.hidden = !src;
    }
    const inList = qList && doc.contains(qList);
    doc.querySelectorAll('[data-track]').forEach((li) => {
      const k = keyOf(li);
      const p = on && k === t.key && (!inList || li.closest('[data-playlist]') === qList);
      li.classList.toggle('is-playing', p);
      li.classList.toggle('is-error', bad.has(k));
      if (p) li.setAttribute('aria-current', 'true');
      else li.removeAttribute('aria-current');
      const b = li.querySelector('[data-track-play]');
      if (b) b.setAttribute('aria-pressed', p);
    });
    doc.title = on ? '▶ ' + t.title + (t.artist ? ' — ' + t.artist : '') : baseTitle;
    if (ms) {
      try { ms.playbackState = on ? 'playing' : 'paused'; } catch (e) { /* read-only here */ }
    }
    const lab = ui.saver && ui.saver.closest('label');
    if (lab) lab.hidden = !Q.some((x) => x.saver);
    progress();
  }

  function session() {
    const t = track();
    if (!ms || !t || !window.MediaMetadata) return;
    try {
      ms.metadata = new window.MediaMetadata({
        title: t.title, artist: t.artist, album: t.album,
        artwork: t.set.length ? t.set : t.art ? [{ src: t.art }] : []
      });
    } catch (e) { /* bad artwork and the like */ }
  }

  function setSaver(on) {
    saver = on;
    try { localStorage.setItem(KEY, on ? '1' : '0'); } catch (e) { /* this page only */ }
    ui.saver.checked = on;
    spare().k = null;
    const a = cur();
    const t = track();
    const url = t && a.k === t.key && pick(t);
    if (!url || url === a.src) return;
    const at = a.currentTime;
    const p = playing();
    a.src = url;
    if (at) seek(a, at);
    if (p) a.play().catch(() => {});
  }

  function timecode() {
    const q = new URLSearchParams(location.hash.slice(1));
    const t = q.get('t');
    const n = q.get('track');
    const l = lists()[0];
    if (!l || (t == null && n == null)) return;
    const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s?)?$/.exec(t || '') || [];
    queue(l);
    skips = 0;
    go((parseInt(n, 10) || 1) - 1, (+m[1] || 0) * 3600 + (+m[2] || 0) * 60 + (+m[3] || 0), true);
  }

  function page(fresh) {
    shown = location.pathname + location.search;
    const l = lists()[0];
    if (!started) {
      queue(l || null);
      if (l) go(0, null, false);
    }
    if (fresh) timecode();
    render();
  }

  const HEAD = 'title,meta[name=description],meta[property],meta[name^="twitter:"],link[rel=canonical],script[type="application/ld+json"]';
  const assets = (d) => [...d.querySelectorAll('script[src],link[rel=stylesheet]')].map((e) => e.getAttribute('src') || e.getAttribute('href')).join();

  async function visit(url, push, y) {
    const id = ++navId;
    clearTimeout(st);
    history.replaceState({ y: scrollY }, '');
    let nd;
    try {
      const r = await fetch(url, { headers: { accept: 'text/html' } });
      if (!/html/.test(r.headers.get('content-type'))) throw r;
      nd = new DOMParser().parseFromString(await r.text(), 'text/html');
      if (!nd.querySelector('main') || assets(nd) !== assets(doc)) throw r;
      if (r.redirected) url = r.url + new URL(url).hash;
    } catch (e) {
      if (id === navId) {
        if (push) location.assign(url);
        else location.reload();
      }
      return;
    }
    if (id !== navId) return;
    if (push) history.pushState({ y: 0 }, '', url);
    baseTitle = nd.title;
    doc.head.querySelectorAll(HEAD).forEach((e) => e.remove());
    nd.head.querySelectorAll(HEAD).forEach((e) => doc.head.append(e));
    doc.querySelector('main').replaceWith(nd.querySelector('main'));
    doc.body.className = nd.body.className;
    const h = decodeURIComponent(location.hash.slice(1));
    const to = h && doc.getElementById(h);
    if (to) to.scrollIntoView();
    else scrollTo(0, y || 0);
    const f = doc.querySelector('main h1') || doc.querySelector('main');
    f.tabIndex = -1;
    f.focus({ preventScroll: true });
    page(push);
    say(baseTitle, true);
  }

  function onClick(e) {
    const el = e.target.closest ? e.target : e.target.parentElement;
    const play = el.closest('[data-track-play]');
    if (play) return press(play.closest('[data-track]'));
    const share = el.closest('[data-share]');
    if (share) {
      e.preventDefault();
      const url = share.getAttribute('data-url') || location.href;
      copy(url).then((ok) => say(ok ? msg('Copied') : msg('CopyThis', { url })));
      return;
    }
    const l = el.closest('a[href]');
    if (!l || e.defaultPrevented || e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey ||
        l.hasAttribute('download') || (l.target && l.target !== '_self')) return;
    const u = new URL(l.href);
    if (u.origin !== location.origin || /\.(?!html?$)\w+$/.test(u.pathname) ||
        (u.hash && u.pathname + u.search === shown)) return;
    e.preventDefault();
    visit(u.href, u.href !== location.href);
  }

  function onKey(e) {
    const el = doc.activeElement;
    const k = e.key;
    if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey || !Q.length ||
        (el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)))) return;
    if (k === ' ') {
      if (el && el.closest('button,a,summary,audio,video,[role=button]')) return;
      toggle();
    } else if (k === 'ArrowLeft' || k === 'ArrowRight') skipBy(k === 'ArrowLeft' ? -5 : 5);
    else if (k === 'j' || k === 'J') step(-1);
    else if (k === 'k' || k === 'K') step(1);
    else return;
    e.preventDefault();
  }

  function say(text, quiet) {
    const r = doc.querySelector('[data-toast]');
    if (!r) return;
    timers.forEach(clearTimeout);
    r.textContent = '';
    r.classList.toggle('is-visible', !quiet);
    timers = [
      setTimeout(() => { r.textContent = text; }, 30),
      setTimeout(() => { r.classList.remove('is-visible'); r.textContent = ''; }, 2500)
    ];
  }

  const copy = (text) => (navigator.clipboard && window.isSecureContext
    ? navigator.clipboard.writeText(text).then(() => true, () => false)
    : Promise.resolve(false));

  ui.play.addEventListener('click', toggle);
  $('[data-prev]').addEventListener('click', () => step(-1));
  $('[data-next]').addEventListener('click', () => step(1));
  const stop = () => { dragging = false; };
  ui.seek.addEventListener('pointerdown', () => { dragging = true; });
  ['pointerup', 'pointercancel', 'change'].forEach((t) => ui.seek.addEventListener(t, stop));
  ui.seek.addEventListener('input', () => {
    const a = cur();
    if (known(a.duration)) a.currentTime = (ui.seek.value / 1000) * a.duration;
    progress();
  });
  const c = ui.wave;
  const seekTo = (e) => {
    const r = c.getBoundingClientRect();
    const a = cur();
    const dur = known(a.duration) ? a.duration : peaks && peaks.seconds;
    if (r.width > 0 && dur > 0) a.currentTime = Math.min(1, Math.max(0, (e.clientX - r.left) / r.width)) * dur;
    progress();
  };
  c.addEventListener('pointerdown', (e) => {
    seekTo(e);
    if (c.setPointerCapture) c.setPointerCapture(e.pointerId);
  });
  c.addEventListener('pointermove', (e) => { if (c.hasPointerCapture && c.hasPointerCapture(e.pointerId)) seekTo(e); });
  if (window.ResizeObserver) new ResizeObserver(draw).observe(c);
  try { saver = localStorage.getItem(KEY) === '1'; } catch (e) { /* storage disabled */ }
  ui.saver.checked = saver;
  ui.saver.addEventListener('change', () => setSaver(ui.saver.checked));
  if (ms) {
    const handlers = {
      play: () => go(qi, null, true), pause, previoustrack: () => step(-1), nexttrack: () => step(1),
      seekbackward: (d) => skipBy(-(d.seekOffset || 10)), seekforward: (d) => skipBy(d.seekOffset || 10),
      seekto: (d) => { const a = cur(); if (d.fastSeek && a.fastSeek) a.fastSeek(d.seekTime); else a.currentTime = d.seekTime; }
    };
    Object.keys(handlers).forEach((k) => {
      try { ms.setActionHandler(k, handlers[k]); } catch (e) { /* not supported here */ }
    });
  }
  doc.addEventListener('play', (e) => {
    const m = e.target;
    if (A.includes(m)) doc.querySelectorAll('audio,video').forEach((x) => { if (x !== m) x.pause(); });
    else cur().pause();
  }, true);
  doc.addEventListener('click', onClick);
  doc.addEventListener('keydown', onKey);
  addEventListener('popstate', (e) => {
    if (location.pathname + location.search !== shown) visit(location.href, false, e.state && e.state.y);
  });
  addEventListener('hashchange', timecode);
  addEventListener('scroll', () => {
    clearTimeout(st);
    st = setTimeout(() => history.replaceState({ y: scrollY }, ''), 150);
  }, { passive: true });
  history.scrollRestoration = 'manual';
  if (history.state && history.state.y) scrollTo(0, history.state.y);
  page(true);
})();
