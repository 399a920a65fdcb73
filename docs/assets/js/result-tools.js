// The calculator pages' result, as people use it (after assets/js/calculator.js, which shows the
// result and then fires "calculator:result" on [data-result] with {name, lang, result}):
//   - lands the reader on the result heading, below Material's fixed header and its back-to-top
//     button (landOnResult);
//   - "copy as table" (tab-separated: pastes into Excel or WPS as a table) and a CSV download of
//     the result (UTF-8 with BOM, so that Excel opens the Chinese right) (tableRows, tools);
//   - the funding result's "who pays what" table gets a total row (shareTotals);
//   - an undetermined eligibility result lists, for each answer still to find out, the page's own
//     question and the answer that meets the condition (fieldset[data-meets]) (toFindOut).
// Does nothing on other pages.
(function () {
  "use strict";
  var box = document.querySelector("[data-result]");
  var form = document.querySelector("form[data-calculator]");
  if (!box || !form) return;
  var LANG = (document.documentElement.lang || "zh").indexOf("en") === 0 ? "en" : "zh";
  var T = {
    zh: {
      copy: "复制为表格", copied: "已复制：可直接粘贴到 Excel、WPS 表格中。",
      copyFailed: "浏览器不允许复制，请改用“下载 CSV”。", csv: "下载 CSV 表格",
      total: "合计", findOut: "待核实事项", meets: "须回答“{answer}”才符合条件。",
      basis: "依据", address: "网址", plan: "方案版本", colon: "：",
      file: { eligibility: "改造范围条件", consent: "业主签字", funding: "资金分担" }
    },
    en: {
      copy: "Copy as a table", copied: "Copied: paste it into Excel or WPS as a table.",
      copyFailed: "The browser did not allow copying: use “Download CSV” instead.", csv: "Download CSV",
      total: "Total", findOut: "To find out", meets: "The answer that meets the condition: “{answer}”.",
      basis: "Basis", address: "Address", plan: "Plan version", colon: ": ",
      file: { eligibility: "eligibility", consent: "consent", funding: "funding" }
    }
  }[LANG];

  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { n.setAttribute(k, attrs[k]); });
    if (text !== undefined) n.textContent = text;
    return n;
  }

  function clean(s) { return String(s).replace(/\s+/g, " ").trim(); }

  // -- landing on the result -------------------------------------------------------------------
  // The space the theme's fixed bars take at the top: the header, and the back-to-top button that
  // appears under it when the page scrolls up (on a phone it sits over the content).
  function topBars() {
    var bottom = 0;
    var header = document.querySelector(".md-header");
    if (header) bottom = Math.max(bottom, header.getBoundingClientRect().bottom);
    var top = document.querySelector(".md-top");
    if (top) {
      var cs = getComputedStyle(top);
      if (cs.position === "fixed") bottom = Math.max(bottom, (parseFloat(cs.top) || 0) + top.offsetHeight);
    }
    return bottom;
  }

  // At once, not smoothly: a smooth scroll is interrupted by the theme's own scroll handling and by
  // slow devices; then checked again once the page has laid out (fonts, the theme's bars).
  function landOnResult() {
    var heading = box.querySelector("h2") || box;
    function place() {
      var offset = heading.getBoundingClientRect().top - topBars() - 12;
      if (Math.abs(offset) > 2) window.scrollTo({ top: Math.max(0, window.scrollY + offset), behavior: "auto" });
    }
    place();
    requestAnimationFrame(place);
    setTimeout(place, 300);
  }

  // -- the result as rows of cells (what the reader sees, in the page's language) --------------
  function clauseCells(node) {
    var a = node && node.querySelector("a[data-clause-link]");
    return a ? [clean(a.textContent), a.href] : ["", ""];
  }

  function tableRows(root) {
    var rows = [];
    var heading = root.querySelector("h2");
    if (heading) rows.push([clean(heading.textContent)]);
    Array.prototype.forEach.call(root.children, function (node) {
      if (node.matches("h2, .calc-actions, .result-tools, .result-tools-note")) return;
      if (node.tagName === "H3") { rows.push([]); rows.push([clean(node.textContent)]); return; }
      if (node.tagName === "P") { rows.push([clean(node.textContent)]); return; }
      if (node.tagName === "TABLE") {
        Array.prototype.forEach.call(node.rows, function (tr) {
          var cells = [];
          Array.prototype.forEach.call(tr.cells, function (c) {
            var link = c.querySelector("a[data-clause-link]");
            cells.push(clean(c.textContent));
            if (link) cells.push(link.href);
          });
          rows.push(cells);
        });
        return;
      }
      if (node.tagName === "OL" || node.tagName === "UL") {
        Array.prototype.forEach.call(node.children, function (li) {
          var outcome = li.querySelector(".calc-outcome");
          var text = li.querySelector(".calc-step-text");
          var row = [];
          if (outcome) row.push(clean(outcome.textContent));
          row.push(clean(text ? text.textContent : li.textContent));
          if (li.querySelector("a[data-clause-link]")) row = row.concat(clauseCells(li));
          rows.push(row);
        });
      }
    });
    rows.push([]);
    rows.push([T.plan, form.getAttribute("data-plan-version") || "", location.href.split("#")[0]]);
    return rows;
  }

  // a cell that a spreadsheet would take for a formula is kept as text
  function safe(cell) {
    var s = String(cell);
    return /^[=+@\t\r]/.test(s) || (/^-/.test(s) && !/^-[\d,]+(\.\d+)?%?$/.test(s)) ? "'" + s : s;
  }

  function tsv(rows) {
    return rows.map(function (r) {
      return r.map(function (c) { return safe(c).replace(/[\t\r\n]+/g, " "); }).join("\t");
    }).join("\r\n") + "\r\n";
  }

  function csv(rows) {
    return "\uFEFF" + rows.map(function (r) {
      return r.map(function (c) {
        var s = safe(c);
        return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
      }).join(",");
    }).join("\r\n") + "\r\n";
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = el("textarea", { readonly: "", style: "position:fixed;top:0;left:-9999px" });
      area.value = text;
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      if (ok) resolve(); else reject(new Error("copy"));
    });
  }

  function download(name, text) {
    var url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
    var a = el("a", { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  function fileName(name) {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return (T.file[name] || name) + "-" + d.getFullYear() + pad(d.getMonth() + 1) + pad(d.getDate()) + ".csv";
  }

  function tools(name) {
    var actions = box.querySelector(".calc-actions");
    if (!actions) { actions = el("p", { "class": "calc-actions" }); box.appendChild(actions); }
    var note = el("p", { "class": "result-tools-note", role: "status", "aria-live": "polite" });
    var copy = el("button", { type: "button", "class": "md-button", "data-copy-table": "" }, T.copy);
    var save = el("button", { type: "button", "class": "md-button", "data-download-csv": "" }, T.csv);
    copy.addEventListener("click", function () {
      copyText(tsv(tableRows(box))).then(function () { note.textContent = T.copied; },
        function () { note.textContent = T.copyFailed; });
    });
    save.addEventListener("click", function () { download(fileName(name), csv(tableRows(box))); });
    actions.appendChild(copy);
    actions.appendChild(save);
    actions.parentNode.insertBefore(note, actions.nextSibling);
  }

  // -- funding: the total of "who pays what" (exact, in hundredths) ----------------------------
  function hundredths(s) {
    var m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(String(s));
    if (!m) return null;
    var v = BigInt(m[2]) * 100n + BigInt(((m[3] || "") + "00").slice(0, 2));
    return m[1] ? -v : v;
  }

  function fromHundredths(h) {
    var neg = h < 0n;
    var s = (neg ? -h : h).toString().padStart(3, "0");
    var whole = s.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return (neg ? "-" : "") + whole + "." + s.slice(-2);
  }

  function shareTotals(table, result) {
    if (!table || table.tFoot || !result || !Array.isArray(result.shares)) return;
    var sum = 0n;
    for (var i = 0; i < result.shares.length; i++) {
      var h = hundredths(result.shares[i].amount);
      if (h === null) return;
      sum += h;
    }
    var total = hundredths(result.total_cost);
    // the share of the total cost, rounded half up to 0.01 %, as the package rounds
    var pct = total && total > 0n ? fromHundredths((sum * 20000n + total) / (2n * total)) + "%" : "";
    var cols = table.tHead && table.tHead.rows[0] ? table.tHead.rows[0].cells.length : 4;
    var tr = el("tr", { "data-payer": "total" });
    tr.appendChild(el("th", { scope: "row" }, T.total));
    tr.appendChild(el("td", { "data-total": "amount" }, fromHundredths(sum)));
    tr.appendChild(el("td", { "data-total": "percent" }, pct));
    for (var c = 3; c < cols; c++) tr.appendChild(el("td"));
    table.createTFoot().appendChild(tr);
  }

  // -- eligibility: what is still to find out, and the answer that meets each condition --------
  function toFindOut(result) {
    if (result.status !== "undetermined" || !Array.isArray(result.unknown) || !result.unknown.length) return;
    var items = [];
    result.unknown.forEach(function (field) {
      if (typeof field !== "string") return;
      var input = form.querySelector('input[name="' + field.replace(/[^\w.]/g, "") + '"]');
      var set = input && input.closest("fieldset[data-meets]");
      if (!set) return;
      var legend = set.querySelector("legend");
      var want = set.querySelector('input[value="' + set.getAttribute("data-meets") + '"]');
      var answer = want && want.closest("label") ? clean(want.closest("label").textContent) : "";
      var li = el("li", { "data-find-out": field });
      li.appendChild(el("span", { "class": "calc-find-question" }, clean(legend ? legend.textContent : field)));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("span", { "class": "calc-find-answer" }, T.meets.replace("{answer}", answer)));
      items.push(li);
    });
    if (!items.length) return;
    var list = el("ul", { "class": "calc-find-out" });
    items.forEach(function (li) { list.appendChild(li); });
    var summary = box.querySelector(".calc-summary");
    var after = summary ? summary.nextSibling : box.querySelector("h2").nextSibling;
    box.insertBefore(el("h3", {}, T.findOut), after);
    box.insertBefore(list, after);
  }

  // -- wiring ------------------------------------------------------------------------------------
  var last = null;
  box.addEventListener("calculator:result", function (e) {
    var d = e.detail || {};
    last = d;
    e.preventDefault(); // this script lands the reader on the result
    if (d.result && d.result.status !== "error") {
      if (d.name === "funding") shareTotals(box.querySelector("table.calc-shares"), d.result);
      if (d.name === "eligibility") toFindOut(d.result);
      tools(d.name);
    }
    landOnResult();
  });

  // the printed sheet is rebuilt by calculator.js before printing: give it the total row too
  window.addEventListener("beforeprint", function () {
    if (last && last.name === "funding") shareTotals(document.querySelector(".calc-sheet table.calc-shares"), last.result);
  });

  window.yyResultTools = { rows: function () { return tableRows(box); }, tsv: tsv, csv: csv, topBars: topBars };
})();
