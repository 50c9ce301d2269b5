"""The graph: facts to schema.org RDF with provenance (rdf), RDF formats in and out (serialize,
jsonld, read_rdf), SHACL validation (validate), gold evaluation (evaluate), SPARQL text and results
(sparql, results)."""
