"""Where things are: the page scheme (paths.py), links between pages and to an item's open data (links.py), and
the deep link of an item into the online application system (apply_link.py). Pure functions of the model, used by
every later stage (export, render, search, site), so none of them needs another's code for an address."""
