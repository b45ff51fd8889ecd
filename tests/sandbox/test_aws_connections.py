"""Private AWS connections (contract §5.8) and a storyboard's awsConnectionId."""

import re

import pytest

from pictory_studio.sandbox.models import SandboxAwsConnection

from .conftest import story_body
from .credentials import MODES, credential

pytestmark = pytest.mark.django_db

CONNECTIONS = "/v1/awsconnections"
FIELDS = {
    "connectionId", "name", "description", "awsAccountId", "awsRegion", "type", "enabled",
    "createdDate", "updatedDate", "version",
}


def connection_body(**overrides) -> dict:
    body = {
        "name": "Marketing assets",
        "description": "S3 bucket with brand footage",
        "awsAccountId": "123456789012",
        "awsRegion": "us-east-2",
        "enabled": True,
    }
    body.update(overrides)
    return body


def create(api, **overrides) -> dict:
    response = api.post(CONNECTIONS, connection_body(**overrides))
    assert response.status_code == 200, response.content
    return response.json()


def field_names(response) -> set[str]:
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "INVALID_REQUEST_BODY"
    return {entry["name"] for entry in response.json()["fields"]}


@pytest.mark.parametrize("mode", MODES)
def test_created_connection_is_answered_listed_and_readable(api, mode):
    auth = credential(api, mode)
    assert api.get(CONNECTIONS, auth=auth).json() == {"Items": []}

    response = api.post(CONNECTIONS, connection_body(enabled=False), auth=auth)

    assert response.status_code == 200, response.content
    connection = response.json()
    assert set(connection) == FIELDS
    assert re.fullmatch(r"20\d{15}[A-Za-z0-9]{12}", connection["connectionId"])
    assert (connection["awsAccountId"], connection["awsRegion"]) == ("123456789012", "us-east-2")
    assert (connection["type"], connection["enabled"], connection["version"]) == ("AWS", False, 1)
    assert api.get(CONNECTIONS, auth=auth).json() == {"Items": [connection]}
    assert api.get(f"{CONNECTIONS}/{connection['connectionId']}", auth=auth).json() == connection


def test_enabled_defaults_to_true(api):
    body = connection_body()
    del body["enabled"], body["description"]

    connection = api.post(CONNECTIONS, body).json()

    assert connection["enabled"] is True and connection["description"] == ""


@pytest.mark.parametrize("account_id", ["12345678901", "1234567890123", "12345678901a", 123456789012, ""])
def test_account_id_must_be_twelve_digits(api, account_id):
    assert field_names(api.post(CONNECTIONS, connection_body(awsAccountId=account_id))) == {"awsAccountId"}
    assert SandboxAwsConnection.objects.count() == 0


@pytest.mark.parametrize("region", ["us-east-9", "US-EAST-2", "useast2", "mars-north-1", ""])
def test_region_must_be_a_known_aws_region(api, region):
    assert field_names(api.post(CONNECTIONS, connection_body(awsRegion=region))) == {"awsRegion"}


@pytest.mark.parametrize("region", ["eu-west-1", "us-gov-west-1", "ap-southeast-2"])
def test_known_regions_are_accepted(api, region):
    assert api.post(CONNECTIONS, connection_body(awsRegion=region)).status_code == 200


def test_missing_fields_are_each_named(api):
    response = api.post(CONNECTIONS, {"enabled": "yes"})

    assert field_names(response) == {"name", "awsAccountId", "awsRegion", "enabled"}


def test_put_with_the_current_version_updates_and_increments_it(api):
    connection = create(api)
    path = f"{CONNECTIONS}/{connection['connectionId']}"

    response = api.put(path, {"name": "Renamed", "enabled": False, "version": 1,
                              "awsAccountId": "123456789012", "awsRegion": "us-east-2"})

    assert response.status_code == 200, response.content
    updated = response.json()
    assert (updated["name"], updated["enabled"], updated["version"]) == ("Renamed", False, 2)
    assert updated["description"] == connection["description"]
    assert updated["createdDate"] == connection["createdDate"]
    assert api.get(path).json() == updated


def test_put_with_a_stale_version_is_a_conflict(api):
    connection = create(api)
    path = f"{CONNECTIONS}/{connection['connectionId']}"
    api.put(path, {"name": "First change", "version": 1})

    response = api.put(path, {"name": "Second change", "version": 1})

    assert response.status_code == 409
    assert response.json() == {"message": "Version conflict: the connection was changed (current version 2)"}
    assert api.get(path).json()["name"] == "First change"


@pytest.mark.parametrize(
    "body, fields",
    [
        ({"name": "x"}, {"version"}),
        ({"version": "1"}, {"version"}),
        ({"version": 1, "awsAccountId": "210987654321"}, {"awsAccountId"}),
        ({"version": 1, "awsRegion": "eu-west-1"}, {"awsRegion"}),
        ({"version": 1, "awsAccountId": "short"}, {"awsAccountId"}),
    ],
)
def test_put_refuses_a_missing_version_and_account_or_region_changes(api, body, fields):
    connection = create(api)
    path = f"{CONNECTIONS}/{connection['connectionId']}"

    assert field_names(api.put(path, body)) == fields
    assert api.get(path).json() == connection


def test_delete_then_the_connection_is_gone(api):
    connection = create(api)
    path = f"{CONNECTIONS}/{connection['connectionId']}"

    response = api.delete(path)

    assert response.status_code == 200 and response.json() == {"success": True}
    assert api.get(path).status_code == 404
    assert api.get(CONNECTIONS).json() == {"Items": []}


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_unknown_connection_is_404(api, method):
    path = f"{CONNECTIONS}/20260101000000000NoSuchThing1"
    response = api.put(path, {"version": 1}) if method == "put" else getattr(api, method)(path)

    assert response.status_code == 404
    assert response.json() == {"message": "AWS connection not found"}


def test_list_pages_with_page_key(api):
    ids = [create(api, name=f"Connection {n}")["connectionId"] for n in range(23)]

    first = api.get(CONNECTIONS).json()
    second = api.get(CONNECTIONS, pageKey=first["pageKey"]).json()

    assert [item["connectionId"] for item in first["Items"]] == ids[:20]
    assert [item["connectionId"] for item in second["Items"]] == ids[20:]
    assert "pageKey" not in second
    assert field_names(api.get(CONNECTIONS, pageKey="not-a-key")) == {"pageKey"}


def test_connections_need_credentials(api):
    assert api.get(CONNECTIONS, auth=None).status_code == 401
    assert api.post(CONNECTIONS, connection_body(), auth="pictai_not_registered").status_code == 401


def test_storyboard_must_name_an_existing_connection(api):
    connection = create(api)

    unknown = api.post("/v2/video/storyboard/render", story_body(awsConnectionId="20260101000000000Nope"))
    with_other_errors = api.post("/v2/video/storyboard/render", story_body(awsConnectionId="x", videoName=None))
    known = api.post("/v2/video/storyboard/render", story_body(awsConnectionId=connection["connectionId"]))

    assert field_names(unknown) == {"awsConnectionId"}
    assert field_names(with_other_errors) == {"awsConnectionId", "videoName"}
    assert known.status_code == 200, known.content
