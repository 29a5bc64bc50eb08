/*
 * kvm_calc.h: KVM activity (sar -K) - data structure saved in sa files,
 * counter name mapping and rate computation.
 * (C) 2026 by Seed 1c3e161a maintainers (maintainers <at> users.noreply.r-seed-1c3e161a.example)
 */

/*
 * The functions declared here are pure: they do no I/O and use no globals.
 * Allocation is done only by kvm_compute_rows() (scratch memory, freed before
 * it returns) and the kvm_avg_*() functions (averages kept by sar).
 *
 * Items come from sa files that may have been crafted: they are never used
 * in place. kvm_compute_rows() copies each one into an aligned structure
 * (the item size of a file need not be a multiple of 8) whose key and name
 * are NUL-terminated and printable (kvm_clean_item()); everything printed
 * comes from these copies.
 */

#ifndef _KVM_CALC_H
#define _KVM_CALC_H

#include <stddef.h>

/*
 ***************************************************************************
 * Counters kept for every VM (and summed for item 0, the "all" row).
 * Index in stats_kvm.cnt[] and bit number in stats_kvm.present.
 * All of them are cumulative (they only grow while the VM lives).
 ***************************************************************************
 */
enum {
	KC_EXITS	= 0,	/* exits (x86, arm64, riscv), sum_exits (powerpc) */
	KC_HALT_EXITS	= 1,	/* halt_exits, wfi_exit_stat, exit_wait_state */
	KC_HPOLL	= 2,	/* halt_attempted_poll */
	KC_HPOLL_OK	= 3,	/* halt_successful_poll */
	KC_HWAKE	= 4,	/* halt_wakeup */
	KC_HPOLL_OK_NS	= 5,	/* halt_poll_success_ns (nanoseconds) */
	KC_HPOLL_FAIL_NS = 6,	/* halt_poll_fail_ns (nanoseconds) */
	KC_HWAIT_NS	= 7,	/* halt_wait_ns (nanoseconds) */
	KC_SIG_EXITS	= 8,	/* signal_exits */
	KC_MMIO_EXITS	= 9,	/* mmio_exits, mmio_exit_user + mmio_exit_kernel */
	KC_IO_EXITS	= 10,	/* io_exits (x86 only) */
	KC_IRQ_EXITS	= 11,	/* irq_exits, exit_external_interrupt, ext_intr_exits */
	KC_IRQ_INJ	= 12,	/* irq_injections */
	KC_HCALLS	= 13,	/* hypercalls, hvc_exit_stat, ecall_exit_stat */
	KC_EMUL		= 14,	/* insn_emulation, exit_instruction, emulated_inst_exits */
	KC_PF_FIXED	= 15,	/* pf_fixed */
	KC_RTLB_FLUSH	= 16,	/* remote_tlb_flush (VM-scope statistic) */
	KC_GUEST_CS	= 17,	/* guest time of the VMM process (1/100 s) */
	KC_CPU_CS	= 18,	/* utime + stime of the VMM process (1/100 s) */
	KC_NR		= 19
};

/* Bit in stats_kvm.present for the instantaneous "blocking" statistic */
#define KP_BLOCKING	KC_NR
/*
 * Bit in stats_kvm.present: steal_ns and nsteal were read (the run delay
 * of the VM's vCPU threads; see struct stats_kvm).
 */
#define KP_STEAL	(KC_NR + 1)
/*
 * Bit in the present field of item 0 only: its counters outside
 * KC_CORE_MASK hold the top-level debugfs values (the kernel's own sums
 * over the VMs alive when they were read), not sums over the VM items.
 */
#define KP_TOPLEVEL	31
/* Bits of stats_kvm.present covering the KVM counters read from the kernel */
#define KP_KVM_MASK	((1U << KC_GUEST_CS) - 1)
/* Bits of stats_kvm.present covering the process times */
#define KP_PROC_MASK	((1U << KC_GUEST_CS) | (1U << KC_CPU_CS))
/*
 * Counters that sadc -S KVM reads for every VM from debugfs (with the
 * "blocking" instant value): 9 files per VM on x86, to keep the cost per
 * VM low. The other counters are read once per sample from the top-level
 * debugfs files (KP_TOPLEVEL). sadc -S XKVM reads every counter for every
 * VM; the binary statistics fds always give every counter.
 * Changing this set changes the meaning of saved data: new magic number.
 */
#define KC_CORE_MASK	((1U << KC_EXITS) | (1U << KC_HALT_EXITS) | \
			 (1U << KC_HPOLL_OK_NS) | (1U << KC_HPOLL_FAIL_NS) | \
			 (1U << KC_HWAIT_NS) | (1U << KC_MMIO_EXITS) | \
			 (1U << KC_IO_EXITS) | (1U << KC_IRQ_INJ))

/* Where the statistics of a sample (item 0) or of a VM come from */
enum {
	KVM_SRC_NONE	= 0,	/* nothing could be read */
	KVM_SRC_DEBUGFS	= 1,	/* /sys/kernel/debug/kvm cumulative files */
	KVM_SRC_STATSFD	= 2,	/* KVM binary statistics fds (pidfd_getfd) */
	KVM_SRC_INSTANT	= 3,	/* number of VMs/vCPUs and instant files only */
	KVM_SRC_DENIED	= 4	/* item 0 only: VMs run (their processes have guest
				 * time) but the user who ran sadc may read neither
				 * debugfs nor their fds; no other item is saved */
};

#define MAX_KVM_KEY_LEN		24	/* "<pid>-<fd>" or "all" */
#define MAX_KVM_NAME_LEN	64	/* guest name, escaped, NUL-terminated */
#define MAX_NR_KVM		65536	/* items per sample accepted in a file */

/*
 * Structure saved in sa data files for activity A_KVM.
 * Item 0 is the system-wide row ("all"); items 1..n are the VMs.
 * Layout rule of sysstat: unsigned long long fields first, then unsigned int,
 * then char arrays. A field added at the end of its group (steal_ns after
 * start_cs, nsteal after nstats) keeps older files readable: sysstat remaps
 * them by the numbers of fields of each type (STATS_KVM_ULL/UL/U, saved in
 * the file), and the new fields read as 0, their present bit unset. Any
 * other change (moving, removing or changing the meaning of a field)
 * requires a new magic number. 21 unsigned long long and 8 unsigned int:
 * 288 bytes on 32-bit and 64-bit alike (no tail padding).
 */
struct stats_kvm {
	unsigned long long cnt[KC_NR];	/* cumulative values (item 0: sums over VMs) */
	unsigned long long start_cs;	/* VMM process start time (1/100 s since boot) */
	unsigned long long steal_ns;	/* run delay of the vCPU threads (ns): time they
					 * were runnable but waited for a host CPU, which
					 * is the guest's steal time (sum of the second
					 * field of /proc/PID/task/TID/schedstat over the
					 * nsteal threads that have guest time) */
	unsigned int nvm;		/* number of VMs (1 for a VM row, or more if
					 * several VMs share a process on the fd path) */
	unsigned int nvcpu;		/* number of vCPUs */
	unsigned int vcpublk;		/* vCPUs blocked (halted) now */
	unsigned int present;		/* bit i: cnt[i] read; bit KP_BLOCKING: vcpublk read;
					 * bit KP_STEAL: steal_ns and nsteal read;
					 * item 0: bit KP_TOPLEVEL (see above) */
	unsigned int source;		/* KVM_SRC_* */
	unsigned int pid;		/* VMM process id (0 for item 0) */
	unsigned int nstats;		/* number of statistics sources summed (vCPU stats
					 * fds, or 1 for a debugfs directory) */
	unsigned int nsteal;		/* number of vCPU threads summed in steal_ns */
	char key[MAX_KVM_KEY_LEN];	/* "<pid>-<vm fd>", "all" for item 0 */
	char name[MAX_KVM_NAME_LEN];	/* guest name (escaped), "" if unknown */
};

#define STATS_KVM_SIZE	(sizeof(struct stats_kvm))
#define STATS_KVM_ULL	(KC_NR + 2)
#define STATS_KVM_UL	0
#define STATS_KVM_U	8

/*
 ***************************************************************************
 * Output fields (columns of sar -K, values of sadf).
 ***************************************************************************
 */
enum {
	KF_NVM = 0, KF_NVCPU, KF_VCPUBLK,
	KF_EXIT, KF_HLTEXIT, KF_HPOLL, KF_HPOLLOK, KF_HWAKE,
	KF_PCT_HPOLL, KF_PCT_HWAIT,
	KF_SIGEXIT, KF_MMIOEXIT, KF_IOEXIT, KF_IRQEXIT, KF_IRQINJ,
	KF_HCALL, KF_EMUL, KF_PFFIX, KF_RTLBFL,
	KF_PCT_GUEST, KF_PCT_VMM, KF_PCT_STEAL,
	KF_NR
};

/* Kind of an output field */
enum {
	KFK_INSTANT = 0,	/* value at the end of the interval */
	KFK_RATE = 1,		/* per second */
	KFK_PCT = 2		/* percentage */
};

struct kvm_field {
	const char *hdr;	/* sar / sadf -d column name */
	const char *kname;	/* JSON key, XML attribute: hdr without "/s", "%x" as
				 * "x-percent" (sysstat's convention) */
	int kind;		/* KFK_* */
};

extern const struct kvm_field kvm_fields[KF_NR];

/* Name of each counter: the kernel's (x86) name; process times: guest_cs, cpu_cs */
extern const char * const kvm_cnt_name[KC_NR];

/*
 * PCP (sadf -l): PMID domain of pmdakvm and two clusters it does not use;
 * metric names kvm.<name> and kvm.vm.<name>; size of an instance name
 * "<key> <guest name>"
 */
#define KVM_PCP_DOMAIN		95
#define KVM_PCP_CLUSTER		60
#define KVM_PCP_VM_CLUSTER	61
#define KVM_PCP_CNAME(k)	((k) == KC_GUEST_CS ? "guest" : \
				 (k) == KC_CPU_CS ? "cpu" : kvm_cnt_name[k])
#define KVM_PCP_INST_LEN	(MAX_KVM_KEY_LEN + 1 + MAX_KVM_NAME_LEN)

/* One computed output row */
struct kvm_row {
	const struct stats_kvm *st;	/* current item (key, name): &item, or the
					 * item given to kvm_avg_row() */
	struct stats_kvm item;		/* clean, aligned copy of the current item */
	int prev;			/* index of the item of the same key in the
					 * previous sample, -1 if none */
	double v[KF_NR];		/* values */
	unsigned int present;		/* bit i: v[i] is meaningful */
	double d[KC_NR];		/* counter increments over the interval */
	unsigned int dknown;		/* bit k: d[k] is known */
	double dsteal;			/* increment of steal_ns (known if bit
					 * KF_PCT_STEAL of present is set) */
	unsigned int nsteal;		/* vCPU threads it is the sum of */
};

/*
 ***************************************************************************
 * Name mapping (kernel statistic names -> counters), value parsing.
 ***************************************************************************
 */

/* Returns KC_* index, KP_BLOCKING for "blocking", or -1 if not used */
int kvm_map_name(const char *name);

/* Parse a debugfs value ("%llu\n"). Returns 0 if OK, -1 if malformed */
int kvm_parse_value(const char *buf, size_t len, unsigned long long *val);

/* Parse "<pid>-<fd>". Returns 0 if OK (both > 0 for pid), -1 otherwise */
int kvm_parse_key(const char *s, unsigned int *pid, unsigned int *fd);

/*
 * Parse /proc/PID/stat contents: start time (field 22, in clock ticks).
 * Returns 0 if OK, -1 if malformed.
 */
int kvm_parse_starttime(const char *buf, unsigned long long *start);

/* A task's CPU and guest times, as read from one /proc/PID/stat line */
struct kvm_task {
	int pid;
	char comm[64];		/* between the first '(' and the LAST ')', truncated */
	char state;
	unsigned long long utime, stime, cutime, cstime;	/* fields 14..17 */
	unsigned long long guest_time, cguest_time;		/* fields 43, 44 (0 when absent) */
	int has_guest;		/* 1 when fields 43 and 44 were present */
};

/*
 * Parse one /proc/PID/stat line: "PID (COMM) S f4 f5 ...". COMM is the text
 * between the first '(' and the last ')' in buf (it may contain spaces,
 * parentheses and newlines) and is truncated to 63 characters. Fields 14-17
 * are required; fields 43 and 44 are read when both are present
 * (has_guest = 1), otherwise has_guest = 0 and the guest times are 0.
 * Fields after 44 are ignored. Fields not stored may carry a '-' sign.
 * Returns 0 if OK, -1 if malformed or fewer than 17 fields; *out is left
 * unchanged on failure.
 */
int kvm_parse_task_stat(const char *buf, struct kvm_task *out);

/*
 * Parse /proc/PID/task/TID/schedstat contents: "<time on a CPU (ns)>
 * <run delay (ns)> <timeslices>\n". Returns 0 and the run delay in
 * *run_delay if OK, -1 if malformed or if the time on a CPU is 0 (the
 * kernel prints "0 0 0" when it does not keep these statistics).
 */
int kvm_parse_schedstat(const char *buf, unsigned long long *run_delay);

/* Convert clock ticks to 1/100 s, without overflow for any tick value */
unsigned long long kvm_ticks_to_cs(unsigned long long ticks, unsigned long hz);

/*
 * Guest name from a /proc/PID/cmdline buffer (NUL-separated args):
 * value of QEMU's -name / --name option, "guest=" form, ",," = ','.
 * The result is escaped with kvm_escape_name().
 * Returns 1 if a name was found, 0 otherwise (out set to "").
 */
int kvm_guest_name(const char *cmdline, size_t len, char *out, size_t outsz);

/*
 * Copy @len bytes of @in to @out (size @outsz, always NUL-terminated),
 * replacing every byte that is not printable ASCII, and the characters
 * \ " ' < > & ; with "\xHH". A sequence is never cut by truncation.
 * Returns the number of input bytes consumed.
 */
size_t kvm_escape_name(const char *in, size_t len, char *out, size_t outsz);

/*
 * Make a name read from a (possibly tainted) file safe to print: force
 * NUL termination and replace any byte that kvm_escape_name() would never
 * produce with '?'. Returns @s.
 */
char *kvm_sanitize_name(char *s, size_t size);

/*
 * Make an item copied from a file safe to use: key and name NUL-terminated
 * and printable (kvm_sanitize_name()), "blocking" no larger than the number
 * of vCPUs, nsteal between 1 and the number of vCPUs (else absent).
 */
void kvm_clean_item(struct stats_kvm *st);

/*
 * Copy item @i of the @msize-byte items at @buf into @out (aligned), then
 * clean it with kvm_clean_item(). Returns @out.
 */
struct stats_kvm *kvm_item_copy(const void *buf, int i, size_t msize, struct stats_kvm *out);

/*
 ***************************************************************************
 * KVM binary statistics (KVM_GET_STATS_FD) parsing.
 ***************************************************************************
 */

#define KVM_BSTATS_HDR_SIZE	24
#define KVM_BSTATS_DESC_SIZE	16	/* without the name */

/*
 * Parse a buffer holding the first @len bytes of a binary stats file.
 * Add the values of the mapped statistics to @cnt (and set bits in
 * @present); the "blocking" instant value is added to @blocking.
 * Returns:
 *   0	  OK;
 *   > 0  the buffer is too short: the number of bytes needed;
 *   -1	  malformed contents (nothing added).
 */
long kvm_parse_bstats(const unsigned char *buf, size_t len,
		      unsigned long long cnt[KC_NR], unsigned int *present,
		      unsigned int *blocking);

/*
 ***************************************************************************
 * Rates.
 ***************************************************************************
 */

/*
 * Compute output rows for the current sample.
 * @prev, @nprev:	previous sample (item 0 first), may be NULL / 0.
 * @curr, @ncurr:	current sample (item 0 first), @ncurr >= 1.
 * @msize:		size of one item in the arrays (>= STATS_KVM_SIZE; any
 *			alignment).
 * @prev_uptime_cs:	uptime (1/100 s) when the previous sample was taken.
 * @itv:		interval in 1/100 s.
 * @rows:		@ncurr rows; rows[0] is the "all" row.
 * VMs are matched by key (binary search: O(n log n) for n items); a new
 * VM, a reused key (another process) and changed sources are handled so
 * that no rate is negative: unknown values are marked absent instead. A
 * VM any of whose counters went down (a counter reset by a write to its
 * debugfs file, or the key reused by a new VM of the same process: the
 * two cannot be told apart) has all its KVM counters absent for that
 * interval: never a since-start total, never an undercount.
 * Counters of the "all" row are the sums of the VM increments, except the
 * top-level ones (KP_TOPLEVEL in both samples): these are the increments of
 * the kernel's sums, known only if no VM of the previous sample has gone
 * (or was replaced under the same key) and no sum went down.
 * Returns 0, or -1 if scratch memory could not be allocated.
 */
int kvm_compute_rows(const void *prev, int nprev, const void *curr, int ncurr,
		     size_t msize, unsigned long long prev_uptime_cs,
		     unsigned long long itv, struct kvm_row *rows);

/* TRUE if VM item @st matches one of the @n filter strings (name, pid or key) */
int kvm_match_vm(const struct stats_kvm *st, const char * const *filter, int n);

/* Name of a KVM_SRC_* value */
const char *kvm_source_name(unsigned int source);

/*
 ***************************************************************************
 * A map from strings (VM keys) to numbers, for the outputs that look VMs
 * up by key once per row: sadf -g (graph of a VM), -l (PCP instances).
 ***************************************************************************
 */
struct kvm_strmap {
	char **key;			/* copies, NULL = free slot */
	int *val;
	size_t size;			/* slots (a power of 2, > 2 * n) */
	size_t n;
	unsigned long seed;		/* hash seed, set by the caller (kvm_hash_seed()):
					 * keys come from files, which must not be able
					 * to choose keys that collide */
};

/* Value of @key in @m, or -1 if absent */
int kvm_strmap_get(const struct kvm_strmap *m, const char *key);
/* Set the value of @key in @m to @val (>= 0). Returns -1 if memory could not be allocated */
int kvm_strmap_put(struct kvm_strmap *m, const char *key, int val);
/* Free the contents of @m (its seed is kept) */
void kvm_strmap_free(struct kvm_strmap *m);

/*
 ***************************************************************************
 * Averages (kept by sar for the "Average:" lines).
 ***************************************************************************
 */
struct kvm_avg_item {
	char key[MAX_KVM_KEY_LEN];
	char name[MAX_KVM_NAME_LEN];
	double sum[KF_NR];		/* rates/percentages: sum of value * itv;
					 * instants: sum of values */
	double wsum[KF_NR];		/* itv (rates/pct) or 1 (instants) summed */
	double min[KF_NR];		/* smallest value (valid if wsum > 0) */
	double max[KF_NR];		/* largest value (valid if wsum > 0) */
};

/* Row wanted from kvm_avg_row() */
enum {
	KVM_AVG_MEAN = 0,
	KVM_AVG_MIN = 1,
	KVM_AVG_MAX = 2
};

struct kvm_avg {
	struct kvm_avg_item *it;	/* it[0] is "all" */
	int n;
	int alloc;
	int *hash;			/* open addressing on (key, name): index
					 * in it[], 0 = free slot */
	size_t hsize;			/* slots (a power of 2, >= 2 * alloc) */
	unsigned long seed;		/* hash seed, as in struct kvm_strmap */
};

/* Add a row; returns -1 if memory could not be allocated */
int kvm_avg_add(struct kvm_avg *avg, const struct kvm_row *row, int is_all,
		unsigned long long itv);
/* Average (or min, max: @which = KVM_AVG_*) row for item @i of @avg */
void kvm_avg_row(const struct kvm_avg *avg, int i, int which, struct kvm_row *row,
		 struct stats_kvm *st);
void kvm_avg_free(struct kvm_avg *avg);

#endif /* _KVM_CALC_H */
