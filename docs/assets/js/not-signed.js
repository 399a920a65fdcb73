// The consent page's list of owners who have not signed (issue 13): after a roster result, the
// owners whose signature is missing or still to be verified, with their 房号 and area, for the
// people who go door to door. Sortable by 房号, owner or area; downloadable as CSV (UTF-8 with a
// byte-order mark, formula-like cells made text) and as .xlsx (the npm package write-excel-file,
// pinned in package-lock.json, served by the site: assets/vendor/write-excel-file/, loaded on
// the first .xlsx download). It reads the result calculator.js shows ("calculator:result" on the
// result box); it computes nothing of 七（二） and sends nothing anywhere.
//
// A big roster never freezes the page: the list shows PAGE rows and a "show more" button; a sort
// runs as a merge sort in slices of a few milliseconds between frames; the table is filled in
// chunks, one per animation frame.
(function () {
  "use strict";

  var form = document.querySelector('form[data-calculator="consent"]');
  var box = document.querySelector("[data-result]");
  if (!form || !box) return;
  var LANG = (document.documentElement.lang || "zh").indexOf("en") === 0 ? "en" : "zh";
  var script = document.currentScript;
  var ROOT = new URL("../../", script ? script.src : location.href).href;
  var XLSX_LIB = ROOT + "assets/vendor/write-excel-file/write-excel-file.min.js";
  var PAGE = 200;       // rows shown at a time
  var CHUNK = 50;       // rows added to the table per animation frame
  var SLICE_MS = 8;     // longest slice of a sort

  var T = {
    zh: {
      heading: "未签字或签字待核实的业主（{n} 名）",
      help: "每名业主一行，列出其全部房号与面积合计，供上门核实使用。点击列标题排序；名单只在您的设备上生成，不会上传。",
      unit: "房号", owner: "业主", area: "面积（m²）", signed: "签字", rows: "名册行号",
      no: "未签字", unknown: "待核实",
      csv: "下载名单（CSV）", xlsx: "下载名单（Excel .xlsx）",
      more: "再显示 {k} 名", shown: "已显示 {m} / {n} 名",
      sorting: "正在排序……", sorted: "已按{col}{dir}排列。", asc: "升序", desc: "降序",
      xlsxFailed: "无法生成 Excel 文件，请改用 CSV。", file: "未签字业主名单", sheet: "未签字业主"
    },
    en: {
      heading: "Owners who have not signed or whose signature is to be verified ({n})",
      help: "One row per owner, with all their units and their total area, for the people who go door to door. Click a column heading to sort; the list is made on your device and never uploaded.",
      unit: "Unit", owner: "Owner", area: "Area (m²)", signed: "Signature", rows: "Roster rows",
      no: "not signed", unknown: "to be verified",
      csv: "Download the list (CSV)", xlsx: "Download the list (Excel .xlsx)",
      more: "Show {k} more", shown: "{m} of {n} shown",
      sorting: "Sorting…", sorted: "Sorted by {col}, {dir}.", asc: "ascending", desc: "descending",
      xlsxFailed: "The Excel file could not be made: use CSV instead.", file: "owners-not-signed", sheet: "Not signed"
    }
  }[LANG];

  function fmt(s, values) {
    return s.replace(/\{(\w+)\}/g, function (_, k) { return values[k] === undefined ? "" : values[k]; });
  }

  var el = window.yyCalculators.el;   // calculator-client.js, loaded before this script

  // -- the list: one row per owner --------------------------------------------------------------
  var list = null;   // {owners: [...], order: Uint32Array, shown, key, dir}
  var section = null;

  function rowOf(o) {
    return {
      unit: (o.units || []).join(LANG === "zh" ? "、" : ", "),
      owner: String(o.owner),
      area: String(o.area),
      signed: o.signed === null ? T.unknown : T.no,
      rows: (o.rows || []).join(LANG === "zh" ? "、" : ", ")
    };
  }

  // 房号 in natural order ("2-3" before "10-1"): runs of digits compared as numbers
  function naturalKey(s) {
    return s.replace(/\d+/g, function (d) { return String(d.length).padStart(2, "0") + d; });
  }

  var collator = new Intl.Collator(LANG === "zh" ? "zh-Hans-CN" : "en", { numeric: true, sensitivity: "base" });
  var COMPARE = {
    unit: function (a, b) { return a.unitKey < b.unitKey ? -1 : a.unitKey > b.unitKey ? 1 : 0; },
    owner: function (a, b) { return collator.compare(a.owner, b.owner); },
    area: function (a, b) { return a.cents - b.cents; }
  };

  function cents(s) {
    var m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
    return m ? Number(m[1]) * 100 + Number(((m[2] || "") + "00").slice(0, 2)) : 0;
  }

  // A stable merge sort of the indices 0..n-1, in slices of SLICE_MS between tasks, so that the
  // page keeps answering; done(order) at the end. A new sort cancels one under way.
  var sortJob = 0;
  function sortInSlices(items, cmp, dir, done) {
    var job = sortJob;
    var n = items.length;
    var a = new Uint32Array(n), b = new Uint32Array(n);
    for (var x = 0; x < n; x++) a[x] = x;
    var width = 1, lo = 0, mid = 0, hi = 0, i = 0, j = 0, k = 0, merging = false;
    function less(p, q) { var c = cmp(items[p], items[q]); return (dir < 0 ? -c : c) <= 0; }
    function step() {
      if (job !== sortJob) return;
      var until = performance.now() + SLICE_MS;
      var ops = 0;
      while (width < n) {
        if (!merging) {
          if (lo >= n) { var t = a; a = b; b = t; width *= 2; lo = 0; continue; }
          mid = Math.min(lo + width, n); hi = Math.min(lo + 2 * width, n);
          i = lo; j = mid; k = lo; merging = true;
        }
        while (k < hi) {
          if (i < mid && (j >= hi || less(a[i], a[j]))) b[k++] = a[i++]; else b[k++] = a[j++];
          if ((++ops & 1023) === 0 && performance.now() > until) { setTimeout(step, 0); return; }
        }
        merging = false; lo = hi;
      }
      done(a);
    }
    step();
  }

  // -- rendering: PAGE rows at a time, CHUNK rows per animation frame ----------------------------
  var renderJob = 0;
  // the row of owner i, made when first needed (a big list is never converted all at once)
  function item(i) {
    var r = list.items[i];
    if (!r) {
      var o = list.owners[i];
      r = list.items[i] = rowOf(o);
      r.cents = cents(r.area);
      r.unitKey = naturalKey((o.units && o.units[0]) || "");
    }
    return r;
  }

  // every row, in slices (before a sort); done() at the end
  function prepare(done) {
    var job = sortJob;
    var i = 0, n = list.owners.length;
    (function step() {
      if (job !== sortJob) return;
      var until = performance.now() + SLICE_MS;
      while (i < n) {
        item(i++);
        if ((i & 255) === 0 && performance.now() > until) { setTimeout(step, 0); return; }
      }
      done();
    })();
  }

  function renderRows(from, to) {
    var job = ++renderJob;
    var tbody = section.querySelector("tbody");
    var i = from;
    function chunk() {
      if (job !== renderJob) return;
      var frag = document.createDocumentFragment();
      var end = Math.min(i + CHUNK, to);
      for (; i < end; i++) {
        var r = item(list.order[i]);
        frag.appendChild(el("tr", { "data-unit": r.unit }, [
          el("td", { text: r.unit }), el("td", { text: r.owner }), el("td", { "class": "calc-number", text: r.area }),
          el("td", { text: r.signed }), el("td", { text: r.rows })
        ]));
      }
      tbody.appendChild(frag);
      list.shown = i;
      updatePager();
      if (i < to) requestAnimationFrame(chunk);
      else section.setAttribute("data-rendered", String(i));
    }
    section.removeAttribute("data-rendered");
    chunk();
  }

  function updatePager() {
    var n = list.owners.length;
    var more = section.querySelector("[data-not-signed-more]");
    var left = n - list.shown;
    more.hidden = left <= 0;
    more.style.display = left <= 0 ? "none" : "";  // .md-button's display would show it
    more.textContent = fmt(T.more, { k: Math.min(PAGE, left) });
    section.querySelector("[data-not-signed-shown]").textContent = fmt(T.shown, { m: list.shown, n: n });
  }

  function resort(key) {
    var dir = list.key === key ? -list.dir : 1;
    var status = section.querySelector("[data-not-signed-status]");
    status.textContent = T.sorting;
    section.setAttribute("aria-busy", "true");
    section.setAttribute("data-sorting", key);
    var job = ++sortJob;
    prepare(function () {
      if (job === sortJob) sortInSlices(list.items, COMPARE[key], dir, sorted);
    });
    function sorted(order) {
      list.order = order; list.key = key; list.dir = dir;
      section.removeAttribute("aria-busy");
      section.removeAttribute("data-sorting");
      section.setAttribute("data-sort", key);
      section.setAttribute("data-sort-dir", dir > 0 ? "ascending" : "descending");
      section.querySelectorAll("th[data-col]").forEach(function (th) {
        if (th.getAttribute("data-col") === key) th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
      status.textContent = fmt(T.sorted, { col: T[key], dir: dir > 0 ? T.asc : T.desc });
      section.querySelector("tbody").textContent = "";
      var shown = Math.max(PAGE, Math.min(list.shown, list.owners.length));
      list.shown = 0;
      renderRows(0, Math.min(shown, list.owners.length));
    }
  }

  // -- downloads ----------------------------------------------------------------------------------
  var COLUMNS = ["unit", "owner", "area", "signed", "rows"];

  // a cell that a spreadsheet would run as a formula is kept as text (as the batch CSV does)
  function safe(s) {
    if (!/^[=+\-@\t\r]/.test(s)) return s;
    if (/^[+-](?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(s)) return s;
    return "'" + s;
  }

  function csvText() {
    var lines = [COLUMNS.map(function (c) { return T[c]; })];
    for (var i = 0; i < list.order.length; i++) {
      var r = item(list.order[i]);
      lines.push(COLUMNS.map(function (c) { return r[c]; }));
    }
    return "\uFEFF" + lines.map(function (cells) {
      return cells.map(function (c) {
        var s = safe(String(c));
        return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
      }).join(",");
    }).join("\r\n") + "\r\n";
  }

  function fileName(ext) {
    var d = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return T.file + "-" + d.getFullYear() + pad(d.getMonth() + 1) + pad(d.getDate()) + "." + ext;
  }

  function save(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = el("a", { href: url, download: name });
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  var xlsxLib = null;
  function loadXlsx() {
    if (!xlsxLib) {
      xlsxLib = new Promise(function (resolve, reject) {
        if (window.writeXlsxFile) { resolve(window.writeXlsxFile); return; }
        var s = el("script", { src: XLSX_LIB });
        s.onload = function () { window.writeXlsxFile ? resolve(window.writeXlsxFile) : reject(new Error("xlsx")); };
        s.onerror = function () { xlsxLib = null; reject(new Error("xlsx")); };
        document.head.appendChild(s);
      });
    }
    return xlsxLib;
  }

  function xlsxBlob(write) {
    // text cells are text in a workbook (never formulas): no ' needed; the area is a number
    var data = [COLUMNS.map(function (c) { return { value: T[c], fontWeight: "bold" }; })];
    for (var i = 0; i < list.order.length; i++) {
      var r = item(list.order[i]);
      data.push([{ type: String, value: r.unit }, { type: String, value: r.owner },
        { type: Number, value: r.cents / 100, format: "0.00" }, { type: String, value: r.signed },
        { type: String, value: r.rows }]);
    }
    return write(data, { sheet: T.sheet, stickyRowsCount: 1,
      columns: [{ width: 16 }, { width: 14 }, { width: 12 }, { width: 10 }, { width: 12 }] }).toBlob();
  }

  // -- the section ------------------------------------------------------------------------------
  function render(result) {
    if (section) section.remove();
    section = null;
    list = null;
    ++sortJob; ++renderJob;
    var owners = result && result.roster && result.roster.not_signed;
    if (!Array.isArray(owners) || !owners.length) return;
    var n = owners.length;
    var order = new Uint32Array(n);
    for (var i = 0; i < n; i++) order[i] = i;
    list = { owners: owners, items: new Array(n), order: order, shown: 0, key: "area", dir: -1 };
    var head = el("tr", {}, COLUMNS.map(function (c) {
      var th = el("th", { scope: "col", "data-col": c });
      if (COMPARE[c]) {
        var button = el("button", { type: "button", "class": "calc-sort", "data-sort-by": c, text: T[c] });
        button.addEventListener("click", function () { resort(c); });
        th.appendChild(button);
      } else th.textContent = T[c];
      if (c === "area") th.setAttribute("aria-sort", "descending");
      return th;
    }));
    var csvButton = el("button", { type: "button", "class": "md-button", "data-not-signed-download": "csv", text: T.csv });
    var xlsxButton = el("button", { type: "button", "class": "md-button", "data-not-signed-download": "xlsx", text: T.xlsx });
    var note = el("p", { "class": "calc-help", role: "status", "aria-live": "polite", "data-not-signed-status": "" });
    csvButton.addEventListener("click", function () {
      save(new Blob([csvText()], { type: "text/csv;charset=utf-8" }), fileName("csv"));
    });
    xlsxButton.addEventListener("click", function () {
      xlsxButton.disabled = true;
      loadXlsx().then(xlsxBlob).then(function (blob) {
        save(blob, fileName("xlsx"));
      }).catch(function () { note.textContent = T.xlsxFailed; }).then(function () { xlsxButton.disabled = false; });
    });
    var more = el("button", { type: "button", "class": "md-button", "data-not-signed-more": "" });
    more.addEventListener("click", function () {
      renderRows(list.shown, Math.min(list.shown + PAGE, list.owners.length));
    });
    section = el("div", { "class": "calc-not-signed", "data-not-signed": "", "data-count": String(n),
                          "data-sort": "area", "data-sort-dir": "descending" }, [
      el("h3", { text: fmt(T.heading, { n: n.toLocaleString(LANG === "zh" ? "zh-CN" : "en") }) }),
      el("p", { "class": "calc-help", text: T.help }),
      el("p", { "class": "calc-actions" }, [csvButton, " ", xlsxButton]),
      note,
      el("div", { "class": "calc-table-scroll", tabindex: "0", role: "region", "aria-label": fmt(T.heading, { n: n }) }, [
        el("table", { "class": "calc-not-signed-table" }, [el("thead", {}, [head]), el("tbody")])
      ]),
      el("p", { "class": "calc-not-signed-pager" }, [
        el("span", { "data-not-signed-shown": "" }), " ", more
      ])
    ]);
    box.appendChild(section);
    renderRows(0, Math.min(PAGE, n));
  }

  box.addEventListener("calculator:result", function (e) {
    var d = e.detail || {};
    if (d.name !== "consent") return;
    render(d.result && d.result.status !== "error" ? d.result : null);
  });

  window.yyNotSigned = { csv: function () { return list ? csvText() : ""; } };
})();
