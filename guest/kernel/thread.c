/*
 * Creating, running, ending and joining threads (thread.h).  A new thread's
 * stack is laid out as if it had called thread_switch() from thread_start,
 * so the first switch to it "returns" there:
 *
 *   top (16-aligned) -> | 0 | 0 |                    padding
 *                       | thread_start |             return address
 *                       | rbp=0 rbx r12 r13 r14 r15 |   all 0
 *   t->sp ------------> | MXCSR 0x1f80, x87 CW 0x37f |  the reset defaults
 */
#include <stdlib.h>
#include "kernel/irq.h"
#include "kernel/sched.h"

#define DEFAULT_FPU_CONTROL (0x1f80ULL | (0x37fULL << 32))

void thread_run(void) __attribute__((noreturn));

/* Allocates the thread and its stack, builds the first frame, queues it. */
struct thread *thread_create(const char *name, thread_fn fn, void *arg)
{
    struct thread *t = calloc(1, sizeof(*t));
    uint64_t *sp;
    unsigned int flags;

    if (t == NULL)
        return NULL;
    t->stack = malloc(THREAD_STACK_SIZE);
    if (t->stack == NULL) {
        free(t);
        return NULL;
    }
    t->name = name;
    t->fn = fn;
    t->arg = arg;
    sp = (uint64_t *)(((uintptr_t)t->stack + THREAD_STACK_SIZE) & ~15UL);
    *--sp = 0;
    *--sp = 0;
    *--sp = (uint64_t)thread_start;
    for (int i = 0; i < 6; i++)
        *--sp = 0;
    *--sp = DEFAULT_FPU_CONTROL;
    t->sp = (uint64_t)sp;
    t->state = THREAD_BLOCKED;
    flags = irq_save();
    sched_wake(t);
    irq_restore(flags);
    return t;
}

/* Called by thread_start: the thread's function, then its exit.  Events
 * are masked, as everywhere outside an irq_enable() section. */
void thread_run(void)
{
    struct thread *self = current_thread;

    thread_exit(self->fn(self->arg));
}

/* Marks the thread exited, wakes its joiner and switches away for good.
 * The stack stays allocated until thread_join() frees it. */
void thread_exit(void *result)
{
    struct thread *self = current_thread;

    if (self->stack == NULL)
        exit((int)(long)result);
    irq_disable();
    self->result = result;
    self->state = THREAD_EXITED;
    if (self->joiner != NULL)
        sched_wake(self->joiner);
    schedule();
    __builtin_unreachable();
}

/* Blocks until t exits; then t's stack is no longer in use and can go. */
void *thread_join(struct thread *t)
{
    unsigned int flags = irq_save();
    void *result;

    while (t->state != THREAD_EXITED) {
        t->joiner = current_thread;
        current_thread->state = THREAD_BLOCKED;
        schedule();
    }
    irq_restore(flags);
    result = t->result;
    free(t->stack);
    free(t);
    return result;
}

/* The running thread. */
struct thread *thread_self(void)
{
    return current_thread;
}

/* Its name. */
const char *thread_name(const struct thread *t)
{
    return t->name;
}
