"""The house stays livable: imports run one way, files stay small, the docs' links work."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 500


def _tracked(*patterns: str) -> list[Path]:
    output = subprocess.run(
        ["git", "ls-files", *patterns], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return [ROOT / name for name in output.split()]


def test_imports_run_one_way_and_no_app_imports_the_project():
    """The layers in pyproject.toml: oppnasoc → pages, search, … → meetings → ideas → directory
    → portal, never back up (import-linter)."""
    linter = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_python_file_outside_migrations_and_tests_is_over_500_lines():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in _tracked("*.py")
        if "migrations" not in path.parts and path.parts[len(ROOT.parts)] != "tests"
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_readme_is_short_and_every_link_in_the_docs_leads_to_a_file_of_the_repository():
    readme = ROOT / "README.md"
    assert len(readme.read_text().splitlines()) <= 200
    broken = []
    for doc in [readme, *sorted((ROOT / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)\s]+)\)", doc.read_text()):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue
            path = (doc.parent / target.split("#")[0]).resolve()
            if not path.exists() or not path.is_relative_to(ROOT):
                broken.append(f"{doc.relative_to(ROOT)}: {target}")
    assert broken == []
