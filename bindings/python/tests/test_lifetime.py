"""Handle lifetimes: close(), context managers, use after close, results
outliving their dataset, garbage collection."""

import gc
import unittest
import weakref

import yjpi

from .support import SMALL_CSV


def make():
    ref = yjpi.Reference()
    ref.set_population("A1", 2014, 1000)
    ds = yjpi.Dataset.from_csv_text(SMALL_CSV, reference=ref)
    return ref, ds


class CloseTest(unittest.TestCase):
    def test_every_dataset_method_after_close_raises_state_error(self):
        ref, ds = make()
        ds.close()
        ds.close()                      # closing twice is fine
        self.assertTrue(ds.closed)
        calls = [
            lambda: ds.counts, lambda: ds.messages, lambda: ds.notes,
            lambda: ds.areas, lambda: ds.finished, lambda: ds.first_outcome,
            lambda: ds.last_outcome, lambda: ds.finish(),
            lambda: ds.compute(periods="2014/15"),
            lambda: ds.indicator("fte_count", "2014/15"),
            lambda: ds.breakdown("fte_count", "2014/15"),
            lambda: ds.disproportionality("fte_count", "2014/15"),
            lambda: ds.read_csv_text(SMALL_CSV),
            lambda: ds.add_record(person_id="P", birth_date="2000-01-01",
                                  area="A", offence_date="2014-01-01",
                                  outcome_date="2014-01-01", outcome="fine"),
        ]
        for i, call in enumerate(calls):
            with self.subTest(call=i):
                with self.assertRaises(yjpi.StateError):
                    call()
        with self.assertRaises(yjpi.StateError):
            with ds:
                pass
        self.assertEqual(repr(ds), "<yjpi.Dataset closed>")
        ref.close()

    def test_every_reference_method_after_close_raises_state_error(self):
        ref = yjpi.Reference()
        ref.close()
        calls = [
            lambda: ref.options, lambda: ref.set_options(cohort_months=12),
            lambda: ref.as_of, lambda: ref.history_start, lambda: ref.areas,
            lambda: ref.area("A"), lambda: ref.population("A", 2014),
            lambda: ref.set_population("A", 2014, 1),
            lambda: ref.population_groups("A", 2014),
            lambda: ref.map_outcome("x"), lambda: ref.targets,
            lambda: ref.benchmarks(), lambda: ref.add_outcome_map("a", "fine"),
            lambda: ref.set_area("A"),
            lambda: yjpi.Dataset(reference=ref),
        ]
        for i, call in enumerate(calls):
            with self.subTest(call=i):
                with self.assertRaises(yjpi.StateError):
                    call()
        with self.assertRaises(yjpi.StateError):
            ref.as_of = "2015-01-01"

    def test_context_managers_close(self):
        with yjpi.Reference() as ref:
            with yjpi.Dataset(reference=ref) as ds:
                self.assertFalse(ds.closed)
            self.assertTrue(ds.closed)
        self.assertTrue(ref.closed)

    def test_closed_default_reference(self):
        # The dataset copied the outcome map; the indicator functions use the
        # dataset's reference by default, which is closed here.
        ref, ds = make()
        ref.close()
        with self.assertRaises(yjpi.StateError):
            ds.compute(periods="2014/15")
        # explicitly without a reference: rates not computable, counts fine
        v = ds.indicator("fte_rate", "2014/15", "A1", reference=None)
        self.assertEqual(v.status, "no_population")
        self.assertEqual(ds.indicator("fte_count", "2014/15", "A1",
                                      reference=None).value, 2)
        ds.close()


class OutlivingTest(unittest.TestCase):
    def test_results_outlive_a_closed_dataset(self):
        ref, ds = make()
        rs = ds.compute(periods="2014/15", breakdown="sex")
        b = ds.breakdown("fte_count", "2014/15", by="sex")
        d = ds.disproportionality("fte_count", "2014/15")
        before = rs.to_records()
        ds.close()
        ref.close()
        gc.collect()
        self.assertEqual(rs.to_records(), before)
        self.assertEqual(b["M"].value, 2)
        self.assertEqual(len(d), len(d.to_records()))
        self.assertIs(rs.sources[0], ds)

    def test_results_keep_their_dataset_alive(self):
        ref, ds = make()
        rs = ds.compute(periods="2014/15", indicators="fte_count")
        wds = weakref.ref(ds)
        del ds
        gc.collect()
        self.assertIsNotNone(wds())      # held by rs.sources
        del rs
        gc.collect()
        self.assertIsNone(wds())         # and freed (by __del__) after
        ref.close()

    def test_garbage_collection_of_unclosed_handles(self):
        # Handles dropped without close() are freed by their finalizers;
        # many rounds must neither crash nor fail.
        for _ in range(200):
            ref, ds = make()
            v = ds.indicator("fte_count", "2014/15", "A1")
            del ref, ds
        gc.collect()
        self.assertEqual(v.value, 2)

    def test_values_are_frozen(self):
        ref, ds = make()
        v = ds.indicator("fte_count", "2014/15", "A1")
        with self.assertRaises(AttributeError):
            v.value = 3
        self.assertEqual(v, ds.indicator("fte_count", "2014/15", "A1"))
        ds.close()
        ref.close()


if __name__ == "__main__":
    unittest.main()
