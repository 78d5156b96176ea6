// Knowledge base: bring a linked paragraph into view after Material's instant navigation too.
(function () {
  function focusHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (el && el.classList.contains("kb-para")) el.scrollIntoView({ block: "start" });
  }
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(focusHash);
  else document.addEventListener("DOMContentLoaded", focusHash);
})();
