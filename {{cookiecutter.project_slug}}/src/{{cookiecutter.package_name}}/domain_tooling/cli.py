"""`manage.py domain new NAME`: a new domain in every layer, from the project's scaffold."""

from __future__ import annotations

from pathlib import Path

import click

from .scaffold import ScaffoldRefused, scaffold_domain

# This file is src/<package>/domain_tooling/cli.py in the project's source folder.
PROJECT_ROOT = Path(__file__).resolve().parents[3]
PACKAGE = __name__.split(".", 1)[0]


@click.command("new", short_help="Scaffold a new domain in every layer, with its tests.")
@click.argument("name")
def new_domain(name: str) -> None:
    """Scaffold the domain NAME in every layer, with its migration, docs and tests.

    NAME is a lowercase identifier of at most 27 characters (for example library) that no
    file of the project has yet. From the template in scaffold/domain/ it creates:

    \b
      src/<package>/domain/models/NAME/        the Item entity, its rules and exceptions
      src/<package>/services/NAME/             the ports and the use cases
      src/<package>/infrastructure/mappers/NAME.py       the table, mapped imperatively
      src/<package>/infrastructure/repositories/NAME.py  the repository and unit of work
      src/<package>/api/schemas/NAME.py        request and response schemas
      src/<package>/api/controllers/NAME.py    create, list, get and withdraw endpoints
      src/<package>/composition/NAME.py        joins it to the service at start
      migrations/versions/NAME/                its Alembic branch NAME: revision 0001_NAME
      docs/domains/NAME.md                     what it does, its endpoints and settings
      tests/unit/NAME/, tests/integration/NAME/, tests/e2e/NAME/

    A refused NAME, or any of these already there, writes nothing. Next: python manage.py db
    upgrade creates its table, and python -m unittest runs its tests.
    """
    try:
        created = scaffold_domain(name, PROJECT_ROOT, PACKAGE)
    except ScaffoldRefused as refused:
        raise click.ClickException(str(refused)) from refused
    click.echo(f"Created the domain {name!r}:")
    for path in created:
        click.echo(f"  {path.relative_to(PROJECT_ROOT)}{'/' if path.is_dir() else ''}")
    click.echo(
        f"Next: python manage.py db upgrade (creates its table), python -m unittest, and read "
        f"docs/domains/{name}.md."
    )
