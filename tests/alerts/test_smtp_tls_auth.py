"""SMTP with STARTTLS, implicit TLS and AUTH, for real: aiosmtpd on loopback with a self-signed
certificate made in the test. Wrong password, untrusted certificate, or plain text to a server
that requires STARTTLS: a DeliveryError, and nothing is accepted."""
import email
from email import policy

import pytest

from leakscout.alerts.compose import compose_alert_email
from leakscout.alerts.sink import MailSink
from leakscout.alerts.smtp import DeliveryError, SmtpTarget, send
from tests.alerts.test_mail import ALERT, DOCUMENT, QUDIAN
from tests.alerts.tls import self_signed_certificate, server_context


@pytest.fixture
def certificate(tmp_path):
    return self_signed_certificate(tmp_path / "tls")


def _message():
    return compose_alert_email(ALERT, DOCUMENT, QUDIAN, sender="leakscout@localhost", recipients=["bp@example.com"])


def _accepted(sink) -> list:
    return [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in sink.messages()]


@pytest.mark.parametrize("implicit", [False, True], ids=["starttls", "implicit-tls"])
def test_tls_with_auth_delivers(tmp_path, certificate, implicit):
    cert, key = certificate
    with MailSink(tmp_path / "mail", tls=server_context(cert, key), implicit_tls=implicit,
                  credentials=("alerts@example.com", "s3cret:/@")) as sink:
        assert sink.url.startswith("smtps://" if implicit else "smtp+starttls://")
        target = SmtpTarget.from_url(f"{sink.url}?cafile={cert}")
        assert (target.implicit_tls, target.starttls, target.username) == (implicit, not implicit, "alerts@example.com")
        send(target, _message())
        mails = _accepted(sink)
    assert len(mails) == 1 and mails[0]["X-Leakscout-Brand"] == "Qudian"


def test_wrong_password_is_refused(tmp_path, certificate):
    cert, key = certificate
    with MailSink(tmp_path / "mail", tls=server_context(cert, key), credentials=("u", "right")) as sink:
        url = sink.url.replace(":right@", ":wrong@")
        with pytest.raises(DeliveryError, match="failed"):
            send(SmtpTarget.from_url(f"{url}?cafile={cert}"), _message())
        assert sink.messages() == []


def test_untrusted_certificate_is_refused(tmp_path, certificate):
    cert, key = certificate
    with MailSink(tmp_path / "mail", tls=server_context(cert, key)) as sink:
        with pytest.raises(DeliveryError, match="CERTIFICATE_VERIFY_FAILED"):
            send(SmtpTarget.from_url(sink.url), _message())  # no cafile: the system CAs do not know it
        assert sink.messages() == []


def test_plain_text_to_a_server_that_requires_starttls_is_refused(tmp_path, certificate):
    cert, key = certificate
    with MailSink(tmp_path / "mail", tls=server_context(cert, key)) as sink:
        plain = sink.url.replace("smtp+starttls://", "smtp://")
        with pytest.raises(DeliveryError):
            send(SmtpTarget.from_url(plain), _message())
        assert sink.messages() == []
