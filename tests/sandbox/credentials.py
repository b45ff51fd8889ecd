"""The Authorization value of each auth mode (contract §2), for tests run in both."""

from .conftest import CLIENT_ID, CLIENT_SECRET, KEY

MODES = ["key", "token"]


def credential(api, mode: str) -> str:
    if mode == "key":
        return KEY
    response = api.post("/v1/oauth2/token", {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}, auth=None)
    assert response.status_code == 200, response.content
    return response.json()["access_token"]
