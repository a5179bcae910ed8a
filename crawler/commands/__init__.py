"""Project commands: ``crawl`` with honest exit codes, and ``reparse``."""
