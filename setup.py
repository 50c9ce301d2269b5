"""Package discovery for setuptools (the rest of the metadata is in pyproject.toml).

kg's own modules are found by discovery, so a new subpackage ships without editing this file.
The shapes, queries and gazetteers live beside the package in the repository (the agreed layout)
and install as the resource packages kg.shapes, kg.queries and kg.data.
"""

from setuptools import find_packages, setup

RESOURCE_PACKAGES = {"kg.data": "data", "kg.shapes": "shapes", "kg.queries": "queries"}

setup(
    packages=[*find_packages(include=["kg", "kg.*"]), *RESOURCE_PACKAGES],
    package_dir=RESOURCE_PACKAGES,
)
