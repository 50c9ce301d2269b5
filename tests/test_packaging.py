"""The wheel a new user installs holds the whole package: every module and every data file of the
source tree, and each module imports from the wheel alone (an editable install would hide a gap)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Where each tracked source folder lands inside the wheel (setup.py's RESOURCE_PACKAGES).
INSTALLED_AS = {"kg": "kg", "data": "kg/data", "shapes": "kg/shapes", "queries": "kg/queries"}


def tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files", *INSTALLED_AS], cwd=ROOT, capture_output=True, text=True, check=True)
    return listed.stdout.split()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the tracked files cannot be listed")
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (path,) = out.glob("kg-*.whl")
    return path


def test_wheel_holds_every_tracked_module_and_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = []
    for path in tracked_files():
        folder, _, rest = path.partition("/")
        expected.append(f"{INSTALLED_AS[folder]}/{rest}")
    assert expected, "git lists no files"
    missing = [name for name in expected if name not in names]
    assert not missing, f"the wheel lacks {missing}"


def test_every_module_imports_from_the_wheel_alone(wheel, tmp_path):
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    modules = sorted(
        ".".join(path.with_suffix("").parts).removesuffix(".__init__")
        for path in (tmp_path / "site").rglob("*.py")
        for path in [path.relative_to(tmp_path / "site")]
        if path.parts[0] == "kg" and path.name != "__main__.py"  # __main__ runs the CLI
    )
    script = "import importlib, sys\nfor name in sys.argv[1:]: importlib.import_module(name)\n"
    script += "print(sys.modules['kg'].__file__)"
    # Run outside the source tree, with only the unpacked wheel on the path before site-packages.
    ran = subprocess.run(
        [sys.executable, "-c", script, *modules], cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip().startswith(str(tmp_path / "site"))
    # The resource packages are readable through importlib.resources, as kg reads them.
    resources = [("kg.shapes", "model.ttl"), ("kg.queries", "cast.rq"), ("kg.data", "countries.tsv")]
    probe = f"from importlib.resources import files\nfor package, name in {resources!r}:"
    probe += " print(files(package).joinpath(name).is_file())"
    data = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path, capture_output=True, text=True, env={"PYTHONPATH": str(tmp_path / "site")},
    )
    assert data.stdout.split() == ["True", "True", "True"], data.stderr
