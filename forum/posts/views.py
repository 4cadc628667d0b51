"""Routes."""

from flask import Blueprint

bp = Blueprint("posts", __name__)
