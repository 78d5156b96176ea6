// Knowledge base: paragraph links and citations, quote links, moved pages. Works with
// Material's instant navigation (document$) and without it.
(function () {
  "use strict";

  function pageUrl() {
    var card = document.getElementById("kb-doc");
    var canonical = card && card.getAttribute("data-canonical");
    if (canonical && /^https?:/.test(canonical)) return canonical;
    return location.href.split("#")[0];
  }

  function copyText(text, button) {
    function done() {
      if (!button) return;
      var label = button.textContent;
      button.textContent = "Copied";
      button.setAttribute("aria-live", "polite");
      setTimeout(function () { button.textContent = label; }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else { fallback(text); done(); }
    document.documentElement.setAttribute("data-kb-copied", text);
  }

  function fallback(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
  }

  function quoteLink(anchor, text) {
    var words = text.trim().split(/\s+/);
    var enc = function (s) { return encodeURIComponent(s).replace(/-/g, "%2D"); };
    var directive = words.length > 10
      ? enc(words.slice(0, 4).join(" ")) + "," + enc(words.slice(-4).join(" "))
      : enc(words.join(" "));
    return pageUrl() + "#" + anchor + ":~:text=" + directive;
  }

  var quoteButton = null;
  function showQuoteButton() {
    var sel = window.getSelection();
    var text = sel ? sel.toString() : "";
    var node = sel && sel.anchorNode;
    var para = node && (node.nodeType === 1 ? node : node.parentElement);
    para = para && para.closest ? para.closest(".kb-para") : null;
    if (!text.trim() || !para) { if (quoteButton) quoteButton.hidden = true; return; }
    if (!quoteButton) {
      quoteButton = document.createElement("button");
      quoteButton.type = "button";
      quoteButton.className = "kb-quote-link md-button";
      quoteButton.textContent = "Copy link to quote";
      document.body.appendChild(quoteButton);
      quoteButton.addEventListener("mousedown", function (e) { e.preventDefault(); });
      quoteButton.addEventListener("click", function () {
        copyText(quoteButton.getAttribute("data-link"), quoteButton);
      });
    }
    var rect = sel.getRangeAt(0).getBoundingClientRect();
    quoteButton.style.top = (window.scrollY + rect.bottom + 6) + "px";
    quoteButton.style.left = (window.scrollX + rect.left) + "px";
    quoteButton.setAttribute("data-link", quoteLink(para.id, text));
    quoteButton.hidden = false;
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("button") : null;
    if (!target) return;
    if (target.classList.contains("kb-copy-link")) {
      copyText(pageUrl() + "#" + target.getAttribute("data-anchor"), target);
    } else if (target.classList.contains("kb-cite-para")) {
      var card = document.getElementById("kb-doc");
      var cite = (card && card.getAttribute("data-cite")) || document.title;
      var anchor = target.getAttribute("data-anchor");
      // The citation ends with the page's URL (kb/pages/exports/citations.py, `plain`): the
      // paragraph's URL takes its place, and its number follows, as APA cites a paragraph.
      var canonical = (card && card.getAttribute("data-canonical")) || "";
      var head = canonical && cite.slice(-canonical.length) === canonical ? cite.slice(0, -canonical.length) : cite + " ";
      copyText(head + pageUrl() + "#" + anchor + " (para. " + target.getAttribute("data-para") + ")", target);
    } else if (target.classList.contains("kb-copy")) {
      var source = document.getElementById(target.getAttribute("data-copy"));
      if (source) copyText(source.textContent, target);
    }
  });

  document.addEventListener("selectionchange", function () { window.requestAnimationFrame(showQuoteButton); });

  // Material's search dialog has a role but no name; a screen reader announces it by its
  // field's label, in the site's language.
  function nameSearch() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    var field = document.querySelector(".md-search__input");
    if (dialog && !dialog.hasAttribute("aria-label"))
      dialog.setAttribute("aria-label", (field && field.getAttribute("aria-label")) || "Search");
  }

  // Each paragraph's "Copy link" and "Cite" buttons are made here, not written into the page:
  // they work only with a script, and written out they were the same few hundred bytes on
  // every paragraph of every document (BENCHMARKS.md, "Site size per document"). Made once a
  // page, after the paragraph's number (kb-pnum), which gives the anchor and the number.
  function paragraphActions() {
    document.querySelectorAll(".kb-para > .kb-pnum").forEach(function (pnum) {
      if (pnum.nextElementSibling && pnum.nextElementSibling.classList.contains("kb-pactions")) return;
      var anchor = pnum.parentElement.id, number = pnum.textContent;
      var actions = document.createElement("p");
      actions.className = "kb-pactions";
      actions.setAttribute("data-search-exclude", "");
      [["kb-copy-link", "Copy link", "Copy link to paragraph " + number],
       ["kb-cite-para", "Cite ¶" + number, "Copy a citation of paragraph " + number]].forEach(function (b, i) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = b[0] + " md-button";
        button.setAttribute("data-anchor", anchor);
        if (i) button.setAttribute("data-para", number);
        button.setAttribute("aria-label", b[2]);
        button.textContent = b[1];
        actions.appendChild(button);
        if (!i) actions.appendChild(document.createTextNode(" "));
      });
      pnum.insertAdjacentElement("afterend", actions);
    });
  }

  function onPage() {
    nameSearch();
    paragraphActions();
    var moved = document.querySelector("[data-kb-redirect]");
    if (moved) {
      location.replace(new URL(moved.getAttribute("data-kb-redirect"), location.href).href + location.hash);
      return;
    }
    highlight();
  }

  // :target does not follow links opened by instant navigation (history.pushState), so the
  // paragraph a link points at is also marked with a class.
  function highlight() {
    var id = decodeURIComponent(location.hash.slice(1).split(":~:")[0]);
    var el = id && document.getElementById(id);
    // The anchor of a paragraph that is gone (kb-anchor) marks the paragraph it stands in.
    if (el && el.classList.contains("kb-anchor")) el = el.parentElement;
    Array.prototype.forEach.call(document.querySelectorAll(".kb-para.kb-here"), function (p) {
      if (p !== el) p.classList.remove("kb-here");
    });
    if (el && el.classList.contains("kb-para")) {
      el.classList.add("kb-here");
      el.scrollIntoView({ block: "start" });
    }
  }
  window.addEventListener("hashchange", highlight);
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(onPage);
  else document.addEventListener("DOMContentLoaded", onPage);
})();
