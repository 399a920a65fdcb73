// Comments on the draft, kept on the reader's device. On every page: the store (window.PlanComments,
// also used by comments-page.js), the count and the consultation's state under the draft banner
// (overrides/partials/consultation.html); on plan pages, a "Comment" control beside each clause's
// copy-citation control (clause.js, which runs first) that opens a form under the clause.
//
// The comments live in localStorage under "yy-renovation:comments", one set per device (per
// browser) whatever the language of the page they were written on:
//   {format: 1, comments: [{id, clause, comment, reason, plan_version, lang, created, updated}],
//    commenter: {name, organisation, contact}}
// at most one comment per clause (written again, it is edited; its id stays). Nothing typed is
// sent anywhere: the only requests are for the site's own files (the clause data, and the Word
// library when the reader asks for a Word file). Every text typed is shown with textContent.
(function () {
  "use strict";

  var STORAGE_KEY = "yy-renovation:comments";
  var LANG = (document.documentElement.lang || "zh").indexOf("en") === 0 ? "en" : "zh";
  var script = document.currentScript;
  // The site's root: this file is <root>/assets/js/comments.js.
  var ROOT = new URL("../../", script ? script.src : location.href).href;
  var T = {
    zh: {
      comment: "提意见",
      commented: "已提意见",
      commentOn: "提意见：{cite}",
      editOn: "已提意见：{cite}（点按修改）",
      formTitle: "对{cite}的意见",
      text: "意见或修改建议",
      reason: "理由（选填）",
      hint: "意见只保存在本设备的浏览器中，不会发送到任何地方；到“我的意见”页面导出后，再按官方公告的渠道提交。",
      mine: "查看和导出我的意见",
      save: "保存",
      cancel: "取消",
      remove: "删除本条意见",
      saved: "已保存对{cite}的意见（只保存在本设备上）。",
      removed: "已删除对{cite}的意见。",
      empty: "请在“意见或修改建议”中填写意见，再保存；如不提意见，请点“取消”。",
      tooLong: "“{field}”最多 {max} 个字，现在是 {n} 个字。",
      noStorage: "本浏览器不允许网页在本设备上保存数据（例如隐私设置或无痕模式），意见无法保存。",
      template: "意见（可另附导出的《意见反馈表》Word 文件）：\n\n条款：\n意见：\n理由：\n\n姓名、单位、联系方式（选填）：\n"
    },
    en: {
      comment: "Comment",
      commented: "Commented",
      commentOn: "Comment on {cite}",
      editOn: "Commented on {cite} (choose to edit)",
      formTitle: "Your comment on {cite}",
      text: "Comment or proposed change",
      reason: "Reason (optional)",
      hint: "Your comment is kept in this browser on this device only and is sent nowhere. Export it from the \u201cYour comments\u201d page, then send it through the channel of the official notice.",
      mine: "See and export your comments",
      save: "Save",
      cancel: "Cancel",
      remove: "Delete this comment",
      saved: "Your comment on {cite} is saved (on this device only).",
      removed: "Your comment on {cite} is deleted.",
      empty: "Write your comment in \u201cComment or proposed change\u201d before saving, or choose \u201cCancel\u201d.",
      tooLong: "\u201c{field}\u201d takes at most {max} characters; it has {n}.",
      noStorage: "This browser does not let pages keep data on this device (a privacy setting or a private window): the comment cannot be saved.",
      template: "Comments (the exported Word comment form may be attached):\n\nClause:\nComment:\nReason:\n\nName, organisation, contact (optional):\n"
    }
  }[LANG];
  var LIMITS = {comment: 5000, reason: 2000};

  function fmt(s, args) {
    return s.replace(/\{(\w+)\}/g, function (m, k) { return args[k] === undefined ? m : String(args[k]); });
  }

  // -- the store ---------------------------------------------------------------------------------
  var listeners = [];

  function emptyState() { return {format: 1, comments: [], commenter: {name: "", organisation: "", contact: ""}}; }

  function readRaw() {
    try { return window.localStorage.getItem(STORAGE_KEY); } catch (e) { return null; }
  }

  function clean(s) { return typeof s === "string" ? s : ""; }

  function load() {
    var state = emptyState();
    var raw = readRaw();
    if (!raw) return state;
    var data;
    try { data = JSON.parse(raw); } catch (e) { return state; }
    if (!data || typeof data !== "object") return state;
    var seen = {};
    (Array.isArray(data.comments) ? data.comments : []).forEach(function (c) {
      if (!c || typeof c.clause !== "string" || typeof c.comment !== "string" || seen[c.clause]) return;
      seen[c.clause] = true;
      state.comments.push({
        id: clean(c.id) || newId(), clause: c.clause, comment: c.comment, reason: clean(c.reason),
        plan_version: clean(c.plan_version), lang: clean(c.lang), created: clean(c.created), updated: clean(c.updated)
      });
    });
    var who = data.commenter || {};
    state.commenter = {name: clean(who.name), organisation: clean(who.organisation), contact: clean(who.contact)};
    return state;
  }

  // Throws when the browser refuses storage; callers tell the reader (T.noStorage).
  function save(state) {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(state));
    notify();
  }

  function notify() { listeners.forEach(function (fn) { fn(load()); }); }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
  }

  function get(clause) {
    return load().comments.filter(function (c) { return c.clause === clause; })[0] || null;
  }

  function put(clause, comment, reason, planVersion) {
    var state = load();
    var now = new Date().toISOString();
    var found = state.comments.filter(function (c) { return c.clause === clause; })[0];
    if (found) {
      found.comment = comment;
      found.reason = reason;
      found.updated = now;
      if (planVersion) found.plan_version = planVersion;
    } else {
      found = {id: newId(), clause: clause, comment: comment, reason: reason, plan_version: planVersion || "",
               lang: LANG, created: now, updated: now};
      state.comments.push(found);
    }
    save(state);
    return found;
  }

  function remove(clause) {
    var state = load();
    var gone = state.comments.filter(function (c) { return c.clause === clause; })[0] || null;
    state.comments = state.comments.filter(function (c) { return c.clause !== clause; });
    save(state);
    return gone;
  }

  function restore(comment) {
    var state = load();
    state.comments = state.comments.filter(function (c) { return c.clause !== comment.clause; });
    state.comments.push(comment);
    save(state);
  }

  function setCommenter(who) {
    var state = load();
    state.commenter = {name: clean(who.name), organisation: clean(who.organisation), contact: clean(who.contact)};
    save(state);
  }

  // Removes everything this feature ever kept on the device.
  function forget() {
    window.localStorage.removeItem(STORAGE_KEY);
    notify();
  }

  // The clause data of the build (plansite/comments_site.py), fetched from the site itself.
  var dataCache = {};
  function loadData(lang) {
    lang = lang || LANG;
    if (!dataCache[lang]) {
      var url = new URL("assets/data/clauses." + lang + ".json", ROOT).href;
      dataCache[lang] = fetch(url, {credentials: "same-origin"}).then(function (r) {
        if (!r.ok) throw new Error(url + ": HTTP " + r.status);
        return r.json();
      });
      dataCache[lang].catch(function () { delete dataCache[lang]; });
    }
    return dataCache[lang];
  }

  window.addEventListener("storage", function (e) { if (e.key === STORAGE_KEY || e.key === null) notify(); });

  // Today's date where the consultation is held (China Standard Time), as YYYY-MM-DD.
  function todayInChina(now) {
    var parts = new Intl.DateTimeFormat("en-CA", {timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit"})
      .formatToParts(now || new Date());
    var get = function (t) { return parts.filter(function (p) { return p.type === t; })[0].value; };
    return get("year") + "-" + get("month") + "-" + get("day");
  }

  function consultation() {
    var el = document.querySelector("[data-consultation]");
    if (!el) return null;
    var c = {
      email: el.getAttribute("data-email") || "", address: el.getAttribute("data-address") || "",
      deadline: el.getAttribute("data-deadline") || "", notice: el.getAttribute("data-notice") || "",
      subject: el.getAttribute("data-subject") || ""
    };
    c.closed = /^\d{4}-\d{2}-\d{2}$/.test(c.deadline) && todayInChina() > c.deadline;
    return c;
  }

  function mailto(c, body) {
    return "mailto:" + c.email + "?subject=" + encodeURIComponent(c.subject) + "&body=" + encodeURIComponent(body);
  }

  window.PlanComments = {
    LANG: LANG, ROOT: ROOT, LIMITS: LIMITS, load: load, get: get, put: put, remove: remove, restore: restore,
    setCommenter: setCommenter, forget: forget, loadData: loadData, consultation: consultation, mailto: mailto,
    template: T.template, onChange: function (fn) { listeners.push(fn); }, fmt: fmt
  };

  // -- the banner ----------------------------------------------------------------------------------
  function updateBanner(state) {
    document.querySelectorAll("[data-comment-count]").forEach(function (el) {
      el.textContent = String(state.comments.length);
    });
  }

  function setupBanner() {
    var c = consultation();
    if (!c) return;
    if (c.closed) {
      document.querySelectorAll("[data-consultation-closed]").forEach(function (el) { el.hidden = false; });
      document.querySelectorAll("[data-consultation-open]").forEach(function (el) { el.hidden = true; });
    }
    if (c.email) {
      // the banner's links only: the comments page's own link carries the reader's comments
      // (comments-page.js), and this may run after that page has drawn it
      document.querySelectorAll(".consultation [data-consultation-mailto]").forEach(function (a) { a.href = mailto(c, T.template); });
    }
    updateBanner(load());
  }

  // -- the control beside each clause --------------------------------------------------------------
  var status;

  function say(text) {
    if (status) status.textContent = text;
  }

  function citeOf(el) {
    var id = el.querySelector(":scope > .clause-id");
    return (id && id.getAttribute("title")) || el.getAttribute("data-clause");
  }

  function markClause(el, button) {
    var has = !!get(el.getAttribute("data-clause"));
    var cite = citeOf(el);
    if (has) el.setAttribute("data-has-comment", ""); else el.removeAttribute("data-has-comment");
    button.textContent = has ? T.commented : T.comment;
    button.setAttribute("aria-label", fmt(has ? T.editOn : T.commentOn, {cite: cite}));
  }

  function field(form, name, label, value, rows, max) {
    var id = form.id + "-" + name;
    var lab = document.createElement("label");
    lab.setAttribute("for", id);
    lab.textContent = label;
    var area = document.createElement("textarea");
    area.id = id;
    area.name = name;
    area.rows = rows;
    area.maxLength = max;
    area.value = value;
    area.setAttribute("aria-describedby", form.id + "-hint");
    form.appendChild(lab);
    form.appendChild(area);
    return area;
  }

  function closeForm(form, button, focus) {
    form.remove();
    button.setAttribute("aria-expanded", "false");
    if (focus) button.focus();
  }

  function openForm(el, button) {
    var existing = document.getElementById(button.getAttribute("aria-controls"));
    if (existing) { closeForm(existing, button, true); return; }
    var clause = el.getAttribute("data-clause");
    var cite = citeOf(el);
    var current = get(clause);
    var form = document.createElement("form");
    form.id = button.getAttribute("aria-controls");
    form.className = "comment-form";
    form.setAttribute("data-comment-form", "");
    form.setAttribute("data-clause", clause);
    form.noValidate = true;
    var title = document.createElement("p");
    title.className = "comment-form__title";
    title.textContent = fmt(T.formTitle, {cite: cite});
    form.appendChild(title);
    var text = field(form, "comment", T.text, current ? current.comment : "", 4, LIMITS.comment);
    var reason = field(form, "reason", T.reason, current ? current.reason : "", 2, LIMITS.reason);
    var hint = document.createElement("p");
    hint.id = form.id + "-hint";
    hint.className = "comment-form__hint";
    hint.appendChild(document.createTextNode(T.hint + " "));
    var link = document.createElement("a");
    link.href = document.querySelector("[data-comments-link]") ? document.querySelector("[data-comments-link]").href : "#";
    link.textContent = T.mine;
    hint.appendChild(link);
    form.appendChild(hint);
    var error = document.createElement("p");
    error.className = "comment-form__error";
    error.setAttribute("role", "alert");
    error.hidden = true;
    form.appendChild(error);
    var actions = document.createElement("div");
    actions.className = "comment-form__actions";
    var ok = document.createElement("button");
    ok.type = "submit";
    ok.className = "md-button md-button--primary";
    ok.textContent = T.save;
    var cancel = document.createElement("button");
    cancel.type = "button";
    cancel.className = "md-button";
    cancel.textContent = T.cancel;
    actions.appendChild(ok);
    actions.appendChild(cancel);
    if (current) {
      var del = document.createElement("button");
      del.type = "button";
      del.className = "md-button comment-form__delete";
      del.setAttribute("data-comment-delete", "");
      del.textContent = T.remove;
      del.addEventListener("click", function () {
        try { remove(clause); } catch (e) { showError(T.noStorage); return; }
        closeForm(form, button, true);
        markClause(el, button);
        say(fmt(T.removed, {cite: cite}));
      });
      actions.appendChild(del);
    }
    form.appendChild(actions);

    function showError(msg, target) {
      error.textContent = msg;
      error.hidden = false;
      if (target) { target.setAttribute("aria-invalid", "true"); target.focus(); }
    }

    var version = "";
    loadData().then(function (d) { version = d.plan.version; }, function () { /* saved without a version */ });

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      text.removeAttribute("aria-invalid");
      var comment = text.value.trim();
      if (!comment) { showError(T.empty, text); return; }
      var checks = [[text, T.text, LIMITS.comment], [reason, T.reason, LIMITS.reason]];
      for (var i = 0; i < checks.length; i++) {
        var n = checks[i][0].value.trim().length;
        if (n > checks[i][2]) { showError(fmt(T.tooLong, {field: checks[i][1], max: checks[i][2], n: n}), checks[i][0]); return; }
      }
      try { put(clause, comment, reason.value.trim(), version); } catch (err) { showError(T.noStorage); return; }
      closeForm(form, button, true);
      markClause(el, button);
      say(fmt(T.saved, {cite: cite}));
    });
    cancel.addEventListener("click", function () { closeForm(form, button, true); });
    form.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { e.preventDefault(); closeForm(form, button, true); }
    });
    el.insertAdjacentElement("afterend", form);
    button.setAttribute("aria-expanded", "true");
    text.focus();
  }

  function setupClauses() {
    var clauses = document.querySelectorAll("[data-clause][data-cite]");
    if (!clauses.length) return;
    status = document.createElement("p");
    status.className = "comment-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    document.body.appendChild(status);
    var buttons = [];
    clauses.forEach(function (el) {
      if (el.querySelector(":scope > .clause-comment")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "clause-comment";
      button.setAttribute("data-comment-clause", el.getAttribute("data-clause"));
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-controls", "comment-form-" + el.id);
      button.addEventListener("click", function () { openForm(el, button); });
      var copy = el.querySelector(":scope > .clause-copy");
      if (copy) copy.insertAdjacentElement("afterend", button); else el.appendChild(button);
      markClause(el, button);
      buttons.push([el, button]);
    });
    listeners.push(function () { buttons.forEach(function (p) { markClause(p[0], p[1]); }); });
  }

  function setup() {
    listeners.push(updateBanner);
    setupBanner();
    setupClauses();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
