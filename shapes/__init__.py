"""Package data (see pyproject.toml: installed as kg.shapes)."""
