"""Syrian news crawler: Scrapy spiders, extraction helpers and the article record."""
