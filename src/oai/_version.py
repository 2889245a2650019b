"""Package name and version, nothing else."""

__title__ = "oai"
__version__ = "0.1.0"
