"""domain new's rules: which names a new domain may take, and a domain added whole or not at all."""

import shutil
import tempfile
import unittest
from pathlib import Path

from {{ cookiecutter.package_name }}.domain_tooling.ownership import owned_paths
from {{ cookiecutter.package_name }}.domain_tooling.scaffold import (
    ScaffoldRefused,
    name_problem,
    scaffold_domain,
)

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "{{ cookiecutter.package_name }}"


class ScaffoldTestCase(unittest.TestCase):
    """A project of its own: the scaffold, a composition folder, a module named health."""

    def setUp(self) -> None:
        self.project = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.project)
        shutil.copytree(PROJECT_ROOT / "scaffold", self.project / "scaffold")
        package = self.project / "src" / PACKAGE
        (package / "composition").mkdir(parents=True)
        (package / "composition" / "__init__.py").write_text("")
        (package / "api" / "controllers").mkdir(parents=True)
        (package / "api" / "controllers" / "health.py").write_text("")

    def files(self) -> list[Path]:
        return sorted(path for path in self.project.rglob("*") if path.is_file())


class NameTest(ScaffoldTestCase):
    def problem(self, name: str) -> str:
        found = name_problem(name, self.project, PACKAGE)
        assert found is not None, name
        return found

    def test_a_new_lowercase_identifier_is_accepted(self) -> None:
        for name in ("library", "shop_floor", "v2", "a" * 27):
            with self.subTest(name=name):
                self.assertIsNone(name_problem(name, self.project, PACKAGE))

    def test_each_bad_name_is_refused_with_its_reason(self) -> None:
        scaffold_domain("library", self.project, PACKAGE)
        reasons = {
            "Library": "is not a valid domain name",
            "shop-floor": "is not a valid domain name",
            "9lives": "is not a valid domain name",
            "class": "is a Python keyword",
            "a" * 28: "at most 27 characters",
            "library": "The domain 'library' already exists.",
            "core": "the migration branch of the service's own tables",
            "head": "Alembic reads it as a revision",
            "tests": "a folder of the project",
            PACKAGE: "the project's package name",
            "ports": "every domain has a file or folder of that name",
            "health": f"is taken: src/{PACKAGE}/api/controllers/health.py has that name",
        }
        for name, reason in reasons.items():
            with self.subTest(name=name):
                self.assertIn(reason, self.problem(name))


class ScaffoldTest(ScaffoldTestCase):
    def test_every_file_it_creates_is_owned_by_the_domain(self) -> None:
        before = set(self.files())
        created = scaffold_domain("library", self.project, PACKAGE)
        self.assertEqual(created, owned_paths(self.project, PACKAGE, "library"))
        new_files = set(self.files()) - before
        self.assertIn(self.project / "src" / PACKAGE / "composition" / "library.py", new_files)
        for path in new_files:
            self.assertTrue(any(path == top or top in path.parents for top in created), path)

    def test_an_existing_domain_or_a_refused_name_writes_nothing(self) -> None:
        scaffold_domain("library", self.project, PACKAGE)
        before = self.files()
        for name in ("library", "Library", "item"):
            with self.subTest(name=name), self.assertRaises(ScaffoldRefused):
                scaffold_domain(name, self.project, PACKAGE)
            self.assertEqual(self.files(), before)

    def test_without_the_scaffold_it_says_where_to_run_it(self) -> None:
        shutil.rmtree(self.project / "scaffold")
        with self.assertRaises(ScaffoldRefused) as raised:
            scaffold_domain("library", self.project, PACKAGE)
        self.assertIn("source folder", str(raised.exception))
