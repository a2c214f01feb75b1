/* Podium's live preview: follows the server's events, swaps in each good rebuild in place
   and shows the problems of a bad one. It asks the server for the slides that changed since
   the generation it shows (__CHANGES__), and for the whole page only when the server no longer
   has that generation. An event brings those slides itself when it can (state.changes): the
   page then shows them without asking. The server fills in __INSTANCE__, __GENERATION__,
   __EVENTS__ and __CHANGES__. */
(function () {
  'use strict';
  var INSTANCE = __INSTANCE__;
  var shown = __GENERATION__;
  var want = shown;
  var busy = false;
  var dismissed = null;
  var speaker = new URLSearchParams(location.search).has('speaker');
  var KEEP = ['current', 'near'];
  /* The deck's own style sheets, before anything (this script's overlay) adds one. */
  var STYLES = Array.prototype.slice.call(document.head.querySelectorAll('style'));

  function slidesOf(deck) {
    return Array.prototype.filter.call(deck.children, function (e) {
      return e.classList.contains('slide');
    });
  }
  function plain(s) {
    var c = s.cloneNode(true);
    KEEP.forEach(function (k) { c.classList.remove(k); });
    return c.outerHTML;
  }
  /* Make el's attributes those of src, keeping the runtime classes the deck script set. */
  function syncAttrs(el, src, keep) {
    Array.prototype.slice.call(el.attributes).forEach(function (a) {
      if (a.name !== 'class' && !src.hasAttribute(a.name)) { el.removeAttribute(a.name); }
    });
    Array.prototype.forEach.call(src.attributes, function (a) {
      if (a.name !== 'class' && el.getAttribute(a.name) !== a.value) {
        el.setAttribute(a.name, a.value);
      }
    });
    var cls = Array.prototype.slice.call(src.classList);
    keep.forEach(function (k) {
      if (el.classList.contains(k) && cls.indexOf(k) < 0) { cls.push(k); }
    });
    if (el.className !== cls.join(' ')) { el.className = cls.join(' '); }
  }
  function adopted(el) {
    return Array.prototype.slice.call(document.importNode(el, true).childNodes);
  }

  /* Put the new deck in place and let the deck script take it up (window.podium.refresh):
     slides that did not change stay the same elements, so nothing flickers. False when it
     cannot be done in place. */
  function apply(doc) {
    var deck = document.getElementById('deck');
    var next = doc.getElementById('deck');
    var api = window.podium;
    var styles = doc.head.querySelectorAll('style');
    if (!deck || !next || !api || typeof api.refresh !== 'function' ||
        styles.length !== STYLES.length) { return false; }
    Array.prototype.forEach.call(styles, function (s, i) {
      if (STYLES[i].textContent !== s.textContent) { STYLES[i].textContent = s.textContent; }
    });
    if (!speaker && document.title !== doc.title) { document.title = doc.title; }
    syncAttrs(deck, next, []);
    var olds = slidesOf(deck);
    var news = slidesOf(next);
    news.forEach(function (s, i) {
      var old = olds[i];
      if (!old) {
        deck.appendChild(document.importNode(s, true));
      } else if (plain(old) !== s.outerHTML) {
        syncAttrs(old, s, KEEP);
        old.replaceChildren.apply(old, adopted(s));
      }
    });
    olds.slice(news.length).forEach(function (s) { s.remove(); });
    api.refresh();
    return true;
  }

  /* Put the slides that changed in place (changes: what __CHANGES__ answered). False when it
     cannot be done in place. */
  function applyChanges(changes) {
    var deck = document.getElementById('deck');
    var api = window.podium;
    if (!deck || !api || typeof api.refresh !== 'function') { return false; }
    if (changes.frame !== null) {
      /* The page around the slides changed (styles, title, the deck's attributes). */
      var doc = new DOMParser().parseFromString(changes.frame, 'text/html');
      var next = doc.getElementById('deck');
      var styles = doc.head.querySelectorAll('style');
      if (!next || styles.length !== STYLES.length) { return false; }
      Array.prototype.forEach.call(styles, function (s, i) {
        if (STYLES[i].textContent !== s.textContent) { STYLES[i].textContent = s.textContent; }
      });
      if (!speaker && document.title !== doc.title) { document.title = doc.title; }
      syncAttrs(deck, next, []);
    }
    var olds = slidesOf(deck);
    var box = document.createElement('template');
    changes.slides.forEach(function (pair) {
      box.innerHTML = pair[1];
      var s = box.content.querySelector('section.slide');
      if (!s) { return; }
      var old = olds[pair[0]];
      if (!old) {
        deck.appendChild(document.importNode(s, true));
      } else {
        syncAttrs(old, s, KEEP);
        old.replaceChildren.apply(old, adopted(s));
      }
    });
    olds.slice(changes.count).forEach(function (s) { s.remove(); });
    api.refresh();
    return true;
  }

  function updated(gen) {
    shown = gen;
    document.dispatchEvent(new CustomEvent('podium:updated', { detail: { generation: gen } }));
  }

  /* The whole page, for when the server cannot say what changed since the page's generation. */
  function updateWhole() {
    return fetch('/', { cache: 'no-store' }).then(function (res) {
      var gen = Number(res.headers.get('X-Podium-Generation'));
      return res.text().then(function (text) {
        var doc = new DOMParser().parseFromString(text, 'text/html');
        if (!apply(doc)) { location.reload(); return; }
        updated(gen);
      });
    });
  }

  function update() {
    if (busy) { return; }
    busy = true;
    fetch('__CHANGES__?since=' + shown, { cache: 'no-store' }).then(function (res) {
      if (res.status !== 200) { return updateWhole(); }
      return res.json().then(function (changes) {
        if (changes.since !== shown) { return updateWhole(); }
        if (!applyChanges(changes)) { location.reload(); return; }
        updated(changes.generation);
      });
    }).catch(function (e) {
      console.warn('podium serve: could not update the deck:', e);
    }).then(function () {
      busy = false;
      if (want > shown) { update(); }
    });
  }

  var STYLE = '#podium-problems{position:fixed;left:0;right:0;bottom:0;z-index:2147483647;' +
    'max-height:60vh;overflow:auto;margin:0;padding:12px 16px 16px;background:#1f1f1f;' +
    'color:#f5f5f5;border-top:4px solid #d93025;font:14px/1.4 system-ui,sans-serif;' +
    'box-shadow:0 -4px 16px rgba(0,0,0,.4)}' +
    '#podium-problems pre{margin:8px 0 0;white-space:pre-wrap;word-break:break-word;' +
    'font:13px/1.45 ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;color:#ffd7d5}' +
    '#podium-problems button{float:right;font:inherit;color:inherit;background:#3c3c3c;' +
    'border:1px solid #777;border-radius:4px;padding:2px 10px;cursor:pointer}' +
    '@media print{#podium-problems{display:none}}';

  function showProblems(text) {
    var box = document.getElementById('podium-problems');
    if (!text) {
      dismissed = null;
      if (box) { box.remove(); }
      return;
    }
    if (text === dismissed) { return; }
    if (!box) {
      if (!document.getElementById('podium-problems-style')) {
        var style = document.createElement('style');
        style.id = 'podium-problems-style';
        style.textContent = STYLE;
        document.head.appendChild(style);
      }
      box = document.createElement('div');
      box.id = 'podium-problems';
      box.setAttribute('role', 'alert');
      var close = document.createElement('button');
      close.type = 'button';
      close.textContent = 'Dismiss';
      close.addEventListener('click', function () {
        dismissed = box.querySelector('pre').textContent;
        box.remove();
      });
      var head = document.createElement('strong');
      head.textContent = 'The deck has errors; this is the last good version.';
      box.appendChild(close);
      box.appendChild(head);
      box.appendChild(document.createElement('pre'));
      document.body.appendChild(box);
    }
    box.querySelector('pre').textContent = text;
  }

  var source = new EventSource('__EVENTS__');
  source.onmessage = function (e) {
    var state = JSON.parse(e.data);
    if (state.instance !== INSTANCE) { source.close(); location.reload(); return; }
    showProblems(state.problems);
    want = state.html_generation;
    if (want > shown) {
      if (!document.getElementById('deck')) { location.reload(); return; }
      var changes = state.changes;
      if (!busy && changes && changes.since === shown && changes.generation === want) {
        /* the event brings the slides that changed: no fetch */
        if (!applyChanges(changes)) { location.reload(); return; }
        updated(changes.generation);
        return;
      }
      update();
    }
  };
})();
