"""kg markup and the publisher's page: where the element goes, what else stays, what is reported."""

from __future__ import annotations

import json
import os
import re
import stat
from decimal import Decimal

import pytest
from rdflib import RDF, Literal

import kg
from kg.graph.rdf import KGV, SCHEMA
from kg.markup.page import embed, scan, without_kg_element
from kg.markup.review import (
    Overrides,
    apply_overrides,
    conflicts,
    parse_rating,
    review_markup,
    review_markup_filter,
    review_script,
    script_element,
)
from tests.conftest import ROOT, one_line_error, run_kg

FIXTURES = ROOT / "tests" / "fixtures" / "markup"
REVIEW = FIXTURES / "harbor-lights.txt"
PAGE = FIXTURES / "harbor-lights.html"
ELEMENT = script_element({"@context": "https://schema.org", "@type": "Review", "name": "x"})
KG_ELEMENT = re.compile(rb'<script type="application/ld\+json" data-kg="review">.*?</script>\n?', re.S)


def _only_added(before: bytes, after: bytes, element: bytes) -> bool:
    """Whether `after` is `before` with the element (on its own line) added, every other byte kept."""
    return after.count(element) == 1 and before in {after.replace(element + b"\n", b"", 1),
                                                     after.replace(b"\n" + element + b"\n", b"", 1)}


@pytest.mark.parametrize(
    ("page", "where"),
    [
        # the end of the head, not a "</head>" in a comment, a script's string or a <title>
        (b"<!DOCTYPE html><html><head><!-- </head> --><script>var s = '</head>';</script>"
         b"<title></head></title>\n</head><body><p>x</p></body></html>", b"</head><body>"),
        (b"<!DOCTYPE html>\n<html><head><meta charset=utf-8></head>\n<body></body></html>", b"</head>\n<body>"),
        (b"<html><HEAD data-x='>'><title>t</title><BODY>", b"<title>"),  # no </head>: after <head ...>
        (b"<!doctype html><html lang=en><body><p>x", b"<body><p>x"),  # no head: after <html>
        (b"<!DOCTYPE html>\n<p>only a paragraph</p>", b"\n<p>only a paragraph</p>"),  # the doctype stays first
        (b"<p>a fragment</p>", b"<p>a fragment</p>"),
    ],
)
def test_the_element_goes_into_the_head_and_nothing_else_changes(page, where):
    written = embed(page, ELEMENT)
    assert _only_added(page, written, ELEMENT.encode("ascii"))
    assert written.count(b"data-kg") == 1
    assert written[written.index(b"</script>\n") + len(b"</script>\n"):].startswith(where)
    if page.startswith(b"<!"):
        assert written.startswith(page[:page.index(b">") + 1])  # a script before the doctype: quirks mode


def test_a_second_run_replaces_only_its_own_element():
    page = (b"<html><head><!-- <script type=\"application/ld+json\" data-kg=\"review\"></script> -->\n"
            b"<script type='application/ld+json' data-kg=review>{\"old\": 1}</script>\n</head></html>")
    assert scan(page.decode("latin-1")).kg_element is not None
    once = embed(page, ELEMENT)
    assert b'{"old": 1}' not in once and once.count(ELEMENT.encode()) == 1
    assert once.count(b"<!-- <script") == 1  # the commented-out text is not kg's element
    assert embed(once, ELEMENT) == once
    assert without_kg_element(once) == once.replace(ELEMENT.encode(), b"")


def test_pages_in_other_encodings_keep_their_bytes():
    latin = "<html><head><title>Caf\xe9 review</title></head><body>\xe9t\xe9</body></html>".encode("cp1252")
    assert _only_added(latin, embed(latin, ELEMENT), ELEMENT.encode())
    utf16 = "\ufeff<html><head><title>Caf\xe9</title></head></html>".encode("utf-16-le")
    written = embed(utf16, ELEMENT)
    assert written.startswith(b"\xff\xfe") and ELEMENT in written.decode("utf-16")
    assert written.decode("utf-16").replace(ELEMENT + "\n", "") == utf16.decode("utf-16")


def test_the_page_itself_as_the_review_twice_in_place(tmp_path):
    page = tmp_path / "harbor-lights.html"
    original = PAGE.read_bytes()
    page.write_bytes(original)
    first = run_kg("markup", page, "--page", page, "--in-place", "--author", "Dana Whitlock", "--rating", "4/5")
    assert first.returncode == 0, first.stderr
    once = page.read_bytes()
    added = KG_ELEMENT.search(once)
    assert added and once.replace(added.group(0), b"", 1) == original
    assert once.index(added.group(0)) < once.rindex(b"</head>") and once.count(b"data-kg") == 1
    # The same command again gives the same bytes: kg's element is not read back as input.
    assert run_kg("markup", page, "--page", page, "--in-place", "--author", "Dana Whitlock",
                  "--rating", "4/5").returncode == 0
    assert page.read_bytes() == once
    # Without the options, the byline on the page is the author again and no rating is invented.
    again = run_kg("markup", page)
    data = json.loads(again.stdout)
    assert data["author"]["name"] == "Mara Quill" and "reviewRating" not in data
    assert '"@type": "WebSite"' in page.read_text()  # the page's own markup is kept


def test_extract_and_build_never_read_kgs_own_element_back(tmp_path):
    page = tmp_path / "harbor-lights.html"
    page.write_bytes(PAGE.read_bytes())
    before = run_kg("extract", page, "-f", "nt")
    marked = run_kg("markup", page, "--page", page, "--in-place", "--author", "Someone Else", "--rating", "2/5")
    assert marked.returncode == 0, marked.stderr
    assert b"Someone Else" in page.read_bytes()
    after = run_kg("extract", page, "-f", "nt")
    assert after.returncode == 0 and b"Someone Else" not in after.stdout and b"page.markup" not in after.stdout
    assert sorted(after.stdout.splitlines()) == sorted(before.stdout.splitlines())


def test_in_place_keeps_permissions_and_follows_a_symlink(tmp_path):
    real = tmp_path / "real.html"
    real.write_bytes(PAGE.read_bytes())
    real.chmod(0o640)
    link = tmp_path / "link.html"
    link.symlink_to(real)
    assert run_kg("markup", REVIEW, "--page", link, "--in-place").returncode == 0
    assert link.is_symlink() and b"data-kg" in real.read_bytes()
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o640
    assert not list(tmp_path.glob("*partial*"))


EXISTING = """<html><head><title>t</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Movie", "name": "Harbor Lights",
  "review": {"@type": "Review", "author": {"@type": "Person", "name": "%s"},
             "reviewRating": {"@type": "Rating", "ratingValue": "87", "bestRating": "100"}}}</script>
</head><body></body></html>"""


def test_an_existing_review_that_differs_is_reported_field_by_field():
    data = review_markup(REVIEW)
    found = conflicts((EXISTING % "Someone Else").encode(), data)
    assert len(found) == 1 and found[0].startswith("conflict: the page already has a Review of 'Harbor Lights'")
    assert "its author is 'Someone Else', kg's 'Mara Quill'" in found[0]
    assert "pass --rating 87/100" in found[0]
    agreeing = conflicts((EXISTING % "Mara Quill").encode(), review_markup(REVIEW, rating="87/100"))
    assert agreeing == ["note: the page already has a Review of 'Harbor Lights' that agrees with kg's markup; "
                        "both are kept"]
    assert conflicts(EXISTING.replace("87", "3").replace("100", "5").encode() % b"Mara Quill",
                     review_markup(REVIEW, rating="4/5"))[0].endswith("it rates the film 3/5, kg's markup 4/5")


def test_a_review_two_objects_point_to_is_reported_once():
    page = """<html><head><title>t</title><script type="application/ld+json">{"@context": "https://schema.org",
  "@graph": [
    {"@type": "WebPage", "@id": "https://example.org/p", "mainEntity": {"@id": "https://example.org/p#r"}},
    {"@type": "Article", "@id": "https://example.org/p#a", "about": {"@id": "https://example.org/p#r"}},
    {"@type": "Review", "@id": "https://example.org/p#r", "author": {"@type": "Person", "name": "Someone Else"},
     "itemReviewed": {"@type": "Movie", "name": "Harbor Lights"}}]}</script></head><body></body></html>"""
    found = conflicts(page.encode(), review_markup(REVIEW))
    assert len(found) == 1 and "its author is 'Someone Else'" in found[0]


@pytest.mark.parametrize(
    "markup",
    [
        '<div itemscope itemtype="https://schema.org/Review"><div itemprop="itemReviewed" itemscope '
        'itemtype="https://schema.org/Movie"><span itemprop="name">Other Film</span></div></div>',
        '<div vocab="https://schema.org/" typeof="Review"><div property="itemReviewed" typeof="Movie">'
        '<span property="name">Other Film</span></div></div>',
    ],
)
def test_microdata_and_rdfa_reviews_are_checked_too(tmp_path, markup):
    page = tmp_path / "page.html"
    page.write_text(f"<html><head><title>t</title></head><body>{markup}</body></html>")
    result = run_kg("markup", REVIEW, "--page", page, "-o", tmp_path / "out.html")
    assert result.returncode == 0
    assert "conflict: the page already has a Review of 'Other Film': it reviews 'Other Film', kg's markup " \
           "'Harbor Lights'" in result.stderr.decode()
    assert markup in (tmp_path / "out.html").read_text()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rating", "6/5"], "--rating 6/5: the value is not between 0 and 5"),
        (["--rating", "7"], "write it as VALUE/BEST, e.g. 7/10"),
        (["--rating", "1/0"], "--rating 1/0"),
        (["--rating", "four"], "--rating 'four'"),
        (["--url", "javascript:alert(1)"], "not an http(s) URL"),
        (["--author", "  "], "--author: empty"),
        (["-o", "out.html"], "name it with --page"),
        (["--page", "missing.html"], "missing.html: cannot read the page"),
    ],
)
def test_bad_options_are_one_line_errors(tmp_path, args, message):
    assert message in one_line_error(run_kg("markup", REVIEW, *args, cwd=tmp_path))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("4/5", ("4", "5", "1")), ("4", ("4", "5", "1")), ("3.5/4", ("3.5", "4", "1")), ("0.5/5", ("0.5", "5", "0")),
     ("87/100", ("87", "100", "1")), ("0.8/1", ("0.8", "1", "0")), ("1/1", ("1", "1", "0"))],
)
def test_ratings_and_their_scale(text, expected):
    assert parse_rating(text) == expected


def test_a_users_value_replaces_the_extracted_one_and_its_provenance():
    review = kg.extract(str(REVIEW))
    graph = apply_overrides(review.graph, Overrides(author="Dana Whitlock", rating="3.5/4"))
    node = next(graph.subjects(RDF.type, SCHEMA.Review))
    authors = list(graph.objects(node, SCHEMA.author))
    assert [str(graph.value(a, SCHEMA.name)) for a in authors] == ["Dana Whitlock"]
    about_author = [s for s in graph.subjects(RDF.predicate, SCHEMA.author) if (s, RDF.subject, node) in graph]
    assert [str(graph.value(s, KGV.rule)) for s in about_author] == ["user.option"]  # the byline's is gone
    assert (None, RDF.object, authors[0]) in graph
    rating = graph.value(node, SCHEMA.reviewRating)
    assert graph.value(rating, SCHEMA.worstRating) == Literal(Decimal("1"))
    assert len(review.graph) < len(graph) and (node, SCHEMA.author, authors[0]) not in review.graph


def test_printed_json_is_safe_to_paste_into_a_page(tmp_path):
    review = tmp_path / "review.txt"
    review.write_text(REVIEW.read_text() + "\nIt ends on </script><!-- and \u2028 and \x85.\n", encoding="utf-8")
    result = run_kg("markup", review, "--publisher", "Caf\xe9 </script>")
    out = result.stdout.decode("utf-8")
    assert not re.search(r"</script|<!--|[<>&\u2028\u2029\x85]", out, re.I)
    data = json.loads(out)
    assert data["publisher"]["name"] == "Caf\xe9 </script>"
    assert "</script><!-- and \u2028 and \x85." in json.dumps(data, ensure_ascii=False)
    assert "Caf\xe9" in out  # printed as UTF-8, readable


def test_the_python_functions_and_the_jinja_filter():
    jinja2 = pytest.importorskip("jinja2")
    review = kg.extract(str(REVIEW))
    data = review_markup(review, rating="4/5")
    assert data == review_markup(str(REVIEW), Overrides(rating="4/5"))
    element = review_script(review, rating="4/5")
    assert element == script_element(data)
    env = jinja2.Environment(autoescape=True)
    env.filters["review_markup"] = review_markup_filter
    page = env.from_string("<head>{{ review | review_markup(rating='4/5') }}</head>").render(review=review)
    assert page == f"<head>{element}</head>"
    assert env.from_string("{{ data | review_markup }}").render(data=data) == element
    assert env.from_string("{{ path | review_markup(rating='4/5') }}").render(path=str(REVIEW)) == element


def _follows(shown: list[str], actual: list[str]) -> bool:
    """Whether the README's lines are the actual lines, where a line "…" stands for any number of
    lines and a line ending in "…" for any line that begins the same."""
    position, gap = 0, False
    for line in shown:
        if line.strip() == "…":
            gap = True
            continue
        while position < len(actual):
            matches = actual[position].startswith(line[:line.index("…")]) if "…" in line else actual[position] == line
            position += 1
            if matches:
                break
            if not gap:
                return False
        else:
            return False
        gap = False
    return True


def test_the_readme_shows_what_kg_writes(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Markup for your pages"):]
    section = section[:section.index("\n## ", 10)]
    blocks = re.findall(r"```html\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    assert _follows(blocks[0].splitlines(), PAGE.read_text(encoding="utf-8").splitlines())
    page = tmp_path / "harbor-lights.html"
    page.write_bytes(PAGE.read_bytes())
    assert run_kg("markup", page.name, "--rating", "4/5", "--page", page.name, "--in-place",
                  cwd=tmp_path).returncode == 0
    assert _follows(blocks[1].splitlines(), page.read_text(encoding="utf-8").splitlines())
    shown = re.findall(r"^    (kg: markup: .*)$", section, re.M)
    assert shown and shown == run_kg("markup", ROOT / "data" / "sample-review.txt").stderr.decode().splitlines()
