"""Tag expressions name only tags the features have: a typo stops the run instead of selecting nothing."""
import pytest
from behave.parser import parse_file
from behave.tag_expression import make_tag_expression

from astronote_smoke.config import ConfigError
from astronote_smoke.behave_adapter.tags import check_tags
from suite import FEATURES

FEATURE_FILES = [parse_file(str(path)) for path in sorted(FEATURES.glob("*.feature"))]


@pytest.mark.parametrize("tags", ["@prod and not @writes", "@A1 or @retail", "@K*", ["@prod", "~@writes"], ""])
def test_expressions_of_known_tags_pass(tags):
    check_tags(make_tag_expression(tags), FEATURE_FILES)


@pytest.mark.parametrize("tags, unknown", [("@prdo", "@prdo"), ("@prod and not @wirtes", "@wirtes"),
                                           ("@Z*", "@Z*"), (["@prod,@shopfy"], "@shopfy")])
def test_an_unknown_tag_is_named_even_when_negated(tags, unknown):
    with pytest.raises(ConfigError) as error:
        check_tags(make_tag_expression(tags), FEATURE_FILES)
    assert error.value.variable == "--tags"
    assert str(error.value).startswith(f"configuration error: --tags names {unknown}, which no scenario has")
