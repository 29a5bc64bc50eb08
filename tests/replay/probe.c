/*
 * probe -- exercises the calls libreplay.so interposes and prints what it sees.
 * Run by tests/replay/selftest under tests/replay/run on tests/replay/fixture:
 *     probe SCENARIO
 * Every line is flushed at once, so output survives a SIGINT.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>

#ifndef KVM_GET_STATS_FD
#define KVM_GET_STATS_FD _IO(KVMIO, 0xce)
#endif
#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

/* declared here so the probe also builds against glibc < 2.36 headers */
int pidfd_open(pid_t pid, unsigned int flags);
int pidfd_getfd(int pidfd, int targetfd, unsigned int flags);
int __xstat(int ver, const char *path, struct stat *st);

static const char *self_path;

static const char *ename(int e)
{
    switch (e) {
    case 0: return "0";
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case ESRCH: return "ESRCH";
    case EINTR: return "EINTR";
    case EIO: return "EIO";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    case EACCES: return "EACCES";
    case ENOTDIR: return "ENOTDIR";
    case EINVAL: return "EINVAL";
    case EROFS: return "EROFS";
    case ENAMETOOLONG: return "ENAMETOOLONG";
    default: return "other";
    }
}

/* the fixture's /proc/uptime is 100.00 + frame */
static int frame(void)
{
    char buf[64] = "";
    int fd = open("/proc/uptime", O_RDONLY);
    ssize_t n;

    if (fd < 0)
        return -1;
    n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return -1;
    buf[n] = '\0';
    return atoi(buf) - 100;
}

static void show_frame(const char *after)
{
    printf("%s: frame %d\n", after, frame());
}

/* first line of a file read with open+read (or the errno name) */
static void first_line(const char *path)
{
    char buf[512];
    int fd = open(path, O_RDONLY);
    ssize_t n;

    if (fd < 0) {
        printf("open %s: %s\n", path, ename(errno));
        return;
    }
    n = read(fd, buf, sizeof buf - 1);
    close(fd);
    buf[n > 0 ? n : 0] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    printf("%s: %s\n", path, buf);
}

static char dtype(unsigned char t)
{
    return t == DT_DIR ? 'd' : t == DT_REG ? 'f' : t == DT_LNK ? 'l' : '?';
}

static void list(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *de;

    if (!d) {
        printf("opendir %s: %s\n", dir, ename(errno));
        return;
    }
    printf("%s:", dir);
    while ((de = readdir(d)) != NULL)
        printf(" %s/%c", de->d_name, dtype(de->d_type));
    printf("\n");
    closedir(d);
}

static void show_stat(const char *path, int use_lstat)
{
    struct stat st;
    int r = use_lstat ? lstat(path, &st) : stat(path, &st);

    if (r != 0) {
        printf("%s %s: %s\n", use_lstat ? "lstat" : "stat", path, ename(errno));
        return;
    }
    printf("%s %s: uid %u gid %u %s mtime %lld\n", use_lstat ? "lstat" : "stat", path,
           (unsigned)st.st_uid, (unsigned)st.st_gid,
           S_ISDIR(st.st_mode) ? "dir" : S_ISLNK(st.st_mode) ? "link" : S_ISREG(st.st_mode) ? "file" : "other",
           (long long)st.st_mtime);
}

static void try_open(const char *path, int flags)
{
    int fd = open(path, flags, 0644);

    printf("open %s flags %#x: %s\n", path, (unsigned)flags, fd >= 0 ? "ok" : ename(errno));
    if (fd >= 0)
        close(fd);
}

/* ---------------------------------------------------------------- scenarios */

static int s_read(void)
{
    FILE *f;
    char line[256];

    first_line("/proc/stat");
    first_line("/sys/devices/system/cpu/online");
    first_line("/proc/1234/comm");
    f = fopen("/proc/uptime", "r");
    if (!f || !fgets(line, sizeof line, f)) {
        printf("fopen /proc/uptime failed\n");
        return 1;
    }
    printf("fopen /proc/uptime: %s", line);
    fclose(f);
    f = fopen64("/proc/loadavg", "re");
    if (f && fgets(line, sizeof line, f))
        printf("fopen64 /proc/loadavg: %s", line);
    if (f)
        fclose(f);
    return 0;
}

static int s_keepfile(void)
{
    char line[256];
    FILE *f = fopen("/proc/stat", "r");

    if (!f)
        return 1;
    setvbuf(f, NULL, _IOFBF, 4096);
    if (fgets(line, sizeof line, f))
        printf("frame 0: %s", line);
    printf("sleep(1) = %u\n", sleep(1));
    fflush(f);
    rewind(f);
    if (fgets(line, sizeof line, f))
        printf("after rewind: %s", line);
    if (fgets(line, sizeof line, f))
        printf("next line: %s", line);
    fclose(f);
    return 0;
}

static int s_keepfd(void)
{
    char buf[128];
    struct timespec one = { 1, 0 };
    ssize_t n;
    int fd = open("/proc/meminfo", O_RDONLY | O_CLOEXEC), fd2;

    if (fd < 0)
        return 1;
    n = read(fd, buf, 56);              /* two lines of 28 bytes */
    printf("frame 0: %.*s", (int)n, buf);
    fd2 = dup(fd);
    printf("offset before: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    printf("nanosleep = %d\n", nanosleep(&one, NULL));
    printf("offset after: %lld\n", (long long)lseek(fd, 0, SEEK_CUR));
    printf("FD_CLOEXEC kept: %d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
    lseek(fd, 0, SEEK_SET);
    n = read(fd, buf, 56);
    printf("frame 1: %.*s", (int)n, buf);
    lseek(fd2, 28, SEEK_SET);
    n = read(fd2, buf, 28);
    printf("dup'd fd: %.*s", (int)n, buf);
    close(fd2);
    close(fd);
    return 0;
}

static int s_vanish(void)
{
    char buf[256];
    ssize_t n;
    int fd = open("/proc/99/stat", O_RDONLY);

    if (fd < 0)
        return 1;
    n = read(fd, buf, 9);
    printf("frame 0: %.*s\n", (int)n, buf);
    sleep(1);
    lseek(fd, 0, SEEK_SET);
    n = read(fd, buf, 9);
    printf("frame 1: %.*s\n", (int)n, buf);
    sleep(1);
    lseek(fd, 0, SEEK_SET);
    n = read(fd, buf, sizeof buf);
    printf("frame 2: read = %zd\n", n);
    first_line("/proc/99/stat");
    close(fd);
    return 0;
}

static int s_readdir(void)
{
    DIR *d;
    struct dirent64 *de;

    list("/sys/replay-test/order");
    list("/proc");
    list("/proc/1234/task");
    list("/proc/1234/fd");
    d = opendir("/sys/replay-test/order/");
    if (!d)
        return 1;
    printf("readdir64:");
    while ((de = readdir64(d)) != NULL)
        printf(" %s", de->d_name);
    printf("\n");
    closedir(d);
    list("/sys/replay-test/order/10/");
    return 0;
}

static int numeric_only(const struct dirent *de)
{
    return de->d_name[0] >= '0' && de->d_name[0] <= '9';
}

static int by_name_desc(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*b)->d_name, (*a)->d_name);
}

static void show_scandir(const char *title, const char *dir,
                         int (*sel)(const struct dirent *),
                         int (*cmp)(const struct dirent **, const struct dirent **))
{
    struct dirent **v;
    int i, n = scandir(dir, &v, sel, cmp);

    if (n < 0) {
        printf("%s: %s\n", title, ename(errno));
        return;
    }
    printf("%s (%d):", title, n);
    for (i = 0; i < n; i++) {
        printf(" %s", v[i]->d_name);
        free(v[i]);
    }
    printf("\n");
    free(v);
}

static int s_scandir(void)
{
    show_scandir("unsorted", "/sys/replay-test/order", NULL, NULL);
    show_scandir("alphasort", "/sys/replay-test/order", NULL, alphasort);
    show_scandir("numeric, desc", "/sys/replay-test/order", numeric_only, by_name_desc);
    show_scandir("proc pids", "/proc", numeric_only, NULL);
    show_scandir("missing", "/proc/4242", NULL, NULL);
    return 0;
}

static int s_stat(void)
{
    struct stat st;
    struct stat64 st64;
    struct statx sx;

    show_stat("/proc/1234", 0);
    show_stat("/proc/1234/task/1235/stat", 0);
    show_stat("/proc/1", 0);
    show_stat("/proc/stat", 0);
    show_stat("/sys/devices/system/cpu/online", 0);
    show_stat("/proc/1234/fd/5", 1);
    show_stat("/proc/1234/fd/5", 0);     /* follows the link: no such target */
    if (__xstat(1, "/proc/1234/status", &st) == 0)
        printf("__xstat: uid %u gid %u\n", (unsigned)st.st_uid, (unsigned)st.st_gid);
    if (stat64("/proc/1234/statm", &st64) == 0)
        printf("stat64: uid %u gid %u\n", (unsigned)st64.st_uid, (unsigned)st64.st_gid);
    if (fstatat(AT_FDCWD, "/proc/1234/cmdline", &st, 0) == 0)
        printf("fstatat: uid %u size %lld\n", (unsigned)st.st_uid, (long long)st.st_size);
    if (statx(AT_FDCWD, "/proc/1234", 0, STATX_BASIC_STATS, &sx) == 0)
        printf("statx: uid %u gid %u mtime %lld\n", sx.stx_uid, sx.stx_gid, (long long)sx.stx_mtime.tv_sec);
    sleep(1);
    show_stat("/proc/stat", 0);
    return 0;
}

static int s_readlink(void)
{
    char buf[256];
    ssize_t n;

    n = readlink("/proc/1234/fd/5", buf, sizeof buf);
    printf("readlink: %.*s\n", (int)(n > 0 ? n : 0), buf);
    n = readlinkat(AT_FDCWD, "/proc/1234/fd/6", buf, sizeof buf);
    printf("readlinkat: %.*s\n", (int)(n > 0 ? n : 0), buf);
    n = readlink("/proc/1234/fd/7", buf, sizeof buf);
    printf("readlink fd/7: %zd %s\n", n, ename(errno));
    n = readlink("/sys/replay-test/order/a", buf, sizeof buf);
    printf("readlink order/a: %.*s\n", (int)(n > 0 ? n : 0), buf);
    return 0;
}

static int s_errno(void)
{
    FILE *f;

    first_line("/sys/kernel/debug/kvm/1234-10/halt_poll_ns");
    first_line("/sys/kernel/debug/kvm/1234-10/max_halt_ns");
    first_line("/sys/kernel/debug/kvm/1234-10/vcpu0/guest_mode");
    first_line("/sys/kernel/debug/kvm/exits");
    show_stat("/sys/kernel/debug/kvm/1234-10/halt_poll_ns", 0);
    f = fopen("/sys/kernel/debug/kvm/1234-10/halt_poll_ns", "r");
    printf("fopen halt_poll_ns: %s\n", f ? "ok" : ename(errno));
    if (f)
        fclose(f);
    list("/sys/kernel/debug/kvm/1234-10");
    sleep(1);
    sleep(1);
    show_frame("two sleeps");
    first_line("/sys/kernel/debug/kvm/1234-10/halt_poll_ns");
    first_line("/sys/kernel/debug/kvm/1234-10/max_halt_ns");
    return 0;
}

static int s_enoent(void)
{
    struct stat st;
    FILE *f;

    first_line("/proc/9999/stat");
    printf("stat /proc/9999: %s\n", stat("/proc/9999", &st) == 0 ? "ok" : ename(errno));
    printf("stat /sys/nonexistent: %s\n", stat("/sys/nonexistent", &st) == 0 ? "ok" : ename(errno));
    f = fopen("/proc/net/dev", "r");
    printf("fopen /proc/net/dev: %s\n", f ? "ok" : ename(errno));
    list("/proc/9999/task");
    first_line("/proc/stat/");
    return 0;
}

static int s_write(void)
{
    FILE *f;
    int fd;

    try_open("/proc/stat", O_WRONLY);
    try_open("/proc/stat", O_RDWR);
    try_open("/proc/stat", O_RDONLY | O_TRUNC);
    try_open("/proc/new-file", O_WRONLY | O_CREAT);
    try_open("/sys/new-file", O_RDONLY | O_CREAT);
    f = fopen("/proc/stat", "w");
    printf("fopen w: %s\n", f ? "ok" : ename(errno));
    f = fopen("/proc/stat", "a");
    printf("fopen a: %s\n", f ? "ok" : ename(errno));
    f = fopen("/proc/stat", "r+");
    printf("fopen r+: %s\n", f ? "ok" : ename(errno));
    fd = creat("/proc/created", 0644);
    printf("creat: %s\n", fd >= 0 ? "ok" : ename(errno));
    printf("access W_OK: %s\n", access("/proc/stat", W_OK) == 0 ? "ok" : ename(errno));
    first_line("/proc/stat");
    return 0;
}

static void show_clocks(const char *when)
{
    struct timeval tv;
    struct timespec rt, mono, boot, coarse, raw;

    gettimeofday(&tv, NULL);
    clock_gettime(CLOCK_REALTIME, &rt);
    clock_gettime(CLOCK_MONOTONIC, &mono);
    clock_gettime(CLOCK_BOOTTIME, &boot);
    clock_gettime(CLOCK_REALTIME_COARSE, &coarse);
    clock_gettime(CLOCK_MONOTONIC_RAW, &raw);
    printf("%s: time %lld tv %lld.%06ld rt %lld.%09ld mono %lld.%09ld boot %lld coarse %lld raw %lld\n",
           when, (long long)time(NULL), (long long)tv.tv_sec, (long)tv.tv_usec,
           (long long)rt.tv_sec, rt.tv_nsec, (long long)mono.tv_sec, mono.tv_nsec,
           (long long)boot.tv_sec, (long long)coarse.tv_sec, (long long)raw.tv_sec);
}

static int s_clock(void)
{
    struct timespec cpu;
    time_t a, b;
    struct tm tm;
    char buf[64];

    show_clocks("frame 0");
    a = time(NULL);
    b = time(NULL);
    printf("same within a frame: %d\n", a == b);
    sleep(1);
    show_clocks("frame 1");
    usleep(250000);
    show_clocks("frame 2");
    b = time(NULL);
    gmtime_r(&b, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    printf("gmtime: %s\n", buf);
    printf("cpu clock passes through: %d\n",
           clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu) == 0 && cpu.tv_sec < 100);
    return 0;
}

static int s_uname(void)
{
    struct utsname u;
    char h[64], small[4];
    int r;

    uname(&u);
    printf("uname: %s|%s|%s|%s|%s\n", u.sysname, u.nodename, u.release, u.version, u.machine);
    gethostname(h, sizeof h);
    printf("gethostname: %s\n", h);
    r = gethostname(small, sizeof small);
    printf("gethostname small: %d %s\n", r, ename(errno));
    return 0;
}

static void show_nprocs(void)
{
    printf("frame %d: onln %ld conf %ld get_nprocs %d get_nprocs_conf %d pagesize-ok %d\n", frame(),
           sysconf(_SC_NPROCESSORS_ONLN), sysconf(_SC_NPROCESSORS_CONF),
           get_nprocs(), get_nprocs_conf(), sysconf(_SC_PAGESIZE) > 0);
}

static int s_nprocs(void)
{
    show_nprocs();
    sleep(1);
    sleep(1);
    show_nprocs();
    return 0;
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

static int s_alarm(void)
{
    struct sigaction sa;
    sigset_t block, empty;
    int r, e;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    printf("alarm(5) = %u\n", alarm(5));
    printf("alarm(0) = %u\n", alarm(0));
    printf("alarm(1) = %u\n", alarm(1));
    r = pause();
    e = errno;
    printf("pause = %d %s, handler ran %d times\n", r, ename(e), (int)alarms);
    show_frame("pause");
    /* the usual race-free pattern: SIGALRM blocked except inside sigsuspend */
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, NULL);
    alarm(1);
    sigemptyset(&empty);
    r = sigsuspend(&empty);
    e = errno;
    printf("sigsuspend = %d %s, handler ran %d times\n", r, ename(e), (int)alarms);
    show_frame("sigsuspend");
    sigprocmask(SIG_SETMASK, NULL, &block);
    printf("SIGALRM still blocked: %d\n", sigismember(&block, SIGALRM));
    return 0;
}

static int s_itimer(void)
{
    struct sigaction sa;
    struct itimerval it, cur;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    memset(&it, 0, sizeof it);
    it.it_value.tv_usec = 500000;
    it.it_interval.tv_usec = 500000;
    setitimer(ITIMER_REAL, &it, NULL);
    getitimer(ITIMER_REAL, &cur);
    printf("armed: %ld us\n", (long)cur.it_value.tv_usec);
    pause();
    show_frame("pause 1");
    pause();
    show_frame("pause 2");
    printf("handler ran %d times\n", (int)alarms);
    memset(&it, 0, sizeof it);
    setitimer(ITIMER_REAL, &it, &cur);
    printf("old interval: %ld us\n", (long)cur.it_interval.tv_usec);
    getitimer(ITIMER_REAL, &cur);
    printf("disarmed: %ld\n", (long)cur.it_value.tv_usec);
    return 0;
}

/* zero timeouts never advance; each positive one advances exactly one frame */
static int s_waits(const char *which)
{
    struct timeval tv0 = { 0, 0 }, tv = { 1, 0 };
    struct timespec ts0 = { 0, 0 }, ts = { 0, 500000000 }, abs;
    struct epoll_event ev;
    struct pollfd pfd[1];
    fd_set rd;
    int ep = epoll_create1(EPOLL_CLOEXEC), r, p[2];

    if (pipe(p) != 0)
        return 1;
    if (!strcmp(which, "zero")) {
        FD_ZERO(&rd);
        FD_SET(p[0], &rd);
        printf("select 0: %d\n", select(p[0] + 1, &rd, NULL, NULL, &tv0));
        printf("pselect 0: %d\n", pselect(0, NULL, NULL, NULL, &ts0, NULL));
        printf("poll 0: %d\n", poll(NULL, 0, 0));
        printf("ppoll 0: %d\n", ppoll(NULL, 0, &ts0, NULL));
        printf("epoll_wait 0: %d\n", epoll_wait(ep, &ev, 1, 0));
        printf("epoll_pwait 0: %d\n", epoll_pwait(ep, &ev, 1, 0, NULL));
        printf("nanosleep 0: %d\n", nanosleep(&ts0, NULL));
        printf("usleep 0: %d\n", usleep(0));
        printf("sleep 0: %u\n", sleep(0));
        printf("clock_nanosleep 0: %d\n", clock_nanosleep(CLOCK_MONOTONIC, 0, &ts0, NULL));
        clock_gettime(CLOCK_MONOTONIC, &abs);
        printf("clock_nanosleep abs now: %d\n", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL));
        show_frame("zero timeouts");
        /* NULL timeout with a ready fd passes through (would block otherwise) */
        if (write(p[1], "x", 1) != 1)
            return 1;
        FD_ZERO(&rd);
        FD_SET(p[0], &rd);
        r = select(p[0] + 1, &rd, NULL, NULL, NULL);
        printf("select NULL, ready fd: %d isset %d\n", r, FD_ISSET(p[0], &rd) != 0);
        pfd[0].fd = p[0];
        pfd[0].events = POLLIN;
        r = poll(pfd, 1, -1);
        printf("poll -1, ready fd: %d revents %#x\n", r, (unsigned)pfd[0].revents);
        show_frame("NULL timeouts");
    } else if (!strcmp(which, "select")) {
        if (write(p[1], "x", 1) != 1)
            return 1;
        FD_ZERO(&rd);
        FD_SET(p[0], &rd);
        r = select(p[0] + 1, &rd, NULL, NULL, &tv);
        printf("select 1s: %d isset %d tv %ld.%06ld\n", r, FD_ISSET(p[0], &rd) != 0,
               (long)tv.tv_sec, (long)tv.tv_usec);
        show_frame("select");
        pfd[0].fd = p[0];
        pfd[0].events = POLLIN;
        pfd[0].revents = POLLERR;
        r = poll(pfd, 1, 1000);
        printf("poll 1000: %d revents %#x\n", r, (unsigned)pfd[0].revents);
        show_frame("poll");
    } else if (!strcmp(which, "pselect")) {
        printf("pselect 0.5s: %d\n", pselect(0, NULL, NULL, NULL, &ts, NULL));
        show_frame("pselect");
        printf("ppoll 0.5s: %d\n", ppoll(NULL, 0, &ts, NULL));
        show_frame("ppoll");
    } else if (!strcmp(which, "epoll")) {
        printf("epoll_wait 10: %d\n", epoll_wait(ep, &ev, 1, 10));
        show_frame("epoll_wait");
        printf("epoll_pwait 10: %d\n", epoll_pwait(ep, &ev, 1, 10, NULL));
        show_frame("epoll_pwait");
    } else if (!strcmp(which, "usleep")) {
        printf("usleep: %d\n", usleep(100000));
        show_frame("usleep");
        printf("clock_nanosleep: %d\n", clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL));
        show_frame("clock_nanosleep");
    } else if (!strcmp(which, "abs")) {
        sigset_t set;
        siginfo_t info;

        clock_gettime(CLOCK_REALTIME, &abs);
        abs.tv_sec -= 5;
        printf("clock_nanosleep abs past: %d\n", clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &abs, NULL));
        abs.tv_sec += 6;
        printf("clock_nanosleep abs future: %d\n", clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &abs, NULL));
        show_frame("abs");
        sigemptyset(&set);
        sigaddset(&set, SIGUSR1);
        sigprocmask(SIG_BLOCK, &set, NULL);
        r = sigtimedwait(&set, &info, &ts);
        printf("sigtimedwait: %d %s\n", r, ename(errno));
        show_frame("sigtimedwait");
    }
    return 0;
}

static int s_pastend(void)
{
    int i;

    for (i = 0; i < 5; i++) {
        show_frame("loop");
        sleep(1);
    }
    printf("not reached\n");
    return 0;
}

static volatile sig_atomic_t sigints;

static void on_int(int sig)
{
    (void)sig;
    sigints++;
}

static int s_pastend_catch(void)
{
    struct sigaction sa;
    int i;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_int;
    sigaction(SIGINT, &sa, NULL);
    for (i = 0; i < 10; i++) {
        unsigned left = sleep(1);
        printf("sleep: left %u, frame %d, SIGINTs %d\n", left, frame(), (int)sigints);
    }
    printf("not reached\n");
    return 0;
}

static int s_exec(void)
{
    sleep(1);
    printf("parent: REPLAY_FRAME=%s frame %d\n", getenv("REPLAY_FRAME"), frame());
    fflush(stdout);
    execl(self_path, self_path, "exec-child", (char *)NULL);
    printf("exec failed: %s\n", strerror(errno));
    return 1;
}

static int s_exec_child(void)
{
    printf("child: REPLAY_FRAME=%s frame %d\n", getenv("REPLAY_FRAME"), frame());
    sleep(1);
    printf("child after sleep: REPLAY_FRAME=%s frame %d\n", getenv("REPLAY_FRAME"), frame());
    return 0;
}

static void read_fd(const char *what, int fd)
{
    char buf[128];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);

    buf[n > 0 ? n : 0] = '\0';
    buf[strcspn(buf, "\n")] = '\0';
    printf("%s: %s\n", what, buf);
}

static int s_pidfd(int use_syscall)
{
    int pfd, sfd, bad, pfd99;

    if (use_syscall) {
        pfd = (int)syscall(SYS_pidfd_open, 1234, 0);
        printf("syscall(SYS_getpid) matches getpid: %d\n", syscall(SYS_getpid) == getpid());
    } else {
        pfd = pidfd_open(1234, 0);
    }
    printf("pidfd_open 1234: %s\n", pfd >= 0 ? "ok" : ename(errno));
    sfd = use_syscall ? (int)syscall(SYS_pidfd_getfd, pfd, 5, 0) : pidfd_getfd(pfd, 5, 0);
    printf("pidfd_getfd 5: %s cloexec %d\n", sfd >= 0 ? "ok" : ename(errno),
           sfd >= 0 && (fcntl(sfd, F_GETFD) & FD_CLOEXEC) != 0);
    read_fd("frame 0", sfd);
    bad = pidfd_getfd(dup(pfd), 5, 0);
    printf("pidfd_getfd 5 via a dup'd pidfd: %s\n", bad >= 0 ? "ok" : ename(errno));
    bad = use_syscall ? (int)syscall(SYS_pidfd_getfd, pfd, 6, 0) : pidfd_getfd(pfd, 6, 0);
    printf("pidfd_getfd 6: %s\n", bad >= 0 ? "ok" : ename(errno));
    bad = use_syscall ? (int)syscall(SYS_pidfd_open, 9999, 0) : pidfd_open(9999, 0);
    printf("pidfd_open 9999: %s\n", bad >= 0 ? "ok" : ename(errno));
    pfd99 = pidfd_open(99, 0);
    printf("pidfd_open 99: %s\n", pfd99 >= 0 ? "ok" : ename(errno));
    sleep(1);
    read_fd("frame 1, same fd", sfd);
    sleep(1);
    read_fd("frame 2, same fd", sfd);
    bad = pidfd_getfd(pfd99, 5, 0);
    printf("pidfd_getfd on 99 after it exited: %s\n", bad >= 0 ? "ok" : ename(errno));
    close(sfd);
    close(pfd);
    return 0;
}

static int s_dirfd(void)
{
    DIR *d = opendir("/proc/1234");
    struct dirent *de;
    struct stat st;
    char buf[64];
    long pos;
    int dfd, fd;
    ssize_t n;

    if (!d)
        return 1;
    dfd = dirfd(d);
    printf("dirfd: %s\n", dfd >= 0 ? "ok" : ename(errno));
    fd = openat(dfd, "comm", O_RDONLY);
    n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : 0;
    printf("openat(dirfd, comm): %.*s", (int)(n > 0 ? n : 0), buf);
    if (fd >= 0)
        close(fd);
    if (fstatat(dfd, "status", &st, 0) == 0)
        printf("fstatat(dirfd, status): uid %u\n", (unsigned)st.st_uid);
    while ((de = readdir(d)) != NULL && strcmp(de->d_name, "cmdline"))
        ;
    pos = telldir(d);
    de = readdir(d);
    printf("after cmdline: %s\n", de ? de->d_name : "(end)");
    seekdir(d, pos);
    de = readdir(d);
    printf("seekdir back: %s\n", de ? de->d_name : "(end)");
    rewinddir(d);
    de = readdir(d);
    printf("rewinddir: %s\n", de ? de->d_name : "(end)");
    closedir(d);
    d = opendir("/sys/kernel/debug/kvm/1234-10");
    fd = openat(dirfd(d), "halt_poll_ns", O_RDONLY);
    printf("openat(dirfd, halt_poll_ns): %s\n", fd >= 0 ? "ok" : ename(errno));
    fd = openat(dirfd(d), "vcpu0/guest_mode", O_RDONLY);
    printf("openat(dirfd, vcpu0/guest_mode): %s\n", fd >= 0 ? "ok" : ename(errno));
    closedir(d);
    return 0;
}

static int s_canon(void)
{
    struct stat st;
    char *rp;

    first_line("/proc/./stat");
    first_line("/proc/1234/../uptime");
    first_line("/sys//devices/system/cpu//online");
    first_line("//proc/loadavg");
    printf("stat /proc/../etc: %s\n", stat("/proc/../etc", &st) == 0 && S_ISDIR(st.st_mode) ? "real /etc" : "wrong");
    printf("stat /sys/../proc/1234: uid %u\n", stat("/sys/../proc/1234", &st) == 0 ? (unsigned)st.st_uid : 99999);
    rp = realpath("/proc/1234/../stat", NULL);
    printf("realpath /proc/1234/../stat: %s\n", rp ? rp : ename(errno));
    free(rp);
    rp = realpath("/sys/replay-test/order/a", NULL);
    printf("realpath order/a: %s\n", rp ? rp : ename(errno));
    free(rp);
    rp = realpath("/proc/4242", NULL);
    printf("realpath /proc/4242: %s\n", rp ? rp : ename(errno));
    free(rp);
    return 0;
}

static int s_self(void)
{
    char buf[4096], path[64], want[4096];
    ssize_t n;
    FILE *f;

    n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = '\0';
    printf("/proc/self/exe is the probe: %d\n", realpath(self_path, want) && !strcmp(buf, want));
    f = fopen("/proc/self/status", "r");
    printf("/proc/self/status: %s\n", f && fgets(buf, sizeof buf, f) && !strncmp(buf, "Name:", 5) ? "real" : "wrong");
    if (f)
        fclose(f);
    /* (a fixture pid -- 1, 99, 1234 -- would shadow our own pid by design) */
    snprintf(path, sizeof path, "/proc/%d/stat", (int)getpid());
    f = fopen(path, "r");
    printf("/proc/<own pid>/stat: %s\n",
           getpid() == 1 || getpid() == 99 || getpid() == 1234 ||
           (f && fgets(buf, sizeof buf, f) && strstr(buf, "(probe")) ? "real" : "wrong");
    if (f)
        fclose(f);
    f = fopen("/proc/thread-self/stat", "r");
    printf("/proc/thread-self/stat: %s\n", f ? "real" : "wrong");
    if (f)
        fclose(f);
    return 0;
}

static int s_access(void)
{
    int r;

    printf("access R_OK /proc/stat: %d\n", access("/proc/stat", R_OK));
    r = access("/proc/9999", F_OK);
    printf("access F_OK /proc/9999: %d %s\n", r, ename(errno));
    printf("faccessat /sys/devices/system/cpu/online: %d\n",
           faccessat(AT_FDCWD, "/sys/devices/system/cpu/online", R_OK, 0));
    printf("euidaccess /proc/1234/status: %d\n", euidaccess("/proc/1234/status", R_OK));
    r = eaccess("/proc/1234/status", W_OK);
    printf("eaccess W_OK /proc/1234/status: %d %s\n", r, ename(errno));
    printf("access halt_poll_ns (EPERM only on open): %d\n",
           access("/sys/kernel/debug/kvm/1234-10/halt_poll_ns", R_OK));
    return 0;
}

static int s_dup(void)
{
    char buf[32];
    ssize_t n;
    int fd = open("/proc/uptime", O_RDONLY), a, b = 20, c = 21;

    a = dup(fd);
    dup2(fd, b);
    dup3(fd, c, O_CLOEXEC);
    close(fd);
    sleep(1);
    n = pread(a, buf, sizeof buf, 0);
    printf("dup: %.*s", (int)n, buf);
    n = pread(b, buf, sizeof buf, 0);
    printf("dup2: %.*s", (int)n, buf);
    n = pread(c, buf, sizeof buf, 0);
    printf("dup3: %.*s", (int)n, buf);
    printf("dup3 cloexec kept: %d\n", (fcntl(c, F_GETFD) & FD_CLOEXEC) != 0);
    /* an fd closed behind the shim's back (raw syscalls) and reused for
       another file must not be replaced on the next frame */
    syscall(SYS_close, b);
    fd = open("/dev/null", O_RDONLY);
    syscall(SYS_dup3, fd, b, 0);
    sleep(1);
    n = read(b, buf, sizeof buf);
    printf("reused fd reads /dev/null: %zd\n", n);
#ifdef SYS_close_range
    /* close_range through the shim (raw syscall): the fds are closed (the shim
       forgets them) and their numbers can be reused (the fixture has no frame
       left for another advance) */
    a = open("/proc/uptime", O_RDONLY);
    b = open("/proc/uptime", O_RDONLY);
    printf("close_range: %ld", syscall(SYS_close_range, (unsigned int)a, (unsigned int)b, 0));
    printf(" closed: %d %d\n", fcntl(a, F_GETFD) < 0 && errno == EBADF,
           fcntl(b, F_GETFD) < 0 && errno == EBADF);
    c = open("/proc/stat", O_RDONLY);
    n = pread(c, buf, 4, 0);
    printf("reused after close_range reads: %.*s\n", (int)n, buf);
#endif
    return 0;
}

/* "qemu-system-x86_64 -name guest=NAME,...": stands in for qemu while
   tests/replay/capture runs (not under the shim). With a usable /dev/kvm it
   holds a VM fd, a vCPU fd and the vCPU's binary stats fd, like qemu >= 8.1.
   Prints "kvm fds: N" and then waits until stdin reaches EOF. */
static int pretend_qemu(void)
{
    int kvm, vm = -1, vcpu = -1, stats = -1, n = 0;
    char c;

    kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm >= 0)
        vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm >= 0)
        vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    if (vcpu >= 0)
        stats = ioctl(vcpu, KVM_GET_STATS_FD, NULL);
    n = (vm >= 0) + (vcpu >= 0) + (stats >= 0);
    printf("kvm fds: %d\n", n);
    while (read(0, &c, 1) > 0)
        ;
    return 0;
}

int main(int argc, char **argv)
{
    const char *s = argc > 1 ? argv[1] : "";

    setvbuf(stdout, NULL, _IONBF, 0);
    self_path = argv[0];
    if (!strcmp(s, "-name")) return pretend_qemu();
    if (!strcmp(s, "read")) return s_read();
    if (!strcmp(s, "keepfile")) return s_keepfile();
    if (!strcmp(s, "keepfd")) return s_keepfd();
    if (!strcmp(s, "vanish")) return s_vanish();
    if (!strcmp(s, "readdir")) return s_readdir();
    if (!strcmp(s, "scandir")) return s_scandir();
    if (!strcmp(s, "stat")) return s_stat();
    if (!strcmp(s, "readlink")) return s_readlink();
    if (!strcmp(s, "errno")) return s_errno();
    if (!strcmp(s, "enoent")) return s_enoent();
    if (!strcmp(s, "write")) return s_write();
    if (!strcmp(s, "clock")) return s_clock();
    if (!strcmp(s, "uname")) return s_uname();
    if (!strcmp(s, "nprocs")) return s_nprocs();
    if (!strcmp(s, "alarm")) return s_alarm();
    if (!strcmp(s, "itimer")) return s_itimer();
    if (!strncmp(s, "waits-", 6)) return s_waits(s + 6);
    if (!strcmp(s, "pastend")) return s_pastend();
    if (!strcmp(s, "pastend-catch")) return s_pastend_catch();
    if (!strcmp(s, "exec")) return s_exec();
    if (!strcmp(s, "exec-child")) return s_exec_child();
    if (!strcmp(s, "pidfd")) return s_pidfd(0);
    if (!strcmp(s, "syscall")) return s_pidfd(1);
    if (!strcmp(s, "dirfd")) return s_dirfd();
    if (!strcmp(s, "canon")) return s_canon();
    if (!strcmp(s, "self")) return s_self();
    if (!strcmp(s, "access")) return s_access();
    if (!strcmp(s, "dup")) return s_dup();
    fprintf(stderr, "probe: unknown scenario '%s'\n", s);
    return 2;
}
