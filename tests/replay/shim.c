/*
 * libreplay.so -- LD_PRELOAD shim that runs unmodified programs against a
 * canned snapshot of /proc and /sys, one frame per "interval".
 *
 * Build:  gcc -std=gnu99 -Wall -Wextra -O2 -fPIC -shared -o libreplay.so shim.c -ldl
 * Use:    tests/replay/run SNAP -- COMMAND ...   (sets the environment below)
 *
 * Environment:
 *   REPLAY_SNAP    absolute path of the snapshot directory (required)
 *   REPLAY_FRAME   frame to start at (default 0); updated on every advance
 *   REPLAY_STATUS  optional file; the shim appends one line per event
 *   REPLAY_TRACE   optional: report each frame advance and its cause; "1" means
 *                  stderr, anything else is a file to append to (top, for one,
 *                  sends its stderr to /dev/null while it runs)
 *
 * The snapshot format and every rule implemented here are described in
 * tests/replay/README.md.  In short:
 *   - absolute paths under /proc and /sys are served from SNAP/<frame>/...
 *     (except /proc/self, /proc/thread-self and /proc/<own pid>);
 *   - each wait with a positive timeout (sleep, poll, alarm+pause, ...)
 *     advances one frame and returns at once; the clocks follow the frame;
 *   - fds opened on snapshot files follow the frame (reopened + dup3'd).
 */
#define _GNU_SOURCE
#undef _FORTIFY_SOURCE

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif
#ifndef O_TMPFILE
#define O_TMPFILE 0
#endif

#define PATHBUF 4096
#define PAST_END_SIGINTS 3      /* SIGINTs raised before we _exit(130) */

/* Functions glibc exports but its headers do not (or no longer) declare. */
int __open_2(const char *path, int flags);
int __open64_2(const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags);
int __xstat(int ver, const char *path, struct stat *st);
int __lxstat(int ver, const char *path, struct stat *st);
int __fxstatat(int ver, int dirfd, const char *path, struct stat *st, int flags);
int __xstat64(int ver, const char *path, struct stat64 *st);
int __lxstat64(int ver, const char *path, struct stat64 *st);
int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *st, int flags);
int pidfd_open(pid_t pid, unsigned int flags);
int pidfd_getfd(int pidfd, int targetfd, unsigned int flags);

/* ------------------------------------------------------------------ */
/* Errors                                                               */
/* ------------------------------------------------------------------ */

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

static void die(const char *fmt, ...)
{
    char msg[1200];
    size_t n;
    va_list ap;

    n = (size_t)snprintf(msg, sizeof msg, "replay shim: ");
    va_start(ap, fmt);
    vsnprintf(msg + n, sizeof msg - n - 1, fmt, ap);
    va_end(ap);
    n = strlen(msg);
    msg[n++] = '\n';
    if (write(2, msg, n) < 0) {
        /* nothing more we can do */
    }
    _exit(2);
}

/* ------------------------------------------------------------------ */
/* The real functions (next definition after us: libc, or a sanitizer) */
/* ------------------------------------------------------------------ */

static __thread int dlsym_depth;

static void *next_sym(const char *name, int required)
{
    void *p;

    if (dlsym_depth > 4)
        die("recursion while looking up %s() with dlsym", name);
    dlsym_depth++;
    p = dlsym(RTLD_NEXT, name);
    dlsym_depth--;
    if (!p && required)
        die("cannot find the real %s() in the C library (glibc >= 2.33 is needed)", name);
    return p;
}

static void *resolve(void **slot, const char *name, int required)
{
    if (!*slot)
        *slot = next_sym(name, required);
    return *slot;
}

/* REAL(open)(...) calls the next open(); REAL_OPT(f) is NULL when there is none. */
#define REAL_PTR(f) static void *real_##f
#define REAL(f) ((__typeof__(&f))resolve(&real_##f, #f, 1))
#define REAL_OPT(f) ((__typeof__(&f))resolve(&real_##f, #f, 0))

REAL_PTR(open); REAL_PTR(open64); REAL_PTR(openat); REAL_PTR(openat64);
REAL_PTR(__open_2); REAL_PTR(__open64_2); REAL_PTR(__openat_2); REAL_PTR(__openat64_2);
REAL_PTR(creat); REAL_PTR(creat64);
REAL_PTR(fopen); REAL_PTR(fopen64); REAL_PTR(freopen); REAL_PTR(freopen64); REAL_PTR(fclose);
REAL_PTR(close); REAL_PTR(dup); REAL_PTR(dup2); REAL_PTR(dup3);
REAL_PTR(stat); REAL_PTR(lstat); REAL_PTR(fstatat);
REAL_PTR(stat64); REAL_PTR(lstat64); REAL_PTR(fstatat64); REAL_PTR(statx);
REAL_PTR(access); REAL_PTR(faccessat); REAL_PTR(euidaccess); REAL_PTR(eaccess);
REAL_PTR(readlink); REAL_PTR(readlinkat); REAL_PTR(realpath);
REAL_PTR(opendir); REAL_PTR(readdir); REAL_PTR(readdir64); REAL_PTR(closedir);
REAL_PTR(readdir_r); REAL_PTR(readdir64_r);
REAL_PTR(rewinddir); REAL_PTR(dirfd); REAL_PTR(telldir); REAL_PTR(seekdir);
REAL_PTR(scandir); REAL_PTR(scandir64);
REAL_PTR(clock_gettime);
REAL_PTR(nanosleep); REAL_PTR(clock_nanosleep); REAL_PTR(select); REAL_PTR(pselect);
REAL_PTR(poll); REAL_PTR(ppoll); REAL_PTR(epoll_wait); REAL_PTR(epoll_pwait);
REAL_PTR(sigtimedwait); REAL_PTR(setitimer); REAL_PTR(getitimer);
REAL_PTR(pause); REAL_PTR(sigsuspend);
REAL_PTR(sysconf); REAL_PTR(syscall);
REAL_PTR(pidfd_open); REAL_PTR(pidfd_getfd);

/* ------------------------------------------------------------------ */
/* Configuration (snapshot.conf + environment)                         */
/* ------------------------------------------------------------------ */

static struct {
    int ready;
    char snap[PATHBUF - 256];   /* realpath of REPLAY_SNAP (short enough to build paths on) */
    char status[PATHBUF];       /* REPLAY_STATUS or "" */
    int nframes;
    int frame;
    long long interval_ns;
    long long start_ns;
    char host[65], kernel[65], arch[65];
    int past_end;               /* waits attempted beyond the last frame */
    int trace_on;               /* REPLAY_TRACE set */
    char trace[PATHBUF];        /* its file, or "" for stderr */
} S;

/* Read a whole (small) file with the real open; returns malloc'd NUL-terminated text. */
static char *read_whole(const char *path, size_t *len_out)
{
    size_t len = 0, cap = 4096;
    char *buf, *nb;
    ssize_t n;
    int fd = REAL(open)(path, O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return NULL;
    buf = malloc(cap);
    while (buf) {
        if (len + 1 >= cap) {
            nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        n = read(fd, buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    REAL(close)(fd);
    if (buf) {
        buf[len] = '\0';
        if (len_out)
            *len_out = len;
    }
    return buf;
}

/* "1", "0.25", "1700000000" -> nanoseconds; -1 if malformed */
static int parse_ns(const char *s, long long *out)
{
    long long sec = 0, frac = 0;
    int nd = 0;

    if (*s < '0' || *s > '9')
        return -1;
    while (*s >= '0' && *s <= '9') {
        sec = sec * 10 + (*s++ - '0');
        if (sec > 4000000000LL)
            return -1;
    }
    if (*s == '.') {
        s++;
        while (*s >= '0' && *s <= '9') {
            if (nd < 9) {
                frac = frac * 10 + (*s - '0');
                nd++;
            }
            s++;
        }
    }
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    if (*s)
        return -1;
    while (nd++ < 9)
        frac *= 10;
    *out = sec * 1000000000LL + frac;
    return 0;
}

static void copy_field(char *dst, size_t size, const char *val)
{
    snprintf(dst, size, "%s", val);
}

static void load_conf(void)
{
    char path[PATHBUF], *text, *line, *next, *eq, *end;
    int have_format = 0, have_interval = 0, have_start = 0, lineno = 0;

    snprintf(path, sizeof path, "%s/snapshot.conf", S.snap);
    text = read_whole(path, NULL);
    if (!text)
        die("cannot read %s: %s", path, strerror(errno));
    copy_field(S.host, sizeof S.host, "replay");
    copy_field(S.kernel, sizeof S.kernel, "0.0.0-replay");
    copy_field(S.arch, sizeof S.arch, "x86_64");
    for (line = text; line; line = next) {
        lineno++;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        end = line + strlen(line);
        while (end > line && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
            *--end = '\0';
        if (!*line || *line == '#')
            continue;
        eq = strchr(line, '=');
        if (!eq)
            die("%s line %d: expected key=value, got '%s'", path, lineno, line);
        *eq++ = '\0';
        if (!strcmp(line, "format")) {
            if (strcmp(eq, "1"))
                die("%s: format=%s is not supported (only format=1)", path, eq);
            have_format = 1;
        } else if (!strcmp(line, "interval")) {
            if (parse_ns(eq, &S.interval_ns) || S.interval_ns <= 0)
                die("%s: interval=%s is not a positive number of seconds", path, eq);
            have_interval = 1;
        } else if (!strcmp(line, "start")) {
            if (parse_ns(eq, &S.start_ns))
                die("%s: start=%s is not a number of epoch seconds", path, eq);
            have_start = 1;
        } else if (!strcmp(line, "host")) {
            copy_field(S.host, sizeof S.host, eq);
        } else if (!strcmp(line, "kernel")) {
            copy_field(S.kernel, sizeof S.kernel, eq);
        } else if (!strcmp(line, "arch")) {
            copy_field(S.arch, sizeof S.arch, eq);
        }
    }
    free(text);
    if (!have_format)
        die("%s has no format= line (expected format=1)", path);
    if (!have_interval)
        die("%s has no interval= line", path);
    if (!have_start)
        die("%s has no start= line", path);
}

static void init_or_die(void)
{
    const char *snap, *frame, *status, *trace;
    char path[PATHBUF], *end;
    struct stat st;
    long f;

    if (S.ready)
        return;
    snap = getenv("REPLAY_SNAP");
    if (!snap || !*snap)
        die("REPLAY_SNAP is not set; run the program through tests/replay/run");
    if (snap[0] != '/')
        die("REPLAY_SNAP=%s is not an absolute path", snap);
    if (!REAL(realpath)(snap, path))
        die("REPLAY_SNAP=%s: %s", snap, strerror(errno));
    if (strlen(path) >= sizeof S.snap)
        die("REPLAY_SNAP=%s: path too long", snap);
    memcpy(S.snap, path, strlen(path) + 1);
    load_conf();

    for (S.nframes = 0; S.nframes < 10000; S.nframes++) {
        snprintf(path, sizeof path, "%s/%04d", S.snap, S.nframes);
        if (REAL(stat)(path, &st) != 0 || !S_ISDIR(st.st_mode))
            break;
    }
    if (S.nframes == 0)
        die("%s has no frame directory 0000", S.snap);

    frame = getenv("REPLAY_FRAME");
    S.frame = 0;
    if (frame && *frame) {
        errno = 0;
        f = strtol(frame, &end, 10);
        if (errno || *end || f < 0 || f >= S.nframes)
            die("REPLAY_FRAME=%s is not a frame of %s (0..%d)", frame, S.snap, S.nframes - 1);
        S.frame = (int)f;
    }
    trace = getenv("REPLAY_TRACE");
    S.trace_on = trace && *trace;
    copy_field(S.trace, sizeof S.trace, S.trace_on && strcmp(trace, "1") ? trace : "");
    status = getenv("REPLAY_STATUS");
    copy_field(S.status, sizeof S.status, status ? status : "");
    S.ready = 1;
}

__attribute__((constructor)) static void replay_constructor(void)
{
    struct sigaction sa;

    init_or_die();
    /* Past the last frame the shim raises SIGINT, as a Ctrl-C at a terminal
       would (past_end). A program can only find SIGINT ignored before its
       main() if whoever started the runner ignored it -- a background job of
       a non-interactive shell, nohup -- and a shell cannot undo that for its
       children; the program would then run on past the end. Start it as
       from a terminal, whatever started the runner. */
    if (sigaction(SIGINT, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN) {
        sa.sa_handler = SIG_DFL;
        sigaction(SIGINT, &sa, NULL);
    }
}

/* Append one line to FILE, or write it to stderr if FILE is "".
   Best effort: a report must never disturb the program. */
static void report(const char *file, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void report(const char *file, const char *fmt, ...)
{
    char line[256];
    va_list ap;
    int fd, n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (n > (int)sizeof line - 2)
        n = (int)sizeof line - 2;
    line[n++] = '\n';
    fd = file[0] ? REAL(open)(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644) : 2;
    if (fd < 0)
        return;
    if (write(fd, line, (size_t)n) < 0) {
        /* best effort */
    }
    if (fd != 2)
        REAL(close)(fd);
}

/* ------------------------------------------------------------------ */
/* Paths                                                                */
/* ------------------------------------------------------------------ */

/* Lexically canonicalise an absolute path: collapse "//", drop ".", apply "..".
   A trailing slash is kept (it means "must be a directory"). 0, or -1 if too long. */
static int canon_path(const char *in, char *out, size_t size)
{
    size_t len = 0, n, inlen = strlen(in);
    const char *p = in, *start;

    out[0] = '\0';
    while (*p) {
        while (*p == '/')
            p++;
        start = p;
        while (*p && *p != '/')
            p++;
        n = (size_t)(p - start);
        if (n == 0 || (n == 1 && start[0] == '.'))
            continue;
        if (n == 2 && start[0] == '.' && start[1] == '.') {
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--;
            out[len] = '\0';
            continue;
        }
        if (len + n + 3 > size)
            return -1;
        out[len++] = '/';
        memcpy(out + len, start, n);
        len += n;
        out[len] = '\0';
    }
    if (len == 0) {
        out[len++] = '/';
    } else if (inlen > 0 && in[inlen - 1] == '/') {
        out[len++] = '/';
    }
    out[len] = '\0';
    return 0;
}

static int under(const char *path, const char *top)
{
    size_t n = strlen(top);
    return strncmp(path, top, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* SNAP/NNNN/REL; an over-long result becomes "" so that the open fails. */
static void frame_path(const char *rel, int frame, char *out, size_t size)
{
    int n = snprintf(out, size, "%s/%04d/%s", S.snap, frame, rel);

    if (n < 0 || (size_t)n >= size)
        out[0] = '\0';
}

static int pid_in_frame(pid_t pid)
{
    char rel[64], path[PATHBUF];
    struct stat st;

    snprintf(rel, sizeof rel, "proc/%d", (int)pid);
    frame_path(rel, S.frame, path, sizeof path);
    return REAL(stat)(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* /proc/self, /proc/thread-self and /proc/<own pid> describe the running tool:
   they go to the real /proc (own pid only while the frame has no such pid). */
static int is_own_proc(const char *canon)
{
    const char *c = canon + 6, *e;
    char digits[24];

    if (!under(canon, "/proc") || canon[5] == '\0')
        return 0;
    e = strchr(c, '/');
    if (!e)
        e = c + strlen(c);
    if ((size_t)(e - c) == 4 && !strncmp(c, "self", 4))
        return 1;
    if ((size_t)(e - c) == 11 && !strncmp(c, "thread-self", 11))
        return 1;
    snprintf(digits, sizeof digits, "%d", (int)getpid());
    if (strlen(digits) == (size_t)(e - c) && !strncmp(c, digits, (size_t)(e - c)))
        return !pid_in_frame(getpid());
    return 0;
}

struct redir {
    char rel[PATHBUF];          /* path inside the frame, e.g. "proc/stat" */
    char real[PATHBUF];         /* SNAP/NNNN/proc/stat */
};

/* 1 if PATH is served from the snapshot (filling R), 0 if it passes through. */
static int redirect(const char *path, struct redir *r)
{
    char c[PATHBUF];
    size_t len;

    if (!path || path[0] != '/')
        return 0;
    if (canon_path(path, c, sizeof c) != 0)
        return 0;
    if (!under(c, "/proc") && !under(c, "/sys"))
        return 0;
    init_or_die();
    if (is_own_proc(c))
        return 0;
    frame_path(c + 1, S.frame, r->real, sizeof r->real);
    len = strlen(c);
    if (len > 1 && c[len - 1] == '/')
        c[len - 1] = '\0';
    snprintf(r->rel, sizeof r->rel, "%s", c + 1);
    return 1;
}

/* ------------------------------------------------------------------ */
/* Tracked fds: fds we opened on snapshot files, and pidfd placeholders */
/* ------------------------------------------------------------------ */

struct slot {
    char *rel;          /* path inside the frame (NULL: not a snapshot file) */
    int flags;          /* open flags, for reopening */
    pid_t pidfd_for;    /* >0: this fd is our pidfd placeholder for that pid */
    dev_t dev;          /* identity, to notice fds closed behind our back */
    ino_t ino;
};

static struct slot *slots;
static int nslots;

static struct slot *slot_get(int fd, int create)
{
    int n;
    struct slot *ns;

    if (fd < 0)
        return NULL;
    if (fd >= nslots) {
        if (!create)
            return NULL;
        n = nslots ? nslots : 64;
        while (n <= fd)
            n *= 2;
        ns = realloc(slots, (size_t)n * sizeof *ns);
        if (!ns)
            return NULL;
        memset(ns + nslots, 0, (size_t)(n - nslots) * sizeof *ns);
        slots = ns;
        nslots = n;
    }
    return &slots[fd];
}

static void forget(int fd)
{
    struct slot *s = slot_get(fd, 0);

    if (!s)
        return;
    free(s->rel);
    memset(s, 0, sizeof *s);
}

static void remember_identity(int fd, struct slot *s)
{
    struct stat st;

    if (fstat(fd, &st) == 0) {
        s->dev = st.st_dev;
        s->ino = st.st_ino;
    }
}

static void track(int fd, const char *rel, int flags)
{
    struct slot *s;

    forget(fd);
    s = slot_get(fd, 1);
    if (!s)
        return;
    s->rel = strdup(rel);
    s->flags = flags & ~(O_CREAT | O_TRUNC | O_EXCL | O_CLOEXEC);
    remember_identity(fd, s);
}

/* Is the fd still the file we recorded (not closed and reused behind our back)? */
static int slot_valid(int fd, struct slot *s)
{
    struct stat st;

    return fstat(fd, &st) == 0 && st.st_dev == s->dev && st.st_ino == s->ino;
}

static const char *tracked_rel(int fd)
{
    struct slot *s = slot_get(fd, 0);

    return s && s->rel && slot_valid(fd, s) ? s->rel : NULL;
}

/* dup and friends: the copy TO of FROM is a snapshot file (or pidfd) too */
static void copy_tracking(int from, int to)
{
    struct slot *s = slot_get(from, 0), *t;
    char *rel;

    if (!s || !slot_valid(from, s))
        return;
    if (s->pidfd_for > 0) {
        pid_t pid = s->pidfd_for;

        forget(to);
        t = slot_get(to, 1);
        if (t) {
            t->pidfd_for = pid;
            remember_identity(to, t);
        }
        return;
    }
    if (!s->rel || !(rel = strdup(s->rel)))
        return;
    track(to, rel, s->flags);
    free(rel);
}

/* An empty file, for tracked fds whose file is absent in the new frame. */
static int empty_fd(void)
{
    int fd = memfd_create("replay-absent", MFD_CLOEXEC);

    return fd >= 0 ? fd : REAL(open)("/dev/null", O_RDONLY | O_CLOEXEC);
}

static void reopen_one(int fd, struct slot *s)
{
    char path[PATHBUF];
    struct stat st;
    off_t off = lseek(fd, 0, SEEK_CUR);
    int fdflags = fcntl(fd, F_GETFD);
    int isdir = fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
    int nfd;

    frame_path(s->rel, S.frame, path, sizeof path);
    nfd = REAL(open)(path, s->flags | O_CLOEXEC);
    if (nfd < 0)
        nfd = empty_fd();
    if (nfd < 0)
        return;
    if (REAL(dup3)(nfd, fd, (fdflags >= 0 && (fdflags & FD_CLOEXEC)) ? O_CLOEXEC : 0) < 0) {
        REAL(close)(nfd);
        return;
    }
    REAL(close)(nfd);
    if (off > 0 && !isdir)
        lseek(fd, off, SEEK_SET);
    remember_identity(fd, s);
}

static void reopen_tracked(void)
{
    int fd;

    for (fd = 0; fd < nslots; fd++) {
        struct slot *s = &slots[fd];
        if (!s->rel)
            continue;
        if (!slot_valid(fd, s))
            forget(fd);
        else
            reopen_one(fd, s);
    }
}

/* ------------------------------------------------------------------ */
/* Frames                                                               */
/* ------------------------------------------------------------------ */

/* A wait that would go beyond the last frame: behave as if Ctrl-C was pressed. */
static void past_end(void)
{
    S.past_end++;
    if (S.past_end == 1 && S.status[0])
        report(S.status, "past-end %d", S.nframes);
    if (S.past_end > PAST_END_SIGINTS) {
        if (S.status[0])
            report(S.status, "forced-exit 130");
        _exit(130);
    }
    raise(SIGINT);
    errno = EINTR;
}

/* Move to the next frame because of the wait WHY.
   0, or -1 (errno EINTR, SIGINT raised) past the end. */
static int advance(const char *why)
{
    char num[32];

    init_or_die();
    if (S.frame + 1 >= S.nframes) {
        if (S.trace_on)
            report(S.trace, "replay shim: pid %d: %s: past the last frame, raising SIGINT",
                   (int)getpid(), why);
        past_end();
        return -1;
    }
    if (S.trace_on)
        report(S.trace, "replay shim: pid %d: %s: frame %d", (int)getpid(), why, S.frame + 1);
    S.frame++;
    snprintf(num, sizeof num, "%d", S.frame);
    setenv("REPLAY_FRAME", num, 1);
    reopen_tracked();
    return 0;
}

/* ------------------------------------------------------------------ */
/* .errno rules of a frame                                              */
/* ------------------------------------------------------------------ */

static struct {
    int frame;          /* frame the rules were loaded for; -1: none yet */
    char *text;
    char **glob;
    int *err;
    int n;
} R = { -1, NULL, NULL, NULL, 0 };

static int errno_by_name(const char *name)
{
    if (!strcmp(name, "EPERM")) return EPERM;
    if (!strcmp(name, "EACCES")) return EACCES;
    if (!strcmp(name, "EIO")) return EIO;
    if (!strcmp(name, "ENOENT")) return ENOENT;
    return 0;
}

static void load_rules(void)
{
    char path[PATHBUF], *line, *next, *glob, *end;
    int cap = 0, lineno = 0, e;

    free(R.text);
    free(R.glob);
    free(R.err);
    R.text = NULL;
    R.glob = NULL;
    R.err = NULL;
    R.n = 0;
    R.frame = S.frame;
    frame_path(".errno", S.frame, path, sizeof path);
    R.text = read_whole(path, NULL);
    for (line = R.text; line; line = next) {
        lineno++;
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        while (*line == ' ' || *line == '\t')
            line++;
        end = line + strlen(line);
        while (end > line && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
            *--end = '\0';
        if (!*line || *line == '#')
            continue;
        glob = line + strcspn(line, " \t");
        if (*glob)
            *glob++ = '\0';
        while (*glob == ' ' || *glob == '\t')
            glob++;
        e = errno_by_name(line);
        if (!e)
            die("%s line %d: unknown errno name '%s' (use EPERM, EACCES, EIO or ENOENT)",
                path, lineno, line);
        if (!*glob)
            die("%s line %d: '%s' has no glob after it", path, lineno, line);
        if (R.n == cap) {
            cap = cap ? cap * 2 : 16;
            R.glob = realloc(R.glob, (size_t)cap * sizeof *R.glob);
            R.err = realloc(R.err, (size_t)cap * sizeof *R.err);
            if (!R.glob || !R.err)
                die("out of memory reading %s", path);
        }
        R.glob[R.n] = glob;
        R.err[R.n] = e;
        R.n++;
    }
}

/* errno an open() of REL must fail with, or 0. First matching rule wins. */
static int rule_errno(const char *rel)
{
    int i;

    if (R.frame != S.frame)
        load_rules();
    for (i = 0; i < R.n; i++)
        if (fnmatch(R.glob[i], rel, 0) == 0)
            return R.err[i];
    return 0;
}

/* ------------------------------------------------------------------ */
/* Ownership: /proc/<pid>/... belongs to the Uid/Gid of its status file */
/* ------------------------------------------------------------------ */

static int read_frame_file(const char *rel, char *buf, size_t size)
{
    char path[PATHBUF];
    ssize_t n;
    size_t len = 0;
    int fd;

    frame_path(rel, S.frame, path, sizeof path);
    fd = REAL(open)(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    while (len + 1 < size) {
        n = read(fd, buf + len, size - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    REAL(close)(fd);
    buf[len] = '\0';
    return (int)len;
}

static unsigned long status_id(const char *text, const char *key)
{
    size_t klen = strlen(key);
    const char *p = text;

    while (p && *p) {
        if (!strncmp(p, key, klen))
            return strtoul(p + klen, NULL, 10);
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    return 0;
}

static void owner_of(const char *rel, uid_t *uid, gid_t *gid)
{
    char srel[64], text[8192];
    const char *p, *q;

    *uid = 0;
    *gid = 0;
    if (strncmp(rel, "proc/", 5) != 0)
        return;
    p = rel + 5;
    for (q = p; *q >= '0' && *q <= '9'; q++)
        ;
    if (q == p || q - p > 20 || (*q && *q != '/'))
        return;
    snprintf(srel, sizeof srel, "proc/%.*s/status", (int)(q - p), p);
    if (read_frame_file(srel, text, sizeof text) < 0)
        return;
    *uid = (uid_t)status_id(text, "Uid:");
    *gid = (gid_t)status_id(text, "Gid:");
}

static long long frame_realtime_ns(void);

/* What stat() reports for a snapshot file: owner as above, and the frame's
   time for atime/mtime/ctime (the checkout time of the snapshot would make
   output depend on who cloned the repository). */
static void fix_stat(const char *rel, uid_t *uid, gid_t *gid,
                     struct timespec *a, struct timespec *m, struct timespec *c)
{
    long long ns = frame_realtime_ns();

    owner_of(rel, uid, gid);
    a->tv_sec = (time_t)(ns / 1000000000LL);
    a->tv_nsec = (long)(ns % 1000000000LL);
    *m = *a;
    *c = *a;
}

/* ------------------------------------------------------------------ */
/* open and friends                                                     */
/* ------------------------------------------------------------------ */

/* openat-style lookup: absolute paths, or relative to a snapshot directory fd. */
static int redirect_at(int dirfd, const char *path, struct redir *r)
{
    char joined[PATHBUF];
    const char *rel;

    if (!path)
        return 0;
    if (path[0] == '/')
        return redirect(path, r);
    if (!path[0] || dirfd == AT_FDCWD)
        return 0;
    rel = tracked_rel(dirfd);
    if (!rel || rel[0] == '.')
        return 0;
    if ((size_t)snprintf(joined, sizeof joined, "/%s/%s", rel, path) >= sizeof joined)
        return 0;
    return redirect(joined, r);
}

static int wants_write(int flags)
{
    return (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC));
}

static int mode_writes(const char *mode)
{
    return mode && strpbrk(mode, "wa+") != NULL;
}

static int open_redirected(const struct redir *r, int flags, mode_t mode)
{
    int fd, e;

    if (wants_write(flags)) {
        errno = EACCES;
        return -1;
    }
    e = rule_errno(r->rel);
    if (e) {
        errno = e;
        return -1;
    }
    fd = REAL(open)(r->real, flags, mode);
    if (fd >= 0)
        track(fd, r->rel, flags);
    return fd;
}

#define MODE_ARG(flags, mode)                                           \
    do {                                                                \
        va_list ap_;                                                    \
        va_start(ap_, flags);                                           \
        mode = ((flags) & O_CREAT) || ((flags) & O_TMPFILE) == O_TMPFILE \
            ? (mode_t)va_arg(ap_, int) : 0;                             \
        va_end(ap_);                                                    \
    } while (0)

int open(const char *path, int flags, ...)
{
    struct redir r;
    mode_t mode;

    MODE_ARG(flags, mode);
    if (!redirect(path, &r))
        return REAL(open)(path, flags, mode);
    return open_redirected(&r, flags, mode);
}

int open64(const char *path, int flags, ...)
{
    struct redir r;
    mode_t mode;

    MODE_ARG(flags, mode);
    if (!redirect(path, &r))
        return REAL(open64)(path, flags, mode);
    return open_redirected(&r, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
    struct redir r;
    mode_t mode;

    MODE_ARG(flags, mode);
    if (!redirect_at(dirfd, path, &r))
        return REAL(openat)(dirfd, path, flags, mode);
    return open_redirected(&r, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
    struct redir r;
    mode_t mode;

    MODE_ARG(flags, mode);
    if (!redirect_at(dirfd, path, &r))
        return REAL(openat64)(dirfd, path, flags, mode);
    return open_redirected(&r, flags, mode);
}

/* _FORTIFY_SOURCE variants (no mode argument) */
int __open_2(const char *path, int flags)
{
    struct redir r;

    if (!redirect(path, &r))
        return REAL(__open_2)(path, flags);
    return open_redirected(&r, flags, 0);
}

int __open64_2(const char *path, int flags)
{
    struct redir r;

    if (!redirect(path, &r))
        return REAL(__open64_2)(path, flags);
    return open_redirected(&r, flags, 0);
}

int __openat_2(int dirfd, const char *path, int flags)
{
    struct redir r;

    if (!redirect_at(dirfd, path, &r))
        return REAL(__openat_2)(dirfd, path, flags);
    return open_redirected(&r, flags, 0);
}

int __openat64_2(int dirfd, const char *path, int flags)
{
    struct redir r;

    if (!redirect_at(dirfd, path, &r))
        return REAL(__openat64_2)(dirfd, path, flags);
    return open_redirected(&r, flags, 0);
}

/* creat() into the snapshot: it is a read-only file system for the program. */
int creat(const char *path, mode_t mode)
{
    struct redir r;

    if (!redirect(path, &r))
        return REAL(creat)(path, mode);
    errno = EROFS;
    return -1;
}

int creat64(const char *path, mode_t mode)
{
    struct redir r;

    if (!redirect(path, &r))
        return REAL(creat64)(path, mode);
    errno = EROFS;
    return -1;
}

static FILE *fopen_redirected(const struct redir *r, const char *mode,
                              FILE *(*real_fn)(const char *, const char *))
{
    FILE *f;
    int e;

    if (mode_writes(mode)) {
        errno = EACCES;
        return NULL;
    }
    e = rule_errno(r->rel);
    if (e) {
        errno = e;
        return NULL;
    }
    f = real_fn(r->real, mode);
    if (f)
        track(fileno(f), r->rel, O_RDONLY);
    return f;
}

FILE *fopen(const char *path, const char *mode)
{
    struct redir r;

    if (!redirect(path, &r))
        return REAL(fopen)(path, mode);
    return fopen_redirected(&r, mode, REAL(fopen));
}

FILE *fopen64(const char *path, const char *mode)
{
    struct redir r;

    if (!redirect(path, &r))
        return REAL(fopen64)(path, mode);
    return fopen_redirected(&r, mode, REAL(fopen64));
}

static FILE *freopen_common(const char *path, const char *mode, FILE *stream,
                            FILE *(*real_fn)(const char *, const char *, FILE *))
{
    struct redir r;
    FILE *f;
    int e;

    if (stream)
        forget(fileno(stream));
    if (!redirect(path, &r))
        return real_fn(path, mode, stream);
    if (mode_writes(mode))
        e = EACCES;
    else
        e = rule_errno(r.rel);
    if (e) {
        /* like a failed freopen: the stream is closed */
        REAL(fclose)(stream);
        errno = e;
        return NULL;
    }
    f = real_fn(r.real, mode, stream);
    if (f)
        track(fileno(f), r.rel, O_RDONLY);
    return f;
}

FILE *freopen(const char *path, const char *mode, FILE *stream)
{
    return freopen_common(path, mode, stream, REAL(freopen));
}

FILE *freopen64(const char *path, const char *mode, FILE *stream)
{
    return freopen_common(path, mode, stream, REAL(freopen64));
}

int fclose(FILE *stream)
{
    if (stream)
        forget(fileno(stream));
    return REAL(fclose)(stream);
}

int close(int fd)
{
    forget(fd);
    return REAL(close)(fd);
}

int dup(int fd)
{
    int nfd = REAL(dup)(fd);

    if (nfd >= 0)
        copy_tracking(fd, nfd);
    return nfd;
}

int dup2(int fd, int fd2)
{
    int r;

    if (fd == fd2)
        return REAL(dup2)(fd, fd2);
    r = REAL(dup2)(fd, fd2);
    if (r >= 0) {
        forget(fd2);
        copy_tracking(fd, fd2);
    }
    return r;
}

int dup3(int fd, int fd2, int flags)
{
    int r = REAL(dup3)(fd, fd2, flags);

    if (r >= 0) {
        forget(fd2);
        copy_tracking(fd, fd2);
    }
    return r;
}

/* ------------------------------------------------------------------ */
/* stat and friends                                                     */
/* ------------------------------------------------------------------ */

/* stat, lstat and their 64-bit twins share one body; so do fstatat and fstatat64 */
#define DEFINE_STAT(NAME, STRUCT)                                                  \
int NAME(const char *path, struct STRUCT *st)                                      \
{                                                                                  \
    struct redir r;                                                                \
                                                                                   \
    if (!redirect(path, &r))                                                       \
        return REAL(NAME)(path, st);                                               \
    if (REAL(NAME)(r.real, st) != 0)                                               \
        return -1;                                                                 \
    fix_stat(r.rel, &st->st_uid, &st->st_gid, &st->st_atim, &st->st_mtim, &st->st_ctim); \
    return 0;                                                                      \
}

#define DEFINE_STATAT(NAME, STRUCT)                                                \
int NAME(int dirfd, const char *path, struct STRUCT *st, int flags)                \
{                                                                                  \
    struct redir r;                                                                \
                                                                                   \
    if (!redirect_at(dirfd, path, &r))                                             \
        return REAL(NAME)(dirfd, path, st, flags);                                 \
    if (REAL(NAME)(AT_FDCWD, r.real, st, flags) != 0)                              \
        return -1;                                                                 \
    fix_stat(r.rel, &st->st_uid, &st->st_gid, &st->st_atim, &st->st_mtim, &st->st_ctim); \
    return 0;                                                                      \
}

DEFINE_STAT(stat, stat)
DEFINE_STAT(lstat, stat)
DEFINE_STAT(stat64, stat64)
DEFINE_STAT(lstat64, stat64)
DEFINE_STATAT(fstatat, stat)
DEFINE_STATAT(fstatat64, stat64)

/* Binaries built against glibc < 2.33 call these instead of stat & co.
   The version argument is the kernel struct stat on all 64-bit targets. */
int __xstat(int ver, const char *path, struct stat *st)
{
    (void)ver;
    return stat(path, st);
}

int __lxstat(int ver, const char *path, struct stat *st)
{
    (void)ver;
    return lstat(path, st);
}

int __fxstatat(int ver, int dirfd, const char *path, struct stat *st, int flags)
{
    (void)ver;
    return fstatat(dirfd, path, st, flags);
}

int __xstat64(int ver, const char *path, struct stat64 *st)
{
    (void)ver;
    return stat64(path, st);
}

int __lxstat64(int ver, const char *path, struct stat64 *st)
{
    (void)ver;
    return lstat64(path, st);
}

int __fxstatat64(int ver, int dirfd, const char *path, struct stat64 *st, int flags)
{
    (void)ver;
    return fstatat64(dirfd, path, st, flags);
}

int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf)
{
    struct redir r;
    uid_t uid;
    gid_t gid;
    long long ns;

    if (!redirect_at(dirfd, path, &r))
        return REAL(statx)(dirfd, path, flags, mask, buf);
    if (REAL(statx)(AT_FDCWD, r.real, flags, mask, buf) != 0)
        return -1;
    owner_of(r.rel, &uid, &gid);
    buf->stx_uid = uid;
    buf->stx_gid = gid;
    ns = frame_realtime_ns();
    buf->stx_atime.tv_sec = ns / 1000000000LL;
    buf->stx_atime.tv_nsec = (unsigned int)(ns % 1000000000LL);
    buf->stx_mtime = buf->stx_atime;
    buf->stx_ctime = buf->stx_atime;
    buf->stx_btime = buf->stx_atime;
    return 0;
}

/* access: the snapshot is read-only, so W_OK is refused like a write open. */
int access(const char *path, int mode)
{
    struct redir r;

    if (!redirect(path, &r))
        return REAL(access)(path, mode);
    if (mode & W_OK) {
        errno = EACCES;
        return -1;
    }
    return REAL(access)(r.real, mode);
}

int faccessat(int dirfd, const char *path, int mode, int flags)
{
    struct redir r;

    if (!redirect_at(dirfd, path, &r))
        return REAL(faccessat)(dirfd, path, mode, flags);
    if (mode & W_OK) {
        errno = EACCES;
        return -1;
    }
    return REAL(faccessat)(AT_FDCWD, r.real, mode, flags);
}

int euidaccess(const char *path, int mode)
{
    struct redir r;

    if (!redirect(path, &r))
        return REAL(euidaccess)(path, mode);
    if (mode & W_OK) {
        errno = EACCES;
        return -1;
    }
    return REAL(euidaccess)(r.real, mode);
}

int eaccess(const char *path, int mode)
{
    struct redir r;

    if (!redirect(path, &r))
        return REAL(eaccess)(path, mode);
    if (mode & W_OK) {
        errno = EACCES;
        return -1;
    }
    return REAL(eaccess)(r.real, mode);
}

/* The link of the tool's own fd N (/proc/self/fd/N, /proc/<own pid>/fd/N) when N was
   opened by pidfd_getfd() on fd F of process P: what /proc/P/fd/F links to in the current
   frame, or the link .fd/P/F.link of the frame if there is one (the process replaced its
   fd F between the tool's listing and its pidfd_getfd). -2 if PATH is not such a link. */
static ssize_t dup_fd_link(const char *path, char *buf, size_t len)
{
    char own[32], rel[64], lpath[PATHBUF];
    const char *p;
    struct slot *s;
    struct stat st;
    int pid, fd, n;
    char *end;
    long v;

    if (!path || strncmp(path, "/proc/", 6))
        return -2;
    snprintf(own, sizeof own, "%d/fd/", (int)getpid());
    if (!strncmp(path + 6, "self/fd/", 8))
        p = path + 14;
    else if (!strncmp(path + 6, own, strlen(own)))
        p = path + 6 + strlen(own);
    else
        return -2;
    v = strtol(p, &end, 10);
    if (end == p || *end || v < 0 || v > INT_MAX)
        return -2;
    s = slot_get((int)v, 0);
    if (!s || !s->rel || sscanf(s->rel, ".fd/%d/%d%n", &pid, &fd, &n) != 2 || s->rel[n])
        return -2;
    snprintf(rel, sizeof rel, ".fd/%d/%d.link", pid, fd);
    frame_path(rel, S.frame, lpath, sizeof lpath);
    if (REAL(lstat)(lpath, &st) != 0) {
        snprintf(rel, sizeof rel, "proc/%d/fd/%d", pid, fd);
        frame_path(rel, S.frame, lpath, sizeof lpath);
    }
    return REAL(readlink)(lpath, buf, len);
}

ssize_t readlink(const char *path, char *buf, size_t len)
{
    struct redir r;
    ssize_t n;

    if ((n = dup_fd_link(path, buf, len)) != -2)
        return n;
    if (!redirect(path, &r))
        return REAL(readlink)(path, buf, len);
    return REAL(readlink)(r.real, buf, len);
}

ssize_t readlinkat(int dirfd, const char *path, char *buf, size_t len)
{
    struct redir r;

    if (!redirect_at(dirfd, path, &r))
        return REAL(readlinkat)(dirfd, path, buf, len);
    return REAL(readlinkat)(AT_FDCWD, r.real, buf, len);
}

/* realpath of a snapshot path, mapped back to the /proc or /sys name. */
char *realpath(const char *path, char *resolved)
{
    struct redir r;
    char tmp[PATHBUF], prefix[PATHBUF];
    const char *out = tmp;
    size_t plen;

    if (!redirect(path, &r))
        return REAL(realpath)(path, resolved);
    if (!REAL(realpath)(r.real, tmp))
        return NULL;
    plen = (size_t)snprintf(prefix, sizeof prefix, "%s/%04d/", S.snap, S.frame);
    if (!strncmp(tmp, prefix, plen))
        out = tmp + plen - 1;            /* keep the leading '/' */
    if (!resolved)
        return strdup(out);
    snprintf(resolved, PATH_MAX, "%s", out);
    return resolved;
}

/* ------------------------------------------------------------------ */
/* Directories: our own DIR handles with a deterministic order         */
/* ------------------------------------------------------------------ */

struct entry {
    char *name;
    unsigned char type;
};

struct rdir {
    struct rdir *next;      /* registry of our handles */
    char *rel;              /* directory inside the frame */
    int fd;                 /* real fd for dirfd(), -1 until asked */
    struct entry *e;        /* ".", "..", then the sorted names */
    int n, pos;
    struct dirent de;
    struct dirent64 de64;
};

static struct rdir *rdirs;

static struct rdir *ours(DIR *dp)
{
    struct rdir *d;

    for (d = rdirs; d; d = d->next)
        if ((DIR *)d == dp)
            return d;
    return NULL;
}

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return 0;
    return 1;
}

/* non-numeric names first (strcmp), then numeric names by value, like /proc */
static int entry_cmp(const void *a, const void *b)
{
    const char *x = ((const struct entry *)a)->name;
    const char *y = ((const struct entry *)b)->name;
    int dx = all_digits(x), dy = all_digits(y);
    const char *px = x, *py = y;
    size_t lx, ly;
    int c;

    if (dx != dy)
        return dx - dy;
    if (!dx)
        return strcmp(x, y);
    while (px[0] == '0' && px[1])
        px++;
    while (py[0] == '0' && py[1])
        py++;
    lx = strlen(px);
    ly = strlen(py);
    if (lx != ly)
        return lx < ly ? -1 : 1;
    c = strcmp(px, py);
    return c ? c : strcmp(x, y);
}

static void free_entries(struct rdir *d)
{
    int i;

    for (i = 0; i < d->n; i++)
        free(d->e[i].name);
    free(d->e);
    d->e = NULL;
    d->n = 0;
    d->pos = 0;
}

static int add_entry(struct rdir *d, int *cap, const char *name, unsigned char type)
{
    struct entry *ne;

    if (d->n == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        ne = realloc(d->e, (size_t)*cap * sizeof *ne);
        if (!ne)
            return -1;
        d->e = ne;
    }
    d->e[d->n].name = strdup(name);
    if (!d->e[d->n].name)
        return -1;
    d->e[d->n].type = type;
    d->n++;
    return 0;
}

static unsigned char mode_to_dtype(mode_t m)
{
    if (S_ISDIR(m)) return DT_DIR;
    if (S_ISREG(m)) return DT_REG;
    if (S_ISLNK(m)) return DT_LNK;
    if (S_ISCHR(m)) return DT_CHR;
    if (S_ISBLK(m)) return DT_BLK;
    if (S_ISFIFO(m)) return DT_FIFO;
    if (S_ISSOCK(m)) return DT_SOCK;
    return DT_UNKNOWN;
}

/* List the directory in the current frame. Names starting with '.' are
   snapshot bookkeeping (.keep files for git) and are not shown. */
static int load_listing(struct rdir *d)
{
    char path[PATHBUF];
    DIR *real;
    struct dirent *de;
    struct stat st;
    unsigned char type;
    int cap = 0, saved;

    free_entries(d);
    frame_path(d->rel, S.frame, path, sizeof path);
    real = REAL(opendir)(path);
    if (!real)
        return -1;
    if (add_entry(d, &cap, ".", DT_DIR) || add_entry(d, &cap, "..", DT_DIR))
        goto nomem;
    while ((de = REAL(readdir)(real)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        type = de->d_type;
        if (type == DT_UNKNOWN &&
            REAL(fstatat)(REAL(dirfd)(real), de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
            type = mode_to_dtype(st.st_mode);
        if (add_entry(d, &cap, de->d_name, type))
            goto nomem;
    }
    REAL(closedir)(real);
    qsort(d->e + 2, (size_t)(d->n - 2), sizeof *d->e, entry_cmp);
    return 0;
nomem:
    saved = ENOMEM;
    REAL(closedir)(real);
    free_entries(d);
    errno = saved;
    return -1;
}

static struct rdir *rdir_open(const char *rel)
{
    struct rdir *d;
    int e = rule_errno(rel);

    if (e) {
        errno = e;
        return NULL;
    }
    d = calloc(1, sizeof *d);
    if (!d || !(d->rel = strdup(rel))) {
        free(d);
        errno = ENOMEM;
        return NULL;
    }
    d->fd = -1;
    if (load_listing(d) != 0) {
        e = errno;
        free(d->rel);
        free(d);
        errno = e;
        return NULL;
    }
    d->next = rdirs;
    rdirs = d;
    return d;
}

static void rdir_close(struct rdir *d)
{
    struct rdir **pp;

    for (pp = &rdirs; *pp; pp = &(*pp)->next) {
        if (*pp == d) {
            *pp = d->next;
            break;
        }
    }
    if (d->fd >= 0) {
        forget(d->fd);
        REAL(close)(d->fd);
    }
    free_entries(d);
    free(d->rel);
    free(d);
}

static void fill_dirent(struct dirent *de, const struct rdir *d, int i)
{
    memset(de, 0, sizeof *de);
    de->d_ino = (ino_t)(i + 1);         /* synthetic, non-zero, machine independent */
    de->d_off = i + 1;
    de->d_reclen = sizeof *de;
    de->d_type = d->e[i].type;
    snprintf(de->d_name, sizeof de->d_name, "%s", d->e[i].name);
}

static void fill_dirent64(struct dirent64 *de, const struct rdir *d, int i)
{
    memset(de, 0, sizeof *de);
    de->d_ino = (ino64_t)(i + 1);
    de->d_off = i + 1;
    de->d_reclen = sizeof *de;
    de->d_type = d->e[i].type;
    snprintf(de->d_name, sizeof de->d_name, "%s", d->e[i].name);
}

DIR *opendir(const char *name)
{
    struct redir r;

    if (!redirect(name, &r))
        return REAL(opendir)(name);
    return (DIR *)rdir_open(r.rel);
}

struct dirent *readdir(DIR *dp)
{
    struct rdir *d = ours(dp);

    if (!d)
        return REAL(readdir)(dp);
    if (d->pos >= d->n)
        return NULL;
    fill_dirent(&d->de, d, d->pos++);
    return &d->de;
}

struct dirent64 *readdir64(DIR *dp)
{
    struct rdir *d = ours(dp);

    if (!d)
        return REAL(readdir64)(dp);
    if (d->pos >= d->n)
        return NULL;
    fill_dirent64(&d->de64, d, d->pos++);
    return &d->de64;
}

/* readdir_r is deprecated in the headers, but old programs still call it. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
int readdir_r(DIR *dp, struct dirent *entry, struct dirent **result)
{
    struct rdir *d = ours(dp);

    if (!d)
        return REAL(readdir_r)(dp, entry, result);
    if (d->pos >= d->n) {
        *result = NULL;
        return 0;
    }
    fill_dirent(entry, d, d->pos++);
    *result = entry;
    return 0;
}

int readdir64_r(DIR *dp, struct dirent64 *entry, struct dirent64 **result)
{
    struct rdir *d = ours(dp);

    if (!d)
        return REAL(readdir64_r)(dp, entry, result);
    if (d->pos >= d->n) {
        *result = NULL;
        return 0;
    }
    fill_dirent64(entry, d, d->pos++);
    *result = entry;
    return 0;
}
#pragma GCC diagnostic pop

int closedir(DIR *dp)
{
    struct rdir *d = ours(dp);

    if (!d)
        return REAL(closedir)(dp);
    rdir_close(d);
    return 0;
}

/* rewinddir re-reads the directory, in the current frame (like the real /proc). */
void rewinddir(DIR *dp)
{
    struct rdir *d = ours(dp);

    if (!d) {
        REAL(rewinddir)(dp);
        return;
    }
    if (load_listing(d) != 0)
        free_entries(d);
}

int dirfd(DIR *dp)
{
    struct rdir *d = ours(dp);
    char path[PATHBUF];

    if (!d)
        return REAL(dirfd)(dp);
    if (d->fd < 0) {
        frame_path(d->rel, S.frame, path, sizeof path);
        d->fd = REAL(open)(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (d->fd >= 0)
            track(d->fd, d->rel, O_RDONLY | O_DIRECTORY);
    }
    return d->fd;
}

long telldir(DIR *dp)
{
    struct rdir *d = ours(dp);

    if (!d)
        return REAL(telldir)(dp);
    return d->pos;
}

void seekdir(DIR *dp, long pos)
{
    struct rdir *d = ours(dp);

    if (!d) {
        REAL(seekdir)(dp, pos);
        return;
    }
    d->pos = pos < 0 ? 0 : pos > d->n ? d->n : (int)pos;
}

/* glibc's scandir opens the directory internally, so it needs its own wrapper. */
static __thread int (*scandir_cmp)(const struct dirent **, const struct dirent **);
static __thread int (*scandir64_cmp)(const struct dirent64 **, const struct dirent64 **);

static int scandir_thunk(const void *a, const void *b)
{
    return scandir_cmp((const struct dirent **)a, (const struct dirent **)b);
}

static int scandir64_thunk(const void *a, const void *b)
{
    return scandir64_cmp((const struct dirent64 **)a, (const struct dirent64 **)b);
}

/* scandir and scandir64 differ only in their dirent type: one body for both */
#define DEFINE_SCANDIR(NAME, DIRENT, FILL, CMPVAR, THUNK)                          \
int NAME(const char *dir, struct DIRENT ***namelist,                               \
         int (*sel)(const struct DIRENT *),                                        \
         int (*cmp)(const struct DIRENT **, const struct DIRENT **))               \
{                                                                                  \
    struct redir r;                                                                \
    struct rdir *d;                                                                \
    struct DIRENT **v = NULL, **nv, *e;                                            \
    int i, n = 0, cap = 0;                                                         \
                                                                                   \
    if (!redirect(dir, &r))                                                        \
        return REAL(NAME)(dir, namelist, sel, cmp);                                \
    d = rdir_open(r.rel);                                                          \
    if (!d)                                                                        \
        return -1;                                                                 \
    for (i = 0; i < d->n; i++) {                                                   \
        e = malloc(sizeof *e);                                                     \
        if (!e)                                                                    \
            goto nomem;                                                            \
        FILL(e, d, i);                                                             \
        if (sel && !sel(e)) {                                                      \
            free(e);                                                               \
            continue;                                                              \
        }                                                                          \
        if (n == cap) {                                                            \
            cap = cap ? cap * 2 : 16;                                              \
            nv = realloc(v, (size_t)cap * sizeof *v);                              \
            if (!nv) {                                                             \
                free(e);                                                           \
                goto nomem;                                                        \
            }                                                                      \
            v = nv;                                                                \
        }                                                                          \
        v[n++] = e;                                                                \
    }                                                                              \
    rdir_close(d);                                                                 \
    if (cmp && n > 1) {                                                            \
        CMPVAR = cmp;                                                              \
        qsort(v, (size_t)n, sizeof *v, THUNK);                                     \
    }                                                                              \
    *namelist = v;                                                                 \
    return n;                                                                      \
nomem:                                                                             \
    while (n > 0)                                                                  \
        free(v[--n]);                                                              \
    free(v);                                                                       \
    rdir_close(d);                                                                 \
    errno = ENOMEM;                                                                \
    return -1;                                                                     \
}

DEFINE_SCANDIR(scandir, dirent, fill_dirent, scandir_cmp, scandir_thunk)
DEFINE_SCANDIR(scandir64, dirent64, fill_dirent64, scandir64_cmp, scandir64_thunk)

/* ------------------------------------------------------------------ */
/* pidfd: placeholders for snapshot processes, fds from .fd/<pid>/<fd>   */
/* ------------------------------------------------------------------ */

static pid_t placeholder_pid(int fd)
{
    struct slot *s = slot_get(fd, 0);

    return s && s->pidfd_for > 0 && slot_valid(fd, s) ? s->pidfd_for : 0;
}

static int replay_pidfd_open(pid_t pid, unsigned int flags)
{
    struct slot *s;
    int fd;

    init_or_die();
    if (pid <= 0) {
        errno = EINVAL;
        return -1;
    }
    if (!pid_in_frame(pid)) {
        if (pid == getpid()) {      /* the tool itself: the real thing */
            if (REAL_OPT(pidfd_open))
                return REAL_OPT(pidfd_open)(pid, flags);
            return (int)REAL(syscall)(SYS_pidfd_open, (long)pid, (long)flags, 0L, 0L, 0L, 0L);
        }
        errno = ESRCH;
        return -1;
    }
    fd = REAL(open)("/dev/null", O_RDONLY | O_CLOEXEC | (int)(flags & O_NONBLOCK));
    if (fd < 0)
        return -1;
    forget(fd);
    s = slot_get(fd, 1);
    if (!s) {
        REAL(close)(fd);
        errno = ENOMEM;
        return -1;
    }
    s->pidfd_for = pid;
    remember_identity(fd, s);
    return fd;
}

static int replay_pidfd_getfd(int pidfd, int targetfd, unsigned int flags)
{
    char rel[64], path[PATHBUF];
    pid_t pid = placeholder_pid(pidfd);
    int fd;

    if (!pid) {
        if (REAL_OPT(pidfd_getfd))
            return REAL_OPT(pidfd_getfd)(pidfd, targetfd, flags);
        return (int)REAL(syscall)(SYS_pidfd_getfd, (long)pidfd, (long)targetfd, (long)flags,
                                  0L, 0L, 0L);
    }
    if (flags != 0) {
        errno = EINVAL;
        return -1;
    }
    if (!pid_in_frame(pid)) {
        errno = ESRCH;
        return -1;
    }
    snprintf(rel, sizeof rel, ".fd/%d/%d", (int)pid, targetfd);
    frame_path(rel, S.frame, path, sizeof path);
    fd = REAL(open)(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        errno = EBADF;
        return -1;
    }
    track(fd, rel, O_RDONLY);
    return fd;
}

int pidfd_open(pid_t pid, unsigned int flags)
{
    return replay_pidfd_open(pid, flags);
}

int pidfd_getfd(int pidfd, int targetfd, unsigned int flags)
{
    return replay_pidfd_getfd(pidfd, targetfd, flags);
}

#ifdef SYS_close_range
#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif
/* close_range(2): the fds it closes are no longer snapshot files (or pidfds) */
static long replay_close_range(unsigned int first, unsigned int last, unsigned int flags)
{
    unsigned int fd;

    if (!(flags & CLOSE_RANGE_CLOEXEC))
        for (fd = first; fd <= last && fd < (unsigned int)nslots; fd++)
            forget((int)fd);
    return REAL(syscall)(SYS_close_range, (long)first, (long)last, (long)flags, 0L, 0L, 0L);
}

int close_range(unsigned int first, unsigned int last, int flags)
{
    return (int)replay_close_range(first, last, (unsigned int)flags);
}
#endif

long syscall(long number, ...)
{
    va_list ap;
    long a[6];
    int i;

    va_start(ap, number);
    for (i = 0; i < 6; i++)
        a[i] = va_arg(ap, long);
    va_end(ap);
#ifdef SYS_close_range
    if (number == SYS_close_range)
        return replay_close_range((unsigned int)a[0], (unsigned int)a[1], (unsigned int)a[2]);
#endif
    if (number == SYS_pidfd_open)
        return replay_pidfd_open((pid_t)a[0], (unsigned int)a[1]);
    if (number == SYS_pidfd_getfd)
        return replay_pidfd_getfd((int)a[0], (int)a[1], (unsigned int)a[2]);
    return REAL(syscall)(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* ------------------------------------------------------------------ */
/* Clocks                                                               */
/* ------------------------------------------------------------------ */

#define MONOTONIC_BASE_NS 1000000000000LL       /* 1000 s */

/* 1 and the time in ns if CLK is one of the clocks we replay, else 0. */
static int virtual_clock(clockid_t clk, long long *ns)
{
    long long off;

    init_or_die();
    off = (long long)S.frame * S.interval_ns;
    switch (clk) {
    case CLOCK_REALTIME:
    case CLOCK_REALTIME_COARSE:
#ifdef CLOCK_REALTIME_ALARM
    case CLOCK_REALTIME_ALARM:
#endif
#ifdef CLOCK_TAI
    case CLOCK_TAI:
#endif
        *ns = S.start_ns + off;
        return 1;
    case CLOCK_MONOTONIC:
    case CLOCK_MONOTONIC_RAW:
    case CLOCK_MONOTONIC_COARSE:
#ifdef CLOCK_BOOTTIME
    case CLOCK_BOOTTIME:
#endif
#ifdef CLOCK_BOOTTIME_ALARM
    case CLOCK_BOOTTIME_ALARM:
#endif
        *ns = MONOTONIC_BASE_NS + off;
        return 1;
    default:
        return 0;
    }
}

static long long frame_realtime_ns(void)
{
    long long ns;

    virtual_clock(CLOCK_REALTIME, &ns);
    return ns;
}

time_t time(time_t *t)
{
    long long ns;
    time_t v;

    virtual_clock(CLOCK_REALTIME, &ns);
    v = (time_t)(ns / 1000000000LL);
    if (t)
        *t = v;
    return v;
}

int gettimeofday(struct timeval *tv_arg, void *tz)
{
    struct timeval *tv = tv_arg;    /* declared nonnull, but be kind to NULL */
    long long ns;

    virtual_clock(CLOCK_REALTIME, &ns);
    if (tv) {
        tv->tv_sec = (time_t)(ns / 1000000000LL);
        tv->tv_usec = (suseconds_t)(ns % 1000000000LL / 1000);
    }
    if (tz)
        memset(tz, 0, sizeof(struct timezone));
    return 0;
}

int clock_gettime(clockid_t clk, struct timespec *ts)
{
    long long ns;

    if (!virtual_clock(clk, &ns))
        return REAL(clock_gettime)(clk, ts);
    ts->tv_sec = (time_t)(ns / 1000000000LL);
    ts->tv_nsec = (long)(ns % 1000000000LL);
    return 0;
}

int timespec_get(struct timespec *ts, int base)
{
    if (base != TIME_UTC)
        return 0;
    clock_gettime(CLOCK_REALTIME, ts);
    return base;
}

/* ------------------------------------------------------------------ */
/* Waits: a positive timeout is one frame; nothing really sleeps        */
/* ------------------------------------------------------------------ */

static int ts_positive(const struct timespec *ts)
{
    return ts && ts->tv_sec >= 0 && ts->tv_nsec >= 0 && (ts->tv_sec > 0 || ts->tv_nsec > 0);
}

unsigned int sleep(unsigned int seconds)
{
    if (seconds == 0)
        return 0;
    return advance("sleep") == 0 ? 0 : seconds;
}

int usleep(useconds_t usec)
{
    if (usec == 0)
        return 0;
    return advance("usleep");
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    if (!ts_positive(req))
        return REAL(nanosleep)(req, rem);
    if (advance("nanosleep") != 0) {
        if (rem)
            *rem = *req;
        return -1;
    }
    return 0;
}

int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem)
{
    long long now, target;

    if (!req || req->tv_nsec < 0 || req->tv_nsec >= 1000000000L)
        return REAL(clock_nanosleep)(clk, flags, req, rem);
    if (flags & TIMER_ABSTIME) {
        if (!virtual_clock(clk, &now))
            return REAL(clock_nanosleep)(clk, flags, req, rem);
        target = (long long)req->tv_sec * 1000000000LL + req->tv_nsec;
        if (target <= now)
            return 0;
    } else if (!ts_positive(req)) {
        return REAL(clock_nanosleep)(clk, flags, req, rem);
    }
    if (advance("clock_nanosleep") != 0) {
        if (rem && !(flags & TIMER_ABSTIME))
            *rem = *req;
        return EINTR;
    }
    return 0;
}

static void clear_fdset(fd_set *set, int nfds)
{
    size_t bits = 8 * sizeof(long);

    if (set && nfds > 0)
        memset(set, 0, ((size_t)nfds + bits - 1) / bits * sizeof(long));
}

int select(int nfds, fd_set *rd, fd_set *wr, fd_set *ex, struct timeval *tv)
{
    if (!tv || tv->tv_sec < 0 || tv->tv_usec < 0 || (tv->tv_sec == 0 && tv->tv_usec == 0))
        return REAL(select)(nfds, rd, wr, ex, tv);
    if (advance("select") != 0)
        return -1;
    clear_fdset(rd, nfds);
    clear_fdset(wr, nfds);
    clear_fdset(ex, nfds);
    tv->tv_sec = 0;
    tv->tv_usec = 0;
    return 0;
}

int pselect(int nfds, fd_set *rd, fd_set *wr, fd_set *ex,
            const struct timespec *ts, const sigset_t *mask)
{
    if (!ts_positive(ts))
        return REAL(pselect)(nfds, rd, wr, ex, ts, mask);
    if (advance("pselect") != 0)
        return -1;
    clear_fdset(rd, nfds);
    clear_fdset(wr, nfds);
    clear_fdset(ex, nfds);
    return 0;
}

static void clear_revents(struct pollfd *fds, nfds_t n)
{
    nfds_t i;

    for (i = 0; fds && i < n; i++)
        fds[i].revents = 0;
}

int poll(struct pollfd *fds, nfds_t n, int timeout)
{
    if (timeout <= 0)
        return REAL(poll)(fds, n, timeout);
    if (advance("poll") != 0)
        return -1;
    clear_revents(fds, n);
    return 0;
}

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *ts, const sigset_t *mask)
{
    if (!ts_positive(ts))
        return REAL(ppoll)(fds, n, ts, mask);
    if (advance("ppoll") != 0)
        return -1;
    clear_revents(fds, n);
    return 0;
}

int epoll_wait(int epfd, struct epoll_event *events, int maxevents, int timeout)
{
    if (timeout <= 0)
        return REAL(epoll_wait)(epfd, events, maxevents, timeout);
    if (advance("epoll_wait") != 0)
        return -1;
    return 0;
}

int epoll_pwait(int epfd, struct epoll_event *events, int maxevents, int timeout,
                const sigset_t *mask)
{
    if (timeout <= 0)
        return REAL(epoll_pwait)(epfd, events, maxevents, timeout, mask);
    if (advance("epoll_pwait") != 0)
        return -1;
    return 0;
}

int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *ts)
{
    static const struct timespec zero = { 0, 0 };
    int sig;

    if (!ts_positive(ts))
        return REAL(sigtimedwait)(set, info, ts);
    sig = REAL(sigtimedwait)(set, info, &zero);     /* already pending? */
    if (sig > 0)
        return sig;
    if (advance("sigtimedwait") != 0)
        return -1;
    errno = EAGAIN;
    return -1;
}

/* alarm/setitimer(ITIMER_REAL) never start a real timer: the next pause() or
   sigsuspend() advances one frame and raises SIGALRM. */
static struct {
    int armed;
    struct itimerval it;
} A;

unsigned int alarm(unsigned int seconds)
{
    unsigned int old = 0;

    if (A.armed)
        old = (unsigned int)A.it.it_value.tv_sec + (A.it.it_value.tv_usec > 0);
    memset(&A, 0, sizeof A);
    if (seconds > 0) {
        A.armed = 1;
        A.it.it_value.tv_sec = seconds;
    }
    return old;
}

int setitimer(__itimer_which_t which, const struct itimerval *nv, struct itimerval *ov)
{
    if (which != ITIMER_REAL)
        return REAL(setitimer)(which, nv, ov);
    if (ov) {
        if (A.armed)
            *ov = A.it;
        else
            memset(ov, 0, sizeof *ov);
    }
    if (nv) {
        memset(&A, 0, sizeof A);
        if (nv->it_value.tv_sec > 0 || nv->it_value.tv_usec > 0) {
            A.armed = 1;
            A.it = *nv;
        }
    }
    return 0;
}

int getitimer(__itimer_which_t which, struct itimerval *v)
{
    if (which != ITIMER_REAL)
        return REAL(getitimer)(which, v);
    if (A.armed)
        *v = A.it;
    else
        memset(v, 0, sizeof *v);
    return 0;
}

/* The armed timer "expires": one frame passes and SIGALRM is delivered. */
static int alarm_expires(const char *why)
{
    if (A.it.it_interval.tv_sec > 0 || A.it.it_interval.tv_usec > 0)
        A.it.it_value = A.it.it_interval;
    else
        memset(&A, 0, sizeof A);
    if (advance(why) == 0)
        raise(SIGALRM);
    errno = EINTR;
    return -1;
}

int pause(void)
{
    if (!A.armed)
        return REAL(pause)();
    return alarm_expires("pause (alarm)");
}

int sigsuspend(const sigset_t *mask)
{
    sigset_t old;

    if (!A.armed)
        return REAL(sigsuspend)(mask);
    sigprocmask(SIG_SETMASK, mask, &old);   /* so the handler runs, as in the real call */
    alarm_expires("sigsuspend (alarm)");
    sigprocmask(SIG_SETMASK, &old, NULL);
    errno = EINTR;
    return -1;
}

/* ------------------------------------------------------------------ */
/* Identity: uname, hostname, CPU counts                                */
/* ------------------------------------------------------------------ */

int uname(struct utsname *u)
{
    if (!u) {
        errno = EFAULT;
        return -1;
    }
    init_or_die();
    memset(u, 0, sizeof *u);
    snprintf(u->sysname, sizeof u->sysname, "Linux");
    snprintf(u->nodename, sizeof u->nodename, "%s", S.host);
    snprintf(u->release, sizeof u->release, "%s", S.kernel);
    snprintf(u->version, sizeof u->version, "#1 replay");
    snprintf(u->machine, sizeof u->machine, "%s", S.arch);
#ifdef _GNU_SOURCE
    snprintf(u->domainname, sizeof u->domainname, "(none)");
#endif
    return 0;
}

int gethostname(char *name, size_t len)
{
    size_t n;

    init_or_die();
    n = strlen(S.host);
    if (len <= n) {
        if (len > 0)
            memcpy(name, S.host, len);
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(name, S.host, n + 1);
    return 0;
}

/* "0-3,5\n" -> 5; -1 if empty or malformed */
static int cpulist_count(const char *s)
{
    long a, b;
    int count = 0;
    char *end;

    for (;;) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (*s < '0' || *s > '9')
            return -1;
        a = strtol(s, &end, 10);
        s = end;
        b = a;
        if (*s == '-') {
            s++;
            if (*s < '0' || *s > '9')
                return -1;
            b = strtol(s, &end, 10);
            s = end;
        }
        if (b < a || b - a > 65536)
            return -1;
        count += (int)(b - a + 1);
        if (*s == ',') {
            s++;
            continue;
        }
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        return *s ? -1 : count;
    }
}

static int cpus_from_file(const char *rel)
{
    char buf[4096];

    if (read_frame_file(rel, buf, sizeof buf) < 0)
        return -1;
    return cpulist_count(buf);
}

static int cpus_online(void)
{
    char *text, path[PATHBUF], *p;
    int n;

    init_or_die();
    n = cpus_from_file("sys/devices/system/cpu/online");
    if (n > 0)
        return n;
    frame_path("proc/stat", S.frame, path, sizeof path);
    text = read_whole(path, NULL);
    n = 0;
    for (p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (!strncmp(p, "cpu", 3) && p[3] >= '0' && p[3] <= '9')
            n++;
    free(text);
    return n > 0 ? n : 1;
}

static int cpus_configured(void)
{
    int n;

    init_or_die();
    n = cpus_from_file("sys/devices/system/cpu/possible");
    if (n <= 0)
        n = cpus_from_file("sys/devices/system/cpu/present");
    return n > 0 ? n : cpus_online();
}

long sysconf(int name)
{
    if (name == _SC_NPROCESSORS_ONLN)
        return cpus_online();
    if (name == _SC_NPROCESSORS_CONF)
        return cpus_configured();
    return REAL(sysconf)(name);
}

int get_nprocs(void)
{
    return cpus_online();
}

int get_nprocs_conf(void)
{
    return cpus_configured();
}
