"""The second step of sign-in: reachable before it is passed, and never a way around an existing device."""

from django.urls import reverse

from tests.factories import PASSWORD, make_staff, totp_token


def _sign_in(client, user):
    response = client.post(reverse("accounts:login"), {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response


def test_staff_without_device_is_sent_to_setup_without_a_redirect_loop(client, regions):
    admin = make_staff("admin", with_totp=False)
    response = client.get(_sign_in(client, admin)["Location"], follow=True)
    assert response.status_code == 200
    assert [url for url, _status in response.redirect_chain] == [
        f"{reverse('accounts:two_factor_setup')}?next=%2Fstaf%2F"
    ]
    assert b'data-testid="totp-secret"' in response.content


def test_staff_with_device_verifies_and_reaches_the_workspace(client, regions):
    admin = make_staff("admin")
    response = client.get(_sign_in(client, admin)["Location"])
    assert response.status_code == 200
    assert response.templates[0].name == "accounts/two_factor.html"
    response = client.post(reverse("accounts:two_factor"), {"token": totp_token(admin), "next": "/staf/"})
    assert response["Location"] == "/staf/"
    assert client.get("/staf/").status_code == 200


def test_password_alone_cannot_replace_an_existing_authenticator(client, regions):
    admin = make_staff("admin")
    _sign_in(client, admin)
    response = client.get(reverse("accounts:two_factor_setup"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor") + "?")


def test_next_is_kept_whole_through_the_second_step(client, regions):
    admin = make_staff("admin")
    response = client.post(
        reverse("accounts:login") + "?next=/staf/kim/%3Fstatus%3Ddiajukan%26q%3Dbukit",
        {"email": admin.email, "password": PASSWORD},
    )
    assert (
        response["Location"]
        == reverse("accounts:two_factor") + "?next=%2Fstaf%2Fkim%2F%3Fstatus%3Ddiajukan%26q%3Dbukit"
    )
