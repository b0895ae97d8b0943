"""Fixed-width base-36 materialised paths."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ptdv.organizations.paths import SEGMENT, ancestor_paths, child_path, depth_of, segment

MAX_ID = 36**SEGMENT - 1


class TestSegment:
    @pytest.mark.parametrize(
        ("pk", "expected"), [(1, "0000001"), (35, "000000z"), (36, "0000010"), (MAX_ID, "zzzzzzz")]
    )
    def test_is_the_id_in_base_36_zero_padded(self, pk, expected):
        assert segment(pk) == expected

    @pytest.mark.parametrize("pk", [0, -1])
    def test_refuses_ids_that_are_not_positive(self, pk):
        with pytest.raises(ValueError, match="positive"):
            segment(pk)

    def test_refuses_an_id_too_wide_for_the_segment(self):
        with pytest.raises(ValueError, match="too large"):
            segment(MAX_ID + 1)

    @given(st.integers(min_value=1, max_value=MAX_ID), st.integers(min_value=1, max_value=MAX_ID))
    def test_sorts_as_text_in_the_same_order_as_the_ids(self, a, b):
        assert len(segment(a)) == SEGMENT
        assert (segment(a) < segment(b)) == (a < b)


class TestPaths:
    def test_child_path_appends_the_child_segment(self):
        assert child_path("0000001", 2) == "00000010000002"
        assert child_path("", 1) == "0000001"

    def test_depth_counts_segments(self):
        assert depth_of("0000001") == 1
        assert depth_of("000000100000020000003") == 3

    def test_ancestor_paths_lists_every_ancestor_root_first_without_the_node(self):
        path = "000000100000020000003"
        assert ancestor_paths(path) == ["0000001", "00000010000002"]
        assert ancestor_paths("0000001") == []

    @given(st.lists(st.integers(min_value=1, max_value=MAX_ID), min_size=1, max_size=8))
    def test_a_path_built_from_ids_knows_its_depth_and_ancestors(self, ids):
        path = ""
        for pk in ids:
            path = child_path(path, pk)
        assert depth_of(path) == len(ids)
        assert len(ancestor_paths(path)) == len(ids) - 1
        assert all(path.startswith(ancestor) for ancestor in ancestor_paths(path))


def test_a_subtree_range_holds_every_descendant_and_nothing_else():
    from ptdv.organizations.paths import child_path, subtree_bounds

    parent = child_path(child_path("", 1), 35)
    low, high = subtree_bounds(parent)
    inside = [parent, child_path(parent, 1), child_path(child_path(parent, 36**7 - 1), 36**7 - 1)]
    outside = [child_path("", 1), child_path(child_path("", 1), 34), child_path(child_path("", 1), 36)]
    assert all(low <= p <= high for p in inside)
    assert not any(low <= p <= high for p in outside)
