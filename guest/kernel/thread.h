/*
 * Cooperative threads (one vCPU): a thread runs until it yields, sleeps,
 * waits or exits; nothing preempts it.  The thread that runs main() is
 * thread "main", on the boot stack.  When no thread can run, the scheduler
 * blocks the vCPU in the hypervisor (SCHEDOP_block) until a timer or
 * another event makes one runnable.
 *
 * Sleeping needs timers, waiting needs events (timer.h, events.h); without
 * them those calls fail at once instead of blocking forever.
 */
#ifndef GUEST_KERNEL_THREAD_H
#define GUEST_KERNEL_THREAD_H

#include <stddef.h>
#include <stdint.h>
#include "kernel/events.h"
#include "kernel/timer.h"

#define THREAD_STACK_SIZE (32 * 1024)

enum thread_state { THREAD_RUNNABLE, THREAD_BLOCKED, THREAD_EXITED };

typedef void *(*thread_fn)(void *arg);

/* The fields are the scheduler's; use the functions below. */
struct thread {
    uint64_t sp;                /* saved stack pointer: first, for thread_switch.S */
    const char *name;
    enum thread_state state;
    thread_fn fn;
    void *arg;
    void *result;
    void *stack;
    struct thread *run_next;    /* run queue link */
    struct thread *joiner;      /* who waits in thread_join() */
    struct timer wake_timer;    /* for sleeps and timeouts */
};

/* A new runnable thread that will run fn(arg) on its own stack; NULL if
 * out of memory.  It first runs when the caller yields or blocks. */
struct thread *thread_create(const char *name, thread_fn fn, void *arg);

/* Waits until t has exited, frees it and returns what its function
 * returned (or passed to thread_exit).  One joiner per thread. */
void *thread_join(struct thread *t);

/* Ends the calling thread with result (for thread_join).  From "main" it
 * ends the guest: exit((int)(long)result). */
void thread_exit(void *result) __attribute__((noreturn));

/* Lets every other runnable thread run once, then returns. */
void thread_yield(void);

/* Sleeps for ns / until system time deadline (clock.h).  Returns 0, or -1
 * at once if timers are unavailable. */
int thread_sleep_ns(uint64_t ns);
int thread_sleep_until(uint64_t deadline);

/* The calling thread, and a thread's name. */
struct thread *thread_self(void);
const char *thread_name(const struct thread *t);

/* Times the vCPU has blocked in the hypervisor with nothing to run. */
unsigned long sched_idle_blocks(void);

/*
 * A flag one thread waits on and an event handler (or another thread) sets:
 * bind a port with thread_event_port_handler and the event as its arg, and
 * thread_event_wait() blocks until the port fires.  A signal that comes
 * before the wait is kept, not lost.
 */
struct thread_event {
    int signalled;
    struct thread *waiter;
};

/* Sets the flag and wakes the waiter.  Safe from a port handler. */
void thread_event_signal(struct thread_event *ev);

/* An evtchn_handler_t that signals the struct thread_event in arg. */
void thread_event_port_handler(evtchn_port_t port, void *arg);

/* Blocks until ev is signalled (then clears it and returns 1) or, with
 * timeout_ns != 0, until that much time passed (returns 0).  Returns -1 at
 * once if events, or timers for a timeout, are unavailable. */
int thread_event_wait(struct thread_event *ev, uint64_t timeout_ns);

#endif
