"""Where a review came from, as its graph says it: a path relative to the build root (never where the
file lay on the machine), a publisher's public URL with --source-base, and a review's own URL line."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import SHARED, needs_shared, one_line_error, run_kg

REVIEW = (
    "Harbor Lights (2019)\n{url}"
    '"Harbor Lights," a film by Odile Marchetti with Tomas Verlaine and Ines Abara, is based on the novel '
    "by Rufus Kettering. Verlaine plays Captain Arlo Brisk. It runs 97 minutes and is rated PG-13.\n"
)


@pytest.fixture
def drafts(tmp_path):
    """A build root holding drafts/harbor.txt, a review without a URL line."""
    root = tmp_path / "home" / "ana" / "site"
    (root / "drafts").mkdir(parents=True)
    (root / "drafts" / "harbor.txt").write_text(REVIEW.format(url=""), encoding="utf-8")
    return root


def extract(root, *args: str) -> str:
    result = run_kg("extract", *args, "-f", "nt", cwd=root)
    assert result.returncode == 0, result.stderr
    return result.stdout.decode("utf-8")


def test_a_file_is_named_relative_to_the_build_root(drafts):
    graph = extract(drafts, drafts / "drafts" / "harbor.txt")  # named by its absolute path
    assert str(drafts) not in graph and "/home/ana" not in graph and "file:" not in graph
    assert '<urn:kg:vocab:source> "drafts/harbor.txt" .' in graph
    assert "http://schema.org/url" not in graph


def test_the_same_files_in_another_place_give_the_same_graph(drafts, tmp_path):
    elsewhere = tmp_path / "clone" / "site"
    shutil.copytree(drafts, elsewhere)
    assert extract(drafts, "drafts/harbor.txt") == extract(elsewhere, "drafts/harbor.txt")
    assert extract(drafts, "drafts/harbor.txt") == extract(tmp_path, "--root", drafts, drafts / "drafts/harbor.txt")


def test_source_base_gives_the_public_url(drafts):
    graph = extract(drafts, "drafts/harbor.txt", "--source-base", "https://example.com/reviews/")
    url = "<https://example.com/reviews/drafts/harbor.txt>"
    assert f"<http://schema.org/url> {url} ." in graph
    assert f"<http://www.w3.org/ns/prov#hadPrimarySource> {url} ." in graph
    assert "urn:kg:vocab:source" not in graph and str(drafts) not in graph


def test_a_build_publishes_no_local_path(drafts):
    store = drafts.parent / "kg-store"
    result = run_kg("build", "drafts", "--store", store, "--source-base", "https://example.com/", cwd=drafts)
    assert result.returncode == 0, result.stderr
    export = run_kg("export", "--store", store, "-f", "nquads").stdout.decode("utf-8")
    assert str(drafts.parent) not in export and "file:" not in export
    assert "<http://schema.org/url> <https://example.com/drafts/harbor.txt>" in export
    assert '<urn:kg:vocab:source> "drafts/harbor.txt"' in export  # the build record


def test_a_review_s_url_line_is_its_url(tmp_path):
    (tmp_path / "review.txt").write_text(REVIEW.format(url="https://example.org/reviews/harbor-lights\n"))
    graph = extract(tmp_path, "review.txt")
    assert "<http://schema.org/url> <https://example.org/reviews/harbor-lights> ." in graph
    # The publisher's own mapping wins over the URL the text gives: one schema:url.
    mapped = extract(tmp_path, "review.txt", "--source-base", "https://films.example.net/")
    assert mapped.count("<http://schema.org/url>") == 1
    assert "<http://schema.org/url> <https://films.example.net/review.txt> ." in mapped


@pytest.mark.parametrize(("args", "message"), [
    (("--source-base", "example.com/reviews"), "not an http(s) URL"),
    (("--source-base", "https://example.com/", "--root", "drafts"), "outside the build root"),
])
def test_a_source_base_that_cannot_work_is_one_line(drafts, args, message):
    (drafts / "other.txt").write_text(REVIEW.format(url=""), encoding="utf-8")
    result = run_kg("extract", "other.txt", *args, cwd=drafts)
    assert result.returncode == 2 and message in one_line_error(result)


@needs_shared
def test_the_ebert_files_url_line_is_the_review_s_url():
    review = SHARED / "corpus" / "ebert" / "1-the-wizard-of-oz-1939-film.txt"
    url = review.read_text(encoding="utf-8").splitlines()[1].strip()
    assert f"<http://schema.org/url> <{url}> ." in extract(SHARED, review)


def test_a_symlinked_folder_is_named_as_written(drafts, tmp_path):
    outside = tmp_path / "mnt" / "storage" / "drafts"
    outside.mkdir(parents=True)
    (outside / "moved.txt").write_text(REVIEW.format(url=""), encoding="utf-8")
    (drafts / "linked").symlink_to(outside)
    graph = extract(drafts, "linked/moved.txt")
    assert '<urn:kg:vocab:source> "linked/moved.txt" .' in graph and "storage" not in graph
