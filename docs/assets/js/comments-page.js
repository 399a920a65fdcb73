// The comments page (/comments/, /en/comments/): every comment of this device in the plan's clause
// order with the clause's citation and own words (site/assets/data/clauses.<lang>.json, written by
// plansite/comments_site.py from the plan model), edit and delete, the commenter's optional details,
// and the exports: a Word 意见反馈表 (comments-docx.js with the npm `docx` package, both loaded
// only when asked for), CSV (UTF-8 with a byte-order mark), JSON, a print view of the same table,
// the plain text to the clipboard, an email when the consultation has an address. Each is the
// reader's own action; nothing is sent by the page. Does nothing on other pages.
(function () {
  "use strict";

  var root = document.querySelector("[data-comments-page]");
  var PC = window.PlanComments;
  if (!root || !PC) return;
  var LANG = PC.LANG;
  var fmt = PC.fmt;
  var T = {
    zh: {
      loading: "正在读取方案条款……",
      failed: "未能读取方案条款（{error}）。你的意见仍保存在本设备上，请刷新页面重试。",
      count: "本设备上共有 {n} 条意见。",
      none: "本设备上还没有意见。在方案任一条款旁点“提意见”即可填写。",
      start: "从序言开始阅读",
      clauseText: "原文",
      comment: "修改意见",
      reason: "理由",
      noReason: "（未填写理由）",
      unknown: "（该条款已不在现行方案中）",
      older: "写于方案版本 {v}；现行版本为 {now}，条文可能已有改动。",
      edit: "修改",
      remove: "删除",
      removed: "已删除对{cite}的意见。",
      undo: "撤销删除",
      restored: "已恢复对{cite}的意见。",
      saved: "已保存对{cite}的意见。",
      who: "填写人（选填）",
      whoHint: "以下各项均为选填，只写入你导出的文件（Word、CSV、JSON、打印稿、复制的文字），本站不发送、不收集。",
      name: "姓名",
      organisation: "单位",
      contact: "联系方式（电话或邮箱）",
      contactShort: "联系方式",
      whoSaved: "填写人信息已保存在本设备上。",
      exportTitle: "导出",
      exportHint: "导出的文件保存到你的设备上，由你自己按官方渠道提交。",
      docx: "下载 Word 意见反馈表（.docx）",
      csv: "下载 CSV 表格（.csv）",
      json: "下载 JSON 数据（.json）",
      print: "打印意见反馈表",
      copy: "复制全部意见（纯文字）",
      copied: "已复制全部意见的文字。",
      copyFailed: "无法复制，请改用下载或打印。",
      making: "正在生成 Word 文件……",
      made: "已生成 {file}。",
      docxFailed: "未能生成 Word 文件（{error}），请改用 CSV 或打印。",
      nothing: "还没有意见可以导出。",
      sendTitle: "提交意见",
      sendNone: "本站不向任何地方发送任何内容，也不收集意见。请通过本次征求意见的官方公告中公布的渠道（电子邮件、信函等）提交，可附上上面导出的 Word 意见反馈表。",
      deadline: "截止日期：{d}。",
      closed: "本次征求意见已于 {d} 结束，此后填写的意见不再收集。",
      email: "发送电子邮件至 {e}（会打开你自己的邮件程序，正文预先填入你的意见，可附上 Word 文件）",
      post: "邮寄地址：{a}",
      notice: "征求意见公告",
      selfOnly: "本站本身不发送任何内容：邮件由你自己的邮件程序发出。",
      forgetTitle: "清除本设备上的意见",
      forget: "忘记我的意见",
      forgetAsk: "确定要从本设备上删除全部 {n} 条意见和填写人信息吗？删除后无法恢复。",
      forgetYes: "确定删除",
      forgetNo: "取消",
      forgotten: "已从本设备上删除全部意见和填写人信息。",
      docTitle: "意见反馈表",
      plan: "方案",
      version: "方案版本",
      date: "填写日期",
      no: "序号",
      clause: "条款",
      total: "共 {n} 条意见。",
      plainTitle: "对《{title}》的意见",
      file: "意见反馈表"
    },
    en: {
      loading: "Reading the plan's clauses\u2026",
      failed: "The plan's clauses could not be read ({error}). Your comments are still on this device: reload the page to try again.",
      count: "{n} comment(s) on this device.",
      none: "No comments on this device yet. Choose \u201cComment\u201d beside any clause of the plan to write one.",
      start: "Start reading at the preamble",
      clauseText: "Text",
      comment: "Comment",
      reason: "Reason",
      noReason: "(no reason given)",
      unknown: "(this clause is no longer in the current plan)",
      older: "Written against version {v} of the plan; the current version is {now}, the text may have changed.",
      edit: "Edit",
      remove: "Delete",
      removed: "Your comment on {cite} is deleted.",
      undo: "Undo delete",
      restored: "Your comment on {cite} is back.",
      saved: "Your comment on {cite} is saved.",
      who: "About you (optional)",
      whoHint: "All optional. Used only in the files you export (Word, CSV, JSON, the printout, the copied text); this site sends and collects nothing.",
      name: "Name",
      organisation: "Organisation",
      contact: "Contact (telephone or email)",
      contactShort: "Contact",
      whoSaved: "Your details are saved on this device.",
      exportTitle: "Export",
      exportHint: "Exported files are saved on your device; you send them yourself, through the official channel.",
      docx: "Download the Word comment form (.docx)",
      csv: "Download a CSV table (.csv)",
      json: "Download JSON data (.json)",
      print: "Print the comment form",
      copy: "Copy all comments (plain text)",
      copied: "All comments copied as text.",
      copyFailed: "Could not copy: download or print them instead.",
      making: "Making the Word file\u2026",
      made: "{file} is ready.",
      docxFailed: "The Word file could not be made ({error}): use CSV or print instead.",
      nothing: "There are no comments to export yet.",
      sendTitle: "Sending your comments",
      sendNone: "This site sends nothing anywhere: it collects no comments itself. Send your comments through the channel given in the official notice of this consultation (email, letter \u2026), attaching the Word comment form exported above.",
      deadline: "Deadline: {d}.",
      closed: "The consultation closed on {d}: comments written now are no longer collected.",
      email: "Email {e} (opens your own email program with your comments filled in; you may attach the Word file)",
      post: "Postal address: {a}",
      notice: "The official notice",
      selfOnly: "This site itself sends nothing: the email is sent by your own email program.",
      forgetTitle: "Remove the comments from this device",
      forget: "Forget my comments",
      forgetAsk: "Delete all {n} comment(s) and your details from this device? This cannot be undone.",
      forgetYes: "Delete them",
      forgetNo: "Cancel",
      forgotten: "All comments and your details are deleted from this device.",
      docTitle: "Comment form",
      plan: "Plan",
      version: "Plan version",
      date: "Date",
      no: "No.",
      clause: "Clause",
      total: "{n} comment(s).",
      plainTitle: "Comments on the {title}",
      file: "comments"
    }
  }[LANG];
  var CSV_HEAD = {
    zh: ["序号", "条款编号", "条款", "原文", "修改意见", "理由", "意见编号", "方案版本", "修改时间", "姓名", "单位", "联系方式"],
    en: ["No.", "Clause id", "Clause", "Clause (Chinese citation)", "Text", "Comment", "Reason", "Comment id",
         "Plan version", "Updated", "Name", "Organisation", "Contact"]
  }[LANG];

  var data = null;       // the clause data of this language
  var order = {};        // clause id -> position in the plan
  var byId = {};         // clause id -> clause
  var undoStack = null;  // the comment last deleted here

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "class") e.className = attrs[k]; else e.setAttribute(k, attrs[k]);
    });
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function status(text, extra) {
    var s = root.querySelector("[data-comment-status]");
    s.textContent = text;
    if (extra) { s.appendChild(document.createTextNode(" ")); s.appendChild(extra); }
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
  }

  // The comments in the plan's order, each with its clause (or null, for a clause since removed).
  function rows(state) {
    var list = state.comments.slice().sort(function (a, b) {
      var oa = a.clause in order ? order[a.clause] : 1e9, ob = b.clause in order ? order[b.clause] : 1e9;
      return oa - ob || (a.clause < b.clause ? -1 : a.clause > b.clause ? 1 : 0);
    });
    return list.map(function (c, i) {
      var k = byId[c.clause] || null;
      return {
        n: i + 1, c: c, clause: k,
        cite: k ? k.cite : c.clause, cite_zh: k ? k.cite_zh : c.clause,
        citeBoth: k ? (LANG === "en" ? k.cite + " (" + k.cite_zh + ")" : k.cite) : c.clause,
        text: k ? k.text : T.unknown
      };
    });
  }

  function siteUrl(path) { return new URL(path, PC.ROOT).href; }

  // -- the list ------------------------------------------------------------------------------------
  function renderItem(r) {
    var item = el("article", {"class": "comment-item", "data-comment-item": "", "data-clause": r.c.clause,
                              "data-comment-id": r.c.id});
    var h = el("h3", {"class": "comment-item__cite"});
    if (r.clause) {
      h.appendChild(el("a", {href: siteUrl(r.clause.url)}, r.citeBoth));
    } else {
      h.textContent = r.c.clause + " " + T.unknown;
    }
    item.appendChild(h);
    if (r.clause) {
      var q = el("blockquote", {"class": "comment-item__text"});
      q.appendChild(el("span", {"class": "comment-item__label"}, T.clauseText + (LANG === "en" ? ": " : "：")));
      r.clause.text.split("\n").forEach(function (line, i) {
        if (i) q.appendChild(el("br"));
        q.appendChild(document.createTextNode(line));
      });
      item.appendChild(q);
    }
    var body = el("div", {"class": "comment-item__body"});
    body.appendChild(el("p", {"class": "comment-item__label"}, T.comment));
    body.appendChild(el("p", {"class": "comment-item__comment", "data-comment-text": ""}, r.c.comment));
    body.appendChild(el("p", {"class": "comment-item__label"}, T.reason));
    body.appendChild(el("p", {"class": "comment-item__reason", "data-comment-reason": ""}, r.c.reason || T.noReason));
    item.appendChild(body);
    if (r.c.plan_version && data && r.c.plan_version !== data.plan.version) {
      item.appendChild(el("p", {"class": "comment-item__older"}, fmt(T.older, {v: r.c.plan_version, now: data.plan.version})));
    }
    var actions = el("div", {"class": "comment-item__actions"});
    var edit = el("button", {type: "button", "class": "md-button", "data-comment-edit": "",
                             "aria-label": T.edit + " " + r.cite}, T.edit);
    var del = el("button", {type: "button", "class": "md-button", "data-comment-delete": "",
                            "aria-label": T.remove + " " + r.cite}, T.remove);
    edit.addEventListener("click", function () { editItem(item, r); });
    del.addEventListener("click", function () {
      var gone = PC.remove(r.c.clause);
      undoStack = gone;
      var undo = el("button", {type: "button", "class": "md-button", "data-comment-undo": ""}, T.undo);
      undo.addEventListener("click", function () {
        if (!undoStack) return;
        PC.restore(undoStack);
        status(fmt(T.restored, {cite: r.cite}));
        undoStack = null;
      });
      status(fmt(T.removed, {cite: r.cite}), undo);
      undo.focus();
    });
    actions.appendChild(edit);
    actions.appendChild(del);
    item.appendChild(actions);
    return item;
  }

  function editItem(item, r) {
    var form = el("form", {"class": "comment-form", "data-comment-form": "", "data-clause": r.c.clause,
                           id: "comment-edit-" + r.c.id});
    form.noValidate = true;
    var L = {comment: T.comment, reason: T.reason};
    var areas = {};
    ["comment", "reason"].forEach(function (name) {
      var id = form.id + "-" + name;
      form.appendChild(el("label", {"for": id}, L[name]));
      var a = el("textarea", {id: id, name: name, rows: name === "comment" ? "5" : "3"});
      a.maxLength = PC.LIMITS[name];
      a.value = r.c[name];
      form.appendChild(a);
      areas[name] = a;
    });
    var error = el("p", {"class": "comment-form__error", role: "alert"});
    error.hidden = true;
    form.appendChild(error);
    var actions = el("div", {"class": "comment-form__actions"});
    var ok = el("button", {type: "submit", "class": "md-button md-button--primary"}, LANG === "en" ? "Save" : "保存");
    var cancel = el("button", {type: "button", "class": "md-button"}, T.forgetNo);
    actions.appendChild(ok);
    actions.appendChild(cancel);
    form.appendChild(actions);
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var text = areas.comment.value.trim();
      if (!text) {
        error.textContent = LANG === "en" ? "Write your comment in \u201cComment\u201d, or delete it." : "请在“修改意见”中填写意见；如不再需要，请删除。";
        error.hidden = false;
        areas.comment.focus();
        return;
      }
      PC.put(r.c.clause, text, areas.reason.value.trim(), data ? data.plan.version : "");
      status(fmt(T.saved, {cite: r.cite}));
      var again = root.querySelector('[data-comment-item][data-clause="' + CSS.escape(r.c.clause) + '"] [data-comment-edit]');
      if (again) again.focus();
    });
    cancel.addEventListener("click", function () { render(); });
    form.addEventListener("keydown", function (e) { if (e.key === "Escape") { e.preventDefault(); render(); } });
    var body = item.querySelector(".comment-item__body");
    body.replaceWith(form);
    item.querySelector(".comment-item__actions").hidden = true;
    areas.comment.focus();
  }

  // -- the table of the Word file and the print view ----------------------------------------------
  function printTable(state, list) {
    var box = el("section", {"class": "comment-print", "data-comment-print": ""});
    box.appendChild(el("h2", {}, T.docTitle));
    box.appendChild(el("p", {}, T.plan + "：" + planTitle()));
    box.appendChild(el("p", {}, T.version + "：" + data.plan.version_label));
    var who = state.commenter;
    box.appendChild(el("p", {}, T.name + "：" + who.name + "　" + T.organisation + "：" + who.organisation +
                                "　" + T.contact + "：" + who.contact + "　" + T.date + "：" + today()));
    var table = el("table", {"class": "comment-print__table"});
    var head = el("tr");
    [T.no, T.clause, T.clauseText, T.comment, T.reason].forEach(function (h) { head.appendChild(el("th", {scope: "col"}, h)); });
    table.appendChild(el("thead")).appendChild(head);
    var tbody = el("tbody");
    list.forEach(function (r) {
      var tr = el("tr", {"data-clause": r.c.clause});
      [String(r.n), r.citeBoth, r.text, r.c.comment, r.c.reason].forEach(function (v) { tr.appendChild(el("td", {}, v)); });
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    box.appendChild(table);
    box.appendChild(el("p", {}, fmt(T.total, {n: list.length})));
    return box;
  }

  function planTitle() {
    return LANG === "en" ? data.plan.title + " (《" + data.plan.title_zh + "》)" : "《" + data.plan.title + "》";
  }

  function plainText(state, list) {
    var out = [fmt(T.plainTitle, {title: LANG === "en" ? data.plan.title + " (《" + data.plan.title_zh + "》)" : data.plan.title}),
               T.version + "：" + data.plan.version_label, ""];
    if (LANG === "en") out[1] = T.version + ": " + data.plan.version_label;
    var colon = LANG === "en" ? ": " : "：";
    list.forEach(function (r) {
      out.push(r.n + ". " + r.citeBoth);
      out.push(T.clauseText + colon + r.text.replace(/\n/g, " "));
      out.push(T.comment + colon + r.c.comment);
      if (r.c.reason) out.push(T.reason + colon + r.c.reason);
      out.push("");
    });
    var w = state.commenter;
    var who = [[T.name, w.name], [T.organisation, w.organisation], [T.contact, w.contact]]
      .filter(function (p) { return p[1]; }).map(function (p) { return p[0] + colon + p[1]; });
    if (who.length) out.push(who.join(LANG === "en" ? "; " : "；"));
    out.push(T.date + colon + today());
    return out.join("\n");
  }

  // -- exports ------------------------------------------------------------------------------------
  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = el("a", {href: url, download: name});
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function fileName(ext) {
    return (LANG === "en" ? "yueyang-plan-" : "岳阳老旧小区改造方案-") + T.file + "-" + today() + "." + ext;
  }

  // A spreadsheet turns a cell starting with = + - @ into a formula: such text gets a leading
  // apostrophe (plansite/comments.py takes it off again).
  function csvCell(v) {
    v = String(v === undefined || v === null ? "" : v);
    if (/^[=+\-@\t\r]/.test(v)) v = "'" + v;
    return '"' + v.replace(/"/g, '""') + '"';
  }

  function csv(state, list) {
    var w = state.commenter;
    var lines = [CSV_HEAD.map(csvCell).join(",")];
    list.forEach(function (r) {
      var row = [r.n, r.c.clause, r.cite];
      if (LANG === "en") row.push(r.cite_zh);
      row = row.concat([r.text, r.c.comment, r.c.reason, r.c.id, r.c.plan_version, r.c.updated, w.name, w.organisation, w.contact]);
      lines.push(row.map(csvCell).join(","));
    });
    return new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], {type: "text/csv;charset=utf-8"});
  }

  function json(state, list) {
    var out = {
      format: "yy-renovation-comments", format_version: 1, lang: LANG, exported: new Date().toISOString(),
      plan: {title: data.plan.title, title_zh: data.plan.title_zh, status: data.plan.status,
             version: data.plan.version, date: data.plan.date},
      commenter: state.commenter,
      comments: list.map(function (r) {
        return {id: r.c.id, clause: r.c.clause, citation: r.cite, citation_zh: r.cite_zh,
                clause_text: r.clause ? r.clause.text : "", comment: r.c.comment, reason: r.c.reason,
                plan_version: r.c.plan_version, created: r.c.created, updated: r.c.updated};
      })
    };
    return new Blob([JSON.stringify(out, null, 2) + "\n"], {type: "application/json"});
  }

  var scripts = {};
  function loadScript(src) {
    if (!scripts[src]) {
      scripts[src] = new Promise(function (resolve, reject) {
        var s = el("script", {src: src});
        s.addEventListener("load", resolve);
        s.addEventListener("error", function () { delete scripts[src]; reject(new Error(src)); });
        document.head.appendChild(s);
      });
    }
    return scripts[src];
  }

  function docxFile(state, list) {
    return loadScript(siteUrl(data.docx)).then(function () {
      return loadScript(siteUrl("assets/js/comments-docx.js"));
    }).then(function () {
      return window.PlanCommentsDocx.build(window.docx, {
        lang: LANG, plan: data.plan, planTitle: planTitle(), commenter: state.commenter, date: today(),
        labels: Object.assign({}, T, {contact: T.contactShort}),
        rows: list.map(function (r) {
          return {n: r.n, id: r.c.id, clause: r.c.clause, updated: r.c.updated, cite: r.citeBoth,
                  text: r.text, comment: r.c.comment, reason: r.c.reason};
        })
      });
    });
  }

  function exportAs(kind) {
    var state = PC.load();
    var list = rows(state);
    if (!list.length) { status(T.nothing); return; }
    if (kind === "csv") { download(csv(state, list), fileName("csv")); status(fmt(T.made, {file: fileName("csv")})); return; }
    if (kind === "json") { download(json(state, list), fileName("json")); status(fmt(T.made, {file: fileName("json")})); return; }
    status(T.making);
    docxFile(state, list).then(function (blob) {
      download(blob, fileName("docx"));
      status(fmt(T.made, {file: fileName("docx")}));
    }, function (e) { status(fmt(T.docxFailed, {error: e && e.message ? e.message : String(e)})); });
  }

  function copyText() {
    var state = PC.load();
    var list = rows(state);
    if (!list.length) { status(T.nothing); return; }
    var text = plainText(state, list);
    var button = root.querySelector("[data-comment-copy]");
    button.setAttribute("data-copied", text);
    var done = function () { status(T.copied); };
    var failed = function () { status(T.copyFailed); };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, failed);
    } else {
      var area = el("textarea", {readonly: ""});
      area.value = text;
      area.className = "comment-offscreen";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      (ok ? done : failed)();
    }
  }

  // -- the page -----------------------------------------------------------------------------------
  function section(cls, title) {
    var s = el("section", {"class": cls});
    s.appendChild(el("h2", {}, title));
    return s;
  }

  function whoForm(state) {
    var s = section("comments-who", T.who);
    s.appendChild(el("p", {"class": "comments-hint"}, T.whoHint));
    var form = el("form", {"class": "comments-who__form", "data-commenter-form": ""});
    [["name", T.name, "name"], ["organisation", T.organisation, "organization"], ["contact", T.contact, "off"]].forEach(function (f) {
      var id = "commenter-" + f[0];
      var p = el("p");
      p.appendChild(el("label", {"for": id}, f[1]));
      var input = el("input", {id: id, name: f[0], type: "text", autocomplete: f[2], maxlength: "200"});
      input.value = state.commenter[f[0]];
      input.addEventListener("change", function () {
        var who = {};
        form.querySelectorAll("input").forEach(function (i) { who[i.name] = i.value.trim(); });
        PC.setCommenter(who);
        status(T.whoSaved);
      });
      p.appendChild(input);
      form.appendChild(p);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    s.appendChild(form);
    return s;
  }

  function exportSection() {
    var s = section("comments-export", T.exportTitle);
    s.appendChild(el("p", {"class": "comments-hint"}, T.exportHint));
    var bar = el("div", {"class": "comments-export__buttons"});
    ["docx", "csv", "json"].forEach(function (k) {
      var b = el("button", {type: "button", "class": "md-button" + (k === "docx" ? " md-button--primary" : ""),
                            "data-comment-export": k}, T[k]);
      b.addEventListener("click", function () { exportAs(k); });
      bar.appendChild(b);
    });
    var p = el("button", {type: "button", "class": "md-button", "data-comment-printview": ""}, T.print);
    p.addEventListener("click", function () { window.print(); });
    bar.appendChild(p);
    var c = el("button", {type: "button", "class": "md-button", "data-comment-copy": ""}, T.copy);
    c.addEventListener("click", copyText);
    bar.appendChild(c);
    s.appendChild(bar);
    return s;
  }

  function sendSection(state, list) {
    var c = PC.consultation() || {};
    var s = section("comments-send", T.sendTitle);
    s.setAttribute("data-comments-send", "");
    var any = c.email || c.address || c.deadline || c.notice;
    if (!any) {
      s.appendChild(el("p", {"data-consultation-none": ""}, T.sendNone));
      return s;
    }
    if (c.closed) s.appendChild(el("p", {"class": "comments-closed", "data-consultation-closed": ""}, fmt(T.closed, {d: c.deadline})));
    else if (c.deadline) s.appendChild(el("p", {}, fmt(T.deadline, {d: c.deadline})));
    var ul = el("ul");
    if (c.email) {
      var body = list.length ? plainText(state, list) : PC.template;
      var href = PC.mailto(c, body);
      // Mail programs cut very long links: then the body asks for the Word file instead.
      if (href.length > 8000) href = PC.mailto(c, PC.template);
      var li = el("li");
      li.appendChild(el("a", {href: href, "data-consultation-mailto": ""}, fmt(T.email, {e: c.email})));
      ul.appendChild(li);
    }
    if (c.address) ul.appendChild(el("li", {}, fmt(T.post, {a: c.address})));
    if (c.notice) {
      var n = el("li");
      n.appendChild(el("a", {href: c.notice}, T.notice));
      ul.appendChild(n);
    }
    s.appendChild(ul);
    s.appendChild(el("p", {"class": "comments-hint"}, T.selfOnly));
    return s;
  }

  function forgetSection(state) {
    var s = section("comments-forget", T.forgetTitle);
    var b = el("button", {type: "button", "class": "md-button comments-forget__button", "data-comment-forget": ""}, T.forget);
    var ask = el("div", {"class": "comments-forget__ask", role: "group", "data-comment-forget-ask": ""});
    ask.hidden = true;
    var q = el("p", {id: "comments-forget-question"}, fmt(T.forgetAsk, {n: state.comments.length}));
    ask.setAttribute("aria-labelledby", q.id);
    var yes = el("button", {type: "button", "class": "md-button md-button--primary", "data-comment-forget-confirm": ""}, T.forgetYes);
    var no = el("button", {type: "button", "class": "md-button"}, T.forgetNo);
    ask.appendChild(q);
    ask.appendChild(yes);
    ask.appendChild(no);
    b.addEventListener("click", function () { ask.hidden = false; b.hidden = true; no.focus(); });
    no.addEventListener("click", function () { ask.hidden = true; b.hidden = false; b.focus(); });
    yes.addEventListener("click", function () {
      PC.forget();
      undoStack = null;
      status(T.forgotten);
    });
    s.appendChild(b);
    s.appendChild(ask);
    return s;
  }

  function render() {
    var state = PC.load();
    var list = rows(state);
    var keep = root.querySelector("[data-comment-status]");
    var focused = document.activeElement && root.contains(document.activeElement) ? document.activeElement : null;
    root.textContent = "";
    root.appendChild(el("p", {"class": "comments-count", "data-comment-total": String(list.length)},
                        list.length ? fmt(T.count, {n: list.length}) : T.none));
    if (!list.length) {
      var start = el("p");
      start.appendChild(el("a", {href: siteUrl(LANG === "en" ? "en/plan/preamble/" : "plan/preamble/")}, T.start));
      root.appendChild(start);
    }
    var ol = el("ol", {"class": "comments-list", "data-comment-list": ""});
    list.forEach(function (r) { ol.appendChild(el("li")).appendChild(renderItem(r)); });
    if (list.length) root.appendChild(ol);
    root.appendChild(whoForm(state));
    root.appendChild(exportSection());
    root.appendChild(sendSection(state, list));
    if (list.length || state.commenter.name || state.commenter.organisation || state.commenter.contact) {
      root.appendChild(forgetSection(state));
    }
    root.appendChild(keep || el("p", {"class": "comments-status", role: "status", "aria-live": "polite", "data-comment-status": ""}));
    root.appendChild(printTable(state, list));
    drawn = JSON.stringify(state.comments);
    root.setAttribute("data-ready", "true");
    if (focused && !root.contains(focused)) {
      var heading = root.querySelector(".comments-count");
      heading.tabIndex = -1;
      heading.focus();
    }
  }

  // A change of the comments redraws the page; a change of the commenter's details only what shows
  // them, so that the reader typing in those fields keeps the focus.
  var drawn = "";
  function refresh(state) {
    var now = JSON.stringify(state.comments);
    if (now !== drawn || !root.querySelector("[data-commenter-form]")) { render(); return; }
    var list = rows(state);
    root.querySelector("[data-comment-print]").replaceWith(printTable(state, list));
    root.querySelector("[data-comments-send]").replaceWith(sendSection(state, list));
    var who = root.querySelector("[data-commenter-form]");
    if (!root.querySelector("[data-comment-forget]") && (state.commenter.name || state.commenter.organisation || state.commenter.contact)) {
      who.closest("section").parentNode.insertBefore(forgetSection(state), root.querySelector("[data-comment-status]"));
    }
  }

  root.textContent = "";
  root.appendChild(el("p", {}, T.loading));
  PC.loadData(LANG).then(function (d) {
    data = d;
    d.clauses.forEach(function (c, i) { order[c.id] = i; byId[c.id] = c; });
    render();
    PC.onChange(refresh);
  }, function (e) {
    root.textContent = "";
    root.appendChild(el("p", {"class": "comments-error", role: "alert"}, fmt(T.failed, {error: e && e.message ? e.message : String(e)})));
  });
})();
