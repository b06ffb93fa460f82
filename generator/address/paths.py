"""The site's page scheme: one function per page kind, the only place a page's source path is spelled.

Rendering registers pages under these paths, the preview rewrites them, search documents link to them.
"""

from __future__ import annotations

from generator.model.item import Item

HOME_PAGE = "index.md"
SEARCH_PAGE = "search/index.md"
CONSISTENCY_PAGE = "consistency/index.md"
SERVICES_INDEX = "services/index.md"
DEPARTMENTS_INDEX = "departments/index.md"
REGIONS_INDEX = "regions/index.md"
THEMES_INDEX = "themes/index.md"


def item_page(item: Item) -> str:
    return f"items/{item.region.code}/{item.code}.md"


def service_page(basic_code: str) -> str:
    return f"services/{basic_code}.md"


def department_page(department_id: str) -> str:
    return f"departments/{department_id}.md"


def region_page(region_code: str) -> str:
    return f"regions/{region_code}.md"


def theme_page(theme_id: str) -> str:
    return f"themes/{theme_id}.md"
