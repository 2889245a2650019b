"""Reliability and security tests: faults, bad input and bad responses against a local server."""
