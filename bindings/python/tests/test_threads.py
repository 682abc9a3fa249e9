"""Closing objects while other threads (or callbacks) use them: the C
object is freed only when the calls in flight return, never under them.

Each scenario runs in a child interpreter, so that a crash (the
use-after-free this guards against) fails the test instead of killing the
test runner."""

import os
import subprocess
import sys
import textwrap
import unittest

from .support import PY_ROOT

# A synthetic cohort, large enough that a computation takes milliseconds.
_PRELUDE = textwrap.dedent("""
    import sys, threading, time
    import yjpi
    rows = ["person_id,birth_date,area,offence_date,outcome_date,outcome,"
            "release_date,sex,ethnicity,offence_type,breach"]
    outs = ["referral_order", "youth_caution", "fine",
            "youth_rehabilitation_order"]
    for i in range(int(sys.argv[1])):
        p = i // 3
        y = 2010 + i % 9
        rows.append("P%07d,%d-03-15,A%d,%d-%02d-10,%d-%02d-20,%s,,%s,White,"
                    "Theft,0" % (p, 1996 + p % 8, p % 20, y, 1 + i % 9, y,
                                 2 + i % 9, outs[i % 4], "MF"[p % 2]))
    TEXT = "\\n".join(rows) + "\\n"
    PERIODS = ["%d/%02d" % (y, (y + 1) % 100) for y in range(2010, 2019)]
    ref = yjpi.Reference()
    for a in range(20):
        for y in range(2009, 2020):
            ref.set_population("A%d" % a, y, 5000)
    ds = yjpi.Dataset.from_csv_text(TEXT, reference=ref)

    def race(victim, work, n_threads=2, delay=0.3):
        errors = []
        start = threading.Barrier(n_threads + 1)

        def run():
            start.wait()
            try:
                while True:
                    work()
            except yjpi.StateError:
                pass
            except BaseException as e:  # noqa: BLE001
                errors.append(e)

        ts = [threading.Thread(target=run) for _ in range(n_threads)]
        for t in ts:
            t.start()
        start.wait()
        time.sleep(delay)
        victim.close()
        for t in ts:
            t.join()
        assert not errors, errors
        assert victim.closed
        assert getattr(victim, "_busy", 0) == 0 and \
            getattr(victim, "_pending", None) is None, "not freed"
""")


def run_child(body, rows=300000):
    env = dict(os.environ)
    env["PYTHONPATH"] = PY_ROOT + os.pathsep + env.get("PYTHONPATH", "")
    code = _PRELUDE + textwrap.dedent(body) + "\nprint('done')\n"
    return subprocess.run([sys.executable, "-c", code, str(rows)], env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=240)


class CloseWhileInUseTest(unittest.TestCase):
    def check(self, body, rows=300000):
        p = run_child(body, rows)
        self.assertEqual(
            p.returncode, 0, "child failed (%d; negative = killed by a "
            "signal):\n%s" % (p.returncode,
                              p.stderr.decode("utf-8", "replace")[-3000:]))
        self.assertIn(b"done", p.stdout)

    def test_close_dataset_while_two_threads_compute(self):
        self.check("""
            race(ds, lambda: ds.compute(periods=PERIODS,
                 indicators=["binary_rate", "custody_count"], areas=["*"],
                 threads=1))
            try:
                ds.compute(periods="2014/15")
                raise AssertionError("compute after close")
            except yjpi.StateError:
                pass
        """)

    def test_close_reference_while_two_threads_compute(self):
        self.check("""
            race(ref, lambda: ds.compute(periods=PERIODS,
                 indicators=["binary_rate", "fte_rate"], areas=["*"],
                 threads=1, reference=ref))
            ds.close()
        """)

    def test_close_dataset_while_assessing_and_tracking(self):
        self.check("""
            n = [0]
            def work():
                n[0] += 1
                if n[0] % 2:
                    ds.assess_areas("binary_rate", "2014/15")
                else:
                    ds.cohort("2014/15")
            race(ds, work)
        """)

    def test_close_from_the_progress_callback(self):
        # Single thread, deterministic: the reader calls back into Python,
        # which closes the dataset the reader is still filling.
        self.check("""
            d = yjpi.Dataset(reference=ref)
            import tempfile, os
            with tempfile.NamedTemporaryFile("w", suffix=".csv",
                                             delete=False) as f:
                f.write(TEXT)
            try:
                d.read_csv(f.name, progress=lambda *a: d.close(), threads=1)
            except yjpi.StateError:
                pass
            finally:
                os.unlink(f.name)
            assert d.closed and getattr(d, "_busy", 0) == 0 and \
                getattr(d, "_pending", None) is None
        """, rows=200000)


if __name__ == "__main__":
    unittest.main()
