"""MkDocs hook (mkdocs.yml `hooks:`): the logic lives in plansite.hook; this file only hands
its event handlers to MkDocs, which loads hooks by file path."""
from plansite.hook import (  # noqa: F401
    on_config, on_page_content, on_page_context, on_page_markdown, on_post_build, on_post_page,
    on_post_template,
)
