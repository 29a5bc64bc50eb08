/*
 * top_guest.h - guest (KVM) time for top: the %Cpu states, the parts of
 * the cpu graphs and the per-task guest share (%GU).
 *
 * Plain C99.  Nothing here knows libproc2: top.c reads the library's
 * results and passes plain numbers, so the same file serves every
 * procps-ng baseline.  The tick arithmetic is the guesttime module's
 * (src/guesttime.h).
 */
#ifndef TOP_GUEST_H
#define TOP_GUEST_H

#include "../guesttime.h"

/* ------------------------------------------------------------------ */
/* %Cpu states                                                         */

/* the ten states in the order top displays them */
enum tg_state { TG_US, TG_SY, TG_NI, TG_ID, TG_WA, TG_HI, TG_SI, TG_ST,
                TG_GU, TG_GN, TG_NSTATES };

struct tg_states {
    double pct[TG_NSTATES];  /* percent of total, display order; they sum
                                to 100 (us excludes gu, ni excludes gn) */
    long total;              /* the 8 base fields' tics, never guest again;
                                1 when the interval had no tics at all */
    long user, system, guest;/* graph parts in tics: us+ni, sy+hi+si, gu+gn */
};

/*
 * tics: one interval's tics in guesttime order (GT_USER .. GT_GUEST_NICE),
 * as signed deltas (the library's sl_int); a negative delta counts 0.
 * An interval without any tics shows as 100% idle, as top always did.
 */
void tg_states_calc(const long long tics[GT_NFIELDS], struct tg_states *out);

/*
 * Text of the %Cpu lines.  The roomy form keeps top's look and adds two
 * fields ("  2.0 gu,  0.0 gn"): TG_ROOMY_COLS columns per line.  The
 * compact form drops the blank and comma around each label
 * ("  2.0gu  0.0gn") so that all ten fields fit in TG_COMPACT_COLS.
 * Both start with the 8 column prefix ("%Cpu(s):", "%Cpu0  :", ...).
 */
#define TG_ROOMY_COLS    98  /* 8 + 10 x 9, the last 9 is " 0.0 gn " */
#define TG_COMPACT_COLS  79  /* 8 + 10 x 7, plus top's trailing blank  */
#define TG_NUMSIZ         8  /* a number's text: 5 chars + NUL, rounded */

/*
 * Does the roomy form fit?  cols = screen width, per_row = how many cpus
 * are shown side by side (key '4', 1 if none), sep = width of the space
 * top puts between them.  The last line's trailing blank may be cut.
 */
int  tg_states_roomy(int cols, int per_row, int sep);

/*
 * The ten numbers as text, each 5 columns: "%#5.1f" ("100.0", " 12.3",
 * "  0.0").  In the compact form a value that rounds to 100.0 is written
 * "  100", so that a blank always separates it from the previous label.
 */
void tg_states_nums(const struct tg_states *s, int roomy,
                    char nums[TG_NSTATES][TG_NUMSIZ]);

/* ------------------------------------------------------------------ */
/* per-task guest share (%GU)                                          */

/*
 * The library keeps a per-task history for %CPU (PIDS_TICS_ALL_DELTA) but
 * none for guest time, so top keeps its own: each sample records every
 * task's utime, stime and guest_time by tid; the next sample subtracts.
 *
 *   tg_tasks_begin(n);                   a sample of (about) n tasks starts
 *   g = tg_tasks_guest(tid, ut, st, gt, cpu);   once per task: returns the
 *                                        guest tics since the previous sample,
 *                                        never more than cpu (the task's
 *                                        PIDS_TICS_ALL_DELTA, the %CPU tics)
 *   tg_tasks_end();                      the sample becomes the previous one
 *
 * A task absent from the previous sample counts from zero, as the
 * library's %CPU does for a new task.  Without a previous sample (the first
 * one, or after a frame without tg_tasks_begin) the result is 0, so top's
 * priming refresh hides the meaningless since-boot values.  tg_tasks_end()
 * without tg_tasks_begin() forgets the previous sample.  If memory runs
 * out the results are 0 until it can be had again.
 */
void tg_tasks_begin(int n);
unsigned long long tg_tasks_guest(int tid, unsigned long long utime,
                                  unsigned long long stime,
                                  unsigned long long gtime,
                                  unsigned long long cpu);
void tg_tasks_end(void);

#endif /* TOP_GUEST_H */
