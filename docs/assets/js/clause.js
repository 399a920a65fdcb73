// Adds a "copy citation" button at the end of every clause. The citation text comes from the page
// (data-cite, written at build time); the permalink is this page's address plus the anchor.
// Nothing is sent anywhere: the text goes to the reader's clipboard only.
(function () {
  "use strict";
  var en = (document.documentElement.lang || "").indexOf("en") === 0;
  var LABEL = en ? "Copy citation" : "复制引用";
  var DONE = en ? "Citation copied" : "已复制引用";
  var FAIL = en ? "Could not copy: select the text to copy it" : "无法复制，请手动选择文字复制";

  function permalink(id) {
    return location.origin + location.pathname + "#" + id;
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      ok ? resolve() : reject(new Error("copy failed"));
    });
  }

  function setup() {
    var status = document.createElement("span");
    status.className = "copy-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    document.body.appendChild(status);
    document.querySelectorAll("[data-clause][data-cite]").forEach(function (el) {
      if (el.querySelector(":scope > .clause-copy")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "clause-copy";
      button.textContent = LABEL;
      button.setAttribute("aria-label", LABEL + " " + el.getAttribute("data-cite"));
      button.addEventListener("click", function () {
        var text = el.getAttribute("data-cite") + " " + permalink(el.id);
        button.setAttribute("data-copied", text);
        copy(text).then(function () {
          button.textContent = DONE;
          status.textContent = DONE;
        }, function () {
          button.textContent = FAIL;
          status.textContent = FAIL;
        });
        setTimeout(function () { button.textContent = LABEL; }, 2500);
      });
      el.appendChild(button);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();

// A wide table scrolls sideways inside Material's wrapper: a keyboard reader must be able to
// reach and scroll it too (focusable, named by the table it holds).
(function () {
  function focusableScroll() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var lang = (document.documentElement.lang || "").slice(0, 2);
        wrap.setAttribute("aria-label", lang === "en" ? "Table (scrolls sideways)" : "表格（可左右滚动）");
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusableScroll);
  else focusableScroll();
  window.addEventListener("resize", focusableScroll);
})();
