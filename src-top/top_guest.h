/* SPDX-License-Identifier: LGPL-2.0-or-later */
/*
 * top_guest.h - guest (KVM) time for top: the %Cpu states and the parts
 * of the cpu graphs (the per-task guest share, %GU, is the library's
 * PIDS_TICS_GUEST_DELTA).
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
 * The %Cpu lines keep top's eight fields as they always were (80 columns,
 * "%Cpu(s):  2.0 us, ... 0.0 st ") and add guest time after them
 * ("  2.0 gu,  0.0 gn "): TG_LINE_COLS columns in all.
 *
 * Does such a line fit on one screen line?  cols = screen width, per_row =
 * how many cpus are shown side by side (key '4', 1 if none), sep = width
 * of the space top puts between them.  The last trailing blank may be cut.
 */
#define TG_LINE_COLS     98  /* 8 + 8 x 9 + 18 ("  2.0 gu,  0.0 gn ") */

int  tg_states_oneline(int cols, int per_row, int sep);

#endif /* TOP_GUEST_H */
