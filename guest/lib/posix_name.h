/*
 * newlib is built without its syscall layer (--disable-newlib-supplied-syscalls),
 * so it calls the glue's hooks (_write, _sbrk, ...) but defines none of the
 * POSIX names (write, sbrk, ...) applications call.  POSIX_NAME(write, _write)
 * exports a hook under its POSIX name too; it must follow the hook's definition
 * in the same file, and the compiler checks the two types agree.
 */
#ifndef GUEST_LIB_POSIX_NAME_H
#define GUEST_LIB_POSIX_NAME_H

#define POSIX_NAME(posix, hook) __typeof__(hook) posix __attribute__((alias(#hook)))

#endif
