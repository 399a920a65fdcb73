"""MkDocs hook (mkdocs.yml `hooks:`): points each page's search box at the site's own search
worker (the logic lives in plansite.search, which also builds the index after MkDocs)."""
from plansite.search import on_post_page  # noqa: F401
