"""Regenerate the README's screenshots of the reference site (not a test).

Builds the site from ``extracted/`` as of 2014-11-20 (the corpus's own time) and shoots
six pages in headless Debian Chromium (fonts-noto-cjk installed):

    .venv/bin/python docs/screenshots/take.py
"""

from __future__ import annotations

import functools
import http.server
import tempfile
import threading
from datetime import date
from pathlib import Path

from playwright.sync_api import sync_playwright

from pingan_docs.site import build_site

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
SHOTS = {  # file -> (page, an element to scroll to the top)
    "home.png": ("index.html", None),
    "document.png": ("documents/004_bb63232fd99ff2b4_html.html#t-二-四-8", None),
    "unit.png": ("units/泸州市公安局.html", None),
    "targets.png": ("targets.html#i-排查率", None),
    "deadlines.png": ("deadlines.html", None),
    "graph.png": ("graph.html", "#pd-graph-info"),
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(ROOT / "extracted", site, date(2014, 11, 20), ROOT / "mkdocs.yml")

        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args) -> None:  # type: ignore[no-untyped-def]
                pass

        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            for name, (path, scroll_to) in SHOTS.items():
                page.goto(base + path)
                page.wait_for_timeout(1500)
                if scroll_to:  # to the top of the view, below the sticky header
                    page.evaluate("s => { document.querySelector(s).scrollIntoView(); window.scrollBy(0, -64); }",
                                  scroll_to)
                page.screenshot(path=str(OUT / name))
                print(OUT / name)
            browser.close()
        httpd.shutdown()


if __name__ == "__main__":
    main()
