"""The generated site in a real browser (headless Chromium driven by Playwright):
navigation, highlights, Chinese search, no request leaving the site, no script from
document text running."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import urllib.parse
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from pingan_docs.extract import extract_corpus
from pingan_docs.site import build_site

from .conftest import FIXTURES, ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def site(extracted_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("site")
    extracted = work / "extracted"
    shutil.copytree(extracted_dir, extracted)
    result = extract_corpus([FIXTURES / "hostile.txt"], extracted, progress=False)
    assert not result.failures
    out = work / "site"
    build_site(extracted, out, date(2014, 11, 20), ROOT / "mkdocs.yml", work / "docs")
    return out


@pytest.fixture(scope="module")
def server(site: Path):  # type: ignore[no-untyped-def]
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser_page(server: str):  # type: ignore[no-untyped-def]
    external: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()

        def guard(route) -> None:  # type: ignore[no-untyped-def]
            if route.request.url.startswith(server):
                route.continue_()
            else:
                external.append(route.request.url)
                route.abort()

        page.route("**/*", guard)
        page.external = external  # type: ignore[attr-defined]
        yield page
        browser.close()


def test_site_build_is_offline_and_complete(site: Path) -> None:
    assert (site / "index.html").is_file() and (site / "search" / "search_index.json").is_file()
    assert (site / "assets" / "vendor" / "cytoscape.LICENSE").is_file()
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in html and "cdn.jsdelivr" not in html, page


def test_home_unit_document_search(browser_page: Page, server: str) -> None:
    page = browser_page
    page.goto(server + "/index.html")
    assert "平安建设责任图谱" in page.title()
    page.click("text=呼和浩特市公安局")
    page.wait_for_url("**/units/*.html")
    assert page.inner_text("h1") == "呼和浩特市公安局"
    assert "责任（11）" in page.inner_text("article")
    page.click("article table a >> nth=0")
    page.wait_for_url("**/documents/*.html")
    assert "平安建设工程" in page.inner_text("h1")
    assert page.locator("mark.pd-unit.pd-role-responsible").count() >= 40
    assert page.locator("mark.pd-deadline").count() >= 2
    assert page.locator("mark.pd-target").count() >= 30
    unit_link = page.locator("mark.pd-unit a").first
    assert unit_link.get_attribute("href").startswith("../units/")
    # Chinese full-text search (the index is segmented with jieba at build time)
    # Material runs a ?q= query once its search worker has loaded the index
    page.goto(page.url + "?q=" + urllib.parse.quote("公安局"))
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    assert "公安" in page.inner_text(".md-search-result__list")
    assert page.external == []  # type: ignore[attr-defined]


def test_graph_page_draws(browser_page: Page, server: str) -> None:
    page = browser_page
    page.goto(server + "/graph.html")
    page.wait_for_function("document.querySelectorAll('#pd-doc option').length > 0")
    assert page.locator("#pd-graph canvas").count() > 0
    assert page.external == []  # type: ignore[attr-defined]


def test_hostile_document_runs_nothing(browser_page: Page, server: str, site: Path) -> None:
    page = browser_page
    page.goto(server + "/documents/hostile.html")
    page.mouse.move(300, 300)
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    text = page.inner_text("article")
    assert "<script>window.__pwned=1</script>" in text
    assert "[点我](javascript:window.__pwned=3)" in text and "{{ config.site_name }}" in text
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("article img, article b, article script").count() == 0
    assert page.locator("mark.pd-unit a[href='../units/某市公安局.html']").count() >= 1
