/*
 * Unit tests for src-sar-kvm/kvm_calc.c (pure functions of the sar -K activity).
 *
 * Prints one line per check: "ok NAME" or "not ok NAME: details".
 * Every expected value is worked out by hand in the comment next to it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include "kvm_calc.h"

static int failures;
static char cur[128];

static void check(int cond, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#include <stdarg.h>
static void check(int cond, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (cond) {
		printf("ok %s/%s\n", cur, name);
		return;
	}
	failures++;
	printf("not ok %s/%s: ", cur, name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#define EQ_U(name, got, want) \
	check((unsigned long long) (got) == (unsigned long long) (want), name, \
	      "got %llu, want %llu", (unsigned long long) (got), (unsigned long long) (want))
#define EQ_I(name, got, want) \
	check((long) (got) == (long) (want), name, "got %ld, want %ld", (long) (got), (long) (want))
#define EQ_S(name, got, want) \
	check(!strcmp((got), (want)), name, "got \"%s\", want \"%s\"", (got), (want))
#define EQ_D(name, got, want) \
	check(fabs((double) (got) - (double) (want)) < 1e-6, name, "got %.6f, want %.6f", \
	      (double) (got), (double) (want))

/* ------------------------------------------------------------------ names */
static void test_map_name(void)
{
	strcpy(cur, "map_name");
	EQ_I("exits", kvm_map_name("exits"), KC_EXITS);
	EQ_I("sum_exits(powerpc)", kvm_map_name("sum_exits"), KC_EXITS);
	EQ_I("wfi_exit_stat(arm64)", kvm_map_name("wfi_exit_stat"), KC_HALT_EXITS);
	EQ_I("exit_wait_state(s390)", kvm_map_name("exit_wait_state"), KC_HALT_EXITS);
	EQ_I("mmio_exit_user", kvm_map_name("mmio_exit_user"), KC_MMIO_EXITS);
	EQ_I("mmio_exit_kernel", kvm_map_name("mmio_exit_kernel"), KC_MMIO_EXITS);
	EQ_I("ecall_exit_stat(riscv)", kvm_map_name("ecall_exit_stat"), KC_HCALLS);
	EQ_I("hvc_exit_stat(arm64)", kvm_map_name("hvc_exit_stat"), KC_HCALLS);
	EQ_I("exit_instruction(s390)", kvm_map_name("exit_instruction"), KC_EMUL);
	EQ_I("ext_intr_exits(powerpc)", kvm_map_name("ext_intr_exits"), KC_IRQ_EXITS);
	EQ_I("blocking", kvm_map_name("blocking"), KP_BLOCKING);
	EQ_I("pages_4k unused", kvm_map_name("pages_4k"), -1);
	EQ_I("halt_wait_hist unused", kvm_map_name("halt_wait_hist"), -1);
	EQ_I("prefix not enough", kvm_map_name("exit"), -1);
	EQ_I("empty", kvm_map_name(""), -1);
}

static void test_parse_value(void)
{
	unsigned long long v = 777;

	strcpy(cur, "parse_value");
	EQ_I("123nl rc", kvm_parse_value("123\n", 4, &v), 0);
	EQ_U("123nl val", v, 123);
	EQ_I("0 no newline", kvm_parse_value("0", 1, &v), 0);
	EQ_U("0 val", v, 0);
	/* 2^64 - 1 fits, 2^64 does not */
	EQ_I("ullmax", kvm_parse_value("18446744073709551615\n", 21, &v), 0);
	EQ_U("ullmax val", v, 18446744073709551615ULL);
	v = 777;
	EQ_I("overflow", kvm_parse_value("18446744073709551616\n", 21, &v), -1);
	EQ_U("overflow untouched", v, 777);
	EQ_I("junk after digits", kvm_parse_value("12a\n", 4, &v), -1);
	EQ_I("empty", kvm_parse_value("", 0, &v), -1);
	EQ_I("negative", kvm_parse_value("-1\n", 3, &v), -1);
	EQ_I("second line", kvm_parse_value("12\nx", 4, &v), -1);
	EQ_I("leading blank", kvm_parse_value(" 12\n", 4, &v), -1);
}

static void test_parse_key(void)
{
	unsigned int pid = 7, fd = 7;

	strcpy(cur, "parse_key");
	EQ_I("4242-11 rc", kvm_parse_key("4242-11", &pid, &fd), 0);
	EQ_U("4242-11 pid", pid, 4242);
	EQ_U("4242-11 fd", fd, 11);
	EQ_I("fd 0 allowed", kvm_parse_key("1-0", &pid, &fd), 0);
	EQ_I("pid 0", kvm_parse_key("0-1", &pid, &fd), -1);
	EQ_I("leading zero", kvm_parse_key("01-1", &pid, &fd), -1);
	EQ_I("no fd", kvm_parse_key("4242-", &pid, &fd), -1);
	EQ_I("no dash", kvm_parse_key("4242", &pid, &fd), -1);
	EQ_I("letters", kvm_parse_key("a-1", &pid, &fd), -1);
	EQ_I("trailing junk", kvm_parse_key("12-3x", &pid, &fd), -1);
	EQ_I("stat name", kvm_parse_key("halt_exits", &pid, &fd), -1);
	EQ_I("too big", kvm_parse_key("99999999999-1", &pid, &fd), -1);
}

static void test_starttime(void)
{
	unsigned long long st = 0;
	/* fields: 1 pid, 2 comm, 3 state, 4..21 = 18 numbers, 22 = 5000020 */
	const char *line = "4250 (CPU 0/KVM) x) S 1 4242 4242 0 -1 4194624 10 0 0 0 "
			   "1050000 200000 0 0 20 0 4 0 5000020 100 200\n";

	strcpy(cur, "starttime");
	EQ_I("comm with ') ' and '/'", kvm_parse_starttime(line, &st), 0);
	EQ_U("field 22", st, 5000020);
	EQ_I("too short", kvm_parse_starttime("1 (x) S 1 2 3\n", &st), -1);
	EQ_I("no paren", kvm_parse_starttime("1 x S 1 2 3\n", &st), -1);

	strcpy(cur, "ticks_to_cs");
	EQ_U("hz 100 identity", kvm_ticks_to_cs(12345, 100), 12345);
	EQ_U("hz 250: 250 ticks = 1 s = 100 cs", kvm_ticks_to_cs(250, 250), 100);
	EQ_U("hz 1000: 1 tick = 0.1 cs -> 0", kvm_ticks_to_cs(1, 1000), 0);
	EQ_U("hz 1000: 2505 ticks = 250.5 cs -> 250", kvm_ticks_to_cs(2505, 1000), 250);
	/* no overflow: (2^64-1)/1000*100 + ((2^64-1)%1000)*100/1000 */
	EQ_U("hz 1000 big", kvm_ticks_to_cs(18446744073709551615ULL, 1000),
	     18446744073709551ULL * 100 + 61);
}

/* ------------------------------------------------- /proc/PID/stat lines */
/* kvm_parse_task_stat(): the line sadc reads for each VMM (utime, stime, guest_time, comm) */

/* A modern (52-field) line of a qemu vCPU thread, with field numbers. */
static const char modern_line[] =
	"4242 (qemu-system-x86) S "                 /* 1 pid, 2 comm, 3 state */
	"1 4241 4241 0 -1 1077936448 "              /* 4-9: ppid pgrp session tty tpgid(-1) flags */
	"1830561 0 12 0 "                           /* 10-13: minflt cminflt majflt cmajflt */
	"873512 104339 31 17 "                      /* 14-17: utime stime cutime cstime */
	"-51 0 9 0 12345 4975091712 530687 "        /* 18-24: prio(-51, RT) nice threads itreal start vsize rss */
	"18446744073709551615 1 1 0 0 0 0 0 4096 16963 "   /* 25-34: rsslim .. sigcatch */
	"0 0 0 17 3 50 1 "                          /* 35-41: wchan nswap cnswap exit_sig cpu rt_prio policy */
	"5 "                                        /* 42: delayacct_blkio_ticks */
	"812004 2077 "                              /* 43-44: guest_time cguest_time */
	"0 0 0 0 0 0 0 0\n";                        /* 45-52 */

static void test_task_modern_52(void)
{
	struct kvm_task t;

	strcpy(cur, "task_stat/modern_52");
	EQ_I("#1", kvm_parse_task_stat(modern_line, &t), 0);
	EQ_I("#2 field 1", t.pid, 4242);
	EQ_S("#3 field 2 without parens", t.comm, "qemu-system-x86");
	EQ_I("#4 field 3", t.state, 'S');
	EQ_U("#5 field 14", t.utime, 873512);
	EQ_U("#6 field 15", t.stime, 104339);
	EQ_U("#7 field 16", t.cutime, 31);
	EQ_U("#8 field 17", t.cstime, 17);
	EQ_U("#9 field 43", t.guest_time, 812004);
	EQ_U("#10 field 44", t.cguest_time, 2077);
	EQ_I("#11 52 fields >= 44", t.has_guest, 1);
}

static void test_task_comm_with_spaces_and_parens(void)
{
	struct kvm_task t;

	strcpy(cur, "task_stat/comm_with_spaces_and_parens");
	EQ_I("#1", kvm_parse_task_stat(
		"1234 (qemu (vm) 1) R 1 1234 1234 0 -1 4194304 10 0 0 0 700 300 0 0 20 0\n", &t), 0);
	EQ_I("#2 field 1", t.pid, 1234);
	EQ_S("#3 first '(' .. last ')'", t.comm, "qemu (vm) 1");
	EQ_I("#4 first token after last ')'", t.state, 'R');
	EQ_U("#5 field 14", t.utime, 700);
	EQ_U("#6 field 15", t.stime, 300);
	EQ_I("#7 only 19 fields", t.has_guest, 0);

	/* comm "a) b" looks like it ends early */
	EQ_I("#8", kvm_parse_task_stat(
		"77 ((a) b)) S 1 77 77 0 -1 0 0 0 0 0 5 6 7 8\n", &t), 0);
	EQ_S("#9 between first '(' and last ')'", t.comm, "(a) b)");
	EQ_I("#10 field 3", t.state, 'S');
	EQ_U("#11 field 14", t.utime, 5);
	EQ_U("#12 field 17", t.cstime, 8);

	EQ_I("#13", kvm_parse_task_stat(
		"78 (a) b) S 1 78 78 0 -1 0 0 0 0 0 5 6 7 8", &t), 0);
	EQ_S("#14 \"(a) b)\" without outer parens", t.comm, "a) b");
	EQ_I("#15 field 3", t.state, 'S');
	EQ_U("#16 field 15", t.stime, 6);

	/* empty comm, and a comm with a newline (prctl allows it) */
	EQ_I("#17", kvm_parse_task_stat("9 () Z 1 9 9 0 -1 0 0 0 0 0 1 2 3 4\n", &t), 0);
	EQ_S("#18 nothing between ( and )", t.comm, "");
	EQ_I("#19 field 3", t.state, 'Z');
	EQ_I("#20", kvm_parse_task_stat("10 (x\ny) S 1 9 9 0 -1 0 0 0 0 0 1 2 3 4\n", &t), 0);
	EQ_S("#21 newline kept inside comm", t.comm, "x\ny");
	EQ_U("#22 field 14", t.utime, 1);
}

static void test_task_comm_truncated(void)
{
	struct kvm_task t;

	strcpy(cur, "task_stat/comm_truncated");
	/* 70-character comm: 7 x "abcdefghi(" */
	EQ_I("#1", kvm_parse_task_stat(
		"5 (abcdefghi(abcdefghi(abcdefghi(abcdefghi(abcdefghi(abcdefghi(abcdefghi() "
		"S 1 5 5 0 -1 0 0 0 0 0 1 2 3 4\n", &t), 0);
	EQ_U("#2 70 chars cut to 63", strlen(t.comm), 63);
	/* 6 full groups = 60 chars, then "abc" = 63 */
	EQ_S("#3", t.comm, "abcdefghi(abcdefghi(abcdefghi(abcdefghi(abcdefghi(abcdefghi(abc");
	EQ_I("#4 field 3", t.state, 'S');
	EQ_U("#5 field 17", t.cstime, 4);
}

static void test_task_old_42_fields(void)
{
	struct kvm_task t;

	strcpy(cur, "task_stat/old_42_fields");
	/* Linux 2.6.18-style line: ends at field 42 (delayacct_blkio_ticks) */
	EQ_I("#1 42", kvm_parse_task_stat(
		"3001 (kvm) S "                             /* 1-3 */
		"1 3001 3001 0 -1 4194560 "                 /* 4-9 */
		"52000 0 3 0 "                              /* 10-13 */
		"6000 1500 0 0 "                            /* 14-17 */
		"20 0 1 0 9001 123456789 4000 "             /* 18-24 */
		"4294967295 1 1 0 0 0 0 0 4096 0 "          /* 25-34 */
		"0 0 0 17 0 0 0 "                           /* 35-41 */
		"12\n", &t), 0);
	EQ_I("#2 field 1", t.pid, 3001);
	EQ_S("#3 field 2", t.comm, "kvm");
	EQ_U("#4 field 14", t.utime, 6000);
	EQ_U("#5 field 15", t.stime, 1500);
	EQ_I("#6 42 < 44 fields", t.has_guest, 0);
	EQ_U("#7 field 43 absent", t.guest_time, 0);
	EQ_U("#8 field 44 absent", t.cguest_time, 0);
}

static void test_task_field_count_edges(void)
{
	struct kvm_task t;

	strcpy(cur, "task_stat/field_count_edges");
	/* exactly 17 fields: the minimum */
	EQ_I("#1", kvm_parse_task_stat("7 (a) S 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), 0);
	EQ_U("#2 field 14", t.utime, 100);
	EQ_U("#3 field 17", t.cstime, 4);
	EQ_I("#4 17 < 44", t.has_guest, 0);

	/* 43 fields: guest_time without cguest_time counts as no guest data */
	EQ_I("#5 43", kvm_parse_task_stat(
		"8 (a) S 1 8 8 0 -1 0 0 0 0 0 100 20 3 4 "  /* 1-17 */
		"20 0 1 0 9 9 9 9 0 0 0 0 0 0 0 0 "         /* 18-33 */
		"0 0 0 0 17 0 0 0 0 "                       /* 34-42 */
		"55", &t), 0);
	EQ_I("#6 field 44 missing", t.has_guest, 0);
	EQ_U("#7 55 discarded since 44 missing", t.guest_time, 0);

	/* exactly 44 fields */
	EQ_I("#8 43-44", kvm_parse_task_stat(
		"8 (a) S 1 8 8 0 -1 0 0 0 0 0 100 20 3 4 "  /* 1-17 */
		"20 0 1 0 9 9 9 9 0 0 0 0 0 0 0 0 "         /* 18-33 */
		"0 0 0 0 17 0 0 0 0 "                       /* 34-42 */
		"55 66\n", &t), 0);
	EQ_I("#9 fields 43 and 44 present", t.has_guest, 1);
	EQ_U("#10 field 43", t.guest_time, 55);
	EQ_U("#11 field 44", t.cguest_time, 66);
}

static void test_task_malformed(void)
{
	struct kvm_task t;

	strcpy(cur, "task_stat/malformed");
	memset(&t, 0, sizeof t);
	t.pid = 777;                                        /* sentinel */

	/* 16 fields: cstime (17) missing */
	EQ_I("#1", kvm_parse_task_stat("7 (a) S 1 7 7 0 -1 0 0 0 0 0 100 20 3\n", &t), -1);
	EQ_I("#2 untouched on failure", t.pid, 777);

	EQ_I("#3 empty", kvm_parse_task_stat("", &t), -1);
	EQ_I("#4 no state", kvm_parse_task_stat("7 (a)", &t), -1);
	EQ_I("#5 3 fields", kvm_parse_task_stat("7 (a) S", &t), -1);
	EQ_I("#6 no ')'", kvm_parse_task_stat(
		"7 (a S 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), -1);
	EQ_I("#7 no '('", kvm_parse_task_stat(
		"7 a) S 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), -1);
	EQ_I("#8 no pid", kvm_parse_task_stat(
		"(a) S 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), -1);
	EQ_I("#9 negative pid", kvm_parse_task_stat(
		"-7 (a) S 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), -1);
	EQ_I("#10 junk in pid", kvm_parse_task_stat(
		"7x (a) S 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), -1);
	EQ_I("#11 pid > INT_MAX", kvm_parse_task_stat(
		"99999999999 (a) S 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), -1);
	EQ_I("#12 no blank after ')'", kvm_parse_task_stat(
		"7 (a)S 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), -1);
	EQ_I("#13 state not 1 char", kvm_parse_task_stat(
		"7 (a) SS 1 7 7 0 -1 0 0 0 0 0 100 20 3 4", &t), -1);
	EQ_I("#14 state fused to ppid", kvm_parse_task_stat(
		"7 (a) S1 7 7 0 -1 0 0 0 0 0 100 20 3 4 5", &t), -1);
	EQ_I("#15 negative utime", kvm_parse_task_stat(
		"7 (a) S 1 7 7 0 -1 0 0 0 0 0 -100 20 3 4", &t), -1);
	EQ_I("#16 junk in stime", kvm_parse_task_stat(
		"7 (a) S 1 7 7 0 -1 0 0 0 0 0 100 20x 3 4", &t), -1);
	EQ_I("#17 2^64", kvm_parse_task_stat(
		"7 (a) S 1 7 7 0 -1 0 0 0 0 0 18446744073709551616 20 3 4", &t), -1);
	EQ_I("#18 lone '-'", kvm_parse_task_stat(
		"7 (a) S 1 7 7 0 - 0 0 0 0 0 100 20 3 4", &t), -1);
	EQ_I("#19 garbage field 9", kvm_parse_task_stat(
		"7 (a) S 1 7 7 0 -1 zz 0 0 0 0 100 20 3 4", &t), -1);
	EQ_I("#20 junk fused to field 44", kvm_parse_task_stat(
		"8 (a) S 1 8 8 0 -1 0 0 0 0 0 100 20 3 4 "  /* 1-17 */
		"20 0 1 0 9 9 9 9 0 0 0 0 0 0 0 0 "         /* 18-33 */
		"0 0 0 0 17 0 0 0 0 "                       /* 34-42 */
		"55 66x\n", &t), -1);
	EQ_I("#21 no buffer", kvm_parse_task_stat(NULL, &t), -1);
	EQ_I("#22 still untouched", t.pid, 777);
}

/* ------------------------------------------------------------ guest names */
static void name_of(const char *cmd, size_t len, char *out, size_t outsz, int *rc)
{
	*rc = kvm_guest_name(cmd, len, out, outsz);
}

static void test_guest_name(void)
{
	char out[MAX_KVM_NAME_LEN];
	int rc;
	/* sizeof - 1: the trailing NUL of the string literal is the last arg's terminator */
	static const char c1[] = "qemu-system-x86_64\0-name\0guest=db,,primary,debug-threads=on\0-m\0002048";
	static const char c2[] = "qemu\0-name\0web01\0";
	static const char c3[] = "qemu\0-name\0debug-threads=on,guest=x\0";
	static const char c4[] = "qemu\0-m\0001024\0";
	static const char c5[] = "qemu\0--name\0a\033[31mred\0";
	static const char c6[] = "qemu\0-name";
	static const char c7[] = "qemu\0-name\0a;b\"c<d>&'\\\0";
	static const char c8[] = "qemu\0-name\0caf\xc3\xa9\0";
	static const char c9[] = "qemu\0-name\0first\0-name\0second\0";
	static const char c10[] = "qemu\0-named\0x\0";

	strcpy(cur, "guest_name");
	name_of(c1, sizeof(c1) - 1, out, sizeof(out), &rc);
	EQ_I("guest= and ,, rc", rc, 1);
	EQ_S("guest= and ,,", out, "db,primary");
	name_of(c2, sizeof(c2) - 1, out, sizeof(out), &rc);
	EQ_S("implied guest key", out, "web01");
	name_of(c3, sizeof(c3) - 1, out, sizeof(out), &rc);
	EQ_S("guest= not first", out, "x");
	name_of(c4, sizeof(c4) - 1, out, sizeof(out), &rc);
	EQ_I("no -name rc", rc, 0);
	EQ_S("no -name empty", out, "");
	/* ESC (0x1b) escaped: the name cannot drive the terminal */
	name_of(c5, sizeof(c5) - 1, out, sizeof(out), &rc);
	EQ_S("--name, ESC escaped", out, "a\\x1b[31mred");
	name_of(c6, sizeof(c6) - 1, out, sizeof(out), &rc);
	EQ_I("-name without value", rc, 0);
	/* ; " < > & ' \ are 3b 22 3c 3e 26 27 5c */
	name_of(c7, sizeof(c7) - 1, out, sizeof(out), &rc);
	EQ_S("CSV/JSON/XML specials", out, "a\\x3bb\\x22c\\x3cd\\x3e\\x26\\x27\\x5c");
	/* UTF-8 e-acute c3 a9: not ASCII, escaped byte by byte */
	name_of(c8, sizeof(c8) - 1, out, sizeof(out), &rc);
	EQ_S("non-ASCII", out, "caf\\xc3\\xa9");
	name_of(c9, sizeof(c9) - 1, out, sizeof(out), &rc);
	EQ_S("last -name wins (QEMU)", out, "second");
	name_of(c10, sizeof(c10) - 1, out, sizeof(out), &rc);
	EQ_I("-named is not -name", rc, 0);

	strcpy(cur, "escape");
	/* outsz 6: "ab" (2) + "\x01" (4) + NUL = 7 > 6: stop before the escape */
	EQ_U("consumed", kvm_escape_name("ab\001", 3, out, 6), 2);
	EQ_S("not cut", out, "ab");
	EQ_U("exact fit", kvm_escape_name("ab\001", 3, out, 7), 3);
	EQ_S("exact fit text", out, "ab\\x01");

	strcpy(cur, "sanitize");
	strcpy(out, "a<b\033c\\x1b");
	EQ_S("specials and ESC", kvm_sanitize_name(out, sizeof(out)), "a?b?c\\x1b");
	memset(out, 'z', sizeof(out));
	kvm_sanitize_name(out, sizeof(out));
	EQ_U("forced NUL", strlen(out), sizeof(out) - 1);
}

/* ------------------------------------------------------ binary statistics */
struct bdesc {
	const char *name;
	unsigned int flags;
	short exponent;
	unsigned short size;
	unsigned int offset;
	unsigned long long value;
};

/* Build a stats file like KVM's: header, id, descriptors (name_size 48), data */
static size_t build_bstats(unsigned char *buf, const struct bdesc *d, int n)
{
	unsigned int h[6];
	size_t desc_off = 24 + 48, data_off = desc_off + (size_t) n * 64, end = data_off;
	int i;

	memset(buf, 0, 8192);
	h[0] = 0; h[1] = 48; h[2] = (unsigned int) n; h[3] = 24;
	h[4] = (unsigned int) desc_off; h[5] = (unsigned int) data_off;
	memcpy(buf, h, sizeof(h));
	strcpy((char *) buf + 24, "kvm-4242/vcpu-0");
	for (i = 0; i < n; i++) {
		unsigned char *p = buf + desc_off + (size_t) i * 64;

		memcpy(p, &d[i].flags, 4);
		memcpy(p + 4, &d[i].exponent, 2);
		memcpy(p + 6, &d[i].size, 2);
		memcpy(p + 8, &d[i].offset, 4);
		strcpy((char *) p + 16, d[i].name);
		memcpy(buf + data_off + d[i].offset, &d[i].value, 8);
		if (data_off + d[i].offset + 8U * d[i].size > end)
			end = data_off + d[i].offset + 8U * d[i].size;
	}
	return end;
}

static void test_bstats(void)
{
	static unsigned char buf[8192];
	unsigned long long cnt[KC_NR];
	unsigned int present = 0, blk = 0;
	/* flags: type | unit | base; CUMULATIVE 0, INSTANT 1, LOG_HIST 4; SECONDS 0x20, BOOLEAN 0x40 */
	struct bdesc d[] = {
		{"halt_wait_ns",   0x020, -9, 1,  0, 100512620},	/* ns, as in the dump */
		{"exits",          0x000,  0, 1,  8, 5},
		{"blocking",       0x041,  0, 1, 16, 1},
		{"halt_wait_hist", 0x024, -9, 32, 24, 3},		/* histogram: ignored */
		{"mmio_exits",     0x000,  0, 1, 280, 1},		/* after the histogram */
		{"halt_poll_success_ns", 0x020, -6, 1, 288, 7},	/* microseconds */
		{"io_exits",       0x001,  0, 1, 296, 9},		/* INSTANT: not a counter */
		{"pages_4k",       0x001,  0, 1, 304, 4}		/* not used */
	};
	size_t len = build_bstats(buf, d, 8);	/* data_offset = 72 + 8*64 = 584 */
	long rc;

	strcpy(cur, "bstats");
	memset(cnt, 0, sizeof(cnt));
	cnt[KC_EXITS] = 10;	/* values are added */
	rc = kvm_parse_bstats(buf, len, cnt, &present, &blk);
	EQ_I("rc", rc, 0);
	EQ_U("exits 10 + 5", cnt[KC_EXITS], 15);
	EQ_U("halt_wait_ns", cnt[KC_HWAIT_NS], 100512620);
	EQ_U("mmio after hist", cnt[KC_MMIO_EXITS], 1);
	EQ_U("us -> ns: 7 * 1000", cnt[KC_HPOLL_OK_NS], 7000);
	EQ_U("instant io_exits ignored", cnt[KC_IO_EXITS], 0);
	EQ_U("blocking", blk, 1);
	/* bits: EXITS 0, HPOLL_OK_NS 5, HWAIT_NS 7, MMIO 9, BLOCKING 19 */
	EQ_U("present", present, (1U << 0) | (1U << 5) | (1U << 7) | (1U << 9) | (1U << 19));

	/* Needed sizes: header 24; descriptors end at 584; values end at 584 + 288 + 8 = 880 */
	EQ_I("need header", kvm_parse_bstats(buf, 10, cnt, &present, &blk), 24);
	EQ_I("need descriptors", kvm_parse_bstats(buf, 100, cnt, &present, &blk), 584);
	EQ_I("need data", kvm_parse_bstats(buf, 600, cnt, &present, &blk), 880);
	EQ_U("nothing added when short", cnt[KC_EXITS], 15);

	/* Malformed */
	{
		unsigned int z = 0, bad = 16;

		memcpy(buf + 4, &z, 4);		/* name_size 0 */
		EQ_I("name_size 0", kvm_parse_bstats(buf, len, cnt, &present, &blk), -1);
		len = build_bstats(buf, d, 8);
		memcpy(buf + 16, &bad, 4);	/* desc_offset inside the header */
		EQ_I("desc_offset < 24", kvm_parse_bstats(buf, len, cnt, &present, &blk), -1);
		len = build_bstats(buf, d, 8);
		memcpy(buf + 72 + 6, &z, 2);	/* first descriptor: size 0 */
		EQ_I("size 0", kvm_parse_bstats(buf, len, cnt, &present, &blk), -1);
		EQ_U("nothing added when malformed", cnt[KC_EXITS], 15);
	}
}

/* ------------------------------------------------------------------ steal */
#define PRES(r, f)	(((r).present >> (f)) & 1)

/*
 * %steal = increment of the vCPU threads' run delay / (threads * interval),
 * process scope. Hand-computed values; itv = 100 cs (1 s) unless said.
 */
static void test_steal(void)
{
	struct stats_kvm p[4], c[4];
	struct kvm_row r[4];
	unsigned long long sd;
	int i;

	strcpy(cur, "steal");
	EQ_I("schedstat parsed", kvm_parse_schedstat("123 456 7\n", &sd), 0);
	EQ_U("run delay = 2nd field", (unsigned int) sd, 456);
	EQ_I("schedstat without newline", kvm_parse_schedstat("1 2 3", &sd), 0);
	EQ_I("2 fields refused", kvm_parse_schedstat("1 2\n", &sd), -1);
	EQ_I("4 fields refused", kvm_parse_schedstat("1 2 3 4\n", &sd), -1);
	EQ_I("sign refused", kvm_parse_schedstat("1 -2 3\n", &sd), -1);
	EQ_I("empty refused", kvm_parse_schedstat("", &sd), -1);
	EQ_I("overflow refused", kvm_parse_schedstat("1 99999999999999999999 3\n", &sd), -1);
	/* the kernel prints "0 0 0" when it keeps no scheduler statistics: not a run delay of 0 */
	EQ_I("0 0 0 refused", kvm_parse_schedstat("0 0 0\n", &sd), -1);
	EQ_I("run time 0 refused", kvm_parse_schedstat("0 5 1\n", &sd), -1);

	memset(p, 0, sizeof(p));
	memset(c, 0, sizeof(c));
	for (i = 1; i <= 2; i++) {
		char key[16];

		snprintf(key, sizeof(key), "%d-5", i * 10);
		p[i].nvm = c[i].nvm = 1;
		p[i].pid = c[i].pid = (unsigned int) i * 10;
		p[i].start_cs = c[i].start_cs = 500;
		p[i].nvcpu = c[i].nvcpu = 2;
		p[i].present = c[i].present = 1U << KP_STEAL;
		p[i].nsteal = c[i].nsteal = 2;
		strcpy(p[i].key, key);
		strcpy(c[i].key, key);
	}
	strcpy(p[0].key, "all");
	strcpy(c[0].key, "all");
	/* VM 10: +0.1 s over 2 threads in 1 s = 5 %; VM 20: +0.5 s = 25 %; all 0.6 / 4 = 15 % */
	p[1].steal_ns = 1000000000ULL;
	c[1].steal_ns = 1100000000ULL;
	p[2].steal_ns = 7000000000ULL;
	c[2].steal_ns = 7500000000ULL;
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 100, r);
	EQ_D("VM 10", r[1].v[KF_PCT_STEAL], 5.0);
	EQ_D("VM 20", r[2].v[KF_PCT_STEAL], 25.0);
	EQ_D("all", r[0].v[KF_PCT_STEAL], 15.0);

	/* A thread less than before (a vCPU thread gone): not comparable, and all unknown */
	c[2].nsteal = 1;
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 100, r);
	EQ_I("nsteal changed: absent", PRES(r[2], KF_PCT_STEAL), 0);
	EQ_I("all absent (undercount)", PRES(r[0], KF_PCT_STEAL), 0);
	EQ_I("VM 10 still there", PRES(r[1], KF_PCT_STEAL), 1);
	c[2].nsteal = 2;

	/* Sum went down (a vCPU thread replaced): absent */
	c[2].steal_ns = 6000000000ULL;
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 100, r);
	EQ_I("fell: absent", PRES(r[2], KF_PCT_STEAL), 0);
	c[2].steal_ns = 7500000000ULL;

	/* More threads than vCPUs (a damaged file; sadc never saves that): absent */
	c[2].nsteal = 3;
	p[2].nsteal = 3;
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 100, r);
	EQ_I("nsteal > nvcpu: absent", PRES(r[2], KF_PCT_STEAL), 0);
	c[2].nsteal = p[2].nsteal = 2;

	/* More than 100 % (a damaged file): clamped */
	c[2].steal_ns = 7000000000ULL + 5000000000ULL;
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 100, r);
	EQ_D("clamped to 100", r[2].v[KF_PCT_STEAL], 100.0);
	c[2].steal_ns = 7500000000ULL;

	/* Two items of one process (sadc saves none): only the first shows it, all counts it once */
	c[2].pid = p[2].pid = 10;
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 100, r);
	EQ_I("2nd item of a process: absent", PRES(r[2], KF_PCT_STEAL), 0);
	EQ_D("all: the process once", r[0].v[KF_PCT_STEAL], 5.0);
	c[2].pid = p[2].pid = 20;

	/* New process (started after the previous sample): counts from 0 */
	c[2].start_cs = 950;
	c[2].steal_ns = 200000000ULL;		/* 0.2 s / (2 * 1 s) = 10 % */
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 100, r);
	EQ_D("new process from 0", r[2].v[KF_PCT_STEAL], 10.0);
	/* ... but an old process never seen before: unknown */
	c[2].start_cs = 100;
	kvm_compute_rows(p, 2, c, 3, sizeof(p[0]), 900, 100, r);
	EQ_I("old process not seen before: absent", PRES(r[2], KF_PCT_STEAL), 0);

	/* No VM: all 0 (no vCPU thread waits) */
	kvm_compute_rows(p, 1, c, 1, sizeof(p[0]), 900, 100, r);
	EQ_I("no VM: all present", PRES(r[0], KF_PCT_STEAL), 1);
	EQ_D("no VM: all 0", r[0].v[KF_PCT_STEAL], 0.0);
}

/* ------------------------------------------------------------------ rates */
static struct stats_kvm mk(const char *key, const char *name, unsigned int pid,
			   unsigned long long start, unsigned int src)
{
	struct stats_kvm s;

	memset(&s, 0, sizeof(s));
	snprintf(s.key, sizeof(s.key), "%s", key);
	snprintf(s.name, sizeof(s.name), "%s", name);
	s.pid = pid;
	s.start_cs = start;
	s.source = src;
	s.nvm = 1;
	s.nstats = 1;
	return s;
}

/* All counters present, value base + k */
static void fill(struct stats_kvm *s, unsigned long long base, unsigned int nvcpu)
{
	int k;

	for (k = 0; k < KC_NR; k++) {
		s->cnt[k] = base + (unsigned long long) k;
	}
	s->present = (1U << (KP_BLOCKING + 1)) - 1;	/* counters, process times, blocking */
	s->nvcpu = nvcpu;
}

/* Item 0 = sum of VM items 1..n-1 (as rd_kvm.c does) */
static void sum0(struct stats_kvm *a, int n, unsigned int present)
{
	int i, k;

	memset(&a[0], 0, sizeof(a[0]));
	strcpy(a[0].key, "all");
	a[0].source = a[1 < n ? 1 : 0].source;
	a[0].present = present;
	for (i = 1; i < n; i++) {
		a[0].nvm += a[i].nvm;
		a[0].nvcpu += a[i].nvcpu;
		a[0].vcpublk += a[i].vcpublk;
		for (k = 0; k < KC_NR; k++) {
			a[0].cnt[k] += a[i].cnt[k];
		}
	}
}

static void test_rates(void)
{
	struct stats_kvm p[4], c[4];
	struct kvm_row r[4];
	unsigned int allp = KP_KVM_MASK | (1U << KP_BLOCKING);

	/* 1. Steady VM, itv = 200 cs (2 s). */
	strcpy(cur, "rates/steady");
	p[1] = mk("10-5", "a", 10, 500, KVM_SRC_DEBUGFS);
	c[1] = p[1];
	fill(&p[1], 1000, 2);
	fill(&c[1], 1000, 2);
	c[1].cnt[KC_EXITS] += 600;		/* 600 / 2 s = 300/s */
	c[1].cnt[KC_HPOLL_OK_NS] += 100000000;	/* 0.1 s ... */
	c[1].cnt[KC_HPOLL_FAIL_NS] += 300000000;	/* + 0.3 s = 0.4 s / 2 s = 20 % */
	c[1].cnt[KC_HWAIT_NS] += 1000000000;	/* 1 s / (2 s * 2 vCPUs) = 25 % */
	c[1].cnt[KC_GUEST_CS] += 50;		/* 0.5 s / 2 s = 25 % */
	c[1].cnt[KC_CPU_CS] += 80;		/* (80 - 50) cs / 200 cs = 15 % */
	c[1].vcpublk = 1;
	p[1].steal_ns = 5000000000ULL;		/* run delay of its 2 vCPU threads */
	p[1].nsteal = 2;
	p[1].present |= 1U << KP_STEAL;
	c[1].steal_ns = p[1].steal_ns + 300000000;	/* 0.3 s / (2 s * 2 threads) = 7.5 % */
	c[1].nsteal = 2;
	c[1].present |= 1U << KP_STEAL;
	sum0(p, 2, allp);
	sum0(c, 2, allp);
	kvm_compute_rows(p, 2, c, 2, sizeof(p[0]), 600, 200, r);
	EQ_D("exit/s", r[1].v[KF_EXIT], 300.0);
	EQ_D("%steal", r[1].v[KF_PCT_STEAL], 7.5);
	EQ_D("all %steal = VM", r[0].v[KF_PCT_STEAL], 7.5);
	EQ_D("hltexit/s unchanged counter = 0", r[1].v[KF_HLTEXIT], 0.0);
	EQ_D("%hpoll", r[1].v[KF_PCT_HPOLL], 20.0);
	EQ_D("%hwait", r[1].v[KF_PCT_HWAIT], 25.0);
	EQ_D("%guest", r[1].v[KF_PCT_GUEST], 25.0);
	EQ_D("%vmm", r[1].v[KF_PCT_VMM], 15.0);
	EQ_D("vcpublk", r[1].v[KF_VCPUBLK], 1.0);
	EQ_D("all exit/s = VM", r[0].v[KF_EXIT], 300.0);
	EQ_U("all: every field present", r[0].present, (1U << KF_NR) - 1);

	/* 2. One VM leaves, another (new process) arrives; sums fall. itv = 100. */
	strcpy(cur, "rates/churn");
	p[1] = mk("10-5", "a", 10, 500, KVM_SRC_DEBUGFS);
	p[2] = mk("20-5", "b", 20, 600, KVM_SRC_DEBUGFS);
	fill(&p[1], 1000000, 1);
	fill(&p[2], 5000000, 1);
	sum0(p, 3, allp);
	c[1] = p[1];
	c[1].cnt[KC_EXITS] += 100;		/* VM a: +100 */
	c[2] = mk("30-5", "c", 30, 1000, KVM_SRC_DEBUGFS);	/* started at 1000 cs >= 900 */
	fill(&c[2], 0, 1);
	c[2].cnt[KC_EXITS] = 40;		/* new VM: counts from 0: +40 */
	sum0(c, 3, allp);
	/* item 0 exits fell from 6000000 to 1000140: never a negative rate */
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 100, r);
	EQ_D("kept VM", r[1].v[KF_EXIT], 100.0);
	EQ_D("new VM from 0", r[2].v[KF_EXIT], 40.0);
	EQ_D("all = 100 + 40", r[0].v[KF_EXIT], 140.0);
	/* new process: its whole CPU time is in the interval: guest 17 cs -> 17 % */
	EQ_D("new VM %guest", r[2].v[KF_PCT_GUEST], 17.0);

	/* 3. New VM of an old process never seen before: unknown. */
	strcpy(cur, "rates/unknown");
	c[2].start_cs = 100;			/* started long before the previous sample */
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 100, r);
	EQ_I("VM exit/s absent", PRES(r[2], KF_EXIT), 0);
	EQ_I("VM %guest absent", PRES(r[2], KF_PCT_GUEST), 0);
	EQ_I("all exit/s absent (would be an undercount)", PRES(r[0], KF_EXIT), 0);
	EQ_I("all nvm still present", PRES(r[0], KF_NVM), 1);
	EQ_D("all nvm", r[0].v[KF_NVM], 2.0);

	/*
	 * 4. Key reused by a new VM of the same process: counters drop. This cannot be told
	 * from a counter reset by a write to its debugfs file (test_hostile), so the VM's
	 * counters are unknown for this interval (before: counted from 0).
	 */
	strcpy(cur, "rates/reuse");
	p[1] = mk("10-5", "a", 10, 500, KVM_SRC_DEBUGFS);
	fill(&p[1], 1000000, 1);
	sum0(p, 2, allp);
	c[1] = mk("10-5", "a2", 10, 500, KVM_SRC_DEBUGFS);
	fill(&c[1], 0, 1);
	c[1].cnt[KC_EXITS] = 70;		/* 70 < 1000000 */
	c[1].cnt[KC_GUEST_CS] = 1000020;	/* process times keep growing: +3 */
	c[1].cnt[KC_CPU_CS] = 1000025;		/* p: 1000018 -> +7 */
	sum0(c, 2, allp);
	kvm_compute_rows(p, 2, c, 2, sizeof(p[0]), 900, 100, r);
	EQ_I("exit/s absent", PRES(r[1], KF_EXIT), 0);
	EQ_I("all exit/s absent", PRES(r[0], KF_EXIT), 0);
	/* guest: 1000020 - (1000000 + 17) = 3; cpu: 1000025 - (1000000 + 18) = 7 */
	EQ_D("%guest of the process", r[1].v[KF_PCT_GUEST], 3.0);
	EQ_D("%vmm of the process", r[1].v[KF_PCT_VMM], 4.0);

	/* 5. Key reused by another process (pid reuse): start time differs. */
	strcpy(cur, "rates/pidreuse");
	c[1] = mk("10-5", "x", 10, 950, KVM_SRC_DEBUGFS);	/* started after 900 */
	fill(&c[1], 0, 1);
	c[1].cnt[KC_EXITS] = 2000000;		/* higher than before, still from 0 */
	sum0(c, 2, allp);
	kvm_compute_rows(p, 2, c, 2, sizeof(p[0]), 900, 100, r);
	EQ_D("exit/s from 0", r[1].v[KF_EXIT], 2000000.0);

	/* 6. Source changed (debugfs -> statsfd), or set of stats fds changed: unknown. */
	strcpy(cur, "rates/source");
	c[1] = p[1];
	c[1].cnt[KC_EXITS] += 10;
	c[1].source = KVM_SRC_STATSFD;
	sum0(c, 2, allp);
	kvm_compute_rows(p, 2, c, 2, sizeof(p[0]), 900, 100, r);
	EQ_I("source change: absent", PRES(r[1], KF_EXIT), 0);
	EQ_I("source change: %guest kept", PRES(r[1], KF_PCT_GUEST), 1);
	c[1].source = KVM_SRC_DEBUGFS;
	c[1].nstats = 2;
	kvm_compute_rows(p, 2, c, 2, sizeof(p[0]), 900, 100, r);
	EQ_I("nstats change: absent", PRES(r[1], KF_EXIT), 0);

	/* 7. Counter the architecture lacks (io_exits not listed), %hwait clamp. */
	strcpy(cur, "rates/absent");
	c[1] = p[1];
	c[1].present &= ~(1U << KC_IO_EXITS);
	c[1].cnt[KC_HWAIT_NS] += 3000000000ULL;	/* 3 s over 1 s * 1 vCPU -> clamped to 100 % */
	p[1].present &= ~(1U << KC_IO_EXITS);
	sum0(p, 2, allp & ~(1U << KC_IO_EXITS));
	sum0(c, 2, allp & ~(1U << KC_IO_EXITS));
	kvm_compute_rows(p, 2, c, 2, sizeof(p[0]), 900, 100, r);
	EQ_I("VM ioexit absent", PRES(r[1], KF_IOEXIT), 0);
	EQ_I("all ioexit absent", PRES(r[0], KF_IOEXIT), 0);
	EQ_I("all exit present", PRES(r[0], KF_EXIT), 1);
	EQ_D("%hwait clamped", r[1].v[KF_PCT_HWAIT], 100.0);

	/* 8. Two VMs of one process: process times counted once in "all". */
	strcpy(cur, "rates/twovms");
	p[1] = mk("10-5", "a", 10, 500, KVM_SRC_DEBUGFS);
	p[2] = mk("10-6", "a", 10, 500, KVM_SRC_DEBUGFS);
	fill(&p[1], 1000, 1);
	fill(&p[2], 1000, 1);
	c[1] = p[1];
	c[2] = p[2];
	c[1].cnt[KC_GUEST_CS] += 30;
	c[1].cnt[KC_CPU_CS] += 40;
	c[2].cnt[KC_GUEST_CS] += 30;		/* same process: same times */
	c[2].cnt[KC_CPU_CS] += 40;
	sum0(p, 3, allp);
	sum0(c, 3, allp);
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 100, r);
	EQ_D("VM 1 %guest = process", r[1].v[KF_PCT_GUEST], 30.0);
	EQ_D("VM 2 %guest = process", r[2].v[KF_PCT_GUEST], 30.0);
	EQ_D("all %guest counted once", r[0].v[KF_PCT_GUEST], 30.0);

	/* 9. No previous sample: no rates; no interval: no rates. */
	strcpy(cur, "rates/first");
	kvm_compute_rows(NULL, 0, c, 3, sizeof(c[0]), 0, 100, r);
	EQ_I("exit absent", PRES(r[0], KF_EXIT), 0);
	EQ_I("nvcpu present", PRES(r[0], KF_NVCPU), 1);
	kvm_compute_rows(p, 3, c, 3, sizeof(c[0]), 900, 0, r);
	EQ_I("itv 0: exit absent", PRES(r[1], KF_EXIT), 0);

	/* 10. No VM at all: true zeros for the counters the kernel has. */
	strcpy(cur, "rates/novm");
	sum0(p, 1, allp);
	sum0(c, 1, allp & ~(1U << KC_IO_EXITS));
	kvm_compute_rows(p, 1, c, 1, sizeof(c[0]), 900, 100, r);
	EQ_I("exit present", PRES(r[0], KF_EXIT), 1);
	EQ_D("exit 0", r[0].v[KF_EXIT], 0.0);
	EQ_I("io absent", PRES(r[0], KF_IOEXIT), 0);
}

/*
 * sadc -S KVM: the VMs carry only the KC_CORE_MASK counters (and blocking,
 * process times); item 0 carries, for the other counters, the kernel's
 * top-level sums (KP_TOPLEVEL).
 */
static void core_only(struct stats_kvm *s)
{
	int k;

	s->present &= KC_CORE_MASK | KP_PROC_MASK | (1U << KP_BLOCKING);
	for (k = 0; k < KC_GUEST_CS; k++) {
		if (!(KC_CORE_MASK & (1U << k)))
			s->cnt[k] = 0;
	}
}

/* Item 0 of a -S KVM sample: sums of the VMs' core counters + top-level values */
static void top0(struct stats_kvm *a, int n, unsigned long long hpoll, unsigned long long rtlb,
		 unsigned long long sig)
{
	sum0(a, n, KP_KVM_MASK | (1U << KP_BLOCKING) | (1U << KP_TOPLEVEL));
	a[0].cnt[KC_HPOLL] = hpoll;
	a[0].cnt[KC_RTLB_FLUSH] = rtlb;
	a[0].cnt[KC_SIG_EXITS] = sig;
	/* the other top-level counters keep the VM sums (0: no VM has them) */
}

static void test_toplevel(void)
{
	struct stats_kvm p[4], c[4];
	struct kvm_row r[4];

	/*
	 * 1. Two VMs, both in both samples, itv = 200 cs (2 s).
	 * VM exits +600 and +200: all exit/s = 800 / 2 = 400 (sum of the VMs).
	 * top-level halt_attempted_poll 5000 -> 5300: 300 / 2 = 150/s;
	 * remote_tlb_flush 70 -> 90: 10/s; signal_exits 40 -> 40: 0/s.
	 * The VM rows have no halt_attempted_poll (absent), the "all" row has it.
	 */
	strcpy(cur, "toplevel/steady");
	p[1] = mk("10-5", "a", 10, 500, KVM_SRC_DEBUGFS);
	p[2] = mk("20-5", "b", 20, 600, KVM_SRC_DEBUGFS);
	fill(&p[1], 1000, 2);
	fill(&p[2], 3000, 1);
	core_only(&p[1]);
	core_only(&p[2]);
	c[1] = p[1];
	c[2] = p[2];
	c[1].cnt[KC_EXITS] += 600;
	c[2].cnt[KC_EXITS] += 200;
	top0(p, 3, 5000, 70, 40);
	top0(c, 3, 5300, 90, 40);
	p[0].source = c[0].source = KVM_SRC_DEBUGFS;
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 200, r);
	EQ_D("all exit/s = VM sums", r[0].v[KF_EXIT], 400.0);
	EQ_D("all hpoll/s from the top-level sums", r[0].v[KF_HPOLL], 150.0);
	EQ_D("all rtlbfl/s from the top-level sums", r[0].v[KF_RTLBFL], 10.0);
	EQ_I("all sigexit/s present", PRES(r[0], KF_SIGEXIT), 1);
	EQ_D("all sigexit/s = 0", r[0].v[KF_SIGEXIT], 0.0);
	EQ_I("VM hpoll/s absent", PRES(r[1], KF_HPOLL), 0);
	EQ_I("VM rtlbfl/s absent", PRES(r[2], KF_RTLBFL), 0);
	EQ_D("VM exit/s", r[1].v[KF_EXIT], 300.0);
	/* core counters of "all" are still the VM sums: +0 for hltexit */
	EQ_I("all hltexit/s present", PRES(r[0], KF_HLTEXIT), 1);

	/*
	 * 2. A new VM (new process, started at 950 cs >= 900) arrives: it was
	 * created within the interval, so its counts are all in the new sum.
	 * top-level halt_attempted_poll (previous sample p: 5000) -> 5400:
	 * 400 / 2 s = 200/s.
	 */
	strcpy(cur, "toplevel/newvm");
	c[3] = mk("30-5", "c", 30, 950, KVM_SRC_DEBUGFS);
	fill(&c[3], 0, 1);
	core_only(&c[3]);
	top0(c, 4, 5400, 90, 40);
	kvm_compute_rows(p, 3, c, 4, sizeof(p[0]), 900, 200, r);
	EQ_D("all hpoll/s with a new VM", r[0].v[KF_HPOLL], 200.0);

	/*
	 * 3. VM b (20-5) has gone: the kernel's sums lost its counts (5000 ->
	 * 4100 here, and rtlb 70 -> 95 rose, but even a rising sum would be an
	 * undercount): unknown.
	 * Core counters stay known (sums of the VM increments).
	 */
	strcpy(cur, "toplevel/gone");
	c[2] = c[3];				/* c = all, 10-5, 30-5 */
	top0(c, 3, 4100, 95, 41);
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 200, r);
	EQ_I("all hpoll/s absent", PRES(r[0], KF_HPOLL), 0);
	EQ_I("all rtlbfl/s absent (sum rose, still unknown)", PRES(r[0], KF_RTLBFL), 0);
	EQ_I("all exit/s present", PRES(r[0], KF_EXIT), 1);
	/* 10-5: +600; 30-5 new from 0: exits = 0 + KC_EXITS (0) = 0 -> 600 / 2 s */
	EQ_D("all exit/s = VM sums", r[0].v[KF_EXIT], 300.0);

	/*
	 * 4. Same key, same process, counters down (a new VM on the same fd):
	 * the old VM's counts left the sums: unknown.
	 */
	strcpy(cur, "toplevel/reused");
	c[1] = mk("10-5", "a", 10, 500, KVM_SRC_DEBUGFS);
	c[2] = p[2];
	fill(&c[1], 0, 2);
	core_only(&c[1]);			/* exits 0 < 1000 */
	top0(c, 3, 6000, 95, 41);
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 200, r);
	EQ_I("all hpoll/s absent", PRES(r[0], KF_HPOLL), 0);
	/* a VM whose counters fell is unknown for the interval (rates/reuse): so is "all" */
	EQ_I("all exit/s absent (reset VM unknown)", PRES(r[0], KF_EXIT), 0);

	/*
	 * 5. Same VMs, but the previous item 0 holds VM sums (sadc -S XKVM
	 * then -S KVM): the two kinds of values cannot be subtracted: unknown.
	 */
	strcpy(cur, "toplevel/mixed");
	c[1] = p[1];
	c[2] = p[2];
	top0(c, 3, 5300, 90, 40);
	p[0].present &= ~(1U << KP_TOPLEVEL);
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 200, r);
	EQ_I("all hpoll/s absent", PRES(r[0], KF_HPOLL), 0);
	p[0].present |= 1U << KP_TOPLEVEL;

	/* 6. A top-level sum that went down with the same VMs: unknown, never negative */
	strcpy(cur, "toplevel/down");
	top0(c, 3, 4999, 90, 40);
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 200, r);
	EQ_I("all hpoll/s absent", PRES(r[0], KF_HPOLL), 0);
	EQ_D("all rtlbfl/s still (90 - 70) / 2", r[0].v[KF_RTLBFL], 10.0);

	/*
	 * 7. A top-level counter not read in the current sample (bit cleared in
	 * item 0: its file could not be read): absent.
	 */
	strcpy(cur, "toplevel/unread");
	top0(c, 3, 5300, 90, 40);
	c[0].present &= ~(1U << KC_SIG_EXITS);
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 200, r);
	EQ_I("all sigexit/s absent", PRES(r[0], KF_SIGEXIT), 0);
	EQ_D("all hpoll/s", r[0].v[KF_HPOLL], 150.0);

	/*
	 * 8. Core counters with KP_TOPLEVEL are never taken from item 0: item 0
	 * says exits = 1 (nonsense) but the row is the VM sum (600 + 200) / 2.
	 */
	strcpy(cur, "toplevel/core-from-vms");
	c[0].cnt[KC_EXITS] = 1;
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 200, r);
	EQ_D("all exit/s", r[0].v[KF_EXIT], 0.0);
	c[1].cnt[KC_EXITS] += 600;
	c[2].cnt[KC_EXITS] += 200;
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 200, r);
	EQ_D("all exit/s = (600 + 200) / 2", r[0].v[KF_EXIT], 400.0);
}

static void test_match_avg(void)
{
	struct stats_kvm s = mk("123-4", "db,primary", 123, 0, KVM_SRC_DEBUGFS);
	struct stats_kvm e = mk("9-4", "", 9, 0, KVM_SRC_DEBUGFS);
	const char *f1[] = {"db,primary"}, *f2[] = {"123"}, *f3[] = {"12"}, *f4[] = {"123-4"};
	const char *f5[] = {""}, *f6[] = {"x", "123"};
	struct kvm_avg avg = {NULL, 0, 0, NULL, 0, 0};
	struct kvm_row r, out;
	struct stats_kvm st;

	strcpy(cur, "match");
	EQ_I("name", kvm_match_vm(&s, f1, 1), 1);
	EQ_I("pid", kvm_match_vm(&s, f2, 1), 1);
	EQ_I("pid prefix", kvm_match_vm(&s, f3, 1), 0);
	EQ_I("key", kvm_match_vm(&s, f4, 1), 1);
	EQ_I("empty never matches empty name", kvm_match_vm(&e, f5, 1), 0);
	EQ_I("second element", kvm_match_vm(&s, f6, 2), 1);

	strcpy(cur, "avg");
	memset(&r, 0, sizeof(r));
	r.st = &s;
	r.present = (1U << KF_EXIT) | (1U << KF_NVCPU);
	r.v[KF_EXIT] = 100.0;
	r.v[KF_NVCPU] = 2;
	kvm_avg_add(&avg, &r, 0, 100);		/* 1 s at 100/s */
	r.v[KF_EXIT] = 400.0;
	r.v[KF_NVCPU] = 4;
	kvm_avg_add(&avg, &r, 0, 300);		/* 3 s at 400/s */
	r.present = (1U << KF_NVCPU);		/* exit/s unknown in this interval */
	r.v[KF_NVCPU] = 3;
	kvm_avg_add(&avg, &r, 0, 100);
	EQ_I("items: all + 1", avg.n, 2);
	kvm_avg_row(&avg, 1, KVM_AVG_MEAN, &out, &st);
	/* (100*1 + 400*3) / (1 + 3) = 1300 / 4 = 325: the unknown interval is left out */
	EQ_D("rate weighted by time", out.v[KF_EXIT], 325.0);
	/* instants: (2 + 4 + 3) / 3 = 3 */
	EQ_D("instant mean", out.v[KF_NVCPU], 3.0);
	EQ_S("key kept", st.key, "123-4");
	kvm_avg_row(&avg, 1, KVM_AVG_MIN, &out, &st);
	EQ_D("min", out.v[KF_EXIT], 100.0);
	kvm_avg_row(&avg, 1, KVM_AVG_MAX, &out, &st);
	EQ_D("max", out.v[KF_NVCPU], 4.0);
	kvm_avg_row(&avg, 0, KVM_AVG_MEAN, &out, &st);
	EQ_U("all row never fed: nothing present", out.present, 0);
	kvm_avg_free(&avg);
}

/*
 * Items as read from a hostile sa file: counters reset, unterminated key and name with
 * terminal escapes, an item size that is not a multiple of 8, an impossible "blocking".
 * Every check here failed before the fix (the file's item was used in place).
 */
static void test_hostile(void)
{
	struct stats_kvm p[3], c[3], st;
	struct kvm_row r[3], ra[3];
	unsigned int allp = KP_KVM_MASK | (1U << KP_BLOCKING) | KP_PROC_MASK;
	size_t msize = sizeof(struct stats_kvm) + 3;
	char *bp, *bc;
	int i;

	/* 1. echo 0 > halt_wakeup of a steady VM: one counter falls, the others grow */
	strcpy(cur, "hostile/reset");
	p[1] = mk("10-5", "a", 10, 500, KVM_SRC_DEBUGFS);
	fill(&p[1], 50000000, 2);
	c[1] = p[1];
	for (i = 0; i < KC_NR; i++) {
		c[1].cnt[i] += 100;		/* every counter +100 over 1 s */
	}
	c[1].cnt[KC_HWAKE] = 40;		/* reset: 40 < 50000004 */
	sum0(p, 2, allp);
	sum0(c, 2, allp);
	kvm_compute_rows(p, 2, c, 2, sizeof(p[0]), 900, 100, r);
	/* before: the VM was taken as new: exit/s = 50000100 (its since-start total) */
	EQ_I("VM exit/s absent, not a since-start total", PRES(r[1], KF_EXIT), 0);
	EQ_I("VM hwake/s absent", PRES(r[1], KF_HWAKE), 0);
	EQ_I("all exit/s absent", PRES(r[0], KF_EXIT), 0);
	/* process times are not KVM counters: +100 cs of guest in 1 s = 100 % */
	EQ_D("VM %guest still known", r[1].v[KF_PCT_GUEST], 100.0);
	EQ_D("all %guest still known", r[0].v[KF_PCT_GUEST], 100.0);
	/* next interval: counting again from the reset value */
	p[1] = c[1];
	for (i = 0; i < KC_NR; i++) {
		c[1].cnt[i] += 100;
	}
	sum0(p, 2, allp);
	sum0(c, 2, allp);
	kvm_compute_rows(p, 2, c, 2, sizeof(p[0]), 1000, 100, r);
	EQ_D("next interval exit/s", r[1].v[KF_EXIT], 100.0);
	EQ_D("next interval hwake/s: 140 - 40", r[1].v[KF_HWAKE], 100.0);

	/*
	 * 2. The same two samples laid out with items of sizeof + 3 bytes (a file's item size
	 * need not be a multiple of 8: items 1 and 2 are misaligned), the key and name of
	 * item 2 filled to the end of their fields, with ESC and ';'; "blocking" 7 of 2 vCPUs.
	 */
	strcpy(cur, "hostile/layout");
	p[1] = mk("10-5", "a", 10, 500, KVM_SRC_DEBUGFS);
	p[2] = mk("20-5", "b", 20, 600, KVM_SRC_DEBUGFS);
	fill(&p[1], 1000, 2);
	fill(&p[2], 2000, 1);
	c[1] = p[1];
	c[2] = p[2];
	c[1].cnt[KC_EXITS] += 300;
	c[2].cnt[KC_EXITS] += 500;
	memset(p[2].key, 'K', sizeof(p[2].key));
	p[2].key[0] = '\x1b';
	p[2].key[3] = ';';
	memset(p[2].name, 'N', sizeof(p[2].name));
	p[2].name[1] = '\x07';
	memcpy(c[2].key, p[2].key, sizeof(c[2].key));
	memcpy(c[2].name, p[2].name, sizeof(c[2].name));
	c[2].vcpublk = 7;
	sum0(p, 3, allp);
	sum0(c, 3, allp);
	bp = calloc(3, msize);
	bc = calloc(3, msize);
	if (!bp || !bc) {
		check(0, "calloc", "out of memory");
		return;
	}
	for (i = 0; i < 3; i++) {
		memcpy(bp + (size_t) i * msize, &p[i], sizeof(p[i]));
		memcpy(bc + (size_t) i * msize, &c[i], sizeof(c[i]));
	}
	/* under UBSan, a misaligned struct access aborts the test (-fno-sanitize-recover) */
	EQ_I("rc", kvm_compute_rows(bp, 3, bc, 3, msize, 900, 100, r), 0);
	/* 23 bytes kept, then the NUL; ESC, ';' and BEL become '?' (kvm_sanitize_name) */
	EQ_S("key cut and made printable", r[2].st->key, "?KK?KKKKKKKKKKKKKKKKKKK");
	EQ_I("name cut to 63 bytes", (long) strlen(r[2].st->name), 63);
	EQ_I("name BEL replaced", r[2].st->name[1], '?');
	EQ_D("exit/s of the misaligned item", r[2].v[KF_EXIT], 500.0);
	EQ_D("all exit/s = 300 + 500", r[0].v[KF_EXIT], 800.0);
	/* blocking 7 > 1 vCPU: absent for the VM, and so for "all" */
	EQ_I("blocking > nvcpu absent", PRES(r[2], KF_VCPUBLK), 0);
	EQ_I("prev index found by key", r[2].prev, 2);
	/* the same values as with the aligned arrays */
	kvm_compute_rows(p, 3, c, 3, sizeof(p[0]), 900, 100, ra);
	for (i = 0; i < 3; i++) {
		EQ_I("same present as aligned", r[i].present, ra[i].present);
		EQ_D("same exit/s as aligned", r[i].v[KF_EXIT], ra[i].v[KF_EXIT]);
	}
	free(bp);
	free(bc);

	/*
	 * 3. A key twice in the current sample (a damaged file): both items would take the
	 * increments of the one previous item: unknown, and so is "all" (before: all exit/s
	 * = 300 + 300 = 600 for one VM of 300/s).
	 */
	strcpy(cur, "hostile/dupkey");
	p[1] = mk("10-5", "a", 10, 500, KVM_SRC_DEBUGFS);
	fill(&p[1], 1000, 2);
	c[1] = p[1];
	c[1].cnt[KC_EXITS] += 300;
	c[2] = c[1];
	sum0(p, 2, allp);
	sum0(c, 3, allp);
	EQ_I("rc", kvm_compute_rows(p, 2, c, 3, sizeof(p[0]), 900, 100, r), 0);
	EQ_I("first copy exit/s absent", PRES(r[1], KF_EXIT), 0);
	EQ_I("second copy exit/s absent", PRES(r[2], KF_EXIT), 0);
	EQ_I("all exit/s absent", PRES(r[0], KF_EXIT), 0);

	/* 4. kvm_item_copy: the same cleaning for code that reads one item (sadf -r, count) */
	strcpy(cur, "hostile/item_copy");
	memset(c[2].key, 0x1b, sizeof(c[2].key));
	kvm_item_copy(c, 2, sizeof(c[0]), &st);
	EQ_S("key", st.key, "???????????????????????");
}

/*
 * Averages of many VMs: items are found by hash, through table growth (8 -> 4096 items).
 */
static void test_avg_many(void)
{
	struct kvm_avg avg = {NULL, 0, 0, NULL, 0, 0};
	struct stats_kvm s[3000], st;
	struct kvm_row r, out;
	int i, rec, ok = 1;

	strcpy(cur, "avg-many");
	for (i = 0; i < 3000; i++) {
		char key[24];

		snprintf(key, sizeof(key), "%d-5", i + 1);
		/* same name for all: the key tells them apart */
		s[i] = mk(key, "same", (unsigned int) i + 1, 0, KVM_SRC_DEBUGFS);
	}
	for (rec = 0; rec < 2; rec++) {
		for (i = 0; i < 3000; i++) {
			memset(&r, 0, sizeof(r));
			r.st = &s[i];
			r.present = 1U << KF_EXIT;
			/* record 0: i/s, record 1: 3i/s; 1 s each: mean 2i */
			r.v[KF_EXIT] = (double) (i * (rec ? 3 : 1));
			kvm_avg_add(&avg, &r, 0, 100);
		}
	}
	EQ_I("items: all + 3000", avg.n, 3001);
	for (i = 0; i < 3000; i++) {
		kvm_avg_row(&avg, i + 1, KVM_AVG_MEAN, &out, &st);
		if ((out.v[KF_EXIT] != 2.0 * i) || strcmp(st.key, s[i].key)) {
			ok = 0;
		}
	}
	check(ok, "every mean is 2i, in order of first appearance", "a mean or a key differs");
	kvm_avg_free(&avg);
}

int main(void)
{
	test_map_name();
	test_parse_value();
	test_parse_key();
	test_starttime();
	test_task_modern_52();
	test_task_comm_with_spaces_and_parens();
	test_task_comm_truncated();
	test_task_old_42_fields();
	test_task_field_count_edges();
	test_task_malformed();
	test_guest_name();
	test_bstats();
	test_rates();
	test_steal();
	test_toplevel();
	test_match_avg();
	test_hostile();
	test_avg_many();
	return failures ? 1 : 0;
}
