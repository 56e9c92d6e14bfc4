"""Build and check logic for the IGPM Knowledge Base.

Everything that decides something lives here as plain, importable Python; the
MkDocs hook file and the mkdocs-macros module only translate MkDocs events into
calls to this package, so the project can move to another MkDocs-compatible
builder by changing adapters, not logic.
"""
