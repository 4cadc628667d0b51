"""The baseline: the smallest Flask app, served by the same gunicorn settings.

    gunicorn -c gunicorn.conf.py bench.hello_app:app

The page benchmark reports every page as a fraction of what this serves.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
