import evalkit


def test_every_exported_name_resolves():
    for name in evalkit.__all__:
        assert getattr(evalkit, name) is not None, name


def test_unknown_attribute_is_an_attribute_error():
    import pytest

    with pytest.raises(AttributeError, match="module 'evalkit' has no attribute 'nope'"):
        evalkit.nope  # noqa: B018
