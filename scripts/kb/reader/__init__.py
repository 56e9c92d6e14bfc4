"""What readers get: page model, listings, glossary, structured data, citations, catalogue, PDFs, cleaning."""
