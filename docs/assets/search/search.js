// Search, on the page side (the search itself runs in assets/search/worker.js, which Material
// starts). Two things, nothing sent anywhere:
// 1. When the reader opens the search box, tell the search worker to get ready (fetch and index
//    its language's documents), so the first result comes as fast as the next ones. Nothing is
//    fetched for search before that.
// 2. A search result (or any link) that leads to a clause marks that clause briefly, so the eye
//    finds it: the clause's own block and the paragraphs that belong to it.
(function () {
  "use strict";
  var lang = (document.documentElement.lang || "").indexOf("en") === 0 ? "en" : "zh";

  var warmed = false;
  function warm() {
    if (warmed || typeof BroadcastChannel === "undefined") return;
    warmed = true;
    var channel = new BroadcastChannel("plansite-search");
    channel.postMessage({ type: "warm", lang: lang });
    channel.close();
  }

  function clauseBlocks(el) {
    var blocks = [el];
    for (var next = el.nextElementSibling; next; next = next.nextElementSibling) {
      if (next.hasAttribute("data-clause") || /^H[1-6]$/.test(next.tagName) ||
          next.classList.contains("admonition")) break;
      blocks.push(next);
    }
    return blocks;
  }

  var timer = null;
  function markTarget() {
    document.querySelectorAll(".clause-arrived").forEach(function (b) { b.classList.remove("clause-arrived"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^clause-/.test(id)) return;
    var el = document.getElementById(id);
    if (!el) return;
    var blocks = clauseBlocks(el);
    blocks.forEach(function (b) { b.classList.add("clause-arrived"); });
    clearTimeout(timer);
    timer = setTimeout(function () {
      blocks.forEach(function (b) { b.classList.remove("clause-arrived"); });
    }, 2600);
  }

  function setup() {
    var input = document.querySelector(".md-search__input");
    if (input) {
      input.addEventListener("focus", warm);
      if (document.activeElement === input) warm();
    }
    window.addEventListener("hashchange", markTarget);
    markTarget();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
