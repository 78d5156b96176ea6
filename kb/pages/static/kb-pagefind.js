// Pagefind behind Material's search field, for sites built with the Pagefind index
// (kb/renderers/search.py). Material's own index is empty then; this script answers the same field and
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
  var shown = null; // {query, concepts, results (null while Pagefind searches), total, partial, busy}
  var concepts = null; // [{record, names: [[word, ...], ...]}]
  var CONCEPTS_SHOWN = 3;

  // A large site's index comes in parts (kb/renderers/search.py): the first at pagefind/, holding the
  // newest documents and few of them, the rest listed in pagefind/kb-parts.json. Two engines:
  // "quick" searches the first part alone and shows its results at once; "whole" merges every
  // part and gives the final list, ranked as one index. They are two instances of Pagefind's
  // module (the same file, imported under two fragments, so fetched once), each with its own
  // worker. A site in one part has only "whole".
  function open(tag, merged) {
    return import(new URL("pagefind/pagefind.js" + tag, root).href).then(function (pf) {
      // init() fetches the wasm and metadata now, not at the first query.
      return pf.options({ baseUrl: root.pathname }).then(function () { return pf.init(); })
        .then(function () {
          return Promise.all(merged.map(function (part) {
            return pf.mergeIndex(new URL(part, root).href, { baseUrl: root.pathname });
          }));
        })
        .then(function () { return pf; });
    });
  }

  function pagefind() {
    if (!engine) {
      engine = fetch(new URL("pagefind/kb-parts.json", root).href)
        .then(function (r) { return r.ok ? r.json() : []; }).catch(function () { return []; })
        .then(function (parts) {
          if (!parts.length) return { quick: null, whole: open("", []) };
          // One after the other, so the whole index finds the first part's files in the
          // browser's cache rather than fetching them a second time.
          var quick = open("", []);
          return { quick: quick, whole: quick.catch(function () {}).then(function () { return open("#whole", parts); }) };
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
    // aria-busy: more results are on their way (assistive technology waits; so do tests)
    list.setAttribute("aria-busy", shown.results === null || shown.busy ? "true" : "false");
    meta.textContent = shown.results === null ? "Searching the documents…"
      : shown.partial ? "Newest matching documents; searching older ones…"
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
  // (seconds on a large site). Keystrokes closer together than PAUSE ms are one query, and
  // while a search runs, whatever is typed meanwhile is one query, searched when it ends. A
  // query of one or two letters is most often the start of a word still being typed, and the
  // costliest to search (every word it begins): it waits for a longer pause.
  var PAUSE = 20, SHORT_PAUSE = 250, SHORT = 3;
  var running = false;
  var timer = null;

  function run(input) {
    var id = latest;
    var query = input.value.trim();
    if (!query) { shown = null; return; }
    running = true;
    var final = false;

    // Paints the first ten of `search` for this query, unless a newer query or (for the
    // first part's search) the whole index's answer came first. Each result's text is a
    // fragment file of its own, fetched and unpacked one by one: the list is painted as its
    // head arrives rather than when the tenth has.
    function show(search, partial) {
      if (id !== latest || !search || final) return null;
      if (!partial) final = true;
      var wanted = search.results.slice(0, 10);
      var results = new Array(wanted.length);
      var ready = 0;
      function draw() {
        shown = { query: input.value, concepts: conceptsFor(input.value), results: results.slice(0, ready),
                  total: search.results.length, partial: partial, busy: partial || ready < results.length };
        watch();
        paint();
      }
      if (!wanted.length) return draw();
      return Promise.all(wanted.map(function (r, i) {
        return r.data().then(function (data) {
          results[i] = data;
          if (id !== latest || (partial && final) || results[ready] === undefined) return;
          while (ready < results.length && results[ready] !== undefined) ready++;
          draw();
        });
      }));
    }

    pagefind().then(function (engines) {
      var searching = function (pf) { return pf.search(query); };
      var quick = engines.quick ? engines.quick.then(searching) : Promise.resolve(null);
      // The whole index is searched once the first part has answered: the first part's
      // search has the machine to itself, and its chunks are in the browser's cache by then.
      var whole = quick.catch(function () {}).then(function () {
        return id === latest ? engines.whole.then(searching) : null; // typed on: not needed
      });
      return Promise.all([
        quick.then(function (search) { return search && search.results.length ? show(search, true) : null; })
          .catch(function () { /* the whole index still answers */ }),
        whole.then(function (search) { return show(search, false); })]);
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
    timer = setTimeout(function () { if (!running) run(input); },
                       input.value.trim().length < SHORT ? SHORT_PAUSE : PAUSE);
  });

  // Load the engine as soon as the reader goes to the search field, not at the first letter.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(".md-search__input")) { loadConcepts(); pagefind(); }
  });
})();
