"""jieba's segments kept between builds (generator/search/segments.py): the same segments as jieba's own, jieba not
even imported when every text is known, and a cache that git tracks, made for another dictionary or damaged never used."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from generator.load.cache_file import write_entries
from generator.search import segments

REPO = Path(__file__).resolve().parents[1]
# real texts: the names of the repository catalog's directory items
DIRECTORY = REPO / "items" / "_catalog" / "directory"
TEXTS = sorted({m for p in sorted(DIRECTORY.glob("*.yaml")) for m in re.findall(r"^name: (\S+)$", p.read_text(encoding="utf-8"), re.M)})

IN_A_NEW_PROCESS = """
import json, sys
from pathlib import Path
from generator.search import segments
with segments.kept(Path(sys.argv[1])):
    out = {t: [segments.search(t), segments.words(t)] for t in json.loads(sys.argv[2])}
print(json.dumps({"segments": out, "jieba_imported": "jieba" in sys.modules}, ensure_ascii=False))
"""


def jiebas_own(texts: list[str]) -> dict[str, list[list[str]]]:
    import jieba

    return {t: [list(jieba.cut_for_search(t)), list(jieba.cut(t))] for t in texts}


def in_a_new_process(root: Path, texts: list[str]) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", IN_A_NEW_PROCESS, str(root), json.dumps(texts, ensure_ascii=False)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_kept_segments_are_jiebas_and_a_later_build_does_not_start_jieba(tmp_path: Path) -> None:
    assert len(TEXTS) >= 40
    first = in_a_new_process(tmp_path, TEXTS)
    assert first["jieba_imported"] is True and (tmp_path / segments.CACHE).is_file()
    again = in_a_new_process(tmp_path, TEXTS)
    assert again["jieba_imported"] is False
    assert again["segments"] == first["segments"] == jiebas_own(TEXTS)
    one_more = in_a_new_process(tmp_path, [*TEXTS[:3], "办理居住证需要带什么"])  # a text not seen: jieba starts for it
    assert one_more["jieba_imported"] is True and one_more["segments"] == jiebas_own([*TEXTS[:3], "办理居住证需要带什么"])


def forged(root: Path, key: bytes) -> Path:
    path = root / segments.CACHE
    path.parent.mkdir(parents=True, exist_ok=True)
    write_entries(path, segments.MAGIC, key, {TEXTS[0]: (("伪造",), ("伪造",))})
    return path


def test_a_cache_committed_to_git_is_neither_read_nor_written(tmp_path: Path) -> None:
    path = forged(tmp_path, segments.dictionary_key())
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "-f", str(path)], cwd=tmp_path, check=True)
    before = path.read_bytes()
    assert in_a_new_process(tmp_path, TEXTS[:2])["segments"] == jiebas_own(TEXTS[:2])
    assert path.read_bytes() == before


def test_a_cache_of_another_dictionary_or_a_damaged_one_reads_as_empty(tmp_path: Path) -> None:
    path = forged(tmp_path, b"another jieba")
    assert in_a_new_process(tmp_path, TEXTS[:2])["segments"] == jiebas_own(TEXTS[:2])
    forged(tmp_path, segments.dictionary_key())
    path.write_bytes(path.read_bytes()[:-3])  # cut short: its digest no longer matches
    assert in_a_new_process(tmp_path, TEXTS[:2])["segments"] == jiebas_own(TEXTS[:2])
