"""One spider per site profile, generated: Scrapy's SpiderLoader finds them here.

Each class is a :class:`~crawler.spiders.portal.PortalSpider` named for its
profile (``beritajakarta``, ``jabar`` …); adding a module to ``sites/`` adds
a spider, with no table to edit.
"""

from __future__ import annotations

from crawler.spiders.portal import PortalSpider
from sites import all_profiles


def _class_name(name: str) -> str:
    return "".join(part.capitalize() for part in name.replace("-", "_").split("_"))


def _spider_class(profile_name: str) -> type[PortalSpider]:
    profile = all_profiles()[profile_name]
    return type(
        f"{_class_name(profile.name)}Spider",
        (PortalSpider,),
        {
            "name": profile.name,
            "profile": profile,
            "__module__": __name__,
            "__doc__": f"Crawl {profile.title} ({profile.default_base_url}).",
        },
    )


SPIDERS = {name: _spider_class(name) for name in sorted(all_profiles())}
globals().update({cls.__name__: cls for cls in SPIDERS.values()})
