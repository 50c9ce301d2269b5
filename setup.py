"""Package discovery for setuptools (the rest of the metadata is in pyproject.toml).

kg's own modules are found by discovery, so a new subpackage ships without editing this file.
The shapes, queries and gazetteers live beside the package in the repository (the agreed layout)
and install as the resource packages kg.shapes, kg.queries and kg.data.
"""

import shutil
from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

RESOURCE_PACKAGES = {"kg.data": "data", "kg.shapes": "shapes", "kg.queries": "queries"}


class FreshBuildPy(build_py):
    """setuptools copies modules into build/lib and never deletes one there: a module moved or
    removed in the source would ship again from an earlier build in the same checkout."""

    def run(self):
        shutil.rmtree(Path(self.build_lib) / "kg", ignore_errors=True)
        super().run()


setup(
    packages=[*find_packages(include=["kg", "kg.*"]), *RESOURCE_PACKAGES],
    package_dir=RESOURCE_PACKAGES,
    cmdclass={"build_py": FreshBuildPy},
)
