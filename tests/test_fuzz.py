"""Random and adversarial text and HTML never make extraction raise or produce a non-conforming graph."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.api import extract_document
from kg.errors import KgError
from kg.graph.validate import validate_graph
from kg.limits import TimeLimitExceeded, time_limit
from kg.sources import document_from_bytes

WORDS = ["a film by", "directed by", "starring", "plays", "as", "(", ")", ",", "and", '"', "\u201c", "\u201d",
         "premiered at the", "Film Festival", "on", "September 3, 2010", "opens in", "France", "Jordan",
         "runs", "97 minutes", "rated", "PG-13", "based on the novel by", "score by", "The Good", "\n",
         "Ilse Brandt", "Rosa", "Varga's", "the director", "he plays", "'s", "\u2028", "\x00", "<script>",
         "</script>", "<!--", "&amp;", "Dr.", "J.", "-", "\u2014", "respectively", "Title (1999)"]
fragments = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=60).map(" ".join)


def _check(data: bytes, html: bool) -> None:
    try:
        with time_limit(10, "fuzz case"):
            review = extract_document(document_from_bytes(data, "fuzz", html=html))
    except TimeLimitExceeded:
        raise AssertionError("extraction hit the per-document time limit") from None
    except KgError:
        return  # refused with a one-line message: allowed
    report = validate_graph(review.graph)
    assert report.conforms, [i.line() for i in report.violations]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.booleans(), fragments)
def test_text_never_raises_and_conforms(titled, text):
    # Half the cases name their film on a title line, so that extraction runs to the end.
    text = ("Harbor Lights (2019)\nhttps://example.org/r\n" if titled else "") + text
    _check(text.encode("utf-8", "surrogatepass"), html=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragments, st.integers(min_value=0, max_value=200))
def test_html_never_raises_and_conforms(text, depth):
    page = "<html><head><title>Harbor Lights review</title></head><body>" + "<div>" * depth + "<p>" + text
    _check(page.encode("utf-8", "surrogatepass"), html=True)
