"""The scope of a reader: grants parsed from [access], their union, and what `allows` says."""

import pytest

from oncedone import access, config
from oncedone.access import AccessError, Grant, Scope

GROUPS = {
    "direction": {"title_types": "all", "departments": "all"},
    "lead_75": {"title_types": ["passport", "id_card"], "departments": ["75"]},
    "lead_92": {"title_types": ["driving_licence"], "departments": ["92"]},
    "data": {"title_types": "all", "departments": ["75"], "data_team": True},
}


def settings(**extra):
    return access.parse({"mode": "oidc", "groups": GROUPS, **extra})


def test_two_groups_give_the_union_of_their_rectangles_not_the_product_of_their_lists():
    scope = settings().scope_for(["lead_75", "lead_92"])
    # (passport|75, id_card|75) from lead_75, (driving_licence|92) from lead_92: three cells, no more.
    assert scope.cells == ("driving_licence|92", "id_card|75", "passport|75")
    assert scope.allows("passport", "75") and scope.allows("driving_licence", "92")
    assert not scope.allows("passport", "92") and not scope.allows("driving_licence", "75")
    assert scope.title_types(["passport", "id_card", "driving_licence", "vehicle_registration"]) == [
        "passport", "id_card", "driving_licence"]
    assert scope.departments(["75", "92", "93"]) == ["75", "92"]
    assert not scope.is_national and not scope.data_team


def test_all_on_both_dimensions_is_national_and_sees_contacts_with_no_application():
    scope = settings().scope_for(["direction", "unknown-group"])
    assert scope.cells == ("*|*",) and scope.is_national
    assert scope.allows(None, None) and scope.allows("passport", "2A")
    assert scope.params() == {"scope_cells": ["*|*"], "scope_national": True}


def test_all_title_types_of_one_department_is_not_national():
    scope = settings().scope_for(["data"])
    assert scope.cells == ("*|75",) and scope.data_team
    assert scope.allows("vehicle_registration", "75") and not scope.allows("passport", "92")
    assert not scope.allows(None, None)


def test_a_user_whose_groups_match_nothing_has_an_empty_scope():
    scope = settings().scope_for(["visitors"])
    assert scope.is_empty and scope.cells == () and not scope.allows("passport", "75")


def test_equal_scopes_reached_by_different_group_orders_share_their_cells():
    assert settings().scope_for(["lead_92", "lead_75"]).cells == settings().scope_for(["lead_75", "lead_92"]).cells


@pytest.mark.parametrize("raw, message", [
    ({"mode": "sso"}, "mode must be one of open, oidc"),
    ({"mode": "oidc"}, "needs at least one [access.groups"),
    ({"groups": {"g": {"departments": "75"}}}, "departments must be \"all\" or a list"),
    ({"groups": {"g": {"title_types": ["*"]}}}, "title_types must be \"all\" or a list"),
    ({"groups": {"g": {"regions": "all"}}}, "unknown key(s) regions"),
    ({"session_hours": 0}, "session_hours must be between"),
])
def test_a_broken_access_table_stops_with_its_reason(raw, message):
    with pytest.raises(AccessError, match=None) as caught:
        access.parse(raw)
    assert message in str(caught.value)


def test_the_shipped_configuration_is_open_and_everything_sees_everything():
    assert config.load().access.mode == "open"
    assert access.EVERYTHING.is_national and access.EVERYTHING.data_team
    assert Scope((Grant(None, None),)).cells == ("*|*",)
