"""How names are written: the lower-case particles inside personal names, and the capitalized words
that open a sentence or a title but are never a name. One list each, for the prose and for credits."""

from __future__ import annotations

# Lower-case words that sit inside a personal name ("Guillermo del Toro", "Ludwig van Beethoven").
NAME_PARTICLES = frozenset("al bin da das de del della den der di dos du el la le st. ten ter van von y".split())
# Capitalized words that open a sentence or a title but are not names.
NOT_NAME = frozenset(
    """
    a above academy actor actors actress after all also although american an and apr as at aug author award awards
    bad because before both british but by christmas cinematographer clearly composer cons critic dec director
    directors each editor english even every feb film for french friday from gallery german gmt god good he her
    here his hollywood how i if image images in it italian its jan jul jun just later like mar may monday movie my
    neither no not nov novelist now oct on once one only or oscar oscars our photo producer pros rating review
    reviews russian saturday screenwriter sep sept she similarly sir so star stars still sunday that the their
    then there these they this those though three thursday truth tuesday two unlike utc verdict watching we
    wednesday what when where which while who why with writer years yet you your
    """.split()
)
# What a credit says when it names nobody ("Director: Unknown", "Music: Various Artists").
PLACEHOLDERS = frozenset("unknown various tba tbc tbd n/a none uncredited anonymous".split())
