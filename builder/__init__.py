"""Incident archive builder: news articles in, YAML incident records and a MkDocs site out."""

__version__ = "0.1.0"
