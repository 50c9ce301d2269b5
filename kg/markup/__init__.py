"""Markup for a publisher's page: the review's schema.org JSON-LD made from its graph (review) and
the page it goes into (page)."""
