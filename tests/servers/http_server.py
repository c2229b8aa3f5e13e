#!/usr/bin/python3
"""A vendor's web server for kaiji's fetch tests, on 127.0.0.1.

    http_server.py --dir DIR --log FILE (--cert CERT --key KEY | --plain)

Listens on an ephemeral port and prints "PORT <n>" first.  Serves the files
of DIR at /files/<name> with an ETag (the sha256 of the bytes) and a
Last-Modified (the file's mtime), and answers If-None-Match /
If-Modified-Since with 304.  Test switches:

    /test/slow               headers, then one byte a second, never ending
    /test/stream?bytes=N     N bytes with no Content-Length (close-delimited)
    /test/lie?bytes=N        claims Content-Length: 100, then sends N bytes
                             chunked (which a client must follow)
    /test/big?bytes=N        Content-Length: N (honest), then N bytes
    /test/redirect?to=URL    302 to URL (file://..., http://..., anything)
    /test/status?code=N      an empty answer with status N
    /test/disposition?file=NAME&cd=VALUE
                             /files/NAME with Content-Disposition: VALUE

Anything else is 404.  Each request is logged to FILE as one line of
tab-separated fields: method, path, If-None-Match, If-Modified-Since,
status, user agent ('-' for a missing header), the port asked, and the
user name of an Authorization: Basic header ('-' when none).
"""
import argparse
import base64
import binascii
import email.utils
import hashlib
import http.server
import os
import ssl
import sys
import threading
import time
import urllib.parse


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def version_string(self):
        return "vendor-test"

    def log_message(self, fmt, *args):
        pass

    def login(self):
        auth = self.headers.get("Authorization", "")
        if not auth.lower().startswith("basic "):
            return "-"
        try:
            return base64.b64decode(auth[6:]).decode("utf-8", "replace").split(":")[0] or "-"
        except (binascii.Error, ValueError):
            return "-"

    def log(self, status):
        fields = [self.command, self.path,
                  self.headers.get("If-None-Match", "-"),
                  self.headers.get("If-Modified-Since", "-"),
                  str(status), self.headers.get("User-Agent", "-"),
                  str(self.server.server_address[1]), self.login()]
        line = "\t".join(f.replace("\t", " ").replace("\n", " ") for f in fields)
        with self.server.log_lock:
            with open(self.server.log_path, "a", encoding="utf-8") as f:
                f.write(line + "\n")

    def simple(self, status, headers=(), body=b""):
        self.log(status)
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)

    def serve_file(self, name, extra=()):
        name = os.path.basename(name)
        path = os.path.join(self.server.files, name)
        if not name or not os.path.isfile(path):
            self.simple(404, body=b"not found\n")
            return
        with open(path, "rb") as f:
            data = f.read()
        mtime = int(os.stat(path).st_mtime)
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:32]
        last_modified = email.utils.formatdate(mtime, usegmt=True)
        validators = [("ETag", etag), ("Last-Modified", last_modified)]
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        if inm is not None:
            tags = [t.strip() for t in inm.split(",")]
            if etag in tags or "*" in tags:
                self.simple(304, validators)
                return
        elif ims is not None:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError):
                since = None
            if since is not None and mtime <= since:
                self.simple(304, validators)
                return
        self.simple(200, validators + list(extra), data)

    def stream(self, total, length_header):
        self.log(200)
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if length_header is not None:
            self.send_header("Content-Length", str(length_header))
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chunk = b"x" * 65536
        sent = 0
        try:
            while sent < total:
                n = min(len(chunk), total - sent)
                self.wfile.write(chunk[:n])
                sent += n
        except OSError:
            pass

    def lie(self, total):
        self.log(200)
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        chunk = b"y" * 65536
        sent = 0
        try:
            while sent < total:
                n = min(len(chunk), total - sent)
                self.wfile.write(b"%x\r\n" % n + chunk[:n] + b"\r\n")
                sent += n
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass

    def slow(self):
        self.log(200)
        self.send_response(200)
        self.send_header("Content-Length", "1000000")
        self.end_headers()
        self.close_connection = True
        try:
            for _ in range(600):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(1)
        except OSError:
            pass

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        q = dict(urllib.parse.parse_qsl(url.query))
        p = url.path
        if p.startswith("/files/"):
            self.serve_file(urllib.parse.unquote(p[len("/files/"):]))
        elif p == "/test/slow":
            self.slow()
        elif p == "/test/stream":
            self.stream(int(q.get("bytes", "0")), None)
        elif p == "/test/lie":
            self.lie(int(q.get("bytes", "0")))
        elif p == "/test/big":
            self.stream(int(q.get("bytes", "0")), int(q.get("bytes", "0")))
        elif p == "/test/redirect":
            self.simple(302, [("Location", q.get("to", "/"))])
        elif p == "/test/status":
            self.simple(int(q.get("code", "500")), body=b"status\n")
        elif p == "/test/disposition":
            self.serve_file(q.get("file", ""), [("Content-Disposition", q.get("cd", ""))])
        else:
            self.simple(404, body=b"not found\n")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--plain", action="store_true")
    args = ap.parse_args()
    if not args.plain and not (args.cert and args.key):
        ap.error("give --cert and --key, or --plain")

    server = Server(("127.0.0.1", 0), Handler)
    server.files = args.dir
    server.log_path = args.log
    server.log_lock = threading.Lock()
    if not args.plain:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(args.cert, args.key)
        server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
