// Pagefind behind Material's search field and the search page (kb/renderers/search.py builds
// the index; kb/pages/search_page.py the page). Material's own index is empty; this script
// answers the same field and draws results with Material's markup, so readers, tests and the
// relevance scorer read one list. A reader downloads only the index chunks a query needs.
// Result text is always set as text, never as HTML.
//
// What a list holds, in order: the topic or name whose name or alias best covers the query
// (data/concepts.json, matched at once, misspellings forgiven), then the documents Pagefind
// ranks, each with the paragraphs that match as sub-results linking to their #pN anchors
// (the words marked on arrival), concept pages Pagefind finds after the first few
// documents; ten at first, ten more as the list is scrolled to its end. Filters (topic,
// person, kind, year, publisher) with counts narrow the list. The search page's address holds
// the query and filters, so a search can be shared.
(function () {
  "use strict";

  var me = document.currentScript && document.currentScript.src;
  var root = me ? new URL("../", me) : new URL("./", location.href);
  var engine = null;
  var concepts = null; // [{record, names: [[word, ...], ...]}]
  var known = null; // every word of every concept name: what a misspelling is corrected to
  var FILTERS = [["topic", "Topic"], ["person", "Person"], ["kind", "Kind"], ["year", "Year"], ["publisher", "Publisher"]];
  var PAGE = 10; // results drawn at a time
  var CONCEPT_AFTER = 3; // documents before the concept pages Pagefind finds
  var PASSAGES = 3; // matching paragraphs shown under a document
  var STOP = { a: 1, an: 1, and: 1, of: 1, the: 1, "in": 1, on: 1, "for": 1, to: 1, with: 1, by: 1, at: 1 };

  // A large site's index comes in parts (kb/renderers/search.py): the first at pagefind/, holding
  // the newest documents and few of them, the rest listed in pagefind/kb-parts.json. Two engines:
  // "quick" searches the first part alone and shows its results at once; "whole" merges every
  // part and gives the final list, ranked as one index. They are two instances of Pagefind's
  // module (the same file, imported under two fragments, so fetched once), each with its own
  // worker. A site in one part has only "whole".
  function open(tag, merged) {
    return import(new URL("pagefind/pagefind.js" + tag, root).href).then(function (pf) {
      return pf.options({ baseUrl: root.pathname, excerptLength: 24,
                          // Long documents are not penalised much: a document about a subject
                          // is often long, and a passing mention in a short one is not better.
                          ranking: { pageLength: 0.3, termSaturation: 1.2, termFrequency: 1.0, termSimilarity: 1.0 } })
        .then(function () { return pf.init(); })
        .then(function () {
          return Promise.all(merged.map(function (part) {
            return pf.mergeIndex(new URL(part, root).href, { baseUrl: root.pathname });
          }));
        })
        .then(function () { return pf; });
    });
  }

  // Pagefind counts a search's results by filter (the counts beside each filter, and the
  // documents found) only once the filters are loaded. They are loaded when a reader asks for
  // them (the filter button, the search page), not for every first search: at 10,000
  // documents they weigh as much as the rest of a first search.
  var counted = null, countsReady = false;
  function loadCounts(pf) {
    if (!counted) counted = pf.filters().then(function (all) { countsReady = true; return all; });
    return counted;
  }

  function pagefind() {
    if (!engine) {
      engine = fetch(new URL("pagefind/kb-parts.json", root).href)
        .then(function (r) { return r.ok ? r.json() : []; }).catch(function () { return []; })
        .then(function (parts) {
          var only = parts.length ? null : open("", []);
          if (only) return { quick: null, whole: function () { return only; }, started: function () { return true; } };
          var quick = open("", []), whole = null;
          return {
            quick: quick,
            // Opened once the first part has answered a search: a first search fetches only the
            // first part's files before its results are drawn, and the whole index finds the
            // engine's files in the browser's cache.
            whole: function () {
              if (!whole) whole = quick.catch(function () {}).then(function () { return open("#whole", parts); });
              return whole;
            },
            started: function () { return whole !== null; }
          };
        });
    }
    return engine;
  }

  function words(text) {
    return String(text).toLowerCase().replace(/&/g, " and ").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function loadConcepts() {
    if (concepts) return concepts;
    concepts = fetch(new URL("data/concepts.json", root).href).then(function (r) { return r.ok ? r.json() : []; })
      .catch(function () { return []; })
      .then(function (records) {
        known = {};
        var list = records.map(function (c) {
          var names = [c.label].concat(c.aliases || []).map(words);
          names.forEach(function (n) { n.forEach(function (w) { known[w] = true; }); });
          return { record: c, names: names };
        });
        concepts = Promise.resolve(list);
        return list;
      });
    return concepts;
  }

  // Edit distance up to `most` (adjacent letters swapped count once), or most + 1.
  function distance(a, b, most) {
    if (Math.abs(a.length - b.length) > most) return most + 1;
    var prev2 = null, prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
        low = Math.min(low, cur[j]);
      }
      if (low > most) return most + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length];
  }

  function allowed(word) { return word.length >= 8 ? 2 : word.length >= 5 ? 1 : 0; }

  // A query word the vocabulary does not know, close to one it does: the one it knows.
  function corrected(word) {
    if (!known || known[word] || !allowed(word)) return word;
    var best = word, bestD = allowed(word) + 1;
    Object.keys(known).forEach(function (k) {
      if (k.length < 4) return;
      var d = distance(word, k, allowed(word));
      if (d < bestD || (d === bestD && best !== word && k < best)) { best = k; bestD = d; }
    });
    return best;
  }

  function sameWord(q, n) {
    return q === n || (q.length >= 3 && n.indexOf(q) === 0) || q.replace(/s$/, "") === n.replace(/s$/, "");
  }

  // How well a name covers the query: the share of the query's words it holds times the share
  // of its words the query holds, stopwords aside; 1 for the very name.
  function cover(q, name) {
    var qs = q.filter(function (w) { return !STOP[w]; }), ns = name.filter(function (w) { return !STOP[w]; });
    if (!qs.length || !ns.length) return 0;
    var inName = qs.filter(function (w) { return ns.some(function (n) { return sameWord(w, n); }); }).length;
    var inQuery = ns.filter(function (n) { return qs.some(function (w) { return sameWord(w, n); }); }).length;
    return (inName / qs.length) * (inQuery / ns.length);
  }

  // The one concept the query names, if a name covers it well enough (half of it, or a whole
  // name stands in the query: a third): the label before an alias, then the concept found in
  // more documents. A place is where things happen; a topic named after it ("Taiwan question"
  // for "Taiwan") is what a search for it is about, and comes instead.
  function conceptFor(query, list) {
    var q = words(query).map(corrected);
    if (!q.length || query.trim().length < 2) return null;
    var scored = list.map(function (c) {
      var score = 0;
      c.names.forEach(function (name, i) {
        var v = cover(q, name), whole = v > 0 && cover(name, q) > 0 && name.filter(function (w) { return !STOP[w]; })
          .every(function (n) { return q.some(function (w) { return sameWord(w, n); }); });
        if (v >= 0.5 || (whole && v >= 0.3)) score = Math.max(score, v + (i === 0 ? 0.01 : 0));
      });
      return { c: c, score: score };
    }).filter(function (x) { return x.score > 0; });
    scored.sort(function (a, b) { return b.score - a.score || b.c.record.documents - a.c.record.documents; });
    var best = scored[0];
    if (!best) return null;
    if (best.c.record.url.indexOf("places/") === 0) {
      var named = list.filter(function (c) {
        return c.record.url.indexOf("topics/") === 0 && c.names.some(function (n) {
          return best.c.names.some(function (p) { return p.length && p.every(function (w) { return n.indexOf(w) >= 0; }); });
        });
      }).sort(function (a, b) { return b.record.documents - a.record.documents; });
      if (named.length) return named[0].record;
    }
    return best.c.record;
  }

  // No name covers the query: the topic the first documents found share, if two of the first
  // three (or the only one) carry it, the rarest in the corpus first (a topic nearly every
  // document carries tells nothing of this query).
  function conceptOfDocuments(data, list) {
    var docs = data.filter(function (r) { return !isConcept(r.url); }).slice(0, 3);
    if (!docs.length) return null;
    var need = docs.length === 1 ? 1 : 2, counts = {};
    docs.forEach(function (r) { ((r.filters && r.filters.topic) || []).forEach(function (t) { counts[t] = (counts[t] || 0) + 1; }); });
    var best = null;
    list.forEach(function (c) {
      var n = counts[c.record.label];
      if (!n || n < need || c.record.url.indexOf("topics/") !== 0) return;
      var score = n / Math.sqrt(c.record.documents);
      if (!best || score > best.score) best = { record: c.record, score: score };
    });
    return best && best.record;
  }

  // --- drawing --------------------------------------------------------------------------

  function highlight(parent, text, terms) {
    var lower = text.toLowerCase(), pos = 0;
    while (pos < text.length) {
      var next = -1, len = 0;
      terms.forEach(function (w) {
        var i = lower.indexOf(w, pos);
        if (i >= 0 && (next < 0 || i < next)) { next = i; len = w.length; }
      });
      if (next < 0) { parent.appendChild(document.createTextNode(text.slice(pos))); break; }
      parent.appendChild(document.createTextNode(text.slice(pos, next)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(next, next + len);
      parent.appendChild(mark);
      pos = next + len;
    }
  }

  function terms(query) { return words(query).filter(function (w) { return w.length > 1 && !STOP[w]; }); }

  function link(href, title, text, query, level) {
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.tabIndex = -1;
    a.href = href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset" + (level ? "" : " md-search-result__article--document");
    if (!level) {
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      article.appendChild(icon);
    }
    var h = document.createElement(level ? "h2" : "h1");
    h.textContent = title;
    var p = document.createElement("p");
    highlight(p, text, terms(query));
    article.appendChild(h); article.appendChild(p); a.appendChild(article);
    return a;
  }

  // The paragraphs of a result that hold its matches: the words between a paragraph's anchor
  // and the next anchor (the `pN-n` element after its own words holds its concepts' other
  // names, which count for the match but are not shown), most matches first.
  function passages(data) {
    var tokens = (data.raw_content || data.content || "").split(/\s+/);
    var anchors = (data.anchors || []).slice().sort(function (a, b) { return a.location - b.location; });
    var found = [];
    anchors.forEach(function (a, i) {
      if (!/^p\d+$/.test(a.id)) return;
      var j = i + 1;
      while (j < anchors.length && anchors[j].location <= a.location) j++; // its retired anchors
      var own = j < anchors.length ? anchors[j].location : tokens.length, end = own;
      if (j < anchors.length && anchors[j].id === a.id + "-n") end = j + 1 < anchors.length ? anchors[j + 1].location : tokens.length;
      var hits = (data.locations || []).filter(function (l) { return l >= a.location && l < end; });
      if (!hits.length) return;
      var start = Math.max(a.location, Math.min(hits[0], own) - 8);
      var stop = Math.min(own, start + 30);
      // How many different words of the query it holds comes first: a paragraph that holds
      // them all answers better than one that repeats one of them.
      var distinct = {};
      hits.forEach(function (l) { distinct[words(tokens[l] || "")[0]] = true; });
      found.push({ id: a.id, hits: hits.length, distinct: Object.keys(distinct).length, first: a.location,
                   text: (start > a.location ? "… " : "") + tokens.slice(start, stop).join(" ") + (stop < own ? " …" : "") });
    });
    return found.sort(function (a, b) { return b.distinct - a.distinct || b.hits - a.hits || a.first - b.first; })
      .slice(0, PASSAGES);
  }

  function excerpt(html) {
    var area = document.createElement("textarea");
    area.innerHTML = String(html || "").replace(/<\/?mark>/g, "");
    return area.value;
  }

  function isConcept(url) { return !/\/documents\//.test(url); }

  // --- a panel: the header's search box, or the search page -------------------------------

  function Panel(input, box, onPage) {
    this.input = input; this.box = box; this.onPage = onPage;
    this.meta = box.querySelector(".md-search-result__meta");
    this.list = box.querySelector(".md-search-result__list");
    this.filters = {}; this.state = null; this.id = 0; this.timer = null;
    this.bar = document.createElement("div");
    this.bar.className = "kb-search-filters";
    this.box.insertBefore(this.bar, this.list);
  }

  Panel.prototype.query = function () { return this.input.value.trim(); };

  Panel.prototype.selected = function () {
    var out = {}, self = this;
    Object.keys(this.filters).forEach(function (k) { if (self.filters[k].length) out[k] = { any: self.filters[k] }; });
    return out;
  };

  Panel.prototype.url = function () {
    var u = new URL("search/", root), self = this;
    if (this.query()) u.searchParams.set("q", this.query());
    FILTERS.forEach(function (f) { (self.filters[f[0]] || []).forEach(function (v) { u.searchParams.append(f[0], v); }); });
    return u.href;
  };

  // The concept whose name covers the query is drawn as soon as data/concepts.json is in
  // (Pagefind's chunks may take longer); the newest part's documents next, where the index
  // comes in parts; the whole index's answer last, replacing them.
  Panel.prototype.search = function () {
    var self = this, id = ++this.id, query = this.query();
    var filters = this.selected();
    if (!query && !Object.keys(filters).length) { this.state = null; this.clear(); return Promise.resolve(); }
    if (this.onPage) history.replaceState(null, "", this.url());
    var plain = query.replace(/["“”]/g, " ").trim();
    var run = function (pf) {
      return pf.search(query || null, { filters: filters }).then(function (found) {
        if (query && !found.results.length && plain !== query) return pf.search(plain, { filters: filters });
        return found;
      }).then(function (found) {
        var fixed = words(plain).map(corrected).join(" ");
        if (query && !found.results.length && fixed !== words(plain).join(" ")) {
          return pf.search(fixed, { filters: filters }).then(function (again) { again.corrected = fixed; return again; });
        }
        return found;
      });
    };
    var level = 0; // what is drawn: 1 the newest part's answer, 2 the whole index's
    var show = function (found, concept, partial) {
      var now = partial ? 1 : 2;
      if (id !== self.id || now <= level) return;
      level = now;
      self.state = { query: self.input.value, concept: concept, found: found, data: [], wanted: PAGE,
                     shownQuery: found.corrected || query, partial: partial };
      return self.more();
    };
    var conceptFound = loadConcepts().then(function (list) {
      var concept = query && !Object.keys(filters).length ? conceptFor(query, list) : null;
      if (concept && id === self.id) {
        self.state = { query: self.input.value, concept: concept, found: { results: [], filters: {} }, data: [],
                       wanted: PAGE, shownQuery: query, pending: true };
        self.draw();
      }
      return concept;
    });
    return Promise.all([pagefind(), conceptFound]).then(function (got) {
      var engines = got[0], concept = got[1], first = Promise.resolve();
      if (engines.quick) {
        first = engines.quick.then(run).then(function (found) { return show(found, concept, true); }).catch(function () {});
      }
      return (engines.started() ? Promise.resolve() : first).then(engines.whole).then(run)
        .then(function (found) { return show(found, concept, false); });
    }).catch(function () { /* a failed chunk: the next keystroke searches again */ });
  };

  // Fetch the next results' data (each its own fragment file), then draw.
  Panel.prototype.more = function () {
    var self = this, s = this.state, id = this.id;
    if (!s) return Promise.resolve();
    var want = s.found.results.slice(s.data.length, s.wanted);
    s.loading = want.length > 0;
    this.draw();
    return Promise.all(want.map(function (r) { return r.data(); })).then(function (data) {
      if (id !== self.id || s !== self.state) return;
      s.data = s.data.concat(data);
      s.loading = false;
      if (!s.concept && s.query.trim() && !Object.keys(self.selected()).length && s.data.length)
        return loadConcepts().then(function (list) { s.concept = conceptOfDocuments(s.data, list); self.draw(); });
      self.draw();
    });
  };

  Panel.prototype.clear = function () {
    this.observe(false);
    this.list.textContent = "";
    this.bar.textContent = "";
    this.list.setAttribute("aria-busy", "false");
    this.observe(true);
  };

  Panel.prototype.observe = function (on) {
    if (this.onPage) return;
    if (!this.watcher) {
      var self = this;
      // Material redraws the list when its (empty) index answers: draw ours again after it.
      this.watcher = new MutationObserver(function () { if (self.state) self.draw(); });
    }
    if (on) this.watcher.observe(this.box, { childList: true, subtree: true, characterData: true });
    else this.watcher.disconnect();
  };

  Panel.prototype.draw = function () {
    var s = this.state, self = this;
    if (!s || this.input.value !== s.query) return;
    this.observe(false);
    // Documents only: every document carries one "kind" filter, concept pages none.
    var kinds = (s.found.filters || {}).kind, total = 0;
    if (kinds) Object.keys(kinds).forEach(function (k) { total += kinds[k]; });
    else total = s.found.results.length;
    // aria-busy: more results are on their way (assistive technology waits; so do tests)
    this.list.setAttribute("aria-busy", s.loading || s.pending || s.partial ? "true" : "false");
    var found = !s.found.results.length ? "No matching documents"
      : kinds ? total + " matching document" + (total === 1 ? "" : "s")
      : s.found.results.length + " result" + (s.found.results.length === 1 ? "" : "s");  // filters not loaded
    this.meta.textContent = s.pending ? "Searching the documents…"
      : s.partial ? "Newest matching documents; searching older ones…"
      : found + (s.found.corrected ? " for “" + s.found.corrected + "”" : "");
    if (!this.onPage && s.found.results.length && !s.partial) {
      var share = document.createElement("a");
      share.className = "kb-search-share";
      share.href = this.url();
      share.textContent = "link to this search";
      this.meta.appendChild(document.createTextNode(" · "));
      this.meta.appendChild(share);
    }
    this.drawFilters(s.found);
    this.list.textContent = "";
    var listed = {}, documents = 0;
    var add = function (href, title, text, concept, subs) {
      if (listed[href]) return;
      listed[href] = true;
      var li = document.createElement("li");
      li.className = "md-search-result__item";
      if (concept) li.setAttribute("data-kb-concept", "");
      li.appendChild(link(href, title, text, s.shownQuery, 0));
      (subs || []).forEach(function (p) {
        li.appendChild(link(href + "?hl=" + encodeURIComponent(terms(s.shownQuery).join(" ")) + "#" + p.id,
                            "¶" + p.id.slice(1), p.text, s.shownQuery, 1));
      });
      self.list.appendChild(li);
    };
    if (s.concept) {
      var c = s.concept;
      add(new URL(c.url, root).href, c.label, c.kind + " · " + c.documents + " document" + (c.documents === 1 ? "" : "s"), true);
    }
    var held = []; // concept pages Pagefind ranks among the first documents: after them
    var addConcept = function (r) { add(new URL(r.url, location.origin).href, (r.meta && r.meta.title) || r.url, excerpt(r.excerpt), true); };
    s.data.forEach(function (r) {
      if (isConcept(r.url)) {
        if (documents < CONCEPT_AFTER) held.push(r); else addConcept(r);
        return;
      }
      documents++;
      var meta = [r.meta && r.meta.date, r.filters && r.filters.kind && r.filters.kind[0]].filter(Boolean).join(" · ");
      var subs = passages(r);
      add(new URL(r.url, location.origin).href, (r.meta && r.meta.title) || r.url,
          (meta ? meta + " — " : "") + excerpt(r.excerpt), false, subs);
      if (documents === CONCEPT_AFTER) held.splice(0).forEach(addConcept);
    });
    if (!s.loading) held.forEach(addConcept);
    this.observe(true);
  };

  Panel.prototype.drawFilters = function (found) {
    var self = this, counts = found.filters || {};
    this.bar.textContent = "";
    if (!countsReady) {
      if (!found.results.length) return;
      var ask = document.createElement("button");
      ask.type = "button";
      ask.className = "kb-filter-open";
      ask.textContent = "Filter by topic, person, kind, year or publisher";
      ask.addEventListener("click", function () {
        ask.disabled = true;
        pagefind().then(function (engines) { return engines.whole(); }).then(loadCounts)
          .then(function () { return self.search(); });
      });
      this.bar.appendChild(ask);
      return;
    }
    FILTERS.forEach(function (f) {
      var values = counts[f[0]] || {};
      var names = Object.keys(values).filter(function (v) { return values[v] > 0 || (self.filters[f[0]] || []).indexOf(v) >= 0; });
      if (!names.length) return;
      names.sort(function (a, b) { return values[b] - values[a] || (a < b ? -1 : 1); });
      var details = document.createElement("details");
      details.className = "kb-filter";
      details.setAttribute("data-kb-filter", f[0]);
      if ((self.filters[f[0]] || []).length || self.opened === f[0]) details.open = true;
      var summary = document.createElement("summary");
      summary.textContent = f[1] + ((self.filters[f[0]] || []).length ? " (" + self.filters[f[0]].length + ")" : "");
      details.appendChild(summary);
      names.forEach(function (v) {
        var label = document.createElement("label");
        var box = document.createElement("input");
        box.type = "checkbox"; box.value = v;
        box.checked = (self.filters[f[0]] || []).indexOf(v) >= 0;
        box.addEventListener("change", function () {
          var on = (self.filters[f[0]] || []).filter(function (x) { return x !== v; });
          if (box.checked) on.push(v);
          self.filters[f[0]] = on;
          self.opened = f[0];
          self.search();
        });
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + v + " (" + values[v] + ")"));
        details.appendChild(label);
      });
      self.bar.appendChild(details);
    });
  };

  // Keystrokes closer together than PAUSE ms are one query; a query of one or two letters,
  // most often the start of a word, waits longer.
  Panel.prototype.typed = function () {
    var self = this;
    clearTimeout(this.timer);
    this.id++;
    if (!this.query() && !Object.keys(this.selected()).length) { this.state = null; this.clear(); return; }
    this.list.setAttribute("aria-busy", "true");
    this.timer = setTimeout(function () { self.search(); }, this.query().length < 3 ? 250 : 20);
  };

  Panel.prototype.scrolled = function (scroller) {
    var s = this.state;
    if (!s || s.loading || s.data.length >= s.found.results.length) return;
    if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 40) {
      s.wanted = s.data.length + PAGE;
      this.more();
    }
  };

  // --- wiring ---------------------------------------------------------------------------

  var header = null;
  function headerPanel() {
    if (header && document.contains(header.input)) return header;
    var input = document.querySelector(".md-search__input");
    var box = document.querySelector(".md-search .md-search-result");
    header = input && box ? new Panel(input, box, false) : null;
    return header;
  }

  document.addEventListener("input", function (event) {
    var t = event.target;
    if (!t.matches || !t.matches(".md-search__input")) return;
    var p = headerPanel();
    if (p) p.typed();
  });

  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(".md-search__input, .kb-search-q")) { loadConcepts(); pagefind(); }
  });

  document.addEventListener("scroll", function (event) {
    var t = event.target;
    if (t && t.classList && t.classList.contains("md-search__scrollwrap") && header) header.scrolled(t);
  }, true);

  function searchPage() {
    var page = document.querySelector(".kb-search-page");
    if (!page || page.kbPanel) return;
    var input = page.querySelector(".kb-search-q");
    var panel = page.kbPanel = new Panel(input, page.querySelector(".kb-search-results"), true);
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    loadConcepts();
    pagefind().then(function (engines) { return engines.whole(); }).then(loadCounts).then(function (all) {
      FILTERS.forEach(function (f) {
        var given = params.getAll(f[0]);
        if (!given.length) return;
        // A value as the list shows it, or any one word of it ("energy" for "Energy cooperation")
        var values = Object.keys(all[f[0]] || {});
        panel.filters[f[0]] = given.map(function (g) {
          var exact = values.filter(function (v) { return v.toLowerCase() === g.toLowerCase(); });
          if (exact.length) return exact[0];
          var some = values.filter(function (v) { return words(v).indexOf(words(g)[0]) >= 0; });
          some.sort(function (a, b) { return all[f[0]][b] - all[f[0]][a]; });
          return some[0] || g;
        });
      });
      return panel.search();
    });
    page.querySelector("form").addEventListener("submit", function (e) { e.preventDefault(); panel.search(); });
    input.addEventListener("input", function () { panel.typed(); });
    window.addEventListener("scroll", function () {
      var el = document.scrollingElement;
      panel.scrolled({ scrollTop: el.scrollTop, clientHeight: el.clientHeight, scrollHeight: el.scrollHeight });
    });
  }

  // The words a passage result was found by, marked in the paragraph it lands on.
  function highlightArrival() {
    var hl = new URLSearchParams(location.search).get("hl");
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!hl || !target || target.kbMarked) return;
    target.kbMarked = true;
    var wanted = hl.toLowerCase().split(/\s+/).filter(Boolean);
    var walker = document.createTreeWalker(target, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) {
      var n = walker.currentNode;
      // Words inside the reader's own evidence marks are marked too (a mark in a mark).
      if (!n.parentElement.closest("[hidden], .kb-pactions, .kb-pnum, .kb-ptopics, mark.kb-hl")) nodes.push(n);
    }
    nodes.forEach(function (n) {
      var text = n.nodeValue, lower = text.toLowerCase();
      if (!wanted.some(function (w) { return lower.indexOf(w) >= 0; })) return;
      var frag = document.createDocumentFragment();
      highlight(frag, text, wanted);
      Array.prototype.forEach.call(frag.querySelectorAll("mark"), function (m) { m.className = "kb-hl"; });
      n.parentNode.replaceChild(frag, n);
    });
    // The words marked, the address is the paragraph's permanent one again: what a reader copies
    // from the address bar or the paragraph's number is the link to cite, without the query.
    var params = new URLSearchParams(location.search);
    params.delete("hl");
    var rest = params.toString();
    history.replaceState(history.state, "", location.pathname + (rest ? "?" + rest : "") + location.hash);
    // Links within the page were resolved against the address with the query (Material's instant
    // navigation writes them out whole): the same, without it.
    Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (a) {
      var url = new URL(a.href, location.href);
      if (url.pathname !== location.pathname || !url.searchParams.has("hl")) return;
      url.searchParams.delete("hl");
      a.setAttribute("href", url.href);
    });
  }

  function arrived() { searchPage(); highlightArrival(); }
  // Material's instant navigation swaps the page without loading it again.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(arrived);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", arrived);
  else arrived();
})();
