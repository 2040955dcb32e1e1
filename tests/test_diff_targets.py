"""Targets matched across versions by object, unit and provision (hand-written targets)."""

from __future__ import annotations

from typing import Any

from pipeline.diff.targets import diff_targets


def target(text: str, value: float | None, unit: str, obj: str, node: str | None,
           comparator: str = ">=", **extra: Any) -> dict[str, Any]:
    base = {"text": text, "value": value, "unit": unit, "object": obj, "comparator": comparator,
            "node_id": node, "range": None, "deadline": None, "frequency": None, "scope": [],
            "aspirational": False, "span": [0, 0]}
    base.update(extra)
    return base


def summary(changes: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(c["change"], c["fields"], c["old"] and c["old"]["value"],
             c["new"] and c["new"]["value"]) for c in changes]


def test_three_values_changed_one_unchanged() -> None:
    old = [target("1.2万个", 12000, "个", "普惠托位", "s2/m1", "="),
           target("不少于4次", 4, "次", "托育机构卫生评价", "s2/m3", frequency="每年"),
           target("不少于10个托位", 10, "个", "托位", "s2/m2"),
           target("80%", 80, "%", "家庭科学育儿指导服务覆盖率", "s2/m8", "=")]
    new = [target("1.5万个", 15000, "个", "普惠托位", "s2/m1", "="),
           target("不少于10个托位", 10, "个", "托位", "s2/m2"),
           target("不少于6次", 6, "次", "托育机构卫生评价", "s2/m3", frequency="每年"),
           target("90%", 90, "%", "家庭科学育儿指导服务覆盖率", "s2/m8", "=")]
    changes = diff_targets(old, new, {"s2/m1": "s2/m1", "s2/m2": "s2/m2", "s2/m3": "s2/m3",
                                      "s2/m8": "s2/m8"})
    assert summary(changes) == [("changed", ["value"], 12000, 15000),
                                ("changed", ["value"], 4, 6),
                                ("changed", ["value"], 80, 90)]
    assert changes[1]["old"]["text"] == "不少于4次"
    assert changes[1]["new"]["text"] == "不少于6次"
    assert "span" not in changes[0]["new"]


def test_renumbered_provision_keeps_its_target() -> None:
    old = [target("5人", 5, "人", "收托人数", "s2/m4", "<=")]
    new = [target("5人", 5, "人", "收托人数", "s2/m5", "<=")]
    assert diff_targets(old, new, {"s2/m4": "s2/m5"}) == []


def test_wording_alone_is_not_a_change() -> None:
    old = [target("不少于4次", 4, "次", "检查", "a3")]
    new = [target("不少于四次", 4.0, "次", "检查", "a3")]
    assert diff_targets(old, new, {"a3": "a3"}) == []


def test_added_and_removed() -> None:
    old = [target("3所", 3, "所", "示范托育机构", "s2/m6", "=")]
    new = [target("5人", 5, "人", "收托人数", "s2/m4", "<=")]
    assert summary(diff_targets(old, new, {})) == [("added", [], None, 5),
                                                   ("removed", [], 3, None)]


def test_comparator_and_deadline_changes_are_named() -> None:
    old = [target("到2025年达到4.5个", 4.5, "个", "千人口托位数", "s1", "=", deadline="2025")]
    new = [target("到2027年不少于4.5个", 4.5, "个", "千人口托位数", "s1", ">=", deadline="2027")]
    (change,) = diff_targets(old, new, {"s1": "s1"})
    assert change["change"] == "changed"
    assert change["fields"] == ["comparator", "deadline"]


def test_target_moving_to_another_provision_is_paired_by_object_and_unit() -> None:
    old = [target("4次", 4, "次", "检查", "s2/m3")]
    new = [target("6次", 6, "次", "检查", "s2/m7")]
    (change,) = diff_targets(old, new, {"s2/m3": "s2/m3"})
    assert change["change"] == "changed"
    assert change["fields"] == ["value", "node_id"]


def test_same_object_twice_pairs_equal_values_first() -> None:
    old = [target("2所", 2, "所", "托育机构", "s2/m1"),
           target("10所", 10, "所", "托育机构", "s2/m1")]
    new = [target("10所", 10, "所", "托育机构", "s2/m1")]
    assert summary(diff_targets(old, new, {"s2/m1": "s2/m1"})) == [("removed", [], 2, None)]


def test_ranges_compare_as_values() -> None:
    old = [target("0―3岁", None, "岁", "婴幼儿", "s1", "range", range=[0, 3])]
    new = [target("0―6岁", None, "岁", "婴幼儿", "s1", "range", range=[0, 6])]
    (change,) = diff_targets(old, new, {"s1": "s1"})
    assert (change["fields"], change["old"]["range"], change["new"]["range"]) == (
        ["range"], [0, 3], [0, 6])


def test_target_of_a_removed_provision_does_not_pair_by_its_old_id() -> None:
    # old s2/m6 was removed; the new s2/m6 is the old s2/m5 (renumbered).
    old = [target("3次", 3, "次", "检查", "s2/m5"), target("2个", 2, "个", "平台", "s2/m6")]
    new = [target("3次", 3, "次", "检查", "s2/m6")]
    assert summary(diff_targets(old, new, {"s2/m5": "s2/m6"})) == [("removed", [], 2, None)]


def test_same_target_in_the_removed_provision_and_elsewhere_names_the_move() -> None:
    old = [target("5个", 5, "个", "平台", "s2/m6")]
    new = [target("5个", 5, "个", "平台", "s2/m6")]
    (change,) = diff_targets(old, new, {"s2/m5": "s2/m6"})
    assert (change["change"], change["fields"]) == ("changed", ["node_id"])


def test_reworded_provision_pairs_its_targets_by_place_not_object() -> None:
    old = [target("1天", 1, "天", "（1月1日）", "a2/i1", "="),
           target("3天", 3, "天", "（农历正月初一、初二、初三）", "a2/i2", "="),
           target("3天", 3, "天", "（10月1日、2日、3日）", "a2/i7", "=")]
    new = [target("1天", 1, "天", "（1月1日）", "a2/i1", "="),
           target("4天", 4, "天", "（农历除夕、正月初一至初三）", "a2/i2", "="),
           target("3天", 3, "天", "（10月1日至3日）", "a2/i7", "=")]
    ids = {"a2/i1": "a2/i1", "a2/i2": "a2/i2", "a2/i7": "a2/i7"}
    assert summary(diff_targets(old, new, ids)) == [("changed", ["value"], 3, 4)]


def test_equal_value_is_preferred_over_order_within_a_provision() -> None:
    old = [target("100万元", 1e6, "元", "罚款", "a30", "=")]
    new = [target("100万元以上", 1e6, "元", "500万元以下的罚款", "a30"),
           target("500万元以下", 5e6, "元", "罚款", "a30", "<=")]
    assert [(c["change"], c["fields"]) for c in diff_targets(old, new, {"a30": "a30"})] == [
        ("changed", ["comparator"]), ("added", [])]
