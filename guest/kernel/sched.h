/* The scheduler's internals, shared by thread.c, sched.c and thread_wait.c. */
#ifndef GUEST_KERNEL_SCHED_H
#define GUEST_KERNEL_SCHED_H

#include "kernel/thread.h"

extern struct thread *current_thread;

/* Gives up the vCPU: requeues the current thread if it is still runnable,
 * runs the next runnable one (blocking in the hypervisor while there is
 * none) and returns when the current thread is chosen again.  Call with
 * events masked. */
void schedule(void);

/* Makes a blocked thread runnable (no effect on others).  Events masked. */
void sched_wake(struct thread *t);

/* Counts threads waiting for an event, so that "nothing runnable, no
 * timer, nobody waiting for an event" can be reported as a deadlock. */
void sched_event_waiter(int delta);

/* Starts a new thread on its own stack: the first "return" of
 * thread_switch into a new thread lands here (thread_switch.S). */
void thread_start(void);

/* Saves the callee-saved registers and the FPU control words on the
 * current stack, stores rsp in *save_sp, and resumes the thread whose
 * stack pointer is next_sp. */
void thread_switch(uint64_t *save_sp, uint64_t next_sp);

#endif
