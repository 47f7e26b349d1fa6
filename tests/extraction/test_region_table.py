"""The regions of made-up listing titles and short bodies (tests/extraction/region_examples.py), as sets; the
vocabulary's codes; offsets between a text and its normal form (capitals are read in the text as written)."""
import random
import re

import pytest

from pipelines.extraction.data_files import tsv_rows
from pipelines.extraction.normalize import normalize, offset_map
from pipelines.extraction.regions import _Offsets

from .region_examples import ALL


@pytest.mark.parametrize("text,expected", ALL, ids=[text[:40] for text, _ in ALL])
def test_regions_of_listing_forms(extractor, text, expected):
    assert set(extractor.extract(text)["regions"]) == set(expected.split())


def test_vocabulary_codes_are_iso_shaped_and_subdivisions_have_their_country():
    rows = list(tsv_rows("regions.tsv"))
    codes = {code for field, _ in rows if field != "-" for code in field.split()}
    assert all(re.fullmatch(r"[A-Z]{2}(-[A-Z0-9]{1,3})?", code) for code in codes)
    assert {code[:2] for code in codes if "-" in code} <= codes
    written = [name for _, names in rows for name in names.split("|") if name.startswith("[") or name.endswith("^")]
    assert all(re.fullmatch(r"\[[A-Z]{2}\]|[A-Z]{2}\^", name) for name in written)


def test_offsets_agree_with_the_offset_map():
    rng = random.Random(3)
    alphabet = "aB US\u00df\ufe0f\u200b❤️ﬁ中İ"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        norm = normalize(text)
        if len(norm) == len(text):
            continue  # taken as aligned
        omap = offset_map(text)
        offsets = _Offsets(text, norm)
        for pos in range(len(norm)):
            # a position inside a character that normalised to several ("ß" → "ss") maps to that character
            assert offsets.to_text(pos) == omap[pos] or omap[pos] == omap[pos - 1], (text, pos)
            assert offsets.to_norm(omap[pos]) <= pos, (text, pos)
