#!/usr/bin/env python3
"""Red team: the port program run by a caller who is not root.

The caller gets capture and injection, and nothing more (docs/security.md,
"The privilege model"). As root, this creates a throwaway user, a root-owned
copy of the port with a sudo rule for that user, a root:group 0750 copy with
file capabilities (the dumpcap model), and two network namespaces joined by
a veth pair (169.254.77.0/24). Then, as that user, through both copies, it
tries every attack class of the security issue with variants, and checks
that nothing happened: an ERROR frame and no READY, no file created, no byte
of a root-only canary on stdout or stderr, and for a port that did start,
no uid 0, no group the caller lacks, no capability and (through sudo) a root
directory other than /. It also checks that legitimate use still works.

  native/test/redteam.py [PORT]          (root; default: native/epcap)

Traffic goes only between the test's own namespaces. Prints ok/FAIL lines
and a last line "N passed, N failed"; exits 1 on any failure.
"""
import grp
import os
import pwd
import re
import secrets
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from decode_frames import ERRORS, FRAME, MAX_FRAME, FrameStream, describe, request  # noqa: E402

PORT_SRC = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "epcap"))
TAG = "eprt%d" % (os.getpid() % 100000)
USER, OTHER, GROUP = TAG, TAG + "o", TAG + "g"
BASE = "/usr/local/libexec/" + TAG
PORTS = {"sudo": BASE + "/sudo/epcap", "caps": BASE + "/caps/epcap"}
SUDOERS = "/etc/sudoers.d/" + TAG
NS_A, NS_B = TAG + "a", TAG + "b"
VETH_A, VETH_B = "va" + TAG[4:], "vb" + TAG[4:]
IP_A, IP_B = "169.254.77.1", "169.254.77.2"
CANARY = "CANARY-" + secrets.token_hex(8)
PYTHON = "/usr/bin/python3"
SANITIZER_REPORT = re.compile(rb"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:")

READY, PACKET, EOF, ERROR, STATS, FILTER_OK, INJECTED, INTERFACE = (
    FRAME[n] for n in ("READY", "PACKET", "EOF", "ERROR", "STATS", "FILTER_OK", "INJECTED", "INTERFACE"))
STATS_REQUEST, SET_FILTER, INJECT = FRAME["STATS_REQUEST"], FRAME["SET_FILTER"], FRAME["INJECT"]
ERR = {v: k for k, v in ERRORS.items()}
REFUSED = {ERR["PERMISSION_DENIED"], ERR["NO_SUCH_DEVICE"], ERR["BAD_OPTION"]}

results = {"passed": 0, "failed": 0}
work = tempfile.mkdtemp(prefix=TAG + "-")


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    results["passed" if cond else "failed"] += 1
    return cond


def sh(*cmd, check_rc=True, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if check_rc and r.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(cmd), r.stderr.strip()))
    return r


def in_ns(ns, code, *args, timeout=30):
    """Runs a Python snippet as root in namespace ns."""
    return sh("ip", "netns", "exec", ns, PYTHON, "-c", code, *args, timeout=timeout)


# --- the port, run as the throwaway user --------------------------------------------------

class Run:
    """One port process started as USER through `via` (sudo or caps), or as root."""

    def __init__(self, via, args, env=None, ns=None, as_root=False, sudo_env=None):
        cmd = ["ip", "netns", "exec", ns] if ns else []
        if not as_root:
            cmd += ["setpriv", "--reuid=" + USER, "--regid=" + USER, "--init-groups"]
        cmd += ["env", "-i", "PATH=/usr/bin:/bin"] + ["%s=%s" % kv for kv in (env or {}).items()]
        if as_root:
            cmd += [PORTS["sudo"]]
        elif via == "sudo":
            cmd += ["sudo", "-n"] + ["%s=%s" % kv for kv in (sudo_env or {}).items()] + [PORTS["sudo"]]
        else:
            cmd += [PORTS["caps"]]
        self.cmd = cmd + list(args)
        self.p = subprocess.Popen(self.cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.stream, self.err = FrameStream(self.p.stdout), []
        self.err_reader = threading.Thread(target=lambda: self.err.append(self.p.stderr.read()), daemon=True)
        self.err_reader.start()
        self.frames = []

    def frame(self, timeout=10.0):
        t, b = self.stream.frame(timeout)
        if t is not None:
            self.frames.append((t, b))
        return t, b

    def until(self, *types, timeout=10.0):
        """Frames until one of `types`, an ERROR or the end; returns (type, body)."""
        while True:
            t, b = self.frame(timeout)
            if t is None or t == -1 or t in types or t == ERROR:
                return t, b

    def send(self, ftype, body=b""):
        self.p.stdin.write(request(ftype, body))
        self.p.stdin.flush()

    def request(self, ftype, rid, body=b"", want=(STATS, FILTER_OK, INJECTED)):
        self.send(ftype, struct.pack(">I", rid) + body)
        return self.until(*want)

    def pid(self):
        """The port process itself, below setpriv, sudo and ip netns exec."""
        target = os.path.realpath(PORTS["sudo"] if "sudo" in self.cmd or self.cmd.count(PORTS["sudo"]) else PORTS["caps"])
        children = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                try:
                    with open("/proc/%s/stat" % d) as f:
                        ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                    children.setdefault(ppid, []).append(int(d))
                except (OSError, IndexError, ValueError):
                    pass
        todo = [self.p.pid]
        while todo:
            pid = todo.pop()
            try:
                if os.path.realpath("/proc/%d/exe" % pid) == target:
                    return pid
            except OSError:
                pass
            todo += children.get(pid, [])
        return None

    def finish(self, timeout=10.0):
        try:
            self.p.stdin.close()
        except BrokenPipeError:
            pass
        end = time.time() + timeout
        while self.frame(max(0.0, end - time.time()))[0] not in (None, -1):
            pass
        try:
            self.p.wait(max(0.1, end - time.time()))
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
        self.err_reader.join(5)
        # With the sanitizer build (bin/test runs the suite with epcap-asan too), a memory or
        # undefined-behaviour error anywhere in the caller checks fails the run.
        report = SANITIZER_REPORT.search(b"".join(self.err))
        if report:
            check(False, "%s: sanitizer report: %r" % (" ".join(self.cmd[-6:]), b"".join(self.err)[-600:]))
        return self.p.returncode

    def output(self):
        return self.stream.raw + b"".join(self.err)


def no_canary(r, what):
    return check(CANARY.encode() not in r.output(), what + ": no byte of the root-only canary in the output")


def error_code(body):
    return struct.unpack_from(">IHB", body)[1]


def expect_refused(via, args, what, codes=REFUSED, **kw):
    r = Run(via, args, **kw)
    t, b = r.until(READY, timeout=15)
    rc = r.finish()
    label = "%s: %s" % (via, what)
    got = describe(t, b) if t not in (None, -1) else "nothing"
    ok = check(t == ERROR and error_code(b) in codes and rc == 1,
               "%s -> refused (%s, exit %s)" % (label, got, rc))
    if not ok:
        print("     stderr: %r" % b"".join(r.err)[-300:])
    no_canary(r, label)
    return r


# --- what the kernel says about a running port --------------------------------------------

def proc_status(pid):
    fields = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            fields[k] = v.split()
    fields["root"] = os.readlink("/proc/%d/root" % pid)
    return fields


def allowed_ids():
    u = pwd.getpwnam(USER)
    nobody = pwd.getpwnam("nobody")
    groups = {g.gr_gid for g in grp.getgrall() if USER in g.gr_mem} | {u.pw_gid, nobody.pw_gid}
    return {u.pw_uid, nobody.pw_uid}, groups


def expect_sandboxed(via, r, what, pid=None):
    pid = pid or r.pid()
    if not check(pid is not None, "%s: %s: the port process is found" % (via, what)):
        return None
    st = proc_status(pid)
    uids, gids = allowed_ids()
    ids_ok = all(int(x) in uids for x in st["Uid"]) and all(int(x) in gids for x in st["Gid"])
    groups_ok = all(int(x) in gids for x in st.get("Groups", []))
    caps_ok = int(st["CapEff"][0], 16) == 0 and int(st["CapPrm"][0], 16) == 0
    root_ok = st["root"] != "/" if via == "sudo" else True
    check(ids_ok and groups_ok and caps_ok and root_ok and "0" not in st["Uid"],
          "%s: %s: after READY uid %s gid %s groups %s CapEff %s root %s" % (
              via, what, "/".join(st["Uid"]), "/".join(st["Gid"]), ",".join(st.get("Groups", [])) or "-",
              st["CapEff"][0], st["root"]))
    return st


# --- set-up and tear-down -----------------------------------------------------------------

def pcap_file(path, payloads, owner=None, mode=0o600):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, p in enumerate(payloads):
            frame = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01" + b"\x88\xb5" + p
            f.write(struct.pack("<IIII", 1700000000 + i, 0, len(frame), len(frame)) + frame)
    if owner:
        os.chown(path, owner.pw_uid, owner.pw_gid)
    os.chmod(path, mode)


def set_up():
    for u in (USER, OTHER):
        sh("useradd", "-M", "-U", "-s", "/usr/sbin/nologin", u)
    sh("groupadd", GROUP)
    sh("usermod", "-aG", GROUP, USER)
    os.makedirs(BASE + "/sudo")
    os.makedirs(BASE + "/caps")
    for d in (BASE, BASE + "/sudo", BASE + "/caps"):
        os.chmod(d, 0o755)
    shutil.copy(PORT_SRC, PORTS["sudo"])
    os.chmod(PORTS["sudo"], 0o755)
    shutil.copy(PORT_SRC, PORTS["caps"])
    os.chown(PORTS["caps"], 0, grp.getgrnam(GROUP).gr_gid)
    os.chmod(PORTS["caps"], 0o750)
    sh("setcap", "cap_net_raw,cap_net_admin=ep", PORTS["caps"])
    with open(SUDOERS, "w") as f:
        f.write("%s ALL=(root) NOPASSWD: %s\n" % (USER, PORTS["sudo"]))
    os.chmod(SUDOERS, 0o440)
    sh("visudo", "-cf", SUDOERS)
    with open("/etc/%s-canary" % TAG, "w") as f:
        f.write("%s\n%s root only\n" % (CANARY, CANARY))
    os.chmod("/etc/%s-canary" % TAG, 0o600)
    os.chmod(work, 0o755)
    pcap_file(work + "/secret.pcap", [CANARY.encode()] * 3)  # root-only, in a directory all can enter
    user = pwd.getpwnam(USER)
    home = work + "/home"
    os.makedirs(home)
    os.chown(home, user.pw_uid, user.pw_gid)
    os.chmod(home, 0o700)
    pcap_file(home + "/mine.pcap", [b"mine %d" % i for i in range(5)], owner=user)
    os.makedirs(home + "/jail")
    os.chown(home + "/jail", user.pw_uid, user.pw_gid)
    for ns in (NS_A, NS_B):
        sh("ip", "netns", "add", ns)
        sh("ip", "-n", ns, "link", "set", "lo", "up")
    sh("ip", "link", "add", VETH_A, "netns", NS_A, "type", "veth", "peer", "name", VETH_B, "netns", NS_B)
    for ns, dev, ip in ((NS_A, VETH_A, IP_A), (NS_B, VETH_B, IP_B)):
        sh("ip", "-n", ns, "addr", "add", ip + "/24", "dev", dev)
        sh("ip", "-n", ns, "link", "set", dev, "up")
    # Kernel interfaces named like libpcap's other capture sources.
    # (veth pairs: this kernel may lack the dummy driver.)
    for i, name in enumerate(("dbus-system", "nflog", "usbmon7", "rtmany")):
        sh("ip", "-n", NS_B, "link", "add", name, "type", "veth", "peer", "name", "rtpeer%d" % i)


def tear_down():
    for ns in (NS_A, NS_B):
        sh("ip", "netns", "pids", ns, check_rc=False)
        for pid in sh("ip", "netns", "pids", ns, check_rc=False).stdout.split():
            sh("kill", "-9", pid, check_rc=False)
        sh("ip", "netns", "del", ns, check_rc=False)
    for path in (SUDOERS, "/etc/%s-canary" % TAG):
        if os.path.exists(path):
            os.unlink(path)
    shutil.rmtree(BASE, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    for u in (USER, OTHER):
        sh("userdel", u, check_rc=False)
    sh("groupdel", GROUP, check_rc=False)
    for u in (USER, OTHER):
        sh("groupdel", u, check_rc=False)


# --- traffic between the namespaces -------------------------------------------------------

SEND_UDP = """
import socket, sys
dst, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for i in range(count):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("", 20000 + i))
    s.sendto(b"x" * 32, (dst, port))
    s.close()
"""


def send_udp(port, count):
    in_ns(NS_A, SEND_UDP, IP_B, str(port), str(count))


def count_packets(r, quiet=1.0, limit=10.0):
    """PACKET frames until the stream has been quiet for `quiet` seconds."""
    n, end = 0, time.time() + limit
    while time.time() < end:
        t, _ = r.frame(quiet)
        if t is None:
            break
        if t == PACKET:
            n += 1
    return n


# --- the attacks, row by row ---------------------------------------------------------------

def row_dbus(via):
    for i, (args, env) in enumerate([
        (["-i", "dbus://unixexec:path=/usr/bin/touch,argv0=touch,argv1=%s"], None),
        (["-i", "dbus://unixexec:path=/bin/sh,argv0=sh,argv1=-c,argv2=touch%%20%s"], None),
        (["-e", "DBUS_SYSTEM_BUS_ADDRESS=unixexec:path=/usr/bin/touch,argv0=touch,argv1=%s", "-i", "dbus-system"], None),
        (["-e", "DBUS_SESSION_BUS_ADDRESS=unixexec:path=/usr/bin/touch,argv0=touch,argv1=%s", "-i", "dbus-session"], None),
        (["-i", "dbus-session"], {"DBUS_SESSION_BUS_ADDRESS": "unixexec:path=/usr/bin/touch,argv0=touch,argv1=%s"}),
        (["-i", "dbus-system"], {"DBUS_SYSTEM_BUS_ADDRESS": "unixexec:path=/usr/bin/touch,argv0=touch,argv1=%s"}),
        (["-i", "dbus://unix:path=/run/dbus/system_bus_socket"], None),
    ]):
        marker = "%s/pwned-%s-%d" % (work, via, i)
        args = [a.replace("%s", marker) for a in args]
        env = {k: v.replace("%s", marker) for k, v in (env or {}).items()}
        expect_refused(via, args, "D-Bus: " + " ".join(args)[:90], env=env, sudo_env=None)
        time.sleep(0.2)
        check(not os.path.exists(marker), "%s: D-Bus variant %d: %s was not created" % (via, i, marker))
    for dev in ("nflog", "nfqueue", "nflog:5", "usbmon0", "usbmon1", "bluetooth0", "bluetooth-monitor",
                "rdma0", "eth0:1", "../../etc/passwd"):
        expect_refused(via, ["-i", dev], "other capture source -i " + dev)
    for dev in ("dbus-system", "nflog", "usbmon7"):
        expect_refused(via, ["-i", dev], "kernel interface named like a libpcap source -i " + dev, ns=NS_B,
                       codes={ERR["PERMISSION_DENIED"]})


def row_resolver(via):
    canary = "/etc/%s-canary" % TAG
    for var in ("RESOLV_HOST_CONF", "HOSTALIASES", "LOCALDOMAIN", "RES_OPTIONS", "NLSPATH",
                "LD_PRELOAD", "GCONV_PATH", "LD_LIBRARY_PATH", "PCAP_PF_RING_CLUSTER_ID"):
        expect_refused(via, ["-e", "%s=%s" % (var, canary), "-C", "host localhost"], "-e %s=<canary>" % var)
    # Through the caller's own environment: sudo resets it, the port empties it.
    for var in ("RESOLV_HOST_CONF", "HOSTALIASES"):
        r = Run(via, ["-C", "host localhost"], env={var: canary})
        t, b = r.until(FILTER_OK)
        rc = r.finish()
        check(t == FILTER_OK and rc == 0, "%s: %s=<canary> in the environment: -C still works (%s)" % (
            via, var, describe(t, b) if t else "nothing"))
        no_canary(r, "%s: %s=<canary> in the environment" % (via, var))


def row_identity(via):
    secret = work + "/secret.pcap"
    for extra in (["-e", "SUDO_UID=0"], ["-e", "SUDO_UID="], ["-e", "SUDO_GID=0"], ["-e", "SUDO_USER=root"],
                  ["-e", "SUDO_UID=0", "-u", "root"], []):
        expect_refused(via, extra + ["-f", secret], "%s -f <root-only file>" % " ".join(extra),
                       codes={ERR["PERMISSION_DENIED"]})
    if via == "sudo":
        # sudo itself must refuse variables on its command line (the rule grants no SETENV).
        r = Run("sudo", ["-f", secret], sudo_env={"SUDO_UID": "0"})
        t, _ = r.until(READY)
        r.finish()
        check(t != READY and not any(f[0] == PACKET for f in r.frames),
              "sudo: sudo SUDO_UID=0 PORT -f <root-only file> -> refused by sudo")
        no_canary(r, "sudo: sudo SUDO_UID=0 PORT")
    else:
        expect_refused(via, ["-f", secret], "SUDO_UID=0 in the environment, -f <root-only file>",
                       env={"SUDO_UID": "0", "SUDO_GID": "0"}, codes={ERR["PERMISSION_DENIED"]})
    # A FIFO the caller owns: after READY the port is the caller (or nobody), never root.
    user = pwd.getpwnam(USER)
    for extra in ([], ["-e", "SUDO_UID=0"]):
        fifo = "%s/home/fifo-%s-%d" % (work, via, len(extra))
        os.mkfifo(fifo)
        os.chown(fifo, user.pw_uid, user.pw_gid)
        writer = threading.Thread(target=feed_fifo, args=(fifo,), daemon=True)
        writer.start()
        r = Run(via, extra + ["-f", fifo])
        t, b = r.until(READY)
        if extra:
            check(t == ERROR and error_code(b) == ERR["PERMISSION_DENIED"],
                  "%s: -e SUDO_UID=0 -f FIFO -> refused (%s)" % (via, describe(t, b) if t else "nothing"))
            open_and_close(fifo)
        elif check(t == READY, "%s: -f FIFO of the caller -> READY" % via):
            st = expect_sandboxed(via, r, "-f FIFO")
            check(st is not None and st["Uid"][0] == str(user.pw_uid),
                  "%s: -f FIFO: the port runs as the caller (uid %s)" % (via, st and st["Uid"][0]))
        r.finish()
        writer.join(5)


def ring_file(path, owner=None):
    """A fresh shared-memory ring (docs/protocol.md): header, 1 MiB of data, zero counters."""
    with open(path, "wb") as f:
        f.write(b"EPCAPRNG" + struct.pack("=IIQ", 1, 4096, 1 << 20))
        f.truncate(4096 + (1 << 20))
    if owner:
        os.chown(path, owner.pw_uid, owner.pw_gid)
    os.chmod(path, 0o600)


def row_ring(via):
    """-R is opened as the caller: another user's ring (here root's), or one behind a symlink,
    is not written; the caller's own is used."""
    user = pwd.getpwnam(USER)
    ring_file(work + "/root.ring")
    os.symlink(work + "/root.ring", "%s/home/link-%s.ring" % (work, via))
    ring_file("%s/home/own-%s.ring" % (work, via), owner=user)
    for path, attached in ((work + "/root.ring", False), ("%s/home/link-%s.ring" % (work, via), False),
                           ("%s/home/own-%s.ring" % (work, via), True)):
        before = open(work + "/root.ring", "rb").read(4096)
        r = Run(via, ["-R", path, "-f", work + "/home/mine.pcap"])
        t, b = r.until(READY)
        flags = struct.unpack_from(">IIBB", b)[3] if t == READY else None
        r.finish()
        check(t == READY and bool(flags & 4) == attached and open(work + "/root.ring", "rb").read(4096) == before,
              "%s: -R %s: %s, root's ring untouched (READY flags %s)" % (
                  via, os.path.basename(path), "the ring is used" if attached else "the pipe is used", flags))
    os.unlink(work + "/root.ring")


def feed_fifo(path):
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        time.sleep(3)
    except BrokenPipeError:
        pass  # a port that was refused never reads
    finally:
        os.close(fd)


def open_and_close(fifo):
    """Unblocks a writer waiting for a reader that never came."""
    try:
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        os.close(fd)
    except OSError:
        pass


def row_identity_switches(via):
    other = pwd.getpwnam(OTHER)
    shadow = grp.getgrnam("shadow").gr_gid
    for args in (["-u", "root"], ["-u", "0"], ["-u", OTHER], ["-u", str(other.pw_uid)], ["-u", "daemon"],
                 ["-u", "1"], ["-g", "shadow"], ["-g", "0"], ["-g", "root"], ["-g", str(shadow)],
                 ["-g", OTHER], ["-u", "root", "-g", "shadow", "-d", "/"], ["-d", "/"], ["-d", "/root"],
                 ["-d", "//"], ["-d", "/proc/1/root"], ["-u", "nobody", "-g", "shadow"]):
        expect_refused(via, ["-i", VETH_B] + args, " ".join(args), ns=NS_B)
    user = pwd.getpwnam(USER)
    for args in ([], ["-u", USER], ["-u", str(user.pw_uid)], ["-u", "nobody"], ["-u", "65534"],
                 ["-g", USER], ["-g", GROUP], ["-u", USER, "-g", GROUP], ["-d", work + "/home/jail"]):
        r = Run(via, ["-i", VETH_B] + args, ns=NS_B)
        t, b = r.until(READY)
        if check(t == READY, "%s: %s -> READY (%s)" % (via, " ".join(args) or "defaults",
                                                       describe(t, b) if t else "nothing")):
            expect_sandboxed(via, r, " ".join(args) or "defaults")
        r.finish()


def row_buffer(via):
    for size in ("2147483647", "134217729", "999999999"):
        expect_refused(via, ["-i", VETH_B, "-b", size], "-b " + size, ns=NS_B, codes={ERR["BAD_OPTION"]})
    r = Run(via, ["-i", VETH_B, "-b", "134217728"], ns=NS_B)
    t, _ = r.until(READY)
    r.finish()
    check(t == READY, "%s: -b 134217728 (the cap) -> READY" % via)


def fanout_group(cluster):
    return 256 + (pwd.getpwnam(USER).pw_uid % 255) * 256 + cluster


def row_fanout(via):
    # A root monitor (not through sudo: root itself) in group 42; the caller asks for 42 too.
    monitor = Run(None, ["-i", VETH_B, "-c", "42", "udp port 7002"], ns=NS_B, as_root=True)
    caller = Run(via, ["-i", VETH_B, "-c", "42", "udp port 7002"], ns=NS_B)
    ready = monitor.until(READY)[0] == READY and caller.until(READY)[0] == READY
    if check(ready, "%s: a root monitor and the caller both use -c 42" % via):
        send_udp(7002, 64)
        seen_monitor, seen_caller = count_packets(monitor), count_packets(caller)
        check(seen_monitor == 64, "%s: -c 42: the root monitor still gets all 64 packets (got %d)" % (via, seen_monitor))
        check(seen_caller == 64, "%s: -c 42: the caller is in a group of its own and gets 64 (got %d)" % (via, seen_caller))
    monitor.finish()
    caller.finish()
    for cluster in ("0", "255", "7"):
        r = Run(None, ["-i", VETH_B, "-c", cluster], ns=NS_B, as_root=True)
        ok = r.until(READY)[0] == READY
        c = Run(via, ["-i", VETH_B, "-c", cluster, "udp port 7003"], ns=NS_B)
        ok = ok and c.until(READY)[0] == READY
        if ok:
            send_udp(7003, 16)
            n = count_packets(c)
        check(ok and n == 16, "%s: -c %s beside root's group %s: the caller's own group (%s packets)" % (
            via, cluster, cluster, n if ok else "-"))
        r.finish()
        c.finish()
    # A group in the caller's range that someone else (root) already joined.
    holder = subprocess.Popen(["ip", "netns", "exec", NS_B, PYTHON, "-c", HOLD_FANOUT, VETH_B,
                               str(fanout_group(5))], stdout=subprocess.PIPE, text=True)
    try:
        check(holder.stdout.readline().strip() == "JOINED", "%s: root joined group %d" % (via, fanout_group(5)))
        expect_refused(via, ["-i", VETH_B, "-c", "5"], "-c 5 while root is in its group %d" % fanout_group(5),
                       ns=NS_B, codes={ERR["PERMISSION_DENIED"]})
    finally:
        holder.kill()
        holder.wait()


HOLD_FANOUT = """
import socket, struct, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(3))
s.bind((sys.argv[1], 0))
PACKET_FANOUT, HASH, DEFRAG = 18, 0, 0x8000
s.setsockopt(263, PACKET_FANOUT, struct.pack("I", int(sys.argv[2]) | ((HASH | DEFRAG) << 16)))
print("JOINED", flush=True)
time.sleep(60)
"""


def row_list(via):
    for r in (Run(via, ["-L"], ns=NS_B), Run(None, ["-L"], ns=NS_B, as_root=True)):
        who = "root" if "setpriv" not in r.cmd else via
        t, names, biggest, count = None, [], 0, None
        while True:
            t, b = r.frame(20)
            if t in (None, -1, EOF, ERROR):
                break
            biggest = max(biggest, len(b) + 1)
            desc = describe(t, b)
            names.append(desc.split()[1])
            if desc.split()[1] == "rtmany":
                count = len(desc.split()) - 4
        rc = r.finish()
        check(t == EOF and rc == 0 and biggest <= MAX_FRAME,
              "%s: -L with 15000 addresses on one interface: every frame within the maximum (largest %d), EOF, exit %s"
              % (who, biggest, rc))
        check(count is not None and 0 < count < 15000,
              "%s: -L lists rtmany with as many addresses as fit (%s)" % (who, count))
        if who != "root":
            check(not any(n.startswith(("dbus", "nflog", "nfqueue", "usbmon", "bluetooth")) for n in names),
                  "%s: -L lists only what the caller may open: %s" % (who, ",".join(names)))


HOSTILE_TYPES = [
    "", "A" * 33, "A" * 4096, "EN10MB" + "\u00e9", "EN10MB\udcff", "\u0415N10MB",
    "-1", "-2147483648", "+1", "65536", "4294967297", "99999999999999999999", "0x1",
    "EN10MB;id", "$(id)", "`id`", "EN10MB|cat /etc/shadow", "EN10MB && touch /tmp/" + TAG,
    "../../etc/passwd", "%s%s%n", "EN10MB\n-i dbus-system", "EN10MB ", "NO_SUCH_TYPE", "DLT_EN10MB",
]


def row_types(via):
    """-y, -j and -l: the values are checked against libpcap's tables before anything opens."""
    for sw in ("-y", "-j"):
        for value in HOSTILE_TYPES:
            expect_refused(via, ["-i", VETH_B, sw, value], "%s %r" % (sw, value[:40]), ns=NS_B,
                           codes={ERR["BAD_OPTION"]})
    check(not os.path.exists("/tmp/" + TAG), "%s: no hostile -y/-j value ran a command" % via)
    # Known to libpcap, not offered by a veth: typed errors, not a capture with another type.
    expect_refused(via, ["-i", VETH_B, "-y", "LINUX_SLL2"], "-y LINUX_SLL2 on a veth", ns=NS_B,
                   codes={ERR["LINK_TYPE_NOT_SUPPORTED"]})
    expect_refused(via, ["-i", VETH_B, "-y", "65535"], "-y 65535 on a veth", ns=NS_B,
                   codes={ERR["LINK_TYPE_NOT_SUPPORTED"]})
    expect_refused(via, ["-i", VETH_B, "-j", "adapter_unsynced"], "-j adapter_unsynced on a veth", ns=NS_B,
                   codes={ERR["TSTAMP_TYPE_NOT_SUPPORTED"]})
    # The allow-lists of -i and -f hold for -l and -y as for a capture.
    for args in (["-l", "-i", "dbus-system"], ["-l", "-i", "lo:1"], ["-y", "DOCSIS", "-i", "nflog"],
                 ["-l", "-f", work + "/home/mine.pcap"], ["-l", "-L"], ["-l", "-y", "EN10MB", "-i", VETH_B]):
        expect_refused(via, args, " ".join(args), ns=NS_B)
    r = Run(via, ["-l", "-i", VETH_B], ns=NS_B)
    t, b = r.until(FRAME["TYPES"], timeout=15)
    end = r.frame(10)[0]
    rc = r.finish()
    check(t == FRAME["TYPES"] and end == EOF and rc == 0 and "1:EN10MB" in describe(t, b)
          and "143:DOCSIS" in describe(t, b),
          "%s: -l -i %s -> %s, EOF, exit %s" % (via, VETH_B, describe(t, b) if t not in (None, -1) else "nothing", rc))
    no_canary(r, "%s: -l" % via)
    for args, dlt in ((["-y", "DOCSIS"], 143), (["-y", "1"], 1), (["-y", "docsis", "-j", "host"], 143)):
        r = Run(via, ["-i", VETH_B] + args, ns=NS_B)
        t, b = r.until(READY, timeout=15)
        if check(t == READY and struct.unpack_from(">I", b)[0] == dlt,
                 "%s: %s on a veth -> READY with link type %d (%s)" % (
                     via, " ".join(args), dlt, describe(t, b) if t not in (None, -1) else "nothing")):
            expect_sandboxed(via, r, " ".join(args))
        r.finish()


def row_host_filter(via, seccomp):
    r = Run(via, ["-i", VETH_B, "udp port 7004"], ns=NS_B)
    if not check(r.until(READY)[0] == READY, "%s: live capture for SET_FILTER" % via):
        r.finish()
        return
    for rid, flt in enumerate(("host localhost", "udp port domain", "tcp port http", "ip proto \\udp",
                               "src host localhost and udp port 7004"), 1):
        t, b = r.request(SET_FILTER, rid, flt.encode())
        check(t == FILTER_OK, "%s: SET_FILTER %r -> FILTER_OK (%s)" % (via, flt, describe(t, b) if t else "nothing"))
    if seccomp:
        # No DNS is possible in the sandbox (socket() fails): names outside the hosts file are refused.
        for rid, flt in enumerate(("host epcap-no-such-host.invalid", "ether host epcap-no-such-host",
                                   "gateway epcap-no-such-host"), 10):
            t, b = r.request(SET_FILTER, rid, flt.encode(), want=(FILTER_OK,))
            check(t == ERROR and error_code(b) == ERR["BAD_FILTER"],
                  "%s: SET_FILTER %r -> BAD_FILTER, not death (%s)" % (via, flt, describe(t, b) if t else "nothing"))
    t, b = r.request(STATS_REQUEST, 99)
    check(t == STATS, "%s: the port still answers STATS after the host names" % via)
    r.request(SET_FILTER, 100, b"udp port 7004")
    send_udp(7004, 10)
    n = count_packets(r)
    rc = r.finish()
    check(n == 10 and rc == 0, "%s: and still captures (%d packets), exit %s" % (via, n, rc))


# --- legitimate use -------------------------------------------------------------------------

RECV_MARKER = """
import socket, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x88b5))
s.bind((sys.argv[1], 0))
s.settimeout(10)
print("LISTENING", flush=True)
end = time.time() + 10
while time.time() < end:
    try:
        if sys.argv[2].encode() in s.recv(65535):
            print("GOT", flush=True)
            break
    except socket.timeout:
        break
"""


def legitimate(via):
    r = Run(via, ["-i", VETH_B, "-X", "udp port 7001"], ns=NS_B)
    if check(r.until(READY)[0] == READY, "%s: live capture with a filter on the veth pair -> READY" % via):
        expect_sandboxed(via, r, "live")
        send_udp(7001, 10)
        n = count_packets(r)
        check(n == 10, "%s: captured the 10 UDP datagrams sent to it (got %d)" % (via, n))
        t, b = r.request(STATS_REQUEST, 1)
        check(t == STATS and struct.unpack_from(">IQ", b)[1] == 10, "%s: STATS -> %s" % (
            via, describe(t, b) if t else "nothing"))
        marker = "epcap-inject-" + secrets.token_hex(4)
        listener = subprocess.Popen(["ip", "netns", "exec", NS_A, PYTHON, "-c", RECV_MARKER, VETH_A, marker],
                                    stdout=subprocess.PIPE, text=True)
        listener.stdout.readline()
        frame = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x02" + b"\x88\xb5" + marker.encode()
        t, b = r.request(INJECT, 2, frame)
        got = listener.stdout.readline().strip()
        listener.wait(15)
        check(t == INJECTED and got == "GOT", "%s: -X: INJECT -> %s, the peer received it: %s" % (
            via, describe(t, b) if t else "nothing", got or "no"))
    r.finish()
    r = Run(via, ["-f", work + "/home/mine.pcap"])
    t, _ = r.until(READY)
    n = count_packets(r, quiet=2.0) if t == READY else 0
    eof = any(f[0] == EOF for f in r.frames)
    rc = r.finish()
    check(t == READY and n == 5 and eof and rc == 0,
          "%s: the caller's own capture file: %d packets, EOF, exit %s" % (via, n, rc))
    # Fan-out between two of the caller's own captures.
    a = Run(via, ["-i", VETH_B, "-c", "7", "udp port 7005"], ns=NS_B)
    b_ = Run(via, ["-i", VETH_B, "-c", "7", "udp port 7005"], ns=NS_B)
    if check(a.until(READY)[0] == READY and b_.until(READY)[0] == READY,
             "%s: two captures of the caller share -c 7" % via):
        send_udp(7005, 64)
        na, nb = count_packets(a), count_packets(b_)
        check(na + nb == 64 and na > 0 and nb > 0, "%s: -c 7 splits 64 flows between them: %d + %d" % (via, na, nb))
    a.finish()
    b_.finish()


def main():
    if os.geteuid() != 0:
        sys.exit("redteam.py needs root (it creates users, namespaces and a sudo rule)")
    for tool in ("sudo", "setpriv", "setcap", "visudo", "useradd", "ip"):
        if shutil.which(tool) is None:
            sys.exit("redteam.py needs %s (bin/install-deps installs it)" % tool)
    # Every step has its own timeout; this bounds the whole run whatever happens.
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(TimeoutError("redteam.py: over 15 minutes")))
    signal.alarm(900)
    try:
        set_up()
        batch = "".join("addr add fd00:77::%x/128 dev rtmany nodad\n" % i for i in range(1, 15001))
        sh("ip", "-n", NS_B, "-6", "-batch", "-", input=batch)
        probe = Run(None, ["-i", VETH_B], ns=NS_B, as_root=True)
        t, b = probe.until(READY)
        probe.finish()
        seccomp = t == READY and describe(t, b).endswith("restrict=seccomp")
        print("port %s, restriction %s, canary %s" % (PORT_SRC, "seccomp" if seccomp else "other", CANARY))
        for via in ("sudo", "caps"):
            row_dbus(via)
            row_resolver(via)
            row_identity(via)
            row_ring(via)
            row_identity_switches(via)
            row_buffer(via)
            row_fanout(via)
            row_list(via)
            row_types(via)
            row_host_filter(via, seccomp)
            legitimate(via)
        row_host_filter_root(seccomp)
    finally:
        tear_down()
    print("%d passed, %d failed" % (results["passed"], results["failed"]))
    sys.exit(1 if results["failed"] else 0)


def row_host_filter_root(seccomp):
    """Root's own port (the seed's way) must not die on a host name either."""
    r = Run(None, ["-i", VETH_B], ns=NS_B, as_root=True)
    if r.until(READY)[0] == READY:
        t, _ = r.request(SET_FILTER, 1, b"host localhost")
        check(t == FILTER_OK, "root: SET_FILTER 'host localhost' -> FILTER_OK")
        if seccomp:
            t, b = r.request(SET_FILTER, 2, b"host epcap-no-such-host.invalid", want=(FILTER_OK,))
            check(t == ERROR and error_code(b) == ERR["BAD_FILTER"], "root: unknown host -> BAD_FILTER")
    rc = r.finish()
    check(rc == 0, "root: the port ends normally (exit %s)" % rc)


if __name__ == "__main__":
    main()
