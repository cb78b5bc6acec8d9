"""The searchable archive: schema, storage, search, export. No Scrapy import."""
