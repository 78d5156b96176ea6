// Pagefind behind Material's search field, for sites built with the Pagefind index
// (kb/search.py). Material's own index is empty then; this script answers the same field and
// draws results with Material's markup, so the search looks and works as before while a reader
// downloads only the index chunks a query needs. Result text is set as text, never as HTML.
(function () {
  "use strict";

  var me = document.currentScript && document.currentScript.src;
  var root = me ? new URL("../", me) : new URL("./", location.href);
  var engine = null;
  var latest = 0;
  var shown = null; // {query, results}

  function pagefind() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        // init() fetches the wasm and metadata now, not at the first query.
        return pf.options({ baseUrl: root.pathname }).then(function () { return pf.init(); })
          .then(function () { return pf; });
      });
    }
    return engine;
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

  function paint() {
    var input = document.querySelector(".md-search__input");
    var meta = document.querySelector(".md-search-result__meta");
    var list = document.querySelector(".md-search-result__list");
    if (!input || !meta || !list || !shown || input.value !== shown.query) return;
    observer.disconnect();
    meta.textContent = shown.results.length ? shown.total + " matching document" + (shown.total === 1 ? "" : "s")
      : "No matching documents";
    list.textContent = "";
    shown.results.forEach(function (r) {
      var li = document.createElement("li");
      li.className = "md-search-result__item";
      var a = document.createElement("a");
      a.className = "md-search-result__link";
      a.tabIndex = -1;
      a.href = new URL(r.url, location.origin).href;
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      var icon = document.createElement("div");
      icon.className = "md-search-result__icon md-icon";
      var h = document.createElement("h1");
      h.textContent = (r.meta && r.meta.title) || r.url;
      var p = document.createElement("p");
      highlight(p, plain(r.excerpt), shown.query);
      article.appendChild(icon); article.appendChild(h); article.appendChild(p);
      a.appendChild(article); li.appendChild(a); list.appendChild(li);
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
          shown = { query: input.value, results: results, total: search.results.length };
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
    clearTimeout(timer);
    timer = setTimeout(function () { if (!running) run(input); }, PAUSE);
  });

  // Load the engine as soon as the reader goes to the search field, not at the first letter.
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(".md-search__input")) pagefind();
  });
})();
