"""Routes."""

from flask import Blueprint

bp = Blueprint("conditions", __name__)
