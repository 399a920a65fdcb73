// The Word 意见反馈表 (comment form) of the comments page, made in the reader's browser with the npm
// package `docx` (pinned in package-lock.json, served by the site: assets/vendor/docx-<version>/).
// comments-page.js loads the library and this file only when the reader asks for a Word file.
//
// A4 portrait, 2 cm margins; 宋体 (SimSun) for the text and 黑体 (SimHei) for the title and the
// table's head, fonts Word and WPS have on every Chinese Windows, with Times New Roman for Latin
// letters; the table's head repeats on every page; page numbers in the footer. The comments' ids
// are kept in a custom document property (yy-renovation-comments) so that plansite/comments.py
// counts a comment exported both as Word and as JSON once.
(function () {
  "use strict";

  var A4 = {width: 11906, height: 16838};      // twips
  var MARGIN = 1134;                            // 2 cm
  var WIDTH = A4.width - 2 * MARGIN;            // 9638
  var BODY = {ascii: "Times New Roman", hAnsi: "Times New Roman", cs: "Times New Roman", eastAsia: "宋体"};
  var HEAD = {ascii: "Arial", hAnsi: "Arial", cs: "Arial", eastAsia: "黑体"};

  function build(docx, d) {
    var L = d.labels;
    var colon = d.lang === "en" ? ": " : "：";

    function runs(text) {
      return String(text || "").split("\n").map(function (line) {
        return new docx.Paragraph({children: [new docx.TextRun({text: line})], spacing: {before: 20, after: 20}});
      });
    }

    function cell(text, width) {
      return new docx.TableCell({
        width: {size: width, type: docx.WidthType.DXA},
        margins: {top: 60, bottom: 60, left: 90, right: 90},
        verticalAlign: docx.VerticalAlign.TOP,
        children: runs(text)
      });
    }

    function centred(text, width, head) {
      return new docx.TableCell({
        width: {size: width, type: docx.WidthType.DXA},
        margins: {top: 60, bottom: 60, left: 90, right: 90},
        verticalAlign: docx.VerticalAlign.CENTER,
        shading: head ? {fill: "E7E6E6", type: docx.ShadingType.CLEAR, color: "auto"} : undefined,
        children: [new docx.Paragraph({alignment: docx.AlignmentType.CENTER,
                                       children: [new docx.TextRun({text: String(text), font: head ? HEAD : BODY})]})]
      });
    }

    var cols = [700, 1750, 3000, 2550, 1638];
    var head = new docx.TableRow({
      tableHeader: true,
      children: [L.no, L.clause, L.clauseText, L.comment, L.reason].map(function (h, i) { return centred(h, cols[i], true); })
    });
    var body = d.rows.map(function (r) {
      return new docx.TableRow({children: [
        centred(r.n, cols[0], false), cell(r.cite, cols[1]), cell(r.text, cols[2]), cell(r.comment, cols[3]), cell(r.reason, cols[4])
      ]});
    });
    var table = new docx.Table({
      width: {size: WIDTH, type: docx.WidthType.DXA},
      columnWidths: cols,
      layout: docx.TableLayoutType.FIXED,
      rows: [head].concat(body)
    });

    var w = d.commenter || {};
    var info = [1750, 3069, 1750, 3069];
    var infoTable = new docx.Table({
      width: {size: WIDTH, type: docx.WidthType.DXA},
      columnWidths: info,
      layout: docx.TableLayoutType.FIXED,
      rows: [
        new docx.TableRow({children: [centred(L.name, info[0], true), cell(w.name, info[1]),
                                      centred(L.organisation, info[2], true), cell(w.organisation, info[3])]}),
        new docx.TableRow({children: [centred(L.contact, info[0], true), cell(w.contact, info[1]),
                                      centred(L.date, info[2], true), cell(d.date, info[3])]})
      ]
    });

    var ids = {format_version: 1, lang: d.lang, plan_version: d.plan.version,
               comments: d.rows.map(function (r) { return {id: r.id, clause: r.clause, updated: r.updated}; })};
    var footer = new docx.Footer({children: [new docx.Paragraph({
      alignment: docx.AlignmentType.CENTER,
      children: d.lang === "en"
        ? [new docx.TextRun({children: ["Page ", docx.PageNumber.CURRENT, " of ", docx.PageNumber.TOTAL_PAGES], size: 18})]
        : [new docx.TextRun({children: ["第 ", docx.PageNumber.CURRENT, " 页 共 ", docx.PageNumber.TOTAL_PAGES, " 页"], size: 18})]
    })]});

    var doc = new docx.Document({
      creator: w.name || "-",
      lastModifiedBy: w.name || "-",
      title: L.docTitle,
      subject: d.planTitle,
      description: d.plan.version_label,
      customProperties: [{name: "yy-renovation-comments", value: JSON.stringify(ids)}],
      styles: {default: {document: {run: {font: BODY, size: 21, language: {value: d.lang === "en" ? "en-GB" : "en-US", eastAsia: "zh-CN"}}}}},
      sections: [{
        properties: {page: {size: {width: A4.width, height: A4.height, orientation: docx.PageOrientation.PORTRAIT},
                            margin: {top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: 567, footer: 567}}},
        footers: {default: footer},
        children: [
          new docx.Paragraph({alignment: docx.AlignmentType.CENTER, spacing: {after: 120},
                              children: [new docx.TextRun({text: L.docTitle, font: HEAD, size: 36})]}),
          new docx.Paragraph({alignment: docx.AlignmentType.CENTER, spacing: {after: 60},
                              children: [new docx.TextRun({text: d.planTitle, size: 24})]}),
          new docx.Paragraph({alignment: docx.AlignmentType.CENTER, spacing: {after: 200},
                              children: [new docx.TextRun({text: L.version + colon + d.plan.version_label, size: 21})]}),
          infoTable,
          new docx.Paragraph({spacing: {before: 120, after: 120}, children: []}),
          table,
          new docx.Paragraph({spacing: {before: 160}, children: [new docx.TextRun({text: L.total.replace("{n}", String(d.rows.length)), size: 21})]})
        ]
      }]
    });
    return docx.Packer.toBlob(doc);
  }

  window.PlanCommentsDocx = {build: build};
})();
