"""Site profiles: one module per portal, each defining ``PROFILE``.

Pure (stdlib and w3lib): the crawler, the pipelines and the CLI import it; the
archive never does. Profiles are found by walking this package, so adding a
portal is adding a module (see README, "Adding a portal").
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from sites.generic import generic_profile
from sites.profile import ArticleRef, Discovery, SiteProfile

__all__ = [
    "ArticleRef",
    "Discovery",
    "SiteProfile",
    "all_profiles",
    "generic_profile",
    "profile_for_url",
    "profile_named",
    "profile_or_generic",
]


@cache
def all_profiles() -> dict[str, SiteProfile]:
    """Every profile in this package, by name."""
    found: dict[str, SiteProfile] = {}
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        profile = getattr(module, "PROFILE", None)
        if isinstance(profile, SiteProfile):
            found[profile.name] = profile
    return found


def profile_named(name: str) -> SiteProfile:
    """The profile called ``name``; ``KeyError`` naming the known ones otherwise."""
    profiles = all_profiles()
    if name not in profiles:
        known = ", ".join(sorted(profiles))
        raise KeyError(f"no site profile {name!r} (known: {known})")
    return profiles[name]


def profile_for_url(url: str) -> SiteProfile | None:
    """The profile whose hosts include ``url``'s host, if any."""
    for profile in all_profiles().values():
        if profile.owns(url):
            return profile
    return None


def profile_or_generic(url: str) -> SiteProfile:
    """The profile of ``url``'s host, else a generic one for that host."""
    return profile_for_url(url) or generic_profile(url)
