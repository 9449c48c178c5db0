/*
 * exitcode: exit with the status given as the first argument (0 if none).
 * Used by the exit-status test: booted with "3" the run must end with status 3,
 * which checks the whole path from exit() through the guest's shutdown to QEMU's
 * debug-exit device and back through the run script.
 */
#include <stdio.h>
#include <stdlib.h>

/* Print what we are about to do, then return atoi(argv[1]). */
int main(int argc, char **argv)
{
    int status = argc > 1 ? atoi(argv[1]) : 0;

    printf("exitcode: exiting with %d\n", status);
    return status;
}
