"""The region preference of both backends' results: the reader's region's implementations first, then its county's,
then the city's, then the rest (nothing is hidden), and one hit per service before the other implementations. The
same rule as preferRegion() in search-understand.mjs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def proximity(hit: Mapping[str, Any], chain: Sequence[str]) -> int:
    """0: in the chosen region (or, for a county, one of its townships); 1..: its county, the city; len(chain): elsewhere."""
    if chain and chain[0] in (hit.get("region_code"), hit.get("county_code")):
        return 0
    code = hit.get("region_code")
    return chain.index(code) if code in chain else len(chain)


def service_of(hit: Mapping[str, Any]) -> str:
    return str(hit.get("basic_code") or hit.get("url") or hit.get("name") or "")


def distinct_first(hits: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One hit per service (basic code) first, in the given order, then the other implementations in that order: a
    citizen looks for the service first, so three implementations of one service must not fill the top three."""
    seen: set[str] = set()
    first: list[dict[str, Any]] = []
    rest: list[dict[str, Any]] = []
    for hit in hits:
        service = service_of(hit)
        (rest if service in seen else first).append(hit)
        seen.add(service)
    return first + rest


def prefer_region(hits: Sequence[dict[str, Any]], chain: Sequence[str]) -> list[dict[str, Any]]:
    """The region's implementations first, then its county's, then the city's, then the rest (nothing is hidden);
    relevance order within each; then distinct services first (so a service is shown by its implementation nearest
    the region). The same rule as preferRegion() in search-understand.mjs."""
    indexed = sorted(enumerate(hits), key=lambda ih: (proximity(ih[1], chain), ih[0])) if chain else list(enumerate(hits))
    return distinct_first([h for _, h in indexed])
