"""A shared crawl frontier in Redis: several ``warta crawl`` processes, one crawl.

Scrapy components wired by settings (:mod:`crawler.frontier.addon`), so any
spider runs on it unchanged: scrapy-redis's scheduler and duplicate filter over
a reliable queue (a popped request stays in a per-worker processing hash until
its response or final failure is handled), JSON instead of pickle, a seeding
claim, worker heartbeats, re-queueing of dead workers' requests, a shared
per-host rate limit and the rule that ends every worker when the crawl is done.
"""
