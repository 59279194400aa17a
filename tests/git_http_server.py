#!/usr/bin/env python3
"""A small git server over HTTP for the transport tests.

`git http-backend` runs as a CGI program behind Python's http.server, on
127.0.0.1 only, with Basic authentication. Usage:

    git_http_server.py PROJECT_ROOT USER PASSWORD

It prints `PORT <n>` once it listens, then serves until killed. Paths:
  /git/<repo>   the repositories under PROJECT_ROOT (every one exported)
  /www/...      an ordinary web page, for "a URL that is not a repository"

With GIT_HTTP_TLS_CERT and GIT_HTTP_TLS_KEY set (PEM files), it speaks
HTTPS with that certificate instead.
"""

import base64
import http.server
import os
import subprocess
import sys


ROOT, USER, PASSWORD = sys.argv[1], sys.argv[2], sys.argv[3]
EXPECTED = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("git_http_server: " + (fmt % args) + "\n")

    def do_GET(self):
        self.serve()

    def do_POST(self):
        self.serve()

    def send_body(self, status, content_type, body, extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    # Trailers, up to the blank line.
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def serve(self):
        path, _, query = self.path.partition("?")
        body = self.read_body()
        if path.startswith("/www/"):
            page = b"<!doctype html><title>Office intranet</title><p>Welcome.</p>"
            self.send_body(200, "text/html; charset=utf-8", page)
            return
        if self.headers.get("Authorization") != EXPECTED:
            self.send_body(
                401,
                "text/plain",
                b"authentication required\n",
                [("WWW-Authenticate", 'Basic realm="plandesk test"')],
            )
            return
        if not path.startswith("/git/"):
            self.send_body(404, "text/plain", b"not found\n")
            return
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": ROOT,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_PROJECT_ROOT": ROOT,
            "GIT_HTTP_EXPORT_ALL": "1",
            "REMOTE_USER": USER,
            "REMOTE_ADDR": "127.0.0.1",
            "GATEWAY_INTERFACE": "CGI/1.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REQUEST_METHOD": self.command,
            "PATH_INFO": path[len("/git"):],
            "QUERY_STRING": query,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
        }
        if self.headers.get("Content-Encoding"):
            env["HTTP_CONTENT_ENCODING"] = self.headers["Content-Encoding"]
        if self.headers.get("Git-Protocol"):
            env["GIT_PROTOCOL"] = self.headers["Git-Protocol"]
        out = subprocess.run(
            ["git", "http-backend"], input=body, env=env, capture_output=True
        )
        head, _, payload = out.stdout.partition(b"\r\n\r\n")
        if not _:
            head, _, payload = out.stdout.partition(b"\n\n")
        status, headers = 200, []
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            elif name:
                headers.append((name.strip(), value.strip()))
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    cert = os.environ.get("GIT_HTTP_TLS_CERT")
    if cert:
        import ssl

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, os.environ["GIT_HTTP_TLS_KEY"])
        # A client that refuses the certificate fails the handshake in
        # accept(); socketserver then drops that connection and goes on.
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
