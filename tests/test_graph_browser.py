"""`kg graph draw ... -o page.html` in a real browser: headless Chromium (Debian's chromium) loads the page
from a loopback server, and a probe at the end of the page fires the events its script listens for
(wheel, mousedown/mousemove/mouseup, dblclick) and reports the SVG's transform after each."""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import subprocess
import threading
from pathlib import Path

from kg.analysis import draw
from tests.conftest import SAMPLE
from tests.test_markup_browser import CHROMIUM, needs_browser

PROBE = """<pre id="probe"></pre><script>
(() => {
  const view = document.getElementById("view"), svg = view.querySelector("svg");
  const seen = () => {
    const m = new DOMMatrix(svg.style.transform || "none");
    return {transform: svg.style.transform, scale: m.a, x: m.e, y: m.f};
  };
  const mouse = (type, x, y) => view.dispatchEvent(
    new MouseEvent(type, {clientX: x, clientY: y, bubbles: true, cancelable: true, view: window}));
  const steps = {initial: seen()};
  const wheel = new WheelEvent("wheel", {deltaY: -120, clientX: 200, clientY: 150, bubbles: true, cancelable: true});
  view.dispatchEvent(wheel);
  steps.zoomed = {...seen(), prevented: wheel.defaultPrevented};
  mouse("mousedown", 100, 100); mouse("mousemove", 130, 115); mouse("mousemove", 160, 130); mouse("mouseup", 160, 130);
  steps.dragged = seen();
  mouse("mousemove", 300, 300);  // after mouseup: no longer dragging
  steps.released = seen();
  mouse("dblclick", 160, 130);
  steps.reset = seen();
  document.getElementById("probe").textContent = JSON.stringify(steps);
})();
</script>"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def probed(page: Path) -> dict:
    """Serve a copy of the page with the probe before </body> over loopback; what the probe recorded."""
    assert CHROMIUM, "chromium is required here (KG_REQUIRE_BROWSER is set) but not installed"
    text = page.read_bytes()
    at = text.rindex(b"</body>")
    served = page.with_name(f"served-{page.name}")
    served.write_bytes(text[:at] + PROBE.encode() + text[at:])
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
    match = re.search(r'<pre id="probe">(.+?)</pre>', result.stdout, re.S)
    assert match, f"the probe did not run: {result.stdout[-1000:]} {result.stderr[-1000:]}"
    return json.loads(html.unescape(match.group(1)))


@needs_browser
def test_the_drawn_page_zooms_pans_and_resets_in_a_browser(tmp_path: Path) -> None:
    """Wheel up zooms in about the pointer, a drag moves the picture by the drag, a double-click resets it."""
    page = tmp_path / "sample.html"
    draw(str(SAMPLE), page)
    steps = probed(page)
    initial, zoomed, dragged, reset = steps["initial"], steps["zoomed"], steps["dragged"], steps["reset"]
    assert (initial["scale"], initial["x"], initial["y"]) == (1, 0, 0)
    assert zoomed["scale"] > 1.1 and zoomed["prevented"]  # zoomed in, and the page itself did not scroll
    for axis, pointer in (("x", 200), ("y", 150)):  # the point under the pointer stays put
        assert abs((pointer - zoomed[axis]) / zoomed["scale"] - pointer) < 0.01
    assert dragged["scale"] == zoomed["scale"]
    assert abs(dragged["x"] - zoomed["x"] - 60) < 0.5 and abs(dragged["y"] - zoomed["y"] - 30) < 0.5
    assert steps["released"] == dragged
    assert (reset["scale"], reset["x"], reset["y"]) == (initial["scale"], initial["x"], initial["y"])
