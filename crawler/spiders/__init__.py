"""Spiders, found by Scrapy's SpiderLoader: one per site profile, plus ``generic``.

:mod:`.portal` routes any profile; :mod:`.sites` generates a spider per module
of ``sites/``; :mod:`.generic` crawls a portal that has no profile.
"""
