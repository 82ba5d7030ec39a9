"""The participant token and short codes (harbour/consultation/tokens.py, codes.py): the cookie holds only a
signed random value scoped to /c/, HttpOnly and SameSite=Lax; a tampered cookie is no token; the stored hash
differs per consultation (answers cannot be linked across consultations) and never contains the token; codes
avoid look-alike characters and are read back from what a person types."""

from types import SimpleNamespace

from django.http import HttpResponse
from django.test import RequestFactory

from harbour.consultation import codes, tokens


def request_with(cookie: str | None):
    request = RequestFactory().get("/c/ABC234/")
    if cookie is not None:
        request.COOKIES[tokens.COOKIE] = cookie
    return request


def test_a_new_participant_gets_a_token_in_a_scoped_httponly_cookie():
    token, is_new = tokens.participant_token(request_with(None))
    assert is_new and len(token) >= 32
    response = HttpResponse()
    tokens.remember(response, token)
    cookie = response.cookies[tokens.COOKIE]
    assert cookie["path"] == "/c/" and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert tokens.participant_token(request_with(cookie.value)) == (token, False)


def test_a_tampered_or_made_up_cookie_is_no_token():
    response = HttpResponse()
    tokens.remember(response, tokens.new_token())
    signed = response.cookies[tokens.COOKIE].value
    assert tokens.token_of(request_with(signed[:-1] + ("A" if signed[-1] != "A" else "B"))) is None
    assert tokens.token_of(request_with("chosen-by-me")) is None
    assert tokens.participant_token(request_with("chosen-by-me"))[1] is True


def test_the_stored_hash_is_per_consultation_and_hides_the_token():
    token = tokens.new_token()
    first, second = SimpleNamespace(pk=1), SimpleNamespace(pk=2)
    assert tokens.token_hash(first, token) == tokens.token_hash(first, token)
    assert tokens.token_hash(first, token) != tokens.token_hash(second, token)
    assert token not in tokens.token_hash(first, token) and len(tokens.token_hash(first, token)) == 64


def test_codes_avoid_look_alikes_and_read_back_what_people_type(db):
    code = codes.new_code()
    assert codes.is_code(code) and not set(code) & set("IL0O1")
    assert codes.normalise(f" {code[:3].lower()}-{code[3:]} ") == code
    assert not codes.is_code("ABCD1O")
