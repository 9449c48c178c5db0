/*
 * The C start of the guest: record start_info, turn the command line into
 * argv, run the application's main() and exit with what it returns.
 *
 * The command line is whatever the builder put in start_info.cmd_line: on Xen
 * the text after the module's file name (`-initrd "hello.elf a b"` gives "a b"),
 * on pvx the module's command line.  It never names the program, so argv[0] is
 * the application name the image was linked with.
 */
#include <stdlib.h>
#include <string.h>

#include "kernel/init.h"
#include "kernel/start.h"

#define GUEST_MAX_ARGS 64

const struct start_info *guest_start_info;

/* A private copy, so argv stays valid if the start_info page is reused later. */
static char guest_cmdline[GUEST_CMDLINE_SIZE];
static char *guest_argv[GUEST_MAX_ARGS + 1];

int main(int argc, char **argv);

/*
 * Split the NUL-terminated string line in place at runs of spaces and tabs,
 * storing word pointers in argv[first..max-1].  Returns the number of entries
 * used in argv, first included; words past max are ignored.
 */
static int cmdline_split(char *line, char **argv, int first, int max)
{
    int argc = first;
    char *p = line;

    while (*p != '\0' && argc < max) {
        while (*p == ' ' || *p == '\t')
            *p++ = '\0';
        if (*p == '\0')
            break;
        argv[argc++] = p;
        while (*p != '\0' && *p != ' ' && *p != '\t')
            p++;
    }
    return argc;
}

/*
 * Called by _start on the guest stack with the builder's start_info.
 * Brings up the kernel's services (init.h), then runs main().
 * Never returns: exit() flushes stdio and ends the domain through _exit.
 */
void guest_start(const struct start_info *si)
{
    int argc;

    guest_start_info = si;
    memcpy(guest_cmdline, si->cmd_line, sizeof(guest_cmdline));
    guest_cmdline[sizeof(guest_cmdline) - 1] = '\0';

    guest_argv[0] = (char *)guest_app_name;
    argc = cmdline_split(guest_cmdline, guest_argv, 1, GUEST_MAX_ARGS);
    guest_argv[argc] = NULL;

    kernel_init();
    exit(main(argc, guest_argv));
}
