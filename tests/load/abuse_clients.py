#!/usr/bin/env python3
"""Misbehaving clients for tests/load/abuse.sh, each on its own raw socket.

  abuse_clients.py slow PORT N            N clients sending a /v1/check body one byte a second
  abuse_clients.py slow-headers PORT N    N clients sending their headers one byte a second
  abuse_clients.py oversized PORT MAX     bodies over --max-body MAX, declared and chunked
  abuse_clients.py garbage PORT ROUNDS [MAX]  random bytes, broken HTTP, bad JSON, wrong types,
                                          too many headers, and a batch filling MAX bytes

Prints one line per request: the case, what came back (the HTTP status, "closed" when
the server closed the connection without an answer, "timeout" when it said nothing for
30 s) and how long it took; then "expect" lines that did not get what they should
and exits 1 if there were any. Standard library only.
"""

import json
import os
import random
import socket
import sys
import threading
import time

HOST = "127.0.0.1"
TIMEOUT = 30.0


def read_answer(sock):
    """The status of the answer on `sock` and its body, or ("closed"|"timeout", "")."""
    data = b""
    sock.settimeout(TIMEOUT)
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return ("closed", "") if not data else ("truncated", "")
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        status = head.split(b" ", 2)[1].decode()
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
        return status, body[:length].decode("utf-8", "replace")
    except socket.timeout:
        return "timeout", ""
    except (ConnectionResetError, BrokenPipeError):
        return "closed", ""


def exchange(port, payload, pace=None):
    """Sends `payload` (all at once, or byte by byte every `pace` seconds) and reads
    the answer. Returns (status, body, seconds)."""
    start = time.monotonic()
    try:
        sock = socket.create_connection((HOST, port), timeout=TIMEOUT)
    except OSError as e:
        return "connect-failed:" + e.__class__.__name__, "", time.monotonic() - start
    with sock:
        try:
            if pace is None:
                sock.sendall(payload)
            else:
                for i in range(len(payload)):
                    sock.sendall(payload[i:i + 1])
                    time.sleep(pace)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server stopped listening; its answer may still be there
        status, body = read_answer(sock)
    return status, body, time.monotonic() - start


def request(method, path, body=b"", content_type="application/json", extra=b""):
    head = f"{method} {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n".encode()
    if content_type:
        head += f"Content-Type: {content_type}\r\n".encode()
    if body or method == "POST":
        head += f"Content-Length: {len(body)}\r\n".encode()
    return head + extra + b"\r\n" + body


RESULTS = []
LOCK = threading.Lock()


def record(case, expect, status, seconds, body=""):
    ok = status in expect
    with LOCK:
        RESULTS.append((case, status, ok))
        note = "" if ok else f"   <-- expected {'/'.join(expect)}"
        detail = f" {body[:90]!r}" if body and not ok else ""
        print(f"{case:<34} | {status:<9} | {seconds:7.2f} s{detail}{note}", flush=True)


def run_threads(targets):
    threads = [threading.Thread(target=t) for t in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def slow(port, n):
    body = json.dumps({"id": "slow", "reply": "Sorry for the inconvenience."}).encode()

    def client(i):
        payload = request("POST", "/v1/check", body)
        head, body_part = payload[: -len(body)], payload[-len(body):]
        start = time.monotonic()
        sock = socket.create_connection((HOST, port), timeout=TIMEOUT)
        with sock:
            try:
                sock.sendall(head)
                for k in range(len(body_part)):
                    sock.sendall(body_part[k:k + 1])
                    time.sleep(1.0)
            except (BrokenPipeError, ConnectionResetError):
                pass
            status, answer = read_answer(sock)
        record(f"slow body #{i} ({len(body)} B at 1 B/s)", ("200", "408", "closed"),
               status, time.monotonic() - start, answer)

    run_threads([lambda i=i: client(i) for i in range(n)])


def slow_headers(port, n):
    def client(i):
        payload = request("GET", "/healthz", content_type=None)
        status, answer, seconds = exchange(port, payload, pace=1.0)
        record(f"slow headers #{i} ({len(payload)} B at 1 B/s)", ("200", "408", "closed"),
               status, seconds, answer)

    run_threads([lambda i=i: client(i) for i in range(n)])


def oversized(port, max_body):
    big = b'{"reply": "' + b"a" * (max_body + 1024) + b'"}'
    cases = [
        ("over --max-body, declared", request("POST", "/v1/check", big), ("413",)),
        ("over --max-body, batch", request("POST", "/v1/check/batch", big), ("413",)),
        ("over --max-body, /v2 form", request("POST", "/v2/check", b"text=" + big,
                                               "application/x-www-form-urlencoded"), ("413",)),
        ("Content-Length 10^12, no body",
         b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
         b"Content-Length: 1000000000000\r\n\r\n", ("413",)),
    ]
    chunked = b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" \
              b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    piece = b"a" * 65536
    for _ in range(max_body // len(piece) + 2):
        chunked += b"%x\r\n" % len(piece) + piece + b"\r\n"
    chunked += b"0\r\n\r\n"
    cases.append(("over --max-body, chunked", chunked, ("413",)))
    for name, payload, expect in cases:
        status, body, seconds = exchange(port, payload)
        record(name, expect, status, seconds, body)


def garbage(port, rounds, max_body=1048576):
    rng = random.Random(int(os.environ.get("ABUSE_SEED", "1")))
    nested = b"[" * 200000
    reply = b'{"reply": "Sorry for the inconvenience, please contact the seller."}'
    full_batch = b'{"replies": [' + b",".join(
        [reply] * ((max_body - 64) // (len(reply) + 1))) + b"]}"
    cases = [
        ("bad JSON", lambda: request("POST", "/v1/check", b'{"reply": "unterminated'), ("400",)),
        ("JSON not an object", lambda: request("POST", "/v1/check", b"[1, 2, 3]"), ("400",)),
        ("reply not a string", lambda: request("POST", "/v1/check", b'{"reply": 5}'), ("400",)),
        ("invalid UTF-8 in JSON", lambda: request("POST", "/v1/check", b'{"reply": "\xff\xfe"}'),
         ("400",)),
        ("200,000 nested arrays", lambda: request("POST", "/v1/check", nested), ("400",)),
        ("batch of 5,000 empty objects",
         lambda: request("POST", "/v1/check/batch",
                         b'{"replies": [' + b",".join([b"{}"] * 5000) + b"]}"), ("200",)),
        ("batch filling --max-body", lambda: request("POST", "/v1/check/batch", full_batch),
         ("200",)),
        ("wrong content type", lambda: request("POST", "/v1/check", b'{"reply": "x"}',
                                               "text/plain"), ("415",)),
        ("no content type", lambda: request("POST", "/v1/check", b'{"reply": "x"}', None),
         ("415",)),
        ("form to /v2 without text", lambda: request(
            "POST", "/v2/check", b"language=en", "application/x-www-form-urlencoded"), ("400",)),
        ("unknown path", lambda: request("GET", "/nope", content_type=None), ("404",)),
        ("wrong method", lambda: request("DELETE", "/v1/check", content_type=None),
         ("404", "405")),
        ("URI of 20 KB", lambda: request("GET", "/v2/check?text=" + "a" * 20000,
                                         content_type=None), ("414",)),
        ("header line of 100 KB", lambda: request(
            "GET", "/healthz", content_type=None, extra=b"X-Big: " + b"a" * 100000 + b"\r\n"),
         ("400", "431", "closed")),
        ("100 headers", lambda: request(
            "GET", "/healthz", content_type=None,
            extra=b"".join(b"X-H%d: v\r\n" % i for i in range(100))), ("200",)),
        ("100,000 headers", lambda: request(
            "GET", "/healthz", content_type=None,
            extra=b"".join(b"X-H%d: v\r\n" % i for i in range(100000))), ("431", "closed")),
        ("negative Content-Length",
         lambda: b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: -5\r\n\r\n{}", ("400", "413", "closed")),
        ("bad chunk size",
         lambda: b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", ("400", "closed")),
        ("HTTP/9.9", lambda: b"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n", ("400", "closed")),
        ("no request line", lambda: b"\r\n\r\n\r\n", ("400", "closed")),
        ("request line only", lambda: b"GET\r\n\r\n", ("400", "closed")),
        ("random bytes", lambda: bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 4096))),
         ("400", "closed")),
        ("random bytes after a good line", lambda: b"POST /v1/check HTTP/1.1\r\n" + bytes(
            rng.getrandbits(8) for _ in range(2048)), ("400", "408", "closed")),
        ("NULs", lambda: b"\0" * 1000, ("400", "closed")),
    ]
    for _ in range(rounds):
        for name, make, expect in cases:
            status, body, seconds = exchange(port, make())
            record(name, expect, status, seconds, body)


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    args = [int(a) for a in sys.argv[3:]] or [1]
    {"slow": slow, "slow-headers": slow_headers, "oversized": oversized,
     "garbage": garbage}[mode](port, *args)
    bad = [r for r in RESULTS if not r[2]]
    for case, status, _ in bad:
        print(f"unexpected: {case}: {status}", flush=True)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
