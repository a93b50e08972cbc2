"""Local development and `make run`: SQLite, console email, DEBUG on unless told otherwise."""

from jembatan.config import env

from .base import *  # noqa: F403

DEBUG = env.get_bool("DEBUG", True)
