"""kg's markup in a real browser: headless Chromium (Debian's chromium) loads the written page from a
loopback server, and a probe at the end of the page reports what the browser built."""

from __future__ import annotations

import functools
import html
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_kg

FIXTURES = ROOT / "tests" / "fixtures" / "markup"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# CI sets KG_REQUIRE_BROWSER=1 (.ci/run installs chromium): there a missing browser fails the tests.
needs_browser = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("KG_REQUIRE_BROWSER"),
                                   reason="Debian's chromium is not installed (apt-get install chromium)")
HOSTILE_TEXT = (
    "</script><script>window.pwned = 1</script> <!-- <script> --> \u2028 \u2029 \x01 \x07 \x1b \x7f \x85 "
    "& &amp; <b>bold</b> ]]> \\u003c \"quoted\" 'single'"
)
PROBE = """<pre id="kg-probe"></pre><script>
document.getElementById("kg-probe").textContent = JSON.stringify({
  scripts: document.scripts.length,
  inHead: [...document.head.querySelectorAll('script[data-kg="review"]')].length,
  jsonld: [...document.querySelectorAll('script[type="application/ld+json"]')].map(e => {
    try { return JSON.parse(e.textContent); } catch (error) { return {unparsable: e.textContent}; }
  }),
  h1: (document.querySelector("h1") || {}).textContent || null,
  analytics: window.analytics === true,
  pwned: window.pwned === 1,
});
</script>"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def browser_view(page: Path) -> dict:
    """What the markup probe reports about the page in headless Chromium."""
    return run_probe(page, PROBE, "kg-probe")


def run_probe(page: Path, probe: str, probe_id: str) -> dict:
    """Load a copy of the page (with `probe` before </body>) in headless Chromium over loopback; the
    JSON the probe wrote into its `<pre id=probe_id>`."""
    assert CHROMIUM, "chromium is required here (KG_REQUIRE_BROWSER is set) but not installed"
    text = page.read_bytes()
    at = text.rindex(b"</body>")
    served = page.with_name(f"served-{page.name}")
    served.write_bytes(text[:at] + probe.encode() + text[at:])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(page.parent)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={page.parent / 'chromium-profile'}", "--dump-dom",
             f"http://127.0.0.1:{server.server_address[1]}/{served.name}"],
            capture_output=True, text=True, timeout=120,
        )
    finally:
        server.shutdown()
        server.server_close()
    match = re.search(rf'<pre id="{probe_id}">(.+?)</pre>', result.stdout, re.S)
    assert match, f"the probe did not run: {result.stdout[-1000:]} {result.stderr[-1000:]}"
    return json.loads(html.unescape(match.group(1)))


def printed(*args) -> dict:
    result = run_kg("markup", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@needs_browser
def test_hostile_text_and_options_add_exactly_one_script_and_parse_back_the_same(tmp_path):
    review = tmp_path / "review.txt"
    review.write_text((FIXTURES / "harbor-lights.txt").read_text(encoding="utf-8").replace(
        "a man who speaks mostly to the weather.", f"a man who says {HOSTILE_TEXT}."), encoding="utf-8")
    page = tmp_path / "page.html"
    page.write_bytes((FIXTURES / "harbor-lights.html").read_bytes())
    before = browser_view(page)
    options = ["--author", f"Mara {HOSTILE_TEXT}", "--publisher", HOSTILE_TEXT, "--rating", "4/5"]
    assert run_kg("markup", review, "--page", page, "--in-place", *options).returncode == 0
    after = browser_view(page)
    assert after["scripts"] == before["scripts"] + 1 and after["inHead"] == 1
    assert after["h1"] == before["h1"] == "Harbor Lights (2019)" and after["analytics"] and not after["pwned"]
    assert len(after["jsonld"]) == len(before["jsonld"]) + 1 and before["jsonld"][0] in after["jsonld"]
    seen = next(block for block in after["jsonld"] if block.get("@type") == "Review")
    assert seen == printed(review, *options)
    one_line = " ".join(HOSTILE_TEXT.split())  # names given as options are read as one line
    assert seen["publisher"]["name"] == one_line and seen["author"]["name"] == f"Mara {one_line}"
    assert f"a man who says {HOSTILE_TEXT}." in seen["reviewBody"]


@needs_browser
def test_the_dom_holds_what_kg_markup_prints_after_a_second_run(tmp_path):
    page = tmp_path / "harbor-lights.html"
    page.write_bytes((FIXTURES / "harbor-lights.html").read_bytes())
    for rating in ("3/5", "4/5"):  # the second run replaces the first element
        assert run_kg("markup", page, "--page", page, "--in-place", "--rating", rating).returncode == 0
    seen = browser_view(page)
    reviews = [block for block in seen["jsonld"] if block.get("@type") == "Review"]
    assert seen["inHead"] == 1 and reviews == [printed(page, "--rating", "4/5")]
    assert reviews[0]["itemReviewed"]["director"]["name"] == "Odile Marchetti"
