"""Signed certificates checked by an implementation other than the server's: Python's `cryptography` verifies the
Ed25519 signature of a credential the server issued against the key it publishes, and refuses a tampered payload and
an unknown kid; `gongjiang certificate verify` answers 0 for the real credential and 1, naming why, for the others.

scripts/e2e starts the demo server and sets GONGJIANG_E2E_URL, GONGJIANG_E2E_TOKEN (a city administrator's API token)
and GONGJIANG_BIN with the server's database and key file in the environment.
"""
import base64
import json
import os
import subprocess
import urllib.request

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

BASE = os.environ.get("GONGJIANG_E2E_URL", "http://127.0.0.1:8080")
TOKEN = os.environ.get("GONGJIANG_E2E_TOKEN", "")
BIN = os.environ.get("GONGJIANG_BIN", "")


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def get(path, token=True):
    request = urllib.request.Request(BASE + path)
    if token:
        request.add_header("Authorization", "Bearer " + TOKEN)
    with urllib.request.urlopen(request) as response:
        return response.headers, response.read()


@pytest.fixture(scope="module")
def issued():
    if not TOKEN:
        pytest.skip("GONGJIANG_E2E_TOKEN is not set (run through scripts/e2e)")
    _, body = get("/api/v1/certificates?source=issued&limit=1")
    certificate = json.loads(body)["items"][0]
    headers, token = get(f"/api/v1/certificates/{certificate['id']}/credential")
    assert headers["Content-Type"].startswith("application/vc+jwt")
    _, jwks = get("/.well-known/jwks.json", token=False)
    return certificate, token.decode(), json.loads(jwks)


def verify_independently(token, jwks):
    """Verifies a compact JWS with Ed25519 the way any JOSE library would; raises on failure."""
    header_b64, payload_b64, signature_b64 = token.split(".")
    header = json.loads(b64url_decode(header_b64))
    assert header["alg"] == "EdDSA" and header["typ"] == "vc+jwt"
    keys = {key["kid"]: key for key in jwks["keys"]}
    if header["kid"] not in keys:
        raise LookupError("unknown kid " + header["kid"])
    key = keys[header["kid"]]
    assert key["kty"] == "OKP" and key["crv"] == "Ed25519"
    public = Ed25519PublicKey.from_public_bytes(b64url_decode(key["x"]))
    public.verify(b64url_decode(signature_b64), f"{header_b64}.{payload_b64}".encode())
    return json.loads(b64url_decode(payload_b64))


def test_the_signature_verifies_with_the_published_key(issued):
    certificate, token, jwks = issued
    credential = verify_independently(token, jwks)
    assert credential["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["id"] == "urn:gongjiang:certificate:" + certificate["number"]
    assert credential["issuer"]["name"] == certificate["issuerName"]


def test_a_tampered_payload_fails(issued):
    _, token, jwks = issued
    header_b64, payload_b64, signature_b64 = token.split(".")
    payload = json.loads(b64url_decode(payload_b64))
    payload["credentialSubject"]["achievement"]["name"] = "焊工 一级/高级技师"
    tampered = ".".join([header_b64, b64url(json.dumps(payload, ensure_ascii=False).encode()), signature_b64])
    with pytest.raises(InvalidSignature):
        verify_independently(tampered, jwks)


def test_an_unknown_kid_fails(issued):
    _, token, jwks = issued
    header_b64, payload_b64, _ = token.split(".")
    header = json.loads(b64url_decode(header_b64))
    header["kid"] = "sig-unknown"
    foreign_key = Ed25519PrivateKey.generate()
    new_header = b64url(json.dumps(header).encode())
    signature = foreign_key.sign(f"{new_header}.{payload_b64}".encode())
    with pytest.raises(LookupError):
        verify_independently(f"{new_header}.{payload_b64}.{b64url(signature)}", jwks)


def run_verify(tmp_path, token, jwks=None):
    credential = tmp_path / "credential.jwt"
    credential.write_text(token)
    arguments = [BIN, "certificate", "verify", str(credential)]
    if jwks is not None:
        jwks_file = tmp_path / "jwks.json"
        jwks_file.write_text(json.dumps(jwks))
        arguments += ["--jwks", str(jwks_file)]
    return subprocess.run(arguments, capture_output=True, text=True, timeout=60)


def test_the_command_line_verifies_offline(issued, tmp_path):
    if not BIN:
        pytest.skip("GONGJIANG_BIN is not set")
    _, token, jwks = issued
    valid = run_verify(tmp_path, token, jwks)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert "valid" in valid.stdout
    # Against the key file on disk, with no JWK Set given.
    assert run_verify(tmp_path, token).returncode == 0
    header_b64, payload_b64, signature_b64 = token.split(".")
    payload = json.loads(b64url_decode(payload_b64))
    payload["validFrom"] = "2020-01-01T00:00:00+08:00"
    tampered = run_verify(tmp_path, ".".join([header_b64, b64url(json.dumps(payload).encode()), signature_b64]), jwks)
    assert tampered.returncode == 1 and "signature" in tampered.stdout + tampered.stderr
    # Signed by a key of someone else's under a kid the set does not have.
    foreign_key = Ed25519PrivateKey.generate()
    header = b64url(json.dumps({"alg": "EdDSA", "typ": "vc+jwt", "kid": "sig-elsewhere"}).encode())
    signature = b64url(foreign_key.sign(f"{header}.{payload_b64}".encode()))
    foreign = run_verify(tmp_path, f"{header}.{payload_b64}.{signature}", jwks)
    assert foreign.returncode == 1 and "sig-elsewhere" in foreign.stdout + foreign.stderr
    # The published kid, signed with another key.
    real_kid = json.loads(b64url_decode(header_b64))["kid"]
    header = b64url(json.dumps({"alg": "EdDSA", "typ": "vc+jwt", "kid": real_kid}).encode())
    signature = b64url(foreign_key.sign(f"{header}.{payload_b64}".encode()))
    impostor = run_verify(tmp_path, f"{header}.{payload_b64}.{signature}", jwks)
    assert impostor.returncode == 1 and "signature" in impostor.stdout + impostor.stderr
