"""The generated site in a real browser (headless Debian Chromium driven by Playwright):
deep links, marks in headings, search ranking, a copied folder opened from file://,
the graph's legend and filters, CJK glyphs, progress badges, sortable and filterable
tables, sources, and untrusted text that stays text."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import threading
import urllib.parse
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from pingan_docs.extract import extract_corpus
from pingan_docs.graph import PolicyGraph, load
from pingan_docs.indicators import normalise
from pingan_docs.models import Progress
from pingan_docs.site import build_site
from pingan_docs.site.document import anchor_id
from pingan_docs.site.pages import Corpus, doc_href, home, slug

from .conftest import FIXTURES, ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TODAY = date(2014, 11, 20)
POLICE = "呼和浩特市公安局"


@pytest.fixture(scope="module")
def graph(extracted_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> PolicyGraph:
    """The shipped corpus plus a hostile document; two tasks of the Hohhot police carry
    progress reports (as a returned ledger would give them)."""
    extracted = tmp_path_factory.mktemp("extracted")
    shutil.copytree(extracted_dir, extracted, dirs_exist_ok=True)
    result = extract_corpus([FIXTURES / "hostile.txt"], extracted, progress=False)
    assert not result.failures
    g = load(extracted)
    first, second = (i.task.id for i in g.tasks_for(POLICE)[:2])
    g.task(first).progress = Progress(status="滞后", report="尚未完成排查", updated="2014-11-18")
    g.task(second).progress = Progress(status="已完成", report="已完成")
    return g


@pytest.fixture(scope="module")
def site(graph: PolicyGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(graph, out, TODAY, ROOT / "mkdocs.yml")
    return out


@pytest.fixture(scope="module")
def server(site: Path):  # type: ignore[no-untyped-def]
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Browser, server: str):  # type: ignore[no-untyped-def]
    """A page that may only talk to the local server; records what it tried elsewhere
    and every console error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    external: list[str] = []
    errors: list[str] = []

    def guard(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith(server):
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    assert external == [], external
    assert errors == [], errors
    context.close()


def in_view(page: Page, element_id: str) -> bool:
    return bool(page.evaluate("""id => { const el = document.getElementById(id);
        if (!el) return false; const r = el.getBoundingClientRect();
        return r.top >= 0 && r.top < window.innerHeight; }""", element_id))


def plain(text: str) -> str:
    return text.replace("\u200b", "").strip()


# -- the build ------------------------------------------------------------------------------

def test_build_is_offline_complete_and_serves_real_sources(site: Path, graph: PolicyGraph) -> None:
    assert (site / "search" / "search_index.json").is_file()
    assert (site / "search" / "search_index.js").is_file()  # the offline plugin: search from file://
    for name in ("cytoscape", "tablesort", "iframe-worker"):
        assert (site / "assets" / "vendor" / f"{name}.LICENSE").is_file()
    for html_page in site.rglob("*.html"):
        text = html_page.read_text(encoding="utf-8")
        for host in ("fonts.googleapis", "cdn.jsdelivr", "unpkg.com"):
            assert host not in text, (html_page, host)
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>http://localhost:8000/documents/" in sitemap
    sources = {p.name: p for p in (site / "sources").iterdir()}
    assert sources["000_819b2f747ba95bfb.pdf"].read_bytes().startswith(b"%PDF")
    assert sources["002_1eaf0ab2d51e31a4.docx"].read_bytes().startswith(b"PK")
    assert "003_a230dda529796dcc.html.txt" in sources  # HTML served as text: nothing in it runs
    assert not [n for n in sources if n.endswith((".html", ".htm", ".md"))]
    doc_page = (site / "documents" / "003_a230dda529796dcc_html.html").read_text(encoding="utf-8")
    assert 'href="../sources/003_a230dda529796dcc.html.txt"' in doc_page


def test_every_section_and_task_has_its_anchor(site: Path, graph: PolicyGraph) -> None:
    """Section headings carry Section.id, tasks the part of Task.id after '#': the ids the
    ledger (issue 9) links to as documents/<slug(doc_id)>.html#t-…"""
    for doc in graph.documents.values():
        html_page = site / doc_href(doc.doc_id, 0)
        assert html_page == site / "documents" / f"{slug(doc.doc_id)}.html"
        text = html_page.read_text(encoding="utf-8")
        for s in doc.sections:
            assert f'id="{s.id}"' in text, (doc.doc_id, s.id)
        for t in doc.tasks:
            assert text.count(f'id="{anchor_id(t.id)}"') == 1, (doc.doc_id, t.id)


# -- deep links, marks -----------------------------------------------------------------------

def test_unit_page_rows_link_to_their_place(page: Page, server: str, graph: PolicyGraph) -> None:
    page.goto(f"{server}/units/{POLICE}.html")
    assert page.inner_text("h1") == POLICE
    links = page.eval_on_selector_all("table.pd-tasks tbody tr a[href*='#t-']", "els => els.map(e => e.href)")
    assert len(links) == len(graph.tasks_for(POLICE)) == 11
    for href in links:
        page.goto(href)
        anchor = urllib.parse.unquote(href.split("#", 1)[1])
        page.wait_for_function("id => document.getElementById(id)", arg=anchor)
        assert in_view(page, anchor), href
        assert page.evaluate("id => document.getElementById(id).matches(':target')", anchor)


def test_unit_named_in_a_heading_is_marked(page: Page, server: str) -> None:
    page.goto(f"{server}/documents/004_bb63232fd99ff2b4_html.html#t-二-四-9")
    heading = page.locator("[id='s-二-四-9']")
    assert in_view(page, "t-二-四-9")
    assert heading.inner_text().strip() == "9、区文化广电局"  # the heading ends at its first ：
    mark = heading.locator("a.pd-r")
    assert mark.inner_text() == "区文化广电局"
    assert mark.get_attribute("href") == "../units/宝鸡市金台区文化广电局.html"
    mark.hover()
    assert mark.get_attribute("title") == "宝鸡市金台区文化广电局（责任单位）"
    body = page.locator("[id='s-二-四-9'] + .pd-text")
    assert body.inner_text().startswith("要进一步加强对网吧的管理")
    # 19 assignments sit in item headings of this plan: all marked there
    assert page.locator(":is(h2, h3, h4, h5) :is(a.pd-l, a.pd-r, a.pd-c, a.pd-g)").count() >= 19
    # targets and deadlines in the body text too, with a hover title
    target = page.locator(".pd-text mark.pd-t").first
    assert (target.get_attribute("title") or "").startswith("指标：")


def test_home_lists_organs_and_links_deadlines_to_tasks(page: Page, server: str, graph: PolicyGraph) -> None:
    page.goto(f"{server}/index.html")
    assert "2014-11-20" in page.inner_text(".pd-asof")
    kinds = {u.canonical: u.kind for u in graph.units()}
    busiest = page.eval_on_selector_all("table.pd-units tbody tr td:first-child", "els => els.map(e => e.innerText)")
    assert busiest and all(kinds[name] == "organ" for name in busiest)
    overdue = page.eval_on_selector_all("table.pd-deadlines a[href*='#t-']", "els => els.map(e => e.href)")
    assert overdue
    page.goto(overdue[0])
    assert in_view(page, urllib.parse.unquote(overdue[0].split("#", 1)[1]))


def test_historical_corpus_gets_the_today_hint(graph: PolicyGraph) -> None:
    assert "--today" in home(Corpus.of(graph, date(2026, 1, 1)))
    assert "--today" not in home(Corpus.of(graph, TODAY))


# -- search ----------------------------------------------------------------------------------

def search(page: Page, url: str, query: str) -> list[dict]:
    page.goto(f"{url}?q={urllib.parse.quote(query)}")
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    page.wait_for_timeout(300)
    return page.eval_on_selector_all(".md-search-result__item", """items => items.map(li => ({
        title: li.querySelector('h1, h2').innerText, href: li.querySelector('a').href,
        missing: li.querySelector('.md-search-result__terms') ? li.querySelector('.md-search-result__terms').innerText : ''}))""")


def test_search_ranks_organs_and_exact_names_first(page: Page, server: str, graph: PolicyGraph) -> None:
    kinds = {u.canonical: u.kind for u in graph.units()}
    results = search(page, f"{server}/index.html", "公安局")
    first = plain(results[0]["title"])
    assert "/units/" in results[0]["href"] and kinds[first] == "organ" and "公安局" in first
    for r in results:
        assert urllib.parse.parse_qs(urllib.parse.urlsplit(r["href"]).query).get("h"), r  # lands highlighted
    results = search(page, f"{server}/index.html", "市公安局")
    assert [plain(r["title"]) for r in results[:3]].count(POLICE) == 1
    assert all(r["missing"] == "" for r in results[:3])  # no 缺少: 市 noise
    results = search(page, f"{server}/index.html", POLICE)
    assert plain(results[0]["title"]) == POLICE
    page.goto(results[0]["href"])
    page.wait_for_selector("mark[data-md-highlight]", timeout=20000)


def test_copied_folder_searches_from_file(browser: Browser, site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "网站副本"
    shutil.copytree(site, copy)
    context = browser.new_context()
    pg = context.new_page()
    requests: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto((copy / "index.html").as_uri())
    pg.focus(".md-search__input")  # the index is ready when the box asks for a query
    pg.wait_for_function("document.querySelector('.md-search-result__meta').textContent.trim() === '键入以开始搜索'")
    pg.fill(".md-search__input", "公安局")  # pasted with the mouse: no keyup
    pg.wait_for_selector(".md-search-result__item", timeout=20000)
    assert "公安局" in plain(pg.inner_text(".md-search-result__list"))
    href = pg.get_attribute(".md-search-result__item a", "href")
    assert href and href.startswith("file://")
    assert requests and all(u.startswith("file://") for u in requests), requests
    context.close()


# -- graph -----------------------------------------------------------------------------------

def test_graph_explains_itself_and_follows_filters(page: Page, server: str) -> None:
    page.goto(f"{server}/graph.html")
    page.wait_for_selector("#pd-graph canvas")
    legend = page.inner_text("#pd-graph-legend")
    for word in ("图例", "牵头", "责任", "配合", "指导", "机关单位", "集合单位", "泛指部门", "任务"):
        assert word in legend
    box = page.locator("#pd-graph")

    def count(what: str) -> int:
        return int(box.get_attribute(f"data-{what}") or 0)

    nodes, edges = count("nodes"), count("edges")
    assert nodes > 0 and edges > 0
    page.uncheck("input[name=role][value=responsible]")
    assert count("edges") < edges
    page.check("input[name=role][value=responsible]")
    assert count("edges") == edges
    page.select_option("#pd-view", "units")  # unit–unit: tasks shared, across all documents
    assert page.inner_text("#pd-graph-info").startswith("单位协作")
    assert page.evaluate("pdGraph.cy.nodes(\"[kind = 'task']\").length") == 0
    all_units = count("nodes")
    assert all_units > 0 and count("edges") > 0
    page.select_option("#pd-region", label="泸州市")
    assert 0 < count("nodes") < all_units
    assert set(page.evaluate("pdGraph.cy.nodes().map(n => n.data('region'))")) == {"泸州市"}
    page.select_option("#pd-view", "tasks")
    page.evaluate("pdGraph.cy.nodes(\"[kind = 'task']\")[0].emit('tap')")  # a task opens its place
    page.wait_for_url("**/documents/*.html#t-*")
    anchor = urllib.parse.unquote(page.url.split("#", 1)[1])
    assert in_view(page, anchor)


# -- fonts -----------------------------------------------------------------------------------

def test_cjk_glyphs_render(page: Page, server: str) -> None:
    """Without a CJK font (Debian: fonts-noto-cjk) every Chinese character is the same
    empty box: two different characters would draw identically, and like an unassigned
    private-use character."""
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    assert fonts.stdout.strip(), "no Chinese font installed (apt-get install fonts-noto-cjk)"
    page.goto(f"{server}/documents/003_a230dda529796dcc_html.html")
    drawn = page.evaluate("""() => {
        const font = getComputedStyle(document.querySelector('article')).fontFamily;
        const c = document.createElement('canvas'); c.width = c.height = 64;
        const g = c.getContext('2d');
        const draw = ch => { g.clearRect(0, 0, 64, 64); g.font = '48px ' + font; g.fillText(ch, 4, 52);
            return Array.from(g.getImageData(0, 0, 64, 64).data).join(','); };
        return [draw('平'), draw('安'), draw('\\uE000')]; }""")
    ping, an, box = drawn
    assert ping != an and ping != box and an != box


# -- progress, tables, pages -----------------------------------------------------------------

def test_progress_badges_and_supervision(page: Page, server: str, graph: PolicyGraph) -> None:
    page.goto(f"{server}/units/{POLICE}.html")
    assert page.locator("table.pd-tasks .pd-badge.pd-p-late").inner_text() == "滞后"
    assert page.locator("table.pd-tasks .pd-badge.pd-p-done").inner_text() == "已完成"
    late = next(t for t in graph.all_tasks() if t.progress and t.progress.status == "滞后")
    page.goto(f"{server}/documents/{slug(late.doc_id)}.html#{anchor_id(late.id)}")
    badge = page.locator(f"*:has(> [id='{anchor_id(late.id)}']) > .pd-badge")  # in the task's heading or text
    assert badge.inner_text() == "滞后" and "尚未完成排查" in (badge.get_attribute("title") or "")
    page.goto(f"{server}/supervision.html")
    row = page.locator("table.pd-counts tr", has=page.locator(f"a:text-is('{POLICE}')")).first
    cells = row.locator("td").all_inner_texts()
    assert cells[:6] == [POLICE, "11", "1", "0", "1", "0"]  # 任务 已完成 正常推进 滞后 未启动
    assert "需要督办的任务" in page.inner_text("article")


def test_tables_sort_and_filter(page: Page, server: str) -> None:
    page.goto(f"{server}/documents/index.html")
    dates = "table.pd-documents tbody tr td:nth-child(3)"
    page.click("table.pd-documents th:text-is('成文日期')")
    ascending = page.eval_on_selector_all(dates, "els => els.map(e => e.innerText)")
    assert ascending == sorted(ascending)
    page.click("table.pd-documents th:text-is('成文日期')")
    assert page.eval_on_selector_all(dates, "els => els.map(e => e.innerText)") == sorted(ascending, reverse=True)
    page.goto(f"{server}/units/index.html")
    total = page.locator("#pd-units tbody tr").count()
    page.select_option(".pd-filters select[data-col='1']", "泸州市")
    regions = page.eval_on_selector_all("#pd-units tbody tr:not([hidden]) td:nth-child(2)",
                                        "els => els.map(e => e.innerText)")
    assert 0 < len(regions) < total and set(regions) == {"泸州市"}
    page.select_option(".pd-filters select[data-col='2']", "机关单位")
    page.fill(".pd-filters input[data-col='0']", "公安")
    names = page.eval_on_selector_all("#pd-units tbody tr:not([hidden]) td:first-child",
                                      "els => els.map(e => e.innerText)")
    assert "泸州市公安局" in names and all("公安" in n for n in names)
    assert page.inner_text(".pd-count") == f"显示 {len(names)} / {total}"


def test_targets_group_by_indicator(page: Page, server: str) -> None:
    page.goto(f"{server}/targets.html")
    text = page.inner_text("article")
    assert "重点关键部位、设施排查率" in text and "\n点关键部位" not in text  # not cut short
    rows = page.locator("[id='i-破案率'] + .pd-values + table tbody tr")
    assert rows.count() == 3
    links = rows.locator("a[href*='#t-']").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert len({href.split("#")[0] for href in links}) == 2  # two cities' 破案率 side by side
    headings = page.eval_on_selector_all("article h2", "els => els.map(e => e.innerText)")
    for h in headings:  # no garbled group (众安全感, 份对应率, 区人): each is a head noun
        name = re.sub(r"（\d+）$", "", h)
        assert name == "其他指标" or normalise(name) == name, h


def test_deadlines_link_to_tasks(page: Page, server: str) -> None:
    page.goto(f"{server}/deadlines.html")
    assert page.locator(".pd-status.pd-overdue").count() > 0
    href = page.get_attribute("ul.pd-timeline li a[href*='#t-']", "href")
    assert href
    page.goto(f"{server}/{href}")
    assert in_view(page, urllib.parse.unquote(href.split("#", 1)[1]))


def test_hostile_document_runs_nothing(page: Page, server: str) -> None:
    page.goto(f"{server}/documents/hostile.html")
    page.mouse.move(300, 300)
    for a in page.locator("article a").all()[:20]:
        a.hover()
    page.wait_for_timeout(300)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    text = page.inner_text("article")
    assert "<script>window.__pwned=1</script>" in text
    assert "[点我](javascript:window.__pwned=3)" in text and "{{ config.site_name }}" in text
    assert "**加粗** _斜体_ `代码` #标题|表格|" in text
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("article img, article b, article script, article code, article strong").count() == 0
    assert page.locator("a.pd-r[href='../units/某市公安局.html']").count() >= 1
