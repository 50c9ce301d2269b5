"""`kg graph draw ... -o page.html` in a real browser: headless Chromium (Debian's chromium) loads the page
from a loopback server, and a probe at the end of the page fires the events its script listens for
(wheel, mousedown/mousemove/mouseup, dblclick) and reports the SVG's transform after each."""

from __future__ import annotations

from pathlib import Path

from kg.analysis import draw
from tests.conftest import SAMPLE
from tests.test_markup_browser import needs_browser, run_probe

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


def probed(page: Path) -> dict:
    """What the pan/zoom probe recorded on the page in headless Chromium."""
    return run_probe(page, PROBE, "probe")


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
