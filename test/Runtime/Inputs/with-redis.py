# with-redis.py - runs a command next to a Redis server on a free loopback
# port, and always stops the server afterwards.
#
#   with-redis.py [--fake=MODE | --down] -- COMMAND ARGS...
#
# Without options it starts Debian's redis-server (no persistence) and waits
# until `redis-cli ping` answers. --fake=MODE serves a misbehaving server
# from this process instead:
#   silent    accepts and reads, never answers (a hung server)
#   trickle   answers a 1 MB bulk string one byte per 10 ms (slow transfer)
#   truncate  answers half of a bulk string and closes (killed mid-transfer)
#   garbage   answers something that is not RESP (another service)
#   hangup    answers every command with nil, then closes the connection
#             (a proxy or a `timeout` that drops idle clients at once)
#   backlog   never accepts, with a full accept queue (connect hangs)
# --down gives a port nothing listens on.
#
# The command sees AITER_TEST_REDIS_URL (redis://127.0.0.1:PORT),
# AITER_TEST_REDIS_PORT and, for a real server, AITER_TEST_REDIS_PID. Its
# exit status is ours; it is killed after 120 s. The server is stopped on
# every path (and dies with this process: PR_SET_PDEATHSIG), so no test
# leaves one running.
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def die_with_parent():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def start_redis(workdir):
    """A redis-server on a free port: (process, port). A port taken between
    free_port() and the server's bind is retried with another."""
    for _ in range(5):
        port = free_port()
        log = open(os.path.join(workdir, "redis-%d.log" % port), "w")
        proc = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--daemonize", "no",
             "--dir", workdir, "--enable-debug-command", "local"],
            stdout=log, stderr=subprocess.STDOUT, preexec_fn=die_with_parent)
        deadline = time.time() + 10
        while time.time() < deadline and proc.poll() is None:
            r = subprocess.run(["redis-cli", "-p", str(port), "ping"],
                               capture_output=True, text=True)
            if r.stdout.strip() == "PONG":
                return proc, port
            time.sleep(0.05)
        stop(proc)
    sys.exit("with-redis: redis-server did not start (see %s)" % workdir)


def stop(proc):
    if proc.poll() is not None:
        return
    try:
        proc.send_signal(signal.SIGCONT)  # a test may have stopped it
        proc.terminate()
        proc.wait(timeout=3)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class Fake:
    """A misbehaving server on a free port, served from threads."""

    def __init__(self, mode):
        self.mode = mode
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stopping = False
        self.fillers = []
        if mode == "backlog":
            # Linux queues backlog+1 connections and then drops SYNs: a
            # further connect stays in SYN_SENT until the client gives up.
            self.sock.listen(0)
            for _ in range(4):
                c = socket.socket()
                c.setblocking(False)
                try:
                    c.connect(("127.0.0.1", self.port))
                except BlockingIOError:
                    pass
                self.fillers.append(c)
            time.sleep(0.1)
            return
        self.sock.listen(16)
        threading.Thread(target=self.accept_loop, daemon=True).start()

    def accept_loop(self):
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn):
        try:
            conn.settimeout(30)
            if not conn.recv(65536):
                return
            if self.mode == "silent":
                while not self.stopping and conn.recv(65536):
                    pass
            elif self.mode == "trickle":
                conn.sendall(b"$1000000\r\n")
                while not self.stopping:
                    conn.sendall(b"x")
                    time.sleep(0.01)
            elif self.mode == "truncate":
                conn.sendall(b"$1000000\r\n" + b"x" * 500000)
            elif self.mode == "garbage":
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
            elif self.mode == "hangup":
                conn.sendall(b"$-1\r\n")
        except OSError:
            pass
        finally:
            conn.close()

    def close(self):
        self.stopping = True
        self.sock.close()
        for c in self.fillers:
            c.close()


def main():
    args = sys.argv[1:]
    if "--" not in args:
        sys.exit("usage: with-redis.py [--fake=MODE | --down] -- COMMAND ...")
    opts, cmd = args[:args.index("--")], args[args.index("--") + 1:]
    # lit ends a test by signal on timeout: turn it into an exit that
    # unwinds the finally below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    env = dict(os.environ)
    workdir = tempfile.mkdtemp(prefix="aiter-redis-")
    server, fake = None, None
    try:
        if not opts:
            server, port = start_redis(workdir)
            env["AITER_TEST_REDIS_PID"] = str(server.pid)
        elif opts == ["--down"]:
            port = free_port()
        elif len(opts) == 1 and opts[0].startswith("--fake="):
            fake = Fake(opts[0][len("--fake="):])
            port = fake.port
        else:
            sys.exit("with-redis: unknown options %s" % opts)
        env["AITER_TEST_REDIS_PORT"] = str(port)
        env["AITER_TEST_REDIS_URL"] = "redis://127.0.0.1:%d" % port
        child = subprocess.Popen(cmd, env=env, start_new_session=True)
        try:
            return child.wait(timeout=120)
        except subprocess.TimeoutExpired:
            print("with-redis: the command ran over 120 s; killed", file=sys.stderr)
            return 1
        finally:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()
    finally:
        if server:
            stop(server)
        if fake:
            fake.close()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
