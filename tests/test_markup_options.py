"""kg markup's options for a publisher: --image (or the page's own image), --date, --body and --strict,
through the real command."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from tests.conftest import ROOT, SAMPLE, one_line_error, run_kg

REVIEW_PAGE = ROOT / "tests" / "fixtures" / "review-page.html"
PUBLISHER_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Our review</title>
{head}
</head><body><p>Our review of the film.</p></body></html>
"""
OG_IMAGE = '<meta property="og:image" content="https://example.com/still.jpg">'
MOVIE_IMAGE = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Movie", '
               '"name": "Never Let Me Go", "image": "https://example.com/poster.jpg"}</script>')


def markup(*args: str, cwd=None):
    result = run_kg("markup", *args, cwd=cwd)
    return result, (json.loads(result.stdout) if result.returncode == 0 and result.stdout.strip() else None)


def page_with(tmp_path, head: str):
    page = tmp_path / "page.html"
    page.write_text(PUBLISHER_PAGE.format(head=head), encoding="utf-8")
    return page


def embedded(page) -> dict:
    text = page.read_text(encoding="utf-8")
    start = text.index(">", text.index('data-kg="review"')) + 1
    return json.loads(text[start:text.index("</script>", start)])


def test_image_is_the_film_s(tmp_path):
    result, data = markup(SAMPLE, "--image", "https://example.com/poster.jpg")
    assert data["itemReviewed"]["image"] == "https://example.com/poster.jpg"
    assert "no image" not in result.stderr.decode()
    without, _ = markup(SAMPLE)
    assert "no image" in without.stderr.decode()


@pytest.mark.parametrize(("head", "image"), [
    (OG_IMAGE, "https://example.com/still.jpg"),
    (OG_IMAGE + MOVIE_IMAGE, "https://example.com/poster.jpg"),  # the film's image in markup first
])
def test_the_page_s_own_image_is_used(tmp_path, head, image):
    page = page_with(tmp_path, head)
    assert run_kg("markup", SAMPLE, "--page", page, "--in-place").returncode == 0
    assert embedded(page)["itemReviewed"]["image"] == image
    # --image wins over what the page says
    assert run_kg("markup", SAMPLE, "--page", page, "--in-place", "--image", "https://x.example/p.png").returncode == 0
    assert embedded(page)["itemReviewed"]["image"] == "https://x.example/p.png"


def test_a_review_page_s_og_image_is_used(tmp_path):
    page = tmp_path / "review.html"
    page.write_text(REVIEW_PAGE.read_text(encoding="utf-8").replace("</head>", OG_IMAGE + "\n</head>"))
    _, data = markup(page)
    assert data["itemReviewed"]["name"] == "Harbor Lights"
    assert data["itemReviewed"]["image"] == "https://example.com/still.jpg"


def test_date_wins_over_the_text():
    _, data = markup(SAMPLE, "--date", "2011-02-01")
    assert data["datePublished"] == "2011-02-01"
    _, data = markup(SAMPLE, "--date", "2011-02-01T09:30:00Z")
    assert datetime.fromisoformat(data["datePublished"]) == datetime(2011, 2, 1, 9, 30, tzinfo=timezone.utc)


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--date", "Feb 1, 2011", "YYYY-MM-DD"),
    ("--date", "2011-02-30", "YYYY-MM-DD"),
    ("--image", "poster.jpg", "not an http(s) URL"),
])
def test_bad_values_are_one_line(option, value, message):
    result = run_kg("markup", SAMPLE, option, value)
    assert result.returncode == 2 and message in one_line_error(result)


def test_body_full_excerpt_or_none():
    _, full = markup(SAMPLE)
    _, short = markup(SAMPLE, "--body", "excerpt")
    _, none = markup(SAMPLE, "--body", "none")
    opening = full["reviewBody"].split("\n\n")[0]
    assert len(opening) > 300  # the sample's first paragraph is long: the excerpt ends a sentence sooner
    assert opening.startswith(short["reviewBody"]) and len(short["reviewBody"]) <= 300
    assert short["reviewBody"].endswith(".")
    assert "reviewBody" not in none
    assert {k: v for k, v in full.items() if k != "reviewBody"} == none


def test_strict_fails_ci_when_google_s_required_fields_are_missing(tmp_path):
    page = page_with(tmp_path, "")
    before = page.read_bytes()
    result = run_kg("markup", SAMPLE, "--strict", "--page", page, "--in-place")
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "violation: no author" in err and "violation: no reviewRating" in err and "--strict" in err
    assert page.read_bytes() == before  # nothing written
    printed = run_kg("markup", SAMPLE, "--strict")
    assert printed.returncode == 1 and printed.stdout == b""
    complete = run_kg("markup", SAMPLE, "--strict", "--author", "Ana Reyes", "--rating", "4/5", "--page", page,
                      "--in-place")
    assert complete.returncode == 0, complete.stderr
    assert embedded(page)["author"]["name"] == "Ana Reyes"
