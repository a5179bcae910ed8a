"""Extraction helpers: pure functions over parsel Selectors or text. Nothing here imports Scrapy."""
