"""front-matter: the front matter of every page against the schema of a plan page."""
from __future__ import annotations

import datetime as dt
import difflib
import re

from plansite import plandoc
from plansite.lint.findings import Issue
from plansite.numbering import find_marker, id_position

id = "front-matter"
severity = "error"
description = {
    "zh": "页面开头的前置元数据：必填项（`section`、`title`、`document_status`、`version`、`date`）、类型（版本号加引号，如 `'2'`；日期写作 `'2026-12-01'`）、状态只能是“征求意见稿”“送审稿”“正式文件”“已废止”（英文页对应 draft for public comment 等）；所有页面版本、状态一致；`editorial` 中登记的编辑处理确实存在。",
    "en": "The front matter at the top of each page: required keys (`section`, `title`, `document_status`, `version`, `date`), types (a quoted version such as `'2'`, a date written `'2026-12-01'`), a known status (征求意见稿, 送审稿, 正式文件, 已废止; on English pages draft for public comment, draft submitted for approval, adopted, repealed); the same version and status on every page; editorial changes listed under `editorial` that really are in their clause.",
}
fix = {
    "zh": "按提示补上或改正该项。",
    "en": "Add or correct the key as the message says.",
}

# The life of a Chinese policy document, and the English the English pages use for each stage:
# plandoc's list, the one the site's banner, titles and PDFs follow.
STATUSES = {zh: s["en"] for zh, s in plandoc.STATUSES.items()}

# The plan's status is `document_status`: Material for MkDocs reads `status` as a nav badge.
STATUS_KEY = "document_status"

# Front matter of a plan page: key -> (required, languages it belongs to).
PLAN_KEYS = {
    "section": (True, ("zh", "en")),
    "title": (True, ("zh", "en")),
    "document_status": (True, ("zh", "en")),
    "version": (True, ("zh", "en")),
    "date": (True, ("zh", "en")),
    "source": (False, ("zh", "en")),
    "editorial": (False, ("zh",)),
    "renumbered": (False, ("zh",)),
    "translates": (False, ("en",)),
    "search": (False, ("zh", "en")),
    "hide": (False, ("zh", "en")),
}


def example(key: str, lang: str) -> str:
    return {
        "section": "section: '3'",
        "title": "title: 三、改造范围" if lang == "zh" else "title: III. Scope of Renovation",
        STATUS_KEY: f"{STATUS_KEY}: 征求意见稿" if lang == "zh" else f"{STATUS_KEY}: draft for public comment",
        "version": "version: '2'",
        "date": "date: '2026-12-01'",
    }.get(key, f"{key}: …")


def expected_section(name: str) -> str:
    return name.split("/", 1)[1].removeprefix("section-")


def check(corpus):
    versions: dict[str, dict[str, list]] = {"zh": {}, "en": {}}
    statuses: dict[str, dict[str, list]] = {"zh": {}, "en": {}}
    for (name, lang), page in corpus.pages.items():
        yield from check_page(corpus, name, lang, page)
        meta = page.meta
        if isinstance(meta.get(STATUS_KEY), str) and meta[STATUS_KEY] in (STATUSES if lang == "zh" else STATUSES.values()):
            statuses[lang].setdefault(meta[STATUS_KEY], []).append(page.path)
        if isinstance(meta.get("version"), str) and re.fullmatch(r"\d+(?:\.\d+)*", meta["version"]):
            versions[lang].setdefault(meta["version"], []).append(page.path)
    # the plan has one version and one status
    for lang in plandoc.LANGS:
        for what, table in (("version", versions[lang]), (STATUS_KEY, statuses[lang])):
            if len(table) > 1:
                common = max(table, key=lambda v: len(table[v]))
                for value, paths in table.items():
                    if value == common:
                        continue
                    for p in paths:
                        yield Issue(p, corpus.fm_line(p, what),
                                    f"方案各页的 `{what}` 应一致：本页为“{value}”，其他页为“{common}”。发布新版本时请同时修改所有页面。",
                                    f"Every page of the plan has the same `{what}`: this page has '{value}', the others '{common}'. Change all pages together when releasing a version.")


def check_page(corpus, name: str, lang: str, page: plandoc.Page):
    path, meta = page.path, page.meta
    for key, (required, langs) in PLAN_KEYS.items():
        if required and lang in langs and key not in meta:
            yield Issue(path, 1, f"前置元数据缺少必填项 `{key}`。请补上，例如 {example(key, lang)}。",
                        f"The front matter lacks the required key `{key}`. Add it, e.g. {example(key, lang)}.")
    for key in meta:
        line = corpus.fm_line(path, key)
        if key == "status":
            yield Issue(path, line,
                        f"方案状态写在 `{STATUS_KEY}` 中，不用 `status`（主题会把 `status` 显示为导航栏图标）。请改为 {STATUS_KEY}: {meta[key]}。",
                        f"The plan's status goes under `{STATUS_KEY}`, not `status` (the theme shows `status` as a badge in the navigation). Write {STATUS_KEY}: {meta[key]}.")
        elif key not in PLAN_KEYS:
            near = difflib.get_close_matches(str(key), list(PLAN_KEYS), n=1)
            hint_zh = f"是否应为 `{near[0]}`？" if near else "如不需要请删除。"
            hint_en = f"Did you mean `{near[0]}`?" if near else "Remove it if it is not needed."
            yield Issue(path, line, f"未知的前置元数据项 `{key}`。{hint_zh}",
                        f"Unknown front matter key `{key}`. {hint_en}", hint=True)
        elif lang not in PLAN_KEYS[key][1]:
            where = "中文" if PLAN_KEYS[key][1] == ("zh",) else "英文"
            where_en = "Chinese" if PLAN_KEYS[key][1] == ("zh",) else "English"
            yield Issue(path, line, f"`{key}` 只能写在{where}页面的前置元数据中。",
                        f"`{key}` belongs in the front matter of the {where_en} page only.")
    for key in ("section", "title", STATUS_KEY, "version", "source"):
        if key in meta and not isinstance(meta[key], str):
            v = meta[key]
            yield Issue(path, corpus.fm_line(path, key),
                        f"`{key}` 必须是字符串，现为 {type(v).__name__}。请加引号：{key}: '{v}'。",
                        f"`{key}` must be a string, not {type(v).__name__}. Quote it: {key}: '{v}'.")
    if isinstance(meta.get("section"), str) and meta["section"] != expected_section(name):
        yield Issue(path, corpus.fm_line(path, "section"),
                    f"`section` 为 '{meta['section']}'，但本页是 {name}，应为 '{expected_section(name)}'。",
                    f"`section` is '{meta['section']}' but this page is {name}: it should be '{expected_section(name)}'.")
    status = meta.get(STATUS_KEY)
    if isinstance(status, str):
        known = list(STATUSES) if lang == "zh" else list(STATUSES.values())
        if status not in known:
            near = difflib.get_close_matches(status, known, n=1, cutoff=0.3)
            yield Issue(path, corpus.fm_line(path, STATUS_KEY),
                        f"未知的状态“{status}”。可用的状态：{'、'.join(known)}。" + (f"是否应为“{near[0]}”？" if near else ""),
                        f"Unknown status '{status}'. Known: {', '.join(known)}." + (f" Did you mean '{near[0]}'?" if near else ""))
    version = meta.get("version")
    if isinstance(version, str) and not re.fullmatch(r"\d+(?:\.\d+)*", version):
        yield Issue(path, corpus.fm_line(path, "version"), f"版本号“{version}”格式不对，应为数字，如 '2'。",
                    f"Version '{version}' is not a version number such as '2'.")
    if "date" in meta and not valid_date(meta["date"]):
        d = meta["date"]
        yield Issue(path, corpus.fm_line(path, "date"),
                    f"日期“{d}”不是有效日期，应写作 'YYYY-MM-DD'，如 '2026-12-01'。",
                    f"Date '{d}' is not a valid date: write 'YYYY-MM-DD', e.g. '2026-12-01'.")
    if lang == "zh":
        yield from check_editorial(corpus, page)
        yield from check_renumbered(corpus, page)
    else:
        tr = meta.get("translates")
        if tr is not None and not (isinstance(tr, dict) and all(
                isinstance(v, str) and re.fullmatch(r"[0-9a-f]{12}", v) for v in tr.values())):
            yield Issue(path, corpus.fm_line(path, "translates"),
                        "`translates` 必须是“条款编号: 12位校验值”的映射。请用 plansite/translation_sync.py 生成，不要手写。",
                        "`translates` must map clause ids to 12-character hashes. Let plansite/translation_sync.py write it; do not edit it by hand.")
    # the Chinese and English page of a section carry the same version and status
    if lang == "en" and (name, "zh") in corpus.pages:
        zmeta = corpus.pages[(name, "zh")].meta
        if isinstance(status, str) and STATUSES.get(zmeta.get(STATUS_KEY)) not in (None, status):
            yield Issue(path, corpus.fm_line(path, STATUS_KEY),
                        f"英文页状态“{status}”与中文页“{zmeta.get(STATUS_KEY)}”不一致，应为“{STATUSES[zmeta[STATUS_KEY]]}”。",
                        f"Status '{status}' does not match the Chinese page's '{zmeta.get(STATUS_KEY)}': it should be '{STATUSES[zmeta[STATUS_KEY]]}'.")
        if isinstance(version, str) and isinstance(zmeta.get("version"), str) and version != zmeta["version"]:
            yield Issue(path, corpus.fm_line(path, "version"),
                        f"英文页版本 '{version}' 与中文页 '{zmeta['version']}' 不一致。",
                        f"Version '{version}' differs from the Chinese page's '{zmeta['version']}'.")
    yield from check_title(corpus, name, page, lang)


def valid_date(d) -> bool:
    if isinstance(d, str):
        try:
            dt.date.fromisoformat(d)
        except ValueError:
            return False
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d))
    return isinstance(d, dt.date)


def check_title(corpus, name: str, page: plandoc.Page, lang: str):
    """A section's page: `title` is the section's heading, when the heading is numbered right
    (a wrong number is the numbering rule's to report)."""
    title = page.meta.get("title")
    if not page.clauses or not isinstance(title, str):
        return
    c = page.clauses[0]
    pos = id_position(c.id)
    text = c.paragraphs[0] if c.paragraphs else ""
    m = find_marker(text, lang)
    if pos is None or pos[0] != 1 or m is None or m.level != 1:
        return
    if m.number != corpus.renumbered(name).get(c.id, pos[2]):
        return
    if title.strip() != text.strip():
        yield Issue(page.path, corpus.fm_line(page.path, "title"),
                    f"`title`“{title}”与本条标题“{text.strip()}”不一致。",
                    f"`title` '{title}' differs from the section's heading '{text.strip()}'.", hint=True)


def check_editorial(corpus, page: plandoc.Page):
    entries = page.meta.get("editorial")
    if entries is None:
        return
    path = page.path
    if not isinstance(entries, list):
        yield Issue(path, corpus.fm_line(path, "editorial"), "`editorial` 必须是列表，每项含 clause、kind、source、text。",
                    "`editorial` must be a list of entries with clause, kind, source and text.")
        return
    for i, e in enumerate(entries):
        line = corpus.fm_line(path, "editorial", i)
        if not isinstance(e, dict) or not all(isinstance(e.get(k), str) for k in ("clause", "kind", "source", "text")):
            yield Issue(path, line, "编辑处理记录须有字符串类型的 clause、kind、source、text 四项。",
                        "An editorial entry needs clause, kind, source and text, all strings.")
            continue
        if e["kind"] not in plandoc.EDITORIAL_KINDS:
            yield Issue(path, corpus.fm_line(path, "editorial", i, "kind"),
                        f"未知的编辑处理类型“{e['kind']}”，可用：{'、'.join(plandoc.EDITORIAL_KINDS)}。",
                        f"Unknown kind of editorial change '{e['kind']}'; known: {', '.join(plandoc.EDITORIAL_KINDS)}.")
        if "count" in e and not isinstance(e["count"], int):
            yield Issue(path, corpus.fm_line(path, "editorial", i, "count"), "`count` 必须是整数。",
                        "`count` must be an integer.")
        clause = page.clause(e["clause"])
        count = e.get("count", 1) if isinstance(e.get("count", 1), int) else 1
        if clause is None:
            yield Issue(path, corpus.fm_line(path, "editorial", i, "clause"),
                        f"编辑处理记录所指条款 {e['clause']} 不在本页。",
                        f"The editorial entry names clause {e['clause']}, which is not on this page.")
        elif clause.text.count(e["text"]) < int(count):
            yield Issue(path, corpus.fm_line(path, "editorial", i, "text"),
                        f"编辑处理记录的“{e['text']}”在条款 {e['clause']} 中找不到。改动已标明编辑处理的文字时，请同时更新或删除该记录。",
                        f"The editorial entry's text '{e['text']}' is not in clause {e['clause']}. When you change words that carry a marked editorial change, update or remove its entry too.")


def check_renumbered(corpus, page: plandoc.Page):
    ren = page.meta.get("renumbered")
    if ren is None:
        return
    path = page.path
    if not isinstance(ren, dict) or not all(isinstance(v, int) for v in ren.values()):
        yield Issue(path, corpus.fm_line(path, "renumbered"), "`renumbered` 须为“条款编号: 显示序号”的映射，如 '3.6': 3。",
                    "`renumbered` must map clause ids to the number shown, e.g. '3.6': 3.")
        return
    for cid in ren:
        if page.clause(str(cid)) is None:
            yield Issue(path, corpus.fm_line(path, "renumbered", cid), f"`renumbered` 中的条款 {cid} 不在本页。",
                        f"Clause {cid} under `renumbered` is not on this page.")
