"""The WSGI entry point gunicorn serves: wsgi:app."""

from pathlib import Path

from dotenv import load_dotenv

from {{ cookiecutter.package_name }}.create_app import create_app

load_dotenv(Path(__file__).resolve().parent / ".env")
app = create_app()
