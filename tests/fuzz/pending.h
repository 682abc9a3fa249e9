/* pending.h - invariants whose fix is not merged yet.
 *
 * Every invariant a fuzz target checks with FUZZ_INVARIANT carries a tag.
 * A tag listed below is still checked, and a failure is still printed
 * ("invariant failed [TAG] (pending)"), but does not abort: list a tag
 * here only while the fix of a known bug it catches is on its way (with
 * its input kept aside), and remove it in the change that fixes the bug,
 * the input moved into regressions/TARGET/.  From then on the fuzzers and
 * the replay tests fail on any regression.
 *
 * Empty today: every invariant aborts on failure.  The tags (README.md in
 * this directory): csv-records, csv-rows-lines, csv-lenient-local,
 * values-finite, population-range, star-areas, after-as-of, positions,
 * differential.
 */
#ifndef YJPI_FUZZ_PENDING_H
#define YJPI_FUZZ_PENDING_H
#define FUZZ_PENDING ","
#endif
