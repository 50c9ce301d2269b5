"""How reviews write things: dates, ratings, credit labels and the closed word lists in data/.

Read by the page reader (kg.sources) and by the extractors (kg.extract); imports no other stage.
"""
