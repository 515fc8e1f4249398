#!/usr/bin/env python3
"""Payesh reliability suite (docs/reliability.md): runs the built app on 127.0.0.1 only and measures
  1. kill -9 during single and batch ingest: acknowledged vs stored reports;
  2. hostile requests: 5xx, stack traces, dropped connections, partial writes;
  3. 8 concurrent writers with corrections and rejections: the app's figures vs the stored reports;
  4. a backup under ~150 writes/s (SQLite: `backup FILE`; PostgreSQL: pg_dump) and its time;
  5. verify-audit at the end (chain, checkpoint, rows against the trail).
Usage: suite.py --provider sqlite|postgres --dll PATH [--short] [--port N] [--results FILE]
PostgreSQL: PAYESH_TEST_PG (an Npgsql connection string of a superuser) names the server."""
import argparse, datetime, re, http.client, json, os, random, shutil, signal, sqlite3, subprocess, sys, tempfile, threading, time

ADMIN_PW, DEMO_PW = "Reliab-Admin-2024", "Reliab-Demo-2024"


def jalali(day):
    """Gregorian date -> (y, m, d) in the Jalali calendar (the arithmetic of jdf, exact for 1900-2099)."""
    gy, gm, gd = day.year, day.month, day.day
    g_d_m = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
    gy2 = gy + 1 if gm > 2 else gy
    days = 355666 + 365 * gy + (gy2 + 3) // 4 - (gy2 + 99) // 100 + (gy2 + 399) // 400 + gd + g_d_m[gm - 1]
    jy = -1595 + 33 * (days // 12053)
    days %= 12053
    jy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        jy += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        return jy, 1 + days // 31, 1 + days % 31
    return jy, 7 + (days - 186) // 30, 1 + (days - 186) % 30


def tehran_day(offset=0):
    now = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=3, minutes=30) + datetime.timedelta(days=offset)
    y, m, d = jalali(now.date())
    return f"{y:04d}/{m:02d}/{d:02d}", y


class App:
    def __init__(self, args, folder):
        self.args, self.folder, self.proc = args, folder, None
        self.env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Production", DOTNET_gcServer="0",
                        Payesh__DataFolder=folder, Payesh__AdminPassword=ADMIN_PW, Payesh__DemoPassword=DEMO_PW,
                        Payesh__SeedDemo="true", Payesh__Reminders="false", Logging__LogLevel__Default="Warning",
                        Database__Provider="Postgres" if args.provider == "postgres" else "Sqlite")
        if args.provider == "postgres":
            self.db = "payesh_rel_" + str(os.getpid())
            self.env["ConnectionStrings__Payesh"] = f"{args.pg};Database={self.db};Command Timeout=60"
        self.log = open(os.path.join(folder, "app.log"), "ab")

    def command(self, *words):
        started = time.monotonic()
        p = subprocess.run(["dotnet", self.args.dll, *words], env=self.env, cwd=os.path.dirname(self.args.dll), capture_output=True, text=True)
        return p.returncode, p.stdout + p.stderr, time.monotonic() - started

    def start(self, timeout=300):
        if self.proc is not None and self.proc.poll() is None:
            return
        if request(self.args.port, "GET", "/healthz")[0] is not None:
            raise SystemExit(f"something already listens on 127.0.0.1:{self.args.port}")
        self.proc = subprocess.Popen(["dotnet", self.args.dll, "--urls", f"http://127.0.0.1:{self.args.port}"], env=self.env,
                                     cwd=os.path.dirname(self.args.dll), stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the app exited with {self.proc.returncode}; see {self.folder}/app.log")
            status, _ = request(self.args.port, "GET", "/readyz")
            if status == 200:
                return
            time.sleep(0.2)
        raise SystemExit("the app did not become ready")

    def kill9(self):
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(60)

    def sql(self, query):
        """Rows of a query on the app's database (read-only use)."""
        if self.args.provider == "sqlite":
            con = sqlite3.connect(os.path.join(self.folder, "payesh.db"), timeout=30)
            try:
                return con.execute(query).fetchall()
            finally:
                con.close()
        out = subprocess.run(["psql", *pg_args(self.args.pg), "-d", self.db, "-At", "-F", "\t", "-c", query.replace("`", '"')],
                             capture_output=True, text=True, check=True).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]


def pg_args(cs):
    parts = dict(p.split("=", 1) for p in cs.split(";") if "=" in p)
    return ["-h", parts.get("Host", "127.0.0.1"), "-p", parts.get("Port", "5432"), "-U", parts.get("Username", "postgres")]


_local = threading.local()


def request(port, method, path, body=None, token=None, headers=None, timeout=60):
    """(status, text) or (None, error) when the connection failed. One keep-alive connection per thread."""
    conns = getattr(_local, "conns", None)
    if conns is None:
        conns = _local.conns = {}
    h = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        h["Authorization"] = "Bearer " + token
    h.update(headers or {})
    if isinstance(body, (dict, list)):
        body = json.dumps(body, ensure_ascii=False).encode("utf-8")
    elif isinstance(body, str):
        body = body.encode("utf-8", "surrogatepass")
    for attempt in (0, 1):
        conn = conns.get(port) or http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        conns[port] = conn
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            return r.status, r.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as e:
            conn.close()
            conns.pop(port, None)
            if attempt == 1 or body is not None:
                return None, str(e)
    return None, "unreachable"


def request_early(port, path, body, token, chunked=False, timeout=120):
    """POST a large body the way browsers and curl do: keep watching the socket while sending, and stop sending
    once the server has answered (a 413 comes before the body is read). http.client only reads the answer after
    the last byte, so a server that answers early and closes looks to it like a dropped connection."""
    import select, socket
    head = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Content-Type: application/json", "Connection: close"]
    if token:
        head.append("Authorization: Bearer " + token)
    head.append("Transfer-Encoding: chunked" if chunked else f"Content-Length: {len(body)}")
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    answer = b""
    try:
        s.sendall(("\r\n".join(head) + "\r\n\r\n").encode("ascii"))
        step, sent = 64 * 1024, 0
        while sent < len(body):
            if select.select([s], [], [], 0)[0]:
                break  # the server answered before the whole body arrived
            piece = body[sent:sent + step]
            try:
                s.sendall((b"%x\r\n" % len(piece) + piece + b"\r\n") if chunked else piece)
            except OSError:
                break  # closed after answering: read what it said
            sent += len(piece)
        else:
            if chunked:
                s.sendall(b"0\r\n\r\n")
        while True:
            try:
                data = s.recv(65536)
            except OSError:
                break
            if not data:
                break
            answer += data
            if b"\r\n\r\n" in answer and len(answer) > answer.index(b"\r\n\r\n") + 4 and b"Transfer-Encoding: chunked" not in answer.split(b"\r\n\r\n")[0]:
                length = re.search(rb"(?i)content-length: *(\d+)", answer)
                if length and len(answer) >= answer.index(b"\r\n\r\n") + 4 + int(length.group(1)):
                    break
    finally:
        s.close()
    m = re.match(rb"HTTP/1\.1 (\d{3})", answer)
    if not m:
        return None, "no answer"
    return int(m.group(1)), answer.split(b"\r\n\r\n", 1)[-1].decode("utf-8", "replace")


TOKENS = {}


def token(port, user):
    """A bearer token per user, asked once per run: tokens live in the database, so they outlive kills and
    restarts, and the suite stays far below the login throttle (30 a minute per address)."""
    if user in TOKENS:
        return TOKENS[user]
    for _ in range(5):
        status, text = request(port, "POST", "/api/v1/auth/token", {"username": user, "password": ADMIN_PW if user == "admin" else DEMO_PW})
        if status == 200:
            TOKENS[user] = json.loads(text)["token"]
            return TOKENS[user]
        if status != 429:
            break
        time.sleep(61)
    raise SystemExit(f"no token for {user}: {status} {text[:200]}")


ACT = {}  # role in the suite ("S1", "S2": SMT's actions, "T1": TAX's) -> action code in the demo plan


def find_plan(port, admin):
    """The demo's approved plan of the current Jalali year (reports go to approved plans only), with two
    actions SMT leads and one TAX leads that have started."""
    today, year = tehran_day()
    status, text = request(port, "GET", "/api/v1/plans", token=admin)
    plans = [p for p in json.loads(text) if p["state"] == "approved" and p["year"] == year] if status == 200 else []
    if not plans:
        raise SystemExit(f"no approved plan of {year} in the demo: {status} {text[:200]}")
    plan = plans[0]["id"]
    doc = json.loads(request(port, "GET", f"/api/v1/plans/{plan}", token=admin)[1])
    actions = []
    def walk(nodes):
        for n in nodes or []:
            if n.get("children"):
                walk(n["children"])
            elif n.get("agency") and (n.get("start") or "") <= today:
                actions.append(n)
    walk(doc.get("nodes") or doc.get("Nodes"))
    smt = [n["code"] for n in actions if n["agency"] == "SMT"]
    tax = [n["code"] for n in actions if n["agency"] == "TAX"]
    if len(smt) < 2 or not tax:
        raise SystemExit(f"the demo plan {plan} lacks started SMT/TAX actions")
    ACT.update(S1=smt[0], S2=smt[1], T1=tax[0])
    return plan


# ---------------------------------------------------------------- 1. kill -9 during ingest

def kills(app, args, plan, count):
    acknowledged, attempts = [], [0]
    lock = threading.Lock()
    today, _ = tehran_day()
    for k in range(count):
        app.start()
        tokens = {u: token(args.port, u) for u in ("smt.reporter", "tax.reporter")}
        stop = threading.Event()

        def single(user, action):
            n = 0
            while not stop.is_set():
                n += 1
                status, text = request(args.port, "POST", f"/api/v1/plans/{plan}/reports",
                                       {"action": action, "date": today, "percent": random.randint(1, 99), "justification": "اصلاح", "note": f"kill {k}"}, tokens[user], timeout=10)
                with lock:
                    attempts[0] += 1
                    if status == 201:
                        acknowledged.append(json.loads(text)["id"])

        def batch():
            while not stop.is_set():
                items = [{"action": random.choice([ACT["S1"], ACT["S2"]]), "date": today, "percent": random.randint(1, 99), "justification": "اصلاح"} for _ in range(20)]
                status, text = request(args.port, "POST", f"/api/v1/plans/{plan}/reports/batch", {"reports": items}, tokens["smt.reporter"], timeout=10)
                with lock:
                    attempts[0] += 1
                    if status == 200:
                        acknowledged.extend(json.loads(text)["ids"])

        threads = [threading.Thread(target=single, args=a) for a in (("smt.reporter", ACT["S1"]), ("smt.reporter", ACT["S2"]), ("tax.reporter", ACT["T1"]))]
        threads += [threading.Thread(target=batch) for _ in range(2)]
        for t in threads:
            t.start()
        time.sleep(random.uniform(0.4, 1.5))
        app.kill9()
        stop.set()
        for t in threads:
            t.join()
    app.start()
    stored = {int(r[0]) for r in app.sql(f'SELECT "Id" FROM "ProgressReports" WHERE "PlanId" = {plan}')}
    lost = [i for i in acknowledged if i not in stored]
    return {"kills": count, "attempts_including_while_down": attempts[0], "acknowledged": len(acknowledged), "stored_of_acknowledged": len(acknowledged) - len(lost), "lost": len(lost)}


# ---------------------------------------------------------------- 2. hostile requests

HOSTILE_TEXT = ["a\u0001b", "a\u0000b", "\u202Eabc\u202C", "\u2066x\u2069", "\uFFFE\uFFFF", "\u200B\u200C\u200D", "x" * 100_000,
                "'; DROP TABLE \"ProgressReports\";--", "<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "+1+1", "@SUM(1)",
                "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "../../etc/passwd", "\ud83d\ude00" * 1000, "ي ك ٤٥٦", "\u0085\u009b"]
HOSTILE_NUMBERS = ["NaN", "Infinity", "-Infinity", "1e309", "-1e309", "1e400", "123456789012345678901234567890", "true", "[]", "{}",
                   "null", "\"۵۰\"", "\"50\"", "-0", "0.000000000000000000001", "\"NaN\"", "\"-Infinity\""]


def hostile_cases(plan, today, marker):
    """Yields (method, path, who, raw body bytes or None, headers, kind) forever, cycling through every case."""
    base = f"/api/v1/plans/{plan}/reports"
    cases = []
    for t in HOSTILE_TEXT:
        cases.append(("note", {"action": ACT["S1"], "date": today, "percent": 10, "note": t}))
        cases.append(("action", {"action": t, "date": today, "percent": 10}))
        cases.append(("date", {"action": ACT["S1"], "date": t, "percent": 10}))
        cases.append(("token", {"username": t, "password": t}))
        cases.append(("plan", {"title": t, "year": 1405, "start": "1405/01/01", "end": "1405/12/29", "nodes": [{"code": t[:50] or "A", "title": t, "children": []}]}))
    for n in HOSTILE_NUMBERS:
        cases.append(("percent", '{"action":"S1","date":"%s","percent":%s}' % (today, n)))
        cases.append(("settings", '{"title":"ت","year":1405,"start":"1405/01/01","end":"1405/12/29","settings":{"backdateDays":%s},"nodes":[]}' % n))
    cases += [("types", {"action": 5, "date": 14050101, "percent": "ده"}), ("types", {"action": [ACT["S1"]], "date": {"y": 1}, "percent": [10]}),
              ("types", "[1,2,3]"), ("types", "\"just a string\""), ("types", "null"), ("types", ""),
              ("nesting", "[" * 10_000 + "]" * 10_000), ("nesting", '{"action":' + '{"a":' * 5000 + "1" + "}" * 5000 + "}"),
              ("duplicate", '{"action":"S1","action":"T1","date":"%s","percent":5,"percent":500}' % today),
              ("utf8", b'{"action":"S1","date":"' + today.encode() + b'","percent":5,"note":"\xff\xfe\xc3\x28\xed\xa0\x80"}'),
              ("utf8", b'\xef\xbb\xbf\xff{"action"'), ("truncated", '{"action":"S1","date":'),
              ("query", None)]
    # Raw bodies name the demo plan's real actions, so that the hostile part is the only thing wrong.
    def real(body):
        if isinstance(body, str):
            return body.replace('"S1"', f'"{ACT["S1"]}"').replace('"T1"', f'"{ACT["T1"]}"')
        if isinstance(body, bytes):
            return body.replace(b'"S1"', f'"{ACT["S1"]}"'.encode()).replace(b'"T1"', f'"{ACT["T1"]}"'.encode())
        return body
    cases = [(kind, real(body)) for kind, body in cases]
    i = 0
    while True:
        kind, body = cases[i % len(cases)]
        i += 1
        m = f"{marker}-{i}"
        if kind == "query":
            yield "GET", f"/api/v1/plans/{plan}/progress?asOf=%00%E2%80%AE{i}&node=" + "x" * 5000, "smt", None, {}, kind, None
            continue
        if kind == "token":
            yield "POST", "/api/v1/auth/token", None, json.dumps(body).encode(), {}, kind, None
            continue
        if kind in ("plan", "settings"):
            raw = json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass") if isinstance(body, dict) else body.encode()
            yield "POST", "/api/v1/plans", "admin", raw, {}, kind, None
            continue
        if isinstance(body, dict):
            body = dict(body, justification=m)
            if i % 3 == 0:
                # A batch with one good report and the hostile one: all or nothing.
                raw = json.dumps({"reports": [{"action": ACT["S2"], "date": today, "percent": 10, "justification": m}, body]},
                                 ensure_ascii=False).encode("utf-8", "surrogatepass")
                yield "POST", base + "/batch", "smt", raw, {}, kind + "+batch", m
                continue
            yield "POST", base, "smt", json.dumps(body, ensure_ascii=False).encode("utf-8", "surrogatepass"), {}, kind, m
            continue
        raw = body if isinstance(body, bytes) else body.encode("utf-8", "surrogatepass")
        headers = {"Content-Type": "text/plain"} if i % 7 == 0 else {}
        yield "POST", base, "smt", raw, headers, kind, None


def hostile(app, args, plan, count):
    app.start()
    tokens = {"smt": token(args.port, "smt.reporter"), "admin": token(args.port, "admin")}
    today, _ = tehran_day()
    marker = f"hx{random.randint(1000, 9999)}"
    # "dropped": no answer at all (the server closed the connection), e.g. a body over Kestrel's 30 MB limit.
    results = {"requests": 0, "5xx": 0, "stack_traces": 0, "dropped": 0, "huge_bodies": 0, "by_status": {}, "5xx_kinds": {}}
    sent = {}  # marker -> (accepted?, expected rows)
    gen = hostile_cases(plan, today, marker)
    lock = threading.Lock()

    def worker(n):
        for _ in range(n):
            with lock:
                method, path, who, raw, headers, kind, m = next(gen)
            status, text = request(args.port, method, path, raw, tokens.get(who), headers, timeout=120)
            record(kind, status, text, m, 2 if kind.endswith("+batch") else 1)

    def record(kind, status, text, m, rows):
        with lock:
            results["requests"] += 1
            results["by_status"][str(status)] = results["by_status"].get(str(status), 0) + 1
            if status is None:
                results["dropped"] += 1
            elif status >= 500:
                results["5xx"] += 1
                results["5xx_kinds"][kind] = results["5xx_kinds"].get(kind, 0) + 1
            if text and (".cs:line" in text or "   at " in text and "Exception" in text):
                results["stack_traces"] += 1
            if m:
                sent[m] = (status is not None and 200 <= status < 300, rows)

    huge = max(2, count // 1000)
    share = [(count - huge) // 4 + (1 if w < (count - huge) % 4 else 0) for w in range(4)]
    threads = [threading.Thread(target=worker, args=(n,)) for n in share]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for _ in range(huge):
        big = ('{"action":"%s","date":"%s","percent":5,"note":"' % (ACT["S1"], today)) + "ب" * (18 * 1024 * 1024) + '"}'
        status, text = request_early(args.port, f"/api/v1/plans/{plan}/reports", big.encode("utf-8"), tokens["smt"], chunked=_ % 2 == 1)
        record("huge-body" + ("-chunked" if _ % 2 else ""), status, text, None, 0)
        if status != 413:
            results["huge_not_413"] = results.get("huge_not_413", 0) + 1
        results["huge_bodies"] += 1

    stored = {}
    for (j,) in app.sql(f"SELECT \"Justification\" FROM \"ProgressReports\" WHERE \"Justification\" LIKE '{marker}-%'"):
        stored[j] = stored.get(j, 0) + 1
    partial = sum(1 for m, (ok, rows) in sent.items() if (ok and stored.get(m, 0) != rows) or (not ok and stored.get(m, 0) != 0))
    results["partial_writes"] = partial
    results["writes_checked"] = len(sent)
    return results


# ---------------------------------------------------------------- 3. concurrent writers and corrections

def concurrent(app, args, plan, per_writer):
    tokens = {u: token(args.port, u) for u in ("smt.reporter", "tax.reporter", "secretariat", "admin")}
    days = [tehran_day(-d)[0] for d in range(3)]
    errors, ids = [0], []
    lock = threading.Lock()

    def writer(w):
        user, actions = ("tax.reporter", [ACT["T1"]]) if w % 4 == 3 else ("smt.reporter", [ACT["S1"], ACT["S2"]])
        for n in range(per_writer):
            body = {"action": random.choice(actions), "date": random.choice(days), "percent": round(random.uniform(0, 100), 2),
                    "justification": "اصلاح پس از بازبینی" if n % 5 == 0 else "پیشرفت"}
            status, text = request(args.port, "POST", f"/api/v1/plans/{plan}/reports", body, tokens[user])
            with lock:
                if status == 201:
                    ids.append(json.loads(text)["id"])
                else:
                    errors[0] += 1
            if n % 10 == 9 and ids:
                # A correction by the secretariat: reject a recent report.
                request(args.port, "POST", f"/api/v1/reports/{random.choice(ids[-20:])}/reject", {"reason": "نیاز به اصلاح دارد"}, tokens["secretariat"])

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    mismatches = []
    for action in ACT.values():
        status, text = request(args.port, "GET", f"/api/v1/plans/{plan}/progress?node={action}", token=tokens["admin"])
        shown = json.loads(text)["actual"] if status == 200 else None
        rows = app.sql(f'SELECT r."PercentHundredths", r."ReportDate", r."Id" FROM "ProgressReports" r JOIN "PlanNodes" n ON n."Id" = r."NodeId" '
                       f"WHERE r.\"PlanId\" = {plan} AND n.\"Code\" = '{action}' AND r.\"Status\" <> 'Rejected' ORDER BY r.\"ReportDate\" DESC, r.\"Id\" DESC")
        expected = int(rows[0][0]) / 100 if rows else 0
        if shown is None or abs(float(shown) - expected) > 0.005:
            mismatches.append({"action": action, "shown": shown, "stored": expected})
    return {"writers": 8, "reports": len(ids), "refused": errors[0], "mismatches": mismatches}


# ---------------------------------------------------------------- 4. backup under load

def backup_under_load(app, args, plan, seconds_of_load, rate=200):
    tokens = {u: token(args.port, u) for u in ("smt.reporter", "tax.reporter")}
    today, _ = tehran_day()
    stop = threading.Event()
    done = [0]
    lock = threading.Lock()

    def writer(user, action, per_second):
        next_at = time.monotonic()
        while not stop.is_set():
            status, _ = request(args.port, "POST", f"/api/v1/plans/{plan}/reports", {"action": action, "date": today, "percent": 50, "justification": "بار"}, tokens[user])
            with lock:
                done[0] += status == 201
            next_at += 1 / per_second
            time.sleep(max(0, next_at - time.monotonic()))

    # Enough writers that a durable commit's latency does not cap the rate below the target.
    pairs = (("smt.reporter", ACT["S1"]), ("smt.reporter", ACT["S2"]), ("tax.reporter", ACT["T1"])) * 8
    threads = [threading.Thread(target=writer, args=(u, a, rate / len(pairs))) for u, a in pairs]
    for t in threads:
        t.start()
    loaded_from = time.monotonic()
    time.sleep(2)
    started, before = time.monotonic(), done[0]
    target = os.path.join(app.folder, f"backup-{int(time.time())}")
    if args.provider == "sqlite":
        code, out, took = app.command("backup", target + ".db")
    else:
        t0 = time.monotonic()
        p = subprocess.run(["pg_dump", *pg_args(args.pg), "-Fc", "-f", target + ".dump", app.db], capture_output=True, text=True)
        code, out, took = p.returncode, p.stdout + p.stderr, time.monotonic() - t0
    writes = done[0] - before
    elapsed = time.monotonic() - started
    time.sleep(max(0, seconds_of_load - elapsed))
    stop.set()
    for t in threads:
        t.join()
    load_rate = done[0] / max(time.monotonic() - loaded_from, 0.001)
    # SQLite: the copy's own time as the command reports it ("… in 0.38 s."), apart from starting a .NET process.
    copy = re.search(r"in ([0-9.]+) s\.", out) if args.provider == "sqlite" else None
    return {"exit": code, "seconds": float(copy.group(1)) if copy else round(took, 2), "seconds_with_process_start": round(took, 2),
            "writes_per_second_during": round(writes / max(elapsed, 0.001), 1),
            "writes_per_second_load": round(load_rate, 1), "output": out.strip()[-300:]}


# ---------------------------------------------------------------- 6. tampering with the audit trail

def tampering(app, args):
    """Each tampering of issue 13 § 4 on its own copy of the stopped app's database (and data folder: the key and
    the signed checkpoint stay outside the database), then `verify-audit` on the copy: each must be found
    (exit 1, and the finding named in its output)."""
    import hashlib
    checkpoint = next((f for f in os.listdir(app.folder) if f.startswith("audit-checkpoint.")), None)

    def copy(name):
        folder = tempfile.mkdtemp(prefix=f"tamper-{name}-", dir=app.folder)
        for f in os.listdir(app.folder):
            if f == "payesh.db" or f.startswith("payesh.db-") or f == "audit.key" or f == checkpoint:
                shutil.copy2(os.path.join(app.folder, f), folder)
        env = dict(app.env, Payesh__DataFolder=folder)
        if checkpoint:
            env["Payesh__Audit__CheckpointFile"] = os.path.join(folder, checkpoint)
        db = None
        if args.provider == "postgres":
            db = f"{app.db}_t_{name.replace('-', '_')}"  # an identifier: no hyphens
            subprocess.run(["psql", *pg_args(args.pg), "-d", "postgres", "-qc", f"DROP DATABASE IF EXISTS {db}"], capture_output=True)
            subprocess.run(["psql", *pg_args(args.pg), "-d", "postgres", "-qc", f"CREATE DATABASE {db} TEMPLATE {app.db}"], check=True, capture_output=True)
            env["ConnectionStrings__Payesh"] = f"{args.pg};Database={db};Command Timeout=60"
        return folder, env, db

    def run_sql(folder, db, statements):
        if args.provider == "sqlite":
            con = sqlite3.connect(os.path.join(folder, "payesh.db"))
            try:
                rows = [con.execute(q).fetchall() for q in statements]
                con.commit()
                return rows
            finally:
                con.close()
        rows = []
        for q in statements:
            out = subprocess.run(["psql", *pg_args(args.pg), "-d", db, "-At", "-F", "\t", "-c", q], capture_output=True, text=True, check=True).stdout
            rows.append([tuple(line.split("\t")) for line in out.splitlines() if line])
        return rows

    def one(name, statements_for, expect):
        folder, env, db = copy(name)
        try:
            statements = statements_for(lambda q: run_sql(folder, db, [q])[0])
            if statements:
                run_sql(folder, db, statements)
            if name == "forged-checkpoint":
                f = env["Payesh__Audit__CheckpointFile"]
                text = open(f).read()
                open(f, "w").write(re.sub(r'"Count":(\d+)', lambda m: '"Count":%d' % (int(m.group(1)) - 1), text, count=1))
            p = subprocess.run(["dotnet", args.dll, "verify-audit"], env=env, cwd=os.path.dirname(args.dll), capture_output=True, text=True)
            out = p.stdout + p.stderr
            found = p.returncode == 1 and re.search(expect, out) is not None
            return {"found": found, "exit": p.returncode, "said": [l for l in out.splitlines() if "BROKEN" in l or "DIFFERENT" in l or "checkpoint" in l.lower()][:3]}
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            if db:
                subprocess.run(["psql", *pg_args(args.pg), "-d", "postgres", "-qc", f"DROP DATABASE IF EXISTS {db} WITH (FORCE)"], capture_output=True)

    def truncate_tail(q):
        (count, last_id), = q('SELECT COUNT(*), MAX("Id") FROM "AuditEntries"')
        (keep_id, keep_hash), = q(f'SELECT "Id", "Hash" FROM "AuditEntries" ORDER BY "Id" DESC LIMIT 1 OFFSET 5')
        return [f'DELETE FROM "AuditEntries" WHERE "Id" > {keep_id}',
                f'UPDATE "AuditHeads" SET "LastHash" = \'{keep_hash}\', "Count" = {int(count) - 5}']

    def rewrite_and_rehash(q):
        tail = q('SELECT "Id", "PreviousHash", "At", "UserId", "UserName", "Action", "EntityType", "EntityId", "Before", "After" '
                 'FROM "AuditEntries" ORDER BY "Id" DESC LIMIT 5')[::-1]
        statements, previous = [], tail[0][1]
        for i, (eid, _, at, uid, uname, action, etype, entity, before, after) in enumerate(tail):
            if i == 0:
                after = '{"Note":"بازنویسی‌شده"}'
            # The forger's best without the key: the chain's SHA-256 over the same fields, as before keying.
            h = hashlib.sha256("\x1f".join(str(x or "") for x in (previous, at, uid, uname, action, etype, entity, before, after)).encode()).hexdigest()
            statements.append(f'UPDATE "AuditEntries" SET "After" = \'{after}\', "PreviousHash" = \'{previous}\', "Hash" = \'{h}\' WHERE "Id" = {eid}'
                              if i == 0 else f'UPDATE "AuditEntries" SET "PreviousHash" = \'{previous}\', "Hash" = \'{h}\' WHERE "Id" = {eid}')
            previous = h
        statements.append(f'UPDATE "AuditHeads" SET "LastHash" = \'{previous}\'')
        return statements

    def delete_middle(q):
        # One entry from the middle of the app's own writing: the chain breaks at the entry after it.
        (last_id,), = q('SELECT MAX("Id") FROM "AuditEntries"')
        return [f'DELETE FROM "AuditEntries" WHERE "Id" = {int(last_id) - 50}']

    def empty(q):
        return ['DELETE FROM "AuditEntries"', 'UPDATE "AuditHeads" SET "LastHash" = \'\', "Count" = 0']

    def edit_report(q):
        # The newest report the app wrote and audited (the demo's bulk-seeded history has no per-row entries).
        recent = q('SELECT "EntityId" FROM "AuditEntries" WHERE "EntityType" = \'ProgressReport\' ORDER BY "Id" DESC LIMIT 100')
        rid = next(int(e) for (e,) in recent if str(e).isdigit())
        return [f'UPDATE "ProgressReports" SET "PercentHundredths" = CASE WHEN "PercentHundredths" < 10000 THEN "PercentHundredths" + 1 ELSE 0 END WHERE "Id" = {rid}']

    return {
        "last entries deleted, head moved back": one("tail", truncate_tail, r"BROKEN.*(fewer entries than a signed checkpoint|checkpoint)"),
        "entry rewritten, following hashes recomputed": one("rewrite", rewrite_and_rehash, r"BROKEN at entry \d+"),
        "an entry deleted in the middle": one("middle", delete_middle, r"BROKEN at entry \d+"),
        "table emptied": one("empty", empty, r"BROKEN after 0 entries"),
        "report row edited directly": one("report", edit_report, r"DIFFERENT ProgressReport \d+: PercentHundredths"),
        "signed checkpoint forged": one("forged-checkpoint", lambda q: [], r"BROKEN"),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--provider", choices=["sqlite", "postgres"], required=True)
    ap.add_argument("--dll", required=True)
    ap.add_argument("--short", action="store_true")
    ap.add_argument("--port", type=int, default=5117)
    ap.add_argument("--results")
    args = ap.parse_args()
    args.dll = os.path.abspath(args.dll)
    args.pg = os.environ.get("PAYESH_TEST_PG", "")
    if args.provider == "postgres" and not args.pg:
        raise SystemExit("PAYESH_TEST_PG is required for --provider postgres")
    folder = tempfile.mkdtemp(prefix=f"payesh-reliability-{args.provider}-")
    app = App(args, folder)
    report = {"provider": args.provider, "short": args.short}
    started = time.monotonic()
    try:
        app.start()
        admin = token(args.port, "admin")
        for user in ("smt.reporter", "tax.reporter", "secretariat"):
            token(args.port, user)
        plan = find_plan(args.port, admin)
        report["kills"] = kills(app, args, plan, 3 if args.short else 20)
        print(json.dumps({"kills": report["kills"]}, ensure_ascii=False), flush=True)
        report["hostile"] = hostile(app, args, plan, 1000 if args.short else 10_000)
        print(json.dumps({"hostile": report["hostile"]}, ensure_ascii=False), flush=True)
        report["concurrent"] = concurrent(app, args, plan, 20 if args.short else 100)
        print(json.dumps({"concurrent": report["concurrent"]}, ensure_ascii=False), flush=True)
        report["backup"] = backup_under_load(app, args, plan, 5 if args.short else 15)
        print(json.dumps({"backup": report["backup"]}, ensure_ascii=False), flush=True)
        app.stop()
        code, out, _ = app.command("verify-audit")
        report["verify_audit"] = {"exit": code, "output": out.strip().splitlines()[:6]}
        try:
            report["tampering"] = tampering(app, args)
        except Exception as e:  # a broken tampering step is a failed check, not a lost run
            report["tampering"] = {"error": {"found": False, "said": [repr(e)[:300]]}}
        print(json.dumps({"tampering": report["tampering"]}, ensure_ascii=False), flush=True)
    finally:
        app.stop()
        if args.provider == "postgres":
            subprocess.run(["psql", *pg_args(args.pg), "-d", "postgres", "-qc", f"DROP DATABASE IF EXISTS {app.db} WITH (FORCE)"], capture_output=True)
    report["seconds"] = round(time.monotonic() - started, 1)
    checks = {
        "no acknowledged report lost across kill -9": report["kills"]["lost"] == 0,
        "no 5xx from hostile requests": report["hostile"]["5xx"] == 0,
        "no stack trace in any answer": report["hostile"]["stack_traces"] == 0,
        "bodies over the limit answered 413, no connection dropped": report["hostile"]["dropped"] == 0 and not report["hostile"].get("huge_not_413"),
        "no partial write": report["hostile"]["partial_writes"] == 0,
        "figures equal the stored reports after concurrent writers": not report["concurrent"]["mismatches"],
        # The full run also holds the load to what issue 13 asks (≥ 150 writes/s); CI's short run on a busy
        # 2-core machine checks the time only.
        "backup under load finishes in 10 s": report["backup"]["exit"] == 0 and report["backup"]["seconds"] <= 10
            and (args.short or report["backup"]["writes_per_second_load"] >= 150),
        "verify-audit intact at the end": report["verify_audit"]["exit"] == 0,
        "every tampering of the audit trail found": bool(report.get("tampering")) and all(t["found"] for t in report["tampering"].values()),
    }
    report["checks"] = checks
    print(json.dumps(report, ensure_ascii=False, indent=1))
    for name, ok in checks.items():
        print(f"{'PASS' if ok else 'FAIL'} [{args.provider}] {name}")
    if args.results:
        with open(args.results, "w") as f:
            json.dump(report, f, ensure_ascii=False, indent=1)
    if all(checks.values()):
        shutil.rmtree(folder, ignore_errors=True)
        return 0
    print(f"kept for inspection: {folder} (app.log)")
    return 1


if __name__ == "__main__":
    sys.exit(main())
