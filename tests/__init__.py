"""Tests, and the local replica sites they (and `make demo`) crawl."""
