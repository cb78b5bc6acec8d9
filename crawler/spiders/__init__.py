"""Site spiders: one module per site, named for the site's slug."""

SITES = ("beritajakarta",)  # every spider's ``name``; the runner checks they match
