#!/usr/bin/python3
"""tests/servers/smtp_server.py - the SMTP server the mail tests send to.

Listens on 127.0.0.1 on a port the system picks and prints "PORT <n>" as
its first line once it accepts connections.  Every message it receives is
saved into --outdir as NNNN.eml (the bytes of the DATA, exactly as sent),
with NNNN.json beside it (envelope sender, recipients, the login used, and
whether the session was encrypted); the .eml appears last, whole, so a test
that sees it can read both.

  --cert FILE --key FILE   the certificate and key (made by the test with
                           the openssl command); without them no TLS at all
  --implicit-tls           TLS from the first byte (smtps) instead of STARTTLS
  --user U --password P    offer AUTH and accept only this login; then
                           every message must be sent after AUTH

It generates nothing itself.  Stop it with SIGTERM.
"""
import argparse
import asyncio
import json
import logging
import os
import signal
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Saver:
    def __init__(self, outdir):
        self.outdir = outdir
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.outdir, "%04d" % self.count)
        login = getattr(session.auth_data, "login", None)
        if isinstance(login, bytes):
            login = login.decode("utf-8", "replace")
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "login": login,
            "tls": session.ssl is not None or server.implicit_tls,
        }
        with open(base + ".json", "w", encoding="utf-8") as f:
            json.dump(meta, f, ensure_ascii=False)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".tmp", base + ".eml")
        return "250 2.0.0 Message accepted"


class Authenticator:
    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        if (isinstance(auth_data, LoginPassword) and auth_data.login == self.user
                and auth_data.password == self.password):
            return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False)


class Server(SMTP):
    implicit_tls = False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--outdir", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--implicit-tls", action="store_true")
    ap.add_argument("--user")
    ap.add_argument("--password")
    args = ap.parse_args()
    # Clients the tests refuse on purpose (bad certificates) end sessions
    # abruptly: that is expected, not worth a traceback.
    logging.getLogger("mail.log").setLevel(logging.CRITICAL)
    warnings.simplefilter("ignore")

    ctx = None
    if args.cert and args.key:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(args.cert, args.key)
    if args.implicit_tls and ctx is None:
        ap.error("--implicit-tls needs --cert and --key")

    handler = Saver(args.outdir)
    auth = Authenticator(args.user, args.password) if args.user else None

    def factory():
        kw = dict(hostname="kaiji-test", decode_data=False, authenticator=auth,
                  auth_required=auth is not None)
        if args.implicit_tls:
            kw["auth_require_tls"] = False
        elif ctx is not None:
            kw.update(tls_context=ctx, require_starttls=True)
        s = Server(handler, **kw)
        s.implicit_tls = args.implicit_tls
        return s

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(loop.create_server(
        factory, host="127.0.0.1", port=0,
        ssl=ctx if args.implicit_tls else None))
    port = server.sockets[0].getsockname()[1]
    print("PORT %d" % port, flush=True)
    # Every message is on disk before it is acknowledged: stop at once.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))
    loop.run_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
