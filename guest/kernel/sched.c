/*
 * The scheduler (sched.h): a FIFO run queue, the switch, and the idle path.
 *
 * Every pass takes the events that are pending (events_poll), so timers and
 * other wake-ups are seen even by threads that only ever yield.  With
 * nothing runnable the vCPU blocks in the hypervisor.  Events are
 * masked while we decide to block, and SCHEDOP_block unmasks them and
 * sleeps in one step, returning at once if an event is already pending, so
 * a wake-up that races with the decision is never lost.  The upcall runs on
 * the way back from the hypercall and its handlers make threads runnable.
 */
#include <stdio.h>
#include "kernel/crash.h"
#include "kernel/hypercall.h"
#include "kernel/irq.h"
#include "kernel/sched.h"
#include "kernel/shutdown.h"

static struct thread main_thread = { .name = "main", .state = THREAD_RUNNABLE };
struct thread *current_thread = &main_thread;

static struct thread *run_head, *run_tail;
static unsigned long idle_blocks;
static int event_waiters;

/* Appends t to the run queue. */
static void runq_push(struct thread *t)
{
    t->run_next = NULL;
    if (run_tail != NULL)
        run_tail->run_next = t;
    else
        run_head = t;
    run_tail = t;
}

/* Takes the first runnable thread, or NULL. */
static struct thread *runq_pop(void)
{
    struct thread *t = run_head;

    if (t != NULL) {
        run_head = t->run_next;
        if (run_head == NULL)
            run_tail = NULL;
    }
    return t;
}

/* Blocked -> runnable. */
void sched_wake(struct thread *t)
{
    if (t->state == THREAD_BLOCKED) {
        t->state = THREAD_RUNNABLE;
        runq_push(t);
    }
}

/* +1 / -1 around an event wait. */
void sched_event_waiter(int delta)
{
    event_waiters += delta;
}

/* Ends the guest: no thread can ever run again. */
static void sched_stuck(const char *why) __attribute__((noreturn));
static void sched_stuck(const char *why)
{
    printf("sched: every thread is blocked: %s; ending with status %d\n", why, GUEST_EXIT_TRAP);
    guest_shutdown(GUEST_EXIT_TRAP);
}

/* Nothing to run: block until an event, unless none can come. */
static void sched_idle(void)
{
    if (events_unavailable() != NULL)
        sched_stuck("events are unavailable");
    if (!timer_any_armed() && event_waiters == 0)
        sched_stuck("no timer is armed and no thread waits for an event (deadlock)");
    idle_blocks++;
    hypercall_sched_op(SCHEDOP_block, NULL);
    irq_disable();
}

/* Picks the next thread and switches to it; see sched.h. */
void schedule(void)
{
    struct thread *prev = current_thread, *next;
    int yielding = prev->state == THREAD_RUNNABLE;

    /* An event handled here may wake prev itself (a sleep whose deadline
     * has just passed): sched_wake queues it then, so only a thread that
     * came here runnable is queued by us, or it would be queued twice. */
    events_poll();
    if (yielding)
        runq_push(prev);
    while ((next = runq_pop()) == NULL)
        sched_idle();
    if (next != prev) {
        current_thread = next;
        thread_switch(&prev->sp, next->sp);
    }
}

/* Requeue ourselves behind every other runnable thread. */
void thread_yield(void)
{
    unsigned int flags = irq_save();

    schedule();
    irq_restore(flags);
}

/* Blocks in the hypervisor so far. */
unsigned long sched_idle_blocks(void)
{
    return idle_blocks;
}
