"""`kg eval`: precision, recall and F1 of extraction against gold facts, per relation and overall.

A gold file (JSON) names its document and lists facts as [relation, value, ...]; a value may be a
list of acceptable spellings. "optional" facts are neither required nor wrong. For the core
relations (and those listed under "scored") every value found that the gold lacks is wrong.
Facts are read back from the RDF graph with SPARQL, so what is measured is what is published.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.errors import InputError

P = "PREFIX s: <http://schema.org/>\n"
# relation -> SPARQL over the review graph; ?film is each reviewed film.
RELATION_QUERIES = {
    "itemReviewed": "SELECT ?v WHERE { ?r a s:Review ; s:itemReviewed ?film . ?film s:name ?v }",
    "director": "SELECT ?v WHERE { ?film s:director/s:name ?v }",
    "actor": "SELECT ?v WHERE { ?film s:actor ?x . { ?x s:name ?v } "
    "UNION { ?x a s:PerformanceRole ; s:actor/s:name ?v } }",
    "role": "SELECT ?v ?c WHERE { ?film s:actor ?x . ?x a s:PerformanceRole ; s:actor/s:name ?v ; s:characterName ?c }",
    "character": "SELECT ?v WHERE { { ?film s:character/s:name ?v } UNION { ?film s:actor/s:characterName ?v } }",
    "screenwriter": "SELECT ?v WHERE { ?film s:author/s:name ?v }",
    "composer": "SELECT ?v WHERE { ?film s:musicBy/s:name ?v }",
    "producer": "SELECT ?v WHERE { ?film s:producer/s:name ?v }",
    "cinematographer": "SELECT ?v WHERE { ?film s:contributor ?x . ?x s:roleName ?n ; s:contributor/s:name ?v "
    "FILTER(CONTAINS(LCASE(STR(?n)), 'cinematograph')) }",
    "basedOn.author": "SELECT ?v WHERE { ?film s:isBasedOn/s:author/s:name ?v }",
    "basedOn.name": "SELECT ?v WHERE { ?film s:isBasedOn/s:name ?v }",
    "basedOn.type": "SELECT ?v WHERE { ?film s:isBasedOn ?w . ?w a ?t BIND(REPLACE(STR(?t), '^.*[/#]', '') AS ?v) }",
    "premiere": "SELECT ?v ?d WHERE { ?film s:releasedEvent ?e . ?e s:superEvent/s:name ?v "
    "OPTIONAL { ?e s:startDate ?d } }",
    "release": "SELECT ?v ?d WHERE { ?film s:releasedEvent ?e . ?e s:location ?c . ?c a s:Country ; s:name ?v . "
    "?e s:startDate ?d }",
    "runEnd": "SELECT ?v ?d WHERE { ?film s:releasedEvent ?e . ?e s:location ?c . ?c a s:Country ; s:name ?v . "
    "?e s:endDate ?d }",
    "runtime": "SELECT ?v WHERE { ?film s:duration ?v }",
    "contentRating": "SELECT ?v WHERE { ?film s:contentRating ?v }",
    "genre": "SELECT ?v WHERE { ?film s:genre ?v }",
    "film.year": "SELECT ?v WHERE { ?film s:datePublished|s:dateCreated ?v }",
    "productionCompany": "SELECT ?v WHERE { ?film s:productionCompany/s:name ?v }",
    "countryOfOrigin": "SELECT ?v WHERE { ?film s:countryOfOrigin/s:name ?v }",
    "review.datePublished": "SELECT ?v WHERE { ?r s:itemReviewed ?film ; s:datePublished ?v }",
    "review.author": "SELECT ?v WHERE { ?r s:itemReviewed ?film ; s:author/s:name ?v }",
    "review.publisher": "SELECT ?v WHERE { ?r s:itemReviewed ?film ; s:publisher/s:name ?v }",
    "review.rating": "SELECT ?v ?b WHERE { ?r s:itemReviewed ?film ; s:reviewRating ?x . ?x s:ratingValue ?v "
    "OPTIONAL { ?x s:bestRating ?b } }",
    "otherFilm.director": "SELECT ?v ?d WHERE { ?m a s:Movie ; s:name ?v ; s:director/s:name ?d FILTER(?m != ?film) }",
}
ALWAYS_SCORED = {
    "itemReviewed",
    "director",
    "actor",
    "role",
    "character",
    "screenwriter",
    "composer",
    "producer",
    "cinematographer",
    "basedOn.author",
    "otherFilm.director",
    "premiere",
    "release",
    "runEnd",
    "runtime",
    "contentRating",
    "review.author",
    "review.rating",
}
DATE_SLOTS = {"premiere": {1}, "release": {1}, "runEnd": {1}, "review.datePublished": {0}}


# --- normalization: spellings that mean the same value compare equal ---------------------------


def _text(value: str) -> str:
    text = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[\"'`\u2018\u2019\u201c\u201d]", "", text)
    text = re.sub(r"\W+", " ", text).strip()
    text = re.sub(r"^the ", "", text)
    text = re.sub(r"\b(?:19|20)\d\d\b", "", text)
    return " ".join(text.split())


def _minutes(value: str) -> str:
    match = re.fullmatch(r"PT?(?:(\d+)H)?(?:(\d+)M)?(?:\d+S)?", value.strip().upper())
    if match and any(match.groups()):
        return str(int(match[1] or 0) * 60 + int(match[2] or 0))
    digits = re.search(r"\d+", value)
    return digits.group(0) if digits else _text(value)


def normalize(relation: str, values: tuple) -> tuple:
    out = []
    for index, value in enumerate(values):
        value = "" if value is None else str(value)
        if index in DATE_SLOTS.get(relation, ()):
            match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)
            out.append(match.group(1) if match else _text(value))
        elif relation == "film.year":
            out.append(value.strip()[:4])
        elif relation == "runtime":
            out.append(_minutes(value))
        elif relation == "contentRating":
            out.append(re.sub(r"^(?:RATED|MPAA|MPA) ", "", _text(value).upper()).replace(" ", "-"))
        elif relation == "review.rating":
            try:
                out.append(f"{float(value):g}")
            except ValueError:
                out.append(_text(value))
        else:
            out.append(_text(value))
    return tuple(out)


def spellings(relation: str, fact: list) -> set[tuple]:
    combos: list[tuple] = [()]
    for slot in fact[1:]:
        options = slot if isinstance(slot, list) else [slot]
        combos = [(*c, o) for c in combos for o in options]
    return {normalize(relation, c) for c in combos}


# --- scoring -------------------------------------------------------------------------------------


@dataclass
class Outcome:
    kind: str  # "missed" or "wrong"
    relation: str
    values: tuple
    sentence: str = ""


def found_facts(graph: Graph, relation: str) -> dict[tuple, tuple]:
    """Normalized value tuples of one relation in the graph -> their raw values."""
    films = [row[0] for row in graph.query(P + "SELECT ?f WHERE { ?r a s:Review ; s:itemReviewed ?f }")]
    found: dict[tuple, tuple] = {}
    for film in films:
        for row in graph.query(P + RELATION_QUERIES[relation], initBindings={"film": film}):
            raw = tuple(None if v is None else str(v) for v in row)
            found.setdefault(normalize(relation, raw), raw)
    return found


def score_graph(gold: dict, graph: Graph) -> tuple[dict[str, list[int]], list[Outcome]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    outcomes: list[Outcome] = []
    required: dict[str, list[set]] = defaultdict(list)
    allowed: dict[str, set] = defaultdict(set)
    for fact in gold.get("facts", []):
        required[fact[0]].append(spellings(fact[0], fact))
    for fact in gold.get("optional", []):
        allowed[fact[0]] |= spellings(fact[0], fact)
    for relation in sorted(set(required) | set(gold.get("scored", [])) | ALWAYS_SCORED):
        if relation not in RELATION_QUERIES:
            raise InputError(f"gold names an unknown relation {relation!r}")
        found = found_facts(graph, relation)
        matched: set[tuple] = set()
        for options in required[relation]:
            hit = options & set(found)
            if hit:
                counts[relation][0] += 1
                matched |= hit
            else:
                counts[relation][2] += 1
                outcomes.append(Outcome("missed", relation, sorted(options)[0]))
        for key in set(found) - matched - allowed[relation]:
            counts[relation][1] += 1
            outcomes.append(Outcome("wrong", relation, found[key]))
    return counts, outcomes


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _document_path(gold_path: Path, gold: dict, root: str | None) -> Path:
    name = gold.get("document")
    if not name:
        raise InputError(f"{gold_path}: the gold file names no document")
    bases = [Path(root)] if root else []
    bases += [gold_path.parent, gold_path.parent.parent]
    for base in bases:
        if (base / name).is_file():
            return base / name
    raise InputError(f"{gold_path}: document {name} not found (pass --root)")


def _sentences(graph: Graph) -> dict[str, str]:
    """Names and literals -> the sentence that stated them, for explaining wrong facts."""
    query = """PREFIX s: <http://schema.org/> PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
    SELECT ?label ?text WHERE { ?st rdf:object ?o ; prov:wasDerivedFrom/nif:anchorOf ?text .
      { ?o s:name ?label } UNION { ?o s:actor/s:name ?label } UNION { ?o s:characterName ?label }
      UNION { ?o s:location/s:name ?label } UNION { ?o s:superEvent/s:name ?label }
      UNION { BIND(?o AS ?label) FILTER(isLiteral(?o)) } }"""
    return {str(label): str(text) for label, text in graph.query(query)}


def evaluate(gold_files: list[str], *, min_confidence: float = 0.0, documents_root: str | None = None) -> dict:
    from kg.graph.review import extract

    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    documents = []
    for gold_file in gold_files:
        path = Path(gold_file)
        try:
            gold = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{gold_file}: not a readable gold file ({exc})") from None
        document = _document_path(path, gold, documents_root)
        graph = extract(str(document), min_confidence=min_confidence).graph
        counts, outcomes = score_graph(gold, graph)
        sentences = _sentences(graph)
        for relation, numbers in counts.items():
            for i in range(3):
                totals[relation][i] += numbers[i]
        tp, fp, fn = (sum(c[i] for c in counts.values()) for i in range(3))
        documents.append(
            {
                "gold": gold_file,
                "document": str(document),
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "f1": round(prf(tp, fp, fn)[2], 3),
                "missed": [{"relation": o.relation, "values": list(o.values)} for o in outcomes if o.kind == "missed"],
                "wrong": [
                    {
                        "relation": o.relation,
                        "values": list(o.values),
                        "sentence": next((sentences[v] for v in o.values if v in sentences), ""),
                    }
                    for o in outcomes
                    if o.kind == "wrong"
                ],
            }
        )
    tp, fp, fn = (sum(c[i] for c in totals.values()) for i in range(3))
    precision, recall, f1 = prf(tp, fp, fn)
    return {
        "documents": len(documents),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "relations": {
            rel: dict(zip(("tp", "fp", "fn"), c, strict=True))
            | dict(zip(("precision", "recall", "f1"), (round(x, 3) for x in prf(*c)), strict=True))
            for rel, c in sorted(totals.items())
        },
        "per_document": documents,
        "per_folder": _per_folder(documents),
    }


def _per_folder(documents: list[dict]) -> dict[str, dict]:
    """Figures per folder of the reviewed documents: one folder per outlet in a corpus laid out
    that way (../shared/corpus/more/<outlet>/)."""
    folders: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for doc in documents:
        numbers = folders[Path(doc["document"]).parent.name]
        numbers[0] += 1
        for i, key in enumerate(("tp", "fp", "fn"), 1):
            numbers[i] += doc[key]
    return {
        name: {"documents": n, "tp": tp, "fp": fp, "fn": fn}
        | dict(zip(("precision", "recall", "f1"), (round(x, 3) for x in prf(tp, fp, fn)), strict=True))
        for name, (n, tp, fp, fn) in sorted(folders.items())
    }


def format_report(result: dict, verbose: bool = True, by_folder: bool = False) -> str:
    rows = result["per_folder"] if by_folder else result["relations"]
    heading = "folder" if by_folder else "relation"
    lines = [f"{heading:22} {'docs' if by_folder else '':>4} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>6} {'R':>6} {'F1':>6}"]
    for name, r in rows.items():
        count = r.get("documents", "")
        lines.append(
            f"{name:22} {count:>4} {r['tp']:4} {r['fp']:4} {r['fn']:4} {r['precision']:6.3f} {r['recall']:6.3f} "
            f"{r['f1']:6.3f}"
        )
    if verbose:
        for doc in result["per_document"]:
            for miss in doc["missed"]:
                lines.append(f"  missed  {doc['gold']}: {miss['relation']} {' | '.join(map(str, miss['values']))}")
            for wrong in doc["wrong"]:
                where = f'  <- "{wrong["sentence"].strip()}"' if wrong["sentence"] else ""
                lines.append(
                    f"  wrong   {doc['gold']}: {wrong['relation']} "
                    f"{' | '.join(str(v) for v in wrong['values'] if v)}{where}"
                )
    lines.append(
        f"documents={result['documents']} precision={result['precision']:.3f} "
        f"recall={result['recall']:.3f} f1={result['f1']:.3f}"
    )
    return "\n".join(lines)
