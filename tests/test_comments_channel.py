"""The consultation's channel (mkdocs.yml `extra.consultation`): unset, the banner and the comments
page say the site sends nothing and comments go through the official notice; set, they show the
email (a mailto link with subject and body filled in), the postal address, the deadline and the
notice, and after the deadline (China Standard Time) the banner says the consultation has closed.
The set case is a real build of the site with the channel filled in, served on its own."""
from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import http.server
import threading
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from conftest import ROOT, RequestLog, _QuietHandler

CHANNEL = {"email": "gaizao@example.gov.cn", "address": "岳阳市岳阳楼区某路1号 某局（414000）",
           "deadline": "2027-01-15", "notice_url": "https://www.example.gov.cn/notice/2026-12.html"}


BUILD = """
import json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
from plansite import comments_site
out, channel = sys.argv[1], json.loads(sys.argv[2])
base = load_config("mkdocs.yml")
build(load_config("mkdocs.yml", site_dir=out, extra=dict(base["extra"], consultation=channel)))
sys.exit(comments_site.main(["--site", out]))
"""


@pytest.fixture(scope="module")
def channel_server(tmp_path_factory):
    """The site built with CHANNEL (MkDocs and the comment data step only), on its own server."""
    out = tmp_path_factory.mktemp("site-with-channel")
    # MkDocs in a process of its own, from the repository (the search plugin reads its word list
    # relative to the working directory): the project's mkdocs.yml with extra.consultation set.
    subprocess.run([sys.executable, "-c", BUILD, str(out), json.dumps(CHANNEL)], cwd=ROOT, check=True,
                   env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True, timeout=600)
    handler = functools.partial(_QuietHandler, directory=str(out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def open_at(browser, url: str, when: str, *, lang="zh-CN"):
    context = browser.new_context(locale=lang, timezone_id="UTC")
    log = RequestLog(url)
    context.on("request", lambda r: log.append(r.url))
    pg = context.new_page()
    pg.clock.install(time=when)
    pg.goto(url)
    return context, pg, log


def test_without_a_channel_the_site_says_it_sends_nothing(page, server):
    for url in ("", "plan/section-6/", "calculators/funding/", "comments/"):
        page.goto(server + url)
        none = page.locator(".consultation [data-consultation-none]")
        assert none.is_visible() and "本站不向任何地方发送任何内容" in none.text_content()
        assert "官方公告" in none.text_content()
        link = page.locator("[data-comments-link]")
        assert link.is_visible() and link.evaluate("a => a.href") == server + "comments/"
    page.wait_for_selector("[data-comments-page][data-ready]")
    assert "本站不向任何地方发送任何内容" in page.locator("[data-comments-send]").text_content()
    page.goto(server + "en/plan/section-6/")
    assert "This site sends nothing anywhere" in page.locator(".consultation [data-consultation-none]").text_content()
    page.click(".consultation [data-comments-link]")
    assert page.url == server + "en/comments/"


def test_the_banner_and_the_page_carry_no_script_of_their_own(site):
    for path in ("index.html", "plan/section-6/index.html", "en/comments/index.html"):
        html = (site / path).read_text(encoding="utf-8")
        start = html.index('<div class="consultation"')
        block = html[start:html.index("</div>", start)]
        assert "<script" not in block and not re.search(r"\son[a-z]+\s*=", block)  # no inline handlers


def test_with_a_channel_the_banner_shows_it_until_the_deadline(browser, channel_server):
    # the last day, late in the evening in China: still open
    context, pg, log = open_at(browser, channel_server + "plan/section-6/", "2027-01-15T15:30:00Z")
    banner = pg.locator(".consultation")
    assert pg.locator("[data-consultation-open]").is_visible()
    assert not pg.locator("[data-consultation-closed]").is_visible()
    text = banner.text_content()
    assert "2027年1月15日" in text and CHANNEL["address"] in text and CHANNEL["email"] in text
    assert banner.locator(f'a[href="{CHANNEL["notice_url"]}"]').count() == 1
    href = banner.locator("[data-consultation-mailto]").get_attribute("href")
    parts = urlsplit(href)
    query = parse_qs(parts.query)
    assert parts.scheme == "mailto" and unquote(parts.path) == CHANNEL["email"]
    assert query["subject"] == ["对《岳阳市城区老旧小区改造工作实施方案（征求意见稿）》的意见"]
    assert "条款" in query["body"][0]
    # a comment, then the comments page's email carries it in the body
    pg.click('[data-comment-clause="6.3"]')
    pg.fill('[data-comment-form][data-clause="6.3"] textarea[name=comment]', "建议写明出资上限。")
    pg.click('[data-comment-form][data-clause="6.3"] button[type=submit]')
    pg.goto(channel_server + "comments/")
    pg.wait_for_selector("[data-comments-page][data-ready]")
    send = pg.locator("[data-comments-send]")
    assert "截止日期：2027-01-15" in send.text_content() and CHANNEL["address"] in send.text_content()
    body = parse_qs(urlsplit(send.locator("[data-consultation-mailto]").get_attribute("href")).query)["body"][0]
    assert "第六条第（三）项" in body and "建议写明出资上限。" in body
    assert not [u for u in log.foreign()], log.foreign()  # nothing fetched from the notice's host
    assert not [u for u in log if "%E5%BB%BA%E8%AE%AE" in u or "建议" in u]
    context.close()


def test_after_the_deadline_the_banner_says_the_consultation_has_closed(browser, channel_server):
    # ten minutes past midnight in China on the day after the deadline (still the 15th in UTC)
    for url, words in (("", "本次征求意见已经结束"), ("en/plan/section-1/", "The consultation has closed")):
        context, pg, _ = open_at(browser, channel_server + url, "2027-01-15T16:10:00Z")
        closed = pg.locator("[data-consultation-closed]")
        assert closed.is_visible() and words in closed.text_content()
        assert not pg.locator("[data-consultation-open]").is_visible()
        context.close()
    context, pg, _ = open_at(browser, channel_server + "comments/", "2027-02-01T00:00:00Z")
    pg.wait_for_selector("[data-comments-page][data-ready]")
    assert "已于 2027-01-15 结束" in pg.locator("[data-comments-send]").text_content()
    context.close()
