"""requirements/lock.txt pins every dependency pyproject.toml names, within its range."""

from __future__ import annotations

import tomllib

from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def pinned() -> dict[str, str]:
    versions = {}
    for line in (ROOT / "requirements" / "lock.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].split(";")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            versions[canonicalize_name(name)] = version.strip()
    return versions


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {}).values()
    return [Requirement(r) for r in project["dependencies"] + [r for e in extras for r in e]]


def test_every_declared_dependency_is_pinned_inside_its_range():
    """A dependency added to pyproject.toml without `bash .ci/lock` fails here, not in CI."""
    versions = pinned()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in versions, f"{name} is not in requirements/lock.txt: run bash .ci/lock"
        assert requirement.specifier.contains(versions[name], prereleases=True), (
            f"{name}=={versions[name]} is outside {requirement.specifier}: run bash .ci/lock")
