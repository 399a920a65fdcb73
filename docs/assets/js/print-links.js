// On paper a link's target must be visible: the print stylesheet (site.css, @media print) writes
// data-print-href after each link of the page's text. Here every link to another page gets that
// attribute, as the full address it resolves to where the site is served. Links within the page,
// clause ids, and citations of a clause (whose text already names the clause) are left alone.
(function () {
  "use strict";
  var here = location.href.split("#")[0];
  var links = document.querySelectorAll(".md-content .md-typeset a[href]");
  Array.prototype.forEach.call(links, function (a) {
    var href = a.getAttribute("href");
    if (!href || href.charAt(0) === "#" || /^(javascript|mailto|tel|data|blob):/i.test(href)) return;
    if (a.matches(".clause-id, .clause-edited, .headerlink, .md-button, .md-footer__link")) return;
    if (/#clause-/.test(href)) return;
    var url = a.href;
    if (url.split("#")[0] === here) return;
    try { url = decodeURI(url); } catch (e) { /* keep it encoded */ }
    a.setAttribute("data-print-href", url);
  });
})();
