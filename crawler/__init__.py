"""The Scrapy project: what to fetch (spiders, settings, items), never how to read it."""
