// Pagefind behind Material's search field, for sites built with the Pagefind index
// (kb/search.py). Material's own index is empty then; this script answers the same field and
// draws results with Material's markup, so the search looks and works as before while a reader
// downloads only the index chunks a query needs. Result text is set as text, never as HTML.
// Topics and names whose label or alias the query matches (data/concepts.json, a few hundred
// records) are listed first at once, while Pagefind still searches the documents.
(function () {
  "use strict";

  var me = document.currentScript && document.currentScript.src;
  var root = me ? new URL("../", me) : new URL("./", location.href);
  var engine = null;
  var latest = 0;
  var shown = null; // {query, concepts, results (null while Pagefind searches), total}
  var concepts = null; // [{record, names: [[word, ...], ...]}]
  var CONCEPTS_SHOWN = 3;

  function pagefind() {
    if (!engine) {
      // A large site's index comes in parts (kb/search.py): the first at pagefind/, the rest
      // listed in pagefind/kb-parts.json and merged into one search.
      var parts = fetch(new URL("pagefind/kb-parts.json", root).href)
        .then(function (r) { return r.ok ? r.json() : []; }).catch(function () { return []; });
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        // init() fetches the wasm and metadata now, not at the first query.
        return pf.options({ baseUrl: root.pathname }).then(function () { return pf.init(); })
          .then(function () { return parts; })
          .then(function (list) {
            return Promise.all(list.map(function (part) {
              return pf.mergeIndex(new URL(part, root).href, { baseUrl: root.pathname });
            }));
          })
          .then(function () { return pf; });
      });
    }
    return engine;
  }

  function words(text) {
    return String(text).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  function loadConcepts() {
    if (concepts) return;
    concepts = [];
    fetch(new URL("data/concepts.json", root).href).then(function (r) { return r.ok ? r.json() : []; })
      .then(function (records) {
        concepts = records.map(function (c) {
          return { record: c, names: [c.label].concat(c.aliases || []).map(words) };
        });
        var input = document.querySelector(".md-search__input");
        if (input && input.value.trim() && shown && shown.query === input.value && !shown.concepts.length) {
          shown.concepts = conceptsFor(input.value);
          paint();
        }
      }).catch(function () { /* no quick matches; Pagefind still answers */ });
  }

  // Every word of the query begins a word of the label or of an alias: an exact name first,
  // then the label before an alias, then the concept found in more documents.
  function conceptsFor(query) {
    var q = words(query);
    if (!concepts || !q.length || query.trim().length < 2) return [];
    var whole = q.join(" ");
    var hits = [];
    concepts.forEach(function (c) {
      var best = 0;
      c.names.forEach(function (name, i) {
        var all = q.every(function (x) { return name.some(function (w) { return w.indexOf(x) === 0; }); });
        if (all) best = Math.max(best, (name.join(" ") === whole ? 4 : 1) + (i === 0 ? 1 : 0));
      });
      if (best) hits.push({ record: c.record, score: best });
    });
    hits.sort(function (a, b) {
      return b.score - a.score || b.record.documents - a.record.documents ||
        (a.record.label < b.record.label ? -1 : a.record.label > b.record.label ? 1 : 0);
    });
    return hits.slice(0, CONCEPTS_SHOWN).map(function (h) { return h.record; });
  }

  function plain(excerpt) {
    // Pagefind excerpts carry <mark> around matches; read them as text whatever else they hold.
    var area = document.createElement("textarea");
    area.innerHTML = String(excerpt || "").replace(/<\/?mark>/g, "");
    return area.value;
  }

  function highlight(parent, text, query) {
    var words = query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 1; });
    var lower = text.toLowerCase();
    var pos = 0;
    while (pos < text.length) {
      var next = -1, len = 0;
      words.forEach(function (w) {
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

  function item(list, href, title, fill, concept) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    if (concept) li.setAttribute("data-kb-concept", "");
    var a = document.createElement("a");
    a.className = "md-search-result__link";
    a.tabIndex = -1;
    a.href = href;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var h = document.createElement("h1");
    h.textContent = title;
    var p = document.createElement("p");
    fill(p);
    article.appendChild(icon); article.appendChild(h); article.appendChild(p);
    a.appendChild(article); li.appendChild(a); list.appendChild(li);
  }

  function paint() {
    var input = document.querySelector(".md-search__input");
    var meta = document.querySelector(".md-search-result__meta");
    var list = document.querySelector(".md-search-result__list");
    if (!input || !meta || !list || !shown || input.value !== shown.query) return;
    observer.disconnect();
    meta.textContent = shown.results === null ? "Searching the documents…"
      : shown.results.length ? shown.total + " matching document" + (shown.total === 1 ? "" : "s")
      : "No matching documents";
    list.textContent = "";
    var listed = {};
    shown.concepts.forEach(function (c) {
      var href = new URL(c.url, root).href;
      listed[href] = true;
      item(list, href, c.label, function (p) {
        p.textContent = c.kind + " · " + c.documents + " document" + (c.documents === 1 ? "" : "s");
      }, true);
    });
    (shown.results || []).forEach(function (r) {
      var href = new URL(r.url, location.origin).href;
      if (listed[href]) return;
      item(list, href, (r.meta && r.meta.title) || r.url, function (p) {
        highlight(p, plain(r.excerpt), shown.query);
      }, false);
    });
    watch();
  }

  // Material redraws the result list when its (empty) index answers; draw ours again after it.
  var observer = new MutationObserver(function () { paint(); });
  function watch() {
    var box = document.querySelector(".md-search-result");
    if (box) observer.observe(box, { childList: true, subtree: true, characterData: true });
  }

  // One search at a time, always for the latest query: Pagefind's worker answers in order, so
  // a search per keystroke would queue "t", "tr", "tra"... before the word the reader typed
  // (seconds on a large site). Keystrokes closer together than PAUSE ms are one query.
  var PAUSE = 80;
  var running = false;
  var timer = null;

  function run(input) {
    var id = latest;
    var query = input.value.trim();
    if (!query) { shown = null; return; }
    running = true;
    pagefind().then(function (pf) { return pf.search(query); }).then(function (search) {
      if (id !== latest || !search) return null;
      return Promise.all(search.results.slice(0, 10).map(function (r) { return r.data(); }))
        .then(function (results) {
          if (id !== latest) return;
          shown = { query: input.value, concepts: conceptsFor(input.value), results: results,
                    total: search.results.length };
          watch();
          paint();
        });
    }).catch(function () { /* a failed chunk: the next keystroke searches again */ }).then(function () {
      running = false;
      if (id !== latest) { // typed on while this ran: search what is there now, once
        clearTimeout(timer);
        run(input);
      }
    });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(".md-search__input")) return;
    latest++;
    if (!input.value.trim()) { shown = null; return; }
    shown = { query: input.value, concepts: conceptsFor(input.value), results: null, total: 0 };
    if (shown.concepts.length) { watch(); paint(); }
    clearTimeout(timer);
    timer = setTimeout(function () { if (!running) run(input); }, PAUSE);
  });

  // Load the engine as soon as the reader goes to the search field, not at the first letter.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(".md-search__input")) { loadConcepts(); pagefind(); }
  });
})();
