/*
 * faults.c — an LD_PRELOAD shim that injects the errors a disk gives, for
 * tests/cli/t_faults.sh. Each is set by an environment variable naming a
 * part of a path:
 *
 *   FAULT_EACCES=PART        opening a file whose path holds PART fails
 *                            with EACCES (root reads any file: a test run
 *                            as root cannot make one unreadable otherwise)
 *   FAULT_EIO=PART           reading from such a file fails with EIO
 *   FAULT_ENOSPC=PART        writing to such a file fails with ENOSPC once
 *   FAULT_ENOSPC_AFTER=N     N bytes have been written to files of PART
 *
 * Built by the test: cc -shared -fPIC -o faults.so faults.c -ldl
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

enum { MAX_FD = 65536, F_EIO = 1, F_ENOSPC = 2 };

static unsigned char marks[MAX_FD]; /* per descriptor: F_EIO, F_ENOSPC */
static _Atomic long long written;   /* to the files of FAULT_ENOSPC */

static int holds(const char *path, const char *var)
{
    const char *part = getenv(var);
    return path && part && *part && strstr(path, part) != NULL;
}

/* Opens through next (libc's), unless the path is to fail; marks the fd. */
static int opened(const char *path, int fd)
{
    if (fd >= 0 && fd < MAX_FD)
        marks[fd] = (unsigned char)((holds(path, "FAULT_EIO") ? F_EIO : 0) |
                                    (holds(path, "FAULT_ENOSPC") ? F_ENOSPC : 0));
    return fd;
}

#define OPEN_MODE(flags, mode)                                                                   \
    mode_t mode = 0;                                                                             \
    if ((flags) & (O_CREAT | O_TMPFILE)) {                                                       \
        va_list ap;                                                                              \
        va_start(ap, flags);                                                                     \
        mode = (mode_t)va_arg(ap, int);                                                          \
        va_end(ap);                                                                              \
    }

/* open, open64, openat, openat64: through libc's, unless the path is to
 * fail; the descriptor marked. DIR_PARAM and DIR_ARG: openat's folder. */
#define WRAP_OPEN(name, DIR_PARAM, DIR_ARG)                                                      \
    int name(DIR_PARAM const char *path, int flags, ...);                                        \
    int name(DIR_PARAM const char *path, int flags, ...)                                         \
    {                                                                                            \
        OPEN_MODE(flags, mode)                                                                   \
        static int (*next)(DIR_PARAM const char *, int, ...);                                    \
        if (!next) next = (int (*)(DIR_PARAM const char *, int, ...))dlsym(RTLD_NEXT, #name);    \
        if (holds(path, "FAULT_EACCES")) return errno = EACCES, -1;                              \
        return opened(path, next(DIR_ARG path, flags, mode));                                    \
    }

#define NO_DIR
#define AT_DIR int dir,
#define AT_ARG dir,
WRAP_OPEN(open, NO_DIR, NO_DIR)
WRAP_OPEN(open64, NO_DIR, NO_DIR)
WRAP_OPEN(openat, AT_DIR, AT_ARG)
WRAP_OPEN(openat64, AT_DIR, AT_ARG)

static int read_fails(int fd) { return fd >= 0 && fd < MAX_FD && (marks[fd] & F_EIO); }

/* Counts n bytes written to fd; 1 when the write is to fail instead. */
static int write_fails(int fd, size_t n)
{
    if (fd < 0 || fd >= MAX_FD || !(marks[fd] & F_ENOSPC)) return 0;
    const char *after = getenv("FAULT_ENOSPC_AFTER");
    long long cap = after ? atoll(after) : 0;
    return atomic_fetch_add(&written, (long long)n) + (long long)n > cap;
}

ssize_t read(int fd, void *buf, size_t n)
{
    static ssize_t (*next)(int, void *, size_t);
    if (!next) next = (ssize_t (*)(int, void *, size_t))dlsym(RTLD_NEXT, "read");
    if (read_fails(fd)) return errno = EIO, -1;
    return next(fd, buf, n);
}

ssize_t pread64(int fd, void *buf, size_t n, off_t at);
ssize_t pwrite64(int fd, const void *buf, size_t n, off_t at);

ssize_t pread64(int fd, void *buf, size_t n, off_t at)
{
    static ssize_t (*next)(int, void *, size_t, off_t);
    if (!next) next = (ssize_t (*)(int, void *, size_t, off_t))dlsym(RTLD_NEXT, "pread64");
    if (read_fails(fd)) return errno = EIO, -1;
    return next(fd, buf, n, at);
}

ssize_t pread(int fd, void *buf, size_t n, off_t at)
{
    static ssize_t (*next)(int, void *, size_t, off_t);
    if (!next) next = (ssize_t (*)(int, void *, size_t, off_t))dlsym(RTLD_NEXT, "pread");
    if (read_fails(fd)) return errno = EIO, -1;
    return next(fd, buf, n, at);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    static ssize_t (*next)(int, const void *, size_t);
    if (!next) next = (ssize_t (*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
    if (write_fails(fd, n)) return errno = ENOSPC, -1;
    return next(fd, buf, n);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t at)
{
    static ssize_t (*next)(int, const void *, size_t, off_t);
    if (!next) next = (ssize_t (*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite64");
    if (write_fails(fd, n)) return errno = ENOSPC, -1;
    return next(fd, buf, n, at);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t at)
{
    static ssize_t (*next)(int, const void *, size_t, off_t);
    if (!next) next = (ssize_t (*)(int, const void *, size_t, off_t))dlsym(RTLD_NEXT, "pwrite");
    if (write_fails(fd, n)) return errno = ENOSPC, -1;
    return next(fd, buf, n, at);
}
