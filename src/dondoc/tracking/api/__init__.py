"""REST API (token auth, OpenAPI schema) for document-management systems."""
