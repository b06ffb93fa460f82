"""The build manifest: what the site in a folder was made from, so the next build can rewrite only what changed.

`<site>/.banshi-manifest.json` holds:
- `global`: one digest of everything that can change any page: Banshi's code, the installed packages, the page
  templates and theme folders, the MkDocs docs folder, the search assets, mkdocs.yml, the catalog files except the
  basic directory, the attachments under items/_files/, the public search settings and whether history is
  available. A folder of an installed package (the theme's and MkDocs' templates) is covered by the package's
  version rather than read file by file; node_modules/ and __pycache__/ folders are not inputs. When it differs
  from the digest of this build, the build is a full one;
- `keys`: source path -> key of every page an incremental build may keep (generator/render/inputs.py);
- `outputs`: every file the build wrote, relative to the site folder, so the next build removes only files a build
  made and no longer makes.

The manifest is written last (into the new folder before a full build's swap; after an incremental build's last
file) and removed before an incremental build touches the site, so a build stopped halfway leaves no manifest and
the next build is a full one. Its own contents are deterministic: a full and an incremental build of the same
inputs write the same manifest.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import generator

MANIFEST = ".banshi-manifest.json"
VERSION = 1
CATALOG = Path("items") / "_catalog"
DIRECTORY = CATALOG / "directory"
FILES = Path("items") / "_files"
NOT_INPUTS = ("node_modules", "__pycache__")  # in a checkout's search/ and code folders: nothing a page is made from
INSTALLED = tuple(Path(p) for p in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})


@dataclass
class Manifest:
    global_digest: str
    keys: dict[str, str] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        data = {"version": VERSION, "global": self.global_digest, "keys": dict(sorted(self.keys.items())), "outputs": sorted(self.outputs)}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def read_manifest(site_dir: Path) -> Manifest | None:
    """The manifest of the site in site_dir; None when there is none or it cannot be read (then: a full build)."""
    try:
        data = json.loads((site_dir / MANIFEST).read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            return None
        keys, outputs = data["keys"], data["outputs"]
        if not (isinstance(keys, dict) and isinstance(outputs, list) and isinstance(data["global"], str)):
            return None
        if not all(isinstance(rel, str) and plain_relative(rel) for rel in outputs):
            return None  # a manifest naming a file outside its folder is not one a build wrote
        return Manifest(data["global"], {str(k): str(v) for k, v in keys.items()}, [str(o) for o in outputs])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def plain_relative(rel: str) -> bool:
    """A path inside the site folder: relative, in forward slashes, without `..`, `.` or empty parts."""
    parts = rel.split("/")
    return bool(rel) and "\\" not in rel and "\x00" not in rel and all(part not in ("", ".", "..") for part in parts)


def inside(path: Path, root: Path) -> bool:
    """path, with every symbolic link resolved, is root or lies inside it (a link planted in a site is refused)."""
    real, base = os.path.realpath(path), os.path.realpath(root)
    return real == base or real.startswith(base + os.sep)


def write_manifest(site_dir: Path, manifest: Manifest) -> None:
    path = site_dir / MANIFEST
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(manifest.to_json(), encoding="utf-8")
    os.replace(tmp, path)


def remove_manifest(site_dir: Path) -> None:
    (site_dir / MANIFEST).unlink(missing_ok=True)


def _files(folder: Path, skip: Path | None = None) -> Iterable[Path]:
    if folder.is_file():
        yield folder
        return
    for base, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in NOT_INPUTS)
        here = Path(base)
        if skip is not None and here == skip:
            dirs[:] = []
            continue
        for name in sorted(names):
            yield here / name


def _packages() -> list[str]:
    """name==version of every installed distribution, each once: a checkout on sys.path (pytest's rootdir, a script's
    own folder) lists the editable install's metadata a second time, which must not change the digest."""
    return sorted({f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions() if d.metadata["Name"]})


def global_digest(root: Path, folders: Iterable[Path], settings: Iterable[str]) -> str:
    """One digest of the code, packages, the given folders and files (templates, theme, docs, search assets,
    mkdocs.yml), the catalog without the basic directory, the attachments, and `settings` (strings the build
    depends on)."""
    h = hashlib.blake2b(digest_size=20)
    h.update(sys.version.encode())
    for line in _packages():
        h.update(line.encode() + b"\n")
    code = Path(generator.__file__).parent
    # an installed package's folders (MkDocs' and the theme's templates) are what its version says: listed above
    sources = [code, *(f for f in folders if not any(f.is_relative_to(p) for p in INSTALLED)), root / CATALOG, root / FILES]
    for number, source in enumerate(sources):
        skip = root / DIRECTORY if source == root / CATALOG else None
        for path in _files(source, skip):
            if path.suffix == ".pyc" or "__pycache__" in path.parts:
                continue
            rel = f"{number}:{path.relative_to(source).as_posix() if path != source else path.name}"  # not where the checkout is
            h.update(rel.encode("utf-8", errors="surrogateescape") + b"\x00")
            try:
                h.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
            except OSError:
                h.update(b"?")
    for setting in settings:
        h.update(setting.encode("utf-8", errors="surrogatepass") + b"\x00")
    return h.hexdigest()


def site_files(site_dir: Path) -> list[str]:
    """Every regular file under site_dir, relative, the manifest itself left out."""
    out: list[str] = []
    top = os.fspath(site_dir)
    for base, _dirs, names in os.walk(top):
        if base == top:
            out.extend(name for name in names if name != MANIFEST)
            continue
        prefix = base[len(top) + 1 :].replace(os.sep, "/") + "/"  # os.walk's folders all start with top
        out.extend(prefix + name for name in names)
    return out
