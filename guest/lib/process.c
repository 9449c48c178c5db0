/*
 * newlib's process calls.  The unikernel is one process (pid 1) with no
 * children and no other programs to run.  The time calls are in time.c.
 *
 * Signals: newlib's raise() with no handler installed, and so abort(), calls
 * _kill(getpid(), sig).  Any signal sent to ourselves ends the guest with
 * status GUEST_EXIT_ABORT (127): QEMU exits with 255, and scripts/run.sh
 * reports 127.
 */
#define _COMPILING_NEWLIB   /* newlib's headers then declare the _<call> prototypes */

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kernel/shutdown.h"
#include "posix_name.h"

#define GUEST_PID 1

/* End the guest with status (see guest/kernel/shutdown.c).  Never returns. */
void _exit(int status)
{
    guest_shutdown(status);
}

/* Our process id: always GUEST_PID. */
pid_t _getpid(void)
{
    return GUEST_PID;
}
POSIX_NAME(getpid, _getpid);

/*
 * Send sig to pid.  To ourselves: sig 0 returns 0 (we exist), any other signal
 * ends the guest with GUEST_EXIT_ABORT.  Any other pid: -1 with ESRCH.
 */
int _kill(pid_t pid, int sig)
{
    if (pid != GUEST_PID) {
        errno = ESRCH;
        return -1;
    }
    if (sig != 0)
        guest_shutdown(GUEST_EXIT_ABORT);
    return 0;
}
POSIX_NAME(kill, _kill);

/* Wait for a child: there are none, so -1 with ECHILD. */
pid_t _wait(int *status)
{
    (void)status;
    errno = ECHILD;
    return -1;
}
POSIX_NAME(wait, _wait);

/* A unikernel cannot create processes: -1 with ENOSYS. */
pid_t _fork(void)
{
    errno = ENOSYS;
    return -1;
}
POSIX_NAME(fork, _fork);

/* A unikernel cannot run another program: -1 with ENOSYS. */
int _execve(const char *path, char *const argv[], char *const envp[])
{
    (void)path;
    (void)argv;
    (void)envp;
    errno = ENOSYS;
    return -1;
}
POSIX_NAME(execve, _execve);
