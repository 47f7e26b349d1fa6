"""Runs of place names after a brand, computed once per text, agree with a walk over every place per hit."""
import random

from pipelines.extraction.brands import _PlaceRuns


def walk(norm, end, places):
    """The plain definition: from `end`, hop over places separated only by " 、,，/"."""
    pos, moved = end, False
    for s, e in sorted(places):
        if e <= pos:
            continue
        if s >= pos and norm[pos:s].strip(" 、,，/") == "":
            pos, moved = e, True
        elif s > pos:
            break
    return pos if moved else None


def test_runs_match_the_walk_on_random_texts():
    rng = random.Random(5)
    for _ in range(300):
        norm = "".join(rng.choice("京东北上广 、,/x") for _ in range(rng.randint(0, 40)))
        places, i = [], 0
        while i < len(norm):
            i += rng.randint(0, 3)
            length = rng.randint(1, 3)
            if i + length <= len(norm) and rng.random() < 0.6:
                places.append((i, i + length))
            i += length
        runs = _PlaceRuns(norm, places)
        for end in range(len(norm) + 1):
            assert runs.skip(end) == walk(norm, end, places), (norm, places, end)


def test_carrier_place_ends():
    runs = _PlaceRuns("江苏移动 广州电信", [(0, 2), (5, 7)])
    assert 2 in runs.ends and 7 in runs.ends and 0 not in runs.ends


def test_inside_a_place():
    runs = _PlaceRuns("全国美容院", [(0, 2)])
    assert runs.inside(1) and not runs.inside(0) and not runs.inside(2)


def test_no_brand_starts_inside_a_place_name(extractor):
    assert extractor.extract("全国美容院客户资料")["brands"] == []
    assert extractor.extract("国美会员数据")["brands"] == ["Gome"]
