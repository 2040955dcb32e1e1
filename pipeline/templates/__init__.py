"""Templates of the HTML review page (Jinja2 markup, CSS and script, inlined)."""
