/*
 * kvm_calc.c: KVM activity (sar -K) - counter name mapping, value parsing,
 * KVM binary statistics parsing, guest names and rate computation.
 * (C) 2026 by Seed 1c3e161a maintainers (maintainers <at> users.noreply.r-seed-1c3e161a.example)
 *
 ***************************************************************************
 * This program is free software; you can redistribute it and/or modify it *
 * under the terms of the GNU General Public License as published  by  the *
 * Free Software Foundation; either version 2 of the License, or (at  your *
 * option) any later version.                                              *
 *                                                                         *
 * This program is distributed in the hope that it  will  be  useful,  but *
 * WITHOUT ANY WARRANTY; without the implied warranty  of  MERCHANTABILITY *
 * or FITNESS FOR A PARTICULAR PURPOSE. See the GNU General Public License *
 * for more details.                                                       *
 *                                                                         *
 * You should have received a copy of the GNU General Public License along *
 * with this program; if not, write to the Free Software Foundation, Inc., *
 * 51 Franklin Street, Fifth Floor, Boston, MA 02110-1335 USA              *
 ***************************************************************************
 */

/*
 * Pure C99: no I/O, no globals (kvm_avg_*() allocate memory).
 */

#include <stdlib.h>
#include <string.h>
#include <limits.h>

#include "kvm_calc.h"

/* Output fields: column header (sar, sadf -d/-p), JSON key and XML attribute, kind */
const struct kvm_field kvm_fields[KF_NR] = {
	{"nvm",		"nvm",			KFK_INSTANT},
	{"nvcpu",	"nvcpu",		KFK_INSTANT},
	{"vcpublk",	"vcpublk",		KFK_INSTANT},
	{"exit/s",	"exit",			KFK_RATE},
	{"hltexit/s",	"hltexit",		KFK_RATE},
	{"hpoll/s",	"hpoll",		KFK_RATE},
	{"hpollok/s",	"hpollok",		KFK_RATE},
	{"hwake/s",	"hwake",		KFK_RATE},
	{"%hpoll",	"hpoll-percent",	KFK_PCT},
	{"%hwait",	"hwait-percent",	KFK_PCT},
	{"sigexit/s",	"sigexit",		KFK_RATE},
	{"mmioexit/s",	"mmioexit",		KFK_RATE},
	{"ioexit/s",	"ioexit",		KFK_RATE},
	{"irqexit/s",	"irqexit",		KFK_RATE},
	{"irqinj/s",	"irqinj",		KFK_RATE},
	{"hcall/s",	"hcall",		KFK_RATE},
	{"emul/s",	"emul",			KFK_RATE},
	{"pffix/s",	"pffix",		KFK_RATE},
	{"rtlbfl/s",	"rtlbfl",		KFK_RATE},
	{"%gcpu",	"gcpu-percent",		KFK_PCT},
	{"%vmm",	"vmm-percent",		KFK_PCT},
	{"%steal",	"steal-percent",	KFK_PCT}
};

/*
 * Kernel statistic names (debugfs file names = binary stats descriptor
 * names) and the counter they feed. x86 names are the reference; the other
 * architectures' names are mapped to the same counters below.
 * Names mapped to the same counter are added: this is only intended for
 * arm64/riscv mmio_exit_user + mmio_exit_kernel; the other alternatives
 * never coexist on one kernel.
 */
static const struct {
	const char *name;
	int idx;
} kvm_names[] = {
	/* Generic (all architectures) */
	{"halt_attempted_poll",		KC_HPOLL},
	{"halt_successful_poll",	KC_HPOLL_OK},
	{"halt_wakeup",			KC_HWAKE},
	{"halt_poll_success_ns",	KC_HPOLL_OK_NS},
	{"halt_poll_fail_ns",		KC_HPOLL_FAIL_NS},
	{"halt_wait_ns",		KC_HWAIT_NS},
	{"remote_tlb_flush",		KC_RTLB_FLUSH},
	{"blocking",			KP_BLOCKING},
	/* x86 (arm64 and riscv share exits and signal_exits) */
	{"exits",			KC_EXITS},
	{"halt_exits",			KC_HALT_EXITS},
	{"signal_exits",		KC_SIG_EXITS},
	{"mmio_exits",			KC_MMIO_EXITS},
	{"io_exits",			KC_IO_EXITS},
	{"irq_exits",			KC_IRQ_EXITS},
	{"irq_injections",		KC_IRQ_INJ},
	{"hypercalls",			KC_HCALLS},
	{"insn_emulation",		KC_EMUL},
	{"pf_fixed",			KC_PF_FIXED},
	/* arm64, riscv */
	{"wfi_exit_stat",		KC_HALT_EXITS},
	{"mmio_exit_user",		KC_MMIO_EXITS},
	{"mmio_exit_kernel",		KC_MMIO_EXITS},
	{"hvc_exit_stat",		KC_HCALLS},	/* arm64 */
	{"ecall_exit_stat",		KC_HCALLS},	/* riscv */
	/* s390 (no total exit counter) */
	{"exit_wait_state",		KC_HALT_EXITS},
	{"exit_external_interrupt",	KC_IRQ_EXITS},
	{"exit_instruction",		KC_EMUL},
	/* powerpc */
	{"sum_exits",			KC_EXITS},
	{"ext_intr_exits",		KC_IRQ_EXITS},
	{"emulated_inst_exits",		KC_EMUL}
};

const char * const kvm_cnt_name[KC_NR] = {
	"exits", "halt_exits", "halt_attempted_poll", "halt_successful_poll",
	"halt_wakeup", "halt_poll_success_ns", "halt_poll_fail_ns", "halt_wait_ns",
	"signal_exits", "mmio_exits", "io_exits", "irq_exits", "irq_injections",
	"hypercalls", "insn_emulation", "pf_fixed", "remote_tlb_flush",
	"guest_cs", "cpu_cs"
};

int kvm_map_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(kvm_names) / sizeof(kvm_names[0]); i++) {
		if (!strcmp(name, kvm_names[i].name))
			return kvm_names[i].idx;
	}
	return -1;
}

/* Parse decimal digits at s[0..len-1]; returns number of digits, 0 if none or overflow */
static size_t parse_ull(const char *s, size_t len, unsigned long long *val)
{
	size_t i = 0;
	unsigned long long v = 0;

	while ((i < len) && (s[i] >= '0') && (s[i] <= '9')) {
		unsigned int d = (unsigned int) (s[i] - '0');

		if (v > (ULLONG_MAX - d) / 10)
			return 0;
		v = v * 10 + d;
		i++;
	}
	*val = v;
	return i;
}

int kvm_parse_value(const char *buf, size_t len, unsigned long long *val)
{
	unsigned long long v;
	size_t n;

	n = parse_ull(buf, len, &v);
	if (!n)
		return -1;
	/* Only a newline (or NUL) may follow */
	if ((n < len) && (buf[n] != '\n') && (buf[n] != '\0'))
		return -1;
	if ((n + 1 < len) && (buf[n] == '\n') && (buf[n + 1] != '\0'))
		return -1;
	*val = v;
	return 0;
}

int kvm_parse_key(const char *s, unsigned int *pid, unsigned int *fd)
{
	unsigned long long p, f;
	size_t len = strlen(s), n, m;

	n = parse_ull(s, len, &p);
	if (!n || (s[0] == '0') || (n >= len) || (s[n] != '-'))
		return -1;
	m = parse_ull(s + n + 1, len - n - 1, &f);
	if (!m || (n + 1 + m != len))
		return -1;
	if ((p > INT_MAX) || (f > INT_MAX))
		return -1;
	*pid = (unsigned int) p;
	*fd = (unsigned int) f;
	return 0;
}

int kvm_parse_schedstat(const char *buf, unsigned long long *run_delay)
{
	unsigned long long v[3];
	size_t n, len = strlen(buf);
	int i;

	for (i = 0; i < 3; i++) {
		n = parse_ull(buf, len, &v[i]);
		if (!n)
			return -1;
		buf += n;
		len -= n;
		if (i < 2) {
			if (*buf != ' ')
				return -1;
			buf++;
			len--;
		}
	}
	/* Only a newline may follow */
	if (*buf && strcmp(buf, "\n"))
		return -1;
	/*
	 * "0 0 0": the kernel does not keep these statistics (sched_info off);
	 * any thread that has run has a time on a CPU above 0.
	 */
	if (!v[0])
		return -1;
	*run_delay = v[1];
	return 0;
}

int kvm_parse_starttime(const char *buf, unsigned long long *start)
{
	const char *p = strrchr(buf, ')');
	int field = 2;		/* the ')' ends field 2 (comm) */
	size_t n;

	if (!p)
		return -1;
	p++;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p || (*p == '\n'))
			break;
		field++;
		if (field == 22) {
			n = parse_ull(p, strlen(p), start);
			if (!n || ((p[n] != ' ') && (p[n] != '\n') && (p[n] != '\0')))
				return -1;
			return 0;
		}
		while (*p && (*p != ' ') && (*p != '\n'))
			p++;
	}
	return -1;
}

/* Field separator and end of a /proc/PID/stat line */
#define TASK_BLANK(c)	(((c) == ' ') || ((c) == '\t'))
#define TASK_END(c)	(((c) == '\0') || ((c) == '\n'))

/*
 * An unsigned decimal field at *pp, followed by a blank or the end of the
 * line: stored in *val and *pp moved past it. Returns 0 if OK, -1 if there
 * is no digit, junk follows the digits or the value exceeds ULLONG_MAX.
 */
static int task_field(const char **pp, unsigned long long *val)
{
	size_t n = parse_ull(*pp, (size_t) -1, val);

	if (!n || (!TASK_BLANK((*pp)[n]) && !TASK_END((*pp)[n])))
		return -1;
	*pp += n;
	return 0;
}

int kvm_parse_task_stat(const char *buf, struct kvm_task *out)
{
	struct kvm_task t;
	const char *p, *close;
	unsigned long long v, *dst;
	size_t len;
	int field;

	if (!buf || !out)
		return -1;
	memset(&t, 0, sizeof(t));
	p = buf;
	if (task_field(&p, &v) || (v > INT_MAX))
		return -1;
	t.pid = (int) v;
	while (TASK_BLANK(*p))
		p++;
	if (*p != '(')
		return -1;
	close = strrchr(p, ')');
	if (!close)
		return -1;
	len = (size_t) (close - p - 1);
	if (len > sizeof(t.comm) - 1)
		len = sizeof(t.comm) - 1;
	memcpy(t.comm, p + 1, len);
	t.comm[len] = '\0';

	/* Field 3: the state, one character */
	p = close + 1;
	while (TASK_BLANK(*p))
		p++;
	if ((p == close + 1) || TASK_END(*p) || !TASK_BLANK(p[1]))
		return -1;
	t.state = *p++;

	for (field = 4; field <= 44; field++) {
		while (TASK_BLANK(*p))
			p++;
		if (TASK_END(*p))
			break;
		switch (field) {
		case 14: dst = &t.utime; break;
		case 15: dst = &t.stime; break;
		case 16: dst = &t.cutime; break;
		case 17: dst = &t.cstime; break;
		case 43: dst = &t.guest_time; break;
		case 44: dst = &t.cguest_time; break;
		default:
			/* Not stored: may be signed */
			dst = &v;
			if (*p == '-')
				p++;
			break;
		}
		if (task_field(&p, dst))
			return -1;
	}
	/* field = number of fields read + 1 */
	if (field <= 17)
		return -1;
	t.has_guest = (field > 44);
	if (!t.has_guest) {
		t.guest_time = 0;
		t.cguest_time = 0;
	}
	*out = t;
	return 0;
}

unsigned long long kvm_ticks_to_cs(unsigned long long ticks, unsigned long hz)
{
	if (!hz || (hz == 100))
		return ticks;
	return ticks / hz * 100 + (ticks % hz) * 100 / hz;
}

/* Characters that are printable but never copied as such */
static int is_special(unsigned char c)
{
	return (c == '\\') || (c == '"') || (c == '\'') || (c == '<') ||
	       (c == '>') || (c == '&') || (c == ';');
}

size_t kvm_escape_name(const char *in, size_t len, char *out, size_t outsz)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, o = 0;

	if (!outsz)
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char) in[i];

		if ((c >= 0x20) && (c < 0x7f) && !is_special(c)) {
			if (o + 1 >= outsz)
				break;
			out[o++] = (char) c;
		}
		else {
			if (o + 4 >= outsz)
				break;
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[c >> 4];
			out[o++] = hex[c & 0x0f];
		}
	}
	out[o] = '\0';
	return i;
}

char *kvm_sanitize_name(char *s, size_t size)
{
	size_t i;

	if (!size)
		return s;
	s[size - 1] = '\0';
	for (i = 0; s[i]; i++) {
		unsigned char c = (unsigned char) s[i];

		if ((c < 0x20) || (c >= 0x7f) || ((c != '\\') && is_special(c))) {
			s[i] = '?';
		}
	}
	return s;
}

/*
 * Unescape one QEMU option element: ",," stands for ','. The element
 * ends at a single ',' or at @end. Returns a pointer past the element.
 */
static const char *qemu_element(const char *p, const char *end, char *out,
				 size_t outsz, size_t *outlen)
{
	size_t o = 0;

	while (p < end) {
		if (*p == ',') {
			if ((p + 1 < end) && (p[1] == ',')) {
				if (o < outsz)
					out[o++] = ',';
				p += 2;
				continue;
			}
			p++;	/* separator */
			break;
		}
		if (o < outsz)
			out[o++] = *p;
		p++;
	}
	*outlen = o;
	return p;
}

int kvm_guest_name(const char *cmdline, size_t len, char *out, size_t outsz)
{
	const char *p = cmdline, *end = cmdline + len, *val = NULL, *vend = NULL;
	char elem[256];
	size_t elen, glen = 0;
	int first, found = 0;
	char gname[256];

	if (outsz)
		out[0] = '\0';

	/* Find the last -name / --name argument */
	while (p < end) {
		const char *a = p, *aend = memchr(p, '\0', (size_t) (end - p));

		if (!aend)
			aend = end;
		p = aend + 1;
		if (((aend - a == 5) && !memcmp(a, "-name", 5)) ||
		    ((aend - a == 6) && !memcmp(a, "--name", 6))) {
			if (p < end) {
				val = p;
				vend = memchr(p, '\0', (size_t) (end - p));
				if (!vend)
					vend = end;
			}
		}
	}
	if (!val)
		return 0;

	/* Parse "guest=NAME,key=val" or "NAME,key=val" */
	p = val;
	first = 1;
	while (p < vend) {
		p = qemu_element(p, vend, elem, sizeof(elem), &elen);
		if (first && !memchr(elem, '=', elen)) {
			memcpy(gname, elem, elen);
			glen = elen;
			found = 1;
		}
		else if ((elen >= 6) && !strncmp(elem, "guest=", 6)) {
			memcpy(gname, elem + 6, elen - 6);
			glen = elen - 6;
			found = 1;
		}
		first = 0;
	}
	if (!found)
		return 0;
	kvm_escape_name(gname, glen, out, outsz);
	return 1;
}

/*
 ***************************************************************************
 * KVM binary statistics.
 ***************************************************************************
 */

#define KVM_STATS_TYPE_MASK		0x0f
#define KVM_STATS_TYPE_CUMULATIVE	0x00
#define KVM_STATS_TYPE_INSTANT		0x01
#define KVM_STATS_UNIT_MASK		0xf0
#define KVM_STATS_UNIT_NONE		0x00
#define KVM_STATS_UNIT_SECONDS		0x20
#define KVM_STATS_UNIT_BOOLEAN		0x40
#define KVM_STATS_BASE_MASK		0xf00
#define KVM_STATS_BASE_POW10		0x000

/* Sanity limits for a (possibly hostile) stats file */
#define KVM_BSTATS_MAX_NAME	1024
#define KVM_BSTATS_MAX_DESC	65536
#define KVM_BSTATS_MAX_SIZE	(64UL * 1024 * 1024)

static unsigned int get_u32(const unsigned char *p)
{
	unsigned int v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static unsigned long long get_u64(const unsigned char *p)
{
	unsigned long long v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Value of counter @idx in nanoseconds or as a plain count; -1 if the unit does not fit */
static int convert_value(int idx, unsigned int flags, int exponent, unsigned long long raw,
			 unsigned long long *val)
{
	unsigned int unit = flags & KVM_STATS_UNIT_MASK;
	int e;

	if ((flags & KVM_STATS_BASE_MASK) != KVM_STATS_BASE_POW10)
		return -1;

	if ((idx == KC_HPOLL_OK_NS) || (idx == KC_HPOLL_FAIL_NS) || (idx == KC_HWAIT_NS)) {
		if (unit != KVM_STATS_UNIT_SECONDS)
			return -1;
		/* value * 10^exponent seconds = value * 10^(exponent + 9) ns */
		e = exponent + 9;
		if ((e < -18) || (e > 9))
			return -1;
		while (e > 0) {
			if (raw > ULLONG_MAX / 10)
				return -1;
			raw *= 10;
			e--;
		}
		while (e < 0) {
			raw /= 10;
			e++;
		}
		*val = raw;
		return 0;
	}
	if (idx == KP_BLOCKING) {
		if ((unit != KVM_STATS_UNIT_BOOLEAN) && (unit != KVM_STATS_UNIT_NONE))
			return -1;
	}
	else if (unit != KVM_STATS_UNIT_NONE)
		return -1;
	if (exponent != 0)
		return -1;
	*val = raw;
	return 0;
}

long kvm_parse_bstats(const unsigned char *buf, size_t len,
		      unsigned long long cnt[KC_NR], unsigned int *present,
		      unsigned int *blocking)
{
	unsigned int name_size, num_desc, desc_offset, data_offset, i;
	unsigned long long desc_end, need = 0, dsize;
	unsigned long long add[KC_NR];
	unsigned int addmask = 0, blk = 0;
	char name[KVM_BSTATS_MAX_NAME + 1];
	int pass;

	if (len < KVM_BSTATS_HDR_SIZE)
		return KVM_BSTATS_HDR_SIZE;

	name_size   = get_u32(buf + 4);
	num_desc    = get_u32(buf + 8);
	desc_offset = get_u32(buf + 16);
	data_offset = get_u32(buf + 20);

	if (!name_size || (name_size > KVM_BSTATS_MAX_NAME) ||
	    (num_desc > KVM_BSTATS_MAX_DESC) ||
	    (desc_offset < KVM_BSTATS_HDR_SIZE) ||
	    (data_offset > KVM_BSTATS_MAX_SIZE))
		return -1;

	dsize = KVM_BSTATS_DESC_SIZE + (unsigned long long) name_size;
	desc_end = desc_offset + dsize * num_desc;
	if (desc_end > KVM_BSTATS_MAX_SIZE)
		return -1;
	if (len < desc_end)
		return (long) desc_end;

	memset(add, 0, sizeof(add));

	/* Pass 0: check descriptors and compute size needed; pass 1: read values */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < num_desc; i++) {
			const unsigned char *d = buf + desc_offset + dsize * i;
			unsigned int flags = get_u32(d);
			short exponent;
			unsigned short size;
			unsigned int offset = get_u32(d + 8);
			unsigned long long end, raw, val;
			int idx;

			memcpy(&exponent, d + 4, sizeof(exponent));
			memcpy(&size, d + 6, sizeof(size));
			memcpy(name, d + KVM_BSTATS_DESC_SIZE, name_size);
			name[name_size] = '\0';

			if (!size)
				return -1;
			end = (unsigned long long) data_offset + offset + 8ULL * size;
			if (end > KVM_BSTATS_MAX_SIZE)
				return -1;

			idx = kvm_map_name(name);
			if (idx < 0)
				continue;
			if (idx == KP_BLOCKING) {
				if ((flags & KVM_STATS_TYPE_MASK) != KVM_STATS_TYPE_INSTANT)
					continue;
			}
			else if ((flags & KVM_STATS_TYPE_MASK) != KVM_STATS_TYPE_CUMULATIVE)
				continue;
			if (size != 1)
				continue;

			if (!pass) {
				if (end > need)
					need = end;
				continue;
			}

			raw = get_u64(buf + data_offset + offset);
			if (convert_value(idx, flags, exponent, raw, &val) < 0)
				continue;
			if (idx == KP_BLOCKING) {
				blk += (val != 0);
				addmask |= 1U << KP_BLOCKING;
			}
			else {
				add[idx] += val;
				addmask |= 1U << idx;
			}
		}
		if (!pass && (need > len))
			return (long) need;
	}

	for (i = 0; i < KC_NR; i++) {
		if (addmask & (1U << i)) {
			cnt[i] += add[i];
		}
	}
	*blocking += blk;
	*present |= addmask;

	return 0;
}

/*
 ***************************************************************************
 * Rates.
 ***************************************************************************
 */

const char *kvm_source_name(unsigned int source)
{
	switch (source) {
	case KVM_SRC_DEBUGFS:
		return "debugfs";
	case KVM_SRC_STATSFD:
		return "statsfd";
	case KVM_SRC_INSTANT:
		return "instant";
	case KVM_SRC_DENIED:
		return "denied";
	default:
		return "none";
	}
}

/* Output field fed by counter k, or -1 (two-counter fields are handled apart) */
static int kc_to_kf(int k)
{
	switch (k) {
	case KC_EXITS:		return KF_EXIT;
	case KC_HALT_EXITS:	return KF_HLTEXIT;
	case KC_HPOLL:		return KF_HPOLL;
	case KC_HPOLL_OK:	return KF_HPOLLOK;
	case KC_HWAKE:		return KF_HWAKE;
	case KC_HWAIT_NS:	return KF_PCT_HWAIT;
	case KC_SIG_EXITS:	return KF_SIGEXIT;
	case KC_MMIO_EXITS:	return KF_MMIOEXIT;
	case KC_IO_EXITS:	return KF_IOEXIT;
	case KC_IRQ_EXITS:	return KF_IRQEXIT;
	case KC_IRQ_INJ:	return KF_IRQINJ;
	case KC_HCALLS:		return KF_HCALL;
	case KC_EMUL:		return KF_EMUL;
	case KC_PF_FIXED:	return KF_PFFIX;
	case KC_RTLB_FLUSH:	return KF_RTLBFL;
	default:		return -1;
	}
}

/*
 * Fill v[] and present from counter deltas @d (valid where bit set in
 * @known), the instants of @st and the interval @itv (1/100 s).
 */
static void deltas_to_row(const double d[KC_NR], unsigned int known,
			  unsigned int nvm, unsigned int nvcpu, unsigned int vcpublk,
			  int blk_present, unsigned long long itv, struct kvm_row *r)
{
	int k, f;
	double sec = (double) itv / 100.0;

	r->v[KF_NVM] = nvm;
	r->v[KF_NVCPU] = nvcpu;
	r->present = (1U << KF_NVM) | (1U << KF_NVCPU);
	if (blk_present) {
		r->v[KF_VCPUBLK] = vcpublk;
		r->present |= 1U << KF_VCPUBLK;
	}
	if (!itv)
		return;

	for (k = 0; k < KC_NR; k++) {
		if (!(known & (1U << k)) || ((f = kc_to_kf(k)) < 0) || (k == KC_HWAIT_NS))
			continue;
		r->v[f] = d[k] / sec;
		r->present |= 1U << f;
	}
	/* %hpoll: host CPU time spent polling, in % of one CPU */
	if ((known & (1U << KC_HPOLL_OK_NS)) && (known & (1U << KC_HPOLL_FAIL_NS))) {
		r->v[KF_PCT_HPOLL] = (d[KC_HPOLL_OK_NS] + d[KC_HPOLL_FAIL_NS]) / (sec * 1e7);
		r->present |= 1U << KF_PCT_HPOLL;
	}
	/* %hwait: share of vCPU time spent halted */
	if (known & (1U << KC_HWAIT_NS)) {
		double w = nvcpu ? d[KC_HWAIT_NS] / (sec * 1e7 * nvcpu) : 0.0;

		r->v[KF_PCT_HWAIT] = w > 100.0 ? 100.0 : w;
		r->present |= 1U << KF_PCT_HWAIT;
	}
	/* %guest and %vmm: guest time and the rest of the VMM process CPU time */
	if ((known & (1U << KC_GUEST_CS)) && (known & (1U << KC_CPU_CS))) {
		double g = d[KC_GUEST_CS], c = d[KC_CPU_CS];

		if (g > c)
			g = c;
		r->v[KF_PCT_GUEST] = g / (double) itv * 100.0;
		r->v[KF_PCT_VMM] = (c - g) / (double) itv * 100.0;
		r->present |= (1U << KF_PCT_GUEST) | (1U << KF_PCT_VMM);
	}
}

/*
 * %steal of row @r: the run delay of its @nsteal vCPU threads over the
 * interval (@dsteal ns), in % of the time they could have run (@nsteal
 * times the interval): the steal time the guest sees, averaged over its
 * vCPUs. @known: the increment is known.
 */
static void steal_to_row(int known, double dsteal, unsigned int nsteal,
			 unsigned long long itv, struct kvm_row *r)
{
	double v;

	r->dsteal = dsteal;
	r->nsteal = nsteal;
	if (!known || !itv)
		return;
	/* No vCPU thread (the "all" row of a host without VMs): no steal */
	v = nsteal ? dsteal / ((double) itv * 1e7 * nsteal) * 100.0 : 0.0;
	r->v[KF_PCT_STEAL] = v > 100.0 ? 100.0 : v;
	r->present |= 1U << KF_PCT_STEAL;
}

/*
 * Increment of the run delay of VM item @c's vCPU threads since @pp, the
 * first item of the same process in the previous sample (NULL if none).
 * Known (returns 1, *dsteal set) if both samples hold it for the same
 * number of threads and it did not go down (a vCPU thread replaced by a
 * new one), or if the process started after the previous sample (it
 * counts from 0).
 */
static int steal_delta(const struct stats_kvm *c, const struct stats_kvm *pp,
		       int proc_new, double *dsteal)
{
	if (!(c->present & (1U << KP_STEAL)))
		return 0;
	if (pp) {
		if (!(pp->present & (1U << KP_STEAL)) || (pp->nsteal != c->nsteal) ||
		    (c->steal_ns < pp->steal_ns))
			return 0;
		*dsteal = (double) (c->steal_ns - pp->steal_ns);
		return 1;
	}
	if (proc_new) {
		*dsteal = (double) c->steal_ns;
		return 1;
	}
	return 0;
}

/*
 * Index of the VM items of a sample (item 0 excluded), sorted by key or by
 * process, then by position: the first item of a key or process in the
 * sample is found by binary search.
 */
struct kvm_ref {
	const struct stats_kvm *s;
	int i;				/* position in the sample */
};

static int cmp_key(const struct stats_kvm *x, const struct stats_kvm *y)
{
	return strncmp(x->key, y->key, MAX_KVM_KEY_LEN);
}

static int cmp_proc(const struct stats_kvm *x, const struct stats_kvm *y)
{
	if (x->pid != y->pid)
		return x->pid < y->pid ? -1 : 1;
	if (x->start_cs != y->start_cs)
		return x->start_cs < y->start_cs ? -1 : 1;
	return 0;
}

static int cmp_ref_key(const void *a, const void *b)
{
	const struct kvm_ref *x = a, *y = b;
	int c = cmp_key(x->s, y->s);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

static int cmp_ref_proc(const void *a, const void *b)
{
	const struct kvm_ref *x = a, *y = b;
	int c = cmp_proc(x->s, y->s);

	return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Sort the @n refs of @ref by key (@by_proc = 0) or by process */
static void sort_refs(struct kvm_ref *ref, int n, int by_proc)
{
	if (n > 1) {
		qsort(ref, (size_t) n, sizeof(*ref), by_proc ? cmp_ref_proc : cmp_ref_key);
	}
}

/*
 * First ref (lowest position) of @n sorted refs whose item compares equal
 * to @s with @cmp, or NULL.
 */
static const struct kvm_ref *find_ref(const struct kvm_ref *ref, int n,
				      const struct stats_kvm *s,
				      int (*cmp)(const struct stats_kvm *,
						 const struct stats_kvm *))
{
	int lo = 0, hi = n;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (cmp(ref[mid].s, s) < 0) {
			lo = mid + 1;
		}
		else {
			hi = mid;
		}
	}
	return ((lo < n) && !cmp(ref[lo].s, s)) ? &ref[lo] : NULL;
}

/* A sample prepared for look-ups */
struct kvm_sample {
	const struct stats_kvm *it;	/* n items, aligned and clean */
	int n;
	struct kvm_ref *by_key;		/* n - 1 refs to items 1..n-1 */
	struct kvm_ref *by_proc;
};

/*
 * Deltas of one VM item @c against the previous sample @p. Sets d[] and
 * returns the mask of counters whose delta is known; *pidx is the position
 * of the item of the same key in @p (-1 if none).
 */
static unsigned int vm_deltas(const struct stats_kvm *c, const struct kvm_sample *p,
			      unsigned long long prev_uptime_cs, double d[KC_NR], int *pidx,
			      double *dsteal, int *steal_known)
{
	const struct kvm_ref *rk, *rp;
	const struct stats_kvm *pk = NULL, *pp = NULL;
	unsigned int known = 0, both;
	int k, reset = 0, proc_new;

	rk = find_ref(p->by_key, p->n - 1, c, cmp_key);
	rp = find_ref(p->by_proc, p->n - 1, c, cmp_proc);
	if (rk) {
		pk = rk->s;
		*pidx = rk->i;
	}
	if (rp) {
		pp = rp->s;
	}
	/* Was the VMM process started after the previous sample? */
	proc_new = c->start_cs >= prev_uptime_cs;

	/* KVM counters (VM scope) */
	if (pk && (pk->pid == c->pid) && (pk->start_cs == c->start_cs)) {
		/* Same VMM process */
		if ((pk->source == c->source) && (pk->nstats == c->nstats)) {
			both = c->present & pk->present & KP_KVM_MASK;
			for (k = 0; k < KC_GUEST_CS; k++) {
				if ((both & (1U << k)) && (c->cnt[k] < pk->cnt[k])) {
					reset = 1;
				}
			}
			/*
			 * A counter that went down was reset (a write to its debugfs
			 * file), or the key was reused by a new VM of the same process:
			 * the VM's increments are unknown for this interval.
			 */
			if (!reset) {
				known = both;
				for (k = 0; k < KC_GUEST_CS; k++) {
					if (both & (1U << k)) {
						d[k] = (double) (c->cnt[k] - pk->cnt[k]);
					}
				}
			}
		}
		/* else: other source or other set of vCPU stats fds: unknown */
	}
	else if (pp || proc_new) {
		/* New VM (its process was seen before, or is new): counters start at 0 */
		known = c->present & KP_KVM_MASK;
		for (k = 0; k < KC_GUEST_CS; k++) {
			d[k] = (double) c->cnt[k];
		}
	}
	/* else: VM of an old process never seen before: unknown */

	/* Process times (process scope) */
	if ((c->present & KP_PROC_MASK) == KP_PROC_MASK) {
		if (pp && ((pp->present & KP_PROC_MASK) == KP_PROC_MASK)) {
			if ((c->cnt[KC_GUEST_CS] >= pp->cnt[KC_GUEST_CS]) &&
			    (c->cnt[KC_CPU_CS] >= pp->cnt[KC_CPU_CS])) {
				d[KC_GUEST_CS] = (double) (c->cnt[KC_GUEST_CS] -
							   pp->cnt[KC_GUEST_CS]);
				d[KC_CPU_CS] = (double) (c->cnt[KC_CPU_CS] - pp->cnt[KC_CPU_CS]);
				known |= KP_PROC_MASK;
			}
		}
		else if (!pp && proc_new) {
			d[KC_GUEST_CS] = (double) c->cnt[KC_GUEST_CS];
			d[KC_CPU_CS] = (double) c->cnt[KC_CPU_CS];
			known |= KP_PROC_MASK;
		}
	}

	/* Run delay of the vCPU threads (process scope) */
	*steal_known = steal_delta(c, pp, proc_new, dsteal);

	return known;
}

/*
 * Has a VM of the previous sample gone, or been replaced by another VM
 * under the same key (other process, or counters going down)? Then the
 * kernel's top-level sums lost its counts: their increments are unknown.
 */
static int vm_gone(const struct kvm_sample *p, const struct kvm_sample *c)
{
	const struct kvm_ref *r;
	const struct stats_kvm *pi, *ci;
	unsigned int both;
	int j, k;

	for (j = 1; j < p->n; j++) {
		pi = &p->it[j];
		r = find_ref(c->by_key, c->n - 1, pi, cmp_key);
		if (!r)
			return 1;
		ci = r->s;
		if ((ci->pid != pi->pid) || (ci->start_cs != pi->start_cs))
			return 1;
		both = ci->present & pi->present & KP_KVM_MASK;
		for (k = 0; k < KC_GUEST_CS; k++) {
			if ((both & (1U << k)) && (ci->cnt[k] < pi->cnt[k]))
				return 1;
		}
	}
	return 0;
}

/*
 * Increments of the top-level counters of item 0 (KP_TOPLEVEL): sets
 * sum[k] and returns the mask of counters whose increment is known.
 */
static unsigned int top_deltas(const struct kvm_sample *p, const struct kvm_sample *c,
			       double sum[KC_NR])
{
	const struct stats_kvm *c0 = &c->it[0], *p0;
	unsigned int top, known = 0;
	int k;

	if (p->n <= 0)
		return 0;
	p0 = &p->it[0];
	if (!(p0->present & (1U << KP_TOPLEVEL)) || (p0->source != c0->source) ||
	    vm_gone(p, c))
		return 0;

	top = c0->present & p0->present & KP_KVM_MASK & ~KC_CORE_MASK;
	for (k = 0; k < KC_GUEST_CS; k++) {
		if ((top & (1U << k)) && (c0->cnt[k] >= p0->cnt[k])) {
			sum[k] = (double) (c0->cnt[k] - p0->cnt[k]);
			known |= 1U << k;
		}
	}
	return known;
}

void kvm_clean_item(struct stats_kvm *st)
{
	kvm_sanitize_name(st->key, sizeof(st->key));
	kvm_sanitize_name(st->name, sizeof(st->name));
	if ((st->present & (1U << KP_BLOCKING)) && (st->vcpublk > st->nvcpu)) {
		st->present &= ~(1U << KP_BLOCKING);
		st->vcpublk = 0;
	}
	/* sadc counts between 1 and nvcpu vCPU threads */
	if ((st->present & (1U << KP_STEAL)) && (!st->nsteal || (st->nsteal > st->nvcpu))) {
		st->present &= ~(1U << KP_STEAL);
		st->steal_ns = 0;
		st->nsteal = 0;
	}
}

struct stats_kvm *kvm_item_copy(const void *buf, int i, size_t msize, struct stats_kvm *out)
{
	memcpy(out, (const char *) buf + (size_t) i * msize, STATS_KVM_SIZE);
	kvm_clean_item(out);
	return out;
}

/*
 * Prepare sample @s from the @n items of @buf (item size @msize): the
 * items are copied into @it (aligned) and cleaned, then indexed.
 * Returns 0, or -1 if memory could not be allocated (then s->by_key and
 * s->by_proc are NULL or allocated: the caller frees them).
 */
static int load_sample(struct kvm_sample *s, struct stats_kvm *it, const void *buf, int n,
		       size_t msize)
{
	int i;

	s->it = it;
	s->n = n;
	s->by_key = s->by_proc = NULL;
	for (i = 0; i < n; i++) {
		kvm_item_copy(buf, i, msize, &it[i]);
	}
	if (n <= 1)
		return 0;
	s->by_key = malloc(sizeof(struct kvm_ref) * (size_t) (n - 1));
	s->by_proc = malloc(sizeof(struct kvm_ref) * (size_t) (n - 1));
	if (!s->by_key || !s->by_proc)
		return -1;
	for (i = 1; i < n; i++) {
		s->by_key[i - 1].s = s->by_proc[i - 1].s = &it[i];
		s->by_key[i - 1].i = s->by_proc[i - 1].i = i;
	}
	sort_refs(s->by_key, n - 1, 0);
	sort_refs(s->by_proc, n - 1, 1);
	return 0;
}

/* Marks of an item in kvm_compute_rows() */
#define DUP_PROC	1	/* an earlier item has the same process */
#define DUP_KEY		2	/* another item has the same key */

int kvm_compute_rows(const void *prev, int nprev, const void *curr, int ncurr,
		     size_t msize, unsigned long long prev_uptime_cs,
		     unsigned long long itv, struct kvm_row *rows)
{
	struct kvm_sample p, c;
	struct stats_kvm *pit = NULL, *cit = NULL, *c0;
	double d[KC_NR], sum[KC_NR], sum_steal = 0.0;
	unsigned int all_known, unknown = 0, top = 0, top_known = 0, sum_nsteal = 0;
	int all_steal = 1;
	unsigned char *dup = NULL;
	int i, k, rc = -1;

	if (ncurr < 1)
		return 0;
	if (nprev < 0) {
		nprev = 0;
	}
	memset(rows, 0, sizeof(struct kvm_row) * (size_t) ncurr);
	memset(&p, 0, sizeof(p));
	memset(&c, 0, sizeof(c));
	/* Current items are copied into the rows; previous ones into scratch memory */
	cit = malloc(sizeof(struct stats_kvm) * (size_t) ncurr);
	pit = malloc(sizeof(struct stats_kvm) * (size_t) (nprev ? nprev : 1));
	dup = calloc((size_t) ncurr, 1);
	if (!cit || !pit || !dup ||
	    (load_sample(&c, cit, curr, ncurr, msize) < 0) ||
	    (load_sample(&p, pit, prev, nprev, msize) < 0))
		goto out;
	c0 = &cit[0];

	if (c0->present & (1U << KP_TOPLEVEL)) {
		/* Counters of item 0 that are the kernel's sums, not the VMs' */
		top = c0->present & KP_KVM_MASK & ~KC_CORE_MASK;
	}

	/* Process times are counted once per process: only its first item adds them */
	for (i = 1; i + 1 < ncurr; i++) {
		if (!cmp_proc(c.by_proc[i - 1].s, c.by_proc[i].s)) {
			dup[c.by_proc[i].i] |= DUP_PROC;
		}
		/*
		 * A key twice in one sample (a damaged file: sadc never writes that):
		 * both items would take the increments of one previous item.
		 */
		if (!cmp_key(c.by_key[i - 1].s, c.by_key[i].s)) {
			dup[c.by_key[i - 1].i] |= DUP_KEY;
			dup[c.by_key[i].i] |= DUP_KEY;
		}
	}

	memset(sum, 0, sizeof(sum));
	for (i = 0; i < ncurr; i++) {
		rows[i].item = cit[i];
		rows[i].st = &rows[i].item;
		rows[i].prev = -1;
	}

	for (i = 1; i < ncurr; i++) {
		const struct stats_kvm *ci = &cit[i];
		unsigned int known;
		double dsteal = 0.0;
		int steal_known = 0;

		memset(d, 0, sizeof(d));
		known = ((nprev > 0) && !(dup[i] & DUP_KEY)) ?
			vm_deltas(ci, &p, prev_uptime_cs, d, &rows[i].prev,
				  &dsteal, &steal_known) : 0;
		/*
		 * The threads of a process cannot be told apart by VM: sadc saves
		 * no steal for a process of several items; in a file that has it
		 * anyway, the first item of the process only shows it.
		 */
		if (dup[i] & DUP_PROC) {
			steal_known = 0;
		}
		else if (!steal_known) {
			all_steal = 0;
		}
		else {
			sum_steal += dsteal;
			sum_nsteal += ci->nsteal;
		}

		memcpy(rows[i].d, d, sizeof(d));
		rows[i].dknown = known;
		deltas_to_row(d, known, ci->nvm, ci->nvcpu, ci->vcpublk,
			      (ci->present >> KP_BLOCKING) & 1, itv, &rows[i]);
		steal_to_row(steal_known, dsteal, ci->nsteal, itv, &rows[i]);

		/* Counters the kernel has but whose delta is unknown for this VM */
		unknown |= ((c0->present & KP_KVM_MASK & ~top) | KP_PROC_MASK) & ~known;

		for (k = 0; k < KC_NR; k++) {
			if ((dup[i] & DUP_PROC) && ((k == KC_GUEST_CS) || (k == KC_CPU_CS)))
				continue;
			if ((known & (1U << k)) && !(top & (1U << k))) {
				sum[k] += d[k];
			}
		}
	}

	/*
	 * "all" row: sums of the per-VM deltas, never of falling totals; the
	 * top-level counters only when no VM has gone since the previous sample.
	 */
	if (top) {
		top_known = top_deltas(&p, &c, sum) & top;
	}
	all_known = (((c0->present & KP_KVM_MASK & ~top) | KP_PROC_MASK) & ~unknown) | top_known;
	if (nprev <= 0) {
		all_known = 0;
	}
	rows[0].prev = (nprev > 0) ? 0 : -1;
	memcpy(rows[0].d, sum, sizeof(sum));
	rows[0].dknown = all_known;
	deltas_to_row(sum, all_known, c0->nvm, c0->nvcpu, c0->vcpublk,
		      (c0->present >> KP_BLOCKING) & 1, itv, &rows[0]);
	/* %steal of "all": over every vCPU thread of every VM, known if known for each VM */
	steal_to_row(all_steal && (nprev > 0), sum_steal, sum_nsteal, itv, &rows[0]);
	if (c0->source == KVM_SRC_DENIED) {
		/* sadc could not read the statistics of the VMs: not even their number */
		rows[0].dknown = 0;
		rows[0].present = 0;
	}
	rc = 0;
out:
	free(p.by_key);
	free(p.by_proc);
	free(c.by_key);
	free(c.by_proc);
	free(pit);
	free(cit);
	free(dup);
	return rc;
}

int kvm_match_vm(const struct stats_kvm *st, const char * const *filter, int n)
{
	int i;
	unsigned int pid;
	const char *s;

	for (i = 0; i < n; i++) {
		if (!strncmp(filter[i], st->name, MAX_KVM_NAME_LEN) && st->name[0])
			return 1;
		if (!strncmp(filter[i], st->key, MAX_KVM_KEY_LEN))
			return 1;
		/* A number is a pid */
		for (s = filter[i], pid = 0; (*s >= '0') && (*s <= '9') && (pid < 100000000); s++) {
			pid = pid * 10 + (unsigned int) (*s - '0');
		}
		if (!*s && (s != filter[i]) && (pid == st->pid))
			return 1;
	}
	return 0;
}

/*
 ***************************************************************************
 * String map.
 ***************************************************************************
 */

/* FNV-1a hash of the @n first bytes of @s (up to its NUL), starting from @h */
static unsigned long fnv1a(unsigned long h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; (i < n) && s[i]; i++) {
		h = (h ^ (unsigned char) s[i]) * 16777619UL;
	}
	return h;
}

#define FNV1A_BASIS	2166136261UL

/* Slot of @key in @m: the one holding it, or the free one where it would go */
static size_t strmap_slot(const struct kvm_strmap *m, const char *key)
{
	size_t h = (size_t) fnv1a(FNV1A_BASIS ^ m->seed, key, (size_t) -1) & (m->size - 1);

	while (m->key[h] && strcmp(m->key[h], key)) {
		h = (h + 1) & (m->size - 1);
	}
	return h;
}

int kvm_strmap_get(const struct kvm_strmap *m, const char *key)
{
	size_t h;

	if (!m->size)
		return -1;
	h = strmap_slot(m, key);
	return m->key[h] ? m->val[h] : -1;
}

int kvm_strmap_put(struct kvm_strmap *m, const char *key, int val)
{
	size_t h, i;

	if (2 * (m->n + 1) >= m->size) {
		struct kvm_strmap g;

		g.size = m->size ? m->size * 2 : 64;
		g.n = m->n;
		g.seed = m->seed;
		g.key = calloc(g.size, sizeof(char *));
		g.val = calloc(g.size, sizeof(int));
		if (!g.key || !g.val) {
			free(g.key);
			free(g.val);
			return -1;
		}
		for (i = 0; i < m->size; i++) {
			if (m->key[i]) {
				h = strmap_slot(&g, m->key[i]);
				g.key[h] = m->key[i];
				g.val[h] = m->val[i];
			}
		}
		free(m->key);
		free(m->val);
		*m = g;
	}
	h = strmap_slot(m, key);
	if (!m->key[h]) {
		size_t len = strlen(key) + 1;

		if ((m->key[h] = malloc(len)) == NULL)
			return -1;
		memcpy(m->key[h], key, len);
		m->n++;
	}
	m->val[h] = val;
	return 0;
}

void kvm_strmap_free(struct kvm_strmap *m)
{
	size_t i;

	for (i = 0; i < m->size; i++) {
		free(m->key[i]);
	}
	free(m->key);
	free(m->val);
	m->key = NULL;
	m->val = NULL;
	m->size = m->n = 0;
}

/*
 ***************************************************************************
 * Averages.
 ***************************************************************************
 */

/* Hash of the key and name of an item */
static size_t avg_hash(unsigned long seed, const char *key, const char *name)
{
	unsigned long h = fnv1a(FNV1A_BASIS ^ seed, key, MAX_KVM_KEY_LEN);

	h = (h ^ 0xff) * 16777619UL;
	return (size_t) fnv1a(h, name, MAX_KVM_NAME_LEN);
}

/* Slot of the hash table of @avg for key @key and name @name (free or holding them) */
static size_t avg_slot(const struct kvm_avg *avg, const char *key, const char *name)
{
	size_t h = avg_hash(avg->seed, key, name) & (avg->hsize - 1);

	while (avg->hash[h]) {
		const struct kvm_avg_item *it = &avg->it[avg->hash[h]];

		if (!strncmp(it->key, key, MAX_KVM_KEY_LEN) &&
		    !strncmp(it->name, name, MAX_KVM_NAME_LEN))
			break;
		h = (h + 1) & (avg->hsize - 1);
	}
	return h;
}

/* Make room for one more item in @avg. Returns -1 if memory could not be allocated */
static int avg_grow(struct kvm_avg *avg)
{
	struct kvm_avg_item *n;
	int *h, i;

	if (avg->n < avg->alloc)
		return 0;
	n = realloc(avg->it, sizeof(*avg->it) * (size_t) avg->alloc * 2);
	if (!n)
		return -1;
	avg->it = n;
	h = calloc(avg->hsize * 2, sizeof(int));
	if (!h)
		return -1;
	avg->alloc *= 2;
	free(avg->hash);
	avg->hash = h;
	avg->hsize *= 2;
	for (i = 1; i < avg->n; i++) {
		avg->hash[avg_slot(avg, avg->it[i].key, avg->it[i].name)] = i;
	}
	return 0;
}

int kvm_avg_add(struct kvm_avg *avg, const struct kvm_row *row, int is_all,
		unsigned long long itv)
{
	struct kvm_avg_item *it = NULL;
	size_t h;
	int f;

	if (!avg->n) {
		/* Item 0 is always "all" */
		avg->alloc = 8;
		avg->hsize = 16;
		avg->it = calloc((size_t) avg->alloc, sizeof(*avg->it));
		avg->hash = calloc(avg->hsize, sizeof(int));
		if (!avg->it || !avg->hash)
			return -1;
		strcpy(avg->it[0].key, "all");
		avg->n = 1;
	}
	if (is_all) {
		it = &avg->it[0];
	}
	else {
		/* Rows carry clean items: key and name are NUL-terminated */
		h = avg_slot(avg, row->st->key, row->st->name);
		if (avg->hash[h]) {
			it = &avg->it[avg->hash[h]];
		}
		else {
			if (avg_grow(avg) < 0)
				return -1;
			it = &avg->it[avg->n];
			memset(it, 0, sizeof(*it));
			memcpy(it->key, row->st->key, MAX_KVM_KEY_LEN);
			it->key[MAX_KVM_KEY_LEN - 1] = '\0';
			memcpy(it->name, row->st->name, MAX_KVM_NAME_LEN);
			it->name[MAX_KVM_NAME_LEN - 1] = '\0';
			avg->hash[avg_slot(avg, it->key, it->name)] = avg->n++;
		}
	}

	for (f = 0; f < KF_NR; f++) {
		if (!(row->present & (1U << f)))
			continue;
		if ((it->wsum[f] <= 0) || (row->v[f] < it->min[f])) {
			it->min[f] = row->v[f];
		}
		if ((it->wsum[f] <= 0) || (row->v[f] > it->max[f])) {
			it->max[f] = row->v[f];
		}
		if (kvm_fields[f].kind == KFK_INSTANT) {
			it->sum[f] += row->v[f];
			it->wsum[f] += 1.0;
		}
		else {
			it->sum[f] += row->v[f] * (double) itv;
			it->wsum[f] += (double) itv;
		}
	}
	return 0;
}

void kvm_avg_row(const struct kvm_avg *avg, int i, int which, struct kvm_row *row,
		 struct stats_kvm *st)
{
	const struct kvm_avg_item *it = &avg->it[i];
	int f;

	memset(row, 0, sizeof(*row));
	memset(st, 0, sizeof(*st));
	memcpy(st->key, it->key, MAX_KVM_KEY_LEN);
	memcpy(st->name, it->name, MAX_KVM_NAME_LEN);
	row->st = st;
	for (f = 0; f < KF_NR; f++) {
		if (it->wsum[f] > 0) {
			row->v[f] = (which == KVM_AVG_MIN) ? it->min[f] :
				    (which == KVM_AVG_MAX) ? it->max[f] : it->sum[f] / it->wsum[f];
			row->present |= 1U << f;
		}
	}
}

void kvm_avg_free(struct kvm_avg *avg)
{
	free(avg->it);
	free(avg->hash);
	avg->it = NULL;
	avg->hash = NULL;
	avg->n = avg->alloc = 0;
	avg->hsize = 0;	/* the seed is kept */
}
