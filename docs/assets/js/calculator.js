// The calculator pages: a form, the `calculators` Python package running in a Web Worker
// (calculator-worker.js), and the result with every check or step and the clause it rests on.
//
// The contract (calculators/CONTRACT.md, "In the browser"): one
// <form data-calculator="eligibility|consent|funding"> whose inputs are named after the JSON
// fields (dots for nesting; yes/no/unknown radios with values "true", "false" and ""); the form
// gets data-ready="true" once Python has loaded; the result is shown in [data-result] whose
// data-status is the result's status, or "error" with the message next to the field at fault.
//
// The reader's answers are kept in localStorage under "yy-renovation:answers"
// ({eligibility: {...}, consent: {...}, funding: {...}, updated: ISO time}, each part the
// calculator's JSON input: text as typed, yes/no/unknown as true/false/null), so
// nothing is lost on reload and the printable application form can pre-fill from them. A roster
// file is read in the browser and never sent anywhere, nor stored: only its totals are kept.
//
// The facts of the plan come from the page's page-data block (<script type="application/json"
// id="page-data">, written by plansite/hook.py from the calculators' parameters and the plan's
// front matter): the districts, the result's labels, the clauses' citations and links, the
// plan's version, and where the calculators' runtime is. This script holds none of them.
//
// The worker and the page's facts come from calculator-client.js (window.yyCalculators),
// loaded before this script.
(function () {
  "use strict";

  var C = window.yyCalculators;
  var form = document.querySelector("form[data-calculator]");
  if (!form || !C) return;
  var DATA = C.data, el = C.el, fillDistricts = C.fillDistricts;
  var startWorker = C.start, call = C.call, on = C.on, onProgress = C.onProgress;

  var STORAGE_KEY = "yy-renovation:answers";
  var NAME = form.getAttribute("data-calculator");
  var LANG = (document.documentElement.lang || "zh").indexOf("en") === 0 ? "en" : "zh";
  var T = {
    zh: {
      loading: "正在加载计算程序……（计算完全在您的设备上进行）",
      downloading: "正在下载计算程序：{pct}%（仅首次打开时下载；计算完全在您的设备上进行）",
      starting: "计算程序已下载，正在启动……",
      ready: "计算程序已就绪。",
      failed: "计算程序未能加载：",
      working: "正在计算……",
      bug: "计算时发生程序错误：",
      result: "计算结果",
      error: "填写内容有误",
      fixField: "请更正标出的填写内容：",
      next: "下一步",
      nextTool: { apply: "打开申请表", consent: "打开签字核算计算器" },
      steps: "逐项说明",
      basis: "依据",
      print: "打印结果",
      printed: "打印日期",
      sheetInputs: "填写内容",
      sheetResult: "结果",
      planVersion: "方案版本",
      calcVersion: "计算器版本",
      blank: "（未填）",
      roster: "签字名册",
      rosterRead: "已读取名册“{name}”（{size}）。计算将使用名册，不使用上方的汇总数字；名册只在您的设备上读取，不会上传或保存。",
      rosterRemove: "不用名册",
      rosterCleared: "已移除名册，计算将使用汇总数字。",
      payer: "出资方",
      amount: "金额（元）",
      share: "占比",
      shares: "各方分担",
      figures: "主要数字",
      outcome: { pass: "符合", fail: "不符合", unknown: "待核实" },
      status: {
        eligible: "符合纳入改造范围的条件",
        ineligible: "不符合纳入改造范围的条件",
        undetermined: "尚不能确定：有待核实的事项",
        passed: "已达到双“2/3”",
        not_passed: "未达到双“2/3”",
        ok: "资金分担",
        error: "填写内容有误",
      },
    },
    en: {
      loading: "Loading the calculator… (everything runs on your device)",
      downloading: "Downloading the calculator: {pct}% (the first time only; everything runs on your device)",
      starting: "The calculator is downloaded and starting…",
      ready: "The calculator is ready.",
      failed: "The calculator could not be loaded: ",
      working: "Calculating…",
      bug: "The calculator failed: ",
      result: "Result",
      error: "Invalid input",
      fixField: "Please correct the marked answer: ",
      next: "What comes next",
      nextTool: { apply: "Open the application form", consent: "Open the consent calculator" },
      steps: "Step by step",
      basis: "Basis",
      print: "Print the result",
      printed: "Printed on",
      sheetInputs: "Answers",
      sheetResult: "Result",
      planVersion: "Plan version",
      calcVersion: "Calculator version",
      blank: "(blank)",
      roster: "Signature roster",
      rosterRead: "Roster “{name}” read ({size}). The calculation will use the roster, not the totals above; the file is read on your device only, never uploaded or stored.",
      rosterRemove: "Don't use the roster",
      rosterCleared: "Roster removed: the calculation will use the totals.",
      payer: "Payer",
      amount: "Amount (yuan)",
      share: "Share",
      shares: "Who pays what",
      figures: "Key figures",
      outcome: { pass: "met", fail: "not met", unknown: "to find out" },
      status: {
        eligible: "Meets the conditions for renovation",
        ineligible: "Does not meet the conditions for renovation",
        undetermined: "Not yet decided: some answers are still to be found out",
        passed: "Double two-thirds reached",
        not_passed: "Double two-thirds not reached",
        ok: "Cost sharing",
        error: "Invalid input",
      },
    },
  }[LANG];

  var resultBox = document.querySelector("[data-result]");
  var statusLine = form.querySelector("[data-calc-status]");
  var submit = form.querySelector("[type=submit]");
  var rosterInput = form.querySelector("input[type=file][name=units]");
  var roster = null; // {name, size, bytes}
  var runtimeInfo = {};

  // -- clauses: citation text and link, from the page-data block (plansite/plandoc.py's:
  //    {id: [citation, link relative to this page]})
  var CLAUSES = DATA.clauses || {};

  function citation(id) {
    return CLAUSES[id] ? CLAUSES[id][0] : id;
  }

  function clauseHref(id) {
    return CLAUSES[id] ? new URL(CLAUSES[id][1], location.href).href : "";
  }

  window.yyClause = { citation: citation, href: clauseHref }; // for the tests

  // -- small DOM helpers ---------------------------------------------------------------------
  function clauseLink(id) {
    return el("a", { href: clauseHref(id), "class": "calc-clause", "data-clause-link": id, text: citation(id) });
  }

  function money(s) {
    // "1560000.00" -> "1,560,000.00", exactly as given (no floating point)
    var m = /^(-?)(\d+)(\.\d+)?$/.exec(String(s));
    if (!m) return String(s);
    return m[1] + m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (m[3] || "");
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }

  // -- the answers: form <-> JSON input <-> localStorage ---------------------------------------
  function controls() {
    return Array.prototype.filter.call(form.elements, function (c) {
      return c.name && c.type !== "file" && c.type !== "submit" && c.type !== "button" && !c.disabled;
    });
  }

  function setPath(obj, path, value) {
    var parts = path.split(".");
    for (var i = 0; i < parts.length - 1; i++) {
      if (typeof obj[parts[i]] !== "object" || obj[parts[i]] === null) obj[parts[i]] = {};
      obj = obj[parts[i]];
    }
    obj[parts[parts.length - 1]] = value;
  }

  function getPath(obj, path) {
    var parts = path.split(".");
    for (var i = 0; i < parts.length; i++) {
      if (obj === null || typeof obj !== "object" || !(parts[i] in obj)) return undefined;
      obj = obj[parts[i]];
    }
    return obj;
  }

  // The calculator's JSON input: blank text is left out (unknown, or 0 for costs), a yes/no
  // answer is true, false or null (not known). Everything else is passed as typed, for the
  // package to check: its messages say what is wrong.
  function collect() {
    var input = {};
    controls().forEach(function (c) {
      if (c.type === "radio") {
        if (!c.checked) return;
        setPath(input, c.name, c.value === "true" ? true : c.value === "false" ? false : null);
      } else {
        var v = c.value.trim();
        if (v !== "") setPath(input, c.name, v);
      }
    });
    return input;
  }

  function restore(input) {
    controls().forEach(function (c) {
      var v = getPath(input, c.name);
      if (c.type === "radio") {
        if (v === undefined) return;
        c.checked = c.value === (v === true ? "true" : v === false ? "false" : "");
      } else if (v !== undefined && v !== null && typeof v !== "object") {
        c.value = String(v);
      }
    });
  }

  function loadAll() {
    try {
      var all = JSON.parse(localStorage.getItem(STORAGE_KEY) || "{}");
      return all && typeof all === "object" && !Array.isArray(all) ? all : {};
    } catch (e) {
      return {};
    }
  }

  function save(input) {
    try {
      var all = loadAll();
      all[NAME] = input;
      all.updated = new Date().toISOString();
      localStorage.setItem(STORAGE_KEY, JSON.stringify(all));
    } catch (e) { /* storage may be off (private browsing): answers then live as long as the page */ }
  }

  // -- the worker ------------------------------------------------------------------------------
  function setStatus(text, state) {
    if (!statusLine) return;
    statusLine.textContent = text;
    statusLine.setAttribute("data-state", state);
  }

  function failed(message) {
    setStatus(T.failed + message, "failed");
    form.setAttribute("data-ready", "false");
  }

  function onWorkerState(m) {
    if (m.type === "ready") {
      runtimeInfo = m;
      window.yyCalculatorTimes = { worker: m.ms, phases: m.phases };
      performance.mark("calculator:ready");
      form.setAttribute("data-ready", "true");
      if (submit) submit.disabled = false;
      setStatus(T.ready, "ready");
    } else {
      failed(m.message);
    }
  }

  // -- showing a result -----------------------------------------------------------------------
  function clearErrors() {
    form.querySelectorAll(".calc-field-error").forEach(function (n) { n.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (n) {
      n.removeAttribute("aria-invalid");
      var d = (n.getAttribute("aria-describedby") || "").split(" ").filter(function (x) { return x && x.indexOf("calc-error-") !== 0; });
      if (d.length) n.setAttribute("aria-describedby", d.join(" "));
      else n.removeAttribute("aria-describedby");
    });
  }

  // The form control(s) an error's field names: "contributions.residents" may be given as its
  // general part; "units[3].area" is the roster.
  function fieldControls(field) {
    var candidates = [field, field + ".general", field.replace(/\[.*$/, "")];
    for (var i = 0; i < candidates.length; i++) {
      var found = form.querySelectorAll('[name="' + candidates[i].replace(/"/g, "") + '"]');
      if (found.length) return Array.prototype.slice.call(found);
    }
    return [];
  }

  function showFieldError(field, message) {
    var targets = field ? fieldControls(field) : [];
    if (!targets.length) return null;
    var id = "calc-error-" + targets[0].name.replace(/[^\w-]/g, "-");
    var note = el("p", { "class": "calc-field-error", id: id, "data-field-error": targets[0].name, text: message });
    var anchor = targets[0].closest("fieldset.calc-choice") || targets[0].closest(".calc-field") || targets[0];
    anchor.appendChild(note);
    targets.forEach(function (t) {
      t.setAttribute("aria-invalid", "true");
      var d = (t.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      d.push(id);
      t.setAttribute("aria-describedby", d.join(" "));
    });
    return targets[0];
  }

  function stepItem(message, clause, outcome) {
    var li = el("li", outcome ? { "data-outcome": outcome } : {});
    if (outcome) li.appendChild(el("span", { "class": "calc-outcome", text: T.outcome[outcome] }));
    li.appendChild(el("span", { "class": "calc-step-text", text: message }));
    if (clause) li.appendChild(el("span", { "class": "calc-basis" }, [T.basis + (LANG === "zh" ? "：" : ": "), clauseLink(clause)]));
    return li;
  }

  // The site's own tool for a next step of the plan, by the step's id (relative to this page,
  // which is calculators/eligibility/ in either language).
  var NEXT_TOOLS = { apply: "../../forms/application/", consent: "../consent/" };

  function renderEligibility(r, box) {
    box.appendChild(el("p", { "class": "calc-summary", text: r.summary[LANG] }));
    box.appendChild(el("h3", { text: T.steps }));
    box.appendChild(el("ol", { "class": "calc-steps" }, r.checks.map(function (c) {
      return stepItem(c.message[LANG], c.clause, c.outcome);
    })));
    if (!r.next_steps || !r.next_steps.length) return;
    box.appendChild(el("h3", { text: T.next }));
    box.appendChild(el("ol", { "class": "calc-steps calc-next", "data-next-steps": "" }, r.next_steps.map(function (s) {
      var li = stepItem(s.message[LANG], s.clause);
      li.setAttribute("data-next-step", s.id);
      if (NEXT_TOOLS[s.id]) {
        li.appendChild(el("a", { "class": "calc-next-tool", href: new URL(NEXT_TOOLS[s.id], location.href).href,
                                 text: T.nextTool[s.id] }));
      }
      return li;
    })));
  }

  function renderConsent(r, box) {
    box.appendChild(el("p", { "class": "calc-summary", text: r.summary[LANG] }));
    var steps = [];
    if (r.roster) steps.push(stepItem(r.roster.message[LANG], r.clause));
    steps.push(stepItem(r.area.message[LANG], r.area.clause, r.area.passed ? "pass" : "fail"));
    steps.push(stepItem(r.owners.message[LANG], r.owners.clause, r.owners.passed ? "pass" : "fail"));
    box.appendChild(el("h3", { text: T.steps }));
    box.appendChild(el("ol", { "class": "calc-steps" }, steps));
    // the owners who have not signed: assets/js/not-signed.js (sortable, paged, downloadable)
  }

  function renderFunding(r, box) {
    // the figures and their labels: the page-data block's, from the parameters
    box.appendChild(el("h3", { text: T.figures }));
    box.appendChild(el("table", { "class": "calc-figures" }, [el("tbody", {}, (DATA.figures || []).map(function (f) {
      return el("tr", {}, [el("th", { scope: "row", text: f.label }), el("td", { "data-figure": f.key, text: money(getPath(r, f.key)) })]);
    }))]));
    box.appendChild(el("h3", { text: T.shares }));
    box.appendChild(el("table", { "class": "calc-shares" }, [
      el("thead", {}, [el("tr", {}, [el("th", { scope: "col", text: T.payer }), el("th", { scope: "col", text: T.amount }),
        el("th", { scope: "col", text: T.share }), el("th", { scope: "col", text: T.basis })])]),
      el("tbody", {}, r.shares.map(function (s) {
        return el("tr", { "data-payer": s.payer }, [el("th", { scope: "row", text: s.label[LANG] }), el("td", { text: money(s.amount) }),
          el("td", { text: s.percent + "%" }), el("td", {}, [clauseLink(s.clause)])]);
      })),
    ]));
    box.appendChild(el("h3", { text: T.steps }));
    box.appendChild(el("ol", { "class": "calc-steps" }, r.explanation.map(function (s) {
      return stepItem(s.message[LANG], s.clause);
    })));
  }

  var RENDER = { eligibility: renderEligibility, consent: renderConsent, funding: renderFunding };

  function show(result, input) {
    clearErrors();
    resultBox.textContent = "";
    resultBox.hidden = false;
    var status = result.status;
    resultBox.setAttribute("data-status", status);
    var heading = el("h2", { id: "calc-result-heading", tabindex: "-1" }, [T.result + (LANG === "zh" ? "：" : ": "),
      el("span", { "class": "calc-status-label", text: T.status[status] || status })]);
    resultBox.appendChild(heading);
    // issue 13: others may render parts of the result (civil-code.js); they only read it
    document.dispatchEvent(new CustomEvent("calculator:result", { detail: { name: NAME, result: result } }));
    if (status === "error") {
      var err = result.error || {};
      var message = (err.message && err.message[LANG]) || String(err.code || "");
      var target = showFieldError(err.field, message);
      resultBox.appendChild(el("p", { "class": "calc-error-summary", role: "alert" }, [target ? T.fixField : "", message]));
      if (target) target.focus();
      lastResult = null;
      buildSheet();
      return;
    }
    RENDER[NAME](result, resultBox);
    var actions = el("p", { "class": "calc-actions" });
    var printButton = el("button", { type: "button", "class": "md-button", "data-print": "", text: T.print });
    printButton.addEventListener("click", function () { buildSheet(); window.print(); });
    actions.appendChild(printButton);
    resultBox.appendChild(actions);
    // the sheet is built when it is printed (the button, or the browser's own print command)
    lastResult = { result: result, rows: answerRows() };
    var old = document.querySelector(".calc-sheet");
    if (old) old.remove();
    heading.focus({ preventScroll: true });
    announceResult(result, heading);
  }

  // Tell assets/js/result-tools.js (copy, CSV, totals, landing below the fixed header) that a
  // result is shown; without it, scroll the heading into view (CSS gives it a scroll margin).
  function announceResult(result, heading) {
    var event = new CustomEvent("calculator:result", { cancelable: true,
      detail: { name: NAME, lang: LANG, result: result } });
    if (resultBox.dispatchEvent(event)) heading.scrollIntoView({ block: "start", behavior: "smooth" });
  }

  // -- the printable sheet (A4; print CSS shows only it) -----------------------------------------
  function labelFor(c) {
    if (c.type === "radio") {
      var fs = c.closest("fieldset");
      var legend = fs && fs.querySelector("legend");
      return legend ? legend.textContent.trim() : c.name;
    }
    var label = c.id && form.querySelector('label[for="' + c.id + '"]');
    return label ? label.textContent.trim() : c.name;
  }

  function shownValue(c) {
    if (c.tagName === "SELECT") return c.value ? c.options[c.selectedIndex].textContent.trim() : T.blank;
    if (c.type === "radio") {
      var lab = c.closest("label");
      return lab ? lab.textContent.trim() : c.value;
    }
    return c.value.trim() ? c.value.trim() : T.blank;
  }

  var lastResult = null;

  // The answers as the reader sees them (labels and chosen options), when the result is given.
  function answerRows() {
    var rows = [];
    var seen = {};
    if (roster && NAME === "consent") {
      rows.push([T.roster, roster.name]);
    }
    controls().forEach(function (c) {
      if (c.type === "radio") {
        if (seen[c.name]) return;
        seen[c.name] = true;
        var checked = form.querySelector('input[name="' + c.name + '"]:checked');
        rows.push([labelFor(c), checked ? shownValue(checked) : T.blank]);
      } else {
        if (roster && NAME === "consent") return;
        rows.push([labelFor(c), shownValue(c)]);
      }
    });
    return rows;
  }

  function buildSheet() {
    var old = document.querySelector(".calc-sheet");
    if (old) old.remove();
    if (!lastResult) return;
    var result = lastResult.result;
    var title = (document.querySelector(".md-content h1") || {}).textContent || document.title;
    var today = new Date();
    var date = new Intl.DateTimeFormat(LANG === "zh" ? "zh-CN" : "en-GB", { year: "numeric", month: "long", day: "numeric" }).format(today);
    var facts = DATA.plan || {};
    var plan = facts.title ? (LANG === "zh" ? "《" + facts.title + "》" : facts.title) : "";
    var version = facts.line || "";
    var rows = lastResult.rows;
    var sheet = el("section", { "class": "calc-sheet", "aria-hidden": "true" }, [
      el("h1", { text: title }),
      el("p", { "class": "calc-sheet-meta" }, [
        plan, el("br"),
        T.planVersion + (LANG === "zh" ? "：" : ": ") + version, el("br"),
        T.calcVersion + (LANG === "zh" ? "：" : ": ") + (runtimeInfo.calculators || "") + " · " + T.printed + (LANG === "zh" ? "：" : ": ") + date,
      ]),
      el("h2", { text: T.sheetInputs }),
      el("table", {}, [el("tbody", {}, rows.map(function (r) {
        return el("tr", {}, [el("th", { scope: "row", text: r[0] }), el("td", { text: r[1] })]);
      }))]),
      el("h2", { text: T.sheetResult + (LANG === "zh" ? "：" : ": ") + (T.status[result.status] || result.status) }),
    ]);
    var body = el("div");
    RENDER[NAME](result, body);
    // on paper, a clause is its citation and its address
    body.querySelectorAll("a.calc-clause").forEach(function (a) {
      a.parentNode.replaceChild(document.createTextNode(a.textContent + " <" + a.href + ">"), a);
    });
    sheet.appendChild(body);
    document.body.appendChild(sheet);
  }

  // -- the roster (consent) --------------------------------------------------------------------
  var rosterNote = null;

  function sizeText(n) {
    return n < 1024 ? n + " B" : (n / 1024).toFixed(1) + " KB";
  }

  function setupRoster() {
    if (!rosterInput) return;
    rosterNote = el("p", { "class": "calc-roster-note", role: "status", "aria-live": "polite" });
    var removeButton = el("button", { type: "button", "class": "md-button calc-roster-remove", hidden: "", text: T.rosterRemove });
    rosterInput.closest(".calc-field").appendChild(rosterNote);
    rosterInput.closest(".calc-field").appendChild(removeButton);
    rosterInput.addEventListener("change", function () {
      var file = rosterInput.files && rosterInput.files[0];
      roster = null;
      if (!file) { rosterNote.textContent = ""; removeButton.hidden = true; return; }
      var reader = new FileReader();
      reader.onload = function () {
        roster = { name: file.name, size: file.size, bytes: reader.result };
        rosterNote.textContent = format(T.rosterRead, { name: file.name, size: sizeText(file.size) });
        removeButton.hidden = false;
        form.setAttribute("data-roster", "loaded");
      };
      reader.readAsArrayBuffer(file);
    });
    removeButton.addEventListener("click", function () {
      roster = null;
      rosterInput.value = "";
      removeButton.hidden = true;
      rosterNote.textContent = T.rosterCleared;
      form.removeAttribute("data-roster");
    });
  }

  // -- wiring ----------------------------------------------------------------------------------
  form.setAttribute("data-ready", "false");
  if (submit) submit.disabled = true;
  setStatus(T.loading, "loading");
  startWorker();
  // the loading line's figure: the runtime's bytes received (calculator-worker.js), in steps of
  // 10 % so that a screen reader (the line is aria-live) is not flooded
  var shownStep = -1;
  onProgress(function (m) {
    if (form.getAttribute("data-ready") === "true" || !m.total) return;
    var pct = Math.min(100, Math.floor(100 * m.loaded / m.total));
    var step = Math.floor(pct / 10) * 10;
    if (step === shownStep) return;
    shownStep = step;
    if (step >= 100) setStatus(T.starting, "loading");
    else setStatus(T.downloading.replace("{pct}", String(step)), "loading");
    if (statusLine) statusLine.setAttribute("data-progress", String(step));
  });
  on(onWorkerState);
  fillDistricts(form);
  restore(loadAll()[NAME] || {});
  setupRoster();

  window.addEventListener("beforeprint", buildSheet);

  form.addEventListener("input", function (e) { if (e.target.type !== "file") save(collect()); });
  form.addEventListener("change", function (e) { if (e.target.type !== "file") save(collect()); });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (form.getAttribute("data-ready") !== "true") return;
    performance.mark("calculator:submit");
    var input = collect();
    save(input);
    resultBox.setAttribute("aria-busy", "true");
    var message = roster && NAME === "consent"
      ? { roster: roster.bytes.slice(0) }
      : { calculator: NAME, input: JSON.stringify(input) };
    call(message).then(function (m) {
      performance.mark("calculator:answer");
      resultBox.removeAttribute("aria-busy");
      if (m.failure) {
        clearErrors();
        resultBox.hidden = false;
        resultBox.setAttribute("data-status", "failure");
        resultBox.textContent = T.bug + m.failure;
        return;
      }
      var result = JSON.parse(m.result);
      if (message.roster && result.status !== "error") {
        // keep the roster's totals (not the roster): they give the same result, and the
        // application form can use them
        var totals = { total_area: result.area.total, signed_area: result.area.signed,
          total_owners: String(result.owners.total), signed_owners: String(result.owners.signed) };
        restore(totals);
        input = totals;
        save(totals);
      }
      show(result, input);
      performance.mark("calculator:result");
    });
  });
})();
