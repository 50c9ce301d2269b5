"""The cluster path: dask.bag maps the pure per-review function, partitions of N-Quads bulk-load into a
store, and the result equals `kg build`'s. Skipped when Dask is not installed (an optional extra)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.store.build import review_nquads
from tests.conftest import run_kg
from tests.test_build import default_graph_is_the_union, store_quads, write_reviews

bag = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("dask.distributed")


def test_dask_partitions_bulk_load_to_the_same_store_as_kg_build(tmp_path):
    files = write_reviews(tmp_path / "reviews", 16)
    (tmp_path / "reviews" / "empty.txt").write_text("")  # fails: no quads, and the others go on
    expected = tmp_path / "built"
    assert run_kg("build", tmp_path / "reviews", "--store", expected).returncode == 2  # the empty file

    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with cluster, distributed.Client(cluster):
        paths = [str(f) for f in [*files, tmp_path / "reviews" / "empty.txt"]]
        (bag.from_sequence(paths, npartitions=4).map(review_nquads).filter(bool)
         .to_textfiles(str(tmp_path / "parts" / "*.nq"), last_endline=False))

    store = ox.Store(str(tmp_path / "bulk"))
    for part in sorted((tmp_path / "parts").glob("*.nq")):
        store.bulk_load(path=str(part), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    assert store_quads(tmp_path / "bulk") == store_quads(expected)
    assert default_graph_is_the_union(tmp_path / "bulk")
