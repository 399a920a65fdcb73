"""translation: English clauses whose recorded hash of the Chinese text no longer matches."""
from __future__ import annotations

from plansite import translation_sync
from plansite.lint.findings import Issue

id = "translation"
severity = "error"
description = {
    "zh": "英文页 `translates` 中记录的中文校验值与当前中文不符：译文过期。",
    "en": "The hash of the Chinese text recorded under `translates` on the English page no longer matches: a stale translation.",
}
fix = {
    "zh": "更新英文，再运行 `python -m plansite.translation_sync plan/section-N`，见[更新译文](translation.md)。",
    "en": "Update the English, then run `python -m plansite.translation_sync plan/section-N`: see [Updating a translation](translation.md).",
}


def check(corpus):
    for name, zh, en in corpus.plan_pairs():
        recorded = en.meta.get("translates")
        if not isinstance(recorded, dict):
            recorded = {}
        try:
            problems = translation_sync.stale_clauses(zh, en)
        except Exception as e:  # a malformed record is reported by front-matter too
            yield Issue(en.path, 1, f"无法核对译文：{e}", f"Cannot check the translation: {e}")
            continue
        for cid, why in problems:
            ec = en.clause(cid)
            if ec is None:
                continue  # reported by the `clauses` rule
            if why == "missing":
                yield Issue(en.path, ec.line,
                            f"英文条款 {cid} 没有记录其所译中文文本的校验值。核对译文后运行：python -m plansite.translation_sync {name}",
                            f"English clause {cid} has no recorded hash of the Chinese text it translates. Once the translation is right, run: python -m plansite.translation_sync {name}")
            else:
                zc = zh.clause(cid)
                yield Issue(en.path, ec.line,
                            f"译文过期：中文条款 {cid}（{corpus.rel(zh.path)} 第 {zc.line} 行）已修改，英文尚未更新。请更新英文后运行：python -m plansite.translation_sync {name}",
                            f"Stale translation: Chinese clause {cid} ({corpus.rel(zh.path)}, line {zc.line}) has changed since this English was written. Update the English, then run: python -m plansite.translation_sync {name}")
        zids = {c.id for c in zh.clauses}
        for cid in recorded:
            if str(cid) not in zids:
                yield Issue(en.path, corpus.fm_line(en.path, "translates", cid),
                            f"`translates` 记录了中文页中已不存在的条款 {cid}。运行 python -m plansite.translation_sync {name} 更新记录。",
                            f"`translates` records clause {cid}, which is no longer on the Chinese page. Run python -m plansite.translation_sync {name} to update the record.",
                            hint=True)
