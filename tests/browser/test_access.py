"""Accessibility basics, keyboard reach, the copy-link control, and hostile seeds, in Chromium."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# One page of each kind; the document path is found at run time (slugs come from the ledger).
KINDS = ["", "documents/", "topics/", "topics/bri-eaeu-alignment/",
         "people/xi-jinping/", "organizations/eurasian-economic-union/", "places/china/", "treaties/treaty-of-good-neighbourliness/",
         "events/", "timeline/", "topic-map/", "phrases/", "gaps/"]

AUDIT = """() => {
  const problems = [];
  const h1 = document.querySelectorAll("article h1, .md-content h1");
  if (h1.length !== 1) problems.push(`${h1.length} h1 elements`);
  for (const sel of ["header", "main", "nav", "footer"])
    if (!document.querySelector(sel)) problems.push(`no <${sel}> landmark`);
  if (!document.documentElement.lang) problems.push("no lang on <html>");
  for (const img of document.querySelectorAll("img"))
    if (!img.hasAttribute("alt")) problems.push(`img without alt: ${img.src}`);
  for (const svg of document.querySelectorAll("article svg[role=img]"))
    if (!svg.getAttribute("aria-label")) problems.push("svg image without aria-label");
  for (const a of document.querySelectorAll("a[href]")) {
    const name = (a.textContent || "").trim() || a.getAttribute("aria-label") || a.getAttribute("title")
      || [...a.querySelectorAll("img[alt], svg title")].map(e => e.alt || e.textContent).join("").trim();
    if (!name) problems.push(`link without a name: ${a.outerHTML.slice(0, 120)}`);
  }
  // A link in a line of text or a list stands out by more than its colour: an underline, or
  // the border of a chip or a button.
  for (const a of document.querySelectorAll("article p a[href], article li a[href], article td a[href]")) {
    if (a.closest("svg") || a.classList.contains("headerlink")) continue;
    const s = getComputedStyle(a);
    if (s.textDecorationLine === "none" && !(parseFloat(s.borderBottomWidth) > 0))
      problems.push(`link told apart by colour alone: ${a.outerHTML.slice(0, 120)}`);
  }
  const search = document.querySelector("[role=dialog].md-search");
  if (search && !(search.getAttribute("aria-label") || search.getAttribute("aria-labelledby")))
    problems.push("search dialog without a name");
  for (const b of document.querySelectorAll("button"))
    if (!((b.textContent || "").trim() || b.getAttribute("aria-label") || b.getAttribute("title")))
      problems.push(`button without a name: ${b.outerHTML.slice(0, 120)}`);
  return problems;
}"""

# WCAG contrast of our own elements (class kb-*), and of Material's footer line, which we
# recolour, against the colour actually behind them.
CONTRAST = """() => {
  function rgba(s) { const m = s.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; }
  function lum([r, g, b]) {
    const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  }
  function over(top, bottom) { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat(1); }
  function background(el) {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let bg = [255, 255, 255, 1];
    if (layers.length && layers[layers.length - 1][3] >= 1) bg = layers.pop();
    else bg = rgba(getComputedStyle(document.body).backgroundColor)[3] ? rgba(getComputedStyle(document.body).backgroundColor) : bg;
    while (layers.length) bg = over(layers.pop(), bg);
    return bg;
  }
  const low = [];
  for (const el of document.querySelectorAll("[class*='kb-'], .md-copyright, .md-copyright *")) {
    if (!el.textContent.trim() || el.offsetParent === null) continue;
    if ([...el.childNodes].every(n => n.nodeType !== 3 || !n.textContent.trim())) continue;
    const style = getComputedStyle(el);
    if (parseFloat(style.opacity) < 1) continue;  // hidden until hover or focus
    const bg = background(el);
    const fg = over(rgba(style.color), bg);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && +style.fontWeight >= 700);
    // A translucent colour is blended a little differently by each auditor (Lighthouse found
    // Material's footer line at 4.47 where this blend gives 4.51): it keeps a margin.
    const margin = rgba(style.color)[3] < 1 ? 0.05 : 0;
    if (ratio < (large ? 3 : 4.5) + margin) low.push(`${el.className}: ${ratio.toFixed(2)} "${el.textContent.trim().slice(0, 30)}"`);
  }
  return low;
}"""


def document_path(site) -> str:
    return next(p for p in site.pages() if p.startswith("documents/2020-12-28"))


@pytest.mark.parametrize("scheme, palette", [("light", "default"), ("dark", "slate")])
def test_accessibility_basics_on_every_page_kind(site, year_site, page, scheme, palette):
    page.emulate_media(color_scheme=scheme)  # Material picks its palette from the reader's preference
    problems = {}
    pages = [site.url(path) for path in KINDS + [document_path(site)]]
    pages += [year_site.url("topics/bri-eaeu-alignment/"), year_site.url("topics/bri-eaeu-alignment/2020/")]
    for path in pages:
        page.goto(path, wait_until="load")
        assert page.get_attribute("body", "data-md-color-scheme") == palette
        found = page.evaluate(AUDIT) + page.evaluate(CONTRAST)
        if found:
            problems[path] = found
    if problems:
        pytest.fail("\n".join(f"{path}: {p}" for path, found in problems.items() for p in found))


def busiest(site, section: str) -> str:
    """The page of `section` (topics, people) that quotes the most passages: the longest lists."""
    pages = [p for p in site.pages() if p.startswith(section + "/") and p.count("/") == 2]
    return max(pages, key=lambda p: ((site.site / p / "index.html").read_text(encoding="utf-8").count("kb-passage"), p))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_the_four_measured_pages(site, browser, scheme):
    """axe-core (bundled by axe-playwright-python) on the pages BENCHMARKS.md measures with
    Lighthouse: the home page, a document, the topic and the person with the most passages, in
    both palettes, on a phone and on a wide screen (Material shows tabs on the wide one only)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    paths = ["", document_path(site), busiest(site, "topics"), busiest(site, "people")]
    problems = []
    for width in (412, 1280):
        context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
        page = context.new_page()
        for path in paths:
            page.goto(site.url(path), wait_until="load")
            for v in axe.run(page).response["violations"]:
                nodes = "; ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:3])
                problems.append(f"{width}px {path or '/'}: {v['id']} ({v['impact']}, {len(v['nodes'])}): {nodes}")
        context.close()
    assert not problems, "\n".join(problems)


def test_keyboard_reaches_the_paragraph_link_control(site, page):
    page.goto(site.url(document_path(site)), wait_until="load")
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.className")
        if "kb-copy-link" in focused:
            break
    else:
        pytest.fail("Tab never reached a paragraph's copy-link control")
    control = page.locator(":focus")
    page.wait_for_function("() => getComputedStyle(document.activeElement.closest('.kb-pactions')).opacity === '1'")
    assert control.get_attribute("aria-label").startswith("Copy link to paragraph")


def test_copy_link_puts_the_absolute_paragraph_url_on_the_clipboard(site, context, page):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.base.rstrip("/"))
    doc = document_path(site)
    page.goto(site.url(doc), wait_until="load")
    page.locator("#p3").hover()
    page.locator("#p3 .kb-copy-link").click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == site.url(doc) + "#p3"
    # The link given out works: it lands on paragraph 3, highlighted.
    other = context.new_page()
    other.goto(copied, wait_until="load")
    other.wait_for_function("() => document.getElementById('p3').classList.contains('kb-here')")


def test_cite_paragraph_copies_a_citation_with_its_locator(site, context, page):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.base.rstrip("/"))
    doc = document_path(site)
    page.goto(site.url(doc), wait_until="load")
    page.locator("#p5").hover()
    page.locator("#p5 .kb-cite-para").click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert site.url(doc) + "#p5" in copied and "para. 5" in copied


def test_hostile_seeds_render_as_text_with_no_script_run(hostile_site, page, watch):
    pages = hostile_site.pages()
    docs = [p for p in pages if p.startswith("documents/") and p != "documents/"]
    assert len(docs) >= 6
    page.add_init_script("window.__kbAlerts = []; window.alert = m => window.__kbAlerts.push(m);")
    for path in pages:
        page.goto(hostile_site.url(path), wait_until="load")
        assert page.evaluate("() => window.__kbAlerts") == [], path
        assert page.locator("article iframe, article [onerror], article [onload], article [onclick], "
                            "article [onmouseover], article a[href^='javascript:']").count() == 0, path
    text = ""
    for path in docs:
        page.goto(hostile_site.url(path), wait_until="load")
        text += page.locator("article").inner_text()
    for literal in ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "[x](javascript:alert(3))",
                    "{{ 7*7 }}", "{% raw %}", "==mark==", '--8<-- "/etc/passwd"'):
        assert literal in text, literal
    assert not watch.dialogs


def test_hostile_titles_statements_labels_and_citations_stay_text_in_the_browser(hostile_everywhere_site, page, watch):
    """Every page of the site of tests/fixtures/hostile/ opened: no script of the seeds' or the
    vocabulary's runs, no element or handler appears; each document's title, paragraphs,
    statements and citations read as written, its JSON-LD parses to its title, and a search
    shows the results as text."""
    import json

    site = hostile_everywhere_site
    data = json.loads((site.site / "data" / "kb.json").read_text(encoding="utf-8"))
    labels = {c["id"]: c["label"] for c in data["topics"] + data["entities"]}
    page.add_init_script("window.__kbAlerts = []; window.alert = m => window.__kbAlerts.push(m);")
    for path in site.pages():
        page.goto(site.url(path), wait_until="load")
        assert page.evaluate("() => window.__kbAlerts") == [], path
        assert page.locator("article iframe, article img, article b, article i, article u, "
                            "article [onerror], article [onload], article [onclick], article [onmouseover], "
                            "article a[href^='javascript:'], article svg:not([role=img])").count() == 0, path
    for doc in data["documents"]:
        page.goto(site.url(doc["url"]), wait_until="load")
        assert page.locator("article h1").inner_text() == doc["title"]
        text = page.locator("article").inner_text()
        for p in doc["paragraphs"]:
            assert p["text"] in " ".join(text.split()), p["anchor"]
            for st in p["statements"]:
                assert f"{labels[st['speaker']]} {st['verb']}: {st['text']}" in " ".join(text.split())
        ld = page.evaluate("() => JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
        assert ld["headline"] == doc["title"]
        cite = page.locator("#kb-doc").get_attribute("data-cite")  # APA's order (tests/test_citeproc.py)
        assert doc["title"] in cite and (doc["publisher"] or "") in cite and "Unknown" not in cite
        assert json.loads(page.locator("#kb-cite-csl").inner_text())[0]["title"] == doc["title"]
    page.goto(site.url(), wait_until="load")
    field = page.locator("input.md-search__input")
    field.click()
    field.type("grain", delay=20)
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0", timeout=20_000)
    results = page.locator(".md-search-result__list")
    assert results.locator("img, script, iframe, b, i, u, [onmouseover], [onerror]").evaluate_all("els => els.map(e => e.outerHTML)") == []
    assert "<b onmouseover=alert(1)>" in results.inner_text() or labels["grain-trade"] in results.inner_text()
    assert page.evaluate("() => window.__kbAlerts") == [] and not watch.dialogs


def test_selected_quote_gets_a_text_fragment_link_that_lands_on_it(site, context, page):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site.base.rstrip("/"))
    doc = document_path(site)
    page.goto(site.url(doc), wait_until="load")
    # The words may span several nodes (evidence is marked, names are linked): the range is set
    # on the text nodes that hold its start and its end.
    page.evaluate("""() => {
      const p = document.querySelector('#p2 p');
      const quote = 'exchanged new year greetings';
      const nodes = [], walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) nodes.push(walker.currentNode);
      const whole = nodes.map(n => n.textContent).join('');
      const at = (offset) => {
        for (const n of nodes) {
          if (offset <= n.textContent.length) return [n, offset];
          offset -= n.textContent.length;
        }
      };
      const start = whole.indexOf(quote);
      if (start < 0) throw new Error('quote not in #p2: ' + whole);
      const range = document.createRange();
      range.setStart(...at(start));
      range.setEnd(...at(start + quote.length));
      const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
    }""")
    button = page.locator("button.kb-quote-link")
    button.wait_for(state="visible")
    button.click()
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert copied == site.url(doc) + "#p2:~:text=exchanged%20new%20year%20greetings"
