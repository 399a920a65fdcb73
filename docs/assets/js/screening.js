// The screening page (calculators/CONTRACT.md, "Batch"): a workbook (.xlsx) or CSV file, one
// community (or project) per row, evaluated in the reader's browser by the calculators' own batch
// code (calculators.screening, in the page's worker with the workbook library), never sent anywhere.
//
// <form data-batch="eligibility|funding"> with an <input type="file">; the form gets
// data-ready="true" once Python and the workbook library have loaded. After a file is read, the
// form's [data-batch-output] gets a [data-batch-summary] element with data-rows, data-eligible,
// data-ineligible, data-undetermined and data-errors (funding: data-rows, data-ok, data-errors), a
// summary by district and its chart (screening-chart.js), the file's notes and bad rows, the
// downloads [data-batch-download="xlsx"|"csv"] (blob URLs made here) and a print button; then the
// result table, filterable by status and district, each row opening to its checks and clauses.
(function () {
  "use strict";
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-batch]"));
  if (!forms.length || !window.yyCalculators) return;
  var C = window.yyCalculators, DATA = C.data || {};
  var LANG = (document.documentElement.lang || "zh").indexOf("en") === 0 ? "en" : "zh";
  var BAD_OPEN = 8;   // bad rows listed open; more are folded under a summary
  var T = {
    zh: {
      loading: "正在加载计算程序……", ready: "计算程序已就绪：请选择文件。文件只在本机读取，不会上传。",
      failed: "计算程序未能加载：", reading: "正在读取和计算……", done: "已完成：", ms: " 秒",
      summary: "汇总", rows: "行", file: "文件", sheet: "工作表", headingRow: "标题行第 ", headingRow2: " 行",
      eligible: "符合", ineligible: "不符合", undetermined: "待核实", error: "出错", ok: "已计算",
      district: "所在区", count: "小区数", projects: "项目数", missing: "各区待核实小区最常缺少的答案",
      missingAll: "全部待核实小区最常缺少的答案（调查还需查明的事项）", total: "合计",
      notes: "读取说明", bad: "出错的行", badShow: "逐行查看出错原因", row: "第 ", row2: " 行", none: "无",
      downloadXlsx: "下载结果（.xlsx）", downloadCsv: "下载结果（.csv）", print: "打印汇总（A4）",
      results: "逐行结果", allStatus: "全部结果", allDistricts: "全部区", shown: "显示 ", of: " / 共 ",
      name: "名称", status: "结果", detail: "说明", checks: "各项检查", pass: "符合", fail: "不符合", unknown: "待核实",
      chartTitle: "各区小区的判断结果", fundingChart: "各区改造资金由谁承担",
      totalCost: "改造总费用", districtInput: "区财政投入", cityReward: "市财政奖补", districtNet: "区财政净负担",
      shares: "各方承担（金额及比例）", share: "占比", sep: "：", list: "、", carried: "原样保留的列",
      downloadFailed: "下载未能生成：",
    },
    en: {
      loading: "Loading the calculators…", ready: "Ready: choose a file. It is read on this device and sent nowhere.",
      failed: "The calculators could not load: ", reading: "Reading and evaluating…", done: "Done: ", ms: " s",
      summary: "Summary", rows: "rows", file: "File", sheet: "sheet", headingRow: "heading row ", headingRow2: "",
      eligible: "Eligible", ineligible: "Not eligible", undetermined: "To be determined", error: "Error", ok: "Evaluated",
      district: "District", count: "Communities", projects: "Projects", missing: "Answers most often missing, by district",
      missingAll: "Answers most often missing for undetermined communities (what the survey still has to find out)",
      total: "Total", notes: "Reading notes", bad: "Rows with errors", badShow: "Show each row's error", row: "Row ", row2: "", none: "none",
      downloadXlsx: "Download the results (.xlsx)", downloadCsv: "Download the results (.csv)", print: "Print the summary (A4)",
      results: "Results row by row", allStatus: "All results", allDistricts: "All districts", shown: "Showing ", of: " of ",
      name: "Name", status: "Result", detail: "Explanation", checks: "Checks", pass: "Met", fail: "Not met", unknown: "To be found out",
      chartTitle: "Communities by district and result", fundingChart: "Who pays, by district",
      totalCost: "Total cost", districtInput: "District input", cityReward: "City reward", districtNet: "District net burden",
      shares: "Each payer's amount and share", share: "share", sep: ": ", list: ", ", carried: "Columns carried through",
      downloadFailed: "The download could not be made: ",
    },
  }[LANG];
  var STATUSES = ["eligible", "ineligible", "undetermined", "error"];
  var CHECKS = DATA.checks || [];
  var CLAUSES = DATA.clauses || {};
  var chartWidth = 640;

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (k === "class") node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function msg(m) { return (m && (m[LANG] || m.zh)) || ""; }
  function dname(d) { return d[LANG] || d.zh; }
  function money(s) {
    // exact: the Python's decimal text, grouped by thousands
    if (s === null || s === undefined) return "";
    var parts = String(s).split(".");
    return parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (parts[1] ? "." + parts[1] : "");
  }
  function clauseLink(id) {
    var c = CLAUSES[id];
    return c ? h("a", { href: c[1], class: "screening-clause", text: c[0] }) : document.createTextNode(id);
  }

  C.start();
  C.on(function (m) {
    forms.forEach(function (form) {
      var status = form.querySelector("[data-batch-status]");
      if (m.type === "ready") {
        form.setAttribute("data-ready", "true");
        if (status) status.textContent = T.ready;
      } else if (m.type === "failed") {
        form.setAttribute("data-ready", "false");
        if (status) status.textContent = T.failed + m.message;
      }
    });
  });

  forms.forEach(function (form) {
    var name = form.getAttribute("data-batch");
    var input = form.querySelector('input[type="file"]');
    var status = form.querySelector("[data-batch-status]");
    var output = document.querySelector('[data-batch-output="' + name + '"]');
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      var t0 = performance.now();
      if (status) status.textContent = T.reading;
      output.textContent = "";
      output.removeAttribute("data-status");
      file.arrayBuffer().then(function (buf) {
        return C.call({ screen: name, data: buf, filename: file.name });
      }).then(function (reply) {
        if (reply.failure) throw new Error(reply.failure);
        var t1 = performance.now();
        var result = JSON.parse(reply.result);
        render(output, name, result, file.name);
        var secs = (performance.now() - t0) / 1000;
        window.yyScreeningTimes = window.yyScreeningTimes || {};
        window.yyScreeningTimes[name] = { seconds: secs, python_ms: reply.ms, render_ms: performance.now() - t1,
                                          rows: result.rows ? result.rows.length : 0 };
        if (status) status.textContent = T.done + file.name + " · " + secs.toFixed(1) + T.ms;
      }).catch(function (error) {
        output.setAttribute("data-status", "error");
        output.appendChild(h("p", { class: "screening-error", role: "alert", text: T.failed + String(error.message || error) }));
        if (status) status.textContent = "";
      });
    });
  });

  function render(output, name, result, filename) {
    if (result.status === "error") {
      output.setAttribute("data-status", "error");
      output.appendChild(h("p", { class: "screening-error", role: "alert", "data-batch-error": result.error.code,
                                  text: msg(result.error.message) }));
      return;
    }
    output.setAttribute("data-status", "ok");
    chartWidth = Math.max(300, Math.min(720, (output.clientWidth || 640) - 34));
    var summary = name === "funding" ? fundingSummary(result) : eligibilitySummary(result);
    summary.insertBefore(source(result, filename), summary.children[1] || null);
    summary.appendChild(notes(result.report));
    summary.appendChild(downloads(name, filename));
    output.appendChild(summary);
    output.appendChild(resultTable(name, result));
  }

  function source(result, filename) {
    var r = result.report, parts = [T.file + T.sep + filename];
    if (result.kind === "xlsx") parts.push(T.sheet + (LANG === "zh" ? "“" + r.sheet + "”" : " '" + r.sheet + "'") +
                                          (LANG === "zh" ? "，" : ", ") + T.headingRow + r.heading_row + T.headingRow2);
    parts.push(r.rows + " " + T.rows);
    return h("p", { class: "screening-source", text: parts.join(LANG === "zh" ? "；" : "; ") });
  }

  function totalsList(items) {
    return h("div", { class: "screening-totals" }, items.map(function (it) {
      return h("span", { class: "screening-total is-" + it[0] }, [h("b", { text: String(it[2]) }), " " + it[1]]);
    }));
  }

  function eligibilitySummary(result) {
    var s = result.summary, t = s.totals;
    var box = h("section", { class: "screening-summary", "data-batch-summary": "eligibility",
      "data-rows": t.rows, "data-eligible": t.eligible, "data-ineligible": t.ineligible,
      "data-undetermined": t.undetermined, "data-errors": t.errors }, [h("h3", { text: T.summary })]);
    box.appendChild(totalsList(STATUSES.map(function (k) { return [k, T[k], k === "error" ? t.errors : t[k]]; })));
    var chart = window.yyScreeningChart.bars({
      title: T.chartTitle, categories: s.districts.map(dname), width: chartWidth,
      series: STATUSES.map(function (k) { return { key: k, label: T[k], values: s.districts.map(function (d) { return d[k]; }) }; }),
    });
    box.appendChild(h("figure", { class: "screening-chart" }, [chart, h("figcaption", { text: T.chartTitle })]));
    var head = h("tr", {}, [T.district, T.count, T.eligible, T.ineligible, T.undetermined, T.error]
      .map(function (x) { return h("th", { scope: "col", text: x }); }));
    var body = s.districts.map(function (d) {
      return h("tr", { "data-district": d.code }, [h("th", { scope: "row", text: dname(d) })].concat(
        [d.rows, d.eligible, d.ineligible, d.undetermined, d.error].map(function (n) { return h("td", { class: "num", text: String(n) }); })));
    });
    var foot = h("tr", { class: "screening-sum" }, [h("th", { scope: "row", text: T.total })].concat(
      [t.rows, t.eligible, t.ineligible, t.undetermined, t.errors].map(function (n) { return h("td", { class: "num", text: String(n) }); })));
    box.appendChild(h("div", { class: "screening-scroll", tabindex: "0" }, [h("table", { class: "screening-districts" },
      [h("thead", {}, [head]), h("tbody", {}, body), h("tfoot", {}, [foot])])]));
    var withMissing = s.districts.filter(function (d) { return d.missing.length; });
    if (withMissing.length) {
      box.appendChild(h("h4", { text: T.missing }));
      box.appendChild(h("ul", { class: "screening-missing-by" }, withMissing.map(function (d) {
        return h("li", { "data-district": d.code }, [h("b", { text: dname(d) + T.sep }),
          d.missing.map(function (m) { return m[LANG] + " (" + m.count + ")"; }).join(T.list)]);
      })));
    }
    if (s.missing.length) {
      box.appendChild(h("h4", { text: T.missingAll }));
      box.appendChild(h("ol", { class: "screening-missing" }, s.missing.map(function (m) {
        var check = CHECKS.filter(function (c) { return c.id === m.field; })[0];
        return h("li", { "data-field": m.field }, [m[LANG] + T.sep + m.count + " ", check ? clauseLink(check.clause) : null]);
      })));
    }
    return box;
  }

  function fundingSummary(result) {
    var s = result.summary, t = s.totals, payers = s.payers || [];
    var box = h("section", { class: "screening-summary", "data-batch-summary": "funding",
      "data-rows": t.rows, "data-ok": t.ok, "data-errors": t.errors }, [h("h3", { text: T.summary })]);
    box.appendChild(totalsList([["ok", T.projects, t.rows], ["total-cost", T.totalCost, money(t.sums.total_cost)],
      ["city", T.cityReward, money(t.sums.city_reward)], ["district", T.districtNet, money(t.sums.district_net)],
      ["error", T.error, t.errors]]));
    var chart = window.yyScreeningChart.bars({
      title: T.fundingChart, categories: s.districts.map(dname), width: chartWidth, format: function (n) { return money(n.toFixed(2)); },
      series: payers.map(function (p, i) {
        return { key: "payer-" + (i + 1), label: msg(p.label), values: s.districts.map(function (d) {
          return d.shares[p.payer] ? Number(d.shares[p.payer].amount) : 0; }) };
      }),
    });
    box.appendChild(h("figure", { class: "screening-chart" }, [chart, h("figcaption", { text: T.fundingChart })]));
    var cols = [T.district, T.projects, T.totalCost, T.districtInput, T.cityReward, T.districtNet]
      .concat(payers.map(function (p) { return msg(p.label); }));
    var head = h("tr", {}, cols.map(function (x, i) {
      var p = payers[i - 6];
      return h("th", { scope: "col" }, [x, p ? h("br") : null, p ? clauseLink(p.clause) : null]);
    }));
    function line(d, label, cls) {
      return h("tr", { "data-district": d.code || "", class: cls || "" }, [h("th", { scope: "row", text: label })].concat(
        [String(d.rows), money(d.sums.total_cost), money(d.sums.district_input), money(d.sums.city_reward),
         money(d.sums.district_net)].map(function (n) { return h("td", { class: "num", text: n }); }),
        payers.map(function (p) {
          var x = d.shares[p.payer];
          return h("td", { class: "num", text: x ? money(x.amount) + (x.percent !== null ? " (" + x.percent + "%)" : "") : "—" });
        })));
    }
    box.appendChild(h("h4", { text: T.shares }));
    box.appendChild(h("div", { class: "screening-scroll", tabindex: "0" }, [h("table", { class: "screening-districts" },
      [h("thead", {}, [head]), h("tbody", {}, s.districts.map(function (d) { return line(d, dname(d)); })),
       h("tfoot", {}, [line(t, T.total, "screening-sum")])])]));
    return box;
  }

  function notes(report) {
    var box = h("div", { class: "screening-notes" });
    if (report.notes.length) {
      box.appendChild(h("h4", { text: T.notes }));
      box.appendChild(h("ul", {}, report.notes.map(function (n) { return h("li", { "data-note": n.code, text: msg(n.message) }); })));
    }
    box.appendChild(h("h4", { text: T.bad + T.sep + (report.errors || T.none) }));
    if (report.bad.length) {
      var list = h("ul", { class: "screening-bad", "data-batch-bad": "" }, report.bad.map(function (b) {
        return h("li", { "data-row": b.row, text: T.row + b.row + T.row2 + T.sep + msg(b.message) });
      }));
      // a long list would push the summary's end off the screen: folded, with its count shown
      box.appendChild(report.bad.length > BAD_OPEN ? h("details", { class: "screening-bad-more" },
        [h("summary", { text: T.badShow }), list]) : list);
    }
    return box;
  }

  function downloads(name, filename) {
    var base = filename.replace(/\.(xlsx|csv)$/i, "");
    var suffix = LANG === "zh" ? "-结果" : "-results";
    var box = h("p", { class: "screening-downloads" });
    var problem = h("span", { class: "screening-error", role: "alert" });
    [["xlsx", T.downloadXlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
     ["csv", T.downloadCsv, "text/csv;charset=utf-8"]].forEach(function (d) {
      var b = h("button", { type: "button", class: "md-button", "data-batch-download": d[0], text: d[1] });
      b.addEventListener("click", function () {
        b.disabled = true;
        problem.textContent = "";
        C.call({ download: d[0], calculator: name }).then(function (reply) {
          b.disabled = false;
          if (reply.failure || !reply.bytes) { problem.textContent = T.downloadFailed + (reply.failure || ""); return; }
          var url = URL.createObjectURL(new Blob([reply.bytes], { type: d[2] }));
          var a = h("a", { href: url, download: base + suffix + "." + d[0] });
          document.body.appendChild(a);
          a.click();
          a.remove();
          setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
        });
      });
      box.appendChild(b);
      box.appendChild(document.createTextNode(" "));
    });
    var p = h("button", { type: "button", class: "md-button", "data-batch-print": "", text: T.print });
    p.addEventListener("click", function () { window.print(); });
    box.appendChild(p);
    box.appendChild(problem);
    return box;
  }

  function resultTable(name, result) {
    var rows = result.rows;
    var box = h("section", { class: "screening-results" }, [h("h3", { text: T.results })]);
    var statuses = name === "funding" ? ["ok", "error"] : STATUSES;
    var fStatus = h("select", { "data-filter": "status", "aria-label": T.status },
      [h("option", { value: "", text: T.allStatus })].concat(statuses.map(function (k) { return h("option", { value: k, text: T[k] }); })));
    var ds = result.summary.districts;
    var fDistrict = h("select", { "data-filter": "district", "aria-label": T.district },
      [h("option", { value: "", text: T.allDistricts })].concat(ds.map(function (d) { return h("option", { value: d.code, text: dname(d) }); })));
    var count = h("span", { class: "screening-count", "aria-live": "polite" });
    box.appendChild(h("p", { class: "screening-filters" }, [fStatus, " ", fDistrict, " ", count]));
    var cols = name === "funding" ? [T.row.trim() || "#", T.name, T.district, T.status, T.totalCost, T.cityReward, T.districtNet]
      : ["#", T.name, T.district, T.status, T.detail];
    var tbody = h("tbody");
    var frag = document.createDocumentFragment();
    var byRow = {};
    // one listener for every row's details (toggle does not bubble: listen while capturing)
    tbody.addEventListener("toggle", function (e) {
      var tr = e.target.closest && e.target.closest("tr");
      if (tr && e.target.tagName === "DETAILS") fillDetails(e.target, byRow[tr.getAttribute("data-row")]);
    }, true);
    var byCode = {};
    ds.forEach(function (d) { byCode[d.code] = dname(d); });
    rows.forEach(function (r) {
      var tr = h("tr", { "data-status": r.status, "data-district": r.district, "data-row": r.row });
      tr.appendChild(h("td", { class: "num", text: String(r.row) }));
      tr.appendChild(h("td", { text: r.name || "" }));
      tr.appendChild(h("td", { text: r.district_text ? (byCode[r.district] && r.district !== "?" ? byCode[r.district] : r.district_text) : "" }));
      tr.appendChild(h("td", {}, [h("span", { class: "screening-badge is-" + r.status, text: T[r.status] || r.status })]));
      if (name === "funding") {
        [r.total_cost, r.city_reward, r.district_net].forEach(function (v) { tr.appendChild(h("td", { class: "num", text: money(v) })); });
        if (r.error) tr.cells[3].appendChild(h("div", { class: "screening-why", text: msg(r.error.message) }));
      } else {
        byRow[r.row] = r;
        tr.appendChild(h("td", {}, [details(r)]));
      }
      frag.appendChild(tr);
    });
    tbody.appendChild(frag);
    function filter() {
      var s = fStatus.value, d = fDistrict.value, shown = 0;
      Array.prototype.forEach.call(tbody.rows, function (tr) {
        var ok = (!s || tr.getAttribute("data-status") === s) && (!d || tr.getAttribute("data-district") === d);
        tr.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = T.shown + shown + T.of + rows.length;
    }
    fStatus.addEventListener("change", filter);
    fDistrict.addEventListener("change", filter);
    box.appendChild(h("div", { class: "screening-scroll", tabindex: "0" }, [h("table", { class: "screening-table" },
      [h("thead", {}, [h("tr", {}, cols.map(function (c) { return h("th", { scope: "col", text: c }); }))]), tbody])]));
    filter();
    return box;
  }

  // a row's explanation, opening to every check of 三 with its outcome and clause (built when opened)
  function rowText(r) { return r.error ? msg(r.error.message) : msg(r.explanation); }

  function details(r) {
    var text = rowText(r);
    return h("details", { class: "screening-details" },
             [h("summary", { text: text.length > 80 ? text.slice(0, 78) + "…" : text })]);
  }

  function fillDetails(d, r) {
    if (!r || !d.open || d.getAttribute("data-filled")) return;
    d.setAttribute("data-filled", "true");
    d.appendChild(h("p", { class: "screening-why", text: rowText(r) }));
    if (r.error) return;
    d.appendChild(h("ul", { class: "screening-checks" }, CHECKS.map(function (c) {
      var outcome = r.failed.indexOf(c.id) >= 0 ? "fail" : r.unknown.indexOf(c.id) >= 0 ? "unknown" : "pass";
      return h("li", { "data-check": c.id, "data-outcome": outcome }, [
        h("span", { class: "screening-badge is-" + outcome, text: T[outcome] }), " " + c.label + " ", clauseLink(c.clause)]);
    })));
  }
})();
