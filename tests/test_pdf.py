"""The PDF editions of the plan (plansite/pdf.py), read back: A4, the SC fonts embedded,
the text layer holding every clause and the source's sentences, contents entries pointing at
the right pages, page furniture, the cover's provenance, and the site linking them."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin

import pytest
from pypdf import PdfReader

from plansite import pdf as build_pdf
from plansite import plandoc

ROOT = plandoc.ROOT
EDITIONS = list(build_pdf.EDITIONS)
SOURCE = ROOT / "policy" / "source" / f"{plandoc.SOURCE_ID}.txt"
# Sane page counts for each edition (measured: zh 9, en 14, zh-en 18).
PAGE_RANGE = {"zh": (6, 20), "en": (8, 30), "zh-en": (12, 40)}
A4 = (595.28, 841.89)


@pytest.fixture(scope="session")
def pdfs(site) -> dict[str, Path]:
    """The PDFs as `make build` writes them into site/pdf/ (built here if missing)."""
    out = site / "pdf"
    paths = {e: out / build_pdf.EDITIONS[e]["file"] for e in EDITIONS}
    missing = [e for e, p in paths.items() if not p.exists()]
    if missing:
        build_pdf.build(missing, out)
    return paths


@lru_cache(maxsize=None)
def reader(path: Path) -> PdfReader:
    return PdfReader(str(path))


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


FURNITURE = [
    re.compile(r"^第 \d+ 页 / 共 \d+ 页.*$"),
    re.compile(r"^Page \d+ of \d+$"),
    re.compile(r"^(征求意见稿|Draft for public comment)( Draft)? ·.*$"),
    re.compile(r"^" + re.escape(plandoc.TITLE["zh"]) + r"( .*)?$"),
    re.compile(r"^Yueyang Old Residential Community Renovation Plan \(Draft\)( .*)?$"),
]


@lru_cache(maxsize=None)
def raw_page_text(path: Path, index: int) -> str:
    return reader(path).pages[index].extract_text() or ""


@lru_cache(maxsize=None)
def page_lines(path: Path, index: int) -> list[str]:
    """The lines of one page's text layer, without the running header and footer."""
    text = raw_page_text(path, index)
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    return [l for l in lines if not any(f.match(l) for f in FURNITURE)]


def contents_range(path: Path) -> tuple[int, int]:
    """(first, last) page index of the contents list (after the cover)."""
    n = len(reader(path).pages)
    first = next(i for i in range(1, n) if page_lines(path, i)[0].startswith(("目", "Contents")))
    last = first
    while last + 1 < n and re.search(r"\.{5,}\s*\d+$", page_lines(path, last + 1)[0]):
        last += 1
    return first, last


def body_text(path: Path) -> str:
    """The plan's text as the PDF holds it (cover, contents and page furniture left out)."""
    _, last = contents_range(path)
    return "\n".join("\n".join(page_lines(path, i)) for i in range(last + 1, len(reader(path).pages)))


def plain(md_text: str) -> str:
    return build_pdf.plain_text(md_text)


# -- pages and fonts -------------------------------------------------------------------------

@pytest.mark.parametrize("edition", EDITIONS)
def test_pages_are_a4_and_their_number_is_sane(pdfs, edition):
    r = reader(pdfs[edition])
    lo, hi = PAGE_RANGE[edition]
    assert lo <= len(r.pages) <= hi, f"{edition}: {len(r.pages)} pages"
    for i, p in enumerate(r.pages):
        w, h = float(p.mediabox.width), float(p.mediabox.height)
        assert abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1, f"{edition} page {i + 1}: {w} x {h} pt"


def embedded_fonts(path: Path) -> dict[str, object]:
    """PostScript name (from the embedded font's own name table) -> fontTools font."""
    from fontTools.ttLib import TTFont

    out = {}
    for page in reader(path).pages:
        fonts = page["/Resources"].get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            descendants = font.get("/DescendantFonts")
            desc = (descendants[0].get_object() if descendants else font)["/FontDescriptor"].get_object()
            stream = desc.get("/FontFile") or desc.get("/FontFile2") or desc.get("/FontFile3")
            assert stream is not None, f"{path.name}: font {font.get('/BaseFont')} is not embedded"
            data = stream.get_object().get_data()
            tt = TTFont(io.BytesIO(data))
            out[tt["name"].getDebugName(6)] = tt
    return out


@lru_cache(maxsize=None)
def system_cmaps(face: str) -> dict[str, dict[int, str]]:
    """cmap of each language's face (sc, jp, ...) in the installed collection of `face`."""
    from fontTools.ttLib import TTCollection

    family, weight = re.fullmatch(r"Noto(\w+)CJKsc-(\w+)", face).groups()
    path = Path(f"/usr/share/fonts/opentype/noto/Noto{family}CJK-{weight}.ttc")
    if not path.exists():
        pytest.skip(f"{path} not installed")
    faces = {}
    for f in TTCollection(str(path)).fonts:
        name = f["name"].getDebugName(6)  # NotoSerifCJKsc-Regular
        faces[re.search(r"CJK(\w\w)-", name).group(1)] = f.getBestCmap()
    return faces


@pytest.mark.parametrize("edition", EDITIONS)
def test_fonts_are_embedded_and_are_the_simplified_chinese_noto_faces(pdfs, edition):
    fonts = embedded_fonts(pdfs[edition])
    names = sorted(fonts)
    assert all(re.fullmatch(r"Noto(Serif|Sans)CJKsc-(Regular|Bold)", n) for n in names), names
    assert "NotoSerifCJKsc-Regular" in names, "body text must be set in Noto Serif CJK SC"
    assert any(n.startswith("NotoSansCJKsc") for n in names), "headings must be set in Noto Sans CJK SC"
    # The glyphs are the SC forms: wherever the SC and JP faces of the collection map a character
    # to different glyphs, the embedded font maps it as the SC face does.
    for face, font in fonts.items():
        emb = font.getBestCmap()
        sys_faces = system_cmaps(face)
        differing = [c for c in emb if sys_faces["sc"].get(c) != sys_faces["jp"].get(c)]
        if face == "NotoSerifCJKsc-Regular":  # the English edition has Chinese in its notes only
            assert len(differing) > (5 if edition == "en" else 50), "too few characters to tell SC from JP"
        wrong = [chr(c) for c in differing if emb[c] != sys_faces["sc"].get(c)]
        assert not wrong, f"{edition}: {face} maps {''.join(wrong[:20])} to non-SC glyphs"


# -- the text layer --------------------------------------------------------------------------

@pytest.mark.parametrize("edition", EDITIONS)
def test_every_clause_id_is_printed_in_order(pdfs, edition):
    text = body_text(pdfs[edition])
    pos = 0
    first_lang = build_pdf.EDITIONS[edition]["langs"][0]
    for cid in plandoc.clause_index("zh"):
        label = build_pdf.clause_label(cid, first_lang)  # 3.2 as it is; 序言 / Preamble; none for 附件：
        if not label:
            continue
        m = re.compile(r"(?m)^" + re.escape(label) + r"(?: †)? ").search(text, pos)
        assert m, f"{edition}: clause id {cid} ({label}) not found (in order) at the start of a line"
        pos = m.end()


@pytest.mark.parametrize("edition", ["zh", "zh-en"])
def test_chinese_text_copies_out_exactly(pdfs, edition):
    text = squash(body_text(pdfs[edition]))
    for cid, (_, clause) in plandoc.clause_index("zh").items():
        for para in clause.paragraphs:
            assert squash(plain(para)) in text, f"{edition}: clause {cid} not in the text layer: {para[:40]}"


def source_sentences() -> list[str]:
    """Sentences of the source that the site shows unchanged (no half-width marks, no 1. numbering)."""
    out = []
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        for s in re.split(r"(?<=[。；])", line.strip()):
            if len(s) >= 12 and not re.search(r"[():]|^1\. ", s):
                out.append(s)
    return out


@pytest.mark.parametrize("edition", ["zh", "zh-en"])
def test_the_source_sentences_are_in_the_chinese_text_layer(pdfs, edition):
    text = squash(body_text(pdfs[edition]))
    sentences = source_sentences()
    assert len(sentences) > 80
    missing = [s for s in sentences if squash(s) not in text]
    assert not missing, f"{edition}: {len(missing)} source sentences not found, e.g. {missing[:3]}"


@pytest.mark.parametrize("edition", ["en", "zh-en"])
def test_the_translation_is_in_the_english_text_layer(pdfs, edition):
    text = squash(body_text(pdfs[edition]))
    for cid, (_, clause) in plandoc.clause_index("en").items():
        for para in clause.paragraphs:
            assert squash(plain(para)) in text, f"{edition}: English clause {cid} not found: {para[:50]}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_editorial_notes_are_in_the_pdf_as_on_the_site(pdfs, edition):
    text = squash(body_text(pdfs[edition]))
    for lang in build_pdf.EDITIONS[edition]["langs"]:
        for kind in ("numbering", "punctuation"):
            assert squash(plandoc.EDITORIAL_KINDS[kind][lang]) in text, f"{edition}: no {kind} note ({lang})"
        title = "编辑说明" if lang == "zh" else "Editorial notes"
        assert squash(title) in text
    edited = {str(e["clause"]) for n in plandoc.PLAN_PAGES
              for e in plandoc.parse_page(plandoc.page_path(n, "zh")).meta.get("editorial") or []}
    marked = set(re.findall(r"(?m)^(\S+) † ", body_text(pdfs[edition])))
    assert marked == edited, f"{edition}: † marks on {sorted(marked ^ edited)} differ from the editorial changes"


# -- contents and page furniture -------------------------------------------------------------

def expected_contents(edition: str) -> list[tuple[str, str]]:
    """(contents entry, text of the heading it points at, clause id printed before it or ''),
    in order."""
    langs = build_pdf.EDITIONS[edition]["langs"]
    out = []
    for s in build_pdf.build_sections(langs):
        entry = " ".join(s.toc[l] for l in langs)
        if s.name == "plan/preamble":
            heading = next(t.plain for c in s.clauses for t in c.texts if t.kind == "doc-title")
            out.append((entry, heading, ""))
        else:
            out.append((entry, s.toc[langs[0]], s.id))
        for anchor, sub in s.subsections:
            out.append((" ".join(sub[l] for l in langs), sub[langs[0]], plandoc.anchor_to_id(anchor)))
    return out


@pytest.mark.parametrize("edition", EDITIONS)
def test_contents_entries_point_at_the_pages_of_their_headings(pdfs, edition):
    path = pdfs[edition]
    first, last = contents_range(path)
    contents = "\n".join("\n".join(page_lines(path, i)) for i in range(first, last + 1))
    pages = [page_lines(path, i) for i in range(len(reader(path).pages))]
    pos = 0
    entries = expected_contents(edition)
    assert len(entries) >= 20
    for entry, heading, cid in entries:
        words = [re.escape(w) for w in entry.split()]
        m = re.compile(r"\s+".join(words) + r"\s*\.{3,}\s*(\d+)\s*$", re.M).search(contents, pos)
        assert m, f"{edition}: contents entry {entry!r} not found (in order)"
        pos = m.end()
        printed = int(m.group(1))
        # the heading with the clause id printed before it (a long heading may wrap)
        label = build_pdf.clause_label(cid, build_pdf.EDITIONS[edition]["langs"][0]) if cid else cid
        found = [i + 1 for i in range(last + 1, len(pages)) if squash(label + heading) in squash("".join(pages[i])).replace("†", "")]
        assert found, f"{edition}: heading {heading!r} not found on any page"
        assert printed == found[0], f"{edition}: contents say {entry!r} is on page {printed}, it is on {found[0]}"


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_page_but_the_cover_has_header_status_and_page_n_of_n(pdfs, edition):
    path = pdfs[edition]
    n = len(reader(path).pages)
    langs = build_pdf.EDITIONS[edition]["langs"]
    for i in range(1, n):
        text = raw_page_text(path, i)
        if "zh" in langs:
            assert f"第 {i + 1} 页 / 共 {n} 页" in text, f"{edition} page {i + 1}: no 第 n 页 / 共 N 页"
            assert plandoc.TITLE["zh"] in text, f"{edition} page {i + 1}: no running header"
            assert "征求意见稿" in text
        if "en" in langs:
            assert f"Page {i + 1} of {n}" in text, f"{edition} page {i + 1}: no Page n of N"
            assert re.search(r"Draft", text)
    cover = raw_page_text(path, 0)
    assert "第 1 页" not in cover and "Page 1 of" not in cover


@pytest.mark.parametrize("edition", EDITIONS)
def test_running_header_names_the_section_on_the_page(pdfs, edition):
    path = pdfs[edition]
    _, last = contents_range(path)
    sections = build_pdf.build_sections(build_pdf.EDITIONS[edition]["langs"])
    runnings = [s.running for s in sections]
    for i in range(last + 1, len(reader(path).pages)):
        text = raw_page_text(path, i)
        assert any(r in text for r in runnings), f"{edition} page {i + 1}: no section in the header"


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_heading_is_left_alone_at_the_bottom_of_a_page(pdfs, edition):
    path = pdfs[edition]
    headings = {h for _, h, _ in expected_contents(edition)}
    for i in range(1, len(reader(path).pages) - 1):
        lines = page_lines(path, i)
        last = re.sub(r"^\S+ (?=\S)", "", lines[-1]) if lines else ""
        assert last not in headings and (lines[-1] if lines else "") not in headings, \
            f"{edition} page {i + 1} ends with the heading {lines[-1]!r}"


def test_cover_names_status_version_and_date_and_no_hashes(pdfs):
    meta = build_pdf.plan_meta()
    for edition in EDITIONS:
        cover = raw_page_text(pdfs[edition], 0)
        flat = squash(cover)
        langs = build_pdf.EDITIONS[edition]["langs"]
        for lang in langs:
            assert squash(build_pdf.split_title(plandoc.TITLE[lang])[0]) in flat, f"{edition}: title ({lang})"
            assert squash(build_pdf.LABELS[lang]["status"]) in flat
        assert meta["date"] in cover and re.search(r"(版本|Version)\S*\s*/?\s*\S*\s*" + meta["version"], cover)
        # a reader needs the version and the date; the hash and the source file's id are for the record
        assert not re.search(r"\bgit\b|[0-9a-f]{7,40}\b", cover), f"{edition}: a revision hash on the cover"
        assert plandoc.SOURCE_ID not in flat, f"{edition}: the source file's id on the cover"
        reader = PdfReader(str(pdfs[edition]))
        for i in range(1, len(reader.pages)):
            footer_zone = raw_page_text(pdfs[edition], i).strip().splitlines()[-2:]
            assert not re.search(r"[0-9a-f]{7,40}\b", " ".join(footer_zone)), f"{edition} p{i + 1}: a hash in the footer"


def test_the_revision_is_in_the_colophon_and_the_document_properties(pdfs):
    for edition in EDITIONS:
        reader = PdfReader(str(pdfs[edition]))
        creator = reader.metadata.get("/Creator", "")
        m = re.search(r"git ([0-9a-f]{40})", creator)
        assert m, f"{edition}: no revision in the document's properties: {creator!r}"
        assert subprocess.run(["git", "cat-file", "-e", m.group(1) + "^{commit}"], cwd=ROOT).returncode == 0
        assert plandoc.SOURCE_ID in creator
        last = squash(raw_page_text(pdfs[edition], len(reader.pages) - 1))
        assert m.group(1) in last and plandoc.SOURCE_ID in last, f"{edition}: no colophon on the last page"
        langs = build_pdf.EDITIONS[edition]["langs"]
        flags = [build_pdf.LABELS[l][k] for l in langs for k in ("dirty", "clean")]
        assert any(squash(f) in last for f in flags), f"{edition}: no clean/uncommitted flag in the colophon"


def test_bookmarks_read_as_headings_and_the_chinese_edition_has_no_english_label(pdfs):
    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]
    zh = list(titles(PdfReader(str(pdfs["zh"])).outline))
    assert "一、指导思想" in zh and "（一）遴选项目" in zh, zh
    assert not any(re.match(r"\d|annex|preamble", t) for t in zh), zh
    en = list(titles(PdfReader(str(pdfs["en"])).outline))
    assert "I. Guiding Ideology" in en and not any(re.match(r"\d", t) for t in en), en
    reader = PdfReader(str(pdfs["zh"]))
    for i in range(len(reader.pages)):
        assert not re.search(r"preamble|annex", raw_page_text(pdfs["zh"], i), re.I), f"zh p{i + 1}: an English label"


def test_source_revision_flags_uncommitted_changes_to_the_plan(tmp_path):
    rev = build_pdf.source_revision()
    assert re.fullmatch(r"[0-9a-f]{40}", rev["commit"]) and rev["commit"].startswith(rev["short"])
    status = subprocess.run(["git", "status", "--porcelain", "--", *build_pdf.INPUTS], cwd=ROOT,
                            capture_output=True, text=True).stdout
    assert rev["dirty"] == bool(status.strip())


# -- failing loudly --------------------------------------------------------------------------

def test_a_missing_english_clause_stops_the_build(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs" / "plan", docs / "plan")
    en = docs / "plan" / "section-3.en.md"
    text = en.read_text(encoding="utf-8")
    # drop clause 3.4 (its paragraph and its anchor)
    text2 = re.sub(r"\n[^\n]*\n\{ #clause-3-4 \}\n", "\n", text)
    assert text2 != text
    en.write_text(text2, encoding="utf-8")
    with pytest.raises(build_pdf.TranslationMissing) as e:
        build_pdf.build_sections(("zh", "en"), docs)
    assert "3.4" in str(e.value)
    proc = subprocess.run([sys.executable, "-m", "plansite.pdf", "--lang", "en",
                           "--docs", str(docs), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode != 0
    assert "section-3.en.md lacks clause(s) 3.4" in proc.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    # the Chinese edition alone does not need the translation
    build_pdf.build_sections(("zh",), docs)


# -- the site links them ---------------------------------------------------------------------

@pytest.mark.parametrize("page", ["", "en/", "plan/full/", "en/plan/full/"])
def test_the_site_links_every_pdf(site, page):
    html = (site / page / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+\.pdf)"', html)
    files = {h.rsplit("/", 1)[-1] for h in hrefs}
    assert files == {e["file"] for e in build_pdf.EDITIONS.values()}, hrefs
    for h in hrefs:
        target = urljoin("http://x/" + page, h).removeprefix("http://x/")
        assert (site / target).is_file(), f"{page}: {h} -> {target} missing"
