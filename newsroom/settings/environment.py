"""What every settings module reads first: the project's folders, the environment and the DEBUG switch."""

import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A variable set but empty means its default: docker compose passes each line of .env.example, some left empty.
env.ENVIRON = {name: value for name, value in os.environ.items() if value != ""}

DEBUG = env.bool("DJANGO_DEBUG", default=True)
