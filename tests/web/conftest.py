import pytest


@pytest.fixture
def as_user(client):
    """Sign a test client in as a user: as_user(world.officer)."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
