"""kg link: link the store's people, films, works and festivals to Wikidata (schema:sameAs)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.cli.common import add_store_option, write
from kg.errors import EXIT_OK

OUTCOMES = ("linked", "ambiguous", "no match", "offline", "error")


def register(commands) -> None:
    parser = commands.add_parser("link", help="link people, films, works and festivals to Wikidata (sameAs)")
    add_store_option(parser)
    parser.add_argument("--offline", action="store_true", help="use cached Wikidata answers only; no network")
    parser.add_argument("--cache", type=Path, metavar="DIR",
                        help="where Wikidata's answers are cached (default $XDG_CACHE_HOME/kg/wikidata, "
                        "or ~/.cache/kg/wikidata)")
    parser.add_argument("--endpoint", metavar="URL",
                        help="the MediaWiki API of a Wikibase (default Wikidata's, https://www.wikidata.org/w/api.php)")
    parser.add_argument("--min-score", type=float, default=0.6, metavar="X",
                        help="accept matches from this score (default 0.6; see the README)")
    parser.add_argument("--timeout", type=float, default=20, metavar="SECONDS", help="per request (default 20)")
    parser.add_argument("--dry-run", action="store_true", help="print the decisions as TSV, write nothing")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kg.link import link, read_entities
    from kg.link.cache import DEFAULT_CACHE
    from kg.link.client import WIKIDATA_API, WikidataClient
    from kg.progress import progress_reporter
    from kg.store import open_store

    store = open_store(args.store, read_only=args.dry_run)
    entities = read_entities(store)
    client = WikidataClient(args.endpoint or WIKIDATA_API, cache_dir=args.cache or DEFAULT_CACHE,
                            offline=args.offline, timeout=args.timeout)
    with progress_reporter(len(entities), "linking") as advance:
        decisions = link(store, client=client, entities=entities, min_score=args.min_score, dry_run=args.dry_run,
                         on_decision=lambda d: advance())
    if args.dry_run:
        rows = ["kind\tname\toutcome\titem\tscore\tnote"]
        rows += [f"{d.entity.kind}\t{_cell(d.entity.name)}\t{d.outcome}\t{d.item or ''}\t{d.score:.2f}\t{_cell(d.note)}"
                 for d in decisions]
        write(("\n".join(rows) + "\n").encode())
    else:  # what was not linked for a reason worth a look, one line each
        for d in decisions:
            if d.outcome in ("ambiguous", "error"):
                print(f"kg: {d.outcome}: {d.entity.kind} {d.entity.name!r}: {d.note}", file=sys.stderr)
    counts = {o: sum(d.outcome == o for d in decisions) for o in OUTCOMES}
    summary = ", ".join(f"{n} {o}" for o, n in counts.items() if n)
    if counts["offline"]:
        summary += " (not in the cache, skipped)"
    where = "" if args.dry_run else f" -> {args.store}"
    print(f"kg: {len(decisions)} entities: {summary or 'none'}; {client.requests_sent} requests{where}",
          file=sys.stderr)
    return EXIT_OK


def _cell(text: str) -> str:
    return " ".join(text.split())
