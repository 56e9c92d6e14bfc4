"""Editors' and authors' tools: review reports and issues, pull-request changes, new documents, CODEOWNERS."""
