"""The graph: facts to schema.org RDF with provenance (rdf), one review read, extracted and mapped
(review), RDF formats in and out (serialize, jsonld, read_rdf), SHACL validation (validate), gold
evaluation (evaluate), SPARQL text and results (sparql, results)."""
