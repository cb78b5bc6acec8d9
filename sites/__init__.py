"""Site profiles: everything warta knows about one portal, one module per site.

Pure: the standard library and w3lib only (no Scrapy, network, archive,
pipelines or crawler imports).
"""
