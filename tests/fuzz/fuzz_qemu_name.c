// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_qemu_name.c - libFuzzer target: guest names. kvm_guest_name() on a /proc/PID/cmdline buffer
 * (NUL-separated arguments, not NUL-terminated at its end: exactly the fuzzed bytes in their own
 * allocation), kvm_escape_name() on raw bytes, and kvm_sanitize_name() on a name as read from an sa file
 * (arbitrary 64 bytes, possibly without NUL).
 *
 * Input: byte 0 gives the output size (1 + b % 80, so truncation is exercised, and 64 = the sa-file
 * field); the rest is the cmdline.
 * Oracles besides the sanitizers: every output is NUL-terminated within its size; an escaped name holds
 * only printable ASCII and none of \ " ' < > & ; except the backslash of a complete "\xHH" sequence
 * (never cut); kvm_sanitize_name() leaves an escaped name unchanged; a sanitized buffer holds no byte
 * outside printable ASCII and none of " ' < > & ;; kvm_guest_name() returns 0 with an empty output, and
 * a name is found only if a "-name" or "--name" argument is followed by another argument.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kvm_calc.h"

static void fail(const char *why, const char *s)
{
	fprintf(stderr, "\nfuzz_qemu_name: %s: \"%s\"\n", why, s);
	abort();
}

static int hexdig(char c)
{
	return ((c >= '0') && (c <= '9')) || ((c >= 'a') && (c <= 'f'));
}

/* An output of kvm_escape_name() / kvm_guest_name() of size @sz */
static void check_escaped(const char *out, size_t sz)
{
	char copy[128];
	size_t n = strnlen(out, sz), i;

	if (n >= sz)
		fail("escaped name not NUL-terminated within its size", "");
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char) out[i];

		if ((c < 0x20) || (c > 0x7e) || strchr("\"'<>&;", c))
			fail("escaped name holds a byte that should be escaped", out);
		if (c == '\\') {
			if ((i + 3 >= n) || (out[i + 1] != 'x') || !hexdig(out[i + 2]) || !hexdig(out[i + 3]))
				fail("backslash not starting a complete \\xHH sequence", out);
			i += 3;
		}
	}
	memcpy(copy, out, n + 1);
	kvm_sanitize_name(copy, n + 1);
	if (strcmp(copy, out))
		fail("kvm_sanitize_name changed an escaped name", out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char out[96], name[MAX_KVM_NAME_LEN];
	size_t outsz, len, i, consumed;
	char *cmd;
	int found, has_name_arg = 0;

	if (!size)
		return 0;
	outsz = 1 + data[0] % 80;
	data++;
	size--;
	cmd = malloc(size ? size : 1);
	if (!cmd)
		return 0;
	memcpy(cmd, data, size);

	/* /proc/PID/cmdline */
	memset(out, 'X', sizeof(out));
	found = kvm_guest_name(cmd, size, out, outsz);
	if (found) {
		check_escaped(out, outsz);
		for (i = 0; i < size; ) {
			const char *a = cmd + i, *e = memchr(a, '\0', size - i);
			size_t alen = e ? (size_t) (e - a) : size - i;

			if ((((alen == 5) && !memcmp(a, "-name", 5)) || ((alen == 6) && !memcmp(a, "--name", 6))) &&
			    (i + alen + 1 < size))
				has_name_arg = 1;
			i += alen + 1;
		}
		if (!has_name_arg)
			fail("a name found without a -name/--name argument followed by a value", out);
	}
	else if (out[0] != '\0')
		fail("kvm_guest_name returned 0 with a non-empty name", out);

	/* raw bytes */
	memset(out, 'X', sizeof(out));
	consumed = kvm_escape_name(cmd, size, out, outsz);
	if (consumed > size)
		fail("kvm_escape_name consumed more than its input", out);
	check_escaped(out, outsz);
	if (consumed == size) {
		/* all of the input: each byte is 1 or 4 output characters */
		len = 0;
		for (i = 0; i < size; i++) {
			unsigned char c = (unsigned char) cmd[i];

			len += ((c >= 0x20) && (c < 0x7f) && !strchr("\\\"'<>&;", c)) ? 1 : 4;
		}
		if (strlen(out) != len)
			fail("escaped length is not the sum of 1 or 4 per input byte", out);
	}

	/* a name field of an sa file: 64 arbitrary bytes */
	memset(name, 0, sizeof(name));
	memcpy(name, data, size < sizeof(name) ? size : sizeof(name));
	kvm_sanitize_name(name, sizeof(name));
	if (strnlen(name, sizeof(name)) >= sizeof(name))
		fail("sanitized name not NUL-terminated", "");
	for (i = 0; name[i]; i++) {
		unsigned char c = (unsigned char) name[i];

		if ((c < 0x20) || (c > 0x7e) || strchr("\"'<>&;", c))
			fail("sanitized name holds an unsafe byte", name);
	}

	free(cmd);
	return 0;
}
