/* newslineage HTML report: builds every view from the embedded JSON, on demand.
   Article text is untrusted: it is only ever inserted as text nodes (never innerHTML). */
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('nl-data').textContent);
  var A = D.articles, R = D.relations, O = D.origins;
  var PAGE = 50;

  var KIND_HELP = {
    'duplicate': 'the same text, republished',
    'near-verbatim': 'the same text with light edits (spelling, style, a few words)',
    'excerpt': 'one article is a cut-down copy of the other',
    'rewrite': 'the text is paraphrased: same content, other words',
    'translation': 'the text is translated into another language',
    'partial': 'some passages are shared, most of the text is not',
    'same-story': 'about the same event, without shared text'
  };
  var PASSAGE_HELP = {
    'verbatim': 'word for word', 'near-verbatim': 'a few words changed',
    'paraphrase': 'same meaning, other words', 'translation': 'same meaning, other language'
  };
  var DRIFT_HELP = {
    'hedge': 'a hedge added or dropped', 'number': 'a number changed', 'date': 'a date changed',
    'entity': 'a name changed', 'negation': 'a negation added or dropped',
    'label': 'an evaluative label added or removed', 'meaning': 'the meaning changed',
    'quote': 'a quote re-worded'
  };

  // ---------------------------------------------------------------- helpers
  function el(tag, attrs) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, k) || attrs[k] == null || attrs[k] === false) continue;
      if (k === 'class') e.className = attrs[k];
      else if (k === 'on') for (var ev in attrs.on) e.addEventListener(ev, attrs.on[ev]);
      else e.setAttribute(k, attrs[k]);
    }
    for (var i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }
  function add(parent, c) {
    if (c == null || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { add(parent, x); }); return; }
    parent.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }
  function pct(x) { return Math.round((x || 0) * 100) + '%'; }
  function plural(n, w, ws) { return n + ' ' + (n === 1 ? w : (ws || w + 's')); }
  function art(i) { return typeof i === 'number' ? A[i] : null; }
  function artName(i) {
    var a = art(i);
    if (!a) return 'missing article ' + String(i);
    return a.title || a.id;
  }
  function artShort(i) {
    var a = art(i);
    if (!a) return String(i);
    return (a.outlet || a.id) + (a.published ? ' \u00b7 ' + a.published.slice(0, 10) : '');
  }
  function artOutlet(i) { var a = art(i); return a ? (a.outlet || a.title || a.id) : String(i); }
  function artLink(i) {
    var a = art(i);
    if (!a) return el('span', { class: 'muted' }, String(i));
    return el('a', { href: '#article/' + i, title: a.id }, a.title || a.id);
  }
  function badge(kind, prefix, help) {
    return el('span', { class: 'badge ' + (prefix || 'k-') + kind, title: help || null }, kind);
  }
  function bar(x) {
    var b = el('span', { class: 'bar' }, el('i'));
    b.firstChild.style.width = pct(x);
    return el('span', null, b, pct(x));
  }
  function words(t) { return (t || '').split(/\s+/).filter(Boolean).length; }
  function safeUrl(u) { return typeof u === 'string' && /^https?:\/\//i.test(u) ? u : null; }
  function originName(ref) {
    if (ref == null) return null;
    for (var i = 0; i < O.length; i++) if (O[i].id === ref) return O[i].name;
    var ai = ARTIDX[ref];
    return ai != null ? artShort(ai) : ref;
  }
  var ARTIDX = {};
  A.forEach(function (a, i) { ARTIDX[a.id] = i; });
  var RELS_OF = {};  // article index -> relation indices
  var PAIR = {};     // "i,j" -> relation index (text-sharing relations first)
  R.forEach(function (r, ri) {
    [r.a, r.b].forEach(function (x) { (RELS_OF[x] = RELS_OF[x] || []).push(ri); });
    var k1 = r.a + ',' + r.b, k2 = r.b + ',' + r.a;
    if (PAIR[k1] == null || r.kind !== 'same-story') { PAIR[k1] = ri; PAIR[k2] = ri; }
  });
  function lineageText(r, named) {
    var o = originName(r.lo);
    var na = named ? artOutlet(r.a) : 'A', nb = named ? artOutlet(r.b) : 'B';
    if (r.lt === 'a-from-b') return na + ' took from ' + nb + (o ? ' (origin: ' + o + ')' : '');
    if (r.lt === 'b-from-a') return nb + ' took from ' + na + (o ? ' (origin: ' + o + ')' : '');
    if (r.lt === 'common-source') return 'both from ' + (o || 'a common source');
    return 'direction unknown';
  }
  function countBy(list, f) {
    var m = {};
    list.forEach(function (x) { var k = f(x); m[k] = (m[k] || 0) + 1; });
    return m;
  }
  // Word-level difference of two short texts (quotes, drift): LCS over words.
  function wordDiff(a, b) {
    var x = (a || '').split(/(\s+)/).filter(function (w) { return w.trim(); });
    var y = (b || '').split(/(\s+)/).filter(function (w) { return w.trim(); });
    if (x.length * y.length > 160000) return null;
    var norm = function (w) { return w.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ''); };
    var n = x.length, m = y.length, L = [];
    for (var i = 0; i <= n; i++) { L.push(new Array(m + 1).fill(0)); }
    for (i = n - 1; i >= 0; i--) for (var j = m - 1; j >= 0; j--)
      L[i][j] = norm(x[i]) === norm(y[j]) ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
    var ka = [], kb = [];
    i = 0; j = 0;
    while (i < n && j < m) {
      if (norm(x[i]) === norm(y[j])) { ka.push(true); kb.push(true); i++; j++; }
      else if (L[i + 1][j] >= L[i][j + 1]) { ka.push(false); i++; } else { kb.push(false); j++; }
    }
    while (i++ < n) ka.push(false);
    while (j++ < m) kb.push(false);
    return [[x, ka], [y, kb]];
  }
  // Words with the changed runs wrapped in one <mark> each.
  function diffNodes(wordsKept, cls) {
    var out = [], ws = wordsKept[0], keep = wordsKept[1], run = null;
    ws.forEach(function (w, i) {
      if (keep[i]) { out.push((i ? ' ' : '') + w); run = null; return; }
      if (run) { run.appendChild(document.createTextNode(' ' + w)); return; }
      if (i) out.push(' ');
      run = el('mark', { class: cls }, w);
      out.push(run);
    });
    return out;
  }
  function kept(d) { return d[0][1].filter(Boolean).length; }
  function pager(total, page, onPage) {
    var pages = Math.max(1, Math.ceil(total / PAGE));
    if (pages === 1) return el('div', { class: 'pager' }, plural(total, 'row'));
    return el('div', { class: 'pager' },
      el('button', { on: { click: function () { onPage(page - 1); } }, disabled: page <= 0 ? 'disabled' : null }, '\u2190 Previous'),
      'page ' + (page + 1) + ' of ' + pages + ' (' + plural(total, 'row') + ')',
      el('button', { on: { click: function () { onPage(page + 1); } }, disabled: page >= pages - 1 ? 'disabled' : null }, 'Next \u2192'));
  }
  // A sortable, paged table. cols: [{h, key (sort value fn), cell (fn -> node), num}]
  function table(host, rows, cols, opts) {
    var st = opts.state;
    function draw() {
      clear(host);
      var sorted = rows.slice();
      if (st.sort != null) {
        var c = cols[st.sort];
        sorted.sort(function (p, q) {
          var u = c.key(p), v = c.key(q);
          return (u < v ? -1 : u > v ? 1 : 0) * st.dir;
        });
      }
      st.page = Math.min(st.page || 0, Math.max(0, Math.ceil(sorted.length / PAGE) - 1));
      var head = el('tr', null, cols.map(function (c, ci) {
        var th = el('th', { class: c.key ? 'sortable' : null, title: c.key ? 'Sort by ' + c.h : null }, c.h,
          st.sort === ci ? el('span', { class: 'arrow' }, st.dir > 0 ? '\u25b2' : '\u25bc') : null);
        if (c.key) th.addEventListener('click', function () {
          st.dir = st.sort === ci ? -st.dir : (c.desc ? -1 : 1); st.sort = ci; st.page = 0; draw();
        });
        return th;
      }));
      var body = el('tbody');
      sorted.slice(st.page * PAGE, (st.page + 1) * PAGE).forEach(function (row) {
        var tr = el('tr', { class: 'row' + (opts.onRow ? ' clickable' : '') }, cols.map(function (c) {
          return el('td', { class: c.num ? 'num' : null }, c.cell(row));
        }));
        if (opts.onRow) tr.addEventListener('click', function (e) {
          if (e.target.closest('a,button,summary,details')) return;
          opts.onRow(row, tr);
        });
        body.appendChild(tr);
      });
      if (!sorted.length) body.appendChild(el('tr', null, el('td', { colspan: cols.length, class: 'empty' }, opts.empty || 'Nothing to show.')));
      add(host, [el('table', { class: 't' }, el('thead', null, head), body),
        pager(sorted.length, st.page, function (p) { st.page = p; draw(); host.scrollIntoView({ block: 'start' }); })]);
    }
    draw();
    return draw;
  }

  // ---------------------------------------------------------------- views
  var VIEWS = {}, DRAWN = {};

  VIEWS.overview = function (root) {
    var textRels = R.filter(function (r) { return r.kind !== 'same-story'; });
    var relKinds = countBy(R, function (r) { return r.kind; });
    var inStat = countBy(D.inputs, function (s) { return s[1]; });
    var driftTypes = countBy(D.drift, function (d) { return d.type; });
    var outside = O.filter(function (o) { return !o['in']; });
    function stat(n, label, sub, href) {
      return el(href ? 'a' : 'div', { class: 'stat', href: href || null },
        el('div', { class: 'n' }, String(n)), el('div', { class: 'l' }, label),
        sub ? el('div', { class: 'sub' }, sub) : null);
    }
    function kv(m) { return Object.keys(m).sort().map(function (k) { return m[k] + ' ' + k; }).join(', '); }
    add(root, [
      el('h2', null, 'What this report found'),
      el('p', { class: 'help' }, 'newslineage compared every article with the others to find shared text (word for word, lightly edited, paraphrased or translated), worked out who took it from whom and where it first came from, grouped articles about the same event into stories, and flagged what changed along the way. Click any number to see the details.'),
      el('div', { class: 'cards' },
        stat(A.length, 'articles', D.inputs.length ? plural(D.inputs.length, 'input') + ': ' + kv(inStat) : null, '#articles'),
        stat(textRels.length, 'pairs sharing text', kv(countBy(textRels, function (r) { return r.kind; })) || null, '#relations'),
        stat(outside.length, 'origins outside the corpus', outside.slice(0, 4).map(function (o) { return o.name + ' (' + o.children.length + ')'; }).join(', ') || null, '#stories'),
        stat(D.stories.length, 'stories (events)', null, '#stories'),
        stat(D.quotes.filter(function (q) { return q.changed; }).length, 'quotes worded differently', plural(D.quotes.length, 'quote') + ' linked across articles', '#quotes'),
        stat(D.drift.length, 'changes of meaning (drift)', kv(driftTypes) || null, '#drift')),
    ]);
    var bad = D.inputs.filter(function (s) { return s[1] !== 'ok'; });
    // Sorted by the figure the list shows (the larger coverage), the score breaking ties.
    var top = textRels.map(function (r) { return R.indexOf(r); })
      .sort(function (p, q) {
        return (Math.max(R[q].ca, R[q].cb) - Math.max(R[p].ca, R[p].cb)) || (R[q].score - R[p].score);
      }).slice(0, 8);
    var left = el('div', { class: 'card' }, el('h3', null, 'Strongest shared text'));
    if (!top.length) add(left, el('p', { class: 'empty' }, 'No two articles share text.'));
    else add(left, el('table', { class: 't' }, el('tbody', null, top.map(function (ri) {
      var r = R[ri];
      return el('tr', { class: 'row' }, el('td', null, badge(r.kind, 'k-', KIND_HELP[r.kind])),
        el('td', null, el('a', { href: '#pair/' + ri }, artShort(r.a) + '  \u2194  ' + artShort(r.b))),
        el('td', { class: 'num' }, pct(Math.max(r.ca, r.cb))));
    }))));
    var gl = el('dl', { class: 'gloss' });
    Object.keys(KIND_HELP).forEach(function (k) {
      if (!relKinds[k]) return;
      add(gl, [el('dt', null, badge(k, 'k-')), el('dd', null, KIND_HELP[k] + ' (' + relKinds[k] + ')')]);
    });
    var right = el('div', { class: 'card' }, el('h3', null, 'How to read the kinds'), gl,
      el('p', { class: 'help' }, 'Coverage is the share of an article\u2019s text that sits inside shared passages: 90% means almost all of it appears in the other article.'));
    add(root, el('div', { class: 'cols2' }, left, right));
    if (bad.length) {
      var box = el('div', { class: 'card' }, el('h3', null, 'Inputs that gave no article'));
      add(box, el('table', { class: 't' }, el('tbody', null, bad.map(function (s) {
        return el('tr', null, el('td', null, badge(s[1], 's-')), el('td', { class: 'sub-id' }, s[0]), el('td', null, s[3] || ''));
      }))));
      add(root, box);
    }
  };

  function furniture(a) {
    if (!a.removed.length) return el('span', { class: 'muted' }, 'nothing removed');
    return el('details', { class: 'furniture' },
      el('summary', null, plural(a.removed.length, 'piece') + ' of page furniture removed'),
      el('ul', null, a.removed.map(function (r) {
        return el('li', null, el('span', { class: 'reason' }, r[1]), ' ', el('span', { class: 'pre' }, r[0]));
      })));
  }
  function articleDetail(i) {
    var a = A[i], url = safeUrl(a.url);
    var rels = (RELS_OF[i] || []).map(function (ri) {
      var r = R[ri], other = r.a === i ? r.b : r.a;
      return el('li', null, badge(r.kind, 'k-'), ' ',
        el('a', { href: '#pair/' + ri }, 'compare with ' + artShort(other) + ': ' + artName(other)));
    });
    var textBox = el('details', { class: 'textbox' }, el('summary', null, 'Show the cleaned text (' + plural(words(a.text), 'word') + ')'));
    textBox.addEventListener('toggle', function () {
      if (textBox.open && textBox.children.length === 1) add(textBox, el('div', { class: 'arttext' }, a.text));
    });
    return el('div', null,
      el('div', { class: 'sub-id' }, a.id + ' \u00b7 ' + a.source),
      url ? el('div', null, el('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, url)) : null,
      el('div', null, 'Byline: ', a.byline.length ? a.byline.join(', ') : el('span', { class: 'muted' }, 'none'),
        ' \u00b7 Credits: ', a.credits.length ? a.credits.join(', ') : el('span', { class: 'muted' }, 'none')),
      el('div', null, furniture(a)),
      rels.length ? el('ul', null, rels) : el('div', { class: 'muted' }, 'Shares no text with another article.'),
      textBox);
  }

  function sharing(i) { return (RELS_OF[i] || []).filter(function (ri) { return R[ri].kind !== 'same-story'; }).length; }
  function when(p) { return p ? p.replace('T', ' ').replace(/( \d\d:\d\d):\d\d(\.\d+)?/, '$1').replace(/(\d\d:\d\d)([+-])/, '$1 $2').replace(/Z$/, ' UTC') : null; }
  var artState = { sort: null, dir: 1, page: 0, q: '', open: {} };
  VIEWS.articles = function (root) {
    var host = el('div');
    var search = el('input', { type: 'search', placeholder: 'Filter by title, outlet, id, language\u2026', 'aria-label': 'Filter articles' });
    var rows = A.map(function (a, i) { return i; });
    var cols = [
      { h: 'Article', key: function (i) { return (A[i].title || A[i].id).toLowerCase(); },
        cell: function (i) { return [el('div', null, artLink(i)), el('div', { class: 'sub-id' }, A[i].id)]; } },
      { h: 'Outlet', key: function (i) { return (A[i].outlet || '').toLowerCase(); }, cell: function (i) { return A[i].outlet || '\u2014'; } },
      { h: 'Published', key: function (i) { return A[i].published || ''; }, cell: function (i) { return A[i].published ? el('span', { title: A[i].published }, when(A[i].published)) : '\u2014'; } },
      { h: 'Lang', key: function (i) { return A[i].language || ''; }, cell: function (i) { return A[i].language || '?'; } },
      { h: 'Credits', key: function (i) { return A[i].credits.join(', '); }, cell: function (i) { return A[i].credits.join(', '); } },
      { h: 'Words', num: 1, desc: 1, key: function (i) { return words(A[i].text); }, cell: function (i) { return String(words(A[i].text)); } },
      { h: 'Shares text with', num: 1, desc: 1, key: sharing, cell: function (i) { return String(sharing(i)); } },
      { h: 'Furniture removed', cell: function (i) { return furniture(A[i]); } }
    ];
    var draw;
    function filter() {
      var q = search.value.trim().toLowerCase();
      rows.length = 0;
      A.forEach(function (a, i) {
        if (!q || [a.title, a.outlet, a.id, a.language, a.source].join(' ').toLowerCase().indexOf(q) >= 0) rows.push(i);
      });
      artState.page = 0;
      draw();
    }
    search.addEventListener('input', filter);
    add(root, [el('h2', null, 'Articles'),
      el('p', { class: 'help' }, 'Every article read, with the metadata found and the page furniture (menus, paywall notices, share buttons\u2026) taken out before comparing. Click a row for the details and the text.'),
      el('div', { class: 'toolbar' }, search), host]);
    draw = table(host, rows, cols, { state: artState, empty: 'No article matches.', onRow: function (i, tr) {
      if (tr.nextSibling && tr.nextSibling.classList.contains('detail')) { tr.parentNode.removeChild(tr.nextSibling); return; }
      tr.parentNode.insertBefore(el('tr', { class: 'detail' }, el('td', { colspan: cols.length }, articleDetail(i))), tr.nextSibling);
    } });
  };

  VIEWS.article = function (root, arg) {
    var i = +arg;
    if (!A[i]) { add(root, el('p', { class: 'empty' }, 'No such article.')); return; }
    var a = A[i];
    add(root, [el('p', null, el('a', { href: '#articles' }, '\u2190 All articles')),
      el('h2', null, a.title || a.id),
      el('p', { class: 'muted' }, [a.outlet || 'unknown outlet', a.published || 'undated', a.language || '?'].join(' \u00b7 ')),
      el('div', { class: 'card' }, articleDetail(i))]);
    var tb = root.querySelector('details.textbox');
    if (tb) tb.open = true;
  };

  var relState = { sort: 3, dir: -1, page: 0, kind: '' };
  VIEWS.relations = function (root) {
    var host = el('div');
    var kinds = Object.keys(countBy(R, function (r) { return r.kind; })).sort();
    var sel = el('select', { 'aria-label': 'Kind' }, el('option', { value: '' }, 'all kinds'),
      kinds.map(function (k) { return el('option', { value: k }, k + ' \u2014 ' + (KIND_HELP[k] || '')); }));
    sel.value = relState.kind;
    var rows = [];
    function filter() {
      relState.kind = sel.value;
      rows.length = 0;
      R.forEach(function (r, ri) { if (!sel.value || r.kind === sel.value) rows.push(ri); });
    }
    filter();
    var cols = [
      { h: 'Kind', key: function (ri) { return R[ri].kind; }, cell: function (ri) { return badge(R[ri].kind, 'k-', KIND_HELP[R[ri].kind]); } },
      { h: 'Article A', key: function (ri) { return artName(R[ri].a).toLowerCase(); }, cell: function (ri) { return [el('div', null, artName(R[ri].a)), el('div', { class: 'sub-id' }, artShort(R[ri].a))]; } },
      { h: 'Article B', key: function (ri) { return artName(R[ri].b).toLowerCase(); }, cell: function (ri) { return [el('div', null, artName(R[ri].b)), el('div', { class: 'sub-id' }, artShort(R[ri].b))]; } },
      { h: 'Coverage (max)', num: 1, desc: 1, key: function (ri) { return Math.max(R[ri].ca, R[ri].cb); }, cell: function (ri) { return bar(Math.max(R[ri].ca, R[ri].cb)); } },
      { h: 'Coverage A', num: 1, desc: 1, key: function (ri) { return R[ri].ca; }, cell: function (ri) { return pct(R[ri].ca); } },
      { h: 'Coverage B', num: 1, desc: 1, key: function (ri) { return R[ri].cb; }, cell: function (ri) { return pct(R[ri].cb); } },
      { h: 'Passages', num: 1, desc: 1, key: function (ri) { return R[ri].p.length; }, cell: function (ri) { return String(R[ri].p.length); } },
      { h: 'Who took from whom', key: function (ri) { return R[ri].lt; }, cell: function (ri) { return lineageText(R[ri]); } },
      { h: 'Score', num: 1, desc: 1, key: function (ri) { return R[ri].score; }, cell: function (ri) { return R[ri].score.toFixed(2); } },
      { h: '', cell: function (ri) { return el('a', { href: '#pair/' + ri, class: 'open-pair' }, 'side by side \u2192'); } }
    ];
    add(root, [el('h2', null, 'Shared text'),
      el('p', { class: 'help' }, 'One row per pair of articles that share text or a story. Click a row to read the two side by side with the shared passages highlighted. Click a column title to sort.'),
      el('div', { class: 'toolbar' }, el('label', null, 'Show ', sel)), host]);
    var draw = table(host, rows, cols, { state: relState, empty: 'No pair of articles shares text.',
      onRow: function (ri) { location.hash = '#pair/' + ri; } });
    sel.addEventListener('change', function () { filter(); relState.page = 0; draw(); });
  };

  // Text of one side with the passages highlighted; changed words marked inside them.
  function markedText(text, r, side) {
    var P = r.p, cuts = [0, text.length];
    P.forEach(function (p) {
      var s = side ? p[2] : p[0], e = side ? p[3] : p[1], d = side ? p[8] : p[7];
      cuts.push(s, e);
      for (var k = 0; k < d.length; k++) cuts.push(d[k]);
    });
    cuts = cuts.filter(function (c) { return c >= 0 && c <= text.length; })
      .sort(function (x, y) { return x - y; })
      .filter(function (c, k, arr) { return k === 0 || c !== arr[k - 1]; });
    var frag = document.createDocumentFragment(), cur = null, curP = -1;
    for (var k = 0; k + 1 < cuts.length; k++) {
      var s = cuts[k], e = cuts[k + 1], pi = -1, changed = false;
      for (var j = 0; j < P.length; j++) {
        var ps = side ? P[j][2] : P[j][0], pe = side ? P[j][3] : P[j][1];
        if (ps <= s && e <= pe && ps < pe) { pi = j; break; }
      }
      if (pi >= 0) {
        var dr = side ? P[pi][8] : P[pi][7];
        for (var q = 0; q < dr.length; q += 2) if (dr[q] <= s && e <= dr[q + 1]) { changed = true; break; }
      }
      var piece = text.slice(s, e);
      if (pi < 0) { frag.appendChild(document.createTextNode(piece)); curP = -1; continue; }
      if (pi !== curP) {
        var p = P[pi];
        cur = el('span', { class: 'psg c' + (pi % 8) + ' pk-' + p[4], 'data-p': pi, 'data-side': side ? 'b' : 'a',
          title: 'Passage ' + (pi + 1) + ': ' + p[4] + ' (' + (PASSAGE_HELP[p[4]] || '') + '), score ' + p[5].toFixed(2) +
            (p[6] ? ', from ' + originName(p[6]) : '') + '. Click to see it in the other article.' });
        frag.appendChild(cur);
        curP = pi;
      }
      // Paragraph breaks inside a passage stay unhighlighted: the passage continues after them.
      var bits = piece.split(/(\n\s*\n)/);
      for (var b = 0; b < bits.length; b++) {
        if (!bits[b]) continue;
        if (b % 2) {
          frag.appendChild(document.createTextNode(bits[b]));
          cur = cur.cloneNode(false);
          frag.appendChild(cur);
        } else {
          cur.appendChild(changed ? el('mark', { class: 'chg', title: 'changed between the two articles' }, bits[b]) : document.createTextNode(bits[b]));
        }
      }
    }
    frag.querySelectorAll('.psg:empty').forEach(function (n) { n.parentNode.removeChild(n); });
    return frag;
  }

  VIEWS.pair = function (root, arg) {
    var ri = +arg, r = R[ri];
    if (!r) { add(root, el('p', { class: 'empty' }, 'No such pair.')); return; }
    var panes = [];
    function side(i, label, cov, s) {
      var a = art(i);
      var text = el('div', { class: 'text', id: 'side-' + (s ? 'b' : 'a'), lang: a && a.language ? a.language : null });
      if (a) text.appendChild(markedText(a.text, r, s));
      panes.push(text);
      return el('div', { class: 'side' },
        el('div', { class: 'meta' },
          el('div', { class: 't' }, label + ' \u00b7 ' + artOutlet(i) + ': ', a ? artLink(i) : String(i)),
          el('div', { class: 'm' }, a ? [a.outlet || 'unknown outlet', when(a.published) || 'undated', a.language || '?',
            a.credits.length ? 'credits ' + a.credits.join(', ') : null].filter(Boolean).join(' \u00b7 ') : ''),
          el('div', { class: 'm' }, pct(cov) + ' of this article is in shared passages')),
        text);
    }
    var kinds = countBy(r.p, function (p) { return p[4]; });
    add(root, [
      el('p', null, el('a', { href: '#relations' }, '\u2190 All pairs')),
      el('div', { class: 'pairhead' },
        el('h2', null, 'Side by side'),
        el('span', { class: 'kind' }, badge(r.kind, 'k-'), ' ', KIND_HELP[r.kind] || ''),
        el('span', null, plural(r.p.length, 'shared passage')),
        el('span', null, 'Who took from whom: ', el('b', null, lineageText(r, true)),
          r.lc ? ' (confidence ' + pct(r.lc) + ')' : '')),
      r.ev.length ? el('ul', { class: 'evidence' }, r.ev.map(function (e) { return el('li', null, e); })) : null,
      el('div', { class: 'legend' },
        el('span', null, 'Each shared passage has its own colour in both texts; click one to jump to its partner.'),
        el('span', null, el('mark', { class: 'chg' }, 'marked words'), ' differ between the two.'),
        Object.keys(kinds).map(function (k) { return el('span', null, el('b', null, kinds[k] + ' ' + k), ' (' + (PASSAGE_HELP[k] || '') + ')'); }),
        el('span', null, 'Underline: solid = (near-)verbatim, dashed = paraphrase, dotted = translation.')),
      r.p.length ? null : el('p', { class: 'empty' }, 'These two articles share no passage (they are about the same story).'),
      el('div', { class: 'sbs' }, side(r.a, 'A', r.ca, 0), side(r.b, 'B', r.cb, 1))
    ]);
    // Open each side at its first shared passage.
    requestAnimationFrame(function () {
      panes.forEach(function (pane) {
        var first = pane.querySelector('.psg');
        if (first) pane.scrollTop = Math.max(0, first.getBoundingClientRect().top - pane.getBoundingClientRect().top - 24);
      });
    });
    root.addEventListener('click', function (e) {
      var t = e.target.closest('.psg');
      if (!t) return;
      var mine = t.getAttribute('data-side') === 'a' ? 0 : 1, sel = '.psg[data-p="' + t.getAttribute('data-p') + '"]';
      var own = Array.prototype.slice.call(panes[mine].querySelectorAll(sel));
      var theirs = Array.prototype.slice.call(panes[1 - mine].querySelectorAll(sel));
      if (!theirs.length) return;
      // A passage over several paragraphs is in pieces: scroll to the matching piece.
      var partner = theirs[Math.min(own.indexOf(t), theirs.length - 1)], other = panes[1 - mine];
      other.scrollTop += partner.getBoundingClientRect().top - other.getBoundingClientRect().top - other.clientHeight / 3;
      own.concat(theirs).forEach(function (n) { n.classList.remove('flash'); void n.offsetWidth; n.classList.add('flash'); });
    });
  };

  // Lineage graph of a story as SVG (layout computed by the report writer).
  var SVGNS = 'http://www.w3.org/2000/svg';
  function sv(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    for (var k in attrs) if (attrs[k] != null) e.setAttribute(k, attrs[k]);
    for (var i = 2; i < arguments.length; i++) add(e, arguments[i]);
    return e;
  }
  function clip(s, n) { s = String(s || ''); return s.length > n ? s.slice(0, n - 1) + '\u2026' : s; }
  function graphSvg(g) {
    var W = 178, H = 46, GX = 56, GY = 70, PAD = 12, TOP = 30;
    var cols = 1, rows = 1;
    g.nodes.forEach(function (n) { cols = Math.max(cols, n.x + 1); rows = Math.max(rows, n.y + 1); });
    var width = PAD * 2 + GX + cols * W + (cols - 1) * GX, height = PAD * 2 + TOP + rows * H + (rows - 1) * GY;
    var svg = sv('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img',
      'aria-label': 'lineage graph' },
      sv('defs', null, sv('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
        sv('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#4b5a75' }))));
    function cx(n) { return PAD + GX + n.x * (W + GX) + W / 2; }
    function cy(n) { return PAD + TOP + n.y * (H + GY); }
    g.edges.forEach(function (e) {
      var u = g.nodes[e[0]], v = g.nodes[e[1]], d, lx, ly;
      var x1 = cx(u), y1 = cy(u) + H, x2 = cx(v), y2 = cy(v);
      if (u.y === v.y) {
        // Same row: an arc over the row, from top to top.
        y1 = y2 = cy(u);
        var sg = x2 > x1 ? 1 : -1;
        x1 += sg * W / 4; x2 -= sg * W / 4;
        d = 'M' + x1 + ',' + y1 + ' C' + x1 + ',' + (y1 - 34) + ' ' + x2 + ',' + (y1 - 34) + ' ' + x2 + ',' + y2;
        lx = (x1 + x2) / 2; ly = y1 - 28;
      } else if (Math.abs(v.y - u.y) > 1) {
        // Skipping rows: bend through the gap beside the column so no box is crossed.
        var xs = Math.min(x1, x2) - W / 2 - GX / 2;
        d = 'M' + (x1 - W / 4) + ',' + y1 + ' C' + xs + ',' + (y1 + GY) + ' ' + xs + ',' + (y2 - GY) + ' ' + (x2 - W / 4) + ',' + y2;
        x1 -= W / 4; x2 -= W / 4; lx = xs + 4; ly = (y1 + y2) / 2;
      } else {
        if (u.y > v.y) { y1 = cy(u); y2 = cy(v) + H; }
        d = 'M' + x1 + ',' + y1 + ' C' + x1 + ',' + (y1 + y2) / 2 + ' ' + x2 + ',' + (y1 + y2) / 2 + ' ' + x2 + ',' + y2;
        lx = (x1 + x2) / 2; ly = (y1 + y2) / 2 + 4;
      }
      var cls = 'edge' + (e[2] === 'origin' ? ' origin' : '') + (e[2] === 'same-story' ? ' same-story' : '') + (e[5] ? ' undirected' : '') + (e[4] != null ? ' rel' : '');
      var path = sv('path', { d: d, class: cls, 'marker-end': e[5] ? null : 'url(#arrow)' },
        sv('title', null, (e[2] === 'origin' ? 'from origin' : e[2]) + (e[5] ? ', direction unknown' : '') + ', confidence ' + pct(e[3]) + (e[4] != null ? '. Click to compare.' : '')));
      if (e[4] != null) path.addEventListener('click', function () { location.hash = '#pair/' + e[4]; });
      svg.appendChild(path);
      if (e[2] !== 'origin') svg.appendChild(sv('text', { x: lx, y: ly, class: 'elabel', 'text-anchor': 'middle' }, e[2]));
    });
    g.nodes.forEach(function (n) {
      var x = PAD + GX + n.x * (W + GX), y = cy(n), o = n.o != null ? O[n.o] : null, a = n.a != null ? A[n.a] : null;
      var line1 = o ? o.name : (a.outlet || a.id), line2 = o ? (o['in'] ? 'origin in the corpus' : 'origin outside the corpus') : (a.published ? a.published.slice(0, 10) + ' \u00b7 ' : '') + clip(a.title || a.id, 24);
      var gnode = sv('g', { class: 'node ' + (o ? 'origin' + (o['in'] ? ' incorpus' : '') : 'article'), transform: 'translate(' + x + ',' + y + ')' },
        sv('title', null, o ? o.name + ' (' + line2 + ')' : (a.title || a.id) + ' \u2014 ' + a.id),
        sv('rect', { width: W, height: H, rx: 6 }),
        sv('text', { x: 9, y: 19 }, clip(line1, 24)),
        sv('text', { x: 9, y: 36, class: 'sm' }, clip(line2, 30)));
      if (a) gnode.addEventListener('click', function () { location.hash = '#article/' + n.a; });
      svg.appendChild(gnode);
    });
    return svg;
  }

  var storyState = { page: 0 };
  VIEWS.stories = function (root) {
    var host = el('div');
    var outside = O.filter(function (o) { return !o['in']; });
    add(root, [el('h2', null, 'Stories and lineage'),
      el('p', { class: 'help' }, 'A story is a group of articles about the same event, whether or not they share text. The graph shows who took from whom: an arrow runs from the source to the copy; dashed boxes are origins that are not in the corpus (for example a wire agency credited by the articles); dotted lines link articles whose direction is unknown. Click a box to open the article, a line to compare the two.'),
      outside.length ? el('div', { class: 'card' }, el('b', null, 'Origins outside the corpus: '),
        el('div', { class: 'chips' }, outside.map(function (o) { return el('span', { class: 'chip', title: o.id }, o.name + ' \u2192 ' + plural(o.children.length, 'article')); }))) : null,
      host]);
    function draw() {
      clear(host);
      var start = storyState.page * PAGE, list = D.stories.slice(start, start + PAGE);
      if (!D.stories.length) add(host, el('p', { class: 'empty' }, 'No stories.'));
      list.forEach(function (s) {
        // A story of one article with no origin has nothing to draw.
        var g = s.graph.nodes.length > 1 ? el('div', { class: 'graph' }, graphSvg(s.graph)) : null;
        add(host, el('div', { class: 'story' },
          el('h3', null, s.label || s.id),
          el('div', { class: 'muted' }, plural(s.articles.length, 'article') + ' \u00b7 ' + s.id),
          el('ul', null, s.articles.map(function (i) { return el('li', null, artLink(i), ' ', el('span', { class: 'muted' }, artShort(i))); })),
          g));
      });
      add(host, pager(D.stories.length, storyState.page, function (p) { storyState.page = p; draw(); root.scrollIntoView(); }));
    }
    draw();
  };

  function lang(i) { var a = art(i); return a && a.language ? a.language.split('-')[0] : '?'; }
  // "wording changed" only where two versions in one language differ; versions that differ
  // only by language are a translation.
  function quoteBadge(q) {
    var byLang = {};
    q.variants.forEach(function (v) { (byLang[lang(v.a)] = byLang[lang(v.a)] || []).push(v); });
    var langs = Object.keys(byLang), sameLangPairs = langs.some(function (l) { return byLang[l].length > 1; });
    if (q.changed && langs.length > 1 && !sameLangPairs) return el('span', { class: 'badge s-ok' }, 'translated');
    return q.changed ? el('span', { class: 'badge d-type' }, 'wording changed') : el('span', { class: 'badge s-ok' }, 'same wording');
  }
  VIEWS.quotes = function (root) {
    add(root, [el('h2', null, 'Quotes across articles'),
      el('p', { class: 'help' }, 'The same speaker\u2019s quotes as each article gives them. When the wording changed, the words that differ from the closest other version are marked.')]);
    var only = el('input', { type: 'checkbox', id: 'q-changed' });
    var host = el('div');
    add(root, [el('div', { class: 'toolbar' }, el('label', null, only, ' only quotes whose wording changed')), host]);
    var qs = { page: 0 };
    function qtext(v) { var a = art(v.a); return v.t != null ? v.t : a ? a.text.slice(v.s[0], v.s[1]) : ''; }
    function draw() {
      clear(host);
      var list = D.quotes.filter(function (q) { return !only.checked || q.changed; });
      if (!list.length) add(host, el('p', { class: 'empty' }, 'No quotes.'));
      list.slice(qs.page * PAGE, (qs.page + 1) * PAGE).forEach(function (q) {
        add(host, el('div', { class: 'quote' },
          el('div', null, el('span', { class: 'sp' }, q.speaker || 'Unknown speaker'), ' ',
            quoteBadge(q),
            ' ', el('span', { class: 'muted' }, plural(q.variants.length, 'version'))),
          q.variants.map(function (v, k) {
            // Compare with the most similar other version, so a variant is marked for what
            // it changed, not for being a different sentence of the same speaker. A version
            // in another language is a translation: its words are not compared.
            var t = qtext(v), d = null, best = -1;
            if (q.changed) q.variants.forEach(function (w, j) {
              if (j === k || lang(w.a) !== lang(v.a)) return;
              var x = wordDiff(qtext(w), t);
              if (x && kept(x) > best) { best = kept(x); d = x; }
            });
            return el('div', { class: 'variant' },
              el('div', null, artLink(v.a), el('div', { class: 'sub-id' }, artShort(v.a))),
              el('div', { class: 'q' }, '\u201c', d ? diffNodes(d[1], 'add') : t, '\u201d'));
          })));
      });
      add(host, pager(list.length, qs.page, function (p) { qs.page = p; draw(); }));
    }
    only.addEventListener('change', function () { qs.page = 0; draw(); });
    draw();
  };

  var driftState = { sort: null, dir: 1, page: 0 };
  VIEWS.drift = function (root) {
    var types = countBy(D.drift, function (d) { return d.type; });
    var sel = el('select', { 'aria-label': 'Type' }, el('option', { value: '' }, 'all types'),
      Object.keys(types).sort().map(function (k) { return el('option', { value: k }, k + ' (' + types[k] + ')'); }));
    var host = el('div'), rows = [];
    function filter() { rows.length = 0; D.drift.forEach(function (d, i) { if (!sel.value || d.type === sel.value) rows.push(i); }); }
    filter();
    function pairLink(d) {
      var ri = PAIR[d.a + ',' + d.b];
      return ri != null ? el('a', { href: '#pair/' + ri }, 'compare') : null;
    }
    var cols = [
      { h: 'Type', key: function (i) { return D.drift[i].type; }, cell: function (i) { return badge(D.drift[i].type, 'd-type ', DRIFT_HELP[D.drift[i].type]); } },
      { h: 'From', key: function (i) { return artShort(D.drift[i].a); }, cell: function (i) { var d = D.drift[i]; return [artLink(d.a), el('div', { class: 'sub-id' }, artShort(d.a))]; } },
      { h: 'To', key: function (i) { return artShort(D.drift[i].b); }, cell: function (i) { var d = D.drift[i]; return [artLink(d.b), el('div', { class: 'sub-id' }, artShort(d.b)), ' ', pairLink(d)]; } },
      { h: 'Before', cell: function (i) { var d = D.drift[i], w = wordDiff(d.at, d.bt); return el('span', { class: 'pre' }, w ? diffNodes(w[0], 'del') : d.at); } },
      { h: 'After', cell: function (i) { var d = D.drift[i], w = wordDiff(d.at, d.bt); return el('span', { class: 'pre' }, w ? diffNodes(w[1], 'add') : d.bt); } },
      { h: 'Note', key: function (i) { return D.drift[i].note; }, cell: function (i) { return D.drift[i].note; } }
    ];
    add(root, [el('h2', null, 'What changed along the way'),
      el('p', { class: 'help' }, 'Edits between shared passages that change what a reader takes away: a hedge dropped, a number or a name changed, a loaded label added, a quote re-worded. Struck-through words were removed, green words added.'),
      el('div', { class: 'toolbar' }, el('label', null, 'Show ', sel)), host]);
    var draw = table(host, rows, cols, { state: driftState, empty: 'No drift found.' });
    sel.addEventListener('change', function () { filter(); driftState.page = 0; draw(); });
  };

  // Search across the whole report: articles (title, outlet, id, text), stories, quotes and
  // drift, each hit linked to its view. Matching is case-insensitive on the plain text.
  VIEWS.search = function (root, arg) {
    var q = (arg || '').trim(), lq = q.toLowerCase();
    var box = document.getElementById('nl-search');
    if (box && box.value !== q) box.value = q;
    add(root, el('h2', null, q ? 'Search: \u201c' + q + '\u201d' : 'Search'));
    if (!lq) { add(root, el('p', { class: 'help' }, 'Type in the search box above and press Enter.')); return; }
    function has(x) { return typeof x === 'string' && x.toLowerCase().indexOf(lq) >= 0; }
    function snippet(t) {
      var k = t.toLowerCase().indexOf(lq);
      if (k < 0) return null;
      var s0 = Math.max(0, k - 60), e0 = Math.min(t.length, k + lq.length + 60);
      return el('div', { class: 'muted' }, (s0 ? '\u2026' : '') + t.slice(s0, k),
        el('mark', null, t.slice(k, k + lq.length)), t.slice(k + lq.length, e0) + (e0 < t.length ? '\u2026' : ''));
    }
    var arts = [], stories = [], quotes = [], drift = [];
    A.forEach(function (a, i) { if (has(a.title) || has(a.outlet) || has(a.id) || has(a.text)) arts.push(i); });
    D.stories.forEach(function (st) { if (has(st.label) || has(st.id)) stories.push(st); });
    function vt(v) { var a = art(v.a); return v.t != null ? v.t : a ? a.text.slice(v.s[0], v.s[1]) : ''; }
    D.quotes.forEach(function (qq) {
      if (has(qq.speaker) || qq.variants.some(function (v) { return has(vt(v)); })) quotes.push(qq);
    });
    D.drift.forEach(function (d) { if (has(d.at) || has(d.bt) || has(d.note)) drift.push(d); });
    function section(title, list, row) {
      if (!list.length) return null;
      return el('div', { class: 'card' }, el('h3', null, title + ' (' + list.length + ')'),
        el('ul', null, list.slice(0, 200).map(row)),
        list.length > 200 ? el('p', { class: 'muted' }, 'and ' + (list.length - 200) + ' more') : null);
    }
    var found = arts.length + stories.length + quotes.length + drift.length;
    add(root, [
      el('p', { class: 'help' }, found ? plural(found, 'match') + ' in the report.' : 'Nothing in the report matches.'),
      section('Articles', arts, function (i) {
        return el('li', { class: 'hit' }, artLink(i), ' ', el('span', { class: 'muted' }, artShort(i)), snippet(A[i].text || ''));
      }),
      section('Stories', stories, function (st) { return el('li', null, el('a', { href: '#stories' }, st.label || st.id)); }),
      section('Quotes', quotes, function (qq) {
        var v = qq.variants.find(function (x) { return has(vt(x)); }) || qq.variants[0];
        return el('li', null, el('a', { href: '#quotes' }, qq.speaker || 'Unknown speaker'), v ? snippet(vt(v)) || el('div', { class: 'muted' }, vt(v)) : null);
      }),
      section('What changed', drift, function (d) {
        var ri = PAIR[d.a + ',' + d.b];
        return el('li', null, badge(d.type, 'd-type '), ' ', ri != null ? el('a', { href: '#pair/' + ri }, artShort(d.a) + ' \u2192 ' + artShort(d.b)) : artShort(d.a) + ' \u2192 ' + artShort(d.b),
          snippet(d.at || '') || snippet(d.bt || '') || snippet(d.note || ''));
      })
    ]);
  };
  (function () {
    var box = document.getElementById('nl-search');
    if (!box) return;
    function go() { location.hash = '#search/' + encodeURIComponent(box.value.trim()); }
    box.addEventListener('keydown', function (e) { if (e.key === 'Enter') go(); });
    box.addEventListener('search', go);
  })();

  // ---------------------------------------------------------------- routing
  var NAV_OF = { pair: 'relations', article: 'articles' };
  function route() {
    var h = (location.hash || D.start || '#overview').slice(1).split('/');
    var name = VIEWS[h[0]] ? h[0] : 'overview', arg = h[1];
    if (name === 'search') { try { arg = decodeURIComponent(h.slice(1).join('/')); } catch (e) { arg = h.slice(1).join('/'); } }
    var sec = document.getElementById('v-' + (name === 'article' ? 'pair' : name));
    document.querySelectorAll('section.view').forEach(function (s) { s.hidden = s !== sec; });
    var navName = NAV_OF[name] || name;
    document.querySelectorAll('#nl-nav a').forEach(function (a) { a.classList.toggle('on', a.getAttribute('data-view') === navName); });
    // Parameterised views (a pair, an article) are rebuilt each time; lists are built once.
    var key = name + '/' + (arg || '');
    if (arg != null || !DRAWN[key]) {
      if (arg != null) { var fresh = sec.cloneNode(false); sec.parentNode.replaceChild(fresh, sec); sec = fresh; }
      else clear(sec);
      VIEWS[name](sec, arg);
      DRAWN[key] = true;
    }
    window.scrollTo(0, 0);
  }
  window.addEventListener('hashchange', route);
  route();
})();
