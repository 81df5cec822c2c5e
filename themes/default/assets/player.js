/* Trogs playlist player: enhances the plain <audio controls> lists of the
 * default theme. Without this script every track still plays natively.
 *
 * Markup (see CONTEXT.md): [data-player] holds one button[data-play-main],
 * optional [data-now], [data-time], input[data-seek], canvas[data-waveform],
 * input[data-saver-toggle] (in a hidden label), and one ol[data-playlist] of
 * li[data-track] (data-title, data-artist, data-album, data-artwork, optional
 * data-saver and data-peaks URLs), each with a button[data-track-play] and an
 * <audio> holding <source>s in order of preference.
 *
 * Behaviour: one audio plays at a time on the whole page; a finished track
 * starts the next one of its playlist at once, looping from the last to the
 * first; the next one is buffered during the last 10 s of the current one.
 * The playing li gets .is-playing and aria-current="true"; play buttons carry
 * aria-pressed; document.title shows "▶ Title — Artist" while playing.
 *
 * Sources: each audio gets the first <source> the browser can play
 * (canPlayType) as its src; a file that fails falls back to the next one.
 * Data saver (shown when a track has data-saver and Opus plays here) uses
 * the data-saver URLs instead; the choice is kept in localStorage
 * ("trogs.dataSaver") and switching keeps the position and playing state.
 *
 * Waveform: the current track's peaks JSON ({buckets, seconds, min, max},
 * values -127..127) is fetched when the track is first selected, then drawn
 * with the played part in the accent colour; a click or drag seeks. It stays
 * hidden without peaks or when they fail to load. Levels are never touched:
 * the files are level-matched already.
 *
 * Keyboard (ignored while typing in a text field or select, and with
 * Ctrl/Alt/Meta held):
 *   k, or Space outside buttons and links   play / pause
 *   j, or Shift+ArrowLeft                   previous track
 *   l, or Shift+ArrowRight                  next track
 * They act on the playlist that played last, else the first on the page.
 *
 * button[data-share] copies its data-url to the clipboard and says so in the
 * page's live region ([data-toast], created if missing).
 */
(function () {
  'use strict';

  const doc = document;
  const baseTitle = doc.title;
  const players = [];
  let active = null; // the player whose track was started last
  let toast = null;
  let toastTimer = 0;
  const SAVER_KEY = 'trogs.dataSaver';
  let saver = false;
  const peaksCache = new Map(); // URL -> promise of the peaks, or of null

  function known(d) {
    return isFinite(d) && d > 0;
  }

  function formatTime(s) {
    if (!isFinite(s) || s < 0) s = 0;
    s = Math.floor(s);
    const m = Math.floor(s / 60);
    const r = s % 60;
    return m + ':' + (r < 10 ? '0' : '') + r;
  }

  function isPlaying(audio) {
    return !!audio && !audio.paused && !audio.ended;
  }

  function setup(list, listIndex) {
    const root = list.closest('[data-player]') || list.parentElement;
    const items = Array.prototype.filter.call(
      list.querySelectorAll('[data-track]'),
      (li) => li.querySelector('audio')
    );
    if (!items.length) return;

    const p = {
      id: listIndex,
      root: root,
      items: items,
      audios: items.map((li) => li.querySelector('audio')),
      index: 0,
      main: root.querySelector('[data-play-main]'),
      now: root.querySelector('[data-now]'),
      time: root.querySelector('[data-time]'),
      seek: root.querySelector('[data-seek]'),
      wave: root.querySelector('[data-waveform]'),
      peaks: null,
      waveFor: -1, // the track whose peaks were asked for
      want: -1, // the track asked to play
      primed: -1, // the track being buffered to follow
      dragging: false
    };
    p.tracks = items.map((li, i) => sourcesOf(li, p.audios[i]));
    players.push(p);

    items.forEach((li, i) => {
      const audio = p.audios[i];
      audio.controls = false; // the custom buttons take over
      audio.preload = 'none';
      applySrc(p, i, false);
      audio.addEventListener('play', () => {
        if (audio.paused) return; // superseded, see onAnyPlay
        p.index = i;
        active = p;
        li.classList.remove('is-error');
        updateMediaSession(li);
        showPeaks(p);
        render();
      });
      audio.addEventListener('pause', () => {
        if (p.want === i && audio.paused) p.want = -1;
        render();
      });
      audio.addEventListener('ended', () => {
        const j = (i + 1) % items.length;
        const next = p.audios[j];
        if (j !== i && next.currentTime && !next.ended) next.currentTime = 0;
        playAt(p, j);
      });
      audio.addEventListener('error', () => {
        const t = p.tracks[i];
        if (t.src) t.failed.push(t.src);
        if (applySrc(p, i, p.want === i)) return;
        li.classList.add('is-error');
        render();
      });
      ['timeupdate', 'durationchange', 'loadedmetadata', 'seeked'].forEach((type) =>
        audio.addEventListener(type, () => {
          if (p.index !== i) return;
          renderProgress(p);
          prime(p, i);
        })
      );
      const btn = li.querySelector('[data-track-play]');
      if (btn) {
        btn.addEventListener('click', () => {
          if (p.index === i && isPlaying(audio)) pause(audio);
          else playAt(p, i);
        });
      }
    });

    if (p.main) p.main.addEventListener('click', () => toggle(p));

    if (p.seek) {
      const start = () => { p.dragging = true; };
      const stop = () => { p.dragging = false; };
      p.seek.addEventListener('pointerdown', start);
      p.seek.addEventListener('pointerup', stop);
      p.seek.addEventListener('pointercancel', stop);
      p.seek.addEventListener('change', stop);
      p.seek.addEventListener('input', () => {
        const audio = p.audios[p.index];
        if (isFinite(audio.duration) && audio.duration > 0) {
          audio.currentTime = (p.seek.value / 1000) * audio.duration;
        }
        renderProgress(p);
      });
    }

    if (p.wave) {
      const wave = p.wave;
      const seekTo = (e) => {
        const r = wave.getBoundingClientRect();
        const audio = p.audios[p.index];
        const dur = known(audio.duration) ? audio.duration : p.peaks && p.peaks.seconds;
        if (r.width > 0 && dur > 0) {
          audio.currentTime = Math.min(1, Math.max(0, (e.clientX - r.left) / r.width)) * dur;
        }
        renderProgress(p);
      };
      wave.addEventListener('pointerdown', (e) => {
        seekTo(e);
        if (wave.setPointerCapture) wave.setPointerCapture(e.pointerId);
      });
      wave.addEventListener('pointermove', (e) => {
        if (wave.hasPointerCapture && wave.hasPointerCapture(e.pointerId)) seekTo(e);
      });
      if (window.ResizeObserver) new window.ResizeObserver(() => drawWave(p)).observe(wave);
      else window.addEventListener('resize', () => drawWave(p));
    }

    const box = root.querySelector('[data-saver-toggle]');
    if (box && p.tracks.some((t) => t.saver)) {
      (box.closest('label') || box).hidden = false;
      box.checked = saver;
      box.addEventListener('change', () => setSaver(box.checked));
    }
    renderProgress(p);
  }

  // The URLs an audio may play, best first: its <source>s the browser can
  // play, and the data-saver one when Opus plays here.
  function sourcesOf(li, audio) {
    const list = [];
    audio.querySelectorAll('source').forEach((s) => {
      const type = s.getAttribute('type');
      const src = s.getAttribute('src');
      if (src && (!type || audio.canPlayType(type) !== '')) list.push(src);
    });
    const opus = audio.canPlayType('audio/ogg; codecs=opus') !== '';
    return { list: list, saver: (opus && li.dataset.saver) || '', failed: [], src: '' };
  }

  // Gives track i the src it should have now (data saver or not, skipping
  // files that failed), keeping its position; plays it if `resume`.
  // Returns whether the src changed.
  function applySrc(p, i, resume) {
    const t = p.tracks[i];
    const audio = p.audios[i];
    const url = (saver && t.saver ? [t.saver] : []).concat(t.list)
      .filter((u) => t.failed.indexOf(u) < 0)[0];
    if (!url || url === t.src) return false;
    const at = t.src ? audio.currentTime : 0;
    t.src = url;
    audio.src = url; // the preload attribute decides whether it loads now
    if (at > 0) {
      // Before the metadata this sets where playback starts; some browsers
      // want it again once the length is known.
      audio.currentTime = at;
      audio.addEventListener('loadedmetadata', () => {
        if (Math.abs(audio.currentTime - at) > 0.5) audio.currentTime = at;
      }, { once: true });
    }
    if (resume) playAt(p, i);
    return true;
  }

  function readSaver() {
    try {
      return window.localStorage.getItem(SAVER_KEY) === '1';
    } catch (e) {
      return false; // storage disabled
    }
  }

  function setSaver(on) {
    saver = on;
    try {
      window.localStorage.setItem(SAVER_KEY, on ? '1' : '0');
    } catch (e) { /* kept for this page only */ }
    doc.querySelectorAll('[data-saver-toggle]').forEach((box) => { box.checked = on; });
    players.forEach((p) => p.audios.forEach((audio, i) => applySrc(p, i, isPlaying(audio))));
  }

  // Near the end of track i, buffer the one that follows so it starts at once.
  function prime(p, i) {
    const audio = p.audios[i];
    const j = (i + 1) % p.audios.length;
    if (j === i || p.primed === j || !isPlaying(audio)) return;
    if (!(audio.duration - audio.currentTime < 10)) return;
    p.primed = j;
    const next = p.audios[j];
    next.preload = 'auto';
    if (next.readyState === 0 && next.networkState !== 2) next.load(); // 2: loading
  }

  function showPeaks(p) {
    if (!p.wave || p.waveFor === p.index) return;
    p.waveFor = p.index;
    const li = p.items[p.index];
    const url = li.dataset.peaks;
    p.peaks = null;
    if (!url || typeof fetch !== 'function') {
      p.wave.hidden = true;
      return;
    }
    // Blank while they load; hidden only if they cannot be had.
    const g = p.wave.getContext('2d');
    if (g) g.clearRect(0, 0, p.wave.width, p.wave.height);
    let got = peaksCache.get(url);
    if (!got) {
      got = fetch(url)
        .then((r) => (r.ok ? r.json() : null))
        .then((d) => (d && d.min && d.max && d.max.length ? d : null), () => null);
      peaksCache.set(url, got);
    }
    got.then((d) => {
      if (p.items[p.index] !== li) return;
      p.peaks = d;
      p.wave.hidden = !d;
      drawWave(p);
    });
  }

  // Bars of the peaks, played part in the accent colour, at device pixels.
  function drawWave(p) {
    const c = p.wave;
    const d = p.peaks;
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
    const audio = p.audios[p.index];
    const dur = known(audio.duration) ? audio.duration : d.seconds;
    const played = dur > 0 ? ((audio.currentTime || 0) / dur) * w : 0;
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

  // pause() flips audio.paused at once but its event comes later; render now
  // so the controls reflect the state as soon as the click returns.
  function pause(audio) {
    audio.pause();
    render();
  }

  function playAt(p, i) {
    const prev = p.audios[p.index];
    if (p.index !== i && prev && !prev.paused) prev.pause();
    p.index = i;
    p.want = i;
    active = p;
    showPeaks(p);
    const li = p.items[i];
    const audio = p.audios[i];
    let result;
    try {
      result = audio.play();
    } catch (err) {
      result = Promise.reject(err);
    }
    // Old browsers return nothing. AbortError only means a pause() or a new
    // src interrupted the request: nothing to report.
    if (result && typeof result.catch === 'function') {
      result.catch((err) => {
        if (err && err.name === 'AbortError') return;
        if (err && err.name === 'NotAllowedError') {
          announce('Press play to start the music');
        } else {
          li.classList.add('is-error');
          announce('This track could not be played');
        }
        render();
      });
    }
    render();
  }

  function toggle(p) {
    const audio = p.audios[p.index];
    if (isPlaying(audio)) pause(audio);
    else playAt(p, p.index);
  }

  function step(p, delta) {
    const n = p.items.length;
    playAt(p, (p.index + delta + n) % n);
  }

  function target() {
    return active || players[0] || null;
  }

  function renderProgress(p) {
    const audio = p.audios[p.index];
    const cur = audio.currentTime || 0;
    const dur = audio.duration;
    const ok = known(dur);
    if (p.time) p.time.textContent = ok ? formatTime(cur) + ' / ' + formatTime(dur) : formatTime(cur);
    if (p.seek && !p.dragging) {
      p.seek.value = ok ? String(Math.round((cur / dur) * 1000)) : '0';
      p.seek.setAttribute('aria-valuetext', formatTime(cur) + (ok ? ' of ' + formatTime(dur) : ''));
    }
    drawWave(p);
  }

  function render() {
    let playingLi = null;
    players.forEach((p) => {
      let any = false;
      p.items.forEach((li, i) => {
        const on = isPlaying(p.audios[i]);
        if (on) {
          any = true;
          playingLi = li;
          li.classList.add('is-playing');
          li.setAttribute('aria-current', 'true');
        } else {
          li.classList.remove('is-playing');
          li.removeAttribute('aria-current');
        }
        const btn = li.querySelector('[data-track-play]');
        if (btn) btn.setAttribute('aria-pressed', on ? 'true' : 'false');
      });
      if (p.main) p.main.setAttribute('aria-pressed', any ? 'true' : 'false');
      if (p.now) p.now.textContent = p.items[p.index].dataset.title || '';
      renderProgress(p);
    });

    if (playingLi) {
      const d = playingLi.dataset;
      doc.title = '▶ ' + (d.title || '') + (d.artist ? ' — ' + d.artist : '');
    } else {
      doc.title = baseTitle;
    }
    if ('mediaSession' in navigator) {
      try {
        navigator.mediaSession.playbackState = playingLi ? 'playing' : 'paused';
      } catch (e) { /* read-only in some browsers */ }
    }
  }

  function updateMediaSession(li) {
    if (!('mediaSession' in navigator) || typeof window.MediaMetadata !== 'function') return;
    const d = li.dataset;
    const meta = { title: d.title || '', artist: d.artist || '', album: d.album || '' };
    if (d.artwork) meta.artwork = [{ src: new URL(d.artwork, location.href).href }];
    try {
      navigator.mediaSession.metadata = new window.MediaMetadata(meta);
    } catch (e) { /* ignore bad artwork and the like */ }
  }

  function setupMediaSession() {
    if (!('mediaSession' in navigator)) return;
    const handlers = {
      play: () => { const p = target(); if (p) playAt(p, p.index); },
      pause: () => { const p = target(); if (p) pause(p.audios[p.index]); },
      previoustrack: () => { const p = target(); if (p) step(p, -1); },
      nexttrack: () => { const p = target(); if (p) step(p, 1); }
    };
    Object.keys(handlers).forEach((action) => {
      try {
        navigator.mediaSession.setActionHandler(action, handlers[action]);
      } catch (e) { /* action not supported here */ }
    });
  }

  // Media events do not bubble, but they can be captured: this also catches
  // audio started with native controls or outside any playlist. A play event
  // is queued, so by the time it arrives another element may have been asked
  // to play after it; that newer one (not yet announced) wins.
  const announced = new WeakSet();

  function onAnyPlay(e) {
    const started = e.target;
    if (started.paused) return;
    const others = Array.prototype.filter.call(
      doc.querySelectorAll('audio, video'),
      (m) => m !== started && !m.paused
    );
    if (others.some((m) => !announced.has(m))) {
      started.pause();
      return;
    }
    announced.add(started);
    others.forEach((m) => m.pause());
  }

  function onAnyPause(e) {
    announced.delete(e.target);
  }

  function isTextField(el) {
    if (!el || el === doc.body) return false;
    if (el.isContentEditable) return true;
    const tag = el.tagName;
    if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
    if (tag === 'INPUT') return true; // includes the seek slider, which uses arrows
    return false;
  }

  function onKey(e) {
    if (e.defaultPrevented || e.ctrlKey || e.altKey || e.metaKey) return;
    const el = doc.activeElement;
    if (isTextField(el)) return;
    const p = target();
    if (!p) return;
    const key = e.key;
    if (key === ' ' || key === 'Spacebar') {
      // Space keeps its meaning on buttons, links and media elements.
      if (el && el.closest && el.closest('button, a, summary, audio, video, [role="button"]')) return;
      toggle(p);
    } else if ((key === 'k' || key === 'K') && !e.shiftKey) {
      toggle(p);
    } else if ((key === 'j' && !e.shiftKey) || (key === 'ArrowLeft' && e.shiftKey)) {
      step(p, -1);
    } else if ((key === 'l' && !e.shiftKey) || (key === 'ArrowRight' && e.shiftKey)) {
      step(p, 1);
    } else {
      return;
    }
    e.preventDefault();
  }

  function liveRegion() {
    if (toast && doc.body.contains(toast)) return toast;
    toast = doc.querySelector('[data-toast]');
    if (!toast) {
      toast = doc.createElement('div');
      toast.className = 'toast';
      toast.setAttribute('data-toast', '');
      toast.setAttribute('role', 'status');
      toast.setAttribute('aria-live', 'polite');
      doc.body.appendChild(toast);
    }
    return toast;
  }

  function announce(text) {
    const region = liveRegion();
    clearTimeout(toastTimer);
    // Empty first so the same message twice is announced twice.
    region.textContent = '';
    region.classList.add('is-visible');
    setTimeout(() => { region.textContent = text; }, 30);
    toastTimer = setTimeout(() => {
      region.classList.remove('is-visible');
      region.textContent = '';
    }, 2500);
  }

  function copyWithTextarea(text) {
    const ta = doc.createElement('textarea');
    ta.value = text;
    ta.setAttribute('readonly', '');
    ta.style.position = 'fixed';
    ta.style.top = '0';
    ta.style.left = '-9999px';
    ta.style.opacity = '0';
    doc.body.appendChild(ta);
    const focused = doc.activeElement;
    ta.select();
    let ok = false;
    try {
      ok = doc.execCommand('copy');
    } catch (e) {
      ok = false;
    }
    ta.remove();
    if (focused && focused.focus) focused.focus();
    return ok;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(() => true, () => copyWithTextarea(text));
    }
    return Promise.resolve(copyWithTextarea(text));
  }

  function onShare(e) {
    const btn = e.target.closest && e.target.closest('[data-share]');
    if (!btn) return;
    e.preventDefault();
    const url = btn.getAttribute('data-url') || location.href;
    copy(url).then((ok) => {
      announce(ok ? 'Link copied' : 'Copy this link: ' + url);
    });
  }

  function init() {
    saver = readSaver();
    doc.querySelectorAll('[data-playlist]').forEach(setup);
    liveRegion();
    doc.querySelectorAll('audio, video').forEach((m) => { if (!m.paused) announced.add(m); });
    doc.addEventListener('play', onAnyPlay, true);
    doc.addEventListener('pause', onAnyPause, true);
    doc.addEventListener('keydown', onKey);
    doc.addEventListener('click', onShare);
    if (players.length) setupMediaSession();
    render();
  }

  if (doc.readyState === 'loading') doc.addEventListener('DOMContentLoaded', init);
  else init();
})();
