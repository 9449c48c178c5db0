/*
 * newlib's file-descriptor calls.  The guest has one device, the console, on
 * descriptors 0 (stdin), 1 (stdout) and 2 (stderr), and no file system.
 * Output goes through the console's line buffer; input is not implemented yet,
 * so stdin reads as end of file.  Failures return -1 with errno set in newlib's
 * errno (the current reent), as newlib expects from these hooks.
 */
#define _COMPILING_NEWLIB   /* newlib's headers then declare the _<call> prototypes */

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kernel/console.h"
#include "posix_name.h"

/* Whether fd is one of the three console descriptors. */
static int fd_is_console(int fd)
{
    return fd >= 0 && fd <= 2;
}

/*
 * Write len bytes of buf to fd.  Returns len for the console (bytes the
 * hypervisor refused are lost, not reported), or -1 with EBADF for any other
 * descriptor and EIO if console_io failed.
 */
_READ_WRITE_RETURN_TYPE _write(int fd, const void *buf, size_t len)
{
    if (!fd_is_console(fd) || fd == 0) {
        errno = EBADF;
        return -1;
    }
    if (console_write(buf, len) < 0) {
        errno = EIO;
        return -1;
    }
    return len;
}
POSIX_NAME(write, _write);

/*
 * Read from fd.  Console input is not implemented yet: stdin returns 0 (end of
 * file) at once.  Other descriptors give -1 with EBADF.
 */
_READ_WRITE_RETURN_TYPE _read(int fd, void *buf, size_t len)
{
    (void)buf;
    (void)len;
    if (fd != 0) {
        errno = EBADF;
        return -1;
    }
    return 0;
}
POSIX_NAME(read, _read);

/*
 * Close fd.  The console cannot really close: closing 0-2 (as newlib does for
 * stdout at exit) returns 0 and leaves it usable.  Others give -1 with EBADF.
 */
int _close(int fd)
{
    if (!fd_is_console(fd)) {
        errno = EBADF;
        return -1;
    }
    return 0;
}
POSIX_NAME(close, _close);

/* Describe fd: the console is a character device.  -1 with EBADF otherwise. */
int _fstat(int fd, struct stat *st)
{
    if (!fd_is_console(fd)) {
        errno = EBADF;
        return -1;
    }
    *st = (struct stat){ .st_mode = S_IFCHR };
    return 0;
}
POSIX_NAME(fstat, _fstat);

/* Returns 1 for the console (so newlib line-buffers stdout), else 0 with EBADF. */
int _isatty(int fd)
{
    if (!fd_is_console(fd)) {
        errno = EBADF;
        return 0;
    }
    return 1;
}
POSIX_NAME(isatty, _isatty);

/* Seeking: the console is not seekable (ESPIPE); other fds give EBADF.  Returns -1. */
_off_t _lseek(int fd, _off_t offset, int whence)
{
    (void)offset;
    (void)whence;
    errno = fd_is_console(fd) ? ESPIPE : EBADF;
    return -1;
}
POSIX_NAME(lseek, _lseek);

/* There is no file system: opening any path fails with -1 and ENOSYS. */
int _open(const char *path, int flags, ...)
{
    (void)path;
    (void)flags;
    errno = ENOSYS;
    return -1;
}
POSIX_NAME(open, _open);

/* No file system: unlinking fails with -1 and ENOSYS. */
int _unlink(const char *path)
{
    (void)path;
    errno = ENOSYS;
    return -1;
}
POSIX_NAME(unlink, _unlink);

/* No file system: linking fails with -1 and ENOSYS. */
int _link(const char *old, const char *new)
{
    (void)old;
    (void)new;
    errno = ENOSYS;
    return -1;
}
POSIX_NAME(link, _link);
