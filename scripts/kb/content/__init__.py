"""What a document is: its file, front matter, schema, vocabularies and lifecycle rules."""
