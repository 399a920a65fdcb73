// The application form (docs/forms/application.*.md): filled in in the browser, kept in this
// browser's localStorage so that a reload loses nothing, printed on A4, and pre-filled from the
// answers given in the site's calculators. Nothing is sent anywhere: there is no network code
// here, and the form cannot be submitted. What the plan's rules decide (the double two-thirds
// tally, which district a name means, a roster's totals) is worked out by the `calculators`
// package in this browser, in the calculator pages' Web Worker (window.yyCalculators, from
// assets/js/calculator-client.js), which loads Python from this site only; the plan's
// districts come from the page's page-data block (plansite/hook.py).
//
// localStorage keys (one origin: the Chinese and English pages share them):
//
//   yy-renovation:application-form   this form, written here:
//       {"version": 1, "saved": "<ISO time>", "fields": {"<name>": <value>, ...}}
//       value: a string for text, number, date, select and radio inputs ("" is a radio's
//       "not known"); an array of strings for checkbox groups (`items`). A field that was never
//       filled in is absent.
//
//   yy-renovation:answers   written by the calculator pages, only read here:
//       {"eligibility": {...}, "consent": {...}, "funding": {...}, "updated": "<ISO time>"}
//       Each part, all optional, is that calculator's JSON input exactly as
//       calculators/CONTRACT.md defines it (eligibility: district, completion_year and
//       the yes/no/unknown fields as true/false/null; consent: total_area, signed_area,
//       total_owners, signed_owners, or a `units` roster). Form-style strings ("true", "false",
//       "", "1234.50") are accepted too. Pre-filling fills only fields that are still empty;
//       the "use my calculator answers" button overwrites them.
(function () {
  "use strict";
  var FORM_KEY = "yy-renovation:application-form";
  var ANSWERS_KEY = "yy-renovation:answers";
  var form = document.getElementById("application-form");
  if (!form) return;
  var en = (document.documentElement.lang || "").indexOf("en") === 0;
  var T = en ? {
    saved: "Saved in this browser only.",
    nosave: "This browser does not allow saving: what you enter will be lost on reload.",
    prefilled: function (n) { return n + (n === 1 ? " field" : " fields") + " filled in from your calculator answers."; },
    confirmClear: "Clear every field of the form? This cannot be undone.",
    cleared: "The form is empty and so is what it saved; your calculator answers are still kept on this device (see “Forget all my answers on this device”).",
    owners: "Owners", area: "Floor area", signed: "signed",
    reached: "two-thirds reached", notReached: "two-thirds not reached",
    more: function (x, unit) { return x + unit + " more needed"; },
    personUnit: "", areaUnit: " m²",
    both: "Double two-thirds: ", yes: "reached", no: "not reached",
    sep: "; ",
    loading: "Loading the calculator… (a few seconds the first time; everything runs on your device)",
    working: "Calculating…",
    failed: "The calculator could not be loaded, so the form cannot tally the signatures: ",
    noPython: "The calculator is not available on this page, so the form cannot tally the signatures."
  } : {
    saved: "已自动保存在本浏览器中（仅本机）。",
    nosave: "此浏览器不允许保存：刷新页面后填写的内容会丢失。",
    prefilled: function (n) { return "已根据您在计算器中的回答预填 " + n + " 项。"; },
    confirmClear: "确定清空表格中的全部内容吗？清空后无法恢复。",
    cleared: "表格已清空，本表保存的内容已删除；计算器中的回答仍保存在本机，如需一并删除，请点击“删除本机保存的全部回答”。",
    owners: "人数", area: "面积", signed: "已签字",
    reached: "已达到三分之二", notReached: "未达到三分之二",
    more: function (x, unit) { return "尚需 " + x + unit; },
    personUnit: " 人", areaUnit: " m²",
    both: "双“2/3”：", yes: "已达到", no: "未达到",
    sep: "；",
    loading: "正在加载计算程序……（首次打开约需数秒，计算完全在您的设备上进行）",
    working: "正在计算……",
    failed: "计算程序未能加载，无法统计签字情况：",
    noPython: "本页无法使用计算程序，无法统计签字情况。"
  };
  var status = form.querySelector("[data-status]");
  var tally = form.querySelector("[data-tally]");

  function say(text) { if (status) status.textContent = text; }

  // -- storage ------------------------------------------------------------------------------
  // Stored data is read, never trusted: only a JSON object comes back (anything else: null), and
  // every value in it goes through plain() before it is used.
  function readJSON(key) {
    try {
      var raw = window.localStorage.getItem(key);
      var data = raw ? JSON.parse(raw) : null;
      return data && typeof data === "object" && !Array.isArray(data) ? data : null;
    } catch (e) {
      return null;
    }
  }

  // a stored value as a form can take it: a string, a finite number as its digits, a boolean,
  // null; anything else (an object, an array) is undefined, i.e. not there
  function plain(v) {
    if (v === null || typeof v === "string" || typeof v === "boolean") return v;
    if (typeof v === "number" && isFinite(v)) return String(v);
    return undefined;
  }

  function own(obj, key) {
    return obj && typeof obj === "object" && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
  }

  function controls(name) {
    return Array.prototype.filter.call(form.elements, function (el) { return el.name === name; });
  }

  function names() {
    var seen = {};
    Array.prototype.forEach.call(form.elements, function (el) { if (el.name) seen[el.name] = true; });
    return Object.keys(seen);
  }

  function getValue(name) {
    var els = controls(name);
    var first = els[0];
    if (first.type === "checkbox") {
      return els.filter(function (el) { return el.checked; }).map(function (el) { return el.value; });
    }
    if (first.type === "radio") {
      var on = els.filter(function (el) { return el.checked; })[0];
      return on ? on.value : null;
    }
    return first.value;
  }

  // A radio group is empty when nothing is chosen ("" is the answer "not known").
  function isEmpty(name) {
    var v = getValue(name);
    if (controls(name)[0].type === "radio") return v === null;
    return v === null || v === "" || (Array.isArray(v) && v.length === 0);
  }

  function setValue(name, value) {
    var els = controls(name);
    if (!els.length) return false;
    var first = els[0];
    if (first.type === "checkbox") {
      var list = Array.isArray(value) ? value.filter(function (x) { return typeof x === "string"; }) : [];
      els.forEach(function (el) { el.checked = list.indexOf(el.value) >= 0; });
    } else if (first.type === "radio") {
      value = plain(value);
      els.forEach(function (el) { el.checked = value !== null && value !== undefined && el.value === String(value); });
    } else {
      value = plain(value);
      first.value = value === null || value === undefined ? "" : String(value);
    }
    return true;
  }

  function collect() {
    var fields = {};
    names().forEach(function (name) {
      if (!isEmpty(name)) fields[name] = getValue(name);
    });
    return fields;
  }

  var canSave = true;
  // false once the reader has cleared the form: a reload then leaves it empty (no automatic
  // pre-filling from the calculators; the "use my calculator answers" button still does it)
  var autoPrefill = true;
  function save() {
    try {
      var record = { version: 1, saved: new Date().toISOString(), fields: collect() };
      if (!autoPrefill) record.noPrefill = true;
      window.localStorage.setItem(FORM_KEY, JSON.stringify(record));
      if (canSave) say(T.saved);
    } catch (e) {
      canSave = false;
      say(T.nosave);
    }
  }

  function restore() {
    var data = readJSON(FORM_KEY);
    if (!data) return;
    if (data.noPrefill === true) autoPrefill = false;
    var fields = own(data, "fields");
    if (!fields || typeof fields !== "object" || Array.isArray(fields)) return;
    Object.keys(fields).forEach(function (name) { setValue(name, fields[name]); });
  }

  // -- the calculators' answers -------------------------------------------------------------
  // What the calculators' package reads in the stored answers is read by the package itself,
  // in the browser (window.yyCalculators, assets/js/calculator-client.js: the same Web Worker as the
  // calculator pages): the district, by any name it accepts, and a roster's totals. The rest is
  // copied as it is: the completion year, the consent figures and the yes/no answers of the
  // radio groups this form has, named as the calculators' fields.
  var PY = window.yyCalculators || null;

  function yesNo(v) {
    if (v === true || v === "true") return "true";
    if (v === false || v === "false") return "false";
    if (v === null || v === "") return "";
    return undefined;
  }

  function storedAnswers() {
    var answers = readJSON(ANSWERS_KEY);
    return answers && typeof answers === "object" ? answers : {};
  }

  function given(v) { return v !== undefined && v !== null && v !== ""; }
  // a stored value is used only where it is plain text or a number (stored data is never trusted)
  function scalar(v) { return (typeof v === "string" && v !== "") || (typeof v === "number" && isFinite(v)); }

  // {field name: value} that the stored answers give without Python
  function plainValues(answers) {
    var out = {};
    var el = answers.eligibility;
    if (el && typeof el === "object") {
      if (scalar(el.completion_year)) out.completion_year = String(el.completion_year);
      Object.keys(el).forEach(function (k) {
        var els = controls(k);
        if (!els.length || els[0].type !== "radio") return;
        var v = yesNo(el[k]);
        if (v !== undefined) out[k] = v;
      });
    }
    var c = answers.consent;
    if (c && typeof c === "object" && !Array.isArray(c.units)) {
      ["total_owners", "signed_owners", "total_area", "signed_area"].forEach(function (k) {
        if (scalar(c[k])) out[k] = String(c[k]);
      });
    }
    return out;
  }

  // the stored answers that only the package can read: [what, calculator input]
  function pythonQuestions(answers) {
    var out = [];
    var el = answers.eligibility;
    if (el && typeof el === "object" && scalar(el.district)) out.push(["district", { district: el.district }]);
    var c = answers.consent;
    if (c && typeof c === "object" && Array.isArray(c.units)) out.push(["roster", { units: c.units }]);
    return out;
  }

  // {field name: value} from the package's answers; a name that is no place of 岳阳, or a roster
  // the package refuses, fills nothing (the calculator pages say what is wrong with them)
  function pythonValues(answers) {
    var questions = pythonQuestions(answers);
    if (!questions.length || !PY) return Promise.resolve({});
    return Promise.all(questions.map(function (q) {
      var calculator = q[0] === "district" ? "eligibility" : "consent";
      return PY.call({ calculator: calculator, input: JSON.stringify(q[1]) }).then(function (m) {
        var r = m.result ? JSON.parse(m.result) : null;
        if (!r || r.status === "error") return {};
        if (q[0] === "district") {
          return r.district ? { district: r.district.in_plan ? r.district.code : "other" } : {};
        }
        return { total_owners: String(r.owners.total), signed_owners: String(r.owners.signed),
                 total_area: r.area.total, signed_area: r.area.signed };
      });
    })).then(function (parts) {
      var out = {};
      parts.forEach(function (part) { Object.keys(part).forEach(function (k) { out[k] = part[k]; }); });
      return out;
    });
  }

  function fill(values, overwrite) {
    var n = 0;
    Object.keys(values).forEach(function (name) {
      if (!controls(name).length) return;
      if (!overwrite && !isEmpty(name)) return;
      var v = asFieldValue(name, values[name]);
      if (v === undefined) return;
      setValue(name, v);
      if (isEmpty(name)) return;        // the field did not take it: not filled, not counted
      n++;
    });
    return n;
  }

  // Fills the form from the stored answers (only empty fields, unless overwrite): what needs no
  // Python at once, the rest when the package has read it. Resolves with the number filled.
  function prefill(overwrite) {
    var answers = storedAnswers();
    var n = fill(plainValues(answers), overwrite);
    return pythonValues(answers).then(function (values) { return n + fill(values, overwrite); });
  }

  function hasAnswers() {
    var answers = storedAnswers();
    return Object.keys(plainValues(answers)).length > 0 || pythonQuestions(answers).length > 0;
  }

  // A calculator's answer as this form's field takes it. The calculators accept what a reader
  // types ("1,000,000.00", full-width digits "１２３", "1998年"); a number field takes plain
  // digits only, so these are written the plain way; anything else is left out.
  function asFieldValue(name, value) {
    var first = controls(name)[0];
    if (!first || first.type !== "number") return value;
    var s = String(value).normalize("NFKC").replace(/[\s\u3000]+/g, "");
    if (name === "completion_year") s = s.replace(/年$/, "");
    if (/^\+?\d{1,3}(,\d{3})+(\.\d*)?$/.test(s)) s = s.replace(/,/g, "");
    s = s.replace(/^\+/, "");
    if (/^\d+\.$/.test(s)) s = s.slice(0, -1);
    if (first.step === "1" && /^\d+\.0*$/.test(s)) s = s.replace(/\.0*$/, "");
    return /^\d+(\.\d+)?$/.test(s) ? s : undefined;
  }

  // -- the double two-thirds tally ----------------------------------------------------------
  // calculators.consent, in the browser (calculator_glue.tally): each half (owners, area) as
  // soon as both its figures are there, and the verdict once both halves are. The text is the
  // package's figures; while Python loads the tally says so and the form stays usable.
  // data-tally-state on [data-tally]: "idle" (nothing to tally), "loading", "busy", "done",
  // "failed".
  var TALLY = ["total_owners", "signed_owners", "total_area", "signed_area"];
  var tallySeq = 0;

  function setTally(text, state) {
    if (!tally) return;
    tally.textContent = text;
    tally.setAttribute("data-tally-state", state);
    if (state === "busy" || state === "loading") tally.setAttribute("aria-busy", "true");
    else tally.removeAttribute("aria-busy");
  }

  function halfLine(label, half, unit) {
    var shown = half.signed + " / " + half.total + unit;
    var text = label + (en ? ": " : "：") + T.signed + " " + shown +
      (en ? " (" + half.percent + "%), " : "（" + half.percent + "%），") + (half.passed ? T.reached : T.notReached);
    if (!half.passed) text += (en ? ", " : "，") + T.more(String(half.additional_needed), unit);
    return text;
  }

  function showTally(r) {
    if (r.error) {
      var message = (r.error.message && r.error.message[en ? "en" : "zh"]) || r.error.code;
      setTally(message, "done");
      return;
    }
    var parts = [];
    if (r.owners) parts.push(halfLine(T.owners, r.owners, T.personUnit));
    if (r.area) parts.push(halfLine(T.area, r.area, T.areaUnit));
    if (r.passed !== null && r.passed !== undefined) parts.push(T.both + (r.passed ? T.yes : T.no));
    setTally(parts.join(T.sep) + (parts.length ? (en ? "." : "。") : ""), "done");
  }

  // Resolves when the tally shows what the form holds now.
  function updateTally() {
    if (!tally) return Promise.resolve();
    var input = {};
    TALLY.forEach(function (k) { var v = getValue(k); if (v) input[k] = v; });
    var seq = ++tallySeq;
    if (!Object.keys(input).length) {
      setTally("", "idle");
      return Promise.resolve();
    }
    if (!PY) {
      setTally(T.noPython, "failed");
      return Promise.resolve();
    }
    setTally(pythonReady ? (tally.textContent || T.working) : T.loading, pythonReady ? "busy" : "loading");
    return PY.call({ tally: true, input: JSON.stringify(input) }).then(function (m) {
      if (seq !== tallySeq) return; // a newer tally is on its way
      if (m.failure) setTally(T.failed + m.failure, "failed");
      else showTally(JSON.parse(m.result));
    });
  }

  var pythonReady = false;
  if (PY) {
    PY.on(function (m) {
      if (m.type === "ready") pythonReady = true;
      else if (tally && tally.getAttribute("data-tally-state") !== "idle") setTally(T.failed + m.message, "failed");
    });
  }


  // -- text areas grow with their text (so that print shows all of it) ------------------------
  function grow(area) {
    area.style.height = "auto";
    area.style.height = area.scrollHeight + 2 + "px";
  }
  function growAll() {
    Array.prototype.forEach.call(form.querySelectorAll("textarea"), grow);
    // empty dates and selects print blank, not "yyyy/mm/dd" or "(choose)"
    Array.prototype.forEach.call(form.querySelectorAll("input[type='date'], select"), function (el) {
      if (el.value) el.removeAttribute("data-empty"); else el.setAttribute("data-empty", "");
    });
  }

  // -- wiring -------------------------------------------------------------------------------
  function isTallyField(target) { return target && TALLY.indexOf(target.name) >= 0; }

  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("input", function (e) {
    if (e.target && e.target.tagName === "TEXTAREA") grow(e.target);
    if (isTallyField(e.target)) updateTally();
    save();
  });
  form.addEventListener("change", function (e) {
    growAll();
    if (isTallyField(e.target)) updateTally();
    save();
  });
  // Python starts when the reader turns to the signatures, a moment before it is needed
  form.addEventListener("focusin", function (e) { if (isTallyField(e.target) && PY) PY.start(); });

  form.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("button[data-action]") : null;
    if (!button) return;
    var action = button.getAttribute("data-action");
    if (action === "print") {
      growAll();
      window.print();
    } else if (action === "clear") {
      if (!window.confirm(T.confirmClear)) return;
      names().forEach(function (name) { setValue(name, null); });
      autoPrefill = false;
      save(); // an empty form that remembers not to pre-fill itself again

      growAll();
      updateTally();
      say(T.cleared);
    } else if (action === "prefill") {
      prefill(true).then(function (n) {
        growAll();
        save();
        say(T.prefilled(n));
        return updateTally();
      });
    }
  });
  window.addEventListener("beforeprint", growAll);

  // The form is usable at once: the plan's districts from the page-data block, what this browser
  // kept, and what the stored answers give without Python. It is ready (data-ready="true") once
  // the package has read the rest of the answers and the tally shows what the form holds.
  if (PY) PY.fillDistricts(form);
  restore();
  var answered = hasAnswers();
  var prefillButton = form.querySelector("button[data-action='prefill']");
  if (prefillButton) prefillButton.hidden = !answered;
  growAll();
  (answered && autoPrefill ? prefill(false) : Promise.resolve(0)).then(function (filled) {
    growAll();
    if (filled) {
      save();
      say(T.prefilled(filled));
    }
    return updateTally();
  }).then(function () {
    form.setAttribute("data-ready", "true");
  });
})();
