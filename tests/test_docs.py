"""The project's documents live in the project: nothing cites a design file kept
elsewhere, and every citation of docs/ names a file and a section that exist."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from forum import ROOT

# Spelled in two halves so this file doesn't find itself.
OUTSIDE_DOCUMENT = "DESIGN" + ".md"
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "instance", "__pycache__", ".ruff_cache"}
TEXT_SUFFIXES = {".py", ".md", ".html", ".txt", ".toml", ".cfg", ".ini", ".json", ".js", ".css"}
TEXT_SUFFIXES |= {".yml", ".yaml", ".sh", ".mako", ""}  # "" : Makefile, .ci/run
# "docs/api.md" or "docs/architecture.md, "SQLite locking"" (a section in quotes).
CITATION = re.compile(r'docs/([\w-]+\.md)(?:,\s*"([^"]+)")?')


def project_text_files() -> list[Path]:
    found = []
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS and not d.endswith(".egg-info")]
        found += [
            Path(folder, name) for name in files if Path(name).suffix.lower() in TEXT_SUFFIXES
        ]
    return found


def read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return ""


def headings(document: Path) -> set[str]:
    return {m.group(1).strip() for m in re.finditer(r"^#+\s+(.+)$", read(document), re.M)}


def citations() -> list[tuple[Path, str, str | None]]:
    """(citing file, docs file, section or None) for every citation of docs/."""
    found = []
    for path in project_text_files():
        # A citation may run over a line break, inside a comment or a docstring.
        text = re.sub(r"\s*\n\s*(?:#\s*)?", " ", read(path))
        found += [(path, m.group(1), m.group(2)) for m in CITATION.finditer(text)]
    return found


def test_no_file_in_the_project_cites_a_design_file_kept_outside_it():
    files = project_text_files()
    assert len(files) > 100  # the walk really saw the project
    citing = [str(p.relative_to(ROOT)) for p in files if OUTSIDE_DOCUMENT in read(p)]
    assert citing == []


@pytest.mark.parametrize("name", ["architecture.md", "api.md", "deploying.md"])
def test_each_document_is_in_docs(name):
    assert (ROOT / "docs" / name).is_file()


def test_every_citation_of_docs_names_a_file_and_section_that_exist():
    found = citations()
    assert len(found) >= 8  # the code's own citations are seen
    broken = []
    for path, name, section in found:
        document = ROOT / "docs" / name
        where = str(path.relative_to(ROOT))
        if not document.is_file():
            broken.append((where, name))
        elif section is not None and section not in headings(document):
            broken.append((where, name, section))
    assert broken == []
