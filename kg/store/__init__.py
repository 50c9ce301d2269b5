"""Stores of review graphs: the embedded Oxigraph store (embedded) and a SPARQL 1.1 server (remote);
building them (build), linking across reviews (resolve), what they hold (inventory) and serving
them (serve)."""
