"""Every rule the gate applies: documents, files, template code, addresses, the built site and its links."""
