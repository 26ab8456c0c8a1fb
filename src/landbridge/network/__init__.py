"""Loading, validating, looking up, exporting and routing over the corridor network."""
