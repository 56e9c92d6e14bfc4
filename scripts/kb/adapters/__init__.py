"""The MkDocs side: the hook file, the mkdocs-macros module and the MkDocs command runner. No rules here."""
