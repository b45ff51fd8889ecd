import pytest

from pictory_studio.pictory import PictoryConfig


def test_repr_hides_secrets_but_shows_the_rest():
    config = PictoryConfig(
        base_url="https://api.example.test/pictoryapis/",
        api_key="pictai_very_secret",
        client_id="studio-client",
        client_secret="client-very-secret",
        user_id="user-7",
    )

    text = repr(config)

    assert "pictai_very_secret" not in text
    assert "client-very-secret" not in text
    assert "api_key='***'" in text
    assert "client_id='studio-client'" in text
    assert str(config) == text


def test_repr_shows_empty_secrets_as_empty():
    assert "client_secret=''" in repr(PictoryConfig(base_url="http://x", api_key="k"))


def test_base_url_loses_trailing_slash():
    assert PictoryConfig(base_url="http://x/pictoryapis/").base_url == "http://x/pictoryapis"


def test_base_url_is_required():
    with pytest.raises(ValueError):
        PictoryConfig(base_url="")


@pytest.mark.parametrize(
    ("settings", "mode"),
    [
        ({"api_key": "pictai_k"}, "api_key"),
        ({"api_key": "pictai_k", "client_id": "c", "client_secret": "s"}, "api_key"),
        ({"client_id": "c", "client_secret": "s"}, "oauth"),
    ],
)
def test_auth_mode(settings, mode):
    assert PictoryConfig(base_url="http://x", **settings).auth_mode == mode
