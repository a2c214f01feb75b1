/* Podium deck runtime: keyboard, click, touch and hash navigation, overview, speaker view,
   black screen, full screen, notes pages. Plain ES5-style JavaScript, no libraries, no network.
   The speaker view is this same file opened with ?speaker; the two windows keep each other in
   step with postMessage (works from file://, where BroadcastChannel may not), plus a
   BroadcastChannel when the browser offers one. A slide with steps (data-steps="n") shows what
   each click brings: the next keys step through it first, and the address says where
   (#5.2: slide 5 after its second click). */
(function () {
  'use strict';
  var doc = document;
  var root = doc.documentElement;
  var deck = doc.getElementById('deck');
  if (!deck) { return; }
  root.classList.remove('no-js');

  var W = Number(deck.getAttribute('data-width')) || 1280;
  var H = Number(deck.getAttribute('data-height')) || 720;
  var deckName = deck.getAttribute('data-name') || '';
  var slides = [];
  var total = 0;
  var count = 0;
  /* The number slide i shows (and the URL, the overview and typed numbers use). */
  function numberOf(i) {
    return slides[i] ? Number(slides[i].getAttribute('data-number')) || i + 1 : 0;
  }
  var byAnchor = null;
  var byNumber = null;
  function scan() {
    slides = [];
    for (var el = deck.firstElementChild; el; el = el.nextElementSibling) {
      if (el.classList.contains('slide')) { slides.push(el); }
    }
    total = slides.length;
    // Numbers as on the slides: hidden slides are left out of the HTML but keep their numbers.
    count = Math.max(Number(deck.getAttribute('data-count')) || 0, total ? numberOf(total - 1) : 0);
    byAnchor = Object.create(null);
    byNumber = Object.create(null);
    slides.forEach(function (s, i) {
      byAnchor[s.getAttribute('data-anchor')] = i;
      byNumber[s.getAttribute('data-number')] = i;
    });
  }
  scan();
  var params = new URLSearchParams(location.search);
  var mode = params.has('speaker') ? 'speaker' : (params.has('print-notes') ? 'print-notes' : 'audience');
  var cur = -1;
  var step = 0; // clicks taken on the current slide
  var live = doc.getElementById('podium-live');
  var counter = doc.getElementById('podium-counter');
  var progress = doc.getElementById('podium-progress');

  function noop() {}
  function clamp(i) { return Math.max(0, Math.min(total - 1, i)); }

  /* Index of the slide that shows number n, or the first one after it (hidden slides keep
     their numbers, as in PowerPoint). */
  function indexOfNumber(n) {
    if (byNumber[String(n)] !== undefined) { return byNumber[String(n)]; }
    for (var i = 0; i < total; i++) {
      if (Number(slides[i].getAttribute('data-number')) >= n) { return i; }
    }
    return total - 1;
  }

  function indexOfName(name) {
    if (byAnchor[name] !== undefined) { return byAnchor[name]; }
    if (/^\d+$/.test(name)) { return indexOfNumber(Number(name)); }
    return null;
  }

  /* The place an address names: {index, step}; '#5.2' is slide 5 after two clicks (an id
     may itself hold a dot: a whole match wins). null when it names nothing. */
  function placeOfHash(hash) {
    var name = (hash || '').replace(/^#/, '');
    try { name = decodeURIComponent(name); } catch (e) { /* keep it raw */ }
    if (!name) { return null; }
    var i = indexOfName(name);
    if (i !== null) { return { index: i, step: 0 }; }
    var m = /^(.+)\.(\d+)$/.exec(name);
    if (m && (i = indexOfName(m[1])) !== null) { return { index: i, step: Number(m[2]) }; }
    return null;
  }

  /* ---- steps: what each click brings on a slide ------------------------------------------ */
  function stepsOf(s) { return Number(s.getAttribute('data-steps')) || 0; }

  /* Show slide s (a slide or a copy of one) as it is after k clicks: what later clicks bring
     keeps its place but is hidden, and the code highlight of click k is on. */
  function applyStep(s, k) {
    var els = s.querySelectorAll('[data-step]');
    for (var i = 0; i < els.length; i++) {
      els[i].classList.toggle('later', Number(els[i].getAttribute('data-step')) > k);
    }
    var marks = s.querySelectorAll('.code-hl');
    for (var j = 0; j < marks.length; j++) {
      var from = Number(marks[j].getAttribute('data-hl'));
      marks[j].classList.toggle('on', k >= from && k < Number(marks[j].getAttribute('data-hl-until')));
    }
  }

  /* What click k brings on slide s, as text: the items it shows or the lines it highlights. */
  function brings(s, k) {
    var parts = [];
    var els = s.querySelectorAll('[data-step="' + k + '"]');
    for (var i = 0; i < els.length; i++) {
      if (els[i].parentElement.closest('[data-step="' + k + '"]')) { continue; }
      var t = (els[i].getAttribute('alt') || els[i].textContent || '').replace(/\s+/g, ' ').trim();
      if (t) { parts.push(t); }
    }
    var marks = s.querySelectorAll('.code-hl[data-hl="' + k + '"]');
    for (var j = 0; j < marks.length; j++) { parts.push('highlight ' + marks[j].getAttribute('data-lines')); }
    var text = parts.join(' · ');
    return text.length > 120 ? text.slice(0, 119) + '…' : text;
  }

  /* A copy of a slide for thumbnails and previews: no ids, not focusable, no notes; shown
     after k clicks (default: complete). */
  function cloneSlide(s, k) {
    var c = s.cloneNode(true);
    applyStep(c, k === undefined ? stepsOf(s) : k);
    c.removeAttribute('id');
    c.removeAttribute('role');
    c.removeAttribute('aria-label');
    c.removeAttribute('aria-roledescription');
    c.classList.remove('current', 'near');
    c.classList.add('clone');
    c.setAttribute('inert', '');
    c.setAttribute('aria-hidden', 'true');
    var inner = c.querySelectorAll('[id], .notes');
    for (var i = 0; i < inner.length; i++) {
      if (inner[i].classList.contains('notes')) { inner[i].remove(); } else { inner[i].removeAttribute('id'); }
    }
    return c;
  }

  /* ---- windows kept in step ------------------------------------------------------------ */
  var peers = [];
  var channel = null;
  try {
    if (typeof BroadcastChannel === 'function') { channel = new BroadcastChannel('podium:' + deckName); }
  } catch (e) { channel = null; }

  function addPeer(w) {
    if (w && w !== window && peers.indexOf(w) < 0) { peers.push(w); }
  }
  if (mode === 'speaker' && window.opener) { addPeer(window.opener); }

  /* A message may arrive twice, by postMessage and by the BroadcastChannel, and the two
     routes do not keep order between them: number each window's messages and apply only
     newer ones, or a late copy of an old "goto" would pull the other window back. */
  var selfId = String(Math.random()).slice(2) + String(Date.now());
  var sentSeq = 0;
  var lastSeen = {};

  function send(msg) {
    msg.podium = 1;
    msg.from = selfId;
    msg.seq = ++sentSeq;
    msg.deck = deckName;
    msg.mode = mode;
    peers = peers.filter(function (w) { return w && !w.closed; });
    peers.forEach(function (w) {
      try { w.postMessage(msg, '*'); } catch (e) { /* the other window went away */ }
    });
    if (channel) { try { channel.postMessage(msg); } catch (e) { /* closed */ } }
  }

  function sendPlace() {
    if (cur >= 0) { send({ type: 'goto', index: cur, step: step, anchor: slides[cur].getAttribute('data-anchor') }); }
  }

  /* Apply a message from the other window; never echo it back, or two windows that both
     moved quickly would bounce between slides. */
  function receive(msg, source) {
    if (!msg || msg.podium !== 1 || msg.deck !== deckName || typeof msg.type !== 'string') { return; }
    if (typeof msg.from === 'string' && typeof msg.seq === 'number') {
      if (msg.from === selfId || (lastSeen[msg.from] || 0) >= msg.seq) { return; }
      lastSeen[msg.from] = msg.seq;
    }
    if (source) { addPeer(source); }
    if (msg.type === 'goto' && typeof msg.index === 'number') {
      // By anchor first: after a live reload the two windows may briefly number slides apart.
      var named = typeof msg.anchor === 'string' ? byAnchor[msg.anchor] : undefined;
      go(named !== undefined ? named : msg.index, { send: false, step: typeof msg.step === 'number' ? msg.step : 0 });
    } else if (msg.type === 'hello' && mode !== 'speaker') {
      sendPlace();
      send({ type: 'black', on: root.classList.contains('black') });
    } else if (msg.type === 'black') {
      setBlack(!!msg.on, false);
    }
  }
  window.addEventListener('message', function (e) { receive(e.data, e.source); });
  if (channel) {
    channel.onmessage = function (e) {
      // Broadcasts reach every open copy of the deck: follow only the other kind of window,
      // so two audience tabs (or two previews) do not drag each other along.
      if (e.data && e.data.mode !== mode) { receive(e.data, null); }
    };
  }

  /* ---- showing a slide ------------------------------------------------------------------- */
  function mark(i, on) {
    for (var k = i - 1; k <= i + 1; k++) {
      if (k < 0 || k >= total) { continue; }
      var s = slides[k];
      if (on) {
        s.classList.toggle('current', k === i);
        s.classList.toggle('near', k !== i);
      } else {
        s.classList.remove('current', 'near');
      }
    }
  }

  function setHash(replace) {
    var anchor = slides[cur].getAttribute('data-anchor') + (step ? '.' + step : '');
    var now = location.hash.replace(/^#/, '');
    try { now = decodeURIComponent(now); } catch (e) { /* keep it raw */ }
    if (now === anchor) { return; }
    if (replace || mode === 'speaker') {
      try { history.replaceState(history.state, '', '#' + encodeURIComponent(anchor)); return; }
      catch (e) { location.replace('#' + encodeURIComponent(anchor)); return; }
    }
    location.hash = encodeURIComponent(anchor); // a history entry: back and forward work
  }

  function place() { return numberOf(cur) + (step ? '.' + step : '') + ' / ' + count; }

  /* Go to slide i (0-based) after opts.step clicks (a number, or 'end' for all of them;
     default 0). opts.hash: 'push' (default), 'replace' or 'none'; a step within the slide
     replaces the address. opts.send: false when the move came from the other window. */
  function go(i, opts) {
    opts = opts || {};
    if (!total) { return; }
    i = clamp(Math.round(i));
    var n = stepsOf(slides[i]);
    var k = opts.step === 'end' ? n : Math.max(0, Math.min(n, Math.round(Number(opts.step) || 0)));
    if (i === cur && k === step) { return; }
    var moved = i !== cur;
    if (moved) {
      if (cur >= 0) { mark(cur, false); }
      cur = i;
      mark(cur, true);
    }
    step = k;
    applyStep(slides[cur], step);
    var label = slides[cur].getAttribute('aria-label');
    if (!moved) { label = 'Step ' + step + ' of ' + n + (step ? ': ' + brings(slides[cur], step) : ''); }
    if (counter) { counter.textContent = place(); }
    if (progress) { progress.style.setProperty('--progress', String((cur + 1) / total)); }
    if (live && opts.announce !== false) { live.textContent = label; }
    if (opts.hash !== 'none') { setHash(opts.hash === 'replace' || !moved); }
    if (opts.send !== false) { sendPlace(); }
    if (speaker) { speaker.update(); }
  }
  /* The next click: the slide's next step, else the next slide; back: the step before, else
     the previous slide complete, as PowerPoint goes back. */
  function next() {
    if (cur < 0) { return; }
    if (step < stepsOf(slides[cur])) { go(cur, { step: step + 1 }); } else if (cur + 1 < total) { go(cur + 1); }
  }
  function prev() {
    if (cur < 0) { return; }
    if (step > 0) { go(cur, { step: step - 1 }); } else if (cur > 0) { go(cur - 1, { step: 'end' }); }
  }

  function fit() {
    root.style.setProperty('--scale', String(Math.min(window.innerWidth / W, window.innerHeight / H)));
    if (speaker) { speaker.fit(); }
  }

  /* ---- black screen, full screen, idle cursor ------------------------------------------ */
  function setBlack(on, share) {
    root.classList.toggle('black', on);
    if (speaker) { speaker.black(on); }
    if (share !== false) { send({ type: 'black', on: on }); }
  }

  function toggleFullscreen() {
    var p;
    if (doc.fullscreenElement || doc.webkitFullscreenElement) {
      p = doc.exitFullscreen ? doc.exitFullscreen() : (doc.webkitExitFullscreen && doc.webkitExitFullscreen());
    } else if (root.requestFullscreen) {
      p = root.requestFullscreen();
    } else if (root.webkitRequestFullscreen) {
      root.webkitRequestFullscreen();
    }
    if (p && p.catch) { p.catch(noop); }
  }

  var idleTimer = 0;
  function wake() {
    root.classList.remove('idle');
    clearTimeout(idleTimer);
    idleTimer = setTimeout(function () { root.classList.add('idle'); }, 2000);
  }

  /* ---- typing a number then Enter --------------------------------------------------------- */
  var typed = '';
  var typedTimer = 0;
  function showTyped() {
    if (speaker) { speaker.count(typed); }
    if (!counter) { return; }
    counter.classList.toggle('typing', typed !== '');
    counter.textContent = typed ? 'Go to ' + typed : place();
  }
  function type(d) {
    typed = (typed + d).slice(-6);
    clearTimeout(typedTimer);
    typedTimer = setTimeout(function () { typed = ''; showTyped(); }, 4000);
    showTyped();
  }

  /* ---- overview ------------------------------------------------------------------------------ */
  var ov = null;
  var thumbs = [];
  var sel = 0;
  var TW = 256;

  function buildOverview() {
    ov = doc.createElement('div');
    ov.className = 'ov';
    ov.id = 'podium-overview';
    ov.setAttribute('role', 'listbox');
    ov.setAttribute('aria-label', 'Slide overview: arrows choose, Enter opens, Escape returns');
    ov.tabIndex = -1;
    ov.style.setProperty('--tw', TW + 'px');
    ov.style.setProperty('--th', Math.round(TW * H / W) + 'px');
    ov.style.setProperty('--s', String(TW / W));
    var frag = doc.createDocumentFragment();
    slides.forEach(function (s, i) {
      var t = doc.createElement('div');
      t.className = 'thumb';
      t.id = 'podium-thumb-' + i;
      t.setAttribute('role', 'option');
      t.setAttribute('aria-selected', 'false');
      t.setAttribute('aria-label', s.getAttribute('aria-label'));
      t.setAttribute('data-index', String(i));
      var canvas = doc.createElement('div');
      canvas.className = 'thumb-canvas';
      canvas.appendChild(cloneSlide(s));
      var label = doc.createElement('div');
      label.className = 'thumb-label';
      label.setAttribute('aria-hidden', 'true');
      label.textContent = s.getAttribute('aria-label').replace(/^Slide (\d+) of \d+:?/, '$1 ');
      t.appendChild(canvas);
      t.appendChild(label);
      frag.appendChild(t);
      thumbs.push(t);
    });
    ov.appendChild(frag);
    ov.addEventListener('click', function (e) {
      var t = e.target.closest ? e.target.closest('.thumb') : null;
      if (t) { closeOverview(Number(t.getAttribute('data-index'))); }
    });
    doc.body.appendChild(ov);
  }

  function select(i) {
    if (thumbs[sel]) { thumbs[sel].classList.remove('selected'); thumbs[sel].setAttribute('aria-selected', 'false'); }
    sel = clamp(i);
    thumbs[sel].classList.add('selected');
    thumbs[sel].setAttribute('aria-selected', 'true');
    ov.setAttribute('aria-activedescendant', thumbs[sel].id);
    thumbs[sel].scrollIntoView({ block: 'nearest' });
  }

  function columns() {
    var top = thumbs[0].offsetTop;
    var n = 1;
    while (n < thumbs.length && thumbs[n].offsetTop === top) { n++; }
    return n;
  }

  function openOverview() {
    if (!total) { return; }
    if (!ov) { buildOverview(); }
    thumbs.forEach(function (t, i) { t.classList.toggle('is-current', i === cur); });
    root.classList.add('overview');
    select(cur);
    thumbs[cur].scrollIntoView({ block: 'center' });
    ov.focus({ preventScroll: true });
  }

  function closeOverview(i) {
    root.classList.remove('overview');
    if (typeof i === 'number') { go(i, { step: i === cur ? step : 0 }); }
    deck.focus({ preventScroll: true });
  }

  function overviewKey(e) {
    var k = e.key;
    var handled = true;
    if (k === 'ArrowRight') { select(sel + 1); }
    else if (k === 'ArrowLeft') { select(sel - 1); }
    else if (k === 'ArrowDown') { select(sel + columns()); }
    else if (k === 'ArrowUp') { select(sel - columns()); }
    else if (k === 'Home') { select(0); }
    else if (k === 'End') { select(total - 1); }
    else if (k === 'Enter' || k === ' ') { closeOverview(sel); }
    else if (k === 'Escape' || k === 'o' || k === 'O') { closeOverview(); }
    else { handled = false; }
    if (handled) { e.preventDefault(); }
  }

  /* ---- speaker view (this file opened with ?speaker) ----------------------------------- */
  var speaker = null;

  function openSpeaker() {
    if (!total) { return; }
    var base = location.href.split('#')[0].split('?')[0];
    var anchor = encodeURIComponent(slides[cur].getAttribute('data-anchor'));
    var w = window.open(base + '?speaker#' + anchor, 'podium-speaker:' + deckName,
      'popup,width=1280,height=800');
    if (w) { addPeer(w); }
  }

  function buildSpeaker() {
    var tpl = doc.getElementById('podium-speaker-view');
    var ui = tpl.content.firstElementChild.cloneNode(true);
    doc.body.appendChild(ui);
    function part(name) { return ui.querySelector('[data-sv="' + name + '"]'); }
    var frames = { current: part('current'), next: part('next') };
    var notes = part('notes');
    var timer = part('timer');
    var started = Date.now();
    var notesSize = 24;
    doc.title = 'Speaker view: ' + doc.title;
    root.classList.add('speaker');

    function fill(frame, s, k) {
      frame.textContent = '';
      if (s) {
        frame.appendChild(cloneSlide(s, k));
      } else {
        var end = doc.createElement('div');
        end.className = 'sv-end';
        end.textContent = 'End of the deck';
        frame.appendChild(end);
      }
    }
    function pad(n) { return n < 10 ? '0' + n : String(n); }
    function tick() {
      var s = Math.floor((Date.now() - started) / 1000);
      var h = Math.floor(s / 3600);
      timer.textContent = (h ? h + ':' + pad(Math.floor(s / 60) % 60) : Math.floor(s / 60)) + ':' + pad(s % 60);
      var d = new Date();
      part('clock').textContent = pad(d.getHours()) + ':' + pad(d.getMinutes());
    }
    timer.addEventListener('click', function () { started = Date.now(); tick(); timer.blur(); });
    setInterval(tick, 1000);
    tick();

    return {
      update: function () {
        var s = slides[cur];
        var n = stepsOf(s);
        fill(frames.current, s, step);
        var label;
        if (step < n) {
          // What the next click brings, not the next slide, until the slide is complete.
          fill(frames.next, s, step + 1);
          label = 'Next click: step ' + (step + 1) + ' of ' + n;
          var more = brings(s, step + 1);
          if (more) { label += ' — ' + more; }
        } else {
          fill(frames.next, slides[cur + 1] || null, 0);
          label = cur + 1 < total ? 'Next: slide ' + numberOf(cur + 1) : 'Next';
        }
        this.count('');
        part('next-label').textContent = label;
        notes.textContent = '';
        var n = s.querySelector('.notes');
        if (n) {
          notes.appendChild(n.cloneNode(true));
        } else {
          var p = doc.createElement('p');
          p.className = 'sv-empty';
          p.textContent = 'No notes for this slide.';
          notes.appendChild(p);
        }
        notes.scrollTop = 0;
      },
      fit: function () {
        [frames.current, frames.next].forEach(function (f) {
          f.style.aspectRatio = W + ' / ' + H;
          f.style.setProperty('--s', String(f.clientWidth / W));
        });
      },
      black: function (on) { part('black').hidden = !on; },
      count: function (typing) {
        var n = stepsOf(slides[cur]);
        part('count').textContent = typing ? 'Go to ' + typing : 'Slide ' + numberOf(cur) + ' of ' + count +
          (n ? ', step ' + step + ' of ' + n : '');
      },
      notesSize: function (d) {
        notesSize = Math.max(14, Math.min(48, notesSize + d));
        notes.style.setProperty('--notes-size', notesSize + 'px');
      }
    };
  }

  /* ---- notes pages (?print-notes): each slide beside its notes ------------------------- */
  function buildNotesPages() {
    root.classList.add('print-notes');
    var box = doc.createElement('div');
    box.className = 'notes-pages';
    var scale = 0.5;
    slides.forEach(function (s) {
      var page = doc.createElement('div');
      page.className = 'notes-page';
      var frame = doc.createElement('div');
      frame.className = 'np-frame';
      frame.style.width = W * scale + 'px';
      frame.style.height = H * scale + 'px';
      frame.style.setProperty('--s', String(scale));
      frame.appendChild(cloneSlide(s));
      var head = doc.createElement('div');
      head.className = 'np-head';
      head.style.top = (48 + H * scale + 12) + 'px';
      head.textContent = s.getAttribute('aria-label');
      var notes = doc.createElement('div');
      notes.className = 'np-notes';
      notes.style.left = (48 + W * scale + 40) + 'px';
      var n = s.querySelector('.notes');
      if (n) { notes.appendChild(n.cloneNode(true)); }
      page.appendChild(frame);
      page.appendChild(head);
      page.appendChild(notes);
      box.appendChild(page);
    });
    doc.body.appendChild(box);
  }

  /* ---- step pages (?print-steps): a page for each step, as handouts of the build-up ------ */
  function buildStepPages() {
    root.classList.add('print-steps');
    slides.forEach(function (s) {
      var n = stepsOf(s);
      for (var k = 0; k < n; k++) {
        var c = s.cloneNode(true);
        c.removeAttribute('id');
        c.removeAttribute('data-steps');
        applyStep(c, k);
        deck.insertBefore(c, s);
      }
      applyStep(s, n);
      s.removeAttribute('data-steps');
    });
    scan();
  }

  /* ---- input ---------------------------------------------------------------------------------- */
  function onKey(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
    var k = e.key;
    if (root.classList.contains('overview')) { overviewKey(e); return; }
    if (root.classList.contains('black') && mode === 'audience' && k !== 'Shift') {
      setBlack(false); // any key brings the slide back, as in PowerPoint
      e.preventDefault();
      return;
    }
    if (/^[0-9]$/.test(k)) { type(k); e.preventDefault(); return; }
    if (typed) {
      if (k === 'Enter') {
        var n = Number(typed);
        typed = '';
        showTyped();
        go(indexOfNumber(n));
        e.preventDefault();
        return;
      }
      if (k === 'Backspace') { typed = typed.slice(0, -1); showTyped(); e.preventDefault(); return; }
      if (k === 'Escape') { typed = ''; showTyped(); e.preventDefault(); return; }
    }
    var handled = true;
    switch (k) {
      case 'ArrowRight': case 'ArrowDown': case 'PageDown': case 'n': case 'N':
        next(); break;
      case 'ArrowLeft': case 'ArrowUp': case 'PageUp': case 'p': case 'P':
        prev(); break;
      case ' ':
        if (e.shiftKey) { prev(); } else { next(); }
        break;
      case 'Home': go(0); break;
      case 'End': go(total - 1); break;
      case 'o': case 'O': case 'Escape':
        if (mode === 'audience') { openOverview(); } else { handled = false; }
        break;
      case 's': case 'S':
        if (mode === 'audience') { openSpeaker(); } else { handled = false; }
        break;
      case 'f': case 'F': toggleFullscreen(); break;
      case 'b': case 'B': case '.':
        setBlack(!root.classList.contains('black')); break;
      case '+': case '=':
        if (speaker) { speaker.notesSize(2); } else { handled = false; }
        break;
      case '-': case '_':
        if (speaker) { speaker.notesSize(-2); } else { handled = false; }
        break;
      default: handled = false;
    }
    if (handled) { e.preventDefault(); }
  }

  function onClick(e) {
    if (e.button !== 0 || root.classList.contains('overview')) { return; }
    if (root.classList.contains('black')) { setBlack(false); return; }
    var t = e.target;
    if (t.closest && t.closest('a, button, input, select, textarea, summary, [contenteditable]')) { return; }
    var selected = window.getSelection ? String(window.getSelection()) : '';
    if (selected) { return; }
    var r = deck.getBoundingClientRect();
    var x = (e.clientX - r.left) / r.width;
    if (x < 1 / 3) { prev(); } else if (x > 2 / 3) { next(); }
    deck.focus({ preventScroll: true });
  }

  var touch = null;
  function onTouchStart(e) {
    if (e.touches.length !== 1) { touch = null; return; }
    touch = { x: e.touches[0].clientX, y: e.touches[0].clientY };
  }
  function onTouchEnd(e) {
    if (!touch || !e.changedTouches.length) { return; }
    var dx = e.changedTouches[0].clientX - touch.x;
    var dy = e.changedTouches[0].clientY - touch.y;
    touch = null;
    if (Math.abs(dx) > 40 && Math.abs(dx) > 1.5 * Math.abs(dy)) {
      if (dx < 0) { next(); } else { prev(); }
    }
  }

  /* Take up slides that were replaced in place (the preview server's live reload): keep the
     slide being shown when it is still there, rebuild the overview, redraw the speaker view. */
  function refresh() {
    var keep = cur >= 0 && slides[cur] ? slides[cur].getAttribute('data-anchor') : null;
    var keepStep = step;
    var overview = root.classList.contains('overview');
    var last = cur;
    scan();
    if (ov) { ov.remove(); ov = null; thumbs = []; sel = 0; }
    root.classList.remove('overview');
    slides.forEach(function (s) { s.classList.remove('current', 'near'); });
    cur = -1;
    var same = keep !== null && byAnchor[keep] !== undefined;
    var i = same ? byAnchor[keep] : Math.max(0, last);
    step = 0;
    go(i, { hash: 'replace', send: false, announce: false, step: same ? keepStep : 0 });
    if (overview) { openOverview(); }
  }
  window.podium = {
    go: function (i, k) { go(i, { step: k }); },
    refresh: refresh,
    index: function () { return cur; },
    step: function () { return step; },
    total: function () { return total; }
  };

  /* ---- start ------------------------------------------------------------------------------ */
  if (mode === 'print-notes') {
    buildNotesPages();
    return;
  }
  if (params.has('print-steps')) { buildStepPages(); }
  if (mode === 'speaker') { speaker = buildSpeaker(); }
  var start = placeOfHash(location.hash);
  go(start === null ? 0 : start.index, { hash: 'replace', send: false, announce: false, step: start ? start.step : 0 });
  fit();
  window.addEventListener('resize', fit);
  window.addEventListener('hashchange', function () {
    var at = placeOfHash(location.hash);
    if (at !== null) { go(at.index, { hash: 'none', step: at.step }); }
  });
  doc.addEventListener('keydown', onKey);
  if (mode === 'audience') {
    var stage = doc.getElementById('podium-stage');
    stage.addEventListener('click', onClick);
    stage.addEventListener('touchstart', onTouchStart, { passive: true });
    stage.addEventListener('touchend', onTouchEnd, { passive: true });
    doc.addEventListener('mousemove', wake);
    root.classList.add('idle'); // counter and cursor show when the mouse moves
    deck.focus({ preventScroll: true });
  } else {
    send({ type: 'hello' });
  }
})();
