"""The service's endpoints, one router per concern; each calls the Python API."""
