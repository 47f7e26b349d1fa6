"""The spool: complete segments or none, replayed oldest first, rejected documents kept with their error."""
import json

from leakscout.storage.spool import Spool


def _docs(*ids):
    return [{"id": i, "title": f"listing {i}"} for i in ids]


def test_segments_come_back_in_order_with_their_time(tmp_path):
    spool = Spool(tmp_path)
    spool.append(_docs("a", "b"), "2026-01-01T00:00:00.000Z", "cluster down")
    spool.append(_docs("c"), "2026-01-02T00:00:00.000Z", "cluster down")
    segments = spool.segments()
    assert [[d["id"] for d in s.documents] for s in segments] == [["a", "b"], ["c"]]
    assert [s.seen_at for s in segments] == ["2026-01-01T00:00:00.000Z", "2026-01-02T00:00:00.000Z"]
    assert spool.pending_documents() == 3


def test_a_half_written_segment_is_not_read(tmp_path):
    spool = Spool(tmp_path)
    spool.append(_docs("a"), "t", "r")
    (spool.folder / ".123-crash.jsonl.part").write_text('{"seen_at": "t"}\n{"id": "half')
    assert [d["id"] for s in spool.segments() for d in s.documents] == ["a"]


def test_replace_keeps_only_what_is_left_and_remove_forgets(tmp_path):
    spool = Spool(tmp_path)
    spool.append(_docs("a", "b", "c"), "t", "r")
    segment = spool.segments()[0]
    spool.replace(segment, _docs("b"))
    assert [d["id"] for s in spool.segments() for d in s.documents] == ["b"]
    spool.replace(spool.segments()[0], [])
    assert spool.segments() == [] and spool.pending_documents() == 0


def test_rejected_documents_keep_their_error(tmp_path):
    spool = Spool(tmp_path)
    path = spool.reject({"id": "x", "bad": 1}, {"type": "strict_dynamic_mapping_exception"}, "t")
    kept = json.loads(path.read_text().splitlines()[0])
    assert kept["document"]["id"] == "x" and kept["error"]["type"] == "strict_dynamic_mapping_exception"
    assert spool.rejected_documents() == 1
